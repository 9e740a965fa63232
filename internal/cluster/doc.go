// Package cluster runs skillcircle as several replicas behind HAProxy, on
// this machine's loopback interface: the layout the README's "Running on
// several machines" describes, small enough to try (`make cluster`, which
// runs `skillcircle cluster`) and to test (the rolling update and kill test
// in this package).
//
// Config and WriteConfig are the HAProxy configuration: health checks on
// /readyz, and retries that send a request a replica could not answer
// (refused or reset connection, no answer, 503 while it closes) to another
// replica; with shards (Config.Shards, Options.Shards), a backend per
// shard, chosen by the region= a request names. Start copies a snapshot
// (or each shard's snapshots) into a directory per replica, starts N
// `skillcircle serve` processes (stateless: each has its own copy of the
// snapshot, and may follow a published one with --follow) and HAProxy in
// front of them; Kill, Restart and Stop act on them as an operator or a
// crash would.
//
// What it must not do: listen anywhere but loopback, or leave a process
// running: Stop ends every process it started, and the processes are the
// harness's own children, found by their process ids, never by name.
package cluster
