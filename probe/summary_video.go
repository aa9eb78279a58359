package probe

// VideoSummary is one video stream. Cover art (an attached picture in an
// MP3, M4A or FLAC) is a video stream too, with AttachedPic set.
type VideoSummary struct {
	// Index is the stream's index in the input (ffprobe's index).
	Index int `json:"index"`
	// Codec is ffprobe's codec_name ("h264", "hevc", "vp9").
	Codec string `json:"codec"`
	// Profile is ffprobe's profile ("High", "Main 10").
	Profile string `json:"profile"`
	// Level is ffprobe's level number as the codec codes it (H.264 41,
	// HEVC 153); 0 when unknown (ffprobe prints -99).
	Level int `json:"level"`
	// LevelName is Level as people write it: "4.1" for H.264 41, "5.1" for
	// HEVC 153, "4.0" for AV1 8, "Main" for MPEG-2 8; "" when unknown.
	LevelName string `json:"level_name"`
	// Width is the decoded picture width in pixels (ffprobe's width),
	// before the sample aspect ratio and rotation.
	Width int `json:"width"`
	// Height is the decoded picture height in pixels (ffprobe's height).
	Height int `json:"height"`
	// DisplayWidth is the width a player shows: Width times the sample
	// aspect ratio, rounded; the height when Rotation is 90 or 270.
	DisplayWidth int `json:"display_width"`
	// DisplayHeight is the height a player shows: Height (the sample
	// aspect ratio stretches the width only); the display width when
	// Rotation is 90 or 270.
	DisplayHeight int `json:"display_height"`
	// SampleAspectRatio is the pixel shape as "num:den" ("64:45");
	// "1:1" when the stream does not say (square pixels are assumed).
	SampleAspectRatio string `json:"sample_aspect_ratio"`
	// DisplayAspectRatio is the shape a player shows, reduced ("16:9"):
	// width×SAR num : height×SAR den, computed exactly, and swapped when
	// Rotation is 90 or 270 ("9:16"); "" when the size is unknown.
	DisplayAspectRatio string `json:"display_aspect_ratio"`
	// FrameRate is the frame rate as an exact ratio ("24000/1001"):
	// ffprobe's avg_frame_rate, else r_frame_rate; "" when unknown and for
	// cover art, whose rates (often "90000/1") mean nothing.
	FrameRate string `json:"frame_rate"`
	// FPS is FrameRate as a number, rounded to 3 decimals (23.976).
	FPS float64 `json:"fps"`
	// VFR is true when r_frame_rate and avg_frame_rate are both known and
	// differ by more than 1% of avg_frame_rate, unless the stream is
	// interlaced and r_frame_rate is the field rate (twice the frame rate).
	VFR bool `json:"vfr"`
	// PixFmt is ffprobe's pix_fmt ("yuv420p10le").
	PixFmt string `json:"pix_fmt"`
	// BitDepth is bits per sample: bits_per_raw_sample, else from PixFmt.
	BitDepth int `json:"bit_depth"`
	// ChromaSubsampling is "4:2:0", "4:2:2", "4:4:4", "4:1:1", "4:1:0",
	// "4:4:0" or "4:0:0" (grey), from PixFmt; RGB formats are "4:4:4".
	ChromaSubsampling string `json:"chroma_subsampling"`
	// ColorRange is ffprobe's color_range ("tv" limited, "pc" full), from
	// the stream, else its first frame; "" when unknown.
	ColorRange string `json:"color_range"`
	// ColorSpace is ffprobe's color_space, the YUV matrix ("bt709",
	// "bt2020nc"), from the stream, else its first frame; "" when unknown.
	ColorSpace string `json:"color_space"`
	// ColorPrimaries is ffprobe's color_primaries ("bt709", "bt2020"),
	// from the stream, else its first frame; "" when unknown.
	ColorPrimaries string `json:"color_primaries"`
	// ColorTransfer is ffprobe's color_transfer ("bt709", "smpte2084" for
	// PQ, "arib-std-b67" for HLG), from the stream, else its first frame;
	// "" when unknown.
	ColorTransfer string `json:"color_transfer"`
	// HDR is the dynamic range format and its metadata.
	HDR HDRInfo `json:"hdr"`
	// Rotation is how many degrees clockwise the viewer must turn the
	// decoded picture to show it upright: 0, 90, 180 or 270. From the
	// Display Matrix side data (stream, else first frame), whose
	// counter-clockwise angle is negated (-90 → 90), else the legacy
	// clockwise "rotate" tag; rounded to the nearest quarter turn.
	Rotation int `json:"rotation"`
	// ScanType is "progressive", "interlaced" or "unknown": from the first
	// decoded frame's interlaced_frame when the report has it (containers
	// can mislabel), else from the stream's field_order.
	ScanType string `json:"scan_type" jsonschema:"enum=progressive,enum=interlaced,enum=unknown"`
	// FieldOrder is the field shown first: "tff", "bff"; "progressive" for
	// progressive video, "unknown" when not known. From the first frame's
	// top_field_first, else field_order ("tt", "bt" → tff; "bb", "tb" →
	// bff).
	FieldOrder string `json:"field_order" jsonschema:"enum=progressive,enum=tff,enum=bff,enum=unknown"`
	// BitRate in bits per second, when the container or its tags say.
	BitRate int64 `json:"bit_rate"`
	// Frames is the frame count, when the container or its tags say.
	Frames int64 `json:"frames"`
	// AttachedPic marks cover art: a single picture, not moving video.
	AttachedPic bool `json:"attached_pic"`
	// Dispositions lists the disposition flags that are set ("default",
	// "attached_pic"…), sorted.
	Dispositions []string `json:"dispositions"`
}

func summarizeVideo(s Stream, frame *Frame) VideoSummary {
	v := VideoSummary{
		Index:        s.Index,
		Codec:        s.CodecName,
		Profile:      s.Profile,
		Width:        s.Width,
		Height:       s.Height,
		PixFmt:       s.PixFmt,
		BitRate:      s.BitRate,
		Frames:       s.NBFrames,
		AttachedPic:  s.Disposition["attached_pic"] == 1,
		Dispositions: setDispositions(s.Disposition),
	}
	v.Level, v.LevelName = videoLevel(s.CodecName, s.Level)
	v.Rotation = rotation(s, frame)
	v.applyGeometry(s)
	v.ScanType, v.FieldOrder = scanType(s.FieldOrder, frame)
	if !v.AttachedPic {
		v.FrameRate, v.FPS = frameRate(s)
	}
	v.VFR = isVariableFrameRate(s, v.ScanType == "interlaced")
	v.BitDepth = videoBitDepth(s)
	v.ChromaSubsampling = chromaSubsampling(s.PixFmt)
	v.applyColour(s, frame)
	v.HDR = detectHDR(s, frame, v.ColorTransfer)
	return v
}

// applyColour takes each colour property from the stream, else from the
// first frame; "unknown" counts as absent.
func (v *VideoSummary) applyColour(s Stream, frame *Frame) {
	var f Frame
	if frame != nil {
		f = *frame
	}
	v.ColorRange = firstKnown(s.ColorRange, f.ColorRange)
	v.ColorSpace = firstKnown(s.ColorSpace, f.ColorSpace)
	v.ColorPrimaries = firstKnown(s.ColorPrimaries, f.ColorPrimaries)
	v.ColorTransfer = firstKnown(s.ColorTransfer, f.ColorTransfer)
}

func firstKnown(values ...string) string {
	for _, v := range values {
		if v != "" && v != "unknown" {
			return v
		}
	}
	return ""
}
