package index

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/text"
	"github.com/skillcircle/skillcircle/index/travel"
)

// Limits on a query, so that no request can ask for unbounded work.
const (
	MinMinutes     = 1
	MaxMinutes     = travel.MaxMinutes
	DefaultMinutes = 15
	DefaultLimit   = 20
	MaxLimit       = 100
	MaxOffset      = 10_000
	MaxTextRunes   = 100
)

// Understood says how Search read the text of a query (text.Understood).
type Understood = text.Understood

// Term is one searched word and the catalogue words it stands for
// (text.Term).
type Term = text.Term

// applyUnderstood narrows f by the filters understood, where the caller
// set none of that kind: an explicit parameter wins over a word.
func applyUnderstood(u *Understood, f *Filters) {
	if len(f.Levels) == 0 {
		f.Levels = u.Levels
	}
	if len(f.Schedules) == 0 {
		f.Schedules = u.Schedules
	}
	if len(f.Audiences) == 0 {
		f.Audiences = u.Audiences
	}
	f.FreeOnly = f.FreeOnly || u.Free
	f.Subsidised = f.Subsidised || u.Subsidised
}

// keepsOwn reports whether applyUnderstood would keep one of f's fields
// where the text named values of its own.
func keepsOwn(f *Filters, u *Understood) bool {
	return len(f.Levels) > 0 && len(u.Levels) > 0 || len(f.Schedules) > 0 && len(u.Schedules) > 0 ||
		len(f.Audiences) > 0 && len(u.Audiences) > 0
}

// Sort orders search hits.
type Sort string

const (
	// SortRelevance combines text relevance and travel time (see
	// combinedScore); without text it is the same as SortTravel.
	SortRelevance Sort = "relevance"
	SortTravel    Sort = "travel" // nearest first
	SortStart     Sort = "start"  // soonest start first
	SortFee       Sort = "fee"    // cheapest first
)

// Sorts lists every sort order.
func Sorts() []Sort { return []Sort{SortRelevance, SortTravel, SortStart, SortFee} }

// Query asks for the courses reachable from an origin.
type Query struct {
	Origin orb.Point // WGS-84
	// Origins, when set, are the places the search starts from instead
	// of Origin (home and work): each hit is reached from the nearest.
	Origins []Origin
	Mode    geo.Mode
	Minutes int // 1-60; 0 means DefaultMinutes
	Text    string
	Filters Filters
	Sort    Sort // empty: relevance with text, travel without
	Limit   int  // 0 means DefaultLimit
	Offset  int
	// Along, when set, keeps the sites on the way from work to home
	// instead of those within Minutes: a hit's travel time is then what
	// its site adds to the trip, and its Commute says both legs.
	Along *Commute
	// FitSchedule, with a home and a workplace in Origins, counts each
	// course from the one its schedule fits: weekday evening classes from
	// the workplace, weekend ones from home, daytime ones from the nearer.
	FitSchedule bool
	// OmitSites leaves Result.Sites empty (ReachableSites still counts
	// them): a 60-minute drive reaches most sites of a city, and only a
	// map's markers need each one.
	OmitSites bool

	commute *commuteRun // Along's trip and sites, found once per search
	fit     *fitRun     // FitSchedule's times from each end, per pass
	// askedOpen: the filters asked pass every course at a site, and those
	// of the text's own words (applyUnderstood's) apply whole after them
	askedOpen bool
}

// Filters narrow the courses a search returns. Empty fields do not filter.
type Filters struct {
	Families []data.Family
	Trade    string // exact trade name, e.g. 焊工
	// Trades keeps the courses of any of these trades (TradesMeant reads
	// them from what a person typed); with Trade, a course must be both.
	Trades         []string
	OccupationCode string // a code or its prefix: 6-18 is every machining trade
	Levels         []data.Level
	// Deliveries defaults to onsite and blended. Online courses come back
	// only when asked for here, and never count as reachable on site.
	Deliveries []data.Delivery
	Schedules  []data.Schedule
	Audiences  []data.Audience
	Districts  []string // district codes of the site
	MaxFee     *float64 // in yuan, full price
	// Group keeps courses with free or subsidised places for that group.
	Group data.Group
	// FreeOnly keeps courses that cost nothing: free of charge, or free
	// for Group when Group is set.
	FreeOnly bool
	// Subsidised keeps courses with subsidised or free places for some
	// group.
	Subsidised   bool
	MinSeatsLeft int
	StartAfter   time.Time // keep courses starting on or after this date
}

// Hit is one course in a search result, at the nearest site where it
// meets. Site, SiteDistrict and TravelMinutes are nil for online courses.
type Hit struct {
	Course        *data.Course
	Site          *data.Site
	Institution   *data.Institution
	TravelMinutes *float64
	// TravelSource says where TravelMinutes came from; empty for online
	// courses.
	TravelSource TravelSource
	// Sites is how many reachable sites offer the course.
	Sites int
	// Relevance is the text score, 0 without text.
	Relevance float64
	// Score is what SortRelevance orders by.
	Score float64
	// Origin names the origin (of Query.Origins) the site is nearest to.
	Origin string
	// Commute, for a search along the way home, places the site on it.
	Commute *CommuteTimes
}

// Result is a page of hits with counts over every match.
type Result struct {
	Total int // matching courses, reachable and (if asked) online
	// Reachable is how many matching courses meet at a site within reach;
	// ReachableSites is how many sites those are.
	Reachable      int
	ReachableSites int
	Online         int
	Hits           []Hit
	Facets         Facets
	Sort           Sort
	// Understood says how the text was read (nil without text): the
	// words taken as filters, and what each other word was matched as.
	// It is shared with later searches for the same text: read only.
	Understood *Understood
	// Minutes is the travel time searched. When nothing matched within the
	// minutes asked for but the text matches courses further away, the
	// search widens band by band (15, 30, 45 and 60 minutes) and WidenedFrom holds the
	// minutes asked for.
	Minutes     int
	WidenedFrom int
	// Commute, for a search along the way home, says the trip.
	Commute *CommuteTrip
	// DidYouMean is a spelling that matches courses, when the text as
	// typed matches none anywhere.
	DidYouMean string
	// Sites are the ReachableSites, nearest first, each with how many of
	// the matching courses meet there: what a map draws as markers.
	Sites []SiteHit
	// Travel is where the origin's travel times come from: network where
	// the road network covers the origin, estimate elsewhere, transit for
	// the transit mode (each hit says its own).
	Travel TravelSource
}

// SiteHit is a reachable site with the number of matching courses that
// meet there (a course meeting at several sites counts at each).
type SiteHit struct {
	Site          *data.Site
	TravelMinutes float64 // rounded to 0.1, as Hit.TravelMinutes
	TravelSource  TravelSource
	Courses       int
	Origin        string        // as Hit.Origin
	Commute       *CommuteTimes // as Hit.Commute
}

// widenBands are the travel times a search without hits widens to, in
// order.
var widenBands = [...]int{15, 30, 45, 60}

// Facets count the matching courses by family, level, district (of the
// nearest site) and schedule.
type Facets struct {
	Family   map[string]int `json:"family"`
	Level    map[string]int `json:"level"`
	District map[string]int `json:"district"`
	Schedule map[string]int `json:"schedule"`
}

// Normalize fills defaults and checks every field, returning a
// *QueryError naming the first field that is wrong.
func (q *Query) Normalize() error {
	if err := q.normalizeOrigins(); err != nil {
		return err
	}
	if q.Origin[0] < -180 || q.Origin[0] > 180 || math.IsNaN(q.Origin[0]) {
		return invalid("lng", "%v is not a longitude (-180..180)", q.Origin[0])
	}
	if q.Origin[1] < -90 || q.Origin[1] > 90 || math.IsNaN(q.Origin[1]) {
		return invalid("lat", "%v is not a latitude (-90..90)", q.Origin[1])
	}
	if q.Mode == "" {
		q.Mode = geo.Walk
	}
	if q.Minutes == 0 {
		q.Minutes = DefaultMinutes
	}
	if q.Minutes < MinMinutes || q.Minutes > MaxMinutes {
		return invalid("minutes", "%d is outside %d..%d", q.Minutes, MinMinutes, MaxMinutes)
	}
	q.Text = strings.TrimSpace(q.Text)
	if n := utf8.RuneCountInString(q.Text); n > MaxTextRunes {
		return invalid("q", "is %d characters long; at most %d", n, MaxTextRunes)
	}
	switch q.Sort {
	case "":
		// Along the way home the detour comes first, text or not.
		q.Sort = SortTravel
		if q.Text != "" && q.Along == nil {
			q.Sort = SortRelevance
		}
	case SortRelevance, SortTravel, SortStart, SortFee:
	default:
		return invalid("sort", "%q is not one of relevance, travel, start, fee", q.Sort)
	}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	if q.Limit < 1 || q.Limit > MaxLimit {
		return invalid("limit", "%d is outside 1..%d", q.Limit, MaxLimit)
	}
	if q.Along != nil {
		if err := q.Along.normalize(); err != nil {
			return err
		}
		if q.FitSchedule {
			return invalid("fit_schedule", "does not go with along: the way home is one trip already")
		}
	}
	if q.FitSchedule {
		roles := map[string]bool{}
		for _, o := range q.Origins {
			roles[o.Name] = true
		}
		if !roles["home"] || !roles["work"] {
			return invalid("fit_schedule", "needs a home and a workplace to choose between")
		}
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return invalid("offset", "%d is outside 0..%d", q.Offset, MaxOffset)
	}
	if q.Filters.MaxFee != nil && (*q.Filters.MaxFee < 0 || math.IsNaN(*q.Filters.MaxFee)) {
		return invalid("max_fee", "%v is negative", *q.Filters.MaxFee)
	}
	if q.Filters.MinSeatsLeft < 0 {
		return invalid("seats_left", "%d is negative", q.Filters.MinSeatsLeft)
	}
	if len(q.Filters.Deliveries) == 0 {
		q.Filters.Deliveries = []data.Delivery{data.OnSite, data.Blended}
	}
	return nil
}

// candidate is a matching course and its nearest reachable site so far.
type candidate struct {
	course  int32
	site    int32 // -1 for an online course
	minutes float64
	src     TravelSource
	sites   int
	rel     float64
	exact   bool // every word matched the trade or the title
	from    int8 // the origin (of Query.Origins) the site is reached from; -1 for Origin
	score   float64
}

// alsoAt counts the course at one more reachable site and keeps the
// nearer of the two (the lower site number on a tie, so that pages are
// stable).
func (c *candidate) alsoAt(si int32, minutes float64, src TravelSource, from int8) {
	c.sites++
	if minutes < c.minutes || (minutes == c.minutes && si < c.site) {
		c.site, c.minutes, c.src, c.from = si, minutes, src, from
	}
}

// Search returns the courses reachable from q.Origin within q.Minutes by
// q.Mode that match the text and filters.
func (s *Snapshot) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.Normalize(); err != nil {
		return nil, err
	}
	tr, err := s.travel(q.Mode)
	if err != nil {
		return nil, err
	}
	var found *textResult
	if q.Text != "" {
		if found, err = s.text.match(ctx, q.Text); err != nil {
			return nil, err
		}
		q.askedOpen = s.opensAll(s.newFilter(&q.Filters)) && !keepsOwn(&q.Filters, found.Understood)
		applyUnderstood(found.Understood, &q.Filters)
	}
	limit := float64(q.Minutes)
	if q.Along != nil {
		// Along the way home a site's "travel time" is its detour, and the
		// detour allowed is the reach (for the relevance's decay too).
		if q.commute, err = s.commute(q.Along, tr); err != nil {
			return nil, err
		}
		limit = math.Max(1, float64(q.Along.Detour))
	}
	res := s.search(ctx, q, tr, found, limit)
	if q.Along != nil {
		res.Minutes, res.Commute = q.Minutes, &CommuteTrip{DirectMinutes: math.Round(q.commute.direct*10) / 10, Detour: q.Along.Detour}
	}
	for _, band := range widenBands {
		if res.Total > 0 || found == nil || found.Scores.count() == 0 || q.Along != nil || ctx.Err() != nil {
			break
		}
		if band > q.Minutes {
			res = s.search(ctx, q, tr, found, float64(band))
			res.WidenedFrom = q.Minutes
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if found != nil {
		res.Understood = found.Understood
		if res.Total == 0 && found.Scores.count() == 0 && len(found.Understood.Terms) > 0 {
			res.DidYouMean = s.text.matcher.DidYouMean(found.Understood)
		}
	}
	return res, nil
}

// search is one pass of Search within limit minutes.
func (s *Snapshot) search(ctx context.Context, q Query, tr *travel.Mode, matched *textResult, limit float64) *Result {
	f := s.newFilter(&q.Filters)
	scores := textScores(matched)
	switch {
	case byTravel(&q, scores) || s.scanByStart(&q, scores, tr, f, limit):
		return s.searchByTravel(&q, tr, f, limit)
	case scores != nil && !q.FitSchedule && q.commute == nil:
		return s.searchScored(&q, tr, f, matched, limit)
	}
	return s.searchWalk(q, tr, f, scores, limit)
}

// searchWalk is the general pass: every course at every reachable site is
// tested, each with its own travel time when the schedule picks the origin.
func (s *Snapshot) searchWalk(q Query, tr *travel.Mode, f *filter, scores *courseScores, limit float64) *Result {
	if q.FitSchedule {
		// The time from each end: a course counts from the one its hour fits.
		q.fit = newFit(&q, tr, limit)
	}

	// Sites within reach, each with its travel time from the origin point,
	// and the matching courses at each.
	sc := s.getScratch()
	defer s.putScratch(sc)
	found, slot := sc.found[:0], sc.slot
	var sites []SiteHit
	s.reachableFrom(&q, tr, limit, func(si int32, t float64, src TravelSource, from int8) {
		if !f.site(si) {
			return
		}
		matching := 0
		for _, ci := range s.siteCourses[si] {
			if !f.course(ci) {
				continue
			}
			var ts text.Score
			if scores != nil {
				var ok bool
				if ts, ok = scores.of(ci); !ok {
					continue
				}
			}
			t, src, from := t, src, from
			if q.fit != nil {
				var fits bool
				if t, src, from, fits = q.fit.at(s.courses[ci].Schedule, si); !fits {
					continue
				}
			}
			matching++
			i := slot[ci]
			if i < 0 {
				slot[ci] = int32(len(found))
				found = append(found, candidate{course: ci, site: si, minutes: t, src: src, sites: 1, rel: ts.Rel, exact: ts.Exact, from: from})
				continue
			}
			found[i].alsoAt(si, t, src, from)
		}
		if matching > 0 {
			sites = append(sites, SiteHit{Site: &s.sites[si], TravelMinutes: math.Round(t*10) / 10, TravelSource: src, Courses: matching,
				Origin: q.originName(from), Commute: q.commute.timesAt(si)})
		}
	})
	res := &Result{Sort: q.Sort, Reachable: len(found), ReachableSites: len(sites), Minutes: int(limit), Travel: tr.Source(q.Origin)}
	if !q.OmitSites {
		sortSiteHits(sites)
		res.Sites = sites
	}
	sc.found = found // keep what grew, and so that putScratch clears it
	s.rankPage(res, &q, f, scores, sc, limit)
	return res
}

// rankPage counts the candidates in sc.found and the online matches, and
// fills res's totals, facets and page.
func (s *Snapshot) rankPage(res *Result, q *Query, f *filter, scores *courseScores, sc *searchScratch, limit float64) {
	onsite := sc.onsite[:0]
	for i := range sc.found {
		onsite = append(onsite, &sc.found[i])
	}
	sc.onsite = onsite
	online := s.onlineMatches(f, scores)
	res.Online = len(online)
	res.Total = len(onsite) + len(online)

	// Only the page and what precedes it need to be in order.
	want := q.Offset + q.Limit
	s.rank(onsite, *q, limit, want)
	s.rank(online, *q, limit, max(0, want-len(onsite)))
	all := append(onsite, online...)
	res.Facets = s.facets(all)
	res.Hits = s.page(q, all)
}

// textScores are the text's scores by course, nil without text (every
// course passes), empty when the text matched none.
func textScores(matched *textResult) *courseScores {
	if matched == nil || len(matched.Understood.Terms) == 0 {
		return nil
	}
	if matched.Scores == nil {
		return &courseScores{}
	}
	return matched.Scores
}

// sortSiteHits orders the reachable sites nearest first, then by id.
func sortSiteHits(sites []SiteHit) {
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].TravelMinutes != sites[j].TravelMinutes {
			return sites[i].TravelMinutes < sites[j].TravelMinutes
		}
		return sites[i].Site.ID < sites[j].Site.ID
	})
}

// onlineMatches are the online courses that pass the filters and the text
// (when the filters take online courses at all).
func (s *Snapshot) onlineMatches(f *filter, scores *courseScores) []*candidate {
	if !f.online {
		return nil
	}
	var online []*candidate
	for _, ci := range s.online {
		if !f.course(ci) || len(f.Districts) > 0 {
			continue // an online course has no district to match
		}
		var ts text.Score
		if scores != nil {
			var ok bool
			if ts, ok = scores.of(ci); !ok {
				continue
			}
		}
		online = append(online, &candidate{course: ci, site: -1, rel: ts.Rel, exact: ts.Exact, from: -1})
	}
	return online
}

// page turns the ranked candidates of the page asked for into hits.
func (s *Snapshot) page(q *Query, all []*candidate) []Hit {
	if q.Offset >= len(all) {
		return nil
	}
	page := all[q.Offset:min(len(all), q.Offset+q.Limit)]
	hits := make([]Hit, len(page))
	for i, c := range page {
		hits[i] = s.hit(c)
		hits[i].Origin = q.originName(c.from)
		if c.site >= 0 {
			hits[i].Commute = q.commute.timesAt(c.site)
		}
	}
	return hits
}

// searchScratch is the working memory of one search pass, pooled per
// snapshot: a long search meets thousands of courses, and a fresh map and
// slices for them every time made garbage collection a fifth of the
// server's work under load.
type searchScratch struct {
	slot   []int32 // course -> its place in found; -1 for none
	found  []candidate
	onsite []*candidate
	// searchByTravel's reachable sites and first courses
	reached, reachedTmp []reachedSite
	cells               []reachedCell  // walkCells' cells within reach
	reach               reachMap       // walkCells' reach into every cell and group
	pending             []pendingPlace // nearestSites' cells, groups and sites yet to take
	units               []textUnit     // walkTextCells' parts yet to open
	cellReach           []cellReach    // walkScored's reach into every cell
	best                candidate      // walkScored's candidate at its best
	groupReach          []int8         // walkScored's reach into each group asked (by s.groupCell's numbering)
	groupsAsked         []int32
	keys, keyTmp        []uint64
	page                []candidate
	// searchScored's reachable sites: site -> its place in reached; -1
	// for none (searchScored clears what it set)
	siteSlot []int32
}

func (s *Snapshot) getScratch() *searchScratch {
	if sc, ok := s.scratch.Get().(*searchScratch); ok {
		return sc
	}
	sc := &searchScratch{slot: make([]int32, len(s.courses)), siteSlot: make([]int32, len(s.sites))}
	for i := range sc.slot {
		sc.slot[i] = -1
	}
	for i := range sc.siteSlot {
		sc.siteSlot[i] = -1
	}
	return sc
}

// putScratch clears only the slots the pass set, then pools the scratch.
func (s *Snapshot) putScratch(sc *searchScratch) {
	for _, c := range sc.found {
		sc.slot[c.course] = -1
	}
	sc.found = sc.found[:0]
	clear(sc.onsite)
	sc.onsite = sc.onsite[:0]
	sc.reached, sc.reachedTmp, sc.page = sc.reached[:0], sc.reachedTmp[:0], sc.page[:0]
	s.scratch.Put(sc)
}

// combinedScore is the relevance sort key: text relevance (scaled so the
// best match scores 1) times a linear decay in travel time that halves it
// at the edge of reach. A somewhat less relevant course next door can so
// outrank a perfect match at the far edge, but not an irrelevant one.
func combinedScore(rel, maxRel, minutes, limit float64) float64 {
	r := 1.0
	if maxRel > 0 {
		r = rel / maxRel
	}
	return r * (1 - 0.5*minutes/limit)
}

// rank sorts candidates by the query's order; ties go to the earlier
// start, then the id, so that pages are stable.
func (s *Snapshot) rank(cs []*candidate, q Query, limit float64, first int) {
	maxRel := 0.0
	for _, c := range cs {
		if c.rel > maxRel { // never NaN
			maxRel = c.rel
		}
	}
	for _, c := range cs {
		c.score = combinedScore(c.rel, maxRel, c.minutes, limit)
	}
	orderFirst(cs, first, s.lessFor(q.Sort))
}

// lessFor is the order of sort: ties go to the earlier start, then the
// id, so that pages are stable. Every order puts a course no later for a
// shorter travel time (walkScored relies on it).
func (s *Snapshot) lessFor(sort Sort) func(a, b *candidate) bool {
	tie := func(a, b *candidate) bool {
		ca, cb := &s.courses[a.course], &s.courses[b.course]
		if !ca.StartDate.Equal(cb.StartDate) {
			return ca.StartDate.Before(cb.StartDate)
		}
		return ca.ID < cb.ID
	}
	var less func(a, b *candidate) bool
	switch sort {
	case SortRelevance:
		less = func(a, b *candidate) bool {
			if a.exact != b.exact {
				return a.exact // exact trade or title matches first
			}
			if a.score != b.score {
				return a.score > b.score
			}
			return tie(a, b)
		}
	case SortTravel:
		less = func(a, b *candidate) bool {
			if a.minutes != b.minutes {
				return a.minutes < b.minutes
			}
			if a.rel != b.rel {
				return a.rel > b.rel
			}
			return tie(a, b)
		}
	case SortStart:
		less = func(a, b *candidate) bool {
			ca, cb := &s.courses[a.course], &s.courses[b.course]
			if !ca.StartDate.Equal(cb.StartDate) {
				return ca.StartDate.Before(cb.StartDate)
			}
			if a.minutes != b.minutes {
				return a.minutes < b.minutes
			}
			return ca.ID < cb.ID
		}
	case SortFee:
		less = func(a, b *candidate) bool {
			fa, fb := s.courses[a.course].FeeCNY, s.courses[b.course].FeeCNY
			if fa != fb {
				return fa < fb
			}
			if a.minutes != b.minutes {
				return a.minutes < b.minutes
			}
			return tie(a, b)
		}
	}
	return less
}

// orderFirst puts the first n of cs in the order less gives, as a full sort
// would (every order above ends on the course id, so there are no ties);
// the others stay after them in no particular order. A 30-minute e-bike
// ride reaches thousands of courses, of which a page shows 20: choosing
// them with a heap costs far less than sorting them all.
func orderFirst(cs []*candidate, n int, less func(a, b *candidate) bool) {
	if n <= 0 {
		return
	}
	if 4*n >= len(cs) {
		sort.Slice(cs, func(i, j int) bool { return less(cs[i], cs[j]) })
		return
	}
	// cs[:n] becomes a heap whose root is the worst of the n best so far.
	heapify(cs[:n], less)
	for i := n; i < len(cs); i++ {
		if less(cs[i], cs[0]) {
			cs[0], cs[i] = cs[i], cs[0]
			siftDown(cs[:n], 0, less)
		}
	}
	top := cs[:n]
	sort.Slice(top, func(i, j int) bool { return less(top[i], top[j]) })
}

func (s *Snapshot) facets(all []*candidate) Facets {
	var tally facetTally
	for _, c := range all {
		district := -1
		if c.site >= 0 {
			district = int(s.siteDistrict[c.site])
		}
		tally.add(&s.traits[c.course], district)
	}
	return s.facetsOf(&tally)
}

// facetTally counts matching courses by trait code, and by the district
// code of their nearest site (online: those without a site).
type facetTally struct {
	family, level, schedule, district [maxTraitValues]int
	online                            int
}

// add counts a course; district is -1 for an online course.
func (t *facetTally) add(tr *courseTraits, district int) {
	t.family[tr.family]++
	t.level[tr.level]++
	t.schedule[tr.schedule]++
	if district >= 0 {
		t.district[district]++
	} else {
		t.online++
	}
}

// slots are the tally's slots (at's numbering) a course with traits tr
// counts in at a site in district.
func (tr *courseTraits) slots(district int) [4]int {
	return [4]int{int(tr.family), maxTraitValues + int(tr.level), 2*maxTraitValues + int(tr.schedule), 3*maxTraitValues + district}
}

// facetSlots numbers every count of a facetTally for at: family, level,
// schedule, then district, maxTraitValues each.
const facetSlots = 4 * maxTraitValues

// at is one count of the tally by its slot.
func (t *facetTally) at(slot int) *int {
	code := slot % maxTraitValues
	switch slot / maxTraitValues {
	case 0:
		return &t.family[code]
	case 1:
		return &t.level[code]
	case 2:
		return &t.schedule[code]
	}
	return &t.district[code]
}

func (s *Snapshot) facetsOf(t *facetTally) Facets {
	tc := &s.traitCodes
	f := Facets{Family: tc.family.counts(&t.family), Level: tc.level.counts(&t.level),
		District: tc.district.counts(&t.district), Schedule: tc.schedule.counts(&t.schedule)}
	if t.online > 0 {
		f.District["online"] = t.online
	}
	return f
}

func (s *Snapshot) hit(c *candidate) Hit {
	h := Hit{
		Course:      &s.courses[c.course],
		Institution: &s.institutions[s.courseInst[c.course]],
		Sites:       c.sites,
		Relevance:   c.rel,
		Score:       c.score,
	}
	if c.site >= 0 {
		m := math.Round(c.minutes*10) / 10
		h.Site = &s.sites[c.site]
		h.TravelMinutes = &m
		h.TravelSource = c.src
	}
	return h
}

// OccupationMatches reports whether code is prefix or lies under it in
// the classification (6-18 matches 6-18-01-01 but not 6-180...), as
// Filters.OccupationCode is tested.
func OccupationMatches(code, prefix string) bool {
	return code == prefix || strings.HasPrefix(code, prefix+"-")
}

func hasGroup(gs []data.Group, g data.Group) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}
