package probe

import (
	"encoding/json"
	"fmt"
)

// Report is one ffprobe run: its JSON kept verbatim in Raw, and the same
// facts typed, with numbers as numbers. ffprobe prints many numbers as
// strings and leaves some out per container (MKV keeps stream durations in
// tags); ParseReport fills those from where they are. A zero value means
// "not known".
type Report struct {
	Format   Format    `json:"format"`
	Streams  []Stream  `json:"streams"`
	Chapters []Chapter `json:"chapters"`
	Programs []Program `json:"programs"`
	// Frames holds the first decoded frame of each video stream, read in the
	// same ffprobe run, for facts only frame side data carries (HDR10
	// mastering metadata in HEVC SEI, HDR10+, field order).
	Frames []Frame `json:"frames,omitempty"`

	// Raw is ffprobe's own JSON, byte for byte.
	Raw json.RawMessage `json:"-"`
}

// Format is the container.
type Format struct {
	Filename       string            `json:"filename,omitempty"`
	NBStreams      int               `json:"nb_streams"`
	NBPrograms     int               `json:"nb_programs"`
	FormatName     string            `json:"format_name"`
	FormatLongName string            `json:"format_long_name,omitempty"`
	StartTime      float64           `json:"start_time"`
	Duration       float64           `json:"duration"`
	Size           int64             `json:"size"`
	BitRate        int64             `json:"bit_rate"`
	ProbeScore     int               `json:"probe_score"`
	Tags           map[string]string `json:"tags,omitempty"`
}

// Stream is one elementary stream.
type Stream struct {
	Index          int    `json:"index"`
	ID             string `json:"id,omitempty"`
	CodecName      string `json:"codec_name,omitempty"`
	CodecLongName  string `json:"codec_long_name,omitempty"`
	Profile        string `json:"profile,omitempty"`
	CodecType      string `json:"codec_type"` // video, audio, subtitle, data, attachment
	CodecTagString string `json:"codec_tag_string,omitempty"`

	// Video.
	Width              int    `json:"width,omitempty"`
	Height             int    `json:"height,omitempty"`
	CodedWidth         int    `json:"coded_width,omitempty"`
	CodedHeight        int    `json:"coded_height,omitempty"`
	HasBFrames         int    `json:"has_b_frames,omitempty"`
	SampleAspectRatio  string `json:"sample_aspect_ratio,omitempty"`
	DisplayAspectRatio string `json:"display_aspect_ratio,omitempty"`
	PixFmt             string `json:"pix_fmt,omitempty"`
	Level              int    `json:"level,omitempty"`
	ColorRange         string `json:"color_range,omitempty"`
	ColorSpace         string `json:"color_space,omitempty"`
	ColorTransfer      string `json:"color_transfer,omitempty"`
	ColorPrimaries     string `json:"color_primaries,omitempty"`
	ChromaLocation     string `json:"chroma_location,omitempty"`
	FieldOrder         string `json:"field_order,omitempty"`
	Refs               int    `json:"refs,omitempty"`

	// Audio.
	SampleFmt     string `json:"sample_fmt,omitempty"`
	SampleRate    int    `json:"sample_rate,omitempty"`
	Channels      int    `json:"channels,omitempty"`
	ChannelLayout string `json:"channel_layout,omitempty"`
	BitsPerSample int    `json:"bits_per_sample,omitempty"`

	// Timing and size.
	RFrameRate       string  `json:"r_frame_rate,omitempty"`
	AvgFrameRate     string  `json:"avg_frame_rate,omitempty"`
	TimeBase         string  `json:"time_base,omitempty"`
	StartPTS         int64   `json:"start_pts,omitempty"`
	StartTime        float64 `json:"start_time,omitempty"`
	DurationTS       int64   `json:"duration_ts,omitempty"`
	Duration         float64 `json:"duration,omitempty"`
	BitRate          int64   `json:"bit_rate,omitempty"`
	BitsPerRawSample int     `json:"bits_per_raw_sample,omitempty"`
	NBFrames         int64   `json:"nb_frames,omitempty"`

	Disposition  map[string]int    `json:"disposition,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
	SideDataList []SideData        `json:"side_data_list,omitempty"`
}

// SideData is one entry of a stream's or frame's side_data_list, as ffprobe
// printed it (side_data_type plus type-specific keys).
type SideData map[string]any

// Chapter is one chapter mark.
type Chapter struct {
	ID        int64             `json:"id"`
	TimeBase  string            `json:"time_base,omitempty"`
	Start     int64             `json:"start"`
	StartTime float64           `json:"start_time"`
	End       int64             `json:"end"`
	EndTime   float64           `json:"end_time"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// Program is an MPEG-TS program and the streams it carries.
type Program struct {
	ProgramID  int               `json:"program_id"`
	ProgramNum int               `json:"program_num"`
	NBStreams  int               `json:"nb_streams"`
	PMTPid     int               `json:"pmt_pid"`
	PCRPid     int               `json:"pcr_pid"`
	Tags       map[string]string `json:"tags,omitempty"`
	Streams    []Stream          `json:"streams,omitempty"`
}

// Frame is a decoded frame's metadata (no pixels).
type Frame struct {
	MediaType       string     `json:"media_type"`
	StreamIndex     int        `json:"stream_index"`
	KeyFrame        int        `json:"key_frame"`
	PictType        string     `json:"pict_type,omitempty"`
	InterlacedFrame int        `json:"interlaced_frame"`
	TopFieldFirst   int        `json:"top_field_first"`
	ColorRange      string     `json:"color_range,omitempty"`
	ColorSpace      string     `json:"color_space,omitempty"`
	ColorPrimaries  string     `json:"color_primaries,omitempty"`
	ColorTransfer   string     `json:"color_transfer,omitempty"`
	SideDataList    []SideData `json:"side_data_list,omitempty"`
}

// MissingEssentials lists, one line each, the essential parameters a
// stream lacks, as "stream 1 (audio): sample_rate is 0"; nil when every
// stream is complete. Essential are, for video: codec_name, width and
// height; for audio: codec_name, sample_rate and channels. Subtitle,
// attachment, data and unknown streams have no essentials: a subtitle has
// no size or rate, and ffprobe often has no codec name for fonts, timecode
// or vendor data, which larger probe limits would not change.
//
// The self-check uses it to decide whether to probe again with larger
// -probesize and -analyzeduration.
func (r *Report) MissingEssentials() []string {
	var missing []string
	for _, s := range r.Streams {
		var checks []essentialCheck
		switch s.CodecType {
		case "video":
			checks = []essentialCheck{
				{"codec_name is empty", s.CodecName == ""},
				{fmt.Sprintf("width is %d", s.Width), s.Width <= 0},
				{fmt.Sprintf("height is %d", s.Height), s.Height <= 0},
			}
		case "audio":
			checks = []essentialCheck{
				{"codec_name is empty", s.CodecName == ""},
				{fmt.Sprintf("sample_rate is %d", s.SampleRate), s.SampleRate <= 0},
				{fmt.Sprintf("channels is %d", s.Channels), s.Channels <= 0},
			}
		}
		for _, c := range checks {
			if c.failed {
				missing = append(missing, fmt.Sprintf("stream %d (%s): %s", s.Index, s.CodecType, c.problem))
			}
		}
	}
	return missing
}

type essentialCheck struct {
	problem string
	failed  bool
}
