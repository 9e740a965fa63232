package api_test

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
)

type homeWorkResult struct {
	Total   int
	Origins []struct {
		Role, Level, Name string
		Lat, Lng          float64
		District          *struct{ Code string }
	}
	Sites []struct {
		Site          struct{ ID string }
		TravelMinutes float64 `json:"travel_minutes"`
		Origin        string
	}
	Hits []struct {
		TravelMinutes float64 `json:"travel_minutes"`
		Origin        string
	}
}

// A home and a workplace given as points (as the page sends them): the
// search starts from both, every reachable site is the nearer origin's,
// and the set is the union of the two searches from each alone.
func TestSearchFromHomeAndWorkPoints(t *testing.T) {
	home := [2]float64{29.773448, 121.525168} // 姜山镇
	work := [2]float64{29.8730, 121.5503}     // 天一广场
	params := func(extra string) string {
		return "/v1/search?mode=ebike&minutes=15&include_sites=true&limit=100&" + extra
	}
	var both homeWorkResult
	get(t, params(fmt.Sprintf("home_lat=%v&home_lng=%v&work_lat=%v&work_lng=%v", home[0], home[1], work[0], work[1])), &both)
	if len(both.Origins) != 2 || both.Origins[0].Role != "home" || both.Origins[1].Role != "work" || both.Origins[0].Level != "point" ||
		both.Origins[0].Name != "姜山镇" || both.Origins[0].District == nil || both.Origins[0].District.Code != "330212" {
		t.Fatalf("origins %+v", both.Origins)
	}
	alone := map[string]map[string]float64{}
	for role, pt := range map[string][2]float64{"home": home, "work": work} {
		var r homeWorkResult
		get(t, params(fmt.Sprintf("lat=%v&lng=%v", pt[0], pt[1])), &r)
		alone[role] = map[string]float64{}
		for _, s := range r.Sites {
			alone[role][s.Site.ID] = s.TravelMinutes
		}
	}
	var union []string
	for _, m := range alone {
		for id := range m {
			union = append(union, id)
		}
	}
	sort.Strings(union)
	union = compactStrings(union)
	var got []string
	for _, s := range both.Sites {
		got = append(got, s.Site.ID)
		h, okH := alone["home"][s.Site.ID]
		w, okW := alone["work"][s.Site.ID]
		want := "home"
		if !okH || (okW && w < h) {
			want = "work"
		}
		if s.Origin != want {
			t.Errorf("site %s is said to be reached from %s (home %v %v, work %v %v)", s.Site.ID, s.Origin, h, okH, w, okW)
		}
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(union, ",") {
		t.Errorf("%d sites from home and work; the two searches alone reach %d", len(got), len(union))
	}
	for _, h := range both.Hits {
		if h.Origin != "home" && h.Origin != "work" || h.TravelMinutes > 15 {
			t.Errorf("hit from %q in %v minutes", h.Origin, h.TravelMinutes)
		}
	}

	// Bad combinations are a 400 naming the parameter to fix.
	for _, tc := range []struct{ query, param string }{
		{"home_lat=29.77", "home_lng"},
		{"work_lng=121.5", "work_lat"},
		{"home_lat=29.77&home_lng=121.52&address=" + url.QueryEscape("姜山镇"), "home_lat"},
		{"work_lat=29.87&work_lng=121.55&workplace=E0001", "work_lat"},
		{"home_lat=29.77&home_lng=121.52&lat=29.87&lng=121.55", "lat"},
		{"home_lat=north&home_lng=121.52", "home_lat"},
		{"home_lat=29.77&home_lng=999", "home_lng"},
	} {
		var e struct {
			Error struct{ Code, Param, Message string }
		}
		resp := get(t, params(tc.query), &e)
		if resp.StatusCode != 400 || e.Error.Param != tc.param {
			t.Errorf("%s: %d %+v, want 400 naming %s", tc.query, resp.StatusCode, e.Error, tc.param)
		}
	}
}

func compactStrings(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
