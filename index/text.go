package index

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index/text"
)

// The full-text course index is a bleve (scorch) index. It is built in a
// temporary directory, and its files are stored inside the snapshot so that
// one rename publishes a snapshot whole; opening unpacks them again into a
// private temporary directory.

// textDoc is what bleve indexes for a course.
type textDoc struct {
	Title string `json:"title"`
	Trade string `json:"trade"`
	// All is title, trade, occupation code, institution and description
	// together: a query must match all its words somewhere in it.
	All string `json:"all"`
}

func textMapping() mapping.IndexMapping {
	field := bleve.NewTextFieldMapping()
	field.Analyzer = fastCJKName // CJK bigrams, width folding, lower case
	field.Store = false
	field.IncludeInAll = false
	field.IncludeTermVectors = false
	field.DocValues = false // nothing sorts or facets on them
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("title", field)
	doc.AddFieldMappingsAt("trade", field)
	doc.AddFieldMappingsAt("all", field)
	// No composite _all field: every query names its field, and building
	// an empty one per course cost 5 % of a build.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = fastCJKName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

func courseTextDoc(c *data.Course, inst *data.Institution) textDoc {
	return textDoc{
		Title: c.Title,
		Trade: c.Trade,
		All: strings.Join([]string{c.Title, c.Trade, c.OccupationCode, c.Family.Label(), c.Level.Label(),
			inst.Name, inst.ShortName, c.Description}, " "),
	}
}

// textBatchSize is how many courses go to bleve at a time: larger batches
// took more memory and were no faster (10x: 10,000 a batch, twice the
// memory).
const textBatchSize = 1000

// textFeeders is how many goroutines hand batches to bleve at once. A
// batch's analysis runs on every core, its segment is then built on one,
// and Batch returns only when that segment is on disk: a second feeder's
// batch is analysed and built meanwhile.
const textFeeders = 2

// textGCPercent is the garbage collector's target while the text index
// is built. What lives then is mostly the catalogue, and bleve allocates
// fast: at a hundred times the default catalogue, with the default 100,
// the collector ran every 1.6 s and took a quarter of the build's CPU,
// each time marking the same half gigabyte. The heap then peaks at three
// times the catalogue, below what writing the snapshot holds.
const textGCPercent = 200

// buildText indexes every course into a new bleve index in dir.
func buildText(ctx context.Context, dir string, cat *data.Catalogue) error {
	if old := debug.SetGCPercent(textGCPercent); old < 0 || old > textGCPercent {
		debug.SetGCPercent(old) // GOGC asked for less collection: leave it so
	} else {
		defer debug.SetGCPercent(old)
	}
	idx, err := bleve.NewUsing(dir, textMapping(), "scorch", "scorch", nil)
	if err != nil {
		return fmt.Errorf("index: creating the text index: %w", err)
	}
	insts := make(map[string]*data.Institution, len(cat.Institutions))
	for i := range cat.Institutions {
		insts[cat.Institutions[i].ID] = &cat.Institutions[i]
	}
	var (
		next   atomic.Int64 // the first course of the next batch to take
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	errs := make([]error, textFeeders)
	for f := range textFeeders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				from := int(next.Add(textBatchSize)) - textBatchSize
				if from >= len(cat.Courses) {
					return
				}
				courses := cat.Courses[from:min(from+textBatchSize, len(cat.Courses))]
				if errs[f] = indexCourses(ctx, idx, courses, insts); errs[f] != nil {
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			idx.Close()
			return err
		}
	}
	return idx.Close()
}

// indexCourses indexes courses as one batch.
func indexCourses(ctx context.Context, idx bleve.Index, courses []data.Course, insts map[string]*data.Institution) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := idx.NewBatch()
	for i := range courses {
		c := &courses[i]
		if err := batch.IndexAdvanced(courseDocument(c, insts[c.InstitutionID])); err != nil {
			return fmt.Errorf("index: indexing course %s: %w", c.ID, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("index: indexing courses: %w", err)
	}
	return nil
}

// textIndex answers text queries with a relevance score per course: the
// in-memory matcher (textmatch.go) first, the bleve index of character
// bigrams for words the matcher finds nowhere (they may still be spread
// over a course's title, description and institution).
type textIndex struct {
	work    *workDir // holds the private unpacked copy, removed on Close
	idx     bleve.Index
	byID    map[string]int32
	matcher *text.Matcher
	cache   *textCache
}

func openText(dir string, work *workDir, byID map[string]int32) (*textIndex, error) {
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("%w: text index: %v", ErrCorrupt, err)
	}
	return &textIndex{work: work, idx: idx, byID: byID, cache: newTextCache(512, textCacheMatches)}, nil
}

func (t *textIndex) Close() error {
	err := t.idx.Close()
	if rmErr := t.work.remove(); err == nil {
		err = rmErr
	}
	return err
}

// textResult is how a query's text was understood and the courses it
// matches; Scores is nil when the text held only filter words. Shared
// through the cache: read-only.
type textResult struct {
	Understood *text.Understood
	Scores     *courseScores

	askedByCell atomic.Int32 // searches by cell so far (textResult.tally)
	tallyOnce   sync.Once
	cellTally   atomic.Pointer[textTally] // Scores counted by cell, made when asked again (textResult.tally)
}

// match reads and matches a query's text. Results are cached: the
// snapshot never changes, and people ask for the same few trades again
// and again.
func (t *textIndex) match(ctx context.Context, typed string) (*textResult, error) {
	key := text.Normalize(typed)
	if r, ok := t.cache.get(key); ok {
		return r, nil
	}
	r := &textResult{Understood: text.Understand(key)}
	if len(r.Understood.Terms) > 0 {
		cs := newCourseScores(len(t.byID))
		cs.inOrder = text.Scored(t.matcher, r.Understood, cs.add)
		if len(cs.inOrder) == 0 {
			bigrams, err := t.bigrams(ctx, r.Understood.Text)
			if err != nil {
				return nil, err
			}
			for _, p := range bigrams {
				cs.add(text.Match{Course: p.course, Score: p.score})
			}
			cs.inOrder = bigrams
		}
		if len(cs.inOrder) == 0 {
			cs = &courseScores{} // kept in the cache: no bitmap of nothing
		}
		cs.rank()
		r.Scores = cs
	}
	t.cache.put(key, r)
	return r, nil
}

// bigrams matches text with the bleve index: every bigram somewhere in
// the course, title and trade matches counting more. The matches come in
// course order.
func (t *textIndex) bigrams(ctx context.Context, words string) ([]posting, error) {
	all := bleve.NewMatchQuery(words)
	all.SetField("all")
	all.SetOperator(query.MatchQueryOperatorAnd)
	title := bleve.NewMatchQuery(words)
	title.SetField("title")
	title.SetBoost(3)
	trade := bleve.NewMatchQuery(words)
	trade.SetField("trade")
	trade.SetBoost(2)
	q := bleve.NewBooleanQuery()
	q.AddMust(all)
	q.AddShould(title, trade)
	q.SetMinShould(0)
	req := bleve.NewSearchRequestOptions(q, len(t.byID), 0, false)
	res, err := t.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: text search: %w", err)
	}
	out := make([]posting, 0, len(res.Hits))
	for _, h := range res.Hits {
		if i, ok := t.byID[h.ID]; ok {
			out = append(out, posting{i, text.Score{Rel: h.Score}})
		}
	}
	slices.SortFunc(out, func(a, b posting) int { return cmp.Compare(a.course, b.course) })
	return out, nil
}

// courseScores are a text's matches: in course order, as the searches
// that follow the text read them, and as a bitmap over the snapshot's
// courses, for the searches that test the courses they reach. A course's
// score is found by its bit's rank among them: a map of a common trade's
// 38,800 courses at a hundred times the default catalogue took longer to
// fill than matching the text.
type courseScores struct {
	inOrder []posting
	bitmap  []uint64 // a bit per course matched
	before  []int32  // how many courses matched before each word of bitmap
}

// newCourseScores makes the scores of a text's matches among n courses;
// add each match, in course order, then rank them.
func newCourseScores(n int) *courseScores {
	return &courseScores{bitmap: make([]uint64, (n+63)/64)}
}

// add sets match m's bit and returns its posting.
func (cs *courseScores) add(m text.Match) posting {
	cs.bitmap[m.Course>>6] |= 1 << (m.Course & 63)
	return posting{m.Course, m.Score}
}

// rank counts the matches before each word of the bitmap.
func (cs *courseScores) rank() {
	cs.before = make([]int32, len(cs.bitmap))
	count := int32(0)
	for w, word := range cs.bitmap {
		cs.before[w] = count
		count += int32(bits.OnesCount64(word))
	}
}

// count is how many courses matched (none for nil).
func (cs *courseScores) count() int {
	if cs == nil {
		return 0
	}
	return len(cs.inOrder)
}

// of returns course ci's score, and whether it matched.
func (cs *courseScores) of(ci int32) (text.Score, bool) {
	w := int(ci >> 6)
	if w >= len(cs.bitmap) || cs.bitmap[w]&(1<<(ci&63)) == 0 {
		return text.Score{}, false
	}
	below := cs.bitmap[w] & (1<<(ci&63) - 1)
	return cs.inOrder[int(cs.before[w])+bits.OnesCount64(below)].score, true
}

// textCache is a small map with random eviction: enough to keep repeated
// queries cheap without the bookkeeping of an LRU. It holds at most max
// texts and maxMatches matches between them: a common trade at a hundred
// times the default catalogue matches 40,000 courses, kept with their
// scores, bitmap and cell tally (about 2 MB), and 512 of those would
// double the server's memory.
type textCache struct {
	mu         sync.RWMutex
	max        int
	maxMatches int
	matches    int // held
	m          map[string]*textResult
}

// textCacheMatches is the most matches the cache holds: a hundred common
// trades at a hundred times the default catalogue, a few hundred MB.
const textCacheMatches = 4 << 20

func newTextCache(max, maxMatches int) *textCache {
	return &textCache{max: max, maxMatches: maxMatches, m: make(map[string]*textResult)}
}

func (c *textCache) get(k string) (*textResult, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

// weight is what a result counts against maxMatches.
func weight(r *textResult) int { return 1 + r.Scores.count() }

func (c *textCache) put(k string, v *textResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		c.matches -= weight(old)
		delete(c.m, k)
	}
	for len(c.m) > 0 && (len(c.m) >= c.max || c.matches+weight(v) > c.maxMatches) {
		for old, r := range c.m {
			c.matches -= weight(r)
			delete(c.m, old)
			break
		}
	}
	c.m[k] = v
	c.matches += weight(v)
}

// packDir reads every file under dir, keyed by its slash-separated path.
func packDir(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	return files, err
}

// unpackFile writes one stored file under dir, refusing paths that would
// escape it (the snapshot is outside input to the server).
func unpackFile(dir, name string, content []byte) error {
	if !fs.ValidPath(name) {
		return fmt.Errorf("%w: text index file name %q", ErrCorrupt, name)
	}
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o600)
}
