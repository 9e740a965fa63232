package osm_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	osmimport "github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo/route"
)

// writeGridCity writes a synthetic but valid OSM XML city of about
// rows x cols intersections 100 m apart near Ningbo, with two shape nodes
// on every block side, streets split into ways of ten blocks, a realistic
// mix of tags (one-way secondaries, primaries with maxspeed, footways,
// private service roads, a motorway, steps), and a building (four untagged
// nodes, one closed way) on every second block, whose nodes no road uses.
// It returns the number of nodes and ways written.
func writeGridCity(w io.Writer, rows, cols int) (nodes, ways int, err error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	const (
		lat0, lon0 = 29.70, 121.40
		dLat       = 100 / 111195.0
		dLon       = 100 / 96490.0 // 111195 x cos(29.8 deg)
	)
	fmt.Fprint(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"skillcircle writeGridCity\">\n")
	node := func(id int64, lat, lon float64) {
		fmt.Fprintf(bw, " <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n", id, lat, lon)
		nodes++
	}
	inter := func(r, c int) int64 { return int64(r*cols+c) + 1 }
	base := int64(rows*cols) + 1
	// shape nodes: east of (r,c): base + 4*(r*cols+c) + {0,1}; north: {2,3}
	shape := func(r, c, k int) int64 { return base + int64(4*(r*cols+c)+k) }
	bldBase := base + int64(4*rows*cols)
	for r := range rows {
		for c := range cols {
			lat, lon := lat0+float64(r)*dLat, lon0+float64(c)*dLon
			node(inter(r, c), lat, lon)
			if c+1 < cols {
				node(shape(r, c, 0), lat+dLat*0.02, lon+dLon/3)
				node(shape(r, c, 1), lat-dLat*0.02, lon+2*dLon/3)
			}
			if r+1 < rows {
				node(shape(r, c, 2), lat+dLat/3, lon+dLon*0.02)
				node(shape(r, c, 3), lat+2*dLat/3, lon-dLon*0.02)
			}
			if (r+c)%2 == 0 && r+1 < rows && c+1 < cols {
				b := bldBase + int64(4*(r*cols+c))
				node(b, lat+dLat*0.3, lon+dLon*0.3)
				node(b+1, lat+dLat*0.3, lon+dLon*0.7)
				node(b+2, lat+dLat*0.7, lon+dLon*0.7)
				node(b+3, lat+dLat*0.7, lon+dLon*0.3)
			}
		}
	}
	wayID := int64(1)
	way := func(refs []int64, tags ...string) {
		fmt.Fprintf(bw, " <way id=\"%d\" version=\"1\">\n", wayID)
		for _, r := range refs {
			fmt.Fprintf(bw, "  <nd ref=\"%d\"/>\n", r)
		}
		for i := 0; i+1 < len(tags); i += 2 {
			fmt.Fprintf(bw, "  <tag k=\"%s\" v=\"%s\"/>\n", tags[i], tags[i+1])
		}
		fmt.Fprint(bw, " </way>\n")
		wayID++
		ways++
	}
	streetTags := func(i int, eastWest bool) []string {
		name := fmt.Sprintf("%s %d", map[bool]string{true: "Jiefang Road", false: "Zhongshan Road"}[eastWest], i)
		switch {
		case i == rows/2 && eastWest:
			return []string{"highway", "motorway", "ref", "G15", "maxspeed", "100"}
		case i%10 == 0:
			return []string{"highway", "primary", "name", name, "maxspeed", "60", "lanes", "4"}
		case i%5 == 0:
			return []string{"highway", "secondary", "name", name, "oneway", map[bool]string{true: "yes", false: "-1"}[i%2 == 0]}
		case i%7 == 0:
			return []string{"highway", "footway", "surface", "paving_stones"}
		case i%11 == 0:
			return []string{"highway", "service", "access", "private"}
		case i%13 == 0:
			return []string{"highway", "cycleway"}
		case i%3 == 0:
			return []string{"highway", "tertiary", "name", name}
		}
		return []string{"highway", "residential", "name", name}
	}
	for r := range rows {
		for c0 := 0; c0+1 < cols; c0 += 10 {
			var refs []int64
			for c := c0; c < min(c0+10, cols-1); c++ {
				refs = append(refs, inter(r, c), shape(r, c, 0), shape(r, c, 1))
			}
			refs = append(refs, inter(r, min(c0+10, cols-1)))
			way(refs, streetTags(r, true)...)
		}
	}
	for c := range cols {
		for r0 := 0; r0+1 < rows; r0 += 10 {
			var refs []int64
			for r := r0; r < min(r0+10, rows-1); r++ {
				refs = append(refs, inter(r, c), shape(r, c, 2), shape(r, c, 3))
			}
			refs = append(refs, inter(min(r0+10, rows-1), c))
			tags := streetTags(c, false)
			if c%17 == 0 && r0 == 0 {
				tags = []string{"highway", "steps"}
			}
			way(refs, tags...)
		}
	}
	for r := 0; r+1 < rows; r++ {
		for c := 0; c+1 < cols; c++ {
			if (r+c)%2 == 0 {
				b := bldBase + int64(4*(r*cols+c))
				way([]int64{b, b + 1, b + 2, b + 3, b}, "building", "yes")
			}
		}
	}
	fmt.Fprint(bw, "</osm>\n")
	return nodes, ways, bw.Flush()
}

// resetPeakRSS starts peakRSS afresh (Linux: writing 5 to clear_refs), so
// that each import is measured alone; it reports whether it could.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS returns the process's peak resident set size in bytes, from
// /proc/self/status (VmHWM); 0 where that is not available.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb * 1024
		}
	}
	return 0
}

// TestLargeImport imports a synthetic city of about one million nodes and
// checks that it stays under 2 GB. It writes a 100 MB file and takes a
// minute, so it runs only with SKILLCIRCLE_LARGE=1; SKILLCIRCLE_LARGE_ROWS
// makes the grid larger (650 rows: 2.9 million nodes). Each file is also
// imported clipped to its south-west quarter (+ 500 m), and each import's
// peak RSS is measured alone. With osmium on the
// PATH it also converts the file to PBF and imports that.
func TestLargeImport(t *testing.T) {
	if os.Getenv("SKILLCIRCLE_LARGE") != "1" {
		t.Skip("set SKILLCIRCLE_LARGE=1 to import a one-million-node extract")
	}
	dir := t.TempDir()
	xmlPath := filepath.Join(dir, "gridcity.osm")
	f, err := os.Create(xmlPath)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rows := 380
	if v := os.Getenv("SKILLCIRCLE_LARGE_ROWS"); v != "" {
		if rows, err = strconv.Atoi(v); err != nil || rows < 380 {
			t.Fatalf("SKILLCIRCLE_LARGE_ROWS=%q: want a number of grid rows of at least 380", v)
		}
	}
	nodes, ways, err := writeGridCity(f, rows, rows)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(xmlPath)
	t.Logf("wrote %d nodes, %d ways, %.0f MB of XML in %v", nodes, ways, float64(fi.Size())/1e6, time.Since(start))
	if nodes < 900_000 {
		t.Fatalf("only %d nodes", nodes)
	}

	paths := []string{xmlPath}
	if osmium, err := exec.LookPath("osmium"); err == nil {
		pbf := filepath.Join(dir, "gridcity.osm.pbf")
		if out, err := exec.Command(osmium, "cat", xmlPath, "-o", pbf).CombinedOutput(); err != nil {
			t.Fatalf("osmium: %v\n%s", err, out)
		}
		paths = append(paths, pbf)
	} else {
		t.Log("osmium not on PATH: importing the XML only")
	}
	var progress io.Writer
	if testing.Verbose() {
		progress = os.Stderr
	}
	// the same files clipped to their south-west quarter (+ 500 m)
	b := orb.Bound{Min: orb.Point{121.40, 29.70}, Max: orb.Point{121.40 + float64(rows)*100/96490.0, 29.70 + float64(rows)*100/111195.0}}
	c := b.Center()
	quarter, err := osmimport.NewClip(orb.MultiPolygon{orb.Polygon{orb.Ring{b.Min, {c[0], b.Min[1]}, c, {b.Min[0], c[1]}, b.Min}}}, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range []struct {
		path string
		clip *osmimport.Clip
	}{{paths[0], nil}, {paths[0], quarter}, {paths[len(paths)-1], nil}, {paths[len(paths)-1], quarter}} {
		p := run.path
		runtime.GC()
		debug.FreeOSMemory()
		if !resetPeakRSS() {
			t.Log("cannot reset the peak RSS: each figure includes the imports before it")
		}
		net, st, err := osmimport.Import(context.Background(), p, osmimport.Options{Progress: progress, Clip: run.clip})
		if err != nil {
			t.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		rss := peakRSS()
		if run.clip != nil {
			t.Logf("%s clipped to its south-west quarter + 500 m: kept %d of %d nodes, %d of %d routable ways (%d cut)",
				filepath.Base(p), st.NodesInClip, st.NodesRead, st.WaysInClip, st.RoutableWays, st.WaysCut)
		}
		t.Logf("%s: %d nodes in the network of %d read, edges %v, ways kept %v, in %v (ways %v, nodes %v, build %v); network %.0f MB, Go heap now %.0f MB, runtime Sys %.0f MB, peak RSS so far %.0f MB",
			filepath.Base(p), st.Nodes, st.NodesRead, st.Edges, st.WaysKept, st.Total, st.WaysPass, st.NodesPass, st.BuildTime,
			float64(net.MemoryBytes())/1e6, float64(ms.HeapAlloc)/1e6, float64(ms.Sys)/1e6, float64(rss)/1e6)
		if rss > 2<<30 {
			t.Errorf("peak RSS %.0f MB, over 2 GB", float64(rss)/1e6)
		}
		least := 500_000 // nodes in the network: about two thirds of the file's, a sixth when clipped to a quarter
		if run.clip != nil {
			least = 100_000
		}
		if st.Nodes < least || st.Edges[route.Walk] == 0 || st.Edges[route.Drive] == 0 {
			t.Errorf("stats %+v", st)
		}
		t0 := time.Now()
		cells := net.Isochrone(route.EBike, net.Point(int32(net.NumNodes()/2)), 15, 9)
		t.Logf("e-bike 15 min isochrone in the middle: %d cells in %v", len(cells), time.Since(t0))
	}
}
