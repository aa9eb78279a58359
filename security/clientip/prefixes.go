package clientip

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// ParsePrefixes reads a list of CIDRs and single addresses, as given to
// --trusted-proxies or an allow or deny list: "10.0.0.0/8", "192.0.2.7",
// "2001:db8::/32". A single address is its own /32 or /128; host bits are
// cleared ("10.1.2.3/8" is 10.0.0.0/8); an IPv4-mapped IPv6 form
// ("::ffff:10.0.0.0/104") becomes the IPv4 prefix it covers. Every bad
// entry is reported at once.
func ParsePrefixes(specs []string) ([]netip.Prefix, error) {
	var prefixes []netip.Prefix
	var problems []error
	for _, spec := range specs {
		p, err := parsePrefix(strings.TrimSpace(spec))
		if err != nil {
			problems = append(problems, err)
			continue
		}
		prefixes = append(prefixes, p)
	}
	return prefixes, errors.Join(problems...)
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32", s)
		}
		return normalizePrefix(p), nil
	}
	a, err := netip.ParseAddr(s)
	switch {
	case err != nil:
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or a CIDR such as 10.0.0.0/8", s)
	case a.Zone() != "":
		return netip.Prefix{}, fmt.Errorf("%q has a zone (%%%s); write the address without it", s, a.Zone())
	}
	return normalizePrefix(netip.PrefixFrom(a, a.BitLen())), nil
}

// normalizePrefix clears host bits and turns an IPv4-mapped IPv6 prefix
// of at least /96 into the IPv4 prefix it covers, so that it matches the
// unmapped addresses normalizeAddr makes.
func normalizePrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked()
}

// normalizeAddr drops a zone and unmaps an IPv4-mapped IPv6 address:
// ::ffff:10.0.0.1 is 10.0.0.1.
func normalizeAddr(a netip.Addr) netip.Addr {
	return a.WithZone("").Unmap()
}

// containsAny reports whether addr (normalised) is in one of prefixes
// (normalised here too, for prefixes not made by ParsePrefixes). An IPv4
// address matches IPv4 prefixes only: ::/0 covers IPv6, 0.0.0.0/0 IPv4.
func containsAny(prefixes []netip.Prefix, addr netip.Addr) bool {
	addr = normalizeAddr(addr)
	for _, p := range prefixes {
		if normalizePrefix(p).Contains(addr) {
			return true
		}
	}
	return false
}
