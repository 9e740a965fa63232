// Package route is the routable road network: which OpenStreetMap ways each
// travel mode may use and how fast, a compact graph built from them, and
// bounded shortest-path searches and isochrones on it. It lets skillcircle
// take travel times from shortest paths on real roads instead of estimating
// them from straight-line distance.
//
// It is pure: no I/O, no logging, no files, no clocks. It imports only orb,
// h3-go, the standard library and package geo (for Distance, Mode and
// CellsToMultiPolygon). Reading OSM files is the job of package data/osm,
// which feeds a Builder; deciding when to use road times rather than geo's
// estimates is the caller's.
//
// # Modes
//
// Walk (4.5 km/h), Bike (12 km/h), EBike (18 km/h, the electric bicycles
// many Ningbo workers ride) and Drive (by road class, below). Mode.String
// gives the names geo.Mode uses ("walk", "bike", "ebike", "drive").
//
// # Access rules
//
// Classify, Access and Speed apply these rules to a way's tags. Defaults by
// highway=* follow the worldwide table of the OSM wiki page
// "OSM tags for routing/Access restrictions"
// (https://wiki.openstreetmap.org/wiki/OSM_tags_for_routing/Access_restrictions,
// revision of 21 July 2024), with the departures marked *:
//
//	highway=          walk  bike  ebike  drive  car km/h  notes
//	motorway          -     -     -      yes    90        implied oneway
//	motorway_link     -     -     -      yes    45        implied oneway
//	trunk             - *   yes   yes    yes    70        * not walkable (urban expressways)
//	trunk_link        - *   yes   yes    yes    40
//	primary           yes   yes   yes    yes    50
//	primary_link      yes   yes   yes    yes    35
//	secondary         yes   yes   yes    yes    40
//	secondary_link    yes   yes   yes    yes    30
//	tertiary          yes   yes   yes    yes    35
//	tertiary_link     yes   yes   yes    yes    25
//	unclassified      yes   yes   yes    yes    30
//	road              yes   yes   yes    yes    25
//	residential       yes   yes   yes    yes    25
//	living_street     yes   yes   yes    yes    10
//	service           yes   yes   yes    yes    15        10 for service=parking_aisle|driveway
//	track             yes   yes   yes    - *    15        * cars only with motor_vehicle/motorcar=yes
//	cycleway          -     yes   yes    -
//	path              yes   yes   - *    -                * e-bikes only if bicycle=designated
//	footway           yes   -     -      -
//	pedestrian        yes   -     -      -
//	steps             yes   - *   never  never             * bikes only with bicycle=yes, pushed at 4.5 km/h
//	bridleway         -     -     -      -
//
// Any other highway value (construction, proposed, platform, bus_guideway,
// corridor, ...) and ways without highway=* are not routable.
//
// Tags then override the default, the most specific present key deciding
// (Key:access, https://wiki.openstreetmap.org/wiki/Key:access):
//
//	walk:  foot > access
//	bike:  bicycle > vehicle > access
//	ebike: electric_bicycle > bicycle > vehicle > access
//	drive: motorcar > motor_vehicle > vehicle > access
//
// Values yes, designated, permissive, official, destination, customers,
// discouraged and dismount grant; no, private, agricultural, forestry,
// delivery, emergency, military, permit and use_sidepath deny; any other
// value is ignored and the next key decides. Only the mode's own keys (foot;
// bicycle; electric_bicycle and bicycle; motorcar and motor_vehicle) may
// open a class closed to the mode by default: foot=yes makes a motorway
// walkable, access=yes does not. So access=private|no closes a way unless
// the mode's own tag re-opens it (access=private + foot=yes is walkable).
// Further:
//
//   - motorroad=yes closes the way to walkers and riders unless their own
//     tag opens it.
//   - area=yes (a pedestrian square, say) is routable on foot only, along
//     its outline.
//   - E-bikes never use footway, pedestrian or path unless
//     electric_bicycle=yes or bicycle=designated: bicycle=yes there means
//     slow or pushed bicycles. Steps are never for e-bikes or cars.
//   - bicycle=dismount lets bicycles (and e-bikes where open) through at
//     walking speed.
//
// # One-way rules
//
// Following Key:oneway (https://wiki.openstreetmap.org/wiki/Key:oneway) and
// Key:oneway:foot (https://wiki.openstreetmap.org/wiki/Key:oneway:foot):
//
//   - Values yes, 1, true: forward only; -1, reverse: backward only; no, 0,
//     false: both ways; reversible, alternating: the direction changes
//     with the time of day, so no vehicle route relies on it (the way is
//     dropped for that mode, never guessed).
//   - Cars read oneway:motorcar > oneway:motor_vehicle > oneway:vehicle >
//     oneway. Without a value, junction=roundabout|circular, motorway and
//     motorway_link are one-way forward.
//   - Bicycles and e-bikes read oneway:electric_bicycle (e-bikes) >
//     oneway:bicycle > oneway:vehicle > oneway, and ride both ways where a
//     contraflow lane exists: cycleway[:left|:right|:both]=opposite*, or
//     cycleway:<side>:oneway=no|-1.
//   - Walkers are never bound by oneway=*, only by oneway:foot.
//
// # Car speeds
//
// The class speed above, unless maxspeed=* parses (see ParseMaxspeed:
// "50", "50 mph", "30 km/h", "walk"; zone codes such as "RU:urban" or
// "DE:zone30", "none" and "signals" keep the class speed): then
// MaxspeedFactor (0.8) x maxspeed, at least MinDriveKmh. Every car speed is
// capped at MaxDriveKmh (110). Class speeds are urban averages that include
// junction delays; geo's 30 km/h urban car average sits between the
// residential and primary figures.
//
// # Graph
//
// Network keeps only nodes used by routable ways (coordinates as int32 at
// 1e-7 degree, plus the OSM id), nothing collapsed, so every node stays a
// place a point can join. Per mode it has a CSR adjacency forward and
// reverse with float32 edge costs in seconds (great-circle length / speed,
// rounded up so that no sum undercuts the straight line). A uniform
// bucket grid per mode (about 200 m cells, usable nodes only) answers
// Nearest.
//
// # Searches
//
// Search is a Dijkstra search bounded by a number of seconds, forward or on
// the reverse graph. A point joins the network on foot, straight line x
// SnapOptions.Detour (1.3) at 4.5 km/h, to one of its Candidates (4)
// nearest usable nodes within SnapOptions.MaxMeters: 500 m for walking,
// 1 km for the other modes. A point with no usable node that close is
// unreachable: Times.At says not ok rather than guessing a time.
// Isochrone and Times.Cells turn a search into H3 cells whose centres are
// reached; Times.CellTimes gives each cell's time too (a reverse search
// from a site so gives the time from every origin cell to it). A node's
// cell is computed the first time a search reaches it and kept (8 bytes a
// node per resolution used). Up to
// resolution 8 a network also keeps the centre and candidate nodes of
// every cell Cells has tested (a few megabytes for a region), which spares
// an H3 call and a grid search per cell in every later isochrone.
//
// Search keeps its working array (a float32 per node) in a pool; a
// caller done with the Times may Release it, so that a search costs what
// it settles rather than an array the size of the network.
//
// # Contraction hierarchy: times to many sites, isochrones
//
// A region's network (1.5 million nodes) is too big for one plain search
// per question when the question is "every site within an hour by car":
// the search settles most of the region. Contract builds a contraction
// hierarchy (Geisberger et al., 2008) of a mode's graph: nodes contracted
// in the order of a lazily updated priority (edge difference plus
// contracted neighbours), a shortcut added wherever a bounded witness
// search (60 settled nodes) finds no path as short. Every shortest path is
// then an upward path followed by a downward one, so:
//
//   - many-to-one (Buckets, Network.From): each target's (site's)
//     backward upward search is stored as buckets at the nodes it settles;
//     the times from an origin to every target are one forward upward
//     search (about a hundred nodes) scanning those buckets. What is
//     stored grows with the targets times the size of an upward search,
//     not with the area each target reaches.
//   - one-to-all (Sweep): an upward search from the origin, then one pass
//     over the nodes from the highest rank down (PHAST, Delling et al.,
//     2011), laid out once by level and, within a level, tile by tile, in
//     blocks of 256 with a bounding box each. The pass skips every block
//     beyond what the network's top speed covers in the bound (exact: the
//     nodes of a shortest path within the bound are all within it); Sweep
//     uses it when many nodes are within that distance of the origin, a
//     plain Dijkstra search otherwise.
//
// Both give Search's times, to the rounding of float32 sums (well under a
// tenth of a second); the tests compare them with plain Dijkstra on every
// real extract in testdata/osm and on a generated city.
//
// What chose it, on a generated network of Ningbo's region (package
// synth: 1,571,120 nodes, the default catalogue's 579 sites), on a shared
// 2-core machine (load average 8-12; see README "Road networks and metro"
// for the full table): per-cell site tables held 39.5 million (cell,
// site) entries by car (3.8 million by e-bike, 1.7 on foot or by bike)
// and took 303 s of CPU and 4.6 GB to build with the rest of the
// snapshot, 472 MB on disk. Contracting the car's graph takes about 17 s
// of CPU (its road classes give the hierarchy something to find), the
// walkers' 116 s (one speed on a lattice of streets, the worst case for a
// hierarchy), so package index/travel keeps tables for walking, bikes and
// e-bikes and uses the hierarchy by car. On a generated city of 400,000
// nodes a 30-minute isochrone by car took 75 ms by plain Dijkstra search
// and 23 ms by Sweep, by e-bike 31 and 9 ms (same run, load 7). A radix
// or bucket heap for the Dijkstra search was not tried: the sweep's cost
// does not depend on a heap at all. On the region a 30-minute isochrone
// by car took 27 ms at the median when the pass swept every node and each
// tested cell was looked up anew; skipping the blocks out of reach and
// keeping the cells' candidates brought it to about 10 ms (README "Road
// networks and metro" has the run).
//
// Contract leaves each contracted node's edge lists in place as its
// hierarchy edges and packs them at the end, rather than copying them
// into flat lists as it goes (which held the graph twice).
//
// # Storing a network
//
// Arrays exposes a Network's content (node ids and positions, each mode's
// forward CSR) and FromArrays checks such arrays and rebuilds the derived
// parts (reverse graphs, grids), so that a caller can keep a network in a
// format of its own (package index does). Hierarchy.Arrays and
// HierarchyFromArrays, Buckets.Arrays and BucketsFromArrays do the same
// for a hierarchy and its buckets. Hull is the convex hull of the nodes:
// the area an extract covers.
package route
