//go:build unix

package scan

import (
	"syscall"
	"testing"
)

// MakeFIFO makes a named pipe at path, for tests of entries that must not
// be opened.
func MakeFIFO(t testing.TB, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}
