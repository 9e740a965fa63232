package plan

import (
	"fmt"
	"iter"
	"math"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// Snapshot is what the planner reads of a snapshot: its records by number,
// which courses pass a filter, and the search's travel times, forwards from
// a point and backwards to one. *index.Snapshot is one; nothing here
// changes it.
type Snapshot interface {
	Meta() index.Meta
	Districts() []data.District
	DistrictCode(codeOrName string) (string, bool)
	DistrictOf(p orb.Point) (data.District, bool)
	Townships() []data.Township
	Institutions() []data.Institution
	Stations() []data.Station
	AllSites() iter.Seq2[int32, data.Site]
	Enterprises() iter.Seq2[int32, data.Enterprise]
	Demand() iter.Seq2[int32, data.Demand]
	PopulationCells() iter.Seq2[int32, index.PopulationCell]

	NumCourses() int
	CourseAt(i int32) data.Course
	CourseSites(i int32) iter.Seq[int32]
	SiteCourses(site int32) iter.Seq[int32]
	CourseMatcher(f *index.Filters) func(course int32) bool
	TradesMeant(text string) []string

	CheckMode(mode geo.Mode) error
	ReachableSites(origin orb.Point, mode geo.Mode, minutes float64, fn func(site int32, minutes float64)) error
	PopulationReaching(target orb.Point, mode geo.Mode, minutes float64, fn func(cell int32, minutes float64)) error
}

var _ Snapshot = (*index.Snapshot)(nil)

// Limits on suggestions.
const (
	DefaultSuggestions = 5
	MaxSuggestions     = 10
)

// Query is every planner question: who lives within reach of a matching
// course (Coverage), where K new training points would reach the most
// people left out (SuggestSites), and how far the seats within reach of
// each enterprise meet its demand (DemandMet). Normalize fills its
// defaults; the API, the planner page and `skillcircle gaps` all read it so.
type Query struct {
	Mode    geo.Mode // "" means walk
	Minutes int      // index.MinMinutes-index.MaxMinutes; 0 means index.DefaultMinutes
	// Filters say which courses match: family, trade, occupation code,
	// level, schedule, audience, fee, group... as in a search. Onsite and
	// blended courses count; online ones never cover anyone. Districts is
	// not used: people cross district lines to reach a course. A typed
	// Trade is read as the catalogue's trades it stands for (Trades; see
	// index.Snapshot.TradesMeant); one that stands for none matches nothing.
	//
	// For DemandMet, Families keeps the demand for trades taught in those
	// families; Trade, Trades, OccupationCode and Levels keep demand rows of
	// that trade, code (or prefix) and level; the other fields narrow the
	// courses that count as supply.
	Filters index.Filters
	// District limits the people counted (the places suggested, the
	// enterprises) to one district, by code or name; Normalize leaves the
	// code. Empty means the whole region.
	District string
	// Added are places where a matching course is imagined to meet, as if
	// new training points were opened there ("what if"). They cover people
	// but bring no seats.
	Added []orb.Point
	// K is how many places SuggestSites picks: 1-MaxSuggestions; 0 means
	// DefaultSuggestions.
	K int
}

// Check reports the first field out of range, as an *index.QueryError,
// without a snapshot: Minutes, K and Added. Zero values are out of range;
// Normalize fills them before it checks.
func (q *Query) Check() error {
	if q.Minutes < index.MinMinutes || q.Minutes > index.MaxMinutes {
		return invalid("minutes", "%d is outside %d..%d", q.Minutes, index.MinMinutes, index.MaxMinutes)
	}
	if q.K < 1 || q.K > MaxSuggestions {
		return invalid("k", "%d is outside 1..%d", q.K, MaxSuggestions)
	}
	if len(q.Added) > MaxSuggestions {
		return invalid("add", "%d places; at most %d", len(q.Added), MaxSuggestions)
	}
	for _, p := range q.Added {
		if !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) {
			return invalid("add", "%v is not a longitude,latitude", p)
		}
	}
	return nil
}

// Normalize fills the defaults, checks the query against snap (an
// *index.QueryError names the first wrong field), reads District as a
// code and a typed trade as the trades it stands for, and keeps onsite and
// blended courses when no delivery is given.
// Normalizing twice changes nothing.
func (q *Query) Normalize(snap Snapshot) error {
	if q.Mode == "" {
		q.Mode = geo.Walk
	}
	if q.Minutes == 0 {
		q.Minutes = index.DefaultMinutes
	}
	if q.K == 0 {
		q.K = DefaultSuggestions
	}
	if err := q.Check(); err != nil {
		return err
	}
	if q.District != "" {
		code, ok := snap.DistrictCode(q.District)
		if !ok {
			return invalid("district", "%q is not a district code or name of %s", q.District, snap.Meta().Region.Name)
		}
		q.District = code
	}
	if err := snap.CheckMode(q.Mode); err != nil {
		return err
	}
	if t := q.Filters.Trade; t != "" && len(q.Filters.Trades) == 0 {
		if q.Filters.Trades = snap.TradesMeant(t); len(q.Filters.Trades) > 0 {
			q.Filters.Trade = ""
		}
	}
	if len(q.Filters.Deliveries) == 0 {
		q.Filters.Deliveries = []data.Delivery{data.OnSite, data.Blended}
	}
	q.Filters.Districts = nil
	return nil
}

func invalid(field, format string, args ...any) error {
	return &index.QueryError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// minutesOrNil rounds a travel time to the tenth, as a search does; nil
// for +Inf (nothing within reach).
func minutesOrNil(m float64) *float64 {
	if math.IsInf(m, 1) {
		return nil
	}
	r := math.Round(m*10) / 10
	return &r
}
