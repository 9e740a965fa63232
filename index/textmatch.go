package index

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index/zh"
)

// Text matching runs in memory over the catalogue's distinct strings: the
// 100-odd trade names, 1,500 titles, 580 description sentences and 190
// institution names of the Ningbo catalogue, each folded once (zh.Fold)
// and mapped to its courses. A query word and each of its alternatives
// (synonyms, the Chinese its pinyin spells, a corrected spelling) is
// looked up as a substring of those strings; a word of three or more
// characters that is nowhere a substring may still match by its
// character bigrams (two thirds of them present, as "数据标注" in
// "数据采集与标注"). See README, "Text search", for the measurements
// behind these choices.

// Match scores: where an alternative is found, before its weight.
const (
	scoreTradeExact    = 10 // the course's trade is the word
	scoreTradeContains = 7  // the trade contains it (电工 in 低压电工)
	scoreTitle         = 6  // the title contains it
	scoreTitlePartial  = 3  // two thirds of its bigrams are in the title
	scoreDescription   = 2  // a description sentence or the institution's name contains it
	scoreDescPartial   = 1
)

// Weights of alternatives found through romanization or correction.
const (
	weightPinyin   = 0.95 // the full pinyin of a word (shukong: 数控)
	weightPrefix   = 0.9  // of the word's first characters (shukong: 数控车工)
	weightInitials = 0.8  // its initials (sk: 数控)
	weightCorrect  = 0.9  // a spelling one letter away (shukogn: shukong)
)

// textField is one distinct folded string and the courses it belongs to.
type textField struct {
	text    string
	courses []int32
}

// textScore is a course's relevance to a query's words, and whether every
// word matched its trade or title exactly (such courses rank first).
type textScore struct {
	rel   float64
	exact bool
}

// matcher answers text queries over one snapshot's courses.
type matcher struct {
	courses  int
	trades   []textField
	titles   []textField
	sentence []textField
	insts    []textField
	syn      synonyms
	// romanized maps a pinyin spelling (full or initials) or a Latin word
	// to the catalogue words it stands for.
	romanized map[string][]alternative
	// spellings are the Latin keys a mistyped word may be corrected to.
	spellings []string
}

func newMatcher(courses []data.Course, insts []data.Institution, courseInst []int32) *matcher {
	m := &matcher{courses: len(courses), syn: defaultSynonyms(), romanized: map[string][]alternative{}}
	trades, titles, sentences, instNames := map[string][]int32{}, map[string][]int32{}, map[string][]int32{}, map[string][]int32{}
	for i := range courses {
		c, ci := &courses[i], int32(i)
		trades[zh.Fold(c.Trade)] = append(trades[zh.Fold(c.Trade)], ci)
		titles[zh.Fold(c.Title)] = append(titles[zh.Fold(c.Title)], ci)
		for _, s := range strings.Split(zh.Fold(c.Description), "。") {
			if s = strings.TrimSpace(s); s != "" {
				sentences[s] = append(sentences[s], ci)
			}
		}
		in := &insts[courseInst[i]]
		name := zh.Fold(in.Name + " " + in.ShortName)
		instNames[name] = append(instNames[name], ci)
	}
	m.trades, m.titles, m.sentence, m.insts = fields(trades), fields(titles), fields(sentences), fields(instNames)

	// Romanized vocabulary: trade names and the synonym list's words, and
	// the leading characters of each (数控 of 数控车工), by full pinyin
	// and by initials; Latin words of the catalogue as they are.
	words := map[string]bool{}
	for t := range trades {
		words[t] = true
	}
	for w, alts := range m.syn {
		words[w] = true
		for _, a := range alts {
			words[a.Word] = true
		}
	}
	for w := range words {
		if !hasHan(w) {
			continue
		}
		runes := []rune(w)
		for k := 2; k <= len(runes); k++ {
			prefix := string(runes[:k])
			weight := weightPrefix
			if k == len(runes) {
				weight = weightPinyin
			}
			m.addRomanized(zh.Pinyin(prefix), prefix, weight)
			if ini := zh.Initials(prefix); len(ini) >= 2 {
				m.addRomanized(ini, prefix, weightInitials)
			}
		}
	}
	spell := map[string]bool{}
	for _, fs := range [][]textField{m.titles, m.sentence} {
		for _, f := range fs {
			for _, w := range strings.FieldsFunc(f.text, func(r rune) bool { return !isLatinRune(r) }) {
				if len(w) >= 2 && strings.IndexFunc(w, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0 {
					spell[w] = true
				}
			}
		}
	}
	for w := range m.syn {
		if isLatinWord(w) {
			spell[w] = true
		}
	}
	for k, alts := range m.romanized {
		if len(alts) > 0 && alts[0].Weight > weightInitials {
			spell[k] = true
		}
	}
	for w := range spell {
		m.spellings = append(m.spellings, w)
	}
	sort.Strings(m.spellings)
	return m
}

func fields(m map[string][]int32) []textField {
	out := make([]textField, 0, len(m))
	for t, cs := range m {
		out = append(out, textField{t, cs})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].text < out[j].text })
	return out
}

func (m *matcher) addRomanized(key, word string, weight float64) {
	if key == "" || key == word {
		return
	}
	alts := m.romanized[key]
	for i := range alts {
		if alts[i].Word == word {
			alts[i].Weight = max(alts[i].Weight, weight)
			return
		}
	}
	m.romanized[key] = append(alts, alternative{word, weight})
}

func hasHan(s string) bool { return strings.IndexFunc(s, zh.IsHan) >= 0 }

func isLatinRune(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') }

func isLatinWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !isLatinRune(r) }) < 0
}

// resolve lists what a folded query word may mean: itself, its synonyms,
// and for a Latin word the Chinese words it spells in pinyin; a Latin word
// that means nothing is corrected to a known spelling one letter away.
func (m *matcher) resolve(word string) (alts []alternative, corrected string) {
	add := func(w string, weight float64) {
		for i := range alts {
			if alts[i].Word == w {
				alts[i].Weight = max(alts[i].Weight, weight)
				return
			}
		}
		alts = append(alts, alternative{w, weight})
	}
	expand := func(w string, weight float64) {
		add(w, weight)
		for _, a := range m.syn[w] {
			add(a.Word, a.Weight*weight)
		}
	}
	expand(word, 1)
	if !isLatinWord(word) {
		return alts, ""
	}
	for _, r := range m.romanized[word] {
		expand(r.Word, r.Weight)
	}
	if len(alts) > 1 || len(word) < 4 || m.anywhere(word) {
		return alts, ""
	}
	if c := m.correct(word); c != "" {
		sub, _ := m.resolve(c)
		for _, a := range sub {
			add(a.Word, a.Weight*weightCorrect)
		}
		return alts, c
	}
	return alts, ""
}

// anywhere reports whether w is a substring of any course text.
func (m *matcher) anywhere(w string) bool {
	for _, fs := range [][]textField{m.trades, m.titles, m.sentence, m.insts} {
		for i := range fs {
			if strings.Contains(fs[i].text, w) {
				return true
			}
		}
	}
	return false
}

// correct returns the known spelling one edit (insertion, deletion,
// substitution or swap of neighbours) from w, or "" if none is.
func (m *matcher) correct(w string) string {
	for _, s := range m.spellings {
		if abs(len(s)-len(w)) <= 1 && editDistanceAtMost1(w, s) {
			return s
		}
	}
	return ""
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistanceAtMost1 reports whether a and b (ASCII) are at most one
// insertion, deletion, substitution or adjacent swap apart.
func editDistanceAtMost1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch {
	case i == len(a):
		return len(b)-len(a) <= 1
	case len(a) == len(b):
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swap
	case len(b)-len(a) == 1:
		return a[i:] == b[i+1:] // insertion
	}
	return false
}

// score matches every word of u against the courses; a course must match
// every word. It fills u.Terms' meanings and corrections.
func (m *matcher) score(u *Understood) map[int32]textScore {
	var total []float64
	var exact []bool
	for ti := range u.Terms {
		term := &u.Terms[ti]
		alts, corrected := m.resolve(term.Word)
		term.Corrected = corrected
		for _, a := range alts[1:] {
			term.Means = append(term.Means, a.Word)
		}
		sc := make([]float64, m.courses)
		if !m.scoreAlternatives(alts, sc, false) {
			m.scoreAlternatives(alts, sc, true)
		}
		if total == nil {
			total, exact = sc, make([]bool, m.courses)
			for i, v := range sc {
				exact[i] = v >= scoreTitle
			}
			continue
		}
		for i, v := range sc {
			if v == 0 || total[i] == 0 {
				total[i] = 0
				continue
			}
			total[i] += v
			exact[i] = exact[i] && v >= scoreTitle
		}
	}
	out := map[int32]textScore{}
	for i, v := range total {
		if v > 0 {
			out[int32(i)] = textScore{rel: v, exact: exact[i]}
		}
	}
	return out
}

// scoreAlternatives sets sc[course] to the best weighted score of any
// alternative; partial matches by bigrams only when asked. It reports
// whether anything matched.
func (m *matcher) scoreAlternatives(alts []alternative, sc []float64, partial bool) bool {
	found := false
	set := func(cs []int32, v float64) {
		found = true
		for _, c := range cs {
			if v > sc[c] {
				sc[c] = v
			}
		}
	}
	for _, a := range alts {
		if !partial {
			for i := range m.trades {
				if f := &m.trades[i]; f.text == a.Word {
					set(f.courses, scoreTradeExact*a.Weight)
				} else if strings.Contains(f.text, a.Word) {
					set(f.courses, scoreTradeContains*a.Weight)
				}
			}
			m.scoreField(m.titles, a, scoreTitle, sc, set, strings.Contains)
			m.scoreField(m.sentence, a, scoreDescription, sc, set, strings.Contains)
			m.scoreField(m.insts, a, scoreDescription, sc, set, strings.Contains)
			continue
		}
		if utf8.RuneCountInString(a.Word) < 3 || !hasHan(a.Word) {
			continue
		}
		m.scoreField(m.titles, a, scoreTitlePartial, sc, set, bigramsMostlyIn)
		m.scoreField(m.sentence, a, scoreDescPartial, sc, set, bigramsMostlyIn)
	}
	return found
}

func (m *matcher) scoreField(fs []textField, a alternative, base float64, sc []float64, set func([]int32, float64), match func(text, word string) bool) {
	for i := range fs {
		if match(fs[i].text, a.Word) {
			set(fs[i].courses, base*a.Weight)
		}
	}
}

// bigramsMostlyIn reports whether at least two thirds of word's character
// bigrams occur in text.
func bigramsMostlyIn(text, word string) bool {
	runes := []rune(word)
	n := len(runes) - 1
	hit := 0
	for i := 0; i < n; i++ {
		if strings.Contains(text, string(runes[i:i+2])) {
			hit++
		}
	}
	return n > 0 && 3*hit >= 2*n
}

// didYouMean rewrites a query whose words match nothing: each word is
// replaced by the nearest known word (trade names, the synonym list's
// words, Latin words of the catalogue and pinyin spellings), at most two
// edits away and closer than half its length. It returns "" when no word
// has such a neighbour.
func (t *textIndex) didYouMean(u *Understood) string {
	m := t.matcher
	changed := false
	words := make([]string, len(u.Terms))
	for i, term := range u.Terms {
		words[i] = term.Word
		if best := m.nearest(term.Word); best != "" {
			words[i], changed = best, true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// nearest returns the known word closest to w by edit distance in runes.
func (m *matcher) nearest(w string) string {
	wr := []rune(w)
	limit := min(2, (len(wr)-1)/2)
	if limit < 1 {
		return ""
	}
	best, bestD := "", limit+1
	try := func(cand string) {
		cr := []rune(cand)
		if cand == w || abs(len(cr)-len(wr)) > limit {
			return
		}
		if d := editDistance(wr, cr); d < bestD || (d == bestD && cand < best) {
			best, bestD = cand, d
		}
	}
	if isLatinWord(w) {
		for _, s := range m.spellings {
			try(s)
		}
	} else {
		for i := range m.trades {
			try(m.trades[i].text)
		}
		for s := range m.syn {
			try(s)
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours.
func editDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
