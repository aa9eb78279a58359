//go:build !lean

package cmd

import (
	"bytes"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated files (docs/configuration.md, …)")

// TestConfigReferenceUpToDate fails when docs/configuration.md no longer
// matches the command tree. Refresh with: go test ./cmd -run ConfigReference -update
func TestConfigReferenceUpToDate(t *testing.T) {
	a := &app{streams: &IOStreams{}, log: slog.New(slog.DiscardHandler)}
	var got bytes.Buffer
	if err := writeConfigReference(&got, newRootCmd(a)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "docs", "configuration.md")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with: go test ./cmd -run ConfigReference -update)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("docs/configuration.md is stale; regenerate with: make docs")
	}
}

func TestEveryKeyDocumentedWithUsage(t *testing.T) {
	a := &app{streams: &IOStreams{}, log: slog.New(slog.DiscardHandler)}
	global, per := configKeys(newRootCmd(a))
	all := append([]configKey{}, global...)
	for _, keys := range per {
		all = append(all, keys...)
	}
	if len(all) < 8 {
		t.Fatalf("only %d configuration keys found; the walk is broken", len(all))
	}
	for _, k := range all {
		if k.Usage == "" {
			t.Errorf("flag --%s of %v has no help text", k.Key, k.Commands)
		}
	}
}
