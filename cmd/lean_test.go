//go:build !lean

package cmd

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// buildMain compiles the module's main package to dir/name, with tags.
func buildMain(t *testing.T, dir, name string, tags ...string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	args := []string{"build", "-buildvcs=false", "-o", out}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	cmd := exec.Command(goTool(t), append(args, ".")...)
	cmd.Dir = testenv.ModuleRoot()
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", name, err, msg)
	}
	return out
}

// goTool is the go command of the toolchain running the tests.
func goTool(t *testing.T) string {
	t.Helper()
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return testenv.LookPath(t, "go")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

type binaryRun struct {
	stdout, stderr string
	code           int
}

func runCaptured(t *testing.T, bin string, env []string, args ...string) binaryRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("%s %q: %v", bin, args, err)
	}
	return binaryRun{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// TestLeanBinary builds the two binaries make build installs: the lean
// ffprobe-api (-tags lean) and the complete ffprobe-api-full. The lean one
// must link none of the server and store packages, run probe, diff, policy
// and version itself (they work with no ffprobe-api-full anywhere), and
// hand every other command line to ffprobe-api-full: for each command line
// below, both binaries print the same and exit with the same code.
func TestLeanBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries")
	}
	testenv.FFprobe(t)
	list := exec.Command(goTool(t), "list", "-deps", "-tags", "lean", ".")
	list.Dir = testenv.ModuleRoot()
	deps, err := list.Output()
	if err != nil {
		t.Fatalf("go list -deps -tags lean: %v", err)
	}
	for _, heavy := range []string{module + "/server", module + "/store", "github.com/prometheus/client_golang/prometheus",
		"github.com/redis/go-redis/v9", "modernc.org/sqlite", "github.com/jackc/pgx/v5"} {
		for _, dep := range strings.Fields(string(deps)) {
			if dep == heavy || strings.HasPrefix(dep, heavy+"/") {
				t.Errorf("the lean binary links %s", dep)
			}
		}
	}

	dir := t.TempDir()
	var lean, full string
	var wg sync.WaitGroup
	wg.Go(func() { lean = buildMain(t, dir, "ffprobe-api", "lean") })
	wg.Go(func() { full = buildMain(t, dir, "ffprobe-api-full") })
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	home := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix+"_") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	media := t.TempDir()
	sample := filepath.Join(media, "clip.mp4")
	if err := os.Link(testmedia.Path(t, testmedia.H264AAC), sample); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"probe", "-o", "csv", sample},
		{"probe", "-o", "csv", filepath.Join(media, "missing.mp4")},
		{"--log-level", "warn", "probe", "--policy", "preset:web", "-o", "csv", sample},
		{"probe", "--help"},
		{"version"},
		{"policy", "list"},
		{"diff", "--help"},
		{"--help"},
		{"help", "serve"},
		{"serve", "--help"},
		{"serve", "--addr", "not-an-address"},
		{"scan", "--no-cache", "-q", "-o", "ndjson", media},
		{"config", "show"},
		{"db", "--help"},
		{"no-such-command"},
		{"__complete", "serve", "--ad"},
	} {
		got, want := runCaptured(t, lean, env, args...), runCaptured(t, full, env, args...)
		got.stdout, want.stdout = elapsedField.ReplaceAllString(got.stdout, ""), elapsedField.ReplaceAllString(want.stdout, "")
		if got != want {
			t.Errorf("ffprobe-api %q differs from ffprobe-api-full:\nlean: exit %d\n%s%s\nfull: exit %d\n%s%s",
				args, got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
		}
	}

	// Alone, with no ffprobe-api-full next to it or on PATH.
	alone, pathDir := t.TempDir(), t.TempDir()
	if err := os.Link(lean, filepath.Join(alone, "ffprobe-api")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(testenv.FFprobe(t), filepath.Join(pathDir, "ffprobe")); err != nil {
		t.Fatal(err)
	}
	aloneEnv := append(env, "PATH="+pathDir)
	if r := runCaptured(t, filepath.Join(alone, "ffprobe-api"), aloneEnv, "probe", "-o", "csv", sample); r.code != ExitOK || !strings.Contains(r.stdout, ",ok,") {
		t.Errorf("probe without ffprobe-api-full: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runCaptured(t, filepath.Join(alone, "ffprobe-api"), aloneEnv, "serve")
	if wantErr := "runs in ffprobe-api-full, which is neither in " + alone + " nor on PATH"; r.code != ExitTrouble || !strings.Contains(r.stderr, wantErr) {
		t.Errorf("serve without ffprobe-api-full: exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, ExitTrouble, wantErr)
	}
}

const module = "github.com/ffprobe-api/ffprobe-api"

// elapsedField is the one part of the outputs compared that differs from
// run to run.
var elapsedField = regexp.MustCompile(`"elapsed_ms":[0-9.]+`)
