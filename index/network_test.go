package index_test

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// The Monaco tests share one snapshot of testdata/monaco built with the
// real monaco.osm.pbf (testfixture.Monaco), and the network imported a
// second time to check the snapshot against.
var monacoNet struct {
	once sync.Once
	net  *route.Network
	err  error
}

// monacoExtract is testdata/osm/monaco.osm.pbf, the real extract.
func monacoExtract(tb testing.TB) string {
	tb.Helper()
	return testfixture.OSMExtract(tb, "monaco.osm.pbf")
}

func monacoSnapshot(tb testing.TB) (*data.Catalogue, *index.Snapshot, *route.Network) {
	tb.Helper()
	extract := monacoExtract(tb)
	monacoNet.once.Do(func() {
		// an independent copy of the network, never stored
		monacoNet.net, _, monacoNet.err = osm.Import(context.Background(), extract, osm.Options{})
	})
	if monacoNet.err != nil {
		tb.Fatal(monacoNet.err)
	}
	return testfixture.MonacoCatalogue(tb), testfixture.Monaco(tb), monacoNet.net
}

var (
	casino      = orb.Point{7.4278, 43.7393}
	palace      = orb.Point{7.4199, 43.7318}
	fontvieille = orb.Point{7.4160, 43.7285}
	larvotto    = orb.Point{7.4340, 43.7455}
	menton      = orb.Point{7.5100, 43.7800} // east of the extract
)

func TestMonacoSnapshotMeta(t *testing.T) {
	cat, snap, net := monacoSnapshot(t)
	n := snap.Meta().Network
	if n == nil {
		t.Fatal("no network in the metadata")
	}
	if n.Nodes != net.NumNodes() || n.Source != "monaco.osm.pbf" || len(n.Checksum) != 64 {
		t.Errorf("network %+v", n)
	}
	for _, rm := range route.Modes {
		if n.Edges[rm.Geo()] != net.NumEdges(rm) || n.TableEntries[rm.Geo()] == 0 {
			t.Errorf("%s: %d edges (file %d), %d table entries", rm, n.Edges[rm.Geo()], net.NumEdges(rm), n.TableEntries[rm.Geo()])
		}
	}
	// S10 and S11 lie east and north of the extract
	if n.SitesCovered != len(cat.Sites)-2 {
		t.Errorf("%d sites covered, want %d", n.SitesCovered, len(cat.Sites)-2)
	}
	if n.RegionShare < 0.2 || n.RegionShare > 0.6 {
		t.Errorf("region share %.2f; the extract covers Monaco and about a third of the eastern district", n.RegionShare)
	}
	cov := snap.NetworkCoverage()
	if len(cov) != 1 || !geo.Contains(orb.MultiPolygon{cov}, casino) || geo.Contains(orb.MultiPolygon{cov}, menton) {
		t.Errorf("coverage %v", cov)
	}
}

// topKmh is the fastest a mode moves on the network.
var topKmh = map[geo.Mode]float64{geo.Walk: route.WalkKmh, geo.Bike: route.BikeKmh, geo.EBike: route.EBikeKmh, geo.Drive: route.MaxDriveKmh}

// siteTimes searches every course from origin and keeps each site's time
// and source.
func siteTimes(t *testing.T, snap *index.Snapshot, origin orb.Point, mode geo.Mode, minutes int) (map[string]float64, map[string]index.TravelSource, *index.Result) {
	t.Helper()
	res, err := snap.Search(context.Background(), index.Query{Origin: origin, Mode: mode, Minutes: minutes, Limit: index.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	times, sources := map[string]float64{}, map[string]index.TravelSource{}
	for _, h := range res.Hits {
		times[h.Site.ID] = *h.TravelMinutes
		sources[h.Site.ID] = h.TravelSource
	}
	return times, sources, res
}

// TestMonacoSearchUsesNetworkTimes checks every hit against a shortest path
// computed independently: a forward search on a second import of the file
// from the origin's cell centre (the snapshot stores reverse searches from
// each site), or the straight walk when the site is that close.
func TestMonacoSearchUsesNetworkTimes(t *testing.T) {
	cat, snap, net := monacoSnapshot(t)
	site := map[string]data.Site{}
	for _, s := range cat.Sites {
		site[s.ID] = s
	}
	cover := geo.NewArea(orb.MultiPolygon{snap.NetworkCoverage()})
	models := snap.Meta().TravelModels
	for _, mode := range geo.Modes() {
		rm, _ := route.FromGeo(mode)
		model := models[mode]
		for _, origin := range []orb.Point{casino, palace, fontvieille, larvotto} {
			times, sources, res := siteTimes(t, snap, origin, mode, 30)
			if res.Travel != index.SourceNetwork {
				t.Errorf("%s from %v: travel source %q", mode, origin, res.Travel)
			}
			if len(times) == 0 {
				t.Errorf("%s from %v: nothing within 30 minutes", mode, origin)
			}
			centre := geo.CellCenter(geo.Cell(origin, index.OriginResolution(mode)))
			fwd := net.Search(rm, []route.Source{{Point: centre}}, 3600, false)
			for _, s := range cat.Sites {
				got, ok := times[s.ID]
				if !cover.Contains(s.Location) {
					if ok && sources[s.ID] != index.SourceEstimate {
						t.Errorf("%s: %s outside the network has source %q", mode, s.ID, sources[s.ID])
					}
					continue
				}
				want := math.Inf(1)
				if sec, ok := fwd.At(s.Location); ok {
					want = model.OverheadMinutes + sec/60
				}
				if d := geo.Distance(origin, s.Location); d <= net.Snap.MaxMeters[rm] {
					want = math.Min(want, model.OverheadMinutes+d*net.Snap.Detour/(net.Snap.WalkKmh/3.6)/60)
				}
				if want > 30+1e-9 {
					if ok {
						t.Errorf("%s from %v: %s at %.2f min, the network says %.2f", mode, origin, s.ID, got, want)
					}
					continue
				}
				// hits are rounded to 0.1 min, tables up to 0.1 s
				if !ok || math.Abs(got-want) > 0.05+0.1/60+1e-9 || sources[s.ID] != index.SourceNetwork {
					t.Errorf("%s from %v to %s: %.2f min (%q, found %v), the network says %.3f", mode, origin, s.ID, got, sources[s.ID], ok, want)
				}
				// never quicker than the straight line at the mode's top speed
				d := math.Min(geo.Distance(origin, s.Location), geo.Distance(centre, s.Location))
				if floor := model.OverheadMinutes + d/(topKmh[mode]/0.06); got < floor-0.051 {
					t.Errorf("%s from %v to %s: %.2f min beats the straight line (%.2f)", mode, origin, s.ID, got, floor)
				}
			}
		}
	}
}

// TestMonacoWalkNeverBeatsStraightLine: from many origins, no walking hit
// is quicker than the straight line at walking speed from the origin's
// cell, and none is quicker than the estimate's straight-line lower bound
// (distance / speed, no detour).
func TestMonacoWalkNeverBeatsStraightLine(t *testing.T) {
	cat, snap, _ := monacoSnapshot(t)
	loc := map[string]orb.Point{}
	for _, s := range cat.Sites {
		loc[s.ID] = s.Location
	}
	walk := snap.Meta().TravelModels[geo.Walk]
	for i := range 60 {
		origin := orb.Point{7.405 + float64(i%10)*0.0035, 43.724 + float64(i/10)*0.0045}
		times, sources, _ := siteTimes(t, snap, origin, geo.Walk, 45)
		centre := geo.CellCenter(geo.Cell(origin, index.OriginResolution(geo.Walk)))
		for id, m := range times {
			d := math.Min(geo.Distance(origin, loc[id]), geo.Distance(centre, loc[id]))
			if floor := d / (walk.SpeedKmh / 0.06); m < floor-0.051 {
				t.Errorf("%v to %s: %.2f min walking (%s), the straight line takes %.2f", origin, id, m, sources[id], floor)
			}
		}
	}
}

// TestMonacoUnreachable: inside the network's coverage, a point with no
// walkable road within 500 m (the sea off Monaco) reaches no site on
// foot: it is not given a guessed time.
func TestMonacoUnreachable(t *testing.T) {
	_, snap, net := monacoSnapshot(t)
	cover := geo.NewArea(orb.MultiPolygon{snap.NetworkCoverage()})
	var sea []orb.Point
	for lng := 7.40; lng < 7.49; lng += 0.002 {
		for lat := 43.716; lat < 43.77; lat += 0.002 {
			p := orb.Point{lng, lat}
			if _, _, ok := net.Nearest(p, route.Walk, 600); !ok && cover.Contains(p) {
				sea = append(sea, p)
			}
		}
	}
	if len(sea) == 0 {
		t.Fatal("no point far from roads inside the coverage")
	}
	for _, p := range sea[:min(len(sea), 10)] {
		times, sources, res := siteTimes(t, snap, p, geo.Walk, 60)
		if res.Travel != index.SourceNetwork {
			t.Errorf("%v: source %q", p, res.Travel)
		}
		for id := range times {
			if sources[id] == index.SourceNetwork {
				t.Errorf("%v, far from any road, reaches %s by the network", p, id)
			}
		}
		iso, err := snap.Isochrone(p, geo.Walk, 30)
		if err != nil || len(iso.Cells) != 0 || iso.Source != index.SourceNetwork {
			t.Errorf("%v: isochrone of %d cells (%v, %v)", p, len(iso.Cells), iso.Source, err)
		}
	}
}

// TestMonacoEstimateOutside: beyond the extract every time is the
// estimate, as a snapshot without a network gives it.
func TestMonacoEstimateOutside(t *testing.T) {
	cat, snap, _ := monacoSnapshot(t)
	loc := map[string]orb.Point{}
	for _, s := range cat.Sites {
		loc[s.ID] = s.Location
	}
	for _, mode := range geo.Modes() {
		times, sources, res := siteTimes(t, snap, menton, mode, 60)
		if res.Travel != index.SourceEstimate {
			t.Errorf("%s: source %q", mode, res.Travel)
		}
		model := snap.Meta().TravelModels[mode]
		for id, m := range times {
			want := math.Round(model.Minutes(menton, loc[id])*10) / 10
			if sources[id] != index.SourceEstimate || m != want {
				t.Errorf("%s: %s at %.1f min from %q, the estimate says %.1f", mode, id, m, sources[id], want)
			}
		}
		if mode == geo.Drive && len(times) != len(cat.Sites) {
			t.Errorf("a 60-minute drive from Menton reaches %d of %d sites", len(times), len(cat.Sites))
		}
	}
	iso, err := snap.Isochrone(menton, geo.Walk, 15)
	if err != nil || iso.Source != index.SourceEstimate || len(iso.Cells) == 0 {
		t.Errorf("isochrone outside: %d cells, %v, %v", len(iso.Cells), iso.Source, err)
	}
}

// TestMonacoIsochroneGrows: the network isochrone never shrinks as the
// minutes grow, holds the origin's surroundings, and is drawn where there
// are no sites too (the French part of the extract).
func TestMonacoIsochroneGrows(t *testing.T) {
	_, snap, _ := monacoSnapshot(t)
	noSites := orb.Point{7.3700, 43.7400} // Cap-d'Ail / Beausoleil side, outside the region
	for _, origin := range []orb.Point{casino, fontvieille, noSites} {
		for _, mode := range geo.Modes() {
			var prev []uint64
			for _, minutes := range []int{5, 10, 15, 20, 30} {
				iso, err := snap.Isochrone(origin, mode, minutes)
				if err != nil {
					t.Fatal(err)
				}
				if iso.Source != index.SourceNetwork {
					t.Errorf("%s from %v: source %q", mode, origin, iso.Source)
				}
				cells := make([]uint64, len(iso.Cells))
				for i, c := range iso.Cells {
					cells[i] = uint64(c)
				}
				for _, c := range prev {
					if _, found := slices.BinarySearch(cells, c); !found {
						t.Fatalf("%s from %v: cell %x reached in fewer minutes is lost at %d", mode, origin, c, minutes)
					}
				}
				if minutes >= 20 && len(cells) == 0 {
					t.Errorf("%s from %v: empty %d-minute isochrone", mode, origin, minutes)
				}
				prev = cells
			}
		}
	}
}
