package data_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
)

// mini reads testdata/mini, a two-district catalogue with a row of every
// kind, into a map that tests can edit.
func mini(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir("testdata/mini")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/mini", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// edit replaces old with new in a file, failing if old is not there.
func edit(t testing.TB, fsys fstest.MapFS, file, old, new string) {
	t.Helper()
	s := string(fsys[file].Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}

func TestLoadMini(t *testing.T) {
	cat, report, err := data.Load(mini(t), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{len(cat.Districts), len(cat.Townships), len(cat.Institutions), len(cat.Sites), len(cat.Courses), len(cat.Enterprises), len(cat.Demand)}; !equalInts(got, []int{2, 3, 2, 3, 4, 1, 1}) {
		t.Errorf("counts = %v", got)
	}
	if len(report.Checksum) != 64 || len(report.Skipped) != 0 {
		t.Errorf("report = %+v", report)
	}
	// sites.csv is in GCJ-02: stored as WGS-84.
	want := geo.GCJ02ToWGS84(orb.Point{121.204, 29.698})
	if got := cat.Sites[0].Location; geo.Distance(got, want) > 0.01 {
		t.Errorf("S1 at %v, want %v", got, want)
	}
	if geo.Distance(cat.Sites[0].Location, orb.Point{121.204, 29.698}) < 300 {
		t.Error("S1 was not converted from GCJ-02")
	}
	c := cat.Courses[1]
	if c.Family != data.Seniors || c.Level != data.NoLevel || c.Delivery != data.OnSite || c.Subsidy != data.NoSubsidy {
		t.Errorf("Chinese labels not parsed: %+v", c)
	}
	if !cat.Institutions[1].Public || cat.Institutions[1].Kind != data.AdultSchool {
		t.Errorf("I2 = %+v", cat.Institutions[1])
	}
	if got := cat.Courses[0].SubsidyGroups; len(got) != 2 || got[0] != data.Unemployed {
		t.Errorf("C1 groups = %v", got)
	}
	if cat.Courses[0].Description != "熔化焊接与热切割, 中级" {
		t.Errorf("quoted field: %q", cat.Courses[0].Description)
	}
	if cat.Townships[1].FormerDistrict != "旧区" || cat.Districts[1].Boundary == nil {
		t.Error("region not loaded")
	}
	if len(cat.Stations) != 4 {
		t.Fatalf("%d stations, want 4", len(cat.Stations))
	}
	st := cat.Stations[1]
	wantLines := []data.LineStop{{Line: "1号线", Order: 2}, {Line: "2号线", Order: 1}}
	if st.Name != "市中心(广场)" || st.Pinyin != "shizhongxinguangchang" || len(st.Lines) != 2 ||
		st.Lines[0] != wantLines[0] || st.Lines[1] != wantLines[1] || st.Location != (orb.Point{121.45, 29.75}) {
		t.Errorf("station M2 = %+v", st)
	}
	if cat.Stations[3].Pinyin != "" {
		t.Errorf("empty pinyin read as %q", cat.Stations[3].Pinyin)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name, file, old, new string
		want                 string // the first problem, as printed
	}{
		{"duplicate id", "sites.csv", "S2,I2", "S1,I2", `sites.csv:3: id: duplicate id "S1" (first on line 2)`},
		{"dangling institution", "sites.csv", "S2,I2", "S2,I9", `sites.csv:3: institution_id: unknown institution "I9"`},
		{"dangling site", "courses.csv", "S1;S3", "S1;S9", `courses.csv:2: site_ids: unknown site "S9"`},
		{"outside region", "sites.csv", "121.304,29.798", "116.40,39.91", `sites.csv:3: lat_gcj02: (116.393758, 39.908598) is outside the region (测试市)`},
		{"wrong district", "sites.csv", "121.304,29.798", "121.804,29.798", `sites.csv:3: lat_gcj02: (121.799808, 29.800494) lies in 东区 (100002), not in district 100001`},
		{"township of another district", "sites.csv", "100001,100001100000", "100001,100002001000", `sites.csv:3: township_code: 100002001000 (丙街道) is in district 100002, not 100001`},
		{"unknown enum", "courses.csv", ",senior,", ",middle,", `courses.csv:5: level: "middle" is not one of none (无), junior (初级), intermediate (中级), senior (高级), technician (技师), senior_technician (高级技师)`},
		{"malformed date", "courses.csv", "2027-03-01", "2027-13-01", `courses.csv:5: start_date: "2027-13-01" is not a date (YYYY-MM-DD)`},
		{"seats left over seats", "courses.csv", ",20,0,", ",20,21,", `courses.csv:5: seats_left: 21 is more than the 20 seats`},
		{"subsidy without groups", "courses.csv", "free,veteran", "free,", `courses.csv:4: subsidy_groups: must name who qualifies when subsidy is free`},
		{"online with a site", "courses.csv", "online,,", "online,S1,", `courses.csv:4: site_ids: must be empty for an online course`},
		{"onsite without a site", "courses.csv", "blended,S3,", "blended,,", `courses.csv:5: site_ids: is empty: an onsite or blended course needs a site`},
		{"short row", "institutions.csv", ",https://example.edu.cn", "", `institutions.csv:2: row: has 7 fields, the header has 8`},
		{"not a number", "sites.csv", "121.204,29.698", "121.204,north", `sites.csv:2: lat_gcj02: "north" is not a number`},
		{"bad occupation code", "courses.csv", "6-18-02-04", "61802", `courses.csv:2: occupation_code: "61802" is not an occupation code like 6-18-02-04`},
		{"bad url", "courses.csv", "https://example.cn/c/C2", "example.cn/c/C2", `courses.csv:3: registration_url: "example.cn/c/C2" is not an http(s) URL`},
		{"missing column", "sites.csv", ",address,", ",addr,", `sites.csv:1: addr: unknown column (expected id, institution_id, name, kind, address, district_code, township_code, park)`},
		{"no crs declared", "sites.csv", "lng_gcj02,lat_gcj02", "lng,lat", `sites.csv:1: lng: unknown column (expected id, institution_id, name, kind, address, district_code, township_code, park)`},
		{"mixed crs", "sites.csv", "lng_gcj02,lat_gcj02", "lng_gcj02,lat_wgs84", `sites.csv:1: lng_*,lat_*: the header must hold exactly one coordinate pair naming its system: lng_wgs84,lat_wgs84 or lng_gcj02,lat_gcj02 or lng_bd09,lat_bd09`},
		{"unterminated quote", "courses.csv", `"熔化焊接与热切割, 中级"`, `"熔化焊接与热切割, 中级`, `courses.csv:2: row: malformed CSV: extraneous or missing " in quoted-field`},
		{"dangling enterprise", "demand.csv", "E1,", "E7,", `demand.csv:2: enterprise_id: unknown enterprise "E7"`},
		{"district boundary missing", "districts.geojson", `"code":100002`, `"code":100003`, `districts.geojson: features[1].properties.code: "100003" is not a district of districts.csv`},
		{"station line without order", "metro_stations.csv", "1号线#4", "1号线", `metro_stations.csv:4: lines: "1号线" is not line#order (e.g. 1号线#11)`},
		{"station order not a number", "metro_stations.csv", "1号线#4", "1号线#四", `metro_stations.csv:4: lines: "1号线#四" is not line#order (e.g. 1号线#11)`},
		{"station order zero", "metro_stations.csv", "1号线#4", "1号线#0", `metro_stations.csv:4: lines: "1号线#0": order 0 is outside 1..999`},
		{"station without line", "metro_stations.csv", "2号线#2,", ",", `metro_stations.csv:5: lines: is empty: a station serves at least one line (e.g. 1号线#11)`},
		{"station on a line twice", "metro_stations.csv", "1号线#4", "1号线#4;1号线#5", `metro_stations.csv:4: lines: line 1号线 is listed twice`},
		{"duplicate order on a line", "metro_stations.csv", "1号线#4", "1号线#2", `metro_stations.csv:4: lines: 1号线#2 is also 市中心(广场) (line 3)`},
		{"duplicate station name", "metro_stations.csv", "M4,乙镇", "M4,学院路", `metro_stations.csv:5: name: duplicate station "学院路" (first on line 2): a transfer station is one row listing all its lines`},
		{"duplicate station id", "metro_stations.csv", "M4,", "M1,", `metro_stations.csv:5: id: duplicate id "M1" (first on line 2)`},
		{"station outside region", "metro_stations.csv", "121.70,29.70", "122.70,29.70", `metro_stations.csv:4: lat_wgs84: (122.700000, 29.700000) is outside the region (测试市)`},
		{"station pinyin", "metro_stations.csv", "xueyuanlu", "学院路", `metro_stations.csv:2: pinyin: "学院路" is not pinyin (Latin letters, spaces, ' and -)`},
		{"station without crs", "metro_stations.csv", "lng_wgs84,lat_wgs84", "lng,lat", `metro_stations.csv:1: lng: unknown column (expected id, name, lines, pinyin)`},
		{"bad manifest", "catalogue.json", `"name": "测试市"`, `"name": 7`, `catalogue.json: not valid JSON: json: cannot unmarshal number into Go struct field Region.name of type string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := mini(t)
			edit(t, fsys, tt.file, tt.old, tt.new)
			_, _, err := data.Load(fsys, data.LoadOptions{})
			var problems data.Problems
			if !errors.As(err, &problems) || !errors.Is(err, data.ErrInvalid) {
				t.Fatalf("err = %v, want Problems", err)
			}
			if got := problems[0].String(); got != tt.want {
				t.Errorf("first problem:\n got  %s\n want %s", got, tt.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	fsys := mini(t)
	delete(fsys, "courses.csv")
	_, _, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
	if err == nil || !strings.Contains(err.Error(), "courses.csv: file is missing") {
		t.Fatalf("err = %v", err)
	}
	// Enterprises and demand are optional.
	fsys = mini(t)
	delete(fsys, "enterprises.csv")
	delete(fsys, "demand.csv")
	delete(fsys, "metro_stations.csv")
	if _, _, err := data.Load(fsys, data.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	fsys := mini(t)
	edit(t, fsys, "courses.csv", ",senior,", ",middle,")
	edit(t, fsys, "courses.csv", "2026-09-15", "15/09/2026")
	edit(t, fsys, "sites.csv", "S2,I2,乙镇成校,campus", "S2,I2,乙镇成校,bogus")
	_, _, err := data.Load(fsys, data.LoadOptions{})
	var problems data.Problems
	if !errors.As(err, &problems) || len(problems) != 3 {
		t.Fatalf("got %v, want 3 problems", err)
	}
	// Sites are read before the courses that name them.
	if problems[0].File != "sites.csv" || problems[1].Line != 3 || problems[2].Line != 5 {
		t.Errorf("not in reading order: %v", problems)
	}
}

func TestSkipBadRows(t *testing.T) {
	fsys := mini(t)
	// A bad institution takes its sites and courses with it...
	edit(t, fsys, "institutions.csv", "I2,乙镇成人文化技术学校,乙成校,成人文化技术学校,是", "I2,乙镇成人文化技术学校,乙成校,成人文化技术学校,maybe")
	// ...and a course keeps the sites that survive.
	edit(t, fsys, "sites.csv", "121.704,29.698", "121.704,31.5")
	cat, report, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range cat.Courses {
		ids = append(ids, c.ID+":"+strings.Join(c.SiteIDs, ";"))
	}
	// C2 met only at S2 (dropped with I2); C4 only at S3 (outside the region).
	if got := strings.Join(ids, " "); got != "C1:S1 C3:" {
		t.Errorf("courses kept = %s", got)
	}
	want := map[string]int{"institutions.csv": 1, "sites.csv": 2, "courses.csv": 2}
	for f, n := range want {
		if report.Dropped[f] != n {
			t.Errorf("dropped from %s = %d, want %d (%v)", f, report.Dropped[f], n, report.Dropped)
		}
	}
	var reasons []string
	for _, p := range report.Skipped {
		reasons = append(reasons, p.String())
	}
	joined := strings.Join(reasons, "\n")
	for _, w := range []string{
		`institutions.csv:3: public: "maybe" is not true or false`,
		`sites.csv:3: institution_id: institution "I2" was skipped`,
		`courses.csv:3: institution_id: institution "I2" was skipped`,
		`courses.csv:5: site_ids: every site of the course was skipped`,
	} {
		if !strings.Contains(joined, w) {
			t.Errorf("report lacks %q:\n%s", w, joined)
		}
	}
}

func TestChecksumFollowsContent(t *testing.T) {
	fsys := mini(t)
	_, r1, _ := data.Load(fsys, data.LoadOptions{})
	edit(t, fsys, "courses.csv", "焊工（中级）培训班", "焊工（高级）培训班")
	_, r2, _ := data.Load(fsys, data.LoadOptions{})
	if r1.Checksum == r2.Checksum {
		t.Error("checksum did not change with the content")
	}
}

func TestParseEnums(t *testing.T) {
	tests := []struct {
		in   string
		want data.Level
		ok   bool
	}{
		{"intermediate", data.Intermediate, true},
		{"中级", data.Intermediate, true},
		{" INTERMEDIATE ", data.Intermediate, true},
		{"四级", data.Intermediate, true},
		{"", data.NoLevel, true},
		{"middle", "", false},
	}
	for _, tt := range tests {
		got, err := data.ParseLevel(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseLevel(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, data.ErrUnknownValue) {
			t.Errorf("ParseLevel(%q) error does not wrap ErrUnknownValue", tt.in)
		}
	}
	if data.Manufacturing.Label() != "先进制造业" || data.WeekdayEvening.Label() != "工作日晚上" {
		t.Error("labels")
	}
}

// FuzzLoadCourses feeds arbitrary bytes as courses.csv: the loader must
// answer with a catalogue or problems, never panic, and every problem
// must name the file.
func FuzzLoadCourses(f *testing.F) {
	base := mini(f)
	f.Add(base["courses.csv"].Data)
	f.Add([]byte("id,title\n\"unterminated"))
	f.Add([]byte("\uFEFFid\nC1\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["courses.csv"] = &fstest.MapFile{Data: b}
		cat, _, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
		var problems data.Problems
		switch {
		case err == nil:
			for _, c := range cat.Courses {
				if c.SeatsLeft > c.Seats || math.IsNaN(c.FeeCNY) {
					t.Fatalf("invalid course kept: %+v", c)
				}
			}
		case errors.As(err, &problems):
			for _, p := range problems {
				if p.File == "" || p.Reason == "" {
					t.Fatalf("problem without file or reason: %+v", p)
				}
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}

func TestSkipBadStation(t *testing.T) {
	fsys := mini(t)
	edit(t, fsys, "metro_stations.csv", "1号线#4", "1号线#2")
	cat, report, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Stations) != 3 || report.Dropped["metro_stations.csv"] != 1 {
		t.Errorf("kept %d stations, dropped %v", len(cat.Stations), report.Dropped)
	}
	for _, s := range cat.Stations {
		if s.ID == "M3" {
			t.Error("M3 repeats 1号线#2 and was kept")
		}
	}
}

// FuzzLoadStations feeds arbitrary bytes as metro_stations.csv: no panic,
// and every station kept has a line, an order in range and no order taken
// twice on a line.
func FuzzLoadStations(f *testing.F) {
	base := mini(f)
	f.Add(base["metro_stations.csv"].Data)
	f.Add([]byte("id,name,lines,lng_wgs84,lat_wgs84\nM1,甲,1号线#1;1号线#1,121.2,29.7\n"))
	f.Add([]byte("id,name,lines,lng_gcj02,lat_gcj02\nM1,甲,#,121.2,29.7\nM2,乙,a#b#c;;,121.2,29.7\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["metro_stations.csv"] = &fstest.MapFile{Data: b}
		cat, _, err := data.Load(fsys, data.LoadOptions{SkipBadRows: true})
		var problems data.Problems
		switch {
		case err == nil:
			taken := map[data.LineStop]bool{}
			for _, s := range cat.Stations {
				if len(s.Lines) == 0 || s.Name == "" {
					t.Fatalf("invalid station kept: %+v", s)
				}
				for _, ls := range s.Lines {
					if ls.Order < 1 || ls.Line == "" || taken[ls] {
						t.Fatalf("invalid stop kept: %+v", s)
					}
					taken[ls] = true
				}
			}
		case errors.As(err, &problems):
			for _, p := range problems {
				if p.File == "" || p.Reason == "" {
					t.Fatalf("problem without file or reason: %+v", p)
				}
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}
