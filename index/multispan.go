package index

import (
	"math"
	"slices"

	"github.com/skillcircle/skillcircle/index/travel"
)

// A course meeting at several sites counts once, at its nearest reachable
// site, and in that site's district. Counting them entry by entry, with a
// slot per course of the catalogue to count each once, cost a 60-minute
// drive at a hundred times the default catalogue most of its time: ten
// thousand entries, each a random read in arrays of 641,600 courses, and
// two thousand haversines for the courses whose sites lie in several
// districts. So they are counted span by span: a span is the courses whose
// sites lie in the same cells, and each of them meets in every one of
// those cells, so a reach that covers any one of them whole reaches every
// course of the span: its counts, made at open, are added whole. Only the
// spans the reach touches without covering a cell whole are looked at
// course by course, and, of the others, only the courses whose sites lie in
// several districts, for their nearest site (found without trigonometry:
// travel.Estimates.Nearest). The page's multi-site candidates are found
// the same way, at the few sites nearest the origin.

// multiCourses are the courses meeting at several sites, numbered densely
// span after span, with what walkCells needs of them in arrays of their
// own, small enough to stay in the processor's caches.
type multiCourses struct {
	course   []int32        // each one's course
	traits   []courseTraits // its traits
	district []int8         // the district code all its sites share, or -1
	first    []int32        // its sites are site[first[m]:first[m+1]]
	site     []int32
	cell     []int32 // each site's cell
	group    []int32 // and group (siteGroup's numbering)
	place    []travel.Place
	spans    []multiSpan
	// the courses meeting at site si are atSite[siteFirst[si]:siteFirst[si+1]]
	siteFirst, atSite []int32
	// cellSpans are each cell's spans (by number), in order
	cellSpans [][]int32
}

// multiSpan is the multi-site courses (numbered from lo to hi) whose sites
// lie in the same cells: those whose sites share one district first, to
// split, then those whose sites lie in several.
type multiSpan struct {
	cells         []int32 // in order
	lo, split, hi int32
	// its courses by family, level and schedule, and the first ones (up
	// to split) by district: facetTally.at's numbering, nonzero only
	counts []facetCount
}

// indexMultiCourses fills s.multi from the site entries, s.siteCell and
// s.siteGroup.
func (s *Snapshot) indexMultiCourses() {
	type spanned struct {
		cells  []int32
		course int32
		sole   int8
	}
	var all []spanned
	for ci, sites := range s.courseSites {
		if len(sites) < 2 {
			continue
		}
		c := spanned{course: int32(ci), sole: s.soleDistrict(int32(ci))}
		for _, si := range sites {
			c.cells = append(c.cells, s.siteCell[si])
		}
		slices.Sort(c.cells)
		c.cells = slices.Compact(c.cells)
		all = append(all, c)
	}
	slices.SortStableFunc(all, func(a, b spanned) int {
		if d := slices.Compare(a.cells, b.cells); d != 0 {
			return d
		}
		return boolOrder(a.sole < 0, b.sole < 0)
	})
	m := &s.multi
	*m = multiCourses{cellSpans: make([][]int32, len(s.cellSites)), first: []int32{0}}
	var t facetTally
	for i, c := range all {
		if i == 0 || !slices.Equal(c.cells, all[i-1].cells) {
			m.spans = append(m.spans, multiSpan{cells: c.cells, lo: int32(i), split: int32(i)})
			for _, cell := range c.cells {
				m.cellSpans[cell] = append(m.cellSpans[cell], int32(len(m.spans)-1))
			}
		}
		sp := &m.spans[len(m.spans)-1]
		tr := s.traits[c.course]
		m.course = append(m.course, c.course)
		m.traits = append(m.traits, tr)
		m.district = append(m.district, c.sole)
		for _, si := range s.courseSites[c.course] {
			m.site = append(m.site, si)
			m.cell = append(m.cell, s.siteCell[si])
			m.group = append(m.group, s.siteGroup[si])
			m.place = append(m.place, s.times.Place(si))
		}
		m.first = append(m.first, int32(len(m.site)))
		t.add(&tr, int(c.sole)) // -1 counts as online, which spans do not keep
		if c.sole >= 0 {
			sp.split++
		}
		sp.hi = int32(i + 1)
		if i+1 == len(all) || !slices.Equal(c.cells, all[i+1].cells) {
			sp.counts = nonzeroCounts(&t)
			t = facetTally{}
		}
	}
	m.siteFirst = make([]int32, len(s.sites)+1)
	for _, si := range m.site {
		m.siteFirst[si+1]++
	}
	for si := range s.sites {
		m.siteFirst[si+1] += m.siteFirst[si]
	}
	m.atSite = make([]int32, len(m.site))
	next := slices.Clone(m.siteFirst[:len(s.sites)])
	for k := range m.course {
		for _, si := range m.site[m.first[k]:m.first[k+1]] {
			m.atSite[next[si]] = int32(k)
			next[si]++
		}
	}
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

// at returns the multi-site courses meeting at site si.
func (m *multiCourses) at(si int32) []int32 {
	return m.atSite[m.siteFirst[si]:m.siteFirst[si+1]]
}

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// nonzeroCounts lists t's nonzero counts by slot.
func nonzeroCounts(t *facetTally) []facetCount {
	var out []facetCount
	for slot := range facetSlots {
		if n := *t.at(slot); n > 0 {
			out = append(out, facetCount{slot: int16(slot), n: int32(n)})
		}
	}
	return out
}

// sites returns multi-site course k's sites, their places, and where they
// start in m.site (and m.cell, m.group).
func (m *multiCourses) sites(k int32) (sites []int32, places []travel.Place, lo int32) {
	lo, hi := m.first[k], m.first[k+1]
	return m.site[lo:hi], m.place[lo:hi], lo
}

// Reach of a cell or group, as walkCells finds it (zero: out of reach, or
// not asked).
const (
	reachOut int8 = iota
	reachEdge
	reachWhole
)

// reachMap is walkCells' reach into every cell, and into every group of
// the cells at the edge of reach: reachOut but while it runs.
type reachMap struct {
	cell, group []int8
}

func (r *reachMap) prepare(cells, groups int) {
	if len(r.cell) != cells || len(r.group) != groups {
		r.cell, r.group = make([]int8, cells), make([]int8, groups)
	}
}

// of is the reach into a site in cell and group.
func (r *reachMap) of(cell, group int32) int8 {
	if c := r.cell[cell]; c != reachEdge {
		return c
	}
	return r.group[group]
}

// clear sets the reach into cells and their groups back to reachOut.
func (r *reachMap) clear(s *Snapshot, cells []reachedCell) {
	for _, rc := range cells {
		r.cell[rc.cell] = reachOut
		if !rc.whole {
			for g := range s.cellTallies[rc.cell].groups {
				r.group[s.cellTallies[rc.cell].groups[g].id] = reachOut
			}
		}
	}
}

// multiTally counts the multi-site courses within reach into tally and
// returns how many there are; cells are those within reach. Each course of
// a span meets in every one of the span's cells: if the reach covers one
// of them whole, it reaches every course of the span.
func (s *Snapshot) multiTally(est *travel.Estimates, cells []reachedCell, reach *reachMap, tally *facetTally) int {
	m := &s.multi
	n := 0
	for _, rc := range cells {
		for _, k := range m.cellSpans[rc.cell] {
			sp := &m.spans[k]
			whole := false
			first := int32(-1) // the span's first cell within reach
			for _, c := range sp.cells {
				whole = whole || reach.cell[c] == reachWhole
				if first < 0 && reach.cell[c] != reachOut {
					first = c
				}
			}
			if first != rc.cell {
				continue // counted with the cell first
			}
			if whole {
				n += int(sp.hi - sp.lo)
				for _, c := range sp.counts {
					*tally.at(int(c.slot)) += int(c.n)
				}
				for k := sp.split; k < sp.hi; k++ {
					sites, places, _ := m.sites(k)
					tally.district[s.siteDistrict[sites[est.Nearest(sites, places)]]]++
				}
				continue
			}
			for k := sp.lo; k < sp.hi; k++ {
				if si, ok := s.nearestMulti(est, k, reach); ok {
					n++
					tally.add(&m.traits[k], int(s.siteDistrict[si]))
				}
			}
		}
	}
	return n
}

// nearestMulti returns multi-site course k's nearest site, and whether it
// is within reach.
func (s *Snapshot) nearestMulti(est *travel.Estimates, k int32, reach *reachMap) (int32, bool) {
	m := &s.multi
	sites, places, lo := m.sites(k)
	if m.district[k] >= 0 {
		// any site within reach will do for the district
		for i := range sites {
			if reach.of(m.cell[lo+int32(i)], m.group[lo+int32(i)]) == reachWhole {
				return sites[i], true
			}
		}
	}
	i := est.Nearest(sites, places)
	switch reach.of(m.cell[lo+int32(i)], m.group[lo+int32(i)]) {
	case reachWhole:
		return sites[i], true
	case reachEdge:
		return sites[i], est.Within(sites[i])
	}
	return -1, false
}

// multiCandidate is multi-site course k's candidate, when it is within
// reach: its nearest site and number of sites within reach (reach as
// multiTally's), its travel time not yet known.
func (s *Snapshot) multiCandidate(est *travel.Estimates, k int32, reach *reachMap) candidate {
	m := &s.multi
	sites, places, lo := m.sites(k)
	c := candidate{course: m.course[k], site: sites[est.Nearest(sites, places)], minutes: math.Inf(1), src: SourceEstimate, from: -1}
	for i, si := range sites {
		switch reach.of(m.cell[lo+int32(i)], m.group[lo+int32(i)]) {
		case reachWhole:
			c.sites++
		case reachEdge:
			if est.Within(si) {
				c.sites++
			}
		}
	}
	return c
}
