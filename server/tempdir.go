package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// uploadPrefix starts the name of every file the server writes into its
// temporary directory; the sweep at start removes only those, so that a
// --temp-dir shared with other programs loses nothing of theirs.
const uploadPrefix = "ffprobe-api-upload-"

// tempDir is the server's folder for uploads in progress.
type tempDir struct {
	dir string
}

// prepareTempDir creates the directory (private to the server's user) and
// removes the uploads a crash left behind. It returns how many it removed.
func prepareTempDir(dir string) (tempDir, int, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tempDir{}, 0, fmt.Errorf("temporary directory %s: %w", dir, err)
	}
	t := tempDir{dir: dir}
	n, err := t.sweep()
	return t, n, err
}

// sweep removes every leftover upload file.
func (t tempDir) sweep() (int, error) {
	entries, err := os.ReadDir(t.dir)
	if err != nil {
		return 0, fmt.Errorf("temporary directory %s: %w", t.dir, err)
	}
	removed := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), uploadPrefix) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(t.dir, e.Name())); err == nil {
			removed++
		}
	}
	return removed, nil
}

// create makes a new, private upload file.
func (t tempDir) create() (*os.File, error) {
	return os.CreateTemp(t.dir, uploadPrefix+"*")
}

// free is the free space of the directory's file system in bytes, -1 when
// the platform cannot tell.
func (t tempDir) free() int64 { return freeBytes(t.dir) }
