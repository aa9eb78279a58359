package sqlite

import (
	"database/sql"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// Times are stored as INTEGER microseconds since the Unix epoch, UTC, and
// NULL for a zero (absent) time.

func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(n int64) time.Time { return time.UnixMicro(n).UTC() }

func fromNullMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMicros(n.Int64)
}

// nullString stores "" as NULL (the local owner of an analysis, an absent
// JSON document).
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// when is t at stored precision, or now when t is zero.
func when(t time.Time) time.Time {
	if t.IsZero() {
		return store.Now()
	}
	return store.StoredTime(t)
}
