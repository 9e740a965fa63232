package plan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
)

// Who lives within a 15-minute walk of an advanced-manufacturing course,
// and where two more training points would reach the most people left out.
func ExamplePlanner_SuggestSites() {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "example-*")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "ningbo.db")
	// Without BuildOptions.Population the population is modelled.
	if _, err := index.Build(context.Background(), path, cat, index.BuildOptions{}); err != nil {
		panic(err)
	}
	snap, err := index.Open(path)
	if err != nil {
		panic(err)
	}
	defer snap.Close()

	q := plan.Query{Mode: geo.Walk, Minutes: 15, Filters: index.Filters{Families: []data.Family{data.Manufacturing}}, K: 2}
	planner := plan.New(snap)
	cov, err := planner.Coverage(context.Background(), q)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %d of %d people covered (%.1f%%)\n", cov.City.Name, cov.City.Covered, cov.City.Population, 100*cov.City.Share)
	res, err := planner.SuggestSites(context.Background(), q)
	if err != nil {
		panic(err)
	}
	for _, s := range res.Suggestions {
		fmt.Printf("%d. %s (%s): +%d\n", s.Rank, s.Name, s.Kind, s.Gain)
	}
	// Output:
	// 宁波市: 2764434 of 9404283 people covered (29.4%)
	// 1. 明楼街道 (township): +60748
	// 2. 潘火路 (station): +37388
}
