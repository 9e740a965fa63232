package geocode

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/index/zh"
)

// MaxQueryRunes is how much of a query is read; the rest is ignored. It
// bounds the work of one query whatever it holds.
const MaxQueryRunes = 256

// maxLatinSpan is the most words one romanized name may span
// ("dong men kou tian yi guang chang" is 7).
const maxLatinSpan = 8

// maxEnglishWord is the longest English address word (international).
const maxEnglishWord = 16

// tokenKind is what a stretch of a query was read as.
type tokenKind uint8

const (
	tokName     tokenKind = iota // a name of one or more entries
	tokRegion                    // 浙江省, 宁波市...
	tokForeign                   // a place outside the region
	tokFiller                    // 附近, near...
	tokNumber                    // a house number
	tokBuilding                  // 3幢, 201室
	tokUnknown                   // not understood
)

// token is one stretch of a query and what it was read as.
type token struct {
	kind   tokenKind
	text   string // as folded, without separators
	runes  int    // characters (or letters) it covers
	refs   []ref
	number int
	latin  bool
	pos    int // order in the query
	// part is, for an unknown stretch, the address part its suffix says
	// it is (partRoad for 建国路...).
	part part
}

// part is a level of a Chinese address.
type part uint8

const (
	partOther part = iota
	partProvince
	partCity
	partDistrict
	partTownship
	partRoad
)

// Address is a query split into the parts of a Chinese address. Each
// field holds the text of the query that was read as that part, folded
// (simplified, half-width) and without spaces; parts the query does not
// have are empty.
type Address struct {
	Province string `json:"province,omitempty"` // 浙江省
	City     string `json:"city,omitempty"`     // 宁波市
	District string `json:"district,omitempty"` // 鄞州区, 江东区
	Township string `json:"township,omitempty"` // 姜山镇
	Road     string `json:"road,omitempty"`     // 明光北路
	Number   string `json:"number,omitempty"`   // 1166号
	Building string `json:"building,omitempty"` // 3幢201室
	Place    string `json:"place,omitempty"`    // 宁波职教中心, 东门口
	// Outside names a place outside the region the query gives (北京市).
	Outside string `json:"outside,omitempty"`
	// Unmatched are the stretches not understood.
	Unmatched []string `json:"unmatched,omitempty"`
}

// Parse splits q into the parts of an address, as far as the gazetteer's
// names and the shape of Chinese addresses allow.
func (g *Gazetteer) Parse(q string) Address {
	return g.address(g.tokens(q))
}

// queryText is a query folded and stripped of separators, with, for each
// rune, whether a separator came before it.
type queryText struct {
	s     string
	off   []int  // byte offset of each rune, and len(s) at the end
	brk   []bool // a separator (space, punctuation) precedes rune i
	runes []rune
}

func newQueryText(q string) queryText {
	if n := utf8.RuneCountInString(q); n > MaxQueryRunes {
		q = string([]rune(q)[:MaxQueryRunes])
	}
	q = zh.Fold(q)
	var qt queryText
	var b strings.Builder
	sep := false
	for _, r := range q {
		if !keep(r) {
			sep = true
			continue
		}
		qt.off = append(qt.off, b.Len())
		qt.brk = append(qt.brk, sep)
		qt.runes = append(qt.runes, r)
		b.WriteRune(r)
		sep = false
	}
	qt.s = b.String()
	qt.off = append(qt.off, len(qt.s))
	return qt
}

func (qt *queryText) sub(i, j int) string { return qt.s[qt.off[i]:qt.off[j]] }

// step is one move of the segmentation: the longest known stretch
// starting at a rune, or one rune not understood.
type step struct {
	end  int
	tok  token
	gain int // characters explained
}

// tokens reads a query: the segmentation that explains most characters
// with the fewest tokens, then the Latin words left over, then the shape
// of what is still unknown.
func (g *Gazetteer) tokens(q string) []token {
	qt := newQueryText(q)
	n := len(qt.runes)
	if n == 0 {
		return nil
	}
	type cell struct {
		gain, count int
		prev        int
		tok         token
		set         bool
	}
	best := make([]cell, n+1)
	best[0].set = true
	for i := 0; i < n; i++ {
		if !best[i].set {
			continue
		}
		for _, st := range g.stepsAt(&qt, i) {
			c := cell{gain: best[i].gain + st.gain, count: best[i].count + 1, prev: i, tok: st.tok, set: true}
			if st.tok.kind == tokUnknown {
				c.count = best[i].count // unknown runes merge later; do not count them
			}
			cur := &best[st.end]
			if !cur.set || c.gain > cur.gain || (c.gain == cur.gain && c.count < cur.count) {
				*cur = c
			}
		}
	}
	var rev []token
	for i := n; i > 0; i = best[i].prev {
		rev = append(rev, best[i].tok)
	}
	var toks []token
	for i := len(rev) - 1; i >= 0; i-- {
		t := rev[i]
		// Merge runs of unknown runes, and keep where they started, so
		// that Latin words can be found in them.
		if t.kind == tokUnknown && len(toks) > 0 && toks[len(toks)-1].kind == tokUnknown && !t.latin {
			last := &toks[len(toks)-1]
			last.text += t.text
			last.runes += t.runes
			continue
		}
		toks = append(toks, t)
	}
	toks = g.readLatin(toks)
	toks = g.classifyUnknown(toks)
	for i := range toks {
		toks[i].pos = i
	}
	return toks
}

// stepsAt lists the ways to read the query from rune i on.
func (g *Gazetteer) stepsAt(qt *queryText, i int) []step {
	n := len(qt.runes)
	var steps []step
	// Known names and words: every key starting here (the prefix marks
	// say when to stop looking).
	for j := i + 1; j <= n && j-i <= maxKeyRunes; j++ {
		k := g.chinese[qt.sub(i, j)]
		if k == nil {
			break
		}
		if k.whole && (len(k.refs) > 0 || k.word != wordNone) {
			t := token{text: qt.sub(i, j), runes: j - i, refs: k.refs}
			switch {
			case len(k.refs) > 0:
				t.kind = tokName
			case k.word == wordRegion:
				t.kind = tokRegion
			case k.word == wordForeign:
				t.kind = tokForeign
			default:
				t.kind = tokFiller
			}
			// A Latin name must not start or end inside a word.
			if !latinBoundaryOK(qt, i, j) {
				continue
			}
			steps = append(steps, step{end: j, tok: t, gain: j - i})
		}
		if !k.prefix {
			break
		}
	}
	// House and building numbers: 1166号, 3幢, 201室, or bare digits.
	if unicode.IsDigit(qt.runes[i]) {
		j := i
		for j < n && j-i < 9 && qt.runes[j] >= '0' && qt.runes[j] <= '9' {
			j++
		}
		if j > i && (j == n || !(qt.runes[j] >= '0' && qt.runes[j] <= '9')) {
			num, _ := strconv.Atoi(string(qt.runes[i:j]))
			t := token{kind: tokNumber, number: num}
			end := j
			rest := qt.s[qt.off[j]:]
			switch {
			case strings.HasPrefix(rest, "号楼"):
				t.kind, end = tokBuilding, j+2
			case strings.HasPrefix(rest, "号"):
				end = j + 1
			case strings.HasPrefix(rest, "弄"):
				end = j + 1
			default:
				for _, s := range buildingSuffixes {
					if strings.HasPrefix(rest, s) {
						t.kind, end = tokBuilding, j+utf8.RuneCountInString(s)
						break
					}
				}
			}
			// Digits inside a Latin word (nb568) are not a number.
			if i > 0 && !qt.brk[i] && isASCIILetter(qt.runes[i-1]) {
				t.kind = tokUnknown
			}
			t.text, t.runes = qt.sub(i, end), end-i
			gain := end - i
			if t.kind == tokUnknown {
				gain = 0
			}
			steps = append(steps, step{end: end, tok: t, gain: gain})
		}
	}
	steps = append(steps, step{end: i + 1, tok: token{kind: tokUnknown, text: qt.sub(i, i+1), runes: 1, latin: qt.brk[i] && isASCIILetter(qt.runes[i])}})
	return steps
}

// latinBoundaryOK refuses a name that starts or ends in the middle of a
// run of Latin letters (the "an" of "jiangshan").
func latinBoundaryOK(qt *queryText, i, j int) bool {
	if isASCIILetter(qt.runes[i]) && i > 0 && !qt.brk[i] && isASCIILetter(qt.runes[i-1]) {
		return false
	}
	if isASCIILetter(qt.runes[j-1]) && j < len(qt.runes) && !qt.brk[j] && isASCIILetter(qt.runes[j]) {
		return false
	}
	return true
}

func isASCIILetter(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// readLatin reads the Latin letters of unknown stretches as words of
// pinyin or English. Consecutive unknown stretches are read together, so
// that a name may span the words the user separated ("tianyi square").
func (g *Gazetteer) readLatin(toks []token) []token {
	var out, run []token
	flush := func() {
		if len(run) > 0 {
			out = append(out, g.latinRun(run)...)
			run = nil
		}
	}
	for _, t := range toks {
		if t.kind == tokUnknown && strings.ContainsFunc(t.text, isASCIILetter) {
			run = append(run, t)
			continue
		}
		flush()
		out = append(out, t)
	}
	flush()
	return out
}

// latinRun splits unknown stretches into runs of Latin letters and the
// rest, and reads the letter runs as words. A word starts where the user
// put a separator, where letters follow something else, and after a
// recognised name (for names typed without spaces: "jiangshantown").
func (g *Gazetteer) latinRun(run []token) []token {
	var out []token
	var letters strings.Builder
	var starts []bool
	flush := func() {
		if letters.Len() > 0 {
			out = append(out, g.latinWords(letters.String(), starts)...)
			letters.Reset()
			starts = nil
		}
	}
	for _, t := range run {
		first := true
		for _, r := range t.text {
			if !isASCIILetter(r) {
				flush()
				if n := len(out); n > 0 && out[n-1].kind == tokUnknown && !out[n-1].latin {
					out[n-1].text += string(r)
					out[n-1].runes++
				} else {
					out = append(out, token{kind: tokUnknown, text: string(r), runes: 1})
				}
				first = false
				continue
			}
			letters.WriteRune(r)
			starts = append(starts, letters.Len() == 1 || (first && t.latin))
			first = false
		}
	}
	flush()
	return out
}

// latinWords reads a run of letters (possibly several words run
// together) by the segmentation into known romanized names, English
// address words and filler that covers most letters. starts marks where
// words begin.
func (g *Gazetteer) latinWords(s string, starts []bool) []token {
	n := len(s)
	if n > MaxQueryRunes {
		s, n = s[:MaxQueryRunes], MaxQueryRunes
	}
	type cell struct {
		gain, count, prev int
		tok               token
		set               bool
	}
	best := make([]cell, n+1)
	best[0].set = true
	for i := 0; i < n; i++ {
		if !best[i].set {
			continue
		}
		relax := func(j int, t token, gain int) {
			c := cell{gain: best[i].gain + gain, count: best[i].count + 1, prev: i, tok: t, set: true}
			if cur := &best[j]; !cur.set || c.gain > cur.gain || (c.gain == cur.gain && c.count < cur.count) {
				*cur = c
			}
		}
		if starts[i] || (i > 0 && best[i].tok.kind != tokUnknown) {
			for _, m := range g.latinMatches(s[i:]) {
				// A word must end where a word ends, or where a name may
				// follow.
				end := i + m.length
				if m.tok.kind != tokName && end < n && !starts[end] {
					continue
				}
				relax(end, m.tok, m.length)
			}
		}
		relax(i+1, token{kind: tokUnknown, text: s[i : i+1], runes: 1, latin: true}, 0)
	}
	var rev []token
	for i := n; i > 0; i = best[i].prev {
		rev = append(rev, best[i].tok)
	}
	var out []token
	for i := len(rev) - 1; i >= 0; i-- {
		t := rev[i]
		if t.kind == tokUnknown && len(out) > 0 && out[len(out)-1].kind == tokUnknown {
			out[len(out)-1].text += t.text
			out[len(out)-1].runes++
			continue
		}
		out = append(out, t)
	}
	return out
}

type latinMatch struct {
	length int
	tok    token
}

// latinMatches lists the names and words s starts with. English address
// words are read as the syllables they stand for, so "mingguangnorthroad"
// matches the name mingguangbeilu and "jiangshantown" jiangshanzhen.
func (g *Gazetteer) latinMatches(s string) []latinMatch {
	var out []latinMatch
	// Depth-first over (romanized so far, letters consumed, words used),
	// pruned by the prefixes of the romanized names.
	type state struct {
		text   string
		length int
		words  int
	}
	stack := []state{{}}
	for steps := 0; len(stack) > 0 && steps < 4096; steps++ {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if st.text != "" {
			if refs, ok := g.latin[st.text]; ok {
				out = append(out, latinMatch{length: st.length, tok: token{kind: tokName, text: s[:st.length], runes: st.length, refs: refs, latin: true}})
			}
		}
		if st.length >= len(s) {
			continue
		}
		// The next letter, as pinyin.
		if next := st.text + s[st.length:st.length+1]; g.latinPrefix(next) {
			stack = append(stack, state{next, st.length + 1, st.words})
		}
		// The next English word, as the syllables it stands for.
		if st.text == "" || st.words >= maxLatinSpan {
			continue
		}
		for end := 2; end <= maxEnglishWord && st.length+end <= len(s); end++ {
			for _, y := range englishSyllables[s[st.length:st.length+end]] {
				if next := st.text + y; g.latinPrefix(next) {
					stack = append(stack, state{next, st.length + end, st.words + 1})
				}
			}
		}
	}
	// Built-in words and English address words alone.
	for end := 1; end <= len(s) && end <= maxEnglishWord; end++ {
		w := s[:end]
		if kind, ok := g.latinWord[w]; ok {
			t := token{text: w, runes: end, latin: true}
			switch kind {
			case wordRegion:
				t.kind = tokRegion
			case wordForeign:
				t.kind = tokForeign
			default:
				t.kind = tokFiller
			}
			out = append(out, latinMatch{length: end, tok: t})
		}
		if _, ok := englishSyllables[w]; ok {
			out = append(out, latinMatch{length: end, tok: token{kind: tokFiller, text: w, runes: end, latin: true}})
		}
	}
	return out
}

// classifyUnknown gives unknown stretches the address part their suffix
// says they are, splitting 朝阳区建国路 into 朝阳区 and 建国路. A place
// outside the region followed by a road suffix (北京路) is a road, and a
// name that is not a district's or township's followed by a district or
// township suffix (朝阳 + 区: a station of Ningbo, a district of Beijing)
// is an unknown district or township.
func (g *Gazetteer) classifyUnknown(toks []token) []token {
	var out []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) && toks[i+1].kind == tokUnknown && !t.latin && !toks[i+1].latin {
			next := toks[i+1].text
			var suffixes []string
			switch {
			case t.kind == tokForeign:
				suffixes = roadSuffixes
			case t.kind == tokName && !g.namesAdmin(t):
				suffixes = append(append(append([]string{}, districtSuffixes...), townshipSuffixes...), "市")
			}
			for _, s := range suffixes {
				if strings.HasPrefix(next, s) {
					t = token{kind: tokUnknown, text: t.text + next, runes: t.runes + toks[i+1].runes}
					i++
					break
				}
			}
		}
		if t.kind != tokUnknown || t.latin {
			out = append(out, t)
			continue
		}
		out = append(out, splitUnknown(t)...)
	}
	return out
}

// namesAdmin reports whether a name token may name a district or a
// township.
func (g *Gazetteer) namesAdmin(t token) bool {
	for _, r := range t.refs {
		switch g.entries[r.entry].Kind {
		case District, FormerDistrict, Township:
			return true
		}
	}
	return false
}

// splitUnknown cuts an unknown stretch after each address suffix.
func splitUnknown(t token) []token {
	var out []token
	rest := t.text
	for rest != "" {
		cut, p := len(rest), partOther
		for i := range rest {
			if i == 0 {
				continue
			}
			head := rest[:i]
			if q, ok := partOf(head, rest[i:]); ok {
				cut, p = i, q
				break
			}
		}
		if q, ok := partOf(rest, ""); ok && cut == len(rest) {
			p = q
		}
		piece := rest[:cut]
		out = append(out, token{kind: tokUnknown, text: piece, runes: utf8.RuneCountInString(piece), part: p})
		rest = rest[cut:]
	}
	return out
}

// partOf says which address part head is, if it ends with a suffix that
// marks one and what follows does not continue the suffix (街 of 街道).
func partOf(head, next string) (part, bool) {
	switch {
	case strings.HasSuffix(head, "省") && utf8.RuneCountInString(head) >= 3:
		return partProvince, true
	case strings.HasSuffix(head, "市") && utf8.RuneCountInString(head) >= 3 && !strings.HasPrefix(next, "场"):
		return partCity, true
	case hasAnySuffix(head, townshipSuffixes) && utf8.RuneCountInString(head) >= 3 && !strings.HasPrefix(next, "道"):
		if strings.HasSuffix(head, "街") {
			break
		}
		return partTownship, true
	case hasAnySuffix(head, districtSuffixes) && utf8.RuneCountInString(head) >= 3 && !hasAnySuffix(head, notDistricts):
		return partDistrict, true
	}
	if hasAnySuffix(head, roadSuffixes) && utf8.RuneCountInString(head) >= 2 && !strings.HasPrefix(next, "道") {
		return partRoad, true
	}
	return partOther, false
}

// address names the parts of a tokenized query.
func (g *Gazetteer) address(toks []token) Address {
	var a Address
	set := func(f *string, s string) {
		if *f == "" {
			*f = s
		} else {
			*f += s
		}
	}
	road := false
	for _, t := range toks {
		switch t.kind {
		case tokRegion:
			if strings.Contains(t.text, "省") || t.text == "浙江" || t.text == "zhejiang" {
				set(&a.Province, t.text)
			} else if t.text != "中国" {
				set(&a.City, t.text)
			}
		case tokForeign:
			set(&a.Outside, t.text)
		case tokName:
			switch g.nameLevel(t) {
			case LevelDistrict:
				set(&a.District, t.text)
			case LevelTownship:
				set(&a.Township, t.text)
			case LevelRoad:
				set(&a.Road, t.text)
				road = true
			default:
				set(&a.Place, t.text)
			}
		case tokNumber:
			if a.Number == "" {
				a.Number = t.text
			} else {
				set(&a.Building, t.text)
			}
		case tokBuilding:
			set(&a.Building, t.text)
		case tokUnknown:
			switch t.part {
			case partProvince, partCity:
				set(&a.Outside, t.text)
			case partRoad:
				if !road {
					a.Road = t.text
				}
				a.Unmatched = append(a.Unmatched, t.text)
			default:
				a.Unmatched = append(a.Unmatched, t.text)
			}
		}
	}
	return a
}

// nameLevel is the level a name token stands for: the coarsest level
// among its most likely entries (姜山 is the town before its station).
func (g *Gazetteer) nameLevel(t token) Level {
	var top float32
	for _, r := range t.refs {
		top = max(top, r.quality)
	}
	best := LevelExact
	for _, r := range t.refs {
		if l := g.entries[r.entry].Kind.level(); r.quality >= top-0.15 && l.rank() < best.rank() {
			best = l
		}
	}
	return best
}
