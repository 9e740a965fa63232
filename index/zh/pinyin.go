package zh

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// readings maps every Han character go-pinyin knows to its toneless
// readings, most common first; built on first use (about 41,000 entries).
var readings = sync.OnceValue(func() map[rune][]string {
	m := make(map[rune][]string, len(pinyin.PinyinDict))
	for r, list := range pinyin.PinyinDict {
		var out []string
		for _, p := range strings.Split(list, ",") {
			p = toneless(p)
			if p != "" && !contains(out, p) {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			m[rune(r)] = out
		}
	}
	return m
})

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// toneless drops tone marks, writing ü as v as pinyin keyboards do.
func toneless(p string) string {
	var b strings.Builder
	for _, r := range p {
		switch r {
		case 'ā', 'á', 'ǎ', 'à':
			r = 'a'
		case 'ē', 'é', 'ě', 'è', 'ê', 'ế', 'ề':
			r = 'e'
		case 'ī', 'í', 'ǐ', 'ì':
			r = 'i'
		case 'ō', 'ó', 'ǒ', 'ò':
			r = 'o'
		case 'ū', 'ú', 'ǔ', 'ù':
			r = 'u'
		case 'ü', 'ǘ', 'ǚ', 'ǜ':
			r = 'v'
		case 'ń', 'ň', 'ǹ':
			r = 'n'
		case 'ḿ':
			r = 'm'
		case '\u0300', '\u0304', '\u030C': // combining grave, macron, caron
			continue
		}
		if r < 'a' || r > 'z' {
			return "" // not a reading we can type
		}
		b.WriteRune(r)
	}
	return b.String()
}

// phraseReadings fixes characters whose most common reading is wrong in
// the words of vocational training. Keys are simplified; values have one
// syllable per character.
var phraseReadings = map[string]string{
	"模具": "mu ju", "模板": "mu ban", "模样": "mu yang",
	"烹调": "peng tiao", "空调": "kong tiao", "调试": "tiao shi", "调节": "tiao jie", "调机": "tiao ji",
	"调酒": "tiao jiu", "调色": "tiao se", "调味": "tiao wei", "调理": "tiao li", "调制": "tiao zhi",
	"调配": "tiao pei", "调控": "tiao kong", "调校": "tiao jiao", "调饮": "tiao yin",
	"会计": "kuai ji", "银行": "yin hang", "行业": "hang ye", "音乐": "yin yue", "乐器": "yue qi",
	"声乐": "sheng yue", "校验": "jiao yan", "校准": "jiao zhun", "校对": "jiao dui",
	"店长": "dian zhang", "校长": "xiao zhang", "家长": "jia zhang", "班长": "ban zhang", "组长": "zu zhang",
	"成长": "cheng zhang", "生长": "sheng zhang", "长势": "zhang shi",
	"重量": "zhong liang", "载重": "zai zhong", "起重": "qi zhong", "重型": "zhong xing",
	"切削": "qie xiao", "削": "xiao", "刨工": "bao gong", "刨床": "bao chuang",
	"曲艺": "qu yi", "戏曲": "xi qu", "歌曲": "ge qu", "便利": "bian li", "方便": "fang bian",
	"卷发": "juan fa", "头发": "tou fa", "美发": "mei fa", "理发": "li fa", "发型": "fa xing",
	"和面": "huo mian", "创业": "chuang ye", "剪纸": "jian zhi",
	"茶艺": "cha yi", "着装": "zhuo zhuang", "单片机": "dan pian ji", "供应": "gong ying",
	"应用": "ying yong", "应急": "ying ji", "相机": "xiang ji",
	"朝阳": "zhao yang", "露天": "lu tian", "蛋糕": "dan gao", "乐清": "yue qing",
	"奉化": "feng hua", "芋艿": "yu nai", "枇杷": "pi pa", "甬剧": "yong ju",
	// Place names of the Ningbo catalogue.
	"长街": "chang jie", "江厦": "jiang xia", "长春": "chang chun", "长河": "chang he", "浒山": "xu shan",
}

// maxPhraseRunes is the longest key of phraseReadings.
var maxPhraseRunes = sync.OnceValue(func() int {
	n := 0
	for k := range phraseReadings {
		n = max(n, utf8.RuneCountInString(k))
	}
	return n
})

// Syllables romanizes s: one toneless pinyin syllable per Han character,
// runs of ASCII letters and digits kept as one lower-case item each, and
// everything else (punctuation, spaces, characters without a reading)
// dropped. Traditional and full-width input is folded first.
func Syllables(s string) []string {
	var out []string
	romanize(s, func(item string, _ bool) { out = append(out, item) })
	return out
}

// Pinyin is the full romanization of s without separators:
// Pinyin("数控车工") is "shukongchegong", Pinyin("CNC编程") "cncbiancheng".
func Pinyin(s string) string {
	var b strings.Builder
	romanize(s, func(item string, _ bool) { b.WriteString(item) })
	return b.String()
}

// Initials is the first letter of each syllable, with Latin and digit runs
// kept whole: Initials("数控车工") is "skcg", Initials("CNC编程") "cncbc".
// This is what people type when they abbreviate a Chinese word.
func Initials(s string) string {
	var b strings.Builder
	romanize(s, func(item string, han bool) {
		if han {
			b.WriteByte(item[0])
		} else {
			b.WriteString(item)
		}
	})
	return b.String()
}

// romanize calls emit for each syllable (han true) and each ASCII letter
// and digit run (han false) of Fold(s), in order.
func romanize(s string, emit func(item string, han bool)) {
	s = Fold(s)
	table := readings()
	word := -1 // start of the current ASCII run
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if word < 0 {
				word = i
			}
			i += n
			continue
		}
		if word >= 0 {
			emit(s[word:i], false)
			word = -1
		}
		if r >= utf8.RuneSelf {
			if phrase, size := phraseAt(s[i:]); size > 0 {
				for _, syl := range strings.Fields(phrase) {
					emit(syl, true)
				}
				i += size
				continue
			}
			if rs, ok := table[r]; ok {
				emit(rs[0], true)
			}
		}
		i += n
	}
	if word >= 0 {
		emit(s[word:], false)
	}
}

// phraseAt returns the readings of the longest listed phrase s starts
// with, and its length in bytes.
func phraseAt(s string) (string, int) {
	maxRunes := maxPhraseRunes()
	end, best, bestSize := 0, "", 0
	for k := 1; k <= maxRunes && end < len(s); k++ {
		_, n := utf8.DecodeRuneInString(s[end:])
		end += n
		if p, ok := phraseReadings[s[:end]]; ok {
			best, bestSize = p, end
		}
	}
	return best, bestSize
}
