package data_test

import (
	"errors"
	"math"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/skillcircle/skillcircle/data"
)

// FuzzLoadCatalogue feeds arbitrary bytes as any one file of a catalogue
// (every file the mini catalogue has, CSV, JSON and GeoJSON alike; a new
// file added to testdata/mini is fuzzed too). Whatever the bytes, Load
// returns a catalogue whose records hold together, or problems that each
// name their file and reason; it never panics.
func FuzzLoadCatalogue(f *testing.F) {
	base := mini(f)
	names := make([]string, 0, len(base))
	for name := range base {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		b := base[name].Data
		f.Add(uint8(i), b)
		f.Add(uint8(i), b[:len(b)/2])
		f.Add(uint8(i), append([]byte("\uFEFF"), b...))
	}
	f.Add(uint8(0), []byte("{"))
	f.Add(uint8(0), []byte("\"a\",\"b\n"))
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		name := names[int(which)%len(names)]
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[name] = &fstest.MapFile{Data: b}
		cat, _, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
		var problems data.Problems
		switch {
		case err == nil:
			checkCatalogue(t, cat)
		case errors.As(err, &problems):
			for _, p := range problems {
				if p.File == "" || p.Reason == "" {
					t.Fatalf("%s: problem without file or reason: %+v", name, p)
				}
			}
		default:
			t.Fatalf("%s: unexpected error %v", name, err)
		}
	})
}

// checkCatalogue checks what a loaded catalogue promises: every reference
// resolves and every number is in range.
func checkCatalogue(t *testing.T, cat *data.Catalogue) {
	t.Helper()
	districts, insts, sites := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, d := range cat.Districts {
		districts[d.Code] = true
	}
	for _, i := range cat.Institutions {
		insts[i.ID] = true
	}
	for _, s := range cat.Sites {
		sites[s.ID] = true
		if !insts[s.InstitutionID] || !districts[s.DistrictCode] {
			t.Fatalf("site %s refers to a missing institution or district: %+v", s.ID, s)
		}
		if math.IsNaN(s.Location[0]) || math.IsNaN(s.Location[1]) {
			t.Fatalf("site %s has no position", s.ID)
		}
	}
	for _, c := range cat.Courses {
		if !insts[c.InstitutionID] || c.SeatsLeft > c.Seats || math.IsNaN(c.FeeCNY) || c.FeeCNY < 0 {
			t.Fatalf("invalid course kept: %+v", c)
		}
		for _, id := range c.SiteIDs {
			if !sites[id] {
				t.Fatalf("course %s meets at missing site %s", c.ID, id)
			}
		}
	}
}
