package netguard

import "net/netip"

// blockedRange is an address range that is not public, and why.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

// blockedRanges are refused unless Config.AllowPrivate covers them. IPv4
// comes from the IANA special-purpose registry (RFC 6890 and updates);
// IPv6 must also lie in global unicast 2000::/3 (see addressRefusal), so
// the IPv6 rows here are the ranges inside or next to it that still must
// not be dialled, plus the well-known ones outside it for a clearer reason.
var blockedRanges = []blockedRange{
	{netip.MustParsePrefix("0.0.0.0/8"), `"this network" address (0.0.0.0 reaches this host)`},
	{netip.MustParsePrefix("10.0.0.0/8"), "private network address (RFC 1918)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT address (RFC 6598)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback address"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local address (where cloud metadata services live)"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private network address (RFC 1918)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment address"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation address (TEST-NET-1)"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast address"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private network address (RFC 1918)"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking address (RFC 2544)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation address (TEST-NET-2)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation address (TEST-NET-3)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved address (includes broadcast)"},

	{netip.MustParsePrefix("::/128"), "unspecified address"},
	{netip.MustParsePrefix("::1/128"), "loopback address"},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible IPv6 address (embeds an IPv4 address)"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64 address (embeds an IPv4 address)"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64 address (embeds an IPv4 address)"},
	{netip.MustParsePrefix("100::/64"), "discard-only address"},
	{netip.MustParsePrefix("2001::/32"), "Teredo address (embeds an IPv4 address)"},
	{netip.MustParsePrefix("2001::/23"), "IETF protocol assignment address"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation address"},
	{netip.MustParsePrefix("2002::/16"), "6to4 address (embeds an IPv4 address)"},
	{netip.MustParsePrefix("3fff::/20"), "documentation address"},
	{netip.MustParsePrefix("5f00::/16"), "segment routing (SRv6) address"},
	{netip.MustParsePrefix("fc00::/7"), "unique-local address"},
	{netip.MustParsePrefix("fe80::/10"), "link-local address"},
	{netip.MustParsePrefix("fec0::/10"), "site-local address"},
	{netip.MustParsePrefix("ff00::/8"), "multicast address"},
}

// globalUnicastV6 is where every public IPv6 address lies.
var globalUnicastV6 = netip.MustParsePrefix("2000::/3")

// IsPublic reports whether ip may be dialled without an explicit
// Config.AllowPrivate entry: a global unicast address outside every
// special-purpose range. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is
// judged as the IPv4 address it is (the socket connects to it over IPv4);
// the other forms that embed an IPv4 address (NAT64, 6to4, Teredo,
// IPv4-compatible) are refused outright. The zero Addr is not public.
func IsPublic(ip netip.Addr) bool { return addressRefusal(ip) == "" }

// addressRefusal is why ip is not public, or "" when it is.
func addressRefusal(ip netip.Addr) string {
	if !ip.IsValid() {
		return "not an IP address"
	}
	ip = ip.WithZone("").Unmap()
	for _, r := range blockedRanges {
		if r.prefix.Contains(ip) {
			return r.reason
		}
	}
	if ip.Is6() && !globalUnicastV6.Contains(ip) {
		return "reserved IPv6 address (outside global unicast 2000::/3)"
	}
	return ""
}

// refusal is why the guard configured by cfg must not dial ip, or "".
func (c Config) refusal(ip netip.Addr) string {
	plain := ip.WithZone("").Unmap()
	for _, p := range c.AllowPrivate {
		if p.Contains(plain) {
			return ""
		}
	}
	return addressRefusal(ip)
}
