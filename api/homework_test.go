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

type commuteResult struct {
	Along *struct {
		Along             string
		DetourMinutes     int     `json:"detour_minutes"`
		WorkToHomeMinutes float64 `json:"work_to_home_minutes"`
	}
	Total int
	Sites []struct {
		Site            struct{ ID string }
		TravelMinutes   float64  `json:"travel_minutes"`
		MinutesFromWork *float64 `json:"minutes_from_work"`
		MinutesToHome   *float64 `json:"minutes_to_home"`
		DetourMinutes   *float64 `json:"detour_minutes"`
	}
	Hits []struct {
		Site            *struct{ ID string }
		TravelMinutes   *float64 `json:"travel_minutes"`
		MinutesFromWork *float64 `json:"minutes_from_work"`
		MinutesToHome   *float64 `json:"minutes_to_home"`
		DetourMinutes   *float64 `json:"detour_minutes"`
	}
}

// 顺路: the courses on the way from work to home. Every site listed adds
// at most detour minutes to the trip by the same travel model as every
// other search (its legs are the times a search from work and one from
// home give, which the estimate makes the same both ways), every site
// that does is listed, and one far off the way is not.
func TestSearchAlongCommute(t *testing.T) {
	home := [2]float64{29.8585, 121.5440} // 鄞州, south of the centre
	work := [2]float64{29.8900, 121.5600} // 江北, north of the centre
	base := fmt.Sprintf("/v1/search?mode=ebike&include_sites=true&limit=50&home_lat=%v&home_lng=%v&work_lat=%v&work_lng=%v", home[0], home[1], work[0], work[1])
	// The legs, from a search from each end that reaches far enough.
	legs := map[string]map[string]float64{}
	for role, pt := range map[string][2]float64{"work": work, "home": home} {
		var r commuteResult
		get(t, fmt.Sprintf("/v1/search?mode=ebike&minutes=60&include_sites=true&limit=1&lat=%v&lng=%v", pt[0], pt[1]), &r)
		legs[role] = map[string]float64{}
		for _, s := range r.Sites {
			legs[role][s.Site.ID] = s.TravelMinutes
		}
	}
	for _, detour := range []int{0, 5, 10, 30} {
		t.Run(fmt.Sprint("detour ", detour), func(t *testing.T) {
			var r commuteResult
			get(t, base+fmt.Sprintf("&along=commute&detour=%d", detour), &r)
			if r.Along == nil || r.Along.Along != "commute" || r.Along.DetourMinutes != detour || r.Along.WorkToHomeMinutes <= 0 {
				t.Fatalf("along %+v", r.Along)
			}
			direct := r.Along.WorkToHomeMinutes
			listed := map[string]bool{}
			for _, s := range r.Sites {
				listed[s.Site.ID] = true
				if s.MinutesFromWork == nil || s.MinutesToHome == nil || s.DetourMinutes == nil {
					t.Fatalf("site %s without its legs", s.Site.ID)
				}
				w, h, d := *s.MinutesFromWork, *s.MinutesToHome, *s.DetourMinutes
				if w+h > direct+float64(detour)+0.2 || d > float64(detour)+0.05 || s.TravelMinutes != d {
					t.Errorf("site %s: %v + %v against %v + %d (detour %v, travel %v)", s.Site.ID, w, h, direct, detour, d, s.TravelMinutes)
				}
				if lw, ok := legs["work"][s.Site.ID]; !ok || abs(lw-w) > 0.11 {
					t.Errorf("site %s: %v from work, a search from work says %v", s.Site.ID, w, lw)
				}
				if lh, ok := legs["home"][s.Site.ID]; !ok || abs(lh-h) > 0.11 {
					t.Errorf("site %s: %v to home, a search from home says %v", s.Site.ID, h, lh)
				}
			}
			// Every site the two legs put on the way is listed; one clearly off it is not.
			off := 0
			for id, w := range legs["work"] {
				h, ok := legs["home"][id]
				if !ok {
					continue
				}
				switch sum := w + h; {
				case sum < direct+float64(detour)-0.25 && !listed[id]:
					t.Errorf("site %s (%v + %v against %v + %d) is on the way but not listed", id, w, h, direct, detour)
				case sum > direct+float64(detour)+0.25:
					off++
					if listed[id] {
						t.Errorf("site %s (%v + %v) is off the way but listed", id, w, h)
					}
				}
			}
			if off == 0 {
				t.Error("no site off the way to test against")
			}
			prev := -1.0
			for _, h := range r.Hits {
				if h.DetourMinutes == nil || h.TravelMinutes == nil || *h.TravelMinutes != *h.DetourMinutes || *h.DetourMinutes < prev {
					t.Fatalf("hits not ordered by detour, or without it: %+v", h)
				}
				prev = *h.DetourMinutes
			}
			if detour == 0 {
				for _, s := range r.Sites {
					if *s.DetourMinutes != 0 {
						t.Errorf("detour 0 lists site %s adding %v", s.Site.ID, *s.DetourMinutes)
					}
				}
			}
		})
	}
	// By metro: answered, and each hit within the detour by its own legs.
	var tr commuteResult
	get(t, strings.Replace(base, "mode=ebike", "mode=transit", 1)+"&along=commute&detour=15", &tr)
	for _, s := range tr.Sites {
		if *s.MinutesFromWork+*s.MinutesToHome > tr.Along.WorkToHomeMinutes+15.2 {
			t.Errorf("transit: site %s %v + %v against %v + 15", s.Site.ID, *s.MinutesFromWork, *s.MinutesToHome, tr.Along.WorkToHomeMinutes)
		}
	}

	for _, tc := range []struct{ query, param string }{
		{"&along=there", "along"},
		{"&along=commute&detour=31", "detour"},
		{"&along=commute&detour=-1", "detour"},
		{"&detour=5", "detour"},
	} {
		var e struct {
			Error struct{ Code, Param, Message string }
		}
		if resp := get(t, base+tc.query, &e); resp.StatusCode != 400 || e.Error.Param != tc.param {
			t.Errorf("%s: %d %+v, want 400 naming %s", tc.query, resp.StatusCode, e.Error, tc.param)
		}
	}
	var e struct {
		Error struct{ Code, Param, Message string }
	}
	if resp := get(t, fmt.Sprintf("/v1/search?along=commute&lat=%v&lng=%v", home[0], home[1]), &e); resp.StatusCode != 400 || e.Error.Param != "along" {
		t.Errorf("along without home and work: %d %+v", resp.StatusCode, e.Error)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// 按上课时间选出发地: with fit_schedule, every weekday-evening course is
// timed from the workplace, every weekend one from home, and each is the
// nearest site's from there; without it, the nearer end for every course.
func TestSearchFitSchedule(t *testing.T) {
	home := [2]float64{29.773448, 121.525168} // 姜山镇
	work := [2]float64{29.8730, 121.5503}     // 天一广场
	q := fmt.Sprintf("/v1/search?mode=ebike&minutes=15&limit=100&home_lat=%v&home_lng=%v&work_lat=%v&work_lng=%v", home[0], home[1], work[0], work[1])
	type fitHits struct {
		Total int
		Hits  []struct {
			Course        struct{ ID, Schedule string }
			Site          *struct{ ID string }
			TravelMinutes *float64 `json:"travel_minutes"`
			Origin        string
		}
	}
	alone := map[string]map[string]float64{} // role -> course -> minutes from there alone
	for role, pt := range map[string][2]float64{"home": home, "work": work} {
		var r fitHits
		get(t, fmt.Sprintf("/v1/search?mode=ebike&minutes=15&limit=100&lat=%v&lng=%v", pt[0], pt[1]), &r)
		alone[role] = map[string]float64{}
		for _, h := range r.Hits {
			alone[role][h.Course.ID] = *h.TravelMinutes
		}
	}
	for _, sched := range []string{"weekday_evening", "weekend", "weekday_daytime"} {
		var fit fitHits
		get(t, q+"&fit_schedule=true&schedule="+sched, &fit)
		if len(fit.Hits) == 0 {
			t.Fatalf("%s: nothing found", sched)
		}
		for _, h := range fit.Hits {
			want := map[string]string{"weekday_evening": "work", "weekend": "home"}[sched]
			if want != "" && h.Origin != want {
				t.Errorf("%s course %s counted from %s", sched, h.Course.ID, h.Origin)
			}
			if m, ok := alone[h.Origin][h.Course.ID]; ok && m != *h.TravelMinutes {
				t.Errorf("%s course %s: %v min from %s, a search from there alone says %v", sched, h.Course.ID, *h.TravelMinutes, h.Origin, m)
			}
		}
	}
	// Without the switch, an evening class near home is still found from home.
	var plain fitHits
	get(t, q+"&schedule=weekday_evening", &plain)
	roles := map[string]int{}
	for _, h := range plain.Hits {
		roles[h.Origin]++
	}
	if roles["home"] == 0 {
		t.Errorf("without fit_schedule no evening class is counted from home (%v): the test shows nothing", roles)
	}
	for _, tc := range []struct{ query, param string }{
		{fmt.Sprintf("/v1/search?lat=%v&lng=%v&fit_schedule=true", home[0], home[1]), "fit_schedule"},
		{q + "&fit_schedule=true&along=commute", "fit_schedule"},
		{q + "&fit_schedule=maybe", "fit_schedule"},
	} {
		var e struct {
			Error struct{ Code, Param, Message string }
		}
		if resp := get(t, tc.query, &e); resp.StatusCode != 400 || e.Error.Param != tc.param {
			t.Errorf("%s: %d %+v, want 400 naming %s", tc.query, resp.StatusCode, e.Error, tc.param)
		}
	}
}
