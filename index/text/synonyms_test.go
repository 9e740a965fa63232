package text

import (
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

func ningboMatcher(t testing.TB) *Matcher {
	t.Helper()
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]int32{}
	for i, in := range cat.Institutions {
		byID[in.ID] = int32(i)
	}
	courseInst := make([]int32, len(cat.Courses))
	for i, c := range cat.Courses {
		courseInst[i] = byID[c.InstitutionID]
	}
	return NewMatcher(cat.Courses, cat.Institutions, courseInst)
}

// TestSynonymsFile checks the maintained list: it parses, and every target
// is found in the Ningbo catalogue (a target that matches nothing is a
// typo or a trade the catalogue no longer teaches).
func TestSynonymsFile(t *testing.T) {
	syn, err := parseSynonyms(synonymsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(syn) < 100 {
		t.Errorf("%d words; the list should cover every trade", len(syn))
	}
	m := ningboMatcher(t)
	for word, alts := range syn {
		for _, a := range alts {
			if !m.anywhere(a.Word) {
				t.Errorf("%s => %s: the target is nowhere in the catalogue", word, a.Word)
			}
		}
	}
}

func TestParseSynonymsErrors(t *testing.T) {
	for _, text := range []string{
		"电焊 焊工",              // no =>
		"电焊 => 焊工:2",         // weight above 1
		"电焊 => 焊工:x",         // not a number
		"电焊 => ,",            // empty target
		"电焊 => 焊工\n电焊 => 电工", // listed twice
		"电 焊 => 焊工",          // a space in a word
	} {
		t.Run(text, func(t *testing.T) {
			if _, err := parseSynonyms(text); err == nil || !strings.HasPrefix(err.Error(), "index: synonyms.txt:") {
				t.Errorf("parseSynonyms(%q) = %v, want a line-numbered error", text, err)
			}
		})
	}
}

func TestUnderstand(t *testing.T) {
	tests := []struct {
		in, text string
		filters  string
	}{
		{"中级电工", "电工", "levels=[intermediate]"},
		{"焊工四级", "焊工", "levels=[intermediate]"},
		{"高级技师 电工", "电工", "levels=[senior_technician]"},
		{"周末 插花", "插花", "schedules=[weekend]"},
		{"晚上 学电脑", "学电脑", "schedules=[weekday_evening]"},
		{"老年人 智能手机", "智能手机", "audiences=[elderly]"},
		{"老人学手机", "学手机", "audiences=[elderly]"}, // 学手机 is a listed word
		{"免费 电工", "电工", "free"},
		{"补贴 育婴员", "育婴员", "subsidised"},
		{"想学电焊培训班", "电焊", ""},
		{"學開叉車", "开叉车", ""},
		{"ＣＮＣ", "cnc", ""},
		{"周末", "", "schedules=[weekend]"},
		{"宁波技师学院 数控", "宁波技师学院 数控", ""}, // a school, not the grade 技师
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			u := Understand(Normalize(tt.in))
			got := describe(u)
			if u.Text != tt.text || got != tt.filters {
				t.Errorf("Understand(%q) = text %q, filters %q; want %q, %q", tt.in, u.Text, got, tt.text, tt.filters)
			}
		})
	}
}

func levelsToStrings(ls []data.Level) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return out
}

func describe(u *Understood) string {
	var parts []string
	if len(u.Levels) > 0 {
		parts = append(parts, "levels=["+strings.Join(levelsToStrings(u.Levels), " ")+"]")
	}
	if len(u.Schedules) > 0 {
		var s []string
		for _, x := range u.Schedules {
			s = append(s, string(x))
		}
		parts = append(parts, "schedules=["+strings.Join(s, " ")+"]")
	}
	if len(u.Audiences) > 0 {
		var s []string
		for _, x := range u.Audiences {
			s = append(s, string(x))
		}
		parts = append(parts, "audiences=["+strings.Join(s, " ")+"]")
	}
	if u.Free {
		parts = append(parts, "free")
	}
	if u.Subsidised {
		parts = append(parts, "subsidised")
	}
	return strings.Join(parts, " ")
}

func TestResolve(t *testing.T) {
	m := ningboMatcher(t)
	tests := []struct {
		word      string
		means     string // one of the alternatives
		corrected string
	}{
		{"电焊", "焊工", ""},
		{"shukong", "数控", ""},
		{"sk", "数控", ""},
		{"shukogn", "数控", "数控"}, // read as the Chinese the corrected spelling spells
		{"cnc", "数控", ""},
		{"yuesao", "母婴护理员", ""},
		{"exel", "excel", "excel"},
		{"fanuk", "fanuc", "fanuc"},
		{"chusi", "厨师", "厨师"}, // chushi (厨师), not chesi (车司, inside a title), though first in order
		{"月嫂", "育婴员", ""},
		{"数空", "数控", "数控"},     // the same sound
		{"树孔", "树孔", ""},       // the same sound, but no character kept: not corrected
		{"会记", "办公软件应用", "会计"}, // by 会's second reading, kuai
		{"控数", "数控", "数控"},     // swapped
		{"数公", "数控", "数控"},     // gong for kong
		{"电焊共", "焊工", "电焊工"},
		{"无人鸡", "无人机驾驶员", "无人机"},
		{"welder", "焊工", ""},
		{"welding", "焊工", ""},
		{"electrician", "电工", ""},
		{"e-commerce", "电子商务师", ""},
		{"电工", "电工", ""}, // found as typed: never corrected
		{"英语", "英语", ""}, // not 养鱼: no character kept
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			alts, corrected := m.resolve(tt.word)
			found := false
			for _, a := range alts {
				found = found || a.Word == tt.means
			}
			if !found || corrected != tt.corrected {
				t.Errorf("resolve(%q) = %v, corrected %q; want %q among them, corrected %q", tt.word, alts, corrected, tt.means, tt.corrected)
			}
		})
	}
}

// Words typed run together are cut into the fewest known words; known
// words, words with no Chinese and words that cannot be cut so stay whole.
func TestSplitCompound(t *testing.T) {
	m := ningboMatcher(t)
	for _, tc := range []struct {
		word string
		want string // parts joined by "+"; "" for none
	}{
		{"电商直播", "电商+直播"},
		{"cnc编程", "cnc+编程"},
		{"服装cad", ""}, // a description holds it whole (服装CAD打版与推板)
		{"茶艺cad", "茶艺+cad"},
		{"工业机器人编程", ""}, // a title holds it whole
		{"焊工", ""},      // known
		{"电商", ""},      // known, and too short to cut
		{"shukong", ""}, // no Chinese: pinyin, not two words
		{"excel表格编程", "excel+表格+编程"},
		{"嗯嗯嗯嗯", ""}, // no known parts
	} {
		got := strings.Join(m.splitCompound(tc.word), "+")
		if got != tc.want {
			t.Errorf("splitCompound(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	// A cut word whose parts find nothing together is read whole.
	u := &Understood{Terms: []Term{{Word: "电商焊工"}}}
	m.Score(u)
	if len(u.Terms) != 1 || u.Terms[0].Word != "电商焊工" {
		t.Errorf("电商焊工 read as %v", termWords(u))
	}
	u = &Understood{Terms: []Term{{Word: "电商直播"}}}
	if len(m.Score(u)) == 0 || strings.Join(termWords(u), "+") != "电商+直播" {
		t.Errorf("电商直播 read as %v", termWords(u))
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"shukong", "shukogn", 1}, {"exel", "excel", 1}, {"fanuk", "fanuc", 1},
		{"abc", "cab", 2}, {"电焊", "电焊工", 1}, {"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		t.Run(tt.a+"-"+tt.b, func(t *testing.T) {
			if d := editDistance([]rune(tt.a), []rune(tt.b)); d != tt.d {
				t.Errorf("editDistance = %d, want %d", d, tt.d)
			}
			if got, want := editDistanceAtMost1(tt.a, tt.b), tt.d <= 1; len(tt.a) == len([]rune(tt.a)) && got != want {
				t.Errorf("editDistanceAtMost1 = %v, want %v", got, want)
			}
		})
	}
}

func FuzzUnderstand(f *testing.F) {
	for _, s := range []string{"中级电工", "周末 插花", "老年人 智能手机", "想学电焊培训班", "ＣＮＣ", "高级技师", "\xff中级", "学学学", "免费补贴周末晚上"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := Understand(Normalize(s))
		for _, term := range u.Terms {
			if term.Word == "" || strings.ContainsAny(term.Word, " \t") {
				t.Fatalf("Understand(%q): term %q", s, term.Word)
			}
		}
		if strings.Join(termWords(u), " ") != u.Text {
			t.Fatalf("Understand(%q): text %q, terms %v", s, u.Text, u.Terms)
		}
		for _, w := range u.FilterWords {
			if _, ok := filterWords[w]; !ok {
				t.Fatalf("Understand(%q): %q is not a filter word", s, w)
			}
		}
	})
}

func termWords(u *Understood) []string {
	var out []string
	for _, t := range u.Terms {
		out = append(out, t.Word)
	}
	return out
}
