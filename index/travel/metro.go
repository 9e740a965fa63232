package travel

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
)

// Transit: the better of walking and the metro. The walks to and from the
// stations are on the walk network where the snapshot has one and it
// covers both ends (a search from the origin, or to the target, reaching
// the stations; the walk mode's times from a station to the sites, or
// from the places to a station), and the metro's own straight-line walk
// (transit.Options' speed and detour) elsewhere.

// metroWalk is the walk between one fixed point and the stations, as
// transit counts it.
type metroWalk struct {
	tr    *Mode // the transit mode
	fixed orb.Point
	road  *PointTimes // the walk from (or to) fixed; nil when fixed is off the walk network
}

// metroWalk prepares the walks from fixed (to it, when not forward) within
// limit minutes; walk, when not nil, is the walk mode's search from fixed
// already made.
func (tr *Mode) metroWalk(fixed orb.Point, limit float64, forward bool, walk *PointTimes) metroWalk {
	w := metroWalk{tr: tr, fixed: fixed}
	if tr.walk.covers(fixed) {
		if walk == nil {
			walk = tr.walk.prepare(fixed, limit, forward)
		}
		w.road = walk
	}
	return w
}

// minutes is the walk between the fixed point and p: on the network when it
// covers both (+Inf when p is not reached within the limit), else in a
// straight line.
func (w metroWalk) minutes(p orb.Point) float64 {
	if w.road != nil && w.road.road != nil && w.tr.walk.covers(p) {
		if t, _, ok := w.road.At(p); ok {
			return t
		}
		return math.Inf(1)
	}
	return w.tr.metro.WalkMinutes(geo.Distance(w.fixed, p))
}

// stations returns the walk to (or from) every station.
func (w metroWalk) stations() []float64 {
	out := make([]float64, len(w.tr.metro.Stations()))
	for i, s := range w.tr.metro.Stations() {
		out[i] = w.minutes(s.Point)
	}
	return out
}

// straightWalker is the metro's own walk model, for walks off the network.
func (tr *Mode) straightWalker() geo.TravelModel {
	opts := tr.metro.Options()
	return geo.TravelModel{SpeedKmh: opts.WalkKmh, Detour: opts.WalkDetour}
}

// sitesByTransit merges walking with the metro: for each station left
// within the limit, the sites within walking reach of it.
func (tr *Mode) sitesByTransit(origin orb.Point, limit float64, fn func(site int32, minutes float64, src Source)) {
	type best struct {
		minutes float64
		src     Source
	}
	found := map[int32]best{}
	tr.walk.Sites(origin, limit, func(si int32, t float64, src Source) {
		found[si] = best{t, src}
	})
	left := tr.metro.FromAccess(tr.metroWalk(origin, limit, true, nil).stations())
	for b, l := range left {
		if !(l < limit) {
			continue
		}
		tr.sitesFromStation(b, limit-l, func(si int32, t float64) {
			if cur, ok := found[si]; l+t <= limit && (!ok || l+t < cur.minutes) {
				found[si] = best{l + t, SourceTransit}
			}
		})
	}
	for _, si := range sortedSites(found) {
		fn(si, found[si].minutes, found[si].src)
	}
}

// sitesFromStation calls fn for the sites within a walk of within minutes
// from station b: the walk mode's times where the network covers the
// station, the straight-line walk elsewhere.
func (tr *Mode) sitesFromStation(b int, within float64, fn func(site int32, minutes float64)) {
	station := tr.metro.Stations()[b].Point
	if tr.walk.covers(station) {
		tr.walk.Sites(station, within, func(si int32, t float64, _ Source) { fn(si, t) })
		return
	}
	tr.t.bounds.sitesWithin(station, tr.straightWalker().ReachMeters(within), func(si int32) {
		if t := tr.metro.WalkMinutes(geo.Distance(station, tr.t.sites[si])); t <= within {
			fn(si, t)
		}
	})
}

// placesReachingByTransit is sitesByTransit turned round: the origins
// that walk to target, and for each station from which target is within
// the limit, the origins within walking reach of that station. Asking
// every origin about every station (PointTimes.At) gives the same times
// but costs origins × stations for each target.
func (tr *Mode) placesReachingByTransit(target orb.Point, origins *Places, limit float64, fn func(origin int32, minutes float64)) {
	found := map[int32]float64{}
	tr.walk.PlacesReaching(target, origins, limit, func(oi int32, t float64) { found[oi] = t })
	keep := func(oi int32, t float64) {
		if cur, ok := found[oi]; t <= limit && (!ok || t < cur) {
			found[oi] = t
		}
	}
	left := tr.metro.ToEgress(tr.metroWalk(target, limit, false, nil).stations())
	for a, l := range left {
		if !(l < limit) {
			continue
		}
		station := tr.metro.Stations()[a].Point
		if tr.walk.covers(station) {
			tr.walk.PlacesReaching(station, origins, limit-l, func(oi int32, t float64) { keep(oi, t+l) })
			continue
		}
		for _, cell := range geo.CellsWithin(station, tr.straightWalker().ReachMeters(limit-l), SiteResolution) {
			for _, oi := range origins.cells[cell] {
				keep(oi, tr.metro.WalkMinutes(geo.Distance(origins.points[oi], station))+l)
			}
		}
	}
	for _, oi := range sortedSites(found) {
		fn(oi, found[oi])
	}
}

// prepareTransit sets pt's walking part, its metro legs from (or to) the
// fixed point, and the walks from (or to) each station within reach on
// the network.
func (tr *Mode) prepareTransit(pt *PointTimes) {
	pt.walk = tr.walk.prepare(pt.fixed, pt.limit, pt.forward)
	walks := tr.metroWalk(pt.fixed, pt.limit, pt.forward, pt.walk).stations()
	if pt.forward {
		pt.metro = tr.metro.FromAccess(walks)
	} else {
		pt.metro = tr.metro.ToEgress(walks)
	}
	pt.stationWalks = make([]*PointTimes, len(pt.metro))
	for i, s := range tr.metro.Stations() {
		if pt.metro[i] < pt.limit && tr.walk.covers(s.Point) {
			// from the station on, for a fixed origin; to it, for a fixed target
			pt.stationWalks[i] = tr.walk.prepare(s.Point, pt.limit-pt.metro[i], pt.forward)
		}
	}
}

// transitAt is PointTimes.At for transit: the better of walking and, over
// the stations, the metro leg plus the walk between the station and p.
func (pt *PointTimes) transitAt(p orb.Point) (float64, Source, bool) {
	tr := pt.tr
	t, src, ok := pt.walk.At(p)
	if !ok {
		t = math.Inf(1)
	}
	for i, st := range tr.metro.Stations() {
		if !(pt.metro[i] < pt.limit) {
			continue
		}
		m := pt.metro[i] + metroWalk{tr: tr, fixed: st.Point, road: pt.stationWalks[i]}.minutes(p)
		if m < t {
			t, src = m, SourceTransit
		}
	}
	return t, src, t <= pt.limit
}

// isochroneByTransit is IsochroneCells for transit: the walk's cells, and
// for each station left within the limit, its cell and the walk mode's
// cells from it (on the network where it covers the station).
func (tr *Mode) isochroneByTransit(origin orb.Point, minutes float64, res int) []h3.Cell {
	cells := map[h3.Cell]bool{}
	for _, c := range tr.walk.IsochroneCells(origin, minutes, res) {
		cells[c] = true
	}
	left := tr.metro.FromAccess(tr.metroWalk(origin, minutes, true, nil).stations())
	for b, spent := range left {
		if !(spent < minutes) {
			continue
		}
		station := tr.metro.Stations()[b].Point
		cells[geo.Cell(station, res)] = true
		var from []h3.Cell
		if tr.walk.covers(station) {
			from = tr.walk.IsochroneCells(station, minutes-spent, res)
		} else {
			from = geo.Isochrone(station, tr.straightWalker(), minutes-spent, res)
		}
		for _, c := range from {
			cells[c] = true
		}
	}
	out := make([]h3.Cell, 0, len(cells))
	for c := range cells {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
