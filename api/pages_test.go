package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"html"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/geo"
)

// fetch requests a path with headers and returns the response and body.
func fetch(t *testing.T, srv *httptest.Server, method, path string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestPages(t *testing.T) {
	srv, _ := server(t)
	for _, tc := range []struct {
		path, ancestors string
		want            []string
	}{
		{"/", "frame-ancestors 'self'", []string{`lang="zh-CN"`, `data-app="search"`, `/assets/search.js?v=`, `/assets/search.css?v=`, `&#34;urlState&#34;:true`}},
		{"/?lang=en&mode=ebike&minutes=30&family=先进制造业", "frame-ancestors 'self'", []string{`lang="en"`, `&#34;mode&#34;:&#34;ebike&#34;`, `&#34;minutes&#34;:30`, `&#34;family&#34;:&#34;manufacturing&#34;`}},
		{"/embed?district=鄞州区&crs=gcj02&lat=29.8&lng=121.55", "frame-ancestors 'self' https://*.gov.cn http://*.gov.cn http://localhost:* http://127.0.0.1:*",
			[]string{`class="sc-embed"`, `&#34;district&#34;:&#34;330212&#34;`, `&#34;crs&#34;:&#34;gcj02&#34;`, `&#34;lat&#34;:29.8`, `&#34;compact&#34;:true`}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := fetch(t, srv, "GET", tc.path, nil)
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("%d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			for _, d := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data:;", tc.ancestors} {
				if !strings.Contains(csp, d) {
					t.Errorf("CSP %q lacks %q", csp, d)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %s\n%s", w, body)
				}
			}
			// Nothing from elsewhere: every src and href is this server's.
			for _, m := range regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(body, -1) {
				if !strings.HasPrefix(m[1], "/assets/") {
					t.Errorf("the page loads %s", m[1])
				}
			}
		})
	}
}

func TestPagesTiles(t *testing.T) {
	srv, _ := server(t)
	tiles := "https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}"
	resp, _ := fetch(t, srv, "GET", "/embed?crs=gcj02&tiles="+url.QueryEscape(tiles), nil)
	if csp := resp.Header.Get("Content-Security-Policy"); resp.StatusCode != 200 || !strings.Contains(csp, "img-src 'self' data: https://*.is.autonavi.com;") {
		t.Errorf("%d: CSP %q must let the tiles in", resp.StatusCode, csp)
	}
}

// A page opened from a link with a bad value still renders: the value's
// default is used and the page's config lists what was ignored, for the
// page to say so; a parameter the page does not know (WeChat's from=,
// analytics' utm_source=) is left alone. The API stays strict.
func TestPagesBadParameters(t *testing.T) {
	srv, _ := server(t)
	configOf := regexp.MustCompile(`data-config="([^"]*)"`)
	type ignored struct{ Param, Value, Message string }
	for _, tc := range []struct {
		path    string
		ignored []string // the params the page says it ignored
		want    string   // a fragment of the config: the default in force
	}{
		{"/?district=999999", []string{"district"}, `"mode":"walk"`},
		{"/embed?district=330212,330203", []string{"district"}, `"compact":true`},
		{"/?mode=plane", []string{"mode"}, `"mode":"walk"`},
		{"/?lang=fr", []string{"lang"}, `"lang":"zh"`},
		{"/?minutes=90", []string{"minutes"}, `"minutes":15`},
		{"/?lat=29.8", []string{"lat"}, `"minutes":15`},
		{"/?height=50", []string{"height"}, `"minutes":15`},
		{"/?tiles=javascript:alert(1)", []string{"tiles"}, `"crs":"wgs84"`},
		{"/?tiles=" + url.QueryEscape("https://tiles.example.gov.cn/{z}/{x}.png"), []string{"tiles"}, `"crs":"wgs84"`},
		{"/?tiles=" + url.QueryEscape("https://a.{s}.example.gov.cn/{z}/{x}/{y}.png"), []string{"tiles"}, `"crs":"wgs84"`},
		{"/embed?distrcit=330212", nil, `"compact":true`},
		{"/?from=singlemessage&isappinstalled=0&utm_source=wechat&fbclid=x&spm=a.b&minutes=10&minutes=20", nil, `"minutes":10`},
		{"/planner?k=99&from=timeline&lang=fr", []string{"lang", "k"}, `"k":5`},
		{"/?q=" + strings.Repeat("焊", 300), []string{"q"}, `"minutes":15`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := fetch(t, srv, "GET", tc.path, nil)
			m := configOf.FindStringSubmatch(body)
			if resp.StatusCode != 200 || m == nil {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			cfg := html.UnescapeString(m[1])
			if !strings.Contains(cfg, tc.want) {
				t.Errorf("config %s lacks %s", cfg, tc.want)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(tc.path, "tiles") && strings.Contains(csp, "example.gov.cn") {
				t.Errorf("a refused tile URL reached the CSP: %s", csp)
			}
			var c struct{ Ignored []ignored }
			if err := json.Unmarshal([]byte(cfg), &c); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, i := range c.Ignored {
				got = append(got, i.Param)
				if i.Message == "" || !strings.HasPrefix(i.Message, i.Param+":") {
					t.Errorf("ignored %+v says nothing useful", i)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.ignored, ",") {
				t.Errorf("the page says it ignored %v, want %v", got, tc.ignored)
			}
		})
	}
	// The API itself stays strict.
	for _, path := range []string{"/v1/search?lat=29.87&lng=121.55&minutes=90", "/v1/search?lat=29.87&lng=121.55&from=singlemessage"} {
		if resp, _ := fetch(t, srv, "GET", path, nil); resp.StatusCode != 400 {
			t.Errorf("%s: %d, want 400", path, resp.StatusCode)
		}
	}
}

func TestAssets(t *testing.T) {
	srv, _ := server(t)
	resp, body := fetch(t, srv, "GET", "/widget.js", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || !strings.Contains(body, "skillcircle-widget") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	etag := resp.Header.Get("ETag")
	if etag == "" || resp.Header.Get("Cache-Control") != "public, max-age=300" || resp.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Errorf("headers %v", resp.Header)
	}
	if resp, _ := fetch(t, srv, "GET", "/widget.js", map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}

	// Compressed for clients that take gzip, with its own ETag.
	plain, plainBody := fetch(t, srv, "GET", "/widget.js", map[string]string{"Accept-Encoding": "identity"})
	zipped, zippedBody := fetch(t, srv, "GET", "/widget.js", map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	refused, _ := fetch(t, srv, "GET", "/widget.js", map[string]string{"Accept-Encoding": "gzip;q=0"})
	if plain.Header.Get("Content-Encoding") != "" || refused.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding: identity %q, gzip %q, gzip;q=0 %q", plain.Header.Get("Content-Encoding"), zipped.Header.Get("Content-Encoding"), refused.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(zippedBody))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || string(unzipped) != plainBody || len(zippedBody)*2 > len(plainBody) || zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Errorf("gzip: %v, %d bytes for %d, ETags %s %s", err, len(zippedBody), len(plainBody), zipped.Header.Get("ETag"), plain.Header.Get("ETag"))
	}
	if !strings.Contains(strings.Join(zipped.Header.Values("Vary"), ","), "Accept-Encoding") {
		t.Errorf("Vary %v", zipped.Header.Values("Vary"))
	}

	// Versioned URLs, as the pages link them, may be cached for good.
	_, page := fetch(t, srv, "GET", "/", nil)
	js := regexp.MustCompile(`/assets/search\.js\?v=[0-9a-f]+`).FindString(page)
	resp, body = fetch(t, srv, "GET", js, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(body, "noConflict") {
		t.Errorf("%s: %d %v", js, resp.StatusCode, resp.Header)
	}
	resp, _ = fetch(t, srv, "GET", "/assets/search.js?v=stale", nil)
	if resp.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("a stale version must be revalidated: %v", resp.Header)
	}
	for path, ctype := range map[string]string{
		"/assets/search.css":                    "text/css; charset=utf-8",
		"/assets/core/favicon.svg":              "image/svg+xml",
		"/assets/lib/leaflet/images/layers.png": "image/png",
	} {
		if resp, _ := fetch(t, srv, "GET", path, nil); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctype {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/assets/nope.js", "/assets/../api/server.go", "/assets/"} {
		resp, body := fetch(t, srv, "GET", path, nil)
		if resp.StatusCode != 404 || !strings.Contains(body, `"code":"not_found"`) && !strings.Contains(body, `"code":"no_such_endpoint"`) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
}

// CORS answers the allow-listed host sites only; a preflight gets the
// methods the API takes.
func TestCORS(t *testing.T) {
	srv, _ := server(t)
	for _, tc := range []struct {
		origin string
		allow  bool
	}{
		{"https://www.nbyz.gov.cn", true},
		{"http://www.yinzhou.gov.cn", true},
		{"http://localhost:3000", true},
		{"http://127.0.0.1:8081", true},
		{"https://gov.cn.evil.example", false},
		{"https://evilgov.cn", false},
		{"null", false},
	} {
		resp, _ := fetch(t, srv, "GET", "/v1/stats", map[string]string{"Origin": tc.origin})
		got := resp.Header.Get("Access-Control-Allow-Origin")
		if (got == tc.origin) != tc.allow || (!tc.allow && got != "") {
			t.Errorf("Origin %s: Access-Control-Allow-Origin %q", tc.origin, got)
		}
		if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Origin") {
			t.Errorf("Origin %s: no Vary: Origin", tc.origin)
		}
	}
	resp, _ := fetch(t, srv, "OPTIONS", "/v1/search", map[string]string{"Origin": "https://www.nbyz.gov.cn", "Access-Control-Request-Method": "GET"})
	if resp.StatusCode != 204 || !strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestAllowedOriginsOption(t *testing.T) {
	_, snap := server(t)
	only, err := api.ParseOrigins("https://www.nbyz.gov.cn")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		origins   []api.WebOrigin
		ancestors string
		allowed   string
	}{
		{"one site", only, "frame-ancestors 'self' https://www.nbyz.gov.cn", "https://www.nbyz.gov.cn"},
		{"none", []api.WebOrigin{}, "frame-ancestors 'self'", ""},
		{"any", []api.WebOrigin{{Any: true}}, "frame-ancestors 'self' *", "https://anywhere.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(api.New(snap, api.Options{AllowedOrigins: tc.origins}))
			defer srv.Close()
			resp, _ := fetch(t, srv, "GET", "/embed", nil)
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, tc.ancestors) {
				t.Errorf("CSP %q, want it to end %q", csp, tc.ancestors)
			}
			for _, origin := range []string{"https://www.nbyz.gov.cn", "http://www.yinzhou.gov.cn", "https://anywhere.example"} {
				resp, _ := fetch(t, srv, "GET", "/v1/stats", map[string]string{"Origin": origin})
				got := resp.Header.Get("Access-Control-Allow-Origin")
				want := ""
				if tc.allowed != "" && (origin == tc.allowed || len(tc.origins) == 1 && tc.origins[0].Any) {
					want = origin
				}
				if got != want {
					t.Errorf("Origin %s: Access-Control-Allow-Origin %q, want %q", origin, got, want)
				}
			}
		})
	}
}

func TestParseOrigin(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		err     bool
		allows  []string
		refuses []string
	}{
		{in: "*", out: "*", allows: []string{"https://a.example", "http://localhost:1"}},
		{in: "https://www.nbyz.gov.cn", out: "https://www.nbyz.gov.cn",
			allows:  []string{"https://www.nbyz.gov.cn", "https://www.nbyz.gov.cn:443", "https://WWW.NBYZ.GOV.CN"},
			refuses: []string{"http://www.nbyz.gov.cn", "https://www.nbyz.gov.cn:8443", "https://nbyz.gov.cn", "https://www.nbyz.gov.cn.evil.example"}},
		{in: "HTTPS://*.Gov.CN/", out: "https://*.gov.cn",
			allows:  []string{"https://www.nbyz.gov.cn", "https://a.b.gov.cn"},
			refuses: []string{"https://gov.cn", "https://evilgov.cn", "http://www.nbyz.gov.cn", "https://x.gov.cn:444"}},
		{in: "http://localhost:*", out: "http://localhost:*", allows: []string{"http://localhost", "http://localhost:8080"}, refuses: []string{"https://localhost:8080", "http://localhost.evil:80"}},
		{in: "http://127.0.0.1:8080", out: "http://127.0.0.1:8080", allows: []string{"http://127.0.0.1:8080"}, refuses: []string{"http://127.0.0.1:8081", "http://127.0.0.1"}},
		{in: "http://[::1]:8080", out: "http://[::1]:8080", allows: []string{"http://[::1]:8080"}},
		{in: "www.nbyz.gov.cn", err: true},
		{in: "ftp://x.gov.cn", err: true},
		{in: "https://x.gov.cn/path", err: true},
		{in: "https://user@x.gov.cn", err: true},
		{in: "https://x.*.gov.cn", err: true},
		{in: "https://*", err: true},
		{in: "https://x.gov.cn:99999", err: true},
		{in: "https://x.gov.cn:http", err: true},
		{in: "https://宁波.gov.cn", err: true},
		{in: "https://", err: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			o, err := api.ParseOrigin(tc.in)
			if tc.err {
				if !errors.Is(err, api.ErrBadOrigin) {
					t.Errorf("ParseOrigin(%q) = %v, %v; want ErrBadOrigin", tc.in, o, err)
				}
				return
			}
			if err != nil || o.String() != tc.out {
				t.Fatalf("ParseOrigin(%q) = %q, %v; want %q", tc.in, o, err, tc.out)
			}
			for _, a := range tc.allows {
				if !o.Allows(a) {
					t.Errorf("%s does not allow %s", o, a)
				}
			}
			for _, r := range tc.refuses {
				if o.Allows(r) {
					t.Errorf("%s allows %s", o, r)
				}
			}
		})
	}
	list, err := api.ParseOrigins("https://*.gov.cn, http://localhost:*\nhttps://www.example.org")
	if err != nil || len(list) != 3 {
		t.Errorf("ParseOrigins: %v %v", list, err)
	}
	if _, err := api.ParseOrigins("https://*.gov.cn,nonsense"); err == nil {
		t.Error("ParseOrigins took a bad item")
	}
}

// FuzzParseOrigin: an origin from a flag or a config file never panics,
// and one that parses writes back to itself and allows its own host.
func FuzzParseOrigin(f *testing.F) {
	for _, s := range []string{"*", "https://www.nbyz.gov.cn", "https://*.gov.cn", "http://localhost:*", "http://[::1]:8080", "https://x.gov.cn:443", "ftp://x", "https://*.", "http://a..b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := api.ParseOrigin(s)
		if err != nil {
			return
		}
		again, err := api.ParseOrigin(o.String())
		if err != nil || again != o {
			t.Fatalf("%q parsed to %q, which reparses to %q, %v", s, o, again, err)
		}
		if o.Any {
			return
		}
		host := strings.Replace(o.Host, "*", "sub", 1)
		origin := o.Scheme + "://" + host
		if o.Port != "" && o.Port != "*" {
			origin += ":" + o.Port
		}
		if !o.Allows(origin) {
			t.Errorf("%s does not allow %s", o, origin)
		}
	})
}

type featureCollection struct {
	Type   string
	BBox   []float64
	Region struct {
		Code, Name, CRS string
		Attribution     []string
		District        *struct{ Code, Name string }
	}
	Features []struct {
		Geometry struct {
			Type        string
			Coordinates json.RawMessage
		}
		Properties map[string]any
	}
}

func TestRegion(t *testing.T) {
	_, snap := server(t)
	var wgs, gcj, one featureCollection
	get(t, "/v1/region", &wgs)
	get(t, "/v1/region?crs=gcj02", &gcj)
	get(t, "/v1/region?district=鄞州区&crs=bd09", &one)
	count := func(fc featureCollection, kind string) int {
		n := 0
		for _, f := range fc.Features {
			if f.Properties["kind"] == kind {
				n++
			}
		}
		return n
	}
	if wgs.Type != "FeatureCollection" || count(wgs, "district") != 10 || count(wgs, "township") != 156 || wgs.Region.Code != "330200" || len(wgs.Region.Attribution) == 0 {
		t.Errorf("region: %s, %d districts, %d townships, %+v", wgs.Type, count(wgs, "district"), count(wgs, "township"), wgs.Region)
	}
	if count(one, "district") != 1 || one.Region.District == nil || one.Region.District.Code != "330212" || one.Region.CRS != "bd09" {
		t.Errorf("one district: %d districts, %+v", count(one, "district"), one.Region)
	}
	for _, f := range one.Features {
		if f.Properties["kind"] == "township" && f.Properties["district_code"] != "330212" {
			t.Errorf("township %v of another district", f.Properties)
		}
	}
	// Every township point and the bbox move by the GCJ-02 offset.
	for i, f := range wgs.Features {
		if f.Geometry.Type != "Point" {
			continue
		}
		var p, q [2]float64
		json.Unmarshal(f.Geometry.Coordinates, &p)
		json.Unmarshal(gcj.Features[i].Geometry.Coordinates, &q)
		want := geo.WGS84ToGCJ02(orb.Point(p))
		if math.Abs(q[0]-want[0]) > 2e-6 || math.Abs(q[1]-want[1]) > 2e-6 {
			t.Errorf("%v: %v in GCJ-02, want %v", f.Properties["name"], q, want)
		}
	}
	if wgs.BBox[0] < 120.5 || wgs.BBox[2] > 123 || wgs.BBox[1] < 28.5 || wgs.BBox[3] > 30.6 || gcj.BBox[0] <= wgs.BBox[0] {
		t.Errorf("bbox %v (gcj02 %v)", wgs.BBox, gcj.BBox)
	}
	// The boundary held by the snapshot is not touched by conversion or rounding.
	d, _ := snap.District("330212")
	before := d.Boundary[0][0][0]
	get(t, "/v1/region?district=330212&crs=gcj02", nil)
	if d2, _ := snap.District("330212"); d2.Boundary[0][0][0] != before {
		t.Error("the region endpoint changed the snapshot's boundary")
	}
	for _, path := range []string{"/v1/region?district=1", "/v1/region?crs=utm", "/v1/region?district=330212,330203", "/v1/region?zoom=3"} {
		resp := get(t, path, nil)
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
}

// The base map and the planners' answers are compressed for clients that
// take gzip; searches, asked for at every keystroke, are not.
func TestLargeAnswersCompressed(t *testing.T) {
	srv, _ := server(t)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path, encoding string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", encoding)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	for _, path := range []string{"/v1/region", "/v1/coverage?mode=walk&minutes=15&cells=none"} {
		plainResp, plain := fetch(path, "identity")
		zipped, body := fetch(path, "gzip, deflate, br")
		if plainResp.StatusCode != 200 || zipped.StatusCode != 200 {
			t.Fatalf("%s: %d, %d", path, plainResp.StatusCode, zipped.StatusCode)
		}
		if plainResp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: compressed for a client that did not ask", path)
		}
		vary := strings.Join(zipped.Header.Values("Vary"), ", ")
		if zipped.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(vary, "Accept-Encoding") {
			t.Fatalf("%s: Content-Encoding %q, Vary %q", path, zipped.Header.Get("Content-Encoding"), vary)
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(unzipped, plain) {
			t.Errorf("%s: the gzipped answer is not the plain one", path)
		}
		if len(body)*2 > len(plain) {
			t.Errorf("%s: %d bytes gzipped from %d", path, len(body), len(plain))
		}
	}
	if resp, _ := fetch("/v1/search?lat=29.873&lng=121.5503", "gzip"); resp.Header.Get("Content-Encoding") != "" {
		t.Error("a search answer was compressed")
	}
}

func TestConvert(t *testing.T) {
	var got struct {
		Lat, Lng float64
		CRS      string
	}
	get(t, "/v1/convert?lat=29.873&lng=121.5503&to=gcj02", &got)
	want := geo.WGS84ToGCJ02(orb.Point{121.5503, 29.873})
	if got.CRS != "gcj02" || math.Abs(got.Lng-want[0]) > 1e-6 || math.Abs(got.Lat-want[1]) > 1e-6 {
		t.Errorf("%+v, want %v", got, want)
	}
	var back struct{ Lat, Lng float64 }
	get(t, "/v1/convert?from=bd09&to=wgs84&lat="+url.QueryEscape(ftoa(geo.Convert(orb.Point{121.5503, 29.873}, geo.WGS84, geo.BD09)[1]))+
		"&lng="+url.QueryEscape(ftoa(geo.Convert(orb.Point{121.5503, 29.873}, geo.WGS84, geo.BD09)[0])), &back)
	if math.Abs(back.Lng-121.5503) > 2e-6 || math.Abs(back.Lat-29.873) > 2e-6 {
		t.Errorf("bd09 -> wgs84 round trip: %+v", back)
	}
	for _, tc := range []struct{ path, param string }{
		{"/v1/convert?lat=29.8&lng=121.5", "to"},
		{"/v1/convert?lat=29.8&lng=121.5&to=mars", "to"},
		{"/v1/convert?lat=29.8&lng=121.5&from=x&to=gcj02", "from"},
		{"/v1/convert?lat=95&lng=121.5&to=gcj02", "lat"},
		{"/v1/convert?lng=121.5&to=gcj02", "lat"},
	} {
		var e struct{ Error api.Error }
		if resp := get(t, tc.path, &e); resp.StatusCode != 400 || e.Error.Param != tc.param {
			t.Errorf("%s: %d %+v", tc.path, resp.StatusCode, e.Error)
		}
	}
}

func TestIsochroneCells(t *testing.T) {
	var fc featureCollection
	get(t, "/v1/isochrone?lat=29.873&lng=121.5503&minutes=10&cells=true&crs=gcj02", &fc)
	cells, want := 0, -1.0
	for _, f := range fc.Features {
		if h, ok := f.Properties["h3"].(string); ok {
			cells++
			if len(h) != 15 || f.Geometry.Type != "Polygon" {
				t.Errorf("cell %v %s", h, f.Geometry.Type)
			}
		}
		if n, ok := f.Properties["cells"].(float64); ok {
			want = n
		}
	}
	if cells == 0 || float64(cells) != want {
		t.Errorf("%d cell features, the outline says %v cells", cells, want)
	}
	var plain featureCollection
	get(t, "/v1/isochrone?lat=29.873&lng=121.5503&minutes=10", &plain)
	if len(plain.Features) != 2 {
		t.Errorf("without cells=true: %d features", len(plain.Features))
	}
	if resp := get(t, "/v1/isochrone?lat=29.873&lng=121.5503&cells=maybe", nil); resp.StatusCode != 400 {
		t.Errorf("cells=maybe: %d", resp.StatusCode)
	}
}

func TestSearchIncludeSites(t *testing.T) {
	var res struct {
		ReachableSites int `json:"reachable_sites"`
		Reachable      int
		Hits           []struct {
			Site          struct{ ID string }
			TravelMinutes float64 `json:"travel_minutes"`
		}
		Sites []struct {
			Site          struct{ ID string }
			TravelMinutes float64 `json:"travel_minutes"`
			Courses       int
		}
	}
	get(t, "/v1/search?lat=29.873&lng=121.5503&mode=bike&minutes=10&include_sites=true&limit=100", &res)
	if len(res.Sites) == 0 || len(res.Sites) != res.ReachableSites {
		t.Fatalf("%d sites, reachable_sites %d", len(res.Sites), res.ReachableSites)
	}
	at, total := map[string]float64{}, 0
	for _, s := range res.Sites {
		at[s.Site.ID] = s.TravelMinutes
		total += s.Courses
	}
	if total < res.Reachable {
		t.Errorf("the sites hold %d courses, fewer than the %d reachable", total, res.Reachable)
	}
	for _, h := range res.Hits {
		if m, ok := at[h.Site.ID]; !ok || m != h.TravelMinutes {
			t.Errorf("hit at %s (%v min) is not among the sites", h.Site.ID, h.TravelMinutes)
		}
	}
	var without map[string]any
	get(t, "/v1/search?lat=29.873&lng=121.5503", &without)
	if _, ok := without["sites"]; ok {
		t.Error("sites without include_sites")
	}
}
