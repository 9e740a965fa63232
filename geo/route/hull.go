package route

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
)

// Hull returns the convex hull of the network's nodes as a closed,
// counter-clockwise ring (RFC 7946 orientation), in longitude/latitude
// treated as planar, which is exact enough for an extract that does not
// cross the antimeridian. It is nil for fewer than three nodes not all on
// one line. It is the simplest honest answer to "where does this extract
// have roads": an extract is usually cut by a box or a convex-ish
// boundary.
func (n *Network) Hull() orb.Ring {
	type pt struct{ x, y int64 }
	ps := make([]pt, len(n.ids))
	for i := range ps {
		ps[i] = pt{int64(n.lon[i]), int64(n.lat[i])}
	}
	slices.SortFunc(ps, func(a, b pt) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return cmp.Compare(a.y, b.y)
	})
	ps = slices.Compact(ps)
	if len(ps) < 3 {
		return nil
	}
	// Andrew's monotone chain; integer cross products are exact.
	cross := func(o, a, b pt) int64 { return (a.x-o.x)*(b.y-o.y) - (a.y-o.y)*(b.x-o.x) }
	hull := make([]pt, 0, 64)
	for _, p := range ps {
		for len(hull) >= 2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	lower := len(hull) + 1
	for i := len(ps) - 2; i >= 0; i-- {
		p := ps[i]
		for len(hull) >= lower && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	// hull ends where it began: closed
	if len(hull) < 4 {
		return nil // collinear
	}
	ring := make(orb.Ring, len(hull))
	for i, p := range hull {
		ring[i] = orb.Point{float64(p.x) / coordScale, float64(p.y) / coordScale}
	}
	return ring
}
