package index_test

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-ego/gse"

	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/zh"
)

// TestSegmenterComparison measures the judged set with a dictionary word
// segmenter (github.com/go-ego/gse) in place of characters and bigrams,
// everything else (filters, synonyms, pinyin, ranking) alike, and checks
// that bigrams, which the search uses, do at least as well.
//
// The catalogue dictionary (trade names, the synonym list, filter words:
// loads in milliseconds) always runs; gse's own general dictionary takes
// seconds and about 200 MB to load, so it runs with SKILLCIRCLE_GSE=1.
func TestSegmenterComparison(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	queries := readJudged(t)
	defer snap.UseSegmenter(nil)

	type variant struct {
		name string
		load func() (*gse.Segmenter, error)
	}
	catalogueDict := func() (*gse.Segmenter, error) {
		words := index.DictionaryWords()
		for i := range cat.Courses {
			words = append(words, zh.Fold(cat.Courses[i].Trade))
		}
		sort.Strings(words)
		var b strings.Builder
		for i, w := range words {
			if (i == 0 || w != words[i-1]) && !strings.ContainsAny(w, " \t") {
				fmt.Fprintf(&b, "%s 100 n\n", w)
			}
		}
		seg := &gse.Segmenter{}
		return seg, seg.LoadDictStr(b.String())
	}
	variants := []variant{{"gse, catalogue dictionary", catalogueDict}}
	if os.Getenv("SKILLCIRCLE_GSE") == "1" {
		variants = append(variants, variant{"gse, general dictionary", func() (*gse.Segmenter, error) {
			seg, err := gse.New()
			return &seg, err
		}})
	}

	snap.UseSegmenter(nil)
	bigramNDCG, bigramRecall := measureJudged(t, cat, snap, queries, false)
	fmt.Printf("segmenter comparison: bigrams: nDCG@10 %.3f, recall %.3f\n", bigramNDCG, bigramRecall)
	for _, v := range variants {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		seg, err := v.load()
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		loaded := time.Since(start)
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		snap.UseSegmenter(func(s string) []string { return seg.CutSearch(s, false) })
		ndcg, recall := measureJudged(t, cat, snap, queries, false)
		fmt.Printf("segmenter comparison: %s: nDCG@10 %.3f, recall %.3f; dictionary loaded in %v, %d MB\n",
			v.name, ndcg, recall, loaded.Round(time.Millisecond), (int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20)
		if ndcg > bigramNDCG {
			t.Errorf("%s: nDCG@10 %.3f beats bigrams' %.3f: reconsider the analysis (README, Text search)", v.name, ndcg, bigramNDCG)
		}
		seg = nil
	}
}
