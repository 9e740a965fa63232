package index_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// workerTexts are queries as workers type them (a sample of the judged
// set): Chinese words, filter words, pinyin, initials, typos, traditional
// characters.
var workerTexts = []string{"电焊", "开叉车", "shukong", "CNC", "月嫂", "电工证", "老年人 智能手机", "周末 插花", "中级电工",
	"shukogn", "sk", "數控", "学做菜", "保姆", "exel", "仓储物流", "免费 电工", "yuesao", "育婴员高级", "修空调"}

// reportMedian times each call of op and reports the median as well as
// the mean that -bench prints: a few slow calls (GC, a shared machine)
// move the mean more than what a user usually sees.
func reportMedian(b *testing.B, op func(i int)) {
	b.Helper()
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		op(i)
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1e3, "median-µs")
}

func benchTextSearch(b *testing.B, mode geo.Mode, minutes int, cached bool) {
	cat, snap := ningboSnapshot(b)
	origins := benchOrigins(cat, 256)
	ctx := context.Background()
	reportMedian(b, func(i int) {
		if !cached {
			snap.ForgetTextMatches()
		}
		q := index.Query{Origin: origins[i%len(origins)], Mode: mode, Minutes: minutes, Text: workerTexts[i%len(workerTexts)]}
		if _, err := snap.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkSearchWorkerTextEBike15(b *testing.B)         { benchTextSearch(b, geo.EBike, 15, true) }
func BenchmarkSearchWorkerTextEBike15Uncached(b *testing.B) { benchTextSearch(b, geo.EBike, 15, false) }
func BenchmarkSearchWorkerTextWalk15Uncached(b *testing.B)  { benchTextSearch(b, geo.Walk, 15, false) }
func BenchmarkSearchWorkerTextDrive30Uncached(b *testing.B) { benchTextSearch(b, geo.Drive, 30, false) }

// suggestPrefixes are what people have typed after a key or two.
var suggestPrefixes = []string{"数", "数控", "shu", "shuk", "sk", "dian", "电工", "焊", "yy", "月", "插花", "jiang", "姜山", "育婴", "chach", "老年", "cnc", "茶", "z", "宁波"}

func BenchmarkSuggest(b *testing.B) {
	_, snap := ningboSnapshot(b)
	reportMedian(b, func(i int) {
		if _, err := snap.Suggest(suggestPrefixes[i%len(suggestPrefixes)], 0); err != nil {
			b.Fatal(err)
		}
	})
}
