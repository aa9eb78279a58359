package security

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// ErrNoPassword means the account has no password set (an account used
// only through API keys, or the server's local user): it cannot log in.
var ErrNoPassword = errors.New("the account has no password")

// PasswordHasher hashes and verifies passwords with argon2id. Each hash
// holds Params.Memory while it runs, so at most maxConcurrent run at once;
// the others wait for a slot or for their context to end. It is safe for
// concurrent use.
type PasswordHasher struct {
	params Argon2Params
	slots  chan struct{}
	// dummySalt salts the hash computed when there is no real hash to
	// verify, so that "no such user" takes as long as "wrong password".
	dummySalt []byte
}

// NewPasswordHasher returns a hasher making new hashes with params and
// running at most maxConcurrent hashes at once (at least 1).
func NewPasswordHasher(params Argon2Params, maxConcurrent int) (*PasswordHasher, error) {
	if err := params.Validate(); err != nil {
		return nil, err
	}
	if maxConcurrent < 1 {
		return nil, fmt.Errorf("password hasher: at most %d hashes at once: want at least 1", maxConcurrent)
	}
	salt := make([]byte, params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	return &PasswordHasher{params: params, slots: make(chan struct{}, maxConcurrent), dummySalt: salt}, nil
}

// Hash checks password against the policy (CheckPassword) and returns its
// encoded argon2id hash with a fresh random salt.
func (h *PasswordHasher) Hash(ctx context.Context, password string) (string, error) {
	if err := CheckPassword(password); err != nil {
		return "", err
	}
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := h.derive(ctx, h.params, password, salt)
	if err != nil {
		return "", err
	}
	return encodeArgon2id(h.params, salt, key), nil
}

// Verify reports whether password matches the encoded hash, comparing in
// constant time. It returns ErrNoPassword for an empty hash,
// ErrMalformedPasswordHash for one it cannot read and ErrPasswordTooLong
// for an oversized password; in every case but a cancelled context it
// spends the time of one hash, so that failures look alike from outside.
func (h *PasswordHasher) Verify(ctx context.Context, encoded, password string) (bool, error) {
	if err := checkPasswordSize(password); err != nil {
		return false, err
	}
	if encoded == "" {
		return false, h.spend(ctx, password, ErrNoPassword)
	}
	params, salt, want, err := decodeArgon2id(encoded)
	if err != nil {
		return false, h.spend(ctx, password, err)
	}
	got, err := h.derive(ctx, params, password, salt)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// VerifyNoUser spends the time of a Verify and reports no match: call it
// when the username is unknown, so that timing does not tell which
// usernames exist.
func (h *PasswordHasher) VerifyNoUser(ctx context.Context, password string) error {
	if err := checkPasswordSize(password); err != nil {
		return err
	}
	return h.spend(ctx, password, nil)
}

// NeedsRehash reports whether encoded should be replaced by a new hash of
// the same password (after a successful login): it was made with other
// parameters, or cannot be read at all.
func (h *PasswordHasher) NeedsRehash(encoded string) bool {
	p, _, _, err := decodeArgon2id(encoded)
	return err != nil || p != h.params
}

// spend derives a key nobody compares and returns result.
func (h *PasswordHasher) spend(ctx context.Context, password string, result error) error {
	if _, err := h.derive(ctx, h.params, password, h.dummySalt); err != nil {
		return err
	}
	return result
}

// derive runs argon2id once a slot is free.
func (h *PasswordHasher) derive(ctx context.Context, p Argon2Params, password string, salt []byte) ([]byte, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting to hash a password: %w", ctx.Err())
	}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen), nil
}
