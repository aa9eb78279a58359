package clientip

import (
	"fmt"
	"net/http"
	"net/netip"
)

// Filter decides which client addresses may call the API at all.
type Filter struct {
	// Allow, when not empty, lists the only addresses let in.
	Allow []netip.Prefix
	// Deny lists addresses kept out, even when Allow lists them too.
	Deny []netip.Prefix
}

// Permits reports whether addr may call: not in Deny, and in Allow when
// Allow is set. IPv4-mapped IPv6 addresses and prefixes count as IPv4
// (::ffff:10.0.0.1 matches 10.0.0.0/8). The zero Addr (a Unix-socket
// peer) is in no list: permitted only when there is no Allow list.
func (f Filter) Permits(addr netip.Addr) bool {
	if containsAny(f.Deny, addr) {
		return false
	}
	return len(f.Allow) == 0 || containsAny(f.Allow, addr)
}

// Empty reports whether the filter lets every address in.
func (f Filter) Empty() bool { return len(f.Allow) == 0 && len(f.Deny) == 0 }

// ErrorWriter answers a refused request in the server's error shape:
// status is 403, message is safe to show, cause is nil.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, message string, cause error)

// Middleware refuses, with 403 through writeError, the requests whose
// client address (clientIP, e.g. Resolver.ClientIP) the filter does not
// permit. The message names the address the server saw, which helps a
// client behind a misconfigured proxy; never the lists.
func (f Filter) Middleware(clientIP func(*http.Request) netip.Addr, writeError ErrorWriter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			addr := clientIP(r)
			if f.Permits(addr) {
				next.ServeHTTP(w, r)
				return
			}
			shown := "your address"
			if addr.IsValid() {
				shown = "address " + addr.String()
			}
			writeError(w, r, http.StatusForbidden, fmt.Sprintf("%s may not call this API", shown), nil)
		})
	}
}
