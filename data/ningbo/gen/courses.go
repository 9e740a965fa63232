package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"
)

var (
	audienceZH = map[string]string{
		"public": "社会学员", "employees": "在职职工", "job_seekers": "求职人员", "elderly": "老年人",
		"pupils": "中小学生", "own_staff": "本企业员工", "farmers": "农民", "new_residents": "新市民",
	}
	scheduleZH = map[string]string{"weekday_daytime": "工作日白天", "weekday_evening": "工作日晚上", "weekend": "周末"}
	// groupOrder is the order of data/enums.go; groupZH their labels.
	groupOrder = []string{"rural_labour", "unemployed", "veteran", "graduate", "disabled", "low_income"}
	groupZH    = map[string]string{
		"rural_labour": "农村劳动力", "unemployed": "失业人员", "veteran": "退役军人",
		"graduate": "高校毕业生", "disabled": "残疾人", "low_income": "低收入农户",
	}
	scheduleByAudience = map[string][]weighted{
		"employees":     {{"weekday_evening", 50}, {"weekend", 40}, {"weekday_daytime", 10}},
		"own_staff":     {{"weekday_evening", 45}, {"weekend", 25}, {"weekday_daytime", 30}},
		"new_residents": {{"weekday_evening", 50}, {"weekend", 45}, {"weekday_daytime", 5}},
		"job_seekers":   {{"weekday_daytime", 70}, {"weekend", 20}, {"weekday_evening", 10}},
		"public":        {{"weekday_daytime", 30}, {"weekday_evening", 35}, {"weekend", 35}},
		"elderly":       {{"weekday_daytime", 85}, {"weekend", 10}, {"weekday_evening", 5}},
		"pupils":        {{"weekend", 65}, {"weekday_daytime", 35}},
		"farmers":       {{"weekday_daytime", 60}, {"weekday_evening", 25}, {"weekend", 15}},
	}
	careTrades = map[string]bool{
		"nanny": true, "maternity": true, "housekeeping": true, "eldercare": true, "childcare": true,
		"organizer": true, "early_dev": true,
	}
)

// partnerships: vocational schools that also teach in an enterprise
// academy's bases (海天 runs CNC classes with the platform's schools).
var partnerships = [][2]string{
	{"宁波职业技术学院", "海天集团企业学院"},
	{"宁波市北仑职业高级中学", "海天集团企业学院"},
	{"宁波市镇海区职业教育中心学校", "东鼎工匠学院"},
	{"慈溪杭州湾中等职业学校", "吉利汽车杭州湾企业学院"},
	{"余姚市职业技术学校", "舜宇企业学院"},
	{"慈溪技师学院", "方太企业学院"},
}

func (w *world) buildCourses() error {
	rng := w.rng("courses")
	for _, pa := range partnerships {
		in, a := w.institution(pa[0]), w.institution(pa[1])
		if in == nil || a == nil {
			return fmt.Errorf("partnership %s - %s: unknown institution", pa[0], pa[1])
		}
		in.Partners = a.Sites
	}
	insts := slices.Clone(w.institutions)
	sort.Slice(insts, func(i, j int) bool { return insts[i].ID < insts[j].ID })
	for _, in := range insts {
		g := &courseGen{w: w, rng: rng, in: in, titles: map[string]int{}}
		// one course at least at every site, the forced ones first
		for _, s := range in.Sites {
			keys := s.Forced
			if len(keys) == 0 {
				keys = []string{""}
			}
			for _, k := range keys {
				if err := g.add(k, s); err != nil {
					return err
				}
			}
		}
		for len(g.out) < in.Courses {
			if err := g.add("", nil); err != nil {
				return err
			}
		}
		w.courses = append(w.courses, g.out...)
	}
	for i, c := range w.courses {
		c.ID = fmt.Sprintf("C%05d", i+1)
	}
	return nil
}

type courseGen struct {
	w      *world
	rng    *rand.Rand
	in     *institution
	titles map[string]int
	out    []*course
}

// resolve turns a profile key into a trade; the pseudo keys "labour",
// "seniors" and "crop" become a subject or a crop of the district.
func (g *courseGen) resolve(key string) *trade {
	rng := g.rng
	switch key {
	case "labour":
		rural := g.in.T.ruralShare() > 0.3
		for {
			s := labourSubjects[rng.IntN(len(labourSubjects))]
			if s.Rural && !rural {
				continue
			}
			return &trade{Key: key, Name: s.Subject, Family: famLabour, Levels: none,
				Plain: []string{"中小学劳动教育：" + s.Subject}, Workshop: s.Workshop, Sess: [2]int{4, 12}}
		}
	case "seniors":
		s := seniorSubjects[rng.IntN(len(seniorSubjects))]
		return &trade{Key: key, Name: s.Subject, Family: famSenior, Levels: none, Plain: s.Titles,
			Online: s.Online, Sess: [2]int{8, 32}}
	case "crop":
		t := *tradeByKey["crop"]
		t.Plain = districtCrops[g.in.T.District.Name]
		return &t
	}
	return tradeByKey[key]
}

// compatible reports whether a course of trade tr may meet at s.
func compatible(s *site, tr *trade) bool {
	if len(s.Trades) > 0 && !slices.Contains(s.Trades, tr.Key) {
		return false
	}
	return !tr.Workshop || s.Kind != "community"
}

var siteKindWeight = map[string]float64{"campus": 3, "in_park": 2, "enterprise": 2, "community": 1.5}

// sitesFor picks where a course of trade tr meets.
func (g *courseGen) sitesFor(tr *trade) []*site {
	rng := g.rng
	var ws []weighted
	idx := map[string]*site{}
	for _, s := range g.in.Sites {
		if compatible(s, tr) {
			ws = append(ws, weighted{s.Name, siteKindWeight[s.Kind]})
			idx[s.Name] = s
		}
	}
	if tr.Family == famMfg && tr.Workshop && len(g.in.Partners) > 0 && chance(rng, 0.12) {
		var ps []*site
		for _, s := range g.in.Partners {
			if compatible(s, tr) && slices.ContainsFunc(s.Inst.Profile, func(x weighted) bool { return x.Key == tr.Key }) {
				ps = append(ps, s)
			}
		}
		if len(ps) > 0 {
			return []*site{ps[rng.IntN(len(ps))]}
		}
	}
	if len(ws) == 0 {
		return nil
	}
	first := idx[pick(rng, ws)]
	out := []*site{first}
	// the same class at a second campus or point now and then
	if chance(rng, 0.08) {
		var second []*site
		for _, s := range g.in.Sites {
			if s != first && compatible(s, tr) && (first.Kind != "campus" || s.Kind == "campus") {
				second = append(second, s)
			}
		}
		if len(second) > 0 {
			out = append(out, second[rng.IntN(len(second))])
		}
	}
	return out
}

// add makes one course: of the given profile key (drawn from the profile
// when empty), at site at (chosen when nil).
func (g *courseGen) add(key string, at *site) error {
	rng := g.rng
	in := g.in
	var tr *trade
	for try := 0; ; try++ {
		if try > 500 {
			return fmt.Errorf("%s: no trade fits site %v", in.Name, at.Name)
		}
		k := key
		if k == "" {
			k = pick(rng, in.Profile)
		}
		tr = g.resolve(k)
		if tr == nil {
			return fmt.Errorf("%s: unknown trade key %q", in.Name, k)
		}
		if at == nil || compatible(at, tr) {
			break
		}
		if key != "" {
			return fmt.Errorf("%s: trade %s cannot meet at %s", in.Name, key, at.Name)
		}
	}
	c := &course{Inst: in, Family: tr.Family, Trade: tr.Name, Occupation: tr.Code}

	// level and title
	c.Level = lvNone
	if len(tr.Levels) > 1 || tr.Levels[0] != lvNone {
		ws := make([]weighted, len(tr.Levels))
		for i, l := range tr.Levels {
			ws[i] = weighted{l, levelWeight[l]}
		}
		c.Level = pick(rng, ws)
	}
	if c.Level == lvNone {
		c.Title = tr.Plain[rng.IntN(len(tr.Plain))]
	} else {
		c.Title = tr.title(tr.Titles[rng.IntN(len(tr.Titles))], c.Level)
	}

	// audience and schedule
	c.Audience = g.audience(tr)
	c.Schedule = pick(rng, scheduleByAudience[c.Audience])

	// delivery and sites
	c.Delivery = "onsite"
	switch {
	case tr.Online && at == nil && chance(rng, 0.26):
		c.Delivery = "online"
	case tr.Online && chance(rng, 0.25):
		c.Delivery = "blended"
	case (tr.Family == famMfg || tr.Family == famSvc) && c.Level != lvNone && chance(rng, 0.07):
		c.Delivery = "blended"
	}
	if c.Delivery != "online" {
		if at != nil {
			c.Sites = []*site{at}
		} else {
			c.Sites = g.sitesFor(tr)
			if c.Sites == nil {
				return g.add(key, at) // nowhere to teach it: draw again
			}
		}
	}

	c.Sessions = g.sessions(tr, c.Level)
	c.Start = startDate(rng, c.Schedule)
	c.Fee = g.fee(tr, c)
	g.subsidy(tr, c)
	c.Seats = g.seats(tr, c)
	if chance(rng, 0.12) {
		c.SeatsLeft = 0
	} else {
		c.SeatsLeft = between(rng, 0, c.Seats)
	}

	// title variants: evening and weekend classes, and the n-th run of a
	// title at the same institution
	base := c.Title
	switch {
	case c.Schedule == "weekday_evening" && tr.Family != famSenior && chance(rng, 0.2):
		c.Title += "（晚班）"
	case c.Schedule == "weekend" && tr.Family != famLabour && chance(rng, 0.2):
		c.Title += "（周末班）"
	}
	g.titles[c.Title]++
	if n := g.titles[c.Title]; n > 1 {
		c.Title += fmt.Sprintf("（第%d期）", n)
	}
	c.Description = g.describe(tr, c, base)
	g.out = append(g.out, c)
	return nil
}

func (g *courseGen) audience(tr *trade) string {
	rng := g.rng
	switch {
	case tr.Family == famLabour:
		return "pupils"
	case tr.Family == famSenior:
		return "elderly"
	case tr.Family == famAgri:
		return pick(rng, []weighted{{"farmers", 75}, {"public", 15}, {"job_seekers", 10}})
	case g.in.Kind == kAcademy:
		return pick(rng, []weighted{{"own_staff", 65}, {"employees", 35}})
	case careTrades[tr.Key]:
		return pick(rng, []weighted{{"job_seekers", 35}, {"public", 30}, {"new_residents", 25}, {"employees", 10}})
	case tr.Family == famMfg:
		return pick(rng, []weighted{{"public", 25}, {"employees", 35}, {"job_seekers", 20}, {"new_residents", 20}})
	default:
		return pick(rng, []weighted{{"public", 40}, {"job_seekers", 20}, {"employees", 20}, {"new_residents", 20}})
	}
}

func (g *courseGen) sessions(tr *trade, level string) int {
	rng := g.rng
	r := tr.Sess
	if r == [2]int{} {
		switch {
		case tr.Family == famAgri && level != lvNone:
			r = [2]int{10, 30}
		case tr.Family == famAgri:
			r = [2]int{4, 16}
		case level == lvNone:
			r = [2]int{6, 24}
		case level == lvJ:
			r = [2]int{12, 40}
		case level == lvI:
			r = [2]int{16, 48}
		case level == lvS:
			r = [2]int{24, 60}
		default:
			r = [2]int{30, 60}
		}
	}
	return between(rng, r[0], r[1])
}

// roundTo rounds x to a multiple of m.
func roundTo(x float64, m int) int { return int(math.Round(x/float64(m))) * m }

func (g *courseGen) fee(tr *trade, c *course) int {
	rng := g.rng
	uniform := func(lo, hi, m int) int { return roundTo(float64(lo)+rng.Float64()*float64(hi-lo), m) }
	switch {
	case c.Audience == "own_staff":
		return 0
	case tr.Family == famSenior:
		if chance(rng, 0.35) {
			return 0
		}
		return uniform(50, 200, 10)
	case tr.Family == famLabour:
		if chance(rng, 0.45) {
			return 0
		}
		return uniform(30, 200, 10)
	case tr.Family == famAgri && c.Level != lvNone:
		return uniform(300, 900, 50)
	case tr.Family == famAgri:
		if chance(rng, 0.5) {
			return 0
		}
		return uniform(100, 600, 50)
	case tr.Fee != [2]int{}:
		return uniform(tr.Fee[0], tr.Fee[1], 10)
	case c.Level == lvNone:
		return uniform(200, 1200, 50)
	}
	ranges := map[string][2]int{lvJ: {300, 800}, lvI: {600, 1400}, lvS: {1000, 2000}, lvT: {1500, 2500}, lvST: {2000, 2500}}
	r := ranges[c.Level]
	return uniform(r[0], r[1], 50)
}

func (g *courseGen) subsidy(tr *trade, c *course) {
	rng := g.rng
	c.Subsidy = "none"
	if c.Fee == 0 {
		return
	}
	r := rng.Float64()
	switch {
	case tr.Family == famSenior || tr.Family == famLabour:
		return
	case tr.Family == famAgri:
		switch {
		case r < 0.5:
			c.Subsidy = "subsidised"
		case r < 0.9:
			c.Subsidy = "free"
		default:
			return
		}
		gs := []string{"rural_labour"}
		if chance(rng, 0.5) {
			gs = append(gs, "low_income")
		}
		if chance(rng, 0.2) {
			gs = append(gs, "veteran")
		}
		c.SubsidyGroups = sortGroups(gs)
		return
	case c.Level != lvNone || tr.Cert:
		switch {
		case r < 0.45:
			c.Subsidy = "subsidised"
		case r < 0.60:
			c.Subsidy = "free"
		default:
			return
		}
	default:
		if r >= 0.2 {
			return
		}
		c.Subsidy = "subsidised"
	}
	ws := []weighted{{"unemployed", 3}, {"rural_labour", 3}, {"veteran", 2}, {"graduate", 2}, {"disabled", 1}, {"low_income", 1}}
	n := between(rng, 1, 3)
	var gs []string
	for len(gs) < n {
		x := pick(rng, ws)
		if !slices.Contains(gs, x) {
			gs = append(gs, x)
		}
	}
	c.SubsidyGroups = sortGroups(gs)
}

func sortGroups(gs []string) []string {
	sort.Slice(gs, func(i, j int) bool {
		return slices.Index(groupOrder, gs[i]) < slices.Index(groupOrder, gs[j])
	})
	return gs
}

func (g *courseGen) seats(tr *trade, c *course) int {
	rng := g.rng
	switch {
	case c.Audience == "own_staff":
		return between(rng, 20, 60)
	case tr.Cert:
		return between(rng, 30, 60)
	case tr.Family == famSenior:
		return between(rng, 20, 45)
	case tr.Family == famLabour:
		return between(rng, 15, 40)
	case tr.Family == famAgri:
		return between(rng, 20, 50)
	case c.Level == lvNone:
		return between(rng, 15, 40)
	default:
		return between(rng, 20, 50)
	}
}

func (g *courseGen) describe(tr *trade, c *course, title string) string {
	var b strings.Builder
	switch tr.Family {
	case famSenior:
		fmt.Fprintf(&b, "%s课程，面向老年学员，零基础可学，以练为主、学以致用。", strings.TrimSuffix(title, "入门"))
	case famLabour:
		fmt.Fprintf(&b, "面向中小学生的劳动教育实践课程（%s）：在指导教师带领下动手操作、完成作品，养成劳动习惯与安全意识。", tr.Name)
	default:
		b.WriteString(tr.Content + "。")
	}
	if c.Level != lvNone {
		fmt.Fprintf(&b, "依据国家职业技能标准组织教学，理论与实操结合，结业后可参加%s（%s）职业技能等级认定。", tr.Name, tr.levelLabel(c.Level))
	}
	switch c.Delivery {
	case "blended":
		b.WriteString("理论线上学习，实操线下集中。")
	case "online":
		b.WriteString("线上直播授课，可回看。")
	}
	fmt.Fprintf(&b, "共%d次课，%s上课。", c.Sessions, scheduleZH[c.Schedule])
	if tr.Family != famSenior && tr.Family != famLabour {
		fmt.Fprintf(&b, "面向%s。", audienceZH[c.Audience])
	}
	var gs []string
	for _, x := range c.SubsidyGroups {
		gs = append(gs, groupZH[x])
	}
	switch c.Subsidy {
	case "subsidised":
		fmt.Fprintf(&b, "%s可申请职业技能培训补贴。", strings.Join(gs, "、"))
	case "free":
		fmt.Fprintf(&b, "%s可免费参训。", strings.Join(gs, "、"))
	}
	if c.Audience == "own_staff" {
		b.WriteString("本企业员工免费参训。")
	}
	for _, a := range academySpecs {
		if a.Name == g.in.Name && a.Rhythm != "" {
			b.WriteString(a.Rhythm)
		}
	}
	return b.String()
}

var (
	firstDay = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	// startMonths weights the months classes start in: most at the start
	// of each term.
	startMonths = []weighted{
		{"2026-09", 14}, {"2026-10", 12}, {"2026-11", 10}, {"2026-12", 6}, {"2027-01", 3},
		{"2027-02", 2}, {"2027-03", 14}, {"2027-04", 12}, {"2027-05", 10}, {"2027-06", 5},
	}
	// holidays on which no class starts: National Day, New Year, Spring
	// Festival 2027 (6 February), Qingming and Labour Day.
	holidays = [][2]string{
		{"2026-10-01", "2026-10-07"}, {"2027-01-01", "2027-01-03"}, {"2027-02-01", "2027-02-20"},
		{"2027-04-03", "2027-04-05"}, {"2027-05-01", "2027-05-05"},
	}
)

func startDate(rng *rand.Rand, schedule string) string {
	m, _ := time.Parse("2006-01", pick(rng, startMonths))
	d := m.AddDate(0, 0, rng.IntN(m.AddDate(0, 1, -1).Day()))
	ok := func(d time.Time) bool {
		s := d.Format("2006-01-02")
		for _, h := range holidays {
			if s >= h[0] && s <= h[1] {
				return false
			}
		}
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		return weekend == (schedule == "weekend")
	}
	step := 1
	for !ok(d) || d.After(lastDay) || d.Before(firstDay) {
		if d.After(lastDay) {
			step = -1
		}
		d = d.AddDate(0, 0, step)
	}
	return d.Format("2006-01-02")
}
