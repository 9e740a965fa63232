// Package testfixture finds the files that tests read inside this
// repository, so that a clone with nothing beside it tests the same as a
// working copy, and builds the datasets tests share: one helper per
// dataset (Ningbo, Monaco), each built into a snapshot once per test
// binary, from in-repository data only.
//
// Only tests import it. It imports index, so index's own internal tests
// (package index) cannot: they find their files by relative path.
package testfixture

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root is the repository's top directory, found from this file's place in
// it (tests run in their package's directory, at varying depths).
func Root(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("testfixture: cannot locate the repository")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Path is the file at rel (slash-separated, from the repository's top);
// a missing file fails the test rather than skipping it.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Root(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("testfixture: %v", err)
	}
	return p
}

// OSMExtract is one of the real OpenStreetMap extracts in testdata/osm
// (see testdata/osm/README.md for each one's source; ODbL).
func OSMExtract(tb testing.TB, name string) string {
	tb.Helper()
	return Path(tb, "testdata/osm/"+name)
}
