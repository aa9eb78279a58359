package storetest

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// brokenMigration creates a table, adds a row to users, then fails: if the
// migration were not one transaction, the table and the row would stay.
const brokenMigration = `-- +goose Up
CREATE TABLE half_done (id TEXT PRIMARY KEY);
INSERT INTO users (id, username, username_key, password_hash, role, created_at, updated_at)
    SELECT id || '-copy', username || '-copy', username_key || '-copy', '', role, created_at, updated_at FROM users;
SELECT no_such_column FROM no_such_table;

-- +goose Down
DROP TABLE half_done;
`

// MigrationRollback proves that a failing migration leaves the database as
// it was. s is a migrated store holding nothing; migrations are the
// backend's own; migrateFS applies another set of migrations to s.
func MigrationRollback(t *testing.T, s store.Store, migrations fs.FS,
	migrateFS func(context.Context, fs.FS) ([]store.MigrationResult, error)) {
	mustUser(t, s, "alice")
	before, err := s.Check(ctxOf(t))
	wantErr(t, "check", err, nil)

	broken := fstest.MapFS{}
	files, err := fs.Glob(migrations, "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found (%v)", err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(migrations, name)
		if err != nil {
			t.Fatal(err)
		}
		broken[name] = &fstest.MapFile{Data: data}
	}
	const name = "99999_broken.sql"
	broken[name] = &fstest.MapFile{Data: []byte(brokenMigration)}

	applied, err := migrateFS(ctxOf(t), broken)
	if err == nil || !strings.Contains(err.Error(), name) {
		t.Fatalf("broken migration: error %v, want one naming %s", err, name)
	}
	if len(applied) != 0 {
		t.Fatalf("applied %v before the broken one, want nothing", applied)
	}
	after, err := s.Check(ctxOf(t))
	wantErr(t, "check after the failure", err, nil)
	if !after.OK() || after.SchemaVersion != before.SchemaVersion {
		t.Fatalf("after a failed migration: %+v, want %+v", after, before)
	}
	if n, err := s.CountUsers(ctxOf(t)); err != nil || n != 1 {
		t.Fatalf("users after the failed migration: %d, %v; want the 1 from before", n, err)
	}
	// The half-made table is gone too: the same migration, fixed, applies.
	broken[name] = &fstest.MapFile{Data: []byte(strings.Replace(brokenMigration, "SELECT no_such_column FROM no_such_table;", "", 1))}
	applied, err = migrateFS(ctxOf(t), broken)
	wantErr(t, "the fixed migration", err, nil)
	if len(applied) != 1 || applied[0].Version != 99999 {
		t.Fatalf("fixed migration applied %v, want version 99999", applied)
	}
}
