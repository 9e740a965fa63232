package geocode

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Names people use that the catalogue does not spell out, derived from
// the names it does.

// genericNames are never a derived name: alone they name a kind of place,
// not a place.
var genericNames = map[string]bool{}

func init() {
	for _, w := range []string{
		"医院", "人民医院", "中医院", "学校", "中学", "小学", "幼儿园", "广场", "公司", "集团", "中心", "商场",
		"市场", "商城", "大厦", "学院", "职业学校", "职业技术学院", "技师学院", "职业高级中学", "职高",
		"成校", "卫生院", "社区", "教学点", "本部", "校区", "分院", "院区", "总部", "工厂", "科技", "电子",
	} {
		genericNames[w] = true
	}
}

// shortAdminNames are the names of a district or township without its
// kind: 鄞州 for 鄞州区, 姜山 for 姜山镇, 余姚 for 余姚市. Two characters at
// least remain (一市镇 is 一市; 乡 alone is not a name).
func shortAdminNames(e Entry) []string {
	var suffixes []string
	switch e.Kind {
	case District, FormerDistrict:
		suffixes = []string{"区", "县", "市"}
	case Township:
		suffixes = []string{"街道", "镇", "乡"}
	default:
		return nil
	}
	var out []string
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		for _, s := range suffixes {
			if short := strings.TrimSuffix(n, s); short != n && utf8.RuneCountInString(short) >= 2 {
				out = append(out, short)
			}
		}
	}
	return out
}

// districtPrefixes are what a name may start with that only says where in
// the region it is (宁波市, 海曙区, 海曙), longest first.
func (g *Gazetteer) districtPrefixes() []string {
	set := map[string]bool{}
	for _, w := range regionWords {
		set[w] = true
	}
	for _, names := range g.districtNames {
		for _, n := range names {
			set[n] = true
			for _, s := range []string{"区", "县", "市"} {
				if short := strings.TrimSuffix(n, s); short != n && utf8.RuneCountInString(short) >= 2 {
					set[short] = true
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

var (
	brackets        = strings.NewReplacer("（", "(", "）", ")")
	companyBrackets = strings.NewReplacer("（集团）", "", "(集团)", "", "（", "(", "）", ")")
)

// Company forms, longest first, and the industry words that follow a
// brand in a company's name (宁波方太厨具有限公司: brand 方太).
var (
	companyForms  = []string{"集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "股份公司", "总公司", "公司"}
	industryWords = []string{
		"光学科技", "电子商务", "网络科技", "智能科技", "信息科技", "新材料", "新能源汽车服务", "新能源",
		"精密模具", "精密机械", "机械制造", "汽车部件", "汽车零部件", "厨具", "电器", "电子", "电气", "汽车",
		"服饰", "服装", "针织", "纺织", "模具", "机械", "塑业", "塑料", "化工", "石化", "物流", "科技", "医药",
		"物业服务", "餐饮管理", "酒店管理", "家政服务", "康养服务", "商贸", "实业", "控股", "文具", "光电",
	}
)

// deriveNames returns further names of an entry: the parts of a name with
// brackets (东门口 and 天一广场 for 东门口(天一广场)), the name without the
// region or district it starts with (职业技术教育中心学校), and for
// enterprises the name without the company form and the brand alone.
func deriveNames(e *Entry, prefixes []string) []string {
	if e.Kind == District || e.Kind == FormerDistrict || e.Kind == Township || e.Kind == Road {
		return nil
	}
	var out []string
	names := append([]string{e.Name}, e.Aliases...)
	for _, n := range names {
		outer, inner := splitBrackets(n)
		if outer != n && outer != "" {
			out = append(out, outer)
		}
		if e.Kind == Station && inner != "" {
			out = append(out, inner)
		}
	}
	base := append(append([]string{}, names...), out...)
	for _, n := range base {
		outer, _ := splitBrackets(n)
		if s := stripPrefixes(outer, prefixes); s != outer {
			out = append(out, s)
		}
	}
	for _, n := range append([]string{}, out...) {
		out = append(out, placeNames(n)...)
	}
	for _, n := range names {
		out = append(out, placeNames(n)...)
	}
	if e.Kind == Place {
		// 万达 for 万达广场, 天一 for 天一广场: a plaza goes by its name.
		for _, n := range append(append([]string{}, names...), out...) {
			outer, _ := splitBrackets(n)
			if rest := strings.TrimSuffix(outer, "广场"); rest != outer && utf8.RuneCountInString(rest) >= 2 {
				out = append(out, rest)
			}
		}
	}
	if e.Kind == Enterprise {
		for _, n := range append([]string{}, out...) {
			out = append(out, companyNames(n, prefixes)...)
		}
		out = append(out, companyNames(e.Name, prefixes)...)
	}
	if e.Kind == Station {
		outer, _ := splitBrackets(e.Name)
		out = append(out, outer+"站", outer+"地铁站")
		// The metro stop at a railway station is named after it (宁波火车站),
		// the railway station itself by the railway (宁波站, 庄桥站).
		if town := strings.TrimSuffix(outer, "火车站"); town != outer && town != "" {
			out = append(out, town+"站")
		}
	}
	return out
}

// campusSuffix is a campus or branch named after the body's name: the
// 兴宁院区 of 李惠利医院兴宁院区, the 本部院区 of 宁波市第二医院本部院区.
var campusSuffix = regexp.MustCompile(`^(.+(?:医院|学院|学校|中学|小学|大学))(?:.{1,6}(?:院区|校区|分院|分校))$`)

// placeNames are what people call a place with a campus suffix (the
// body's own name) or a new development zone (杭州湾 for 杭州湾新区; not
// 高新区, which is a kind of zone).
func placeNames(n string) []string {
	var out []string
	if m := campusSuffix.FindStringSubmatch(n); m != nil {
		out = append(out, m[1])
	}
	if rest := strings.TrimSuffix(n, "新区"); rest != n && utf8.RuneCountInString(rest) >= 3 && !strings.HasSuffix(rest, "高") {
		out = append(out, rest)
	}
	return out
}

// splitBrackets splits "东门口(天一广场)" into 东门口 and 天一广场; a name
// without brackets comes back whole, with no inner part.
func splitBrackets(n string) (outer, inner string) {
	if !strings.ContainsAny(n, "(（") {
		return n, ""
	}
	n = brackets.Replace(n)
	open := strings.Index(n, "(")
	if open < 0 {
		return n, ""
	}
	close := strings.Index(n[open:], ")")
	if close < 0 {
		return strings.TrimSpace(n[:open]), strings.TrimSpace(n[open+1:])
	}
	close += open
	return strings.TrimSpace(n[:open] + n[close+1:]), strings.TrimSpace(n[open+1 : close])
}

// stripPrefixes removes leading region and district names while at least
// three characters remain.
func stripPrefixes(n string, prefixes []string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range prefixes {
			if rest := strings.TrimPrefix(n, p); rest != n && utf8.RuneCountInString(rest) >= 3 {
				n, changed = rest, true
				break
			}
		}
	}
	return n
}

// companyNames are the names an enterprise goes by: 镇海炼化 for
// 中国石油化工股份有限公司镇海炼化分公司, 海天集团 and 海天 for
// 海天集团股份有限公司, 方太厨具 and 方太 for 宁波方太厨具有限公司.
func companyNames(n string, prefixes []string) []string {
	n = companyBrackets.Replace(n)
	if outer, _ := splitBrackets(n); outer != "" {
		n = outer
	}
	// A branch is known by its own name.
	if strings.HasSuffix(n, "分公司") {
		if i := strings.LastIndex(strings.TrimSuffix(n, "分公司"), "公司"); i >= 0 {
			branch := strings.TrimSuffix(n[i+len("公司"):], "分公司")
			if utf8.RuneCountInString(branch) >= 2 {
				return []string{branch}
			}
		}
	}
	var out []string
	trimmed := n
	for _, f := range companyForms {
		if s := strings.TrimSuffix(trimmed, f); s != trimmed {
			trimmed = s
			break
		}
	}
	trimmed = stripPrefixes(trimmed, prefixes)
	if trimmed != n {
		out = append(out, trimmed)
	}
	if !strings.HasSuffix(trimmed, "集团") && strings.Contains(n, "集团") {
		out = append(out, trimmed+"集团") // 海天集团股份有限公司 is 海天集团
	}
	brand := strings.TrimSuffix(trimmed, "集团")
	for _, w := range industryWords {
		if s := strings.TrimSuffix(brand, w); s != brand {
			brand = s
			break
		}
	}
	if brand != trimmed && utf8.RuneCountInString(brand) >= 2 {
		out = append(out, brand)
	}
	return out
}
