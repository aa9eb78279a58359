package store

import (
	"context"
	"strings"
	"time"
)

// Role is what a user (or an API key) may do.
type Role string

const (
	RoleAdmin   Role = "admin"   // everything, including users and keys of others
	RoleAnalyst Role = "analyst" // submit and read their own analyses
	RoleViewer  Role = "viewer"  // read their own analyses
)

// User is an account.
type User struct {
	ID           string
	Username     string // unique, compared case-insensitively (see UsernameKey)
	PasswordHash string // the encoded hash; never the password
	Role         Role
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// UsernameKey is the form in which usernames are compared: trimmed and
// lowercased (Unicode simple folding), the same in every backend.
func UsernameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Users keeps accounts.
type Users interface {
	// CreateUser stores u, filling ID and times when empty. ErrConflict: the
	// username is taken in any letter case. ErrInvalid: empty username or
	// unknown role.
	CreateUser(ctx context.Context, u *User) error

	// GetUser returns one user. ErrNotFound.
	GetUser(ctx context.Context, id string) (*User, error)

	// GetUserByUsername finds a user whatever the letter case. ErrNotFound.
	GetUserByUsername(ctx context.Context, username string) (*User, error)

	// ListUsers returns every user, ordered by username.
	ListUsers(ctx context.Context) ([]User, error)

	// UpdateUser writes u's username, password hash, role and disabled flag
	// and sets u.UpdatedAt. ErrNotFound, ErrConflict (username taken),
	// ErrInvalid.
	UpdateUser(ctx context.Context, u *User) error

	// DeleteUser removes a user with their API keys, sessions and analyses.
	// ErrNotFound.
	DeleteUser(ctx context.Context, id string) error

	// CountUsers returns how many users exist: zero on first start, when the
	// server offers to create the first admin.
	CountUsers(ctx context.Context) (int, error)
}
