package index

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/travel"
)

// TestReachablePlacesAgreeWithSites: a place at a site's point gets the
// time reachableSites gives that site, from every origin and mode, so that
// a suggested training point covers exactly what a site there would.
func TestReachablePlacesAgreeWithSites(t *testing.T) {
	snap := openNingbo(t)
	points := make([]orb.Point, len(snap.sites))
	for i, s := range snap.sites {
		points[i] = s.Location
	}
	ps := travel.NewPlaces(points)
	origins := []orb.Point{{121.5503, 29.8730}, {121.7126, 29.9304}, {121.2452, 30.2910}, {121.87, 29.47}}
	for _, mode := range geo.Modes() {
		tr, err := snap.travel(mode)
		if err != nil {
			t.Fatal(err)
		}
		for _, minutes := range []float64{5, 15, 30, 60} {
			for _, o := range origins {
				sites := map[int32]float64{}
				tr.Sites(o, minutes, func(si int32, m float64, _ TravelSource) { sites[si] = m })
				got := 0
				tr.PlacesFrom(o, minutes, ps, func(pi int32, m float64, _ TravelSource) {
					got++
					if want, ok := sites[pi]; !ok || want != m {
						t.Errorf("%s %v min from %v: place %d at %.3f min, site %.3f (reached %v)", mode, minutes, o, pi, m, want, ok)
					}
				})
				if got != len(sites) {
					t.Errorf("%s %v min from %v: %d places reached, %d sites", mode, minutes, o, got, len(sites))
				}
			}
		}
	}
}
