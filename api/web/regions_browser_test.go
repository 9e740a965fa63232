package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// TestBrowserSecondRegion: a server of two regions, Ningbo and the Monaco
// test catalogue (index/testdata/monaco), and the search page in
// Chromium for Monaco, named by region= or found from the point: the base
// map, the sites, the reach and the courses are Monaco's, every request the page
// makes names the region, and the URL keeps it.
func TestBrowserSecondRegion(t *testing.T) {
	setup(t)
	cat, _, err := data.Load(os.DirFS(testfixture.Path(t, "index/testdata/monaco")), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "monaco.db")
	if _, err := index.Build(context.Background(), path, cat, index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	monaco, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer monaco.Close()
	s, err := api.NewRegions([]api.RegionSource{{Snapshot: env.snap}, {Snapshot: monaco}}, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()

	for _, start := range []string{"/?region=monaco-test&lat=43.7393&lng=7.4278", "/?lat=43.7393&lng=7.4278&q=数控"} {
		tb := newTab(t)
		tb.do(t, chromedp.Navigate(srv.URL+start))
		tb.waitFor(t, "Monaco's base map and a search", `document.querySelectorAll('path.sc-district').length === 2 &&
			document.querySelector('.sc-app').dataset.state === 'ready'`)
		got := readPage(t, tb, `document`)
		if len(got.Courses) == 0 || len(got.Markers) == 0 || got.Hexagons == 0 {
			t.Fatalf("%s: %d courses, %d sites, %d hexagons drawn: %s", start, len(got.Courses), len(got.Markers), got.Hexagons, got.Status)
		}
		for _, m := range got.Markers {
			if _, err := monaco.Site(m.ID); err != nil {
				t.Errorf("%s: site %s is not Monaco's", start, m.ID)
			}
		}
		for _, c := range got.Courses {
			if _, err := monaco.Course(c.ID); err != nil {
				t.Errorf("%s: course %s is not Monaco's", start, c.ID)
			}
		}
		if u := eval[string](t, tb, `window.location.search`); !strings.Contains(u, "region=monaco-test") {
			t.Errorf("%s: the URL lost the region: %s", start, u)
		}
		tb.mu.Lock()
		for _, r := range tb.requests {
			if strings.Contains(r, "/v1/") && !strings.Contains(r, "/v1/convert") && !strings.Contains(r, "region=monaco-test") {
				t.Errorf("%s: a request without the region: %s", start, r)
			}
		}
		tb.mu.Unlock()
		tb.checkClean(t, srv.URL+"/")
		tb.screenshot(t, "search-page-second-region.png")
	}
}
