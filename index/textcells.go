package index

import (
	"math"

	"github.com/skillcircle/skillcircle/index/text"
	"github.com/skillcircle/skillcircle/index/travel"
)

// A common trade's text matches tens of thousands of courses at a hundred
// times the default catalogue, and walkScored still reads each of them once
// per search. So a text's matches are counted cell by cell and group by
// group once the text is searched by cell again (textTally), as cellTally
// counts every course; a search then adds up the cells and groups its
// reach covers whole, times only the sites with matches in the groups the
// edge of reach crosses, and ranks the page from the parts whose best
// possible match (most relevant, at the part's nearest bound) could still
// make it (walkTextCells). It answers as walkScored does (see
// TestSearchTextCellsAgrees).

// textTally is a text's matches counted by cell and by group of sites.
type textTally struct {
	cells []int32    // by cell: its place in parts, or -1 when no course in it matched
	parts []textCell // the cells with matches
	// the single-site matches, group by group in s.groupCell's numbering:
	// a part's are places[from:to]
	places []textPlace
}

// textPlace is a single-site match: its place in the text's postings, its
// site.
type textPlace struct {
	post, site int32
}

// textCell is a cell's matches, and those of its groups.
type textCell struct {
	textPart
	groups []textPart // the groups with matches
}

// textPart is what some sites (a cell's or a group's) offer that the text
// matched, counted as sitePart counts every course.
type textPart struct {
	group    int32        // a group's number (s.groupCell's); -1 for a cell
	single   int32        // single-site matches
	sites    int32        // sites with matches
	siteList []int32      // a group's sites with matches
	counts   []facetCount // the single-site matches by facet value
	multi    []multiEntry // a group's matches meeting at several sites, at its sites
	scores   []text.Score // multi's scores
	from, to int32        // the single-site matches: places[from:to]
	best     text.Score   // the highest relevance of its matches, and whether any is exact
}

// multiEntry is a multi-site match at one of its sites; district is the
// district code of all its sites, or -1 when they lie in several (then its
// nearest site must be timed to count it in the right district).
type multiEntry struct {
	course, site int32
	district     int8
}

// tally returns the text's matches that pass f counted by cell, or nil
// until they are: the second search by cell of a text starts counting
// them in the background (2 ms for a common trade at a hundred times the
// default catalogue, longer than matching it), and until they are counted
// walkScored answers. A text's first answer so never waits for the count,
// and a text asked once (most are) is never counted. f must be the text's
// own filter, the same every time.
func (r *textResult) tally(s *Snapshot, f *filter) *textTally {
	if t := r.cellTally.Load(); t != nil {
		return t
	}
	if r.askedByCell.Add(1) < 2 {
		return nil
	}
	r.tallyOnce.Do(func() {
		posts := r.inOrder()
		go func() { r.cellTally.Store(s.tallyText(posts, f)) }()
	})
	return nil
}

// tallyText counts a text's matches (in course order) that pass f by
// group and cell; it leaves out the others' places in posts.
func (s *Snapshot) tallyText(posts []posting, f *filter) *textTally {
	// Each match is read once in course order (the course tables in
	// order), what the counts need noted beside it; then sorted by group
	// (a counting sort, stable: in course order within a group). A
	// multi-site match is noted at each of its sites.
	type matchAt struct {
		group, site, post int32
		slots             [4]int16
		multi             bool
		district          int8 // a multi-site match's soleDistrict
	}
	found := make([]matchAt, 0, len(posts)+len(posts)/8) // a few meet at several sites
	groups := len(s.groupCell)
	start := make([]int32, 2*groups+2) // singles by group, then multis by group
	for i, p := range posts {
		ci := p.course
		if !f.course(ci) {
			continue
		}
		if si := s.courseSite[ci]; si >= 0 {
			m := matchAt{group: s.siteGroup[si], site: si, post: int32(i)}
			for k, slot := range s.traits[ci].slots(int(s.siteDistrict[si])) {
				m.slots[k] = int16(slot)
			}
			found = append(found, m)
			start[m.group+1]++
			continue
		}
		sites := s.courseSites[ci]
		if len(sites) == 0 {
			continue // online: counted apart
		}
		sole := s.soleDistrict(ci)
		for _, si := range sites {
			found = append(found, matchAt{group: s.siteGroup[si], site: si, post: int32(i), multi: true, district: sole})
			start[groups+1+int(s.siteGroup[si])+1]++
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	next := append([]int32(nil), start...)
	byGroup := make([]matchAt, len(found))
	for _, m := range found {
		k := m.group
		if m.multi {
			k += int32(groups) + 1
		}
		byGroup[next[k]] = m
		next[k]++
	}
	t := &textTally{places: make([]textPlace, start[groups])}
	for i := range t.places {
		t.places[i] = textPlace{post: byGroup[i].post, site: byGroup[i].site}
	}

	// the groups with matches, cell by cell (a cell's groups are numbered
	// together), then each cell as the sum of its groups
	t.cells = make([]int32, len(s.cellSites))
	b := partBuilder{seen: make([]bool, len(s.sites))}
	for ci := range s.cellSites {
		t.cells[ci] = -1
		b.groups = b.groups[:0]
		for gi := range s.cellTallies[ci].groups {
			g := s.cellTallies[ci].groups[gi].id
			from, to := start[g], start[g+1]
			ms := byGroup[start[groups+1+int(g)]:start[groups+1+int(g)+1]]
			if from == to && len(ms) == 0 {
				continue
			}
			p := textPart{group: g, from: from, to: to, single: to - from}
			for _, m := range byGroup[from:to] {
				for _, slot := range m.slots {
					b.add(int(slot), 1)
				}
				b.note(m.site, &p, posts[m.post].score)
			}
			for _, m := range ms {
				sc := posts[m.post].score
				b.multi = append(b.multi, multiEntry{course: posts[m.post].course, site: m.site, district: m.district})
				b.scores = append(b.scores, sc)
				b.note(m.site, &p, sc)
			}
			b.done(&p)
			b.groups = append(b.groups, p)
		}
		if len(b.groups) == 0 {
			continue
		}
		t.cells[ci] = int32(len(t.parts))
		t.parts = append(t.parts, textCell{textPart: b.sum(b.groups), groups: b.partSlab.take(b.groups)})
	}
	return t
}

// partBuilder is tallyText's working memory: the part being built, and
// the slabs that parts' lists are cut from (a text's tally holds
// thousands of short lists).
type partBuilder struct {
	n       [facetSlots]int32 // the part's counts by facetTally.at's slot
	touched []int16           // the slots counted, in no order
	seen    []bool            // by site: listed in the part being built
	sites   []int32
	multi   []multiEntry
	scores  []text.Score
	groups  []textPart // the cell's so far

	countSlab slab[facetCount]
	siteSlab  slab[int32]
	multiSlab slab[multiEntry]
	scoreSlab slab[text.Score]
	partSlab  slab[textPart]
}

// add counts n courses at a slot.
func (b *partBuilder) add(slot int, n int32) {
	if b.n[slot] == 0 {
		b.touched = append(b.touched, int16(slot))
	}
	b.n[slot] += n
}

// note counts a match at site si into p: its site, its score.
func (b *partBuilder) note(si int32, p *textPart, sc text.Score) {
	if !b.seen[si] {
		b.seen[si] = true
		b.sites = append(b.sites, si)
	}
	if sc.Rel > p.best.Rel {
		p.best.Rel = sc.Rel
	}
	p.best.Exact = p.best.Exact || sc.Exact
}

// done gives group part p what was noted and clears it for the next.
func (b *partBuilder) done(p *textPart) {
	for _, si := range b.sites {
		b.seen[si] = false
	}
	p.sites = int32(len(b.sites))
	p.siteList = b.siteSlab.take(b.sites)
	p.multi, p.scores = b.multiSlab.take(b.multi), b.scoreSlab.take(b.scores)
	p.counts = b.takeCounts()
	b.sites, b.multi, b.scores = b.sites[:0], b.multi[:0], b.scores[:0]
}

// takeCounts returns the part's counts and clears them.
func (b *partBuilder) takeCounts() []facetCount {
	out := b.countSlab.grow(len(b.touched))
	for i, slot := range b.touched {
		out[i] = facetCount{slot: slot, n: b.n[slot]}
		b.n[slot] = 0
	}
	b.touched = b.touched[:0]
	return out
}

// sum is a cell's part: the sum of its groups' (their multi-site matches
// stay with them: countCell reads them there).
func (b *partBuilder) sum(groups []textPart) textPart {
	cell := textPart{group: -1, from: groups[0].from, to: groups[len(groups)-1].to}
	for i := range groups {
		g := &groups[i]
		cell.single += g.single
		cell.sites += g.sites
		for _, c := range g.counts {
			b.add(int(c.slot), c.n)
		}
		cell.best.Rel = max(cell.best.Rel, g.best.Rel)
		cell.best.Exact = cell.best.Exact || g.best.Exact
	}
	cell.counts = b.takeCounts()
	return cell
}

// slab cuts short slices from long arrays, one allocation for many.
type slab[T any] struct{ free []T }

// grow returns a new slice of n items.
func (s *slab[T]) grow(n int) []T {
	if n == 0 {
		return nil
	}
	if cap(s.free)-len(s.free) < n {
		s.free = make([]T, 0, max(1024, n))
	}
	k := len(s.free)
	s.free = s.free[:k+n]
	return s.free[k : k+n : k+n]
}

// take returns a copy of items.
func (s *slab[T]) take(items []T) []T {
	out := s.grow(len(items))
	copy(out, items)
	return out
}

// textCells reports whether walkTextCells can answer q and is worth it:
// by estimate from one origin (scoredByCells found it so), no filter but
// the text's own (then its tally is the same for every search of the
// text), no list of sites asked for, an order whose best a part's bound
// gives, and more matches than groups of sites (walkTextCells looks at
// every group within reach; walkScored reads every match, and at the
// default catalogue's size a trade's few hundred matches cost it less).
func (s *Snapshot) textCells(q *Query, matched int) bool {
	return q.OmitSites && (q.Sort == SortRelevance || q.Sort == SortTravel) && q.askedOpen && matched > s.textCellsFrom
}

// searchTextCells is searchScored by cell (textCells).
func (s *Snapshot) searchTextCells(q *Query, tr *travel.Mode, f *filter, est *travel.Estimates, t *textTally, matched *textResult, sc *searchScratch, limit float64) *Result {
	var tally facetTally
	page, single, multi, sites := s.walkTextCells(q, est, t, matched.inOrder(), sc, &tally, limit, q.Offset+q.Limit)
	res := &Result{Sort: q.Sort, Reachable: single + len(multi), ReachableSites: sites, Minutes: int(limit), Travel: tr.Source(q.Origin)}
	s.withOnline(res, q, f, matched.Scores, &tally, page, limit)
	return res
}

// textWalk is walkTextCells' state.
type textWalk struct {
	siteWalk
	est     *travel.Estimates
	t       *textTally
	posts   []posting
	sc      *searchScratch
	sites   int     // reachable sites with matches
	maxRel  float64 // the highest relevance within reach, as rank takes it
	pending []textUnit
}

// textUnit is a part whose matches may make the page: untimed, or (edge)
// with its sites timed in sc.reached.
type textUnit struct {
	lower float64
	part  *textPart
	cell  *textCell // a whole cell's: its groups become units when it comes up
	edge  bool
}

// walkTextCells counts the text's matches within reach (t, the tally of
// posts) by cell and group and returns the first want candidates in q's order (ranked, scored), the
// number of single-site matches and the multi-site candidates (into
// tally), and the number of sites with matches.
func (s *Snapshot) walkTextCells(q *Query, est *travel.Estimates, t *textTally, posts []posting, sc *searchScratch, tally *facetTally, limit float64, want int) (page []*candidate, single int, multi []candidate, sites int) {
	w := textWalk{siteWalk: siteWalk{s: s, multi: sc.found[:0], slot: sc.slot, tally: tally}, est: est,
		t: t, posts: posts, sc: sc, pending: sc.units[:0]}
	reached := sc.reached[:0]
	for ci, cr := range sc.cellReach { // as scoredByCells found it
		k := w.t.cells[ci]
		if k < 0 || cr.state == cellOut {
			continue
		}
		cell := &w.t.parts[k]
		if cr.state == cellWhole {
			w.countCell(cell)
			w.pending = append(w.pending, textUnit{lower: cr.lower, part: &cell.textPart, cell: cell})
			continue
		}
		for gi := range cell.groups {
			p := &cell.groups[gi]
			grp := s.groupPart(p.group)
			switch lower, whole := est.DiscOf(&grp.place, grp.radius); {
			case whole:
				w.count(p)
				w.pending = append(w.pending, textUnit{lower: lower, part: p})
			case lower <= limit:
				reached = w.edge(p, reached)
				w.pending = append(w.pending, textUnit{lower: lower, part: p, edge: true})
			}
		}
	}
	sc.reached = reached
	for i := range w.multi {
		c := &w.multi[i]
		si := c.site
		if si < 0 {
			si = s.courseSites[c.course][0] // its sites share one district
		}
		tally.add(&s.traits[c.course], int(s.siteDistrict[si]))
		w.maxRel = max(w.maxRel, c.rel)
	}
	page = w.rankFirst(q, limit, want)
	for _, r := range reached {
		sc.siteSlot[r.site] = -1
	}
	sc.found, sc.units = w.multi, w.pending[:0]
	return page, w.single, w.multi, w.sites
}

// countCell adds a cell the reach covers whole.
func (w *textWalk) countCell(c *textCell) {
	w.count(&c.textPart)
	for gi := range c.groups {
		w.countMulti(&c.groups[gi])
	}
}

// count adds a part the reach covers whole.
func (w *textWalk) count(p *textPart) {
	w.single += int(p.single)
	w.sites += int(p.sites)
	w.maxRel = max(w.maxRel, p.best.Rel)
	for _, c := range p.counts {
		*w.tally.at(int(c.slot)) += int(c.n)
	}
	w.countMulti(p)
}

// countMulti notes a whole part's multi-site matches.
func (w *textWalk) countMulti(p *textPart) {
	for i, m := range p.multi {
		if m.district >= 0 {
			w.counted(m.course) // its district is known; timed if the page needs it
		} else {
			t, _ := w.est.Minutes(m.site)
			w.at(m.course, m.site, t, SourceEstimate, -1)
		}
		w.scored(m.course, p.scores[i])
	}
}

// counted notes multi-site course ci as reachable without timing it: its
// candidate has no site until a visit or timeMulti gives it one.
func (w *textWalk) counted(ci int32) {
	if w.slot[ci] < 0 {
		w.slot[ci] = int32(len(w.multi))
		w.multi = append(w.multi, candidate{course: ci, site: -1, minutes: math.Inf(1), src: SourceEstimate, from: -1})
	}
}

// timeMulti sets a multi-site candidate's nearest reachable site and
// number of reachable sites from every one of its sites.
func (w *textWalk) timeMulti(c *candidate) {
	c.site, c.minutes, c.sites = math.MaxInt32, math.Inf(1), 0
	for _, si := range w.s.courseSites[c.course] {
		if t, ok := w.est.Minutes(si); ok {
			c.alsoAt(si, t, SourceEstimate, -1)
		}
	}
}

// scored gives multi-site candidate ci its text score.
func (w *textWalk) scored(ci int32, sc text.Score) {
	c := &w.multi[w.slot[ci]]
	c.rel, c.exact = sc.Rel, sc.Exact
}

// edge times the sites with matches of a group the edge of reach crosses
// (noting each in reached and sc.siteSlot) and counts the matches at those
// within reach.
func (w *textWalk) edge(p *textPart, reached []reachedSite) []reachedSite {
	slot := w.sc.siteSlot
	for _, si := range p.siteList {
		t, ok := w.est.Minutes(si)
		if !ok {
			continue
		}
		slot[si] = int32(len(reached))
		reached = append(reached, reachedSite{site: si, minutes: t, src: SourceEstimate, from: -1})
		w.sites++
	}
	for _, pl := range w.t.places[p.from:p.to] {
		pst, si := &w.posts[pl.post], pl.site
		if slot[si] < 0 {
			continue
		}
		w.single++
		w.tally.add(&w.s.traits[pst.course], int(w.s.siteDistrict[si]))
		w.maxRel = max(w.maxRel, pst.score.Rel)
	}
	for i, m := range p.multi {
		if k := slot[m.site]; k >= 0 {
			w.at(m.course, m.site, reached[k].minutes, SourceEstimate, -1)
			w.scored(m.course, p.scores[i])
		}
	}
	return reached
}

// rankFirst returns the first want candidates within reach in q's order:
// parts are opened best bound first (a whole cell's groups once the cell
// comes up), until the want best so far beat every part not yet opened;
// then the multi-site candidates whose bound could still make it are timed.
func (w *textWalk) rankFirst(q *Query, limit float64, want int) []*candidate {
	sc := w.sc
	page := sc.page[:0] // the candidates opened
	first := firstFew{kept: sc.onsite[:0], n: want, less: w.s.lessFor(q.Sort)}
	beats := func(u textUnit) bool { // whether the first want so far beat all of u
		return first.full() && beatsBound(q.Sort, first.last(), u.part.best, w.bestScore(u.part.best.Rel, u.lower, limit), u.lower)
	}
	units := unitQueue{sort: q.Sort, w: w, limit: limit, units: w.pending}
	units.init()
	for want > 0 && len(units.units) > 0 {
		u := units.pop()
		if beats(u) {
			break
		}
		if u.cell != nil {
			for gi := range u.cell.groups {
				p := &u.cell.groups[gi]
				grp := w.s.groupPart(p.group)
				lower, _ := w.est.DiscOf(&grp.place, grp.radius)
				units.push(textUnit{lower: lower, part: p})
			}
			continue
		}
		for _, pl := range w.t.places[u.part.from:u.part.to] {
			pst, si := &w.posts[pl.post], pl.site
			var t float64
			if u.edge {
				r := sc.siteSlot[si]
				if r < 0 {
					continue
				}
				t = sc.reached[r].minutes
			} else {
				t, _ = w.est.Minutes(si)
			}
			page = append(page, candidate{course: pst.course, site: si, minutes: t, src: SourceEstimate, sites: 1,
				rel: pst.score.Rel, exact: pst.score.Exact, from: -1, score: combinedScore(pst.score.Rel, w.maxRel, t, limit)})
			first.offer(&page[len(page)-1])
		}
	}
	// first may point into page's earlier arrays: they keep the
	// candidates as they were offered
	w.pending = units.units
	for i := range w.multi {
		c := &w.multi[i]
		lower := math.Inf(1)
		for _, si := range w.s.courseSites[c.course] {
			if cr := sc.cellReach[w.s.siteCell[si]]; cr.state != cellOut {
				lower = min(lower, cr.lower)
			}
		}
		if want == 0 || first.full() && beatsBound(q.Sort, first.last(), text.Score{Rel: c.rel, Exact: c.exact}, w.bestScore(c.rel, lower, limit), lower) {
			continue
		}
		w.timeMulti(c)
		c.score = combinedScore(c.rel, w.maxRel, c.minutes, limit)
		first.offer(c)
	}
	sc.page, sc.onsite = page, first.kept
	orderFirst(first.kept, len(first.kept), first.less)
	return first.kept
}

// bestScore is the relevance score of a match with relevance rel at the
// nearest bound lower: no match of a part scores more.
func (w *textWalk) bestScore(rel, lower, limit float64) float64 {
	return combinedScore(rel, w.maxRel, lower, limit)
}

// beatsBound reports whether c comes before every candidate a bound
// allows (relevance at most best.Rel, exact only if best.Exact, score at
// most score, at least lower minutes) in sort's order: strictly, on the
// order's own keys, a tie left to be opened.
func beatsBound(sort Sort, c *candidate, best text.Score, score, lower float64) bool {
	if sort == SortTravel {
		return c.minutes < lower || (c.minutes == lower && c.rel > best.Rel)
	}
	if c.exact != best.Exact {
		return c.exact
	}
	return c.score > score
}

// unitQueue is a heap of the parts rankFirst may open, the best bound at
// the root.
type unitQueue struct {
	sort  Sort
	w     *textWalk
	limit float64
	units []textUnit
}

// worse is the queue's order: a bound that a better one would beat.
func (q *unitQueue) worse(a, b textUnit) bool {
	if q.sort == SortTravel {
		return a.lower > b.lower || (a.lower == b.lower && a.part.best.Rel < b.part.best.Rel)
	}
	if a.part.best.Exact != b.part.best.Exact {
		return b.part.best.Exact
	}
	return q.w.bestScore(a.part.best.Rel, a.lower, q.limit) < q.w.bestScore(b.part.best.Rel, b.lower, q.limit)
}

func (q *unitQueue) init() { heapify(q.units, q.worse) }

func (q *unitQueue) push(u textUnit) { q.units = push(q.units, u, q.worse) }

func (q *unitQueue) pop() textUnit {
	top, rest := pop(q.units, q.worse)
	q.units = rest
	return top
}
