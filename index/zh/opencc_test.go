package zh_test

import (
	"bufio"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"

	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/index/zh"
)

// TestSimplifyAgreesWithOpenCC checks Simplify against the OpenCC port it
// replaces (github.com/longbridgeapp/opencc, t2s) on every entry of the
// tables and on the catalogue's titles and place names written in
// traditional characters by OpenCC's own s2t.
func TestSimplifyAgreesWithOpenCC(t *testing.T) {
	t2s, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	s2t, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, file := range []string{"opencc/TSCharacters.txt", "opencc/TSPhrases.txt"} {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			from, _, _ := strings.Cut(sc.Text(), "\t")
			inputs = append(inputs, from, "前"+from+"後")
		}
		f.Close()
	}
	for _, file := range []string{"courses.csv", "townships.csv", "institutions.csv"} {
		f, err := ningbo.Catalogue.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			for _, field := range row[1:4] {
				trad, err := s2t.Convert(field)
				if err != nil {
					t.Fatal(err)
				}
				inputs = append(inputs, trad)
			}
		}
	}
	differ := 0
	for _, in := range inputs {
		want, err := t2s.Convert(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := zh.Simplify(in); got != want {
			if differ++; differ <= 10 {
				t.Errorf("Simplify(%q) = %q, OpenCC t2s %q", in, got, want)
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d inputs differ", differ, len(inputs))
	}
}

func BenchmarkSimplifyOpenCC(b *testing.B) {
	cc, err := opencc.New("t2s")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cc.Convert("數控車工（中級）職業技能等級認定培訓")
	}
}

func BenchmarkOpenCCNew(b *testing.B) {
	for b.Loop() {
		if _, err := opencc.New("t2s"); err != nil {
			b.Fatal(err)
		}
	}
}
