package web_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/skillcircle/skillcircle/api/web"
)

// leafletInstalled reports whether `make web` has copied Leaflet here; the
// tests of the complete bundles need it. In CI it must have.
func leafletInstalled(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("assets/lib/leaflet/leaflet.js"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Leaflet is not in assets/lib/: CI runs make, which installs it")
		}
		t.Skip("Leaflet is not installed: run make web")
	}
}

func TestBundles(t *testing.T) {
	leafletInstalled(t)
	a := web.Embedded()
	for _, b := range web.Bundles {
		if m := a.Missing(b.Name); m != nil {
			t.Errorf("bundle %s lacks %v", b.Name, m)
		}
	}
	widget, ok := a.Get("widget.js")
	if !ok {
		t.Fatal("no widget.js")
	}
	js := string(widget.Body)
	for _, want := range []string{
		"(function () {\nvar module = { exports: {} }", // one scope per bundle
		"Leaflet 1.9.4",                              // Leaflet inside it
		"var L = module.exports.noConflict();",       // and out of window.L
		"SC.css = \"/* skillcircle search.css",       // the styles for the shadow root
		"url(/assets/lib/leaflet/images/layers.png)", // with Leaflet's images made absolute
		"SC.apps.search = ",                          // the app
		"attachShadow",                               // and the widget's boot
	} {
		if !strings.Contains(js, want) {
			t.Errorf("widget.js lacks %q", want)
		}
	}
	if strings.Contains(js, "sourceMappingURL") {
		t.Error("widget.js points at a source map that is not served")
	}
	if !strings.HasSuffix(js, "})();\n") {
		t.Error("widget.js does not close its scope")
	}
	if strings.Index(js, "core/leaflet.js") > strings.Index(js, "search/search.js") {
		t.Error("the app comes before the core modules")
	}
	css, _ := a.Get("search.css")
	if css.ContentType != "text/css; charset=utf-8" || !strings.Contains(string(css.Body), ".leaflet-container") || !strings.Contains(string(css.Body), ".sc-app") {
		t.Errorf("search.css: %s", css.ContentType)
	}
	if u := a.URL("search.js"); !strings.HasPrefix(u, "/assets/search.js?v=") || len(u) != len("/assets/search.js?v=")+16 {
		t.Errorf("URL %q", u)
	}
}

// source is the asset tree without Leaflet, as a fresh clone has it
// before npm has run.
func source(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("."), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "assets/lib/leaflet/") || strings.HasPrefix(p, "node_modules/") {
			return err
		}
		if strings.HasPrefix(p, "assets/") || strings.HasPrefix(p, "templates/") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[p] = &fstest.MapFile{Data: b}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Without Leaflet the build still works, and says what to do.
func TestWithoutLeaflet(t *testing.T) {
	a, err := web.Load(source(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"search.js", "search.css", "widget.js"} {
		if m := a.Missing(name); len(m) == 0 || !strings.HasPrefix(m[0], "lib/leaflet/") {
			t.Errorf("%s: missing %v", name, m)
		}
		if _, ok := a.Get(name); ok {
			t.Errorf("%s was built without Leaflet", name)
		}
	}
	if _, ok := a.Get("core/core.css"); !ok {
		t.Error("the sources themselves are still served")
	}
	var page bytes.Buffer
	if err := a.Render(&page, web.Page{Lang: "zh", Title: "t", App: "search", Script: "search.js", Style: "search.css"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"run <code>make</code>", "<code>assets/lib/leaflet/leaflet.js</code>", `role="alert"`} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("the page lacks %q:\n%s", want, page.String())
		}
	}
	if strings.Contains(page.String(), "<script") {
		t.Error("the page still loads a script that is not there")
	}
	script := string(a.MissingScript("widget.js"))
	if !strings.Contains(script, "run make") || !strings.Contains(script, "lib/leaflet/leaflet.js") {
		t.Errorf("MissingScript: %s", script)
	}
}

func TestRender(t *testing.T) {
	fsys := source(t)
	fsys["assets/lib/leaflet/leaflet.js"] = &fstest.MapFile{Data: []byte("/* a stand-in */")}
	fsys["assets/lib/leaflet/leaflet.css"] = &fstest.MapFile{Data: []byte(".leaflet-container { background: url(images/x.png) }")}
	a, err := web.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	err = a.Render(&page, web.Page{Lang: "en", Title: `<Ningbo & "co">`, App: "search", Script: "search.js", Style: "search.css",
		Class: "sc-page", Config: map[string]string{"q": `</script><script>alert(1)</script>`}})
	if err != nil {
		t.Fatal(err)
	}
	s := page.String()
	if !strings.Contains(s, `<html lang="en">`) || !strings.Contains(s, "&lt;Ningbo &amp; &#34;co&#34;&gt;") {
		t.Errorf("page: %s", s)
	}
	if strings.Contains(s, "<script>alert") || !strings.Contains(s, "data-config=") || !strings.Contains(s, `<script src="/assets/search.js?v=`) {
		t.Errorf("configuration escaped badly, or no script: %s", s)
	}
	css, _ := a.Get("search.css")
	if !strings.Contains(string(css.Body), "url(/assets/lib/leaflet/images/x.png)") {
		t.Error("a relative url() in a bundled stylesheet was not made absolute")
	}
	if err := a.Render(&page, web.Page{Script: "nope.js", Style: "search.css"}); !errors.Is(err, web.ErrUnknownBundle) {
		t.Errorf("unknown bundle: %v", err)
	}
}
