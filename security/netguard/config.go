package netguard

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// Defaults for the zero fields of Config.
const (
	DefaultMaxRedirects          = 5
	DefaultDialTimeout           = 10 * time.Second
	DefaultResponseHeaderTimeout = 15 * time.Second
)

// Config configures the guard. The zero value is the strict default:
// public addresses only, any host, five redirects.
type Config struct {
	// AllowHosts, when not empty, are the only hosts that may be fetched.
	// An entry is a host name ("media.example.com", matched exactly after
	// normalisation) or "*." and a domain ("*.example.com": any name under
	// it, not the domain itself). An IP address entry matches that literal
	// address in a URL.
	AllowHosts []string
	// DenyHosts are never fetched; same forms as AllowHosts. A host on
	// both lists is denied.
	DenyHosts []string
	// AllowPrivate admits addresses that are not public (IsPublic false):
	// for tests (127.0.0.0/8) and intranet deployments. Default none.
	// Write IPv4 ranges in IPv4 form.
	AllowPrivate []netip.Prefix
	// MaxRedirects is how many redirects one request may follow. 0 means
	// DefaultMaxRedirects; -1 follows none.
	MaxRedirects int
	// DialTimeout bounds each TCP connection attempt (DefaultDialTimeout).
	DialTimeout time.Duration
	// ResponseHeaderTimeout bounds the wait for response headers once the
	// request is sent (DefaultResponseHeaderTimeout).
	ResponseHeaderTimeout time.Duration

	// LookupIP resolves a host name; default net.DefaultResolver's
	// LookupNetIP. Tests map names to chosen addresses with it (and must,
	// so that no DNS query leaves the machine).
	LookupIP func(ctx context.Context, host string) ([]netip.Addr, error)
	// Connect opens a TCP connection to an "ip:port" the guard has already
	// checked; default a net.Dialer whose ControlContext checks the
	// socket's address again. Tests use it to route public-looking
	// addresses to loopback servers. Production code leaves it nil.
	Connect func(ctx context.Context, network, address string) (net.Conn, error)
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var problems []string
	for _, list := range []struct {
		name    string
		entries []string
	}{{"allow_hosts", c.AllowHosts}, {"deny_hosts", c.DenyHosts}} {
		for _, entry := range list.entries {
			if _, err := parseHostPattern(entry); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", list.name, err))
			}
		}
	}
	for _, p := range c.AllowPrivate {
		switch {
		case !p.IsValid():
			problems = append(problems, fmt.Sprintf("allow_private: %q is not a valid prefix", p))
		case p.Addr().Is4In6():
			problems = append(problems, fmt.Sprintf("allow_private: write %s as an IPv4 prefix", p))
		}
	}
	if c.MaxRedirects < -1 {
		problems = append(problems, fmt.Sprintf("max_redirects %d: use -1 for none, 0 for the default (%d)", c.MaxRedirects, DefaultMaxRedirects))
	}
	if c.DialTimeout < 0 || c.ResponseHeaderTimeout < 0 {
		problems = append(problems, "timeouts must not be negative")
	}
	if len(problems) > 0 {
		return fmt.Errorf("netguard config: %s", strings.Join(problems, "; "))
	}
	return nil
}

func (c Config) maxRedirects() int {
	switch {
	case c.MaxRedirects < 0:
		return 0
	case c.MaxRedirects == 0:
		return DefaultMaxRedirects
	}
	return c.MaxRedirects
}

func (c Config) dialTimeout() time.Duration {
	if c.DialTimeout > 0 {
		return c.DialTimeout
	}
	return DefaultDialTimeout
}

func (c Config) responseHeaderTimeout() time.Duration {
	if c.ResponseHeaderTimeout > 0 {
		return c.ResponseHeaderTimeout
	}
	return DefaultResponseHeaderTimeout
}
