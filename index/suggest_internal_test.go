package index

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/index/text"
	"github.com/skillcircle/skillcircle/index/zh"
)

// Suggest reads only the entries its postings and orders point to; it
// answers what reading every entry answers.
func TestSuggestAgreesWithReadingEveryEntry(t *testing.T) {
	snap := openNingbo(t)
	g := &snap.suggest
	g.once.Do(func() { g.build(snap) })
	every := make([]int32, len(g.entries))
	for i := range every {
		every[i] = int32(i)
	}
	// Queries: beginnings and middles of every seventh entry's text, pinyin
	// and initials, and some that match nothing.
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
		folded := strings.Join(strings.Fields(zh.Fold(q)), "")
		want := g.best(every, folded, text.IsLatinWord(folded), MaxSuggestLimit)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Suggest(%q):\n got  %v\n want %v", q, got, want)
		}
	}
	t.Logf("%d queries agree", len(queries))
}
