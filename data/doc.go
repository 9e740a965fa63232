// Package data is the training catalogue: its types (institutions, sites,
// courses, enterprises and their training demand, metro stations, inside a
// region of districts and townships), the enumerations the platform uses, and
// loading a catalogue from CSV files with every bad row reported.
//
// # Files
//
// data/FORMAT.md documents the files field by field. Each file with
// coordinates declares its coordinate system in its header
// (lng_wgs84,lat_wgs84 or lng_gcj02,lat_gcj02 or lng_bd09,lat_bd09);
// everything is held as WGS-84.
//
// # Errors
//
// Load reads every file to the end and returns every problem as a Problem
// naming file, line, field and reason, in the order a person would fix
// them. With LoadOptions.SkipBadRows it drops bad rows, and rows that
// depend on them, and says which.
//
// # What it must not do
//
// data does not index, search or serve: it imports geo (for coordinate
// systems and point-in-polygon) and nothing else of this module.
package data
