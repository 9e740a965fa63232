package geo

import (
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// The cells of one city at one resolution spread over the slots: with
// many of them sharing slots, the memo would forget them as fast as it
// learns them.
func TestCellMemoSpreads(t *testing.T) {
	m := newCellMemo(1 << 18)
	cells := CellsWithin(orb.Point{121.55, 29.87}, 5000, 9)
	used := map[uint64]bool{}
	for _, c := range cells {
		used[m.slot(c)] = true
	}
	// 2,000 cells in 262,144 slots: about 8 pairs would collide at random.
	if len(cells) < 1000 || len(cells)-len(used) > 30 {
		t.Errorf("the %d cells of a 5 km disk use only %d slots", len(cells), len(used))
	}
}

// What it remembers is H3's, also when cells share slots and goroutines
// race to fill them.
func TestCellMemoAnswersH3(t *testing.T) {
	m := newCellMemo(64) // far fewer slots than cells: constant replacement
	cells := CellsWithin(orb.Point{121.55, 29.87}, 1500, 9)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				for _, c := range cells {
					ll := h3.CellToLatLng(c)
					if got := m.centre(c); got != (orb.Point{ll.Lng, ll.Lat}) {
						t.Errorf("cell %v: centre %v, H3 %v", c, got, ll)
						return
					}
					if got, want := m.ring(c), computeCellRing(c); !got.Equal(want) {
						t.Errorf("cell %v: outline %v, H3 %v", c, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
