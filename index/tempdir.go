package index

import (
	"os"
	"path/filepath"
)

// Working directories. Build works in a private directory beside the
// snapshot (".NAME.building-*"), and Open unpacks the text index into one
// under the system temporary directory ("skillcircle-text-*"). Each holds a
// lock file that its owner keeps locked for as long as it uses the
// directory. A directory whose lock can be taken was left behind by a
// process that died (a killed build, a crashed server): the next Build or
// Open removes it. A live owner's directory is never touched, whatever its
// age, nor one without a lock file (made by an older build, or by a process
// killed in the instant between making and locking it), nor anything else
// in those folders.

const lockName = ".lock"

// workDir is a private directory held locked by this process.
type workDir struct {
	path string
	lock *os.File
}

// newWorkDir makes a directory in parent (os.TempDir() when empty) and
// locks it. The lock file is locked under a temporary name and renamed
// into place, so no other process ever sees it unlocked while we live.
func newWorkDir(parent, pattern string) (*workDir, error) {
	dir, err := os.MkdirTemp(parent, pattern)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName+".new"), os.O_CREATE|os.O_RDWR, 0o600)
	if err == nil {
		err = lockFile(f)
		if err == nil {
			err = os.Rename(f.Name(), filepath.Join(dir, lockName))
		}
		if err != nil {
			f.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &workDir{path: dir, lock: f}, nil
}

// remove deletes the directory and then releases its lock.
func (w *workDir) remove() error {
	err := os.RemoveAll(w.path)
	w.lock.Close() // closing the file releases the lock
	return err
}

// removeStale removes the working directories in parent matching pattern
// whose owner has died, and says how many it removed.
func removeStale(parent, pattern string) int {
	if parent == "" {
		parent = os.TempDir()
	}
	matches, _ := filepath.Glob(filepath.Join(parent, pattern))
	removed := 0
	for _, dir := range matches {
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, lockName))
		if err != nil {
			continue
		}
		if tryLockFile(f) {
			if os.RemoveAll(dir) == nil {
				removed++
			}
		}
		f.Close()
	}
	return removed
}
