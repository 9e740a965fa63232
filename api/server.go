package api

import (
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/skillcircle/skillcircle/api/web"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// Options configure the HTTP API. The zero value serves one snapshot with
// no limits, no request log and no admin endpoints.
type Options struct {
	// Logger receives request failures and reloads; nil means slog.Default().
	Logger *slog.Logger
	// AllowedOrigins are the host sites whose pages may call the API
	// (CORS) and frame /embed (CSP frame-ancestors); nil means
	// DefaultAllowedOrigins, an empty list this server's own pages only.
	AllowedOrigins []WebOrigin
	// RequestLog, when set, receives one line per request, which never
	// holds a precise origin or free text (see observe.go).
	RequestLog *slog.Logger
	// Limits bound requests and clients; zero fields are no limit.
	Limits Limits
	// Open opens the snapshot anew for Reload (SIGHUP, POST /admin/reload).
	// With it the server owns its snapshots: it closes each one it
	// replaces, once no request uses it, and Close closes the last. (New
	// only: NewRegions takes one per region.)
	Open func(ctx context.Context) (*index.Snapshot, error)
	// AdminToken is the bearer token of the /admin/ endpoints; without one
	// they do not exist (404).
	AdminToken string
	// ReloadTimeout bounds one reload; zero means two minutes.
	ReloadTimeout time.Duration
	// Elsewhere are the ids of the regions other servers of the
	// deployment serve (the other shards'): a point in none of this
	// server's regions is then 404 region_not_served, naming them, even
	// with one region.
	Elsewhere []string
	// AnswerCacheBytes bounds the answers kept for repeated requests
	// (answercache.go); zero keeps none.
	AnswerCacheBytes int64
}

// Server is the HTTP API over a snapshot. It is an http.Handler.
type Server struct {
	echo *echo.Echo
	// regions are served in this order; the first is the pages' default.
	regions   []*region
	elsewhere []string // Options.Elsewhere
	log       *slog.Logger
	reqLog    *slog.Logger
	metrics   *serverMetrics
	limits    Limits
	rate      *rateLimiter
	answers   *answerCache // nil: none kept

	adminToken    string
	reloadTimeout time.Duration
	draining      atomic.Bool
	// allowedSites (the web origins of Options.AllowedOrigins) and assets
	// serve the browser side (pages.go).
	allowedSites []WebOrigin
	assets       *web.Assets
}

// New returns a server answering from snap, one region.
func New(snap *index.Snapshot, opts Options) *Server {
	return newServer([]*region{newRegion(RegionSource{Snapshot: snap, Open: opts.Open})}, opts)
}

// NewRegions returns a server answering from several regions' snapshots,
// each reloading on its own (Options.Open is not used). Each region goes
// by its RegionID; two snapshots of one region are an error.
func NewRegions(sources []RegionSource, opts Options) (*Server, error) {
	if len(sources) == 0 {
		return nil, errors.New("api: no region to serve")
	}
	var regions []*region
	seen := map[string]string{}
	for _, src := range sources {
		rg := newRegion(src)
		for _, key := range []string{rg.id, rg.code} {
			if path, dup := seen[key]; dup {
				return nil, fmt.Errorf("api: %s and %s are both snapshots of %s (%s); serve each region once",
					path, src.Snapshot.Path(), rg.name, key)
			}
			seen[key] = src.Snapshot.Path()
		}
		regions = append(regions, rg)
	}
	return newServer(regions, opts), nil
}

func newServer(regions []*region, opts Options) *Server {
	s := &Server{echo: echo.New(), regions: regions, elsewhere: opts.Elsewhere, log: opts.Logger, reqLog: opts.RequestLog,
		limits: opts.Limits, rate: newRateLimiter(opts.Limits), adminToken: opts.AdminToken,
		reloadTimeout: opts.ReloadTimeout, allowedSites: opts.AllowedOrigins, assets: web.Embedded(),
		answers: newAnswerCache(opts.AnswerCacheBytes)}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.metrics = newServerMetrics(s)
	if s.allowedSites == nil {
		s.allowedSites = DefaultAllowedOrigins
	}
	if s.reloadTimeout <= 0 {
		s.reloadTimeout = 2 * time.Minute
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	trusted, err := parseNetworks(opts.Limits.TrustedProxies)
	if err != nil {
		s.log.Warn("ignoring trusted proxies", "err", err)
	}
	e.IPExtractor = ipExtractor(trusted)
	// Every route, present and future, passes through these, in this order.
	// CORS comes before the limits so that a browser can read a 429.
	e.Use(s.observe, recoverPanic, secure, s.cors, s.limit)
	e.Match(readMethods, "/healthz", s.healthz)
	e.Match(readMethods, "/readyz", s.readyz)
	e.Match(readMethods, "/metrics", s.metricsHandler())
	e.Match(readMethods, "/openapi.json", s.openAPI)
	if s.adminToken != "" {
		e.POST("/admin/reload", s.adminReload, s.adminOnly)
	}
	// Every route that answers from a region's snapshot picks the region
	// first (regions.go); conditional's ETag is that region's checksum.
	page, api, byID := s.regional(true, nil), s.regional(false, nil), s.regional
	e.Match(readMethods, "/", s.searchPage, page)
	e.Match(readMethods, "/embed", s.embedPage, page)
	e.Match(readMethods, "/planner", s.plannerPage, page)
	e.Match(readMethods, "/courses/:id", s.coursePage, byID(true, holdsCourse))
	e.Match(readMethods, "/sites/:id", s.sitePage, byID(true, holdsSite))
	e.Match(readMethods, "/widget.js", s.widgetScript)
	e.Match(readMethods, "/assets/*", s.asset)
	// Every answer under /v1 but the stats (which say when the snapshot was
	// loaded) and the regions follows from the snapshot and the request alone.
	e.Match(readMethods, "/v1/stats", s.stats, api)
	e.Match(readMethods, "/v1/regions", s.regionsList)
	v1 := e.Group("/v1")
	kept := s.cached(nil)
	v1.Match(readMethods, "/search", s.search, api, s.conditional, s.cached(s.countSearch))
	v1.Match(readMethods, "/geocode", s.geocode, api, s.conditional, kept)
	v1.Match(readMethods, "/reverse", s.reverse, api, s.conditional, kept)
	v1.Match(readMethods, "/suggest", s.suggest, api, s.conditional, kept)
	v1.Match(readMethods, "/isochrone", s.isochrone, api, s.conditional, kept)
	v1.Match(readMethods, "/courses/:id", s.course, byID(false, holdsCourse), s.conditional)
	v1.Match(readMethods, "/sites/:id", s.site, byID(false, holdsSite), s.conditional)
	v1.Match(readMethods, "/institutions/:id", s.institution, byID(false, holdsInstitution), s.conditional)
	// The base map and the planners' answers run to hundreds of kilobytes
	// (megabytes with every cell), read once per page: worth compressing.
	// A search is tens, asked for at every keystroke: not worth the CPU.
	compress := middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.DefaultCompression, MinLength: 4096})
	v1.Match(readMethods, "/coverage", s.coverage, api, compress, s.conditional, kept)
	v1.Match(readMethods, "/coverage/suggest", s.suggestSites, api, compress, s.conditional, kept)
	v1.Match(readMethods, "/coverage/demand", s.demand, api, compress, s.conditional, kept)
	v1.Match(readMethods, "/region", s.region, api, compress, s.conditional, kept)
	// Every site, for the first page's dots: 209 kB in six pages, 28 kB gzipped.
	v1.Match(readMethods, "/sites", s.sites, api, compress, s.conditional, kept)
	v1.Match(readMethods, "/convert", s.convert, s.conditional)
	return s
}

// conditional lets a browser revalidate an answer it holds instead of
// fetching it again: the page asks for the same isochrone at every change
// of filters. An answer follows from the snapshot and the request, so the
// snapshot's checksum is its entity tag (weak: gzipped and plain answers
// share it), and "no-cache" has the browser ask each time, so that a
// reloaded snapshot is seen at once. A match is answered 304 before any
// work.
func (s *Server) conditional(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		etag := `W/"` + s.snapshotOf(c).Checksum() + `"`
		h := c.Response().Header()
		h.Set("ETag", etag)
		h.Set("Cache-Control", "no-cache")
		if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
			return c.NoContent(http.StatusNotModified)
		}
		return next(c)
	}
}

// etagMatches reads an If-None-Match header: a list of tags, weak or
// strong (compared weakly, as RFC 9110 says for If-None-Match), or *.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// readMethods are what every read-only route answers: HEAD as GET, for
// monitors and proxies that check a page without its body (net/http
// drops the body of an answer to HEAD).
var readMethods = []string{http.MethodGet, http.MethodHead}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serveGeneration(w, r) }

// Routes lists the paths the server answers, in echo's :param form turned
// into OpenAPI's {param} form.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		path := r.Path
		for _, part := range strings.Split(path, "/") {
			if strings.HasPrefix(part, ":") {
				path = strings.Replace(path, part, "{"+part[1:]+"}", 1)
			}
		}
		out = append(out, path)
	}
	sort.Strings(out)
	return slices.Compact(out) // a path's GET and HEAD are one route
}

// Snapshot is the snapshot the server answers from now (the first
// region's). A handler may use it until its request is answered; see
// reload.go. Handlers of a region's routes use snapshotOf.
func (s *Server) Snapshot() *index.Snapshot { return s.regions[0].snapshot() }

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// searchParams are the parameters /v1/search takes.
var searchParams = []string{"lat", "lng", "crs", "mode", "minutes", "q", "family", "trade", "occupation",
	"level", "delivery", "schedule", "audience", "district", "max_fee", "group", "free", "seats_left",
	"start_after", "include_online", "sort", "limit", "offset", "include_sites", "address", "workplace",
	"home_lat", "home_lng", "work_lat", "work_lng", "along", "detour", "fit_schedule", "region"}

func (s *Server) search(c echo.Context) error {
	gen := s.generationOf(c)
	snap := gen.snap
	p := newParams(c.QueryParams(), searchParams...)
	crs := p.crs()
	// The answer says which mode it searched, so the default is set here,
	// not left for the index to fill.
	q := index.Query{
		Mode:    geo.Walk,
		Minutes: p.integer("minutes", index.DefaultMinutes, index.MinMinutes, index.MaxMinutes),
		Text:    p.str("q"),
		Limit:   p.integer("limit", index.DefaultLimit, 1, index.MaxLimit),
		Offset:  p.integer("offset", 0, 0, index.MaxOffset),
		Filters: index.Filters{
			Families:       list(p, "family", data.ParseFamily),
			Trade:          p.str("trade"),
			OccupationCode: p.str("occupation"),
			Levels:         list(p, "level", data.ParseLevel),
			Deliveries:     list(p, "delivery", data.ParseDelivery),
			Schedules:      list(p, "schedule", data.ParseSchedule),
			Audiences:      list(p, "audience", data.ParseAudience),
			Districts:      p.districts(snap),
			FreeOnly:       p.boolean("free"),
			MinSeatsLeft:   p.integer("seats_left", 0, 0, 100_000),
			StartAfter:     p.date("start_after"),
		},
	}
	if m, ok := one(p, "mode", geo.ParseMode); ok {
		q.Mode = m
	}
	if g, ok := one(p, "group", data.ParseGroup); ok {
		q.Filters.Group = g
	}
	if fee, ok := p.float("max_fee", 0, 1e6); ok {
		q.Filters.MaxFee = &fee
	}
	if p.boolean("include_online") && q.Filters.Deliveries == nil {
		q.Filters.Deliveries = []data.Delivery{data.OnSite, data.Blended, data.Online}
	}
	if srt := p.str("sort"); srt != "" {
		q.Sort = index.Sort(srt)
	}
	withSites := p.boolean("include_sites")
	q.OmitSites = !withSites
	origins := s.searchOrigins(p, snap, crs, &q)
	p.along(&q)
	q.FitSchedule = p.boolean("fit_schedule")
	if p.err != nil {
		return p.err
	}
	res, err := snap.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	s.metrics.search(string(cmp.Or(q.Mode, geo.Walk)), q.Text != "")
	v := views{snap: snap, crs: crs}
	lat, lng := v.point(q.Origin)
	out := searchView{
		Origin: originView{Lat: lat, Lng: lng, CRS: crs}, Origins: origins,
		Mode: q.Mode, Minutes: q.Minutes, Query: q.Text, Sort: res.Sort,
		Total: res.Total, Reachable: res.Reachable, ReachableSites: res.ReachableSites, Online: res.Online,
		Limit: q.Limit, Offset: q.Offset, Hits: make([]hitView, len(res.Hits)), Facets: res.Facets,
	}
	out.Minutes, out.Understood, out.DidYouMean = res.Minutes, res.Understood, res.DidYouMean
	if res.WidenedFrom > 0 {
		out.Widened = &widenedView{FromMinutes: res.WidenedFrom, ToMinutes: res.Minutes}
	}
	if res.Commute != nil {
		out.Along = &alongView{Along: "commute", DetourMinutes: res.Commute.Detour, WorkToHomeMinutes: res.Commute.DirectMinutes}
	}
	if d, ok := snap.DistrictOf(q.Origin); ok {
		out.Origin.District = &placeRef{Code: d.Code, Name: d.Name}
	}
	out.TravelModel = newTravelView(snap, q.Mode, res.Travel)
	enc := gen.encoded()
	for i, h := range res.Hits {
		out.Hits[i] = v.hit(enc, h)
	}
	if withSites {
		out.Sites = v.siteHits(enc, res.Sites)
	}
	return jsonBlob(c, out.encode())
}

// countSearch counts a search answered from the answer cache as the
// handler counts it: the query was valid when the answer was kept.
func (s *Server) countSearch(c echo.Context) {
	q := c.QueryParams()
	mode, err := geo.ParseMode(strings.TrimSpace(q.Get("mode")))
	if err != nil || mode == "" {
		mode = geo.Walk
	}
	s.metrics.search(string(mode), strings.TrimSpace(q.Get("q")) != "")
}

// jsonBlob answers 200 with encoded JSON. With its length known, the
// answer goes out in one piece rather than chunked through net/http's
// small buffers: searches and isochrones run to tens of kilobytes.
func jsonBlob(c echo.Context, b []byte) error {
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(b)))
	return c.JSONBlob(http.StatusOK, b)
}

// districts reads a comma-separated list of district codes or names.
func (p *params) districts(snap *index.Snapshot) []string {
	return list(p, "district", func(s string) (string, error) {
		if code, ok := snap.DistrictCode(s); ok {
			return code, nil
		}
		codes := ""
		for i, d := range snap.Districts() {
			if i > 0 {
				codes += ", "
			}
			codes += d.Code + " " + d.Name
		}
		return "", fmt.Errorf("%q is not a district; one of %s", s, codes)
	})
}

// district reads one district code or name; "" when there is none.
func (p *params) district(snap *index.Snapshot) string {
	ds := p.districts(snap)
	if len(ds) > 1 {
		p.fail(badParam("district", "give one district"))
	}
	if len(ds) != 1 {
		return ""
	}
	return ds[0]
}

// lang reads the language of a page: zh (the default) or en.
func (p *params) lang() string {
	switch lang := p.str("lang"); lang {
	case "", "zh", "zh-CN", "cn":
		return "zh"
	case "en":
		return "en"
	default:
		p.fail(badParam("lang", "%q is not zh or en", lang))
		return "zh"
	}
}

func (s *Server) isochrone(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "lat", "lng", "crs", "mode", "minutes", "cells", "region")
	crs := p.crs()
	origin := p.point(crs)
	minutes := p.integer("minutes", index.DefaultMinutes, index.MinMinutes, index.MaxMinutes)
	mode := geo.Walk
	if m, ok := one(p, "mode", geo.ParseMode); ok {
		mode = m
	}
	withCells := p.boolean("cells")
	if p.err != nil {
		return p.err
	}
	iso, err := snap.Isochrone(origin, mode, minutes)
	if err != nil {
		return err
	}
	props := mustJSON(isochroneProps{
		Mode: iso.Mode, Minutes: iso.Minutes, H3Resolution: iso.Resolution,
		Cells: len(iso.Cells), AreaKm2: round6(iso.AreaKm2), CRS: crs, Source: iso.Source,
	})
	g := geoJSON{crs: crs, buf: make([]byte, 0, 512+len(iso.Cells)*64)}
	g.raw(`{"type":"FeatureCollection","features":[`)
	g.feature("MultiPolygon", func() { g.multiPolygon(iso.Area) }, props)
	g.raw(",")
	g.feature("Point", func() { g.point(iso.Origin) }, []byte(`{"role":"origin"}`))
	if withCells {
		g.cells(iso.Cells)
	}
	g.raw("]}")
	return jsonBlob(c, g.buf)
}

func (s *Server) course(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "crs", "region")
	v := views{snap: snap, crs: p.crs()}
	if p.err != nil {
		return p.err
	}
	d, err := snap.Course(c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, courseAnswer{
		Course: newCourseView(d.Course), Institution: v.institution(d.Institution), Sites: v.sites(d.Sites),
	})
}

func (s *Server) site(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "crs", "region")
	v := views{snap: snap, crs: p.crs()}
	if p.err != nil {
		return p.err
	}
	d, err := snap.Site(c.Param("id"))
	if err != nil {
		return err
	}
	courses := make([]courseView, len(d.Courses))
	for i, course := range d.Courses {
		courses[i] = newCourseView(course)
	}
	return c.JSON(http.StatusOK, siteAnswer{
		Site: v.site(d.Site), Institution: v.institution(d.Institution), Courses: courses,
	})
}

func (s *Server) institution(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "crs", "region")
	v := views{snap: snap, crs: p.crs()}
	if p.err != nil {
		return p.err
	}
	d, err := snap.Institution(c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, institutionAnswer{
		Institution: v.institution(d.Institution), Sites: v.sites(d.Sites), Courses: d.Courses,
	})
}

func (s *Server) sites(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "district", "kind", "crs", "limit", "offset", "region")
	v := views{snap: snap, crs: p.crs()}
	f := index.SiteFilter{
		Limit:  p.integer("limit", index.DefaultLimit, 1, index.MaxLimit),
		Offset: p.integer("offset", 0, 0, index.MaxOffset),
	}
	f.District = p.district(snap)
	if k, ok := one(p, "kind", data.ParseSiteKind); ok {
		f.Kind = k
	}
	if p.err != nil {
		return p.err
	}
	page, err := snap.Sites(f)
	if err != nil {
		return err
	}
	out := make([]siteView, len(page.Sites))
	for i, sum := range page.Sites {
		out[i] = v.site(sum.Site)
		n := sum.Courses
		out[i].Courses = &n
	}
	return c.JSON(http.StatusOK, sitesPage{Total: page.Total, Limit: f.Limit, Offset: f.Offset, Sites: out})
}

func (s *Server) stats(c echo.Context) error {
	snap := s.snapshotOf(c)
	if p := newParams(c.QueryParams(), "region"); p.err != nil {
		return p.err
	}
	return c.JSON(http.StatusOK, newStatsAnswer(snap.Stats()))
}
