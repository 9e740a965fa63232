// Package index owns the snapshot: building it from a catalogue, writing it
// atomically, opening it read-only, and answering searches from it.
//
// # The snapshot
//
// A snapshot is one bbolt file holding the catalogue, the sites indexed by
// H3 cell (SiteResolution), the bleve full-text index of the courses, and
// metadata (format version, source checksum, build time, travel models).
// Build writes it under a temporary name beside the target and renames it
// into place, so a failed or interrupted build leaves the previous snapshot
// untouched. The bleve index is built by two goroutines a batch at a time,
// with an analyzer (cjkfast.go) that gives bleve's cjk analyzer's tokens
// without its pipeline for the usual text, and course documents whose
// fields count their terms as the analyzer finds them (textfield.go); the
// records, then the text index, are written in one bbolt transaction
// each. Open refuses a snapshot of another FormatVersion (ErrFormat) and a
// damaged one (ErrCorrupt: every bucket is hashed, the damaged one named),
// then holds the whole catalogue in memory: a search touches no disk. What
// Open would otherwise work out from the records is worked out by Build
// and stored: the gazetteer's derived and romanized names, and one copy of
// every string the courses share (a string table), so that Open decodes
// and indexes without deriving; at a hundred times the default catalogue
// it is ready in a few seconds.
//
// # Travel times
//
// Every travel time is found by package index/travel, for the search, the
// isochrone and the planner alike, from one of three sources that each hit
// names (TravelSource): the road network (a snapshot built with
// BuildOptions.Network, `skillcircle build --osm`, stores the network
// itself, in a versioned binary encoding, encoding.go, and per mode a site
// index: the contraction hierarchy of the mode's graph and each site's
// bucket, travel.SiteIndex), the straight-line estimate (geo.TravelModel),
// and transit (walking and the metro, geo/transit over the catalogue's
// stations; Meta.Transit). Open hands the stored network, site indexes
// and stations to travel.New (initTravel).
//
// # Search
//
// Search finds the sites within reach of the origin (travel), the
// courses meeting there that pass the filters and the text query (read
// and matched by package index/text, with the bleve index of character
// bigrams behind it), and returns each course once, at its nearest
// reachable site. Online courses come back only when asked for and never
// count as reachable.
//
// A search's cost follows what it reaches, so it takes one of three paths
// (search.go), each answering as the others would: nearest first without
// text, counts and facets are tallied while the sites are walked and only
// the nearest sites' courses are ranked (bytravel.go); with text, the
// text's courses are looked up at the reachable sites when they are the
// fewer (scored.go); a schedule fit or the way home walks every course at
// every reachable site (searchWalk). Where every time is the straight-line
// estimate from one origin, the first two need not time every site: a cell
// (SiteResolution) that the reach covers whole is counted from what it
// holds, kept per cell at open (celltally.go; the courses meeting at
// several sites by the cells they span, multispan.go), and the text's
// matches are timed only if they could make the page (scoredcells.go) or,
// for a text asked again with no filter but its own, counted by cell too
// (textcells.go); a 60-minute drive at a hundred times the default
// catalogue costs its page and its edge of reach, not its half a million
// courses.
//
// With Query.Origins a search starts from several named places at once
// (home and work): each course comes once, from the nearer, and
// Hit.Origin says which.
//
// # Finding places
//
// A snapshot also holds a gazetteer (package geocode): districts, former
// districts (江东区), townships with their short and former names, metro
// stations, institutions, sites, enterprises, places, and the roads learnt
// from the addresses of sites and enterprises with their house numbers.
// Build derives every entry's names (geocode.Derive) and stores them in
// the snapshot; Open indexes them (geocode.NewWithNames). Geocode turns text into a place with its level and confidence, Origin
// and Workplace resolve a search's address= and workplace=, and Reverse
// gives a point's district (by boundary) and township (the nearest centre,
// approximate).
//
// # Planning
//
// A snapshot also holds population on H3 cells (PopulationResolution):
// modelled from the districts' census totals, or a grid given to Build
// (package index/plan/population). The planner itself is package
// index/plan: it reads the snapshot through the accessors of records.go
// (records by number, CourseMatcher) and the search's own travel times,
// forwards (ReachableSites) and backwards (PopulationReaching, which asks
// the search's question from a site or a candidate place to every
// populated cell at once).
//
// # What it must not do
//
// Callers see this module's types, never bleve's or bbolt's; index serves
// no HTTP and prints nothing.
package index
