//go:build unix

package index

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f, held until f is closed (by us or
// by the kernel when the process dies).
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// tryLockFile reports whether f's lock was free (and takes it).
func tryLockFile(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
