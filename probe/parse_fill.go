package probe

import (
	"sort"
	"strconv"
	"strings"
)

// fillFromTags fills stream facts ffprobe leaves out but the container
// keeps in tags. Matroska and WebM files written by mkvmerge or FFmpeg store
// per-stream statistics as tags, which ffprobe passes through untouched:
//
//   - Duration, when ffprobe gives none: from DURATION, as
//     "HH:MM:SS.nnnnnnnnn" ("00:00:10.803000000" → 10.803).
//   - BitRate, when ffprobe gives none: from BPS, in bits per second.
//   - NBFrames, when ffprobe gives none: from NUMBER_OF_FRAMES.
//
// Tag names match case-insensitively, and a language-suffixed variant
// ("DURATION-eng", "BPS-eng") counts when the plain one is absent. A value
// ffprobe did report is never replaced, and a tag that does not parse is
// ignored (tags are free text written by other programs). Programs'
// copies of streams get the same rules.
func (r *Report) fillFromTags() {
	for i := range r.Streams {
		r.Streams[i].fillFromTags()
	}
	for i := range r.Programs {
		for j := range r.Programs[i].Streams {
			r.Programs[i].Streams[j].fillFromTags()
		}
	}
}

func (s *Stream) fillFromTags() {
	if s.Duration == 0 {
		if d, ok := parseClock(statisticsTag(s.Tags, "DURATION")); ok {
			s.Duration = d
		}
	}
	if s.BitRate == 0 {
		if v, err := strconv.ParseInt(statisticsTag(s.Tags, "BPS"), 10, 64); err == nil && v > 0 {
			s.BitRate = v
		}
	}
	if s.NBFrames == 0 {
		if v, err := strconv.ParseInt(statisticsTag(s.Tags, "NUMBER_OF_FRAMES"), 10, 64); err == nil && v > 0 {
			s.NBFrames = v
		}
	}
}

// statisticsTag is the tag called name, or else the first (by sorted key)
// language variant name-xxx; "" when neither exists.
func statisticsTag(tags map[string]string, name string) string {
	var variants []string
	for k, v := range tags {
		switch {
		case strings.EqualFold(k, name):
			return strings.TrimSpace(v)
		case len(k) > len(name) && strings.EqualFold(k[:len(name)+1], name+"-"):
			variants = append(variants, k)
		}
	}
	if len(variants) == 0 {
		return ""
	}
	sort.Strings(variants)
	return strings.TrimSpace(tags[variants[0]])
}

// parseClock reads "HH:MM:SS" or "HH:MM:SS.fraction" into seconds.
func parseClock(s string) (float64, bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, false
	}
	h, err1 := strconv.ParseUint(parts[0], 10, 32)
	m, err2 := strconv.ParseUint(parts[1], 10, 8)
	if err1 != nil || err2 != nil || m >= 60 || !isDecimal(parts[2]) {
		return 0, false
	}
	sec, err := strconv.ParseFloat(parts[2], 64)
	if err != nil || sec >= 60 {
		return 0, false
	}
	return float64(h)*3600 + float64(m)*60 + sec, true
}

// isDecimal accepts digits with at most one dot: "10", "10.803000000".
func isDecimal(s string) bool {
	if s == "" || s[0] == '.' {
		return false
	}
	dots := 0
	for _, c := range s {
		switch {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots <= 1
}
