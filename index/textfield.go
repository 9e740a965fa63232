package index

import (
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/skillcircle/skillcircle/data"
)

// courseDocument is the bleve document of a course: what textMapping makes
// of courseTextDoc, with fields that count their terms as scanCJK finds
// them. bleve's own text field collects the analyzer's tokens and then
// counts them into a map (TokenFrequency: 7 s of the CPU of a 100x build,
// the mapping's walk of the struct besides). TestCourseDocumentMatchesMapping
// compares the two.
func courseDocument(c *data.Course, inst *data.Institution) *document.Document {
	t := courseTextDoc(c, inst)
	doc := document.NewDocument(c.ID)
	doc.AddField(&courseField{name: "title", value: []byte(t.Title)})
	doc.AddField(&courseField{name: "trade", value: []byte(t.Trade)})
	doc.AddField(&courseField{name: "all", value: []byte(t.All)})
	return doc
}

// courseField is a text field as textMapping maps it: indexed, not stored,
// no term vectors, no doc values, analysed by fastCJKName.
type courseField struct {
	name   string
	value  []byte
	length int // tokens
	freqs  bleveindex.TokenFrequencies
}

const courseFieldOptions = bleveindex.IndexField

// bleveCJKAnalyzer is bleve's analyzer for what scanCJK does not know.
var bleveCJKAnalyzer = sync.OnceValue(func() analysis.Analyzer {
	a, err := cjk.AnalyzerConstructor(nil, registry.NewCache())
	if err != nil {
		panic(err) // it takes no configuration
	}
	return a
})

func (f *courseField) Analyze() {
	text := string(f.value) // the terms' keys are slices of one copy
	freqs := make(bleveindex.TokenFrequencies, len(f.value)/4)
	var slab []bleveindex.TokenFreq
	length := 0
	fast := scanCJK(f.value, func(t analysis.Token) {
		length++
		key := text[t.Start:t.End]
		if string(t.Term) != key { // a word lower-cased
			key = string(t.Term)
		}
		tf := freqs[key]
		if tf == nil {
			if len(slab) == cap(slab) {
				slab = make([]bleveindex.TokenFreq, 0, 32)
			}
			slab = append(slab, bleveindex.TokenFreq{Term: t.Term})
			tf = &slab[len(slab)-1]
			freqs[key] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
	})
	if !fast {
		tokens := bleveCJKAnalyzer().Analyze(f.value)
		length, freqs = len(tokens), analysis.TokenFrequency(tokens, nil, courseFieldOptions)
	}
	f.length, f.freqs = length, freqs
}

func (f *courseField) Name() string                                          { return f.name }
func (f *courseField) ArrayPositions() []uint64                              { return nil }
func (f *courseField) Options() bleveindex.FieldIndexingOptions              { return courseFieldOptions }
func (f *courseField) Value() []byte                                         { return f.value }
func (f *courseField) NumPlainTextBytes() uint64                             { return uint64(len(f.value)) }
func (f *courseField) EncodedFieldType() byte                                { return 't' } // as a text field
func (f *courseField) AnalyzedLength() int                                   { return f.length }
func (f *courseField) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies { return f.freqs }

// Size is what bleve counts of the field in its memory statistics.
func (f *courseField) Size() int {
	size := int(unsafe.Sizeof(*f)) + len(f.name) + len(f.value)
	if f.freqs != nil {
		size += f.freqs.Size()
	}
	return size
}
