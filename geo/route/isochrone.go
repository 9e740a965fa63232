package route

import (
	"slices"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// Isochrone returns the H3 cells at resolution res whose centres mode m
// reaches from origin within minutes: through the network, then on foot
// from the centre's candidate nodes (see Times.At). The cells are sorted.
// An origin that cannot join the network reaches nothing.
func (n *Network) Isochrone(m Mode, origin orb.Point, minutes float64, res int) []h3.Cell {
	t := n.Search(m, []Source{{Point: origin}}, minutes*60, false)
	return t.Cells(res)
}

// Cells returns the H3 cells at resolution res whose centres are reached
// within the search bound (see At), sorted. For a reverse search they are
// the cells from which the sources are reached.
//
// Candidates are the cells of the reached nodes and their neighbours, then
// the neighbours of every cell found reached, until no new cell is found;
// so the result grows with the bound.
func (t *Times) Cells(res int) []h3.Cell {
	if res < 0 || res > 15 {
		return nil
	}
	seen := make(map[h3.Cell]bool) // tested; value: reached
	var queue []h3.Cell
	var out []h3.Cell
	var buf [8]candidate
	test := func(c h3.Cell) {
		if _, ok := seen[c]; ok {
			return
		}
		ll := c.LatLng()
		_, ok := t.at(orb.Point{ll.Lng, ll.Lat}, buf[:0])
		seen[c] = ok
		if ok {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	nodeCells := make(map[h3.Cell]struct{})
	addSeed := func(p orb.Point) {
		c := h3.LatLngToCell(h3.NewLatLng(p[1], p[0]), res)
		if _, ok := nodeCells[c]; ok {
			return
		}
		nodeCells[c] = struct{}{}
		for _, d := range c.GridDisk(1) {
			test(d)
		}
	}
	for _, v := range t.reached {
		addSeed(t.net.Point(v))
	}
	for _, s := range t.points {
		addSeed(s.Point)
	}
	for len(queue) > 0 {
		c := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, d := range c.GridDisk(1) {
			test(d)
		}
	}
	slices.Sort(out)
	return out
}
