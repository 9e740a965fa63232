package index

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

// Every course's document as courseDocument makes it indexes what bleve's
// mapping (textMapping) makes of it: the same fields, options, lengths and
// term counts.
func TestCourseDocumentMatchesMapping(t *testing.T) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	insts := make(map[string]*data.Institution, len(cat.Institutions))
	for i := range cat.Institutions {
		insts[cat.Institutions[i].ID] = &cat.Institutions[i]
	}
	m := textMapping()
	courses := append([]data.Course{{ID: "odd", Title: "ｶﾞイド_3,000 Ｃａｆé", Trade: "a.b", InstitutionID: cat.Courses[0].InstitutionID}}, cat.Courses...)
	for i := range courses {
		c := &courses[i]
		want := document.NewDocument(c.ID)
		if err := m.MapDocument(want, courseTextDoc(c, insts[c.InstitutionID])); err != nil {
			t.Fatal(err)
		}
		if got, want := indexedFields(courseDocument(c, insts[c.InstitutionID])), indexedFields(want); got != want {
			t.Fatalf("course %s: indexed as\n%s\nthe mapping indexes\n%s", c.ID, got, want)
		}
	}
}

// indexedFields describes what bleve indexes of doc's fields.
func indexedFields(doc *document.Document) string {
	out := fmt.Sprintf("id %s, %d composite fields\n", doc.ID(), len(doc.CompositeFields))
	doc.VisitFields(func(f bleveindex.Field) {
		f.Analyze()
		freqs := f.AnalyzedTokenFrequencies()
		terms := slices.Sorted(maps.Keys(freqs))
		out += fmt.Sprintf("%s %v %v type %c, %d bytes, %d tokens:", f.Name(), f.ArrayPositions(), f.Options(), f.EncodedFieldType(), f.NumPlainTextBytes(), f.AnalyzedLength())
		for _, term := range terms {
			out += fmt.Sprintf(" %s=%d(%s)", term, freqs[term].Frequency(), freqs[term].Term)
		}
		out += "\n"
	})
	return out
}

// TestTextCacheBounds: the cache of texts' matches keeps to both its
// number of texts and its number of matches, whatever comes in.
func TestTextCacheBounds(t *testing.T) {
	c := newTextCache(8, 1000)
	result := func(matches int) *textResult {
		return &textResult{Scores: &courseScores{inOrder: make([]posting, matches)}}
	}
	for i, n := range []int{0, 400, 300, 10, 999, 5000, 20, 20, 20, 20, 20, 20, 20, 20, 20, 700} {
		key := fmt.Sprint(i % 11) // some keys come again
		c.put(key, result(n))
		held := 0
		for _, r := range c.m {
			held += weight(r)
		}
		if r, ok := c.get(key); !ok || r.Scores.count() != n {
			t.Fatalf("put %d: the text just put is not kept", i)
		}
		if held != c.matches || len(c.m) > 8 || (len(c.m) > 1 && held > 1000) {
			t.Fatalf("put %d: %d texts holding %d matches (counted %d): over the bounds (8, 1000)", i, len(c.m), held, c.matches)
		}
	}
}
