package geocode

import (
	"github.com/paulmach/orb"
)

// Kind says what a gazetteer entry is.
type Kind string

const (
	District Kind = "district"
	// FormerDistrict is a district that no longer exists, such as 江东区
	// (merged into 鄞州区 in 2016): its DistrictCode is the district that
	// holds it now, its point the middle of its former townships.
	FormerDistrict Kind = "former_district"
	Township       Kind = "township"
	Road           Kind = "road"
	Station        Kind = "station" // metro station
	Institution    Kind = "institution"
	Site           Kind = "site" // training site
	Enterprise     Kind = "enterprise"
	Place          Kind = "place" // park, shopping centre, hospital, school...
)

// Level is how precisely a query was placed, from the coarsest.
type Level string

const (
	LevelDistrict Level = "district" // a district's seat
	LevelTownship Level = "township" // a township's centre
	LevelRoad     Level = "road"     // somewhere on a road
	LevelPlace    Level = "place"    // a named place: station, school, employer...
	LevelExact    Level = "exact"    // a house number on a road
)

// Levels lists the levels from the coarsest to the most precise.
func Levels() []Level {
	return []Level{LevelDistrict, LevelTownship, LevelRoad, LevelPlace, LevelExact}
}

func (l Level) rank() int {
	for i, x := range Levels() {
		if x == l {
			return i
		}
	}
	return -1
}

// level is the level of a match on an entry of kind k.
func (k Kind) level() Level {
	switch k {
	case District, FormerDistrict:
		return LevelDistrict
	case Township:
		return LevelTownship
	case Road:
		return LevelRoad
	}
	return LevelPlace
}

// Entry is one thing the gazetteer knows by name.
type Entry struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"` // the code of a district or township, the id of a record
	Name string `json:"name"`
	// Aliases are other names people use: a short name (姜山 for 姜山镇,
	// 宁波职教中心), a former name (奉化市). New derives more.
	Aliases []string `json:"aliases,omitempty"`
	// Latin are romanized names beyond the pinyin New derives from the
	// names, e.g. a station's published pinyin.
	Latin        []string `json:"latin,omitempty"`
	DistrictCode string   `json:"district_code"`
	TownshipCode string   `json:"township_code,omitempty"`
	// FormerDistricts are the names of the districts a township belonged
	// to before a reorganisation (江东区 for 福明街道, 鄞州区 for 石碶街道).
	FormerDistricts []string  `json:"former_districts,omitempty"`
	Point           orb.Point `json:"point"` // WGS-84
	// Approximate marks a point that stands for an area (a district's
	// seat, a township's centre, a road) or is only roughly known.
	Approximate bool `json:"approximate,omitempty"`
	// Numbers are the house numbers known on a road, with where they are,
	// in increasing order of number.
	Numbers []Number `json:"numbers,omitempty"`
}

// Number is a house number on a road and where it is.
type Number struct {
	N     int       `json:"n"`
	Point orb.Point `json:"point"`
}
