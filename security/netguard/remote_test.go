package netguard_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/remote"
	"github.com/ffprobe-api/ffprobe-api/security/netguard"
)

// TestGuardedContentServer wires the guard into probe/remote as the
// server will. An HLS playlist on an allowed loopback origin (127.0.0.1)
// is probed by the real ffprobe; its second segment is named by a host
// that resolves to 127.0.0.2, which the client refuses when it dials. A
// URL with the address 127.0.0.2 itself is refused by CheckURL before any
// request, and without AllowPrivate the origin is refused too. The
// 127.0.0.2 listener never sees a connection.
func TestGuardedContentServer(t *testing.T) {
	origin, originConns, elsewhereConns, elsewhereURL := hlsWithSneakySegment(t)
	cfg := netguard.Config{
		AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		LookupIP: func(context.Context, string) ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr("127.0.0.2")}, nil
		},
	}
	client, err := netguard.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := remote.NewServer(remote.Config{Client: client, CheckURL: cfg.CheckURL, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := srv.Open(context.Background(), remote.Request{URL: origin.URL + "/media.m3u8", AllowManifests: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	streams := runFFprobe(t, s)
	if !slices.Contains(streams, "h264") {
		t.Errorf("ffprobe found %v through the guard, want h264 from the allowed segment", streams)
	}
	var blocked *netguard.BlockedError
	if !errors.As(s.Err(), &blocked) || blocked.Host != "sneaky.test" || blocked.IP != netip.MustParseAddr("127.0.0.2") {
		t.Errorf("session failures %v: want sneaky.test (127.0.0.2) blocked at dial time", s.Failures())
	}
	if _, err := srv.Open(context.Background(), remote.Request{URL: elsewhereURL + "/seg0.ts"}); !errors.As(err, &blocked) || blocked.Host != "127.0.0.2" {
		t.Errorf("Open of a 127.0.0.2 URL: %v, want it blocked by CheckURL", err)
	}
	if elsewhereConns.Load() != 0 || originConns.Load() == 0 {
		t.Errorf("127.0.0.2 accepted %d connections (want 0); the origin %d (want some)", elsewhereConns.Load(), originConns.Load())
	}
	// Without AllowPrivate the same request is refused before any fetch.
	strict, _ := netguard.NewClient(netguard.Config{})
	strictSrv, _ := remote.NewServer(remote.Config{Client: strict, TempDir: t.TempDir()})
	defer strictSrv.Close()
	before := originConns.Load()
	if _, err := strictSrv.Open(context.Background(), remote.Request{URL: origin.URL + "/media.m3u8", AllowManifests: true}); !errors.Is(err, netguard.ErrBlocked) {
		t.Errorf("Open without AllowPrivate: %v, want ErrBlocked", err)
	}
	if originConns.Load() != before {
		t.Error("the refused Open reached the origin")
	}
}

// hlsWithSneakySegment makes an HLS media playlist and its segments with
// ffmpeg, serves them from 127.0.0.1 (origin) and 127.0.0.2 (elsewhere),
// and names the second segment by sneaky.test, a host the test's resolver
// maps to 127.0.0.2.
func hlsWithSneakySegment(t *testing.T) (origin *httptest.Server, originConns, elsewhereConns *atomic.Int64, elsewhereURL string) {
	t.Helper()
	dir := t.TempDir()
	ffmpeg(t, dir, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=sample_rate=48000",
		"-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
		"-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod", "-hls_segment_filename", "seg%d.ts", "media.m3u8")
	originConns, elsewhereConns = new(atomic.Int64), new(atomic.Int64)
	elsewhere := listenCounting(t, "127.0.0.2:0", http.FileServer(http.Dir(dir)), elsewhereConns)
	port := elsewhere.Listener.Addr().(*net.TCPAddr).Port
	playlist := filepath.Join(dir, "media.m3u8")
	b, err := os.ReadFile(playlist)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("\nseg1.ts"), []byte("\nhttp://sneaky.test:"+strconv.Itoa(port)+"/seg1.ts"), 1)
	if err := os.WriteFile(playlist, b, 0o644); err != nil {
		t.Fatal(err)
	}
	origin = listenCounting(t, "127.0.0.1:0", http.FileServer(http.Dir(dir)), originConns)
	return origin, originConns, elsewhereConns, elsewhere.URL
}

func listenCounting(t *testing.T, addr string, h http.Handler, conns *atomic.Int64) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// runFFprobe runs ffprobe on the session with hls on the format whitelist
// and returns the codec names it found (none when it failed).
func runFFprobe(t *testing.T, s *remote.Session) []string {
	t.Helper()
	bin := testenv.FFprobe(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	formats, err := probe.New(probe.Config{Path: bin}).Formats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-hide_banner", "-loglevel", "error", "-print_format", "json", "-show_streams",
		"-format_whitelist", strings.Join(formats, ",") + ",hls"}, s.FFprobeInput()...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = remote.FFprobeEnv(os.Environ())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Logf("ffprobe: %v: %s", err, stderr.Bytes())
		return nil
	}
	report, err := probe.ParseReport(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range report.Streams {
		names = append(names, st.CodecName)
	}
	return names
}

func ffmpeg(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(testenv.FFmpeg(t), append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
}
