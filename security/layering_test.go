package security

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayering fails when security imports a package of this module other
// than probe: the server and cmd adapt the store to security, never the
// other way round (ARCHITECTURE.md).
func TestLayering(t *testing.T) {
	const module = "github.com/ffprobe-api/ffprobe-api/"
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
			if strings.HasPrefix(path, module) && path != module+"probe" {
				t.Errorf("%s imports %s; security may import only %sprobe", name, path, module)
			}
		}
	}
}
