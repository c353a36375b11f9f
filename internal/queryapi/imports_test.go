package queryapi

import (
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package's imports pointing down (see doc.go).
func TestImports(t *testing.T) {
	allowed := map[string]bool{"github.com/coffer-s3/coffer/internal/apierr": true}
	forbidden := map[string]bool{"os": true, "os/exec": true, "syscall": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(gotoken.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			std := !strings.Contains(strings.SplitN(path, "/", 2)[0], ".")
			if (std && forbidden[path]) || (!std && !allowed[path]) {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
