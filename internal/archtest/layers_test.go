package archtest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/coffer-s3/coffer/internal/"

// levels orders the packages: a package may import only packages with a
// lower number. Tens are DESIGN.md's levels (0 vocabulary, 10 decisions,
// 20 ports, 30 services, 40 transport, 50 wiring); units order packages
// within a level.
var levels = map[string]int{
	// 0: vocabulary, pure.
	"apierr": 0, "arn": 1, "s3op": 1, "s3xml": 1, "checksum": 1, "sigv4": 1,
	"policy": 2, "postpolicy": 2, "acl": 2, "cors": 2, "lifecycle": 2,
	// 10: decisions, pure.
	"authz": 10, "sse": 10, "netcfg": 10,
	// 20: ports.
	"meta": 20, "blob": 20, "meta/embedded": 21, "meta/metatest": 21, "keys": 22,
	// 30: services.
	"iam": 30, "audit": 30, "control": 30, "engine": 30,
	"access": 31,
	"authn":  32, "sts": 32, "kms": 32, "vpce": 32,
	// 40: transport (queryapi is the query protocol shared by IAM, STS, EC2).
	"queryapi": 39,
	"s3api":    40, "iamapi": 40, "stsapi": 40, "kmsapi": 40, "controlapi": 40, "ec2api": 40,
	// 50: wiring.
	"server": 50,
	// Tools beside the server.
	"loadgen": 60, "archtest": 70,
}

// Pure packages (levels 0 and 10) do no I/O: they may not import the
// filesystem. (They may use net/http's and net's types and parsers: the
// SigV4 verifier reads an *http.Request; nothing pure dials or listens,
// which review keeps so.)
var pureForbidden = []string{"os", "io/fs", "path/filepath", "os/exec", "syscall"}

func TestImportsPointDown(t *testing.T) {
	root := filepath.Join("..")
	var pkgs []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || strings.Contains(p, "testdata") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		if files, _ := filepath.Glob(filepath.Join(p, "*.go")); len(files) > 0 {
			pkgs = append(pkgs, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		lvl, ok := levels[pkg]
		if !ok {
			t.Errorf("internal/%s has no level in archtest: add it", pkg)
			continue
		}
		for imp, file := range imports(t, filepath.Join(root, pkg)) {
			dep, isOurs := strings.CutPrefix(imp, module)
			if !isOurs {
				if lvl < 20 && forbiddenPure(imp) {
					t.Errorf("%s (level %d, pure) imports %s (%s)", pkg, lvl, imp, file)
				}
				continue
			}
			dl, ok := levels[dep]
			if !ok {
				continue // reported above
			}
			if dl >= lvl {
				t.Errorf("%s (level %d) imports %s (level %d) in %s: imports must point down", pkg, lvl, dep, dl, file)
			}
		}
	}
}

// Pure packages read no clock: time comes in as a value.
func TestPurePackagesReadNoClock(t *testing.T) {
	for pkg, lvl := range levels {
		if lvl >= 20 {
			continue
		}
		files, _ := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "time.Now()") {
				t.Errorf("%s (pure, level %d) reads the clock", f, lvl)
			}
		}
	}
}

func forbiddenPure(imp string) bool {
	for _, f := range pureForbidden {
		if imp == f {
			return true
		}
	}
	return false
}

// imports returns the imports of a package's non-test files.
func imports(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range af.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			out[p] = filepath.Base(f)
		}
	}
	return out
}
