package main

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
	"github.com/skillcircle/skillcircle/internal/config"
)

// mixServer builds the default snapshot and a server configured as serve
// configures it by default.
func mixServer(tb testing.TB) (*index.Snapshot, *api.Server) {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "s.db")
	var out strings.Builder
	if err := run(tb.Context(), []string{"build", "--out", db}, &out, io.Discard); err != nil {
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
	mix := newRequestMix(snap, 1, 2000)
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

// BenchmarkRequestMix answers the load test's mix in process: what the
// server spends per request, without the network.
func BenchmarkRequestMix(b *testing.B) {
	snap, s := mixServer(b)
	mix := newRequestMix(snap, 1, 20_000)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, mix.paths[i%len(mix.paths)], nil))
		i++
	}
}
