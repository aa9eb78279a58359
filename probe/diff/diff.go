// Package diff compares two probe Summaries field by field, with
// tolerances for numbers and a list of fields to ignore.
//
// diff imports only probe.
package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// Kind is what sort of difference a field shows.
type Kind string

const (
	Changed Kind = "changed"   // both have the field, with different values
	OnlyInA Kind = "only_in_a" // a stream, chapter or optional field only A has
	OnlyInB Kind = "only_in_b"
)

// Difference is one field that differs. A and B are the values as in the
// JSON output; the side a field is missing from is null.
type Difference struct {
	Field string `json:"field"`
	Kind  Kind   `json:"kind"`
	A     any    `json:"a"`
	B     any    `json:"b"`
	// Tolerance is the tolerance the numbers exceeded, "" when none applied.
	Tolerance string `json:"tolerance,omitempty"`
}

// Result is the comparison of two Summaries.
type Result struct {
	// Same is true when no difference was found.
	Same        bool         `json:"same"`
	Differences []Difference `json:"differences"`
	// Compared counts the fields compared (ignored ones left out);
	// Tolerated counts the numbers that differed within their tolerance.
	Compared  int `json:"compared"`
	Tolerated int `json:"tolerated"`
	// Ignored and Tolerances are the options in force.
	Ignored    []string    `json:"ignored"`
	Tolerances []Tolerance `json:"tolerances"`
}

// Compare compares a and b field by field, in the order of the Summary's
// JSON. Lists (streams, chapters) are compared element by element in
// order; an element only one side has is one difference.
func Compare(a, b probe.Summary, opts Options) (Result, error) {
	ta, err := treeOf(a)
	if err != nil {
		return Result{}, fmt.Errorf("diff: %w", err)
	}
	tb, err := treeOf(b)
	if err != nil {
		return Result{}, fmt.Errorf("diff: %w", err)
	}
	c := comparison{opts: opts}
	c.compare(nil, ta, tb)
	res := Result{
		Same:        len(c.differences) == 0,
		Differences: c.differences,
		Compared:    c.compared,
		Tolerated:   c.tolerated,
		Ignored:     opts.Ignored(),
		Tolerances:  append([]Tolerance{}, opts.tolerances...),
	}
	if res.Differences == nil {
		res.Differences = []Difference{}
	}
	return res, nil
}

type comparison struct {
	opts        Options
	differences []Difference
	compared    int
	tolerated   int
}

func (c *comparison) compare(path []string, a, b *node) {
	if len(path) > 0 && c.opts.ignored(path) {
		return
	}
	switch {
	case a.kind == kindObject && b.kind == kindObject:
		for _, k := range unionKeys(a, b) {
			fa, fb := a.fields[k], b.fields[k]
			switch {
			case fa == nil:
				c.add(append(path, k), OnlyInB, nil, fb)
			case fb == nil:
				c.add(append(path, k), OnlyInA, fa, nil)
			default:
				c.compare(append(path, k), fa, fb)
			}
		}
	case a.kind == kindArray && b.kind == kindArray:
		for i := range max(len(a.items), len(b.items)) {
			p := append(path, strconv.Itoa(i))
			switch {
			case i >= len(a.items):
				c.add(p, OnlyInB, nil, b.items[i])
			case i >= len(b.items):
				c.add(p, OnlyInA, a.items[i], nil)
			default:
				c.compare(p, a.items[i], b.items[i])
			}
		}
	default:
		c.compareValues(path, a, b)
	}
}

func (c *comparison) compareValues(path []string, a, b *node) {
	c.compared++
	if a.kind == kindScalar && b.kind == kindScalar && a.value == b.value {
		return
	}
	na, okA := a.number()
	nb, okB := b.number()
	if okA && okB {
		if na == nb {
			return
		}
		if t := c.opts.tolerance(path); t != nil {
			if t.allows(na, nb) {
				c.tolerated++
				return
			}
			c.differences = append(c.differences, Difference{Field: formatPath(path), Kind: Changed, A: a.plain(), B: b.plain(), Tolerance: t.String()})
			return
		}
	}
	c.add(path, Changed, a, b)
}

func (c *comparison) add(path []string, kind Kind, a, b *node) {
	if c.opts.ignored(path) {
		return
	}
	if kind != Changed {
		c.compared++
	}
	d := Difference{Field: formatPath(path), Kind: kind}
	if a != nil {
		d.A = a.plain()
	}
	if b != nil {
		d.B = b.plain()
	}
	c.differences = append(c.differences, d)
}

// unionKeys is a's keys in order, then those only b has.
func unionKeys(a, b *node) []string {
	keys := append([]string{}, a.keys...)
	for _, k := range b.keys {
		if _, ok := a.fields[k]; !ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// formatPath writes video, 0, codec as video[0].codec.
func formatPath(path []string) string {
	var sb strings.Builder
	for i, seg := range path {
		if _, err := strconv.Atoi(seg); err == nil {
			sb.WriteString("[" + seg + "]")
			continue
		}
		if i > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(seg)
	}
	return sb.String()
}
