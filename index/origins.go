package index

import (
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
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
// for Query.Origin). With several origins a site reached from two is
// given once, from the nearer (the earlier origin on a tie); sites come
// in catalogue order.
func (s *Snapshot) reachableFrom(q *Query, tr *travel, limit float64, fn func(site int32, minutes float64, src TravelSource, from int8)) {
	if q.commute != nil {
		q.commute.each(func(si int32, detour float64, src TravelSource) { fn(si, detour, src, -1) })
		return
	}
	if len(q.Origins) == 0 {
		s.reachableSites(q.Origin, tr, limit, func(si int32, t float64, src TravelSource) { fn(si, t, src, -1) })
		return
	}
	type best struct {
		minutes float64
		src     TravelSource
		from    int8
	}
	nearest := map[int32]best{}
	for i, o := range q.Origins {
		s.reachableSites(o.Point, tr, limit, func(si int32, t float64, src TravelSource) {
			if b, ok := nearest[si]; !ok || t < b.minutes {
				nearest[si] = best{t, src, int8(i)}
			}
		})
	}
	sites := make([]int32, 0, len(nearest))
	for si := range nearest {
		sites = append(sites, si)
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i] < sites[j] })
	for _, si := range sites {
		b := nearest[si]
		fn(si, b.minutes, b.src, b.from)
	}
}
