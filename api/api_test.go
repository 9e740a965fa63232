package api_test

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// One real snapshot of the Ningbo catalogue and one real HTTP server on
// loopback for every test.
var shared struct {
	once sync.Once
	srv  *httptest.Server
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.srv != nil {
		shared.srv.Close()
	}
	testfixture.Cleanup()
	os.Exit(code)
}

func server(t testing.TB) (*httptest.Server, *index.Snapshot) {
	t.Helper()
	snap := testfixture.Ningbo(t)
	shared.once.Do(func() { shared.srv = httptest.NewServer(api.New(snap, api.Options{})) })
	return shared.srv, snap
}

// get requests a path and decodes the JSON answer.
func get(t testing.TB, path string, into any) *http.Response {
	t.Helper()
	srv, _ := server(t)
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if into != nil {
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, body)
		}
	}
	return resp
}

type searchResponse struct {
	Origin struct {
		Lat, Lng float64
		CRS      string
		District *struct{ Code, Name string }
	}
	Mode    string
	Minutes int
	Total   int
	Hits    []struct {
		Course struct {
			ID, Title, Trade, Level, Family string
			RegistrationURL                 string `json:"registration_url"`
		}
		Site *struct {
			ID       string
			Lat, Lng float64
			District struct{ Code, Name string }
		}
		Institution   struct{ ID, Name, Kind string }
		TravelMinutes *float64 `json:"travel_minutes"`
	}
	Facets map[string]map[string]int
}

type errorResponse struct {
	Error struct{ Code, Message, Param string }
}

const tianyi = "lat=29.8730&lng=121.5503"

func TestSearch(t *testing.T) {
	var r searchResponse
	resp := get(t, "/v1/search?"+tianyi+"&mode=walk&minutes=15&q=数控", &r)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if r.Total == 0 || len(r.Hits) == 0 || r.Mode != "walk" || r.Minutes != 15 {
		t.Fatalf("response %+v", r)
	}
	if r.Origin.District == nil || r.Origin.District.Name != "海曙区" {
		t.Errorf("origin district %+v", r.Origin.District)
	}
	walk := geo.DefaultTravelModels()[geo.Walk]
	for _, h := range r.Hits {
		if h.TravelMinutes == nil || *h.TravelMinutes > 15 || h.Site == nil {
			t.Fatalf("hit %+v", h)
		}
		// travel_minutes is what the walk model says for the site's position.
		want := walk.Minutes(orb.Point{121.5503, 29.8730}, orb.Point{h.Site.Lng, h.Site.Lat})
		if math.Abs(want-*h.TravelMinutes) > 0.06 {
			t.Errorf("%s: %.2f min, model says %.2f", h.Course.ID, *h.TravelMinutes, want)
		}
		if h.Course.RegistrationURL == "" || h.Institution.Name == "" {
			t.Errorf("hit lacks registration or institution: %+v", h)
		}
	}
	for _, f := range []string{"family", "level", "district", "schedule"} {
		if len(r.Facets[f]) == 0 {
			t.Errorf("facet %s empty", f)
		}
	}
}

// The same place given in GCJ-02 finds the same courses, and every
// coordinate comes back in GCJ-02.
func TestSearchCRS(t *testing.T) {
	p := geo.WGS84ToGCJ02(orb.Point{121.5503, 29.8730})
	var wgs, gcj searchResponse
	get(t, "/v1/search?"+tianyi+"&mode=walk&minutes=15&limit=100", &wgs)
	get(t, "/v1/search?lat="+ftoa(p[1])+"&lng="+ftoa(p[0])+"&crs=gcj02&mode=walk&minutes=15&limit=100", &gcj)
	if wgs.Total == 0 || wgs.Total != gcj.Total || len(wgs.Hits) != len(gcj.Hits) {
		t.Fatalf("totals %d vs %d", wgs.Total, gcj.Total)
	}
	if gcj.Origin.CRS != "gcj02" || math.Abs(gcj.Origin.Lng-p[0]) > 1e-6 {
		t.Errorf("origin echoed as %+v", gcj.Origin)
	}
	for i := range wgs.Hits {
		a, b := wgs.Hits[i], gcj.Hits[i]
		if a.Course.ID != b.Course.ID || *a.TravelMinutes != *b.TravelMinutes {
			t.Fatalf("hit %d: %s %.1f vs %s %.1f", i, a.Course.ID, *a.TravelMinutes, b.Course.ID, *b.TravelMinutes)
		}
		dLng, dLat := b.Site.Lng-a.Site.Lng, b.Site.Lat-a.Site.Lat
		// In Ningbo GCJ-02 is about (+0.0042, -0.0026) from WGS-84.
		if math.Abs(dLng-0.0042) > 0.0008 || math.Abs(dLat+0.0026) > 0.0008 {
			t.Errorf("site %s not converted: offset (%.5f, %.5f)", a.Site.ID, dLng, dLat)
		}
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func TestBadRequests(t *testing.T) {
	tests := []struct {
		path, code, param, says string
	}{
		{"/v1/search", "missing_parameter", "lat", "lat=29.8730&lng=121.5503"},
		{"/v1/search?lat=29.87", "missing_parameter", "lng", "longitude"},
		{"/v1/search?lat=abc&lng=121.55", "invalid_parameter", "lat", `"abc" is not a number`},
		{"/v1/search?lat=129.87&lng=121.55", "invalid_parameter", "lat", "outside -90..90"},
		{"/v1/search?lat=NaN&lng=121.55", "invalid_parameter", "lat", "not a number"},
		{"/v1/search?" + tianyi + "&minutes=0", "invalid_parameter", "minutes", "outside 1..60"},
		{"/v1/search?" + tianyi + "&minutes=61", "invalid_parameter", "minutes", "outside 1..60"},
		{"/v1/search?" + tianyi + "&minutes=1.5", "invalid_parameter", "minutes", "not a whole number"},
		{"/v1/search?" + tianyi + "&mode=rocket", "invalid_parameter", "mode", "rocket"},
		{"/v1/search?" + tianyi + "&crs=utm", "invalid_parameter", "crs", "wgs84, gcj02, bd09"},
		{"/v1/search?" + tianyi + "&level=middle", "invalid_parameter", "level", "junior (初级)"},
		{"/v1/search?" + tianyi + "&family=cooking", "invalid_parameter", "family", "manufacturing (先进制造业)"},
		{"/v1/search?" + tianyi + "&district=北京", "invalid_parameter", "district", "330212 鄞州区"},
		{"/v1/search?" + tianyi + "&sort=price", "invalid_parameter", "sort", "relevance, travel, start, fee"},
		{"/v1/search?" + tianyi + "&limit=0", "invalid_parameter", "limit", "outside 1..100"},
		{"/v1/search?" + tianyi + "&start_after=2026/01/01", "invalid_parameter", "start_after", "YYYY-MM-DD"},
		{"/v1/search?" + tianyi + "&max_fee=-3", "invalid_parameter", "max_fee", "outside"},
		{"/v1/search?" + tianyi + "&free=maybe", "invalid_parameter", "free", "true or false"},
		{"/v1/search?" + tianyi + "&q=" + strings.Repeat("焊", 101), "invalid_parameter", "q", "at most"},
		{"/v1/search?" + tianyi + "&q=" + strings.Repeat("a", 300), "invalid_parameter", "q", "at most 200"},
		{"/v1/search?lat=29.87&lon=121.55", "unknown_parameter", "lon", "did you mean lng?"},
		{"/v1/search?" + tianyi + "&mode=walk&mode=bike", "invalid_parameter", "mode", "given 2 times"},
		{"/v1/isochrone?" + tianyi + "&minutes=90", "invalid_parameter", "minutes", "outside 1..60"},
		{"/v1/sites?kind=palace", "invalid_parameter", "kind", "campus"},
		{"/v1/sites?limit=500", "invalid_parameter", "limit", "outside 1..100"},
		{"/v1/courses/C00001?crs=mars", "invalid_parameter", "crs", "wgs84"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var e errorResponse
			resp := get(t, tt.path, &e)
			if resp.StatusCode != 400 {
				t.Fatalf("status %d, want 400", resp.StatusCode)
			}
			if e.Error.Code != tt.code || e.Error.Param != tt.param || !strings.Contains(e.Error.Message, tt.says) {
				t.Errorf("error %+v; want code %s, param %s, message containing %q", e.Error, tt.code, tt.param, tt.says)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	for _, path := range []string{"/v1/courses/NOPE", "/v1/sites/NOPE", "/v1/institutions/NOPE", "/v2/search", "/v1/search/extra"} {
		var e errorResponse
		resp := get(t, path, &e)
		if resp.StatusCode != 404 || (e.Error.Code != "not_found" && e.Error.Code != "no_such_endpoint") || e.Error.Message == "" {
			t.Errorf("%s: %d %+v", path, resp.StatusCode, e)
		}
	}
	srv, _ := server(t)
	resp, err := http.Post(srv.URL+"/v1/search", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestLookups(t *testing.T) {
	_, snap := server(t)
	var search searchResponse
	get(t, "/v1/search?"+tianyi+"&mode=bike&minutes=15&limit=1", &search)
	if len(search.Hits) == 0 {
		t.Fatal("no hits")
	}
	h := search.Hits[0]
	var course struct {
		Course      struct{ ID, Title string }
		Institution struct{ ID string }
		Sites       []struct{ ID string }
	}
	if resp := get(t, "/v1/courses/"+h.Course.ID, &course); resp.StatusCode != 200 || course.Course.Title != h.Course.Title || len(course.Sites) == 0 {
		t.Errorf("course: %d %+v", resp.StatusCode, course)
	}
	var site struct {
		Site    struct{ ID, Name string }
		Courses []struct{ ID string }
	}
	if resp := get(t, "/v1/sites/"+h.Site.ID, &site); resp.StatusCode != 200 || site.Site.ID != h.Site.ID || len(site.Courses) == 0 {
		t.Errorf("site: %d %+v", resp.StatusCode, site)
	}
	var inst struct {
		Institution struct{ ID string }
		Sites       []struct{ ID string }
		Courses     int
	}
	if resp := get(t, "/v1/institutions/"+h.Institution.ID, &inst); resp.StatusCode != 200 || inst.Courses == 0 || len(inst.Sites) == 0 {
		t.Errorf("institution: %d %+v", resp.StatusCode, inst)
	}
	var sites struct {
		Total int
		Sites []struct {
			District struct{ Code string }
			Courses  int
		}
	}
	get(t, "/v1/sites?district=鄞州区&limit=100", &sites)
	if sites.Total == 0 || len(sites.Sites) == 0 || sites.Sites[0].District.Code != "330212" {
		t.Errorf("sites: %+v", sites)
	}
	var stats struct {
		Snapshot struct {
			FormatVersion int `json:"format_version"`
		}
		Institutions struct {
			PublicVocational int `json:"public_vocational"`
			PublicAdult      int `json:"public_adult_schools"`
		}
		Courses struct{ Total int }
	}
	get(t, "/v1/stats", &stats)
	if stats.Institutions.PublicVocational != 35 || stats.Institutions.PublicAdult != 135 || stats.Courses.Total != snap.Meta().Counts.Courses {
		t.Errorf("stats: %+v", stats)
	}
}

func TestIsochroneGeoJSON(t *testing.T) {
	var fc struct {
		Type     string
		Features []struct {
			Geometry   struct{ Type string }
			Properties map[string]any
		}
	}
	get(t, "/v1/isochrone?"+tianyi+"&mode=walk&minutes=15&crs=gcj02", &fc)
	if fc.Type != "FeatureCollection" || len(fc.Features) != 2 || fc.Features[0].Geometry.Type != "MultiPolygon" {
		t.Fatalf("%+v", fc)
	}
	if fc.Features[0].Properties["crs"] != "gcj02" {
		t.Errorf("properties %v", fc.Features[0].Properties)
	}

	// The hand-written GeoJSON reads back, with orb, as the isochrone's
	// own outline and cells, converted to the crs asked for.
	_, snap := server(t)
	origin := geo.GCJ02.ToWGS84(orb.Point{121.5503, 29.8730}) // the request's point is read in its crs
	for _, mode := range []string{"walk", "ebike", "transit"} {
		srv, _ := server(t)
		resp, err := http.Get(srv.URL + "/v1/isochrone?" + tianyi + "&minutes=20&cells=true&crs=gcj02&mode=" + mode)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got, err := geojson.UnmarshalFeatureCollection(body)
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		m, _ := geo.ParseMode(mode)
		iso, err := snap.Isochrone(origin, m, 20)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Features) != 2+len(iso.Cells) {
			t.Fatalf("%s: %d features for %d cells", mode, len(got.Features), len(iso.Cells))
		}
		area, ok := got.Features[0].Geometry.(orb.MultiPolygon)
		if !ok || len(area) != len(iso.Area) {
			t.Fatalf("%s: area %T with %d parts, want %d", mode, got.Features[0].Geometry, len(area), len(iso.Area))
		}
		for i, poly := range iso.Area {
			for j, ring := range poly {
				for k, p := range ring {
					if q := geo.GCJ02.ToWGS84(area[i][j][k]); geo.Distance(p, q) > 0.2 {
						t.Fatalf("%s: vertex %d/%d/%d at %v, want %v", mode, i, j, k, q, p)
					}
				}
			}
		}
		if o := got.Features[1].Geometry.(orb.Point); geo.Distance(geo.GCJ02.ToWGS84(o), origin) > 0.2 {
			t.Errorf("%s: origin drawn at %v", mode, o)
		}
		for i, c := range iso.Cells {
			f := got.Features[2+i]
			want := geo.CellPolygon(c)
			poly := f.Geometry.(orb.Polygon)
			if f.Properties["h3"] != c.String() || len(poly[0]) != len(want[0]) ||
				geo.Distance(geo.GCJ02.ToWGS84(poly[0][0]), want[0][0]) > 0.2 {
				t.Fatalf("%s: cell %d drawn as %v %v", mode, i, f.Properties, poly)
			}
		}
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string
		Paths   map[string]any
	}
	get(t, "/openapi.json", &doc)
	_, snap := server(t)
	for _, route := range api.New(snap, api.Options{}).Routes() {
		// echo's one wildcard, /assets/*, is the document's /assets/{path}.
		route = strings.Replace(route, "/*", "/{path}", 1)
		if _, ok := doc.Paths[route]; !ok {
			t.Errorf("route %s is not in openapi.json", route)
		}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
}

func TestHealthz(t *testing.T) {
	var h map[string]string
	if resp := get(t, "/healthz", &h); resp.StatusCode != 200 || h["status"] != "ok" {
		t.Errorf("%d %v", resp.StatusCode, h)
	}
}

// FuzzSearchParams sends arbitrary query strings: the answer is always 200,
// 400 or 404 with a JSON body, never a 500.
func FuzzSearchParams(f *testing.F) {
	for _, s := range []string{tianyi, tianyi + "&q=数控&mode=ebike", "lat=1e309&lng=-0", "lat=29.8&lng=121.5&minutes=60&mode=drive&include_online=true",
		"lat=%ff&lng=%00", "family=先进制造业,&level=中级", "district=330212&sort=fee&offset=9999",
		"address=%E5%A7%9C%E5%B1%B1&workplace=E0001", "workplace=%E6%B5%B7%E5%A4%A9&mode=ebike"} {
		f.Add(s)
	}
	_, snap := server(f)
	h := api.New(snap, api.Options{})
	f.Fuzz(func(t *testing.T, rawQuery string) {
		req := httptest.NewRequest(http.MethodGet, "/v1/search", nil)
		req.URL.RawQuery = rawQuery
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		// An address or workplace may name nothing in the region: 404 on
		// that parameter.
		var e errorResponse
		json.Unmarshal(w.Body.Bytes(), &e)
		notFound := w.Code == 404 && e.Error.Code == "not_found" && (e.Error.Param == "address" || e.Error.Param == "workplace")
		if w.Code != 200 && w.Code != 400 && !notFound {
			t.Fatalf("%q: status %d: %s", rawQuery, w.Code, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%q: body is not JSON", rawQuery)
		}
	})
}

// HEAD answers as GET without the body, for monitors and proxies.
func TestHead(t *testing.T) {
	srv, _ := server(t)
	for _, path := range []string{"/healthz", "/v1/search?lat=29.873&lng=121.5503", "/v1/search?lat=29.873&lng=999"} {
		head, err := http.Head(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(head.Body)
		head.Body.Close()
		getResp := get(t, path, nil)
		if head.StatusCode != getResp.StatusCode || len(body) != 0 || head.Header.Get("Content-Type") != getResp.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q with %d bytes; GET: %d %q", path, head.StatusCode, head.Header.Get("Content-Type"), len(body), getResp.StatusCode, getResp.Header.Get("Content-Type"))
		}
	}
}

// A browser holding an answer revalidates it: the same snapshot answers
// 304 with no body; a tag from another snapshot gets the answer.
func TestConditionalGet(t *testing.T) {
	srv, snap := server(t)
	const path = "/v1/isochrone?lat=29.873&lng=121.5503&mode=walk&minutes=15&cells=true"
	first := get(t, path, nil)
	etag := first.Header.Get("ETag")
	if etag != `W/"`+snap.Checksum()+`"` || first.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, first.Header.Get("Cache-Control"))
	}
	ask := func(ifNoneMatch string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("If-None-Match", ifNoneMatch)
		req.Header.Set("Origin", "http://localhost:8000")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	for _, tag := range []string{etag, strings.TrimPrefix(etag, "W/"), `"other", ` + etag, "*"} {
		resp, body := ask(tag)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("If-None-Match %s: %d with %d bytes", tag, resp.StatusCode, len(body))
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:8000" {
			t.Errorf("If-None-Match %s: a 304 without CORS for an allowed page", tag)
		}
	}
	if resp, body := ask(`W/"an-older-snapshot"`); resp.StatusCode != 200 || len(body) == 0 {
		t.Errorf("a stale tag: %d with %d bytes", resp.StatusCode, len(body))
	}
	// The stats say when the snapshot was loaded, which the checksum does not.
	if stats := get(t, "/v1/stats", nil); stats.Header.Get("ETag") != "" {
		t.Error("the stats carry an entity tag")
	}
}
