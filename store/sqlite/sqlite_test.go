package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/storetest"
)

// openTemp opens a migrated store in a new file of the test's temporary
// folder and closes it when the test ends.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "test.db"), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store { return openTemp(b) })
}
