package route_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/skillcircle/skillcircle/geo/route"
)

// TestArraysRoundTrip: a network rebuilt from its arrays answers every
// search as the original does.
func TestArraysRoundTrip(t *testing.T) {
	g := randomGraph(7, 60, 90)
	net, _ := g.build(t)
	back, err := route.FromArrays(net.Arrays())
	if err != nil {
		t.Fatal(err)
	}
	if back.NumNodes() != net.NumNodes() || back.Bound() != net.Bound() {
		t.Fatalf("rebuilt %v, want %v", back, net)
	}
	for _, m := range route.Modes {
		if back.NumEdges(m) != net.NumEdges(m) {
			t.Fatalf("%s: %d edges, want %d", m, back.NumEdges(m), net.NumEdges(m))
		}
		for src := int32(0); src < int32(net.NumNodes()); src += 7 {
			for _, rev := range []bool{false, true} {
				a := net.Search(m, []route.Source{route.NodeSource(src, 0)}, 3600, rev)
				b := back.Search(m, []route.Source{route.NodeSource(src, 0)}, 3600, rev)
				for v := int32(0); v < int32(net.NumNodes()); v++ {
					sa, oka := a.Node(v)
					sb, okb := b.Node(v)
					if sa != sb || oka != okb {
						t.Fatalf("%s from %d to %d (reverse %v): %v %v, rebuilt %v %v", m, src, v, rev, sa, oka, sb, okb)
					}
				}
			}
		}
	}
	p := net.Point(3)
	p[0] += 0.0003
	na, da, oka := net.Nearest(p, route.Walk, 500)
	nb, db, okb := back.Nearest(p, route.Walk, 500)
	if na != nb || da != db || oka != okb {
		t.Errorf("Nearest differs: %d %v %v, rebuilt %d %v %v", na, da, oka, nb, db, okb)
	}
}

func TestFromArraysRefusesBadArrays(t *testing.T) {
	g := randomGraph(8, 20, 30)
	net, _ := g.build(t)
	fresh := func() route.Arrays {
		a := net.Arrays()
		// deep copies, so that damaging them leaves net alone
		a.IDs = append([]int64(nil), a.IDs...)
		a.Lat = append([]int32(nil), a.Lat...)
		for m := range a.Forward {
			c := &a.Forward[m]
			c.Start = append([]uint32(nil), c.Start...)
			c.To = append([]int32(nil), c.To...)
			c.Cost = append([]float32(nil), c.Cost...)
		}
		return a
	}
	tests := map[string]func(a *route.Arrays){
		"ids out of order":  func(a *route.Arrays) { a.IDs[1], a.IDs[2] = a.IDs[2], a.IDs[1] },
		"short latitudes":   func(a *route.Arrays) { a.Lat = a.Lat[:len(a.Lat)-1] },
		"latitude 91":       func(a *route.Arrays) { a.Lat[0] = 910_000_000 },
		"edge to nowhere":   func(a *route.Arrays) { a.Forward[route.Walk].To[0] = int32(len(a.IDs)) },
		"negative cost":     func(a *route.Arrays) { a.Forward[route.Drive].Cost[0] = -1 },
		"NaN cost":          func(a *route.Arrays) { a.Forward[route.Bike].Cost[0] = float32(math.NaN()) },
		"starts decrease":   func(a *route.Arrays) { s := a.Forward[route.Walk].Start; s[1], s[2] = s[2]+1, s[1] },
		"start count":       func(a *route.Arrays) { a.Forward[route.EBike].Start = a.Forward[route.EBike].Start[1:] },
		"no snap candidate": func(a *route.Arrays) { a.Snap.Candidates = 0 },
		"snap NaN":          func(a *route.Arrays) { a.Snap.MaxMeters[route.Walk] = math.NaN() },
	}
	for name, damage := range tests {
		t.Run(name, func(t *testing.T) {
			a := fresh()
			damage(&a)
			if _, err := route.FromArrays(a); !errors.Is(err, route.ErrArrays) {
				t.Errorf("err = %v, want ErrArrays", err)
			}
		})
	}
}

// TestHull: every node lies inside or on the hull, which is convex and
// counter-clockwise, and its vertices are nodes.
func TestHull(t *testing.T) {
	net := gridCity(t, 30)
	hull := net.Hull()
	if len(hull) < 4 || hull[0] != hull[len(hull)-1] {
		t.Fatalf("hull %v is not a closed ring", hull)
	}
	if planar.Area(hull) <= 0 || hull.Orientation() != orb.CCW {
		t.Errorf("hull is not counter-clockwise (area %v)", planar.Area(hull))
	}
	poly := orb.Polygon{hull}
	b := hull.Bound()
	for i := int32(0); i < int32(net.NumNodes()); i++ {
		p := net.Point(i)
		if !planar.PolygonContains(poly, p) && !onRing(hull, p) {
			t.Fatalf("node %d at %v is outside the hull", i, p)
		}
	}
	if b != net.Bound() {
		t.Errorf("hull bound %v, nodes' bound %v", b, net.Bound())
	}
	line := route.NewBuilder()
	line.AddWay([]int64{1, 2, 3}, route.TagMap{"highway": "residential"})
	for i := int64(1); i <= 3; i++ {
		line.AddNode(i, orb.Point{121.5 + float64(i)*0.001, 29.8})
	}
	ln, _, _ := line.Build()
	if h := ln.Hull(); h != nil {
		t.Errorf("collinear nodes have hull %v", h)
	}
}

func onRing(r orb.Ring, p orb.Point) bool {
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
		if math.Abs(cross) < 1e-12 && p[0] >= math.Min(a[0], b[0])-1e-9 && p[0] <= math.Max(a[0], b[0])+1e-9 &&
			p[1] >= math.Min(a[1], b[1])-1e-9 && p[1] <= math.Max(a[1], b[1])+1e-9 {
			return true
		}
	}
	return false
}
