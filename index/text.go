package index

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

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

// buildText indexes every course into a new bleve index in dir.
func buildText(ctx context.Context, dir string, cat *data.Catalogue) error {
	idx, err := bleve.NewUsing(dir, textMapping(), "scorch", "scorch", nil)
	if err != nil {
		return fmt.Errorf("index: creating the text index: %w", err)
	}
	insts := make(map[string]*data.Institution, len(cat.Institutions))
	for i := range cat.Institutions {
		insts[cat.Institutions[i].ID] = &cat.Institutions[i]
	}
	batch := idx.NewBatch()
	for i := range cat.Courses {
		if err := ctx.Err(); err != nil {
			idx.Close()
			return err
		}
		c := &cat.Courses[i]
		if err := batch.Index(c.ID, courseTextDoc(c, insts[c.InstitutionID])); err != nil {
			idx.Close()
			return fmt.Errorf("index: indexing course %s: %w", c.ID, err)
		}
		if batch.Size() >= 1000 {
			if err := idx.Batch(batch); err != nil {
				idx.Close()
				return fmt.Errorf("index: indexing courses: %w", err)
			}
			batch.Reset()
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return fmt.Errorf("index: indexing courses: %w", err)
	}
	return idx.Close()
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
	return &textIndex{work: work, idx: idx, byID: byID, cache: newTextCache(512)}, nil
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
	Scores     map[int32]text.Score
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
		r.Scores = t.matcher.Score(r.Understood)
		if len(r.Scores) == 0 {
			var err error
			if r.Scores, err = t.bigrams(ctx, r.Understood.Text); err != nil {
				return nil, err
			}
		}
	}
	t.cache.put(key, r)
	return r, nil
}

// bigrams matches text with the bleve index: every bigram somewhere in
// the course, title and trade matches counting more.
func (t *textIndex) bigrams(ctx context.Context, words string) (map[int32]text.Score, error) {
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
	m := make(map[int32]text.Score, len(res.Hits))
	for _, h := range res.Hits {
		if i, ok := t.byID[h.ID]; ok {
			m[i] = text.Score{Rel: h.Score}
		}
	}
	return m, nil
}

// textCache is a small map with random eviction: enough to keep repeated
// queries cheap without the bookkeeping of an LRU.
type textCache struct {
	mu  sync.RWMutex
	max int
	m   map[string]*textResult
}

func newTextCache(max int) *textCache {
	return &textCache{max: max, m: make(map[string]*textResult)}
}

func (c *textCache) get(k string) (*textResult, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *textCache) put(k string, v *textResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[k] = v
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
