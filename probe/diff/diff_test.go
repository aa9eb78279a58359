package diff

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// sample is a small but complete Summary; cases change copies of it.
func sample() probe.Summary {
	return probe.Summary{
		Container: "mp4", FormatName: "mov,mp4,m4a,3gp,3g2,mj2", Duration: 10.0, Size: 1_000_000, BitRate: 800_000,
		Video: []probe.VideoSummary{{Index: 0, Codec: "h264", Width: 1920, Height: 1080, FPS: 25, BitRate: 700_000,
			HDR: probe.HDRInfo{Kind: "SDR"}, Dispositions: []string{"default"}}},
		Audio:       []probe.AudioSummary{{Index: 1, Codec: "aac", Channels: 2, SampleRate: 48000, BitRate: 96_000, Language: "eng"}},
		Subtitles:   []probe.SubtitleSummary{},
		Attachments: []probe.AttachmentSummary{},
		Data:        []probe.DataSummary{},
		Chapters:    []probe.ChapterSummary{},
		Tags:        probe.CommonTags{Encoder: "Lavf59.27.100", CreationTime: "2024-01-01T00:00:00Z"},
	}
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name       string
		change     func(b *probe.Summary)
		ignore     []string
		tolerances []string
		want       []Difference
		tolerated  int
	}{
		{name: "identical", change: func(*probe.Summary) {}},
		{
			name:   "default ignores hide the encoder and creation time",
			change: func(b *probe.Summary) { b.Tags.Encoder, b.Tags.CreationTime = "Lavf60", "2025-05-05T00:00:00Z" },
			ignore: DefaultIgnore,
		},
		{
			name:   "without ignores the tags differ",
			change: func(b *probe.Summary) { b.Tags.Encoder = "Lavf60" },
			want:   []Difference{{Field: "tags.encoder", Kind: Changed, A: "Lavf59.27.100", B: "Lavf60"}},
		},
		{
			name:   "a codec and a size, in field order",
			change: func(b *probe.Summary) { b.Video[0].Codec, b.Size = "hevc", 900_000 },
			want: []Difference{
				{Field: "size", Kind: Changed, A: int64(1_000_000), B: int64(900_000)},
				{Field: "video[0].codec", Kind: Changed, A: "h264", B: "hevc"},
			},
		},
		{
			name:       "duration within an absolute tolerance",
			change:     func(b *probe.Summary) { b.Duration = 10.04 },
			tolerances: []string{"duration=0.05"},
			tolerated:  1,
		},
		{
			name:       "duration beyond it",
			change:     func(b *probe.Summary) { b.Duration = 10.06 },
			tolerances: []string{"duration=0.05"},
			want:       []Difference{{Field: "duration", Kind: Changed, A: 10.0, B: 10.06, Tolerance: "duration=0.05"}},
		},
		{
			name:       "bitrate percent covers every bit_rate field",
			change:     func(b *probe.Summary) { b.BitRate, b.Video[0].BitRate, b.Audio[0].BitRate = 830_000, 760_000, 96_500 },
			tolerances: []string{"bitrate=5%"},
			want:       []Difference{{Field: "video[0].bit_rate", Kind: Changed, A: int64(700_000), B: int64(760_000), Tolerance: "bitrate=5%"}},
			tolerated:  2,
		},
		{
			name:       "a specific path's tolerance wins when given last",
			change:     func(b *probe.Summary) { b.Video[0].BitRate = 760_000 },
			tolerances: []string{"bit_rate=1%", "video[*].bit_rate=10%"},
			tolerated:  1,
		},
		{
			name: "an extra audio stream",
			change: func(b *probe.Summary) {
				b.Audio = append(b.Audio, probe.AudioSummary{Index: 2, Codec: "ac3", Channels: 6})
			},
			want: []Difference{{Field: "audio[1]", Kind: OnlyInB}},
		},
		{
			name: "ignoring a whole list",
			change: func(b *probe.Summary) {
				b.Audio = nil
				b.Video[0].Dispositions = []string{"default", "forced"}
			},
			ignore: []string{"audio", "video[0].dispositions"},
		},
		{
			name:   "an optional object only one side has",
			change: func(b *probe.Summary) { b.Video[0].HDR.ContentLight = &probe.ContentLight{MaxCLL: 1000, MaxFALL: 400} },
			want:   []Difference{{Field: "video[0].hdr.content_light", Kind: OnlyInB}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := NewOptions(tc.ignore, tc.tolerances)
			if err != nil {
				t.Fatal(err)
			}
			a, b := sample(), sample()
			tc.change(&b)
			res, err := Compare(a, b, opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Same != (len(tc.want) == 0) {
				t.Errorf("Same = %v with %d differences", res.Same, len(res.Differences))
			}
			if got := withoutValuesOfWholes(res.Differences); !slices.EqualFunc(got, tc.want, equalDifference) {
				t.Errorf("differences\n got %+v\nwant %+v", got, tc.want)
			}
			if res.Tolerated != tc.tolerated {
				t.Errorf("tolerated %d, want %d", res.Tolerated, tc.tolerated)
			}
			if res.Compared < 40 {
				t.Errorf("compared only %d fields", res.Compared)
			}
		})
	}
}

// withoutValuesOfWholes drops the values of streams and objects only one
// side has (checked separately), keeping the cases short.
func withoutValuesOfWholes(ds []Difference) []Difference {
	out := slices.Clone(ds)
	for i := range out {
		if out[i].Kind != Changed {
			if out[i].A == nil && out[i].B == nil {
				out[i].Kind = "missing value"
			}
			out[i].A, out[i].B = nil, nil
		}
	}
	return out
}

func equalDifference(a, b Difference) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestCompareOnlyInValue(t *testing.T) {
	a, b := sample(), sample()
	b.Audio = append(b.Audio, probe.AudioSummary{Index: 2, Codec: "ac3", Channels: 6})
	res, err := Compare(a, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Differences[0]
	m, ok := d.B.(map[string]any)
	if d.A != nil || !ok || m["codec"] != "ac3" || m["channels"] != int64(6) {
		t.Errorf("only-in-B stream carried A=%v B=%v", d.A, d.B)
	}
}

func TestNewOptionsErrors(t *testing.T) {
	cases := []struct {
		name               string
		ignore, tolerances []string
		want               string
	}{
		{"unknown field", []string{"tag.encoder"}, nil, `--ignore: field "tag.encoder": the summary has no such field`},
		{"unknown nested field", []string{"video[*].codex"}, nil, `field "video[*].codex": the summary has no such field`},
		{"tolerance on text", nil, []string{"container=1"}, `"container=1": container is not a number field`},
		{"tolerance without value", nil, []string{"duration"}, `want FIELD=AMOUNT or FIELD=PERCENT%`},
		{"negative tolerance", nil, []string{"duration=-1"}, `"-1" is not a non-negative number`},
		{"bad percent", nil, []string{"bit_rate=five%"}, `"five" is not a non-negative number`},
		{"malformed glob", []string{`tags.enc\`}, nil, `malformed pattern`},
		{"empty segment", []string{"video[0]..codec"}, nil, `empty name between dots`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewOptions(tc.ignore, tc.tolerances)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestPatternsNameRealFields(t *testing.T) {
	for _, p := range append(slices.Clone(DefaultIgnore), "video[0].hdr.content_light.max_cll", "chapters", "audio[*].language", "bitrate", "video.*.fps") {
		if _, err := NewOptions([]string{p}, nil); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
