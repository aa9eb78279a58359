// Package production holds the checks that production mode (--env
// production, FFPROBE_API_ENV=production) runs before serve starts or
// config validate passes: weak or missing secrets and exposed services
// are refused, every problem listed at once, never a secret's value.
package production

import (
	"errors"
	"fmt"
	"strings"
)

// Env is the deployment environment.
type Env string

const (
	Development Env = "development" // the default: checks off
	Production  Env = "production"
)

// ParseEnv reads --env / FFPROBE_API_ENV, case-insensitively; "" is
// Development.
func ParseEnv(s string) (Env, error) {
	switch e := Env(strings.ToLower(strings.TrimSpace(s))); e {
	case "":
		return Development, nil
	case Development, Production:
		return e, nil
	}
	return "", fmt.Errorf("--env %q: want development or production", s)
}

// Configuration keys the problems name; each is also a flag (--KEY) and
// an environment variable (FFPROBE_API_KEY, secrets also FFPROBE_API_KEY_FILE).
const (
	KeyJWTSecret             = "jwt-secret"
	KeyDatabase              = "db"
	KeyRedisURL              = "redis-url"
	KeyCORSOrigins           = "cors-origins"
	KeyTLSCert               = "tls-cert"
	KeyTLSKey                = "tls-key"
	KeyBehindProxy           = "behind-proxy"
	KeyTrustedProxies        = "trusted-proxies"
	KeyMetricsToken          = "metrics-token"
	KeyBootstrapAdminKeyFile = "bootstrap-admin-key-file"
)

// Settings is the configuration the checks read: plain values, filled by
// cmd from flags, environment and file (secrets already read from their
// …_FILE).
type Settings struct {
	JWTSecret   string
	DatabaseURL string // --db: a SQLite path or a postgres:// URL
	PGPassword  string // PGPASSWORD, which pgx uses when the URL has no password
	RedisURL    string // "" when rate limits stay in memory
	CORSOrigins []string
	TLSCert     string
	TLSKey      string
	// BehindProxy says a reverse proxy terminates TLS in front of serve.
	BehindProxy    bool
	TrustedProxies []string // --trusted-proxies as given
	Addr           string   // the main listener, host:port
	MetricsAddr    string   // the separate metrics listener; "" serves /metrics on Addr
	MetricsToken   string
	// BootstrapAdminKeyFile is where serve writes the first admin's API
	// key; it must be private when it exists.
	BootstrapAdminKeyFile string
	// SecretFiles are the …_FILE paths secrets were read from, by key.
	SecretFiles map[string]string
}

// Problem is one thing production mode refuses.
type Problem struct {
	Key     string // the configuration key, e.g. "jwt-secret"
	Problem string // what is wrong, without the secret's value
	Fix     string // how to put it right
}

func (p Problem) String() string { return p.Key + ": " + p.Problem + "; " + p.Fix }

// Check lists every problem of s for production, in a stable order;
// none means s may serve in production.
func Check(s Settings) []Problem {
	var problems []Problem
	for _, rule := range []func(Settings) []Problem{
		checkJWTSecret, checkDatabase, checkRedis, checkCORS, checkTLS,
		checkProxy, checkMetrics, checkBootstrapKeyFile, checkSecretFiles,
	} {
		problems = append(problems, rule(s)...)
	}
	return problems
}

// Error is problems as one error for serve and config validate, nil when
// there are none: a line each, under a heading that counts them.
func Error(problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "production mode refuses this configuration (%d problem(s)):", len(problems))
	for _, p := range problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return errors.New(b.String())
}

// envName is the environment variable of key: FFPROBE_API_JWT_SECRET.
func envName(key string) string {
	return "FFPROBE_API_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}
