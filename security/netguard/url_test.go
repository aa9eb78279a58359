package netguard

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestValidateURL(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		want    string // the normalised URL
		problem string // part of the error, when refused
	}{
		{"plain https", "https://media.example.com/a/b.mp4?sig=x", "https://media.example.com/a/b.mp4?sig=x", ""},
		{"upper-case scheme and host", "HTTPS://Media.Example.COM/x", "https://media.example.com/x", ""},
		{"trailing dot", "http://example.com./x", "http://example.com/x", ""},
		{"default port dropped", "https://example.com:443/x", "https://example.com/x", ""},
		{"port without leading zeros", "http://example.com:08080/x", "http://example.com:8080/x", ""},
		{"fragment dropped", "http://example.com/x#frag", "http://example.com/x", ""},
		{"international name", "http://bücher.example/x", "http://xn--bcher-kva.example/x", ""},
		{"full-width dots and digits", "http://１２７．０．０．１/", "http://127.0.0.1/", ""},
		{"IPv6 literal", "http://[2606:2800:220:1::1]:8080/", "http://[2606:2800:220:1::1]:8080/", ""},
		{"IPv6 literal in long form", "http://[0:0:0:0:0:0:0:1]/", "http://[::1]/", ""},
		{"user-info", "http://a@127.0.0.1/", "", "user-info"},
		{"user-info that looks like a host", "http://example.com@127.0.0.1/", "", "user-info"},
		{"user and password", "http://u:p@example.com/", "", "user-info"},
		{"backslash before @", `http://127.0.0.1\@example.com/`, "", "does not parse"},
		{"file", "file:///etc/passwd", "", `scheme "file"`},
		{"gopher", "gopher://127.0.0.1:6379/_INFO", "", `scheme "gopher"`},
		{"ftp", "ftp://example.com/x", "", `scheme "ftp"`},
		{"data", "data:text/plain,hello", "", `scheme "data"`},
		{"no scheme", "//example.com/x", "", "no scheme"},
		{"opaque", "http:example.com", "", "no host"},
		{"no host", "http:///x", "", "no host"},
		{"port 0", "http://example.com:0/", "", "port"},
		{"port too large", "http://example.com:65536/", "", "port"},
		{"empty port", "http://example.com:/", "", "port"},
		{"decimal IPv4", "http://2130706433/", "", "numeric form"},
		{"hex IPv4", "http://0x7f000001/", "", "numeric form"},
		{"octal IPv4", "http://0177.0.0.1/", "", "numeric form"},
		{"short IPv4", "http://127.1/", "", "numeric form"},
		{"mixed hex IPv4", "http://0x7f.0.0.1/", "", "numeric form"},
		{"zone", "http://[fe80::1%25eth0]/", "", "zone"},
		{"empty label", "http://a..example.com/", "", "empty label"},
		{"underscore is allowed", "http://my_host.example/", "http://my_host.example/", ""},
		{"too long", "http://example.com/" + strings.Repeat("a", maxURLLength), "", "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ValidateURL(tt.raw)
			if tt.problem != "" {
				if !errors.Is(err, ErrInvalidURL) || !strings.Contains(err.Error(), tt.problem) {
					t.Fatalf("ValidateURL(%q) = %v, %v; want ErrInvalidURL mentioning %q", tt.raw, u, err, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatalf("ValidateURL(%q): %v", tt.raw, err)
			}
			if u.String() != tt.want {
				t.Errorf("ValidateURL(%q) = %s, want %s", tt.raw, u, tt.want)
			}
		})
	}
}

func TestValidateURLKeepsSecretsOutOfMessages(t *testing.T) {
	for _, raw := range []string{
		"http://user:hunter2@example.com/x?sig=s3cret",
		"ftp://example.com/x?sig=s3cret",
		"http://2130706433/?sig=s3cret",
	} {
		_, err := ValidateURL(raw)
		if err == nil {
			t.Fatalf("ValidateURL(%q) accepted it", raw)
		}
		if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error for %q shows a secret: %v", raw, err)
		}
	}
}

func TestCheckURL(t *testing.T) {
	cfg := Config{
		AllowHosts: []string{"media.example.com", "*.cdn.example", "93.184.216.34", "127.0.0.1", "localhost", "10.0.0.1"},
		DenyHosts:  []string{"bad.cdn.example"},
		// localhost stands for 127.0.0.1 and ::1; both must be allowed.
		AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
	}
	tests := []struct {
		name   string
		raw    string
		reason string // empty when allowed
	}{
		{"allowed name", "https://media.example.com/x", ""},
		{"allowed name with trailing dot and capitals", "https://MEDIA.example.com./x", ""},
		{"allowed subdomain", "https://eu.cdn.example/x", ""},
		{"wildcard does not match the domain itself", "https://cdn.example/x", "not on the allow list"},
		{"denied beats allowed", "https://bad.cdn.example/x", "deny list"},
		{"not listed", "https://other.example.org/x", "not on the allow list"},
		{"lookalike suffix", "https://evilcdn.example/x", "not on the allow list"},
		{"allowed public address", "http://93.184.216.34/x", ""},
		{"loopback inside AllowPrivate", "http://127.0.0.1:8080/x", ""},
		{"localhost inside AllowPrivate", "http://localhost:8080/x", ""},
		{"listed but private", "http://10.0.0.1/x", "private"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cfg.CheckURL(tt.raw)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("CheckURL(%q): %v", tt.raw, err)
				}
				return
			}
			var blocked *BlockedError
			if !errors.As(err, &blocked) || !errors.Is(err, ErrBlocked) || !strings.Contains(blocked.Reason, tt.reason) {
				t.Fatalf("CheckURL(%q) = %v, want a *BlockedError for %q", tt.raw, err, tt.reason)
			}
		})
	}
}

func TestCheckURLRefusesLocalAddressesByDefault(t *testing.T) {
	for _, raw := range []string{
		"http://127.0.0.1/", "http://localhost/", "http://LOCALHOST./", "http://db.localhost/",
		"http://[::1]/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/latest/meta-data/",
		"http://100.64.0.1/", "http://10.0.0.1/", "http://[fd00::1]/", "http://[2002:7f00:1::]/",
		"http://[64:ff9b::7f00:1]/", "http://127.0.0.1#@example.com/", "http://１２７．０．０．１/",
	} {
		if _, err := (Config{}).CheckURL(raw); !errors.Is(err, ErrBlocked) {
			t.Errorf("CheckURL(%q) = %v, want ErrBlocked", raw, err)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	bad := Config{
		AllowHosts:   []string{"*.127.0.0.1", "exa mple.com"},
		DenyHosts:    []string{"0x7f000001"},
		AllowPrivate: []netip.Prefix{{}, netip.MustParsePrefix("::ffff:127.0.0.0/104")},
		MaxRedirects: -2,
		DialTimeout:  -1,
	}
	err := bad.Validate()
	if err == nil {
		t.Fatal("Validate accepted a bad config")
	}
	for _, want := range []string{"*.127.0.0.1", "exa mple.com", "0x7f000001", "not a valid prefix", "IPv4 prefix", "max_redirects", "negative"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error does not mention %q: %v", want, err)
		}
	}
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("the zero Config is invalid: %v", err)
	}
}
