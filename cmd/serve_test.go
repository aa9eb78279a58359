//go:build !lean

package cmd

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

// TestServeEndToEnd runs `ffprobe-api serve` as users run it: the real
// binary, built once here from the module root (or FFPROBE_API_TEST_BINARY),
// started on 127.0.0.1:0, read for the address it prints, driven over HTTP
// with every answer checked against the OpenAPI document, and stopped with
// SIGTERM. The handler-level cases are in server/.
func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	e := &serveE2E{bin: serveBinary(t), ffprobe: testenv.FFprobe(t)}
	t.Run("defaults: SQLite and temp dir in the data dir", e.defaults)
	t.Run("roots and traversal", e.roots)
	t.Run("body limits", e.bodyLimits)
	t.Run("client disconnect mid-upload", e.disconnect)
	t.Run("queue full and probe timeout", e.busy)
	t.Run("SIGTERM with a probe in flight", e.sigterm)
	t.Run("bad configuration", e.badConfig)
	t.Run("first admin's key and password logins", e.bootstrap)
	t.Run("malformed bootstrap key file", e.badBootstrapKeyFile)
	t.Run("2 GiB upload in bounded memory", e.largeUpload)
}

// serveBinary builds the ffprobe-api binary into the test's temp dir.
func serveBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("FFPROBE_API_TEST_BINARY"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "ffprobe-api")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = testenv.ModuleRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "serve", "--help").CombinedOutput(); err != nil {
		t.Fatalf("the binary has no working serve command (is newServeCmd registered in cmd/root.go?): %v\n%s", err, out)
	}
	return bin
}

type serveE2E struct{ bin, ffprobe string }

// start runs serve with a bootstrap admin key (FFPROBE_API_BOOTSTRAP_ADMIN_KEY_FILE)
// that its client sends with every request.
func (e *serveE2E) start(t *testing.T, env []string, args ...string) *servertest.Process {
	t.Helper()
	key, file := bootstrapKeyFile(t)
	p := servertest.StartServe(t, e.bin, e.ffprobe, append(env, bootstrapKeyFileEnv+"="+file), args...)
	p.Client.HTTP.Transport = bearerKey(key)
	return p
}

func upload(t *testing.T, p *servertest.Process, sample string, fields map[string]string) *servertest.Response {
	t.Helper()
	f, err := os.Open(testmedia.Path(t, sample))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return p.Client.Upload(sample, f, fields)
}

func (e *serveE2E) defaults(t *testing.T) {
	help, err := exec.Command(e.bin, "serve", "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(help), `"127.0.0.1:8080"`) {
		t.Errorf("serve --help does not show the default address 127.0.0.1:8080 (%v)", err)
	}
	p := e.start(t, nil)
	for _, path := range []string{filepath.Join(p.DataDir, "ffprobe-api.db"), filepath.Join(p.DataDir, "tmp")} {
		if _, err := os.Stat(path); err != nil {
			t.Errorf("the default %s is missing: %v", path, err)
		}
	}
	if res := p.Client.Get("/api/v1/ready"); res.StatusCode != 200 {
		t.Fatalf("ready = %d %s", res.StatusCode, res.Body)
	}
	first := upload(t, p, testmedia.H264AAC, map[string]string{"policy": "web"})
	var a struct {
		ID      string `json:"id"`
		OwnerID string `json:"owner_id"`
	}
	first.JSON(t, &a)
	if first.StatusCode != 201 || a.OwnerID == "" || a.OwnerID != adminID(t, p) {
		t.Fatalf("upload = %d %s, want an analysis owned by the bootstrap admin", first.StatusCode, first.Body)
	}
	if again := upload(t, p, testmedia.H264AAC, map[string]string{"policy": "web"}); again.StatusCode != 200 || again.Header.Get("X-Cache") != "hit" {
		t.Errorf("the same upload again = %d, X-Cache %q", again.StatusCode, again.Header.Get("X-Cache"))
	}
	if list := p.Client.Get("/api/v1/analyses"); list.StatusCode != 200 || !strings.Contains(string(list.Body), a.ID) {
		t.Errorf("list = %d %.300s", list.StatusCode, list.Body)
	}
	if raw := p.Client.Get("/api/v1/analyses/" + a.ID + "/raw"); raw.StatusCode != 200 || !strings.Contains(string(raw.Body), `"streams"`) {
		t.Errorf("raw = %d", raw.StatusCode)
	}
	if del := p.Client.Delete("/api/v1/analyses/" + a.ID); del.StatusCode != 204 {
		t.Errorf("delete = %d", del.StatusCode)
	}
	if get := p.Client.Get("/api/v1/analyses/" + a.ID); get.StatusCode != 404 {
		t.Errorf("get after delete = %d", get.StatusCode)
	}
	if code := p.Stop(t); code != 0 {
		t.Errorf("exit code after SIGTERM = %d\n%s", code, p.Stderr)
	}
	if log := p.Stderr.String(); !strings.Contains(log, `"msg":"request"`) || !strings.Contains(log, `"route":"/api/v1/analyses"`) {
		t.Errorf("no JSON access log on stderr:\n%.2000s", log)
	}
}

func (e *serveE2E) roots(t *testing.T) {
	media := t.TempDir()
	data, err := os.ReadFile(testmedia.Path(t, testmedia.VP9Opus))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(media, "clip.webm"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(media, "passwd.webm")); err != nil {
		t.Fatal(err)
	}
	p := e.start(t, nil, "--root", "media="+media)
	if res := p.Client.PostJSON("/api/v1/analyses", map[string]string{"path": "clip.webm"}); res.StatusCode != 201 {
		t.Fatalf("path analysis = %d %s", res.StatusCode, res.Body)
	}
	for _, path := range []string{"../clip.webm", "/etc/passwd", "passwd.webm", "%2e%2e/etc/passwd"} {
		res := p.Client.PostJSON("/api/v1/analyses", map[string]string{"root": "media", "path": path})
		if res.StatusCode != 400 && res.StatusCode != 404 {
			t.Errorf("path %q = %d, want 400 or 404", path, res.StatusCode)
		}
		if strings.Contains(string(res.Body), media) {
			t.Errorf("path %q: the answer names the root's directory", path)
		}
	}
}

func (e *serveE2E) bodyLimits(t *testing.T) {
	// The JSON limit comes from the environment, to prove the binding.
	p := e.start(t, []string{"FFPROBE_API_MAX_JSON_SIZE=1KiB"}, "--max-upload-size", "1MiB")
	req := p.Client.UploadRequest("big.bin", strings.NewReader("x"), nil)
	req.ContentLength = 4 << 20 // over the 1 MiB file limit and the 1 MiB allowed for the form around it
	req.Body = io.NopCloser(io.LimitReader(servertest.Zeros{}, 4<<20))
	if res := p.Client.Do(req); res.StatusCode != 413 {
		t.Errorf("announced 4 MiB = %d %s", res.StatusCode, res.Body)
	}
	chunked := p.Client.UploadRequest("big.mp4", io.LimitReader(servertest.Zeros{}, 3<<20), nil)
	if res := p.Client.Do(chunked); res.StatusCode != 413 {
		t.Errorf("chunked 3 MiB = %d %s", res.StatusCode, res.Body)
	}
	if res := p.Client.PostJSON("/api/v1/analyses", map[string]string{"path": strings.Repeat("a", 2048)}); res.StatusCode != 413 {
		t.Errorf("2 KiB of JSON = %d", res.StatusCode)
	}
	if files := p.TempFiles(t); len(files) != 0 {
		t.Errorf("temporary files left: %v", files)
	}
}

func (e *serveE2E) disconnect(t *testing.T) {
	p := e.start(t, nil)
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	req := p.Client.UploadRequest("half.mp4", pr, nil).WithContext(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if res, err := p.Client.HTTP.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	for range 8 {
		if _, err := pw.Write(make([]byte, 256<<10)); err != nil {
			t.Fatal(err)
		}
	}
	servertest.WaitFor(t, "the upload to reach the temp dir", 10*time.Second, func() bool { return len(p.TempFiles(t)) == 1 })
	cancel()
	pw.CloseWithError(errors.New("client gone"))
	<-done
	servertest.WaitFor(t, "the partial upload to be removed", 10*time.Second, func() bool { return len(p.TempFiles(t)) == 0 })
	if list := p.Client.Get("/api/v1/analyses"); !strings.Contains(string(list.Body), `"analyses":[]`) {
		t.Errorf("a cut-off upload left an analysis: %s", list.Body)
	}
}

func (e *serveE2E) busy(t *testing.T) {
	slow := servertest.FakeFFprobe(t, "sleep 2")
	p := e.start(t, nil, "--ffprobe", slow, "--workers", "1", "--queue-size", "0", "--probe-timeout", "1s")
	first := make(chan *servertest.Response, 1)
	go func() { first <- upload(t, p, testmedia.H264AAC, nil) }()
	servertest.WaitFor(t, "a probe to run", 10*time.Second, func() bool { return p.Client.Metric("ffprobe_api_ffprobe_in_flight") == 1 })
	busy := upload(t, p, testmedia.MP3, nil)
	if busy.StatusCode != 503 || busy.ErrorCode() != "queue_full" || busy.Header.Get("Retry-After") == "" {
		t.Errorf("while busy = %d %s, Retry-After %q", busy.StatusCode, busy.ErrorCode(), busy.Header.Get("Retry-After"))
	}
	if res := <-first; res.StatusCode != 504 || res.ErrorCode() != "probe_timeout" {
		t.Errorf("a 2 s probe with --probe-timeout 1s = %d %s", res.StatusCode, res.ErrorCode())
	}
}

func (e *serveE2E) sigterm(t *testing.T) {
	slow := servertest.FakeFFprobe(t, "sleep 2")
	p := e.start(t, nil, "--ffprobe", slow)
	res := make(chan *servertest.Response, 1)
	go func() { res <- upload(t, p, testmedia.H264AAC, nil) }()
	servertest.WaitFor(t, "the probe to run", 10*time.Second, func() bool { return p.Client.Metric("ffprobe_api_ffprobe_in_flight") == 1 })
	p.Signal(t, syscall.SIGTERM)
	if r := <-res; r.StatusCode != 201 {
		t.Errorf("the analysis in flight at SIGTERM = %d %s", r.StatusCode, r.Body)
	}
	if code := p.Stop(t); code != 0 {
		t.Errorf("exit code = %d\n%s", code, p.Stderr)
	}
	if files := p.TempFiles(t); len(files) != 0 {
		t.Errorf("temporary files left after shutdown: %v", files)
	}
}

func (e *serveE2E) badConfig(t *testing.T) {
	cmd := exec.Command(e.bin, "serve", "--addr", "nonsense", "--root", "/no/such/dir", "--cors-origins", "*", "--workers", "-1", "--tls-cert", "x.pem", "--max-upload-size", "lots", "--jwt-secret", "short")
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitTrouble {
		t.Fatalf("serve with a bad configuration: %v, want exit 2\n%s", err, out)
	}
	for _, want := range []string{"--addr", "--root", "--cors-origins", "--workers", "--tls-cert and --tls-key", "--max-upload-size", "--jwt-secret"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the error does not mention %s:\n%s", want, out)
		}
	}
}

// largeUpload streams 2 GiB (a real MP4 then zeros) and reads the server's
// peak resident memory (VmHWM). Only with FFPROBE_API_TEST_LARGE=1.
func (e *serveE2E) largeUpload(t *testing.T) {
	if os.Getenv("FFPROBE_API_TEST_LARGE") != "1" {
		t.Skip("set FFPROBE_API_TEST_LARGE=1 to stream a 2 GiB upload")
	}
	p := e.start(t, nil, "--min-free-temp", "0")
	head, err := os.ReadFile(testmedia.Path(t, testmedia.H264AAC))
	if err != nil {
		t.Fatal(err)
	}
	const size = 2 << 30
	body := io.MultiReader(strings.NewReader(string(head)), io.LimitReader(servertest.Zeros{}, size-int64(len(head))))
	start := time.Now()
	res := p.Client.Upload("big.mp4", body, nil)
	elapsed := time.Since(start)
	hwm := p.PeakRSS(t)
	t.Logf("2 GiB upload: status %d in %s (%.0f MiB/s); server VmHWM %d MiB",
		res.StatusCode, elapsed.Round(time.Millisecond), float64(size)/(1<<20)/elapsed.Seconds(), hwm>>20)
	if res.StatusCode != 201 && res.StatusCode != 422 {
		t.Errorf("status = %d %s", res.StatusCode, res.Body)
	}
	if hwm > 100<<20 {
		t.Errorf("the server's peak resident memory was %d MiB, want under 100 MiB", hwm>>20)
	}
}
