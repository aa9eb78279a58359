package server_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/postgres"
	"github.com/jackc/pgx/v5"
)

// authBackend opens a fresh, migrated store for one test server. dump
// returns every byte the database keeps that could hold a secret (files
// and text columns); exec runs SQL on it behind the store's back.
type authBackend struct {
	open func(t *testing.T) (st store.Store, dump func() []byte, exec func(sql string))
}

// startAuth starts a test server on a fresh store of b.
func (b authBackend) startAuth(t *testing.T, setups ...func(*serverSetup)) (*apiServer, func() []byte, func(string)) {
	t.Helper()
	st, dump, exec := b.open(t)
	return startServer(t, append([]func(*serverSetup){func(c *serverSetup) { c.store = st }}, setups...)...), dump, exec
}

// TestAuthSQLite runs the authentication suite on SQLite.
func TestAuthSQLite(t *testing.T) {
	runAuthSuite(t, authBackend{open: func(t *testing.T) (store.Store, func() []byte, func(string)) {
		dir := t.TempDir()
		path := filepath.Join(dir, "auth.db")
		st := openSQLite(t, path)
		return st, func() []byte { return sqliteBytes(t, dir, path) }, func(q string) { sqliteExec(t, path, q) }
	}})
}

// TestAuthPostgres runs the authentication suite on Postgres, each server
// in a schema of its own (FFPROBE_API_TEST_POSTGRES_URL).
func TestAuthPostgres(t *testing.T) {
	base := testenv.PostgresURL(t)
	runAuthSuite(t, authBackend{open: func(t *testing.T) (store.Store, func() []byte, func(string)) {
		u, schema := postgresSchema(t, base)
		st, err := postgres.Open(context.Background(), u, store.Options{Migrate: true, MaxConns: 4})
		must(t, err)
		t.Cleanup(func() { st.Close() })
		return st, func() []byte { return postgresText(t, u, schema) }, func(q string) { postgresExec(t, u, q) }
	}})
}

func runAuthSuite(t *testing.T, b authBackend) {
	t.Run("no credentials", b.noCredentials)
	t.Run("refused API keys", b.refusedKeys)
	t.Run("effective role and last use", b.effectiveRole)
	t.Run("forged and broken access tokens", b.forgedTokens)
	t.Run("refresh rotation and reuse", b.refreshReuse)
	t.Run("logout", b.logout)
	t.Run("session revoked by another instance", b.revokedElsewhere)
	t.Run("login failures and throttling", b.loginThrottle)
	t.Run("sessions off", b.sessionsOff)
	t.Run("object-level authorization", b.objectLevel)
	t.Run("function-level authorization", b.functionLevel)
	t.Run("users endpoints", b.usersEndpoints)
	t.Run("keys endpoints", b.keysEndpoints)
	t.Run("audit log", b.auditLog)
	t.Run("audit store failure", b.auditStoreFailure)
	t.Run("no secret stored or logged", b.noSecretStored)
}

// sqliteBytes is the database files (WAL included) and every text value
// read through SQL.
func sqliteBytes(t *testing.T, dir, path string) []byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "auth.db*"))
	must(t, err)
	var all bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		must(t, err)
		all.Write(data)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	must(t, err)
	defer db.Close()
	for _, table := range sqlStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table'`) {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		must(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			values, ptrs := make([]any, len(cols)), make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			must(t, rows.Scan(ptrs...))
			for _, v := range values {
				switch v := v.(type) {
				case string:
					all.WriteString(v + "\n")
				case []byte:
					all.Write(append(v, '\n'))
				}
			}
		}
		must(t, rows.Close())
	}
	return all.Bytes()
}

func sqliteExec(t *testing.T, path, q string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	must(t, err)
	defer db.Close()
	_, err = db.Exec(q)
	must(t, err)
}

func sqlStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		must(t, rows.Scan(&s))
		out = append(out, s)
	}
	return out
}

// postgresSchema makes a schema of its own for one server, dropped when
// the test ends, and returns a URL whose search_path is that schema.
func postgresSchema(t *testing.T, base string) (string, string) {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "authtest_" + hex.EncodeToString(b)
	postgresExec(t, base, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { postgresExec(t, base, "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(base)
	must(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}

func postgresExec(t *testing.T, u, q string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	must(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, q)
	must(t, err)
}

// postgresText is every row of every table of the schema, as text.
func postgresText(t *testing.T, u, schema string) []byte {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	must(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, schema)
	must(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	must(t, err)
	var all bytes.Buffer
	for _, table := range tables {
		rows, err := conn.Query(ctx, `SELECT t::text FROM "`+table+`" t`)
		must(t, err)
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		must(t, err)
		for _, l := range lines {
			all.WriteString(l + "\n")
		}
	}
	return all.Bytes()
}
