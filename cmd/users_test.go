//go:build !lean

package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/sqlite"
)

// runOperatorCmd runs one command line in process with stdin and fails the
// test unless it exits with wantCode.
func runOperatorCmd(t *testing.T, stdin string, wantCode int, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut}
	if code := Run(context.Background(), streams, args); code != wantCode {
		t.Fatalf("ffprobe-api %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, wantCode, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

func openOperatorDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// TestUsersChangesAreAudited checks what the scripts cannot see: the stored
// password hash verifies the password given on stdin, passwd replaces it
// and revokes sessions, and every change has its audit event by
// "cli:<OS user>".
func TestUsersChangesAreAudited(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	const first, second = "correct horse battery staple", "a new and longer passphrase"
	runOperatorCmd(t, first+"\n", ExitOK, "users", "add", "ada", "--role", "analyst", "--password-stdin", "--db", path)

	db := openOperatorDB(t, path)
	u, err := db.GetUserByUsername(ctx, "ada")
	if err != nil {
		t.Fatal(err)
	}
	hasher, err := security.NewPasswordHasher(security.DefaultArgon2Params(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := hasher.Verify(ctx, u.PasswordHash, first); !ok || err != nil {
		t.Fatalf("the stored hash does not verify the password given: %v, %v", ok, err)
	}
	refresh, _ := security.GenerateRefreshToken()
	s := &store.Session{UserID: u.ID, TokenHash: refresh.Hash(), ExpiresAt: store.Now().Add(time.Hour), AbsoluteExpiresAt: store.Now().Add(24 * time.Hour)}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}

	out, _ := runOperatorCmd(t, second+"\r\n", ExitOK, "users", "passwd", "ADA", "--password-stdin", "--db", path)
	if !strings.Contains(out, "1 session(s) revoked") {
		t.Errorf("passwd output %q does not report the revoked session", out)
	}
	runOperatorCmd(t, "", ExitOK, "users", "set-role", "ada", "viewer", "--db", path)
	runOperatorCmd(t, "", ExitOK, "users", "disable", "ada", "--db", path)
	runOperatorCmd(t, "", ExitOK, "users", "enable", "ada", "--db", path)
	runOperatorCmd(t, "", ExitOK, "users", "enable", "ada", "--db", path) // no change, no event

	u, _ = db.GetUserByUsername(ctx, "ada")
	if ok, _ := hasher.Verify(ctx, u.PasswordHash, second); !ok {
		t.Error("after passwd the new password does not verify (was the CR kept?)")
	}
	if ok, _ := hasher.Verify(ctx, u.PasswordHash, first); ok {
		t.Error("after passwd the old password still verifies")
	}
	if got, _ := db.GetSessionByTokenHash(ctx, refresh.Hash()); got.RevokedAt.IsZero() {
		t.Error("passwd left the user's session unrevoked")
	}

	page, err := db.ListAuditEvents(ctx, store.AuditFilter{Target: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{security.AuditUserEnabled, security.AuditUserDisabled, security.AuditUserChanged,
		security.AuditUserPasswordChanged, security.AuditUserCreated} // newest first
	if len(page.Events) != len(want) {
		t.Fatalf("%d audit events, want %d: %+v", len(page.Events), len(want), page.Events)
	}
	for i, e := range page.Events {
		if e.Action != want[i] || e.Actor != security.AuditActorCLI(osUsername()) || e.Outcome != store.OutcomeSuccess {
			t.Errorf("event %d: %s by %s (%s); want %s by %s", i, e.Action, e.Actor, e.Outcome, want[i], security.AuditActorCLI(osUsername()))
		}
		if !json.Valid(e.Details) || strings.Contains(string(e.Details), "$argon2id$") {
			t.Errorf("event %d details %s: not JSON, or a password hash", i, e.Details)
		}
	}
	if !strings.Contains(string(page.Events[2].Details), `"role_from":"analyst","role_to":"viewer"`) {
		t.Errorf("user.changed details %s do not say the role change", page.Events[2].Details)
	}
}

func TestReadPasswordLine(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        string // "" for success
	}{
		{"LF", "correct horse\n", "correct horse", ""},
		{"CRLF", "correct horse\r\n", "correct horse", ""},
		{"no line ending", "correct horse", "correct horse", ""},
		{"first line only", "first line\nsecond line\n", "first line", ""},
		{"inner spaces and tabs kept", " a\tb \n", " a\tb ", ""},
		{"1024 bytes", strings.Repeat("a", 1024) + "\n", strings.Repeat("a", 1024), ""},
		{"1025 bytes and more", strings.Repeat("a", 5000), "", "password is too long: the first line of stdin is longer than 1024 bytes"},
		{"empty", "", "", "stdin holds no password"},
		{"empty line", "\n", "", "stdin holds no password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readPasswordLine(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("readPasswordLine = %q, %v; want an error with %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("readPasswordLine = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
