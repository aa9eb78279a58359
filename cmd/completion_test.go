//go:build !lean

package cmd

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/spf13/cobra"
)

const (
	noFiles    = int(cobra.ShellCompDirectiveNoFileComp)
	filterExts = int(cobra.ShellCompDirectiveFilterFileExt)
)

// completeInProcess runs `ffprobe-api __completeNoDesc ARGS…` on the test
// tree, as a shell's completion script does, and returns the candidates
// and the directive.
func completeInProcess(t *testing.T, args ...string) ([]string, int) {
	t.Helper()
	root := newTestTree()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{cobra.ShellCompNoDescRequestCmd}, args...))
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("__complete %q: %v\n%s", args, err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	directive, err := strconv.Atoi(strings.TrimPrefix(last, ":"))
	if !strings.HasPrefix(last, ":") || err != nil {
		t.Fatalf("__complete %q: no directive in output %q", args, out.String())
	}
	return lines[:len(lines)-1], directive
}

func presetCompletions(prefix string) []string {
	var names []string
	for _, p := range policy.Presets() {
		if strings.HasPrefix("preset:"+p, prefix) {
			names = append(names, "preset:"+p)
		}
	}
	return names
}

func TestDynamicCompletions(t *testing.T) {
	if len(presetCompletions("")) < 4 || !slices.Contains(presetCompletions(""), "preset:web") {
		t.Fatalf("policy.Presets() = %v; the preset cases below would prove nothing", policy.Presets())
	}
	tests := []struct {
		name      string
		args      []string
		want      []string // exactly these, in this order
		contains  []string // at least these (when want is nil)
		directive int
	}{
		{"command names", []string{"pr"}, []string{"probe"}, nil, noFiles},
		{"probe output formats", []string{"probe", "--output", ""}, outputFormats, nil, noFiles},
		{"scan output formats", []string{"scan", "-o", ""}, scanOutputFormats, nil, noFiles},
		{"log levels on any command", []string{"scan", "--log-level", ""}, []string{"debug", "info", "warn", "error"}, nil, noFiles},
		{"log formats on the root", []string{"--log-format", ""}, []string{"auto", "text", "json"}, nil, noFiles},
		{"probe sections", []string{"probe", "--sections", ""}, []string{"format", "streams", "chapters", "programs"}, nil, noFiles},
		{"policy presets", []string{"scan", "--policy", ""}, presetCompletions(""), nil, noFiles},
		{"policy preset by prefix", []string{"scan", "--policy", "preset:h"}, []string{"preset:hdr10"}, nil, noFiles},
		{"policy file", []string{"scan", "--policy", "./"}, []string{"yaml", "yml"}, nil, filterExts},
		{"probe media files", []string{"probe", ""}, nil, []string{"mp4", "mkv", "mov", "flac", "wav", "png"}, filterExts},
		{"scan media files", []string{"scan", "--jobs", "2", ""}, nil, []string{"mp4", "mxf", "ts"}, filterExts},
		{"diff media files and baselines", []string{"diff", ""}, nil, []string{"json", "mp4"}, filterExts},
		{"policy show presets", []string{"policy", "show", "preset:w"}, []string{"preset:web"}, nil, noFiles},
		{"config file", []string{"--config", ""}, []string{"yaml", "yml"}, nil, filterExts},
		{"completion shells", []string{"completion", ""}, []string{"bash", "fish", "powershell", "zsh"}, nil, noFiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, directive := completeInProcess(t, tt.args...)
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("candidates = %q, want %q", got, tt.want)
			}
			for _, c := range tt.contains {
				if !slices.Contains(got, c) {
					t.Errorf("candidates %q lack %q", got, c)
				}
			}
			if directive != tt.directive {
				t.Errorf("directive = %d, want %d", directive, tt.directive)
			}
		})
	}
}

// TestOutputFlagsComplete fails when a command's --output flag offers no
// values: each command owner registers them (or the walk here learns them).
func TestOutputFlagsComplete(t *testing.T) {
	found := 0
	forEachCommand(newTestTree(), func(c *cobra.Command) {
		if c.LocalFlags().Lookup("output") == nil {
			return
		}
		found++
		complete, ok := c.GetFlagCompletionFunc("output")
		if !ok {
			t.Errorf("%s --output has no completion (RegisterFlagCompletionFunc with its formats)", c.CommandPath())
			return
		}
		values, directive := complete(c, nil, "")
		if len(values) == 0 || directive&cobra.ShellCompDirectiveNoFileComp == 0 {
			t.Errorf("%s --output completes to %q (directive %d); want its formats and no files", c.CommandPath(), values, directive)
		}
	})
	if found < 5 {
		t.Fatalf("only %d commands with --output found; the walk is broken", found)
	}
}

// TestRootWiresCompletions checks that the tree the binary runs is finished
// by registerCompletions (root.go calls it after adding the commands).
func TestRootWiresCompletions(t *testing.T) {
	root := newRootCmd(&app{streams: &IOStreams{}, log: slog.New(slog.DiscardHandler)})
	comp, _, err := root.Find([]string{"completion", "bash"})
	if err != nil || comp.Example == "" {
		t.Errorf("the binary's tree lacks ffprobe-api's completion command; newRootCmd must call registerCompletions(root)")
	}
	if _, ok := root.GetFlagCompletionFunc("log-level"); !ok {
		t.Errorf("--log-level has no completion in the binary's tree; newRootCmd must call registerCompletions(root)")
	}
}

// TestCompletionCommandPrintsCommittedScripts: what `ffprobe-api completion
// SHELL` prints is what the packages install from completions/.
func TestCompletionCommandPrintsCommittedScripts(t *testing.T) {
	for _, sh := range completionShells {
		t.Run(sh.Name, func(t *testing.T) {
			root := newTestTree()
			var out bytes.Buffer
			root.SetOut(&out)
			root.SetErr(io.Discard)
			root.SetArgs([]string{"completion", sh.Name})
			if err := root.ExecuteContext(context.Background()); err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(), "completions", sh.File))
			if err != nil {
				t.Fatalf("%v (generate it with: make docs)", err)
			}
			if out.String() != string(committed) {
				t.Errorf("ffprobe-api completion %s differs from completions/%s; regenerate with: make docs", sh.Name, sh.File)
			}
			if len(committed) < 1000 || !bytes.Contains(committed, []byte("__complete")) {
				t.Errorf("completions/%s does not look like a cobra completion script (%d bytes)", sh.File, len(committed))
			}
		})
	}
}

// TestShellCompletion loads the committed scripts in the shells installed
// here and completes with the real binary, built once: bash always; zsh,
// fish and PowerShell when present (they are not CI requirements).
func TestShellCompletion(t *testing.T) {
	bin := buildBinary(t)
	scripts := filepath.Join(testenv.ModuleRoot(), "completions")
	t.Run("bash", func(t *testing.T) { testBashCompletion(t, bin, filepath.Join(scripts, "ffprobe-api.bash")) })
	others := []struct {
		shell, script string
		args          func(script string) []string // load the script, complete "ffprobe-api pr"
		want          string
	}{
		{"zsh", "ffprobe-api.zsh", func(script string) []string {
			return []string{"-f", "-c", `autoload -U compinit && compinit -u -D && source "$1" && whence -w _ffprobe-api`, "zsh", script}
		}, "_ffprobe-api: function"},
		{"fish", "ffprobe-api.fish", func(script string) []string {
			return []string{"--no-config", "-c", `source $argv[1]; complete --do-complete "ffprobe-api pr"`, script}
		}, "probe"},
		{"pwsh", "ffprobe-api.ps1", func(script string) []string {
			return []string{"-NoProfile", "-NonInteractive", "-Command",
				`. $args[0]; (TabExpansion2 -inputScript 'ffprobe-api pr' -cursorColumn 14).CompletionMatches.CompletionText`, script}
		}, "probe"},
	}
	for _, o := range others {
		t.Run(o.shell, func(t *testing.T) {
			if _, err := exec.LookPath(o.shell); err != nil {
				t.Skipf("%s is not installed: its completion script is not loaded here", o.shell)
			}
			out := runShell(t, bin, t.TempDir(), o.shell, o.args(filepath.Join(scripts, o.script))...)
			if !strings.Contains(out, o.want) {
				t.Errorf("%s printed %q, want %q in it", o.shell, out, o.want)
			}
		})
	}
}

// buildBinary compiles the complete binary, as ffprobe-api, into a
// temporary folder and returns the folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	buildMain(t, dir, "ffprobe-api")
	return dir
}

// runShell runs a shell in dir with the built binary first on PATH.
func runShell(t *testing.T, binDir, dir, shell string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	sh := exec.Command(shell, args...)
	sh.Dir = dir
	sh.Env = append(os.Environ(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
	sh.Stdout, sh.Stderr = &stdout, &stderr
	if err := sh.Run(); err != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", shell, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// bashDriver sources bash-completion (or, without it, a stand-in for the one
// function cobra's script needs from it), then the script, fills COMP_* as
// readline does for the line being completed, and prints COMPREPLY.
const bashDriver = `
if [[ -n $BASH_COMPLETION ]]; then
	source "$BASH_COMPLETION"
else
	_get_comp_words_by_ref() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
fi
source "$1" || exit 1
COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; shift 2
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_TYPE=9; COMP_KEY=9
__start_ffprobe-api ffprobe-api "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
`

func testBashCompletion(t *testing.T, binDir, script string) {
	bashCompletion := findBashCompletion()
	if bashCompletion == "" {
		t.Log("bash-completion is not installed: a stand-in for _get_comp_words_by_ref is used, and the cases that need bash-completion (colons, file names) are skipped")
	}
	work := t.TempDir()
	for _, name := range []string{"clip.mp4", "song.flac", "notes.txt", "sub/take.mov"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, line       string
		want             []string
		needsCompletions bool // needs the bash-completion package
	}{
		{"command name", "ffprobe-api pr", []string{"probe"}, false},
		{"probe output formats", "ffprobe-api probe --output ", outputFormats, false},
		{"log levels", "ffprobe-api scan --log-level ", []string{"debug", "info", "warn", "error"}, false},
		{"policy presets", "ffprobe-api scan --policy pre", presetCompletions(""), false},
		{"preset after the colon", "ffprobe-api scan --policy preset:h", []string{"hdr10"}, true},
		{"media files and folders", "ffprobe-api probe ", []string{"clip.mp4", "song.flac", "sub"}, true},
		{"scan by prefix", "ffprobe-api scan s", []string{"song.flac", "sub"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needsCompletions && bashCompletion == "" {
				testenv.Missing(t, "the bash-completion package is not installed (scripts/install-test-tools.sh installs it)")
			}
			args := append([]string{"--norc", "--noprofile", "-c", bashDriver, "bash", script, tt.line}, compWords(tt.line)...)
			t.Setenv("BASH_COMPLETION", bashCompletion)
			out := runShell(t, binDir, work, "bash", args...)
			got := strings.Fields(out)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("%q<Tab> = %q, want %q", tt.line, got, want)
			}
		})
	}
}

func findBashCompletion() string {
	for _, p := range []string{os.Getenv("FFPROBE_API_TEST_BASH_COMPLETION"), "/usr/share/bash-completion/bash_completion", "/etc/bash_completion", "/opt/homebrew/etc/profile.d/bash_completion.sh", "/usr/local/etc/profile.d/bash_completion.sh"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// compWords splits a command line the way readline fills COMP_WORDS: at
// blanks, with ':' (one of COMP_WORDBREAKS) a word of its own.
func compWords(line string) []string {
	var words []string
	for _, field := range strings.Fields(line) {
		for field != "" {
			i := strings.IndexByte(field, ':')
			switch {
			case i < 0:
				words, field = append(words, field), ""
			case i == 0:
				words, field = append(words, ":"), field[1:]
			default:
				words, field = append(words, field[:i]), field[i:]
			}
		}
	}
	if strings.HasSuffix(line, " ") {
		words = append(words, "")
	}
	return words
}
