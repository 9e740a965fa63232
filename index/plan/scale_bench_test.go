package plan_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// BenchmarkScalePlan: the planner's questions on the default catalogue and
// on copies of it (data/scale), as index's BenchmarkScaleSearch asks
// searches; `make bench-scale` runs both (SKILLCIRCLE_SCALES picks the
// factors, default "1,10").
func BenchmarkScalePlan(b *testing.B) {
	for _, factor := range testfixture.ScaleFactors() {
		for _, tc := range []struct {
			name string
			ask  func(*plan.Planner) error
		}{
			{"coverage-walk15", func(p *plan.Planner) error {
				_, err := p.Coverage(context.Background(), plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing})
				return err
			}},
			{"suggest-k5-walk15", func(p *plan.Planner) error {
				_, err := p.SuggestSites(context.Background(), plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing, K: 5})
				return err
			}},
			{"demand-walk15", func(p *plan.Planner) error {
				_, err := p.DemandMet(context.Background(), plan.Query{Mode: geo.Walk, Minutes: 15})
				return err
			}},
		} {
			b.Run(fmt.Sprintf("%dx/%s", factor, tc.name), func(b *testing.B) {
				snap := scaledPlanSnapshot(b, factor)
				b.ReportAllocs()
				for b.Loop() {
					if err := tc.ask(plan.New(snap)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

var scaledPlanSnaps = map[int]*index.Snapshot{}

// scaledPlanSnapshot builds (once per test binary) the default catalogue
// times factor.
func scaledPlanSnapshot(b *testing.B, factor int) *index.Snapshot {
	b.Helper()
	if s, ok := scaledPlanSnaps[factor]; ok {
		return s
	}
	start := time.Now()
	path, remove, _ := testfixture.Scaled(b, factor)
	snap, err := index.Open(path)
	remove() // an opened snapshot no longer reads its file
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%dx: built and opened in %v", factor, time.Since(start).Round(time.Millisecond))
	scaledPlanSnaps[factor] = snap
	return snap
}
