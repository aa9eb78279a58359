package production

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goodSettings passes every check: the baseline each case breaks once.
func goodSettings(t *testing.T) Settings {
	return Settings{
		JWTSecret:    "Zq3vK8pL2xR7mN4bT9wY1cF6hJ0dS5gA", // 32 characters
		DatabaseURL:  "postgres://app:S3cure-Passw0rd-X@db.internal:5432/ffprobe?sslmode=verify-full",
		RedisURL:     "rediss://:R3dis-Passw0rd-X@cache.internal:6380/0",
		CORSOrigins:  []string{"https://app.example.com"},
		TLSCert:      "/etc/ffprobe-api/cert.pem",
		TLSKey:       "/etc/ffprobe-api/key.pem",
		Addr:         "0.0.0.0:8443",
		MetricsAddr:  "127.0.0.1:9090",
		MetricsToken: "",
	}
}

func TestCheckBaselinePasses(t *testing.T) {
	if problems := Check(goodSettings(t)); len(problems) != 0 {
		t.Fatalf("the baseline has problems, so the cases below prove nothing: %v", problems)
	}
}

func TestCheckRules(t *testing.T) {
	tests := []struct {
		name        string
		change      func(s *Settings)
		wantKey     string
		wantProblem string // a part of Problem; "" for no problem at all
	}{
		{"no JWT secret", func(s *Settings) { s.JWTSecret = "" }, KeyJWTSecret, "is not set"},
		{"31-character JWT secret", func(s *Settings) { s.JWTSecret = s.JWTSecret[:31] }, KeyJWTSecret, "has 31 characters; production needs at least 32"},
		{"32 multi-byte characters are enough", func(s *Settings) { s.JWTSecret = "ÄÖÜäöüßéèêáàâíìîóòôúùûçñÆØÅæøåœŒ" }, "", ""},
		{"repetitive JWT secret", func(s *Settings) { s.JWTSecret = strings.Repeat("ab", 20) }, KeyJWTSecret, "only 2 different characters"},
		{"SQLite needs no password", func(s *Settings) { s.DatabaseURL = "/var/lib/ffprobe-api/db.sqlite" }, "", ""},
		{"sqlite: URL", func(s *Settings) { s.DatabaseURL = "sqlite:///var/lib/x.db" }, "", ""},
		{"Postgres without password", func(s *Settings) { s.DatabaseURL = "postgres://app@db.internal/ffprobe" }, KeyDatabase, "has no password"},
		{"Postgres with an 11-character password", func(s *Settings) { s.DatabaseURL = "postgresql://app:elevenchars@db/x" }, KeyDatabase, "has 11 characters; production needs at least 12"},
		{"password in a query parameter", func(s *Settings) { s.DatabaseURL = "postgres://app@db/x?password=short" }, KeyDatabase, "has 5 characters"},
		{"long password in a query parameter", func(s *Settings) { s.DatabaseURL = "postgres://app@db/x?password=twelve-chars" }, "", ""},
		{"PGPASSWORD counts", func(s *Settings) { s.DatabaseURL = "postgres://app@db/x"; s.PGPassword = "twelve-chars" }, "", ""},
		{"Unix socket needs no password", func(s *Settings) { s.DatabaseURL = "postgres:///ffprobe?host=/run/postgresql" }, "", ""},
		{"unparsable Postgres URL", func(s *Settings) { s.DatabaseURL = "postgres://app:pa%ss@db/x" }, KeyDatabase, "not a valid postgres:// URL"},
		{"Redis without password", func(s *Settings) { s.RedisURL = "redis://cache.internal:6379/0" }, KeyRedisURL, "without a password"},
		{"Redis user without password", func(s *Settings) { s.RedisURL = "redis://app@cache.internal:6379/0" }, KeyRedisURL, "without a password"},
		{"no Redis at all", func(s *Settings) { s.RedisURL = "" }, "", ""},
		{"bad Redis URL", func(s *Settings) { s.RedisURL = "http://:pw@cache" }, KeyRedisURL, "not a valid"},
		{"wildcard CORS", func(s *Settings) { s.CORSOrigins = []string{"https://app.example.com", "*"} }, KeyCORSOrigins, `allows "*", a wildcard`},
		{"subdomain wildcard CORS", func(s *Settings) { s.CORSOrigins = []string{"https://*.example.com"} }, KeyCORSOrigins, "a wildcard"},
		{"null CORS origin", func(s *Settings) { s.CORSOrigins = []string{"null"} }, KeyCORSOrigins, `"null" origin`},
		{"no TLS", func(s *Settings) { s.TLSCert, s.TLSKey = "", "" }, KeyTLSCert, "no TLS"},
		{"no TLS behind a proxy", func(s *Settings) {
			s.TLSCert, s.TLSKey, s.BehindProxy, s.TrustedProxies = "", "", true, []string{"10.0.0.0/8"}
		}, "", ""},
		{"cert without key", func(s *Settings) { s.TLSKey = "" }, KeyTLSKey, "is not set, though its pair is"},
		{"key without cert", func(s *Settings) { s.TLSCert = "" }, KeyTLSCert, "is not set, though its pair is"},
		{"behind a proxy that is not trusted", func(s *Settings) { s.BehindProxy = true }, KeyTrustedProxies, "every client would look like the proxy"},
		{"metrics on the public main listener", func(s *Settings) { s.MetricsAddr = "" }, KeyMetricsToken, "on the main listener 0.0.0.0:8443"},
		{"metrics on all interfaces", func(s *Settings) { s.MetricsAddr = ":9090" }, KeyMetricsToken, "on :9090"},
		{"metrics on a host name", func(s *Settings) { s.MetricsAddr = "metrics.internal:9090" }, KeyMetricsToken, "served on metrics.internal:9090"},
		{"metrics on IPv6 loopback", func(s *Settings) { s.MetricsAddr = "[::1]:9090" }, "", ""},
		{"metrics on localhost", func(s *Settings) { s.MetricsAddr = "localhost:9090" }, "", ""},
		{"metrics on a loopback main listener", func(s *Settings) { s.MetricsAddr, s.Addr = "", "127.0.0.1:8080" }, "", ""},
		{"metrics on a loopback main listener behind a proxy", func(s *Settings) {
			s.MetricsAddr, s.Addr, s.BehindProxy, s.TrustedProxies = "", "127.0.0.1:8080", true, []string{"127.0.0.1"}
		}, KeyMetricsToken, "others can reach it"},
		{"public metrics with a token", func(s *Settings) { s.MetricsAddr, s.MetricsToken = "", "0123456789abcdef" }, "", ""},
		{"short metrics token", func(s *Settings) { s.MetricsToken = "short" }, KeyMetricsToken, "has 5 characters; production needs at least 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := goodSettings(t)
			tt.change(&s)
			problems := Check(s)
			if tt.wantKey == "" {
				if len(problems) != 0 {
					t.Fatalf("want no problem, got %v", problems)
				}
				return
			}
			if len(problems) != 1 || problems[0].Key != tt.wantKey || !strings.Contains(problems[0].Problem, tt.wantProblem) || problems[0].Fix == "" {
				t.Fatalf("got %v\nwant one problem of %s about %q, with a fix", problems, tt.wantKey, tt.wantProblem)
			}
		})
	}
}

// Everything wrong at once: every problem listed, none showing a secret.
func TestCheckListsAllAndShowsNoSecret(t *testing.T) {
	const (
		jwt        = "JWT-SENTINEL"
		dbPassword = "DBPW-SENT"
		redisUser  = "REDISUSER-SENTINEL"
		metrics    = "MTOKEN"
	)
	s := Settings{
		JWTSecret:    jwt,
		DatabaseURL:  "postgres://app:" + dbPassword + "@db/x",
		RedisURL:     "redis://" + redisUser + "@cache:6379",
		CORSOrigins:  []string{"*"},
		BehindProxy:  true,
		Addr:         ":8080",
		MetricsToken: metrics,
	}
	problems := Check(s)
	keys := map[string]bool{}
	for _, p := range problems {
		keys[p.Key] = true
	}
	for _, k := range []string{KeyJWTSecret, KeyDatabase, KeyRedisURL, KeyCORSOrigins, KeyTrustedProxies, KeyMetricsToken} {
		if !keys[k] {
			t.Errorf("no problem about %s in %v", k, problems)
		}
	}
	err := Error(problems)
	if err == nil || !strings.HasPrefix(err.Error(), "production mode refuses this configuration (6 problem(s)):\n  - jwt-secret: ") {
		t.Fatalf("Error() = %v", err)
	}
	for _, secret := range []string{jwt, dbPassword, redisUser, metrics} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the report shows a secret (%s):\n%v", secret, err)
		}
	}
	if Error(nil) != nil {
		t.Error("Error(nil) is not nil")
	}
}

func TestCheckFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("secret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // past the umask
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name        string
		change      func(s *Settings)
		wantKey     string
		wantProblem string
	}{
		{"private bootstrap key file", func(s *Settings) { s.BootstrapAdminKeyFile = write("admin-key-600", 0o600) }, "", ""},
		{"bootstrap key file not made yet", func(s *Settings) { s.BootstrapAdminKeyFile = filepath.Join(dir, "later") }, "", ""},
		{"group-readable bootstrap key file", func(s *Settings) { s.BootstrapAdminKeyFile = write("admin-key-640", 0o640) }, KeyBootstrapAdminKeyFile, "has mode 0640"},
		{"world-readable bootstrap key file", func(s *Settings) { s.BootstrapAdminKeyFile = write("admin-key-644", 0o644) }, KeyBootstrapAdminKeyFile, "has mode 0644"},
		{"Kubernetes-style 0644 secret file", func(s *Settings) { s.SecretFiles = map[string]string{KeyJWTSecret: write("jwt-644", 0o644)} }, "", ""},
		{"world-writable secret file", func(s *Settings) { s.SecretFiles = map[string]string{KeyJWTSecret: write("jwt-666", 0o666)} }, KeyJWTSecret, "FFPROBE_API_JWT_SECRET_FILE " + dir + "/jwt-666 has mode 0666"},
		{"missing secret file", func(s *Settings) { s.SecretFiles = map[string]string{KeyDatabase: filepath.Join(dir, "gone")} }, KeyDatabase, "FFPROBE_API_DB_FILE cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := goodSettings(t)
			tt.change(&s)
			problems := Check(s)
			if tt.wantKey == "" {
				if len(problems) != 0 {
					t.Fatalf("want no problem, got %v", problems)
				}
				return
			}
			if len(problems) != 1 || problems[0].Key != tt.wantKey || !strings.Contains(problems[0].Problem, tt.wantProblem) {
				t.Fatalf("got %v\nwant one problem of %s about %q", problems, tt.wantKey, tt.wantProblem)
			}
		})
	}
}

func TestParseEnv(t *testing.T) {
	for in, want := range map[string]Env{"": Development, "development": Development, "production": Production, " Production ": Production} {
		if got, err := ParseEnv(in); got != want || err != nil {
			t.Errorf("ParseEnv(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"prod", "staging"} {
		if _, err := ParseEnv(bad); err == nil || !strings.Contains(err.Error(), "development or production") {
			t.Errorf("ParseEnv(%q) = %v, want a refusal naming the choices", bad, err)
		}
	}
}
