package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// TestRegionForOsmium: region writes one MultiPolygon holding every point
// within the margin of the districts and nothing far beyond; cut with it
// by osmium extract (when osmium is on the PATH), the extract gives
// build --osm the same network as the whole file clipped by build itself.
func TestRegionForOsmium(t *testing.T) {
	dir := t.TempDir()
	catalogue := filepath.Join("..", "..", "index", "testdata", "monaco")
	outline := filepath.Join(dir, "region.geojson")
	if _, _, err := runCmd(t, "region", "--data", catalogue, "--geojson", outline); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(outline)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil || len(fc.Features) != 1 {
		t.Fatalf("%v, %d features", err, len(fc.Features))
	}
	mp, ok := fc.Features[0].Geometry.(orb.MultiPolygon)
	if !ok {
		t.Fatalf("a %T, not a MultiPolygon", fc.Features[0].Geometry)
	}
	// the districts (testdata/monaco/districts.geojson): two boxes
	districts := orb.MultiPolygon{
		{{{7.400, 43.722}, {7.442, 43.722}, {7.442, 43.753}, {7.400, 43.753}, {7.400, 43.722}}},
		{{{7.442, 43.740}, {7.530, 43.740}, {7.530, 43.800}, {7.442, 43.800}, {7.442, 43.740}}},
	}
	area := geo.NewArea(mp)
	for lon := 7.35; lon < 7.60; lon += 0.002 {
		for lat := 43.68; lat < 43.84; lat += 0.002 {
			p := orb.Point{lon, lat}
			d := geo.DistanceTo(districts, p)
			if d <= 2000 && !area.Contains(p) {
				t.Fatalf("%v, %.0f m from the districts, is outside the region's outline", p, d)
			}
			if d > 2000+5000 && area.Contains(p) {
				t.Fatalf("%v, %.0f m from the districts, is inside the region's outline", p, d)
			}
		}
	}

	osmium, err := exec.LookPath("osmium")
	if err != nil {
		t.Log("osmium not on the PATH: the outline is not tried on osmium extract")
		return
	}
	whole := testfixture.OSMExtract(t, "monaco.osm.pbf")
	cut := filepath.Join(dir, "cut.osm.pbf")
	if out, err := exec.Command(osmium, "extract", "-p", outline, whole, "-o", cut).CombinedOutput(); err != nil {
		t.Fatalf("osmium extract: %v\n%s", err, out)
	}
	imported := regexp.MustCompile(`imported \S+ in \S+: (\d+ nodes; .*)`)
	networks := map[string]string{}
	for _, file := range []string{whole, cut} {
		out, _, err := runCmd(t, "build", "--data", catalogue, "--osm", file, "--out", filepath.Join(dir, filepath.Base(file)+".db"))
		if err != nil {
			t.Fatal(err)
		}
		m := imported.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("build says:\n%s", out)
		}
		networks[file] = m[1]
	}
	t.Logf("whole file: %s; cut by osmium: %s", networks[whole], networks[cut])
	if networks[whole] != networks[cut] {
		t.Errorf("the network differs: whole file clipped %s, cut by osmium %s", networks[whole], networks[cut])
	}
}
