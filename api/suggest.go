package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/skillcircle/skillcircle/index"
)

// suggest completes what a person is typing into trades, course titles and
// places, by characters, pinyin or initials.
func (s *Server) suggest(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newParams(c.QueryParams(), "q", "limit", "region")
	q := p.str("q")
	if q == "" && p.err == nil {
		p.fail(missingParam("q", "the first characters or pinyin letters typed, e.g. q=shuk"))
	}
	limit := p.integer("limit", index.DefaultSuggestLimit, 1, index.MaxSuggestLimit)
	if p.err != nil {
		return p.err
	}
	out, err := snap.Suggest(q, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, suggestAnswer{Q: q, Suggestions: out})
}
