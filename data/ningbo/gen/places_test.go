package main

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestPlaces(t *testing.T) {
	files, src := generated(t)
	rows, err := csv.NewReader(bytes.NewReader(files["places.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[1:]
	kinds := map[string]int{}
	parks := map[string]bool{}
	for _, r := range rows {
		id, name, short, kind, district, township, approx := r[0], r[1], r[2], r[3], r[4], r[5], r[6]
		kinds[kind]++
		tw := src.township(township)
		if tw == nil || tw.District.Code != district {
			t.Errorf("%s %s: township %s is not in district %s", id, name, township, district)
		}
		if short == name {
			t.Errorf("%s: short name repeats the name", id)
		}
		if kind == "park" {
			parks[name] = true
		}
		if approx == "true" && kind != "park" {
			t.Errorf("%s %s: only hand-placed parks are approximate", id, name)
		}
	}
	// Every park, and every OpenStreetMap point that is not a park, a
	// duplicate or outside the boundaries.
	if kinds["park"] != len(approxParks)+len(osmParkShort) {
		t.Errorf("%d parks, want %d", kinds["park"], len(approxParks)+len(osmParkShort))
	}
	for _, p := range approxParks {
		if !parks[p.Name] {
			t.Errorf("park %s missing", p.Name)
		}
	}
	if n := len(rows) - kinds["park"]; n < len(src.pois)-len(osmParkShort)-20 || n > len(src.pois) {
		t.Errorf("%d OpenStreetMap places from %d points", n, len(src.pois))
	}
	for _, k := range []string{"school", "hospital", "commercial"} {
		if kinds[k] < 50 {
			t.Errorf("only %d places of kind %s", kinds[k], k)
		}
	}
}
