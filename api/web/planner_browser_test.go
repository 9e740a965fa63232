package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The planner page: it shows what /v1/coverage and /v1/coverage/suggest
// answer, draws the uncovered cells and the suggested points, follows its
// controls, switches to English, and loads nothing from elsewhere.
func TestBrowserPlannerPage(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.Navigate(env.api.URL+"/planner?family=manufacturing&k=4"))
	tb.waitFor(t, "the first analysis", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.runs === '1'`)

	var cov struct {
		City struct{ Covered, Population int }
	}
	apiGet(t, "/v1/coverage", url.Values{"family": {"manufacturing"}, "cells": {"none"}}, &cov)
	var sugg struct {
		Suggestions []struct {
			Name string
			Gain int
		}
	}
	apiGet(t, "/v1/coverage/suggest", url.Values{"family": {"manufacturing"}, "k": {"4"}}, &sugg)
	page := eval[struct {
		Title   string
		Figures []string
		Rows    []string
		Pins    int
		Cells   int
	}](t, tb, `({
  Title: document.querySelector('.sc-title').textContent,
  Figures: Array.from(document.querySelectorAll('.sc-figure b')).map((b) => b.textContent),
  Rows: Array.from(document.querySelectorAll('.sc-suggestions tbody tr')).map((tr) => tr.textContent),
  Pins: document.querySelectorAll('.sc-pin').length,
  Cells: document.querySelectorAll('.leaflet-sc-gaps-pane canvas').length })`)
	if page.Title != "技能学习圈覆盖分析" {
		t.Errorf("title %q: Chinese is the default", page.Title)
	}
	if len(page.Figures) != 4 || page.Figures[1] != thousands(cov.City.Covered) {
		t.Errorf("figures %v; the API covers %d", page.Figures, cov.City.Covered)
	}
	if len(page.Rows) != 5 || page.Pins != 4 || page.Cells != 1 {
		t.Fatalf("%d suggestion rows, %d pins, %d cell canvases", len(page.Rows), page.Pins, page.Cells)
	}
	for i, s := range sugg.Suggestions {
		if !strings.Contains(page.Rows[i+1], s.Name) || !strings.Contains(page.Rows[i+1], "+"+thousands(s.Gain)) {
			t.Errorf("row %d %q; the API suggests %s +%d", i+1, page.Rows[i+1], s.Name, s.Gain)
		}
	}
	tb.screenshot(t, "planner.png")

	// 30 minutes instead of 15: the share can only grow, and the URL keeps it.
	share := func() float64 {
		f, _ := strconv.ParseFloat(strings.TrimSuffix(eval[string](t, tb, `document.querySelector('.sc-figure b').textContent`), "%"), 64)
		return f
	}
	before := share()
	eval[bool](t, tb, `(() => { const s = document.querySelector('select[data-name="minutes"]'); s.value = '30'; return s.dispatchEvent(new Event('change')); })()`)
	tb.waitFor(t, "the second analysis", `document.querySelector('.sc-app').dataset.runs === '2' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if after := share(); !(after > before) {
		t.Errorf("share %v%% at 30 minutes, %v%% at 15", after, before)
	}
	if u := eval[string](t, tb, `location.search`); !strings.Contains(u, "minutes=30") || !strings.Contains(u, "family=manufacturing") {
		t.Errorf("the URL %q does not keep the analysis", u)
	}

	// English.
	tb.do(t, chromedp.Click(chromedp.CSS(".sc-lang")))
	en := eval[struct{ Title, Lang, Head string }](t, tb, `({ Title: document.querySelector('.sc-title').textContent,
  Lang: document.querySelector('.sc-app').getAttribute('lang'),
  Head: document.querySelector('.sc-suggestions thead').textContent })`)
	if en.Title != "Skill learning circle coverage" || en.Lang != "en" || !strings.Contains(en.Head, "Gain") {
		t.Errorf("after switching to English: %+v", en)
	}
	tb.screenshot(t, "planner-en.png")
	tb.checkClean(t)
}

// thousands writes 1234567 as 1,234,567, as the page does.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// What planners met (issue 13): a typed trade is read as the search reads
// it; a district moves the map and its supply is its own; the printed
// page says what was analysed and keeps the map whole; tables fit a phone;
// transit is a mode; the downloads hold what the page shows.
func TestBrowserPlannerAsPlannersUseIt(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(1366, 900))
	tb.do(t, chromedp.Navigate(env.api.URL+"/planner?trade="+url.QueryEscape("电焊")+"&mode=transit&district=330212"))
	tb.waitFor(t, "the first analysis", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.runs === '1'`)
	var cov struct {
		Scope    struct{ Filters struct{ Trades []string } }
		Matching struct{ Courses int }
		InDist   struct{ Courses, Sites int } `json:"matching_in_district"`
	}
	apiGet(t, "/v1/coverage", url.Values{"trade": {"电焊"}, "mode": {"transit"}, "district": {"330212"}, "cells": {"none"}}, &cov)
	if cov.Matching.Courses == 0 || len(cov.Scope.Filters.Trades) == 0 {
		t.Fatalf("电焊 matches %d courses, read as %v", cov.Matching.Courses, cov.Scope.Filters.Trades)
	}
	shown := eval[struct{ Scope, Note, Mode, District string }](t, tb, `({ Scope: document.querySelector('.sc-scope').textContent,
  Note: document.querySelector('.sc-note').textContent, Mode: document.querySelector('select[data-name="mode"]').value,
  District: document.querySelector('.sc-map').dataset.district || '' })`)
	for _, want := range append([]string{"电焊", "地铁", "鄞州区"}, cov.Scope.Filters.Trades...) {
		if !strings.Contains(shown.Scope, want) {
			t.Errorf("the scope line %q lacks %s", shown.Scope, want)
		}
	}
	if shown.Mode != "transit" || shown.District != "330212" {
		t.Errorf("mode %q, the map fitted to district %q", shown.Mode, shown.District)
	}
	if !strings.Contains(shown.Note, "鄞州区内") || !strings.Contains(shown.Note, thousands(cov.InDist.Courses)) {
		t.Errorf("the note %q does not give the district's own supply (%d courses)", shown.Note, cov.InDist.Courses)
	}

	// An unknown trade: no course, no suggestion, and the page says why.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('input[type=search]'); i.value = '量子烹饪'; i.dispatchEvent(new Event('change')); })()`))
	tb.waitFor(t, "the second analysis", `document.querySelector('.sc-app').dataset.runs === '2' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if got := eval[[]int](t, tb, `[document.querySelectorAll('.sc-no-trade').length, document.querySelectorAll('.sc-pin').length, document.querySelectorAll('.sc-suggestions').length]`); got[0] != 1 || got[1] != 0 || got[2] != 0 {
		t.Errorf("an unknown trade: %d notes, %d pins, %d suggestion tables", got[0], got[1], got[2])
	}

	// The downloads: CSV with every township of the district, GeoJSON of the cells and pins.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('input[type=search]'); i.value = '焊工'; i.dispatchEvent(new Event('change')); })()`))
	tb.waitFor(t, "the third analysis", `document.querySelector('.sc-app').dataset.runs === '3' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	got, err := chromedp.Run(tb.ctx, chromedp.Evaluate[struct{ CSV, GeoJSON string }](`(async () => {
  const grab = async (format) => {
    const orig = URL.createObjectURL;
    const captured = await new Promise((resolve) => {
      URL.createObjectURL = (blob) => { resolve(blob); return orig.call(URL, blob); };
      document.querySelector('.sc-download[data-format=' + format + ']').click();
    });
    URL.createObjectURL = orig;
    const head = new Uint8Array(await captured.slice(0, 3).arrayBuffer());
    return (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 'BOM:' : '') + await captured.text();
  };
  return { CSV: await grab('csv'), GeoJSON: await grab('geojson') };
})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(got.CSV, "BOM:")), "\n")
	var townships int
	for _, l := range lines {
		if strings.HasPrefix(l, "township,") {
			townships++
		}
	}
	if !strings.HasPrefix(got.CSV, "BOM:level,code,name,district_code,district,population") || townships != 25 {
		t.Errorf("the CSV has %d township rows (鄞州区 has 25):\n%.300s", townships, got.CSV)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry   struct{ Type string }
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(got.GeoJSON), &fc); err != nil || fc.Type != "FeatureCollection" {
		t.Fatalf("the GeoJSON does not parse: %v", err)
	}
	pins := 0
	for _, f := range fc.Features {
		if f.Geometry.Type == "Point" && f.Properties["kind"] == "suggestion" {
			pins++
		}
	}
	if pins != eval[int](t, tb, `document.querySelectorAll('.sc-pin').length`) || pins == 0 {
		t.Errorf("the GeoJSON has %d suggested points", pins)
	}

	// Printed: the scope line is on the page and the map as wide as the page.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event('beforeprint'))`))
	pdf, err := chromedp.Call(tb.ctx, page.PrintToPDF, page.PrintToPDFParams{})
	if err != nil || len(pdf.Data) < 1000 {
		t.Fatalf("print: %v", err)
	}
	saveArtifact(t, "planner-print.pdf", pdf.Data)

	// On a phone no table runs off the screen: each scrolls in its box.
	tb.do(t, chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	tb.waitFor(t, "the layout at 375 px", `document.documentElement.clientWidth === 375`)
	if w := eval[[]float64](t, tb, `[document.documentElement.scrollWidth, Math.min(...Array.from(document.querySelectorAll('.sc-table .sc-text')).map((td) => td.getBoundingClientRect().width))]`); w[0] > 375 || w[1] < 60 {
		t.Errorf("at 375 px the page is %v px wide and the narrowest name column %v px", w[0], w[1])
	}
	tb.screenshot(t, "planner-phone.png")
	tb.checkClean(t)
}
