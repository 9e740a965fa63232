package index

import (
	"path/filepath"
	"testing"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

// openNingbo builds the default Ningbo snapshot in the test's temporary
// directory and opens it, for the tests inside the package; it is closed
// when the test ends.
func openNingbo(t *testing.T) *Snapshot {
	t.Helper()
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ningbo.db")
	if _, err := Build(t.Context(), path, cat, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	snap, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snap.Close() })
	return snap
}
