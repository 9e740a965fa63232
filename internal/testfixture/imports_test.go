package testfixture_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// module is this repository's module path.
const module = "github.com/skillcircle/skillcircle"

// pkg is what `go list -json` says of a package that the rules read.
type pkg struct {
	ImportPath                         string
	Imports, TestImports, XTestImports []string
}

// TestImportRules keeps the layering README.md's "How it is built" draws,
// for code and tests alike: only index (the snapshot) imports bbolt and
// bleve; geo imports no package of this module; nothing imports cmd; only
// api imports echo.
func TestImportRules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,TestImports,XTestImports", module+"/...")
	cmd.Dir = testfixture.Root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	for _, p := range pkgs {
		for _, imp := range append(append(p.Imports, p.TestImports...), p.XTestImports...) {
			if why := broken(p.ImportPath, imp); why != "" {
				t.Errorf("%s imports %s: %s", p.ImportPath, imp, why)
			}
		}
	}
}

// broken says which rule importer importing imported breaks, "" if none.
func broken(importer, imported string) string {
	under := func(path, prefix string) bool { return path == prefix || strings.HasPrefix(path, prefix+"/") }
	switch {
	case (under(imported, "go.etcd.io/bbolt") || under(imported, "github.com/blevesearch")) && importer != module+"/index":
		return "only index (the snapshot) touches bbolt and bleve"
	case under(importer, module+"/geo") && under(imported, module) && !under(imported, module+"/geo"):
		return "geo imports no package of this module but its own"
	case under(imported, module+"/cmd"):
		return "nothing imports a command"
	case under(imported, "github.com/labstack/echo") && importer != module+"/api":
		return "only api imports echo"
	}
	return ""
}

func TestBroken(t *testing.T) {
	for _, tc := range []struct {
		importer, imported string
		broken             bool
	}{
		{module + "/index", "go.etcd.io/bbolt", false},
		{module + "/index/plan", "go.etcd.io/bbolt", true},
		{module + "/api", "github.com/blevesearch/bleve/v2/search", true},
		{module + "/geo/route", module + "/geo", false},
		{module + "/geo/route", module + "/data", true},
		{module + "/geo", "github.com/paulmach/orb", false},
		{module + "/api", module + "/cmd/skillcircle", true},
		{module + "/api", "github.com/labstack/echo/v4/middleware", false},
		{module + "/cmd/skillcircle", "github.com/labstack/echo/v4", true},
	} {
		if got := broken(tc.importer, tc.imported) != ""; got != tc.broken {
			t.Errorf("%s -> %s: broken %v, want %v", tc.importer, tc.imported, got, tc.broken)
		}
	}
}
