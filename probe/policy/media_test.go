package policy

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/probe"
)

// probeMedia probes path with the real ffprobe the way the Client does:
// format, streams, chapters and programs, plus the first frame of each
// video stream (for HDR side data and field order), parsed by
// probe.ParseReport and summarized by probe.Summarize.
func probeMedia(t testing.TB, path string) *probe.Result {
	t.Helper()
	ffprobe := testenv.FFprobe(t)
	run := func(args ...string) map[string]json.RawMessage {
		args = append([]string{"-v", "error", "-hide_banner", "-of", "json"}, append(args, "file:"+path)...)
		out, err := exec.CommandContext(t.Context(), ffprobe, args...).Output()
		if err != nil {
			t.Fatalf("ffprobe %s: %v", path, err)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatalf("ffprobe %s: %v", path, err)
		}
		return doc
	}
	doc := run("-show_format", "-show_streams", "-show_chapters", "-show_programs")
	frames := run("-select_streams", "v", "-show_frames", "-read_intervals", "%+#1")
	if f, ok := frames["frames"]; ok {
		doc["frames"] = f
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := probe.ParseReport(raw)
	if err != nil {
		t.Fatalf("ParseReport %s: %v", path, err)
	}
	return &probe.Result{Input: filepath.Base(path), Summary: probe.Summarize(rep), Report: rep}
}

// ffmpegMake runs ffmpeg with args and returns the output file, which is
// the last argument, made inside t.TempDir().
func ffmpegMake(t testing.TB, args ...string) string {
	t.Helper()
	ffmpeg := testenv.FFmpeg(t)
	out := filepath.Join(t.TempDir(), args[len(args)-1])
	args = append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args[:len(args)-1]...), out)
	cmd := exec.CommandContext(t.Context(), ffmpeg, args...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, msg)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("ffmpeg made no %s", out)
	}
	return out
}
