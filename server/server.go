// Package server is the HTTP API of ffprobe-api: routing, middleware,
// handlers, error mapping, the OpenAPI document and the metrics. It is
// built by cmd's serve from a Config and its dependencies.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// Store is what the server needs of the database.
type Store interface {
	store.Analyses
	store.Users
	store.APIKeys
	store.Sessions
	store.AuditLog
	Ping(ctx context.Context) error
}

// Deps are the server's collaborators, built by the caller.
type Deps struct {
	Store       Store
	Prober      probe.Prober
	FFprobePath string       // the binary the prober runs, for the readiness check
	Logger      *slog.Logger // nil discards
	// ClientIP is the client address of a request, for every use (rate
	// limits, address lists, access log, login throttle, audit log); nil
	// resolves it from Config.ClientIP (the peer, or what a trusted proxy
	// forwarded).
	ClientIP func(*http.Request) netip.Addr
}

// Server is the HTTP API. New builds it, Open binds its listeners, Serve
// runs it until its context ends and then shuts it down gracefully.
type Server struct {
	cfg         Config
	store       Store
	prober      probe.Prober
	ffprobePath string
	auth        *authn
	log         *slog.Logger
	metrics     *metrics
	queue       *probeQueue
	roots       *rootSet
	temp        tempDir
	handler     http.Handler
	clientIP    func(*http.Request) netip.Addr // resolves client addresses (clientip.go)
	limits      *rateLimits                    // nil when rate limits are off
	remote      *remoteSources                 // remote URL analyses

	http, metricsHTTP *http.Server
	ln, metricsLn     net.Listener
	stopProbes        context.CancelFunc // cancels in-flight work after a forced shutdown
	closeOnce         sync.Once
}

// New checks cfg and builds the server. It opens the roots and prepares
// the temporary directory (sweeping uploads a crash left behind) but binds
// no socket yet.
func New(cfg Config, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Store == nil || deps.Prober == nil {
		return nil, errors.New("server: a store and a prober are required")
	}
	s := &Server{cfg: cfg, store: deps.Store, prober: deps.Prober, ffprobePath: deps.FFprobePath, log: deps.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	auth, err := newAuthn(cfg.Auth, deps.Store, clientIPOf, s.log)
	if err != nil {
		return nil, err
	}
	s.auth = auth
	if s.ffprobePath == "" {
		s.ffprobePath = "ffprobe"
	}
	s.cfg.CORSOrigins = nil
	for _, o := range cfg.CORSOrigins {
		s.cfg.CORSOrigins = append(s.cfg.CORSOrigins, strings.TrimSuffix(o, "/"))
	}
	temp, swept, err := prepareTempDir(cfg.TempDir)
	if err != nil {
		return nil, err
	}
	if swept > 0 {
		s.log.Info("removed uploads left by an earlier run", "count", swept, "dir", cfg.TempDir)
	}
	s.temp = temp
	if s.roots, err = openRoots(cfg.Roots); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(func() float64 { return float64(temp.free()) })
	s.queue = newProbeQueue(cfg.Workers, cfg.QueueSize, cfg.QueueTimeout, s.metrics)
	if err := s.buildGuards(deps); err != nil {
		s.roots.Close()
		return nil, err
	}
	s.handler = s.buildHandler()
	return s, nil
}

// Open binds the listeners, so that Addr is known before Serve (a test
// can listen on 127.0.0.1:0).
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", s.cfg.Addr, err)
	}
	s.ln = ln
	if s.cfg.MetricsAddr != "" {
		if s.metricsLn, err = net.Listen("tcp", s.cfg.MetricsAddr); err != nil {
			_ = ln.Close()
			return fmt.Errorf("--metrics-addr %s: %w", s.cfg.MetricsAddr, err)
		}
	}
	return nil
}

// Addr is the bound address of the API; nil before Open.
func (s *Server) Addr() net.Addr { return addrOf(s.ln) }

// MetricsAddr is the bound address of the metrics listener; nil without one.
func (s *Server) MetricsAddr() net.Addr { return addrOf(s.metricsLn) }

func addrOf(ln net.Listener) net.Addr {
	if ln == nil {
		return nil
	}
	return ln.Addr()
}

// URL is the API's base URL, e.g. http://127.0.0.1:8080; "" before Open.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	scheme := "http"
	if s.cfg.TLS() {
		scheme = "https"
	}
	return scheme + "://" + s.ln.Addr().String()
}
