// Package planreport renders one analysis of the planner (a Plan: coverage,
// suggested training points and enterprise demand) as the files `skillcircle
// gaps` writes: CSV tables for spreadsheets (with a byte-order mark, which
// Excel needs for Chinese), GeoJSON of the uncovered cells and the suggested
// points, and a self-contained HTML report (inline SVG map, no script,
// nothing loaded from anywhere), with the planner's Chinese labels
// (KindLabel) in one place.
//
// What it must not do: compute or query anything (the analysis arrives
// computed; the files only say it), read flags or decide defaults, or
// change a column, property or label without its golden file in testdata/
// changing too: spreadsheets and GIS layers are built on these files.
package planreport
