package store

import (
	"context"
	"time"
)

// Session is one refresh token of a login. Every refresh rotates the token:
// the used one is marked UsedAt and a child is made in the same family, so
// that presenting a used token again (a stolen copy) can revoke the family.
type Session struct {
	ID                string
	UserID            string // deleting the user deletes their sessions
	FamilyID          string // the first session's ID, shared by its rotations
	TokenHash         string // hash of the refresh token; unique
	ParentID          string // the session this one rotated; "" for a login
	CreatedAt         time.Time
	LastUsedAt        time.Time
	ExpiresAt         time.Time // idle expiry of this token
	AbsoluteExpiresAt time.Time // no rotation lives past this
	RevokedAt         time.Time // zero: not revoked
	UsedAt            time.Time // zero: not yet rotated
}

// Sessions keeps refresh-token sessions.
type Sessions interface {
	// CreateSession stores a login's first session, filling ID, FamilyID
	// and times when empty. ErrConflict: the token hash exists.
	// ErrNotFound: no such user. ErrInvalid: a required field is empty.
	CreateSession(ctx context.Context, s *Session) error

	// GetSessionByTokenHash finds the session of a presented refresh token,
	// used and revoked ones included. ErrNotFound.
	GetSessionByTokenHash(ctx context.Context, hash string) (*Session, error)

	// RotateSession marks session usedID used at next.CreatedAt and stores
	// next as its child (same user and family), atomically. ErrConflict: the
	// session was already used or is revoked, which is token reuse: the
	// caller should revoke the family. ErrNotFound: no such session.
	RotateSession(ctx context.Context, usedID string, next *Session) error

	// RevokeSession revokes one session at t (the first time is kept).
	// ErrNotFound.
	RevokeSession(ctx context.Context, id string, t time.Time) error

	// RevokeSessionFamily revokes every session of a family at t and returns
	// how many were still unrevoked.
	RevokeSessionFamily(ctx context.Context, familyID string, t time.Time) (int64, error)

	// RevokeUserSessions revokes every session of a user at t (a password
	// change, a disabled account) and returns how many were unrevoked.
	RevokeUserSessions(ctx context.Context, userID string, t time.Time) (int64, error)

	// ListUserSessions returns a user's sessions, newest first.
	ListUserSessions(ctx context.Context, userID string) ([]Session, error)

	// PurgeSessions removes the sessions whose absolute expiry is before
	// cutoff (whole families, so reuse detection keeps working until the
	// family could not be used anyway) and returns how many went.
	PurgeSessions(ctx context.Context, before time.Time) (int64, error)
}
