package index_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillcircle/skillcircle/index"
)

// TestOpenTruncatedSnapshots cuts a snapshot at many lengths: a cut into
// its pages must be refused with ErrCorrupt, never read past the end (a
// fault that would kill the process). bbolt grows files in steps, so a cut
// into the unused tail may open, and must then be the whole snapshot.
func TestOpenTruncatedSnapshots(t *testing.T) {
	path := copySnapshot(t)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := index.ReadMeta(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i := 1; i < 16; i++ {
		n := len(good) * i / 16
		t.Run(fmt.Sprintf("%d of 16", i), func(t *testing.T) {
			p := filepath.Join(dir, fmt.Sprintf("cut%d.db", i))
			if err := os.WriteFile(p, good[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			snap, err := index.Open(p)
			if err == nil && i <= 8 {
				snap.Close()
				t.Fatalf("cut at %d of %d bytes: opened", n, len(good))
			}
			if err == nil {
				defer snap.Close()
				if got := snap.Meta(); got.Counts != want.Counts || len(snap.Stations()) != want.Counts.Stations {
					t.Fatalf("cut at %d of %d bytes: opened with %+v", n, len(good), got.Counts)
				}
				return
			}
			if !errors.Is(err, index.ErrCorrupt) {
				t.Errorf("err = %v, want ErrCorrupt", err)
			}
			if _, err := index.ReadMeta(p); err == nil && i <= 8 {
				t.Error("ReadMeta read a truncated snapshot")
			}
		})
	}
}
