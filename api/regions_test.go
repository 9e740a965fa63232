package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// Two regions in one server: the Ningbo snapshot (shared, not reloaded)
// and the Monaco test catalogue (index/testdata/monaco, estimated travel),
// built into a file of this test's own, which reloads.

const (
	casino    = "lat=43.7393&lng=7.4278" // Monte-Carlo, in Monaco's region
	inNingbo  = "lat=29.8730&lng=121.5503"
	shanghai  = "lat=31.2304&lng=121.4737" // in neither
	monacoID  = "monaco-test"
	ningboID  = "ningbo"
	monacoDir = "../index/testdata/monaco"
)

// buildMonaco builds the Monaco catalogue into path, with travel models
// (nil: the defaults).
func buildMonaco(t testing.TB, path string, models geo.TravelModels) {
	t.Helper()
	cat, report, err := data.Load(os.DirFS(monacoDir), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := index.Build(context.Background(), path, cat, index.BuildOptions{SourceChecksum: report.Checksum, TravelModels: models}); err != nil {
		t.Fatal(err)
	}
}

type twoRegions struct {
	srv    *httptest.Server
	s      *api.Server
	monaco string // the Monaco region's snapshot file, which its reload opens
	ningbo *index.Snapshot
}

func newTwoRegions(t *testing.T) *twoRegions {
	t.Helper()
	ningbo := testfixture.Ningbo(t)
	path := filepath.Join(t.TempDir(), "monaco.db")
	buildMonaco(t, path, nil)
	open := func(context.Context) (*index.Snapshot, error) { return index.Open(path) }
	monaco, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s, err := api.NewRegions([]api.RegionSource{{Snapshot: ningbo}, {Snapshot: monaco, Open: open}}, api.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		srv.Close()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return &twoRegions{srv: srv, s: s, monaco: path, ningbo: ningbo}
}

// get answers a path of the two-region server: status, body, ETag.
func (tr *twoRegions) get(t *testing.T, path string) (int, []byte, string) {
	t.Helper()
	u, err := url.Parse(tr.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	u.RawQuery = u.Query().Encode()
	resp, err := http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body, resp.Header.Get("ETag")
}

// courseIDs are the ids of a search answer's courses.
func courseIDs(t *testing.T, body []byte) []string {
	t.Helper()
	var r searchResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.Course.ID)
	}
	return ids
}

// A point in each region gets that region's courses; region= asks one
// region whatever the point; a point in neither is 404 region_not_served.
func TestTwoRegionsSearch(t *testing.T) {
	tr := newTwoRegions(t)
	for _, tc := range []struct{ query, region string }{
		{inNingbo + "&mode=walk&minutes=15&q=数控", ningboID},
		{casino + "&mode=walk&minutes=15", monacoID},
		{casino + "&mode=walk&minutes=15&crs=gcj02", monacoID}, // the point read in its crs
	} {
		status, body, etag := tr.get(t, "/v1/search?"+tc.query)
		ids := courseIDs(t, body)
		if status != 200 || len(ids) == 0 {
			t.Fatalf("%s: %d, %d hits: %.300s", tc.query, status, len(ids), body)
		}
		for _, id := range ids {
			_, err := tr.ningbo.Course(id)
			if (err == nil) != (tc.region == ningboID) {
				t.Errorf("%s: course %s is not %s's", tc.query, id, tc.region)
			}
		}
		sum := regionChecksum(t, tr, tc.region)
		if etag != `W/"`+sum+`"` {
			t.Errorf("%s: ETag %s, want %s's checksum %.12s", tc.query, etag, tc.region, sum)
		}
	}
	// region= names the region whatever the point: Ningbo asked about
	// Monte-Carlo reaches none of its courses on foot.
	status, body, _ := tr.get(t, "/v1/search?"+casino+"&region=ningbo&mode=walk&minutes=15")
	if status != 200 || len(courseIDs(t, body)) != 0 {
		t.Errorf("region=ningbo from Monte-Carlo: %d %.300s", status, body)
	}
	for _, name := range []string{monacoID, "990000", "摩纳哥测试区", "MONACO-TEST"} {
		if status, body, _ := tr.get(t, "/v1/search?"+casino+"&region="+name+"&mode=walk&minutes=15"); status != 200 || len(courseIDs(t, body)) == 0 {
			t.Errorf("region=%s: %d %.300s", name, status, body)
		}
	}
	// A point in neither region.
	for _, path := range []string{"/v1/search?" + shanghai, "/v1/isochrone?" + shanghai, "/v1/reverse?" + shanghai,
		"/v1/search?home_lat=31.2304&home_lng=121.4737&workplace=海天"} {
		status, body, _ := tr.get(t, path)
		var e errorResponse
		json.Unmarshal(body, &e)
		if status != 404 || e.Error.Code != api.CodeRegionNotServed || !strings.Contains(e.Error.Message, "ningbo (宁波市)") ||
			!strings.Contains(e.Error.Message, "monaco-test (摩纳哥测试区)") {
			t.Errorf("%s: %d %s, want 404 region_not_served naming both regions", path, status, body)
		}
	}
	// An unknown region, and text without a point or a region.
	for path, want := range map[string]string{
		"/v1/search?" + casino + "&region=atlantis": api.CodeInvalidParameter,
		"/v1/suggest?q=shuk":                        api.CodeMissingParameter,
		"/v1/geocode?q=姜山":                          api.CodeMissingParameter,
		"/v1/search?address=鄞州区姜山镇":                 api.CodeMissingParameter,
		"/v1/sites":                                 api.CodeMissingParameter,
	} {
		status, body, _ := tr.get(t, path)
		var e errorResponse
		json.Unmarshal(body, &e)
		if status != 400 || e.Error.Code != want || e.Error.Param != "region" || !strings.Contains(e.Error.Message, monacoID) {
			t.Errorf("%s: %d %s, want 400 %s naming region and the regions served", path, status, body, want)
		}
	}
	// A malformed point is the handler's to name, whichever region.
	if status, body, _ := tr.get(t, "/v1/search?lat=abc&lng=7.4"); status != 400 || !bytes.Contains(body, []byte(`"param":"lat"`)) {
		t.Errorf("lat=abc: %d %s", status, body)
	}
}

func regionChecksum(t *testing.T, tr *twoRegions, id string) string {
	t.Helper()
	for _, r := range regionsOf(t, tr) {
		if r.ID == id {
			return r.Snapshot.Checksum
		}
	}
	t.Fatalf("no region %s in /v1/regions", id)
	return ""
}

type regionEntry struct {
	ID, Code, Name string
	BBox           []float64
	Center         []float64
	Ready          bool
	Counts         struct{ Courses, Sites int }
	Snapshot       api.SnapshotInfo
	LastReload     *api.ReloadEvent `json:"last_reload"`
}

func regionsOf(t *testing.T, tr *twoRegions) []regionEntry {
	t.Helper()
	status, body, _ := tr.get(t, "/v1/regions")
	var out struct{ Regions []regionEntry }
	if err := json.Unmarshal(body, &out); status != 200 || err != nil {
		t.Fatalf("/v1/regions: %d %v %s", status, err, body)
	}
	return out.Regions
}

// /v1/regions lists both, in order, each with its bounds holding its
// points and its snapshot; the answers conform to the document.
func TestRegionsList(t *testing.T) {
	tr := newTwoRegions(t)
	rs := regionsOf(t, tr)
	if len(rs) != 2 || rs[0].ID != ningboID || rs[1].ID != monacoID || rs[1].Code != "990000" || !rs[0].Ready {
		t.Fatalf("regions %+v", rs)
	}
	for i, pt := range [][2]float64{{121.5503, 29.8730}, {7.4278, 43.7393}} {
		b := rs[i].BBox
		if len(b) != 4 || pt[0] < b[0] || pt[0] > b[2] || pt[1] < b[1] || pt[1] > b[3] || len(rs[i].Center) != 2 {
			t.Errorf("%s: bbox %v, centre %v, not around %v", rs[i].ID, b, rs[i].Center, pt)
		}
	}
	if rs[1].Counts.Courses != 22 || rs[1].Counts.Sites != 11 || rs[0].Snapshot.Checksum != tr.ningbo.Checksum() {
		t.Errorf("counts or snapshot: %+v", rs)
	}
	c := loadContract(t)
	for _, ex := range []exchange{expect("/v1/regions", 200), expect("/v1/regions?crs=gcj02", 200),
		expect("/v1/search?"+shanghai, 404), expect("/v1/suggest?q=shuk", 400), expect("/v1/suggest?q=shuk&region=monaco-test", 200),
		expect("/v1/search?"+casino+"&q=数控&include_sites=true", 200), expect("/v1/isochrone?"+casino, 200),
		expect("/v1/courses/C01", 200), expect("/v1/courses/C05069", 200), expect("/v1/sites?region=monaco-test", 200),
		expect("/v1/sites?district=990002", 200), expect("/v1/geocode?q=摩纳哥区&region=monaco-test", 200),
		expect("/v1/region?region=monaco-test", 200), expect("/v1/stats?region=monaco-test", 200), expect("/readyz", 200),
		expect("/v1/coverage?region=monaco-test&cells=none", 200)} {
		c.conform(t, tr.srv.URL, ex)
	}
}

// Records by id are found in whichever region holds them; pages pick the
// region from region= or the point, and open on the first without either.
func TestTwoRegionsLookupsAndPages(t *testing.T) {
	tr := newTwoRegions(t)
	for path, want := range map[string]int{
		"/v1/courses/C01": 200, "/v1/courses/C05069": 200, "/v1/sites/S01": 200, "/v1/institutions/I1": 200,
		"/v1/courses/C01?region=ningbo": 404, "/v1/courses/C99999": 404, "/courses/C01": 200, "/sites/S01": 200,
	} {
		if status, body, _ := tr.get(t, path); status != want {
			t.Errorf("%s: %d, want %d: %.200s", path, status, want, body)
		}
	}
	if _, body, _ := tr.get(t, "/courses/C01"); !strings.Contains(string(body), "摩纳哥测试区") ||
		!strings.Contains(html.UnescapeString(string(body)), "region=monaco-test") {
		t.Errorf("Monaco's course page does not name its region, or its way back loses it")
	}
	for path, want := range map[string]string{
		"/?region=monaco-test": monacoID, "/?" + casino: monacoID, "/": ningboID, "/?" + inNingbo: ningboID,
		"/embed?region=990000": monacoID, "/planner?region=monaco-test": monacoID, "/?region=atlantis": ningboID,
	} {
		status, body, _ := tr.get(t, path)
		if status != 200 || !strings.Contains(html.UnescapeString(string(body)), `"region":"`+want+`"`) {
			t.Errorf("%s: %d, the page's config does not name region %s", path, status, want)
		}
	}
	if _, body, _ := tr.get(t, "/?region=atlantis"); !strings.Contains(html.UnescapeString(string(body)), `"param":"region"`) {
		t.Errorf("an unknown region= is not among the page's ignored values")
	}
	// The search page's own requests, as its script makes them for Monaco.
	for _, path := range []string{"/v1/region?region=monaco-test&crs=wgs84", "/v1/sites?region=monaco-test&limit=100",
		"/v1/geocode?q=摩纳哥区&region=monaco-test", "/v1/suggest?q=shuk&limit=20&region=monaco-test"} {
		if status, body, _ := tr.get(t, path); status != 200 {
			t.Errorf("%s: %d %.200s", path, status, body)
		}
	}
}

// A reload of one region, refused (a damaged file, another region's
// snapshot) or done, leaves the other region's answers byte for byte.
func TestTwoRegionsReloadAlone(t *testing.T) {
	tr := newTwoRegions(t)
	ningboQ, monacoQ := "/v1/search?"+inNingbo+"&mode=walk&minutes=15&q=数控&include_sites=true", "/v1/search?"+casino+"&mode=walk&minutes=20"
	_, ningboBefore, _ := tr.get(t, ningboQ)
	_, monacoBefore, _ := tr.get(t, monacoQ)
	good, err := os.ReadFile(tr.monaco)
	if err != nil {
		t.Fatal(err)
	}
	// A damaged file, then Ningbo's snapshot in Monaco's place: refused.
	replaceFile(t, tr.monaco, good[:len(good)/2])
	_, err = tr.s.ReloadRegion(context.Background(), monacoID)
	var re *api.ReloadError
	if !errors.As(err, &re) {
		t.Fatalf("a damaged file: %v, want a refusal", err)
	}
	ningboFile, err := os.ReadFile(testfixture.NingboPath(t))
	if err != nil {
		t.Fatal(err)
	}
	replaceFile(t, tr.monaco, ningboFile)
	if _, err := tr.s.ReloadRegion(context.Background(), monacoID); !errors.As(err, &re) || !strings.Contains(err.Error(), "not of 摩纳哥测试区") {
		t.Fatalf("another region's snapshot: %v, want a refusal", err)
	}
	for q, before := range map[string][]byte{ningboQ: ningboBefore, monacoQ: monacoBefore} {
		if _, after, _ := tr.get(t, q); !bytes.Equal(after, before) {
			t.Errorf("%s answers differently after refused reloads", q)
		}
	}
	rs := regionsOf(t, tr)
	if rs[1].LastReload == nil || rs[1].LastReload.Result != "refused" || rs[0].LastReload != nil {
		t.Errorf("last reloads: %+v, %+v", rs[0].LastReload, rs[1].LastReload)
	}
	// Monaco walking slower: its answer changes, Ningbo's does not.
	slow := geo.DefaultTravelModels()
	walk := slow[geo.Walk]
	walk.SpeedKmh = 3
	slow[geo.Walk] = walk
	buildMonaco(t, tr.monaco, slow) // as a build does: a new file renamed into place
	res, err := tr.s.ReloadRegion(context.Background(), monacoID)
	if err != nil || !res.Changed || res.Region != monacoID {
		t.Fatalf("reload: %+v %v", res, err)
	}
	if _, after, _ := tr.get(t, ningboQ); !bytes.Equal(after, ningboBefore) {
		t.Errorf("Ningbo's answer changed with Monaco's reload")
	}
	if _, after, etag := tr.get(t, monacoQ); bytes.Equal(after, monacoBefore) || etag != `W/"`+res.Current.Checksum+`"` {
		t.Errorf("Monaco's answer did not change with its reload (ETag %s)", etag)
	}
	// Ningbo cannot reload here (no Open): all of them reports it and
	// reloads Monaco all the same.
	if _, err := tr.s.ReloadAll(context.Background()); !errors.Is(err, api.ErrReloadOff) {
		t.Errorf("ReloadAll: %v", err)
	}
	_, metrics, _ := tr.get(t, "/metrics")
	for _, want := range []string{`skillcircle_snapshot_reloads_total{region="monaco-test",result="refused"} 2`,
		`skillcircle_snapshot_reloads_total{region="monaco-test",result="ok"} 2`,
		`skillcircle_snapshot_reloads_total{region="ningbo",result="ok"} 0`,
		`skillcircle_snapshot_courses{region="monaco-test"} 22`, `skillcircle_snapshot_info{checksum="` + tr.ningbo.Checksum()} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// replaceFile puts b at path as a build does, by renaming a new file into
// place: the served snapshot's file is never written in place.
func replaceFile(t *testing.T, path string, b []byte) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// A server of one region in a deployment of several (a shard, told the
// other shards' regions): its own points and text as before, another
// region's point 404 region_not_served naming where it is served.
func TestOneRegionOfSeveral(t *testing.T) {
	s := api.New(testfixture.Ningbo(t), api.Options{Elsewhere: []string{"monaco-test", "zhoushan"}})
	for path, want := range map[string]int{
		"/v1/search?" + inNingbo: 200, "/v1/suggest?q=shuk": 200, "/v1/geocode?q=姜山": 200, "/v1/courses/C05069": 200,
		"/v1/search?" + casino: 404, "/v1/isochrone?" + shanghai: 404, "/v1/search?" + casino + "&region=ningbo": 200,
	} {
		u, err := url.Parse(path)
		if err != nil {
			t.Fatal(err)
		}
		u.RawQuery = u.Query().Encode()
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", u.String(), nil))
		if w.Code != want || (want == 404 && !strings.Contains(w.Body.String(), "serve monaco-test, zhoushan")) {
			t.Errorf("%s: %d %s, want %d", path, w.Code, w.Body, want)
		}
	}
}
