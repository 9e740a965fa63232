package geo

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// CRS names a geographic coordinate system in use on Chinese web maps.
// Every CRS here is longitude/latitude in degrees; they differ by the
// obfuscating offsets that Chinese map providers apply.
type CRS string

const (
	// WGS84 is the GPS system, used by OpenStreetMap and (as CGCS2000, which
	// agrees to centimetres) by Tianditu. It is the system this package works in.
	WGS84 CRS = "wgs84"
	// GCJ02 is the state-mandated obfuscated system (火星坐标) of Amap/高德 and
	// Tencent maps: about 500 m off WGS-84 in Ningbo.
	GCJ02 CRS = "gcj02"
	// BD09 is Baidu's system, a further transform on top of GCJ-02.
	BD09 CRS = "bd09"
)

// ErrUnknownCRS is returned (wrapped) by ParseCRS when the name is not a
// coordinate system this package knows.
var ErrUnknownCRS = errors.New("geo: unknown coordinate system")

// crsAliases maps every accepted spelling, already lower-cased, to its CRS.
var crsAliases = map[string]CRS{
	"wgs84":     WGS84,
	"wgs-84":    WGS84,
	"epsg:4326": WGS84,
	// CGCS2000 is what Tianditu and Chinese government data name; it differs
	// from WGS-84 by centimetres, far below anything this package resolves.
	"cgcs2000":  WGS84,
	"epsg:4490": WGS84,
	"gcj02":     GCJ02,
	"gcj-02":    GCJ02,
	"bd09":      BD09,
	"bd-09":     BD09,
	// Baidu's own APIs call longitude/latitude BD-09 "bd09ll".
	"bd09ll": BD09,
}

// CRSs returns the coordinate systems this package converts between.
func CRSs() []CRS { return []CRS{WGS84, GCJ02, BD09} }

// ParseCRS reads a coordinate system name, ignoring case and surrounding
// space. Besides the canonical names it accepts "wgs-84", "epsg:4326",
// "cgcs2000", "epsg:4490", "gcj-02", "bd-09" and "bd09ll". Any other name,
// including the empty string, gives an error wrapping ErrUnknownCRS.
func ParseCRS(s string) (CRS, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if c, ok := crsAliases[name]; ok {
		return c, nil
	}
	if name == "" {
		return "", fmt.Errorf("%w: empty name (want one of %s)", ErrUnknownCRS, crsList())
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrUnknownCRS, s, crsList())
}

func crsList() string {
	names := make([]string, 0, 3)
	for _, c := range CRSs() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// UnmarshalText parses a CRS with ParseCRS, so that configuration files and
// JSON accept the same names as the command line.
func (c *CRS) UnmarshalText(text []byte) error {
	parsed, err := ParseCRS(string(text))
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}

// ToWGS84 converts p from c to WGS-84.
// It panics if c is not one of WGS84, GCJ02 or BD09: a CRS should only ever
// come from those constants or from ParseCRS.
func (c CRS) ToWGS84(p orb.Point) orb.Point {
	switch c {
	case WGS84:
		return p
	case GCJ02:
		return GCJ02ToWGS84(p)
	case BD09:
		return GCJ02ToWGS84(BD09ToGCJ02(p))
	}
	panic(fmt.Sprintf("geo: ToWGS84 on unknown coordinate system %q", string(c)))
}

// FromWGS84 converts p from WGS-84 to c. It panics on an unknown CRS, as ToWGS84 does.
func (c CRS) FromWGS84(p orb.Point) orb.Point {
	switch c {
	case WGS84:
		return p
	case GCJ02:
		return WGS84ToGCJ02(p)
	case BD09:
		return GCJ02ToBD09(WGS84ToGCJ02(p))
	}
	panic(fmt.Sprintf("geo: FromWGS84 on unknown coordinate system %q", string(c)))
}

// Convert converts p from one coordinate system to another. It panics on an
// unknown CRS, as ToWGS84 does.
func Convert(p orb.Point, from, to CRS) orb.Point {
	switch {
	case from == to && (from == WGS84 || from == GCJ02 || from == BD09):
		return p
	// Skip the lossy trip through WGS-84 for the pair that is a closed formula.
	case from == GCJ02 && to == BD09:
		return GCJ02ToBD09(p)
	case from == BD09 && to == GCJ02:
		return BD09ToGCJ02(p)
	}
	return to.FromWGS84(from.ToWGS84(p))
}

// OutOfChina reports whether p lies outside the rectangle in which GCJ-02
// applies its offset (lng 72.004..137.8347, lat 0.8293..55.8271, the test used
// by the common coordtransform/eviltransform implementations). A NaN
// coordinate is out, so that it passes through unchanged.
func OutOfChina(p orb.Point) bool {
	return !inChinaRect(p, 0)
}

// GCJ-02 parameters: the Krasovsky 1940 ellipsoid.
const (
	krasovskyA  = 6378245.0
	krasovskyEE = 0.00669342162296594323 // first eccentricity squared
)

// gcjOffset returns the GCJ-02 offset (degrees) for a WGS-84 point, ignoring
// the China rectangle. It is the widely published reconstruction of the
// GCJ-02 formula, which agrees with Amap to well under a metre.
func gcjOffset(lng, lat float64) (dLng, dLat float64) {
	x, y := lng-105.0, lat-35.0
	xPi, yPi := x*math.Pi, y*math.Pi
	common := 20.0*math.Sin(6.0*xPi) + 20.0*math.Sin(2.0*xPi)
	sqrtAbsX := math.Sqrt(math.Abs(x))

	dLat = -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*sqrtAbsX +
		(common+20.0*math.Sin(yPi)+40.0*math.Sin(yPi/3.0)+160.0*math.Sin(yPi/12.0)+320.0*math.Sin(yPi/30.0))*2.0/3.0
	dLng = 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*sqrtAbsX +
		(common+20.0*math.Sin(xPi)+40.0*math.Sin(xPi/3.0)+150.0*math.Sin(xPi/12.0)+300.0*math.Sin(xPi/30.0))*2.0/3.0

	radLat := lat / 180.0 * math.Pi
	sinLat := math.Sin(radLat)
	magic := 1 - krasovskyEE*sinLat*sinLat
	sqrtMagic := math.Sqrt(magic)
	dLat = (dLat * 180.0) / ((krasovskyA * (1 - krasovskyEE)) / (magic * sqrtMagic) * math.Pi)
	dLng = (dLng * 180.0) / (krasovskyA / sqrtMagic * math.Cos(radLat) * math.Pi)
	return dLng, dLat
}

// WGS84ToGCJ02 converts a WGS-84 point to GCJ-02. Points outside China
// (see OutOfChina) are returned unchanged.
func WGS84ToGCJ02(p orb.Point) orb.Point {
	if OutOfChina(p) {
		return p
	}
	dLng, dLat := gcjOffset(p[0], p[1])
	return orb.Point{p[0] + dLng, p[1] + dLat}
}

// inverseTolerance (degrees, about 0.1 mm) ends the inverse iterations.
const inverseTolerance = 1e-9

// GCJ02ToWGS84 converts a GCJ-02 point to WGS-84, inverting WGS84ToGCJ02 by
// fixed-point iteration to about 0.1 mm. (The common one-step inverse,
// p - offset(p), is off by 1-2 m.) Points outside China are returned
// unchanged, as WGS84ToGCJ02 leaves them.
func GCJ02ToWGS84(p orb.Point) orb.Point {
	// The offset is under 0.011° everywhere in the rectangle, so a point
	// farther out than this margin cannot have come from inside China.
	if !inChinaRect(p, 0.05) {
		return p
	}
	// Solve w + offset(w) = p. The offset changes by well under 1% of a
	// step per step, so each iteration gains more than two digits.
	w := p
	for range 20 {
		dLng, dLat := gcjOffset(w[0], w[1])
		next := orb.Point{p[0] - dLng, p[1] - dLat}
		done := math.Abs(next[0]-w[0]) < inverseTolerance && math.Abs(next[1]-w[1]) < inverseTolerance
		w = next
		if done {
			break
		}
	}
	// The forward transform tests the rectangle on the WGS-84 side. A p
	// outside it is its own preimage, but near the edges a point inside
	// may map there too; prefer that one, so that WGS-84 points in China
	// always make the round trip. (In the sliver that no WGS-84 point maps
	// to, w is the nearest thing to an inverse.) The slack covers a w that
	// lands a rounding error outside the edge its source lay on.
	if OutOfChina(p) && !inChinaRect(w, 10*inverseTolerance) {
		return p
	}
	return w
}

// inChinaRect reports whether p is in OutOfChina's rectangle grown by slack
// degrees on every side.
func inChinaRect(p orb.Point, slack float64) bool {
	lng, lat := p[0], p[1]
	return lng >= 72.004-slack && lng <= 137.8347+slack && lat >= 0.8293-slack && lat <= 55.8271+slack
}

// bdXPi is the constant of Baidu's transform (π·3000/180).
const bdXPi = math.Pi * 3000.0 / 180.0

// GCJ02ToBD09 converts a GCJ-02 point to Baidu's BD-09. As in Baidu's own
// transform it applies everywhere, outside China too.
func GCJ02ToBD09(p orb.Point) orb.Point {
	lng, lat := p[0], p[1]
	z := math.Sqrt(lng*lng+lat*lat) + 0.00002*math.Sin(lat*bdXPi)
	theta := math.Atan2(lat, lng) + 0.000003*math.Cos(lng*bdXPi)
	return orb.Point{z*math.Cos(theta) + 0.0065, z*math.Sin(theta) + 0.006}
}

// BD09ToGCJ02 converts a BD-09 point to GCJ-02. It starts from the common
// closed-form inverse (off by up to 0.2 m) and refines it by iteration so that
// GCJ02ToBD09(BD09ToGCJ02(p)) == p to about 0.1 mm.
func BD09ToGCJ02(p orb.Point) orb.Point {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return p
	}
	x, y := p[0]-0.0065, p[1]-0.006
	z := math.Sqrt(x*x+y*y) - 0.00002*math.Sin(y*bdXPi)
	theta := math.Atan2(y, x) - 0.000003*math.Cos(x*bdXPi)
	g := orb.Point{z * math.Cos(theta), z * math.Sin(theta)}
	for range 10 {
		b := GCJ02ToBD09(g)
		dLng, dLat := p[0]-b[0], p[1]-b[1]
		g = orb.Point{g[0] + dLng, g[1] + dLat}
		if math.Abs(dLng) < inverseTolerance && math.Abs(dLat) < inverseTolerance {
			break
		}
	}
	return g
}
