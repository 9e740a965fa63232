package geocode

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/index/zh"
)

// How much a name says, by where it came from: the entry's own name, an
// alias the catalogue gives, or a name New derives. Romanized names count
// a little less than the characters they stand for.
const (
	qualityName    = 1.0
	qualityAlias   = 0.95
	qualityDerived = 0.85
	latinFactor    = 0.9
)

// maxKeyRunes bounds a name's length in the index: longer names are cut
// (no one types 40 characters of a name they could stop typing earlier).
const maxKeyRunes = 40

// ref is one entry a name leads to, with the quality of that name.
type ref struct {
	entry   int32
	quality float32
}

// wordKind marks the built-in words that are not names of entries.
type wordKind uint8

const (
	wordNone wordKind = iota
	wordRegion
	wordForeign
	wordFiller
)

// key is what the Chinese index holds for a string: the entries it names,
// the built-in word it is, and whether longer names start with it.
type key struct {
	refs   []ref
	word   wordKind
	prefix bool // some longer key starts with this one
	whole  bool // this string is itself a key (refs or word)
}

// Gazetteer indexes entries by their Chinese and romanized names. It is
// read-only after New and safe for concurrent use.
type Gazetteer struct {
	entries []Entry
	chinese map[string]*key
	latin   map[string][]ref
	// latinSorted holds the romanized names in order, to find the names
	// a string begins.
	latinSorted []string
	latinWord   map[string]wordKind
	townships   map[string]int32
	districts   map[string]int32
	// districtNames are each district code's names, current and former.
	districtNames map[string][]string
}

// ErrNoEntries is returned by New for an empty gazetteer.
var ErrNoEntries = errors.New("geocode: the gazetteer has no entries")

// New indexes entries. Entries must have a kind, a name and a district;
// townships and districts are found by their ID (the code). It derives
// every entry's names (Derive) and indexes them: NewWithNames without
// the deriving, for names derived before.
func New(entries []Entry) (*Gazetteer, error) {
	g, err := newGazetteer(entries)
	if err != nil {
		return nil, err
	}
	g.indexNames(g.deriveNames())
	return g, nil
}

// Name is one name an entry is indexed under: folded Chinese (compact) or,
// with Latin, romanized (latinKey), and how much it says (quality).
type Name struct {
	Key     string
	Quality float32
	Latin   bool
}

// Derive returns the names New indexes each entry under, in the order it
// adds them: the entry's own, its aliases, the short names of an area,
// the names derived from them (deriveNames) and their romanized forms.
// Deriving them is most of New's time (pinyin, patterns), so a snapshot
// stores them and hands them back to NewWithNames when it is opened.
// They depend on the rules of this package: a change to how names are
// derived changes what Derive returns (TestDeriveGolden).
func Derive(entries []Entry) ([][]Name, error) {
	g, err := newGazetteer(entries)
	if err != nil {
		return nil, err
	}
	return g.deriveNames(), nil
}

// NewWithNames is New with the names Derive gave for the same entries.
func NewWithNames(entries []Entry, names [][]Name) (*Gazetteer, error) {
	if len(names) != len(entries) {
		return nil, fmt.Errorf("geocode: names for %d entries, %d entries", len(names), len(entries))
	}
	g, err := newGazetteer(entries)
	if err != nil {
		return nil, err
	}
	g.indexNames(names)
	return g, nil
}

// newGazetteer checks the entries and indexes the areas and the built-in
// words: all but the entries' names.
func newGazetteer(entries []Entry) (*Gazetteer, error) {
	if len(entries) == 0 {
		return nil, ErrNoEntries
	}
	g := &Gazetteer{
		entries:       entries,
		chinese:       map[string]*key{},
		latin:         map[string][]ref{},
		latinWord:     map[string]wordKind{},
		townships:     map[string]int32{},
		districts:     map[string]int32{},
		districtNames: map[string][]string{},
	}
	if err := g.indexAreas(); err != nil {
		return nil, err
	}
	g.addWords()
	return g, nil
}

// indexNames adds every entry's names and sorts the romanized ones.
func (g *Gazetteer) indexNames(names [][]Name) {
	for i, list := range names {
		for _, n := range list {
			r := ref{entry: int32(i), quality: n.Quality}
			if n.Latin {
				g.addLatin(n.Key, r)
			} else {
				g.addName(n.Key, r)
			}
		}
	}
	g.latinSorted = make([]string, 0, len(g.latin))
	for w := range g.latin {
		g.latinSorted = append(g.latinSorted, w)
	}
	sort.Strings(g.latinSorted)
}

// indexAreas checks every entry and indexes the districts and townships.
func (g *Gazetteer) indexAreas() error {
	for i, e := range g.entries {
		if e.Kind == "" || e.Name == "" || e.DistrictCode == "" {
			return fmt.Errorf("geocode: entry %d (%q): kind, name and district are required", i, e.Name)
		}
		if math.IsNaN(e.Point[0]) || math.IsNaN(e.Point[1]) {
			return fmt.Errorf("geocode: entry %d (%q): point is not a number", i, e.Name)
		}
		switch e.Kind {
		case Township:
			g.townships[e.ID] = int32(i)
		case District:
			g.districts[e.ID] = int32(i)
		}
		if e.Kind == District || e.Kind == FormerDistrict {
			g.districtNames[e.DistrictCode] = append(g.districtNames[e.DistrictCode], e.Name)
			g.districtNames[e.DistrictCode] = append(g.districtNames[e.DistrictCode], e.Aliases...)
		}
	}
	return nil
}

// addWords adds the words that are no place: the region's own, other
// provinces and cities, and fillers, in Chinese and Latin.
func (g *Gazetteer) addWords() {
	for _, w := range regionWords {
		g.addWord(w, wordRegion)
	}
	for _, w := range foreignProvinces {
		for _, form := range []string{w, w + "省", w + "市"} {
			g.addWord(form, wordForeign)
		}
	}
	for _, w := range foreignCities {
		g.addWord(w, wordForeign)
		g.addWord(w+"市", wordForeign)
	}
	for _, w := range fillerWords {
		g.addWord(w, wordFiller)
	}
	for _, w := range regionLatin {
		g.latinWord[w] = wordRegion
	}
	for _, w := range foreignLatin {
		g.latinWord[w] = wordForeign
	}
	for _, w := range fillerLatin {
		g.latinWord[w] = wordFiller
	}
}

// deriveNames lists every entry's names: its name, aliases, short names
// of an area, the names derived from it, and their romanized forms.
func (g *Gazetteer) deriveNames() [][]Name {
	entries := g.entries
	// Names that stand for districts and townships: a derived name equal
	// to one of them would only mislead (海天 may stay, 姜山 may not).
	admin := map[string]bool{}
	for _, e := range entries {
		if e.Kind == District || e.Kind == FormerDistrict || e.Kind == Township {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				admin[compact(n)] = true
			}
			for _, n := range shortAdminNames(e) {
				admin[compact(n)] = true
			}
		}
	}
	districtPrefixes := g.districtPrefixes()
	out := make([][]Name, len(entries))
	for i := range entries {
		e := &entries[i]
		var names []Name
		seen := map[string]bool{}
		add := func(name string, q float64) {
			c := compact(name)
			if c == "" || seen[c] {
				return
			}
			seen[c] = true
			names = append(names, Name{Key: c, Quality: float32(q)})
			if py := zh.Pinyin(c); len(py) >= 4 && hasHan(c) {
				names = append(names, Name{Key: py, Quality: float32(q * latinFactor), Latin: true})
			}
		}
		add(e.Name, qualityName)
		for _, a := range e.Aliases {
			add(a, qualityAlias)
		}
		for _, a := range shortAdminNames(*e) {
			add(a, qualityAlias)
		}
		for _, d := range deriveNames(e, districtPrefixes) {
			c := compact(d)
			if utf8.RuneCountInString(c) < 2 || admin[c] || g.isWord(c) || genericNames[c] || isDigits(c) {
				continue
			}
			add(d, qualityDerived)
		}
		for _, l := range e.Latin {
			if w := latinKey(l); len(w) >= 3 {
				names = append(names, Name{Key: w, Quality: float32(qualityAlias * latinFactor), Latin: true})
			}
		}
		out[i] = names
	}
	return out
}

// latinPrefix reports whether some romanized name begins with p.
func (g *Gazetteer) latinPrefix(p string) bool {
	i := sort.SearchStrings(g.latinSorted, p)
	return i < len(g.latinSorted) && strings.HasPrefix(g.latinSorted[i], p)
}

// Entries returns the gazetteer's entries, in the order given to New.
func (g *Gazetteer) Entries() []Entry { return g.entries }

// Entry returns the entry of a kind with an id.
func (g *Gazetteer) Entry(kind Kind, id string) (Entry, bool) {
	switch kind {
	case Township:
		if i, ok := g.townships[id]; ok {
			return g.entries[i], true
		}
		return Entry{}, false
	case District:
		if i, ok := g.districts[id]; ok {
			return g.entries[i], true
		}
		return Entry{}, false
	}
	for _, e := range g.entries {
		if e.Kind == kind && e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

func (g *Gazetteer) isWord(c string) bool {
	k := g.chinese[c]
	return k != nil && k.word != wordNone
}

func (g *Gazetteer) addWord(w string, kind wordKind) {
	c := compact(w)
	k := g.keyFor(c)
	if k.word == wordNone {
		k.word = kind
	}
}

func (g *Gazetteer) addName(c string, r ref) {
	k := g.keyFor(c)
	for _, x := range k.refs {
		if x.entry == r.entry {
			return
		}
	}
	k.refs = append(k.refs, r)
}

// keyFor returns the key of c, creating it and marking its prefixes.
func (g *Gazetteer) keyFor(c string) *key {
	if n := utf8.RuneCountInString(c); n > maxKeyRunes {
		c = string([]rune(c)[:maxKeyRunes])
	}
	k := g.chinese[c]
	if k == nil {
		k = &key{}
		g.chinese[c] = k
	}
	k.whole = true
	// The prefixes, longest first, up to one already marked: whatever
	// marked it marked the shorter ones too. Names share most of theirs
	// (宁波市职业技术教育中心学校 and its branches).
	for end := len(c); end > 0; {
		_, n := utf8.DecodeLastRuneInString(c[:end])
		if end -= n; end == 0 {
			break
		}
		p := g.chinese[c[:end]]
		if p == nil {
			p = &key{}
			g.chinese[c[:end]] = p
		} else if p.prefix {
			break
		}
		p.prefix = true
	}
	return k
}

func (g *Gazetteer) addLatin(w string, r ref) {
	if len(w) > 4*maxKeyRunes {
		w = w[:4*maxKeyRunes]
	}
	for _, x := range g.latin[w] {
		if x.entry == r.entry {
			return
		}
	}
	g.latin[w] = append(g.latin[w], r)
}

// compact folds s (simplified, half-width, lower case) and keeps only
// letters and digits: the form names and queries are compared in.
func compact(s string) string {
	s = zh.Fold(s)
	clean := true
	for _, r := range s {
		if !keep(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if keep(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func keep(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

// latinKey is a romanized name as the index holds it: lower-case letters
// and digits only ("Dongmenkou (Tianyi Guangchang)" is
// dongmenkoutianyiguangchang).
func latinKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(zh.Narrow(s)) {
		switch {
		case r == 'ü':
			b.WriteByte('v')
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasHan(s string) bool {
	for _, r := range s {
		if zh.IsHan(r) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
