package index_test

import (
	"context"
	"testing"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// Result.Sites is what a map draws: every reachable site with at least one
// matching course, nearest first, with the matching courses counted at
// each, recounted here from the catalogue by brute force.
func TestSearchSites(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	models := snap.Meta().TravelModels
	for _, tc := range []struct {
		name  string
		query index.Query
	}{
		{"walk 15", index.Query{Origin: tianyiSquare, Mode: geo.Walk, Minutes: 15}},
		{"ebike 30 manufacturing", index.Query{Origin: tianyiSquare, Mode: geo.EBike, Minutes: 30,
			Filters: index.Filters{Families: []data.Family{data.Manufacturing}}}},
		{"bike 20 weekend in 海曙", index.Query{Origin: tianyiSquare, Mode: geo.Bike, Minutes: 20,
			Filters: index.Filters{Schedules: []data.Schedule{data.Weekend}, Districts: []string{"330203"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := snap.Search(context.Background(), tc.query)
			if err != nil {
				t.Fatal(err)
			}
			model, _ := models.Get(tc.query.Mode)
			want := map[string]int{}
			for _, c := range cat.Courses {
				if !c.Delivery.AtSite() || !passes(c, tc.query.Filters) {
					continue
				}
				for _, id := range c.SiteIDs {
					site := siteByID(cat, id)
					if model.Minutes(tc.query.Origin, site.Location) > float64(tc.query.Minutes) {
						continue
					}
					if len(tc.query.Filters.Districts) > 0 && site.DistrictCode != tc.query.Filters.Districts[0] {
						continue
					}
					want[id]++
				}
			}
			if len(res.Sites) == 0 || len(res.Sites) != len(want) || res.ReachableSites != len(res.Sites) {
				t.Fatalf("%d sites (ReachableSites %d), want %d", len(res.Sites), res.ReachableSites, len(want))
			}
			for i, sh := range res.Sites {
				if sh.Courses != want[sh.Site.ID] {
					t.Errorf("site %s: %d courses, want %d", sh.Site.ID, sh.Courses, want[sh.Site.ID])
				}
				if i > 0 && sh.TravelMinutes < res.Sites[i-1].TravelMinutes {
					t.Errorf("site %d (%v min) comes after one at %v min", i, sh.TravelMinutes, res.Sites[i-1].TravelMinutes)
				}
			}
			// Every hit's site is one of the markers, at the same time.
			at := map[string]float64{}
			for _, sh := range res.Sites {
				at[sh.Site.ID] = sh.TravelMinutes
			}
			for _, h := range res.Hits {
				if m, ok := at[h.Site.ID]; !ok || m != *h.TravelMinutes {
					t.Errorf("hit %s at site %s (%v min) is not among the sites (%v, %v)", h.Course.ID, h.Site.ID, *h.TravelMinutes, m, ok)
				}
			}
		})
	}
}

// passes applies the filters the table above uses.
func passes(c data.Course, f index.Filters) bool {
	if len(f.Families) > 0 && c.Family != f.Families[0] {
		return false
	}
	if len(f.Schedules) > 0 && c.Schedule != f.Schedules[0] {
		return false
	}
	return true
}

func siteByID(cat *data.Catalogue, id string) *data.Site {
	for i := range cat.Sites {
		if cat.Sites[i].ID == id {
			return &cat.Sites[i]
		}
	}
	return nil
}
