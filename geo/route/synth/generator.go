package synth

import (
	"iter"
	"math"
	"math/bits"

	"github.com/paulmach/orb"
)

// lattice maps node ids to points: a regular lattice of step metres over
// the bound, node (row, col) having id row*cols+col+1. Every street runs
// along lattice rows or columns, so streets of neighbouring blocks meet at
// shared nodes.
type lattice struct {
	bound      orb.Bound
	step       float64 // metres
	dLat, dLon float64 // degrees per step
	rows, cols int
	seed       uint64
}

func newLattice(b orb.Bound, step float64, seed uint64) lattice {
	cos := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	l := lattice{bound: b, step: step, seed: seed}
	l.dLat = step / metresPerDegree
	l.dLon = l.dLat / cos
	l.rows = int((b.Max[1]-b.Min[1])/l.dLat) + 1
	l.cols = int((b.Max[0]-b.Min[0])/l.dLon) + 1
	return l
}

func (l *lattice) id(r, c int) int64 { return int64(r)*int64(l.cols) + int64(c) + 1 }

// point is node id's position: its lattice point moved by up to a tenth
// of a step, so that streets are not ruler-straight.
func (l *lattice) point(id int64) orb.Point {
	r, c := int((id-1)/int64(l.cols)), int((id-1)%int64(l.cols))
	h := mix(l.seed ^ uint64(id))
	jx := (float64(h&0xffff)/0xffff - 0.5) * 0.2
	jy := (float64(h>>16&0xffff)/0xffff - 0.5) * 0.2
	return orb.Point{
		l.bound.Min[0] + (float64(c)+jx)*l.dLon,
		l.bound.Min[1] + (float64(r)+jy)*l.dLat,
	}
}

// mix is SplitMix64's finaliser: a seeded hash for the generator's
// choices, so that they depend on the seed and the place only.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// bitset marks the node ids used by some way.
type bitset []uint64

func (b bitset) set(id int64) { b[id>>6] |= 1 << (id & 63) }

func (b bitset) each() iter.Seq[int64] {
	return func(yield func(int64) bool) {
		for w, v := range b {
			for v != 0 {
				t := bits.TrailingZeros64(v)
				if !yield(int64(w)<<6 | int64(t)) {
					return
				}
				v &= v - 1
			}
		}
	}
}

type generator struct {
	o      Options
	lat    lattice
	block  int // lattice steps per block side
	rivers [][2]orb.Point
	used   bitset
	nways  int
}

func newGenerator(o Options) (*generator, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	g := &generator{o: o}
	g.lat = newLattice(o.Bound, g.chooseStep(), o.Seed)
	g.block = max(1, int(math.Round(blockMetres/g.lat.step)))
	g.used = make(bitset, (int64(g.lat.rows)*int64(g.lat.cols)+1)/64+1)
	for _, r := range o.Rivers {
		for i := 1; i < len(r); i++ {
			g.rivers = append(g.rivers, [2]orb.Point{r[i-1], r[i]})
		}
	}
	return g, nil
}

// chooseStep finds the step that gives about o.Nodes nodes: each block
// holds (its lines) x (steps per line) nodes, and rounding the spacing to
// whole steps moves the count, so a few rounds of correction.
func (g *generator) chooseStep() float64 {
	step := math.Sqrt(areaM2(g.o.Bound) * 2 / g.o.CoreSpacing / float64(g.o.Nodes))
	for range 6 {
		n := g.estimate(step)
		step *= n / float64(g.o.Nodes)
	}
	return step
}

func areaM2(b orb.Bound) float64 {
	cos := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	return (b.Max[0] - b.Min[0]) * cos * metresPerDegree * (b.Max[1] - b.Min[1]) * metresPerDegree
}

// estimate counts the nodes a lattice of step would have: two families of
// lines per block, every k steps, each block side steps long.
func (g *generator) estimate(step float64) float64 {
	l := newLattice(g.o.Bound, step, 0)
	bs := max(1, int(math.Round(blockMetres/step)))
	n := 0.0
	for r0 := 0; r0 < l.rows; r0 += bs {
		for c0 := 0; c0 < l.cols; c0 += bs {
			h, w := min(bs, l.rows-r0), min(bs, l.cols-c0)
			k := float64(g.spacingSteps(&l, r0+h/2, c0+w/2))
			n += float64(w)*math.Ceil(float64(h)/k) + float64(h)*math.Ceil(float64(w)/k)
		}
	}
	return n
}

// spacingSteps is the street spacing at lattice point (r, c) in steps.
func (g *generator) spacingSteps(l *lattice, r, c int) int {
	p := orb.Point{l.bound.Min[0] + float64(c)*l.dLon, l.bound.Min[1] + float64(r)*l.dLat}
	return max(1, int(math.Round(g.o.spacing(p)/l.step)))
}

// ways emits every block's streets: lines along the lattice rows and
// columns at the block's spacing, plus its west and south edges (primary
// roads). A block draws rows r0 up to its north edge exclusive and columns
// reach one step into the next block, so that streets of neighbouring
// blocks meet at shared nodes; the last block draws the far edge too.
func (g *generator) ways(emit func(int64, []int64, map[string]string) error) error {
	l := &g.lat
	var nodes []int64
	for r0 := 0; r0 < l.rows; r0 += g.block {
		r1 := min(r0+g.block, l.rows-1)
		for c0 := 0; c0 < l.cols; c0 += g.block {
			c1 := min(c0+g.block, l.cols-1)
			k := g.spacingSteps(l, (r0+r1)/2, (c0+c1)/2)
			for r := r0; r < r1 || (r == r1 && r1 == l.rows-1); r++ {
				if r == r0 || r%k == 0 || r == l.rows-1 {
					cls := g.class(r, r0, k, r0/g.block)
					if err := g.line(emit, nodes[:0], cls, func(i int) int64 { return l.id(r, i) }, c0, c1); err != nil {
						return err
					}
				}
			}
			for c := c0; c < c1 || (c == c1 && c1 == l.cols-1); c++ {
				if c == c0 || c%k == 0 || c == l.cols-1 {
					cls := g.class(c, c0, k, c0/g.block)
					if err := g.line(emit, nodes[:0], cls, func(i int) int64 { return l.id(i, c) }, r0, r1); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// street is a line's road class.
type street struct {
	highway string
	bridge  bool   // crosses rivers
	oneway  string // "", "yes" or "-1"
}

// class chooses a line's class: block edges are primary roads (a trunk
// road, closed to walkers, every fifth), the only ones that bridge rivers
// (as in Ningbo's centre, a bridge every two or three kilometres); every
// fourth line a secondary
// road, every other line tertiary, the rest residential, a third of them
// one-way.
func (g *generator) class(line, edge, k, block int) street {
	switch {
	case line == edge && block%5 == 0:
		return street{highway: "trunk", bridge: true}
	case line == edge:
		return street{highway: "primary", bridge: true}
	case line%(4*k) == 0:
		return street{highway: "secondary"}
	case line%(2*k) == 0:
		return street{highway: "tertiary"}
	}
	switch mix(g.o.Seed^uint64(line)*0x5bd1e995) % 6 {
	case 0:
		return street{highway: "residential", oneway: "yes"}
	case 1:
		return street{highway: "residential", oneway: "-1"}
	}
	return street{highway: "residential"}
}

// line emits one street from lattice index a to b as ways, cut where a
// segment crosses a river (unless the street bridges it) and where a
// residential segment is dropped (about one in 25: dead ends, missing
// links).
func (g *generator) line(emit func(int64, []int64, map[string]string) error, nodes []int64, cls street, id func(int) int64, a, b int) error {
	flush := func() error {
		if len(nodes) >= 2 {
			g.nways++
			tags := map[string]string{"highway": cls.highway}
			if cls.oneway != "" {
				tags["oneway"] = cls.oneway
			}
			if cls.bridge && g.crossesRiver(nodes) {
				tags["bridge"] = "yes"
			}
			for _, n := range nodes {
				g.used.set(n)
			}
			if err := emit(int64(g.nways), nodes, tags); err != nil {
				return err
			}
		}
		nodes = nodes[:0]
		return nil
	}
	for i := a; i <= b; i++ {
		v := id(i)
		if len(nodes) > 0 {
			u := nodes[len(nodes)-1]
			cut := !cls.bridge && g.riverBetween(u, v)
			if cls.highway == "residential" && mix(g.o.Seed^uint64(u)<<1^uint64(v))%25 == 0 {
				cut = true
			}
			if cut {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		nodes = append(nodes, v)
	}
	return flush()
}

func (g *generator) crossesRiver(nodes []int64) bool {
	for i := 1; i < len(nodes); i++ {
		if g.riverBetween(nodes[i-1], nodes[i]) {
			return true
		}
	}
	return false
}

// riverBetween reports whether the segment between nodes u and v crosses
// a river.
func (g *generator) riverBetween(u, v int64) bool {
	if len(g.rivers) == 0 {
		return false
	}
	p, q := g.lat.point(u), g.lat.point(v)
	for _, s := range g.rivers {
		if segmentsCross(p, q, s[0], s[1]) {
			return true
		}
	}
	return false
}

// segmentsCross reports whether segments pq and ab cross (planar, in
// degrees: fine at a segment's scale).
func segmentsCross(p, q, a, b orb.Point) bool {
	if math.Max(p[0], q[0]) < math.Min(a[0], b[0]) || math.Min(p[0], q[0]) > math.Max(a[0], b[0]) ||
		math.Max(p[1], q[1]) < math.Min(a[1], b[1]) || math.Min(p[1], q[1]) > math.Max(a[1], b[1]) {
		return false
	}
	d1, d2 := orient(a, b, p), orient(a, b, q)
	d3, d4 := orient(p, q, a), orient(p, q, b)
	return (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0)
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}
