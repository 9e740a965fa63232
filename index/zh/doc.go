// Package zh normalizes Chinese text so that what people type and what the
// catalogue says compare equal: the search index, the query parser and the
// address parser all fold text through it.
//
// # Folding
//
// Fold is the one canonical form: full-width ASCII to half-width (Ｃｎｃ to
// Cnc, the ideographic space to a space), traditional characters to
// simplified (電焊 to 电焊) and upper case to lower. Narrow, Simplify and
// strings.ToLower are its three steps, for callers that want one.
//
// Traditional to simplified uses OpenCC's t2s tables (TSPhrases then
// TSCharacters, longest match first, the first candidate of each entry),
// embedded from opencc/: the same output as OpenCC's own t2s conversion,
// without its start-up cost (see the README of this package's tests).
//
// # Pinyin
//
// Syllables romanizes each Han character to toneless pinyin (ü written v,
// as on a keyboard) and keeps runs of Latin letters and digits as they
// are, lower-cased; Pinyin joins them ("数控车工" to "shukongchegong") and
// Initials takes each syllable's first letter ("skcg"). A character with
// several readings takes its most common one, except inside the few
// phrases this package lists (模具 is mu ju, 烹调 peng tiao): search needs
// the reading people type for the words of the catalogue, not a full
// phonetic dictionary. Readings come from github.com/mozillazg/go-pinyin.
//
// Readings gives every reading of one character (会: hui, kuai), since a
// character picked by mistake from a pinyin keyboard may have been typed
// as any of them, and NearSyllables the syllables a keyboard's fuzzy
// settings (模糊音) confuse with one: z/zh, c/ch, s/sh, l/n, f/h, r/l, g/k,
// an/ang, en/eng, in/ing, ian/iang, uan/uang. Search uses both to read a
// mistyped word as the word it sounds like.
//
// # What it must not do
//
// zh is pure functions over strings: no I/O, no logging, no global state
// beyond tables built once on first use; it imports nothing of this module,
// so data, index and api may all use it. Every function is safe for
// concurrent use and accepts any string, including invalid UTF-8 (kept
// as U+FFFD).
package zh
