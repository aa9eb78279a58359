package cmd

import (
	"errors"
	"fmt"
)

// Exit codes of every command, as documented in ARCHITECTURE.md and the README.
const (
	ExitOK      = 0 // everything analysed and every check passed
	ExitFailed  = 1 // a check failed: a policy violation, differences
	ExitTrouble = 2 // usage, configuration, or an input that could not be analysed
)

const exitCodesHelp = `Exit codes:
  0  everything analysed and every check passed
  1  a check failed (policy violation, differences)
  2  trouble: usage, configuration, or an input that could not be analysed (wins over 1)`

// exitError carries an exit code out of a command. A nil err means the
// command already reported its problems and only the code remains.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withExitCode returns an error that makes the process exit with code.
func withExitCode(code int, err error) error { return &exitError{code: code, err: err} }

// silentExit makes the process exit with code without printing anything more.
func silentExit(code int) error { return &exitError{code: code} }

// usageError marks a mistake in how the command was called.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// exitCodeOf maps a command's error to the process exit code.
func exitCodeOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitTrouble
}
