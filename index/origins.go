package index

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/skillcircle/skillcircle/index/travel"
)

// MaxOrigins is how many origins one search may start from.
const MaxOrigins = 4

// Origin is a named place a search starts from, such as "home" or "work".
type Origin struct {
	Name  string
	Point orb.Point // WGS-84
}

// normalizeOrigins checks Query.Origins; with origins, Origin becomes the
// first of them (it is what a caller shows as the search's centre).
func (q *Query) normalizeOrigins() error {
	if len(q.Origins) == 0 {
		return nil
	}
	if len(q.Origins) > MaxOrigins {
		return invalid("origins", "%d origins; at most %d", len(q.Origins), MaxOrigins)
	}
	seen := map[string]bool{}
	for _, o := range q.Origins {
		name := strings.TrimSpace(o.Name)
		switch {
		case name == "":
			return invalid("origins", "an origin has no name (e.g. home, work)")
		case seen[name]:
			return invalid("origins", "%q is given twice", name)
		case o.Point[0] < -180 || o.Point[0] > 180 || math.IsNaN(o.Point[0]) ||
			o.Point[1] < -90 || o.Point[1] > 90 || math.IsNaN(o.Point[1]):
			return invalid("origins", "%s: %v is not a longitude, latitude", name, o.Point)
		}
		seen[name] = true
	}
	q.Origin = q.Origins[0].Point
	return nil
}

// originName is the name of origin i of the query, "" for Query.Origin or
// an online course.
func (q *Query) originName(i int8) string {
	if i < 0 || int(i) >= len(q.Origins) {
		return ""
	}
	return q.Origins[i].Name
}

// reachableFrom calls fn once for every site reachable from the query's
// origins, with the time from the nearest origin and which one it is (-1
// for Query.Origin); see travel.Mode.SitesFromNearest. Along the way
// home (Query.Along) the sites are those on the way, each with its detour.
func (s *Snapshot) reachableFrom(q *Query, tr *travel.Mode, limit float64, fn func(site int32, minutes float64, src TravelSource, from int8)) {
	if q.commute != nil {
		q.commute.each(func(si int32, detour float64, src TravelSource) { fn(si, detour, src, -1) })
		return
	}
	if len(q.Origins) == 0 {
		tr.Sites(q.Origin, limit, func(si int32, t float64, src TravelSource) { fn(si, t, src, -1) })
		return
	}
	points := make([]orb.Point, len(q.Origins))
	for i, o := range q.Origins {
		points[i] = o.Point
	}
	tr.SitesFromNearest(points, limit, func(si int32, t float64, src TravelSource, from int) { fn(si, t, src, int8(from)) })
}
