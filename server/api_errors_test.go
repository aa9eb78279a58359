package server_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/server"
)

func TestTraversalIsRefused(t *testing.T) {
	s := startServer(t)
	s.addMedia(t, testmedia.H264AAC, "ok.mp4")
	outside := filepath.Join(filepath.Dir(s.MediaDir), "secret.mp4")
	data, err := os.ReadFile(testmedia.Path(t, testmedia.H264AAC))
	must(t, err)
	must(t, os.WriteFile(outside, data, 0o644)) // real media: only the root check stands between
	must(t, os.Symlink(outside, filepath.Join(s.MediaDir, "link.mp4")))
	must(t, os.Symlink("../secret.mp4", filepath.Join(s.MediaDir, "rel-link.mp4")))
	tests := []struct {
		name, root, path string
		wantStatus       int
		wantCode         string
	}{
		{"dot-dot", "media", "../secret.mp4", 400, "invalid_path"},
		{"dot-dot deeper", "", "a/../../secret.mp4", 400, "invalid_path"},
		{"absolute", "media", outside, 400, "invalid_path"},
		{"absolute etc", "media", "/etc/passwd", 400, "invalid_path"},
		{"absolute symlink out of the root", "media", "link.mp4", 400, "invalid_path"},
		{"relative symlink out of the root", "media", "rel-link.mp4", 400, "invalid_path"},
		{"percent-encoded dots stay a name", "media", "%2e%2e/secret.mp4", 404, "not_found"},
		{"unknown root", "etc", "passwd", 400, "invalid_path"},
		{"inside is fine", "media", "ok.mp4", 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Client.PostJSON("/api/v1/analyses", map[string]string{"root": tt.root, "path": tt.path})
			if res.StatusCode != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Fatalf("= %d %q, want %d %q: %s", res.StatusCode, res.ErrorCode(), tt.wantStatus, tt.wantCode, res.Body)
			}
			if strings.Contains(string(res.Body), s.MediaDir) {
				t.Errorf("the answer names the root's directory: %s", res.Body)
			}
		})
	}
	for _, path := range []string{
		"/api/v1/analyses/..%2f..%2fetc%2fpasswd",
		"/api/v1/%2e%2e/%2e%2e/etc/passwd",
		"/api/v1/analyses/%2e%2e",
	} {
		if res := s.Client.Get(path); res.StatusCode != 404 {
			t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
		}
	}
}

func TestBodyLimits(t *testing.T) {
	s := startServer(t, func(c *serverSetup) { c.cfg.MaxUploadSize, c.cfg.MaxJSONSize = 1<<20, 1<<10 })
	t.Run("announced Content-Length over the limit", func(t *testing.T) {
		req := s.Client.UploadRequest("big.mp4", io.LimitReader(zeros{}, 3<<20), nil)
		req.ContentLength = 3 << 20
		req.Body = io.NopCloser(io.LimitReader(zeros{}, 3<<20)) // never read past the headers
		res := s.Client.Do(req)
		if res.StatusCode != 413 || res.ErrorCode() != "too_large" {
			t.Fatalf("= %d %s: %s", res.StatusCode, res.ErrorCode(), res.Body)
		}
	})
	t.Run("chunked body that runs past the limit", func(t *testing.T) {
		res := s.Client.Do(s.Client.UploadRequest("big.mp4", io.LimitReader(zeros{}, 3<<20), nil))
		if res.StatusCode != 413 || res.ErrorCode() != "too_large" {
			t.Fatalf("= %d %s: %s", res.StatusCode, res.ErrorCode(), res.Body)
		}
	})
	t.Run("file just over the upload limit", func(t *testing.T) {
		res := s.Client.Do(s.Client.UploadRequest("big.mp4", io.LimitReader(zeros{}, 1<<20+1), nil))
		if res.StatusCode != 413 || res.ErrorCode() != "too_large" {
			t.Fatalf("= %d %s: %s", res.StatusCode, res.ErrorCode(), res.Body)
		}
	})
	t.Run("JSON over its limit", func(t *testing.T) {
		res := s.Client.PostJSON("/api/v1/analyses", map[string]string{"path": strings.Repeat("a", 2<<10)})
		if res.StatusCode != 413 || res.ErrorCode() != "too_large" {
			t.Fatalf("= %d %s: %s", res.StatusCode, res.ErrorCode(), res.Body)
		}
	})
	if files := s.tempFiles(t); len(files) != 0 {
		t.Errorf("uploads left behind: %v", files)
	}
	if n := s.countAnalyses(t); n != 0 {
		t.Errorf("%d analyses stored from refused requests", n)
	}
}

func TestNotMediaAndBadRequests(t *testing.T) {
	s := startServer(t)
	// The text file goes up named .mp4: as text.txt its name alone is
	// refused (extension_not_allowed, see hostile_test.go).
	for name, sample := range map[string]string{"text.mp4": testmedia.Text, testmedia.Empty: testmedia.Empty, testmedia.Truncated: testmedia.Truncated} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(testmedia.Path(t, sample))
			must(t, err)
			defer f.Close()
			res := s.Client.Upload(name, f, nil)
			if res.StatusCode != 422 || res.ErrorCode() != "not_media" {
				t.Fatalf("= %d %s: %s", res.StatusCode, res.ErrorCode(), res.Body)
			}
			id := res.Header.Get(server.RequestIDHeader)
			if line := s.Log.lineWith(id, `"code":"not_media"`, `"error":`); line == "" {
				t.Errorf("no log line with request id %s and the internal error:\n%s", id, s.Log.String())
			}
			for _, leak := range []string{s.TempDir, "ffprobe-api-upload-"} {
				if strings.Contains(string(res.Body), leak) {
					t.Errorf("the answer leaks %q: %s", leak, res.Body)
				}
			}
		})
	}
	if n := s.countAnalyses(t); n != 0 {
		t.Errorf("%d analyses stored for files that are not media", n)
	}
	requests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		wantStatus  int
		wantCode    string
	}{
		{"text body", "POST", "/api/v1/analyses", "text/plain", "hello", 415, "unsupported_media_type"},
		{"malformed JSON", "POST", "/api/v1/analyses", "application/json", "{", 400, "bad_request"},
		{"unknown JSON field", "POST", "/api/v1/analyses", "application/json", `{"path":"x","evil":1}`, 400, "bad_request"},
		{"two JSON objects", "POST", "/api/v1/analyses", "application/json", `{"path":"x"}{}`, 400, "bad_request"},
		{"multipart without a file", "POST", "/api/v1/analyses", "multipart/form-data; boundary=x", "--x--\r\n", 400, "bad_request"},
		{"multipart without a boundary", "POST", "/api/v1/analyses", "multipart/form-data", "", 400, "bad_request"},
		{"method not allowed", "PUT", "/api/v1/analyses", "", "", 405, "method_not_allowed"},
		{"unknown route", "GET", "/api/v2/analyses", "", "", 404, "not_found"},
	}
	for _, tt := range requests {
		t.Run(tt.name, func(t *testing.T) {
			req := s.Client.NewRequest(tt.method, tt.path, bytes.NewReader([]byte(tt.body)))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			res := s.Client.Do(req)
			if res.StatusCode != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Fatalf("= %d %s, want %d %s: %s", res.StatusCode, res.ErrorCode(), tt.wantStatus, tt.wantCode, res.Body)
			}
			if res.Header.Get(server.RequestIDHeader) == "" || !strings.Contains(string(res.Body), res.Header.Get(server.RequestIDHeader)) {
				t.Errorf("the error does not carry the request id %q: %s", res.Header.Get(server.RequestIDHeader), res.Body)
			}
		})
	}
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

var _ = http.MethodGet

func TestUploadLargerThanTheFreeSpaceIsRefused(t *testing.T) {
	s := startServer(t, func(c *serverSetup) { c.cfg.MaxUploadSize = 1 << 50 })
	var st syscall.Statfs_t
	must(t, syscall.Statfs(s.TempDir, &st))
	free := int64(st.Bavail) * st.Bsize
	req := s.Client.UploadRequest("huge.bin", strings.NewReader("x"), nil)
	req.ContentLength = free // leaves less than --min-free-temp
	req.Body = io.NopCloser(io.LimitReader(zeros{}, free))
	res := s.Client.Do(req)
	if res.StatusCode != 507 || res.ErrorCode() != "insufficient_storage" {
		t.Fatalf("an upload announcing %d bytes with %d free = %d %s", free, free, res.StatusCode, res.ErrorCode())
	}
	if files := s.tempFiles(t); len(files) != 0 {
		t.Errorf("uploads left behind: %v", files)
	}
}
