package travel

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/transit"
)

// Times finds every travel time of one snapshot: to its sites, to other
// places, and the areas within reach. It is read-only and safe for
// concurrent use.
type Times struct {
	sites  []orb.Point // the sites' locations, by number
	places []Place     // and prepared for Estimates.Within and Nearest
	bounds cellBounds  // the sites by cell, prepared for sitesWithin
	modes  map[geo.Mode]*Mode
}

// Network is a snapshot's road network: the network itself, the area
// where it applies (the convex hull of its nodes) and each mode's site
// times: a site index (HierarchyModes) or a site table.
type Network struct {
	Net    *route.Network
	Cover  *geo.Area
	Tables map[geo.Mode]*Table
	Sites  map[geo.Mode]*SiteIndex
}

// New prepares every mode's travel times to sites: sites are the sites'
// locations by number and cells the sites by H3 cell (SiteResolution);
// models the estimate of each mode; net, when not nil, the road network;
// metro, when not nil, the stations transit rides between, with its
// options (its walks are the walk model's).
func New(sites []orb.Point, cells map[h3.Cell][]int32, models geo.TravelModels, net *Network, metro []transit.Station, opts transit.Options) (*Times, error) {
	t := &Times{sites: sites, places: make([]Place, len(sites)), bounds: newCellBounds(cells), modes: map[geo.Mode]*Mode{}}
	for i, p := range sites {
		t.places[i] = PlaceOf(p)
	}
	var covered []bool
	uncovered := map[h3.Cell][]int32{}
	if net != nil {
		covered = make([]bool, len(sites))
		for i, p := range sites {
			covered[i] = net.Cover.Contains(p)
			if !covered[i] {
				c := geo.Cell(p, SiteResolution)
				uncovered[c] = append(uncovered[c], int32(i))
			}
		}
	}
	for mode, model := range models {
		tr := &Mode{t: t, mode: mode, model: model}
		if tab, idx, ok := net.siteTimes(mode); ok {
			rm, _ := roadMode(mode)
			tr.road = &roadTravel{net: net.Net, mode: rm, table: tab, sites: idx, cover: net.Cover, covered: covered, uncovered: uncovered,
				uncoveredBounds: newCellBounds(uncovered)}
		}
		t.modes[mode] = tr
	}
	walk, ok := t.modes[geo.Walk]
	if len(metro) == 0 || !ok {
		return t, nil
	}
	m, err := transit.New(metro, opts)
	if err != nil {
		return nil, fmt.Errorf("metro: %w", err)
	}
	t.modes[geo.Transit] = &Mode{t: t, mode: geo.Transit, model: walk.model, metro: m, walk: walk}
	return t, nil
}

// siteTimes returns mode's table or site index, whichever it has.
func (n *Network) siteTimes(mode geo.Mode) (*Table, *SiteIndex, bool) {
	if n == nil {
		return nil, nil, false
	}
	t, okT := n.Tables[mode]
	x, okX := n.Sites[mode]
	return t, x, okT || okX
}

// Mode returns how mode's times are found; false when the snapshot cannot
// answer it (transit without stations, a mode with no model).
func (t *Times) Mode(mode geo.Mode) (*Mode, bool) {
	m, ok := t.modes[mode]
	return m, ok
}

// Mode is how one mode's travel times are found in a snapshot: road
// network times where the network covers both ends, the estimate
// elsewhere, and for transit the better of walking and the metro.
type Mode struct {
	t     *Times
	mode  geo.Mode
	model geo.TravelModel // the estimate; for transit, the walk model
	road  *roadTravel     // nil when the snapshot has no network for the mode
	metro *transit.Transit
	walk  *Mode // transit only: its walking part
}

// roadTravel is a mode's share of the road network.
type roadTravel struct {
	net     *route.Network
	mode    route.Mode
	table   *Table     // the site times: a table,
	sites   *SiteIndex // or a site index
	cover   *geo.Area
	covered []bool // per site: inside the network's coverage
	// uncovered indexes the other sites by cell, as Times.bounds does
	uncovered       map[h3.Cell][]int32
	uncoveredBounds cellBounds // uncovered, prepared for reachableByEstimate
}

// res is the origin cells' resolution.
func (r *roadTravel) res() int {
	if r.sites != nil {
		return r.sites.Res
	}
	return r.table.Res
}

// row returns the sites within maxSeconds of the centre of origin's cell,
// nearest first.
func (r *roadTravel) row(origin orb.Point, maxSeconds float64) []siteTime {
	if r.sites != nil {
		return r.sites.row(r.net, origin, maxSeconds)
	}
	sites, tenths := r.table.Row(geo.Cell(origin, r.table.Res))
	out := make([]siteTime, len(sites))
	for i := range sites {
		out[i] = siteTime{sites[i], tenths[i]}
	}
	return out
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

// Model is the mode's estimate (for transit, the walk model).
func (tr *Mode) Model() geo.TravelModel { return tr.model }

// HasNetwork reports whether the mode's times come from the road network
// where it applies.
func (tr *Mode) HasNetwork() bool { return tr.road != nil }

// Metro is what transit rides on; nil for the other modes.
func (tr *Mode) Metro() *transit.Transit { return tr.metro }

// covers reports whether the mode's network times apply at p.
func (tr *Mode) covers(p orb.Point) bool {
	return tr.road != nil && tr.road.cover.Contains(p)
}

// Source is where this mode's times from origin come from, for the
// response as a whole (each hit says its own).
func (tr *Mode) Source(origin orb.Point) Source {
	switch {
	case tr.metro != nil:
		return SourceTransit
	case tr.covers(origin):
		return SourceNetwork
	}
	return SourceEstimate
}

// Sites calls fn for every site reachable from origin within
// limit minutes by tr's mode, with its travel time in minutes and where
// that time came from. This is the one place travel times to sites are
// found:
//
//   - network, when the origin and the site are both inside the road
//     network's coverage: the time from the centre of the origin's cell
//     (OriginResolution) to the site, from the mode's site index or
//     table, plus the mode's overhead; a site it does not reach is not
//     reachable, never estimated;
//   - estimate, when either end is outside it (or there is no network):
//     the H3 cells that can hold a point within the model's reach, then
//     each site's time from the origin point itself;
//   - transit: the better of walking (as the walk mode gives it) and the
//     metro (walk to a station, ride, walk on; see geo/transit).
func (tr *Mode) Sites(origin orb.Point, limit float64, fn func(site int32, minutes float64, src Source)) {
	switch {
	case tr.metro != nil:
		tr.sitesByTransit(origin, limit, fn)
	case tr.covers(origin):
		over := tr.model.OverheadMinutes
		near := map[int32]float64{} // sites a straight walk away
		tr.t.bounds.sitesWithin(origin, tr.road.snapMeters(), func(si int32) {
			if t, ok := tr.road.directWalk(origin, tr.t.sites[si]); ok && tr.road.covered[si] {
				near[si] = over + t
			}
		})
		for _, st := range tr.road.row(origin, (limit-over)*60) {
			si := st.site
			t := over + float64(st.tenths)/600
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
		tr.t.sitesByEstimate(origin, tr.model, limit, &tr.road.uncoveredBounds, func(si int32, t float64) {
			fn(si, t, SourceEstimate)
		})
	default:
		tr.t.sitesByEstimate(origin, tr.model, limit, &tr.t.bounds, func(si int32, t float64) { fn(si, t, SourceEstimate) })
	}
}

// sitesByEstimate finds the sites of an index (cells to sites) by the
// straight-line estimate.
func (t *Times) sitesByEstimate(origin orb.Point, model geo.TravelModel, limit float64, index *cellBounds, fn func(site int32, minutes float64)) {
	reach := model.ReachMeters(limit)
	if reach <= 0 {
		return
	}
	index.sitesWithin(origin, reach, func(si int32) {
		if m := model.Minutes(origin, t.sites[si]); m <= limit {
			fn(si, m)
		}
	})
}

// PointTimes answers the time between one fixed point and any other by a
// mode, as Sites would give it for a site there: from a fixed
// origin (Mode.From) or to a fixed target (Mode.To).
type PointTimes struct {
	tr      *Mode
	fixed   orb.Point
	forward bool         // fixed is the origin
	limit   float64      // minutes
	road    *route.Times // a network search from (or to) fixed; nil outside coverage
	walk    *PointTimes  // transit: the walking part
	metro   []float64    // transit: per station, the minutes from fixed to leaving it (or from entering it to fixed)
	// transit: per station within reach on the walk network, the walk
	// from it (or to it); nil where the straight-line walk applies
	stationWalks []*PointTimes
}

// From prepares times from origin to any point within limit minutes.
func (tr *Mode) From(origin orb.Point, limit float64) *PointTimes {
	return tr.prepare(origin, limit, true)
}

// To prepares times from any point to target within limit minutes:
// the planner asks backwards from a site or a candidate place to many
// origins at once.
func (tr *Mode) To(target orb.Point, limit float64) *PointTimes {
	return tr.prepare(target, limit, false)
}

func (tr *Mode) prepare(fixed orb.Point, limit float64, forward bool) *PointTimes {
	pt := &PointTimes{tr: tr, fixed: fixed, forward: forward, limit: limit}
	switch {
	case tr.metro != nil:
		tr.prepareTransit(pt)
	case tr.covers(fixed):
		src := fixed
		if forward {
			// an origin stands for its cell, as in Sites
			src = geo.CellCenter(geo.Cell(fixed, tr.road.res()))
		}
		seconds := (limit - tr.model.OverheadMinutes) * 60
		pt.road = tr.road.net.Search(tr.road.mode, []route.Source{{Point: src}}, math.Max(seconds, 0), !forward)
	}
	return pt
}

// At returns the time between the fixed point and p (from p to it for
// Mode.To), where it came from, and whether it is within the limit.
func (pt *PointTimes) At(p orb.Point) (float64, Source, bool) {
	tr := pt.tr
	if tr.metro != nil {
		return pt.transitAt(p)
	}
	if pt.road != nil && tr.covers(p) {
		q := p
		if !pt.forward {
			q = geo.CellCenter(geo.Cell(p, tr.road.res()))
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
func (pt *PointTimes) reachMeters() float64 {
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
		far += 2 * h3.HexagonEdgeLengthAvgM(tr.road.res())
		return math.Max(far+tr.road.net.Snap.MaxMeters[tr.road.mode], tr.model.ReachMeters(pt.limit))
	}
	return tr.model.ReachMeters(pt.limit)
}

// Places is a set of points that are not sites (the populated cells'
// centres, the candidate places for a new training point), indexed by H3
// cell at SiteResolution as sites are.
type Places struct {
	points []orb.Point
	cells  map[h3.Cell][]int32
}

// NewPlaces indexes points.
func NewPlaces(points []orb.Point) *Places {
	ps := &Places{points: points, cells: map[h3.Cell][]int32{}}
	for i, p := range points {
		c := geo.Cell(p, SiteResolution)
		ps.cells[c] = append(ps.cells[c], int32(i))
	}
	return ps
}

// PlacesFrom is Sites for points that are not sites: it
// calls fn for every place of ps reachable from origin within limit
// minutes, with its travel time and where it came from. A site at a
// place's point gets the same time from Sites (network times may
// differ by a tenth of a second: the site index meets a backward search
// from the site, this searches forwards from the origin's cell), so that coverage and the
// placing of new training points rest on the same times as search.
func (tr *Mode) PlacesFrom(origin orb.Point, limit float64, ps *Places, fn func(place int32, minutes float64, src Source)) {
	ps.near(origin, tr.From(origin, limit), fn)
}

// near calls fn for every place of ps that pt times within its limit,
// reading only the cells that can hold one: past a point, scanning every
// indexed cell is cheaper than enumerating the disk around centre.
func (ps *Places) near(centre orb.Point, pt *PointTimes, fn func(place int32, minutes float64, src Source)) {
	reach := pt.reachMeters()
	if !(reach > 0) {
		return
	}
	visit := func(pis []int32) {
		for _, pi := range pis {
			if t, src, ok := pt.At(ps.points[pi]); ok {
				fn(pi, t, src)
			}
		}
	}
	if math.IsInf(reach, 1) || coverCells(reach) > len(ps.cells) {
		for _, pis := range ps.cells {
			visit(pis)
		}
		return
	}
	for _, cell := range geo.CellsWithin(centre, reach, SiteResolution) {
		visit(ps.cells[cell])
	}
}

// coverCells estimates how many SiteResolution cells a disk of the radius
// covers (the disk's area over a cell's, with a ring of margin).
func coverCells(radiusM float64) int {
	r := radiusM/1000 + 2*h3.HexagonEdgeLengthAvgKm(SiteResolution)
	return int(math.Pi * r * r / h3.HexagonAreaAvgKm2(SiteResolution))
}

// PlacesReaching is Sites turned round, for many origins at
// once: it calls fn for every origin of origins from which target is
// reachable within limit minutes, with the time Sites would give
// from that origin to a site at target. Coverage asks it once per site or
// candidate place instead of once per populated cell, far fewer questions.
// It rests on the same travel times as Sites (Mode.To): on the
// road network one reverse search from target serves every origin; the
// estimate elsewhere; walk + metro for transit.
func (tr *Mode) PlacesReaching(target orb.Point, origins *Places, limit float64, fn func(origin int32, minutes float64)) {
	if tr.metro != nil {
		tr.placesReachingByTransit(target, origins, limit, fn)
		return
	}
	origins.near(target, tr.To(target, limit), func(oi int32, t float64, _ Source) { fn(oi, t) })
}

// IsochroneCells are the H3 cells (at res) within minutes of origin: the
// network's own isochrone (a forward search from the point, route.Sweep)
// where it applies, the estimate's disk elsewhere, and for transit the walk's and
// each station's within reach.
func (tr *Mode) IsochroneCells(origin orb.Point, minutes float64, res int) []h3.Cell {
	switch {
	case tr.metro != nil:
		return tr.isochroneByTransit(origin, minutes, res)
	case tr.covers(origin):
		// Network.Isochrone's cells, by a sweep of the hierarchy where
		// there is one and many nodes are in reach
		sec := (minutes - tr.model.OverheadMinutes) * 60
		var t *route.Times
		if tr.road.sites != nil {
			t = tr.road.net.Sweep(tr.road.sites.Hierarchy, origin, sec)
		} else {
			t = tr.road.net.Search(tr.road.mode, []route.Source{{Point: origin}}, sec, false)
		}
		defer t.Release()
		return t.Cells(res)
	}
	return geo.Isochrone(origin, tr.model, minutes, res)
}

// SitesFromNearest calls fn once for every site reachable from any of
// origins within limit minutes, with the time from the nearest origin and
// which one it is. A site reached from two is given once, from the nearer
// (the earlier origin on a tie); sites come in catalogue order.
func (tr *Mode) SitesFromNearest(origins []orb.Point, limit float64, fn func(site int32, minutes float64, src Source, from int)) {
	type best struct {
		minutes float64
		src     Source
		from    int
	}
	nearest := map[int32]best{}
	for i, o := range origins {
		tr.Sites(o, limit, func(si int32, t float64, src Source) {
			if b, ok := nearest[si]; !ok || t < b.minutes {
				nearest[si] = best{t, src, i}
			}
		})
	}
	for _, si := range sortedSites(nearest) {
		b := nearest[si]
		fn(si, b.minutes, b.src, b.from)
	}
}
