package route

import (
	"math"
	"slices"
	"sync"
)

// Hierarchy is a contraction hierarchy of one mode's graph: the nodes
// ranked by importance and the graph, with shortcuts, cut in two upward
// halves. Up holds, for each node, the edges out of it to higher-ranked
// nodes; Down, for each node, the edges into it from higher-ranked nodes
// (by their tail). Every shortest path is an upward path in Up followed by
// a downward one, the reverse of an upward path in Down, so a search from
// a source need only go up, and one to a target need only go up in Down:
// a few hundred nodes each, where a plain search settles every node
// within reach. A Hierarchy is read-only and safe for concurrent use.
type Hierarchy struct {
	mode     Mode
	up, down csr

	phastOnce   sync.Once
	sweepLayout *phast // made by the first Sweep
}

// Mode returns the mode whose graph h contracts.
func (h *Hierarchy) Mode() Mode { return h.mode }

// NumEdges returns the number of upward edges (shortcuts included) in
// each half.
func (h *Hierarchy) NumEdges() (up, down int) { return len(h.up.to), len(h.down.to) }

// Witness searches stop after this many settled nodes: a missed witness
// only costs a shortcut that is not needed, never a wrong time.
const witnessSettleLimit = 60

// arc is an edge of the graph being contracted.
type arc struct {
	to   int32
	cost float32
}

// contractor holds the graph while it is contracted: for each remaining
// node its edges out and in to other remaining nodes, shortcuts included.
// A contracted node's lists are left as they were when it went: its
// upward edges (out) and the edges into it from higher nodes (in), the
// hierarchy's two halves, packed at the end. Nothing else holds them, so
// the contraction holds the graph once, not a second time as it goes.
type contractor struct {
	out, in    [][]arc
	contracted []bool
	deleted    []int32 // contracted neighbours, a priority term

	// witness search scratch
	dist    []float32
	touched []int32
	heap    heap
	target  []bool // the out-neighbours a witness search looks for
	pending []shortcut
}

// Contract builds the contraction hierarchy of mode m's graph. Nodes are
// contracted in the order of a lazily updated priority (edge difference
// plus contracted neighbours); witness searches are bounded, so some
// shortcuts are redundant but none is missing.
func (n *Network) Contract(m Mode) *Hierarchy {
	nn := n.NumNodes()
	c := &contractor{
		out: make([][]arc, nn), in: make([][]arc, nn),
		contracted: make([]bool, nn), deleted: make([]int32, nn),
		dist: make([]float32, nn), target: make([]bool, nn),
	}
	for i := range c.dist {
		c.dist[i] = float32(math.Inf(1))
	}
	if m.Valid() {
		g := &n.graphs[m].fwd
		for u := range nn {
			to, cost := g.edges(int32(u))
			for i, v := range to {
				if int(v) != u {
					c.addArc(int32(u), v, cost[i])
				}
			}
		}
	}
	var pq heap
	for v := range nn {
		if len(c.out[v])+len(c.in[v]) > 0 {
			pq.push(int32(v), c.priority(int32(v)))
		}
	}
	for len(pq) > 0 {
		v, p := pq.pop()
		if np := c.priority(v); len(pq) > 0 && np > p && np > pq[0].d {
			pq.push(v, np) // lazy update: its priority rose past the next node's
			continue
		}
		c.contract(v) // with the shortcuts priority just found
	}
	c.dist, c.target, c.deleted, c.contracted = nil, nil, nil, nil
	up := packLists(c.out)
	c.out = nil
	return &Hierarchy{mode: m, up: up, down: packLists(c.in)}
}

// addArc adds u->v, or lowers the cost of an existing u->v.
func (c *contractor) addArc(u, v int32, cost float32) {
	for i := range c.out[u] {
		if c.out[u][i].to == v {
			if cost < c.out[u][i].cost {
				c.out[u][i].cost = cost
				for j := range c.in[v] {
					if c.in[v][j].to == u {
						c.in[v][j].cost = cost
					}
				}
			}
			return
		}
	}
	c.out[u] = append(c.out[u], arc{v, cost})
	c.in[v] = append(c.in[v], arc{u, cost})
}

// priority is the edge difference of contracting v (shortcuts it would
// add less edges it would remove) plus its contracted neighbours, which
// spreads contraction evenly over the graph. It keeps the shortcuts in
// c.pending, for contract if v goes next.
func (c *contractor) priority(v int32) float64 {
	c.pending = c.pending[:0]
	c.shortcuts(v, func(u, w int32, cost float32) { c.pending = append(c.pending, shortcut{u, w, cost}) })
	return float64(len(c.pending)-len(c.out[v])-len(c.in[v])) + float64(c.deleted[v])
}

// shortcut is an edge that replaces u->v->w when v is contracted.
type shortcut struct {
	u, w int32
	cost float32
}

// contract removes v: its remaining edges become its upward edges (its
// lists, left as they are), and a shortcut replaces every shortest path
// through it (c.pending, from the priority just computed on the same
// graph).
func (c *contractor) contract(v int32) {
	c.contracted[v] = true
	for _, a := range c.out[v] {
		c.in[a.to] = removeArc(c.in[a.to], v)
		c.deleted[a.to]++
	}
	for _, a := range c.in[v] {
		c.out[a.to] = removeArc(c.out[a.to], v)
		c.deleted[a.to]++
	}
	for _, s := range c.pending {
		c.addArc(s.u, s.w, s.cost)
	}
}

func removeArc(arcs []arc, v int32) []arc {
	return slices.DeleteFunc(arcs, func(a arc) bool { return a.to == v })
}

// shortcuts calls f for every pair u->v->w of v's remaining neighbours
// for which no witness path u->w avoiding v is as short.
func (c *contractor) shortcuts(v int32, f func(u, w int32, cost float32)) {
	if len(c.in[v]) == 0 || len(c.out[v]) == 0 {
		return
	}
	maxOut := float32(0)
	for _, a := range c.out[v] {
		maxOut = max(maxOut, a.cost)
	}
	for _, out := range c.out[v] {
		c.target[out.to] = true
	}
	for _, in := range c.in[v] {
		u := in.to
		c.witness(u, v, in.cost+maxOut, len(c.out[v]))
		for _, out := range c.out[v] {
			w := out.to
			if w == u {
				continue
			}
			via := roundUp32(float64(in.cost) + float64(out.cost))
			if c.dist[w] > via {
				f(u, w, via)
			}
		}
		c.clearWitness()
	}
	for _, out := range c.out[v] {
		c.target[out.to] = false
	}
}

// witness runs a Dijkstra search from u on the remaining graph without
// v, up to limit seconds, witnessSettleLimit settled nodes or the
// settling of all targets (v's out-neighbours, of which there are
// targets); c.dist holds its times until clearWitness. Its sums are
// rounded to nearest, not up: a witness a rounding shorter than the path
// through v is as good.
func (c *contractor) witness(u, v int32, limit float32, targets int) {
	c.heap = c.heap[:0]
	c.dist[u] = 0
	c.touched = append(c.touched, u)
	c.heap.push(u, 0)
	for settled := 0; len(c.heap) > 0 && settled < witnessSettleLimit && targets > 0; settled++ {
		x, dx := c.heap.pop()
		if dx > float64(c.dist[x]) {
			continue
		}
		if dx > float64(limit) {
			break
		}
		if c.target[x] {
			targets--
		}
		for _, a := range c.out[x] {
			if a.to == v {
				continue
			}
			d := float32(dx) + a.cost
			if d < c.dist[a.to] {
				if math.IsInf(float64(c.dist[a.to]), 1) {
					c.touched = append(c.touched, a.to)
				}
				c.dist[a.to] = d
				c.heap.push(a.to, float64(d))
			}
		}
	}
}

func (c *contractor) clearWitness() {
	inf := float32(math.Inf(1))
	for _, x := range c.touched {
		c.dist[x] = inf
	}
	c.touched = c.touched[:0]
}

// packLists packs each node's arcs into a CSR, dropping the lists as it
// goes.
func packLists(lists [][]arc) csr {
	g := csr{start: make([]uint32, len(lists)+1)}
	for v, l := range lists {
		g.start[v+1] = g.start[v] + uint32(len(l))
	}
	total := g.start[len(lists)]
	g.to, g.cost = make([]int32, total), make([]float32, total)
	for v, l := range lists {
		for i, a := range l {
			g.to[int(g.start[v])+i], g.cost[int(g.start[v])+i] = a.to, a.cost
		}
		lists[v] = nil
	}
	return g
}
