package remote

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/probe"
)

// runFFprobe runs the real ffprobe on the session's URL with the probe
// client's hardening (format whitelist, -protocol_whitelist file, which
// FFprobeInput's later value overrides, -pattern_type none) and returns
// its report, or its stderr when it failed.
func runFFprobe(t testing.TB, s *Session, manifests bool) (*probe.Report, string) {
	t.Helper()
	bin := testenv.FFprobe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	whitelist := formatWhitelist(t, bin)
	if manifests {
		whitelist += ",hls,dash"
	}
	args := append([]string{"-hide_banner", "-loglevel", "error", "-show_error", "-print_format", "json",
		"-format_whitelist", whitelist, "-protocol_whitelist", "file", "-pattern_type", "none",
		"-show_format", "-show_streams"}, s.FFprobeInput()...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = FFprobeEnv(append(os.Environ(), "no_proxy=*"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, stderr.String() + stdout.String()
	}
	report, err := probe.ParseReport(stdout.Bytes())
	if err != nil {
		t.Fatalf("ffprobe report: %v", err)
	}
	return report, ""
}

var formats struct {
	once sync.Once
	list string
	err  error
}

// formatWhitelist is the probe client's -format_whitelist (without
// manifests), asked of ffprobe once per test binary.
func formatWhitelist(t testing.TB, bin string) string {
	t.Helper()
	formats.once.Do(func() {
		var list []string
		list, formats.err = probe.New(probe.Config{Path: bin}).Formats(context.Background())
		formats.list = strings.Join(list, ",")
	})
	if formats.err != nil {
		t.Fatal(formats.err)
	}
	return formats.list
}

// ffmpeg runs ffmpeg with args in dir.
func ffmpeg(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(testenv.FFmpeg(t), append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// generatedDirs caches what generated made, per test binary.
var generatedDirs = struct {
	sync.Mutex
	root string
	made map[string]string
}{made: map[string]string{}}

// TestMain removes the generated samples at the end.
func TestMain(m *testing.M) {
	code := m.Run()
	if generatedDirs.root != "" {
		os.RemoveAll(generatedDirs.root)
	}
	os.Exit(code)
}

// generated runs ffmpeg with args once per test binary in a folder named
// name, and returns a fresh copy of that folder for the test to change.
func generated(t testing.TB, name string, args ...string) string {
	t.Helper()
	generatedDirs.Lock()
	defer generatedDirs.Unlock()
	src, ok := generatedDirs.made[name]
	if !ok {
		if generatedDirs.root == "" {
			root, err := os.MkdirTemp("", "remote-test-media-*")
			if err != nil {
				t.Fatal(err)
			}
			generatedDirs.root = root
		}
		src = filepath.Join(generatedDirs.root, name)
		if err := os.Mkdir(src, 0o755); err != nil {
			t.Fatal(err)
		}
		ffmpeg(t, src, args...)
		generatedDirs.made[name] = src
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// moovAtEndMP4 makes an MP4 of about 21 MB (H.264 of noisy video at
// 24 Mb/s + AAC, 7 s) without faststart: its moov box follows the mdat.
func moovAtEndMP4(t testing.TB) []byte {
	t.Helper()
	dir := t.TempDir()
	ffmpeg(t, dir, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25,noise=alls=60:allf=t",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "7",
		"-c:v", "libx264", "-preset", "ultrafast", "-b:v", "24M", "-maxrate", "24M", "-bufsize", "8M",
		"-c:a", "aac", "big.mp4")
	content, err := os.ReadFile(filepath.Join(dir, "big.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	boxes := topLevelBoxes(content)
	if strings.Index(boxes, "moov") < strings.Index(boxes, "mdat") {
		t.Fatalf("the sample's boxes are %s; want moov after mdat", boxes)
	}
	return content
}

// topLevelBoxes lists an MP4's top-level box types ("ftyp free mdat moov").
func topLevelBoxes(b []byte) string {
	var types []string
	for off := 0; off+8 <= len(b); {
		size := int(binary.BigEndian.Uint32(b[off:]))
		types = append(types, string(b[off+4:off+8]))
		if size < 8 {
			break
		}
		off += size
	}
	return strings.Join(types, " ")
}
