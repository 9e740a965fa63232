package route

import (
	"math"

	"github.com/paulmach/orb"
)

// SnapOptions says how a point off the network joins it: on foot, in a
// straight line times Detour at WalkKmh, to one of the Candidates nearest
// nodes the mode can use within MaxMeters. A point with no such node is
// unreachable, never given a guessed time.
type SnapOptions struct {
	// MaxMeters per mode: how far from the network a point may be.
	MaxMeters [NumModes]float64
	// WalkKmh is the speed of the walk to and from the network.
	WalkKmh float64
	// Detour multiplies the straight-line length of that walk.
	Detour float64
	// Candidates is how many nearest nodes a point may join (more than one
	// so that a point beside a dead-end or a one-way street still reaches
	// the rest of the network through another).
	Candidates int
}

// DefaultSnap: 500 m on foot, 1 km for the other modes (a rider or driver
// walks further to where a vehicle can go), at 4.5 km/h with a 1.3 detour,
// to up to 4 nodes.
var DefaultSnap = SnapOptions{
	MaxMeters:  [NumModes]float64{Walk: 500, Bike: 1000, EBike: 1000, Drive: 1000},
	WalkKmh:    WalkKmh,
	Detour:     1.3,
	Candidates: 4,
}

// walkSeconds is the time to walk a straight-line distance of meters.
func (s *SnapOptions) walkSeconds(meters float64) float64 {
	return meters * s.Detour / (s.WalkKmh / 3.6)
}

// Source is where a search starts (or, for a reverse search, where it
// ends): a point joined to the network as Network.Snap says, or a node.
type Source struct {
	Point   orb.Point
	Seconds float64 // time already spent before Point, usually 0

	node   int32
	isNode bool
}

// NodeSource is a Source at node n of the network, with no walk to it.
func NodeSource(n int32, seconds float64) Source {
	return Source{node: n, isNode: true, Seconds: seconds}
}

// Times is the result of a bounded search: the time from the sources to
// every node reached (or, for a reverse search, from every node to the
// sources), in seconds.
type Times struct {
	net     *Network
	mode    Mode
	reverse bool
	max     float64
	sec     []float32 // +Inf where not reached
	reached []int32   // settled nodes in order of time (Search)
	points  []Source  // point sources that joined the network
	scratch *scratch  // sec's owner, until Release
}

// Mode returns the mode searched.
func (t *Times) Mode() Mode { return t.mode }

// Reverse reports whether the search ran on the reverse graph.
func (t *Times) Reverse() bool { return t.reverse }

// MaxSeconds returns the search bound.
func (t *Times) MaxSeconds() float64 { return t.max }

// Reached returns the nodes reached within the bound: in increasing time
// for Search, in no particular order for Sweep. The slice belongs to t.
func (t *Times) Reached() []int32 { return t.reached }

// Node returns the time at node i, if it was reached within the bound.
func (t *Times) Node(i int32) (seconds float64, ok bool) {
	if i < 0 || int(i) >= len(t.sec) {
		return 0, false
	}
	s := float64(t.sec[i])
	if math.IsInf(s, 1) {
		return 0, false
	}
	return s, true
}

// At returns the time to an arbitrary point p (from p, for a reverse
// search): the best over p's candidate nodes of the node's time plus the
// walk between node and p, or the walk straight from a source point when p
// is within the mode's snap distance of it. A point that cannot join the
// network, or whose time exceeds the bound, is not ok.
func (t *Times) At(p orb.Point) (seconds float64, ok bool) {
	var buf [8]candidate
	return t.at(p, buf[:0])
}

func (t *Times) at(p orb.Point, buf []candidate) (float64, bool) {
	snap := &t.net.Snap
	maxM := snap.MaxMeters[t.mode]
	return t.atCandidates(p, t.net.nearest(t.mode, p, maxM, snap.Candidates, buf))
}

// atCandidates is at given p's candidate nodes.
func (t *Times) atCandidates(p orb.Point, cands []candidate) (float64, bool) {
	if len(cands) == 0 {
		return 0, false
	}
	snap := &t.net.Snap
	maxM := snap.MaxMeters[t.mode]
	best := math.Inf(1)
	for _, c := range cands {
		if s := float64(t.sec[c.node]); !math.IsInf(s, 1) {
			best = math.Min(best, s+snap.walkSeconds(c.meters))
		}
	}
	for _, s := range t.points {
		if d := distance(s.Point, p); d <= maxM {
			best = math.Min(best, s.Seconds+snap.walkSeconds(d))
		}
	}
	if math.IsInf(best, 1) || best > t.max {
		return 0, false
	}
	return best, true
}

// Search runs a Dijkstra search for mode m from the sources, bounded by
// maxSeconds. With reverse it runs on the reverse graph, so the times are
// those from each node to the nearest source: one reverse search from a
// site gives every node's time to that site. Sources that cannot join the
// network are ignored; if none can, nothing is reached. The result holds
// a network-sized array: Release it when done, or leave it to the
// garbage collector.
func (n *Network) Search(m Mode, sources []Source, maxSeconds float64, reverse bool) *Times {
	t, _ := n.search(m, sources, maxSeconds, reverse, math.MaxInt)
	return t
}

// search is Search stopping once budget nodes are settled, with ok false
// (and the Times released) if it did.
func (n *Network) search(m Mode, sources []Source, maxSeconds float64, reverse bool, budget int) (*Times, bool) {
	t := &Times{net: n, mode: m, reverse: reverse, max: maxSeconds}
	sc := n.scratch()
	t.scratch, t.sec = sc, sc.sec
	if !m.Valid() || math.IsNaN(maxSeconds) {
		return t, true
	}
	g := &n.graphs[m].fwd
	if reverse {
		g = &n.graphs[m].rev
	}
	var buf [8]candidate
	for _, s := range sources {
		if s.isNode {
			if s.node >= 0 && int(s.node) < n.NumNodes() && n.Usable(m, s.node) {
				sc.seed(s.node, s.Seconds, maxSeconds)
			}
			continue
		}
		cands := n.nearest(m, s.Point, n.Snap.MaxMeters[m], n.Snap.Candidates, buf[:0])
		if len(cands) == 0 || s.Seconds > maxSeconds {
			continue
		}
		t.points = append(t.points, s)
		for _, c := range cands {
			sc.seed(c.node, s.Seconds+n.Snap.walkSeconds(c.meters), maxSeconds)
		}
	}
	for len(sc.heap) > 0 {
		if len(t.reached) >= budget {
			t.Release()
			return nil, false
		}
		u, du := sc.heap.pop()
		if du > float64(sc.sec[u]) {
			continue // stale entry
		}
		t.reached = append(t.reached, u)
		to, cost := g.edges(u)
		for i, v := range to {
			sc.seed(v, du+float64(cost[i]), maxSeconds)
		}
	}
	sc.heap = sc.heap[:0]
	return t, true
}

// Release gives the search's arrays back for the next search; t must not
// be used afterwards. Releasing is optional.
func (t *Times) Release() {
	if t.scratch == nil {
		return
	}
	t.scratch.reset()
	t.net.putScratch(t.scratch)
	t.scratch, t.sec, t.reached = nil, nil, nil
}

// Seconds is a one-to-one query: the time for mode m from a to b, if it is
// within maxSeconds.
func (n *Network) Seconds(m Mode, a, b orb.Point, maxSeconds float64) (float64, bool) {
	return n.Search(m, []Source{{Point: a}}, maxSeconds, false).At(b)
}

// heap is a binary min-heap of (node, seconds) with lazy deletion.
type heap []heapItem

type heapItem struct {
	d float64
	n int32
}

func (h *heap) push(n int32, d float64) {
	*h = append(*h, heapItem{d, n})
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].d <= s[i].d {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func (h *heap) pop() (int32, float64) {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(s) {
			break
		}
		c := l
		if r := l + 1; r < len(s) && s[r].d < s[l].d {
			c = r
		}
		if s[i].d <= s[c].d {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	*h = s
	return top.n, top.d
}
