package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
)

// regionCellRes is the H3 resolution of the cells the region's outline is
// made of: 1.2 km edges, fine enough to follow a coast, coarse enough to
// keep the file small.
const regionCellRes = 7

// runRegion writes the catalogue's region, widened by a margin, as a
// GeoJSON FeatureCollection of one MultiPolygon: the file `osmium extract
// -p` takes to cut a province or country extract before build --osm.
func runRegion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("region", stderr)
	dir := fl.String("data", "", "catalogue directory (default: the embedded Ningbo catalogue)")
	out := fl.String("geojson", "-", "GeoJSON file to write (- for standard output)")
	margin := fl.Float64("margin", osm.DefaultMarginMeters, "metres beyond the districts' boundaries to include, as build --osm-margin")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("%w: region takes no arguments (got %q)", errUsage, fl.Args())
	}
	if !(*margin >= 0) {
		return fmt.Errorf("%w: --margin %v: want 0 or more metres", errUsage, *margin)
	}
	fsys, name := catalogueFS(*dir)
	cat, _, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	mp := widenedRegion(regionPolygon(cat), *margin)
	f := geojson.NewFeature(mp)
	f.Properties = geojson.Properties{"name": cat.Region.Name, "code": cat.Region.Code, "margin_m": *margin,
		"source": "skillcircle region: the districts' boundaries widened by the margin, as H3 resolution-7 cells"}
	fc := geojson.NewFeatureCollection()
	fc.Append(f)
	raw, err := fc.MarshalJSON()
	if err != nil {
		return err
	}
	raw = append(raw, '\n')
	if *out == "-" {
		_, err = stdout.Write(raw)
		return err
	}
	if err := os.WriteFile(*out, raw, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %s + %.1f km, %d polygons\n", *out, cat.Region.Name, *margin/1000, len(mp))
	return nil
}

// widenedRegion is a multipolygon covering every point within margin
// metres of region: the union of the H3 cells whose centre is within the
// margin plus the cell's circumradius of it (so that no point within the
// margin is left out; the outline reaches up to two cells further).
func widenedRegion(region orb.MultiPolygon, margin float64) orb.MultiPolygon {
	area := geo.NewArea(region)
	edge := h3.HexagonEdgeLengthAvgM(regionCellRes)
	reach := margin + 1.5*edge // a hexagon's circumradius is its edge; cells vary in size
	b := region.Bound()
	const mPerDeg = 111195.0
	pad := (reach + 3*edge) / mPerDeg
	padLon := pad / math.Cos(math.Min(math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1]))+pad, 89)*math.Pi/180)
	box := orb.Polygon{orb.Ring{{b.Min[0] - padLon, b.Min[1] - pad}, {b.Max[0] + padLon, b.Min[1] - pad},
		{b.Max[0] + padLon, b.Max[1] + pad}, {b.Min[0] - padLon, b.Max[1] + pad}, {b.Min[0] - padLon, b.Min[1] - pad}}}
	var cells []h3.Cell
	for _, c := range geo.PolygonCells(orb.MultiPolygon{box}, regionCellRes) {
		if area.DistanceTo(geo.CellCenter(c)) <= reach {
			cells = append(cells, c)
		}
	}
	return geo.CellsToMultiPolygon(cells)
}

// regionPolygon is the union of the catalogue's district boundaries, as
// one multipolygon (neighbours' shared edges are harmless to the clip).
func regionPolygon(cat *data.Catalogue) orb.MultiPolygon {
	var mp orb.MultiPolygon
	for _, d := range cat.Districts {
		mp = append(mp, d.Boundary...)
	}
	return mp
}

// networkChecksum identifies the network a build takes from an OSM file:
// the file's checksum and, when it is clipped, the margin (the region is
// the catalogue's, which the snapshot's own checksum follows).
func networkChecksum(fileSHA256 string, marginMeters float64) string {
	if marginMeters < 0 {
		return fileSHA256
	}
	return fmt.Sprintf("%s clipped %g m", fileSHA256, marginMeters)
}

func percent(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}
