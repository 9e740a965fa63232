package index

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// orderFirst gives the first n exactly as a full sort does, and keeps
// every candidate.
func TestOrderFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	less := func(a, b *candidate) bool {
		if a.minutes != b.minutes {
			return a.minutes < b.minutes
		}
		return a.course < b.course
	}
	for _, size := range []int{0, 1, 5, 40, 200, 3000} {
		for _, n := range []int{0, 1, 7, 20, 120, 5000} {
			cs := make([]*candidate, size)
			for i := range cs {
				cs[i] = &candidate{course: int32(i), minutes: float64(rng.IntN(30))}
			}
			want := slices.Clone(cs)
			sort.Slice(want, func(i, j int) bool { return less(want[i], want[j]) })
			orderFirst(cs, n, less)
			for i := 0; i < min(n, size); i++ {
				if cs[i] != want[i] {
					t.Fatalf("size %d, n %d: position %d is course %d, want %d", size, n, i, cs[i].course, want[i].course)
				}
			}
			seen := map[int32]bool{}
			for _, c := range cs {
				seen[c.course] = true
			}
			if len(seen) != size {
				t.Fatalf("size %d, n %d: %d candidates left", size, n, len(seen))
			}
		}
	}
}
