package index

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/geocode"
)

// The gazetteer is built from the catalogue when a snapshot is built and
// stored in it (bucket "gazetteer"): districts, the districts that no
// longer exist, townships, metro stations, institutions, sites,
// enterprises, places, and the roads learnt from the addresses of the
// sites and enterprises, with the house numbers seen on each.

// gazetteerEntries lists the catalogue's named things for the geocoder:
// the region's areas, the stations, the records, and the roads, in that
// order.
func gazetteerEntries(cat *data.Catalogue) ([]geocode.Entry, error) {
	townships := map[string]*data.Township{}
	byDistrict := map[string][]*data.Township{}
	for i := range cat.Townships {
		t := &cat.Townships[i]
		townships[t.Code] = t
		byDistrict[t.DistrictCode] = append(byDistrict[t.DistrictCode], t)
	}
	out := areaEntries(cat, byDistrict)
	out = append(out, stationEntries(cat, newLocator(cat.Districts, byDistrict))...)
	out = append(out, recordEntries(cat)...)
	out = append(out, learnRoads(cat, townships)...)
	if len(out) == 0 {
		return nil, fmt.Errorf("index: the catalogue names nothing to geocode")
	}
	return out, nil
}

// areaEntries are the districts, with the former names that now mean them
// (奉化市), the former districts that no longer exist (江东区), and the
// townships.
func areaEntries(cat *data.Catalogue, byDistrict map[string][]*data.Township) []geocode.Entry {
	var out []geocode.Entry
	current := map[string]string{} // name -> code
	for _, d := range cat.Districts {
		current[d.Name] = d.Code
	}
	formerTownships := map[string][]*data.Township{}
	var formerNames []string
	for i := range cat.Townships {
		t := &cat.Townships[i]
		if f := t.FormerDistrict; f != "" && current[f] == "" {
			if formerTownships[f] == nil {
				formerNames = append(formerNames, f)
			}
			formerTownships[f] = append(formerTownships[f], t)
		}
	}
	aliases := map[string][]string{}
	for _, f := range formerNames {
		ts := formerTownships[f]
		code := ts[0].DistrictCode
		whole := len(ts) == len(byDistrict[code])
		for _, t := range ts {
			whole = whole && t.DistrictCode == code
		}
		if whole {
			// Renamed rather than merged: 奉化市 is 奉化区.
			aliases[code] = append(aliases[code], f)
			continue
		}
		var sum orb.Point
		for _, t := range ts {
			sum[0] += t.Center[0]
			sum[1] += t.Center[1]
		}
		n := float64(len(ts))
		out = append(out, geocode.Entry{
			Kind: geocode.FormerDistrict, ID: f, Name: f, DistrictCode: majorityDistrict(ts),
			Point: orb.Point{sum[0] / n, sum[1] / n}, Approximate: true,
		})
	}
	for _, d := range cat.Districts {
		out = append(out, geocode.Entry{
			Kind: geocode.District, ID: d.Code, Name: d.Name, Aliases: aliases[d.Code],
			DistrictCode: d.Code, Point: d.Center, Approximate: true,
		})
	}
	for _, t := range cat.Townships {
		e := geocode.Entry{
			Kind: geocode.Township, ID: t.Code, Name: t.Name, DistrictCode: t.DistrictCode, TownshipCode: t.Code,
			Point: t.Center, Approximate: true,
		}
		if t.ShortName != "" && t.ShortName != t.Name {
			e.Aliases = []string{t.ShortName}
		}
		if t.FormerDistrict != "" {
			e.FormerDistricts = []string{t.FormerDistrict}
		}
		out = append(out, e)
	}
	return out
}

// locator says where a point is, by the same rule as the catalogue's
// records: the district whose boundary holds it, the township of that
// district with the nearest centre.
type locator struct {
	districts  []data.District
	areas      map[string]*geo.Area
	byDistrict map[string][]*data.Township
}

func newLocator(districts []data.District, byDistrict map[string][]*data.Township) *locator {
	areas := make(map[string]*geo.Area, len(districts))
	for _, d := range districts {
		areas[d.Code] = geo.NewArea(d.Boundary)
	}
	return &locator{districts: districts, areas: areas, byDistrict: byDistrict}
}

func (l *locator) locate(p orb.Point) (district, township string, ok bool) {
	for _, d := range l.districts {
		if l.areas[d.Code].DistanceTo(p) == 0 {
			district = d.Code
			break
		}
	}
	if district == "" {
		return "", "", false
	}
	best := math.Inf(1)
	for _, t := range l.byDistrict[district] {
		if m := geo.Distance(p, t.Center); m < best {
			township, best = t.Code, m
		}
	}
	return district, township, true
}

// stationEntries are the metro stations inside the region, each also by
// either part of a name like 东门口(天一广场).
func stationEntries(cat *data.Catalogue, l *locator) []geocode.Entry {
	var out []geocode.Entry
	for _, st := range cat.Stations {
		d, t, ok := l.locate(st.Location)
		if !ok {
			continue
		}
		e := geocode.Entry{Kind: geocode.Station, ID: st.ID, Name: st.Name, DistrictCode: d, TownshipCode: t, Point: st.Location}
		// 东门口(天一广场) is also called by either name alone.
		if open := strings.IndexAny(st.Name, "(（"); open > 0 {
			inner := strings.TrimRight(st.Name[open:], ")）")
			inner = strings.TrimLeft(inner, "(（")
			e.Aliases = append(e.Aliases, strings.TrimSpace(st.Name[:open]))
			if inner != "" {
				e.Aliases = append(e.Aliases, strings.TrimSpace(inner))
			}
		}
		if st.Pinyin != "" {
			e.Latin = []string{st.Pinyin}
		}
		out = append(out, e)
	}
	return out
}

// recordEntries are the institutions (at their main site), the sites, the
// enterprises and the places.
func recordEntries(cat *data.Catalogue) []geocode.Entry {
	var out []geocode.Entry
	sitesOf := map[string][]*data.Site{}
	for i := range cat.Sites {
		s := &cat.Sites[i]
		sitesOf[s.InstitutionID] = append(sitesOf[s.InstitutionID], s)
	}
	for _, in := range cat.Institutions {
		main := mainSite(&in, sitesOf[in.ID])
		if main == nil {
			continue // no site: nowhere to put it
		}
		e := geocode.Entry{Kind: geocode.Institution, ID: in.ID, Name: in.Name, DistrictCode: main.DistrictCode,
			TownshipCode: main.TownshipCode, Point: main.Location}
		if in.ShortName != "" && in.ShortName != in.Name {
			e.Aliases = []string{in.ShortName}
		}
		out = append(out, e)
	}
	for _, s := range cat.Sites {
		out = append(out, geocode.Entry{Kind: geocode.Site, ID: s.ID, Name: s.Name, DistrictCode: s.DistrictCode,
			TownshipCode: s.TownshipCode, Point: s.Location})
	}
	for _, e := range cat.Enterprises {
		out = append(out, geocode.Entry{Kind: geocode.Enterprise, ID: e.ID, Name: e.Name, DistrictCode: e.DistrictCode,
			TownshipCode: e.TownshipCode, Point: e.Location})
	}
	for _, p := range cat.Places {
		e := geocode.Entry{Kind: geocode.Place, ID: p.ID, Name: p.Name, DistrictCode: p.DistrictCode,
			TownshipCode: p.TownshipCode, Point: p.Location, Approximate: p.Approximate}
		if p.ShortName != "" && p.ShortName != p.Name {
			e.Aliases = []string{p.ShortName}
		}
		out = append(out, e)
	}
	return out
}

// majorityDistrict is the district most of ts are in now (ties: the
// lowest code).
func majorityDistrict(ts []*data.Township) string {
	n := map[string]int{}
	for _, t := range ts {
		n[t.DistrictCode]++
	}
	best := ""
	for code, c := range n {
		if best == "" || c > n[best] || (c == n[best] && code < best) {
			best = code
		}
	}
	return best
}

// mainSite is where an institution is: its campus in its own township,
// else its first campus, else its first site.
func mainSite(in *data.Institution, sites []*data.Site) *data.Site {
	for _, s := range sites {
		if s.Kind == data.Campus && s.TownshipCode == in.TownshipCode {
			return s
		}
	}
	for _, s := range sites {
		if s.Kind == data.Campus {
			return s
		}
	}
	if len(sites) > 0 {
		return sites[0]
	}
	return nil
}

// roadAddress is the road and house number that end a postal address once
// its province, city, district and township are taken off: 明光北路1166号.
var roadAddress = regexp.MustCompile(`^(.{1,20}?(?:大道|路|街|巷|弄|道))(\d{1,6})号`)

// learnRoads finds the roads in the addresses of sites and enterprises,
// with the house numbers seen on each and where they are. A road is one
// entry per township it is seen in.
func learnRoads(cat *data.Catalogue, townships map[string]*data.Township) []geocode.Entry {
	districtNames := map[string]string{}
	for _, d := range cat.Districts {
		districtNames[d.Code] = d.Name
	}
	type roadKey struct{ name, township string }
	type seen struct {
		district string
		numbers  map[int]orb.Point
	}
	roads := map[roadKey]*seen{}
	var order []roadKey
	learn := func(address, district, township string, p orb.Point) {
		rest := strings.TrimSpace(address)
		for _, prefix := range []string{"浙江省", "宁波市", districtNames[district]} {
			rest = strings.TrimPrefix(rest, prefix)
		}
		if t := townships[township]; t != nil {
			if r := strings.TrimPrefix(rest, t.Name); r != rest {
				rest = r
			} else {
				rest = strings.TrimPrefix(rest, t.ShortName)
			}
		}
		m := roadAddress.FindStringSubmatch(rest)
		if m == nil {
			return
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			return
		}
		k := roadKey{m[1], township}
		r := roads[k]
		if r == nil {
			r = &seen{district: district, numbers: map[int]orb.Point{}}
			roads[k] = r
			order = append(order, k)
		}
		if _, dup := r.numbers[n]; !dup {
			r.numbers[n] = p
		}
	}
	for _, s := range cat.Sites {
		learn(s.Address, s.DistrictCode, s.TownshipCode, s.Location)
	}
	for _, e := range cat.Enterprises {
		learn(e.Address, e.DistrictCode, e.TownshipCode, e.Location)
	}
	var out []geocode.Entry
	for _, k := range order {
		r := roads[k]
		nums := make([]geocode.Number, 0, len(r.numbers))
		for n, p := range r.numbers {
			nums = append(nums, geocode.Number{N: n, Point: p})
		}
		sort.Slice(nums, func(i, j int) bool { return nums[i].N < nums[j].N })
		out = append(out, geocode.Entry{
			Kind: geocode.Road, ID: k.township + ":" + k.name, Name: k.name, DistrictCode: r.district,
			TownshipCode: k.township, Point: nums[len(nums)/2].Point, Approximate: true, Numbers: nums,
		})
	}
	return out
}
