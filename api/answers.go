package api

import (
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// The answers of the endpoints that are not built from views elsewhere
// (views.go, coverage.go). Their fields are declared in the alphabetical
// order of their JSON names: the answers were maps once, which
// encoding/json writes with sorted keys, and the golden files hold them
// byte for byte.

// courseAnswer answers /v1/courses/{id}.
type courseAnswer struct {
	Course      courseView      `json:"course"`
	Institution institutionView `json:"institution"`
	Sites       []siteView      `json:"sites"`
}

// siteAnswer answers /v1/sites/{id}.
type siteAnswer struct {
	Courses     []courseView    `json:"courses"`
	Institution institutionView `json:"institution"`
	Site        siteView        `json:"site"`
}

// institutionAnswer answers /v1/institutions/{id}; Courses counts them.
type institutionAnswer struct {
	Courses     int             `json:"courses"`
	Institution institutionView `json:"institution"`
	Sites       []siteView      `json:"sites"`
}

// sitesPage answers /v1/sites: a page of Total sites.
type sitesPage struct {
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
	Sites  []siteView `json:"sites"`
	Total  int        `json:"total"`
}

// statsAnswer answers /v1/stats: the snapshot's records counted by kind.
type statsAnswer struct {
	Courses struct {
		ByDelivery       map[string]int `json:"by_delivery"`
		ByFamily         map[string]int `json:"by_family"`
		ByLevel          map[string]int `json:"by_level"`
		BySchedule       map[string]int `json:"by_schedule"`
		FreeOrSubsidised int            `json:"free_or_subsidised"`
		Total            int            `json:"total"`
	} `json:"courses"`
	Enterprises struct {
		DemandHeadcount int `json:"demand_headcount"`
		Total           int `json:"total"`
	} `json:"enterprises"`
	Institutions struct {
		ByKind             map[string]int `json:"by_kind"`
		PublicAdultSchools int            `json:"public_adult_schools"`
		PublicVocational   int            `json:"public_vocational"`
		Total              int            `json:"total"`
	} `json:"institutions"`
	Sites struct {
		ByDistrict map[string]int `json:"by_district"`
		ByKind     map[string]int `json:"by_kind"`
		Total      int            `json:"total"`
	} `json:"sites"`
	Snapshot index.Meta `json:"snapshot"`
}

func newStatsAnswer(st index.Stats) statsAnswer {
	var a statsAnswer
	n := st.Meta.Counts
	a.Courses.ByDelivery, a.Courses.ByFamily, a.Courses.ByLevel, a.Courses.BySchedule = st.CoursesDelivery, st.CoursesFamily, st.CoursesLevel, st.CoursesSchedule
	a.Courses.FreeOrSubsidised, a.Courses.Total = st.FreeOrSubsidised, n.Courses
	a.Enterprises.DemandHeadcount, a.Enterprises.Total = st.EnterpriseDemand, n.Enterprises
	a.Institutions.ByKind, a.Institutions.Total = st.InstitutionsKind, n.Institutions
	a.Institutions.PublicAdultSchools, a.Institutions.PublicVocational = st.PublicAdult, st.PublicVocational
	a.Sites.ByDistrict, a.Sites.ByKind, a.Sites.Total = st.SitesDistrict, st.SitesKind, n.Sites
	a.Snapshot = st.Meta
	return a
}

// suggestAnswer answers /v1/suggest.
type suggestAnswer struct {
	Q           string             `json:"q"`
	Suggestions []index.Suggestion `json:"suggestions"`
}

// convertAnswer answers /v1/convert.
type convertAnswer struct {
	CRS geo.CRS `json:"crs"`
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// readyAnswer answers /readyz: ready, or draining.
type readyAnswer struct {
	Snapshot SnapshotInfo `json:"snapshot"` // the first region's
	Status   string       `json:"status"`
	// Regions are every region served, as /v1/regions lists them.
	Regions []regionSummary `json:"regions"`
}

// isochroneProps are the properties of an isochrone's area feature.
type isochroneProps struct {
	AreaKm2      float64            `json:"area_km2"`
	Cells        int                `json:"cells"`
	CRS          geo.CRS            `json:"crs"`
	H3Resolution int                `json:"h3_resolution"`
	Minutes      int                `json:"minutes"`
	Mode         geo.Mode           `json:"mode"`
	Source       index.TravelSource `json:"source"`
}
