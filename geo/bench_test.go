package geo_test

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
)

// Benchmarks never decide pass or fail; they are here to watch the hot paths.

// Sinks keep results alive so that the compiler cannot drop the work. They
// are typed: an interface would add an allocation to every operation.
var (
	pointSink orb.Point
	floatSink float64
	boolSink  bool
	cellsSink []h3.Cell
	mpSink    orb.MultiPolygon
	areaSink  *geo.Area
)

func BenchmarkWGS84ToGCJ02(b *testing.B) {
	for b.Loop() {
		pointSink = geo.WGS84ToGCJ02(ningbo)
	}
}

func BenchmarkGCJ02ToWGS84(b *testing.B) {
	p := geo.WGS84ToGCJ02(ningbo)
	for b.Loop() {
		pointSink = geo.GCJ02ToWGS84(p)
	}
}

func BenchmarkBD09ToGCJ02(b *testing.B) {
	p := geo.Convert(ningbo, geo.WGS84, geo.BD09)
	for b.Loop() {
		pointSink = geo.BD09ToGCJ02(p)
	}
}

func BenchmarkDistance(b *testing.B) {
	q := orb.Point{ningbo[0] + 0.01, ningbo[1] + 0.01}
	for b.Loop() {
		floatSink = geo.Distance(ningbo, q)
	}
}

// searches are the (mode, minutes, resolution) the search runs most.
var searches = []struct {
	name    string
	mode    geo.Mode
	minutes float64
	res     int
}{
	{"walk15min/res9", geo.Walk, 15, 9},
	{"ebike30min/res8", geo.EBike, 30, 8},
}

func BenchmarkCellsWithin(b *testing.B) {
	for _, s := range searches {
		radius := geo.DefaultTravelModels()[s.mode].ReachMeters(s.minutes)
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				cellsSink = geo.CellsWithin(ningbo, radius, s.res)
			}
		})
	}
}

func BenchmarkIsochrone(b *testing.B) {
	for _, s := range searches {
		m := geo.DefaultTravelModels()[s.mode]
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				cellsSink = geo.Isochrone(ningbo, m, s.minutes, s.res)
			}
		})
	}
}

func BenchmarkCellsToMultiPolygon(b *testing.B) {
	for _, s := range searches {
		cells := geo.Isochrone(ningbo, geo.DefaultTravelModels()[s.mode], s.minutes, s.res)
		b.Run(s.name, func(b *testing.B) {
			b.ReportMetric(float64(len(cells)), "cells")
			for b.Loop() {
				mpSink = geo.CellsToMultiPolygon(cells)
			}
		})
	}
}

func BenchmarkPolygonCells(b *testing.B) {
	district := loadDistricts(b)[0] // 海曙区, ~600 km²
	for _, res := range []int{7, 8} {
		b.Run(map[int]string{7: "res7", 8: "res8"}[res], func(b *testing.B) {
			for b.Loop() {
				cellsSink = geo.PolygonCells(district.mp, res)
			}
		})
	}
}

// randomPoints returns n points in the bounding box of mp, so that some
// fall inside and the rest near it.
func randomPoints(mp orb.MultiPolygon, n int) []orb.Point {
	rng := rand.New(rand.NewPCG(1, 1))
	bound := mp.Bound()
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{
			bound.Min[0] + rng.Float64()*(bound.Max[0]-bound.Min[0]),
			bound.Min[1] + rng.Float64()*(bound.Max[1]-bound.Min[1]),
		}
	}
	return pts
}

// BenchmarkContains tests points in 海曙区's bounding box (299 vertices):
// the package function, the prepared Area, and orb's planar for reference.
// "city" asks which of all 10 districts holds a point anywhere in Ningbo.
func BenchmarkContains(b *testing.B) {
	districts := loadDistricts(b)
	haishu := districts[0].mp
	pts := randomPoints(haishu, 1024)
	b.Run("Contains", func(b *testing.B) {
		i := 0
		for b.Loop() {
			boolSink = geo.Contains(haishu, pts[i%len(pts)])
			i++
		}
	})
	b.Run("Area", func(b *testing.B) {
		area := geo.NewArea(haishu)
		i := 0
		for b.Loop() {
			boolSink = area.Contains(pts[i%len(pts)])
			i++
		}
	})
	b.Run("orb-planar", func(b *testing.B) {
		i := 0
		for b.Loop() {
			boolSink = planar.MultiPolygonContains(haishu, pts[i%len(pts)])
			i++
		}
	})
	b.Run("city/Area", func(b *testing.B) {
		var city orb.MultiPolygon
		areas := make([]*geo.Area, len(districts))
		for i, d := range districts {
			areas[i] = geo.NewArea(d.mp)
			city = append(city, d.mp...)
		}
		pts := randomPoints(city, 1024)
		i := 0
		for b.Loop() {
			p := pts[i%len(pts)]
			for _, a := range areas {
				if boolSink = a.Contains(p); boolSink {
					break
				}
			}
			i++
		}
	})
}

func BenchmarkDistanceTo(b *testing.B) {
	haishu := loadDistricts(b)[0].mp
	pts := randomPoints(haishu, 1024)
	b.Run("DistanceTo", func(b *testing.B) {
		i := 0
		for b.Loop() {
			floatSink = geo.DistanceTo(haishu, pts[i%len(pts)])
			i++
		}
	})
	b.Run("Area", func(b *testing.B) {
		area := geo.NewArea(haishu)
		i := 0
		for b.Loop() {
			floatSink = area.DistanceTo(pts[i%len(pts)])
			i++
		}
	})
}

func BenchmarkNewArea(b *testing.B) {
	haishu := loadDistricts(b)[0].mp
	for b.Loop() {
		areaSink = geo.NewArea(haishu)
	}
}
