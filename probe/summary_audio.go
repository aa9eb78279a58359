package probe

import "strings"

// AudioSummary is one audio stream.
type AudioSummary struct {
	// Index is the stream's index in the input.
	Index int `json:"index"`
	// Codec is ffprobe's codec_name ("aac", "flac", "pcm_s24le").
	Codec string `json:"codec"`
	// Profile is ffprobe's profile ("LC", "HE-AACv2").
	Profile string `json:"profile"`
	// Channels is the channel count.
	Channels int `json:"channels"`
	// ChannelLayout is ffprobe's channel_layout ("stereo", "5.1(side)").
	ChannelLayout string `json:"channel_layout"`
	// SampleRate in Hz.
	SampleRate int `json:"sample_rate"`
	// BitDepth is bits per sample: bits_per_raw_sample, else
	// bits_per_sample, else from an integer sample_fmt (u8, s16, s32, s64)
	// for PCM and lossless codecs. 0 for lossy codecs, whose decoded
	// sample format says nothing about the source.
	BitDepth int `json:"bit_depth"`
	// BitRate in bits per second, when the container or its tags say.
	BitRate int64 `json:"bit_rate"`
	// Language is the language tag as written ("eng", "und"); "" when none.
	Language string `json:"language"`
	// Title is the stream's title tag.
	Title string `json:"title"`
	// Default is the "default" disposition: the track players pick.
	Default bool `json:"default"`
	// Forced is the "forced" disposition.
	Forced bool `json:"forced"`
	// Dispositions lists the disposition flags that are set, sorted.
	Dispositions []string `json:"dispositions"`
}

func summarizeAudio(s Stream) AudioSummary {
	return AudioSummary{
		Index:         s.Index,
		Codec:         s.CodecName,
		Profile:       s.Profile,
		Channels:      s.Channels,
		ChannelLayout: s.ChannelLayout,
		SampleRate:    s.SampleRate,
		BitDepth:      audioBitDepth(s),
		BitRate:       s.BitRate,
		Language:      tagValue(s.Tags, "language"),
		Title:         tagValue(s.Tags, "title"),
		Default:       s.Disposition["default"] == 1,
		Forced:        s.Disposition["forced"] == 1,
		Dispositions:  setDispositions(s.Disposition),
	}
}

// losslessAudio are codecs whose decoded integer sample format is the
// source's bit depth.
var losslessAudio = map[string]bool{
	"flac": true, "alac": true, "wavpack": true, "tta": true, "ape": true,
	"tak": true, "truehd": true, "mlp": true, "shorten": true, "mp4als": true,
}

var sampleFmtBits = map[string]int{"u8": 8, "s16": 16, "s32": 32, "s64": 64}

func audioBitDepth(s Stream) int {
	switch {
	case s.BitsPerRawSample > 0:
		return s.BitsPerRawSample
	case s.BitsPerSample > 0:
		return s.BitsPerSample
	case strings.HasPrefix(s.CodecName, "pcm_") || losslessAudio[s.CodecName]:
		return sampleFmtBits[strings.TrimSuffix(s.SampleFmt, "p")]
	}
	return 0
}
