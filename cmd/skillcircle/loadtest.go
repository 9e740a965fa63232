package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/loadtest"
)

// runLoadtest drives a server on loopback with a realistic mix of
// requests at several concurrency levels, each for a bounded time, and
// reports throughput, latency percentiles and errors. Without --url it
// starts `skillcircle serve` itself (this binary, the given snapshot and
// configuration) and stops it afterwards.
func runLoadtest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("loadtest", stderr)
	path := fl.String("snapshot", defaultSnapshot, "snapshot the requests are drawn from (and, without --url, served)")
	target := fl.String("url", "", "base URL of a running server on this machine (default: start one)")
	config := fl.String("config", "", "configuration file for the server it starts")
	levels := fl.String("concurrency", "8,32,128", "comma-separated numbers of connections, each sending requests back to back")
	duration := fl.Duration("duration", 10*time.Second, "how long each level is measured")
	warmup := fl.Duration("warmup", 2*time.Second, "how long each level runs before it is measured")
	seed := fl.Uint64("seed", 1, "seed of the request mix")
	serverLog := fl.String("server-log", os.DevNull, "file for the started server's log (its request log included)")
	one := fl.String("path", "", "drive this one request (e.g. '/v1/search?lat=29.87&lng=121.55&q=数控') instead of the mix")
	baseline := fl.Bool("baseline", false, "also start a no-op echo server and drive both alternately (A B A B, --rounds times), printing the ratio")
	rounds := fl.Int("rounds", 2, "with --baseline, how many times each is driven at each level")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	conc, err := loadtest.ParseConcurrency(*levels)
	if err != nil {
		return err
	}
	if *duration <= 0 || *duration > 10*time.Minute || *warmup < 0 {
		return fmt.Errorf("--duration must be within (0, 10m] and --warmup not negative")
	}
	if *rounds < 1 || *rounds > 20 {
		return fmt.Errorf("--rounds: %d is outside 1..20", *rounds)
	}
	if *one != "" && !strings.HasPrefix(*one, "/") {
		return fmt.Errorf("--path %q: a path on the server, starting with /", *one)
	}
	mix, err := requestMix(*path, *one, *seed)
	if err != nil {
		return err
	}

	opts := loadtest.Options{Concurrency: conc, Warmup: *warmup, Duration: *duration}
	base := *target
	if base == "" {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		serveArgs := []string{"serve", "--snapshot", *path, "--addr", "127.0.0.1:0"}
		if *config != "" {
			serveArgs = append(serveArgs, "--config", *config)
		}
		var stop func() error
		base, opts.ServerPID, stop, err = loadtest.StartServer(self, serveArgs, *serverLog)
		if err != nil {
			return err
		}
		defer func() {
			if err := stop(); err != nil {
				fmt.Fprintln(stderr, "stopping the server:", err)
			}
		}()
	}
	if !*baseline {
		return loadtest.Run(ctx, stdout, base, mix, opts)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	noop, pid, stop, err := loadtest.StartServer(self, []string{"noop-echo", "--addr", "127.0.0.1:0"}, os.DevNull)
	if err != nil {
		return err
	}
	defer stop()
	opts.BaselinePID = pid
	return loadtest.Compare(ctx, stdout, noop, base, mix, opts, *rounds)
}

// requestMix is the one request asked for, or the seeded mix drawn from
// the snapshot.
func requestMix(snapshot, one string, seed uint64) (*loadtest.Mix, error) {
	if one != "" {
		return loadtest.OnePath(one), nil
	}
	snap, err := index.Open(snapshot)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	return loadtest.NewMix(snap, seed, 20_000), nil
}

// runNoopEcho serves the load test's baseline (loadtest.NoopHandler) until
// interrupted; loadtest --baseline starts it.
func runNoopEcho(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("noop-echo", stderr)
	addr := fl.String("addr", "127.0.0.1:0", "address to listen on")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	return loadtest.ServeNoop(ctx, *addr, api.NoopHandler(), stdout)
}
