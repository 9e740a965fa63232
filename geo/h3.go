package geo

import (
	"math"
	"math/bits"
	"slices"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// Cell returns the H3 cell of resolution res (0-15) that contains p. It
// returns 0, which is not a valid cell, for an invalid resolution or a
// non-finite coordinate.
func Cell(p orb.Point, res int) h3.Cell {
	return h3.LatLngToCell(h3.NewLatLng(p[1], p[0]), res)
}

// CellCenter returns the centre of c.
func CellCenter(c h3.Cell) orb.Point { return memo.centre(c) }

// CellPolygon returns the outline of c as a closed, counter-clockwise ring.
func CellPolygon(c h3.Cell) orb.Polygon {
	return orb.Polygon{AppendCellRing(nil, c)}
}

// AppendCellRing appends c's outline (closed, counter-clockwise) to dst:
// CellPolygon without an allocation, for writers that reuse a buffer.
func AppendCellRing(dst orb.Ring, c h3.Cell) orb.Ring { return append(dst, cellRing(c)...) }

// cellRing is c's outline, shared: read it, never change it.
func cellRing(c h3.Cell) orb.Ring { return memo.ring(c) }

func computeCellRing(c h3.Cell) orb.Ring {
	boundary := h3.CellToBoundary(c)
	ring := make(orb.Ring, 0, len(boundary)+1)
	for _, v := range boundary {
		ring = append(ring, orb.Point{v.Lng, v.Lat})
	}
	if len(ring) == 0 {
		return ring
	}
	ring = append(ring, ring[0])
	// H3 gives boundaries counter-clockwise; make sure, as RFC 7946 asks.
	if ring.Orientation() == orb.CW {
		ring.Reverse()
	}
	return ring
}

// circumradius returns the largest distance in metres from c's centre to its
// boundary, which for a convex cell is the distance to its farthest vertex.
func circumradius(c h3.Cell, centre orb.Point) float64 {
	r := 0.0
	for _, v := range cellRing(c) {
		r = math.Max(r, Distance(centre, v))
	}
	return r
}

// maxCircumradiusRatio bounds how much larger one cell's circumradius can be
// than another's at the same resolution: sampling the globe and the
// pentagons' neighbourhoods gives at most 1.6 (TestMaxCircumradiusRatio), so
// 2 leaves room. CellsWithin's completeness rests on it.
const maxCircumradiusRatio = 2

// diskCells calls keep for cells around p at resolution res, with each
// cell's centre and its distance from p, and returns the cells kept. It
// visits at least every cell within radius + 2 × (circumradius of p's cell)
// of p, which includes every cell holding a point within radius, because no
// cell is twice as wide as another. keep must accept every cell that holds a
// point within radius.
//
// Cells are visited ring by ring of a grid disk around p's cell, whose k is
// estimated from the local cell size and then checked: the cells holding
// points within radius form a connected set around p's cell, so once keep
// accepts nothing in the outermost ring, nothing beyond it can qualify. If
// keep does accept a cell there, the disk grows.
func diskCells(p orb.Point, radius float64, res int, kFactor float64, keep func(c h3.Cell, centre orb.Point, metres, originR float64) bool) []h3.Cell {
	if !(radius >= 0) || math.IsInf(radius, 0) {
		return nil
	}
	origin := Cell(p, res)
	if origin == 0 {
		return nil
	}
	originCentre := CellCenter(origin)
	originR := circumradius(origin, originCentre)
	limit := radius + maxCircumradiusRatio*originR

	// In a regular hexagonal grid a cell k steps away has its centre at
	// least k·1.5 circumradii away (the grid disk is a hexagon whose
	// edges' midpoints are nearest). kFactor circumradii of margin beyond
	// the radius decide how many rings to read before checking.
	reach := Distance(p, originCentre) + radius + kFactor*originR
	k := max(1, int(math.Ceil(reach/(1.5*originR))))

	var cells []h3.Cell
	done := -1 // rings already visited
	for {
		rings := h3.GridDiskDistances(origin, k)
		outerRingKept := false
		for dist := done + 1; dist <= k; dist++ {
			for _, c := range rings[dist] {
				if c == 0 { // GridDisk leaves holes next to pentagons
					continue
				}
				centre := CellCenter(c)
				metres := Distance(p, centre)
				if metres <= limit && keep(c, centre, metres, originR) {
					cells = append(cells, c)
					outerRingKept = outerRingKept || dist == k
				}
			}
		}
		if !outerRingKept {
			return cells
		}
		done = k
		k += max(2, k/4)
	}
}

// CellsWithin returns a conservative cover of the disk of radiusM metres
// around p at resolution res: every cell that contains some point within
// radiusM of p is in the result, in no particular order. It may hold a few
// cells that only come close; a cell is dropped only when its centre is
// farther than radiusM plus its circumradius. A negative or NaN radius gives
// nil; a radius of 0 gives p's own cell.
//
// The cost grows with (radiusM / cell size)²: in Ningbo a 1 km radius is
// 13 cells at resolution 8, 54 at 9, 310 at 10 and about 2,000 at 11.
func CellsWithin(p orb.Point, radiusM float64, res int) []h3.Cell {
	// Read just past the circle; the ring check adds rings if needed.
	return diskCells(p, radiusM, res, 1, func(c h3.Cell, centre orb.Point, metres, originR float64) bool {
		// A cell whose centre is this close reaches into the circle
		// unless it is very distorted; keeping it unmeasured is safe.
		if metres <= radiusM+0.5*originR {
			return true
		}
		// Near the circle: measure this cell rather than trusting a
		// bound. A hair of slack keeps rounding from dropping a cell
		// that touches the circle.
		gap := metres - circumradius(c, centre)
		return gap <= radiusM*(1+1e-9)+1e-6
	})
}

// Isochrone returns the cells at resolution res whose centres can be reached
// from origin within minutes under m, by m.Minutes from origin itself (not
// from its cell's centre), sorted by cell index. It is empty when minutes do
// not exceed m's overhead, unless origin is exactly a cell centre.
func Isochrone(origin orb.Point, m TravelModel, minutes float64, res int) []h3.Cell {
	var cells []h3.Cell
	// diskCells' ring check needs a keep that accepts every cell touching
	// the circle, so accept all it offers, reading enough rings (two
	// circumradii past the circle) that the outermost is rarely offered,
	// and collect the cells whose centres are in time on the way.
	diskCells(origin, m.ReachMeters(minutes), res, maxCircumradiusRatio, func(c h3.Cell, _ orb.Point, metres, _ float64) bool {
		// metres is Distance(origin, centre), so this is m.Minutes.
		if m.MinutesForDistance(metres) <= minutes {
			cells = append(cells, c)
		}
		return true
	})
	slices.Sort(cells)
	return cells
}

// PolygonCells returns the cells at resolution res whose centres lie in mp,
// sorted by cell index. Holes are honoured; rings may be open or closed.
// Rings with fewer than three points, with no area to speak of, or with a
// coordinate that is not a finite longitude/latitude are ignored (H3 cannot
// take them); an ignored outer ring drops its polygon.
func PolygonCells(mp orb.MultiPolygon, res int) []h3.Cell {
	if res < 0 || res > h3.MaxResolution {
		return nil
	}
	var cells []h3.Cell
	for _, poly := range mp {
		if len(poly) == 0 {
			continue
		}
		outer, ok := geoLoop(poly[0])
		if !ok {
			continue
		}
		gp := h3.GeoPolygon{GeoLoop: outer}
		for _, hole := range poly[1:] {
			if loop, ok := geoLoop(hole); ok {
				gp.Holes = append(gp.Holes, loop)
			}
		}
		cells = append(cells, h3.PolygonToCells(gp, res)...)
	}
	// Parts of a valid MultiPolygon do not overlap, but a sloppy one may.
	slices.Sort(cells)
	return slices.Compact(cells)
}

// geoLoop converts a ring to H3's loop, which must not repeat its first
// point. It refuses rings H3 cannot take: h3-go v4.1.0 indexes an empty
// slice (and panics) when H3 fails to size its output, which it does for a
// ring whose bounding box is flat in either direction.
func geoLoop(r orb.Ring) (h3.GeoLoop, bool) {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		r = r[:len(r)-1]
	}
	if len(r) < 3 {
		return nil, false
	}
	// Flat to within 1e-9° (0.1 mm): nothing inside, and after conversion
	// to radians H3 might see exactly zero.
	if b := r.Bound(); !(b.Max[0]-b.Min[0] > 1e-9 && b.Max[1]-b.Min[1] > 1e-9) {
		return nil, false
	}
	loop := make(h3.GeoLoop, len(r))
	for i, p := range r {
		if !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) {
			return nil, false
		}
		loop[i] = h3.NewLatLng(p[1], p[0])
	}
	return loop, true
}

// CellsToMultiPolygon returns the outline of a set of cells: one polygon per
// connected group, its outer ring counter-clockwise, then its holes
// clockwise, every ring closed. Duplicate cells are ignored; cells should
// share one resolution. An empty input gives an empty MultiPolygon.
//
// h3-go v4.1.0 declares CellsToMultiPolygon but panics "not implemented", so
// this follows H3's own algorithm (cellsToLinkedMultiPolygon) in Go: every
// edge shared by two cells of the set cancels, and the remaining edges are
// chained into rings. Sets that cross the antimeridian are not supported.
func CellsToMultiPolygon(cells []h3.Cell) orb.MultiPolygon {
	if len(cells) == 0 {
		return orb.MultiPolygon{}
	}
	sorted := slices.Clone(cells)
	slices.Sort(sorted) // a deterministic output whatever the input order
	sorted = slices.Compact(sorted)

	g := newEdgeGraph(len(sorted))
	for _, c := range sorted {
		if c == 0 {
			continue
		}
		ring := cellRing(c)
		for i := 0; i+1 < len(ring); i++ {
			g.addEdge(g.vertex(ring[i]), g.vertex(ring[i+1]))
		}
	}
	return assembleRings(g.rings())
}

// edgeGraph collects directed cell edges, cancelling each edge against its
// reverse, as two neighbouring counter-clockwise cells traverse their shared
// edge in opposite directions.
type edgeGraph struct {
	points   []orb.Point
	vertexOf vertexTable // by snapKey
	edges    []graphEdge
	outHead  []int32 // per vertex: first out-edge, -1 if none
}

type graphEdge struct {
	from, to int32
	nextOut  int32 // next out-edge of the same vertex, -1 at the end
	live     bool
}

func newEdgeGraph(cells int) *edgeGraph {
	return &edgeGraph{
		vertexOf: newVertexTable(2*cells + 6),
		points:   make([]orb.Point, 0, 2*cells+6),
		outHead:  make([]int32, 0, 2*cells+6),
		edges:    make([]graphEdge, 0, 6*cells),
	}
}

// Two vertices within snapDegrees (about 0.1 mm) are the same point: far
// above the rounding noise between two cells' computations of a shared
// vertex, far below the 0.5 m edges of the finest cells. Vertices are looked
// up by the snapGrid square (about 1 cm) they fall in, which never holds two
// distinct vertices.
const (
	snapDegrees = 1e-9
	snapGrid    = 1e-7
)

// vertex returns the id of p, reusing the id of a vertex within snapDegrees.
func (g *edgeGraph) vertex(p orb.Point) int32 {
	fx, fy := p[0]/snapGrid, p[1]/snapGrid
	kx, ky := math.Floor(fx), math.Floor(fy)
	ix, iy := int64(kx), int64(ky)
	key := snapKey(ix, iy)
	if id, ok := g.vertexOf.get(key); ok && g.near(id, p) {
		return id
	}
	// The same point computed from another cell may lie just across a
	// square's side: look there only when p is that close to it.
	const edge = snapDegrees / snapGrid
	dxs, dys := []int64{0}, []int64{0}
	if fx-kx < edge {
		dxs = append(dxs, -1)
	} else if fx-kx > 1-edge {
		dxs = append(dxs, 1)
	}
	if fy-ky < edge {
		dys = append(dys, -1)
	} else if fy-ky > 1-edge {
		dys = append(dys, 1)
	}
	for _, dx := range dxs {
		for _, dy := range dys {
			if dx == 0 && dy == 0 {
				continue
			}
			if id, ok := g.vertexOf.get(snapKey(ix+dx, iy+dy)); ok && g.near(id, p) {
				return id
			}
		}
	}
	id := int32(len(g.points))
	g.points = append(g.points, p)
	g.outHead = append(g.outHead, -1)
	g.vertexOf.put(key, id)
	return id
}

// vertexTable maps snap squares to vertex ids: open addressing with linear
// probing, at most half full. Looking vertices up was most of an
// outline's time through a Go map, whose generality this one job does not
// need. Key 0 marks an empty slot; snapKey never makes it.
type vertexTable struct {
	keys  []uint64
	ids   []int32
	n     int
	shift uint // 64 - log2(len(keys))
}

func newVertexTable(capacity int) vertexTable {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	return vertexTable{keys: make([]uint64, size), ids: make([]int32, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

func (t *vertexTable) slot(key uint64) int {
	return int((key * 0x9e3779b97f4a7c15) >> t.shift)
}

func (t *vertexTable) get(key uint64) (int32, bool) {
	mask := len(t.keys) - 1
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key:
			return t.ids[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *vertexTable) put(key uint64, id int32) {
	if 2*(t.n+1) > len(t.keys) {
		old := *t
		*t = newVertexTable(len(old.keys))
		for i, k := range old.keys {
			if k != 0 {
				t.put(k, old.ids[i])
			}
		}
	}
	mask := len(t.keys) - 1
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key:
			t.ids[i] = id
			return
		case 0:
			t.keys[i], t.ids[i] = key, id
			t.n++
			return
		}
	}
}

// snapKey packs a snap square's coordinates into one map key (single-word
// keys hash several times faster than arrays). A longitude of ±180° is
// ±1.8e9 squares, inside 32 bits once offset.
func snapKey(x, y int64) uint64 {
	return uint64(x+1<<31)<<32 | uint64(y+1<<31)&0xffffffff
}

func (g *edgeGraph) near(id int32, p orb.Point) bool {
	q := g.points[id]
	return math.Abs(q[0]-p[0]) <= snapDegrees && math.Abs(q[1]-p[1]) <= snapDegrees
}

func (g *edgeGraph) addEdge(from, to int32) {
	if from == to {
		return
	}
	// A neighbour that laid the reverse edge laid it out of to; a vertex
	// has three edges out at most, so reading its list beats a map.
	for e := g.outHead[to]; e >= 0; e = g.edges[e].nextOut {
		if rev := &g.edges[e]; rev.to == from && rev.live {
			rev.live = false
			return
		}
	}
	id := int32(len(g.edges))
	g.edges = append(g.edges, graphEdge{from: from, to: to, nextOut: g.outHead[from], live: true})
	g.outHead[from] = id
}

// nextLiveOut returns a live out-edge of v, or -1.
func (g *edgeGraph) nextLiveOut(v int32) int32 {
	for e := g.outHead[v]; e >= 0; e = g.edges[e].nextOut {
		if g.edges[e].live {
			return e
		}
	}
	return -1
}

// rings chains the live edges into closed rings, consuming them.
func (g *edgeGraph) rings() []orb.Ring {
	var rings []orb.Ring
	for start := range g.edges {
		if !g.edges[start].live {
			continue
		}
		first := g.edges[start].from
		ring := orb.Ring{g.points[first]}
		for e := int32(start); e >= 0; {
			g.edges[e].live = false
			to := g.edges[e].to
			ring = append(ring, g.points[to])
			if to == first {
				break
			}
			e = g.nextLiveOut(to)
		}
		// An unclosed chain can only come from inconsistent input (cells
		// of mixed resolutions); close it rather than emit an open ring.
		if ring[len(ring)-1] != ring[0] {
			ring = append(ring, ring[0])
		}
		if len(ring) >= 4 {
			rings = append(rings, ring)
		}
	}
	return rings
}

// assembleRings groups rings into polygons: counter-clockwise rings are
// outer boundaries, clockwise ones holes, each hole going to the smallest
// outer ring that contains it. Rings of a cell set never touch, so any one
// vertex of a hole decides.
func assembleRings(rings []orb.Ring) orb.MultiPolygon {
	type outer struct {
		ring  orb.Ring
		bound orb.Bound
		area  float64
		holes []orb.Ring
	}
	var outers []*outer
	var holes []orb.Ring
	for _, r := range rings {
		area := signedArea(r)
		if area > 0 {
			outers = append(outers, &outer{ring: r, bound: r.Bound(), area: area})
		} else {
			holes = append(holes, r)
		}
	}
	for _, h := range holes {
		var best *outer
		for _, o := range outers {
			if (best == nil || o.area < best.area) && o.bound.Contains(h[0]) && ringContains(o.ring, h[0]) {
				best = o
			}
		}
		if best != nil {
			best.holes = append(best.holes, h)
		}
	}
	mp := make(orb.MultiPolygon, 0, len(outers))
	for _, o := range outers {
		poly := append(orb.Polygon{o.ring}, o.holes...)
		mp = append(mp, poly)
	}
	return mp
}

// signedArea is the planar shoelace area of a closed ring in square degrees,
// positive when counter-clockwise.
func signedArea(r orb.Ring) float64 {
	sum := 0.0
	for i := 0; i+1 < len(r); i++ {
		sum += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return sum / 2
}
