package index

// The searches keep the first few of many in binary heaps: the page's
// candidates (orderFirst, firstFew), the cells, groups and sites still to
// time, nearest first (nearestSites), and the parts of a text's matches
// still to open, best bound first (walkTextCells). container/heap would box every element it
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

// push adds x to heap h.
func push[T any](h []T, x T, after func(a, b T) bool) []T {
	h = append(h, x)
	siftUp(h, len(h)-1, after)
	return h
}

// pop takes the root of heap h.
func pop[T any](h []T, after func(a, b T) bool) (T, []T) {
	top, last := h[0], len(h)-1
	h[0] = h[last]
	h = h[:last]
	siftDown(h, 0, after)
	return top, h
}

// firstFew keeps the first n candidates offered in less's order: a heap
// whose root is the last of them, the one to drop first.
type firstFew struct {
	kept []*candidate
	n    int
	less func(a, b *candidate) bool
}

// full reports whether n are kept: then only one before last() gets in.
func (f *firstFew) full() bool { return len(f.kept) == f.n }

// last is the last kept in less's order (full only).
func (f *firstFew) last() *candidate { return f.kept[0] }

// offer keeps c if it is among the first n so far.
func (f *firstFew) offer(c *candidate) {
	switch {
	case len(f.kept) < f.n:
		f.kept = append(f.kept, c)
		if len(f.kept) == f.n {
			heapify(f.kept, f.less)
		}
	case f.n > 0 && f.less(c, f.kept[0]):
		f.kept[0] = c
		siftDown(f.kept, 0, f.less)
	}
}
