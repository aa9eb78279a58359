// Package security decides who may do what: principals, roles and
// ownership rules. This file holds only the principal a request runs as;
// authentication (API keys, passwords, sessions) comes with the auth work.
package security

import "context"

// Principal is who a request acts for: a user, possibly through one of
// their API keys.
type Principal struct {
	UserID   string `json:"user_id"`
	Username string `json:"username"`
	Role     string `json:"role"`             // admin, analyst or viewer (store.Role values)
	KeyID    string `json:"key_id,omitempty"` // the API key used; "" for a session or the local principal
}

// RoleAdmin is the role that may see and change every user's records.
const RoleAdmin = "admin"

// IsAdmin reports whether p may act on every user's records.
func (p Principal) IsAdmin() bool { return p.Role == RoleAdmin }

// CanAccess reports whether p may read or delete a record owned by ownerID:
// its owner or an admin. A record without an owner (the local CLI's) is an
// admin's only.
func (p Principal) CanAccess(ownerID string) bool {
	if p.IsAdmin() {
		return true
	}
	return ownerID != "" && p.UserID == ownerID
}

type principalKey struct{}

// WithPrincipal returns a copy of ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal ctx carries, and false when it
// carries none (a request that was never authenticated).
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
