package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

// The river town of testdata/river: streets 100 m apart on both banks of
// an east-west river 200 m wide (bank streets at riverSouth and
// riverNorth), crossed only by one bridge, at column bridgeCol.
const (
	riverLon0, riverLat0 = 121.540, 29.8620
	riverDLon, riverDLat = 0.001036, 0.0009 // about 100 m each
	riverCols            = 21
	riverSouth           = 29.8690 // the south bank's street
	riverNorth           = 29.8710 // the north bank's street
	bridgeCol            = 12
)

var (
	// riverOrigin is on the south bank, 800 m across the water from site
	// S01 (testdata/river/sites.csv) and 1.2 km from the bridge.
	riverOrigin = orb.Point{121.5441, 29.8665}
	riverSite   = orb.Point{121.5441, 29.8737}
)

// writeRiverTown writes the river town as OpenStreetMap XML: per bank a
// grid of residential streets (tertiary along the banks), the river as a
// waterway=river line and a riverbank area (no highway: not routable), and
// one bridge (highway=secondary, bridge=yes, layer=1) from bank to bank.
// No street crosses the water elsewhere.
func writeRiverTown(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"skillcircle writeRiverTown\">\n")
	nextNode := int64(1)
	node := func(lon, lat float64) int64 {
		fmt.Fprintf(w, " <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n", nextNode, lat, lon)
		nextNode++
		return nextNode - 1
	}
	var ways [][]string // node refs and tags, written after the nodes
	way := func(refs []int64, tags ...string) {
		var b []string
		for _, r := range refs {
			b = append(b, fmt.Sprintf("  <nd ref=\"%d\"/>", r))
		}
		for i := 0; i+1 < len(tags); i += 2 {
			b = append(b, fmt.Sprintf("  <tag k=\"%s\" v=\"%s\"/>", tags[i], tags[i+1]))
		}
		ways = append(ways, b)
	}
	// one bank: rows of intersections at lats, the bank street being
	// lats[bankRow]
	bank := func(lats []float64, bankRow int) [][]int64 {
		grid := make([][]int64, len(lats))
		for r, lat := range lats {
			for c := range riverCols {
				grid[r] = append(grid[r], node(riverLon0+float64(c)*riverDLon, lat))
			}
		}
		for r := range lats {
			kind := "residential"
			if r == bankRow {
				kind = "tertiary"
			}
			way(grid[r], "highway", kind, "name", fmt.Sprintf("街%d", r))
		}
		for c := range riverCols {
			col := make([]int64, len(lats))
			for r := range lats {
				col[r] = grid[r][c]
			}
			way(col, "highway", "residential", "name", fmt.Sprintf("路%d", c))
		}
		return grid
	}
	var south, north []float64
	for lat := riverLat0; lat < riverSouth-1e-6; lat += riverDLat {
		south = append(south, lat)
	}
	south = append(south, riverSouth)
	north = append(north, riverNorth)
	for lat := riverNorth + riverDLat; len(north) < len(south); lat += riverDLat {
		north = append(north, lat)
	}
	southGrid, northGrid := bank(south, len(south)-1), bank(north, 0)

	mid := (riverSouth + riverNorth) / 2
	east := riverLon0 + float64(riverCols)*riverDLon
	way([]int64{node(riverLon0-0.005, mid), node(east+0.005, mid)}, "waterway", "river", "name", "甬江")
	a, b := node(riverLon0-0.005, riverSouth+0.0002), node(east+0.005, riverSouth+0.0002)
	c, d := node(east+0.005, riverNorth-0.0002), node(riverLon0-0.005, riverNorth-0.0002)
	way([]int64{a, b, c, d, a}, "natural", "water", "water", "river")
	bridgeLon := riverLon0 + bridgeCol*riverDLon
	way([]int64{southGrid[len(south)-1][bridgeCol], node(bridgeLon, riverSouth+0.0003), node(bridgeLon, riverNorth-0.0003), northGrid[0][bridgeCol]},
		"highway", "secondary", "bridge", "yes", "layer", "1", "name", "灵桥")

	for i, b := range ways {
		fmt.Fprintf(w, " <way id=\"%d\" version=\"1\">\n", i+1)
		for _, line := range b {
			fmt.Fprintln(w, line)
		}
		fmt.Fprint(w, " </way>\n")
	}
	fmt.Fprint(w, "</osm>\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// searchMinutes runs a search and returns each site's best time and where
// it came from.
func searchMinutes(t *testing.T, snap string, origin orb.Point, mode string, minutes int) map[string]struct {
	Minutes float64
	Source  string
} {
	t.Helper()
	out, _, err := runCmd(t, "search", "--snapshot", snap, "--near", fmt.Sprintf("%.6f,%.6f", origin[0], origin[1]),
		"--mode", mode, "--minutes", fmt.Sprint(minutes), "--json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Hits []struct {
			Site struct {
				ID string `json:"id"`
			} `json:"site"`
			Minutes float64 `json:"travel_minutes"`
			Source  string  `json:"travel_source"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	found := map[string]struct {
		Minutes float64
		Source  string
	}{}
	for _, h := range res.Hits {
		found[h.Site.ID] = struct {
			Minutes float64
			Source  string
		}{h.Minutes, h.Source}
	}
	return found
}

// TestRiverDetour builds the river town with and without its streets and
// searches from the south bank: the estimate crosses the water in a
// straight line; on the network the site across it is reached by the
// bridge, at least as long as the straight lines through the bridge and
// far longer than the estimate.
func TestRiverDetour(t *testing.T) {
	dir := t.TempDir()
	osmFile := filepath.Join(dir, "river.osm")
	if err := writeRiverTown(osmFile); err != nil {
		t.Fatal(err)
	}
	catalogue := filepath.Join("testdata", "river")
	estimated, network := filepath.Join(dir, "estimate.db"), filepath.Join(dir, "network.db")
	if _, _, err := runCmd(t, "build", "--data", catalogue, "--out", estimated); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCmd(t, "build", "--data", catalogue, "--osm", osmFile, "--out", network); err != nil {
		t.Fatal(err)
	} else {
		t.Logf("build --osm:\n%s", out)
	}

	bridgeLon := riverLon0 + bridgeCol*riverDLon
	viaBridge := geo.Distance(riverOrigin, orb.Point{bridgeLon, riverSouth}) + geo.Distance(orb.Point{bridgeLon, riverSouth}, orb.Point{bridgeLon, riverNorth}) +
		geo.Distance(orb.Point{bridgeLon, riverNorth}, riverSite)
	straight := geo.Distance(riverOrigin, riverSite)
	for _, m := range []struct {
		mode    string
		kmh     float64 // the network's speed on these streets (residential, for driving)
		minutes int
		ratio   float64 // at least this times the estimate (a car's fixed overhead weighs on its short trips)
	}{{"walk", 4.5, 60, 2}, {"bike", 12, 30, 1.5}, {"drive", 25, 30, 1.3}} {
		est := searchMinutes(t, estimated, riverOrigin, m.mode, m.minutes)["S01"]
		net := searchMinutes(t, network, riverOrigin, m.mode, m.minutes)["S01"]
		bound := viaBridge / (m.kmh / 3.6) / 60
		t.Logf("%s: %.0f m across the water; estimate %.1f min (%s), network %.1f min (%s); straight lines through the bridge %.0f m, %.1f min",
			m.mode, straight, est.Minutes, est.Source, net.Minutes, net.Source, viaBridge, bound)
		if est.Source != "estimate" || net.Source != "network" {
			t.Errorf("%s: sources %q and %q", m.mode, est.Source, net.Source)
		}
		if net.Minutes < bound {
			t.Errorf("%s: %.1f min on the network, under the %.1f min of the straight lines through the bridge: it crossed the water", m.mode, net.Minutes, bound)
		}
		if net.Minutes < m.ratio*est.Minutes {
			t.Errorf("%s: the network's %.1f min is not the bridge's detour (estimate %.1f)", m.mode, net.Minutes, est.Minutes)
		}
	}
	// a 15-minute walk reaches the site across the water by the estimate,
	// not on the streets
	if _, ok := searchMinutes(t, estimated, riverOrigin, "walk", 15)["S01"]; !ok {
		t.Error("the estimate does not reach the site across the water in 15 minutes")
	}
	if got, ok := searchMinutes(t, network, riverOrigin, "walk", 15)["S01"]; ok {
		t.Errorf("on the network a 15-minute walk crossed the water: %+v", got)
	}
}
