package netguard

import (
	"errors"
	"fmt"
	"net/netip"
)

var (
	// ErrInvalidURL: the URL is not one the guard fetches (scheme, host,
	// user-info, port). The message says what to change.
	ErrInvalidURL = errors.New("invalid remote URL")
	// ErrBlocked: the destination is not allowed. Every *BlockedError
	// matches it with errors.Is.
	ErrBlocked = errors.New("destination not allowed")
	// ErrTooManyRedirects: the origin redirected more than
	// Config.MaxRedirects times.
	ErrTooManyRedirects = errors.New("too many redirects")
)

// BlockedError is a connection the guard refused: to Host (as the URL
// named it) because of IP (zero when the host name itself is refused, by
// a host list or its form), for Reason ("loopback address", "host is on
// the deny list", …).
type BlockedError struct {
	Host   string
	IP     netip.Addr
	Reason string
}

func (e *BlockedError) Error() string {
	switch {
	case !e.IP.IsValid():
		return fmt.Sprintf("netguard: refused to connect to %s: %s", e.Host, e.Reason)
	case e.Host == "" || e.Host == e.IP.String():
		return fmt.Sprintf("netguard: refused to connect to %s: %s", e.IP, e.Reason)
	}
	return fmt.Sprintf("netguard: refused to connect to %s (%s): %s", e.Host, e.IP, e.Reason)
}

// Unwrap makes errors.Is(err, ErrBlocked) true.
func (e *BlockedError) Unwrap() error { return ErrBlocked }

// invalidURL is ErrInvalidURL with what is wrong and, when known, the URL
// shown without its user-info, query or fragment (which may hold secrets).
func invalidURL(shown, problem string) error {
	if shown == "" {
		return fmt.Errorf("netguard: %w: %s", ErrInvalidURL, problem)
	}
	return fmt.Errorf("netguard: %w %s: %s", ErrInvalidURL, shown, problem)
}
