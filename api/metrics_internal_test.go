package api

import (
	"testing"
	"time"
)

// BenchmarkRequestMetrics is what the metrics cost a search request
// (observe counts and times it; the search is counted by mode), on every
// core at once, as under load.
func BenchmarkRequestMetrics(b *testing.B) {
	m := newServerMetrics(&Server{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.inFlight.Inc()
			m.inFlight.Dec()
			m.observe("/v1/search", "GET", 200, 800*time.Microsecond)
			m.search("walk", false)
		}
	})
}
