package testmedia

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

// sampleCheck asserts, with the real ffprobe, that the sample at path is
// what the package documentation says it is.
type sampleCheck func(t *testing.T, ffprobe, path string)

var sampleChecks = map[string]sampleCheck{
	H264AAC:         checkH264AAC,
	HEVCHDR10:       checkHEVCHDR10,
	VP9Opus:         checkVP9Opus,
	MKVMulti:        checkMKVMulti,
	MPEG2Interlaced: checkMPEG2Interlaced,
	Rotated:         checkRotated,
	VFR:             checkVFR,
	MP3:             checkMP3,
	FLAC:            checkFLAC,
	WAV:             checkWAV,
	PNG:             checkPNG,
	Empty:           checkEmpty,
	Text:            checkText,
	Truncated:       checkTruncated,
	LateAudioTS:     checkLateAudioTS,
}

// TestSamples generates every sample (or takes it from the cache) and
// checks it. Point FFPROBE_API_TESTMEDIA_DIR at an empty folder to check
// freshly generated ones.
func TestSamples(t *testing.T) {
	ffprobe := testenv.FFprobe(t)
	for _, name := range All() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			check, ok := sampleChecks[name]
			if !ok {
				t.Fatalf("sample %s has no check in sampleChecks", name)
			}
			check(t, ffprobe, Path(t, name))
		})
	}
}

func checkH264AAC(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	wantFormat(t, res, "mov,mp4,m4a,3gp,3g2,mj2", 2)
	wantVideo(t, res, videoFacts{"h264", "High", "yuv420p", "25/1", 320, 240})
	wantAudio(t, res, audioFacts{"aac", "48000", "stereo", 2})
	if a := streamsOf(t, res, "audio", 1)[0]; a.Profile != "LC" {
		t.Errorf("AAC profile %q, want LC", a.Profile)
	}
	boxes, complete := topLevelBoxes(t, path)
	moov, mdat := slices.Index(boxes, "moov"), slices.Index(boxes, "mdat")
	if !complete || moov < 0 || mdat < 0 || moov > mdat {
		t.Errorf("top-level boxes %v (complete %v), want moov before mdat (faststart)", boxes, complete)
	}
}

func checkHEVCHDR10(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	v := wantVideo(t, res, videoFacts{"hevc", "Main 10", "yuv420p10le", "25/1", 320, 240})
	got := []string{v.CodecTag, v.ColorSpace, v.ColorTransfer, v.ColorPrimaries}
	if want := []string{"hvc1", "bt2020nc", "smpte2084", "bt2020"}; !slices.Equal(got, want) {
		t.Errorf("tag, color space, transfer, primaries = %v, want %v", got, want)
	}
	frames := probe(t, ffprobe, path, "-show_frames", "-read_intervals", "%+#1", "-select_streams", "v").Frames
	if len(frames) != 1 {
		t.Fatalf("%d frames with -read_intervals %%+#1, want 1", len(frames))
	}
	mastering := findSideData(frames[0].SideData, "Mastering display metadata")
	light := findSideData(frames[0].SideData, "Content light level metadata")
	if mastering == nil || light == nil {
		t.Fatalf("first frame side data %+v, want mastering display and content light level", frames[0].SideData)
	}
	if mastering.MaxLuminance != "10000000/10000" || light.MaxContent != 1000 || light.MaxAverage != 400 {
		t.Errorf("max luminance %s, MaxCLL %d, MaxFALL %d; want 10000000/10000, 1000, 400",
			mastering.MaxLuminance, light.MaxContent, light.MaxAverage)
	}
}

func checkVP9Opus(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	wantFormat(t, res, "matroska,webm", 2)
	wantVideo(t, res, videoFacts{"vp9", "Profile 0", "yuv420p", "25/1", 320, 240})
	wantAudio(t, res, audioFacts{"opus", "48000", "stereo", 2})
}

func checkMKVMulti(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams", "-show_chapters")
	wantFormat(t, res, "matroska,webm", 2)
	var tracks []string
	for _, s := range res.Streams {
		tracks = append(tracks, strings.Join([]string{s.CodecType, s.CodecName, s.ChannelLayout,
			s.Tags["language"], s.Tags["title"], "default=" + strconv.Itoa(s.Disposition["default"]),
			"forced=" + strconv.Itoa(s.Disposition["forced"])}, " "))
	}
	want := []string{
		"video h264    default=1 forced=0",
		"audio aac stereo eng English default=1 forced=0",
		"audio aac 5.1 fra Français default=0 forced=0",
		"subtitle subrip  eng  default=0 forced=1",
	}
	if !slices.Equal(tracks, want) {
		t.Errorf("tracks:\n%s\nwant:\n%s", strings.Join(tracks, "\n"), strings.Join(want, "\n"))
	}
	var titles []string
	for _, c := range res.Chapters {
		titles = append(titles, c.Tags["title"])
	}
	if !slices.Equal(titles, []string{"Opening", "Ending"}) {
		t.Errorf("chapter titles %q, want [Opening Ending]", titles)
	}
}

func checkMPEG2Interlaced(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	wantFormat(t, res, "mpegts", 1)
	v := wantVideo(t, res, videoFacts{"mpeg2video", "Main", "yuv420p", "25/1", 720, 576})
	if v.FieldOrder != "tt" {
		t.Errorf("field_order %q, want tt (interlaced, top field first)", v.FieldOrder)
	}
	wantAudio(t, res, audioFacts{"mp2", "48000", "stereo", 2})
}

func checkRotated(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_streams")
	v := wantVideo(t, res, videoFacts{"h264", "High", "yuv420p", "25/1", 1280, 720})
	matrix := findSideData(v.SideData, "Display Matrix")
	if matrix == nil || matrix.Rotation != -90 {
		t.Errorf("side data %+v, want a Display Matrix with rotation -90", v.SideData)
	}
}

func checkVFR(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_streams", "-show_entries", "frame=pts_time", "-select_streams", "v")
	v := wantVideo(t, res, videoFacts{"h264", "High", "yuv420p", "30/1", 320, 240})
	if v.AvgFrameRate == v.RFrameRate {
		t.Errorf("avg_frame_rate %s equals r_frame_rate", v.AvgFrameRate)
	}
	steps := ptsSteps(t, res.Frames)
	shortest, longest := slices.Min(steps), slices.Max(steps)
	if len(steps) < 10 || shortest <= 0 || longest < 1.5*shortest {
		t.Errorf("%d pts steps from %.4f s to %.4f s, want at least 10 steps, the longest ≥ 1.5× the shortest",
			len(steps), shortest, longest)
	}
}

func wantFormat(t *testing.T, res probeResult, name string, seconds float64) {
	t.Helper()
	if res.Format.FormatName != name {
		t.Errorf("format %q, want %q", res.Format.FormatName, name)
	}
	if d, err := strconv.ParseFloat(res.Format.Duration, 64); err != nil || math.Abs(d-seconds) > 0.25 {
		t.Errorf("duration %q, want %g s ± 0.25", res.Format.Duration, seconds)
	}
}

// wantVideo checks that there is one video stream, with these facts.
func wantVideo(t *testing.T, res probeResult, want videoFacts) probeStream {
	t.Helper()
	v := streamsOf(t, res, "video", 1)[0]
	if got := v.video(); got != want {
		t.Errorf("video %+v, want %+v", got, want)
	}
	return v
}

// wantAudio checks that there is one audio stream, with these facts.
func wantAudio(t *testing.T, res probeResult, want audioFacts) probeStream {
	t.Helper()
	a := streamsOf(t, res, "audio", 1)[0]
	if got := a.audio(); got != want {
		t.Errorf("audio %+v, want %+v", got, want)
	}
	return a
}

func findSideData(list []sideData, kind string) *sideData {
	for i := range list {
		if list[i].Type == kind {
			return &list[i]
		}
	}
	return nil
}

// ptsSteps returns the gaps, in seconds, between consecutive frames.
func ptsSteps(t *testing.T, frames []probeFrame) []float64 {
	t.Helper()
	var steps []float64
	for i := 1; i < len(frames); i++ {
		prev, err1 := strconv.ParseFloat(frames[i-1].PTSTime, 64)
		next, err2 := strconv.ParseFloat(frames[i].PTSTime, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("frame %d: bad pts_time %q / %q", i, frames[i-1].PTSTime, frames[i].PTSTime)
		}
		steps = append(steps, next-prev)
	}
	if len(steps) == 0 {
		t.Fatal("ffprobe listed fewer than two frames")
	}
	return steps
}
