package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

//go:embed assets templates
var embedded embed.FS

// CoreScripts are the files every script bundle starts with, in order:
// Leaflet, then the modules the apps share.
var CoreScripts = []string{
	"lib/leaflet/leaflet.js", "core/leaflet.js", "core/dom.js", "core/i18n.js", "core/api.js", "core/map.js",
}

// CoreStyles are the files every stylesheet bundle starts with.
var CoreStyles = []string{"lib/leaflet/leaflet.css", "core/core.css"}

// A Bundle is one script or stylesheet made by concatenating files under
// assets/ in order. It is served at /assets/<Name>.
type Bundle struct {
	Name  string
	Files []string
	// CSS names a stylesheet bundle whose text this script bundle carries
	// as SC.css: the widget must put its styles inside its shadow root.
	CSS string
}

// Bundles are the scripts and stylesheets the pages and the widget load.
var Bundles = []Bundle{
	{Name: "search.css", Files: with(CoreStyles, "search/search.css")},
	{Name: "search.js", Files: with(CoreScripts, "search/search.js", "core/page.js")},
	{Name: "widget.js", Files: with(CoreScripts, "search/search.js", "widget/widget.js"), CSS: "search.css"},
	{Name: "planner.css", Files: with(CoreStyles, "planner/planner.css")},
	{Name: "planner.js", Files: with(CoreScripts, "planner/planner.js", "core/page.js")},
	// The course and site pages: no script, and no Leaflet either.
	{Name: "detail.css", Files: []string{"core/core.css", "detail/detail.css"}},
}

func with(core []string, files ...string) []string {
	return append(append([]string(nil), core...), files...)
}

// Asset is one file served under /assets/.
type Asset struct {
	Body        []byte
	ContentType string
	// Version is a hash of Body: the ETag, and the ?v= of versioned URLs.
	Version string
	// Gzip is Body compressed, for clients that accept it; nil for files
	// that do not shrink (images).
	Gzip []byte
}

// Assets are the files, bundles and page templates of one build.
type Assets struct {
	files   map[string]*Asset
	missing map[string][]string // bundle name -> files it lacks
	pages   *template.Template
}

var (
	embeddedOnce   sync.Once
	embeddedAssets *Assets
)

// Embedded returns the assets built into the binary. It panics if a
// template does not parse, which no test run lets through.
func Embedded() *Assets {
	embeddedOnce.Do(func() {
		a, err := Load(embedded)
		if err != nil {
			panic(err)
		}
		embeddedAssets = a
	})
	return embeddedAssets
}

// Load reads assets from fsys, which holds assets/ and templates/ at its
// root. A bundle whose files are missing is left out and reported by
// Missing; only a template that does not parse is an error.
func Load(fsys fs.FS) (*Assets, error) {
	a := &Assets{files: map[string]*Asset{}, missing: map[string][]string{}}
	err := fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "assets/")
		a.files[name] = newAsset(name, body)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: reading assets: %w", err)
	}
	for _, b := range Bundles {
		if !strings.HasSuffix(b.Name, ".css") {
			continue
		}
		a.bundle(b)
	}
	for _, b := range Bundles {
		if strings.HasSuffix(b.Name, ".js") {
			a.bundle(b)
		}
	}
	a.pages, err = template.New("pages").Funcs(template.FuncMap{"asset": a.URL}).ParseFS(fsys, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return a, nil
}

func newAsset(name string, body []byte) *Asset {
	sum := sha256.Sum256(body)
	a := &Asset{Body: body, ContentType: contentType(name), Version: hex.EncodeToString(sum[:8])}
	if strings.HasPrefix(a.ContentType, "text/") || a.ContentType == "image/svg+xml" || a.ContentType == "application/json" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			a.Gzip = buf.Bytes()
		}
	}
	return a
}

// contentType is fixed here rather than taken from the system's MIME table,
// which differs between machines.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".html":
		return "text/html; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// sourceMap matches the comment that points a browser at a .map file we do
// not serve.
var sourceMap = regexp.MustCompile(`(?m)^//# sourceMappingURL=.*$`)

func (a *Assets) bundle(b Bundle) {
	var missing []string
	for _, f := range b.Files {
		if a.files[f] == nil {
			missing = append(missing, f)
		}
	}
	if b.CSS != "" && a.files[b.CSS] == nil {
		missing = append(missing, b.CSS)
	}
	if len(missing) > 0 {
		a.missing[b.Name] = missing
		return
	}
	var buf bytes.Buffer
	if strings.HasSuffix(b.Name, ".css") {
		fmt.Fprintf(&buf, "/* skillcircle %s: %s */\n", b.Name, strings.Join(b.Files, ", "))
		for _, f := range b.Files {
			fmt.Fprintf(&buf, "\n/* --- %s */\n", f)
			buf.Write(absoluteURLs(f, a.files[f].Body))
		}
	} else {
		// One scope per bundle: module/exports let Leaflet's UMD header
		// register it there (core/leaflet.js then gives window.L back).
		fmt.Fprintf(&buf, "/* skillcircle %s: %s */\n(function () {\nvar module = { exports: {} }, exports = module.exports, SC = { apps: {} };\n",
			b.Name, strings.Join(b.Files, ", "))
		if b.CSS != "" {
			css, _ := json.Marshal(string(a.files[b.CSS].Body))
			fmt.Fprintf(&buf, "SC.css = %s;\n", css)
		}
		for _, f := range b.Files {
			fmt.Fprintf(&buf, "\n// --- %s\n", f)
			buf.Write(sourceMap.ReplaceAll(a.files[f].Body, nil))
			buf.WriteString("\n;\n")
		}
		buf.WriteString("})();\n")
	}
	a.files[b.Name] = newAsset(b.Name, buf.Bytes())
}

// cssURL matches url(...) in a stylesheet.
var cssURL = regexp.MustCompile(`url\((['"]?)([^'")]+)(['"]?)\)`)

// absoluteURLs rewrites the relative url()s of a stylesheet under assets/
// to absolute /assets/ paths, so that they survive concatenation.
func absoluteURLs(file string, css []byte) []byte {
	dir := path.Dir(file)
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		target := string(sub[2])
		if strings.HasPrefix(target, "/") || strings.HasPrefix(target, "#") || strings.Contains(target, ":") {
			return m
		}
		return []byte("url(" + string(sub[1]) + "/assets/" + path.Join(dir, target) + string(sub[3]) + ")")
	})
}

// Get returns the asset served at /assets/<name>, or /widget.js for
// "widget.js".
func (a *Assets) Get(name string) (*Asset, bool) {
	f, ok := a.files[name]
	return f, ok
}

// URL is the versioned path of an asset, e.g. /assets/search.js?v=0123abcd:
// the version changes with the content, so it may be cached for good.
func (a *Assets) URL(name string) string {
	if f, ok := a.files[name]; ok {
		return "/assets/" + name + "?v=" + f.Version
	}
	return "/assets/" + name
}

// Missing lists the files a bundle lacks (nil when it is complete): in a
// build where `make web` has not run, Leaflet's.
func (a *Assets) Missing(bundle string) []string { return a.missing[bundle] }

// Names lists every asset, bundles included, in order.
func (a *Assets) Names() []string {
	out := make([]string, 0, len(a.files))
	for n := range a.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Page is a page of the site: an app mounted in a full-window root.
type Page struct {
	Lang   string // "zh" or "en"
	Title  string
	App    string // the SC.apps entry the page mounts, e.g. "search"
	Config any    // the app's options, handed over as JSON
	Script string // script bundle, e.g. "search.js"
	Style  string // stylesheet bundle, e.g. "search.css"
	Class  string // class of <body>: "sc-page" or "sc-embed"
}

// ErrUnknownBundle is returned by Render for a page naming a bundle that
// is not in Bundles.
var ErrUnknownBundle = errors.New("web: unknown bundle")

// Render writes a page's HTML. When a bundle it needs is incomplete the
// page says which files are missing and to run make, instead of a map.
func (a *Assets) Render(w io.Writer, p Page) error {
	known := map[string]bool{}
	for _, b := range Bundles {
		known[b.Name] = true
	}
	for _, name := range []string{p.Script, p.Style} {
		if !known[name] {
			return fmt.Errorf("%w %q", ErrUnknownBundle, name)
		}
	}
	cfg, err := json.Marshal(p.Config)
	if err != nil {
		return fmt.Errorf("web: page config: %w", err)
	}
	missing := append(a.Missing(p.Style), a.Missing(p.Script)...)
	lang := "zh-CN"
	if p.Lang == "en" {
		lang = "en"
	}
	return a.pages.ExecuteTemplate(w, "page.html", map[string]any{
		"Page": p, "HTMLLang": lang, "ConfigJSON": string(cfg), "Missing": dedupe(missing),
	})
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// MissingScript is what /widget.js serves when its bundle is incomplete:
// a script that says so in place of the widget, rather than nothing.
func (a *Assets) MissingScript(bundle string) []byte {
	msg, _ := json.Marshal("skillcircle: this server was built without " + strings.Join(a.Missing(bundle), ", ") +
		"; run make (it installs Leaflet with npm) and rebuild.")
	return []byte(`(function () {
  var s = document.currentScript, p = document.createElement('p');
  p.textContent = ` + string(msg) + `;
  p.setAttribute('role', 'alert');
  if (s && s.parentNode) { s.parentNode.insertBefore(p, s.nextSibling); }
  if (window.console) { console.error(p.textContent); }
})();
`)
}

// Detail is a page written on the server: one course, or one training
// site with its courses. It needs no script; its stylesheet is detail.css.
type Detail struct {
	Lang        string // "zh" or "en"
	Kind        string // "course" or "site"
	Region      string // the region's name, in the page's language
	Title       string
	Subtitle    string // the institution
	Description string
	Facts       []Fact
	Register    string // the registration URL, http(s) only
	Online      bool   // a course with no site
	Sites       []DetailSite
	Courses     []DetailCourse // a site's courses
	Back        Link
	Ignored     string // the link's settings that fell back, said in the page's language
	NotFound    bool
}

// Fact is one line of a course's facts.
type Fact struct{ Name, Value string }

// Link is a labelled link; App and CRS mark a directions hand-off (for
// tests and styling).
type Link struct{ Label, Href, App, CRS string }

// DetailSite is a training site with its directions.
type DetailSite struct {
	ID, Name, Address, Kind, Href string
	Lat, Lng                      float64 // WGS-84
	Directions                    []Link
}

// DetailCourse is one course in a site's list.
type DetailCourse struct{ ID, Title, Href, Line string }

// RenderDetail writes a course or site page.
func (a *Assets) RenderDetail(d Detail) ([]byte, error) {
	lang := "zh-CN"
	if d.Lang == "en" {
		lang = "en"
	}
	var buf bytes.Buffer
	err := a.pages.ExecuteTemplate(&buf, "detail.html", map[string]any{
		"D": d, "HTMLLang": lang, "Missing": dedupe(a.Missing("detail.css")), "T": detailText[d.Lang == "en"],
	})
	return buf.Bytes(), err
}

// detailText is the page's own wording, by "is English".
var detailText = map[bool]map[string]string{
	false: {"register": "报名", "registerNote": "（在报名平台打开）", "sites": "上课地点", "courses": "这里开设的课程", "directions": "到这里去：",
		"online": "线上课程，没有上课地点。", "map": "在课程地图上查看", "none": "这个培训点目前没有开设课程。", "sources": "数据来源", "description": "课程介绍"},
	true: {"register": "Register", "registerNote": " (opens the registration platform)", "sites": "Where", "courses": "Courses here", "directions": "Get there:",
		"online": "An online course: it has no site.", "map": "See on the course map", "none": "No course runs here at present.", "sources": "Sources", "description": "About the course"},
}
