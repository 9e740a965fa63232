package index

import (
	"encoding/json"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/transit"
)

// BuildInputs are what a snapshot is built from, as far as telling whether
// one on disk is up to date needs them.
type BuildInputs struct {
	SourceChecksum string           // the catalogue's (data.Report.Checksum)
	TravelModels   geo.TravelModels // the speeds and detours asked for
	// Transit is the metro's assumptions asked for; nil takes the
	// snapshot's, whatever they are.
	Transit *transit.Options
	// NetworkChecksum is the road network's file's (data/osm.Checksum),
	// "" for a build without one.
	NetworkChecksum string
	// PopulationGrid is true for a build from a population grid: such a
	// snapshot is always rebuilt (the grid is not checksummed).
	PopulationGrid bool
}

// UpToDate reports whether the snapshot at path was built by this format
// version from exactly these inputs, with its metadata; a missing,
// unreadable or older snapshot is not up to date.
func UpToDate(path string, in BuildInputs) (Meta, bool) {
	meta, err := ReadMeta(path)
	if err != nil || in.PopulationGrid {
		return meta, false
	}
	sameModels := func(a, b geo.TravelModels) bool {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		return string(ja) == string(jb)
	}
	sameNetwork := meta.Network == nil && in.NetworkChecksum == "" ||
		meta.Network != nil && meta.Network.Checksum == in.NetworkChecksum
	return meta, meta.FormatVersion == FormatVersion && meta.SourceChecksum == in.SourceChecksum &&
		sameModels(meta.TravelModels, in.TravelModels) && meta.Population.Kind == PopulationModelled &&
		sameNetwork && (in.Transit == nil || meta.Transit == *in.Transit)
}
