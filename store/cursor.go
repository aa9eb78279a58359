package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cursor is the position after the last row of a page: the keyset
// (time, ID) the next page continues below. Callers see it only encoded.
type Cursor struct {
	Time time.Time
	ID   string
}

const cursorVersion = "c1"

// Encode makes the opaque string handed to clients.
func (c Cursor) Encode() string {
	raw := cursorVersion + ":" + strconv.FormatInt(c.Time.UnixMicro(), 10) + ":" + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor reads a cursor made by Encode. The empty string is the first
// page (ok is false). Anything else malformed is ErrInvalid.
func DecodeCursor(s string) (c Cursor, ok bool, err error) {
	if s == "" {
		return Cursor{}, false, nil
	}
	bad := fmt.Errorf("%w cursor %q: not one this server issued (start again without a cursor)", ErrInvalid, s)
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, false, bad
	}
	parts := strings.SplitN(string(raw), ":", 3)
	if len(parts) != 3 || parts[0] != cursorVersion || parts[2] == "" {
		return Cursor{}, false, bad
	}
	micros, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return Cursor{}, false, bad
	}
	return Cursor{Time: time.UnixMicro(micros).UTC(), ID: parts[2]}, true, nil
}

// TrimPage cuts rows, fetched with one row more than limit, to limit and
// returns the cursor of the next page ("" when rows was the last page).
// Every keyset list asks for limit+1 rows so it knows whether more follow.
func TrimPage[T any](rows []T, limit int, keyOf func(T) Cursor) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, keyOf(rows[limit-1]).Encode()
}

// AnalysisCursor and AuditCursor are the keyset positions of the two
// paginated records, newest first.
func AnalysisCursor(a Analysis) Cursor { return Cursor{Time: a.CreatedAt, ID: a.ID} }

func AuditCursor(e AuditEvent) Cursor { return Cursor{Time: e.Time, ID: e.ID} }
