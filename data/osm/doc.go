// Package osm imports OpenStreetMap extracts into a routable road network
// (route.Network): Import streams a PBF (.osm.pbf) or XML (.osm, .osm.bz2,
// .osm.gz) file twice with github.com/paulmach/osm's scanners, first keeping
// the routable ways and the node ids they use, then only those nodes'
// positions, so memory follows the road network, not the file. Stats.SHA256
// (or Checksum, without importing) identifies the file, so that a snapshot
// built from it can tell when it is stale.
//
// It is the file side of routing: which ways each mode may use, and the
// graph, live in geo/route and are decided there. This package must not
// hold routing rules, search code or anything HTTP; it does not log (the
// caller may pass a terminal for progress) and never exits the process.
// Errors name the file, the pass and, for XML, the line.
package osm
