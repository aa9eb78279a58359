// Package clientip finds the address a request really comes from, behind
// trusted reverse proxies only, and filters requests by address.
package clientip

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Header names the header a Resolver reads the proxy chain from.
type Header string

// The two chain headers. Only one is read: a proxy that maintains one of
// them passes the other through as the client sent it, so honouring both
// would let any client name its own address.
const (
	XForwardedFor Header = "X-Forwarded-For" // the default: what nginx, HAProxy, Envoy, Traefik and Caddy append to
	Forwarded     Header = "Forwarded"       // RFC 7239
)

// ParseHeader reads a --forwarded-header value, case-insensitively.
func ParseHeader(s string) (Header, error) {
	switch {
	case strings.EqualFold(s, string(XForwardedFor)):
		return XForwardedFor, nil
	case strings.EqualFold(s, string(Forwarded)):
		return Forwarded, nil
	}
	return "", fmt.Errorf("forwarded header %q: want X-Forwarded-For or Forwarded", s)
}

// Config is what a Resolver trusts.
type Config struct {
	// TrustedProxies are the reverse proxies whose chain header is
	// believed (ParsePrefixes reads --trusted-proxies). Empty: none, and
	// the client is always the connection's peer.
	TrustedProxies []netip.Prefix
	// Header is the chain header; "" is XForwardedFor.
	Header Header
}

// Resolver finds a request's client address. It is safe for concurrent
// use.
type Resolver struct {
	trusted []netip.Prefix
	header  Header
}

// NewResolver returns a Resolver for cfg.
func NewResolver(cfg Config) (*Resolver, error) {
	if cfg.Header == "" {
		cfg.Header = XForwardedFor
	}
	h, err := ParseHeader(string(cfg.Header))
	if err != nil {
		return nil, err
	}
	r := &Resolver{header: h}
	for _, p := range cfg.TrustedProxies {
		r.trusted = append(r.trusted, normalizePrefix(p))
	}
	return r, nil
}

// ClientIP is the client address of req; see Resolve.
func (r *Resolver) ClientIP(req *http.Request) netip.Addr {
	return r.Resolve(req.RemoteAddr, req.Header)
}

// Resolve returns the client address of a request whose connection comes
// from remoteAddr ("host:port", as http.Request.RemoteAddr) with header h.
//
// When the peer is not a trusted proxy, the peer is the client, whatever
// the headers say. When it is, the chain header is walked from the right
// (the hop the peer added last) past every trusted proxy; the first hop
// that is not trusted is the client. If every hop is trusted, the
// leftmost one is. If a hop that must be read is malformed, "unknown" or
// obfuscated, or the header is absent, the answer is the peer. Addresses
// are unmapped (::ffff:10.0.0.1 is 10.0.0.1) and have no zone; the zero
// Addr means the peer is not an IP connection (a Unix socket).
func (r *Resolver) Resolve(remoteAddr string, h http.Header) netip.Addr {
	peer := parsePeer(remoteAddr)
	if !peer.IsValid() || !containsAny(r.trusted, peer) {
		return peer
	}
	lines := h.Values(string(r.header))
	client := peer
	for i := len(lines) - 1; i >= 0; i-- {
		hops, ok := r.hops(lines[i])
		if !ok {
			return peer
		}
		for j := len(hops) - 1; j >= 0; j-- {
			if !hops[j].IsValid() {
				return peer
			}
			client = hops[j]
			if !containsAny(r.trusted, client) {
				return client
			}
		}
	}
	return client
}

// hops reads one line of the chain header, left to right; an invalid Addr
// stands for a hop without a usable address. ok is false when the line
// does not parse at all.
func (r *Resolver) hops(line string) (hops []netip.Addr, ok bool) {
	if r.header == Forwarded {
		fors, err := parseForwarded(line)
		if err != nil {
			return nil, false
		}
		for _, f := range fors {
			a, _ := parseForwardedNode(f)
			hops = append(hops, a)
		}
		return hops, true
	}
	for _, elem := range strings.Split(line, ",") {
		if elem = strings.Trim(elem, " \t"); elem != "" { // empty list elements are allowed
			hops = append(hops, parseXFFNode(elem))
		}
	}
	return hops, true
}

// parseXFFNode reads one X-Forwarded-For entry: an IPv4 or IPv6 address,
// bracketed or not, with or without a port.
func parseXFFNode(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return normalizeAddr(ap.Addr())
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = s[1 : len(s)-1]
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return normalizeAddr(a)
}

// parsePeer reads http.Request.RemoteAddr: "ip:port", or a bare IP.
func parsePeer(remoteAddr string) netip.Addr {
	if ap, err := netip.ParseAddrPort(remoteAddr); err == nil {
		return normalizeAddr(ap.Addr())
	}
	a, err := netip.ParseAddr(remoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return normalizeAddr(a)
}

type clientIPKey struct{}

// Middleware stores each request's client address in its context, for
// FromContext: the filter, the rate limits and the access log then agree.
func (r *Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx := context.WithValue(req.Context(), clientIPKey{}, r.ClientIP(req))
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}

// FromContext returns the address Middleware stored, and false when the
// request did not pass it.
func FromContext(ctx context.Context) (netip.Addr, bool) {
	a, ok := ctx.Value(clientIPKey{}).(netip.Addr)
	return a, ok
}
