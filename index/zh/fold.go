package zh

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Fold returns s in the form search compares text in: full-width ASCII
// narrowed, traditional characters simplified, letters lower-cased.
func Fold(s string) string {
	if isPlainLower(s) {
		return s
	}
	return strings.ToLower(Simplify(Narrow(s)))
}

// isPlainLower reports whether s is ASCII with no upper-case letter, which
// Fold would return unchanged (the common case for pinyin and ids).
func isPlainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// Narrow maps full-width ASCII forms (U+FF01..U+FF5E) to their ASCII
// counterparts and the ideographic space (U+3000) to a space. Chinese
// punctuation without an ASCII twin (、。《》) is left alone.
func Narrow(s string) string {
	i := strings.IndexFunc(s, isWide)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteRune(narrowRune(r))
	}
	return b.String()
}

func isWide(r rune) bool { return r == '\u3000' || ('\uFF01' <= r && r <= '\uFF5E') }

func narrowRune(r rune) rune {
	switch {
	case r == '\u3000':
		return ' '
	case '\uFF01' <= r && r <= '\uFF5E':
		return r - 0xFF01 + '!'
	}
	return r
}

// OpenCC's traditional-to-simplified tables (Apache License 2.0; see
// opencc/README.md).
var (
	//go:embed opencc/TSCharacters.txt
	tsCharacters []byte
	//go:embed opencc/TSPhrases.txt
	tsPhrases []byte
)

// t2s is the traditional-to-simplified table, parsed on first use.
var t2s = sync.OnceValue(func() *convTable {
	t := &convTable{chars: map[rune]string{}, phrases: map[string]string{}}
	eachEntry(tsCharacters, func(from, to string) {
		if r, n := utf8.DecodeRuneInString(from); n == len(from) {
			t.chars[r] = to
		} else {
			t.addPhrase(from, to)
		}
	})
	eachEntry(tsPhrases, t.addPhrase)
	for r := range t.chars {
		t.mark(r)
	}
	for r := range t.starts {
		t.mark(r)
	}
	return t
})

// convTable converts by longest match: a phrase starting at a position
// wins over the character there, as in OpenCC.
type convTable struct {
	chars   map[rune]string
	phrases map[string]string
	// starts holds the first rune of every phrase, and maxRunes the
	// longest phrase, so that most positions skip the phrase lookup.
	starts   map[rune]bool
	maxRunes int
	// bmp marks the runes below U+10000 that have a conversion or start a
	// phrase, so that scanning simplified text costs a bit test per rune.
	bmp   [0x10000 / 64]uint64
	upper map[rune]bool // the same above U+FFFF
}

func (t *convTable) mark(r rune) {
	if r < 0x10000 {
		t.bmp[r/64] |= 1 << (r % 64)
		return
	}
	if t.upper == nil {
		t.upper = map[rune]bool{}
	}
	t.upper[r] = true
}

// marked reports whether r may convert.
func (t *convTable) marked(r rune) bool {
	if r < 0x10000 {
		return t.bmp[r/64]&(1<<(r%64)) != 0
	}
	return t.upper[r]
}

func (t *convTable) addPhrase(from, to string) {
	if t.starts == nil {
		t.starts = map[rune]bool{}
	}
	r, _ := utf8.DecodeRuneInString(from)
	t.starts[r] = true
	t.phrases[from] = to
	t.maxRunes = max(t.maxRunes, utf8.RuneCountInString(from))
}

// eachEntry calls fn for every "from<TAB>to [alternatives...]" line,
// with the first candidate.
func eachEntry(table []byte, fn func(from, to string)) {
	sc := bufio.NewScanner(bytes.NewReader(table))
	for sc.Scan() {
		from, rest, ok := strings.Cut(sc.Text(), "\t")
		if !ok || from == "" {
			continue
		}
		to, _, _ := strings.Cut(rest, " ")
		fn(from, to)
	}
}

// Simplify converts traditional Chinese to simplified with OpenCC's t2s
// tables. Text with no traditional character comes back as it is.
func Simplify(s string) string {
	t := t2s()
	first := -1
	for i, r := range s {
		if r >= 0x2E80 && t.marked(r) {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !t.marked(r) {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		if t.starts[r] {
			if to, size := t.longestPhrase(s[i:]); size > 0 {
				b.WriteString(to)
				i += size
				continue
			}
		}
		if to, ok := t.chars[r]; ok {
			b.WriteString(to)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// longestPhrase returns the conversion of the longest phrase s starts
// with, and its length in bytes (0 when none).
func (t *convTable) longestPhrase(s string) (string, int) {
	// Byte offsets of the ends of the first maxRunes runes.
	var ends [64]int
	n := 0
	for i := range s {
		if i > 0 {
			ends[n] = i
			n++
		}
		if n == t.maxRunes || n == len(ends) {
			break
		}
	}
	if n < t.maxRunes && n < len(ends) {
		ends[n] = len(s)
		n++
	}
	for k := n - 1; k >= 1; k-- { // at least two runes
		if to, ok := t.phrases[s[:ends[k]]]; ok {
			return to, ends[k]
		}
	}
	return "", 0
}

// IsHan reports whether r is a Chinese character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }
