package index

import (
	"context"
	"sort"

	"github.com/paulmach/orb"
)

// Limits on suggestions.
const (
	DefaultSiteSuggestions = 3
	MaxSiteSuggestions     = 10
)

// CandidateKind says what kind of place a candidate for a new training
// point is.
type CandidateKind string

const (
	// CandidateTownship is a township's centre (usually its government
	// seat, where an adult school would be).
	CandidateTownship CandidateKind = "township"
	// CandidatePark is an industrial or science park, placed at the mean
	// position of the in-park sites and enterprises that name it.
	CandidatePark CandidateKind = "park"
	// CandidateStation is a metro station.
	CandidateStation CandidateKind = "station"
	// CandidateInstitution is a site of an institution that runs no
	// matching course yet: it could start one there.
	CandidateInstitution CandidateKind = "institution"
)

// Candidate is a place where a new training point could go.
type Candidate struct {
	Kind          CandidateKind
	Name          string
	Location      orb.Point
	DistrictCode  string
	SiteID        string // for CandidateInstitution
	InstitutionID string // for CandidateInstitution
}

// SiteSuggestQuery asks where K new training points offering the matching
// courses would cover the most people not yet covered.
type SiteSuggestQuery struct {
	CoverageQuery
	K int // 1-MaxSiteSuggestions; 0 means DefaultSiteSuggestions
}

// SiteSuggestion is one place picked, with the people it adds.
type SiteSuggestion struct {
	Rank int // 1 is picked first
	Candidate
	// Gain is how many people not covered before this place (and the
	// ones picked before it) are within reach of it.
	Gain int
	// Covered and Share are the coverage once this place and the ones
	// before it are added.
	Covered int
	Share   float64
}

// SiteSuggestions is the result of SuggestSites.
type SiteSuggestions struct {
	Query SiteSuggestQuery
	// Population, Covered and Share are the coverage before any addition,
	// for the region or the query's district.
	Population int
	Covered    int
	Share      float64
	Candidates int // places considered
	// Suggestions are in the order picked. There are fewer than K when
	// no candidate would add anyone.
	Suggestions []SiteSuggestion
}

// Candidates lists the places SuggestSites considers for q (in q.District
// when set): every township centre, every industrial park, every metro
// station, and every site of an institution that runs no matching course.
func (s *Snapshot) Candidates(q CoverageQuery) ([]Candidate, error) {
	if err := q.Normalize(s); err != nil {
		return nil, err
	}
	return s.candidates(&q), nil
}

func (s *Snapshot) candidates(q *CoverageQuery) []Candidate {
	var out []Candidate
	add := func(c Candidate) {
		if q.District == "" || c.DistrictCode == q.District {
			out = append(out, c)
		}
	}
	for _, t := range s.townships {
		add(Candidate{Kind: CandidateTownship, Name: t.Name, Location: t.Center, DistrictCode: t.DistrictCode})
	}
	for _, p := range s.parks() {
		add(p)
	}
	for _, st := range s.stationCandidates() {
		add(st)
	}
	f := s.newFilter(&q.Filters)
	teaches := make([]bool, len(s.institutions))
	for ci := range s.courses {
		if len(s.courseSites[ci]) > 0 && f.course(int32(ci)) {
			teaches[s.courseInst[ci]] = true
		}
	}
	for ii, in := range s.institutions {
		if teaches[ii] {
			continue
		}
		for _, si := range s.institutionSites[ii] {
			site := &s.sites[si]
			add(Candidate{Kind: CandidateInstitution, Name: site.Name, Location: site.Location,
				DistrictCode: site.DistrictCode, SiteID: site.ID, InstitutionID: in.ID})
		}
	}
	return out
}

// parks places each park named by in-park sites or enterprises at the
// mean position of those that name it, in the district holding that point
// (or of most of them).
func (s *Snapshot) parks() []Candidate {
	type acc struct {
		sum       orb.Point
		n         int
		districts map[string]int
	}
	byName := map[string]*acc{}
	var names []string
	note := func(name string, p orb.Point, district string) {
		if name == "" {
			return
		}
		a := byName[name]
		if a == nil {
			a = &acc{districts: map[string]int{}}
			byName[name] = a
			names = append(names, name)
		}
		a.sum[0] += p[0]
		a.sum[1] += p[1]
		a.n++
		a.districts[district]++
	}
	for _, site := range s.sites {
		note(site.Park, site.Location, site.DistrictCode)
	}
	for _, e := range s.enterprises {
		note(e.Park, e.Location, e.DistrictCode)
	}
	sort.Strings(names)
	out := make([]Candidate, 0, len(names))
	for _, name := range names {
		a := byName[name]
		p := orb.Point{a.sum[0] / float64(a.n), a.sum[1] / float64(a.n)}
		district := ""
		if d, ok := s.DistrictOf(p); ok {
			district = d.Code
		} else {
			best := 0
			for _, code := range sortedKeys(a.districts) {
				if a.districts[code] > best {
					district, best = code, a.districts[code]
				}
			}
		}
		out = append(out, Candidate{Kind: CandidatePark, Name: name, Location: p, DistrictCode: district})
	}
	return out
}

// stationCandidates are the metro stations, in the district holding each.
func (s *Snapshot) stationCandidates() []Candidate {
	out := make([]Candidate, 0, len(s.stations))
	for _, st := range s.stations {
		c := Candidate{Kind: CandidateStation, Name: st.Name, Location: st.Location}
		if d, ok := s.DistrictOf(st.Location); ok {
			c.DistrictCode = d.Code
		}
		out = append(out, c)
	}
	return out
}

// SuggestSites picks up to q.K candidate places, one at a time, each the one
// that adds the most people not yet within q.Minutes of a matching course
// (greedy maximal covering: Church and ReVelle, 1974). Ties go to the
// earlier candidate in Candidates' order. A place covers a cell when the
// cell's centre reaches it within q.Minutes, by the same travel times as a
// site there would get, so adding the places to q.Added raises Coverage's
// covered count by exactly the gains. Gains never grow from one pick to
// the next.
func (s *Snapshot) SuggestSites(ctx context.Context, q SiteSuggestQuery) (*SiteSuggestions, error) {
	if q.K == 0 {
		q.K = DefaultSiteSuggestions
	}
	if q.K < 1 || q.K > MaxSiteSuggestions {
		return nil, invalid("k", "%d is outside 1..%d", q.K, MaxSiteSuggestions)
	}
	r, err := s.runCoverage(ctx, q.CoverageQuery)
	if err != nil {
		return nil, err
	}
	q.CoverageQuery = r.q
	cands := s.candidates(&q.CoverageQuery)

	res := &SiteSuggestions{Query: q, Candidates: len(cands)}
	var open []int // uncovered cells in scope
	for i := range s.population {
		if !s.inScope(&q.CoverageQuery, i) {
			continue
		}
		res.Population += s.population[i].People
		if r.covered[i] {
			res.Covered += s.population[i].People
		} else {
			open = append(open, i)
		}
	}
	// The uncovered cells each candidate would cover, asked backwards from
	// the candidate.
	slot := make(map[int32]int32, len(open)) // population cell -> index in open
	for k, i := range open {
		slot[int32(i)] = int32(k)
	}
	covers := make([][]int32, len(cands)) // indices into open
	limit := float64(q.Minutes)
	origins := s.populationPlaces()
	err = parallel(ctx, len(cands), func(ci int) {
		s.originsReaching(cands[ci].Location, origins, r.travel, limit, func(oi int32, _ float64) {
			if k, ok := slot[oi]; ok {
				covers[ci] = append(covers[ci], k)
			}
		})
	})
	if err != nil {
		return nil, err
	}
	done := make([]bool, len(open))
	covered := res.Covered
	for rank := 1; rank <= q.K; rank++ {
		best, bestGain := -1, 0
		for ci, ks := range covers {
			gain := 0
			for _, k := range ks {
				if !done[k] {
					gain += s.population[open[k]].People
				}
			}
			if gain > bestGain {
				best, bestGain = ci, gain
			}
		}
		if best < 0 {
			break
		}
		for _, k := range covers[best] {
			done[k] = true
		}
		covered += bestGain
		sg := SiteSuggestion{Rank: rank, Candidate: cands[best], Gain: bestGain, Covered: covered}
		if res.Population > 0 {
			sg.Share = float64(covered) / float64(res.Population)
		}
		res.Suggestions = append(res.Suggestions, sg)
	}
	if res.Population > 0 {
		res.Share = float64(res.Covered) / float64(res.Population)
	}
	return res, nil
}
