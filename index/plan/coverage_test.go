package plan_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

func TestMain(m *testing.M) { testfixture.Main(m) }

// ningboSnapshot is the default Ningbo catalogue and its snapshot, shared
// by the tests (testfixture.Ningbo).
func ningboSnapshot(tb testing.TB) (*data.Catalogue, *index.Snapshot) {
	tb.Helper()
	return testfixture.NingboCatalogue(tb), testfixture.Ningbo(tb)
}

var manufacturing = index.Filters{Families: []data.Family{data.Manufacturing}}

// coverageQueries are the questions the properties are checked on.
var coverageQueries = []plan.Query{
	{Mode: geo.Walk, Minutes: 15, Filters: manufacturing},
	{Mode: geo.Walk, Minutes: 10},
	{Mode: geo.Bike, Minutes: 15, Filters: index.Filters{Trade: "焊工"}},
	{Mode: geo.EBike, Minutes: 20, Filters: index.Filters{Families: []data.Family{data.Seniors}}},
	{Mode: geo.Walk, Minutes: 15, Filters: index.Filters{Families: []data.Family{data.Agriculture}}, District: "330213"},
	{Mode: geo.Drive, Minutes: 30, Filters: index.Filters{OccupationCode: "6-18", Levels: []data.Level{data.Senior}}},
	{Mode: geo.Walk, Minutes: 15, Filters: index.Filters{Trade: "no such trade"}},
	{Mode: geo.Transit, Minutes: 20, Filters: manufacturing},
}

// withK is q asking for k suggestions.
func withK(q plan.Query, k int) plan.Query {
	q.K = k
	return q
}

func coverage(t testing.TB, snap *index.Snapshot, q plan.Query) *plan.Coverage {
	t.Helper()
	cov, err := plan.New(snap).Coverage(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return cov
}

// Covered plus uncovered is the population, for the region, every
// district and every township; the townships add up to their district and
// the districts to the region; and without a district the region holds
// every person of the census.
func TestCoverageAddsUp(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	census := 0
	censusOf := map[string]int{}
	for _, d := range cat.Districts {
		census += d.Population
		censusOf[d.Code] = d.Population
	}
	for _, q := range coverageQueries {
		t.Run(fmt.Sprintf("%s %d %v %s", q.Mode, q.Minutes, q.Filters, q.District), func(t *testing.T) {
			cov := coverage(t, snap, q)
			check := func(what string, a plan.AreaCoverage) {
				if a.Covered+a.Uncovered != a.Population || a.Covered < 0 || a.Uncovered < 0 {
					t.Errorf("%s %s: covered %d + uncovered %d != population %d", what, a.Name, a.Covered, a.Uncovered, a.Population)
				}
				if a.Population > 0 && math.Abs(a.Share-float64(a.Covered)/float64(a.Population)) > 1e-12 {
					t.Errorf("%s %s: share %v", what, a.Name, a.Share)
				}
			}
			check("city", cov.City)
			var districts, covered, cells, cellsCovered int
			for _, d := range cov.Districts {
				check("district", d)
				districts += d.Population
				covered += d.Covered
				if d.Population != censusOf[d.Code] {
					t.Errorf("district %s holds %d people, census %d", d.Name, d.Population, censusOf[d.Code])
				}
				var tp, tc int
				for _, tw := range cov.Townships {
					if tw.DistrictCode == d.Code {
						check("township", tw)
						tp += tw.Population
						tc += tw.Covered
					}
				}
				if tp != d.Population || tc != d.Covered {
					t.Errorf("district %s: townships hold %d people, %d covered; district %d, %d", d.Name, tp, tc, d.Population, d.Covered)
				}
			}
			for _, c := range cov.Cells {
				cells += c.People
				if c.Covered {
					cellsCovered += c.People
				}
			}
			if districts != cov.City.Population || covered != cov.City.Covered || cells != cov.City.Population || cellsCovered != cov.City.Covered {
				t.Errorf("districts %d/%d, cells %d/%d, city %d/%d (people/covered)", districts, covered, cells, cellsCovered, cov.City.Population, cov.City.Covered)
			}
			if q.District == "" && (cov.City.Population != census || len(cov.Districts) != len(cat.Districts) || len(cov.Townships) != len(cat.Townships)) {
				t.Errorf("city holds %d people in %d districts, %d townships; census %d", cov.City.Population, len(cov.Districts), len(cov.Townships), census)
			}
			if q.District != "" && (len(cov.Districts) != 1 || cov.Districts[0].Code != q.District || cov.City.Code != q.District) {
				t.Errorf("district query came back for %+v", cov.Districts)
			}
		})
	}
}

// The share covered never falls as minutes grow, for the region and each
// district, and a cell once covered stays covered.
func TestCoverageGrowsWithMinutes(t *testing.T) {
	_, snap := ningboSnapshot(t)
	for _, q := range []plan.Query{
		{Mode: geo.Walk, Filters: manufacturing},
		{Mode: geo.EBike, Filters: index.Filters{Trade: "电工"}},
		{Mode: geo.Drive},
	} {
		t.Run(string(q.Mode), func(t *testing.T) {
			var prev *plan.Coverage
			for minutes := 1; minutes <= index.MaxMinutes; minutes += 1 + minutes/8 {
				q.Minutes = minutes
				cov := coverage(t, snap, q)
				if prev != nil {
					if cov.City.Share < prev.City.Share {
						t.Errorf("%d min: city share %.4f < %.4f at %d min", minutes, cov.City.Share, prev.City.Share, prev.Query.Minutes)
					}
					for i, d := range cov.Districts {
						if d.Share < prev.Districts[i].Share {
							t.Errorf("%d min: %s share %.4f < %.4f", minutes, d.Name, d.Share, prev.Districts[i].Share)
						}
					}
					for i, c := range cov.Cells {
						if prev.Cells[i].Covered && !c.Covered {
							t.Fatalf("%d min: cell %s no longer covered", minutes, c.Cell)
						}
					}
				}
				prev = cov
			}
			if q.Mode == geo.Drive && prev.City.Share < 0.99 {
				t.Errorf("a 60-minute drive to any course covers only %.3f", prev.City.Share)
			}
		})
	}
}

// Each cell is covered exactly when a search from its centre with the same
// filters finds a reachable course, and its minutes are the nearest hit's.
func TestCoverageAgreesWithSearch(t *testing.T) {
	_, snap := ningboSnapshot(t)
	for _, q := range coverageQueries[:3] {
		cov := coverage(t, snap, q)
		surface := float64(cov.SurfaceMinutes)
		for i := 0; i < len(cov.Cells); i += 97 {
			c := cov.Cells[i]
			res, err := snap.Search(context.Background(), index.Query{Origin: c.Centre, Mode: q.Mode, Minutes: int(surface),
				Filters: q.Filters, Sort: index.SortTravel, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case len(res.Hits) == 0:
				if c.Minutes != nil || c.Covered {
					t.Errorf("%v: cell %s: %v min, covered %v; search finds nothing within %v", q.Filters, c.Cell, *c.Minutes, c.Covered, surface)
				}
			case c.Minutes == nil || *c.Minutes != *res.Hits[0].TravelMinutes:
				t.Errorf("%v: cell %s: minutes %v; search's nearest %v", q.Filters, c.Cell, c.Minutes, *res.Hits[0].TravelMinutes)
			case c.Covered != (*res.Hits[0].TravelMinutes <= float64(q.Minutes)+0.05):
				t.Errorf("%v: cell %s: covered %v at %v min", q.Filters, c.Cell, c.Covered, *c.Minutes)
			}
		}
	}
}

// With every site reaching someone, 2SFCA hands out every matching seat
// exactly once: seats per 1,000 times population is the seats.
func TestCoverageSeatsConserved(t *testing.T) {
	_, snap := ningboSnapshot(t)
	cov := coverage(t, snap, plan.Query{Mode: geo.Drive, Minutes: 60, Filters: manufacturing})
	handed := cov.City.SeatsPer1000 * float64(cov.City.Population) / 1000
	if math.Abs(handed-float64(cov.Seats)) > 1e-6*float64(cov.Seats) || cov.Seats == 0 {
		t.Errorf("2SFCA hands out %.2f seats, the matching courses have %d", handed, cov.Seats)
	}
	// On foot some sites reach nobody and some people no site: never more.
	walk := coverage(t, snap, plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing})
	if h := walk.City.SeatsPer1000 * float64(walk.City.Population) / 1000; h > float64(walk.Seats)*(1+1e-9) || h <= 0 {
		t.Errorf("on foot 2SFCA hands out %.2f of %d seats", h, walk.Seats)
	}
}

// SiteSuggestions: each gain is the rise in covered people once that place is
// added (checked by Coverage with the places added), gains never grow, and
// a place covers nothing twice.
func TestSuggestGains(t *testing.T) {
	_, snap := ningboSnapshot(t)
	for _, q := range []plan.Query{
		{Mode: geo.Walk, Minutes: 15, Filters: manufacturing},
		{Mode: geo.Bike, Minutes: 10, Filters: index.Filters{Trade: "焊工"}},
		{Mode: geo.Walk, Minutes: 15, Filters: index.Filters{Families: []data.Family{data.Agriculture}}, District: "330213"},
		{Mode: geo.EBike, Minutes: 10, Filters: index.Filters{Families: []data.Family{data.Seniors}}, District: "330212"},
	} {
		t.Run(fmt.Sprintf("%s %d %v %s", q.Mode, q.Minutes, q.Filters, q.District), func(t *testing.T) {
			res, err := plan.New(snap).SuggestSites(context.Background(), withK(q, 5))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Suggestions) != 5 || res.Candidates == 0 {
				t.Fatalf("%d suggestions from %d candidates", len(res.Suggestions), res.Candidates)
			}
			before := coverage(t, snap, q).City
			if before.Covered != res.Covered || before.Population != res.Population {
				t.Fatalf("suggest starts from %d/%d, coverage says %d/%d", res.Covered, res.Population, before.Covered, before.Population)
			}
			covered := before.Covered
			for i, sg := range res.Suggestions {
				if sg.Rank != i+1 || sg.Gain <= 0 || (i > 0 && sg.Gain > res.Suggestions[i-1].Gain) {
					t.Errorf("suggestion %d: rank %d gain %d after %v", i, sg.Rank, sg.Gain, res.Suggestions[max(0, i-1)].Gain)
				}
				if q.District != "" && sg.DistrictCode != q.District {
					t.Errorf("suggestion %s is in %s", sg.Name, sg.DistrictCode)
				}
				added := q
				for _, prev := range res.Suggestions[:i+1] {
					added.Added = append(added.Added, prev.Location)
				}
				after := coverage(t, snap, added).City
				if after.Covered-covered != sg.Gain || after.Covered != sg.Covered {
					t.Errorf("suggestion %d (%s %s): gain %d, but adding it raises coverage by %d (to %d, said %d)",
						sg.Rank, sg.Kind, sg.Name, sg.Gain, after.Covered-covered, after.Covered, sg.Covered)
				}
				covered = after.Covered
			}
		})
	}
}

// The first suggestion, opened for real as a site in the catalogue with a
// matching course, covers the people it promised: the suggestion and a
// rebuilt snapshot agree, with nothing shared but the catalogue.
func TestSuggestionOpenedForReal(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	q := plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing}
	res, err := plan.New(snap).SuggestSites(context.Background(), withK(q, 1))
	if err != nil {
		t.Fatal(err)
	}
	sg := res.Suggestions[0]
	more := *cat
	d, _ := snap.DistrictOf(sg.Location)
	township := ""
	for _, tw := range cat.Townships {
		if tw.DistrictCode == d.Code {
			township = tw.Code
			break
		}
	}
	inst := cat.Institutions[0]
	more.Sites = append(slices.Clone(cat.Sites), data.Site{ID: "NEW1", InstitutionID: inst.ID, Name: "新培训点", Kind: data.Community,
		Address: "新址", DistrictCode: d.Code, TownshipCode: township, Location: sg.Location})
	course := cat.Courses[slices.IndexFunc(cat.Courses, func(c data.Course) bool {
		return c.Family == data.Manufacturing && c.InstitutionID == inst.ID
	})]
	course.ID, course.SiteIDs, course.Delivery = "NEWC1", []string{"NEW1"}, data.OnSite
	more.Courses = append(slices.Clone(cat.Courses), course)
	path := filepath.Join(t.TempDir(), "more.db")
	if _, err := index.Build(context.Background(), path, &more, index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	snap2, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer snap2.Close()
	after := coverage(t, snap2, q).City
	if after.Covered != res.Covered+sg.Gain {
		t.Errorf("a real site at %s (%v) covers %d; the suggestion promised %d + %d", sg.Name, sg.Location, after.Covered, res.Covered, sg.Gain)
	}
}

func TestCandidates(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	cands, err := plan.New(snap).Candidates(plan.Query{Filters: manufacturing})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[plan.CandidateKind]int{}
	for _, c := range cands {
		kinds[c.Kind]++
		if _, ok := snap.District(c.DistrictCode); !ok {
			t.Errorf("candidate %s %s has district %q", c.Kind, c.Name, c.DistrictCode)
		}
	}
	parks := map[string]bool{}
	for _, s := range cat.Sites {
		if s.Park != "" {
			parks[s.Park] = true
		}
	}
	if kinds[plan.CandidateTownship] != len(cat.Townships) || kinds[plan.CandidatePark] < len(parks) ||
		kinds[plan.CandidateStation] != len(cat.Stations) || len(cat.Stations) < 100 || kinds[plan.CandidateInstitution] == 0 {
		t.Errorf("candidates by kind %v; %d townships, %d parks, %d stations", kinds, len(cat.Townships), len(parks), len(cat.Stations))
	}
	// An institution that teaches manufacturing somewhere is no candidate.
	teaches := map[string]bool{}
	for _, c := range cat.Courses {
		if c.Family == data.Manufacturing && c.Delivery.AtSite() {
			teaches[c.InstitutionID] = true
		}
	}
	for _, c := range cands {
		if c.Kind == plan.CandidateInstitution && teaches[c.InstitutionID] {
			t.Errorf("candidate %s: institution %s already teaches manufacturing", c.Name, c.InstitutionID)
		}
	}
}

func TestCoverageQueryErrors(t *testing.T) {
	_, snap := ningboSnapshot(t)
	for _, tc := range []struct {
		q     plan.Query
		k     int
		field string
	}{
		{plan.Query{Minutes: 61}, 1, "minutes"},
		{plan.Query{Minutes: -1}, 1, "minutes"},
		{plan.Query{District: "999999"}, 1, "district"},
		{plan.Query{Mode: "boat"}, 1, "mode"},
		{plan.Query{Added: []orb.Point{{200, 30}}}, 1, "add"},
		{plan.Query{}, 11, "k"},
		{plan.Query{}, -1, "k"},
	} {
		_, err := plan.New(snap).SuggestSites(context.Background(), withK(tc.q, tc.k))
		var qe *index.QueryError
		if !errors.As(err, &qe) || qe.Field != tc.field {
			t.Errorf("%+v k=%d: err %v, want a QueryError on %s", tc.q, tc.k, err, tc.field)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := plan.New(snap).Coverage(ctx, plan.Query{Mode: geo.Drive, Minutes: 60}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled coverage: %v", err)
	}
}

func TestDemandMatches(t *testing.T) {
	for _, tc := range []struct {
		d    data.Demand
		c    data.Course
		want bool
	}{
		{data.Demand{Trade: "焊工", OccupationCode: "6-18-02-04", Level: data.Intermediate}, data.Course{Trade: "电焊工", OccupationCode: "6-18-02-04", Level: data.Intermediate}, true},
		{data.Demand{Trade: "焊工", OccupationCode: "6-18-02-04", Level: data.Intermediate}, data.Course{Trade: "焊工", OccupationCode: "6-18-02-04", Level: data.Senior}, false},
		{data.Demand{Trade: "焊工", OccupationCode: "6-18-02-04", Level: data.NoLevel}, data.Course{Trade: "焊工", OccupationCode: "6-18-02-04", Level: data.Senior}, true},
		{data.Demand{Trade: "钳工", Level: data.Junior}, data.Course{Trade: "钳工", Level: data.Junior}, true},
		{data.Demand{Trade: "钳工", Level: data.Junior}, data.Course{Trade: "钳工", OccupationCode: "6-20-01-01", Level: data.Junior}, true},
		{data.Demand{Trade: "车工", OccupationCode: "6-18-01-01", Level: data.Junior}, data.Course{Trade: "车工", OccupationCode: "6-18-01-02", Level: data.Junior}, false},
		{data.Demand{Trade: "模具工", Level: data.Junior}, data.Course{Trade: "钳工", Level: data.Junior}, false},
	} {
		if got := plan.DemandMatches(&tc.d, &tc.c); got != tc.want {
			t.Errorf("%+v against %+v: %v", tc.d, tc.c, got)
		}
	}
}

// Demand met: every row is met at most fully and only with a matching
// course in reach; a course's seats are never handed out more than once;
// trades sum their rows and come least met first.
func TestDemandMet(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	total := 0
	for _, d := range cat.Demand {
		total += d.Headcount
	}
	for _, q := range []plan.Query{
		{Mode: geo.Walk, Minutes: 15},
		{Mode: geo.EBike, Minutes: 20, Filters: manufacturing},
		{Mode: geo.Drive, Minutes: 60, District: "330211"},
		{Mode: geo.Bike, Minutes: 30, Filters: index.Filters{Trade: "电工"}},
	} {
		res, err := plan.New(snap).DemandMet(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if q.District == "" && q.Filters.Families == nil && q.Filters.Trade == "" && res.Headcount != total {
			t.Errorf("%+v: headcount %d, demand.csv %d", q, res.Headcount, total)
		}
		if len(res.Rows) == 0 || res.Met <= 0 || res.Met > float64(res.Headcount) {
			t.Fatalf("%+v: %d rows, met %.1f of %d", q, len(res.Rows), res.Met, res.Headcount)
		}
		byTrade := map[string]float64{}
		for _, r := range res.Rows {
			if r.Met > float64(r.Demand.Headcount)+1e-9 || (r.Courses == 0 && r.Met != 0) || (r.Courses > 0) != (r.NearestMinutes != nil) {
				t.Errorf("row %s %s: met %.1f of %d with %d courses", r.Enterprise.ID, r.Demand.Trade, r.Met, r.Demand.Headcount, r.Courses)
			}
			if r.NearestMinutes != nil && *r.NearestMinutes > float64(q.Minutes)+0.05 {
				t.Errorf("row %s %s: nearest %v min", r.Enterprise.ID, r.Demand.Trade, *r.NearestMinutes)
			}
			if q.District != "" && r.Enterprise.DistrictCode != q.District {
				t.Errorf("row of %s in %s", r.Enterprise.ID, r.Enterprise.DistrictCode)
			}
			byTrade[r.Demand.Trade] += r.Met
		}
		for i, td := range res.Trades {
			if math.Abs(byTrade[td.Trade]-td.Met) > 1e-6 {
				t.Errorf("trade %s: met %.2f, rows %.2f", td.Trade, td.Met, byTrade[td.Trade])
			}
			if i > 0 && td.MetShare < res.Trades[i-1].MetShare {
				t.Errorf("trades out of order at %s", td.Trade)
			}
		}
	}
}

func BenchmarkCoverageCityWalk15(b *testing.B) {
	_, snap := ningboSnapshot(b)
	q := plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plan.New(snap).Coverage(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCoverageCityEBike30(b *testing.B) {
	_, snap := ningboSnapshot(b)
	q := plan.Query{Mode: geo.EBike, Minutes: 30}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plan.New(snap).Coverage(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSuggestK5Walk15(b *testing.B) {
	_, snap := ningboSnapshot(b)
	q := plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing, K: 5}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plan.New(snap).SuggestSites(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDemandWalk15(b *testing.B) {
	_, snap := ningboSnapshot(b)
	q := plan.Query{Mode: geo.Walk, Minutes: 15}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plan.New(snap).DemandMet(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}
