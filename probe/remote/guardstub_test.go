package remote

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
)

// guardStub is the test's stand-in for the network guard: a client that
// connects only to the listed loopback addresses and records every
// other address it was asked to dial. (The real guard has its own tests,
// and security/netguard tests it together with this package.)
type guardStub struct {
	mu      sync.Mutex
	allowed []string
	refused []string
}

func (g *guardStub) allow(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.allowed = append(g.allowed, addr)
}

func (g *guardStub) refusedDials() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.refused)
}

var errStubRefused = fmt.Errorf("guard stub: destination not allowed")

func (g *guardStub) client() *http.Client {
	transport := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			g.mu.Lock()
			ok := slices.Contains(g.allowed, addr)
			if !ok {
				g.refused = append(g.refused, addr)
			}
			g.mu.Unlock()
			if !ok {
				return nil, fmt.Errorf("%w: %s", errStubRefused, addr)
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		DisableCompression: true,
	}
	return &http.Client{Transport: transport}
}
