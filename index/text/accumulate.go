package text

import "math/bits"

// A word's matches are the union of the posting lists of the fields that
// hold it, each course scored by the best of its lists: a common trade's
// at a hundred times the default catalogue (数控, 38,800 courses) are 116
// lists, 139,500 postings. They are gathered in a score per course of the
// whole catalogue with a bitmap of the courses touched, so that reading
// them back (in course order) and clearing them cost the matches, not the
// catalogue; the Matcher keeps it for the next text. Allocated per word
// (5 MB at 641,600 courses), it took more time than the matching, and its
// garbage made the slow searches slower. Merging the sorted lists a block
// of courses at a time, in a block's scores that stay in the processor's
// cache, took a quarter longer than this.

// Match is a course a text matched and its score.
type Match struct {
	Course int32
	Score  Score
}

// scoredList is a field's courses (in order) and the score it gives them.
type scoredList struct {
	courses []int32
	score   float64
}

// accumulator holds one word's best score per course, zero where none.
type accumulator struct {
	score   []float64
	touched []uint64 // a bit per course with a score
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

// add adds v to the score of each of courses that has one.
func (a *accumulator) add(courses []int32, v float64) {
	for _, c := range courses {
		if a.score[c] > 0 {
			a.score[c] += v
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

// scratch is what scoring a text works in: the accumulator, and the list
// of matches (grown a match at a time, a common trade's cost four times
// their size in copies).
type scratch struct {
	acc     accumulator
	matches []Match
}

// takeScratch lends the matcher's scratch (a new one when another search
// holds it); giveBack returns it, cleared.
func (m *Matcher) takeScratch() *scratch {
	if s := m.spare.Swap(nil); s != nil {
		return s
	}
	return &scratch{acc: accumulator{score: make([]float64, m.courses), touched: make([]uint64, (m.courses+63)/64)}}
}

func (m *Matcher) giveBack(s *scratch) {
	s.matches = s.matches[:0]
	m.spare.Store(s)
}
