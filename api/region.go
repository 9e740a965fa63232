package api

import (
	"math"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/geo"
)

// What a map needs besides search results: the region's outline as its
// base map, conversions between coordinate systems, and isochrone cells.

// regionView is a GeoJSON FeatureCollection with the region as a foreign
// member: district boundaries (kind "district") and township centres
// (kind "township"), every coordinate in the requested crs.
type regionView struct {
	Type     string             `json:"type"`
	BBox     []float64          `json:"bbox"`
	Region   regionInfo         `json:"region"`
	Features []*geojson.Feature `json:"features"`
}

type regionInfo struct {
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	NameEN      string    `json:"name_en"`
	Attribution []string  `json:"attribution"`
	CRS         geo.CRS   `json:"crs"`
	District    *placeRef `json:"district,omitempty"`
}

func (s *Server) region(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "crs", "district", "region")
	crs := p.crs()
	only := p.district(snap)
	if p.err != nil {
		return p.err
	}
	meta := snap.Meta().Region
	out := regionView{Type: "FeatureCollection", Features: []*geojson.Feature{},
		Region: regionInfo{Code: meta.Code, Name: meta.Name, NameEN: meta.NameEN, Attribution: meta.Attribution, CRS: crs}}
	if out.Region.Attribution == nil {
		out.Region.Attribution = []string{}
	}
	bound := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, d := range snap.Districts() {
		if only != "" && d.Code != only {
			continue
		}
		area := views{crs: crs}.multiPolygon(d.Boundary)
		bound = bound.Union(area.Bound())
		f := geojson.NewFeature(area)
		lat, lng := views{crs: crs}.point(d.Center)
		f.Properties = geojson.Properties{"kind": "district", "code": d.Code, "name": d.Name,
			"population": d.Population, "label_point": []float64{lng, lat}}
		out.Features = append(out.Features, f)
		if only != "" {
			out.Region.District = &placeRef{Code: d.Code, Name: d.Name}
		}
	}
	for _, t := range snap.Townships() {
		if only != "" && t.DistrictCode != only {
			continue
		}
		lat, lng := views{crs: crs}.point(t.Center)
		f := geojson.NewFeature(orb.Point{lng, lat})
		f.Properties = geojson.Properties{"kind": "township", "code": t.Code, "name": t.Name,
			"short_name": t.ShortName, "township_kind": t.Kind, "district_code": t.DistrictCode}
		out.Features = append(out.Features, f)
	}
	out.BBox = []float64{round6(bound.Min[0]), round6(bound.Min[1]), round6(bound.Max[0]), round6(bound.Max[1])}
	return c.JSON(http.StatusOK, out)
}

// multiPolygon converts a WGS-84 multipolygon to the view's crs, rounded as
// points are, polygon by polygon (views.polygon, coverage.go).
func (v views) multiPolygon(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		out[i] = v.polygon(poly)
	}
	return out
}

// convert answers /v1/convert: a point from one coordinate system to
// another. A page needs it for the browser's location, which is WGS-84,
// when its map is drawn in GCJ-02 or BD-09.
func (s *Server) convert(c echo.Context) error {
	p := newParams(c.QueryParams(), "lat", "lng", "from", "to")
	from, to := geo.WGS84, geo.WGS84
	if v, ok := one(p, "from", geo.ParseCRS); ok {
		from = v
	}
	if v, ok := one(p, "to", geo.ParseCRS); ok {
		to = v
	} else if p.err == nil {
		p.fail(missingParam("to", "the coordinate system to convert to: wgs84, gcj02 or bd09"))
	}
	pt := p.point(geo.WGS84) // read as given; converted below
	if p.err != nil {
		return p.err
	}
	q := geo.Convert(pt, from, to)
	return c.JSON(http.StatusOK, convertAnswer{Lat: round6(q[1]), Lng: round6(q[0]), CRS: to})
}
