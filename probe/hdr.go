package probe

// HDR kinds, the values of HDRInfo.Kind.
const (
	HDRKindSDR         = "SDR"
	HDRKindHLG         = "HLG"
	HDRKindHDR10       = "HDR10"
	HDRKindHDR10Plus   = "HDR10+"
	HDRKindDolbyVision = "Dolby Vision"
)

// HDRInfo is a video stream's dynamic range format and its metadata.
type HDRInfo struct {
	// Kind is the most specific format found, the first of: "Dolby Vision"
	// (a DOVI configuration record on the stream, or Dolby Vision RPU side
	// data on the first frame); "HDR10+" (SMPTE 2094-40 dynamic metadata on
	// the first frame); "HDR10" (PQ transfer, smpte2084); "HLG"
	// (arib-std-b67 transfer); else "SDR".
	Kind string `json:"kind" jsonschema:"enum=SDR,enum=HLG,enum=HDR10,enum=HDR10+,enum=Dolby Vision"`
	// HDR10Plus is true when SMPTE 2094-40 dynamic metadata is present,
	// also when Kind is "Dolby Vision" (files can carry both).
	HDR10Plus bool `json:"hdr10_plus"`
	// DolbyVision is the configuration, when Kind is "Dolby Vision".
	DolbyVision *DolbyVision `json:"dolby_vision,omitempty"`
	// MasteringDisplay is SMPTE ST 2086 metadata, from the stream's side
	// data, else the first frame's; absent when neither has it.
	MasteringDisplay *MasteringDisplay `json:"mastering_display,omitempty"`
	// ContentLight is the content light level (MaxCLL, MaxFALL), from the
	// stream's side data, else the first frame's.
	ContentLight *ContentLight `json:"content_light,omitempty"`
}

// DolbyVision is the DOVI decoder configuration record. Without one (a
// raw HEVC stream with RPUs only), Profile and Level are 0 and RPU is true.
type DolbyVision struct {
	// Profile is dv_profile (5, 7, 8…); 0 when unknown.
	Profile int `json:"profile"`
	// Level is dv_level; 0 when unknown.
	Level int `json:"level"`
	// Compatibility is dv_bl_signal_compatibility_id: 1 HDR10, 2 SDR, 4 HLG,
	// 6 BT.2100 PQ (profile 7), 0 none.
	Compatibility int `json:"compatibility"`
	// ProfileName is "profile.compatibility" as usually written ("8.1",
	// "7.6"), or the profile alone when compatibility is 0 ("5"); "" when
	// the profile is unknown.
	ProfileName string `json:"profile_name"`
	// RPU is true when the reshaping metadata (RPU) is present.
	RPU bool `json:"rpu"`
	// EL is true when an enhancement layer is present (profile 7).
	EL bool `json:"el"`
	// BL is true when a base layer is present.
	BL bool `json:"bl"`
}

// MasteringDisplay is the colour volume of the mastering display:
// primaries and white point as CIE 1931 x,y chromaticities and luminance
// in cd/m², as numbers (ffprobe prints them as ratios: "35400/50000").
type MasteringDisplay struct {
	// RedX is the red primary's x.
	RedX float64 `json:"red_x"`
	// RedY is the red primary's y.
	RedY float64 `json:"red_y"`
	// GreenX is the green primary's x.
	GreenX float64 `json:"green_x"`
	// GreenY is the green primary's y.
	GreenY float64 `json:"green_y"`
	// BlueX is the blue primary's x.
	BlueX float64 `json:"blue_x"`
	// BlueY is the blue primary's y.
	BlueY float64 `json:"blue_y"`
	// WhitePointX is the white point's x (0.3127 for D65).
	WhitePointX float64 `json:"white_point_x"`
	// WhitePointY is the white point's y (0.329 for D65).
	WhitePointY float64 `json:"white_point_y"`
	// MinLuminance is the display's minimum luminance in cd/m² (0.0001).
	MinLuminance float64 `json:"min_luminance"`
	// MaxLuminance is the display's maximum luminance in cd/m² (1000).
	MaxLuminance float64 `json:"max_luminance"`
}

// ContentLight is the content light level in cd/m².
type ContentLight struct {
	// MaxCLL is the maximum content light level (ffprobe's max_content).
	MaxCLL int `json:"max_cll"`
	// MaxFALL is the maximum frame-average light level (max_average).
	MaxFALL int `json:"max_fall"`
}
