package index_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/geocode"
	"github.com/skillcircle/skillcircle/index/zh"
)

// geocodeCase is one input and the right answer, written from the facts:
// township codes from townships.csv, station names from
// metro_stations.csv, record ids from the catalogue. The test looks the
// facts up; it never asks the geocoder what the answer should be.
type geocodeCase struct {
	q     string
	group string // what kind of input: for the report
	// One of these is the right answer:
	township    string // the result's township code
	district    string // a district-level answer's code
	station     string // within nearMetres of this station
	site        string // ... of this site
	institution string // ... of one of this institution's sites
	enterprise  string // ... of this enterprise
	place       string // ... of this place (id or name)
	notFound    bool   // outside the region or nonsense: must be not found
	ambiguous   bool   // must be flagged ambiguous
	// level, if set, is the level the answer must have.
	level geocode.Level
}

// nearMetres: a named place is found when the answer is this close to it.
const nearMetres = 300

var geocodeCases = []geocodeCase{
	// Street addresses, in every district; numbers the catalogue has and
	// numbers between them.
	{q: "浙江省宁波市海曙区望春街道天宁中路32号", group: "address", township: "330203008000", level: geocode.LevelExact},
	{q: "海曙区集士港镇北塘中路27号", group: "address", township: "330203102000", level: geocode.LevelExact},
	{q: "高桥镇竹园街84号", group: "address", township: "330203100000", level: geocode.LevelExact},
	{q: "天宁中路32号", group: "address", township: "330203008000", level: geocode.LevelExact},
	{q: "江北区庄桥街道隆兴南路11号", group: "address", township: "330205005000", level: geocode.LevelExact},
	{q: "慈城镇慈城大道175号", group: "address", township: "330205103000"},
	{q: "宁波市江北区前江街道和谐南路2号", group: "address", township: "330205008000", level: geocode.LevelExact},
	{q: "北仑区新碶街道新大路99号", group: "address", township: "330206001000", level: geocode.LevelExact},
	{q: "大碶街道前进路63号", group: "address", township: "330206003000", level: geocode.LevelExact},
	{q: "北仑区小港街道滨江东路83号", group: "address", township: "330206002000", level: geocode.LevelExact},
	{q: "镇海区招宝山街道朝阳街27号", group: "address", township: "330211001000", level: geocode.LevelExact},
	{q: "贵驷街道富强东路7号", group: "address", township: "330211005000", level: geocode.LevelExact},
	{q: "鄞州区下应街道永丰街42号", group: "address", township: "330212003000", level: geocode.LevelExact},
	{q: "姜山镇明光中路107号", group: "address", township: "330212121000", level: geocode.LevelExact},
	{q: "鄞州区姜山镇明光中路150号", group: "address", township: "330212121000", level: geocode.LevelExact},
	{q: "宁波市鄞州区梅墟街道云溪街98号", group: "address", township: "330212008000", level: geocode.LevelExact},
	{q: "鄞州区姜山镇明光北路1166号", group: "address", township: "330212121000", level: geocode.LevelTownship},
	{q: "奉化区锦屏街道东城路45号", group: "address", township: "330213001000", level: geocode.LevelExact},
	{q: "大堰镇大堰东路241号", group: "address", township: "330213107000", level: geocode.LevelExact},
	{q: "象山县丹东街道和平街17号", group: "address", township: "330225001000", level: geocode.LevelExact},
	{q: "西周镇北塘大道17号", group: "address", township: "330225102000", level: geocode.LevelExact},
	{q: "石浦镇西兴南路135号", group: "address", township: "330225101000", level: geocode.LevelExact},
	{q: "宁海县跃龙街道车站大道34号", group: "address", township: "330226001000", level: geocode.LevelExact},
	{q: "长街镇长街中路153号", group: "address", township: "330226101000", level: geocode.LevelExact},
	{q: "余姚市梨洲街道南兴街36号", group: "address", township: "330281001000", level: geocode.LevelExact},
	{q: "陆埠镇昌盛南路237号", group: "address", township: "330281113000", level: geocode.LevelExact},
	{q: "慈溪市浒山街道振兴东路66号", group: "address", township: "330282001000", level: geocode.LevelExact},
	{q: "庵东镇庵东大道155号", group: "address", township: "330282118000", level: geocode.LevelExact},
	{q: "云溪街", group: "address", township: "330212008000", level: geocode.LevelRoad},
	{q: "鄞州区 姜山镇 明光中路 107号 3幢201室", group: "address", township: "330212121000", level: geocode.LevelExact},
	{q: "姜山镇阳光小区5幢", group: "address", township: "330212121000", level: geocode.LevelTownship},

	// Township and district names alone.
	{q: "姜山镇", group: "township", township: "330212121000", level: geocode.LevelTownship},
	{q: "姜山", group: "township", township: "330212121000", level: geocode.LevelTownship},
	{q: "高桥", group: "township", township: "330203100000", level: geocode.LevelTownship},
	{q: "溪口", group: "township", township: "330213100000"},
	{q: "石浦镇", group: "township", township: "330225101000"},
	{q: "长街", group: "township", township: "330226101000"},
	{q: "泗门镇", group: "township", township: "330281103000"},
	{q: "观海卫", group: "township", township: "330282107000"},
	{q: "九龙湖镇", group: "township", township: "330211101000"},
	{q: "春晓街道", group: "township", township: "330206009000"},
	{q: "慈城", group: "township", township: "330205103000"},
	{q: "龙观乡", group: "township", township: "330203200000"},
	{q: "高塘岛乡", group: "township", township: "330225204000"},
	{q: "四明山镇", group: "township", township: "330281116000"},
	{q: "桥头胡街道", group: "township", township: "330226004000"},
	{q: "桥头镇", group: "township", township: "330282109000"},
	{q: "白沙路街道", group: "township", township: "330282004000"},
	{q: "一市镇", group: "township", township: "330226104000"},
	{q: "三七市", group: "township", township: "330281110000"},
	{q: "东钱湖", group: "township", township: "330212123000"},
	{q: "鄞州区", group: "district", district: "330212", level: geocode.LevelDistrict},
	{q: "余姚", group: "district", district: "330281", level: geocode.LevelDistrict},
	{q: "宁海县", group: "district", district: "330226", level: geocode.LevelDistrict},

	// Former names: 江东区 (merged into 鄞州 in 2016), the towns moved
	// from 鄞州 to 海曙, 奉化市 (now 奉化区).
	{q: "江东区福明街道", group: "former", township: "330212016000"},
	{q: "江东区百丈街道", group: "former", township: "330212010000"},
	{q: "宁波市江东区明楼街道", group: "former", township: "330212012000"},
	{q: "鄞州区石碶街道", group: "former", township: "330203009000"},
	{q: "鄞州区集士港镇", group: "former", township: "330203102000"},
	{q: "鄞州区横街镇", group: "former", township: "330203101000"},
	{q: "奉化市溪口镇", group: "former", township: "330213100000"},
	{q: "奉化市岳林街道", group: "former", township: "330213002000"},
	{q: "江东区", group: "former", district: "330212", level: geocode.LevelDistrict},

	// Traditional characters and full-width digits.
	{q: "寧波市鄞州區姜山鎮", group: "traditional", township: "330212121000"},
	{q: "慈溪市觀海衛鎮", group: "traditional", township: "330282107000"},
	{q: "餘姚市陽明街道", group: "traditional", township: "330281004000"},
	{q: "寧海縣長街鎮", group: "traditional", township: "330226101000"},
	{q: "鎮海區莊市街道", group: "traditional", township: "330211004000"},
	{q: "姜山镇明光中路１０７号", group: "full-width", township: "330212121000", level: geocode.LevelExact},
	{q: "新碶街道新大路９９号", group: "full-width", township: "330206001000", level: geocode.LevelExact},
	{q: "海曙區望春街道天寧中路３２號", group: "full-width", township: "330203008000", level: geocode.LevelExact},

	// Pinyin and English.
	{q: "Jiangshan Town, Yinzhou District", group: "latin", township: "330212121000", level: geocode.LevelTownship},
	{q: "Jiangshan, Yinzhou", group: "latin", township: "330212121000"},
	{q: "jiangshan", group: "latin", township: "330212121000"},
	{q: "Xikou Town", group: "latin", township: "330213100000"},
	{q: "Shipu, Xiangshan", group: "latin", township: "330225101000"},
	{q: "Cicheng Town, Jiangbei District", group: "latin", township: "330205103000"},
	{q: "Zhuangshi Subdistrict, Zhenhai", group: "latin", township: "330211004000"},
	{q: "Yangming Street, Yuyao", group: "latin", township: "330281004000"},
	{q: "Guanhaiwei Town, Cixi", group: "latin", township: "330282107000"},
	{q: "Xushan Street, Cixi City", group: "latin", township: "330282001000"},
	{q: "Fuming Subdistrict", group: "latin", township: "330212016000"},
	{q: "Ninghai County", group: "latin", district: "330226"},
	{q: "Tianyi Square", group: "latin", place: "P0675"},
	{q: "dongmenkou", group: "latin", station: "东门口(天一广场)"},
	{q: "Mingguang Middle Road 107, Jiangshan", group: "latin", township: "330212121000", level: geocode.LevelExact},
	{q: "No. 99 Xinda Road, Xinqi, Beilun", group: "latin", township: "330206001000", level: geocode.LevelExact},

	// Landmarks and metro stations.
	{q: "天一广场", group: "landmark", place: "P0675"},
	{q: "天一", group: "landmark", place: "P0675"},
	{q: "江北万达", group: "landmark", place: "万达广场 (宁波江北店)"},
	{q: "东门口", group: "station", station: "东门口(天一广场)"},
	{q: "东门口(天一广场)", group: "station", station: "东门口(天一广场)"},
	{q: "鼓楼站", group: "station", station: "鼓楼"},
	{q: "宁波火车站", group: "station", station: "宁波火车站"},
	{q: "宁波站", group: "station", station: "宁波火车站"},
	{q: "庄桥站", group: "station", station: "庄桥火车站"},
	{q: "栎社国际机场", group: "station", station: "栎社国际机场"},
	{q: "世纪大道站", group: "station", station: "世纪大道"},
	{q: "鄞州区政府", group: "station", station: "鄞州区政府"},
	{q: "城隍庙", group: "station", station: "城隍庙"},
	{q: "南塘老街", group: "landmark", place: "南塘老街"},
	{q: "和义大道购物中心", group: "landmark", place: "和义大道购物中心"},
	{q: "宁波杭州湾新区", group: "landmark", place: "宁波杭州湾新区"},
	{q: "杭州湾新区", group: "landmark", place: "宁波杭州湾新区"},
	{q: "望春工业园区", group: "landmark", place: "宁波望春工业园区"},
	{q: "保税区", group: "landmark", place: "宁波保税区"},
	{q: "慈溪市人民医院", group: "landmark", place: "慈溪市人民医院"},
	{q: "李惠利医院", group: "landmark", place: "李惠利医院兴宁院区"},
	{q: "吉利杭州湾", group: "landmark", place: "宁波杭州湾新区"},
	{q: "Ningbo Railway Station", group: "latin", station: "宁波火车站"},
	{q: "Lishe International Airport", group: "latin", station: "栎社国际机场"},

	// Institutions, mostly by the short names people use.
	{q: "宁波职教中心", group: "institution", institution: "V13"},
	{q: "宁波市职业技术教育中心学校", group: "institution", institution: "V13"},
	{q: "宁职院", group: "institution", institution: "V01"},
	{q: "甬江职高", group: "institution", institution: "V15"},
	{q: "宁波幼专", group: "institution", institution: "V06"},
	{q: "东坤职高", group: "institution", institution: "V19"},
	{q: "周巷职高", group: "institution", institution: "V21"},
	{q: "余姚职校", group: "institution", institution: "V24"},
	{q: "宁海一职", group: "institution", institution: "V27"},
	{q: "象山职高", group: "institution", institution: "V34"},
	{q: "奉化职教中心", group: "institution", institution: "V20"},
	{q: "镇海职教中心", group: "institution", institution: "V16"},
	{q: "北仑职高", group: "institution", institution: "V17"},
	{q: "锦堂职高", group: "institution", institution: "V35"},
	{q: "宁波技师学院", group: "institution", institution: "V08"},
	{q: "姜山成校", group: "institution", institution: "A330212121000"},
	{q: "东鼎工匠学院", group: "institution", institution: "EA01"},

	// Enterprises.
	{q: "海天集团", group: "enterprise", enterprise: "E0001"},
	{q: "雅戈尔", group: "enterprise", enterprise: "E0005"},
	{q: "镇海炼化", group: "enterprise", enterprise: "E0006"},
	{q: "方太", group: "enterprise", enterprise: "E0003"},
	{q: "舜宇光学科技（集团）有限公司", group: "enterprise", enterprise: "E0004"},
	{q: "得力集团", group: "enterprise", enterprise: "E0009"},
	{q: "均胜电子", group: "enterprise", enterprise: "E0010"},
	{q: "吉利汽车", group: "enterprise", enterprise: "E0002"},
	{q: "宁波博达服饰有限公司", group: "enterprise", enterprise: "E0011"},

	// Said the way people say it.
	{q: "我家住在姜山镇附近", group: "phrase", township: "330212121000"},
	{q: "我在海天集团上班", group: "phrase", enterprise: "E0001"},
	{q: "东门口附近", group: "phrase", station: "东门口(天一广场)"},

	// Outside the region, and nonsense: never an answer.
	{q: "北京市朝阳区建国路88号", group: "outside", notFound: true},
	{q: "上海市浦东新区世纪大道100号", group: "outside", notFound: true},
	{q: "杭州市西湖区文三路", group: "outside", notFound: true},
	{q: "浙江省杭州市余杭区", group: "outside", notFound: true},
	{q: "绍兴市柯桥区", group: "outside", notFound: true},
	{q: "广东省深圳市南山区科技园", group: "outside", notFound: true},
	{q: "温州", group: "outside", notFound: true},
	{q: "Beijing", group: "outside", notFound: true},
	{q: "Shanghai Pudong", group: "outside", notFound: true},
	{q: "朝阳区建国路88号", group: "outside", notFound: true},
	{q: "asdfghjkl", group: "nonsense", notFound: true},
	{q: "xyz abc", group: "nonsense", notFound: true},
	{q: "今天天气怎么样", group: "nonsense", notFound: true},
	{q: "我想学数控车床", group: "nonsense", notFound: true},
	{q: "12345", group: "nonsense", notFound: true},
	{q: "西门子冰箱维修", group: "nonsense", notFound: true},
	{q: "火星基地一号", group: "nonsense", notFound: true},
	{q: "qwerty 123", group: "nonsense", notFound: true},
	{q: "宁波市", group: "nonsense", notFound: true},

	// The same words for places kilometres apart.
	{q: "职教中心", group: "ambiguous", ambiguous: true},
	{q: "高新区", group: "ambiguous", ambiguous: true},
	{q: "第二医院", group: "ambiguous", ambiguous: true},
	{q: "万达广场", group: "ambiguous", ambiguous: true},
	{q: "宁波万达", group: "ambiguous", ambiguous: true},
}

// facts finds where a case's answer is, from the catalogue.
type facts struct {
	cat *data.Catalogue
}

func (f facts) points(c geocodeCase) ([]orb.Point, error) {
	var out []orb.Point
	switch {
	case c.station != "":
		for _, s := range f.cat.Stations {
			if s.Name == c.station {
				out = append(out, s.Location)
			}
		}
	case c.site != "":
		for _, s := range f.cat.Sites {
			if s.ID == c.site {
				out = append(out, s.Location)
			}
		}
	case c.institution != "":
		for _, s := range f.cat.Sites {
			if s.InstitutionID == c.institution {
				out = append(out, s.Location)
			}
		}
	case c.enterprise != "":
		for _, e := range f.cat.Enterprises {
			if e.ID == c.enterprise {
				out = append(out, e.Location)
			}
		}
	case c.place != "":
		for _, p := range f.cat.Places {
			if p.ID == c.place || p.Name == c.place {
				out = append(out, p.Location)
			}
		}
	default:
		return nil, nil
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the catalogue has no such record")
	}
	return out, nil
}

// judge says whether a result is the right answer, and if not why.
func (f facts) judge(t *testing.T, snap *index.Snapshot, c geocodeCase) (bool, string) {
	r, err := snap.Geocode(c.q, geocode.Options{})
	switch {
	case c.notFound:
		if errors.Is(err, index.ErrNotFound) {
			return true, ""
		}
		return false, fmt.Sprintf("want not found, got %v (err %v)", r, err)
	case err != nil:
		return false, fmt.Sprintf("error: %v", err)
	case c.ambiguous:
		return r.Ambiguous && r.Best == nil && len(r.Candidates) > 1, fmt.Sprintf("want ambiguous, got %v", r)
	case r.Best == nil:
		return false, fmt.Sprintf("no answer: %v", r)
	}
	b := r.Best
	if c.level != "" && b.Level != c.level {
		return false, fmt.Sprintf("level %s, want %s (%v)", b.Level, c.level, r)
	}
	if c.township != "" && b.TownshipCode != c.township {
		return false, fmt.Sprintf("township %s (%s), want %s", b.TownshipCode, b.Name, c.township)
	}
	if c.district != "" && (b.DistrictCode != c.district || b.Level != geocode.LevelDistrict) {
		return false, fmt.Sprintf("%s %s in %s, want district %s", b.Level, b.Name, b.DistrictCode, c.district)
	}
	pts, err := f.points(c)
	if err != nil {
		t.Fatalf("%q: %v", c.q, err)
	}
	if pts != nil {
		nearest := 1e18
		for _, p := range pts {
			nearest = min(nearest, geo.Distance(p, b.Point))
		}
		if nearest > nearMetres {
			return false, fmt.Sprintf("%s %s is %.0f m from the right place", b.Level, b.Name, nearest)
		}
	}
	return true, ""
}

// TestGeocodeTable runs every case and requires at least 95% right
// overall, and every out-of-region and nonsense input not found.
func TestGeocodeTable(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	f := facts{cat}
	right, total := 0, 0
	perGroup := map[string][2]int{}
	districts := map[string]bool{}
	for _, c := range geocodeCases {
		ok, why := f.judge(t, snap, c)
		total++
		g := perGroup[c.group]
		g[1]++
		if ok {
			right++
			g[0]++
		} else {
			t.Logf("wrong: %q: %s", c.q, why)
			if c.notFound {
				t.Errorf("%q must be not found: %s", c.q, why)
			}
		}
		perGroup[c.group] = g
		if c.township != "" {
			districts[c.township[:6]] = true
		}
	}
	if len(districts) != 10 {
		t.Errorf("the table covers %d districts, want all 10", len(districts))
	}
	if total < 80 {
		t.Errorf("only %d cases", total)
	}
	share := float64(right) / float64(total)
	var groups []string
	for g, n := range perGroup {
		groups = append(groups, fmt.Sprintf("%s %d/%d", g, n[0], n[1]))
	}
	t.Logf("%d of %d right (%.1f%%): %s", right, total, 100*share, strings.Join(groups, ", "))
	if share < 0.95 {
		t.Errorf("%.1f%% right, want at least 95%%", 100*share)
	}
}

// TestGeocodeEveryAddress geocodes the address of every site and
// enterprise of the catalogue: the answer must be the record's township,
// and a house number the gazetteer learnt from that very record must
// come back where the record is.
func TestGeocodeEveryAddress(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	type rec struct {
		what, address, township string
		at                      orb.Point
	}
	var recs []rec
	for _, s := range cat.Sites {
		recs = append(recs, rec{"site " + s.ID, s.Address, s.TownshipCode, s.Location})
	}
	for _, e := range cat.Enterprises {
		recs = append(recs, rec{"enterprise " + e.ID, e.Address, e.TownshipCode, e.Location})
	}
	right, exact := 0, 0
	for _, r := range recs {
		res, err := snap.Geocode(r.address, geocode.Options{})
		if err != nil || res.Best == nil {
			t.Errorf("%s %q: %v %v", r.what, r.address, res, err)
			continue
		}
		b := res.Best
		if b.TownshipCode != r.township {
			t.Errorf("%s %q: township %s, want %s", r.what, r.address, b.TownshipCode, r.township)
			continue
		}
		right++
		if b.Level == geocode.LevelExact && geo.Distance(b.Point, r.at) < 1 {
			exact++
		}
	}
	t.Logf("%d addresses: %d in the right township, %d exactly where the record is", len(recs), right, exact)
	// Two records may share an address number; the first one seen is
	// where the number is.
	if exact < len(recs)*95/100 {
		t.Errorf("only %d of %d addresses placed exactly", exact, len(recs))
	}
}

// TestGeocodeEveryTownshipAndStation asks for every township by its full
// name, its short name with its district, and its pinyin, and for every
// metro station by name.
func TestGeocodeEveryTownshipAndStation(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	districts := map[string]string{}
	for _, d := range cat.Districts {
		districts[d.Code] = d.Name
	}
	// Townships whose short names sound alike (咸祥 and 贤庠 are both
	// xianxiang): in pinyin they are ambiguous, and must be said to be.
	sounds := map[string][]string{}
	for _, tw := range cat.Townships {
		py := zhPinyin(tw.ShortName)
		sounds[py] = append(sounds[py], tw.Code)
	}
	for _, tw := range cat.Townships {
		for _, q := range []string{tw.Name, districts[tw.DistrictCode] + tw.ShortName, zhPinyin(tw.ShortName)} {
			res, err := snap.Geocode(q, geocode.Options{})
			if homophones := sounds[q]; len(homophones) > 1 {
				listed := map[string]bool{}
				for _, c := range res.Candidates {
					listed[c.TownshipCode] = true
				}
				for _, code := range homophones {
					if !res.Ambiguous || !listed[code] {
						t.Errorf("%q: %v, want ambiguous between %v", q, res, homophones)
					}
				}
				continue
			}
			if err != nil || res.Best == nil || res.Best.TownshipCode != tw.Code {
				t.Errorf("%q: %v %v, want %s %s", q, res, err, tw.Code, tw.Name)
			}
		}
	}
	for _, st := range cat.Stations {
		res, err := snap.Geocode(st.Name+"站", geocode.Options{})
		if err != nil || res.Best == nil || geo.Distance(res.Best.Point, st.Location) > 1 {
			t.Errorf("%q: %v %v", st.Name+"站", res, err)
		}
	}
}

func zhPinyin(s string) string { return zh.Pinyin(s) }

// TestGeocodeEveryName asks for every institution (by name and short
// name), enterprise and place by name: the answer must be where the
// record is, or, for a name that several records far apart share, an
// ambiguous result listing one of them.
func TestGeocodeEveryName(t *testing.T) {
	cat, snap := ningboSnapshot(t)
	type named struct {
		name string
		at   []orb.Point
	}
	byName := map[string]*named{}
	var order []string
	add := func(name string, p orb.Point) {
		if name == "" {
			return
		}
		n := byName[name]
		if n == nil {
			n = &named{name: name}
			byName[name] = n
			order = append(order, name)
		}
		n.at = append(n.at, p)
	}
	sitesOf := map[string][]orb.Point{}
	for _, s := range cat.Sites {
		sitesOf[s.InstitutionID] = append(sitesOf[s.InstitutionID], s.Location)
	}
	for _, in := range cat.Institutions {
		for _, p := range sitesOf[in.ID] {
			add(in.Name, p)
			add(in.ShortName, p)
		}
	}
	for _, e := range cat.Enterprises {
		add(e.Name, e.Location)
	}
	for _, p := range cat.Places {
		add(p.Name, p.Location)
		add(p.ShortName, p.Location)
	}
	wrong := 0
	for _, name := range order {
		n := byName[name]
		res, err := snap.Geocode(name, geocode.Options{})
		near := func(m geocode.Match) bool {
			for _, p := range n.at {
				if geo.Distance(p, m.Point) <= nearMetres {
					return true
				}
			}
			return false
		}
		ok := false
		switch {
		case err != nil:
		case res.Best != nil:
			ok = near(*res.Best)
		case res.Ambiguous:
			for _, c := range res.Candidates {
				ok = ok || near(c)
			}
		}
		if !ok {
			wrong++
			t.Logf("%q: %v %v", name, res, err)
		}
	}
	t.Logf("%d names, %d not found where they are", len(order), wrong)
	if wrong > len(order)/100 {
		t.Errorf("%d of %d names not found where they are", wrong, len(order))
	}
}
