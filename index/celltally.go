package index

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/travel"
)

// A 60-minute drive by estimate reaches nearly every site of the region:
// at a hundred times the default catalogue, 57,900 sites and half a
// million courses, each timed and counted one by one (5 ms a search). Yet
// most of them lie in cells that the reach covers whole, and the answer
// needs only their counts, which do not depend on the origin. So each cell
// (SiteResolution, numbered as travel.Times.Cells) and each group of sites
// close together in it keeps its counts, made at open; a search without
// text or filters adds up the whole cells and groups, times the sites of
// the groups at the edge of reach, and times the rest only for the page:
// the groups nearest the origin until the page is sure (walkCells). It
// answers as searchByTravel's walk does (see TestSearchByCellsAgrees).

// cellTally is what one cell's sites offer, counted as a search counts,
// and the same for the groups of sites close together in it: where the
// edge of reach crosses a cell, the groups it covers whole are counted
// whole too, and only the sites of the groups it crosses are timed (a
// cell is a kilometre across, a group a few hundred metres).
type cellTally struct {
	sitePart
	groups []sitePart
}

// sitePart is what some sites offer: a cell's, or a group's.
type sitePart struct {
	single  int32 // courses meeting at one site only
	sites   int32 // sites with courses
	courses int32 // courses at its sites, those at several counted at each
	// the single-site courses by facet value, the nonzero counts only
	counts []facetCount
	// the courses meeting at several sites, at these sites: counted once
	// per search, whichever of their parts it reaches
	multi []multiEntry
	// a group's sites, all within radius metres of centre
	members []int32
	centre  orb.Point
	radius  float64
}

// groupDegrees is the side of the squares a cell's sites are grouped by:
// about 300 m.
const groupDegrees = 0.003

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
// s.cellTallies, s.siteGroup, s.groupCell and s.usedTraits from
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
	s.usedTraits = s.siteTraits()
	sole := s.multiDistricts()
	s.siteGroup = make([]int32, len(s.sites))
	for ci, sites := range s.cellSites {
		ct := &s.cellTallies[ci]
		ct.sitePart = s.tallyPart(sites, sole)
		for _, members := range groupSites(s.sites, sites) {
			g := s.tallyPart(members, sole)
			g.members = members
			for _, si := range members {
				g.centre[0] += s.sites[si].Location[0] / float64(len(members))
				g.centre[1] += s.sites[si].Location[1] / float64(len(members))
			}
			for _, si := range members {
				g.radius = max(g.radius, geo.Distance(g.centre, s.sites[si].Location))
				s.siteGroup[si] = int32(len(s.groupCell))
			}
			s.groupCell = append(s.groupCell, [2]int32{int32(ci), int32(len(ct.groups))})
			ct.groups = append(ct.groups, g)
		}
	}
}

// groupPart is group g (siteGroup's numbering).
func (s *Snapshot) groupPart(g int32) *sitePart {
	at := s.groupCell[g]
	return &s.cellTallies[at[0]].groups[at[1]]
}

// groupSites splits a cell's sites by the groupDegrees squares they lie in,
// each group in the cell's order.
func groupSites(all []data.Site, sites []int32) [][]int32 {
	type square struct{ x, y int64 }
	at := map[square]int{}
	var groups [][]int32
	for _, si := range sites {
		p := all[si].Location
		sq := square{int64(math.Floor(p[0] / groupDegrees)), int64(math.Floor(p[1] / groupDegrees))}
		g, ok := at[sq]
		if !ok {
			g = len(groups)
			at[sq] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], si)
	}
	return groups
}

// siteTraits returns the codes the sites and the courses meeting at them
// take.
func (s *Snapshot) siteTraits() usedTraits {
	var u usedTraits
	for _, d := range s.siteDistrict {
		u.district |= 1 << d
	}
	for _, e := range s.siteEntries.entries {
		u.family |= 1 << e.traits.family
		u.level |= 1 << e.traits.level
		u.delivery |= 1 << e.traits.delivery
		u.schedule |= 1 << e.traits.schedule
		u.audience |= 1 << e.traits.audience
	}
	return u
}

// tallyPart counts what sites offer; sole is multiDistricts'.
func (s *Snapshot) tallyPart(sites []int32, sole []int8) sitePart {
	var p sitePart
	var t facetTally
	for _, si := range sites {
		entries := s.siteEntries.at(si)
		if len(entries) > 0 {
			p.sites++
		}
		p.courses += int32(len(entries))
		district := int(s.siteDistrict[si])
		for i := range entries {
			e := &entries[i]
			if e.multi {
				p.multi = append(p.multi, multiEntry{course: e.course, site: si, district: sole[e.course]})
				continue
			}
			p.single++
			t.add(&e.traits, district)
		}
	}
	for slot := range facetSlots {
		if n := *t.at(slot); n > 0 {
			p.counts = append(p.counts, facetCount{slot: int16(slot), n: int32(n)})
		}
	}
	return p
}

// multiDistricts returns soleDistrict for each course meeting at several
// sites (0 for the other courses, which do not ask).
func (s *Snapshot) multiDistricts() []int8 {
	sole := make([]int8, len(s.courses))
	for ci, sites := range s.courseSites {
		if len(sites) > 1 {
			sole[ci] = s.soleDistrict(int32(ci))
		}
	}
	return sole
}

// soleDistrict returns the district code course ci's sites share, or -1
// when they lie in several.
func (s *Snapshot) soleDistrict(ci int32) int8 {
	sites := s.courseSites[ci]
	d := s.siteDistrict[sites[0]]
	for _, si := range sites[1:] {
		if s.siteDistrict[si] != d {
			return -1
		}
	}
	return int8(d)
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
	part := func(p *sitePart) {
		w.single += int(p.single)
		sites += int(p.sites)
		for _, c := range p.counts {
			*tally.at(int(c.slot)) += int(c.n)
		}
		for _, m := range p.multi {
			if m.district >= 0 {
				w.counted(m.course) // its district is known; timed if the page needs it
				continue
			}
			t, _ := est.Minutes(m.site)
			w.at(m.course, m.site, t, SourceEstimate, -1)
		}
	}
	est.Cells(func(ci int32, lower float64, whole bool) {
		cells = append(cells, reachedCell{cell: ci, lower: lower, whole: whole})
		ct := &s.cellTallies[ci]
		if whole {
			part(&ct.sitePart)
			return
		}
		for g := range ct.groups {
			grp := &ct.groups[g]
			switch lower, whole := est.Disc(grp.centre, grp.radius); {
			case whole:
				part(grp)
			case lower <= est.Limit():
				for _, si := range grp.members {
					if t, ok := est.Minutes(si); ok && w.visit(si, t, SourceEstimate, -1) > 0 {
						sites++
					}
				}
			}
		}
	})
	sc.cells = cells
	near = s.nearestSites(est, cells, sc, want)
	for _, r := range near {
		for _, e := range s.siteEntries.at(r.site) {
			if !e.multi {
				continue
			}
			if c := &w.multi[sc.slot[e.course]]; !c.timed {
				s.timeMulti(est, c)
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

// nearestSites returns the reachable sites with courses nearest the
// origin, in orderReached's order: group after group by their lower bound
// (a cell's groups once the cell's own bound comes up), until the sites
// nearer than every group and cell not yet taken, by more than a rounding
// step (a tenth of a minute), hold want single-site courses.
// nearestCourses then never reaches past them: every site it takes, and
// every site that ties with one, is among them.
func (s *Snapshot) nearestSites(est *travel.Estimates, cells []reachedCell, sc *searchScratch, want int) []reachedSite {
	slices.SortFunc(cells, func(a, b reachedCell) int { return cmp.Or(cmp.Compare(a.lower, b.lower), cmp.Compare(a.cell, b.cell)) })
	near := sc.reached[:0]
	pending := groupQueue(sc.pending[:0]) // groups of the cells taken, nearest bound first
	singles := 0                          // at the sites in near
	for k := 0; ; {
		cellBound := math.Inf(1)
		if k < len(cells) {
			cellBound = cells[k].lower
		}
		if len(pending) == 0 || cellBound < pending[0].lower {
			if k == len(cells) {
				break
			}
			for g := range s.cellTallies[cells[k].cell].groups {
				grp := &s.cellTallies[cells[k].cell].groups[g]
				if lower, _ := est.Disc(grp.centre, grp.radius); lower <= est.Limit() {
					pending.push(pendingGroup{lower: lower, part: grp})
				}
			}
			k++
			continue
		}
		for _, si := range pending.pop().part.members {
			if n := len(s.siteEntries.at(si)); n > 0 {
				if t, ok := est.Minutes(si); ok {
					near = append(near, reachedSite{site: si, minutes: t, src: SourceEstimate, from: -1, courses: int32(n)})
					singles += n
				}
			}
		}
		bound := cellBound
		if len(pending) > 0 {
			bound = min(bound, pending[0].lower)
		}
		if singles >= want && s.singlesBefore(near, bound-0.1) >= want {
			break
		}
	}
	sc.pending = pending[:0]
	sc.reached = near
	return s.orderReached(near, sc)
}

// pendingGroup is a group of sites nearestSites has yet to time.
type pendingGroup struct {
	lower float64
	part  *sitePart
}

// groupQueue is a heap of pending groups, the nearest bound at the root.
type groupQueue []pendingGroup

// farther is the queue's order: the farther bound goes after.
func farther(a, b pendingGroup) bool { return a.lower > b.lower }

func (q *groupQueue) push(g pendingGroup) {
	*q = append(*q, g)
	siftUp(*q, len(*q)-1, farther)
}

func (q *groupQueue) pop() pendingGroup {
	h := *q
	top, last := h[0], len(h)-1
	h[0] = h[last]
	*q = h[:last]
	siftDown(*q, 0, farther)
	return top
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
	c.site, c.minutes, c.sites, c.timed = math.MaxInt32, math.Inf(1), 0, true
	for _, si := range s.courseSites[c.course] {
		if t, ok := est.Minutes(si); ok {
			c.alsoAt(si, t, SourceEstimate, -1)
		}
	}
}
