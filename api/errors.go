package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
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
	CodeInternal         = "internal"            // a bug: logged, and the client told nothing more
	CodeQueryTooLong     = "query_too_long"      // the query string is over Limits.MaxQueryBytes
	CodeTooManyParams    = "too_many_parameters" // more than Limits.MaxParams parameters
	CodeBodyTooLarge     = "body_too_large"      // a request body over Limits.MaxBodyBytes
	CodeRateLimited      = "rate_limited"        // the client is over its rate: wait Retry-After seconds
	CodeTimeout          = "timeout"             // the request took longer than Limits.RequestTimeout
	CodeClientClosed     = "client_closed"       // the client went away first (logged, never seen)
	CodeUnauthorized     = "unauthorized"        // an admin endpoint without the right bearer token
	CodeReloadRefused    = "reload_refused"      // the new snapshot did not open or check; the old one serves on
)

// statusClientClosed is what the log and metrics record for a request
// whose client went away before the answer (nginx's 499).
const statusClientClosed = 499

// Error is an API error: an HTTP status, a stable code and a message that
// says what to fix.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
	// RetryAfter, in whole seconds, is sent as the Retry-After header.
	RetryAfter int `json:"-"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

type errorBody struct {
	Error *Error `json:"error"`
}

func badParam(param, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeInvalidParameter, Param: param,
		Message: param + ": " + fmt.Sprintf(format, args...)}
}

func unknownParam(param, msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeUnknownParameter, Param: param,
		Message: param + ": unknown parameter; " + msg}
}

func missingParam(param, what string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeMissingParameter, Param: param,
		Message: param + ": is required (" + what + ")"}
}

// toAPIError maps any error a handler returns to the response the client
// sees. An *Error already carries its status: package api makes one where it
// finds the mistake (badParam, missingParam and unknownParam above for
// parameters; limits.go, pages.go and reload.go for limits, assets and the
// admin token). Every other error (index's, the context's, echo's, a
// reload's) becomes a status here and nowhere else.
func toAPIError(err error) *Error {
	var apiErr *Error
	var qe *index.QueryError
	var he *echo.HTTPError
	var re *ReloadError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.As(err, &re):
		return &Error{Status: http.StatusUnprocessableEntity, Code: CodeReloadRefused, Message: re.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeTimeout, RetryAfter: 1,
			Message: "the request took too long; try again, or narrow the search (fewer minutes, a slower mode)"}
	case errors.Is(err, context.Canceled):
		return &Error{Status: statusClientClosed, Code: CodeClientClosed, Message: "the client went away"}
	case errors.As(err, &mbe):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodeBodyTooLarge,
			Message: fmt.Sprintf("the request body is over %d bytes", mbe.Limit)}
	case errors.As(err, &qe):
		return &Error{Status: http.StatusBadRequest, Code: CodeInvalidParameter, Param: qe.Field, Message: qe.Field + ": " + qe.Message}
	case errors.Is(err, index.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: trimPrefix(err)}
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return &Error{Status: he.Code, Code: CodeNoRoute, Message: "no such endpoint; see /openapi.json for the API"}
		case http.StatusMethodNotAllowed:
			return &Error{Status: he.Code, Code: CodeMethod, Message: "this endpoint does not answer that method; see /openapi.json"}
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
	if e.Status >= 500 && e.Code == CodeInternal {
		s.log.Error("request failed", "route", c.Path(), "err", err)
	}
	h := c.Response().Header()
	if e.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if e.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="skillcircle admin"`)
	}
	// To HEAD too: net/http drops the body and keeps the headers GET gets.
	if err := c.JSON(e.Status, errorBody{e}); err != nil {
		s.log.Warn("writing error response", slog.Any("err", err))
	}
}

// recoverPanic turns a panic in a handler into an internal error, logged
// with the rest, instead of a dropped connection.
func recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}
