package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/data/osm"
	"github.com/skillcircle/skillcircle/data/scale"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/config"
	"github.com/skillcircle/skillcircle/internal/follow"
)

const defaultSnapshot = config.DefaultSnapshot

// parseFlags parses args; a bad flag has already been explained by the
// flag package, so it only needs the usage exit status.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return errBadFlags
}

var errBadFlags = fmt.Errorf("%w: bad flags", errUsage)

// catalogueFS is the catalogue to read: a directory, or the embedded
// Ningbo set when dir is empty.
func catalogueFS(dir string) (fs.FS, string) {
	if dir == "" {
		return ningbo.Catalogue, "the embedded Ningbo catalogue"
	}
	return os.DirFS(dir), dir
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("build", stderr)
	dir := fl.String("data", "", "catalogue directory (default: the embedded Ningbo catalogue)")
	out := fl.String("out", defaultSnapshot, "snapshot file to write")
	skip := fl.Bool("skip-bad-rows", false, "drop bad rows (and rows that depend on them) instead of refusing the catalogue")
	ifStale := fl.Bool("if-stale", false, "do nothing if the snapshot at --out was built from the same catalogue by this format version")
	population := fl.String("population", "", "population grid CSV (h3,population at any H3 resolution, as Kontur publishes it) to use instead of the population model")
	travel := fl.String("travel", "", "JSON file of travel models, e.g. {\"walk\":{\"speed_kmh\":4.5,\"detour\":1.3,\"overhead_minutes\":0}}, and \"transit\" assumptions (default: built-in)")
	osmFile := fl.String("osm", "", "OpenStreetMap extract (.osm.pbf, .osm, .osm.bz2, .osm.gz): take travel times from shortest paths on its roads where it covers the region")
	margin := fl.Float64("osm-margin", osm.DefaultMarginMeters, "with --osm: keep the roads within this many metres of the region's districts (the file is clipped to them); -1 keeps the whole file")
	factor := fl.Int("scale", 1, "build the catalogue copied this many times over (data/scale: new ids, sites moved by up to 150 m), to measure how costs grow")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("%w: build takes no arguments (got %q)", errUsage, fl.Args())
	}
	if *factor < 1 || *factor > scale.MaxFactor {
		return fmt.Errorf("%w: --scale %d is outside 1..%d", errUsage, *factor, scale.MaxFactor)
	}
	models, transitOpts, err := readTravel(*travel)
	if err != nil {
		return err
	}
	start := time.Now()
	fsys, name := catalogueFS(*dir)
	cat, report, err := data.Load(fsys, data.LoadOptions{SkipBadRows: *skip})
	if err != nil {
		var problems data.Problems
		if errors.As(err, &problems) {
			printProblems(stderr, problems)
			fmt.Fprintf(stderr, "%s: %d problems; nothing was built and %s is unchanged (fix them, or rerun with --skip-bad-rows)\n",
				name, len(problems), *out)
			return errReported
		}
		return err
	}
	if *factor > 1 {
		cat = scale.Multiply(cat, *factor, 1)
		report.Checksum += fmt.Sprintf("x%d", *factor) // a scaled snapshot is stale beside the catalogue's own
	}
	grid, err := readPopulation(*population, stderr)
	if err != nil {
		return err
	}
	if *ifStale {
		in := index.BuildInputs{SourceChecksum: report.Checksum, TravelModels: models, Transit: transitOpts, PopulationGrid: grid != nil}
		if *osmFile != "" {
			sum, err := osm.Checksum(*osmFile)
			if err != nil {
				return err
			}
			in.NetworkChecksum = networkChecksum(sum, *margin)
		}
		if meta, ok := index.UpToDate(*out, in); ok {
			fmt.Fprintf(stdout, "%s is up to date (built %s from %s)\n", *out, meta.BuiltAt.Format(time.RFC3339), name)
			_, err := follow.WriteChecksum(*out) // for a snapshot built before checksums were written
			return err
		}
	}
	if len(report.Skipped) > 0 {
		printProblems(stderr, report.Skipped)
		files := make([]string, 0, len(report.Dropped))
		for f, n := range report.Dropped {
			files = append(files, fmt.Sprintf("%s %d", f, n))
		}
		sort.Strings(files)
		fmt.Fprintf(stderr, "skipped %d bad rows (%s) for the %d problems above\n", totalDropped(report), strings.Join(files, ", "), len(report.Skipped))
	}
	opts := index.BuildOptions{
		TravelModels: models, SourceChecksum: report.Checksum, Skipped: totalDropped(report), Transit: transitOpts,
		Population: grid, PopulationFile: filepath.Base(*population),
	}
	if *osmFile != "" {
		net, st, err := importRoads(ctx, *osmFile, cat, *margin, stdout, stderr)
		if err != nil {
			return err
		}
		opts.Network, opts.NetworkSource, opts.NetworkChecksum = net, filepath.Base(*osmFile), networkChecksum(st.SHA256, *margin)
		opts.Progress = tableProgress(stderr)
	}
	meta, err := index.Build(ctx, *out, cat, opts)
	if err != nil {
		return err
	}
	// The checksum beside the snapshot is what `serve --follow` compares.
	if _, err := follow.WriteChecksum(*out); err != nil {
		return fmt.Errorf("writing the checksum of %s: %w", *out, err)
	}
	printCoverage(stdout, meta)
	c := meta.Counts
	fmt.Fprintf(stdout, "built %s from %s in %.1fs: %d districts, %d townships, %d institutions, %d sites, %d courses, %d enterprises\n",
		*out, name, time.Since(start).Seconds(), c.Districts, c.Townships, c.Institutions, c.Sites, c.Courses, c.Enterprises)
	printPopulation(stdout, meta.Population)
	return nil
}

func totalDropped(r *data.Report) int {
	n := 0
	for _, d := range r.Dropped {
		n += d
	}
	return n
}

func printProblems(w io.Writer, ps data.Problems) {
	for _, p := range ps {
		fmt.Fprintln(w, p)
	}
}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("validate", stderr)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return fmt.Errorf("%w: validate takes one directory", errUsage)
	}
	dir := fl.Arg(0)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	cat, _, err := data.Load(os.DirFS(dir), data.LoadOptions{})
	var problems data.Problems
	if errors.As(err, &problems) {
		printProblems(stdout, problems)
		fmt.Fprintf(stderr, "%s: %d problems\n", dir, len(problems))
		return errReported
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok: %d districts, %d townships, %d institutions, %d sites, %d courses, %d enterprises, %d demand rows, %d metro stations\n",
		dir, len(cat.Districts), len(cat.Townships), len(cat.Institutions), len(cat.Sites), len(cat.Courses), len(cat.Enterprises), len(cat.Demand), len(cat.Stations))
	return nil
}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("search", stderr)
	path := fl.String("snapshot", defaultSnapshot, "snapshot file to search")
	near := fl.String("near", "", "origin as LNG,LAT (or give --address and/or --workplace)")
	address := fl.String("address", "", "start from where you live: an address, a town, a station, a school... (e.g. 鄞州区姜山镇)")
	workplace := fl.String("workplace", "", "start from where you work: an enterprise's id or name, or an address; with --address, from both")
	crsName := fl.String("crs", "wgs84", "coordinate system of --near and of the output: wgs84, gcj02 or bd09")
	modeName := fl.String("mode", "walk", "walk, bike, ebike, drive or transit (walk + metro; also 地铁)")
	minutes := fl.Int("minutes", index.DefaultMinutes, "travel time limit, 1-60")
	text := fl.String("q", "", "words to look for in titles, trades and descriptions")
	family := fl.String("family", "", "course family: manufacturing, services, agriculture, labour, seniors (or 先进制造业...)")
	level := fl.String("level", "", "skill level: junior, intermediate, senior, technician, senior_technician (or 初级...)")
	schedule := fl.String("schedule", "", "weekday_daytime, weekday_evening or weekend")
	sortBy := fl.String("sort", "", "relevance, travel, start or fee")
	along := fl.String("along", "", "commute: the courses on the way from --workplace to --address (home) instead of those within --minutes")
	detour := fl.Int("detour", index.DefaultDetour, "with --along commute: the most minutes a site may add to the trip home, 0-30")
	limit := fl.Int("limit", index.DefaultLimit, "hits to show, 1-100")
	asJSON := fl.Bool("json", false, "print the result as JSON, as /v1/search returns it")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	crs, err := geo.ParseCRS(*crsName)
	if err != nil {
		return err
	}
	values := map[string]string{"address": *address, "workplace": *workplace}
	switch {
	case *near != "" && (*address != "" || *workplace != ""):
		return fmt.Errorf("%w: give --near, or --address and/or --workplace, not both", errUsage)
	case *near != "":
		origin, err := parseLngLat(*near)
		if err != nil {
			return err
		}
		values["lng"], values["lat"] = strconv.FormatFloat(origin[0], 'f', -1, 64), strconv.FormatFloat(origin[1], 'f', -1, 64)
	case *address == "" && *workplace == "":
		return fmt.Errorf("%w: search needs --near LNG,LAT, or --address and/or --workplace", errUsage)
	}
	snap, err := index.Open(*path)
	if err != nil {
		return err
	}
	defer snap.Close()

	// The CLI asks the same API the server runs, in process, so that its
	// JSON is exactly the API's and its validation the same.
	for k, v := range map[string]string{
		"crs": string(crs), "mode": *modeName, "minutes": strconv.Itoa(*minutes), "q": *text,
		"family": *family, "level": *level, "schedule": *schedule, "sort": *sortBy, "limit": strconv.Itoa(*limit),
		"along": *along,
	} {
		values[k] = v
	}
	if *along != "" {
		values["detour"] = strconv.Itoa(*detour)
	}
	body, err := api.Query(ctx, api.New(snap, api.Options{}), "/v1/search", values)
	if err != nil {
		return err
	}
	if *asJSON {
		_, err := stdout.Write(append(body, '\n'))
		return err
	}
	return printSearch(stdout, body)
}

func parseLngLat(s string) (orb.Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return orb.Point{}, fmt.Errorf("--near %q: want LNG,LAT, e.g. 121.5503,29.8730", s)
	}
	lng, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	lat, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	if err1 != nil || err2 != nil {
		return orb.Point{}, fmt.Errorf("--near %q: want LNG,LAT as numbers, e.g. 121.5503,29.8730", s)
	}
	if lat < -90 || lat > 90 || lng < -180 || lng > 180 {
		return orb.Point{}, fmt.Errorf("--near %q: longitude comes first (LNG,LAT), e.g. 121.5503,29.8730", s)
	}
	return orb.Point{lng, lat}, nil
}
