package text

import (
	"strings"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index/zh"
)

// Understood says how Search read the text of a query: which words became
// filters, and what each remaining word was matched as.
type Understood struct {
	// Text is what was searched for once the filter words were taken out.
	Text string `json:"text"`
	// FilterWords are the words taken as filters, as folded.
	FilterWords []string        `json:"filter_words,omitempty"`
	Levels      []data.Level    `json:"level,omitempty"`
	Schedules   []data.Schedule `json:"schedule,omitempty"`
	Audiences   []data.Audience `json:"audience,omitempty"`
	Free        bool            `json:"free,omitempty"`
	Subsidised  bool            `json:"subsidised,omitempty"`
	// Terms are the words searched for, each with what it was matched as.
	Terms []Term `json:"terms,omitempty"`
	// Corrected is Text as searched when a word of it was corrected and
	// the courses found are those of the correction ("数控" for 数空,
	// "数控 编程" for 数空 编程, "数控" for shukogn): what a page shows as
	// 已为您显示“数控”的结果. Empty otherwise.
	Corrected string `json:"corrected,omitempty"`
}

// Term is one searched word and the catalogue words it stands for.
type Term struct {
	Word string `json:"word"`
	// Means lists the catalogue words matched for it besides itself:
	// synonyms, the Chinese a pinyin word spells, a corrected spelling.
	Means []string `json:"means,omitempty"`
	// Corrected is what a word that means nothing as typed was read as:
	// the known word it sounds like (数空: 数控; 控数: 数控), the Chinese a
	// pinyin spelling one letter off spells (shukogn: 数控), or a Latin word
	// one letter off (exel: excel).
	Corrected string `json:"corrected,omitempty"`
}

// filterWord is a word of a query that narrows rather than matches.
type filterWord struct {
	level      data.Level
	schedule   data.Schedule
	audience   data.Audience
	free       bool
	subsidised bool
}

// filterWords are the words taken as filters, folded. Grades follow the
// national five-level scheme in both its names (初级..高级技师) and numbers
// (五级..一级).
var filterWords = map[string]filterWord{
	"初级": {level: data.Junior}, "五级": {level: data.Junior},
	"中级": {level: data.Intermediate}, "四级": {level: data.Intermediate},
	"高级": {level: data.Senior}, "三级": {level: data.Senior},
	"技师": {level: data.Technician}, "二级": {level: data.Technician},
	"高级技师": {level: data.SeniorTechnician}, "一级": {level: data.SeniorTechnician},

	"周末": {schedule: data.Weekend}, "周末班": {schedule: data.Weekend}, "双休日": {schedule: data.Weekend},
	"周六": {schedule: data.Weekend}, "周日": {schedule: data.Weekend}, "星期六": {schedule: data.Weekend},
	"星期天": {schedule: data.Weekend}, "星期日": {schedule: data.Weekend},
	"晚上": {schedule: data.WeekdayEvening}, "晚班": {schedule: data.WeekdayEvening}, "夜校": {schedule: data.WeekdayEvening},
	"夜班": {schedule: data.WeekdayEvening}, "晚间": {schedule: data.WeekdayEvening}, "下班后": {schedule: data.WeekdayEvening},
	"白天": {schedule: data.WeekdayDaytime}, "白班": {schedule: data.WeekdayDaytime}, "日班": {schedule: data.WeekdayDaytime},

	"老年人": {audience: data.Elderly}, "老年": {audience: data.Elderly}, "老人": {audience: data.Elderly},
	"退休": {audience: data.Elderly}, "长者": {audience: data.Elderly}, "老年大学": {audience: data.Elderly},
	"中小学生": {audience: data.Pupils}, "小学生": {audience: data.Pupils}, "中学生": {audience: data.Pupils},
	"孩子": {audience: data.Pupils}, "小孩": {audience: data.Pupils}, "儿童": {audience: data.Pupils},
	"少儿": {audience: data.Pupils}, "青少年": {audience: data.Pupils},
	"农民": {audience: data.Farmers}, "新市民": {audience: data.NewResident}, "外来务工": {audience: data.NewResident},

	"免费": {free: true}, "不要钱": {free: true}, "零元": {free: true}, "公益": {free: true},
	"补贴": {subsidised: true}, "有补贴": {subsidised: true}, "政府补贴": {subsidised: true}, "补助": {subsidised: true},
}

// notFilters are words that hold a filter word but mean something else:
// a school's name, not a grade.
var notFilters = []string{"技师学院", "高级中学", "高级技工学校"}

func notFilter(s string) string {
	for _, w := range notFilters {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	return ""
}

// maxFilterRunes is the length of the longest filter word.
const maxFilterRunes = 4

// noisePrefixes and noiseSuffixes carry no meaning in a course search
// ("想学电焊", "电焊培训班"); they are dropped from a word that is longer.
var (
	noisePrefixes = []string{"我想学", "我要学", "想学", "我想", "学习", "学"}
	noiseSuffixes = []string{"培训班", "培训", "课程", "学习", "班", "课"}
)

// Understand reads a query's text: filter words out, the rest split into
// words. Words are folded (simplified, half-width, lower case).
func Understand(text string) *Understood {
	u := &Understood{}
	folded := zh.Fold(text)
	var rest strings.Builder
	for i := 0; i < len(folded); {
		if w := notFilter(folded[i:]); w != "" {
			rest.WriteString(w)
			i += len(w)
			continue
		}
		if w, f, n := longestFilter(folded[i:]); n > 0 {
			u.FilterWords = append(u.FilterWords, w)
			u.apply(f)
			rest.WriteByte(' ')
			i += n
			continue
		}
		_, n := utf8.DecodeRuneInString(folded[i:])
		rest.WriteString(folded[i : i+n])
		i += n
	}
	var words []string
	for _, w := range strings.FieldsFunc(rest.String(), isSeparator) {
		if w = trimNoise(w); w != "" {
			words = append(words, w)
		}
	}
	u.Text = strings.Join(words, " ")
	for _, w := range words {
		u.Terms = append(u.Terms, Term{Word: w})
	}
	return u
}

func isSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '\n', ',', '，', '、', '。', ';', '；', '/', '+', '(', ')', '"', '\'', '“', '”':
		return true
	}
	return false
}

// longestFilter returns the longest filter word s starts with.
func longestFilter(s string) (string, filterWord, int) {
	end, best, bestN := 0, "", 0
	var bestF filterWord
	for k := 0; k < maxFilterRunes && end < len(s); k++ {
		_, n := utf8.DecodeRuneInString(s[end:])
		end += n
		if f, ok := filterWords[s[:end]]; ok {
			best, bestF, bestN = s[:end], f, end
		}
	}
	return best, bestF, bestN
}

func (u *Understood) apply(f filterWord) {
	switch {
	case f.level != "":
		if !contains(u.Levels, f.level) {
			u.Levels = append(u.Levels, f.level)
		}
	case f.schedule != "":
		if !contains(u.Schedules, f.schedule) {
			u.Schedules = append(u.Schedules, f.schedule)
		}
	case f.audience != "":
		if !contains(u.Audiences, f.audience) {
			u.Audiences = append(u.Audiences, f.audience)
		}
	case f.free:
		u.Free = true
	case f.subsidised:
		u.Subsidised = true
	}
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// trimNoise drops noise prefixes and suffixes, unless the word is a
// synonym as it stands (学做菜) or would become shorter than two runes.
func trimNoise(w string) string {
	syn := defaultSynonyms()
	for changed := true; changed; {
		changed = false
		if _, ok := syn[w]; ok {
			return w
		}
		for _, p := range noisePrefixes {
			if rest, ok := strings.CutPrefix(w, p); ok && utf8.RuneCountInString(rest) >= 2 {
				w, changed = rest, true
				break
			}
		}
		for _, p := range noiseSuffixes {
			if rest, ok := strings.CutSuffix(w, p); ok && utf8.RuneCountInString(rest) >= 2 {
				w, changed = rest, true
				break
			}
		}
	}
	return w
}

// Normalize folds a query (simplified, half-width, lower case) and
// collapses its spaces: what Understand reads.
func Normalize(s string) string {
	return strings.Join(strings.Fields(zh.Fold(s)), " ")
}
