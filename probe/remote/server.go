package remote

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sendBuffer is the socket send buffer of each connection from ffprobe.
// Small, so that what ffprobe has not read yet cannot pile up in the
// kernel: bytes are fetched from the origin only as fast as ffprobe reads
// them, and a seek wastes little. Probing a 21 MB MP4 whose index is at
// its end (BenchmarkFFprobeMoovAtEnd, origin-bytes/op) took 497 KB from
// the origin with 32 KiB, 1.0 MB with 128 KiB, 2.1 MB with 256 KiB and
// 4.2 MB with the kernel's default. ffprobe reads with a receive buffer of
// the same size (FFprobeInput), which keeps the transfer fast.
const sendBuffer = 32 << 10

// Server is the loopback content server. It is safe for concurrent use.
type Server struct {
	cfg  Config
	ln   net.Listener
	http *http.Server
	base string // "http://127.0.0.1:PORT"

	mu       sync.Mutex
	sessions map[string]*Session
	closed   bool

	strays atomic.Int64 // requests for other hosts, refused
}

// NewServer validates cfg and listens on 127.0.0.1 at a random port
// before returning; it serves until Close.
func NewServer(cfg Config) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("remote: content server: %w", err)
	}
	srv := &Server{cfg: cfg, ln: ln, base: "http://" + ln.Addr().String(), sessions: map[string]*Session{}}
	srv.http = &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       30 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go func() { _ = srv.http.Serve(smallBufferListener{ln}) }()
	return srv, nil
}

// Addr is "127.0.0.1:PORT".
func (srv *Server) Addr() string { return srv.ln.Addr().String() }

// Close stops serving and closes every session.
func (srv *Server) Close() error {
	srv.mu.Lock()
	srv.closed = true
	sessions := make([]*Session, 0, len(srv.sessions))
	for _, s := range srv.sessions {
		sessions = append(sessions, s)
	}
	srv.mu.Unlock()
	var errs []error
	for _, s := range sessions {
		errs = append(errs, s.Close())
	}
	errs = append(errs, srv.http.Close())
	return errors.Join(errs...)
}

func (srv *Server) register(s *Session) error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.closed {
		return fmt.Errorf("remote: %w: the content server is closed", ErrClosed)
	}
	srv.sessions[s.token] = s
	return nil
}

func (srv *Server) unregister(token string) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	delete(srv.sessions, token)
}

// ServeHTTP answers ffprobe: /<token>/<id>/<rest>. A request for another
// host (ffprobe sends every request through this server as its proxy) or
// an unknown token is refused.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.SplitN(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/", 3)
	srv.mu.Lock()
	s := srv.sessions[parts[0]]
	srv.mu.Unlock()
	switch {
	case r.URL.Host != "" && r.URL.Host != srv.Addr():
		// ffprobe asked its proxy (this server) for a URL we did not hand
		// out: one the manifest rewriter missed. It is never fetched.
		srv.strays.Add(1)
		http.Error(w, "only this server's URLs may be fetched", http.StatusForbidden)
	case s == nil || len(parts) < 3:
		http.NotFound(w, r)
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
	default:
		s.serve(w, r, parts[1], parts[2])
	}
}

// smallBufferListener sets sendBuffer on every accepted connection.
type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetWriteBuffer(sendBuffer)
	}
	return conn, err
}
