package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// tianyi is 天一广场, the centre of old Ningbo (WGS-84).
var tianyi = orb.Point{121.5503, 29.8730}

// centralSpec is a hand-placed training point in central Ningbo, around
// 天一广场, so that a short walk from the city centre finds CNC courses,
// and a slightly longer one finds more.
type centralSpec struct {
	Inst   string
	Kind   string
	P      orb.Point
	Forced []string
}

var centralSpecs = []centralSpec{
	{"宁波市海曙区甬匠职业技能培训学校", "campus", orb.Point{121.5516, 29.8692}, []string{"cnc_prog", "cnc_mill_prog", "plc"}},
	{"宁波市职业技术教育中心学校", "community", orb.Point{121.5528, 29.8750}, []string{"cnc_prog", "cnc_mill_prog", "ecommerce"}},
	{"宁波第二技师学院", "community", orb.Point{121.5462, 29.8752}, []string{"cnc_prog", "cnc_mill_prog", "additive"}},
	{"宁波技师学院", "community", orb.Point{121.5575, 29.8728}, []string{"cnc_mill_prog", "cnc_prog", "digital_craft"}},
	{"宁波市甬江职业高级中学", "community", orb.Point{121.5448, 29.8695}, []string{"cnc_prog", "office"}},
	{"宁波城市职业技术学院", "community", orb.Point{121.5425, 29.8775}, []string{"tea", "flower"}},
	{"宁波卫生职业技术学院", "community", orb.Point{121.5330, 29.8700}, []string{"eldercare", "nanny"}},
	{"宁波技师学院", "community", orb.Point{121.5625, 29.8770}, []string{"cnc_prog", "plc"}},
}

// totalSites is about how many training points the catalogue has; each
// district gets a share in proportion to its population.
const totalSites = 580

func (w *world) newSite(in *institution, name, kind string, t *township, p orb.Point, addr string) *site {
	s := &site{Inst: in, Name: name, Kind: kind, T: t, P: round6(p), Address: addr}
	in.Sites = append(in.Sites, s)
	w.sites = append(w.sites, s)
	if in.T == nil {
		in.T = t
	}
	return s
}

// fixedSite places a site at a known position (OpenStreetMap, or a hand
// placement); its district is the one whose boundary holds it, its
// township the nearest centre there unless given.
func (w *world) fixedSite(in *institution, name, kind string, p orb.Point, t *township) (*site, error) {
	d := w.districtOf(p)
	if d == nil {
		return nil, fmt.Errorf("site %s at %v is outside every district", name, p)
	}
	if t == nil {
		t = d.nearestTownship(p)
	} else if t.District != d {
		return nil, fmt.Errorf("site %s at %v is in %s, not %s", name, p, d.Name, t.District.Name)
	}
	return w.newSite(in, name, kind, t, p, w.addressAt(t, p, 300)), nil
}

func (w *world) osmSchool(name string) (orb.Point, error) {
	s, ok := w.src.school(name)
	if !ok {
		return orb.Point{}, fmt.Errorf("no OpenStreetMap school named %s", name)
	}
	return s.P, nil
}

// campusRadius is how far from its township centre a school's main campus
// lies, at most.
func campusRadius(t *township) float64 {
	if t.urbanCore() {
		return 600
	}
	if t.Kind == "街道" {
		return 1200
	}
	return 1000
}

// buildSites places every training point. All steps draw from one seeded
// stream, so their order is part of the catalogue: moving a step changes
// every site drawn after it.
func (w *world) buildSites() error {
	rng := w.rng("sites")
	if err := w.placeVocationalCampuses(rng); err != nil {
		return err
	}
	if err := w.placeAdultSchools(rng); err != nil {
		return err
	}
	if err := w.placeAcademyBases(rng); err != nil {
		return err
	}
	if err := w.placeSocialPremises(rng); err != nil {
		return err
	}
	if err := w.placeCentralSites(); err != nil {
		return err
	}
	if err := w.buildParkSites(rng); err != nil {
		return err
	}
	if err := w.buildCommunitySites(rng); err != nil {
		return err
	}
	w.numberSites()
	return nil
}

// institutionNamed is w.institution for a name the specs give, where a
// missing institution is a mistake in the specs, not a lookup miss.
func (w *world) institutionNamed(name string) (*institution, error) {
	in := w.institution(name)
	if in == nil {
		return nil, fmt.Errorf("no institution named %s", name)
	}
	return in, nil
}

// mappedCampus places a campus of in where OpenStreetMap has the school
// osmName.
func (w *world) mappedCampus(in *institution, osmName, name string, t *township) (*site, error) {
	p, err := w.osmSchool(osmName)
	if err != nil {
		return nil, err
	}
	return w.fixedSite(in, name, "campus", p, t)
}

// placeVocationalCampuses places each public vocational institution's main
// campus and its mapped extra campuses.
func (w *world) placeVocationalCampuses(rng *rand.Rand) error {
	for _, v := range vocationalSpecs {
		in, err := w.institutionNamed(v.Name)
		if err != nil {
			return err
		}
		if err := w.placeMainCampus(rng, in, v); err != nil {
			return err
		}
		for _, e := range v.Extra {
			if _, err := w.mappedCampus(in, e.OSM, e.Name, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// placeMainCampus puts v's main campus where OpenStreetMap has it, checking
// the spec's district against the map, or else near its township's centre.
func (w *world) placeMainCampus(rng *rand.Rand, in *institution, v vocSpec) error {
	name := v.Main.Name
	if name == "" {
		name = v.Name + "（本部）"
	}
	if v.Main.OSM != "" {
		s, err := w.mappedCampus(in, v.Main.OSM, name, nil)
		if err != nil {
			return err
		}
		if s.T.District.Name != v.District {
			return fmt.Errorf("%s: mapped in %s, specified in %s", v.Name, s.T.District.Name, v.District)
		}
		return nil
	}
	t := w.src.townshipByName(w.src.districtByName(v.District), v.Township)
	if t == nil {
		return fmt.Errorf("%s: no township %s in %s", v.Name, v.Township, v.District)
	}
	p, addr, err := w.inTownship(rng, t, campusRadius(t))
	if err != nil {
		return err
	}
	w.newSite(in, name, "campus", t, p, addr)
	return nil
}

// mappedAdultSchools are the adult schools OpenStreetMap has, by township
// name; the others are drawn near their township's government.
var mappedAdultSchools = map[string]campusSpec{
	"横街镇":  {OSM: "横街镇成人文化技术学校"},
	"小港街道": {OSM: "小港成人学校"},
	"西周镇":  {OSM: "西周社区教育学院", Name: "西周镇成人文化技术学校（西周社区教育学院）"},
}

// placeAdultSchools places each adult school's main campus.
func (w *world) placeAdultSchools(rng *rand.Rand) error {
	for _, in := range w.institutions {
		if in.Kind != kAdult {
			continue
		}
		if err := w.placeAdultSchool(rng, in); err != nil {
			return err
		}
	}
	return nil
}

// placeAdultSchool places in's main campus in the township in.T names.
func (w *world) placeAdultSchool(rng *rand.Rand, in *institution) error {
	// in.T only says which township the school serves; newSite sets it
	// again from the campus placed
	t := in.T
	in.T = nil
	name := in.Name + "（本部）"
	if m, ok := mappedAdultSchools[t.Name]; ok {
		if m.Name != "" {
			name = m.Name
		}
		_, err := w.mappedCampus(in, m.OSM, name, t)
		return err
	}
	p, addr, err := w.inTownship(rng, t, campusRadius(t))
	if err != nil {
		return err
	}
	w.newSite(in, name, "campus", t, p, addr)
	return nil
}

// placeAcademyBases places each enterprise academy's bases.
func (w *world) placeAcademyBases(rng *rand.Rand) error {
	for _, a := range academySpecs {
		if err := w.placeAcademy(rng, a); err != nil {
			return err
		}
	}
	return nil
}

// placeAcademy puts academy a where OpenStreetMap has it, or else each of
// its bases on a road of its park, or of its township within 2.5 km of the
// centre.
func (w *world) placeAcademy(rng *rand.Rand, a academySpec) error {
	in, err := w.institutionNamed(a.Name)
	if err != nil {
		return err
	}
	if a.OSM != "" {
		_, err := w.mappedCampus(in, a.OSM, a.Name, nil)
		return err
	}
	var roads []*road
	var pk *park
	var near *orb.Point
	maxDist := 0.0
	if a.Park != "" {
		pk = w.park(a.Park)
		if pk == nil {
			return fmt.Errorf("%s: unknown park %s", a.Name, a.Park)
		}
		roads, near, maxDist = pk.Roads, &pk.Center, pk.Radius
	} else {
		t := w.src.townshipByName(w.src.districtByName(a.District), a.Township)
		if t == nil {
			return fmt.Errorf("%s: no township %s", a.Name, a.Township)
		}
		roads, near, maxDist = w.roads[t.Code], &t.Center, 2500
	}
	for _, b := range a.Bases {
		p, t, addr, ok := w.pointOnRoad(rng, roads, near, maxDist)
		if !ok {
			return fmt.Errorf("%s: no place for base %s", a.Name, b.Name)
		}
		s := w.newSite(in, a.Name+b.Name, "enterprise", t, p, addr)
		s.Park = pk
		s.Trades = b.Trades
	}
	return nil
}

// placeSocialPremises places each social training body's premises.
func (w *world) placeSocialPremises(rng *rand.Rand) error {
	for _, sp := range socialSpecs {
		if err := w.placeSocialBody(rng, sp); err != nil {
			return err
		}
	}
	return nil
}

// placeSocialBody puts sp's premises where OpenStreetMap has them, in its
// park, or near its township's centre (a little farther out than a school's
// campus); central bodies wait for placeCentralSites.
func (w *world) placeSocialBody(rng *rand.Rand, sp socialSpec) error {
	in, err := w.institutionNamed(sp.Name)
	if err != nil {
		return err
	}
	switch {
	case sp.Central:
		// placed with the central points
	case sp.OSM != "":
		if _, err := w.mappedCampus(in, sp.OSM, sp.Name, nil); err != nil {
			return err
		}
	case sp.Park != "":
		pk := w.park(sp.Park)
		if pk == nil {
			return fmt.Errorf("%s: unknown park %s", sp.Name, sp.Park)
		}
		p, t, addr, ok := w.pointOnRoad(rng, pk.Roads, &pk.Center, pk.Radius)
		if !ok {
			return fmt.Errorf("%s: no place in park %s", sp.Name, sp.Park)
		}
		s := w.newSite(in, sp.Name+"（"+pk.Short+"）", "in_park", t, p, addr)
		s.Park = pk
	default:
		t := w.src.townshipByName(w.src.districtByName(sp.District), sp.Township)
		if t == nil {
			return fmt.Errorf("%s: no township %s", sp.Name, sp.Township)
		}
		p, addr, err := w.inTownship(rng, t, campusRadius(t)*1.5)
		if err != nil {
			return err
		}
		w.newSite(in, sp.Name, "campus", t, p, addr)
	}
	return nil
}

// placeCentralSites places the hand-placed points around 天一广场.
func (w *world) placeCentralSites() error {
	for _, c := range centralSpecs {
		if err := w.placeCentralSite(c); err != nil {
			return err
		}
	}
	return nil
}

// placeCentralSite places c, which must lie 30 m inside a district so that
// a round trip through another coordinate system keeps it there.
func (w *world) placeCentralSite(c centralSpec) error {
	in, err := w.institutionNamed(c.Inst)
	if err != nil {
		return err
	}
	d := w.districtOf(c.P)
	if d == nil || !d.containsWithMargin(c.P, 30) {
		return fmt.Errorf("central site of %s at %v is not safely inside a district", c.Inst, c.P)
	}
	t := d.nearestTownship(c.P)
	name := in.Name
	if c.Kind == "community" {
		name = w.uniqueSiteName(in.shortName() + t.Short + "社区培训点")
	}
	s, err := w.fixedSite(in, name, c.Kind, c.P, t)
	if err != nil {
		return err
	}
	s.Forced = c.Forced
	return nil
}

// uniqueSiteName appends （二）, （三）... to a name already used.
func (w *world) uniqueSiteName(name string) string {
	used := func(n string) bool {
		for _, s := range w.sites {
			if s.Name == n {
				return true
			}
		}
		return false
	}
	if !used(name) {
		return name
	}
	for i := 2; ; i++ {
		n := name + "（" + chineseNumber(i) + "）"
		if !used(n) {
			return n
		}
	}
}

func chineseNumber(i int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case i <= 10:
		return digits[i]
	case i < 20:
		return "十" + digits[i-10]
	case i%10 == 0:
		return digits[i/10] + "十"
	default:
		return digits[i/10] + "十" + digits[i%10]
	}
}

// vocationalIn returns the public vocational institutions whose main
// campus is in district d.
func (w *world) vocationalIn(d *district) []*institution {
	var out []*institution
	for _, in := range w.institutions {
		if (in.Kind == kHigher || in.Kind == kTechnician || in.Kind == kSecondary) && in.T.District == d {
			out = append(out, in)
		}
	}
	return out
}

// teachesOutsideWorkshops reports whether some of in's trades can be
// taught at a community point.
func (in *institution) teachesOutsideWorkshops() bool {
	for _, x := range in.Profile {
		if tr := tradeByKey[x.Key]; tr == nil || !tr.Workshop {
			return true
		}
	}
	return false
}

func (w *world) socialIn(d *district) []*institution {
	var out []*institution
	for _, in := range w.institutions {
		if in.Kind == kSocial && in.T.District == d && in.teachesOutsideWorkshops() {
			out = append(out, in)
		}
	}
	return out
}

// manufacturingShare is the share of in's profile weight on manufacturing
// trades.
func (in *institution) manufacturingShare() float64 {
	var m, all float64
	for _, x := range in.Profile {
		all += x.W
		if tr := tradeByKey[x.Key]; tr != nil && tr.Family == famMfg {
			m += x.W
		}
	}
	return m / all
}

// nearestVocational is the vocational institution teaching mostly
// manufacturing whose main campus is closest to p.
func (w *world) nearestVocational(p orb.Point) *institution {
	var best *institution
	bd := math.Inf(1)
	for _, in := range w.institutions {
		if (in.Kind == kHigher || in.Kind == kTechnician || in.Kind == kSecondary) && in.manufacturingShare() >= 0.3 {
			if d := dist(in.Sites[0].P, p); d < bd {
				best, bd = in, d
			}
		}
	}
	return best
}

// buildParkSites puts 驻园 points in every park, run by the district's
// vocational schools (the nearest one where the district has none) and
// now and then a social training body.
func (w *world) buildParkSites(rng *rand.Rand) error {
	for _, pk := range w.parks {
		n := 2
		switch {
		case pk.Radius >= 2000:
			n = 4
		case pk.Radius > 1000:
			n = 3
		}
		var cands []*institution
		for _, in := range w.vocationalIn(pk.T.District) {
			if in.manufacturingShare() >= 0.3 {
				cands = append(cands, in)
			}
		}
		if len(cands) == 0 {
			cands = []*institution{w.nearestVocational(pk.Center)}
		}
		var social []*institution
		for _, in := range w.socialIn(pk.T.District) {
			if in.manufacturingShare() >= 0.3 {
				social = append(social, in)
			}
		}
		used := map[*institution]bool{}
		for i := 0; i < n; i++ {
			var op *institution
			if len(social) > 0 && chance(rng, 0.12) {
				op = social[rng.IntN(len(social))]
			} else {
				for try := 0; try < 10; try++ {
					op = cands[rng.IntN(len(cands))]
					if !used[op] {
						break
					}
				}
			}
			used[op] = true
			p, t, addr, ok := w.pointOnRoad(rng, pk.Roads, &pk.Center, pk.Radius)
			if !ok {
				return fmt.Errorf("no place for an in-park point in %s", pk.Name)
			}
			s := w.newSite(op, w.uniqueSiteName(op.shortName()+pk.Short+"驻园培训点"), "in_park", t, p, addr)
			s.Park = pk
		}
	}
	return nil
}

// communityRadius is how far from the township centre community points
// spread: a few hundred metres in urban streets, a few kilometres in
// rural towns.
func communityRadius(t *township) float64 {
	switch {
	case t.urbanCore():
		return 900
	case t.Kind == "街道":
		return 2000
	default:
		return 3500
	}
}

// communityWeight is how many community points a township attracts, from
// its kind and number of villages and communities (a proxy for its
// population, which is not published per township).
func communityWeight(t *township) float64 {
	v := float64(t.Villages)
	if t.Villages == 0 {
		v = 12 // a street created after 2016
	}
	switch {
	case t.urbanCore():
		return 3 + v/8
	case t.Kind == "街道":
		return 2 + v/10
	default:
		return 1 + v/15
	}
}

// buildCommunitySites adds 分散 points: first one in each township without
// an adult school, run by the school that serves it; then enough to bring
// every district to its share of totalSites.
func (w *world) buildCommunitySites(rng *rand.Rand) error {
	usedPlace := map[string]bool{} // village codes named by a site
	adultOf := map[string]*institution{}
	for _, in := range w.institutions {
		if in.Kind == kAdult {
			adultOf[in.T.Code] = in
		}
	}
	add := func(op *institution, t *township) error {
		p, addr, err := w.inTownship(rng, t, communityRadius(t))
		if err != nil {
			return err
		}
		// name the point after a village or community of the township
		place, rural, own := t.Short+"社区", false, false
		for _, i := range rng.Perm(len(t.Places)) {
			v := t.Places[i]
			if pn := v.placeName(); pn != "" && !usedPlace[v.Code] {
				usedPlace[v.Code] = true
				// rural villages teach in their 文化礼堂
				place, rural, own = pn, strings.HasSuffix(pn, "村") && !strings.HasPrefix(v.Class, "1"), true
				break
			}
		}
		var name string
		switch op.Kind {
		case kAdult:
			name = op.shortName()
			if op.T != t && own {
				name += t.Short
			}
			name += place
			if rural {
				name += "文化礼堂"
			}
			name += "教学点"
		case kSocial:
			name = op.shortName() + place + "教学点"
		default:
			name = op.shortName() + place + "培训点"
		}
		name = w.uniqueSiteName(name)
		w.newSite(op, name, "community", t, p, addr)
		return nil
	}
	for _, t := range w.src.townships {
		if op := w.noAdultSchool[t.Code]; op != nil {
			if err := add(op, t); err != nil {
				return err
			}
		}
	}
	var totalPop int
	for _, d := range w.src.districts {
		totalPop += d.Pop
	}
	for _, d := range w.src.districts {
		quota := int(math.Round(float64(totalSites) * float64(d.Pop) / float64(totalPop)))
		have := 0
		for _, s := range w.sites {
			if s.T.District == d {
				have++
			}
		}
		ws := make([]weighted, len(d.Township))
		for i, t := range d.Township {
			ws[i] = weighted{t.Code, communityWeight(t)}
		}
		voc := w.vocationalIn(d)
		social := w.socialIn(d)
		for ; have < quota; have++ {
			t := w.src.township(pick(rng, ws))
			var op *institution
			// vocational schools and social bodies run more of the points
			// in the streets without an adult school
			pSocial, pVoc := 0.06, 0.36
			if adultOf[t.Code] == nil {
				pSocial, pVoc = 0.15, 0.80
			}
			r := rng.Float64()
			switch {
			case r < pSocial && len(social) > 0:
				op = social[rng.IntN(len(social))]
			case r < pVoc && len(voc) > 0:
				op = voc[rng.IntN(len(voc))]
			case adultOf[t.Code] != nil:
				op = adultOf[t.Code]
			default:
				op = w.noAdultSchool[t.Code]
			}
			if err := add(op, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// numberSites gives sites their ids, grouped by institution.
func (w *world) numberSites() {
	seq := map[*site]int{}
	for i, s := range w.sites {
		seq[s] = i
	}
	sort.SliceStable(w.sites, func(i, j int) bool {
		a, b := w.sites[i], w.sites[j]
		if a.Inst.ID != b.Inst.ID {
			return a.Inst.ID < b.Inst.ID
		}
		return seq[a] < seq[b]
	})
	for i, s := range w.sites {
		s.ID = fmt.Sprintf("S%04d", i+1)
	}
}
