package api

import (
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
	g.buf = strconv.AppendFloat(g.buf, round6(q[0]), 'f', -1, 64)
	g.buf = append(g.buf, ',')
	g.buf = strconv.AppendFloat(g.buf, round6(q[1]), 'f', -1, 64)
	g.buf = append(g.buf, ']')
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

// cells appends one Polygon feature per cell, each with its H3 index.
func (g *geoJSON) cells(cells []h3.Cell) {
	for _, c := range cells {
		g.raw(",")
		g.feature("Polygon", func() { g.polygon(geo.CellPolygon(c)) }, []byte(`{"h3":"`+c.String()+`"}`))
	}
}
