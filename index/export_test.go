package index

import "github.com/skillcircle/skillcircle/index/text"

// ForgetTextMatches empties the cache of text matches, so that a benchmark
// measures matching itself.
func (s *Snapshot) ForgetTextMatches() {
	s.text.cache = newTextCache(s.text.cache.max, s.text.cache.maxMatches)
}

// UseSegmenter rebuilds the text matcher to match by the words segment
// cuts text into (nil: characters and bigrams, the default).
func (s *Snapshot) UseSegmenter(segment func(string) []string) {
	s.text.matcher = text.NewSegmentedMatcher(s.courses, s.institutions, s.courseInst, segment)
	s.ForgetTextMatches()
}

// DictionaryWords are the words the text search knows: the synonym list's
// words and targets, and the filter words.
func DictionaryWords() []string { return text.DictionaryWords() }
