package testmedia

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

// Sample names; each is also the sample's file name. See the package
// documentation for what each one is and why it exists.
const (
	H264AAC         = "h264_aac.mp4"        // H.264 High + AAC LC stereo 48 kHz, 2 s, 320x240 25 fps, faststart (moov first)
	HEVCHDR10       = "hevc_hdr10.mp4"      // HEVC Main10, yuv420p10le, BT.2020/PQ, HDR10 mastering display + content light level SEI, tag hvc1
	VP9Opus         = "vp9_opus.webm"       // VP9 + Opus stereo 48 kHz in WebM, 2 s
	MKVMulti        = "multi.mkv"           // H.264, audio eng (default) + fra, forced eng SubRip subtitle, 2 titled chapters
	MPEG2Interlaced = "mpeg2_interlaced.ts" // MPEG-2 video 720x576 25i top field first + MP2 audio
	Rotated         = "rotated.mp4"         // phone-style: display matrix rotation -90, 1280x720 stored, shown 720x1280
	VFR             = "vfr.mp4"             // variable frame rate (really irregular timestamps)
	MP3             = "audio.mp3"           // MP3 stereo 44.1 kHz with ID3 tags
	FLAC            = "audio.flac"          // 24-bit
	WAV             = "audio.wav"           // pcm_s16le
	PNG             = "image.png"           // one 320x240 image
	Empty           = "empty.mp4"           // zero bytes
	Text            = "text.txt"            // plain text, not media
	Truncated       = "truncated.mp4"       // an MP4 cut short so its moov is missing
	LateAudioTS     = "late_audio.ts"       // MPEG-TS whose audio (MP2, 44.1 kHz) starts 15 s after the video
)

// All returns every sample name, in a stable order.
func All() []string {
	names := make([]string, len(catalog))
	for i, s := range catalog {
		names[i] = s.name
	}
	return names
}

// Dir is the cache folder: $FFPROBE_API_TESTMEDIA_DIR, else
// <module root>/.cache/testmedia.
func Dir() string {
	if dir := os.Getenv("FFPROBE_API_TESTMEDIA_DIR"); dir != "" {
		return dir
	}
	return filepath.Join(testenv.ModuleRoot(), ".cache", "testmedia")
}

// Path returns the absolute path of the cached sample called name,
// generating it on first use. It fails the test on an unknown name or when
// generation fails, and skips (fails in CI) when ffmpeg is missing and the
// sample needs it.
func Path(t testing.TB, name string) string {
	t.Helper()
	r, ok := lookup(name)
	if !ok {
		t.Fatalf("testmedia: unknown sample %q; known samples: %v", name, All())
	}
	var ffmpeg string
	if r.needsFFmpeg() {
		ffmpeg = testenv.FFmpeg(t)
	}
	path, err := Generate(t.Context(), ffmpeg, Dir(), name)
	if err != nil {
		t.Fatal(err)
	}
	return path
}
