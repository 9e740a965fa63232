package planreport

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// region is one square district around 天一广场.
type region struct{ district data.District }

func (r region) Meta() index.Meta {
	return index.Meta{Region: data.Region{Code: "330200", Name: "宁波市", Attribution: []string{"© test"}}}
}
func (r region) Districts() []data.District { return []data.District{r.district} }
func (r region) District(code string) (data.District, bool) {
	if code != r.district.Code {
		return data.District{}, false
	}
	return r.district, true
}

// smallPlan is a plan of one district, one township, two cells (one left
// out), one suggestion and one enterprise's demand.
func smallPlan(t *testing.T) *Plan {
	t.Helper()
	sq := orb.Polygon{{{121.50, 29.84}, {121.60, 29.84}, {121.60, 29.90}, {121.50, 29.90}, {121.50, 29.84}}}
	d := data.District{Code: "330203", Name: "海曙区", Center: orb.Point{121.55, 29.87}, Boundary: orb.MultiPolygon{sq}}
	cell := func(lng, lat float64) h3.Cell {
		return h3.LatLngToCell(h3.LatLng{Lat: lat, Lng: lng}, index.PopulationResolution)
	}
	near := 6.25
	q := plan.Query{Mode: geo.Walk, Minutes: 15, Filters: index.Filters{Families: []data.Family{data.Manufacturing}}}
	cov := &plan.Coverage{
		Query: q, Population: index.PopulationSource{Kind: index.PopulationModelled, Resolution: 8},
		MatchingCourses: 3, MatchingSites: 1, Seats: 60, SurfaceMinutes: 30,
		Sites:     []data.Site{{ID: "S1", DistrictCode: d.Code, Location: orb.Point{121.55, 29.87}}},
		City:      plan.AreaCoverage{Code: "330200", Name: "宁波市", Population: 12000, Covered: 9000, Uncovered: 3000, Share: 0.75, SeatsPer1000: 5},
		Districts: []plan.AreaCoverage{{Code: d.Code, Name: d.Name, Population: 12000, Covered: 9000, Uncovered: 3000, Share: 0.75, SeatsPer1000: 5}},
		Townships: []plan.AreaCoverage{{Code: "330203001", Name: "鼓楼街道", DistrictCode: d.Code, Population: 12000, Covered: 9000, Uncovered: 3000, Share: 0.75, SeatsPer1000: 5}},
		Cells: []plan.CellCoverage{
			{Cell: cell(121.55, 29.87), Centre: orb.Point{121.55, 29.87}, DistrictCode: d.Code, TownshipCode: "330203001", People: 9000, Minutes: &near, Covered: true, SeatsPer1000: 6.667},
			{Cell: cell(121.58, 29.89), Centre: orb.Point{121.58, 29.89}, DistrictCode: d.Code, TownshipCode: "330203001", People: 3000},
		},
	}
	sugg := &plan.SiteSuggestions{Population: 12000, Covered: 9000, Share: 0.75, Candidates: 2, Suggestions: []plan.SiteSuggestion{{
		Rank: 1, Candidate: plan.Candidate{Kind: plan.CandidatePark, Name: "望春工业园区", Location: orb.Point{121.58, 29.89}, DistrictCode: d.Code},
		Gain: 3000, Covered: 12000, Share: 1,
	}}}
	trade := plan.TradeDemand{Trade: "焊工", OccupationCode: "6-18-02-04", Enterprises: 1, Headcount: 20, Met: 12.5, MetShare: 0.625}
	demand := &plan.DemandResult{Headcount: 20, Met: 12.5, MetShare: 0.625, Trades: []plan.TradeDemand{trade},
		Rows: []plan.DemandRow{{
			Enterprise: data.Enterprise{ID: "E1", Name: "甬江机械, \"有限\"公司", DistrictCode: d.Code},
			Demand:     data.Demand{Trade: "焊工", OccupationCode: "6-18-02-04", Level: data.Intermediate, Headcount: 20},
			Courses:    1, SeatsInReach: 30, NearestMinutes: &near, Met: 12.5, MetShare: 0.625,
		}}}
	return &Plan{Region: region{d}, Coverage: cov, Suggestions: sugg, Demand: demand,
		Generated: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)}
}

// Every file of a plan, byte for byte (go test ./internal/planreport
// -update rewrites testdata/ after a change meant to change them).
func TestFilesGolden(t *testing.T) {
	p := smallPlan(t)
	for _, f := range p.Files() {
		t.Run(f.Name, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.Write(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", f.Name)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s:\n%s", f.Name, golden, b.String())
			}
			if strings.HasSuffix(f.Name, ".csv") && !strings.HasPrefix(b.String(), "\uFEFF") {
				t.Errorf("%s has no byte-order mark (Excel reads it as ANSI)", f.Name)
			}
		})
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	names, err := smallPlan(t).WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 7 || names[6] != filepath.Join(dir, "report.html") {
		t.Errorf("wrote %v", names)
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		kind plan.CandidateKind
		want string
	}{
		{plan.CandidateTownship, "乡镇街道中心"}, {plan.CandidatePark, "产业园区"}, {plan.CandidateStation, "地铁站"},
		{plan.CandidateInstitution, "现有机构"}, {"harbour", "harbour"},
	} {
		if got := KindLabel(tc.kind); got != tc.want {
			t.Errorf("KindLabel(%q) = %q, want %q", tc.kind, got, tc.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 9404283: "9,404,283"} {
		if got := FormatInt(n); got != want {
			t.Errorf("FormatInt(%d) = %q, want %q", n, got, want)
		}
	}
}
