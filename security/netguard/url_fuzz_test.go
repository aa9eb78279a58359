package netguard

import (
	"errors"
	"net/netip"
	"strconv"
	"testing"
)

// FuzzValidateURL checks what ValidateURL promises for any input: it never
// panics, refuses with ErrInvalidURL, and what it accepts is an http(s)
// URL with a canonical host (normalising again changes nothing), no
// user-info, no fragment, a port from 1 to 65535 that is not the default,
// no numeric IPv4 forms, and a literal address that CheckURL refuses
// exactly when it is not public. Seeds: testdata/fuzz/FuzzValidateURL.
func FuzzValidateURL(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ValidateURL(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidURL) {
				t.Fatalf("ValidateURL(%q) error %v does not wrap ErrInvalidURL", raw, err)
			}
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.User != nil || u.Host == "" || u.Opaque != "" || u.Fragment != "" {
			t.Fatalf("ValidateURL(%q) accepted %#v", raw, u)
		}
		host := u.Hostname()
		if again, err := NormalizeHost(host); err != nil || again != host {
			t.Fatalf("host %q of %q normalises again to %q, %v", host, raw, again, err)
		}
		if _, err := netip.ParseAddr(host); err != nil && endsInNumber(host) {
			t.Fatalf("ValidateURL(%q) accepted the numeric host %q", raw, host)
		}
		checkPort(t, raw, u.Scheme, u.Port())
		again, err := ValidateURL(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("ValidateURL(%q) = %q, which validates to %v, %v", raw, u, again, err)
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			_, checkErr := Config{}.CheckURL(u.String())
			if IsPublic(ip) != (checkErr == nil) {
				t.Fatalf("CheckURL(%q) = %v for an address with IsPublic %v", u, checkErr, IsPublic(ip))
			}
		}
	})
}

func checkPort(t *testing.T, raw, scheme, port string) {
	t.Helper()
	if port == "" {
		return
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port ||
		(scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
		t.Fatalf("ValidateURL(%q) kept the port %q", raw, port)
	}
}
