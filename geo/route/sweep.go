package route

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// Sweep is a one-to-all search on a Hierarchy (PHAST: Delling et al.,
// "PHAST: Hardware-accelerated shortest path trees", 2011): an upward
// search from the origin, then one pass over every node from the highest
// rank down, each taking its time from the higher nodes' edges into it.
// The pass skips the parts of the order that lie beyond the distance the
// network's top speed covers in maxSeconds, and costs the same whatever
// the times within: a few milliseconds on a region's network, where a
// Dijkstra search by car for half an hour settles hundreds of thousands
// of nodes through a heap. Sweep runs a plain Dijkstra search instead
// when few nodes lie within that distance. Either way
// the times are Search's (to the rounding of their sums). The result
// holds a network-sized array: Release it when done.
func (n *Network) Sweep(h *Hierarchy, origin orb.Point, maxSeconds float64) *Times {
	p := h.phast(n)
	reach := maxSeconds*p.topSpeed + n.Snap.MaxMeters[h.mode]
	if n.nodesWithin(h.mode, origin, reach) < n.NumNodes()/sweepShare {
		return n.Search(h.mode, []Source{{Point: origin}}, maxSeconds, false)
	}
	t := &Times{net: n, mode: h.mode, max: maxSeconds}
	sc := n.scratch()
	t.scratch = sc
	t.sec = sc.sec
	var buf [8]candidate
	cands := n.nearest(h.mode, origin, n.Snap.MaxMeters[h.mode], n.Snap.Candidates, buf[:0])
	if len(cands) == 0 || !(maxSeconds >= 0) {
		return t
	}
	t.points = []Source{{Point: origin}}
	for _, c := range cands {
		sc.seed(c.node, n.Snap.walkSeconds(c.meters), maxSeconds)
	}
	w := p.work()
	defer p.workPool.Put(w)
	d := w.dist
	sc.run(&h.up, maxSeconds, func(v int32, sec float32) {
		d[p.pos[v]] = sec
		w.upward = append(w.upward, p.pos[v])
	})
	sc.reset()
	w.blocks = p.blocksWithin(w.blocks[:0], reachBox(origin, reach))
	p.sweep(d, w.blocks)
	max32 := float32(maxSeconds)
	inf := float32(math.Inf(1))
	for _, b := range w.blocks {
		lo, hi := p.block(b)
		for i := lo; i < hi; i++ {
			if s := d[i]; s <= max32 {
				v := p.order[i]
				t.sec[v] = s
				sc.touched = append(sc.touched, v)
			}
			d[i] = inf
		}
	}
	for _, i := range w.upward {
		d[i] = inf
	}
	w.upward = w.upward[:0]
	// reached in sweep order: within a level of the hierarchy nodes are
	// laid out tile by tile, so consecutive nodes are often in one cell,
	// which Cells makes use of
	t.reached = sc.touched
	return t
}

// topKmh is each mode's top speed by the rules.
var topKmh = [NumModes]float64{Walk: WalkKmh, Bike: BikeKmh, EBike: EBikeKmh, Drive: MaxDriveKmh}

// topSpeed is the fastest any edge of mode m's graph is travelled, in
// metres a second: its great-circle length over its time (never more
// than the rules' top speed, as times are rounded up; a region without
// motorways is slower, and Sweep's reach with it). An edge of no time
// between distinct places falls back to the rules.
func (n *Network) topSpeed(m Mode) float64 {
	rule := topKmh[m] / 3.6
	top := 0.0
	g := &n.graphs[m].fwd
	for u := range int32(n.NumNodes()) {
		to, cost := g.edges(u)
		for i, v := range to {
			d := distance(n.Point(u), n.Point(v))
			if cost[i] > 0 {
				top = max(top, d/float64(cost[i]))
			} else if d > 0 {
				return rule
			}
		}
	}
	return min(top, rule)
}

// sweepShare: Sweep sweeps when more than one node in this many may be in
// reach. On the generated city (400,000 nodes) a sweep costs about what a
// Dijkstra search settling a tenth of the nodes does.
const sweepShare = 10

// phast is a hierarchy laid out for the sweep: the nodes by descending
// level (a node's level is one more than the highest of the lower nodes
// joined to it, so every edge goes from a lower level to a higher one),
// and for each the edges into it from higher nodes, by position, so that
// the pass reads its arrays in order. Within a level nodes go tile by
// tile (tiles of sweepTile degrees in Morton order), so that a block of
// sweepBlock positions covers a small area: a sweep skips every block
// whose box lies beyond the mode's reach at the network's top speed. That is exact:
// every node on a shortest path of at most the bound is itself within
// the bound, so within reach, and the hierarchy's path to a node is made
// of such nodes (its shortcuts stand for pieces of the shortest path).
type phast struct {
	order    []int32 // node at each position
	pos      []int32 // position of each node
	start    []uint32
	from     []int32 // positions
	cost     []float32
	boxes    []blockBox // of each block of sweepBlock positions
	topSpeed float64    // metres a second: Network.topSpeed
	workPool sync.Pool  // of *sweepWork
}

// sweepBlock is how many consecutive positions share a box; sweepTile is
// the side of the tiles, in degrees (about 1 km).
const (
	sweepBlock = 256
	sweepTile  = 0.01
)

// blockBox bounds a block's nodes, in 1e-7 degrees.
type blockBox struct{ minLat, maxLat, minLon, maxLon int32 }

// sweepWork is one sweep's arrays: times by position (all +Inf between
// sweeps), the positions the upward search set, the blocks swept.
type sweepWork struct {
	dist   []float32
	upward []int32
	blocks []int32
}

// phast lays h out for sweeping, once.
func (h *Hierarchy) phast(n *Network) *phast {
	h.phastOnce.Do(func() { h.sweepLayout = newPhast(h, n) })
	return h.sweepLayout
}

func newPhast(h *Hierarchy, n *Network) *phast {
	nn := n.NumNodes()
	order := sweepOrder(h, n)
	p := &phast{order: order, pos: make([]int32, nn), start: make([]uint32, nn+1), topSpeed: n.topSpeed(h.mode)}
	for i, v := range order {
		p.pos[v] = int32(i)
	}
	// the edges into each node from higher ones are h.down's at the node
	total := 0
	for i, v := range order {
		total += int(h.down.start[v+1] - h.down.start[v])
		p.start[i+1] = uint32(total)
	}
	p.from = make([]int32, total)
	p.cost = make([]float32, total)
	k := 0
	for _, v := range order {
		to, cost := h.down.edges(v)
		for j, x := range to {
			p.from[k], p.cost[k] = p.pos[x], cost[j]
			k++
		}
	}
	p.boxes = make([]blockBox, (nn+sweepBlock-1)/sweepBlock)
	for b := range p.boxes {
		box := blockBox{math.MaxInt32, math.MinInt32, math.MaxInt32, math.MinInt32}
		lo, hi := p.block(int32(b))
		for _, v := range order[lo:hi] {
			box.minLat, box.maxLat = min(box.minLat, n.lat[v]), max(box.maxLat, n.lat[v])
			box.minLon, box.maxLon = min(box.minLon, n.lon[v]), max(box.maxLon, n.lon[v])
		}
		p.boxes[b] = box
	}
	return p
}

// sweepOrder returns the nodes by descending level, tile by tile within
// a level. Every edge of either half joins a node to a higher one; a
// node's level comes from its lower neighbours (Kahn's algorithm).
func sweepOrder(h *Hierarchy, n *Network) []int32 {
	nn := n.NumNodes()
	indeg := make([]int32, nn)
	for _, v := range h.up.to {
		indeg[v]++
	}
	for _, v := range h.down.to {
		indeg[v]++
	}
	level := make([]int32, nn)
	queue := make([]int32, 0, nn)
	for v := range nn {
		if indeg[v] == 0 {
			queue = append(queue, int32(v))
		}
	}
	raise := func(v int32, higher []int32) {
		for _, w := range higher {
			level[w] = max(level[w], level[v]+1)
			if indeg[w]--; indeg[w] == 0 {
				queue = append(queue, w)
			}
		}
	}
	for i := 0; i < len(queue); i++ {
		up, _ := h.up.edges(queue[i])
		down, _ := h.down.edges(queue[i])
		raise(queue[i], up)
		raise(queue[i], down)
	}
	keys := make([]uint64, nn)
	for v := range nn {
		keys[v] = uint64(level[v])<<32 | uint64(tileKey(n, int32(v)))
	}
	slices.SortStableFunc(queue, func(a, b int32) int { return cmp.Compare(keys[b], keys[a]) })
	return queue
}

// tileKey is the Morton code of node v's tile.
func tileKey(n *Network, v int32) uint32 {
	const scale = sweepTile * coordScale
	r := uint32(int64(n.lat[v]-int32(n.bound.Min[1]*coordScale)) / scale)
	c := uint32(int64(n.lon[v]-int32(n.bound.Min[0]*coordScale)) / scale)
	key := uint32(0)
	for bit := range 16 {
		key |= (r>>bit&1)<<(2*bit+1) | (c>>bit&1)<<(2*bit)
	}
	return key
}

// block returns block b's positions.
func (p *phast) block(b int32) (lo, hi int) {
	lo = int(b) * sweepBlock
	return lo, min(lo+sweepBlock, len(p.order))
}

// reachBox bounds, in 1e-7 degrees, the points within meters of origin
// (with a margin for the rounding of times and of the box itself).
func reachBox(origin orb.Point, meters float64) blockBox {
	meters = meters*1.01 + 100
	dLat := meters / (earthRadius * math.Pi / 180)
	far := math.Min(math.Abs(origin[1])+dLat, 89)
	dLon := math.Min(dLat/math.Cos(far*math.Pi/180), 180)
	clamp := func(deg float64) int32 {
		return int32(math.Max(math.Min(deg*coordScale, math.MaxInt32), math.MinInt32))
	}
	return blockBox{clamp(origin[1] - dLat), clamp(origin[1] + dLat), clamp(origin[0] - dLon), clamp(origin[0] + dLon)}
}

// blocksWithin appends the blocks whose box meets box.
func (p *phast) blocksWithin(out []int32, box blockBox) []int32 {
	for b, bb := range p.boxes {
		if bb.minLat <= box.maxLat && bb.maxLat >= box.minLat && bb.minLon <= box.maxLon && bb.maxLon >= box.minLon {
			out = append(out, int32(b))
		}
	}
	return out
}

func (p *phast) work() *sweepWork {
	if w, ok := p.workPool.Get().(*sweepWork); ok {
		return w
	}
	d := make([]float32, len(p.order))
	inf := float32(math.Inf(1))
	for i := range d {
		d[i] = inf
	}
	return &sweepWork{dist: d}
}

// sweep finishes the times in d (by position) over the given blocks, in
// order: every node takes the best of its own and its higher neighbours'
// plus the edge.
func (p *phast) sweep(d []float32, blocks []int32) {
	for _, b := range blocks {
		lo, hi := p.block(b)
		for i := lo; i < hi; i++ {
			best := d[i]
			for e := p.start[i]; e < p.start[i+1]; e++ {
				if s := d[p.from[e]] + p.cost[e]; s < best {
					best = s
				}
			}
			d[i] = best
		}
	}
}
