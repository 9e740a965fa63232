package geo

import (
	"math/bits"
	"sync/atomic"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// cellMemo remembers H3 cell centres and outlines. A cell's geometry never
// changes; a city's searches and isochrones come back to the same cells
// again and again; and each is a call into C that costs more than a
// lookup (profiling the server under load found half an isochrone's time
// there).
//
// It is a direct-mapped cache: a cell has one slot, and a cell hashed to
// a taken slot replaces what was there. A slot holds a pointer to an
// immutable entry, so reading takes no lock: an earlier version, maps
// behind read-write locks, spent more on the locks and the hashing than
// the C calls it saved.
type cellMemo struct {
	shift   uint // 64 - log2(slots)
	centres []atomic.Pointer[centreEntry]
	rings   []atomic.Pointer[ringEntry]
}

type centreEntry struct {
	cell   h3.Cell
	centre orb.Point
}

type ringEntry struct {
	cell h3.Cell
	ring orb.Ring
}

// memo has 2^18 slots for centres and as many for outlines (at most some
// 50 MB; a city's res-9 cells are a few hundred thousand).
var memo = newCellMemo(1 << 18)

// newCellMemo makes a memo of size slots, rounded up to a power of two.
func newCellMemo(size int) *cellMemo {
	b := bits.Len(uint(max(2, size) - 1))
	return &cellMemo{
		shift:   uint(64 - b),
		centres: make([]atomic.Pointer[centreEntry], 1<<b),
		rings:   make([]atomic.Pointer[ringEntry], 1<<b),
	}
}

func (m *cellMemo) slot(c h3.Cell) uint64 {
	// Neighbouring cells' indexes differ in a few digits, and a coarse
	// cell's low bits are all 7s: mix every bit into the top ones (the
	// finaliser of MurmurHash3; one multiplication left whole rows of a
	// city's cells sharing slots).
	x := uint64(c)
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x >> m.shift
}

func (m *cellMemo) centre(c h3.Cell) orb.Point {
	s := &m.centres[m.slot(c)]
	if e := s.Load(); e != nil && e.cell == c {
		return e.centre
	}
	ll := h3.CellToLatLng(c)
	p := orb.Point{ll.Lng, ll.Lat}
	s.Store(&centreEntry{c, p})
	return p
}

// ring returns c's outline; callers must not change it.
func (m *cellMemo) ring(c h3.Cell) orb.Ring {
	s := &m.rings[m.slot(c)]
	if e := s.Load(); e != nil && e.cell == c {
		return e.ring
	}
	r := computeCellRing(c)
	s.Store(&ringEntry{c, r})
	return r
}
