package production

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"
)

// Minimum lengths of secrets in production, in characters.
const (
	MinJWTSecretChars        = 32 // as many bytes as HS256's output (RFC 7518 section 3.2)
	MinDatabasePasswordChars = 12
	MinMetricsTokenChars     = 16
	// minDistinctSecretChars catches "aaaa…" and "1234…" secrets: 32
	// random base64 characters hold about 25 distinct ones.
	minDistinctSecretChars = 10
)

// secretFix is the advice for a secret that is missing or weak.
func secretFix(key string, chars int) string {
	return fmt.Sprintf("put at least %d random characters (e.g. from openssl rand -base64 48) in a file readable only by the service and set %s_FILE to its path",
		chars, envName(key))
}

func checkJWTSecret(s Settings) []Problem {
	n := utf8.RuneCountInString(s.JWTSecret)
	switch {
	case n == 0:
		return []Problem{{KeyJWTSecret, "is not set, so sessions cannot be signed", secretFix(KeyJWTSecret, MinJWTSecretChars)}}
	case n < MinJWTSecretChars:
		return []Problem{{KeyJWTSecret, fmt.Sprintf("has %d characters; production needs at least %d", n, MinJWTSecretChars), secretFix(KeyJWTSecret, MinJWTSecretChars)}}
	case distinctRunes(s.JWTSecret) < minDistinctSecretChars:
		return []Problem{{KeyJWTSecret, fmt.Sprintf("uses only %d different characters, so it is not random", distinctRunes(s.JWTSecret)), secretFix(KeyJWTSecret, MinJWTSecretChars)}}
	}
	return nil
}

func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// checkDatabase: a Postgres URL must carry a password of at least 12
// characters (or PGPASSWORD must), unless it connects through a Unix
// socket, where the server can authenticate the OS user instead. SQLite
// has no password.
func checkDatabase(s Settings) []Problem {
	raw := strings.TrimSpace(s.DatabaseURL)
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return []Problem{{KeyDatabase, "is not a valid postgres:// URL", "percent-encode special characters in the password (the value is not shown here because it holds one)"}}
	}
	password, _ := u.User.Password()
	if password == "" {
		password = u.Query().Get("password")
	}
	if password == "" {
		password = s.PGPassword
	}
	fix := fmt.Sprintf("give the database user a password of at least %d random characters and put the whole URL in a file named by %s_FILE", MinDatabasePasswordChars, envName(KeyDatabase))
	n := utf8.RuneCountInString(password)
	switch {
	case n == 0 && viaUnixSocket(u):
		return nil
	case n == 0:
		return []Problem{{KeyDatabase, "the Postgres URL has no password (nor is PGPASSWORD set)", fix}}
	case n < MinDatabasePasswordChars:
		return []Problem{{KeyDatabase, fmt.Sprintf("the Postgres password has %d characters; production needs at least %d", n, MinDatabasePasswordChars), fix}}
	}
	return nil
}

// viaUnixSocket: postgres:///db?host=/run/postgresql, the one way to
// name a socket directory in a URL that Go can parse.
func viaUnixSocket(u *url.URL) bool {
	return u.Host == "" && strings.HasPrefix(u.Query().Get("host"), "/")
}

// checkRedis: a shared Redis must require a password (AUTH), since every
// instance's rate limits can be reset by anyone who can write to it.
func checkRedis(s Settings) []Problem {
	if strings.TrimSpace(s.RedisURL) == "" {
		return nil
	}
	opts, err := redis.ParseURL(s.RedisURL)
	if err != nil {
		return []Problem{{KeyRedisURL, "is not a valid redis:// or rediss:// URL",
			"write it as redis://:PASSWORD@HOST:6379/0 (rediss:// for TLS), percent-encoding special characters (the value is not shown here because it may hold a password)"}}
	}
	if opts.Password == "" {
		return []Problem{{KeyRedisURL, "connects to Redis without a password",
			fmt.Sprintf("set requirepass (or an ACL user) on Redis and put redis://:PASSWORD@HOST:6379/0 (rediss:// for TLS) in a file named by %s_FILE", envName(KeyRedisURL))}}
	}
	return nil
}
