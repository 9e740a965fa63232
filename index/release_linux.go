package index

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped drops the snapshot file's pages from the process's memory
// map once read: Open reads all of them (the checksum), and kept mapped
// they counted in its resident memory beside the decoded records (773 MB
// at a hundred times the default catalogue). The pages stay in the page
// cache; reading them again only maps them back. An error only leaves
// them mapped until the file is closed, so it is not reported.
func releaseMapped(db *bolt.DB, fileSize int64) {
	length := uintptr(fileSize) &^ uintptr(syscall.Getpagesize()-1)
	if length > 0 {
		syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, length, syscall.MADV_DONTNEED)
	}
}
