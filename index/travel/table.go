package travel

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
)

// Table holds, for one mode, the network time from each origin cell
// (the cell's centre) to every site reachable within MaxMinutes: a CSR
// from the sorted cells to (site, tenths of a second) pairs, nearest
// first. One bounded reverse search from each site fills it (BuildTables);
// the snapshot stores it field by field.
type Table struct {
	Res    int
	Cells  []h3.Cell // ascending
	Start  []uint32  // len(Cells)+1
	Sites  []int32
	Tenths []uint16 // network seconds x 10, rounded up; overhead not included
}

// Row returns the sites reachable from an origin cell, nearest first.
func (t *Table) Row(c h3.Cell) ([]int32, []uint16) {
	i, ok := slices.BinarySearch(t.Cells, c)
	if !ok {
		return nil, nil
	}
	a, b := t.Start[i], t.Start[i+1]
	return t.Sites[a:b], t.Tenths[a:b]
}

// Check verifies a decoded table against the snapshot's number of sites.
func (t *Table) Check(sites int) error {
	if t.Res < 0 || t.Res > 15 {
		return fmt.Errorf("%w: table resolution %d", errTable, t.Res)
	}
	if len(t.Start) != len(t.Cells)+1 || t.Start[0] != 0 || int(t.Start[len(t.Cells)]) != len(t.Sites) || len(t.Tenths) != len(t.Sites) {
		return fmt.Errorf("%w: table of %d cells, %d row starts, %d entries", errTable, len(t.Cells), len(t.Start), len(t.Sites))
	}
	for i := 1; i < len(t.Cells); i++ {
		if t.Cells[i] <= t.Cells[i-1] {
			return fmt.Errorf("%w: table cells out of order", errTable)
		}
	}
	for i := 1; i < len(t.Start); i++ {
		a, b := t.Start[i-1], t.Start[i]
		if b < a || int(b) > len(t.Sites) {
			return fmt.Errorf("%w: table row starts decrease or overrun", errTable)
		}
		for j := a; j < b; j++ {
			if j > a && t.Tenths[j] < t.Tenths[j-1] {
				return fmt.Errorf("%w: table row not sorted by time", errTable)
			}
		}
	}
	for _, s := range t.Sites {
		if s < 0 || int(s) >= sites {
			return fmt.Errorf("%w: table names site %d of %d", errTable, s, sites)
		}
	}
	return nil
}

// BuildTables runs, for each of modes and each site the network covers,
// one bounded reverse search and records the time from every origin cell
// that reaches the site. Sites are shared among GOMAXPROCS workers.
func BuildTables(ctx context.Context, net *route.Network, cover *geo.Area, sites []orb.Point, models geo.TravelModels,
	modes []geo.Mode, progress func(done, total int)) (map[geo.Mode]*Table, error) {
	type entry struct {
		cell   h3.Cell
		site   int32
		tenths uint16
	}
	var jobs []struct {
		mode geo.Mode
		site int32
	}
	for _, m := range modes {
		for si, p := range sites {
			if cover.Contains(p) {
				jobs = append(jobs, struct {
					mode geo.Mode
					site int32
				}{m, int32(si)})
			}
		}
	}
	results := make([][]entry, len(jobs))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	var progressMu sync.Mutex
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := int(next.Add(1) - 1)
				if j >= len(jobs) || ctx.Err() != nil {
					return
				}
				mode, si := jobs[j].mode, jobs[j].site
				rm, _ := roadMode(mode)
				times := net.Search(rm, []route.Source{{Point: sites[si]}}, networkSeconds(models[mode]), true)
				for _, ct := range times.CellTimes(OriginResolution(mode)) {
					results[j] = append(results[j], entry{ct.Cell, si, toTenths(ct.Seconds)})
				}
				n := int(done.Add(1))
				if progress != nil {
					progressMu.Lock()
					progress(n, len(jobs))
					progressMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tables := map[geo.Mode]*Table{}
	for _, m := range modes {
		var all []entry
		for j, job := range jobs {
			if job.mode == m {
				all = append(all, results[j]...)
				results[j] = nil
			}
		}
		slices.SortFunc(all, func(a, b entry) int {
			if c := cmp.Compare(a.cell, b.cell); c != 0 {
				return c
			}
			if c := cmp.Compare(a.tenths, b.tenths); c != 0 {
				return c
			}
			return cmp.Compare(a.site, b.site)
		})
		t := &Table{Res: OriginResolution(m), Start: []uint32{0}, Sites: make([]int32, len(all)), Tenths: make([]uint16, len(all))}
		for i, e := range all {
			if i == 0 || e.cell != all[i-1].cell {
				if i > 0 {
					t.Start = append(t.Start, uint32(i))
				}
				t.Cells = append(t.Cells, e.cell)
			}
			t.Sites[i], t.Tenths[i] = e.site, e.tenths
		}
		if len(all) > 0 {
			t.Start = append(t.Start, uint32(len(all)))
		}
		tables[m] = t
	}
	return tables, nil
}
