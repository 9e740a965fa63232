package api

import (
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The metrics live in a registry of the server's own (tests make many
// servers in one process, which the global registry would refuse), served
// by promhttp at /metrics beside the standard go_ and process_ collectors.

// latencyBounds are the histogram's upper bounds, in seconds: searches
// take well under a millisecond to a few, and the timeout is seconds.
var latencyBounds = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type requestKey struct {
	route, method string
	status        int
}

// requestSeries are one requestKey's children of the request vectors,
// kept so that a request does not hash its labels again.
type requestSeries struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

type searchKey struct {
	mode string
	text bool
}

type serverMetrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	searches *prometheus.CounterVec
	series   sync.Map // requestKey -> *requestSeries
	searched sync.Map // searchKey -> prometheus.Counter

	inFlight     prometheus.Gauge
	rateLimited  prometheus.Counter
	reloads      *prometheus.CounterVec
	follow       *prometheus.CounterVec
	answerHits   prometheus.Counter
	answerMisses prometheus.Counter
}

func newServerMetrics(s *Server) *serverMetrics {
	reloads := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "skillcircle_snapshot_reloads_total",
		Help: "Snapshot reloads, by region and result: ok, or refused (the old snapshot kept serving).",
	}, []string{"region", "result"})
	m := &serverMetrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillcircle_http_requests_total",
			Help: "Requests answered, by route (the path pattern), method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "skillcircle_http_request_duration_seconds",
			Help:    "Time to answer a request, by route, method and status.",
			Buckets: latencyBounds,
		}, []string{"route", "method", "status"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillcircle_searches_total",
			Help: "Searches answered, by travel mode and whether they had text (q).",
		}, []string{"mode", "text"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "skillcircle_http_requests_in_flight",
			Help: "Requests being answered now.",
		}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "skillcircle_rate_limited_total",
			Help: "Requests refused with 429 because their client was over its rate.",
		}),
		reloads: reloads,
		follow: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillcircle_snapshot_follow_total",
			Help: "Polls of the followed snapshot (serve --follow), by region and result: ok (a new snapshot is served), unchanged, failed (fetch or reload), bad_checksum (the download was thrown away).",
		}, []string{"region", "result"}),
	}
	for _, rg := range s.regions {
		reloads.WithLabelValues(rg.id, "ok")
		reloads.WithLabelValues(rg.id, "refused")
		for _, r := range FollowResults {
			m.follow.WithLabelValues(rg.id, r)
		}
	}
	answers := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "skillcircle_answer_cache_total",
		Help: "Requests to routes whose answers are kept (server.answer_cache_mb), by result: hit (answered from the cache) or miss.",
	}, []string{"result"})
	m.answerHits, m.answerMisses = answers.WithLabelValues("hit"), answers.WithLabelValues("miss")
	ready := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "skillcircle_ready",
		Help: "1 when /readyz answers 200: a checked snapshot is loaded and the server is not draining.",
	}, func() float64 {
		if s.Ready() {
			return 1
		}
		return 0
	})
	m.registry.MustRegister(m.requests, m.duration, m.searches, m.inFlight, m.rateLimited, reloads, m.follow, ready, answers,
		snapshotCollector{s}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// FollowResults are the results CountFollow counts (follow.Result's values).
var FollowResults = []string{"ok", "unchanged", "failed", "bad_checksum"}

// CountFollow counts one poll of a region's followed snapshot by its
// result, one of FollowResults; other values and regions are ignored.
func (s *Server) CountFollow(region, result string) {
	rg := s.regionNamed(region)
	for _, r := range FollowResults {
		if r == result && rg != nil {
			s.metrics.follow.WithLabelValues(rg.id, r).Inc()
			return
		}
	}
}

// reload counts one reload of a region: ok or refused.
func (m *serverMetrics) reload(region, result string) {
	m.reloads.WithLabelValues(region, result).Inc()
}

// observe counts and times one answered request.
func (m *serverMetrics) observe(route, method string, status int, d time.Duration) {
	k := requestKey{route, method, status}
	v, ok := m.series.Load(k)
	if !ok {
		labels := []string{route, method, strconv.Itoa(status)}
		v, _ = m.series.LoadOrStore(k, &requestSeries{
			count: m.requests.WithLabelValues(labels...), duration: m.duration.WithLabelValues(labels...)})
	}
	rs := v.(*requestSeries)
	rs.count.Inc()
	rs.duration.Observe(d.Seconds())
}

// search counts one answered search.
func (m *serverMetrics) search(mode string, text bool) {
	k := searchKey{mode, text}
	v, ok := m.searched.Load(k)
	if !ok {
		v, _ = m.searched.LoadOrStore(k, m.searches.WithLabelValues(mode, strconv.FormatBool(text)))
	}
	v.(prometheus.Counter).Inc()
}

// metricsHandler serves the registry in whichever format the scraper
// asks for (the text format by default).
func (s *Server) metricsHandler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{
		ErrorLog: promLogger{s.log},
		// A collector that fails leaves out its own series, not the page.
		ErrorHandling: promhttp.ContinueOnError,
	}))
}

// promLogger hands promhttp's errors to the server's log.
type promLogger struct{ log *slog.Logger }

func (l promLogger) Println(v ...any) { l.log.Error("serving /metrics", "err", fmt.Sprint(v...)) }

// snapshotCollector reads the snapshot being served at each scrape, so
// that a reload shows at once and the series agree with one another.
type snapshotCollector struct{ s *Server }

var (
	snapshotInfoDesc = prometheus.NewDesc("skillcircle_snapshot_info",
		"The snapshot each region serves (region: its id); the value is always 1.",
		[]string{"region", "region_name", "format_version", "checksum", "source_checksum"}, nil)
	snapshotFormatDesc = prometheus.NewDesc("skillcircle_snapshot_format_version",
		"Format version of the snapshot each region serves.", []string{"region"}, nil)
	snapshotBuiltDesc = prometheus.NewDesc("skillcircle_snapshot_built_timestamp_seconds",
		"When the snapshot each region serves was built (Unix time).", []string{"region"}, nil)
	snapshotAgeDesc = prometheus.NewDesc("skillcircle_snapshot_age_seconds",
		"How long ago the snapshot each region serves was built.", []string{"region"}, nil)
	snapshotLoadedDesc = prometheus.NewDesc("skillcircle_snapshot_loaded_timestamp_seconds",
		"When the snapshot each region serves was loaded (Unix time).", []string{"region"}, nil)
	snapshotCoursesDesc = prometheus.NewDesc("skillcircle_snapshot_courses",
		"Courses in the snapshot each region serves.", []string{"region"}, nil)
)

func (snapshotCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{snapshotInfoDesc, snapshotFormatDesc, snapshotBuiltDesc,
		snapshotAgeDesc, snapshotLoadedDesc, snapshotCoursesDesc} {
		ch <- d
	}
}

func (c snapshotCollector) Collect(ch chan<- prometheus.Metric) {
	for _, rg := range c.s.regions {
		info := rg.cur.Load().info
		gauge := func(d *prometheus.Desc, v float64, labels ...string) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, append([]string{rg.id}, labels...)...)
		}
		gauge(snapshotInfoDesc, 1, info.Region, strconv.Itoa(info.FormatVersion), info.Checksum, info.SourceChecksum)
		gauge(snapshotFormatDesc, float64(info.FormatVersion))
		gauge(snapshotBuiltDesc, float64(info.BuiltAt.Unix()))
		gauge(snapshotAgeDesc, time.Since(info.BuiltAt).Seconds())
		gauge(snapshotLoadedDesc, float64(info.LoadedAt.Unix()))
		gauge(snapshotCoursesDesc, float64(info.Courses))
	}
}
