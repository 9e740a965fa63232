package api

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/skillcircle/skillcircle/api/web"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// The browser side: the search page (/), the page for an <iframe>
// (/embed), the widget's script (/widget.js) and their assets (/assets/*),
// all from package web and all inside the binary.

// pageParams are the options / and /embed take; the widget takes the
// same as data-* attributes. Each is checked here; a page opened from a
// shared link still renders when one is bad (its default is used, and
// the page says which it ignored), and parameters it does not know are
// left to whoever added them.
var pageParams = []string{"lang", "district", "family", "level", "schedule", "free", "seats", "mode", "minutes",
	"crs", "tiles", "attribution", "height", "lat", "lng", "q", "address", "workplace", "work_lat", "work_lng", "along", "detour", "fit_schedule",
	"region"}

// pageConfig is what the app receives: the checked page parameters.
type pageConfig struct {
	Lang string `json:"lang"`
	// Region is the region's id when the server serves several (its API
	// requests name it); empty with one.
	Region      string   `json:"region,omitempty"`
	District    string   `json:"district,omitempty"`
	Family      string   `json:"family,omitempty"`
	Level       string   `json:"level,omitempty"`
	Schedule    string   `json:"schedule,omitempty"`
	Free        bool     `json:"free,omitempty"`
	Seats       bool     `json:"seats,omitempty"`
	Mode        string   `json:"mode"`
	Minutes     int      `json:"minutes"`
	CRS         string   `json:"crs"`
	Tiles       string   `json:"tiles,omitempty"`
	Attribution string   `json:"attribution,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lng         *float64 `json:"lng,omitempty"`
	Q           string   `json:"q,omitempty"`
	Address     string   `json:"address,omitempty"`
	Workplace   string   `json:"workplace,omitempty"`
	WorkLat     *float64 `json:"workLat,omitempty"`
	WorkLng     *float64 `json:"workLng,omitempty"`
	Along       string   `json:"along,omitempty"`
	Detour      int      `json:"detour,omitempty"`
	FitSchedule bool     `json:"fitSchedule,omitempty"`
	Compact     bool     `json:"compact,omitempty"`
	URLState    bool     `json:"urlState,omitempty"`
	Height      int      `json:"height,omitempty"`
	// Ignored are the link's values that could not be used: the page
	// shows them, so that a webmaster sees a typo and a worker a reason.
	Ignored []ignoredParam `json:"ignored,omitempty"`
}

// ignoredParam is one page parameter that fell back to its default.
type ignoredParam struct {
	Param   string `json:"param"`
	Value   string `json:"value"`
	Message string `json:"message"`
}

// ignoredParams lists what a lenient read fell back on, with the values
// as the link gave them (cut short: they are shown on the page).
func ignoredParams(values url.Values, p *params) []ignoredParam {
	var out []ignoredParam
	for _, e := range p.ignored {
		v := []rune(values.Get(e.Param))
		if len(v) > 40 {
			v = append(v[:40], '…')
		}
		out = append(out, ignoredParam{Param: e.Param, Value: string(v), Message: e.Message})
	}
	return out
}

func (s *Server) pageConfig(c echo.Context) pageConfig {
	snap := s.snapshotOf(c)
	p := newPageParams(c.QueryParams(), pageParams...)
	cfg := pageConfig{Lang: p.lang(), Mode: string(geo.Walk), CRS: string(p.crs()),
		Minutes: p.integer("minutes", 15, 1, 60), Q: p.str("q"), Address: p.str("address"),
		Free: p.boolean("free"), Seats: p.boolean("seats"), Height: p.integer("height", 0, 200, 4000)}
	cfg.Region = s.pageRegion(c, p)
	cfg.District = p.district(snap)
	if f, ok := one(p, "family", data.ParseFamily); ok {
		cfg.Family = string(f)
	}
	if l, ok := one(p, "level", data.ParseLevel); ok {
		cfg.Level = string(l)
	}
	if sc, ok := one(p, "schedule", data.ParseSchedule); ok {
		cfg.Schedule = string(sc)
	}
	if m, ok := one(p, "mode", geo.ParseMode); ok {
		cfg.Mode = string(m)
	}
	if lat, ok := p.float("lat", -90, 90); ok {
		cfg.Lat = &lat
	}
	if lng, ok := p.float("lng", -180, 180); ok {
		cfg.Lng = &lng
	}
	if (cfg.Lat == nil) != (cfg.Lng == nil) {
		p.fail(badParam("lat", "give both lat and lng, or neither"))
		cfg.Lat, cfg.Lng = nil, nil
	}
	if a := p.str("along"); a == "commute" {
		cfg.Along = a
	} else if a != "" {
		p.fail(badParam("along", "%q is not commute", a))
	}
	cfg.Detour = p.integer("detour", index.DefaultDetour, 0, index.MaxDetour)
	cfg.FitSchedule = p.boolean("fit_schedule")
	cfg.Workplace = p.str("workplace")
	if lat, ok := p.float("work_lat", -90, 90); ok {
		cfg.WorkLat = &lat
	}
	if lng, ok := p.float("work_lng", -180, 180); ok {
		cfg.WorkLng = &lng
	}
	if (cfg.WorkLat == nil) != (cfg.WorkLng == nil) {
		p.fail(badParam("work_lat", "give both work_lat and work_lng, or neither"))
		cfg.WorkLat, cfg.WorkLng = nil, nil
	}
	if tiles := p.str("tiles"); tiles != "" {
		if _, err := tileOrigin(tiles); err != nil {
			p.fail(badParam("tiles", "%s", err.Error()))
		} else {
			cfg.Tiles = tiles
		}
	}
	cfg.Attribution = p.str("attribution")
	cfg.Ignored = ignoredParams(c.QueryParams(), p)
	return cfg
}

// pageRegion is the id of the region a page shows, for its requests to
// name, when the server serves several ("" with one); a region= that names
// none served falls back to the region regional chose, and the page says so.
func (s *Server) pageRegion(c echo.Context, p *params) string {
	if name := p.str("region"); name != "" && s.regionNamed(name) == nil {
		p.fail(badParam("region", "%q is not a region served here; one of %s", name, s.regionList()))
	}
	if len(s.regions) == 1 {
		return ""
	}
	return s.regionOf(c).id
}

// tileOrigin checks a tile URL template and returns the CSP source that
// lets the page load its tiles: {s} in the first host label becomes *.
func tileOrigin(tmpl string) (string, error) {
	u, err := url.Parse(strings.NewReplacer("{s}", "s", "{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(tmpl))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", errString("is not an http(s) URL template such as https://tiles.example.gov.cn/{z}/{x}/{y}.png")
	}
	for _, part := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(tmpl, part) {
			return "", errString("lacks " + part)
		}
	}
	hostTmpl := tmpl[len(u.Scheme)+3:]
	if i := strings.IndexAny(hostTmpl, "/?#"); i >= 0 {
		hostTmpl = hostTmpl[:i]
	}
	labels := strings.Split(hostTmpl, ".")
	for i, l := range labels {
		if strings.Contains(l, "{") {
			if i > 0 || l != "{s}" && !strings.HasSuffix(l, "{s}") && !strings.HasPrefix(l, "{s}") {
				return "", errString("may hold a placeholder in the host only as {s} in its first label")
			}
			labels[0] = "*"
		}
	}
	return u.Scheme + "://" + strings.Join(labels, "."), nil
}

type errString string

func (e errString) Error() string { return string(e) }

// contentSecurityPolicy for a page: everything from this server, tiles
// from the one tile server named, framing by the allowed host sites (for
// /embed) or by this site only.
func contentSecurityPolicy(tiles string, ancestors string) string {
	img := "'self' data:"
	if tiles != "" {
		if src, err := tileOrigin(tiles); err == nil {
			img += " " + src
		}
	}
	return "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + img +
		"; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; " + ancestors
}

func (s *Server) searchPage(c echo.Context) error {
	cfg := s.pageConfig(c)
	cfg.URLState = true
	return s.page(c, cfg, "sc-page", "frame-ancestors 'self'")
}

func (s *Server) embedPage(c echo.Context) error {
	cfg := s.pageConfig(c)
	cfg.Compact = true
	return s.page(c, cfg, "sc-embed", frameAncestors(s.allowedSites))
}

func (s *Server) page(c echo.Context, cfg pageConfig, class, ancestors string) error {
	title := "15分钟技能学习圈 · " + s.snapshotOf(c).Meta().Region.Name
	if cfg.Lang == "en" {
		title = "15-minute skill learning circle · " + s.snapshotOf(c).Meta().Region.NameEN
	}
	return s.renderPage(c, web.Page{Lang: cfg.Lang, Title: title, App: "search", Config: cfg,
		Script: "search.js", Style: "search.css", Class: class}, cfg.Tiles, ancestors)
}

// renderPage writes one of package web's pages with its security headers.
func (s *Server) renderPage(c echo.Context, page web.Page, tiles, ancestors string) error {
	var buf bytes.Buffer
	if err := s.assets.Render(&buf, page); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy(tiles, ancestors))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// widgetScript serves /widget.js: the widget's bundle, or, in a build
// without Leaflet, a script that says to run make.
func (s *Server) widgetScript(c echo.Context) error {
	if len(s.assets.Missing("widget.js")) > 0 {
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", s.assets.MissingScript("widget.js"))
	}
	a, _ := s.assets.Get("widget.js")
	// The URL a webmaster pastes never changes, so browsers must come
	// back for a new version; a short max-age spares them most requests.
	return s.serveAsset(c, a, "public, max-age=300")
}

func (s *Server) asset(c echo.Context) error {
	// The document's /assets/{path} lets a client escape the slashes of a
	// path (lib%2Fleaflet%2Fleaflet.js), which echo leaves escaped.
	name, err := url.PathUnescape(c.Param("*"))
	if err != nil {
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no asset /assets/" + c.Param("*")}
	}
	a, ok := s.assets.Get(name)
	if !ok {
		if len(s.assets.Missing(name)) > 0 {
			return &Error{Status: http.StatusNotFound, Code: CodeNotFound,
				Message: "/assets/" + name + " is missing from this build (" + strings.Join(s.assets.Missing(name), ", ") + "): run make"}
		}
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no asset /assets/" + name}
	}
	cache := "no-cache"
	if v := c.QueryParam("v"); v != "" && v == a.Version {
		cache = "public, max-age=31536000, immutable"
	}
	return s.serveAsset(c, a, cache)
}

func (s *Server) serveAsset(c echo.Context, a *web.Asset, cache string) error {
	h := c.Response().Header()
	body, etag := a.Body, `"`+a.Version+`"`
	if a.Gzip != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
			body, etag = a.Gzip, `"`+a.Version+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	h.Set("Cache-Control", cache)
	h.Set("X-Content-Type-Options", "nosniff")
	// Host pages that isolate themselves (COEP) may still load the widget.
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, a.ContentType, body)
}

// acceptsGzip reads an Accept-Encoding header; "gzip;q=0" refuses it.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// cors lets the allowed host sites' pages read the API's answers: the
// widget runs on their web origin and asks this server.
func (s *Server) cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		webOrigin := c.Request().Header.Get("Origin")
		h := c.Response().Header()
		h.Add("Vary", "Origin")
		if webOrigin == "" || !siteAllowed(s.allowedSites, webOrigin) {
			return next(c)
		}
		h.Set("Access-Control-Allow-Origin", webOrigin)
		if c.Request().Method == http.MethodOptions && c.Request().Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			if req := c.Request().Header.Get("Access-Control-Request-Headers"); req != "" {
				h.Set("Access-Control-Allow-Headers", req)
			}
			h.Set("Access-Control-Max-Age", "86400")
			return c.NoContent(http.StatusNoContent)
		}
		return next(c)
	}
}
