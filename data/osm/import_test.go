package osm_test

import (
	"bytes"
	"compress/bzip2"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
	"github.com/uber/h3-go/v4"

	osmimport "github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// extract is one of the real extracts in testdata/osm. A missing file fails
// the test.
func extract(tb testing.TB, name string) string {
	tb.Helper()
	p := testfixture.OSMExtract(tb, name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("extract %s: %v", name, err)
	}
	return p
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*route.Network{}
)

// imported imports an extract once per test binary.
func imported(tb testing.TB, name string) *route.Network {
	tb.Helper()
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if n, ok := cache[name]; ok {
		return n
	}
	n, _, err := osmimport.Import(context.Background(), extract(tb, name), osmimport.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	cache[name] = n
	return n
}

func TestImportExtracts(t *testing.T) {
	tests := []struct {
		file   string
		format osmimport.Format
		within orb.Bound // the network's nodes must lie inside
		// lower bounds on what the file holds
		minNodes int
		minWays  [route.NumModes]int
	}{
		{"monaco.osm.pbf", osmimport.PBF, orb.Bound{Min: orb.Point{7.2, 43.6}, Max: orb.Point{7.6, 43.9}}, 20000, [4]int{2500, 1500, 1500, 1500}},
		{"andorra.osm.pbf", osmimport.PBF, orb.Bound{Min: orb.Point{1.3, 42.3}, Max: orb.Point{1.9, 42.8}}, 10000, [4]int{1200, 1000, 1000, 1000}},
		{"west-oakland.osm.bz2", osmimport.XMLBz2, orb.Bound{Min: orb.Point{-122.4, 37.7}, Max: orb.Point{-122.2, 37.9}}, 100, [4]int{20, 15, 15, 15}},
		{"chengdu-central.osm", osmimport.XML, orb.Bound{Min: orb.Point{103.9, 30.5}, Max: orb.Point{104.3, 30.9}}, 5000, [4]int{1500, 1500, 1500, 1500}},
		{"helsinki.osm.pbf", osmimport.PBF, orb.Bound{Min: orb.Point{24.8, 60.1}, Max: orb.Point{25.1, 60.3}}, 5000, [4]int{1500, 1000, 500, 500}},
		{"liechtenstein-2013-08-03.osm.pbf", osmimport.PBF, orb.Bound{Min: orb.Point{9.4, 47.0}, Max: orb.Point{9.7, 47.3}}, 10000, [4]int{1500, 1500, 1000, 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			net, st, err := osmimport.Import(context.Background(), extract(t, tt.file), osmimport.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if st.Format != tt.format {
				t.Errorf("format %q, want %q", st.Format, tt.format)
			}
			if st.Nodes != net.NumNodes() || net.NumNodes() < tt.minNodes {
				t.Errorf("%d nodes (stats %d), want at least %d", net.NumNodes(), st.Nodes, tt.minNodes)
			}
			for _, m := range route.Modes {
				if st.WaysKept[m] < tt.minWays[m] {
					t.Errorf("%v: %d ways kept, want at least %d", m, st.WaysKept[m], tt.minWays[m])
				}
				if st.Edges[m] != net.NumEdges(m) || st.Edges[m] == 0 {
					t.Errorf("%v: %d edges (stats %d)", m, net.NumEdges(m), st.Edges[m])
				}
			}
			if !tt.within.Contains(st.Bound.Min) || !tt.within.Contains(st.Bound.Max) {
				t.Errorf("bound %v outside %v", st.Bound, tt.within)
			}
			if st.WaysRead == 0 || st.NodesRead < int64(st.Nodes) || st.Total <= 0 {
				t.Errorf("stats %+v", st)
			}
			raw, err := os.ReadFile(extract(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(raw); st.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("SHA256 %s, the file's is %x", st.SHA256, sum)
			}
			t.Logf("%s: %d nodes, edges walk/bike/ebike/drive %v, %v, ~%.1f MB", tt.file, st.Nodes, st.Edges, st.Total, float64(net.MemoryBytes())/1e6)
		})
	}
}

// fileWay is a way as the file itself has it.
type fileWay struct {
	id   int64
	refs []int64
	tags osm.Tags
}

// readWays reads every way with a highway tag straight from the file.
func readWays(tb testing.TB, path string) []fileWay {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var s osm.Scanner
	switch {
	case strings.HasSuffix(path, ".pbf"):
		s = osmpbf.New(context.Background(), f, 1)
	case strings.HasSuffix(path, ".bz2"):
		s = osmxml.New(context.Background(), bzip2.NewReader(f))
	default:
		s = osmxml.New(context.Background(), f)
	}
	defer s.Close()
	var ways []fileWay
	for s.Scan() {
		w, ok := s.Object().(*osm.Way)
		if !ok || w.Tags.Find("highway") == "" {
			continue
		}
		fw := fileWay{id: int64(w.ID), tags: w.Tags}
		for _, n := range w.Nodes {
			fw.refs = append(fw.refs, int64(n.ID))
		}
		ways = append(ways, fw)
	}
	if err := s.Err(); err != nil {
		tb.Fatal(err)
	}
	return ways
}

func findWay(tb testing.TB, ways []fileWay, id int64) fileWay {
	tb.Helper()
	for _, w := range ways {
		if w.id == id {
			return w
		}
	}
	tb.Fatalf("way %d not in the file", id)
	return fileWay{}
}

// hasEdge reports whether mode m has an edge between the nodes with OSM ids
// a and b, in that direction.
func hasEdge(tb testing.TB, net *route.Network, m route.Mode, a, b int64) bool {
	tb.Helper()
	u, ok := net.NodeByOSMID(a)
	if !ok {
		return false
	}
	v, ok := net.NodeByOSMID(b)
	if !ok {
		return false
	}
	for w := range net.Edges(m, u, false) {
		if w == v {
			return true
		}
	}
	return false
}

func TestMonacoWays(t *testing.T) {
	path := extract(t, "monaco.osm.pbf")
	net := imported(t, "monaco.osm.pbf")
	ways := readWays(t, path)

	tests := []struct {
		name string
		way  int64
		tag  [2]string // a tag the file must have on it
		// per mode: may travel forward, may travel backward
		want [route.NumModes][2]bool
	}{
		{"Rue des Remparts, one-way residential", 4227157, [2]string{"oneway", "yes"},
			[4][2]bool{{true, true}, {true, false}, {true, false}, {true, false}}},
		{"Boulevard de la République, one-way secondary", 4230179, [2]string{"oneway", "yes"},
			[4][2]bool{{true, true}, {true, false}, {true, false}, {true, false}}},
		{"footway", 4229656, [2]string{"highway", "footway"},
			[4][2]bool{{true, true}, {false, false}, {false, false}, {false, false}}},
		{"A8 La Provençale, motorway", 33292846, [2]string{"highway", "motorway"},
			[4][2]bool{{false, false}, {false, false}, {false, false}, {true, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := findWay(t, ways, tt.way)
			if got := w.tags.Find(tt.tag[0]); got != tt.tag[1] {
				t.Fatalf("way %d has %s=%q in the file, want %q", tt.way, tt.tag[0], got, tt.tag[1])
			}
			for _, m := range route.Modes {
				for i := 1; i < len(w.refs); i++ {
					a, b := w.refs[i-1], w.refs[i]
					if got := hasEdge(t, net, m, a, b); got != tt.want[m][0] {
						t.Errorf("%v forward %d->%d: edge %v, want %v", m, a, b, got, tt.want[m][0])
					}
					if got := hasEdge(t, net, m, b, a); got != tt.want[m][1] {
						t.Errorf("%v backward %d->%d: edge %v, want %v", m, b, a, got, tt.want[m][1])
					}
				}
			}
		})
	}

	// a car can drive Rue des Remparts from its first node to its last, and
	// needs a detour (or cannot) the other way; a walker takes the same time
	// both ways
	t.Run("Rue des Remparts end to end", func(t *testing.T) {
		w := findWay(t, ways, 4227157)
		first, _ := net.NodeByOSMID(w.refs[0])
		last, _ := net.NodeByOSMID(w.refs[len(w.refs)-1])
		along := net.Search(route.Drive, []route.Source{route.NodeSource(first, 0)}, 3600, false)
		against := net.Search(route.Drive, []route.Source{route.NodeSource(last, 0)}, 3600, false)
		fs, ok := along.Node(last)
		if !ok {
			t.Fatal("car cannot drive the one-way street forward")
		}
		if bs, ok := against.Node(first); ok && bs <= fs {
			t.Errorf("car against the one-way street in %.0f s, along it %.0f s", bs, fs)
		}
		wf, _ := net.Search(route.Walk, []route.Source{route.NodeSource(first, 0)}, 3600, false).Node(last)
		wb, _ := net.Search(route.Walk, []route.Source{route.NodeSource(last, 0)}, 3600, false).Node(first)
		if math.Abs(wf-wb) > 0.01 {
			t.Errorf("walking %.2f s one way, %.2f s the other", wf, wb)
		}
	})
}

// TestEdgesMatchFile checks, for every segment of every highway in the
// file, that the network has exactly the edges the rules give it.
func TestEdgesMatchFile(t *testing.T) {
	for _, file := range []string{"monaco.osm.pbf", "west-oakland.osm.bz2", "andorra.osm.pbf"} {
		t.Run(file, func(t *testing.T) {
			net := imported(t, file)
			ways := readWays(t, extract(t, file))
			for _, m := range route.Modes {
				want := map[[2]int64]int{}
				for _, w := range ways {
					d := route.Access(w.tags, m)
					for i := 1; i < len(w.refs); i++ {
						a, b := w.refs[i-1], w.refs[i]
						_, oka := net.NodeByOSMID(a)
						_, okb := net.NodeByOSMID(b)
						if a == b || !oka || !okb {
							continue
						}
						if d&route.Forward != 0 {
							want[[2]int64{a, b}]++
						}
						if d&route.Backward != 0 {
							want[[2]int64{b, a}]++
						}
					}
				}
				got := map[[2]int64]int{}
				total := 0
				for u := range int32(net.NumNodes()) {
					for v := range net.Edges(m, u, false) {
						got[[2]int64{net.OSMID(u), net.OSMID(v)}]++
						total++
					}
				}
				if total != net.NumEdges(m) {
					t.Errorf("%v: %d edges listed, NumEdges %d", m, total, net.NumEdges(m))
				}
				for k, n := range want {
					if got[k] != n {
						t.Fatalf("%v: edge %d->%d: %d in the network, %d by the rules", m, k[0], k[1], got[k], n)
					}
				}
				if len(got) != len(want) {
					t.Fatalf("%v: %d distinct edges in the network, %d by the rules", m, len(got), len(want))
				}
			}
		})
	}
}

// usableNodes returns n nodes mode m can use, chosen at random.
func usableNodes(net *route.Network, m route.Mode, n int, seed uint64) []int32 {
	r := rand.New(rand.NewPCG(seed, 1))
	var out []int32
	for len(out) < n {
		v := int32(r.IntN(net.NumNodes()))
		if net.Usable(m, v) {
			out = append(out, v)
		}
	}
	return out
}

func TestRealNetworkProperties(t *testing.T) {
	for _, file := range []string{"monaco.osm.pbf", "andorra.osm.pbf", "west-oakland.osm.bz2"} {
		net := imported(t, file)
		t.Run(file+"/reverse equals forward", func(t *testing.T) {
			for _, m := range route.Modes {
				nodes := usableNodes(net, m, 12, 1)
				rev := make([]*route.Times, len(nodes))
				for j, b := range nodes {
					rev[j] = net.Search(m, []route.Source{route.NodeSource(b, 0)}, 1800, true)
				}
				pairs := 0
				for _, a := range nodes {
					fw := net.Search(m, []route.Source{route.NodeSource(a, 0)}, 1800, false)
					for j, b := range nodes {
						f, okf := fw.Node(b)
						r, okr := rev[j].Node(a)
						if okf != okr || math.Abs(f-r) > 0.01 {
							t.Fatalf("%v %d->%d: forward %.3f (%v), reverse %.3f (%v)", m, a, b, f, okf, r, okr)
						}
						if okf {
							pairs++
						}
					}
				}
				t.Logf("%v: %d reachable pairs agree", m, pairs)
			}
		})
		t.Run(file+"/walk never beats the straight line", func(t *testing.T) {
			for _, src := range usableNodes(net, route.Walk, 5, 2) {
				origin := net.Point(src)
				origin[0] += 0.0003 // start off the network
				times := net.Search(route.Walk, []route.Source{{Point: origin}}, 1800, false)
				for _, v := range times.Reached() {
					sec, _ := times.Node(v)
					if min := haversine(origin, net.Point(v)) / (route.WalkKmh / 3.6); sec < min-1e-6 {
						t.Fatalf("node %d walked in %.2f s, the straight line takes %.2f s", net.OSMID(v), sec, min)
					}
				}
				for _, c := range times.Cells(10) {
					ll := c.LatLng()
					sec, ok := times.At(orb.Point{ll.Lng, ll.Lat})
					if min := haversine(origin, orb.Point{ll.Lng, ll.Lat}) / (route.WalkKmh / 3.6); !ok || sec < min-1e-6 {
						t.Fatalf("cell %v walked in %.2f s (%v), the straight line takes %.2f s", c, sec, ok, min)
					}
				}
			}
		})
		t.Run(file+"/isochrone never shrinks", func(t *testing.T) {
			for _, m := range route.Modes {
				for _, src := range usableNodes(net, m, 3, 3) {
					origin := net.Point(src)
					var prev []h3.Cell
					for _, minutes := range []float64{0, 2, 5, 10, 15, 20} {
						cells := net.Isochrone(m, origin, minutes, 9)
						for _, c := range prev {
							if _, found := slices.BinarySearch(cells, c); !found {
								t.Fatalf("%v from %v: cell %v in a shorter isochrone, not in %g min", m, origin, c, minutes)
							}
						}
						prev = cells
					}
					if len(prev) == 0 {
						t.Errorf("%v from %v: empty 20 min isochrone", m, origin)
					}
				}
			}
		})
	}
}

func haversine(a, b orb.Point) float64 {
	const r = 6371008.8
	la1, la2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dla, dlo := la2-la1, (b[0]-a[0])*math.Pi/180
	h := math.Pow(math.Sin(dla/2), 2) + math.Cos(la1)*math.Cos(la2)*math.Pow(math.Sin(dlo/2), 2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

func writeTemp(tb testing.TB, name, content string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

const tinyXML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
 <node id="1" lat="29.87" lon="121.55"/>
 <node id="2" lat="29.871" lon="121.55"/>
 <node id="3" lat="29.872" lon="121.551"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
 <way id="11"><nd ref="1"/><nd ref="3"/><tag k="building" v="yes"/></way>
</osm>`

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string // created with content unless content is ""
		content string
		is      error
		mention []string
	}{
		{"unknown format", "roads.shp", "x", osmimport.ErrFormat, []string{"roads.shp"}},
		{"missing file", "missing.osm", "", os.ErrNotExist, []string{"missing.osm"}},
		{"bad xml", "bad.osm", "<osm>\n<node id=\"1\" lat=\"1\" lon=\"1\">\n</way>", nil, []string{"bad.osm", "line 3", "ways pass"}},
		{"bad number", "num.osm", `<osm><node id="x" lat="1" lon="1"/></osm>`, nil, []string{"num.osm", "ways pass"}},
		{"no roads", "empty.osm", `<osm><node id="1" lat="1" lon="1"/></osm>`, osmimport.ErrNoRoads, []string{"empty.osm"}},
		{"roads without nodes", "nonodes.osm", `<osm><way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>`, osmimport.ErrNoRoads, []string{"nonodes.osm"}},
		{"bad gzip", "bad.osm.gz", "not gzip", nil, []string{"bad.osm.gz", "gzip"}},
		{"bad bzip2", "bad.osm.bz2", "not bzip2", nil, []string{"bad.osm.bz2", "bzip2"}},
		{"bad pbf", "bad.osm.pbf", "not a pbf file at all, no", nil, []string{"bad.osm.pbf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tt.file)
			if tt.content != "" {
				p = writeTemp(t, tt.file, tt.content)
			}
			net, _, err := osmimport.Import(context.Background(), p, osmimport.Options{})
			if err == nil {
				t.Fatalf("no error, network %v", net)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			for _, s := range tt.mention {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestImportTinyXML(t *testing.T) {
	p := writeTemp(t, "tiny.osm", tinyXML)
	net, st, err := osmimport.Import(context.Background(), p, osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if net.NumNodes() != 3 || st.WaysRead != 2 || st.WaysKept[route.Drive] != 1 {
		t.Fatalf("%v %+v", net, st)
	}
	if !hasEdge(t, net, route.Drive, 1, 2) || hasEdge(t, net, route.Drive, 2, 1) || !hasEdge(t, net, route.Walk, 2, 1) {
		t.Error("one-way edges wrong")
	}
}

func TestImportCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range []string{"monaco.osm.pbf", "chengdu-central.osm"} {
		t.Run(f, func(t *testing.T) {
			_, _, err := osmimport.Import(ctx, extract(t, f), osmimport.Options{})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		})
	}
}

func TestImportProgress(t *testing.T) {
	var buf bytes.Buffer
	_, _, err := osmimport.Import(context.Background(), extract(t, "monaco.osm.pbf"), osmimport.Options{Progress: &buf})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range []string{"monaco.osm.pbf", "ways pass", "nodes pass", "(100%)", "/ 1.8 MB"} {
		if !strings.Contains(out, s) {
			t.Errorf("progress %q lacks %q", out, s)
		}
	}
	if lines := strings.Count(out, "\n"); lines != 2 {
		t.Errorf("%d lines of progress, want 2 (one per pass)", lines)
	}
}

func FuzzImportXML(f *testing.F) {
	f.Add([]byte(tinyXML))
	f.Add([]byte(`<osm><way id="1"><nd ref="1"/><nd ref="1"/><tag k="highway" v="footway"/></way><node id="1" lat="91" lon="500"/></osm>`))
	f.Add([]byte(`<osm><node id="1" lat="NaN" lon="1"/><node id="2" lat="1" lon="Inf"/><way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>`))
	f.Add([]byte(`<osm><way id="-5"><nd ref="-1"/><nd ref="9223372036854775807"/><tag k="highway" v="steps"/><tag k="maxspeed" v="9e99 mph"/></way></osm>`))
	f.Add([]byte("<osm><bounds minlat=\"x\"/></osm>"))
	f.Add([]byte(""))
	if wo, err := os.Open(extract(f, "west-oakland.osm.bz2")); err == nil {
		data, _ := io.ReadAll(bzip2.NewReader(wo))
		wo.Close()
		f.Add(data)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.osm")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		net, st, err := osmimport.Import(context.Background(), p, osmimport.Options{})
		if err != nil {
			if net != nil {
				t.Fatalf("network and error %v", err)
			}
			return
		}
		if net.NumNodes() == 0 || net.NumNodes() != st.Nodes {
			t.Fatalf("network %v, stats %+v", net, st)
		}
		for v := range int32(net.NumNodes()) {
			p := net.Point(v)
			if math.IsNaN(p[0]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
				t.Fatalf("node %d at %v", v, p)
			}
		}
		_ = net.Isochrone(route.Walk, net.Point(0), 5, 9)
	})
}

func BenchmarkImportMonaco(b *testing.B) {
	p := extract(b, "monaco.osm.pbf")
	for b.Loop() {
		if _, _, err := osmimport.Import(context.Background(), p, osmimport.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImportChengduXML(b *testing.B) {
	p := extract(b, "chengdu-central.osm")
	for b.Loop() {
		if _, _, err := osmimport.Import(context.Background(), p, osmimport.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// monacoVille is the Place du Palais, Monaco-Ville.
var monacoVille = orb.Point{7.4206, 43.7312}

func BenchmarkIsochroneMonacoWalk15(b *testing.B) {
	net := imported(b, "monaco.osm.pbf")
	b.ResetTimer()
	for b.Loop() {
		net.Isochrone(route.Walk, monacoVille, 15, 9)
	}
}

func BenchmarkIsochroneMonacoEBike15(b *testing.B) {
	net := imported(b, "monaco.osm.pbf")
	b.ResetTimer()
	for b.Loop() {
		net.Isochrone(route.EBike, monacoVille, 15, 9)
	}
}

func BenchmarkReverseSearchDrive(b *testing.B) {
	net := imported(b, "monaco.osm.pbf")
	b.ResetTimer()
	for b.Loop() {
		net.Search(route.Drive, []route.Source{{Point: monacoVille}}, 15*60, true)
	}
}

func BenchmarkSearchWalk15Monaco(b *testing.B) {
	net := imported(b, "monaco.osm.pbf")
	b.ResetTimer()
	for b.Loop() {
		net.Search(route.Walk, []route.Source{{Point: monacoVille}}, 15*60, false)
	}
}

// TestConcurrentQueries runs searches on one network from several
// goroutines (meaningful under -race) and checks they agree with a serial
// run.
func TestConcurrentQueries(t *testing.T) {
	net := imported(t, "monaco.osm.pbf")
	origins := []orb.Point{monacoVille, {7.4275, 43.7396}, {7.4160, 43.7270}, {7.4390, 43.7480}}
	want := make([]int, len(origins))
	for i, o := range origins {
		want[i] = len(net.Isochrone(route.EBike, o, 10, 9))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range origins {
				j := (i + g) % len(origins)
				if got := len(net.Isochrone(route.EBike, origins[j], 10, 9)); got != want[j] {
					errs <- "origin " + strconv.Itoa(j) + ": " + strconv.Itoa(got) + " cells, serially " + strconv.Itoa(want[j])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
