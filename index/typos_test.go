package index_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// The typo set (testdata/typos.txt) measures how search reads slips of
// typing. The floor is set a little under the count measured when it was
// last raised (README, "Measured on the judged set"), so that a change
// that catches fewer fails; the right queries and the unknown words must
// all be left alone.
const floorTypos = 107

// typoHits is how many of the first hits must have a trade listed.
const typoHits = 3

type typoQuery struct {
	line   int
	text   string
	kind   string
	trades map[string]bool
}

var typoKinds = map[string]bool{
	"homophone": true, "near": true, "missing": true, "swapped": true, "extra": true, "visual": true,
	"pinyin": true, "english": true, "correct": true, "unknown": true,
}

func readTypos(t testing.TB) []typoQuery {
	t.Helper()
	f, err := os.Open("testdata/typos.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []typoQuery
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("typos.txt:%d: want 3 tab-separated columns, have %d", n, len(cols))
		}
		q := typoQuery{line: n, text: cols[0], kind: cols[1], trades: map[string]bool{}}
		if !typoKinds[q.kind] {
			t.Fatalf("typos.txt:%d: unknown kind %q", n, q.kind)
		}
		for _, tr := range strings.Split(cols[2], ",") {
			if tr = strings.TrimSpace(tr); tr != "" {
				q.trades[tr] = true
			}
		}
		if (q.kind == "unknown") != (len(q.trades) == 0) {
			t.Fatalf("typos.txt:%d: an unknown word lists no trades, every other line some", n)
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// searchTypo searches text as the page would, from 天一广场 by e-bike.
func searchTypo(t *testing.T, snap *index.Snapshot, text string) *index.Result {
	t.Helper()
	res, err := snap.Search(context.Background(), index.Query{Origin: tianyiSquare, Mode: geo.EBike, Minutes: 30, Text: text, Limit: typoHits})
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return res
}

// findsTrades reports whether the first hits all have one of trades.
func findsTrades(res *index.Result, trades map[string]bool) bool {
	if len(res.Hits) == 0 {
		return false
	}
	for _, h := range res.Hits {
		if !trades[h.Course.Trade] {
			return false
		}
	}
	return true
}

// readAs says how search read a query: the correction it made, if any.
func readAs(res *index.Result) string {
	if u := res.Understood; u != nil {
		if u.Corrected != "" {
			return u.Corrected
		}
		for _, term := range u.Terms {
			if term.Corrected != "" {
				return term.Corrected // a correction that found nothing
			}
		}
	}
	return ""
}

func hitTrades(res *index.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Course.Trade)
	}
	return out
}

// TestTypos counts the slips of the typo set that find the trade they were
// meant for, and fails below the floor or when a right query or an
// unknown word is corrected. With -v it logs every slip's reading.
func TestTypos(t *testing.T) {
	_, snap := ningboSnapshot(t)
	queries := readTypos(t)
	kinds := map[string][2]int{} // found, of
	found, slips, leftAlone, guards := 0, 0, 0, 0
	for _, q := range queries {
		res := searchTypo(t, snap, q.text)
		if q.kind == "correct" || q.kind == "unknown" {
			guards++
			if c := readAs(res); c != "" {
				t.Errorf("typos.txt:%d: %q (%s) was corrected to %q", q.line, q.text, q.kind, c)
				continue
			}
			if q.kind == "correct" && !findsTrades(res, q.trades) {
				t.Errorf("typos.txt:%d: %q as typed finds %v, not its trades", q.line, q.text, hitTrades(res))
				continue
			}
			leftAlone++
			continue
		}
		slips++
		how := "as typed"
		if c := readAs(res); c != "" {
			how = "corrected to " + c
		}
		if res.Total == 0 && res.DidYouMean != "" {
			how = "did_you_mean " + res.DidYouMean
			res = searchTypo(t, snap, res.DidYouMean)
		}
		k := kinds[q.kind]
		k[1]++
		if findsTrades(res, q.trades) {
			found++
			k[0]++
			t.Logf("%-14s %-9s found, %s", q.text, q.kind, how)
		} else {
			t.Logf("typos.txt:%d: %q (%s) missed: %s, first hits %v", q.line, q.text, q.kind, how, hitTrades(res))
		}
		kinds[q.kind] = k
	}
	var byKind []string
	for k, v := range kinds {
		byKind = append(byKind, fmt.Sprintf("%s %d/%d", k, v[0], v[1]))
	}
	sort.Strings(byKind)
	fmt.Printf("typo set: %d of %d slips find their trade (%s); %d of %d right queries and unknown words left alone\n",
		found, slips, strings.Join(byKind, ", "), leftAlone, guards)
	if slips < 40 {
		t.Errorf("typo set has %d slips; want at least 40", slips)
	}
	if found < floorTypos {
		t.Errorf("%d of %d slips find their trade; the floor is %d", found, slips, floorTypos)
	}
}
