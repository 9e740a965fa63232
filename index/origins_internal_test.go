package index

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/travel"
)

// TestOriginsReachingAgreesWithReachableSites: asked backwards from a
// site, originsReaching finds exactly the origins from which
// reachableSites finds that site, with the same minutes, for every mode.
func TestOriginsReachingAgreesWithReachableSites(t *testing.T) {
	snap := openNingbo(t)
	// Origins: every populated cell's centre in central Ningbo, and a few
	// odd points.
	var points []orb.Point
	for _, pc := range snap.population {
		if geo.Distance(pc.Centre, orb.Point{121.5503, 29.8730}) < 6000 {
			points = append(points, pc.Centre)
		}
	}
	points = append(points, orb.Point{121.5503, 29.8730}, orb.Point{121.7126, 29.9304})
	origins := travel.NewPlaces(points)
	for _, mode := range append(geo.Modes(), geo.Transit) {
		tr, err := snap.travel(mode)
		if err != nil {
			t.Fatal(err)
		}
		for _, minutes := range []float64{5, 15, 30} {
			forward := map[[2]int32]float64{}
			for oi, o := range points {
				tr.Sites(o, minutes, func(si int32, m float64, _ TravelSource) { forward[[2]int32{int32(oi), si}] = m })
			}
			backward := 0
			for si := range snap.sites {
				tr.PlacesReaching(snap.sites[si].Location, origins, minutes, func(oi int32, m float64) {
					backward++
					// Transit adds the same legs in another order: allow
					// for rounding.
					if want, ok := forward[[2]int32{oi, int32(si)}]; !ok || math.Abs(want-m) > 1e-9 {
						t.Errorf("%s %v min: origin %v to site %s: backwards %.4f, forwards %.4f (found %v)",
							mode, minutes, points[oi], snap.sites[si].ID, m, want, ok)
					}
				})
			}
			if backward != len(forward) {
				t.Errorf("%s %v min: %d pairs backwards, %d forwards", mode, minutes, backward, len(forward))
			}
			if len(forward) == 0 && (mode == geo.Transit || tr.Model().ReachMeters(minutes) > 0) {
				t.Errorf("%s %v min: no pair at all", mode, minutes)
			}
		}
	}
}
