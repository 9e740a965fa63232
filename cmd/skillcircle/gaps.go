package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
	"github.com/skillcircle/skillcircle/internal/planreport"
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
		fmt.Fprintf(stdout, "  %d. %s %s: +%d people (%.1f%% covered)\n", sg.Rank, planreport.KindLabel(sg.Kind), sg.Name, sg.Gain, 100*sg.Share)
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

// write writes the files into dir and returns their names; package
// planreport renders them.
func (g *gaps) write(dir string) ([]string, error) {
	p := planreport.Plan{Region: g.snap, Coverage: g.coverage, Suggestions: g.suggestions, Demand: g.demand, Generated: g.generated}
	return p.WriteDir(dir)
}
