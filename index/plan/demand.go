package plan

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index"
)

// DemandMatches says whether a course can train people for a demand row:
// the same occupation code when both have one, else the same trade name;
// and the same skill level, unless the demand names none.
func DemandMatches(d *data.Demand, c *data.Course) bool {
	return demandMatches(d, c.Trade, c.OccupationCode, c.Level)
}

func demandMatches(d *data.Demand, trade, occupationCode string, level data.Level) bool {
	if d.OccupationCode != "" && occupationCode != "" {
		if d.OccupationCode != occupationCode {
			return false
		}
	} else if d.Trade != trade {
		return false
	}
	return d.Level == data.NoLevel || d.Level == level
}

// DemandRow is one enterprise's demand for a trade against the supply
// within reach of the enterprise.
type DemandRow struct {
	Enterprise data.Enterprise
	Demand     data.Demand
	// Courses is how many matching courses meet within reach, SeatsInReach
	// their seats, NearestMinutes the time to the nearest (nil if none).
	Courses        int
	SeatsInReach   int
	NearestMinutes *float64
	// Met is how many of Headcount the seats within reach can train once
	// each course's seats are shared among all the demand within its reach
	// (see DemandMet); MetShare is Met / Headcount.
	Met      float64
	MetShare float64
}

// TradeDemand sums the demand for one trade.
type TradeDemand struct {
	Trade          string
	OccupationCode string
	Enterprises    int
	Headcount      int
	Met            float64
	MetShare       float64
	// Unreached is the headcount of rows with no matching course within
	// reach at all.
	Unreached int
}

// DemandResult is the supply against the demand.
type DemandResult struct {
	Query     Query
	Headcount int
	Met       float64
	MetShare  float64
	Rows      []DemandRow   // in demand.csv order
	Trades    []TradeDemand // least met first, then the largest demand
}

// reached is a course within reach of an enterprise, with the time to
// its nearest site.
type reached struct {
	course  int32
	minutes float64
}

// supplied is what DemandMet weighs of a course in reach.
type supplied struct {
	trade, occupationCode string
	level                 data.Level
	seats                 int
}

// courseCache reads each course a question meets once.
type courseCache struct {
	snap    Snapshot
	slot    []int32 // per course: its index in courses, -1 until read
	courses []supplied
}

func newCourseCache(snap Snapshot) *courseCache {
	cc := &courseCache{snap: snap, slot: make([]int32, snap.NumCourses())}
	for i := range cc.slot {
		cc.slot[i] = -1
	}
	return cc
}

func (cc *courseCache) get(ci int32) *supplied {
	k := cc.slot[ci]
	if k < 0 {
		c := cc.snap.CourseAt(ci)
		k = int32(len(cc.courses))
		cc.slot[ci] = k
		cc.courses = append(cc.courses, supplied{c.Trade, c.OccupationCode, c.Level, c.Seats})
	}
	return &cc.courses[k]
}

// DemandMet sets every enterprise's training demand against the matching
// seats within q.Minutes of it (DemandMatches says what matches). Seats are
// shared as in the two-step floating catchment area method: each course's
// seats are divided by the headcount of all the matching demand within
// its reach, and a demand row is met by the sum of those ratios over the
// courses it reaches (at most fully). It counts a course's full seats, as
// if they all went to the enterprises: an upper bound on what is met.
func (p *Planner) DemandMet(ctx context.Context, q Query) (*DemandResult, error) {
	if err := q.Normalize(p.snap); err != nil {
		return nil, err
	}
	firms := map[string]data.Enterprise{}
	for _, e := range p.snap.Enterprises() {
		firms[e.ID] = e
	}
	rows := p.demandRows(&q, firms)
	inReach, err := p.coursesInReach(ctx, &q, rows, firms)
	if err != nil {
		return nil, err
	}
	res := &DemandResult{Query: q}
	courses := newCourseCache(p.snap)
	for k, row := range shareSeats(rows, firms, inReach, courses) {
		res.Rows = append(res.Rows, row)
		res.Headcount += rows[k].Headcount
		res.Met += row.Met
	}
	res.Trades = tradeTotals(res.Rows)
	if res.Headcount > 0 {
		res.MetShare = res.Met / float64(res.Headcount)
	}
	return res, nil
}

// demandRows are the demand rows of the enterprises in scope that pass
// the query's demand filters, in catalogue order.
func (p *Planner) demandRows(q *Query, firms map[string]data.Enterprise) []data.Demand {
	f := &q.Filters
	taught := p.taughtIn(f.Families)
	var rows []data.Demand
	for _, d := range p.snap.Demand() {
		e, ok := firms[d.EnterpriseID]
		switch {
		case !ok:
			continue
		case q.District != "" && e.DistrictCode != q.District:
			continue
		case f.Trade != "" && d.Trade != f.Trade:
			continue
		case len(f.Trades) > 0 && !slices.Contains(f.Trades, d.Trade):
			continue
		case f.OccupationCode != "" && !index.OccupationMatches(d.OccupationCode, f.OccupationCode):
			continue
		case len(f.Levels) > 0 && !slices.Contains(f.Levels, d.Level):
			continue
		case len(f.Families) > 0 && !taught(&d):
			continue
		}
		rows = append(rows, d)
	}
	return rows
}

// taughtIn says whether any course of one of families teaches a demand
// row's trade (as DemandMatches, at any level, anywhere): the families a trade
// belongs to.
func (p *Planner) taughtIn(families []data.Family) func(d *data.Demand) bool {
	if len(families) == 0 {
		return func(*data.Demand) bool { return true }
	}
	codes, tradesUncoded, trades := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for ci := range int32(p.snap.NumCourses()) {
		c := p.snap.CourseAt(ci)
		if !slices.Contains(families, c.Family) {
			continue
		}
		trades[c.Trade] = true
		if c.OccupationCode != "" {
			codes[c.OccupationCode] = true
		} else {
			tradesUncoded[c.Trade] = true
		}
	}
	return func(d *data.Demand) bool {
		if d.OccupationCode == "" {
			return trades[d.Trade]
		}
		return codes[d.OccupationCode] || tradesUncoded[d.Trade]
	}
}

// coursesInReach finds, for each enterprise with demand, the supply
// courses within q.Minutes of it and the time to each one's nearest site,
// in course order. The supply filter is the query's, less what selects
// demand rows.
func (p *Planner) coursesInReach(ctx context.Context, q *Query, rows []data.Demand, firms map[string]data.Enterprise) (map[string][]reached, error) {
	supplyFilters := q.Filters
	supplyFilters.Families, supplyFilters.Trade, supplyFilters.Trades, supplyFilters.OccupationCode, supplyFilters.Levels = nil, "", nil, "", nil
	supply := p.snap.CourseMatcher(&supplyFilters)
	inReach := map[string][]reached{}
	for _, d := range rows {
		if _, done := inReach[d.EnterpriseID]; done {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		nearest := map[int32]float64{}
		err := p.snap.ReachableSites(firms[d.EnterpriseID].Location, q.Mode, float64(q.Minutes), func(si int32, t float64) {
			for ci := range p.snap.SiteCourses(si) {
				if !supply(ci) {
					continue
				}
				if m, ok := nearest[ci]; !ok || t < m {
					nearest[ci] = t
				}
			}
		})
		if err != nil {
			return nil, err
		}
		list := make([]reached, 0, len(nearest))
		for ci, t := range nearest {
			list = append(list, reached{ci, t})
		}
		slices.SortFunc(list, func(a, b reached) int { return cmp.Compare(a.course, b.course) })
		inReach[d.EnterpriseID] = list
	}
	return inReach, nil
}

// shareSeats is 2SFCA over demand: the headcount within reach of each
// course, then each row's share of the seats it reaches.
func shareSeats(rows []data.Demand, firms map[string]data.Enterprise, inReach map[string][]reached, courses *courseCache) []DemandRow {
	matches := make([][]reached, len(rows))
	load := map[int32]float64{}
	for k := range rows {
		d := &rows[k]
		for _, rc := range inReach[d.EnterpriseID] {
			if c := courses.get(rc.course); demandMatches(d, c.trade, c.occupationCode, c.level) {
				matches[k] = append(matches[k], rc)
				load[rc.course] += float64(d.Headcount)
			}
		}
	}
	out := make([]DemandRow, len(rows))
	for k, d := range rows {
		row := DemandRow{Enterprise: firms[d.EnterpriseID], Demand: d, Courses: len(matches[k])}
		ratio := 0.0
		nearest := math.Inf(1)
		for _, rc := range matches[k] {
			seats := courses.get(rc.course).seats
			row.SeatsInReach += seats
			ratio += float64(seats) / load[rc.course]
			nearest = math.Min(nearest, rc.minutes)
		}
		row.NearestMinutes = minutesOrNil(nearest)
		row.MetShare = math.Min(1, ratio)
		row.Met = row.MetShare * float64(d.Headcount)
		out[k] = row
	}
	return out
}

// tradeTotals sums the rows by trade, least met first, then the largest
// demand, then by name.
func tradeTotals(rows []DemandRow) []TradeDemand {
	trades := map[string]*TradeDemand{}
	firms := map[string]map[string]bool{}
	var order []string
	for _, row := range rows {
		d := &row.Demand
		td := trades[d.Trade]
		if td == nil {
			td = &TradeDemand{Trade: d.Trade}
			trades[d.Trade] = td
			firms[d.Trade] = map[string]bool{}
			order = append(order, d.Trade)
		}
		if td.OccupationCode == "" {
			td.OccupationCode = d.OccupationCode
		}
		td.Headcount += d.Headcount
		td.Met += row.Met
		if row.Courses == 0 {
			td.Unreached += d.Headcount
		}
		firms[d.Trade][d.EnterpriseID] = true
	}
	out := make([]TradeDemand, 0, len(order))
	for _, name := range order {
		td := trades[name]
		td.Enterprises = len(firms[name])
		if td.Headcount > 0 {
			td.MetShare = td.Met / float64(td.Headcount)
		}
		out = append(out, *td)
	}
	slices.SortFunc(out, func(a, b TradeDemand) int {
		if c := cmp.Compare(a.MetShare, b.MetShare); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Headcount, a.Headcount); c != 0 {
			return c
		}
		return cmp.Compare(a.Trade, b.Trade)
	})
	return out
}
