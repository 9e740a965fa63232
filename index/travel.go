package index

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/transit"
	"github.com/skillcircle/skillcircle/index/travel"
)

// Every travel time of a snapshot is found by package index/travel: to the
// sites for a search, to other places and backwards for the planner, the
// areas within reach for an isochrone. The snapshot stores its road network
// and site tables and hands them over at open.

// TravelSource says where a travel time came from (travel.Source).
type TravelSource = travel.Source

// Where travel times come from.
const (
	// SourceNetwork: shortest paths on the road network the snapshot was
	// built with (skillcircle build --osm), plus the mode's overhead.
	SourceNetwork = travel.SourceNetwork
	// SourceEstimate: great-circle distance x detour / speed + overhead
	// (geo.TravelModel), where there is no network.
	SourceEstimate = travel.SourceEstimate
	// SourceTransit: walking to a metro station, riding, and walking on
	// (geo/transit), when that beats walking.
	SourceTransit = travel.SourceTransit
)

// OriginResolution is the H3 resolution of the origin cells whose road
// network times to every site a snapshot stores (travel.OriginResolution).
func OriginResolution(mode geo.Mode) int { return travel.OriginResolution(mode) }

// travel returns how mode's travel times are found, or a QueryError for a
// mode the snapshot cannot answer.
func (s *Snapshot) travel(mode geo.Mode) (*travel.Mode, error) {
	if tr, ok := s.times.Mode(mode); ok {
		return tr, nil
	}
	if mode == geo.Transit {
		return nil, invalid("mode", "transit needs metro stations and this snapshot has none (its catalogue has no %s)", "metro_stations.csv")
	}
	_, err := s.meta.TravelModels.Get(mode)
	return nil, invalid("mode", "%v", err)
}

// initTravel prepares every mode's travel times from the stored network,
// tables and stations; called by Open once the records are indexed.
func (s *Snapshot) initTravel() error {
	sites := make([]orb.Point, len(s.sites))
	for i := range s.sites {
		sites[i] = s.sites[i].Location
	}
	var net *travel.Network
	if s.net != nil {
		net = &travel.Network{Net: s.net, Cover: s.cover, Tables: s.tables, Sites: s.siteIndexes}
	}
	stations := make([]transit.Station, len(s.stations))
	for i, st := range s.stations {
		stations[i] = transit.Station{Name: st.Name, Point: st.Location, Lines: map[string]int{}}
		for _, ls := range st.Lines {
			stations[i].Lines[ls.Line] = ls.Order
		}
	}
	times, err := travel.New(sites, s.cells, s.meta.TravelModels, net, stations, s.meta.Transit)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	s.times = times
	return nil
}
