package index

import (
	"cmp"
	"maps"
	"math/bits"
	"slices"
	"sync"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index/travel"
)

// Soonest start first, without text: the counts and facets are the travel
// order's (walkCells), only the page differs. Ranking every reachable
// course for it cost a 60-minute drive at a hundred times the default
// catalogue 17-28 ms; instead the courses are read in start order (kept
// per snapshot, made when first asked), each tested for a reachable site,
// until the page is found with every course starting on the day of its
// last, and those are ordered as rank orders them (firstInOrder). A short
// reach finds few courses in that order, so it still ranks those it
// reaches (scanByStart), and so does a reach whose courses start late (the
// reading stops after as many courses as it reaches). It answers as
// searchWalk does (see TestSearchByOrderAgrees). Cheapest first is left to
// searchWalk: fees tie far more than start dates (one course in eight is
// free), and each tying course within reach would need its time.

// scanByStart reports whether a pass by start without text (nor
// per-course travel times) should read the courses in start order: counted
// by cell (byCells: by estimate from one origin, no filter, no list of
// sites), with the courses in the cells within reach (an upper bound) dense
// enough in that order (startScanPays; searchByTravel asks again with the
// courses found within reach).
func (s *Snapshot) scanByStart(q *Query, scores *courseScores, tr *travel.Mode, f *filter, limit float64) bool {
	if q.Sort != SortStart || scores != nil || q.fit != nil || q.commute != nil || q.FitSchedule {
		return false
	}
	est, ok := s.byCells(q, tr, f, limit)
	if !ok {
		return false
	}
	reach := 0
	est.Cells(func(ci int32, _ float64, _ bool) { reach += int(s.cellTallies[ci].courses) })
	return s.startScanPays(reach, q.Offset+q.Limit)
}

// startScanPays reports whether reading the courses in start order for
// want of the reachable ones should cost less than ranking those:
// want·N/reachable read, if the reachable start like the rest, against
// reachable ranked, with room (16 times) for the ties of the last day and
// for a reach whose courses start later than most (a 15-minute walk's at
// a hundred times the default catalogue was slower read than ranked at 4).
func (s *Snapshot) startScanPays(reachable, want int) bool {
	return reachable*reachable >= 16*want*len(s.courses)
}

// courseOrder is the courses in one order's key, ties in no particular
// order, made when first asked.
type courseOrder struct {
	once    sync.Once
	courses []int32
}

// byStartDate returns the courses in start order.
func (s *Snapshot) byStartDate() []int32 {
	s.startOrder.once.Do(func() {
		s.startOrder.courses = orderCourses(s.courses, func(c *data.Course) int64 { return c.StartDate.UnixNano() })
	})
	return s.startOrder.courses
}

// orderCourses returns the courses' numbers ordered by key: the key's
// distinct values ranked, then a radix sort by rank (a term's start dates
// take a few hundred values; comparing 641,600 courses' keys took 100 ms).
func orderCourses[K cmp.Ordered](courses []data.Course, key func(*data.Course) K) []int32 {
	const indexBits = 24 // a sort key's low bits hold the course
	rank := map[K]uint64{}
	for i := range courses {
		rank[key(&courses[i])] = 0
	}
	for i, v := range slices.Sorted(maps.Keys(rank)) {
		rank[v] = uint64(i)
	}
	out := make([]int32, len(courses))
	if len(courses) >= 1<<indexBits {
		for i := range out {
			out[i] = int32(i)
		}
		slices.SortFunc(out, func(a, b int32) int { return cmp.Compare(key(&courses[a]), key(&courses[b])) })
		return out
	}
	keys := make([]uint64, len(courses))
	for i := range courses {
		keys[i] = rank[key(&courses[i])]<<indexBits | uint64(i)
	}
	keys, _ = radixSort(keys, nil, indexBits, indexBits+bits.Len(uint(len(rank))))
	for i, k := range keys {
		out[i] = int32(k & (1<<indexBits - 1))
	}
	return out
}

// firstInOrder returns the first want courses within reach of est in
// start order: the courses are read in start order until want are found
// and the next starts later, each at its nearest reachable site, and
// ordered as rank orders them. The filter passes everything (byCells). It
// gives up (false) after reading budget courses: the reachable ones may
// all start late.
func (s *Snapshot) firstInOrder(q *Query, est *travel.Estimates, sc *searchScratch, want, budget int, limit float64) ([]*candidate, bool) {
	page := sc.page[:0]
	for read, ci := range s.byStartDate() {
		if len(page) >= want && (want == 0 || !s.courses[ci].StartDate.Equal(s.courses[page[want-1].course].StartDate)) {
			break
		}
		if read == budget {
			return nil, false
		}
		c := candidate{course: ci, site: -1}
		for _, si := range s.courseSites[ci] { // none: online
			if !est.Within(si) {
				continue
			}
			t, _ := est.Minutes(si)
			if c.site < 0 {
				c = candidate{course: ci, site: si, minutes: t, src: SourceEstimate, sites: 1, from: -1}
			} else {
				c.alsoAt(si, t, SourceEstimate, -1)
			}
		}
		if c.site >= 0 {
			page = append(page, c)
		}
	}
	sc.page = page
	out := sc.onsite[:0]
	for i := range page {
		page[i].score = combinedScore(0, 0, page[i].minutes, limit)
		out = append(out, &page[i])
	}
	orderFirst(out, want, s.lessFor(q.Sort))
	sc.onsite = out
	return out[:min(len(out), want)], true
}
