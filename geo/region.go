package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Contains reports whether p lies in mp: inside an outer ring and outside
// that polygon's holes. Coordinates are treated as planar (lng, lat), which
// is what GeoJSON polygons mean at city scale. A point exactly on an edge may
// fall either way. For many points against the same polygons use NewArea.
func Contains(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		if polygonContains(poly, p) {
			return true
		}
	}
	return false
}

func polygonContains(poly orb.Polygon, p orb.Point) bool {
	if len(poly) == 0 || !ringContains(poly[0], p) {
		return false
	}
	for _, hole := range poly[1:] {
		if ringContains(hole, p) {
			return false
		}
	}
	return true
}

// ringContains is the even-odd crossing test (W. R. Franklin's PNPOLY). It
// takes open or closed rings: a closing edge of zero length never crosses.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		if crosses(r[i], r[j], p) {
			in = !in
		}
	}
	return in
}

// crosses reports whether the edge a-b crosses the horizontal ray from p
// towards +x. The half-open test on y counts a vertex on the ray once.
func crosses(a, b, p orb.Point) bool {
	return (a[1] > p[1]) != (b[1] > p[1]) &&
		p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0]
}

// localProjection is an equirectangular projection in metres centred on a
// point: accurate to well under 1% within tens of kilometres of it.
type localProjection struct {
	origin orb.Point
	kx, ky float64 // metres per degree of longitude, latitude
}

func newLocalProjection(origin orb.Point) localProjection {
	ky := EarthRadius * math.Pi / 180
	return localProjection{origin: origin, kx: ky * math.Cos(origin[1]*math.Pi/180), ky: ky}
}

func (lp localProjection) project(q orb.Point) (x, y float64) {
	return (q[0] - lp.origin[0]) * lp.kx, (q[1] - lp.origin[1]) * lp.ky
}

// segmentDistance returns the distance from the projection's origin to the
// segment a-b, in metres.
func (lp localProjection) segmentDistance(a, b orb.Point) float64 {
	ax, ay := lp.project(a)
	bx, by := lp.project(b)
	dx, dy := bx-ax, by-ay
	// The closest point is a + t(b-a) with t clamped to [0, 1].
	t := 0.0
	if lengthSq := dx*dx + dy*dy; lengthSq > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/lengthSq))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}

// boundDistance is a lower bound on the distance in metres from the origin
// to anything inside b.
func (lp localProjection) boundDistance(b orb.Bound) float64 {
	minX, minY := lp.project(b.Min)
	maxX, maxY := lp.project(b.Max)
	dx := math.Max(0, math.Max(minX, -maxX))
	dy := math.Max(0, math.Max(minY, -maxY))
	return math.Hypot(dx, dy)
}

func (lp localProjection) ringDistance(r orb.Ring) float64 {
	best := math.Inf(1)
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		best = math.Min(best, lp.segmentDistance(r[j], r[i]))
	}
	return best
}

// DistanceToBoundary returns the distance in metres from p to the nearest
// edge of mp (outer rings and holes alike), whether p is inside or not. It
// measures in a local equirectangular projection around p, accurate to well
// under 1% at city scale. An empty mp gives +Inf.
func DistanceToBoundary(mp orb.MultiPolygon, p orb.Point) float64 {
	lp := newLocalProjection(p)
	best := math.Inf(1)
	for _, poly := range mp {
		for _, r := range poly {
			best = math.Min(best, lp.ringDistance(r))
		}
	}
	return best
}

// DistanceTo returns 0 when p is in mp and otherwise the distance in metres
// from p to mp's boundary.
func DistanceTo(mp orb.MultiPolygon, p orb.Point) float64 {
	if Contains(mp, p) {
		return 0
	}
	return DistanceToBoundary(mp, p)
}

// Area is a MultiPolygon prepared for many Contains and DistanceTo queries:
// bounding boxes reject far points at once, and each ring's edges are
// bucketed into horizontal bands so that a containment test reads only the
// few edges at the point's latitude. Its answers equal the package-level
// Contains and DistanceTo. An Area is immutable and safe for concurrent use.
type Area struct {
	mp       orb.MultiPolygon
	bound    orb.Bound
	polygons []areaPolygon
}

type areaPolygon struct {
	bound orb.Bound
	rings []bandedRing // outer ring first, then holes
}

// bandedRing indexes a ring's edges by the horizontal bands they span.
type bandedRing struct {
	ring   orb.Ring
	bound  orb.Bound
	bandH  float64   // band height in degrees
	bands  [][]int32 // per band: the indexes i of edges r[i]-r[i+1]
	closed orb.Ring  // ring with its closing point, for distances
}

// NewArea prepares mp for repeated queries. mp is not copied: do not change
// it while the Area is in use.
func NewArea(mp orb.MultiPolygon) *Area {
	a := &Area{mp: mp, bound: mp.Bound()}
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 {
			continue
		}
		ap := areaPolygon{bound: poly[0].Bound()}
		for _, r := range poly {
			ap.rings = append(ap.rings, newBandedRing(r))
		}
		a.polygons = append(a.polygons, ap)
	}
	return a
}

func newBandedRing(r orb.Ring) bandedRing {
	closed := r
	if len(r) > 0 && r[0] != r[len(r)-1] {
		closed = append(append(orb.Ring{}, r...), r[0])
	}
	br := bandedRing{ring: r, closed: closed, bound: closed.Bound()}
	edges := len(closed) - 1
	if edges < 1 {
		return br
	}
	// About four edges per band keeps a test to a handful of edges.
	n := min(max(edges/4, 1), 4096)
	height := br.bound.Max[1] - br.bound.Min[1]
	br.bandH = height / float64(n)
	if !(br.bandH > 0) {
		n, br.bandH = 1, 1
	}
	br.bands = make([][]int32, n)
	for i := 0; i < edges; i++ {
		a, b := closed[i], closed[i+1]
		lo, hi := br.band(math.Min(a[1], b[1])), br.band(math.Max(a[1], b[1]))
		for k := lo; k <= hi; k++ {
			br.bands[k] = append(br.bands[k], int32(i))
		}
	}
	return br
}

func (br *bandedRing) band(y float64) int {
	k := int((y - br.bound.Min[1]) / br.bandH)
	return min(max(k, 0), len(br.bands)-1)
}

func (br *bandedRing) contains(p orb.Point) bool {
	if len(br.bands) == 0 || !br.bound.Contains(p) {
		return false
	}
	in := false
	for _, i := range br.bands[br.band(p[1])] {
		if crosses(br.closed[i], br.closed[i+1], p) {
			in = !in
		}
	}
	return in
}

// MultiPolygon returns the polygons the Area was built from.
func (a *Area) MultiPolygon() orb.MultiPolygon { return a.mp }

// Bound returns the bounding box of the Area.
func (a *Area) Bound() orb.Bound { return a.bound }

// Contains reports whether p lies in the Area, as Contains does.
func (a *Area) Contains(p orb.Point) bool {
	if !a.bound.Contains(p) {
		return false
	}
	for i := range a.polygons {
		if a.polygons[i].contains(p) {
			return true
		}
	}
	return false
}

func (ap *areaPolygon) contains(p orb.Point) bool {
	if !ap.bound.Contains(p) || !ap.rings[0].contains(p) {
		return false
	}
	for i := 1; i < len(ap.rings); i++ {
		if ap.rings[i].contains(p) {
			return false
		}
	}
	return true
}

// DistanceTo returns 0 when p is in the Area and otherwise the distance in
// metres from p to its boundary, as DistanceTo does.
func (a *Area) DistanceTo(p orb.Point) float64 {
	if a.Contains(p) {
		return 0
	}
	return a.DistanceToBoundary(p)
}

// DistanceToBoundary returns the distance in metres from p to the nearest
// edge of the Area, as DistanceToBoundary does. It skips rings whose bounding
// box is farther than the best edge found so far, and within a ring reads
// bands outwards from p's latitude until the next band is farther still.
func (a *Area) DistanceToBoundary(p orb.Point) float64 {
	lp := newLocalProjection(p)
	best := math.Inf(1)
	for i := range a.polygons {
		for j := range a.polygons[i].rings {
			r := &a.polygons[i].rings[j]
			if len(r.bands) == 0 || lp.boundDistance(r.bound) >= best {
				continue
			}
			best = r.distance(lp, p, best)
		}
	}
	return best
}

// distance returns the smaller of best and the distance from p to the ring.
func (br *bandedRing) distance(lp localProjection, p orb.Point, best float64) float64 {
	// p's position in band units; bands j ≤ at < j+1 hold latitude p[1].
	at := (p[1] - br.bound.Min[1]) / br.bandH
	home := br.band(p[1])
	// gap is a lower bound on the distance from p to any edge listed only
	// in band j, with a hair of slack for rounding in band().
	gap := func(j int) float64 {
		bands := math.Max(0, math.Max(float64(j)-at, at-float64(j+1))-1e-9)
		return bands * br.bandH * lp.ky
	}
	for step := 0; ; step++ {
		below, above := home-step, home+step
		gapBelow, gapAbove := math.Inf(1), math.Inf(1)
		if below >= 0 {
			gapBelow = gap(below)
		}
		if above < len(br.bands) {
			gapAbove = gap(above)
		}
		if math.Min(gapBelow, gapAbove) >= best {
			return best // includes running out of bands on both sides
		}
		if gapBelow < best {
			best = br.bandDistance(lp, below, best)
		}
		if step > 0 && gapAbove < best {
			best = br.bandDistance(lp, above, best)
		}
	}
}

func (br *bandedRing) bandDistance(lp localProjection, band int, best float64) float64 {
	for _, i := range br.bands[band] {
		best = math.Min(best, lp.segmentDistance(br.closed[i], br.closed[i+1]))
	}
	return best
}
