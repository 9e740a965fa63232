package route_test

import (
	"math"
	"math/rand/v2"
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
