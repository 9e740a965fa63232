package api_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
)

// TestAnswerCache asks every cached route twice of a server that keeps
// answers and once of one that does not: the three answers are the same
// bytes with the same headers, the second is a hit, searches are counted
// either way, and after a reload to another catalogue the answers are the
// new snapshot's.
func TestAnswerCache(t *testing.T) {
	dir := t.TempDir()
	first := buildMini(t, dir)
	second := buildMiniRetitled(t, dir)
	var target atomic.Value
	target.Store(first)
	open := func(context.Context) (*index.Snapshot, error) { return index.Open(target.Load().(string)) }
	snap, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cached := api.New(snap, api.Options{Open: open, AnswerCacheBytes: 64 << 20, Logger: quiet})
	defer cached.Close()
	plain := api.New(snap, api.Options{Logger: quiet})

	paths := []string{
		"/v1/search?crs=gcj02&lat=29.698&lng=121.204&mode=ebike&minutes=30&q=焊工",
		"/v1/search?crs=gcj02&lat=29.798&lng=121.304&mode=drive&minutes=60&include_sites=true",
		"/v1/isochrone?crs=gcj02&lat=29.698&lng=121.204&mode=bike&minutes=20&cells=true",
		"/v1/reverse?crs=gcj02&lat=29.698&lng=121.204",
		"/v1/suggest?q=焊",
		"/v1/coverage?mode=walk&minutes=15",
		"/v1/sites?limit=10",
	}
	for _, p := range paths {
		want := do(plain, "GET", p, "")
		for _, name := range []string{"miss", "hit"} {
			got := do(cached, "GET", p, "")
			if got.Code != want.Code || got.Body.String() != want.Body.String() {
				t.Errorf("%s (%s): %d %.200s\nwithout the cache: %d %.200s", p, name, got.Code, got.Body, want.Code, want.Body)
			}
			for _, h := range []string{"Content-Type", "Content-Length", "Content-Encoding", "ETag", "Vary", "X-Content-Type-Options"} {
				if got.Header().Get(h) != want.Header().Get(h) {
					t.Errorf("%s (%s): %s %q, without the cache %q", p, name, h, got.Header().Get(h), want.Header().Get(h))
				}
			}
		}
		if head := do(cached, "HEAD", p, ""); head.Code != want.Code || head.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q", p, head.Code, head.Header().Get("Content-Type"))
		}
	}
	m := do(cached, "GET", "/metrics", "").Body.String()
	// Each path: a miss, then a hit for the second GET and one for HEAD.
	if hits, misses := sampleValue(t, m, `skillcircle_answer_cache_total{result="hit"}`), sampleValue(t, m, `skillcircle_answer_cache_total{result="miss"}`); hits != float64(2*len(paths)) || misses != float64(len(paths)) {
		t.Errorf("cache counted %v hits and %v misses, want %d and %d", hits, misses, 2*len(paths), len(paths))
	}
	// Two GETs and a HEAD of the first search, all counted as searches by e-bike with text.
	if n := sampleValue(t, m, `skillcircle_searches_total{mode="ebike",text="true"}`); n != 3 {
		t.Errorf("searches by e-bike with text counted %v times, want 3", n)
	}

	// A gzip-compressed answer is compressed from the kept one as from a fresh one.
	gz := do(cached, "GET", "/v1/coverage?mode=walk&minutes=15", "", "Accept-Encoding", "gzip")
	if gz.Code != 200 || gz.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("gzip from the cache: %d %q", gz.Code, gz.Header().Get("Content-Encoding"))
	}

	// Errors are never kept: a bad request stays bad, and names its parameter.
	for range 2 {
		if w := do(cached, "GET", "/v1/search?lat=29.7&lng=121.2&minutes=600", ""); w.Code != 400 || errorCode(t, w) != "invalid_parameter" {
			t.Errorf("bad minutes: %d %s", w.Code, w.Body)
		}
	}

	// After a reload the answers are the new catalogue's.
	target.Store(second)
	if _, err := cached.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	snap2, err := index.Open(second)
	if err != nil {
		t.Fatal(err)
	}
	defer snap2.Close()
	plain2 := api.New(snap2, api.Options{Logger: quiet})
	got, want := do(cached, "GET", paths[0], ""), do(plain2, "GET", paths[0], "")
	if got.Body.String() != want.Body.String() || !strings.Contains(got.Body.String(), "焊工（中级）进阶班") {
		t.Errorf("after the reload: %.300s\nwant %.300s", got.Body, want.Body)
	}
}

// buildMiniRetitled builds the mini catalogue with course C1 renamed: a
// snapshot whose answers differ from buildMini's.
func buildMiniRetitled(t *testing.T, dir string) string {
	t.Helper()
	src := "../data/testdata/mini"
	cdir := filepath.Join(dir, "mini-retitled")
	if err := os.CopyFS(cdir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	courses := filepath.Join(cdir, "courses.csv")
	b, err := os.ReadFile(courses)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "C1,I1,焊工（中级）培训班", "C1,I1,焊工（中级）进阶班", 1))
	if err := os.WriteFile(courses, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return buildCatalogue(t, cdir, filepath.Join(dir, "mini-retitled.db"))
}
