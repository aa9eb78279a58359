package netguard

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// maxHostLength is the longest DNS name (RFC 1035).
const maxHostLength = 253

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// asciiName is host lower-cased, IDNA-converted when not ASCII, without
// its trailing dot, and checked for characters and label lengths.
func asciiName(host string) (string, error) {
	name := host
	if !isASCII(name) {
		if !utf8.ValidString(name) {
			return "", errorf("host is not valid UTF-8")
		}
		converted, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return "", errorf("host %q is not a valid international domain name: %v", capText(host, 80), err)
		}
		name = converted
	}
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	if name == "" || len(name) > maxHostLength {
		return "", errorf("host %q is empty or longer than %d characters", capText(host, 80), maxHostLength)
	}
	for label := range strings.SplitSeq(name, ".") {
		if err := checkLabel(host, label); err != nil {
			return "", err
		}
	}
	return name, nil
}

// checkLabel accepts letters, digits, '-' and '_' (seen in intranet
// names), 1 to 63 characters.
func checkLabel(host, label string) error {
	if label == "" || len(label) > 63 {
		return errorf("host %q has an empty label or one longer than 63 characters", capText(host, 80))
	}
	for _, r := range label {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return errorf("host %q has the character %q, which does not belong in a host name", capText(host, 80), r)
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// endsInNumber is the WHATWG URL standard's test for a host that browsers
// parse as an IPv4 address: its last label is all decimal digits, or 0x
// followed by hex digits. No real top-level domain looks like that.
func endsInNumber(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		return strings.Trim(last[2:], "0123456789abcdef") == ""
	}
	return strings.Trim(last, "0123456789") == ""
}
