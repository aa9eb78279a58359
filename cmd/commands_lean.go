//go:build lean

package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// The lean binary (built with -tags lean; what make build and the release
// archives install as ffprobe-api) holds only the commands that scripts run
// once per file, where start-up time is a real share of each run: probe,
// diff, policy and version. It links neither the HTTP server nor the
// stores, whose package initialisation alone costs the complete binary
// several milliseconds per start (docs/benchmarks.md). Every other command
// line — serve, scan, users, keys, db, config, doctor, completion, help —
// is handed unchanged to the complete binary, ffprobe-api-full: same
// arguments, environment, standard streams and exit code (on Unix the
// process itself becomes ffprobe-api-full with exec(2), so signals and the
// PID are the server's own).

// leanCommands are the top-level commands the lean binary runs itself.
var leanCommands = []string{"probe", "diff", "policy", "version"}

// fullBinaryName is the complete binary's file name, without .exe.
const fullBinaryName = "ffprobe-api-full"

func addSubcommands(root *cobra.Command, a *app) {
	root.AddCommand(newProbeCmd(a), newDiffCmd(a), newPolicyCmd(a), newVersionCmd(a))
}

// handOff runs args in ffprobe-api-full unless root, this binary's
// command tree, holds their command. handed is false when the command runs
// here.
func handOff(root *cobra.Command, args []string) (code int, handed bool) {
	name, here := commandHere(root, args)
	if here {
		return 0, false
	}
	full, err := fullBinary()
	if err == nil {
		if code, err = runFull(full, args); err != nil {
			err = fmt.Errorf("which could not be started: %w", err)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ffprobe-api: %s runs in %s, %v\n", name, fullBinaryName, err)
		return ExitTrouble, true
	}
	return code, true
}

// commandHere names the command args ask for and says whether this binary
// holds it. Help, completion and the bare root go to the complete binary,
// whose command tree is whole.
func commandHere(root *cobra.Command, args []string) (name string, here bool) {
	c, _, err := root.Find(args)
	if err != nil || c == root {
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			return "'" + args[0] + "'", false
		}
		return "this command line", false
	}
	for c.Parent() != root {
		c = c.Parent()
	}
	return c.Name(), slices.Contains(leanCommands, c.Name())
}

// fullBinary finds ffprobe-api-full: next to this executable (symlinks
// resolved), else on PATH.
func fullBinary() (string, error) {
	name := fullBinaryName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	where := "the folder of this executable"
	if err == nil {
		candidate := filepath.Join(filepath.Dir(self), name)
		if fi, statErr := os.Stat(candidate); statErr == nil && fi.Mode().IsRegular() {
			return candidate, nil
		}
		where = filepath.Dir(self)
	}
	if p, lookErr := exec.LookPath(fullBinaryName); lookErr == nil {
		return p, nil
	}
	return "", fmt.Errorf("which is neither in %s nor on PATH (install both binaries from the release archive or package, or build both with make build)",
		where)
}
