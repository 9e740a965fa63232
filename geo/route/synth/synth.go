package synth

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo/route"
)

// metresPerDegree is one degree of latitude, in metres.
const metresPerDegree = 111195.0

// blockMetres is the side of a block: the unit that has one street spacing,
// bounded by primary roads that bridge every river.
const blockMetres = 2400.0

// Options describe a generated network. Nodes sets the size: the lattice
// step (the distance between consecutive nodes along a street) is chosen
// so that the network has about that many nodes.
type Options struct {
	Bound  orb.Bound // the area covered, lon/lat
	Centre orb.Point // where streets are densest
	Nodes  int       // about how many nodes
	// CoreSpacing is the distance between parallel streets at Centre;
	// it grows with the distance from Centre (doubling every CoreRadius)
	// up to MaxSpacing. MaxSpacing at most 700 m keeps every point of
	// Bound within 500 m of a node.
	CoreSpacing, MaxSpacing, CoreRadius float64
	// Rivers are polylines no street crosses except the block edges
	// (primary and trunk roads, the bridges).
	Rivers []orb.LineString
	// Seed chooses the dropped street segments and the one-way
	// directions.
	Seed uint64
}

// ErrOptions is returned for options that describe no network.
var ErrOptions = errors.New("synth: invalid options")

// Ningbo returns options for a network over bound (the catalogue's
// region) with about nodes nodes, densest at Ningbo's centre (三江口,
// where the three rivers meet), with the three rivers: 余姚江 from the
// west, 奉化江 from the south-west, 甬江 on to the sea in the north-east.
// Their courses are drawn coarsely; what matters is that they cut the
// centre into three parts joined only by bridges.
func Ningbo(bound orb.Bound, nodes int) Options {
	sanjiangkou := orb.Point{121.555, 29.872}
	return Options{
		Bound: bound, Centre: sanjiangkou, Nodes: nodes,
		CoreSpacing: 110, MaxSpacing: 600, CoreRadius: 6000,
		Rivers: []orb.LineString{
			{{121.15, 30.05}, {121.33, 29.98}, {121.47, 29.90}, {121.53, 29.885}, sanjiangkou},  // 余姚江
			{{121.38, 29.55}, {121.45, 29.70}, {121.52, 29.80}, {121.545, 29.855}, sanjiangkou}, // 奉化江
			{sanjiangkou, {121.60, 29.90}, {121.66, 29.93}, {121.72, 29.96}, {121.80, 29.98}},   // 甬江
		},
		Seed: 1,
	}
}

func (o *Options) validate() error {
	switch {
	case !(o.Bound.Max[0] > o.Bound.Min[0]) || !(o.Bound.Max[1] > o.Bound.Min[1]):
		return fmt.Errorf("%w: empty bound %v", ErrOptions, o.Bound)
	case o.Nodes < 4:
		return fmt.Errorf("%w: %d nodes", ErrOptions, o.Nodes)
	case !(o.CoreSpacing > 0) || !(o.MaxSpacing >= o.CoreSpacing) || !(o.CoreRadius > 0):
		return fmt.Errorf("%w: spacing %v..%v m, core radius %v m", ErrOptions, o.CoreSpacing, o.MaxSpacing, o.CoreRadius)
	}
	return nil
}

// spacing is the distance between parallel streets at p.
func (o *Options) spacing(p orb.Point) float64 {
	d := planarMetres(o.Centre, p)
	return math.Min(o.CoreSpacing*math.Exp2(d/o.CoreRadius), o.MaxSpacing)
}

func planarMetres(a, b orb.Point) float64 {
	cos := math.Cos((a[1] + b[1]) / 2 * math.Pi / 180)
	dx := (b[0] - a[0]) * metresPerDegree * cos
	dy := (b[1] - a[1]) * metresPerDegree
	return math.Hypot(dx, dy)
}

// Emitter receives a network as an OSM file lists it: ways (each with its
// node ids and tags) and nodes. Generate calls Way for every way before
// the first Node, and Node in ascending id order.
type Emitter interface {
	Way(id int64, nodes []int64, tags map[string]string) error
	Node(id int64, p orb.Point) error
}

// Stats count what Generate emitted.
type Stats struct {
	Ways, Nodes int
	Step        float64 // metres between consecutive nodes along a street
}

// Generate emits the network described by o to e: same options, same
// network.
func Generate(o Options, e Emitter) (Stats, error) {
	g, err := newGenerator(o)
	if err != nil {
		return Stats{}, err
	}
	if err := g.ways(e.Way); err != nil {
		return Stats{}, err
	}
	st := Stats{Ways: g.nways, Step: g.lat.step}
	for id := range g.used.each() {
		if err := e.Node(id, g.lat.point(id)); err != nil {
			return st, err
		}
		st.Nodes++
	}
	return st, nil
}

// Network builds the network described by o with route.Builder.
func Network(o Options) (*route.Network, route.BuildStats, error) {
	b := route.NewBuilder()
	if _, err := Generate(o, builderEmitter{b}); err != nil {
		return nil, route.BuildStats{}, err
	}
	return b.Build()
}

type builderEmitter struct{ b *route.Builder }

func (e builderEmitter) Way(_ int64, nodes []int64, tags map[string]string) error {
	_, err := e.b.AddWay(nodes, route.TagMap(tags))
	return err
}

func (e builderEmitter) Node(id int64, p orb.Point) error {
	e.b.AddNode(id, p)
	return nil
}
