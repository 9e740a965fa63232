package zh

import (
	"slices"
	"strings"
)

// Readings returns every toneless reading of the Han character r, most
// common first (会: hui, kuai), or nil for a character without one. A
// pinyin keyboard offers a character under each of its readings, so a
// character picked by mistake may have been typed as any of them.
func Readings(r rune) []string {
	return slices.Clone(readings()[r])
}

// Syllable pairs that pinyin keyboards offer to confuse on purpose (their
// 模糊音 settings: z and zh, an and ang...), for people whose speech does
// not tell them apart, and g and k, which sit side by side in syllables
// that differ by nothing else (kong, gong).
var (
	nearInitials = [][2]string{{"z", "zh"}, {"c", "ch"}, {"s", "sh"}, {"l", "n"}, {"f", "h"}, {"r", "l"}, {"g", "k"}}
	nearFinals   = [][2]string{{"an", "ang"}, {"en", "eng"}, {"in", "ing"}, {"ian", "iang"}, {"uan", "uang"}}
)

// NearSyllables returns the syllables one step from s (a toneless
// syllable as Readings gives it) by a pair of confusable initials or of
// confusable finals: shu gives su, kong gives gong, jin gives jing. The
// results need not all be syllables Chinese has.
func NearSyllables(s string) []string {
	initial, final := splitSyllable(s)
	var out []string
	for _, p := range nearInitials {
		for k := range 2 {
			if initial == p[k] {
				out = append(out, p[1-k]+final)
			}
		}
	}
	for _, p := range nearFinals {
		for k := range 2 {
			if final == p[k] {
				out = append(out, initial+p[1-k])
			}
		}
	}
	return out
}

// splitSyllable cuts a toneless syllable into its initial consonant (zh,
// ch, sh or one letter; empty for a syllable that starts with a vowel) and
// its final.
func splitSyllable(s string) (initial, final string) {
	for _, two := range []string{"zh", "ch", "sh"} {
		if strings.HasPrefix(s, two) {
			return two, s[2:]
		}
	}
	if s != "" && !strings.ContainsRune("aeiouv", rune(s[0])) {
		return s[:1], s[1:]
	}
	return "", s
}
