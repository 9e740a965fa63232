package index

import (
	"context"
	"math"
	"slices"
	"sort"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
)

// DemandMatches says whether a course can train people for a demand row:
// the same occupation code when both have one, else the same trade name;
// and the same skill level, unless the demand names none.
func DemandMatches(d *data.Demand, c *data.Course) bool {
	if !sameTrade(d, c) {
		return false
	}
	return d.Level == data.NoLevel || d.Level == c.Level
}

func sameTrade(d *data.Demand, c *data.Course) bool {
	if d.OccupationCode != "" && c.OccupationCode != "" {
		return d.OccupationCode == c.OccupationCode
	}
	return d.Trade == c.Trade
}

// DemandQuery asks how far the seats within reach of each enterprise meet
// its training demand.
type DemandQuery struct {
	Mode    geo.Mode
	Minutes int // 1-60; 0 means DefaultMinutes
	// Filters: Families keeps the demand for trades taught in those
	// families; Trade, OccupationCode and Levels keep demand rows of that
	// trade, code (or prefix) and level; the other fields (schedule,
	// audience, fee, group, ...) narrow the courses that count as supply.
	Filters Filters
	// District keeps the enterprises of one district, by code.
	District string
}

// DemandRow is one enterprise's demand for a trade against the supply
// within reach of the enterprise.
type DemandRow struct {
	Enterprise *data.Enterprise
	Demand     *data.Demand
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
	Query     DemandQuery
	Headcount int
	Met       float64
	MetShare  float64
	Rows      []DemandRow   // in demand.csv order
	Trades    []TradeDemand // least met first, then the largest demand
}

// DemandMet sets every enterprise's training demand against the matching
// seats within q.Minutes of it (DemandMatches says what matches). Seats are
// shared as in the two-step floating catchment area method: each course's
// seats are divided by the headcount of all the matching demand within
// its reach, and a demand row is met by the sum of those ratios over the
// courses it reaches (at most fully). It counts a course's full seats, as
// if they all went to the enterprises: an upper bound on what is met.
func (s *Snapshot) DemandMet(ctx context.Context, q DemandQuery) (*DemandResult, error) {
	if q.Mode == "" {
		q.Mode = geo.Walk
	}
	if q.Minutes == 0 {
		q.Minutes = DefaultMinutes
	}
	if q.Minutes < MinMinutes || q.Minutes > MaxMinutes {
		return nil, invalid("minutes", "%d is outside %d..%d", q.Minutes, MinMinutes, MaxMinutes)
	}
	if q.District != "" {
		if _, ok := s.districtByID[q.District]; !ok {
			return nil, invalid("district", "%q is not a district code of %s", q.District, s.meta.Region.Name)
		}
	}
	tr, err := s.travel(q.Mode)
	if err != nil {
		return nil, err
	}
	if len(q.Filters.Deliveries) == 0 {
		q.Filters.Deliveries = []data.Delivery{data.OnSite, data.Blended}
	}
	q.Filters.Districts = nil

	// The supply filter: everything but what selects demand rows.
	supplyFilters := q.Filters
	supplyFilters.Families, supplyFilters.Trade, supplyFilters.Trades, supplyFilters.OccupationCode, supplyFilters.Levels = nil, "", nil, "", nil
	supply := s.newFilter(&supplyFilters)
	families, levels := q.Filters.Families, q.Filters.Levels

	enterprise := make(map[string]int, len(s.enterprises))
	for i, e := range s.enterprises {
		enterprise[e.ID] = i
	}
	res := &DemandResult{Query: q}
	taught := map[[2]string]bool{} // (trade, code) -> taught in families
	inFamilies := func(d *data.Demand) bool {
		key := [2]string{d.Trade, d.OccupationCode}
		v, ok := taught[key]
		if !ok {
			v = s.taughtIn(d, families)
			taught[key] = v
		}
		return v
	}
	var rows []int
	for di := range s.demand {
		d := &s.demand[di]
		ei, ok := enterprise[d.EnterpriseID]
		switch {
		case !ok:
			continue
		case q.District != "" && s.enterprises[ei].DistrictCode != q.District:
			continue
		case q.Filters.Trade != "" && d.Trade != q.Filters.Trade:
			continue
		case len(q.Filters.Trades) > 0 && !slices.Contains(q.Filters.Trades, d.Trade):
			continue
		case q.Filters.OccupationCode != "" && !occupationMatches(d.OccupationCode, q.Filters.OccupationCode):
			continue
		case len(levels) > 0 && !slices.Contains(levels, d.Level):
			continue
		case len(families) > 0 && !inFamilies(d):
			continue
		}
		rows = append(rows, di)
	}

	// Courses within reach of each enterprise with demand, nearest time.
	type reached struct {
		course  int32
		minutes float64
	}
	inReach := map[int][]reached{}
	for _, di := range rows {
		ei := enterprise[s.demand[di].EnterpriseID]
		if _, done := inReach[ei]; done {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		nearest := map[int32]float64{}
		s.reachableSites(s.enterprises[ei].Location, tr, float64(q.Minutes), func(si int32, t float64, _ TravelSource) {
			for _, ci := range s.siteCourses[si] {
				if !supply.course(ci) {
					continue
				}
				if m, ok := nearest[ci]; !ok || t < m {
					nearest[ci] = t
				}
			}
		})
		list := make([]reached, 0, len(nearest))
		for ci, t := range nearest {
			list = append(list, reached{ci, t})
		}
		slices.SortFunc(list, func(a, b reached) int { return int(a.course - b.course) })
		inReach[ei] = list
	}

	// 2SFCA over demand: headcount within reach of each course, then each
	// row's share of the seats it reaches.
	matches := make([][]reached, len(rows))
	load := map[int32]float64{}
	for k, di := range rows {
		d := &s.demand[di]
		for _, rc := range inReach[enterprise[d.EnterpriseID]] {
			if DemandMatches(d, &s.courses[rc.course]) {
				matches[k] = append(matches[k], rc)
				load[rc.course] += float64(d.Headcount)
			}
		}
	}
	trades := map[string]*TradeDemand{}
	tradeFirms := map[string]map[string]bool{}
	for k, di := range rows {
		d := &s.demand[di]
		row := DemandRow{Enterprise: &s.enterprises[enterprise[d.EnterpriseID]], Demand: d, Courses: len(matches[k])}
		ratio := 0.0
		nearest := math.Inf(1)
		for _, rc := range matches[k] {
			c := &s.courses[rc.course]
			row.SeatsInReach += c.Seats
			ratio += float64(c.Seats) / load[rc.course]
			nearest = math.Min(nearest, rc.minutes)
		}
		if !math.IsInf(nearest, 1) {
			m := math.Round(nearest*10) / 10
			row.NearestMinutes = &m
		}
		row.MetShare = math.Min(1, ratio)
		row.Met = row.MetShare * float64(d.Headcount)
		res.Rows = append(res.Rows, row)
		res.Headcount += d.Headcount
		res.Met += row.Met

		td := trades[d.Trade]
		if td == nil {
			td = &TradeDemand{Trade: d.Trade}
			trades[d.Trade] = td
			tradeFirms[d.Trade] = map[string]bool{}
		}
		if td.OccupationCode == "" {
			td.OccupationCode = d.OccupationCode
		}
		td.Headcount += d.Headcount
		td.Met += row.Met
		if row.Courses == 0 {
			td.Unreached += d.Headcount
		}
		tradeFirms[d.Trade][d.EnterpriseID] = true
	}
	for name, td := range trades {
		td.Enterprises = len(tradeFirms[name])
		if td.Headcount > 0 {
			td.MetShare = td.Met / float64(td.Headcount)
		}
		res.Trades = append(res.Trades, *td)
	}
	sort.Slice(res.Trades, func(i, j int) bool {
		a, b := res.Trades[i], res.Trades[j]
		if a.MetShare != b.MetShare {
			return a.MetShare < b.MetShare
		}
		if a.Headcount != b.Headcount {
			return a.Headcount > b.Headcount
		}
		return a.Trade < b.Trade
	})
	if res.Headcount > 0 {
		res.MetShare = res.Met / float64(res.Headcount)
	}
	return res, nil
}

// taughtIn says whether any course of one of families teaches d's trade
// (at any level, anywhere): the families a trade belongs to.
func (s *Snapshot) taughtIn(d *data.Demand, families []data.Family) bool {
	for ci := range s.courses {
		c := &s.courses[ci]
		if slices.Contains(families, c.Family) && sameTrade(d, c) {
			return true
		}
	}
	return false
}
