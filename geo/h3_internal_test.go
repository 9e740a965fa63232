package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// Two cells compute a shared vertex separately, and the results may differ in
// the last bits. Black-box tests almost never see the two fall on either side
// of a lookup square's side, so this places them there.
func TestEdgeGraphSnapsAcrossSquares(t *testing.T) {
	corner := orb.Point{1215000000 * snapGrid, 298000000 * snapGrid}
	const noise = snapDegrees / 10
	tests := []struct {
		name string
		a, b orb.Point
		same bool
	}{
		{"identical", corner, corner, true},
		{"across a vertical side", orb.Point{corner[0] - noise, corner[1] + 0.5*snapGrid}, orb.Point{corner[0] + noise, corner[1] + 0.5*snapGrid}, true},
		{"across a horizontal side", orb.Point{corner[0] + 0.5*snapGrid, corner[1] + noise}, orb.Point{corner[0] + 0.5*snapGrid, corner[1] - noise}, true},
		{"across a corner", orb.Point{corner[0] - noise, corner[1] - noise}, orb.Point{corner[0] + noise, corner[1] + noise}, true},
		{"across the other diagonal", orb.Point{corner[0] - noise, corner[1] + noise}, orb.Point{corner[0] + noise, corner[1] - noise}, true},
		{"inside one square", orb.Point{corner[0] + 0.3*snapGrid, corner[1] + 0.3*snapGrid}, orb.Point{corner[0] + 0.3*snapGrid + noise, corner[1] + 0.3*snapGrid}, true},
		{"a millimetre apart", corner, orb.Point{corner[0] + 10*snapDegrees, corner[1]}, false},
		{"in neighbouring squares", orb.Point{corner[0] - 0.5*snapGrid, corner[1]}, orb.Point{corner[0] + 0.5*snapGrid, corner[1]}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newEdgeGraph(1)
			a, b := g.vertex(tt.a), g.vertex(tt.b)
			if (a == b) != tt.same {
				t.Errorf("vertex(%v) = %d, vertex(%v) = %d; same = %v, want %v", tt.a, a, tt.b, b, a == b, tt.same)
			}
			// The order of arrival must not matter.
			g = newEdgeGraph(1)
			b, a = g.vertex(tt.b), g.vertex(tt.a)
			if (a == b) != tt.same {
				t.Errorf("reversed: same = %v, want %v", a == b, tt.same)
			}
		})
	}
}

// TestMaxCircumradiusRatio checks the assumption CellsWithin's completeness
// rests on: at each resolution, no cell's circumradius is maxCircumradiusRatio
// times another's. It samples cells over the globe and every pentagon's
// neighbourhood, where cells are most distorted.
func TestMaxCircumradiusRatio(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for res := 0; res <= 15; res++ {
		var cells []h3.Cell
		for range 1000 {
			lat := math.Asin(2*rng.Float64()-1) * 180 / math.Pi
			cells = append(cells, Cell(orb.Point{360*rng.Float64() - 180, lat}, res))
		}
		for _, p := range h3.Pentagons(res) {
			cells = append(cells, h3.GridDisk(p, 3)...)
		}
		smallest, largest := math.Inf(1), 0.0
		for _, c := range cells {
			if c == 0 {
				continue
			}
			r := circumradius(c, CellCenter(c))
			smallest, largest = math.Min(smallest, r), math.Max(largest, r)
		}
		ratio := largest / smallest
		t.Logf("resolution %d: circumradius ratio %.2f", res, ratio)
		if ratio >= 0.9*maxCircumradiusRatio {
			t.Errorf("resolution %d: circumradii from %.1f to %.1f m, ratio %.2f: too close to the assumed bound %d",
				res, smallest, largest, ratio, maxCircumradiusRatio)
		}
	}
}
