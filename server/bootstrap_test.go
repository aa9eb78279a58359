package server_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// bootstrap runs BootstrapAdmin with a JSON log and returns what it did
// and logged.
func bootstrap(t *testing.T, st store.Store, keyFile string) (bool, string, error) {
	t.Helper()
	var log syncBuffer
	made, err := server.BootstrapAdmin(context.Background(), st, server.BootstrapOptions{KeyFile: keyFile, Logger: slog.New(slog.NewJSONHandler(&log, nil))})
	return made, log.String(), err
}

func TestBootstrapAdminPrintsAGeneratedKeyOnce(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t, filepath.Join(t.TempDir(), "b.db"))
	made, log, err := bootstrap(t, st, "")
	if err != nil || !made {
		t.Fatalf("first start: made %v, %v", made, err)
	}
	var line struct {
		Level  string `json:"level"`
		APIKey string `json:"api_key"`
	}
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		if strings.Contains(l, `"api_key"`) {
			must(t, json.Unmarshal([]byte(l), &line))
		}
	}
	key, err := security.ParseAPIKey(line.APIKey)
	if err != nil || line.Level != "WARN" || strings.Count(log, line.APIKey) != 1 {
		t.Fatalf("want one WARN line holding the key once; got level %q, %d occurrences, %v:\n%s", line.Level, strings.Count(log, line.APIKey), err, log)
	}
	rec, err := st.GetAPIKeyByHash(ctx, key.Hash())
	must(t, err)
	u, err := st.GetUser(ctx, rec.UserID)
	must(t, err)
	if u.Username != server.BootstrapAdminUsername || u.Role != store.RoleAdmin || u.PasswordHash != "" || rec.Role != store.RoleAdmin || !rec.ExpiresAt.IsZero() {
		t.Errorf("bootstrap made user %+v with key %+v; want an admin without a password and a never-expiring admin key", u, rec)
	}
	for _, action := range []string{security.AuditUserCreated, security.AuditKeyCreated} {
		page, err := st.ListAuditEvents(ctx, store.AuditFilter{Action: action})
		must(t, err)
		if len(page.Events) != 1 || page.Events[0].Actor != "system" || strings.Contains(string(page.Events[0].Details), key.Secret()) {
			t.Errorf("%s audit events %+v", action, page.Events)
		}
	}
	made, log, err = bootstrap(t, st, "")
	if made || err != nil || log != "" {
		t.Errorf("second start: made %v, %v, logged %q; want nothing at all", made, err, log)
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("%d users after two starts, want 1", n)
	}
}

func TestBootstrapAdminFromKeyFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key, err := security.GenerateAPIKey()
	must(t, err)
	file := filepath.Join(dir, "admin.key")
	must(t, os.WriteFile(file, []byte(key.Secret()+"\n"), 0o600))
	st := openSQLite(t, filepath.Join(dir, "b.db"))
	made, log, err := bootstrap(t, st, file)
	if err != nil || !made || strings.Contains(log, key.Secret()) || strings.Contains(log, key.Secret()[4:]) {
		t.Fatalf("made %v, %v; the log must not hold the file's key:\n%s", made, err, log)
	}
	if _, err := st.GetAPIKeyByHash(ctx, key.Hash()); err != nil {
		t.Errorf("the file's key is not stored by its hash: %v", err)
	}
	must(t, os.Remove(file))
	if made, _, err := bootstrap(t, st, file); made || err != nil {
		t.Errorf("a later start with the key file gone: made %v, %v; want nothing (the file is read only on first start)", made, err)
	}
}

func TestBootstrapAdminRefusesABadKeyFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"not a key", "hunter2-secret-stuff", "malformed API key"},
		{"a refresh token", "fpr_" + strings.Repeat("a", 43), "malformed API key"},
		{"too short", "fpa_" + strings.Repeat("b", 20) + "-secret", "malformed API key"},
		{"missing file", "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if tt.content != "" {
				must(t, os.WriteFile(file, []byte(tt.content), 0o600))
			}
			st := openSQLite(t, filepath.Join(t.TempDir(), "b.db"))
			made, log, err := bootstrap(t, st, file)
			if made || err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), file) {
				t.Fatalf("made %v, error %v; want an error naming the file and saying %q", made, err, tt.want)
			}
			if tt.content != "" && (strings.Contains(err.Error(), "secret") || strings.Contains(log, "secret")) {
				t.Errorf("the error or log repeats the file's content: %v %s", err, log)
			}
			if n, _ := st.CountUsers(context.Background()); n != 0 {
				t.Errorf("%d users made from a bad key file", n)
			}
		})
	}
}
