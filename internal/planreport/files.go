package planreport

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
)

// Region is what the files take from the snapshot besides the analysis:
// the region's name and attribution, and its districts (an
// *index.Snapshot is one).
type Region interface {
	Meta() index.Meta
	Districts() []data.District
	District(code string) (data.District, bool)
}

// Plan is one analysis of the planner, computed once, that every file
// renders: who is within reach of a matching course, where new training
// points would reach the most people left out, and how far the seats in
// reach meet the enterprises' demand.
type Plan struct {
	Region      Region
	Coverage    *plan.Coverage
	Suggestions *plan.SiteSuggestions
	Demand      *plan.DemandResult
	// Generated is the time the report says it was made.
	Generated time.Time
}

// File is one file a plan is written as.
type File struct {
	Name  string // areas.csv
	Write func(io.Writer) error
}

// Files are the plan's files, in the order gaps writes and lists them.
func (p *Plan) Files() []File {
	return []File{
		{"areas.csv", p.WriteAreas},
		{"cells.csv", p.WriteCells},
		{"suggestions.csv", p.WriteSuggestions},
		{"demand.csv", p.WriteDemand},
		{"trades.csv", p.WriteTrades},
		{"uncovered.geojson", p.WriteGeoJSON},
		{"report.html", p.WriteReport},
	}
}

// WriteDir writes every file of Files into dir (created if missing) and
// returns their paths.
func (p *Plan) WriteDir(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, file := range p.Files() {
		path := filepath.Join(dir, file.Name)
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		err = file.Write(f)
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

func (p *Plan) districtName(code string) string {
	d, _ := p.Region.District(code)
	return d.Name
}

// WriteAreas writes areas.csv: the coverage of the region, then of each
// district, then of each township, a row each.
func (p *Plan) WriteAreas(w io.Writer) error {
	row := func(level string, a plan.AreaCoverage) []string {
		return []string{level, a.Code, a.Name, a.DistrictCode, p.districtName(a.DistrictCode), itoa(a.Population), itoa(a.Covered),
			itoa(a.Uncovered), ftoa(a.Share, 4), ftoa(a.SeatsPer1000, 2)}
	}
	rows := [][]string{row("city", p.Coverage.City)}
	for _, d := range p.Coverage.Districts {
		rows = append(rows, row("district", d))
	}
	for _, t := range p.Coverage.Townships {
		rows = append(rows, row("township", t))
	}
	return csvFile(w, []string{"level", "code", "name", "district_code", "district", "population", "covered", "uncovered", "share", "seats_per_1000"}, rows)
}

// WriteCells writes cells.csv: the travel-time surface, a row per populated
// H3 cell (minutes empty beyond the surface).
func (p *Plan) WriteCells(w io.Writer) error {
	rows := make([][]string, len(p.Coverage.Cells))
	for i, c := range p.Coverage.Cells {
		minutes := ""
		if c.Minutes != nil {
			minutes = ftoa(*c.Minutes, 1)
		}
		rows[i] = []string{c.Cell.String(), c.DistrictCode, c.TownshipCode, itoa(c.People), minutes,
			strconv.FormatBool(c.Covered), ftoa(c.SeatsPer1000, 2), ftoa(c.Centre[0], 6), ftoa(c.Centre[1], 6)}
	}
	return csvFile(w, []string{"h3", "district_code", "township_code", "population", "minutes", "covered", "seats_per_1000", "lng_wgs84", "lat_wgs84"}, rows)
}

// WriteSuggestions writes suggestions.csv: the suggested new training
// points in the order they were picked.
func (p *Plan) WriteSuggestions(w io.Writer) error {
	var rows [][]string
	for _, sg := range p.Suggestions.Suggestions {
		rows = append(rows, []string{itoa(sg.Rank), string(sg.Kind), sg.Name, sg.DistrictCode, p.districtName(sg.DistrictCode),
			sg.SiteID, sg.InstitutionID, itoa(sg.Gain), itoa(sg.Covered), ftoa(sg.Share, 4), ftoa(sg.Location[0], 6), ftoa(sg.Location[1], 6)})
	}
	return csvFile(w, []string{"rank", "kind", "name", "district_code", "district", "site_id", "institution_id", "gain", "covered", "share", "lng_wgs84", "lat_wgs84"}, rows)
}

// WriteDemand writes demand.csv: each enterprise's demand and how far the
// seats within its reach meet it.
func (p *Plan) WriteDemand(w io.Writer) error {
	var rows [][]string
	for _, r := range p.Demand.Rows {
		nearest := ""
		if r.NearestMinutes != nil {
			nearest = ftoa(*r.NearestMinutes, 1)
		}
		rows = append(rows, []string{r.Enterprise.ID, r.Enterprise.Name, r.Enterprise.DistrictCode, p.districtName(r.Enterprise.DistrictCode),
			r.Demand.Trade, r.Demand.OccupationCode, string(r.Demand.Level), itoa(r.Demand.Headcount), itoa(r.Courses), itoa(r.SeatsInReach),
			nearest, ftoa(r.Met, 1), ftoa(r.MetShare, 4)})
	}
	return csvFile(w, []string{"enterprise_id", "enterprise", "district_code", "district", "trade", "occupation_code", "level", "headcount",
		"courses_in_reach", "seats_in_reach", "nearest_minutes", "met", "met_share"}, rows)
}

// WriteTrades writes trades.csv: the demand by trade, least met first.
func (p *Plan) WriteTrades(w io.Writer) error {
	var rows [][]string
	for _, t := range p.Demand.Trades {
		rows = append(rows, []string{t.Trade, t.OccupationCode, itoa(t.Enterprises), itoa(t.Headcount), ftoa(t.Met, 1), ftoa(t.MetShare, 4), itoa(t.Unreached)})
	}
	return csvFile(w, []string{"trade", "occupation_code", "enterprises", "headcount", "met", "met_share", "unreached"}, rows)
}

// WriteGeoJSON writes uncovered.geojson: the uncovered cells (WGS-84 hexagons with their
// people) and the suggested places (points with their gain).
func (p *Plan) WriteGeoJSON(w io.Writer) error {
	fc := geojson.NewFeatureCollection()
	for _, c := range p.Coverage.Cells {
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
	for _, sg := range p.Suggestions.Suggestions {
		f := geojson.NewFeature(sg.Location)
		f.Properties = geojson.Properties{"kind": "suggestion", "rank": sg.Rank, "candidate": string(sg.Kind), "name": sg.Name,
			"gain": sg.Gain, "covered": sg.Covered, "share": sg.Share, "district": sg.DistrictCode}
		fc.Append(f)
	}
	enc := json.NewEncoder(w)
	return enc.Encode(fc)
}
