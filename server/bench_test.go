package server_test

import (
	"bytes"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// The API's overhead over ffprobe, and its throughput, on this machine:
//
//	go test ./server -run '^$' -bench . -benchtime 3s
//
// BenchmarkAPIProbeSmallFile and BenchmarkRawFFprobeSmallFile probe the same
// small file (testmedia.H264AAC); their ratio is the API's cost per probe
// (HTTP, hashing, the store, JSON). The parallel benchmarks report req/s.
// docs/benchmarks.md ("Server") has the numbers.

// BenchmarkAPIProbeSmallFile is one uncached analysis through the API: a
// different probesize each time makes every request a cache miss.
func BenchmarkAPIProbeSmallFile(b *testing.B) {
	s := startServer(b)
	s.addMedia(b, testmedia.H264AAC, "small.mp4")
	client := &http.Client{}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		body := `{"path":"small.mp4","probesize":` + strconv.Itoa(5000000+i) + `}`
		res, err := client.Post(s.URL()+"/api/v1/analyses", "application/json", bytes.NewReader([]byte(body)))
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}

// BenchmarkRawFFprobeSmallFile is plain ffprobe on the same file.
func BenchmarkRawFFprobeSmallFile(b *testing.B) {
	ffprobe := testenv.FFprobe(b)
	path := testmedia.Path(b, testmedia.H264AAC)
	for b.Loop() {
		out, err := exec.Command(ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json", path).Output()
		if err != nil || len(out) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkHealthParallel is GET /api/v1/health from concurrent clients.
func BenchmarkHealthParallel(b *testing.B) {
	s := startServer(b)
	benchmarkParallelGET(b, s.URL()+"/api/v1/health", "", nil)
}

// BenchmarkCachedAnalysisParallel is POST /api/v1/analyses of a file whose
// analysis is cached (200, X-Cache: hit) from concurrent clients: the file
// is opened through its root and hashed, the store answers, ffprobe does
// not run.
func BenchmarkCachedAnalysisParallel(b *testing.B) {
	// Room for every client goroutine: with the default queue most of them
	// would (rightly) get 503 queue_full.
	s := startServer(b, func(c *serverSetup) { c.cfg.QueueSize = 64 })
	s.addMedia(b, testmedia.H264AAC, "small.mp4")
	body := []byte(`{"path":"small.mp4"}`)
	if res := s.Client.PostJSON("/api/v1/analyses", map[string]string{"path": "small.mp4"}); res.StatusCode != 201 {
		b.Fatalf("first analysis: %d %s", res.StatusCode, res.Body)
	}
	benchmarkParallelGET(b, s.URL()+"/api/v1/analyses", s.Keys["admin"], body)
}

// benchmarkParallelGET sends GET url (or POST body as JSON) from
// GOMAXPROCS×8 goroutines and reports requests per second; a key is sent
// as the credential when given.
func benchmarkParallelGET(b *testing.B, url, key string, body []byte) {
	var transport http.RoundTripper = &http.Transport{MaxIdleConnsPerHost: 256}
	if key != "" {
		transport = defaultCredential{key: key, base: transport}
	}
	client := &http.Client{Transport: transport}
	var failed atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			var res *http.Response
			var err error
			if body == nil {
				res, err = client.Get(url)
			} else {
				res, err = client.Post(url, "application/json", bytes.NewReader(body))
			}
			if err != nil || res.StatusCode >= 300 {
				failed.Add(1)
			}
			if err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d requests failed", n)
	}
}
