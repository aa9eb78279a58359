//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/postgres"
	"github.com/ffprobe-api/ffprobe-api/store/sqlite"
)

// storeBackends are the database kinds this program can open.
func storeBackends() []store.Backend {
	return []store.Backend{sqlite.Backend(), postgres.Backend()}
}

// databaseURL is the configured database (--db, FFPROBE_API_DB, or "db" in
// the config file) or, when none is, the SQLite file ffprobe-api.db in the
// data folder, which it creates.
func (a *app) databaseURL() (string, error) {
	if u := strings.TrimSpace(a.v.GetString("db")); u != "" {
		return u, nil
	}
	dir := defaultDataDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create the data folder %s for the default database: %w (or set --db)", dir, err)
	}
	return filepath.Join(dir, "ffprobe-api.db"), nil
}

// databaseLocation is the configured database, parsed.
func (a *app) databaseLocation() (store.Location, error) {
	u, err := a.databaseURL()
	if err != nil {
		return store.Location{}, err
	}
	loc, err := store.ParseURL(u)
	if err != nil {
		return store.Location{}, fmt.Errorf("--db: %w", err)
	}
	return loc, nil
}

// openStore opens the configured database; with migrate, pending
// migrations are applied first. Every message names the database with its
// password masked.
func (a *app) openStore(ctx context.Context, migrate bool) (store.Store, error) {
	return a.openStoreWith(ctx, store.Options{Migrate: migrate})
}

// openStoreWith opens the configured database with opts; the backends and
// the logger are filled in.
func (a *app) openStoreWith(ctx context.Context, opts store.Options) (store.Store, error) {
	u, err := a.databaseURL()
	if err != nil {
		return nil, err
	}
	a.log.Debug("opening database", "db", store.Redact(u), "migrate", opts.Migrate)
	opts.Backends, opts.Logger = storeBackends(), a.log
	return store.Open(ctx, u, opts)
}
