package osm

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progressEvery is the shortest time between two progress lines.
const progressEvery = 200 * time.Millisecond

// countingReader counts the bytes read through it; n may be read from
// another goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// startProgress writes "\r<file> <pass>: <read> / <size> MB (<pct>%)" to w
// every progressEvery until the returned stop is called; stop writes the
// last line (at 100% when done) and a newline. With w nil it does nothing.
func startProgress(w io.Writer, name, pass string, cr *countingReader, size int64) (stop func(done bool)) {
	if w == nil {
		return func(bool) {}
	}
	line := func(read int64) {
		pct := 100.0
		if size > 0 {
			pct = min(100, 100*float64(read)/float64(size))
		}
		fmt.Fprintf(w, "\rosm: %s, %s pass: %.1f / %.1f MB (%3.0f%%)",
			name, pass, float64(read)/1e6, float64(size)/1e6, pct)
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		line(0)
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				line(cr.n.Load())
			}
		}
	}()
	return func(done bool) {
		close(quit)
		wg.Wait()
		read := cr.n.Load()
		if done {
			read = max(read, size)
		}
		line(read)
		fmt.Fprintln(w)
	}
}
