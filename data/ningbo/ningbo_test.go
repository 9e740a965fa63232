package ningbo_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

// The binary carries every catalogue file the generator writes here, as
// written, and they load with no problem at all.
func TestEmbeddedCatalogue(t *testing.T) {
	onDisk, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	embedded := map[string]bool{}
	fs.WalkDir(ningbo.Catalogue, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			embedded[path] = true
		}
		return err
	})
	for _, name := range onDisk {
		ext := filepath.Ext(name)
		if ext != ".csv" && ext != ".json" && ext != ".geojson" {
			continue
		}
		if !embedded[name] {
			t.Errorf("%s is in data/ningbo but not embedded: add it to the go:embed line", name)
			continue
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fs.ReadFile(ningbo.Catalogue, name)
		if err != nil || string(got) != string(want) {
			t.Errorf("embedded %s differs from the file (%v)", name, err)
		}
	}
	cat, report, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Skipped) > 0 {
		t.Errorf("problems in the default catalogue: %v", report.Skipped)
	}
	if len(cat.Districts) != 10 || len(cat.Townships) != 156 || len(cat.Courses) < 5000 || len(cat.Sites) < 400 || len(cat.Enterprises) < 300 {
		t.Errorf("%d districts, %d townships, %d courses, %d sites, %d enterprises", len(cat.Districts), len(cat.Townships), len(cat.Courses), len(cat.Sites), len(cat.Enterprises))
	}
}
