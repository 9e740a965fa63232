package text

import "testing"

// BenchmarkMatchWords measures reading and matching a worker's words,
// without the cache and without travel times.
func BenchmarkMatchWords(b *testing.B) {
	m := ningboMatcher(b)
	texts := []string{"电焊", "开叉车", "shukong", "cnc", "月嫂", "电工证", "老年人 智能手机", "周末 插花", "中级电工",
		"shukogn", "sk", "数控", "学做菜", "保姆", "exel", "仓储物流", "免费 电工", "yuesao", "育婴员高级", "修空调"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Score(Understand(texts[i%len(texts)]))
	}
}
