// Package layers holds the test that keeps the architecture's layering:
// lower layers never import higher ones (see ARCHITECTURE.md).
package layers

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

const module = "github.com/ffprobe-api/ffprobe-api/"

// allowed lists, per top-level folder, the folders of this module its
// non-test code may import (besides itself and internal/buildinfo).
// probe/ imports nothing else of ours; store/ and security/ only probe's
// public types; server/ the three libraries; cmd/ wires everything.
var allowed = map[string][]string{
	"probe":    {},
	"store":    {"probe"},
	"security": {"probe"},
	"server":   {"probe", "store", "security"},
	"cmd":      {"probe", "store", "security", "server", "internal"},
	"internal": {"probe"},
}

func TestLayering(t *testing.T) {
	root := testenv.ModuleRoot()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
		rules, ok := allowed[top]
		if !ok {
			return nil // main.go and folders without rules
		}
		checked++
		for _, imp := range importsOf(t, path) {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			dep := strings.SplitN(strings.TrimPrefix(imp, module), "/", 2)[0]
			if dep == top || imp == module+"internal/buildinfo" || slices.Contains(rules, dep) || testSupport(rel, imp) {
				continue
			}
			t.Errorf("%s imports %s: %s/ may import only %v of this module", rel, imp, top, rules)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d files checked; the walk is broken", checked)
	}
}

func importsOf(t *testing.T, path string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		out = append(out, p)
	}
	return out
}

// testSupport admits the test helpers of test-support packages
// (store/storetest, server/servertest), which only tests import.
func testSupport(file, imp string) bool {
	dir := filepath.Base(filepath.Dir(file))
	return strings.HasSuffix(dir, "test") && strings.HasPrefix(imp, module+"internal/test")
}
