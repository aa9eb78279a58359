package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/sqlite"

	"github.com/ffprobe-api/ffprobe-api/store"
)

func TestCheckFindsForeignKeyViolations(t *testing.T) {
	db := openTemp(t)
	// A connection without foreign keys, as another tool might open the file.
	raw, err := sql.Open("sqlite", "file:"+db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO api_keys (id, user_id, prefix, hash, role, created_at)
		VALUES ('k', 'ghost', 'p', 'h', 'viewer', 0)`); err != nil {
		t.Fatal(err)
	}
	report, err := db.Check(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if report.OK() || !strings.Contains(report.String(), "api_keys") {
		t.Fatalf("check missed an API key of a missing user: %+v", report)
	}
}

func TestCheckFindsCorruption(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(t.Context(), path, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if err := db.CreateAnalysis(t.Context(), newScan(fmt.Sprintf("/c/%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Damage the last pages: rows and index entries of analyses.
	for i := len(data) - 3*4096; i < len(data); i += 7 {
		data[i] ^= 0xff
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatalf("open a file damaged past its schema: %v", err)
	}
	defer db.Close()
	report, err := db.Check(t.Context())
	if err != nil || report.OK() {
		t.Fatalf("check of a damaged file: report %q, error %v; want problems reported", report, err)
	}
	t.Logf("check of the damaged file: %s", report)
}

func TestDriverErrorsDoNotLeak(t *testing.T) {
	db := openTemp(t)
	u := &store.User{Username: "a", Role: store.RoleAdmin}
	if err := db.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	err := db.CreateUser(t.Context(), &store.User{Username: "A", Role: store.RoleAdmin})
	var se *sqlite.Error
	if !errors.Is(err, store.ErrConflict) || errors.As(err, &se) {
		t.Fatalf("duplicate user: %v (a *sqlite.Error inside: %v), want ErrConflict alone", err, errors.As(err, &se))
	}
}

func TestOpenPaths(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, path string
		ok         bool
	}{
		{"spaces and unicode", filepath.Join(dir, "my media", "bibliothèque.db"), true},
		{"URI characters", filepath.Join(dir, "a?b#c%20d&e=f.db"), true},
		{"missing folder", filepath.Join(dir, "missing", "x.db"), false},
	}
	if err := os.Mkdir(filepath.Join(dir, "my media"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Open(t.Context(), c.path, store.Options{MustExist: true}); c.ok && !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("open of a missing file with MustExist: %v, want ErrNotFound", err)
			}
			db, err := Open(t.Context(), c.path, store.Options{Migrate: true})
			if !c.ok {
				if err == nil || !strings.Contains(err.Error(), "does not exist") {
					t.Fatalf("open %s: %v, want an error naming the missing folder", c.path, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.CreateAnalysis(t.Context(), newScan("x")); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(c.path); err != nil {
				t.Fatalf("database not at the path asked: %v", err)
			}
		})
	}
}
