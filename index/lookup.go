package index

import (
	"fmt"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
)

// CourseDetail is a course with where it meets and who runs it.
type CourseDetail struct {
	Course      *data.Course
	Institution *data.Institution
	Sites       []*data.Site
}

// Course returns a course by id, or ErrNotFound.
func (s *Snapshot) Course(id string) (CourseDetail, error) {
	i, ok := s.courseByID[id]
	if !ok {
		return CourseDetail{}, fmt.Errorf("%w: no course %q", ErrNotFound, id)
	}
	d := CourseDetail{Course: &s.courses[i], Institution: &s.institutions[s.courseInst[i]]}
	for _, si := range s.courseSites[i] {
		d.Sites = append(d.Sites, &s.sites[si])
	}
	return d, nil
}

// SiteDetail is a site with its institution and the courses meeting there.
type SiteDetail struct {
	Site        *data.Site
	Institution *data.Institution
	Courses     []*data.Course
}

// Site returns a site by id, or ErrNotFound.
func (s *Snapshot) Site(id string) (SiteDetail, error) {
	i, ok := s.siteByID[id]
	if !ok {
		return SiteDetail{}, fmt.Errorf("%w: no site %q", ErrNotFound, id)
	}
	d := SiteDetail{Site: &s.sites[i], Institution: &s.institutions[s.siteInst[i]]}
	for _, ci := range s.siteCourses[i] {
		d.Courses = append(d.Courses, &s.courses[ci])
	}
	return d, nil
}

// InstitutionDetail is an institution with its sites and course count.
type InstitutionDetail struct {
	Institution *data.Institution
	Sites       []*data.Site
	Courses     int
}

// Institution returns an institution by id, or ErrNotFound.
func (s *Snapshot) Institution(id string) (InstitutionDetail, error) {
	i, ok := s.institutionByID[id]
	if !ok {
		return InstitutionDetail{}, fmt.Errorf("%w: no institution %q", ErrNotFound, id)
	}
	d := InstitutionDetail{Institution: &s.institutions[i]}
	for _, si := range s.institutionSites[i] {
		d.Sites = append(d.Sites, &s.sites[si])
	}
	for _, ci := range s.courseInst {
		if ci == i {
			d.Courses++
		}
	}
	return d, nil
}

// SiteFilter selects sites for a listing.
type SiteFilter struct {
	District string
	Kind     data.SiteKind
	Limit    int // 0 means DefaultLimit; at most MaxLimit
	Offset   int
}

// SitePage is one page of a site listing.
type SitePage struct {
	Total int
	Sites []SiteSummary
}

// SiteSummary is a site with its institution and how many courses meet there.
type SiteSummary struct {
	Site        *data.Site
	Institution *data.Institution
	Courses     int
}

// Sites lists sites in catalogue order.
func (s *Snapshot) Sites(f SiteFilter) (SitePage, error) {
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit < 1 || f.Limit > MaxLimit {
		return SitePage{}, invalid("limit", "%d is outside 1..%d", f.Limit, MaxLimit)
	}
	if f.Offset < 0 || f.Offset > MaxOffset {
		return SitePage{}, invalid("offset", "%d is outside 0..%d", f.Offset, MaxOffset)
	}
	if f.District != "" {
		if _, ok := s.districtByID[f.District]; !ok {
			return SitePage{}, invalid("district", "%q is not a district code of %s", f.District, s.meta.Region.Name)
		}
	}
	var page SitePage
	for i := range s.sites {
		site := &s.sites[i]
		if (f.District != "" && site.DistrictCode != f.District) || (f.Kind != "" && site.Kind != f.Kind) {
			continue
		}
		if page.Total >= f.Offset && len(page.Sites) < f.Limit {
			page.Sites = append(page.Sites, SiteSummary{Site: site, Institution: &s.institutions[s.siteInst[i]], Courses: len(s.siteCourses[i])})
		}
		page.Total++
	}
	return page, nil
}

// Stats are counts over the snapshot, for the stats endpoint and the CLI.
type Stats struct {
	Meta              Meta
	InstitutionsKind  map[string]int
	PublicVocational  int
	PublicAdult       int
	SitesKind         map[string]int
	SitesDistrict     map[string]int
	CoursesFamily     map[string]int
	CoursesLevel      map[string]int
	CoursesDelivery   map[string]int
	CoursesSchedule   map[string]int
	FreeOrSubsidised  int
	EnterpriseDemand  int // total headcount
	DistrictsWithSite int
}

// Stats counts the snapshot's records by kind.
func (s *Snapshot) Stats() Stats {
	st := Stats{
		Meta: s.meta, InstitutionsKind: map[string]int{}, SitesKind: map[string]int{}, SitesDistrict: map[string]int{},
		CoursesFamily: map[string]int{}, CoursesLevel: map[string]int{}, CoursesDelivery: map[string]int{}, CoursesSchedule: map[string]int{},
	}
	for _, in := range s.institutions {
		st.InstitutionsKind[string(in.Kind)]++
		switch {
		case in.Public && in.Kind.Vocational():
			st.PublicVocational++
		case in.Public && in.Kind == data.AdultSchool:
			st.PublicAdult++
		}
	}
	for _, site := range s.sites {
		st.SitesKind[string(site.Kind)]++
		st.SitesDistrict[site.DistrictCode]++
	}
	st.DistrictsWithSite = len(st.SitesDistrict)
	for _, c := range s.courses {
		st.CoursesFamily[string(c.Family)]++
		st.CoursesLevel[string(c.Level)]++
		st.CoursesDelivery[string(c.Delivery)]++
		st.CoursesSchedule[string(c.Schedule)]++
		if c.Subsidy != data.NoSubsidy || c.FeeCNY == 0 {
			st.FreeOrSubsidised++
		}
	}
	for _, d := range s.demand {
		st.EnterpriseDemand += d.Headcount
	}
	return st
}

// Isochrone is the area reachable from an origin, as H3 cells and as
// their outline.
type Isochrone struct {
	Origin     orb.Point
	Mode       geo.Mode
	Minutes    int
	Resolution int
	Cells      []h3.Cell
	Area       orb.MultiPolygon
	AreaKm2    float64
	// Source is where the times come from: network where the road
	// network covers the origin, estimate elsewhere, transit for transit.
	Source TravelSource
}

// IsochroneResolution picks the H3 resolution to draw a mode's isochrones:
// resolution 9 (0.08 km² cells in Ningbo) on foot, by bike and by metro
// (whose walks around stations are short), resolution 8 (0.6 km²) for the
// e-bike and the car, which reach two to three times farther: that keeps
// their half hour to a few hundred cells instead of two thousand. Never
// coarser: resolution 7 cells (5 km²) would miss whole neighbourhoods, and
// a small road network entirely. One resolution per mode, so that an
// isochrone never shrinks as minutes grow.
func IsochroneResolution(mode geo.Mode) int {
	if mode == geo.EBike || mode == geo.Drive {
		return 8
	}
	return 9
}

// Isochrone returns the area reachable from origin within minutes by
// mode: on the road network where it covers the origin (any point the
// network covers, sites or not), by the estimate elsewhere, and for
// transit the walk isochrone joined with the walks from every station
// left within the time. A station reached with time to spare has its own
// cell drawn even when that cell's centre is a little too far: otherwise a
// short walk from a station falls between cell centres and the map shows
// nothing where sites are in fact reachable.
func (s *Snapshot) Isochrone(origin orb.Point, mode geo.Mode, minutes int) (Isochrone, error) {
	q := Query{Origin: origin, Mode: mode, Minutes: minutes}
	if err := q.Normalize(); err != nil {
		return Isochrone{}, err
	}
	tr, err := s.travel(q.Mode)
	if err != nil {
		return Isochrone{}, err
	}
	res := IsochroneResolution(q.Mode)
	iso := Isochrone{Origin: q.Origin, Mode: q.Mode, Minutes: q.Minutes, Resolution: res, Source: tr.Source(q.Origin)}
	iso.Cells = tr.IsochroneCells(q.Origin, float64(q.Minutes), res)
	iso.Area = geo.CellsToMultiPolygon(iso.Cells)
	// Cells of one resolution within a city differ in area by a few parts
	// in 100,000, so the count times one cell's area is the sum of their
	// areas to that precision, without a call into H3 per cell.
	iso.AreaKm2 = float64(len(iso.Cells)) * h3.CellAreaKm2(geo.Cell(q.Origin, res))
	return iso, nil
}
