package route_test

import (
	"math"
	"testing"

	"github.com/skillcircle/skillcircle/geo/route"
)

const (
	no  = route.Direction(0)
	fwd = route.Forward
	bwd = route.Backward
	two = route.Both
)

func TestAccessRules(t *testing.T) {
	tests := []struct {
		name string
		tags route.TagMap
		// walk, bike, ebike, drive
		want [route.NumModes]route.Direction
	}{
		{"residential", route.TagMap{"highway": "residential"}, [4]route.Direction{two, two, two, two}},
		{"primary", route.TagMap{"highway": "primary"}, [4]route.Direction{two, two, two, two}},
		{"primary foot=no", route.TagMap{"highway": "primary", "foot": "no"}, [4]route.Direction{no, two, two, two}},
		{"footway", route.TagMap{"highway": "footway"}, [4]route.Direction{two, no, no, no}},
		{"footway bicycle=yes", route.TagMap{"highway": "footway", "bicycle": "yes"}, [4]route.Direction{two, two, no, no}},
		{"footway bicycle=designated", route.TagMap{"highway": "footway", "bicycle": "designated"}, [4]route.Direction{two, two, two, no}},
		{"footway electric_bicycle=yes", route.TagMap{"highway": "footway", "electric_bicycle": "yes"}, [4]route.Direction{two, no, two, no}},
		{"footway motor_vehicle=yes", route.TagMap{"highway": "footway", "motor_vehicle": "yes"}, [4]route.Direction{two, no, no, two}},
		{"pedestrian", route.TagMap{"highway": "pedestrian"}, [4]route.Direction{two, no, no, no}},
		{"pedestrian area", route.TagMap{"highway": "pedestrian", "area": "yes"}, [4]route.Direction{two, no, no, no}},
		{"service area", route.TagMap{"highway": "service", "area": "yes"}, [4]route.Direction{two, no, no, no}},
		{"path", route.TagMap{"highway": "path"}, [4]route.Direction{two, two, no, no}},
		{"steps", route.TagMap{"highway": "steps"}, [4]route.Direction{two, no, no, no}},
		{"steps bicycle=yes", route.TagMap{"highway": "steps", "bicycle": "yes"}, [4]route.Direction{two, two, no, no}},
		{"steps motorcar=yes", route.TagMap{"highway": "steps", "motorcar": "yes"}, [4]route.Direction{two, no, no, no}},
		{"track", route.TagMap{"highway": "track"}, [4]route.Direction{two, two, two, no}},
		{"track motor_vehicle=yes", route.TagMap{"highway": "track", "motor_vehicle": "yes"}, [4]route.Direction{two, two, two, two}},
		{"cycleway", route.TagMap{"highway": "cycleway"}, [4]route.Direction{no, two, two, no}},
		{"cycleway foot=yes", route.TagMap{"highway": "cycleway", "foot": "yes"}, [4]route.Direction{two, two, two, no}},
		{"motorway", route.TagMap{"highway": "motorway"}, [4]route.Direction{no, no, no, fwd}},
		{"motorway oneway=no", route.TagMap{"highway": "motorway", "oneway": "no"}, [4]route.Direction{no, no, no, two}},
		{"motorway foot=yes", route.TagMap{"highway": "motorway", "foot": "yes"}, [4]route.Direction{two, no, no, fwd}},
		{"motorway access=yes stays closed to walkers", route.TagMap{"highway": "motorway", "access": "yes"}, [4]route.Direction{no, no, no, fwd}},
		{"motorway bicycle=designated", route.TagMap{"highway": "motorway", "bicycle": "designated"}, [4]route.Direction{no, fwd, fwd, fwd}},
		{"motorway_link", route.TagMap{"highway": "motorway_link"}, [4]route.Direction{no, no, no, fwd}},
		{"trunk", route.TagMap{"highway": "trunk"}, [4]route.Direction{no, two, two, two}},
		{"trunk_link foot=yes", route.TagMap{"highway": "trunk_link", "foot": "yes"}, [4]route.Direction{two, two, two, two}},
		{"trunk motorroad", route.TagMap{"highway": "trunk", "motorroad": "yes"}, [4]route.Direction{no, no, no, two}},
		{"access=private", route.TagMap{"highway": "service", "access": "private"}, [4]route.Direction{no, no, no, no}},
		{"access=no foot=yes", route.TagMap{"highway": "residential", "access": "no", "foot": "yes"}, [4]route.Direction{two, no, no, no}},
		{"access=private bicycle=yes", route.TagMap{"highway": "residential", "access": "private", "bicycle": "yes"}, [4]route.Direction{no, two, two, no}},
		{"access=destination", route.TagMap{"highway": "residential", "access": "destination"}, [4]route.Direction{two, two, two, two}},
		{"access=unknown ignored", route.TagMap{"highway": "residential", "access": "unknown"}, [4]route.Direction{two, two, two, two}},
		{"vehicle=no", route.TagMap{"highway": "residential", "vehicle": "no"}, [4]route.Direction{two, no, no, no}},
		{"motor_vehicle=no", route.TagMap{"highway": "residential", "motor_vehicle": "no"}, [4]route.Direction{two, two, two, no}},
		{"motor_vehicle=no motorcar=yes", route.TagMap{"highway": "residential", "motor_vehicle": "no", "motorcar": "yes"}, [4]route.Direction{two, two, two, two}},
		{"bicycle=no", route.TagMap{"highway": "secondary", "bicycle": "no"}, [4]route.Direction{two, no, no, two}},
		{"bicycle=no electric_bicycle=yes", route.TagMap{"highway": "secondary", "bicycle": "no", "electric_bicycle": "yes"}, [4]route.Direction{two, no, two, two}},
		{"bicycle=use_sidepath", route.TagMap{"highway": "primary", "bicycle": "use_sidepath"}, [4]route.Direction{two, no, no, two}},
		{"oneway=yes", route.TagMap{"highway": "residential", "oneway": "yes"}, [4]route.Direction{two, fwd, fwd, fwd}},
		{"oneway=1", route.TagMap{"highway": "residential", "oneway": "1"}, [4]route.Direction{two, fwd, fwd, fwd}},
		{"oneway=true", route.TagMap{"highway": "residential", "oneway": "true"}, [4]route.Direction{two, fwd, fwd, fwd}},
		{"oneway=-1", route.TagMap{"highway": "secondary", "oneway": "-1"}, [4]route.Direction{two, bwd, bwd, bwd}},
		{"oneway=reversible", route.TagMap{"highway": "secondary", "oneway": "reversible"}, [4]route.Direction{two, no, no, no}},
		{"oneway=alternating", route.TagMap{"highway": "secondary", "oneway": "alternating"}, [4]route.Direction{two, no, no, no}},
		{"oneway:foot=yes", route.TagMap{"highway": "footway", "oneway:foot": "yes"}, [4]route.Direction{fwd, no, no, no}},
		{"oneway:foot=-1 on a street", route.TagMap{"highway": "residential", "oneway:foot": "-1"}, [4]route.Direction{bwd, two, two, two}},
		{"roundabout", route.TagMap{"highway": "primary", "junction": "roundabout"}, [4]route.Direction{two, fwd, fwd, fwd}},
		{"circular", route.TagMap{"highway": "tertiary", "junction": "circular"}, [4]route.Direction{two, fwd, fwd, fwd}},
		{"roundabout oneway=no", route.TagMap{"highway": "primary", "junction": "roundabout", "oneway": "no"}, [4]route.Direction{two, two, two, two}},
		{"oneway oneway:bicycle=no", route.TagMap{"highway": "residential", "oneway": "yes", "oneway:bicycle": "no"}, [4]route.Direction{two, two, two, fwd}},
		{"oneway cycleway=opposite", route.TagMap{"highway": "residential", "oneway": "yes", "cycleway": "opposite"}, [4]route.Direction{two, two, two, fwd}},
		{"oneway cycleway:left=opposite_lane", route.TagMap{"highway": "residential", "oneway": "yes", "cycleway:left": "opposite_lane"}, [4]route.Direction{two, two, two, fwd}},
		{"oneway cycleway=opposite_track", route.TagMap{"highway": "residential", "oneway": "yes", "cycleway": "opposite_track"}, [4]route.Direction{two, two, two, fwd}},
		{"oneway cycleway:right:oneway=no", route.TagMap{"highway": "residential", "oneway": "yes", "cycleway:right:oneway": "no"}, [4]route.Direction{two, two, two, fwd}},
		{"oneway:motor_vehicle=no", route.TagMap{"highway": "residential", "oneway": "yes", "oneway:motor_vehicle": "no"}, [4]route.Direction{two, fwd, fwd, two}},
		{"oneway:bicycle=yes on two-way", route.TagMap{"highway": "residential", "oneway:bicycle": "yes"}, [4]route.Direction{two, fwd, fwd, two}},
		{"oneway cycleway", route.TagMap{"highway": "cycleway", "oneway": "yes"}, [4]route.Direction{no, fwd, fwd, no}},
		{"oneway footway stays two-way on foot", route.TagMap{"highway": "footway", "oneway": "yes"}, [4]route.Direction{two, no, no, no}},
		{"no highway", route.TagMap{"building": "yes"}, [4]route.Direction{}},
		{"construction", route.TagMap{"highway": "construction"}, [4]route.Direction{}},
		{"proposed", route.TagMap{"highway": "proposed"}, [4]route.Direction{}},
		{"empty", route.TagMap{}, [4]route.Direction{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := route.Classify(tt.tags)
			for _, m := range route.Modes {
				if got := route.Access(tt.tags, m); got != tt.want[m] {
					t.Errorf("Access(%v, %v) = %v, want %v", tt.tags, m, got, tt.want[m])
				}
				if a.Dir[m] != tt.want[m] {
					t.Errorf("Classify(%v).Dir[%v] = %v, want %v", tt.tags, m, a.Dir[m], tt.want[m])
				}
				if sp := route.Speed(tt.tags, m); (sp > 0) != (tt.want[m] != 0) {
					t.Errorf("Speed(%v, %v) = %v with access %v", tt.tags, m, sp, tt.want[m])
				}
			}
			if a.Routable() != (tt.want != [4]route.Direction{}) {
				t.Errorf("Routable() = %v", a.Routable())
			}
		})
	}
}

func TestSpeeds(t *testing.T) {
	tests := []struct {
		name string
		tags route.TagMap
		mode route.Mode
		want float64
	}{
		{"walk", route.TagMap{"highway": "primary"}, route.Walk, 4.5},
		{"bike", route.TagMap{"highway": "primary"}, route.Bike, 12},
		{"ebike", route.TagMap{"highway": "primary"}, route.EBike, 18},
		{"bike dismount", route.TagMap{"highway": "footway", "bicycle": "dismount"}, route.Bike, 4.5},
		{"bike on steps", route.TagMap{"highway": "steps", "bicycle": "yes"}, route.Bike, 4.5},
		{"car residential", route.TagMap{"highway": "residential"}, route.Drive, 25},
		{"car primary", route.TagMap{"highway": "primary"}, route.Drive, 50},
		{"car motorway", route.TagMap{"highway": "motorway"}, route.Drive, 90},
		{"car parking aisle", route.TagMap{"highway": "service", "service": "parking_aisle"}, route.Drive, 10},
		{"car maxspeed 60", route.TagMap{"highway": "primary", "maxspeed": "60"}, route.Drive, 48},
		{"car maxspeed 30 mph", route.TagMap{"highway": "residential", "maxspeed": "30 mph"}, route.Drive, 30 * 1.609344 * 0.8},
		{"car maxspeed RU:urban", route.TagMap{"highway": "secondary", "maxspeed": "RU:urban"}, route.Drive, 40},
		{"car maxspeed none", route.TagMap{"highway": "motorway", "maxspeed": "none"}, route.Drive, 90},
		{"car maxspeed capped", route.TagMap{"highway": "motorway", "maxspeed": "200"}, route.Drive, 110},
		{"car maxspeed floor", route.TagMap{"highway": "service", "maxspeed": "3"}, route.Drive, 5},
		{"car maxspeed walk (floored)", route.TagMap{"highway": "living_street", "maxspeed": "walk"}, route.Drive, 5},
		{"not allowed", route.TagMap{"highway": "footway"}, route.Drive, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := route.Speed(tt.tags, tt.mode); math.Abs(got-tt.want) > 1e-4 {
				t.Errorf("Speed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseMaxspeed(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"50", 50, true},
		{" 50 ", 50, true},
		{"50 km/h", 50, true},
		{"50kmh", 50, true},
		{"50 mph", 50 * 1.609344, true},
		{"30mph", 30 * 1.609344, true},
		{"10 knots", 18.52, true},
		{"60;40", 40, true},
		{"walk", 6, true},
		{"RU:urban", 0, false},
		{"DE:zone30", 0, false},
		{"none", 0, false},
		{"signals", 0, false},
		{"variable", 0, false},
		{"", 0, false},
		{"-5", 0, false},
		{"0", 0, false},
		{"1e9", 0, false},
		{"50 furlongs", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := route.ParseMaxspeed(tt.in)
			if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("ParseMaxspeed(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range route.Modes {
		t.Run(m.String(), func(t *testing.T) {
			got, err := route.ParseMode(m.String())
			if err != nil || got != m {
				t.Errorf("ParseMode(%q) = %v, %v", m.String(), got, err)
			}
		})
	}
	if _, err := route.ParseMode("metro"); err == nil {
		t.Error("ParseMode(metro) succeeded")
	}
}
