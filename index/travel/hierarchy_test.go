package travel_test

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// The site indexes' routing core (route.Contract, route.Buckets) against
// an independent reference, a plain Dijkstra search on the full graph
// (route.Network.Search), on every real extract in testdata/osm: random
// origin and target points inside each extract's coverage, every mode,
// the same targets reached within the bound and each time within a tenth
// of a minute. (geo/route checks the same on a generated city.)
func TestHierarchyMatchesDijkstraOnRealExtracts(t *testing.T) {
	dir := filepath.Dir(testfixture.OSMExtract(t, "monaco.osm.pbf"))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	extracts := 0
	for _, e := range entries {
		if _, err := osm.FormatOf(e.Name()); err != nil {
			continue
		}
		extracts++
		t.Run(e.Name(), func(t *testing.T) {
			net, _, err := osm.Import(context.Background(), filepath.Join(dir, e.Name()), osm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cover := geo.NewArea(orb.MultiPolygon{{net.Hull()}})
			origins, targets := pointsIn(net, cover, 20, 1), pointsIn(net, cover, 30, 2)
			for _, m := range route.Modes {
				if net.NumEdges(m) > 0 {
					compareWithDijkstra(t, net, m, origins, targets, 1800)
				}
			}
		})
	}
	if extracts < 5 {
		t.Errorf("%d extracts in %s", extracts, dir)
	}
}

// pointsIn returns n random points inside cover, each up to about 150 m
// from a random node (random points in a mountain extract's hull are
// mostly too far from any road to join it).
func pointsIn(net *route.Network, cover *geo.Area, n int, seed uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, 11))
	var out []orb.Point
	for len(out) < n {
		q := net.Point(int32(rng.IntN(net.NumNodes())))
		p := orb.Point{q[0] + (rng.Float64()-0.5)*0.003, q[1] + (rng.Float64()-0.5)*0.002}
		if cover.Contains(p) {
			out = append(out, p)
		}
	}
	return out
}

func compareWithDijkstra(t *testing.T, net *route.Network, m route.Mode, origins, targets []orb.Point, maxSeconds float64) {
	t.Helper()
	h := net.Contract(m)
	b := net.NewBuckets(h, targets, nil, maxSeconds)
	pairs := 0
	for _, o := range origins {
		got := map[int32]float64{}
		net.From(b, o, maxSeconds, func(ti int32, sec float64) { got[ti] = sec })
		ref := net.Search(m, []route.Source{{Point: o}}, maxSeconds, false)
		for ti, p := range targets {
			want, ok := ref.At(p)
			sec, found := got[int32(ti)]
			if ok != found && !(found && sec > maxSeconds-6) && !(ok && want > maxSeconds-6) {
				t.Fatalf("%s %v -> %v: hierarchy %.1f s (%v), Dijkstra %.1f s (%v)", m, o, p, sec, found, want, ok)
			}
			if ok && found && math.Abs(sec-want) > 6 {
				t.Fatalf("%s %v -> %v: hierarchy %.1f s, Dijkstra %.1f s", m, o, p, sec, want)
			}
			if ok {
				pairs++
			}
		}
	}
	if pairs == 0 {
		t.Errorf("%s: no pair reached: the comparison compares nothing", m)
	}
}
