package index_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/geocode"
)

// TestSearchFromHomeAndWork: a search from two origins finds exactly the
// courses either finds alone, each at the smaller of the two times and
// said to come from that origin, nearest first.
func TestSearchFromHomeAndWork(t *testing.T) {
	_, snap := ningboSnapshot(t)
	home, err := snap.Origin("address", "东门口")
	if err != nil {
		t.Fatal(err)
	}
	far, err := snap.Workplace("E0010") // 均胜电子, in the 高新区, 9 km away
	if err != nil {
		t.Fatal(err)
	}
	near, err := snap.Origin("workplace", "福明街道") // 3 km away
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		mode geo.Mode
		work geocode.Match
		both bool // some courses are reachable from both
	}{{geo.Walk, far, false}, {geo.EBike, far, false}, {geo.EBike, near, true}, {geo.Bike, near, true}} {
		mode, work := tt.mode, tt.work
		both := 0
		q := index.Query{Mode: mode, Minutes: 15}
		q.Origin = home.Point
		fromHome := searchAll(t, snap, q)
		q.Origin = work.Point
		fromWork := searchAll(t, snap, q)
		if len(fromHome) == 0 || len(fromWork) == 0 {
			t.Fatalf("%s: %d courses from home, %d from work: the test needs both", mode, len(fromHome), len(fromWork))
		}
		q.Origin = orb.Point{}
		q.Origins = []index.Origin{{Name: "home", Point: home.Point}, {Name: "work", Point: work.Point}}
		q.Limit = index.MaxLimit
		seen := map[string]bool{}
		prev := -1.0
		for q.Offset = 0; ; q.Offset += q.Limit {
			res, err := snap.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				id, m := h.Course.ID, *h.TravelMinutes
				seen[id] = true
				hm, inHome := fromHome[id]
				wm, inWork := fromWork[id]
				want, from := math.Inf(1), ""
				if inHome {
					want, from = hm, "home"
				}
				if inWork && wm < want {
					want, from = wm, "work"
				}
				if from == "" || math.Abs(m-want) > 0.051 || (h.Origin != from && hm != wm) {
					t.Fatalf("%s: %s at %.1f min from %q; alone: home %v %.1f, work %v %.1f", mode, id, m, h.Origin, inHome, hm, inWork, wm)
				}
				if inHome && inWork {
					both++
				}
				if m < prev {
					t.Fatalf("%s: not nearest first", mode)
				}
				prev = m
			}
			if q.Offset+q.Limit >= res.Total {
				break
			}
		}
		if tt.both && both == 0 {
			t.Errorf("%s: no course reachable from both: the test does not exercise the choice", mode)
		}
		for id := range fromHome {
			if !seen[id] {
				t.Errorf("%s: %s reachable from home is missing", mode, id)
			}
		}
		for id := range fromWork {
			if !seen[id] {
				t.Errorf("%s: %s reachable from work is missing", mode, id)
			}
		}
	}
}

func TestSearchOriginsRefused(t *testing.T) {
	_, snap := ningboSnapshot(t)
	p := orb.Point{121.55, 29.87}
	for name, origins := range map[string][]index.Origin{
		"no name":   {{Point: p}},
		"twice":     {{Name: "home", Point: p}, {Name: "home", Point: p}},
		"too many":  {{Name: "a", Point: p}, {Name: "b", Point: p}, {Name: "c", Point: p}, {Name: "d", Point: p}, {Name: "e", Point: p}},
		"bad point": {{Name: "home", Point: orb.Point{200, 29}}},
	} {
		_, err := snap.Search(context.Background(), index.Query{Origins: origins})
		var qe *index.QueryError
		if !errors.As(err, &qe) || qe.Field != "origins" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestOriginAndWorkplace(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	enterprise := func(id string) orb.Point {
		for _, e := range cat.Enterprises {
			if e.ID == id {
				return e.Location
			}
		}
		t.Fatalf("no enterprise %s", id)
		return orb.Point{}
	}
	tests := []struct {
		name, field, text string
		want              orb.Point // zero: only that it is found
		level             geocode.Level
		errField          string // a *QueryError on this field
		notFound          bool
	}{
		{"enterprise by id", "workplace", "E0001", enterprise("E0001"), geocode.LevelPlace, "", false},
		{"enterprise by short name", "workplace", "海天集团", enterprise("E0001"), geocode.LevelPlace, "", false},
		{"enterprise by a part of its name", "workplace", "博达服饰", enterprise("E0011"), geocode.LevelPlace, "", false},
		{"a workplace that is an address", "workplace", "鄞州区姜山镇", orb.Point{}, geocode.LevelTownship, "", false},
		{"a part many enterprises share", "workplace", "服饰", orb.Point{}, "", "workplace", false},
		{"an ambiguous address", "address", "职教中心", orb.Point{}, "", "address", false},
		{"an empty address", "address", "  ", orb.Point{}, "", "address", false},
		{"an address outside", "address", "北京市朝阳区建国路88号", orb.Point{}, "", "", true},
		{"nonsense", "workplace", "asdfgh", orb.Point{}, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m geocode.Match
			var err error
			if tt.field == "workplace" {
				m, err = snap.Workplace(tt.text)
			} else {
				m, err = snap.Origin(tt.field, tt.text)
			}
			var qe *index.QueryError
			switch {
			case tt.errField != "":
				if !errors.As(err, &qe) || qe.Field != tt.errField {
					t.Fatalf("err = %v, want a QueryError on %s", err, tt.errField)
				}
			case tt.notFound:
				if !errors.Is(err, index.ErrNotFound) {
					t.Fatalf("err = %v, want not found", err)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if m.Level != tt.level || (tt.want != orb.Point{} && geo.Distance(m.Point, tt.want) > 1) {
					t.Errorf("got %+v", m)
				}
			}
		})
	}
}

func TestReverse(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	// Every township's centre lies in its district and is nearest to
	// itself.
	for _, tw := range cat.Townships {
		loc, err := snap.Reverse(tw.Center)
		if err != nil || loc.District.Code != tw.DistrictCode || loc.Township.Code != tw.Code || !loc.TownshipApproximate || loc.TownshipMetres > 1 {
			t.Errorf("%s %s: %+v %v", tw.Code, tw.Name, loc, err)
		}
	}
	if _, err := snap.Reverse(orb.Point{116.397, 39.909}); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Beijing: %v", err)
	}
	var qe *index.QueryError
	if _, err := snap.Reverse(orb.Point{121.5, 95}); !errors.As(err, &qe) {
		t.Errorf("latitude 95: %v", err)
	}
}
