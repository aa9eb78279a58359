package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

func waitFor(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	servertest.WaitFor(t, what, within, cond)
}

// startPathRequest sends a path analysis in the background.
func startPathRequest(s *apiServer, path string) <-chan *servertest.Response {
	out := make(chan *servertest.Response, 1)
	go func() { out <- s.Client.PostJSON("/api/v1/analyses", map[string]string{"path": path}) }()
	return out
}

func TestQueueFullAnswers503(t *testing.T) {
	t.Parallel()
	slow := fakeFFprobe(t, "sleep 2")
	s := startServer(t, func(c *serverSetup) { c.ffprobe, c.cfg.Workers, c.cfg.QueueSize = slow, 1, 0 })
	s.addMedia(t, testmedia.H264AAC, "a.mp4")
	first := startPathRequest(s, "a.mp4")
	waitFor(t, "the first probe to run", 10*time.Second, func() bool { return s.metric(t, "ffprobe_api_ffprobe_in_flight") == 1 })
	busy := s.Client.PostJSON("/api/v1/analyses", map[string]string{"path": "a.mp4"})
	if busy.StatusCode != 503 || busy.ErrorCode() != "queue_full" {
		t.Fatalf("while full = %d %s: %s", busy.StatusCode, busy.ErrorCode(), busy.Body)
	}
	if ra, err := strconv.Atoi(busy.Header.Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After = %q", busy.Header.Get("Retry-After"))
	}
	if res := <-first; res.StatusCode != 201 {
		t.Errorf("the running analysis = %d: %s", res.StatusCode, res.Body)
	}
}

func TestProbeTimeoutAnswers504(t *testing.T) {
	t.Parallel()
	hang := fakeFFprobe(t, "echo 'secret stderr of /srv/x' >&2; exec sleep 30")
	s := startServer(t, func(c *serverSetup) { c.ffprobe, c.cfg.ProbeTimeout = hang, time.Second })
	start := time.Now()
	res := s.uploadSample(t, "", testmedia.H264AAC, nil)
	if res.StatusCode != 504 || res.ErrorCode() != "probe_timeout" {
		t.Fatalf("= %d %s: %s", res.StatusCode, res.ErrorCode(), res.Body)
	}
	if elapsed := time.Since(start); elapsed > 15*time.Second {
		t.Errorf("the timeout took %s to answer", elapsed)
	}
	if strings.Contains(string(res.Body), "secret") {
		t.Errorf("the answer leaks ffprobe's stderr: %s", res.Body)
	}
	if got := s.metric(t, `ffprobe_api_probes_total{result="timeout"}`); got != 1 {
		t.Errorf("probes_total{result=timeout} = %v", got)
	}
	if files := s.tempFiles(t); len(files) != 0 {
		t.Errorf("uploads left behind: %v", files)
	}
}

func TestClientDisconnectMidUploadLeavesNothing(t *testing.T) {
	s := startServer(t)
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	req := s.Client.UploadRequest("half.mp4", pr, nil).WithContext(ctx)
	done := make(chan error, 1)
	go func() {
		res, err := s.Client.HTTP.Do(req)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	chunk := make([]byte, 256<<10)
	for range 8 {
		if _, err := pw.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the upload to reach the temporary directory", 5*time.Second, func() bool { return len(s.tempFiles(t)) == 1 })
	cancel() // the client goes away mid-upload
	pw.CloseWithError(errors.New("client gone"))
	if err := <-done; err == nil {
		t.Error("the canceled request succeeded")
	}
	waitFor(t, "the partial upload to be removed", 5*time.Second, func() bool { return len(s.tempFiles(t)) == 0 })
	if n := s.countAnalyses(t); n != 0 {
		t.Errorf("%d analyses stored for a cut-off upload", n)
	}
	waitFor(t, "temp bytes back to 0", 5*time.Second, func() bool { return s.metric(t, "ffprobe_api_temp_bytes") == 0 })
	if s.metric(t, "ffprobe_api_upload_bytes_total") == 0 {
		t.Error("upload bytes were not counted")
	}
}

func TestStalledUploadIsDropped(t *testing.T) {
	s := startServer(t, func(c *serverSetup) { c.cfg.UploadIdleTimeout = 300 * time.Millisecond })
	pr, pw := io.Pipe()
	defer pw.Close()
	req := s.Client.UploadRequest("stalled.mp4", pr, nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if res, err := s.Client.HTTP.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	if _, err := pw.Write(make([]byte, 64<<10)); err != nil {
		t.Fatal(err)
	}
	// Then nothing more: the server must give up and clean up by itself.
	waitFor(t, "the stalled upload to be dropped", 10*time.Second, func() bool {
		return s.Log.lineWith(`"code":"request_timeout"`) != "" && len(s.tempFiles(t)) == 0
	})
	pw.CloseWithError(errors.New("test over"))
	<-done
}

func TestShutdownFinishesTheProbeInFlight(t *testing.T) {
	t.Parallel()
	slow := fakeFFprobe(t, "sleep 1.5")
	s := startServer(t, func(c *serverSetup) { c.ffprobe, c.cfg.Workers = slow, 1 })
	s.addMedia(t, testmedia.H264AAC, "a.mp4")
	res := startPathRequest(s, "a.mp4")
	waitFor(t, "the probe to run", 10*time.Second, func() bool { return s.metric(t, "ffprobe_api_ffprobe_in_flight") == 1 })
	stopped := make(chan error, 1)
	go func() { stopped <- s.Stop() }()
	if r := <-res; r.StatusCode != 201 {
		t.Fatalf("the analysis in flight at shutdown = %d: %s", r.StatusCode, r.Body)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("Serve after a graceful shutdown = %v", err)
	}
	if _, err := http.Get(s.URL() + "/api/v1/health"); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
	if n := s.countAnalyses(t); n != 1 {
		t.Errorf("%d analyses stored, want the one in flight", n)
	}
}

func TestShutdownTimeoutCutsOffAHungProbe(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	hang := fakeFFprobe(t, "echo $$ > "+pidFile+"; exec sleep 60")
	s := startServer(t, func(c *serverSetup) { c.ffprobe, c.cfg.ShutdownTimeout = hang, 300*time.Millisecond })
	s.addMedia(t, testmedia.H264AAC, "a.mp4")
	res := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/api/v1/analyses", strings.NewReader(`{"path":"a.mp4"}`))
		req.Header.Set("Content-Type", "application/json")
		r, err := http.DefaultClient.Do(s.as(req, "admin"))
		if err == nil {
			r.Body.Close()
		}
		res <- err
	}()
	waitFor(t, "the probe to run", 10*time.Second, func() bool { _, err := os.Stat(pidFile); return err == nil })
	start := time.Now()
	if err := s.Stop(); !errors.Is(err, server.ErrShutdownTimeout) {
		t.Fatalf("Serve = %v, want ErrShutdownTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %s with a 300ms timeout", d)
	}
	<-res
	data, err := os.ReadFile(pidFile)
	must(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	must(t, err)
	waitFor(t, "the hung ffprobe to be killed", 5*time.Second, func() bool { return syscall.Kill(pid, 0) != nil })
}

func TestLeftoverUploadsAreSweptAtStart(t *testing.T) {
	s := startServer(t, func(c *serverSetup) {
		must(t, os.MkdirAll(c.cfg.TempDir, 0o700))
		must(t, os.WriteFile(filepath.Join(c.cfg.TempDir, "ffprobe-api-upload-123"), []byte("crash"), 0o600))
		must(t, os.WriteFile(filepath.Join(c.cfg.TempDir, "not-ours.txt"), []byte("keep"), 0o600))
	})
	if files := s.tempFiles(t); len(files) != 1 || files[0] != "not-ours.txt" {
		t.Errorf("temporary directory after start = %v, want only not-ours.txt", files)
	}
}
