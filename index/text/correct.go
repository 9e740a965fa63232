package text

import (
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/index/zh"
)

// Chinese typed on a pinyin keyboard goes wrong by sound: the keyboard
// offers every character read shu kong, and a hurried thumb picks 数空 for
// 数控. A Chinese word that finds nothing at all, neither in the
// catalogue's text nor in the synonym list, is read as the known word
// (a trade or a listed word) it sounds like: the same syllables, tones
// aside, first; then its own characters with two neighbours swapped (控数);
// then one syllable off by a pair pinyin keyboards confuse (数公: kong and
// gong). A word found anywhere is never corrected, however short: 电工 and
// 花艺 are what people mean. A correction keeps at least one character
// typed (其中 is not 起重), and a character it replaces is read by its
// common reading (完工 is not 管工 by a rare reading of 完). See README,
// "Measured on the judged set", for how often it is right and wrong.

// Kinds of correction, best first.
const (
	soundSame = iota // the same syllables (数空: 数控)
	soundSwap        // the same characters, two neighbours swapped (控数: 数控)
	soundNear        // one syllable near (数公: 数控)
)

// maxCorrectRunes bounds the words corrected by sound, and
// maxReadingCombinations the readings of a word tried (a few characters
// have three or four readings each).
const (
	maxCorrectRunes        = 8
	maxReadingCombinations = 64
)

// soundIndex is the vocabulary corrections may lead to: the trade names
// and the synonym list's words and targets that are all Chinese
// characters, by their toneless syllables.
type soundIndex struct {
	bySound map[string][]string // "shu kong" -> 数控
	words   map[string]bool
}

func newSoundIndex(words map[string]bool) soundIndex {
	si := soundIndex{bySound: map[string][]string{}, words: map[string]bool{}}
	for w := range words {
		n := utf8.RuneCountInString(w)
		if n < 2 || n > maxCorrectRunes || !allHan(w) {
			continue
		}
		syl := zh.Syllables(w)
		if len(syl) != n {
			continue
		}
		key := strings.Join(syl, " ")
		si.bySound[key] = append(si.bySound[key], w)
		si.words[w] = true
	}
	return si
}

func allHan(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !zh.IsHan(r) }) < 0
}

// correctBySound returns the known word a word of Chinese characters that
// finds nothing was most likely meant to be, or "" if none sounds like it.
// Among several, the better kind of correction wins, then the one that
// keeps more of the characters typed, then the one that finds more
// courses, then the first in order.
func (m *Matcher) correctBySound(word string) string {
	runes := []rune(word)
	if len(runes) < 2 || len(runes) > maxCorrectRunes || !allHan(word) {
		return ""
	}
	type candidate struct {
		word         string
		kind, differ int
	}
	var best []candidate
	// consider weighs w, found by the readings pick of the characters
	// typed (nil for a swap).
	consider := func(w string, kind int, pick []int) {
		if w == word {
			return
		}
		differ := 0
		for i, r := range []rune(w) {
			if r == runes[i] {
				continue
			}
			differ++
			if pick != nil && pick[i] != 0 {
				return // a character picked by mistake is read as it mostly is: 完工 is not 管工
			}
		}
		if differ == len(runes) && kind != soundSwap {
			return // nothing typed kept: 其中 is not 起重, nor 变成 编程
		}
		c := candidate{w, kind, differ}
		switch {
		case len(best) == 0 || c.kind < best[0].kind || (c.kind == best[0].kind && c.differ < best[0].differ):
			best = []candidate{c}
		case c.kind == best[0].kind && c.differ == best[0].differ:
			for _, b := range best {
				if b.word == w {
					return
				}
			}
			best = append(best, c)
		}
	}
	m.eachReading(runes, func(syl []string, pick []int) {
		for _, w := range m.sounds.bySound[strings.Join(syl, " ")] {
			consider(w, soundSame, pick)
		}
		for i, s := range syl {
			for _, near := range zh.NearSyllables(s) {
				syl[i] = near
				for _, w := range m.sounds.bySound[strings.Join(syl, " ")] {
					consider(w, soundNear, pick)
				}
			}
			syl[i] = s
		}
	})
	for i := 0; i+1 < len(runes); i++ {
		swapped := []rune(word)
		swapped[i], swapped[i+1] = swapped[i+1], swapped[i]
		if m.sounds.words[string(swapped)] {
			consider(string(swapped), soundSwap, nil)
		}
	}
	switch len(best) {
	case 0:
		return ""
	case 1:
		return best[0].word
	}
	choice, most := "", -1
	for _, c := range best {
		if n := m.finds(c.word); n > most || (n == most && c.word < choice) {
			choice, most = c.word, n
		}
	}
	return choice
}

// eachReading calls fn with every combination of the readings of runes
// (at most maxReadingCombinations of them), the most common readings
// first, and which reading of each rune it is (0 the most common); fn may
// change syl while it runs, and must restore it.
func (m *Matcher) eachReading(runes []rune, fn func(syl []string, pick []int)) {
	readings := make([][]string, len(runes))
	for i, r := range runes {
		if readings[i] = zh.Readings(r); len(readings[i]) == 0 {
			return
		}
	}
	pick := make([]int, len(runes))
	syl := make([]string, len(runes))
	for n := 0; n < maxReadingCombinations; n++ {
		for i := range runes {
			syl[i] = readings[i][pick[i]]
		}
		fn(syl, pick)
		i := len(pick) - 1
		for ; i >= 0; i-- {
			if pick[i]++; pick[i] < len(readings[i]) {
				break
			}
			pick[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// finds counts the courses a known word matches, through its synonyms.
func (m *Matcher) finds(word string) int {
	alts, _ := m.resolve(word)
	found := make([]uint64, (m.courses+63)/64)
	for _, l := range m.alternativeLists(alts, false) {
		if l.score > 0 {
			for _, c := range l.courses {
				found[c>>6] |= 1 << (c & 63)
			}
		}
	}
	n := 0
	for _, word := range found {
		n += bits.OnesCount64(word)
	}
	return n
}

// readAs is what a corrected Latin spelling is read as: the Chinese word
// it spells best (shukong: 数控), or the spelling itself (excel) when it
// spells none, or several equally.
func (m *Matcher) readAs(spelling string) string {
	best, weight, tie := "", 0.0, false
	for _, a := range m.romanized[spelling] {
		switch {
		case a.Weight > weight:
			best, weight, tie = a.Word, a.Weight, false
		case a.Weight == weight:
			tie = true
		}
	}
	if best == "" || tie {
		return spelling
	}
	return best
}

// correctedText is the text searched for when a word was corrected: each
// word, or what it was corrected to. It is "" when no word was.
func correctedText(terms []Term) string {
	corrected := false
	words := make([]string, len(terms))
	for i, t := range terms {
		words[i] = t.Word
		if t.Corrected != "" {
			words[i], corrected = t.Corrected, true
		}
	}
	if !corrected {
		return ""
	}
	return strings.Join(words, " ")
}
