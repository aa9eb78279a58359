package remote

import (
	"net/http"
	"path/filepath"
	"testing"
)

// dashDir makes a DASH manifest with ffmpeg's dash muxer: manifest.mpd
// with relative SegmentTemplate names, init-stream<N>.m4s and
// chunk-stream<N>-<number>.m4s.
func dashDir(t *testing.T) string {
	t.Helper()
	return generated(t, "dash", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
		"-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
		"-f", "dash", "-seg_duration", "1", "manifest.mpd")
}

func TestDASHWithManifestsAllowed(t *testing.T) {
	dir := dashDir(t)
	o := newOrigin(t, "127.0.0.1:0", http.StripPrefix("/dash", http.FileServer(http.Dir(dir))))
	// The video's templates become absolute URLs on the same origin.
	replaceInFile(t, filepath.Join(dir, "manifest.mpd"), `initialization="init-stream$RepresentationID$.m4s" media="chunk-stream$RepresentationID$`,
		`initialization="`+o.URL+`/dash/init-stream$RepresentationID$.m4s" media="`+o.URL+`/dash/chunk-stream$RepresentationID$`)
	srv, _ := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/dash/manifest.mpd?token=abc", AllowManifests: true})
	if s.Manifest() != "dash" {
		t.Errorf("Manifest() = %q, want dash", s.Manifest())
	}
	report, failure := runFFprobe(t, s, true)
	if report == nil {
		t.Fatalf("ffprobe failed: %s (session: %v)", failure, s.Failures())
	}
	checkStreams(t, codecs(report), "h264", "aac")
	if report.Format.FormatName != "dash" {
		t.Errorf("format %q, want dash", report.Format.FormatName)
	}
	if s.Err() != nil || srv.strays.Load() != 0 {
		t.Errorf("session failures %v, stray requests %d", s.Failures(), srv.strays.Load())
	}
	t.Logf("DASH probe fetched %d bytes in %d origin requests", s.BytesFetched(), o.requests.Load())
}

// TestDASHURLTheRewriterMisses: a BaseURL in CDATA, which the textual
// rewriter leaves alone, names a loopback address directly. ffprobe's
// request for it goes to the content server (its proxy), which refuses
// it; the address itself sees no connection.
func TestDASHURLTheRewriterMisses(t *testing.T) {
	dir := dashDir(t)
	elsewhere := newOrigin(t, "127.0.0.2:0", http.FileServer(http.Dir(dir)))
	replaceInFile(t, filepath.Join(dir, "manifest.mpd"), `<Period id="0" start="PT0.0S">`,
		`<Period id="0" start="PT0.0S"><BaseURL><![CDATA[`+elsewhere.URL+`/]]></BaseURL>`)
	o := newOrigin(t, "127.0.0.1:0", http.FileServer(http.Dir(dir)))
	srv, stub := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/manifest.mpd", AllowManifests: true})
	_, _ = runFFprobe(t, s, true)
	if srv.strays.Load() == 0 {
		t.Error("the content server saw no request for the missed URL")
	}
	if n := elsewhere.conns.Load(); n != 0 || len(stub.refusedDials()) != 0 {
		t.Errorf("the other listener accepted %d connections (client refused %v), want 0", n, stub.refusedDials())
	}
}
