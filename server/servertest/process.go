package servertest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Process is one running `ffprobe-api serve`: the real binary, started on
// 127.0.0.1:0 in a private XDG home, found by the address it prints.
type Process struct {
	Cmd     *exec.Cmd
	URL     string
	DataDir string // $XDG_DATA_HOME/ffprobe-api: the default database and temp dir
	Stderr  *LockedBuffer
	Client  *Client
	done    chan struct{}
	waitErr error
}

// StartServe runs `bin serve --addr 127.0.0.1:0 --ffprobe <real ffprobe>
// args...` with env added, and waits (30 s at most) for the "listening on"
// line. The process is killed when the test ends, if still running.
func StartServe(t testing.TB, bin, ffprobe string, env []string, args ...string) *Process {
	t.Helper()
	home := t.TempDir()
	p := &Process{DataDir: filepath.Join(home, "data", "ffprobe-api"), Stderr: &LockedBuffer{}, done: make(chan struct{})}
	p.Cmd = exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--ffprobe", ffprobe}, args...)...)
	p.Cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
	p.Cmd.Env = append(p.Cmd.Env, env...)
	p.Cmd.Stderr = p.Stderr
	stdout, err := p.Cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.waitErr = p.Cmd.Wait(); close(p.done) }()
	t.Cleanup(p.kill)
	p.URL = p.readListeningURL(t, stdout)
	p.Client = NewClient(t, p.URL)
	return p
}

func (p *Process) readListeningURL(t testing.TB, stdout io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				found <- url
			}
		}
	}()
	select {
	case url := <-found:
		return url
	case <-p.done:
		t.Fatalf("serve exited before listening: %v\n%s", p.waitErr, p.Stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve printed no address within 30s\n%s", p.Stderr)
	}
	return ""
}

// Signal sends sig to the server.
func (p *Process) Signal(t testing.TB, sig os.Signal) {
	t.Helper()
	if err := p.Cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// Stop sends SIGTERM, waits (a minute at most) and returns the exit code.
func (p *Process) Stop(t testing.TB) int {
	t.Helper()
	p.Signal(t, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		t.Fatalf("serve did not exit within a minute of SIGTERM\n%s", p.Stderr)
	}
	var exit *exec.ExitError
	if errors.As(p.waitErr, &exit) {
		return exit.ExitCode()
	}
	if p.waitErr != nil {
		t.Fatal(p.waitErr)
	}
	return 0
}

func (p *Process) kill() {
	select {
	case <-p.done:
	default:
		_ = p.Cmd.Process.Kill()
		<-p.done
	}
}

// TempFiles lists the server's default temporary directory.
func (p *Process) TempFiles(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(p.DataDir, "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// PeakRSS is the process's peak resident set size (VmHWM) in bytes; it
// skips the test where /proc is missing.
func (p *Process) PeakRSS(t testing.TB) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Cmd.Process.Pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb); err != nil {
				t.Fatalf("VmHWM %q: %v", rest, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/PID/status")
	return 0
}

// Zeros is an endless reader of zero bytes.
type Zeros struct{}

func (Zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// LockedBuffer collects output written from other goroutines.
type LockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *LockedBuffer) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(b)
}

func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
