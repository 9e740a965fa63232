package route_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/skillcircle/skillcircle/geo/route"
)

// haversine is the test's own great-circle distance (same mean radius).
func haversine(a, b orb.Point) float64 {
	const r = 6371008.8
	la1, la2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dla, dlo := la2-la1, (b[0]-a[0])*math.Pi/180
	h := math.Pow(math.Sin(dla/2), 2) + math.Cos(la1)*math.Cos(la2)*math.Pow(math.Sin(dlo/2), 2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

type testWay struct {
	refs []int64
	tags route.TagMap
}

type testGraph struct {
	nodes map[int64]orb.Point
	ways  []testWay
}

var tagPool = []route.TagMap{
	{"highway": "residential"},
	{"highway": "residential", "oneway": "yes"},
	{"highway": "secondary", "oneway": "-1"},
	{"highway": "footway"},
	{"highway": "cycleway"},
	{"highway": "primary", "maxspeed": "60"},
	{"highway": "motorway"},
	{"highway": "service", "access": "private"},
	{"highway": "path"},
	{"highway": "tertiary", "junction": "roundabout"},
	{"highway": "steps"},
	{"highway": "track"},
}

// randomGraph makes n nodes in a box about 2 km wide near Ningbo and ways
// of 2-4 random nodes with random tags; some ways use a node id that is
// never given a position.
func randomGraph(seed uint64, n, ways int) testGraph {
	r := rand.New(rand.NewPCG(seed, 7))
	g := testGraph{nodes: map[int64]orb.Point{}}
	for i := range n {
		// on the network's 1e-7 degree grid, so that distances agree exactly
		g.nodes[int64(100+i)] = orb.Point{
			math.Round((121.55+r.Float64()*0.02)*1e7) / 1e7,
			math.Round((29.87+r.Float64()*0.02)*1e7) / 1e7,
		}
	}
	for range ways {
		k := 2 + r.IntN(3)
		refs := make([]int64, k)
		for j := range refs {
			refs[j] = int64(100 + r.IntN(n))
			if r.IntN(40) == 0 {
				refs[j] = 99999 // never positioned
			}
		}
		g.ways = append(g.ways, testWay{refs, tagPool[r.IntN(len(tagPool))]})
	}
	return g
}

func (g testGraph) build(t testing.TB) (*route.Network, route.BuildStats) {
	t.Helper()
	b := route.NewBuilder()
	for _, w := range g.ways {
		if _, err := b.AddWay(w.refs, w.tags); err != nil {
			t.Fatal(err)
		}
	}
	ids := make([]int64, 0, len(g.nodes))
	for id := range g.nodes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		b.AddNode(id, g.nodes[id])
	}
	net, st, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return net, st
}

// floydWarshall computes all-pairs times for mode m straight from the ways
// and the rules, indexed by OSM node id.
func (g testGraph) floydWarshall(m route.Mode) (ids []int64, d [][]float64) {
	set := map[int64]bool{}
	type edge struct {
		a, b int64
		s    float64
	}
	var edges []edge
	for _, w := range g.ways {
		dir := route.Access(w.tags, m)
		kmh := route.Speed(w.tags, m)
		if dir == 0 {
			continue
		}
		for i := 1; i < len(w.refs); i++ {
			a, b := w.refs[i-1], w.refs[i]
			pa, oka := g.nodes[a]
			pb, okb := g.nodes[b]
			if !oka || !okb || a == b {
				continue
			}
			s := haversine(pa, pb) / (kmh / 3.6)
			if dir&route.Forward != 0 {
				edges = append(edges, edge{a, b, s})
			}
			if dir&route.Backward != 0 {
				edges = append(edges, edge{b, a, s})
			}
			set[a], set[b] = true, true
		}
	}
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pos := map[int64]int{}
	for i, id := range ids {
		pos[id] = i
	}
	d = make([][]float64, len(ids))
	for i := range d {
		d[i] = make([]float64, len(ids))
		for j := range d[i] {
			d[i][j] = math.Inf(1)
		}
		d[i][i] = 0
	}
	for _, e := range edges {
		i, j := pos[e.a], pos[e.b]
		d[i][j] = math.Min(d[i][j], e.s)
	}
	for k := range ids {
		for i := range ids {
			for j := range ids {
				if v := d[i][k] + d[k][j]; v < d[i][j] {
					d[i][j] = v
				}
			}
		}
	}
	return ids, d
}

func TestSearchMatchesFloydWarshall(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		g := randomGraph(seed, 30, 45)
		net, _ := g.build(t)
		for _, m := range route.Modes {
			t.Run(fmt.Sprintf("seed%d/%v", seed, m), func(t *testing.T) {
				ids, d := g.floydWarshall(m)
				for i, src := range ids {
					s, ok := net.NodeByOSMID(src)
					if !ok {
						t.Fatalf("node %d missing from network", src)
					}
					times := net.Search(m, []route.Source{route.NodeSource(s, 0)}, math.Inf(1), false)
					for j, dst := range ids {
						v, _ := net.NodeByOSMID(dst)
						got, reached := times.Node(v)
						want := d[i][j]
						if reached != !math.IsInf(want, 1) {
							t.Fatalf("%d->%d reached=%v, Floyd-Warshall %v", src, dst, reached, want)
						}
						if reached && math.Abs(got-want) > 1e-3+1e-5*want {
							t.Fatalf("%d->%d = %.4f s, Floyd-Warshall %.4f s", src, dst, got, want)
						}
					}
				}
			})
		}
	}
}

func TestBoundedSearch(t *testing.T) {
	g := randomGraph(42, 40, 70)
	net, _ := g.build(t)
	for _, m := range route.Modes {
		ids, d := g.floydWarshall(m)
		if len(ids) == 0 {
			continue
		}
		for _, bound := range []float64{0, 30, 120, 600} {
			t.Run(fmt.Sprintf("%v/%gs", m, bound), func(t *testing.T) {
				s, _ := net.NodeByOSMID(ids[0])
				times := net.Search(m, []route.Source{route.NodeSource(s, 0)}, bound, false)
				n := 0
				prev := -1.0
				for _, v := range times.Reached() {
					sec, ok := times.Node(v)
					if !ok || sec > bound || sec < prev {
						t.Fatalf("reached node %d at %v (ok %v), bound %v, previous %v", v, sec, ok, bound, prev)
					}
					prev = sec
				}
				for j := range ids {
					if d[0][j] <= bound-1e-3 {
						n++
					}
				}
				if got := len(times.Reached()); got < n {
					t.Errorf("reached %d nodes, Floyd-Warshall has %d within %v s", got, n, bound)
				}
			})
		}
	}
}

func TestReverseEqualsForward(t *testing.T) {
	g := randomGraph(7, 40, 70)
	net, _ := g.build(t)
	for _, m := range route.Modes {
		t.Run(m.String(), func(t *testing.T) {
			for a := range int32(net.NumNodes()) {
				if !net.Usable(m, a) {
					continue
				}
				fw := net.Search(m, []route.Source{route.NodeSource(a, 0)}, math.Inf(1), false)
				for b := range int32(net.NumNodes()) {
					if !net.Usable(m, b) {
						continue
					}
					rv := net.Search(m, []route.Source{route.NodeSource(b, 0)}, math.Inf(1), true)
					f, okf := fw.Node(b)
					r, okr := rv.Node(a)
					if okf != okr || math.Abs(f-r) > 1e-3 {
						t.Fatalf("%d->%d forward %v %v, reverse %v %v", a, b, f, okf, r, okr)
					}
				}
			}
		})
	}
}

func TestNearestMatchesBruteForce(t *testing.T) {
	g := randomGraph(3, 200, 150)
	net, _ := g.build(t)
	r := rand.New(rand.NewPCG(9, 9))
	for _, m := range route.Modes {
		t.Run(m.String(), func(t *testing.T) {
			for range 300 {
				p := orb.Point{121.545 + r.Float64()*0.03, 29.865 + r.Float64()*0.03}
				maxM := r.Float64() * 800
				best, bestD := int32(-1), math.Inf(1)
				for v := range int32(net.NumNodes()) {
					if d := haversine(p, net.Point(v)); net.Usable(m, v) && d <= maxM && d < bestD {
						best, bestD = v, d
					}
				}
				v, d, ok := net.Nearest(p, m, maxM)
				if ok != (best >= 0) {
					t.Fatalf("Nearest(%v, %v, %.0f) ok=%v, brute force found %d", p, m, maxM, ok, best)
				}
				if ok && math.Abs(d-bestD) > 1e-6 {
					t.Fatalf("Nearest(%v) = node %d at %.3f m, brute force node %d at %.3f m", p, v, d, best, bestD)
				}
			}
		})
	}
}

// line builds a straight east-west residential street of n nodes 100 m
// apart.
func line(t testing.TB, n int, tags route.TagMap) *route.Network {
	t.Helper()
	b := route.NewBuilder()
	refs := make([]int64, n)
	for i := range refs {
		refs[i] = int64(i + 1)
	}
	if _, err := b.AddWay(refs, tags); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		b.AddNode(int64(i+1), orb.Point{121.5 + float64(i)*metersToLon(100), 29.9})
	}
	net, _, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func metersToLon(m float64) float64 { return m / (111195 * math.Cos(29.9*math.Pi/180)) }

func TestSnapping(t *testing.T) {
	net := line(t, 11, route.TagMap{"highway": "residential"})
	origin := orb.Point{121.5, 29.9}
	tests := []struct {
		name   string
		mode   route.Mode
		to     orb.Point
		wantOK bool
		minSec float64
		maxSec float64
	}{
		{"along the street", route.Walk, orb.Point{121.5 + metersToLon(1000), 29.9}, true, 799, 801},
		// 400 m along, then 141 m diagonally on foot x 1.3 detour: 320 + 147 s
		{"beside the street", route.Walk, orb.Point{121.5 + metersToLon(500), 29.9 + 100/111195.0}, true, 466.5, 467.5},
		{"600 m off on foot", route.Walk, orb.Point{121.5 + metersToLon(500), 29.9 + 600/111195.0}, false, 0, 0},
		{"600 m off by car", route.Drive, orb.Point{121.5 + metersToLon(500), 29.9 + 600/111195.0}, true, 0, math.Inf(1)},
		{"far away", route.Drive, orb.Point{122.5, 30.9}, false, 0, 0},
		{"at the origin", route.Walk, origin, true, 0, 0.001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sec, ok := net.Seconds(tt.mode, origin, tt.to, math.Inf(1))
			if ok != tt.wantOK {
				t.Fatalf("Seconds ok=%v, want %v (%v s)", ok, tt.wantOK, sec)
			}
			if ok && (sec < tt.minSec || sec > tt.maxSec) {
				t.Errorf("Seconds = %.2f, want in [%g, %g]", sec, tt.minSec, tt.maxSec)
			}
		})
	}
	t.Run("unsnappable source reaches nothing", func(t *testing.T) {
		times := net.Search(route.Walk, []route.Source{{Point: orb.Point{0, 0}}}, math.Inf(1), false)
		if len(times.Reached()) != 0 {
			t.Errorf("reached %d nodes", len(times.Reached()))
		}
		if _, ok := times.At(origin); ok {
			t.Error("At(origin) ok from an unsnappable source")
		}
		if cells := times.Cells(9); len(cells) != 0 {
			t.Errorf("%d cells", len(cells))
		}
	})
}

func TestOnewayLine(t *testing.T) {
	net := line(t, 3, route.TagMap{"highway": "residential", "oneway": "yes"})
	a, _ := net.NodeByOSMID(1)
	c, _ := net.NodeByOSMID(3)
	for _, tt := range []struct {
		mode     route.Mode
		from, to int32
		ok       bool
	}{
		{route.Drive, a, c, true},
		{route.Drive, c, a, false},
		{route.Bike, c, a, false},
		{route.Walk, c, a, true},
	} {
		t.Run(fmt.Sprintf("%v %d->%d", tt.mode, tt.from, tt.to), func(t *testing.T) {
			_, ok := net.Search(tt.mode, []route.Source{route.NodeSource(tt.from, 0)}, math.Inf(1), false).Node(tt.to)
			if ok != tt.ok {
				t.Errorf("reached=%v, want %v", ok, tt.ok)
			}
		})
	}
}

func TestBuilder(t *testing.T) {
	t.Run("way after node", func(t *testing.T) {
		b := route.NewBuilder()
		b.AddWay([]int64{1, 2}, route.TagMap{"highway": "residential"})
		b.AddNode(1, orb.Point{1, 1})
		if _, err := b.AddWay([]int64{2, 3}, route.TagMap{"highway": "residential"}); !errors.Is(err, route.ErrWayAfterNode) {
			t.Errorf("err = %v, want ErrWayAfterNode", err)
		}
	})
	t.Run("unroutable and short ways dropped", func(t *testing.T) {
		b := route.NewBuilder()
		for _, w := range []struct {
			refs []int64
			tags route.TagMap
			want bool
		}{
			{[]int64{1, 2}, route.TagMap{"building": "yes"}, false},
			{[]int64{1}, route.TagMap{"highway": "residential"}, false},
			{[]int64{1, 2, 3}, route.TagMap{"highway": "footway"}, true},
		} {
			if got, _ := b.AddWay(w.refs, w.tags); got != w.want {
				t.Errorf("AddWay(%v, %v) = %v", w.refs, w.tags, got)
			}
		}
		if n := b.EndWays(); n != 3 {
			t.Errorf("EndWays = %d, want 3", n)
		}
		if b.WaysKept(route.Walk) != 1 || b.WaysKept(route.Drive) != 0 {
			t.Errorf("WaysKept walk %d drive %d", b.WaysKept(route.Walk), b.WaysKept(route.Drive))
		}
	})
	t.Run("missing node splits the way", func(t *testing.T) {
		b := route.NewBuilder()
		b.AddWay([]int64{1, 2, 3, 4, 5}, route.TagMap{"highway": "residential"})
		for _, id := range []int64{1, 2, 4, 5, 6} {
			want := id != 6
			if got := b.AddNode(id, orb.Point{121 + float64(id)*0.001, 29}); got != want {
				t.Errorf("AddNode(%d) = %v, want %v", id, got, want)
			}
		}
		net, st, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if st.MissingNodes != 1 || st.Nodes != 4 || st.Edges[route.Walk] != 4 {
			t.Errorf("stats %+v, want 1 missing, 4 nodes, 4 walk edges", st)
		}
		a, _ := net.NodeByOSMID(1)
		e, _ := net.NodeByOSMID(5)
		if _, ok := net.Search(route.Walk, []route.Source{route.NodeSource(a, 0)}, math.Inf(1), false).Node(e); ok {
			t.Error("crossed the missing node")
		}
	})
	t.Run("empty", func(t *testing.T) {
		net, st, err := route.NewBuilder().Build()
		if err != nil || net.NumNodes() != 0 || st.Nodes != 0 {
			t.Fatalf("%v %+v %v", net, st, err)
		}
		if _, _, ok := net.Nearest(orb.Point{1, 1}, route.Walk, 1000); ok {
			t.Error("Nearest on an empty network")
		}
		if c := net.Isochrone(route.Walk, orb.Point{1, 1}, 15, 9); len(c) != 0 {
			t.Error("isochrone on an empty network")
		}
	})
}
