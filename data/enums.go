package data

import (
	"fmt"
	"strings"
)

// Every enumerated field has a stable English code (used in the API, in
// snapshots and by default in CSV files) and the Chinese label the platform
// uses. Parsing accepts either, so a catalogue exported by a Chinese
// back office loads as well as one written by a script.

// enumValue is one member of an enumeration.
type enumValue struct {
	code  string
	zh    string
	alias []string // further spellings accepted on input
}

// enum is an ordered set of values; order is the order of presentation.
type enum []enumValue

func (e enum) parse(field, s string) (string, error) {
	t := strings.TrimSpace(s)
	for _, v := range e {
		if strings.EqualFold(t, v.code) || t == v.zh {
			return v.code, nil
		}
		for _, a := range v.alias {
			if strings.EqualFold(t, a) {
				return v.code, nil
			}
		}
	}
	return "", fmt.Errorf("%w: %s: %q is not one of %s", ErrUnknownValue, field, s, e.list())
}

func (e enum) label(code string) string {
	for _, v := range e {
		if v.code == code {
			return v.zh
		}
	}
	return code
}

func (e enum) codes() []string {
	out := make([]string, len(e))
	for i, v := range e {
		out[i] = v.code
	}
	return out
}

func (e enum) list() string {
	parts := make([]string, len(e))
	for i, v := range e {
		if v.zh != "" {
			parts[i] = v.code + " (" + v.zh + ")"
		} else {
			parts[i] = v.code
		}
	}
	return strings.Join(parts, ", ")
}

// InstitutionKind is what kind of body runs courses.
type InstitutionKind string

const (
	HigherVocational    InstitutionKind = "higher_vocational"    // 高职院校
	TechnicianCollege   InstitutionKind = "technician_college"   // 技师学院、技工学校
	SecondaryVocational InstitutionKind = "secondary_vocational" // 中职学校
	AdultSchool         InstitutionKind = "adult_school"         // 成人文化技术学校
	EnterpriseAcademy   InstitutionKind = "enterprise_academy"   // 企业学院
	SocialTraining      InstitutionKind = "social_training"      // 社会培训机构
)

var institutionKinds = enum{
	{code: string(HigherVocational), zh: "高职院校"},
	{code: string(TechnicianCollege), zh: "技师学院", alias: []string{"技工学校"}},
	{code: string(SecondaryVocational), zh: "中职学校"},
	{code: string(AdultSchool), zh: "成人文化技术学校", alias: []string{"成校"}},
	{code: string(EnterpriseAcademy), zh: "企业学院"},
	{code: string(SocialTraining), zh: "社会培训机构"},
}

// ParseInstitutionKind accepts a code or its Chinese label.
func ParseInstitutionKind(s string) (InstitutionKind, error) {
	c, err := institutionKinds.parse("institution kind", s)
	return InstitutionKind(c), err
}

// Label is the Chinese name of the kind.
func (k InstitutionKind) Label() string { return institutionKinds.label(string(k)) }

// Vocational reports whether the kind is one of the three public vocational
// school kinds the platform counts as its "35 vocational institutions".
func (k InstitutionKind) Vocational() bool {
	return k == HigherVocational || k == TechnicianCollege || k == SecondaryVocational
}

// SiteKind is the form of a training point.
type SiteKind string

const (
	Campus          SiteKind = "campus"     // 校区
	InPark          SiteKind = "in_park"    // 驻园培训点
	Community       SiteKind = "community"  // 分散（社区）培训点
	EnterpriseBased SiteKind = "enterprise" // 企业培训基地
)

var siteKinds = enum{
	{code: string(Campus), zh: "校区"},
	{code: string(InPark), zh: "驻园", alias: []string{"驻园培训点"}},
	{code: string(Community), zh: "分散", alias: []string{"社区培训点", "社区"}},
	{code: string(EnterpriseBased), zh: "企业", alias: []string{"企业培训基地"}},
}

// ParseSiteKind accepts a code or its Chinese label.
func ParseSiteKind(s string) (SiteKind, error) {
	c, err := siteKinds.parse("site kind", s)
	return SiteKind(c), err
}

// Label is the Chinese name of the kind.
func (k SiteKind) Label() string { return siteKinds.label(string(k)) }

// Family is one of the five course families the platform names.
type Family string

const (
	Manufacturing Family = "manufacturing" // 先进制造业
	Services      Family = "services"      // 现代服务业
	Agriculture   Family = "agriculture"   // 现代农业
	Labour        Family = "labour"        // （中小学）劳动教育
	Seniors       Family = "seniors"       // 老年教育
)

var families = enum{
	{code: string(Manufacturing), zh: "先进制造业"},
	{code: string(Services), zh: "现代服务业"},
	{code: string(Agriculture), zh: "现代农业"},
	{code: string(Labour), zh: "劳动教育", alias: []string{"中小学劳动教育"}},
	{code: string(Seniors), zh: "老年教育"},
}

// ParseFamily accepts a code or its Chinese label.
func ParseFamily(s string) (Family, error) {
	c, err := families.parse("family", s)
	return Family(c), err
}

// Label is the Chinese name of the family.
func (f Family) Label() string { return families.label(string(f)) }

// Families lists every family code in presentation order.
func Families() []string { return families.codes() }

// Level is a national vocational skill grade (职业技能等级); NoLevel for
// courses that lead to no grade (hobby, labour education, seniors).
type Level string

const (
	NoLevel          Level = "none"
	Junior           Level = "junior"            // 初级（五级）
	Intermediate     Level = "intermediate"      // 中级（四级）
	Senior           Level = "senior"            // 高级（三级）
	Technician       Level = "technician"        // 技师（二级）
	SeniorTechnician Level = "senior_technician" // 高级技师（一级）
)

var levels = enum{
	{code: string(NoLevel), zh: "无", alias: []string{"", "不定级"}},
	{code: string(Junior), zh: "初级", alias: []string{"五级"}},
	{code: string(Intermediate), zh: "中级", alias: []string{"四级"}},
	{code: string(Senior), zh: "高级", alias: []string{"三级"}},
	{code: string(Technician), zh: "技师", alias: []string{"二级"}},
	{code: string(SeniorTechnician), zh: "高级技师", alias: []string{"一级"}},
}

// ParseLevel accepts a code or its Chinese label; empty means NoLevel.
func ParseLevel(s string) (Level, error) {
	c, err := levels.parse("level", s)
	return Level(c), err
}

// Label is the Chinese name of the level.
func (l Level) Label() string { return levels.label(string(l)) }

// Levels lists every level code in ascending order.
func Levels() []string { return levels.codes() }

// Delivery is how a course is taught.
type Delivery string

const (
	OnSite  Delivery = "onsite"  // 线下
	Online  Delivery = "online"  // 线上
	Blended Delivery = "blended" // 线上线下混合
)

var deliveries = enum{
	{code: string(OnSite), zh: "线下"},
	{code: string(Online), zh: "线上"},
	{code: string(Blended), zh: "混合", alias: []string{"线上线下"}},
}

// ParseDelivery accepts a code or its Chinese label.
func ParseDelivery(s string) (Delivery, error) {
	c, err := deliveries.parse("delivery", s)
	return Delivery(c), err
}

// Label is the Chinese name of the delivery.
func (d Delivery) Label() string { return deliveries.label(string(d)) }

// AtSite reports whether a course taught this way meets at a site, and so
// can be reached.
func (d Delivery) AtSite() bool { return d != Online }

// Schedule is when in the week a course meets.
type Schedule string

const (
	WeekdayDaytime Schedule = "weekday_daytime" // 工作日白天
	WeekdayEvening Schedule = "weekday_evening" // 工作日晚上
	Weekend        Schedule = "weekend"         // 周末
)

var schedules = enum{
	{code: string(WeekdayDaytime), zh: "工作日白天"},
	{code: string(WeekdayEvening), zh: "工作日晚上"},
	{code: string(Weekend), zh: "周末"},
}

// ParseSchedule accepts a code or its Chinese label.
func ParseSchedule(s string) (Schedule, error) {
	c, err := schedules.parse("schedule", s)
	return Schedule(c), err
}

// Label is the Chinese name of the schedule.
func (s Schedule) Label() string { return schedules.label(string(s)) }

// Schedules lists every schedule code.
func Schedules() []string { return schedules.codes() }

// Subsidy says whether some places are paid for by public funds.
type Subsidy string

const (
	NoSubsidy  Subsidy = "none"       // 自费
	Subsidised Subsidy = "subsidised" // 补贴
	Free       Subsidy = "free"       // 免费
)

var subsidies = enum{
	{code: string(NoSubsidy), zh: "自费", alias: []string{""}},
	{code: string(Subsidised), zh: "补贴"},
	{code: string(Free), zh: "免费"},
}

// ParseSubsidy accepts a code or its Chinese label; empty means NoSubsidy.
func ParseSubsidy(s string) (Subsidy, error) {
	c, err := subsidies.parse("subsidy", s)
	return Subsidy(c), err
}

// Label is the Chinese name of the subsidy.
func (s Subsidy) Label() string { return subsidies.label(string(s)) }

// Group is a group of people that qualifies for free or subsidised places.
type Group string

const (
	RuralLabour Group = "rural_labour" // 农村劳动力
	Unemployed  Group = "unemployed"   // 失业人员
	Veteran     Group = "veteran"      // 退役军人
	Graduate    Group = "graduate"     // 高校毕业生
	Disabled    Group = "disabled"     // 残疾人
	LowIncome   Group = "low_income"   // 低收入农户
)

var groups = enum{
	{code: string(RuralLabour), zh: "农村劳动力"},
	{code: string(Unemployed), zh: "失业人员"},
	{code: string(Veteran), zh: "退役军人"},
	{code: string(Graduate), zh: "高校毕业生"},
	{code: string(Disabled), zh: "残疾人"},
	{code: string(LowIncome), zh: "低收入农户"},
}

// ParseGroup accepts a code or its Chinese label.
func ParseGroup(s string) (Group, error) {
	c, err := groups.parse("group", s)
	return Group(c), err
}

// Label is the Chinese name of the group.
func (g Group) Label() string { return groups.label(string(g)) }

// Audience is who a course is for.
type Audience string

const (
	Public      Audience = "public"      // 面向社会
	Employees   Audience = "employees"   // 在职职工
	JobSeekers  Audience = "job_seekers" // 求职人员
	Elderly     Audience = "elderly"     // 老年人
	Pupils      Audience = "pupils"      // 中小学生
	OwnStaff    Audience = "own_staff"   // 本企业员工
	Farmers     Audience = "farmers"     // 农民
	NewResident Audience = "new_residents"
)

var audiences = enum{
	{code: string(Public), zh: "面向社会"},
	{code: string(Employees), zh: "在职职工"},
	{code: string(JobSeekers), zh: "求职人员"},
	{code: string(Elderly), zh: "老年人"},
	{code: string(Pupils), zh: "中小学生"},
	{code: string(OwnStaff), zh: "本企业员工"},
	{code: string(Farmers), zh: "农民"},
	{code: string(NewResident), zh: "新市民", alias: []string{"外来务工人员"}},
}

// ParseAudience accepts a code or its Chinese label.
func ParseAudience(s string) (Audience, error) {
	c, err := audiences.parse("audience", s)
	return Audience(c), err
}

// Label is the Chinese name of the audience.
func (a Audience) Label() string { return audiences.label(string(a)) }

// EnumCodes lists the accepted codes of each enumerated field, by field
// name, for documentation and for error messages in other packages.
func EnumCodes() map[string][]string {
	return map[string][]string{
		"institution_kind": institutionKinds.codes(),
		"site_kind":        siteKinds.codes(),
		"family":           families.codes(),
		"level":            levels.codes(),
		"delivery":         deliveries.codes(),
		"schedule":         schedules.codes(),
		"subsidy":          subsidies.codes(),
		"group":            groups.codes(),
		"audience":         audiences.codes(),
	}
}
