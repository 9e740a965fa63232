package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// Addresses. There is no open road network of Ningbo, so each township gets
// a handful of straight road segments near its centre: real road names in
// roughly the right street where we know them, plausible invented ones
// elsewhere. Every road name belongs to exactly one township, and every
// generated point lies on (within 40 m of) the road its address names, with
// house numbers growing along the road (odd on one side, even on the other),
// so that an address agrees with its location.

type road struct {
	Name string
	T    *township
	A, B orb.Point
}

func (r *road) length() float64 { return dist(r.A, r.B) }

func (r *road) at(t float64) orb.Point {
	return orb.Point{r.A[0] + t*(r.B[0]-r.A[0]), r.A[1] + t*(r.B[1]-r.A[1])}
}

// number is the house number of a point at parameter t on the given side
// (+1 left, odd numbers; -1 right, even numbers).
func (r *road) number(t float64, side int) int {
	n := int(t * r.length() / 20)
	if side > 0 {
		return 2*n + 1
	}
	return 2*n + 2
}

// address is a postal address in the platform's style.
func address(t *township, roadName string, number int) string {
	return fmt.Sprintf("浙江省宁波市%s%s%s%d号", t.District.Name, t.Name, roadName, number)
}

// curatedRoad is a road name we give to a township; with coordinates when
// we know roughly where it runs (central Ningbo), else placed by the
// generator near the township centre.
type curatedRoad struct {
	Name string
	A, B orb.Point
}

// curatedRoads are real Ningbo road names, by township. Their segments are
// rough: they serve to place training points on a plausible street.
var curatedRoads = map[string][]curatedRoad{
	// 海曙 old town, around 天一广场 (121.5503, 29.8730).
	"江厦街道": {
		{"中山东路", orb.Point{121.5460, 29.8742}, orb.Point{121.5560, 29.8744}},
		{"药行街", orb.Point{121.5460, 29.8702}, orb.Point{121.5552, 29.8706}},
		{"开明街", orb.Point{121.5466, 29.8640}, orb.Point{121.5468, 29.8735}},
		{"江厦街", orb.Point{121.5540, 29.8700}, orb.Point{121.5552, 29.8770}},
		{"灵桥路", orb.Point{121.5500, 29.8620}, orb.Point{121.5535, 29.8690}},
		{"东渡路", orb.Point{121.5508, 29.8745}, orb.Point{121.5516, 29.8790}},
	},
	"鼓楼街道": {
		{"中山西路", orb.Point{121.5300, 29.8746}, orb.Point{121.5455, 29.8744}},
		{"公园路", orb.Point{121.5382, 29.8760}, orb.Point{121.5388, 29.8815}},
		{"解放北路", orb.Point{121.5452, 29.8750}, orb.Point{121.5450, 29.8840}},
		{"县前街", orb.Point{121.5340, 29.8770}, orb.Point{121.5430, 29.8772}},
	},
	"月湖街道": {
		{"镇明路", orb.Point{121.5418, 29.8580}, orb.Point{121.5424, 29.8720}},
		{"解放南路", orb.Point{121.5455, 29.8590}, orb.Point{121.5458, 29.8730}},
		{"柳汀街", orb.Point{121.5340, 29.8655}, orb.Point{121.5470, 29.8658}},
		{"偃月街", orb.Point{121.5395, 29.8660}, orb.Point{121.5400, 29.8715}},
	},
	"南门街道": {{Name: "长春路"}, {Name: "望京路"}, {Name: "兴宁桥路"}},
	"西门街道": {{Name: "西北街"}, {Name: "苍松路"}, {Name: "环城西路"}},
	"白云街道": {{Name: "翠柏路"}, {Name: "气象路"}},
	"望春街道": {{Name: "望春路"}, {Name: "前丰街"}},
	"石碶街道": {{Name: "鄞县大道"}, {Name: "栎社路"}},
	// 鄞州: the former 江东 streets and the new city.
	"百丈街道": {
		{"百丈路", orb.Point{121.5570, 29.8720}, orb.Point{121.5760, 29.8728}},
		{"江东北路", orb.Point{121.5575, 29.8680}, orb.Point{121.5585, 29.8800}},
		{"彩虹南路", orb.Point{121.5680, 29.8650}, orb.Point{121.5690, 29.8760}},
	},
	"东胜街道":  {{Name: "桑田路"}, {Name: "宁东路"}},
	"明楼街道":  {{Name: "中兴路"}, {Name: "惊驾路"}},
	"白鹤街道":  {{Name: "兴宁路"}, {Name: "百丈东路"}},
	"东柳街道":  {{Name: "彩虹北路"}, {Name: "姚隘路"}},
	"东郊街道":  {{Name: "宁穿路"}},
	"福明街道":  {{Name: "福明路"}, {Name: "民安路"}},
	"新明街道":  {{Name: "新河路"}},
	"中河街道":  {{Name: "四明中路"}, {Name: "天童南路"}},
	"首南街道":  {{Name: "首南中路"}, {Name: "学府路"}},
	"钟公庙街道": {{Name: "钟公庙路"}, {Name: "泰康中路"}},
	"下应街道":  {{Name: "鄞县大道东段"}},
	"梅墟街道":  {{Name: "江南路"}, {Name: "院士路"}},
	"聚贤街道":  {{Name: "聚贤路"}, {Name: "扬帆路"}},
	"姜山镇":   {{Name: "明光北路"}, {Name: "明光中路"}},
	// 江北
	"外滩街道": {{Name: "中马路"}, {Name: "人民路"}, {Name: "大庆南路"}},
	"文教街道": {{Name: "风华路"}, {Name: "环城北路"}},
	"孔浦街道": {{Name: "康庄南路"}},
	"洪塘街道": {{Name: "洪塘中路"}},
	// 北仑
	"新碶街道": {{Name: "明州路"}, {Name: "长江路"}, {Name: "太河路"}, {Name: "新大路"}},
	// 镇海
	"招宝山街道": {{Name: "车站路"}, {Name: "城河西路"}},
	"庄市街道":  {{Name: "庄市大道"}},
	// 余姚
	"阳明街道": {{Name: "阳明西路"}, {Name: "新建北路"}},
	"梨洲街道": {{Name: "四明西路"}},
	// 慈溪
	"浒山街道": {{Name: "三北大街"}, {Name: "孙塘路"}},
	"古塘街道": {{Name: "新城大道"}},
	"庵东镇":  {{Name: "滨海二路"}, {Name: "兴慈一路"}},
	// 奉化
	"岳林街道": {{Name: "大成路"}},
	"锦屏街道": {{Name: "南山路"}},
	"溪口镇":  {{Name: "武岭路"}},
	// 象山, 宁海
	"丹东街道": {{Name: "天安路"}},
	"跃龙街道": {{Name: "兴宁中路"}},
}

// roadStems make invented road names: stem + form, each name used once.
var roadStems = []string{
	"兴业", "振兴", "新华", "创业", "望江", "文昌", "育才", "迎宾", "环城", "建设", "和平", "团结",
	"光明", "前进", "胜利", "金山", "银河", "丰收", "江滨", "沿河", "明珠", "天宁", "永丰",
	"永安", "长安", "长兴", "新兴", "兴港", "港城", "通途", "通达", "湖滨", "湖西", "溪滨", "新建",
	"新民", "文化", "科技", "科创", "创新", "智造", "科苑", "学苑", "书院", "花园", "金谷", "银杏",
	"樟树", "桂花", "香樟", "桃园", "梅园", "青山", "翠屏", "凤凰", "云溪",
	"清溪", "碧溪", "双溪", "双桥", "石桥", "永兴", "富强", "民主", "和谐", "幸福", "安康", "百花",
	"体育", "商贸", "车站", "站前", "滨江", "东环", "西环", "南环", "北环", "东兴", "西兴",
	"南兴", "北兴", "东城", "西城", "南城", "北城", "丰泽", "惠民", "利民", "富民", "康宁", "瑞丰",
	"瑞祥", "吉祥", "凤鸣", "鹤鸣", "昌盛", "隆兴", "宏达", "宏图", "鸿业", "鼎新", "恒业", "汇源",
	"荷花", "紫薇", "锦绣", "金桥", "银桥", "玉泉", "星光", "朝阳", "晨光", "东风", "南风", "泰安",
	"泰和", "正大", "大通", "广德", "崇文", "尚德", "明德", "敬业", "乐业", "安业", "勤业", "聚业",
}

// ruralStems are for towns only: sea walls, fishing harbours, orchards.
var ruralStems = []string{
	"泉水", "海晏", "渔港", "盐场", "围垦", "塘堤", "新塘", "东塘", "西塘", "南塘", "北塘", "茶山",
	"竹园", "果园", "桑园", "稻香", "丰年", "竹林", "松林", "龙潭", "灵山", "天马", "白马", "飞龙",
	"卧龙", "狮山", "象鼻", "滨海", "物流", "海港", "港湾", "海城", "滨湖", "湖光", "山水", "秀水",
}

var stemForms = []string{"路", "路", "路", "街", "东路", "西路", "南路", "北路", "中路", "大道"}

// roadParams returns, for a township, how far from its centre road
// midpoints fall, and the range of road lengths, in metres.
func roadParams(t *township) (radius, minLen, maxLen float64) {
	switch {
	case t.urbanCore():
		return 450, 500, 1400
	case t.Kind == "街道":
		return 1200, 800, 2200
	case t.Kind == "镇":
		return 2200, 1200, 3000
	default:
		return 2000, 1000, 2500
	}
}

// roadCount is how many roads a township gets.
func roadCount(t *township) int {
	switch {
	case t.urbanCore():
		return 6
	case t.Kind == "街道":
		return 5
	case t.Kind == "镇":
		return 5
	default:
		return 3
	}
}

// inCell reports whether p may be given township t: inside t's district
// (with a margin) and nearer t's centre than any other centre of the
// district.
func inCell(t *township, p orb.Point) bool {
	return t.District.containsWithMargin(p, 60) && t.District.nearestTownship(p) == t
}

// buildRoads gives every township its roads, in code order.
func (w *world) buildRoads() error {
	rng := w.rng("roads")
	for name := range curatedRoads {
		if w.src.townshipByName(nil, name) == nil {
			return fmt.Errorf("curated roads: unknown township %s", name)
		}
	}
	for _, t := range w.src.townships {
		for _, c := range curatedRoads[t.Name] {
			w.usedRoad[c.Name] = true
		}
	}
	for _, t := range w.src.townships {
		var names []string
		for _, c := range curatedRoads[t.Name] {
			if c.A != (orb.Point{}) {
				w.roads[t.Code] = append(w.roads[t.Code], &road{Name: c.Name, T: t, A: c.A, B: c.B})
				continue
			}
			names = append(names, c.Name)
		}
		if t.Kind != "街道" {
			for _, f := range []string{"中路", "大道", "东路"} {
				if n := t.Short + f; !w.usedRoad[n] {
					w.usedRoad[n] = true
					names = append(names, n)
				}
			}
		}
		for len(w.roads[t.Code])+len(names) < roadCount(t) {
			names = append(names, w.newRoadName(rng, t.Kind != "街道"))
		}
		radius, minLen, maxLen := roadParams(t)
		for _, n := range names {
			w.roads[t.Code] = append(w.roads[t.Code], w.placeRoad(rng, t, n, t.Center, radius, minLen, maxLen))
		}
	}
	return nil
}

// newRoadName returns an invented road name not used before; rural
// towns draw on more stems.
func (w *world) newRoadName(rng *rand.Rand, rural bool) string {
	stems := roadStems
	if rural {
		stems = append(slices.Clone(roadStems), ruralStems...)
	}
	for {
		n := stems[rng.IntN(len(stems))] + stemForms[rng.IntN(len(stemForms))]
		if !w.usedRoad[n] {
			w.usedRoad[n] = true
			return n
		}
	}
}

// placeRoad lays a straight road named n for township t with its midpoint
// within radius metres of around, inside t's cell.
func (w *world) placeRoad(rng *rand.Rand, t *township, n string, around orb.Point, radius, minLen, maxLen float64) *road {
	for try := 0; ; try++ {
		r := radius * math.Sqrt(rng.Float64())
		if try > 40 {
			r = radius * 0.1 // fall back close to the centre of a small cell
		}
		th := rng.Float64() * 2 * math.Pi
		mid := offset(around, r*math.Cos(th), r*math.Sin(th))
		if !inCell(t, mid) && try < 80 {
			continue
		}
		phi := rng.Float64() * math.Pi
		l := minLen + rng.Float64()*(maxLen-minLen)
		var a, b orb.Point
		for range 6 {
			a = offset(mid, -l/2*math.Cos(phi), -l/2*math.Sin(phi))
			b = offset(mid, l/2*math.Cos(phi), l/2*math.Sin(phi))
			if inCell(t, a) && inCell(t, b) {
				break
			}
			l *= 0.7
		}
		return &road{Name: n, T: t, A: a, B: b}
	}
}

// pointOnRoad picks a point on one of the given roads that lies in its
// road's township cell and, when near is not nil, within maxDist metres of
// near. It returns the point, its township and its address.
func (w *world) pointOnRoad(rng *rand.Rand, roads []*road, near *orb.Point, maxDist float64) (orb.Point, *township, string, bool) {
	for range 600 {
		r := roads[rng.IntN(len(roads))]
		u := rng.Float64()
		side := 1
		if rng.IntN(2) == 0 {
			side = -1
		}
		base := r.at(u)
		// set back from the road, perpendicular to it
		k := metresPerDegLng(base[1])
		dx, dy := (r.B[0]-r.A[0])*k, (r.B[1]-r.A[1])*metresPerDegLat
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		back := 12 + rng.Float64()*28
		p := round6(offset(base, -dy/l*back*float64(side), dx/l*back*float64(side)))
		if near != nil && dist(p, *near) > maxDist {
			continue
		}
		if !inCell(r.T, p) {
			continue
		}
		return p, r.T, address(r.T, r.Name, r.number(u, side)), true
	}
	return orb.Point{}, nil, "", false
}

// inTownship places a point on t's roads within maxDist metres of its
// centre.
func (w *world) inTownship(rng *rand.Rand, t *township, maxDist float64) (orb.Point, string, error) {
	c := t.Center
	for _, d := range []float64{maxDist, maxDist * 2, maxDist * 4, 1e9} {
		if p, _, a, ok := w.pointOnRoad(rng, w.roads[t.Code], &c, d); ok {
			return p, a, nil
		}
	}
	return orb.Point{}, "", fmt.Errorf("no point on the roads of %s %s", t.Code, t.Name)
}

// addressAt returns an address for a fixed point p in township t: on the
// nearest of t's roads, or on a new road laid through p when none of them
// runs within maxGap metres.
func (w *world) addressAt(t *township, p orb.Point, maxGap float64) string {
	var best *road
	bt, bd := 0.0, math.Inf(1)
	for _, r := range w.roads[t.Code] {
		u, d := projectOnSegment(p, r.A, r.B)
		if d < bd {
			best, bt, bd = r, u, d
		}
	}
	if bd > maxGap {
		rng := w.rng("road-at-" + t.Code + fmt.Sprintf("-%.6f,%.6f", p[0], p[1]))
		phi := rng.Float64() * math.Pi
		l := 600 + rng.Float64()*900
		best = &road{
			Name: w.newRoadName(rng, t.Kind != "街道"), T: t,
			A: offset(p, -l/2*math.Cos(phi), -l/2*math.Sin(phi)),
			B: offset(p, l/2*math.Cos(phi), l/2*math.Sin(phi)),
		}
		w.roads[t.Code] = append(w.roads[t.Code], best)
		bt, _ = projectOnSegment(p, best.A, best.B)
	}
	// which side of the road p is on
	k := metresPerDegLng(p[1])
	cross := (best.B[0]-best.A[0])*k*(p[1]-best.A[1])*metresPerDegLat - (best.B[1]-best.A[1])*metresPerDegLat*(p[0]-best.A[0])*k
	side := 1
	if cross < 0 {
		side = -1
	}
	return address(t, best.Name, best.number(bt, side))
}

// round6 rounds a point to 6 decimals (about 0.1 m), as written.
func round6(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e6) / 1e6, math.Round(p[1]*1e6) / 1e6}
}
