package probe

import (
	"encoding/json"
	"strconv"
)

// The UnmarshalJSON methods below accept ffprobe's JSON, where some numbers
// are strings, and this package's own JSON, where they are numbers, so a
// stored Result reads back into the same Report. Each decodes the plain
// fields with encoding/json and the loose ones (see looseNumber) by name.

// UnmarshalJSON reads a format section.
func (f *Format) UnmarshalJSON(b []byte) error {
	type plain Format
	w := struct {
		*plain
		StartTime looseNumber `json:"start_time"`
		Duration  looseNumber `json:"duration"`
		Size      looseNumber `json:"size"`
		BitRate   looseNumber `json:"bit_rate"`
	}{plain: (*plain)(f)}
	if err := json.Unmarshal(b, &w); err != nil {
		return atPath("", err)
	}
	return firstError(
		floatInto(&f.StartTime, w.StartTime, "start_time"),
		floatInto(&f.Duration, w.Duration, "duration"),
		intInto(&f.Size, w.Size, "size"),
		intInto(&f.BitRate, w.BitRate, "bit_rate"),
	)
}

// UnmarshalJSON reads one stream.
func (s *Stream) UnmarshalJSON(b []byte) error {
	type plain Stream
	w := struct {
		*plain
		SampleRate       looseNumber `json:"sample_rate"`
		StartPTS         looseNumber `json:"start_pts"`
		StartTime        looseNumber `json:"start_time"`
		DurationTS       looseNumber `json:"duration_ts"`
		Duration         looseNumber `json:"duration"`
		BitRate          looseNumber `json:"bit_rate"`
		BitsPerRawSample looseNumber `json:"bits_per_raw_sample"`
		NBFrames         looseNumber `json:"nb_frames"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &w); err != nil {
		return atPath("", err)
	}
	return firstError(
		intInto(&s.SampleRate, w.SampleRate, "sample_rate"),
		intInto(&s.StartPTS, w.StartPTS, "start_pts"),
		floatInto(&s.StartTime, w.StartTime, "start_time"),
		intInto(&s.DurationTS, w.DurationTS, "duration_ts"),
		floatInto(&s.Duration, w.Duration, "duration"),
		intInto(&s.BitRate, w.BitRate, "bit_rate"),
		intInto(&s.BitsPerRawSample, w.BitsPerRawSample, "bits_per_raw_sample"),
		intInto(&s.NBFrames, w.NBFrames, "nb_frames"),
	)
}

// UnmarshalJSON reads one chapter.
func (c *Chapter) UnmarshalJSON(b []byte) error {
	type plain Chapter
	w := struct {
		*plain
		StartTime looseNumber `json:"start_time"`
		EndTime   looseNumber `json:"end_time"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &w); err != nil {
		return atPath("", err)
	}
	return firstError(
		floatInto(&c.StartTime, w.StartTime, "start_time"),
		floatInto(&c.EndTime, w.EndTime, "end_time"),
	)
}

// UnmarshalJSON reads one program and the streams it lists.
func (p *Program) UnmarshalJSON(b []byte) error {
	type plain Program
	w := struct {
		*plain
		Streams []json.RawMessage `json:"streams"`
	}{plain: (*plain)(p)}
	if err := json.Unmarshal(b, &w); err != nil {
		return atPath("", err)
	}
	streams, err := decodeList[Stream]("streams", w.Streams)
	p.Streams = streams
	return err
}

// UnmarshalJSON reads a whole report, then applies the fill rules of
// fillFromTags. It does not set Raw; ParseReport does.
func (r *Report) UnmarshalJSON(b []byte) error {
	var doc struct {
		Format   json.RawMessage   `json:"format"`
		Streams  []json.RawMessage `json:"streams"`
		Chapters []json.RawMessage `json:"chapters"`
		Programs []json.RawMessage `json:"programs"`
		Frames   []json.RawMessage `json:"frames"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return atPath("", err)
	}
	var out Report
	if len(doc.Format) > 0 {
		if err := json.Unmarshal(doc.Format, &out.Format); err != nil {
			return atPath("format", err)
		}
	}
	var errs [4]error
	out.Streams, errs[0] = decodeList[Stream]("streams", doc.Streams)
	out.Chapters, errs[1] = decodeList[Chapter]("chapters", doc.Chapters)
	out.Programs, errs[2] = decodeList[Program]("programs", doc.Programs)
	out.Frames, errs[3] = decodeList[Frame]("frames", doc.Frames)
	if err := firstError(errs[:]...); err != nil {
		return err
	}
	out.fillFromTags()
	out.normalize()
	*r = out
	return nil
}

// decodeList decodes each element on its own, so an error names its index.
func decodeList[T any](name string, raws []json.RawMessage) ([]T, error) {
	if raws == nil {
		return nil, nil
	}
	out := make([]T, len(raws))
	for i, raw := range raws {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			return nil, atPath(name+"["+strconv.Itoa(i)+"]", err)
		}
	}
	return out, nil
}
