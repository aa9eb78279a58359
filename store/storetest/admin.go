package storetest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/store"
)

var adminTests = map[string]func(*testing.T, store.Store){
	"Ping":                testPing,
	"MigrateIsIdempotent": testMigrateAgain,
	"MigrationStatus":     testMigrationStatus,
	"CheckHealthy":        testCheckHealthy,
	"Backup":              testBackup,
}

func testPing(t *testing.T, s store.Store) { wantErr(t, "ping", s.Ping(ctxOf(t)), nil) }

func testMigrateAgain(t *testing.T, s store.Store) {
	applied, err := s.Migrate(ctxOf(t))
	wantErr(t, "migrate", err, nil)
	if len(applied) != 0 {
		t.Fatalf("a migrated store applied %v again", applied)
	}
}

func testMigrationStatus(t *testing.T, s store.Store) {
	states, err := s.MigrationStatus(ctxOf(t))
	wantErr(t, "status", err, nil)
	if len(states) == 0 {
		t.Fatal("no migrations known")
	}
	for _, st := range states {
		if !st.Applied || st.AppliedAt.IsZero() || st.Name == "" || st.Version <= 0 {
			t.Fatalf("migration not applied in a migrated store: %+v", st)
		}
	}
}

func testCheckHealthy(t *testing.T, s store.Store) {
	mustCreate(t, s, newAnalysis(mustUser(t, s, "alice").ID, 0))
	report, err := s.Check(ctxOf(t))
	wantErr(t, "check", err, nil)
	if !report.OK() || report.SchemaVersion != report.LatestVersion || report.SchemaVersion <= 0 {
		t.Fatalf("check of a healthy store: %+v", report)
	}
}

func testBackup(t *testing.T, s store.Store) {
	mustCreate(t, s, newAnalysis("", 0))
	path := filepath.Join(t.TempDir(), "backup")
	err := s.Backup(ctxOf(t), path)
	if errors.Is(err, store.ErrUnsupported) {
		testenv.Missing(t, "backup needs a tool that is missing: %v", err)
	}
	wantErr(t, "backup", err, nil)
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
	wantErr(t, "backup over an existing file", s.Backup(ctxOf(t), path), store.ErrConflict)
}
