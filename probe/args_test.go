package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// argAfter is the argument that follows flag in args, or "".
func argAfter(args []string, flag string) string {
	i := slices.Index(args, flag)
	if i < 0 || i+1 >= len(args) {
		return ""
	}
	return args[i+1]
}

func TestProbeArgs(t *testing.T) {
	opts := Options{ProbeSize: 1234, AnalyzeDuration: 1500 * time.Millisecond}
	tests := []struct {
		name       string
		sections   []string
		wantShow   []string
		wantFrames bool
	}{
		{"all by default", nil, []string{"-show_format", "-show_streams", "-show_chapters", "-show_programs"}, true},
		{"canonical order", []string{"programs", "format"}, []string{"-show_format", "-show_programs"}, false},
		{"streams bring frames", []string{"streams"}, []string{"-show_streams"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts.Sections = tt.sections
			args := probeArgs("/media/-show_data.mp4", "-show_data.mp4", opts, "mp3,wav", 999)
			var shown []string
			for _, a := range args {
				if strings.HasPrefix(a, "-show_") && a != "-show_error" && a != "-show_entries" && a != "-show_frames" && a != "-show_data.mp4" {
					shown = append(shown, a)
				}
			}
			if !slices.Equal(shown, tt.wantShow) {
				t.Errorf("sections %v, want %v", shown, tt.wantShow)
			}
			if got := slices.Contains(args, "-show_frames"); got != tt.wantFrames {
				t.Errorf("-show_frames present = %v, want %v", got, tt.wantFrames)
			}
			if tt.wantFrames && argAfter(args, "-read_intervals") != "%+#3" {
				t.Errorf("-read_intervals %q", argAfter(args, "-read_intervals"))
			}
			checks := map[string]string{
				"-format_whitelist": "mp3,wav", "-protocol_whitelist": "file", "-pattern_type": "none",
				"-max_alloc": "999", "-probesize": "1234", "-analyzeduration": "1500000",
				"-print_filename": "-show_data.mp4", "-print_format": "json", "-real_time": "1",
			}
			for flag, want := range checks {
				if got := argAfter(args, flag); got != want {
					t.Errorf("%s %q, want %q", flag, got, want)
				}
			}
			if last := args[len(args)-1]; last != "file:/media/-show_data.mp4" {
				t.Errorf("input %q, want the file: URL of the absolute path", last)
			}
		})
	}
}

// TestProbeOddFileNames: names that look like options, protocols or
// patterns are probed as the files they name, given relative to the
// working directory as a user would type them.
func TestProbeOddFileNames(t *testing.T) {
	client := realClient(t)
	sample, err := os.ReadFile(testmedia.Path(t, testmedia.H264AAC))
	fatalIfErr(t, err)
	dir := t.TempDir()
	names := []string{
		"-show_data.mp4", "-i", "concat:a.mp4|b.mp4", "http:x.mp4", "file:x.mp4", "subfile,,start,0,end,10,,:x.mp4",
		"spaces and ünïcode ☃.mp4", `quote'double"semi;colon$(x).mp4`, "new\nline.mp4", "percent%20d.mp4",
	}
	for _, name := range names {
		fatalIfErr(t, os.WriteFile(filepath.Join(dir, name), sample, 0o644))
	}
	t.Chdir(dir)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			res, err := client.Probe(t.Context(), name, Options{})
			if err != nil {
				t.Fatalf("Probe(%q): %v", name, err)
			}
			if res.Input != name || res.Report.Format.Filename != name || res.Report.Format.Size != int64(len(sample)) || len(res.Summary.Video) != 1 {
				t.Errorf("input %q, filename %q, size %d, %d video streams", res.Input, res.Report.Format.Filename, res.Report.Format.Size, len(res.Summary.Video))
			}
		})
	}
}

// TestProbePatternName: "img%03d.png" is that one file, not the sequence
// img001.png, img002.png… beside it, which plain ffprobe reads instead.
func TestProbePatternName(t *testing.T) {
	client := realClient(t)
	ffmpeg, ffprobe := testenv.FFmpeg(t), testenv.FFprobe(t)
	dir := t.TempDir()
	literal := filepath.Join(dir, "img%03d.png")
	image, err := os.ReadFile(testmedia.Path(t, testmedia.PNG)) // 320x240
	fatalIfErr(t, err)
	fatalIfErr(t, os.WriteFile(literal, image, 0o644))
	neighbours := exec.Command(ffmpeg, "-v", "error", "-f", "lavfi", "-i", "color=size=64x48", "-frames:v", "3", literal)
	if out, err := neighbours.CombinedOutput(); err != nil {
		t.Fatalf("making img001.png…: %v: %s", err, out)
	}
	plain, err := exec.Command(ffprobe, "-v", "error", "-show_entries", "stream=width", "-of", "csv=p=0", literal).Output()
	if err != nil || strings.TrimSpace(string(plain)) != "64" {
		t.Errorf("plain ffprobe read width %q (%v); expected the 64-pixel neighbours", plain, err)
	}
	res, err := client.Probe(t.Context(), literal, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Summary.Video) != 1 || res.Summary.Video[0].Width != 320 {
		t.Errorf("video %+v, want the 320-pixel file itself", res.Summary.Video)
	}
}
