package data

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillcircle/skillcircle/geo"
)

var (
	// ErrInvalid is returned by Load when the catalogue has problems; the
	// error is a Problems value listing each one.
	ErrInvalid = errors.New("data: the catalogue has errors")
	// ErrUnknownValue is wrapped by the Parse* functions of enumerated fields.
	ErrUnknownValue = errors.New("data: unknown value")
)

// Problem is one thing wrong with a catalogue file, located for the person
// who has to fix it.
type Problem struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"` // 1 is the header; 0 when the whole file is at fault
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Field != "" {
		b.WriteString(": " + p.Field)
	}
	b.WriteString(": " + p.Reason)
	return b.String()
}

// Problems is every problem found in a catalogue, in the order the files
// are read (districts before sites before courses), then by line.
type Problems []Problem

func (ps Problems) Error() string {
	if len(ps) == 1 {
		return ErrInvalid.Error() + ": " + ps[0].String()
	}
	return fmt.Sprintf("%s: %d problems, the first: %s", ErrInvalid, len(ps), ps[0])
}

// Is lets errors.Is(err, ErrInvalid) recognise a Problems value.
func (ps Problems) Is(target error) bool { return target == ErrInvalid }

// LoadOptions control how a catalogue with bad rows is treated.
type LoadOptions struct {
	// SkipBadRows drops each bad row, and the rows that depend on it,
	// instead of refusing the catalogue. Problems with the region files
	// (catalogue.json, districts, townships) are never skipped.
	SkipBadRows bool
}

// Report says what Load read, and with SkipBadRows what it left out.
type Report struct {
	Checksum string         // SHA-256 over every file read, in name order
	Skipped  Problems       // the problems whose rows were dropped
	Dropped  map[string]int // rows dropped, by file
}

// Catalogue file names, as data/FORMAT.md describes them.
const (
	ManifestFile     = "catalogue.json"
	DistrictsFile    = "districts.csv"
	BoundariesFile   = "districts.geojson"
	TownshipsFile    = "townships.csv"
	InstitutionsFile = "institutions.csv"
	SitesFile        = "sites.csv"
	CoursesFile      = "courses.csv"
	EnterprisesFile  = "enterprises.csv"
	DemandFile       = "demand.csv"
	StationsFile     = "metro_stations.csv"
)

// districtTolerance is how far outside its declared district's boundary a
// point may lie: boundaries are simplified, and buildings straddle them.
const districtTolerance = 500.0

// Load reads and checks the catalogue in fsys. A catalogue with problems
// gives a Problems error (wrapping ErrInvalid) unless opts.SkipBadRows is
// set, in which case the bad rows are dropped and listed in the report.
func Load(fsys fs.FS, opts LoadOptions) (*Catalogue, *Report, error) {
	l := &loader{fsys: fsys, skip: opts.SkipBadRows, cat: &Catalogue{}, report: &Report{Dropped: map[string]int{}}}
	// Files load in dependency order. A file that cannot be read at all
	// stops the load there: every later reference to it would only repeat
	// the problem.
	for _, step := range []func(){l.loadRegion, l.loadInstitutions, l.loadSites, l.loadCourses, l.loadEnterprises, l.loadDemand, l.loadPlaces, l.loadStations} {
		step()
		if len(l.fatal) > 0 {
			return nil, l.report, l.sorted(append(l.fatal, l.rowProblems...))
		}
	}
	if len(l.rowProblems) > 0 && !opts.SkipBadRows {
		return nil, l.report, l.sorted(l.rowProblems)
	}
	l.report.Skipped = l.sorted(l.rowProblems)
	l.report.Checksum = l.checksum()
	return l.cat, l.report, nil
}

type loader struct {
	fsys   fs.FS
	skip   bool
	cat    *Catalogue
	report *Report
	// fatal problems make the catalogue unusable whatever the options;
	// rowProblems can be skipped by dropping their rows.
	fatal       []Problem
	rowProblems []Problem
	files       []string

	districts map[string]*District
	areas     map[string]*geo.Area
	townships map[string]*Township
	// Ids seen in each file: true if the row was kept, false if dropped.
	institutions map[string]bool
	sites        map[string]bool
	enterprises  map[string]bool
}

// record notes whether the row with an id was kept. A duplicate that was
// dropped does not hide the first row with that id.
func record(known map[string]bool, id string, kept bool) {
	if _, seen := known[id]; !seen || kept {
		known[id] = kept
	}
}

// sorted orders problems as the files were read (dependencies first),
// then by line.
func (l *loader) sorted(ps []Problem) Problems {
	rank := map[string]int{}
	for i, f := range l.files {
		if _, ok := rank[f]; !ok {
			rank[f] = i
		}
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return rank[ps[i].File] < rank[ps[j].File]
		}
		return ps[i].Line < ps[j].Line
	})
	return Problems(ps)
}

// table reads a file and records it for the checksum; problems with the
// file as a whole (missing, bad header) are fatal.
func (l *loader) table(file string, required, optional []string, withPoint, mandatory bool) *table {
	if !mandatory {
		if _, err := fs.Stat(l.fsys, file); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	l.files = append(l.files, file)
	t, problems := readTable(l.fsys, file, required, optional, withPoint)
	if t == nil {
		l.fatal = append(l.fatal, problems...)
		return nil
	}
	l.rowProblems = append(l.rowProblems, problems...)
	return t
}

// keep decides whether a row survives: it collects the row's problems and
// counts it as dropped if it has any.
func (l *loader) keep(r *row, fatal bool) bool {
	if r.ok() {
		return true
	}
	if fatal {
		l.fatal = append(l.fatal, r.problems...)
	} else {
		l.rowProblems = append(l.rowProblems, r.problems...)
	}
	l.report.Dropped[r.t.file]++
	return false
}

// unique fails a row whose id was already seen in its file.
func unique(r *row, field, id string, seen map[string]int) {
	if first, dup := seen[id]; dup && id != "" {
		r.fail(field, fmt.Sprintf("duplicate id %q (first on line %d)", id, first))
		return
	}
	seen[id] = r.line
}

var (
	districtCodePattern = regexp.MustCompile(`^\d{6}$`)
	townshipCodePattern = regexp.MustCompile(`^\d{12}$`)
)

func (l *loader) loadRegion() {
	l.files = append(l.files, ManifestFile)
	raw, err := fs.ReadFile(l.fsys, ManifestFile)
	if err != nil {
		l.fatal = append(l.fatal, Problem{File: ManifestFile, Reason: readReason(err)})
		return
	}
	if err := json.Unmarshal(raw, &l.cat.Region); err != nil {
		l.fatal = append(l.fatal, Problem{File: ManifestFile, Reason: "not valid JSON: " + err.Error()})
	} else if l.cat.Region.Name == "" {
		l.fatal = append(l.fatal, Problem{File: ManifestFile, Field: "name", Reason: "is empty"})
	}

	l.districts = map[string]*District{}
	if t := l.table(DistrictsFile, []string{"code", "name", "population"}, nil, true, true); t != nil {
		for _, r := range t.rows {
			d := District{
				Code:       r.str("code"),
				Name:       r.text("name", true, 32),
				Population: r.integer("population", 0, 100_000_000),
				Center:     r.point(),
			}
			if !districtCodePattern.MatchString(d.Code) {
				r.fail("code", fmt.Sprintf("%q is not a 6-digit district code", d.Code))
			} else if _, dup := l.districts[d.Code]; dup {
				r.fail("code", fmt.Sprintf("duplicate district %q", d.Code))
			}
			if l.keep(r, true) {
				l.cat.Districts = append(l.cat.Districts, d)
				l.districts[d.Code] = &l.cat.Districts[len(l.cat.Districts)-1]
			}
		}
	}
	// Re-point the map: appends above may have moved the slice.
	for i := range l.cat.Districts {
		l.districts[l.cat.Districts[i].Code] = &l.cat.Districts[i]
	}
	l.loadBoundaries()
	l.loadTownships()
}

func (l *loader) loadBoundaries() {
	l.files = append(l.files, BoundariesFile)
	l.areas = map[string]*geo.Area{}
	raw, err := fs.ReadFile(l.fsys, BoundariesFile)
	if err != nil {
		l.fatal = append(l.fatal, Problem{File: BoundariesFile, Reason: readReason(err)})
		return
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		l.fatal = append(l.fatal, Problem{File: BoundariesFile, Reason: "not a GeoJSON FeatureCollection: " + err.Error()})
		return
	}
	for i, f := range fc.Features {
		where := fmt.Sprintf("features[%d]", i)
		code := fmt.Sprint(f.Properties["code"])
		d, ok := l.districts[code]
		if !ok {
			l.fatal = append(l.fatal, Problem{File: BoundariesFile, Field: where + ".properties.code",
				Reason: fmt.Sprintf("%q is not a district of %s", code, DistrictsFile)})
			continue
		}
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			l.fatal = append(l.fatal, Problem{File: BoundariesFile, Field: where + ".geometry",
				Reason: fmt.Sprintf("is a %T, not a Polygon or MultiPolygon", f.Geometry)})
			continue
		}
		if d.Boundary != nil {
			l.fatal = append(l.fatal, Problem{File: BoundariesFile, Field: where + ".properties.code",
				Reason: fmt.Sprintf("district %s has a second boundary", code)})
			continue
		}
		d.Boundary = mp
		l.areas[code] = geo.NewArea(mp)
	}
	for _, d := range l.cat.Districts {
		if d.Boundary == nil {
			l.fatal = append(l.fatal, Problem{File: BoundariesFile, Reason: fmt.Sprintf("district %s (%s) has no boundary", d.Code, d.Name)})
		}
	}
}

func (l *loader) loadTownships() {
	l.townships = map[string]*Township{}
	t := l.table(TownshipsFile, []string{"code", "name", "short_name", "district_code", "kind", "villages", "urban"},
		[]string{"former_district"}, true, true)
	if t == nil {
		return
	}
	for _, r := range t.rows {
		tw := Township{
			Code:           r.str("code"),
			Name:           r.text("name", true, 32),
			ShortName:      r.text("short_name", true, 32),
			DistrictCode:   r.str("district_code"),
			Kind:           r.str("kind"),
			Villages:       r.integer("villages", 0, 10_000),
			Urban:          r.integer("urban", 0, 10_000),
			FormerDistrict: r.text("former_district", false, 32),
			Center:         r.point(),
		}
		if !townshipCodePattern.MatchString(tw.Code) {
			r.fail("code", fmt.Sprintf("%q is not a 12-digit township code", tw.Code))
		} else if _, dup := l.townships[tw.Code]; dup {
			r.fail("code", fmt.Sprintf("duplicate township %q", tw.Code))
		}
		if tw.Kind != "街道" && tw.Kind != "镇" && tw.Kind != "乡" {
			r.fail("kind", fmt.Sprintf("%q is not one of 街道, 镇, 乡", tw.Kind))
		}
		if r.ok() && tw.Urban > tw.Villages {
			r.fail("urban", fmt.Sprintf("%d is more than the %d villages", tw.Urban, tw.Villages))
		}
		l.checkDistrict(r, tw.DistrictCode, tw.Center)
		if l.keep(r, true) {
			l.cat.Townships = append(l.cat.Townships, tw)
		}
	}
	for i := range l.cat.Townships {
		l.townships[l.cat.Townships[i].Code] = &l.cat.Townships[i]
	}
}

// checkDistrict checks a district code and that p lies in that district.
func (l *loader) checkDistrict(r *row, code string, p orb.Point) {
	area, ok := l.areas[code]
	if !ok {
		r.fail("district_code", fmt.Sprintf("unknown district %q", code))
		return
	}
	if !r.ok() {
		return // the point itself is bad
	}
	if area.DistanceTo(p) <= districtTolerance {
		return
	}
	for other, a := range l.areas {
		if a.Contains(p) {
			r.fail(r.latField(), fmt.Sprintf("(%.6f, %.6f) lies in %s (%s), not in district %s",
				p[0], p[1], l.districts[other].Name, other, code))
			return
		}
	}
	r.fail(r.latField(), fmt.Sprintf("(%.6f, %.6f) is outside the region (%s)", p[0], p[1], l.cat.Region.Name))
}

// checkPlace checks a record's district, township and location together.
func (l *loader) checkPlace(r *row, p orb.Point) {
	district, township := r.str("district_code"), r.str("township_code")
	l.checkDistrict(r, district, p)
	tw, ok := l.townships[township]
	switch {
	case !ok:
		r.fail("township_code", fmt.Sprintf("unknown township %q", township))
	case tw.DistrictCode != district:
		r.fail("township_code", fmt.Sprintf("%s (%s) is in district %s, not %s", township, tw.Name, tw.DistrictCode, district))
	}
}

func (l *loader) loadInstitutions() {
	l.institutions = map[string]bool{}
	t := l.table(InstitutionsFile, []string{"id", "name", "kind", "public", "district_code", "township_code"},
		[]string{"short_name", "website"}, false, true)
	if t == nil {
		return
	}
	seen := map[string]int{}
	for _, r := range t.rows {
		in := Institution{
			ID:           r.id("id"),
			Name:         r.text("name", true, 100),
			ShortName:    r.text("short_name", false, 50),
			Kind:         enumerated(r, "kind", ParseInstitutionKind),
			Public:       r.boolean("public"),
			DistrictCode: r.str("district_code"),
			TownshipCode: r.str("township_code"),
			Website:      r.url("website", false),
		}
		unique(r, "id", in.ID, seen)
		if _, ok := l.areas[in.DistrictCode]; !ok {
			r.fail("district_code", fmt.Sprintf("unknown district %q", in.DistrictCode))
		} else if tw, ok := l.townships[in.TownshipCode]; !ok {
			r.fail("township_code", fmt.Sprintf("unknown township %q", in.TownshipCode))
		} else if tw.DistrictCode != in.DistrictCode {
			r.fail("township_code", fmt.Sprintf("%s (%s) is in district %s, not %s", in.TownshipCode, tw.Name, tw.DistrictCode, in.DistrictCode))
		}
		kept := l.keep(r, false)
		if kept {
			l.cat.Institutions = append(l.cat.Institutions, in)
		}
		record(l.institutions, in.ID, kept)
	}
}

// reference checks that a field names a row of another file. A row that
// was there but dropped for its own problems is not blamed again here; when
// skipping bad rows the dependent row is dropped too, saying why.
func (l *loader) reference(r *row, field, id string, known map[string]bool, what string) {
	kept, seen := known[id]
	switch {
	case !seen:
		r.fail(field, fmt.Sprintf("unknown %s %q", what, id))
	case !kept && l.skip:
		r.fail(field, fmt.Sprintf("%s %q was skipped", what, id))
	}
}

func (l *loader) loadSites() {
	l.sites = map[string]bool{}
	t := l.table(SitesFile, []string{"id", "institution_id", "name", "kind", "address", "district_code", "township_code"},
		[]string{"park"}, true, true)
	if t == nil {
		return
	}
	seen := map[string]int{}
	for _, r := range t.rows {
		s := Site{
			ID:            r.id("id"),
			InstitutionID: r.str("institution_id"),
			Name:          r.text("name", true, 100),
			Kind:          enumerated(r, "kind", ParseSiteKind),
			Address:       r.text("address", true, 200),
			DistrictCode:  r.str("district_code"),
			TownshipCode:  r.str("township_code"),
			Park:          r.text("park", false, 100),
			Location:      r.point(),
		}
		unique(r, "id", s.ID, seen)
		l.reference(r, "institution_id", s.InstitutionID, l.institutions, "institution")
		l.checkPlace(r, s.Location)
		kept := l.keep(r, false)
		if kept {
			l.cat.Sites = append(l.cat.Sites, s)
		}
		record(l.sites, s.ID, kept)
	}
}

func (l *loader) loadCourses() {
	t := l.table(CoursesFile, []string{"id", "institution_id", "title", "description", "family", "trade", "level",
		"delivery", "site_ids", "start_date", "sessions", "schedule", "fee_cny", "subsidy", "subsidy_groups",
		"audience", "seats", "seats_left", "registration_url"}, []string{"occupation_code"}, false, true)
	if t == nil {
		return
	}
	seen := map[string]int{}
	for _, r := range t.rows {
		c := Course{
			ID:             r.id("id"),
			InstitutionID:  r.str("institution_id"),
			Title:          r.text("title", true, 200),
			Description:    r.text("description", false, 2000),
			Family:         enumerated(r, "family", ParseFamily),
			Trade:          r.text("trade", true, 50),
			OccupationCode: r.occupationCode("occupation_code"),
			Level:          enumerated(r, "level", ParseLevel),
			Delivery:       enumerated(r, "delivery", ParseDelivery),
			SiteIDs:        r.list("site_ids"),
			StartDate:      r.date("start_date"),
			Sessions:       r.integer("sessions", 1, 500),
			Schedule:       enumerated(r, "schedule", ParseSchedule),
			FeeCNY:         r.number("fee_cny", 0, 100_000),
			Subsidy:        enumerated(r, "subsidy", ParseSubsidy),
			Audience:       enumerated(r, "audience", ParseAudience),
			Seats:          r.integer("seats", 1, 100_000),
			SeatsLeft:      r.integer("seats_left", 0, 100_000),
			RegisterURL:    r.url("registration_url", true),
		}
		unique(r, "id", c.ID, seen)
		l.reference(r, "institution_id", c.InstitutionID, l.institutions, "institution")
		for _, g := range r.list("subsidy_groups") {
			if grp, err := ParseGroup(g); err != nil {
				r.fail("subsidy_groups", unknownReason(err))
			} else {
				c.SubsidyGroups = append(c.SubsidyGroups, grp)
			}
		}
		switch {
		case c.Subsidy == NoSubsidy && len(c.SubsidyGroups) > 0:
			r.fail("subsidy_groups", "must be empty when subsidy is none")
		case c.Subsidy != NoSubsidy && c.Subsidy != "" && len(c.SubsidyGroups) == 0:
			r.fail("subsidy_groups", fmt.Sprintf("must name who qualifies when subsidy is %s", c.Subsidy))
		}
		if r.ok() && c.SeatsLeft > c.Seats {
			r.fail("seats_left", fmt.Sprintf("%d is more than the %d seats", c.SeatsLeft, c.Seats))
		}
		switch {
		case c.Delivery == Online && len(c.SiteIDs) > 0:
			r.fail("site_ids", "must be empty for an online course")
		case c.Delivery != Online && c.Delivery != "" && len(c.SiteIDs) == 0:
			r.fail("site_ids", "is empty: an onsite or blended course needs a site")
		}
		c.SiteIDs = l.courseSites(r, c.SiteIDs)
		if l.keep(r, false) {
			l.cat.Courses = append(l.cat.Courses, c)
		}
	}
}

// courseSites checks a course's sites. Sites dropped for their own problems
// are left out; the course goes only when none is left.
func (l *loader) courseSites(r *row, ids []string) []string {
	var kept []string
	listed := map[string]bool{}
	for _, id := range ids {
		ok, seen := l.sites[id]
		switch {
		case listed[id]:
			r.fail("site_ids", fmt.Sprintf("site %q is listed twice", id))
		case !seen:
			r.fail("site_ids", fmt.Sprintf("unknown site %q", id))
		case ok:
			kept = append(kept, id)
		}
		listed[id] = true
	}
	if len(ids) > 0 && len(kept) == 0 && r.ok() && l.skip {
		r.fail("site_ids", "every site of the course was skipped")
	}
	return kept
}

func (l *loader) loadEnterprises() {
	l.enterprises = map[string]bool{}
	t := l.table(EnterprisesFile, []string{"id", "name", "industry", "address", "district_code", "township_code"},
		[]string{"park"}, true, false)
	if t == nil {
		return
	}
	seen := map[string]int{}
	for _, r := range t.rows {
		e := Enterprise{
			ID:           r.id("id"),
			Name:         r.text("name", true, 100),
			Industry:     r.text("industry", true, 50),
			Address:      r.text("address", true, 200),
			DistrictCode: r.str("district_code"),
			TownshipCode: r.str("township_code"),
			Park:         r.text("park", false, 100),
			Location:     r.point(),
		}
		unique(r, "id", e.ID, seen)
		l.checkPlace(r, e.Location)
		kept := l.keep(r, false)
		if kept {
			l.cat.Enterprises = append(l.cat.Enterprises, e)
		}
		record(l.enterprises, e.ID, kept)
	}
}

func (l *loader) loadDemand() {
	t := l.table(DemandFile, []string{"enterprise_id", "trade", "level", "headcount"}, []string{"occupation_code"}, false, false)
	if t == nil {
		return
	}
	for _, r := range t.rows {
		d := Demand{
			EnterpriseID:   r.str("enterprise_id"),
			Trade:          r.text("trade", true, 50),
			OccupationCode: r.occupationCode("occupation_code"),
			Level:          enumerated(r, "level", ParseLevel),
			Headcount:      r.integer("headcount", 1, 1_000_000),
		}
		l.reference(r, "enterprise_id", d.EnterpriseID, l.enterprises, "enterprise")
		if l.keep(r, false) {
			l.cat.Demand = append(l.cat.Demand, d)
		}
	}
}

func (l *loader) checksum() string {
	names := append([]string{}, l.files...)
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		raw, err := fs.ReadFile(l.fsys, name)
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(raw))
		h.Write(raw)
	}
	return hex.EncodeToString(h.Sum(nil))
}
