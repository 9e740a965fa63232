package geocode

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

// Options narrow a geocoding query.
type Options struct {
	// District keeps only matches in the district with this code (a
	// district website's own search).
	District string
	// Kinds keeps only named places of these kinds (Enterprise, to find a
	// workplace); districts, townships and roads are then not answers
	// either. Empty keeps everything.
	Kinds []Kind
	// Candidates is how many candidates to return; 0 means
	// DefaultCandidates.
	Candidates int
}

// DefaultCandidates is how many candidates a result lists by default.
const DefaultCandidates = 5

// ambiguityMetres: two answers this far apart are different places, and
// a query that fits both equally is ambiguous.
const ambiguityMetres = 3000

// sameTownshipMetres: a named place this close to a township's centre
// agrees with the township even when its own township (the nearest
// centre) is another.
const sameTownshipMetres = 2500

// Match is one place a query may mean.
type Match struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	// Name is what was found: 姜山镇, 东门口(天一广场), 明光北路1166号.
	Name       string  `json:"name"`
	Level      Level   `json:"level"`
	Confidence float64 `json:"confidence"` // 0-1
	Point      orb.Point
	// Approximate says the point stands for an area (a district, a
	// township, a road) or was interpolated between house numbers.
	Approximate  bool   `json:"approximate"`
	DistrictCode string `json:"district_code"`
	TownshipCode string `json:"township_code,omitempty"`
}

// Reason says why nothing was found.
type Reason string

const (
	// Outside: the query names a place outside the region.
	Outside Reason = "outside"
	// Unknown: the query names nothing the gazetteer knows.
	Unknown Reason = "unknown"
	// Empty: the query holds no letters or digits.
	Empty Reason = "empty"
)

// Result is the answer to a query.
type Result struct {
	Query   string  `json:"query"`
	Address Address `json:"address"`
	// Best is the answer, nil when nothing was found or when the query is
	// ambiguous.
	Best      *Match `json:"best"`
	Ambiguous bool   `json:"ambiguous"`
	// Candidates are the places the query may mean, best first; Best is
	// the first when there is one.
	Candidates []Match `json:"candidates"`
	// NotFound says why there are no candidates.
	NotFound Reason `json:"not_found,omitempty"`
}

// candidate is one interpretation of a query while they are compared.
type candidate struct {
	entry    int32
	tok      int // index of the token that names it
	quality  float64
	level    Level
	disagree int // other names in the query it contradicts
	agree    int // other names it agrees with
	runes    int
	point    orb.Point
	approx   bool
	name     string
	factor   float64 // what the level costs in confidence (interpolation, a number out of range)
}

// Geocode answers a query: see the package documentation.
func (g *Gazetteer) Geocode(q string, opts Options) Result {
	res := Result{Query: q, Candidates: []Match{}}
	toks := g.tokens(q)
	res.Address = g.address(toks)
	if len(toks) == 0 {
		res.NotFound = Empty
		return res
	}
	for _, t := range toks {
		if t.kind == tokForeign {
			res.NotFound = Outside
			return res
		}
	}
	total, covered, shaped := g.understood(toks)
	coverage := 0.0
	if total > 0 {
		coverage = float64(covered) / float64(total)
	}
	if g.elsewhere(toks, &res) {
		return res
	}
	cands := g.candidates(toks, opts)
	if len(cands) == 0 {
		res.NotFound = Unknown
		if res.Address.Outside != "" {
			res.NotFound = Outside
		}
		return res
	}
	sort.SliceStable(cands, func(i, j int) bool { return better(&cands[i], &cands[j]) })
	preferTownship(g, cands)
	preferRecord(g, cands)
	best := &cands[0]
	// A short name lost in a long query that says nothing else
	// recognisable (西门子冰箱维修: 西门 is a street) is no answer.
	if toks[best.tok].runes <= 2 && !toks[best.tok].latin && float64(shaped) < 0.4*float64(total) {
		res.NotFound = Unknown
		return res
	}
	res.Ambiguous = ambiguous(cands)
	res.Candidates = g.listCandidates(cands, opts, coverage, res.Ambiguous)
	if !res.Ambiguous {
		m := res.Candidates[0]
		res.Best = &m
	}
	return res
}

// understood counts a query's characters: total; covered, those
// understood; shaped, those that at least look like part of an address (an
// unknown road, a number) besides.
func (g *Gazetteer) understood(toks []token) (total, covered, shaped int) {
	hasRoad := false
	for _, t := range toks {
		if t.kind == tokName && g.nameLevel(t) == LevelRoad {
			hasRoad = true
		}
	}
	for _, t := range toks {
		total += t.runes
		switch t.kind {
		case tokName, tokRegion, tokFiller:
			covered += t.runes
		case tokNumber, tokBuilding:
			if hasRoad {
				covered += t.runes
			}
			shaped += t.runes
		case tokUnknown:
			if t.part != partOther {
				shaped += t.runes
			}
		}
	}
	shaped += covered
	return total, covered, shaped
}

// elsewhere reports (and says in res) a query that names a district, city
// or province by its shape that the gazetteer does not know, with no
// district or township it does know: elsewhere (朝阳区建国路88号,
// 瑞安市安阳街道).
func (g *Gazetteer) elsewhere(toks []token, res *Result) bool {
	admin, region := false, false
	for _, t := range toks {
		admin = admin || (t.kind == tokName && g.namesAdmin(t))
		region = region || t.kind == tokRegion
	}
	if !admin {
		for _, t := range toks {
			if t.kind == tokUnknown && (t.part == partDistrict || t.part == partCity || t.part == partProvince) {
				res.NotFound = Unknown
				if !region {
					res.NotFound = Outside
					res.Address.Outside = t.text
				}
				return true
			}
		}
	}
	return false
}

// ambiguous reports as good an answer as the best somewhere else.
func ambiguous(cands []candidate) bool {
	best := &cands[0]
	for i := 1; i < len(cands); i++ {
		c := &cands[i]
		if c.entry == best.entry || c.disagree != best.disagree || c.level != best.level || c.agree != best.agree {
			continue
		}
		if best.quality-c.quality > 0.04 {
			continue
		}
		if geo.Distance(best.point, c.point) > ambiguityMetres {
			return true
		}
	}
	return false
}

// listCandidates lists up to opts.Candidates matches, each place once.
func (g *Gazetteer) listCandidates(cands []candidate, opts Options, coverage float64, ambiguous bool) []Match {
	out := []Match{}
	limit := opts.Candidates
	if limit <= 0 {
		limit = DefaultCandidates
	}
	seen := map[int32]bool{}
	for i := range cands {
		c := &cands[i]
		if seen[c.entry] || len(out) >= limit {
			continue
		}
		// The same place found under another record (an institution and
		// its campus, a school mapped twice) is listed once.
		dup := false
		for _, m := range out {
			if m.Level == c.level && geo.Distance(m.Point, c.point) < 150 {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		seen[c.entry] = true
		out = append(out, g.match(c, coverage, ambiguous))
	}
	return out
}

// better orders candidates: fewest contradictions, the most precise
// level, most agreement, the best name, the longest, the first.
func better(a, b *candidate) bool {
	if a.disagree != b.disagree {
		return a.disagree < b.disagree
	}
	if ra, rb := a.level.rank(), b.level.rank(); ra != rb {
		return ra > rb
	}
	if a.agree != b.agree {
		return a.agree > b.agree
	}
	if a.quality != b.quality {
		return a.quality > b.quality
	}
	if a.runes != b.runes {
		return a.runes > b.runes
	}
	return a.entry < b.entry
}

// preferTownship moves a township ahead of a station or place inside it
// that the same words name: a bare 姜山, 高桥 or 鼓楼 means the town or
// street, not its metro station (姜山站 names the station).
func preferTownship(g *Gazetteer, cands []candidate) {
	best := cands[0]
	if best.level != LevelPlace {
		return
	}
	for i := 1; i < len(cands); i++ {
		c := cands[i]
		if c.tok != best.tok || c.level != LevelTownship || c.disagree != best.disagree {
			continue
		}
		// Township centres may be estimates good to a few kilometres
		// (the former 江东 streets): the station need only be nearby.
		t, p := &g.entries[c.entry], &g.entries[best.entry]
		if p.TownshipCode == t.ID || (p.DistrictCode == t.DistrictCode && geo.Distance(p.Point, t.Point) < namesakeMetres) {
			copy(cands[1:i+1], cands[:i])
			cands[0] = c
		}
		return
	}
}

// preferRecord moves a catalogue record (an institution, a site, an
// enterprise) ahead of a place from the map found by the same
// words at the same spot: 宁波职教中心 is the school of the catalogue, with
// its id, not only a point OpenStreetMap names.
func preferRecord(g *Gazetteer, cands []candidate) {
	best := cands[0]
	if g.entries[best.entry].Kind != Place {
		return
	}
	for i := 1; i < len(cands); i++ {
		c := cands[i]
		if c.tok != best.tok || c.level != best.level || c.disagree != best.disagree || best.quality-c.quality > weakerReading {
			continue
		}
		if k := g.entries[c.entry].Kind; (k != Institution && k != Site && k != Enterprise) || geo.Distance(c.point, best.point) > sameSpotMetres {
			continue
		}
		copy(cands[1:i+1], cands[:i])
		cands[0] = c
		return
	}
}

// sameSpotMetres: two named places this close are one place.
const sameSpotMetres = 300

// namesakeMetres: a station or place this close to a township of the
// same name is named after it.
const namesakeMetres = 5000

// weakerReading: a reading of the same words this much less likely than
// the best one is dropped (横河镇's pinyin henghe also spells the derived
// name 恒禾 of an enterprise; the town is meant).
const weakerReading = 0.06

// candidates lists every entry the query's names lead to, with how it
// fits the rest of the query.
func (g *Gazetteer) candidates(toks []token, opts Options) []candidate {
	kinds := map[Kind]bool{}
	for _, k := range opts.Kinds {
		kinds[k] = true
	}
	var out []candidate
	for ti, t := range toks {
		if t.kind != tokName {
			continue
		}
		var top float32
		var refs []ref
		for _, r := range t.refs {
			e := &g.entries[r.entry]
			if opts.District != "" && e.DistrictCode != opts.District {
				continue
			}
			if len(kinds) > 0 && !kinds[e.Kind] {
				continue
			}
			refs = append(refs, r)
			top = max(top, r.quality)
		}
		for _, r := range refs {
			if r.quality < top-weakerReading {
				continue
			}
			e := &g.entries[r.entry]
			c := candidate{
				entry: r.entry, tok: ti, quality: float64(r.quality), level: e.Kind.level(),
				runes: t.runes, point: e.Point, approx: e.Approximate, name: e.Name, factor: 1,
			}
			if e.Kind == Road {
				g.placeOnRoad(&c, e, toks, ti)
			}
			for ui, u := range toks {
				if ui == ti || u.kind != tokName {
					continue
				}
				switch g.fits(e, u) {
				case fitAgrees:
					c.agree++
				case fitContradicts:
					c.disagree++
				}
			}
			out = append(out, c)
		}
	}
	return out
}

type fit uint8

const (
	fitSilent fit = iota // u names no district or township
	fitAgrees
	fitContradicts
)

// fits says whether entry e agrees with the districts and townships that
// token u may name. A token naming several things agrees if one of them
// does.
func (g *Gazetteer) fits(e *Entry, u token) fit {
	result := fitSilent
	for _, r := range u.refs {
		a := &g.entries[r.entry]
		var ok bool
		switch a.Kind {
		case District:
			ok = e.DistrictCode == a.DistrictCode || g.formerlyIn(e, a)
		case FormerDistrict:
			ok = g.formerlyIn(e, a)
		case Township:
			switch {
			case e.Kind == District:
				ok = a.DistrictCode == e.DistrictCode || g.formerlyIn(a, e)
			case e.Kind == FormerDistrict:
				ok = g.formerlyIn(a, e)
			case e.Kind == Township:
				ok = e.ID == a.ID
			default:
				ok = e.TownshipCode == a.ID || (e.Kind != Road && geo.Distance(e.Point, a.Point) < sameTownshipMetres)
			}
		default:
			continue
		}
		if ok {
			return fitAgrees
		}
		result = fitContradicts
	}
	return result
}

// formerlyIn reports whether e (or its township) once belonged to the
// district d under one of d's names: 石碶街道 to 鄞州区, 福明街道 to 江东区.
func (g *Gazetteer) formerlyIn(e *Entry, d *Entry) bool {
	former := e.FormerDistricts
	if e.Kind != Township {
		if i, ok := g.townships[e.TownshipCode]; ok {
			former = g.entries[i].FormerDistricts
		}
	}
	for _, f := range former {
		if f == d.Name {
			return true
		}
		for _, a := range d.Aliases {
			if f == a {
				return true
			}
		}
	}
	return false
}

// placeOnRoad puts a road candidate at the house number the query gives,
// if the road's known numbers allow.
func (g *Gazetteer) placeOnRoad(c *candidate, e *Entry, toks []token, ti int) {
	num := -1
	for d := 1; d < len(toks) && num < 0; d++ {
		for _, j := range []int{ti + d, ti - d} {
			if j >= 0 && j < len(toks) && toks[j].kind == tokNumber {
				num = toks[j].number
				break
			}
		}
	}
	if num < 0 || len(e.Numbers) == 0 {
		return
	}
	p, known, inRange := interpolate(e.Numbers, num)
	c.name = e.Name + strconv.Itoa(num) + "号"
	switch {
	case known:
		c.level, c.point, c.approx = LevelExact, p, false
	case inRange:
		c.level, c.point, c.approx, c.factor = LevelExact, p, true, 0.95
	default:
		// Past the numbers we know: the road, near its nearer end.
		c.point, c.factor, c.name = p, 0.85, e.Name
	}
}

// interpolate finds house number n among a road's known numbers: the
// known point, or a point between the nearest known numbers on its side
// of the road (odd or even), or else on either side. Out of range, it
// returns the nearest end.
func interpolate(nums []Number, n int) (p orb.Point, known, inRange bool) {
	for _, x := range nums {
		if x.N == n {
			return x.Point, true, true
		}
	}
	for _, sameSide := range []bool{true, false} {
		lo, hi := -1, -1
		for i, x := range nums {
			if sameSide && x.N%2 != n%2 {
				continue
			}
			if x.N < n && (lo < 0 || x.N > nums[lo].N) {
				lo = i
			}
			if x.N > n && (hi < 0 || x.N < nums[hi].N) {
				hi = i
			}
		}
		if lo >= 0 && hi >= 0 {
			a, b := nums[lo], nums[hi]
			t := float64(n-a.N) / float64(b.N-a.N)
			return orb.Point{a.Point[0] + t*(b.Point[0]-a.Point[0]), a.Point[1] + t*(b.Point[1]-a.Point[1])}, false, true
		}
	}
	first, last := nums[0], nums[0]
	for _, x := range nums {
		if x.N < first.N {
			first = x
		}
		if x.N > last.N {
			last = x
		}
	}
	if n < first.N {
		return first.Point, false, false
	}
	return last.Point, false, false
}

// match turns a candidate into the answer's form, with its confidence.
func (g *Gazetteer) match(c *candidate, coverage float64, ambiguous bool) Match {
	e := &g.entries[c.entry]
	conf := c.quality * (0.5 + 0.5*coverage) * c.factor
	if c.disagree > 0 {
		conf *= 0.6
	}
	if ambiguous {
		conf *= 0.6
	}
	// Agreement adds a little, never past what the name and the level
	// allow (an interpolated number stays below a known one).
	conf = math.Min(c.quality*c.factor, conf+0.03*float64(c.agree))
	m := Match{
		Kind: e.Kind, ID: e.ID, Name: c.name, Level: c.level, Confidence: math.Round(conf*100) / 100,
		Point: c.point, Approximate: c.approx, DistrictCode: e.DistrictCode, TownshipCode: e.TownshipCode,
	}
	if e.Kind == Township {
		m.TownshipCode = e.ID
	}
	return m
}

// String is a one-line summary of a result, for logs and tests.
func (r Result) String() string {
	var b strings.Builder
	switch {
	case r.NotFound != "":
		b.WriteString("not found (" + string(r.NotFound) + ")")
	case r.Ambiguous:
		b.WriteString("ambiguous:")
		for _, c := range r.Candidates {
			b.WriteString(" " + c.Name)
		}
	default:
		b.WriteString(string(r.Best.Level) + " " + r.Best.Name)
	}
	return b.String()
}
