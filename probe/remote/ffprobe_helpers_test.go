package remote

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/probe"
)

// runFFprobe runs the real ffprobe on the session's URL with the probe
// client's hardening (format whitelist, -protocol_whitelist file, which
// FFprobeInput's later value overrides, -pattern_type none) and returns
// its report, or its stderr when it failed.
func runFFprobe(t *testing.T, s *Session, manifests bool) (*probe.Report, string) {
	t.Helper()
	bin := testenv.FFprobe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	formats, err := probe.New(probe.Config{Path: bin}).Formats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	whitelist := strings.Join(formats, ",")
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

// ffmpeg runs ffmpeg with args in dir.
func ffmpeg(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(testenv.FFmpeg(t), append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// moovAtEndMP4 makes an MP4 of about 21 MB (H.264 of noisy video at
// 24 Mb/s + AAC, 7 s) without faststart: its moov box follows the mdat.
func moovAtEndMP4(t *testing.T) []byte {
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
