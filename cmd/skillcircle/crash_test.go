package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/index"
)

// TestKilledBuildsKeepSnapshot builds the real binary, then starts
// `skillcircle build` over an existing snapshot again and again and kills
// it (SIGKILL, no chance to clean up) after a random delay. After every
// kill the snapshot at --out must open and answer: the old one, or the
// new one if the build had finished. Killed builds may leave their
// working directories; the next build must succeed and remove them.
func TestKilledBuildsKeepSnapshot(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "skillcircle")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // for the builds, and for the opens below
	dir := t.TempDir()
	out := filepath.Join(dir, "skillcircle.db")
	build := func() *exec.Cmd {
		cmd := exec.Command(bin, "build", "--out", out)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		return cmd
	}
	start := time.Now()
	if b, err := build().CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	took := time.Since(start)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d; a build takes %v", seed, took.Round(time.Millisecond))
	rng := rand.New(rand.NewPCG(seed, 6))
	const kills = 6
	leftBehind := 0
	for i := 0; i < kills; i++ {
		cmd := build()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(took)))
		time.Sleep(delay)
		cmd.Process.Kill()
		err := cmd.Wait()
		snap, openErr := index.Open(out)
		if openErr != nil {
			t.Fatalf("kill %d after %v (%v): the snapshot no longer opens: %v", i, delay.Round(time.Millisecond), err, openErr)
		}
		res, err := snap.Search(context.Background(), index.Query{Origin: orb.Point{121.5503, 29.8730}, Text: "数控"})
		snap.Close()
		if err != nil || res.Total == 0 {
			t.Fatalf("kill %d: the snapshot opens but does not answer: %v", i, err)
		}
		stale, _ := filepath.Glob(filepath.Join(dir, ".skillcircle.db.building-*"))
		leftBehind = max(leftBehind, len(stale))
	}
	t.Logf("%d kills; at most %d working directories left behind at once", kills, leftBehind)

	if b, err := build().CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, b)
	}
	if stale, _ := filepath.Glob(filepath.Join(dir, ".skillcircle.db.building-*")); len(stale) > 0 {
		t.Errorf("the next build left stale working directories: %v", stale)
	}
	if stale, _ := filepath.Glob(filepath.Join(tmp, "*")); len(stale) > 0 {
		t.Errorf("files left in the temporary directory: %v", stale)
	}
	snap, err := index.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	snap.Close()
}
