package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
)

const (
	sourcesDir   = "../sources"
	committedDir = ".."
)

var shared struct {
	once  sync.Once
	files map[string][]byte
	src   *sources
	err   error
}

// generated returns the catalogue generated with the default seed, once
// per test binary.
func generated(t *testing.T) (map[string][]byte, *sources) {
	t.Helper()
	shared.once.Do(func() {
		shared.files, shared.err = generate(sourcesDir, defaultSeed)
		if shared.err == nil {
			shared.src, shared.err = readSources(sourcesDir)
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.files, shared.src
}

// TestCommittedCatalogueIsCurrent regenerates the catalogue into a temporary
// directory and compares every file byte for byte with the committed one:
// a stale data/ningbo fails here. Regenerate with
// go run ./data/ningbo/gen -sources data/ningbo/sources -out data/ningbo -seed 20261128
func TestCommittedCatalogueIsCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := run(sourcesDir, dir, defaultSeed); err != nil {
		t.Fatal(err)
	}
	for _, name := range outputFiles {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(committedDir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("data/ningbo/%s is stale: line %d differs:\ncommitted: %s\ngenerated: %s\nregenerate with go run ./data/ningbo/gen", name, i+1, wl[i], gl[i])
					}
				}
				t.Fatalf("data/ningbo/%s is stale: %d lines committed, %d generated", name, len(wl), len(gl))
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(outputFiles) {
		t.Errorf("generator wrote %d files, want %d", len(entries), len(outputFiles))
	}
}

func TestSameSeedSameBytes(t *testing.T) {
	a, _ := generated(t)
	b, err := generate(sourcesDir, defaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range outputFiles {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	c, err := generate(sourcesDir, defaultSeed+1)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a["courses.csv"], c["courses.csv"]) {
		t.Error("another seed gives the same courses")
	}
}

// table is a parsed CSV file.
type table struct {
	name   string
	header []string
	rows   []map[string]string
}

func parse(t *testing.T, files map[string][]byte, name string) table {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(files[name]))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tb := table{name: name, header: recs[0]}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		tb.rows = append(tb.rows, row)
	}
	return tb
}

func (tb table) index(t *testing.T, key string) map[string]map[string]string {
	t.Helper()
	m := map[string]map[string]string{}
	for i, r := range tb.rows {
		if _, dup := m[r[key]]; dup {
			t.Errorf("%s:%d: %s %q is not unique", tb.name, i+2, key, r[key])
		}
		m[r[key]] = r
	}
	return m
}

func point(t *testing.T, r map[string]string, crs string) orb.Point {
	t.Helper()
	x, err1 := strconv.ParseFloat(r["lng_"+crs], 64)
	y, err2 := strconv.ParseFloat(r["lat_"+crs], 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("bad coordinates %q,%q", r["lng_"+crs], r["lat_"+crs])
	}
	return orb.Point{x, y}
}

type catalogue struct {
	districts, townships, institutions, sites, courses, enterprises table
	demand                                                          table
	district, township, institution, site, course, enterprise       map[string]map[string]string
	src                                                             *sources
}

func load(t *testing.T) *catalogue {
	t.Helper()
	files, src := generated(t)
	c := &catalogue{src: src}
	c.districts = parse(t, files, "districts.csv")
	c.townships = parse(t, files, "townships.csv")
	c.institutions = parse(t, files, "institutions.csv")
	c.sites = parse(t, files, "sites.csv")
	c.courses = parse(t, files, "courses.csv")
	c.enterprises = parse(t, files, "enterprises.csv")
	c.demand = parse(t, files, "demand.csv")
	c.district = c.districts.index(t, "code")
	c.township = c.townships.index(t, "code")
	c.institution = c.institutions.index(t, "id")
	c.site = c.sites.index(t, "id")
	c.course = c.courses.index(t, "id")
	c.enterprise = c.enterprises.index(t, "id")
	return c
}

func TestCounts(t *testing.T) {
	c := load(t)
	count := func(tb table, f func(map[string]string) bool) int {
		n := 0
		for _, r := range tb.rows {
			if f(r) {
				n++
			}
		}
		return n
	}
	vocational := count(c.institutions, func(r map[string]string) bool {
		k, _ := data.ParseInstitutionKind(r["kind"])
		return k.Vocational() && r["public"] == "true"
	})
	adultTownships := map[string]bool{}
	for _, r := range c.institutions.rows {
		if r["kind"] == "adult_school" {
			if adultTownships[r["township_code"]] {
				t.Errorf("two adult schools in township %s", r["township_code"])
			}
			adultTownships[r["township_code"]] = true
			if r["public"] != "true" {
				t.Errorf("adult school %s is not public", r["id"])
			}
		}
	}
	checks := []struct {
		what      string
		got, want int
		atLeast   bool
	}{
		{"districts", len(c.districts.rows), 10, false},
		{"townships", len(c.townships.rows), 156, false},
		{"public vocational institutions", vocational, 35, false},
		{"adult schools, one per township", len(adultTownships), 135, false},
		{"enterprise academies", count(c.institutions, func(r map[string]string) bool { return r["kind"] == "enterprise_academy" }), 5, true},
		{"social training bodies", count(c.institutions, func(r map[string]string) bool { return r["kind"] == "social_training" && r["public"] == "false" }), 3, true},
		{"sites", len(c.sites.rows), 400, true},
		{"in-park sites", count(c.sites, func(r map[string]string) bool { return r["kind"] == "in_park" }), 20, true},
		{"community sites", count(c.sites, func(r map[string]string) bool { return r["kind"] == "community" }), 100, true},
		{"courses", len(c.courses.rows), 5000, true},
		{"enterprises", len(c.enterprises.rows), 300, true},
	}
	for _, ch := range checks {
		if ch.got != ch.want && (!ch.atLeast || ch.got < ch.want) {
			if ch.atLeast {
				t.Errorf("%s: %d, want at least %d", ch.what, ch.got, ch.want)
			} else {
				t.Errorf("%s: %d, want %d", ch.what, ch.got, ch.want)
			}
		}
	}
	// 21 townships without an adult school, by the documented rule
	if got := adultSchoolExcluded(c.src.townships); len(got) != 21 {
		t.Errorf("%d townships without an adult school, want 21", len(got))
	}
	for _, tw := range adultSchoolExcluded(c.src.townships) {
		if adultTownships[tw.Code] {
			t.Errorf("%s has an adult school but should not", tw.Name)
		}
	}
}

func TestDongdingAcademy(t *testing.T) {
	c := load(t)
	var id string
	for _, r := range c.institutions.rows {
		if r["name"] == "东鼎工匠学院" {
			id = r["id"]
			if r["district_code"] != "330211" {
				t.Errorf("东鼎工匠学院 in %s, want 镇海区", r["district_code"])
			}
		}
	}
	if id == "" {
		t.Fatal("no 东鼎工匠学院")
	}
	bases := 0
	for _, r := range c.sites.rows {
		if r["institution_id"] == id {
			if r["kind"] != "enterprise" || r["district_code"] != "330211" {
				t.Errorf("东鼎 site %s is %s in %s", r["id"], r["kind"], r["district_code"])
			}
			bases++
		}
	}
	if bases != 8 {
		t.Errorf("东鼎工匠学院 has %d training bases, want 8", bases)
	}
	trades := map[string]bool{}
	for _, r := range c.courses.rows {
		if r["institution_id"] == id {
			trades[r["trade"]] = true
		}
	}
	if len(trades) != 9 || !trades["管铆工"] || !trades["化工总控工"] {
		t.Errorf("东鼎工匠学院 teaches %d trades %v, want the 9 petrochemical trades", len(trades), trades)
	}
}

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	occupation  = regexp.MustCompile(`^\d-\d\d-\d\d-\d\d$`)
	datePattern = regexp.MustCompile(`^2026-(09|1[0-2])-\d\d$|^2027-0[1-6]-\d\d$`)
)

func validEnum(field, v string) bool {
	return slices.Contains(data.EnumCodes()[field], v)
}

func TestReferencesAndEnums(t *testing.T) {
	c := load(t)
	for _, tb := range []table{c.institutions, c.sites, c.courses, c.enterprises} {
		for i, r := range tb.rows {
			if !idPattern.MatchString(r["id"]) {
				t.Errorf("%s:%d: bad id %q", tb.name, i+2, r["id"])
			}
		}
	}
	for i, r := range c.townships.rows {
		if c.district[r["district_code"]] == nil {
			t.Errorf("townships.csv:%d: unknown district %s", i+2, r["district_code"])
		}
		v, _ := strconv.Atoi(r["villages"])
		u, _ := strconv.Atoi(r["urban"])
		if u > v || !slices.Contains([]string{"街道", "镇", "乡"}, r["kind"]) {
			t.Errorf("townships.csv:%d: villages %d urban %d kind %s", i+2, v, u, r["kind"])
		}
	}
	inDistrict := func(file string, line int, dc, tc string) {
		if c.district[dc] == nil {
			t.Errorf("%s:%d: unknown district %s", file, line, dc)
		}
		if tw := c.township[tc]; tw == nil || tw["district_code"] != dc {
			t.Errorf("%s:%d: township %s is not in district %s", file, line, tc, dc)
		}
	}
	for i, r := range c.institutions.rows {
		inDistrict("institutions.csv", i+2, r["district_code"], r["township_code"])
		if !validEnum("institution_kind", r["kind"]) {
			t.Errorf("institutions.csv:%d: kind %q", i+2, r["kind"])
		}
	}
	used := map[string]bool{}
	for i, r := range c.sites.rows {
		inDistrict("sites.csv", i+2, r["district_code"], r["township_code"])
		if c.institution[r["institution_id"]] == nil {
			t.Errorf("sites.csv:%d: unknown institution %s", i+2, r["institution_id"])
		}
		if !validEnum("site_kind", r["kind"]) {
			t.Errorf("sites.csv:%d: kind %q", i+2, r["kind"])
		}
		if (r["kind"] == "in_park") != (r["park"] != "") && r["kind"] != "enterprise" {
			t.Errorf("sites.csv:%d: kind %s with park %q", i+2, r["kind"], r["park"])
		}
	}
	online := 0
	for i, r := range c.courses.rows {
		line := i + 2
		bad := func(field string) { t.Errorf("courses.csv:%d: %s %q", line, field, r[field]) }
		if c.institution[r["institution_id"]] == nil {
			bad("institution_id")
		}
		for field, enum := range map[string]string{"family": "family", "level": "level", "delivery": "delivery", "schedule": "schedule", "subsidy": "subsidy", "audience": "audience"} {
			if !validEnum(enum, r[field]) {
				bad(field)
			}
		}
		if r["occupation_code"] != "" && !occupation.MatchString(r["occupation_code"]) {
			bad("occupation_code")
		}
		if (r["delivery"] == "online") != (r["site_ids"] == "") {
			bad("site_ids")
		}
		if r["delivery"] == "online" {
			online++
		}
		for _, s := range strings.Split(r["site_ids"], ";") {
			if s == "" {
				continue
			}
			if c.site[s] == nil {
				bad("site_ids")
			}
			used[s] = true
		}
		if !datePattern.MatchString(r["start_date"]) {
			bad("start_date")
		}
		n, _ := strconv.Atoi(r["sessions"])
		if n < 4 || n > 60 {
			bad("sessions")
		}
		fee, err := strconv.ParseFloat(r["fee_cny"], 64)
		if err != nil || fee < 0 || fee > 2500 {
			bad("fee_cny")
		}
		if (r["family"] == "seniors" || r["family"] == "labour") && (fee > 200 || r["level"] != "none") {
			bad("fee_cny")
		}
		if (r["subsidy"] == "none") != (r["subsidy_groups"] == "") {
			bad("subsidy_groups")
		}
		for _, g := range strings.Split(r["subsidy_groups"], ";") {
			if g != "" && !validEnum("group", g) {
				bad("subsidy_groups")
			}
		}
		seats, _ := strconv.Atoi(r["seats"])
		left, err := strconv.Atoi(r["seats_left"])
		if seats < 15 || seats > 60 || err != nil || left < 0 || left > seats {
			bad("seats_left")
		}
		if r["registration_url"] != "https://peixun.skillcircle.example/courses/"+r["id"] {
			bad("registration_url")
		}
		if r["title"] == "" || r["description"] == "" || r["trade"] == "" {
			bad("title")
		}
	}
	for _, r := range c.sites.rows {
		if !used[r["id"]] {
			t.Errorf("site %s %s has no course", r["id"], r["name"])
		}
	}
	if share := float64(online) / float64(len(c.courses.rows)); share < 0.03 || share > 0.08 {
		t.Errorf("%.1f%% of courses are online, want about 5%%", 100*share)
	}
	for i, r := range c.enterprises.rows {
		inDistrict("enterprises.csv", i+2, r["district_code"], r["township_code"])
	}
	perEnterprise := map[string]int{}
	for i, r := range c.demand.rows {
		if c.enterprise[r["enterprise_id"]] == nil {
			t.Errorf("demand.csv:%d: unknown enterprise %s", i+2, r["enterprise_id"])
		}
		perEnterprise[r["enterprise_id"]]++
		h, _ := strconv.Atoi(r["headcount"])
		if h < 3 || h > 120 || !validEnum("level", r["level"]) {
			t.Errorf("demand.csv:%d: headcount %d level %s", i+2, h, r["level"])
		}
	}
	for id := range c.enterprise {
		if n := perEnterprise[id]; n < 1 || n > 4 {
			t.Errorf("enterprise %s has %d demand rows, want 1-4", id, n)
		}
	}
}

func TestFamiliesAndLevels(t *testing.T) {
	c := load(t)
	families := map[string]int{}
	levels := map[string]int{}
	for _, r := range c.courses.rows {
		families[r["family"]]++
		levels[r["level"]]++
	}
	for _, f := range data.Families() {
		if families[f] < 100 {
			t.Errorf("family %s has %d courses", f, families[f])
		}
	}
	// higher grades are rarer
	order := []string{"intermediate", "senior", "technician", "senior_technician"}
	for i := 1; i < len(order); i++ {
		if levels[order[i]] >= levels[order[i-1]] {
			t.Errorf("%d %s courses, not fewer than %d %s", levels[order[i]], order[i], levels[order[i-1]], order[i-1])
		}
	}
	if levels["senior_technician"] == 0 {
		t.Error("no 高级技师 course")
	}
	// adult schools teach mostly services, seniors and agriculture
	adult := map[string]int{}
	total := 0
	for _, r := range c.courses.rows {
		if c.institution[r["institution_id"]]["kind"] == "adult_school" {
			adult[r["family"]]++
			total++
		}
	}
	if share := float64(adult["services"]+adult["seniors"]+adult["agriculture"]) / float64(total); share < 0.7 {
		t.Errorf("adult schools: %.0f%% services, seniors and agriculture", 100*share)
	}
}

// inside reports whether p lies in the district's boundary, using the
// source polygons.
func inside(src *sources, code string, p orb.Point) bool {
	d := src.district(code)
	return d != nil && d.contains(p)
}

func TestLocationsInsideTheirDistrict(t *testing.T) {
	c := load(t)
	for i, r := range c.townships.rows {
		if !inside(c.src, r["district_code"], point(t, r, "wgs84")) {
			t.Errorf("townships.csv:%d: centre of %s outside %s", i+2, r["name"], r["district_code"])
		}
	}
	for i, r := range c.districts.rows {
		if !inside(c.src, r["code"], point(t, r, "wgs84")) {
			t.Errorf("districts.csv:%d: seat of %s outside it", i+2, r["name"])
		}
	}
	perDistrict := map[string]int{}
	for i, r := range c.sites.rows {
		perDistrict[r["district_code"]]++
		if !inside(c.src, r["district_code"], point(t, r, "wgs84")) {
			t.Errorf("sites.csv:%d: %s outside district %s", i+2, r["id"], r["district_code"])
		}
	}
	for i, r := range c.enterprises.rows {
		// as the loader does: GCJ-02 back to WGS-84
		p := gcjToWGS(point(t, r, "gcj02"))
		if !inside(c.src, r["district_code"], p) {
			t.Errorf("enterprises.csv:%d: %s outside district %s", i+2, r["id"], r["district_code"])
		}
	}
	// sites in every district, about in proportion to population
	var pop, total float64
	for _, r := range c.districts.rows {
		p, _ := strconv.ParseFloat(r["population"], 64)
		pop += p
	}
	total = float64(len(c.sites.rows))
	for _, r := range c.districts.rows {
		p, _ := strconv.ParseFloat(r["population"], 64)
		want := total * p / pop
		if got := float64(perDistrict[r["code"]]); got < 0.7*want || got > 1.3*want {
			t.Errorf("%s has %.0f sites, about %.0f expected from its population", r["name"], got, want)
		}
	}
}

func TestAddresses(t *testing.T) {
	c := load(t)
	roadTownship := map[string]string{}
	number := regexp.MustCompile(`^(.+?)(\d+)号$`)
	check := func(file string, line int, r map[string]string) {
		tw := c.township[r["township_code"]]
		prefix := "浙江省宁波市" + c.district[r["district_code"]]["name"] + tw["name"]
		rest, ok := strings.CutPrefix(r["address"], prefix)
		m := number.FindStringSubmatch(rest)
		if !ok || m == nil {
			t.Errorf("%s:%d: address %q is not in %s", file, line, r["address"], prefix)
			return
		}
		if prev, ok := roadTownship[m[1]]; ok && prev != r["township_code"] {
			t.Errorf("%s:%d: road %s is in townships %s and %s", file, line, m[1], prev, r["township_code"])
		}
		roadTownship[m[1]] = r["township_code"]
	}
	for i, r := range c.sites.rows {
		check("sites.csv", i+2, r)
	}
	for i, r := range c.enterprises.rows {
		check("enterprises.csv", i+2, r)
	}
}

func TestFormerDistricts(t *testing.T) {
	c := load(t)
	former := map[string][]string{}
	for _, r := range c.townships.rows {
		if f := r["former_district"]; f != "" {
			former[f] = append(former[f], r["name"])
		}
	}
	if got := former["江东区"]; len(got) != 8 || !slices.Contains(got, "百丈街道") || !slices.Contains(got, "明楼街道") {
		t.Errorf("former 江东区 streets: %v", got)
	}
	if got := former["奉化市"]; len(got) != 12 {
		t.Errorf("former 奉化市 townships: %d, want all 12 of 奉化区", len(got))
	}
	if got := former["鄞州区"]; len(got) != 9 || !slices.Contains(got, "石碶街道") {
		t.Errorf("towns moved from 鄞州区: %v", got)
	}
}

// TestCentralNingbo checks what the README shows: a 15-minute walk (about
// 850 m as the crow flies) from 天一广场 finds CNC courses, but the walk
// limit matters.
func TestCentralNingbo(t *testing.T) {
	c := load(t)
	cnc := map[string]bool{}
	for _, r := range c.courses.rows {
		if strings.Contains(r["title"]+r["trade"], "数控") {
			for _, s := range strings.Split(r["site_ids"], ";") {
				if s != "" {
					cnc[s] = true
				}
			}
		}
	}
	var near, walkBand, beyond int
	for _, r := range c.sites.rows {
		if !cnc[r["id"]] {
			continue
		}
		switch d := dist(tianyi, point(t, r, "wgs84")); {
		case d <= 800:
			near++
		case d <= 2500:
			walkBand++
		default:
			beyond++
		}
	}
	if near < 3 {
		t.Errorf("%d sites with CNC courses within 800 m of 天一广场, want at least 3", near)
	}
	if walkBand == 0 || beyond < 10*near {
		t.Errorf("CNC sites: %d within 800 m, %d within 2.5 km, %d beyond: the walk limit would not matter", near, walkBand, beyond)
	}
}

func TestDemandMatchesCatalogue(t *testing.T) {
	c := load(t)
	codes := map[string]map[string]bool{}
	for _, r := range c.courses.rows {
		if codes[r["trade"]] == nil {
			codes[r["trade"]] = map[string]bool{}
		}
		codes[r["trade"]][r["occupation_code"]] = true
	}
	for i, r := range c.demand.rows {
		cs, ok := codes[r["trade"]]
		if !ok {
			t.Errorf("demand.csv:%d: trade %s is taught nowhere", i+2, r["trade"])
			continue
		}
		if !cs[r["occupation_code"]] {
			t.Errorf("demand.csv:%d: %s with occupation code %q, courses use %v", i+2, r["trade"], r["occupation_code"], cs)
		}
	}
}

func TestCatalogueJSONAndGeoJSON(t *testing.T) {
	files, _ := generated(t)
	var cat struct {
		Code        string   `json:"code"`
		Name        string   `json:"name"`
		NameEN      string   `json:"name_en"`
		Attribution []string `json:"attribution"`
	}
	if err := json.Unmarshal(files["catalogue.json"], &cat); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(cat.Attribution, "\n")
	if cat.Code != "330200" || cat.Name != "宁波市" || cat.NameEN != "Ningbo" ||
		!strings.Contains(all, "CC BY 4.0") || !strings.Contains(all, "© OpenStreetMap contributors") || !strings.Contains(all, "MIT") {
		t.Errorf("catalogue.json: %+v", cat)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(files["districts.geojson"], &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 10 {
		t.Fatalf("districts.geojson: %s with %d features", fc.Type, len(fc.Features))
	}
	for _, f := range fc.Features {
		code, ok := f.Properties["code"].(string)
		if !ok || len(f.Properties) != 2 || f.Properties["name"] == "" || len(code) != 6 {
			t.Errorf("feature properties %v, want code (string) and name", f.Properties)
		}
		if _, err := parseGeometry(f.Geometry); err != nil {
			t.Error(err)
		}
	}
}

func TestGCJRoundTrip(t *testing.T) {
	for _, p := range []orb.Point{tianyi, {121.2437, 30.1796}, {121.8731, 29.4729}} {
		g := wgsToGCJ(p)
		if d := dist(p, g); d < 300 || d > 700 {
			t.Errorf("GCJ-02 offset at %v is %.0f m, want about 500", p, d)
		}
		if d := dist(p, gcjToWGS(g)); d > 0.01 {
			t.Errorf("round trip at %v is off by %.3f m", p, d)
		}
	}

}

// TestMetroStations checks that the catalogue carries lines 1-5 as the
// source has them: every station, its lines and orders, its WGS-84 position.
func TestMetroStations(t *testing.T) {
	files, src := generated(t)
	st := parse(t, files, "metro_stations.csv")
	if len(st.rows) != 122 || len(st.rows) != len(src.metro) {
		t.Fatalf("%d stations, want the source's 122", len(st.rows))
	}
	st.index(t, "id")
	st.index(t, "name")
	lines := map[string]map[string]bool{} // line -> orders
	for i, r := range st.rows {
		p := point(t, r, "wgs84")
		in := false
		for _, d := range src.districts {
			in = in || d.contains(p)
		}
		if !in {
			t.Errorf("metro_stations.csv:%d: %s at %v is outside Ningbo", i+2, r["name"], p)
		}
		for _, item := range strings.Split(r["lines"], ";") {
			line, order, ok := strings.Cut(item, "#")
			if !ok {
				t.Fatalf("metro_stations.csv:%d: lines %q", i+2, r["lines"])
			}
			if lines[line] == nil {
				lines[line] = map[string]bool{}
			}
			if lines[line][order] {
				t.Errorf("metro_stations.csv:%d: %s#%s twice", i+2, line, order)
			}
			lines[line][order] = true
		}
	}
	if len(lines) != 5 {
		t.Errorf("lines %v, want 1号线..5号线", len(lines))
	}
	for i := 1; i <= 5; i++ {
		if len(lines[strconv.Itoa(i)+"号线"]) < 10 {
			t.Errorf("%d号线 has %d stations", i, len(lines[strconv.Itoa(i)+"号线"]))
		}
	}
}
