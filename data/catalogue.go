package data

import (
	"time"

	"github.com/paulmach/orb"
)

// Catalogue is everything a snapshot is built from: the region and its
// administrative units, and the training offer and workplaces inside it.
// All coordinates are WGS-84 (lng, lat), whatever the source files used.
type Catalogue struct {
	Region       Region
	Districts    []District
	Townships    []Township
	Institutions []Institution
	Sites        []Site
	Courses      []Course
	Enterprises  []Enterprise
	Demand       []Demand
	// Places are named places people give as where they are (parks,
	// shopping centres, hospitals, schools); optional.
	Places []Place
	// Stations are the region's metro stations (optional file): places
	// people name as an origin, and the stops of the transit mode.
	Stations []Station
}

// Region describes the area a catalogue covers.
type Region struct {
	Code        string   `json:"code"`        // administrative code of the city, e.g. 330200
	Name        string   `json:"name"`        // 宁波市
	NameEN      string   `json:"name_en"`     // Ningbo
	Attribution []string `json:"attribution"` // notices the data's licences ask for
}

// District is a district, county or county-level city (区、县、县级市).
type District struct {
	Code       string           `json:"code"` // 6-digit adcode, e.g. 330212
	Name       string           `json:"name"` // 鄞州区
	Population int              `json:"population"`
	Center     orb.Point        `json:"center"`
	Boundary   orb.MultiPolygon `json:"-"`
}

// Township is a township-level unit: 街道, 镇 or 乡.
type Township struct {
	Code         string    `json:"code"` // 12-digit statistics code, e.g. 330212100000
	Name         string    `json:"name"` // 姜山镇
	ShortName    string    `json:"short_name"`
	DistrictCode string    `json:"district_code"`
	Kind         string    `json:"kind"` // 街道, 镇 or 乡
	Center       orb.Point `json:"center"`
	// Villages counts its villages and communities; Urban how many of them
	// the statistics bureau classes as urban (codes 1xx).
	Villages int `json:"villages"`
	Urban    int `json:"urban"`
	// FormerDistrict is the district it belonged to before a reorganisation
	// (江东区's streets, the towns moved from 鄞州 to 海曙, 奉化市).
	FormerDistrict string `json:"former_district,omitempty"`
}

// Institution is a body that runs courses.
type Institution struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	ShortName    string          `json:"short_name,omitempty"`
	Kind         InstitutionKind `json:"kind"`
	Public       bool            `json:"public"`
	DistrictCode string          `json:"district_code"`
	TownshipCode string          `json:"township_code"`
	Website      string          `json:"website,omitempty"`
}

// Site is a training point: a place where courses meet.
type Site struct {
	ID            string    `json:"id"`
	InstitutionID string    `json:"institution_id"`
	Name          string    `json:"name"`
	Kind          SiteKind  `json:"kind"`
	Address       string    `json:"address"`
	DistrictCode  string    `json:"district_code"`
	TownshipCode  string    `json:"township_code"`
	Park          string    `json:"park,omitempty"` // industrial park, for in-park sites
	Location      orb.Point `json:"location"`
}

// Course is one offering: a class that starts on a date and runs for a
// number of sessions at one or more sites (or online).
type Course struct {
	ID             string    `json:"id"`
	InstitutionID  string    `json:"institution_id"`
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	Family         Family    `json:"family"`
	Trade          string    `json:"trade"`           // 工种, e.g. 焊工
	OccupationCode string    `json:"occupation_code"` // 职业分类大典 2022, e.g. 6-18-02-04
	Level          Level     `json:"level"`
	Delivery       Delivery  `json:"delivery"`
	SiteIDs        []string  `json:"site_ids"` // empty only for online courses
	StartDate      time.Time `json:"start_date"`
	Sessions       int       `json:"sessions"`
	Schedule       Schedule  `json:"schedule"`
	FeeCNY         float64   `json:"fee_cny"`
	Subsidy        Subsidy   `json:"subsidy"`
	SubsidyGroups  []Group   `json:"subsidy_groups,omitempty"`
	Audience       Audience  `json:"audience"`
	Seats          int       `json:"seats"`
	SeatsLeft      int       `json:"seats_left"`
	RegisterURL    string    `json:"registration_url"`
}

// Enterprise is a workplace: where workers come from when they search near
// work, and where training demand arises.
type Enterprise struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Industry     string    `json:"industry"`
	Address      string    `json:"address"`
	DistrictCode string    `json:"district_code"`
	TownshipCode string    `json:"township_code"`
	Park         string    `json:"park,omitempty"`
	Location     orb.Point `json:"location"`
}

// Demand is an enterprise's declared need to train people in a trade.
type Demand struct {
	EnterpriseID   string `json:"enterprise_id"`
	Trade          string `json:"trade"`
	OccupationCode string `json:"occupation_code"`
	Level          Level  `json:"level"`
	Headcount      int    `json:"headcount"`
}

// Station is a metro (rail transit) station. A transfer station is one
// Station serving several lines.
type Station struct {
	ID     string `json:"id"`
	Name   string `json:"name"`             // as the platform shows it, e.g. 东门口(天一广场)
	Pinyin string `json:"pinyin,omitempty"` // e.g. dongmenkoutianyiguangchang
	// Lines are the lines it serves, with its order on each, in the
	// order the file lists them.
	Lines    []LineStop `json:"lines"`
	Location orb.Point  `json:"location"`
}

// LineStop is a station's place on one line: Order counts the stops from
// one terminus (1, 2, 3, ...); gaps are allowed, repeats are not.
type LineStop struct {
	Line  string `json:"line"` // e.g. 1号线
	Order int    `json:"order"`
}

// DateLayout is the layout of every date in catalogue files.
const DateLayout = "2006-01-02"
