package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// api/openapi.json is the contract with the API's clients. These tests hold
// the server to it both ways: every golden answer, and every answer to a
// wide spread of requests, is one the document describes (status, content
// type and body), and every request the server accepts is one it describes;
// every operation and parameter it describes is one the server serves, and
// every parameter a handler takes is one it describes.

func init() {
	// The pages and the widget are text, typed in the document as strings.
	openapi3filter.RegisterBodyDecoder("application/geo+json", openapi3filter.JSONBodyDecoder)
	for _, mime := range []string{"text/html", "text/javascript", "text/csv"} {
		openapi3filter.RegisterBodyDecoder(mime, openapi3filter.PlainBodyDecoder)
	}
}

// contract is the document as the server serves it, checked and loaded
// by kin-openapi, with a router that finds a request's operation.
type contract struct {
	doc    *openapi3.T
	router routers.Router
	// answered counts the conforming answers of each operation
	// ("GET /v1/sites/{id}").
	answered map[string]int
}

func loadContract(t testing.TB) *contract {
	t.Helper()
	srv, _ := server(t)
	resp, err := http.Get(srv.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	served, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(served, onDisk) {
		t.Fatal("/openapi.json is not api/openapi.json byte for byte")
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(served)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	closeObjects(doc)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{doc: doc, router: router, answered: map[string]int{}}
}

// closeObjects makes every object schema that lists its properties refuse
// any other, in these tests only. The document leaves objects open, so
// that a client keeps working when a field is added; closed here, a field
// the server sends that the document does not describe fails the test.
func closeObjects(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var visit func(ref *openapi3.SchemaRef)
	visit = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		if len(ref.Value.AllOf) > 0 {
			ref.Value = mergeAllOf(ref.Value)
		}
		s := ref.Value
		seen[s] = true
		if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			closed := false
			s.AdditionalProperties.Has = &closed
		}
		for _, p := range s.Properties {
			visit(p)
		}
		visit(s.Items)
		visit(s.AdditionalProperties.Schema)
		for _, alt := range slices.Concat(s.OneOf, s.AnyOf) {
			visit(alt)
		}
	}
	for _, schema := range doc.Components.Schemas {
		visit(schema)
	}
	for _, response := range doc.Components.Responses {
		for _, media := range response.Value.Content {
			visit(media.Schema)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, response := range op.Responses.Map() {
				for _, media := range response.Value.Content {
					visit(media.Schema)
				}
			}
		}
	}
}

// mergeAllOf turns an allOf of objects into the one object with all their
// properties: closed, each part alone would refuse the others'.
func mergeAllOf(s *openapi3.Schema) *openapi3.Schema {
	m := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Nullable: s.Nullable,
		Description: s.Description, Properties: openapi3.Schemas{}, Required: slices.Clone(s.Required)}
	for _, part := range append(openapi3.SchemaRefs{{Value: s}}, s.AllOf...) {
		for name, p := range part.Value.Properties {
			m.Properties[name] = p
		}
		m.Required = append(m.Required, part.Value.Required...)
	}
	return m
}

// exchange is one request and the status the server must answer it with.
type exchange struct {
	method string
	target string // the path and query, as written by a person
	status int
	header http.Header
}

// expect is a GET of target that the server must answer with status.
func expect(target string, status int) exchange {
	return exchange{method: "GET", target: target, status: status}
}

// request builds the HTTP request, its query escaped as a browser sends it.
func (ex exchange) request(t testing.TB, base string) *http.Request {
	t.Helper()
	u, err := url.Parse(base + ex.target)
	if err != nil {
		t.Fatal(err)
	}
	u.RawQuery = u.Query().Encode()
	req, err := http.NewRequest(ex.method, u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, values := range ex.header {
		req.Header[name] = values
	}
	return req
}

// conform sends ex to the server at base and checks the answer against the
// document, and the request too when the server accepts it. It returns the
// answer's body, or nil after reporting what is off the document.
func (c *contract) conform(t *testing.T, base string, ex exchange) []byte {
	t.Helper()
	req := ex.request(t, base)
	name := ex.method + " " + ex.target
	route, pathParams, err := c.router.FindRoute(req)
	if err != nil {
		t.Errorf("%s: the document has no such operation: %v", name, err)
		return nil
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != ex.status {
		t.Errorf("%s: status %d, want %d: %.300s", name, resp.StatusCode, ex.status, body)
		return nil
	}
	if err := c.validate(req, route, pathParams, resp.StatusCode, resp.Header, body); err != nil {
		t.Errorf("%s: %s", name, firstErrors(err, 3))
		return nil
	}
	c.answered[ex.method+" "+route.Path]++
	return body
}

// firstErrors keeps the first n of the errors kin-openapi joins with " | ":
// a list of ten thousand cells off the document says it ten thousand times.
func firstErrors(err error, n int) string {
	all := strings.Split(err.Error(), " | ")
	if len(all) <= n {
		return err.Error()
	}
	return strings.Join(all[:n], " | ") + fmt.Sprintf(" (and %d more)", len(all)-n)
}

// validate checks a request the server accepted (status below 400) and
// any answer against the operation the document gives for them.
func (c *contract) validate(req *http.Request, route *routers.Route, pathParams map[string]string,
	status int, header http.Header, body []byte) error {
	brief := []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerGiven, SchemaValidationOptions: brief}}
	// A page shows itself whatever a shared link carries (bad values fall
	// back to their defaults): its request is held to nothing.
	_, page := api.PageParameters[route.Path]
	if status < 400 && !page {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return fmt.Errorf("the server accepts a request the document does not: %w", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, SchemaValidationOptions: brief}}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("answer %d (%s) is off the document: %w", status, header.Get("Content-Type"), err)
	}
	return nil
}

// bearerGiven stands for the server's check of the admin token, which the
// test server makes: the document only says how the token is sent.
func bearerGiven(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	auth := in.RequestValidationInput.Request.Header.Get("Authorization")
	if in.SecurityScheme.Type == "http" && in.SecurityScheme.Scheme == "bearer" && strings.HasPrefix(auth, "Bearer ") {
		return nil
	}
	return in.NewError(errors.New("no bearer token"))
}

// TestGoldenAnswersConform checks each answer kept in testdata/golden, as
// stored, against the document.
func TestGoldenAnswersConform(t *testing.T) {
	c := loadContract(t)
	for _, g := range goldenRequests {
		stored, err := os.ReadFile(filepath.Join("testdata", "golden", g.name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		statusLine, body, _ := bytes.Cut(stored, []byte("\n"))
		status, err := strconv.Atoi(string(bytes.Fields(statusLine)[0]))
		if err != nil {
			t.Fatalf("%s: status line %q", g.name, statusLine)
		}
		req := expect(g.path, status).request(t, "http://localhost")
		route, pathParams, err := c.router.FindRoute(req)
		if err != nil {
			t.Errorf("%s: %s: the document has no such operation: %v", g.name, g.path, err)
			continue
		}
		// A golden answer keeps the body, not the headers: it is checked
		// as of the one media type the document gives it.
		var mime []string
		if r := route.Operation.Responses.Status(status); r != nil {
			for m := range r.Value.Content {
				mime = append(mime, m)
			}
		}
		if len(mime) > 1 && slices.Contains(mime, "application/json") {
			mime = []string{"application/json"} // a golden answer is JSON; the others are files (format=)
		}
		if len(mime) != 1 {
			t.Errorf("%s: the document gives answer %d the media types %v; want one", g.name, status, mime)
			continue
		}
		header := http.Header{"Content-Type": mime}
		if err := c.validate(req, route, pathParams, status, header, body); err != nil {
			t.Errorf("%s: %s: %v", g.name, g.path, err)
		}
	}
}

// minAnswersChecked is the least the spread below may check: a loop cut
// short, or a list emptied, fails the test rather than thinning it.
const minAnswersChecked = 300

// TestAnswersConform sends a spread of requests to every operation of the
// document, over the Ningbo snapshot: every mode, crs and kind of origin
// (a point, in each crs; an address, a workplace, both; a point outside
// every district), text and filters, lookups of the ids the answers hold,
// and the errors a client can cause.
func TestAnswersConform(t *testing.T) {
	c := loadContract(t)
	srv, snap := server(t)
	checked := 0
	run := func(exs []exchange) [][]byte {
		bodies := make([][]byte, len(exs))
		for i, ex := range exs {
			if bodies[i] = c.conform(t, srv.URL, ex); bodies[i] != nil {
				checked++
			}
		}
		return bodies
	}

	// Points: the Tianyi square in each crs, each district's centre, and
	// places outside every district (at sea, in Shanghai).
	tianyi := orb.Point{121.5503, 29.8730}
	const tianyiQuery = "lat=29.8730&lng=121.5503"
	var points []string
	for _, crs := range []geo.CRS{geo.WGS84, geo.GCJ02, geo.BD09} {
		p := geo.Convert(tianyi, geo.WGS84, crs)
		points = append(points, fmt.Sprintf("lat=%.6f&lng=%.6f&crs=%s", p[1], p[0], crs))
	}
	for _, d := range snap.Districts() {
		points = append(points, fmt.Sprintf("lat=%.5f&lng=%.5f", d.Center[1], d.Center[0]))
	}
	outside := []string{"lat=29.9&lng=122.6", "lat=31.2304&lng=121.4737"}
	points = append(points, outside...)
	origins := slices.Concat(points, []string{"address=鄞州区姜山镇", "workplace=海天", "address=东门口&workplace=E0001",
		"address=宁波大学&workplace=海天集团", "address=江东区福明街道"})

	modes := []string{"walk", "bike", "ebike", "drive", "transit"}
	minutes := []int{5, 10, 15, 20, 30, 45, 60}
	texts := []string{"", "数控", "shukong", "sk", "周末 中级电工", "CNC", "焊工", "茶艺", "shukongg", "育婴员", "xyzzyq", "免费 电工"}
	filters := []string{"", "family=manufacturing", "family=services,agriculture", "level=intermediate,senior", "level=中级",
		"delivery=online", "delivery=onsite,blended", "schedule=weekend", "audience=public", "district=330212",
		"district=鄞州区,海曙区", "max_fee=500", "max_fee=0", "group=unemployed", "free=true", "seats_left=5",
		"start_after=2026-03-01", "include_online=true", "sort=fee", "sort=start", "sort=travel", "sort=relevance",
		"limit=5&offset=5", "limit=100", "offset=10000", "include_sites=true", "trade=焊工", "occupation=6-18",
		"include_sites=true&include_online=true", "schedule=weekday_evening,周末&level=junior"}
	var searches []exchange
	for i, origin := range origins {
		for j, mode := range modes {
			k := i*len(modes) + j
			q := "/v1/search?" + origin + "&mode=" + mode + "&minutes=" + strconv.Itoa(minutes[k%len(minutes)])
			if text := texts[k%len(texts)]; text != "" {
				q += "&q=" + text
			}
			if f := filters[k%len(filters)]; f != "" {
				q += "&" + f
			}
			searches = append(searches, expect(q, 200))
		}
	}
	// Without mode or minutes: the answer says which it took.
	searches = append(searches, expect("/v1/search?lat=29.8730&lng=121.5503", 200), expect("/v1/search?address=姜山&q=电工", 200))
	for _, f := range filters { // every filter, near the centre, with and without text
		searches = append(searches, expect("/v1/search?lat=29.8730&lng=121.5503&mode=ebike&minutes=20&"+f, 200),
			expect("/v1/search?lat=29.8730&lng=121.5503&mode=bike&minutes=15&q=电工&"+f, 200))
	}
	ids := collectIDs(t, run(searches))

	var lookups []exchange
	for i, id := range ids.courses {
		lookups = append(lookups, expect("/v1/courses/"+id+crsParam(i, "?"), 200))
	}
	for i, id := range ids.sites {
		lookups = append(lookups, expect("/v1/sites/"+id+crsParam(i, "?"), 200))
	}
	for i, id := range ids.institutions {
		lookups = append(lookups, expect("/v1/institutions/"+id+crsParam(i, "?"), 200))
	}
	lookups = append(lookups, expect("/v1/courses/C99999", 404), expect("/v1/sites/NOPE", 404),
		expect("/v1/institutions/NOPE", 404), expect("/v1/courses/C05069?crs=mars", 400), expect("/v1/sites/S0329?lang=en", 400))

	var others []exchange
	for i, mode := range modes {
		for j, crs := range []string{"wgs84", "gcj02", "bd09"} {
			k := i*3 + j
			q := fmt.Sprintf("/v1/isochrone?%s&mode=%s&minutes=%d", points[k%len(points)], mode, minutes[k%len(minutes)])
			if k%4 == 0 {
				q += "&cells=true"
			}
			if !strings.Contains(q, "crs=") {
				q += "&crs=" + crs
			}
			others = append(others, expect(q, 200))
		}
	}
	for _, p := range outside {
		others = append(others, expect("/v1/isochrone?"+p+"&mode=bike&minutes=10", 200))
	}
	for _, text := range []string{"姜山", "万达广场", "宁波大学", "东门口", "鄞州区姜山镇明光中路107号", "海天集团", "天一广场",
		"江东区福明街道", "奉化市溪口镇", "jiangshan", "鄞州区", "中山东路", "宁波市海曙区药行街",
		"慈溪市", "北仑区小港街道", "宁波职业技术学院"} {
		others = append(others, expect("/v1/geocode?q="+text, 200))
	}
	others = append(others, expect("/v1/geocode?q=姜山&crs=gcj02", 200), expect("/v1/geocode?q=东门口&crs=bd09", 200),
		expect("/v1/geocode?q=万达广场&district=330212", 200), expect("/v1/geocode?q=姜山&district=鄞州区&crs=gcj02", 200),
		expect("/v1/geocode?q=中山路&district=鄞州区", 404), expect("/v1/geocode?q=Ningbo University", 404),
		expect("/v1/geocode?q=北京市东城区东长安街1号", 404), expect("/v1/geocode?q=上海市人民广场", 404),
		expect("/v1/geocode?q=!!!", 400), expect("/v1/geocode", 400), expect("/v1/geocode?q=姜山&district=北京", 400),
		expect("/v1/geocode?q="+strings.Repeat("路", 101), 400))
	for i, p := range points {
		status := 200
		if slices.Contains(outside, p) {
			status = 404
		}
		if !strings.Contains(p, "crs=") {
			p += crsParam(i, "&")
		}
		others = append(others, expect("/v1/reverse?"+p, status))
	}
	others = append(others, expect("/v1/reverse?lat=29.87", 400), expect("/v1/reverse?lat=29.87&lng=121.55&crs=utm", 400))
	for _, text := range []string{"shuk", "skc", "数控", "电", "han", "焊", "dong", "东门", "a", "CNC", "PLC", "zz", "茶艺", "jiang", "宁波"} {
		others = append(others, expect("/v1/suggest?q="+text, 200))
	}
	others = append(others, expect("/v1/suggest?q=shuk&limit=1", 200), expect("/v1/suggest?q=dian&limit=20", 200),
		expect("/v1/suggest", 400), expect("/v1/suggest?q=shuk&limit=21", 400))
	for _, q := range []string{"", "?district=330212", "?district=江北区&kind=in_park", "?kind=campus&limit=100", "?kind=community&crs=gcj02",
		"?kind=enterprise&crs=bd09&offset=3", "?kind=校区", "?limit=1&offset=10000"} {
		others = append(others, expect("/v1/sites"+q, 200))
	}
	others = append(others, expect("/v1/sites?kind=palace", 400), expect("/v1/sites?district=330212,330203", 400), expect("/v1/sites?limit=500", 400))
	others = append(others, expect("/v1/stats", 200), expect("/v1/stats?crs=gcj02", 400))
	for _, q := range []string{"", "?crs=gcj02", "?crs=bd09&district=330212", "?district=鄞州区", "?district=330206&crs=wgs84"} {
		others = append(others, expect("/v1/region"+q, 200))
	}
	others = append(others, expect("/v1/region?district=北京", 400))
	others = append(others, expect("/v1/regions", 200), expect("/v1/regions?crs=gcj02", 200), expect("/v1/regions?crs=utm", 400),
		expect("/v1/search?"+tianyiQuery+"&region=ningbo", 200), expect("/v1/search?"+tianyiQuery+"&region=330200", 200),
		expect("/v1/search?"+tianyiQuery+"&region=atlantis", 400), expect("/v1/suggest?q=shuk&region=宁波市", 200))
	for _, from := range []string{"wgs84", "gcj02", "bd09"} {
		for _, to := range []string{"wgs84", "gcj02", "bd09"} {
			others = append(others, expect("/v1/convert?lat=29.873&lng=121.5503&from="+from+"&to="+to, 200))
		}
	}
	others = append(others, expect("/v1/convert?lat=29.873&lng=121.5503&to=gcj02", 200), expect("/v1/convert?lat=29.873&lng=121.5503", 400),
		expect("/v1/convert?lat=29.873&lng=121.5503&to=mars", 400))
	for _, q := range []string{"?cells=none", "?mode=bike&minutes=10&family=manufacturing&cells=none", "?mode=transit&minutes=20&district=330203",
		"?mode=ebike&minutes=15&level=intermediate&crs=gcj02", "?trade=焊工&mode=drive&minutes=20&cells=none", "?occupation=6-18&district=鄞州区&cells=none"} {
		others = append(others, expect("/v1/coverage"+q, 200))
	}
	others = append(others, expect("/v1/coverage?cells=all", 400))
	for _, q := range []string{"?k=1", "?mode=bike&minutes=10&family=manufacturing&k=3", "?district=330212&mode=ebike&minutes=15&crs=bd09"} {
		others = append(others, expect("/v1/coverage/suggest"+q, 200))
	}
	others = append(others, expect("/v1/coverage/suggest?k=11", 400))
	for _, q := range []string{"", "?mode=ebike&minutes=20", "?family=manufacturing&district=330206&crs=gcj02", "?trade=焊工&mode=drive&minutes=30"} {
		others = append(others, expect("/v1/coverage/demand"+q, 200))
	}
	others = append(others, expect("/v1/coverage/demand?k=3", 400))
	// The planner's files (format=), as gaps writes them.
	others = append(others, expect("/v1/coverage?family=manufacturing&district=330212&format=csv", 200),
		expect("/v1/coverage?family=manufacturing&format=geojson", 200), expect("/v1/coverage/suggest?k=2&format=csv", 200),
		expect("/v1/coverage/suggest?k=2&mode=ebike&format=geojson", 200), expect("/v1/coverage/demand?format=csv", 200),
		expect("/v1/coverage?format=json&cells=none", 200), expect("/v1/coverage?format=xlsx", 400), expect("/v1/coverage/demand?format=geojson", 400))
	for _, page := range []string{"/", "/embed"} {
		others = append(others, expect(page, 200), expect(page+"?lang=en&district=330212&family=manufacturing&mode=ebike&minutes=20", 200),
			expect(page+"?lat=29.873&lng=121.5503&crs=gcj02&q=数控&address=姜山&free=true&seats=true&height=600&level=中级&schedule=weekend", 200),
			expect(page+"?tiles=https://tiles.example.gov.cn/{z}/{x}/{y}.png&attribution=Example", 200),
			// A shared link's bad values and strangers' parameters still show the page.
			expect(page+"?lang=fr", 200), expect(page+"?lat=29.873", 200), expect(page+"?from=singlemessage&isappinstalled=0&minutes=90", 200))
	}
	others = append(others, expect("/planner", 200), expect("/planner?lang=en&mode=bike&minutes=20&family=manufacturing&level=junior&trade=焊工&district=330212&crs=gcj02&k=3", 200),
		expect("/planner?k=99", 200))
	for _, page := range []string{"/courses/C05069", "/sites/S0439"} {
		others = append(others, expect(page, 200), expect(page+"?lang=en&lat=29.873&lng=121.5503&crs=gcj02&mode=transit", 200),
			expect(page+"?utm_source=wechat&mode=rocket", 200))
	}
	others = append(others, expect("/courses/C99999", 404), expect("/sites/S9999", 404))
	others = append(others, expect("/widget.js", 200), expect("/assets/search.js", 200), expect("/assets/search.css", 200),
		expect("/assets/planner.js", 200), expect("/assets/lib%2Fleaflet%2Fleaflet.css", 200),
		expect("/assets/lib%2Fleaflet%2Fimages%2Fmarker-icon.png?v=old", 200), expect("/assets/nope.js", 404),
		expect("/healthz", 200), expect("/readyz", 200), expect("/metrics", 200), expect("/openapi.json", 200))
	// Errors every operation shares: a parameter it does not take, one given twice.
	others = append(others, expect("/v1/search?lat=29.87&lon=121.55", 400), expect("/v1/search?lat=29.87&lng=121.55&lng=121.56", 400),
		expect("/v1/search", 400), expect("/v1/search?lat=29.87&lng=121.55&minutes=90", 400), expect("/v1/search?lat=29.87&lng=121.55&mode=rocket", 400),
		expect("/v1/search?address=北京市东城区东长安街1号", 404), expect("/v1/search?workplace=no such employer anywhere", 404),
		expect("/v1/search?lat=29.87&lng=121.55&address=姜山", 400), expect("/v1/isochrone?lat=29.87", 400),
		expect("/v1/isochrone?lat=29.87&lng=121.55&cells=maybe", 400))
	run(lookups)
	run(others)

	t.Logf("%d answers (and the requests among them that the server accepted) checked against openapi.json", checked)
	if checked < minAnswersChecked {
		t.Errorf("%d answers conform; want at least %d", checked, minAnswersChecked)
	}
	for path, item := range c.doc.Paths.Map() {
		for method := range item.Operations() {
			// The admin endpoint exists with a token only: the next test's.
			if op := method + " " + path; c.answered[op] == 0 && op != "POST /admin/reload" {
				t.Errorf("%s: no answer checked", op)
			}
		}
	}
}

// crsParam spreads requests over the coordinate systems: none (the
// default) or one of them, after sep (? or &).
func crsParam(i int, sep string) string {
	if i%4 == 0 {
		return ""
	}
	return sep + "crs=" + []string{"wgs84", "gcj02", "bd09"}[i%4-1]
}

// foundIDs are the records the search answers name, in order, each once.
type foundIDs struct{ courses, sites, institutions []string }

// collectIDs takes up to 20 course, site and institution ids from search
// answers, for lookups.
func collectIDs(t *testing.T, bodies [][]byte) foundIDs {
	var ids foundIDs
	add := func(list *[]string, id string) {
		if id != "" && len(*list) < 20 && !slices.Contains(*list, id) {
			*list = append(*list, id)
		}
	}
	for _, body := range bodies {
		var r struct {
			Hits []struct {
				Course, Institution struct{ ID string }
				Site                *struct{ ID string }
			}
		}
		if body == nil || json.Unmarshal(body, &r) != nil {
			continue
		}
		for _, h := range r.Hits {
			add(&ids.courses, h.Course.ID)
			add(&ids.institutions, h.Institution.ID)
			if h.Site != nil {
				add(&ids.sites, h.Site.ID)
			}
		}
	}
	if len(ids.courses) < 10 || len(ids.sites) < 10 || len(ids.institutions) < 10 {
		t.Fatalf("the searches that conform name too few records to look up: %d courses, %d sites, %d institutions",
			len(ids.courses), len(ids.sites), len(ids.institutions))
	}
	return ids
}

// TestAnswersConformWithLimitsAndAdmin checks what only a configured
// server answers: the limits' 400s and 429, the admin reload, and readyz
// while draining.
func TestAnswersConformWithLimitsAndAdmin(t *testing.T) {
	c := loadContract(t)
	dir := t.TempDir()
	path := buildMini(t, dir)
	var target atomic.Value
	target.Store(path)
	open := func(context.Context) (*index.Snapshot, error) { return index.Open(target.Load().(string)) }
	snap, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const token = "contract-admin-token-0123456789"
	s := api.New(snap, api.Options{Open: open, AdminToken: token, Logger: quiet,
		Limits: api.Limits{MaxQueryBytes: 100, MaxParams: 4, RatePerSecond: 0.01, Burst: 12}})
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	admin := http.Header{"Authorization": {"Bearer " + token}}
	for _, ex := range []exchange{
		expect("/v1/search?q="+strings.Repeat("x", 120), 400),
		expect("/v1/search?a=1&b=2&c=3&d=4&e=5", 400),
		expect("/healthz?"+strings.Repeat("x", 120), 400),
		{method: "POST", target: "/admin/reload", status: 401},
		{method: "POST", target: "/admin/reload", status: 401, header: http.Header{"Authorization": {"Bearer wrong"}}},
		{method: "POST", target: "/admin/reload", status: 200, header: admin},
		expect("/readyz", 200),
	} {
		c.conform(t, srv.URL, ex)
	}
	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, []byte("not a snapshot"), 0o644); err != nil {
		t.Fatal(err)
	}
	target.Store(damaged)
	c.conform(t, srv.URL, exchange{method: "POST", target: "/admin/reload", status: 422, header: admin})
	// The burst is spent: the next request waits.
	for range 12 {
		http.Get(srv.URL + "/v1/stats")
	}
	c.conform(t, srv.URL, expect("/v1/stats", 429))
	s.Drain()
	c.conform(t, srv.URL, expect("/readyz", 503))
}

// lenientOperations read no query parameter, or one alone, and ignore the
// others: probes, scrapes and files that monitors and host pages fetch
// with whatever query string they add (cache busters, tracking).
var lenientOperations = []string{"/healthz", "/readyz", "/metrics", "/openapi.json", "/widget.js", "/assets/{path}", "/admin/reload"}

// takesRE reads the parameters an unknown-parameter error lists.
var takesRE = regexp.MustCompile(`this endpoint takes (.*)$`)

// TestOpenAPIOperationsAreServed goes the other way from
// TestOpenAPIDescribesEveryRoute: every operation the document describes
// is served (not 404 no_such_endpoint, not 405); the parameters an
// operation takes, as its unknown-parameter error lists them, are the
// document's; an undocumented one is refused, and each documented one, as
// its example, is accepted.
func TestOpenAPIOperationsAreServed(t *testing.T) {
	c := loadContract(t)
	_, snap := server(t)
	srv := httptest.NewServer(api.New(snap, api.Options{AdminToken: "contract-admin-token-0123456789"}))
	defer srv.Close()
	send := func(method, target string) (int, apiError) {
		t.Helper()
		resp, err := http.DefaultClient.Do(exchange{method: method, target: target}.request(t, srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct{ Error apiError }
		json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e.Error
	}
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			t.Run(method+" "+path, func(t *testing.T) {
				// example is name=value, as the document's example.
				example := func(name string) string {
					p := op.Parameters.GetByInAndName("query", name)
					if p == nil {
						p = item.Parameters.GetByInAndName("query", name)
					}
					return name + "=" + url.QueryEscape(exampleValue(t, p))
				}
				target, documented := path, map[string]bool{}
				var required []string
				for _, p := range slices.Concat(item.Parameters, op.Parameters) {
					switch v := p.Value; v.In {
					case "path":
						target = strings.Replace(target, "{"+v.Name+"}", exampleValue(t, v), 1)
					case "query":
						documented[v.Name] = true
						if v.Required {
							required = append(required, example(v.Name))
						}
					}
				}
				base := target + "?" + strings.Join(required, "&")
				status, e := send(method, base)
				if status == 404 && e.Code == api.CodeNoRoute || status == 405 {
					t.Fatalf("%s %s: %d %+v: not served", method, base, status, e)
				}

				status, e = send(method, base+"&undocumented_zz=1")
				if takes, ok := api.PageParameters[path]; ok {
					// A page ignores what it does not know (a shared link's
					// from=, utm_source=): its parameters are those it reads.
					if status >= 400 && status != 404 {
						t.Errorf("a page refuses a parameter it should ignore: %d %+v", status, e)
					}
					for _, name := range takes {
						if !documented[name] {
							t.Errorf("reads %s, which the document does not describe", name)
						}
					}
					for name := range documented {
						if !slices.Contains(takes, name) {
							t.Errorf("the document describes %s, which the page does not read", name)
						}
					}
				} else if slices.Contains(lenientOperations, path) {
					if status == 400 {
						t.Errorf("refuses a parameter it should ignore: %+v", e)
					}
				} else {
					m := takesRE.FindStringSubmatch(e.Message)
					if status != 400 || e.Code != api.CodeUnknownParameter || e.Param != "undocumented_zz" || m == nil {
						t.Fatalf("an undocumented parameter: %d %+v, want 400 unknown_parameter", status, e)
					}
					takes := map[string]bool{}
					for _, name := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' }) {
						takes[name] = true
						if !documented[name] {
							t.Errorf("takes %s, which the document does not describe", name)
						}
					}
					for name := range documented {
						if !takes[name] {
							t.Errorf("the document describes %s, which the handler does not take", name)
						}
					}
				}
				for name := range documented {
					if slices.Contains(required, example(name)) {
						continue
					}
					q := base + "&" + example(name)
					for _, other := range companions(path, name) {
						q += "&" + example(other)
					}
					if status, e := send(method, q); status >= 400 {
						t.Errorf("%s: %d %+v, want the documented parameter's example accepted", q, status, e)
					}
				}
			})
		}
	}
}

// companions are what a parameter cannot be sent without, which OpenAPI
// 3.0 cannot say: a point is lat and lng together, and a search starts
// from a point unless it is given a home or a workplace (as text or as a
// point: home_lat with home_lng).
func companions(path, name string) []string {
	switch name {
	case "lat":
		return []string{"lng"}
	case "lng":
		return []string{"lat"}
	case "address", "workplace":
		return nil
	case "fit_schedule":
		if path != "/v1/search" {
			return nil // a page takes it alone
		}
		return []string{"home_lat", "home_lng", "work_lat", "work_lng"}
	case "along", "detour":
		if path != "/v1/search" {
			return nil // a page takes them alone
		}
		if name == "along" {
			return []string{"home_lat", "home_lng", "work_lat", "work_lng"}
		}
		return []string{"along", "home_lat", "home_lng", "work_lat", "work_lng"}

	case "home_lat", "work_lat":
		return []string{strings.TrimSuffix(name, "_lat") + "_lng"}
	case "home_lng", "work_lng":
		return []string{strings.TrimSuffix(name, "_lng") + "_lat"}
	}
	if path == "/v1/search" {
		return []string{"lat", "lng"}
	}
	return nil
}

// apiError is what an error answer says.
type apiError struct{ Code, Message, Param string }

// exampleValue is a value the document gives a parameter: its example, the
// schema's, its default or the first of its enum.
func exampleValue(t *testing.T, p *openapi3.Parameter) string {
	t.Helper()
	var v any
	switch s := p.Schema.Value; {
	case p.Example != nil:
		v = p.Example
	case s.Example != nil:
		v = s.Example
	case s.Default != nil:
		v = s.Default
	case len(s.Enum) > 0:
		v = s.Enum[0]
	default:
		t.Fatalf("parameter %s has no example", p.Name)
	}
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}
