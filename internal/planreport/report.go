package planreport

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
)

// The report is one HTML file that needs nothing else: the map is inline
// SVG (district outlines, covered and uncovered cells merged into outlines
// by population class, the matching sites and the suggestions), styles are
// inline, and there is no script.

//go:embed report.html.tmpl
var reportTemplate string

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"num": FormatInt,
	"pct": func(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" },
	"f1":  func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
	// people are whole: 2SFCA's shares of seats are not (19.0 people).
	"people": func(f float64) string { return FormatInt(int(math.Round(f))) },
	"f2":     func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
	"bar":    func(f float64) string { return strconv.FormatFloat(math.Max(0, math.Min(100, 100*f)), 'f', 1, 64) },
	"kind":   KindLabel,
}).Parse(reportTemplate))

// FormatInt writes 1234567 as 1,234,567, as the report writes numbers.
func FormatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

type reportView struct {
	Title, Region, Scope, Filters, Mode string
	Minutes, SurfaceMinutes             int
	Generated                           string
	Population                          index.PopulationSource
	Modelled                            bool
	Coverage                            *plan.Coverage
	Suggestions                         *plan.SiteSuggestions
	Demand                              *plan.DemandResult
	Trades                              []plan.TradeDemand
	DistrictTables                      []districtTable
	Map                                 mapView
	Attribution                         []string
}

type districtTable struct {
	District  plan.AreaCoverage
	Townships []plan.AreaCoverage
}

type mapView struct {
	Width, Height int
	Districts     []template.HTML // path data per district
	Labels        []mapLabel
	Covered       template.HTML
	Classes       []mapClass
	Sites         []orb.Point
	Suggestions   []mapMarker
}

type mapClass struct {
	Label, Colour string
	Path          template.HTML
	People, Cells int
}

type mapLabel struct {
	X, Y float64
	Text string
}

type mapMarker struct {
	X, Y float64
	Rank int
}

// populationClasses bound the uncovered cells' people per cell (a cell is
// about 0.74 km²), and colour them light to dark.
var populationClasses = []struct {
	min    int
	label  string
	colour string
}{
	{1, "1-499", "#fde5c8"},
	{500, "500-1,999", "#f7a872"},
	{2000, "2,000-4,999", "#e4573d"},
	{5000, "≥ 5,000", "#9e1b1b"},
}

// WriteReport writes report.html: one page that needs nothing else (see
// above), printable on A4.
func (p *Plan) WriteReport(w io.Writer) error {
	cov := p.Coverage
	q := cov.Query
	meta := p.Region.Meta()
	v := reportView{
		Region: meta.Region.Name, Scope: cov.City.Name, Filters: filtersLabel(q.Filters), Mode: modeLabel(q.Mode),
		Minutes: q.Minutes, SurfaceMinutes: cov.SurfaceMinutes, Generated: p.Generated.Format("2006-01-02 15:04"),
		Population: cov.Population, Modelled: cov.Population.Kind == index.PopulationModelled,
		Coverage: cov, Suggestions: p.Suggestions, Demand: p.Demand, Attribution: meta.Region.Attribution,
	}
	v.Title = fmt.Sprintf("%s %d 分钟技能学习圈覆盖报告：%s（%s）", v.Scope, q.Minutes, v.Filters, v.Mode)
	v.Trades = p.Demand.Trades
	if len(v.Trades) > 12 {
		v.Trades = v.Trades[:12]
	}
	for _, d := range cov.Districts {
		dt := districtTable{District: d}
		for _, t := range cov.Townships {
			if t.DistrictCode == d.Code {
				dt.Townships = append(dt.Townships, t)
			}
		}
		v.DistrictTables = append(v.DistrictTables, dt)
	}
	v.Map = p.reportMap()
	return reportTmpl.Execute(w, v)
}

// projection maps WGS-84 to SVG units: equirectangular, scaled by the
// cosine of the middle latitude so that shapes keep their proportions.
type projection struct {
	minLng, maxLat, scale, cos float64
}

func (p projection) xy(pt orb.Point) (float64, float64) {
	return (pt[0] - p.minLng) * p.cos * p.scale, (p.maxLat - pt[1]) * p.scale
}

// path writes polygons as SVG path data, dropping vertices closer than
// half a unit to the last one kept.
func (p projection) path(mp orb.MultiPolygon) template.HTML {
	var b strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			lastX, lastY := math.Inf(1), math.Inf(1)
			n := 0
			for _, pt := range ring {
				x, y := p.xy(pt)
				if math.Hypot(x-lastX, y-lastY) < 0.5 {
					continue
				}
				if n == 0 {
					b.WriteByte('M')
				} else {
					b.WriteByte('L')
				}
				b.WriteString(strconv.FormatFloat(x, 'f', 1, 64))
				b.WriteByte(' ')
				b.WriteString(strconv.FormatFloat(y, 'f', 1, 64))
				lastX, lastY = x, y
				n++
			}
			if n > 0 {
				b.WriteByte('Z')
			}
		}
	}
	// Only numbers and the letters M, L, Z: safe to write unescaped.
	return template.HTML(b.String())
}

const mapWidth = 1000

func (p *Plan) reportMap() mapView {
	var districts []data.District
	for _, d := range p.Region.Districts() {
		if p.Coverage.Query.District == "" || d.Code == p.Coverage.Query.District {
			districts = append(districts, d)
		}
	}
	bound := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, d := range districts {
		bound = bound.Union(d.Boundary.Bound())
	}
	mid := (bound.Min[1] + bound.Max[1]) / 2
	proj := projection{minLng: bound.Min[0], maxLat: bound.Max[1], cos: math.Cos(mid * math.Pi / 180)}
	proj.scale = mapWidth / ((bound.Max[0] - bound.Min[0]) * proj.cos)
	m := mapView{Width: mapWidth, Height: int(math.Ceil((bound.Max[1] - bound.Min[1]) * proj.scale))}
	for _, d := range districts {
		m.Districts = append(m.Districts, proj.path(d.Boundary))
		x, y := proj.xy(d.Center)
		m.Labels = append(m.Labels, mapLabel{X: x, Y: y, Text: d.Name})
	}
	var covered []h3.Cell
	byClass := make([][]h3.Cell, len(populationClasses))
	people := make([]int, len(populationClasses))
	for _, c := range p.Coverage.Cells {
		if c.Covered {
			covered = append(covered, c.Cell)
			continue
		}
		k := 0
		for i, pc := range populationClasses {
			if c.People >= pc.min {
				k = i
			}
		}
		byClass[k] = append(byClass[k], c.Cell)
		people[k] += c.People
	}
	m.Covered = proj.path(geo.CellsToMultiPolygon(covered))
	for i, pc := range populationClasses {
		m.Classes = append(m.Classes, mapClass{Label: pc.label, Colour: pc.colour, Path: proj.path(geo.CellsToMultiPolygon(byClass[i])),
			People: people[i], Cells: len(byClass[i])})
	}
	for _, s := range p.Coverage.Sites {
		if p.Coverage.Query.District == "" || s.DistrictCode == p.Coverage.Query.District {
			x, y := proj.xy(s.Location)
			m.Sites = append(m.Sites, orb.Point{math.Round(x*10) / 10, math.Round(y*10) / 10})
		}
	}
	for _, sg := range p.Suggestions.Suggestions {
		x, y := proj.xy(sg.Location)
		m.Suggestions = append(m.Suggestions, mapMarker{X: math.Round(x*10) / 10, Y: math.Round(y*10) / 10, Rank: sg.Rank})
	}
	return m
}
