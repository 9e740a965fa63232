package api_test

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"github.com/skillcircle/skillcircle/geo"
)

var (
	directionsLink = regexp.MustCompile(`<a class="sc-directions-link" href="([^"]+)"[^>]*data-app="([a-z]+)" data-crs="([a-z0-9]+)">`)
	siteItem       = regexp.MustCompile(`<li class="sc-detail-site" data-site-id="([^"]+)" data-lat="([^"]+)" data-lng="([^"]+)">`)
	courseItem     = regexp.MustCompile(`<li data-course-id="([^"]+)"><a href="([^"]+)">`)
)

// A course's page: everything a worker needs to decide and to go, written
// on the server (a shared link shows it before any script), its sites
// linked and each with directions.
func TestCoursePage(t *testing.T) {
	srv, snap := server(t)
	d, err := snap.Course("C05069")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := fetch(t, srv, "GET", "/courses/C05069", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	text := html.UnescapeString(body)
	for _, want := range []string{
		"<title>" + d.Course.Title + " · 宁波市</title>", d.Institution.Name, d.Course.Description, d.Course.Trade, d.Course.OccupationCode,
		d.Course.StartDate.Format("2006-01-02"), "¥650", "失业人员", `href="` + d.Course.RegisterURL + `"`, "剩余 " + strconv.Itoa(d.Course.SeatsLeft),
		`href="/sites/` + d.Sites[0].ID + `"`, d.Sites[0].Name, d.Sites[0].Address,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the course page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script") {
		t.Error("the course page runs a script; it needs none")
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="(/[^"]*)"`).FindAllStringSubmatch(body, -1) {
		if !strings.HasPrefix(m[1], "/assets/") && !strings.HasPrefix(m[1], "/sites/") && !strings.HasPrefix(m[1], "/?") && m[1] != "/" {
			t.Errorf("the page links %s", m[1])
		}
	}
	checkDirections(t, body, 1, "", orb.Point{})

	// Opened from a search (by e-bike, from 天一广场, the map in GCJ-02),
	// the routes start there and the way back returns to that search.
	from := orb.Point{121.5503, 29.8730}
	gcj := geo.WGS84ToGCJ02(from)
	_, body = fetch(t, srv, "GET", "/courses/C05069?"+url.Values{"lat": {ff(gcj[1])}, "lng": {ff(gcj[0])}, "crs": {"gcj02"}, "mode": {"ebike"}}.Encode(), nil)
	checkDirections(t, body, 1, "ebike", from)
	if !strings.Contains(html.UnescapeString(body), `href="/?lat=29.873000&lng=121.550300&mode=ebike&q=`+url.QueryEscape(d.Course.Trade)+`"`) {
		t.Errorf("the way back does not return to the search:\n%s", body[:min(len(body), 1200)])
	}

	// In English, and for an unknown course: a page that says so, 404.
	_, body = fetch(t, srv, "GET", "/courses/C05069?lang=en&from=singlemessage", nil)
	for _, want := range []string{`<html lang="en">`, "Starts", "weekend", "Get there:", "Register"} {
		if !strings.Contains(body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	resp, body = fetch(t, srv, "GET", "/courses/C99999", nil)
	if resp.StatusCode != 404 || !strings.Contains(body, "找不到这门课程") || !strings.Contains(body, `href="/"`) {
		t.Errorf("unknown course: %d\n%s", resp.StatusCode, body)
	}
}

// A site's page lists every course held there, each linking to its page,
// with the site's directions.
func TestSitePage(t *testing.T) {
	srv, snap := server(t)
	d, err := snap.Site("S0439")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := fetch(t, srv, "GET", "/sites/S0439?mode=transit", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d", resp.StatusCode)
	}
	listed := courseItem.FindAllStringSubmatch(body, -1)
	if len(listed) != len(d.Courses) || len(listed) == 0 {
		t.Errorf("the page lists %d courses; the site has %d", len(listed), len(d.Courses))
	}
	ids := map[string]bool{}
	for _, c := range d.Courses {
		ids[c.ID] = true
	}
	for _, m := range listed {
		if !ids[m[1]] || html.UnescapeString(m[2]) != "/courses/"+m[1]+"?mode=transit" {
			t.Errorf("listed %s linking %s", m[1], m[2])
		}
	}
	for _, want := range []string{d.Site.Name, d.Site.Address, d.Institution.Name} {
		if !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("the site page lacks %q", want)
		}
	}
	checkDirections(t, body, 1, "transit", orb.Point{})
	if resp, _ := fetch(t, srv, "GET", "/sites/S9999", nil); resp.StatusCode != 404 {
		t.Errorf("unknown site: %d", resp.StatusCode)
	}
}

// checkDirections reads every directions link of a page and checks that
// each app gets the site in the coordinate system its URI documents: the
// point converted back to WGS-84 is the site (within a metre), and it is
// not the WGS-84 point passed through (which is some 500 m off in Ningbo).
func checkDirections(t *testing.T, body string, sites int, mode string, from orb.Point) {
	t.Helper()
	items := siteItem.FindAllStringSubmatch(body, -1)
	if len(items) != sites {
		t.Fatalf("%d sites on the page, want %d", len(items), sites)
	}
	lat, _ := strconv.ParseFloat(items[0][2], 64)
	lng, _ := strconv.ParseFloat(items[0][3], 64)
	site := orb.Point{lng, lat}
	links := directionsLink.FindAllStringSubmatch(body, -1)
	if len(links) != 3*sites {
		t.Fatalf("%d directions links for %d sites", len(links), sites)
	}
	apps := map[string]bool{}
	for _, l := range links {
		u, err := url.Parse(html.UnescapeString(l[1]))
		if err != nil {
			t.Fatal(err)
		}
		app, crs, q := l[2], geo.CRS(l[3]), u.Query()
		apps[app] = true
		var to, start orb.Point
		var gotMode string
		switch app {
		case "amap":
			if u.Host != "uri.amap.com" || q.Get("coordinate") != "gaode" || crs != geo.GCJ02 {
				t.Errorf("amap link %s", u)
			}
			to = lngLat(t, q.Get("to"))
			if f := q.Get("from"); f != "" {
				start = lngLat(t, f)
			}
			gotMode = map[string]string{"walk": "walk", "ride": "ebike", "bus": "transit", "car": "drive"}[q.Get("mode")]
		case "baidu":
			if u.Host != "api.map.baidu.com" || q.Get("coord_type") != "bd09ll" || crs != geo.BD09 {
				t.Errorf("baidu link %s", u)
			}
			if u.Path == "/marker" {
				to = latLng(t, q.Get("location"))
			} else {
				to = latLng(t, strings.TrimPrefix(strings.Split(q.Get("destination"), "|")[0], "latlng:"))
				start = latLng(t, strings.TrimPrefix(strings.Split(q.Get("origin"), "|")[0], "latlng:"))
				gotMode = map[string]string{"walking": "walk", "riding": "ebike", "transit": "transit", "driving": "drive"}[q.Get("mode")]
			}
		case "tencent":
			if u.Host != "apis.map.qq.com" || crs != geo.GCJ02 {
				t.Errorf("tencent link %s", u)
			}
			to = latLng(t, q.Get("tocoord"))
			if fc := q.Get("fromcoord"); fc != "CurrentLocation" {
				start = latLng(t, fc)
			}
			gotMode = map[string]string{"walk": "walk", "bike": "ebike", "bus": "transit", "drive": "drive"}[q.Get("type")]
		default:
			t.Errorf("unknown app %s", app)
			continue
		}
		if d := orbgeo.Distance(crs.ToWGS84(to), site); d > 1 {
			t.Errorf("%s: the site is %.1f m off once converted from %s (%v)", app, d, crs, to)
		}
		if d := orbgeo.Distance(to, site); d < 100 {
			t.Errorf("%s: given the WGS-84 point (%.0f m away) instead of %s", app, d, crs)
		}
		if mode != "" && gotMode != "" && gotMode != mode {
			t.Errorf("%s: mode %q, the search's was %s", app, gotMode, mode)
		}
		if (from != orb.Point{}) {
			if d := orbgeo.Distance(crs.ToWGS84(start), from); d > 1 {
				t.Errorf("%s: the route starts %.1f m from the search's origin", app, d)
			}
		} else if (start != orb.Point{}) {
			t.Errorf("%s: a route from %v without a search's origin", app, start)
		}
	}
	if len(apps) != 3 {
		t.Errorf("apps %v", apps)
	}
}

func lngLat(t *testing.T, s string) orb.Point {
	t.Helper()
	parts := strings.Split(s, ",")
	if len(parts) < 2 {
		t.Fatalf("%q is not lng,lat", s)
	}
	lng, err1 := strconv.ParseFloat(parts[0], 64)
	lat, err2 := strconv.ParseFloat(parts[1], 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("%q is not lng,lat", s)
	}
	return orb.Point{lng, lat}
}

func latLng(t *testing.T, s string) orb.Point {
	t.Helper()
	p := lngLat(t, s)
	return orb.Point{p[1], p[0]}
}

func ff(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }
