package text

import (
	"math/rand/v2"
	"testing"
)

// TestAccumulatorAgrees checks the accumulator's codes against scores
// kept as floats: each course's best score in the lists, plus the bonus
// where a bonus list holds it, read back in course order; with a few
// distinct scores (codes) and with more than a code holds (gatherWide).
func TestAccumulatorAgrees(t *testing.T) {
	const courses = 5000
	rng := rand.New(rand.NewPCG(1, 2))
	for _, distinct := range []int{1, 7, maxValues + 10} {
		var lists, bonus []scoredList
		for i := range distinct + 40 {
			l := scoredList{score: float64(i%distinct+1) / 7}
			if i >= distinct && i%9 == 0 {
				l.score = 0 // a weight of nothing scores nothing
			}
			for c := int32(rng.IntN(50)); c < courses; c += int32(1 + rng.IntN(400)) {
				l.courses = append(l.courses, c)
			}
			lists = append(lists, l)
		}
		for c := int32(0); c < courses; c += 3 {
			bonus = append(bonus, scoredList{courses: []int32{c}, score: scoreLiteralTitle})
		}
		want := map[int32]float64{}
		for _, l := range lists {
			for _, c := range l.courses {
				if l.score > want[c] {
					want[c] = l.score
				}
			}
		}
		for _, l := range bonus {
			for _, c := range l.courses {
				if want[c] > 0 {
					want[c] += l.score
				}
			}
		}
		a := &accumulator{code: make([]uint16, courses), touched: make([]uint64, (courses+63)/64)}
		for range 2 { // and again, as cleared
			a.gather(lists, bonus)
			if wide := a.wide != nil; wide != (distinct > maxValues) {
				t.Errorf("%d scores: kept as floats %v", distinct, wide)
			}
			if n := a.count(); n != countPositive(want) {
				t.Errorf("%d scores: count %d, want %d", distinct, n, countPositive(want))
			}
			last := int32(-1)
			a.each(func(c int32, v float64) {
				if c <= last {
					t.Fatalf("%d scores: course %d after %d", distinct, c, last)
				}
				last = c
				if v != want[c] {
					t.Errorf("%d scores: course %d scored %v, want %v", distinct, c, v, want[c])
				}
			})
		}
	}
}

func countPositive(m map[int32]float64) int {
	n := 0
	for _, v := range m {
		if v > 0 {
			n++
		}
	}
	return n
}
