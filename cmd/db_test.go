//go:build !lean

package cmd

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/sqlite"
)

// runCmd runs one command line in process and returns its exit code and
// output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	code = Run(context.Background(), streams, args)
	return code, out.String(), errOut.String()
}

// openDB opens the test database directly, to seed it or look inside.
func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func countAnalyses(t *testing.T, path string) int {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	page, err := db.ListAnalyses(context.Background(), store.AnalysisFilter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Analyses)
}

// seedAnalyses adds one analysis 100 days old and one from now.
func seedAnalyses(t *testing.T, path string) func() {
	db := openDB(t, path)
	defer db.Close()
	for _, age := range []time.Duration{100 * 24 * time.Hour, 0} {
		a := &store.Analysis{SourceKind: store.SourceScan, SourceKey: "/m/" + age.String(), Status: store.StatusOK,
			CreatedAt: time.Now().Add(-age)}
		if err := db.CreateAnalysis(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	return func() {}
}

// createEmpty makes an empty SQLite file, as sqlite3 would.
func createEmpty(t *testing.T, path string) func() {
	openDB(t, path).Close()
	return func() {}
}

// breakForeignKey adds an API key whose user does not exist, through a
// connection without foreign keys, as another tool might.
func breakForeignKey(t *testing.T, path string) func() {
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO api_keys (id, user_id, prefix, hash, role, created_at) VALUES ('k', 'ghost', 'p', 'h', 'viewer', 0)`); err != nil {
		t.Fatal(err)
	}
	return func() {}
}

func TestDBCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	path := filepath.Join(dir, "ffprobe-api.db")
	backup := filepath.Join(dir, "backup.db")
	db := "--db=sqlite://" + path

	steps := []struct {
		name      string
		setup     func(t *testing.T, path string) func() // returns what undoes it after the step
		args      []string
		code      int
		out, errs []string // substrings of stdout and stderr
		after     func(t *testing.T)
	}{
		{name: "status of a database that does not exist", args: []string{"db", "status", db}, code: ExitTrouble, errs: []string{"does not exist ('ffprobe-api db migrate' creates it)"},
			after: func(t *testing.T) {
				if _, err := os.Stat(path); err == nil {
					t.Fatal("db status created the database")
				}
			}},
		{name: "status of an empty database", setup: createEmpty, args: []string{"db", "status", db}, out: []string{"00001_init.sql", "pending", "1 pending: run 'ffprobe-api db migrate'"}},
		{name: "check of an unmigrated database", args: []string{"db", "check", db}, code: ExitFailed, out: []string{"problem: schema is at version 0"}},
		{name: "migrate", args: []string{"db", "migrate", db}, out: []string{"applied 00001_init.sql"}},
		{name: "migrate again", args: []string{"db", "migrate", db}, out: []string{"the schema is up to date"}},
		{name: "status", args: []string{"db", "status", db}, out: []string{"00001_init.sql", "applied"}},
		{name: "status as JSON", args: []string{"db", "status", db, "-o", "json"}, out: []string{`"applied": true`, `"name": "00001_init.sql"`}},
		{name: "check", args: []string{"db", "check", db}, out: []string{"ok: sqlite database healthy, schema at version 1"}},
		{name: "check as JSON", args: []string{"db", "check", db, "-o", "json"}, out: []string{`"ok": true`, `"problems": []`}},
		{name: "backup", setup: seedAnalyses, args: []string{"db", "backup", backup, db}, out: []string{"backup written to " + backup}},
		{name: "backup onto an existing file", args: []string{"db", "backup", backup, db}, code: ExitTrouble, errs: []string{"the file exists"}},
		{name: "purge without an age", args: []string{"db", "purge", db}, code: ExitTrouble, errs: []string{"--older-than is required", "--help"}},
		{name: "purge with a bad age", args: []string{"db", "purge", "--older-than", "90x", db}, code: ExitTrouble, errs: []string{`--older-than "90x": want an age such as 90d`}},
		{name: "purge", args: []string{"db", "purge", "--older-than", "90d", "--audit-older-than", "1d12h", db},
			out: []string{"purged 1 analyses older than 90d", "purged 0 expired sessions", "purged 0 audit events older than 36h0m0s"},
			after: func(t *testing.T) {
				if n := countAnalyses(t, path); n != 1 {
					t.Fatalf("%d analyses after the purge, want 1", n)
				}
			}},
		{name: "restore", args: []string{"db", "restore", backup, db}, out: []string{"restored " + path, "the old database is kept as " + path + "."},
			after: func(t *testing.T) {
				if n := countAnalyses(t, path); n != 2 {
					t.Fatalf("%d analyses after restoring the backup, want its 2", n)
				}
			}},
		{name: "restore over a database in use", setup: holdOpen, args: []string{"db", "restore", backup, db}, code: ExitTrouble, errs: []string{"in use", "--force"}},
		{name: "restore --force", setup: holdOpen, args: []string{"db", "restore", "--force", backup, db}, out: []string{"restored"}},
		{name: "restore from a missing file", args: []string{"db", "restore", filepath.Join(dir, "nope.db"), db}, code: ExitTrouble, errs: []string{"nope.db", "no such file"}},
		{name: "check finds a broken foreign key", setup: breakForeignKey, args: []string{"db", "check", db}, code: ExitFailed, out: []string{"problem: foreign key: api_keys"}},
		{name: "restore into Postgres points to pg_restore", args: []string{"db", "restore", backup, "--db", "postgres://app:s3cret@db.example/media"},
			code: ExitTrouble, errs: []string{"pg_restore --clean", "PGPASSWORD=…", "postgres://app@db.example/media"}},
		{name: "unsupported database URL", args: []string{"db", "check", "--db", "mysql://app:s3cret@h/x"}, code: ExitTrouble, errs: []string{`scheme "mysql" is not supported`}},
		{name: "missing folder", args: []string{"db", "migrate", "--db", filepath.Join(dir, "no", "such", "x.db")}, code: ExitTrouble, errs: []string{"does not exist"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.setup != nil {
				defer s.setup(t, path)()
			}
			code, out, errs := runCmd(t, s.args...)
			if code != s.code {
				t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, s.code, out, errs)
			}
			for _, want := range s.out {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range s.errs {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
			if strings.Contains(out+errs, "s3cret") {
				t.Errorf("a password was printed:\n%s%s", out, errs)
			}
			if s.after != nil {
				s.after(t)
			}
		})
	}
}

// holdOpen keeps the database open, as a running server would, until the
// step is over.
func holdOpen(t *testing.T, path string) func() {
	db := openDB(t, path)
	return func() { db.Close() }
}

func TestDefaultDatabaseIsInTheDataFolder(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("FFPROBE_API_DB", "")
	code, out, errs := runCmd(t, "db", "migrate")
	if code != ExitOK {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "ffprobe-api", "ffprobe-api.db")); err != nil {
		t.Fatalf("default database not created in the data folder: %v", err)
	}
}

func TestParseAge(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90d", 90 * 24 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"15m", 15 * time.Minute, true},
		{"1d12h", 36 * time.Hour, true},
		{"2h30m", 150 * time.Minute, true},
		{"0d", 0, false},
		{"-5d", 0, false},
		{"d", 0, false},
		{"90", 0, false},
		{"ninety days", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := parseAge("--older-than", c.in)
			if c.ok != (err == nil) || got != c.want {
				t.Fatalf("parseAge(%q) = %v, %v; want %v (ok %v)", c.in, got, err, c.want, c.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "--older-than") {
				t.Fatalf("error %q does not name the flag", err)
			}
		})
	}
}
