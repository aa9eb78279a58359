package remote

import (
	"context"
	"testing"
)

// BenchmarkFFprobeMoovAtEnd probes a 21 MB MP4 whose index is at its end
// through the content server, from a loopback origin with Range support.
// origin-bytes/op is what each probe took from the origin.
func BenchmarkFFprobeMoovAtEnd(b *testing.B) {
	content := moovAtEndMP4(b)
	o := newOrigin(b, "127.0.0.1:0", rangeHandler(content))
	srv, _ := newTestServer(b, Config{}, o)
	var fetched, probes int64
	for b.Loop() {
		s, err := srv.Open(context.Background(), Request{URL: o.URL + "/big.mp4"})
		if err != nil {
			b.Fatal(err)
		}
		if report, failure := runFFprobe(b, s, false); report == nil {
			b.Fatalf("ffprobe: %s", failure)
		}
		fetched += s.BytesFetched()
		probes++
		s.Close()
	}
	b.ReportMetric(float64(fetched)/float64(probes), "origin-bytes/op")
}

// BenchmarkContentServerRead reads a 3 MB resource already in a session's
// cache, as ffprobe does (a small socket receive buffer): the content
// server's own throughput with its small send buffer.
func BenchmarkContentServerRead(b *testing.B) {
	content := pattern(3 << 20)
	o := newOrigin(b, "127.0.0.1:0", rangeHandler(content))
	srv, _ := newTestServer(b, Config{}, o)
	s := openSession(b, srv, Request{URL: o.URL + "/x"})
	if _, body, err := fetch(b, s.URL(), ""); err != nil || len(body) != len(content) {
		b.Fatalf("warming the cache: %v", err)
	}
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		if _, body, err := fetch(b, s.URL(), ""); err != nil || len(body) != len(content) {
			b.Fatalf("read: %v, %d bytes", err, len(body))
		}
	}
}
