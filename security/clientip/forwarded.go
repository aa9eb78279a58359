package clientip

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// parseForwarded reads one Forwarded field line (RFC 7239 section 4) and
// returns the "for" value of each element, left to right ("" for an
// element without one). Pair names are case-insensitive and may not
// repeat within an element; values are tokens or quoted strings.
// Whitespace is allowed around ',' and ';', as proxies write it.
func parseForwarded(line string) ([]string, error) {
	var fors []string
	p := forwardedParser{s: line}
	for {
		p.skipSpace()
		if p.done() {
			return fors, nil
		}
		if p.peek() == ',' { // an empty list element
			p.i++
			continue
		}
		forValue, err := p.element()
		if err != nil {
			return nil, err
		}
		fors = append(fors, forValue)
	}
}

type forwardedParser struct {
	s string
	i int
}

func (p *forwardedParser) done() bool { return p.i >= len(p.s) }
func (p *forwardedParser) peek() byte { return p.s[p.i] }

func (p *forwardedParser) skipSpace() {
	for !p.done() && (p.peek() == ' ' || p.peek() == '\t') {
		p.i++
	}
}

// element reads pairs up to the next ',' (consumed) or the end. An
// empty pair is allowed: "for=a;;proto=http".
func (p *forwardedParser) element() (string, error) {
	seen := map[string]bool{}
	forValue := ""
	for {
		p.skipSpace()
		if !p.done() && p.peek() != ',' && p.peek() != ';' {
			name, value, err := p.pair()
			if err != nil {
				return "", err
			}
			if seen[name] {
				return "", fmt.Errorf("Forwarded: %q appears twice in one element", name)
			}
			seen[name] = true
			if name == "for" {
				forValue = value
			}
			p.skipSpace()
		}
		switch {
		case p.done():
			return forValue, nil
		case p.peek() == ',':
			p.i++
			return forValue, nil
		case p.peek() == ';':
			p.i++
		default:
			return "", fmt.Errorf("Forwarded: unexpected %q at byte %d", p.peek(), p.i)
		}
	}
}

func (p *forwardedParser) pair() (name, value string, err error) {
	name = p.token()
	if name == "" || p.done() || p.peek() != '=' {
		return "", "", fmt.Errorf("Forwarded: want token=value at byte %d", p.i)
	}
	p.i++
	if !p.done() && p.peek() == '"' {
		value, err = p.quoted()
	} else if value = p.token(); value == "" {
		err = fmt.Errorf("Forwarded: %s has no value", name)
	}
	return strings.ToLower(name), value, err
}

func (p *forwardedParser) token() string {
	start := p.i
	for !p.done() && isTokenChar(p.peek()) {
		p.i++
	}
	return p.s[start:p.i]
}

// quoted reads a quoted-string (RFC 9110 section 5.6.4) and returns it
// unescaped.
func (p *forwardedParser) quoted() (string, error) {
	var b strings.Builder
	for p.i++; !p.done(); p.i++ {
		c := p.peek()
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\\' && p.i+1 < len(p.s) && isQuotedPairChar(p.s[p.i+1]):
			p.i++
			b.WriteByte(p.s[p.i])
		case c == '\t' || c >= 0x20 && c != 0x7f && c != '\\':
			b.WriteByte(c)
		default:
			return "", fmt.Errorf("Forwarded: byte %#x not allowed in a quoted string", c)
		}
	}
	return "", errors.New("Forwarded: unterminated quoted string")
}

func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isQuotedPairChar(c byte) bool { return c == '\t' || c >= 0x20 && c != 0x7f }

// parseForwardedNode reads a "for" value (RFC 7239 section 6): an IPv4
// address or a bracketed IPv6 one, each with an optional port. "unknown",
// an obfuscated identifier ("_hidden") or anything malformed gives false:
// no address to go by.
func parseForwardedNode(v string) (netip.Addr, bool) {
	host, port := v, ""
	if strings.HasPrefix(v, "[") {
		end := strings.IndexByte(v, ']')
		if end < 0 {
			return netip.Addr{}, false
		}
		host, port = v[1:end], v[end+1:]
	} else if i := strings.IndexByte(v, ':'); i >= 0 {
		host, port = v[:i], v[i:]
	}
	if port != "" && !validNodePort(port) {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(host)
	if err != nil || a.Zone() != "" || a.Is4() == strings.HasPrefix(v, "[") {
		return netip.Addr{}, false // IPv6 must be bracketed, IPv4 must not
	}
	return normalizeAddr(a), true
}

// validNodePort is ":" followed by 1 to 5 digits or an obfuscated port
// ("_" and letters, digits, '.', '_', '-').
func validNodePort(p string) bool {
	p, ok := strings.CutPrefix(p, ":")
	if !ok || p == "" {
		return false
	}
	if p[0] == '_' {
		return strings.IndexFunc(p, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
		}) < 0
	}
	return len(p) <= 5 && strings.IndexFunc(p, func(r rune) bool { return r < '0' || r > '9' }) < 0
}
