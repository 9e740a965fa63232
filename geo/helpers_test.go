package geo_test

import (
	"math"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/geo"
)

// Places where the H3 grid is at its most irregular, and where we live.
var (
	ningbo = orb.Point{121.5440, 29.8683} // 天一广场, Haishu
	// A cell of resolution 7 here straddles icosahedron faces 0 and 5 and
	// has 7 vertices instead of 6 (Class III distortion).
	faceEdge = orb.Point{110.0, 37.0}
	// One of H3's 12 pentagons sits in the Bohai Strait.
	pentagon = orb.Point{122.3, 39.1}
)

// destination returns the point at metres along bearing (degrees clockwise
// from north) from p, on the sphere geo.Distance uses.
func destination(p orb.Point, bearing, metres float64) orb.Point {
	lat1, lng1 := p[1]*math.Pi/180, p[0]*math.Pi/180
	theta, delta := bearing*math.Pi/180, metres/geo.EarthRadius
	lat2 := math.Asin(math.Sin(lat1)*math.Cos(delta) + math.Cos(lat1)*math.Sin(delta)*math.Cos(theta))
	lng2 := lng1 + math.Atan2(math.Sin(theta)*math.Sin(delta)*math.Cos(lat1), math.Cos(delta)-math.Sin(lat1)*math.Sin(lat2))
	return orb.Point{lng2 * 180 / math.Pi, lat2 * 180 / math.Pi}
}

type district struct {
	name string
	mp   orb.MultiPolygon
}

// loadDistricts reads the 10 Ningbo districts (WGS-84) from testdata.
func loadDistricts(tb testing.TB) []district {
	tb.Helper()
	data, err := os.ReadFile("testdata/districts_wgs84.geojson")
	if err != nil {
		tb.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		tb.Fatal(err)
	}
	var out []district
	for _, f := range fc.Features {
		mp, ok := f.Geometry.(orb.MultiPolygon)
		if !ok {
			tb.Fatalf("%v: geometry is %T, want MultiPolygon", f.Properties["name"], f.Geometry)
		}
		out = append(out, district{name: f.Properties.MustString("name"), mp: mp})
	}
	if len(out) != 10 {
		tb.Fatalf("got %d districts, want 10", len(out))
	}
	return out
}

// square returns a closed counter-clockwise square ring of half-side
// halfDeg degrees around c.
func square(c orb.Point, halfDeg float64) orb.Ring {
	return orb.Ring{
		{c[0] - halfDeg, c[1] - halfDeg}, {c[0] + halfDeg, c[1] - halfDeg},
		{c[0] + halfDeg, c[1] + halfDeg}, {c[0] - halfDeg, c[1] + halfDeg},
		{c[0] - halfDeg, c[1] - halfDeg},
	}
}

// squareWithHole is a 0.02° square around ningbo with a 0.01° square hole,
// plus a separate 0.02° square 0.1° to the east.
func squareWithHole() orb.MultiPolygon {
	hole := square(ningbo, 0.005)
	hole.Reverse()
	return orb.MultiPolygon{
		{square(ningbo, 0.01), hole},
		{square(orb.Point{ningbo[0] + 0.1, ningbo[1]}, 0.01)},
	}
}
