package ratelimit

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/ffprobe-api/ffprobe-api/security"
)

// Plan is every limit of the API: one per client address for every
// request, one per principal by its role once it is authenticated, and a
// stricter one per client address for login attempts.
type Plan struct {
	PerIP   Policy
	PerRole map[security.Role]Policy
	Login   Policy
}

// Policy names of the default plan; they are what clients see in the
// RateLimit headers.
const (
	PolicyIP    = "ip"
	PolicyLogin = "login"
)

// RolePolicyName is the name of the policy of role: "role-analyst".
func RolePolicyName(role security.Role) string { return "role-" + string(role) }

// DefaultPlan: 20 requests a second per address (bursts of 60); per
// principal 50/s (bursts of 100) for admins, 20/s (60) for analysts, 10/s
// (30) for viewers; 5 login attempts a minute per address (bursts of 5).
// An analysis occupies an ffprobe worker for a while, so the queue (503
// queue_full), not these limits, bounds the expensive work.
func DefaultPlan() Plan {
	return Plan{
		PerIP: Policy{Name: PolicyIP, Rate: 20, Burst: 60},
		PerRole: map[security.Role]Policy{
			security.RoleAdmin:   {Name: RolePolicyName(security.RoleAdmin), Rate: 50, Burst: 100},
			security.RoleAnalyst: {Name: RolePolicyName(security.RoleAnalyst), Rate: 20, Burst: 60},
			security.RoleViewer:  {Name: RolePolicyName(security.RoleViewer), Rate: 10, Burst: 30},
		},
		Login: Policy{Name: PolicyLogin, Rate: 5.0 / 60, Burst: 5},
	}
}

// Validate lists every problem at once: each policy valid, one for every
// role, names distinct.
func (p Plan) Validate() error {
	var problems []error
	seen := map[string]bool{}
	check := func(pol Policy) {
		if err := pol.Validate(); err != nil {
			problems = append(problems, err)
		} else if seen[pol.Name] {
			problems = append(problems, fmt.Errorf("rate limit policy name %q is used twice; each limit needs its own", pol.Name))
		}
		seen[pol.Name] = true
	}
	check(p.PerIP)
	check(p.Login)
	for _, role := range security.Roles() {
		pol, ok := p.PerRole[role]
		if !ok {
			problems = append(problems, fmt.Errorf("rate limit: no policy for role %s", role))
			continue
		}
		check(pol)
	}
	for role := range p.PerRole {
		if !slices.Contains(security.Roles(), role) {
			problems = append(problems, fmt.Errorf("rate limit: policy for unknown role %q", role))
		}
	}
	return errors.Join(problems...)
}

// ForPrincipal returns the bucket key and policy of an authenticated
// principal: its API key's when it used one, else its user's, with the
// policy of its role. ok is false for a principal whose role has no policy
// (which a validated plan does not allow for a known role).
func (p Plan) ForPrincipal(pr security.Principal) (key string, pol Policy, ok bool) {
	pol, ok = p.PerRole[security.Role(pr.Role)]
	return KeyPrincipal(pr), pol, ok
}

// KeyPrincipal is the bucket key of a principal: "key:ID" for a request
// made with an API key (each key has its own budget), "user:ID" otherwise.
func KeyPrincipal(pr security.Principal) string {
	if pr.KeyID != "" {
		return "key:" + pr.KeyID
	}
	return "user:" + pr.UserID
}

// KeyIP is the bucket key of a client address, the same form as
// security.LoginKeyIP: the address for IPv4 (also IPv4-mapped), its /64
// for IPv6, since one host usually holds a whole /64 and could otherwise
// take a fresh bucket per address. The zero Addr (a peer that is not an
// IP, such as a Unix socket) is "ip:unknown", one bucket for all.
func KeyIP(addr netip.Addr) string {
	if !addr.IsValid() {
		return "ip:unknown"
	}
	return security.LoginKeyIP(addr)
}
