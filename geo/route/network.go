package route

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"
)

// Errors returned by Builder.
var (
	// ErrWayAfterNode is returned by AddWay once nodes are being added:
	// every way must be added before the first node (see Builder).
	ErrWayAfterNode = errors.New("route: way added after nodes")
	// ErrTooLarge is returned by Build when the network would have more
	// nodes or edges than its 32-bit indices can hold.
	ErrTooLarge = errors.New("route: network too large")
)

// coordScale is the fixed-point scale of stored coordinates: 1e-7 degree,
// OSM's own precision (about 1 cm).
const coordScale = 1e7

// Network is a routable road network: the nodes that routable ways use, and
// per mode a compressed sparse row (CSR) adjacency in both directions with
// edge costs in seconds. A Network is read-only once built and safe for
// concurrent use, except for setting Snap, which must happen before it is
// shared.
type Network struct {
	// Snap says how points off the network are joined to it. Build sets it
	// to DefaultSnap.
	Snap SnapOptions

	ids      []int64 // OSM node id per node, ascending
	lat, lon []int32 // 1e-7 degrees
	bound    orb.Bound

	graphs [NumModes]graph
	grids  [NumModes]grid

	// each node's H3 cell per resolution, computed the first time a
	// search reaches the node (Cells seeds from the reached nodes' cells);
	// 0 until then
	cellsOnce [16]sync.Once
	cells     [16][]atomic.Uint64
	// the centres and candidate nodes of cells Cells has tested, per mode,
	// up to cellCacheMaxRes: h3.Cell -> *cellSnap
	cellSnaps [NumModes][cellCacheMaxRes + 1]sync.Map

	scratchPool sync.Pool // of *scratch, for searches
}

// nodeCell returns the H3 cell of node v at resolution res (0-15).
func (n *Network) nodeCell(v int32, res int) h3.Cell {
	n.cellsOnce[res].Do(func() { n.cells[res] = make([]atomic.Uint64, len(n.ids)) })
	slot := &n.cells[res][v]
	if c := slot.Load(); c != 0 {
		return h3.Cell(c)
	}
	c := h3.LatLngToCell(h3.NewLatLng(float64(n.lat[v])/coordScale, float64(n.lon[v])/coordScale), res)
	slot.Store(uint64(c))
	return c
}

// graph is one mode's adjacency: fwd holds edges by their tail, rev the
// same edges by their head.
type graph struct {
	fwd, rev csr
}

type csr struct {
	start []uint32  // len = nodes+1
	to    []int32   // head (fwd) or tail (rev) of each edge
	cost  []float32 // seconds, rounded up
}

func (c *csr) edges(n int32) ([]int32, []float32) {
	a, b := c.start[n], c.start[n+1]
	return c.to[a:b], c.cost[a:b]
}

// NumNodes returns the number of nodes. Node indices run from 0 to
// NumNodes()-1.
func (n *Network) NumNodes() int { return len(n.ids) }

// NumEdges returns the number of directed edges mode m may travel.
func (n *Network) NumEdges(m Mode) int {
	if !m.Valid() {
		return 0
	}
	return len(n.graphs[m].fwd.to)
}

// Bound returns the bounding box of all nodes.
func (n *Network) Bound() orb.Bound { return n.bound }

// Point returns the coordinates of node i.
func (n *Network) Point(i int32) orb.Point {
	return orb.Point{float64(n.lon[i]) / coordScale, float64(n.lat[i]) / coordScale}
}

// OSMID returns the OpenStreetMap id of node i.
func (n *Network) OSMID(i int32) int64 { return n.ids[i] }

// NodeByOSMID returns the index of the node with OpenStreetMap id id.
func (n *Network) NodeByOSMID(id int64) (int32, bool) {
	i, ok := slices.BinarySearch(n.ids, id)
	return int32(i), ok
}

// Edges yields the edges mode m may travel out of node from (or, when
// reverse, into it) as (other node, seconds).
func (n *Network) Edges(m Mode, from int32, reverse bool) iter.Seq2[int32, float64] {
	return func(yield func(int32, float64) bool) {
		if !m.Valid() || from < 0 || int(from) >= len(n.ids) {
			return
		}
		c := &n.graphs[m].fwd
		if reverse {
			c = &n.graphs[m].rev
		}
		to, cost := c.edges(from)
		for i := range to {
			if !yield(to[i], float64(cost[i])) {
				return
			}
		}
	}
}

// Usable reports whether mode m has at least one edge at node i.
func (n *Network) Usable(m Mode, i int32) bool {
	g := &n.graphs[m]
	return g.fwd.start[i+1] > g.fwd.start[i] || g.rev.start[i+1] > g.rev.start[i]
}

// MemoryBytes estimates the memory the network's arrays hold.
func (n *Network) MemoryBytes() int {
	b := 8*cap(n.ids) + 4*cap(n.lat) + 4*cap(n.lon)
	for m := range n.graphs {
		for _, c := range []*csr{&n.graphs[m].fwd, &n.graphs[m].rev} {
			b += 4*cap(c.start) + 4*cap(c.to) + 4*cap(c.cost)
		}
		b += n.grids[m].memoryBytes()
	}
	return b
}

// Builder assembles a Network from OSM-like ways and nodes without knowing
// where they come from. Add every way first (AddWay), then the nodes
// (AddNode); NodeWanted tells which node ids the ways use, so a caller can
// stream a file twice and keep only those coordinates. Ways that use a node
// never added lose the segments touching it.
//
// A Builder is not safe for concurrent use, except NodeWanted after
// EndWays.
type Builder struct {
	refs   []int64  // node ids of all kept ways, concatenated
	refIdx []int32  // refs resolved to indices into wanted (-1: missing), in Build
	starts []uint32 // start of each way in refs
	access []WayAccess

	wanted   []int64 // sorted unique ids of refs, after EndWays
	lat, lon []int32 // per wanted id
	have     []bool  // per wanted id: AddNode was called
	ended    bool
	ways     [NumModes]int
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{} }

// AddWay adds a way with its node ids in order and its tags, and reports
// whether any mode may use it (ways no mode may use are dropped). It
// returns ErrWayAfterNode once EndWays or AddNode has been called.
func (b *Builder) AddWay(nodeIDs []int64, tags Tags) (bool, error) {
	return b.AddWayAccess(nodeIDs, Classify(tags))
}

// AddWayAccess is AddWay with the rules already applied, for callers that
// classify ways elsewhere (for example in the decoder's goroutines).
func (b *Builder) AddWayAccess(nodeIDs []int64, a WayAccess) (bool, error) {
	if b.ended {
		return false, ErrWayAfterNode
	}
	if !a.Routable() || len(nodeIDs) < 2 {
		return false, nil
	}
	if len(b.refs)+len(nodeIDs) > math.MaxUint32 {
		return false, ErrTooLarge
	}
	b.starts = append(b.starts, uint32(len(b.refs)))
	b.refs = append(b.refs, nodeIDs...)
	b.access = append(b.access, a)
	for m, d := range a.Dir {
		if d != 0 {
			b.ways[m]++
		}
	}
	return true, nil
}

// WaysKept returns how many added ways mode m may use.
func (b *Builder) WaysKept(m Mode) int { return b.ways[m] }

// EndWays ends the ways and returns how many distinct node ids they use.
// Calling it again does nothing.
func (b *Builder) EndWays() int {
	if b.ended {
		return len(b.wanted)
	}
	b.ended = true
	w := slices.Clone(b.refs)
	slices.Sort(w)
	b.wanted = slices.Clip(slices.Compact(w))
	b.lat = make([]int32, len(b.wanted))
	b.lon = make([]int32, len(b.wanted))
	b.have = make([]bool, len(b.wanted))
	return len(b.wanted)
}

// NodeWanted reports whether a kept way uses node id. After EndWays it is
// safe to call from several goroutines.
func (b *Builder) NodeWanted(id int64) bool {
	_, ok := slices.BinarySearch(b.wanted, id)
	return ok
}

// AddNode gives the position of node id and reports whether a kept way uses
// it (other nodes are ignored). The first call ends the ways.
func (b *Builder) AddNode(id int64, p orb.Point) bool {
	b.EndWays()
	i, ok := slices.BinarySearch(b.wanted, id)
	if !ok {
		return false
	}
	if !validPoint(p) {
		return false
	}
	b.lat[i] = int32(math.Round(p[1] * coordScale))
	b.lon[i] = int32(math.Round(p[0] * coordScale))
	b.have[i] = true
	return true
}

func validPoint(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// BuildStats describes what Build kept.
type BuildStats struct {
	WantedNodes  int           // distinct node ids the kept ways use
	MissingNodes int           // of those, never given by AddNode
	Nodes        int           // nodes in the network
	Edges        [NumModes]int // directed edges per mode
	WaysKept     [NumModes]int // ways each mode may use
}

// Build makes the Network. The Builder must not be used afterwards.
func (b *Builder) Build() (*Network, BuildStats, error) {
	b.EndWays()
	st := BuildStats{WantedNodes: len(b.wanted), WaysKept: b.ways}
	st.MissingNodes = b.countMissing()
	b.resolveRefs()
	idx, nn := b.numberKeptNodes()
	if nn > math.MaxInt32-1 {
		return nil, st, ErrTooLarge
	}
	net := b.newNetwork(idx, nn)
	for _, m := range Modes {
		fwd, err := b.forwardEdges(net, idx, m)
		if err != nil {
			return nil, st, err
		}
		net.graphs[m] = graph{fwd: fwd, rev: transpose(&fwd, nn)}
		st.Edges[m] = len(fwd.to)
	}
	// the ways are no longer needed: free them before the grids are built
	b.refIdx, b.starts, b.access = nil, nil, nil
	for _, m := range Modes {
		net.grids[m] = newGrid(net, m)
	}
	st.Nodes = nn
	return net, st, nil
}

// countMissing returns how many wanted node ids AddNode never gave.
func (b *Builder) countMissing() int {
	missing := 0
	for _, h := range b.have {
		if !h {
			missing++
		}
	}
	return missing
}

// resolveRefs turns every way's node ids into indices into b.wanted once,
// -1 marking a node never given, so that each pass over the segments is a
// slice walk instead of a search per node; the ids are freed.
func (b *Builder) resolveRefs() {
	b.refIdx = make([]int32, len(b.refs))
	for i, id := range b.refs {
		j, _ := slices.BinarySearch(b.wanted, id)
		if b.have[j] {
			b.refIdx[i] = int32(j)
		} else {
			b.refIdx[i] = -1
		}
	}
	b.refs = nil
}

// numberKeptNodes returns, per wanted id, its index in the network (-1 if
// absent or unused), and how many nodes the network has. A node is kept
// when a segment with both ends present touches it; kept nodes keep the
// ascending order of their ids, which NodeByOSMID searches.
func (b *Builder) numberKeptNodes() ([]int32, int) {
	idx := make([]int32, len(b.wanted))
	for i := range idx {
		idx[i] = -1
	}
	b.eachSegment(func(_ int, x, y int) {
		idx[x], idx[y] = 0, 0
	})
	nn := 0
	for i := range idx {
		if idx[i] == 0 {
			idx[i] = int32(nn)
			nn++
		}
	}
	return idx, nn
}

// newNetwork makes a Network of the nn kept nodes, with their ids and
// positions, and frees the Builder's per-id arrays.
func (b *Builder) newNetwork(idx []int32, nn int) *Network {
	net := &Network{
		Snap: DefaultSnap,
		ids:  make([]int64, nn),
		lat:  make([]int32, nn),
		lon:  make([]int32, nn),
	}
	for i, j := range idx {
		if j >= 0 {
			net.ids[j], net.lat[j], net.lon[j] = b.wanted[i], b.lat[i], b.lon[i]
		}
	}
	b.wanted, b.lat, b.lon, b.have = nil, nil, nil, nil
	net.bound = net.computeBound()
	return net
}

// forwardEdges returns the edges mode m may travel, by their tail: a first
// pass over the segments counts each node's edges, so that a second can
// fill arrays of the exact size.
func (b *Builder) forwardEdges(net *Network, idx []int32, m Mode) (csr, error) {
	nn := len(net.ids)
	deg, ne := b.outDegrees(idx, nn, m)
	if ne > math.MaxUint32 {
		return csr{}, ErrTooLarge
	}
	for i := 1; i <= nn; i++ {
		deg[i] += deg[i-1]
	}
	fwd := csr{start: deg, to: make([]int32, ne), cost: make([]float32, ne)}
	pos := slices.Clone(deg[:nn])
	add := func(from, to int32, sec float32) {
		fwd.to[pos[from]] = to
		fwd.cost[pos[from]] = sec
		pos[from]++
	}
	b.eachSegment(func(w int, x, y int) {
		a := &b.access[w]
		d := a.Dir[m]
		if d == 0 {
			return
		}
		u, v := idx[x], idx[y]
		sec := travelSeconds(net.Point(u), net.Point(v), float64(a.Kmh[m]))
		if d&Forward != 0 {
			add(u, v, sec)
		}
		if d&Backward != 0 {
			add(v, u, sec)
		}
	})
	return fwd, nil
}

// outDegrees counts the edges mode m may travel out of each of the nn
// nodes, at deg[node+1] (deg[0] is 0, ready for a prefix sum), and in all.
func (b *Builder) outDegrees(idx []int32, nn int, m Mode) ([]uint32, int) {
	deg := make([]uint32, nn+1)
	ne := 0
	b.eachSegment(func(w int, x, y int) {
		d := b.access[w].Dir[m]
		if d&Forward != 0 {
			deg[idx[x]+1]++
			ne++
		}
		if d&Backward != 0 {
			deg[idx[y]+1]++
			ne++
		}
	})
	return deg, ne
}

// eachSegment calls f for every consecutive pair of a kept way's nodes whose
// positions are both known, with the indices into b.wanted.
func (b *Builder) eachSegment(f func(way int, x, y int)) {
	for w, s := range b.starts {
		e := len(b.refIdx)
		if w+1 < len(b.starts) {
			e = int(b.starts[w+1])
		}
		prev := -1
		for _, j := range b.refIdx[s:e] {
			i := int(j)
			if i < 0 {
				prev = -1
				continue
			}
			if prev >= 0 && prev != i {
				f(w, prev, i)
			}
			prev = i
		}
	}
}

func transpose(f *csr, nn int) csr {
	start := make([]uint32, nn+1)
	for _, t := range f.to {
		start[t+1]++
	}
	for i := 1; i <= nn; i++ {
		start[i] += start[i-1]
	}
	r := csr{start: start, to: make([]int32, len(f.to)), cost: make([]float32, len(f.to))}
	pos := slices.Clone(start[:nn])
	for u := range nn {
		for e := f.start[u]; e < f.start[u+1]; e++ {
			v := f.to[e]
			r.to[pos[v]] = int32(u)
			r.cost[pos[v]] = f.cost[e]
			pos[v]++
		}
	}
	return r
}

// travelSeconds is the time to cover the great-circle distance a-b at kmh,
// rounded up to the next float32 so that sums never undercut the distance.
func travelSeconds(a, b orb.Point, kmh float64) float32 {
	s := distance(a, b) / (kmh / 3.6)
	return roundUp32(s)
}

func roundUp32(s float64) float32 {
	f := float32(s)
	if float64(f) < s {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

func (n *Network) computeBound() orb.Bound {
	if len(n.ids) == 0 {
		return orb.Bound{}
	}
	b := orb.Bound{Min: n.Point(0), Max: n.Point(0)}
	for i := range n.ids {
		b = b.Extend(n.Point(int32(i)))
	}
	return b
}

// String summarises the network.
func (n *Network) String() string {
	return fmt.Sprintf("route.Network{nodes: %d, edges walk/bike/ebike/drive: %d/%d/%d/%d}",
		n.NumNodes(), n.NumEdges(Walk), n.NumEdges(Bike), n.NumEdges(EBike), n.NumEdges(Drive))
}
