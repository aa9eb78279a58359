//go:build !lean

package cmd

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

// secretFile writes a secret into a file of the given mode.
func secretFile(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte(content+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // past the umask
		t.Fatal(err)
	}
	return path
}

// runBinary runs the binary in a private XDG home with only env set of
// this program's variables, and returns its exit code and output.
func runBinary(t *testing.T, bin string, env []string, args ...string) (int, string) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix+"_") && !strings.HasPrefix(kv, "PGPASSWORD=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "NO_COLOR=1")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", bin, err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// TestProductionMode runs the real binary: weak settings make serve and
// config validate exit 2 listing every problem (and no secret); good ones
// pass, and serve starts with its rate limits on.
func TestProductionMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := serveBinary(t)
	const jwt, dbPassword = "JWT-SENTINEL", "pw5ch"
	keyFile := secretFile(t, "fpa_not-checked-here", 0o644)
	weakEnv := []string{"FFPROBE_API_JWT_SECRET_FILE=" + secretFile(t, jwt, 0o666), bootstrapKeyFileEnv + "=" + keyFile}
	weakFlags := []string{"--db", "postgres://app:" + dbPassword + "@db.invalid/x", "--redis-url", "redis://cache.invalid:6379/0",
		"--cors-origins", "*", "--url-allow-private", "127.0.0.0/8"}
	weakVars := append([]string{"FFPROBE_API_DB=postgres://app:" + dbPassword + "@db.invalid/x", "FFPROBE_API_REDIS_URL=redis://cache.invalid:6379/0",
		"FFPROBE_API_CORS_ORIGINS=*", "FFPROBE_API_URL_ALLOW_PRIVATE=127.0.0.0/8"}, weakEnv...)
	everyProblem := []string{
		"production mode refuses this configuration (8 problem(s))",
		"jwt-secret: has 12 characters; production needs at least 32",
		"jwt-secret: FFPROBE_API_JWT_SECRET_FILE " + strings.TrimPrefix(weakEnv[0], "FFPROBE_API_JWT_SECRET_FILE=") + " has mode 0666",
		"db: the Postgres password has 5 characters",
		"redis-url: connects to Redis without a password",
		`cors-origins: allows "*", a wildcard`,
		"tls-cert: no TLS",
		"url-allow-private: admits 127.0.0.0/8",
		"bootstrap-admin-key-file: " + keyFile + " has mode 0644",
	}
	tests := []struct {
		name string
		env  []string
		args []string
	}{
		{"serve --env production", weakEnv, append([]string{"serve", "--env", "production", "--addr", "127.0.0.1:0"}, weakFlags...)},
		{"serve with FFPROBE_API_ENV=production", append(weakEnv, "FFPROBE_API_ENV=production"), append([]string{"serve", "--addr", "127.0.0.1:0"}, weakFlags...)},
		{"config validate --env production", weakVars, []string{"config", "validate", "--env", "production"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := runBinary(t, bin, tt.env, tt.args...)
			if code != ExitTrouble {
				t.Errorf("exit code %d, want %d\n%s", code, ExitTrouble, out)
			}
			for _, want := range everyProblem {
				if !strings.Contains(out, want) {
					t.Errorf("the output does not list %q:\n%s", want, out)
				}
			}
			for _, secret := range []string{jwt, dbPassword} {
				if strings.Contains(out, secret) {
					t.Errorf("the output shows a secret (%s):\n%s", secret, out)
				}
			}
		})
	}
	t.Run("good settings pass and serve starts", func(t *testing.T) { goodProduction(t, bin) })
}

func goodProduction(t *testing.T, bin string) {
	env := []string{
		"FFPROBE_API_JWT_SECRET_FILE=" + secretFile(t, "Zq3vK8pL2xR7mN4bT9wY1cF6hJ0dS5gAuE2", 0o600),
		"FFPROBE_API_METRICS_TOKEN_FILE=" + secretFile(t, "m3tr1cs-T0ken-Long-Enough", 0o600),
		"FFPROBE_API_BEHIND_PROXY=true", "FFPROBE_API_TRUSTED_PROXIES=127.0.0.1", "FFPROBE_API_ENV=production",
	}
	if code, out := runBinary(t, bin, env, "config", "validate"); code != 0 || !strings.Contains(out, "production checks: no problems") {
		t.Fatalf("config validate = exit %d\n%s", code, out)
	}
	key, keyFile := bootstrapKeyFile(t)
	p := servertest.StartServe(t, bin, testenv.FFprobe(t), append(env, bootstrapKeyFileEnv+"="+keyFile))
	p.Client.HTTP.Transport = bearerKey(key)
	req := p.Client.NewRequest("GET", "/api/v1/analyses", nil)
	req.Header.Set("X-Forwarded-For", "198.51.100.7")
	res := p.Client.Do(req)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("RateLimit-Policy"), `"ip";q=60;w=3`) {
		t.Errorf("= %d, RateLimit-Policy %q; want 200 with serve's default per-address limit", res.StatusCode, res.Header.Values("RateLimit-Policy"))
	}
	if code := p.Stop(t); code != 0 {
		t.Errorf("serve exited %d\n%s", code, p.Stderr)
	}
	if !strings.Contains(p.Stderr.String(), `"client_ip":"198.51.100.7"`) {
		t.Errorf("the access log does not name the client the trusted proxy forwarded:\n%s", p.Stderr)
	}
}
