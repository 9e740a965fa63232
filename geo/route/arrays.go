package route

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrArrays is returned by FromArrays for arrays that do not make a
// network: lengths that disagree, ids out of order, an edge to a node
// that does not exist, a cost that is negative or not a number.
var ErrArrays = errors.New("route: invalid network arrays")

// Arrays is a Network's content as plain arrays, so that a caller can
// store it in a format of its own and rebuild the Network with
// FromArrays. The reverse graphs and the nearest-node grids are derived,
// so they are not part of it.
type Arrays struct {
	Snap     SnapOptions
	IDs      []int64 // OSM node ids, ascending
	Lat, Lon []int32 // per node, in 1e-7 degrees
	// Forward is each mode's adjacency by tail node.
	Forward [NumModes]CSR
}

// CSR is one mode's adjacency in compressed sparse row form: the edges
// out of node i are To[Start[i]:Start[i+1]], with their costs in seconds.
type CSR struct {
	Start []uint32 // len = nodes+1, Start[0] = 0, non-decreasing
	To    []int32
	Cost  []float32
}

// Arrays returns n's content. The slices are n's own: do not modify them.
func (n *Network) Arrays() Arrays {
	a := Arrays{Snap: n.Snap, IDs: n.ids, Lat: n.lat, Lon: n.lon}
	for m := range n.graphs {
		f := &n.graphs[m].fwd
		a.Forward[m] = CSR{Start: f.start, To: f.to, Cost: f.cost}
	}
	return a
}

// FromArrays checks a and builds the Network it describes; the Network
// keeps a's slices. Errors wrap ErrArrays.
func FromArrays(a Arrays) (*Network, error) {
	nn := len(a.IDs)
	if len(a.Lat) != nn || len(a.Lon) != nn {
		return nil, fmt.Errorf("%w: %d ids, %d latitudes, %d longitudes", ErrArrays, nn, len(a.Lat), len(a.Lon))
	}
	if nn >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d nodes", ErrArrays, nn)
	}
	for i := 1; i < nn; i++ {
		if a.IDs[i] <= a.IDs[i-1] {
			return nil, fmt.Errorf("%w: node ids not ascending at %d", ErrArrays, i)
		}
	}
	for i := range nn {
		if a.Lat[i] < -90*coordScale || a.Lat[i] > 90*coordScale || a.Lon[i] < -180*coordScale || a.Lon[i] > 180*coordScale {
			return nil, fmt.Errorf("%w: node %d at (%d, %d)", ErrArrays, i, a.Lon[i], a.Lat[i])
		}
	}
	if err := a.Snap.validate(); err != nil {
		return nil, err
	}
	net := &Network{Snap: a.Snap, ids: a.IDs, lat: a.Lat, lon: a.Lon}
	net.bound = net.computeBound()
	for _, m := range Modes {
		c := a.Forward[m]
		if len(c.Start) != nn+1 || c.Start[0] != 0 || int(c.Start[nn]) != len(c.To) || len(c.Cost) != len(c.To) {
			return nil, fmt.Errorf("%w: %s graph: %d row starts for %d nodes, %d heads, %d costs", ErrArrays, m, len(c.Start), nn, len(c.To), len(c.Cost))
		}
		if !slices.IsSorted(c.Start) {
			return nil, fmt.Errorf("%w: %s graph: row starts decrease", ErrArrays, m)
		}
		for i, v := range c.To {
			if v < 0 || int(v) >= nn {
				return nil, fmt.Errorf("%w: %s graph: edge %d leads to node %d of %d", ErrArrays, m, i, v, nn)
			}
			if cost := c.Cost[i]; !(cost >= 0) || math.IsInf(float64(cost), 1) {
				return nil, fmt.Errorf("%w: %s graph: edge %d costs %v s", ErrArrays, m, i, cost)
			}
		}
		fwd := csr{start: c.Start, to: c.To, cost: c.Cost}
		net.graphs[m] = graph{fwd: fwd, rev: transpose(&fwd, nn)}
	}
	for _, m := range Modes {
		net.grids[m] = newGrid(net, m)
	}
	return net, nil
}

// validate checks snap options read from outside.
func (s SnapOptions) validate() error {
	for m, d := range s.MaxMeters {
		if !(d >= 0) || math.IsInf(d, 1) {
			return fmt.Errorf("%w: snap distance %v m for %s", ErrArrays, d, Mode(m))
		}
	}
	if !(s.WalkKmh > 0) || math.IsInf(s.WalkKmh, 1) || !(s.Detour >= 1) || math.IsInf(s.Detour, 1) || s.Candidates < 1 || s.Candidates > 64 {
		return fmt.Errorf("%w: snap options %+v", ErrArrays, s)
	}
	return nil
}

// HierarchyArrays is a Hierarchy's content as plain arrays (see Arrays).
type HierarchyArrays struct {
	Mode     Mode
	Up, Down CSR
}

// Arrays returns h's content. The slices are h's own.
func (h *Hierarchy) Arrays() HierarchyArrays {
	return HierarchyArrays{Mode: h.mode,
		Up:   CSR{Start: h.up.start, To: h.up.to, Cost: h.up.cost},
		Down: CSR{Start: h.down.start, To: h.down.to, Cost: h.down.cost}}
}

// HierarchyFromArrays checks a against n and returns the Hierarchy it
// describes, keeping a's slices. It cannot check that a is the hierarchy
// of n's graph, only that it is well formed. Errors wrap ErrArrays.
func (n *Network) HierarchyFromArrays(a HierarchyArrays) (*Hierarchy, error) {
	if !a.Mode.Valid() {
		return nil, fmt.Errorf("%w: hierarchy of mode %d", ErrArrays, a.Mode)
	}
	h := &Hierarchy{mode: a.Mode}
	for _, half := range []struct {
		name string
		c    CSR
		dst  *csr
	}{{"up", a.Up, &h.up}, {"down", a.Down, &h.down}} {
		if err := checkCSR(half.c, n.NumNodes()); err != nil {
			return nil, fmt.Errorf("%w: %s hierarchy, %s half: %v", ErrArrays, a.Mode, half.name, err)
		}
		*half.dst = csr{start: half.c.Start, to: half.c.To, cost: half.c.Cost}
	}
	return h, nil
}

// checkCSR checks the shape of a CSR over nn nodes and its costs.
func checkCSR(c CSR, nn int) error {
	if len(c.Start) != nn+1 || c.Start[0] != 0 || int(c.Start[nn]) != len(c.To) || len(c.Cost) != len(c.To) {
		return fmt.Errorf("%d row starts for %d nodes, %d heads, %d costs", len(c.Start), nn, len(c.To), len(c.Cost))
	}
	if !slices.IsSorted(c.Start) {
		return errors.New("row starts decrease")
	}
	for i, v := range c.To {
		if v < 0 || int(v) >= nn {
			return fmt.Errorf("edge %d leads to node %d of %d", i, v, nn)
		}
		if cost := c.Cost[i]; !(cost >= 0) || math.IsInf(float64(cost), 1) {
			return fmt.Errorf("edge %d costs %v s", i, cost)
		}
	}
	return nil
}

// BucketsFromArrays checks a against n and h and returns the Buckets it
// describes, keeping a's slices. Errors wrap ErrArrays.
func (n *Network) BucketsFromArrays(h *Hierarchy, a BucketArrays) (*Buckets, error) {
	return n.bucketsFrom(h, a)
}

func (n *Network) bucketsFrom(h *Hierarchy, a BucketArrays) (*Buckets, error) {
	nn := n.NumNodes()
	if !(a.MaxSeconds >= 0) || math.IsInf(a.MaxSeconds, 1) {
		return nil, fmt.Errorf("%w: buckets bounded by %v s", ErrArrays, a.MaxSeconds)
	}
	if len(a.Start) != len(a.Nodes)+1 || a.Start[0] != 0 || int(a.Start[len(a.Nodes)]) != len(a.Targets) ||
		len(a.Seconds) != len(a.Targets) || !slices.IsSorted(a.Start) {
		return nil, fmt.Errorf("%w: %d bucket nodes, %d starts, %d targets, %d times", ErrArrays, len(a.Nodes), len(a.Start), len(a.Targets), len(a.Seconds))
	}
	b := &Buckets{h: h, points: a.Points, max: a.MaxSeconds, nodes: a.Nodes, start: a.Start, targets: a.Targets,
		seconds: a.Seconds, has: make([]uint64, nn/64+1)}
	for i, v := range a.Nodes {
		if v < 0 || int(v) >= nn || (i > 0 && v <= a.Nodes[i-1]) {
			return nil, fmt.Errorf("%w: bucket node %d of %d, or out of order", ErrArrays, v, nn)
		}
		b.has[v>>6] |= 1 << (v & 63)
	}
	for i, t := range a.Targets {
		if t < 0 || int(t) >= len(a.Points) || !(a.Seconds[i] >= 0) || math.IsInf(float64(a.Seconds[i]), 1) {
			return nil, fmt.Errorf("%w: bucket entry %d: target %d of %d, %v s", ErrArrays, i, t, len(a.Points), a.Seconds[i])
		}
	}
	return b, nil
}
