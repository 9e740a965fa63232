package route_test

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/skillcircle/skillcircle/geo/route"
)

// A one-way street 200 m long: cars may only drive it forward, walkers
// both ways.
func Example() {
	b := route.NewBuilder()
	b.AddWay([]int64{1, 2, 3}, route.TagMap{"highway": "residential", "oneway": "yes"})
	b.AddNode(1, orb.Point{121.5500, 29.87})
	b.AddNode(2, orb.Point{121.5510, 29.87})
	b.AddNode(3, orb.Point{121.5520, 29.87})
	net, _, err := b.Build()
	if err != nil {
		panic(err)
	}
	first, _ := net.NodeByOSMID(1)
	last, _ := net.NodeByOSMID(3)
	for _, m := range []route.Mode{route.Walk, route.Drive} {
		fwd, okf := net.Search(m, []route.Source{route.NodeSource(first, 0)}, 600, false).Node(last)
		bwd, okb := net.Search(m, []route.Source{route.NodeSource(last, 0)}, 600, false).Node(first)
		fmt.Printf("%s: forward %.0f s (%v), backward %.0f s (%v)\n", m, fwd, okf, bwd, okb)
	}
	// Output:
	// walk: forward 154 s (true), backward 154 s (true)
	// drive: forward 28 s (true), backward 0 s (false)
}
