//go:build !lean

package cmd

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// TestSecretsNeverStoredInPlainText creates users with passwords, API keys
// and refresh-token sessions, then reads the SQLite files byte by byte and
// every text column through SQL: no password, key or refresh token may
// appear, while their hashes must (so the search is proven to look in the
// right place).
func TestSecretsNeverStoredInPlainText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.db")
	passwords := []string{"correct horse battery staple", "Tr0ub4dor&3 but much longer", "a new and longer passphrase"}
	runOperatorCmd(t, passwords[0]+"\n", ExitOK, "users", "add", "ada", "--role", "admin", "--password-stdin", "--db", path)
	runOperatorCmd(t, passwords[1]+"\n", ExitOK, "users", "add", "bob", "--role", "analyst", "--password-stdin", "--db", path)
	runOperatorCmd(t, passwords[2]+"\n", ExitOK, "users", "passwd", "ada", "--password-stdin", "--db", path)

	var keys []string
	for i, role := range []string{"admin", "viewer", "analyst"} {
		user := map[bool]string{true: "ada", false: "bob"}[role == "admin"]
		out, errOut := runOperatorCmd(t, "", ExitOK, "keys", "create", "--user", user, "--name", fmt.Sprint("k", i), "--role", role, "--db", path)
		key := strings.TrimSpace(out)
		if _, err := security.ParseAPIKey(key); err != nil || strings.Contains(errOut, key) {
			t.Fatalf("keys create printed %q (stderr %q): %v", out, errOut, err)
		}
		keys = append(keys, key)
	}
	runOperatorCmd(t, "", ExitOK, "keys", "revoke", keys[0][:12], "--db", path)
	refreshTokens := createRefreshSessions(t, path)

	secrets := append(append(append([]string{}, passwords...), keys...), refreshTokens...)
	hashes := []string{}
	for _, k := range keys {
		parsed, _ := security.ParseAPIKey(k)
		hashes = append(hashes, parsed.Hash())
	}
	for _, r := range refreshTokens {
		parsed, _ := security.ParseRefreshToken(r)
		hashes = append(hashes, parsed.Hash())
	}

	raw := readDatabaseFiles(t, dir)
	text := textColumns(t, path)
	for _, s := range secrets {
		for _, form := range []string{s, s[4:]} { // whole, and without a known prefix
			if bytes.Contains(raw, []byte(form)) {
				t.Errorf("the database files contain a secret (%.8s…) in plain text", form)
			}
			if strings.Contains(text, form) {
				t.Errorf("a text column contains a secret (%.8s…)", form)
			}
		}
	}
	for _, h := range hashes {
		if !strings.Contains(text, h) || !bytes.Contains(raw, []byte(h)) {
			t.Errorf("hash %.12s… is missing from the dump: the search does not look where the records are", h)
		}
	}
	if n := strings.Count(text, "$argon2id$v=19$"); n != 2 {
		t.Errorf("%d argon2id hashes in the text columns, want 2 (one per user)", n)
	}
	checkKeyAuditEvents(t, path, map[string]int{security.AuditKeyCreated: 3, security.AuditKeyRevoked: 1})
}

// checkKeyAuditEvents checks how many events of each action the CLI wrote,
// all by "cli:<OS user>".
func checkKeyAuditEvents(t *testing.T, path string, want map[string]int) {
	t.Helper()
	db := openOperatorDB(t, path)
	for action, n := range want {
		page, err := db.ListAuditEvents(context.Background(), store.AuditFilter{Action: action})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Events) != n {
			t.Errorf("%d %s events, want %d", len(page.Events), action, n)
		}
		for _, e := range page.Events {
			if e.Actor != security.AuditActorCLI(osUsername()) || e.Target == "" || !strings.Contains(string(e.Details), `"prefix":"fpa_`) {
				t.Errorf("%s event by %q on %q with details %s", action, e.Actor, e.Target, e.Details)
			}
		}
	}
}

// createRefreshSessions makes a login session and rotates it once, as the
// server will, and returns both refresh tokens.
func createRefreshSessions(t *testing.T, path string) []string {
	t.Helper()
	ctx := context.Background()
	db := openOperatorDB(t, path)
	u, err := db.GetUserByUsername(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	cfg := security.DefaultSessionConfig()
	now := store.Now()
	first, _ := security.GenerateRefreshToken()
	idle, absolute := cfg.LoginExpiry(now)
	login := &store.Session{UserID: u.ID, TokenHash: first.Hash(), ExpiresAt: idle, AbsoluteExpiresAt: absolute}
	if err := db.CreateSession(ctx, login); err != nil {
		t.Fatal(err)
	}
	second, _ := security.GenerateRefreshToken()
	later := now.Add(time.Minute)
	next := &store.Session{UserID: u.ID, FamilyID: login.FamilyID, ParentID: login.ID, TokenHash: second.Hash(),
		CreatedAt: later, ExpiresAt: cfg.RotatedExpiry(later, absolute), AbsoluteExpiresAt: absolute}
	if err := db.RotateSession(ctx, login.ID, next); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return []string{first.Secret(), second.Secret()}
}

// readDatabaseFiles returns the bytes of the database and its WAL and
// shared-memory files.
func readDatabaseFiles(t *testing.T, dir string) []byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "t.db*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no database files in %s: %v", dir, err)
	}
	var all []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, data...)
	}
	return all
}

// textColumns returns every text and blob value of every table, one per
// line, read through SQL.
func textColumns(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if len(tables) < 5 {
		t.Fatalf("only tables %v: not the migrated database", tables)
	}
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range values {
				switch v := v.(type) {
				case string:
					b.WriteString(v + "\n")
				case []byte:
					b.Write(append(v, '\n'))
				}
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

func queryStrings(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestParseKeyExpiry(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{"never", time.Time{}, ""},
		{"90d", now.AddDate(0, 0, 90), ""},
		{"12w", now.AddDate(0, 0, 84), ""},
		{"36h", now.Add(36 * time.Hour), ""},
		{"2026-12-31", time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), ""},
		{"0d", time.Time{}, "positive whole number"},
		{"-5d", time.Time{}, "positive whole number"},
		{"1.5d", time.Time{}, "positive whole number"},
		{"-1h", time.Time{}, "not in the future"},
		{"2026-03-01", time.Time{}, "not in the future"},
		{"90", time.Time{}, "want 90d"},
		{"", time.Time{}, "want 90d"},
		{"soon", time.Time{}, "want 90d"},
		{"tomorrow", time.Time{}, "positive whole number"},
	}
	for _, tt := range tests {
		t.Run(cmp.Or(tt.in, "empty"), func(t *testing.T) {
			got, err := parseKeyExpiry(tt.in, now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseKeyExpiry(%q) = %v, %v; want error with %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Fatalf("parseKeyExpiry(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}
