package probe

import (
	"reflect"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// TestSummarizeGeneratedMedia probes the generated samples, whose facts
// are known by construction (see internal/testmedia), with the real
// ffprobe and checks the Summary says them.
func TestSummarizeGeneratedMedia(t *testing.T) {
	ffprobe := testenv.FFprobe(t)
	tests := []struct {
		sample string
		check  func(t *testing.T, s Summary)
	}{
		{testmedia.H264AAC, func(t *testing.T, s Summary) {
			v, a := onlyVideo(t, s), onlyAudio(t, s)
			expect(t, "container", s.Container, "mp4")
			expect(t, "video", []any{v.Codec, v.Width, v.Height, v.FrameRate, v.VFR, v.ScanType, v.HDR.Kind}, []any{"h264", 320, 240, "25/1", false, "progressive", "SDR"})
			expect(t, "audio", []any{a.Codec, a.Channels, a.SampleRate, a.BitDepth}, []any{"aac", 2, 48000, 0})
		}},
		{testmedia.HEVCHDR10, func(t *testing.T, s Summary) {
			v := onlyVideo(t, s)
			expect(t, "hevc 10-bit 4:2:0 PQ", []any{v.Codec, v.BitDepth, v.ChromaSubsampling, v.ColorTransfer, v.HDR.Kind}, []any{"hevc", 10, "4:2:0", "smpte2084", "HDR10"})
			if md, cl := v.HDR.MasteringDisplay, v.HDR.ContentLight; md == nil || cl == nil {
				t.Fatalf("no HDR10 static metadata: %+v", v.HDR)
			} else {
				expect(t, "mastering display", []any{md.MaxLuminance, md.MinLuminance, md.GreenX, md.RedX}, []any{1000.0, 0.0001, 0.265, 0.68})
				expect(t, "content light", *cl, ContentLight{MaxCLL: 1000, MaxFALL: 400})
			}
		}},
		{testmedia.VP9Opus, func(t *testing.T, s Summary) {
			expect(t, "webm vp9 opus", []any{s.Container, onlyVideo(t, s).Codec, onlyAudio(t, s).Codec}, []any{"webm", "vp9", "opus"})
		}},
		{testmedia.MKVMulti, func(t *testing.T, s Summary) {
			expect(t, "container", s.Container, "matroska")
			if len(s.Audio) != 2 || len(s.Subtitles) != 1 || len(s.Chapters) != 2 {
				t.Fatalf("got %d audio, %d subtitles, %d chapters; want 2, 1, 2", len(s.Audio), len(s.Subtitles), len(s.Chapters))
			}
			expect(t, "audio 1", []any{s.Audio[0].Language, s.Audio[0].Default, s.Audio[0].Channels}, []any{"eng", true, 2})
			expect(t, "audio 2", []any{s.Audio[1].Language, s.Audio[1].Default, s.Audio[1].Channels}, []any{"fra", false, 6})
			expect(t, "subtitle", []any{s.Subtitles[0].Codec, s.Subtitles[0].Forced, s.Subtitles[0].Default}, []any{"subrip", true, false})
			expect(t, "chapters", []any{s.Chapters[0].Title, s.Chapters[1].Title, s.Chapters[1].End}, []any{"Opening", "Ending", 2.0})
		}},
		{testmedia.MPEG2Interlaced, func(t *testing.T, s Summary) {
			v := onlyVideo(t, s)
			expect(t, "interlaced mpeg-2", []any{s.Container, v.Codec, v.ScanType, v.FieldOrder, v.LevelName}, []any{"mpegts", "mpeg2video", "interlaced", "tff", "Main"})
		}},
		{testmedia.Rotated, func(t *testing.T, s Summary) {
			v := onlyVideo(t, s)
			expect(t, "rotation and display size", []any{v.Rotation, v.Width, v.Height, v.DisplayWidth, v.DisplayHeight, v.DisplayAspectRatio}, []any{90, 1280, 720, 720, 1280, "9:16"})
		}},
		{testmedia.VFR, func(t *testing.T, s Summary) {
			expect(t, "vfr", onlyVideo(t, s).VFR, true)
		}},
		{testmedia.MP3, func(t *testing.T, s Summary) {
			expect(t, "mp3", []any{s.Container, onlyAudio(t, s).Codec}, []any{"mp3", "mp3"})
			if s.Tags.Title == "" || s.Tags.Artist == "" || s.Tags.Album == "" {
				t.Errorf("ID3 title, artist, album missing: %+v", s.Tags)
			}
		}},
		{testmedia.FLAC, func(t *testing.T, s Summary) {
			expect(t, "24-bit flac", []any{s.Container, onlyAudio(t, s).BitDepth}, []any{"flac", 24})
		}},
		{testmedia.WAV, func(t *testing.T, s Summary) {
			expect(t, "16-bit wav", []any{s.Container, onlyAudio(t, s).Codec, onlyAudio(t, s).BitDepth}, []any{"wav", "pcm_s16le", 16})
		}},
		{testmedia.PNG, func(t *testing.T, s Summary) {
			v := onlyVideo(t, s)
			expect(t, "png image", []any{s.Container, v.Codec, v.ChromaSubsampling, v.BitDepth}, []any{"png", "png", "4:4:4", 8})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			r := probeFile(t, ffprobe, testmedia.Path(t, tt.sample))
			tt.check(t, Summarize(r))
		})
	}
}

func onlyVideo(t *testing.T, s Summary) VideoSummary {
	t.Helper()
	if len(s.Video) != 1 {
		t.Fatalf("got %d video streams, want 1", len(s.Video))
	}
	return s.Video[0]
}

func onlyAudio(t *testing.T, s Summary) AudioSummary {
	t.Helper()
	if len(s.Audio) != 1 {
		t.Fatalf("got %d audio streams, want 1", len(s.Audio))
	}
	return s.Audio[0]
}

func expect(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}
