package server

import (
	"fmt"
	"os"
	"syscall"
)

// openUnder opens rel for reading without blocking on a FIFO or a device
// (O_NONBLOCK, O_NOCTTY); the caller checks that it is a regular file.
func openUnder(root *os.Root, rel string) (*os.File, error) {
	return root.OpenFile(rel, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}

// probePath is the name ffprobe opens for a file the server opened under a
// root: /proc/<our pid>/fd/<n>, which reopens exactly the inode checked,
// so that nothing swapped on the disk in between can redirect ffprobe.
// ffprobe, a child of the same user, may open it; it needs no inherited fd.
func (f *rootedFile) probePath() (string, error) {
	return fmt.Sprintf("/proc/%d/fd/%d", os.Getpid(), f.Fd()), nil
}
