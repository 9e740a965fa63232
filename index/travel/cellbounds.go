package travel

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
)

// cellBound is an indexed cell as a reach test needs it: every site in the
// cell lies within radius metres of centre. Computed once, at Open, so that
// a search makes no call into H3.
type cellBound struct {
	centre orb.Point
	place  Place // the centre's
	radius float64
	sites  []int32
}

// cellBounds is a site index (cells to sites) prepared for sitesWithin:
// sorted by latitude (then cell) so that a search reads only the band of
// cells it can reach, and visits sites in the same order every time.
type cellBounds struct {
	cells     []cellBound
	maxRadius float64
}

func newCellBounds(cells map[h3.Cell][]int32) cellBounds {
	ids := make([]h3.Cell, 0, len(cells))
	for c := range cells {
		ids = append(ids, c)
	}
	slices.Sort(ids)
	out := make([]cellBound, len(ids))
	for i, c := range ids {
		centre := geo.CellCenter(c)
		radius := 0.0
		for _, v := range c.Boundary() {
			radius = max(radius, geo.Distance(centre, orb.Point{v.Lng, v.Lat}))
		}
		// The farthest point of a convex cell from its centre is a vertex;
		// the margin covers rounding and the slight bulge of geodesic edges.
		out[i] = cellBound{centre: centre, place: PlaceOf(centre), radius: radius*1.01 + 1, sites: cells[c]}
	}
	slices.SortStableFunc(out, func(a, b cellBound) int { return cmp.Compare(a.centre[1], b.centre[1]) })
	b := cellBounds{cells: out}
	for _, c := range out {
		b.maxRadius = max(b.maxRadius, c.radius)
	}
	return b
}

// metresPerDegree is a degree of latitude on geo.Distance's sphere
// (111,195 m), rounded down: two points whose latitudes differ by more than
// d/metresPerDegree degrees are more than d metres apart.
const metresPerDegree = 111_000

// sitesWithin calls fn for every site in a cell that may hold a point
// within metres of p: all the sites within metres, and some beyond, which
// the caller's own time test drops. Testing the few hundred indexed cells'
// bounds costs less than enumerating the disk's cells through H3, even for
// a short walk.
func (b *cellBounds) sitesWithin(p orb.Point, metres float64, fn func(site int32)) {
	b.cellsWithin(p, metres, func(i int, _ float64) {
		for _, si := range b.cells[i].sites {
			fn(si)
		}
	})
}

// cellsWithin calls fn for every cell that may hold a point within metres
// of p, by its place in b.cells, with the chord from p to its centre
// (found from their Places, to a few centimetres).
func (b *cellBounds) cellsWithin(p orb.Point, metres float64, fn func(cell int, chord float64)) {
	if !(metres >= 0) {
		return
	}
	// A cell whose centre is farther in latitude than the reach plus the
	// largest cell radius cannot qualify, so only the band between is read.
	band := (metres + b.maxRadius) / metresPerDegree
	// Most of the band lies far east or west: a degree of longitude is
	// at least metresPerDegree × cos(the band's largest latitude) along
	// a parallel, and a great circle is shorter than that by far less than
	// the 1 % given away here, so a longitude this far off needs no
	// distance computed.
	lngMetres := 0.99 * metresPerDegree * math.Cos((math.Abs(p[1])+band)*math.Pi/180)
	from, _ := slices.BinarySearchFunc(b.cells, p[1]-band, func(c cellBound, lat float64) int { return cmp.Compare(c.centre[1], lat) })
	here := PlaceOf(p)
	for i := from; i < len(b.cells) && b.cells[i].centre[1] <= p[1]+band; i++ {
		c := &b.cells[i]
		if lngMetres > 0 && math.Abs(c.centre[0]-p[0])*lngMetres > metres+c.radius {
			continue
		}
		// a chord is never longer than the arc: a metre covers its error
		if d := chord(&here, &c.place); d-1 <= metres+c.radius {
			fn(i, d)
		}
	}
}
