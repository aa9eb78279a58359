package probe

import (
	"reflect"
	"testing"
)

const (
	doviRecord = `{"side_data_type": "DOVI configuration record", "dv_version_major": 1, "dv_version_minor": 0,
		"dv_profile": %d, "dv_level": %d, "rpu_present_flag": 1, "el_present_flag": %d, "bl_present_flag": 1,
		"dv_bl_signal_compatibility_id": %d}`
	hdr10PlusFrame = `"side_data_list": [{"side_data_type": "HDR Dynamic Metadata SMPTE2094-40 (HDR10+)",
		"application version": 1, "num_windows": 1, "maxscl": "17830/100000", "maxscl": "16895/100000"}]`
	masteringData = `{"side_data_type": "Mastering display metadata", "red_x": "35400/50000", "red_y": "14600/50000",
		"green_x": "8500/50000", "green_y": "39850/50000", "blue_x": "6550/50000", "blue_y": "2300/50000",
		"white_point_x": "15635/50000", "white_point_y": "16450/50000", "min_luminance": "50/10000",
		"max_luminance": "40000000/10000"}`
	lightLevel = `{"side_data_type": "Content light level metadata", "max_content": 1000, "max_average": 400}`
	pq         = `"pix_fmt": "yuv420p10le", "color_transfer": "smpte2084", "color_primaries": "bt2020"`
)

func TestHDRKind(t *testing.T) {
	tests := []struct {
		name, stream, frame string
		kind                string
		hdr10Plus           bool
		dv                  *DolbyVision
	}{
		{"SDR bt709", `"color_transfer": "bt709"`, "", HDRKindSDR, false, nil},
		{"SDR when nothing is said", ``, "", HDRKindSDR, false, nil},
		{"HLG", `"color_transfer": "arib-std-b67"`, "", HDRKindHLG, false, nil},
		{"HDR10 from PQ", pq, "", HDRKindHDR10, false, nil},
		{"PQ from the first frame", ``, `"color_transfer": "smpte2084"`, HDRKindHDR10, false, nil},
		{"HDR10+ from frame side data", pq, hdr10PlusFrame, HDRKindHDR10Plus, true, nil},
		{"Dolby Vision profile 8.1", pq + `, "side_data_list": [` + sprintf(doviRecord, 8, 6, 0, 1) + `]`, "",
			HDRKindDolbyVision, false, &DolbyVision{Profile: 8, Level: 6, Compatibility: 1, ProfileName: "8.1", RPU: true, BL: true}},
		{"Dolby Vision profile 8.4 over HLG", `"color_transfer": "arib-std-b67", "side_data_list": [` + sprintf(doviRecord, 8, 4, 0, 4) + `]`, "",
			HDRKindDolbyVision, false, &DolbyVision{Profile: 8, Level: 4, Compatibility: 4, ProfileName: "8.4", RPU: true, BL: true}},
		{"Dolby Vision profile 5", `"side_data_list": [` + sprintf(doviRecord, 5, 6, 0, 0) + `]`, "",
			HDRKindDolbyVision, false, &DolbyVision{Profile: 5, Level: 6, ProfileName: "5", RPU: true, BL: true}},
		{"Dolby Vision profile 7.6 with enhancement layer", pq + `, "side_data_list": [` + sprintf(doviRecord, 7, 6, 1, 6) + `]`, "",
			HDRKindDolbyVision, false, &DolbyVision{Profile: 7, Level: 6, Compatibility: 6, ProfileName: "7.6", RPU: true, EL: true, BL: true}},
		{"Dolby Vision RPU only", pq, `"side_data_list": [{"side_data_type": "Dolby Vision RPU Data"}]`,
			HDRKindDolbyVision, false, &DolbyVision{RPU: true}},
		{"Dolby Vision and HDR10+", pq + `, "side_data_list": [` + sprintf(doviRecord, 8, 6, 0, 1) + `]`, hdr10PlusFrame,
			HDRKindDolbyVision, true, &DolbyVision{Profile: 8, Level: 6, Compatibility: 1, ProfileName: "8.1", RPU: true, BL: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := videoFrom(t, tt.stream, tt.frame).HDR
			if h.Kind != tt.kind || h.HDR10Plus != tt.hdr10Plus || !reflect.DeepEqual(h.DolbyVision, tt.dv) {
				t.Errorf("kind %q, hdr10+ %v, dolby vision %+v; want %q, %v, %+v", h.Kind, h.HDR10Plus, h.DolbyVision, tt.kind, tt.hdr10Plus, tt.dv)
			}
		})
	}
}

func TestHDRStaticMetadata(t *testing.T) {
	wantDisplay := &MasteringDisplay{
		RedX: 0.708, RedY: 0.292, GreenX: 0.17, GreenY: 0.797, BlueX: 0.131, BlueY: 0.046,
		WhitePointX: 0.3127, WhitePointY: 0.329, MinLuminance: 0.005, MaxLuminance: 4000,
	}
	wantLight := &ContentLight{MaxCLL: 1000, MaxFALL: 400}
	tests := []struct {
		name, stream, frame string
		display             *MasteringDisplay
		light               *ContentLight
	}{
		{"on the stream (MKV, MP4)", pq + `, "side_data_list": [` + masteringData + `, ` + lightLevel + `]`, "", wantDisplay, wantLight},
		{"in the first frame (HEVC SEI)", pq, `"side_data_list": [` + masteringData + `, ` + lightLevel + `]`, wantDisplay, wantLight},
		{"stream wins over frame", pq + `, "side_data_list": [` + lightLevel + `]`,
			`"side_data_list": [{"side_data_type": "Content light level metadata", "max_content": 1, "max_average": 1}]`, nil, wantLight},
		{"absent", pq, "", nil, nil},
		{"malformed values read as zero", pq + `, "side_data_list": [{"side_data_type": "Mastering display metadata", "red_x": "a/b", "max_luminance": {}}]`, "",
			&MasteringDisplay{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := videoFrom(t, tt.stream, tt.frame).HDR
			if !reflect.DeepEqual(h.MasteringDisplay, tt.display) || !reflect.DeepEqual(h.ContentLight, tt.light) {
				t.Errorf("mastering %+v, light %+v; want %+v, %+v", h.MasteringDisplay, h.ContentLight, tt.display, tt.light)
			}
		})
	}
}
