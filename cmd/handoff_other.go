//go:build lean && !unix

package cmd

import (
	"errors"
	"os"
	"os/exec"
)

// runFull runs the complete binary as a child with this process's
// standard streams and returns its exit code (Windows has no exec(2)).
func runFull(full string, args []string) (int, error) {
	cmd := exec.Command(full, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode(), nil
	}
	return 0, err
}
