package server

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRootPath: whatever path a JSON request names, the root yields one of
// its own files or an *Error whose message does not name the server's
// directories; never a file outside the root, through "..", an absolute
// path, a NUL, or a symbolic link (to a file or a directory) that leaves
// it. Seeds are below and in testdata/fuzz/FuzzRootPath.
func FuzzRootPath(f *testing.F) {
	for _, seed := range []string{
		"ok.mp4", "sub/in.mp4", "./ok.mp4", "sub/../ok.mp4", "sub//in.mp4",
		"../secret.txt", "a/../../secret.txt", "/etc/passwd", "link-out.mp4", "sub/up/root/ok.mp4",
		"..", ".", "", "ok.mp4\x00", "sub", "fifo.mp4",
	} {
		f.Add(seed)
	}
	base := f.TempDir()
	dir := filepath.Join(base, "root")
	for name, content := range map[string]string{"root/ok.mp4": "INSIDE", "root/sub/in.mp4": "INSIDE", "secret.txt": "SECRET"} {
		path := filepath.Join(base, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	for link, target := range map[string]string{"root/link-out.mp4": "../secret.txt", "root/sub/up": "../.."} {
		if err := os.Symlink(target, filepath.Join(base, link)); err != nil {
			f.Fatal(err)
		}
	}
	roots, err := openRoots([]Root{{Name: "media", Dir: dir}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(roots.Close)
	f.Fuzz(func(t *testing.T, rel string) {
		file, err := roots.open("media", rel)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("open(%q) = %v, not an *Error with a message", rel, err)
			}
			if strings.Contains(e.Message, base) {
				t.Fatalf("open(%q): the message names the server's directory: %s", rel, e.Message)
			}
			return
		}
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, 64))
		if err != nil || string(data) != "INSIDE" {
			t.Fatalf("open(%q) gave %q (%v): a file outside the root", rel, data, err)
		}
		if !strings.HasPrefix(file.Key, "media/") || strings.Contains(file.Key, base) {
			t.Fatalf("open(%q): key %q", rel, file.Key)
		}
	})
}
