package index

import (
	"math"

	"github.com/skillcircle/skillcircle/index/text"
	"github.com/skillcircle/skillcircle/index/travel"
)

// A common trade's text matches tens of thousands of courses at a hundred
// times the default catalogue (数控: 38,800), and a 60-minute drive reaches
// nearly all of them. Counting them needs no travel time where the reach
// covers a course's cell whole, and ranking needs the time only of the
// courses that could still make the page: every order puts a course no
// later for a shorter trip, so one whose cell's nearest bound cannot beat
// the page's last is passed over untimed. walkScored answers as
// searchScored's site walk does (see TestSearchScoredAgrees).

// posting is a course the text matched, with its score.
type posting struct {
	course int32
	score  text.Score
}

// inOrder returns the text's matches in course order (as the matcher
// finds them): the search reads the course tables in order instead of at
// random.
func (r *textResult) inOrder() []posting {
	if r.Scores == nil {
		return nil
	}
	return r.Scores.inOrder
}

// members returns the text's matches as a bitmap over the n courses:
// testing a course against it costs a shift where a map lookup cost a hash
// and a probe, a third of a 15-minute walk with 数控 at a hundred times
// the default catalogue.
func (r *textResult) members(n int) []uint64 {
	if r.Scores == nil || len(r.Scores.bitmap) < (n+63)/64 {
		return make([]uint64, (n+63)/64) // nothing matched
	}
	return r.Scores.bitmap
}

// cellReach is how far a search by estimate reaches into one cell.
type cellReach struct {
	lower float64 // no site in it is nearer (minutes)
	state int8    // cellOut, cellWhole or cellEdge
}

const (
	cellUnknown int8 = iota // not yet asked (a group's)
	cellOut                 // no site within reach
	cellWhole               // every site within reach
	cellEdge                // some: each site must be timed
)

// scoredWalk is walkScored's state: the sites reached so far (sc.reached,
// sc.siteSlot), the reach of every cell, and the candidates (sc.found).
type scoredWalk struct {
	s     *Snapshot
	limit float64
	est   *travel.Estimates
	sc    *searchScratch
	cells []cellReach
}

// walkScored is searchScored's pass by estimate: it finds the text's
// courses that pass f at a site within reach, without timing those it need
// not, and returns the reachable sites with matches (in no order) and the
// candidates (sc.found), timed where they could make the first want of
// q's order.
func (s *Snapshot) walkScored(q *Query, est *travel.Estimates, f *filter, matched *textResult, sc *searchScratch, limit float64, want int) []reachedSite {
	w := scoredWalk{s: s, limit: limit, est: est, sc: sc, cells: sc.cellReach} // as scoredByCells found it
	if sc.groupReach == nil {
		sc.groupReach = make([]int8, len(s.groupCell))
	}
	defer func() { // only the groups asked were set
		for _, g := range sc.groupsAsked {
			sc.groupReach[g] = cellUnknown
		}
		sc.groupsAsked = sc.groupsAsked[:0]
	}()
	reached := sc.reached[:0]
	open := s.opensAll(f) // then no course needs testing
	for _, p := range matched.inOrder() {
		ci := p.course
		if !open && !f.course(ci) {
			continue
		}
		if si := s.courseSite[ci]; si >= 0 {
			k := w.reach(&reached, si, f)
			if k < 0 {
				continue
			}
			r := &reached[k]
			r.courses++
			sc.found = append(sc.found, candidate{course: ci, site: si, minutes: r.minutes, src: SourceEstimate, sites: 1,
				rel: p.score.Rel, exact: p.score.Exact, from: -1})
			continue
		}
		// several sites (or none: online): each timed, as found counts them
		for _, si := range s.courseSites[ci] {
			if k := w.reach(&reached, si, f); k >= 0 {
				w.timed(reached, k)
				s.found(sc, &reached[k], ci, p.score)
			}
		}
	}
	sc.reached = reached
	w.rankFirst(reached, s.lessFor(q.Sort), limit, want)
	if !q.OmitSites {
		for k := range reached {
			if reached[k].courses > 0 {
				w.timed(reached, int32(k))
			}
		}
	}
	return reached
}

// reach returns site si's place in reached, adding it (untimed in a whole
// cell, timed at the edge) on first sight, or -1 when it is beyond reach
// or f's districts.
func (w *scoredWalk) reach(reached *[]reachedSite, si int32, f *filter) int32 {
	slot := w.sc.siteSlot
	if k := slot[si]; k != -1 {
		return k // -2: seen, beyond reach
	}
	t := math.NaN() // not yet timed
	switch c := &w.cells[w.s.siteCell[si]]; {
	case !f.site(si) || c.state == cellOut:
		t = math.Inf(1)
	case c.state == cellEdge:
		switch w.group(si) {
		case cellOut:
			t = math.Inf(1)
		case cellEdge:
			t, _ = w.est.Minutes(si)
		}
	}
	slot[si] = int32(len(*reached))
	*reached = append(*reached, reachedSite{site: si, minutes: t, src: SourceEstimate, from: -1})
	if t > w.limit {
		slot[si] = -2
		return -2
	}
	return slot[si]
}

// group returns the reach into site si's group (in a cell at the edge of
// reach), found on first asking.
func (w *scoredWalk) group(si int32) int8 {
	g := w.s.siteGroup[si]
	st := &w.sc.groupReach[g]
	if *st == cellUnknown {
		gp := w.s.groupPart(g)
		switch lower, whole := w.est.DiscOf(&gp.place, gp.radius); {
		case whole:
			*st = cellWhole
		case lower <= w.limit:
			*st = cellEdge
		default:
			*st = cellOut
		}
		w.sc.groupsAsked = append(w.sc.groupsAsked, g)
	}
	return *st
}

// timed gives reached[k] its travel time if it has none yet.
func (w *scoredWalk) timed(reached []reachedSite, k int32) float64 {
	r := &reached[k]
	if math.IsNaN(r.minutes) {
		r.minutes, _ = w.est.Minutes(r.site)
	}
	return r.minutes
}

// rankFirst times the candidates that could be among the first want in
// less's order; the others can rank only after those, and get an infinite
// time that keeps them there when rank orders them all (they still count:
// facets, reachable sites).
func (w *scoredWalk) rankFirst(reached []reachedSite, less func(a, b *candidate) bool, limit float64, want int) {
	found := w.sc.found
	maxRel := 0.0 // as rank takes it
	for i := range found {
		if found[i].rel > maxRel { // relevances are never NaN; math.Max's care was a fifth of this loop
			maxRel = found[i].rel
		}
	}
	first := firstFew{kept: w.sc.onsite[:0], n: want, less: less}
	for i := range found {
		c := &found[i]
		if math.IsNaN(c.minutes) && first.full() {
			// c at its best: as near as its cell allows
			best := &w.sc.best // what less reads
			best.course, best.site, best.rel, best.exact = c.course, c.site, c.rel, c.exact
			best.minutes = w.cells[w.s.siteCell[c.site]].lower
			best.score = combinedScore(c.rel, maxRel, best.minutes, limit)
			if want == 0 || less(first.last(), best) {
				c.minutes = math.Inf(1)
				continue
			}
		}
		if math.IsNaN(c.minutes) {
			c.minutes = w.timed(reached, w.sc.siteSlot[c.site])
		}
		c.score = combinedScore(c.rel, maxRel, c.minutes, limit)
		first.offer(c)
	}
	clear(first.kept)
	w.sc.onsite = first.kept[:0]
}
