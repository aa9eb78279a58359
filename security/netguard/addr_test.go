package netguard

import (
	"net/netip"
	"strings"
	"testing"
)

func TestIsPublic(t *testing.T) {
	tests := []struct {
		name   string
		ip     string
		public bool
		reason string // part of the refusal reason
	}{
		{"public IPv4", "93.184.216.34", true, ""},
		{"public IPv6", "2606:2800:220:1:248:1893:25c8:1946", true, ""},
		{"IPv4-mapped public", "::ffff:93.184.216.34", true, ""},
		{"loopback", "127.0.0.1", false, "loopback"},
		{"loopback elsewhere in 127/8", "127.255.0.9", false, "loopback"},
		{"IPv6 loopback", "::1", false, "loopback"},
		{"unspecified IPv4", "0.0.0.0", false, "this network"},
		{"unspecified IPv6", "::", false, "unspecified"},
		{"RFC 1918 10/8", "10.0.0.1", false, "private"},
		{"RFC 1918 172.16/12", "172.31.255.255", false, "private"},
		{"RFC 1918 192.168/16", "192.168.1.1", false, "private"},
		{"cloud metadata", "169.254.169.254", false, "link-local"},
		{"CGNAT", "100.64.0.1", false, "carrier-grade NAT"},
		{"CGNAT top", "100.127.255.254", false, "carrier-grade NAT"},
		{"just above CGNAT", "100.128.0.1", true, ""},
		{"multicast IPv4", "239.1.2.3", false, "multicast"},
		{"broadcast", "255.255.255.255", false, "reserved"},
		{"benchmarking", "198.18.0.1", false, "benchmarking"},
		{"documentation", "203.0.113.5", false, "documentation"},
		{"unique-local", "fd00::1", false, "unique-local"},
		{"IPv6 link-local", "fe80::1", false, "link-local"},
		{"IPv6 link-local with zone", "fe80::1%eth0", false, "link-local"},
		{"IPv6 multicast", "ff02::1", false, "multicast"},
		{"IPv4-mapped loopback", "::ffff:127.0.0.1", false, "loopback"},
		{"IPv4-mapped metadata", "::ffff:169.254.169.254", false, "link-local"},
		{"IPv4-compatible loopback", "::127.0.0.1", false, "IPv4-compatible"},
		{"NAT64 of loopback", "64:ff9b::7f00:1", false, "NAT64"},
		{"NAT64 of a public address", "64:ff9b::5db8:d822", false, "NAT64"},
		{"local-use NAT64", "64:ff9b:1::7f00:1", false, "NAT64"},
		{"6to4 of loopback", "2002:7f00:1::", false, "6to4"},
		{"Teredo", "2001:0:4136:e378:8000:63bf:3fff:fdd2", false, "Teredo"},
		{"IPv6 documentation", "2001:db8::1", false, "documentation"},
		{"outside global unicast", "4000::1", false, "outside global unicast"},
		{"discard-only", "100::1", false, "discard-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ip := netip.MustParseAddr(tt.ip)
			if got := IsPublic(ip); got != tt.public {
				t.Errorf("IsPublic(%s) = %v, want %v", tt.ip, got, tt.public)
			}
			if reason := addressRefusal(ip); !strings.Contains(reason, tt.reason) {
				t.Errorf("reason for %s = %q, want it to mention %q", tt.ip, reason, tt.reason)
			}
		})
	}
	if IsPublic(netip.Addr{}) {
		t.Error("the zero Addr is public")
	}
}

func TestAllowPrivate(t *testing.T) {
	cfg := Config{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}}
	tests := []struct {
		name    string
		ip      string
		allowed bool
	}{
		{"inside the IPv4 prefix", "127.0.0.1", true},
		{"mapped form inside the IPv4 prefix", "::ffff:127.0.0.1", true},
		{"inside the IPv6 prefix", "fd00::1", true},
		{"another private range", "10.0.0.1", false},
		{"metadata", "169.254.169.254", false},
		{"public", "93.184.216.34", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cfg.refusal(netip.MustParseAddr(tt.ip)) == ""; got != tt.allowed {
				t.Errorf("allowed(%s) = %v, want %v", tt.ip, got, tt.allowed)
			}
		})
	}
}
