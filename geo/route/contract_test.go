package route_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/route/synth"
)

// synthCity is a generated 14 x 12 km network over central Ningbo with its
// rivers, about 60,000 nodes: a city's street pattern at a size that keeps
// the tests in seconds.
func synthCity(tb testing.TB) *route.Network {
	tb.Helper()
	o := synth.Ningbo(orb.Bound{Min: orb.Point{121.48, 29.82}, Max: orb.Point{121.62, 29.93}}, 60000)
	net, _, err := synth.Network(o)
	if err != nil {
		tb.Fatal(err)
	}
	return net
}

// randomPoints are n points inside the network's bound.
func randomPoints(net *route.Network, n int, seed uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, 7))
	b := net.Bound()
	out := make([]orb.Point, n)
	for i := range out {
		out[i] = orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
	}
	return out
}

// checkBuckets compares the hierarchy's many-to-one times with a plain
// Dijkstra search on the full graph from each origin: the same targets
// reached within the bound, times within a tenth of a minute.
func checkBuckets(t *testing.T, net *route.Network, m route.Mode, origins, targets []orb.Point, maxSeconds float64) {
	t.Helper()
	h := net.Contract(m)
	b := net.NewBuckets(h, targets, nil, maxSeconds)
	reached := 0
	for _, o := range origins {
		got := map[int32]float64{}
		net.From(b, o, maxSeconds, func(ti int32, sec float64) { got[ti] = sec })
		ref := net.Search(m, []route.Source{{Point: o}}, maxSeconds, false)
		for ti, p := range targets {
			want, ok := ref.At(p)
			sec, found := got[int32(ti)]
			switch {
			case ok != found && math.Abs(want-maxSeconds) > 6 && math.Abs(sec-maxSeconds) > 6:
				t.Fatalf("%s %v -> %v: hierarchy %v (%v), Dijkstra %v (%v)", m, o, p, sec, found, want, ok)
			case ok && found && math.Abs(sec-want) > 6:
				t.Fatalf("%s %v -> %v: hierarchy %.1f s, Dijkstra %.1f s", m, o, p, sec, want)
			}
			if ok {
				reached++
			}
		}
	}
	if reached < len(origins) {
		t.Errorf("%s: only %d of %d pairs reached: the check checks little", m, reached, len(origins)*len(targets))
	}
}

func TestHierarchyMatchesDijkstraOnGeneratedCity(t *testing.T) {
	net := synthCity(t)
	origins, targets := randomPoints(net, 25, 1), randomPoints(net, 40, 2)
	for _, m := range route.Modes {
		t.Run(m.String(), func(t *testing.T) { checkBuckets(t, net, m, origins, targets, 1800) })
	}
}

// The region's core at a city's size: a generated network of about
// 400,000 nodes, 30 x 26 km around 三江口.
var benchCity struct {
	sync.Once
	net *route.Network
}

func benchCityNetwork(b *testing.B) *route.Network {
	benchCity.Do(func() {
		o := synth.Ningbo(orb.Bound{Min: orb.Point{121.40, 29.75}, Max: orb.Point{121.71, 29.99}}, 400000)
		benchCity.net, _, _ = synth.Network(o)
	})
	return benchCity.net
}

// BenchmarkIsochroneGenerated: an isochrone by a plain Dijkstra search
// (Network.Isochrone) and by Sweep on the hierarchy, on the generated
// city (the hierarchy is made once, outside the timing).
func BenchmarkIsochroneGenerated(b *testing.B) {
	hierarchies := map[route.Mode]*route.Hierarchy{}
	for _, tc := range []struct {
		m       route.Mode
		minutes float64
		res     int
	}{{route.Walk, 15, 9}, {route.EBike, 30, 8}, {route.Drive, 30, 8}} {
		b.Run(fmt.Sprintf("%s%.0f/dijkstra", tc.m, tc.minutes), func(b *testing.B) {
			net := benchCityNetwork(b)
			origins := randomPoints(net, 64, 5)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				net.Isochrone(tc.m, origins[i%len(origins)], tc.minutes, tc.res)
			}
		})
		b.Run(fmt.Sprintf("%s%.0f/sweep", tc.m, tc.minutes), func(b *testing.B) {
			net := benchCityNetwork(b)
			h, ok := hierarchies[tc.m]
			if !ok {
				h = net.Contract(tc.m)
				hierarchies[tc.m] = h
			}
			origins := randomPoints(net, 64, 5)
			net.Sweep(h, origins[0], 60).Release() // lay out the hierarchy
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				t := net.Sweep(h, origins[i%len(origins)], tc.minutes*60)
				t.Cells(tc.res)
				t.Release()
			}
		})
	}
}

// Sweep (a hierarchy's one-to-all pass, or a Dijkstra search when few
// nodes are in reach) reaches the nodes a plain bounded Dijkstra search
// reaches, at the same times (to the rounding of their sums); so its
// isochrones are the same cells.
func TestSweepMatchesDijkstra(t *testing.T) {
	net := synthCity(t)
	for _, m := range []route.Mode{route.Walk, route.EBike, route.Drive} {
		h := net.Contract(m)
		for i, o := range randomPoints(net, 12, 3) {
			for _, minutes := range []float64{5, 30} {
				ref := net.Search(m, []route.Source{{Point: o}}, minutes*60, false)
				got := net.Sweep(h, o, minutes*60)
				for v := range int32(net.NumNodes()) {
					a, okA := ref.Node(v)
					b, okB := got.Node(v)
					if okA != okB && math.Abs(max(a, b)-minutes*60) > 0.05 {
						t.Fatalf("%s %d %v min: node %d reached by Dijkstra %v (%.2f s), by Sweep %v (%.2f s)", m, i, minutes, v, okA, a, okB, b)
					}
					if okA && okB && math.Abs(a-b) > 0.05 {
						t.Fatalf("%s %d %v min: node %d at %.3f s by Dijkstra, %.3f s by Sweep", m, i, minutes, v, a, b)
					}
				}
				if d := len(got.Reached()) - len(ref.Reached()); d < -2 || d > 2 {
					t.Errorf("%s %d: %d nodes reached, Dijkstra %d", m, i, len(got.Reached()), len(ref.Reached()))
				}
				if a, b := ref.Cells(8), got.Cells(8); !slices.Equal(a, b) {
					t.Errorf("%s %d %v min: %d cells, Dijkstra %d", m, i, minutes, len(b), len(a))
				}
				got.Release()
				ref.Release()
			}
		}
	}
}
