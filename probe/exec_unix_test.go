//go:build unix

package probe

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// fakeFFprobe writes a shell script that answers -version like ffprobe and
// runs body for anything else: the failures a real ffprobe cannot be made
// to show on demand (hangs, floods, crashes, garbage).
func fakeFFprobe(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ffprobe")
	script := "#!/bin/sh\n" +
		"if [ \"$1\" = -version ]; then echo 'ffprobe version 0.0-fake Copyright (c) nobody'; exit 0; fi\n" + body + "\n"
	writeExecutable(t, path, []byte(script))
	return path
}

// fakeClient is a client of the fake; the configured whitelist spares it
// from answering -demuxers.
func fakeClient(path string, maxOutput int64) *Client {
	return New(Config{Path: path, FormatWhitelist: []string{"mp3"}, MaxOutput: maxOutput})
}

// processGone reports whether pid has ended (gone, or a zombie nobody
// reaped yet).
func processGone(pid int) bool {
	if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return errors.Is(err, os.ErrNotExist)
	}
	_, after, _ := bytes.Cut(stat, []byte(") "))
	return len(after) > 0 && after[0] == 'Z'
}

func waitGone(pid int, within time.Duration) bool {
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if processGone(pid) {
			return true
		}
	}
	return processGone(pid)
}

// hangingWithChild is a fake that starts a child, writes its pid to
// pidfile, and waits forever.
func hangingWithChild(t *testing.T, pidfile string) string {
	return fakeFFprobe(t, "sleep 300 &\necho $! > '"+pidfile+"'\nwait")
}

func readPid(t *testing.T, pidfile string) int {
	t.Helper()
	raw, err := os.ReadFile(pidfile)
	if err != nil {
		t.Fatalf("the fake did not record its child: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestTimeoutKillsProcessGroup: on timeout ffprobe and every process it
// started are dead when Probe returns.
func TestTimeoutKillsProcessGroup(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "child.pid")
	c := fakeClient(hangingWithChild(t, pidfile), 0)
	start := time.Now()
	_, err := c.Probe(t.Context(), testmedia.Path(t, testmedia.MP3), Options{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "timed out after 300ms") {
		t.Fatalf("Probe = %v, want ErrTimeout after 300ms", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Probe returned %v after the timeout", elapsed)
	}
	if child := readPid(t, pidfile); !waitGone(child, 2*time.Second) {
		syscall.Kill(child, syscall.SIGKILL)
		t.Errorf("the fake's child %d survived the timeout", child)
	}
}

// TestPlainCommandContextLeavesChild shows the test above can fail:
// exec.CommandContext alone kills the fake but not its child.
func TestPlainCommandContextLeavesChild(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "child.pid")
	fake := hangingWithChild(t, pidfile)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, fake, "file:/nothing")
	cmd.WaitDelay = 100 * time.Millisecond
	_ = cmd.Run()
	child := readPid(t, pidfile)
	defer syscall.Kill(child, syscall.SIGKILL)
	if waitGone(child, 300*time.Millisecond) {
		t.Errorf("the child died without a process-group kill; the timeout test proves nothing")
	}
}

func TestCallerContextEndsProbe(t *testing.T) {
	sample := testmedia.Path(t, testmedia.MP3)
	tests := []struct {
		name      string
		ctx       func() (context.Context, context.CancelFunc)
		want      error
		isTimeout bool
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(t.Context(), 300*time.Millisecond)
		}, context.DeadlineExceeded, true},
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(300*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pidfile := filepath.Join(t.TempDir(), "child.pid")
			c := fakeClient(hangingWithChild(t, pidfile), 0)
			ctx, cancel := tt.ctx()
			defer cancel()
			_, err := c.Probe(ctx, sample, Options{Timeout: time.Minute})
			if !errors.Is(err, tt.want) || errors.Is(err, ErrTimeout) != tt.isTimeout {
				t.Errorf("Probe = %v, want %v (ErrTimeout: %v)", err, tt.want, tt.isTimeout)
			}
			if child := readPid(t, pidfile); !waitGone(child, 2*time.Second) {
				syscall.Kill(child, syscall.SIGKILL)
				t.Errorf("the child %d survived", child)
			}
		})
	}
}

// TestFailingFakes: what ffprobe prints when it fails becomes a typed
// error, cleaned of the input's path.
func TestFailingFakes(t *testing.T) {
	sample := testmedia.Path(t, testmedia.MP3)
	tests := []struct {
		name, body string
		maxOutput  int64
		want       error
		exitCode   int
		says       []string
	}{
		{"endless output", "exec yes '{\"streams\": [], \"padding\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}'", 1 << 20,
			ErrOutputTooLarge, 0, []string{"exceeds the limit of 1048576 bytes"}},
		{"garbage on stderr, exit 1",
			`for i in 1 2 3; do printf '[mp3 @ 0x55%d] bad \001\033[31mthing in %s\n' $i "$(eval echo \${$#})" >&2; done; printf 'x%.0s' $(seq 1 900) >&2; exit 1`,
			0, nil, 1, []string{"mp3: bad thing in the input (3 times)", "xxx…"}},
		{"killed by a signal", "kill -SEGV $$", 0, nil, -1, []string{"killed by signal segmentation fault"}},
		{"exit 0 with garbage", "echo 'this is not json'", 0, nil, 0, []string{"unreadable report"}},
		{"exit 0 with nothing", "exit 0", 0, nil, 0, []string{"unreadable report", "printed nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := fakeClient(fakeFFprobe(t, tt.body), tt.maxOutput).Probe(t.Context(), sample, Options{Timeout: 20 * time.Second})
			var pe *ProbeError
			switch {
			case err == nil:
				t.Fatal("Probe succeeded")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("Probe = %v, want %v", err, tt.want)
			case tt.want == nil && !errors.As(err, &pe):
				t.Fatalf("Probe = %v, want a *ProbeError", err)
			case tt.want == nil && pe.ExitCode != tt.exitCode:
				t.Errorf("exit code %d, want %d", pe.ExitCode, tt.exitCode)
			case pe != nil && len(pe.Stderr) > cleanStderrLimit:
				t.Errorf("stderr of %d bytes, more than the cap of %d", len(pe.Stderr), cleanStderrLimit)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if msg := err.Error(); strings.Count(msg, sample) != 1 || strings.ContainsAny(msg, "\001\033") {
				t.Errorf("error should name the input once and hold no control characters: %q", msg)
			}
		})
	}
}

// TestVersionFailureIsNotKeptForever: a failed -version is answered from
// memory for a moment, then asked again; a success is kept.
func TestVersionFailureIsNotKeptForever(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "installed")
	path := filepath.Join(t.TempDir(), "ffprobe")
	script := "#!/bin/sh\n[ -e '" + marker + "' ] || exit 127\necho 'ffprobe version 7.7 Copyright'\n"
	writeExecutable(t, path, []byte(script))
	var counter countingCommand
	c := New(Config{Path: path, Command: counter.command})
	c.version.failureMemory = 200 * time.Millisecond

	steps := []struct {
		name    string
		before  func()
		want    string
		wantRun int
	}{
		{"first failure", func() {}, "", 1},
		{"failure remembered", func() { fatalIfErr(t, os.WriteFile(marker, nil, 0o644)) }, "", 1},
		{"asked again later", func() { time.Sleep(250 * time.Millisecond) }, "7.7", 2},
		{"success kept", func() { fatalIfErr(t, os.Remove(marker)) }, "7.7", 2},
	}
	for _, s := range steps {
		s.before()
		v, err := c.Version(t.Context())
		if v != s.want || (s.want == "") != errors.Is(err, ErrNotInstalled) {
			t.Errorf("%s: Version = %q, %v; want %q", s.name, v, err, s.want)
		}
		if n := counter.count("-version"); n != s.wantRun {
			t.Errorf("%s: -version ran %d times, want %d", s.name, n, s.wantRun)
		}
	}
}
