package index

import (
	"fmt"
	"slices"

	"github.com/skillcircle/skillcircle/data"
)

// A search asks its filter about every course at every reachable site:
// thousands of times for a long reach. The enumerated fields are what
// most filters test and what every search tests (delivery), so each
// course's are kept as small numbers, and a filter holds one bit mask per
// field: a test is a shift and an and, and touches no course record.

// courseTraits are a course's enumerated fields as codes of the snapshot's
// traitCodes.
type courseTraits struct {
	family, level, delivery, schedule, audience uint8
}

// traitCodes number the values each enumerated field takes in this
// snapshot's catalogue, in order of first appearance; district numbers
// the sites' districts.
type traitCodes struct {
	family, level, delivery, schedule, audience, district codebook
}

// maxTraitValues is how many values a field may take: one bit each in a
// uint64. The enumerations in package data have a dozen at most.
const maxTraitValues = 64

// codebook numbers the values of one field.
type codebook struct {
	code  map[string]uint8
	names []string
}

func (b *codebook) add(field, v string) (uint8, error) {
	c, ok := b.code[v]
	if ok {
		return c, nil
	}
	if len(b.names) == maxTraitValues {
		return 0, fmt.Errorf("%w: %s takes more than %d values", ErrCorrupt, field, maxTraitValues)
	}
	if b.code == nil {
		b.code = map[string]uint8{}
	}
	c = uint8(len(b.names))
	b.code[v] = c
	b.names = append(b.names, v)
	return c, nil
}

// counts turns counts by code into counts by name.
func (b *codebook) counts(n *[maxTraitValues]int) map[string]int {
	m := make(map[string]int, len(b.names))
	for c, name := range b.names {
		if n[c] > 0 {
			m[name] = n[c]
		}
	}
	return m
}

func (s *Snapshot) indexTraits() error {
	var err error // the first
	code := func(field string, b *codebook, v string) uint8 {
		c, e := b.add(field, v)
		if err == nil {
			err = e
		}
		return c
	}
	tc := &s.traitCodes
	s.traits = make([]courseTraits, len(s.courses))
	for i := range s.courses {
		c := &s.courses[i]
		s.traits[i] = courseTraits{
			family:   code("course family", &tc.family, string(c.Family)),
			level:    code("course level", &tc.level, string(c.Level)),
			delivery: code("course delivery", &tc.delivery, string(c.Delivery)),
			schedule: code("course schedule", &tc.schedule, string(c.Schedule)),
			audience: code("course audience", &tc.audience, string(c.Audience)),
		}
	}
	s.siteDistrict = make([]uint8, len(s.sites))
	for i := range s.sites {
		s.siteDistrict[i] = code("site district", &tc.district, s.sites[i].DistrictCode)
	}
	return err
}

// filter is a Filters compiled against one snapshot.
type filter struct {
	*Filters
	courses      []data.Course
	traits       []courseTraits
	siteDistrict []uint8

	// One bit per allowed value's code; every bit when the field is not
	// filtered. A value the catalogue never uses has no code and no bit.
	families, levels, deliveries, schedules, audiences, districts uint64

	online bool // online courses are allowed
	// others: a condition beyond the enumerated fields, which needs the
	// course record.
	others bool
}

func maskOf[T ~string](b codebook, allowed []T) uint64 {
	if len(allowed) == 0 {
		return ^uint64(0)
	}
	var m uint64
	for _, v := range allowed {
		if c, ok := b.code[string(v)]; ok {
			m |= 1 << c
		}
	}
	return m
}

func (s *Snapshot) newFilter(f *Filters) *filter {
	tc := &s.traitCodes
	return &filter{
		Filters:      f,
		courses:      s.courses,
		traits:       s.traits,
		siteDistrict: s.siteDistrict,
		families:     maskOf(tc.family, f.Families),
		levels:       maskOf(tc.level, f.Levels),
		deliveries:   maskOf(tc.delivery, f.Deliveries),
		schedules:    maskOf(tc.schedule, f.Schedules),
		audiences:    maskOf(tc.audience, f.Audiences),
		districts:    maskOf(tc.district, f.Districts),
		online:       slices.Contains(f.Deliveries, data.Online),
		others: f.Trade != "" || len(f.Trades) > 0 || f.OccupationCode != "" || f.MaxFee != nil || f.MinSeatsLeft > 0 ||
			f.Subsidised || !f.StartAfter.IsZero() || f.Group != "" || f.FreeOnly,
	}
}

// site reports whether site si passes.
func (f *filter) site(si int32) bool { return f.districts&(1<<f.siteDistrict[si]) != 0 }

// course reports whether course ci passes.
func (f *filter) course(ci int32) bool {
	return f.traitsPass(&f.traits[ci]) && (!f.others || f.othersPass(ci))
}

// traitsPass reports whether a course's enumerated fields pass.
func (f *filter) traitsPass(t *courseTraits) bool {
	return f.deliveries&(1<<t.delivery) != 0 && f.families&(1<<t.family) != 0 && f.levels&(1<<t.level) != 0 &&
		f.schedules&(1<<t.schedule) != 0 && f.audiences&(1<<t.audience) != 0
}

// othersPass reports whether course ci passes the conditions beyond the
// enumerated fields (f.others), which read the course record.
func (f *filter) othersPass(ci int32) bool {
	c := &f.courses[ci]
	switch {
	case f.Trade != "" && c.Trade != f.Trade:
		return false
	case len(f.Trades) > 0 && !slices.Contains(f.Trades, c.Trade):
		return false
	case f.OccupationCode != "" && !OccupationMatches(c.OccupationCode, f.OccupationCode):
		return false
	case f.MaxFee != nil && c.FeeCNY > *f.MaxFee:
		return false
	case f.MinSeatsLeft > 0 && c.SeatsLeft < f.MinSeatsLeft:
		return false
	case f.Subsidised && c.Subsidy == data.NoSubsidy:
		return false
	case !f.StartAfter.IsZero() && c.StartDate.Before(f.StartAfter):
		return false
	}
	forGroup := f.Group == "" || hasGroup(c.SubsidyGroups, f.Group)
	if f.Group != "" && (c.Subsidy == data.NoSubsidy || !forGroup) {
		return false
	}
	if f.FreeOnly {
		free := c.FeeCNY == 0 || (c.Subsidy == data.Free && forGroup)
		if !free {
			return false
		}
	}
	return true
}
