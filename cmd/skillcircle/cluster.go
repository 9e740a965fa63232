package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/cluster"
)

// runCluster starts replicas of `skillcircle serve` behind HAProxy on
// loopback, for a local try of the layout of "Running on several
// machines", until interrupted.
func runCluster(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("cluster", stderr)
	path := fl.String("snapshot", defaultSnapshot, "snapshot each replica serves (copied into its directory)")
	replicas := fl.Int("replicas", 3, "number of replicas")
	addr := fl.String("addr", "127.0.0.1:8090", "HAProxy's address, on loopback")
	dir := fl.String("dir", "", "working directory: a directory per replica, haproxy.cfg and the logs (default: a temporary one, removed at the end)")
	followSource := fl.String("follow", "", "a published snapshot every replica follows (serve --follow): an http(s) URL or a path")
	haproxy := fl.String("haproxy", "haproxy", "the haproxy executable (Debian: apt-get install haproxy)")
	var shards []string
	fl.Func("shard", "a shard, NAME=FILE+FILE...: --replicas replicas serving these snapshots, which HAProxy sends the requests naming their regions (region=); repeat for each shard, the first also takes requests naming none (replaces --snapshot)", func(v string) error {
		shards = append(shards, v)
		return nil
	})
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 || *replicas < 1 || *replicas > 32 {
		return fmt.Errorf("%w: cluster takes no arguments and 1 to 32 replicas", errUsage)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "skillcircle-cluster-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	opts := cluster.Options{Binary: self, Dir: *dir, Replicas: *replicas, Snapshot: *path, Addr: *addr, HAProxy: *haproxy}
	for _, spec := range shards {
		sh, err := readShard(spec, *replicas)
		if err != nil {
			return err
		}
		opts.Shards = append(opts.Shards, sh)
	}
	if *followSource != "" {
		opts.Follow = func(int) string { return *followSource }
	}
	c, err := cluster.Start(ctx, opts)
	if err != nil {
		return err
	}
	for _, r := range c.Replicas {
		fmt.Fprintf(stdout, "replica %d%s: http://%s (log %s/serve.log; kill -HUP %d reloads it)\n", r.Index, shardNote(r.Shard), r.Addr, r.Dir, r.PID())
	}
	fmt.Fprintf(stdout, "HAProxy (%s/haproxy.cfg) in front of them: %s\nCtrl-C stops them all.\n", *dir, c.URL)
	<-ctx.Done()
	return c.Stop()
}

// readShard reads --shard NAME=FILE+FILE: the shard's regions are those
// of its snapshots, by their ids.
func readShard(spec string, replicas int) (cluster.Shard, error) {
	name, files, ok := strings.Cut(spec, "=")
	if !ok || name == "" || files == "" {
		return cluster.Shard{}, fmt.Errorf("%w: --shard %q is not NAME=FILE+FILE (files joined by +)", errUsage, spec)
	}
	sh := cluster.Shard{Name: name, Replicas: replicas}
	for _, file := range strings.Split(files, "+") {
		snap, err := index.Open(file)
		if err != nil {
			return cluster.Shard{}, fmt.Errorf("--shard %s: %w", name, err)
		}
		sh.Regions = append(sh.Regions, api.RegionID(snap))
		sh.Snapshots = append(sh.Snapshots, file)
		snap.Close()
	}
	return sh, nil
}

func shardNote(shard string) string {
	if shard == "" {
		return ""
	}
	return " (shard " + shard + ")"
}
