package cluster_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/internal/cluster"
	"github.com/skillcircle/skillcircle/internal/follow"
)

// TestWriteConfig: the configuration HAProxy reads (haproxy -c checks it
// when HAProxy is installed).
func TestWriteConfig(t *testing.T) {
	var b strings.Builder
	err := cluster.WriteConfig(&b, cluster.Config{Listen: "127.0.0.1:8090",
		Replicas: []string{"127.0.0.1:8081", "127.0.0.1:8082"}, CheckInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bind 127.0.0.1:8090", "server replica0 127.0.0.1:8081\n", "server replica1 127.0.0.1:8082\n",
		"http-check send meth GET uri /readyz", "option redispatch 1", "retry-on conn-failure", "inter 1000ms fall 2 rise 2"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("haproxy.cfg lacks %q:\n%s", want, b.String())
		}
	}
	// Shards: a backend each, chosen by region=, the first the default.
	var sharded strings.Builder
	err = cluster.WriteConfig(&sharded, cluster.Config{Listen: "127.0.0.1:8090", Shards: []cluster.ShardBackend{
		{Name: "east", Regions: []string{"ningbo", "zhoushan"}, Replicas: []string{"127.0.0.1:8081", "127.0.0.1:8082"}},
		{Name: "west", Regions: []string{"monaco-test"}, Replicas: []string{"127.0.0.1:8083"}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"in front of 3 skillcircle", "use_backend shard_east if { url_param(region) -m str -i ningbo zhoushan }\n",
		"use_backend shard_west if { url_param(region) -m str -i monaco-test }\n", "default_backend shard_east\n",
		"backend shard_west\n", "server replica2 127.0.0.1:8083\n"} {
		if !strings.Contains(sharded.String(), want) {
			t.Errorf("sharded haproxy.cfg lacks %q:\n%s", want, sharded.String())
		}
	}
	if err := cluster.WriteConfig(io.Discard, cluster.Config{Shards: []cluster.ShardBackend{{Name: "a b", Regions: []string{"x"}, Replicas: []string{"y"}}}}); err == nil {
		t.Error("a shard name with a space is written into haproxy.cfg")
	}
	haproxy := lookHAProxy(t)
	for i, cfg := range []string{b.String(), sharded.String()} {
		path := filepath.Join(t.TempDir(), "haproxy"+strconv.Itoa(i)+".cfg")
		os.WriteFile(path, []byte(cfg), 0o644)
		if out, err := exec.Command(haproxy, "-c", "-f", path).CombinedOutput(); err != nil {
			t.Errorf("haproxy -c: %v\n%s", err, out)
		}
	}
}

// TestShardsByRegion runs two shards behind HAProxy, one replica each:
// east holds Ningbo, west the Monaco test catalogue. A request naming a
// region reaches its shard; one without region= reaches the first shard,
// which answers its own points and, knowing the shard map, says
// region_not_served for the other shards' (HAProxy cannot route a point).
func TestShardsByRegion(t *testing.T) {
	haproxy := lookHAProxy(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	ningbo, monaco := filepath.Join(dir, "ningbo", "ningbo.db"), filepath.Join(dir, "monaco", "monaco.db")
	for db, args := range map[string][]string{ningbo: nil, monaco: {"--data", "../../index/testdata/monaco"}} {
		os.MkdirAll(filepath.Dir(db), 0o755)
		if b, err := exec.Command(bin, append([]string{"build", "--out", db}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, b)
		}
	}
	c, err := cluster.Start(context.Background(), cluster.Options{
		Binary: bin, Dir: filepath.Join(dir, "cluster"), HAProxy: haproxy, Args: []string{"--log.requests=false"},
		Shards: []cluster.Shard{{Name: "east", Regions: []string{"ningbo"}, Snapshots: []string{ningbo}},
			{Name: "west", Regions: []string{"monaco-test"}, Snapshots: []string{monaco}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	east, west := checksumOf(t, c, 0), checksumOf(t, c, 1)
	for path, want := range map[string]string{
		"/v1/search?region=monaco-test&lat=43.7393&lng=7.4278": west, "/v1/search?region=ningbo&lat=29.8730&lng=121.5503": east,
		"/v1/search?lat=29.8730&lng=121.5503": east, "/v1/search?lat=43.7393&lng=7.4278": "404",
		"/v1/suggest?q=shuk":                    east,
		"/v1/suggest?q=shuk&region=MONACO-TEST": west, "/v1/courses/C01?region=monaco-test": west,
	} {
		resp, err := http.Get(c.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case want == "404":
			if resp.StatusCode != 404 || !strings.Contains(string(body), "region_not_served") || !strings.Contains(string(body), "serve monaco-test") {
				t.Errorf("%s: %d %s, want the first shard's 404 region_not_served naming monaco-test", path, resp.StatusCode, body)
			}
		case resp.StatusCode != 200 || resp.Header.Get("ETag") != `W/"`+want+`"`:
			t.Errorf("%s: %d, ETag %s, want 200 from the shard serving %.12s", path, resp.StatusCode, resp.Header.Get("ETag"), want)
		}
	}
}

// lookHAProxy finds Debian's haproxy. With CI=true a missing haproxy fails
// the test (.ci/run installs it); elsewhere the test is skipped.
func lookHAProxy(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("haproxy")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("haproxy is not installed (apt-get install haproxy); CI needs it")
		}
		t.Skip("haproxy is not installed (apt-get install haproxy)")
	}
	return path
}

// buildBinary builds skillcircle (or takes SKILLCIRCLE_BIN, as make does).
func buildBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("SKILLCIRCLE_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "skillcircle")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/skillcircle/skillcircle/cmd/skillcircle").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// buildSnapshot builds the default catalogue into dir/skillcircle.db, with
// its checksum file beside it.
func buildSnapshot(t *testing.T, bin, dir string, args ...string) {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	out := filepath.Join(dir, "skillcircle.db")
	if b, err := exec.Command(bin, append([]string{"build", "--out", out}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
}

// requests are the load: searches (with and without text) and isochrones
// from points in several districts.
func requests() []string {
	origins := [][2]string{{"29.8730", "121.5503"}, {"29.8166", "121.5439"}, {"29.9010", "121.8447"},
		{"29.9490", "121.7166"}, {"29.8870", "121.5550"}, {"29.6660", "121.4330"}}
	var out []string
	for i, o := range origins {
		q := url.Values{"lat": {o[0]}, "lng": {o[1]}, "mode": {[]string{"walk", "bike", "ebike"}[i%3]}, "minutes": {"15"}}
		out = append(out, "/v1/search?"+q.Encode())
		q.Set("q", []string{"数控", "电工", "焊工"}[i%3])
		q.Set("include_sites", "true")
		out = append(out, "/v1/search?"+q.Encode())
		q.Del("q")
		q.Del("include_sites")
		out = append(out, "/v1/isochrone?"+q.Encode())
	}
	return out
}

type sample struct {
	start   time.Time
	took    time.Duration
	status  int
	etag    string
	problem string
}

// drive sends requests back to back from n workers through base until ctx
// ends, and returns every request's sample.
func drive(ctx context.Context, base string, n int) []sample {
	paths := requests()
	var mu sync.Mutex
	var all []sample
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			defer client.CloseIdleConnections()
			var mine []sample
			for i := w; ctx.Err() == nil; i++ {
				s := sample{start: time.Now()}
				resp, err := client.Get(base + paths[i%len(paths)])
				if err != nil {
					s.problem = err.Error()
				} else {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					s.status, s.etag = resp.StatusCode, resp.Header.Get("ETag")
					if err != nil {
						s.problem = err.Error()
					} else if s.status != http.StatusOK {
						s.problem = resp.Status
					}
				}
				s.took = time.Since(s.start)
				mine = append(mine, s)
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[min(len(ds)-1, int(p*float64(len(ds))))]
}

func loadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Join(strings.Fields(string(b))[:min(3, len(strings.Fields(string(b))))], " ")
}

// TestRollingUpdateAndKill starts 3 replicas behind HAProxy on loopback,
// each following its own feed (--follow, over HTTP from a file server in
// this test, as from a build machine), drives steady load through HAProxy,
// and meanwhile publishes a new snapshot to the replicas one by one
// (waiting each time until the replica's /readyz reports it), kills one
// replica (SIGKILL) and starts it again, and stops another (SIGTERM: it
// drains) and starts it again. No request may fail, and once
// every replica reports the new snapshot every answer must be its (the
// ETag is the snapshot's checksum).
//
// It runs SKILLCIRCLE_CLUSTER_SECONDS seconds of load (default 12) with 8
// workers. With CI=true a missing haproxy fails it; elsewhere it skips.
func TestRollingUpdateAndKill(t *testing.T) {
	haproxy := lookHAProxy(t)
	seconds := 12
	if s := os.Getenv("SKILLCIRCLE_CLUSTER_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 6 || n > 600 {
			t.Fatalf("SKILLCIRCLE_CLUSTER_SECONDS=%q: a whole number of seconds, 6 to 600", s)
		}
		seconds = n
	}
	const workers = 8
	bin := buildBinary(t)
	dir := t.TempDir()

	// Two snapshots of the default catalogue that answer differently: the
	// second walks slower (its travel_model, reach and checksum differ).
	oldDB, newDB := filepath.Join(dir, "old", "skillcircle.db"), filepath.Join(dir, "new", "skillcircle.db")
	buildSnapshot(t, bin, filepath.Dir(oldDB))
	travel := filepath.Join(dir, "travel.json")
	os.WriteFile(travel, []byte(`{"walk":{"speed_kmh":4.0,"detour":1.3,"overhead_minutes":0}}`), 0o644)
	buildSnapshot(t, bin, filepath.Dir(newDB), "--travel", travel)

	// The build machine: a feed directory per replica, so that the test
	// decides when each replica sees the new snapshot.
	feed := filepath.Join(dir, "feed")
	publish := func(i int, db string) {
		d := filepath.Join(feed, "r"+strconv.Itoa(i))
		os.MkdirAll(d, 0o755)
		for _, suffix := range []string{"", follow.ChecksumSuffix} { // the checksum last
			b, err := os.ReadFile(db + suffix)
			if err != nil {
				t.Fatal(err)
			}
			tmp := filepath.Join(d, ".tmp")
			os.WriteFile(tmp, b, 0o644)
			if err := os.Rename(tmp, filepath.Join(d, "skillcircle.db"+suffix)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 0; i < 3; i++ {
		publish(i, oldDB)
	}
	files := httptest.NewServer(http.FileServer(http.Dir(feed)))
	defer files.Close()

	ctx := context.Background()
	c, err := cluster.Start(ctx, cluster.Options{
		Binary: bin, Dir: filepath.Join(dir, "cluster"), Replicas: 3, Snapshot: oldDB, HAProxy: haproxy,
		Follow:         func(i int) string { return files.URL + "/r" + strconv.Itoa(i) + "/skillcircle.db" },
		FollowInterval: 300 * time.Millisecond,
		// All the load comes from one address: no rate limit, and no request log to write.
		Args: []string{"--limits.rate_per_second", "0", "--log.requests=false"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	oldSum, newSum := checksumOf(t, c, 0), ""

	loadCtx, stopLoad := context.WithTimeout(ctx, time.Duration(seconds)*time.Second)
	defer stopLoad()
	results := make(chan []sample)
	began := time.Now()
	go func() { results <- drive(loadCtx, c.URL, workers) }()

	time.Sleep(time.Duration(seconds) * time.Second / 6)
	rollStart := time.Now()
	roll := func(i int) {
		publish(i, newDB)
		if err := c.Replicas[i].WaitReady(ctx, ""); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
			if sum := checksumOf(t, c, i); sum != oldSum {
				newSum = sum
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica %d still serves the old snapshot a minute after it was published", i)
			}
		}
	}
	roll(0)
	// A crash in the middle of the roll: replica 1 is killed and comes back
	// with the snapshot its directory holds (the old one).
	if err := c.Replicas[1].Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	time.Sleep(time.Second)
	if err := c.Replicas[1].Restart(); err != nil {
		t.Fatal(err)
	}
	if err := c.Replicas[1].WaitReady(ctx, oldSum); err != nil {
		t.Fatal(err)
	}
	back := time.Since(killed)
	roll(1)
	// An operator's restart: replica 2 drains (SIGTERM: /readyz 503 for
	// two health checks, then the requests in flight finish) and comes back.
	if err := c.Replicas[2].Stop(); err != nil {
		t.Fatal(err)
	}
	if err := c.Replicas[2].Restart(); err != nil {
		t.Fatal(err)
	}
	if err := c.Replicas[2].WaitReady(ctx, oldSum); err != nil {
		t.Fatal(err)
	}
	roll(2)
	rollEnd := time.Now()
	if rest := time.Until(began.Add(time.Duration(seconds) * time.Second)); rest < 2*time.Second {
		t.Logf("the roll took until %v of %d s; load runs 2 s more", rollEnd.Sub(began).Round(time.Millisecond), seconds)
		time.Sleep(2 * time.Second)
		stopLoad()
	}
	all := <-results

	var failed []string
	var during, total []time.Duration
	oldAfter, newBefore, newDuring := 0, 0, 0
	for _, s := range all {
		total = append(total, s.took)
		if s.problem != "" {
			failed = append(failed, s.start.Sub(began).Round(time.Millisecond).String()+": "+s.problem)
			continue
		}
		switch {
		case s.start.After(rollEnd):
			if s.etag != `W/"`+newSum+`"` {
				oldAfter++
			}
		case s.start.Before(rollStart):
			if s.etag != `W/"`+oldSum+`"` {
				newBefore++
			}
		default:
			during = append(during, s.took)
			if s.etag == `W/"`+newSum+`"` {
				newDuring++
			}
		}
	}
	t.Logf("%d requests in %v through HAProxy from %d workers (%.0f/s), %d failed; p50 %v, p99 %v overall",
		len(all), time.Since(began).Round(time.Millisecond), workers, float64(len(all))/time.Since(began).Seconds(),
		len(failed), percentile(total, 0.5), percentile(total, 0.99))
	t.Logf("during the roll (%v; a replica killed and back in %v, another drained and restarted): %d requests, p50 %v, p99 %v, %d answered by the new snapshot; load average %s",
		rollEnd.Sub(rollStart).Round(time.Millisecond), back.Round(time.Millisecond), len(during),
		percentile(during, 0.5), percentile(during, 0.99), newDuring, loadAverage())
	if len(failed) > 0 {
		t.Errorf("%d of %d requests failed; first: %s", len(failed), len(all), strings.Join(failed[:min(5, len(failed))], "; "))
	}
	if oldAfter > 0 || newBefore > 0 {
		t.Errorf("%d answers after every replica reported the new snapshot were not its; %d before the roll were not the old one's", oldAfter, newBefore)
	}
	if newDuring == 0 || len(during) == 0 {
		t.Errorf("no answer from the new snapshot during the roll (%d requests)", len(during))
	}
	// Each replica counted its follow: one new snapshot, verified and served.
	for _, r := range c.Replicas {
		if m := get(t, "http://"+r.Addr+"/metrics"); !strings.Contains(m, `skillcircle_snapshot_follow_total{region="ningbo",result="ok"} 1`+"\n") {
			t.Errorf("replica %d's metrics do not count one followed snapshot", r.Index)
		}
	}
	// HAProxy saw the killed replica go and come back (its health checks).
	c.Stop()
	hlog, _ := os.ReadFile(filepath.Join(dir, "cluster", "haproxy.log"))
	if !strings.Contains(string(hlog), "replica1 is DOWN") || !strings.Contains(string(hlog), "replica1 is UP") {
		t.Errorf("HAProxy's log does not say replica1 went down and came back:\n%s", hlog)
	}
}

func checksumOf(t *testing.T, c *cluster.Cluster, i int) string {
	t.Helper()
	ready, status, err := c.Replicas[i].ReadyZ(context.Background())
	if err != nil || status != http.StatusOK {
		t.Fatalf("replica %d: /readyz %d, %v", i, status, err)
	}
	return ready.Snapshot.Checksum
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
