package postgres

import (
	"context"
	"fmt"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/internal/migrate"
)

// Check implements store.Store. Postgres guards its own pages and foreign
// keys, so the check is that the server answers and the schema is fully
// migrated.
func (db *DB) Check(ctx context.Context) (store.CheckReport, error) {
	report := store.CheckReport{Backend: store.KindPostgres}
	if err := db.Ping(ctx); err != nil {
		report.Problems = append(report.Problems, fmt.Sprintf("connect to %s: %v", db.loc, err))
		return report, nil
	}
	err := db.withMigrator(Migrations(), func(m *migrate.Migrator) error {
		var err error
		report.SchemaVersion, report.LatestVersion, err = m.Versions(ctx)
		return err
	})
	if err != nil {
		return report, err
	}
	if p := store.SchemaProblem(report.SchemaVersion, report.LatestVersion); p != "" {
		report.Problems = append(report.Problems, p)
	}
	return report, nil
}
