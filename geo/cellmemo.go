package geo

import (
	"sync"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// cellMemo remembers H3 cell centres and outlines. A cell's geometry never
// changes; a city's searches and isochrones come back to the same cells
// again and again; and each is a call into C that costs more than a map
// lookup (profiling the server under load found half an isochrone's time
// there). It is bounded: a full shard is emptied and starts again.
type cellMemo struct {
	perShard int
	shards   [64]memoShard
}

type memoShard struct {
	mu      sync.RWMutex
	centres map[h3.Cell]orb.Point
	rings   map[h3.Cell]orb.Ring
}

// memo holds up to about 2^18 centres and as many outlines (some 50 MB at
// most; a city's res-9 cells are a few hundred thousand).
var memo = newCellMemo(1 << 18)

func newCellMemo(size int) *cellMemo {
	m := &cellMemo{perShard: max(1, size/64)}
	for i := range m.shards {
		m.shards[i].centres = map[h3.Cell]orb.Point{}
		m.shards[i].rings = map[h3.Cell]orb.Ring{}
	}
	return m
}

func (m *cellMemo) shard(c h3.Cell) *memoShard {
	// An index's low bits are the digits of finer resolutions, all 7s for
	// a coarser cell: multiply to mix every bit into the top six.
	return &m.shards[(uint64(c)*0x9e3779b97f4a7c15)>>58]
}

func (m *cellMemo) centre(c h3.Cell) orb.Point {
	sh := m.shard(c)
	sh.mu.RLock()
	p, ok := sh.centres[c]
	sh.mu.RUnlock()
	if ok {
		return p
	}
	ll := h3.CellToLatLng(c)
	p = orb.Point{ll.Lng, ll.Lat}
	sh.mu.Lock()
	if len(sh.centres) >= m.perShard {
		clear(sh.centres)
	}
	sh.centres[c] = p
	sh.mu.Unlock()
	return p
}

// ring returns c's outline; callers must not change it.
func (m *cellMemo) ring(c h3.Cell) orb.Ring {
	sh := m.shard(c)
	sh.mu.RLock()
	r, ok := sh.rings[c]
	sh.mu.RUnlock()
	if ok {
		return r
	}
	r = computeCellRing(c)
	sh.mu.Lock()
	if len(sh.rings) >= m.perShard {
		clear(sh.rings)
	}
	sh.rings[c] = r
	sh.mu.Unlock()
	return r
}
