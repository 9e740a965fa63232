package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/geocode"
)

// Finding places: GET /v1/geocode (text to a point), GET /v1/reverse (a
// point to its district and township), and the address= and workplace=
// origins of /v1/search.

// matchView is one place a text may mean.
type matchView struct {
	Name        string    `json:"name"`
	Level       string    `json:"level"` // district, township, road, place, exact
	Kind        string    `json:"kind"`  // what was found: township, station, enterprise...
	ID          string    `json:"id"`
	Confidence  float64   `json:"confidence"`
	Lat         float64   `json:"lat"`
	Lng         float64   `json:"lng"`
	CRS         geo.CRS   `json:"crs"`
	Approximate bool      `json:"approximate"`
	District    *placeRef `json:"district"`
	Township    *placeRef `json:"township,omitempty"`
}

func (v views) match(m geocode.Match) matchView {
	lat, lng := v.point(m.Point)
	out := matchView{
		Name: m.Name, Level: string(m.Level), Kind: string(m.Kind), ID: m.ID, Confidence: m.Confidence,
		Lat: lat, Lng: lng, CRS: v.crs, Approximate: m.Approximate,
	}
	if d, ok := v.snap.District(m.DistrictCode); ok {
		out.District = &placeRef{Code: d.Code, Name: d.Name}
	}
	if t, ok := v.snap.Township(m.TownshipCode); ok {
		out.Township = &placeRef{Code: t.Code, Name: t.Name}
	}
	return out
}

type geocodeView struct {
	Query     string `json:"query"`
	Ambiguous bool   `json:"ambiguous"`
	// Result is the answer; when the query is ambiguous it is the first
	// candidate, a guess the client should let the user change.
	Result     *matchView      `json:"result"`
	Candidates []matchView     `json:"candidates"`
	Address    geocode.Address `json:"address"` // the query read as the parts of an address
}

func (s *Server) geocode(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "q", "crs", "district", "region")
	v := views{snap: snap, crs: p.crs()}
	q := p.str("q")
	if q == "" && p.err == nil {
		p.fail(missingParam("q", "an address, a place or a name, e.g. 鄞州区姜山镇 or 东门口"))
	}
	var opts geocode.Options
	opts.District = p.district(snap)
	if p.err != nil {
		return p.err
	}
	r, err := snap.Geocode(q, opts)
	if err != nil {
		return err
	}
	out := geocodeView{Query: q, Ambiguous: r.Ambiguous, Candidates: make([]matchView, len(r.Candidates)), Address: r.Address}
	for i, m := range r.Candidates {
		out.Candidates[i] = v.match(m)
	}
	if len(out.Candidates) > 0 {
		best := out.Candidates[0]
		out.Result = &best
	}
	return c.JSON(http.StatusOK, out)
}

type reverseView struct {
	Lat      float64         `json:"lat"`
	Lng      float64         `json:"lng"`
	CRS      geo.CRS         `json:"crs"`
	District placeRef        `json:"district"`
	Township reverseTownship `json:"township"`
}

type reverseTownship struct {
	placeRef
	// Approximate: without township boundaries, the township is the one
	// of the district whose centre is nearest.
	Approximate bool    `json:"approximate"`
	DistanceM   float64 `json:"distance_m"` // to the township's centre
}

func (s *Server) reverse(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "lat", "lng", "crs", "region")
	crs := p.crs()
	point := p.point(crs)
	if p.err != nil {
		return p.err
	}
	loc, err := snap.Reverse(point)
	if err != nil {
		return err
	}
	v := views{snap: snap, crs: crs}
	lat, lng := v.point(point)
	return c.JSON(http.StatusOK, reverseView{
		Lat: lat, Lng: lng, CRS: crs,
		District: placeRef{Code: loc.District.Code, Name: loc.District.Name},
		Township: reverseTownship{placeRef: placeRef{Code: loc.Township.Code, Name: loc.Township.Name},
			Approximate: loc.TownshipApproximate, DistanceM: float64(int(loc.TownshipMetres + 0.5))},
	})
}

// along reads along=commute and detour=: a search for the courses on the
// way from work to home, which needs both.
func (p *params) along(q *index.Query) {
	along := p.str("along")
	detour := p.integer("detour", index.DefaultDetour, 0, index.MaxDetour)
	switch {
	case p.err != nil:
		return
	case along == "":
		if p.has("detour") {
			p.fail(badParam("detour", "goes with along=commute"))
		}
		return
	case along != "commute":
		p.fail(badParam("along", "%q is not commute (the courses on the way from work to home)", along))
		return
	}
	var home, work *orb.Point
	for i := range q.Origins {
		switch q.Origins[i].Name {
		case "home":
			home = &q.Origins[i].Point
		case "work":
			work = &q.Origins[i].Point
		}
	}
	if home == nil || work == nil {
		p.fail(badParam("along", "the way home needs a home (address=, or home_lat and home_lng) and a workplace (workplace=, or work_lat and work_lng)"))
		return
	}
	q.Along = &index.Commute{Work: *work, Home: *home, Detour: detour}
}

// rolePoint reads <role>_lat and <role>_lng (home or work) in crs and
// returns the point in WGS-84.
func (p *params) rolePoint(role string, crs geo.CRS) (orb.Point, bool) {
	lat, okLat := p.float(role+"_lat", -90, 90)
	lng, okLng := p.float(role+"_lng", -180, 180)
	switch {
	case p.err != nil:
		return orb.Point{}, false
	case !okLat:
		p.fail(missingParam(role+"_lat", "the "+role+"'s latitude, with "+role+"_lng"))
		return orb.Point{}, false
	case !okLng:
		p.fail(missingParam(role+"_lng", "the "+role+"'s longitude, with "+role+"_lat"))
		return orb.Point{}, false
	}
	return crs.ToWGS84(orb.Point{lng, lat}), true
}

// pointMatch describes a starting point given as coordinates: where it is
// (its township, named as /v1/reverse names it), as a match of level and
// kind "point".
func (v views) pointMatch(pt orb.Point) matchView {
	lat, lng := v.point(pt)
	m := matchView{Level: "point", Kind: "point", Confidence: 1, Lat: lat, Lng: lng, CRS: v.crs}
	if loc, err := v.snap.Reverse(pt); err == nil {
		m.Name = loc.Township.Name
		m.ID = loc.Township.Code
		m.District = &placeRef{Code: loc.District.Code, Name: loc.District.Name}
		m.Township = &placeRef{Code: loc.Township.Code, Name: loc.Township.Name}
	}
	return m
}

// resolvedOrigin is a search origin found from text (or given as a
// point), echoed with the search so that the user sees what their words
// were taken to mean.
type resolvedOrigin struct {
	Role  string `json:"role"`  // home (address=) or work (workplace=)
	Query string `json:"query"` // the text given
	matchView
}

// searchOrigins reads where a search starts: lat and lng, or home and/or
// work, each as text (address= for home; workplace= an enterprise's id or
// name, or an address) or as a point (home_lat and home_lng; work_lat and
// work_lng, in crs). With home and work the query starts from each.
func (s *Server) searchOrigins(p *params, snap *index.Snapshot, crs geo.CRS, q *index.Query) []resolvedOrigin {
	address, workplace := p.str("address"), p.str("workplace")
	homePoint, workPoint := p.has("home_lat") || p.has("home_lng"), p.has("work_lat") || p.has("work_lng")
	if address == "" && workplace == "" && !homePoint && !workPoint {
		if !p.has("lat") && !p.has("lng") {
			p.fail(missingParam("lat", "give lat and lng of the origin, e.g. lat=29.8730&lng=121.5503, or address= (home) and/or workplace= (an employer)"))
			return nil
		}
		q.Origin = p.point(crs)
		return nil
	}
	if p.has("lat") || p.has("lng") {
		p.fail(badParam("lat", "give either lat and lng, or a home and/or a workplace (address=, workplace=, home_lat=, work_lat=...), not both"))
		return nil
	}
	switch {
	case address != "" && homePoint:
		p.fail(badParam("home_lat", "give the home as address= or as home_lat and home_lng, not both"))
	case workplace != "" && workPoint:
		p.fail(badParam("work_lat", "give the workplace as workplace= or as work_lat and work_lng, not both"))
	}
	points := map[string]orb.Point{}
	for _, role := range []string{"home", "work"} {
		if (role == "home" && homePoint) || (role == "work" && workPoint) {
			if pt, ok := p.rolePoint(role, crs); ok {
				points[role] = pt
			}
		}
	}
	if p.err != nil {
		return nil
	}
	v := views{snap: snap, crs: crs}
	var out []resolvedOrigin
	for _, o := range []struct {
		role, text string
		resolve    func(string) (geocode.Match, error)
	}{
		{"home", address, func(t string) (geocode.Match, error) { return snap.Origin("address", t) }},
		{"work", workplace, snap.Workplace},
	} {
		if pt, ok := points[o.role]; ok {
			out = append(out, resolvedOrigin{Role: o.role, matchView: v.pointMatch(pt)})
			q.Origins = append(q.Origins, index.Origin{Name: o.role, Point: pt})
			continue
		}
		if o.text == "" {
			continue
		}
		m, err := o.resolve(o.text)
		if err != nil {
			e := toAPIError(err)
			if e.Param == "" {
				e.Param = map[string]string{"home": "address", "work": "workplace"}[o.role]
			}
			p.fail(e)
			return nil
		}
		out = append(out, resolvedOrigin{Role: o.role, Query: o.text, matchView: v.match(m)})
		q.Origins = append(q.Origins, index.Origin{Name: o.role, Point: m.Point})
	}
	if len(q.Origins) > 0 {
		q.Origin = q.Origins[0].Point
	}
	return out
}
