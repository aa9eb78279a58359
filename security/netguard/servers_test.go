package netguard

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
)

// countingServer is an HTTP server on a loopback address that counts the
// connections it accepts, to show that a refused request never reached it.
type countingServer struct {
	*httptest.Server
	conns atomic.Int64
}

func newCountingServer(t *testing.T, listenAddr string, handler http.Handler) *countingServer {
	t.Helper()
	ln, err := net.Listen("tcp", listenAddr)
	if err != nil {
		t.Fatalf("listen on %s: %v", listenAddr, err)
	}
	s := &countingServer{Server: httptest.NewUnstartedServer(handler)}
	s.Listener.Close()
	s.Listener = ln
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *countingServer) port() string {
	return fmt.Sprint(s.Listener.Addr().(*net.TCPAddr).Port)
}

// testResolver maps host names to addresses. It never sends a DNS query:
// an unknown name fails.
type testResolver map[string][]string

func (r testResolver) lookup(_ context.Context, host string) ([]netip.Addr, error) {
	var addrs []netip.Addr
	for _, a := range r[host] {
		addrs = append(addrs, netip.MustParseAddr(a))
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("test resolver: no such host %s", host)
	}
	return addrs, nil
}

// failingConnect stands in for Config.Connect where the guard must refuse
// before connecting: a call fails the test. It dials loopback targets all
// the same, so the listener's count shows the leak too, and refuses to
// dial anything else (tests never send traffic off this machine).
func failingConnect(t *testing.T) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		t.Errorf("the guard let %s through to Connect", address)
		return dialLoopbackOnly(ctx, network, address)
	}
}

// routedConnect sends connections for the public-looking "ip:port" keys
// of routes to the loopback address they map to, dials loopback targets
// as they are, and refuses everything else.
func routedConnect(t *testing.T, routes map[string]string) func(context.Context, string, string) (net.Conn, error) {
	var mu sync.Mutex
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		mu.Lock()
		target, routed := routes[address]
		mu.Unlock()
		if routed {
			address = target
		}
		return dialLoopbackOnly(ctx, network, address)
	}
}

func dialLoopbackOnly(ctx context.Context, network, address string) (net.Conn, error) {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		return nil, fmt.Errorf("test dialer: %s is not a loopback address; tests do not leave this machine", address)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, address)
}

// publicIP is a public-looking address that tests route to loopback
// servers; nothing is ever sent to it.
const publicIP = "93.184.216.34"

func loopbackOnly() []netip.Prefix {
	return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
}

func newTestClient(t *testing.T, cfg Config) *http.Client {
	t.Helper()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func get(ctx context.Context, c *http.Client, rawURL string, header http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	for name, values := range header {
		req.Header[name] = values
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "hello") })
