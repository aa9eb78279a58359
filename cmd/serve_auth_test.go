//go:build !lean

package cmd

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

// bootstrapKeyFile writes a new API key to a file for
// FFPROBE_API_BOOTSTRAP_ADMIN_KEY_FILE and returns both.
func bootstrapKeyFile(t *testing.T) (key, file string) {
	t.Helper()
	k, err := security.GenerateAPIKey()
	if err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(t.TempDir(), "admin.key")
	if err := os.WriteFile(file, []byte(k.Secret()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return k.Secret(), file
}

// bearerKey sends the key with every request that has no credential.
type bearerKey string

func (k bearerKey) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+string(k))
	}
	return http.DefaultTransport.RoundTrip(req)
}

// adminID is the user ID the process's client acts as.
func adminID(t *testing.T, p *servertest.Process) string {
	t.Helper()
	var me struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	p.Client.Get("/api/v1/me").JSON(t, &me)
	return me.User.ID
}

// loggedKeys finds the API keys in a log.
var loggedKeys = regexp.MustCompile(`fpa_[0-9A-Za-z]{43}`)

// bootstrap starts the real binary twice on one database: the first start
// logs a new admin key exactly once, the second logs none, and the key
// works against the second. The second start has a session secret from a
// file, so a user added with the CLI in between can log in.
func (e *serveE2E) bootstrap(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shared.db")
	first := servertest.StartServe(t, e.bin, e.ffprobe, nil, "--db", db)
	if res := first.Client.Get("/api/v1/analyses"); res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("without credentials = %d, WWW-Authenticate %q", res.StatusCode, res.Header.Get("WWW-Authenticate"))
	}
	if res := first.Client.PostJSON("/api/v1/auth/login", map[string]string{"username": "admin", "password": "no password at all"}); res.StatusCode != 501 {
		t.Errorf("login without --jwt-secret = %d, want 501", res.StatusCode)
	}
	first.Stop(t)
	log := first.Stderr.String()
	keys := loggedKeys.FindAllString(log, -1)
	if len(keys) != 1 {
		t.Fatalf("the first start logged %d API keys, want exactly one:\n%s", len(keys), log)
	}
	key := keys[0]
	line := logLineWith(log, key)
	if !strings.Contains(line, `"level":"WARN"`) || !strings.Contains(line, "shown only this once") {
		t.Errorf("the key's line is not a WARN saying it is shown once: %s", line)
	}
	if !strings.Contains(log, "password logins are off") {
		t.Errorf("no warning that password logins are off:\n%s", log)
	}

	runOperatorCmd(t, "ada's long passphrase\n", ExitOK, "users", "add", "ada", "--role", "analyst", "--password-stdin", "--db", db)
	secret := filepath.Join(t.TempDir(), "jwt")
	if err := os.WriteFile(secret, []byte("a session secret of more than thirty-two bytes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	second := servertest.StartServe(t, e.bin, e.ffprobe, []string{"FFPROBE_API_JWT_SECRET_FILE=" + secret}, "--db", db)
	second.Client.HTTP.Transport = bearerKey(key)
	var me struct {
		User struct {
			Username string `json:"username"`
			Role     string `json:"role"`
		} `json:"user"`
	}
	second.Client.Get("/api/v1/me").JSON(t, &me)
	if me.User.Username != "admin" || me.User.Role != "admin" {
		t.Errorf("the bootstrap key on the second start acts as %+v, want the admin", me.User)
	}
	login := second.Client.PostJSON("/api/v1/auth/login", map[string]string{"username": "ada", "password": "ada's long passphrase"})
	var tokens struct {
		AccessToken string `json:"access_token"`
	}
	if login.StatusCode != 200 || json.Unmarshal(login.Body, &tokens) != nil || tokens.AccessToken == "" {
		t.Errorf("login with FFPROBE_API_JWT_SECRET_FILE set = %d %s", login.StatusCode, login.Body)
	}
	second.Stop(t)
	if log := second.Stderr.String(); strings.Contains(log, key) || strings.Contains(log, key[4:]) || loggedKeys.MatchString(log) {
		t.Errorf("the second start logged an API key:\n%s", log)
	}
}

// badBootstrapKeyFile: a malformed key file on a first start stops serve
// with exit code 2, naming the file and never repeating its content.
func (e *serveE2E) badBootstrapKeyFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "admin.key")
	if err := os.WriteFile(file, []byte("fpa_not-a-real-key-but-secret-looking"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(e.bin, "serve", "--addr", "127.0.0.1:0", "--ffprobe", e.ffprobe, "--db", filepath.Join(t.TempDir(), "x.db"))
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(), bootstrapKeyFileEnv+"="+file)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitTrouble {
		t.Fatalf("serve with a malformed bootstrap key file: %v, want exit 2\n%s", err, out)
	}
	if !strings.Contains(string(out), file) || !strings.Contains(string(out), "malformed API key") || strings.Contains(string(out), "secret-looking") {
		t.Errorf("the error should name the file and say the key is malformed, without its content:\n%s", out)
	}
}

func logLineWith(log, part string) string {
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, part) {
			return line
		}
	}
	return ""
}
