package server

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"

	"github.com/ffprobe-api/ffprobe-api/security/clientip"
)

// ClientIPConfig says whose word the server takes for a client's address,
// and which addresses may call it at all (docs/security.md, "Client
// addresses and trusted proxies").
type ClientIPConfig struct {
	// TrustedProxies are the reverse proxies whose chain header is
	// believed (--trusted-proxies). Empty: the client is always the TCP
	// peer, whatever the headers say.
	TrustedProxies []netip.Prefix
	// Header is the one chain header read (--forwarded-header): "" or
	// clientip.XForwardedFor, or clientip.Forwarded (RFC 7239).
	Header clientip.Header
	// Allow, when not empty, lists the only client addresses let in
	// (--allow-cidrs); Deny keeps addresses out and wins (--deny-cidrs).
	Allow, Deny []netip.Prefix
}

func (c ClientIPConfig) problems() []string {
	if c.Header == "" {
		return nil
	}
	if _, err := clientip.ParseHeader(string(c.Header)); err != nil {
		return []string{fmt.Sprintf("--forwarded-header: %v", err)}
	}
	return nil
}

// newClientIPFunc is how the server finds a request's client address:
// override when the caller gave one (Deps.ClientIP), else a resolver that
// believes the chain header only from a trusted proxy.
func newClientIPFunc(cfg ClientIPConfig, override func(*http.Request) netip.Addr) (func(*http.Request) netip.Addr, error) {
	if override != nil {
		return override, nil
	}
	r, err := clientip.NewResolver(clientip.Config{TrustedProxies: cfg.TrustedProxies, Header: cfg.Header})
	if err != nil {
		return nil, err
	}
	return r.ClientIP, nil
}

type clientIPKey struct{}

// withClientIP resolves the request's client address once and keeps it in
// the context: the address filter, the rate limits, the access log, the
// login throttle and the audit log all read it with clientIPOf.
func (s *Server) withClientIP(next http.Handler) http.Handler {
	resolve := s.clientIP
	if resolve == nil {
		resolve = remoteAddr
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), clientIPKey{}, resolve(r))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// clientIPOf is the request's client address as withClientIP resolved it
// (behind trusted proxies, the address they forwarded); the TCP peer's for
// a request that did not pass withClientIP. The zero Addr is a peer that
// is not an IP connection.
func clientIPOf(r *http.Request) netip.Addr {
	if a, ok := r.Context().Value(clientIPKey{}).(netip.Addr); ok {
		return a
	}
	return remoteAddr(r)
}

// withAddressFilter refuses (403 forbidden_address) every request from an
// address the allow and deny lists keep out, before any route is matched.
func (s *Server) withAddressFilter(next http.Handler) http.Handler {
	filter := clientip.Filter{Allow: s.cfg.ClientIP.Allow, Deny: s.cfg.ClientIP.Deny}
	if filter.Empty() {
		return next
	}
	refuse := func(w http.ResponseWriter, r *http.Request, _ int, message string, _ error) {
		if s.metrics != nil {
			s.metrics.guards.addressRefused.Inc()
		}
		writeError(w, r, errorf(CodeForbiddenAddress, "%s", message))
	}
	return filter.Middleware(clientIPOf, refuse)(next)
}

// buildGuards sets up the outer defences New wires into the handler: the
// client address resolver, the rate limiter (whose Redis client is closed
// at shutdown) and the remote URL sources (whose content server starts at
// the first remote analysis).
func (s *Server) buildGuards(deps Deps) error {
	var err error
	if s.clientIP, err = newClientIPFunc(s.cfg.ClientIP, deps.ClientIP); err != nil {
		return err
	}
	if s.limits, err = newRateLimits(s.cfg.RateLimit, s.metrics, s.log); err != nil {
		return err
	}
	s.remote = &remoteSources{cfg: s.cfg.Remote, tempDir: s.cfg.TempDir}
	return nil
}

// addrText is a for logs: "" for the zero Addr (a Unix-socket peer).
func addrText(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}
