package server_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

// testClientIPHeader stands in for a trusted proxy's forwarded address.
const testClientIPHeader = "X-Test-Client-IP"

func clientIPFromTestHeader(r *http.Request) netip.Addr {
	a, _ := netip.ParseAddr(r.Header.Get(testClientIPHeader))
	return a
}

// loginFrom tries a login from a client address.
func (s *apiServer) loginFrom(ip, user, password string) *servertest.Response {
	req := s.Anon.NewRequest(http.MethodPost, "/api/v1/auth/login",
		strings.NewReader(`{"username":"`+user+`","password":"`+password+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(testClientIPHeader, ip)
	return s.Anon.Do(req)
}

func (b authBackend) loginThrottle(t *testing.T) {
	s, _, _ := b.startAuth(t, func(c *serverSetup) { c.clientIP = clientIPFromTestHeader })
	expect(t, "disable vera", s.callAs("admin", "PATCH", "/api/v1/users/vera-id", map[string]any{"disabled": true}), 200, "")
	const ipA, ipB, ipC, ipD = "192.0.2.1", "192.0.2.2", "198.51.100.3", "2001:db8::1"
	failures := []struct{ name, ip, user, password string }{
		{"wrong password", ipA, "alice", "not alice's password at all"},
		{"unknown user", ipB, "nobody", "whatever password this is"},
		{"disabled user with the right password", ipC, "vera", passwordOf("vera")},
		{"username in another case, wrong password", ipD, "ALICE", "not alice's password either"},
	}
	var messages []string
	for _, f := range failures {
		res := s.loginFrom(f.ip, f.user, f.password)
		expect(t, f.name, res, http.StatusUnauthorized, "unauthorized")
		expectChallenge(t, f.name, res, "")
		messages = append(messages, errorMessage(t, res))
	}
	for _, m := range messages {
		if m != messages[0] {
			t.Errorf("login failures say different things: %q vs %q", m, messages[0])
		}
	}
	// alice has failed twice (from A and D); two more failures from two more
	// addresses lock her account: the right password from a fifth address is
	// refused, unchecked.
	expect(t, "third failure", s.loginFrom("203.0.113.1", "alice", "wrong wrong wrong"), 401, "unauthorized")
	expect(t, "fourth failure", s.loginFrom("203.0.113.2", "alice", "wrong wrong wrong"), 401, "unauthorized")
	locked := s.loginFrom("203.0.113.3", "alice", passwordOf("alice"))
	expect(t, "the right password on a locked account", locked, http.StatusTooManyRequests, "login_throttled")
	if ra := locked.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After %q, want 1 (1 s after the first failure past the 3 free ones)", ra)
	}
	// Per address: four failures for four accounts from one address lock
	// the address, for every account.
	for _, user := range []string{"u1", "u2", "u3", "u4"} {
		expect(t, "failure from the address", s.loginFrom("198.51.100.9", user, "whatever password this is"), 401, "unauthorized")
	}
	expect(t, "bob from the locked address", s.loginFrom("198.51.100.9", "bob", passwordOf("bob")), 429, "login_throttled")
	expect(t, "bob from another address", s.loginFrom("198.51.100.10", "bob", passwordOf("bob")), 200, "")
	expect(t, "a password over 1024 bytes", s.loginFrom("198.51.100.11", "bob", strings.Repeat("p", 1025)), 400, "bad_request")
	expect(t, "no password", s.loginFrom("198.51.100.11", "bob", ""), 400, "bad_request")
}
