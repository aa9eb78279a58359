package postgres

import (
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/store"
)

func TestPgDumpCommand(t *testing.T) {
	cmd, err := PgDumpCommand("postgres://app:s3cret@db:5432/media?sslmode=verify-full&sslrootcert=/ca.pem&search_path=tenant1&pool_max_conns=4", "/b/x.dump")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--format=custom", "--no-password", "--file=/b/x.dump",
		"--dbname=postgres://app@db:5432/media?sslmode=verify-full&sslrootcert=%2Fca.pem", "--schema=tenant1"}
	if !slices.Equal(cmd.Args, want) {
		t.Fatalf("args %q\nwant %q", cmd.Args, want)
	}
	if cmd.Password != "s3cret" {
		t.Fatalf("password %q not passed for PGPASSWORD", cmd.Password)
	}
	if s := cmd.String(); strings.Contains(s, "s3cret") || !strings.HasPrefix(s, "PGPASSWORD=… pg_dump ") {
		t.Fatalf("printable command %q leaks or lacks the PGPASSWORD hint", s)
	}
	restore, err := PgRestoreCommand("postgres://app@db/media?password=s3cret", "my backup.dump")
	if err != nil {
		t.Fatal(err)
	}
	if s := restore.String(); strings.Contains(s, "s3cret") || !strings.HasSuffix(s, "'my backup.dump'") || restore.Password != "s3cret" {
		t.Fatalf("restore command %q (password %q)", s, restore.Password)
	}
}

func TestJSONBSanitising(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", `{"a":"b"}`, `{"a":"b"}`},
		{"NUL escape", `{"a":"x\u0000y"}`, `{"a":"x\ufffdy"}`},
		{"escaped backslash before u0000", `{"a":"x\\u0000y"}`, `{"a":"x\\u0000y"}`},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", "{\"a\":\"\uFFFD\"}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := string(jsonb([]byte(c.in)).([]byte))
			if got != c.want || !json.Valid([]byte(got)) {
				t.Fatalf("jsonb(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
	if jsonb(nil) != nil {
		t.Fatal("empty JSON must be NULL")
	}
}

func TestBackupWithPgDump(t *testing.T) {
	db := openTemp(t)
	if err := db.CreateAnalysis(t.Context(), &store.Analysis{SourceKind: store.SourceURL, SourceKey: "https://example.com/a.mp4", Status: store.StatusOK}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pg.dump")
	if err := db.Backup(t.Context(), path); err != nil {
		if errors.Is(err, store.ErrUnsupported) && strings.Contains(err.Error(), "pg_dump") {
			testenv.Missing(t, "pg_dump missing; the error names the command: %v", err)
		}
		t.Fatal(err)
	}
	list, err := exec.Command("pg_restore", "--list", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_restore --list: %v: %s", err, list)
	}
	if !strings.Contains(string(list), "TABLE DATA") || !strings.Contains(string(list), "analyses") {
		t.Fatalf("the dump lacks the analyses table:\n%s", list)
	}
}

func TestDriverErrorsDoNotLeak(t *testing.T) {
	db := openTemp(t)
	if err := db.CreateUser(t.Context(), &store.User{Username: "a", Role: store.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	err := db.CreateUser(t.Context(), &store.User{Username: "A", Role: store.RoleAdmin})
	var pe *pgconn.PgError
	if !errors.Is(err, store.ErrConflict) || errors.As(err, &pe) {
		t.Fatalf("duplicate user: %v, want ErrConflict without a *pgconn.PgError inside", err)
	}
}

func TestOpenRefusesBadURL(t *testing.T) {
	_, err := Open(t.Context(), "postgres://app:s3cret@127.0.0.1:1/x?sslmode=bogus", store.Options{})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("open with a bad sslmode: %v; want an error without the password", err)
	}
	_, err = Open(t.Context(), "postgres://app:s3cret@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", store.Options{})
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "xxxxx") {
		t.Fatalf("open of a closed port: %v; want an error naming the redacted URL", err)
	}
}
