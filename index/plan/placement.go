package plan

import (
	"context"
	"maps"
	"slices"

	"github.com/paulmach/orb"
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
	Query Query
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
func (p *Planner) Candidates(q Query) ([]Candidate, error) {
	if err := q.Normalize(p.snap); err != nil {
		return nil, err
	}
	return p.candidates(&q, p.region()), nil
}

func (p *Planner) candidates(q *Query, r *region) []Candidate {
	var out []Candidate
	add := func(c Candidate) {
		if q.District == "" || c.DistrictCode == q.District {
			out = append(out, c)
		}
	}
	for _, t := range r.townships {
		add(Candidate{Kind: CandidateTownship, Name: t.Name, Location: t.Center, DistrictCode: t.DistrictCode})
	}
	for _, c := range p.parks(r) {
		add(c)
	}
	for _, c := range p.stationCandidates() {
		add(c)
	}
	for _, c := range p.institutionCandidates(q, r) {
		add(c)
	}
	return out
}

// institutionCandidates are the sites of the institutions that run no
// matching course, by institution in catalogue order.
func (p *Planner) institutionCandidates(q *Query, r *region) []Candidate {
	match := p.snap.CourseMatcher(&q.Filters)
	teaches := map[string]bool{}
	for ci := range int32(p.snap.NumCourses()) {
		if match(ci) && count(p.snap.CourseSites(ci)) > 0 {
			teaches[p.snap.CourseAt(ci).InstitutionID] = true
		}
	}
	sitesOf := map[string][]int{}
	for si, site := range r.sites {
		sitesOf[site.InstitutionID] = append(sitesOf[site.InstitutionID], si)
	}
	var out []Candidate
	for _, in := range p.snap.Institutions() {
		if teaches[in.ID] {
			continue
		}
		for _, si := range sitesOf[in.ID] {
			site := &r.sites[si]
			out = append(out, Candidate{Kind: CandidateInstitution, Name: site.Name, Location: site.Location,
				DistrictCode: site.DistrictCode, SiteID: site.ID, InstitutionID: in.ID})
		}
	}
	return out
}

// parks places each park named by in-park sites or enterprises at the
// mean position of those that name it, in the district holding that point
// (or of most of them).
func (p *Planner) parks(r *region) []Candidate {
	type acc struct {
		sum       orb.Point
		n         int
		districts map[string]int
	}
	byName := map[string]*acc{}
	note := func(name string, pt orb.Point, district string) {
		if name == "" {
			return
		}
		a := byName[name]
		if a == nil {
			a = &acc{districts: map[string]int{}}
			byName[name] = a
		}
		a.sum[0] += pt[0]
		a.sum[1] += pt[1]
		a.n++
		a.districts[district]++
	}
	for _, site := range r.sites {
		note(site.Park, site.Location, site.DistrictCode)
	}
	for _, e := range p.snap.Enterprises() {
		note(e.Park, e.Location, e.DistrictCode)
	}
	names := slices.Sorted(maps.Keys(byName))
	out := make([]Candidate, 0, len(names))
	for _, name := range names {
		a := byName[name]
		pt := orb.Point{a.sum[0] / float64(a.n), a.sum[1] / float64(a.n)}
		district := ""
		if d, ok := p.snap.DistrictOf(pt); ok {
			district = d.Code
		} else {
			best := 0
			for _, code := range slices.Sorted(maps.Keys(a.districts)) {
				if a.districts[code] > best {
					district, best = code, a.districts[code]
				}
			}
		}
		out = append(out, Candidate{Kind: CandidatePark, Name: name, Location: pt, DistrictCode: district})
	}
	return out
}

// stationCandidates are the metro stations, in the district holding each.
func (p *Planner) stationCandidates() []Candidate {
	stations := p.snap.Stations()
	out := make([]Candidate, 0, len(stations))
	for _, st := range stations {
		c := Candidate{Kind: CandidateStation, Name: st.Name, Location: st.Location}
		if d, ok := p.snap.DistrictOf(st.Location); ok {
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
func (p *Planner) SuggestSites(ctx context.Context, q Query) (*SiteSuggestions, error) {
	r, err := p.runCoverage(ctx, q)
	if err != nil {
		return nil, err
	}
	q = r.q
	cands := p.candidates(&q, r.region)
	res := &SiteSuggestions{Query: q, Candidates: len(cands)}
	var open []int // uncovered cells in scope
	for i := range r.cells {
		if !r.inScope(q.District, i) {
			continue
		}
		res.Population += r.cells[i].People
		if r.covered[i] {
			res.Covered += r.cells[i].People
		} else {
			open = append(open, i)
		}
	}
	covers, err := p.candidateCovers(ctx, &q, cands, open)
	if err != nil {
		return nil, err
	}
	res.Suggestions = pickGreedy(q.K, covers, open, r, res.Covered, res.Population, cands)
	if res.Population > 0 {
		res.Share = float64(res.Covered) / float64(res.Population)
	}
	return res, nil
}

// candidateCovers lists the open (uncovered) cells each candidate would
// cover, as indices into open, asked backwards from the candidate.
func (p *Planner) candidateCovers(ctx context.Context, q *Query, cands []Candidate, open []int) ([][]int32, error) {
	slot := make(map[int32]int32, len(open)) // population cell -> index in open
	for k, i := range open {
		slot[int32(i)] = int32(k)
	}
	covers := make([][]int32, len(cands))
	err := parallel(ctx, len(cands), func(ci int) {
		p.snap.PopulationReaching(cands[ci].Location, q.Mode, float64(q.Minutes), func(cell int32, _ float64) {
			if k, ok := slot[cell]; ok {
				covers[ci] = append(covers[ci], k)
			}
		})
	})
	return covers, err
}

// pickGreedy picks up to k candidates, each the one covering the most
// people of the open cells left; ties go to the earlier candidate.
func pickGreedy(k int, covers [][]int32, open []int, r *coverageRun, covered, population int, cands []Candidate) []SiteSuggestion {
	var out []SiteSuggestion
	done := make([]bool, len(open))
	for rank := 1; rank <= k; rank++ {
		best, bestGain := -1, 0
		for ci, ks := range covers {
			gain := 0
			for _, k := range ks {
				if !done[k] {
					gain += r.cells[open[k]].People
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
		if population > 0 {
			sg.Share = float64(covered) / float64(population)
		}
		out = append(out, sg)
	}
	return out
}
