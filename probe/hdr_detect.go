package probe

import "strconv"

// Side data types ffprobe prints, as FFmpeg names them.
const (
	sideDataDOVIConfig   = "DOVI configuration record"
	sideDataDOVIRPU      = "Dolby Vision RPU Data"
	sideDataDOVIMetadata = "Dolby Vision Metadata"
	sideDataHDR10Plus    = "HDR Dynamic Metadata SMPTE2094-40 (HDR10+)"
	sideDataMastering    = "Mastering display metadata"
	sideDataContentLight = "Content light level metadata"
)

// detectHDR reads the stream's and its first frame's side data; transfer
// is the stream's colour transfer (from the frame when the stream has
// none). The rule is documented on HDRInfo.Kind.
func detectHDR(s Stream, frame *Frame, transfer string) HDRInfo {
	var frameData []SideData
	if frame != nil {
		frameData = frame.SideDataList
	}
	info := HDRInfo{
		HDR10Plus:        sideDataOfType(frameData, sideDataHDR10Plus) != nil,
		DolbyVision:      dolbyVision(s.SideDataList, frameData),
		MasteringDisplay: masteringDisplay(s.SideDataList, frameData),
		ContentLight:     contentLight(s.SideDataList, frameData),
	}
	switch {
	case info.DolbyVision != nil:
		info.Kind = HDRKindDolbyVision
	case info.HDR10Plus:
		info.Kind = HDRKindHDR10Plus
	case transfer == "smpte2084":
		info.Kind = HDRKindHDR10
	case transfer == "arib-std-b67":
		info.Kind = HDRKindHLG
	default:
		info.Kind = HDRKindSDR
	}
	return info
}

func dolbyVision(streamData, frameData []SideData) *DolbyVision {
	if rec := sideDataOfType(streamData, sideDataDOVIConfig); rec != nil {
		dv := &DolbyVision{
			Profile:       rec.integer("dv_profile"),
			Level:         rec.integer("dv_level"),
			Compatibility: rec.integer("dv_bl_signal_compatibility_id"),
			RPU:           rec.integer("rpu_present_flag") == 1,
			EL:            rec.integer("el_present_flag") == 1,
			BL:            rec.integer("bl_present_flag") == 1,
		}
		dv.ProfileName = dolbyVisionProfileName(dv.Profile, dv.Compatibility)
		return dv
	}
	if sideDataOfType(frameData, sideDataDOVIRPU) != nil || sideDataOfType(frameData, sideDataDOVIMetadata) != nil {
		return &DolbyVision{RPU: true}
	}
	return nil
}

func dolbyVisionProfileName(profile, compatibility int) string {
	switch {
	case profile <= 0:
		return ""
	case compatibility <= 0:
		return strconv.Itoa(profile)
	}
	return strconv.Itoa(profile) + "." + strconv.Itoa(compatibility)
}

func masteringDisplay(streamData, frameData []SideData) *MasteringDisplay {
	sd := sideDataOfType(streamData, sideDataMastering)
	if sd == nil {
		sd = sideDataOfType(frameData, sideDataMastering)
	}
	if sd == nil {
		return nil
	}
	n := func(key string) float64 { v, _ := sd.number(key); return v }
	return &MasteringDisplay{
		RedX: n("red_x"), RedY: n("red_y"),
		GreenX: n("green_x"), GreenY: n("green_y"),
		BlueX: n("blue_x"), BlueY: n("blue_y"),
		WhitePointX: n("white_point_x"), WhitePointY: n("white_point_y"),
		MinLuminance: n("min_luminance"), MaxLuminance: n("max_luminance"),
	}
}

func contentLight(streamData, frameData []SideData) *ContentLight {
	sd := sideDataOfType(streamData, sideDataContentLight)
	if sd == nil {
		sd = sideDataOfType(frameData, sideDataContentLight)
	}
	if sd == nil {
		return nil
	}
	return &ContentLight{MaxCLL: sd.integer("max_content"), MaxFALL: sd.integer("max_average")}
}
