// Package postgres keeps ffprobe-api's records in PostgreSQL through a pgx
// connection pool. The URL's TLS settings (sslmode, sslrootcert, …) and
// run-time parameters (search_path, …) are honoured as pgx reads them;
// raw reports and summaries are JSONB.
package postgres

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// DB is a Postgres store. It implements store.Store.
type DB struct {
	*AnalysisStore
	*UserStore
	*APIKeyStore
	*SessionStore
	*AuditStore

	pool *pgxpool.Pool
	url  string // with secrets: never log it, log loc
	loc  string // the redacted URL
	log  *slog.Logger
}

var _ store.Store = (*DB)(nil)

// Backend is the Postgres entry for store.Options.Backends.
func Backend() store.Backend {
	return store.Backend{Kind: store.KindPostgres, Open: func(ctx context.Context, loc store.Location, opts store.Options) (store.Store, error) {
		return Open(ctx, loc.URL, opts)
	}}
}

// Open connects to the database at url (postgres://…) and, when
// opts.Migrate is set, applies pending migrations.
func Open(ctx context.Context, url string, opts store.Options) (*DB, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	redacted := store.Redact(url)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("%w: postgres database %s: %s", store.ErrInvalid, redacted, store.Redact(err.Error()))
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = int32(opts.MaxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres database %s: %s", redacted, store.Redact(err.Error()))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres database %s: %w", redacted, mapErr("connect", err))
	}
	db := &DB{pool: pool, url: url, loc: redacted, log: opts.Logger.With("db", redacted)}
	db.AnalysisStore = &AnalysisStore{pool: pool}
	db.UserStore = &UserStore{pool: pool}
	db.APIKeyStore = &APIKeyStore{pool: pool}
	db.SessionStore = &SessionStore{pool: pool}
	db.AuditStore = &AuditStore{pool: pool}
	if opts.Migrate {
		if _, err := db.Migrate(ctx); err != nil {
			pool.Close()
			return nil, fmt.Errorf("postgres database %s: %w", redacted, err)
		}
	}
	return db, nil
}

// Ping implements store.Store.
func (db *DB) Ping(ctx context.Context) error { return mapErr("ping", db.pool.Ping(ctx)) }

// Close implements store.Store.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// querier is a pool or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// affected returns ErrNotFound when a statement touched no row.
func affected(op string, tag pgconn.CommandTag, err error) error {
	if err != nil {
		return mapErr(op, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return nil
}
