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
