package index

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/transit"
	"github.com/skillcircle/skillcircle/index/geocode"
	"github.com/skillcircle/skillcircle/index/travel"
)

// FormatVersion is the snapshot layout this build writes and reads. Bump it
// whenever what is stored, or how, changes.
const FormatVersion = 8

// SiteResolution is the H3 resolution at which sites are indexed
// (travel.SiteResolution). At 7 a cell is about 5 km² (edge 1.2 km): a
// 15-minute walk touches a handful of cells and a 60-minute drive a few
// hundred, each holding few sites.
const SiteResolution = travel.SiteResolution

var (
	// ErrNotFound is returned when an id names nothing in the snapshot.
	ErrNotFound = errors.New("index: not found")
	// ErrInvalidQuery is wrapped by every *QueryError.
	ErrInvalidQuery = errors.New("index: invalid query")
	// ErrFormat is returned by Open for a snapshot written in another
	// format version.
	ErrFormat = errors.New("index: unsupported snapshot format")
	// ErrCorrupt is returned by Open for a file that is not a readable
	// snapshot: truncated, damaged, or not a snapshot at all.
	ErrCorrupt = errors.New("index: snapshot is damaged or not a snapshot")
)

// QueryError says which part of a query is wrong and how to fix it.
type QueryError struct {
	Field   string // the query field, named as in the HTTP API
	Message string
}

func (e *QueryError) Error() string { return "index: " + e.Field + ": " + e.Message }

// Unwrap lets errors.Is(err, ErrInvalidQuery) recognise every QueryError.
func (e *QueryError) Unwrap() error { return ErrInvalidQuery }

func invalid(field, format string, args ...any) error {
	return &QueryError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Meta describes a snapshot: what it was built from, when and how.
type Meta struct {
	FormatVersion  int              `json:"format_version"`
	Region         data.Region      `json:"region"`
	SourceChecksum string           `json:"source_checksum"`
	BuiltAt        time.Time        `json:"built_at"`
	TravelModels   geo.TravelModels `json:"travel_models"`
	SiteResolution int              `json:"site_resolution"`
	Counts         Counts           `json:"counts"`
	// Skipped is how many bad rows the build left out (with --skip-bad-rows).
	Skipped int `json:"skipped_rows"`
	// Population says where the population on H3 cells comes from.
	Population PopulationSource `json:"population"`
	// Transit holds the transit mode's assumptions; its walks are the walk
	// model's (walk_kmh and walk_detour follow it).
	Transit transit.Options `json:"transit"`
	// Network describes the road network travel times come from where it
	// covers the region; nil when the snapshot was built without one.
	Network *NetworkInfo `json:"network,omitempty"`
}

// NetworkInfo describes a snapshot's road network and how much of the
// catalogue it covers.
type NetworkInfo struct {
	Source   string           `json:"source"`   // the OpenStreetMap file's name
	Checksum string           `json:"checksum"` // its SHA-256, for staleness
	Nodes    int              `json:"nodes"`
	Edges    map[geo.Mode]int `json:"edges"` // directed edges per mode
	BBox     [4]float64       `json:"bbox"`  // of the nodes: min lng, min lat, max lng, max lat
	// OriginResolution and TableEntries describe each mode's site times:
	// the H3 resolution of its origin cells and how many entries its
	// table holds ((cell, site) times), or for a mode with a site index
	// (travel.HierarchyModes) its buckets ((node, site) times).
	OriginResolution map[geo.Mode]int `json:"origin_resolution"`
	TableEntries     map[geo.Mode]int `json:"table_entries"`
	// Coverage is the convex hull of the nodes: inside it times come from
	// the network (or a place is unreachable), outside from the estimate.
	// RegionShare is the share of the region's area inside it, and
	// SitesCovered the number of sites.
	RegionShare  float64 `json:"region_share"`
	SitesCovered int     `json:"sites_covered"`
}

// Counts are the numbers of records in a snapshot.
type Counts struct {
	Districts    int `json:"districts"`
	Townships    int `json:"townships"`
	Institutions int `json:"institutions"`
	Sites        int `json:"sites"`
	Courses      int `json:"courses"`
	Enterprises  int `json:"enterprises"`
	Demand       int `json:"demand"`
	Stations     int `json:"stations"`
}

// Snapshot is an opened snapshot: the whole catalogue in memory, indexed
// for search. It is read-only and safe for concurrent use.
type Snapshot struct {
	path     string
	meta     Meta
	checksum string // SHA-256 of the buckets' hashes, as stored and verified

	scratch sync.Pool // of *searchScratch

	sitePlacesOnce  sync.Once
	sitePlacesIndex *travel.Places // the sites for PlacesReaching (sitePlaces)

	districts    []data.District
	districtByID map[string]int
	areas        []*geo.Area // district boundaries, prepared for point tests
	townships    []data.Township
	townshipByID map[string]int

	institutions     []data.Institution
	institutionByID  map[string]int32
	institutionSites [][]int32

	sites        []data.Site
	siteByID     map[string]int32
	siteInst     []int32   // institution of each site
	siteCourses  [][]int32 // courses meeting at each site
	siteDistrict []uint8   // each site's district, as a traitCodes.district code
	cells        map[h3.Cell][]int32

	courses     []data.Course
	courseByID  map[string]int32
	courseInst  []int32
	courseSites [][]int32
	online      []int32        // courses taught only online
	traits      []courseTraits // each course's enumerated fields, coded for filters
	traitCodes  traitCodes
	siteEntries siteEntries // each site's courses with their traits, for the search's walk
	siteIDRank  []int32     // each site's place in the order of site ids
	cellSites   [][]int32   // the sites of each cell, numbered as travel.Times.Cells
	siteCell    []int32     // each site's cell in that numbering
	siteGroup   []int32     // each site's group (cellTally.groups), numbered over all cells
	groupCell   [][2]int32  // each group's cell and place in its groups
	courseSite  []int32     // the site of each course meeting at one; -1 for the others
	cellTallies []cellTally // what each cell's sites offer, for searchByCells
	usedTraits  usedTraits  // the codes sites and their courses take
	// the courses meeting at several sites, by span, for walkCells
	multi multiCourses
	// textCells' fewest matches for a search by cell: the number of groups
	// (tests lower it to test walkTextCells on small catalogues)
	textCellsFrom int
	// the courses by start date, made when first asked (byorder.go)
	startOrder courseOrder

	enterprises []data.Enterprise
	demand      []data.Demand
	stations    []data.Station

	population    []popCell // sorted by cell
	popPlacesOnce sync.Once
	popPlaces     *travel.Places

	gazetteerEntries []geocode.Entry
	gazetteerNames   [][]geocode.Name // each entry's, as stored; dropped once indexed
	gazetteer        *geocode.Gazetteer

	// road network (nil without one), its coverage, and how each mode's
	// travel times are found
	net         *route.Network
	hull        orb.Ring
	cover       *geo.Area
	tables      map[geo.Mode]*travel.Table
	siteIndexes map[geo.Mode]*travel.SiteIndex
	times       *travel.Times

	text    *textIndex
	suggest suggester // completions, built on open
}

// Meta returns what the snapshot was built from.
func (s *Snapshot) Meta() Meta { return s.meta }

// Checksum identifies the snapshot's content: the hex SHA-256 of every
// content bucket's 64-bit hash (store.go), each verified by Open. Two
// snapshots with the same checksum answer every query alike.
func (s *Snapshot) Checksum() string { return s.checksum }

// Path is the file the snapshot was opened from.
func (s *Snapshot) Path() string { return s.path }

// Close releases the snapshot's full-text index.
func (s *Snapshot) Close() error {
	if s.text == nil {
		return nil
	}
	return s.text.Close()
}

// District returns a district by code.
func (s *Snapshot) District(code string) (data.District, bool) {
	i, ok := s.districtByID[code]
	if !ok {
		return data.District{}, false
	}
	return s.districts[i], true
}

// Township returns a township by code.
func (s *Snapshot) Township(code string) (data.Township, bool) {
	i, ok := s.townshipByID[code]
	if !ok {
		return data.Township{}, false
	}
	return s.townships[i], true
}

// NetworkCoverage returns the area where travel times come from the road network
// (the convex hull of its nodes), or nil when the snapshot has no network.
func (s *Snapshot) NetworkCoverage() orb.Polygon {
	if s.hull == nil {
		return nil
	}
	return orb.Polygon{s.hull}
}

// index fills the in-memory lookups from the loaded records and resolves
// the stored site index.
func (s *Snapshot) index(cellSites map[h3.Cell][]string) error {
	s.districtByID = make(map[string]int, len(s.districts))
	s.areas = make([]*geo.Area, len(s.districts))
	for i, d := range s.districts {
		s.districtByID[d.Code] = i
		s.areas[i] = geo.NewArea(d.Boundary)
	}
	s.townshipByID = make(map[string]int, len(s.townships))
	for i, t := range s.townships {
		s.townshipByID[t.Code] = i
	}
	s.institutionByID = make(map[string]int32, len(s.institutions))
	for i, in := range s.institutions {
		s.institutionByID[in.ID] = int32(i)
	}
	s.institutionSites = make([][]int32, len(s.institutions))
	s.siteByID = make(map[string]int32, len(s.sites))
	s.siteInst = make([]int32, len(s.sites))
	s.siteCourses = make([][]int32, len(s.sites))
	s.cells = make(map[h3.Cell][]int32)
	for i, site := range s.sites {
		inst, ok := s.institutionByID[site.InstitutionID]
		if !ok {
			return fmt.Errorf("%w: site %s names unknown institution %s", ErrCorrupt, site.ID, site.InstitutionID)
		}
		s.siteByID[site.ID] = int32(i)
		s.siteInst[i] = inst
		s.institutionSites[inst] = append(s.institutionSites[inst], int32(i))
	}
	indexed := 0
	for c, ids := range cellSites {
		for _, id := range ids {
			si, ok := s.siteByID[id]
			if !ok {
				return fmt.Errorf("%w: site index names unknown site %s", ErrCorrupt, id)
			}
			s.cells[c] = append(s.cells[c], si)
			indexed++
		}
	}
	if indexed != len(s.sites) {
		return fmt.Errorf("%w: site index holds %d sites, the snapshot %d", ErrCorrupt, indexed, len(s.sites))
	}
	for i := range s.population {
		pc := &s.population[i]
		ti, ok := s.townshipByID[pc.TownshipCode]
		if !ok || !pc.Cell.IsValid() {
			return fmt.Errorf("%w: population cell %s names unknown township %s", ErrCorrupt, pc.Cell, pc.TownshipCode)
		}
		pc.Township, pc.Centre = int32(ti), geo.CellCenter(pc.Cell)
	}
	// The courses by id, a map of every course, only the text index reads
	// (derive): filled beside the rest.
	byID := make(chan struct{})
	go func() {
		defer close(byID)
		s.courseByID = make(map[string]int32, len(s.courses))
		for i := range s.courses {
			s.courseByID[s.courses[i].ID] = int32(i)
		}
	}()
	defer func() { <-byID }()
	s.courseInst = make([]int32, len(s.courses))
	s.courseSites = make([][]int32, len(s.courses))
	for i, c := range s.courses {
		inst, ok := s.institutionByID[c.InstitutionID]
		if !ok {
			return fmt.Errorf("%w: course %s names unknown institution %s", ErrCorrupt, c.ID, c.InstitutionID)
		}
		s.courseInst[i] = inst
		for _, id := range c.SiteIDs {
			si, ok := s.siteByID[id]
			if !ok {
				return fmt.Errorf("%w: course %s names unknown site %s", ErrCorrupt, c.ID, id)
			}
			s.courseSites[i] = append(s.courseSites[i], si)
			s.siteCourses[si] = append(s.siteCourses[si], int32(i))
		}
		if !c.Delivery.AtSite() {
			s.online = append(s.online, int32(i))
		}
	}
	if err := s.indexTraits(); err != nil {
		return err
	}
	s.indexSiteEntries()
	return nil
}

// DistrictOf returns the district whose boundary holds p, if any.
func (s *Snapshot) DistrictOf(p orb.Point) (data.District, bool) {
	for i, a := range s.areas {
		if a.Contains(p) {
			return s.districts[i], true
		}
	}
	return data.District{}, false
}

// fileSize is used in error messages about damaged snapshots.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return fi.Size()
}
