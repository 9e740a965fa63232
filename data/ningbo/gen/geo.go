package main

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Small private geometry helpers. The distances are equirectangular, good
// to well under 1% over the few kilometres they are used for.

const metresPerDegLat = 110574.0

func metresPerDegLng(lat float64) float64 { return 111320.0 * math.Cos(lat*math.Pi/180) }

// offset moves p by east and north metres.
func offset(p orb.Point, east, north float64) orb.Point {
	return orb.Point{p[0] + east/metresPerDegLng(p[1]), p[1] + north/metresPerDegLat}
}

// dist is the distance between a and b in metres.
func dist(a, b orb.Point) float64 {
	dx := (b[0] - a[0]) * metresPerDegLng((a[1]+b[1])/2)
	dy := (b[1] - a[1]) * metresPerDegLat
	return math.Hypot(dx, dy)
}

// contains reports whether p lies inside the district's boundary.
func (d *district) contains(p orb.Point) bool {
	return d.Bound.Contains(p) && planar.MultiPolygonContains(d.Geom, p)
}

// containsWithMargin reports whether p and four points m metres around it
// all lie inside the district, so that p is safely inside even after a
// round trip through another coordinate system.
func (d *district) containsWithMargin(p orb.Point, m float64) bool {
	if !d.contains(p) {
		return false
	}
	for _, o := range [][2]float64{{m, 0}, {-m, 0}, {0, m}, {0, -m}} {
		if !d.contains(offset(p, o[0], o[1])) {
			return false
		}
	}
	return true
}

// nearestTownship is the township of d whose centre is closest to p. With
// no township boundaries available, a point belongs to the township with
// the nearest centre within its district.
func (d *district) nearestTownship(p orb.Point) *township {
	var best *township
	bd := math.Inf(1)
	for _, t := range d.Township {
		if dd := dist(p, t.Center); dd < bd {
			best, bd = t, dd
		}
	}
	return best
}

// projectOnSegment returns the parameter t in [0,1] of the point of segment
// ab closest to p, and the distance from p to it in metres.
func projectOnSegment(p, a, b orb.Point) (float64, float64) {
	k := metresPerDegLng(p[1])
	ax, ay := (a[0]-p[0])*k, (a[1]-p[1])*metresPerDegLat
	bx, by := (b[0]-p[0])*k, (b[1]-p[1])*metresPerDegLat
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = -(ax*dx + ay*dy) / l2
	}
	t = math.Max(0, math.Min(1, t))
	return t, math.Hypot(ax+t*dx, ay+t*dy)
}

// GCJ-02, the offset coordinate system of Amap and Tencent maps. The
// forward formula is the widely published one; the inverse is found by
// iteration (error well under 1 m).

const (
	gcjA  = 6378245.0
	gcjEE = 0.00669342162296594323
)

func gcjTransformLat(x, y float64) float64 {
	r := -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	r += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	r += (20.0*math.Sin(y*math.Pi) + 40.0*math.Sin(y/3.0*math.Pi)) * 2.0 / 3.0
	r += (160.0*math.Sin(y/12.0*math.Pi) + 320*math.Sin(y*math.Pi/30.0)) * 2.0 / 3.0
	return r
}

func gcjTransformLng(x, y float64) float64 {
	r := 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	r += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	r += (20.0*math.Sin(x*math.Pi) + 40.0*math.Sin(x/3.0*math.Pi)) * 2.0 / 3.0
	r += (150.0*math.Sin(x/12.0*math.Pi) + 300.0*math.Sin(x/30.0*math.Pi)) * 2.0 / 3.0
	return r
}

// wgsToGCJ converts a WGS-84 point to GCJ-02.
func wgsToGCJ(p orb.Point) orb.Point {
	lng, lat := p[0], p[1]
	dLat := gcjTransformLat(lng-105.0, lat-35.0)
	dLng := gcjTransformLng(lng-105.0, lat-35.0)
	radLat := lat / 180.0 * math.Pi
	magic := math.Sin(radLat)
	magic = 1 - gcjEE*magic*magic
	sqrtMagic := math.Sqrt(magic)
	dLat = (dLat * 180.0) / ((gcjA * (1 - gcjEE)) / (magic * sqrtMagic) * math.Pi)
	dLng = (dLng * 180.0) / (gcjA / sqrtMagic * math.Cos(radLat) * math.Pi)
	return orb.Point{lng + dLng, lat + dLat}
}

// gcjToWGS inverts wgsToGCJ by fixed-point iteration.
func gcjToWGS(g orb.Point) orb.Point {
	w := g
	for range 30 {
		c := wgsToGCJ(w)
		dx, dy := g[0]-c[0], g[1]-c[1]
		w = orb.Point{w[0] + dx, w[1] + dy}
		if math.Abs(dx) < 1e-10 && math.Abs(dy) < 1e-10 {
			break
		}
	}
	return w
}
