// Package web is the browser side of skillcircle: the search page, the
// widget that district websites embed, and the page for an <iframe>; their
// scripts, styles and HTML templates; and the Leaflet files that `make web`
// installs from npm and copies into assets/lib/.
//
// # One way to build and serve assets
//
// Everything under assets/ and templates/ is embedded in the binary. A
// Bundle concatenates files under assets/ into one script or stylesheet,
// served at /assets/<name>; every other file under assets/ is served at
// /assets/<path> too. Scripts share one scope per bundle: Leaflet comes
// first and is taken out of the global scope (core/leaflet.js), then the
// core modules, each adding one member to the bundle's SC object
// (SC.dom, SC.i18n, SC.api, SC.map), then an app that registers itself in
// SC.apps, then a boot file (core/page.js for pages, widget/widget.js for
// the widget). A new page adds its app file, a Bundle listing it after
// CoreScripts, and a Page naming both; see the search page for the pattern.
//
// # What it must not do
//
// web renders and returns bytes; routing, HTTP headers and parameter
// checks are package api's (which alone imports echo). Pages fetch nothing
// from the internet: every script, style and image comes from the binary,
// and the map draws district boundaries and township names itself unless a
// tile URL is configured. A build without Leaflet (npm not run) still
// compiles: its pages say "run make" instead of drawing a map.
package web
