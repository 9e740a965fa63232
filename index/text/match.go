package text

import (
	"slices"
	"sort"
	"strings"
	"sync/atomic"
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

// Match scores: where an Alternative is found, before its weight.
const (
	scoreTradeExact    = 10 // the course's trade is the word
	scoreTradeContains = 7  // the trade contains it (电工 in 低压电工)
	scoreTitle         = 6  // the title contains it
	scoreTitlePartial  = 3  // two thirds of its bigrams are in the title
	scoreDescription   = 2  // a description sentence or the institution's name contains it
	scoreDescPartial   = 1
	scoreLiteralTitle  = 1 // added when a synonym matched and the title holds the word as typed
)

// Weights of alternatives found through romanization or correction.
const (
	weightPinyin   = 0.95 // the full pinyin of a word (shukong: 数控)
	weightPrefix   = 0.9  // of the word's first characters (shukong: 数控车工)
	weightInitials = 0.8  // its initials (sk: 数控)
	weightCorrect  = 0.9  // a spelling one letter away (shukogn: shukong)
	weightTitleRun = 0.85 // characters inside a title (yangmei: 杨梅)
)

// textField is one distinct folded string and the courses it belongs to.
type textField struct {
	text    string
	courses []int32
}

// Score is a course's relevance to a query's words, and whether every
// word matched its trade or title exactly (such courses rank first).
type Score struct {
	Rel   float64
	Exact bool
}

// fieldSet is a list of distinct strings with a posting list per
// character and per character bigram, so that finding the strings that
// contain a word checks only those holding its rarest bigram.
//
// With a segmenter (a dictionary word segmenter, measured against bigrams
// in TestSegmenterComparison) the postings are words instead, and a field
// contains a word when it holds every word the segmenter cuts it into.
type fieldSet struct {
	fields  []textField
	post    map[string][]int32 // a rune or two (or a word), to the fields holding them
	segment func(string) []string
}

func newFieldSet(m map[string][]int32, segment func(string) []string) fieldSet {
	fs := fieldSet{fields: make([]textField, 0, len(m)), post: map[string][]int32{}, segment: segment}
	for t, cs := range m {
		fs.fields = append(fs.fields, textField{t, cs})
	}
	sort.Slice(fs.fields, func(i, j int) bool { return fs.fields[i].text < fs.fields[j].text })
	if segment != nil {
		for i, f := range fs.fields {
			for _, w := range words(segment, f.text) {
				fs.addPosting(w, int32(i))
			}
		}
		return fs
	}
	for i, f := range fs.fields {
		// Each rune and rune bigram, as substrings of the text: no copies.
		text := f.text
		if !utf8.ValidString(text) {
			text = string([]rune(text)) // invalid bytes read as U+FFFD, as the query's runes are
		}
		for j := 0; j < len(text); {
			_, one := utf8.DecodeRuneInString(text[j:])
			_, next := utf8.DecodeRuneInString(text[j+one:]) // 0 at the end
			fs.addPosting(text[j:j+one], int32(i))
			fs.addPosting(text[j:j+one+next], int32(i))
			j += one
		}
	}
	return fs
}

// addPosting adds field i to key's list once (fields are added in order).
func (fs *fieldSet) addPosting(key string, i int32) {
	if p := fs.post[key]; len(p) == 0 || p[len(p)-1] != i {
		fs.post[key] = append(p, i)
	}
}

// each calls fn once for every field containing word, in order, until fn
// returns false.
func (fs *fieldSet) each(word string, fn func(f *textField) bool) {
	if fs.segment != nil {
		fs.eachSegmented(word, fn)
		return
	}
	runes := []rune(word)
	if len(runes) == 0 {
		return
	}
	candidates := fs.post[string(runes[0])]
	for j := 0; j+1 < len(runes); j++ {
		if p := fs.post[string(runes[j:j+2])]; len(p) < len(candidates) || j == 0 {
			candidates = p
		}
	}
	single := len(runes) <= 2
	for _, i := range candidates {
		f := &fs.fields[i]
		if (single || strings.Contains(f.text, word)) && !fn(f) {
			return
		}
	}
}

func (fs *fieldSet) eachSegmented(word string, fn func(f *textField) bool) {
	var candidates []int32
	for i, w := range words(fs.segment, word) {
		p := fs.post[w]
		if i == 0 {
			candidates = p
			continue
		}
		var both []int32
		for a, b := 0, 0; a < len(candidates) && b < len(p); {
			switch {
			case candidates[a] < p[b]:
				a++
			case candidates[a] > p[b]:
				b++
			default:
				both = append(both, p[b])
				a++
				b++
			}
		}
		candidates = both
	}
	for _, i := range candidates {
		if !fn(&fs.fields[i]) {
			return
		}
	}
}

// words cuts text with segment and keeps the words with a letter, digit
// or Han character in them.
func words(segment func(string) []string, text string) []string {
	var out []string
	for _, w := range segment(text) {
		if strings.IndexFunc(w, func(r rune) bool { return zh.IsHan(r) || isLatinRune(r) }) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// contains reports whether any field contains word.
func (fs *fieldSet) contains(word string) bool {
	found := false
	fs.each(word, func(*textField) bool {
		found = true
		return false
	})
	return found
}

// Matcher answers text queries over one snapshot's courses.
type Matcher struct {
	courses  int
	trades   fieldSet
	titles   fieldSet
	sentence fieldSet
	insts    fieldSet
	syn      synonyms
	// romanized maps a pinyin spelling (full or initials) or a Latin word
	// to the catalogue words it stands for.
	romanized map[string][]Alternative
	// spellings are the Latin keys a mistyped word may be corrected to.
	spellings []string
	// sounds are the Chinese words a mistyped one may be corrected to.
	sounds    soundIndex
	segmented bool
	spare     atomic.Pointer[scratch] // kept for the next text
}

func NewMatcher(courses []data.Course, insts []data.Institution, courseInst []int32) *Matcher {
	return NewSegmentedMatcher(courses, insts, courseInst, nil)
}

// NewSegmentedMatcher matches by the words segment cuts text into, or by
// characters and bigrams when segment is nil.
func NewSegmentedMatcher(courses []data.Course, insts []data.Institution, courseInst []int32, segment func(string) []string) *Matcher {
	m := &Matcher{courses: len(courses), syn: defaultSynonyms(), romanized: map[string][]Alternative{}, segmented: segment != nil}
	trades := m.indexFields(courses, insts, courseInst, segment)
	m.romanizeWords(trades)
	m.romanizeTitleRuns()
	m.collectSpellings()
	m.spare.Store(newScratch(len(courses)))
	return m
}

// indexFields folds the courses' trades, titles, description sentences and
// institution names into the matcher's field sets; it returns the trades'.
func (m *Matcher) indexFields(courses []data.Course, insts []data.Institution, courseInst []int32, segment func(string) []string) map[string][]int32 {
	var trades, titles, sentences, instNames postings
	// Most strings repeat (a trade's template sentences, an
	// institution's name): each distinct one is folded, split and found
	// once, and a course only adds itself to the lists it names. Looking
	// every sentence of every course up by its text was a second of
	// Open at a hundred times the default catalogue.
	tradeOf, titleOf, sentencesOf := map[string]int32{}, map[string]int32{}, map[string][]int32{}
	instOf := make([]int32, len(insts))
	for i := range instOf {
		instOf[i] = -1
	}
	for i := range courses {
		c, ci := &courses[i], int32(i)
		trades.add(slotOf(tradeOf, c.Trade, &trades), ci)
		titles.add(slotOf(titleOf, c.Title, &titles), ci)
		slots, ok := sentencesOf[c.Description]
		if !ok {
			for _, s := range strings.Split(c.Description, "。") {
				if s = strings.TrimSpace(zh.Fold(s)); s != "" {
					slots = append(slots, sentences.slot(s))
				}
			}
			sentencesOf[c.Description] = slots
		}
		for _, slot := range slots {
			sentences.add(slot, ci)
		}
		if instOf[courseInst[i]] < 0 {
			in := &insts[courseInst[i]]
			instOf[courseInst[i]] = instNames.slot(zh.Fold(in.Name + " " + in.ShortName))
		}
		instNames.add(instOf[courseInst[i]], ci)
	}
	tradeMap := trades.byText()
	m.trades, m.titles, m.sentence, m.insts = newFieldSet(tradeMap, segment), newFieldSet(titles.byText(), segment),
		newFieldSet(sentences.byText(), segment), newFieldSet(instNames.byText(), segment)
	return tradeMap
}

// postings gathers the courses of distinct folded strings, each string
// given a slot when first seen.
type postings struct {
	slots   map[string]int32
	texts   []string
	courses [][]int32
}

// slot returns the slot of a folded string.
func (p *postings) slot(folded string) int32 {
	if s, ok := p.slots[folded]; ok {
		return s
	}
	if p.slots == nil {
		p.slots = map[string]int32{}
	}
	s := int32(len(p.texts))
	p.slots[folded] = s
	p.texts = append(p.texts, folded)
	p.courses = append(p.courses, nil)
	return s
}

func (p *postings) add(slot, course int32) { p.courses[slot] = append(p.courses[slot], course) }

// byText is the courses of each folded string.
func (p *postings) byText() map[string][]int32 {
	out := make(map[string][]int32, len(p.texts))
	for i, t := range p.texts {
		out[t] = p.courses[i]
	}
	return out
}

// slotOf is the slot of raw's folded form, folding each raw string once.
func slotOf(seen map[string]int32, raw string, p *postings) int32 {
	s, ok := seen[raw]
	if !ok {
		s = p.slot(zh.Fold(raw))
		seen[raw] = s
	}
	return s
}

// romanizeWords spells trade names and the synonym list's words, and the
// leading characters of each (数控 of 数控车工), by full pinyin and by
// initials, and indexes them by sound.
func (m *Matcher) romanizeWords(trades map[string][]int32) {
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
	m.sounds = newSoundIndex(words)
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
}

// romanizeTitleRuns spells the words inside titles (杨梅 in
// 余姚杨梅栽培与管理技术) by the full pinyin of their two- and
// three-character runs, where no listed word spells the same.
func (m *Matcher) romanizeTitleRuns() {
	seenRuns := map[string]bool{}
	for _, f := range m.titles.fields {
		for _, run := range strings.FieldsFunc(f.text, func(r rune) bool { return !zh.IsHan(r) }) {
			runes := []rune(run)
			for k := 2; k <= 3; k++ {
				for i := 0; i+k <= len(runes); i++ {
					w := string(runes[i : i+k])
					if seenRuns[w] {
						continue
					}
					seenRuns[w] = true
					if key := zh.Pinyin(w); len(m.romanized[key]) == 0 || m.romanized[key][0].Weight == weightTitleRun {
						m.addRomanized(key, w, weightTitleRun)
					}
				}
			}
		}
	}
}

// collectSpellings lists the Latin keys a mistyped word may be corrected
// to: the catalogue's Latin words as they are, the synonyms' and the
// romanized spellings of whole words.
func (m *Matcher) collectSpellings() {
	spell := map[string]bool{}
	for _, fs := range []fieldSet{m.titles, m.sentence} {
		for _, f := range fs.fields {
			for _, w := range strings.FieldsFunc(f.text, func(r rune) bool { return !isLatinRune(r) }) {
				if len(w) >= 2 && strings.IndexFunc(w, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0 {
					spell[w] = true
				}
			}
		}
	}
	for w := range m.syn {
		if IsLatinWord(w) {
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
}

func (m *Matcher) addRomanized(key, word string, weight float64) {
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
	m.romanized[key] = append(alts, Alternative{word, weight})
}

func hasHan(s string) bool { return strings.IndexFunc(s, zh.IsHan) >= 0 }

func isLatinRune(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') }

// IsLatinWord reports whether s is all lower-case Latin letters and
// digits (as folded).
func IsLatinWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !isLatinRune(r) }) < 0
}

// resolve lists what a folded query word may mean: itself, its synonyms,
// and for a Latin word the Chinese words it spells in pinyin. A word that
// means nothing is corrected: a Latin one to a known spelling one letter
// away, read as the Chinese it spells (shukogn: 数控); a Chinese one to
// the known word it sounds like (数空: 数控; correctBySound). corrected
// is what the word was read as.
func (m *Matcher) resolve(word string) (alts []Alternative, corrected string) {
	add := func(w string, weight float64) {
		for i := range alts {
			if alts[i].Word == w {
				alts[i].Weight = max(alts[i].Weight, weight)
				return
			}
		}
		alts = append(alts, Alternative{w, weight})
	}
	expand := func(w string, weight float64) {
		add(w, weight)
		for _, a := range m.syn[w] {
			add(a.Word, a.Weight*weight)
		}
	}
	expand(word, 1)
	if !IsLatinWord(word) {
		if len(alts) > 1 || m.anywhere(word) {
			return alts, ""
		}
		if c := m.correctBySound(word); c != "" {
			expand(c, weightCorrect)
			return alts, c
		}
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
		return alts, m.readAs(c)
	}
	return alts, ""
}

// anywhere reports whether w is a substring of any course text.
func (m *Matcher) anywhere(w string) bool {
	for _, fs := range []*fieldSet{&m.trades, &m.titles, &m.sentence, &m.insts} {
		if fs.contains(w) {
			return true
		}
	}
	return false
}

// correct returns the known spelling one edit (insertion, deletion,
// substitution or swap of neighbours) from w, or "" if none is. Of
// several, the one that means most surely wins: a Latin word of the
// catalogue, then the full pinyin of a word (chushi: 厨师), of its leading
// characters, of characters inside a title (chesi: 车司 of 叉车司机), then
// the first in order.
func (m *Matcher) correct(w string) string {
	best, bestWeight := "", 0.0
	for _, s := range m.spellings {
		if abs(len(s)-len(w)) > 1 || !editDistanceAtMost1(w, s) {
			continue
		}
		weight := 1.0
		for i, a := range m.romanized[s] {
			if i == 0 || a.Weight > weight {
				weight = a.Weight
			}
		}
		if weight > bestWeight {
			best, bestWeight = s, weight
		}
	}
	return best
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

// Score matches every word of u against the courses; a course must match
// every word. The matches come in course order. It fills u.Terms'
// meanings and corrections, and u.Corrected when a corrected word found
// courses. A word run together from two (电商直播, cnc编程) is read as its
// parts when that finds anything.
func (m *Matcher) Score(u *Understood) []Match {
	return Scored(m, u, func(mt Match) Match { return mt })
}

// Scored is m.Score(u) with each match made a T by as: the caller's own
// list, without another of all the matches in between (a common trade's
// are 38,800 at a hundred times the default catalogue).
func Scored[T any](m *Matcher, u *Understood, as func(Match) T) []T {
	sc := m.takeScratch()
	defer m.giveBack(sc)
	sc.matches = m.score(u, sc)
	out := make([]T, len(sc.matches))
	for i, mt := range sc.matches {
		out[i] = as(mt)
	}
	return out
}

// score is Score, in sc.
func (m *Matcher) score(u *Understood, sc *scratch) []Match {
	var split []Term
	for _, t := range u.Terms {
		if parts := m.splitCompound(t.Word); parts != nil {
			for _, w := range parts {
				split = append(split, Term{Word: w})
			}
		} else {
			split = append(split, t)
		}
	}
	if len(split) > len(u.Terms) {
		whole := u.Terms
		u.Terms = split
		if out := m.scoreTerms(u, sc); len(out) > 0 {
			return out
		}
		u.Terms = whole
	}
	out := m.scoreTerms(u, sc)
	if len(out) > 0 {
		u.Corrected = correctedText(u.Terms)
	}
	return out
}

// splitCompound cuts a word with Chinese in it that neither the catalogue
// nor the synonym list knows into the fewest words they do know, each of
// two characters or more, never cutting a run of Latin letters: what
// workers type run together is mostly two things they want at once
// (电商直播 is 电商 and 直播; 工业机器人编程 is 工业机器人 and 编程). It
// returns nil when the word is known or cannot be cut so.
func (m *Matcher) splitCompound(word string) []string {
	runes := []rune(word)
	n := len(runes)
	if n < 4 || n > 16 || !hasHan(word) || m.known(word) {
		return nil
	}
	const none = 1 << 30
	// fewest[i] is the fewest known words that make runes[:i]; the last of
	// them starts at from[i].
	fewest, from := make([]int, n+1), make([]int, n+1)
	for i := 1; i <= n; i++ {
		fewest[i] = none
	}
	cuttable := func(i int) bool {
		return i == 0 || i == n || !(isLatinRune(runes[i-1]) && isLatinRune(runes[i]))
	}
	for i := 2; i <= n; i++ {
		if !cuttable(i) {
			continue
		}
		for j := 0; j+2 <= i; j++ {
			if fewest[j] == none || fewest[j]+1 >= fewest[i] || !cuttable(j) {
				continue
			}
			if m.known(string(runes[j:i])) {
				fewest[i], from[i] = fewest[j]+1, j
			}
		}
	}
	if fewest[n] == none || fewest[n] < 2 {
		return nil
	}
	parts := make([]string, fewest[n])
	for i, k := n, len(parts)-1; i > 0; i, k = from[i], k-1 {
		parts[k] = string(runes[from[i]:i])
	}
	return parts
}

// known reports whether a query word means something as it stands: a
// synonym, a romanized word, or a part of some course's text.
func (m *Matcher) known(w string) bool {
	return len(m.syn[w]) > 0 || len(m.romanized[w]) > 0 || m.anywhere(w)
}

// scoreTerms scores u.Terms as they are (see Score), in sc.
func (m *Matcher) scoreTerms(u *Understood, sc *scratch) []Match {
	out := sc.matches[:0]
	for ti := range u.Terms {
		term := &u.Terms[ti]
		alts, corrected := m.resolve(term.Word)
		term.Corrected = corrected
		for _, a := range alts[1:] {
			term.Means = append(term.Means, a.Word)
		}
		if ti > 0 && len(out) == 0 {
			continue // nothing left to narrow
		}
		lists, bonus := m.wordLists(term.Word, alts)
		sc.acc.gather(lists, bonus)
		if ti == 0 {
			out = slices.Grow(out, sc.acc.count())
			sc.acc.each(func(c int32, v float64) {
				out = append(out, Match{c, Score{Rel: v, Exact: v >= scoreTitle}})
			})
			continue
		}
		out = narrow(out, &sc.acc)
	}
	return out
}

// narrow keeps the matches the accumulator's word scored too, adding its
// score, and clears the accumulator.
func narrow(matches []Match, acc *accumulator) []Match {
	kept := matches[:0]
	for _, mt := range matches {
		if v := acc.score(mt.Course); v > 0 {
			mt.Score.Rel += v
			mt.Score.Exact = mt.Score.Exact && v >= scoreTitle
			kept = append(kept, mt)
		}
	}
	acc.each(func(int32, float64) {})
	return kept
}

// wordLists are the courses a word read as alts matches, as lists scored
// by where each alternative was found; partial matches by bigrams only
// when nothing matched whole. Among courses a synonym found, those whose
// title holds the very word typed come first (bonus, added to a score).
func (m *Matcher) wordLists(typed string, alts []Alternative) (lists, bonus []scoredList) {
	if lists = m.alternativeLists(alts, false); len(lists) == 0 {
		lists = m.alternativeLists(alts, true)
	}
	if len(alts) > 1 {
		m.titles.each(typed, func(f *textField) bool {
			bonus = append(bonus, scoredList{f.courses, scoreLiteralTitle})
			return true
		})
	}
	return lists, bonus
}

// alternativeLists lists the fields each Alternative is found in, with
// their weighted scores; partial matches by bigrams only when asked.
func (m *Matcher) alternativeLists(alts []Alternative, partial bool) []scoredList {
	var lists []scoredList
	for _, a := range alts {
		if !partial {
			m.trades.each(a.Word, func(f *textField) bool {
				if f.text == a.Word {
					lists = append(lists, scoredList{f.courses, scoreTradeExact * a.Weight})
				} else {
					lists = append(lists, scoredList{f.courses, scoreTradeContains * a.Weight})
				}
				return true
			})
			for _, fs := range []struct {
				set  *fieldSet
				base float64
			}{{&m.titles, scoreTitle}, {&m.sentence, scoreDescription}, {&m.insts, scoreDescription}} {
				fs.set.each(a.Word, func(f *textField) bool {
					lists = append(lists, scoredList{f.courses, fs.base * a.Weight})
					return true
				})
			}
			continue
		}
		if m.segmented || utf8.RuneCountInString(a.Word) < 3 || !hasHan(a.Word) {
			continue
		}
		for _, fs := range []struct {
			set  *fieldSet
			base float64
		}{{&m.titles, scoreTitlePartial}, {&m.sentence, scoreDescPartial}} {
			for _, f := range bigramsMostlyIn(fs.set, a.Word) {
				lists = append(lists, scoredList{f.courses, fs.base * a.Weight})
			}
		}
	}
	return lists
}

// bigramsMostlyIn returns the fields holding at least two thirds of
// word's character bigrams.
func bigramsMostlyIn(fs *fieldSet, word string) []*textField {
	runes := []rune(word)
	n := len(runes) - 1
	hits := map[*textField]int{}
	for i := 0; i < n; i++ {
		fs.each(string(runes[i:i+2]), func(f *textField) bool {
			hits[f]++
			return true
		})
	}
	var out []*textField
	for f, h := range hits {
		if 3*h >= 2*n {
			out = append(out, f)
		}
	}
	return out
}

// DidYouMean rewrites a query whose words match nothing: each word is
// replaced by the nearest known word (trade names, the synonym list's
// words, Latin words of the catalogue and pinyin spellings), at most two
// edits away and closer than half its length. It returns "" when no word
// has such a neighbour.
func (m *Matcher) DidYouMean(u *Understood) string {
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

// nearest returns the known word closest to w by edit distance in runes;
// at the same distance, one that keeps every character typed in order or
// is made of them (a character left out or typed twice: 数车工 is 数控车工,
// not 叉车工), then the first in order.
func (m *Matcher) nearest(w string) string {
	wr := []rune(w)
	limit := min(2, (len(wr)-1)/2)
	if limit < 1 {
		return ""
	}
	best, bestD, bestKeeps := "", limit+1, false
	try := func(cand string) {
		cr := []rune(cand)
		if cand == w || abs(len(cr)-len(wr)) > limit {
			return
		}
		d := editDistance(wr, cr)
		if d > bestD {
			return
		}
		keeps := isSubsequence(wr, cr) || isSubsequence(cr, wr)
		if d < bestD || (keeps && !bestKeeps) || (keeps == bestKeeps && cand < best) {
			best, bestD, bestKeeps = cand, d, keeps
		}
	}
	if IsLatinWord(w) {
		for _, s := range m.spellings {
			try(s)
		}
	} else {
		for i := range m.trades.fields {
			try(m.trades.fields[i].text)
		}
		for s, alts := range m.syn {
			try(s)
			for _, a := range alts {
				try(a.Word)
			}
		}
	}
	return best
}

// isSubsequence reports whether a's runes appear in b in order.
func isSubsequence(a, b []rune) bool {
	i := 0
	for _, r := range b {
		if i < len(a) && a[i] == r {
			i++
		}
	}
	return i == len(a)
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
