package clientip

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayering fails when this package imports server, cmd or store:
// security's packages sit below them (ARCHITECTURE.md).
func TestLayering(t *testing.T) {
	const module = "github.com/ffprobe-api/ffprobe-api/"
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files here (%v)", err)
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
			for _, above := range []string{"server", "cmd", "store"} {
				if path == module+above || strings.HasPrefix(path, module+above+"/") {
					t.Errorf("%s imports %s; security's packages must not import %s", name, path, above)
				}
			}
		}
	}
}
