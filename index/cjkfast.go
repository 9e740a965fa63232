package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/registry"
)

// fastCJKName is the text index's analyzer: bleve's cjk analyzer (Unicode
// word segmentation, width folding, lower case, bigrams of adjacent
// ideographs) with the same tokens worked out directly for text made only
// of ASCII, common ideographs and common Chinese punctuation, which is
// every course of the default catalogue. bleve's own pipeline was 44 s of
// the 118 s of CPU a 100x build took. Anything else goes to bleve's
// analyzer. TestFastCJKMatchesBleve and FuzzFastCJK hold the two equal.
const fastCJKName = "skillcircle_cjk"

func init() {
	err := registry.RegisterAnalyzer(fastCJKName, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		slow, err := cjk.AnalyzerConstructor(config, cache)
		if err != nil {
			return nil, err
		}
		return fastCJK{slow: slow}, nil
	})
	if err != nil {
		panic(err)
	}
}

type fastCJK struct{ slow analysis.Analyzer }

func (a fastCJK) Analyze(input []byte) analysis.TokenStream {
	if toks, ok := fastCJKTokens(input); ok {
		return toks
	}
	return a.slow.Analyze(input)
}

// The classes of character the fast path knows. Every other character
// sends the text to bleve's analyzer.
const (
	charOther = iota
	charWord  // ASCII letter or digit: runs of them are one token
	charSep   // a separator in every context
	charMid   // a separator unless between two word characters (UAX #29 MidLetter, MidNum...)
	charIdeo  // an ideograph: bigrams with its neighbours
)

// asciiClass classes the ASCII characters; '_' joins words (ExtendNumLet)
// and is left to bleve.
var asciiClass = func() (c [utf8.RuneSelf]uint8) {
	for b := range c {
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
			c[b] = charWord
		case b == '.' || b == ',' || b == ';' || b == ':' || b == '\'' || b == '"':
			c[b] = charMid
		case b == '_':
			c[b] = charOther
		default:
			c[b] = charSep
		}
	}
	return c
}()

// wideClass classes the Chinese punctuation of course texts
// (TestFastCJKClasses checks each against bleve's segmentation).
var wideClass = map[rune]uint8{
	'、': charSep, '。': charSep, '（': charSep, '）': charSep, '《': charSep, '》': charSep, '【': charSep,
	'】': charSep, '！': charSep, '？': charSep, '“': charSep, '”': charSep, '—': charSep, '…': charSep,
	'「': charSep, '」': charSep, '\u3000': charSep,
	'·': charMid, '，': charMid, '：': charMid, '；': charMid, '‘': charMid, '’': charMid,
}

// isIdeograph: the CJK Unified Ideographs and Extension A as far as the
// Unicode 8 tables of bleve's segmenter know them (later additions are
// not ideographs to it).
func isIdeograph(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FD5 || r >= 0x3400 && r <= 0x4DB5
}

func runeClass(r rune) uint8 {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	if isIdeograph(r) {
		return charIdeo
	}
	return wideClass[r]
}

// fastCJKTokens is the cjk analyzer's output for input, or false when
// scanCJK does not know it.
func fastCJKTokens(input []byte) (analysis.TokenStream, bool) {
	// An ideograph is 3 bytes and gives at most one token.
	toks := make([]analysis.Token, 0, len(input)/3+2)
	if !scanCJK(input, func(t analysis.Token) { toks = append(toks, t) }) {
		return nil, false
	}
	rv := make(analysis.TokenStream, len(toks))
	for i := range toks {
		toks[i].Position = i + 1
		rv[i] = &toks[i]
	}
	return rv, true
}

// scanCJK hands emit the cjk analyzer's tokens of input in order, or
// returns false, having emitted some, when input holds a character it does
// not know or a word joined by punctuation (a.b, 3,000). Terms are slices
// of input, except lower-cased words: the filters of bleve's analyzer do
// not write to input either.
func scanCJK(input []byte, emit func(analysis.Token)) bool {
	ideoStart, ideoEnd, ideoCount := 0, 0, 0 // the run of adjacent ideographs not yet closed
	wordStart := -1
	prev := uint8(charSep)
	closeIdeographs := func() {
		if ideoCount == 1 {
			emit(analysis.Token{Term: input[ideoStart:ideoEnd], Start: ideoStart, End: ideoEnd, Type: analysis.Single})
		}
		ideoCount = 0
	}
	for i := 0; i < len(input); {
		r, size := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(input[i:])
			if r == utf8.RuneError {
				return false
			}
		}
		class := runeClass(r)
		if class != charWord && wordStart >= 0 {
			emit(wordToken(input, wordStart, i))
			wordStart = -1
		}
		switch class {
		case charOther:
			return false
		case charWord:
			if wordStart < 0 {
				closeIdeographs()
				wordStart = i
			}
		case charMid:
			if prev == charWord && i+size < len(input) && input[i+size] < utf8.RuneSelf && asciiClass[input[i+size]] == charWord {
				return false
			}
		case charIdeo:
			if ideoCount > 0 && ideoEnd == i {
				// a bigram of the previous ideograph and this one
				emit(analysis.Token{Term: input[ideoStart : i+size], Start: ideoStart, End: i + size, Type: analysis.Double})
				ideoCount++
			} else {
				closeIdeographs()
				ideoCount = 1
			}
			ideoStart, ideoEnd = i, i+size
		}
		prev = class
		i += size
	}
	if wordStart >= 0 {
		emit(wordToken(input, wordStart, len(input)))
	}
	closeIdeographs()
	return true
}

// wordToken is input[start:end], ASCII letters and digits, lower-cased.
func wordToken(input []byte, start, end int) analysis.Token {
	term := input[start:end]
	for i, b := range term {
		if b >= 'A' && b <= 'Z' {
			lower := make([]byte, len(term))
			copy(lower, term[:i])
			for j := i; j < len(term); j++ {
				c := term[j]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				lower[j] = c
			}
			term = lower
			break
		}
	}
	return analysis.Token{Term: term, Start: start, End: end, Type: analysis.AlphaNumeric}
}
