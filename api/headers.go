package api

import (
	"github.com/labstack/echo/v4"
)

// apiCSP is the Content-Security-Policy of every answer that does not set
// its own: JSON and GeoJSON load nothing and may not be framed. A page
// (HTML) sets the policy it needs, and this one then stays out of its way.
const apiCSP = "default-src 'none'; frame-ancestors 'none'"

// secure sets the security headers every answer carries. nosniff keeps
// browsers from running JSON as script; the referrer policy keeps the
// query string (which holds where someone is) out of other sites' logs
// when a person follows a registration link.
func secure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		res := c.Response()
		h := res.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		res.Before(func() {
			if h.Get("Content-Security-Policy") == "" {
				h.Set("Content-Security-Policy", apiCSP)
				h.Set("X-Frame-Options", "DENY")
			}
		})
		return next(c)
	}
}
