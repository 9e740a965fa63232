package api_test

import (
	"math"
	"net/url"
	"testing"
)

type areaResponse struct {
	Code, Name                     string
	Population, Covered, Uncovered int
	Share                          float64
	SeatsPer1000                   float64 `json:"seats_per_1000"`
}

type coverageResponse struct {
	Scope struct {
		Mode     string
		Minutes  int
		District *struct{ Code, Name string }
		CRS      string
	}
	PopulationSource struct {
		Kind  string
		Total int
	} `json:"population_source"`
	City      areaResponse
	Districts []areaResponse
	Townships []areaResponse
	Surface   *struct {
		Resolution int
		MaxMinutes int `json:"max_minutes"`
		Cells      [][4]any
	}
	UncoveredCells *struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][][2]float64
			}
			Properties struct {
				H3         string
				Population int
				Minutes    *float64
			}
		}
	} `json:"uncovered_cells"`
}

func TestCoverageEndpoint(t *testing.T) {
	var r coverageResponse
	resp := get(t, "/v1/coverage?family="+url.QueryEscape("先进制造业")+"&mode=步行&minutes=15", &r)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if r.Scope.Mode != "walk" || r.Scope.Minutes != 15 || r.PopulationSource.Kind != "model" || r.City.Population != r.PopulationSource.Total {
		t.Fatalf("scope %+v, source %+v, city %+v", r.Scope, r.PopulationSource, r.City)
	}
	for _, a := range append(append([]areaResponse{r.City}, r.Districts...), r.Townships...) {
		if a.Covered+a.Uncovered != a.Population {
			t.Errorf("%s: %d + %d != %d", a.Name, a.Covered, a.Uncovered, a.Population)
		}
	}
	if len(r.Districts) != 10 || len(r.Townships) != 156 || r.City.Share <= 0 || r.City.Share >= 1 {
		t.Errorf("%d districts, %d townships, share %v", len(r.Districts), len(r.Townships), r.City.Share)
	}
	// The uncovered cells are the surface's cells beyond 15 minutes, with
	// the same people.
	uncovered := map[string]int{}
	for _, c := range r.Surface.Cells {
		if c[3] == false {
			uncovered[c[0].(string)] = int(c[1].(float64))
			if c[2] != nil && c[2].(float64) < 14.95 {
				t.Errorf("cell %s uncovered at %v min", c[0], c[2])
			}
		} else if c[2] == nil || c[2].(float64) > 15.05 {
			t.Errorf("cell %s covered at %v min", c[0], c[2])
		}
	}
	sum := 0
	for _, f := range r.UncoveredCells.Features {
		p := f.Properties
		if uncovered[p.H3] != p.Population || p.Population <= 0 {
			t.Fatalf("uncovered cell %s: %d people; surface %d", p.H3, p.Population, uncovered[p.H3])
		}
		ring := f.Geometry.Coordinates[0]
		if f.Geometry.Type != "Polygon" || len(ring) < 7 || ring[0] != ring[len(ring)-1] {
			t.Fatalf("cell %s geometry %+v", p.H3, f.Geometry)
		}
		sum += p.Population
	}
	if len(r.UncoveredCells.Features) != len(uncovered) || sum != r.City.Uncovered {
		t.Errorf("%d uncovered features with %d people; surface %d cells, city uncovered %d", len(r.UncoveredCells.Features), sum, len(uncovered), r.City.Uncovered)
	}
	if r.Surface.MaxMinutes != 30 || r.Surface.Resolution != 8 {
		t.Errorf("surface %d min at resolution %d", r.Surface.MaxMinutes, r.Surface.Resolution)
	}

	// One district, tables only, coordinates in GCJ-02 not asked for.
	var d coverageResponse
	get(t, "/v1/coverage?family=manufacturing&district="+url.QueryEscape("鄞州区")+"&cells=none", &d)
	if d.Scope.District == nil || d.Scope.District.Code != "330212" || len(d.Districts) != 1 || d.Surface != nil || d.UncoveredCells != nil {
		t.Errorf("district answer %+v", d.Scope)
	}
	if d.City != r.Districts[4] {
		t.Errorf("鄞州区 alone %+v, in the city %+v", d.City, r.Districts[4])
	}
}

func TestCoverageEndpointCRS(t *testing.T) {
	var w, g coverageResponse
	get(t, "/v1/coverage?trade="+url.QueryEscape("焊工"), &w)
	get(t, "/v1/coverage?trade="+url.QueryEscape("焊工")+"&crs=gcj02", &g)
	a, b := w.UncoveredCells.Features[0].Geometry.Coordinates[0][0], g.UncoveredCells.Features[0].Geometry.Coordinates[0][0]
	if math.Abs(b[0]-a[0]-0.0042) > 0.0008 || math.Abs(b[1]-a[1]+0.0026) > 0.0008 || g.Scope.CRS != "gcj02" {
		t.Errorf("GCJ-02 vertex %v, WGS-84 %v", b, a)
	}
}

func TestSuggestEndpoint(t *testing.T) {
	var r struct {
		K, Population, Covered, Candidates int
		Suggestions                        []struct {
			Rank          int
			Kind, Name    string
			Lat, Lng      float64
			District      struct{ Code, Name string }
			Gain, Covered int
			Share         float64
		}
	}
	resp := get(t, "/v1/coverage/suggest?family=manufacturing&mode=walk&minutes=15&k=4", &r)
	if resp.StatusCode != 200 || r.K != 4 || len(r.Suggestions) != 4 || r.Candidates == 0 {
		t.Fatalf("status %d: %+v", resp.StatusCode, r)
	}
	covered := r.Covered
	for i, s := range r.Suggestions {
		covered += s.Gain
		if s.Rank != i+1 || s.Covered != covered || (i > 0 && s.Gain > r.Suggestions[i-1].Gain) || s.District.Name == "" || s.Lat < 28 || s.Lng < 120 {
			t.Errorf("suggestion %+v", s)
		}
	}
}

func TestDemandEndpoint(t *testing.T) {
	var r struct {
		Headcount int
		Met       float64
		Trades    []struct {
			Trade     string
			Headcount int
			MetShare  float64 `json:"met_share"`
		}
		Demand []struct {
			Enterprise struct{ ID, Name string }
			Trade      string
			Headcount  int
			Met        float64
		}
	}
	resp := get(t, "/v1/coverage/demand?mode=ebike&minutes=20&family=manufacturing", &r)
	if resp.StatusCode != 200 || r.Headcount == 0 || r.Met <= 0 || len(r.Trades) == 0 || len(r.Demand) == 0 {
		t.Fatalf("status %d: headcount %d, met %v", resp.StatusCode, r.Headcount, r.Met)
	}
	for i := 1; i < len(r.Trades); i++ {
		if r.Trades[i].MetShare < r.Trades[i-1].MetShare {
			t.Errorf("trades not least met first at %s", r.Trades[i].Trade)
		}
	}
}

func TestCoverageBadRequests(t *testing.T) {
	for _, tc := range []struct{ path, code, param string }{
		{"/v1/coverage?minutes=61", "invalid_parameter", "minutes"},
		{"/v1/coverage?mode=boat", "invalid_parameter", "mode"},
		{"/v1/coverage?district=" + url.QueryEscape("火星区"), "invalid_parameter", "district"},
		{"/v1/coverage?district=330212,330203", "invalid_parameter", "district"},
		{"/v1/coverage?cells=all", "invalid_parameter", "cells"},
		{"/v1/coverage?family=robots", "invalid_parameter", "family"},
		{"/v1/coverage?lat=29.8", "unknown_parameter", "lat"},
		{"/v1/coverage/suggest?k=0", "invalid_parameter", "k"},
		{"/v1/coverage/suggest?k=11", "invalid_parameter", "k"},
		{"/v1/coverage/suggest?k=three", "invalid_parameter", "k"},
		{"/v1/coverage/demand?level=master", "invalid_parameter", "level"},
		{"/v1/coverage/demand?k=3", "unknown_parameter", "k"},
	} {
		var e errorResponse
		resp := get(t, tc.path, &e)
		if resp.StatusCode != 400 || e.Error.Code != tc.code || e.Error.Param != tc.param || e.Error.Message == "" {
			t.Errorf("%s: %d %+v; want 400 %s on %s", tc.path, resp.StatusCode, e.Error, tc.code, tc.param)
		}
	}
}
