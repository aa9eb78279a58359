//go:build unix

package server_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"

	canaryfifo "github.com/ffprobe-api/ffprobe-api/internal/canary"
)

// canary is the FIFO of internal/canary: it tells whether a file was opened.
type canary = canaryfifo.FIFO

func newCanary(t *testing.T, path string) *canary { return canaryfifo.New(t, path) }

// silentListener is a loopback port that must never be connected to.
type silentListener struct {
	ln       net.Listener
	accepted atomic.Int64
}

func newSilentListener(t *testing.T, network, addr string) *silentListener {
	t.Helper()
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	l := &silentListener{ln: ln}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			l.accepted.Add(1)
			conn.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return l
}

func (l *silentListener) port() int { return l.ln.Addr().(*net.TCPAddr).Port }

// fakeInternet stands in for DNS and the network in the guard (its
// LookupIP and Connect test hooks): a few public-looking names resolve to
// public-looking addresses, and connections to those are routed to
// loopback test servers. Every other connection is refused and recorded,
// so nothing ever leaves the machine.
type fakeInternet struct {
	names  map[string][]netip.Addr
	routes map[string]string // "ip:port" → the loopback server's address

	mu      sync.Mutex
	strayed []string // connections asked for that have no route
}

func newFakeInternet() *fakeInternet {
	return &fakeInternet{names: map[string][]netip.Addr{}, routes: map[string]string{}}
}

// host makes name resolve to a public-looking address whose port 80 is
// handler, served on loopback.
func (f *fakeInternet) host(t *testing.T, name, addr string, handler http.Handler) {
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	ip := netip.MustParseAddr(addr)
	f.names[name] = []netip.Addr{ip}
	f.routes[netip.AddrPortFrom(ip, 80).String()] = srv.Listener.Addr().String()
}

func (f *fakeInternet) LookupIP(_ context.Context, host string) ([]netip.Addr, error) {
	if addrs, ok := f.names[host]; ok {
		return addrs, nil
	}
	return nil, fmt.Errorf("lookup %s: no such host (test resolver)", host)
}

func (f *fakeInternet) Connect(ctx context.Context, network, address string) (net.Conn, error) {
	if target, ok := f.routes[address]; ok {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", target)
	}
	f.mu.Lock()
	f.strayed = append(f.strayed, address)
	f.mu.Unlock()
	return nil, errors.New("test network: no route to " + address)
}

func (f *fakeInternet) strays() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.strayed...)
}

// withFakeInternet sends the server's remote fetches through f.
func withFakeInternet(f *fakeInternet) func(*serverSetup) {
	return func(c *serverSetup) {
		c.cfg.Remote.Guard.LookupIP, c.cfg.Remote.Guard.Connect = f.LookupIP, f.Connect
	}
}
