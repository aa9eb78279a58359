package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/storetest"
)

// schemaURL creates a schema of its own for the test in the database of
// FFPROBE_API_TEST_POSTGRES_URL, drops it when the test ends, and returns a
// URL whose search_path points at it.
func schemaURL(t testing.TB) string {
	t.Helper()
	base := testenv.PostgresURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", store.Redact(base), err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "storetest_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("FFPROBE_API_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTemp opens a migrated store in a schema of its own.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(t.Context(), schemaURL(t), store.Options{Migrate: true, MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	db := openTemp(t)
	storetest.MigrationRollback(t, db, Migrations(), db.MigrateFS)
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store { return openTemp(b) })
}
