package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/geo"
)

type geocodeMatch struct {
	Name, Level, Kind, ID string
	Confidence            float64
	Lat, Lng              float64
	CRS                   string
	Approximate           bool
	District, Township    *struct{ Code, Name string }
}

type geocodeResponse struct {
	Query      string
	Ambiguous  bool
	Result     *geocodeMatch
	Candidates []geocodeMatch
	Address    struct {
		District, Township, Road, Number string
		Unmatched                        []string
	}
}

func TestGeocodeEndpoint(t *testing.T) {
	var r geocodeResponse
	resp := get(t, "/v1/geocode?q="+url.QueryEscape("鄞州区姜山镇明光北路1166号"), &r)
	if resp.StatusCode != 200 || r.Result == nil || r.Ambiguous {
		t.Fatalf("%d %+v", resp.StatusCode, r)
	}
	b := r.Result
	if b.Level != "township" || b.Name != "姜山镇" || b.Township.Code != "330212121000" || b.District.Name != "鄞州区" || !b.Approximate || b.CRS != "wgs84" {
		t.Errorf("result %+v", *b)
	}
	if r.Address.Road != "明光北路" || len(r.Address.Unmatched) != 1 || r.Address.Unmatched[0] != "明光北路" || r.Address.Number != "1166号" {
		t.Errorf("address %+v: the unknown road should be reported", r.Address)
	}

	// The same place in GCJ-02.
	var g geocodeResponse
	get(t, "/v1/geocode?crs=gcj02&q="+url.QueryEscape("Jiangshan Town, Yinzhou District"), &g)
	if g.Result == nil || g.Result.CRS != "gcj02" {
		t.Fatalf("%+v", g)
	}
	back := geo.GCJ02.ToWGS84(orb.Point{g.Result.Lng, g.Result.Lat})
	if d := geo.Distance(back, orb.Point{b.Lng, b.Lat}); d > 1 {
		t.Errorf("gcj02 answer is %.1f m from the wgs84 one", d)
	}

	// Ambiguous: candidates, and the first as a guess.
	var a geocodeResponse
	get(t, "/v1/geocode?q="+url.QueryEscape("职教中心"), &a)
	if !a.Ambiguous || len(a.Candidates) < 2 || a.Result == nil || a.Result.Name != a.Candidates[0].Name {
		t.Errorf("ambiguous: %+v", a)
	}
	districts := map[string]bool{}
	for _, c := range a.Candidates {
		districts[c.District.Code] = true
	}
	if len(districts) < 2 {
		t.Errorf("candidates all in one district: %+v", a.Candidates)
	}
	// A district website asks within its district.
	var z geocodeResponse
	get(t, "/v1/geocode?district=330211&q="+url.QueryEscape("职教中心"), &z)
	if z.Ambiguous || z.Result == nil || z.Result.District.Code != "330211" || z.Result.Kind != "institution" {
		t.Errorf("within 镇海: %+v", z)
	}
}

func TestGeocodeErrors(t *testing.T) {
	tests := []struct {
		path   string
		status int
		code   string
		param  string
		says   string
	}{
		{"/v1/geocode?q=" + url.QueryEscape("北京市朝阳区建国路88号"), 404, "not_found", "", "outside 宁波市"},
		{"/v1/geocode?q=asdfgh", 404, "not_found", "", "nothing in 宁波市 matches"},
		{"/v1/geocode?district=330225&q=" + url.QueryEscape("姜山"), 404, "not_found", "", "nothing in 象山县"},
		{"/v1/geocode", 400, "missing_parameter", "q", "is required"},
		{"/v1/geocode?q=", 400, "missing_parameter", "q", "is required"},
		{"/v1/geocode?q=" + url.QueryEscape("！？。"), 400, "invalid_parameter", "q", "no letter or digit"},
		{"/v1/geocode?q=" + strings.Repeat("a", 150), 400, "invalid_parameter", "q", "at most 100"},
		{"/v1/geocode?q=" + strings.Repeat("姜", 70), 400, "invalid_parameter", "q", "at most 200"},
		{"/v1/geocode?q=x&district=330999", 400, "invalid_parameter", "district", "not a district"},
		{"/v1/geocode?q=x&crs=utm", 400, "invalid_parameter", "crs", "wgs84"},
		{"/v1/reverse?lat=39.909&lng=116.397", 404, "not_found", "", "outside 宁波市"},
		{"/v1/reverse?lat=29.87", 400, "missing_parameter", "lng", "longitude"},
		{"/v1/search?address=" + url.QueryEscape("职教中心"), 400, "invalid_parameter", "address", "add the district"},
		{"/v1/search?workplace=" + url.QueryEscape("服饰"), 400, "invalid_parameter", "workplace", "fits"},
		{"/v1/search?address=" + url.QueryEscape("北京市朝阳区建国路88号"), 404, "not_found", "address", "outside"},
		{"/v1/search?" + tianyi + "&address=" + url.QueryEscape("姜山"), 400, "invalid_parameter", "lat", "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var e errorResponse
			resp := get(t, tt.path, &e)
			if resp.StatusCode != tt.status || e.Error.Code != tt.code || e.Error.Param != tt.param || !strings.Contains(e.Error.Message, tt.says) {
				t.Errorf("%d %+v; want %d %s param %q saying %q", resp.StatusCode, e.Error, tt.status, tt.code, tt.param, tt.says)
			}
		})
	}
}

func TestReverseEndpoint(t *testing.T) {
	var r struct {
		Lat, Lng float64
		CRS      string
		District struct{ Code, Name string }
		Township struct {
			Code, Name  string
			Approximate bool
			DistanceM   float64 `json:"distance_m"`
		}
	}
	resp := get(t, "/v1/reverse?"+tianyi, &r)
	if resp.StatusCode != 200 || r.District.Name != "海曙区" || !r.Township.Approximate || r.Township.Code[:6] != "330203" || r.Township.DistanceM <= 0 {
		t.Errorf("%d %+v", resp.StatusCode, r)
	}
	// The same point given in GCJ-02 is the same place.
	g := geo.WGS84ToGCJ02(orb.Point{121.5503, 29.8730})
	var rg struct {
		District struct{ Code string }
		Township struct{ Code string }
	}
	get(t, "/v1/reverse?crs=gcj02&lat="+ftoa(g[1])+"&lng="+ftoa(g[0]), &rg)
	if rg.District.Code != r.District.Code || rg.Township.Code != r.Township.Code {
		t.Errorf("gcj02: %+v, wgs84: %+v", rg, r)
	}
}

func TestSearchFromHomeAndWorkplace(t *testing.T) {
	var r struct {
		Origin struct {
			Lat, Lng float64
		}
		Origins []struct {
			Role, Query string
			geocodeMatch
		}
		Total int
		Hits  []struct {
			TravelMinutes *float64 `json:"travel_minutes"`
			Origin        string
		}
	}
	path := "/v1/search?mode=ebike&minutes=30&limit=100&address=" + url.QueryEscape("江东区福明街道") + "&workplace=" + url.QueryEscape("海天集团")
	resp := get(t, path, &r)
	if resp.StatusCode != 200 || len(r.Origins) != 2 {
		t.Fatalf("%d %+v", resp.StatusCode, r)
	}
	home, work := r.Origins[0], r.Origins[1]
	if home.Role != "home" || home.Query != "江东区福明街道" || home.Level != "township" || home.Township.Code != "330212016000" || home.Confidence <= 0 {
		t.Errorf("home %+v", home)
	}
	if work.Role != "work" || work.Kind != "enterprise" || work.ID != "E0001" || work.Level != "place" || work.Approximate {
		t.Errorf("work %+v", work)
	}
	if r.Origin.Lat != home.Lat || r.Origin.Lng != home.Lng {
		t.Errorf("origin %+v is not home", r.Origin)
	}
	from := map[string]int{}
	prev := 0.0
	for _, h := range r.Hits {
		from[h.Origin]++
		if *h.TravelMinutes < prev {
			t.Fatalf("not nearest first")
		}
		prev = *h.TravelMinutes
	}
	if from["home"] == 0 || from["work"] == 0 || len(from) != 2 {
		t.Errorf("hits by origin: %v (total %d)", from, r.Total)
	}
}

// FuzzGeocodeParams: whatever the query string, /v1/geocode and
// /v1/reverse answer 200, 400 or 404 with JSON, never 500.
func FuzzGeocodeParams(f *testing.F) {
	for _, s := range []string{"q=%E5%A7%9C%E5%B1%B1", "q=Jiangshan+Town&crs=gcj02", "q=%E8%81%8C%E6%95%99%E4%B8%AD%E5%BF%83&district=330211",
		"q=%ff%fe", "q=&district=x", "lat=29.87&lng=121.55", "lat=1e309&lng=-0&crs=bd09", "q=" + strings.Repeat("9", 190)} {
		f.Add(s)
	}
	_, snap := server(f)
	h := api.New(snap, api.Options{})
	f.Fuzz(func(t *testing.T, rawQuery string) {
		for _, path := range []string{"/v1/geocode", "/v1/reverse"} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.URL.RawQuery = rawQuery
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 && w.Code != 400 && w.Code != 404 {
				t.Fatalf("%s?%q: status %d: %s", path, rawQuery, w.Code, w.Body)
			}
			if !json.Valid(w.Body.Bytes()) {
				t.Fatalf("%s?%q: body is not JSON", path, rawQuery)
			}
		}
	})
}
