package server

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// metricsOnMain decides how /metrics is served on the main listener:
//
//   - with --metrics-token: to requests bearing that token;
//   - without a token, when /metrics has its own --metrics-addr: not at all;
//   - without either: only when the main listener is on a loopback
//     address (the default 127.0.0.1:8080), so that a server opened to
//     the network does not publish its metrics to everyone.
func (s *Server) metricsOnMain() http.Handler {
	metrics := s.metrics.handler()
	switch {
	case s.cfg.MetricsToken != "":
		return requireToken(s.cfg.MetricsToken, metrics)
	case s.cfg.MetricsAddr == "" && isLoopback(s.cfg.Addr):
		return metrics
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, errorf(CodeNotFound, "metrics are not served here (see --metrics-addr and --metrics-token)"))
	})
}

// requireToken serves next to requests with "Authorization: Bearer token".
func requireToken(token string, next http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			writeError(w, r, errorf(CodeUnauthorized, "metrics need the bearer token set with --metrics-token"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
