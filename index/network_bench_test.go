package index_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// monacoOrigins are points in Monaco, inside the network's coverage.
func monacoOrigins(snap *index.Snapshot, n int) []orb.Point {
	rng := rand.New(rand.NewPCG(3, 4))
	cover := geo.NewArea(orb.MultiPolygon{snap.NetworkCoverage()})
	var out []orb.Point
	for len(out) < n {
		p := orb.Point{7.410 + rng.Float64()*0.028, 43.727 + rng.Float64()*0.020}
		if cover.Contains(p) {
			out = append(out, p)
		}
	}
	return out
}

// BenchmarkBuildMonacoNetwork is `skillcircle build --osm monaco.osm.pbf`
// on testdata/monaco without the command: the import, the site tables
// (one reverse search per site and mode), the text index, the file.
func BenchmarkBuildMonacoNetwork(b *testing.B) {
	extract := monacoExtract(b)
	cat, _, err := data.Load(os.DirFS("testdata/monaco"), data.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		net, _, err := osm.Import(context.Background(), extract, osm.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := index.Build(context.Background(), filepath.Join(dir, "m.db"), cat, index.BuildOptions{Network: net}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchMonacoIsochrone(b *testing.B, mode geo.Mode, minutes int) {
	_, snap, _ := monacoSnapshot(b)
	origins := monacoOrigins(snap, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		iso, err := snap.Isochrone(origins[i%len(origins)], mode, minutes)
		if err != nil || iso.Source != index.SourceNetwork {
			b.Fatal(err, iso.Source)
		}
	}
}

func BenchmarkIsochroneMonacoWalk15(b *testing.B)  { benchMonacoIsochrone(b, geo.Walk, 15) }
func BenchmarkIsochroneMonacoEBike15(b *testing.B) { benchMonacoIsochrone(b, geo.EBike, 15) }
func BenchmarkIsochroneMonacoDrive30(b *testing.B) { benchMonacoIsochrone(b, geo.Drive, 30) }

func benchMonacoSearch(b *testing.B, mode geo.Mode, minutes int) {
	_, snap, _ := monacoSnapshot(b)
	origins := monacoOrigins(snap, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := snap.Search(context.Background(), index.Query{Origin: origins[i%len(origins)], Mode: mode, Minutes: minutes}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchMonacoWalk15(b *testing.B)  { benchMonacoSearch(b, geo.Walk, 15) }
func BenchmarkSearchMonacoDrive30(b *testing.B) { benchMonacoSearch(b, geo.Drive, 30) }

func BenchmarkSearchTransit20(b *testing.B) {
	benchSearch(b, index.Query{Mode: geo.Transit, Minutes: 20}, nil)
}

func BenchmarkIsochroneTransit20(b *testing.B) {
	cat, snap := ningboSnapshot(b)
	origins := benchOrigins(cat, 64)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := snap.Isochrone(origins[i%len(origins)], geo.Transit, 20); err != nil {
			b.Fatal(err)
		}
	}
}
