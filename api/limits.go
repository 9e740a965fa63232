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
	"golang.org/x/time/rate"
)

// Limits bound what one request and one client may ask of the server. A
// zero field means no limit: Options{} (tests, the CLI's in-process
// queries) has none; `skillcircle serve` starts from DefaultLimits.
type Limits struct {
	RequestTimeout time.Duration `toml:"request_timeout" doc:"longest a request may take; its context is cancelled then and the answer is 503 timeout (0: none)"`
	MaxQueryBytes  int           `toml:"max_query_bytes" doc:"longest query string, in bytes (0: none); a longer one is a 400"`
	MaxParams      int           `toml:"max_params" doc:"most query parameters in one request (0: none); /v1/search takes 34"`
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
		MaxParams:      40,
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
				s.metrics.rateLimited.Inc()
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

// rateLimiter keeps a rate.Limiter per client, in shards so that clients
// rarely wait on one another's lock.
type rateLimiter struct {
	limit    rate.Limit
	burst    int
	perShard int
	seed     maphash.Seed
	shards   [64]rateShard
}

type rateShard struct {
	mu      sync.Mutex
	clients map[string]*rate.Limiter
}

func newRateLimiter(l Limits) *rateLimiter {
	if l.RatePerSecond <= 0 {
		return nil
	}
	rl := &rateLimiter{limit: rate.Limit(l.RatePerSecond), burst: l.Burst, perShard: max(1, l.MaxClients/64), seed: maphash.MakeSeed()}
	if l.MaxClients == 0 {
		rl.perShard = math.MaxInt
	}
	for i := range rl.shards {
		rl.shards[i].clients = map[string]*rate.Limiter{}
	}
	return rl
}

// allow takes a token for key, or says how long until one is free.
func (rl *rateLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	lim := rl.client(key, now)
	if lim.AllowN(now, 1) {
		return true, 0
	}
	// Refused: a reservation says when the token will be there; cancelled,
	// it gives the token back, so a refusal costs the client nothing.
	r := lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	if wait == 0 { // a token came back meanwhile (a cancelled reservation)
		return true, 0
	}
	r.CancelAt(now)
	return false, wait
}

// client is key's limiter, made with a full bucket if key is new. It is
// used after the shard's lock is let go: evicted meanwhile, the client only
// has that one token forgotten.
func (rl *rateLimiter) client(key string, now time.Time) *rate.Limiter {
	sh := &rl.shards[rl.shardOf(key)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	lim, ok := sh.clients[key]
	if !ok {
		if len(sh.clients) >= rl.perShard {
			rl.evict(sh, now)
		}
		lim = rate.NewLimiter(rl.limit, rl.burst)
		sh.clients[key] = lim
	}
	return lim
}

func (rl *rateLimiter) shardOf(key string) uint64 {
	return maphash.String(rl.seed, key) % uint64(len(rl.shards))
}

// evict forgets the clients whose bucket has refilled (they are as if
// new), or, if none has, one client at random.
func (rl *rateLimiter) evict(sh *rateShard, now time.Time) {
	for k, lim := range sh.clients {
		if lim.TokensAt(now) >= float64(rl.burst) {
			delete(sh.clients, k)
		}
	}
	for k := range sh.clients {
		if len(sh.clients) < rl.perShard {
			break
		}
		delete(sh.clients, k)
	}
}
