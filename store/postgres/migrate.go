package postgres

import (
	"context"
	"embed"
	"io/fs"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/internal/migrate"
)

//go:embed migrations/*.sql
var embedded embed.FS

// Migrations are the Postgres schema migrations, one 00001_name.sql file each.
func Migrations() fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// withMigrator runs fn with a migrator over a database/sql view of the pool.
// Migrations hold a Postgres advisory lock, so that servers starting
// together migrate one at a time.
func (db *DB) withMigrator(fsys fs.FS, fn func(m *migrate.Migrator) error) error {
	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer sqlDB.Close()
	// Retry the lock every second for up to five minutes (goose's default
	// polls every five seconds, which slows every start that contends).
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return err
	}
	m, err := migrate.New(sqlDB, goose.DialectPostgres, fsys, db.log, goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	return fn(m)
}

// Migrate implements store.Store.
func (db *DB) Migrate(ctx context.Context) ([]store.MigrationResult, error) {
	return db.MigrateFS(ctx, Migrations())
}

// MigrateFS applies the migrations of fsys instead of the built-in ones.
// Tests use it to prove that a failing migration changes nothing.
func (db *DB) MigrateFS(ctx context.Context, fsys fs.FS) ([]store.MigrationResult, error) {
	var results []store.MigrationResult
	err := db.withMigrator(fsys, func(m *migrate.Migrator) error {
		var err error
		results, err = m.Up(ctx)
		return err
	})
	for _, r := range results {
		db.log.Info("migration applied", "version", r.Version, "name", r.Name, "duration", r.Duration.String())
	}
	return results, err
}

// MigrationStatus implements store.Store.
func (db *DB) MigrationStatus(ctx context.Context) ([]store.MigrationState, error) {
	var states []store.MigrationState
	err := db.withMigrator(Migrations(), func(m *migrate.Migrator) error {
		var err error
		states, err = m.Status(ctx)
		return err
	})
	return states, err
}
