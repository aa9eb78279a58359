package remote

import (
	"cmp"
	"slices"
)

// span is the byte range [start, end).
type span struct{ start, end int64 }

// intervals is the set of byte ranges held in a cache file: sorted,
// without overlaps, adjacent spans merged.
type intervals []span

// add puts [start, end) into the set.
func (iv *intervals) add(start, end int64) {
	if start >= end {
		return
	}
	var merged intervals
	for _, s := range *iv {
		switch {
		case s.end < start || s.start > end: // apart
			merged = append(merged, s)
		default: // touching or overlapping: absorb
			start, end = min(start, s.start), max(end, s.end)
		}
	}
	merged = append(merged, span{start, end})
	slices.SortFunc(merged, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	*iv = merged
}

// missing are the parts of [start, end) not in the set, in order.
func (iv intervals) missing(start, end int64) []span {
	var gaps []span
	pos := start
	for _, s := range iv {
		if s.end <= pos || s.start >= end {
			continue
		}
		if s.start > pos {
			gaps = append(gaps, span{pos, s.start})
		}
		pos = s.end
	}
	if pos < end {
		gaps = append(gaps, span{pos, end})
	}
	return gaps
}

// total is the number of bytes held.
func (iv intervals) total() int64 {
	var n int64
	for _, s := range iv {
		n += s.end - s.start
	}
	return n
}
