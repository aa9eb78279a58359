package probe

import (
	"fmt"
	"reflect"
	"testing"
)

// videoFrom summarizes a report holding one video stream (index 0) with
// the given extra stream keys, and optionally its first frame.
func videoFrom(t *testing.T, streamKeys, frame string) VideoSummary {
	t.Helper()
	doc := `{"streams": [{"index": 0, "codec_type": "video"` + prefixComma(streamKeys) + `}]`
	if frame != "" {
		doc += `, "frames": [{"media_type": "video", "stream_index": 0` + prefixComma(frame) + `}]`
	}
	r, err := ParseReport([]byte(doc + "}"))
	if err != nil {
		t.Fatalf("crafted report does not parse: %v\n%s}", err, doc)
	}
	s := Summarize(r)
	if len(s.Video) != 1 {
		t.Fatalf("got %d video streams, want 1", len(s.Video))
	}
	return s.Video[0]
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func prefixComma(keys string) string {
	if keys == "" {
		return ""
	}
	return ", " + keys
}

const displayMatrix = `"side_data_list": [{"side_data_type": "Display Matrix", "displaymatrix": "…", "rotation": %s}]`

func TestVideoGeometry(t *testing.T) {
	tests := []struct {
		name, stream, frame string
		rotation            int
		displayW, displayH  int
		sar, dar            string
	}{
		{"square pixels", `"width": 1920, "height": 1080, "sample_aspect_ratio": "1:1"`, "", 0, 1920, 1080, "1:1", "16:9"},
		{"anamorphic PAL 64:45", `"width": 720, "height": 576, "sample_aspect_ratio": "64:45"`, "", 0, 1024, 576, "64:45", "16:9"},
		{"anamorphic PAL 16:15", `"width": 720, "height": 576, "sample_aspect_ratio": "16:15"`, "", 0, 768, 576, "16:15", "4:3"},
		{"NTSC 8:9 narrows", `"width": 720, "height": 480, "sample_aspect_ratio": "8:9"`, "", 0, 640, 480, "8:9", "4:3"},
		{"unknown SAR 0:1 is square", `"width": 640, "height": 480, "sample_aspect_ratio": "0:1"`, "", 0, 640, 480, "1:1", "4:3"},
		{"missing SAR is square", `"width": 640, "height": 360`, "", 0, 640, 360, "1:1", "16:9"},
		{"display matrix -90 turns 90 clockwise", `"width": 1920, "height": 1080, ` + sprintf(displayMatrix, "-90"), "", 90, 1080, 1920, "1:1", "9:16"},
		{"display matrix 90 turns 270", `"width": 1920, "height": 1080, ` + sprintf(displayMatrix, "90"), "", 270, 1080, 1920, "1:1", "9:16"},
		{"display matrix 180", `"width": 1920, "height": 1080, ` + sprintf(displayMatrix, "180"), "", 180, 1920, 1080, "1:1", "16:9"},
		{"display matrix -180", `"width": 1920, "height": 1080, ` + sprintf(displayMatrix, "-180"), "", 180, 1920, 1080, "1:1", "16:9"},
		{"display matrix -89.97 rounds", `"width": 1920, "height": 1080, ` + sprintf(displayMatrix, "-89.97"), "", 90, 1080, 1920, "1:1", "9:16"},
		{"display matrix as text", `"width": 1920, "height": 1080, ` + sprintf(displayMatrix, `"-90.00"`), "", 90, 1080, 1920, "1:1", "9:16"},
		{"legacy rotate tag is clockwise", `"width": 1280, "height": 720, "tags": {"rotate": "90"}`, "", 90, 720, 1280, "1:1", "9:16"},
		{"legacy rotate tag 270", `"width": 1280, "height": 720, "tags": {"rotate": "270"}`, "", 270, 720, 1280, "1:1", "9:16"},
		{"display matrix wins over tag", `"width": 1280, "height": 720, "tags": {"rotate": "180"}, ` + sprintf(displayMatrix, "-90"), "", 90, 720, 1280, "1:1", "9:16"},
		{"matrix in first frame", `"width": 1280, "height": 720`, sprintf(displayMatrix, "-270"), 270, 720, 1280, "1:1", "9:16"},
		{"anamorphic and rotated", `"width": 720, "height": 576, "sample_aspect_ratio": "64:45", ` + sprintf(displayMatrix, "-90"), "", 90, 576, 1024, "64:45", "9:16"},
		{"no size", `"sample_aspect_ratio": "1:1"`, "", 0, 0, 0, "1:1", ""},
		{"absurd size is not computed", `"width": 1099511627776, "height": 1`, "", 0, 0, 0, "1:1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := videoFrom(t, tt.stream, tt.frame)
			got := []any{v.Rotation, v.DisplayWidth, v.DisplayHeight, v.SampleAspectRatio, v.DisplayAspectRatio}
			want := []any{tt.rotation, tt.displayW, tt.displayH, tt.sar, tt.dar}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rotation, display w, h, sar, dar = %v, want %v", got, want)
			}
		})
	}
}

func TestVideoFrameRate(t *testing.T) {
	tests := []struct {
		name, stream string
		rate         string
		fps          float64
		vfr          bool
	}{
		{"NTSC film", `"r_frame_rate": "24000/1001", "avg_frame_rate": "24000/1001"`, "24000/1001", 23.976, false},
		{"PAL", `"r_frame_rate": "25/1", "avg_frame_rate": "25/1"`, "25/1", 25, false},
		{"unreduced rates", `"r_frame_rate": "50/2", "avg_frame_rate": "25/1"`, "25/1", 25, false},
		{"phone recording within 1%", `"r_frame_rate": "30/1", "avg_frame_rate": "2997/100"`, "2997/100", 29.97, false},
		{"variable frame rate", `"r_frame_rate": "30/1", "avg_frame_rate": "200/9"`, "200/9", 22.222, true},
		{"just beyond tolerance", `"r_frame_rate": "30/1", "avg_frame_rate": "2960/100"`, "148/5", 29.6, true},
		{"field rate on interlaced is constant", `"r_frame_rate": "50/1", "avg_frame_rate": "25/1", "field_order": "tt"`, "25/1", 25, false},
		{"double rate on progressive is variable", `"r_frame_rate": "50/1", "avg_frame_rate": "25/1", "field_order": "progressive"`, "25/1", 25, true},
		{"no average uses r_frame_rate", `"r_frame_rate": "30000/1001", "avg_frame_rate": "0/0"`, "30000/1001", 29.97, false},
		{"no rates", `"r_frame_rate": "0/0", "avg_frame_rate": "0/0"`, "", 0, false},
		{"garbage rates", `"r_frame_rate": "fast", "avg_frame_rate": "1/0"`, "", 0, false},
		{"cover art has no rate", `"r_frame_rate": "90000/1", "avg_frame_rate": "0/0", "disposition": {"attached_pic": 1}`, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := videoFrom(t, tt.stream, "")
			if v.FrameRate != tt.rate || v.FPS != tt.fps || v.VFR != tt.vfr {
				t.Errorf("frame_rate, fps, vfr = %q, %v, %v; want %q, %v, %v", v.FrameRate, v.FPS, v.VFR, tt.rate, tt.fps, tt.vfr)
			}
		})
	}
}

func TestVideoPixelFormat(t *testing.T) {
	tests := []struct {
		name, stream string
		depth        int
		chroma       string
	}{
		{"8-bit 4:2:0", `"pix_fmt": "yuv420p"`, 8, "4:2:0"},
		{"full range jpeg", `"pix_fmt": "yuvj420p"`, 8, "4:2:0"},
		{"10-bit 4:2:0", `"pix_fmt": "yuv420p10le"`, 10, "4:2:0"},
		{"10-bit 4:2:2", `"pix_fmt": "yuv422p10le"`, 10, "4:2:2"},
		{"12-bit 4:4:4 big endian", `"pix_fmt": "yuv444p12be"`, 12, "4:4:4"},
		{"alpha 4:2:0 10-bit", `"pix_fmt": "yuva420p10le"`, 10, "4:2:0"},
		{"DV 4:1:1", `"pix_fmt": "yuv411p"`, 8, "4:1:1"},
		{"semi-planar p010", `"pix_fmt": "p010le"`, 10, "4:2:0"},
		{"nv12", `"pix_fmt": "nv12"`, 8, "4:2:0"},
		{"packed 4:2:2", `"pix_fmt": "uyvy422"`, 8, "4:2:2"},
		{"RGB is 4:4:4", `"pix_fmt": "rgb24"`, 8, "4:4:4"},
		{"planar RGB 10-bit", `"pix_fmt": "gbrp10le"`, 10, "4:4:4"},
		{"48-bit RGB", `"pix_fmt": "rgb48le"`, 16, "4:4:4"},
		{"grey", `"pix_fmt": "gray"`, 8, "4:0:0"},
		{"grey 10-bit", `"pix_fmt": "gray10le"`, 10, "4:0:0"},
		{"bits_per_raw_sample wins", `"pix_fmt": "yuv420p10le", "bits_per_raw_sample": "12"`, 12, "4:2:0"},
		{"unknown format", `"pix_fmt": "bayer_rggb8"`, 0, ""},
		{"no format", ``, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := videoFrom(t, tt.stream, "")
			if v.BitDepth != tt.depth || v.ChromaSubsampling != tt.chroma {
				t.Errorf("bit_depth, chroma = %d, %q; want %d, %q", v.BitDepth, v.ChromaSubsampling, tt.depth, tt.chroma)
			}
		})
	}
}

func TestVideoScanType(t *testing.T) {
	tests := []struct {
		name, stream, frame string
		scan, order         string
	}{
		{"progressive stream", `"field_order": "progressive"`, "", "progressive", "progressive"},
		{"top field first", `"field_order": "tt"`, "", "interlaced", "tff"},
		{"bottom field first", `"field_order": "bb"`, "", "interlaced", "bff"},
		{"top coded bottom shown", `"field_order": "tb"`, "", "interlaced", "bff"},
		{"bottom coded top shown", `"field_order": "bt"`, "", "interlaced", "tff"},
		{"unknown field order", `"field_order": "unknown"`, "", "unknown", "unknown"},
		{"nothing said", ``, "", "unknown", "unknown"},
		{"frame interlaced tff", ``, `"interlaced_frame": 1, "top_field_first": 1`, "interlaced", "tff"},
		{"frame interlaced bff", ``, `"interlaced_frame": 1, "top_field_first": 0`, "interlaced", "bff"},
		{"frame progressive", ``, `"interlaced_frame": 0`, "progressive", "progressive"},
		{"frame overrides container flag", `"field_order": "progressive"`, `"interlaced_frame": 1, "top_field_first": 0`, "interlaced", "bff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := videoFrom(t, tt.stream, tt.frame)
			if v.ScanType != tt.scan || v.FieldOrder != tt.order {
				t.Errorf("scan_type, field_order = %q, %q; want %q, %q", v.ScanType, v.FieldOrder, tt.scan, tt.order)
			}
		})
	}
}

func TestVideoLevel(t *testing.T) {
	tests := []struct {
		name, codec string
		level       int
		wantLevel   int
		wantName    string
	}{
		{"h264 4.1", "h264", 41, 41, "4.1"},
		{"h264 3.0", "h264", 30, 30, "3.0"},
		{"h264 1b", "h264", 9, 9, "1b"},
		{"hevc 5.1", "hevc", 153, 153, "5.1"},
		{"hevc 4", "hevc", 120, 120, "4.0"},
		{"hevc 6.2", "hevc", 186, 186, "6.2"},
		{"av1 4.0", "av1", 8, 8, "4.0"},
		{"av1 2.0 is level 0", "av1", 0, 0, "2.0"},
		{"av1 max", "av1", 31, 31, ""},
		{"mpeg2 main", "mpeg2video", 8, 8, "Main"},
		{"mpeg2 high", "mpeg2video", 4, 4, "High"},
		{"unknown -99", "vp9", -99, 0, ""},
		{"codec without names", "prores", 3, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := videoFrom(t, sprintf(`"codec_name": %q, "level": %d`, tt.codec, tt.level), "")
			if v.Level != tt.wantLevel || v.LevelName != tt.wantName {
				t.Errorf("level, level_name = %d, %q; want %d, %q", v.Level, v.LevelName, tt.wantLevel, tt.wantName)
			}
		})
	}
}

func TestVideoColour(t *testing.T) {
	v := videoFrom(t, `"color_range": "tv", "color_space": "unknown"`,
		`"color_range": "pc", "color_space": "bt709", "color_primaries": "bt709", "color_transfer": "bt709"`)
	got := []string{v.ColorRange, v.ColorSpace, v.ColorPrimaries, v.ColorTransfer}
	want := []string{"tv", "bt709", "bt709", "bt709"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("colour from stream, else frame = %q, want %q", got, want)
	}
}
