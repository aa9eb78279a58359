package testmedia

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

func TestAllListsEverySampleOnceInAStableOrder(t *testing.T) {
	names := All()
	if len(names) != 15 {
		t.Errorf("All() has %d names, want 15: %v", len(names), names)
	}
	for i, name := range names {
		if _, ok := lookup(name); !ok || slices.Index(names, name) != i {
			t.Errorf("%s: has recipe %v, first at %d, want a recipe and no duplicate", name, ok, slices.Index(names, name))
		}
	}
	names[0] = "changed by the caller"
	if All()[0] != H264AAC {
		t.Errorf("All()[0] = %q after a caller changed its copy, want %q", All()[0], H264AAC)
	}
}

func TestDir(t *testing.T) {
	t.Run("environment", func(t *testing.T) {
		t.Setenv("FFPROBE_API_TESTMEDIA_DIR", "/somewhere/else")
		if got := Dir(); got != "/somewhere/else" {
			t.Errorf("Dir() = %q, want /somewhere/else", got)
		}
	})
	t.Run("default", func(t *testing.T) {
		t.Setenv("FFPROBE_API_TESTMEDIA_DIR", "")
		root := filepath.Dir(filepath.Dir(Dir()))
		if filepath.Base(Dir()) != "testmedia" || filepath.Base(filepath.Dir(Dir())) != ".cache" {
			t.Errorf("Dir() = %q, want <module root>/.cache/testmedia", Dir())
		}
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
			t.Errorf("no go.mod in %s, the folder above .cache: %v", root, err)
		}
	})
}

func TestGenerateReusesTheCachedFile(t *testing.T) {
	ffmpeg, dir := testenv.FFmpeg(t), t.TempDir()
	first := mustGenerate(t, ffmpeg, dir, WAV)
	if err := os.WriteFile(first, []byte("marker"), 0o644); err != nil {
		t.Fatal(err)
	}
	if again := mustGenerate(t, ffmpeg, dir, WAV); again != first {
		t.Errorf("second Generate = %s, want %s", again, first)
	}
	if data, _ := os.ReadFile(first); string(data) != "marker" {
		t.Errorf("the cached file was regenerated (content %d bytes), want it reused", len(data))
	}
}

func TestChangedRecipeRegeneratesAndDropsTheOldVersion(t *testing.T) {
	ffmpeg, dir := testenv.FFmpeg(t), t.TempDir()
	old, _ := lookup(WAV)
	changed := recipe{FFmpeg: [][]string{slices.Clone(old.FFmpeg[0])}}
	changed.FFmpeg[0][slices.Index(changed.FFmpeg[0], "-ac")+1] = "1"
	oldPath, err := generate(t.Context(), ffmpeg, dir, WAV, old)
	if err != nil {
		t.Fatal(err)
	}
	newPath, err := generate(t.Context(), ffmpeg, dir, WAV, changed)
	if err != nil {
		t.Fatal(err)
	}
	if newPath == oldPath {
		t.Fatalf("both recipes cached as %s, want different keys", newPath)
	}
	if entries := dirNames(t, dir); !slices.Equal(entries, []string{filepath.Base(newPath)}) {
		t.Errorf("cache holds %v, want only %s", entries, filepath.Base(newPath))
	}
}

func TestConcurrentGenerateAgreesAndLeavesNoTemporaryFiles(t *testing.T) {
	ffmpeg, dir := testenv.FFmpeg(t), t.TempDir()
	paths := make([]string, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range paths {
		wg.Go(func() { paths[i], errs[i] = Generate(t.Context(), ffmpeg, dir, H264AAC) })
	}
	wg.Wait()
	for i := range paths {
		if errs[i] != nil || paths[i] != paths[0] {
			t.Errorf("call %d: %s, %v; want %s and no error", i, paths[i], errs[i], paths[0])
		}
	}
	if entries := dirNames(t, dir); !slices.Equal(entries, []string{filepath.Base(paths[0])}) {
		t.Errorf("cache holds %v, want only %s", entries, filepath.Base(paths[0]))
	}
}

func TestGenerateErrors(t *testing.T) {
	ffmpeg := testenv.FFmpeg(t)
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	bad := recipe{FFmpeg: [][]string{{"-f", "lavfi", "-i", "nosuchsource", Empty}}}
	wrongName := recipe{FFmpeg: [][]string{strings.Fields(sine(8000, 1) + " other.wav")}}
	tests := []struct {
		name   string
		run    func(dir string) error
		want   []string
		target error
	}{
		{"unknown name", func(dir string) error { _, err := Generate(t.Context(), ffmpeg, dir, "nope.mp4"); return err },
			[]string{`unknown sample "nope.mp4"; known samples: h264_aac.mp4, hevc_hdr10.mp4`}, nil},
		{"no ffmpeg given", func(dir string) error { _, err := Generate(t.Context(), "", dir, WAV); return err },
			[]string{"audio.wav is made with ffmpeg, but no ffmpeg binary was given"}, nil},
		{"ffmpeg fails", func(dir string) error { _, err := generate(t.Context(), ffmpeg, dir, Empty, bad); return err },
			[]string{"make empty.mp4: ffmpeg -f lavfi -i nosuchsource empty.mp4: exit status 1: ",
				"No such filter: 'nosuchsource'"}, nil},
		{"recipe makes another file", func(dir string) error { _, err := generate(t.Context(), ffmpeg, dir, WAV, wrongName); return err },
			[]string{"the recipe made no file named audio.wav"}, nil},
		{"canceled", func(dir string) error { _, err := Generate(canceled, ffmpeg, dir, WAV); return err },
			[]string{"make audio.wav: ffmpeg"}, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			err := tc.run(dir)
			if err == nil || (tc.target != nil && !errors.Is(err, tc.target)) {
				t.Fatalf("error %v, want one wrapping %v", err, tc.target)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q, want it to contain %q", err, want)
				}
			}
			if entries := dirNames(t, dir); len(entries) != 0 {
				t.Errorf("cache holds %v after a failure, want nothing", entries)
			}
		})
	}
}

func TestPathFailsTheTestOnAnUnknownName(t *testing.T) {
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() { defer close(done); Path(rec, "nope.mp4") }()
	<-done
	if !strings.Contains(rec.fatal, `unknown sample "nope.mp4"`) {
		t.Errorf("Path fatal message %q, want it to name the unknown sample", rec.fatal)
	}
}

// fatalRecorder records a Fatal call and ends the goroutine, as testing does.
type fatalRecorder struct {
	testing.TB
	fatal string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *fatalRecorder) Fatal(args ...any) {
	r.fatal = fmt.Sprint(args...)
	runtime.Goexit()
}

func mustGenerate(t *testing.T, ffmpeg, dir, name string) string {
	t.Helper()
	path, err := Generate(t.Context(), ffmpeg, dir, name)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
