package scale_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	orbgeo "github.com/paulmach/orb/geo"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/data/scale"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// Three times Ningbo: three times the institutions, sites and courses,
// every id once, every reference to a record of the same copy, every copied
// site within 150 m of its original, the same result for the same seed, and
// the original untouched; built into a snapshot, a search finds the copies.
func TestMultiply(t *testing.T) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := len(cat.Sites)
	big := scale.Multiply(cat, 3, 1)
	if len(big.Institutions) != 3*len(cat.Institutions) || len(big.Sites) != 3*len(cat.Sites) || len(big.Courses) != 3*len(cat.Courses) {
		t.Fatalf("%d institutions, %d sites, %d courses from %d, %d, %d", len(big.Institutions), len(big.Sites), len(big.Courses),
			len(cat.Institutions), len(cat.Sites), len(cat.Courses))
	}
	if len(cat.Sites) != before || len(big.Enterprises) != len(cat.Enterprises) || len(big.Districts) != len(cat.Districts) {
		t.Error("the original changed, or what is kept once was copied")
	}
	ids := map[string]bool{}
	sites := map[string]data.Site{}
	for _, s := range big.Sites {
		if ids[s.ID] {
			t.Fatalf("site id %s twice", s.ID)
		}
		ids[s.ID] = true
		sites[s.ID] = s
	}
	insts := map[string]bool{}
	for _, in := range big.Institutions {
		if insts[in.ID] {
			t.Fatalf("institution id %s twice", in.ID)
		}
		insts[in.ID] = true
	}
	courses := map[string]bool{}
	for _, c := range big.Courses {
		if courses[c.ID] {
			t.Fatalf("course id %s twice", c.ID)
		}
		courses[c.ID] = true
		if !insts[c.InstitutionID] {
			t.Fatalf("course %s of unknown institution %s", c.ID, c.InstitutionID)
		}
		for _, s := range c.SiteIDs {
			if _, ok := sites[s]; !ok {
				t.Fatalf("course %s at unknown site %s", c.ID, s)
			}
		}
	}
	for i, s := range cat.Sites {
		for k := 1; k < 3; k++ {
			c := big.Sites[k*len(cat.Sites)+i]
			d := orbgeo.Distance(c.Location, s.Location)
			if c.ID != s.ID+"x"+string(rune('1'+k)) || d > scale.MaxShiftMetres+0.5 || !insts[c.InstitutionID] {
				t.Fatalf("copy %d of site %s: %s, %.1f m away", k+1, s.ID, c.ID, d)
			}
		}
	}
	if again := scale.Multiply(cat, 3, 1); !reflect.DeepEqual(again.Sites, big.Sites) {
		t.Error("the same seed gave other sites")
	}
	if other := scale.Multiply(cat, 3, 2); reflect.DeepEqual(other.Sites, big.Sites) {
		t.Error("another seed gave the same sites")
	}

	// Twice Ningbo builds, and a search reaches both a site and its copy.
	path := filepath.Join(t.TempDir(), "x2.db")
	if _, err := index.Build(context.Background(), path, scale.Multiply(cat, 2, 1), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	snap, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	s0 := cat.Sites[0]
	res, err := snap.Search(context.Background(), index.Query{Origin: s0.Location, Mode: geo.Walk, Minutes: 10, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, s := range res.Sites {
		found[s.Site.ID] = true
	}
	if !found[s0.ID] || !found[s0.ID+"x2"] {
		t.Errorf("a search from site %s finds %d sites, not it and its copy", s0.ID, len(res.Sites))
	}
}
