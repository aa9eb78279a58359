package probe

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func summarizeDoc(t *testing.T, doc string) Summary {
	t.Helper()
	r, err := ParseReport([]byte(doc))
	if err != nil {
		t.Fatalf("crafted report does not parse: %v\n%s", err, doc)
	}
	return Summarize(r)
}

func TestContainerName(t *testing.T) {
	const iso = "mov,mp4,m4a,3gp,3g2,mj2"
	tests := []struct {
		name, format, tags, streams string
		want                        string
	}{
		{"mp4 isom", iso, `{"major_brand": "isom", "compatible_brands": "isomiso2avc1mp41"}`, ``, "mp4"},
		{"mp4 dash", iso, `{"major_brand": "dash", "compatible_brands": "iso6avc1"}`, ``, "mp4"},
		{"mov quicktime", iso, `{"major_brand": "qt  ", "compatible_brands": "qt  "}`, ``, "mov"},
		{"mov without ftyp", iso, `{"creation_time": "2010-01-01T00:00:00Z"}`, ``, "mov"},
		{"m4a iTunes", iso, `{"major_brand": "M4A ", "compatible_brands": "M4A mp42isom"}`, ``, "m4a"},
		{"m4b audiobook", iso, `{"major_brand": "M4B "}`, ``, "m4a"},
		{"3gp", iso, `{"major_brand": "3gp5", "compatible_brands": "3gp5isom"}`, ``, "3gp"},
		{"3g2", iso, `{"major_brand": "3g2a"}`, ``, "3g2"},
		{"3g2 by compatible brand", iso, `{"major_brand": "kddi", "compatible_brands": "kddi3g2a"}`, ``, "3g2"},
		{"motion jpeg 2000", iso, `{"major_brand": "mjp2"}`, ``, "mj2"},
		{"unknown brand", iso, `{"major_brand": "xxxx", "compatible_brands": "yyyy"}`, ``, "mp4"},
		{"webm vp9 opus", "matroska,webm", `{}`, `{"index": 0, "codec_name": "vp9"}, {"index": 1, "codec_name": "opus"}`, "webm"},
		{"webm av1 vorbis", "matroska,webm", `{}`, `{"index": 0, "codec_name": "av1"}, {"index": 1, "codec_name": "vorbis"}`, "webm"},
		{"matroska h264", "matroska,webm", `{}`, `{"index": 0, "codec_name": "h264"}, {"index": 1, "codec_name": "opus"}`, "matroska"},
		{"matroska with font attachment", "matroska,webm", `{}`, `{"index": 0, "codec_name": "vp9"}, {"index": 1, "codec_type": "attachment"}`, "matroska"},
		{"matroska without streams", "matroska,webm", `{}`, ``, "matroska"},
		{"png pipe", "png_pipe", `{}`, ``, "png"},
		{"single name", "mpegts", `{}`, ``, "mpegts"},
		{"other list takes the first", "mp3,mp2", `{}`, ``, "mp3"},
		{"nothing known", "", `{}`, ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := summarizeDoc(t, sprintf(`{"format": {"format_name": %q, "tags": %s}, "streams": [%s]}`, tt.format, tt.tags, tt.streams))
			if s.Container != tt.want || s.FormatName != tt.format {
				t.Errorf("container %q (format_name %q), want %q", s.Container, s.FormatName, tt.want)
			}
		})
	}
}

func TestOverallFacts(t *testing.T) {
	tests := []struct {
		name, doc string
		duration  float64
		size      int64
		bitRate   int64
		start     float64
	}{
		{"as ffprobe prints them", `{"format": {"duration": "10.5", "size": "1000", "bit_rate": "800", "start_time": "1.5"}}`, 10.5, 1000, 800, 1.5},
		{"negative start time", `{"format": {"duration": "3.696259", "start_time": "-0.011542"}}`, 3.696259, 0, 0, -0.011542},
		{"bit rate from size and duration", `{"format": {"duration": "8", "size": "1000"}}`, 8, 1000, 1000, 0},
		{"N/A everywhere", `{"format": {"duration": "N/A", "size": "N/A", "bit_rate": "N/A", "start_time": "N/A"}}`, 0, 0, 0, 0},
		{"missing everything", `{}`, 0, 0, 0, 0},
		{"duration from MKV stream tags", `{"format": {"size": "2000"}, "streams": [
			{"index": 0, "codec_type": "video", "tags": {"DURATION": "00:00:10.000000000"}},
			{"index": 1, "codec_type": "audio", "tags": {"DURATION-eng": "00:00:12.500000000"}}]}`, 12.5, 2000, 1280, 0},
		{"negative container duration is unknown", `{"format": {"duration": "-5"}}`, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := summarizeDoc(t, tt.doc)
			got := []any{s.Duration, s.Size, s.BitRate, s.StartTime}
			want := []any{tt.duration, tt.size, tt.bitRate, tt.start}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("duration, size, bit_rate, start_time = %v, want %v", got, want)
			}
		})
	}
}

func TestAudioSummary(t *testing.T) {
	tests := []struct {
		name, stream string
		want         AudioSummary
	}{
		{"aac stereo, lossy has no depth",
			`"codec_name": "aac", "profile": "LC", "sample_fmt": "fltp", "sample_rate": "48000", "channels": 2, "channel_layout": "stereo", "bit_rate": "128000", "tags": {"language": "eng"}, "disposition": {"default": 1, "forced": 0}`,
			AudioSummary{Codec: "aac", Profile: "LC", Channels: 2, ChannelLayout: "stereo", SampleRate: 48000, BitRate: 128000, Language: "eng", Default: true, Dispositions: []string{"default"}}},
		{"flac 24-bit from bits_per_raw_sample",
			`"codec_name": "flac", "sample_fmt": "s32", "sample_rate": "96000", "channels": 2, "bits_per_raw_sample": "24"`,
			AudioSummary{Codec: "flac", Channels: 2, SampleRate: 96000, BitDepth: 24, Dispositions: []string{}}},
		{"pcm from bits_per_sample",
			`"codec_name": "pcm_s24le", "sample_fmt": "s32", "sample_rate": "48000", "channels": 6, "channel_layout": "5.1(side)", "bits_per_sample": 24`,
			AudioSummary{Codec: "pcm_s24le", Channels: 6, ChannelLayout: "5.1(side)", SampleRate: 48000, BitDepth: 24, Dispositions: []string{}}},
		{"lossless from planar sample format",
			`"codec_name": "alac", "sample_fmt": "s16p", "sample_rate": "44100", "channels": 2`,
			AudioSummary{Codec: "alac", Channels: 2, SampleRate: 44100, BitDepth: 16, Dispositions: []string{}}},
		{"float pcm has no integer depth from sample_fmt",
			`"codec_name": "pcm_f32le", "sample_fmt": "flt", "sample_rate": "48000", "channels": 1`,
			AudioSummary{Codec: "pcm_f32le", Channels: 1, SampleRate: 48000, Dispositions: []string{}}},
		{"forced commentary with title, MKV tag case",
			`"codec_name": "opus", "sample_rate": "48000", "channels": 2, "tags": {"LANGUAGE": "fre", "TITLE": "Commentaire"}, "disposition": {"forced": 1, "comment": 1}`,
			AudioSummary{Codec: "opus", Channels: 2, SampleRate: 48000, Language: "fre", Title: "Commentaire", Forced: true, Dispositions: []string{"comment", "forced"}}},
		{"N/A sample rate", `"codec_name": "aac", "sample_rate": "N/A"`, AudioSummary{Codec: "aac", Dispositions: []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := summarizeDoc(t, `{"streams": [{"index": 3, "codec_type": "audio", `+tt.stream+`}]}`)
			tt.want.Index = 3
			if len(s.Audio) != 1 || !reflect.DeepEqual(s.Audio[0], tt.want) {
				t.Errorf("audio = %+v\nwant    %+v", s.Audio, tt.want)
			}
		})
	}
}

func TestOtherStreams(t *testing.T) {
	s := summarizeDoc(t, `{"streams": [
		{"index": 0, "codec_type": "subtitle", "codec_name": "subrip", "tags": {"language": "eng", "title": "English SDH"},
		 "disposition": {"default": 0, "forced": 1, "hearing_impaired": 1}},
		{"index": 1, "codec_type": "attachment", "codec_name": "ttf", "tags": {"filename": "DejaVuSans.ttf", "mimetype": "font/ttf"}},
		{"index": 2, "codec_type": "data", "codec_tag_string": "tmcd", "tags": {"handler_name": "TimeCodeHandler"}},
		{"index": 3, "codec_tag_string": "[0][0][0][0]"}]}`)
	wantSub := []SubtitleSummary{{Index: 0, Codec: "subrip", Language: "eng", Title: "English SDH", Forced: true, HearingImpaired: true,
		Dispositions: []string{"forced", "hearing_impaired"}}}
	wantAttach := []AttachmentSummary{{Index: 1, Codec: "ttf", Filename: "DejaVuSans.ttf", MimeType: "font/ttf"}}
	wantData := []DataSummary{{Index: 2, Type: "data", CodecTag: "tmcd"}, {Index: 3, Type: "unknown", CodecTag: "[0][0][0][0]"}}
	if !reflect.DeepEqual(s.Subtitles, wantSub) {
		t.Errorf("subtitles = %+v, want %+v", s.Subtitles, wantSub)
	}
	if !reflect.DeepEqual(s.Attachments, wantAttach) {
		t.Errorf("attachments = %+v, want %+v", s.Attachments, wantAttach)
	}
	if !reflect.DeepEqual(s.Data, wantData) {
		t.Errorf("data = %+v, want %+v", s.Data, wantData)
	}
}

func TestChaptersAndTags(t *testing.T) {
	s := summarizeDoc(t, `{
		"format": {"tags": {"TITLE": "Film", "ARTIST": "Someone", "DATE_RELEASED": "2020", "encoder": "Lavf59.27.100",
		  "creation_time": "2021-01-02T03:04:05.000000Z", "comment": "hi", "album_artist": "Band", "track": "2/10"}},
		"chapters": [
		  {"id": 1, "time_base": "1/1000", "start": 0, "start_time": "0.000000", "end": 5000, "end_time": "5.000000", "tags": {"title": "Opening"}},
		  {"id": 2, "time_base": "1/1000", "start": 5000, "start_time": "5.000000", "end": 9000, "end_time": "9.000000"}]}`)
	wantChapters := []ChapterSummary{{Start: 0, End: 5, Title: "Opening"}, {Start: 5, End: 9}}
	if !reflect.DeepEqual(s.Chapters, wantChapters) {
		t.Errorf("chapters = %+v, want %+v", s.Chapters, wantChapters)
	}
	wantTags := CommonTags{Title: "Film", Artist: "Someone", AlbumArtist: "Band", Track: "2/10", Date: "2020",
		CreationTime: "2021-01-02T03:04:05.000000Z", Encoder: "Lavf59.27.100", Comment: "hi"}
	if s.Tags != wantTags {
		t.Errorf("tags = %+v, want %+v", s.Tags, wantTags)
	}
}

// TestSummaryJSONShape checks the stable JSON contract: every list is []
// (never null) and an empty summary still has every key.
func TestSummaryJSONShape(t *testing.T) {
	for name, s := range map[string]Summary{"nil report": Summarize(nil), "empty report": summarizeDoc(t, `{}`)} {
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		if strings.Contains(text, "null") {
			t.Errorf("%s: summary JSON has null: %s", name, text)
		}
		for _, key := range []string{`"video":[]`, `"audio":[]`, `"subtitles":[]`, `"attachments":[]`, `"data":[]`, `"chapters":[]`, `"tags":{"title":""`} {
			if !strings.Contains(text, key) {
				t.Errorf("%s: summary JSON lacks %s: %s", name, key, text)
			}
		}
	}
}
