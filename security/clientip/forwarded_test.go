package clientip

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestParseForwarded(t *testing.T) {
	tests := []struct {
		line    string
		want    []string
		wantErr bool
	}{
		{"for=192.0.2.60;proto=http;by=203.0.113.43", []string{"192.0.2.60"}, false},
		{`for="_gazonk"`, []string{"_gazonk"}, false},
		{`For="[2001:db8:cafe::17]:4711"`, []string{"[2001:db8:cafe::17]:4711"}, false},
		{"for=192.0.2.43, for=198.51.100.17", []string{"192.0.2.43", "198.51.100.17"}, false},
		{"proto=https", []string{""}, false},
		{`for="a\"b\\c"`, []string{`a"b\c`}, false},
		{`for="with, comma;and=semi"`, []string{"with, comma;and=semi"}, false},
		{"for=a;;proto=http", []string{"a"}, false},
		{", ,for=a,", []string{"a"}, false},
		{"", nil, false},
		{"for", nil, true},
		{"for=", nil, true},
		{"=a", nil, true},
		{`for="open`, nil, true},
		{"for=a b", nil, true},
		{"for=[::1]", nil, true},
		{"for=a;FOR=b", nil, true},
		{"for=\"ctl\x01\"", nil, true},
		{`for="dangling\`, nil, true},
	}
	for _, tt := range tests {
		got, err := parseForwarded(tt.line)
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("parseForwarded(%q) = %q, %v; want %q (error: %v)", tt.line, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseForwardedNode(t *testing.T) {
	tests := []struct {
		v    string
		want string // "" for no address
	}{
		{"192.0.2.60", "192.0.2.60"},
		{"192.0.2.60:4711", "192.0.2.60"},
		{"192.0.2.60:_port", "192.0.2.60"},
		{"[2001:db8::17]", "2001:db8::17"},
		{"[2001:db8::17]:4711", "2001:db8::17"},
		{"[::ffff:192.0.2.1]", "192.0.2.1"},
		{"unknown", ""},
		{"_hidden", ""},
		{"2001:db8::17", ""},
		{"[192.0.2.60]", ""},
		{"[2001:db8::17", ""},
		{"192.0.2.60:", ""},
		{"192.0.2.60:123456", ""},
		{"192.0.2.60:12ab", ""},
		{"192.0.2.60:_bad!", ""},
		{"[fe80::1%eth0]", ""},
		{"", ""},
	}
	for _, tt := range tests {
		a, ok := parseForwardedNode(tt.v)
		got := ""
		if ok {
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("parseForwardedNode(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// FuzzForwardedHeader feeds arbitrary Forwarded lines to the parser and
// the resolver. The seed corpus is in testdata/fuzz/FuzzForwardedHeader.
func FuzzForwardedHeader(f *testing.F) {
	for _, seed := range []string{
		"for=192.0.2.60;proto=http;by=203.0.113.43",
		`for="[2001:db8:cafe::17]:4711", for=10.0.0.1`,
		`for=unknown, for="_hidden:_port"`,
	} {
		f.Add(seed)
	}
	trusting, err := NewResolver(Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, Header: Forwarded})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fors, err := parseForwarded(line)
		h := http.Header{"Forwarded": {line}}

		// An untrusted peer is the client whatever the header says.
		if got := trusting.Resolve("203.0.113.5:1", h); got != netip.MustParseAddr("203.0.113.5") {
			t.Fatalf("untrusted peer resolved to %s by %q", got, line)
		}
		got := trusting.Resolve("10.0.0.1:1", h)
		peer := netip.MustParseAddr("10.0.0.1")
		if err != nil && got != peer {
			t.Fatalf("a line that does not parse (%v) gave %s, want the peer", err, got)
		}
		if got != peer && !slices.ContainsFunc(fors, func(v string) bool {
			a, ok := parseForwardedNode(v)
			return ok && a == got
		}) {
			t.Fatalf("resolved to %s, which no for= of %q names", got, line)
		}
		if err != nil {
			return
		}
		// What parsed re-serialises to the same values.
		again, err := parseForwarded(serializeFors(fors))
		if err != nil || !slices.Equal(again, fors) {
			t.Fatalf("round trip of %q: %q, %v; want %q", line, again, err, fors)
		}
	})
}

// serializeFors writes for values back as a Forwarded line.
func serializeFors(fors []string) string {
	elems := make([]string, len(fors))
	for i, v := range fors {
		if v != "" {
			elems[i] = `for="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
		} else {
			elems[i] = "proto=http"
		}
	}
	return strings.Join(elems, ", ")
}
