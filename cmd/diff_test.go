//go:build !lean

package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/probe/diff"
)

func TestDiffCommand(t *testing.T) {
	ffprobeOrSkip(t)
	h264, h264Copy := testmedia.Path(t, testmedia.H264AAC), mediaTree(t, map[string]string{"copy.mp4": testmedia.H264AAC})
	vp9 := testmedia.Path(t, testmedia.VP9Opus)
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	saved := runCLI(t, t.Context(), false, "probe", "-o", "json", h264)
	if saved.code != ExitOK {
		t.Fatalf("probe: %s", saved.stderr)
	}
	if err := os.WriteFile(baseline, []byte(saved.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		fields []string // differences expected among others
	}{
		{"same media", []string{h264, filepath.Join(h264Copy, "copy.mp4")}, ExitOK, nil},
		{"baseline against the same media", []string{baseline, h264}, ExitOK, nil},
		{"different media", []string{h264, vp9}, ExitFailed, []string{"container", "video[0].codec", "audio[0].codec"}},
		{"baseline against other media", []string{baseline, vp9}, ExitFailed, []string{"video[0].codec"}},
		{"ignored away", []string{"--ignore", "container,format_name,video,audio,bit_rate,size,duration,start_time", h264, vp9}, ExitOK, nil},
		{"missing input", []string{h264, "nope.mp4"}, ExitTrouble, nil},
		{"not media", []string{h264, testmedia.Path(t, testmedia.Text)}, ExitTrouble, nil},
		{"bad tolerance", []string{"--tolerance", "duration=abc", h264, vp9}, ExitTrouble, nil},
		{"one argument", []string{h264}, ExitTrouble, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, t.Context(), false, append([]string{"diff"}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			if tc.code == ExitTrouble {
				if r.stderr == "" || r.stdout != "" {
					t.Errorf("trouble must be explained on stderr only: stdout %q stderr %q", r.stdout, r.stderr)
				}
				return
			}
			var got diffReport
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatalf("JSON output: %v\n%s", err, r.stdout)
			}
			if got.Same != (tc.code == ExitOK) || got.Compared == 0 {
				t.Errorf("same=%v compared=%d", got.Same, got.Compared)
			}
			fields := map[string]bool{}
			for _, d := range got.Differences {
				fields[d.Field] = true
			}
			for _, f := range tc.fields {
				if !fields[f] {
					t.Errorf("no difference in %s: %v", f, got.Differences)
				}
			}
		})
	}
}

func TestDiffTable(t *testing.T) {
	r := diffReport{
		A: diffSide{Input: "a.mp4", Kind: "media"}, B: diffSide{Input: "b.json", Kind: "baseline"},
		Result: diff.Result{Compared: 57, Tolerated: 1, Ignored: diff.DefaultIgnore, Differences: []diff.Difference{
			{Field: "video[0].codec", Kind: diff.Changed, A: "h264", B: "hevc"},
			{Field: "duration", Kind: diff.Changed, A: 10.0, B: 10.5, Tolerance: "duration=0.05"},
			{Field: "audio[1]", Kind: diff.OnlyInB, B: map[string]any{"codec": "ac3"}},
		}},
	}
	var b strings.Builder
	if err := writeDiffTable(&b, r); err != nil {
		t.Fatal(err)
	}
	want := `FIELD           A: a.mp4  B: b.json        NOTE
video[0].codec  h264      hevc             
duration        10        10.5             beyond duration=0.05
audio[1]        (absent)  {"codec":"ac3"}  
3 differences: 57 fields compared, 1 within tolerance; ignored: tags.encoder, tags.creation_time
`
	if b.String() != want {
		t.Errorf("table\n%s\nwant\n%s", b.String(), want)
	}
}
