package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// recorder keeps what a walk found, as paths relative to the test's root.
type recorder struct {
	root     string
	files    []string
	skips    map[string]SkipReason
	problems map[string]string
}

func (r *recorder) rel(p string) string {
	rel, err := filepath.Rel(r.root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}

func (r *recorder) file(e Entry) {
	if !filepath.IsAbs(e.Abs) || e.Size != 1 || e.ModTime.IsZero() {
		r.problems[r.rel(e.Path)] = "listed with a bad entry"
	}
	r.files = append(r.files, r.rel(e.Path))
}
func (r *recorder) skipped(p string, reason SkipReason) { r.skips[r.rel(p)] = reason }
func (r *recorder) unreadable(p string, err error)      { r.problems[r.rel(p)] = err.Error() }

func walkTree(t *testing.T, root string, f Filter, roots ...string) *recorder {
	t.Helper()
	cf, err := f.compile()
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{root: root, skips: map[string]SkipReason{}, problems: map[string]string{}}
	if len(roots) == 0 {
		roots = []string{root}
	}
	(&walker{filter: cf, visit: rec}).walk(context.Background(), roots)
	return rec
}

// makeTree creates files (content "x") and folders below root; a name
// ending in / is a folder.
func makeTree(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(root, filepath.FromSlash(n))
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWalkFilters(t *testing.T) {
	tree := []string{
		"a.mp4", "B.MKV", "notes.txt", "-leading dash.mp4", "sp ace/clip one.mov",
		"ünïcødé/фильм.webm", "deep/er/still/x.flac", "cache/tmp.mp4", "deep/cache/y.mp4",
		"raw/no-extension", "raw/take.MP3",
	}
	cases := []struct {
		name   string
		filter Filter
		files  []string
		skips  map[string]SkipReason
	}{
		{
			name:   "default extensions, any case",
			filter: Filter{},
			files: []string{"-leading dash.mp4", "B.MKV", "a.mp4", "cache/tmp.mp4", "deep/cache/y.mp4",
				"deep/er/still/x.flac", "raw/take.MP3", "sp ace/clip one.mov", "ünïcødé/фильм.webm"},
			skips: map[string]SkipReason{"notes.txt": SkipExtension, "raw/no-extension": SkipExtension},
		},
		{
			name:   "all files",
			filter: Filter{AllFiles: true},
			files: []string{"-leading dash.mp4", "B.MKV", "a.mp4", "cache/tmp.mp4", "deep/cache/y.mp4",
				"deep/er/still/x.flac", "notes.txt", "raw/no-extension", "raw/take.MP3", "sp ace/clip one.mov", "ünïcødé/фильм.webm"},
		},
		{
			name:   "own extension list",
			filter: Filter{Extensions: []string{".FLAC", "mp3"}},
			files:  []string{"deep/er/still/x.flac", "raw/take.MP3"},
		},
		{
			name:   "exclude a folder name at any depth prunes it",
			filter: Filter{Exclude: []string{"cache"}},
			files: []string{"-leading dash.mp4", "B.MKV", "a.mp4", "deep/er/still/x.flac", "raw/take.MP3",
				"sp ace/clip one.mov", "ünïcødé/фильм.webm"},
		},
		{
			name:   "include with ** and a rooted glob",
			filter: Filter{Include: []string{"deep/**/*.flac", "sp ace/*"}},
			files:  []string{"deep/er/still/x.flac", "sp ace/clip one.mov"},
			skips:  map[string]SkipReason{"a.mp4": SkipNotIncluded, "deep/cache/y.mp4": SkipNotIncluded},
		},
		{
			name:   "exclude wins over include",
			filter: Filter{Include: []string{"**/*.mp4"}, Exclude: []string{"deep/**"}},
			files:  []string{"-leading dash.mp4", "a.mp4", "cache/tmp.mp4"},
			skips:  map[string]SkipReason{"B.MKV": SkipNotIncluded},
		},
		{
			name:   "a base name glob with a character class",
			filter: Filter{Include: []string{"[ab].*"}, AllFiles: true},
			files:  []string{"a.mp4"},
		},
	}
	root := t.TempDir()
	makeTree(t, root, tree...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := walkTree(t, root, tc.filter)
			slices.Sort(rec.files)
			if !slices.Equal(rec.files, tc.files) {
				t.Errorf("files\n got %q\nwant %q", rec.files, tc.files)
			}
			for p, want := range tc.skips {
				if got := rec.skips[p]; got != want {
					t.Errorf("skip reason of %s = %q, want %q", p, got, want)
				}
			}
			if len(rec.problems) > 0 {
				t.Errorf("unreadable: %v", rec.problems)
			}
		})
	}
}

func TestWalkBadGlob(t *testing.T) {
	for _, f := range []Filter{{Include: []string{"[a-"}}, {Exclude: []string{""}}, {Extensions: []string{"a/b"}}} {
		if _, err := f.compile(); err == nil {
			t.Errorf("%+v: compile succeeded, want an error", f)
		}
	}
}

func TestWalkSymlinks(t *testing.T) {
	root := t.TempDir()
	makeTree(t, root, "media/a.mp4", "media/sub/b.mp4", "elsewhere/c.mp4")
	symlink(t, "../media", filepath.Join(root, "media", "sub", "loop"))   // a loop back up
	symlink(t, "../elsewhere", filepath.Join(root, "media", "ext"))       // a folder outside
	symlink(t, "a.mp4", filepath.Join(root, "media", "alias.mp4"))        // the same file twice
	symlink(t, "missing.mp4", filepath.Join(root, "media", "broken.mp4")) // dangling
	media := filepath.Join(root, "media")

	t.Run("not followed", func(t *testing.T) {
		rec := walkTree(t, root, Filter{}, media)
		slices.Sort(rec.files)
		want := []string{"media/a.mp4", "media/sub/b.mp4"}
		if !slices.Equal(rec.files, want) {
			t.Errorf("files %q, want %q", rec.files, want)
		}
		for _, p := range []string{"media/sub/loop", "media/ext", "media/alias.mp4", "media/broken.mp4"} {
			if rec.skips[p] != SkipSymlink {
				t.Errorf("%s: skip reason %q, want symlink", p, rec.skips[p])
			}
		}
	})
	t.Run("followed, loop and duplicate once", func(t *testing.T) {
		rec := walkTree(t, root, Filter{FollowSymlinks: true}, media)
		slices.Sort(rec.files)
		want := []string{"media/a.mp4", "media/ext/c.mp4", "media/sub/b.mp4"}
		if !slices.Equal(rec.files, want) {
			t.Errorf("files %q, want %q", rec.files, want)
		}
		if rec.skips["media/alias.mp4"] != SkipDuplicate {
			t.Errorf("alias.mp4: skip reason %q, want %q", rec.skips["media/alias.mp4"], SkipDuplicate)
		}
		if msg := rec.problems["media/broken.mp4"]; !strings.Contains(msg, "dangling symlink") {
			t.Errorf("broken.mp4 reported as %q, want a dangling symlink", msg)
		}
	})
}

func TestWalkUnreadable(t *testing.T) {
	root := t.TempDir()
	makeTree(t, root, "ok.mp4", "locked/inside.mp4")
	MakeFIFO(t, filepath.Join(root, "pipe.mp4"))
	MakeFIFO(t, filepath.Join(root, "pipe.txt"))
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })

	rec := walkTree(t, root, Filter{}, root, filepath.Join(root, "missing"))
	if msg := rec.problems["pipe.mp4"]; !strings.Contains(msg, "named pipe") {
		t.Errorf("pipe.mp4 reported as %q, want a named pipe", msg)
	}
	if rec.skips["pipe.txt"] != SkipExtension {
		t.Errorf("pipe.txt: skip reason %q, want extension (a pipe without a media name is not reported)", rec.skips["pipe.txt"])
	}
	if msg := rec.problems["missing"]; msg != "no such file or directory" {
		t.Errorf("missing root reported as %q", msg)
	}
	if !slices.Contains(rec.files, "ok.mp4") {
		t.Errorf("ok.mp4 not listed: %q", rec.files)
	}
	if os.Geteuid() == 0 {
		t.Log("running as root: a folder with mode 000 stays readable, so its unreadability is not checked here")
		return
	}
	if msg := rec.problems["locked"]; msg != "permission denied" {
		t.Errorf("locked folder reported as %q, want permission denied", msg)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
