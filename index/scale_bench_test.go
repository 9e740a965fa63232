package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/data/scale"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// How costs grow with the catalogue (issue 15): the default Ningbo
// catalogue and copies of it 10 times over (data/scale), searched from the
// same points. `make bench-scale` runs these; SKILLCIRCLE_SCALES picks the
// factors (default "1,10"; 100 takes minutes to build and gigabytes).

var scaled struct {
	sync.Mutex
	snaps map[int]*index.Snapshot
	cat   *data.Catalogue
}

// scaledSnapshot builds (once per test binary) the catalogue times factor.
func scaledSnapshot(b *testing.B, factor int) (*data.Catalogue, *index.Snapshot) {
	b.Helper()
	scaled.Lock()
	defer scaled.Unlock()
	if scaled.cat == nil {
		cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		scaled.cat, scaled.snaps = cat, map[int]*index.Snapshot{}
	}
	if s, ok := scaled.snaps[factor]; ok {
		return scaled.cat, s
	}
	path, remove, built := testfixture.Scaled(b, factor)
	start := time.Now()
	snap, err := index.Open(path)
	remove() // an opened snapshot no longer reads its file
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%dx: %d courses at %d sites; built in %v, opened in %v", factor, snap.Meta().Counts.Courses, snap.Meta().Counts.Sites,
		built.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	scaled.snaps[factor] = snap
	return scaled.cat, snap
}

// BenchmarkScaleBuild: building the snapshot of each factor's catalogue.
func BenchmarkScaleBuild(b *testing.B) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, factor := range testfixture.ScaleFactors() {
		b.Run(fmt.Sprintf("%dx", factor), func(b *testing.B) {
			big := scale.Multiply(cat, factor, 1)
			path := filepath.Join(b.TempDir(), "s.db")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := index.Build(context.Background(), path, big, index.BuildOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScaleOpen: opening each factor's snapshot until it can answer.
func BenchmarkScaleOpen(b *testing.B) {
	for _, factor := range testfixture.ScaleFactors() {
		b.Run(fmt.Sprintf("%dx", factor), func(b *testing.B) {
			path, remove, _ := testfixture.Scaled(b, factor)
			defer remove()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				snap, err := index.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				snap.Close()
			}
		})
	}
}

// BenchmarkScaleSearch: the same searches at each factor, from the same
// 256 points near the original sites. The texts are asked once before the
// timing starts, as a server meets the common trades again and again
// (matching a text is kept per snapshot); drive60-text-cold forgets every
// match before each search, for what a text costs the first time it is
// asked.
func BenchmarkScaleSearch(b *testing.B) {
	for _, factor := range testfixture.ScaleFactors() {
		for _, tc := range []struct {
			name string
			q    index.Query
			text []string
		}{
			{"walk15", index.Query{Mode: geo.Walk, Minutes: 15}, nil},
			{"walk15-text", index.Query{Mode: geo.Walk, Minutes: 15}, benchTexts},
			{"ebike30", index.Query{Mode: geo.EBike, Minutes: 30}, nil},
			{"drive60", index.Query{Mode: geo.Drive, Minutes: 60}, nil},
			{"drive60-text", index.Query{Mode: geo.Drive, Minutes: 60}, benchTexts},
			{"drive60-text-cold", index.Query{Mode: geo.Drive, Minutes: 60}, benchTexts},
			{"drive60-start", index.Query{Mode: geo.Drive, Minutes: 60, Sort: index.SortStart}, nil},
		} {
			b.Run(fmt.Sprintf("%dx/%s", factor, tc.name), func(b *testing.B) {
				cat, snap := scaledSnapshot(b, factor)
				origins := benchOrigins(cat, 256)
				q := tc.q
				q.OmitSites = true // as the API asks unless include_sites
				for _, text := range tc.text {
					q.Origin, q.Text = origins[0], text
					if _, err := snap.Search(context.Background(), q); err != nil {
						b.Fatal(err)
					}
				}
				cold := strings.HasSuffix(tc.name, "-cold")
				took := make([]time.Duration, 0, b.N)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					q.Origin = origins[i%len(origins)]
					if tc.text != nil {
						q.Text = tc.text[i%len(tc.text)]
					}
					if cold {
						snap.ForgetTextMatches()
					}
					start := time.Now()
					if _, err := snap.Search(context.Background(), q); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(start))
				}
				reportPercentiles(b, took)
			})
		}
	}
}

// reportPercentiles adds the median and 99th percentile of the searches'
// times to the benchmark's figures (the mean hides the slow tail).
func reportPercentiles(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
}
