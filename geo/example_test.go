package geo_test

import (
	"fmt"
	"math"
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo"
)

func ExampleConvert() {
	// 天一广场 as Amap (GCJ-02) gives it, on an OpenStreetMap/Tianditu
	// (WGS-84) map and on a Baidu (BD-09) map.
	amap := orb.Point{121.5482, 29.8657}
	wgs := geo.Convert(amap, geo.GCJ02, geo.WGS84)
	baidu := geo.Convert(amap, geo.GCJ02, geo.BD09)
	fmt.Printf("WGS-84 %.6f, %.6f\n", wgs[0], wgs[1])
	fmt.Printf("BD-09  %.6f, %.6f\n", baidu[0], baidu[1])
	fmt.Printf("Amap is %.0f m off WGS-84 here\n", geo.Distance(amap, wgs))
	// Output:
	// WGS-84 121.544026, 29.868270
	// BD-09  121.554614, 29.871994
	// Amap is 494 m off WGS-84 here
}

func ExampleParseCRS() {
	for _, name := range []string{"GCJ-02", "epsg:4326", "mercator"} {
		c, err := geo.ParseCRS(name)
		fmt.Printf("%q: %q %v\n", name, c, err)
	}
	// Output:
	// "GCJ-02": "gcj02" <nil>
	// "epsg:4326": "wgs84" <nil>
	// "mercator": "" geo: unknown coordinate system "mercator" (want one of wgs84, gcj02, bd09)
}

func ExampleCRS_ToWGS84() {
	// 天一广场 geocoded by Baidu, stored in WGS-84.
	site := geo.BD09.ToWGS84(orb.Point{121.554614, 29.871994})
	fmt.Printf("%.5f, %.5f\n", site[0], site[1])
	// Output:
	// 121.54403, 29.86827
}

func ExampleParseMode() {
	m, err := geo.ParseMode("电瓶车")
	fmt.Println(m, err)
	// Output:
	// ebike <nil>
}

func ExampleDefaultTravelModels() {
	models := geo.DefaultTravelModels()
	for _, mode := range geo.Modes() {
		fmt.Printf("%-5s reaches %5.0f m in 15 minutes\n", mode, models[mode].ReachMeters(15))
	}
	// Output:
	// walk  reaches   865 m in 15 minutes
	// bike  reaches  2154 m in 15 minutes
	// ebike reaches  3231 m in 15 minutes
	// drive reaches  3846 m in 15 minutes
}

func ExampleTravelModel_Minutes() {
	home := orb.Point{121.5440, 29.8683}   // 天一广场
	school := orb.Point{121.5600, 29.8800} // 2 km to the north-east
	ebike := geo.DefaultTravelModels()[geo.EBike]
	fmt.Printf("%.0f m, %.1f minutes by e-bike\n", geo.Distance(home, school), ebike.Minutes(home, school))
	// Output:
	// 2018 m, 9.7 minutes by e-bike
}

func ExampleCellsWithin() {
	// Candidate cells for sites within a 15-minute walk.
	home := orb.Point{121.5440, 29.8683}
	reach := geo.DefaultTravelModels()[geo.Walk].ReachMeters(15)
	cells := geo.CellsWithin(home, reach, 9)
	fmt.Println(len(cells), "cells cover the", int(reach), "m circle")
	// Output:
	// 42 cells cover the 865 m circle
}

func ExampleIsochrone() {
	home := orb.Point{121.5440, 29.8683}
	walk := geo.DefaultTravelModels()[geo.Walk]
	cells := geo.Isochrone(home, walk, 15, 9)
	area := geo.CellsToMultiPolygon(cells)
	fmt.Println(len(cells), "cells,", len(area), "polygon")
	// Output:
	// 28 cells, 1 polygon
}

func ExampleCellsToMultiPolygon() {
	centre := geo.Cell(orb.Point{121.5440, 29.8683}, 9)
	var ring []h3.Cell // the six neighbours, without the centre
	for _, c := range h3.GridDisk(centre, 1) {
		if c != centre {
			ring = append(ring, c)
		}
	}
	mp := geo.CellsToMultiPolygon(ring)
	fmt.Println(len(mp), "polygon,", len(mp[0][0]), "points outside,", len(mp[0][1]), "in the hole")
	fmt.Println(mp[0][0].Orientation() == orb.CCW, mp[0][1].Orientation() == orb.CW)
	// Output:
	// 1 polygon, 19 points outside, 7 in the hole
	// true true
}

func ExamplePolygonCells() {
	// A 1 km × 1 km block.
	block := orb.MultiPolygon{{{
		{121.540, 29.865}, {121.550, 29.865}, {121.550, 29.874}, {121.540, 29.874}, {121.540, 29.865},
	}}}
	fmt.Println(len(geo.PolygonCells(block, 9)), "cells at resolution 9")
	// Output:
	// 11 cells at resolution 9
}

func ExampleNewArea() {
	block := orb.MultiPolygon{{{
		{121.540, 29.865}, {121.550, 29.865}, {121.550, 29.874}, {121.540, 29.874}, {121.540, 29.865},
	}}}
	area := geo.NewArea(block)
	for _, p := range []orb.Point{{121.545, 29.870}, {121.560, 29.870}} {
		fmt.Printf("%v inside: %v, %.0f m away\n", p, area.Contains(p), area.DistanceTo(p))
	}
	// Output:
	// [121.545 29.87] inside: true, 0 m away
	// [121.56 29.87] inside: false, 964 m away
}

func ExampleArea_Contains() {
	// Which district is a point in? Prepare each district once, then ask.
	data, err := os.ReadFile("testdata/districts_wgs84.geojson")
	if err != nil {
		panic(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		panic(err)
	}
	names := make([]string, len(fc.Features))
	areas := make([]*geo.Area, len(fc.Features))
	for i, f := range fc.Features {
		names[i] = f.Properties.MustString("name")
		areas[i] = geo.NewArea(f.Geometry.(orb.MultiPolygon))
	}

	for _, p := range []orb.Point{
		{121.5440, 29.8683}, // 天一广场
		{121.8466, 29.8784}, // 北仑港区
		{122.1065, 30.0160}, // 舟山 (Zhoushan, not Ningbo)
	} {
		district, nearest := "", math.Inf(1)
		for i, a := range areas {
			if a.Contains(p) {
				district = names[i]
			}
			nearest = math.Min(nearest, a.DistanceTo(p))
		}
		if district == "" {
			district = fmt.Sprintf("outside Ningbo, %.1f km away", nearest/1000)
		}
		fmt.Println(p, district)
	}
	// Output:
	// [121.544 29.8683] 海曙区
	// [121.8466 29.8784] 北仑区
	// [122.1065 30.016] outside Ningbo, 11.6 km away
}
