package geo

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// Mode is a way of travelling to a course.
type Mode string

const (
	Walk  Mode = "walk"
	Bike  Mode = "bike"
	EBike Mode = "ebike" // electric bicycle (电动自行车), common among Ningbo's workers
	Drive Mode = "drive"
	// Transit is walking plus the metro (地铁). It has no TravelModel: its
	// times come from package geo/transit, walking by the Walk model. 公交
	// (bus) is accepted as the word people type for public transport, but
	// only metro lines are modelled.
	Transit Mode = "transit"
)

// ErrUnknownMode is returned (wrapped) by ParseMode for a name that is not a
// travel mode, and by TravelModels.Get and Validate for a mode with no model.
var ErrUnknownMode = errors.New("geo: unknown travel mode")

// ErrInvalidTravelModel is returned (wrapped) by TravelModel.Validate and
// TravelModels.Validate when a model's numbers are out of range.
var ErrInvalidTravelModel = errors.New("geo: invalid travel model")

// modeAliases maps every accepted spelling, already lower-cased, to its Mode.
var modeAliases = map[string]Mode{
	"walk": Walk, "walking": Walk, "foot": Walk, "步行": Walk,
	"bike": Bike, "bicycle": Bike, "cycling": Bike, "自行车": Bike, "骑行": Bike,
	"ebike": EBike, "e-bike": EBike, "电动车": EBike, "电瓶车": EBike, "电动自行车": EBike,
	"drive": Drive, "driving": Drive, "car": Drive, "驾车": Drive, "开车": Drive, "自驾": Drive,
	"transit": Transit, "metro": Transit, "subway": Transit, "地铁": Transit, "公交": Transit, "轨道交通": Transit,
}

// Modes returns the travel modes that have a TravelModel, slowest first:
// every mode but Transit.
func Modes() []Mode { return []Mode{Walk, Bike, EBike, Drive} }

// ParseMode reads a travel mode, ignoring case and surrounding space. It
// accepts the canonical names, a few English synonyms (walking, bicycle,
// e-bike, car, metro, subway, ...) and the Chinese words people type: 步行;
// 自行车, 骑行; 电动车, 电瓶车, 电动自行车; 驾车, 开车, 自驾; 地铁, 公交,
// 轨道交通. Anything else gives an error wrapping ErrUnknownMode.
func ParseMode(s string) (Mode, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if m, ok := modeAliases[name]; ok {
		return m, nil
	}
	if name == "" {
		return "", fmt.Errorf("%w: empty name (want one of %s, %s)", ErrUnknownMode, modeList(), Transit)
	}
	return "", fmt.Errorf("%w %q (want one of %s, %s)", ErrUnknownMode, s, modeList(), Transit)
}

func modeList() string {
	names := make([]string, 0, 4)
	for _, m := range Modes() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}

// UnmarshalText parses a Mode with ParseMode, so that JSON configuration
// (including the keys of a TravelModels map) accepts the same names.
func (m *Mode) UnmarshalText(text []byte) error {
	parsed, err := ParseMode(string(text))
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}

// TravelModel estimates travel time without a road network: the
// great-circle distance times a detour (circuity) factor, at a constant
// speed, plus a fixed overhead.
type TravelModel struct {
	// SpeedKmh is the average speed along the way, in km/h.
	SpeedKmh float64 `json:"speed_kmh"`
	// Detour is the circuity factor: network distance / great-circle
	// distance. Urban street networks measure about 1.2-1.4.
	Detour float64 `json:"detour"`
	// OverheadMinutes is a fixed time spent whatever the distance:
	// unlocking a bike, parking a car.
	OverheadMinutes float64 `json:"overhead_minutes"`
}

// Limits that TravelModel.Validate enforces.
const (
	MaxSpeedKmh        = 200
	MinDetour          = 1
	MaxDetour          = 3
	MaxOverheadMinutes = 30
)

// DefaultTravelModels returns the documented defaults, one per Mode.
//
// GB 50180-2018 takes the 15-minute living circle as 800-1,000 m of walking;
// at 4.5 km/h with detour 1.3 a 15-minute walk reaches 865 m in a straight
// line, in the middle of that range. The detour of 1.3 is the usual urban
// circuity for all modes.
//
//   - walk: 4.5 km/h, no overhead.
//   - bike: 12 km/h (unhurried urban cycling with stops), 1 minute to unlock
//     and lock a (shared) bike.
//   - ebike: 18 km/h, below the 25 km/h legal cap of GB 17761-2018 because of
//     junctions, 1 minute to unlock and lock.
//   - drive: 30 km/h, the urban average with congestion, plus 5 minutes to
//     find parking and walk to the door.
func DefaultTravelModels() TravelModels {
	return TravelModels{
		Walk:  {SpeedKmh: 4.5, Detour: 1.3, OverheadMinutes: 0},
		Bike:  {SpeedKmh: 12, Detour: 1.3, OverheadMinutes: 1},
		EBike: {SpeedKmh: 18, Detour: 1.3, OverheadMinutes: 1},
		Drive: {SpeedKmh: 30, Detour: 1.3, OverheadMinutes: 5},
	}
}

// metresPerMinute is the speed along the network in m/min.
func (m TravelModel) metresPerMinute() float64 { return m.SpeedKmh * 1000 / 60 }

// Minutes estimates the travel time from one point to another.
func (m TravelModel) Minutes(from, to orb.Point) float64 {
	return m.MinutesForDistance(Distance(from, to))
}

// MinutesForDistance estimates the travel time over a great-circle distance
// in metres.
func (m TravelModel) MinutesForDistance(meters float64) float64 {
	return m.OverheadMinutes + meters*m.Detour/m.metresPerMinute()
}

// ReachMeters returns the largest great-circle distance that can be covered
// within minutes: the inverse of MinutesForDistance. It is 0 when minutes do
// not exceed the overhead.
func (m TravelModel) ReachMeters(minutes float64) float64 {
	moving := minutes - m.OverheadMinutes
	if !(moving > 0) {
		return 0
	}
	return moving * m.metresPerMinute() / m.Detour
}

// Validate checks that the model's numbers are plausible: speed in (0, 200]
// km/h, detour in [1, 3], overhead in [0, 30] minutes. The error wraps
// ErrInvalidTravelModel.
func (m TravelModel) Validate() error {
	// Written as !(in range) so that NaN fails too.
	switch {
	case !(m.SpeedKmh > 0 && m.SpeedKmh <= MaxSpeedKmh):
		return fmt.Errorf("%w: speed %v km/h is not in (0, %d]", ErrInvalidTravelModel, m.SpeedKmh, MaxSpeedKmh)
	case !(m.Detour >= MinDetour && m.Detour <= MaxDetour):
		return fmt.Errorf("%w: detour %v is not in [%d, %d]", ErrInvalidTravelModel, m.Detour, MinDetour, MaxDetour)
	case !(m.OverheadMinutes >= 0 && m.OverheadMinutes <= MaxOverheadMinutes):
		return fmt.Errorf("%w: overhead %v minutes is not in [0, %d]", ErrInvalidTravelModel, m.OverheadMinutes, MaxOverheadMinutes)
	}
	return nil
}

// TravelModels holds a TravelModel per mode. A configuration may offer only
// some modes.
type TravelModels map[Mode]TravelModel

// Validate checks that there is at least one model, that every key is a
// known Mode and that every model is valid. Errors name the mode.
func (ms TravelModels) Validate() error {
	if len(ms) == 0 {
		return fmt.Errorf("%w: no travel models", ErrInvalidTravelModel)
	}
	modes := make([]Mode, 0, len(ms))
	for mode := range ms {
		modes = append(modes, mode)
	}
	slices.Sort(modes) // report the same error every time
	for _, mode := range modes {
		if !slices.Contains(Modes(), mode) {
			return fmt.Errorf("%w %q (want one of %s)", ErrUnknownMode, string(mode), modeList())
		}
		if err := ms[mode].Validate(); err != nil {
			return fmt.Errorf("%s: %w", mode, err)
		}
	}
	return nil
}

// Get returns the model for mode, or an error wrapping ErrUnknownMode when
// there is none.
func (ms TravelModels) Get(mode Mode) (TravelModel, error) {
	m, ok := ms[mode]
	if !ok {
		return TravelModel{}, fmt.Errorf("%w: no travel model for %q", ErrUnknownMode, string(mode))
	}
	return m, nil
}

// EarthRadius is the mean Earth radius (IUGG, metres) used for great-circle
// distances. H3 uses the same value; orb's EarthRadius is the equatorial one.
const EarthRadius = 6371008.8

// Distance returns the great-circle (haversine) distance between a and b in
// metres. On the sphere it is within about 0.3% of the ellipsoidal distance.
func Distance(a, b orb.Point) float64 {
	lat1, lat2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dLat := lat2 - lat1
	dLng := (b[0] - a[0]) * math.Pi / 180
	sinLat, sinLng := math.Sin(dLat/2), math.Sin(dLng/2)
	h := sinLat*sinLat + math.Cos(lat1)*math.Cos(lat2)*sinLng*sinLng
	return 2 * EarthRadius * math.Asin(math.Sqrt(math.Min(1, h)))
}
