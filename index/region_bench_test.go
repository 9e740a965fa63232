package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/route/synth"
	"github.com/skillcircle/skillcircle/index"
)

// Every mode on a whole region's streets (issue 16): the default Ningbo
// catalogue on a generated network over the bounding box of its districts
// (geo/route/synth), 1,650,000 nodes asked for (about 1.52 million made;
// SKILLCIRCLE_REGION_NODES changes it). Building it takes minutes and more
// than a gigabyte, so these run only with SKILLCIRCLE_REGION=1:
//
//	SKILLCIRCLE_REGION=1 go test -run '^$' -bench '^BenchmarkRegion' -benchtime 1x ./index/
//
// Search and Isochrone report their p50 and p99 over 2,000 origins near
// the sites; peak memory of a build is the test binary's, measured
// outside (/usr/bin/time -v with -bench '^BenchmarkRegionBuild$').

var region struct {
	sync.Mutex
	cat  *data.Catalogue
	net  *route.Network
	dir  string
	path string
	snap *index.Snapshot
}

func regionNodes() int {
	if n, err := strconv.Atoi(os.Getenv("SKILLCIRCLE_REGION_NODES")); err == nil && n > 0 {
		return n
	}
	return 1_650_000
}

// regionNetwork generates the network once per test binary.
func regionNetwork(b *testing.B) (*data.Catalogue, *route.Network) {
	b.Helper()
	if os.Getenv("SKILLCIRCLE_REGION") != "1" {
		b.Skip("set SKILLCIRCLE_REGION=1 to build the region-sized network")
	}
	region.Lock()
	defer region.Unlock()
	if region.net == nil {
		cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		bound := cat.Districts[0].Boundary.Bound()
		for _, d := range cat.Districts {
			bound = bound.Union(d.Boundary.Bound())
		}
		start := time.Now()
		net, _, err := synth.Network(synth.Ningbo(bound, regionNodes()))
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%v generated in %v", net, time.Since(start).Round(time.Millisecond))
		region.cat, region.net = cat, net
	}
	return region.cat, region.net
}

// regionBuild builds a snapshot of the catalogue on the network at path.
func regionBuild(b *testing.B, cat *data.Catalogue, net *route.Network, path string) {
	start := time.Now()
	meta, err := index.Build(context.Background(), path, cat, index.BuildOptions{Network: net, NetworkSource: "synth"})
	if err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/1e6, "MB-snapshot")
	b.Logf("built in %v: %d of %d sites covered, snapshot %.0f MB, network %+v", time.Since(start).Round(time.Millisecond),
		meta.Network.SitesCovered, len(cat.Sites), float64(fi.Size())/1e6, meta.Network)
}

// regionDir holds the region's snapshot until the test binary ends
// (TestMain removes it).
func regionDir(b *testing.B) string {
	if region.dir == "" {
		dir, err := os.MkdirTemp("", "skillcircle-region-*")
		if err != nil {
			b.Fatal(err)
		}
		region.dir = dir
	}
	return region.dir
}

func cleanupRegion() {
	if region.snap != nil {
		region.snap.Close()
	}
	if region.dir != "" {
		os.RemoveAll(region.dir)
	}
}

// regionSnapshot opens the snapshot BenchmarkRegionBuild built, building
// it first if that did not run.
func regionSnapshot(b *testing.B) (*data.Catalogue, *index.Snapshot) {
	b.Helper()
	cat, net := regionNetwork(b)
	region.Lock()
	defer region.Unlock()
	if region.snap == nil {
		if region.path == "" {
			region.path = filepath.Join(regionDir(b), "region.db")
			regionBuild(b, cat, net, region.path)
		}
		var err error
		if region.snap, err = index.Open(region.path); err != nil {
			b.Fatal(err)
		}
	}
	return cat, region.snap
}

// BenchmarkRegionBuild: index.Build with the network (the site indexes,
// the text index, the file); the network itself is generated once, as
// `build --osm` would import it.
func BenchmarkRegionBuild(b *testing.B) {
	cat, net := regionNetwork(b)
	region.Lock()
	dir := regionDir(b)
	region.Unlock()
	for i := 0; b.Loop(); i++ {
		path := filepath.Join(dir, fmt.Sprintf("r%d.db", i))
		regionBuild(b, cat, net, path)
		region.Lock()
		if region.path == "" {
			region.path = path
		}
		region.Unlock()
	}
}

// BenchmarkRegionOpen: from a built file to a snapshot ready to serve.
func BenchmarkRegionOpen(b *testing.B) {
	regionSnapshot(b)
	b.ResetTimer()
	for b.Loop() {
		s, err := index.Open(region.path)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// timeEach times f on each of n calls and reports p50 and p99
// (reportPercentiles).
func timeEach(b *testing.B, n int, f func(i int)) {
	b.ResetTimer()
	for b.Loop() {
		d := make([]time.Duration, n)
		for i := range d {
			start := time.Now()
			f(i)
			d[i] = time.Since(start)
		}
		reportPercentiles(b, d)
	}
}

func BenchmarkRegionSearch(b *testing.B) {
	for _, q := range []index.Query{
		{Mode: geo.Walk, Minutes: 15}, {Mode: geo.Bike, Minutes: 20},
		{Mode: geo.EBike, Minutes: 30}, {Mode: geo.Drive, Minutes: 60},
	} {
		for _, texts := range [][]string{nil, benchTexts} {
			name := fmt.Sprintf("%s%d", q.Mode, q.Minutes)
			if texts != nil {
				name += "-text"
			}
			b.Run(name, func(b *testing.B) {
				cat, snap := regionSnapshot(b)
				origins := benchOrigins(cat, 2000)
				timeEach(b, len(origins), func(i int) {
					q := q
					q.Origin = origins[i]
					if texts != nil {
						q.Text = texts[i%len(texts)]
					}
					if _, err := snap.Search(context.Background(), q); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

func BenchmarkRegionIsochrone(b *testing.B) {
	for _, tc := range []struct {
		mode    geo.Mode
		minutes int
	}{{geo.Walk, 15}, {geo.EBike, 30}, {geo.Drive, 30}} {
		b.Run(fmt.Sprintf("%s%d", tc.mode, tc.minutes), func(b *testing.B) {
			cat, snap := regionSnapshot(b)
			origins := benchOrigins(cat, 500)
			timeEach(b, len(origins), func(i int) {
				iso, err := snap.Isochrone(origins[i], tc.mode, tc.minutes)
				if err != nil || iso.Source != index.SourceNetwork {
					b.Fatal(err, iso.Source, orb.Point(origins[i]))
				}
			})
		})
	}
}
