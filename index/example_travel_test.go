package index_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// Twenty minutes from 东门口(天一广场) metro station on foot, and by metro
// (line 1, with walks at both ends): each hit says where its time came
// from.
func ExampleSnapshot_Search_transit() {
	snap := exampleSnapshot() // built and opened as ExamplePlanner_SuggestSites (package plan) shows

	dongmenkou := orb.Point{121.551276, 29.874068}
	for _, mode := range []geo.Mode{geo.Walk, geo.Transit} {
		res, err := snap.Search(context.Background(), index.Query{Origin: dongmenkou, Mode: mode, Minutes: 20, Limit: index.MaxLimit})
		if err != nil {
			panic(err)
		}
		by := map[index.TravelSource]int{}
		for _, s := range res.Sites {
			by[s.TravelSource]++
		}
		fmt.Printf("%s (%s): %d sites, %d walked to, %d by metro\n", mode, res.Travel, res.ReachableSites,
			by[index.SourceEstimate], by[index.SourceTransit])
	}
	// Output:
	// walk (estimate): 15 sites, 15 walked to, 0 by metro
	// transit (transit): 31 sites, 9 walked to, 22 by metro
}
