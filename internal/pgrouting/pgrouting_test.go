package pgrouting_test

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	osmimport "github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// extractName is the real extract both sides import.
const extractName = "monaco.osm.pbf"

// comparedModes are the modes whose edges go to pgRouting, with the bounds
// searched (minutes).
var comparedModes = []struct {
	mode   route.Mode
	table  string
	limits []float64
}{
	{route.Walk, "sc_walk", []float64{3, 8, 15}},
	{route.Drive, "sc_drive", []float64{1, 3, 6}},
}

// fixture is a server with the extract imported by osm2pgrouting and this
// project's edges loaded, and this project's network of the same file.
type fixture struct {
	pg  *postgres
	net *route.Network
	// osm2pgrouting's import: vertices it made, how many our network has,
	// and how many of those at the same position
	vertices, verticesOurs, verticesSamePlace int
}

// setUp starts a server and loads it (about 15 s); it stops with the test.
func setUp(tb testing.TB) *fixture {
	tb.Helper()
	f := &fixture{pg: startPostgres(tb)}
	extract := testfixture.OSMExtract(tb, extractName)
	net, _, err := osmimport.Import(context.Background(), extract, osmimport.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	f.net = net
	f.importOSM2pgRouting(tb, extract)
	for _, m := range comparedModes {
		f.loadEdges(tb, m.mode, m.table)
	}
	return f
}

// importOSM2pgRouting converts the extract to OSM XML with osmium and
// imports it with osm2pgrouting's car configuration, then checks that the
// vertices it made (its graph's nodes: junctions and way ends) are nodes of
// our network at the same place.
func (f *fixture) importOSM2pgRouting(tb testing.TB, extract string) {
	tb.Helper()
	xml := filepath.Join(f.pg.dir, "extract.osm")
	if out, err := execCombined("osmium", "cat", extract, "-o", xml, "-f", "osm", "--overwrite"); err != nil {
		tb.Fatalf("osmium: %v\n%s", err, out)
	}
	if out, err := execCombined("osm2pgrouting", "-f", xml, "-c", "/usr/share/osm2pgrouting/mapconfig_for_cars.xml",
		"-d", "postgres", "-U", "postgres", "-h", f.pg.dir, "--clean"); err != nil {
		tb.Fatalf("osm2pgrouting: %v\n%s", err, out)
	}
	for _, row := range f.pg.psql(tb, "SELECT osm_id, lon, lat FROM ways_vertices_pgr;") {
		var id int64
		var lon, lat float64
		if _, err := fmt.Sscanf(strings.ReplaceAll(row, ",", " "), "%d %g %g", &id, &lon, &lat); err != nil {
			tb.Fatalf("vertex row %q: %v", row, err)
		}
		f.vertices++
		i, ok := f.net.NodeByOSMID(id)
		if !ok {
			continue
		}
		f.verticesOurs++
		p := f.net.Point(i)
		if math.Abs(p[0]-lon) < 1e-7 && math.Abs(p[1]-lat) < 1e-7 {
			f.verticesSamePlace++
		}
	}
}

// loadEdges copies mode m's edges of our network, by their ends' OSM ids,
// with their costs in seconds, into a table pgRouting reads.
func (f *fixture) loadEdges(tb testing.TB, m route.Mode, table string) {
	tb.Helper()
	csv := filepath.Join(f.pg.dir, table+".csv")
	file, err := os.Create(csv)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(file)
	id := 0
	for u := range int32(f.net.NumNodes()) {
		for v, sec := range f.net.Edges(m, u, false) {
			id++
			fmt.Fprintf(w, "%d,%d,%d,%s\n", id, f.net.OSMID(u), f.net.OSMID(v), strconv.FormatFloat(sec, 'g', -1, 64))
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	file.Close()
	os.Chmod(csv, 0o644)
	f.pg.psql(tb, fmt.Sprintf(`CREATE TABLE %[1]s (id bigint PRIMARY KEY, source bigint, target bigint, cost float8);
\copy %[1]s FROM '%[2]s' WITH (FORMAT csv)
ANALYZE %[1]s;`, table, csv))
}

// drivingDistance returns the nodes pgRouting reaches from node origin
// within seconds on table, with their times.
func (f *fixture) drivingDistance(tb testing.TB, table string, origin int64, seconds float64) map[int64]float64 {
	tb.Helper()
	rows := f.pg.psql(tb, fmt.Sprintf(`SELECT node, agg_cost FROM pgr_drivingDistance('SELECT id, source, target, cost FROM %s', %d, %s, directed => true);`,
		table, origin, strconv.FormatFloat(seconds, 'g', -1, 64)))
	out := make(map[int64]float64, len(rows))
	for _, row := range rows {
		node, cost, ok := strings.Cut(row, ",")
		n, err1 := strconv.ParseInt(node, 10, 64)
		c, err2 := strconv.ParseFloat(cost, 64)
		if !ok || err1 != nil || err2 != nil {
			tb.Fatalf("pgr_drivingDistance row %q", row)
		}
		out[n] = c
	}
	return out
}

// origins picks n nodes spread through the network's numbering that mode
// m can leave.
func origins(net *route.Network, m route.Mode, n int) []int32 {
	var out []int32
	for k := range n {
		for i := int32(net.NumNodes() * (2*k + 1) / (2 * n)); i < int32(net.NumNodes()); i++ {
			if hasEdge(net, m, i) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

func hasEdge(net *route.Network, m route.Mode, i int32) bool {
	for range net.Edges(m, i, false) {
		return true
	}
	return false
}

// execCombined runs a tool and returns its output.
func execCombined(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}

// TestReachedNodesAgreeWithPgRouting: from several origins and for several
// bounds, by walk and by car, the nodes this project's forward search
// reaches are those pgr_drivingDistance reaches on the same edges (at least
// 99 % of the union in each case), at the same times (to 0.1 s).
func TestReachedNodesAgreeWithPgRouting(t *testing.T) {
	f := setUp(t)
	t.Logf("osm2pgrouting made %d vertices from %s; our network has %d of them, %d at the same position",
		f.vertices, extractName, f.verticesOurs, f.verticesSamePlace)
	if f.vertices == 0 || f.verticesOurs < f.vertices*9/10 || f.verticesSamePlace != f.verticesOurs {
		t.Errorf("osm2pgrouting's vertices: %d, ours %d, same place %d", f.vertices, f.verticesOurs, f.verticesSamePlace)
	}
	for _, m := range comparedModes {
		for _, o := range origins(f.net, m.mode, 4) {
			for _, limit := range m.limits {
				seconds := limit * 60
				theirs := f.drivingDistance(t, m.table, f.net.OSMID(o), seconds)
				ours := f.net.Search(m.mode, []route.Source{route.NodeSource(o, 0)}, seconds, false)
				both, onlyOurs, onlyTheirs, timesOff, repeated := 0, 0, 0, 0, 0
				seen := map[int32]bool{}
				for _, v := range ours.Reached() {
					if seen[v] {
						// Reached may list a node twice (a relaxation
						// that rounds up to the time already set pushes
						// it again): the set is what is compared
						repeated++
						continue
					}
					seen[v] = true
					sec, _ := ours.Node(v)
					c, ok := theirs[f.net.OSMID(v)]
					if !ok {
						onlyOurs++
						continue
					}
					both++
					if math.Abs(c-sec) > 0.1 {
						timesOff++
					}
				}
				onlyTheirs = len(theirs) - both
				agree := float64(both) / float64(both+onlyOurs+onlyTheirs)
				t.Logf("%v from node %d within %.0f min: %d nodes reached by both, %d by ours only, %d by pgRouting only (%.2f%% agree), %d times off by over 0.1 s; %d repeated in Reached",
					m.mode, f.net.OSMID(o), limit, both, onlyOurs, onlyTheirs, 100*agree, timesOff, repeated)
				if both < 2 || agree < 0.99 || timesOff > both/100 {
					t.Errorf("%v from node %d within %.0f min: %.2f%% agree, %d of %d times off", m.mode, f.net.OSMID(o), limit, 100*agree, timesOff, both)
				}
			}
		}
	}
}

// BenchmarkDrivingDistance times, in one run, pgr_drivingDistance (inside
// the server, reading the edges by SQL as pgRouting does on every call) and
// this project's forward search and isochrone (H3 resolution 9), by car
// within 6 minutes and on foot within 15, from the same origin.
func BenchmarkDrivingDistance(b *testing.B) {
	f := setUp(b)
	f.pg.psql(b, `CREATE OR REPLACE FUNCTION sc_time(edges text, origin bigint, seconds float8, n int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  FOR i IN 1..n LOOP
    PERFORM count(*) FROM pgr_drivingDistance(edges, origin, seconds, directed => true);
  END LOOP;
  RETURN extract(epoch FROM clock_timestamp() - t0);
END $$;`)
	for _, c := range []struct {
		mode    route.Mode
		table   string
		minutes float64
	}{{route.Drive, "sc_drive", 6}, {route.Walk, "sc_walk", 15}} {
		o := origins(f.net, c.mode, 1)[0]
		name := fmt.Sprintf("%v-%.0fmin", c.mode, c.minutes)
		b.Run(name+"/pgr_drivingDistance", func(b *testing.B) {
			rows := f.pg.psql(b, fmt.Sprintf(`SELECT sc_time('SELECT id, source, target, cost FROM %s', %d, %g, %d);`,
				c.table, f.net.OSMID(o), c.minutes*60, b.N))
			sec, err := strconv.ParseFloat(rows[0], 64)
			if err != nil {
				b.Fatal(rows)
			}
			// the server's own time per call, not psql's start
			b.ReportMetric(sec*1e9/float64(b.N), "server-ns/op")
		})
		b.Run(name+"/search", func(b *testing.B) {
			for b.Loop() {
				f.net.Search(c.mode, []route.Source{route.NodeSource(o, 0)}, c.minutes*60, false)
			}
		})
		b.Run(name+"/isochrone", func(b *testing.B) {
			p := f.net.Point(o)
			for b.Loop() {
				f.net.Isochrone(c.mode, p, c.minutes, 9)
			}
		})
	}
}
