package plan

import (
	"context"
	"iter"
	"math"
	"runtime"
	"sync"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan/population"
)

// Planner answers the planner's questions about one snapshot.
type Planner struct {
	snap Snapshot
}

// New returns a planner over snap.
func New(snap Snapshot) *Planner { return &Planner{snap: snap} }

// Coverage is how many people live within reach of a matching course,
// for the region, each district and each township, and cell by cell.
type Coverage struct {
	Query      Query
	Population population.Source
	// MatchingCourses meet at MatchingSites (listed in Sites); Seats are
	// theirs.
	MatchingCourses int
	MatchingSites   int
	Seats           int
	// InDistrict, with a District, is the part of that supply held at
	// the district's own sites: its people may also reach courses beyond
	// its border, which the coverage counts.
	InDistrict *Supply
	Sites      []data.Site
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

// CellCoverage is one populated H3 cell (population.Resolution).
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
// of the query's minutes (at most index.MaxMinutes).
const SurfaceFactor = 2

// reachPair is one site within the query's minutes of a cell.
type reachPair struct {
	site    int32
	minutes float32
}

// region is what every question reads of the snapshot's places: its
// districts, townships, sites and populated cells.
type region struct {
	districts    []data.District
	districtByID map[string]int
	townships    []data.Township
	sites        []data.Site
	cells        []index.PopulationCell
}

func (p *Planner) region() *region {
	meta := p.snap.Meta()
	r := &region{districts: p.snap.Districts(), townships: p.snap.Townships(), districtByID: map[string]int{},
		sites: make([]data.Site, 0, meta.Counts.Sites), cells: make([]index.PopulationCell, 0, meta.Population.Cells)}
	for i, d := range r.districts {
		r.districtByID[d.Code] = i
	}
	for _, s := range p.snap.AllSites() {
		r.sites = append(r.sites, s)
	}
	for _, c := range p.snap.PopulationCells() {
		r.cells = append(r.cells, c)
	}
	return r
}

// inScope says whether population cell i counts for a district ("" for
// the whole region).
func (r *region) inScope(district string, i int) bool {
	return district == "" || r.townships[r.cells[i].Township].DistrictCode == district
}

// coverageRun is the work shared by coverage and suggestions: every
// populated cell's nearest matching site and the matching sites in reach.
type coverageRun struct {
	*region
	q        Query
	supply   []float64 // matching seats per site (a course's seats split among its sites)
	matching []bool
	// matching courses, the sites that hold them, their seats
	courses, matchingSites, seats int
	local                         Supply        // with a district: the matching courses held in it
	nearest                       []float64     // per population cell; +Inf when beyond the surface
	reach                         [][]reachPair // per population cell: matching sites within q.Minutes
	covered                       []bool
}

func (p *Planner) runCoverage(ctx context.Context, q Query) (*coverageRun, error) {
	if err := q.Normalize(p.snap); err != nil {
		return nil, err
	}
	r := &coverageRun{region: p.region(), q: q}
	p.matchSupply(r)
	if err := p.timeCells(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// matchSupply finds the matching courses, the sites that hold them and
// each site's share of their seats.
func (p *Planner) matchSupply(r *coverageRun) {
	q := &r.q
	r.supply = make([]float64, len(r.sites))
	r.matching = make([]bool, len(r.sites))
	match := p.snap.CourseMatcher(&q.Filters)
	for ci := range int32(p.snap.NumCourses()) {
		if !match(ci) {
			continue
		}
		n := count(p.snap.CourseSites(ci))
		if n == 0 {
			continue
		}
		seats := p.snap.CourseAt(ci).Seats
		r.courses++
		r.seats += seats
		share := float64(seats) / float64(n)
		local := 0
		for si := range p.snap.CourseSites(ci) {
			r.matching[si] = true
			r.supply[si] += share
			if q.District != "" && r.sites[si].DistrictCode == q.District {
				local++
			}
		}
		if local > 0 {
			r.local.Courses++
			r.local.Seats += seats * local / n
		}
	}
	for si, m := range r.matching {
		if m {
			r.matchingSites++
			if q.District != "" && r.sites[si].DistrictCode == q.District {
				r.local.Sites++
			}
		}
	}
}

// timeCells asks backwards from each matching site and added place which
// cells reach it, then turns the answers round: each cell's nearest time
// and the matching sites within the query's minutes.
func (p *Planner) timeCells(ctx context.Context, r *coverageRun) error {
	limit := float64(r.q.Minutes)
	horizon := math.Min(index.MaxMinutes, SurfaceFactor*limit)
	n := len(r.cells)
	r.nearest = make([]float64, n)
	for i := range r.nearest {
		r.nearest[i] = math.Inf(1)
	}
	r.reach = make([][]reachPair, n)
	r.covered = make([]bool, n)

	var targets []orb.Point
	var siteOf []int32 // -1 for an added place
	for si, m := range r.matching {
		if m {
			targets = append(targets, r.sites[si].Location)
			siteOf = append(siteOf, int32(si))
		}
	}
	for _, pt := range r.q.Added {
		targets = append(targets, pt)
		siteOf = append(siteOf, -1)
	}
	type hit struct {
		cell    int32
		minutes float64
	}
	hits := make([][]hit, len(targets))
	err := parallel(ctx, len(targets), func(k int) {
		p.snap.PopulationReaching(targets[k], r.q.Mode, horizon, func(ci int32, t float64) {
			hits[k] = append(hits[k], hit{ci, t})
		})
	})
	if err != nil {
		return err
	}
	for k, hs := range hits {
		for _, h := range hs {
			r.nearest[h.cell] = math.Min(r.nearest[h.cell], h.minutes)
			if h.minutes <= limit {
				r.covered[h.cell] = true
				if siteOf[k] >= 0 {
					r.reach[h.cell] = append(r.reach[h.cell], reachPair{siteOf[k], float32(h.minutes)})
				}
			}
		}
	}
	return nil
}

func count[T any](seq iter.Seq[T]) int {
	n := 0
	for range seq {
		n++
	}
	return n
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

// Coverage counts the people within q.Minutes of a matching course, for
// the region (or q.District), each district and each township, and gives
// every populated cell its travel time to the nearest matching course.
//
// Times come from each cell's centre by the same travel times a search
// uses. Seats per 1,000 people follow the two-step floating catchment area
// method (Luo and Wang, 2003): each site's matching seats are divided by
// the people within q.Minutes of it, and a cell's accessibility is the sum
// of those ratios over the sites within q.Minutes of it. Catchments always
// count the whole region's people, so a district's figure allows for its
// neighbours' demand.
func (p *Planner) Coverage(ctx context.Context, q Query) (*Coverage, error) {
	r, err := p.runCoverage(ctx, q)
	if err != nil {
		return nil, err
	}
	q = r.q
	cov := &Coverage{
		Query: q, Population: p.snap.Meta().Population,
		MatchingCourses: r.courses, MatchingSites: r.matchingSites, Seats: r.seats,
		SurfaceMinutes: int(math.Min(index.MaxMinutes, SurfaceFactor*float64(q.Minutes))),
	}
	if q.District != "" {
		local := r.local
		cov.InDistrict = &local
	}
	for si, m := range r.matching {
		if m {
			cov.Sites = append(cov.Sites, r.sites[si])
		}
	}
	p.tally(cov, r, r.access())
	return cov, nil
}

// access is each cell's 2SFCA accessibility: the people within reach of
// each site, then each cell's sum of seats per person over the sites it
// reaches.
func (r *coverageRun) access() []float64 {
	demand := make([]float64, len(r.sites))
	for i, pairs := range r.reach {
		for _, pr := range pairs {
			demand[pr.site] += float64(r.cells[i].People)
		}
	}
	access := make([]float64, len(r.cells))
	for i, pairs := range r.reach {
		for _, pr := range pairs {
			if demand[pr.site] > 0 {
				access[i] += r.supply[pr.site] / demand[pr.site]
			}
		}
	}
	return access
}

// tally sums the cells in scope into their townships, districts and the
// region, and lists them.
func (p *Planner) tally(cov *Coverage, r *coverageRun, access []float64) {
	q := &r.q
	type tally struct{ people, covered, uncovered, seats float64 }
	townships := make([]tally, len(r.townships))
	districts := make([]tally, len(r.districts))
	var city tally
	cov.Cells = make([]CellCoverage, 0, len(r.cells))
	for i := range r.cells {
		if !r.inScope(q.District, i) {
			continue
		}
		pc := &r.cells[i]
		t := r.townships[pc.Township]
		di := r.districtByID[t.DistrictCode]
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
		cov.Cells = append(cov.Cells, CellCoverage{Cell: pc.Cell, Centre: pc.Centre, DistrictCode: t.DistrictCode, TownshipCode: t.Code,
			People: pc.People, Covered: r.covered[i], SeatsPer1000: 1000 * access[i], Minutes: minutesOrNil(r.nearest[i])})
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
	region := p.snap.Meta().Region
	cov.City = area(region.Code, region.Name, "", city)
	if q.District != "" {
		d := r.districts[r.districtByID[q.District]]
		cov.City = area(d.Code, d.Name, "", city)
	}
	for di, d := range r.districts {
		if q.District == "" || d.Code == q.District {
			cov.Districts = append(cov.Districts, area(d.Code, d.Name, "", districts[di]))
		}
	}
	for ti, t := range r.townships {
		if q.District == "" || t.DistrictCode == q.District {
			cov.Townships = append(cov.Townships, area(t.Code, t.Name, t.DistrictCode, townships[ti]))
		}
	}
}
