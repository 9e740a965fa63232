package index

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

// alternative is one catalogue word a query word may mean, with how much a
// match on it counts (1 for the word itself).
type alternative struct {
	Word   string
	Weight float64
}

// synonyms maps a folded query word to its alternatives.
type synonyms map[string][]alternative

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
		var targets []alternative
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
			targets = append(targets, alternative{word, weight})
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
