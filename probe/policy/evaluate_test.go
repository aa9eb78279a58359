package policy

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/probe"
)

// sampleFile names a test input: a testmedia sample or a file made here.
type sampleFile func(t *testing.T) string

func sample(name string) sampleFile {
	return func(t *testing.T) string { return testmedia.Path(t, name) }
}

// withoutFaststart is H264AAC remuxed without -movflags +faststart, so its
// moov box follows mdat (ffmpeg's default).
func withoutFaststart(t *testing.T) string {
	return ffmpegMake(t, "-i", testmedia.Path(t, testmedia.H264AAC), "-c", "copy", "late_moov.mp4")
}

// broadcast makes 0.2 s of HD video with 48 kHz audio.
func broadcast(name, size, rate string, video ...string) sampleFile {
	return func(t *testing.T) string {
		args := []string{"-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate,
			"-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "0.2"}
		return ffmpegMake(t, append(append(args, video...), name)...)
	}
}

var (
	hd1080i25 = broadcast("1080i25.ts", "1920x1080", "25", "-c:v", "mpeg2video", "-pix_fmt", "yuv422p",
		"-flags", "+ilme+ildct", "-top", "1", "-c:a", "mp2", "-ar", "48000")
	hd1080i50 = broadcast("1080i50.ts", "1920x1080", "50", "-c:v", "mpeg2video", "-pix_fmt", "yuv422p",
		"-flags", "+ilme+ildct", "-top", "1", "-c:a", "mp2", "-ar", "48000")
	hd720p50 = broadcast("720p50.mov", "1280x720", "50", "-c:v", "libx264", "-preset", "ultrafast",
		"-pix_fmt", "yuv420p", "-c:a", "pcm_s24le")
)

// TestPresetsOnMedia evaluates each preset on real media and compares every
// outcome that did not pass, with its message.
func TestPresetsOnMedia(t *testing.T) {
	tests := []struct {
		name   string
		file   sampleFile
		preset string
		want   []string // "severity rule [stream N]: message", in rule order
	}{
		{"H264AAC passes web", sample(testmedia.H264AAC), "web", nil},
		{"H264AAC without faststart fails only faststart", withoutFaststart, "web", []string{
			"error faststart: the index (moov) is not at the front of the file; remux with ffmpeg -i IN -c copy -movflags +faststart OUT",
		}},
		{"VP9Opus fails web", sample(testmedia.VP9Opus), "web", []string{
			"error container: the container is webm; web delivery needs MP4",
			"error video-codec [stream 0]: video stream 0 is vp9; web delivery needs H.264",
			"error audio-codec [stream 1]: audio stream 1 is opus; web delivery needs AAC",
		}},
		{"HEVCHDR10 passes hdr10", sample(testmedia.HEVCHDR10), "hdr10", nil},
		{"H264AAC fails hdr10", sample(testmedia.H264AAC), "hdr10", []string{
			"error video-codec [stream 0]: video stream 0 is h264; HDR10 needs HEVC",
			"error profile [stream 0]: video stream 0 has profile High; HDR10 needs Main 10",
			"error bit-depth [stream 0]: video stream 0 is 8-bit (yuv420p); HDR10 needs 10-bit",
			"error color-primaries [stream 0]: video stream 0 has color primaries unset; HDR10 needs bt2020",
			"error transfer [stream 0]: video stream 0 has transfer unset; HDR10 needs smpte2084 (PQ)",
			"error mastering-display [stream 0]: video stream 0 has no mastering display metadata (SMPTE ST 2086)",
			"warning content-light [stream 0]: video stream 0 has no content light level (MaxCLL/MaxFALL)",
		}},
		{"MP3 passes podcast", sample(testmedia.MP3), "podcast", nil},
		{"WAV fails podcast", sample(testmedia.WAV), "podcast", []string{
			"error container: the container is wav; podcast feeds take MP3 or M4A/MP4 files",
			"error audio-codec [stream 0]: audio stream 0 is pcm_s16le; podcasts need MP3 or AAC",
			"warning bit-rate [stream 0]: audio stream 0 is 1411 kb/s; keep it between 64 and 320 kb/s",
		}},
		{"MKVMulti fails podcast per stream", sample(testmedia.MKVMulti), "podcast", []string{
			"error container: the container is matroska; podcast feeds take MP3 or M4A/MP4 files",
			"error audio-only: the file has 1 video stream(s); a podcast episode is audio only",
			"warning single-audio: the file has 2 audio streams; players play only the first",
			"error channels [stream 2]: audio stream 2 has 6 channels; podcasts are mono or stereo",
		}},
		{"1080i25 passes broadcast-hd", hd1080i25, "broadcast-hd", nil},
		{"720p50 passes broadcast-hd", hd720p50, "broadcast-hd", nil},
		{"1080i50 fails the scan rule", hd1080i50, "broadcast-hd", []string{
			"error scan [stream 0]: video stream 0 is 1080 lines, interlaced at 50 frames/s, which is not an HD broadcast format",
		}},
		{"SD MPEG2Interlaced fails broadcast-hd", sample(testmedia.MPEG2Interlaced), "broadcast-hd", []string{
			"error frame-size [stream 0]: video stream 0 is 720x576; HD broadcast is 1920x1080 or 1280x720",
			"warning display-aspect [stream 0]: video stream 0 displays at 5:4; HD is 16:9",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := tt.file(t)
			p, err := Preset(tt.preset)
			if err != nil {
				t.Fatal(err)
			}
			res := p.Evaluate(inputFor(t, path))
			got := failures(res)
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s on %s: not passed:\n%s\nwant:\n%s", tt.preset, path, lines(got), lines(tt.want))
			}
			if res.OK() != !hasError(tt.want) {
				t.Errorf("OK() = %v with %d errors", res.OK(), res.Errors())
			}
		})
	}
}

func inputFor(t *testing.T, path string) Input {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Result: probeMedia(t, path), Path: path, Size: st.Size()}
}

// failures lists the outcomes that did not pass, one line each.
func failures(r Result) []string {
	var out []string
	for _, o := range r.Outcomes {
		if o.Passed {
			continue
		}
		stream := ""
		if o.StreamIndex != nil {
			stream = fmt.Sprintf(" [stream %d]", *o.StreamIndex)
		}
		out = append(out, fmt.Sprintf("%s %s%s: %s", o.Severity, o.Rule, stream, o.Message))
	}
	return out
}

func hasError(lines []string) bool {
	for _, l := range lines {
		if len(l) > 6 && l[:6] == "error " {
			return true
		}
	}
	return false
}

func lines(s []string) string {
	out := ""
	for _, l := range s {
		out += "  " + l + "\n"
	}
	if out == "" {
		return "  (none)\n"
	}
	return out
}

const tracksPolicy = `name: tracks
rules:
  - name: audio-language
    for: audio
    expr: stream.language == "eng"
    message: "audio stream {{ stream.index }} ({{ stream.title }}) is in {{ stream.language }}, want eng; {{ stream.channels }} channels, {{ report_stream.sample_rate / 1000 }} kHz, width {{ report_stream.width }}"
  - name: subtitles-not-forced
    for: subtitle
    severity: warning
    when: stream.language == "eng"
    expr: not stream.forced
    message: "subtitle stream {{ stream.index }} is forced"
  - name: no-data
    for: data
    expr: false
  - name: chapters
    expr: len(report.chapters) == 3
    message: "{{ len(report.chapters) }} chapters: {{ map(summary.chapters, .title) }}, ends at {{ summary.chapters[1].end }} s"
  - name: nulls
    for: video
    expr: false
    message: "mastering {{ stream.hdr.mastering_display }}; faststart {{ file.faststart }}; tag {{ report.format.tags.nothing }}; fps {{ stream.fps }}"
  - name: cannot-evaluate
    for: video
    expr: stream.hdr.mastering_display.max_luminance > 1000
  - name: omitted-fields-are-zero
    for: audio
    expr: report_stream.width == 0 && report_stream.color_space == "" && len(report_stream.side_data_list) == 0
`

// TestPerStreamRulesAndTemplates runs per-stream rules over MKVMulti (video,
// two audio tracks, a forced subtitle, chapters) and checks each outcome:
// stream binding, when, skipped kinds, templates with numbers, lists and
// nulls, and a rule that cannot be evaluated.
func TestPerStreamRulesAndTemplates(t *testing.T) {
	p, err := Parse("tracks.yaml", []byte(tracksPolicy))
	if err != nil {
		t.Fatal(err)
	}
	res := p.Evaluate(inputFor(t, testmedia.Path(t, testmedia.MKVMulti)))
	nullHint := " (a value is null: give a default with ?? or use ?.)"
	want := []string{
		"audio-language [stream 1] passed",
		"audio-language [stream 2] failed: audio stream 2 (Français) is in fra, want eng; 6 channels, 48 kHz, width 0",
		"subtitles-not-forced [stream 3] failed: subtitle stream 3 is forced",
		"no-data skipped: not applicable: no data streams",
		"chapters failed: 2 chapters: [\"Opening\",\"Ending\"], ends at 2 s",
		"nulls [stream 0] failed: mastering null; faststart null; tag null; fps 25",
		"cannot-evaluate [stream 0] error: cannot fetch max_luminance from <nil> (column 30)" + nullHint,
		"omitted-fields-are-zero [stream 1] passed",
		"omitted-fields-are-zero [stream 2] passed",
	}
	var got []string
	for _, o := range res.Outcomes {
		line := o.Rule
		if o.StreamIndex != nil {
			line += fmt.Sprintf(" [stream %d]", *o.StreamIndex)
		}
		switch {
		case o.Error != "":
			line += " error: " + o.Error
		case o.Skipped:
			line += " skipped: " + o.Message
		case o.Passed:
			line += " passed"
		default:
			line += " failed: " + o.Message
		}
		got = append(got, line)
	}
	if !slices.Equal(got, want) {
		t.Errorf("outcomes:\n%s\nwant:\n%s", lines(got), lines(want))
	}
	if res.Errors() != 4 || res.Warnings() != 1 || res.Skipped() != 1 || res.Passed() != 3 || res.OK() {
		t.Errorf("counts: errors %d warnings %d skipped %d passed %d ok %v", res.Errors(), res.Warnings(), res.Skipped(), res.Passed(), res.OK())
	}
}

func TestEvaluateWithoutResult(t *testing.T) {
	p, err := Parse("x.yaml", []byte("rules:\n  - name: has-video\n    expr: len(summary.video) > 0\n    message: \"no video in {{ file.name == '' ? 'the input' : file.name }}\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := failures(p.Evaluate(Input{}))
	want := []string{"error has-video: no video in the input"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestFileFacts(t *testing.T) {
	spooled := testmedia.Path(t, testmedia.H264AAC)
	tests := []struct {
		name string
		in   Input
		want map[string]any
	}{
		{"path and size given", Input{Path: "/media/Movie.MP4", Size: 42},
			map[string]any{"path": "/media/Movie.MP4", "name": "Movie.MP4", "ext": "mp4", "size": 42.0, "faststart": nil}},
		{"the input name wins over a spooled path; size from the report",
			Input{Path: spooled, Result: &probe.Result{Input: "-", Report: &probe.Report{Format: probe.Format{Size: 7}}}},
			map[string]any{"path": "-", "name": "-", "ext": "", "size": 7.0, "faststart": true}},
		{"nothing", Input{}, map[string]any{"path": "", "name": "", "ext": "", "size": 0.0, "faststart": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fileFacts(tt.in, true); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("file = %v, want %v", got, tt.want)
			}
		})
	}
}
