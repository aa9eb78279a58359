// Package testenv decides what a test does when a tool or service it needs
// is missing: skip on a developer's machine, fail in CI, where
// FFPROBE_API_TEST_REQUIRE=1 is set.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Required reports whether missing tools and services must fail tests.
func Required() bool { return os.Getenv("FFPROBE_API_TEST_REQUIRE") == "1" }

// Missing skips the test, or fails it when FFPROBE_API_TEST_REQUIRE=1.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if Required() {
		t.Fatalf("FFPROBE_API_TEST_REQUIRE=1 but "+format, args...)
	}
	t.Skipf(format, args...)
}

// LookPath returns the path of a command, or skips/fails the test.
func LookPath(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed (run scripts/install-ffmpeg.sh)", name)
	}
	return p
}

// FFprobe returns the ffprobe binary, or skips/fails the test.
func FFprobe(t testing.TB) string { t.Helper(); return LookPath(t, "ffprobe") }

// FFmpeg returns the ffmpeg binary, or skips/fails the test.
func FFmpeg(t testing.TB) string { t.Helper(); return LookPath(t, "ffmpeg") }

// PostgresURL returns FFPROBE_API_TEST_POSTGRES_URL, or skips/fails.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("FFPROBE_API_TEST_POSTGRES_URL")
	if u == "" {
		Missing(t, "FFPROBE_API_TEST_POSTGRES_URL is not set")
	}
	return u
}

// RedisURL returns FFPROBE_API_TEST_REDIS_URL, or skips/fails.
func RedisURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("FFPROBE_API_TEST_REDIS_URL")
	if u == "" {
		Missing(t, "FFPROBE_API_TEST_REDIS_URL is not set")
	}
	return u
}

// ModuleRoot is the repository's top folder (where go.mod is).
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// CorpusDir returns ../shared/corpus beside the repository, or skips/fails
// when it is absent (a user's fresh clone has none).
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("FFPROBE_API_TEST_CORPUS")
	if dir == "" {
		dir = filepath.Join(ModuleRoot(), "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); err != nil {
		Missing(t, "media corpus not found at %s", dir)
	}
	return dir
}
