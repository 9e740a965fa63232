package travel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/transit"
)

// estimatesFixture is a travel index over random sites in Ningbo, some of
// them at the very same place under several numbers (a course's sites can
// share a building).
func estimatesFixture(t *testing.T, rng *rand.Rand) (*Times, []orb.Point) {
	t.Helper()
	random := func() orb.Point { return orb.Point{121.0 + rng.Float64()*1.0, 29.3 + rng.Float64()*0.9} }
	sites := make([]orb.Point, 2000)
	for i := range sites {
		sites[i] = random()
		if i%5 == 4 {
			sites[i] = sites[i-1-rng.IntN(3)]
		}
	}
	cells := map[h3.Cell][]int32{}
	for i, p := range sites {
		c := geo.Cell(p, SiteResolution)
		cells[c] = append(cells[c], int32(i))
	}
	times, err := New(sites, cells, geo.DefaultTravelModels(), nil, nil, transit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return times, sites
}

// TestEstimatesOrderAsMinutes: Nearest chooses the site Minutes gives the
// least time (the lower number on a tie), Within agrees with Minutes, also
// for sites a hair's breadth either side of the limit, and Lower is never
// above Minutes; for origins on a site, beside it and far away.
func TestEstimatesOrderAsMinutes(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 15))
	times, sites := estimatesFixture(t, rng)
	ties := 0
	for i := range 400 {
		origin := sites[rng.IntN(len(sites))]
		if i%2 == 1 {
			origin = orb.Point{origin[0] + (rng.Float64()-0.5)*0.01, origin[1] + (rng.Float64()-0.5)*0.01}
		}
		mode := []geo.Mode{geo.Walk, geo.EBike, geo.Drive}[i%3]
		limit := 5 + rng.Float64()*55
		est, ok := times.modes[mode].Estimates(origin, limit)
		if !ok {
			t.Fatal("no estimates without a network")
		}
		// a course's sites: random ones, and some at one place
		for range 20 {
			course := make([]int32, 2+rng.IntN(4))
			for k := range course {
				course[k] = int32(rng.IntN(len(sites)))
			}
			if rng.IntN(2) == 0 {
				at := course[0] - course[0]%5
				course = []int32{at + 4, at + 3, at + 2, at + 1, at}[:2+rng.IntN(4)]
			}
			places := make([]Place, len(course))
			want, least := -1, math.Inf(1)
			for k, si := range course {
				places[k] = times.Place(si)
				if m, _ := est.Minutes(si); m < least || (m == least && si < course[want]) {
					if m == least {
						ties++
					}
					want, least = k, m
				}
			}
			if got := est.Nearest(course, places); got != want {
				t.Fatalf("origin %v, sites %v: Nearest %d, want %d", origin, course, got, want)
			}
		}
		// sites near the edge of reach, along the meridian
		reach := est.model.ReachMeters(limit)
		for _, off := range []float64{-1, -1e-3, -1e-6, 0, 1e-6, 1e-3, 1} {
			p := orb.Point{origin[0], origin[1] + (reach+off)/geo.EarthRadius*180/math.Pi}
			edge := oneSite(t, p)
			e2 := *est
			e2.t = edge
			_, want := e2.Minutes(0)
			if got := e2.Within(0); got != want {
				t.Fatalf("origin %v, %g m off the reach: Within %v, Minutes says %v", origin, off, got, want)
			}
		}
		// Disc about a site, with sites around it
		for _, radius := range []float64{0, 50, 400, 3000} {
			centre := sites[rng.IntN(len(sites))]
			lower, whole := est.Disc(centre, radius)
			for si, p := range sites {
				if geo.Distance(centre, p) > radius {
					continue
				}
				if m, within := est.Minutes(int32(si)); m < lower || (whole && !within) {
					t.Fatalf("origin %v, disc of %g m about %v: site %d at %v minutes, Disc %v, %v", origin, radius, centre, si, m, lower, whole)
				}
			}
		}
		// discs whose far side lies a little either side of the edge of
		// reach, whose near side a little either side of a site
		north := func(metres float64) orb.Point {
			return orb.Point{origin[0], origin[1] + metres/geo.EarthRadius*180/math.Pi}
		}
		for _, radius := range []float64{50, 400, 3000} {
			for _, off := range []float64{-3, -0.5, 0.5, 3, 50} {
				lower, whole := est.Disc(north(reach-radius+off), radius)
				e2 := *est
				e2.t = oneSite(t, north(reach+off))
				if _, within := e2.Minutes(0); whole && !within {
					t.Fatalf("origin %v: disc of %g m reaching %g m past the reach taken whole", origin, radius, off)
				}
				e2.t = oneSite(t, north(reach-2*radius+off))
				if m, _ := e2.Minutes(0); m < lower {
					t.Fatalf("origin %v: disc of %g m with a site at %v minutes, Disc's lower bound %v", origin, radius, m, lower)
				}
			}
		}
		for si := range sites {
			m, within := est.Minutes(int32(si))
			if est.Within(int32(si)) != within {
				t.Fatalf("origin %v, site %d: Within %v, Minutes %v (limit %v)", origin, si, !within, m, limit)
			}
			if lower := est.Lower(int32(si)); lower > m {
				t.Fatalf("origin %v, site %d: Lower %v above Minutes %v", origin, si, lower, m)
			}
		}
	}
	if ties == 0 {
		t.Fatal("no course had two sites at one time: the test no longer tests Nearest's ties")
	}
}

// oneSite is a travel index of one site at p.
func oneSite(t *testing.T, p orb.Point) *Times {
	t.Helper()
	times, err := New([]orb.Point{p}, map[h3.Cell][]int32{geo.Cell(p, SiteResolution): {0}}, geo.DefaultTravelModels(), nil, nil, transit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return times
}
