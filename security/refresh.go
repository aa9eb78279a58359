package security

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// RefreshTokenPrefix starts every refresh token: an opaque random string
// like an API key (RefreshTokenPrefix and 43 base62 characters), kept in the
// store only as its SHA-256.
const RefreshTokenPrefix = "fpr_"

// Errors about refresh tokens. CheckRefresh returns the last three; on
// ErrRefreshTokenReused the caller revokes the whole session family,
// because a used token presented again means two parties hold it.
var (
	ErrMalformedRefreshToken = errors.New("malformed refresh token")
	ErrRefreshTokenReused    = errors.New("refresh token was already used")
	ErrSessionRevoked        = errors.New("session is revoked")
	ErrSessionExpired        = errors.New("session has expired")
)

// RefreshToken is a whole, well-formed refresh token. Like APIKey, it
// prints only a redacted form.
type RefreshToken struct{ secret string }

// GenerateRefreshToken makes a new random refresh token (crypto/rand).
func GenerateRefreshToken() (RefreshToken, error) {
	s, err := newOpaqueToken(RefreshTokenPrefix)
	if err != nil {
		return RefreshToken{}, fmt.Errorf("generating a refresh token: %w", err)
	}
	return RefreshToken{secret: s}, nil
}

// ParseRefreshToken checks the shape of a presented refresh token without
// any lookup (ErrMalformedRefreshToken).
func ParseRefreshToken(s string) (RefreshToken, error) {
	if err := checkOpaqueToken(s, RefreshTokenPrefix, "a refresh token", ErrMalformedRefreshToken); err != nil {
		return RefreshToken{}, err
	}
	return RefreshToken{secret: s}, nil
}

// Secret is the token itself, for the response that hands it out.
func (t RefreshToken) Secret() string { return t.secret }

// Hash is the SHA-256 of the token in hex, what the store keeps.
func (t RefreshToken) Hash() string { return hashOpaqueToken(t.secret) }

// MatchesHash reports, in constant time, whether stored is this token's hash.
func (t RefreshToken) MatchesHash(stored string) bool { return hashesEqual(t.Hash(), stored) }

// String never shows the token.
func (t RefreshToken) String() string { return RefreshTokenPrefix + "…" }

// GoString never shows the token, also for %#v.
func (t RefreshToken) GoString() string { return "security.RefreshToken{" + t.String() + "}" }

// LogValue never shows the token.
func (t RefreshToken) LogValue() slog.Value { return slog.StringValue(t.String()) }

// SessionTimes are the facts of a stored refresh-token session that decide
// whether it may be refreshed (store.Session has them all).
type SessionTimes struct {
	ExpiresAt         time.Time // idle expiry of this token
	AbsoluteExpiresAt time.Time // no rotation lives past this
	RevokedAt         time.Time // zero: not revoked
	UsedAt            time.Time // zero: not yet rotated
}

// CheckRefresh decides whether a presented refresh token's session may be
// rotated at now. Reuse is checked first: a used token presented again is
// ErrRefreshTokenReused even when it has expired or its family was revoked
// since, so that every replay is seen (and the family revoked again, which
// is harmless). Then ErrSessionRevoked, then ErrSessionExpired (idle or
// absolute).
func CheckRefresh(s SessionTimes, now time.Time) error {
	switch {
	case !s.UsedAt.IsZero():
		return ErrRefreshTokenReused
	case !s.RevokedAt.IsZero():
		return ErrSessionRevoked
	case !now.Before(s.ExpiresAt), !now.Before(s.AbsoluteExpiresAt):
		return ErrSessionExpired
	}
	return nil
}
