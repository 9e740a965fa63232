package index

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/geocode"
	"github.com/skillcircle/skillcircle/index/zh"
)

// MaxGeocodeRunes is the longest text Geocode, Origin and Workplace take.
const MaxGeocodeRunes = 100

func (s *Snapshot) indexGazetteer() error {
	g, err := geocode.NewWithNames(s.gazetteerEntries, s.gazetteerNames)
	s.gazetteerNames = nil
	if err != nil {
		return fmt.Errorf("%w: gazetteer: %v", ErrCorrupt, err)
	}
	s.gazetteer = g
	return nil
}

// Gazetteer returns the snapshot's gazetteer: every district, township,
// road, station, institution, site, enterprise and place it can find by
// name.
func (s *Snapshot) Gazetteer() *geocode.Gazetteer { return s.gazetteer }

// Geocode finds where q is: see package geocode. An empty or overlong q
// (or one without a letter or digit) is a *QueryError on field "q"; a q
// that names a place outside the region, or nothing in it, is ErrNotFound
// with a message saying why and what to try. An ambiguous q is not an
// error: the result says so and lists its candidates.
func (s *Snapshot) Geocode(q string, opts geocode.Options) (geocode.Result, error) {
	return s.geocode("q", q, opts)
}

func (s *Snapshot) geocode(field, q string, opts geocode.Options) (geocode.Result, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return geocode.Result{}, invalid(field, "is empty: give an address, a place or a name, %s", s.geocodeExamples())
	}
	if n := utf8.RuneCountInString(q); n > MaxGeocodeRunes {
		return geocode.Result{}, invalid(field, "is %d characters long; at most %d", n, MaxGeocodeRunes)
	}
	if opts.District != "" {
		if _, ok := s.districtByID[opts.District]; !ok {
			return geocode.Result{}, invalid("district", "%q is not a district code of %s", opts.District, s.meta.Region.Name)
		}
	}
	r := s.gazetteer.Geocode(q, opts)
	switch r.NotFound {
	case "":
		return r, nil
	case geocode.Empty:
		return r, invalid(field, "%q holds no letter or digit: give an address, a place or a name, %s", q, s.geocodeExamples())
	}
	return r, s.notFound(q, r, opts)
}

// notFound explains why nothing was found and what to try instead.
func (s *Snapshot) notFound(q string, r geocode.Result, opts geocode.Options) error {
	region := s.meta.Region.Name
	where := region
	if d, ok := s.District(opts.District); ok {
		where = d.Name
	}
	a := r.Address
	switch {
	case r.NotFound == geocode.Outside:
		return fmt.Errorf("%w: %q is outside %s (it names %s): only places in %s's %d districts can be found",
			ErrNotFound, q, region, a.Outside, region, len(s.districts))
	case a.City != "" && a.District == "" && a.Township == "" && a.Road == "" && a.Place == "" && len(a.Unmatched) == 0:
		return fmt.Errorf("%w: %q is all of %s: name a district, a town or street, a road, a metro station, a school or an employer in it",
			ErrNotFound, q, region)
	}
	msg := fmt.Sprintf("nothing in %s matches %q", where, q)
	if len(a.Unmatched) > 0 {
		msg += "; not recognised: " + strings.Join(a.Unmatched, ", ")
	}
	return fmt.Errorf("%w: %s; try %s", ErrNotFound, msg, s.geocodeExamples())
}

// geocodeExamples shows what may be asked, with names from the snapshot.
func (s *Snapshot) geocodeExamples() string {
	var parts []string
	if len(s.townships) > 0 {
		t := s.townships[len(s.townships)/2]
		parts = append(parts, "a town or street ("+t.Name+")")
	}
	if len(s.stations) > 0 {
		parts = append(parts, "a metro station ("+s.stations[len(s.stations)/2].Name+")")
	}
	for _, in := range s.institutions {
		if in.ShortName != "" && in.Kind.Vocational() {
			parts = append(parts, "a school ("+in.ShortName+")")
			break
		}
	}
	parts = append(parts, "a street address or an employer's name")
	return strings.Join(parts, ", ")
}

// Origin resolves text given as where a search starts (field names the
// parameter: "address" or "workplace"): the best match, or a *QueryError
// when text is empty, too long or fits several places far apart, or
// ErrNotFound when it names nothing in the region.
func (s *Snapshot) Origin(field, text string) (geocode.Match, error) {
	r, err := s.geocode(field, text, geocode.Options{})
	if err != nil {
		return geocode.Match{}, err
	}
	if r.Ambiguous {
		return geocode.Match{}, s.ambiguous(field, text, r.Candidates)
	}
	return *r.Best, nil
}

func (s *Snapshot) ambiguous(field, text string, cands []geocode.Match) error {
	names := make([]string, len(cands))
	for i, c := range cands {
		d, _ := s.District(c.DistrictCode)
		names[i] = c.Name + " (" + d.Name + ")"
	}
	return invalid(field, "%q fits %d places: %s; add the district or the town to say which",
		strings.TrimSpace(text), len(cands), strings.Join(names, ", "))
}

// Workplace resolves a workplace: an enterprise's id or name (in full, as
// people shorten it, or any part of it that only one enterprise has),
// else an address or place as Origin reads it.
func (s *Snapshot) Workplace(text string) (geocode.Match, error) {
	text = strings.TrimSpace(text)
	for i := range s.enterprises {
		if e := &s.enterprises[i]; e.ID == text {
			return s.enterpriseMatch(e, 1), nil
		}
	}
	if text != "" && utf8.RuneCountInString(text) <= MaxGeocodeRunes {
		r := s.gazetteer.Geocode(text, geocode.Options{Kinds: []geocode.Kind{geocode.Enterprise}})
		switch {
		case r.Best != nil && r.Best.Confidence >= 0.5:
			return *r.Best, nil
		case r.Ambiguous:
			return geocode.Match{}, s.ambiguous("workplace", text, r.Candidates)
		}
		if part := zh.Fold(strings.Join(strings.Fields(text), "")); utf8.RuneCountInString(part) >= 2 {
			var found []*data.Enterprise
			for i := range s.enterprises {
				if strings.Contains(zh.Fold(s.enterprises[i].Name), part) {
					found = append(found, &s.enterprises[i])
				}
			}
			switch {
			case len(found) == 1:
				return s.enterpriseMatch(found[0], 0.8), nil
			case len(found) > 1:
				cands := make([]geocode.Match, 0, geocode.DefaultCandidates)
				for _, e := range found[:min(len(found), geocode.DefaultCandidates)] {
					cands = append(cands, s.enterpriseMatch(e, 0.5))
				}
				return geocode.Match{}, s.ambiguous("workplace", text, cands)
			}
		}
	}
	return s.Origin("workplace", text)
}

func (s *Snapshot) enterpriseMatch(e *data.Enterprise, confidence float64) geocode.Match {
	return geocode.Match{
		Kind: geocode.Enterprise, ID: e.ID, Name: e.Name, Level: geocode.LevelPlace, Confidence: confidence,
		Point: e.Location, DistrictCode: e.DistrictCode, TownshipCode: e.TownshipCode,
	}
}

// Location is where a point is in the region's units.
type Location struct {
	District data.District
	// Township is the township of District whose centre is nearest:
	// without township boundaries this is an approximation, and
	// TownshipApproximate says so.
	Township            data.Township
	TownshipApproximate bool
	// TownshipMetres is how far the point is from the township's centre.
	TownshipMetres float64
}

// Reverse finds the district (by its boundary) and the township (the
// nearest centre in that district) of a WGS-84 point; a point outside
// every district is ErrNotFound.
func (s *Snapshot) Reverse(p orb.Point) (Location, error) {
	if p[0] < -180 || p[0] > 180 || math.IsNaN(p[0]) {
		return Location{}, invalid("lng", "%v is not a longitude (-180..180)", p[0])
	}
	if p[1] < -90 || p[1] > 90 || math.IsNaN(p[1]) {
		return Location{}, invalid("lat", "%v is not a latitude (-90..90)", p[1])
	}
	d, ok := s.DistrictOf(p)
	if !ok {
		return Location{}, fmt.Errorf("%w: (%.6f, %.6f) is outside %s", ErrNotFound, p[0], p[1], s.meta.Region.Name)
	}
	loc := Location{District: d, TownshipApproximate: true, TownshipMetres: math.Inf(1)}
	for _, t := range s.townships {
		if t.DistrictCode != d.Code {
			continue
		}
		if m := geo.Distance(p, t.Center); m < loc.TownshipMetres {
			loc.Township, loc.TownshipMetres = t, m
		}
	}
	if math.IsInf(loc.TownshipMetres, 1) {
		loc.TownshipMetres = 0
	}
	return loc, nil
}
