package server

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestParseRoot(t *testing.T) {
	tests := []struct {
		spec     string
		wantName string
		wantDir  string
		wantErr  bool
	}{
		{"media=/srv/media", "media", "/srv/media", false},
		{"/srv/archive", "archive", "/srv/archive", false},
		{"/srv/archive/", "archive", "/srv/archive", false},
		{"a.b_c-d=/x", "a.b_c-d", "/x", false},
		{"bad name=/x", "", "", true},
		{"=/x", "", "", true},
		{"media=", "", "", true},
		{"/", "", "", true}, // its base is "/", not a name
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			r, err := ParseRoot(tt.spec)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseRoot(%q) error = %v, want error %v", tt.spec, err, tt.wantErr)
			}
			if !tt.wantErr && (r.Name != tt.wantName || r.Dir != tt.wantDir) {
				t.Errorf("ParseRoot(%q) = %+v, want %s=%s", tt.spec, r, tt.wantName, tt.wantDir)
			}
		})
	}
}

// rootFixture is a root directory with a file, a subdirectory, symlinks
// in and out, a FIFO, and a secret beside the root.
func rootFixture(t *testing.T) (*rootSet, string) {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "media")
	must(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "sub", "clip.mp4"), []byte("0123456789"), 0o644))
	must(t, os.WriteFile(filepath.Join(base, "secret.txt"), []byte("secret"), 0o644))
	must(t, os.Symlink("sub/clip.mp4", filepath.Join(dir, "inside-link.mp4")))
	must(t, os.Symlink("../secret.txt", filepath.Join(dir, "escape-link.mp4")))
	must(t, os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(dir, "abs-link.mp4")))
	must(t, syscall.Mkfifo(filepath.Join(dir, "fifo.mp4"), 0o644))
	s, err := openRoots([]Root{{Name: "media", Dir: dir}})
	must(t, err)
	t.Cleanup(s.Close)
	return s, dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestRootOpen(t *testing.T) {
	s, _ := rootFixture(t)
	tests := []struct {
		name     string
		root     string
		path     string
		wantCode Code // "" means it opens
		wantKey  string
	}{
		{"file", "media", "sub/clip.mp4", "", "media/sub/clip.mp4"},
		{"the only root by default", "", "sub/clip.mp4", "", "media/sub/clip.mp4"},
		{"symlink inside the root", "media", "inside-link.mp4", "", "media/inside-link.mp4"},
		{"dot-dot", "media", "../secret.txt", CodeInvalidPath, ""},
		{"dot-dot inside", "media", "sub/../sub/clip.mp4", CodeInvalidPath, ""},
		{"absolute", "media", "/etc/passwd", CodeInvalidPath, ""},
		{"backslash absolute", "media", `\etc\passwd`, CodeInvalidPath, ""},
		{"percent-encoded dots are a name", "media", "%2e%2e/secret.txt", CodeNotFound, ""},
		{"symlink escaping the root", "media", "escape-link.mp4", CodeInvalidPath, ""},
		{"absolute symlink", "media", "abs-link.mp4", CodeInvalidPath, ""},
		{"directory", "media", "sub", CodeInvalidPath, ""},
		{"missing", "media", "sub/none.mp4", CodeNotFound, ""},
		{"unknown root", "other", "sub/clip.mp4", CodeInvalidPath, ""},
		{"empty", "media", "", CodeInvalidPath, ""},
		{"NUL", "media", "sub/clip.mp4\x00.txt", CodeInvalidPath, ""},
		{"FIFO does not block", "media", "fifo.mp4", CodeInvalidPath, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan struct{})
			var f *rootedFile
			var err error
			go func() { f, err = s.open(tt.root, tt.path); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("open blocked")
			}
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("open(%q, %q) = %v", tt.root, tt.path, err)
				}
				defer f.Close()
				if f.Key != tt.wantKey || f.Size != 10 {
					t.Errorf("key, size = %q, %d; want %q, 10", f.Key, f.Size, tt.wantKey)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.wantCode {
				t.Fatalf("open(%q, %q) = %v, want code %s", tt.root, tt.path, err, tt.wantCode)
			}
		})
	}
}

func TestProbePathReopensTheOpenedFile(t *testing.T) {
	s, dir := rootFixture(t)
	f, err := s.open("media", "sub/clip.mp4")
	must(t, err)
	defer f.Close()
	path, err := f.probePath()
	must(t, err)
	// Replace the file on disk: the probe path must still reach the bytes
	// that were opened and checked, not the new file.
	must(t, os.Remove(filepath.Join(dir, "sub", "clip.mp4")))
	must(t, os.Symlink(filepath.Join(dir, "..", "secret.txt"), filepath.Join(dir, "sub", "clip.mp4")))
	got, err := os.ReadFile(path)
	must(t, err)
	if string(got) != "0123456789" {
		t.Errorf("probe path %s reads %q, want the opened file's bytes", path, got)
	}
}
