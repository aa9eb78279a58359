package diff

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultIgnore are the fields that differ between any two encodes of the
// same content, so they are not compared unless asked: the writing
// application and the time the file was written.
var DefaultIgnore = []string{"tags.encoder", "tags.creation_time"}

// Options tune Compare. Build them with NewOptions.
type Options struct {
	ignore     []fieldPattern
	tolerances []Tolerance
}

// Tolerance lets a number field differ by up to Value: an absolute amount
// in the field's unit, or, with Percent, a percentage of the larger of the
// two values.
type Tolerance struct {
	Field   string  `json:"field"`
	Value   float64 `json:"value"`
	Percent bool    `json:"percent,omitempty"`
	pattern fieldPattern
}

func (t Tolerance) String() string {
	v := strconv.FormatFloat(t.Value, 'g', -1, 64)
	if t.Percent {
		v += "%"
	}
	return t.Field + "=" + v
}

// allows reports whether a and b are within the tolerance.
func (t Tolerance) allows(a, b float64) bool {
	limit := t.Value
	if t.Percent {
		limit = t.Value / 100 * max(abs(a), abs(b))
	}
	return abs(a-b) <= limit
}

func abs(v float64) float64 { return max(v, -v) }

// NewOptions checks the ignore patterns and tolerances ("duration=0.05",
// "bit_rate=5%"; see fieldPattern for field names). Every field named must
// exist in the Summary, and a tolerance must name number fields.
func NewOptions(ignore, tolerances []string) (Options, error) {
	var o Options
	for _, text := range ignore {
		p, err := parsePattern(text)
		if err != nil {
			return Options{}, fmt.Errorf("--ignore: %w", err)
		}
		o.ignore = append(o.ignore, p)
	}
	for _, text := range tolerances {
		t, err := parseTolerance(text)
		if err != nil {
			return Options{}, fmt.Errorf("--tolerance: %w", err)
		}
		o.tolerances = append(o.tolerances, t)
	}
	return o, nil
}

func parseTolerance(text string) (Tolerance, error) {
	field, value, ok := strings.Cut(text, "=")
	if !ok {
		return Tolerance{}, fmt.Errorf("%q: want FIELD=AMOUNT or FIELD=PERCENT%%, e.g. duration=0.05 or bit_rate=5%%", text)
	}
	p, err := parsePattern(field)
	if err != nil {
		return Tolerance{}, err
	}
	if !p.matchesField(true) {
		return Tolerance{}, fmt.Errorf("%q: %s is not a number field; a tolerance applies to numbers only", text, field)
	}
	t := Tolerance{Field: p.text, pattern: p}
	value, t.Percent = strings.CutSuffix(strings.TrimSpace(value), "%")
	t.Value, err = strconv.ParseFloat(value, 64)
	if err != nil || t.Value < 0 {
		return Tolerance{}, fmt.Errorf("%q: %q is not a non-negative number", text, value)
	}
	return t, nil
}

// Ignored lists the ignore patterns in force.
func (o Options) Ignored() []string {
	out := make([]string, len(o.ignore))
	for i, p := range o.ignore {
		out[i] = p.text
	}
	return out
}

// tolerance is the last tolerance given that covers the field, or nil.
func (o Options) tolerance(fieldPath []string) *Tolerance {
	for i := len(o.tolerances) - 1; i >= 0; i-- {
		if o.tolerances[i].pattern.covers(fieldPath) {
			return &o.tolerances[i]
		}
	}
	return nil
}

func (o Options) ignored(fieldPath []string) bool {
	for _, p := range o.ignore {
		if p.covers(fieldPath) {
			return true
		}
	}
	return false
}
