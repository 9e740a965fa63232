package index

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/index/zh"
)

// Suggest reads only the entries its postings and orders point to; it
// answers what reading every entry answers. The reference here reads them
// all, as Suggest once did.
func TestSuggestAgreesWithReadingEveryEntry(t *testing.T) {
	snap := openNingbo(t)
	g := &snap.suggest
	g.once.Do(func() { g.build(snap) })
	scan := func(q string, limit int) []Suggestion {
		folded := strings.Join(strings.Fields(zh.Fold(q)), "")
		latin := isLatinWord(folded)
		type ranked struct {
			e     *suggestEntry
			match int
		}
		var found []ranked
		for i := range g.entries {
			if m := g.match(int32(i), folded, latin); m >= 0 {
				found = append(found, ranked{&g.entries[i], m})
			}
		}
		sort.SliceStable(found, func(i, j int) bool {
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
			return len(a.e.Text) < len(b.e.Text)
		})
		matches := []string{MatchPrefix, MatchPinyin, MatchInitials, MatchContains}
		out := make([]Suggestion, 0, min(limit, len(found)))
		for _, r := range found[:min(limit, len(found))] {
			out = append(out, Suggestion{Text: r.e.Text, Kind: r.e.Kind, Code: r.e.Code, Courses: r.e.Courses, Match: matches[r.match]})
		}
		return out
	}
	// Queries: beginnings and middles of every entry's text, pinyin and
	// initials, and some that match nothing.
	r := rand.New(rand.NewPCG(5, 6))
	queries := []string{"电", "工", "数控", "skc", "sk", "s", "x", "dian", "dg", "cnc", "excel", "宁波", "站", "街道", "zz", "qq", "xyz", "月嫂", "ys"}
	piece := func(s string) string {
		runes := []rune(s)
		if len(runes) == 0 {
			return ""
		}
		from := r.IntN(len(runes))
		return string(runes[from:min(len(runes), from+1+r.IntN(4))])
	}
	for i := 0; i < len(g.entries); i += 7 {
		e := &g.entries[i]
		queries = append(queries, piece(e.Text), piece(e.pinyin), piece(e.initials))
	}
	for _, q := range queries {
		if strings.TrimSpace(q) == "" || utf8.RuneCountInString(q) > MaxSuggestRunes {
			continue
		}
		got, err := snap.Suggest(q, MaxSuggestLimit)
		if err != nil {
			t.Fatalf("Suggest(%q): %v", q, err)
		}
		if want := scan(q, MaxSuggestLimit); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("Suggest(%q):\n got  %v\n want %v", q, got, want)
		}
	}
	t.Logf("%d queries agree", len(queries))
}
