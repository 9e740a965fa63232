package geo_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"github.com/skillcircle/skillcircle/geo"
)

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    geo.Mode
		wantErr bool
	}{
		{in: "walk", want: geo.Walk},
		{in: " Walk ", want: geo.Walk},
		{in: "步行", want: geo.Walk},
		{in: "bike", want: geo.Bike},
		{in: "BICYCLE", want: geo.Bike},
		{in: "自行车", want: geo.Bike},
		{in: "骑行", want: geo.Bike},
		{in: "ebike", want: geo.EBike},
		{in: "e-bike", want: geo.EBike},
		{in: "电动车", want: geo.EBike},
		{in: "电瓶车", want: geo.EBike},
		{in: "电动自行车", want: geo.EBike},
		{in: "drive", want: geo.Drive},
		{in: "car", want: geo.Drive},
		{in: "驾车", want: geo.Drive},
		{in: "开车", want: geo.Drive},
		{in: "自驾", want: geo.Drive},
		{in: "transit", want: geo.Transit},
		{in: "Metro", want: geo.Transit},
		{in: "地铁", want: geo.Transit},
		{in: "公交", want: geo.Transit},
		{in: "", wantErr: true},
		{in: "bus", wantErr: true},
		{in: "walk walk", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := geo.ParseMode(tt.in)
			if tt.wantErr {
				if !errors.Is(err, geo.ErrUnknownMode) {
					t.Fatalf("ParseMode(%q) error = %v, want ErrUnknownMode", tt.in, err)
				}
				for _, m := range append(geo.Modes(), geo.Transit) {
					if !strings.Contains(err.Error(), string(m)) {
						t.Errorf("error %q does not list %q", err, m)
					}
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseMode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzParseMode(f *testing.F) {
	for _, s := range []string{"walk", "步行", " EBIKE ", "", "电动自行车", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := geo.ParseMode(s)
		if err != nil {
			if !errors.Is(err, geo.ErrUnknownMode) || m != "" {
				t.Fatalf("ParseMode(%q) = %q, %v", s, m, err)
			}
			return
		}
		// transit's times come from geo/transit, not from a TravelModel
		if _, err := geo.DefaultTravelModels().Get(m); err != nil && m != geo.Transit {
			t.Fatalf("ParseMode(%q) = %q, which has no default model: %v", s, m, err)
		}
		if again, err := geo.ParseMode(string(m)); err != nil || again != m {
			t.Fatalf("ParseMode(%q) = %q, %v", m, again, err)
		}
	})
}

func TestDefaultTravelModels(t *testing.T) {
	ms := geo.DefaultTravelModels()
	if err := ms.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	for _, mode := range geo.Modes() {
		if _, err := ms.Get(mode); err != nil {
			t.Errorf("no default for %s: %v", mode, err)
		}
	}
	// GB 50180-2018: the 15-minute walking circle is 800-1,000 m.
	walk15 := ms[geo.Walk].ReachMeters(15)
	if walk15 < 800 || walk15 > 1000 || math.Abs(walk15-865.4) > 0.1 {
		t.Errorf("15-minute walk reaches %.1f m, want 865.4 m (800-1,000 m)", walk15)
	}
	// Faster modes reach farther in 15 minutes.
	prev := 0.0
	for _, mode := range geo.Modes() {
		r := ms[mode].ReachMeters(15)
		if r <= prev {
			t.Errorf("%s reaches %.0f m in 15 minutes, not more than the slower mode's %.0f m", mode, r, prev)
		}
		prev = r
	}
	// Each call gives a fresh map: a caller's edit does not leak.
	ms[geo.Walk] = geo.TravelModel{}
	if geo.DefaultTravelModels()[geo.Walk].SpeedKmh != 4.5 {
		t.Error("DefaultTravelModels shares its map between calls")
	}
}

func TestTravelModelMinutes(t *testing.T) {
	defaults := geo.DefaultTravelModels()
	tests := []struct {
		name   string
		model  geo.TravelModel
		metres float64
		want   float64
	}{
		{"walk 0 m", defaults[geo.Walk], 0, 0},
		{"walk 1 km", defaults[geo.Walk], 1000, 1000 * 1.3 / 75},
		{"walk 865 m is 15 min", defaults[geo.Walk], 865.3846, 15},
		{"bike 0 m is the unlock", defaults[geo.Bike], 0, 1},
		{"bike 2 km", defaults[geo.Bike], 2000, 1 + 2000*1.3/200},
		{"ebike 5 km", defaults[geo.EBike], 5000, 1 + 5000*1.3/300},
		{"drive 10 km", defaults[geo.Drive], 10000, 5 + 10000*1.3/500},
		{"no detour", geo.TravelModel{SpeedKmh: 60, Detour: 1}, 1000, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.model.MinutesForDistance(tt.metres); math.Abs(got-tt.want) > 1e-4 {
				t.Errorf("MinutesForDistance(%g) = %g, want %g", tt.metres, got, tt.want)
			}
		})
	}
}

func TestTravelModelMinutesBetweenPoints(t *testing.T) {
	walk := geo.DefaultTravelModels()[geo.Walk]
	// One minute of arc of latitude is 1,853 m on our sphere.
	from, to := orb.Point{121.55, 29.87}, orb.Point{121.55, 29.87 + 1.0/60}
	want := geo.Distance(from, to) * 1.3 / 75
	if got := walk.Minutes(from, to); math.Abs(got-want) > 1e-9 || math.Abs(got-32.12) > 0.01 {
		t.Errorf("Minutes = %g, want %g (about 32.12)", got, want)
	}
	if walk.Minutes(from, to) != walk.Minutes(to, from) {
		t.Error("Minutes is not symmetric")
	}
}

func TestReachMeters(t *testing.T) {
	drive := geo.DefaultTravelModels()[geo.Drive]
	tests := []struct {
		minutes float64
		want    float64
	}{
		{-1, 0},
		{0, 0},
		{5, 0}, // all of it spent parking
		{math.NaN(), 0},
		{15, 10 * 500 / 1.3},
		{65, 60 * 500 / 1.3},
	}
	for _, tt := range tests {
		if got := drive.ReachMeters(tt.minutes); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("drive.ReachMeters(%g) = %g, want %g", tt.minutes, got, tt.want)
		}
	}
}

// TestTravelModelProperties checks, on random valid models, that time grows
// with distance and that ReachMeters inverts MinutesForDistance.
func TestTravelModelProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		m := geo.TravelModel{
			SpeedKmh:        0.5 + rng.Float64()*199.5,
			Detour:          1 + rng.Float64()*2,
			OverheadMinutes: rng.Float64() * 30,
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("random model %d: %v", i, err)
		}
		a, b := rng.Float64()*50000, rng.Float64()*50000
		if a > b {
			a, b = b, a
		}
		if m.MinutesForDistance(a) > m.MinutesForDistance(b) {
			t.Fatalf("%+v: %g m takes longer than %g m", m, a, b)
		}
		if got := m.ReachMeters(m.MinutesForDistance(a)); math.Abs(got-a) > 1e-6*(1+a) {
			t.Fatalf("%+v: ReachMeters(MinutesForDistance(%g)) = %g", m, a, got)
		}
		minutes := rng.Float64() * 120
		if reach := m.ReachMeters(minutes); reach > 0 && math.Abs(m.MinutesForDistance(reach)-minutes) > 1e-9*(1+minutes) {
			t.Fatalf("%+v: MinutesForDistance(ReachMeters(%g)) = %g", m, minutes, m.MinutesForDistance(reach))
		}
	}
}

func TestTravelModelValidate(t *testing.T) {
	ok := geo.TravelModel{SpeedKmh: 10, Detour: 1.3, OverheadMinutes: 1}
	tests := []struct {
		name    string
		edit    func(*geo.TravelModel)
		wantErr string // "" for valid
	}{
		{"valid", func(*geo.TravelModel) {}, ""},
		{"speed at max", func(m *geo.TravelModel) { m.SpeedKmh = 200 }, ""},
		{"detour at bounds", func(m *geo.TravelModel) { m.Detour = 1 }, ""},
		{"detour 3", func(m *geo.TravelModel) { m.Detour = 3 }, ""},
		{"overhead 30", func(m *geo.TravelModel) { m.OverheadMinutes = 30 }, ""},
		{"zero speed", func(m *geo.TravelModel) { m.SpeedKmh = 0 }, "speed"},
		{"negative speed", func(m *geo.TravelModel) { m.SpeedKmh = -5 }, "speed"},
		{"too fast", func(m *geo.TravelModel) { m.SpeedKmh = 200.1 }, "speed"},
		{"NaN speed", func(m *geo.TravelModel) { m.SpeedKmh = math.NaN() }, "speed"},
		{"detour below 1", func(m *geo.TravelModel) { m.Detour = 0.9 }, "detour"},
		{"detour above 3", func(m *geo.TravelModel) { m.Detour = 3.1 }, "detour"},
		{"NaN detour", func(m *geo.TravelModel) { m.Detour = math.NaN() }, "detour"},
		{"negative overhead", func(m *geo.TravelModel) { m.OverheadMinutes = -1 }, "overhead"},
		{"overhead above 30", func(m *geo.TravelModel) { m.OverheadMinutes = 31 }, "overhead"},
		{"infinite overhead", func(m *geo.TravelModel) { m.OverheadMinutes = math.Inf(1) }, "overhead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			err := m.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate(%+v) = %v, want nil", m, err)
				}
				return
			}
			if !errors.Is(err, geo.ErrInvalidTravelModel) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate(%+v) = %v, want ErrInvalidTravelModel about %s", m, err, tt.wantErr)
			}
		})
	}
}

func TestTravelModelsValidateAndGet(t *testing.T) {
	valid := geo.TravelModel{SpeedKmh: 5, Detour: 1.2}
	tests := []struct {
		name    string
		models  geo.TravelModels
		wantErr error
		mention string
	}{
		{"defaults", geo.DefaultTravelModels(), nil, ""},
		{"a subset", geo.TravelModels{geo.Walk: valid}, nil, ""},
		{"empty", geo.TravelModels{}, geo.ErrInvalidTravelModel, "no travel models"},
		{"nil", nil, geo.ErrInvalidTravelModel, "no travel models"},
		{"unknown mode", geo.TravelModels{"metro": valid}, geo.ErrUnknownMode, "metro"},
		{"bad model names its mode", geo.TravelModels{geo.Walk: valid, geo.Drive: {SpeedKmh: 0, Detour: 1.3}}, geo.ErrInvalidTravelModel, "drive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.models.Validate()
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("Validate() = %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %q", err, tt.mention)
			}
		})
	}

	ms := geo.TravelModels{geo.Walk: valid}
	if got, err := ms.Get(geo.Walk); err != nil || got != valid {
		t.Errorf("Get(walk) = %+v, %v", got, err)
	}
	if _, err := ms.Get(geo.Drive); !errors.Is(err, geo.ErrUnknownMode) {
		t.Errorf("Get(drive) on a walk-only config: error = %v, want ErrUnknownMode", err)
	}
}

func TestTravelModelsJSON(t *testing.T) {
	// Keys go through ParseMode, so a configuration may use Chinese names.
	var ms geo.TravelModels
	in := `{"步行": {"speed_kmh": 4, "detour": 1.4, "overhead_minutes": 0},
	        "ebike": {"speed_kmh": 20, "detour": 1.25, "overhead_minutes": 2}}`
	if err := json.Unmarshal([]byte(in), &ms); err != nil {
		t.Fatal(err)
	}
	want := geo.TravelModels{
		geo.Walk:  {SpeedKmh: 4, Detour: 1.4},
		geo.EBike: {SpeedKmh: 20, Detour: 1.25, OverheadMinutes: 2},
	}
	if len(ms) != len(want) || ms[geo.Walk] != want[geo.Walk] || ms[geo.EBike] != want[geo.EBike] {
		t.Fatalf("got %+v, want %+v", ms, want)
	}
	if err := json.Unmarshal([]byte(`{"hoverboard": {}}`), &ms); !errors.Is(err, geo.ErrUnknownMode) {
		t.Fatalf("unknown mode key: error = %v, want ErrUnknownMode", err)
	}
	out, err := json.Marshal(geo.TravelModels{geo.Walk: want[geo.Walk]})
	if err != nil || string(out) != `{"walk":{"speed_kmh":4,"detour":1.4,"overhead_minutes":0}}` {
		t.Fatalf("Marshal = %s, %v", out, err)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		want float64 // metres
		tol  float64
	}{
		{"same point", orb.Point{121.55, 29.87}, orb.Point{121.55, 29.87}, 0, 0},
		// One degree along a meridian: R·π/180.
		{"one degree of latitude", orb.Point{121, 29}, orb.Point{121, 30}, 6371008.8 * math.Pi / 180, 1e-6},
		{"one degree of longitude at the equator", orb.Point{0, 0}, orb.Point{1, 0}, 6371008.8 * math.Pi / 180, 1e-6},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, 6371008.8 * math.Pi, 1e-6},
		// orb's haversine, on its equatorial radius, as an independent check.
		{"Ningbo to Shanghai", orb.Point{121.5401, 29.8641}, orb.Point{121.3206, 31.1940},
			orbgeo.DistanceHaversine(orb.Point{121.5401, 29.8641}, orb.Point{121.3206, 31.1940}) * 6371008.8 / orb.EarthRadius, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := geo.Distance(tt.a, tt.b)
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("Distance = %.3f, want %.3f ± %g", got, tt.want, tt.tol)
			}
			if back := geo.Distance(tt.b, tt.a); math.Abs(back-got) > 1e-9 {
				t.Errorf("Distance is not symmetric: %g vs %g", got, back)
			}
		})
	}
}
