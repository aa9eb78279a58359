//go:build !lean

package cmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/term"

	"github.com/ffprobe-api/ffprobe-api/security"
)

// newPasswordHash reads a new password (a prompt without echo on a
// terminal, or one line of stdin with --password-stdin), applies the
// password policy and returns its argon2id hash.
func newPasswordHash(ctx context.Context, a *app, fromStdin bool) (string, error) {
	password, err := readNewPassword(a, fromStdin)
	if err != nil {
		return "", err
	}
	if err := security.CheckPassword(password); err != nil {
		return "", withExitCode(ExitTrouble, err)
	}
	h, err := security.NewPasswordHasher(security.DefaultArgon2Params(), 1)
	if err != nil {
		return "", withExitCode(ExitTrouble, err)
	}
	hash, err := h.Hash(ctx, password)
	if err != nil {
		return "", withExitCode(ExitTrouble, err)
	}
	return hash, nil
}

func readNewPassword(a *app, fromStdin bool) (string, error) {
	if fromStdin {
		return readPasswordLine(a.streams.In)
	}
	f, ok := a.streams.In.(interface{ Fd() uintptr })
	if !a.streams.InTTY || !ok {
		return "", usageErrorf("stdin is not a terminal, so the password cannot be asked for: pipe it in as one line with --password-stdin")
	}
	first, err := promptPassword(a, int(f.Fd()), "New password: ")
	if err != nil {
		return "", err
	}
	if err := security.CheckPassword(first); err != nil {
		return "", withExitCode(ExitTrouble, err)
	}
	again, err := promptPassword(a, int(f.Fd()), "The same again: ")
	if err != nil {
		return "", err
	}
	if again != first {
		return "", withExitCode(ExitTrouble, errors.New("the two passwords differ; nothing was changed"))
	}
	return first, nil
}

func promptPassword(a *app, fd int, prompt string) (string, error) {
	fmt.Fprint(a.streams.ErrOut, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(a.streams.ErrOut)
	if err != nil {
		return "", withExitCode(ExitTrouble, fmt.Errorf("reading the password: %w", err))
	}
	return string(b), nil
}

// readPasswordLine reads the first line of r, without its line ending,
// reading no more than a password may hold.
func readPasswordLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, security.MaxPasswordBytes+3)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", withExitCode(ExitTrouble, fmt.Errorf("reading the password from stdin: %w", err))
	}
	if !strings.HasSuffix(line, "\n") && len(line) > security.MaxPasswordBytes {
		return "", withExitCode(ExitTrouble, fmt.Errorf("%w: the first line of stdin is longer than %d bytes", security.ErrPasswordTooLong, security.MaxPasswordBytes))
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", withExitCode(ExitTrouble, errors.New("--password-stdin: stdin holds no password (give it as the first line)"))
	}
	return line, nil
}
