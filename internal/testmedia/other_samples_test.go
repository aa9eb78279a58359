package testmedia

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Checks of the audio-only, image, broken and late-audio samples.

func checkMP3(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	wantFormat(t, res, "mp3", 2)
	wantAudio(t, res, audioFacts{"mp3", "44100", "stereo", 2})
	tags := res.Format.Tags
	if tags["title"] != "Sine" || tags["artist"] != "testmedia" || tags["album"] != "Samples" {
		t.Errorf("tags %v, want title Sine, artist testmedia, album Samples", tags)
	}
}

func checkFLAC(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	wantFormat(t, res, "flac", 1)
	a := wantAudio(t, res, audioFacts{"flac", "48000", "stereo", 2})
	if a.SampleFmt != "s32" || a.BitsPerRawSample != "24" {
		t.Errorf("sample_fmt %s, bits_per_raw_sample %s; want s32, 24", a.SampleFmt, a.BitsPerRawSample)
	}
}

func checkWAV(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	wantFormat(t, res, "wav", 1)
	// A plain WAVEFORMATEX header has no channel mask, so no layout.
	wantAudio(t, res, audioFacts{"pcm_s16le", "44100", "", 2})
}

func checkPNG(t *testing.T, ffprobe, path string) {
	res := probe(t, ffprobe, path, "-show_format", "-show_streams")
	if res.Format.FormatName != "png_pipe" {
		t.Errorf("format %q, want png_pipe", res.Format.FormatName)
	}
	v := streamsOf(t, res, "video", 1)[0]
	if v.CodecName != "png" || v.PixFmt != "rgb24" || v.Width != 320 || v.Height != 240 {
		t.Errorf("image %s %s %dx%d, want png rgb24 320x240", v.CodecName, v.PixFmt, v.Width, v.Height)
	}
}

func checkEmpty(t *testing.T, ffprobe, path string) {
	if size := fileSize(t, path); size != 0 {
		t.Errorf("size %d bytes, want 0", size)
	}
	wantProbeFailure(t, ffprobe, path, "Invalid data found when processing input")
}

func checkText(t *testing.T, ffprobe, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	printable := func(r rune) bool { return r == '\n' || (r >= ' ' && r <= '~') }
	if len(data) == 0 || strings.IndexFunc(string(data), func(r rune) bool { return !printable(r) }) >= 0 {
		t.Errorf("content %q, want non-empty printable ASCII text", data)
	}
	wantProbeFailure(t, ffprobe, path, "Invalid data found when processing input")
}

func checkTruncated(t *testing.T, ffprobe, path string) {
	if size := fileSize(t, path); size < 10_000 {
		t.Errorf("size %d bytes, want a real half file (≥ 10000)", size)
	}
	boxes, complete := topLevelBoxes(t, path)
	if complete || slices.Contains(boxes, "moov") {
		t.Errorf("top-level boxes %v (complete %v), want a cut-off file with no moov", boxes, complete)
	}
	wantProbeFailure(t, ffprobe, path, "moov atom not found")
}

// checkLateAudioTS proves the sample reproduces the problem: default
// probing misreads the audio (and a bigger probesize alone does not help),
// a longer analyzeduration reads it right.
func checkLateAudioTS(t *testing.T, ffprobe, path string) {
	for _, opts := range [][]string{nil, {"-probesize", "50M"}} {
		a := streamsOf(t, probe(t, ffprobe, path, append(opts, "-show_streams")...), "audio", 1)[0]
		if a.SampleRate != "0" {
			t.Errorf("ffprobe %v: audio sample_rate %s, want 0 (audio not found within the default 5 s)", opts, a.SampleRate)
		}
		t.Logf("ffprobe %v: audio %s, sample_rate %s, channels %d", opts, a.CodecName, a.SampleRate, a.Channels)
	}
	res := probe(t, ffprobe, path, "-probesize", "50M", "-analyzeduration", "30M", "-show_format", "-show_streams")
	wantFormat(t, res, "mpegts", 20)
	v := wantVideo(t, res, videoFacts{"mpeg2video", "Main", "yuv420p", "25/1", 160, 120})
	a := wantAudio(t, res, audioFacts{"mp2", "44100", "stereo", 2})
	videoStart, err1 := strconv.ParseFloat(v.StartTime, 64)
	audioStart, err2 := strconv.ParseFloat(a.StartTime, 64)
	if err1 != nil || err2 != nil || audioStart-videoStart < 14.9 || audioStart-videoStart > 15.1 {
		t.Errorf("video starts at %q s, audio at %q s; want audio 15 s after video", v.StartTime, a.StartTime)
	}
}

// wantProbeFailure checks that plain ffprobe exits 1 with this message.
func wantProbeFailure(t *testing.T, ffprobe, path, message string) {
	t.Helper()
	_, stderr, code := runFFprobe(t, ffprobe, "-v", "error", "-show_format", "-show_streams", path)
	if code != 1 || !strings.Contains(stderr, message) {
		t.Errorf("ffprobe exit %d, stderr %q; want exit 1 and %q", code, stderr, message)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}
