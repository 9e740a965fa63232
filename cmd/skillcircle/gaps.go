package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
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
	coverage    *index.Coverage
	suggestions *index.SiteSuggestions
	demand      *index.DemandResult
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
	fl.IntVar(&o.k, "k", 5, fmt.Sprintf("new training points to suggest, 1-%d", index.MaxSiteSuggestions))
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

// gapsQuery reads the options that need no snapshot, so that a mistake
// there is reported before the snapshot is opened.
func gapsQuery(o gapsOptions) (index.CoverageQuery, error) {
	if o.minutes < index.MinMinutes || o.minutes > index.MaxMinutes {
		return index.CoverageQuery{}, fmt.Errorf("--minutes: %d is outside %d..%d", o.minutes, index.MinMinutes, index.MaxMinutes)
	}
	if o.k < 1 || o.k > index.MaxSiteSuggestions {
		return index.CoverageQuery{}, fmt.Errorf("--k: %d is outside 1..%d", o.k, index.MaxSiteSuggestions)
	}
	q := index.CoverageQuery{Minutes: o.minutes, Filters: index.Filters{Trade: strings.TrimSpace(o.trade), OccupationCode: strings.TrimSpace(o.occupation)}}
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

// computeGaps runs the queries on snap.
func computeGaps(ctx context.Context, snap *index.Snapshot, q index.CoverageQuery, o gapsOptions) (*gaps, error) {
	if d := strings.TrimSpace(o.district); d != "" {
		for _, dd := range snap.Districts() {
			if d == dd.Code || d == dd.Name {
				q.District = dd.Code
			}
		}
		if q.District == "" {
			return nil, fmt.Errorf("--district: %q is not a district of %s", d, snap.Meta().Region.Name)
		}
	}
	// A typed trade counts the trades it stands for, as /v1/coverage reads it.
	if t := q.Filters.Trade; t != "" {
		if q.Filters.Trades = snap.TradesMeant(t); len(q.Filters.Trades) > 0 {
			q.Filters.Trade = ""
		}
	}
	g := &gaps{snap: snap, generated: time.Now()}
	if o.now != nil {
		g.generated = o.now()
	}
	var err error
	if g.coverage, err = snap.Coverage(ctx, q); err != nil {
		return nil, err
	}
	if g.suggestions, err = snap.SuggestSites(ctx, index.SiteSuggestQuery{CoverageQuery: q, K: o.k}); err != nil {
		return nil, err
	}
	g.demand, err = snap.DemandMet(ctx, index.DemandQuery{Mode: q.Mode, Minutes: q.Minutes, Filters: q.Filters, District: q.District})
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
