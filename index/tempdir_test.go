package index

import (
	"os"
	"path/filepath"
	"testing"
)

// A working directory is removed only when its lock is free: its owner has
// died. A live one, one without a lock file and anything else stay.
func TestRemoveStale(t *testing.T) {
	parent := t.TempDir()
	live, err := newWorkDir(parent, "x-*")
	if err != nil {
		t.Fatal(err)
	}
	defer live.remove()
	dead, err := newWorkDir(parent, "x-*")
	if err != nil {
		t.Fatal(err)
	}
	dead.lock.Close() // as the kernel does when the owner dies
	unlocked := filepath.Join(parent, "x-nolock")
	other := filepath.Join(parent, "y-1")
	for _, d := range []string{unlocked, other} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if n := removeStale(parent, "x-*"); n != 1 {
		t.Errorf("removed %d, want 1", n)
	}
	for path, want := range map[string]bool{live.path: true, dead.path: false, unlocked: true, other: true} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(path), err == nil, want)
		}
	}
}
