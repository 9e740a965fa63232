package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// homeWork is what the page shows of a search from home and workplace.
type homeWork struct {
	State   string
	Pins    []struct{ Role, Label string }
	Reaches []string // the outlines' classes
	Key     string   // the legend's roles
	Hits    []struct{ ID, Origin, Time string }
	Status  string
}

func readHomeWork(t *testing.T, tb *tab, root string) homeWork {
	t.Helper()
	return eval[homeWork](t, tb, `(() => {
  const r = `+root+`;
  const key = r.querySelector('.sc-legend-bands');
  return {
    State: r.querySelector('.sc-app').dataset.state,
    Pins: Array.from(r.querySelectorAll('.sc-origin')).map((p) => ({ Role: p.dataset.role, Label: p.getAttribute('aria-label') || '' })),
    Reaches: Array.from(r.querySelectorAll('path.sc-reach')).map((p) => p.getAttribute('class')),
    Key: key ? (key.dataset.roles || '') : '',
    Hits: Array.from(r.querySelectorAll('.sc-course')).map((li) => { const tm = li.querySelector('.sc-time');
      return { ID: li.dataset.courseId, Origin: tm ? (tm.dataset.origin || '') : '', Time: tm ? tm.textContent : '' }; }),
    Status: r.querySelector('.sc-status').textContent,
  };
})()`)
}

// Home and workplace together: typed in the two boxes, the page draws both
// areas (the workplace's in its own outline, told apart by its dash and its
// key as well as its colour) and both pins, labels each course with where
// it is reached from, and lists exactly what /v1/search answers from both;
// the URL keeps both, and a widget with both presets on a host page of
// another origin shows the same.
func TestBrowserHomeAndWork(t *testing.T) {
	setup(t)
	const home, work = "姜山镇", "下应街道"
	var want struct {
		Hits []struct {
			Course struct{ ID string }
			Origin string
		}
		Origins []struct{ Role string }
		Sites   []struct{ Origin string }
	}
	apiGet(t, "/v1/search", url.Values{"address": {home}, "workplace": {work}, "mode": {"ebike"}, "minutes": {"15"},
		"include_sites": {"true"}, "limit": {"20"}}, &want)
	if len(want.Hits) == 0 || len(want.Origins) != 2 {
		t.Fatalf("the API finds %d hits from %d origins", len(want.Hits), len(want.Origins))
	}
	roles := map[string]int{}
	for _, s := range want.Sites {
		roles[s.Origin]++
	}
	if roles["home"] == 0 || roles["work"] == 0 {
		t.Fatalf("the API reaches sites from one place only (%v): choose other points", roles)
	}
	check := func(t *testing.T, got homeWork) {
		t.Helper()
		if got.State != "ready" {
			t.Fatalf("state %q: %s", got.State, got.Status)
		}
		if len(got.Pins) != 2 || got.Pins[0].Role != "home" || got.Pins[1].Role != "work" || !strings.Contains(got.Pins[1].Label, "单位") {
			t.Errorf("pins %+v", got.Pins)
		}
		work := 0
		for _, c := range got.Reaches {
			if strings.Contains(c, "sc-work") {
				work++
			}
		}
		if len(got.Reaches) != 2 || work != 1 || got.Key != "home,work" {
			t.Errorf("outlines %v, key %q", got.Reaches, got.Key)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Fatalf("%d courses listed, the API's first page has %d", len(got.Hits), len(want.Hits))
		}
		for i, h := range got.Hits {
			w := want.Hits[i]
			prefix := map[string]string{"home": "从家", "work": "从单位"}[w.Origin]
			if h.ID != w.Course.ID || h.Origin != w.Origin || !strings.HasPrefix(h.Time, prefix) {
				t.Errorf("course %d: %+v, the API's is %s from %s", i, h, w.Course.ID, w.Origin)
			}
		}
		if !strings.Contains(got.Status, "从家") || !strings.Contains(got.Status, "单位") {
			t.Errorf("status %q", got.Status)
		}
	}

	t.Run("typed on the page", func(t *testing.T) {
		tb := newTab(t)
		tb.do(t, chromedp.EmulateViewport(1366, 900))
		tb.do(t, chromedp.Navigate(env.api.URL+"/?mode=ebike"))
		tb.waitFor(t, "the page", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'idle'`)
		tb.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector('.sc-workplace').value = '`+work+`'`))
		typeAddress(t, tb, "document", home)
		check(t, readHomeWork(t, tb, "document"))
		if u := eval[string](t, tb, `decodeURIComponent(location.search)`); !strings.Contains(u, "address="+home) || !strings.Contains(u, "workplace="+work) {
			t.Errorf("the URL %q does not keep both", u)
		}
		tb.screenshot(t, "home-and-work.png")
		// Reloaded from its URL, the page shows the same.
		tb.do(t, chromedp.Reload())
		tb.waitFor(t, "the reloaded search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
		check(t, readHomeWork(t, tb, "document"))
		tb.checkClean(t)
	})

	t.Run("widget presets", func(t *testing.T) {
		tb := newTab(t)
		const root = `document.querySelector('skillcircle-widget').shadowRoot`
		tb.do(t, chromedp.Navigate(env.host.URL+"/widget?"+url.Values{"api": {env.api.URL}, "address": {home}, "workplace": {work},
			"mode": {"ebike"}, "height": {"700"}}.Encode()))
		tb.waitFor(t, "the widget's search", `(() => { try { return `+root+`.querySelector('.sc-app').dataset.state === 'ready'; } catch (e) { return false; } })()`)
		check(t, readHomeWork(t, tb, root))
		tb.checkClean(t)
	})
}

// 顺路: with a home and a workplace, the third choice lists exactly what
// /v1/search?along=commute answers, every course within the detour, a site
// far off the way absent, and the map draws the way home.
func TestBrowserAlongTheWayHome(t *testing.T) {
	setup(t)
	const home, work = "鄞州区首南街道", "江北区庄桥街道"
	var want struct {
		Hits []struct {
			Course        struct{ ID string }
			DetourMinutes *float64 `json:"detour_minutes"`
		}
		Sites []struct{ Site struct{ ID string } }
	}
	apiGet(t, "/v1/search", url.Values{"address": {home}, "workplace": {work}, "mode": {"ebike"}, "along": {"commute"},
		"detour": {"5"}, "include_sites": {"true"}, "limit": {"20"}}, &want)
	if len(want.Hits) == 0 {
		t.Fatal("nothing on the way: choose other points")
	}
	// A site the plain search from home reaches but the way home does not.
	var near struct {
		Sites []struct{ Site struct{ ID string } }
	}
	apiGet(t, "/v1/search", url.Values{"address": {home}, "mode": {"ebike"}, "minutes": {"15"}, "include_sites": {"true"}, "limit": {"1"}}, &near)
	onWay := map[string]bool{}
	for _, s := range want.Sites {
		onWay[s.Site.ID] = true
	}
	off := ""
	for _, s := range near.Sites {
		if !onWay[s.Site.ID] {
			off = s.Site.ID
			break
		}
	}
	if off == "" {
		t.Fatal("every site near home is on the way: choose other points")
	}

	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(1366, 900))
	tb.do(t, chromedp.Navigate(env.api.URL+"/?"+url.Values{"address": {home}, "workplace": {work}, "mode": {"ebike"}}.Encode()))
	tb.waitFor(t, "the search from both", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if hidden := eval[bool](t, tb, `document.querySelector('.sc-along').hidden`); hidden {
		t.Fatal("no 顺路 choice with a home and a workplace")
	}
	runs := eval[string](t, tb, `document.querySelector('.sc-app').dataset.runs`)
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-along input[value="commute"]`)))
	tb.waitFor(t, "the search along the way", `document.querySelector('.sc-app').dataset.runs !== '`+runs+`' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	runs = eval[string](t, tb, `document.querySelector('.sc-app').dataset.runs`)
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-detour input[value="5"]`)))
	tb.waitFor(t, "the 5-minute detour", `document.querySelector('.sc-app').dataset.runs !== '`+runs+`' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	got := eval[struct {
		Hits    []struct{ ID, Detour, Text string }
		Markers []string
		Line    int
		URL     string
	}](t, tb, `({
  Hits: Array.from(document.querySelectorAll('.sc-course')).map((li) => ({ ID: li.dataset.courseId,
    Detour: li.querySelector('.sc-time').dataset.detour || '', Text: li.querySelector('.sc-time').textContent })),
  Markers: Array.from(document.querySelectorAll('.sc-site')).map((m) => m.dataset.siteId),
  Line: document.querySelectorAll('path.sc-corridor').length,
  URL: decodeURIComponent(location.search) })`)
	if len(got.Hits) != len(want.Hits) {
		t.Fatalf("%d courses listed, the API's first page has %d", len(got.Hits), len(want.Hits))
	}
	for i, h := range got.Hits {
		if h.ID != want.Hits[i].Course.ID || !strings.HasPrefix(h.Text, "顺路，多绕") {
			t.Errorf("course %d: %+v, the API's %s", i, h, want.Hits[i].Course.ID)
		}
		if d := want.Hits[i].DetourMinutes; d == nil || *d > 5 || h.Detour == "" {
			t.Errorf("course %d: detour %v (page %q), want within 5", i, d, h.Detour)
		}
	}
	if len(got.Markers) != len(want.Sites) {
		t.Errorf("%d markers, %d sites on the way", len(got.Markers), len(want.Sites))
	}
	for _, m := range got.Markers {
		if m == off {
			t.Errorf("site %s, off the way, has a marker", off)
		}
	}
	if got.Line != 1 || !strings.Contains(got.URL, "along=commute") || !strings.Contains(got.URL, "detour=5") {
		t.Errorf("corridor lines %d, URL %q", got.Line, got.URL)
	}
	tb.screenshot(t, "along-the-way.png")
	tb.checkClean(t)
}

// 按上课时间选出发地: with both ends, the switch lists what
// /v1/search?fit_schedule=true answers: evening classes from the workplace.
func TestBrowserFitSchedule(t *testing.T) {
	setup(t)
	const home, work = "姜山镇", "下应街道"
	var want struct {
		Hits []struct {
			Course struct{ ID string }
			Origin string
		}
	}
	apiGet(t, "/v1/search", url.Values{"address": {home}, "workplace": {work}, "mode": {"ebike"}, "minutes": {"15"},
		"schedule": {"weekday_evening"}, "fit_schedule": {"true"}, "include_sites": {"true"}, "limit": {"20"}}, &want)
	if len(want.Hits) == 0 {
		t.Fatal("no evening class near work: choose other points")
	}
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(1366, 900))
	tb.do(t, chromedp.Navigate(env.api.URL+"/?"+url.Values{"address": {home}, "workplace": {work}, "mode": {"ebike"}, "schedule": {"weekday_evening"}}.Encode()))
	tb.waitFor(t, "the search from both", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
	runs := eval[string](t, tb, `document.querySelector('.sc-app').dataset.runs`)
	// The schedule preset opened the filters, where the switch is.
	if hidden := eval[bool](t, tb, `!document.querySelector('.sc-filters').open || document.querySelector('.sc-fit').hidden`); hidden {
		t.Fatal("the switch is not shown with a home and a workplace")
	}
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-fit input`)))
	tb.waitFor(t, "the search by class time", `document.querySelector('.sc-app').dataset.runs !== '`+runs+`' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	got := eval[[]struct{ ID, Origin string }](t, tb, `Array.from(document.querySelectorAll('.sc-course')).map((li) => ({ ID: li.dataset.courseId, Origin: li.querySelector('.sc-time').dataset.origin || '' }))`)
	if len(got) != len(want.Hits) {
		t.Fatalf("%d courses listed, the API's first page has %d", len(got), len(want.Hits))
	}
	for i, h := range got {
		if h.ID != want.Hits[i].Course.ID || h.Origin != "work" {
			t.Errorf("course %d: %+v, the API's %s from %s", i, h, want.Hits[i].Course.ID, want.Hits[i].Origin)
		}
	}
	if u := eval[string](t, tb, `location.search`); !strings.Contains(u, "fit_schedule=true") {
		t.Errorf("the URL %q does not keep the switch", u)
	}
	tb.checkClean(t)
}
