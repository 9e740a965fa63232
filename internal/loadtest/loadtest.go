package loadtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// Options say how a load test drives a server.
type Options struct {
	// Concurrency are the numbers of connections, one level after another,
	// each sending requests back to back.
	Concurrency []int
	// Warmup is how long each level runs before it is measured, Duration
	// how long it is measured.
	Warmup, Duration time.Duration
	// ServerPID, when not 0, is the server's process, whose CPU time is
	// measured with this one's; BaselinePID the baseline's (Compare).
	ServerPID, BaselinePID int
}

// ParseConcurrency reads a comma-separated list of numbers of connections
// (1-1024 each), as --concurrency gives it.
func ParseConcurrency(s string) ([]int, error) {
	var conc []int
	for _, item := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(item))
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("--concurrency: %q is not a number of connections (1-1024)", item)
		}
		conc = append(conc, n)
	}
	return conc, nil
}

// Run drives the server at base (on this machine: loopback only) with
// mix at each level of o.Concurrency, and writes to w a line a level:
// throughput, latency percentiles, errors and CPU time per request. An
// error says how many requests failed at which levels.
func Run(ctx context.Context, w io.Writer, base string, mix *Mix, o Options) error {
	u, err := url.Parse(base)
	if err != nil || !isLoopback(u.Hostname()) {
		return fmt.Errorf("--url %q: a load test only drives servers on this machine (loopback)", base)
	}
	fmt.Fprintf(w, "load test of %s: %d distinct requests (%s), %v per level after %v of warm-up\n",
		base, len(mix.paths), mix.describe(), o.Duration, o.Warmup)
	// CPU time per request, the server's and this load generator's, says
	// what the machine could do if nothing else ran on it: on a shared
	// machine throughput and latency depend on the neighbours, CPU time
	// per request much less.
	fmt.Fprintf(w, "%-11s  %9s  %9s  %7s  %7s  %7s  %7s  %6s  %13s  %13s\n", "connections", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "server µs/req", "client µs/req")
	var failed error
	for _, n := range o.Concurrency {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r := drive(ctx, base, mix, n, o.Warmup, o.Duration, o.ServerPID)
		fmt.Fprintf(w, "%-11d  %9d  %9.0f  %7.2f  %7.2f  %7.2f  %7.1f  %6d  %13s  %13s\n", n, r.requests, r.perSecond(),
			ms(r.percentile(0.50)), ms(r.percentile(0.90)), ms(r.percentile(0.99)), ms(r.percentile(1)), r.errors,
			perRequest(r.serverCPU, r.requests), perRequest(r.clientCPU, r.requests))
		if r.errors > 0 {
			fmt.Fprintf(w, "             first error: %s\n", r.firstError)
			failed = errors.Join(failed, fmt.Errorf("%d errors at %d connections", r.errors, n))
		}
	}
	return failed
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func perRequest(cpu time.Duration, n int) string {
	if cpu <= 0 || n == 0 {
		return "-"
	}
	return strconv.FormatFloat(float64(cpu.Microseconds())/float64(n), 'f', 0, 64)
}

// processCPU is the CPU time a process has used (user and system), from
// /proc; 0 where there is no /proc or no such process.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc's CPU times: 100 on Linux.
const clockTicks = 100

func isLoopback(host string) bool {
	return host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1"
}

// StartServer runs a server, the program exe with args (`skillcircle serve
// ... --addr 127.0.0.1:0`), its standard error going to the file logPath,
// and returns its URL (from the first line it prints, the one with
// "http://"), its process id, and a function that stops it (SIGTERM) and
// waits for it.
func StartServer(exe string, args []string, logPath string) (string, int, func() error, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return "", 0, nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", 0, nil, err
	}
	stop := func() error {
		cmd.Process.Signal(syscall.SIGTERM)
		err := cmd.Wait()
		logFile.Close()
		return err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	go io.Copy(io.Discard, out)
	i := strings.Index(line, "http://")
	if err != nil || i < 0 {
		stop()
		return "", 0, nil, fmt.Errorf("the server did not start (said %q; see %s)", line, logPath)
	}
	return strings.Fields(line[i:])[0], cmd.Process.Pid, stop, nil
}

// Mix is a fixed, seeded list of requests shaped like the web page's
// traffic.
type Mix struct {
	paths   []string
	clients []string // X-Forwarded-For addresses, as a reverse proxy sends them
	kinds   map[string]int
}

func (m *Mix) describe() string {
	keys := make([]string, 0, len(m.kinds))
	for k := range m.kinds {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %.0f%%", k, 100*float64(m.kinds[k])/float64(len(m.paths)))
	}
	return strings.Join(parts, ", ")
}

// NewMix draws n requests: three in four are searches from points
// near the townships' centres (every district) and near training sites,
// by every mode, two in five with text (trades as people type them),
// some with filters, some in GCJ-02, half with the sites as the page and
// the widget ask; the rest are isochrones (the page draws one per search;
// three in four with their cells, as it asks), course and site pages, and
// suggestions.
func NewMix(snap *index.Snapshot, seed uint64, n int) *Mix {
	rng := rand.New(rand.NewPCG(seed, 2026))
	towns := snap.Townships()
	sites, courses, trades := catalogueSample(snap)
	jitter := func(p orb.Point, metres float64) orb.Point {
		d := metres / 111_000
		return orb.Point{p[0] + (rng.Float64()*2-1)*d/0.87, p[1] + (rng.Float64()*2-1)*d}
	}
	origin := func() orb.Point {
		if rng.IntN(2) == 0 {
			return jitter(towns[rng.IntN(len(towns))].Center, 1500)
		}
		return jitter(sites[rng.IntN(len(sites))], 600)
	}
	where := func(v url.Values) {
		p, crs := origin(), geo.WGS84
		if rng.IntN(5) == 0 {
			crs = geo.GCJ02
			p = geo.WGS84ToGCJ02(p)
			v.Set("crs", string(crs))
		}
		v.Set("lat", strconv.FormatFloat(p[1], 'f', 5, 64))
		v.Set("lng", strconv.FormatFloat(p[0], 'f', 5, 64))
	}
	modes := []struct {
		mode    string
		weight  int
		minutes []int
	}{{"walk", 40, []int{10, 15, 15, 20}}, {"bike", 15, []int{10, 15, 20}}, {"ebike", 25, []int{15, 15, 20, 30}},
		{"drive", 10, []int{15, 20, 30}}, {"transit", 10, []int{20, 30}}}
	travel := func(v url.Values) {
		r := rng.IntN(100)
		for _, m := range modes {
			if r < m.weight {
				v.Set("mode", m.mode)
				v.Set("minutes", strconv.Itoa(m.minutes[rng.IntN(len(m.minutes))]))
				return
			}
			r -= m.weight
		}
	}
	filters := []func(url.Values){
		func(v url.Values) { v.Set("level", []string{"junior", "intermediate", "senior"}[rng.IntN(3)]) },
		func(v url.Values) { v.Set("schedule", []string{"weekday_evening", "weekend"}[rng.IntN(2)]) },
		func(v url.Values) { v.Set("family", []string{"manufacturing", "services", "seniors"}[rng.IntN(3)]) },
		func(v url.Values) { v.Set("free", "true") },
		func(v url.Values) { v.Set("sort", "start") },
	}
	m := &Mix{kinds: map[string]int{}}
	for i := 0; i < n; i++ {
		v := url.Values{}
		var path, kind string
		switch r := rng.IntN(100); {
		case r < 75:
			where(v)
			travel(v)
			kind = "search"
			if rng.IntN(5) < 2 {
				v.Set("q", trades[rng.IntN(len(trades))])
				kind = "search+text"
			}
			if rng.IntN(5) == 0 {
				filters[rng.IntN(len(filters))](v)
			}
			if rng.IntN(2) == 0 {
				v.Set("include_sites", "true") // the page and the widget: the sites for their markers
			}
			path = "/v1/search"
		case r < 85:
			where(v)
			travel(v)
			if rng.IntN(4) > 0 {
				v.Set("cells", "true") // the page and the widget: the hexagons they draw
			}
			path, kind = "/v1/isochrone", "isochrone"
		case r < 92:
			path, kind = "/v1/courses/"+courses[rng.IntN(len(courses))], "course"
		case r < 96:
			v.Set("limit", "20")
			v.Set("offset", strconv.Itoa(20*rng.IntN(25)))
			path, kind = "/v1/sites", "sites"
		default:
			t := []rune(trades[rng.IntN(len(trades))])
			v.Set("q", string(t[:min(len(t), 1+rng.IntN(2))]))
			path, kind = "/v1/suggest", "suggest"
		}
		if len(v) > 0 {
			path += "?" + v.Encode()
		}
		m.paths = append(m.paths, path)
		m.kinds[kind]++
	}
	m.clients = documentationClients()
	return m
}

// catalogueSample lists the sites' positions, and the courses held at a
// site with each one's trade (a trade as often as courses teach it).
func catalogueSample(snap *index.Snapshot) (sites []orb.Point, courses, trades []string) {
	seen := map[string]bool{}
	for offset := 0; ; offset += index.MaxLimit {
		page, err := snap.Sites(index.SiteFilter{Limit: index.MaxLimit, Offset: offset})
		if err != nil || len(page.Sites) == 0 {
			return sites, courses, trades
		}
		for _, sum := range page.Sites {
			sites = append(sites, sum.Site.Location)
			d, _ := snap.Site(sum.Site.ID)
			for _, c := range d.Courses {
				if !seen[c.ID] {
					seen[c.ID] = true
					courses = append(courses, c.ID)
					trades = append(trades, c.Trade)
				}
			}
		}
	}
}

// documentationClients are addresses of documentation networks (RFC
// 5737): they only name the simulated clients in X-Forwarded-For; nothing
// is sent to them.
func documentationClients() []string {
	var out []string
	for _, net := range []string{"192.0.2.", "198.51.100.", "203.0.113."} {
		for h := 1; h < 255; h++ {
			out = append(out, net+strconv.Itoa(h))
		}
	}
	return out
}

// levelResult is what one concurrency level measured.
type levelResult struct {
	requests, errors     int
	elapsed              time.Duration
	serverCPU, clientCPU time.Duration   // used while measuring
	latencies            []time.Duration // sorted
	firstError           string
}

func (r *levelResult) perSecond() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func (r *levelResult) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(p*float64(len(r.latencies))+0.5) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// drive runs n connections, each sending requests back to back, for
// warmup+duration, and measures the requests that start after the warm-up.
func drive(ctx context.Context, base string, mix *Mix, n int, warmup, duration time.Duration, serverPID int) *levelResult {
	transport := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	start := time.Now()
	measureFrom, end := start.Add(warmup), start.Add(warmup+duration)
	var next atomic.Int64
	var mu sync.Mutex
	res := &levelResult{}
	var wg sync.WaitGroup
	cpuAtStart := make(chan [2]time.Duration, 1)
	go func() {
		time.Sleep(time.Until(measureFrom))
		cpuAtStart <- [2]time.Duration{processCPU(serverPID), processCPU(os.Getpid())}
	}()
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var lat []time.Duration
			errs, firstErr := 0, ""
			buf := make([]byte, 32<<10)
			for ctx.Err() == nil {
				t0 := time.Now()
				if t0.After(end) {
					break
				}
				i := next.Add(1)
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+mix.paths[i%int64(len(mix.paths))], nil)
				req.Header.Set("X-Forwarded-For", mix.clients[(i*7919)%int64(len(mix.clients))])
				resp, err := client.Do(req)
				ok := err == nil
				if ok {
					for {
						if _, err := resp.Body.Read(buf); err != nil {
							ok = err == io.EOF
							break
						}
					}
					resp.Body.Close()
					ok = ok && resp.StatusCode == http.StatusOK
				}
				if t0.Before(measureFrom) {
					continue
				}
				lat = append(lat, time.Since(t0))
				if !ok {
					errs++
					if firstErr == "" {
						if err != nil {
							firstErr = err.Error()
						} else {
							firstErr = fmt.Sprintf("%s: %s", req.URL.RequestURI(), resp.Status)
						}
					}
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.errors += errs
			if res.firstError == "" {
				res.firstError = firstErr
			}
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	res.elapsed = time.Since(measureFrom)
	cpuStart := <-cpuAtStart
	if serverPID != 0 && cpuStart[0] > 0 {
		res.serverCPU = processCPU(serverPID) - cpuStart[0]
	}
	if cpuStart[1] > 0 {
		res.clientCPU = processCPU(os.Getpid()) - cpuStart[1]
	}
	res.requests = len(res.latencies)
	slices.Sort(res.latencies)
	return res
}
