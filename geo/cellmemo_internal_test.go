package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// The cells of one city at one resolution spread over all shards: with
// them in a few, the memo would forget them as fast as it learns them.
func TestCellMemoSpreads(t *testing.T) {
	m := newCellMemo(1 << 18)
	used := map[*memoShard]int{}
	for _, c := range CellsWithin(orb.Point{121.55, 29.87}, 5000, 9) {
		used[m.shard(c)]++
	}
	if len(used) < len(m.shards)*3/4 {
		t.Errorf("the cells of a 5 km disk use %d of %d shards", len(used), len(m.shards))
	}
	// Remembered values are H3's.
	for _, c := range CellsWithin(orb.Point{121.55, 29.87}, 500, 9) {
		if m.centre(c) != m.centre(c) || len(m.ring(c)) < 7 {
			t.Fatalf("cell %v", c)
		}
	}
}
