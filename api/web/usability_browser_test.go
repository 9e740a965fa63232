package web_test

// What a new user met on the pages (issue 13): shared links with
// parameters the page does not know, a document that grew with the list,
// filters that ran out of their boxes, and a failed address search that
// left the last results on screen.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// contentHeight is the height of the page's content as the browser lays
// it out (what a full-page screenshot captures, and how far the page
// itself scrolls), in CSS pixels.
func contentHeight(t *testing.T, tb *tab) float64 {
	t.Helper()
	m, err := chromedp.Call(tb.ctx, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil || m.CSSContentSize == nil {
		t.Fatalf("layout metrics: %v", err)
	}
	return m.CSSContentSize.Height
}

// A link shared through WeChat (from=singlemessage&isappinstalled=0), or
// carrying analytics (utm_source, fbclid, spm) and settings the page cannot
// use (minutes=90, lang=fr), opens the page with the defaults for the bad
// values and says which it ignored; the parameters it does not know are
// not mentioned. The same for /embed and /planner.
func TestBrowserSharedLinks(t *testing.T) {
	junk := url.Values{"from": {"singlemessage"}, "isappinstalled": {"0"}, "utm_source": {"wechat"}, "fbclid": {"IwAR0x"},
		"spm": {"a2h0c.8166622"}, "minutes": {"90"}, "lang": {"fr"}}
	for _, tc := range []struct{ name, path, ready string }{
		{"search page", "/", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`},
		{"embed", "/embed", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`},
		{"planner", "/planner", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.runs === '1'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newTab(t)
			q := url.Values{}
			for k, v := range junk {
				q[k] = v
			}
			if tc.path != "/planner" {
				q.Set("lat", fmt.Sprint(tianyi[1]))
				q.Set("lng", fmt.Sprint(tianyi[0]))
			}
			tb.do(t, chromedp.Navigate(env.api.URL+tc.path+"?"+q.Encode()))
			tb.waitFor(t, "the page from a shared link", tc.ready)
			notice := eval[string](t, tb, `(() => { const n = document.querySelector('.sc-notice'); return n && !n.hidden ? n.textContent : ''; })()`)
			for _, want := range []string{"minutes=90", "lang=fr", "默认"} {
				if !strings.Contains(notice, want) {
					t.Errorf("the notice %q does not mention %s", notice, want)
				}
			}
			for _, quiet := range []string{"from=", "utm_source", "fbclid", "spm", "isappinstalled"} {
				if strings.Contains(notice, quiet) {
					t.Errorf("the notice %q mentions %s, which is none of the page's business", notice, quiet)
				}
			}
			if got := eval[string](t, tb, `document.querySelector('.sc-title').textContent`); !strings.Contains(got, "学习圈") {
				t.Errorf("title %q: lang=fr must fall back to Chinese", got)
			}
			if tc.path != "/planner" {
				if status := eval[string](t, tb, `document.querySelector('.sc-status').textContent`); !strings.Contains(status, "15 分钟") {
					t.Errorf("status %q: minutes=90 must fall back to 15", status)
				}
			}
			tb.checkClean(t)
		})
	}
}

// After a search with a long list, the page is exactly its viewport high:
// the list scrolls inside the app, on a desktop and on a phone, and a host
// page with the widget keeps its height.
func TestBrowserDocumentKeepsItsHeight(t *testing.T) {
	for _, vp := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1366, 900, false}, {"phone", 375, 812, true}} {
		t.Run(vp.name, func(t *testing.T) {
			tb := newTab(t)
			if vp.mobile {
				tb.do(t, chromedp.EmulateViewport(vp.w, vp.h, chromedp.EmulateScale(2), chromedp.EmulateMobile))
			} else {
				tb.do(t, chromedp.EmulateViewport(vp.w, vp.h))
			}
			tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v&mode=ebike&minutes=30", env.api.URL, tianyi[1], tianyi[0])))
			tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
			// Load a second page of courses: the list is long.
			tb.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector('.sc-more').click()`))
			tb.waitFor(t, "the second page", `document.querySelectorAll('.sc-course').length > 20`)
			// Choose the last course, as a finger would: its hidden label gets focus.
			tb.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelectorAll('.sc-course-title'); b[b.length - 1].focus(); b[b.length - 1].click(); })()`))
			if c := contentHeight(t, tb); c > float64(vp.h) {
				t.Errorf("the page's content is %v px high in a %v px viewport: it grew with the list", c, vp.h)
			}
			// On a phone the app scrolls; on a desktop the list beside the map.
			h := eval[[]float64](t, tb, `[document.documentElement.scrollHeight, window.innerHeight,
  Math.max(document.querySelector('.sc-app').scrollHeight, document.querySelector('.sc-results').scrollHeight)]`)
			if h[0] > h[1] {
				t.Errorf("the document is %v px high in a %v px viewport (the app's content is %v px): it grew with the list", h[0], h[1], h[2])
			}
			if h[2] <= h[1] {
				t.Errorf("the app's content is %v px, the list not long enough to test", h[2])
			}
		})
	}
	t.Run("host page", func(t *testing.T) {
		tb := newTab(t)
		tb.do(t, chromedp.EmulateViewport(1366, 900))
		const root = `document.querySelector('skillcircle-widget').shadowRoot`
		tb.do(t, chromedp.Navigate(env.host.URL+"/widget?"+url.Values{"api": {env.api.URL}, "height": {"640"}}.Encode()))
		tb.waitFor(t, "the widget", `(() => { try { return `+root+`.querySelector('.sc-app').dataset.state === 'idle'; } catch (e) { return false; } })()`)
		before := contentHeight(t, tb)
		typeAddress(t, tb, root, "天一广场")
		after := contentHeight(t, tb)
		if after != before {
			t.Errorf("the host page was %v px high before the search and %v px after", before, after)
		}
	})
}

// No control of the form runs out of its box, or off the screen, on a
// phone and on a desktop, with the filters open.
func TestBrowserControlsFit(t *testing.T) {
	for _, vp := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1366, 900, false}, {"phone", 375, 812, true}} {
		for _, lang := range []string{"zh", "en"} {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				tb := newTab(t)
				if vp.mobile {
					tb.do(t, chromedp.EmulateViewport(vp.w, vp.h, chromedp.EmulateScale(2), chromedp.EmulateMobile))
				} else {
					tb.do(t, chromedp.EmulateViewport(vp.w, vp.h))
				}
				tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lang=%s&lat=%v&lng=%v&family=manufacturing", env.api.URL, lang, tianyi[1], tianyi[0])))
				tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
				bad := eval[[]string](t, tb, `(() => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const box = (el) => el.getBoundingClientRect();
  const name = (el) => el.tagName.toLowerCase() + '.' + el.className + ' "' + (el.textContent || el.value || '').trim().slice(0, 12) + '"';
  const form = document.querySelector('.sc-form-area'), formBox = box(form), mapBox = box(document.querySelector('.sc-map'));
  const controls = Array.from(form.querySelectorAll('select, input[type=search], button, .sc-check, .sc-chip, summary'));
  for (const el of controls) {
    const b = box(el);
    if (b.width === 0) continue;
    const parent = box(el.parentElement);
    if (b.right > parent.right + 0.5 || b.left < parent.left - 0.5) out.push(name(el) + ' runs out of its box: ' + b.left + '..' + b.right + ' in ' + parent.left + '..' + parent.right);
    if (b.right > vw + 0.5) out.push(name(el) + ' runs off the screen at ' + b.right + ' of ' + vw);
    if (b.right > formBox.right + 0.5) out.push(name(el) + ' runs past the form at ' + b.right + ' of ' + formBox.right);
    if (mapBox.left > formBox.left && b.right > mapBox.left + 0.5) out.push(name(el) + ' is cut by the map');
  }
  // No two controls of the filter panel overlap.
  const cells = Array.from(form.querySelectorAll('.sc-filter-grid > *')).map((el) => [el, box(el)]);
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const a = cells[i][1], b = cells[j][1];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(name(cells[i][0]) + ' overlaps ' + name(cells[j][0]));
    }
  }
  return out;
})()`)
				for _, b := range bad {
					t.Error(b)
				}
				if vp.mobile {
					// The registration link is a finger's target, the list's text readable.
					got := eval[[]float64](t, tb, `(() => { const a = document.querySelector('.sc-register').getBoundingClientRect();
  return [a.width, a.height, parseFloat(getComputedStyle(document.querySelector('.sc-facts')).fontSize)]; })()`)
					if got[0] < 24 || got[1] < 24 || got[2] < 14 {
						t.Errorf("报名 is %vx%v px (at least 24x24), the list's text %v px (at least 14)", got[0], got[1], got[2])
					}
				}
				tb.screenshot(t, "controls-"+vp.name+"-"+lang+".png")
			})
		}
	}
}

// An address that cannot be found clears the last search's list, markers
// and area, and says why: outside the region on the page, in another
// district in a district's widget.
func TestBrowserFailedAddressClears(t *testing.T) {
	for _, tc := range []struct {
		name, page, root, first, bad string
		want                         []string
	}{
		{"page outside the region", env.api.URL + "/", `document`, "天一广场", "北京市朝阳区建国路1号", []string{"不在宁波市"}},
		{"widget, another district", "/widget?" + url.Values{"district": {"330212"}}.Encode(),
			`document.querySelector('skillcircle-widget').shadowRoot`, "下应街道永丰街42号", "庄桥街道", []string{"江北区", "不在鄞州区"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newTab(t)
			page := tc.page
			if strings.HasPrefix(page, "/widget") {
				page = env.host.URL + page + "&" + url.Values{"api": {env.api.URL}}.Encode()
			}
			tb.do(t, chromedp.Navigate(page))
			tb.waitFor(t, "the app", `(() => { try { return `+tc.root+`.querySelector('.sc-app').dataset.state === 'idle'; } catch (e) { return false; } })()`)
			typeAddress(t, tb, tc.root, tc.first)
			if d := readPage(t, tb, tc.root); len(d.Courses) == 0 || len(d.Markers) == 0 {
				t.Fatalf("the first search found %d courses at %d markers", len(d.Courses), len(d.Markers))
			}
			tb.expect("404 (Not Found)")
			tb.do(t, chromedp.Evaluate[chromedp.Void](`(() => { const i = `+tc.root+`.querySelector('input[type=search]'); i.focus(); i.value = ''; })()`),
				chromedp.KeyEvent(tc.bad), chromedp.KeyEvent("\r"))
			tb.waitFor(t, "not found", tc.root+`.querySelector('.sc-app').dataset.state === 'error'`)
			d := readPage(t, tb, tc.root)
			if len(d.Courses) != 0 || len(d.Markers) != 0 || d.Hexagons != 0 || d.Origin.Lat != 0 {
				t.Errorf("after a failed search the page still shows %d courses, %d markers, %d hexagons, origin %v", len(d.Courses), len(d.Markers), d.Hexagons, d.Origin)
			}
			for _, w := range tc.want {
				if !strings.Contains(d.Status, w) {
					t.Errorf("status %q does not say %q", d.Status, w)
				}
			}
			tb.checkClean(t)
		})
	}
}

// From the list, a course's 详情 opens its page with the search's starting
// point; a marker whose courses are not in the list links to the site's
// page, which lists them all.
func TestBrowserCourseAndSitePages(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(1366, 900))
	tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v&mode=ebike&minutes=30", env.api.URL, tianyi[1], tianyi[0])))
	tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
	first := eval[struct{ ID, Title, Href string }](t, tb, `(() => { const li = document.querySelector('.sc-course');
  return { ID: li.dataset.courseId, Title: li.querySelector('.sc-course-title').firstChild.textContent, Href: li.querySelector('.sc-details').href }; })()`)
	u, err := url.Parse(first.Href)
	if err != nil || u.Path != "/courses/"+first.ID || u.Query().Get("mode") != "ebike" || u.Query().Get("lat") != fmt.Sprint(tianyi[1]) {
		t.Fatalf("详情 links %s", first.Href)
	}
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-course .sc-details`)), chromedp.WaitVisible(chromedp.CSS(`.sc-detail-title`)))
	if got := eval[string](t, tb, `document.querySelector('.sc-detail-title').textContent`); got != first.Title {
		t.Errorf("the course page is titled %q, the list said %q", got, first.Title)
	}
	if n := eval[int](t, tb, `document.querySelectorAll('.sc-directions-link').length`); n < 3 {
		t.Errorf("%d directions links", n)
	}
	tb.screenshot(t, "course-page.png")
	tb.checkClean(t, "https://uri.amap.com/", "https://api.map.baidu.com/", "https://apis.map.qq.com/")

	// A marker none of whose courses is in the first page of the list.
	tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v&mode=ebike&minutes=30", env.api.URL, tianyi[1], tianyi[0])))
	tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
	site := eval[string](t, tb, `(() => { const listed = new Set(Array.from(document.querySelectorAll('.sc-course')).map((li) => li.dataset.siteId));
  const m = Array.from(document.querySelectorAll('.sc-site')).find((m) => !listed.has(m.dataset.siteId)); return m ? m.dataset.siteId : ''; })()`)
	if site == "" {
		t.Fatal("every marker has a course in the list; nothing to test")
	}
	tb.do(t, chromedp.Focus(chromedp.CSS(`.sc-site[data-site-id="`+site+`"]`)), chromedp.KeyEvent("\r"))
	tb.waitFor(t, "the site link", `!document.querySelector('.sc-site-link').hidden`)
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-site-link a`)), chromedp.WaitVisible(chromedp.CSS(`.sc-detail[data-kind=site]`)))
	var detail struct {
		Courses []struct{ ID string }
	}
	apiGet(t, "/v1/sites/"+site, nil, &detail)
	if n := eval[int](t, tb, `document.querySelectorAll('.sc-detail-courses li').length`); n != len(detail.Courses) || n == 0 {
		t.Errorf("the site page lists %d courses; /v1/sites/%s has %d", n, site, len(detail.Courses))
	}
	tb.screenshot(t, "site-page.png")
}

// The reach is drawn in minute bands: for 15 minutes on foot, the 5- and
// 10-minute outlines inside the 15-minute one, nested, with a key.
func TestBrowserMinuteBands(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(1366, 900))
	for _, tc := range []struct {
		minutes int
		bands   string
	}{{15, "5,10,15"}, {30, "10,20,30"}} {
		tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v&minutes=%d", env.api.URL, tianyi[1], tianyi[0], tc.minutes)))
		tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
		got := eval[struct {
			Key    string
			Boxes  [][4]float64
			Labels string
		}](t, tb, `(() => {
  const box = (el) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const key = document.querySelector('.sc-legend-bands');
  return { Key: key ? key.dataset.bands : '', Labels: key ? key.textContent : '',
    Boxes: ['path.sc-band-0', 'path.sc-band-1', 'path.sc-reach'].map((s) => document.querySelector(s)).filter(Boolean).map(box) };
})()`)
		if got.Key != tc.bands {
			t.Errorf("%d minutes: the key shows bands %q, want %q", tc.minutes, got.Key, tc.bands)
		}
		if len(got.Boxes) != 3 {
			t.Fatalf("%d minutes: %d of the band outlines drawn", tc.minutes, len(got.Boxes))
		}
		for i := 0; i < 2; i++ {
			in, out := got.Boxes[i], got.Boxes[i+1]
			if in[0] < out[0]-1 || in[1] < out[1]-1 || in[2] > out[2]+1 || in[3] > out[3]+1 || (in[2]-in[0]) >= (out[2]-out[0]) {
				t.Errorf("%d minutes: band %d (%v) is not inside band %d (%v)", tc.minutes, i, in, i+1, out)
			}
		}
	}
	tb.screenshot(t, "minute-bands.png")
	tb.checkClean(t)
}

// Back returns to the previous starting point (each new one is an entry in
// the history), and a search with nothing in reach offers the nearest
// course, which one click shows.
func TestBrowserHistoryAndNearest(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(1366, 900))
	tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v", env.api.URL, tianyi[1], tianyi[0])))
	tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
	firstList := eval[string](t, tb, `Array.from(document.querySelectorAll('.sc-course')).map((li) => li.dataset.courseId).join(',')`)
	typeAddress(t, tb, "document", "姜山镇")
	if u := eval[string](t, tb, `decodeURIComponent(location.search)`); !strings.Contains(u, "address=姜山镇") {
		t.Fatalf("URL %q", u)
	}
	runs := eval[string](t, tb, `document.querySelector('.sc-app').dataset.runs`)
	tb.do(t, chromedp.NavigateBack())
	tb.waitFor(t, "the search after Back", `document.querySelector('.sc-app').dataset.runs !== '`+runs+`' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if u := eval[string](t, tb, `location.search`); !strings.Contains(u, fmt.Sprint(tianyi[1])) || strings.Contains(u, "address") {
		t.Errorf("Back went to %q", u)
	}
	if got := eval[string](t, tb, `Array.from(document.querySelectorAll('.sc-course')).map((li) => li.dataset.courseId).join(',')`); got != firstList {
		t.Errorf("after Back the list is not the first search's")
	}
	if h := eval[int](t, tb, `history.length`); h < 2 {
		t.Errorf("history has %d entries", h)
	}

	// A 5-minute walk from the edge of 奉化 finds nothing; the page finds the nearest.
	tb.do(t, chromedp.Navigate(env.api.URL+"/?lat=29.6&lng=121.4&minutes=5"))
	tb.waitFor(t, "the nearest course", `!document.querySelector('.sc-nearest').hidden`)
	var want searchResult
	for _, m := range []string{"15", "30", "45", "60"} {
		apiGet(t, "/v1/search", url.Values{"lat": {"29.6"}, "lng": {"121.4"}, "minutes": {m}, "limit": {"1"}, "sort": {"travel"}}, &want)
		if len(want.Hits) > 0 {
			break
		}
	}
	text := eval[string](t, tb, `document.querySelector('.sc-nearest').textContent`)
	if len(want.Hits) == 0 || !strings.Contains(text, want.Hits[0].Course.Title) {
		t.Fatalf("the nearest course says %q; the API's nearest is %+v", text, want.Hits)
	}
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-nearest button`)))
	tb.waitFor(t, "the wider search", `document.querySelectorAll('.sc-course').length > 0 && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if got := eval[string](t, tb, `document.querySelector('.sc-course').dataset.courseId`); got != want.Hits[0].Course.ID {
		t.Errorf("the wider search starts with %s, the nearest was %s", got, want.Hits[0].Course.ID)
	}
	tb.checkClean(t)
}

// On a phone the map leaves room for the list, and choosing a course
// brings the map (with its marker) into sight.
func TestBrowserPhoneCourseShowsMap(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v&mode=ebike&minutes=15", env.api.URL, tianyi[1], tianyi[0])))
	tb.waitFor(t, "the search", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if h := eval[float64](t, tb, `document.querySelector('.sc-map').getBoundingClientRect().height`); h > 812*0.45 {
		t.Errorf("the map takes %v of 812 px", h)
	}
	// Scroll down the list, tap its tenth course.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.sc-course')[9].scrollIntoView()`))
	if top := eval[float64](t, tb, `document.querySelector('.sc-map').getBoundingClientRect().bottom`); top > 0 {
		t.Fatalf("the map is still in sight (bottom %v): the list is too short to test", top)
	}
	site := eval[string](t, tb, `document.querySelectorAll('.sc-course')[9].dataset.siteId`)
	tb.do(t, chromedp.Click(chromedp.CSS(`.sc-course:nth-child(10) .sc-course-title`)))
	box := eval[[]float64](t, tb, `(() => { const b = document.querySelector('.sc-map').getBoundingClientRect(); return [b.top, b.bottom]; })()`)
	if box[0] < -1 || box[1] > 812+1 {
		t.Errorf("after tapping a course the map is at %v..%v of 812 px", box[0], box[1])
	}
	if active := eval[string](t, tb, `(document.querySelector('.sc-site.sc-active') || {dataset: {}}).dataset.siteId || ''`); active != site {
		t.Errorf("marker %q highlighted, want %s", active, site)
	}
}

// A slip of pinyin input (数空 for 数控, shukogn) or an English trade name
// (welder) finds the trade, and the page says what it searched for.
func TestBrowserTypos(t *testing.T) {
	tb := newTab(t)
	for _, tc := range []struct{ typed, says, trade string }{
		{"数空", "已为您显示“数控”的结果", "数控"},
		{"shukogn", "已为您显示“数控”的结果", "数控"},
		{"电共", "已为您显示“电工”的结果", "电工"},
		{"welder", "", "焊"},
	} {
		tb.do(t, chromedp.Navigate(fmt.Sprintf("%s/?lat=%v&lng=%v&mode=ebike&minutes=30&q=%s", env.api.URL, tianyi[1], tianyi[0], url.QueryEscape(tc.typed))))
		tb.waitFor(t, "the search for "+tc.typed, `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.state === 'ready'`)
		got := readPage(t, tb, "document")
		if len(got.Courses) == 0 || !strings.Contains(got.Courses[0].Text, tc.trade) {
			t.Errorf("%s: %d courses, the first %.60q", tc.typed, len(got.Courses), func() string {
				if len(got.Courses) > 0 {
					return got.Courses[0].Text
				}
				return ""
			}())
		}
		if tc.says != "" {
			if s := eval[string](t, tb, `document.querySelector('.sc-spelling').hidden ? '' : document.querySelector('.sc-spelling').textContent`); !strings.Contains(s, tc.says) {
				t.Errorf("%s: the page says %q", tc.typed, s)
			}
		}
	}
	tb.checkClean(t)
}

// The base map's names never cover one another: at the region's view and
// zoomed in, every name shown is clear of the others.
func TestBrowserNamesDoNotCollide(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.EmulateViewport(1366, 900))
	tb.do(t, chromedp.Navigate(env.api.URL+"/"))
	tb.waitFor(t, "the base map", `document.querySelectorAll('.sc-map .sc-district-name').length === 10`)
	overlaps := `(() => {
  const els = Array.from(document.querySelectorAll('.sc-map .sc-label')).filter((el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden');
  const rs = els.map((el) => [el.textContent, el.firstChild.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
  const out = [];
  for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) {
    const a = rs[i][1], b = rs[j][1];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(rs[i][0] + ' / ' + rs[j][0]);
  }
  return [String(rs.length)].concat(out);
})()`
	for step := range 4 {
		if step > 0 {
			// In, step by step, from the whole region to its townships.
			for range 2 {
				tb.do(t, chromedp.Click(chromedp.CSS(".leaflet-control-zoom-in")))
			}
			time.Sleep(800 * time.Millisecond) // the zoom animates
		}
		got := eval[[]string](t, tb, overlaps)
		if got[0] == "0" {
			t.Errorf("step %d: no name shown at all", step)
		}
		if len(got) > 1 {
			t.Errorf("step %d: %d pairs of %s names overlap: %v", step, len(got)-1, got[0], got[1:])
		}
	}
}
