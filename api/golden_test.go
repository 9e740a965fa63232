package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden answers in testdata/golden from this build")

// goldenRequests are the requests whose answers testdata/golden holds,
// named as its files.
var goldenRequests = []struct{ name, path string }{
	{"search-walk-cnc", "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15&q=数控&limit=2"},
	{"search-gcj02-filters", "/v1/search?lat=29.8704&lng=121.5545&crs=gcj02&mode=ebike&minutes=10&level=中级&schedule=weekend&limit=2"},
	{"search-understood", "/v1/search?lat=29.8730&lng=121.5503&mode=bike&minutes=20&q=周末 中级电工&limit=1"},
	{"search-home-work", "/v1/search?address=鄞州区姜山镇&workplace=海天&mode=ebike&minutes=15&q=数控&limit=2"},
	{"isochrone-walk-5", "/v1/isochrone?lat=29.8730&lng=121.5503&mode=walk&minutes=5"},
	{"isochrone-cells-gcj02", "/v1/isochrone?lat=29.8704&lng=121.5545&crs=gcj02&mode=walk&minutes=5&cells=true"},
	{"search-home-work-sites", "/v1/search?address=鄞州区姜山镇&workplace=海天&mode=ebike&minutes=10&q=数控&limit=1&include_sites=true"},
	{"search-page-sites", "/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=10&q=茶艺&limit=1&include_sites=true"},
	{"course", "/v1/courses/C05069"},
	{"geocode-jiangshan", "/v1/geocode?q=姜山"},
	{"geocode-ambiguous", "/v1/geocode?q=万达广场"},
	{"geocode-station", "/v1/geocode?q=宁波大学"},
	{"reverse", "/v1/reverse?lat=29.8730&lng=121.5503&crs=gcj02"},
	{"suggest-shuk", "/v1/suggest?q=shuk&limit=5"},
	{"sites-page", "/v1/sites?district=江北区&kind=in_park&limit=2"},
	{"error-unknown-parameter", "/v1/search?lat=29.87&lon=121.55"},
	{"error-minutes", "/v1/search?lat=29.87&lng=121.55&minutes=90"},
	{"error-not-found", "/v1/courses/C99999"},
	{"error-outside-region", "/v1/geocode?q=北京市东城区东长安街1号"},
}

// The answers a client sees, kept whole in testdata/golden: a change to
// any field, its name, its order or its value shows as a diff in review.
// After a deliberate change, run
//
//	go test ./api -run TestGoldenAnswers -update
//
// and read the diff before committing it.
func TestGoldenAnswers(t *testing.T) {
	srv, _ := server(t)
	for _, tc := range goldenRequests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			u.RawQuery = u.Query().Encode() // the Chinese escaped, as a browser sends it
			resp, err := http.Get(u.String())
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, body, "", "  "); err != nil {
				t.Fatalf("%s: not JSON: %v\n%s", tc.path, err, body)
			}
			got := append([]byte(resp.Status+"\n"), pretty.Bytes()...)
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s answers differently from %s:\n%s", tc.path, path, firstDifference(want, got))
			}
		})
	}
}

// firstDifference shows the first line where two answers part, with a
// little context, rather than two whole answers.
func firstDifference(want, got []byte) string {
	w, g := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if !bytes.Equal(wl, gl) {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + string(wl) + "\n  got  " + string(gl)
		}
	}
	return "(same lines)"
}
