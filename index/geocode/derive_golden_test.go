package geocode_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/index/geocode"
)

var update = flag.Bool("update", false, "rewrite testdata/derived.golden")

// The names Derive gives the test gazetteer, as kept in
// testdata/derived.golden. A snapshot stores these names, so a change to
// how names are derived must bump index.FormatVersion: this test fails to
// say so. After bumping it, rewrite the file with -update and read the
// diff.
func TestDeriveGolden(t *testing.T) {
	names, err := geocode.Derive(testEntries())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, e := range testEntries() {
		fmt.Fprintf(&b, "%s %s\n", e.Kind, e.ID)
		for _, n := range names[i] {
			fmt.Fprintf(&b, "\t%s %.4f latin=%v\n", n.Key, n.Quality, n.Latin)
		}
	}
	path := filepath.Join("testdata", "derived.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("Derive's names changed: snapshots store them, so bump index.FormatVersion, then rewrite %s with -update\n got:\n%s", path, b.String())
	}
}
