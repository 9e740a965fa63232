package index

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/data/scale"
	"github.com/skillcircle/skillcircle/geo"
)

// TestSearchByTravelAgrees compares Search in travel order without text
// (searchByTravel, which tallies counts and facets as it walks the sites
// and ranks only the nearest courses) with a plain computation over every
// course, for random origins, modes, reaches, filters and pages.
func TestSearchByTravelAgrees(t *testing.T) {
	forScales(t, func(t *testing.T, snap *Snapshot, rng *rand.Rand) {
		for i := range 150 {
			q := randomTravelQuery(rng, snap)
			if err := q.Normalize(); err != nil {
				t.Fatal(err)
			}
			got, err := snap.Search(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			want := referenceByTravel(t, snap, q)
			if d := diffResults(got, want); d != "" {
				t.Fatalf("query %d (%+v): %s", i, q, d)
			}
		}
	})
}

// TestSearchByCellsAgrees compares Search without text or filters (which
// counts whole cells and times only the edge of reach and the page,
// walkCells) with the course-by-course reference, for random modes, reaches
// and pages: long reaches take most cells whole.
func TestSearchByCellsAgrees(t *testing.T) {
	forScales(t, func(t *testing.T, snap *Snapshot, rng *rand.Rand) {
		byCells, whole := 0, 0
		for i := range 200 {
			q := randomTravelQuery(rng, snap)
			q.Origins, q.Filters, q.OmitSites = nil, Filters{}, true
			if i%2 == 0 {
				q.Mode, q.Minutes = geo.Drive, 30+rng.IntN(31)
			}
			if err := q.Normalize(); err != nil {
				t.Fatal(err)
			}
			tr, err := snap.travel(q.Mode)
			if err != nil {
				t.Fatal(err)
			}
			if est, ok := snap.byCells(&q, tr, snap.newFilter(&q.Filters), float64(q.Minutes)); ok {
				byCells++
				est.Cells(func(_ int32, _ float64, w bool) {
					if w {
						whole++
					}
				})
			}
			got, err := snap.Search(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			want := referenceByTravel(t, snap, q)
			want.Sites = nil
			if d := diffResults(got, want); d != "" {
				t.Fatalf("query %d (%+v): %s", i, q, d)
			}
		}
		if byCells < 150 || whole == 0 {
			t.Fatalf("%d of 200 searches counted by cells, %d cells taken whole: the test no longer tests walkCells", byCells, whole)
		}
	})
}

// TestSearchScoredAgrees compares Search with text (searchScored, which
// tests the text's courses at the reachable sites when they are fewer than
// the sites' courses) with searchWalk, which tests every course at every
// reachable site, for random texts, sorts, filters and pages.
func TestSearchScoredAgrees(t *testing.T) {
	forScales(t, func(t *testing.T, snap *Snapshot, rng *rand.Rand) {
		texts := []string{"数控", "育婴员", "电工 夜校", "免费 焊工", "保育", "叉车", "家政 周末", "会计", "没有这种课"}
		byCells := 0 // searches by walkScored
		defer func() {
			if byCells < 50 {
				t.Errorf("%d of 150 searches by walkScored: the test no longer tests it", byCells)
			}
		}()
		for i := range 150 {
			q := randomTravelQuery(rng, snap)
			c := &snap.courses[rng.IntN(len(snap.courses))]
			q.Text = []string{texts[rng.IntN(len(texts))], c.Trade, string([]rune(c.Title)[:2])}[rng.IntN(3)]
			q.Sort = Sorts()[rng.IntN(len(Sorts()))]
			q.OmitSites = rng.IntN(2) == 0
			if err := q.Normalize(); err != nil {
				t.Fatal(err)
			}
			got, err := snap.Search(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := snap.travel(q.Mode)
			if err != nil {
				t.Fatal(err)
			}
			found, err := snap.text.match(t.Context(), q.Text)
			if err != nil {
				t.Fatal(err)
			}
			applyUnderstood(found.Understood, &q.Filters)
			if _, ok := snap.scoredByCells(&q, tr, float64(got.Minutes), found.Scores.count(), snap.getScratch()); ok && found.Scores.count() > 0 {
				byCells++
			}
			want := snap.searchWalk(q, tr, snap.newFilter(&q.Filters), textScores(found), float64(got.Minutes))
			if q.OmitSites {
				want.Sites = nil
			}
			if d := diffResults(got, want); d != "" {
				t.Fatalf("query %d (%+v): %s", i, q, d)
			}
		}
	})
}

// TestSearchTextCellsAgrees compares Search with text and no filters but
// the text's own (which counts the text's matches by cell and opens only
// the parts whose best could make the page, walkTextCells) with
// searchWalk, for random texts, modes, reaches, pages and the two orders
// it serves.
func TestSearchTextCellsAgrees(t *testing.T) {
	forScales(t, func(t *testing.T, snap *Snapshot, rng *rand.Rand) {
		texts := []string{"数控", "育婴员", "电工", "焊工", "保育", "叉车", "会计", "养老护理", "没有这种课",
			"老年 智能手机", "免费 焊工", "家政 周末", "电工 夜校"} // the last four filter too
		snap.textCellsFrom = 0 // a text's few matches here would go to walkScored
		byCells, whole, filtered := 0, 0, 0
		check := func(name string, q Query) {
			t.Helper()
			if err := q.Normalize(); err != nil {
				t.Fatal(err)
			}
			found, err := snap.text.match(t.Context(), q.Text)
			if err != nil {
				t.Fatal(err)
			}
			asked := q
			q.askedOpen = snap.opensAll(snap.newFilter(&q.Filters)) && !keepsOwn(&q.Filters, found.Understood)
			applyUnderstood(found.Understood, &q.Filters)
			f := snap.newFilter(&q.Filters)
			if q.askedOpen { // as the search would, in the background
				found.tallyOnce.Do(func() { found.cellTally.Store(snap.tallyText(found.inOrder(), f)) })
			}
			got, err := snap.Search(t.Context(), asked)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := snap.travel(q.Mode)
			if err != nil {
				t.Fatal(err)
			}
			sc := snap.getScratch()
			if est, _ := snap.scoredByCells(&q, tr, float64(got.Minutes), found.Scores.count(), sc); est != nil && snap.textCells(&q, found.Scores.count()) {
				byCells++
				if !snap.opensAll(f) {
					filtered++
				}
				for _, cr := range sc.cellReach {
					if cr.state == cellWhole {
						whole++
					}
				}
			}
			want := snap.searchWalk(q, tr, f, textScores(found), float64(got.Minutes))
			want.Sites = nil
			if d := diffResults(got, want); d != "" {
				t.Fatalf("%s (%+v): %s", name, q, d)
			}
		}
		for i := range 200 {
			q := randomTravelQuery(rng, snap)
			q.Origins, q.Filters, q.OmitSites = nil, Filters{}, true
			if i%2 == 0 {
				q.Mode, q.Minutes = geo.Drive, 30+rng.IntN(31)
			}
			c := &snap.courses[rng.IntN(len(snap.courses))]
			q.Text = []string{texts[rng.IntN(len(texts))], c.Trade, string([]rune(c.Title)[:2])}[rng.IntN(3)]
			q.Sort = []Sort{SortRelevance, SortTravel}[rng.IntN(2)]
			check(fmt.Sprintf("query %d", i), q)
		}
		t.Logf("%d of 200 searches by walkTextCells (%d with the text's own filters), %d cells taken whole", byCells, filtered, whole)
		if byCells < 150 || filtered < 20 || whole == 0 {
			t.Fatalf("%d of 200 searches by walkTextCells (%d with the text's own filters), %d cells taken whole: the test no longer tests it", byCells, filtered, whole)
		}
		// A text's own schedule counted by cell, then the same text with
		// every schedule asked: the parameter wins over the word, and the
		// text's tally (made with the word's filter) must not answer it.
		for _, text := range []string{"电工 夜校", "家政 周末"} {
			q := Query{Origin: snap.sites[0].Location, Mode: geo.Drive, Minutes: 60, Text: text, OmitSites: true}
			check(text, q)
			for _, v := range data.Schedules() {
				q.Filters.Schedules = append(q.Filters.Schedules, data.Schedule(v))
			}
			check(text+", every schedule asked", q)
		}
	})
}

// forScales runs test on the default catalogue and on three copies of it
// (more multi-site courses, sites at nearly the same place).
func forScales(t *testing.T, test func(t *testing.T, snap *Snapshot, rng *rand.Rand)) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, factor := range []int{1, 3} {
		t.Run(fmt.Sprintf("%dx", factor), func(t *testing.T) {
			if factor > 1 && testing.Short() {
				t.Skip("builds a catalogue three times the default")
			}
			path := filepath.Join(t.TempDir(), "snap.db")
			if _, err := Build(t.Context(), path, scale.Multiply(cat, factor, 7), BuildOptions{}); err != nil {
				t.Fatal(err)
			}
			snap, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()
			test(t, snap, rand.New(rand.NewPCG(uint64(factor), 15)))
		})
	}
}

// randomTravelQuery is a search near a random site, without text, in
// travel order, with random filters and page.
func randomTravelQuery(rng *rand.Rand, s *Snapshot) Query {
	near := func() orb.Point {
		p := s.sites[rng.IntN(len(s.sites))].Location
		return orb.Point{p[0] + (rng.Float64()-0.5)*0.02, p[1] + (rng.Float64()-0.5)*0.02}
	}
	modes := []geo.Mode{geo.Walk, geo.Bike, geo.EBike, geo.Drive}
	q := Query{Origin: near(), Mode: modes[rng.IntN(len(modes))], Minutes: 1 + rng.IntN(60), Sort: SortTravel,
		Limit: 1 + rng.IntN(MaxLimit), Offset: []int{0, 0, 0, rng.IntN(50), rng.IntN(2000)}[rng.IntN(5)]}
	if rng.IntN(4) == 0 {
		q.Origins = []Origin{{Name: "home", Point: near()}, {Name: "work", Point: near()}}
	}
	pick := func(names []string) []string {
		var out []string
		for _, n := range names {
			if rng.IntN(3) == 0 {
				out = append(out, n)
			}
		}
		return out
	}
	f := &q.Filters
	tc := &s.traitCodes
	if rng.IntN(3) == 0 {
		for _, v := range pick(tc.family.names) {
			f.Families = append(f.Families, data.Family(v))
		}
	}
	if rng.IntN(3) == 0 {
		for _, v := range pick(tc.level.names) {
			f.Levels = append(f.Levels, data.Level(v))
		}
	}
	if rng.IntN(4) == 0 {
		for _, v := range pick(tc.delivery.names) {
			f.Deliveries = append(f.Deliveries, data.Delivery(v))
		}
	}
	if rng.IntN(4) == 0 {
		for _, v := range pick(tc.schedule.names) {
			f.Schedules = append(f.Schedules, data.Schedule(v))
		}
	}
	if rng.IntN(4) == 0 {
		f.Districts = pick(tc.district.names)
	}
	if rng.IntN(4) == 0 {
		fee := float64(rng.IntN(3000))
		f.MaxFee = &fee
	}
	f.FreeOnly = rng.IntN(8) == 0
	f.Subsidised = rng.IntN(8) == 0
	return q
}

// referenceByTravel answers q (normalized) course by course: each
// matching course at its nearest reachable site, every match ordered by
// travel time, start and id.
func referenceByTravel(t *testing.T, s *Snapshot, q Query) *Result {
	tr, err := s.travel(q.Mode)
	if err != nil {
		t.Fatal(err)
	}
	type reach struct {
		t    float64
		src  TravelSource
		from int8
	}
	limit := float64(q.Minutes)
	reached := map[int32]reach{}
	s.reachableFrom(&q, tr, limit, func(si int32, m float64, src TravelSource, from int8) { reached[si] = reach{m, src, from} })
	f := s.newFilter(&q.Filters)
	var onsite, online []*candidate
	for ci := range s.courses {
		ci := int32(ci)
		if !f.course(ci) {
			continue
		}
		if !s.courses[ci].Delivery.AtSite() {
			if f.online && len(f.Districts) == 0 {
				online = append(online, &candidate{course: ci, site: -1, from: -1, score: 1})
			}
			continue
		}
		var best *candidate
		for _, si := range s.courseSites[ci] {
			r, ok := reached[si]
			if !ok || !f.site(si) {
				continue
			}
			if best == nil {
				best = &candidate{course: ci, site: si, minutes: r.t, src: r.src, from: r.from}
			} else if r.t < best.minutes || (r.t == best.minutes && si < best.site) {
				best.site, best.minutes, best.src, best.from = si, r.t, r.src, r.from
			}
			best.sites++
		}
		if best != nil {
			best.score = combinedScore(0, 0, best.minutes, limit)
			onsite = append(onsite, best)
		}
	}
	var sites []SiteHit
	for si, r := range reached {
		n := 0
		for _, ci := range s.siteCourses[si] {
			if f.site(si) && f.course(ci) {
				n++
			}
		}
		if n > 0 {
			sites = append(sites, SiteHit{Site: &s.sites[si], TravelMinutes: math.Round(r.t*10) / 10, TravelSource: r.src,
				Courses: n, Origin: q.originName(r.from)})
		}
	}
	slices.SortFunc(sites, func(a, b SiteHit) int {
		return cmp.Or(cmp.Compare(a.TravelMinutes, b.TravelMinutes), cmp.Compare(a.Site.ID, b.Site.ID))
	})
	byStart := func(a, b *candidate) int {
		ca, cb := &s.courses[a.course], &s.courses[b.course]
		return cmp.Or(cmp.Compare(a.minutes, b.minutes), ca.StartDate.Compare(cb.StartDate), cmp.Compare(ca.ID, cb.ID))
	}
	slices.SortFunc(onsite, byStart)
	slices.SortFunc(online, byStart)
	all := append(onsite, online...)
	return &Result{Sort: SortTravel, Total: len(all), Reachable: len(onsite), ReachableSites: len(sites), Online: len(online),
		Minutes: q.Minutes, Sites: sites, Facets: s.facets(all), Hits: s.page(&q, all), Travel: tr.Source(q.Origin)}
}

// diffResults says how two results differ, or "" when they agree.
func diffResults(got, want *Result) string {
	type counts struct{ Total, Reachable, ReachableSites, Online, Minutes int }
	if g, w := (counts{got.Total, got.Reachable, got.ReachableSites, got.Online, got.Minutes}),
		(counts{want.Total, want.Reachable, want.ReachableSites, want.Online, want.Minutes}); g != w {
		return fmt.Sprintf("counts %+v, want %+v", g, w)
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) {
		return fmt.Sprintf("facets %v, want %v", got.Facets, want.Facets)
	}
	if !reflect.DeepEqual(got.Sites, want.Sites) {
		return fmt.Sprintf("%d sites differ from the %d wanted", len(got.Sites), len(want.Sites))
	}
	if got.Sort != want.Sort {
		return fmt.Sprintf("sort %s, want %s", got.Sort, want.Sort)
	}
	if len(got.Hits) != len(want.Hits) {
		return fmt.Sprintf("%d hits, want %d", len(got.Hits), len(want.Hits))
	}
	for i := range got.Hits {
		if !reflect.DeepEqual(got.Hits[i], want.Hits[i]) {
			return fmt.Sprintf("hit %d: %s at %v, want %s at %v", i, got.Hits[i].Course.ID, got.Hits[i].TravelMinutes,
				want.Hits[i].Course.ID, want.Hits[i].TravelMinutes)
		}
	}
	return ""
}

// TestSearchByOrderAgrees compares Search without text by soonest start
// (which, for a long reach counted by cell, reads the courses in start
// order for the page, firstInOrder) with searchWalk, for random origins,
// modes, reaches, filters and pages.
func TestSearchByOrderAgrees(t *testing.T) {
	forScales(t, func(t *testing.T, snap *Snapshot, rng *rand.Rand) {
		scanned := 0
		for i := range 200 {
			q := randomTravelQuery(rng, snap)
			q.Sort, q.OmitSites = SortStart, rng.IntN(2) == 0
			if i%4 != 3 { // long reaches from one origin, first pages, counted by cell
				q.Origins, q.Filters, q.OmitSites, q.Limit = nil, Filters{}, true, 1+rng.IntN(20)
				q.Offset = rng.IntN(2) * q.Limit
				q.Mode, q.Minutes = []geo.Mode{geo.Walk, geo.EBike, geo.Drive, geo.Drive}[rng.IntN(4)], 30+rng.IntN(31)
			}
			if err := q.Normalize(); err != nil {
				t.Fatal(err)
			}
			tr, err := snap.travel(q.Mode)
			if err != nil {
				t.Fatal(err)
			}
			f := snap.newFilter(&q.Filters)
			got, err := snap.Search(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			if snap.scanByStart(&q, nil, tr, f, float64(q.Minutes)) && snap.startScanPays(got.Reachable, q.Offset+q.Limit) {
				scanned++
			}
			want := snap.searchWalk(q, tr, f, nil, float64(q.Minutes))
			if q.OmitSites {
				want.Sites = nil
			}
			if d := diffResults(got, want); d != "" {
				t.Fatalf("query %d (%+v): %s", i, q, d)
			}
		}
		t.Logf("%d of 200 searches read in start order", scanned)
		if scanned < 25 {
			t.Fatalf("%d of 200 searches read in start order: the test no longer tests firstInOrder", scanned)
		}
	})
}
