package testmedia

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// recipe says how to make one sample in an empty work folder: write Files,
// run each FFmpeg argument list there (after ffmpegCommonFlags), then, if
// CutToHalf, keep only the first half of the bytes. The sample is the file
// named after it in that folder.
type recipe struct {
	Files     map[string]string `json:"files,omitempty"`
	FFmpeg    [][]string        `json:"ffmpeg,omitempty"`
	CutToHalf bool              `json:"cut_to_half,omitempty"`
}

// ffmpegCommonFlags come before every recipe's own arguments. Every video
// encoder in a recipe runs with -threads 1: x264, x265, libvpx and
// mpeg2video pick a thread count from the machine's cores, and the count
// changes the bitstream, so the samples (and the golden summaries of their
// sizes and bit rates) would differ between machines. x264 and x265 also
// run without their assembly (asm=0): their SIMD paths are not bit-exact
// with each other, so the CPU's instruction set changed the bitstream too
// (an AVX-512 machine made a 92,785-byte h264_aac.mp4 where another made
// 92,667; FFmpeg's own -cpuflags made no difference).
var ffmpegCommonFlags = []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}

func (r recipe) needsFFmpeg() bool { return len(r.FFmpeg) > 0 }

// key is a short hash of everything that decides the sample's bytes apart
// from the ffmpeg build.
func (r recipe) key() string {
	b, err := json.Marshal(struct {
		Common []string
		Recipe recipe
	}{ffmpegCommonFlags, r})
	if err != nil {
		panic("testmedia: recipe cannot be encoded: " + err.Error()) // only strings: cannot happen
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

type sample struct {
	name   string
	recipe recipe
}

// catalog is every sample, in the order All reports them.
var catalog = []sample{
	{H264AAC, ffmpegRecipe(video(320, 240, 25, 2), sine(48000, 2),
		"-map 0:v -map 1:a -c:v libx264 -threads 1 -x264-params asm=0 -preset veryfast -profile:v high -pix_fmt yuv420p",
		"-c:a aac -b:a 96k -ac 2 -movflags +faststart", H264AAC)},
	{HEVCHDR10, ffmpegRecipe(video(320, 240, 25, 1),
		"-c:v libx265 -threads 1 -preset ultrafast -pix_fmt yuv420p10le -tag:v hvc1",
		"-color_primaries bt2020 -color_trc smpte2084 -colorspace bt2020nc -color_range tv",
		"-x265-params asm=0:log-level=error:hdr10=1:hdr10-opt=1:repeat-headers=1"+
			":colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc"+
			":master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,1)"+
			":max-cll=1000,400", HEVCHDR10)},
	{VP9Opus, ffmpegRecipe(video(320, 240, 25, 2), sine(48000, 2),
		"-map 0:v -map 1:a -c:v libvpx-vp9 -threads 1 -deadline realtime -cpu-used 8 -b:v 200k -pix_fmt yuv420p",
		"-c:a libopus -b:a 64k -ac 2", VP9Opus)},
	{MKVMulti, mkvMulti()},
	{MPEG2Interlaced, ffmpegRecipe(video(720, 576, 25, 1), sine(48000, 1),
		"-map 0:v -map 1:a -c:v mpeg2video -threads 1 -b:v 2M -flags +ilme+ildct -top 1 -pix_fmt yuv420p",
		"-c:a mp2 -b:a 128k -ac 2", MPEG2Interlaced)},
	{Rotated, rotated()},
	{VFR, ffmpegRecipe(video(320, 240, 30, 3),
		"-vf select='not(eq(mod(n,5),1))*not(eq(mod(n,7),3))' -fps_mode vfr",
		"-c:v libx264 -threads 1 -x264-params asm=0 -preset veryfast -pix_fmt yuv420p", VFR)},
	{MP3, ffmpegRecipe(sine(44100, 2), "-ac 2 -c:a libmp3lame -b:a 128k",
		"-metadata title=Sine -metadata artist=testmedia -metadata album=Samples", MP3)},
	{FLAC, ffmpegRecipe(sine(48000, 1), "-ac 2 -c:a flac -sample_fmt s32", FLAC)},
	{WAV, ffmpegRecipe(sine(44100, 1), "-ac 2 -c:a pcm_s16le", WAV)},
	{PNG, ffmpegRecipe(video(320, 240, 1, 1), "-frames:v 1 -c:v png -pix_fmt rgb24", PNG)},
	{Empty, recipe{Files: map[string]string{Empty: ""}}},
	{Text, recipe{Files: map[string]string{Text: "This is a plain text file.\n" +
		"It is not media: probing it must fail rather than report audio or video.\n"}}},
	{Truncated, truncated()},
	{LateAudioTS, lateAudio()},
}

func lookup(name string) (recipe, bool) {
	for _, s := range catalog {
		if s.name == name {
			return s.recipe, true
		}
	}
	return recipe{}, false
}
