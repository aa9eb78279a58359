package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Root is a directory on the server whose files JSON requests may name:
// {"root": Name, "path": "relative/path"}.
type Root struct {
	Name string
	Dir  string
}

var rootName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ParseRoot reads a --root value: NAME=DIR, or a plain DIR named after its
// last element (/srv/media is "media").
func ParseRoot(spec string) (Root, error) {
	name, dir, named := strings.Cut(spec, "=")
	if !named {
		dir = spec
		name = filepath.Base(filepath.Clean(spec))
	}
	if dir == "" {
		return Root{}, fmt.Errorf("--root %q: no directory; want NAME=DIR or DIR", spec)
	}
	if !rootName.MatchString(name) {
		return Root{}, fmt.Errorf("--root %q: name %q must be letters, digits, '.', '_' or '-' (give one as NAME=DIR)", spec, name)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Root{}, fmt.Errorf("--root %q: %v", spec, err)
	}
	return Root{Name: name, Dir: abs}, nil
}

// checkRoots lists the problems of a set of roots: duplicate names and
// directories that are missing.
func checkRoots(roots []Root) []string {
	var problems []string
	seen := map[string]bool{}
	for _, r := range roots {
		if seen[r.Name] {
			problems = append(problems, fmt.Sprintf("--root: the name %q is used twice; name them NAME=DIR", r.Name))
		}
		seen[r.Name] = true
		st, err := os.Stat(r.Dir)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("--root %s=%s: %s", r.Name, r.Dir, describeFileError(err)))
		case !st.IsDir():
			problems = append(problems, fmt.Sprintf("--root %s=%s: not a directory", r.Name, r.Dir))
		}
	}
	return problems
}

// rootSet is the configured roots, each opened once as an *os.Root so that
// every file is opened relative to it: the kernel refuses "..", absolute
// paths and symlinks that leave the root, whatever races on the disk.
type rootSet struct {
	byName map[string]*os.Root
	only   string // the single root's name, "" when there are several or none
}

func openRoots(roots []Root) (*rootSet, error) {
	s := &rootSet{byName: map[string]*os.Root{}}
	for _, r := range roots {
		root, err := os.OpenRoot(r.Dir)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("--root %s=%s: %w", r.Name, r.Dir, err)
		}
		s.byName[r.Name] = root
	}
	if len(roots) == 1 {
		s.only = roots[0].Name
	}
	return s, nil
}

// Close releases the roots.
func (s *rootSet) Close() {
	for _, r := range s.byName {
		_ = r.Close()
	}
}

// rootedFile is a regular file opened under a root.
type rootedFile struct {
	*os.File
	Key  string // "root/relative/path": the public name, stored as the source key
	Size int64

	root *os.Root
	rel  string
}

// open opens rel under the named root ("" when only one is configured) and
// checks that it is a regular file. The messages name only what the client
// sent, never the directory behind a root.
func (s *rootSet) open(name, rel string) (*rootedFile, error) {
	root, name, err := s.lookup(name)
	if err != nil {
		return nil, err
	}
	if err := checkRelativePath(rel); err != nil {
		return nil, err
	}
	f, err := openUnder(root, rel)
	if err != nil {
		return nil, describeOpenError(name, rel, err)
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, wrapError(CodeInternal, err, "could not read %s under root %q", quoteField(rel), name)
	}
	if !st.Mode().IsRegular() {
		_ = f.Close()
		return nil, errorf(CodeInvalidPath, "path %s under root %q is not a regular file", quoteField(rel), name)
	}
	return &rootedFile{File: f, Key: name + "/" + filepath.ToSlash(rel), Size: st.Size(), root: root, rel: rel}, nil
}

func (s *rootSet) lookup(name string) (*os.Root, string, error) {
	if len(s.byName) == 0 {
		return nil, "", errorf(CodeInvalidPath, "this server has no roots configured; upload the file instead (multipart/form-data)")
	}
	if name == "" {
		if s.only == "" {
			return nil, "", errorf(CodeInvalidPath, "field \"root\" is required: this server has several roots")
		}
		name = s.only
	}
	root, ok := s.byName[name]
	if !ok {
		return nil, "", errorf(CodeInvalidPath, "root %q is not configured on this server", name)
	}
	return root, name, nil
}

// checkRelativePath refuses what must never name a file under a root,
// before the file system is asked: empty, absolute, "..", NUL.
func checkRelativePath(rel string) error {
	switch {
	case rel == "":
		return errorf(CodeInvalidPath, "field \"path\" is empty; give a path relative to the root")
	case strings.ContainsRune(rel, 0):
		return errorf(CodeInvalidPath, "path contains a NUL byte")
	case filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`):
		return errorf(CodeInvalidPath, "path %s is absolute; give a path relative to the root", quoteField(rel))
	}
	for _, part := range strings.FieldsFunc(rel, func(r rune) bool { return r == '/' || r == '\\' }) {
		if part == ".." {
			return errorf(CodeInvalidPath, "path %s contains \"..\"; paths may not leave their root", quoteField(rel))
		}
	}
	if !filepath.IsLocal(rel) {
		return errorf(CodeInvalidPath, "path %s is not a plain relative path", quoteField(rel))
	}
	return nil
}

func describeOpenError(root, rel string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return wrapError(CodeNotFound, err, "no file %s under root %q", quoteField(rel), root)
	case errors.Is(err, fs.ErrPermission):
		return wrapError(CodeForbidden, err, "the server may not read %s under root %q", quoteField(rel), root)
	case strings.Contains(err.Error(), "escapes"):
		return wrapError(CodeInvalidPath, err, "path %s leaves root %q (through a symbolic link)", quoteField(rel), root)
	}
	return wrapError(CodeInvalidPath, err, "path %s under root %q cannot be opened", quoteField(rel), root)
}
