package route

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Buckets answer many-to-one travel times through a Hierarchy: for a fixed
// set of targets (a catalogue's sites), each target's backward upward
// search, kept as a bucket of (target, seconds) at every node it settled.
// The time from any origin to every target is then one small forward
// upward search from the origin, scanning the buckets of the nodes it
// settles (Knopp et al., "Computing many-to-many shortest paths using
// highway hierarchies", 2007). What they hold grows with targets x the
// size of an upward search (a few hundred nodes), not with the area each
// target reaches.
type Buckets struct {
	h      *Hierarchy
	points []orb.Point // the targets
	max    float64     // seconds: the bound of the backward searches
	// the buckets in CSR form over the nodes that have one
	nodes   []int32 // ascending
	start   []uint32
	targets []int32
	seconds []float32
	has     []uint64 // bitmap of nodes, for a quick miss
}

// BucketArrays is a Buckets' content as plain arrays (see Arrays).
type BucketArrays struct {
	Points     []orb.Point
	MaxSeconds float64
	Nodes      []int32
	Start      []uint32
	Targets    []int32
	Seconds    []float32
}

// NewBuckets runs the backward upward search of each target in points
// (those use reports true for; the others get no times) bounded by
// maxSeconds, on h, the hierarchy of n's graph for h.Mode(). Targets
// join the network as Search's point sources do.
func (n *Network) NewBuckets(h *Hierarchy, points []orb.Point, use func(i int) bool, maxSeconds float64) *Buckets {
	type entry struct {
		node, target int32
		sec          float32
	}
	var all []entry
	sc := n.scratch()
	defer n.putScratch(sc)
	for i, p := range points {
		if use != nil && !use(i) {
			continue
		}
		n.upward(&h.down, h.mode, p, maxSeconds, sc, func(v int32, sec float32) {
			all = append(all, entry{v, int32(i), sec})
		})
	}
	slices.SortFunc(all, func(a, b entry) int {
		if a.node != b.node {
			return int(a.node - b.node)
		}
		return int(a.target - b.target)
	})
	a := BucketArrays{Points: points, MaxSeconds: maxSeconds, Start: []uint32{0}}
	for i, e := range all {
		if i == 0 || e.node != all[i-1].node {
			if i > 0 {
				a.Start = append(a.Start, uint32(i))
			}
			a.Nodes = append(a.Nodes, e.node)
		}
		a.Targets = append(a.Targets, e.target)
		a.Seconds = append(a.Seconds, e.sec)
	}
	a.Start = append(a.Start, uint32(len(all)))
	if len(all) == 0 {
		a.Start = []uint32{0}
	}
	b, _ := n.bucketsFrom(h, a) // made here, so well formed
	return b
}

// NumEntries returns how many (node, target) entries the buckets hold.
func (b *Buckets) NumEntries() int { return len(b.targets) }

// Arrays returns b's content. The slices are b's own.
func (b *Buckets) Arrays() BucketArrays {
	return BucketArrays{Points: b.points, MaxSeconds: b.max, Nodes: b.nodes, Start: b.start, Targets: b.targets, Seconds: b.seconds}
}

// MaxSeconds returns the bound the buckets were made with: no time
// beyond it is found.
func (b *Buckets) MaxSeconds() float64 { return b.max }

// From calls fn with the time from origin to every target reachable
// within maxSeconds (at most MaxSeconds), in target order: through the
// network, or on foot straight to a target within the mode's snap
// distance when that is quicker (as Times.At counts it).
func (n *Network) From(b *Buckets, origin orb.Point, maxSeconds float64, fn func(target int32, seconds float64)) {
	maxSeconds = math.Min(maxSeconds, b.max)
	snap := &n.Snap
	maxM := snap.MaxMeters[b.h.mode]
	if len(n.nearest(b.h.mode, origin, maxM, 1, nil)) == 0 {
		return // an origin off the network reaches nothing, as in Search
	}
	best := make([]float32, len(b.points))
	inf := float32(math.Inf(1))
	for i := range best {
		best[i] = inf
	}
	sc := n.scratch()
	n.upward(&b.h.up, b.h.mode, origin, maxSeconds, sc, func(v int32, sec float32) {
		if b.has[v>>6]&(1<<(v&63)) == 0 {
			return
		}
		i, _ := slices.BinarySearch(b.nodes, v)
		for j := b.start[i]; j < b.start[i+1]; j++ {
			best[b.targets[j]] = min(best[b.targets[j]], sec+b.seconds[j])
		}
	})
	n.putScratch(sc)
	for i, p := range b.points {
		t := float64(best[i])
		if d := distance(origin, p); d <= maxM && (t <= maxSeconds || len(n.nearest(b.h.mode, p, maxM, 1, nil)) > 0) {
			t = math.Min(t, snap.walkSeconds(d))
		}
		if t <= maxSeconds {
			fn(int32(i), t)
		}
	}
}

// upward runs a Dijkstra search on one half of a hierarchy (h.up from an
// origin, h.down towards a target) from the point's candidate nodes,
// bounded by maxSeconds, calling fn for every node settled.
func (n *Network) upward(g *csr, m Mode, p orb.Point, maxSeconds float64, sc *scratch, fn func(v int32, sec float32)) {
	var buf [8]candidate
	cands := n.nearest(m, p, n.Snap.MaxMeters[m], n.Snap.Candidates, buf[:0])
	for _, c := range cands {
		sc.seed(c.node, n.Snap.walkSeconds(c.meters), maxSeconds)
	}
	sc.run(g, maxSeconds, fn)
	sc.reset()
}

// scratch is a Dijkstra search's working state, reused between searches
// (through the network's pool) so that a search costs what it settles,
// not an array the size of the network.
type scratch struct {
	sec     []float32 // +Inf where not reached
	touched []int32
	heap    heap
}

func (n *Network) scratch() *scratch {
	if sc, ok := n.scratchPool.Get().(*scratch); ok {
		return sc
	}
	sc := &scratch{sec: make([]float32, n.NumNodes())}
	inf := float32(math.Inf(1))
	for i := range sc.sec {
		sc.sec[i] = inf
	}
	return sc
}

func (n *Network) putScratch(sc *scratch) { n.scratchPool.Put(sc) }

// seed offers v the time s: kept, rounded up, if within maxSeconds and
// better than v's time so far (compared rounded, so that a node is never
// queued twice at the same time and settled twice).
func (sc *scratch) seed(v int32, s, maxSeconds float64) {
	if r := roundUp32(s); s <= maxSeconds && r < sc.sec[v] {
		if math.IsInf(float64(sc.sec[v]), 1) {
			sc.touched = append(sc.touched, v)
		}
		sc.sec[v] = r
		sc.heap.push(v, float64(r))
	}
}

// run settles nodes in order of time up to maxSeconds on g.
func (sc *scratch) run(g *csr, maxSeconds float64, fn func(v int32, sec float32)) {
	for len(sc.heap) > 0 {
		u, du := sc.heap.pop()
		if du > float64(sc.sec[u]) {
			continue // stale entry
		}
		fn(u, sc.sec[u])
		to, cost := g.edges(u)
		for i, v := range to {
			sc.seed(v, du+float64(cost[i]), maxSeconds)
		}
	}
}

func (sc *scratch) reset() {
	inf := float32(math.Inf(1))
	for _, v := range sc.touched {
		sc.sec[v] = inf
	}
	sc.touched = sc.touched[:0]
	sc.heap = sc.heap[:0]
}
