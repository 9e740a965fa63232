package index

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/skillcircle/skillcircle/index/travel"
)

// Nearest first, without text, a search need not rank its matches: the
// page is the courses of the nearest sites, and the counts and facets can
// be tallied as the sites are walked. Only a course that meets at several
// sites needs a candidate of its own, to be counted once at its nearest
// reachable site; the rest (97 % of the default catalogue) are counted
// where they stand and become hits only if the page reaches their site.
// searchByTravel answers exactly as search's general path does (see
// TestSearchByTravelAgrees).

// reachedSite is a site within reach with matching courses.
type reachedSite struct {
	site    int32
	minutes float64
	src     TravelSource
	from    int8
	courses int32 // matching courses meeting there
}

// byTravel reports whether a pass can take the nearest-first path: travel
// order, no text scores, and no per-course travel times (a schedule fit or
// a commute).
func byTravel(q *Query, scores *courseScores) bool {
	return q.Sort == SortTravel && scores == nil && q.fit == nil && q.commute == nil && !q.FitSchedule
}

// searchByTravel is a pass of search without text in travel order, or
// by start with the counts of the travel order (scanByStart, byorder.go).
func (s *Snapshot) searchByTravel(q *Query, tr *travel.Mode, f *filter, limit float64) *Result {
	sc := s.getScratch()
	defer s.putScratch(sc)
	var tally facetTally
	want := q.Offset + q.Limit
	var sites []reachedSite
	var multi []candidate
	var courses, reachable int
	est, byCells := s.byCells(q, tr, f, limit) // always, by start (scanByStart)
	if byCells {
		sites, multi, courses, reachable = s.walkCells(est, sc, &tally, want)
	} else {
		sites, multi, courses, reachable = s.walkSites(q, tr, f, limit, sc, &tally)
	}
	res := &Result{Sort: q.Sort, Reachable: courses, ReachableSites: reachable, Minutes: int(limit),
		Sites: s.siteHits(q, sites), Travel: tr.Source(q.Origin)} // before nearestCourses reorders sites
	var first []*candidate
	if q.Sort == SortStart {
		ok := s.startScanPays(courses, want) // the cells may have overstated the reach
		if ok {
			first, ok = s.firstInOrder(q, est, sc, want, courses, limit)
		}
		if !ok {
			return s.searchWalk(*q, tr, f, nil, limit) // rank what the reach holds
		}
	} else {
		first = s.nearestCourses(sites, multi, sc, f, want, limit)
	}
	s.withOnline(res, q, f, nil, &tally, first, limit)
	return res
}

// withOnline completes res from the tally of the on-site matches and the
// first want of them in q's order (nearest): the online courses that
// match (scores; nil without text) are counted, and the page is taken.
func (s *Snapshot) withOnline(res *Result, q *Query, f *filter, scores *courseScores, tally *facetTally, nearest []*candidate, limit float64) {
	online := s.onlineMatches(f, scores)
	for _, c := range online {
		tally.add(&s.traits[c.course], -1)
	}
	res.Online = len(online)
	res.Total = res.Reachable + res.Online
	res.Facets = s.facetsOf(tally)
	s.rank(online, *q, limit, max(0, q.Offset+q.Limit-res.Reachable))
	res.Hits = s.page(q, append(nearest, online...))
}

// byCells reports whether a pass in travel order without text can count
// cell by cell (walkCells) and returns the estimates it counts by: every
// time by estimate from one origin, a filter that passes everything, and no
// list of sites asked for (that needs every site timed).
func (s *Snapshot) byCells(q *Query, tr *travel.Mode, f *filter, limit float64) (*travel.Estimates, bool) {
	if !q.OmitSites || len(q.Origins) > 0 || q.commute != nil || !s.opensAll(f) {
		return nil, false
	}
	return tr.Estimates(q.Origin, limit)
}

// walkSites visits every site within reach, tallies the courses that
// match (a multi-site course once, at its nearest reachable site, where it
// keeps a candidate: nearest site, number of sites); it returns the
// reachable sites with matches in orderReached's order, the candidates,
// the number of matches and of sites, as walkCells does.
func (s *Snapshot) walkSites(q *Query, tr *travel.Mode, f *filter, limit float64, sc *searchScratch, tally *facetTally) (sites []reachedSite, multi []candidate, courses, reachable int) {
	w := siteWalk{s: s, f: f, multi: sc.found[:0], slot: sc.slot, tally: tally}
	sites = sc.reached[:0]
	s.reachableFrom(q, tr, limit, func(si int32, t float64, src TravelSource, from int8) {
		if !f.site(si) {
			return
		}
		if n := w.visit(si, t, src, from); n > 0 {
			sites = append(sites, reachedSite{site: si, minutes: t, src: src, from: from, courses: n})
		}
	})
	sc.reached, sc.found = sites, w.multi // keep what grew; putScratch clears the slots
	for i := range w.multi {
		c := &w.multi[i]
		tally.add(&s.traits[c.course], int(s.siteDistrict[c.site]))
	}
	return s.orderReached(sites, sc), w.multi, w.single + len(w.multi), len(sites)
}

// siteWalk counts the matching courses at reachable sites, site after
// site: the single-site ones into the tally, the multi-site ones as
// candidates, one per course at its nearest reachable site.
type siteWalk struct {
	s      *Snapshot
	f      *filter // nil: every course passes
	multi  []candidate
	slot   []int32 // course -> its place in multi; -1 for none
	tally  *facetTally
	single int
}

// visit counts the matching courses at site si, reached in t minutes, and
// returns how many there are.
func (w *siteWalk) visit(si int32, t float64, src TravelSource, from int8) int32 {
	district := int(w.s.siteDistrict[si])
	matching := int32(0)
	entries := w.s.siteEntries.at(si)
	for i := range entries {
		e := &entries[i]
		if w.f != nil && !w.f.passes(e) {
			continue
		}
		matching++
		if !e.multi {
			w.single++
			w.tally.add(&e.traits, district)
			continue
		}
		w.at(e.course, si, t, src, from)
	}
	return matching
}

// at notes multi-site course ci at reachable site si.
func (w *siteWalk) at(ci, si int32, t float64, src TravelSource, from int8) {
	k := w.slot[ci]
	if k < 0 {
		w.slot[ci] = int32(len(w.multi))
		w.multi = append(w.multi, candidate{course: ci, site: si, minutes: t, src: src, sites: 1, from: from})
		return
	}
	w.multi[k].alsoAt(si, t, src, from)
}

// siteHits turns the reachable sites, in orderReached's order, into the
// result's markers.
func (s *Snapshot) siteHits(q *Query, sites []reachedSite) []SiteHit {
	if len(sites) == 0 || q.OmitSites {
		return nil // as search's general path
	}
	hits := make([]SiteHit, len(sites))
	for i, r := range sites {
		hits[i] = SiteHit{Site: &s.sites[r.site], TravelMinutes: math.Round(r.minutes*10) / 10, TravelSource: r.src,
			Courses: int(r.courses), Origin: q.originName(r.from)}
	}
	return hits
}

// orderReached sorts the reachable sites as Result.Sites lists them: by
// travel time rounded to a tenth of a minute, then id. A 60-minute drive
// reaches most of the region's sites, so they are sorted by an integer key
// (tenths, then the site's rank by id) with a radix sort: comparing
// records and id strings took as long as the rest of the search.
func (s *Snapshot) orderReached(sites []reachedSite, sc *searchScratch) []reachedSite {
	const indexBits = 24 // a key's low bits hold the site's place in sites
	if len(sites) >= 1<<indexBits {
		slices.SortFunc(sites, func(a, b reachedSite) int {
			return cmp.Or(cmp.Compare(math.Round(a.minutes*10), math.Round(b.minutes*10)),
				cmp.Compare(s.sites[a.site].ID, s.sites[b.site].ID))
		})
		return sites
	}
	keys := sc.keys[:0]
	var top uint64
	for i, r := range sites {
		k := uint64(math.Round(r.minutes*10))*uint64(len(s.sites)) + uint64(s.siteIDRank[r.site])
		top = max(top, k)
		keys = append(keys, k<<indexBits|uint64(i))
	}
	sc.keys, sc.keyTmp = radixSort(keys, sc.keyTmp, indexBits, indexBits+bits.Len64(top))
	ordered := sc.reachedTmp[:0]
	for _, k := range sc.keys {
		ordered = append(ordered, sites[k&(1<<indexBits-1)])
	}
	sc.reachedTmp, sc.reached = sites, ordered
	return ordered
}

// radixSort sorts keys by their bits from lo to hi (below lo they are
// already distinct and need no order), using tmp as the second buffer; it
// returns the sorted keys and the other buffer. Short lists go to
// slices.Sort.
func radixSort(keys, tmp []uint64, lo, hi int) (sorted, other []uint64) {
	if len(keys) < 256 {
		slices.Sort(keys)
		return keys, tmp
	}
	tmp = slices.Grow(tmp[:0], len(keys))[:len(keys)]
	const digit = 8
	for shift := lo; shift < hi; shift += digit {
		var count [1<<digit + 1]int
		for _, k := range keys {
			count[(k>>shift)&(1<<digit-1)+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, k := range keys {
			d := (k >> shift) & (1<<digit - 1)
			tmp[count[d]] = k
			count[d]++
		}
		keys, tmp = tmp, keys
	}
	return keys, tmp
}

// nearestCourses returns at least the first want matching on-site courses
// in travel order (all of them when there are fewer), walking the sites
// nearest first. Sites at the same time are taken together, their courses
// ordered as rank orders ties: by start, then id.
func (s *Snapshot) nearestCourses(sites []reachedSite, multi []candidate, sc *searchScratch, f *filter, want int, limit float64) []*candidate {
	page := sc.page[:0]
	for run := 0; run < len(sites) && len(page) < want; {
		// sites in orderReached's order: a run with the same rounded time
		// is ordered by exact time, then number, as candidates are.
		end := run + 1
		for end < len(sites) && math.Round(sites[end].minutes*10) == math.Round(sites[run].minutes*10) {
			end++
		}
		slices.SortFunc(sites[run:end], func(a, b reachedSite) int {
			return cmp.Or(cmp.Compare(a.minutes, b.minutes), cmp.Compare(a.site, b.site))
		})
		page = s.coursesAt(sites[run:end], multi, sc, f, page)
		run = end
	}
	sc.page = page
	out := sc.onsite[:0]
	for i := range page[:min(len(page), want)] {
		c := &page[i]
		c.score = combinedScore(0, 0, c.minutes, limit)
		out = append(out, c)
	}
	sc.onsite = out
	return out
}

// coursesAt appends to page the matching courses whose nearest reachable
// site is one of sites (ordered by exact time): those at equal times
// together, ordered as rank orders ties, by start, then id.
func (s *Snapshot) coursesAt(sites []reachedSite, multi []candidate, sc *searchScratch, f *filter, page []candidate) []candidate {
	for i := 0; i < len(sites); {
		group := len(page)
		j := i
		for ; j < len(sites) && sites[j].minutes == sites[i].minutes; j++ {
			r := &sites[j]
			entries := s.siteEntries.at(r.site)
			for k := range entries {
				e := &entries[k]
				if !f.passes(e) {
					continue
				}
				if !e.multi {
					page = append(page, candidate{course: e.course, site: r.site, minutes: r.minutes, src: r.src, sites: 1, from: r.from})
				} else if c := &multi[sc.slot[e.course]]; c.site == r.site {
					page = append(page, *c)
				}
			}
		}
		slices.SortFunc(page[group:], func(a, b candidate) int {
			ca, cb := &s.courses[a.course], &s.courses[b.course]
			if c := ca.StartDate.Compare(cb.StartDate); c != 0 {
				return c
			}
			return strings.Compare(ca.ID, cb.ID) // only then: cmp.Or would compare both
		})
		i = j
	}
	return page
}
