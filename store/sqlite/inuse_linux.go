package sqlite

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// SQLite's lock bytes (os_unix.c): a connection that has the database open
// in WAL mode holds a read lock on the shared range for as long as it is
// open, and the last one to close takes the whole range exclusively.
const (
	pendingByte = 0x40000000
	sharedFirst = pendingByte + 2
	sharedSize  = 510
)

// inUse reports whether any connection, in any process, has the database
// file open. It asks the kernel which lock would block an exclusive lock
// on SQLite's shared range; an open-file-description query (F_OFD_GETLK)
// sees locks of this process too.
//
// Closing the descriptor drops this process's POSIX locks on the file, so
// call it only on a database this process is about to replace.
func inUse(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: io.SeekStart, Start: sharedFirst, Len: sharedSize}
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, &lk); err != nil {
		return false, err
	}
	return lk.Type != unix.F_UNLCK, nil
}
