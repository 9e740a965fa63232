package osm_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	osmimport "github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
)

// TestClipKeepsTheRegion imports real extracts whole and clipped to a
// polygon that cuts through them: the clipped network has no node farther
// than the margin from the polygon, and every edge of the whole network
// whose two ends are within the margin, for every mode, with its cost.
func TestClipKeepsTheRegion(t *testing.T) {
	for _, tt := range []struct {
		file   string
		region orb.MultiPolygon
		margin float64
	}{
		// the west of Monaco, an L-shaped cut across the old town and the port
		{"monaco.osm.pbf", orb.MultiPolygon{{{{7.405, 43.725}, {7.425, 43.725}, {7.425, 43.735}, {7.415, 43.735}, {7.415, 43.745}, {7.405, 43.745}, {7.405, 43.725}}}}, 300},
		// two districts of north-central Chengdu sharing an edge (XML)
		{"chengdu-central.osm", orb.MultiPolygon{
			{{{104.05, 30.66}, {104.07, 30.66}, {104.07, 30.68}, {104.05, 30.68}, {104.05, 30.66}}},
			{{{104.07, 30.66}, {104.09, 30.66}, {104.08, 30.69}, {104.07, 30.68}, {104.07, 30.66}}},
		}, 500},
	} {
		t.Run(tt.file, func(t *testing.T) {
			whole, wst, err := osmimport.Import(context.Background(), extract(t, tt.file), osmimport.Options{})
			if err != nil {
				t.Fatal(err)
			}
			clip, err := osmimport.NewClip(tt.region, tt.margin)
			if err != nil {
				t.Fatal(err)
			}
			part, st, err := osmimport.Import(context.Background(), extract(t, tt.file), osmimport.Options{Clip: clip})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("kept %d of %d nodes read, %d of %d routable ways (%d cut); network %d of %d nodes",
				st.NodesInClip, st.NodesRead, st.WaysInClip, st.RoutableWays, st.WaysCut, part.NumNodes(), whole.NumNodes())
			if st.NodesRead != wst.NodesRead || st.WaysRead != wst.WaysRead || st.RoutableWays != wst.RoutableWays || st.SHA256 != wst.SHA256 {
				t.Errorf("the clip changed what was read: %+v vs %+v", st, wst)
			}
			if !(st.NodesInClip > 0 && st.NodesInClip < st.NodesRead && st.WaysCut > 0 && st.WaysInClip < st.RoutableWays) {
				t.Errorf("the polygon should cut the extract: %+v", st)
			}
			within := func(p orb.Point) bool { return geo.DistanceTo(tt.region, p) <= tt.margin }
			for i := range int32(part.NumNodes()) {
				if p := part.Point(i); !within(p) {
					t.Fatalf("node %d at %v kept, %.0f m from the region (margin %.0f m)",
						part.OSMID(i), p, geo.DistanceTo(tt.region, p), tt.margin)
				}
			}
			inside := 0
			for _, m := range route.Modes {
				want := edgesWithin(whole, m, within)
				got := edgesWithin(part, m, func(orb.Point) bool { return true })
				inside += len(want)
				if len(want) == 0 {
					t.Fatalf("%v: no edge inside the region", m)
				}
				if diff := compareEdges(want, got); diff != "" {
					t.Errorf("%v: %s", m, diff)
				}
			}
			t.Logf("%d directed edges inside the region + margin, all modes, equal", inside)
		})
	}
}

// edge is a directed edge by its ends' OSM ids and its cost.
type edge struct {
	from, to int64
	sec      float64
}

// edgesWithin counts the edges of mode m with both ends where keep says.
func edgesWithin(n *route.Network, m route.Mode, keep func(orb.Point) bool) map[edge]int {
	out := map[edge]int{}
	for u := range int32(n.NumNodes()) {
		if !keep(n.Point(u)) {
			continue
		}
		for v, sec := range n.Edges(m, u, false) {
			if keep(n.Point(v)) {
				out[edge{n.OSMID(u), n.OSMID(v), sec}]++
			}
		}
	}
	return out
}

func compareEdges(want, got map[edge]int) string {
	for e, k := range want {
		if got[e] != k {
			return fmt.Sprintf("edge %d->%d (%.1f s) %d times in the whole network, %d in the clipped one", e.from, e.to, e.sec, k, got[e])
		}
	}
	for e, k := range got {
		if want[e] != k {
			return fmt.Sprintf("edge %d->%d (%.1f s) in the clipped network only", e.from, e.to, e.sec)
		}
	}
	return ""
}

// TestClipContains: the clip's grid answers as measuring every point
// would, at random points around a real-shaped region.
func TestClipContains(t *testing.T) {
	region := orb.MultiPolygon{{{{7.405, 43.725}, {7.425, 43.725}, {7.425, 43.735}, {7.415, 43.735}, {7.415, 43.745}, {7.405, 43.745}, {7.405, 43.725}}}}
	for _, margin := range []float64{0, 150, 2000} {
		clip, err := osmimport.NewClip(region, margin)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, uint64(margin)))
		in := 0
		for range 20000 {
			p := orb.Point{7.36 + rng.Float64()*0.11, 43.69 + rng.Float64()*0.09}
			want := geo.DistanceTo(region, p) <= margin
			if clip.Contains(p) != want {
				t.Fatalf("margin %.0f m: %v is %.1f m away, Contains says %v", margin, p, geo.DistanceTo(region, p), !want)
			}
			if want {
				in++
			}
		}
		if in == 0 || in == 20000 {
			t.Errorf("margin %.0f m: %d of 20000 points inside: the test's box misses the edge", margin, in)
		}
	}
	for _, bad := range []struct {
		region orb.MultiPolygon
		margin float64
	}{{nil, 100}, {region, -1}, {orb.MultiPolygon{{}}, 100}} {
		if _, err := osmimport.NewClip(bad.region, bad.margin); !errors.Is(err, osmimport.ErrClip) {
			t.Errorf("NewClip(%v, %v): %v, want ErrClip", bad.region, bad.margin, err)
		}
	}
}
