package security

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxUsernameChars is the longest username, in characters.
const MaxUsernameChars = 64

// ErrBadUsername is what CheckUsername returns, wrapped with the reason.
var ErrBadUsername = errors.New("bad username")

// CheckUsername applies the rules for a new username (surrounding spaces
// aside, which the store trims): 1 to 64 characters of valid UTF-8,
// printable, without spaces. Usernames appear in tables, logs and audit
// events, where a newline or a control character could forge a line.
func CheckUsername(name string) error {
	name = strings.TrimSpace(name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return fmt.Errorf("%w: it is empty", ErrBadUsername)
	case n > MaxUsernameChars:
		return fmt.Errorf("%w: it has %d characters; the most is %d", ErrBadUsername, n, MaxUsernameChars)
	case !utf8.ValidString(name):
		return fmt.Errorf("%w: it is not valid UTF-8", ErrBadUsername)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return fmt.Errorf("%w: %q is not allowed (no spaces or control characters)", ErrBadUsername, r)
		}
	}
	return nil
}
