// Package store is what ffprobe-api keeps: analyses, users, API keys,
// refresh-token sessions and the audit log. It defines the records, the
// small interfaces that use them and the errors they return; the backends
// live in store/sqlite and store/postgres, and store/storetest is the one
// conformance suite both must pass.
//
// Every method is safe for concurrent use by many goroutines.
package store

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Store bundles every record interface with the database's own care:
// connectivity, migrations, backups and integrity checks.
type Store interface {
	Analyses
	Users
	APIKeys
	Sessions
	AuditLog

	// Ping checks that the database answers.
	Ping(ctx context.Context) error

	// Migrate applies every pending migration, each in its own transaction:
	// a migration that fails leaves the database as it was before it, and
	// Migrate returns the error with the migrations applied so far.
	Migrate(ctx context.Context) ([]MigrationResult, error)

	// MigrationStatus lists every migration this build knows, applied or not.
	MigrationStatus(ctx context.Context) ([]MigrationState, error)

	// Backup writes a consistent copy of the database to path while it stays
	// in use. It refuses to overwrite an existing file (ErrConflict) and
	// returns ErrUnsupported when the backend needs a tool that is missing;
	// the error then says what to run instead.
	Backup(ctx context.Context, path string) error

	// Check verifies the database: integrity and foreign keys where the
	// backend can check them, and that the schema is fully migrated. Problems
	// found are reported in CheckReport, not as an error; the error is for a
	// check that could not run.
	Check(ctx context.Context) (CheckReport, error)

	// Close releases the connections. The Store is unusable afterwards.
	Close() error
}

// Options tune Open.
type Options struct {
	// Backends are the database kinds Open may use. Callers pass the ones
	// they link in: sqlite.Backend() and postgres.Backend().
	Backends []Backend

	// Migrate applies pending migrations at open.
	Migrate bool

	// MustExist refuses a SQLite file that does not exist instead of
	// creating it (a mistyped path in `db check` should not make a new,
	// empty database). Postgres ignores it.
	MustExist bool

	// Logger receives the store's own log lines (migrations applied,
	// backups taken); nil discards them. Database URLs are always redacted.
	Logger *slog.Logger

	// MaxConns caps the connections: the reader pool of SQLite (its writer
	// is always one connection) or the Postgres pool. 0 picks a default.
	MaxConns int
}

// A Backend opens one kind of database.
type Backend struct {
	Kind Kind
	Open func(ctx context.Context, loc Location, opts Options) (Store, error)
}

// Open parses a database URL (see ParseURL) and opens it with the backend
// of its kind from opts.Backends.
func Open(ctx context.Context, rawURL string, opts Options) (Store, error) {
	loc, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	for _, b := range opts.Backends {
		if b.Kind == loc.Kind {
			if opts.Logger == nil {
				opts.Logger = slog.New(slog.DiscardHandler)
			}
			return b.Open(ctx, loc, opts)
		}
	}
	return nil, fmt.Errorf("%w: database %s: no %s backend is linked into this program", ErrUnsupported, loc, loc.Kind)
}

// StoredTime is t as every backend keeps it: in UTC, truncated to the
// microsecond. Records read back from a store carry times in this form.
func StoredTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// Now is the current time as a store keeps it.
func Now() time.Time { return StoredTime(time.Now()) }
