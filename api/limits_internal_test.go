package api

import (
	"fmt"
	"strconv"
	"testing"
	"time"
)

func TestRateLimiterRefusesPastBurst(t *testing.T) {
	rl := newRateLimiter(Limits{RatePerSecond: 2, Burst: 3})
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := rl.allow("a", now); !ok {
			t.Fatalf("request %d within the burst refused", i+1)
		}
	}
	ok, wait := rl.allow("a", now)
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("the 4th request: %v, wait %v; want refused, 500ms (one token at 2/s)", ok, wait)
	}
	// A refusal takes no token: half a second later one is there.
	if ok, _ := rl.allow("a", now.Add(500*time.Millisecond)); !ok {
		t.Error("refused after waiting as told")
	}
	if ok, _ := rl.allow("b", now); !ok {
		t.Error("another client refused")
	}
}

// TestRateLimiterForgetsIdleClientsFirst fills a shard and checks which
// client a new one pushes out.
func TestRateLimiterForgetsIdleClientsFirst(t *testing.T) {
	rl := newRateLimiter(Limits{RatePerSecond: 1, Burst: 2, MaxClients: 2 * 64}) // two clients a shard
	keys := sameShard(rl, 3)
	idle, busy, newcomer := keys[0], keys[1], keys[2]
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	rl.allow(idle, now.Add(-time.Minute)) // refilled long since
	rl.allow(busy, now)
	rl.allow(busy, now)
	if ok, _ := rl.allow(newcomer, now); !ok {
		t.Fatal("a new client refused")
	}
	sh := &rl.shards[rl.shardOf(busy)]
	if _, kept := sh.clients[idle]; kept || len(sh.clients) != 2 {
		t.Errorf("the idle client is kept; the shard holds %d", len(sh.clients))
	}
	if ok, _ := rl.allow(busy, now); ok {
		t.Error("the busy client was forgotten instead of the idle one")
	}
}

// sameShard finds n client keys that fall in one shard.
func sameShard(rl *rateLimiter, n int) []string {
	byShard := map[uint64][]string{}
	for i := 0; ; i++ {
		k := fmt.Sprintf("client-%d", i)
		s := rl.shardOf(k)
		if byShard[s] = append(byShard[s], k); len(byShard[s]) == n {
			return byShard[s]
		}
	}
}

// BenchmarkRateLimiter is what the per-client rate costs a request, with
// 1,000 clients asking on every core at once.
func BenchmarkRateLimiter(b *testing.B) {
	limits := DefaultLimits()
	limits.RatePerSecond = 1e9 // keep the limiter's cost, never its refusals
	rl := newRateLimiter(limits)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "client-" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			if ok, _ := rl.allow(keys[i%len(keys)], time.Now()); !ok {
				b.Fatal("refused")
			}
		}
	})
}
