package sqlite

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// backupWith makes a backup holding one analysis with the given key.
func backupWith(t *testing.T, key string) string {
	t.Helper()
	db := openTemp(t)
	if err := db.CreateAnalysis(t.Context(), newScan(key)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), key+".backup")
	if err := db.Backup(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	return path
}

// keysIn opens the database at path and returns its analyses' source keys.
func keysIn(t *testing.T, path string) []string {
	t.Helper()
	db, err := Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	page, err := db.ListAnalyses(t.Context(), store.AnalysisFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range page.Analyses {
		keys = append(keys, a.SourceKey)
	}
	return keys
}

func TestRestoreReplacesAndKeepsOld(t *testing.T) {
	backup := backupWith(t, "from-backup")
	dir := t.TempDir()
	target := filepath.Join(dir, "live.db")
	live, err := Open(t.Context(), target, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := live.CreateAnalysis(t.Context(), newScan("old")); err != nil {
		t.Fatal(err)
	}
	live.Close()

	res, err := Restore(t.Context(), backup, target, RestoreOptions{})
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got := keysIn(t, target); strings.Join(got, ",") != "from-backup" {
		t.Fatalf("restored database holds %v, want the backup's row", got)
	}
	if !strings.HasSuffix(res.OldKeptAs, ".bak") || filepath.Dir(res.OldKeptAs) != dir {
		t.Fatalf("old database kept as %q, want a .bak beside it", res.OldKeptAs)
	}
	if got := keysIn(t, res.OldKeptAs); strings.Join(got, ",") != "old" {
		t.Fatalf("the .bak holds %v, want the old row", got)
	}
	if res.SchemaVersion <= 0 {
		t.Fatalf("schema version %d", res.SchemaVersion)
	}
}

func TestRestoreRefusesDatabaseInUse(t *testing.T) {
	backup := backupWith(t, "from-backup")
	target := filepath.Join(t.TempDir(), "live.db")
	live, err := Open(t.Context(), target, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if err := live.CreateAnalysis(t.Context(), newScan("live")); err != nil {
		t.Fatal(err)
	}
	_, err = Restore(t.Context(), backup, target, RestoreOptions{})
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over an open database: %v, want ErrInUse naming --force", err)
	}
	if _, err := os.Stat(target); err != nil {
		t.Fatalf("refused restore touched the database: %v", err)
	}
	if _, err := Restore(t.Context(), backup, target, RestoreOptions{Force: true}); err != nil {
		t.Fatalf("restore --force: %v", err)
	}
	if got := keysIn(t, target); strings.Join(got, ",") != "from-backup" {
		t.Fatalf("forced restore holds %v", got)
	}
}

func TestRestoreRefusesBadBackups(t *testing.T) {
	dir := t.TempDir()
	good := backupWith(t, "good")
	corrupt := filepath.Join(dir, "corrupt.db")
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(data); i++ { // every page after the first
		data[i] ^= 0x5a
	}
	writeFile(t, corrupt, data)
	notOurs := filepath.Join(dir, "other.db")
	other, err := Open(t.Context(), notOurs, store.Options{}) // a SQLite file without our schema
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	text := filepath.Join(dir, "notes.txt")
	writeFile(t, text, []byte(strings.Repeat("not a database\n", 500)))

	cases := []struct{ name, backup, want string }{
		{"missing file", filepath.Join(dir, "missing.db"), "no such file"},
		{"corrupt pages", corrupt, "not usable"},
		{"text file", text, "not usable"},
		{"another program's database", notOurs, "no ffprobe-api schema"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "live.db")
			live, err := Open(t.Context(), target, store.Options{Migrate: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := live.CreateAnalysis(t.Context(), newScan("keep-me")); err != nil {
				t.Fatal(err)
			}
			live.Close()
			_, err = Restore(t.Context(), c.backup, target, RestoreOptions{})
			t.Log(err)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("restore from %s: %v, want an error containing %q", c.name, err, c.want)
			}
			if got := keysIn(t, target); strings.Join(got, ",") != "keep-me" {
				t.Fatalf("refused restore changed the database: %v", got)
			}
			if leftovers, _ := filepath.Glob(target + ".*"); len(leftovers) > 0 {
				t.Fatalf("refused restore left %v", leftovers)
			}
		})
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
