// Command skillcircle builds course-reachability snapshots from a training
// catalogue, serves them over HTTP, and searches them from the shell.
//
//	skillcircle build    [--data DIR] [--out FILE] [--osm FILE] [--travel FILE]
//	                     [--skip-bad-rows] [--if-stale]
//	skillcircle serve    [--config FILE] [--snapshot FILE] [--addr 127.0.0.1:8080] [--allow-origins LIST]
//	                     [--SECTION.KEY VALUE ...]  (SIGHUP reloads the snapshot; every key of skillcircle.toml is a flag)
//	skillcircle config   [--config FILE] [--defaults]   print the configuration serve would use
//	skillcircle loadtest [--snapshot FILE] [--url URL] [--concurrency 8,32,128] [--duration 10s]
//	                     [--path PATH --baseline]   (one request beside a no-op echo server, A B A B)
//	skillcircle noop-echo [--addr 127.0.0.1:0]   (that baseline: echo answering 200 and nothing)
//	skillcircle cluster  [--snapshot FILE] [--replicas 3] [--addr 127.0.0.1:8090] [--follow URL]   (replicas behind HAProxy, on loopback)
//	skillcircle search   [--snapshot FILE] --near LNG,LAT [--crs wgs84|gcj02|bd09]
//	                     [--mode walk|bike|ebike|drive|transit] [--minutes 15] [--q TEXT] [--json]
//	skillcircle search   --address TEXT [--workplace TEXT] ...   (from home and/or work)
//	skillcircle geocode  [--snapshot FILE] [--crs ...] [--district CODE] [--json] TEXT
//	skillcircle reverse  [--snapshot FILE] [--crs ...] [--json] LNG,LAT
//	skillcircle validate DIR
//	skillcircle region   [--data DIR] [--margin 2000] [--geojson FILE]   (the region's outline, for osmium extract -p)
//	skillcircle gaps     [--snapshot FILE] [--mode walk] [--minutes 15] [--family F] [--trade T]
//	                     [--level L] [--district D] [--k 5] [--out DIR]   (coverage report)
//
// (The lines above are the usage it prints; a test holds them equal.)
// main only parses flags and configuration and wires packages together; the
// work is done in data (catalogue), index (snapshot and search), api (HTTP)
// and, for single commands, internal/config, internal/follow, internal/cluster,
// internal/loadtest and internal/planreport.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// errUsage marks a command-line mistake: the usage is printed, exit 2.
var errUsage = errors.New("usage")

// errReported means the command has already told the user what went wrong
// (validate's problem list); main only sets the exit status.
var errReported = errors.New("reported")

const usage = `skillcircle: which courses can I reach within N minutes?

Usage:
  skillcircle build    [--data DIR] [--out FILE] [--osm FILE] [--travel FILE]
                       [--skip-bad-rows] [--if-stale]
  skillcircle serve    [--config FILE] [--snapshot FILE] [--addr 127.0.0.1:8080] [--allow-origins LIST]
                       [--SECTION.KEY VALUE ...]  (SIGHUP reloads the snapshot; every key of skillcircle.toml is a flag)
  skillcircle config   [--config FILE] [--defaults]   print the configuration serve would use
  skillcircle loadtest [--snapshot FILE] [--url URL] [--concurrency 8,32,128] [--duration 10s]
                       [--path PATH --baseline]   (one request beside a no-op echo server, A B A B)
  skillcircle noop-echo [--addr 127.0.0.1:0]   (that baseline: echo answering 200 and nothing)
  skillcircle cluster  [--snapshot FILE] [--replicas 3] [--addr 127.0.0.1:8090] [--follow URL]   (replicas behind HAProxy, on loopback)
  skillcircle search   [--snapshot FILE] --near LNG,LAT [--crs wgs84|gcj02|bd09]
                       [--mode walk|bike|ebike|drive|transit] [--minutes 15] [--q TEXT] [--json]
  skillcircle search   --address TEXT [--workplace TEXT] ...   (from home and/or work)
  skillcircle geocode  [--snapshot FILE] [--crs ...] [--district CODE] [--json] TEXT
  skillcircle reverse  [--snapshot FILE] [--crs ...] [--json] LNG,LAT
  skillcircle validate DIR
  skillcircle region   [--data DIR] [--margin 2000] [--geojson FILE]   (the region's outline, for osmium extract -p)
  skillcircle gaps     [--snapshot FILE] [--mode walk] [--minutes 15] [--family F] [--trade T]
                       [--level L] [--district D] [--k 5] [--out DIR]   (coverage report)

Run "skillcircle COMMAND --help" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	case errors.Is(err, errReported):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "skillcircle:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "config":
		return runConfig(rest, stdout, stderr)
	case "loadtest":
		return runLoadtest(ctx, rest, stdout, stderr)
	case "noop-echo":
		return runNoopEcho(ctx, rest, stdout, stderr)
	case "cluster":
		return runCluster(ctx, rest, stdout, stderr)
	case "search":
		return runSearch(ctx, rest, stdout, stderr)
	case "validate":
		return runValidate(rest, stdout, stderr)
	case "gaps":
		return runGaps(ctx, rest, stdout, stderr)
	case "geocode":
		return runGeocode(ctx, rest, stdout, stderr)
	case "reverse":
		return runReverse(ctx, rest, stdout, stderr)
	case "region":
		return runRegion(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "skillcircle: unknown command %q\n", cmd)
	return errUsage
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("skillcircle "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
