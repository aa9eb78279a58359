//go:build lean && unix

package cmd

import (
	"os"
	"syscall"
)

// runFull replaces this process with the complete binary; it returns only
// when that could not be done.
func runFull(full string, args []string) (int, error) {
	return 0, syscall.Exec(full, append([]string{full}, args...), os.Environ())
}
