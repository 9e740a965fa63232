// Package pgrouting holds no code, only tests: this project's road network
// searches (geo/route) checked against pgRouting's pgr_drivingDistance, an
// independent Dijkstra implementation, on a real extract
// (testdata/osm/monaco.osm.pbf), and a benchmark timing the two side by
// side.
//
// The tests start their own PostgreSQL 15 (initdb and pg_ctl from
// /usr/lib/postgresql/15/bin, listening only on a unix socket in a
// temporary directory; as root they run the server as user postgres),
// create the postgis and pgrouting extensions, import the extract with
// osm2pgrouting (after osmium converts it to OSM XML, which osm2pgrouting
// reads) and load this project's own edges, with their costs, into a table
// per mode, so that both Dijkstras run on the same graph: osm2pgrouting's
// costs and way classes are not this project's.
//
// They run when CI=true or SKILLCIRCLE_PGROUTING=1 and skip otherwise;
// under CI=true a missing tool fails them. .ci/run installs Debian's
// postgresql-15-pgrouting, postgresql-15-postgis-3, osm2pgrouting and
// osmium-tool.
package pgrouting
