//go:build !unix

package probe

import (
	"os"
	"os/exec"
)

// ownProcessGroup does nothing here: without Unix process groups only
// ffprobe itself is killed on timeout (ffprobe starts no children).
func ownProcessGroup(*exec.Cmd) {}

// killProcessGroup kills the command's process.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// exitSignal is always "" where processes are not killed by signals.
func exitSignal(*os.ProcessState) string { return "" }
