package api

import (
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// Limits bound what one request and one client may ask of the server. A
// zero field means no limit: Options{} (tests, the CLI's in-process
// queries) has none; `skillcircle serve` starts from DefaultLimits.
type Limits struct {
	RequestTimeout time.Duration `toml:"request_timeout" doc:"longest a request may take; its context is cancelled then and the answer is 503 timeout (0: none)"`
	MaxQueryBytes  int           `toml:"max_query_bytes" doc:"longest query string, in bytes (0: none); a longer one is a 400"`
	MaxParams      int           `toml:"max_params" doc:"most query parameters in one request (0: none); /v1/search takes 23"`
	MaxBodyBytes   int64         `toml:"max_body_bytes" doc:"largest request body, in bytes (0: none)"`
	// RatePerSecond and Burst make a token bucket per client: a client may
	// send Burst requests at once and RatePerSecond on average.
	RatePerSecond float64 `toml:"rate_per_second" doc:"requests per second one client may make on average (0: no rate limit); over it the answer is 429 with Retry-After"`
	Burst         int     `toml:"burst" doc:"requests one client may make at once, after a pause"`
	MaxClients    int     `toml:"max_clients" doc:"clients whose rate is tracked at once; the idle ones are forgotten first"`
	// TrustedProxies are the networks (CIDR) of reverse proxies whose
	// X-Forwarded-For is believed: the client is the nearest address in it
	// that is not a trusted proxy. Without it every client is the peer.
	TrustedProxies []string `toml:"trusted_proxies" doc:"networks (CIDR) of the reverse proxies whose X-Forwarded-For header names the client"`
}

// DefaultLimits are what `skillcircle serve` uses unless configured.
// The rate suits a person on the web page, which makes a few requests per
// search (search, isochrone, suggestions while typing): 120 at once and 30
// a second on average, per address (an IPv6 /64 counts as one address).
// A 60-minute drive, the largest search, takes a few milliseconds, so 5 s
// is only reached by a server in trouble. The reverse proxy is expected on
// the same machine.
func DefaultLimits() Limits {
	return Limits{
		RequestTimeout: 5 * time.Second,
		MaxQueryBytes:  2048,
		MaxParams:      32,
		MaxBodyBytes:   1 << 20,
		RatePerSecond:  30,
		Burst:          120,
		MaxClients:     100_000,
		TrustedProxies: []string{"127.0.0.0/8", "::1/128"},
	}
}

// Validate says what is wrong with the limits, naming the field as the
// configuration file does.
func (l Limits) Validate() error {
	switch {
	case l.RequestTimeout < 0:
		return fmt.Errorf("request_timeout: %v is negative", l.RequestTimeout)
	case l.MaxQueryBytes < 0, l.MaxParams < 0, l.MaxBodyBytes < 0, l.MaxClients < 0:
		return fmt.Errorf("max_query_bytes, max_params, max_body_bytes and max_clients must not be negative")
	case l.RatePerSecond < 0 || math.IsNaN(l.RatePerSecond) || math.IsInf(l.RatePerSecond, 0):
		return fmt.Errorf("rate_per_second: %v is not a rate", l.RatePerSecond)
	case l.RatePerSecond > 0 && l.Burst < 1:
		return fmt.Errorf("burst: %d; with a rate limit it must be at least 1", l.Burst)
	}
	_, err := parseNetworks(l.TrustedProxies)
	return err
}

func parseNetworks(cidrs []string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, c := range cidrs {
		_, n, err := net.ParseCIDR(strings.TrimSpace(c))
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies: %q is not a network such as 10.0.0.0/8", c)
		}
		out = append(out, n)
	}
	return out, nil
}

// ipExtractor finds the client's address: the peer, or with trusted
// proxies the nearest untrusted address in X-Forwarded-For.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// unlimited are the routes that neither count against a client's rate nor
// time out: probes and scrapes come often, from one address, and are cheap.
var unlimited = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// limit enforces Limits. It runs after routing, so a 404 costs a token too.
func (s *Server) limit(next echo.HandlerFunc) echo.HandlerFunc {
	l := s.limits
	return func(c echo.Context) error {
		r := c.Request()
		if l.MaxQueryBytes > 0 && len(r.URL.RawQuery) > l.MaxQueryBytes {
			return &Error{Status: http.StatusBadRequest, Code: CodeQueryTooLong,
				Message: fmt.Sprintf("the query string is %d bytes long; at most %d", len(r.URL.RawQuery), l.MaxQueryBytes)}
		}
		if l.MaxParams > 0 && r.URL.RawQuery != "" {
			if n := strings.Count(r.URL.RawQuery, "&") + 1; n > l.MaxParams {
				return &Error{Status: http.StatusBadRequest, Code: CodeTooManyParams,
					Message: fmt.Sprintf("%d parameters; at most %d", n, l.MaxParams)}
			}
		}
		if unlimited[c.Path()] {
			return next(c)
		}
		if s.rate != nil {
			if ok, wait := s.rate.allow(clientKey(c.RealIP()), time.Now()); !ok {
				s.metrics.rateLimited.Add(1)
				secs := int(math.Ceil(wait.Seconds()))
				return &Error{Status: http.StatusTooManyRequests, Code: CodeRateLimited, RetryAfter: secs,
					Message: fmt.Sprintf("too many requests from your address; try again in %d s", secs)}
			}
		}
		if l.MaxBodyBytes > 0 && r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, l.MaxBodyBytes)
		}
		if l.RequestTimeout > 0 {
			ctx, cancel := context.WithTimeout(r.Context(), l.RequestTimeout)
			defer cancel()
			c.SetRequest(r.WithContext(ctx))
		}
		return next(c)
	}
}

// clientKey is what a rate is kept for: the address, or its /64 for IPv6,
// which one household or phone usually holds whole.
func clientKey(ip string) string {
	a := net.ParseIP(ip)
	if a == nil || a.To4() != nil {
		return ip
	}
	return a.Mask(net.CIDRMask(64, 128)).String()
}

// rateLimiter keeps a token bucket per client, in shards so that clients
// rarely wait on one another's lock.
type rateLimiter struct {
	rate, burst float64
	perShard    int
	seed        maphash.Seed
	shards      [64]rateShard
}

type rateShard struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(l Limits) *rateLimiter {
	if l.RatePerSecond <= 0 {
		return nil
	}
	rl := &rateLimiter{rate: l.RatePerSecond, burst: float64(l.Burst), perShard: max(1, l.MaxClients/64), seed: maphash.MakeSeed()}
	if l.MaxClients == 0 {
		rl.perShard = math.MaxInt
	}
	for i := range rl.shards {
		rl.shards[i].buckets = map[string]*bucket{}
	}
	return rl
}

// allow takes a token for key, or says how long until one is free.
func (rl *rateLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	sh := &rl.shards[maphash.String(rl.seed, key)%uint64(len(rl.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	b, ok := sh.buckets[key]
	if !ok {
		if len(sh.buckets) >= rl.perShard {
			rl.evict(sh, now)
		}
		b = &bucket{tokens: rl.burst, last: now}
		sh.buckets[key] = b
	}
	b.tokens = min(rl.burst, b.tokens+now.Sub(b.last).Seconds()*rl.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rl.rate * float64(time.Second))
}

// evict forgets the clients whose bucket has refilled (they are as if
// new), or, if none has, one client at random.
func (rl *rateLimiter) evict(sh *rateShard, now time.Time) {
	full := time.Duration(rl.burst / rl.rate * float64(time.Second))
	for k, b := range sh.buckets {
		if now.Sub(b.last) >= full {
			delete(sh.buckets, k)
		}
	}
	for k := range sh.buckets {
		if len(sh.buckets) < rl.perShard {
			break
		}
		delete(sh.buckets, k)
	}
}
