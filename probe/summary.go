package probe

import "math"

// Summary is the facts most people want from a probe, derived from a
// Report by Summarize. Every key is always present in the JSON (lists are
// [], never null) except the HDR metadata objects, which are left out when
// absent; a zero value ("", 0, false, []) means unknown or absent.
// docs/summary.md says for each field where it comes from.
type Summary struct {
	// Container is a short name for the container: ffprobe's format_name,
	// narrowed where ffprobe names a family ("mov,mp4,m4a,3gp,3g2,mj2" →
	// mov, mp4, m4a, 3gp, 3g2 or mj2 by brand; "matroska,webm" → webm or
	// matroska by codecs), else its first name without "_pipe".
	Container string `json:"container"`
	// FormatName is ffprobe's format_name as printed.
	FormatName string `json:"format_name"`
	// Duration in seconds: the container's, else the longest stream's.
	Duration float64 `json:"duration"`
	// Size of the input in bytes.
	Size int64 `json:"size"`
	// BitRate is the overall bit rate in bits per second: the container's,
	// else size×8/duration.
	BitRate int64 `json:"bit_rate"`
	// StartTime is the container's first timestamp in seconds; it may be
	// negative.
	StartTime float64 `json:"start_time"`

	Video       []VideoSummary      `json:"video"`
	Audio       []AudioSummary      `json:"audio"`
	Subtitles   []SubtitleSummary   `json:"subtitles"`
	Attachments []AttachmentSummary `json:"attachments"`
	// Data lists the streams that are neither video, audio, subtitle nor
	// attachment: timecode, chapter text tracks, vendor data, unknown.
	Data     []DataSummary    `json:"data"`
	Chapters []ChapterSummary `json:"chapters"`
	Tags     CommonTags       `json:"tags"`
}

// Summarize derives the Summary of r. It never fails: what r does not say
// stays zero. A nil r gives an empty Summary.
func Summarize(r *Report) Summary {
	s := Summary{
		Video:       []VideoSummary{},
		Audio:       []AudioSummary{},
		Subtitles:   []SubtitleSummary{},
		Attachments: []AttachmentSummary{},
		Data:        []DataSummary{},
		Chapters:    []ChapterSummary{},
	}
	if r == nil {
		return s
	}
	s.Container = containerName(r)
	s.FormatName = r.Format.FormatName
	s.Duration = overallDuration(r)
	s.Size = r.Format.Size
	s.BitRate = overallBitRate(r.Format.BitRate, s.Size, s.Duration)
	s.StartTime = r.Format.StartTime
	for _, st := range r.Streams {
		s.addStream(st, r.firstVideoFrame(st.Index))
	}
	s.Chapters = summarizeChapters(r.Chapters)
	s.Tags = commonTags(r.Format.Tags)
	return s
}

func (s *Summary) addStream(st Stream, frame *Frame) {
	switch st.CodecType {
	case "video":
		s.Video = append(s.Video, summarizeVideo(st, frame))
	case "audio":
		s.Audio = append(s.Audio, summarizeAudio(st))
	case "subtitle":
		s.Subtitles = append(s.Subtitles, summarizeSubtitle(st))
	case "attachment":
		s.Attachments = append(s.Attachments, summarizeAttachment(st))
	default:
		s.Data = append(s.Data, summarizeData(st))
	}
}

// overallDuration is the container's duration, or else the longest
// stream duration (after the Matroska tag fills of ParseReport).
func overallDuration(r *Report) float64 {
	if r.Format.Duration > 0 {
		return r.Format.Duration
	}
	longest := 0.0
	for _, st := range r.Streams {
		longest = max(longest, st.Duration)
	}
	return longest
}

// overallBitRate is the container's bit rate, or else size×8/duration when
// both are known.
func overallBitRate(container, size int64, duration float64) int64 {
	if container > 0 {
		return container
	}
	if size <= 0 || duration <= 0 {
		return 0
	}
	v := float64(size) * 8 / duration
	if v >= math.MaxInt64 {
		return 0
	}
	return int64(v)
}

// firstVideoFrame is the first video frame the report holds for the
// stream, or nil.
func (r *Report) firstVideoFrame(streamIndex int) *Frame {
	for i := range r.Frames {
		f := &r.Frames[i]
		if f.StreamIndex == streamIndex && (f.MediaType == "video" || f.MediaType == "") {
			return f
		}
	}
	return nil
}
