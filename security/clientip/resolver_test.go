package clientip

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func mustPrefixes(t testing.TB, specs ...string) []netip.Prefix {
	t.Helper()
	p, err := ParsePrefixes(specs)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustResolver(t testing.TB, h Header, trusted ...string) *Resolver {
	t.Helper()
	r, err := NewResolver(Config{TrustedProxies: mustPrefixes(t, trusted...), Header: h})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// headerLines makes a header with the given lines of name, in order.
func headerLines(name string, lines ...string) http.Header {
	h := http.Header{}
	for _, l := range lines {
		h.Add(name, l)
	}
	return h
}

// Proxies in these tests: 10.0.0.0/8 (the load balancers), 192.0.2.10
// (an edge proxy), fd00::/8 (IPv6 ones). Everything else is a client.
var trustedSpecs = []string{"10.0.0.0/8", "192.0.2.10", "fd00::/8"}

func TestResolveXForwardedFor(t *testing.T) {
	r := mustResolver(t, XForwardedFor, trustedSpecs...)
	tests := []struct {
		name   string
		remote string
		xff    []string
		want   string
	}{
		{"no proxy, no header", "203.0.113.5:4711", nil, "203.0.113.5"},
		{"forged by an untrusted peer", "203.0.113.5:4711", []string{"198.51.100.1"}, "203.0.113.5"},
		{"forged chain of trusted-looking hops by an untrusted peer", "203.0.113.5:4711", []string{"10.0.0.1, 10.0.0.2"}, "203.0.113.5"},
		{"one trusted proxy", "10.0.0.1:80", []string{"198.51.100.1"}, "198.51.100.1"},
		{"trusted proxy without a header", "10.0.0.1:80", nil, "10.0.0.1"},
		{"three trusted proxies", "10.0.0.3:80", []string{"198.51.100.1, 192.0.2.10, 10.0.0.2"}, "198.51.100.1"},
		{"client's forged entry left of the real one is ignored", "10.0.0.1:80", []string{"6.6.6.6, 198.51.100.1"}, "198.51.100.1"},
		{"client forged a trusted address: stops at the first untrusted", "10.0.0.1:80", []string{"10.9.9.9, 198.51.100.1, 10.0.0.2"}, "198.51.100.1"},
		{"every hop trusted: the leftmost", "10.0.0.1:80", []string{"10.0.0.7, 10.0.0.2"}, "10.0.0.7"},
		{"several header lines in order", "10.0.0.1:80", []string{"6.6.6.6", "198.51.100.1, 10.0.0.2"}, "198.51.100.1"},
		{"garbage left of the client is never read", "10.0.0.1:80", []string{"<script>, 198.51.100.1"}, "198.51.100.1"},
		{"garbage where the client should be: the peer", "10.0.0.1:80", []string{"198.51.100.1, not-an-ip"}, "10.0.0.1"},
		{"unknown: the peer", "10.0.0.1:80", []string{"unknown"}, "10.0.0.1"},
		{"empty elements are skipped", "10.0.0.1:80", []string{"198.51.100.1,, ,"}, "198.51.100.1"},
		{"empty header: the peer", "10.0.0.1:80", []string{""}, "10.0.0.1"},
		{"IPv4 with port", "10.0.0.1:80", []string{"198.51.100.1:5555"}, "198.51.100.1"},
		{"bare IPv6", "10.0.0.1:80", []string{"2001:db8::1"}, "2001:db8::1"},
		{"bracketed IPv6 with port", "10.0.0.1:80", []string{"[2001:db8::1]:443"}, "2001:db8::1"},
		{"bracketed IPv6", "10.0.0.1:80", []string{"[2001:DB8::1]"}, "2001:db8::1"},
		{"IPv4-mapped client is unmapped", "10.0.0.1:80", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
		{"IPv6 trusted peer and hop", "[fd00::1]:80", []string{"2001:db8::9, fd00::2"}, "2001:db8::9"},
		{"IPv4-mapped peer is trusted as IPv4", "[::ffff:10.0.0.1]:80", []string{"198.51.100.1"}, "198.51.100.1"},
		{"zone is dropped", "10.0.0.1:80", []string{"fe80::1%eth0"}, "fe80::1"},
		{"port out of range: the peer", "10.0.0.1:80", []string{"198.51.100.1:99999"}, "10.0.0.1"},
		{"peer without a port", "10.0.0.1", []string{"198.51.100.1"}, "198.51.100.1"},
		{"peer not an IP (Unix socket)", "@", []string{"198.51.100.1"}, "invalid IP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Resolve(tt.remote, headerLines("X-Forwarded-For", tt.xff...))
			if got.String() != tt.want {
				t.Errorf("Resolve(%q, %q) = %s, want %s", tt.remote, tt.xff, got, tt.want)
			}
		})
	}
}

func TestResolveForwarded(t *testing.T) {
	r := mustResolver(t, Forwarded, trustedSpecs...)
	tests := []struct {
		name      string
		remote    string
		forwarded []string
		want      string
	}{
		{"forged by an untrusted peer", "203.0.113.5:1", []string{"for=198.51.100.1"}, "203.0.113.5"},
		{"one proxy", "10.0.0.1:80", []string{"for=198.51.100.1;proto=https;by=10.0.0.1"}, "198.51.100.1"},
		{"quoted IPv4 with port", "10.0.0.1:80", []string{`for="198.51.100.1:4711"`}, "198.51.100.1"},
		{"quoted bracketed IPv6 with port", "10.0.0.1:80", []string{`for="[2001:db8:cafe::17]:4711"`}, "2001:db8:cafe::17"},
		{"quoted bracketed IPv6", "10.0.0.1:80", []string{`For="[2001:db8:cafe::17]"`}, "2001:db8:cafe::17"},
		{"case-insensitive name", "10.0.0.1:80", []string{"FOR=198.51.100.1"}, "198.51.100.1"},
		{"chain through trusted proxies", "10.0.0.3:80", []string{`for=198.51.100.1, for=192.0.2.10;proto=http, for="[fd00::5]"`}, "198.51.100.1"},
		{"chain over lines", "10.0.0.3:80", []string{"for=6.6.6.6", "for=198.51.100.1", "for=10.0.0.2"}, "198.51.100.1"},
		{"spaces around separators", "10.0.0.1:80", []string{"for=6.6.6.6 , for=198.51.100.1 ; proto=https"}, "198.51.100.1"},
		{"unknown: the peer", "10.0.0.1:80", []string{"for=unknown"}, "10.0.0.1"},
		{"obfuscated: the peer", "10.0.0.1:80", []string{`for="_hidden:_port"`}, "10.0.0.1"},
		{"element without for: the peer", "10.0.0.1:80", []string{"proto=https;by=10.0.0.1"}, "10.0.0.1"},
		{"unquoted IPv6 is malformed: the peer", "10.0.0.1:80", []string{"for=[2001:db8::1]"}, "10.0.0.1"},
		{"unbracketed quoted IPv6: the peer", "10.0.0.1:80", []string{`for="2001:db8::1"`}, "10.0.0.1"},
		{"bracketed IPv4: the peer", "10.0.0.1:80", []string{`for="[198.51.100.1]"`}, "10.0.0.1"},
		{"unterminated quote: the peer", "10.0.0.1:80", []string{`for="198.51.100.1`}, "10.0.0.1"},
		{"for twice in one element: the peer", "10.0.0.1:80", []string{"for=198.51.100.1;for=6.6.6.6"}, "10.0.0.1"},
		{"client's malformed line is never read", "10.0.0.1:80", []string{`for="oops`, "for=198.51.100.1"}, "198.51.100.1"},
		{"X-Forwarded-For is ignored", "10.0.0.1:80", nil, "10.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := headerLines("Forwarded", tt.forwarded...)
			h.Set("X-Forwarded-For", "6.6.6.6")
			if got := r.Resolve(tt.remote, h); got.String() != tt.want {
				t.Errorf("Resolve(%q, %q) = %s, want %s", tt.remote, tt.forwarded, got, tt.want)
			}
		})
	}
}

func TestResolveWithoutTrustedProxies(t *testing.T) {
	r := mustResolver(t, "")
	h := headerLines("X-Forwarded-For", "198.51.100.1")
	if got := r.Resolve("10.0.0.1:80", h); got.String() != "10.0.0.1" {
		t.Errorf("with no trusted proxies, X-Forwarded-For changed the client to %s", got)
	}
}

func TestNewResolverHeader(t *testing.T) {
	for _, ok := range []string{"", "x-forwarded-for", "X-Forwarded-For", "forwarded", "Forwarded"} {
		if _, err := NewResolver(Config{Header: Header(ok)}); err != nil {
			t.Errorf("header %q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"X-Real-IP", "both"} {
		if _, err := NewResolver(Config{Header: Header(bad)}); err == nil {
			t.Errorf("header %q accepted", bad)
		}
	}
}

func TestResolverMiddleware(t *testing.T) {
	r := mustResolver(t, XForwardedFor, "10.0.0.0/8")
	var got netip.Addr
	var ok bool
	h := r.Middleware(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		got, ok = FromContext(req.Context())
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = "10.1.1.1:5000"
	req.Header.Set("X-Forwarded-For", "198.51.100.1")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !ok || got.String() != "198.51.100.1" {
		t.Errorf("FromContext = %v, %v; want 198.51.100.1", got, ok)
	}
	if _, ok := FromContext(req.Context()); ok {
		t.Error("FromContext found an address in a request that did not pass the middleware")
	}
}
