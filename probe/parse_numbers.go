package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// looseNumber holds a JSON value that ffprobe prints either as a number or
// as a string of digits ("duration": "10.803000"). "N/A", "", null and a
// missing key mean unknown and read as zero, and so do "nan" and "inf",
// which JSON cannot carry back out. Anything else that is not a number is an
// error naming the field.
type looseNumber []byte

func (n *looseNumber) UnmarshalJSON(b []byte) error {
	*n = append((*n)[:0], b...)
	return nil
}

// text is the number's text, "" when unknown.
func (n looseNumber) text(field string) (string, error) {
	b := bytes.TrimSpace(n)
	switch {
	case len(b) == 0 || string(b) == "null":
		return "", nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", &ReportError{Path: field, Problem: "unreadable string: " + err.Error()}
		}
		if s == "N/A" {
			return "", nil
		}
		return s, nil
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		return string(b), nil
	}
	return "", &ReportError{Path: field, Problem: fmt.Sprintf("expected a number, found %s", truncate(string(b), 40))}
}

func (n looseNumber) float(field string) (float64, error) {
	s, err := n.text(field)
	if err != nil || s == "" {
		return 0, err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(v, 0) {
		return 0, &ReportError{Path: field, Problem: fmt.Sprintf("%q is not a number", truncate(s, 40))}
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, nil
	}
	return v, nil
}

func (n looseNumber) int(field string) (int64, error) {
	s, err := n.text(field)
	if err != nil || s == "" {
		return 0, err
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	f, err := n.float(field)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || f >= math.MaxInt64 || f < math.MinInt64 {
		return 0, &ReportError{Path: field, Problem: fmt.Sprintf("%q is not an integer in range", truncate(s, 40))}
	}
	return int64(f), nil
}

// floatInto stores n, read as a number, in dst.
func floatInto(dst *float64, n looseNumber, field string) error {
	v, err := n.float(field)
	*dst = v
	return err
}

// intInto stores n, read as an integer, in dst.
func intInto[T int | int64](dst *T, n looseNumber, field string) error {
	v, err := n.int(field)
	*dst = T(v)
	return err
}

// firstError is the first non-nil error, in argument order.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
