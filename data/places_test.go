package data_test

import (
	"errors"
	"testing"

	"github.com/skillcircle/skillcircle/data"
)

func TestLoadPlaces(t *testing.T) {
	cat, _, err := data.Load(mini(t), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Places) != 2 {
		t.Fatalf("%d places, want 2", len(cat.Places))
	}
	park, hospital := cat.Places[0], cat.Places[1]
	if park.Kind != data.Park || park.ShortName != "东区工业园" || !park.Approximate || park.TownshipCode != "100002001000" {
		t.Errorf("P1 = %+v", park)
	}
	if hospital.Kind != data.Hospital || hospital.Approximate || hospital.ShortName != "" {
		t.Errorf("P2 (kind given as its Chinese label) = %+v", hospital)
	}
	// The file is optional.
	fsys := mini(t)
	delete(fsys, data.PlacesFile)
	if cat, _, err := data.Load(fsys, data.LoadOptions{}); err != nil || len(cat.Places) != 0 {
		t.Errorf("without places.csv: %v, %d places", err, len(cat.Places))
	}
}

func TestLoadPlacesProblems(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           string
	}{
		{"unknown kind", ",park,", ",factory,", `places.csv:2: kind: "factory" is not one of park (园区), commercial (商业), hospital (医院), school (学校), landmark (地标)`},
		{"short name repeats the name", "西区人民医院,,", "西区人民医院,西区人民医院,", `places.csv:3: short_name: "西区人民医院" is the full name; leave it empty`},
		{"township of another district", "100001,100001001000", "100001,100002001000", `places.csv:3: township_code: 100002001000 (丙街道) is in district 100002, not 100001`},
		{"outside the region", "121.21,29.70", "116.40,39.91", `places.csv:3: lat_wgs84: (116.400000, 39.910000) is outside the region (测试市)`},
		{"bad approximate", ",true,", ",maybe,", `places.csv:2: approximate: "maybe" is not true or false`},
		{"duplicate id", "P2,", "P1,", `places.csv:3: id: duplicate id "P1" (first on line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := mini(t)
			edit(t, fsys, data.PlacesFile, tt.old, tt.new)
			_, _, err := data.Load(fsys, data.LoadOptions{})
			var problems data.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("err = %v, want Problems", err)
			}
			if got := problems[0].String(); got != tt.want {
				t.Errorf("first problem:\n got  %s\n want %s", got, tt.want)
			}
		})
	}
	// A bad place is a row problem: skipping drops it alone.
	fsys := mini(t)
	edit(t, fsys, data.PlacesFile, ",park,", ",factory,")
	cat, report, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
	if err != nil || len(cat.Places) != 1 || report.Dropped[data.PlacesFile] != 1 || len(cat.Sites) != 3 {
		t.Errorf("skip: err %v, places %d, dropped %v", err, len(cat.Places), report.Dropped)
	}
}
