package index

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/index/travel"
)

func monacoInternal(t *testing.T) *Snapshot {
	t.Helper()
	extract := filepath.Join("..", "testdata", "osm", "monaco.osm.pbf") // testfixture imports index
	cat, _, err := data.Load(os.DirFS("testdata/monaco"), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	net, _, err := osm.Import(context.Background(), extract, osm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "monaco.db")
	if _, err := Build(context.Background(), path, cat, BuildOptions{Network: net}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRoadTimesAgree: the stored site indexes (contraction hierarchy and
// buckets, at build), a reverse search made at query time (travel.to,
// what the planner asks for many origins) and a forward search from the
// origin (travel.from, reachablePlaces) give each site the same time, to
// the tenth of a second their sums may round apart by.
func TestRoadTimesAgree(t *testing.T) {
	s := monacoInternal(t)
	points := make([]orb.Point, len(s.sites))
	for i, site := range s.sites {
		points[i] = site.Location
	}
	ps := travel.NewPlaces(points)
	for _, mode := range geo.Modes() {
		tr, err := s.travel(mode)
		if err != nil || !tr.HasNetwork() {
			t.Fatalf("%s: %v, network %v", mode, err, tr.HasNetwork())
		}
		for i := range 30 {
			origin := orb.Point{7.405 + float64(i%6)*0.007, 43.724 + float64(i/6)*0.008}
			for _, limit := range []float64{10, 25} {
				sites := map[int32]reached{}
				tr.Sites(origin, limit, func(si int32, m float64, src TravelSource) { sites[si] = reached{m, src} })
				for si, r := range sites {
					back, src, ok := tr.To(s.sites[si].Location, limit).At(origin)
					if r.minutes > limit-0.1/60 && !ok {
						continue // rounded either side of the limit
					}
					if !ok || math.Abs(back-r.minutes) > 0.1/60+1e-9 || src != r.src {
						t.Fatalf("%s %v from %v to %s: table %.4f (%s), backwards %.4f (%s, %v)", mode, limit, origin, s.sites[si].ID, r.minutes, r.src, back, src, ok)
					}
				}
				got := 0
				tr.PlacesFrom(origin, limit, ps, func(pi int32, m float64, src TravelSource) {
					r, ok := sites[pi]
					// forwards and backwards may round apart by a tenth of a second
					if ok && (math.Abs(r.minutes-m) > 0.1/60+1e-9 || r.src != src) {
						t.Errorf("%s %v from %v to %s: site %.4f (%s), place %.4f (%s)", mode, limit, origin, s.sites[pi].ID, r.minutes, r.src, m, src)
					}
					if ok {
						got++
					}
				})
				if got < len(sites)-1 { // one may fall either side of the limit
					t.Errorf("%s %v from %v: %d places, %d sites", mode, limit, origin, got, len(sites))
				}
			}
		}
	}
}

func smallNetwork(t testing.TB) *route.Network {
	b := route.NewBuilder()
	b.AddWay([]int64{1, 2, 3, 4}, route.TagMap{"highway": "residential", "oneway": "yes"})
	b.AddWay([]int64{4, 5, 1}, route.TagMap{"highway": "footway"})
	b.AddWay([]int64{2, 5}, route.TagMap{"highway": "primary", "maxspeed": "60"})
	for i, p := range []orb.Point{{7.42, 43.73}, {7.421, 43.73}, {7.422, 43.731}, {7.421, 43.732}, {7.4205, 43.7312}} {
		b.AddNode(int64(i+1), p)
	}
	net, _, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func TestEncodingRoundTrip(t *testing.T) {
	net := smallNetwork(t)
	blob := encodeNetwork(net, net.Hull())
	back, hull, err := decodeNetwork(blob)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encodeNetwork(back, hull), blob) {
		t.Error("network does not round-trip")
	}
	for _, m := range route.Modes {
		if back.NumEdges(m) != net.NumEdges(m) {
			t.Errorf("%s: %d edges, want %d", m, back.NumEdges(m), net.NumEdges(m))
		}
	}
	sites := []orb.Point{{7.4201, 43.7301}, {7.4212, 43.7318}, {7.4219, 43.7309}}
	xb := encodeSiteIndex(smallSiteIndex(net, sites))
	got, err := decodeSiteIndex(xb, net, sites)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encodeSiteIndex(got), xb) {
		t.Error("site index does not round-trip")
	}
	if _, err := decodeSiteIndex(xb, net, sites[:2]); err == nil {
		t.Error("a site index naming site 2 of 2 was accepted")
	}
	tab := &travel.Table{Res: 10, Cells: []h3.Cell{0x8a1f, 0x8a2f}, Start: []uint32{0, 2, 3}, Sites: []int32{1, 0, 2}, Tenths: []uint16{5, 9, 1}}
	tb := encodeTable(tab)
	gotTab, err := decodeTable(tb, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encodeTable(gotTab), tb) {
		t.Error("table does not round-trip")
	}
	if _, err := decodeTable(tb, 2); err == nil {
		t.Error("a table naming site 2 of 2 was accepted")
	}
	for _, cut := range []int{0, 5, len(blob) / 2, len(blob) - 1} {
		if _, _, err := decodeNetwork(blob[:cut]); err == nil {
			t.Errorf("network cut at %d of %d bytes decoded", cut, len(blob))
		}
	}
}

// FuzzDecodeNetwork: the snapshot file is outside input; a damaged
// network blob gives an error, never a panic, and whatever decodes
// encodes back to the same bytes.
func FuzzDecodeNetwork(f *testing.F) {
	net := smallNetwork(f)
	blob := encodeNetwork(net, net.Hull())
	f.Add(blob)
	f.Add(blob[:len(blob)/2])
	f.Add([]byte("SCNW\x02\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, hull, err := decodeNetwork(b)
		if err != nil {
			return
		}
		if !bytes.Equal(encodeNetwork(n, hull), b) {
			t.Fatal("decoded network encodes differently")
		}
		for _, m := range route.Modes {
			n.Search(m, []route.Source{route.NodeSource(0, 0)}, 600, false)
		}
	})
}

// smallSiteIndex is the walking site index of sites 0 and 2 of sites.
func smallSiteIndex(net *route.Network, sites []orb.Point) *travel.SiteIndex {
	h := net.Contract(route.Walk)
	return &travel.SiteIndex{Res: 10, Sites: []int32{0, 2}, Hierarchy: h,
		Buckets: net.NewBuckets(h, []orb.Point{sites[0], sites[2]}, nil, 3600)}
}

// FuzzDecodeSiteIndex: likewise for a site index, checked against the
// small network and 3 sites; whatever decodes answers a query.
func FuzzDecodeSiteIndex(f *testing.F) {
	net := smallNetwork(f)
	sites := []orb.Point{{7.4201, 43.7301}, {7.4212, 43.7318}, {7.4219, 43.7309}}
	xb := encodeSiteIndex(smallSiteIndex(net, sites))
	f.Add(xb)
	f.Add(xb[:len(xb)/2])
	f.Add([]byte("SCSI\x01\x00\x0a\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeSiteIndex(b, net, sites)
		if err != nil {
			return
		}
		if !bytes.Equal(encodeSiteIndex(got), b) {
			t.Fatal("decoded site index encodes differently")
		}
		net.From(got.Buckets, sites[1], 600, func(target int32, _ float64) {
			if target < 0 || int(target) >= len(got.Sites) {
				t.Fatalf("target %d", target)
			}
		})
	})
}

// FuzzDecodeTable: likewise for a site table, checked against 4 sites.
func FuzzDecodeTable(f *testing.F) {
	tab := &travel.Table{Res: 9, Cells: []h3.Cell{0x891f, 0x892f}, Start: []uint32{0, 2, 3}, Sites: []int32{1, 3, 2}, Tenths: []uint16{5, 9, 1}}
	f.Add(encodeTable(tab))
	f.Add([]byte("SCTT\x01\x00\x09"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeTable(b, 4)
		if err != nil {
			return
		}
		if !bytes.Equal(encodeTable(got), b) {
			t.Fatal("decoded table encodes differently")
		}
		for _, c := range got.Cells {
			sites, _ := got.Row(c)
			for _, si := range sites {
				if si < 0 || si >= 4 {
					t.Fatalf("site %d", si)
				}
			}
		}
	})
}
