package testfixture

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/data/scale"
	"github.com/skillcircle/skillcircle/index"
)

// The scale benchmarks (`make bench-scale`) build the default catalogue
// times a factor (data/scale, seed 1). A 100x build takes a minute or more,
// so SKILLCIRCLE_SCALE_DIR keeps each factor's snapshot there for later runs
// (delete them when the snapshot format changes); without it they are built
// in a temporary directory and removed.

// ScaleFactors are the factors SKILLCIRCLE_SCALES names ("1,10" unless set).
func ScaleFactors() []int {
	f := os.Getenv("SKILLCIRCLE_SCALES")
	if f == "" {
		f = "1,10"
	}
	var out []int
	for _, s := range strings.Split(f, ",") {
		var n int
		if _, err := fmt.Sscan(s, &n); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// Scaled returns the path of a snapshot of the default catalogue times
// factor, building it unless SKILLCIRCLE_SCALE_DIR already holds it, and a
// function that removes it unless it is kept there; built is how long the
// build took (0 when kept from before).
func Scaled(tb testing.TB, factor int) (path string, remove func(), built time.Duration) {
	tb.Helper()
	dir := os.Getenv("SKILLCIRCLE_SCALE_DIR")
	remove = func() {}
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "skillcircle-scale-*"); err != nil {
			tb.Fatal(err)
		}
		remove = func() { os.RemoveAll(dir) }
	}
	path = filepath.Join(dir, fmt.Sprintf("x%d.db", factor))
	if _, err := os.Stat(path); err == nil && os.Getenv("SKILLCIRCLE_SCALE_DIR") != "" {
		return path, remove, 0
	}
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	if _, err := index.Build(context.Background(), path, scale.Multiply(cat, factor, 1), index.BuildOptions{}); err != nil {
		remove()
		tb.Fatal(err)
	}
	return path, remove, time.Since(start)
}
