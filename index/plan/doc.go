// Package plan is the planner: who lives within reach of a matching
// course, where new training points would reach the most people left out,
// and how far the seats within reach of each enterprise meet its training
// demand.
//
// # One query
//
// Every question takes one Query, and Query.Normalize is the one place its
// defaults are filled and its fields checked (Check, the part that needs
// no snapshot, lets a command report a bad flag before opening one). The
// HTTP API (/v1/coverage, /v1/coverage/suggest, /v1/coverage/demand), the
// planner page and `skillcircle gaps` all build a Query and let Normalize
// read it: the same defaults (DefaultSuggestions places) and the same
// reading of a typed trade everywhere.
//
// # Over the snapshot
//
// A Planner reads a snapshot through the Snapshot interface: its records by
// number, which courses pass a filter, and the search's own travel times,
// forwards from a point (ReachableSites) and backwards to one
// (PopulationReaching). *index.Snapshot is one. Coverage counts the people
// of each populated cell (package population) within reach of a matching
// course, by region, district and township, with each cell's minutes to
// the nearest and its seats per 1,000 (2SFCA); SuggestSites picks new
// training points by greedy maximal covering; DemandMet sets enterprises'
// demand against the seats within their reach.
//
// # What it must not do
//
// It changes nothing it reads, stores nothing, serves no HTTP and prints
// nothing; it never imports bbolt or bleve, and times nothing itself:
// every travel time is the snapshot's.
package plan
