package security

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strings"
)

// Opaque tokens (API keys, refresh tokens) are a short prefix naming what
// they are, then opaqueTokenChars random characters of base62: 43 × log2(62)
// ≈ 256 bits, as much as a SHA-256 hash holds. Base62 has no punctuation, so
// a double click selects the whole token and no encoding ever alters it.
const (
	base62Alphabet   = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	opaqueTokenChars = 43
)

// randomBase62 returns n characters drawn uniformly from base62Alphabet
// with crypto/rand. Bytes of 248 and more are dropped (rejection sampling),
// so that every character is equally likely: 248 is 4 × 62.
func randomBase62(n int) (string, error) {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("reading random bytes: %w", err)
		}
		for _, b := range buf {
			if b < 248 && len(out) < n {
				out = append(out, base62Alphabet[b%62])
			}
		}
	}
	return string(out), nil
}

func newOpaqueToken(prefix string) (string, error) {
	body, err := randomBase62(opaqueTokenChars)
	if err != nil {
		return "", err
	}
	return prefix + body, nil
}

// checkOpaqueToken checks the shape of a presented token cheaply, before
// any lookup: length first, then prefix, then charset. Its messages never
// repeat the token.
func checkOpaqueToken(s, prefix, what string, sentinel error) error {
	if !strings.HasPrefix(s, prefix) {
		return fmt.Errorf("%w: %s starts with %q", sentinel, what, prefix)
	}
	if len(s) != len(prefix)+opaqueTokenChars {
		return fmt.Errorf("%w: %s has %d characters after %q, not %d", sentinel, what, len(s)-len(prefix), prefix, opaqueTokenChars)
	}
	for i := len(prefix); i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return fmt.Errorf("%w: %s has a character outside A-Z, a-z, 0-9 at position %d", sentinel, what, i+1)
		}
	}
	return nil
}

// hashOpaqueToken is the SHA-256 of the whole token, in lowercase hex: the
// form in which tokens are stored and looked up. A fast unsalted hash is
// right here, unlike for passwords: the token has 256 random bits, so no
// dictionary or brute force can invert the hash, and being deterministic
// it can be looked up through a unique index in one query.
func hashOpaqueToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// hashesEqual compares two hashes in constant time.
func hashesEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
