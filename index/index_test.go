package index_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

var tianyiSquare = orb.Point{121.5503, 29.8730} // 天一广场, WGS-84

func TestMain(m *testing.M) {
	code := m.Run()
	testfixture.Cleanup()
	cleanupRegion()
	os.Exit(code)
}

// ningboSnapshot is the default Ningbo catalogue and its snapshot, shared
// by the tests (testfixture.Ningbo).
func ningboSnapshot(tb testing.TB) (*data.Catalogue, *index.Snapshot) {
	tb.Helper()
	return testfixture.NingboCatalogue(tb), testfixture.Ningbo(tb)
}

func TestBuildAndOpen(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	meta := snap.Meta()
	if meta.FormatVersion != index.FormatVersion || meta.Counts.Courses != len(cat.Courses) || meta.Counts.Sites != len(cat.Sites) {
		t.Errorf("meta = %+v", meta)
	}
	if meta.Region.Name != "宁波市" || len(meta.SourceChecksum) != 64 || meta.BuiltAt.IsZero() {
		t.Errorf("meta = %+v", meta)
	}
	for _, i := range []int{0, len(cat.Courses) / 2, len(cat.Courses) - 1} {
		want := cat.Courses[i]
		got, err := snap.Course(want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(*got.Course) != fmt.Sprint(want) || len(got.Sites) != len(want.SiteIDs) {
			t.Errorf("course %s came back as %+v", want.ID, got.Course)
		}
	}
	if _, err := snap.Course("nope"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("unknown course: %v", err)
	}
	if len(snap.Districts()) != 10 || snap.Districts()[0].Boundary == nil {
		t.Error("districts not restored with their boundaries")
	}
	if d, ok := snap.DistrictOf(tianyiSquare); !ok || d.Name != "海曙区" {
		t.Errorf("Tianyi Square is in %v", d.Name)
	}
}

// bruteForce is the specification of a text-free search: every on-site
// course at a site the model reaches in time, at its nearest such site.
func bruteForce(cat *data.Catalogue, model geo.TravelModel, origin orb.Point, minutes float64, keep func(*data.Course, *data.Site) bool) map[string]float64 {
	sites := map[string]*data.Site{}
	for i := range cat.Sites {
		sites[cat.Sites[i].ID] = &cat.Sites[i]
	}
	out := map[string]float64{}
	for i := range cat.Courses {
		c := &cat.Courses[i]
		if !c.Delivery.AtSite() {
			continue
		}
		best := math.Inf(1)
		for _, id := range c.SiteIDs {
			s := sites[id]
			if t := model.Minutes(origin, s.Location); t <= minutes && keep(c, s) && t < best {
				best = t
			}
		}
		if !math.IsInf(best, 1) {
			out[c.ID] = best
		}
	}
	return out
}

func searchAll(t testing.TB, snap *index.Snapshot, q index.Query) map[string]float64 {
	t.Helper()
	got := map[string]float64{}
	q.Limit = index.MaxLimit
	for q.Offset = 0; ; q.Offset += q.Limit {
		res, err := snap.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if _, dup := got[h.Course.ID]; dup {
				t.Fatalf("course %s twice in the pages", h.Course.ID)
			}
			got[h.Course.ID] = *h.TravelMinutes
		}
		if q.Offset+q.Limit >= res.Total {
			if len(got) != res.Total {
				t.Fatalf("pages hold %d hits, total says %d", len(got), res.Total)
			}
			return got
		}
	}
}

func TestSearchMatchesBruteForce(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	models := geo.DefaultTravelModels()
	rng := rand.New(rand.NewPCG(7, 11))
	// Origins near sites (where the answers are interesting) and anywhere
	// in the region's bounding box.
	for i := 0; i < 120; i++ {
		var origin orb.Point
		if i%2 == 0 {
			s := cat.Sites[rng.IntN(len(cat.Sites))].Location
			origin = orb.Point{s[0] + (rng.Float64()-0.5)*0.03, s[1] + (rng.Float64()-0.5)*0.03}
		} else {
			origin = orb.Point{121.0 + rng.Float64()*1.2, 29.2 + rng.Float64()*1.1}
		}
		mode := geo.Modes()[i%len(geo.Modes())]
		minutes := []int{5, 10, 15, 30, 45, 60}[rng.IntN(6)]
		var families []data.Family
		if i%3 == 0 {
			families = []data.Family{data.Manufacturing}
		}
		name := fmt.Sprintf("%d/%s/%dmin/%v", i, mode, minutes, families)
		t.Run(name, func(t *testing.T) {
			want := bruteForce(cat, models[mode], origin, float64(minutes), func(c *data.Course, _ *data.Site) bool {
				return families == nil || c.Family == families[0]
			})
			got := searchAll(t, snap, index.Query{Origin: origin, Mode: mode, Minutes: minutes, Filters: index.Filters{Families: families}})
			if len(got) != len(want) {
				t.Fatalf("got %d courses, brute force %d", len(got), len(want))
			}
			for id, w := range want {
				g, ok := got[id]
				if !ok {
					t.Fatalf("course %s (%.2f min) missing", id, w)
				}
				if math.Abs(g-w) > 0.051 { // hits round to 0.1 min
					t.Fatalf("course %s: %.2f min, want %.2f", id, g, w)
				}
			}
		})
	}
}

func TestSearchTianyiSquareCNC(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	walk := geo.DefaultTravelModels()[geo.Walk]
	res, err := snap.Search(context.Background(), index.Query{Origin: tianyiSquare, Mode: geo.Walk, Minutes: 15, Text: "数控", Limit: index.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Fatal("no 数控 course within a 15-minute walk of Tianyi Square")
	}
	// Every hit is within the walk and about CNC...
	for _, h := range res.Hits {
		if m := walk.Minutes(tianyiSquare, h.Site.Location); m > 15 {
			t.Errorf("%s at %s is %.1f min away", h.Course.ID, h.Site.Name, m)
		}
		if !strings.Contains(h.Course.Title+h.Course.Trade+h.Course.Description, "数控") {
			t.Errorf("%s %q does not mention 数控", h.Course.ID, h.Course.Title)
		}
	}
	// ...and every on-site CNC course at a site within the walk is a hit.
	want := bruteForce(cat, walk, tianyiSquare, 15, func(c *data.Course, _ *data.Site) bool {
		return strings.Contains(c.Title+c.Trade, "数控")
	})
	got := map[string]bool{}
	for _, h := range res.Hits {
		got[h.Course.ID] = true
	}
	for id := range want {
		if !got[id] {
			t.Errorf("course %s is within the walk and about 数控 but not a hit", id)
		}
	}
	// The walk limit matters: some CNC course is farther away.
	far := bruteForce(cat, walk, tianyiSquare, 60, func(c *data.Course, _ *data.Site) bool {
		return strings.Contains(c.Title+c.Trade, "数控")
	})
	if len(far) <= len(want) {
		t.Error("every CNC course in 60 minutes is also within 15: the test data does not exercise the limit")
	}
}

func TestSearchSameAnswerInGCJ02(t *testing.T) {
	_, snap := ningboSnapshot(t)
	// The API converts; here the conversion round trip must not move the
	// origin enough to change a hit.
	back := geo.GCJ02.ToWGS84(geo.WGS84ToGCJ02(tianyiSquare))
	a := searchAll(t, snap, index.Query{Origin: tianyiSquare, Mode: geo.Walk, Minutes: 15})
	b := searchAll(t, snap, index.Query{Origin: back, Mode: geo.Walk, Minutes: 15})
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("hits differ: %d vs %d", len(a), len(b))
	}
}

func TestSearchOnlineOnlyWhenAsked(t *testing.T) {
	_, snap := ningboSnapshot(t)
	q := index.Query{Origin: tianyiSquare, Mode: geo.Drive, Minutes: 60}
	res, err := snap.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if res.Online != 0 {
		t.Errorf("online courses without asking: %d", res.Online)
	}
	q.Filters.Deliveries = []data.Delivery{data.Online, data.OnSite, data.Blended}
	withOnline, err := snap.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if withOnline.Online == 0 || withOnline.Reachable != res.Reachable || withOnline.Total != res.Total+withOnline.Online {
		t.Errorf("with online: reachable %d (was %d), online %d, total %d", withOnline.Reachable, res.Reachable, withOnline.Online, withOnline.Total)
	}
	q.Filters.Deliveries = []data.Delivery{data.Online}
	q.Limit = index.MaxLimit
	onlyOnline, err := snap.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range onlyOnline.Hits {
		if h.Site != nil || h.TravelMinutes != nil || h.Course.Delivery != data.Online {
			t.Fatalf("online hit with a site or time: %+v", h)
		}
	}
}

func TestSearchFiltersAndSorts(t *testing.T) {
	_, snap := ningboSnapshot(t)
	fee := 500.0
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	q := index.Query{Origin: tianyiSquare, Mode: geo.EBike, Minutes: 30, Limit: index.MaxLimit, Sort: index.SortFee,
		Filters: index.Filters{
			Schedules: []data.Schedule{data.WeekdayEvening, data.Weekend}, MaxFee: &fee,
			StartAfter: start, MinSeatsLeft: 1, Districts: []string{"330203", "330212"},
		}}
	res, err := snap.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Fatal("no hits")
	}
	prevFee := -1.0
	for _, h := range res.Hits {
		c := h.Course
		if c.Schedule == data.WeekdayDaytime || c.FeeCNY > fee || c.StartDate.Before(start) || c.SeatsLeft < 1 ||
			(h.Site.DistrictCode != "330203" && h.Site.DistrictCode != "330212") {
			t.Errorf("hit breaks a filter: %+v at %s", c, h.Site.DistrictCode)
		}
		if c.FeeCNY < prevFee {
			t.Error("not sorted by fee")
		}
		prevFee = c.FeeCNY
	}
	sum := 0
	for _, n := range res.Facets.Schedule {
		sum += n
	}
	if sum != res.Total {
		t.Errorf("schedule facet sums to %d, total %d", sum, res.Total)
	}

	q = index.Query{Origin: tianyiSquare, Mode: geo.Bike, Minutes: 20, Limit: index.MaxLimit,
		Filters: index.Filters{Group: data.Unemployed, FreeOnly: true}}
	res, err = snap.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	prev := 0.0
	for _, h := range res.Hits {
		c := h.Course
		if c.Subsidy != data.Free || !hasGroup(c.SubsidyGroups, data.Unemployed) {
			t.Errorf("not free for the unemployed: %+v", c)
		}
		if *h.TravelMinutes < prev {
			t.Error("not sorted by travel time")
		}
		prev = *h.TravelMinutes
	}
}

// Each facet of an unfiltered search counts what the filter on that value
// finds: the facets and the filters read the same coded fields by
// different paths.
func TestFacetsAgreeWithFilters(t *testing.T) {
	_, snap := ningboSnapshot(t)
	search := func(f index.Filters) *index.Result {
		t.Helper()
		res, err := snap.Search(context.Background(), index.Query{Origin: tianyiSquare, Mode: geo.EBike, Minutes: 30, Filters: f})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	all := search(index.Filters{})
	if len(all.Facets.Family) < 3 || len(all.Facets.Level) < 3 || len(all.Facets.District) < 2 {
		t.Fatalf("too few facets to compare: %+v", all.Facets)
	}
	for family, n := range all.Facets.Family {
		if got := search(index.Filters{Families: []data.Family{data.Family(family)}}).Total; got != n {
			t.Errorf("family %s: facet %d, filter %d", family, n, got)
		}
	}
	for level, n := range all.Facets.Level {
		if got := search(index.Filters{Levels: []data.Level{data.Level(level)}}).Total; got != n {
			t.Errorf("level %s: facet %d, filter %d", level, n, got)
		}
	}
	// A course counts in the district of its nearest site; filtered to a
	// district, it counts at its site there, which may not be the nearest.
	for district, n := range all.Facets.District {
		if got := search(index.Filters{Districts: []string{district}}).Total; got < n {
			t.Errorf("district %s: facet %d, filter only %d", district, n, got)
		}
	}
	// Two values of a field are their union; a value no course has finds nothing.
	var two []data.Schedule
	sum := 0
	for s, n := range all.Facets.Schedule {
		if len(two) < 2 {
			two = append(two, data.Schedule(s))
			sum += n
		}
	}
	if got := search(index.Filters{Schedules: two}).Total; got != sum {
		t.Errorf("schedules %v: facets sum to %d, filter %d", two, sum, got)
	}
	if got := search(index.Filters{Levels: []data.Level{"no-such-level"}}).Total; got != 0 {
		t.Errorf("a level no course has found %d", got)
	}
}

func hasGroup(gs []data.Group, g data.Group) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

func TestSearchRelevanceOrder(t *testing.T) {
	_, snap := ningboSnapshot(t)
	res, err := snap.Search(context.Background(), index.Query{Origin: tianyiSquare, Mode: geo.EBike, Minutes: 30, Text: "焊工", Limit: index.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sort != index.SortRelevance || len(res.Hits) < 2 {
		t.Fatalf("sort %s, %d hits", res.Sort, len(res.Hits))
	}
	scores := make([]float64, len(res.Hits))
	for i, h := range res.Hits {
		scores[i] = h.Score
		if h.Score <= 0 || h.Score > 1 {
			t.Errorf("score %v outside (0,1]", h.Score)
		}
	}
	if !sort.SliceIsSorted(scores, func(i, j int) bool { return scores[i] > scores[j] }) {
		t.Error("hits not in score order")
	}
}

func TestQueryErrors(t *testing.T) {
	_, snap := ningboSnapshot(t)
	tests := []struct {
		q     index.Query
		field string
	}{
		{index.Query{Origin: orb.Point{200, 30}}, "lng"},
		{index.Query{Origin: orb.Point{121, 95}}, "lat"},
		{index.Query{Origin: tianyiSquare, Minutes: 61}, "minutes"},
		{index.Query{Origin: tianyiSquare, Minutes: -1}, "minutes"},
		{index.Query{Origin: tianyiSquare, Mode: "rocket"}, "mode"},
		{index.Query{Origin: tianyiSquare, Text: strings.Repeat("焊", 101)}, "q"},
		{index.Query{Origin: tianyiSquare, Sort: "price"}, "sort"},
		{index.Query{Origin: tianyiSquare, Limit: 101}, "limit"},
		{index.Query{Origin: tianyiSquare, Offset: -5}, "offset"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			_, err := snap.Search(context.Background(), tt.q)
			var qe *index.QueryError
			if !errors.As(err, &qe) || qe.Field != tt.field || !errors.Is(err, index.ErrInvalidQuery) {
				t.Fatalf("err = %v, want a QueryError on %s", err, tt.field)
			}
		})
	}
}

func TestSearchHonoursContext(t *testing.T) {
	_, snap := ningboSnapshot(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := snap.Search(ctx, index.Query{Origin: tianyiSquare, Mode: geo.Drive, Minutes: 60, Text: "电工 培训"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestIsochrone(t *testing.T) {
	_, snap := ningboSnapshot(t)
	prev := 0.0
	for _, minutes := range []int{5, 10, 15, 30} {
		iso, err := snap.Isochrone(tianyiSquare, geo.Walk, minutes)
		if err != nil {
			t.Fatal(err)
		}
		if iso.AreaKm2 < prev || len(iso.Area) == 0 {
			t.Errorf("%d min: %.2f km², smaller than before (%.2f)", minutes, iso.AreaKm2, prev)
		}
		prev = iso.AreaKm2
	}
	// A 15-minute walk reaches about 865 m: about 2.35 km² of hexagons.
	iso, _ := snap.Isochrone(tianyiSquare, geo.Walk, 15)
	if iso.AreaKm2 < 1.8 || iso.AreaKm2 > 3.0 {
		t.Errorf("15-minute walk covers %.2f km²", iso.AreaKm2)
	}
}

func TestSitesPaging(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	seen := map[string]bool{}
	for offset := 0; ; offset += 50 {
		page, err := snap.Sites(index.SiteFilter{District: "330212", Limit: 50, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Sites {
			if s.Site.DistrictCode != "330212" || seen[s.Site.ID] {
				t.Fatalf("bad page entry %+v", s.Site)
			}
			seen[s.Site.ID] = true
		}
		if offset+50 >= page.Total {
			break
		}
	}
	want := 0
	for _, s := range cat.Sites {
		if s.DistrictCode == "330212" {
			want++
		}
	}
	if len(seen) != want || want == 0 {
		t.Errorf("paged %d sites of 鄞州, want %d", len(seen), want)
	}
	if _, err := snap.Sites(index.SiteFilter{District: "999999"}); !errors.Is(err, index.ErrInvalidQuery) {
		t.Errorf("unknown district: %v", err)
	}
}
