package netguard

import (
	"net/netip"
	"net/url"
	"strings"
)

// hostPattern is one AllowHosts or DenyHosts entry, normalised.
type hostPattern struct {
	name      string // a normalised host, or the domain after "*."
	subdomain bool   // "*.name": names under name, not name itself
}

func parseHostPattern(entry string) (hostPattern, error) {
	rest, wildcard := strings.CutPrefix(strings.TrimSpace(entry), "*.")
	name, err := NormalizeHost(rest)
	if err != nil {
		return hostPattern{}, errorf("entry %q: %v", entry, err)
	}
	if _, isIP := netip.ParseAddr(name); isIP == nil && wildcard {
		return hostPattern{}, errorf("entry %q: \"*.\" goes before a domain name, not an address", entry)
	}
	return hostPattern{name: name, subdomain: wildcard}, nil
}

func (p hostPattern) matches(host string) bool {
	if p.subdomain {
		return strings.HasSuffix(host, "."+p.name)
	}
	return host == p.name
}

// matchesAny reports whether the normalised host matches an entry.
// Entries that do not parse match nothing (Validate reports them).
func matchesAny(entries []string, host string) bool {
	for _, entry := range entries {
		if p, err := parseHostPattern(entry); err == nil && p.matches(host) {
			return true
		}
	}
	return false
}

// hostRefusal is why the normalised host may not be fetched by name, or "".
func (c Config) hostRefusal(host string) string {
	if matchesAny(c.DenyHosts, host) {
		return "host is on the deny list"
	}
	if len(c.AllowHosts) > 0 && !matchesAny(c.AllowHosts, host) {
		return "host is not on the allow list"
	}
	return ""
}

// CheckURL is ValidateURL plus what can be decided before dialling: the
// host lists, and the address policy for a host that is an IP address or
// "localhost" (RFC 6761: always loopback). Refusals are *BlockedError.
// Names are resolved and checked when the client dials them.
func (c Config) CheckURL(raw string) (*url.URL, error) {
	u, err := ValidateURL(raw)
	if err != nil {
		return nil, err
	}
	host := u.Hostname()
	if reason := c.hostRefusal(host); reason != "" {
		return nil, &BlockedError{Host: host, Reason: reason}
	}
	if err := c.checkLiteralHost(host); err != nil {
		return nil, err
	}
	return u, nil
}

// checkLiteralHost applies the address policy to a host whose addresses
// are known without DNS.
func (c Config) checkLiteralHost(host string) error {
	addrs := literalAddrs(host)
	for _, ip := range addrs {
		if reason := c.refusal(ip); reason != "" {
			return &BlockedError{Host: host, IP: ip, Reason: reason}
		}
	}
	return nil
}

var localhostAddrs = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")}

// literalAddrs are the addresses a normalised host stands for without a
// lookup: itself when it is an address, loopback for localhost names.
func literalAddrs(host string) []netip.Addr {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return localhostAddrs
	}
	return nil
}
