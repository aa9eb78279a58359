// Package migrate applies a backend's embedded SQL migrations with goose.
// Each migration runs in its own transaction together with its version
// row, so a migration that fails leaves the database as it was before it.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"

	"github.com/pressly/goose/v3"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// Migrator runs one dialect's migrations against one database.
type Migrator struct {
	provider *goose.Provider
}

// New prepares the migrations found at the top of fsys (files named
// 00001_name.sql). It does not touch the database.
func New(db *sql.DB, dialect goose.Dialect, fsys fs.FS, log *slog.Logger, opts ...goose.ProviderOption) (*Migrator, error) {
	opts = append(opts,
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(log.With("component", "migrate")),
		goose.WithVerbose(false), // the backends log each migration applied
	)
	p, err := goose.NewProvider(dialect, db, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("load %s migrations: %w", dialect, err)
	}
	return &Migrator{provider: p}, nil
}

// Up applies every pending migration. On failure it returns those applied
// before the failing one and an error naming it.
func (m *Migrator) Up(ctx context.Context) ([]store.MigrationResult, error) {
	results, err := m.provider.Up(ctx)
	var partial *goose.PartialError
	if errors.As(err, &partial) {
		applied := convertResults(partial.Applied)
		return applied, fmt.Errorf("migration %s failed and was rolled back: %v", path.Base(partial.Failed.Source.Path), partial.Err)
	}
	if err != nil {
		return nil, fmt.Errorf("migrate: %v", err)
	}
	return convertResults(results), nil
}

func convertResults(rs []*goose.MigrationResult) []store.MigrationResult {
	out := make([]store.MigrationResult, 0, len(rs))
	for _, r := range rs {
		out = append(out, store.MigrationResult{Version: r.Source.Version, Name: path.Base(r.Source.Path), Duration: r.Duration})
	}
	return out
}

// Status lists every known migration and whether it is applied.
func (m *Migrator) Status(ctx context.Context) ([]store.MigrationState, error) {
	states, err := m.provider.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %v", err)
	}
	out := make([]store.MigrationState, 0, len(states))
	for _, s := range states {
		out = append(out, store.MigrationState{
			Version:   s.Source.Version,
			Name:      path.Base(s.Source.Path),
			Applied:   s.State == goose.StateApplied,
			AppliedAt: store.StoredTime(s.AppliedAt),
		})
	}
	return out, nil
}

// Versions returns the newest applied migration and the newest known one.
func (m *Migrator) Versions(ctx context.Context) (current, latest int64, err error) {
	current, latest, err = m.provider.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("migration version: %v", err)
	}
	return current, latest, nil
}
