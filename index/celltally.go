package index

import (
	"math"

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
// text or filters adds up the whole cells and groups, tests the sites of
// the groups at the edge of reach against the limit, and times sites only
// for the page: those nearest the origin until the page is sure
// (walkCells). The courses meeting at several sites are counted by span
// (multispan.go). It answers as searchByTravel's walk does (see
// TestSearchByCellsAgrees).

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
	// the single-site courses by facet value, the nonzero counts only (the
	// multi-site ones are counted by span: multiCourses)
	counts []facetCount
	// a group's number (siteGroup's) and sites, all within radius metres
	// of centre
	id      int32
	members []int32
	centre  orb.Point
	place   travel.Place // the centre's
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

// usedTraits are the codes site entries and sites take, field by field: a
// filter that passes every one of them passes every site and course.
type usedTraits struct {
	family, level, delivery, schedule, audience, district uint64
}

// indexCellTallies fills s.cellSites, s.siteCell, s.courseSite,
// s.cellTallies, s.siteGroup, s.groupCell, s.usedTraits and s.multi from
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
	s.siteGroup = make([]int32, len(s.sites))
	for ci, sites := range s.cellSites {
		ct := &s.cellTallies[ci]
		ct.sitePart = s.tallyPart(sites)
		for _, members := range groupSites(s.sites, sites) {
			g := s.tallyPart(members)
			g.id, g.members = int32(len(s.groupCell)), members
			for _, si := range members {
				g.centre[0] += s.sites[si].Location[0] / float64(len(members))
				g.centre[1] += s.sites[si].Location[1] / float64(len(members))
			}
			g.place = travel.PlaceOf(g.centre)
			for _, si := range members {
				g.radius = max(g.radius, geo.Distance(g.centre, s.sites[si].Location))
				s.siteGroup[si] = int32(len(s.groupCell))
			}
			s.groupCell = append(s.groupCell, [2]int32{int32(ci), int32(len(ct.groups))})
			ct.groups = append(ct.groups, g)
		}
	}
	s.indexMultiCourses()
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

// tallyPart counts what sites offer.
func (s *Snapshot) tallyPart(sites []int32) sitePart {
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
			if e := &entries[i]; !e.multi {
				p.single++
				t.add(&e.traits, district)
			}
		}
	}
	p.counts = nonzeroCounts(&t)
	return p
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

// walkCells counts what the reach holds as walkSites does, cell by cell
// (the multi-site courses span by span, multiTally), and returns the sites
// nearest the origin that the page can need (every reachable site nearer
// than the next cell's bound, until those hold a page's worth of courses),
// in orderReached's order, the multi-site candidates at those sites (with
// their travel time if their nearest site is one of them: the page shows
// no other), the number of courses within reach and of sites with
// courses. Only for a filter that passes everything (opensAll).
func (s *Snapshot) walkCells(est *travel.Estimates, sc *searchScratch, tally *facetTally, want int) (near []reachedSite, multi []candidate, courses, sites int) {
	reach := &sc.reach
	reach.prepare(len(s.cellSites), len(s.groupCell))
	cells := sc.cells[:0]
	est.Cells(func(ci int32, lower float64, whole bool) {
		cells = append(cells, reachedCell{cell: ci, lower: lower, whole: whole})
		reach.cell[ci] = reachEdge
		if whole {
			reach.cell[ci] = reachWhole
		}
	})
	sc.cells = cells
	for _, rc := range cells {
		ct := &s.cellTallies[rc.cell]
		if rc.whole {
			courses += ct.add(tally)
			sites += int(ct.sites)
			continue
		}
		for g := range ct.groups {
			grp := &ct.groups[g]
			switch lower, whole := est.DiscOf(&grp.place, grp.radius); {
			case whole:
				reach.group[grp.id] = reachWhole
				courses += grp.add(tally)
				sites += int(grp.sites)
			case lower <= est.Limit():
				reach.group[grp.id] = reachEdge
				for _, si := range grp.members {
					if len(s.siteEntries.at(si)) > 0 && est.Within(si) {
						courses += s.tallySingles(si, tally)
						sites++
					}
				}
			}
		}
	}
	courses += s.multiTally(est, cells, reach, tally)
	near = s.nearestSites(est, cells, sc, want)
	multi = sc.found[:0]
	for _, r := range near {
		for _, k := range s.multi.at(r.site) {
			ci := s.multi.course[k]
			if sc.slot[ci] < 0 {
				sc.slot[ci] = int32(len(multi))
				multi = append(multi, s.multiCandidate(est, k, reach))
			}
			if c := &multi[sc.slot[ci]]; c.site == r.site {
				c.minutes = r.minutes
			}
		}
	}
	sc.found = multi // putScratch clears the slots
	reach.clear(s, cells)
	return near, multi, courses, sites
}

// add counts the single-site courses of p into tally and returns how many
// there are.
func (p *sitePart) add(tally *facetTally) int {
	for _, c := range p.counts {
		*tally.at(int(c.slot)) += int(c.n)
	}
	return int(p.single)
}

// tallySingles counts the single-site courses at site si into tally and
// returns how many there are.
func (s *Snapshot) tallySingles(si int32, tally *facetTally) int {
	n, district := 0, int(s.siteDistrict[si])
	for i, entries := 0, s.siteEntries.at(si); i < len(entries); i++ {
		if e := &entries[i]; !e.multi {
			n++
			tally.add(&e.traits, district)
		}
	}
	return n
}

// nearestSites returns the reachable sites with courses nearest the
// origin, in orderReached's order: cells, groups and sites by their lower
// bound (a cell's groups once the cell's own bound comes up, a group's
// sites once the group's does), timing each site as it comes up, until the
// sites nearer than every cell, group and site not yet taken, by more than
// a rounding step (a tenth of a minute), hold want single-site courses.
// nearestCourses then never reaches past them: every site it takes, and
// every site that ties with one, is among them.
func (s *Snapshot) nearestSites(est *travel.Estimates, cells []reachedCell, sc *searchScratch, want int) []reachedSite {
	near := sc.reached[:0]
	pending := pendingQueue(sc.pending[:0]) // what is not yet taken, nearest bound first
	for _, rc := range cells {
		pending = append(pending, pendingPlace{lower: rc.lower, at: rc.cell})
	}
	heapify(pending, farther)
	singles := 0 // at the sites in near
	for len(pending) > 0 {
		next := pending.pop()
		switch {
		case next.site:
			if t, ok := est.Minutes(next.at); ok {
				n := len(s.siteEntries.at(next.at))
				near = append(near, reachedSite{site: next.at, minutes: t, src: SourceEstimate, from: -1, courses: int32(n)})
				singles += n - len(s.multi.at(next.at))
			}
		case next.part != nil:
			for _, si := range next.part.members {
				if len(s.siteEntries.at(si)) > 0 {
					if lower := est.Lower(si); lower <= est.Limit() {
						pending.push(pendingPlace{lower: lower, at: si, site: true})
					}
				}
			}
			continue
		default:
			for g := range s.cellTallies[next.at].groups {
				grp := &s.cellTallies[next.at].groups[g]
				if lower, _ := est.DiscOf(&grp.place, grp.radius); lower <= est.Limit() {
					pending.push(pendingPlace{lower: lower, part: grp})
				}
			}
			continue
		}
		bound := math.Inf(1)
		if len(pending) > 0 {
			bound = pending[0].lower
		}
		if singles >= want && s.singlesBefore(near, bound-0.1) >= want {
			break
		}
	}
	sc.pending = pending[:0]
	sc.reached = near
	return s.orderReached(near, sc)
}

// pendingPlace is a cell, a group of sites (part) or a site that
// nearestSites has yet to take, and a lower bound on its sites' times.
type pendingPlace struct {
	lower float64
	part  *sitePart // a group's; nil for a cell or a site
	at    int32     // the cell's or site's number
	site  bool
}

// pendingQueue is a heap of pending places, the nearest bound at the
// root.
type pendingQueue []pendingPlace

// farther is the queue's order: the farther bound goes after.
func farther(a, b pendingPlace) bool { return a.lower > b.lower }

func (q *pendingQueue) push(g pendingPlace) { *q = push(*q, g, farther) }

func (q *pendingQueue) pop() pendingPlace {
	top, rest := pop(*q, farther)
	*q = rest
	return top
}

// singlesBefore counts the single-site courses at the sites reached in
// under t minutes.
func (s *Snapshot) singlesBefore(sites []reachedSite, t float64) int {
	n := 0
	for _, r := range sites {
		if r.minutes < t {
			n += int(r.courses) - len(s.multi.at(r.site))
		}
	}
	return n
}
