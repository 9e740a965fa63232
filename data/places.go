package data

import (
	"fmt"

	"github.com/paulmach/orb"
)

// PlacesFile lists named places people give as where they live or work.
const PlacesFile = "places.csv"

// Place is a named place that is neither a training site nor a workplace
// of the catalogue but that people name when they say where they are: an
// industrial park, a shopping centre, a hospital, a school.
type Place struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	ShortName string    `json:"short_name,omitempty"` // the name people use, e.g. 杭州湾新区
	Kind      PlaceKind `json:"kind"`
	// DistrictCode and TownshipCode say where it is; without township
	// boundaries the township is the one with the nearest centre in the
	// district.
	DistrictCode string `json:"district_code"`
	TownshipCode string `json:"township_code"`
	// Approximate marks a position known only roughly (a park placed by
	// hand rather than mapped).
	Approximate bool      `json:"approximate,omitempty"`
	Location    orb.Point `json:"location"`
}

// PlaceKind is what a place is.
type PlaceKind string

const (
	Park       PlaceKind = "park"       // 产业园区: industrial, science or development park
	Commercial PlaceKind = "commercial" // 商业: shopping centre, market, commercial area
	Hospital   PlaceKind = "hospital"   // 医院
	School     PlaceKind = "school"     // 学校 (any school, not only those that train)
	Landmark   PlaceKind = "landmark"   // 地标: anything else people name
)

var placeKinds = enum{
	{code: string(Park), zh: "园区", alias: []string{"产业园区", "开发区"}},
	{code: string(Commercial), zh: "商业", alias: []string{"商场", "商圈"}},
	{code: string(Hospital), zh: "医院"},
	{code: string(School), zh: "学校"},
	{code: string(Landmark), zh: "地标"},
}

// ParsePlaceKind accepts a code or its Chinese label.
func ParsePlaceKind(s string) (PlaceKind, error) {
	c, err := placeKinds.parse("place kind", s)
	return PlaceKind(c), err
}

// Label is the Chinese name of the kind.
func (k PlaceKind) Label() string { return placeKinds.label(string(k)) }

// PlaceKinds lists every place kind code.
func PlaceKinds() []string { return placeKinds.codes() }

// loadPlaces reads the optional places.csv.
func (l *loader) loadPlaces() {
	t := l.table(PlacesFile, []string{"id", "name", "kind", "district_code", "township_code"},
		[]string{"short_name", "approximate"}, true, false)
	if t == nil {
		return
	}
	seen := map[string]int{}
	for _, r := range t.rows {
		p := Place{
			ID:           r.id("id"),
			Name:         r.text("name", true, 100),
			ShortName:    r.text("short_name", false, 50),
			Kind:         enumerated(r, "kind", ParsePlaceKind),
			DistrictCode: r.str("district_code"),
			TownshipCode: r.str("township_code"),
			Location:     r.point(),
		}
		if r.str("approximate") != "" {
			p.Approximate = r.boolean("approximate")
		}
		unique(r, "id", p.ID, seen)
		if p.ShortName == p.Name && p.Name != "" {
			r.fail("short_name", fmt.Sprintf("%q is the full name; leave it empty", p.ShortName))
		}
		l.checkPlace(r, p.Location)
		if l.keep(r, false) {
			l.cat.Places = append(l.cat.Places, p)
		}
	}
}
