package api

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index"
)

// TestReloadWaitsForSlowRequests adds a route whose handler takes the
// snapshot some milliseconds after its request began (so it may get a
// snapshot newer than the one its request began under), waits again, and
// only then searches its full-text index, which is what Close releases.
// Reloads every few milliseconds must never close a snapshot under such a
// handler.
func TestReloadWaitsForSlowRequests(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	cat, _, err := data.Load(os.DirFS("../data/testdata/mini"), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mini.db")
	if _, err := index.Build(context.Background(), path, cat, index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	open := func(context.Context) (*index.Snapshot, error) { return index.Open(path) }
	first, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := New(first, Options{Open: open, Logger: slog.New(slog.DiscardHandler)})
	var n atomic.Int64
	pause := func() { time.Sleep(time.Duration(rand.IntN(10_000)) * time.Microsecond) }
	s.echo.GET("/slow", func(c echo.Context) error {
		pause()
		snap := s.Snapshot()
		pause()
		q := index.Query{Origin: snap.Districts()[0].Center, Text: fmt.Sprintf("焊工 %d", n.Add(1))}
		if _, err := snap.Search(c.Request().Context(), q); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failed atomic.Int64
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				w := httptest.NewRecorder()
				s.ServeHTTP(w, httptest.NewRequest("GET", "/slow", nil))
				if w.Code != http.StatusNoContent {
					failed.Add(1)
				}
			}
		}()
	}
	for i := 0; i < 100; i++ {
		if _, err := s.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(5)) * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if f := failed.Load(); f > 0 {
		t.Fatalf("%d of %d slow requests failed across 100 reloads", f, n.Load())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
