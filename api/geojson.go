package api

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
)

// geoJSON appends GeoJSON by hand. An isochrone is thousands of
// coordinates; encoding them through orb's geojson and encoding/json (maps
// of interfaces, then a second pass that checks every byte) cost more than
// computing the isochrone. Coordinates are converted from WGS-84 to crs
// and rounded to 6 decimals (about 0.1 m), as everywhere in the API.
type geoJSON struct {
	buf []byte
	crs geo.CRS
}

func (g *geoJSON) raw(s string) { g.buf = append(g.buf, s...) }

func (g *geoJSON) point(p orb.Point) {
	q := g.crs.FromWGS84(p)
	g.buf = append(g.buf, '[')
	g.buf = appendCoordinate(g.buf, q[0])
	g.buf = append(g.buf, ',')
	g.buf = appendCoordinate(g.buf, q[1])
	g.buf = append(g.buf, ']')
}

// appendCoordinate writes a coordinate rounded to 6 decimals (round6),
// byte for byte as strconv's shortest form of the rounded value, but as
// whole millionths: a shortest-form float costs several times more, and a
// page's hexagons are thousands of them. (A decimal of 6 places or fewer is
// its own shortest form: two such decimals differ by far more than the
// float spacing at these magnitudes.)
func appendCoordinate(buf []byte, f float64) []byte {
	if !(math.Abs(f) < 1e9) {
		return strconv.AppendFloat(buf, round6(f), 'f', -1, 64)
	}
	k := int64(math.Round(f * 1e6))
	if k < 0 || (k == 0 && math.Signbit(round6(f))) {
		buf = append(buf, '-')
		k = -k
	}
	buf = strconv.AppendInt(buf, k/1e6, 10)
	if frac := k % 1e6; frac != 0 {
		digits := [7]byte{'.'}
		for i := 6; i >= 1; i-- {
			digits[i] = byte('0' + frac%10)
			frac /= 10
		}
		n := 7
		for digits[n-1] == '0' {
			n--
		}
		buf = append(buf, digits[:n]...)
	}
	return buf
}

func (g *geoJSON) ring(r orb.Ring) {
	g.buf = append(g.buf, '[')
	for i, p := range r {
		if i > 0 {
			g.buf = append(g.buf, ',')
		}
		g.point(p)
	}
	g.buf = append(g.buf, ']')
}

func (g *geoJSON) polygon(poly orb.Polygon) {
	g.buf = append(g.buf, '[')
	for i, r := range poly {
		if i > 0 {
			g.buf = append(g.buf, ',')
		}
		g.ring(r)
	}
	g.buf = append(g.buf, ']')
}

func (g *geoJSON) multiPolygon(mp orb.MultiPolygon) {
	g.buf = append(g.buf, '[')
	for i, poly := range mp {
		if i > 0 {
			g.buf = append(g.buf, ',')
		}
		g.polygon(poly)
	}
	g.buf = append(g.buf, ']')
}

// feature appends a Feature whose geometry is written by coords, with
// properties already encoded as a JSON object.
func (g *geoJSON) feature(geometryType string, coords func(), properties []byte) {
	g.raw(`{"type":"Feature","geometry":{"type":"`)
	g.raw(geometryType)
	g.raw(`","coordinates":`)
	coords()
	g.raw(`},"properties":`)
	g.buf = append(g.buf, properties...)
	g.raw(`}`)
}

// cells appends one Polygon feature per cell, each with its H3 index (as
// feature would write it, without its allocations: a page's isochrone is
// hundreds of cells).
func (g *geoJSON) cells(cells []h3.Cell) {
	var ring orb.Ring
	for _, c := range cells {
		ring = geo.AppendCellRing(ring[:0], c)
		g.raw(`,{"type":"Feature","geometry":{"type":"Polygon","coordinates":[`)
		g.ring(ring)
		g.raw(`]},"properties":{"h3":"`)
		g.buf = strconv.AppendUint(g.buf, uint64(c), 16) // as h3.Cell.String
		g.raw(`"}}`)
	}
}
