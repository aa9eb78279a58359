//go:build !unix

package scan

import "testing"

// MakeFIFO skips the test: named pipes are a Unix thing.
func MakeFIFO(t testing.TB, path string) {
	t.Helper()
	t.Skip("named pipes need a Unix system")
}
