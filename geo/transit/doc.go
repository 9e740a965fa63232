// Package transit estimates door-to-door times by walking and metro: walk
// to a station, wait, ride (with dwells at intermediate stations and walks
// plus waits at transfers), walk from the last station — or simply walk
// when that is quicker, so a metro time is never longer than walking.
//
// The model works on stations with their lines and order on each line
// (Ningbo Rail Transit lines 1-5 in data/ningbo/sources/metro_stations.csv)
// and straight lines between consecutive stations; DefaultOptions
// documents the assumptions (35 km/h between stations, 30 s dwell, 6 min
// headway so 3 min waits, 4 min transfer walks, walking 4.5 km/h x 1.3).
//
// Minutes answers one pair of points; FromPoint and ToPoint answer one
// point against every station, so that a caller can time many sites from
// one origin (or many origins to one site) with a walk each. FromAccess
// and ToEgress do the same for walks to or from the stations timed by the
// caller (index/travel times them on the street network where a snapshot
// has one).
//
// It is pure like package geo: it takes already-parsed Stations, reads no
// file and logs nothing. Parsing the station list is the data package's
// job; timetables and buses are not modelled, and its own walks are geo's
// straight-line-times-detour estimate (walks on streets are the caller's,
// through FromAccess and ToEgress).
package transit
