package route_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/uber/h3-go/v4"
)

// gridCity builds n x n streets 100 m apart around (121.55, 29.87): every
// third east-west street one-way, every fifth north-south street a
// footway.
func gridCity(tb testing.TB, n int) *route.Network {
	tb.Helper()
	b := route.NewBuilder()
	id := func(r, c int) int64 { return int64(r*n + c + 1) }
	for r := range n {
		refs := make([]int64, n)
		for c := range n {
			refs[c] = id(r, c)
		}
		tags := route.TagMap{"highway": "residential"}
		if r%3 == 0 {
			tags = route.TagMap{"highway": "secondary", "oneway": "yes"}
		}
		if _, err := b.AddWay(refs, tags); err != nil {
			tb.Fatal(err)
		}
	}
	for c := range n {
		refs := make([]int64, n)
		for r := range n {
			refs[r] = id(r, c)
		}
		tags := route.TagMap{"highway": "tertiary"}
		if c%5 == 0 {
			tags = route.TagMap{"highway": "footway"}
		}
		if _, err := b.AddWay(refs, tags); err != nil {
			tb.Fatal(err)
		}
	}
	for r := range n {
		for c := range n {
			b.AddNode(id(r, c), cityPoint(float64(r), float64(c)))
		}
	}
	net, _, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return net
}

// cityPoint is the position of block corner (row, col) of gridCity.
func cityPoint(r, c float64) orb.Point {
	return orb.Point{121.55 + c*metersToLon(100), 29.87 + r*100/111195.0}
}

func TestIsochrone(t *testing.T) {
	net := gridCity(t, 40)
	origin := cityPoint(20.3, 19.6)
	for _, m := range route.Modes {
		for _, res := range []int{8, 9, 10} {
			t.Run(fmt.Sprintf("%v/res%d", m, res), func(t *testing.T) {
				var prev []h3.Cell
				for minutes := 0.0; minutes <= 20; minutes += 2.5 {
					cells := net.Isochrone(m, origin, minutes, res)
					if !slices.IsSorted(cells) {
						t.Fatal("cells not sorted")
					}
					for _, c := range prev {
						if _, found := slices.BinarySearch(cells, c); !found {
							t.Fatalf("%v cell %v reached in less time but not in %g min", m, c, minutes)
						}
					}
					speed := map[route.Mode]float64{route.Walk: 4.5, route.Bike: 12, route.EBike: 18, route.Drive: 110}[m] / 3.6
					for _, c := range cells {
						ll := c.LatLng()
						if d := haversine(origin, orb.Point{ll.Lng, ll.Lat}); d/speed > minutes*60+1e-6 {
							t.Fatalf("cell %v at %.0f m reached in %g min, faster than the straight line", c, d, minutes)
						}
					}
					prev = cells
				}
				oc := h3.LatLngToCell(h3.NewLatLng(origin[1], origin[0]), res)
				if minutes := 20.0; !slices.Contains(net.Isochrone(m, origin, minutes, res), oc) {
					t.Errorf("origin cell %v not in the %g min isochrone", oc, minutes)
				}
			})
		}
	}
	t.Run("bad resolution", func(t *testing.T) {
		if c := net.Isochrone(route.Walk, origin, 15, 16); c != nil {
			t.Errorf("got %d cells", len(c))
		}
	})
}

func TestWalkNeverBeatsStraightLine(t *testing.T) {
	net := gridCity(t, 30)
	origin := cityPoint(3.2, 4.7)
	times := net.Search(route.Walk, []route.Source{{Point: origin}}, 3600, false)
	if len(times.Reached()) < net.NumNodes()/2 {
		t.Fatalf("reached only %d of %d nodes", len(times.Reached()), net.NumNodes())
	}
	for _, v := range times.Reached() {
		sec, _ := times.Node(v)
		if min := haversine(origin, net.Point(v)) / (4.5 / 3.6); sec < min {
			t.Fatalf("node %d in %.2f s, straight line needs %.2f s", v, sec, min)
		}
	}
}

func BenchmarkBuildGridCity100(b *testing.B) {
	for b.Loop() {
		gridCity(b, 100)
	}
}

func BenchmarkSearchWalk15GridCity(b *testing.B) {
	net := gridCity(b, 200)
	origin := cityPoint(100.3, 100.6)
	b.ResetTimer()
	for b.Loop() {
		net.Search(route.Walk, []route.Source{{Point: origin}}, 15*60, false)
	}
}

func BenchmarkReverseSearchDriveGridCity(b *testing.B) {
	net := gridCity(b, 200)
	origin := cityPoint(100.3, 100.6)
	b.ResetTimer()
	for b.Loop() {
		net.Search(route.Drive, []route.Source{{Point: origin}}, 15*60, true)
	}
}

func BenchmarkIsochroneWalk15GridCity(b *testing.B) {
	net := gridCity(b, 200)
	origin := cityPoint(100.3, 100.6)
	b.ResetTimer()
	for b.Loop() {
		net.Isochrone(route.Walk, origin, 15, 9)
	}
}

func BenchmarkNearest(b *testing.B) {
	net := gridCity(b, 200)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		net.Nearest(cityPoint(float64(i%200)+0.37, float64(i*7%200)+0.61), route.Drive, 1000)
	}
}

func TestIsochroneFeature(t *testing.T) {
	net := gridCity(t, 30)
	origin := cityPoint(15.3, 14.6)
	f := net.IsochroneFeature(route.Walk, origin, 10, 9)
	mp, ok := f.Geometry.(orb.MultiPolygon)
	if !ok || len(mp) == 0 {
		t.Fatalf("geometry %T %v", f.Geometry, f.Geometry)
	}
	if f.Properties["mode"] != "walk" || f.Properties["cells"].(int) == 0 {
		t.Errorf("properties %v", f.Properties)
	}
	if !mp.Bound().Contains(origin) {
		t.Errorf("outline %v does not cover the origin", mp.Bound())
	}
	empty := net.IsochroneFeature(route.Walk, orb.Point{0, 0}, 10, 9)
	if mp, _ := empty.Geometry.(orb.MultiPolygon); len(mp) != 0 || empty.Properties["cells"] != 0 {
		t.Errorf("unreachable origin drew %v", empty.Geometry)
	}
	if _, err := f.MarshalJSON(); err != nil {
		t.Fatal(err)
	}
}

func TestGeoModes(t *testing.T) {
	for _, m := range route.Modes {
		t.Run(m.String(), func(t *testing.T) {
			back, err := route.FromGeo(m.Geo())
			if err != nil || back != m {
				t.Errorf("FromGeo(%v.Geo()) = %v, %v", m, back, err)
			}
		})
	}
}
