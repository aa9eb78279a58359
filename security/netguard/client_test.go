package netguard

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// TestClientRefusesLocalDestinations is the guard's table: every URL is
// refused when it is checked (CheckURL) or when the client dials it, and
// the loopback listeners it aims at see no connection.
func TestClientRefusesLocalDestinations(t *testing.T) {
	v4 := newCountingServer(t, "127.0.0.1:0", okHandler)
	v6 := newCountingServer(t, "[::1]:0", okHandler)
	p, p6 := v4.port(), v6.port()
	cfg := Config{
		LookupIP: testResolver{"loopback.example": {"127.0.0.1"}, "mixed.example": {publicIP, "127.0.0.1"}}.lookup,
		Connect:  failingConnect(t),
	}
	client := newTestClient(t, cfg)
	tests := []struct {
		name          string
		raw           string
		atCheck       bool // CheckURL refuses it (else only the dial does)
		notFetchable  bool // the client refuses it for its scheme, not the guard
		invalidAtDial bool // the dialer refuses its host's form
	}{
		{"loopback", "http://127.0.0.1:" + p + "/", true, false, false},
		{"localhost", "http://localhost:" + p + "/", true, false, false},
		{"IPv6 loopback", "http://[::1]:" + p6 + "/", true, false, false},
		{"unspecified", "http://0.0.0.0:" + p + "/", true, false, false},
		{"decimal IPv4", "http://2130706433:" + p + "/", true, false, true},
		{"hex IPv4", "http://0x7f000001:" + p + "/", true, false, true},
		{"octal IPv4", "http://0177.0.0.1:" + p + "/", true, false, true},
		{"short IPv4", "http://127.1:" + p + "/", true, false, true},
		{"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]:" + p + "/", true, false, false},
		{"6to4 of loopback", "http://[2002:7f00:1::]:" + p + "/", true, false, false},
		{"NAT64 of loopback", "http://[64:ff9b::7f00:1]:" + p + "/", true, false, false},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", true, false, false},
		{"CGNAT", "http://100.64.0.1/", true, false, false},
		{"private", "http://10.0.0.1/", true, false, false},
		{"unique-local", "http://[fd00::1]/", true, false, false},
		{"user-info", "http://a@127.0.0.1:" + p + "/", true, false, false},
		{"host hidden in a fragment", "http://127.0.0.1:" + p + "#@example.com", true, false, false},
		{"host hidden in user-info", "http://example.com@127.0.0.1:" + p + "/", true, false, false},
		{"name that resolves to loopback", "http://loopback.example:" + p + "/", false, false, false},
		{"name with one loopback address among public ones", "http://mixed.example:" + p + "/", false, false, false},
		{"file", "file:///etc/passwd", true, true, false},
		{"gopher", "gopher://127.0.0.1:" + p + "/_INFO", true, true, false},
		{"ftp", "ftp://127.0.0.1:" + p + "/", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, checkErr := cfg.CheckURL(tt.raw)
			if tt.atCheck && checkErr == nil {
				t.Errorf("CheckURL(%q) accepted it", tt.raw)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			resp, err := get(ctx, client, tt.raw, nil)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("GET %s succeeded", tt.raw)
			}
			if !tt.notFetchable && !errors.Is(err, ErrBlocked) {
				t.Errorf("GET %s: %v, want ErrBlocked", tt.raw, err)
			}
			var blocked *BlockedError
			if tt.invalidAtDial && (!errors.As(err, &blocked) || !strings.Contains(blocked.Reason, "numeric form")) {
				t.Errorf("GET %s: %v, want the numeric form refused", tt.raw, err)
			}
		})
	}
	if n := v4.conns.Load() + v6.conns.Load(); n != 0 {
		t.Errorf("the loopback listeners accepted %d connections, want 0", n)
	}
}

// TestClientAllowPrivate shows the success path with the default dialer
// (its ControlContext check included) and the same requests refused
// without the test-only AllowPrivate entry.
func TestClientAllowPrivate(t *testing.T) {
	srv := newCountingServer(t, "127.0.0.1:0", okHandler)
	resolver := testResolver{"media.test": {"127.0.0.1"}}.lookup
	urls := []string{"http://127.0.0.1:" + srv.port() + "/ok", "http://media.test:" + srv.port() + "/ok"}

	allowed := newTestClient(t, Config{AllowPrivate: loopbackOnly(), LookupIP: resolver})
	for _, u := range urls {
		resp, err := get(context.Background(), allowed, u, nil)
		if err != nil {
			t.Fatalf("GET %s with AllowPrivate 127.0.0.0/8: %v", u, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "hello" {
			t.Errorf("GET %s = %q, want hello", u, body)
		}
	}
	before := srv.conns.Load()
	strict := newTestClient(t, Config{LookupIP: resolver})
	for _, u := range urls {
		if resp, err := get(context.Background(), strict, u, nil); !errors.Is(err, ErrBlocked) {
			if resp != nil {
				resp.Body.Close()
			}
			t.Errorf("GET %s without AllowPrivate: %v, want ErrBlocked", u, err)
		}
	}
	if after := srv.conns.Load(); after != before {
		t.Errorf("refused requests opened %d connections", after-before)
	}
}

// TestDialerControl drives the real net.Dialer with the guard's
// ControlContext at a loopback listener: the socket is refused before it
// connects.
func TestDialerControl(t *testing.T) {
	srv := newCountingServer(t, "127.0.0.1:0", okHandler)
	target := "127.0.0.1:" + srv.port()
	strict := &dialer{cfg: Config{}}
	conn, err := strict.checkedDialer("probe.test").DialContext(context.Background(), "tcp", target)
	var blocked *BlockedError
	if !errors.As(err, &blocked) || blocked.Host != "probe.test" || blocked.IP != netip.MustParseAddr("127.0.0.1") {
		if conn != nil {
			conn.Close()
		}
		t.Fatalf("dial %s: %v, want a *BlockedError for probe.test (127.0.0.1)", target, err)
	}
	allowed := &dialer{cfg: Config{AllowPrivate: loopbackOnly()}}
	conn, err = allowed.checkedDialer("probe.test").DialContext(context.Background(), "tcp", target)
	if err != nil {
		t.Fatalf("dial %s with AllowPrivate: %v", target, err)
	}
	conn.Close()
	if n := srv.conns.Load(); n > 1 {
		t.Errorf("the listener saw %d connections, want only the allowed one", n)
	}
}

func TestCheckDialled(t *testing.T) {
	tests := []struct {
		name, network, address string
		allowed                bool
	}{
		{"public IPv4", "tcp4", "93.184.216.34:443", true},
		{"public IPv6", "tcp6", "[2606:2800:220:1::1]:443", true},
		{"loopback", "tcp4", "127.0.0.1:80", false},
		{"mapped loopback", "tcp6", "[::ffff:127.0.0.1]:80", false},
		{"metadata", "tcp4", "169.254.169.254:80", false},
		{"udp", "udp4", "93.184.216.34:53", false},
		{"not an address", "tcp4", "example.com:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Config{}.checkDialled("h", tt.network, tt.address)
			if (err == nil) != tt.allowed {
				t.Errorf("checkDialled(%s, %s) = %v, want allowed=%v", tt.network, tt.address, err, tt.allowed)
			}
		})
	}
}

func TestResponseHeaderTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accept, read the request, never answer
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(io.Discard, conn) }()
		}
	}()
	client := newTestClient(t, Config{AllowPrivate: loopbackOnly(), ResponseHeaderTimeout: 200 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = get(ctx, client, "http://"+ln.Addr().String()+"/", nil)
	if err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "timeout awaiting response headers") {
		t.Fatalf("GET from a server that never answers: %v, want the response header timeout", err)
	}
}

// TestClientIgnoresProxyEnvironment: HTTP_PROXY must not route requests
// around the dial check (the proxy would dial whatever it is told).
func TestClientIgnoresProxyEnvironment(t *testing.T) {
	origin := newCountingServer(t, "127.0.0.1:0", okHandler)
	proxy := newCountingServer(t, "127.0.0.1:0", okHandler)
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("http_proxy", proxy.URL)
	client := newTestClient(t, Config{AllowPrivate: loopbackOnly(), LookupIP: testResolver{"media.test": {"127.0.0.1"}}.lookup})
	resp, err := get(context.Background(), client, "http://media.test:"+origin.port()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if proxy.conns.Load() != 0 || origin.conns.Load() != 1 {
		t.Errorf("proxy saw %d connections, origin %d; want 0 and 1", proxy.conns.Load(), origin.conns.Load())
	}
}

func TestNewClientRefusesBadConfig(t *testing.T) {
	if _, err := NewClient(Config{DenyHosts: []string{"a b"}}); err == nil {
		t.Fatal("NewClient accepted a deny list entry with a space")
	}
}

var _ http.RoundTripper = (*http.Transport)(nil)
