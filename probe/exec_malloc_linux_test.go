//go:build linux

package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

// TestFFprobeEnvTunables: mallocTunables go first in one GLIBC_TUNABLES,
// so settings the operator's environment already has come after them and
// win.
func TestFFprobeEnvTunables(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"PATH=/bin"}, "GLIBC_TUNABLES=" + mallocTunables},
		{[]string{"GLIBC_TUNABLES=glibc.malloc.check=3", "PATH=/bin"}, "GLIBC_TUNABLES=" + mallocTunables + ":glibc.malloc.check=3"},
		{[]string{"GLIBC_TUNABLES="}, "GLIBC_TUNABLES=" + mallocTunables},
	} {
		var got []string
		for _, kv := range ffprobeEnv(tc.env) {
			if strings.HasPrefix(kv, "GLIBC_TUNABLES=") {
				got = append(got, kv)
			}
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("ffprobeEnv(%q) has %q, want just %q", tc.env, got, tc.want)
		}
	}
}

// TestMallocTunables: with mallocTunables the installed glibc reuses the
// frame buffers of the probing decoder for the first-frame read. A 4K
// 10-bit frame is 25 MB; mapped afresh it costs ~6,000 page faults each
// time. ToS-s60 needs the larger mmap threshold, multimsg-sei the trim
// threshold as well. Page faults are counted by the kernel, not timed, so
// the comparison is not at the mercy of a busy machine.
func TestMallocTunables(t *testing.T) {
	if err := exec.Command("getconf", "GNU_LIBC_VERSION").Run(); err != nil {
		t.Skip("not glibc: GLIBC_TUNABLES means nothing here")
	}
	ffprobe := testenv.FFprobe(t)
	dir := filepath.Join(testenv.CorpusDir(t), "quietvoid__hdr10plus_tool")
	var inherited []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GLIBC_TUNABLES=") {
			inherited = append(inherited, kv)
		}
	}
	for _, name := range []string{"assets__metadata__ToS-s60.h265", "assets__hevc_tests__multimsg-sei.hevc"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			args := probeArgs(path, path, withDefaults(Options{}, Options{}), "hevc", DefaultMaxAlloc)
			faults := func(env []string) int64 {
				cmd := exec.Command(ffprobe, args...)
				cmd.Env = env
				if out, err := cmd.Output(); err != nil || !strings.Contains(string(out), `"media_type": "video"`) {
					t.Fatalf("ffprobe %s: %v (the first frame must be read)\n%s", path, err, out)
				}
				return cmd.ProcessState.SysUsage().(*syscall.Rusage).Minflt
			}
			without, with := faults(inherited), faults(ffprobeEnv(inherited))
			t.Logf("minor page faults: %d with the tunables, %d without", with, without)
			if with*4 > without*3 {
				t.Errorf("with GLIBC_TUNABLES=%s ffprobe took %d page faults, without %d: want at least a quarter fewer", mallocTunables, with, without)
			}
		})
	}
}
