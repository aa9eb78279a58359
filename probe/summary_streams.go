package probe

// SubtitleSummary is one subtitle stream.
type SubtitleSummary struct {
	// Index is the stream's index in the input.
	Index int `json:"index"`
	// Codec is ffprobe's codec_name ("subrip", "ass", "mov_text",
	// "hdmv_pgs_subtitle").
	Codec string `json:"codec"`
	// Language is the language tag as written; "" when none.
	Language string `json:"language"`
	// Title is the stream's title tag.
	Title string `json:"title"`
	// Default is the "default" disposition.
	Default bool `json:"default"`
	// Forced is the "forced" disposition: shown even when subtitles are off
	// (foreign dialogue, signs).
	Forced bool `json:"forced"`
	// HearingImpaired is the "hearing_impaired" disposition (SDH).
	HearingImpaired bool `json:"hearing_impaired"`
	// Dispositions lists every disposition flag that is set, sorted.
	Dispositions []string `json:"dispositions"`
}

// AttachmentSummary is one attached file (fonts in Matroska).
type AttachmentSummary struct {
	// Index is the stream's index in the input.
	Index int `json:"index"`
	// Codec is ffprobe's codec_name ("ttf", "otf"); often "".
	Codec string `json:"codec"`
	// Filename is the attachment's filename tag.
	Filename string `json:"filename"`
	// MimeType is the attachment's mimetype tag ("font/ttf").
	MimeType string `json:"mimetype"`
}

// DataSummary is a stream of any other type.
type DataSummary struct {
	// Index is the stream's index in the input.
	Index int `json:"index"`
	// Type is ffprobe's codec_type ("data"), or "unknown" when it has none.
	Type string `json:"type"`
	// Codec is ffprobe's codec_name; often "" for data streams.
	Codec string `json:"codec"`
	// CodecTag is ffprobe's codec_tag_string ("tmcd", "wvtt").
	CodecTag string `json:"codec_tag"`
	// Language is the stream's language tag; "" when none.
	Language string `json:"language"`
	// Title is the stream's title tag.
	Title string `json:"title"`
}

func summarizeSubtitle(s Stream) SubtitleSummary {
	return SubtitleSummary{
		Index:           s.Index,
		Codec:           s.CodecName,
		Language:        tagValue(s.Tags, "language"),
		Title:           tagValue(s.Tags, "title"),
		Default:         s.Disposition["default"] == 1,
		Forced:          s.Disposition["forced"] == 1,
		HearingImpaired: s.Disposition["hearing_impaired"] == 1,
		Dispositions:    setDispositions(s.Disposition),
	}
}

func summarizeAttachment(s Stream) AttachmentSummary {
	return AttachmentSummary{
		Index:    s.Index,
		Codec:    s.CodecName,
		Filename: tagValue(s.Tags, "filename"),
		MimeType: tagValue(s.Tags, "mimetype"),
	}
}

func summarizeData(s Stream) DataSummary {
	typ := s.CodecType
	if typ == "" {
		typ = "unknown"
	}
	return DataSummary{
		Index:    s.Index,
		Type:     typ,
		Codec:    s.CodecName,
		CodecTag: s.CodecTagString,
		Language: tagValue(s.Tags, "language"),
		Title:    tagValue(s.Tags, "title"),
	}
}
