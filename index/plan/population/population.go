package population

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
)

// Resolution is the H3 resolution at which a snapshot holds
// population: 8, as the Kontur population dataset is published (a cell is
// about 0.74 km², edge 460 m, so a 15-minute walk of 865 m reaches past the
// cells next door).
const Resolution = 8

// The population model (see PopulationModel in README.md). Without a
// population grid, each district's census population is shared out to its
// townships by their villages and communities, and each township's over the
// cells nearest its centre.
const (
	// UrbanCommunityWeight is how many villages an urban community (urban-
	// rural class 1xx) counts for. With it, the 1,648 urban and 1,636 rural
	// units of Ningbo's 2016 list put 78% of the population in urban ones,
	// the city's urbanisation rate at the 2020 census.
	UrbanCommunityWeight = 3.5
	// CoreDecayKm and RuralDecayKm are the decay lengths of the two parts of
	// a township's population: its urban communities' share gathers around
	// the centre (half of it within about 1.7 km), its villages' share
	// spreads out (half within about 5 km).
	CoreDecayKm  = 1.0
	RuralDecayKm = 3.0
	// boundarySlackMetres lets a grid cell whose centre falls just outside
	// every district boundary (coasts are drawn coarsely) count for the
	// nearest district.
	boundarySlackMetres = 1000
)

// Source kinds.
const (
	Modelled = "model"
	Grid     = "grid"
)

// Source says where a snapshot's population comes from.
type Source struct {
	Kind string `json:"kind"` // Modelled or Grid
	// File is the grid's file name and InputResolution its H3 resolution.
	File            string `json:"file,omitempty"`
	InputResolution int    `json:"input_resolution,omitempty"`
	Resolution      int    `json:"resolution"`
	Total           int    `json:"total"`
	Cells           int    `json:"cells"` // populated cells at Resolution
	// LeftOut is how many people of the grid live in cells outside every
	// district (more than 1 km beyond its boundary), in LeftOutCells cells.
	LeftOut      int `json:"left_out,omitempty"`
	LeftOutCells int `json:"left_out_cells,omitempty"`
}

// Cell is the population of one cell and the township it counts for.
type Cell struct {
	Cell     h3.Cell
	Centre   orb.Point
	People   int
	Township int32 // the township's number in the catalogue
}

// cellTownships assigns cells to townships. There are no township
// boundaries: a cell belongs to the district whose boundary holds its
// centre and, in it, to the township whose centre is nearest.
type cellTownships struct {
	districts  []data.District
	areas      []*geo.Area
	byDistrict [][]int32 // township indices of each district
	townships  []data.Township
}

func newCellTownships(districts []data.District, areas []*geo.Area, townships []data.Township) *cellTownships {
	ct := &cellTownships{districts: districts, areas: areas, townships: townships, byDistrict: make([][]int32, len(districts))}
	for ti, t := range townships {
		for di, d := range districts {
			if d.Code == t.DistrictCode {
				ct.byDistrict[di] = append(ct.byDistrict[di], int32(ti))
			}
		}
	}
	return ct
}

// district returns the district whose boundary holds p, or failing that
// the nearest within slack metres; -1 if none.
func (ct *cellTownships) district(p orb.Point, slack float64) int {
	for i, a := range ct.areas {
		if a.Contains(p) {
			return i
		}
	}
	best, bestD := -1, slack
	for i, a := range ct.areas {
		if d := a.DistanceTo(p); d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// nearestTownship returns the township of district di whose centre is
// nearest p, -1 if the district has none.
func (ct *cellTownships) nearestTownship(di int, p orb.Point) int32 {
	best, bestD := int32(-1), math.Inf(1)
	for _, ti := range ct.byDistrict[di] {
		if d := geo.Distance(p, ct.townships[ti].Center); d < bestD {
			best, bestD = ti, d
		}
	}
	return best
}

// modelPopulation spreads each district's population over the cells of
// its boundary, as the constants above describe. Every district's total is
// kept exactly.
func modelPopulation(ct *cellTownships) ([]Cell, error) {
	var out []Cell
	taken := map[h3.Cell]bool{}
	for di, d := range ct.districts {
		tis := ct.byDistrict[di]
		if d.Population == 0 {
			continue
		}
		if len(tis) == 0 {
			return nil, fmt.Errorf("population: model: district %s %s has population but no township", d.Code, d.Name)
		}
		// Cells whose centre the district holds, each to the nearest
		// township centre; a township's own centre cell is always its own,
		// so that no township is left without people.
		members := map[int32][]h3.Cell{}
		owner := map[h3.Cell]int32{}
		for _, c := range geo.PolygonCells(d.Boundary, Resolution) {
			if taken[c] {
				continue
			}
			taken[c] = true
			owner[c] = ct.nearestTownship(di, geo.CellCenter(c))
		}
		forced := map[h3.Cell]bool{}
		for _, ti := range tis {
			c := geo.Cell(ct.townships[ti].Center, Resolution)
			_, ours := owner[c]
			if forced[c] || (taken[c] && !ours) {
				continue // another centre, or another district, has it
			}
			owner[c], taken[c], forced[c] = ti, true, true
		}
		if len(owner) == 0 {
			return nil, fmt.Errorf("population: model: district %s %s has population but no cell", d.Code, d.Name)
		}
		for c, ti := range owner {
			members[ti] = append(members[ti], c)
		}

		weights := townshipWeights(ct.townships, tis)
		for k, ti := range tis {
			if len(members[ti]) == 0 {
				weights[k] = 0 // its people count for the townships around it
			}
		}
		shares := apportion(d.Population, weights)
		for k, ti := range tis {
			t := ct.townships[ti]
			cells := members[ti]
			slices.Sort(cells)
			centres := make([]orb.Point, len(cells))
			dist := make([]float64, len(cells))
			for i, c := range cells {
				centres[i] = geo.CellCenter(c)
				dist[i] = geo.Distance(t.Center, centres[i]) / 1000
			}
			urbanShare := 0.0
			if w := weights[k]; w > 0 && t.Villages > 0 {
				urbanShare = UrbanCommunityWeight * float64(t.Urban) / (UrbanCommunityWeight*float64(t.Urban) + float64(t.Villages-t.Urban))
			} else if t.Villages == 0 && t.Kind == "街道" {
				urbanShare = 1 // a new street with no communities on record
			}
			cellWeights := make([]float64, len(cells))
			var core, rural float64
			for i := range cells {
				core += math.Exp(-dist[i] / CoreDecayKm)
				rural += math.Exp(-dist[i] / RuralDecayKm)
			}
			for i := range cells {
				cellWeights[i] = urbanShare*math.Exp(-dist[i]/CoreDecayKm)/core + (1-urbanShare)*math.Exp(-dist[i]/RuralDecayKm)/rural
			}
			for i, n := range apportion(shares[k], cellWeights) {
				if n > 0 {
					out = append(out, Cell{Cell: cells[i], Centre: centres[i], People: n, Township: ti})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Cell) int { return cmp.Compare(a.Cell, b.Cell) })
	return out, nil
}

// townshipWeights weighs townships by their villages and communities. A
// township with none on record (a street created after 2016) weighs as the
// median township of its kind in the district, or of the district.
func townshipWeights(townships []data.Township, tis []int32) []float64 {
	w := make([]float64, len(tis))
	byKind := map[string][]float64{}
	var all []float64
	for i, ti := range tis {
		t := townships[ti]
		w[i] = UrbanCommunityWeight*float64(t.Urban) + float64(t.Villages-t.Urban)
		if t.Villages > 0 {
			byKind[t.Kind] = append(byKind[t.Kind], w[i])
			all = append(all, w[i])
		}
	}
	for i, ti := range tis {
		if townships[ti].Villages > 0 {
			continue
		}
		switch {
		case len(byKind[townships[ti].Kind]) > 0:
			w[i] = median(byKind[townships[ti].Kind])
		case len(all) > 0:
			w[i] = median(all)
		default:
			w[i] = 1
		}
	}
	return w
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// apportion splits total into whole numbers in proportion to weights by
// the largest-remainder method: the parts sum to total exactly. With no
// positive weight everything goes to the first part.
func apportion(total int, weights []float64) []int {
	out := make([]int, len(weights))
	if len(weights) == 0 || total == 0 {
		return out
	}
	sum := 0.0
	for _, w := range weights {
		if w > 0 {
			sum += w
		}
	}
	if !(sum > 0) {
		out[0] = total
		return out
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		exact := 0.0
		if w > 0 {
			exact = float64(total) * w / sum
		}
		out[i] = int(math.Floor(exact))
		given += out[i]
		rems[i] = rem{i, exact - float64(out[i])}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	return out
}

// gridPopulation brings a population grid to Resolution: finer
// cells are summed into their parent, coarser ones shared equally among
// their children. Each cell then counts for the district holding its
// centre (or the nearest within 1 km) and that district's nearest township;
// the people of cells farther out are left out and counted. Numbers are
// rounded to whole people, keeping the grid's rounded total.
func gridPopulation(ct *cellTownships, grid []data.PopulationCell) ([]Cell, Source, error) {
	src := Source{Kind: Grid, Resolution: Resolution}
	if len(grid) == 0 {
		return nil, src, fmt.Errorf("population: grid has no cells")
	}
	src.InputResolution = grid[0].Cell.Resolution()
	people := map[h3.Cell]float64{}
	for _, g := range grid {
		switch r := g.Cell.Resolution(); {
		case r == Resolution:
			people[g.Cell] += g.Population
		case r > Resolution:
			people[g.Cell.Parent(Resolution)] += g.Population
		default:
			children := g.Cell.Children(Resolution)
			share := g.Population / float64(len(children))
			for _, c := range children {
				people[c] += share
			}
		}
	}
	cells := make([]h3.Cell, 0, len(people))
	for c := range people {
		cells = append(cells, c)
	}
	slices.Sort(cells)
	var kept []Cell
	var weights []float64
	left := 0.0
	for _, c := range cells {
		p := people[c]
		if p <= 0 {
			continue
		}
		centre := geo.CellCenter(c)
		di := ct.district(centre, boundarySlackMetres)
		ti := int32(-1)
		if di >= 0 {
			ti = ct.nearestTownship(di, centre)
		}
		if ti < 0 {
			left += p
			src.LeftOutCells++
			continue
		}
		kept = append(kept, Cell{Cell: c, Centre: centre, Township: ti})
		weights = append(weights, p)
	}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	src.LeftOut = int(math.Round(left))
	for i, n := range apportion(int(math.Round(total)), weights) {
		kept[i].People = n
	}
	out := kept[:0]
	for _, pc := range kept {
		if pc.People > 0 {
			out = append(out, pc)
		}
	}
	return out, src, nil
}

// Build computes the population cells of a catalogue, sorted by cell: from
// grid when given (file names it in the Source), else the model.
func Build(cat *data.Catalogue, grid []data.PopulationCell, file string) ([]Cell, Source, error) {
	areas := make([]*geo.Area, len(cat.Districts))
	for i, d := range cat.Districts {
		areas[i] = geo.NewArea(d.Boundary)
	}
	ct := newCellTownships(cat.Districts, areas, cat.Townships)
	var cells []Cell
	var src Source
	var err error
	if grid != nil {
		cells, src, err = gridPopulation(ct, grid)
		src.File = file
	} else {
		src = Source{Kind: Modelled, Resolution: Resolution}
		cells, err = modelPopulation(ct)
	}
	if err != nil {
		return nil, Source{}, err
	}
	src.Cells = len(cells)
	for _, c := range cells {
		src.Total += c.People
	}
	return cells, src, nil
}
