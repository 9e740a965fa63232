package osm

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

// DefaultMarginMeters is how far past the region's boundary an import
// keeps roads by default: enough for a road that leaves the region and
// comes back, or a junction just over the line, to stay connected.
const DefaultMarginMeters = 2000

// ErrClip is returned by NewClip for an empty region or a bad margin.
var ErrClip = errors.New("osm: invalid clip")

// maxClipCells bounds the clip's grid (one byte a cell): past it the cells
// grow instead.
const maxClipCells = 1 << 22

// cell states of the clip's grid
const (
	cellOut   = iota // every point of the cell is farther than the margin
	cellIn           // every point of the cell is within the margin
	cellMixed        // points must be tested one by one
)

// Clip is the area an import keeps: a region (a multipolygon, e.g. the
// union of a catalogue's districts) widened by a margin. A point is inside
// when it lies in the region or within MarginMeters of its boundary.
//
// A grid of cells about a quarter of the margin wide (at least 100 m),
// classified once, answers most points without measuring: a cell whose
// centre is within the margin less the cell's half-diagonal is wholly in,
// one farther than the margin plus it wholly out; only points in cells
// across the margin's edge are measured. A Clip is read-only and safe for
// concurrent use (the PBF decoder tests nodes on several goroutines).
type Clip struct {
	area   *geo.Area
	margin float64

	bound      orb.Bound // the grid's extent: the region's bound widened by the margin
	dLon, dLat float64   // cell size in degrees
	cols, rows int
	cells      []uint8
}

// NewClip prepares the region widened by marginMeters (0 or more).
func NewClip(region orb.MultiPolygon, marginMeters float64) (*Clip, error) {
	if !(marginMeters >= 0) || math.IsInf(marginMeters, 1) {
		return nil, fmt.Errorf("%w: margin %v m (want 0 or more)", ErrClip, marginMeters)
	}
	if len(region) == 0 || len(region[0]) == 0 || len(region[0][0]) < 3 {
		return nil, fmt.Errorf("%w: the region has no polygon", ErrClip)
	}
	b := region.Bound()
	c := &Clip{area: geo.NewArea(region), margin: marginMeters}
	// the margin in degrees: latitude everywhere, longitude at the
	// latitude farthest from the equator, where a degree is shortest
	const mPerDeg = 111195.0
	cosLat := math.Cos(math.Min(math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1]))+marginMeters/mPerDeg, 89.9) * math.Pi / 180)
	padLat, padLon := marginMeters/mPerDeg, marginMeters/(mPerDeg*cosLat)
	c.bound = orb.Bound{Min: orb.Point{b.Min[0] - padLon, b.Min[1] - padLat}, Max: orb.Point{b.Max[0] + padLon, b.Max[1] + padLat}}

	size := math.Max(marginMeters/4, 100)
	w, h := c.bound.Max[0]-c.bound.Min[0], c.bound.Max[1]-c.bound.Min[1]
	for {
		c.dLat, c.dLon = size/mPerDeg, size/(mPerDeg*cosLat)
		c.cols, c.rows = int(w/c.dLon)+1, int(h/c.dLat)+1
		if c.cols*c.rows <= maxClipCells {
			break
		}
		size *= 2
	}
	c.cells = make([]uint8, c.cols*c.rows)
	for r := range c.rows {
		for k := range c.cols {
			c.cells[r*c.cols+k] = c.classify(r, k)
		}
	}
	return c, nil
}

// classify decides a grid cell from its centre's distance to the region.
func (c *Clip) classify(row, col int) uint8 {
	lo := orb.Point{c.bound.Min[0] + float64(col)*c.dLon, c.bound.Min[1] + float64(row)*c.dLat}
	hi := orb.Point{lo[0] + c.dLon, lo[1] + c.dLat}
	centre := orb.Point{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2}
	half := 0.0
	for _, q := range []orb.Point{lo, hi, {lo[0], hi[1]}, {hi[0], lo[1]}} {
		half = math.Max(half, geo.Distance(centre, q))
	}
	half = half*1.02 + 1 // the distances are measured in a local projection
	d := c.area.DistanceTo(centre)
	switch {
	case d+half <= c.margin:
		return cellIn
	case d == 0 && c.area.DistanceToBoundary(centre) > half:
		return cellIn
	case d-half > c.margin:
		return cellOut
	}
	return cellMixed
}

// Contains reports whether p lies in the region or within the margin of
// it.
func (c *Clip) Contains(p orb.Point) bool {
	if !c.bound.Contains(p) {
		return false
	}
	col := min(int((p[0]-c.bound.Min[0])/c.dLon), c.cols-1)
	row := min(int((p[1]-c.bound.Min[1])/c.dLat), c.rows-1)
	switch c.cells[row*c.cols+col] {
	case cellIn:
		return true
	case cellOut:
		return false
	}
	return c.area.DistanceTo(p) <= c.margin
}

// MarginMeters returns the margin the region was widened by.
func (c *Clip) MarginMeters() float64 { return c.margin }

// Region returns the region's polygons, unwidened.
func (c *Clip) Region() orb.MultiPolygon { return c.area.MultiPolygon() }
