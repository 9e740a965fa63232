package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/transit"
)

// TravelSource says where a travel time came from.
type TravelSource string

const (
	// SourceNetwork: shortest paths on the road network the snapshot was
	// built with (skillcircle build --osm), plus the mode's overhead.
	SourceNetwork TravelSource = "network"
	// SourceEstimate: great-circle distance x detour / speed + overhead
	// (geo.TravelModel), where there is no network.
	SourceEstimate TravelSource = "estimate"
	// SourceTransit: walking to a metro station, riding, and walking on
	// (geo/transit), when that beats walking.
	SourceTransit TravelSource = "transit"
)

// OriginResolution is the H3 resolution of the origin cells whose road
// network times to every site a snapshot stores: a search from a point
// takes the times of its cell's centre (and the straight walk to a site
// within the mode's snap distance, which the centre would misjudge). A
// point and its cell's centre differ by at most the walk between them: at
// res 10 (walking; edge 66 m) about a minute at worst, at res 9 (the
// other modes; edge 174 m) three, half that on average. Finer cells
// would multiply the tables: a 60-minute drive reaches a whole city.
func OriginResolution(mode geo.Mode) int {
	if mode == geo.Walk {
		return 10
	}
	return 9
}

// siteTable holds, for one mode, the network time from each origin cell
// (the cell's centre) to every site reachable within MaxMinutes: a CSR
// from the sorted cells to (site, tenths of a second) pairs, nearest
// first. One bounded reverse search from each site fills it.
type siteTable struct {
	res    int
	cells  []h3.Cell // ascending
	start  []uint32  // len(cells)+1
	sites  []int32
	tenths []uint16 // network seconds x 10, rounded up; overhead not included
}

// maxTenths is the largest time a table can hold (6553.5 s, 109 minutes).
const maxTenths = math.MaxUint16

// toTenths rounds seconds up to the tenth, so a stored time never
// undercuts the path it stands for.
func toTenths(sec float64) uint16 { return uint16(min(math.Ceil(sec*10), maxTenths)) }

// row returns the sites reachable from an origin cell, nearest first.
func (t *siteTable) row(c h3.Cell) ([]int32, []uint16) {
	i, ok := slices.BinarySearch(t.cells, c)
	if !ok {
		return nil, nil
	}
	a, b := t.start[i], t.start[i+1]
	return t.sites[a:b], t.tenths[a:b]
}

// check verifies a decoded table.
func (t *siteTable) check(sites int) error {
	if t.res < 0 || t.res > 15 {
		return fmt.Errorf("%w: table resolution %d", errEncoding, t.res)
	}
	if len(t.start) != len(t.cells)+1 || t.start[0] != 0 || int(t.start[len(t.cells)]) != len(t.sites) || len(t.tenths) != len(t.sites) {
		return fmt.Errorf("%w: table of %d cells, %d row starts, %d entries", errEncoding, len(t.cells), len(t.start), len(t.sites))
	}
	for i := 1; i < len(t.cells); i++ {
		if t.cells[i] <= t.cells[i-1] {
			return fmt.Errorf("%w: table cells out of order", errEncoding)
		}
	}
	for i := 1; i < len(t.start); i++ {
		a, b := t.start[i-1], t.start[i]
		if b < a || int(b) > len(t.sites) {
			return fmt.Errorf("%w: table row starts decrease or overrun", errEncoding)
		}
		for j := a; j < b; j++ {
			if j > a && t.tenths[j] < t.tenths[j-1] {
				return fmt.Errorf("%w: table row not sorted by time", errEncoding)
			}
		}
	}
	for _, s := range t.sites {
		if s < 0 || int(s) >= sites {
			return fmt.Errorf("%w: table names site %d of %d", errEncoding, s, sites)
		}
	}
	return nil
}

// roadMode maps a travel mode to its road graph.
func roadMode(m geo.Mode) (route.Mode, bool) {
	rm, err := route.FromGeo(m)
	return rm, err == nil
}

// networkSeconds is how long a network search for mode may run: the
// longest query less the mode's overhead, which is added at query time.
func networkSeconds(model geo.TravelModel) float64 {
	return math.Max(0, MaxMinutes-model.OverheadMinutes) * 60
}

// buildTables runs, for each mode the network carries and each site it
// covers, one bounded reverse search and records the time from every
// origin cell that reaches the site. Sites are shared among GOMAXPROCS
// workers.
func buildTables(ctx context.Context, net *route.Network, cover *geo.Area, sites []orb.Point, models geo.TravelModels,
	progress func(done, total int)) (map[geo.Mode]*siteTable, error) {
	type entry struct {
		cell   h3.Cell
		site   int32
		tenths uint16
	}
	var jobs []struct {
		mode geo.Mode
		site int32
	}
	modes := []geo.Mode{}
	for _, m := range geo.Modes() {
		rm, ok := roadMode(m)
		if _, has := models[m]; !ok || !has || net.NumEdges(rm) == 0 {
			continue
		}
		modes = append(modes, m)
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
	tables := map[geo.Mode]*siteTable{}
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
		t := &siteTable{res: OriginResolution(m), start: []uint32{0}, sites: make([]int32, len(all)), tenths: make([]uint16, len(all))}
		for i, e := range all {
			if i == 0 || e.cell != all[i-1].cell {
				if i > 0 {
					t.start = append(t.start, uint32(i))
				}
				t.cells = append(t.cells, e.cell)
			}
			t.sites[i], t.tenths[i] = e.site, e.tenths
		}
		if len(all) > 0 {
			t.start = append(t.start, uint32(len(all)))
		}
		tables[m] = t
	}
	return tables, nil
}

// travel is how one mode's travel times are found in a snapshot: road
// network times where the network covers both ends, the estimate
// elsewhere, and for transit the better of walking and the metro.
type travel struct {
	mode  geo.Mode
	model geo.TravelModel // the estimate; for transit, the walk model
	road  *roadTravel     // nil when the snapshot has no network for the mode
	metro *transit.Transit
	walk  *travel // transit only: its walking part
}

// roadTravel is a mode's share of the road network.
type roadTravel struct {
	net     *route.Network
	mode    route.Mode
	table   *siteTable
	cover   *geo.Area
	covered []bool // per site: inside the network's coverage
	// uncovered indexes the other sites by cell, as Snapshot.cells does
	uncovered       map[h3.Cell][]int32
	uncoveredBounds cellBounds // uncovered, prepared for reachableByEstimate
}

// snapMeters is how far a point may be from the mode's network.
func (r *roadTravel) snapMeters() float64 { return r.net.Snap.MaxMeters[r.mode] }

// directWalk is the time in minutes to walk straight from a to b when they
// are within the snap distance, as route.Times.At counts it.
func (r *roadTravel) directWalk(a, b orb.Point) (float64, bool) {
	d := geo.Distance(a, b)
	if d > r.snapMeters() {
		return 0, false
	}
	return d * r.net.Snap.Detour / (r.net.Snap.WalkKmh / 3.6) / 60, true
}

// sortedSites returns a map's sites in order, for stable output.
func sortedSites[V any](m map[int32]V) []int32 {
	out := make([]int32, 0, len(m))
	for si := range m {
		out = append(out, si)
	}
	slices.Sort(out)
	return out
}

// travel returns how mode's travel times are found, or a QueryError for a
// mode the snapshot cannot answer.
func (s *Snapshot) travel(mode geo.Mode) (*travel, error) {
	if tr, ok := s.travels[mode]; ok {
		return tr, nil
	}
	if mode == geo.Transit {
		return nil, invalid("mode", "transit needs metro stations and this snapshot has none (its catalogue has no %s)", "metro_stations.csv")
	}
	_, err := s.meta.TravelModels.Get(mode)
	return nil, invalid("mode", "%v", err)
}

// initTravel prepares every mode's travel from the stored network, tables
// and stations; called by Open once the records are indexed.
func (s *Snapshot) initTravel() error {
	tables := s.tables
	s.travels = map[geo.Mode]*travel{}
	var covered []bool
	uncovered := map[h3.Cell][]int32{}
	if s.net != nil {
		covered = make([]bool, len(s.sites))
		for i, site := range s.sites {
			covered[i] = s.cover.Contains(site.Location)
			if !covered[i] {
				c := geo.Cell(site.Location, SiteResolution)
				uncovered[c] = append(uncovered[c], int32(i))
			}
		}
	}
	for mode, model := range s.meta.TravelModels {
		tr := &travel{mode: mode, model: model}
		if t, ok := tables[mode]; ok && s.net != nil {
			rm, _ := roadMode(mode)
			tr.road = &roadTravel{net: s.net, mode: rm, table: t, cover: s.cover, covered: covered, uncovered: uncovered,
				uncoveredBounds: newCellBounds(uncovered)}
		}
		s.travels[mode] = tr
	}
	walk, ok := s.travels[geo.Walk]
	if len(s.stations) == 0 || !ok {
		return nil
	}
	stations := make([]transit.Station, len(s.stations))
	for i, st := range s.stations {
		stations[i] = transit.Station{Name: st.Name, Point: st.Location, Lines: map[string]int{}}
		for _, ls := range st.Lines {
			stations[i].Lines[ls.Line] = ls.Order
		}
	}
	metro, err := transit.New(stations, s.meta.Transit)
	if err != nil {
		return fmt.Errorf("%w: metro: %v", ErrCorrupt, err)
	}
	s.travels[geo.Transit] = &travel{mode: geo.Transit, model: walk.model, metro: metro, walk: walk}
	return nil
}

// covers reports whether the mode's network times apply at p.
func (tr *travel) covers(p orb.Point) bool {
	return tr.road != nil && tr.road.cover.Contains(p)
}

// source is where this mode's times from origin come from, for the
// response as a whole (each hit says its own).
func (tr *travel) source(origin orb.Point) TravelSource {
	switch {
	case tr.metro != nil:
		return SourceTransit
	case tr.covers(origin):
		return SourceNetwork
	}
	return SourceEstimate
}

// reachableSites calls fn for every site reachable from origin within
// limit minutes by tr's mode, with its travel time in minutes and where
// that time came from. This is the one place travel times to sites are
// found:
//
//   - network, when the origin and the site are both inside the road
//     network's coverage: the stored time from the origin's cell
//     (OriginResolution) to the site, plus the mode's overhead; a site the
//     table does not list is not reachable, never estimated;
//   - estimate, when either end is outside it (or there is no network):
//     the H3 cells that can hold a point within the model's reach, then
//     each site's time from the origin point itself;
//   - transit: the better of walking (as the walk mode gives it) and the
//     metro (walk to a station, ride, walk on; see geo/transit).
func (s *Snapshot) reachableSites(origin orb.Point, tr *travel, limit float64, fn func(site int32, minutes float64, src TravelSource)) {
	switch {
	case tr.metro != nil:
		s.reachableByTransit(origin, tr, limit, fn)
	case tr.covers(origin):
		over := tr.model.OverheadMinutes
		near := map[int32]float64{} // sites a straight walk away
		s.siteBounds.sitesWithin(origin, tr.road.snapMeters(), func(si int32) {
			if t, ok := tr.road.directWalk(origin, s.sites[si].Location); ok && tr.road.covered[si] {
				near[si] = over + t
			}
		})
		sites, tenths := tr.road.table.row(geo.Cell(origin, tr.road.table.res))
		for i, si := range sites {
			t := over + float64(tenths[i])/600
			if t > limit {
				break // nearest first
			}
			if w, ok := near[si]; ok {
				t = math.Min(t, w)
				delete(near, si)
			}
			fn(si, t, SourceNetwork)
		}
		for _, si := range sortedSites(near) {
			if t := near[si]; t <= limit {
				fn(si, t, SourceNetwork)
			}
		}
		// sites beyond the network: the estimate
		s.reachableByEstimate(origin, tr.model, limit, &tr.road.uncoveredBounds, func(si int32, t float64) {
			fn(si, t, SourceEstimate)
		})
	default:
		s.reachableByEstimate(origin, tr.model, limit, &s.siteBounds, func(si int32, t float64) { fn(si, t, SourceEstimate) })
	}
}

// reachableByEstimate finds the sites of an index (cells to sites) by the
// straight-line estimate.
func (s *Snapshot) reachableByEstimate(origin orb.Point, model geo.TravelModel, limit float64, index *cellBounds, fn func(site int32, minutes float64)) {
	reach := model.ReachMeters(limit)
	if reach <= 0 {
		return
	}
	index.sitesWithin(origin, reach, func(si int32) {
		if t := model.Minutes(origin, s.sites[si].Location); t <= limit {
			fn(si, t)
		}
	})
}

// reachableByTransit merges walking with the metro: for each station left
// within the limit, the sites within walking reach of it.
func (s *Snapshot) reachableByTransit(origin orb.Point, tr *travel, limit float64, fn func(site int32, minutes float64, src TravelSource)) {
	type best struct {
		minutes float64
		src     TravelSource
	}
	found := map[int32]best{}
	s.reachableSites(origin, tr.walk, limit, func(si int32, t float64, src TravelSource) {
		found[si] = best{t, src}
	})
	opts := tr.metro.Options()
	walker := geo.TravelModel{SpeedKmh: opts.WalkKmh, Detour: opts.WalkDetour}
	for b, left := range tr.metro.FromPointWithin(origin, limit) {
		if !(left < limit) {
			continue
		}
		station := tr.metro.Stations()[b].Point
		s.siteBounds.sitesWithin(station, walker.ReachMeters(limit-left), func(si int32) {
			t := left + tr.metro.WalkMinutes(geo.Distance(station, s.sites[si].Location))
			if cur, ok := found[si]; t <= limit && (!ok || t < cur.minutes) {
				found[si] = best{t, SourceTransit}
			}
		})
	}
	for _, si := range sortedSites(found) {
		fn(si, found[si].minutes, found[si].src)
	}
}

// pointTimes answers the time between one fixed point and any other by a
// mode, as reachableSites would give it for a site there: from a fixed
// origin (travel.from) or to a fixed target (travel.to).
type pointTimes struct {
	tr      *travel
	fixed   orb.Point
	forward bool         // fixed is the origin
	limit   float64      // minutes
	road    *route.Times // a network search from (or to) fixed; nil outside coverage
	walk    *pointTimes  // transit: the walking part
	metro   []float64    // transit: FromPoint(fixed) or ToPoint(fixed)
}

// from prepares times from origin to any point within limit minutes.
func (tr *travel) from(origin orb.Point, limit float64) *pointTimes {
	return tr.prepare(origin, limit, true)
}

// to prepares times from any point to target within limit minutes:
// the planner asks backwards from a site or a candidate place to many
// origins at once.
func (tr *travel) to(target orb.Point, limit float64) *pointTimes {
	return tr.prepare(target, limit, false)
}

func (tr *travel) prepare(fixed orb.Point, limit float64, forward bool) *pointTimes {
	pt := &pointTimes{tr: tr, fixed: fixed, forward: forward, limit: limit}
	switch {
	case tr.metro != nil:
		pt.walk = tr.walk.prepare(fixed, limit, forward)
		if forward {
			pt.metro = tr.metro.FromPoint(fixed)
		} else {
			pt.metro = tr.metro.ToPoint(fixed)
		}
	case tr.covers(fixed):
		src := fixed
		if forward {
			// an origin stands for its cell, as in the site tables
			src = geo.CellCenter(geo.Cell(fixed, tr.road.table.res))
		}
		seconds := (limit - tr.model.OverheadMinutes) * 60
		pt.road = tr.road.net.Search(tr.road.mode, []route.Source{{Point: src}}, math.Max(seconds, 0), !forward)
	}
	return pt
}

// at returns the time between the fixed point and p (from p to it for
// travel.to), where it came from, and whether it is within the limit.
func (pt *pointTimes) at(p orb.Point) (float64, TravelSource, bool) {
	tr := pt.tr
	if tr.metro != nil {
		t, src, ok := pt.walk.at(p)
		if !ok {
			t = math.Inf(1)
		}
		for i, st := range tr.metro.Stations() {
			var m float64
			if pt.forward {
				m = pt.metro[i] + tr.metro.WalkMinutes(geo.Distance(st.Point, p))
			} else {
				m = tr.metro.WalkMinutes(geo.Distance(p, st.Point)) + pt.metro[i]
			}
			if m < t {
				t, src = m, SourceTransit
			}
		}
		return t, src, t <= pt.limit
	}
	if pt.road != nil && tr.covers(p) {
		q := p
		if !pt.forward {
			q = geo.CellCenter(geo.Cell(p, tr.road.table.res))
		}
		t := math.Inf(1)
		if sec, ok := pt.road.At(q); ok {
			t = tr.model.OverheadMinutes + float64(toTenths(sec))/600
		}
		if w, ok := tr.road.directWalk(pt.fixed, p); ok {
			t = math.Min(t, tr.model.OverheadMinutes+w)
		}
		return t, SourceNetwork, t <= pt.limit
	}
	var t float64
	if pt.forward {
		t = tr.model.Minutes(pt.fixed, p)
	} else {
		t = tr.model.Minutes(p, pt.fixed)
	}
	return t, SourceEstimate, t <= pt.limit
}

// reachMeters bounds the straight-line distance of any point within the
// limit: callers need look no further for candidates.
func (pt *pointTimes) reachMeters() float64 {
	tr := pt.tr
	switch {
	case tr.metro != nil:
		return math.Inf(1)
	case pt.road != nil:
		// the farthest node reached, plus the walk onto the network
		far := 0.0
		for _, v := range pt.road.Reached() {
			far = math.Max(far, geo.Distance(pt.fixed, tr.road.net.Point(v)))
		}
		// the fixed origin's cell centre may sit off the point itself
		far += 2 * h3.HexagonEdgeLengthAvgM(tr.road.table.res)
		return math.Max(far+tr.road.net.Snap.MaxMeters[tr.road.mode], tr.model.ReachMeters(pt.limit))
	}
	return tr.model.ReachMeters(pt.limit)
}
