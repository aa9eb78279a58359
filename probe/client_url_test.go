package probe_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/remote"
)

// moovAtEnd makes a small MP4 (about 1.7 MB, 4 s of MPEG-4 video and AAC)
// without faststart: its index follows the media data.
func moovAtEnd(t *testing.T) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "moov-at-end.mp4")
	cmd := exec.Command(testenv.FFmpeg(t), "-hide_banner", "-loglevel", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
		"-t", "4", "-c:v", "mpeg4", "-q:v", "2", "-c:a", "aac", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// origin serves content with range support on loopback.
func origin(t *testing.T, content []byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "clip.mp4", time.Unix(1700000000, 0), bytes.NewReader(content))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/media/clip.mp4?signature=SECRET"
}

// openSession opens a content-server session for url with a plain client
// (the origin is loopback; the network guard is tested in netguard).
func openSession(t *testing.T, url string, maxBytes int64) *remote.Session {
	t.Helper()
	cs, err := remote.NewServer(remote.Config{Client: &http.Client{}, MaxBytes: maxBytes, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	s, err := cs.Open(t.Context(), remote.Request{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func remoteInput(s *remote.Session) probe.RemoteInput {
	return probe.RemoteInput{Name: "http://origin.test/media/clip.mp4", Args: s.FFprobeInput(), Env: remote.FFprobeEnv, Err: s.Err}
}

func TestProbeURLReadsOnlyWhatFFprobeNeeds(t *testing.T) {
	content := moovAtEnd(t)
	s := openSession(t, origin(t, content), 0)
	res, err := probe.New(probe.Config{Path: testenv.FFprobe(t)}).ProbeURL(t.Context(), remoteInput(s), probe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Input != "http://origin.test/media/clip.mp4" || res.Report.Format.Filename != res.Input {
		t.Errorf("input %q, format.filename %q; want the name given", res.Input, res.Report.Format.Filename)
	}
	if len(res.Summary.Video) != 1 || res.Summary.Video[0].Codec != "mpeg4" || len(res.Summary.Audio) != 1 {
		t.Errorf("summary %+v; want one mpeg4 video and one audio stream", res.Summary)
	}
	if strings.Contains(string(res.Report.Raw), "SECRET") || strings.Contains(string(res.Report.Raw), "127.0.0.1") {
		t.Errorf("the report names the query or the content server: %s", res.Report.Raw)
	}
	if got := s.BytesFetched(); got <= 0 || got >= int64(len(content)) {
		t.Errorf("fetched %d of %d bytes; want some, not all", got, len(content))
	}
	t.Logf("probed a %d-byte moov-at-end MP4 reading %d bytes from the origin", len(content), s.BytesFetched())
}

func TestProbeURLReportsTheContentServersReason(t *testing.T) {
	content := moovAtEnd(t)
	s := openSession(t, origin(t, content), 66<<10) // the first 64 KiB, not the 3.7 KB index at the end
	_, err := probe.New(probe.Config{Path: testenv.FFprobe(t)}).ProbeURL(t.Context(), remoteInput(s), probe.Options{})
	if !errors.Is(err, remote.ErrBudgetExceeded) {
		t.Fatalf("ProbeURL = %v, want the budget as the reason", err)
	}
	if !strings.HasPrefix(err.Error(), "probe http://origin.test/media/clip.mp4: ") {
		t.Errorf("the error does not start with the name: %v", err)
	}
}

// recordingCommand runs ffprobe through sh, which writes its environment
// to a file first, and records each command line.
type recordingCommand struct {
	envFile string
	mu      sync.Mutex
	lines   [][]string
}

func (rc *recordingCommand) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	rc.mu.Lock()
	rc.lines = append(rc.lines, args)
	rc.mu.Unlock()
	script := `env > "$0"; exec "$@"`
	return exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", script, rc.envFile, name}, args...)...)
}

func (rc *recordingCommand) last() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.lines[len(rc.lines)-1]
}

func TestProbeURLConfinesFFprobe(t *testing.T) {
	t.Setenv("no_proxy", "*")
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:9")
	s := openSession(t, origin(t, moovAtEnd(t)), 0)
	for _, manifests := range []bool{false, true} {
		rc := &recordingCommand{envFile: filepath.Join(t.TempDir(), "env")}
		client := probe.New(probe.Config{Path: testenv.FFprobe(t), Command: rc.command})
		if _, err := client.ProbeURL(t.Context(), remoteInput(s), probe.Options{AllowManifests: manifests}); err != nil {
			t.Fatal(err)
		}
		args := rc.last()
		whitelists := optionValues(args, "-protocol_whitelist")
		if !slices.Equal(whitelists, []string{"http,tcp"}) {
			t.Errorf("-protocol_whitelist values %q; want only http,tcp", whitelists)
		}
		if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "file:") }) || args[len(args)-1] != s.URL() {
			t.Errorf("the command line is not confined to the content server: %q", args)
		}
		formats := strings.Split(optionValues(args, "-format_whitelist")[0], ",")
		if slices.Contains(formats, "hls") != manifests || slices.Contains(formats, "dash") != manifests {
			t.Errorf("manifests %v, but the format whitelist has hls %v, dash %v", manifests,
				slices.Contains(formats, "hls"), slices.Contains(formats, "dash"))
		}
		env, err := os.ReadFile(rc.envFile)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(env), "\n") {
			name, _, _ := strings.Cut(line, "=")
			if strings.EqualFold(name, "no_proxy") || strings.EqualFold(name, "http_proxy") {
				t.Errorf("ffprobe ran with %s in its environment", line)
			}
		}
	}
}

func optionValues(args []string, option string) []string {
	var values []string
	for i := 0; i+1 < len(args); i++ {
		if args[i] == option {
			values = append(values, args[i+1])
		}
	}
	return values
}

func TestProbeURLRefusesInputsThatAreNotTheContentServer(t *testing.T) {
	good := []string{"-protocol_whitelist", "http,tcp", "-http_proxy", "http://127.0.0.1:1", "http://127.0.0.1:1/t/0/a.mp4"}
	tests := []struct {
		name   string
		change func(in *probe.RemoteInput)
		want   string
	}{
		{"a local file", func(in *probe.RemoteInput) { in.Args = []string{"file:/etc/passwd"} }, "last argument must be the content server's http:// URL"},
		{"file on the protocol whitelist", func(in *probe.RemoteInput) { in.Args[1] = "http,tcp,file" }, `admits more than http and tcp`},
		{"no protocol whitelist", func(in *probe.RemoteInput) { in.Args = in.Args[2:] }, "sets no -protocol_whitelist"},
		{"no proxy", func(in *probe.RemoteInput) { in.Args = append(in.Args[:2], in.Args[4:]...) }, "sets no -http_proxy"},
		{"no environment filter", func(in *probe.RemoteInput) { in.Env = nil }, "no Env filter"},
	}
	client := probe.New(probe.Config{Path: "/nonexistent/ffprobe"}) // never run
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := probe.RemoteInput{Name: "http://origin.test/a.mp4", Args: slices.Clone(good), Env: remote.FFprobeEnv}
			tt.change(&in)
			_, err := client.ProbeURL(t.Context(), in, probe.Options{})
			if !errors.Is(err, probe.ErrInvalidOptions) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ProbeURL = %v, want ErrInvalidOptions saying %q", err, tt.want)
			}
		})
	}
}
