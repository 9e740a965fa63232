package index

import (
	"math"
	"sort"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/index/travel"
)

// Courses on the way: the evening class a worker can take between work
// and home. A site is on the way when going from work to it and on from
// it to home takes at most Detour minutes more than going home directly,
// by the same travel model as every other time (the road network where it
// covers both legs, the estimate elsewhere, walk and metro for transit).

// Commute asks a search for the sites on the way from Work to Home.
type Commute struct {
	Work, Home orb.Point // WGS-84
	// Detour is the most the site may add to the trip home, in minutes
	// (0 to MaxDetour; 0 keeps only sites right on the way).
	Detour int
}

// DefaultDetour and MaxDetour bound Commute.Detour.
const (
	DefaultDetour = 10
	MaxDetour     = 30
	// maxCommuteMinutes is how long a trip home may be and still be
	// searched along: twice the longest search.
	maxCommuteMinutes = 2 * MaxMinutes
)

// CommuteTimes place a site on the way home: minutes from work to it, from
// it to home, and what it adds to the trip (FromWork + ToHome - Direct),
// each rounded to 0.1 as travel times are.
type CommuteTimes struct {
	FromWork, ToHome, Detour float64
}

// commuteRun holds, for one search, the trip home and every site on the
// way with its two legs.
type commuteRun struct {
	direct float64 // work to home, minutes
	sites  map[int32]commuteLegs
}

type commuteLegs struct {
	fromWork, toHome float64
	src              TravelSource
}

func (l commuteLegs) detour(direct float64) float64 { return math.Max(0, l.fromWork+l.toHome-direct) }

func (c *Commute) normalize() error {
	if c.Detour < 0 || c.Detour > MaxDetour {
		return invalid("detour", "%d is outside 0..%d minutes", c.Detour, MaxDetour)
	}
	for _, p := range []struct {
		name string
		pt   orb.Point
	}{{"work", c.Work}, {"home", c.Home}} {
		if !(p.pt[0] >= -180 && p.pt[0] <= 180 && p.pt[1] >= -90 && p.pt[1] <= 90) {
			return invalid("along", "the %s %v is not a longitude,latitude", p.name, p.pt)
		}
	}
	return nil
}

// commute finds the trip home and the sites on the way: the first leg by
// a search forward from work, the second by one backward from home (on a
// road network one-way streets make the two differ), each bounded by the
// trip plus the detour.
func (s *Snapshot) commute(c *Commute, tr *travel.Mode) (*commuteRun, error) {
	direct := math.Inf(1)
	tr.PlacesReaching(c.Home, travel.NewPlaces([]orb.Point{c.Work}), maxCommuteMinutes, func(_ int32, t float64) { direct = t })
	if math.IsInf(direct, 1) {
		return nil, invalid("along", "home is more than %d minutes from work by this mode: nothing is on the way", maxCommuteMinutes)
	}
	limit := direct + float64(c.Detour)
	type leg struct {
		minutes float64
		src     TravelSource
	}
	fromWork := map[int32]leg{}
	tr.Sites(c.Work, limit, func(si int32, t float64, src TravelSource) { fromWork[si] = leg{t, src} })
	run := &commuteRun{direct: direct, sites: map[int32]commuteLegs{}}
	tr.PlacesReaching(c.Home, s.sitePlaces(), limit, func(si int32, t float64) {
		w, ok := fromWork[si]
		// A small margin for the sums of rounded legs: 0 means on the way.
		if ok && w.minutes+t <= limit+1e-9 {
			run.sites[si] = commuteLegs{fromWork: w.minutes, toHome: t, src: w.src}
		}
	})
	return run, nil
}

// each calls fn for every site on the way, in site order, with what it
// adds to the trip: the search's travel time in this mode.
func (r *commuteRun) each(fn func(si int32, detour float64, src TravelSource)) {
	sites := make([]int32, 0, len(r.sites))
	for si := range r.sites {
		sites = append(sites, si)
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i] < sites[j] })
	for _, si := range sites {
		l := r.sites[si]
		fn(si, l.detour(r.direct), l.src)
	}
}

// CommuteTrip is what a search along the way home says of the trip.
type CommuteTrip struct {
	DirectMinutes float64 // work to home, rounded to 0.1
	Detour        int     // the most a site may add, as asked
}

// timesAt are a site's CommuteTimes; nil when the search is not along the
// way home or the site is not on it.
func (r *commuteRun) timesAt(si int32) *CommuteTimes {
	if r == nil {
		return nil
	}
	l, ok := r.sites[si]
	if !ok {
		return nil
	}
	round := func(f float64) float64 { return math.Round(f*10) / 10 }
	return &CommuteTimes{FromWork: round(l.fromWork), ToHome: round(l.toHome), Detour: round(l.detour(r.direct))}
}

// sitePlaces are the sites as places for PlacesReaching, indexed once.
func (s *Snapshot) sitePlaces() *travel.Places {
	s.sitePlacesOnce.Do(func() {
		points := make([]orb.Point, len(s.sites))
		for i := range s.sites {
			points[i] = s.sites[i].Location
		}
		s.sitePlacesIndex = travel.NewPlaces(points)
	})
	return s.sitePlacesIndex
}
