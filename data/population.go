package data

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	h3 "github.com/uber/h3-go/v4"
)

// PopulationCell is the population of one H3 cell, as population grids
// such as Kontur's are published.
type PopulationCell struct {
	Cell       h3.Cell
	Population float64
}

// MinPopulationResolution is the coarsest H3 resolution a population grid
// may use: a resolution-4 cell (about 1,770 km²) already splits into 2,401
// cells at resolution 8, where skillcircle holds population.
const MinPopulationResolution = 4

// ReadPopulationGrid reads a population grid: a CSV file with the columns
// h3 and population, in any order (other columns are an error, as in a
// catalogue), one row per cell. h3 is a cell index in hexadecimal
// (8830e1d8b1fffff, as Kontur writes it); population is a number ≥ 0
// (Kontur's are whole, but fractions are accepted). Every row must use the
// same resolution, at least MinPopulationResolution, and name each cell
// once. file names the input in problems.
//
// It reads to the end and returns every problem as file:line: field:
// reason; with problems it returns no cells.
func ReadPopulationGrid(r io.Reader, file string) ([]PopulationCell, error) {
	cr := newCSVReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, Problems{{File: file, Line: 1, Field: "header", Reason: "the file is empty; want a header h3,population"}}
		}
		return nil, Problems{{File: file, Line: 1, Field: "header", Reason: csvReason(err)}}
	}
	var problems Problems
	cols := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case name != "h3" && name != "population":
			problems = append(problems, Problem{File: file, Line: 1, Field: name, Reason: "unknown column (expected h3, population)"})
		case cols[name] != 0:
			problems = append(problems, Problem{File: file, Line: 1, Field: name, Reason: "column appears twice"})
		default:
			cols[name] = i + 1 // 0 means absent
		}
	}
	for _, c := range []string{"h3", "population"} {
		if cols[c] == 0 {
			problems = append(problems, Problem{File: file, Line: 1, Field: c, Reason: "required column is missing"})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	cellCol, popCol := cols["h3"]-1, cols["population"]-1

	var cells []PopulationCell
	seen := map[h3.Cell]int{}
	res, resLine := -1, 0
	problems = append(problems, eachRow(cr, file, func(line int, fields []string) []Problem {
		var ps []Problem
		if len(fields) != len(header) {
			ps = append(ps, Problem{File: file, Line: line, Field: "row",
				Reason: fmt.Sprintf("has %d fields, the header %d", len(fields), len(header))})
			return ps
		}
		raw := strings.TrimSpace(fields[cellCol])
		cell, ok := parseCell(raw)
		switch {
		case !ok:
			ps = append(ps, Problem{File: file, Line: line, Field: "h3", Reason: fmt.Sprintf("%q is not an H3 cell index (hexadecimal, e.g. 8830e1d8b1fffff)", clip(raw))})
			cell = 0
		case cell.Resolution() < MinPopulationResolution:
			ps = append(ps, Problem{File: file, Line: line, Field: "h3",
				Reason: fmt.Sprintf("resolution %d is coarser than %d, the coarsest accepted", cell.Resolution(), MinPopulationResolution)})
			cell = 0
		case res >= 0 && cell.Resolution() != res:
			ps = append(ps, Problem{File: file, Line: line, Field: "h3",
				Reason: fmt.Sprintf("resolution %d differs from the file's resolution %d (line %d); use one resolution", cell.Resolution(), res, resLine)})
			cell = 0
		default:
			if res < 0 {
				res, resLine = cell.Resolution(), line
			}
			if first, dup := seen[cell]; dup {
				ps = append(ps, Problem{File: file, Line: line, Field: "h3", Reason: fmt.Sprintf("cell %s appears twice (first on line %d)", cell, first)})
				cell = 0
			} else {
				seen[cell] = line
			}
		}
		rawPop := strings.TrimSpace(fields[popCol])
		pop, err := strconv.ParseFloat(rawPop, 64)
		switch {
		case err != nil || math.IsNaN(pop) || math.IsInf(pop, 0):
			ps = append(ps, Problem{File: file, Line: line, Field: "population", Reason: fmt.Sprintf("%q is not a number", clip(rawPop))})
			return ps
		case pop < 0:
			ps = append(ps, Problem{File: file, Line: line, Field: "population", Reason: fmt.Sprintf("%v is negative", pop)})
			return ps
		case pop > 1e7:
			ps = append(ps, Problem{File: file, Line: line, Field: "population", Reason: fmt.Sprintf("%v is more than any H3 cell holds (10,000,000)", pop)})
			return ps
		}
		if cell != 0 {
			cells = append(cells, PopulationCell{Cell: cell, Population: pop})
		}
		return ps
	})...)
	if len(problems) > 0 {
		return nil, problems
	}
	if len(cells) == 0 {
		return nil, Problems{{File: file, Reason: "no rows: want one row per cell, h3,population"}}
	}
	return cells, nil
}

// parseCell reads a hexadecimal H3 cell index, with or without 0x.
func parseCell(s string) (h3.Cell, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(s) == 0 || len(s) > 16 {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, false
	}
	c := h3.Cell(v)
	return c, c.IsValid()
}

// clip shortens a bad value quoted in a problem.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
