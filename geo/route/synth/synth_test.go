package synth_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmxml"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/route/synth"
)

// city is a 14 x 12 km network over central Ningbo with its three rivers.
func city(nodes int) synth.Options {
	return synth.Ningbo(orb.Bound{Min: orb.Point{121.48, 29.82}, Max: orb.Point{121.62, 29.93}}, nodes)
}

func TestNetworkSizeAndSeed(t *testing.T) {
	a, sa, err := synth.Network(city(40000))
	if err != nil {
		t.Fatal(err)
	}
	if n := a.NumNodes(); n < 30000 || n > 50000 {
		t.Errorf("%d nodes, asked for about 40,000", n)
	}
	b, sb, err := synth.Network(city(40000))
	if err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() || sa != sb {
		t.Errorf("same options, different networks: %v, %v", a, b)
	}
	o := city(40000)
	o.Seed = 2
	c, _, err := synth.Network(o)
	if err != nil {
		t.Fatal(err)
	}
	if c.String() == a.String() {
		t.Errorf("another seed, the same network: %v", c)
	}
	// one-way streets: cars have fewer edges than walkers; trunk roads:
	// walkers have edges cars do not
	if a.NumEdges(route.Drive) >= a.NumEdges(route.Walk) {
		t.Errorf("no one-way streets: %v", a)
	}
}

// Every point of the bound is within walking snap distance of the network.
func TestEveryPointNearTheNetwork(t *testing.T) {
	o := city(20000)
	net, _, err := synth.Network(o)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		p := orb.Point{
			o.Bound.Min[0] + rng.Float64()*(o.Bound.Max[0]-o.Bound.Min[0]),
			o.Bound.Min[1] + rng.Float64()*(o.Bound.Max[1]-o.Bound.Min[1]),
		}
		if _, d, ok := net.Nearest(p, route.Walk, 500); !ok {
			t.Fatalf("%v: no walkable node within 500 m (%v)", p, d)
		}
	}
}

// recorder keeps what Generate emits.
type recorder struct {
	ways  [][]int64
	tags  []map[string]string
	nodes map[int64]orb.Point
	last  int64
	order bool
}

func (r *recorder) Way(_ int64, nodes []int64, tags map[string]string) error {
	if len(r.nodes) > 0 {
		r.order = false
	}
	r.ways = append(r.ways, append([]int64(nil), nodes...))
	r.tags = append(r.tags, tags)
	return nil
}

func (r *recorder) Node(id int64, p orb.Point) error {
	if id <= r.last {
		r.order = false
	}
	r.last = id
	r.nodes[id] = p
	return nil
}

// Only bridges cross a river: every segment that crosses one belongs to a
// way tagged bridge=yes (a primary or trunk road).
func TestRiversCrossedOnlyAtBridges(t *testing.T) {
	o := city(20000)
	r := &recorder{nodes: map[int64]orb.Point{}, order: true}
	st, err := synth.Generate(o, r)
	if err != nil {
		t.Fatal(err)
	}
	if !r.order || st.Nodes != len(r.nodes) || st.Ways != len(r.ways) {
		t.Fatalf("emitted out of order or miscounted: %+v, %d nodes, %d ways", st, len(r.nodes), len(r.ways))
	}
	crossings, bridges := 0, 0
	for w, nodes := range r.ways {
		for i := 1; i < len(nodes); i++ {
			if !crossesAny(r.nodes[nodes[i-1]], r.nodes[nodes[i]], o.Rivers) {
				continue
			}
			crossings++
			switch hw := r.tags[w]["highway"]; {
			case r.tags[w]["bridge"] != "yes":
				t.Fatalf("way %d (%s) crosses a river without a bridge", w, hw)
			case hw != "primary" && hw != "trunk":
				t.Fatalf("a %s street bridges a river", hw)
			}
			bridges++
		}
	}
	if crossings == 0 {
		t.Fatal("no street crosses the rivers")
	}
}

// A point across the river from another, away from the bridges, takes the
// detour: far longer on foot than the straight-line estimate.
func TestRiverDetour(t *testing.T) {
	net, _, err := synth.Network(city(40000))
	if err != nil {
		t.Fatal(err)
	}
	// either side of 余姚江 west of 三江口, 670 m apart (beyond the 500 m
	// a point may walk straight to another), 1.2 km west of a bridge
	north, south := orb.Point{121.493, 29.89725}, orb.Point{121.493, 29.89125}
	straight := geo.Distance(north, south) * 1.3 / (route.WalkKmh / 3.6)
	sec, ok := net.Seconds(route.Walk, north, south, 3600)
	if !ok {
		t.Fatal("the other bank is not reachable within an hour")
	}
	if sec < 3*straight {
		t.Errorf("across the river in %.0f s on foot, straight-line estimate %.0f s: no detour", sec, straight)
	}
}

func crossesAny(p, q orb.Point, rivers []orb.LineString) bool {
	for _, r := range rivers {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			d1, d2 := cross(a, b, p), cross(a, b, q)
			d3, d4 := cross(p, q, a), cross(p, q, b)
			if (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0) {
				return true
			}
		}
	}
	return false
}

func cross(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func BenchmarkNetworkCity(b *testing.B) {
	for b.Loop() {
		if _, _, err := synth.Network(city(200000)); err != nil {
			b.Fatal(err)
		}
	}
}

// WriteOSM writes what Generate emits, as an OSM XML file that
// github.com/paulmach/osm reads back: the same nodes, ways and tags.
func TestWriteOSM(t *testing.T) {
	o := city(5000)
	var buf bytes.Buffer
	st, err := synth.WriteOSM(&buf, o)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{nodes: map[int64]orb.Point{}, order: true}
	if _, err := synth.Generate(o, r); err != nil {
		t.Fatal(err)
	}
	sc := osmxml.New(context.Background(), &buf)
	defer sc.Close()
	nodes, ways := 0, 0
	for sc.Scan() {
		switch e := sc.Object().(type) {
		case *osm.Node:
			p := r.nodes[int64(e.ID)]
			if geo.Distance(p, orb.Point{e.Lon, e.Lat}) > 0.05 {
				t.Fatalf("node %d at %v, generated at %v", e.ID, orb.Point{e.Lon, e.Lat}, p)
			}
			nodes++
		case *osm.Way:
			if ways >= len(r.ways) {
				t.Fatalf("way %d beyond the %d generated", e.ID, len(r.ways))
			}
			w := r.ways[ways]
			if len(e.Nodes) != len(w) || e.Tags.Find("highway") != r.tags[ways]["highway"] || e.Tags.Find("oneway") != r.tags[ways]["oneway"] {
				t.Fatalf("way %d: %d nodes, %v; generated %d nodes, %v", e.ID, len(e.Nodes), e.Tags, len(w), r.tags[ways])
			}
			ways++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if nodes != st.Nodes || ways != st.Ways || nodes != len(r.nodes) || ways != len(r.ways) {
		t.Errorf("read %d nodes and %d ways; wrote %+v; generated %d and %d", nodes, ways, st, len(r.nodes), len(r.ways))
	}
}
