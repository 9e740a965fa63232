package index

import (
	"iter"
	"slices"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/travel"
)

// The snapshot's records, read-only. A snapshot is shared by every request
// and never changes, so nothing here hands out what a caller could change:
// the short lists (districts, townships, institutions, stations) come back
// as copies, the long ones (courses, sites, enterprises, demand,
// population) as iterators of copies. A record's own slices (a course's
// SiteIDs, a district's Boundary, a station's Lines) are shared: read them,
// never change them.
//
// Records are numbered in catalogue order, from 0; a course's sites and a
// site's courses are given by number. The planner (package index/plan)
// works over these numbers and the travel times below.

// Districts returns the region's districts, boundaries included.
func (s *Snapshot) Districts() []data.District { return slices.Clone(s.districts) }

// DistrictCode reads a district's code or name as its code, copying
// nothing: what a request's district parameter needs.
func (s *Snapshot) DistrictCode(codeOrName string) (string, bool) {
	if _, ok := s.districtByID[codeOrName]; ok {
		return codeOrName, true
	}
	for i := range s.districts {
		if s.districts[i].Name == codeOrName {
			return s.districts[i].Code, true
		}
	}
	return "", false
}

// Townships returns the region's townships, in catalogue order.
func (s *Snapshot) Townships() []data.Township { return slices.Clone(s.townships) }

// Institutions returns every institution, in catalogue order.
func (s *Snapshot) Institutions() []data.Institution { return slices.Clone(s.institutions) }

// Stations returns the region's metro stations, in catalogue order (none
// when the catalogue has no metro_stations.csv).
func (s *Snapshot) Stations() []data.Station { return slices.Clone(s.stations) }

// Courses yields every course with its number, in catalogue order.
func (s *Snapshot) Courses() iter.Seq2[int32, data.Course] { return each(s.courses) }

// AllSites yields every site with its number, in catalogue order; Sites
// pages and filters them.
func (s *Snapshot) AllSites() iter.Seq2[int32, data.Site] { return each(s.sites) }

// Enterprises yields every workplace, in catalogue order.
func (s *Snapshot) Enterprises() iter.Seq2[int32, data.Enterprise] { return each(s.enterprises) }

// Demand yields every enterprise's training demand, in catalogue order.
func (s *Snapshot) Demand() iter.Seq2[int32, data.Demand] { return each(s.demand) }

func each[T any](records []T) iter.Seq2[int32, T] {
	return func(yield func(int32, T) bool) {
		for i := range records {
			if !yield(int32(i), records[i]) {
				return
			}
		}
	}
}

// NumCourses is how many courses the snapshot holds.
func (s *Snapshot) NumCourses() int { return len(s.courses) }

// CourseAt returns course number i.
func (s *Snapshot) CourseAt(i int32) data.Course { return s.courses[i] }

// CourseSites yields the numbers of the sites where course i meets.
func (s *Snapshot) CourseSites(i int32) iter.Seq[int32] { return slices.Values(s.courseSites[i]) }

// SiteCourses yields the numbers of the courses meeting at site i.
func (s *Snapshot) SiteCourses(i int32) iter.Seq[int32] { return slices.Values(s.siteCourses[i]) }

// CourseMatcher reports whether a course, by number, passes f: as a search
// tests it, delivery included (with no Deliveries every delivery passes).
// f.Districts, which a search tests on sites, is not tested.
func (s *Snapshot) CourseMatcher(f *Filters) func(course int32) bool {
	return s.newFilter(f).course
}

// PopulationCell is one populated H3 cell of a snapshot
// (PopulationResolution).
type PopulationCell struct {
	Cell     h3.Cell
	Centre   orb.Point
	People   int
	Township int // its township's number, in Townships' order
}

// PopulationCells yields the populated cells with their numbers, by cell
// index.
func (s *Snapshot) PopulationCells() iter.Seq2[int32, PopulationCell] {
	return func(yield func(int32, PopulationCell) bool) {
		for i, pc := range s.population {
			if !yield(int32(i), PopulationCell{Cell: pc.Cell, Centre: pc.Centre, People: pc.People, Township: int(pc.Township)}) {
				return
			}
		}
	}
}

// CheckMode returns a *QueryError for a mode the snapshot cannot answer
// (transit without metro stations, or a mode it has no model for).
func (s *Snapshot) CheckMode(mode geo.Mode) error {
	_, err := s.travel(mode)
	return err
}

// ReachableSites calls fn for every site reachable from origin within
// minutes by mode, with its travel time: the search's travel times
// (travel.Mode.Sites).
func (s *Snapshot) ReachableSites(origin orb.Point, mode geo.Mode, minutes float64, fn func(site int32, minutes float64)) error {
	tr, err := s.travel(mode)
	if err != nil {
		return err
	}
	tr.Sites(origin, minutes, func(si int32, t float64, _ TravelSource) { fn(si, t) })
	return nil
}

// PopulationReaching calls fn for every populated cell whose centre reaches
// target within minutes by mode, with the time a search from that centre
// would give to a site at target (travel.Mode.PlacesReaching): the planner asks once
// per site or candidate place instead of once per cell. Safe for
// concurrent use.
func (s *Snapshot) PopulationReaching(target orb.Point, mode geo.Mode, minutes float64, fn func(cell int32, minutes float64)) error {
	tr, err := s.travel(mode)
	if err != nil {
		return err
	}
	tr.PlacesReaching(target, s.populationPlaces(), minutes, fn)
	return nil
}

// populationPlaces indexes the populated cells' centres as origins for
// PopulationReaching; built once per snapshot.
func (s *Snapshot) populationPlaces() *travel.Places {
	s.popPlacesOnce.Do(func() {
		points := make([]orb.Point, len(s.population))
		for i, pc := range s.population {
			points[i] = pc.Centre
		}
		s.popPlaces = travel.NewPlaces(points)
	})
	return s.popPlaces
}
