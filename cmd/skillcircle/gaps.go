package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
)

// gapsOptions are the flags of `skillcircle gaps`.
type gapsOptions struct {
	snapshot, out             string
	mode                      string
	minutes, k                int
	family, trade, occupation string
	level, district           string
	now                       func() time.Time
}

// gaps is everything the gaps command writes, computed once.
type gaps struct {
	snap        *index.Snapshot
	coverage    *plan.Coverage
	suggestions *plan.SiteSuggestions
	demand      *plan.DemandResult
	generated   time.Time
}

func runGaps(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("gaps", stderr)
	var o gapsOptions
	fl.StringVar(&o.snapshot, "snapshot", defaultSnapshot, "snapshot file")
	fl.StringVar(&o.out, "out", "gaps", "directory to write the CSV, GeoJSON and HTML report into (created if missing)")
	fl.StringVar(&o.mode, "mode", "walk", "walk, bike, ebike, transit or drive (or 步行...)")
	fl.IntVar(&o.minutes, "minutes", index.DefaultMinutes, "travel time limit, 1-60")
	fl.StringVar(&o.family, "family", "", "course family: manufacturing, services, agriculture, labour, seniors (or 先进制造业...); comma-separated")
	fl.StringVar(&o.trade, "trade", "", "exact trade (工种), e.g. 焊工")
	fl.StringVar(&o.occupation, "occupation", "", "occupation code or prefix, e.g. 6-18")
	fl.StringVar(&o.level, "level", "", "skill level: junior, intermediate, senior, technician, senior_technician (or 初级...); comma-separated")
	fl.StringVar(&o.district, "district", "", "one district, by code or name (default: the whole region)")
	fl.IntVar(&o.k, "k", plan.DefaultSuggestions, fmt.Sprintf("new training points to suggest, 1-%d", plan.MaxSuggestions))
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("%w: gaps takes no arguments (got %q)", errUsage, fl.Args())
	}
	q, err := gapsQuery(o)
	if err != nil {
		return err
	}
	snap, err := index.Open(o.snapshot)
	if err != nil {
		return err
	}
	defer snap.Close()
	g, err := computeGaps(ctx, snap, q, o)
	if err != nil {
		return err
	}
	files, err := g.write(o.out)
	if err != nil {
		return err
	}
	c := g.coverage.City
	fmt.Fprintf(stdout, "%s: %d of %d people (%.1f%%) live within %d minutes (%s) of a matching course; %d uncovered\n",
		c.Name, c.Covered, c.Population, 100*c.Share, g.coverage.Query.Minutes, g.coverage.Query.Mode, c.Uncovered)
	for _, sg := range g.suggestions.Suggestions {
		fmt.Fprintf(stdout, "  %d. %s %s: +%d people (%.1f%% covered)\n", sg.Rank, kindLabel(sg.Kind), sg.Name, sg.Gain, 100*sg.Share)
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(files, ", "))
	return nil
}

// gapsQuery reads the options into the planner's query and checks what
// needs no snapshot (plan.Query.Check), so that a mistake there is
// reported before the snapshot is opened; computeGaps normalizes the rest.
func gapsQuery(o gapsOptions) (plan.Query, error) {
	q := plan.Query{Minutes: o.minutes, K: o.k, District: strings.TrimSpace(o.district),
		Filters: index.Filters{Trade: strings.TrimSpace(o.trade), OccupationCode: strings.TrimSpace(o.occupation)}}
	if err := flagError(q.Check()); err != nil {
		return q, err
	}
	mode, err := geo.ParseMode(o.mode)
	if err != nil {
		return q, fmt.Errorf("--mode: %w", err)
	}
	q.Mode = mode
	if q.Filters.Families, err = parseList(o.family, data.ParseFamily); err != nil {
		return q, fmt.Errorf("--family: %w", err)
	}
	if q.Filters.Levels, err = parseList(o.level, data.ParseLevel); err != nil {
		return q, fmt.Errorf("--level: %w", err)
	}
	return q, nil
}

// flagError names the flag of a query field: --minutes: 0 is outside 1..60.
func flagError(err error) error {
	var qe *index.QueryError
	if errors.As(err, &qe) {
		return fmt.Errorf("--%s: %s", qe.Field, qe.Message)
	}
	return err
}

// computeGaps runs the queries on snap.
func computeGaps(ctx context.Context, snap *index.Snapshot, q plan.Query, o gapsOptions) (*gaps, error) {
	if err := flagError(q.Normalize(snap)); err != nil {
		return nil, err
	}
	g := &gaps{snap: snap, generated: time.Now()}
	if o.now != nil {
		g.generated = o.now()
	}
	p := plan.New(snap)
	var err error
	if g.coverage, err = p.Coverage(ctx, q); err != nil {
		return nil, err
	}
	if g.suggestions, err = p.SuggestSites(ctx, q); err != nil {
		return nil, err
	}
	g.demand, err = p.DemandMet(ctx, q)
	return g, err
}

func parseList[T any](s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		v, err := parse(item)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// write writes every file into dir and returns their names.
func (g *gaps) write(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"areas.csv", g.writeAreas},
		{"cells.csv", g.writeCells},
		{"suggestions.csv", g.writeSuggestions},
		{"demand.csv", g.writeDemand},
		{"trades.csv", g.writeTrades},
		{"uncovered.geojson", g.writeGeoJSON},
		{"report.html", g.writeReport},
	}
	var names []string
	for _, st := range steps {
		path := filepath.Join(dir, st.name)
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		err = st.write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		names = append(names, path)
	}
	return names, nil
}

// csvFile writes a header and rows, with a byte-order mark so that Excel
// reads the Chinese as UTF-8.
func csvFile(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(header)
	cw.WriteAll(rows)
	return cw.Error()
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(f float64, digits int) string { return strconv.FormatFloat(f, 'f', digits, 64) }

func (g *gaps) districtName(code string) string {
	d, _ := g.snap.District(code)
	return d.Name
}

func (g *gaps) writeAreas(w io.Writer) error {
	row := func(level string, a plan.AreaCoverage) []string {
		return []string{level, a.Code, a.Name, a.DistrictCode, g.districtName(a.DistrictCode), itoa(a.Population), itoa(a.Covered),
			itoa(a.Uncovered), ftoa(a.Share, 4), ftoa(a.SeatsPer1000, 2)}
	}
	rows := [][]string{row("city", g.coverage.City)}
	for _, d := range g.coverage.Districts {
		rows = append(rows, row("district", d))
	}
	for _, t := range g.coverage.Townships {
		rows = append(rows, row("township", t))
	}
	return csvFile(w, []string{"level", "code", "name", "district_code", "district", "population", "covered", "uncovered", "share", "seats_per_1000"}, rows)
}

func (g *gaps) writeCells(w io.Writer) error {
	rows := make([][]string, len(g.coverage.Cells))
	for i, c := range g.coverage.Cells {
		minutes := ""
		if c.Minutes != nil {
			minutes = ftoa(*c.Minutes, 1)
		}
		rows[i] = []string{c.Cell.String(), c.DistrictCode, c.TownshipCode, itoa(c.People), minutes,
			strconv.FormatBool(c.Covered), ftoa(c.SeatsPer1000, 2), ftoa(c.Centre[0], 6), ftoa(c.Centre[1], 6)}
	}
	return csvFile(w, []string{"h3", "district_code", "township_code", "population", "minutes", "covered", "seats_per_1000", "lng_wgs84", "lat_wgs84"}, rows)
}

func (g *gaps) writeSuggestions(w io.Writer) error {
	var rows [][]string
	for _, sg := range g.suggestions.Suggestions {
		rows = append(rows, []string{itoa(sg.Rank), string(sg.Kind), sg.Name, sg.DistrictCode, g.districtName(sg.DistrictCode),
			sg.SiteID, sg.InstitutionID, itoa(sg.Gain), itoa(sg.Covered), ftoa(sg.Share, 4), ftoa(sg.Location[0], 6), ftoa(sg.Location[1], 6)})
	}
	return csvFile(w, []string{"rank", "kind", "name", "district_code", "district", "site_id", "institution_id", "gain", "covered", "share", "lng_wgs84", "lat_wgs84"}, rows)
}

func (g *gaps) writeDemand(w io.Writer) error {
	var rows [][]string
	for _, r := range g.demand.Rows {
		nearest := ""
		if r.NearestMinutes != nil {
			nearest = ftoa(*r.NearestMinutes, 1)
		}
		rows = append(rows, []string{r.Enterprise.ID, r.Enterprise.Name, r.Enterprise.DistrictCode, g.districtName(r.Enterprise.DistrictCode),
			r.Demand.Trade, r.Demand.OccupationCode, string(r.Demand.Level), itoa(r.Demand.Headcount), itoa(r.Courses), itoa(r.SeatsInReach),
			nearest, ftoa(r.Met, 1), ftoa(r.MetShare, 4)})
	}
	return csvFile(w, []string{"enterprise_id", "enterprise", "district_code", "district", "trade", "occupation_code", "level", "headcount",
		"courses_in_reach", "seats_in_reach", "nearest_minutes", "met", "met_share"}, rows)
}

func (g *gaps) writeTrades(w io.Writer) error {
	var rows [][]string
	for _, t := range g.demand.Trades {
		rows = append(rows, []string{t.Trade, t.OccupationCode, itoa(t.Enterprises), itoa(t.Headcount), ftoa(t.Met, 1), ftoa(t.MetShare, 4), itoa(t.Unreached)})
	}
	return csvFile(w, []string{"trade", "occupation_code", "enterprises", "headcount", "met", "met_share", "unreached"}, rows)
}

// writeGeoJSON writes the uncovered cells (WGS-84 hexagons with their
// people) and the suggested places (points with their gain).
func (g *gaps) writeGeoJSON(w io.Writer) error {
	fc := geojson.NewFeatureCollection()
	for _, c := range g.coverage.Cells {
		if c.Covered {
			continue
		}
		f := geojson.NewFeature(geo.CellPolygon(c.Cell))
		var minutes any
		if c.Minutes != nil {
			minutes = *c.Minutes
		}
		f.Properties = geojson.Properties{"kind": "uncovered_cell", "h3": c.Cell.String(), "population": c.People,
			"minutes": minutes, "district": c.DistrictCode, "township": c.TownshipCode}
		fc.Append(f)
	}
	for _, sg := range g.suggestions.Suggestions {
		f := geojson.NewFeature(sg.Location)
		f.Properties = geojson.Properties{"kind": "suggestion", "rank": sg.Rank, "candidate": string(sg.Kind), "name": sg.Name,
			"gain": sg.Gain, "covered": sg.Covered, "share": sg.Share, "district": sg.DistrictCode}
		fc.Append(f)
	}
	enc := json.NewEncoder(w)
	return enc.Encode(fc)
}

func kindLabel(k plan.CandidateKind) string {
	switch k {
	case plan.CandidateTownship:
		return "乡镇街道中心"
	case plan.CandidatePark:
		return "产业园区"
	case plan.CandidateStation:
		return "地铁站"
	case plan.CandidateInstitution:
		return "现有机构"
	}
	return string(k)
}
