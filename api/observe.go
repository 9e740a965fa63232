package api

import (
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

// What a request log line holds, and what it never holds.
//
// A query says where someone lives or works, so the log keeps no precise
// origin: lat and lng become the H3 cell of resolution 7 that holds them
// (about 5 km², an edge of 1.2 km; in the crs the request gave), and the
// client's address becomes its network (IPv4 /24, IPv6 /48). Free text is
// dropped whole, since people type addresses into it: q, address,
// workplace and every parameter not listed in loggedParams are logged by
// name only. The values of loggedParams (codes, numbers, dates) are kept
// only when the request succeeded, that is, when the API accepted them as
// codes, numbers and dates. The route is the path pattern
// (/v1/courses/:id), never the path.

// loggedParams are the parameters whose values a successful request logs.
var loggedParams = map[string]bool{
	"mode": true, "minutes": true, "crs": true, "family": true, "level": true, "delivery": true,
	"schedule": true, "audience": true, "district": true, "sort": true, "limit": true, "offset": true,
	"group": true, "free": true, "include_online": true, "seats_left": true, "max_fee": true,
	"start_after": true, "kind": true, "region": true,
}

// LogResolution is the H3 resolution origins are coarsened to in logs.
const LogResolution = 7

// plainName reports whether a parameter name can be logged as it is: a
// lower-case letter, then up to 31 lower-case letters, digits and
// underscores. (A loop, not a regular expression: it runs for every
// parameter of every request.)
func plainName(name string) bool {
	if len(name) == 0 || len(name) > 32 || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

var knownMethods = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true,
	"PATCH": true, "OPTIONS": true}

// observe counts, times and logs every request, including those that end
// in an error (it writes the error answer itself, to know its status).
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		s.metrics.inFlight.Inc()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		s.metrics.inFlight.Dec()
		d := time.Since(start)
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		method := c.Request().Method
		if !knownMethods[method] {
			method = "OTHER"
		}
		status := c.Response().Status
		s.metrics.observe(route, method, status, d)
		if s.reqLog != nil {
			s.logRequest(c, route, method, status, d)
		}
		return nil
	}
}

func (s *Server) logRequest(c echo.Context, route, method string, status int, d time.Duration) {
	q := c.QueryParams()
	attrs := []slog.Attr{
		slog.String("method", method), slog.String("route", route), slog.Int("status", status),
		slog.Float64("ms", float64(d.Microseconds())/1000), slog.Int64("bytes", c.Response().Size),
		slog.String("client", clientNetwork(c.RealIP())),
	}
	if cell := originCell(q); cell != "" {
		attrs = append(attrs, slog.String("cell", cell))
	}
	var kept []slog.Attr
	var dropped []string
	others := 0
	for name, vs := range q {
		switch {
		case name == "lat" || name == "lng":
		case loggedParams[name] && status < 400 && len(vs) == 1:
			kept = append(kept, slog.String(name, vs[0]))
		case plainName(name):
			dropped = append(dropped, name)
		default:
			others++
		}
	}
	if len(kept) > 0 {
		attrs = append(attrs, slog.Attr{Key: "params", Value: slog.GroupValue(kept...)})
	}
	if len(dropped) > 0 {
		attrs = append(attrs, slog.Any("dropped", dropped))
	}
	if others > 0 {
		attrs = append(attrs, slog.Int("dropped_other", others))
	}
	s.reqLog.LogAttrs(c.Request().Context(), slog.LevelInfo, "request", attrs...)
}

// originCell is the H3 cell (LogResolution) of the request's lat and lng,
// or "" when they are missing or not a point.
func originCell(q url.Values) string {
	if !q.Has("lat") || !q.Has("lng") {
		return ""
	}
	lat, err1 := strconv.ParseFloat(q.Get("lat"), 64)
	lng, err2 := strconv.ParseFloat(q.Get("lng"), 64)
	if err1 != nil || err2 != nil || !(lat >= -90 && lat <= 90) || !(lng >= -180 && lng <= 180) {
		return ""
	}
	crs := geo.WGS84
	if name := q.Get("crs"); name != "" {
		var err error
		if crs, err = geo.ParseCRS(name); err != nil {
			return ""
		}
	}
	p := crs.ToWGS84(orb.Point{lng, lat})
	return geo.Cell(p, LogResolution).String()
}

// clientNetwork is the client's address with the host part cut off.
func clientNetwork(ip string) string {
	a := net.ParseIP(ip)
	switch {
	case a == nil:
		return ""
	case a.To4() != nil:
		return (&net.IPNet{IP: a.To4().Mask(net.CIDRMask(24, 32)), Mask: net.CIDRMask(24, 32)}).String()
	default:
		return (&net.IPNet{IP: a.Mask(net.CIDRMask(48, 128)), Mask: net.CIDRMask(48, 128)}).String()
	}
}
