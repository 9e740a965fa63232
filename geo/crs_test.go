package geo_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

func TestParseCRS(t *testing.T) {
	tests := []struct {
		in      string
		want    geo.CRS
		wantErr bool
	}{
		{in: "wgs84", want: geo.WGS84},
		{in: "WGS84", want: geo.WGS84},
		{in: " wgs-84 ", want: geo.WGS84},
		{in: "EPSG:4326", want: geo.WGS84},
		{in: "cgcs2000", want: geo.WGS84},
		{in: "epsg:4490", want: geo.WGS84},
		{in: "gcj02", want: geo.GCJ02},
		{in: "GCJ-02", want: geo.GCJ02},
		{in: "bd09", want: geo.BD09},
		{in: "BD-09", want: geo.BD09},
		{in: "bd09ll", want: geo.BD09},
		{in: "", wantErr: true},
		{in: "   ", wantErr: true},
		{in: "gcj", wantErr: true},
		{in: "epsg:3857", wantErr: true},
		{in: "wgs84x", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := geo.ParseCRS(tt.in)
			if tt.wantErr {
				if !errors.Is(err, geo.ErrUnknownCRS) {
					t.Fatalf("ParseCRS(%q) error = %v, want ErrUnknownCRS", tt.in, err)
				}
				// The message must tell the user what would have worked.
				for _, c := range geo.CRSs() {
					if !strings.Contains(err.Error(), string(c)) {
						t.Errorf("error %q does not list %q", err, c)
					}
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseCRS(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCRSUnmarshalJSON(t *testing.T) {
	var cfg struct {
		CRS geo.CRS `json:"crs"`
	}
	if err := json.Unmarshal([]byte(`{"crs":"GCJ-02"}`), &cfg); err != nil || cfg.CRS != geo.GCJ02 {
		t.Fatalf("got %q, %v; want gcj02", cfg.CRS, err)
	}
	if err := json.Unmarshal([]byte(`{"crs":"mars"}`), &cfg); !errors.Is(err, geo.ErrUnknownCRS) {
		t.Fatalf("unknown CRS: error = %v, want ErrUnknownCRS", err)
	}
}

// Reference pairs printed by the well-known implementations:
//   - wandergis/coordtransform, test/app.js: the four conversions of
//     (116.404, 39.915), Tiananmen in Beijing.
//   - googollee/eviltransform, go/transform_test.go: WGS-84/GCJ-02 pairs in
//     Shanghai, Shenzhen and Beijing (that test compares them to 5 decimals).
var referenceTests = []struct {
	name       string
	from, to   geo.CRS
	in, want   orb.Point
	toleranceM float64
}{
	// Forward transforms are closed formulas: they agree to the last digits.
	{"coordtransform wgs84togcj02", geo.WGS84, geo.GCJ02, orb.Point{116.404, 39.915}, orb.Point{116.41024449916938, 39.91640428150164}, 1e-6},
	{"coordtransform gcj02tobd09", geo.GCJ02, geo.BD09, orb.Point{116.404, 39.915}, orb.Point{116.41036949371029, 39.92133699351021}, 1e-6},
	// coordtransform's inverses are one-step approximations: its gcj02towgs84
	// is 1-2 m off the exact inverse, its bd09togcj02 up to 0.2 m.
	{"coordtransform gcj02towgs84", geo.GCJ02, geo.WGS84, orb.Point{116.404, 39.915}, orb.Point{116.39775550083061, 39.91359571849836}, 3},
	{"coordtransform bd09togcj02", geo.BD09, geo.GCJ02, orb.Point{116.404, 39.915}, orb.Point{116.39762729119315, 39.90865673957631}, 0.3},
	{"eviltransform shanghai", geo.WGS84, geo.GCJ02, orb.Point{121.5272106, 31.1774276}, orb.Point{121.531541859215, 31.17530398364597}, 1},
	{"eviltransform shenzhen", geo.WGS84, geo.GCJ02, orb.Point{113.912316, 22.543847}, orb.Point{113.9171764808363, 22.540796131694766}, 1},
	{"eviltransform beijing", geo.WGS84, geo.GCJ02, orb.Point{116.377817, 39.911954}, orb.Point{116.38404722455657, 39.91334545536069}, 1},
	{"eviltransform shanghai inverse", geo.GCJ02, geo.WGS84, orb.Point{121.531541859215, 31.17530398364597}, orb.Point{121.5272106, 31.1774276}, 1},
	{"eviltransform shenzhen inverse", geo.GCJ02, geo.WGS84, orb.Point{113.9171764808363, 22.540796131694766}, orb.Point{113.912316, 22.543847}, 1},
	{"eviltransform beijing inverse", geo.GCJ02, geo.WGS84, orb.Point{116.38404722455657, 39.91334545536069}, orb.Point{116.377817, 39.911954}, 1},
}

func TestConvertReferenceValues(t *testing.T) {
	for _, tt := range referenceTests {
		t.Run(tt.name, func(t *testing.T) {
			got := geo.Convert(tt.in, tt.from, tt.to)
			if d := geo.Distance(got, tt.want); d > tt.toleranceM {
				t.Errorf("Convert(%v, %s, %s) = %v, want %v (off by %.3g m, tolerance %g m)",
					tt.in, tt.from, tt.to, got, tt.want, d, tt.toleranceM)
			}
		})
	}
}

// chinaGrid returns points every step degrees over mainland China's extent
// and, more densely, over Ningbo (lng 120.9-122.3, lat 28.8-30.5).
func chinaGrid() []orb.Point {
	var pts []orb.Point
	for lng := 73.5; lng <= 135; lng += 1.7 {
		for lat := 18.0; lat <= 53.5; lat += 1.3 {
			pts = append(pts, orb.Point{lng, lat})
		}
	}
	for lng := 120.9; lng <= 122.3; lng += 0.07 {
		for lat := 28.8; lat <= 30.5; lat += 0.06 {
			pts = append(pts, orb.Point{lng, lat})
		}
	}
	return pts
}

func TestRoundTrips(t *testing.T) {
	trips := []struct {
		name string
		via  []geo.CRS // start, intermediate, back to start
	}{
		{"wgs84-gcj02-wgs84", []geo.CRS{geo.WGS84, geo.GCJ02, geo.WGS84}},
		{"wgs84-bd09-wgs84", []geo.CRS{geo.WGS84, geo.BD09, geo.WGS84}},
		{"gcj02-bd09-gcj02", []geo.CRS{geo.GCJ02, geo.BD09, geo.GCJ02}},
		{"gcj02-wgs84-gcj02", []geo.CRS{geo.GCJ02, geo.WGS84, geo.GCJ02}},
		{"bd09-wgs84-bd09", []geo.CRS{geo.BD09, geo.WGS84, geo.BD09}},
	}
	for _, trip := range trips {
		t.Run(trip.name, func(t *testing.T) {
			worst := 0.0
			for _, p := range chinaGrid() {
				mid := geo.Convert(p, trip.via[0], trip.via[1])
				back := geo.Convert(mid, trip.via[1], trip.via[2])
				d := geo.Distance(p, back)
				worst = math.Max(worst, d)
				if d > 0.01 {
					t.Errorf("%v -> %v -> %v: off by %.3g m", p, mid, back, d)
				}
				// The detour must actually move the point: a round trip
				// through an identity would prove nothing.
				if geo.Distance(p, mid) < 1 {
					t.Errorf("%v -> %v moved only %.3g m", p, mid, geo.Distance(p, mid))
				}
			}
			t.Logf("worst round trip error %.2g m", worst)
		})
	}
}

// TestNingboOffset checks the size of the GCJ-02 shift where our users live:
// about +0.0042° longitude and -0.0026° latitude, some 500 m. (Over the
// whole city it ranges over +0.0039..+0.0046 and -0.0032..-0.0022.)
func TestNingboOffset(t *testing.T) {
	for lng := 120.9; lng <= 122.3; lng += 0.1 {
		for lat := 28.8; lat <= 30.5; lat += 0.1 {
			p := orb.Point{lng, lat}
			g := geo.WGS84ToGCJ02(p)
			dLng, dLat := g[0]-p[0], g[1]-p[1]
			if math.Abs(dLng-0.0042) > 0.0007 || math.Abs(dLat+0.0026) > 0.0007 {
				t.Errorf("GCJ-02 - WGS-84 at %v = (%+.4f, %+.4f), want about (+0.0042, -0.0026)", p, dLng, dLat)
			}
			if d := geo.Distance(p, g); d < 350 || d > 650 {
				t.Errorf("GCJ-02 shift at %v is %.0f m, want about 500 m", p, d)
			}
		}
	}
}

func TestOutOfChina(t *testing.T) {
	tests := []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"ningbo", orb.Point{121.55, 29.87}, false},
		{"urumqi", orb.Point{87.6, 43.8}, false},
		{"tokyo", orb.Point{139.69, 35.69}, true},
		{"seoul is inside the rectangle", orb.Point{126.98, 37.57}, false},
		{"london", orb.Point{-0.13, 51.51}, true},
		{"sydney", orb.Point{151.2, -33.87}, true},
		{"west edge", orb.Point{72.0, 30}, true},
		{"north edge", orb.Point{100, 55.83}, true},
		{"nan", orb.Point{math.NaN(), 30}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := geo.OutOfChina(tt.p); got != tt.want {
				t.Errorf("OutOfChina(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestOutsideChinaUnchangedByGCJ02(t *testing.T) {
	for _, p := range []orb.Point{{-0.13, 51.51}, {151.2, -33.87}, {139.69, 35.69}, {-74.0, 40.7}, {0, 0}, {180, 90}} {
		if got := geo.WGS84ToGCJ02(p); got != p {
			t.Errorf("WGS84ToGCJ02(%v) = %v, want unchanged", p, got)
		}
		if got := geo.GCJ02ToWGS84(p); got != p {
			t.Errorf("GCJ02ToWGS84(%v) = %v, want unchanged", p, got)
		}
		// BD-09 applies its own shift everywhere, and undoes it.
		bd := geo.Convert(p, geo.WGS84, geo.BD09)
		if bd == p {
			t.Errorf("WGS84 -> BD09 left %v unchanged; BD-09 shifts everywhere", p)
		}
		if back := geo.Convert(bd, geo.BD09, geo.WGS84); geo.Distance(back, p) > 0.01 {
			t.Errorf("BD09 round trip of %v gave %v", p, back)
		}
	}
}

func TestConvertIdentityAndMethods(t *testing.T) {
	p := orb.Point{121.55, 29.87}
	for _, c := range geo.CRSs() {
		if got := geo.Convert(p, c, c); got != p {
			t.Errorf("Convert(p, %s, %s) = %v, want p", c, c, got)
		}
		if got, want := c.FromWGS84(p), geo.Convert(p, geo.WGS84, c); got != want {
			t.Errorf("%s.FromWGS84 = %v, Convert = %v", c, got, want)
		}
		if got, want := c.ToWGS84(p), geo.Convert(p, c, geo.WGS84); got != want {
			t.Errorf("%s.ToWGS84 = %v, Convert = %v", c, got, want)
		}
	}
	if got, want := geo.Convert(p, geo.GCJ02, geo.BD09), geo.GCJ02ToBD09(p); got != want {
		t.Errorf("Convert gcj02->bd09 = %v, GCJ02ToBD09 = %v", got, want)
	}
	if got, want := geo.Convert(p, geo.BD09, geo.GCJ02), geo.BD09ToGCJ02(p); got != want {
		t.Errorf("Convert bd09->gcj02 = %v, BD09ToGCJ02 = %v", got, want)
	}
}

func TestConvertUnknownCRSPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Convert with CRS \"\" did not panic")
		}
	}()
	geo.Convert(orb.Point{121.55, 29.87}, "", geo.WGS84)
}

// TestTownshipsSample compares with rows of the platform's township table
// (data/ningbo/townships.csv), which carries both GCJ-02 (Amap) and WGS-84
// coordinates to 6 decimals (0.1 m).
func TestTownshipsSample(t *testing.T) {
	f, err := os.Open("testdata/townships_sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 11 {
		t.Fatalf("want at least 10 rows, got %d", len(rows)-1)
	}
	for _, row := range rows[1:] {
		t.Run(row[1], func(t *testing.T) {
			gcj := orb.Point{mustFloat(t, row[3]), mustFloat(t, row[4])}
			wgs := orb.Point{mustFloat(t, row[5]), mustFloat(t, row[6])}
			if d := geo.Distance(geo.GCJ02ToWGS84(gcj), wgs); d > 2 {
				t.Errorf("GCJ02ToWGS84(%v) is %.2f m from the table's %v", gcj, d, wgs)
			}
			if d := geo.Distance(geo.WGS84ToGCJ02(wgs), gcj); d > 2 {
				t.Errorf("WGS84ToGCJ02(%v) is %.2f m from the table's %v", wgs, d, gcj)
			}
		})
	}
}

func mustFloat(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// FuzzRoundTrip checks that conversions never produce NaN or Inf for a valid
// coordinate and that every round trip through WGS-84 stays within 1 m
// inside China.
func FuzzRoundTrip(f *testing.F) {
	f.Add(121.55, 29.87)
	f.Add(116.404, 39.915)
	f.Add(72.004, 0.8293)
	f.Add(137.8347, 55.8271)
	f.Add(105.0, 35.0)
	f.Add(-0.13, 51.51)
	f.Add(180.0, -90.0)
	f.Fuzz(func(t *testing.T, lng, lat float64) {
		if math.IsNaN(lng) || math.IsNaN(lat) || math.IsInf(lng, 0) || math.IsInf(lat, 0) {
			t.Skip()
		}
		// Fold any finite input into range rather than skip it, so that
		// the fuzzer's mutations land on real coordinates.
		lng, lat = math.Mod(lng, 180), math.Mod(lat, 90)
		p := orb.Point{lng, lat}
		for _, from := range geo.CRSs() {
			for _, to := range geo.CRSs() {
				mid := geo.Convert(p, from, to)
				back := geo.Convert(mid, to, from)
				for _, q := range []orb.Point{mid, back} {
					if math.IsNaN(q[0]) || math.IsNaN(q[1]) || math.IsInf(q[0], 0) || math.IsInf(q[1], 0) {
						t.Fatalf("%v %s -> %s -> %s gave %v", p, from, to, from, q)
					}
				}
				// Only a point in China that some WGS-84 point maps to has
				// an exact round trip; test the start of each trip on the
				// WGS-84 side.
				if geo.OutOfChina(from.ToWGS84(p)) || geo.OutOfChina(p) {
					continue
				}
				if d := geo.Distance(p, back); d > 1 {
					t.Fatalf("%v %s -> %s -> %s = %v, off by %.3g m", p, from, to, from, back, d)
				}
			}
		}
	})
}

func FuzzParseCRS(f *testing.F) {
	for _, s := range []string{"wgs84", "GCJ-02", " bd09 ", "", "epsg:4326", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := geo.ParseCRS(s)
		if err != nil {
			if !errors.Is(err, geo.ErrUnknownCRS) || c != "" {
				t.Fatalf("ParseCRS(%q) = %q, %v", s, c, err)
			}
			return
		}
		known := false
		for _, k := range geo.CRSs() {
			known = known || c == k
		}
		if !known {
			t.Fatalf("ParseCRS(%q) = %q, not one of CRSs()", s, c)
		}
		// A canonical name parses to itself.
		if again, err := geo.ParseCRS(string(c)); err != nil || again != c {
			t.Fatalf("ParseCRS(%q) = %q, %v", c, again, err)
		}
	})
}
