package route

import (
	"math"
	"sync"

	"github.com/paulmach/orb"
)

// Sweep is a one-to-all search on a Hierarchy (PHAST: Delling et al.,
// "PHAST: Hardware-accelerated shortest path trees", 2011): an upward
// search from the origin, then one pass over every node from the highest
// rank down, each taking its time from the higher nodes' edges into it.
// The pass costs the same whatever the bound, a few milliseconds on a
// region's network, where a Dijkstra search by car for half an hour
// settles hundreds of thousands of nodes through a heap; so Sweep runs a
// plain Dijkstra search instead when few nodes lie within reach (within
// the distance the mode's top speed covers in maxSeconds). Either way
// the times are Search's (to the rounding of their sums). The result
// holds a network-sized array: Release it when done.
func (n *Network) Sweep(h *Hierarchy, origin orb.Point, maxSeconds float64) *Times {
	reach := maxSeconds*topKmh[h.mode]/3.6 + n.Snap.MaxMeters[h.mode]
	if n.nodesWithin(h.mode, origin, reach) < n.NumNodes()/sweepShare {
		return n.Search(h.mode, []Source{{Point: origin}}, maxSeconds, false)
	}
	p := h.phast(n.NumNodes())
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
	dp := p.dist()
	defer p.distPool.Put(dp)
	d := *dp
	sc.run(&h.up, maxSeconds, func(v int32, sec float32) { d[p.pos[v]] = sec })
	sc.reset()
	p.sweep(d)
	max32 := float32(maxSeconds)
	inf := float32(math.Inf(1))
	for i, s := range d {
		if s <= max32 {
			v := p.order[i]
			t.sec[v] = s
			sc.touched = append(sc.touched, v)
		}
		d[i] = inf
	}
	// reached in node order: neighbours in the file are neighbours on the
	// ground, which Cells makes use of
	for v, s := range t.sec {
		if s <= max32 {
			t.reached = append(t.reached, int32(v))
		}
	}
	return t
}

// topKmh is each mode's top speed by the rules (Sweep's guess of how far
// a search may go; a wrong guess costs time, never a wrong answer).
var topKmh = [NumModes]float64{Walk: WalkKmh, Bike: BikeKmh, EBike: EBikeKmh, Drive: MaxDriveKmh}

// sweepShare: Sweep sweeps when more than one node in this many may be in
// reach. On the generated city (400,000 nodes) a sweep costs about what a
// Dijkstra search settling a tenth of the nodes does.
const sweepShare = 10

// phast is a hierarchy laid out for the sweep: the nodes by descending
// rank (a topological order of the upward graph, reversed), and for each
// the edges into it from higher nodes, by position, so that the pass
// reads its arrays in order.
type phast struct {
	order    []int32 // node at each position
	pos      []int32 // position of each node
	start    []uint32
	from     []int32 // positions
	cost     []float32
	distPool sync.Pool // of *[]float32 by position, all +Inf
}

// phast lays h out for sweeping, once.
func (h *Hierarchy) phast(nn int) *phast {
	h.phastOnce.Do(func() { h.sweepLayout = newPhast(h, nn) })
	return h.sweepLayout
}

func newPhast(h *Hierarchy, nn int) *phast {
	// Kahn's algorithm: every edge of either half joins a node to a
	// higher one, so a node comes after all the lower nodes joined to it;
	// reversed, highest first
	indeg := make([]int32, nn)
	for _, v := range h.up.to {
		indeg[v]++
	}
	for _, v := range h.down.to {
		indeg[v]++
	}
	order := make([]int32, 0, nn)
	for v := range nn {
		if indeg[v] == 0 {
			order = append(order, int32(v))
		}
	}
	for i := 0; i < len(order); i++ {
		up, _ := h.up.edges(order[i])
		down, _ := h.down.edges(order[i])
		for _, w := range up {
			if indeg[w]--; indeg[w] == 0 {
				order = append(order, w)
			}
		}
		for _, w := range down {
			if indeg[w]--; indeg[w] == 0 {
				order = append(order, w)
			}
		}
	}
	// order is lowest first; the sweep goes down
	for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
		order[i], order[j] = order[j], order[i]
	}
	p := &phast{order: order, pos: make([]int32, nn), start: make([]uint32, nn+1)}
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
	return p
}

func (p *phast) dist() *[]float32 {
	if d, ok := p.distPool.Get().(*[]float32); ok {
		return d
	}
	d := make([]float32, len(p.order))
	inf := float32(math.Inf(1))
	for i := range d {
		d[i] = inf
	}
	return &d
}

// sweep finishes the times in d (by position): every node takes the best
// of its own and its higher neighbours' plus the edge.
func (p *phast) sweep(d []float32) {
	for i := range d {
		best := d[i]
		for e := p.start[i]; e < p.start[i+1]; e++ {
			if s := d[p.from[e]] + p.cost[e]; s < best {
				best = s
			}
		}
		d[i] = best
	}
}
