package api

import (
	"strconv"
	"strings"
	"testing"
)

// TestAnswerCacheEvicts fills a small cache far past its budget: it never
// holds more than its budget, the most recent answers stay, the oldest
// go, one read keeps an answer from going, and an answer too large to keep
// is not kept.
func TestAnswerCacheEvicts(t *testing.T) {
	const budget = answerShards * 10_000
	c := newAnswerCache(budget)
	body := []byte(strings.Repeat("x", 700)) // about 1 kB an answer with its key and bookkeeping
	key := func(i int) string { return "k" + strconv.Itoa(i) }
	c.put(&cachedAnswer{key: key(0), body: body})
	for i := 1; i < 2000; i++ {
		c.put(&cachedAnswer{key: key(i), body: body})
		c.get(key(0)) // read often: never the least recently used
	}
	var held int64
	for i := range c.shards {
		sh := &c.shards[i]
		if sh.bytes > sh.maxBytes {
			t.Errorf("shard %d holds %d bytes, over its %d", i, sh.bytes, sh.maxBytes)
		}
		held += sh.bytes
	}
	if held > budget {
		t.Errorf("holds %d bytes, over the budget %d", held, budget)
	}
	for _, i := range []int{0, 1999, 1998} {
		if _, ok := c.get(key(i)); !ok {
			t.Errorf("answer %d is gone", i)
		}
	}
	if _, ok := c.get(key(1)); ok {
		t.Error("the oldest answer is still kept")
	}
	c.put(&cachedAnswer{key: "big", body: make([]byte, budget/answerShards/4+1)})
	if _, ok := c.get("big"); ok {
		t.Error("an answer over a quarter of its shard was kept")
	}
	if newAnswerCache(0) != nil {
		t.Error("a zero budget made a cache")
	}
}
