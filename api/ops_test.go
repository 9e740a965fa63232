package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// buildMini builds the small test catalogue into dir: it opens in
// milliseconds, so a test can reload it hundreds of times.
func buildMini(t testing.TB, dir string) string {
	t.Helper()
	return buildCatalogue(t, "../data/testdata/mini", filepath.Join(dir, "mini.db"))
}

// buildCatalogue builds the catalogue in the directory catDir into path.
func buildCatalogue(t testing.TB, catDir, path string) string {
	t.Helper()
	cat, _, err := data.Load(os.DirFS(catDir), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := index.Build(context.Background(), path, cat, index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	return path
}

// Searches near the mini catalogue's sites (GCJ-02, as its sites.csv).
var miniQueries = []string{
	"/v1/search?crs=gcj02&lat=29.698&lng=121.204&mode=ebike&minutes=30&q=焊工",
	"/v1/search?crs=gcj02&lat=29.798&lng=121.304&mode=drive&minutes=60",
	"/v1/search?crs=gcj02&lat=29.698&lng=121.704&mode=walk&minutes=15&q=培训&include_online=true",
	"/v1/isochrone?crs=gcj02&lat=29.698&lng=121.204&mode=bike&minutes=20",
	"/v1/courses/C1",
	"/v1/sites?limit=10",
	"/v1/stats",
}

// TestReloadWhileSearching reloads the snapshot hundreds of times while
// clients search over real HTTP: not one request may fail. Every fifth
// reload is of a damaged file, which is refused while the old snapshot
// serves on. At the end every replaced snapshot has been closed: nothing
// they unpacked is left.
func TestReloadWhileSearching(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where snapshots unpack their text index
	dir := t.TempDir()
	good := buildMini(t, dir)
	bad := filepath.Join(dir, "bad.db")
	content, _ := os.ReadFile(good)
	if err := os.WriteFile(bad, content[:len(content)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	var opens atomic.Int64
	open := func(context.Context) (*index.Snapshot, error) {
		if opens.Add(1)%5 == 0 {
			return index.Open(bad)
		}
		return index.Open(good)
	}
	first, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := api.New(first, api.Options{Open: open, Logger: quiet})
	srv := httptest.NewServer(s)
	defer srv.Close()

	const reloads, clients = 200, 8
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := i; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				path := miniQueries[n%len(miniQueries)]
				if n%2 == 0 {
					// A text the cache has not seen goes to the full-text
					// index, the part of a snapshot that Close releases.
					path = fmt.Sprintf("/v1/search?crs=gcj02&lat=29.698&lng=121.204&mode=bike&q=焊工+%d", n)
				}
				resp, err := srv.Client().Get(srv.URL + path)
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || !json.Valid(body) {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("%s: %d %v %.200s", path, resp.StatusCode, err, body))
				}
			}
		}(i)
	}
	refused := 0
	for i := 0; i < reloads; i++ {
		before := s.SnapshotInfo()
		res, err := s.Reload(context.Background())
		var re *api.ReloadError
		switch {
		case errors.As(err, &re):
			refused++
			if s.SnapshotInfo() != before {
				t.Fatal("a refused reload changed the snapshot")
			}
		case err != nil:
			t.Fatal(err)
		case res.Changed || res.Current.Checksum != before.Checksum || res.Current.LoadedAt.IsZero():
			t.Fatalf("reload of the same file: %+v", res)
		}
	}
	close(stop)
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d of %d requests failed during %d reloads; first: %v", n, requests.Load(), reloads, firstFailure.Load())
	}
	if refused != reloads/5 {
		t.Errorf("%d reloads refused, want %d", refused, reloads/5)
	}
	if requests.Load() < reloads {
		t.Errorf("only %d requests during %d reloads", requests.Load(), reloads)
	}
	t.Logf("%d requests, none failed, during %d reloads (%d refused)", requests.Load(), reloads, refused)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "skillcircle-text-*")); len(left) != 0 {
		t.Errorf("%d snapshots were never closed: %v", len(left), left)
	}
}

// quiet is a logger for tests that make errors on purpose.
var quiet = slog.New(slog.DiscardHandler)

// do answers one request in process, from the given client address.
func do(h http.Handler, method, path, remote string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	if remote != "" {
		req.RemoteAddr = remote
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func errorCode(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var e errorResponse
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("%d %s: %v", w.Code, w.Body, err)
	}
	return e.Error.Code
}

func TestAdminReload(t *testing.T) {
	dir := t.TempDir()
	path := buildMini(t, dir)
	var target atomic.Value
	target.Store(path)
	open := func(context.Context) (*index.Snapshot, error) { return index.Open(target.Load().(string)) }
	snap, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const token = "s3cret-admin-token-for-tests"
	s := api.New(snap, api.Options{Open: open, AdminToken: token, Logger: quiet})
	defer s.Close()

	if w := do(api.New(snap, api.Options{Open: open}), "POST", "/admin/reload", ""); w.Code != 404 {
		t.Errorf("without a token configured: %d, want 404", w.Code)
	}
	for name, auth := range map[string]string{"none": "", "wrong": "Bearer nope", "prefix": "Bearer " + token[:10], "basic": "Basic " + token} {
		w := do(s, "POST", "/admin/reload", "", "Authorization", auth)
		if w.Code != 401 || errorCode(t, w) != "unauthorized" || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
	}
	if w := do(s, "GET", "/admin/reload", "", "Authorization", "Bearer "+token); w.Code != 405 {
		t.Errorf("GET: %d", w.Code)
	}
	w := do(s, "POST", "/admin/reload", "", "Authorization", "Bearer "+token)
	var res api.ReloadResult
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &res) != nil {
		t.Fatalf("reload: %d %s", w.Code, w.Body)
	}
	if res.Current.Checksum != snap.Checksum() || len(res.Current.Checksum) != 64 || res.Current.FormatVersion != index.FormatVersion {
		t.Errorf("reload reports %+v", res.Current)
	}

	// A damaged file is refused, and the old snapshot answers on.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a snapshot"), 0o644)
	target.Store(bad)
	w = do(s, "POST", "/admin/reload", "", "Authorization", "Bearer "+token)
	if w.Code != 422 || errorCode(t, w) != "reload_refused" || !strings.Contains(w.Body.String(), "bad.db") {
		t.Errorf("bad snapshot: %d %s", w.Code, w.Body)
	}
	if w := do(s, "GET", miniQueries[0], ""); w.Code != 200 {
		t.Errorf("after a refused reload: %d %s", w.Code, w.Body)
	}
	var ready struct {
		Status   string
		Snapshot api.SnapshotInfo
	}
	w = do(s, "GET", "/readyz", "")
	if json.Unmarshal(w.Body.Bytes(), &ready); w.Code != 200 || ready.Status != "ready" || ready.Snapshot.Checksum != snap.Checksum() {
		t.Errorf("readyz: %d %s", w.Code, w.Body)
	}
	if m := do(s, "GET", "/metrics", "").Body.String(); !strings.Contains(m, `skillcircle_snapshot_reloads_total{region="`+api.RegionID(snap)+`",result="refused"} 1`) ||
		!strings.Contains(m, `skillcircle_snapshot_reloads_total{region="`+api.RegionID(snap)+`",result="ok"} 1`) {
		t.Errorf("metrics do not count the reloads:\n%s", m)
	}
}

func TestReadyzAndDrain(t *testing.T) {
	_, snap := server(t)
	s := api.New(snap, api.Options{})
	if w := do(s, "GET", "/readyz", ""); w.Code != 200 {
		t.Errorf("readyz: %d", w.Code)
	}
	s.Drain()
	if w := do(s, "GET", "/readyz", ""); w.Code != 503 || !strings.Contains(w.Body.String(), "draining") {
		t.Errorf("readyz while draining: %d %s", w.Code, w.Body)
	}
	if w := do(s, "GET", "/healthz", ""); w.Code != 200 {
		t.Errorf("healthz while draining: %d", w.Code)
	}
	if w := do(s, "GET", "/v1/search?"+tianyi, ""); w.Code != 200 {
		t.Errorf("a draining server still answers: %d", w.Code)
	}
}

func TestRateLimit(t *testing.T) {
	_, snap := server(t)
	limits := api.Limits{RatePerSecond: 0.5, Burst: 3, TrustedProxies: []string{"127.0.0.0/8"}}
	s := api.New(snap, api.Options{Limits: limits})
	const path = "/v1/stats"
	for i := 0; i < 3; i++ {
		if w := do(s, "GET", path, "192.0.2.1:5000"); w.Code != 200 {
			t.Fatalf("request %d within the burst: %d", i, w.Code)
		}
	}
	w := do(s, "GET", path, "192.0.2.1:5001")
	if w.Code != 429 || errorCode(t, w) != "rate_limited" {
		t.Fatalf("over the burst: %d %s", w.Code, w.Body)
	}
	if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 || ra > 2 {
		t.Errorf("Retry-After %q", w.Header().Get("Retry-After"))
	}
	if w := do(s, "GET", path, "192.0.2.2:5000"); w.Code != 200 {
		t.Errorf("another client: %d", w.Code)
	}
	if w := do(s, "GET", "/healthz", "192.0.2.1:5000"); w.Code != 200 {
		t.Errorf("probes are not limited: %d", w.Code)
	}
	// Behind the trusted proxy each client has its own rate; a client
	// cannot take another's by sending the header itself.
	for i := 0; i < 3; i++ {
		if w := do(s, "GET", path, "127.0.0.1:40000", "X-Forwarded-For", "198.51.100.7"); w.Code != 200 {
			t.Fatalf("proxied client, request %d: %d", i, w.Code)
		}
	}
	if w := do(s, "GET", path, "127.0.0.1:40000", "X-Forwarded-For", "198.51.100.7"); w.Code != 429 {
		t.Errorf("proxied client over its burst: %d", w.Code)
	}
	if w := do(s, "GET", path, "127.0.0.1:40000", "X-Forwarded-For", "198.51.100.8"); w.Code != 200 {
		t.Errorf("another proxied client: %d", w.Code)
	}
	if w := do(s, "GET", path, "192.0.2.1:5000", "X-Forwarded-For", "198.51.100.9"); w.Code != 429 {
		t.Errorf("X-Forwarded-For from an untrusted peer was believed: %d", w.Code)
	}
	if m := do(s, "GET", "/metrics", "").Body.String(); !strings.Contains(m, "skillcircle_rate_limited_total 3") {
		t.Errorf("metrics miss the rate-limited requests")
	}
}

func TestRequestLimits(t *testing.T) {
	_, snap := server(t)
	s := api.New(snap, api.Options{Limits: api.Limits{MaxQueryBytes: 300, MaxParams: 25, RequestTimeout: time.Nanosecond}})
	tests := []struct {
		path   string
		status int
		code   string
	}{
		{"/v1/search?" + tianyi + "&q=" + strings.Repeat("x", 300), 400, "query_too_long"},
		{"/v1/search?" + tianyi + strings.Repeat("&mode=walk", 24), 400, "too_many_parameters"},
		{"/v1/search?" + tianyi, 503, "timeout"},
		{"/v1/search?" + tianyi + "&q=焊工", 503, "timeout"},
	}
	for _, tt := range tests {
		w := do(s, "GET", tt.path, "")
		if w.Code != tt.status || errorCode(t, w) != tt.code {
			t.Errorf("%.80s: %d %s, want %d %s", tt.path, w.Code, w.Body, tt.status, tt.code)
		}
		if tt.status == 503 && w.Header().Get("Retry-After") == "" {
			t.Errorf("%.80s: no Retry-After", tt.path)
		}
	}
}

// TestMiddlewareOnEveryRoute asks every route the server has, whatever
// engineer added it: each answer carries the security headers and is
// counted in the metrics under its route pattern.
func TestMiddlewareOnEveryRoute(t *testing.T) {
	_, snap := server(t)
	s := api.New(snap, api.Options{AdminToken: "a-token-long-enough-1234"})
	routes := s.Routes()
	for _, route := range routes {
		path := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(route, "X")
		w := do(s, "GET", path, "")
		h := w.Header()
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: headers %v", route, h)
		}
	}
	do(s, "GET", "/no/such/path", "")
	m := do(s, "GET", "/metrics", "").Body.String()
	for _, route := range routes {
		if route == "/metrics" {
			continue
		}
		echoRoute := regexp.MustCompile(`\{([^}]+)\}`).ReplaceAllString(route, ":$1")
		if !strings.Contains(m, `route="`+echoRoute+`"`) {
			t.Errorf("route %s is not in the metrics", echoRoute)
		}
	}
	if !strings.Contains(m, `method="GET",route="unmatched",status="404"`) {
		t.Error("unknown paths are not counted as unmatched")
	}
}

// expositionLine is one line of the Prometheus text format.
var expositionLine = regexp.MustCompile(`^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.e+Inf-]+)$`)

func TestMetrics(t *testing.T) {
	_, snap := server(t)
	s := api.New(snap, api.Options{})
	do(s, "GET", "/v1/search?"+tianyi+"&q=焊工", "")
	do(s, "GET", "/v1/search?"+tianyi+"&mode=ebike", "")
	do(s, "GET", "/v1/search?"+tianyi+"&mode=ebike", "")
	do(s, "GET", "/v1/search?lat=x", "")
	w := do(s, "GET", "/metrics", "")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("%d %s", w.Code, w.Header())
	}
	m := w.Body.String()
	for _, line := range strings.Split(strings.TrimSuffix(m, "\n"), "\n") {
		if !expositionLine.MatchString(line) {
			t.Errorf("not the exposition format: %q", line)
		}
	}
	// Labels are written in the order of their names.
	for _, want := range []string{
		`skillcircle_http_requests_total{method="GET",route="/v1/search",status="200"} 3`,
		`skillcircle_http_requests_total{method="GET",route="/v1/search",status="400"} 1`,
		`skillcircle_http_request_duration_seconds_count{method="GET",route="/v1/search",status="200"} 3`,
		`skillcircle_http_request_duration_seconds_bucket{method="GET",route="/v1/search",status="200",le="+Inf"} 3`,
		`skillcircle_searches_total{mode="walk",text="true"} 1`,
		`skillcircle_searches_total{mode="ebike",text="false"} 2`,
		`skillcircle_http_requests_in_flight 1`, // the scrape itself
		`skillcircle_rate_limited_total 0`,
		`skillcircle_snapshot_reloads_total{region="ningbo",result="ok"} 0`,
		`skillcircle_snapshot_reloads_total{region="ningbo",result="refused"} 0`,
		`skillcircle_snapshot_info{checksum="` + snap.Checksum() + `",format_version="` + strconv.Itoa(index.FormatVersion) + `",region="ningbo",region_name="宁波市"`,
		`skillcircle_snapshot_format_version{region="ningbo"} ` + strconv.Itoa(index.FormatVersion),
		`skillcircle_snapshot_courses{region="ningbo"} ` + strconv.Itoa(snap.Meta().Counts.Courses),
		"skillcircle_ready 1",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// The series a dashboard reads, each with its HELP and TYPE, and the
	// standard Go and process collectors.
	for _, name := range []string{
		"skillcircle_http_requests_total", "skillcircle_http_request_duration_seconds", "skillcircle_searches_total",
		"skillcircle_http_requests_in_flight", "skillcircle_rate_limited_total", "skillcircle_snapshot_reloads_total",
		"skillcircle_snapshot_info", "skillcircle_snapshot_format_version", "skillcircle_snapshot_built_timestamp_seconds",
		"skillcircle_snapshot_age_seconds", "skillcircle_snapshot_loaded_timestamp_seconds", "skillcircle_snapshot_courses",
		"skillcircle_ready", "go_goroutines", "process_cpu_seconds_total", "process_resident_memory_bytes",
	} {
		if !strings.Contains(m, "\n# HELP "+name+" ") || !strings.Contains(m, "\n# TYPE "+name+" ") {
			t.Errorf("metrics lack %s", name)
		}
	}
	now := time.Now()
	for name, want := range map[string]float64{
		`skillcircle_snapshot_built_timestamp_seconds{region="ningbo"}`:  float64(snap.Meta().BuiltAt.Unix()),
		`skillcircle_snapshot_loaded_timestamp_seconds{region="ningbo"}`: float64(s.SnapshotInfo().LoadedAt.Unix()),
		`skillcircle_snapshot_age_seconds{region="ningbo"}`:              now.Sub(snap.Meta().BuiltAt).Seconds(),
	} {
		if got := sampleValue(t, m, name); math.Abs(got-want) > 5 {
			t.Errorf("%s %v, want %v", name, got, want)
		}
	}
	// Buckets are cumulative.
	last := -1
	for _, line := range strings.Split(m, "\n") {
		if strings.HasPrefix(line, `skillcircle_http_request_duration_seconds_bucket{method="GET",route="/v1/search",status="200"`) {
			n, _ := strconv.Atoi(line[strings.LastIndex(line, " ")+1:])
			if n < last {
				t.Errorf("bucket falls: %s", line)
			}
			last = n
		}
	}
}

// sampleValue is the value of the series name (without labels) in page m.
func sampleValue(t *testing.T, m, name string) float64 {
	t.Helper()
	_, rest, ok := strings.Cut(m, "\n"+name+" ")
	if !ok {
		t.Fatalf("no series %s", name)
	}
	line, _, _ := strings.Cut(rest, "\n")
	v, err := strconv.ParseFloat(line, 64)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestMetricsPassPromtool has Prometheus's own checker read the page after
// some traffic, reloads and a refusal. Without promtool (Debian package
// prometheus) it skips, except under CI=true, where it fails: CI installs it.
func TestMetricsPassPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("promtool is not on PATH: CI installs it (apt-get install prometheus)")
		}
		t.Skip("promtool is not on PATH: apt-get install prometheus")
	}
	_, snap := server(t)
	s := api.New(snap, api.Options{Limits: api.Limits{RatePerSecond: 1, Burst: 1}})
	for _, path := range []string{"/v1/search?" + tianyi + "&q=焊工", "/v1/search?" + tianyi + "&mode=ebike", "/v1/courses/C00001", "/no/such/path"} {
		do(s, "GET", path, "192.0.2.1:1")
		do(s, "GET", path, "192.0.2.2:1")
	}
	w := do(s, "GET", "/metrics", "")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = w.Body
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// TestRequestLogPrivacy reads the request log as an operator would: it
// must not say where anyone is, nor hold what they typed.
func TestRequestLogPrivacy(t *testing.T) {
	_, snap := server(t)
	var buf bytes.Buffer
	s := api.New(snap, api.Options{RequestLog: slog.New(slog.NewJSONHandler(&buf, nil)),
		Limits: api.Limits{TrustedProxies: []string{"127.0.0.0/8"}}})
	gcj := geo.WGS84ToGCJ02(orb.Point{121.5503, 29.8730})
	requests := []string{
		"/v1/search?lat=29.8730&lng=121.5503&mode=walk&minutes=15&q=中山东路65号&family=manufacturing",
		"/v1/search?lat=" + ftoa(gcj[1]) + "&lng=" + ftoa(gcj[0]) + "&crs=gcj02&mode=bike",
		"/v1/search?lat=29.8730&lng=121.5503&family=中山东路65号",
		"/v1/search?lat=29.8730&lng=121.5503&address=中山东路65号&workplace=海天",
		"/v1/courses/C00001",
	}
	for _, r := range requests {
		do(s, "GET", r, "127.0.0.1:1", "X-Forwarded-For", "203.0.113.77")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != len(requests) {
		t.Fatalf("%d log lines for %d requests:\n%s", len(lines), len(requests), buf.String())
	}
	cell := geo.Cell(orb.Point{121.5503, 29.8730}, api.LogResolution).String()
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSON: %s", line)
		}
		for _, secret := range []string{"29.87", "121.55", ftoa(gcj[1])[:6], "中山东路", "海天", "203.0.113.77"} {
			if strings.Contains(line, secret) {
				t.Errorf("log line %d holds %q: %s", i, secret, line)
			}
		}
		if rec["client"] != "203.0.113.0/24" {
			t.Errorf("line %d: client %v", i, rec["client"])
		}
		if i < 4 && rec["cell"] != cell {
			t.Errorf("line %d: cell %v, want %s", i, rec["cell"], cell)
		}
	}
	var first, third, fifth map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[2]), &third)
	json.Unmarshal([]byte(lines[4]), &fifth)
	if p, _ := first["params"].(map[string]any); p["mode"] != "walk" || p["family"] != "manufacturing" || p["q"] != nil {
		t.Errorf("first line params %v", first["params"])
	}
	if third["status"] != float64(400) || third["params"] != nil {
		t.Errorf("a refused request logs its values: %s", lines[2])
	}
	if fifth["route"] != "/v1/courses/:id" {
		t.Errorf("route %v", fifth["route"])
	}
}
