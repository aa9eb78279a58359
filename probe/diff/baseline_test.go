package diff

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/probe"
)

// realResult probes a generated sample with plain ffprobe and builds the
// Result that `probe -o json` prints for it.
func realResult(t *testing.T, sample string) *probe.Result {
	t.Helper()
	ffprobe := testenv.FFprobe(t)
	path := testmedia.Path(t, sample)
	out, err := exec.Command(ffprobe, "-v", "error", "-show_format", "-show_streams", "-show_chapters", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", sample, err)
	}
	r, err := probe.ParseReport(out)
	if err != nil {
		t.Fatal(err)
	}
	return &probe.Result{Input: sample, Summary: probe.Summarize(r), Report: r}
}

func TestReadBaselineRoundTrip(t *testing.T) {
	res := realResult(t, testmedia.MKVMulti)
	saved, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var withoutReport map[string]any
	_ = json.Unmarshal(saved, &withoutReport)
	delete(withoutReport, "report")
	summaryOnly, _ := json.Marshal(withoutReport)

	for name, data := range map[string][]byte{
		"probe -o json":         saved,
		"an array of one":       []byte("[" + string(saved) + "]"),
		"a summary, no report":  summaryOnly,
		"indented, with spaces": append([]byte("\n  "), saved...),
	} {
		t.Run(name, func(t *testing.T) {
			if !LooksLikeJSON(data) {
				t.Fatal("LooksLikeJSON is false")
			}
			got, err := ReadBaseline("base.json", data)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Compare(res.Summary, got, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !d.Same {
				t.Errorf("baseline differs from the probe it was saved from: %+v", d.Differences)
			}
			if len(got.Audio) != 2 || len(got.Chapters) != 2 {
				t.Errorf("baseline lost streams or chapters: %d audio, %d chapters", len(got.Audio), len(got.Chapters))
			}
		})
	}
}

func TestReadBaselineErrors(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"two results", `[{"summary":{}},{"summary":{}}]`, "base.json holds 2 results; diff compares one"},
		{"failed probe", `{"input":"x.mp4","error":{"code":"not_media","message":"not a media file"}}`, "base.json is a failed probe of x.mp4 (not_media: not a media file)"},
		{"no summary", `{"input":"x.mp4"}`, `base.json has no "summary"`},
		{"not JSON", `{"summary": `, "base.json: not a saved result"},
		{"wrong type", `{"summary": {"duration": "long"}}`, "base.json: not a saved result"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadBaseline("base.json", []byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCompareRealMedia compares two different real files: the codecs and
// containers must show, and a file compared with itself must not differ.
func TestCompareRealMedia(t *testing.T) {
	h264 := realResult(t, testmedia.H264AAC)
	vp9 := realResult(t, testmedia.VP9Opus)
	opts, err := NewOptions(DefaultIgnore, []string{"duration=0.1"})
	if err != nil {
		t.Fatal(err)
	}
	same, err := Compare(h264.Summary, h264.Summary, opts)
	if err != nil || !same.Same {
		t.Fatalf("a file differs from itself: %v %+v", err, same.Differences)
	}
	res, err := Compare(h264.Summary, vp9.Summary, opts)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]Difference{}
	for _, d := range res.Differences {
		fields[d.Field] = d
	}
	for field, want := range map[string][2]any{
		"container":      {"mp4", "webm"},
		"video[0].codec": {"h264", "vp9"},
		"audio[0].codec": {"aac", "opus"},
	} {
		d, ok := fields[field]
		if !ok || d.A != want[0] || d.B != want[1] {
			t.Errorf("%s: got %+v, want %v → %v", field, d, want[0], want[1])
		}
	}
	if _, ok := fields["tags.encoder"]; ok {
		t.Error("tags.encoder compared although ignored by default")
	}
}
