package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// Query answers one GET request in process, without a network: the CLI
// uses it so that its output and its validation are exactly the API's.
// Empty values are left out. A non-2xx answer becomes an error carrying
// the API's message.
func Query(ctx context.Context, h http.Handler, path string, values map[string]string) ([]byte, error) {
	q := url.Values{}
	for k, v := range values {
		if v != "" {
			q.Set(k, v)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, path+"?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	w := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(w, req)
	if w.status/100 != 2 {
		var body errorBody
		if json.Unmarshal(w.body.Bytes(), &body) == nil && body.Error != nil {
			body.Error.Status = w.status
			return nil, body.Error
		}
		return nil, errors.New(http.StatusText(w.status))
	}
	return w.body.Bytes(), nil
}

// recorder is the least http.ResponseWriter that keeps what was written.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
