package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// TestBuildWithRoads: build --osm says how much of the catalogue the
// network covers, searches say their times come from it, --if-stale
// follows the OSM file, and --travel sets the metro's assumptions.
func TestBuildWithRoads(t *testing.T) {
	extract := testfixture.OSMExtract(t, "monaco.osm.pbf")
	dir := t.TempDir()
	snap := filepath.Join(dir, "monaco.db")
	catalogue := filepath.Join("..", "..", "index", "testdata", "monaco")
	out, _, err := runCmd(t, "build", "--data", catalogue, "--osm", extract, "--out", snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"imported monaco.osm.pbf", "clipped to 摩纳哥测试区 + 2.0 km: kept ", "covers 37% of 摩纳哥测试区's area and 9 of 11 sites", "travel times are estimated"} {
		if !strings.Contains(out, want) {
			t.Errorf("build output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, "search", "--snapshot", snap, "--near", "7.4278,43.7393", "--mode", "drive", "--minutes", "15")
	if err != nil || !strings.Contains(out, "by drive (road network)") {
		t.Errorf("search on the network: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "search", "--snapshot", snap, "--near", "7.51,43.78", "--mode", "drive", "--minutes", "30")
	if err != nil || !strings.Contains(out, "by drive (estimated)") {
		t.Errorf("search beyond the network: %v\n%s", err, out)
	}
	// the same catalogue and file: up to date; without the file: stale
	out, _, _ = runCmd(t, "build", "--data", catalogue, "--osm", extract, "--out", snap, "--if-stale")
	if !strings.Contains(out, "is up to date") {
		t.Errorf("--if-stale with the same file rebuilt:\n%s", out)
	}
	out, _, _ = runCmd(t, "build", "--data", catalogue, "--out", snap, "--if-stale")
	if strings.Contains(out, "is up to date") {
		t.Errorf("--if-stale without the network kept the network snapshot:\n%s", out)
	}

	// the metro's assumptions from --travel
	travel := filepath.Join(dir, "travel.json")
	if err := os.WriteFile(travel, []byte(`{"transit": {"speed_kmh": 35, "dwell_seconds": 30, "headway_minutes": 20, "transfer_minutes": 4}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ningboSnap := filepath.Join(dir, "ningbo.db")
	if _, _, err := runCmd(t, "build", "--travel", travel, "--out", ningboSnap); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "search", "--snapshot", ningboSnap, "--near", "121.551276,29.874068", "--mode", "地铁", "--minutes", "20", "--limit", "100", "--json")
	if err != nil || !strings.Contains(out, `"headway_minutes":20`) || !strings.Contains(out, `"travel_source":"transit"`) {
		t.Errorf("transit with a 20-minute headway: %v\n%.400s", err, out)
	}
	if err := os.WriteFile(travel, []byte(`{"transit": {"headway": 20}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "build", "--travel", travel, "--out", ningboSnap); err == nil || !strings.Contains(err.Error(), "headway") {
		t.Errorf("an unknown transit key was accepted: %v", err)
	}
}

// TestTransitOnStreets: a catalogue with metro stations built with a road
// network says, for transit, that its walks come from the network.
func TestTransitOnStreets(t *testing.T) {
	dir := t.TempDir()
	catalogue := filepath.Join(dir, "monaco")
	src := filepath.Join("..", "..", "index", "testdata", "monaco")
	if err := os.CopyFS(catalogue, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	stations := "id,name,pinyin,lines,lng_wgs84,lat_wgs84\n" +
		"M1,芳特维耶,,1号线#1,7.4165,43.7290\nM2,王宫,,1号线#2,7.4215,43.7330\nM3,海港,,1号线#3,7.4240,43.7370\n" +
		"M4,赌场,,1号线#4,7.4275,43.7405\nM5,拉尔沃托,,1号线#5,7.4340,43.7450\n"
	if err := os.WriteFile(filepath.Join(catalogue, "metro_stations.csv"), []byte(stations), 0o644); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "monaco.db")
	if _, _, err := runCmd(t, "build", "--data", catalogue, "--osm", testfixture.OSMExtract(t, "monaco.osm.pbf"), "--out", snap); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "search", "--snapshot", snap, "--near", "7.4150,43.7270", "--mode", "transit", "--minutes", "30", "--json")
	if err != nil || !strings.Contains(out, `"source":"transit"`) || !strings.Contains(out, `"network":{"source":"monaco.osm.pbf"`) {
		t.Errorf("transit on a network snapshot: %v\n%.600s", err, out)
	}
}
