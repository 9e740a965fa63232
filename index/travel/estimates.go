package travel

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

// A long reach by estimate (no road network at the origin) covers most of
// a region's cells whole: a 60-minute drive from the centre of Ningbo
// reaches nine in ten of its sites. A search that counts what it reaches
// need not time each of those sites one by one; Estimates lets it take a
// cell's sites whole, and time only the sites it shows (the nearest) and
// those at the edge of reach.

// Estimates are the travel times from one origin when every one of them is
// the straight-line estimate, as Sites gives them: the mode has no metro
// and the origin lies outside the road network's coverage (or there is
// none).
type Estimates struct {
	t      *Times
	origin orb.Point
	model  geo.TravelModel
	limit  float64
	here   Place // the origin's, for Nearest and Within
	// Within's haversines: below hIn a site is within the limit, above
	// hOut it is not; between, it is timed
	hIn, hOut float64
}

// Estimates returns origin's times within limit minutes, when Sites finds
// every one of them by estimate.
func (tr *Mode) Estimates(origin orb.Point, limit float64) (*Estimates, bool) {
	if tr.metro != nil || tr.covers(origin) {
		return nil, false
	}
	e := &Estimates{t: tr.t, origin: origin, model: tr.model, limit: limit, here: PlaceOf(origin), hIn: -1, hOut: -1}
	switch half := tr.model.ReachMeters(limit) / geo.EarthRadius / 2; {
	case half >= math.Pi/2:
		e.hIn, e.hOut = 2, 2 // the whole sphere
	case half > 0:
		s := math.Sin(half)
		e.hIn, e.hOut = (s*(1-nearLimit))*(s*(1-nearLimit)), (s*(1+nearLimit))*(s*(1+nearLimit))
	}
	return e, true
}

// nearLimit is how close to the limit, as a share of the reach, a site's
// distance by Place must be for Within to time it: the limit's reach is
// found from its minutes with an error of about 1e-15, the distance by
// Place with one of about 1e-12 at 10 m.
const nearLimit = 1e-9

// Within reports whether site si is within the limit, as Minutes does,
// mostly without timing it.
func (e *Estimates) Within(si int32) bool {
	switch h := e.haversine(&e.t.places[si]); {
	case h < e.hIn:
		return true
	case h > e.hOut:
		return false
	}
	_, ok := e.Minutes(si)
	return ok
}

// Minutes is the time to site si, exactly as Sites gives it, and whether it
// is within the limit.
func (e *Estimates) Minutes(si int32) (float64, bool) {
	m := e.model.Minutes(e.origin, e.t.sites[si])
	return m, m <= e.limit
}

// Lower is a lower bound on Minutes(si), by a metre at most: the distance
// from site si's Place, less a metre for rounding (a chord is shorter than
// its arc).
func (e *Estimates) Lower(si int32) float64 {
	return e.model.MinutesForDistance(max(0, chord(&e.here, &e.t.places[si])-1))
}

// Cells calls fn for every cell (numbered as Times.Cells) that may hold a
// site within the limit, with a lower bound on its sites' times and
// whether every site in it is within the limit (then Minutes need not be
// asked to know it). The cells come in no particular order.
func (e *Estimates) Cells(fn func(cell int32, lower float64, whole bool)) {
	reach := e.model.ReachMeters(e.limit)
	if reach <= 0 {
		return
	}
	b := &e.t.bounds
	b.cellsWithin(e.origin, reach, func(i int, chord float64) {
		lower, whole := e.disc(chord, b.cells[i].radius)
		fn(int32(i), lower, whole)
	})
}

// Disc bounds the times to the points within radius metres of centre: no
// point is nearer than lower, and whole says whether every point is within
// the limit.
func (e *Estimates) Disc(centre orb.Point, radius float64) (lower float64, whole bool) {
	p := PlaceOf(centre)
	return e.DiscOf(&p, radius)
}

// DiscOf is Disc about a centre's Place.
func (e *Estimates) DiscOf(centre *Place, radius float64) (lower float64, whole bool) {
	return e.disc(chord(&e.here, centre), radius)
}

// disc is Disc with the chord to the centre known.
func (e *Estimates) disc(chord, radius float64) (lower float64, whole bool) {
	// Two metres' margin either way: the chord from Places errs by a
	// few centimetres at most, the times are a floating-point sum.
	lower = e.model.MinutesForDistance(max(0, chord-radius-2))
	whole = e.model.MinutesForDistance(arcAtMost(chord)+radius+2) <= e.limit
	return lower, whole
}

// arcAtMost bounds the great-circle distance between two points by the
// chord between them: the arc is longer by c³/24R² and a little more
// (a quarter of a metre at 60 km), well under c³/20R² for any chord up
// to thousands of kilometres.
func arcAtMost(c float64) float64 {
	return c + c*c*c/(20*geo.EarthRadius*geo.EarthRadius)
}

// Limit is the most minutes a time within reach takes.
func (e *Estimates) Limit() float64 { return e.limit }

// Cells returns the sites of every indexed cell (SiteResolution), in the
// numbering Estimates.Cells uses. Read only.
func (t *Times) Cells() [][]int32 {
	out := make([][]int32, len(t.bounds.cells))
	for i := range t.bounds.cells {
		out[i] = t.bounds.cells[i].sites
	}
	return out
}

// Place is a site's location prepared for Estimates.Nearest: the sines and
// cosines of half its latitude and longitude (in radians, as geo.Distance
// takes them), so that ordering sites by distance needs no trigonometry.
type Place struct{ sinLat, cosLat, sinLng, cosLng float64 }

// Place returns site si's.
func (t *Times) Place(si int32) Place { return t.places[si] }

// PlaceOf returns point p's.
func PlaceOf(p orb.Point) Place {
	lat, lng := p[1]*math.Pi/180/2, p[0]*math.Pi/180/2
	return Place{sinLat: math.Sin(lat), cosLat: math.Cos(lat), sinLng: math.Sin(lng), cosLng: math.Cos(lng)}
}

// nearTie is how close, as the sine of half the angle between them seen
// from the earth's centre (1e-10: about a millimetre), two sites' distances
// must be for Nearest to time them exactly: the sines found from Places
// err by about 1e-15, geo.Distance by less.
const nearTie = 1e-10

// Nearest returns which of sites (places holds theirs, in the same order)
// is the nearest the origin, the lower site number among those at the
// same time: the one Minutes would choose, and the only one that can be
// within the limit if it is not. It times sites only when two are
// within nearTie of each other.
func (e *Estimates) Nearest(sites []int32, places []Place) int {
	best, h1, h2 := 0, math.Inf(1), math.Inf(1) // the least haversine and the next
	for k := range places {
		h := e.haversine(&places[k])
		if h < h1 {
			best, h1, h2 = k, h, h1
		} else if h < h2 {
			h2 = h
		}
	}
	// √h2-√h1 = (h2-h1)/(√h2+√h1), and each root is at most 1
	if h2-h1 > 2*nearTie {
		return best
	}
	best, least := -1, math.Inf(1)
	for k, si := range sites {
		if t, _ := e.Minutes(si); t < least || (t == least && si < sites[best]) {
			best, least = k, t
		}
	}
	return best
}

// haversine is geo.Distance's h (the distance grows with it) from the
// origin to p.
func (e *Estimates) haversine(p *Place) float64 { return haversine(&e.here, p) }

// haversine is geo.Distance's h between a and b, by the sines of
// differences: sin((x-y)/2) from x's and y's halves.
func haversine(a, b *Place) float64 {
	sinLat := b.sinLat*a.cosLat - b.cosLat*a.sinLat
	sinLng := b.sinLng*a.cosLng - b.cosLng*a.sinLng
	cosLats := (a.cosLat*a.cosLat - a.sinLat*a.sinLat) * (b.cosLat*b.cosLat - b.sinLat*b.sinLat)
	return sinLat*sinLat + cosLats*sinLng*sinLng
}

// chord is the straight line between a and b through the earth, in
// metres: never longer than the distance along its surface.
func chord(a, b *Place) float64 { return 2 * geo.EarthRadius * math.Sqrt(haversine(a, b)) }
