package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
)

// BenchmarkServeHTTP answers requests in process through every middleware
// as `skillcircle serve` configures them (limits, request log as JSON),
// to see what a request costs the server apart from the network.
func BenchmarkServeHTTP(b *testing.B) {
	_, snap := server(b)
	limits := api.DefaultLimits()
	limits.RatePerSecond = 1e9 // keep the limiter's cost, never its refusals
	opts := api.Options{Limits: limits, RequestLog: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	s := api.New(snap, opts)
	opts.AnswerCacheBytes = 64 << 20
	kept := api.New(snap, opts) // as serve's default configuration: answers kept
	for _, bm := range []struct{ name, path string }{
		{"search walk 15", "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15"},
		{"search ebike 30", "/v1/search?lat=29.8730&lng=121.5503&mode=ebike&minutes=30"},
		{"search drive 30", "/v1/search?lat=29.8730&lng=121.5503&mode=drive&minutes=30"},
		{"search walk text", "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15&q=数控"},
		{"isochrone bike 15", "/v1/isochrone?lat=29.8730&lng=121.5503&mode=bike&minutes=15"},
		// What the search page asks for: the sites for its markers, the cells for its hexagons.
		{"page search walk 15", "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15&include_sites=true"},
		{"page isochrone walk 15", "/v1/isochrone?lat=29.8730&lng=121.5503&mode=walk&minutes=15&cells=true"},
		{"page isochrone ebike 15", "/v1/isochrone?lat=29.8730&lng=121.5503&mode=ebike&minutes=15&cells=true"},
		{"isochrone walk 15", "/v1/isochrone?lat=29.8730&lng=121.5503&mode=walk&minutes=15"},
		{"isochrone ebike 15", "/v1/isochrone?lat=29.8730&lng=121.5503&mode=ebike&minutes=15"},
		{"course", "/v1/courses/C00001"},
		{"healthz", "/healthz"},
		{"kept search walk text", "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15&q=数控"},
		{"kept page search walk 15", "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15&include_sites=true"},
	} {
		s := s
		if strings.HasPrefix(bm.name, "kept ") {
			s = kept
		}
		b.Run(bm.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, bm.path, nil)
			req.RemoteAddr = "192.0.2.1:1234"
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}

// BenchmarkRegionPick is what picking the region costs a search: one
// region (no pick), two with the point's region first, and two with it
// second (Monaco's districts are tried first). Run with -count to
// interleave them.
func BenchmarkRegionPick(b *testing.B) {
	_, ningbo := server(b)
	path := filepath.Join(b.TempDir(), "monaco.db")
	buildMonaco(b, path, nil)
	monaco, err := index.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer monaco.Close()
	two := func(first, second *index.Snapshot) *api.Server {
		s, err := api.NewRegions([]api.RegionSource{{Snapshot: first}, {Snapshot: second}}, api.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	for _, bm := range []struct {
		name string
		s    *api.Server
	}{
		{"one region", api.New(ningbo, api.Options{})},
		{"two regions, Ningbo first", two(ningbo, monaco)},
		{"two regions, Ningbo second", two(monaco, ningbo)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15", nil)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				bm.s.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
