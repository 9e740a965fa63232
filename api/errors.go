package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/skillcircle/skillcircle/index"
)

// Error codes: stable strings clients may switch on. Every error response
// has the same shape: {"error":{"code":..., "message":..., "param":...}}.
const (
	CodeMissingParameter = "missing_parameter" // a required parameter is absent
	CodeInvalidParameter = "invalid_parameter" // a parameter's value is wrong
	CodeUnknownParameter = "unknown_parameter" // a parameter this endpoint does not take
	CodeNotFound         = "not_found"         // an id names nothing
	CodeNoRoute          = "no_such_endpoint"  // the path is not part of the API
	CodeMethod           = "method_not_allowed"
	CodeInternal         = "internal" // a bug: logged, and the client told nothing more
)

// Error is an API error: an HTTP status, a stable code and a message that
// says what to fix.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

type errorBody struct {
	Error *Error `json:"error"`
}

func badParam(param, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeInvalidParameter, Param: param,
		Message: param + ": " + fmt.Sprintf(format, args...)}
}

func missingParam(param, what string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeMissingParameter, Param: param,
		Message: param + ": is required (" + what + ")"}
}

// toAPIError maps any error a handler returns to the response the client
// sees. This is the only place errors become HTTP statuses.
func toAPIError(err error) *Error {
	var apiErr *Error
	var qe *index.QueryError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.As(err, &qe):
		return &Error{Status: http.StatusBadRequest, Code: CodeInvalidParameter, Param: qe.Field, Message: qe.Field + ": " + qe.Message}
	case errors.Is(err, index.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: trimPrefix(err)}
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return &Error{Status: he.Code, Code: CodeNoRoute, Message: "no such endpoint; see /openapi.json for the API"}
		case http.StatusMethodNotAllowed:
			return &Error{Status: he.Code, Code: CodeMethod, Message: "this endpoint answers GET only"}
		default:
			return &Error{Status: he.Code, Code: http.StatusText(he.Code), Message: fmt.Sprint(he.Message)}
		}
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal error; it has been logged"}
}

// trimPrefix drops the sentinel's "index: not found: " from a message;
// the rest ("no course \"C1\"") is what the client needs.
func trimPrefix(err error) string {
	return strings.TrimPrefix(err.Error(), index.ErrNotFound.Error()+": ")
}

// handleError is echo's HTTPErrorHandler.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e := toAPIError(err)
	if e.Status >= 500 {
		s.log.Error("request failed", "path", c.Path(), "err", err)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(e.Status)
		return
	}
	if err := c.JSON(e.Status, errorBody{e}); err != nil {
		s.log.Warn("writing error response", slog.Any("err", err))
	}
}
