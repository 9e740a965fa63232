package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// sources holds the facts read from data/ningbo/sources.
type sources struct {
	districts []*district
	townships []*township
	schools   []osmPlace // osm_training_schools.csv
	parks     []osmPlace // industrial and science parks from osm_pois_wgs84.geojson
	poiSchool []osmPlace // schools from osm_pois_wgs84.geojson
	pois      []osmPOI   // every point of osm_pois_wgs84.geojson, in file order
	metro     []metroStation
}

// osmPOI is one OpenStreetMap point with the layer it came from
// (amenity=school, amenity=hospital, landuse=commercial|retail;shop=mall).
type osmPOI struct {
	osmPlace
	Layer string
}

// metroStation is a row of metro_stations.csv, its WGS-84 columns kept as
// written so that the catalogue copies them exactly.
type metroStation struct {
	ID, Name, Pinyin, Lines string
	Lng, Lat                string
}

type district struct {
	Code     string
	Name     string
	Pop      int
	Seat     orb.Point
	Geom     orb.MultiPolygon
	RawGeom  json.RawMessage // the boundary exactly as the source has it
	Bound    orb.Bound
	Township []*township
}

type township struct {
	Code         string
	Name         string
	Short        string
	District     *district
	Kind         string // 街道, 镇, 乡
	Center       orb.Point
	Code2016     string
	District2016 string
	Villages     int
	Urban        int // classes 1xx
	MainUrban    int // class 111
	Places       []village
}

// urbanCore reports whether the township is an urban street: a 街道 most of
// whose communities are urban, or one created after 2016 (no communities on
// record).
func (t *township) urbanCore() bool {
	return t.Kind == "街道" && (t.Villages == 0 || 2*t.Urban >= t.Villages)
}

// ruralShare is the share of villages classed rural (2xx).
func (t *township) ruralShare() float64 {
	if t.Villages == 0 {
		return 0
	}
	return float64(t.Villages-t.Urban) / float64(t.Villages)
}

type village struct {
	Code  string
	Name  string
	Class string // urban-rural class code, e.g. 111, 220
}

// placeName is the name people use for a village or community: 路林村委会
// is 路林村, 北郊居委会 is 北郊社区. Empty for the statistics bureau's
// "virtual" units.
func (v village) placeName() string {
	n := v.Name
	switch {
	case strings.Contains(n, "虚拟"):
		return ""
	case strings.HasSuffix(n, "村村委会"), strings.HasSuffix(n, "社区居委会"):
		return strings.TrimSuffix(strings.TrimSuffix(n, "村委会"), "居委会")
	case strings.HasSuffix(n, "村委会"):
		return strings.TrimSuffix(n, "村委会") + "村"
	case strings.HasSuffix(n, "居民委员会"):
		return strings.TrimSuffix(n, "居民委员会") + "社区"
	case strings.HasSuffix(n, "居委会"):
		return strings.TrimSuffix(n, "居委会") + "社区"
	}
	return n
}

type osmPlace struct {
	Name     string
	District string // district name
	P        orb.Point
}

func readSources(dir string) (*sources, error) {
	s := &sources{}
	if err := s.readDistricts(dir); err != nil {
		return nil, err
	}
	if err := s.readBoundaries(dir); err != nil {
		return nil, err
	}
	if err := s.readTownships(dir); err != nil {
		return nil, err
	}
	if err := s.readVillages(dir); err != nil {
		return nil, err
	}
	if err := s.readSchools(dir); err != nil {
		return nil, err
	}
	if err := s.readParks(dir); err != nil {
		return nil, err
	}
	if err := s.readMetro(dir); err != nil {
		return nil, err
	}
	return s, nil
}

// readCSV returns the rows of a CSV file as maps from column name to value.
func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func parsePoint(path, lng, lat string) (orb.Point, error) {
	x, err := strconv.ParseFloat(lng, 64)
	if err != nil {
		return orb.Point{}, fmt.Errorf("%s: longitude %q: %w", path, lng, err)
	}
	y, err := strconv.ParseFloat(lat, 64)
	if err != nil {
		return orb.Point{}, fmt.Errorf("%s: latitude %q: %w", path, lat, err)
	}
	return orb.Point{x, y}, nil
}

func (s *sources) district(code string) *district {
	for _, d := range s.districts {
		if d.Code == code {
			return d
		}
	}
	return nil
}

func (s *sources) districtByName(name string) *district {
	for _, d := range s.districts {
		if d.Name == name {
			return d
		}
	}
	return nil
}

func (s *sources) township(code string) *township {
	for _, t := range s.townships {
		if t.Code == code {
			return t
		}
	}
	return nil
}

// townshipByName finds a township by full or short name within a district
// (any district when d is nil).
func (s *sources) townshipByName(d *district, name string) *township {
	for _, t := range s.townships {
		if (d == nil || t.District == d) && (t.Name == name || t.Short == name) {
			return t
		}
	}
	return nil
}

func (s *sources) readDistricts(dir string) error {
	path := filepath.Join(dir, "districts.csv")
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		pop, err := strconv.Atoi(r["pop_2020_census"])
		if err != nil {
			return fmt.Errorf("%s: population %q: %w", path, r["pop_2020_census"], err)
		}
		seat, err := parsePoint(path, r["center_lng_wgs84"], r["center_lat_wgs84"])
		if err != nil {
			return err
		}
		s.districts = append(s.districts, &district{Code: r["adcode"], Name: r["name"], Pop: pop, Seat: seat})
	}
	sort.Slice(s.districts, func(i, j int) bool { return s.districts[i].Code < s.districts[j].Code })
	if len(s.districts) != 10 {
		return fmt.Errorf("%s: %d districts, want 10", path, len(s.districts))
	}
	return nil
}

func (s *sources) readBoundaries(dir string) error {
	path := filepath.Join(dir, "districts_wgs84.geojson")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Adcode json.Number `json:"adcode"`
			} `json:"properties"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, f := range fc.Features {
		d := s.district(f.Properties.Adcode.String())
		if d == nil {
			return fmt.Errorf("%s: unknown district %s", path, f.Properties.Adcode)
		}
		mp, err := parseGeometry(f.Geometry)
		if err != nil {
			return fmt.Errorf("%s: district %s: %w", path, d.Code, err)
		}
		d.Geom, d.RawGeom, d.Bound = mp, f.Geometry, mp.Bound()
	}
	for _, d := range s.districts {
		if d.Geom == nil {
			return fmt.Errorf("%s: no boundary for %s", path, d.Code)
		}
	}
	return nil
}

// parseGeometry reads a GeoJSON Polygon or MultiPolygon.
func parseGeometry(raw json.RawMessage) (orb.MultiPolygon, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, err
	}
	switch g.Type {
	case "Polygon":
		var c [][][2]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, err
		}
		return orb.MultiPolygon{polygon(c)}, nil
	case "MultiPolygon":
		var c [][][][2]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, err
		}
		mp := make(orb.MultiPolygon, len(c))
		for i, p := range c {
			mp[i] = polygon(p)
		}
		return mp, nil
	}
	return nil, fmt.Errorf("geometry type %q, want Polygon or MultiPolygon", g.Type)
}

func polygon(c [][][2]float64) orb.Polygon {
	p := make(orb.Polygon, len(c))
	for i, ring := range c {
		r := make(orb.Ring, len(ring))
		for j, xy := range ring {
			r[j] = orb.Point(xy)
		}
		p[i] = r
	}
	return p
}

func (s *sources) readTownships(dir string) error {
	path := filepath.Join(dir, "townships.csv")
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		d := s.district(r["district_code"])
		if d == nil {
			return fmt.Errorf("%s: township %s: unknown district %s", path, r["code"], r["district_code"])
		}
		c, err := parsePoint(path, r["lng_wgs84"], r["lat_wgs84"])
		if err != nil {
			return err
		}
		t := &township{
			Code: r["code"], Name: r["name"], Short: r["short_name"], District: d, Kind: r["kind"],
			Center: c, Code2016: r["code_2016"], District2016: r["district_2016"],
		}
		s.townships = append(s.townships, t)
	}
	sort.Slice(s.townships, func(i, j int) bool { return s.townships[i].Code < s.townships[j].Code })
	for _, t := range s.townships {
		t.District.Township = append(t.District.Township, t)
	}
	if len(s.townships) != 156 {
		return fmt.Errorf("%s: %d townships, want 156", path, len(s.townships))
	}
	return nil
}

func (s *sources) readVillages(dir string) error {
	path := filepath.Join(dir, "villages.csv")
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r["township_code"] == "" {
			continue // 18 rows not matched to a current township
		}
		t := s.township(r["township_code"])
		if t == nil {
			return fmt.Errorf("%s: village %s: unknown township %s", path, r["code_2016"], r["township_code"])
		}
		cls := r["urban_rural_code"]
		t.Villages++
		if strings.HasPrefix(cls, "1") {
			t.Urban++
		}
		if cls == "111" {
			t.MainUrban++
		}
		t.Places = append(t.Places, village{Code: r["code_2016"], Name: r["name"], Class: cls})
	}
	for _, t := range s.townships {
		sort.Slice(t.Places, func(i, j int) bool { return t.Places[i].Code < t.Places[j].Code })
	}
	return nil
}

func (s *sources) readSchools(dir string) error {
	path := filepath.Join(dir, "osm_training_schools.csv")
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		p, err := parsePoint(path, r["lng_wgs84"], r["lat_wgs84"])
		if err != nil {
			return err
		}
		s.schools = append(s.schools, osmPlace{Name: r["name"], District: r["district"], P: p})
	}
	return nil
}

// school returns the OpenStreetMap position of a school by its OSM name,
// from the training-school list or else from the school points.
func (s *sources) school(name string) (osmPlace, bool) {
	for _, list := range [][]osmPlace{s.schools, s.poiSchool} {
		for _, p := range list {
			if p.Name == name {
				return p, true
			}
		}
	}
	return osmPlace{}, false
}

// readParks keeps the OpenStreetMap areas that are industrial or science
// parks: landuse=industrial, or a name with 园区, 产业园 or 科技园.
func (s *sources) readParks(dir string) error {
	path := filepath.Join(dir, "osm_pois_wgs84.geojson")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Name     string `json:"name"`
				District string `json:"district"`
				Layer    string `json:"layer"`
			} `json:"properties"`
			Geometry struct {
				Type        string     `json:"type"`
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, f := range fc.Features {
		p := f.Properties
		s.pois = append(s.pois, osmPOI{osmPlace{Name: p.Name, District: p.District, P: orb.Point(f.Geometry.Coordinates)}, p.Layer})
		if p.Layer == "amenity=school" {
			s.poiSchool = append(s.poiSchool, osmPlace{Name: p.Name, District: p.District, P: orb.Point(f.Geometry.Coordinates)})
			continue
		}
		if !strings.Contains(p.Layer, "landuse=industrial") &&
			!strings.Contains(p.Name, "园区") && !strings.Contains(p.Name, "产业园") && !strings.Contains(p.Name, "科技园") {
			continue
		}
		if p.Layer == "amenity=hospital" {
			continue
		}
		s.parks = append(s.parks, osmPlace{Name: p.Name, District: p.District, P: orb.Point(f.Geometry.Coordinates)})
	}
	sort.Slice(s.parks, func(i, j int) bool { return s.parks[i].Name < s.parks[j].Name })
	return nil
}

// readMetro reads Ningbo's metro stations (lines 1-5). The catalogue gets
// them as they are, in WGS-84, with ids M000... after the source's ids.
func (s *sources) readMetro(dir string) error {
	path := filepath.Join(dir, "metro_stations.csv")
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		n, err := strconv.Atoi(r["id"])
		if err != nil {
			return fmt.Errorf("%s: id %q: %w", path, r["id"], err)
		}
		if _, err := parsePoint(path, r["lng_wgs84"], r["lat_wgs84"]); err != nil {
			return err
		}
		s.metro = append(s.metro, metroStation{
			ID: fmt.Sprintf("M%03d", n), Name: r["name"], Pinyin: r["pinyin"], Lines: r["lines"],
			Lng: r["lng_wgs84"], Lat: r["lat_wgs84"],
		})
	}
	return nil
}
