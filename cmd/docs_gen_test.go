//go:build !lean

package cmd

import (
	"bytes"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/spf13/cobra"
)

// newTestTree builds the command tree as the binary does, finished for
// completion (registerCompletions is idempotent, so this holds whether or
// not root.go already calls it).
func newTestTree() *cobra.Command {
	a := &app{streams: &IOStreams{}, log: slog.New(slog.DiscardHandler)}
	root := newRootCmd(a)
	registerCompletions(root)
	return root
}

// generatedDocs are the committed generated folders and how to write them.
var generatedDocs = []struct {
	name, dir, pattern string
	write              func(root *cobra.Command, dir string) error
}{
	{"completions", "completions", "ffprobe-api.*", writeCompletionScripts},
	{"man", "man", "*.1", writeManPages},
}

// TestGeneratedDocsUpToDate fails when completions/ or man/ no longer match
// the command tree. Regenerate with: make docs
// (go test ./cmd -run TestGeneratedDocs -update).
func TestGeneratedDocsUpToDate(t *testing.T) {
	for _, g := range generatedDocs {
		t.Run(g.name, func(t *testing.T) {
			committed := filepath.Join(testenv.ModuleRoot(), g.dir)
			if *update {
				rewriteGenerated(t, committed, g.pattern, g.write)
			}
			fresh := t.TempDir()
			if err := g.write(newTestTree(), fresh); err != nil {
				t.Fatal(err)
			}
			for _, problem := range compareDirs(t, fresh, committed, g.pattern) {
				t.Errorf("%s/%s; regenerate with: make docs", g.dir, problem)
			}
		})
	}
}

// rewriteGenerated replaces the files of dir matching pattern by freshly
// generated ones, so pages of removed commands disappear.
func rewriteGenerated(t *testing.T, dir, pattern string, write func(*cobra.Command, string) error) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, pattern))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := write(newTestTree(), dir); err != nil {
		t.Fatal(err)
	}
}

// compareDirs lists the files matching pattern that differ between the
// generated and the committed folder.
func compareDirs(t *testing.T, generated, committed, pattern string) []string {
	t.Helper()
	names := func(dir string) []string {
		paths, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range paths {
			paths[i] = filepath.Base(p)
		}
		return paths
	}
	want, have := names(generated), names(committed)
	var problems []string
	for _, name := range want {
		if !slices.Contains(have, name) {
			problems = append(problems, name+" is missing")
			continue
		}
		a, _ := os.ReadFile(filepath.Join(generated, name))
		b, _ := os.ReadFile(filepath.Join(committed, name))
		if !bytes.Equal(a, b) {
			problems = append(problems, name+" is stale")
		}
	}
	for _, name := range have {
		if !slices.Contains(want, name) {
			problems = append(problems, name+" belongs to no command")
		}
	}
	return problems
}

// TestManPagesRender renders every page with groff and fails on any warning.
func TestManPagesRender(t *testing.T) {
	groff, err := exec.LookPath("groff")
	if err != nil {
		testenv.Missing(t, "groff is not installed (apt-get install groff-base)")
	}
	dir := t.TempDir()
	if err := writeManPages(newTestTree(), dir); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(pages) < 10 {
		t.Fatalf("only %d man pages generated: %v", len(pages), pages)
	}
	for _, page := range pages {
		t.Run(filepath.Base(page), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			render := exec.Command(groff, "-k", "-man", "-Tutf8", "-ww", "-P-cbu", page)
			render.Stdout, render.Stderr = &stdout, &stderr
			if err := render.Run(); err != nil || stderr.Len() > 0 {
				t.Fatalf("groff: %v\n%s", err, stderr.String())
			}
			text := stdout.String()
			for _, section := range []string{"NAME", "SYNOPSIS", "DESCRIPTION"} {
				if !strings.Contains(text, "\n"+section+"\n") {
					t.Errorf("rendered page has no %s section", section)
				}
			}
		})
	}
}

// TestManPagesAreMachineIndependent generates the pages again in a child
// process that sees one CPU and another home folder, and fails when they
// differ: a default taken from the machine would make the committed pages
// stale everywhere else.
func TestManPagesAreMachineIndependent(t *testing.T) {
	if dir := os.Getenv("FFPROBE_API_TEST_MAN_DIR"); dir != "" { // the child
		if err := writeManPages(newTestTree(), dir); err != nil {
			t.Fatal(err)
		}
		return
	}
	taskset, err := exec.LookPath("taskset")
	if err != nil || runtime.NumCPU() < 2 {
		t.Skipf("needs taskset and 2 CPUs to vary the CPU count (have %d CPUs, taskset: %v)", runtime.NumCPU(), err)
	}
	here, there, home := t.TempDir(), t.TempDir(), t.TempDir()
	if err := writeManPages(newTestTree(), here); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(taskset, "-c", "0", os.Args[0], "-test.run=^TestManPagesAreMachineIndependent$")
	child.Env = append(os.Environ(), "FFPROBE_API_TEST_MAN_DIR="+there, "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_DATA_HOME="+filepath.Join(home, ".data"))
	if out, err := child.CombinedOutput(); err != nil {
		t.Fatalf("generating in a child on one CPU: %v\n%s", err, out)
	}
	for _, problem := range compareDirs(t, there, here, "*.1") {
		t.Errorf("with one CPU and another home folder, %s: a flag default depends on the machine (make 0 mean one per CPU, or print $HOME)", problem)
	}
}

// TestEveryCommandHasExample walks the whole tree, hidden commands too:
// every --help must show an example a user can paste.
func TestEveryCommandHasExample(t *testing.T) {
	var missing []string
	forEachCommand(newTestTree(), func(c *cobra.Command) {
		switch {
		case strings.TrimSpace(c.Example) == "":
			missing = append(missing, c.CommandPath())
		case !strings.Contains(c.Example, "ffprobe-api "):
			t.Errorf("%s: the example never runs ffprobe-api:\n%s", c.CommandPath(), c.Example)
		}
	})
	if len(missing) > 0 {
		t.Errorf("%d commands have no Example in their --help:\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
}

// TestREADMEUsageCoversEveryCommand checks README.md's Usage section
// against the tree: each top-level command must appear as "ffprobe-api NAME".
func TestREADMEUsageCoversEveryCommand(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	usage, ok := markdownSection(string(data), "## Usage")
	if !ok {
		t.Fatal(`README.md has no "## Usage" section`)
	}
	for _, c := range newTestTree().Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		if !regexp.MustCompile(`ffprobe-api ` + regexp.QuoteMeta(c.Name()) + `\b`).MatchString(usage) {
			t.Errorf("README.md's Usage section never shows %q", "ffprobe-api "+c.Name())
		}
	}
}

// markdownSection returns the text from the heading line to the next
// heading of the same level.
func markdownSection(doc, heading string) (string, bool) {
	start := strings.Index(doc, "\n"+heading+"\n")
	if start < 0 {
		return "", false
	}
	body := doc[start+len(heading)+2:]
	if end := strings.Index(body, "\n"+strings.Fields(heading)[0]+" "); end >= 0 {
		body = body[:end]
	}
	return body, true
}
