package testmedia

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Generate returns the absolute path of the sample called name in the cache
// folder dir, making it first unless a file made from the same recipe is
// already there. ffmpeg is the ffmpeg binary to run; the samples that need
// none (Empty, Text) ignore it. It is for tools and benchmarks; tests call
// Path.
func Generate(ctx context.Context, ffmpeg, dir, name string) (string, error) {
	r, ok := lookup(name)
	if !ok {
		return "", fmt.Errorf("testmedia: unknown sample %q; known samples: %s",
			name, strings.Join(All(), ", "))
	}
	return generate(ctx, ffmpeg, dir, name, r)
}

func generate(ctx context.Context, ffmpeg, dir, name string, r recipe) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("testmedia: cache folder %q: %w", dir, err)
	}
	final := filepath.Join(dir, r.key()+"-"+name)
	if info, err := os.Stat(final); err == nil && info.Mode().IsRegular() {
		return final, nil
	}
	if r.needsFFmpeg() && ffmpeg == "" {
		return "", fmt.Errorf("testmedia: %s is made with ffmpeg, but no ffmpeg binary was given", name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("testmedia: create the cache folder: %w", err)
	}
	work, err := os.MkdirTemp(dir, workPrefix(name)+"*")
	if err != nil {
		return "", fmt.Errorf("testmedia: create a work folder in the cache folder: %w", err)
	}
	defer os.RemoveAll(work)
	if err := r.make(ctx, ffmpeg, work, name); err != nil {
		return "", fmt.Errorf("testmedia: make %s: %w", name, err)
	}
	if err := os.Rename(filepath.Join(work, name), final); err != nil {
		return "", fmt.Errorf("testmedia: move %s into the cache: %w", name, err)
	}
	removeStale(dir, name, final)
	return final, nil
}

// make runs the recipe in the empty folder work, leaving the sample there
// under its own name.
func (r recipe) make(ctx context.Context, ffmpeg, work, name string) error {
	for file, content := range r.Files {
		if err := os.WriteFile(filepath.Join(work, file), []byte(content), 0o644); err != nil {
			return err
		}
	}
	for _, args := range r.FFmpeg {
		if err := runFFmpeg(ctx, ffmpeg, work, args); err != nil {
			return err
		}
	}
	out := filepath.Join(work, name)
	info, err := os.Stat(out)
	if err != nil {
		return fmt.Errorf("the recipe made no file named %s: %w", name, err)
	}
	if r.CutToHalf {
		return os.Truncate(out, info.Size()/2)
	}
	return nil
}

func runFFmpeg(ctx context.Context, ffmpeg, work string, args []string) error {
	cmd := exec.CommandContext(ctx, ffmpeg, append(slices.Clone(ffmpegCommonFlags), args...)...)
	cmd.Dir = work
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("ffmpeg %s: %w", strings.Join(args, " "), ctxErr)
	}
	if err != nil {
		return fmt.Errorf("ffmpeg %s: %w: %s", strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return nil
}

// removeStale deletes versions of the sample made from other recipes, and
// work folders for it left behind over an hour ago by killed processes.
// Failures only leave clutter, so they are ignored.
func removeStale(dir, name, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		switch {
		case path != keep && isVersionOf(e.Name(), name):
			_ = os.Remove(path)
		case strings.HasPrefix(e.Name(), workPrefix(name)) && modifiedBefore(e, time.Now().Add(-time.Hour)):
			_ = os.RemoveAll(path)
		}
	}
}

// isVersionOf reports whether file is <key>-<name> for some recipe key.
func isVersionOf(file, name string) bool {
	key, rest, ok := strings.Cut(file, "-")
	return ok && rest == name && len(key) == len(recipe{}.key()) &&
		strings.Trim(key, "0123456789abcdef") == ""
}

func workPrefix(name string) string { return ".work-" + name + "-" }

func modifiedBefore(e os.DirEntry, t time.Time) bool {
	info, err := e.Info()
	return err == nil && info.ModTime().Before(t)
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	if s == "" {
		return "(ffmpeg printed nothing)"
	}
	return s
}
