package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// industry is a line of business: the words its companies' names use and
// the trades it asks training for.
type industry struct {
	Name     string
	Products []string
	Trades   []string // trade keys
	Factory  bool     // manufacturing: usually in a park or an industrial town
}

var industries = []industry{
	{"装备制造", []string{"精密机械", "机械制造", "液压机械", "轴承", "数控机床", "智能装备", "传动设备", "气动元件"},
		[]string{"cnc_lathe", "cnc_mill", "cnc_center", "fitter", "welder", "electrician", "robot_op"}, true},
	{"汽车及零部件", []string{"汽车零部件", "汽配", "汽车部件", "汽车电子"},
		[]string{"car_assembly", "welder", "cnc_lathe", "robot_op", "fitter", "forklift"}, true},
	{"模具", []string{"模具", "模塑", "精密模具"}, []string{"mould", "cnc_mill", "cnc_center", "fitter"}, true},
	{"塑料制品", []string{"塑业", "塑料制品", "注塑"}, []string{"injection", "mould", "electrician", "forklift"}, true},
	{"石油化工", []string{"化工", "石化工程", "石化设备安装", "化学"},
		[]string{"chem", "instrument", "welder_dd", "pipe", "rigger", "electrician", "scaffold"}, true},
	{"新材料", []string{"新材料", "高分子材料", "复合材料"}, []string{"chem", "electrician", "instrument", "forklift"}, true},
	{"电子信息", []string{"电子", "电子科技", "智能科技", "信息技术"}, []string{"electronics", "robot_ops", "electrician", "netsec"}, true},
	{"光学电子", []string{"光电", "光学仪器", "光电科技"}, []string{"electronics", "cnc_mill", "robot_op"}, true},
	{"家用电器", []string{"电器", "厨具", "小家电", "电器科技"}, []string{"appliance", "injection", "electrician", "hvac"}, true},
	{"电工电器", []string{"电气", "电工器材", "开关插座"}, []string{"electronics", "injection", "electrician", "robot_op"}, true},
	{"纺织服装", []string{"服饰", "针织", "纺织", "服装"}, []string{"pattern", "sewing", "ecommerce"}, true},
	{"文具", []string{"文具", "文教用品", "办公用品"}, []string{"injection", "mould", "ecommerce"}, true},
	{"水产食品", []string{"水产", "海洋食品", "水产食品"}, []string{"aquaculture", "forklift"}, true},
	{"港口物流", []string{"物流", "国际货运代理", "仓储", "供应链管理"}, []string{"forklift", "rigger", "logistics"}, false},
	{"电子商务", []string{"电子商务", "网络科技", "商贸"}, []string{"ecommerce", "livestream", "ai_trainer"}, false},
	{"餐饮酒店", []string{"餐饮管理", "酒店管理", "食品"}, []string{"cook", "pastry_cn", "pastry_west"}, false},
	{"养老服务", []string{"养老服务", "康养服务", "颐养服务"}, []string{"eldercare", "housekeeping", "massage"}, false},
	{"家政服务", []string{"家政服务", "母婴护理服务"}, []string{"nanny", "maternity", "housekeeping"}, false},
	{"医药", []string{"医药", "生物科技", "制药"}, []string{"pharma", "pharm_sales"}, true},
	{"汽车服务", []string{"汽车服务", "汽车销售服务", "新能源汽车服务"}, []string{"car_repair", "ev_repair"}, false},
	{"物业服务", []string{"物业服务", "电梯工程"}, []string{"elevator", "electrician", "security"}, false},
	{"现代农业", []string{"农业科技", "生态农业", "农业发展"}, []string{"agronomist", "plant_protect", "agri_manager"}, false},
}

func industryByName(n string) *industry {
	for i := range industries {
		if industries[i].Name == n {
			return &industries[i]
		}
	}
	return nil
}

// districtIndustries weights the industries of each district.
var districtIndustries = map[string][]weighted{
	"海曙区": {{"纺织服装", 3}, {"装备制造", 2}, {"电子商务", 3}, {"餐饮酒店", 3}, {"养老服务", 2}, {"家政服务", 2}, {"医药", 1}, {"汽车服务", 2}, {"物业服务", 2}, {"模具", 1}},
	"江北区": {{"装备制造", 2}, {"电子商务", 3}, {"汽车服务", 2}, {"餐饮酒店", 2}, {"新材料", 1}, {"电子信息", 2}, {"养老服务", 1}, {"家政服务", 1}, {"现代农业", 1}},
	"北仑区": {{"装备制造", 5}, {"港口物流", 4}, {"模具", 3}, {"塑料制品", 3}, {"石油化工", 2}, {"汽车及零部件", 3}, {"电子信息", 1}},
	"镇海区": {{"石油化工", 5}, {"新材料", 3}, {"装备制造", 2}, {"港口物流", 2}, {"电子信息", 1}},
	"鄞州区": {{"汽车及零部件", 3}, {"电子信息", 3}, {"装备制造", 2}, {"电子商务", 3}, {"纺织服装", 2}, {"餐饮酒店", 2}, {"养老服务", 2}, {"家政服务", 2}, {"医药", 2}, {"物业服务", 2}, {"现代农业", 1}},
	"奉化区": {{"装备制造", 3}, {"汽车及零部件", 2}, {"餐饮酒店", 2}, {"现代农业", 2}, {"纺织服装", 1}},
	"象山县": {{"水产食品", 4}, {"纺织服装", 3}, {"装备制造", 2}, {"餐饮酒店", 2}, {"现代农业", 1}},
	"宁海县": {{"文具", 3}, {"模具", 3}, {"汽车及零部件", 2}, {"装备制造", 2}, {"餐饮酒店", 1}, {"现代农业", 1}},
	"余姚市": {{"光学电子", 4}, {"塑料制品", 3}, {"模具", 3}, {"家用电器", 2}, {"装备制造", 2}, {"现代农业", 1}, {"电工电器", 1}},
	"慈溪市": {{"家用电器", 5}, {"汽车及零部件", 3}, {"电工电器", 3}, {"塑料制品", 2}, {"纺织服装", 2}, {"装备制造", 2}, {"电子商务", 1}, {"现代农业", 1}},
}

// knownEnterprises are well-known Ningbo employers, by name only; their
// positions are approximate and their demand illustrative.
var knownEnterprises = []struct {
	Name, Industry, District, Township, Park string
}{
	{"海天集团股份有限公司", "装备制造", "北仑区", "小港", ""},
	{"浙江吉利汽车有限公司", "汽车及零部件", "慈溪市", "", "宁波杭州湾新区"},
	{"宁波方太厨具有限公司", "家用电器", "慈溪市", "", "宁波杭州湾新区"},
	{"舜宇光学科技（集团）有限公司", "光学电子", "余姚市", "阳明", ""},
	{"雅戈尔集团股份有限公司", "纺织服装", "海曙区", "石碶", ""},
	{"中国石油化工股份有限公司镇海炼化分公司", "石油化工", "镇海区", "", "宁波石化经济技术开发区"},
	{"镇海石化建安股份有限公司", "石油化工", "镇海区", "", "宁波石化经济技术开发区"},
	{"公牛集团股份有限公司", "电工电器", "慈溪市", "观海卫", ""},
	{"得力集团有限公司", "文具", "宁海县", "", "宁海经济开发区"},
	{"宁波均胜电子股份有限公司", "汽车及零部件", "鄞州区", "", "宁波国家高新技术产业开发区"},
}

// totalEnterprises is about how many workplaces the catalogue has.
const totalEnterprises = 360

var (
	nameFirst  = []rune("甬华鼎恒明博联精宏瑞嘉信永立瀚锦凯隆昌富协众天日振科兴伟腾旭万中新金德盛泰通远海丰")
	nameSecond = []rune("鑫达力远禾宏创拓诚泰升瑞丰信昌程越纳盛隆成宇业翔发利益邦辉源润峰晟航")
)

// companyPrefix is how a company registered in district d starts its name.
func companyPrefix(d *district, r float64) string {
	switch d.Name {
	case "余姚市", "慈溪市":
		if r < 0.6 {
			return d.Name
		}
	case "宁海县", "象山县":
		if r < 0.6 {
			return d.Name
		}
	case "奉化区":
		if r < 0.4 {
			return "宁波市奉化区"
		}
	case "鄞州区", "北仑区", "镇海区", "江北区", "海曙区":
		if r < 0.25 {
			return "宁波市" + d.Name
		}
	}
	return "宁波"
}

// buildEnterprises adds the well-known employers, then enough generated
// ones to bring every district to its share of totalEnterprises, then each
// one's training demand. All steps draw from one seeded stream, so their
// order is part of the catalogue.
func (w *world) buildEnterprises() error {
	rng := w.rng("enterprises")
	used := map[string]bool{} // enterprise names taken
	if err := w.addKnownEnterprises(rng, used); err != nil {
		return err
	}
	if err := w.addGeneratedEnterprises(rng, used); err != nil {
		return err
	}
	w.numberEnterprises()
	w.addDemand(rng)
	return nil
}

// addKnownEnterprises places knownEnterprises in their park or township.
func (w *world) addKnownEnterprises(rng *rand.Rand, used map[string]bool) error {
	for _, k := range knownEnterprises {
		d := w.src.districtByName(k.District)
		ind := industryByName(k.Industry)
		if d == nil || ind == nil {
			return fmt.Errorf("enterprise %s: unknown district or industry", k.Name)
		}
		var pk *park
		var t *township
		if k.Park != "" {
			if pk = w.park(k.Park); pk == nil {
				return fmt.Errorf("enterprise %s: unknown park %s", k.Name, k.Park)
			}
		} else if t = w.src.townshipByName(d, k.Township); t == nil {
			return fmt.Errorf("enterprise %s: unknown township %s", k.Name, k.Township)
		}
		p, t, pk, addr, err := w.placeEnterprise(rng, d, ind, pk, t)
		if err != nil {
			return err
		}
		used[k.Name] = true
		w.addEnterprise(k.Name, ind, t, pk, p, addr)
	}
	return nil
}

// addGeneratedEnterprises fills each district up to its share of
// totalEnterprises, by population, with companies of its industries.
func (w *world) addGeneratedEnterprises(rng *rand.Rand, used map[string]bool) error {
	var totalPop int
	for _, d := range w.src.districts {
		totalPop += d.Pop
	}
	for _, d := range w.src.districts {
		quota := int(math.Round(float64(totalEnterprises) * float64(d.Pop) / float64(totalPop)))
		have := 0
		for _, e := range w.enterprises {
			if e.T.District == d {
				have++
			}
		}
		for ; have < quota; have++ {
			ind := industryByName(pick(rng, districtIndustries[d.Name]))
			name := newCompanyName(rng, d, ind, used)
			used[name] = true
			p, t, pk, addr, err := w.placeEnterprise(rng, d, ind, nil, nil)
			if err != nil {
				return err
			}
			w.addEnterprise(name, ind, t, pk, p, addr)
		}
	}
	return nil
}

// newCompanyName draws names for a company of industry ind in district d
// until one is not yet used.
func newCompanyName(rng *rand.Rand, d *district, ind *industry, used map[string]bool) string {
	for {
		stem := string(nameFirst[rng.IntN(len(nameFirst))]) + string(nameSecond[rng.IntN(len(nameSecond))])
		suffix := "有限公司"
		if ind.Factory && chance(rng, 0.08) {
			suffix = "股份有限公司"
		}
		name := companyPrefix(d, rng.Float64()) + stem + ind.Products[rng.IntN(len(ind.Products))] + suffix
		if ind.Name == "现代农业" && chance(rng, 0.5) {
			name = companyPrefix(d, 0) + stem + "果蔬专业合作社"
		}
		if !used[name] {
			return name
		}
	}
}

// placeEnterprise finds a place for an enterprise of industry ind in
// district d: in park pk or township t when given; otherwise most
// factories go to one of the district's parks, and the rest to a township
// drawn by how much business it draws.
func (w *world) placeEnterprise(rng *rand.Rand, d *district, ind *industry, pk *park, t *township) (orb.Point, *township, *park, string, error) {
	if pk == nil && t == nil && ind.Factory && chance(rng, 0.65) {
		pk = w.drawEnterprisePark(rng, d)
	}
	if pk != nil {
		p, pt, addr, ok := w.pointOnRoad(rng, pk.Roads, &pk.Center, pk.Radius)
		if !ok {
			return orb.Point{}, nil, nil, "", fmt.Errorf("no place in park %s", pk.Name)
		}
		return p, pt, pk, addr, nil
	}
	if t == nil {
		t = w.drawEnterpriseTownship(rng, d, ind)
	}
	p, addr, err := w.inTownship(rng, t, communityRadius(t))
	return p, t, nil, addr, err
}

// drawEnterprisePark draws one of d's parks for a factory, preferring the
// parks placed approximately to those OpenStreetMap has; nil if d has none.
func (w *world) drawEnterprisePark(rng *rand.Rand, d *district) *park {
	var ps []*park
	for _, p := range w.parks {
		if p.T.District == d && !p.OSM {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		for _, p := range w.parks {
			if p.T.District == d {
				ps = append(ps, p)
			}
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return ps[rng.IntN(len(ps))]
}

// drawEnterpriseTownship draws a township of d for an enterprise of
// industry ind: factories shun the urban core and favour towns with many
// villages; services follow the community points' weights.
func (w *world) drawEnterpriseTownship(rng *rand.Rand, d *district, ind *industry) *township {
	ws := make([]weighted, len(d.Township))
	for i, x := range d.Township {
		v := float64(x.Villages)
		switch {
		case ind.Factory && x.urbanCore():
			ws[i] = weighted{x.Code, 0.3}
		case ind.Factory:
			ws[i] = weighted{x.Code, 1 + v/15}
		default:
			ws[i] = weighted{x.Code, communityWeight(x)}
		}
	}
	return w.src.township(pick(rng, ws))
}

// numberEnterprises gives enterprises their ids in the order they were
// added.
func (w *world) numberEnterprises() {
	for i, e := range w.enterprises {
		e.ID = fmt.Sprintf("E%04d", i+1)
	}
}

// demandLevelWeight is how often enterprises ask for each level of a
// graded trade: mostly intermediate, rarely the top levels.
var demandLevelWeight = map[string]float64{lvJ: 25, lvI: 40, lvS: 25, lvT: 8, lvST: 2}

// addDemand gives every enterprise one to four trades from its industry's,
// each at a drawn level and headcount.
func (w *world) addDemand(rng *rand.Rand) {
	for _, e := range w.enterprises {
		ind := industryByName(e.Industry)
		keys := slices.Clone(ind.Trades)
		rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		n := between(rng, 1, min(4, len(keys)))
		seen := map[string]bool{}
		for _, k := range keys[:n] {
			tr := tradeByKey[k]
			// two keys can name one trade; ask for it once
			if seen[tr.Name] {
				continue
			}
			seen[tr.Name] = true
			lv := lvNone
			if tr.graded() {
				var ws []weighted
				for _, l := range tr.Levels {
					if l != lvNone {
						ws = append(ws, weighted{l, demandLevelWeight[l]})
					}
				}
				lv = pick(rng, ws)
			}
			// u² puts most headcounts near 3 and a few near 120
			u := rng.Float64()
			w.demand = append(w.demand, &demandRow{
				E: e, Trade: tr.Name, Occupation: tr.Code, Level: lv, Headcount: 3 + int(117*u*u),
			})
		}
	}
}

func (w *world) addEnterprise(name string, ind *industry, t *township, pk *park, p orb.Point, addr string) {
	w.enterprises = append(w.enterprises, &enterprise{Name: name, Industry: ind.Name, Address: addr, T: t, Park: pk, P: p})
}
