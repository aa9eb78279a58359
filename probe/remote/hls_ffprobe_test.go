package remote

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hlsDir makes a master playlist, a media playlist and three MPEG-TS
// segments with ffmpeg's hls muxer: master.m3u8 → media.m3u8 → seg0-2.ts.
func hlsDir(t *testing.T) string {
	t.Helper()
	return generated(t, "hls", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
		"-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
		"-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod", "-master_pl_name", "master.m3u8",
		"-hls_segment_filename", "seg%d.ts", "media.m3u8")
}

// replaceInFile rewrites a playlist of the test.
func replaceInFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(b), old, new)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHLSWithManifestsAllowed(t *testing.T) {
	dir := hlsDir(t)
	o := newOrigin(t, "127.0.0.1:0", http.FileServer(http.Dir(dir)))
	srv, _ := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/master.m3u8", AllowManifests: true})
	if s.Manifest() != "hls" {
		t.Errorf("Manifest() = %q, want hls", s.Manifest())
	}
	report, failure := runFFprobe(t, s, true)
	if report == nil {
		t.Fatalf("ffprobe failed: %s (session: %v)", failure, s.Err())
	}
	checkStreams(t, codecs(report), "h264", "aac")
	if report.Format.FormatName != "hls" {
		t.Errorf("format %q, want hls", report.Format.FormatName)
	}
	if s.Err() != nil {
		t.Errorf("session failures: %v", s.Failures())
	}
	t.Logf("HLS probe fetched %d bytes in %d origin requests", s.BytesFetched(), o.requests.Load())
}

func TestHLSRefusedWithoutManifests(t *testing.T) {
	dir := hlsDir(t)
	o := newOrigin(t, "127.0.0.1:0", http.FileServer(http.Dir(dir)))
	srv, _ := newTestServer(t, Config{}, o)
	_, err := srv.Open(context.Background(), Request{URL: o.URL + "/master.m3u8"})
	if !errors.Is(err, ErrManifestNotAllowed) || !strings.Contains(err.Error(), "HLS playlist") {
		t.Fatalf("Open of a playlist without AllowManifests: %v, want ErrManifestNotAllowed", err)
	}
	if o.requests.Load() != 1 {
		t.Errorf("origin saw %d requests, want only the playlist's", o.requests.Load())
	}
}

// TestHLSSegmentElsewhereIsRefused: the media playlist's second segment
// is a URL that may not be fetched. ffprobe still reads the playlists and
// the first segment; that one fetch is refused, recorded, and never
// reaches the address it names.
func TestHLSSegmentElsewhereIsRefused(t *testing.T) {
	tests := []struct {
		name    string
		segment func(elsewhere *origin) string
		want    error
	}{
		{"another loopback address", func(e *origin) string { return e.URL + "/seg1.ts" }, errStubRefused},
		{"a file URL", func(*origin) string { return "file:///etc/hosts.ts" }, ErrInvalidURL},
		{"user-info", func(e *origin) string { return "http://user@" + e.addr() + "/seg1.ts" }, ErrInvalidURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := hlsDir(t)
			elsewhere := newOrigin(t, "127.0.0.2:0", http.FileServer(http.Dir(dir)))
			replaceInFile(t, filepath.Join(dir, "media.m3u8"), "\nseg1.ts", "\n"+tt.segment(elsewhere))
			o := newOrigin(t, "127.0.0.1:0", http.FileServer(http.Dir(dir)))
			srv, _ := newTestServer(t, Config{}, o)
			s := openSession(t, srv, Request{URL: o.URL + "/master.m3u8", AllowManifests: true})
			report, failure := runFFprobe(t, s, true)
			if report == nil {
				t.Fatalf("ffprobe failed: %s (session: %v)", failure, s.Failures())
			}
			checkStreams(t, codecs(report), "h264")
			if !slices.ContainsFunc(s.Failures(), func(err error) bool { return errors.Is(err, tt.want) }) {
				t.Errorf("session failures %v lack %v", s.Failures(), tt.want)
			}
			if n := elsewhere.conns.Load(); n != 0 {
				t.Errorf("the other listener accepted %d connections, want 0", n)
			}
		})
	}
}

// TestHeadersOnlyToTheRequestedOrigin: Authorization reaches the origin of
// the requested URL, not the origin of a segment the playlist names.
func TestHeadersOnlyToTheRequestedOrigin(t *testing.T) {
	dir := hlsDir(t)
	segments := newOrigin(t, "127.0.0.1:0", http.FileServer(http.Dir(dir)))
	for _, name := range []string{"seg0.ts", "seg1.ts", "seg2.ts"} {
		replaceInFile(t, filepath.Join(dir, "media.m3u8"), "\n"+name, "\n"+segments.URL+"/"+name)
	}
	o := newOrigin(t, "127.0.0.1:0", http.FileServer(http.Dir(dir)))
	srv, _ := newTestServer(t, Config{}, o, segments)
	s := openSession(t, srv, Request{URL: o.URL + "/master.m3u8", AllowManifests: true,
		Headers: http.Header{"Authorization": {"Bearer secret"}}})
	if report, failure := runFFprobe(t, s, true); report == nil {
		t.Fatalf("ffprobe failed: %s (session: %v)", failure, s.Err())
	}
	for _, h := range o.requestHeaders() {
		if h.Get("Authorization") != "Bearer secret" {
			t.Errorf("a request to the requested origin lacked Authorization")
		}
	}
	if len(segments.requestHeaders()) == 0 {
		t.Fatal("no segment was fetched from the second origin")
	}
	for _, h := range segments.requestHeaders() {
		if h.Get("Authorization") != "" {
			t.Errorf("Authorization reached the segments' origin")
		}
	}
}
