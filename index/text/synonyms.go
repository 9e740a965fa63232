package text

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/skillcircle/skillcircle/index/zh"
)

// synonymsFile is the maintained list of words people type and the
// catalogue words they mean; its header documents the format and sources.
//
//go:embed synonyms.txt
var synonymsFile string

// Alternative is one catalogue word a query word may mean, with how much a
// match on it counts (1 for the word itself).
type Alternative struct {
	Word   string
	Weight float64
}

// SynonymsOf are the alternatives the synonym list gives a folded word
// (nil for none); the slice is shared: read it, never change it.
func SynonymsOf(folded string) []Alternative { return defaultSynonyms()[folded] }

// DictionaryWords are the words the text search knows: the synonym list's
// words and targets, and the filter words.
func DictionaryWords() []string {
	var out []string
	for w, alts := range defaultSynonyms() {
		out = append(out, w)
		for _, a := range alts {
			out = append(out, a.Word)
		}
	}
	for w := range filterWords {
		out = append(out, w)
	}
	return out
}

// synonyms maps a folded query word to its alternatives.
type synonyms map[string][]Alternative

var defaultSynonyms = sync.OnceValue(func() synonyms {
	s, err := parseSynonyms(synonymsFile)
	if err != nil {
		panic(err) // the embedded file is checked by TestSynonymsFile
	}
	return s
})

// parseSynonyms reads "a|b => x, y:0.8" lines; # starts a comment.
func parseSynonyms(text string) (synonyms, error) {
	out := synonyms{}
	for n, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		left, right, ok := strings.Cut(line, "=>")
		if !ok {
			return nil, fmt.Errorf("index: synonyms.txt:%d: want words => targets", n+1)
		}
		var targets []Alternative
		for _, t := range strings.Split(right, ",") {
			word, weight := strings.TrimSpace(t), 1.0
			if w, ws, ok := strings.Cut(word, ":"); ok {
				f, err := strconv.ParseFloat(ws, 64)
				if err != nil || f <= 0 || f > 1 {
					return nil, fmt.Errorf("index: synonyms.txt:%d: weight %q is not in (0, 1]", n+1, ws)
				}
				word, weight = strings.TrimSpace(w), f
			}
			word = zh.Fold(word)
			if word == "" {
				return nil, fmt.Errorf("index: synonyms.txt:%d: empty target", n+1)
			}
			targets = append(targets, Alternative{word, weight})
		}
		for _, w := range strings.Split(left, "|") {
			w = zh.Fold(strings.TrimSpace(w))
			if w == "" || strings.ContainsAny(w, " \t") {
				return nil, fmt.Errorf("index: synonyms.txt:%d: bad word %q", n+1, w)
			}
			if _, dup := out[w]; dup {
				return nil, fmt.Errorf("index: synonyms.txt:%d: %q is already listed", n+1, w)
			}
			out[w] = targets
		}
	}
	return out, nil
}
