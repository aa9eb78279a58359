package remote

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayering: remote may use probe's public types and nothing else of
// this module; above all not security (the guard is injected as an
// *http.Client and a CheckURL func).
func TestLayering(t *testing.T) {
	const module = "github.com/ffprobe-api/ffprobe-api/"
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, module) && path != module+"probe" {
				t.Errorf("%s imports %s; remote may import only %sprobe", name, path, module)
			}
		}
	}
}
