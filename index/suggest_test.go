package index_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// exampleSnapshot is the tests' snapshot, for an Example (which has no
// testing.TB).
func exampleSnapshot() *index.Snapshot {
	_, snap, err := testfixture.LoadNingbo()
	if err != nil {
		panic(err)
	}
	return snap
}

func ExampleSnapshot_Suggest() {
	snap := exampleSnapshot()
	got, _ := snap.Suggest("skc", 2)
	for _, s := range got {
		fmt.Println(s.Text, s.Kind, s.Match)
	}
	// Output:
	// 数控车工 trade initials
	// 数控车床编程与操作（初级） title initials
}

func ExampleSnapshot_Search_text() {
	snap := exampleSnapshot()
	res, _ := snap.Search(context.Background(), index.Query{
		Origin: orb.Point{121.5503, 29.8730}, Mode: geo.EBike, Minutes: 30, Text: "中级電工",
	})
	u := res.Understood
	fmt.Println(u.Text, u.FilterWords, u.Levels)
	fmt.Println(res.Hits[0].Course.Trade, res.Hits[0].Course.Level)
	// Output:
	// 电工 [中级] [intermediate]
	// 电工 intermediate
}

func TestSuggestErrors(t *testing.T) {
	_, snap := ningboSnapshot(t)
	for _, tt := range []struct {
		q     string
		limit int
		field string
	}{
		{"", 0, "q"}, {"   ", 0, "q"}, {"电工", -1, "limit"}, {"电工", 21, "limit"},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", 0, "q"},
	} {
		_, err := snap.Suggest(tt.q, tt.limit)
		var qe *index.QueryError
		if !errors.As(err, &qe) || qe.Field != tt.field {
			t.Errorf("Suggest(%q, %d) = %v, want an error on %s", tt.q, tt.limit, err, tt.field)
		}
	}
}

func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"数控", "shuk", "skc", "電焊", "ＣＮＣ", "姜山", "\xff", " a "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, snap := ningboSnapshot(t)
		got, err := snap.Suggest(q, 5)
		if err != nil {
			var qe *index.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Suggest(%q): %v is not a QueryError", q, err)
			}
			return
		}
		if len(got) > 5 {
			t.Fatalf("Suggest(%q): %d suggestions", q, len(got))
		}
		for _, s := range got {
			if !utf8.ValidString(s.Text) || s.Kind == "" || s.Match == "" {
				t.Fatalf("Suggest(%q): %+v", q, s)
			}
		}
	})
}
