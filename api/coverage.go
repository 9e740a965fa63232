package api

import (
	"bytes"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
	"github.com/skillcircle/skillcircle/internal/planreport"
)

// The planner's endpoints: who is within reach of a matching course
// (/v1/coverage), where new training points would reach the most people
// left out (/v1/coverage/suggest), and how far the seats within reach of
// each enterprise meet its demand (/v1/coverage/demand).

// coverageParams are the parameters every planner endpoint takes.
var coverageParams = []string{"mode", "minutes", "family", "trade", "occupation", "level", "district", "crs", "region"}

// coverageQuery reads the parameters coverageParams lists; plan's
// Normalize does the rest (a typed trade counts the trades it stands for,
// 电焊: 焊工, 电焊工, as the search reads it).
func (p *params) coverageQuery(snap *index.Snapshot) plan.Query {
	q := plan.Query{
		Minutes: p.integer("minutes", index.DefaultMinutes, index.MinMinutes, index.MaxMinutes),
		Filters: index.Filters{
			Families:       list(p, "family", data.ParseFamily),
			Trade:          p.str("trade"),
			OccupationCode: p.str("occupation"),
			Levels:         list(p, "level", data.ParseLevel),
		},
	}
	if m, ok := one(p, "mode", geo.ParseMode); ok {
		q.Mode = m
	}
	q.District = p.district(snap)
	return q
}

type filtersView struct {
	Families []string `json:"family"`
	Trade    string   `json:"trade,omitempty"`
	// Trades are the catalogue's trades a typed trade was read as.
	Trades     []string `json:"trades,omitempty"`
	Occupation string   `json:"occupation,omitempty"`
	Levels     []string `json:"level"`
}

func newFiltersView(f index.Filters) filtersView {
	v := filtersView{Families: []string{}, Levels: []string{}, Trade: f.Trade, Trades: f.Trades, Occupation: f.OccupationCode}
	for _, fam := range f.Families {
		v.Families = append(v.Families, string(fam))
	}
	for _, l := range f.Levels {
		v.Levels = append(v.Levels, string(l))
	}
	return v
}

type areaView struct {
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	District     *placeRef `json:"district,omitempty"`
	Population   int       `json:"population"`
	Covered      int       `json:"covered"`
	Uncovered    int       `json:"uncovered"`
	Share        float64   `json:"share"`
	SeatsPer1000 float64   `json:"seats_per_1000"`
}

func (v views) area(a plan.AreaCoverage) areaView {
	av := areaView{Code: a.Code, Name: a.Name, Population: a.Population, Covered: a.Covered, Uncovered: a.Uncovered,
		Share: round4(a.Share), SeatsPer1000: math.Round(a.SeatsPer1000*100) / 100}
	if a.DistrictCode != "" {
		d := v.district(a.DistrictCode)
		av.District = &d
	}
	return av
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

type scopeView struct {
	Mode     geo.Mode    `json:"mode"`
	Minutes  int         `json:"minutes"`
	Filters  filtersView `json:"filters"`
	District *placeRef   `json:"district"`
	CRS      geo.CRS     `json:"crs"`
}

func (v views) scope(mode geo.Mode, minutes int, f index.Filters, district string) scopeView {
	sv := scopeView{Mode: mode, Minutes: minutes, Filters: newFiltersView(f), CRS: v.crs}
	if v.trade != "" {
		sv.Filters.Trade = v.trade
	}
	if district != "" {
		d := v.district(district)
		sv.District = &d
	}
	return sv
}

type coverageView struct {
	Scope      scopeView              `json:"scope"`
	Population index.PopulationSource `json:"population_source"`
	Matching   map[string]int         `json:"matching"`
	// MatchingInDistrict, with a district, is the part of the matching
	// supply held at the district's own sites.
	MatchingInDistrict map[string]int             `json:"matching_in_district,omitempty"`
	City               areaView                   `json:"city"`
	Districts          []areaView                 `json:"districts"`
	Townships          []areaView                 `json:"townships"`
	Surface            *surfaceView               `json:"surface,omitempty"`
	UncoveredCells     *geojson.FeatureCollection `json:"uncovered_cells,omitempty"`
}

// surfaceView is the travel-time surface: for each populated cell, its
// H3 index, population, minutes to the nearest matching course (null
// beyond max_minutes; rounded to 0.1 as search rounds them) and whether it
// is covered, as compact rows.
type surfaceView struct {
	Resolution int      `json:"resolution"`
	MaxMinutes int      `json:"max_minutes"`
	Columns    []string `json:"columns"`
	Cells      [][4]any `json:"cells"`
}

func (s *Server) coverage(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), append(coverageParams, "cells", "format")...)
	v := views{snap: snap, crs: p.crs(), trade: p.str("trade")}
	q := p.coverageQuery(snap)
	format := p.format("csv", "geojson")
	cells := p.str("cells")
	switch cells {
	case "":
		cells = "uncovered"
	case "uncovered", "none":
	default:
		p.fail(badParam("cells", "%q is not uncovered or none", cells))
	}
	if p.err != nil {
		return p.err
	}
	cov, err := plan.New(snap).Coverage(c.Request().Context(), q)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		return planFile(c, "areas.csv", (&planreport.Plan{Region: snap, Coverage: cov}).WriteAreas)
	case "geojson":
		return planFile(c, "uncovered.geojson", (&planreport.Plan{Region: snap, Coverage: cov, Suggestions: &plan.SiteSuggestions{}}).WriteGeoJSON)
	}
	out := coverageView{
		Scope:      v.scope(cov.Query.Mode, cov.Query.Minutes, cov.Query.Filters, cov.Query.District),
		Population: cov.Population,
		Matching:   map[string]int{"courses": cov.MatchingCourses, "sites": cov.MatchingSites, "seats": cov.Seats},
		City:       v.area(cov.City),
		Districts:  make([]areaView, len(cov.Districts)),
		Townships:  make([]areaView, len(cov.Townships)),
	}
	if d := cov.InDistrict; d != nil {
		out.MatchingInDistrict = map[string]int{"courses": d.Courses, "sites": d.Sites, "seats": d.Seats}
	}
	for i, a := range cov.Districts {
		out.Districts[i] = v.area(a)
	}
	for i, a := range cov.Townships {
		out.Townships[i] = v.area(a)
	}
	if cells == "uncovered" {
		out.Surface = &surfaceView{Resolution: index.PopulationResolution, MaxMinutes: cov.SurfaceMinutes,
			Columns: []string{"h3", "population", "minutes", "covered"}, Cells: make([][4]any, len(cov.Cells))}
		out.UncoveredCells = geojson.NewFeatureCollection()
		for i, cell := range cov.Cells {
			var minutes any
			if cell.Minutes != nil {
				minutes = *cell.Minutes
			}
			out.Surface.Cells[i] = [4]any{cell.Cell.String(), cell.People, minutes, cell.Covered}
			if cell.Covered {
				continue
			}
			f := geojson.NewFeature(v.polygon(geo.CellPolygon(cell.Cell)))
			f.Properties = geojson.Properties{"h3": cell.Cell.String(), "population": cell.People, "minutes": minutes,
				"township": cell.TownshipCode, "district": cell.DistrictCode}
			out.UncoveredCells.Append(f)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// polygon converts a WGS-84 polygon to the request's crs, rounded as
// points are.
func (v views) polygon(poly orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(poly))
	for i, ring := range poly {
		out[i] = make(orb.Ring, len(ring))
		for j, pt := range ring {
			lat, lng := v.point(pt)
			out[i][j] = orb.Point{lng, lat}
		}
	}
	return out
}

type suggestionView struct {
	Rank          int       `json:"rank"`
	Kind          string    `json:"kind"`
	Name          string    `json:"name"`
	Lat           float64   `json:"lat"`
	Lng           float64   `json:"lng"`
	District      *placeRef `json:"district"`
	SiteID        string    `json:"site_id,omitempty"`
	InstitutionID string    `json:"institution_id,omitempty"`
	Gain          int       `json:"gain"`
	Covered       int       `json:"covered"`
	Share         float64   `json:"share"`
}

func (s *Server) suggestSites(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), append(coverageParams, "k", "format")...)
	v := views{snap: snap, crs: p.crs(), trade: p.str("trade")}
	q := p.coverageQuery(snap)
	q.K = p.integer("k", plan.DefaultSuggestions, 1, plan.MaxSuggestions)
	format := p.format("csv", "geojson")
	if p.err != nil {
		return p.err
	}
	planner := plan.New(snap)
	res, err := planner.SuggestSites(c.Request().Context(), q)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		return planFile(c, "suggestions.csv", (&planreport.Plan{Region: snap, Suggestions: res}).WriteSuggestions)
	case "geojson":
		// The uncovered cells with the points: gaps' uncovered.geojson.
		cov, err := planner.Coverage(c.Request().Context(), q)
		if err != nil {
			return err
		}
		return planFile(c, "uncovered.geojson", (&planreport.Plan{Region: snap, Coverage: cov, Suggestions: res}).WriteGeoJSON)
	}
	out := map[string]any{
		"scope": v.scope(res.Query.Mode, res.Query.Minutes, res.Query.Filters, res.Query.District),
		"k":     res.Query.K, "population": res.Population, "covered": res.Covered, "share": round4(res.Share),
		"candidates": res.Candidates, "suggestions": suggestionViews(v, res.Suggestions),
	}
	return c.JSON(http.StatusOK, out)
}

// format reads format=: json (the default) or one of the files the
// planner's answers are also written as.
func (p *params) format(files ...string) string {
	f := p.str("format")
	if f == "" || f == "json" || slices.Contains(files, f) {
		return f
	}
	p.fail(badParam("format", "%q is not json or %s", f, strings.Join(files, " or ")))
	return ""
}

// planFile answers with one of the files `skillcircle gaps` writes, from
// the same code (package planreport), as a download: CSV with a
// byte-order mark for Excel, GeoJSON in WGS-84.
func planFile(c echo.Context, name string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	contentType := "text/csv; charset=utf-8"
	if strings.HasSuffix(name, ".geojson") {
		contentType = "application/geo+json"
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, contentType, buf.Bytes())
}

func suggestionViews(v views, ss []plan.SiteSuggestion) []suggestionView {
	out := make([]suggestionView, len(ss))
	for i, sg := range ss {
		lat, lng := v.point(sg.Location)
		out[i] = suggestionView{Rank: sg.Rank, Kind: string(sg.Kind), Name: sg.Name, Lat: lat, Lng: lng,
			SiteID: sg.SiteID, InstitutionID: sg.InstitutionID, Gain: sg.Gain, Covered: sg.Covered, Share: round4(sg.Share)}
		if sg.DistrictCode != "" {
			d := v.district(sg.DistrictCode)
			out[i].District = &d
		}
	}
	return out
}

type demandRowView struct {
	Enterprise     enterpriseRef `json:"enterprise"`
	Trade          string        `json:"trade"`
	OccupationCode string        `json:"occupation_code,omitempty"`
	Level          string        `json:"level"`
	Headcount      int           `json:"headcount"`
	Courses        int           `json:"courses"`
	SeatsInReach   int           `json:"seats_in_reach"`
	NearestMinutes *float64      `json:"nearest_minutes"`
	Met            float64       `json:"met"`
	MetShare       float64       `json:"met_share"`
}

type enterpriseRef struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	District placeRef `json:"district"`
	Lat      float64  `json:"lat"`
	Lng      float64  `json:"lng"`
}

type tradeView struct {
	Trade          string  `json:"trade"`
	OccupationCode string  `json:"occupation_code,omitempty"`
	Enterprises    int     `json:"enterprises"`
	Headcount      int     `json:"headcount"`
	Met            float64 `json:"met"`
	MetShare       float64 `json:"met_share"`
	Unreached      int     `json:"unreached"`
}

func (s *Server) demand(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), append(coverageParams, "format")...)
	v := views{snap: snap, crs: p.crs(), trade: p.str("trade")}
	q := p.coverageQuery(snap)
	format := p.format("csv")
	if p.err != nil {
		return p.err
	}
	res, err := plan.New(snap).DemandMet(c.Request().Context(), q)
	if err != nil {
		return err
	}
	if format == "csv" {
		return planFile(c, "demand.csv", (&planreport.Plan{Region: snap, Demand: res}).WriteDemand)
	}
	trades := make([]tradeView, len(res.Trades))
	for i, t := range res.Trades {
		trades[i] = tradeView{Trade: t.Trade, OccupationCode: t.OccupationCode, Enterprises: t.Enterprises,
			Headcount: t.Headcount, Met: round1(t.Met), MetShare: round4(t.MetShare), Unreached: t.Unreached}
	}
	rows := make([]demandRowView, len(res.Rows))
	for i, r := range res.Rows {
		lat, lng := v.point(r.Enterprise.Location)
		rows[i] = demandRowView{
			Enterprise: enterpriseRef{ID: r.Enterprise.ID, Name: r.Enterprise.Name, District: v.district(r.Enterprise.DistrictCode), Lat: lat, Lng: lng},
			Trade:      r.Demand.Trade, OccupationCode: r.Demand.OccupationCode, Level: string(r.Demand.Level), Headcount: r.Demand.Headcount,
			Courses: r.Courses, SeatsInReach: r.SeatsInReach, NearestMinutes: r.NearestMinutes, Met: round1(r.Met), MetShare: round4(r.MetShare),
		}
	}
	return c.JSON(http.StatusOK, map[string]any{
		"scope":     v.scope(res.Query.Mode, res.Query.Minutes, res.Query.Filters, res.Query.District),
		"headcount": res.Headcount, "met": round1(res.Met), "met_share": round4(res.MetShare),
		"trades": trades, "demand": rows,
	})
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
