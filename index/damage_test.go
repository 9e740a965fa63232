package index_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index"
)

// A small snapshot (the mini test catalogue) keeps damage tests and the
// fuzz target fast: Open on it takes milliseconds.
var mini struct {
	once  sync.Once
	bytes []byte
	err   error
}

func miniSnapshot(t testing.TB) []byte {
	t.Helper()
	mini.once.Do(func() {
		cat, _, err := data.Load(os.DirFS("../data/testdata/mini"), data.LoadOptions{})
		if err != nil {
			mini.err = err
			return
		}
		dir, err := os.MkdirTemp("", "skillcircle-damage-*")
		if err != nil {
			mini.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "mini.db")
		if _, mini.err = index.Build(context.Background(), path, cat, index.BuildOptions{}); mini.err != nil {
			return
		}
		mini.bytes, mini.err = os.ReadFile(path)
	})
	if mini.err != nil {
		t.Fatal(mini.err)
	}
	return mini.bytes
}

// openDamaged writes content to a file and opens it. A damaged snapshot
// must either be refused with ErrCorrupt or ErrFormat, naming the file, or
// (damage in unused pages) open and answer a search. Either way nothing
// panics.
func openDamaged(t *testing.T, dir string, content []byte) (opened bool) {
	t.Helper()
	path := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	snap, err := index.Open(path)
	if err != nil {
		if !errors.Is(err, index.ErrCorrupt) && !errors.Is(err, index.ErrFormat) {
			t.Fatalf("err = %v, want ErrCorrupt or ErrFormat", err)
		}
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("error does not name the file: %v", err)
		}
		return false
	}
	defer snap.Close()
	for _, s := range snap.Districts() {
		if _, err := snap.Search(context.Background(), index.Query{Origin: s.Center, Text: "焊工"}); err != nil {
			t.Fatalf("opened snapshot cannot search: %v", err)
		}
	}
	return true
}

// TestOpenRandomDamage truncates the file at random points, flips random
// bits and overwrites random runs of bytes (seeded, so a failure repeats),
// and checks that no damaged open leaves its unpacked files behind.
func TestOpenRandomDamage(t *testing.T) {
	good := miniSnapshot(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(6, 2026))
	// bbolt grows its file in steps, so a cut in the unused pages at the
	// end loses nothing; a cut into the first half always loses records.
	for i := 0; i < 40; i++ {
		n := rng.IntN(len(good))
		if openDamaged(t, dir, good[:n]) && n < len(good)/2 {
			t.Errorf("a snapshot cut to %d of %d bytes opened", n, len(good))
		}
	}
	for i := 0; i < 60; i++ {
		b := append([]byte(nil), good...)
		at := rng.IntN(len(b))
		b[at] ^= 1 << rng.IntN(8)
		openDamaged(t, dir, b)
	}
	for i := 0; i < 30; i++ {
		b := append([]byte(nil), good...)
		at, n := rng.IntN(len(b)), 1+rng.IntN(512)
		for j := at; j < at+n && j < len(b); j++ {
			b[j] = byte(rng.Uint32())
		}
		openDamaged(t, dir, b)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("opens left files behind: %v", left)
	}
}

// FuzzOpenDamaged damages a snapshot in the ways a disk or a copy can:
// cut short, one run of bytes changed.
func FuzzOpenDamaged(f *testing.F) {
	good := miniSnapshot(f)
	f.Add(uint32(len(good)), uint32(0), []byte{})
	f.Add(uint32(len(good)/2), uint32(0), []byte{})
	f.Add(uint32(len(good)), uint32(16), []byte{0xff})
	f.Add(uint32(len(good)), uint32(4096+16), []byte{0, 0, 0, 0})
	f.Add(uint32(len(good)), uint32(8192), []byte("garbage"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, keep, at uint32, patch []byte) {
		b := append([]byte(nil), good[:min(int(keep), len(good))]...)
		for i, v := range patch {
			if j := int(at) + i; j < len(b) {
				b[j] ^= v
			}
		}
		openDamaged(t, dir, b)
	})
}
