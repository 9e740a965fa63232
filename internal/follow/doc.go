// Package follow distributes snapshots: one build machine publishes a
// snapshot with its checksum beside it, and each replica follows it.
//
// # Publishing
//
// WriteChecksum writes NAME.sha256 beside a snapshot NAME, in the format
// sha256sum reads and writes ("<64 hex digits>  NAME"). `skillcircle build`
// calls it after every build; any static file server (or a shared
// directory) can then publish the two files.
//
// # Following
//
// A Follower polls a source, a URL (http or https) or a local path, every
// Options.Interval. It reads SOURCE.sha256 first and does nothing more when
// that is the checksum of the file it serves. Otherwise it downloads SOURCE
// into a temporary file beside the served one, verifies its SHA-256 before
// anything else, renames it over the served file and calls Options.Reload
// (the same reload as SIGHUP, which opens and checks the snapshot before
// serving it). A failed fetch, a bad checksum or a refused reload is
// reported to Options.Count and logged, and the old snapshot serves on; a
// refused snapshot is also moved aside again, so that a restart serves the
// last good one.
//
// What it must not do: serve anything (it only fetches), open snapshots
// itself (the reload does), or trust a download whose checksum it has not
// verified. There is no consensus between replicas: the snapshot is
// immutable and named by its checksum, and each replica follows on its own.
package follow
