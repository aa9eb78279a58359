package store

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Kind is a database backend.
type Kind string

const (
	KindSQLite   Kind = "sqlite"
	KindPostgres Kind = "postgres"
)

// Location is a parsed database URL.
type Location struct {
	Kind Kind
	// Path is the SQLite database file as given (relative paths stay
	// relative to the working directory).
	Path string
	// URL is the Postgres connection URL, secrets included: pass it to the
	// driver, never to a log line (use String).
	URL string
}

// String is the location with secrets masked, safe for messages and logs.
func (l Location) String() string {
	if l.Kind == KindSQLite {
		return "sqlite:" + l.Path
	}
	return Redact(l.URL)
}

// ParseURL reads a database URL:
//
//	sqlite:///abs/path/file.db   an absolute SQLite path
//	sqlite:relative/file.db      a SQLite path relative to the working directory
//	/path/file.db, file.db       a bare path is a SQLite file
//	postgres://user:pass@host:5432/db?sslmode=verify-full
//	postgresql://…               the same
//
// Anything else with a scheme is refused with ErrInvalid.
func ParseURL(raw string) (Location, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return Location{}, fmt.Errorf("%w: database URL is empty (use sqlite:///path/file.db or postgres://…)", ErrInvalid)
	case strings.HasPrefix(raw, "sqlite:"):
		return sqliteLocation(strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//"))
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return Location{}, fmt.Errorf("%w: database URL %s is not a valid URL (a password with special characters must be percent-encoded)", ErrInvalid, Redact(raw))
		}
		return Location{Kind: KindPostgres, URL: raw}, nil
	}
	if scheme, _, ok := strings.Cut(raw, "://"); ok && !strings.ContainsAny(scheme, `/\`) {
		return Location{}, fmt.Errorf("%w: database URL scheme %q is not supported (use sqlite:///path/file.db, a file path, or postgres://…)", ErrInvalid, scheme)
	}
	return sqliteLocation(raw)
}

func sqliteLocation(path string) (Location, error) {
	if path == "" {
		return Location{}, fmt.Errorf("%w: SQLite database URL names no file (use sqlite:///path/file.db)", ErrInvalid)
	}
	return Location{Kind: KindSQLite, Path: path}, nil
}

var passwordParam = regexp.MustCompile(`(?i)(password=)[^&\s]*`)

// Redact masks the secrets in a database URL or connection string (the
// password of the user part and any password= parameter) so that it can be
// shown in a message or a log line.
func Redact(raw string) string {
	masked := passwordParam.ReplaceAllString(raw, "${1}xxxxx")
	scheme, rest, ok := strings.Cut(masked, "://")
	if !ok {
		return masked
	}
	// Normally the user part ends at the last "@" of the authority. A
	// carelessly written password may hold "/" or "?", so without an "@"
	// there the last "@" anywhere counts: masking too much beats leaking.
	at := strings.LastIndex(rest, "@")
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		if i := strings.LastIndex(rest[:end], "@"); i >= 0 {
			at = i
		}
	}
	if at < 0 {
		return masked
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return masked
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}
