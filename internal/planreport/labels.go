package planreport

import (
	"strings"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
)

// The planner's labels in Chinese, one place for gaps' output and the
// report. (The planner page keeps its own bilingual table in planner.js.)

// kindLabels are the kinds of candidate place in Chinese.
var kindLabels = map[plan.CandidateKind]string{
	plan.CandidateTownship:    "乡镇街道中心", // township centre
	plan.CandidatePark:        "产业园区",   // industrial park
	plan.CandidateStation:     "地铁站",    // metro station
	plan.CandidateInstitution: "现有机构",   // existing institution
}

// KindLabel names a kind of candidate place in Chinese (乡镇街道中心,
// 产业园区, 地铁站, 现有机构); an unknown kind as it is.
func KindLabel(k plan.CandidateKind) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// modeLabels are the travel modes in Chinese and English. Transit has
// none: the report writes it as "transit", as it always has.
var modeLabels = map[geo.Mode]string{
	geo.Walk:  "步行 on foot",
	geo.Bike:  "自行车 by bike",
	geo.EBike: "电动自行车 by e-bike",
	geo.Drive: "驾车 by car",
}

// modeLabel names a travel mode in Chinese and English.
func modeLabel(m geo.Mode) string {
	if l, ok := modeLabels[m]; ok {
		return l
	}
	return string(m)
}

// filtersLabel says which courses an analysis counts, in Chinese and
// English.
func filtersLabel(f index.Filters) string {
	var parts []string
	for _, fam := range f.Families {
		parts = append(parts, fam.Label()+" "+string(fam))
	}
	if f.Trade != "" {
		parts = append(parts, "工种 "+f.Trade)
	}
	if f.OccupationCode != "" {
		parts = append(parts, "职业编码 "+f.OccupationCode)
	}
	for _, l := range f.Levels {
		parts = append(parts, l.Label())
	}
	if len(parts) == 0 {
		return "全部课程 all courses"
	}
	return strings.Join(parts, "、")
}
