package route

import (
	"fmt"

	"github.com/skillcircle/skillcircle/geo"
)

// Mode is a way of travelling on the road network. Its String form matches
// the travel mode names used elsewhere in skillcircle ("walk", "bike",
// "ebike", "drive"), so converting from a geo.Mode is a ParseMode call.
type Mode uint8

// The modes a Network carries, each with its own graph.
const (
	Walk  Mode = iota // on foot, 4.5 km/h
	Bike              // pedal bicycle, 12 km/h
	EBike             // electric bicycle (电动自行车), 18 km/h
	Drive             // private car
)

// NumModes is the number of modes; Mode values are 0..NumModes-1.
const NumModes = 4

// Modes lists every mode in order.
var Modes = [NumModes]Mode{Walk, Bike, EBike, Drive}

var modeNames = [NumModes]string{"walk", "bike", "ebike", "drive"}

// String returns the mode's name: "walk", "bike", "ebike" or "drive".
func (m Mode) String() string {
	if m < NumModes {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// Valid reports whether m is one of the defined modes.
func (m Mode) Valid() bool { return m < NumModes }

// ParseMode returns the mode named s ("walk", "bike", "ebike", "drive").
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if n == s {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("route: unknown mode %q (want walk, bike, ebike or drive)", s)
}

// FromGeo returns the Mode for a geo.Mode (geo.Walk, geo.Bike, geo.EBike,
// geo.Drive); other travel modes have no road graph here.
func FromGeo(m geo.Mode) (Mode, error) { return ParseMode(string(m)) }

// Geo returns the geo.Mode of m.
func (m Mode) Geo() geo.Mode { return geo.Mode(m.String()) }
