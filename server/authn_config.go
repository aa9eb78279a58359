package server

import (
	"fmt"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
)

// AuthConfig is how the server authenticates: the session settings of
// password logins, the login throttle, the password hashing cost and how
// often an access token's session is looked at again.
type AuthConfig struct {
	// Sessions are the access-token and refresh-token settings. An empty
	// Secret turns password logins off: the /auth endpoints answer 501
	// sessions_disabled and access tokens are refused, while API keys work.
	Sessions security.SessionConfig
	// LoginThrottle slows down password guessing, per account and per
	// client address (two throttles with these settings).
	LoginThrottle security.ThrottleConfig
	// Argon2 are the parameters of new password hashes.
	Argon2 security.Argon2Params
	// MaxConcurrentHashes bounds the password hashes computed at once (each
	// holds Argon2.Memory while it runs).
	MaxConcurrentHashes int
	// SessionRecheck is how long an access token's session is trusted
	// before the store is asked again whether it was revoked (a logout on
	// another instance); a revocation on this instance counts at once. 0
	// asks on every request. The user is read on every request regardless.
	SessionRecheck time.Duration
}

// Defaults of AuthConfig beyond security's own.
const (
	DefaultMaxConcurrentHashes = 2
	DefaultSessionRecheck      = 30 * time.Second
	// keyTouchInterval is how stale an API key's last-used time may get
	// before a request writes it again: at most one write a minute per key.
	keyTouchInterval = time.Minute
)

// DefaultAuthConfig has no session secret (password logins off) and the
// defaults of security for everything else.
func DefaultAuthConfig() AuthConfig {
	return AuthConfig{
		Sessions:            security.DefaultSessionConfig(),
		LoginThrottle:       security.DefaultThrottleConfig(),
		Argon2:              security.DefaultArgon2Params(),
		MaxConcurrentHashes: DefaultMaxConcurrentHashes,
		SessionRecheck:      DefaultSessionRecheck,
	}
}

// SessionsEnabled reports whether password logins are on: a secret is set.
func (c AuthConfig) SessionsEnabled() bool { return len(c.Sessions.Secret) > 0 }

// problems lists what is wrong, naming the serve flags.
func (c AuthConfig) problems() []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	s := c.Sessions
	if n := len(s.Secret); n > 0 && n < security.MinTokenSecretBytes {
		add("--jwt-secret has %d bytes; want at least %d random bytes (e.g. openssl rand -base64 48), or none to turn password logins off",
			n, security.MinTokenSecretBytes)
	}
	switch {
	case s.AccessTTL <= 0 || s.AccessTTL > time.Hour:
		add("--access-token-ttl %s: want more than 0 and at most 1h", s.AccessTTL)
	case s.IdleTimeout < s.AccessTTL:
		add("--session-idle-timeout %s is shorter than --access-token-ttl %s", s.IdleTimeout, s.AccessTTL)
	case s.AbsoluteTimeout < s.IdleTimeout:
		add("--session-absolute-timeout %s is shorter than --session-idle-timeout %s", s.AbsoluteTimeout, s.IdleTimeout)
	case c.SessionsEnabled() && len(out) == 0:
		if err := s.Validate(); err != nil {
			add("sessions: %v", err)
		}
	}
	if err := c.LoginThrottle.Validate(); err != nil {
		add("%v", err)
	}
	if err := c.Argon2.Validate(); err != nil {
		add("password hashing: %v", err)
	}
	if c.MaxConcurrentHashes < 1 {
		add("password hashing: at most %d hashes at once: want at least 1", c.MaxConcurrentHashes)
	}
	if c.SessionRecheck < 0 {
		add("session recheck interval %s: must not be negative", c.SessionRecheck)
	}
	return out
}
