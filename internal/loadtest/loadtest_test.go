package loadtest

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/config"
)

// mixServer builds the default snapshot (as skillcircle build does) and a
// server configured as serve configures it by default.
func mixServer(tb testing.TB) (*index.Snapshot, *api.Server) {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "s.db")
	cat, report, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	opts := index.BuildOptions{TravelModels: geo.DefaultTravelModels(), SourceChecksum: report.Checksum}
	if _, err := index.Build(tb.Context(), db, cat, opts); err != nil {
		tb.Fatal(err)
	}
	snap, err := index.Open(db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { snap.Close() })
	cfg := config.Default()
	cfg.Limits.RatePerSecond = 0 // one address sends everything here
	return snap, api.New(snap, api.Options{Limits: cfg.Limits, RequestLog: slog.New(slog.NewJSONHandler(io.Discard, nil))})
}

// Every request of the load test's mix is answered 200: the mix asks only
// what the API answers, so any error in a load test is the server's.
func TestRequestMix(t *testing.T) {
	snap, s := mixServer(t)
	mix := NewMix(snap, 1, 2000)
	for _, kind := range []string{"search", "search+text", "isochrone", "course", "sites", "suggest"} {
		if mix.kinds[kind] == 0 {
			t.Errorf("the mix has no %s", kind)
		}
	}
	for _, path := range mix.paths {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != 200 {
			t.Fatalf("%s: %d %.300s", path, w.Code, w.Body)
		}
	}
}

// Run drives a server on loopback and reports a line a level; it refuses
// one elsewhere.
func TestRun(t *testing.T) {
	snap, s := mixServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	var out strings.Builder
	err := Run(t.Context(), &out, srv.URL, NewMix(snap, 1, 200), Options{Concurrency: []int{1, 2}, Duration: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "connections") || !strings.HasPrefix(lines[3], "2 ") {
		t.Errorf("printed:\n%s", out.String())
	}
	if err := Run(t.Context(), io.Discard, "http://example.com", NewMix(snap, 1, 10), Options{}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("a server elsewhere: %v", err)
	}
	for _, bad := range []string{"0", "8,x", "2000"} {
		if _, err := ParseConcurrency(bad); err == nil {
			t.Errorf("--concurrency %s accepted", bad)
		}
	}
}

// BenchmarkRequestMix answers the load test's mix in process: what the
// server spends per request, without the network.
func BenchmarkRequestMix(b *testing.B) {
	snap, s := mixServer(b)
	mix := NewMix(snap, 1, 20_000)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, mix.paths[i%len(mix.paths)], nil))
		i++
	}
}

// Compare drives the no-op baseline and a server alternately at each level
// and prints the ratio of their medians; a server that fails requests
// fails the comparison.
func TestCompare(t *testing.T) {
	_, s := mixServer(t)
	srv, noop := httptest.NewServer(s), httptest.NewServer(api.NoopHandler())
	defer srv.Close()
	defer noop.Close()
	var out strings.Builder
	path := "/v1/search?lat=29.874068&lng=121.551276&mode=walk&minutes=15&q=%E6%95%B0%E6%8E%A7"
	o := Options{Concurrency: []int{2}, Duration: 150 * time.Millisecond}
	if err := Compare(t.Context(), &out, noop.URL, srv.URL, OnePath(path), o, 2); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 7 || !strings.Contains(lines[2], "A no-op") || !strings.Contains(lines[5], "B server") ||
		!strings.Contains(lines[6], "ratio B/A of the medians") {
		t.Errorf("printed:\n%s", out.String())
	}
	err := Compare(t.Context(), io.Discard, noop.URL, srv.URL, OnePath("/v1/search?lat=1000"), o, 1)
	if err == nil || !strings.Contains(err.Error(), "400") {
		t.Errorf("a request the server refuses: %v", err)
	}
}
