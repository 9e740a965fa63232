package index_test

import (
	"reflect"
	"testing"

	"github.com/skillcircle/skillcircle/geo"
)

func TestSnapshotStations(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	got := snap.Stations()
	if len(got) != 122 || snap.Meta().Counts.Stations != 122 {
		t.Fatalf("%d stations (meta %d), want Ningbo's 122", len(got), snap.Meta().Counts.Stations)
	}
	if !reflect.DeepEqual(got, cat.Stations) {
		t.Error("stations differ from the catalogue after the round trip")
	}
	var dongmenkou bool
	for _, s := range got {
		if s.Name == "东门口(天一广场)" {
			dongmenkou = true
			if s.Pinyin != "dongmenkoutianyiguangchang" || len(s.Lines) != 1 || s.Lines[0].Line != "1号线" || s.Lines[0].Order != 11 {
				t.Errorf("东门口 = %+v", s)
			}
			if d := geo.Distance(s.Location, tianyiSquare); d > 300 {
				t.Errorf("东门口 is %.0f m from 天一广场", d)
			}
		}
	}
	if !dongmenkou {
		t.Error("no 东门口(天一广场)")
	}
}
