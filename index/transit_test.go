package index

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/geo"
)

// The transit tests look at every reachable site (reachableSites), not
// only the nearest site of each course that Search returns.
func TestTransit(t *testing.T) {
	s := openNingbo(t)
	t.Run("from 东门口", func(t *testing.T) { testTransitFromDongmenkou(t, s) })
	t.Run("never longer than walking", func(t *testing.T) { testTransitNeverLongerThanWalking(t, s) })
}

type reached struct {
	minutes float64
	src     TravelSource
}

func sitesWithin(t *testing.T, s *Snapshot, origin orb.Point, mode geo.Mode, minutes float64) map[int32]reached {
	t.Helper()
	tr, err := s.travel(mode)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int32]reached{}
	tr.Sites(origin, minutes, func(si int32, m float64, src TravelSource) {
		if _, dup := out[si]; dup {
			t.Fatalf("site %d reported twice", si)
		}
		out[si] = reached{m, src}
	})
	return out
}

func stationNamed(t *testing.T, s *Snapshot, name string) data.Station {
	t.Helper()
	for _, st := range s.Stations() {
		if st.Name == name {
			return st
		}
	}
	t.Fatalf("no station %s", name)
	return data.Station{}
}

// TestTransitFromDongmenkou: from 东门口(天一广场) on line 1, twenty minutes
// by metro reach sites near other line-1 stations that twenty minutes of
// walking do not, and no site takes longer by transit than on foot.
func testTransitFromDongmenkou(t *testing.T, s *Snapshot) {
	from := stationNamed(t, s, "东门口(天一广场)")
	walk := sitesWithin(t, s, from.Location, geo.Walk, 20)
	byMetro := sitesWithin(t, s, from.Location, geo.Transit, 20)
	for si, w := range walk {
		if tr, ok := byMetro[si]; !ok || tr.minutes > w.minutes {
			t.Errorf("%s: %.2f min walking, by transit %.2f (%v)", s.sites[si].ID, w.minutes, tr.minutes, ok)
		}
	}
	walkModel := s.meta.TravelModels[geo.Walk]
	var line1 []data.Station
	for _, st := range s.Stations() {
		for _, ls := range st.Lines {
			if ls.Line == "1号线" && st.Name != from.Name {
				line1 = append(line1, st)
			}
		}
	}
	near := 0
	for si, tr := range byMetro {
		on := walkModel.Minutes(from.Location, s.sites[si].Location)
		switch tr.src {
		case SourceTransit:
			if tr.minutes >= on {
				t.Errorf("%s: %.2f min by transit, walking takes %.2f", s.sites[si].ID, tr.minutes, on)
			}
		case SourceEstimate:
			if tr.minutes != on {
				t.Errorf("%s: walked in %.2f min, the walk model says %.2f", s.sites[si].ID, tr.minutes, on)
			}
		default:
			t.Errorf("%s: source %q", s.sites[si].ID, tr.src)
		}
		if _, walked := walk[si]; walked {
			continue
		}
		for _, st := range line1 {
			if geo.Distance(st.Location, s.sites[si].Location) < 800 {
				near++
				break
			}
		}
	}
	if near == 0 {
		t.Errorf("no site near another line-1 station is reached by metro and not on foot (%d by metro, %d walking)", len(byMetro), len(walk))
	}
	t.Logf("from %s within 20 min: %d sites on foot, %d by transit, %d of the extra ones within 800 m of another line-1 station",
		from.Name, len(walk), len(byMetro), near)
}

// TestTransitNeverLongerThanWalking compares transit with walking from
// points near stations and far from them; the search backwards from a
// site (travel.to, for the planner) and forwards to places (travel.from)
// give the same times as reachableSites; the transit isochrone holds the
// walking one.
func testTransitNeverLongerThanWalking(t *testing.T, s *Snapshot) {
	tr, _ := s.travel(geo.Transit)
	for i := range 40 {
		origin := orb.Point{121.45 + float64(i%8)*0.025, 29.80 + float64(i/8)*0.03}
		walk := sitesWithin(t, s, origin, geo.Walk, 30)
		byMetro := sitesWithin(t, s, origin, geo.Transit, 30)
		for si, w := range walk {
			if m, ok := byMetro[si]; !ok || m.minutes > w.minutes {
				t.Fatalf("%v: site %d %.2f min walking, %.2f by transit (%v)", origin, si, w.minutes, m.minutes, ok)
			}
		}
		fwd := tr.From(origin, 30)
		for si, m := range byMetro {
			back, src, ok := tr.To(s.sites[si].Location, 30).At(origin)
			ahead, src2, ok2 := fwd.At(s.sites[si].Location)
			if !ok || !ok2 || math.Abs(back-m.minutes) > 1e-9 || math.Abs(ahead-m.minutes) > 1e-9 || src != m.src || src2 != m.src {
				t.Fatalf("%v to site %d: reachableSites %.4f (%s), backwards %.4f (%s, %v), forwards %.4f (%s, %v)",
					origin, si, m.minutes, m.src, back, src, ok, ahead, src2, ok2)
			}
		}
	}
	dmk := stationNamed(t, s, "东门口(天一广场)").Location
	w, err := s.Isochrone(dmk, geo.Walk, 20)
	if err != nil {
		t.Fatal(err)
	}
	iso, err := s.Isochrone(dmk, geo.Transit, 20)
	if err != nil {
		t.Fatal(err)
	}
	if iso.Source != SourceTransit || iso.AreaKm2 < 2*w.AreaKm2 {
		t.Errorf("transit isochrone %.1f km² (%s), walking %.1f km²", iso.AreaKm2, iso.Source, w.AreaKm2)
	}
	// The map must show where the metro takes one: every station reached
	// with time to spare lies in a drawn cell, as does every reachable site
	// within 100 m of such a station.
	drawn := map[h3.Cell]bool{}
	for _, c := range iso.Cells {
		drawn[c] = true
	}
	for b, spent := range tr.Metro().FromPoint(dmk) {
		st := tr.Metro().Stations()[b]
		if spent < 19 && !drawn[geo.Cell(st.Point, iso.Resolution)] {
			t.Errorf("station %s is reached in %.1f min but its cell is not drawn", st.Name, spent)
		}
	}
	if iso.Resolution < 9 {
		t.Errorf("a 20-minute transit isochrone is drawn at resolution %d", iso.Resolution)
	}
}

// TestTransitModeNames: 地铁 and 公交 mean transit; a snapshot without
// stations refuses the mode, naming it, rather than answering nothing.
func TestTransitModeNames(t *testing.T) {
	for _, name := range []string{"transit", "地铁", "公交", "metro"} {
		if m, err := geo.ParseMode(name); err != nil || m != geo.Transit {
			t.Errorf("ParseMode(%q) = %q, %v", name, m, err)
		}
	}
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cat.Stations = nil
	path := filepath.Join(t.TempDir(), "no-metro.db")
	if _, err := Build(context.Background(), path, cat, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Search(context.Background(), Query{Origin: orb.Point{121.55, 29.87}, Mode: geo.Transit})
	var qe *QueryError
	if !errors.As(err, &qe) || qe.Field != "mode" {
		t.Errorf("transit without stations: %v", err)
	}
}
