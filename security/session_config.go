package security

import (
	"errors"
	"fmt"
	"time"
)

// MinTokenSecretBytes is the shortest HS256 secret NewTokenIssuer accepts:
// as many bytes as the SHA-256 output, per RFC 7518 section 3.2.
const MinTokenSecretBytes = 32

// SessionConfig is how logins of people work: the access token's signing
// secret and lifetime, and how long a refresh-token session lives.
type SessionConfig struct {
	// Secret signs access tokens (HS256); at least MinTokenSecretBytes.
	// Changing it logs every access token out (refresh tokens survive).
	Secret []byte
	// Issuer and Audience go into every access token and must match on
	// verification ("iss" and "aud").
	Issuer   string
	Audience string
	// AccessTTL is the lifetime of an access token (JWT). It cannot be
	// revoked before it expires, so keep it short.
	AccessTTL time.Duration
	// IdleTimeout ends a session whose refresh token goes unused this long.
	IdleTimeout time.Duration
	// AbsoluteTimeout ends every session this long after its login,
	// however often it was refreshed.
	AbsoluteTimeout time.Duration
}

// DefaultSessionConfig returns the defaults: access tokens of 15 minutes,
// sessions idle for at most 24 hours and living at most 30 days, issuer
// and audience "ffprobe-api". Secret has no default.
func DefaultSessionConfig() SessionConfig {
	return SessionConfig{
		Issuer:          "ffprobe-api",
		Audience:        "ffprobe-api",
		AccessTTL:       15 * time.Minute,
		IdleTimeout:     24 * time.Hour,
		AbsoluteTimeout: 30 * 24 * time.Hour,
	}
}

// Validate lists every problem at once.
func (c SessionConfig) Validate() error {
	var problems []error
	if len(c.Secret) < MinTokenSecretBytes {
		problems = append(problems, fmt.Errorf("session secret has %d bytes; want at least %d random bytes (e.g. openssl rand -base64 48)", len(c.Secret), MinTokenSecretBytes))
	}
	if c.Issuer == "" || c.Audience == "" {
		problems = append(problems, errors.New("session token issuer and audience must not be empty"))
	}
	if c.AccessTTL <= 0 || c.AccessTTL > time.Hour {
		problems = append(problems, fmt.Errorf("access token lifetime %s: want more than 0 and at most 1h", c.AccessTTL))
	}
	if c.IdleTimeout < c.AccessTTL {
		problems = append(problems, fmt.Errorf("session idle timeout %s is shorter than the access token lifetime %s", c.IdleTimeout, c.AccessTTL))
	}
	if c.AbsoluteTimeout < c.IdleTimeout {
		problems = append(problems, fmt.Errorf("session absolute timeout %s is shorter than the idle timeout %s", c.AbsoluteTimeout, c.IdleTimeout))
	}
	return errors.Join(problems...)
}

// TokenIssuer returns the access-token issuer of this configuration.
func (c SessionConfig) TokenIssuer() (*TokenIssuer, error) {
	return NewTokenIssuer(c.Secret, c.Issuer, c.Audience, c.AccessTTL)
}

// LoginExpiry returns the idle and absolute expiry of a session that
// starts with a login at now.
func (c SessionConfig) LoginExpiry(now time.Time) (idle, absolute time.Time) {
	absolute = now.Add(c.AbsoluteTimeout)
	return c.RotatedExpiry(now, absolute), absolute
}

// RotatedExpiry is the idle expiry of a refresh token made at now in a
// session that ends at absolute: IdleTimeout from now, but never later
// than absolute.
func (c SessionConfig) RotatedExpiry(now, absolute time.Time) time.Time {
	idle := now.Add(c.IdleTimeout)
	if idle.After(absolute) {
		return absolute
	}
	return idle
}
