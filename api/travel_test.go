package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

type travelResponse struct {
	Mode string
	Hits []struct {
		TravelSource string `json:"travel_source"`
	}
	TravelModel struct {
		Source  string
		Network *struct {
			Source           string
			OriginResolution int `json:"origin_resolution"`
		}
		Transit *struct {
			HeadwayMinutes float64 `json:"headway_minutes"`
		}
	} `json:"travel_model"`
}

// TestTransitMode: mode=transit and its Chinese names answer with times
// that say they came from transit or walking, and the metro assumptions.
func TestTransitMode(t *testing.T) {
	dongmenkou := "lat=29.874068&lng=121.551276&minutes=20&limit=100"
	for _, mode := range []string{"transit", "地铁", "公交"} {
		var r travelResponse
		resp := get(t, "/v1/search?"+dongmenkou+"&mode="+url.QueryEscape(mode), &r)
		if resp.StatusCode != 200 || r.Mode != "transit" || len(r.Hits) == 0 {
			t.Fatalf("mode %s: status %d, %+v", mode, resp.StatusCode, r)
		}
		if r.TravelModel.Source != "transit" || r.TravelModel.Transit == nil || r.TravelModel.Transit.HeadwayMinutes != 6 {
			t.Errorf("mode %s: travel_model %+v", mode, r.TravelModel)
		}
		bySource := map[string]int{}
		for _, h := range r.Hits {
			bySource[h.TravelSource]++
		}
		if bySource["transit"] == 0 || bySource["transit"]+bySource["estimate"] != len(r.Hits) {
			t.Errorf("mode %s: sources %v", mode, bySource)
		}
	}
	var iso struct {
		Features []struct{ Properties map[string]any }
	}
	get(t, "/v1/isochrone?"+"lat=29.874068&lng=121.551276&mode=transit&minutes=20", &iso)
	if len(iso.Features) == 0 || iso.Features[0].Properties["source"] != "transit" {
		t.Errorf("transit isochrone %+v", iso)
	}
}

// TestNetworkSource: a snapshot built with a road network says so in
// travel_model and in every hit, and draws the network isochrone.
func TestNetworkSource(t *testing.T) {
	srv := httptest.NewServer(api.New(testfixture.Monaco(t), api.Options{}))
	defer srv.Close()
	var r travelResponse
	getFrom(t, srv.URL+"/v1/search?lat=43.7393&lng=7.4278&mode=walk&minutes=20", &r)
	if r.TravelModel.Source != "network" || r.TravelModel.Network == nil || r.TravelModel.Network.Source != "monaco.osm.pbf" ||
		r.TravelModel.Network.OriginResolution != index.OriginResolution("walk") || len(r.Hits) == 0 {
		t.Fatalf("travel_model %+v, %d hits", r.TravelModel, len(r.Hits))
	}
	for _, h := range r.Hits {
		if h.TravelSource != "network" {
			t.Errorf("hit from %q", h.TravelSource)
		}
	}
	var iso struct {
		Features []struct{ Properties map[string]any }
	}
	getFrom(t, srv.URL+"/v1/isochrone?lat=43.7393&lng=7.4278&mode=bike&minutes=10", &iso)
	if len(iso.Features) == 0 || iso.Features[0].Properties["source"] != "network" || iso.Features[0].Properties["cells"].(float64) == 0 {
		t.Errorf("network isochrone %+v", iso)
	}
	// east of the extract: the estimate
	var outside travelResponse
	getFrom(t, srv.URL+"/v1/search?lat=43.78&lng=7.51&mode=drive&minutes=30", &outside)
	if outside.TravelModel.Source != "estimate" || outside.TravelModel.Network != nil {
		t.Errorf("outside the network: travel_model %+v", outside.TravelModel)
	}
}

// getFrom requests a full URL and decodes the JSON answer.
func getFrom(t *testing.T, u string, into any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s: status %d", u, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
}
