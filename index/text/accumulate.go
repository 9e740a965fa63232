package text

import (
	"math/bits"
	"slices"
)

// A word's matches are the union of the posting lists of the fields that
// hold it, each course scored by the best of its lists: a common trade's
// at a hundred times the default catalogue (数控, 38,800 courses) are 116
// lists, 139,500 postings. They are gathered in a code per course of the
// whole catalogue (the place of its score among the word's few) with a
// bitmap of the courses touched, so that reading them back in course
// order and clearing them cost the matches, not the catalogue; the
// Matcher keeps them for the next text. A float per course allocated per
// word (5 MB at 641,600 courses) took more time than the matching, and
// its garbage made the slow searches slower; kept, it was a tenth slower
// than the codes. Merging the sorted lists a block of courses at a time
// took a quarter longer.

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

// accumulator holds one word's best score per course as a code: 1 + the
// score's place among the word's scores (ascending, so that the higher
// code is the higher score), 0 where none, with a bit for the bonus. Two
// bytes a course rather than a float's eight keep the 641,600 courses
// of a hundred times the default catalogue in the processor's cache.
type accumulator struct {
	code    []uint16
	touched []uint64  // a bit per course with a score
	values  []float64 // the word's scores, ascending: code-1 indexes them
	bonus   float64   // added to a score that has bonusBit
	wide    []float64 // the scores themselves, for a word with too many (gatherWide)
}

const (
	bonusBit  = 1 << 15
	maxValues = bonusBit - 1
)

// codeOf is the code of score v, one of a.values.
func (a *accumulator) codeOf(v float64) uint16 {
	i, _ := slices.BinarySearch(a.values, v)
	return uint16(i + 1)
}

// gather scores each course of lists by the best of those holding it,
// and adds the bonus score to those also in bonus lists (a course is in
// one title's list).
func (a *accumulator) gather(lists, bonus []scoredList) {
	a.values = a.values[:0]
	for _, l := range lists {
		if l.score > 0 {
			a.values = append(a.values, l.score)
		}
	}
	slices.Sort(a.values)
	if a.values = slices.Compact(a.values); len(a.values) > maxValues {
		a.gatherWide(lists, bonus) // more alternatives than any word has had by thousands
		return
	}
	for _, l := range lists {
		if l.score > 0 {
			a.raise(l.courses, a.codeOf(l.score))
		}
	}
	for _, l := range bonus {
		a.bonus = l.score
		a.addBonus(l.courses)
	}
}

// gatherWide is gather for more distinct scores than a code holds: the
// scores themselves, in a.wide until read back.
func (a *accumulator) gatherWide(lists, bonus []scoredList) {
	a.wide = make([]float64, len(a.code))
	for _, l := range lists {
		for _, c := range l.courses {
			if old := a.wide[c]; l.score > old {
				a.touched[c>>6] |= 1 << (c & 63)
				a.wide[c] = l.score
			}
		}
	}
	for _, l := range bonus {
		for _, c := range l.courses {
			if a.wide[c] > 0 {
				a.wide[c] += l.score
			}
		}
	}
}

// raise gives each of courses code, unless it has a higher one already.
func (a *accumulator) raise(courses []int32, code uint16) {
	for _, c := range courses {
		if old := a.code[c]; code > old {
			if old == 0 {
				a.touched[c>>6] |= 1 << (c & 63)
			}
			a.code[c] = code
		}
	}
}

// addBonus marks the courses of a bonus list that have a score.
func (a *accumulator) addBonus(courses []int32) {
	for _, c := range courses {
		if a.code[c] != 0 {
			a.code[c] |= bonusBit
		}
	}
}

// score is course c's score, 0 if none.
func (a *accumulator) score(c int32) float64 {
	if a.wide != nil {
		return a.wide[c]
	}
	code := a.code[c]
	if code == 0 {
		return 0
	}
	v := a.values[code&^bonusBit-1]
	if code&bonusBit != 0 {
		v += a.bonus
	}
	return v
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
			v := a.score(c)
			a.code[c] = 0
			fn(c, v)
		}
	}
	a.wide = nil
}

// scratch is what scoring a text works in: the accumulator, and the list
// of matches that later words narrow (kept too: a common trade's 38,800
// are written into memory already in use, not fresh pages).
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
	return newScratch(m.courses)
}

func newScratch(courses int) *scratch {
	s := &scratch{acc: accumulator{code: make([]uint16, courses), touched: make([]uint64, (courses+63)/64)}}
	clear(s.acc.code) // its pages touched now rather than by the first text asked
	return s
}

func (m *Matcher) giveBack(s *scratch) {
	s.matches = s.matches[:0]
	m.spare.Store(s)
}
