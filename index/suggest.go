package index

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/index/geocode"
	"github.com/skillcircle/skillcircle/index/text"
	"github.com/skillcircle/skillcircle/index/zh"
)

// Limits of Suggest.
const (
	DefaultSuggestLimit = 8
	MaxSuggestLimit     = 20
	MaxSuggestRunes     = 30
)

// Kinds of suggestion.
const (
	SuggestTrade = "trade" // a trade (工种) courses train for
	SuggestTitle = "title" // a course title, without its period and schedule suffixes
	SuggestPlace = "place" // a district, township, metro station or named place
)

// How a suggestion matched what was typed, best first.
const (
	MatchPrefix   = "prefix"   // the text starts with it
	MatchPinyin   = "pinyin"   // its pinyin starts with it (shuk: 数控车工)
	MatchInitials = "initials" // its pinyin initials start with it (skc: 数控车工)
	MatchContains = "contains" // the text contains it
)

// Suggestion is one completion of what a person is typing.
type Suggestion struct {
	Text string `json:"text"`
	Kind string `json:"kind"`
	// Code is a place's district or township code.
	Code string `json:"code,omitempty"`
	// Courses is how many courses have this trade or title.
	Courses int    `json:"courses,omitempty"`
	Match   string `json:"match"`
}

// SuggestEntry is a completion candidate.
type SuggestEntry struct {
	Text    string
	Kind    string
	Code    string
	Courses int
}

// suggestSources list where completions come from. Each is called once,
// when the snapshot is opened; to complete a new kind of name, add a
// function returning its entries.
var suggestSources = [...]func(*Snapshot) []SuggestEntry{tradeEntries, titleEntries, placeEntries, gazetteerPlaces}

// kindOrder ranks kinds within one kind of match: what people search for
// most directly first.
var kindOrder = map[string]int{SuggestTrade: 0, SuggestTitle: 1, SuggestPlace: 2}

func tradeEntries(s *Snapshot) []SuggestEntry {
	counts := map[string]int{}
	for i := range s.courses {
		counts[s.courses[i].Trade]++
	}
	out := make([]SuggestEntry, 0, len(counts))
	for t, n := range counts {
		out = append(out, SuggestEntry{Text: t, Kind: SuggestTrade, Courses: n})
	}
	return out
}

// titleSuffix is what makes one offering's title differ from the next:
// its period and schedule.
var titleSuffix = regexp.MustCompile(`(（(第\d+期|晚班|周末班)）)+$`)

func titleEntries(s *Snapshot) []SuggestEntry {
	titles := map[string]int{} // as they are: the pattern is read once per title
	for i := range s.courses {
		titles[s.courses[i].Title]++
	}
	counts := map[string]int{}
	for t, n := range titles {
		counts[titleSuffix.ReplaceAllString(t, "")] += n
	}
	out := make([]SuggestEntry, 0, len(counts))
	for t, n := range counts {
		out = append(out, SuggestEntry{Text: t, Kind: SuggestTitle, Courses: n})
	}
	return out
}

func placeEntries(s *Snapshot) []SuggestEntry {
	var out []SuggestEntry
	for _, d := range s.districts {
		out = append(out, SuggestEntry{Text: d.Name, Kind: SuggestPlace, Code: d.Code})
	}
	for _, t := range s.townships {
		out = append(out, SuggestEntry{Text: t.Name, Kind: SuggestPlace, Code: t.Code})
	}
	return out
}

// gazetteerPlaces are the geocoder's metro stations, named places (parks,
// shopping centres, hospitals, schools) and employers (workers start from
// their workplace), by the township holding them.
func gazetteerPlaces(s *Snapshot) []SuggestEntry {
	var out []SuggestEntry
	for _, e := range s.gazetteerEntries {
		if e.Kind != geocode.Station && e.Kind != geocode.Place && e.Kind != geocode.Enterprise {
			continue
		}
		code := e.TownshipCode
		if code == "" {
			code = e.DistrictCode
		}
		out = append(out, SuggestEntry{Text: e.Name, Kind: SuggestPlace, Code: code})
	}
	return out
}

// suggestEntry is an entry with its folded forms.
type suggestEntry struct {
	SuggestEntry
	folded, pinyin, initials string
}

// suggester holds every entry, built when the snapshot is opened (Open
// builds it; Suggest's once only guards a Snapshot made another way), with
// what finds them
// without reading them all: postings of each rune and rune bigram of the
// folded texts, and the entries in pinyin and in initials order.
type suggester struct {
	once       sync.Once
	entries    []suggestEntry
	post       map[string][]int32 // rune or bigram of folded -> entries holding it, in order
	byPinyin   []int32
	byInitials []int32
}

func (g *suggester) build(s *Snapshot) {
	seen := map[string]bool{}
	for _, source := range suggestSources {
		for _, e := range source(s) {
			key := e.Kind + "\x00" + e.Text
			if e.Text == "" || seen[key] {
				continue
			}
			seen[key] = true
			g.entries = append(g.entries, suggestEntry{SuggestEntry: e, folded: zh.Fold(e.Text),
				pinyin: zh.Pinyin(e.Text), initials: zh.Initials(e.Text)})
		}
	}
	sort.Slice(g.entries, func(i, j int) bool {
		a, b := &g.entries[i], &g.entries[j]
		if a.Kind != b.Kind {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		return a.Text < b.Text
	})
	g.post = map[string][]int32{}
	for i := range g.entries {
		runes := []rune(g.entries[i].folded)
		for j := range runes {
			for _, key := range []string{string(runes[j]), string(runes[j:min(j+2, len(runes))])} {
				if p := g.post[key]; len(p) == 0 || p[len(p)-1] != int32(i) {
					g.post[key] = append(p, int32(i))
				}
			}
		}
		g.byPinyin = append(g.byPinyin, int32(i))
		g.byInitials = append(g.byInitials, int32(i))
	}
	sort.SliceStable(g.byPinyin, func(i, j int) bool { return g.entries[g.byPinyin[i]].pinyin < g.entries[g.byPinyin[j]].pinyin })
	sort.SliceStable(g.byInitials, func(i, j int) bool {
		return g.entries[g.byInitials[i]].initials < g.entries[g.byInitials[j]].initials
	})
}

// Match kinds, best first: the order of suggestions.
const (
	matchPrefix = iota
	matchPinyin
	matchInitials
	matchContains
)

// match returns how entry i matches folded, or -1: its best match, as a
// reading of every entry would find it.
func (g *suggester) match(i int32, folded string, latin bool) int {
	e := &g.entries[i]
	switch {
	case strings.HasPrefix(e.folded, folded):
		return matchPrefix
	case latin && strings.HasPrefix(e.pinyin, folded):
		return matchPinyin
	case latin && len(folded) >= 2 && strings.HasPrefix(e.initials, folded):
		return matchInitials
	case strings.Contains(e.folded, folded):
		return matchContains
	}
	return -1
}

// candidates returns the entries that may match folded, each once: those
// holding its rarest rune or bigram, and for a Latin word those whose
// pinyin or initials start with it.
func (g *suggester) candidates(folded string, latin bool) []int32 {
	runes := []rune(folded)
	cands := g.post[string(runes[0])]
	for j := 0; j+1 < len(runes); j++ {
		if p := g.post[string(runes[j:j+2])]; len(p) < len(cands) || j == 0 {
			cands = p
		}
	}
	if !latin {
		return cands
	}
	out := slices.Clone(cands)
	for _, by := range []struct {
		order []int32
		key   func(e *suggestEntry) string
	}{{g.byPinyin, func(e *suggestEntry) string { return e.pinyin }}, {g.byInitials, func(e *suggestEntry) string { return e.initials }}} {
		from := sort.Search(len(by.order), func(k int) bool { return by.key(&g.entries[by.order[k]]) >= folded })
		for k := from; k < len(by.order) && strings.HasPrefix(by.key(&g.entries[by.order[k]]), folded); k++ {
			out = append(out, by.order[k])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Suggest completes what a person has typed so far into trades, course
// titles and places: those that start with it, whose pinyin or initials
// start with it, then those that contain it. Within each, trades come
// before titles before places, and more courses before fewer.
func (s *Snapshot) Suggest(q string, limit int) ([]Suggestion, error) {
	if limit == 0 {
		limit = DefaultSuggestLimit
	}
	if limit < 1 || limit > MaxSuggestLimit {
		return nil, invalid("limit", "%d is outside 1..%d", limit, MaxSuggestLimit)
	}
	folded := strings.Join(strings.Fields(zh.Fold(q)), "")
	if folded == "" {
		return nil, invalid("q", "is empty; give the first letters or characters of a course, trade or place")
	}
	if n := utf8.RuneCountInString(folded); n > MaxSuggestRunes {
		return nil, invalid("q", "is %d characters long; at most %d", n, MaxSuggestRunes)
	}
	g := &s.suggest
	g.once.Do(func() { g.build(s) })
	latin := text.IsLatinWord(folded)
	return g.best(g.candidates(folded, latin), folded, latin, limit), nil
}

// best returns the first limit of the entries ids that match folded, in
// the order of suggestions: by kind of match, then kind of entry, then
// more courses, then shorter text, then the entries' own order.
func (g *suggester) best(ids []int32, folded string, latin bool, limit int) []Suggestion {
	type ranked struct {
		e     *suggestEntry
		i     int32
		match int
	}
	var found []ranked
	for _, i := range ids {
		if match := g.match(i, folded, latin); match >= 0 {
			found = append(found, ranked{&g.entries[i], i, match})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.match != b.match {
			return a.match < b.match
		}
		if a.e.Kind != b.e.Kind {
			return kindOrder[a.e.Kind] < kindOrder[b.e.Kind]
		}
		if a.e.Courses != b.e.Courses {
			return a.e.Courses > b.e.Courses
		}
		if len(a.e.Text) != len(b.e.Text) {
			return len(a.e.Text) < len(b.e.Text)
		}
		return a.i < b.i
	})
	matches := []string{MatchPrefix, MatchPinyin, MatchInitials, MatchContains}
	out := make([]Suggestion, 0, min(limit, len(found)))
	for _, r := range found[:min(limit, len(found))] {
		out = append(out, Suggestion{Text: r.e.Text, Kind: r.e.Kind, Code: r.e.Code, Courses: r.e.Courses, Match: matches[r.match]})
	}
	return out
}
