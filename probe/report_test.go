package probe

import (
	"reflect"
	"testing"
)

func TestMissingEssentials(t *testing.T) {
	tests := []struct {
		name, streams string
		want          []string
	}{
		{"complete", `{"index": 0, "codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080},
			{"index": 1, "codec_type": "audio", "codec_name": "aac", "sample_rate": "48000", "channels": 2}`, nil},
		{"audio without sample rate", `{"index": 0, "codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080},
			{"index": 1, "codec_type": "audio", "codec_name": "aac", "sample_rate": "0", "channels": 2}`,
			[]string{"stream 1 (audio): sample_rate is 0"}},
		{"audio with nothing", `{"index": 0, "codec_type": "audio"}`,
			[]string{"stream 0 (audio): codec_name is empty", "stream 0 (audio): sample_rate is 0", "stream 0 (audio): channels is 0"}},
		{"video without size", `{"index": 2, "codec_type": "video", "codec_name": "hevc"}`,
			[]string{"stream 2 (video): width is 0", "stream 2 (video): height is 0"}},
		{"video codec unknown to ffprobe", `{"index": 0, "codec_type": "video", "codec_tag_string": "vvc1", "width": 1280, "height": 720}`,
			[]string{"stream 0 (video): codec_name is empty"}},
		{"subtitle, attachment, data and unknown need nothing", `{"index": 0, "codec_type": "subtitle"},
			{"index": 1, "codec_type": "attachment"}, {"index": 2, "codec_type": "data"}, {"index": 3}`, nil},
		{"no streams", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseReport([]byte(`{"streams": [` + tt.streams + `]}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := r.MissingEssentials(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("MissingEssentials() = %q, want %q", got, tt.want)
			}
		})
	}
}
