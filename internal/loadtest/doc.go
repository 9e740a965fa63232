// Package loadtest is `skillcircle loadtest`'s harness: a seeded mix of
// requests shaped like the web page's traffic, drawn from a snapshot (Mix),
// sent back to back over several connections at each concurrency level
// (Run), and reported as throughput, latency percentiles, errors and CPU
// time per request; StartServer runs a server to drive.
//
// What it must not do: drive a server that is not on this machine (Run
// refuses any but loopback), send anything to the addresses it names in
// X-Forwarded-For (documentation networks, RFC 5737), or take part in
// serving: nothing but the loadtest command and its tests import it.
package loadtest
