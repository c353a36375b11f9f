package acl

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package pure: the standard library without I/O or
// the clock, and internal/apierr.
func TestImports(t *testing.T) {
	allowed := map[string]bool{"github.com/coffer-s3/coffer/internal/apierr": true}
	forbidden := map[string]bool{"os": true, "net": true, "net/http": true, "time": true, "io/fs": true, "syscall": true}
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
			first, _, _ := strings.Cut(path, "/")
			if (strings.Contains(first, ".") && !allowed[path]) || forbidden[path] {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
