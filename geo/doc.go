// Package geo holds the geometry behind skillcircle: coordinate systems,
// travel-time estimates, the H3 hexagonal grid, and point-in-polygon and
// distance queries. Like orb's planar package it is pure functions over orb
// and H3 values.
//
// # What it is for
//
//   - Coordinate systems (crs.go): addresses and training sites arrive in
//     GCJ-02 (Amap, Tencent) or BD-09 (Baidu) as often as in WGS-84; Convert
//     and CRS.ToWGS84 bring them to WGS-84 before anything else is done.
//   - Travel times (travel.go): without a road network a travel time is
//     great-circle distance × detour / speed + overhead. TravelModel holds
//     those numbers per Mode and DefaultTravelModels documents the defaults.
//   - The grid (h3.go): sites and population are bucketed in H3 cells.
//     CellsWithin is the conservative cover the search uses to find candidate
//     sites, Isochrone the cells reachable within a time, CellsToMultiPolygon
//     and PolygonCells convert between cells and polygons.
//   - Regions (region.go): Contains and DistanceTo answer "which district is
//     this point in" and "how far outside is it"; NewArea prepares a polygon
//     for many such queries.
//
// # What it must not do
//
// geo does no I/O (no files, no network, no environment), no logging, and
// imports no package of this module: the others import it. It returns errors
// rather than panicking, except on a CRS value that did not come from the
// constants or ParseCRS, which is a bug in the caller. Everything here is
// safe for concurrent use.
//
// # Coordinate conventions
//
//   - An orb.Point is {longitude, latitude} in degrees, as in GeoJSON; H3
//     takes latitude first, and only this package's H3 wrappers deal with that.
//   - Everything is WGS-84 unless a CRS is named in the function's name or
//     arguments.
//   - Distances are in metres on a sphere of radius EarthRadius; times are in
//     minutes; speeds in km/h.
//   - Polygons follow RFC 7946: rings closed, outer rings counter-clockwise,
//     holes clockwise. Geometry that crosses the antimeridian is not handled.
package geo
