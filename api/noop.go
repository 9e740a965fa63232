package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// NoopHandler is the baseline the load test compares the API with (skillcircle
// loadtest --baseline): echo with no middleware and a handler that answers 200
// with nothing, on every path. What the API does beyond it (parsing, searching,
// encoding, the middleware, writing tens of kilobytes) is what the comparison
// measures.
func NoopHandler() http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/*", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	return e
}
