package index

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/travel"
)

// monacoMetro is a made-up metro line along Monaco's coast, from
// Fontvieille to Larvotto, for the transit tests on a street network
// (index/testdata/monaco has no stations).
var monacoMetro = []data.Station{
	{ID: "M1", Name: "芳特维耶", Lines: []data.LineStop{{Line: "1号线", Order: 1}}, Location: orb.Point{7.4165, 43.7290}},
	{ID: "M2", Name: "王宫", Lines: []data.LineStop{{Line: "1号线", Order: 2}}, Location: orb.Point{7.4215, 43.7330}},
	{ID: "M3", Name: "海港", Lines: []data.LineStop{{Line: "1号线", Order: 3}}, Location: orb.Point{7.4240, 43.7370}},
	{ID: "M4", Name: "赌场", Lines: []data.LineStop{{Line: "1号线", Order: 4}}, Location: orb.Point{7.4275, 43.7405}},
	{ID: "M5", Name: "拉尔沃托", Lines: []data.LineStop{{Line: "1号线", Order: 5}}, Location: orb.Point{7.4340, 43.7450}},
}

// monacoWithMetro builds the Monaco catalogue with monacoMetro, with the
// real street network (withNetwork) or without.
func monacoWithMetro(t *testing.T, withNetwork bool) *Snapshot {
	t.Helper()
	cat, _, err := data.Load(os.DirFS("testdata/monaco"), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cat.Stations = monacoMetro
	opts := BuildOptions{}
	if withNetwork {
		extract := filepath.Join("..", "testdata", "osm", "monaco.osm.pbf") // testfixture imports index
		if opts.Network, _, err = osm.Import(context.Background(), extract, osm.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "monaco-metro.db")
	if _, err := Build(context.Background(), path, cat, opts); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestTransitWalksOnTheNetwork: with a street network, the walks to and
// from the metro are the walk mode's street times: each site's transit
// time is the best of walking and, over every pair of stations, the
// street walk to the first, the ride, and the street walk from the second
// to the site; it is never longer than walking; and where Monaco's
// streets wind it is longer than the straight-line walks make it. The
// planner's backward question (PlacesReaching) gets the same times.
func TestTransitWalksOnTheNetwork(t *testing.T) {
	onStreets, straight := monacoWithMetro(t, true), monacoWithMetro(t, false)
	walk, err := onStreets.travel(geo.Walk)
	if err != nil {
		t.Fatal(err)
	}
	metro, err := onStreets.travel(geo.Transit)
	if err != nil || metro.Metro() == nil {
		t.Fatalf("no transit: %v", err)
	}
	const limit = 40.0
	longer, viaMetro := 0, 0
	var origins []orb.Point // a grid over Monaco, 400 m apart
	for lon := 7.412; lon < 7.440; lon += 0.005 {
		for lat := 43.726; lat < 43.750; lat += 0.0036 {
			origins = append(origins, orb.Point{lon, lat})
		}
	}
	for _, origin := range origins {
		byWalk := sitesWithin(t, onStreets, origin, geo.Walk, limit)
		byMetro := sitesWithin(t, onStreets, origin, geo.Transit, limit)
		byStraightMetro := sitesWithin(t, straight, origin, geo.Transit, limit)

		// the walk to each station, and from each station to each site,
		// as the walk mode gives them
		stations := metro.Metro().Stations()
		toStation := make([]float64, len(stations))
		fromStation := make([]map[int32]float64, len(stations))
		pt := walk.From(origin, limit)
		for a, st := range stations {
			// on the streets where they cover both ends; in a straight
			// line (the metro's walk model) where the walk mode estimates
			switch m, src, ok := pt.At(st.Point); {
			case src != SourceNetwork:
				toStation[a] = metro.Metro().WalkMinutes(geo.Distance(origin, st.Point))
			case ok:
				toStation[a] = m
			default:
				toStation[a] = math.Inf(1)
			}
			fromStation[a] = map[int32]float64{}
			walk.Sites(st.Point, limit, func(si int32, m float64, _ TravelSource) { fromStation[a][si] = m })
		}
		for si := range onStreets.sites {
			want := math.Inf(1)
			if w, ok := byWalk[int32(si)]; ok {
				want = w.minutes
			}
			for a := range stations {
				for b := range stations {
					if e, ok := fromStation[b][int32(si)]; ok && a != b {
						want = math.Min(want, toStation[a]+metro.Metro().StationMinutes(a, b)+e)
					}
				}
			}
			got, ok := byMetro[int32(si)]
			if want > limit {
				if ok {
					t.Errorf("from %v: site %s by transit in %.2f min, want beyond %v", origin, onStreets.sites[si].ID, got.minutes, limit)
				}
				continue
			}
			if !ok || math.Abs(got.minutes-want) > 0.01 {
				t.Errorf("from %v: site %s by transit %.2f min (%v), want %.2f", origin, onStreets.sites[si].ID, got.minutes, ok, want)
				continue
			}
			if w, ok := byWalk[int32(si)]; ok && got.minutes > w.minutes {
				t.Errorf("from %v: site %s by transit %.2f min, walking %.2f", origin, onStreets.sites[si].ID, got.minutes, w.minutes)
			}
			if got.src != SourceTransit {
				continue
			}
			viaMetro++
			if s, ok := byStraightMetro[int32(si)]; ok && s.src == SourceTransit && got.minutes > s.minutes {
				longer++
				if longer <= 3 {
					t.Logf("from %v: site %s by metro %.1f min on the streets, %.1f with straight-line walks",
						origin, onStreets.sites[si].ID, got.minutes, s.minutes)
				}
			}
		}
	}
	t.Logf("%d sites reached by metro, %d of them later than the straight-line walks say", viaMetro, longer)

	// the planner asks backwards, from each site to every origin at once,
	// and must get the times a search from each origin gets
	places := travel.NewPlaces(origins)
	forwards := make([]map[int32]reached, len(origins))
	for oi, origin := range origins {
		forwards[oi] = sitesWithin(t, onStreets, origin, geo.Transit, limit)
	}
	agreed := 0
	for si, site := range onStreets.sites {
		back := map[int32]float64{}
		metro.PlacesReaching(site.Location, places, limit, func(oi int32, m float64) { back[oi] = m })
		for oi, origin := range origins {
			fwd, ok := forwards[oi][int32(si)]
			b, bok := back[int32(oi)]
			switch {
			case ok && bok:
				// forwards and backwards may round apart by a tenth of a second
				if math.Abs(fwd.minutes-b) > 0.1/60+1e-9 {
					t.Errorf("site %s from %v: %.4f min from the origin, %.4f backwards", site.ID, origin, fwd.minutes, b)
				}
				agreed++
			case ok && limit-fwd.minutes > 0.01, bok && limit-b > 0.01:
				t.Errorf("site %s from %v: from the origin %.4f (%v), backwards %.4f (%v)", site.ID, origin, fwd.minutes, ok, b, bok)
			}
		}
	}
	t.Logf("%d origin-site pairs within %v min by transit agree forwards and backwards", agreed, limit)
	if viaMetro == 0 || longer == 0 {
		t.Errorf("%d sites by metro, %d later on the streets: the test's stations do not exercise the street walks", viaMetro, longer)
	}
}
