package security

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// API key format: APIKeyPrefix and 43 random base62 characters (about 256
// bits). The display prefix, kept in the store and shown in listings, is
// APIKeyPrefix and the first 8 random characters: enough to tell keys apart
// (and unique in the store), too little to matter (35 characters, about 208
// bits, stay secret).
const (
	APIKeyPrefix             = "fpa_"
	APIKeyLen                = len(APIKeyPrefix) + opaqueTokenChars
	apiKeyDisplayRandomChars = 8
)

// Errors about API keys. ErrMalformedAPIKey comes from ParseAPIKey; the
// other two from CheckAPIKeyValidity. Their messages never contain a key.
var (
	ErrMalformedAPIKey = errors.New("malformed API key")
	ErrAPIKeyRevoked   = errors.New("API key is revoked")
	ErrAPIKeyExpired   = errors.New("API key has expired")
)

// APIKey is a whole, well-formed API key: the secret itself. Its String
// and LogValue show only the display prefix, so a key that reaches a log
// line or an error message by mistake is not leaked.
type APIKey struct{ secret string }

// GenerateAPIKey makes a new random key (crypto/rand).
func GenerateAPIKey() (APIKey, error) {
	s, err := newOpaqueToken(APIKeyPrefix)
	if err != nil {
		return APIKey{}, fmt.Errorf("generating an API key: %w", err)
	}
	return APIKey{secret: s}, nil
}

// ParseAPIKey checks the shape of a presented key (prefix, length,
// charset) without any lookup, and returns ErrMalformedAPIKey, saying what
// is wrong, when it is not one this program could have made.
func ParseAPIKey(s string) (APIKey, error) {
	if err := checkOpaqueToken(s, APIKeyPrefix, "an ffprobe-api key", ErrMalformedAPIKey); err != nil {
		return APIKey{}, err
	}
	return APIKey{secret: s}, nil
}

// Secret is the key itself: show it once, to its owner, and never store or
// log it.
func (k APIKey) Secret() string { return k.secret }

// DisplayPrefix is the part of the key kept in the store and shown in
// listings, e.g. "fpa_3fZk81Qa".
func (k APIKey) DisplayPrefix() string {
	if len(k.secret) < len(APIKeyPrefix)+apiKeyDisplayRandomChars {
		return ""
	}
	return k.secret[:len(APIKeyPrefix)+apiKeyDisplayRandomChars]
}

// Hash is the SHA-256 of the whole key in hex: what the store keeps and
// looks keys up by (see hashOpaqueToken for why a fast hash is right).
func (k APIKey) Hash() string { return hashOpaqueToken(k.secret) }

// MatchesHash reports, in constant time, whether stored is this key's hash.
func (k APIKey) MatchesHash(stored string) bool { return hashesEqual(k.Hash(), stored) }

// String shows the display prefix only.
func (k APIKey) String() string { return k.DisplayPrefix() + "…" }

// GoString shows the display prefix only, also for %#v.
func (k APIKey) GoString() string { return "security.APIKey{" + k.String() + "}" }

// LogValue shows the display prefix only.
func (k APIKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// CheckAPIKeyValidity judges a stored key's state at now: ErrAPIKeyRevoked
// once it has been revoked (at once: the next request after a revocation
// is refused), ErrAPIKeyExpired from its expiry on. Zero times mean "not
// revoked" and "never expires".
func CheckAPIKeyValidity(expiresAt, revokedAt, now time.Time) error {
	switch {
	case !revokedAt.IsZero():
		return ErrAPIKeyRevoked
	case !expiresAt.IsZero() && !now.Before(expiresAt):
		return ErrAPIKeyExpired
	}
	return nil
}
