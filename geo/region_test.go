package geo_test

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/skillcircle/skillcircle/geo"
)

func TestContains(t *testing.T) {
	mp := squareWithHole()
	tests := []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"in the hole", ningbo, false},
		{"between hole and outer edge", orb.Point{ningbo[0] + 0.0075, ningbo[1]}, true},
		{"south-west corner area", orb.Point{ningbo[0] - 0.009, ningbo[1] - 0.009}, true},
		{"just outside", orb.Point{ningbo[0] + 0.0101, ningbo[1]}, false},
		{"second part", orb.Point{ningbo[0] + 0.1, ningbo[1]}, true},
		{"between the parts", orb.Point{ningbo[0] + 0.05, ningbo[1]}, false},
		{"level with a vertex, outside", orb.Point{ningbo[0] - 0.02, ningbo[1] - 0.005}, false},
		{"NaN", orb.Point{math.NaN(), ningbo[1]}, false},
	}
	area := geo.NewArea(mp)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := geo.Contains(mp, tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
			if got := area.Contains(tt.p); got != tt.want {
				t.Errorf("Area.Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestContainsEmpty(t *testing.T) {
	for _, mp := range []orb.MultiPolygon{nil, {}, {{}}, {{{}}}} {
		if geo.Contains(mp, ningbo) || geo.NewArea(mp).Contains(ningbo) {
			t.Errorf("%v contains a point", mp)
		}
		if d := geo.DistanceToBoundary(mp, ningbo); !math.IsInf(d, 1) {
			t.Errorf("DistanceToBoundary(%v) = %g, want +Inf", mp, d)
		}
		if d := geo.NewArea(mp).DistanceTo(ningbo); !math.IsInf(d, 1) {
			t.Errorf("Area.DistanceTo(%v) = %g, want +Inf", mp, d)
		}
	}
}

// TestTownshipsInTheirDistrict places the sample townships' WGS-84 centres
// in the district polygons: each must fall in its own district and no other.
func TestTownshipsInTheirDistrict(t *testing.T) {
	districts := loadDistricts(t)
	f, err := os.Open("testdata/townships_sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		t.Run(row[1], func(t *testing.T) {
			p := orb.Point{mustFloat(t, row[5]), mustFloat(t, row[6])}
			var in []string
			for _, d := range districts {
				if geo.Contains(d.mp, p) {
					in = append(in, d.name)
				}
			}
			if len(in) != 1 || in[0] != row[2] {
				t.Errorf("%v is in %v, want [%s]", p, in, row[2])
			}
		})
	}
}

// TestAreaAgreesWithContains compares Area with the package functions and
// with orb's planar.MultiPolygonContains on random points around Ningbo.
func TestAreaAgreesWithContains(t *testing.T) {
	districts := loadDistricts(t)
	rng := rand.New(rand.NewPCG(11, 12))
	for _, d := range districts {
		t.Run(d.name, func(t *testing.T) {
			area := geo.NewArea(d.mp)
			if area.Bound() != d.mp.Bound() || len(area.MultiPolygon()) != len(d.mp) {
				t.Fatal("Area does not describe its polygons")
			}
			b := d.mp.Bound().Pad(0.05)
			inside := 0
			for i := range 5000 {
				p := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
				want := planar.MultiPolygonContains(d.mp, p)
				if got := geo.Contains(d.mp, p); got != want {
					t.Fatalf("Contains(%v) = %v, orb says %v", p, got, want)
				}
				if got := area.Contains(p); got != want {
					t.Fatalf("Area.Contains(%v) = %v, orb says %v", p, got, want)
				}
				if want {
					inside++
				}
				if i%10 != 0 {
					continue // distances are slower; a tenth of the points will do
				}
				if got, want := area.DistanceTo(p), geo.DistanceTo(d.mp, p); got != want {
					t.Fatalf("Area.DistanceTo(%v) = %g, DistanceTo = %g", p, got, want)
				}
				if got, want := area.DistanceToBoundary(p), geo.DistanceToBoundary(d.mp, p); got != want {
					t.Fatalf("Area.DistanceToBoundary(%v) = %g, DistanceToBoundary = %g", p, got, want)
				}
			}
			if inside == 0 {
				t.Error("no random point fell inside: the test proves nothing")
			}
		})
	}
}

func TestDistanceToBoundary(t *testing.T) {
	mp := squareWithHole()
	east := func(p orb.Point, lngDeg float64) float64 { return geo.Distance(p, orb.Point{p[0] + lngDeg, p[1]}) }
	north := func(p orb.Point, latDeg float64) float64 { return geo.Distance(p, orb.Point{p[0], p[1] + latDeg}) }
	tests := []struct {
		name       string
		p          orb.Point
		toBoundary float64 // metres, by haversine
		inside     bool
	}{
		// At the centre of the hole, the hole's east/west edges are nearer
		// than its north/south ones (a degree of longitude is shorter).
		{"centre of the hole", ningbo, east(ningbo, 0.005), false},
		{"in the ring, nearer the hole", orb.Point{ningbo[0] + 0.007, ningbo[1]}, east(ningbo, 0.002), true},
		{"in the ring, nearer the outside", orb.Point{ningbo[0] + 0.009, ningbo[1]}, east(ningbo, 0.001), true},
		{"east of the square", orb.Point{ningbo[0] + 0.03, ningbo[1]}, east(ningbo, 0.02), false},
		{"north of the square", orb.Point{ningbo[0], ningbo[1] + 0.03}, north(ningbo, 0.02), false},
		{"off a corner", orb.Point{ningbo[0] - 0.02, ningbo[1] - 0.02}, geo.Distance(orb.Point{ningbo[0] - 0.02, ningbo[1] - 0.02}, orb.Point{ningbo[0] - 0.01, ningbo[1] - 0.01}), false},
		{"on an edge", orb.Point{ningbo[0] + 0.01, ningbo[1] + 0.003}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := geo.DistanceToBoundary(mp, tt.p)
			if math.Abs(got-tt.toBoundary) > 0.002*tt.toBoundary+1e-6 {
				t.Errorf("DistanceToBoundary(%v) = %.2f m, want %.2f m", tt.p, got, tt.toBoundary)
			}
			wantTo := tt.toBoundary
			if tt.inside {
				wantTo = 0
			}
			if got := geo.DistanceTo(mp, tt.p); math.Abs(got-wantTo) > 0.002*wantTo+1e-6 {
				t.Errorf("DistanceTo(%v) = %.2f m, want %.2f m", tt.p, got, wantTo)
			}
		})
	}
}

// TestDistanceToBoundaryAccuracy compares the local projection with
// haversine distances to a densely sampled district boundary, for points up
// to 20 km outside it: within 1%.
func TestDistanceToBoundaryAccuracy(t *testing.T) {
	d := loadDistricts(t)[0]
	var boundary []orb.Point
	for _, poly := range d.mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				for s := 0.0; s < 1; s += 0.02 {
					boundary = append(boundary, orb.Point{r[i][0] + s*(r[i+1][0]-r[i][0]), r[i][1] + s*(r[i+1][1]-r[i][1])})
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(13, 14))
	b := d.mp.Bound().Pad(0.2)
	for range 200 {
		p := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
		best := math.Inf(1)
		for _, q := range boundary {
			best = math.Min(best, geo.Distance(p, q))
		}
		got := geo.DistanceToBoundary(d.mp, p)
		// Sampling puts best slightly above the truth; allow for it.
		if got > best*1.01+1 || got < best*0.99-20 {
			t.Errorf("DistanceToBoundary(%v) = %.1f m, haversine to the sampled boundary %.1f m", p, got, best)
		}
	}
}

// TestAreaDistanceMatches checks the Area's banded distance search against
// the plain scan, for points inside, near and up to ~50 km from each district.
func TestAreaDistanceMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, d := range loadDistricts(t) {
		area := geo.NewArea(d.mp)
		b := d.mp.Bound().Pad(0.5)
		for range 300 {
			p := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
			if got, want := area.DistanceToBoundary(p), geo.DistanceToBoundary(d.mp, p); got != want {
				t.Fatalf("%s: Area.DistanceToBoundary(%v) = %g, DistanceToBoundary = %g", d.name, p, got, want)
			}
		}
	}
}
