//go:build unix

package server_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// Requests that try to make the server hold resources without bound, or
// to choose where its files go: each is bounded and answered, and no
// temporary file outlives it.

// rawExchange writes request on a new connection and returns the first
// answer's status line, or "closed" when the server closes the
// connection without one. It gives up after wait.
func rawExchange(t *testing.T, s *apiServer, request []byte, wait time.Duration) string {
	t.Helper()
	conn, err := net.Dial("tcp", s.Addr().String())
	must(t, err)
	defer conn.Close()
	must(t, conn.SetDeadline(time.Now().Add(wait)))
	_, _ = conn.Write(request)
	line, err := bufio.NewReader(conn).ReadString('\n')
	switch {
	case err == nil:
		return strings.TrimSpace(line)
	case err == io.EOF || strings.Contains(err.Error(), "connection reset"):
		return "closed"
	}
	t.Fatalf("no answer within %s: %v", wait, err)
	return ""
}

// uploadBody is a multipart body with extra fields and one file part.
func uploadBody(fields int, name string, content []byte) (body []byte, contentType string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := range fields {
		_ = mw.WriteField("sections", fmt.Sprintf("format%d", i%1))
	}
	part, _ := mw.CreateFormFile("file", name)
	_, _ = part.Write(content)
	_ = mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func httpRequest(method, path string, header map[string]string, body []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: test\r\n", method, path)
	for k, v := range header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

func TestHostileRequestsAreBounded(t *testing.T) {
	s := startServer(t, func(c *serverSetup) {
		c.cfg.ReadHeaderTimeout, c.cfg.UploadIdleTimeout = 500*time.Millisecond, 500*time.Millisecond
	})
	media, err := os.ReadFile(testmedia.Path(t, testmedia.H264AAC))
	must(t, err)
	auth := "Bearer " + s.Keys["admin"]
	tooMany, tooManyType := uploadBody(17, "clip.mp4", media)
	fine, fineType := uploadBody(0, "clip.mp4", media)
	tests := []struct {
		name     string
		request  []byte
		wantLine string // the status line, or "closed"
	}{
		{"17 form parts", httpRequest("POST", "/api/v1/analyses",
			map[string]string{"Authorization": auth, "Content-Type": tooManyType, "Content-Length": fmt.Sprint(len(tooMany))}, tooMany),
			"HTTP/1.1 400 Bad Request"},
		{"100 KiB of headers", httpRequest("GET", "/api/v1/health", map[string]string{"X-Big": strings.Repeat("a", 100<<10)}, nil),
			"HTTP/1.1 431 Request Header Fields Too Large"},
		{"headers that never end", []byte("GET /api/v1/health HTTP/1.1\r\nHost: test\r\nX-Slow: "), "closed"},
		{"body cut short of what it announced", httpRequest("POST", "/api/v1/analyses",
			map[string]string{"Authorization": auth, "Content-Type": fineType, "Content-Length": fmt.Sprint(len(fine))}, fine[:len(fine)/2]),
			"HTTP/1.1 408 Request Timeout"},
		{"body longer than announced", httpRequest("POST", "/api/v1/analyses",
			map[string]string{"Authorization": auth, "Content-Type": fineType, "Content-Length": fmt.Sprint(len(fine) / 2)}, fine),
			"HTTP/1.1 400 Bad Request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			if got := rawExchange(t, s, tt.request, 10*time.Second); got != tt.wantLine {
				t.Errorf("answer %q, want %q", got, tt.wantLine)
			}
			t.Logf("answered in %s", time.Since(start).Round(time.Millisecond))
		})
	}
	if files := s.tempFiles(t); len(files) != 0 {
		t.Errorf("left in the temporary directory: %v", files)
	}
	if n := s.countAnalyses(t); n != 0 {
		t.Errorf("%d analyses stored from refused requests", n)
	}
}

func TestHostileFileNamesChooseNothing(t *testing.T) {
	s := startServer(t)
	media, err := os.ReadFile(testmedia.Path(t, testmedia.H264AAC))
	must(t, err)
	playlist := []byte(hlsNaming("/etc/passwd"))
	tests := []struct {
		name, fileName string
		content        []byte
		wantStatus     int
		wantCode       string
		wantSource     string // the stored source name
	}{
		{"dot-dot path", "../../escape.mp4", media, 201, "", "escape.mp4"},
		{"absolute path", filepath.Join(s.TempDir, "..", "abs.mp4"), media, 201, "", "abs.mp4"},
		{"backslashes", `..\..\win.mp4`, media, 201, "", "win.mp4"},
		{"invisible and bidi characters", "cl\u200bip\u202e4pm.mp4", media, 201, "", "clip4pm.mp4"},
		{"control characters break the part header", "bad\tname\x7f.mp4", media, 400, "bad_request", ""},
		{"upper-case extension", "CLIP.MP4", media, 201, "", "CLIP.MP4"},
		{"playlist extension", "clip.m3u8", playlist, 422, "extension_not_allowed", ""},
		{"media extension then playlist", "clip.mp4.m3u8", playlist, 422, "extension_not_allowed", ""},
		{"no extension", "clip", media, 422, "extension_not_allowed", ""},
		{"no file name at all", "", media, 422, "extension_not_allowed", ""},
		{"text named .txt", "notes.txt", []byte("hello"), 422, "extension_not_allowed", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A probesize of its own, so that no case is answered from another's cache entry.
			fields := map[string]string{"sections": "format", "probesize": fmt.Sprint(1_000_000 + i)}
			res := s.Client.Upload(tt.fileName, bytes.NewReader(tt.content), fields)
			if res.StatusCode != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Fatalf("= %d %s, want %d %s: %s", res.StatusCode, res.ErrorCode(), tt.wantStatus, tt.wantCode, res.Body)
			}
			if tt.wantSource != "" {
				var a analysis
				res.JSON(t, &a)
				if a.Source.Name != tt.wantSource || a.Report.Format.Filename != tt.wantSource {
					t.Errorf("source %q, format.filename %q, want %q", a.Source.Name, a.Report.Format.Filename, tt.wantSource)
				}
			}
		})
	}
	for _, escaped := range []string{filepath.Join(s.TempDir, "..", "..", "escape.mp4"), filepath.Join(s.TempDir, "..", "abs.mp4")} {
		if _, err := os.Stat(escaped); err == nil {
			t.Errorf("a file was written where the client's name pointed: %s", escaped)
		}
	}
	if files := s.tempFiles(t); len(files) != 0 {
		t.Errorf("left in the temporary directory: %v", files)
	}
}

func TestHostileUploadIsStoredUnderTheServersName(t *testing.T) {
	s := startServer(t)
	media, err := os.ReadFile(testmedia.Path(t, testmedia.H264AAC))
	must(t, err)
	pr, pw := io.Pipe()
	req := s.Client.UploadRequest("../evil name.mp4", pr, nil)
	done := make(chan int, 1)
	go func() { done <- s.Client.Do(req).StatusCode }()
	_, _ = pw.Write(media[:len(media)/2])
	var names []string
	for deadline := time.Now().Add(10 * time.Second); len(names) == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		names = s.tempFiles(t)
	}
	if len(names) != 1 || !strings.HasPrefix(names[0], "ffprobe-api-upload-") || strings.Contains(names[0], "evil") {
		t.Errorf("while uploading, the temporary directory holds %v; want one file named by the server", names)
	}
	_, _ = pw.Write(media[len(media)/2:])
	pw.Close()
	if status := <-done; status != http.StatusCreated {
		t.Errorf("= %d", status)
	}
}

func TestHostileFormatsAreChecked(t *testing.T) {
	tests := []struct {
		name       string
		formats    []string
		sample     string
		fileName   string
		wantStatus int
		wantCode   string
	}{
		{"an image named .mp4, default policy", nil, testmedia.PNG, "image.mp4", 422, "format_not_allowed"},
		{"an image with * allowed", []string{"*"}, testmedia.PNG, "image.mp4", 201, ""},
		{"MP4 when only matroska is allowed", []string{"matroska"}, testmedia.H264AAC, "clip.mp4", 422, "format_not_allowed"},
		{"Matroska when matroska is allowed", []string{"matroska"}, testmedia.MKVMulti, "multi.mkv", 201, ""},
		{"MP4 when mp4 is allowed", []string{"mp4"}, testmedia.H264AAC, "clip.mp4", 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, func(c *serverSetup) { c.cfg.Media.Formats = tt.formats })
			f, err := os.Open(testmedia.Path(t, tt.sample))
			must(t, err)
			defer f.Close()
			res := s.Client.Upload(tt.fileName, f, nil)
			if res.StatusCode != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Errorf("= %d %s, want %d %s: %s", res.StatusCode, res.ErrorCode(), tt.wantStatus, tt.wantCode, res.Body)
			}
		})
	}
}
