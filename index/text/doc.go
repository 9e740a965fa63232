// Package text reads the words of a search and scores courses by them, in
// memory: Understand takes the filter words out of a query (中级, 周末,
// 免费...) and splits the rest into terms; a Matcher, built once per
// snapshot from its courses, looks each term and its alternatives (the
// synonym list, synonyms.txt; the Chinese its pinyin spells; a spelling
// one letter off; a word that sounds alike) up in the catalogue's distinct
// trade names, titles, description sentences and institution names, and
// scores the courses found (Score); DidYouMean offers the nearest known
// words for a query that matches nothing. See README, "Text search", for
// the measurements behind its choices.
//
// Package index holds the Matcher, asks it first, and falls back on its
// bleve index of character bigrams for words it finds nowhere.
//
// # What it must not do
//
// It is pure: no I/O but its embedded synonym list, no logging, and it
// never imports bleve, bbolt or package index.
package text
