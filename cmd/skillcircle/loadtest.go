package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

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
	snap, err := index.Open(*path)
	if err != nil {
		return err
	}
	mix := loadtest.NewMix(snap, *seed, 20_000)
	snap.Close()

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
	return loadtest.Run(ctx, stdout, base, mix, opts)
}
