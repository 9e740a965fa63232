package travel

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
)

// TestSitesWithin: every site within the radius is offered, for sites and
// origins all over Ningbo and radii from a short walk to a long drive.
func TestSitesWithin(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	random := func() orb.Point { return orb.Point{121.0 + rng.Float64()*1.0, 29.3 + rng.Float64()*0.9} }
	sites := make([]orb.Point, 3000)
	index := map[h3.Cell][]int32{}
	for i := range sites {
		sites[i] = random()
		c := geo.Cell(sites[i], SiteResolution)
		index[c] = append(index[c], int32(i))
	}
	bounds := newCellBounds(index)
	for range 300 {
		p := random()
		for _, radius := range []float64{0, 300, 800, 1800, 5000, 20_000} {
			offered := map[int32]bool{}
			bounds.sitesWithin(p, radius, func(si int32) { offered[si] = true })
			for i, q := range sites {
				if geo.Distance(p, q) <= radius && !offered[int32(i)] {
					t.Fatalf("%v: site %v, %.0f m away, not offered for %v m", p, q, geo.Distance(p, q), radius)
				}
			}
		}
	}
}
