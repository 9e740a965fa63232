package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index"
)

// readPopulation reads build's --population grid; an empty path means the
// population model (nil). Bad rows are listed, file:line: field: reason.
func readPopulation(path string, stderr io.Writer) ([]data.PopulationCell, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cells, err := data.ReadPopulationGrid(f, path)
	var problems data.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		return nil, fmt.Errorf("%s: %d problems; nothing was built", path, len(problems))
	}
	return cells, err
}

func printPopulation(w io.Writer, p index.PopulationSource) {
	switch p.Kind {
	case index.PopulationGrid:
		fmt.Fprintf(w, "population: %d people on %d cells at H3 resolution %d, from %s (resolution %d)", p.Total, p.Cells, p.Resolution, p.File, p.InputResolution)
		if p.LeftOutCells > 0 {
			fmt.Fprintf(w, "; %d people in %d cells outside every district left out", p.LeftOut, p.LeftOutCells)
		}
		fmt.Fprintln(w)
	default:
		fmt.Fprintf(w, "population: modelled, %d people on %d cells at H3 resolution %d (census totals by district; see README)\n", p.Total, p.Cells, p.Resolution)
	}
}
