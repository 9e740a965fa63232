package data_test

import (
	"errors"
	"strings"
	"testing"

	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
)

func TestReadPopulationGrid(t *testing.T) {
	ok := []struct {
		name, in string
		want     map[string]float64
	}{
		{"kontur order", "h3,population\n8830e1d8b1fffff,1234\n8830e1d8b3fffff,7\n",
			map[string]float64{"8830e1d8b1fffff": 1234, "8830e1d8b3fffff": 7}},
		{"columns swapped, BOM, CRLF, blank line, 0x, spaces", "\uFEFFpopulation, h3\r\n12.5 , 0x8830e1d8b1fffff\r\n\r\n0,8830e1d8b3fffff\r\n",
			map[string]float64{"8830e1d8b1fffff": 12.5, "8830e1d8b3fffff": 0}},
		{"upper-case header and hex", "H3,Population\n8830E1D8B1FFFFF,3\n", map[string]float64{"8830e1d8b1fffff": 3}},
		{"coarse resolution 6", "h3,population\n8630e1d8fffffff,100\n", map[string]float64{"8630e1d8fffffff": 100}},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			cells, err := data.ReadPopulationGrid(strings.NewReader(tc.in), "pop.csv")
			if err != nil {
				t.Fatal(err)
			}
			if len(cells) != len(tc.want) {
				t.Fatalf("got %d cells, want %d", len(cells), len(tc.want))
			}
			for _, c := range cells {
				if w, ok := tc.want[c.Cell.String()]; !ok || w != c.Population {
					t.Errorf("cell %s = %v, want %v (listed %v)", c.Cell, c.Population, w, ok)
				}
			}
		})
	}
	bad := []struct {
		name, in string
		want     []string // problems, as printed
	}{
		{"empty", "", []string{"pop.csv:1: header: the file is empty; want a header h3,population"}},
		{"header only", "h3,population\n", []string{"pop.csv: no rows: want one row per cell, h3,population"}},
		{"missing column", "h3\n8830e1d8b1fffff\n", []string{"pop.csv:1: population: required column is missing"}},
		{"unknown column", "h3,population,lat\n", []string{"pop.csv:1: lat: unknown column (expected h3, population)"}},
		{"every bad row reported", "h3,population\n" +
			"8830e1d8b1fffff,-1\n" + // 2
			"zzz,5\n" + // 3
			"8830e1d8b3fffff,many\n" + // 4
			"8830e1d8b5fffff,1\n" + // 5: good
			"8830e1d8b5fffff,2\n" + // 6: duplicate
			"8930e1d8b17ffff,2\n" + // 7: resolution 9
			"804bfffffffffff,2\n" + // 8: resolution 0
			"8830e1d8b7fffff\n" + // 9: short row
			"884b34356bfffff,NaN\n", // 10
			[]string{
				"pop.csv:2: population: -1 is negative",
				`pop.csv:3: h3: "zzz" is not an H3 cell index (hexadecimal, e.g. 8830e1d8b1fffff)`,
				`pop.csv:4: population: "many" is not a number`,
				"pop.csv:6: h3: cell 8830e1d8b5fffff appears twice (first on line 5)",
				"pop.csv:7: h3: resolution 9 differs from the file's resolution 8 (line 2); use one resolution",
				"pop.csv:8: h3: resolution 0 is coarser than 4, the coarsest accepted",
				"pop.csv:9: row: has 1 fields, the header 2",
				`pop.csv:10: population: "NaN" is not a number`,
			}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			cells, err := data.ReadPopulationGrid(strings.NewReader(tc.in), "pop.csv")
			if cells != nil || !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("got %d cells, err %v; want data.ErrInvalid", len(cells), err)
			}
			var ps data.Problems
			errors.As(err, &ps)
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func FuzzReadPopulationGrid(f *testing.F) {
	for _, seed := range []string{
		"h3,population\n8830e1d8b1fffff,1234\n",
		"population,h3\n1,8830e1d8b1fffff\n2,8830e1d8b3fffff\n",
		"h3,population\n\"8830e1d8b1fffff\",\"1e3\"\n",
		"h3,population\nzz,1\n",
		"\uFEFFh3,population\r\n8630e1d8fffffff,0.5\r\n",
		"h3,population\n\"unterminated,1\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cells, err := data.ReadPopulationGrid(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if cells != nil {
				t.Fatal("cells returned with an error")
			}
			var ps data.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v is not a list of problems", err)
			}
			return
		}
		res := -1
		seen := map[h3.Cell]bool{}
		for _, c := range cells {
			if !c.Cell.IsValid() || c.Population < 0 || c.Population != c.Population {
				t.Fatalf("bad cell accepted: %v", c)
			}
			if res >= 0 && c.Cell.Resolution() != res || c.Cell.Resolution() < data.MinPopulationResolution || seen[c.Cell] {
				t.Fatalf("cell %v breaks the one-resolution, once-each rule", c.Cell)
			}
			res = c.Cell.Resolution()
			seen[c.Cell] = true
		}
	})
}
