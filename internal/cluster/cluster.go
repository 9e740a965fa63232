package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options describe a cluster to start.
type Options struct {
	// Binary is the skillcircle executable the replicas run.
	Binary string
	// Dir holds a directory per replica (its snapshot and log),
	// haproxy.cfg and HAProxy's log.
	Dir string
	// Replicas is how many replicas to start (3 if 0).
	Replicas int
	// Snapshot is copied into each replica's directory as skillcircle.db,
	// with its checksum file when there is one.
	Snapshot string
	// Shards, when set, replace Replicas and Snapshot: each shard's
	// replicas serve its snapshots (copied under their own names), and
	// HAProxy routes by region= to the shard holding the region.
	Shards []Shard
	// Follow, if set, gives replica i's --follow source.
	Follow func(i int) string
	// FollowInterval is their server.follow_interval (1 s if 0).
	FollowInterval time.Duration
	// Args are more `serve` flags for every replica.
	Args []string
	// Addr is HAProxy's address; it must be on loopback (127.0.0.1:0, the
	// default, picks a free port).
	Addr string
	// HAProxy is the haproxy executable ("haproxy" if empty).
	HAProxy string
	// CheckInterval is HAProxy's health check interval (500 ms if 0).
	CheckInterval time.Duration
}

// Shard is one set of replicas holding some regions.
type Shard struct {
	Name string
	// Regions are the ids (as /v1/regions names them) of the regions its
	// Snapshots hold, for HAProxy's routing.
	Regions   []string
	Snapshots []string
	Replicas  int // 1 if 0
}

// Cluster is N replicas and HAProxy, running.
type Cluster struct {
	// URL is HAProxy's: what clients use.
	URL      string
	Replicas []*Replica
	opts     Options
	haproxy  *exec.Cmd
	hlog     *os.File
}

// Replica is one `skillcircle serve` process.
type Replica struct {
	Index    int
	Addr     string // host:port on loopback
	Dir      string
	Snapshot string // its (first) snapshot file
	Shard    string // the name of its shard, if any
	args     []string
	binary   string

	mu   sync.Mutex
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{} // closed when cmd has exited
}

// ErrNotLoopback is returned by Start for an address off loopback.
var ErrNotLoopback = errors.New("cluster: HAProxy's address must be on loopback")

// Start starts the replicas, waits until each answers /readyz, then starts
// HAProxy and waits until it answers through a replica. On an error it
// stops what it started.
func Start(ctx context.Context, o Options) (c *Cluster, err error) {
	if o.Replicas == 0 {
		o.Replicas = 3
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if o.HAProxy == "" {
		o.HAProxy = "haproxy"
	}
	if o.FollowInterval == 0 {
		o.FollowInterval = time.Second
	}
	if o.CheckInterval == 0 {
		o.CheckInterval = 500 * time.Millisecond
	}
	if host, _, err := net.SplitHostPort(o.Addr); err != nil || !net.ParseIP(host).IsLoopback() {
		return nil, fmt.Errorf("%w: %q", ErrNotLoopback, o.Addr)
	}
	c = &Cluster{opts: o}
	defer func() {
		if err != nil {
			c.Stop()
		}
	}()
	shards := o.Shards
	if len(shards) == 0 { // every replica holds the one snapshot, as skillcircle.db
		shards = []Shard{{Snapshots: []string{o.Snapshot}, Replicas: o.Replicas}}
	}
	for _, sh := range shards {
		for range max(sh.Replicas, 1) {
			r, err := newReplica(o, len(c.Replicas), sh)
			if err != nil {
				return c, err
			}
			c.Replicas = append(c.Replicas, r)
			if err := r.start(); err != nil {
				return c, err
			}
		}
	}
	for _, r := range c.Replicas {
		if err := r.WaitReady(ctx, ""); err != nil {
			return c, err
		}
	}
	if err := c.startHAProxy(ctx); err != nil {
		return c, err
	}
	return c, nil
}

// freeAddr picks a free port on 127.0.0.1.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func newReplica(o Options, i int, sh Shard) (*Replica, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(o.Dir, "replica"+strconv.Itoa(i))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r := &Replica{Index: i, Addr: addr, Dir: dir, Shard: sh.Name, binary: o.Binary}
	r.args = []string{"serve", "--addr", addr,
		// SIGTERM: /readyz says 503 for two health checks before the listener closes.
		"--server.drain_delay", (2*o.CheckInterval + 100*time.Millisecond).String()}
	if sh.Name != "" { // the replica checks it serves its shard, and knows the others'
		var shards []string
		for _, other := range o.Shards {
			shards = append(shards, other.Name+"="+strings.Join(other.Regions, "+"))
		}
		r.args = append(r.args, "--cluster.shards", strings.Join(shards, ","), "--cluster.shard", sh.Name)
	}
	for _, src := range sh.Snapshots {
		dst := filepath.Join(dir, "skillcircle.db")
		if sh.Name != "" {
			dst = filepath.Join(dir, filepath.Base(src))
		}
		if err := copyFile(src, dst); err != nil {
			return nil, err
		}
		if err := copyFile(src+".sha256", dst+".sha256"); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		r.args = append(r.args, "--snapshot", dst)
		if r.Snapshot == "" {
			r.Snapshot = dst
		}
	}
	if o.Follow != nil {
		r.args = append(r.args, "--follow", o.Follow(i), "--server.follow_interval", o.FollowInterval.String())
	}
	r.args = append(r.args, o.Args...)
	return r, nil
}

// copyFile copies src to dst, replacing it atomically.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".copy-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}

func (r *Replica) start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd != nil {
		return fmt.Errorf("cluster: replica %d is running", r.Index)
	}
	log, err := os.OpenFile(filepath.Join(r.Dir, "serve.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(r.binary, r.args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return err
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); log.Close(); close(done) }()
	r.cmd, r.log, r.done = cmd, log, done
	return nil
}

// signal sends sig to the replica and waits for it to exit.
func (r *Replica) signal(sig os.Signal) error {
	r.mu.Lock()
	cmd, done := r.cmd, r.done
	r.cmd = nil
	r.mu.Unlock()
	if cmd == nil {
		return nil
	}
	if err := cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-done:
		return nil
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		return fmt.Errorf("cluster: replica %d did not stop within 30 s of %v; killed", r.Index, sig)
	}
}

// Kill kills the replica (SIGKILL: no drain, requests in flight are cut off).
func (r *Replica) Kill() error { return r.signal(syscall.SIGKILL) }

// Stop stops the replica as an operator does (SIGTERM: drain, then finish
// the requests in flight).
func (r *Replica) Stop() error { return r.signal(syscall.SIGTERM) }

// Restart starts a stopped or killed replica again, on its address, with
// the snapshot its directory holds; it does not wait for it to be ready.
func (r *Replica) Restart() error { return r.start() }

// PID is the replica's process id, or 0 when it is not running.
func (r *Replica) PID() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return 0
	}
	return r.cmd.Process.Pid
}

// Reload sends the replica SIGHUP: it opens its snapshot file again.
func (r *Replica) Reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return fmt.Errorf("cluster: replica %d is not running", r.Index)
	}
	return r.cmd.Process.Signal(syscall.SIGHUP)
}

// Ready is a replica's /readyz answer.
type Ready struct {
	Status   string `json:"status"`
	Snapshot struct {
		Checksum string `json:"checksum"`
	} `json:"snapshot"`
}

// ReadyZ asks the replica's /readyz.
func (r *Replica) ReadyZ(ctx context.Context) (Ready, int, error) {
	return readyz(ctx, "http://"+r.Addr)
}

func readyz(ctx context.Context, base string) (Ready, int, error) {
	var ready Ready
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	if err != nil {
		return ready, 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return ready, 0, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&ready)
	return ready, resp.StatusCode, err
}

// WaitReady waits until the replica's /readyz answers 200 and, unless
// checksum is empty, names that snapshot checksum (the content checksum
// the API's ETag carries). It gives up after a minute, or when the
// replica exits.
func (r *Replica) WaitReady(ctx context.Context, checksum string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	r.mu.Lock()
	done := r.done
	r.mu.Unlock()
	var last error
	for {
		ready, status, err := r.ReadyZ(ctx)
		switch {
		case err != nil:
			last = err
		case status != http.StatusOK:
			last = fmt.Errorf("/readyz answers %d", status)
		case checksum != "" && ready.Snapshot.Checksum != checksum:
			last = fmt.Errorf("serves %.12s…, not %.12s…", ready.Snapshot.Checksum, checksum)
		default:
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("cluster: replica %d is not ready (%v); see %s", r.Index, last, filepath.Join(r.Dir, "serve.log"))
		case <-done:
			return fmt.Errorf("cluster: replica %d exited; see %s", r.Index, filepath.Join(r.Dir, "serve.log"))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (c *Cluster) startHAProxy(ctx context.Context) error {
	addr := c.opts.Addr
	if _, port, _ := net.SplitHostPort(addr); port == "0" {
		a, err := freeAddr()
		if err != nil {
			return err
		}
		addr = a
	}
	cfg := Config{Listen: addr, CheckInterval: c.opts.CheckInterval}
	for _, sh := range c.opts.Shards {
		b := ShardBackend{Name: sh.Name, Regions: sh.Regions}
		for _, r := range c.Replicas {
			if r.Shard == sh.Name {
				b.Replicas = append(b.Replicas, r.Addr)
			}
		}
		cfg.Shards = append(cfg.Shards, b)
	}
	if len(cfg.Shards) == 0 {
		for _, r := range c.Replicas {
			cfg.Replicas = append(cfg.Replicas, r.Addr)
		}
	}
	path := filepath.Join(c.opts.Dir, "haproxy.cfg")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteConfig(f, cfg); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	c.hlog, err = os.Create(filepath.Join(c.opts.Dir, "haproxy.log"))
	if err != nil {
		return err
	}
	// -db: in the foreground, not a daemon, so that it is our child.
	cmd := exec.Command(c.opts.HAProxy, "-db", "-f", path)
	cmd.Stdout, cmd.Stderr = c.hlog, c.hlog
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cluster: starting haproxy: %w", err)
	}
	c.haproxy = cmd
	c.URL = "http://" + addr
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		if _, status, err := readyz(ctx, c.URL); err == nil && status == http.StatusOK {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("cluster: haproxy does not answer on %s; see %s", c.URL, c.hlog.Name())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Stop stops HAProxy and every replica (SIGTERM), and waits for them.
func (c *Cluster) Stop() error {
	var errs []error
	if c.haproxy != nil {
		c.haproxy.Process.Signal(syscall.SIGTERM)
		c.haproxy.Wait()
		c.haproxy = nil
		c.hlog.Close()
	}
	stopped := make([]error, len(c.Replicas))
	var wg sync.WaitGroup
	for i, r := range c.Replicas {
		wg.Add(1)
		go func() { defer wg.Done(); stopped[i] = r.Stop() }()
	}
	wg.Wait()
	return errors.Join(append(errs, stopped...)...)
}
