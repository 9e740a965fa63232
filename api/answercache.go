package api

import (
	linkedlist "container/list"
	"hash/maphash"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
)

// An answer under /v1 follows from the snapshot and the request alone (the
// reason conditional can tag it with the snapshot's checksum), and the same
// requests come again and again: every visitor of a district's website asks
// its widget's first search, every change of filters on the page asks the
// same isochrone, and a trade's name is searched from the same few places.
// answerCache keeps recent answers, keyed by the snapshot's checksum, the
// path and the query as sent, so that a repeated request costs what writing
// it costs. A reload changes the checksum, so answers of the old snapshot
// are never served again and age out.
type answerCache struct {
	seed   maphash.Seed
	shards [answerShards]answerShard
}

// answerShards spreads the cache over locks; with 2 to 16 cores serving,
// one lock would be the queue.
const answerShards = 8

type answerShard struct {
	mu       sync.Mutex
	byKey    map[string]*linkedlist.Element // of *cachedAnswer
	recent   linkedlist.List                // most recently used first
	bytes    int64
	maxBytes int64
}

// cachedAnswer is one kept answer: what the handler set and wrote.
type cachedAnswer struct {
	key    string
	header [len(cachedHeaders)]string
	body   []byte
}

// cachedHeaders are the fields a handler sets itself (the middleware
// around it sets the others again on every request).
var cachedHeaders = [...]string{echo.HeaderContentType, echo.HeaderContentLength, echo.HeaderContentDisposition}

// newAnswerCache keeps answers up to maxBytes in all (bodies and keys); 0 or
// less is no cache (nil).
func newAnswerCache(maxBytes int64) *answerCache {
	if maxBytes <= 0 {
		return nil
	}
	c := &answerCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].byKey = map[string]*linkedlist.Element{}
		c.shards[i].maxBytes = maxBytes / answerShards
	}
	return c
}

func (c *answerCache) shard(key string) *answerShard {
	return &c.shards[maphash.String(c.seed, key)%answerShards]
}

func (c *answerCache) get(key string) (*cachedAnswer, bool) {
	sh := c.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	el, ok := sh.byKey[key]
	if !ok {
		return nil, false
	}
	sh.recent.MoveToFront(el)
	return el.Value.(*cachedAnswer), true
}

// put keeps a, dropping the least recently used answers to make room. An
// answer larger than a quarter of its shard is not kept: one planner's
// megabytes must not push out thousands of searches.
func (c *answerCache) put(a *cachedAnswer) {
	sh := c.shard(a.key)
	size := a.size()
	if size > sh.maxBytes/4 {
		return
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.byKey[a.key]; ok {
		return // another request answered it meanwhile
	}
	sh.byKey[a.key] = sh.recent.PushFront(a)
	sh.bytes += size
	for sh.bytes > sh.maxBytes {
		old := sh.recent.Back()
		oa := old.Value.(*cachedAnswer)
		sh.recent.Remove(old)
		delete(sh.byKey, oa.key)
		sh.bytes -= oa.size()
	}
}

// size is what an answer holds in memory, near enough: its key, body and
// a few hundred bytes of bookkeeping.
func (a *cachedAnswer) size() int64 { return int64(len(a.key) + len(a.body) + 256) }

// cached answers a GET or HEAD from the cache when it holds the answer,
// and otherwise keeps what the handler answers with 200. onHit, when not
// nil, counts what the handler would have counted. It goes inside
// conditional (a 304 costs less still) and inside compression (which then
// applies to a kept answer as to a fresh one).
func (s *Server) cached(onHit func(c echo.Context)) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if s.answers == nil {
			return next
		}
		return func(c echo.Context) error {
			req := c.Request()
			key := s.snapshotOf(c).Checksum() + "\x00" + req.URL.Path + "\x00" + req.URL.RawQuery
			res := c.Response()
			if a, ok := s.answers.get(key); ok {
				s.metrics.answerHits.Inc()
				h := res.Header()
				for i, name := range cachedHeaders {
					if a.header[i] != "" {
						h.Set(name, a.header[i])
					}
				}
				if onHit != nil {
					onHit(c)
				}
				res.WriteHeader(http.StatusOK)
				_, err := res.Write(a.body)
				return err
			}
			s.metrics.answerMisses.Inc()
			if req.Method != http.MethodGet {
				return next(c)
			}
			rec := &answerRecorder{ResponseWriter: res.Writer, limit: s.answers.shards[0].maxBytes / 4}
			res.Writer = rec
			err := next(c)
			res.Writer = rec.ResponseWriter
			if err == nil && rec.status == http.StatusOK && !rec.over {
				a := &cachedAnswer{key: key, body: rec.body}
				h := res.Header()
				for i, name := range cachedHeaders {
					a.header[i] = h.Get(name)
				}
				s.answers.put(a)
			}
			return err
		}
	}
}

// answerRecorder passes an answer through and keeps a copy of it, up to
// limit bytes.
type answerRecorder struct {
	http.ResponseWriter
	status int
	body   []byte
	limit  int64
	over   bool
}

func (r *answerRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *answerRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.over {
		if int64(len(r.body)+len(b)) > r.limit {
			r.over, r.body = true, nil
		} else {
			r.body = append(r.body, b...)
		}
	}
	return r.ResponseWriter.Write(b)
}

// Flush lets a handler that streams flush through the recorder.
func (r *answerRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the writer underneath.
func (r *answerRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
