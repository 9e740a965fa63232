package index

import (
	"slices"
	"strings"

	"github.com/skillcircle/skillcircle/index/text"
	"github.com/skillcircle/skillcircle/index/zh"
)

// TradesMeant are the catalogue's trades (工种) that a typed trade stands
// for, so that a planner who types 电焊 counts the welders' courses as
// the search page would: the trade itself when the catalogue has it; else
// the trades its synonyms name (电焊: 焊工, 电焊工), or contain (cnc: every
// 数控 trade); else the trades that contain the text (数控: 数控车工,
// 数控铣工). Nil when nothing in the catalogue answers to it. Sorted.
func (s *Snapshot) TradesMeant(typed string) []string {
	folded := strings.Join(strings.Fields(zh.Fold(typed)), "")
	if folded == "" {
		return nil
	}
	trades := map[string]bool{}
	for i := range s.courses {
		trades[s.courses[i].Trade] = true
	}
	for t := range trades {
		if zh.Fold(t) == folded {
			return []string{t}
		}
	}
	containing := func(word string) []string {
		var out []string
		for t := range trades {
			if strings.Contains(zh.Fold(t), word) {
				out = append(out, t)
			}
		}
		return out
	}
	var out []string
	// A synonym's close meanings only (weight 0.8 and up: 电焊 is 焊工,
	// 电焊工 and the welding certificate's course), not its loose ones.
	for _, alt := range text.SynonymsOf(folded) {
		if alt.Weight >= 0.8 {
			out = append(out, containing(zh.Fold(alt.Word))...)
		}
	}
	if len(out) == 0 {
		out = containing(folded)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
