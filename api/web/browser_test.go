package web_test

// Browser tests: the real server (the Ningbo snapshot, on loopback) and a
// district website on another origin, driven in headless Chromium. In CI
// (CI=true) a missing browser fails them; elsewhere they skip. Screenshots
// go to testdata/artifacts/ (git-ignored); each test logs their paths.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// artifacts is where screenshots are kept.
const artifacts = "testdata/artifacts"

// 天一广场 in WGS-84: the origin the tests search from.
var tianyi = orb.Point{121.5503, 29.8730}

var env struct {
	once    sync.Once
	err     error
	skip    string
	dir     string
	snap    *index.Snapshot
	api     *httptest.Server // skillcircle, default allow-list (takes http://127.0.0.1:*)
	strict  *httptest.Server // skillcircle whose allow-list leaves the host site out
	host    *httptest.Server // a district website on another origin
	browser context.Context
	stop    func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if env.stop != nil {
		env.stop()
	}
	for _, s := range []*httptest.Server{env.api, env.strict, env.host} {
		if s != nil {
			s.Close()
		}
	}
	testfixture.Cleanup()
	if env.dir != "" {
		os.RemoveAll(env.dir)
	}
	os.Exit(code)
}

// chromium finds the browser: $SKILLCIRCLE_CHROMIUM, or Debian's chromium.
func chromium() (string, error) {
	if p := os.Getenv("SKILLCIRCLE_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)")
}

// setup starts everything once: the snapshot, the servers and the browser.
func setup(t *testing.T) {
	t.Helper()
	env.once.Do(func() {
		path, err := chromium()
		if err != nil {
			if os.Getenv("CI") == "true" {
				env.err = err
			} else {
				env.skip = err.Error()
			}
			return
		}
		env.err = startServers()
		if env.err == nil {
			env.err = startBrowser(path)
		}
	})
	if env.skip != "" {
		t.Skip(env.skip)
	}
	if env.err != nil {
		t.Fatal(env.err)
	}
}

func startServers() error {
	var err error
	if env.dir, err = os.MkdirTemp("", "skillcircle-web-test-*"); err != nil {
		return err
	}
	if _, env.snap, err = testfixture.LoadNingbo(); err != nil {
		return err
	}
	env.api = httptest.NewServer(api.New(env.snap, api.Options{}))
	only, err := api.ParseOrigins("https://www.nbyz.gov.cn")
	if err != nil {
		return err
	}
	env.strict = httptest.NewServer(api.New(env.snap, api.Options{AllowedOrigins: only}))
	env.host = httptest.NewServer(http.HandlerFunc(hostSite))
	return nil
}

func startBrowser(path string) error {
	profile := filepath.Join(env.dir, "chromium-profile")
	if err := os.MkdirAll(profile, 0o755); err != nil {
		return err
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	env.stop = func() {
		cancel()
		cancelAlloc()
	}
	env.browser = ctx
	// The first run starts the browser; it must not carry a timeout.
	return chromedp.Do(ctx)
}

// hostSite is a district website on another origin. Its CSS is as hostile
// as a real site's can be: it restyles every element, hides lists and
// anything named like our classes, and has a Leaflet of its own in
// window.L. /widget pastes the widget's snippet; /frame an <iframe> of
// /embed. ?api= says which skillcircle server to use.
func hostSite(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/tiles/") {
		r.URL.Path = "/tiles"
	}
	apiURL := r.URL.Query().Get("api")
	q := r.URL.Query()
	var body string
	switch r.URL.Path {
	case "/widget":
		attrs := ""
		for _, k := range []string{"district", "mode", "minutes", "lang", "crs", "lat", "lng", "height", "address", "workplace", "work-lat", "work-lng"} {
			if v := q.Get(k); v != "" {
				attrs += fmt.Sprintf(` data-%s="%s"`, k, html.EscapeString(v))
			}
		}
		body = `<p class="sc-course" id="host-course">A paragraph of the host page that happens to use the class sc-course.</p>
<div class="leaflet-container" id="host-leaflet">The host's own map box.</div>
<script src="` + html.EscapeString(apiURL) + `/widget.js"` + attrs + `></script>
<ol id="host-list"><li>host list</li></ol>`
	case "/tiles":
		// A tile server for the tiles option: the same small PNG for every tile.
		w.Header().Set("Content-Type", "image/png")
		w.Write(tilePNG)
		return
	case "/favicon.ico":
		w.WriteHeader(http.StatusNoContent)
		return
	case "/frame":
		body = `<iframe title="课程地图" src="` + html.EscapeString(apiURL+"/embed?"+q.Get("embed")) + `" width="900" height="640"></iframe>`
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某区人民政府门户网站</title>
<style>
* { font-family: serif !important; color: rgb(255, 0, 0) !important; line-height: 3 !important; }
div { border: 3px solid rgb(0, 128, 0); padding: 20px; }
ol, li, ul, button, input { display: none !important; }
.sc-app, .sc-list, .sc-course, .sc-map, .leaflet-container { display: none !important; }
body { margin: 24px; text-align: right; }
</style>
<script>window.L = { hostLeaflet: true };</script>
</head><body><h1>区人民政府 · 技能培训</h1>`+body+`</body></html>`)
}

// tilePNG is a 256x256 tile of one light colour.
var tilePNG = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.RGBA{0xe4, 0xee, 0xe0, 0xff}}, image.Point{}, draw.Src)
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}()

// tab is one browser tab for one test, recording what the page logs and
// every URL it requests.
type tab struct {
	ctx      context.Context
	mu       sync.Mutex
	console  []string
	requests []string
	expected []string // console messages a test causes on purpose
}

// expect lets checkClean pass console messages that contain text.
func (tb *tab) expect(text string) {
	tb.mu.Lock()
	tb.expected = append(tb.expected, text)
	tb.mu.Unlock()
}

func newTab(t *testing.T) *tab {
	t.Helper()
	setup(t)
	tabCtx, cancelTab := chromedp.NewContext(env.browser)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tabCtx); err != nil { // opens the tab
		t.Fatal(err)
	}
	tb := &tab{}
	if err := chromedp.Listen(tabCtx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			tb.mu.Lock()
			tb.requests = append(tb.requests, ev.Request.URL)
			tb.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tabCtx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	messages := chromedp.Console(tabCtx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.console = append(tb.console, m.String())
			tb.mu.Unlock()
		}
	}()
	ctx, cancel := context.WithTimeout(tabCtx, 90*time.Second)
	t.Cleanup(cancel)
	tb.ctx = ctx
	return tb
}

func (tb *tab) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval runs JavaScript in the page and decodes its value into T.
func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
func (tb *tab) waitFor(t *testing.T, what, js string) {
	t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v\n%s\nconsole: %s", what, err, js, strings.Join(tb.messages(), "\n"))
	}
}

func (tb *tab) messages() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.console...)
}

// checkClean fails on any console error, uncaught exception or CSP
// violation, and on any request to a server other than the test's own.
func (tb *tab) checkClean(t *testing.T, allowed ...string) {
	t.Helper()
	tb.mu.Lock()
	expected := append([]string(nil), tb.expected...)
	tb.mu.Unlock()
	for _, m := range tb.messages() {
		ok := false
		for _, e := range expected {
			ok = ok || strings.Contains(m, e)
		}
		if !ok && (strings.HasPrefix(m, "error") || strings.HasPrefix(m, "exception") || strings.Contains(m, "Content Security Policy")) {
			t.Errorf("the page logged %s", m)
		}
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	own := []string{env.api.URL + "/", env.strict.URL + "/", env.host.URL + "/", "data:", "about:"}
	own = append(own, allowed...)
	for _, u := range tb.requests {
		ok := false
		for _, prefix := range own {
			ok = ok || strings.HasPrefix(u, prefix)
		}
		if !ok {
			t.Errorf("the page fetched %s, which is not this test's server", u)
		}
	}
}

func (tb *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, name, png)
}

func saveArtifact(t *testing.T, name string, png []byte) {
	t.Helper()
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	path, _ := filepath.Abs(filepath.Join(artifacts, name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// apiGet asks the API directly, as the page would.
func apiGet(t *testing.T, path string, params url.Values, into any) {
	t.Helper()
	resp, err := http.Get(env.api.URL + path + "?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s?%s: %d %s", path, params.Encode(), resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, into); err != nil {
		t.Fatal(err)
	}
}

type searchResult struct {
	Reachable int `json:"reachable"`
	Hits      []struct {
		Course struct {
			ID, Title string
			SeatsLeft int `json:"seats_left"`
		}
		Site *struct{ ID string }
	}
	Sites []struct {
		Site struct {
			ID       string
			Lat, Lng float64
			District struct{ Code string }
		}
		Courses int
	}
}

type isochrone struct {
	Features []struct {
		Properties map[string]any
	}
}

func (iso isochrone) cells() int {
	n := 0
	for _, f := range iso.Features {
		if _, ok := f.Properties["h3"]; ok {
			n++
		}
	}
	return n
}

// expected asks the API what the page should show for a search.
func expected(t *testing.T, lat, lng float64, extra url.Values) (searchResult, isochrone) {
	t.Helper()
	p := url.Values{"lat": {fmt.Sprint(lat)}, "lng": {fmt.Sprint(lng)}, "mode": {"walk"}, "minutes": {"15"},
		"include_sites": {"true"}, "limit": {"20"}}
	for k, v := range extra {
		p[k] = v
	}
	var res searchResult
	apiGet(t, "/v1/search", p, &res)
	iso := url.Values{"lat": p["lat"], "lng": p["lng"], "mode": p["mode"], "minutes": p["minutes"], "cells": {"true"}}
	if c := p.Get("crs"); c != "" {
		iso.Set("crs", c)
	}
	var fc isochrone
	apiGet(t, "/v1/isochrone", iso, &fc)
	return res, fc
}

// drawn is what the page shows, read from its DOM; root is a JavaScript
// expression for the element or shadow root that holds the app.
type drawn struct {
	State    string
	Hexagons int
	Origin   struct{ Lat, Lng float64 }
	Markers  []marker
	Courses  []struct{ ID, Site, Text string }
	Status   string
}

type marker struct {
	ID       string
	Lat, Lng float64
	Courses  int
	Label    string
}

func readPage(t *testing.T, tb *tab, root string) drawn {
	t.Helper()
	return eval[drawn](t, tb, `(() => {
  const r = `+root+`;
  const app = r.querySelector('.sc-app');
  const o = r.querySelector('.sc-origin');
  return {
    State: app.getAttribute('data-state'),
    Hexagons: r.querySelectorAll('path.sc-hex').length,
    Origin: o ? { Lat: +o.dataset.lat, Lng: +o.dataset.lng } : { Lat: 0, Lng: 0 },
    Markers: Array.from(r.querySelectorAll('.sc-site')).map((m) => ({
      ID: m.dataset.siteId, Lat: +m.dataset.lat, Lng: +m.dataset.lng, Courses: +m.dataset.courses,
      Label: m.getAttribute('aria-label') || '' })),
    Courses: Array.from(r.querySelectorAll('.sc-course')).map((li) => ({
      ID: li.dataset.courseId, Site: li.dataset.siteId || '', Text: li.textContent })),
    Status: r.querySelector('.sc-status').textContent,
  };
})()`)
}

// clickMap clicks the map where no marker or dot is, and returns the
// point clicked, in CSS pixels of the top-level page.
func clickMap(t *testing.T, tb *tab, root string) (x, y float64) {
	t.Helper()
	p := eval[struct{ X, Y float64 }](t, tb, `(() => {
  const r = `+root+`;
  const box = r.querySelector('.sc-map').getBoundingClientRect();
  const busy = Array.from(r.querySelectorAll('.sc-dot, .sc-site, .leaflet-control')).map((e) => e.getBoundingClientRect());
  const free = (x, y) => busy.every((b) => x < b.left - 6 || x > b.right + 6 || y < b.top - 6 || y > b.bottom + 6);
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  for (let d = 0; d < 200; d += 7) {
    for (const [dx, dy] of [[d, 0], [-d, 0], [0, d], [0, -d], [d, d], [-d, -d]]) {
      if (free(cx + dx, cy + dy)) return { X: cx + dx, Y: cy + dy };
    }
  }
  return { X: cx, Y: cy };
})()`)
	tb.do(t, chromedp.MouseClickXY(p.X, p.Y))
	return p.X, p.Y
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// compare checks that the page shows what the API answers: one hexagon per
// reachable cell, one marker per reachable site with its course count, and
// the course list in the API's order.
func compare(t *testing.T, got drawn, want searchResult, iso isochrone) {
	t.Helper()
	if got.State != "ready" {
		t.Errorf("state %q, status %q", got.State, got.Status)
	}
	if got.Hexagons == 0 || got.Hexagons != iso.cells() {
		t.Errorf("%d hexagons drawn, the isochrone has %d cells", got.Hexagons, iso.cells())
	}
	if len(got.Markers) == 0 || len(got.Markers) != len(want.Sites) {
		t.Fatalf("%d markers, the API found %d sites", len(got.Markers), len(want.Sites))
	}
	counts := map[string]int{}
	for _, s := range want.Sites {
		counts[s.Site.ID] = s.Courses
	}
	for _, m := range got.Markers {
		if c, ok := counts[m.ID]; !ok || c != m.Courses {
			t.Errorf("marker %s shows %d courses; the API says %d (%v)", m.ID, m.Courses, c, ok)
		}
		if m.Label == "" {
			t.Errorf("marker %s has no aria-label", m.ID)
		}
	}
	if len(got.Courses) == 0 || len(want.Hits) == 0 {
		t.Fatalf("%d courses listed, %d hits", len(got.Courses), len(want.Hits))
	}
	if len(got.Courses) != len(want.Hits) {
		t.Errorf("%d courses listed, the API's first page has %d", len(got.Courses), len(want.Hits))
	}
	for i := range min(len(got.Courses), len(want.Hits)) {
		if got.Courses[i].ID != want.Hits[i].Course.ID {
			t.Errorf("course %d is %s, the API's hit %d is %s", i, got.Courses[i].ID, i, want.Hits[i].Course.ID)
		}
	}
	first := got.Courses[0].Text
	if !strings.Contains(first, want.Hits[0].Course.Title) {
		t.Errorf("the first entry %q lacks the title %q", first, want.Hits[0].Course.Title)
	}
}

// The search page: clicking the map searches from there and draws the
// hexagons, the markers and the list the API answers with; choosing a
// course highlights its marker and choosing a marker its courses; the
// English switch relabels everything.
func TestBrowserSearchPage(t *testing.T) {
	tb := newTab(t)
	const doc = `document`
	tb.do(t, chromedp.Navigate(env.api.URL+"/"))
	var sites struct{ Total int }
	apiGet(t, "/v1/sites", url.Values{"limit": {"1"}}, &sites)
	tb.waitFor(t, "the base map and the training sites", fmt.Sprintf(
		`document.querySelectorAll('path.sc-district').length === 10 && document.querySelectorAll('path.sc-dot').length === %d`, sites.Total))
	if got := eval[string](t, tb, `document.querySelector('.sc-title').textContent`); got != "15分钟技能学习圈" {
		t.Errorf("title %q: Chinese is the default", got)
	}
	if n := eval[int](t, tb, `document.querySelectorAll('.sc-township').length`); n != 156 {
		t.Errorf("%d township names on the base map, want 156", n)
	}
	if st := eval[string](t, tb, `document.querySelector('.sc-app').dataset.state`); st != "idle" {
		t.Errorf("state %q before any search", st)
	}
	tb.screenshot(t, "search-page-start.png")

	// A search from 天一广场 zooms the map into the city; a click there
	// searches again from the clicked point.
	tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v", env.api.URL, tianyi[1], tianyi[0])))
	tb.waitFor(t, "the first search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.runs === '1'`)
	t.Logf("first answer drawn %s ms after the page started loading", eval[string](t, tb, `document.querySelector('.sc-app').dataset.firstMs`))
	x, y := clickMap(t, tb, doc)
	tb.waitFor(t, "a search from the clicked point", `document.querySelector('.sc-app').dataset.runs === '2' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	got := readPage(t, tb, doc)
	// The origin is drawn where the map was clicked.
	// (The pin's tip, 31 px down its icon, is the point.)
	at := eval[struct{ X, Y float64 }](t, tb, `(() => { const b = document.querySelector('.sc-origin').getBoundingClientRect(); return { X: b.left + b.width / 2, Y: b.top + 31 }; })()`)
	if !near(at.X, x, 2) || !near(at.Y, y, 2) {
		t.Errorf("clicked at (%v, %v), the origin is drawn at (%v, %v)", x, y, at.X, at.Y)
	}
	want, iso := expected(t, got.Origin.Lat, got.Origin.Lng, nil)
	compare(t, got, want, iso)
	// /v1/reverse names the clicked point's township.
	var place struct{ District, Township struct{ Name string } }
	apiGet(t, "/v1/reverse", url.Values{"lat": {fmt.Sprint(got.Origin.Lat)}, "lng": {fmt.Sprint(got.Origin.Lng)}}, &place)
	tb.waitFor(t, "the clicked point's name", `document.querySelector('.sc-status').textContent.includes('`+place.District.Name+place.Township.Name+`附近')`)
	tb.screenshot(t, "search-page.png")

	// Choosing the third course highlights its marker.
	third := got.Courses[2]
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-course[data-course-id="`+third.ID+`"] .sc-course-title`)))
	active := eval[[]string](t, tb, `Array.from(document.querySelectorAll('.sc-site.sc-active')).map((m) => m.dataset.siteId)`)
	if len(active) != 1 || active[0] != third.Site {
		t.Errorf("after choosing course %s (site %s) the highlighted markers are %v", third.ID, third.Site, active)
	}
	if c := eval[string](t, tb, `document.querySelector('.sc-course.sc-active').dataset.courseId`); c != third.ID {
		t.Errorf("highlighted course %s, want %s", c, third.ID)
	}
	// Choosing a marker highlights the listed courses there.
	site := got.Courses[0].Site
	pos := eval[struct{ X, Y float64 }](t, tb, `(() => { const b = document.querySelector('.sc-site[data-site-id="`+site+`"]').getBoundingClientRect(); return { X: b.left + b.width / 2, Y: b.top + b.height / 2 }; })()`)
	tb.do(t, chromedp.MouseClickXY(pos.X, pos.Y))
	listed := eval[[]string](t, tb, `Array.from(document.querySelectorAll('.sc-course.sc-active')).map((li) => li.dataset.siteId)`)
	wantListed := 0
	for _, c := range got.Courses {
		if c.Site == site {
			wantListed++
		}
	}
	if len(listed) != wantListed || wantListed == 0 {
		t.Errorf("after choosing site %s, %d courses are highlighted, want the %d listed there", site, len(listed), wantListed)
	}
	for _, s := range listed {
		if s != site {
			t.Errorf("a course at %s is highlighted for site %s", s, site)
		}
	}

	// English.
	tb.do(t, chromedp.Click(chromedp.CSS(".sc-lang")))
	en := eval[struct{ Title, Lang, First, Status string }](t, tb, `({ Title: document.querySelector('.sc-title').textContent,
  Lang: document.querySelector('.sc-app').getAttribute('lang'),
  First: document.querySelector('.sc-course .sc-time').textContent, Status: document.querySelector('.sc-status').textContent })`)
	if en.Title != "15-minute skill learning circle" || en.Lang != "en" || !strings.Contains(en.First, "min by walking") || !strings.Contains(en.Status, "training sites") {
		t.Errorf("after switching to English: %+v", en)
	}
	if u := eval[string](t, tb, `location.search`); !strings.Contains(u, "lang=en") || !strings.Contains(u, "lat=") {
		t.Errorf("the URL %q does not keep the search", u)
	}
	tb.screenshot(t, "search-page-en.png")
	tb.checkClean(t)
}

// The widget on a district website of another origin: it draws its
// district's base map and sites, answers a search, and neither the host's
// CSS nor ours crosses the shadow root; the host's window.L survives.
func TestBrowserWidgetOnHostPage(t *testing.T) {
	tb := newTab(t)
	const root = `document.querySelector('skillcircle-widget').shadowRoot`
	var region struct {
		Features []struct{ Properties struct{ Kind string } }
	}
	apiGet(t, "/v1/region", url.Values{"district": {"330212"}}, &region)
	townships := 0
	for _, f := range region.Features {
		if f.Properties.Kind == "township" {
			townships++
		}
	}
	// The widget opens on the base map alone.
	tb.do(t, chromedp.Navigate(env.host.URL+"/widget?"+url.Values{"api": {env.api.URL}, "district": {"330212"}, "height": {"640"}}.Encode()))
	var sites struct {
		Total int
		Sites []struct{ Lat, Lng float64 }
	}
	apiGet(t, "/v1/sites", url.Values{"district": {"330212"}, "limit": {"1"}}, &sites)
	tb.waitFor(t, "the widget's base map", fmt.Sprintf(`(() => { const r = %s; return r && r.querySelectorAll('path.sc-district').length === 1
  && r.querySelectorAll('.sc-township').length === %d && r.querySelectorAll('path.sc-dot').length === %d; })()`, root, townships, sites.Total))

	if st := eval[string](t, tb, root+`.querySelector('.sc-app').dataset.state`); st != "idle" {
		t.Errorf("state %q before any search", st)
	}

	// Started at the district's first training site (data-lat, data-lng),
	// it searches from there; a click on its map searches from the clicked point.
	tb.do(t, chromedp.Navigate(env.host.URL+"/widget?"+url.Values{"api": {env.api.URL}, "district": {"330212"}, "height": {"640"},
		"lat": {fmt.Sprint(sites.Sites[0].Lat)}, "lng": {fmt.Sprint(sites.Sites[0].Lng)}}.Encode()))
	tb.waitFor(t, "the widget's first search", `(() => { const r = `+root+`; return r && r.querySelector('.sc-app').dataset.runs === '1'; })()`)
	tb.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector('skillcircle-widget').scrollIntoView()`))
	clickMap(t, tb, root)
	tb.waitFor(t, "the widget's search", root+`.querySelector('.sc-app').dataset.runs === '2' && `+root+`.querySelector('.sc-app').dataset.state === 'ready'`)
	got := readPage(t, tb, root)
	want, iso := expected(t, got.Origin.Lat, got.Origin.Lng, url.Values{"district": {"330212"}})
	compare(t, got, want, iso)
	for _, s := range want.Sites {
		if s.Site.District.Code != "330212" {
			t.Errorf("site %s of district %s: the widget is limited to 330212", s.Site.ID, s.Site.District.Code)
		}
	}

	style := eval[map[string]string](t, tb, `(() => {
  const r = `+root+`, cs = (el) => getComputedStyle(el);
  const item = r.querySelector('.sc-course'), app = r.querySelector('.sc-app'), host = document.querySelector('skillcircle-widget');
  const hostCourse = document.getElementById('host-course'), hostMap = document.getElementById('host-leaflet');
  return {
    itemDisplay: cs(item).display, itemColor: cs(item).color, appFont: cs(app).fontFamily, appDisplay: cs(app).display,
    buttonDisplay: cs(r.querySelector('.sc-course-title')).display, mapDisplay: cs(r.querySelector('.sc-map')).display,
    hostHeight: String(host.getBoundingClientRect().height),
    hostCourseBorder: cs(hostCourse).borderLeftWidth, hostMapBackground: cs(hostMap).backgroundColor,
    hostMapBorder: cs(hostMap).borderTopColor, hostListDisplay: cs(document.getElementById('host-list')).display,
    hostL: JSON.stringify(window.L),
  };
})()`)
	for k, bad := range map[string]string{"itemDisplay": "none", "appDisplay": "none", "buttonDisplay": "none", "mapDisplay": "none", "itemColor": "rgb(255, 0, 0)"} {
		if style[k] == bad {
			t.Errorf("the host's CSS leaked into the widget: %s is %s", k, bad)
		}
	}
	if strings.Contains(style["appFont"], "serif") && !strings.Contains(style["appFont"], "sans-serif") {
		t.Errorf("the host's font reached the widget: %s", style["appFont"])
	}
	if style["hostHeight"] != "640" {
		t.Errorf("the widget box is %s px high, data-height says 640", style["hostHeight"])
	}
	// Our CSS stays inside: the host's own .sc-course and .leaflet-container keep the host's look.
	if style["hostCourseBorder"] != "0px" || style["hostMapBorder"] != "rgb(0, 128, 0)" || style["hostListDisplay"] != "none" {
		t.Errorf("the widget's CSS leaked into the host page: %v", style)
	}
	if style["hostMapBackground"] != "rgba(0, 0, 0, 0)" {
		t.Errorf("the host's .leaflet-container got background %s from the widget", style["hostMapBackground"])
	}
	if style["hostL"] != `{"hostLeaflet":true}` {
		t.Errorf("window.L is %s after the widget loaded; the host's own value must stay", style["hostL"])
	}
	png, err := chromedp.Run(tb.ctx, chromedp.Screenshot(chromedp.CSS("skillcircle-widget")))
	if err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, "widget.png", png)
	tb.screenshot(t, "widget-host-page.png")
	tb.checkClean(t)
}

// A host site off the allow-list gets no CORS grant: the widget says it
// cannot reach the service instead of drawing nothing.
func TestBrowserWidgetRefusedOrigin(t *testing.T) {
	tb := newTab(t)
	const root = `document.querySelector('skillcircle-widget').shadowRoot`
	tb.do(t, chromedp.Navigate(env.host.URL+"/widget?"+url.Values{"api": {env.strict.URL}, "district": {"330212"}}.Encode()))
	tb.waitFor(t, "the widget's error", root+`.querySelector('.sc-app').dataset.state === 'error'`)
	if s := eval[string](t, tb, root+`.querySelector('.sc-status').textContent`); !strings.Contains(s, "允许列表") {
		t.Errorf("status %q does not mention the allow-list", s)
	}
}

// /embed in an <iframe>: allowed hosts may frame it (CSP frame-ancestors),
// others are refused by the browser.
func TestBrowserEmbedFrame(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.Navigate(env.host.URL+"/frame?"+url.Values{"api": {env.api.URL}, "embed": {"district=330212&lang=en"}}.Encode()))
	frames, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSS("iframe")))
	if err != nil || len(frames) != 1 {
		t.Fatal(err, len(frames))
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](
		`document.querySelector('.sc-app') && document.querySelector('.sc-app').getAttribute('lang') === 'en' && document.querySelectorAll('path.sc-district').length === 1`,
		chromedp.WithPollingInFrame(frames[0]), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the framed /embed did not draw: %v", err)
	}
	tb.screenshot(t, "embed-iframe.png")
	tb.checkClean(t)

	refused := newTab(t)
	refused.do(t, chromedp.Navigate(env.host.URL+"/frame?"+url.Values{"api": {env.strict.URL}, "embed": {"district=330212"}}.Encode()))
	deadline := time.Now().Add(20 * time.Second)
	for {
		found := false
		for _, m := range refused.messages() {
			found = found || strings.Contains(m, "frame-ancestors")
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a host off the allow-list framed /embed; console: %v", refused.messages())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// crs=gcj02 draws every coordinate in GCJ-02: the same search shows each
// marker moved by the GCJ-02 offset (about 450 m in Ningbo), every request
// for coordinates asks for gcj02, and the browser's (WGS-84) location is
// converted before it is drawn.
func TestBrowserCRS(t *testing.T) {
	tb := newTab(t)
	const doc = `document`
	load := func(crs string, p orb.Point) drawn {
		tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/embed?crs=%s&lat=%v&lng=%v", env.api.URL, crs, p[1], p[0])))
		tb.waitFor(t, "the "+crs+" search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
		return readPage(t, tb, doc)
	}
	wgs := load("wgs84", tianyi)
	gcjOrigin := geo.WGS84ToGCJ02(tianyi)
	gcj := load("gcj02", gcjOrigin)
	tb.screenshot(t, "embed-gcj02.png")

	if len(wgs.Markers) == 0 || len(wgs.Markers) != len(gcj.Markers) {
		t.Fatalf("%d markers in WGS-84, %d in GCJ-02: the same search should find the same sites", len(wgs.Markers), len(gcj.Markers))
	}
	byID := map[string]marker{}
	for _, m := range gcj.Markers {
		byID[m.ID] = m
	}
	for _, w := range wgs.Markers {
		g, ok := byID[w.ID]
		if !ok {
			t.Errorf("site %s is drawn in WGS-84 only", w.ID)
			continue
		}
		want := geo.WGS84ToGCJ02(orb.Point{w.Lng, w.Lat})
		if !near(g.Lng, want[0], 2e-6) || !near(g.Lat, want[1], 2e-6) {
			t.Errorf("site %s: GCJ-02 marker at (%v, %v), want (%v, %v)", w.ID, g.Lng, g.Lat, want[0], want[1])
		}
		if metres := geo.Distance(orb.Point{w.Lng, w.Lat}, orb.Point{g.Lng, g.Lat}); metres < 300 || metres > 700 {
			t.Errorf("site %s moved %.0f m; the GCJ-02 offset in Ningbo is about 450 m", w.ID, metres)
		}
	}
	if !near(gcj.Origin.Lng, round6(gcjOrigin[0]), 1e-9) || !near(gcj.Origin.Lat, round6(gcjOrigin[1]), 1e-9) {
		t.Errorf("origin drawn at %+v, want %v", gcj.Origin, gcjOrigin)
	}
	tb.mu.Lock()
	requests := append([]string(nil), tb.requests...)
	tb.mu.Unlock()
	// Once on the GCJ-02 page, every request for coordinates says so.
	asked := map[string]bool{}
	onGCJ := false
	for _, u := range requests {
		pu, err := url.Parse(u)
		if err != nil {
			continue
		}
		if pu.Path == "/embed" {
			onGCJ = pu.Query().Get("crs") == "gcj02"
		}
		if !onGCJ || !strings.HasPrefix(pu.Path, "/v1/") {
			continue
		}
		if pu.Query().Get("crs") != "gcj02" {
			t.Errorf("the GCJ-02 page asked %s without crs=gcj02", u)
		}
		asked[pu.Path] = true
	}
	for _, p := range []string{"/v1/region", "/v1/isochrone", "/v1/search"} {
		if !asked[p] {
			t.Errorf("the GCJ-02 page never asked %s: %v", p, requests)
		}
	}

	// The browser's location is WGS-84; drawn on a GCJ-02 map it is converted.
	here := orb.Point{121.5600, 29.8800}
	if _, err := chromedp.CallBrowser(tb.ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: browser.PermissionSettingGranted, Origin: env.api.URL,
	}); err != nil {
		t.Fatal(err)
	}
	accuracy := 10.0
	if _, err := chromedp.Call(tb.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
		Latitude: &here[1], Longitude: &here[0], Accuracy: &accuracy,
	}); err != nil {
		t.Fatal(err)
	}
	runs := eval[string](t, tb, `document.querySelector('.sc-app').dataset.runs`)
	tb.do(t, chromedp.Click(chromedp.CSS(".sc-row-small .sc-button")))
	tb.waitFor(t, "a search from the browser's location", `document.querySelector('.sc-app').dataset.runs !== '`+runs+`' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	located := readPage(t, tb, doc)
	wantHere := geo.WGS84ToGCJ02(here)
	if !near(located.Origin.Lng, wantHere[0], 2e-6) || !near(located.Origin.Lat, wantHere[1], 2e-6) {
		t.Errorf("the browser's location is drawn at %+v, want %v (GCJ-02 of %v)", located.Origin, wantHere, here)
	}
	tb.checkClean(t)
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// On a 375-pixel phone: nothing is wider than the screen, every control
// has a name a screen reader can say, Tab reaches the form, the map, the
// markers and the list, and Enter on a course or a marker highlights the
// other.
func TestBrowserKeyboardAndPhone(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v", env.api.URL, tianyi[1], tianyi[0])))
	tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if w := eval[[]int](t, tb, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] || w[1] != 375 {
		t.Errorf("the page is %d px wide on a %d px screen", w[0], w[1])
	}
	unnamed := eval[[]string](t, tb, `(() => {
  const name = (el) => (el.getAttribute('aria-label') || '').trim() || (el.labels && Array.from(el.labels).map((l) => l.textContent).join('').trim())
    || (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby')).textContent.trim())
    || (el.closest('label') && el.closest('label').textContent.trim()) || el.textContent.trim() || el.getAttribute('title') || '';
  const focusable = document.querySelectorAll('.sc-app a[href], .sc-app button, .sc-app input, .sc-app select, .sc-app summary, .sc-app [tabindex="0"]');
  return Array.from(focusable).filter((el) => !name(el)).map((el) => el.outerHTML.slice(0, 120));
})()`)
	if len(unnamed) > 0 {
		t.Errorf("controls without an accessible name: %v", unnamed)
	}
	for sel, what := range map[string]string{
		`.sc-map[aria-label]`:                             "the map's label",
		`.sc-status[role=status][aria-live=polite]`:       "the live status",
		`form[role=search]`:                               "the search landmark",
		`.sc-site[role=button][tabindex="0"][aria-label]`: "focusable, labelled markers",
		`.sc-origin[role=img][aria-label]`:                "the labelled origin",
	} {
		if !eval[bool](t, tb, `!!document.querySelector('`+sel+`')`) {
			t.Errorf("missing %s (%s)", what, sel)
		}
	}

	// Tab through the page from the top.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	var stops []string
	for range 60 {
		tb.do(t, chromedp.KeyEvent("\t"))
		stops = append(stops, eval[string](t, tb, `(() => { const e = document.activeElement; return e.tagName.toLowerCase() + '.' + (e.className || '') + (e.type ? '[' + e.type + ']' : ''); })()`))
	}
	seen := strings.Join(stops, " ")
	for _, want := range []string{"button.sc-lang", "input.sc-input[search]", "button.sc-button sc-primary[submit]", "input.[radio]", "summary.", "div.sc-map", "a.leaflet-control-zoom-in", "div.leaflet-marker-icon sc-site"} {
		if !strings.Contains(seen, want) {
			t.Errorf("Tab never reached %s; it went %v", want, stops)
		}
	}
	// Enter on a focused marker highlights its courses in the list.
	site := eval[string](t, tb, `document.querySelector('.sc-course').dataset.siteId`)
	tb.do(t, chromedp.Focus(chromedp.CSS(`.sc-site[data-site-id="`+site+`"]`)), chromedp.KeyEvent("\r"))
	if n := eval[int](t, tb, `document.querySelectorAll('.sc-course.sc-active[data-site-id="`+site+`"][aria-current=true]').length`); n == 0 {
		t.Errorf("Enter on marker %s highlighted no course", site)
	}
	// Enter on a course's title highlights its marker.
	course := eval[struct{ ID, Site string }](t, tb, `(() => { const li = document.querySelectorAll('.sc-course')[4]; return { ID: li.dataset.courseId, Site: li.dataset.siteId }; })()`)
	tb.do(t, chromedp.Focus(chromedp.CSS(`.sc-course[data-course-id="`+course.ID+`"] .sc-course-title`)), chromedp.KeyEvent("\r"))
	if got := eval[string](t, tb, `(document.querySelector('.sc-site.sc-active') || {dataset: {}}).dataset.siteId || ''`); got != course.Site {
		t.Errorf("Enter on course %s highlighted marker %q, want %s", course.ID, got, course.Site)
	}
	tb.do(t, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); document.querySelector('.sc-app').scrollTo(0, 0)`))
	tb.screenshot(t, "search-phone.png")
	tb.checkClean(t)
}

// The page says what the text search did: when nothing matched within the
// time asked for it shows the wider search (and its hexagons), and a
// misspelling offers the spelling that matches.
func TestBrowserTextHints(t *testing.T) {
	tb := newTab(t)
	open := func(q string) drawn {
		tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v&q=%s", env.api.URL, tianyi[1], tianyi[0], url.QueryEscape(q))))
		tb.waitFor(t, "the search for "+q, `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
		return readPage(t, tb, `document`)
	}
	var res struct {
		Minutes int
		Widened *struct {
			From int `json:"from_minutes"`
			To   int `json:"to_minutes"`
		}
		DidYouMean string `json:"did_you_mean"`
	}
	p := url.Values{"lat": {fmt.Sprint(tianyi[1])}, "lng": {fmt.Sprint(tianyi[0])}, "q": {"hanjie"}}
	apiGet(t, "/v1/search", p, &res)
	if res.Widened == nil {
		t.Fatalf("the API no longer widens %v; pick another query", p)
	}
	got := open("hanjie")
	var iso isochrone
	apiGet(t, "/v1/isochrone", url.Values{"lat": p["lat"], "lng": p["lng"], "minutes": {fmt.Sprint(res.Widened.To)}, "cells": {"true"}}, &iso)
	if want := fmt.Sprintf("%d 分钟内没有符合条件的课程，下面是 %d 分钟内的", res.Widened.From, res.Widened.To); !strings.Contains(got.Status, want) {
		t.Errorf("status %q lacks %q", got.Status, want)
	}
	if got.Hexagons != iso.cells() || len(got.Courses) == 0 {
		t.Errorf("widened to %d minutes: %d hexagons (want %d), %d courses", res.Widened.To, got.Hexagons, iso.cells(), len(got.Courses))
	}

	p.Set("q", "养老护士员")
	apiGet(t, "/v1/search", p, &res)
	if res.DidYouMean == "" {
		t.Fatalf("the API no longer corrects %v; pick another misspelling", p)
	}
	open("养老护士员")
	if s := eval[string](t, tb, `document.querySelector('.sc-spelling').textContent`); !strings.Contains(s, res.DidYouMean) {
		t.Fatalf("spelling hint %q lacks %q", s, res.DidYouMean)
	}
	tb.do(t, chromedp.Click(chromedp.CSS(".sc-spelling button")))
	tb.waitFor(t, "the corrected search", `document.querySelector('.sc-app').dataset.runs === '2' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if q := eval[string](t, tb, `document.querySelector('input[list$="-suggest"]').value`); q != res.DidYouMean {
		t.Errorf("the course box says %q after taking the hint %q", q, res.DidYouMean)
	}
	if n := eval[int](t, tb, `document.querySelectorAll('.sc-course').length`); n == 0 {
		t.Error("the corrected search lists nothing")
	}

	// Typing in the course box offers the server's completions.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const q = document.querySelector('input[list$="-suggest"]'); q.value = ''; q.focus(); })()`),
		chromedp.KeyEvent("shuk"))
	tb.waitFor(t, "completions", `document.querySelectorAll('datalist[id$="-suggest"] option').length > 0`)
	if first := eval[string](t, tb, `document.querySelector('datalist[id$="-suggest"] option').value`); !strings.HasPrefix(first, "数控") {
		t.Errorf("the first completion of shuk is %q", first)
	}
	tb.checkClean(t)
}

// With a tile URL the map draws the host's tiles (from their server, which
// the page's CSP then lets in) under thin district outlines, and credits
// them; /embed's height option sizes the app.
func TestBrowserTiles(t *testing.T) {
	tb := newTab(t)
	tiles := env.host.URL + "/tiles/{z}/{x}/{y}.png"
	tb.do(t, chromedp.Navigate(env.api.URL+"/embed?"+url.Values{"crs": {"gcj02"}, "tiles": {tiles}, "attribution": {"测试底图"}, "height": {"480"},
		"lat": {"29.870417"}, "lng": {"121.554457"}}.Encode()))
	tb.waitFor(t, "tiles", `document.querySelectorAll('.sc-map.sc-tiled img.leaflet-tile-loaded').length > 0 && document.querySelector('.sc-app').dataset.state === 'ready'`)
	got := eval[struct {
		Attribution string
		Fill        string
		Height      float64
		Tile        string
	}](t, tb, `({ Attribution: document.querySelector('.leaflet-control-attribution').textContent,
  Fill: document.querySelector('path.sc-district').getAttribute('fill'),
  Height: document.querySelector('.sc-app').getBoundingClientRect().height,
  Tile: document.querySelector('img.leaflet-tile-loaded').src })`)
	if !strings.Contains(got.Attribution, "测试底图") || got.Fill != "none" || got.Height != 480 || !strings.HasPrefix(got.Tile, env.host.URL+"/tiles/") {
		t.Errorf("with tiles: %+v", got)
	}
	tb.screenshot(t, "embed-tiles.png")
	tb.checkClean(t)
}

type geocoded struct {
	Ambiguous bool
	Result    struct {
		Name        string
		Lat, Lng    float64
		Approximate bool
	}
	Candidates []struct{ Name string }
}

// typeAddress types into the starting-point box of the app under root and
// presses Enter, as a person would.
func typeAddress(t *testing.T, tb *tab, root, text string) {
	t.Helper()
	runs := eval[string](t, tb, `(`+root+`.querySelector('.sc-app').dataset.runs || '0')`)
	tb.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = `+root+`.querySelector('input[type=search]'); i.scrollIntoView(); i.focus(); i.value = ''; })()`),
		chromedp.KeyEvent(text), chromedp.KeyEvent("\r"))
	tb.waitFor(t, "a search from "+text, `(() => { const a = `+root+`.querySelector('.sc-app'); return a.dataset.runs !== '`+runs+`' && a.dataset.state === 'ready'; })()`)
}

// Typing an address on the search page, and in the widget on a district
// website: the address is looked up, the starting point drawn where
// /v1/geocode puts it, and the hexagons, markers and list are those of
// the search from there.
func TestBrowserAddress(t *testing.T) {
	setup(t)
	for _, tc := range []struct {
		name, page, root, address, district string
	}{
		{"page", env.api.URL + "/", `document`, "海曙区中山东路88号", ""},
		{"widget", env.host.URL + "/widget?" + url.Values{"api": {env.api.URL}, "district": {"330212"}}.Encode(),
			`document.querySelector('skillcircle-widget').shadowRoot`, "下应街道永丰街42号", "330212"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newTab(t)
			tb.do(t, chromedp.Navigate(tc.page))
			tb.waitFor(t, "the app", `(() => { try { return `+tc.root+`.querySelector('.sc-app').dataset.state === 'idle'; } catch (e) { return false; } })()`)
			typeAddress(t, tb, tc.root, tc.address)
			var g geocoded
			apiGet(t, "/v1/geocode", url.Values{"q": {tc.address}, "district": {tc.district}}, &g)
			got := readPage(t, tb, tc.root)
			if !near(got.Origin.Lat, g.Result.Lat, 1e-9) || !near(got.Origin.Lng, g.Result.Lng, 1e-9) {
				t.Errorf("origin drawn at %+v; /v1/geocode puts %s at %v, %v", got.Origin, tc.address, g.Result.Lat, g.Result.Lng)
			}
			if !strings.Contains(got.Status, g.Result.Name) {
				t.Errorf("status %q does not name %q", got.Status, g.Result.Name)
			}
			extra := url.Values{}
			if tc.district != "" {
				extra.Set("district", tc.district)
			}
			want, iso := expected(t, g.Result.Lat, g.Result.Lng, extra)
			compare(t, got, want, iso)
			if v := eval[string](t, tb, tc.root+`.querySelector('input[type=search]').value`); v != tc.address {
				t.Errorf("the box says %q", v)
			}
			tb.screenshot(t, "address-"+tc.name+".png")
			if tc.name == "page" {
				if u := eval[string](t, tb, `decodeURIComponent(location.search)`); !strings.Contains(u, "address="+tc.address) {
					t.Errorf("the URL %q does not keep the address", u)
				}
			}

			// An address outside the region is not found, and the page says so
			// (the browser logs the 404).
			tb.expect("404 (Not Found)")
			tb.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = `+tc.root+`.querySelector('input[type=search]'); i.focus(); i.value = ''; })()`),
				chromedp.KeyEvent("北京市朝阳区建国路1号"), chromedp.KeyEvent("\r"))
			tb.waitFor(t, "not found", tc.root+`.querySelector('.sc-app').dataset.state === 'error'`)
			if s := eval[string](t, tb, tc.root+`.querySelector('.sc-status').textContent`); !strings.Contains(s, "不在宁波市") {
				t.Errorf("status %q", s)
			}
			tb.checkClean(t)
		})
	}
}
