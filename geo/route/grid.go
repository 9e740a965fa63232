package route

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

const earthRadius = geo.EarthRadius

// distance is geo.Distance: the haversine great-circle distance in metres.
func distance(a, b orb.Point) float64 { return geo.Distance(a, b) }

// gridCellMeters is the side of a spatial index bucket; maxGridCells caps
// the bucket count (the side grows for huge or sparse extents).
const (
	gridCellMeters = 200.0
	maxGridCells   = 1 << 22
)

// grid is a uniform bucket index over one mode's usable nodes: cells of
// dLat x dLon degrees, nodes listed per cell in CSR form.
type grid struct {
	minLat, minLon float64
	dLat, dLon     float64
	rows, cols     int
	sideMeters     float64 // a lower bound on any cell's side in metres
	start          []uint32
	nodes          []int32
}

func (g *grid) memoryBytes() int { return 4*cap(g.start) + 4*cap(g.nodes) }

func newGrid(n *Network, m Mode) grid {
	var g grid
	if n.NumNodes() == 0 {
		return g
	}
	b := n.bound
	maxAbsLat := math.Min(math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1])), 89)
	cosLat := math.Cos(maxAbsLat * math.Pi / 180)
	// no more cells than a few per node, so that a sparse or scattered
	// network does not pay for an empty grid
	cellCap := min(maxGridCells, 4*n.NumNodes()+1024)
	side := gridCellMeters
	for {
		g.dLat = side / 111195.0
		g.dLon = g.dLat / math.Max(cosLat, 0.01)
		g.rows = int((b.Max[1]-b.Min[1])/g.dLat) + 1
		g.cols = int((b.Max[0]-b.Min[0])/g.dLon) + 1
		if g.rows*g.cols <= cellCap {
			break
		}
		side *= 2
	}
	g.minLat, g.minLon = b.Min[1], b.Min[0]
	// a cell's east-west side is shortest at maxAbsLat; 1% margin for the
	// spherical approximation
	g.sideMeters = side * 0.99

	ncell := g.rows * g.cols
	g.start = make([]uint32, ncell+1)
	cells := make([]int32, n.NumNodes())
	for i := range n.NumNodes() {
		if !n.Usable(m, int32(i)) {
			cells[i] = -1
			continue
		}
		c := g.cellOf(n.Point(int32(i)))
		cells[i] = int32(c)
		g.start[c+1]++
	}
	for i := 1; i <= ncell; i++ {
		g.start[i] += g.start[i-1]
	}
	g.nodes = make([]int32, g.start[ncell])
	pos := make([]uint32, ncell)
	copy(pos, g.start[:ncell])
	for i, c := range cells {
		if c >= 0 {
			g.nodes[pos[c]] = int32(i)
			pos[c]++
		}
	}
	return g
}

func (g *grid) rowCol(p orb.Point) (int, int) {
	r := int(math.Floor((p[1] - g.minLat) / g.dLat))
	c := int(math.Floor((p[0] - g.minLon) / g.dLon))
	return r, c
}

func (g *grid) cellOf(p orb.Point) int {
	r, c := g.rowCol(p)
	r = min(max(r, 0), g.rows-1)
	c = min(max(c, 0), g.cols-1)
	return r*g.cols + c
}

// candidate is a node near a point, with its distance in metres.
type candidate struct {
	node   int32
	meters float64
}

// nearest appends to buf the k nodes usable by the grid's mode that are
// closest to p and within maxMeters, nearest first.
func (n *Network) nearest(m Mode, p orb.Point, maxMeters float64, k int, buf []candidate) []candidate {
	buf = buf[:0]
	g := &n.grids[m]
	if len(g.nodes) == 0 || k <= 0 || !validPoint(p) || math.IsNaN(maxMeters) {
		return buf
	}
	r0, c0 := g.rowCol(p)
	// rings beyond this cannot hold a node within maxMeters
	maxRing := int(maxMeters/g.sideMeters) + 1
	// distance from p to the grid, in rings, when p lies outside it
	outside := 0
	if r0 < 0 {
		outside = max(outside, -r0)
	} else if r0 >= g.rows {
		outside = max(outside, r0-g.rows+1)
	}
	if c0 < 0 {
		outside = max(outside, -c0)
	} else if c0 >= g.cols {
		outside = max(outside, c0-g.cols+1)
	}
	if outside > maxRing+1 {
		return buf
	}
	limit := max(g.rows, g.cols) + outside
	// candidates are ranked by a local equirectangular approximation (well
	// under a millimetre off at these distances, with a 1 m margin on the
	// bound), then given their exact haversine distance
	const rad = math.Pi / 180
	mPerDeg := earthRadius * rad
	cosP, sinP := math.Cos(p[1]*rad), math.Sin(p[1]*rad)
	approx := func(q orb.Point) float64 {
		dLat := q[1] - p[1]
		cosMid := cosP - sinP*dLat*rad/2
		x, y := (q[0]-p[0])*cosMid, dLat
		return mPerDeg * math.Sqrt(x*x+y*y)
	}
	for ring := 0; ring <= min(maxRing, limit); ring++ {
		visit := func(r, c int) {
			if r < 0 || r >= g.rows || c < 0 || c >= g.cols {
				return
			}
			cell := r*g.cols + c
			for _, v := range g.nodes[g.start[cell]:g.start[cell+1]] {
				d := approx(n.Point(v))
				if d > maxMeters+1 || (len(buf) == k && d >= buf[k-1].meters) {
					continue
				}
				// insertion into the sorted buffer
				i := len(buf)
				if i < k {
					buf = append(buf, candidate{})
				} else {
					i = k - 1
				}
				for i > 0 && buf[i-1].meters > d {
					buf[i] = buf[i-1]
					i--
				}
				buf[i] = candidate{v, d}
			}
		}
		if ring == 0 {
			visit(r0, c0)
		} else {
			for c := c0 - ring; c <= c0+ring; c++ {
				visit(r0-ring, c)
				visit(r0+ring, c)
			}
			for r := r0 - ring + 1; r <= r0+ring-1; r++ {
				visit(r, c0-ring)
				visit(r, c0+ring)
			}
		}
		// every node in ring+1 or beyond is at least ring*side away
		if len(buf) == k && buf[k-1].meters+1 <= float64(ring)*g.sideMeters {
			break
		}
	}
	// exact distances, dropping any that the approximation let past the bound
	out := buf[:0]
	for _, c := range buf {
		c.meters = distance(p, n.Point(c.node))
		if c.meters <= maxMeters {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b candidate) int { return cmp.Compare(a.meters, b.meters) })
	return out
}

// Nearest returns the node closest to p that mode m can use, and its
// distance in metres, if one lies within maxMeters.
func (n *Network) Nearest(p orb.Point, m Mode, maxMeters float64) (node int32, meters float64, ok bool) {
	if !m.Valid() {
		return -1, 0, false
	}
	var one [1]candidate
	c := n.nearest(m, p, maxMeters, 1, one[:0])
	if len(c) == 0 {
		return -1, 0, false
	}
	return c[0].node, c[0].meters, true
}

// nodesWithin bounds the number of the grid mode's nodes within meters
// of p: those of the grid cells the square around the disk touches.
func (n *Network) nodesWithin(m Mode, p orb.Point, meters float64) int {
	g := &n.grids[m]
	if len(g.nodes) == 0 || !validPoint(p) {
		return 0
	}
	r0, c0 := g.rowCol(p)
	k := int(meters/g.sideMeters) + 1
	total := 0
	for r := max(r0-k, 0); r <= min(r0+k, g.rows-1); r++ {
		a, b := max(c0-k, 0), min(c0+k, g.cols-1)
		if a > b {
			continue
		}
		total += int(g.start[r*g.cols+b+1] - g.start[r*g.cols+a])
	}
	return total
}
