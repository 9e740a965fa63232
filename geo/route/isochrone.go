package route

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
)

// Isochrone returns the H3 cells at resolution res whose centres mode m
// reaches from origin within minutes: through the network, then on foot
// from the centre's candidate nodes (see Times.At). The cells are sorted.
// An origin that cannot join the network reaches nothing.
func (n *Network) Isochrone(m Mode, origin orb.Point, minutes float64, res int) []h3.Cell {
	t := n.Search(m, []Source{{Point: origin}}, minutes*60, false)
	return t.Cells(res)
}

// Cells returns the H3 cells at resolution res whose centres are reached
// within the search bound (see At), sorted. For a reverse search they are
// the cells from which the sources are reached.
//
// Candidates are the cells of the reached nodes and their neighbours, then
// the neighbours of every cell found reached, until no new cell is found;
// so the result grows with the bound.
func (t *Times) Cells(res int) []h3.Cell {
	cts := t.CellTimes(res)
	if cts == nil {
		return nil
	}
	out := make([]h3.Cell, len(cts))
	for i, ct := range cts {
		out[i] = ct.Cell
	}
	return out
}

// CellTime is an H3 cell and the time at its centre (see Times.At).
type CellTime struct {
	Cell    h3.Cell
	Seconds float64
}

// CellTimes is Cells with each cell's time: for a reverse search from a
// place, the time from each cell's centre to it. Sorted by cell.
func (t *Times) CellTimes(res int) []CellTime {
	if res < 0 || res > 15 {
		return nil
	}
	seen := make(map[h3.Cell]bool) // tested; value: reached
	var queue []h3.Cell
	var out []CellTime
	var buf [8]candidate
	test := func(c h3.Cell) {
		if _, ok := seen[c]; ok {
			return
		}
		s, ok := t.atCell(c, res, buf[:0])
		seen[c] = ok
		if ok {
			out = append(out, CellTime{c, s})
			queue = append(queue, c)
		}
	}
	nodeCells := make(map[h3.Cell]struct{})
	addSeed := func(c h3.Cell) {
		if _, ok := nodeCells[c]; ok {
			return
		}
		nodeCells[c] = struct{}{}
		// a reached seed's neighbours are tested when the queue gets to
		// it: only an unreached seed needs its own done here
		if test(c); !seen[c] {
			for _, d := range c.GridDisk(1) {
				test(d)
			}
		}
	}
	last := h3.Cell(0)
	for _, v := range t.reached {
		// consecutive nodes often share a cell: skip the map
		if c := t.net.nodeCell(v, res); c != last {
			addSeed(c)
			last = c
		}
	}
	for _, s := range t.points {
		addSeed(h3.LatLngToCell(h3.NewLatLng(s.Point[1], s.Point[0]), res))
	}
	for len(queue) > 0 {
		c := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, d := range c.GridDisk(1) {
			test(d)
		}
	}
	slices.SortFunc(out, func(a, b CellTime) int { return cmp.Compare(a.Cell, b.Cell) })
	return out
}

// Polygon returns the outline of Cells(res) as a multipolygon (through
// geo.CellsToMultiPolygon): what a map draws as the reachable area.
func (t *Times) Polygon(res int) orb.MultiPolygon {
	return geo.CellsToMultiPolygon(t.Cells(res))
}

// IsochroneFeature is Isochrone drawn as a GeoJSON feature: the cells'
// outline, with properties mode, minutes, resolution and cells (their
// count). An origin that reaches nothing gives an empty multipolygon.
func (n *Network) IsochroneFeature(m Mode, origin orb.Point, minutes float64, res int) *geojson.Feature {
	cells := n.Isochrone(m, origin, minutes, res)
	f := geojson.NewFeature(geo.CellsToMultiPolygon(cells))
	f.Properties["mode"] = m.String()
	f.Properties["minutes"] = minutes
	f.Properties["resolution"] = res
	f.Properties["cells"] = len(cells)
	return f
}

// cellCacheMaxRes is the finest resolution whose cells' centres and
// candidate nodes a network keeps once found (see atCell): at 8 a cell is
// 0.7 km², so a region of 25,000 km² holds at most some 35,000 per mode,
// a few megabytes. Finer cells (site tables at 9 and 10) are not kept.
const cellCacheMaxRes = 8

// cellSnap is a cell's centre and the nodes it joins (Times.at's
// candidates), which cost an H3 call and a grid search to find. They
// depend on Network.Snap, which is set before a network is shared.
type cellSnap struct {
	centre orb.Point
	cands  []candidate
}

// atCell is at for the centre of cell c at resolution res, through the
// network's cache at coarse resolutions.
func (t *Times) atCell(c h3.Cell, res int, buf []candidate) (float64, bool) {
	if res > cellCacheMaxRes || !t.mode.Valid() {
		ll := c.LatLng()
		return t.at(orb.Point{ll.Lng, ll.Lat}, buf)
	}
	cache := &t.net.cellSnaps[t.mode][res]
	var cs *cellSnap
	if v, ok := cache.Load(c); ok {
		cs = v.(*cellSnap)
	} else {
		ll := c.LatLng()
		p := orb.Point{ll.Lng, ll.Lat}
		snap := &t.net.Snap
		cands := t.net.nearest(t.mode, p, snap.MaxMeters[t.mode], snap.Candidates, nil)
		v, _ := cache.LoadOrStore(c, &cellSnap{p, cands})
		cs = v.(*cellSnap)
	}
	return t.atCandidates(cs.centre, cs.cands)
}
