// Package sqlite keeps ffprobe-api's records in one SQLite file, with the
// pure-Go modernc.org/sqlite driver.
//
// The file runs in WAL mode with foreign keys on and a busy timeout. Every
// write goes through one connection (a *sql.DB limited to one), so writers
// queue in Go instead of failing with "database is locked"; reads use a
// separate pool of read-only connections that WAL lets run beside the
// writer. synchronous=NORMAL: a committed transaction survives the process
// being killed; a power cut may lose the last few.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/ffprobe-api/ffprobe-api/store"
)

// conns are the two pools of one database file.
type conns struct {
	write *sql.DB // exactly one connection: writes run one at a time
	read  *sql.DB // query_only connections
}

// DB is a SQLite store. It implements store.Store.
type DB struct {
	*AnalysisStore
	*UserStore
	*APIKeyStore
	*SessionStore
	*AuditStore

	conns
	path string
	log  *slog.Logger
}

var _ store.Store = (*DB)(nil)

// Backend is the SQLite entry for store.Options.Backends.
func Backend() store.Backend {
	return store.Backend{Kind: store.KindSQLite, Open: func(ctx context.Context, loc store.Location, opts store.Options) (store.Store, error) {
		return Open(ctx, loc.Path, opts)
	}}
}

// Open opens (creating when missing) the database file at path and, when
// opts.Migrate is set, applies pending migrations.
func Open(ctx context.Context, path string, opts store.Options) (*DB, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite database %s: %v", path, err)
	}
	if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("sqlite database %s: folder %s does not exist (create it first)", abs, filepath.Dir(abs))
	}
	if _, err := os.Stat(abs); opts.MustExist && errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("sqlite database %s: %w: the file does not exist ('ffprobe-api db migrate' creates it)", abs, store.ErrNotFound)
	}
	db := &DB{path: abs, log: opts.Logger.With("db", "sqlite:"+abs)}
	if db.conns, err = openConns(ctx, abs, opts.MaxConns); err != nil {
		return nil, err
	}
	db.AnalysisStore = &AnalysisStore{db: &db.conns}
	db.UserStore = &UserStore{db: &db.conns}
	db.APIKeyStore = &APIKeyStore{db: &db.conns}
	db.SessionStore = &SessionStore{db: &db.conns}
	db.AuditStore = &AuditStore{db: &db.conns}
	if opts.Migrate {
		if _, err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("sqlite database %s: %w", abs, err)
		}
	}
	return db, nil
}

func openConns(ctx context.Context, path string, maxReaders int) (conns, error) {
	if maxReaders <= 0 {
		maxReaders = max(4, runtime.GOMAXPROCS(0))
	}
	write, err := sql.Open("sqlite", dsn(path, writer))
	if err != nil {
		return conns{}, fmt.Errorf("sqlite database %s: %v", path, err)
	}
	// One connection, kept open for the life of the store: it holds the
	// WAL open, which is also how Restore tells that the file is in use.
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return conns{}, fmt.Errorf("sqlite database %s: %w", path, mapErr("open", err))
	}
	read, err := sql.Open("sqlite", dsn(path, reader))
	if err != nil {
		write.Close()
		return conns{}, fmt.Errorf("sqlite database %s: %v", path, err)
	}
	read.SetMaxOpenConns(maxReaders)
	read.SetMaxIdleConns(maxReaders)
	return conns{write: write, read: read}, nil
}

// Path is the database file's absolute path.
func (db *DB) Path() string { return db.path }

// Ping checks both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return mapErr("ping", err)
	}
	return mapErr("ping", db.read.PingContext(ctx))
}

// Close closes both pools. The writer closes last, so that SQLite folds the
// WAL back into the database file.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE) and commits it, or
// rolls it back when fn fails.
func (c *conns) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := c.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr("begin", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return mapErr("commit", tx.Commit())
}
