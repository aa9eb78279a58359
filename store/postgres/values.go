package postgres

import (
	"bytes"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// nullTime is a zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// fromNullTime reads a nullable TIMESTAMPTZ scanned into a *time.Time.
func fromNullTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// when is t at stored precision, or now when t is zero.
func when(t time.Time) time.Time {
	if t.IsZero() {
		return store.Now()
	}
	return store.StoredTime(t)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func fromNullString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// jsonb prepares a JSON document for a JSONB column, which refuses two
// things plain JSON allows: the escape \u0000 and bytes that are not UTF-8
// (both can come from hostile media tags). Each becomes U+FFFD. Empty is
// NULL.
func jsonb(doc []byte) any {
	if len(doc) == 0 {
		return nil
	}
	doc = bytes.ToValidUTF8(doc, []byte("\uFFFD"))
	if !bytes.Contains(doc, []byte(`\u0000`)) {
		return doc
	}
	out := make([]byte, 0, len(doc))
	for i := 0; i < len(doc); i++ {
		if doc[i] != '\\' || i+1 == len(doc) {
			out = append(out, doc[i])
			continue
		}
		if bytes.HasPrefix(doc[i+1:], []byte("u0000")) {
			out = append(out, `\ufffd`...)
			i += 5
			continue
		}
		out = append(out, doc[i], doc[i+1]) // any other escape, kept whole
		i++
	}
	return out
}
