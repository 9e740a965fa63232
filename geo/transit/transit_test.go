package transit_test

import (
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/transit"
)

// ningboStations reads the real station list the Ningbo catalogue is made
// from, data/ningbo/sources/metro_stations.csv (its WGS-84 columns); a
// missing file fails the test.
func ningboStations(tb testing.TB) []transit.Station {
	tb.Helper()
	path := filepath.Join("..", "..", "data", "ningbo", "sources", "metro_stations.csv")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var out []transit.Station
	for _, r := range rows[1:] {
		lng, err1 := strconv.ParseFloat(r[col["lng_wgs84"]], 64)
		lat, err2 := strconv.ParseFloat(r[col["lat_wgs84"]], 64)
		if err1 != nil || err2 != nil {
			tb.Fatalf("row %v: bad position", r)
		}
		s := transit.Station{Name: r[col["name"]], Point: orb.Point{lng, lat}, Lines: map[string]int{}}
		for part := range strings.SplitSeq(r[col["lines"]], ";") {
			line, order, ok := strings.Cut(part, "#")
			o, err := strconv.Atoi(order)
			if !ok || err != nil {
				tb.Fatalf("row %v: bad line %q", r, part)
			}
			s.Lines[line] = o
		}
		out = append(out, s)
	}
	return out
}

func walkMinutes(a, b orb.Point) float64 {
	return geo.Distance(a, b) * 1.3 / (4.5 / 3.6) / 60
}

func TestNeverLongerThanWalking(t *testing.T) {
	tr, err := transit.New(ningboStations(t), transit.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	faster := 0
	for i := range 2000 {
		a := orb.Point{121.35 + r.Float64()*0.35, 29.75 + r.Float64()*0.25}
		b := orb.Point{121.35 + r.Float64()*0.35, 29.75 + r.Float64()*0.25}
		if i%10 == 0 {
			b = orb.Point{a[0] + 0.002, a[1]} // short trips walk
		}
		m, w := tr.Minutes(a, b), walkMinutes(a, b)
		if m > w+1e-9 || m < 0 || math.IsNaN(m) {
			t.Fatalf("%v -> %v: %.2f min by metro, %.2f walking", a, b, m, w)
		}
		if m < w-1e-9 {
			faster++
		}
	}
	if faster < 1000 {
		t.Errorf("the metro helped on only %d of 2000 random trips across the city", faster)
	}
}

func TestSameLineEightStops(t *testing.T) {
	stations := ningboStations(t)
	tr, err := transit.New(stations, transit.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	find := func(line string, order int) int {
		for i, s := range stations {
			if s.Lines[line] == order {
				return i
			}
		}
		t.Fatalf("no stop %d on %s", order, line)
		return -1
	}
	for _, tt := range []struct {
		line     string
		from, to int
	}{
		{"1号线", 3, 11},
		{"2号线", 2, 10},
		{"3号线", 1, 9},
		{"4号线", 5, 13},
		{"5号线", 4, 12},
	} {
		t.Run(tt.line, func(t *testing.T) {
			a, b := find(tt.line, tt.from), find(tt.line, tt.to)
			pa, pb := stations[a].Point, stations[b].Point
			got, walk := tr.Minutes(pa, pb), walkMinutes(pa, pb)
			// 3 min wait + ride at 35 km/h over the straight lines + 7 dwells
			ride := tr.StationMinutes(a, b)
			if got > walk/2 {
				t.Errorf("%s -> %s (8 stops): %.1f min by metro, %.1f walking", stations[a].Name, stations[b].Name, got, walk)
			}
			if math.Abs(got-ride) > 1e-9 {
				t.Errorf("door to door %.2f min, station to station %.2f", got, ride)
			}
			var straight float64
			for o := tt.from; o < tt.to; o++ {
				straight += geo.Distance(stations[find(tt.line, o)].Point, stations[find(tt.line, o+1)].Point)
			}
			want := 3 + straight/(35/3.6)/60 + 7*0.5
			if math.Abs(ride-want) > 1e-6 {
				t.Errorf("ride %.3f min, want %.3f (wait + run + 7 dwells)", ride, want)
			}
			t.Logf("%s %s -> %s: %.1f min by metro, %.1f walking", tt.line, stations[a].Name, stations[b].Name, got, walk)
		})
	}
}

func TestTransfer(t *testing.T) {
	// two lines crossing at X: A -1- X -2- B
	st := []transit.Station{
		{Name: "A", Point: orb.Point{121.50, 29.87}, Lines: map[string]int{"1": 1}},
		{Name: "X", Point: orb.Point{121.52, 29.87}, Lines: map[string]int{"1": 2, "2": 1}},
		{Name: "B", Point: orb.Point{121.52, 29.89}, Lines: map[string]int{"2": 2}},
		{Name: "C", Point: orb.Point{121.70, 29.70}, Lines: map[string]int{"3": 1}},
	}
	tr, err := transit.New(st, transit.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	run := func(a, b int) float64 { return geo.Distance(st[a].Point, st[b].Point) / (35 / 3.6) / 60 }
	tests := []struct {
		name string
		a, b int
		want float64
	}{
		{"one stop", 0, 1, 3 + run(0, 1)},
		// no dwell at X: it ends the first ride and starts the second
		{"with a transfer", 0, 2, 3 + run(0, 1) + 4 + 3 + run(1, 2)},
		{"reverse", 2, 0, 3 + run(2, 1) + 4 + 3 + run(1, 0)},
		{"same station", 1, 1, 0},
		{"no line between", 0, 3, math.Inf(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tr.StationMinutes(tt.a, tt.b)
			if math.IsInf(tt.want, 1) != math.IsInf(got, 1) || (!math.IsInf(got, 1) && math.Abs(got-tt.want) > 1e-9) {
				t.Errorf("StationMinutes = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	ok := []transit.Station{{Name: "A", Point: orb.Point{121.5, 29.8}, Lines: map[string]int{"1": 1}}}
	bad := transit.DefaultOptions
	bad.SpeedKmh = 0
	detour := transit.DefaultOptions
	detour.WalkDetour = 0.5
	tests := []struct {
		name     string
		stations []transit.Station
		opts     transit.Options
		is       error
	}{
		{"zero speed", ok, bad, transit.ErrOptions},
		{"detour below 1", ok, detour, transit.ErrOptions},
		{"no line", []transit.Station{{Name: "A"}}, transit.DefaultOptions, transit.ErrStations},
		{"bad point", []transit.Station{{Name: "A", Point: orb.Point{math.NaN(), 1}, Lines: map[string]int{"1": 1}}}, transit.DefaultOptions, transit.ErrStations},
		{"same order twice", []transit.Station{
			{Name: "A", Point: orb.Point{121.5, 29.8}, Lines: map[string]int{"1": 1}},
			{Name: "B", Point: orb.Point{121.6, 29.8}, Lines: map[string]int{"1": 1}},
		}, transit.DefaultOptions, transit.ErrStations},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := transit.New(tt.stations, tt.opts); !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
		})
	}
	t.Run("no stations walks", func(t *testing.T) {
		tr, err := transit.New(nil, transit.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		a, b := orb.Point{121.5, 29.8}, orb.Point{121.51, 29.8}
		if got, want := tr.Minutes(a, b), walkMinutes(a, b); math.Abs(got-want) > 1e-9 {
			t.Errorf("Minutes = %v, want the walk %v", got, want)
		}
	})
}

func BenchmarkMinutes(b *testing.B) {
	tr, err := transit.New(ningboStations(b), transit.DefaultOptions)
	if err != nil {
		b.Fatal(err)
	}
	from, to := orb.Point{121.45, 29.91}, orb.Point{121.62, 29.86}
	for b.Loop() {
		tr.Minutes(from, to)
	}
}

func BenchmarkNew(b *testing.B) {
	st := ningboStations(b)
	for b.Loop() {
		if _, err := transit.New(st, transit.DefaultOptions); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFromPointToPoint: Minutes is walking or the best of FromPoint plus a
// walk, and of a walk plus ToPoint; both decompositions agree.
func TestFromPointToPoint(t *testing.T) {
	tr, err := transit.New(ningboStations(t), transit.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	stations := tr.Stations()
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a := orb.Point{121.40 + r.Float64()*0.25, 29.80 + r.Float64()*0.15}
		b := orb.Point{121.40 + r.Float64()*0.25, 29.80 + r.Float64()*0.15}
		from, to := tr.FromPoint(a), tr.ToPoint(b)
		viaFrom, viaTo := walkMinutes(a, b), walkMinutes(a, b)
		for i, s := range stations {
			viaFrom = math.Min(viaFrom, from[i]+tr.WalkMinutes(geo.Distance(s.Point, b)))
			viaTo = math.Min(viaTo, tr.WalkMinutes(geo.Distance(a, s.Point))+to[i])
			if !(from[i] >= 0) || !(to[i] >= 0) {
				t.Fatalf("station %d: FromPoint %v, ToPoint %v", i, from[i], to[i])
			}
		}
		m := tr.Minutes(a, b)
		if math.Abs(viaFrom-m) > 1e-9 || math.Abs(viaTo-m) > 1e-9 {
			t.Fatalf("%v -> %v: Minutes %.4f, via FromPoint %.4f, via ToPoint %.4f", a, b, m, viaFrom, viaTo)
		}
	}
}

// TestFromPointWithin: with minutes to spare, every station reached in
// less time has FromPoint's time exactly.
func TestFromPointWithin(t *testing.T) {
	tr, err := transit.New(ningboStations(t), transit.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		a := orb.Point{121.40 + r.Float64()*0.25, 29.80 + r.Float64()*0.15}
		all := tr.FromPoint(a)
		for _, limit := range []float64{5, 15, 30, 60} {
			within := tr.FromPointWithin(a, limit)
			for b := range all {
				if all[b] < limit && within[b] != all[b] {
					t.Fatalf("%v, %v min: station %d at %.4f, FromPoint says %.4f", a, limit, b, within[b], all[b])
				}
				if within[b] < all[b] {
					t.Fatalf("%v: station %d quicker within a limit (%.4f) than without (%.4f)", a, b, within[b], all[b])
				}
			}
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	if err := transit.DefaultOptions.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := transit.DefaultOptions
	bad.HeadwayMinutes = math.Inf(1)
	if err := bad.Validate(); !errors.Is(err, transit.ErrOptions) {
		t.Errorf("infinite headway: %v", err)
	}
	bad = transit.DefaultOptions
	bad.WalkDetour = 0.9
	if err := bad.Validate(); !errors.Is(err, transit.ErrOptions) {
		t.Errorf("detour 0.9: %v", err)
	}
}

// TestAccessAndEgress: walks timed by the caller (here: one station 5
// minutes away, the others unreachable) give each station the ride from
// that one, and the same backwards.
func TestAccessAndEgress(t *testing.T) {
	tr, err := transit.New(ningboStations(t), transit.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	n := len(tr.Stations())
	walks := make([]float64, n)
	for i := range walks {
		walks[i] = math.Inf(1)
	}
	const only, minutes = 7, 5.0
	walks[only] = minutes
	from, to := tr.FromAccess(walks), tr.ToEgress(walks)
	for b := range n {
		want := minutes + tr.StationMinutes(only, b)
		back := tr.StationMinutes(b, only) + minutes
		if b == only {
			want, back = math.Inf(1), math.Inf(1) // at least one ride
		}
		if math.Abs(from[b]-want) > 1e-9 && !(math.IsInf(from[b], 1) && math.IsInf(want, 1)) {
			t.Errorf("FromAccess: station %d at %.3f min, want %.3f", b, from[b], want)
		}
		if math.Abs(to[b]-back) > 1e-9 && !(math.IsInf(to[b], 1) && math.IsInf(back, 1)) {
			t.Errorf("ToEgress: station %d at %.3f min, want %.3f", b, to[b], back)
		}
	}
}
