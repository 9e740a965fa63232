package main

import (
	"hash/fnv"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// world is the catalogue being generated.
type world struct {
	src  *sources
	seed uint64

	roads    map[string][]*road // by township code
	usedRoad map[string]bool

	parks        []*park
	institutions []*institution
	sites        []*site
	courses      []*course
	enterprises  []*enterprise
	demand       []*demandRow
	places       []*place

	// townships without an adult school, and the school that serves each
	noAdultSchool map[string]*institution
}

type park struct {
	Name   string
	Short  string
	T      *township
	Center orb.Point
	Radius float64 // metres
	OSM    bool    // position from OpenStreetMap (else an approximate placement)
	Roads  []*road
}

type institution struct {
	ID       string
	Name     string
	Short    string
	Kind     string // data.InstitutionKind code
	Public   bool
	T        *township
	Website  string
	Profile  []weighted // trades it teaches, by weight
	Courses  int        // how many offerings to generate
	Sites    []*site
	Partners []*site // sites of others it also teaches at
}

type site struct {
	ID      string
	Inst    *institution
	Name    string
	Kind    string // data.SiteKind code
	Address string
	T       *township
	Park    *park
	P       orb.Point
	// Forced lists trade keys that must be offered here (the central
	// Ningbo points near 天一广场).
	Forced []string
	// Trades limits what the site hosts (enterprise bases); empty: any.
	Trades []string
}

type course struct {
	ID            string
	Inst          *institution
	Title         string
	Description   string
	Family        string
	Trade         string
	Occupation    string
	Level         string
	Delivery      string
	Sites         []*site
	Start         string
	Sessions      int
	Schedule      string
	Fee           int
	Subsidy       string
	SubsidyGroups []string
	Audience      string
	Seats         int
	SeatsLeft     int
}

type enterprise struct {
	ID       string
	Name     string
	Industry string
	Address  string
	T        *township
	Park     *park
	P        orb.Point // WGS-84
}

type demandRow struct {
	E          *enterprise
	Trade      string
	Occupation string
	Level      string
	Headcount  int
}

type weighted struct {
	Key string
	W   float64
}

func newWorld(src *sources, seed uint64) *world {
	return &world{
		src:           src,
		seed:          seed,
		roads:         map[string][]*road{},
		usedRoad:      map[string]bool{},
		noAdultSchool: map[string]*institution{},
	}
}

// rng returns the random stream of one phase of generation. Each phase has
// its own stream, so that changing one phase leaves the others' draws alone.
func (w *world) rng(phase string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(phase))
	return rand.New(rand.NewPCG(w.seed, h.Sum64()))
}

func (w *world) build() error {
	steps := []func() error{
		w.buildRoads,
		w.buildParks,
		w.buildInstitutions,
		w.buildSites,
		w.buildCourses,
		w.buildEnterprises,
		w.buildPlaces,
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// pick returns a key drawn by weight.
func pick(rng *rand.Rand, ws []weighted) string {
	total := 0.0
	for _, x := range ws {
		total += x.W
	}
	r := rng.Float64() * total
	for _, x := range ws {
		if r < x.W {
			return x.Key
		}
		r -= x.W
	}
	return ws[len(ws)-1].Key
}

// between returns an integer in [lo, hi].
func between(rng *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + rng.IntN(hi-lo+1)
}

func chance(rng *rand.Rand, p float64) bool { return rng.Float64() < p }
