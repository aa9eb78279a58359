package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// withLoopbackOrigins lets remote URLs reach 127.0.0.0/8: the test-only
// escape hatch (--url-allow-private), refused in production mode.
func withLoopbackOrigins(c *serverSetup) {
	c.cfg.Remote.Guard.AllowPrivate = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
}

// bigMoovAtEnd makes an MP4 of about 20 MB (3.2 s of noisy MPEG-4 video
// at 640x360 and AAC) without faststart: its index follows the media.
func bigMoovAtEnd(t *testing.T) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "big.mp4")
	cmd := exec.Command(testenv.FFmpeg(t), "-hide_banner", "-loglevel", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25,noise=alls=40:allf=t",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
		"-t", "3.2", "-c:v", "mpeg4", "-q:v", "2", "-c:a", "aac", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	must(t, err)
	if len(data) < 18<<20 || bytes.Index(data, []byte("moov")) < bytes.Index(data, []byte("mdat")) {
		t.Fatalf("the sample is %d bytes with moov at %d, mdat at %d; want about 20 MB, moov last",
			len(data), bytes.Index(data, []byte("moov")), bytes.Index(data, []byte("mdat")))
	}
	return data
}

// rangeOrigin serves content with Range support and notes what it was
// sent.
type rangeOrigin struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	auth     []string // the Authorization header of each request
}

func newRangeOrigin(t *testing.T, content []byte) *rangeOrigin {
	o := &rangeOrigin{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.requests.Add(1)
		o.mu.Lock()
		o.auth = append(o.auth, r.Header.Get("Authorization"))
		o.mu.Unlock()
		http.ServeContent(w, r, "big.mp4", time.Unix(1700000000, 0), bytes.NewReader(content))
	}))
	t.Cleanup(o.Close)
	return o
}

func TestRemoteURLReadsLittleOfALargeFile(t *testing.T) {
	content := bigMoovAtEnd(t)
	origin := newRangeOrigin(t, content)
	s := startServer(t, withLoopbackOrigins)
	const secretQuery, secretHeader = "X-Amz-Signature=QUERY-SECRET-4711", "Bearer HEADER-SECRET-4711"
	res := s.Client.PostJSON("/api/v1/analyses", map[string]any{
		"url":     origin.URL + "/media/big.mp4?" + secretQuery,
		"headers": map[string]string{"Authorization": secretHeader},
	})
	if res.StatusCode != http.StatusCreated || res.Header.Get("X-Cache") != "miss" {
		t.Fatalf("= %d: %s", res.StatusCode, res.Body)
	}
	var a struct {
		analysis
		BytesFetched int64 `json:"bytes_fetched"`
	}
	res.JSON(t, &a)
	if want := origin.URL + "/media/big.mp4"; a.Source.Kind != "url" || a.Source.Name != want || a.Report.Format.Filename != want {
		t.Errorf("source %+v, format.filename %q; want kind url, name %s", a.Source, a.Report.Format.Filename, want)
	}
	if len(a.Summary.Video) != 1 || a.Summary.Video[0].Width != 640 || a.ContentHash != "" {
		t.Errorf("summary %+v, content hash %q; want one 640-wide video stream, no hash", a.Summary, a.ContentHash)
	}
	if a.BytesFetched <= 0 || a.BytesFetched > int64(len(content))/10 {
		t.Errorf("bytes_fetched %d of a %d-byte file; want well under a tenth", a.BytesFetched, len(content))
	}
	t.Logf("a %d-byte MP4 with its moov at the end: %d bytes fetched in %d requests", len(content), a.BytesFetched, origin.requests.Load())
	stored, err := s.Store.GetAnalysis(context.Background(), a.ID)
	must(t, err)
	if stored.SourceKind != store.SourceURL || stored.BytesFetched != a.BytesFetched {
		t.Errorf("stored kind %s, bytes fetched %d; want url, %d", stored.SourceKind, stored.BytesFetched, a.BytesFetched)
	}
	origin.mu.Lock()
	for i, got := range origin.auth {
		if got != secretHeader {
			t.Errorf("origin request %d had Authorization %q; the header goes to the URL's origin", i+1, got)
		}
	}
	origin.mu.Unlock()
	for _, secret := range []string{"QUERY-SECRET", "HEADER-SECRET"} {
		if strings.Contains(s.Log.String(), secret) || bytes.Contains(stored.Report, []byte(secret)) || strings.Contains(string(res.Body), secret) {
			t.Errorf("%s reached the log, the stored report or the answer", secret)
		}
	}
	if n := s.metric(t, "ffprobe_api_remote_fetched_bytes_total"); n != float64(a.BytesFetched) {
		t.Errorf("ffprobe_api_remote_fetched_bytes_total = %v, want %d", n, a.BytesFetched)
	}
	if files := s.tempFiles(t); len(files) > 1 || (len(files) == 1 && files[0] != "ffprobe-api-upload-remote") {
		t.Errorf("left in the temporary directory: %v", files)
	}
	if again := s.Client.PostJSON("/api/v1/analyses", map[string]any{"url": origin.URL + "/media/big.mp4"}); again.StatusCode != http.StatusCreated {
		t.Errorf("the same URL again = %d; remote analyses are never answered from the cache", again.StatusCode)
	}
}

func TestRemoteURLHeadersStayWithTheirOrigin(t *testing.T) {
	content, err := os.ReadFile(testmedia.Path(t, testmedia.H264AAC))
	must(t, err)
	target := newRangeOrigin(t, content)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(redirector.Close)
	s := startServer(t, withLoopbackOrigins)
	res := s.Client.PostJSON("/api/v1/analyses", map[string]any{
		"url": redirector.URL + "/big.mp4", "headers": map[string]string{"Authorization": "Bearer FOR-THE-FIRST-ORIGIN"},
	})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("= %d: %s", res.StatusCode, res.Body)
	}
	target.mu.Lock()
	defer target.mu.Unlock()
	if len(target.auth) == 0 {
		t.Fatal("the redirect target was never asked")
	}
	for i, got := range target.auth {
		if got != "" {
			t.Errorf("request %d to the other origin carried Authorization %q", i+1, got)
		}
	}
}

func TestRemoteURLRequestsAreChecked(t *testing.T) {
	s := startServer(t)
	headers := map[string]string{}
	for i := range 17 {
		headers["X-Extra-"+strconv.Itoa(i)] = "v"
	}
	tests := []struct {
		name     string
		body     map[string]any
		wantCode string
		wantM    string
	}{
		{"empty url", map[string]any{"url": " "}, "bad_request", `"url" is empty`},
		{"url and path at once", map[string]any{"url": "https://media.example/a.mp4", "path": "a.mp4"}, "bad_request", `unknown field "path"`},
		{"Host header", map[string]any{"url": "https://media.example/a.mp4", "headers": map[string]string{"host": "internal"}}, "bad_request", "Host is set by the server"},
		{"Range header", map[string]any{"url": "https://media.example/a.mp4", "headers": map[string]string{"Range": "bytes=0-"}}, "bad_request", "Range is set by the server"},
		{"proxy header", map[string]any{"url": "https://media.example/a.mp4", "headers": map[string]string{"Proxy-Foo": "x"}}, "bad_request", "is set by the server"},
		{"header value with a line break", map[string]any{"url": "https://media.example/a.mp4",
			"headers": map[string]string{"Authorization": "Bearer SECRET-VALUE\r\nX-Injected: 1"}}, "bad_request", "not a valid header value"},
		{"bad header name", map[string]any{"url": "https://media.example/a.mp4", "headers": map[string]string{"Bad Name": "x"}}, "bad_request", "not a valid header name"},
		{"17 headers", map[string]any{"url": "https://media.example/a.mp4", "headers": headers}, "bad_request", "at most 16"},
		{"bad option", map[string]any{"url": "https://media.example/a.mp4", "sections": []string{"frames"}}, "invalid_option", "sections"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Client.PostJSON("/api/v1/analyses", tt.body)
			var body struct {
				Error struct{ Message string } `json:"error"`
			}
			res.JSON(t, &body)
			if res.StatusCode != http.StatusBadRequest || res.ErrorCode() != tt.wantCode || !strings.Contains(body.Error.Message, tt.wantM) {
				t.Errorf("= %d %s, want 400 %s saying %q: %s", res.StatusCode, res.ErrorCode(), tt.wantCode, tt.wantM, res.Body)
			}
			if strings.Contains(string(res.Body), "SECRET-VALUE") {
				t.Errorf("the answer repeats a header value: %s", res.Body)
			}
		})
	}
}
