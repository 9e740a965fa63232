package geocode_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index/geocode"
)

// A small gazetteer shaped like Ningbo's: two districts and a former
// one, three townships, a road with known house numbers, a station, an
// institution known by a short name, an enterprise, and two schools whose
// names end alike.
var (
	jiangshan  = orb.Point{121.5252, 29.7734}
	fuming     = orb.Point{121.6000, 29.8820}
	shiqi      = orb.Point{121.5005, 29.8303}
	dongmenkou = orb.Point{121.5513, 29.8741}
	road101    = orb.Point{121.5260, 29.7700}
	road143    = orb.Point{121.5300, 29.7700}
)

func testEntries() []geocode.Entry {
	return []geocode.Entry{
		{Kind: geocode.District, ID: "330212", Name: "鄞州区", DistrictCode: "330212", Point: orb.Point{121.547, 29.817}, Approximate: true},
		{Kind: geocode.District, ID: "330211", Name: "镇海区", DistrictCode: "330211", Point: orb.Point{121.713, 29.952}, Approximate: true},
		{Kind: geocode.District, ID: "330203", Name: "海曙区", DistrictCode: "330203", Point: orb.Point{121.535, 29.877}, Approximate: true},
		{Kind: geocode.District, ID: "330213", Name: "奉化区", Aliases: []string{"奉化市"}, DistrictCode: "330213", Point: orb.Point{121.406, 29.655}, Approximate: true},
		{Kind: geocode.FormerDistrict, ID: "江东区", Name: "江东区", DistrictCode: "330212", Point: orb.Point{121.58, 29.87}, Approximate: true},
		{Kind: geocode.Township, ID: "330212121000", Name: "姜山镇", Aliases: []string{"姜山"}, DistrictCode: "330212", TownshipCode: "330212121000", Point: jiangshan, Approximate: true},
		{Kind: geocode.Township, ID: "330212016000", Name: "福明街道", Aliases: []string{"福明"}, FormerDistricts: []string{"江东区"}, DistrictCode: "330212", TownshipCode: "330212016000", Point: fuming, Approximate: true},
		{Kind: geocode.Township, ID: "330203009000", Name: "石碶街道", Aliases: []string{"石碶"}, FormerDistricts: []string{"鄞州区"}, DistrictCode: "330203", TownshipCode: "330203009000", Point: shiqi, Approximate: true},
		{Kind: geocode.Township, ID: "330213100000", Name: "溪口镇", Aliases: []string{"溪口"}, FormerDistricts: []string{"奉化市"}, DistrictCode: "330213", TownshipCode: "330213100000", Point: orb.Point{121.24, 29.677}, Approximate: true},
		{Kind: geocode.Road, ID: "330212121000:明光中路", Name: "明光中路", DistrictCode: "330212", TownshipCode: "330212121000", Point: road101, Approximate: true,
			Numbers: []geocode.Number{{N: 101, Point: road101}, {N: 143, Point: road143}, {N: 158, Point: orb.Point{121.5320, 29.7703}}}},
		{Kind: geocode.Station, ID: "M010", Name: "东门口(天一广场)", Aliases: []string{"东门口", "天一广场"}, Latin: []string{"dongmenkoutianyiguangchang"}, DistrictCode: "330203", TownshipCode: "330203002000", Point: dongmenkou},
		{Kind: geocode.Institution, ID: "V13", Name: "宁波市职业技术教育中心学校", Aliases: []string{"宁波职教中心"}, DistrictCode: "330212", TownshipCode: "330212010000", Point: orb.Point{121.5641, 29.8746}},
		// The same school as a point of the map: the catalogue's record wins.
		{Kind: geocode.Place, ID: "P0244", Name: "宁波职教中心", DistrictCode: "330212", TownshipCode: "330212010000", Point: orb.Point{121.5642, 29.8747}},
		{Kind: geocode.Institution, ID: "V16", Name: "宁波市镇海区职业教育中心学校", Aliases: []string{"镇海职教中心"}, DistrictCode: "330211", TownshipCode: "330211004000", Point: orb.Point{121.62, 29.93}},
		{Kind: geocode.Enterprise, ID: "E0001", Name: "海天集团股份有限公司", DistrictCode: "330206", TownshipCode: "330206002000", Point: orb.Point{121.708, 29.933}},
		{Kind: geocode.Enterprise, ID: "E0006", Name: "中国石油化工股份有限公司镇海炼化分公司", DistrictCode: "330211", TownshipCode: "330211005000", Point: orb.Point{121.644, 29.99}},
	}
}

func testGazetteer(t testing.TB) *geocode.Gazetteer {
	t.Helper()
	g, err := geocode.New(testEntries())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestParse(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		q    string
		want geocode.Address
	}{
		{"浙江省宁波市鄞州区姜山镇明光中路107号3幢201室", geocode.Address{Province: "浙江省", City: "宁波市", District: "鄞州区", Township: "姜山镇", Road: "明光中路", Number: "107号", Building: "3幢201室"}},
		{"寧波市 鄞州區 姜山鎮 明光中路 １０７號", geocode.Address{City: "宁波市", District: "鄞州区", Township: "姜山镇", Road: "明光中路", Number: "107号"}},
		{"姜山明光北路1166号", geocode.Address{Township: "姜山", Road: "明光北路", Number: "1166号", Unmatched: []string{"明光北路"}}},
		{"江东区福明街道", geocode.Address{District: "江东区", Township: "福明街道"}},
		{"宁波职教中心附近", geocode.Address{Place: "宁波职教中心"}},
		{"北京市朝阳区建国路88号", geocode.Address{Outside: "北京市", Road: "建国路", Number: "88号", Unmatched: []string{"朝阳区", "建国路"}}},
		{"Jiangshan Town, Yinzhou District", geocode.Address{District: "yinzhoudistrict", Township: "jiangshantown"}},
		{"No. 143 Mingguang Middle Road", geocode.Address{Road: "mingguangmiddleroad", Number: "143"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := g.Parse(tt.q)
			if strings.Join(got.Unmatched, "|") != strings.Join(tt.want.Unmatched, "|") {
				t.Errorf("unmatched %q, want %q", got.Unmatched, tt.want.Unmatched)
			}
			got.Unmatched, tt.want.Unmatched = nil, nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got  %+v\n want %+v", got, tt.want)
			}
		})
	}
}

func TestGeocode(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		q        string
		kind     geocode.Kind
		id       string
		level    geocode.Level
		township string
		approx   bool
	}{
		{"鄞州区姜山镇明光中路143号", geocode.Road, "330212121000:明光中路", geocode.LevelExact, "330212121000", false},
		{"姜山镇明光中路121号", geocode.Road, "330212121000:明光中路", geocode.LevelExact, "330212121000", true},
		{"明光中路999号", geocode.Road, "330212121000:明光中路", geocode.LevelRoad, "330212121000", true},
		{"明光中路", geocode.Road, "330212121000:明光中路", geocode.LevelRoad, "330212121000", true},
		{"姜山明光北路1166号", geocode.Township, "330212121000", geocode.LevelTownship, "330212121000", true},
		{"姜山", geocode.Township, "330212121000", geocode.LevelTownship, "330212121000", true},
		{"姜山镇阳光小区3幢201室", geocode.Township, "330212121000", geocode.LevelTownship, "330212121000", true},
		{"jiang shan zhen", geocode.Township, "330212121000", geocode.LevelTownship, "330212121000", true},
		{"江东区福明街道", geocode.Township, "330212016000", geocode.LevelTownship, "330212016000", true},
		{"鄞州区石碶", geocode.Township, "330203009000", geocode.LevelTownship, "330203009000", true},
		{"奉化市溪口镇", geocode.Township, "330213100000", geocode.LevelTownship, "330213100000", true},
		{"奉化市", geocode.District, "330213", geocode.LevelDistrict, "", true},
		{"江东", geocode.FormerDistrict, "江东区", geocode.LevelDistrict, "", true},
		{"天一广场", geocode.Station, "M010", geocode.LevelPlace, "330203002000", false},
		{"Dongmenkou (Tianyi Guangchang)", geocode.Station, "M010", geocode.LevelPlace, "330203002000", false},
		{"东门口站", geocode.Station, "M010", geocode.LevelPlace, "330203002000", false},
		{"宁波职教中心", geocode.Institution, "V13", geocode.LevelPlace, "330212010000", false},
		{"职业技术教育中心学校", geocode.Institution, "V13", geocode.LevelPlace, "330212010000", false},
		{"海天集团", geocode.Enterprise, "E0001", geocode.LevelPlace, "330206002000", false},
		{"海天", geocode.Enterprise, "E0001", geocode.LevelPlace, "330206002000", false},
		{"镇海炼化", geocode.Enterprise, "E0006", geocode.LevelPlace, "330211005000", false},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := g.Geocode(tt.q, geocode.Options{})
			if r.Best == nil {
				t.Fatalf("no answer: %v", r)
			}
			b := r.Best
			if b.Kind != tt.kind || b.ID != tt.id || b.Level != tt.level || b.TownshipCode != tt.township || b.Approximate != tt.approx {
				t.Errorf("got %+v", *b)
			}
			if b.Confidence <= 0 || b.Confidence > 1 {
				t.Errorf("confidence %v", b.Confidence)
			}
		})
	}
}

func TestGeocodeInterpolates(t *testing.T) {
	g := testGazetteer(t)
	// 122 is even: the even side knows only 158, so it lies between 101
	// and 143 of the other side, halfway. 121 is odd, 20/42 of the way.
	for _, tt := range []struct {
		q string
		t float64
	}{{"明光中路122号", 0.5}, {"明光中路121号", 20.0 / 42}} {
		r := g.Geocode(tt.q, geocode.Options{})
		want := orb.Point{road101[0] + tt.t*(road143[0]-road101[0]), road101[1] + tt.t*(road143[1]-road101[1])}
		if r.Best == nil || geo.Distance(r.Best.Point, want) > 0.5 || r.Best.Name != tt.q || !r.Best.Approximate {
			t.Fatalf("%s: got %+v, want near %v", tt.q, r.Best, want)
		}
	}
	// A known number is where it was seen, and says so.
	r := g.Geocode("明光中路101号", geocode.Options{})
	if r.Best == nil || r.Best.Point != road101 || r.Best.Approximate {
		t.Fatalf("got %+v", r.Best)
	}
	// Past the known numbers: the road, at its nearer end, less sure.
	far := g.Geocode("明光中路9号", geocode.Options{})
	if far.Best == nil || far.Best.Level != geocode.LevelRoad || far.Best.Point != road101 || far.Best.Confidence >= r.Best.Confidence {
		t.Fatalf("got %+v", far.Best)
	}
}

func TestGeocodeDisagreement(t *testing.T) {
	g := testGazetteer(t)
	// 姜山 is not in 海曙: still 姜山, but less sure than when the
	// district agrees.
	wrong := g.Geocode("海曙区姜山镇", geocode.Options{})
	right := g.Geocode("鄞州区姜山镇", geocode.Options{})
	if wrong.Best == nil || wrong.Best.ID != "330212121000" || right.Best == nil {
		t.Fatalf("got %v and %v", wrong, right)
	}
	if wrong.Best.Confidence >= right.Best.Confidence {
		t.Errorf("confidence %v with the wrong district, %v with the right one", wrong.Best.Confidence, right.Best.Confidence)
	}
}

func TestGeocodeAmbiguous(t *testing.T) {
	g := testGazetteer(t)
	r := g.Geocode("职教中心", geocode.Options{})
	if !r.Ambiguous || r.Best != nil || len(r.Candidates) != 2 {
		t.Fatalf("got %v", r)
	}
	// A district narrows it down.
	r = g.Geocode("职教中心", geocode.Options{District: "330211"})
	if r.Ambiguous || r.Best == nil || r.Best.ID != "V16" {
		t.Fatalf("with district 330211: %v", r)
	}
}

func TestGeocodeOptions(t *testing.T) {
	g := testGazetteer(t)
	r := g.Geocode("姜山", geocode.Options{Kinds: []geocode.Kind{geocode.Enterprise}})
	if r.NotFound != geocode.Unknown || len(r.Candidates) != 0 {
		t.Errorf("enterprises only: %v", r)
	}
	r = g.Geocode("姜山", geocode.Options{District: "330203"})
	if r.NotFound != geocode.Unknown {
		t.Errorf("in 海曙 only: %v", r)
	}
	r = g.Geocode("天一广场", geocode.Options{Candidates: 1})
	if len(r.Candidates) != 1 {
		t.Errorf("%d candidates", len(r.Candidates))
	}
}

func TestGeocodeNotFound(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		q    string
		want geocode.Reason
	}{
		{"北京市朝阳区建国路88号", geocode.Outside},
		{"上海 天一广场", geocode.Outside},
		{"Hangzhou", geocode.Outside},
		{"杭州市", geocode.Outside},
		{"瑞安市安阳街道", geocode.Outside}, // a city the word lists do not know, by its shape
		{"asdfgh", geocode.Unknown},
		{"我想学数控", geocode.Unknown},
		{"西门子冰箱姜山维修部电话", geocode.Unknown},
		{"12345", geocode.Unknown},
		{"宁波市", geocode.Unknown},
		{"宁波市朝阳区", geocode.Unknown},
		{"朝阳区", geocode.Outside},
		{"", geocode.Empty},
		{"！？。、", geocode.Empty},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := g.Geocode(tt.q, geocode.Options{})
			if r.NotFound != tt.want || r.Best != nil || len(r.Candidates) != 0 {
				t.Errorf("got %v (%s), want %s", r, r.NotFound, tt.want)
			}
		})
	}
}

func TestNewRefusesBadEntries(t *testing.T) {
	if _, err := geocode.New(nil); !errors.Is(err, geocode.ErrNoEntries) {
		t.Errorf("no entries: %v", err)
	}
	for name, e := range map[string]geocode.Entry{
		"no kind":     {Name: "x", DistrictCode: "1"},
		"no name":     {Kind: geocode.Place, DistrictCode: "1"},
		"no district": {Kind: geocode.Place, Name: "x"},
		"NaN point":   {Kind: geocode.Place, Name: "x", DistrictCode: "1", Point: orb.Point{math.NaN(), 0}},
	} {
		if _, err := geocode.New([]geocode.Entry{e}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzGeocode: no input makes the parser panic or run long, and every
// answer is well formed.
func FuzzGeocode(f *testing.F) {
	for _, s := range []string{
		"浙江省宁波市鄞州区姜山镇明光中路107号3幢201室", "江东区福明街道", "Jiangshan Town, Yinzhou District",
		"北京市朝阳区建国路88号", "天一广场附近", "明光中路１２１號", "jiangshanzhenmingguangzhonglu143",
		"((((", "号号号号", "1号2号3号", "路路路路路", "\xff\xfe", "镇镇镇镇区区区市市省", strings.Repeat("姜山", 300),
		strings.Repeat("north road ", 60), strings.Repeat("9", 500),
	} {
		f.Add(s)
	}
	g := testGazetteer(f)
	f.Fuzz(func(t *testing.T, q string) {
		r := g.Geocode(q, geocode.Options{})
		switch {
		case r.NotFound != "":
			if r.Best != nil || len(r.Candidates) != 0 {
				t.Fatalf("not found with answers: %v", r)
			}
		case r.Ambiguous:
			if r.Best != nil || len(r.Candidates) < 2 {
				t.Fatalf("ambiguous: %v", r)
			}
		default:
			if r.Best == nil || len(r.Candidates) == 0 || r.Candidates[0] != *r.Best {
				t.Fatalf("found: %v", r)
			}
		}
		if len(r.Candidates) > geocode.DefaultCandidates {
			t.Fatalf("%d candidates", len(r.Candidates))
		}
		for _, c := range r.Candidates {
			if c.Confidence < 0 || c.Confidence > 1 || math.IsNaN(c.Point[0]) {
				t.Fatalf("bad candidate %+v", c)
			}
		}
		a := g.Parse(q)
		for _, part := range []string{a.Province, a.City, a.District, a.Township, a.Road, a.Number, a.Building, a.Place} {
			if !utf8.ValidString(part) {
				t.Fatalf("invalid UTF-8 in %+v", a)
			}
		}
	})
}
