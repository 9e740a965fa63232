package index_test

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// The judged set (testdata/judged.txt) measures text search as workers
// use it. Floors are set a little under the figures measured when they
// were last raised (README, "Text search"), so that a change that makes
// search worse fails.
const (
	floorNDCG   = 0.93
	floorRecall = 0.92
)

type judgedQuery struct {
	line    int
	text    string
	origin  string
	point   orb.Point
	mode    geo.Mode
	minutes int
	clauses []judgedClause
}

type judgedClause struct {
	grade int
	conds []func(*data.Course) bool
}

func (q *judgedQuery) grade(c *data.Course) int {
	best := 0
	for _, cl := range q.clauses {
		ok := true
		for _, cond := range cl.conds {
			if !cond(c) {
				ok = false
				break
			}
		}
		if ok && cl.grade > best {
			best = cl.grade
		}
	}
	return best
}

func readJudged(t testing.TB) []judgedQuery {
	t.Helper()
	f, err := os.Open("testdata/judged.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	origins := map[string]orb.Point{}
	var out []judgedQuery
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fail := func(format string, args ...any) {
			t.Fatalf("judged.txt:%d: %s", n, fmt.Sprintf(format, args...))
		}
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "@"):
			f := strings.Fields(line[1:])
			if len(f) != 3 {
				fail("origin: want name lng lat")
			}
			lng, err1 := strconv.ParseFloat(f[1], 64)
			lat, err2 := strconv.ParseFloat(f[2], 64)
			if err1 != nil || err2 != nil {
				fail("origin %s: bad coordinates", f[0])
			}
			origins[f[0]] = orb.Point{lng, lat}
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 5 {
			fail("want 5 tab-separated columns, have %d", len(cols))
		}
		q := judgedQuery{line: n, text: cols[0], origin: cols[1]}
		var ok bool
		if q.point, ok = origins[cols[1]]; !ok {
			fail("unknown origin %q", cols[1])
		}
		if q.mode, err = geo.ParseMode(cols[2]); err != nil {
			fail("%v", err)
		}
		if q.minutes, err = strconv.Atoi(cols[3]); err != nil {
			fail("minutes: %v", err)
		}
		for _, part := range strings.Split(cols[4], "|") {
			grade, conds, found := strings.Cut(strings.TrimSpace(part), " ")
			g, err := strconv.Atoi(grade)
			if !found || err != nil || g < 1 || g > 3 {
				fail("clause %q: want a grade 1-3, a space and conditions", part)
			}
			cl := judgedClause{grade: g}
			for _, cond := range strings.Split(conds, "&") {
				fn, err := judgedCondition(cond)
				if err != nil {
					fail("%v", err)
				}
				cl.conds = append(cl.conds, fn)
			}
			q.clauses = append(q.clauses, cl)
		}
		out = append(out, q)
	}
	return out
}

func judgedCondition(cond string) (func(*data.Course) bool, error) {
	if cond == "free" {
		return func(c *data.Course) bool { return c.FeeCNY == 0 || c.Subsidy == data.Free }, nil
	}
	if key, val, ok := strings.Cut(cond, "~"); ok {
		switch key {
		case "title":
			return func(c *data.Course) bool { return strings.Contains(c.Title, val) }, nil
		case "desc":
			return func(c *data.Course) bool { return strings.Contains(c.Description, val) }, nil
		}
		return nil, fmt.Errorf("condition %q: ~ takes title or desc", cond)
	}
	key, val, ok := strings.Cut(cond, "=")
	if !ok {
		return nil, fmt.Errorf("condition %q: want key=values, key~text or free", cond)
	}
	set := map[string]bool{}
	for _, v := range strings.Split(val, ",") {
		set[v] = true
	}
	switch key {
	case "trade":
		return func(c *data.Course) bool { return set[c.Trade] }, nil
	case "level":
		return func(c *data.Course) bool { return set[string(c.Level)] }, nil
	case "schedule":
		return func(c *data.Course) bool { return set[string(c.Schedule)] }, nil
	case "audience":
		return func(c *data.Course) bool { return set[string(c.Audience)] }, nil
	case "subsidy":
		return func(c *data.Course) bool { return set[string(c.Subsidy)] }, nil
	}
	return nil, fmt.Errorf("condition %q: unknown key %q", cond, key)
}

// judgedScore is one query's measures.
type judgedScore struct {
	ndcg, recall float64
	relevant     int // grade >= 2, reachable
	found        int
}

// scoreJudged runs one query and measures nDCG@10 over the first page and
// recall over every hit.
func scoreJudged(t testing.TB, cat *data.Catalogue, snap *index.Snapshot, q judgedQuery) judgedScore {
	t.Helper()
	model, err := snap.Meta().TravelModels.Get(q.mode)
	if err != nil {
		t.Fatal(err)
	}
	reachable := bruteForce(cat, model, q.point, float64(q.minutes), func(*data.Course, *data.Site) bool { return true })
	grades := map[string]int{}
	var ideal []int
	relevant := 0
	for i := range cat.Courses {
		c := &cat.Courses[i]
		if _, ok := reachable[c.ID]; !ok {
			continue
		}
		if g := q.grade(c); g > 0 {
			grades[c.ID] = g
			ideal = append(ideal, g)
			if g >= 2 {
				relevant++
			}
		}
	}
	if relevant == 0 {
		return judgedScore{}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	res, err := snap.Search(context.Background(), index.Query{Origin: q.point, Mode: q.mode, Minutes: q.minutes, Text: q.text, Limit: index.MaxLimit})
	if err != nil {
		t.Fatalf("judged.txt:%d: %q: %v", q.line, q.text, err)
	}
	hits := res.Hits
	for offset := len(hits); offset < res.Total && offset < index.MaxOffset; offset += index.MaxLimit {
		more, err := snap.Search(context.Background(), index.Query{Origin: q.point, Mode: q.mode, Minutes: q.minutes, Text: q.text, Limit: index.MaxLimit, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		hits = append(hits, more.Hits...)
	}
	dcg := func(gs []int) float64 {
		sum := 0.0
		for i, g := range gs {
			if i == 10 {
				break
			}
			sum += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
		}
		return sum
	}
	var got []int
	found := 0
	for i, h := range hits {
		g := grades[h.Course.ID]
		if i < 10 {
			got = append(got, g)
		}
		if g >= 2 {
			found++
		}
	}
	return judgedScore{ndcg: dcg(got) / dcg(ideal), recall: float64(found) / float64(relevant), relevant: relevant, found: found}
}

// TestJudgedQueries measures search on the judged set and fails below the
// floors. With -v it prints every query's figures.
func TestJudgedQueries(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	queries := readJudged(t)
	if len(queries) < 80 {
		t.Fatalf("judged set has %d queries; want at least 80", len(queries))
	}
	ndcg, recall := measureJudged(t, cat, snap, queries, true)
	fmt.Printf("judged set: %d queries, mean nDCG@10 %.3f, mean recall %.3f\n", len(queries), ndcg, recall)
	if ndcg < floorNDCG {
		t.Errorf("mean nDCG@10 %.3f is below the floor %.3f", ndcg, floorNDCG)
	}
	if recall < floorRecall {
		t.Errorf("mean recall %.3f is below the floor %.3f", recall, floorRecall)
	}
}

// measureJudged returns the mean nDCG@10 and recall over queries.
func measureJudged(t *testing.T, cat *data.Catalogue, snap *index.Snapshot, queries []judgedQuery, log bool) (ndcg, recall float64) {
	var sumNDCG, sumRecall float64
	for _, q := range queries {
		s := scoreJudged(t, cat, snap, q)
		if s.relevant == 0 {
			t.Errorf("judged.txt:%d: %q from %s: no relevant course within %d minutes by %s; move the origin", q.line, q.text, q.origin, q.minutes, q.mode)
			continue
		}
		sumNDCG += s.ndcg
		sumRecall += s.recall
		if log {
			t.Logf("%-14s %-10s nDCG@10 %.3f  recall %.3f (%d of %d)", q.text, q.origin, s.ndcg, s.recall, s.found, s.relevant)
		}
	}
	return sumNDCG / float64(len(queries)), sumRecall / float64(len(queries))
}
