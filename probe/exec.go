package probe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// runResult is what a finished ffprobe process left.
type runResult struct {
	stdout, stderr []byte
	exitCode       int    // -1 when killed by a signal
	signal         string // the signal that killed it, if one did
}

// waitDelay bounds how long Wait waits for output pipes after the process
// ended or was killed (a grandchild could hold them open).
const waitDelay = 2 * time.Second

// run starts ffprobe with args in a process group of its own and waits for
// it. It kills the whole group when timeout passes (ErrTimeout), when
// stdout passes Config.MaxOutput (ErrOutputTooLarge) or when ctx ends
// (ctx's error). A binary that cannot be started is ErrNotInstalled. Any
// exit code is a runResult, not an error: the caller interprets it.
func (c *Client) run(ctx context.Context, timeout time.Duration, args ...string) (*runResult, error) {
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if timeout > 0 {
		var stop context.CancelFunc
		runCtx, stop = context.WithTimeoutCause(runCtx, timeout, fmt.Errorf("%w after %s", ErrTimeout, timeout))
		defer stop()
	}
	stdout := &cappedBuffer{limit: c.cfg.MaxOutput, onFull: func() {
		cancel(fmt.Errorf("%w of %d bytes", ErrOutputTooLarge, c.cfg.MaxOutput))
	}}
	stderr := &cappedBuffer{limit: stderrLimit}
	cmd := c.cfg.Command(runCtx, c.cfg.Path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, stdout, stderr
	cmd.Env = ffprobeEnv(cmd.Env)
	if cmd.WaitDelay == 0 {
		cmd.WaitDelay = waitDelay
	}
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotInstalled, c.cfg.Path, statProblem(err))
	}
	go warmJSON() // while ffprobe starts; see warm.go
	stopKiller := context.AfterFunc(runCtx, func() { killProcessGroup(cmd) })
	waitErr := cmd.Wait()
	stopKiller()
	if runCtx.Err() != nil {
		killProcessGroup(cmd) // the group is dead before we report
		return nil, runEndedEarly(ctx, runCtx)
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) && !errors.Is(waitErr, exec.ErrWaitDelay) {
		return nil, &ProbeError{ExitCode: -1, Stderr: "waiting for ffprobe: " + waitErr.Error()}
	}
	return &runResult{stdout: stdout.Bytes(), stderr: stderr.Bytes(),
		exitCode: cmd.ProcessState.ExitCode(), signal: exitSignal(cmd.ProcessState)}, nil
}

// runEndedEarly is the error for a run stopped before it finished: the
// caller's cancellation, or the cause (timeout, output cap) otherwise. A
// deadline of the caller's own also counts as ErrTimeout.
func runEndedEarly(parent, runCtx context.Context) error {
	switch {
	case errors.Is(parent.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%w: %w", ErrTimeout, parent.Err())
	case parent.Err() != nil:
		return parent.Err()
	}
	return context.Cause(runCtx)
}

// ffprobeEnv is the environment ffprobe runs with: the inherited one (or
// the one Config.Command set) without FFREPORT, which would make ffprobe
// write a log file into the working directory, without colours in its
// messages, and with mallocTunables ahead of any GLIBC_TUNABLES the
// environment already sets (glibc applies them in order, so the
// operator's own settings still win).
func ffprobeEnv(env []string) []string {
	if env == nil {
		env = os.Environ()
	}
	var kept []string
	tunables := mallocTunables
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		switch name {
		case "FFREPORT", "AV_LOG_FORCE_COLOR", "AV_LOG_FORCE_256COLOR":
		case "GLIBC_TUNABLES":
			if value != "" {
				tunables += ":" + value
			}
		default:
			kept = append(kept, kv)
		}
	}
	return append(kept, "AV_LOG_FORCE_NOCOLOR=1", "GLIBC_TUNABLES="+tunables)
}

// mallocTunables make glibc's malloc keep the memory ffprobe frees for
// its next allocations: blocks of up to 32 MiB come from the heap instead
// of fresh mmap(2)s, and the heap is not trimmed back to the kernel until
// 256 MiB are free. ffprobe often decodes a video stream's first frame
// twice, once while probing and once for the first-frame read, each time
// with a new decoder whose zeroed frame buffers (25 MB for a 4K 10-bit
// frame) would otherwise be unmapped on free and mapped again, so the
// kernel clears every page twice. Minor page faults and CPU time (perf
// stat, mean of three to five runs): ToS-s60.h265 (3840x2160 HEVC) 37,400
// and 550 ms before, 21,400 and 350 ms after; multimsg-sei.hevc (also 4K)
// 23,900 and 570 ms before, 13,900 and 360 ms after, against 340 and
// 310 ms for plain ffprobe without the frame read. TestMallocTunables
// checks the fault counts. 32 MiB is the largest mmap threshold 64-bit
// glibc has always accepted (half its 64 MiB heap size); other C
// libraries ignore the variable. The cost is memory kept until ffprobe
// exits, which it does right after.
const mallocTunables = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"
