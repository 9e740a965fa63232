// Package population puts a region's people on H3 cells (Resolution) for
// the planner: modelled from the districts' census totals, shared out to
// townships by their villages and communities and over the cells nearest
// each township's centre, or brought from a population grid to Resolution.
// Every district's total (or the grid's) is kept exactly.
//
// Package index calls Build when it builds a snapshot and stores the
// cells; package plan counts them.
//
// # What it must not do
//
// It is pure: no I/O, no logging, and it imports nothing of this module
// but data and geo.
package population
