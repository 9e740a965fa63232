// Package osm imports OpenStreetMap extracts into a routable road network
// (route.Network): Import streams a PBF (.osm.pbf) or XML (.osm, .osm.bz2,
// .osm.gz) file twice with github.com/paulmach/osm's scanners, so memory
// follows the road network (or the part of the file kept), not the file.
// Stats.SHA256 (or Checksum, without importing) identifies the file, so
// that a snapshot built from it can tell when it is stale.
//
// # Whole files
//
// Without a clip, the first pass keeps the routable ways and the node ids
// they use, the second only those nodes' positions.
//
// # Clipping to a region
//
// A province or country file (Geofabrik's china-latest.osm.pbf) can be
// given as downloaded: with Options.Clip (NewClip: a region polygon, e.g.
// the union of a catalogue's districts, widened by a margin,
// DefaultMarginMeters = 2 km) the first pass keeps the positions of the
// nodes inside the clip and the second the routable ways that touch them.
// The rule at the edge:
//
//   - a node is kept when it lies in the region or within the margin of
//     its boundary (Clip.Contains), and never otherwise: no kept node is
//     farther than the margin;
//   - a way is cut into its runs of consecutive kept nodes; each run of two
//     or more nodes is kept whole, so every segment with both ends inside
//     the clip is kept and every segment with an end outside is dropped.
//
// The margin is what keeps the network connected near the edge: a road
// that leaves the region and comes back within it, or a junction just
// over the line, is kept, and a route that would need to go farther out
// than the margin is lost (a minor loss at 2 km, since the region's own
// roads are the ones searched). Stats says how many nodes and ways were
// read and kept, and how many ways were cut.
//
// It is the file side of routing: which ways each mode may use, and the
// graph, live in geo/route and are decided there. This package must not
// hold routing rules, search code or anything HTTP; it does not log (the
// caller may pass a terminal for progress) and never exits the process.
// Errors name the file, the pass and, for XML, the line.
package osm
