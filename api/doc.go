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
