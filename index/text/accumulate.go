package text

import (
	"math/bits"
	"sync/atomic"
)

// A word's matches are gathered course by course from the posting lists
// of the fields that hold it: a common trade's at a hundred times the
// default catalogue (数控, 38,800 courses) are a few hundred lists,
// touched 150,000 times. A score per course of the whole catalogue is
// the cheapest place to take the best of them, but allocating one per
// word (5 MB at 641,600 courses) and reading all of it back cost more
// than the matching, and its garbage made the slow searches slower: the
// scores are kept for the next word and text, with a bitmap of the
// courses touched, so that reading them back (in course order) and
// clearing them cost the matches, not the catalogue.

// Match is a course a text matched and its score.
type Match struct {
	Course int32
	Score  Score
}

// accumulator holds one word's best score per course, zero where none.
type accumulator struct {
	score   []float64
	touched []uint64 // a bit per course with a score
}

func newAccumulator(courses int) *accumulator {
	return &accumulator{score: make([]float64, courses), touched: make([]uint64, (courses+63)/64)}
}

// raise scores each of courses v, unless it has more already.
func (a *accumulator) raise(courses []int32, v float64) {
	for _, c := range courses {
		if old := a.score[c]; v > old {
			if old == 0 {
				a.touched[c>>6] |= 1 << (c & 63)
			}
			a.score[c] = v
		}
	}
}

// count is how many courses have a score.
func (a *accumulator) count() int {
	n := 0
	for _, word := range a.touched {
		n += bits.OnesCount64(word)
	}
	return n
}

// each calls fn with every course scored and its score, in course order,
// and clears them.
func (a *accumulator) each(fn func(course int32, v float64)) {
	for w, word := range a.touched {
		if word == 0 {
			continue
		}
		a.touched[w] = 0
		for ; word != 0; word &= word - 1 {
			c := int32(w<<6 + bits.TrailingZeros64(word))
			v := a.score[c]
			a.score[c] = 0
			fn(c, v)
		}
	}
}

// takeAccumulator lends the matcher's accumulator (a new one when
// another search holds it); giveBack returns it, cleared.
func (m *Matcher) takeAccumulator() *accumulator {
	if a := m.spare.Swap(nil); a != nil {
		return a
	}
	return newAccumulator(m.courses)
}

func (m *Matcher) giveBack(a *accumulator) { m.spare.Store(a) }

// spareAccumulator is the one accumulator a Matcher keeps between words.
type spareAccumulator = atomic.Pointer[accumulator]
