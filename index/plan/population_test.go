package plan_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
	"github.com/skillcircle/skillcircle/index/plan/population"
)

// The population model keeps every district's census total, gives every
// township people, shares a district out by villages and communities
// (an urban community weighing population.UrbanCommunityWeight villages), and
// puts every person inside the region.
func TestPopulationModel(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	src := snap.Meta().Population
	census := 0
	for _, d := range cat.Districts {
		census += d.Population
	}
	if src.Kind != index.PopulationModelled || src.Total != census || src.Resolution != index.PopulationResolution || src.Cells < 10000 {
		t.Fatalf("population source %+v; census %d", src, census)
	}
	cov := coverage(t, snap, plan.Query{Mode: geo.Walk, Minutes: 15})
	people := map[string]int{}
	for _, tw := range cov.Townships {
		people[tw.Code] = tw.Population
		if tw.Population <= 0 {
			t.Errorf("township %s has no people", tw.Name)
		}
	}
	weight := func(tw data.Township) float64 {
		return population.UrbanCommunityWeight*float64(tw.Urban) + float64(tw.Villages-tw.Urban)
	}
	for _, d := range cat.Districts {
		var ws []data.Township
		for _, tw := range cat.Townships {
			if tw.DistrictCode == d.Code && tw.Villages > 0 && people[tw.Code] > 1000 {
				ws = append(ws, tw)
			}
		}
		for i := 1; i < len(ws); i++ {
			a, b := ws[0], ws[i]
			got := float64(people[a.Code]) / float64(people[b.Code])
			want := weight(a) / weight(b)
			if math.Abs(got/want-1) > 0.01 {
				t.Errorf("%s/%s: people %d/%d, weights %.1f/%.1f", a.Name, b.Name, people[a.Code], people[b.Code], weight(a), weight(b))
			}
		}
	}
	for _, c := range cov.Cells {
		// A township centre's own cell may have its centre just over a
		// boundary; no other cell may.
		if _, ok := snap.DistrictOf(c.Centre); !ok && !isTownshipCentreCell(cat, c.Cell) {
			t.Errorf("cell %s (%d people) lies outside every district", c.Cell, c.People)
		}
	}
}

func isTownshipCentreCell(cat *data.Catalogue, c h3.Cell) bool {
	for _, tw := range cat.Townships {
		if geo.Cell(tw.Center, index.PopulationResolution) == c {
			return true
		}
	}
	return false
}

// A population grid at a finer resolution is summed into the working
// cells: the model's own numbers, split into resolution-9 children and
// read back, give the same people per cell.
func TestPopulationGridFiner(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	cov := coverage(t, snap, plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing})
	var csv strings.Builder
	csv.WriteString("h3,population\n")
	for _, c := range cov.Cells {
		children := c.Cell.Children(9)
		for i, child := range children {
			// Whole people, as Kontur publishes them, summing to the cell's.
			n := c.People / len(children)
			if i < c.People%len(children) {
				n++
			}
			fmt.Fprintf(&csv, "%s,%d\n", child, n)
		}
	}
	grid, err := data.ReadPopulationGrid(strings.NewReader(csv.String()), "res9.csv")
	if err != nil {
		t.Fatal(err)
	}
	snap2 := buildWithGrid(t, cat, grid, "res9.csv")
	src := snap2.Meta().Population
	if src.Kind != index.PopulationGrid || src.InputResolution != 9 || src.File != "res9.csv" || src.Total != cov.City.Population || src.LeftOut != 0 {
		t.Errorf("population source %+v", src)
	}
	cov2 := coverage(t, snap2, plan.Query{Mode: geo.Walk, Minutes: 15, Filters: manufacturing})
	if len(cov2.Cells) != len(cov.Cells) {
		t.Fatalf("%d cells from the grid, %d from the model", len(cov2.Cells), len(cov.Cells))
	}
	for i := range cov.Cells {
		a, b := cov.Cells[i], cov2.Cells[i]
		if a.Cell != b.Cell || a.People != b.People || a.Covered != b.Covered {
			t.Fatalf("cell %s: %d people (covered %v) from the grid, %s %d (%v) from the model", b.Cell, b.People, b.Covered, a.Cell, a.People, a.Covered)
		}
	}
	if cov2.City != cov.City {
		t.Errorf("city %+v from the grid, %+v from the model", cov2.City, cov.City)
	}
}

// A coarser grid is shared equally among the children; cells far outside
// every district are left out and counted.
func TestPopulationGridCoarser(t *testing.T) {
	cat, _ := ningboSnapshot(t)
	centre := geo.Cell(orb.Point{121.5503, 29.8730}, 7) // 天一广场
	sea := geo.Cell(orb.Point{123.5, 29.5}, 7)          // the East China Sea
	grid := []data.PopulationCell{{Cell: centre, Population: 7000}, {Cell: sea, Population: 700}}
	snap := buildWithGrid(t, cat, grid, "res7.csv")
	src := snap.Meta().Population
	if src.Total != 7000 || src.Cells != 7 || src.LeftOut != 700 || src.LeftOutCells != 7 || src.InputResolution != 7 {
		t.Errorf("population source %+v", src)
	}
	cov := coverage(t, snap, plan.Query{Mode: geo.Walk, Minutes: 15})
	for _, c := range cov.Cells {
		if c.People != 1000 || c.Cell.Parent(7) != centre {
			t.Errorf("cell %s holds %d", c.Cell, c.People)
		}
	}
	if cov.City.Population != 7000 || cov.City.Covered+cov.City.Uncovered != 7000 {
		t.Errorf("city %+v", cov.City)
	}
}

func buildWithGrid(t *testing.T, cat *data.Catalogue, grid []data.PopulationCell, file string) *index.Snapshot {
	t.Helper()
	path := filepath.Join(t.TempDir(), "grid.db")
	if _, err := index.Build(context.Background(), path, cat, index.BuildOptions{Population: grid, PopulationFile: file}); err != nil {
		t.Fatal(err)
	}
	snap, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snap.Close() })
	return snap
}
