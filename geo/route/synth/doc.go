// Package synth generates seeded road networks the size of a city or a
// whole region, for tests and benchmarks of package route and of the
// snapshot: a lattice of streets densest at a centre and sparser outward
// (the spacing between parallel streets doubles every CoreRadius up to
// MaxSpacing), in blocks of 2.4 km edged by primary roads (a trunk road,
// closed to walkers, every fifth), with secondary, tertiary and
// residential streets inside (a third of the residential ones one-way, one
// segment in 25 dropped), and rivers that only the block edges (the
// bridges) cross. Same options, same network.
//
// Generate emits the network as an OSM file lists it (ways, then nodes);
// Network builds a route.Network from it through route.Builder; WriteOSM
// writes it as an OSM XML file so that `skillcircle build --osm` can be
// measured end to end. Ningbo gives the options of a network over Ningbo's
// region with its three rivers.
//
// Like package route it is pure apart from WriteOSM's writer: no files, no
// clocks, no randomness beyond the seed.
package synth
