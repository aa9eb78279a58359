package server_test

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/security/clientip"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
	"github.com/ffprobe-api/ffprobe-api/store"
)

func TestRateLimitPerAddress(t *testing.T) {
	s := startServer(t, withLimits(t, limits{ip: "3/m:3"}))
	for i := range 3 {
		res := s.Client.Get("/api/v1/analyses")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("request %d = %d: %s", i+1, res.StatusCode, res.Body)
		}
		if got, want := rateLimitMember(res, "RateLimit", "ip"), `"ip";r=`+strconv.Itoa(2-i)+";t="; !strings.HasPrefix(got, want) {
			t.Errorf("request %d: RateLimit %q, want %s…", i+1, got, want)
		}
		if got := rateLimitMember(res, "RateLimit-Policy", "ip"); got != `"ip";q=3;w=60` {
			t.Errorf("RateLimit-Policy %q, want \"ip\";q=3;w=60", got)
		}
		if rateLimitMember(res, "RateLimit", "role-admin") == "" {
			t.Errorf("an authenticated request carries no member for its principal's limit: %v", res.Header.Values("RateLimit"))
		}
	}
	wantRateLimited(t, s.Client.Get("/api/v1/analyses"), "ip")
	// The limit runs before authentication: no credential is no way round it.
	wantRateLimited(t, s.Anon.Get("/api/v1/me"), "ip")
	for range 5 {
		for _, path := range []string{"/api/v1/health", "/api/v1/ready"} {
			if res := s.Anon.Get(path); res.StatusCode != http.StatusOK || res.Header.Get("RateLimit") != "" {
				t.Fatalf("GET %s = %d with RateLimit %q; health and ready are not limited", path, res.StatusCode, res.Header.Get("RateLimit"))
			}
		}
	}
	if n := s.metric(t, `ffprobe_api_rate_limited_total{policy="ip"}`); n != 2 {
		t.Errorf("ffprobe_api_rate_limited_total{policy=\"ip\"} = %v, want 2", n)
	}
	if line := s.Log.lineWith(`"status":429`, `"code":"rate_limited"`, `"client_ip":"127.0.0.1"`); line == "" {
		t.Errorf("no access log line of the 429 with client_ip:\n%s", s.Log.String())
	}
}

func TestRateLimitPerPrincipal(t *testing.T) {
	s := startServer(t, withLimits(t, limits{admin: "2/m:2", analyst: "1/m:1"}))
	for range 2 {
		if res := s.getWith(t, "admin", "/api/v1/analyses", nil); res.StatusCode != http.StatusOK {
			t.Fatalf("admin = %d: %s", res.StatusCode, res.Body)
		}
	}
	res := s.getWith(t, "admin", "/api/v1/analyses", nil)
	wantRateLimited(t, res, "role-admin")
	if len(res.Header.Values("RateLimit")) != 2 || rateLimitMember(res, "RateLimit", "ip") == "" {
		t.Errorf("RateLimit lines %q; want one for the address and one for the principal", res.Header.Values("RateLimit"))
	}
	if res := s.getWith(t, "alice", "/api/v1/analyses", nil); res.StatusCode != http.StatusOK {
		t.Fatalf("alice's first request = %d: %s", res.StatusCode, res.Body)
	}
	wantRateLimited(t, s.getWith(t, "alice", "/api/v1/analyses", nil), "role-analyst")
	if res := s.getWith(t, "bob", "/api/v1/analyses", nil); res.StatusCode != http.StatusOK {
		t.Errorf("bob has a budget of his own, yet = %d: %s", res.StatusCode, res.Body)
	}
}

func TestRateLimitOnLogin(t *testing.T) {
	s := startServer(t, withLimits(t, limits{login: "2/m:2"}))
	login := func() int {
		return s.Anon.PostJSON("/api/v1/auth/login", map[string]string{"username": "alice", "password": "wrong password here"}).StatusCode
	}
	for i := range 2 {
		if got := login(); got != http.StatusUnauthorized {
			t.Fatalf("attempt %d = %d, want 401", i+1, got)
		}
	}
	wantRateLimited(t, s.Anon.PostJSON("/api/v1/auth/login", map[string]string{"username": "alice", "password": passwordOf("alice")}), "login")
	if res := s.Client.Get("/api/v1/analyses"); res.StatusCode != http.StatusOK {
		t.Errorf("the login limit held up another route: %d", res.StatusCode)
	}
}

func TestForgedForwardedForChangesNothing(t *testing.T) {
	s := startServer(t, withLimits(t, limits{ip: "2/m:2"})) // no trusted proxies
	for i, chain := range []string{"198.51.100.1", "198.51.100.2"} {
		if res := s.getWith(t, "admin", "/api/v1/analyses", xff(chain)); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d = %d", i+1, res.StatusCode)
		}
	}
	wantRateLimited(t, s.getWith(t, "admin", "/api/v1/analyses", xff("198.51.100.3")), "ip")
	if line := s.Log.lineWith("198.51.100."); line != "" {
		t.Errorf("a forged address reached the log: %s", line)
	}
}

func TestTrustedProxyNamesTheClient(t *testing.T) {
	s := startServer(t, withLimits(t, limits{ip: "2/m:2"}), func(c *serverSetup) {
		c.cfg.ClientIP.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	for _, client := range []string{"198.51.100.1", "198.51.100.2"} {
		for range 2 {
			// The leftmost entry is the client's own word; the proxy appended the rest.
			if res := s.getWith(t, "admin", "/api/v1/analyses", xff("6.6.6.6, "+client)); res.StatusCode != http.StatusOK {
				t.Fatalf("%s = %d: each forwarded client has its own budget", client, res.StatusCode)
			}
		}
		wantRateLimited(t, s.getWith(t, "admin", "/api/v1/analyses", xff(client)), "ip")
	}
	if line := s.Log.lineWith(`"client_ip":"198.51.100.2"`, `"status":429`); line == "" {
		t.Errorf("the access log does not name the forwarded client:\n%s", s.Log.String())
	}
	req := s.Anon.NewRequest(http.MethodGet, "/api/v1/me", nil)
	req.Header.Set("X-Forwarded-For", "198.51.100.77")
	req.Header.Set("Authorization", "Bearer fpa_"+strings.Repeat("A", 43)) // well formed, unknown
	if res := s.Anon.Do(req); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unknown key = %d", res.StatusCode)
	}
	page, err := s.Store.ListAuditEvents(context.Background(), store.AuditFilter{Outcome: store.OutcomeFailure})
	must(t, err)
	if len(page.Events) == 0 || page.Events[0].IP != "198.51.100.77" {
		t.Errorf("audit events %+v; want the refused key audited with the forwarded address", page.Events)
	}
}

func TestForwardedHeaderWhenChosen(t *testing.T) {
	s := startServer(t, withLimits(t, limits{ip: "1/m:1"}), func(c *serverSetup) {
		c.cfg.ClientIP = server.ClientIPConfig{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, Header: clientip.Forwarded}
	})
	fwd := func(v string) http.Header { return http.Header{"Forwarded": {v}} }
	if res := s.getWith(t, "admin", "/api/v1/analyses", fwd(`for="[2001:db8::7]:4711"`)); res.StatusCode != http.StatusOK {
		t.Fatalf("= %d", res.StatusCode)
	}
	// Same /64: the same bucket. X-Forwarded-For is not read at all.
	wantRateLimited(t, s.getWith(t, "admin", "/api/v1/analyses", http.Header{
		"Forwarded": {"for=\"[2001:db8::8]\""}, "X-Forwarded-For": {"198.51.100.9"}}), "ip")
	if res := s.getWith(t, "admin", "/api/v1/analyses", fwd("for=198.51.100.9")); res.StatusCode != http.StatusOK {
		t.Errorf("another client = %d", res.StatusCode)
	}
}

func TestAddressAllowAndDenyLists(t *testing.T) {
	prefix := netip.MustParsePrefix
	tests := []struct {
		name       string
		cfg        server.ClientIPConfig
		forwarded  string
		wantStatus int
	}{
		{"denied peer, health included", server.ClientIPConfig{Deny: []netip.Prefix{prefix("127.0.0.1/32")}}, "", 403},
		{"peer not on the allow list", server.ClientIPConfig{Allow: []netip.Prefix{prefix("10.0.0.0/8")}}, "", 403},
		{"forged address from an untrusted peer", server.ClientIPConfig{Allow: []netip.Prefix{prefix("10.0.0.0/8")}}, "10.1.2.3", 403},
		{"allowed client behind a trusted proxy", server.ClientIPConfig{TrustedProxies: []netip.Prefix{prefix("127.0.0.1/32")},
			Allow: []netip.Prefix{prefix("10.0.0.0/8")}}, "10.1.2.3", 200},
		{"deny wins over allow", server.ClientIPConfig{TrustedProxies: []netip.Prefix{prefix("127.0.0.1/32")},
			Allow: []netip.Prefix{prefix("10.0.0.0/8")}, Deny: []netip.Prefix{prefix("10.1.2.0/24")}}, "10.1.2.3", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, func(c *serverSetup) { c.cfg.ClientIP = tt.cfg; c.cfg.MetricsAddr = "127.0.0.1:0" })
			var header http.Header
			if tt.forwarded != "" {
				header = xff(tt.forwarded)
			}
			for _, path := range []string{"/api/v1/health", "/api/v1/analyses", "/no/such/route"} {
				res := s.getWith(t, "admin", path, header)
				if tt.wantStatus == 403 && (res.StatusCode != 403 || res.ErrorCode() != "forbidden_address" || !strings.Contains(string(res.Body), "may not call this API")) {
					t.Errorf("GET %s = %d %s, want 403 forbidden_address: %s", path, res.StatusCode, res.ErrorCode(), res.Body)
				}
				if tt.wantStatus == 200 && res.StatusCode == 403 {
					t.Errorf("GET %s = 403: %s", path, res.Body)
				}
			}
			refused := servertest.NewClient(t, "http://"+s.MetricsAddr().String()).Metric("ffprobe_api_address_refused_total")
			if want := map[int]float64{403: 3, 200: 0}[tt.wantStatus]; refused != want {
				t.Errorf("ffprobe_api_address_refused_total = %v, want %v", refused, want)
			}
		})
	}
}
