package zh_test

import (
	"testing"

	"github.com/skillcircle/skillcircle/index/zh"
)

func BenchmarkFold(b *testing.B) {
	for _, in := range []struct{ name, s string }{
		{"simplified", "数控车工（中级）职业技能等级认定培训"},
		{"traditional", "數控車工（中級）職業技能等級認定培訓"},
		{"latin", "ShuKong CNC"},
		{"lower", "shukong"},
	} {
		b.Run(in.name, func(b *testing.B) {
			zh.Fold(in.s) // tables built outside the timing
			for b.Loop() {
				zh.Fold(in.s)
			}
		})
	}
}

func BenchmarkSimplify(b *testing.B) {
	zh.Simplify("")
	for b.Loop() {
		zh.Simplify("數控車工（中級）職業技能等級認定培訓")
	}
}

func BenchmarkPinyin(b *testing.B) {
	zh.Pinyin("")
	for b.Loop() {
		zh.Pinyin("数控车工（中级）职业技能等级认定培训")
	}
}

func BenchmarkInitials(b *testing.B) {
	zh.Initials("")
	for b.Loop() {
		zh.Initials("数控车工（中级）职业技能等级认定培训")
	}
}
