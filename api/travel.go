package api

import (
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/transit"
	"github.com/skillcircle/skillcircle/index"
)

// travelView says how a response's travel times were found: source
// network, estimate or transit, the mode's estimate model (the walk model
// for transit), and the network or metro assumptions where they apply.
type travelView struct {
	Source index.TravelSource `json:"source"`
	geo.TravelModel
	Network *networkView     `json:"network,omitempty"`
	Transit *transit.Options `json:"transit,omitempty"`
}

type networkView struct {
	Source string `json:"source"` // the OpenStreetMap file
	// OriginResolution is the H3 resolution of the origin cells: a
	// search takes the times of its origin's cell centre.
	OriginResolution int `json:"origin_resolution"`
}

func newTravelView(snap *index.Snapshot, mode geo.Mode, src index.TravelSource) travelView {
	meta := snap.Meta()
	modelMode := mode
	if mode == geo.Transit {
		modelMode = geo.Walk
	}
	model, _ := meta.TravelModels.Get(modelMode)
	v := travelView{Source: src, TravelModel: model}
	switch src {
	case index.SourceNetwork:
		v.Network = &networkView{Source: meta.Network.Source, OriginResolution: meta.Network.OriginResolution[mode]}
	case index.SourceTransit:
		t := meta.Transit
		v.Transit = &t
		if meta.Network != nil {
			// the walks to and from the stations are on the network
			// where it covers both ends
			v.Network = &networkView{Source: meta.Network.Source, OriginResolution: meta.Network.OriginResolution[geo.Walk]}
		}
	}
	return v
}
