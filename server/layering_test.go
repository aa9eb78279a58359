package server

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestLayering fails when the server imports a package of this module
// other than probe (and its policy), store and security: cmd wires the
// server, never the other way round (ARCHITECTURE.md).
func TestLayering(t *testing.T) {
	const module = "github.com/ffprobe-api/ffprobe-api/"
	allowed := []string{"probe", "probe/policy", "probe/remote", "store", "security",
		"security/clientip", "security/netguard", "security/ratelimit"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if rest, ours := strings.CutPrefix(path, module); ours && !slices.Contains(allowed, rest) {
				t.Errorf("%s imports %s; the server may import only %v of this module", name, path, allowed)
			}
		}
	}
}
