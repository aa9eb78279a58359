//go:build !lean

package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyCommand runs `ffprobe-api policy …` in process through Run, the
// real entry point, and compares exit code, stdout and stderr with golden
// files under testdata/policy (refresh with go test -update).
func TestPolicyCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"list", []string{"policy", "list"}, ExitOK},
		{"show-preset", []string{"policy", "show", "preset:podcast"}, ExitOK},
		{"show-file", []string{"policy", "show", "testdata/policy/delivery.yaml"}, ExitOK},
		{"show-unknown-preset", []string{"policy", "show", "preset:wbe"}, ExitTrouble},
		{"check-valid", []string{"policy", "check", "testdata/policy/delivery.yaml", "preset:web", "preset:hdr10"}, ExitOK},
		{"check-invalid", []string{"policy", "check", "testdata/policy/broken.yaml", "testdata/policy/delivery.yaml"}, ExitTrouble},
		{"check-missing-file", []string{"policy", "check", "testdata/policy/nope.yaml"}, ExitTrouble},
		{"check-no-args", []string{"policy", "check"}, ExitTrouble},
		{"unknown-subcommand", []string{"policy", "frob"}, ExitTrouble},
		{"show-bad-output", []string{"policy", "show", "-o", "xml", "preset:web"}, ExitTrouble},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runPolicyCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", code, tt.code, stderr)
			}
			policyGolden(t, filepath.Join("testdata", "policy", tt.name+".stdout"), stdout)
			policyGolden(t, filepath.Join("testdata", "policy", tt.name+".stderr"), stderr)
		})
	}
}

func TestPolicyShowJSON(t *testing.T) {
	stdout, stderr, code := runPolicyCLI(t, "policy", "show", "-o", "json", "preset:web")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"name": "web"`, `"source": "preset:web"`, `"name": "faststart"`, `"expr": "file.faststart == true"`, `"severity": "warning"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("JSON lacks %s:\n%s", want, stdout)
		}
	}
}

// runPolicyCLI runs one command line in process with a clean environment.
func runPolicyCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".data"))
	t.Setenv("NO_COLOR", "1")
	var out, errOut bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	code = Run(context.Background(), streams, args)
	return out.String(), errOut.String(), code
}

// policyGolden compares got with the file (a missing file means empty output),
// or rewrites it with -update (the flag is declared in
// config_reference_test.go).
func policyGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if got == "" {
			_ = os.Remove(path)
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update to accept):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
