package testfixture

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/index"
)

// A dataset is a catalogue built into a snapshot once per test binary and
// shared by its tests: a snapshot is read-only, so sharing is safe.
type dataset struct {
	once sync.Once
	cat  *data.Catalogue
	snap *index.Snapshot
	path string
	err  error
}

var ningboSet, monacoSet dataset

// load builds the dataset on first use.
func (d *dataset) load(name string, build func(path string) (*data.Catalogue, error)) (*data.Catalogue, *index.Snapshot, error) {
	d.once.Do(func() {
		dir, err := os.MkdirTemp("", "skillcircle-"+name+"-*")
		if err != nil {
			d.err = err
			return
		}
		d.path = filepath.Join(dir, name+".db")
		if d.cat, d.err = build(d.path); d.err != nil {
			return
		}
		d.snap, d.err = index.Open(d.path)
	})
	return d.cat, d.snap, d.err
}

func (d *dataset) close() {
	if d.snap != nil {
		d.snap.Close()
	}
	if d.path != "" {
		os.RemoveAll(filepath.Dir(d.path))
	}
}

// Cleanup closes the shared snapshots and removes their files; a TestMain
// calls it once m.Run returns.
func Cleanup() {
	ningboSet.close()
	monacoSet.close()
}

// Main runs a package's tests and then Cleanup, for a TestMain with
// nothing else to do.
func Main(m *testing.M) {
	code := m.Run()
	Cleanup()
	os.Exit(code)
}

// LoadNingbo loads the default Ningbo catalogue (data/ningbo, embedded)
// and builds it into a snapshot, once per test binary; for an Example,
// which has no testing.TB. Tests call Ningbo.
func LoadNingbo() (*data.Catalogue, *index.Snapshot, error) {
	return ningboSet.load("ningbo", func(path string) (*data.Catalogue, error) {
		cat, report, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
		if err != nil {
			return nil, err
		}
		_, err = index.Build(context.Background(), path, cat, index.BuildOptions{SourceChecksum: report.Checksum})
		return cat, err
	})
}

// Ningbo is the snapshot of the default Ningbo catalogue, shared by the
// test binary's tests.
func Ningbo(tb testing.TB) *index.Snapshot {
	tb.Helper()
	_, snap, err := LoadNingbo()
	if err != nil {
		tb.Fatal(err)
	}
	return snap
}

// NingboCatalogue is the catalogue Ningbo's snapshot was built from (read
// it, never change it).
func NingboCatalogue(tb testing.TB) *data.Catalogue {
	tb.Helper()
	cat, _, err := LoadNingbo()
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// NingboPath is the file of Ningbo's snapshot.
func NingboPath(tb testing.TB) string {
	Ningbo(tb)
	return ningboSet.path
}

// Monaco is the snapshot of index/testdata/monaco (a made-up catalogue of
// 11 sites: 8 in Monaco, 3 in a district to the east, 2 of them beyond the
// extract) built with the real road network of testdata/osm/monaco.osm.pbf,
// shared by the test binary's tests.
func Monaco(tb testing.TB) *index.Snapshot {
	tb.Helper()
	_, snap := monaco(tb)
	return snap
}

// MonacoCatalogue is the catalogue Monaco's snapshot was built from.
func MonacoCatalogue(tb testing.TB) *data.Catalogue {
	tb.Helper()
	cat, _ := monaco(tb)
	return cat
}

func monaco(tb testing.TB) (*data.Catalogue, *index.Snapshot) {
	tb.Helper()
	dir, extract := Path(tb, "index/testdata/monaco"), OSMExtract(tb, "monaco.osm.pbf")
	cat, snap, err := monacoSet.load("monaco", func(path string) (*data.Catalogue, error) {
		cat, report, err := data.Load(os.DirFS(dir), data.LoadOptions{})
		if err != nil {
			return nil, err
		}
		net, st, err := osm.Import(context.Background(), extract, osm.Options{})
		if err != nil {
			return nil, err
		}
		_, err = index.Build(context.Background(), path, cat, index.BuildOptions{
			SourceChecksum: report.Checksum, Network: net, NetworkSource: "monaco.osm.pbf", NetworkChecksum: st.SHA256,
		})
		return cat, err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return cat, snap
}
