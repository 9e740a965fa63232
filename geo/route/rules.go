package route

import (
	"math"
	"strconv"
	"strings"
)

// Tags is read access to an OSM way's tags. osm.Tags from
// github.com/paulmach/osm satisfies it, and so does TagMap.
type Tags interface {
	// Find returns the value of key, or "" when the key is absent.
	Find(key string) string
}

// TagMap is a Tags backed by a map, handy for tests and hand-built ways.
type TagMap map[string]string

// Find returns m[key].
func (m TagMap) Find(key string) string { return m[key] }

// Direction says which ways along an OSM way a mode may travel: Forward is
// the order the way's nodes are listed in.
type Direction uint8

// Directions; the zero Direction means the way is not usable.
const (
	Forward  Direction = 1 << iota // along the node order
	Backward                       // against the node order
	Both     = Forward | Backward
)

// Speeds used by the rules, in km/h. Car speeds by road class are in
// driveKmh; see doc.go for the table.
const (
	WalkKmh  = 4.5  // walking pace, also used by bikes where they must dismount
	BikeKmh  = 12.0 // pedal bicycle, urban average
	EBikeKmh = 18.0 // electric bicycle; 25 km/h is the legal top speed in China (GB 17761-2018)

	// MaxspeedFactor scales a tagged maxspeed to the speed a car averages
	// on the road (limits are rarely held in town; the OSRM car profile uses
	// the same 0.8).
	MaxspeedFactor = 0.8
	// MaxDriveKmh caps every car speed, tagged or not.
	MaxDriveKmh = 110.0
	// MinDriveKmh is the floor for a tagged maxspeed (maxspeed=5 on a
	// car park aisle still moves).
	MinDriveKmh = 5.0
)

// class is what the rules know about one highway=* value.
type class struct {
	// default legal access per mode when no access tag says otherwise
	walk, bike, ebike, drive bool
	// footClass marks ways built for walkers (footway, path, pedestrian,
	// steps): e-bikes may use them only where bicycles are designated or
	// electric_bicycle=yes.
	footClass bool
	// driveKmh is the car speed with no usable maxspeed tag.
	driveKmh float64
	// impliedOneway: cars and bikes may go only forward unless oneway=no.
	impliedOneway bool
}

// classes follows the worldwide defaults of the OSM wiki page
// "OSM tags for routing/Access restrictions", with the exceptions that
// doc.go lists (cycleway is not walkable by default, e-bikes are kept off
// walking ways, trunk roads are not walkable).
var classes = map[string]class{
	"motorway":       {drive: true, driveKmh: 90, impliedOneway: true},
	"motorway_link":  {drive: true, driveKmh: 45, impliedOneway: true},
	"trunk":          {bike: true, ebike: true, drive: true, driveKmh: 70},
	"trunk_link":     {bike: true, ebike: true, drive: true, driveKmh: 40},
	"primary":        {walk: true, bike: true, ebike: true, drive: true, driveKmh: 50},
	"primary_link":   {walk: true, bike: true, ebike: true, drive: true, driveKmh: 35},
	"secondary":      {walk: true, bike: true, ebike: true, drive: true, driveKmh: 40},
	"secondary_link": {walk: true, bike: true, ebike: true, drive: true, driveKmh: 30},
	"tertiary":       {walk: true, bike: true, ebike: true, drive: true, driveKmh: 35},
	"tertiary_link":  {walk: true, bike: true, ebike: true, drive: true, driveKmh: 25},
	"unclassified":   {walk: true, bike: true, ebike: true, drive: true, driveKmh: 30},
	"road":           {walk: true, bike: true, ebike: true, drive: true, driveKmh: 25},
	"residential":    {walk: true, bike: true, ebike: true, drive: true, driveKmh: 25},
	"living_street":  {walk: true, bike: true, ebike: true, drive: true, driveKmh: 10},
	"service":        {walk: true, bike: true, ebike: true, drive: true, driveKmh: 15},
	"track":          {walk: true, bike: true, ebike: true, driveKmh: 15},
	"cycleway":       {bike: true, ebike: true, driveKmh: 10},
	"path":           {walk: true, bike: true, footClass: true, driveKmh: 10},
	"footway":        {walk: true, footClass: true, driveKmh: 10},
	"pedestrian":     {walk: true, footClass: true, driveKmh: 10},
	"steps":          {walk: true, footClass: true, driveKmh: 5},
	"bridleway":      {footClass: true, driveKmh: 10},
}

// Access values that grant or deny use. Values in neither set (for example
// "unknown") are ignored and the next, more general tag decides.
var (
	granting = map[string]bool{
		"yes": true, "designated": true, "permissive": true, "official": true,
		"destination": true, "customers": true, "discouraged": true,
		"dismount": true, // bicycle=dismount: may be pushed, at walking pace
	}
	denying = map[string]bool{
		"no": true, "private": true, "agricultural": true, "forestry": true,
		"delivery": true, "emergency": true, "military": true, "use_sidepath": true,
		"permit": true,
	}
)

// hierarchy lists, per mode, the access keys from the most specific to the
// most general (Key:access "Transport mode restrictions"). own is how many
// of the leading keys are the mode's own: only they may open a road class
// that is closed to the mode by default (foot=yes on a motorway); the
// general ones (vehicle, access) can only close.
var hierarchy = [NumModes]struct {
	keys []string
	own  int
}{
	Walk:  {[]string{"foot", "access"}, 1},
	Bike:  {[]string{"bicycle", "vehicle", "access"}, 1},
	EBike: {[]string{"electric_bicycle", "bicycle", "vehicle", "access"}, 2},
	Drive: {[]string{"motorcar", "motor_vehicle", "vehicle", "access"}, 2},
}

// WayAccess is what the rules decide for one way: per mode, the directions
// it may be travelled in (0: not at all) and the speed in km/h.
type WayAccess struct {
	Dir [NumModes]Direction
	Kmh [NumModes]float32
}

// Routable reports whether any mode may use the way.
func (a WayAccess) Routable() bool {
	for _, d := range a.Dir {
		if d != 0 {
			return true
		}
	}
	return false
}

// Classify applies every mode's rules to a way's tags.
func Classify(t Tags) WayAccess {
	var a WayAccess
	for _, m := range Modes {
		d, kmh := rule(t, m)
		if d != 0 {
			a.Dir[m], a.Kmh[m] = d, float32(kmh)
		}
	}
	return a
}

// Access returns the directions mode m may travel a way with tags t in;
// 0 means not at all.
func Access(t Tags, m Mode) Direction {
	d, _ := rule(t, m)
	return d
}

// Speed returns the speed in km/h at which mode m travels a way with tags
// t, or 0 when m may not use it.
func Speed(t Tags, m Mode) float64 {
	_, kmh := rule(t, m)
	return kmh
}

func rule(t Tags, m Mode) (Direction, float64) {
	if !m.Valid() {
		return 0, 0
	}
	hw := t.Find("highway")
	c, ok := classes[hw]
	if !ok {
		return 0, 0
	}
	area := isYes(t.Find("area"))
	if area && m != Walk {
		// an area's outline is not a carriageway; walkers follow it
		return 0, 0
	}

	allowed := false
	switch m {
	case Walk:
		allowed = c.walk
	case Bike:
		allowed = c.bike
	case EBike:
		allowed = c.ebike
		if c.footClass && hw != "steps" && t.Find("bicycle") == "designated" {
			allowed = true // a designated shared path is a cycleway
		}
	case Drive:
		allowed = c.drive
	}
	if m != Drive && isYes(t.Find("motorroad")) {
		allowed = false
	}

	h := hierarchy[m]
	dismount := false
	for i, k := range h.keys {
		v := firstValue(t.Find(k))
		if v == "" {
			continue
		}
		if denying[v] {
			allowed = false
			break
		}
		if granting[v] {
			if allowed || i < h.own {
				allowed = true
				dismount = v == "dismount"
			}
			break
		}
	}
	if m == EBike && c.footClass {
		// bicycle=yes opens a footway to pushed or slow bicycles, not to
		// 18 km/h e-bikes: only electric_bicycle=* or bicycle=designated do.
		ev := firstValue(t.Find("electric_bicycle"))
		if !granting[ev] && t.Find("bicycle") != "designated" {
			allowed = false
		}
	}
	if hw == "steps" && (m == EBike || m == Drive) {
		allowed = false
	}
	if !allowed {
		return 0, 0
	}

	dir := oneway(t, m, c)
	if dir == 0 {
		return 0, 0
	}
	var kmh float64
	switch m {
	case Walk:
		kmh = WalkKmh
	case Bike:
		kmh = BikeKmh
	case EBike:
		kmh = EBikeKmh
	case Drive:
		kmh = driveKmh(t, c)
	}
	if dismount || (m == Bike && hw == "steps") {
		kmh = WalkKmh
	}
	return dir, kmh
}

// oneway applies Key:oneway and its mode-specific variants.
func oneway(t Tags, m Mode, c class) Direction {
	if m == Walk {
		// oneway=* binds vehicles only; walkers only by oneway:foot
		switch onewayValue(t.Find("oneway:foot")) {
		case onewayForward:
			return Forward
		case onewayBackward:
			return Backward
		}
		return Both
	}
	var keys []string
	if m == Drive {
		keys = []string{"oneway:motorcar", "oneway:motor_vehicle", "oneway:vehicle", "oneway"}
	} else {
		if m == EBike {
			keys = append(keys, "oneway:electric_bicycle")
		}
		keys = append(keys, "oneway:bicycle")
		if cyclewayContraflow(t) {
			return Both
		}
		keys = append(keys, "oneway:vehicle", "oneway")
	}
	for _, k := range keys {
		switch onewayValue(t.Find(k)) {
		case onewayForward:
			return Forward
		case onewayBackward:
			return Backward
		case onewayNo:
			return Both
		case onewayVariable:
			return 0
		}
	}
	j := t.Find("junction")
	if c.impliedOneway || j == "roundabout" || j == "circular" {
		return Forward
	}
	return Both
}

type onewayKind uint8

const (
	onewayUnset onewayKind = iota
	onewayForward
	onewayBackward
	onewayNo
	onewayVariable // reversible or alternating: no fixed direction to rely on
)

func onewayValue(v string) onewayKind {
	switch strings.TrimSpace(strings.ToLower(v)) {
	case "yes", "1", "true":
		return onewayForward
	case "-1", "reverse":
		return onewayBackward
	case "no", "0", "false":
		return onewayNo
	case "reversible", "alternating":
		return onewayVariable
	}
	return onewayUnset
}

// cyclewayContraflow reports a contraflow cycle lane or track that lets
// bicycles ride a one-way street both ways.
func cyclewayContraflow(t Tags) bool {
	for _, k := range []string{"cycleway", "cycleway:left", "cycleway:right", "cycleway:both"} {
		if strings.HasPrefix(t.Find(k), "opposite") {
			return true
		}
	}
	for _, k := range []string{"cycleway:left:oneway", "cycleway:right:oneway", "cycleway:both:oneway"} {
		if v := onewayValue(t.Find(k)); v == onewayNo || v == onewayBackward {
			return true
		}
	}
	return false
}

func driveKmh(t Tags, c class) float64 {
	kmh := c.driveKmh
	switch t.Find("service") {
	case "parking_aisle", "driveway", "drive-through":
		kmh = 10
	}
	if ms, ok := ParseMaxspeed(t.Find("maxspeed")); ok {
		kmh = math.Max(ms*MaxspeedFactor, MinDriveKmh)
	}
	return math.Min(kmh, MaxDriveKmh)
}

// ParseMaxspeed reads a maxspeed=* value and returns it in km/h. It accepts
// a bare number (km/h), a number with a unit ("50 mph", "30 km/h", "20
// knots") and "walk"; of several values separated by ";" it returns the
// lowest. Country zone codes ("RU:urban", "DE:zone30"), "none", "signals"
// and "variable" return ok=false, so the road class default applies.
func ParseMaxspeed(s string) (kmh float64, ok bool) {
	best := math.Inf(1)
	for part := range strings.SplitSeq(s, ";") {
		if v, ok := parseOneMaxspeed(part); ok && v < best {
			best = v
		}
	}
	if math.IsInf(best, 1) {
		return 0, false
	}
	return best, true
}

func parseOneMaxspeed(s string) (float64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "walk" {
		return 6, true
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || v <= 0 || v > 300 {
		return 0, false
	}
	switch strings.TrimSpace(s[i:]) {
	case "", "km/h", "kmh", "kph", "km":
		return v, true
	case "mph":
		return v * 1.609344, true
	case "knots", "kn":
		return v * 1.852, true
	}
	return 0, false
}

// firstValue returns the first of several ";"-separated values, trimmed and
// lower-cased.
func firstValue(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(strings.TrimSpace(v))
}

func isYes(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "1", "true":
		return true
	}
	return false
}
