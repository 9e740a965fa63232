// Package travel finds every travel time of a snapshot, in one place: the
// sites within reach of a point (Mode.Sites, and from the nearest of
// several points, Mode.SitesFromNearest), any other place forwards or
// backwards (Mode.From, Mode.To, Mode.PlacesFrom, Mode.PlacesReaching), and
// the area within reach (Mode.IsochroneCells). Each time comes from one of
// three sources, which it names (Source):
//
//   - network: a snapshot built with a road network (`skillcircle build
//     --osm`) stores, per mode, the network times from every origin cell
//     (OriginResolution, its centre) to the sites within MaxMinutes (less
//     the mode's overhead): by car (HierarchyModes) a site index
//     (SiteIndex: the contraction hierarchy of the car's graph and each
//     site's backward search in it, route.Buckets; a query is one small
//     upward search), for the other modes a site table (Table: one bounded
//     reverse search from each site, the times of the cells it reaches).
//     BuildRoads makes both. A site a straight walk away is timed by that
//     walk. Isochrones by car sweep the hierarchy (route.Sweep). Inside the network's coverage (the convex hull of its nodes) a
//     point with no road within the snap distance reaches nothing (never a
//     guess); when either end is outside it, the estimate applies.
//   - estimate: straight line x detour / speed + overhead (geo.TravelModel),
//     over the sites' H3 cells (SiteResolution) that can hold a point
//     within reach. A search that only counts what it reaches takes them
//     from Mode.Estimates: the cells within reach with bounds on their
//     times, and each site's Place, by which Estimates.Nearest, Within and
//     Lower order and bound sites without trigonometry, timing them only
//     where that could differ from Minutes.
//   - transit: the better of walking (as the walk mode times it) and the
//     metro (geo/transit over the catalogue's stations). The walks to and
//     from the stations are the walk mode's street times where the
//     snapshot has a network covering both ends (a forward walk search
//     from the origin reaching the stations, the walk table from each
//     station to the sites; backwards for the planner), the metro's own
//     straight-line walk elsewhere (metro.go).
//
// The search, the isochrone and the planner all ask here, so that a place
// covered by the planner is a place a search from there reaches.
//
// # What it must not do
//
// It reads and stores nothing (package index stores the network and the
// site indexes and hands them to New), never imports bbolt, bleve or package
// index, and serves no HTTP. Its values are read-only once made and safe
// for concurrent use.
package travel
