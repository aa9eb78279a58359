package netguard

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// maxURLLength bounds what ValidateURL parses.
const maxURLLength = 8192

// ValidateURL parses raw and returns it normalised, or an error wrapping
// ErrInvalidURL that says what is wrong. Accepted: http and https URLs
// with a host, without user-info ("name@"), with no port or a port from 1
// to 65535. The result has a canonical host (see NormalizeHost), no
// default port (":80" for http, ":443" for https), and no fragment; path
// and query are kept as given.
//
// ValidateURL looks at the URL only. Whether its host may be reached is
// decided by Config.CheckURL (host lists, literal addresses) and, for
// names, at dial time.
func ValidateURL(raw string) (*url.URL, error) {
	if len(raw) > maxURLLength {
		return nil, invalidURL("", "the URL is longer than "+strconv.Itoa(maxURLLength)+" bytes")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, invalidURL("", "it does not parse as a URL ("+parseProblem(err)+")")
	}
	shown := shownURL(u)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, invalidURL(shown, schemeProblem(u.Scheme))
	case u.Opaque != "":
		return nil, invalidURL(shown, `write it as scheme://host/path ("http:name" has no host)`)
	case u.User != nil:
		return nil, invalidURL(shown, "user-info (name@ or name:password@) is not allowed; send credentials in headers")
	case u.Host == "":
		return nil, invalidURL(shown, "the URL has no host")
	}
	host, err := NormalizeHost(u.Hostname())
	if err != nil {
		return nil, invalidURL(shown, err.Error())
	}
	port, err := normalizePort(u.Scheme, u.Port(), u.Host)
	if err != nil {
		return nil, invalidURL(shown, err.Error())
	}
	u.Host = joinHostPort(host, port)
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// parseProblem is url.Parse's complaint without the URL it quotes.
func parseProblem(err error) string {
	if uerr, ok := err.(*url.Error); ok {
		return uerr.Err.Error()
	}
	return err.Error()
}

func schemeProblem(scheme string) string {
	if scheme == "" {
		return "the URL has no scheme; write http:// or https://"
	}
	return "scheme " + strconv.Quote(scheme) + " is not allowed; only http and https URLs are fetched"
}

// normalizePort returns port as digits without leading zeros, or "" for
// none or the scheme's default port.
func normalizePort(scheme, port, hostport string) (string, error) {
	if port == "" {
		if strings.HasSuffix(hostport, ":") {
			return "", errorf("the port after ':' is empty")
		}
		return "", nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", errorf("port %q is not a number from 1 to 65535", port)
	}
	if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
		return "", nil
	}
	return strconv.Itoa(n), nil
}

func joinHostPort(host, port string) string {
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port == "" {
		return host
	}
	return host + ":" + port
}

// shownURL is u for messages: scheme, host and path, without user-info,
// query and fragment, which may hold secrets (presigned URLs sign their
// query).
func shownURL(u *url.URL) string {
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath, Opaque: u.Opaque}
	if len(shown.Opaque) > 0 {
		shown.Opaque = "…"
	}
	return capText(shown.String(), 200)
}

func capText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "…"
}

// NormalizeHost returns host (without brackets or port) in the one form
// the guard compares and dials: a canonical IP address, or a lower-case
// ASCII name without a trailing dot, international names converted to
// punycode (IDNA lookup rules, which also map full-width characters:
// "１２７．０．０．１" becomes "127.0.0.1"). Refused: IPv6 zones,
// non-canonical IPv4 forms (2130706433, 0x7f000001, 0177.0.0.1, 127.1 —
// any name whose last label is a number), empty labels and characters
// that do not belong in a host name.
func NormalizeHost(host string) (string, error) {
	if host == "" {
		return "", errorf("the URL has no host")
	}
	if strings.Contains(host, "%") {
		return "", errorf("host %q has a zone or an escape; write a plain name or address", capText(host, 80))
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.String(), nil
	}
	name, err := asciiName(host)
	if err != nil {
		return "", err
	}
	if ip, err := netip.ParseAddr(name); err == nil && ip.Is4() {
		return ip.String(), nil // IDNA mapping made a dotted quad of it
	}
	if endsInNumber(name) {
		return "", errorf("host %q is a numeric form of an IPv4 address; write the address as four decimal numbers (a.b.c.d)", capText(host, 80))
	}
	return name, nil
}
