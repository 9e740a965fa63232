package api

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// The metrics are kept in atomics and written in the Prometheus text
// exposition format (version 0.0.4) at /metrics.

// latencyBounds are the histogram's upper bounds, in seconds: searches
// take well under a millisecond to a few, and the timeout is seconds.
var latencyBounds = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type requestKey struct {
	route, method string
	status        int
}

type requestSeries struct {
	count   atomic.Uint64
	sumNano atomic.Uint64
	buckets []atomic.Uint64 // one per bound, not cumulative
}

type searchKey struct {
	mode string
	text bool
}

type serverMetrics struct {
	mu       sync.RWMutex
	requests map[requestKey]*requestSeries
	searches map[searchKey]*atomic.Uint64

	inFlight      atomic.Int64
	rateLimited   atomic.Uint64
	reloadsOK     atomic.Uint64
	reloadsFailed atomic.Uint64
}

func newServerMetrics() *serverMetrics {
	return &serverMetrics{requests: map[requestKey]*requestSeries{}, searches: map[searchKey]*atomic.Uint64{}}
}

func (m *serverMetrics) observe(route, method string, status int, d time.Duration) {
	k := requestKey{route, method, status}
	m.mu.RLock()
	s := m.requests[k]
	m.mu.RUnlock()
	if s == nil {
		m.mu.Lock()
		if s = m.requests[k]; s == nil {
			s = &requestSeries{buckets: make([]atomic.Uint64, len(latencyBounds))}
			m.requests[k] = s
		}
		m.mu.Unlock()
	}
	s.count.Add(1)
	s.sumNano.Add(uint64(d))
	secs := d.Seconds()
	for i, b := range latencyBounds {
		if secs <= b {
			s.buckets[i].Add(1)
			break
		}
	}
}

// search counts one answered search.
func (m *serverMetrics) search(mode string, text bool) {
	k := searchKey{mode, text}
	m.mu.RLock()
	c := m.searches[k]
	m.mu.RUnlock()
	if c == nil {
		m.mu.Lock()
		if c = m.searches[k]; c == nil {
			c = new(atomic.Uint64)
			m.searches[k] = c
		}
		m.mu.Unlock()
	}
	c.Add(1)
}

func (s *Server) metricsPage(c echo.Context) error {
	var b strings.Builder
	s.writeMetrics(&b, time.Now())
	return c.Blob(http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", []byte(b.String()))
}

func (s *Server) writeMetrics(w io.Writer, now time.Time) {
	m := s.metrics
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }

	m.mu.RLock()
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	p("# HELP skillcircle_http_requests_total Requests answered, by route (the path pattern), method and status.\n")
	p("# TYPE skillcircle_http_requests_total counter\n")
	for _, k := range keys {
		p("skillcircle_http_requests_total{%s} %d\n", k.labels(), m.requests[k].count.Load())
	}
	p("# HELP skillcircle_http_request_duration_seconds Time to answer a request, by route, method and status.\n")
	p("# TYPE skillcircle_http_request_duration_seconds histogram\n")
	for _, k := range keys {
		s := m.requests[k]
		count := s.count.Load() // read first: buckets never fall behind it by much, and never exceed it
		var cum uint64
		for i, bound := range latencyBounds {
			cum += s.buckets[i].Load()
			p("skillcircle_http_request_duration_seconds_bucket{%s,le=\"%s\"} %d\n", k.labels(), formatFloat(bound), min(cum, count))
		}
		p("skillcircle_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", k.labels(), count)
		p("skillcircle_http_request_duration_seconds_sum{%s} %s\n", k.labels(), formatFloat(float64(s.sumNano.Load())/1e9))
		p("skillcircle_http_request_duration_seconds_count{%s} %d\n", k.labels(), count)
	}
	skeys := make([]searchKey, 0, len(m.searches))
	for k := range m.searches {
		skeys = append(skeys, k)
	}
	sort.Slice(skeys, func(i, j int) bool {
		if skeys[i].mode != skeys[j].mode {
			return skeys[i].mode < skeys[j].mode
		}
		return !skeys[i].text && skeys[j].text
	})
	p("# HELP skillcircle_searches_total Searches answered, by travel mode and whether they had text (q).\n")
	p("# TYPE skillcircle_searches_total counter\n")
	for _, k := range skeys {
		p("skillcircle_searches_total{mode=\"%s\",text=\"%t\"} %d\n", escapeLabel(k.mode), k.text, m.searches[k].Load())
	}
	m.mu.RUnlock()

	p("# HELP skillcircle_http_requests_in_flight Requests being answered now.\n")
	p("# TYPE skillcircle_http_requests_in_flight gauge\n")
	p("skillcircle_http_requests_in_flight %d\n", m.inFlight.Load())
	p("# HELP skillcircle_rate_limited_total Requests refused with 429 because their client was over its rate.\n")
	p("# TYPE skillcircle_rate_limited_total counter\n")
	p("skillcircle_rate_limited_total %d\n", m.rateLimited.Load())
	p("# HELP skillcircle_snapshot_reloads_total Snapshot reloads, by result: ok, or refused (the old snapshot kept serving).\n")
	p("# TYPE skillcircle_snapshot_reloads_total counter\n")
	p("skillcircle_snapshot_reloads_total{result=\"ok\"} %d\n", m.reloadsOK.Load())
	p("skillcircle_snapshot_reloads_total{result=\"refused\"} %d\n", m.reloadsFailed.Load())

	info := s.SnapshotInfo()
	p("# HELP skillcircle_snapshot_info The snapshot being served; the value is always 1.\n")
	p("# TYPE skillcircle_snapshot_info gauge\n")
	p("skillcircle_snapshot_info{format_version=\"%d\",checksum=\"%s\",source_checksum=\"%s\",region=\"%s\"} 1\n",
		info.FormatVersion, escapeLabel(info.Checksum), escapeLabel(info.SourceChecksum), escapeLabel(info.Region))
	p("# HELP skillcircle_snapshot_format_version Format version of the snapshot being served.\n")
	p("# TYPE skillcircle_snapshot_format_version gauge\n")
	p("skillcircle_snapshot_format_version %d\n", info.FormatVersion)
	p("# HELP skillcircle_snapshot_built_timestamp_seconds When the snapshot being served was built (Unix time).\n")
	p("# TYPE skillcircle_snapshot_built_timestamp_seconds gauge\n")
	p("skillcircle_snapshot_built_timestamp_seconds %d\n", info.BuiltAt.Unix())
	p("# HELP skillcircle_snapshot_age_seconds How long ago the snapshot being served was built.\n")
	p("# TYPE skillcircle_snapshot_age_seconds gauge\n")
	p("skillcircle_snapshot_age_seconds %s\n", formatFloat(now.Sub(info.BuiltAt).Seconds()))
	p("# HELP skillcircle_snapshot_loaded_timestamp_seconds When the snapshot being served was loaded (Unix time).\n")
	p("# TYPE skillcircle_snapshot_loaded_timestamp_seconds gauge\n")
	p("skillcircle_snapshot_loaded_timestamp_seconds %d\n", info.LoadedAt.Unix())
	p("# HELP skillcircle_snapshot_courses Courses in the snapshot being served.\n")
	p("# TYPE skillcircle_snapshot_courses gauge\n")
	p("skillcircle_snapshot_courses %d\n", info.Courses)
	ready := 0
	if s.Ready() {
		ready = 1
	}
	p("# HELP skillcircle_ready 1 when /readyz answers 200: a checked snapshot is loaded and the server is not draining.\n")
	p("# TYPE skillcircle_ready gauge\n")
	p("skillcircle_ready %d\n", ready)

	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	metrics.Read(samples)
	p("# HELP go_goroutines Goroutines that currently exist.\n")
	p("# TYPE go_goroutines gauge\n")
	p("go_goroutines %d\n", runtime.NumGoroutine())
	p("# HELP go_heap_objects_bytes Memory held by live and not yet swept heap objects.\n")
	p("# TYPE go_heap_objects_bytes gauge\n")
	p("go_heap_objects_bytes %d\n", sampleUint(samples[0]))
	p("# HELP go_memory_total_bytes Memory mapped by the Go runtime.\n")
	p("# TYPE go_memory_total_bytes gauge\n")
	p("go_memory_total_bytes %d\n", sampleUint(samples[1]))
}

func sampleUint(s metrics.Sample) uint64 {
	if s.Value.Kind() == metrics.KindUint64 {
		return s.Value.Uint64()
	}
	return 0
}

func (k requestKey) labels() string {
	return fmt.Sprintf("route=\"%s\",method=\"%s\",status=\"%d\"", escapeLabel(k.route), escapeLabel(k.method), k.status)
}

// escapeLabel escapes a label value as the text format requires.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
