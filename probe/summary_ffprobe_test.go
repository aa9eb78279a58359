package probe

import (
	"bytes"
	"context"
	"os/exec"
	"testing"
	"time"
)

// probeFile runs the real ffprobe on path: the format, streams, chapters
// and programs sections and the frames of the first packet read
// (-show_frames -read_intervals %+#1) in one run. When that packet was not
// video, a second run reads the first frame of the first video stream and
// its frames replace the report's.
func probeFile(t *testing.T, ffprobe, path string) *Report {
	t.Helper()
	r, err := ParseReport(runFFprobe(t, ffprobe, "-show_format", "-show_streams", "-show_chapters", "-show_programs",
		"-show_frames", "-read_intervals", "%+#1", path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !hasVideo(r) || hasVideoFrame(r) {
		return r
	}
	frames, err := ParseReport(runFFprobe(t, ffprobe, "-select_streams", "v:0", "-show_frames", "-read_intervals", "%+#1", path))
	if err != nil {
		t.Fatalf("%s: frames: %v", path, err)
	}
	r.Frames = frames.Frames
	return r
}

func runFFprobe(t *testing.T, ffprobe string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, ffprobe, append([]string{"-v", "error", "-of", "json"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ffprobe %v: %v: %s", args, err, stderr.String())
	}
	return out
}

func hasVideoFrame(r *Report) bool {
	for _, f := range r.Frames {
		if f.MediaType == "video" {
			return true
		}
	}
	return false
}

func hasVideo(r *Report) bool {
	for _, s := range r.Streams {
		if s.CodecType == "video" {
			return true
		}
	}
	return false
}
