package index

import (
	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index/plan/population"
)

// A snapshot holds population on H3 cells, for the planner: modelled from
// the districts' census totals or brought from a grid (package
// index/plan/population) at build, stored cell by cell.

// PopulationResolution is the H3 resolution at which a snapshot holds
// population (population.Resolution).
const PopulationResolution = population.Resolution

// PopulationSource says where a snapshot's population comes from
// (Meta.Population).
type PopulationSource = population.Source

// Population source kinds.
const (
	PopulationModelled = population.Modelled
	PopulationGrid     = population.Grid
)

// popCell is the population of one cell and the township it counts for,
// as stored.
type popCell struct {
	Cell     h3.Cell   `json:"-"`
	Centre   orb.Point `json:"-"`
	People   int       `json:"p"`
	Township int32     `json:"-"`
	// TownshipCode is the stored form of Township.
	TownshipCode string `json:"t"`
}

// buildPopulation computes the population cells of a catalogue: from grid
// when given, else the model.
func buildPopulation(cat *data.Catalogue, grid []data.PopulationCell, file string) ([]popCell, PopulationSource, error) {
	cells, src, err := population.Build(cat, grid, file)
	if err != nil {
		return nil, PopulationSource{}, err
	}
	out := make([]popCell, len(cells))
	for i, c := range cells {
		out[i] = popCell{Cell: c.Cell, Centre: c.Centre, People: c.People, Township: c.Township, TownshipCode: cat.Townships[c.Township].Code}
	}
	return out, src, nil
}
