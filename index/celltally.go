package index

import (
	"cmp"
	"math"
	"slices"

	"github.com/skillcircle/skillcircle/index/travel"
)

// A 60-minute drive by estimate reaches nearly every site of the region:
// at a hundred times the default catalogue, 57,900 sites and half a
// million courses, each timed and counted one by one (5 ms a search). Yet
// most of them lie in cells that the reach covers whole, and the answer
// needs only their counts, which do not depend on the origin. So each cell
// (SiteResolution, numbered as travel.Times.Cells) keeps its counts, made
// at open; a search without text or filters adds up the whole cells, times
// the sites of the cells at the edge of reach, and times the rest only for
// the page: the cells nearest the origin until the page is sure
// (searchByCells). It answers as searchByTravel's walk does (see
// TestSearchByCellsAgrees).

// cellTally is what one cell's sites offer, counted as a search counts.
type cellTally struct {
	single  int32 // courses meeting at one site only
	sites   int32 // sites with courses
	courses int32 // courses at its sites, those at several counted at each
	// the single-site courses by facet value, the nonzero counts only
	counts []facetCount
	// the courses meeting at several sites, at this cell's sites: counted
	// once per search, whichever of their cells it reaches
	multi []multiEntry
}

// facetCount is n courses with one facet value (facetTally.at's numbering).
type facetCount struct {
	slot int16
	n    int32
}

// multiEntry is a multi-site course meeting at a site; district is the
// district code of all its sites, or -1 when they lie in several (then its
// nearest site must be timed to count it in the right district).
type multiEntry struct {
	course, site int32
	district     int8
}

// usedTraits are the codes site entries and sites take, field by field: a
// filter that passes every one of them passes every site and course.
type usedTraits struct {
	family, level, delivery, schedule, audience, district uint64
}

// indexCellTallies fills s.cellSites, s.siteCell, s.courseSite,
// s.cellTallies and s.usedTraits from
// the travel index's cells and the site entries.
func (s *Snapshot) indexCellTallies() {
	s.cellSites = s.times.Cells()
	s.cellTallies = make([]cellTally, len(s.cellSites))
	s.siteCell = make([]int32, len(s.sites))
	for ci, sites := range s.cellSites {
		for _, si := range sites {
			s.siteCell[si] = int32(ci)
		}
	}
	s.courseSite = make([]int32, len(s.courses))
	for ci, sites := range s.courseSites {
		s.courseSite[ci] = -1
		if len(sites) == 1 {
			s.courseSite[ci] = sites[0]
		}
	}
	sole := s.multiDistricts()
	for ci, sites := range s.cellSites {
		var t facetTally
		ct := &s.cellTallies[ci]
		for _, si := range sites {
			entries := s.siteEntries.at(si)
			if len(entries) > 0 {
				ct.sites++
			}
			ct.courses += int32(len(entries))
			district := int(s.siteDistrict[si])
			s.usedTraits.district |= 1 << district
			for i := range entries {
				e := &entries[i]
				u := &s.usedTraits
				u.family |= 1 << e.traits.family
				u.level |= 1 << e.traits.level
				u.delivery |= 1 << e.traits.delivery
				u.schedule |= 1 << e.traits.schedule
				u.audience |= 1 << e.traits.audience
				if e.multi {
					ct.multi = append(ct.multi, multiEntry{course: e.course, site: si, district: sole[e.course]})
					continue
				}
				ct.single++
				t.add(&e.traits, district)
			}
		}
		for slot := range facetSlots {
			if n := *t.at(slot); n > 0 {
				ct.counts = append(ct.counts, facetCount{slot: int16(slot), n: int32(n)})
			}
		}
	}
}

// multiDistricts returns, for each course meeting at several sites, the
// district code its sites share, or -1 when they lie in several (0 for
// the other courses, which do not ask).
func (s *Snapshot) multiDistricts() []int8 {
	sole := make([]int8, len(s.courses))
	for ci, sites := range s.courseSites {
		if len(sites) < 2 {
			continue
		}
		d := s.siteDistrict[sites[0]]
		sole[ci] = int8(d)
		for _, si := range sites[1:] {
			if s.siteDistrict[si] != d {
				sole[ci] = -1
				break
			}
		}
	}
	return sole
}

// opensAll reports whether f passes every site and course of the snapshot.
func (s *Snapshot) opensAll(f *filter) bool {
	u := &s.usedTraits
	return !f.others && f.families&u.family == u.family && f.levels&u.level == u.level &&
		f.deliveries&u.delivery == u.delivery && f.schedules&u.schedule == u.schedule &&
		f.audiences&u.audience == u.audience && f.districts&u.district == u.district
}

// reachedCell is a cell within reach of a search by estimate.
type reachedCell struct {
	cell  int32
	lower float64 // no site in it is nearer (minutes)
	whole bool    // every site in it is within reach
}

// walkCells counts what the reach holds as walkSites does, cell by cell,
// and returns the sites nearest the origin that the page can need (every
// reachable site nearer than the next cell's bound, until those hold a
// page's worth of courses), in orderReached's order, the multi-site
// candidates, the single-site matches and the number of sites with
// matches. Only for a filter that passes everything (opensAll).
func (s *Snapshot) walkCells(est *travel.Estimates, sc *searchScratch, tally *facetTally, want int) (near []reachedSite, multi []candidate, single, sites int) {
	w := siteWalk{s: s, f: nil, multi: sc.found[:0], slot: sc.slot, tally: tally}
	cells := sc.cells[:0]
	est.Cells(func(ci int32, lower float64, whole bool) {
		cells = append(cells, reachedCell{cell: ci, lower: lower, whole: whole})
		if !whole {
			for _, si := range s.cellSites[ci] {
				if t, ok := est.Minutes(si); ok && w.visit(si, t, SourceEstimate, -1) > 0 {
					sites++
				}
			}
			return
		}
		ct := &s.cellTallies[ci]
		w.single += int(ct.single)
		sites += int(ct.sites)
		for _, c := range ct.counts {
			*tally.at(int(c.slot)) += int(c.n)
		}
		for _, m := range ct.multi {
			if m.district >= 0 {
				w.counted(m.course) // its district is known; timed if the page needs it
				continue
			}
			t, _ := est.Minutes(m.site)
			w.at(m.course, m.site, t, SourceEstimate, -1)
		}
	})
	sc.cells = cells
	near = s.nearestSites(est, cells, sc, want)
	for _, r := range near {
		for _, e := range s.siteEntries.at(r.site) {
			if e.multi {
				s.timeMulti(est, &w.multi[sc.slot[e.course]])
			}
		}
	}
	for i := range w.multi {
		c := &w.multi[i]
		si := c.site
		if si < 0 {
			si = s.courseSites[c.course][0] // its sites share one district
		}
		tally.add(&s.traits[c.course], int(s.siteDistrict[si]))
	}
	sc.found = w.multi
	return near, w.multi, w.single, sites
}

// nearestSites returns the reachable sites with courses of the cells
// nearest the origin, in orderReached's order: cell after cell by their
// lower bound, until the sites nearer than the next cell's bound by more
// than a rounding step (a tenth of a minute) hold want single-site
// courses. nearestCourses then never reaches past them: every site it
// takes, and every site that ties with one, is among them.
func (s *Snapshot) nearestSites(est *travel.Estimates, cells []reachedCell, sc *searchScratch, want int) []reachedSite {
	slices.SortFunc(cells, func(a, b reachedCell) int { return cmp.Or(cmp.Compare(a.lower, b.lower), cmp.Compare(a.cell, b.cell)) })
	near := sc.reached[:0]
	for k := 0; k < len(cells); {
		for _, si := range s.cellSites[cells[k].cell] {
			if n := len(s.siteEntries.at(si)); n > 0 {
				if t, ok := est.Minutes(si); ok {
					near = append(near, reachedSite{site: si, minutes: t, src: SourceEstimate, from: -1, courses: int32(n)})
				}
			}
		}
		k++
		if k < len(cells) && s.singlesBefore(near, cells[k].lower-0.1) >= want {
			break
		}
	}
	sc.reached = near
	return s.orderReached(near, sc)
}

// singlesBefore counts the single-site courses at the sites reached in
// under t minutes.
func (s *Snapshot) singlesBefore(sites []reachedSite, t float64) int {
	n := 0
	for _, r := range sites {
		if r.minutes < t {
			for _, e := range s.siteEntries.at(r.site) {
				if !e.multi {
					n++
				}
			}
		}
	}
	return n
}

// timeMulti sets a multi-site candidate's nearest reachable site and
// number of reachable sites from every one of its sites, as walkSites
// would have found them.
func (s *Snapshot) timeMulti(est *travel.Estimates, c *candidate) {
	c.site, c.minutes, c.sites = math.MaxInt32, math.Inf(1), 0
	for _, si := range s.courseSites[c.course] {
		if t, ok := est.Minutes(si); ok {
			c.alsoAt(si, t, SourceEstimate, -1)
		}
	}
}
