package index

// The searches keep the first few of many in binary heaps: the page's
// candidates (orderFirst, rankFirst) and the groups of sites still to time,
// nearest first (nearestSites). container/heap would box every element it
// is handed; these work on the slice itself. In each, the root is the
// last in after's order: the one to drop first.

// heapify makes h a heap.
func heapify[T any](h []T, after func(a, b T) bool) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i, after)
	}
}

// siftDown moves h[i] down to its place below.
func siftDown[T any](h []T, i int, after func(a, b T) bool) {
	for {
		last, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && after(h[last], h[l]) {
			last = l
		}
		if r < len(h) && after(h[last], h[r]) {
			last = r
		}
		if last == i {
			return
		}
		h[i], h[last] = h[last], h[i]
		i = last
	}
}

// siftUp moves h[i] up to its place above (after an append).
func siftUp[T any](h []T, i int, after func(a, b T) bool) {
	for i > 0 {
		up := (i - 1) / 2
		if !after(h[up], h[i]) {
			return
		}
		h[up], h[i] = h[i], h[up]
		i = up
	}
}
