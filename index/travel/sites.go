package travel

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
)

// SiteResolution is the H3 resolution at which sites (and the planner's
// places) are indexed by cell. At 7 a cell is about 5 km² (edge 1.2 km): a
// 15-minute walk touches a handful of cells and a 60-minute drive a few
// hundred, each holding few sites.
const SiteResolution = 7

// MaxMinutes is the longest travel time asked for; the site indexes find
// every time up to it.
const MaxMinutes = 60

// errTable is wrapped by every error a damaged site index gives.
var errTable = errors.New("bad encoding")

// Source says where a travel time came from.
type Source string

const (
	// SourceNetwork: shortest paths on the road network the snapshot was
	// built with (skillcircle build --osm), plus the mode's overhead.
	SourceNetwork Source = "network"
	// SourceEstimate: great-circle distance x detour / speed + overhead
	// (geo.TravelModel), where there is no network.
	SourceEstimate Source = "estimate"
	// SourceTransit: walking to a metro station, riding, and walking on
	// (geo/transit), when that beats walking.
	SourceTransit Source = "transit"
)

// OriginResolution is the H3 resolution of the origin cells whose road
// network times to every site a search uses: a search from a point
// takes the times of its cell's centre (and the straight walk to a site
// within the mode's snap distance, which the centre would misjudge). A
// point and its cell's centre differ by at most the walk between them: at
// res 10 (walking; edge 66 m) about a minute at worst, at res 9 (the
// other modes; edge 174 m) three, half that on average. (The site tables
// this was chosen for stored a row per cell; the site indexes could take
// the point itself, but the cell keeps the answers of a search stable
// within the cell, and the same as before.)
func OriginResolution(mode geo.Mode) int {
	if mode == geo.Walk {
		return 10
	}
	return 9
}

// SiteIndex holds, for one mode, what finds the network time from any
// origin cell (its centre) to every site within MaxMinutes: the
// contraction hierarchy of the mode's graph and each covered site's
// backward search in it, kept as buckets (route.Buckets). A query is one
// upward search from the cell's centre, a few hundred nodes, so the index
// grows with sites x the size of such a search, not with the area each
// site reaches (the per-cell site tables it replaces held 22 million
// entries by car on a region's network). BuildSiteIndexes makes it; the
// snapshot stores it.
type SiteIndex struct {
	Res       int     // OriginResolution of the mode
	Sites     []int32 // the covered sites, by bucket target number
	Hierarchy *route.Hierarchy
	Buckets   *route.Buckets // targets: Sites' locations
}

// maxTenths is the largest time a SiteIndex gives (6553.5 s, 109 minutes).
const maxTenths = math.MaxUint16

// toTenths rounds seconds up to the tenth, so a time never undercuts the
// path it stands for.
func toTenths(sec float64) uint16 { return uint16(min(math.Ceil(sec*10), maxTenths)) }

// siteTime is a site and its network time in tenths of a second.
type siteTime struct {
	site   int32
	tenths uint16
}

// row returns the sites reachable from the centre of origin's cell within
// maxSeconds, nearest first (ties by site).
func (x *SiteIndex) row(net *route.Network, origin orb.Point, maxSeconds float64) []siteTime {
	centre := geo.CellCenter(geo.Cell(origin, x.Res))
	var out []siteTime
	net.From(x.Buckets, centre, maxSeconds, func(target int32, sec float64) {
		out = append(out, siteTime{x.Sites[target], toTenths(sec)})
	})
	slices.SortFunc(out, func(a, b siteTime) int {
		if c := cmp.Compare(a.tenths, b.tenths); c != 0 {
			return c
		}
		return cmp.Compare(a.site, b.site)
	})
	return out
}

// Check verifies a decoded index against the snapshot's number of sites.
func (x *SiteIndex) Check(sites int) error {
	if x.Res < 0 || x.Res > 15 {
		return fmt.Errorf("%w: origin resolution %d", errTable, x.Res)
	}
	for _, s := range x.Sites {
		if s < 0 || int(s) >= sites {
			return fmt.Errorf("%w: site index names site %d of %d", errTable, s, sites)
		}
	}
	if x.Buckets == nil || len(x.Buckets.Arrays().Points) != len(x.Sites) {
		return fmt.Errorf("%w: buckets for other targets than the %d sites", errTable, len(x.Sites))
	}
	return nil
}

// roadMode maps a travel mode to its road graph.
func roadMode(m geo.Mode) (route.Mode, bool) {
	rm, err := route.FromGeo(m)
	return rm, err == nil
}

// networkSeconds is how long a network search for mode may run: the
// longest query less the mode's overhead, which is added at query time.
func networkSeconds(model geo.TravelModel) float64 {
	return math.Max(0, MaxMinutes-model.OverheadMinutes) * 60
}

// HierarchyModes are the modes whose site times come from a SiteIndex;
// the others keep a Table. Measured on the generated region (1.57 million
// nodes, 579 sites; see route's doc.go): a table by car held 39.5 million
// entries, by e-bike 3.8, on foot or by bike 1.7; contracting the car's
// graph, which has road classes to build a hierarchy on, took 17 s of
// CPU, the walkers' (one speed on a lattice of streets: no hierarchy to
// find) 116 s.
var HierarchyModes = []geo.Mode{geo.Drive}

// BuildRoads builds the site times of every mode the network carries and
// models has: a SiteIndex for HierarchyModes, a Table for the others.
// progress, if not nil, is told how the tables' searches advance.
func BuildRoads(ctx context.Context, net *route.Network, cover *geo.Area, sites []orb.Point, models geo.TravelModels,
	progress func(done, total int)) (map[geo.Mode]*Table, map[geo.Mode]*SiteIndex, error) {
	var tableModes, indexModes []geo.Mode
	for _, m := range geo.Modes() {
		rm, ok := roadMode(m)
		if _, has := models[m]; !ok || !has || net.NumEdges(rm) == 0 {
			continue
		}
		if slices.Contains(HierarchyModes, m) {
			indexModes = append(indexModes, m)
		} else {
			tableModes = append(tableModes, m)
		}
	}
	tables, err := BuildTables(ctx, net, cover, sites, models, tableModes, progress)
	if err != nil {
		return nil, nil, err
	}
	indexes, err := BuildSiteIndexes(ctx, net, cover, sites, models, indexModes)
	if err != nil {
		return nil, nil, err
	}
	return tables, indexes, nil
}

// BuildSiteIndexes contracts the graph of each of modes and runs each
// covered site's backward search in it, bounded by MaxMinutes less the
// mode's overhead. One mode at a time: a contraction holds about twice the
// mode's graph while it runs (some 500 MB on a region's network of 1.5
// million nodes), and the build must fit a small machine.
func BuildSiteIndexes(ctx context.Context, net *route.Network, cover *geo.Area, sites []orb.Point, models geo.TravelModels,
	modes []geo.Mode) (map[geo.Mode]*SiteIndex, error) {
	var covered []int32
	var points []orb.Point
	for si, p := range sites {
		if cover.Contains(p) {
			covered = append(covered, int32(si))
			points = append(points, p)
		}
	}
	indexes := map[geo.Mode]*SiteIndex{}
	for _, m := range modes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rm, _ := roadMode(m)
		h := net.Contract(rm)
		indexes[m] = &SiteIndex{Res: OriginResolution(m), Sites: covered, Hierarchy: h,
			Buckets: net.NewBuckets(h, points, nil, networkSeconds(models[m]))}
	}
	return indexes, nil
}
