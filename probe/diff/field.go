package diff

import (
	"fmt"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// A field pattern names Summary fields by their JSON names, as in the
// JSON output: "duration", "video[0].codec", "video[*].hdr", "tags.encoder".
// Each dot-separated segment is matched with path.Match (so * and ? work
// inside a name; brackets are list indexes, not character classes), an
// index [0] or [*] (or .0, .*) picks list elements, and a pattern
// of one name only ("bit_rate") matches that field at any depth. Names are
// compared without case and without underscores: "bitrate" is "bit_rate".
// A pattern that names an object or a list covers everything in it.
type fieldPattern struct {
	text     string
	segments []string
	anyDepth bool
}

func parsePattern(text string) (fieldPattern, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return fieldPattern{}, fmt.Errorf("empty field name")
	}
	segs := splitPath(t)
	for _, s := range segs {
		if s == "" {
			return fieldPattern{}, fmt.Errorf("field %q: empty name between dots", text)
		}
		if _, err := path.Match(s, ""); err != nil {
			return fieldPattern{}, fmt.Errorf("field %q: malformed pattern %q", text, s)
		}
	}
	p := fieldPattern{text: t, segments: segs, anyDepth: len(segs) == 1}
	if !p.matchesField(false) {
		return fieldPattern{}, fmt.Errorf("field %q: the summary has no such field (see `ffprobe-api probe -o json` for the names, e.g. duration, bit_rate, video[0].codec, tags.encoder)", text)
	}
	return p, nil
}

// splitPath turns "video[0].hdr.kind" into video, 0, hdr, kind.
func splitPath(p string) []string {
	p = strings.ReplaceAll(strings.ReplaceAll(p, "[", "."), "]", "")
	return strings.Split(p, ".")
}

// covers reports whether the pattern names the field at fieldPath or one
// of its parents.
func (p fieldPattern) covers(fieldPath []string) bool {
	if p.anyDepth {
		for _, s := range fieldPath {
			if segmentMatch(p.segments[0], s) {
				return true
			}
		}
		return false
	}
	if len(fieldPath) < len(p.segments) {
		return false
	}
	for i, s := range p.segments {
		if !segmentMatch(s, fieldPath[i]) {
			return false
		}
	}
	return true
}

func segmentMatch(pattern, name string) bool {
	if name == "*" { // a list in summaryFields: any index
		_, err := strconv.Atoi(pattern)
		return pattern == "*" || err == nil
	}
	ok, _ := path.Match(normalName(pattern), normalName(name))
	return ok
}

func normalName(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

// summaryField is one field a Summary can have: its path, lists as "*",
// and its Go kind.
type summaryField struct {
	path []string
	kind reflect.Kind
}

// summaryFields lists every field a Summary can have, from its Go type
// (optional fields included, whatever a file holds).
func summaryFields() []summaryField {
	var out []summaryField
	collectFields(reflect.TypeFor[probe.Summary](), nil, &out)
	return out
}

func collectFields(t reflect.Type, prefix []string, out *[]summaryField) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	*out = append(*out, summaryField{path: prefix, kind: t.Kind()})
	switch t.Kind() {
	case reflect.Struct:
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.IsExported() && name != "-" && name != "" {
				collectFields(f.Type, append(slices.Clone(prefix), name), out)
			}
		}
	case reflect.Slice, reflect.Array:
		collectFields(t.Elem(), append(slices.Clone(prefix), "*"), out)
	}
}

// matchesField reports whether the pattern covers some Summary field, and
// with numbers, some number field.
func (p fieldPattern) matchesField(numbers bool) bool {
	for _, f := range summaryFields() {
		isNumber := f.kind >= reflect.Int && f.kind <= reflect.Float64
		if len(f.path) > 0 && p.covers(f.path) && (isNumber || !numbers) {
			return true
		}
	}
	return false
}
