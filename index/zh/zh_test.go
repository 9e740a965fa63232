package zh_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillcircle/skillcircle/index/zh"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"电焊", "电焊"},
		{"電焊工培訓", "电焊工培训"},
		{"數控車工（中級）", "数控车工(中级)"}, // full-width brackets narrowed
		{"ＣＮＣ編程", "cnc编程"},
		{"ＰＬＣ", "plc"},
		{"CAD/CAM", "cad/cam"},
		{"老年人\u3000智能手機", "老年人 智能手机"},
		{"開叉車", "开叉车"},
		{"西式麪點師", "西式面点师"},
		{"乾燥", "干燥"},     // phrase and character agree
		{"一目瞭然", "一目了然"}, // a TSPhrases entry wins over its characters
		{"瞭望", "瞭望"},     // ... and only inside the phrase
		{"插花藝術", "插花艺术"},
		{"shukong", "shukong"},
		{"ShuKong", "shukong"},
		{"３Ｄ打印", "3d打印"},
		{"月嫂", "月嫂"},
		{"\xff電", "\uFFFD电"}, // invalid UTF-8 becomes U+FFFD
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := zh.Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNarrow(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＡＢＣ　ａｂｃ！～", "ABC abc!~"},
		{"（厂）", "(厂)"},
		{"、。《》", "、。《》"},
		{"ok", "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := zh.Narrow(tt.in); got != tt.want {
				t.Errorf("Narrow(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPinyin(t *testing.T) {
	tests := []struct {
		in, full, initials string
		syllables          []string
	}{
		{"数控", "shukong", "sk", []string{"shu", "kong"}},
		{"数控车工", "shukongchegong", "skcg", []string{"shu", "kong", "che", "gong"}},
		{"電焊", "dianhan", "dh", []string{"dian", "han"}},
		{"CNC编程", "cncbiancheng", "cncbc", []string{"cnc", "bian", "cheng"}},
		{"PLC编程与应用（电工·中级）", "plcbianchengyuyingyongdiangongzhongji", "plcbcyyydgzj", nil},
		{"3D打印", "3ddayin", "3ddy", []string{"3d", "da", "yin"}},
		{"模具工", "mujugong", "mjg", []string{"mu", "ju", "gong"}},         // not mo
		{"中式烹调师", "zhongshipengtiaoshi", "zspts", nil},                   // not diao
		{"绿化", "lvhua", "lh", []string{"lv", "hua"}},                     // ü as v
		{"长街镇", "changjiezhen", "cjz", []string{"chang", "jie", "zhen"}}, // not zhang
		{"浒山街道", "xushanjiedao", "xsjd", nil},                            // not hu
		{"月嫂", "yuesao", "ys", nil},
		{"叉车", "chache", "cc", nil},
		{"", "", "", nil},
		{"（）", "", "", nil},
		{"a b", "ab", "ab", []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := zh.Pinyin(tt.in); got != tt.full {
				t.Errorf("Pinyin(%q) = %q, want %q", tt.in, got, tt.full)
			}
			if got := zh.Initials(tt.in); got != tt.initials {
				t.Errorf("Initials(%q) = %q, want %q", tt.in, got, tt.initials)
			}
			if tt.syllables != nil {
				if got := zh.Syllables(tt.in); strings.Join(got, " ") != strings.Join(tt.syllables, " ") {
					t.Errorf("Syllables(%q) = %q, want %q", tt.in, got, tt.syllables)
				}
			}
		})
	}
}

func TestIsHan(t *testing.T) {
	for r, want := range map[rune]bool{'数': true, '數': true, 'a': false, '（': false, '3': false} {
		if zh.IsHan(r) != want {
			t.Errorf("IsHan(%q) = %v", r, !want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"電焊工培訓", "ＣＮＣ編程", "老年人\u3000智能手機", "一目瞭然", "數控車工（中級）", "\xff", "ShuKong 3D", "𫝈㑮"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := zh.Fold(s)
		if utf8.ValidString(s) && !utf8.ValidString(folded) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, folded)
		}
		if strings.ContainsFunc(folded, func(r rune) bool { return r == '\u3000' || ('\uFF01' <= r && r <= '\uFF5E') || ('A' <= r && r <= 'Z') }) {
			t.Fatalf("Fold(%q) = %q keeps a wide or upper-case ASCII character", s, folded)
		}
		full, initials := zh.Pinyin(s), zh.Initials(s)
		for _, p := range []string{full, initials} {
			if strings.ContainsFunc(p, func(r rune) bool { return !('a' <= r && r <= 'z') && !('0' <= r && r <= '9') }) {
				t.Fatalf("romanization of %q = %q has characters other than a-z 0-9", s, p)
			}
		}
		if len(initials) > len(full) || strings.Join(zh.Syllables(s), "") != full {
			t.Fatalf("Pinyin(%q) = %q, Initials %q, Syllables %q disagree", s, full, initials, zh.Syllables(s))
		}
		if zh.Pinyin(folded) != full {
			t.Fatalf("Pinyin(Fold(%q)) = %q, want %q", s, zh.Pinyin(folded), full)
		}
	})
}

func TestReadings(t *testing.T) {
	for r, want := range map[rune]string{'会': "hui kuai", '控': "kong", '行': "xing hang heng", 'a': ""} {
		if got := strings.Join(zh.Readings(r), " "); !strings.HasPrefix(got, want) {
			t.Errorf("Readings(%q) = %q, want %q first", r, got, want)
		}
	}
}

func TestNearSyllables(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kong", "gong"},
		{"gong", "kong"},
		{"shu", "su"},
		{"zhong", "zong"},
		{"jin", "jing"},
		{"jing", "jin"},
		{"lian", "nian rian liang"},
		{"nan", "lan nang"},
		{"huan", "fuan huang"},
		{"yuan", "yuang"},
		{"an", "ang"},
		{"ma", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(zh.NearSyllables(tt.in), " "); got != tt.want {
			t.Errorf("NearSyllables(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
