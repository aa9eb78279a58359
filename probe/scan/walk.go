package scan

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"
)

// Entry is a file the walk found and a scan probes.
type Entry struct {
	// Path is the file as shown to the user: the root as given, joined
	// with the path below it.
	Path string
	// Abs is the absolute path: what ffprobe reads and the cache's key.
	Abs     string
	Size    int64
	ModTime time.Time
}

// walkVisitor receives what a walk finds, in directory order, one call at
// a time.
type walkVisitor interface {
	file(e Entry)
	skipped(path string, reason SkipReason)
	// unreadable is an entry the walk could not read or that cannot be
	// probed (a dangling symlink, a named pipe with a media name).
	unreadable(path string, err error)
}

type walker struct {
	filter *compiledFilter
	visit  walkVisitor
	// With FollowSymlinks, the real paths of the directories entered and of
	// the files listed, so that a loop ends and nothing is listed twice.
	seenDirs  map[string]bool
	seenFiles map[string]bool
}

// walk lists the files under roots. A root that is a file is listed
// whatever the filter says (it was asked for by name); a root that is a
// symlink is followed. It stops early when ctx is done.
func (w *walker) walk(ctx context.Context, roots []string) {
	w.seenDirs, w.seenFiles = map[string]bool{}, map[string]bool{}
	for _, root := range roots {
		if ctx.Err() != nil {
			return
		}
		abs, err := filepath.Abs(root)
		if err != nil {
			w.visit.unreadable(root, err)
			continue
		}
		fi, err := os.Stat(abs)
		switch {
		case err != nil:
			w.visit.unreadable(root, describeFSError(err))
		case fi.IsDir():
			w.dir(ctx, root, abs, ".")
		case fi.Mode().IsRegular():
			w.listFile(root, abs, fi)
		default:
			w.visit.unreadable(root, notRegular(fi.Mode()))
		}
	}
}

// dir walks one directory: shown is its path as the user sees it, abs its
// absolute path, rel its slash-separated path below the root.
func (w *walker) dir(ctx context.Context, shown, abs, rel string) {
	if ctx.Err() != nil || !w.enterOnce(abs) {
		return
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		w.visit.unreadable(shown, describeFSError(err))
		// ReadDir returns what it read before the error; go on with that.
	}
	for _, e := range entries {
		name := e.Name()
		childShown, childAbs, childRel := filepath.Join(shown, name), filepath.Join(abs, name), path.Join(rel, name)
		switch t := e.Type(); {
		case t&fs.ModeSymlink != 0:
			w.symlink(ctx, childShown, childAbs, childRel)
		case t.IsDir():
			if !w.filter.prunes(childRel) {
				w.dir(ctx, childShown, childAbs, childRel)
			}
		case t.IsRegular():
			w.regular(childShown, childAbs, childRel, e)
		default:
			w.special(childShown, childRel, t)
		}
	}
}

func (w *walker) symlink(ctx context.Context, shown, abs, rel string) {
	if !w.filter.followSymlinks {
		w.visit.skipped(shown, SkipSymlink)
		return
	}
	fi, err := os.Stat(abs)
	switch {
	case err != nil && errors.Is(err, fs.ErrNotExist):
		w.visit.unreadable(shown, errors.New("dangling symlink: its target does not exist"))
	case err != nil:
		w.visit.unreadable(shown, describeFSError(err))
	case fi.IsDir():
		if !w.filter.prunes(rel) {
			w.dir(ctx, shown, abs, rel)
		}
	case fi.Mode().IsRegular():
		if reason := w.filter.skipReason(rel); reason != "" {
			w.visit.skipped(shown, reason)
			return
		}
		w.listFile(shown, abs, fi)
	default:
		w.special(shown, rel, fi.Mode().Type())
	}
}

func (w *walker) regular(shown, abs, rel string, e fs.DirEntry) {
	if reason := w.filter.skipReason(rel); reason != "" {
		w.visit.skipped(shown, reason)
		return
	}
	fi, err := e.Info()
	if err != nil {
		w.visit.unreadable(shown, describeFSError(err))
		return
	}
	w.listFile(shown, abs, fi)
}

// special is a named pipe, socket or device: never opened (a pipe would
// block ffprobe), reported when its name says media.
func (w *walker) special(shown, rel string, mode fs.FileMode) {
	if reason := w.filter.skipReason(rel); reason != "" {
		w.visit.skipped(shown, reason)
		return
	}
	w.visit.unreadable(shown, notRegular(mode))
}

func (w *walker) listFile(shown, abs string, fi fs.FileInfo) {
	if w.filter.followSymlinks {
		real, err := filepath.EvalSymlinks(abs)
		if err == nil && w.seenFiles[real] {
			w.visit.skipped(shown, SkipDuplicate)
			return
		}
		w.seenFiles[real] = true
	}
	w.visit.file(Entry{Path: shown, Abs: abs, Size: fi.Size(), ModTime: fi.ModTime()})
}

// enterOnce reports whether the directory should be walked: always
// without FollowSymlinks (no loop is possible), else the first time its
// real path is met.
func (w *walker) enterOnce(abs string) bool {
	if !w.filter.followSymlinks {
		return true
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		real = abs
	}
	if w.seenDirs[real] {
		return false
	}
	w.seenDirs[real] = true
	return true
}

func notRegular(mode fs.FileMode) error {
	kind := "special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case mode&fs.ModeSocket != 0:
		kind = "socket"
	case mode&fs.ModeDevice != 0:
		kind = "device"
	}
	return fmt.Errorf("not a regular file (a %s); not probed", kind)
}

// describeFSError is a file system error without the path (the caller
// names the entry).
func describeFSError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or directory")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
