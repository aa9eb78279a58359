package server

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
)

// ErrShutdownTimeout is returned by Serve when in-flight requests did not
// finish within the shutdown timeout and were cut off.
var ErrShutdownTimeout = errors.New("in-flight requests did not finish within the shutdown timeout; they were cut off")

// Serve answers requests until ctx ends, then shuts down gracefully: the
// listeners close at once, in-flight requests (running analyses included)
// get ShutdownTimeout to finish, and the temporary directory is swept.
// It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context) error {
	if s.ln == nil {
		if err := s.Open(); err != nil {
			return err
		}
	}
	// Requests do not inherit ctx: a signal must not cancel the analyses
	// that the graceful shutdown lets finish. stopProbes ends them only when
	// the shutdown timeout runs out.
	base, stopProbes := context.WithCancel(context.WithoutCancel(ctx))
	s.stopProbes = stopProbes
	defer stopProbes()
	s.http = s.newHTTPServer(s.handler, base)
	errc := make(chan error, 2)
	go func() { errc <- s.serveOn(s.http, s.ln) }()
	if s.metricsLn != nil {
		mh := withRequestID(withSecurityHeaders(s.cfg.TLS())(s.metricsHandler()))
		s.metricsHTTP = s.newHTTPServer(mh, base)
		go func() { errc <- s.serveOn(s.metricsHTTP, s.metricsLn) }()
	}
	s.log.Info("server listening", "addr", s.URL(), "metrics_addr", addrString(s.MetricsAddr()), "workers", s.cfg.Workers, "queue_size", s.cfg.QueueSize)
	select {
	case <-ctx.Done():
	case err := <-errc:
		_ = s.shutdown()
		return err
	}
	return s.shutdown()
}

// metricsHandler is /metrics on the separate listener: the token is still
// required when one is set.
func (s *Server) metricsHandler() http.Handler {
	mux := http.NewServeMux()
	h := s.metrics.handler()
	if s.cfg.MetricsToken != "" {
		h = requireToken(s.cfg.MetricsToken, h)
	}
	mux.Handle("GET /metrics", h)
	return mux
}

func (s *Server) serveOn(srv *http.Server, ln net.Listener) error {
	var err error
	if s.cfg.TLS() {
		err = srv.ServeTLS(ln, s.cfg.TLSCert, s.cfg.TLSKey)
	} else {
		err = srv.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// shutdown stops accepting, waits for in-flight requests up to the
// shutdown timeout, cuts off what is left, and sweeps the temporary
// directory.
func (s *Server) shutdown() error {
	var result error
	s.closeOnce.Do(func() {
		s.log.Info("shutting down: waiting for in-flight requests", "timeout", s.cfg.ShutdownTimeout.String())
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
		defer cancel()
		for _, srv := range []*http.Server{s.metricsHTTP, s.http} {
			if srv == nil {
				continue
			}
			if err := srv.Shutdown(ctx); err != nil {
				result = ErrShutdownTimeout
				s.stopProbes()
				_ = srv.Close()
			}
		}
		if n, err := s.temp.sweep(); err != nil {
			s.log.Warn("temporary directory could not be swept", "error", err)
		} else if n > 0 {
			s.log.Info("removed temporary uploads at shutdown", "count", n)
		}
		s.roots.Close()
		s.closeRemote()
		s.closeRateLimits()
		s.log.Info("server stopped", "clean", result == nil)
	})
	return result
}

// newHTTPServer sets every timeout (see deadlines.go) and, with TLS, a
// configuration of TLS 1.2 or newer with AEAD cipher suites and ECDHE
// key exchange only.
func (s *Server) newHTTPServer(h http.Handler, base context.Context) *http.Server {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if s.cfg.TLS() {
		srv.TLSConfig = tlsConfig()
	}
	return srv
}

// tlsConfig allows TLS 1.2 with ECDHE and AEAD suites only, and TLS 1.3
// (whose suites are all AEAD and not configurable).
func tlsConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
			tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		},
	}
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// retryAfterSeconds is the Retry-After of a 503 queue_full.
const retryAfterSeconds = "2"
