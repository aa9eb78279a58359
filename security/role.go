package security

import "fmt"

// Role is what a user, or one of their API keys, may do. Its values are
// the same strings as store.Role and Principal.Role.
//
// The constants are untyped, like RoleAdmin in principal.go, so they
// compare with Principal.Role (a string) and convert to Role alike.
type Role string

// The roles besides RoleAdmin (principal.go): an analyst creates analyses,
// reads and deletes its own and manages its own API keys; a viewer reads
// its own analyses.
const (
	RoleAnalyst = "analyst"
	RoleViewer  = "viewer"
)

// Roles lists every role, most powerful first.
func Roles() []Role { return []Role{RoleAdmin, RoleAnalyst, RoleViewer} }

// ParseRole reads a role name as given on a command line or in a request.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("role %q is not one of admin, analyst, viewer", s)
	}
	return r, nil
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// rank orders the roles: a higher rank may do everything a lower one may.
// An unknown role has rank 0 and may do nothing.
func (r Role) rank() int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleAnalyst:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Covers reports whether r may do everything other may: an API key's role
// must be covered by its user's. An unknown role covers nothing and is
// covered by nothing.
func (r Role) Covers(other Role) bool {
	return r.Valid() && other.Valid() && r.rank() >= other.rank()
}

// EffectiveRole is the role a request acts with when a user with role
// user presents a key with role key: the lesser of the two, so that a key
// made when its user was an admin loses power when the user is demoted.
// It is "" when either role is unknown.
func EffectiveRole(user, key Role) Role {
	if !user.Valid() || !key.Valid() {
		return ""
	}
	if user.Covers(key) {
		return key
	}
	return user
}
