package api

import (
	"cmp"
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// Several regions in one server.
//
// A server serves one region or more, each from its own snapshot (a
// city's catalogue) that reloads on its own (reload.go). Which region
// answers a request is decided in one place, pickRegion, run by the
// regional middleware before the handler and before conditional (whose
// ETag is that region's checksum):
//
//  1. the region region= names (its id, administrative code or name);
//  2. with one region served, that one, whatever the point (as before
//     there were several), unless the deployment serves others elsewhere
//     (Options.Elsewhere: then a point outside it is rule 4's 404);
//  3. for a course, site or institution by id, the first region that
//     holds the id;
//  4. the region whose districts hold the request's point (lat and lng, or
//     a home or workplace given as a point); a point in none is 404
//     region_not_served, naming the regions served;
//  5. the region whose district district= names;
//  6. for a page, the first region served; for the API, 400: region= is
//     needed (geocoding and suggestions without a point, a search from an
//     address typed as text).
//
// A handler reads its region's snapshot with s.snapshotOf(c).

// CodeRegionNotServed is the error code of a point in none of the regions
// a server serves (HTTP 404).
const CodeRegionNotServed = "region_not_served"

// RegionSource is one region to serve: its snapshot, and how to open it
// again for a reload (nil: the region does not reload, and the server
// does not close its snapshot).
type RegionSource struct {
	Snapshot *index.Snapshot
	Open     func(ctx context.Context) (*index.Snapshot, error)
}

// region is one region as served: its current generation and its reloads.
type region struct {
	id, code, name string // fixed by the first snapshot; a reload must keep the code
	cur            atomic.Pointer[generation]
	open           func(ctx context.Context) (*index.Snapshot, error)
	reloadMu       sync.Mutex
	retiring       chan struct{} // closed when the last replaced snapshot is closed
	closed         bool
	lastReload     atomic.Pointer[ReloadEvent]
}

// ReloadEvent is the last reload of a region, as /readyz and /v1/regions
// report it.
type ReloadEvent struct {
	Result string    `json:"result"` // ok or refused
	At     time.Time `json:"at"`
	Error  string    `json:"error,omitempty"`
}

// RegionID is the name a region goes by in URLs (region=ningbo): its
// English name in lower case, words joined by hyphens ("Monaco (test)":
// monaco-test), or its administrative code when it has no English name.
func RegionID(snap *index.Snapshot) string {
	r := snap.Meta().Region
	var b strings.Builder
	hyphen := false
	for _, c := range strings.ToLower(r.NameEN) {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return cmp.Or(b.String(), r.Code)
}

func newRegion(src RegionSource) *region {
	meta := src.Snapshot.Meta().Region
	rg := &region{id: RegionID(src.Snapshot), code: meta.Code, name: meta.Name, open: src.Open}
	rg.cur.Store(newGeneration(src.Snapshot))
	return rg
}

// acquire takes a reference to the region's current generation; false
// when the region is closed.
func (rg *region) acquire() (*generation, bool) {
	for {
		g := rg.cur.Load()
		if g.acquire() {
			return g, true
		}
		if rg.cur.Load() == g { // not replaced but idle: closed
			return nil, false
		}
	}
}

func (rg *region) snapshot() *index.Snapshot { return rg.cur.Load().snap }

// regionNamed finds a region by its id, code or name ("" when none).
func (s *Server) regionNamed(name string) *region {
	for _, rg := range s.regions {
		if strings.EqualFold(name, rg.id) || name == rg.code || name == rg.name {
			return rg
		}
	}
	return nil
}

// regionList names the regions served, for messages: "ningbo (宁波市), ...".
func (s *Server) regionList() string {
	names := make([]string, len(s.regions))
	for i, rg := range s.regions {
		names[i] = rg.id + " (" + rg.name + ")"
	}
	return strings.Join(names, ", ")
}

const regionKey = "skillcircle.region"

// regionHolds says whether a snapshot holds the record a route's :id names.
type regionHolds func(snap *index.Snapshot, id string) bool

func holdsCourse(snap *index.Snapshot, id string) bool { _, err := snap.Course(id); return err == nil }
func holdsSite(snap *index.Snapshot, id string) bool   { _, err := snap.Site(id); return err == nil }
func holdsInstitution(snap *index.Snapshot, id string) bool {
	_, err := snap.Institution(id)
	return err == nil
}

// regional picks the region that answers each request of a route: an API
// route (page false) or a page, which never fails for want of a region.
// holds, for a route by :id, finds the region holding the id.
func (s *Server) regional(page bool, holds regionHolds) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			rg, err := s.pickRegion(c, holds)
			if err != nil {
				if !page {
					return err
				}
				rg = s.regions[0] // the page says what it ignored (pageRegion)
			}
			c.Set(regionKey, rg)
			return next(c)
		}
	}
}

// pickRegion is the one place that decides which region answers a
// request; the rules are at the top of this file.
func (s *Server) pickRegion(c echo.Context, holds regionHolds) (*region, error) {
	q := c.QueryParams()
	if name := strings.TrimSpace(q.Get("region")); name != "" {
		if rg := s.regionNamed(name); rg != nil {
			return rg, nil
		}
		return nil, badParam("region", "%q is not a region served here; one of %s", name, s.regionList())
	}
	if len(s.regions) == 1 && len(s.elsewhere) == 0 {
		return s.regions[0], nil
	}
	if holds != nil {
		for _, rg := range s.regions {
			if holds(rg.snapshot(), c.Param("id")) {
				return rg, nil
			}
		}
		return s.regions[0], nil // which says not found
	}
	if pt, param, ok := requestPoint(q); param != "" {
		if !ok {
			return s.regions[0], nil // whose handler names the bad parameter
		}
		for _, rg := range s.regions {
			if _, in := rg.snapshot().DistrictOf(pt); in {
				return rg, nil
			}
		}
		msg := "the point is in none of the regions served here: " + s.regionList()
		if len(s.elsewhere) > 0 {
			msg += "; other servers of this deployment serve " + strings.Join(s.elsewhere, ", ") + ": name the region with region="
		}
		return nil, &Error{Status: http.StatusNotFound, Code: CodeRegionNotServed, Param: param,
			Message: msg + "; GET /v1/regions lists the bounds of those served here, and region= asks one of them anyway"}
	}
	if district := strings.TrimSpace(q.Get("district")); district != "" {
		first, _, _ := strings.Cut(strings.ReplaceAll(district, "，", ","), ",")
		for _, rg := range s.regions {
			if _, ok := rg.snapshot().DistrictCode(strings.TrimSpace(first)); ok {
				return rg, nil
			}
		}
	}
	if len(s.regions) == 1 { // one region, and others elsewhere: text is this one's
		return s.regions[0], nil
	}
	return nil, missingParam("region", "this server serves several regions: "+s.regionList()+
		"; give region=, or a point (lat and lng) inside one of them")
}

// requestPoint reads the point a request starts from, in WGS-84: lat and
// lng, or else home_lat and home_lng, or else work_lat and work_lng, in
// crs. param names the first of the pair found ("" when none is given);
// ok is false when it is not a point.
func requestPoint(q url.Values) (pt orb.Point, param string, ok bool) {
	for _, role := range []string{"", "home_", "work_"} {
		lat, lng := q.Get(role+"lat"), q.Get(role+"lng")
		if lat == "" && lng == "" {
			continue
		}
		p := &params{values: q}
		crs := p.crs()
		y, okLat := p.float(role+"lat", -90, 90)
		x, okLng := p.float(role+"lng", -180, 180)
		if p.err != nil || !okLat || !okLng {
			return orb.Point{}, role + "lat", false
		}
		return crs.ToWGS84(orb.Point{x, y}), role + "lat", true
	}
	return orb.Point{}, "", false
}

// regionOf is the region pickRegion chose for the request (the first
// region on a route that does not pick one).
func (s *Server) regionOf(c echo.Context) *region {
	if rg, ok := c.Get(regionKey).(*region); ok {
		return rg
	}
	return s.regions[0]
}

// generationOf is the current generation of the request's region; the
// request holds it, or an older one of the same region (ServeHTTP).
func (s *Server) generationOf(c echo.Context) *generation { return s.regionOf(c).cur.Load() }

// snapshotOf is the snapshot the request's region answers from.
func (s *Server) snapshotOf(c echo.Context) *index.Snapshot { return s.generationOf(c).snap }

// regionSummary is one region as /v1/regions and /readyz list it.
type regionSummary struct {
	ID     string       `json:"id"`
	Code   string       `json:"code"`
	Name   string       `json:"name"`
	NameEN string       `json:"name_en"`
	BBox   []float64    `json:"bbox"`   // min lng, min lat, max lng, max lat, in crs
	Center *[2]float64  `json:"center"` // lng, lat of its most populous district's centre, in crs
	Ready  bool         `json:"ready"`
	Counts index.Counts `json:"counts"`
	// Snapshot is the snapshot it serves; LastReload its last reload, if any.
	Snapshot   SnapshotInfo `json:"snapshot"`
	LastReload *ReloadEvent `json:"last_reload,omitempty"`
}

func (s *Server) summary(rg *region, crs geo.CRS) regionSummary {
	g := rg.cur.Load()
	meta := g.snap.Meta()
	v := views{crs: crs}
	out := regionSummary{ID: rg.id, Code: meta.Region.Code, Name: meta.Region.Name, NameEN: meta.Region.NameEN,
		Ready: s.Ready(), Counts: meta.Counts, Snapshot: g.info, LastReload: rg.lastReload.Load()}
	minLat, minLng := v.point(g.bound.Min)
	maxLat, maxLng := v.point(g.bound.Max)
	out.BBox = []float64{minLng, minLat, maxLng, maxLat}
	lat, lng := v.point(g.center)
	out.Center = &[2]float64{lng, lat}
	return out
}

type regionsAnswer struct {
	Regions []regionSummary `json:"regions"`
}

// regionsList answers /v1/regions: every region served, in order.
func (s *Server) regionsList(c echo.Context) error {
	p := newParams(c.QueryParams(), "crs")
	crs := p.crs()
	if p.err != nil {
		return p.err
	}
	out := regionsAnswer{Regions: make([]regionSummary, len(s.regions))}
	for i, rg := range s.regions {
		out.Regions[i] = s.summary(rg, crs)
	}
	return c.JSON(http.StatusOK, out)
}

// regionBounds are the bounding box of a snapshot's districts and the
// centre of its most populous one (where a map of the region opens).
func regionBounds(snap *index.Snapshot) (orb.Bound, orb.Point) {
	bound := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	ds := snap.Districts()
	for _, d := range ds {
		if len(d.Boundary) > 0 {
			bound = bound.Union(d.Boundary.Bound())
		} else {
			bound = bound.Extend(d.Center)
		}
	}
	if len(ds) == 0 {
		return orb.Bound{}, orb.Point{}
	}
	biggest := slices.MaxFunc(ds, func(a, b data.District) int { return cmp.Compare(a.Population, b.Population) })
	return bound, biggest.Center
}

// ErrUnknownRegion is returned by ReloadRegion for an id no region has.
var ErrUnknownRegion = errors.New("api: no such region")
