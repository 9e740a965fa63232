package index

import (
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

func bleveCJK(t testing.TB) analysis.Analyzer {
	t.Helper()
	a, err := cjk.AnalyzerConstructor(nil, registry.NewCache())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// sameTokens says how the fast path's tokens differ from bleve's cjk
// analyzer's: the terms in order (the index keeps their counts and the
// field's length, the number of tokens).
func sameTokens(slow analysis.Analyzer, text string) (fast bool, diff string) {
	got, ok := fastCJKTokens([]byte(text))
	if !ok {
		return false, ""
	}
	want := slow.Analyze([]byte(text))
	terms := func(ts analysis.TokenStream) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = string(t.Term)
		}
		return out
	}
	if g, w := terms(got), terms(want); fmt.Sprint(g) != fmt.Sprint(w) {
		return true, fmt.Sprintf("%q: fast %q, bleve %q", text, g, w)
	}
	return true, ""
}

// Every text the default catalogue indexes takes the fast path and gives
// bleve's tokens.
func TestFastCJKMatchesBleve(t *testing.T) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	slow := bleveCJK(t)
	insts := make(map[string]*data.Institution, len(cat.Institutions))
	for i := range cat.Institutions {
		insts[cat.Institutions[i].ID] = &cat.Institutions[i]
	}
	texts, slowPath := 0, 0
	for i := range cat.Courses {
		doc := courseTextDoc(&cat.Courses[i], insts[cat.Courses[i].InstitutionID])
		for _, text := range []string{doc.Title, doc.Trade, doc.All} {
			texts++
			fast, diff := sameTokens(slow, text)
			if diff != "" {
				t.Fatal(diff)
			}
			if !fast {
				slowPath++
			}
		}
	}
	t.Logf("%d texts, %d through bleve's analyzer", texts, slowPath)
	if slowPath > texts/100 {
		t.Errorf("%d of %d texts missed the fast path", slowPath, texts)
	}
}

// The characters the fast path classes behave so in bleve's segmentation.
func TestFastCJKClasses(t *testing.T) {
	slow := bleveCJK(t)
	check := func(text string, want ...string) {
		t.Helper()
		var got []string
		for _, tok := range slow.Analyze([]byte(text)) {
			got = append(got, string(tok.Term))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("bleve's tokens of %q are %q, the fast path assumes %q", text, got, want)
		}
	}
	for b := rune(0); b < utf8.RuneSelf; b++ {
		c := string(b)
		switch runeClass(b) {
		case charSep:
			check("a"+c+"a", "a", "a")
			check("1"+c+"1", "1", "1")
			check("汉"+c+"字", "汉", "字")
		case charMid:
			check("汉"+c+"字", "汉", "字")
			check("a"+c+"汉", "a", "汉")
			check("汉"+c+"1", "汉", "1")
		}
	}
	for r, class := range wideClass {
		c := string(r)
		check(c)
		check("汉"+c+"字", "汉", "字")
		check("a"+c+"汉", "a", "汉")
		if class == charSep {
			check("a"+c+"a", "a", "a")
			check("1"+c+"1", "1", "1")
		}
	}
	for r := rune(0x3400); r <= 0x9FFF; r++ {
		c := string(r)
		if isIdeograph(r) {
			check(c+c+"a"+c+"1"+c, c+c, "a", c, "1", c)
		} else if r < 0x4DC0 || r >= 0x4E00 {
			// next to the ranges: not an ideograph to bleve's segmenter,
			// or one the fast path would have to know
			if toks := slow.Analyze([]byte(c + c)); len(toks) == 1 && string(toks[0].Term) == c+c {
				t.Errorf("%U is an ideograph to bleve and not to isIdeograph", r)
			}
		}
	}
}

// fuzzAlphabet is what FuzzFastCJK spells texts with: the fast path's
// classes and their neighbours (joiners, full-width letters, kana).
var fuzzAlphabet = []string{"a", "Z", "0", "9", " ", "-", ".", ",", ":", "'", "\"", "_", "/", "\n",
	"汉", "字", "焊", "㐀", "䶵", "鿕", "鿖", "、", "。", "，", "：", "·", "（", "—", "“", "ａ", "０", "ア", "ｱ", "ﾞ", "\u0301", "\u200d"}

func FuzzFastCJK(f *testing.F) {
	for _, s := range []string{"数控车工（中级）", "CNC编程 4-01-02-01", "a.b 3,000 x:y", "电工·焊工，A1：", "汉 字", "1，2"} {
		f.Add(s)
	}
	slow := bleveCJK(f)
	f.Fuzz(func(t *testing.T, s string) {
		spelt := make([]byte, 0, 3*len(s))
		for i := 0; i < len(s); i++ {
			spelt = append(spelt, fuzzAlphabet[int(s[i])%len(fuzzAlphabet)]...)
		}
		for _, text := range []string{s, string(spelt)} {
			if _, diff := sameTokens(slow, text); diff != "" {
				t.Fatal(diff)
			}
		}
	})
}
