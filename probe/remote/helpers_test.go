package remote

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// origin is a loopback HTTP server standing for a remote origin. It counts
// connections, requests and body bytes written.
type origin struct {
	*httptest.Server
	conns    atomic.Int64
	requests atomic.Int64
	sent     atomic.Int64
	mu       sync.Mutex
	headers  []http.Header // request headers, in order
}

func newOrigin(t testing.TB, listen string, handler http.Handler) *origin {
	t.Helper()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatalf("listen %s: %v", listen, err)
	}
	o := &origin{}
	o.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.requests.Add(1)
		o.mu.Lock()
		o.headers = append(o.headers, r.Header.Clone())
		o.mu.Unlock()
		handler.ServeHTTP(countingWriter{w, &o.sent}, r)
	}))
	o.Listener.Close()
	o.Listener = ln
	o.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			o.conns.Add(1)
		}
	}
	o.Start()
	t.Cleanup(o.Close)
	return o
}

func (o *origin) addr() string { return o.Listener.Addr().String() }

func (o *origin) requestHeaders() []http.Header {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.headers)
}

type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (w countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n.Add(int64(n))
	return n, err
}

func (w countingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// rangeHandler serves content with Range support (http.ServeContent).
func rangeHandler(content []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "", time.Time{}, readSeeker(content))
	})
}

// wholeHandler ignores Range and sends the whole content with its length.
func wholeHandler(content []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(content)))
		_, _ = w.Write(content)
	})
}

func readSeeker(b []byte) io.ReadSeeker { return &byteSeeker{b: b} }

type byteSeeker struct {
	b   []byte
	off int64
}

func (s *byteSeeker) Read(p []byte) (int, error) {
	if s.off >= int64(len(s.b)) {
		return 0, io.EOF
	}
	n := copy(p, s.b[s.off:])
	s.off += int64(n)
	return n, nil
}

func (s *byteSeeker) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		s.off = offset
	case io.SeekCurrent:
		s.off += offset
	case io.SeekEnd:
		s.off = int64(len(s.b)) + offset
	}
	return s.off, nil
}

// newTestServer starts a content server whose client is a guard stub
// allowing the given origins.
func newTestServer(t testing.TB, cfg Config, allowed ...*origin) (*Server, *guardStub) {
	t.Helper()
	stub := &guardStub{}
	for _, o := range allowed {
		stub.allow(o.addr())
	}
	if cfg.Client == nil {
		cfg.Client = stub.client()
	}
	if cfg.TempDir == "" {
		cfg.TempDir = t.TempDir()
	}
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, stub
}

func openSession(t testing.TB, srv *Server, req Request) *Session {
	t.Helper()
	s, err := srv.Open(context.Background(), req)
	if err != nil {
		t.Fatalf("Open %s: %v", req.URL, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fetch reads a content-server URL as ffprobe would, with an optional
// Range, through a plain client (the content server is on loopback).
func fetch(t testing.TB, u, byteRange string) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if byteRange != "" {
		req.Header.Set("Range", byteRange)
	}
	resp, err := directTransport.RoundTrip(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// pattern is n bytes that differ at every offset modulo 251.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

// directTransport reaches the content server without any proxy. Like
// ffprobe, it reads with a small socket receive buffer.
var directTransport = &http.Transport{
	Proxy: nil,
	DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, addr)
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetReadBuffer(32 << 10)
		}
		return conn, err
	},
}

func mustParse(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
