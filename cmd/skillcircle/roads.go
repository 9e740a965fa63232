package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/transit"
	"github.com/skillcircle/skillcircle/index"
)

// travelConfig is the --travel file: a travel model per road mode and,
// under "transit", the metro assumptions, e.g.
//
//	{"walk": {"speed_kmh": 4.5, "detour": 1.3, "overhead_minutes": 0},
//	 "transit": {"speed_kmh": 35, "dwell_seconds": 30, "headway_minutes": 6, "transfer_minutes": 4}}
//
// Modes left out keep their defaults.
func readTravel(path string) (geo.TravelModels, *transit.Options, error) {
	models := geo.DefaultTravelModels()
	if path == "" {
		return models, nil, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var opts *transit.Options
	if t, ok := parts["transit"]; ok {
		o := transit.DefaultOptions
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&o); err != nil {
			return nil, nil, fmt.Errorf("%s: transit: %w", path, err)
		}
		opts = &o
		delete(parts, "transit")
	}
	rest, _ := json.Marshal(parts)
	if err := json.Unmarshal(rest, &models); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return models, opts, nil
}

// isTerminal reports whether w is a terminal, where progress may be drawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// importRoads reads an OpenStreetMap extract, clipped to the region (the
// union of its districts' boundaries) widened by marginMeters unless
// marginMeters is negative, drawing progress on stderr when it is a
// terminal.
func importRoads(ctx context.Context, path string, cat *data.Catalogue, marginMeters float64, stdout, stderr io.Writer) (*route.Network, osm.Stats, error) {
	opts := osm.Options{}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	if marginMeters >= 0 {
		clip, err := osm.NewClip(regionPolygon(cat), marginMeters)
		if err != nil {
			return nil, osm.Stats{}, err
		}
		opts.Clip = clip
	}
	net, st, err := osm.Import(ctx, path, opts)
	if err != nil {
		return nil, st, err
	}
	fmt.Fprintf(stdout, "imported %s in %.1fs: %d nodes; directed edges walk %d, bike %d, ebike %d, drive %d\n",
		filepath.Base(path), st.Total.Seconds(), st.Nodes, st.Edges[route.Walk], st.Edges[route.Bike], st.Edges[route.EBike], st.Edges[route.Drive])
	if opts.Clip != nil {
		fmt.Fprintf(stdout, "clipped to %s + %.1f km: kept %d of %d nodes read (%.1f%%) and %d of %d routable ways (%d cut at the edge)\n",
			cat.Region.Name, marginMeters/1000, st.NodesInClip, st.NodesRead, percent(st.NodesInClip, st.NodesRead),
			st.WaysInClip, st.RoutableWays, st.WaysCut)
	}
	return net, st, nil
}

// tableProgress draws the travel-time searches on a terminal.
func tableProgress(stderr io.Writer) func(done, total int) {
	if !isTerminal(stderr) {
		return nil
	}
	last := time.Time{}
	return func(done, total int) {
		if done == total || time.Since(last) > 200*time.Millisecond {
			last = time.Now()
			fmt.Fprintf(stderr, "\rtravel times: %d / %d searches (%3.0f%%)", done, total, 100*float64(done)/float64(total))
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
}

// printCoverage says how much of the catalogue the network covers, and
// what happens outside it.
func printCoverage(w io.Writer, meta index.Meta) {
	n := meta.Network
	if n == nil {
		return
	}
	share := 100 * n.RegionShare
	fmt.Fprintf(w, "road network %s covers %.0f%% of %s's area and %d of %d sites; site time entries (table cells x sites; by car, hierarchy buckets) walk %d, bike %d, ebike %d, drive %d\n",
		n.Source, share, meta.Region.Name, n.SitesCovered, meta.Counts.Sites,
		n.TableEntries[geo.Walk], n.TableEntries[geo.Bike], n.TableEntries[geo.EBike], n.TableEntries[geo.Drive])
	if n.RegionShare < 0.995 || n.SitesCovered < meta.Counts.Sites {
		fmt.Fprintf(w, "outside the network's coverage (the convex hull of its nodes) travel times are estimated (straight line x detour / speed); each hit says which\n")
	}
}
