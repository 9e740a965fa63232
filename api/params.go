package api

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
)

// maxValueLength caps any single parameter value: no legitimate value is
// longer, and it keeps junk out of the index and the logs.
const maxValueLength = 200

// params reads query parameters, remembering the first problem so that a
// handler can read everything and check once.
type params struct {
	values url.Values
	err    *Error
	// lenient (the pages) keeps every problem in ignored instead of err:
	// each reader has already fallen back to its default.
	lenient bool
	ignored []*Error
}

// newPageParams reads a page's parameters as a shared link brings them:
// parameters the page does not know are none of its business (WeChat adds
// from= and isappinstalled=, analytics utm_source=, fbclid=, spm=), a value
// given twice counts once, and a bad or oversized value falls back to the
// default, noted in ignored for the page to say so. The API stays strict.
func newPageParams(values url.Values, allowed ...string) *params {
	p := &params{values: url.Values{}, lenient: true}
	for _, name := range allowed {
		vs := values[name]
		switch {
		case len(vs) == 0:
		case len(vs[0]) > maxValueLength:
			p.fail(badParam(name, "is %d bytes long; at most %d", len(vs[0]), maxValueLength))
		default:
			p.values.Set(name, vs[0])
		}
	}
	return p
}

// newParams checks that every parameter is one the endpoint takes, is
// given once, and is not oversized.
func newParams(values url.Values, allowed ...string) *params {
	p := &params{values: values}
	known := map[string]bool{}
	for _, a := range allowed {
		known[a] = true
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		vs := values[name]
		switch {
		case !known[name]:
			msg := "this endpoint takes " + strings.Join(allowed, ", ")
			if hint := didYouMean(name); hint != "" && known[hint] {
				msg = "did you mean " + hint + "? " + msg
			}
			p.fail(unknownParam(name, msg))
		case len(vs) > 1:
			p.fail(badParam(name, "is given %d times; give it once (lists are comma-separated)", len(vs)))
		case len(vs[0]) > maxValueLength:
			p.fail(badParam(name, "is %d bytes long; at most %d", len(vs[0]), maxValueLength))
		}
	}
	return p
}

// didYouMean knows the usual slips for coordinates.
func didYouMean(name string) string {
	switch strings.ToLower(name) {
	case "lon", "long", "longitude", "x":
		return "lng"
	case "latitude", "y":
		return "lat"
	case "query", "text", "keyword", "keywords":
		return "q"
	case "time", "min", "minute":
		return "minutes"
	case "coord", "coordsys", "srs":
		return "crs"
	}
	return ""
}

func (p *params) fail(e *Error) {
	if p.lenient {
		p.ignored = append(p.ignored, e)
		return
	}
	if p.err == nil {
		p.err = e
	}
}

func (p *params) str(name string) string { return strings.TrimSpace(p.values.Get(name)) }

func (p *params) has(name string) bool { return p.str(name) != "" }

func (p *params) float(name string, min, max float64) (float64, bool) {
	s := p.str(name)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		p.fail(badParam(name, "%q is not a number", s))
		return 0, false
	}
	if f < min || f > max {
		p.fail(badParam(name, "%v is outside %v..%v", f, min, max))
		return 0, false
	}
	return f, true
}

func (p *params) integer(name string, def, min, max int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(badParam(name, "%q is not a whole number", s))
		return def
	}
	if n < min || n > max {
		p.fail(badParam(name, "%d is outside %d..%d", n, min, max))
		return def
	}
	return n
}

func (p *params) boolean(name string) bool {
	switch strings.ToLower(p.str(name)) {
	case "", "false", "0", "no":
		return false
	case "true", "1", "yes":
		return true
	}
	p.fail(badParam(name, "%q is not true or false", p.str(name)))
	return false
}

func (p *params) date(name string) time.Time {
	s := p.str(name)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(data.DateLayout, s)
	if err != nil {
		p.fail(badParam(name, "%q is not a date (YYYY-MM-DD)", s))
	}
	return d
}

// list parses a comma-separated list with one of the data.Parse* or
// geo.Parse* functions.
func list[T any](p *params, name string, parse func(string) (T, error)) []T {
	s := p.str(name)
	if s == "" {
		return nil
	}
	var out []T
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		v, err := parse(item)
		if err != nil {
			p.fail(badParam(name, "%s", unprefixed(err)))
			return nil
		}
		out = append(out, v)
	}
	return out
}

// one parses a single enumerated value.
func one[T any](p *params, name string, parse func(string) (T, error)) (T, bool) {
	var zero T
	s := p.str(name)
	if s == "" {
		return zero, false
	}
	v, err := parse(s)
	if err != nil {
		p.fail(badParam(name, "%s", unprefixed(err)))
		return zero, false
	}
	return v, true
}

// unprefixed drops the package prefixes ("data: unknown value: ", "geo: "),
// which say nothing to an API client; the rest says what to fix.
func unprefixed(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, data.ErrUnknownValue.Error()+": ")
	return strings.TrimPrefix(msg, "geo: ")
}

// crs reads the crs parameter (default WGS-84).
func (p *params) crs() geo.CRS {
	c, ok := one(p, "crs", geo.ParseCRS)
	if !ok {
		return geo.WGS84
	}
	return c
}

// point reads lat and lng in crs and returns the point in WGS-84.
func (p *params) point(crs geo.CRS) orb.Point {
	lat, okLat := p.float("lat", -90, 90)
	lng, okLng := p.float("lng", -180, 180)
	if p.err != nil {
		return orb.Point{}
	}
	switch {
	case !okLat && !okLng:
		p.fail(missingParam("lat", "give lat and lng of the origin, e.g. lat=29.8730&lng=121.5503"))
	case !okLat:
		p.fail(missingParam("lat", "the origin's latitude, e.g. 29.8730"))
	case !okLng:
		p.fail(missingParam("lng", "the origin's longitude, e.g. 121.5503"))
	}
	return crs.ToWGS84(orb.Point{lng, lat})
}
