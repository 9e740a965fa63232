package index_test

import (
	"sort"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/index/geocode"
)

// BenchmarkGeocode geocodes the test table's inputs in turn (addresses,
// names, pinyin, English, outside and nonsense) and reports the median
// and 99th percentile of one query's time besides the mean.
func BenchmarkGeocode(b *testing.B) {
	_, snap := ningboSnapshot(b)
	qs := make([]string, len(geocodeCases))
	for i, c := range geocodeCases {
		qs[i] = c.q
	}
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		snap.Geocode(qs[i%len(qs)], geocode.Options{})
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkOpenGazetteer is what building the gazetteer's indexes adds
// to opening a snapshot.
func BenchmarkOpenGazetteer(b *testing.B) {
	_, snap := ningboSnapshot(b)
	entries := snap.Gazetteer().Entries()
	names, err := geocode.Derive(entries)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("derived", func(b *testing.B) { // New: what Open did before format 8
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := geocode.New(entries); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stored", func(b *testing.B) { // the names stored in the snapshot: what Open does
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := geocode.NewWithNames(entries, names); err != nil {
				b.Fatal(err)
			}
		}
	})
}
