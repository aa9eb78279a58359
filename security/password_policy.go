package security

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Password length limits. The minimum is in characters, as people count;
// the maximum is in bytes and bounds what one login may make the server
// hash.
const (
	MinPasswordChars = 12
	MaxPasswordBytes = 1024
)

// Errors of CheckPassword and PasswordHasher. Their messages are safe to
// show to the person choosing the password; they never contain it.
var (
	ErrPasswordTooShort = errors.New("password is too short")
	ErrPasswordTooLong  = errors.New("password is too long")
)

// CheckPassword applies the password policy to a new password: at least
// MinPasswordChars characters and at most MaxPasswordBytes bytes. Anything
// else is allowed (spaces, any script, pasted passphrases): length is what
// makes a password hard to guess, and rules about character classes only
// make people write passwords down.
func CheckPassword(password string) error {
	if n := utf8.RuneCountInString(password); n < MinPasswordChars {
		return fmt.Errorf("%w: it has %d characters; use at least %d (a passphrase of several words is easiest)", ErrPasswordTooShort, n, MinPasswordChars)
	}
	return checkPasswordSize(password)
}

// checkPasswordSize is the part of the policy that also applies when a
// password is verified: hashing a megabyte is a cheap way to burn CPU.
func checkPasswordSize(password string) error {
	if len(password) > MaxPasswordBytes {
		return fmt.Errorf("%w: it has %d bytes; the most is %d", ErrPasswordTooLong, len(password), MaxPasswordBytes)
	}
	return nil
}
