//go:build !linux

package server

import (
	"fmt"
	"os"
	"path/filepath"
)

func openUnder(root *os.Root, rel string) (*os.File, error) {
	return root.OpenFile(rel, os.O_RDONLY, 0)
}

// probePath, without /proc, is the file's path under the root's directory,
// re-verified to be the very file opened through the root. A swap on the
// disk between this check and ffprobe's open is possible here, unlike on
// Linux; only someone who can write inside the root could make one.
func (f *rootedFile) probePath() (string, error) {
	path := filepath.Join(f.root.Name(), f.rel)
	opened, err := f.Stat()
	if err != nil {
		return "", err
	}
	onDisk, err := os.Stat(path)
	if err != nil || !os.SameFile(opened, onDisk) {
		return "", fmt.Errorf("%s changed while it was being opened", f.rel)
	}
	return path, nil
}
