package index

import (
	"github.com/skillcircle/skillcircle/index/text"
	"github.com/skillcircle/skillcircle/index/travel"
)

// A text names few courses of the many within a long reach: 育婴员 matches
// a hundred of the default catalogue's 6,416. searchScored notes the
// reachable sites first, then tests either the text's courses at those
// sites or the sites' courses against the text, whichever are fewer, so
// that a 60-minute drive costs its sites and the text's matches rather than
// every course it reaches. It answers as searchWalk does (see
// TestSearchScoredAgrees).

// searchScored is a pass of search with text scores, without a schedule
// fit or a commute.
func (s *Snapshot) searchScored(q *Query, tr *travel.Mode, f *filter, matched *textResult, limit float64) *Result {
	scores := matched.Scores
	sc := s.getScratch()
	defer s.putScratch(sc)
	var reached []reachedSite
	est, fewer := s.scoredByCells(q, tr, limit, scores.count(), sc)
	if est != nil && s.textCells(q, scores.count()) {
		if t := matched.tally(s, f); t != nil {
			return s.searchTextCells(q, tr, f, est, t, matched, sc, limit)
		}
	}
	if fewer {
		reached = s.walkScored(q, est, f, matched, sc, limit, q.Offset+q.Limit)
	} else {
		reached = s.reachAll(q, tr, f, matched, limit, sc)
	}
	matching := reached[:0]
	for _, r := range reached {
		sc.siteSlot[r.site] = -1
		if r.courses > 0 {
			matching = append(matching, r)
		}
	}
	if !q.OmitSites {
		matching = s.orderReached(matching, sc)
	}
	res := &Result{Sort: q.Sort, Reachable: len(sc.found), ReachableSites: len(matching), Minutes: int(limit),
		Sites: s.siteHits(q, matching), Travel: tr.Source(q.Origin)}
	s.rankPage(res, q, f, scores, sc, limit)
	return res
}

// scoredByCells returns the estimates a search by cell times by (nil
// unless every time is by estimate, from one origin), noting in
// sc.cellReach how far they reach into each cell, and whether walkScored
// costs less than timing every site within reach: fewer courses matched
// than meet in the cells within reach (a 15-minute walk's few thousand, against the 38,800 courses of
// 数控 at a hundred times the default catalogue, goes the other way).
func (s *Snapshot) scoredByCells(q *Query, tr *travel.Mode, limit float64, matched int, sc *searchScratch) (*travel.Estimates, bool) {
	if len(q.Origins) > 0 || q.commute != nil {
		return nil, false
	}
	est, ok := tr.Estimates(q.Origin, limit)
	if !ok {
		return nil, false
	}
	// the reach into every cell, kept for walkScored
	cells := sc.cellReach[:0]
	for range s.cellSites {
		cells = append(cells, cellReach{state: cellOut})
	}
	courses := 0
	est.Cells(func(ci int32, lower float64, whole bool) {
		courses += int(s.cellTallies[ci].courses)
		cells[ci] = cellReach{lower: lower, state: cellEdge}
		if whole {
			cells[ci].state = cellWhole
		}
	})
	sc.cellReach = cells
	return est, matched < courses
}

// reachAll times every reachable site, then tests either the text's
// courses at those sites or the sites' courses against the text,
// whichever are fewer; it returns the reachable sites, each with the
// number of matches there.
func (s *Snapshot) reachAll(q *Query, tr *travel.Mode, f *filter, matched *textResult, limit float64, sc *searchScratch) []reachedSite {
	scores := matched.Scores
	reached, courses := sc.reached[:0], 0
	s.reachableFrom(q, tr, limit, func(si int32, t float64, src TravelSource, from int8) {
		if f.site(si) {
			sc.siteSlot[si] = int32(len(reached))
			reached = append(reached, reachedSite{site: si, minutes: t, src: src, from: from})
			courses += len(s.siteEntries.at(si))
		}
	})
	sc.reached = reached // keep what grew
	if scores.count() < courses {
		for _, p := range scores.inOrder {
			ci, ts := p.course, p.score
			if !f.course(ci) {
				continue
			}
			for _, si := range s.courseSites[ci] {
				if k := sc.siteSlot[si]; k >= 0 {
					s.found(sc, &reached[k], ci, ts)
				}
			}
		}
		return reached
	}
	in := matched.members(len(s.courses))
	for k := range reached {
		r := &reached[k]
		for _, e := range s.siteEntries.at(r.site) {
			if in[e.course>>6]&(1<<(e.course&63)) == 0 || !f.passes(&e) {
				continue
			}
			ts, _ := scores.of(e.course)
			s.found(sc, r, e.course, ts)
		}
	}
	return reached
}

// found counts course ci, matching the text with ts, at reachable site r:
// a candidate at its first site, the nearer site kept after.
func (s *Snapshot) found(sc *searchScratch, r *reachedSite, ci int32, ts text.Score) {
	r.courses++
	k := sc.slot[ci]
	if k < 0 {
		sc.slot[ci] = int32(len(sc.found))
		sc.found = append(sc.found, candidate{course: ci, site: r.site, minutes: r.minutes, src: r.src, sites: 1,
			rel: ts.Rel, exact: ts.Exact, from: r.from})
		return
	}
	sc.found[k].alsoAt(r.site, r.minutes, r.src, r.from)
}
