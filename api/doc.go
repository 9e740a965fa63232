// Package api is the HTTP API over a snapshot (echo). Handlers are thin:
// they read and check parameters, call index, and write JSON.
//
// # Errors
//
// Every error has the same body, {"error":{"code","message","param"}},
// and is mapped to its status in one place (toAPIError): bad input is 400
// with a message saying what to fix, an unknown id or path 404, and only a
// bug 500. Codes are stable strings (CodeInvalidParameter, ...).
//
// # Regions
//
// A server serves one region (New) or several (NewRegions), each from
// its own snapshot that reloads on its own (reload.go). Which region
// answers a request is decided in one place, pickRegion (regions.go):
// region=, the one region, the id's region, the point's region (404
// region_not_served when none holds it), district='s region. GET
// /v1/regions lists them; /readyz and the snapshot metrics say per region.
//
// # Coordinates
//
// The crs parameter (wgs84, gcj02, bd09) applies to the request's point and
// to every coordinate in the response.
//
// # Pages and embedding
//
// The server also answers the browser side, built by package api/web: the
// search page (/), the page for an <iframe> (/embed), the widget's script
// (/widget.js) and their assets (/assets/*), all embedded in the binary
// (pages.go). Options.AllowedOrigins names the host sites that may call
// the API from their pages (CORS) and frame /embed (CSP frame-ancestors).
//
// # What it must not do
//
// api holds no search logic and touches neither bbolt nor bleve; only this
// package imports echo.
package api
