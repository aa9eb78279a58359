package clientip

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestParsePrefixes(t *testing.T) {
	tests := []struct {
		spec, want string
	}{
		{"10.0.0.0/8", "10.0.0.0/8"},
		{" 192.0.2.7 ", "192.0.2.7/32"},
		{"2001:db8::/32", "2001:db8::/32"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{"::ffff:10.0.0.0/104", "10.0.0.0/8"},
		{"::ffff:192.0.2.7", "192.0.2.7/32"},
		{"::ffff:0:0/96", "0.0.0.0/0"},
		{"0.0.0.0/0", "0.0.0.0/0"},
		{"::/0", "::/0"},
	}
	for _, tt := range tests {
		got, err := ParsePrefixes([]string{tt.spec})
		if err != nil || len(got) != 1 || got[0].String() != tt.want {
			t.Errorf("ParsePrefixes(%q) = %v, %v; want %s", tt.spec, got, err, tt.want)
		}
	}
}

func TestParsePrefixesListsEveryProblem(t *testing.T) {
	_, err := ParsePrefixes([]string{"10.0.0.0/8", "10.0.0.0/33", "localhost", "fe80::1%eth0", "", "192.0.2.0/24"})
	if err == nil {
		t.Fatal("bad entries accepted")
	}
	for _, want := range []string{`"10.0.0.0/33" is not a CIDR`, `"localhost" is not an IP address`, `"fe80::1%eth0" has a zone`, `"" is not an IP address`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\ndoes not mention %q", err, want)
		}
	}
}

func TestFilterPermits(t *testing.T) {
	office := Filter{Allow: mustPrefixes(t, "10.0.0.0/8", "2001:db8::/32"), Deny: mustPrefixes(t, "10.66.0.0/16", "2001:db8:bad::/48")}
	denyOnly := Filter{Deny: mustPrefixes(t, "198.51.100.0/24")}
	mappedRules := Filter{Allow: []netip.Prefix{netip.MustParsePrefix("::ffff:10.0.0.0/104")}} // not normalised by ParsePrefixes
	tests := []struct {
		name   string
		filter Filter
		addr   string
		want   bool
	}{
		{"empty filter lets all in", Filter{}, "203.0.113.1", true},
		{"in allow", office, "10.1.2.3", true},
		{"not in allow", office, "203.0.113.1", false},
		{"deny wins over allow", office, "10.66.1.1", false},
		{"IPv6 in allow", office, "2001:db8:1::1", true},
		{"IPv6 deny wins", office, "2001:db8:bad::1", false},
		{"IPv4-mapped address matches IPv4 allow", office, "::ffff:10.0.0.1", true},
		{"IPv4-mapped address matches IPv4 deny", office, "::ffff:10.66.0.1", false},
		{"IPv4-mapped prefix matches plain IPv4", mappedRules, "10.2.3.4", true},
		{"IPv4-mapped prefix, outside", mappedRules, "11.2.3.4", false},
		{"deny only: denied", denyOnly, "198.51.100.9", false},
		{"deny only: others in", denyOnly, "198.51.101.9", true},
		{"zoned address matches", Filter{Allow: mustPrefixes(t, "fe80::/10")}, "fe80::1%eth0", true},
		{"::/0 does not cover IPv4", Filter{Allow: mustPrefixes(t, "::/0")}, "10.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.Permits(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("Permits(%s) = %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
	if office.Permits(netip.Addr{}) || !denyOnly.Permits(netip.Addr{}) {
		t.Error("the zero Addr: want refused by an allow list, let in by a deny-only filter")
	}
}

func TestFilterMiddleware(t *testing.T) {
	f := Filter{Deny: mustPrefixes(t, "198.51.100.0/24")}
	r := mustResolver(t, XForwardedFor, "10.0.0.0/8")
	type call struct {
		status  int
		message string
	}
	var calls []call
	writeError := func(w http.ResponseWriter, req *http.Request, status int, message string, cause error) {
		calls = append(calls, call{status, message})
		w.WriteHeader(status)
	}
	h := f.Middleware(r.ClientIP, writeError)(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	tests := []struct {
		name, remote, xff string
		want              int
	}{
		{"allowed peer", "203.0.113.1:1", "", http.StatusNoContent},
		{"denied peer", "198.51.100.7:1", "", http.StatusForbidden},
		{"denied client behind a trusted proxy", "10.0.0.1:1", "198.51.100.7", http.StatusForbidden},
		{"denied peer cannot forge its way in", "198.51.100.7:1", "203.0.113.1", http.StatusForbidden},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/analyses", nil)
		req.RemoteAddr = tt.remote
		if tt.xff != "" {
			req.Header.Set("X-Forwarded-For", tt.xff)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, rec.Code, tt.want)
		}
	}
	if len(calls) != 3 || calls[0] != (call{403, "address 198.51.100.7 may not call this API"}) {
		t.Errorf("error writer calls %+v", calls)
	}
}
