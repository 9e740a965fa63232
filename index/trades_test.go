package index_test

import (
	"slices"
	"strings"
	"testing"
)

// TradesMeant reads a typed trade as the search does: the trade itself,
// its synonyms' trades, or the trades containing it; nothing for a word
// the catalogue does not know.
func TestTradesMeant(t *testing.T) {
	_, snap := ningboSnapshot(t)
	for _, tc := range []struct {
		typed string
		want  []string // each must be among the trades read
		not   []string // none of these may be
		exact bool     // the answer is exactly want
	}{
		{"焊工", []string{"焊工"}, nil, true},
		{" 焊工 ", []string{"焊工"}, nil, true},
		{"电焊", []string{"焊工", "电焊工"}, []string{"电工"}, false},
		{"数控", []string{"数控车工", "数控铣工"}, []string{"电工"}, false},
		{"CNC", []string{"数控车工", "数控铣工", "加工中心操作工"}, nil, false},
		{"月嫂", []string{"母婴护理员"}, []string{"育婴员"}, false},
		{"叉车", []string{"叉车司机"}, nil, false},
		{"量子烹饪", nil, nil, true},
		{"", nil, nil, true},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			got := snap.TradesMeant(tc.typed)
			if tc.exact && !slices.Equal(got, tc.want) {
				t.Fatalf("%q read as %v, want %v", tc.typed, got, tc.want)
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q read as %v, which lacks %s", tc.typed, got, w)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("%q read as %v, which should not hold %s", tc.typed, got, n)
				}
			}
			if !slices.IsSorted(got) {
				t.Errorf("%v is not sorted", got)
			}
			for _, g := range got {
				if strings.TrimSpace(g) == "" {
					t.Errorf("empty trade in %v", got)
				}
			}
		})
	}
}
