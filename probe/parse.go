package probe

import (
	"bytes"
	"encoding/json"
)

// ParseReport turns ffprobe's JSON (-of json with any of -show_format,
// -show_streams, -show_chapters, -show_programs and -show_frames) into a
// Report; Raw keeps a copy of raw, byte for byte.
//
// Numbers ffprobe prints as strings become numbers; "N/A", null and
// missing values become zero, which means unknown. A stream without a
// duration, bit rate or frame count takes it from the Matroska statistics
// tags DURATION ("00:00:10.803000000"), BPS and NUMBER_OF_FRAMES, or their
// language variants ("DURATION-eng"); docs/summary.md lists every rule.
//
// A document that is not valid JSON, not an object, or has a value of the
// wrong kind gets a *ReportError naming the field, never a panic.
func ParseReport(raw []byte) (*Report, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return nil, &ReportError{Problem: "ffprobe printed nothing"}
	}
	if !json.Valid(trimmed) {
		var v any
		return nil, atPath("", json.Unmarshal(trimmed, &v))
	}
	if trimmed[0] != '{' {
		return nil, &ReportError{Problem: "expected a JSON object at the top level, found " + truncate(string(trimmed), 20)}
	}
	r := new(Report)
	if err := json.Unmarshal(trimmed, r); err != nil {
		return nil, atPath("", err)
	}
	r.Raw = append(json.RawMessage(nil), raw...)
	return r, nil
}

// normalize gives the report one shape whatever the input: the three main
// lists are never nil (they print as []), and empty optional lists and maps
// are nil (they are left out of the JSON). So a Report printed and read back
// is equal to itself.
func (r *Report) normalize() {
	r.Streams = nonNil(r.Streams)
	r.Chapters = nonNil(r.Chapters)
	r.Programs = nonNil(r.Programs)
	r.Frames = nilIfEmpty(r.Frames)
	r.Format.Tags = nilIfEmptyMap(r.Format.Tags)
	for i := range r.Streams {
		r.Streams[i].normalize()
	}
	for i := range r.Chapters {
		r.Chapters[i].Tags = nilIfEmptyMap(r.Chapters[i].Tags)
	}
	for i := range r.Programs {
		p := &r.Programs[i]
		p.Tags = nilIfEmptyMap(p.Tags)
		p.Streams = nilIfEmpty(p.Streams)
		for j := range p.Streams {
			p.Streams[j].normalize()
		}
	}
	for i := range r.Frames {
		r.Frames[i].SideDataList = nilIfEmpty(r.Frames[i].SideDataList)
	}
}

func (s *Stream) normalize() {
	s.Tags = nilIfEmptyMap(s.Tags)
	s.Disposition = nilIfEmptyMap(s.Disposition)
	s.SideDataList = nilIfEmpty(s.SideDataList)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func nilIfEmptyMap[K comparable, V any](m map[K]V) map[K]V {
	if len(m) == 0 {
		return nil
	}
	return m
}
