package sqlite

import (
	"context"
	"embed"
	"io/fs"

	"github.com/pressly/goose/v3"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/internal/migrate"
)

//go:embed migrations/*.sql
var embedded embed.FS

// Migrations are the SQLite schema migrations, one 00001_name.sql file each.
func Migrations() fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// migrator runs fsys's migrations on the writer connection (goose keeps to
// one connection for SQL migrations, so the single writer is enough).
func (db *DB) migrator(fsys fs.FS) (*migrate.Migrator, error) {
	return migrate.New(db.write, goose.DialectSQLite3, fsys, db.log)
}

// Migrate implements store.Store.
func (db *DB) Migrate(ctx context.Context) ([]store.MigrationResult, error) {
	return db.MigrateFS(ctx, Migrations())
}

// MigrateFS applies the migrations of fsys instead of the built-in ones.
// Tests use it to prove that a failing migration changes nothing.
func (db *DB) MigrateFS(ctx context.Context, fsys fs.FS) ([]store.MigrationResult, error) {
	m, err := db.migrator(fsys)
	if err != nil {
		return nil, err
	}
	results, err := m.Up(ctx)
	for _, r := range results {
		db.log.Info("migration applied", "version", r.Version, "name", r.Name, "duration", r.Duration.String())
	}
	return results, err
}

// MigrationStatus implements store.Store.
func (db *DB) MigrationStatus(ctx context.Context) ([]store.MigrationState, error) {
	m, err := db.migrator(Migrations())
	if err != nil {
		return nil, err
	}
	return m.Status(ctx)
}
