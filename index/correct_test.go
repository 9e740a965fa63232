package index

import "testing"

// What did_you_mean proposes for a word that matches nothing and has no
// word of the same sound.
func TestNearest(t *testing.T) {
	m := ningboMatcher(t)
	for _, tc := range []struct{ word, want string }{
		{"数车工", "数控车工"}, // a character left out: not 叉车工, one character changed
		{"数控控", "数控"},   // a character typed twice; 数控 is a synonym's target
		{"电工工", "电工"},
		{"diamhanx", "dianhan"},
		{"电工", ""}, // two characters: one edit is half the word
	} {
		if got := m.nearest(tc.word); got != tc.want {
			t.Errorf("nearest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestCorrectedText(t *testing.T) {
	for _, tc := range []struct {
		terms []Term
		want  string
	}{
		{[]Term{{Word: "数空", Corrected: "数控"}, {Word: "编程"}}, "数控 编程"},
		{[]Term{{Word: "shukogn", Corrected: "数控"}}, "数控"},
		{[]Term{{Word: "电工"}}, ""},
		{nil, ""},
	} {
		if got := correctedText(tc.terms); got != tc.want {
			t.Errorf("correctedText(%v) = %q, want %q", tc.terms, got, tc.want)
		}
	}
}
