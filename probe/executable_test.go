package probe

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// writeExecutable writes an executable (a fake ffprobe, a copy of the real
// one) and returns once it can be run. While the file is open for
// writing, a process that another test forks at that moment inherits the
// descriptor until it execs (https://go.dev/issue/22315), and running the
// file meanwhile fails with ETXTBSY, "text file busy". The descriptor
// closes at that exec, so running the file once with -version, until it
// is not busy, makes every later run safe.
func writeExecutable(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o755); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		err := exec.Command(path, "-version").Run()
		if !errors.Is(err, syscall.ETXTBSY) {
			return // it ran; its exit status is the test's business
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s stayed busy for 10 s: %v", path, err)
		}
	}
}
