package index

// ForgetTextMatches empties the cache of text matches, so that a benchmark
// measures matching itself.
func (s *Snapshot) ForgetTextMatches() { s.text.cache = newTextCache(s.text.cache.max) }
