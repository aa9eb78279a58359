package store

import (
	"context"
	"time"
)

// APIKey is a long-lived credential of a user. Only its hash and a display
// prefix are kept; the key itself is shown once, when it is made.
type APIKey struct {
	ID         string
	UserID     string    // the owner; deleting the user deletes the key
	Name       string    // what the user called it
	Prefix     string    // the first characters of the key, for display; unique
	Hash       string    // hash of the whole key; unique
	Role       Role      // the most the key may do (never more than its user)
	ExpiresAt  time.Time // zero: never expires
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: not revoked
	CreatedAt  time.Time
}

// APIKeys keeps API keys.
type APIKeys interface {
	// CreateAPIKey stores k, filling ID and CreatedAt when empty.
	// ErrConflict: the prefix or hash exists. ErrNotFound: no such user.
	// ErrInvalid: a required field is empty or the role unknown.
	CreateAPIKey(ctx context.Context, k *APIKey) error

	// GetAPIKey returns one key. ErrNotFound.
	GetAPIKey(ctx context.Context, id string) (*APIKey, error)

	// GetAPIKeyByHash finds the key a request presented, revoked and
	// expired ones included: judging them is the caller's job. ErrNotFound.
	GetAPIKeyByHash(ctx context.Context, hash string) (*APIKey, error)

	// ListAPIKeys returns a user's keys, newest first ("" lists everyone's).
	ListAPIKeys(ctx context.Context, userID string) ([]APIKey, error)

	// TouchAPIKey records that the key was used at t. ErrNotFound.
	TouchAPIKey(ctx context.Context, id string, t time.Time) error

	// RevokeAPIKey marks the key revoked at t; revoking twice keeps the
	// first time. ErrNotFound.
	RevokeAPIKey(ctx context.Context, id string, t time.Time) error

	// DeleteAPIKey removes the key. ErrNotFound.
	DeleteAPIKey(ctx context.Context, id string) error
}
