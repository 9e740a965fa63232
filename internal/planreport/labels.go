package planreport

import (
	"strings"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// The planner's labels in Chinese, one place for gaps' output and the
// report. (The planner page keeps its own bilingual table in planner.js.)

// KindLabel names a kind of candidate place in Chinese: 乡镇街道中心
// (township centre), 产业园区 (industrial park), 地铁站 (metro station),
// 现有机构 (existing institution); an unknown kind as it is.
func KindLabel(k index.CandidateKind) string {
	switch k {
	case index.CandidateTownship:
		return "乡镇街道中心"
	case index.CandidatePark:
		return "产业园区"
	case index.CandidateStation:
		return "地铁站"
	case index.CandidateInstitution:
		return "现有机构"
	}
	return string(k)
}

// modeLabel names a travel mode in Chinese and English.
func modeLabel(m geo.Mode) string {
	switch m {
	case geo.Walk:
		return "步行 on foot"
	case geo.Bike:
		return "自行车 by bike"
	case geo.EBike:
		return "电动自行车 by e-bike"
	case geo.Drive:
		return "驾车 by car"
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
