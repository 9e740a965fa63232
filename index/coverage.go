package index

import (
	"context"
	"math"
	"runtime"
	"sync"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
)

// CoverageQuery asks who lives within reach of a matching course.
type CoverageQuery struct {
	Mode    geo.Mode
	Minutes int // 1-60; 0 means DefaultMinutes
	// Filters say which courses match: family, trade, occupation code,
	// level, schedule, audience, fee, group... as in a search. Onsite and
	// blended courses count; online ones never cover anyone. Districts is
	// not used: people cross district lines to reach a course.
	Filters Filters
	// District limits the people counted (and the places suggested) to one
	// district, by code; empty means the whole region.
	District string
	// Added are places where a matching course is imagined to meet, as if
	// new training points were opened there ("what if"). They cover people
	// but bring no seats.
	Added []orb.Point
}

// Normalize fills defaults and checks the query, returning a *QueryError
// naming the first wrong field.
func (q *CoverageQuery) Normalize(s *Snapshot) error {
	if q.Mode == "" {
		q.Mode = geo.Walk
	}
	if q.Minutes == 0 {
		q.Minutes = DefaultMinutes
	}
	if q.Minutes < MinMinutes || q.Minutes > MaxMinutes {
		return invalid("minutes", "%d is outside %d..%d", q.Minutes, MinMinutes, MaxMinutes)
	}
	if q.District != "" {
		if _, ok := s.districtByID[q.District]; !ok {
			return invalid("district", "%q is not a district code of %s", q.District, s.meta.Region.Name)
		}
	}
	if len(q.Filters.Deliveries) == 0 {
		q.Filters.Deliveries = []data.Delivery{data.OnSite, data.Blended}
	}
	q.Filters.Districts = nil
	if len(q.Added) > MaxSiteSuggestions {
		return invalid("add", "%d places; at most %d", len(q.Added), MaxSiteSuggestions)
	}
	for _, p := range q.Added {
		if !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) {
			return invalid("add", "%v is not a longitude,latitude", p)
		}
	}
	return nil
}

// Coverage is how many people live within reach of a matching course,
// for the region, each district and each township, and cell by cell.
type Coverage struct {
	Query      CoverageQuery
	Population PopulationSource
	// MatchingCourses meet at MatchingSites (listed in Sites); Seats are
	// theirs.
	MatchingCourses int
	MatchingSites   int
	Seats           int
	// InDistrict, with a District, is the part of that supply held at
	// the district's own sites: its people may also reach courses beyond
	// its border, which the coverage counts.
	InDistrict *Supply
	Sites      []*data.Site
	// SurfaceMinutes is how far the travel-time surface looks: a cell
	// with no matching course that near has no Minutes.
	SurfaceMinutes int
	City           AreaCoverage
	Districts      []AreaCoverage // in catalogue order; only District's when set
	Townships      []AreaCoverage // in catalogue order
	Cells          []CellCoverage // populated cells, by cell index
}

// Supply counts matching courses, the sites that hold them and their seats.
type Supply struct {
	Courses, Sites, Seats int
}

// AreaCoverage is the coverage of a district, township or the region.
// Covered + Uncovered = Population exactly.
type AreaCoverage struct {
	Code         string
	Name         string
	DistrictCode string // for a township
	Population   int
	Covered      int
	Uncovered    int
	Share        float64 // Covered / Population; 0 with no population
	// SeatsPer1000 is the matching seats within reach per 1,000 people,
	// by the two-step floating catchment area method (see Coverage).
	SeatsPer1000 float64
}

// CellCoverage is one populated H3 cell (PopulationResolution).
type CellCoverage struct {
	Cell         h3.Cell
	Centre       orb.Point
	DistrictCode string
	TownshipCode string
	People       int
	// Minutes to the nearest matching course from the cell's centre; nil
	// when none is within SurfaceMinutes.
	Minutes *float64
	Covered bool
	// SeatsPer1000 is the cell's 2SFCA accessibility: matching seats within
	// reach, each shared among everyone within its reach, per 1,000 people.
	SeatsPer1000 float64
}

// SurfaceFactor sets how far the travel-time surface looks, as a multiple
// of the query's minutes (at most MaxMinutes).
const SurfaceFactor = 2

// reachPair is one site within the query's minutes of a cell.
type reachPair struct {
	site    int32
	minutes float32
}

// coverageRun is the work shared by coverage and suggestions: every
// populated cell's nearest matching site and the matching sites in reach.
type coverageRun struct {
	q        CoverageQuery
	travel   *travel
	supply   []float64 // matching seats per site (a course's seats split among its sites)
	matching []bool
	courses  int
	sites    int
	seats    int
	local    Supply        // with a district: the matching courses held in it
	nearest  []float64     // per population cell; +Inf when beyond the surface
	reach    [][]reachPair // per population cell: matching sites within q.Minutes
	covered  []bool
}

func (s *Snapshot) runCoverage(ctx context.Context, q CoverageQuery) (*coverageRun, error) {
	if err := q.Normalize(s); err != nil {
		return nil, err
	}
	tr, err := s.travel(q.Mode)
	if err != nil {
		return nil, err
	}
	r := &coverageRun{q: q, travel: tr, supply: make([]float64, len(s.sites))}
	f := s.newFilter(&q.Filters)
	matching := make([]bool, len(s.sites))
	for ci := range s.courses {
		c := &s.courses[ci]
		if len(s.courseSites[ci]) == 0 || !f.course(int32(ci)) {
			continue
		}
		r.courses++
		r.seats += c.Seats
		share := float64(c.Seats) / float64(len(s.courseSites[ci]))
		local := 0
		for _, si := range s.courseSites[ci] {
			matching[si] = true
			r.supply[si] += share
			if q.District != "" && s.sites[si].DistrictCode == q.District {
				local++
			}
		}
		if local > 0 {
			r.local.Courses++
			r.local.Seats += c.Seats * local / len(s.courseSites[ci])
		}
	}
	for si, m := range matching {
		if m {
			r.sites++
			if q.District != "" && s.sites[si].DistrictCode == q.District {
				r.local.Sites++
			}
		}
	}
	r.matching = matching
	limit := float64(q.Minutes)
	horizon := math.Min(MaxMinutes, SurfaceFactor*limit)
	n := len(s.population)
	r.nearest = make([]float64, n)
	for i := range r.nearest {
		r.nearest[i] = math.Inf(1)
	}
	r.reach = make([][]reachPair, n)
	r.covered = make([]bool, n)

	// Ask backwards from each matching site and added place which cells
	// reach it, then turn the answers round.
	var targets []orb.Point
	var siteOf []int32 // -1 for an added place
	for si, m := range matching {
		if m {
			targets = append(targets, s.sites[si].Location)
			siteOf = append(siteOf, int32(si))
		}
	}
	for _, p := range q.Added {
		targets = append(targets, p)
		siteOf = append(siteOf, -1)
	}
	type hit struct {
		origin  int32
		minutes float64
	}
	hits := make([][]hit, len(targets))
	origins := s.populationPlaces()
	err = parallel(ctx, len(targets), func(k int) {
		s.originsReaching(targets[k], origins, tr, horizon, func(oi int32, t float64) {
			hits[k] = append(hits[k], hit{oi, t})
		})
	})
	if err != nil {
		return nil, err
	}
	for k, hs := range hits {
		for _, h := range hs {
			r.nearest[h.origin] = math.Min(r.nearest[h.origin], h.minutes)
			if h.minutes <= limit {
				r.covered[h.origin] = true
				if siteOf[k] >= 0 {
					r.reach[h.origin] = append(r.reach[h.origin], reachPair{siteOf[k], float32(h.minutes)})
				}
			}
		}
	}
	return r, nil
}

// populationPlaces indexes the populated cells' centres as origins for
// originsReaching; built once per snapshot.
func (s *Snapshot) populationPlaces() *places {
	s.popPlacesOnce.Do(func() {
		points := make([]orb.Point, len(s.population))
		for i, pc := range s.population {
			points[i] = pc.Centre
		}
		s.popPlaces = newPlaces(points)
	})
	return s.popPlaces
}

// parallel calls fn(i) for i in [0, n) on every CPU, checking ctx between
// chunks.
func parallel(ctx context.Context, n int, fn func(i int)) error {
	const chunk = 16
	workers := runtime.GOMAXPROCS(0)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range next {
				for i := start; i < min(n, start+chunk); i++ {
					fn(i)
				}
			}
		}()
	}
	var err error
	for start := 0; start < n; start += chunk {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- start
	}
	close(next)
	wg.Wait()
	return err
}

// inScope says whether a population cell counts for the query's district.
func (s *Snapshot) inScope(q *CoverageQuery, i int) bool {
	return q.District == "" || s.townships[s.population[i].Township].DistrictCode == q.District
}

// Coverage counts the people within q.Minutes of a matching course, for
// the region (or q.District), each district and each township, and gives
// every populated cell its travel time to the nearest matching course.
//
// Times come from each cell's centre by the same travel times a search
// uses (reachableSites). Seats per 1,000 people follow the two-step
// floating catchment area method (Luo and Wang, 2003): each site's
// matching seats are divided by the people within q.Minutes of it, and a
// cell's accessibility is the sum of those ratios over the sites within
// q.Minutes of it. Catchments always count the whole region's people, so
// a district's figure allows for its neighbours' demand.
func (s *Snapshot) Coverage(ctx context.Context, q CoverageQuery) (*Coverage, error) {
	r, err := s.runCoverage(ctx, q)
	if err != nil {
		return nil, err
	}
	q = r.q

	// 2SFCA: people within reach of each site, then each cell's sum of
	// seats per person over the sites it reaches.
	demand := make([]float64, len(s.sites))
	for i, pairs := range r.reach {
		for _, p := range pairs {
			demand[p.site] += float64(s.population[i].People)
		}
	}
	access := make([]float64, len(s.population))
	for i, pairs := range r.reach {
		for _, p := range pairs {
			if demand[p.site] > 0 {
				access[i] += r.supply[p.site] / demand[p.site]
			}
		}
	}

	cov := &Coverage{
		Query: q, Population: s.meta.Population,
		MatchingCourses: r.courses, MatchingSites: r.sites, Seats: r.seats,
		SurfaceMinutes: int(math.Min(MaxMinutes, SurfaceFactor*float64(q.Minutes))),
	}
	if q.District != "" {
		local := r.local
		cov.InDistrict = &local
	}
	for si, m := range r.matching {
		if m {
			cov.Sites = append(cov.Sites, &s.sites[si])
		}
	}
	type tally struct{ people, covered, uncovered, seats float64 }
	townships := make([]tally, len(s.townships))
	districts := make([]tally, len(s.districts))
	var city tally
	for i := range s.population {
		if !s.inScope(&q, i) {
			continue
		}
		pc := &s.population[i]
		t := s.townships[pc.Township]
		di := s.districtByID[t.DistrictCode]
		people := float64(pc.People)
		covered, uncovered := 0.0, people
		if r.covered[i] {
			covered, uncovered = people, 0
		}
		for _, tl := range []*tally{&townships[pc.Township], &districts[di], &city} {
			tl.people += people
			tl.covered += covered
			tl.uncovered += uncovered
			tl.seats += people * access[i]
		}
		cell := CellCoverage{Cell: pc.Cell, Centre: pc.Centre, DistrictCode: t.DistrictCode, TownshipCode: t.Code,
			People: pc.People, Covered: r.covered[i], SeatsPer1000: 1000 * access[i]}
		if !math.IsInf(r.nearest[i], 1) {
			m := math.Round(r.nearest[i]*10) / 10
			cell.Minutes = &m
		}
		cov.Cells = append(cov.Cells, cell)
	}
	area := func(code, name, district string, t tally) AreaCoverage {
		a := AreaCoverage{Code: code, Name: name, DistrictCode: district,
			Population: int(t.people), Covered: int(t.covered), Uncovered: int(t.uncovered)}
		if t.people > 0 {
			a.Share = t.covered / t.people
			a.SeatsPer1000 = 1000 * t.seats / t.people
		}
		return a
	}
	region := s.meta.Region
	cov.City = area(region.Code, region.Name, "", city)
	if q.District != "" {
		d := s.districts[s.districtByID[q.District]]
		cov.City = area(d.Code, d.Name, "", city)
	}
	for di, d := range s.districts {
		if q.District == "" || d.Code == q.District {
			cov.Districts = append(cov.Districts, area(d.Code, d.Name, "", districts[di]))
		}
	}
	for ti, t := range s.townships {
		if q.District == "" || t.DistrictCode == q.District {
			cov.Townships = append(cov.Townships, area(t.Code, t.Name, t.DistrictCode, townships[ti]))
		}
	}
	return cov, nil
}
