package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/config"
	"github.com/skillcircle/skillcircle/internal/follow"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", stderr)
	cf := config.RegisterFlags(fl)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments (got %q)", errUsage, fl.Args())
	}
	cfg, err := cf.Load(os.LookupEnv)
	if err != nil {
		return err
	}
	debug.SetGCPercent(cfg.Server.GCPercent)
	logs := newLogWriter(stderr, 200*time.Millisecond)
	defer logs.Close()
	logger := cfg.NewLogger(logs)
	start := time.Now()
	handler, paths, sources, err := newHandler(cfg, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		handler.Close()
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.Server.ReadHeaderTimeout,
		ReadTimeout:       cfg.Server.ReadTimeout,
		WriteTimeout:      cfg.Server.WriteTimeout,
		IdleTimeout:       cfg.Server.IdleTimeout,
		MaxHeaderBytes:    cfg.Server.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	for i, src := range sources {
		snap := src.Snapshot
		meta := snap.Meta()
		fmt.Fprintf(stdout, "serving %s (%d courses at %d sites, built %s, checksum %.12s) as region %s on http://%s (ready in %d ms)\n",
			paths[i], meta.Counts.Courses, meta.Counts.Sites, meta.BuiltAt.Format(time.RFC3339), snap.Checksum(),
			api.RegionID(snap), ln.Addr(), time.Since(start).Milliseconds())
	}

	defer reloadOnHangup(ctx, handler, cfg.Admin.ReloadTimeout)()

	for i, src := range sources {
		if cfg.Server.Follow == "" {
			break
		}
		if err := startFollowing(ctx, cfg, followSource(cfg.Server.Follow, paths), paths[i], api.RegionID(src.Snapshot), handler, logger); err != nil {
			handler.Close()
			return err
		}
	}

	if cfg.Debug.Pprof != "" {
		if err := servePprof(ctx, cfg.Debug.Pprof, logger); err != nil {
			handler.Close()
			return err
		}
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		handler.Close()
		return err
	case <-ctx.Done():
	}
	return shutDown(srv, handler, cfg, logger)
}

// newHandler opens the configured snapshots, one region each, and makes
// the API over them; it returns the files and the regions in the same order.
func newHandler(cfg *config.Config, logger *slog.Logger) (*api.Server, []string, []api.RegionSource, error) {
	paths, err := snapshotPaths(cfg.Snapshot)
	if err != nil {
		return nil, nil, nil, err
	}
	sources, err := openRegions(paths)
	if err != nil {
		return nil, nil, nil, err
	}
	var requestLog *slog.Logger
	if cfg.Log.Requests {
		requestLog = logger
	}
	allowedSites, _ := cfg.Web.AllowedOrigins() // checked by Load
	handler, err := api.NewRegions(sources, api.Options{
		Logger: logger, RequestLog: requestLog, Limits: cfg.Limits, Elsewhere: otherShardsRegions(cfg),
		AdminToken: cfg.Admin.Token, ReloadTimeout: cfg.Admin.ReloadTimeout, AllowedOrigins: allowedSites,
		AnswerCacheBytes: int64(cfg.Server.AnswerCacheMB) << 20,
	})
	if err == nil {
		err = checkShard(cfg, sources)
	}
	if err != nil {
		for _, src := range sources {
			src.Snapshot.Close()
		}
		return nil, nil, nil, err
	}
	return handler, paths, sources, nil
}

// snapshotPaths are the files to serve: each one named, and the *.db
// files of each directory named, in order.
func snapshotPaths(names []string) ([]string, error) {
	var out []string
	for _, name := range names {
		fi, err := os.Stat(name)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, name)
			continue
		}
		dbs, err := filepath.Glob(filepath.Join(name, "*.db"))
		if err != nil {
			return nil, err
		}
		if len(dbs) == 0 {
			return nil, fmt.Errorf("snapshot: %s holds no *.db snapshot", name)
		}
		sort.Strings(dbs)
		out = append(out, dbs...)
	}
	return out, nil
}

// openRegions opens each snapshot as one region, which reloads from its
// own file.
func openRegions(paths []string) ([]api.RegionSource, error) {
	var out []api.RegionSource
	for _, path := range paths {
		snap, err := index.Open(path)
		if err != nil {
			for _, src := range out {
				src.Snapshot.Close()
			}
			return nil, err
		}
		out = append(out, api.RegionSource{Snapshot: snap,
			Open: func(context.Context) (*index.Snapshot, error) { return index.Open(path) }})
	}
	return out, nil
}

// checkShard refuses to serve other regions than the configured shard's
// (cluster.shard in cluster.shards), when one is named.
func checkShard(cfg *config.Config, sources []api.RegionSource) error {
	if cfg.Cluster.Shard == "" {
		return nil
	}
	shards, _ := cfg.Cluster.ShardMap() // checked by Load
	shard, _ := config.FindShard(shards, cfg.Cluster.Shard)
	var have []string
	for _, src := range sources {
		have = append(have, api.RegionID(src.Snapshot))
	}
	want := slices.Sorted(slices.Values(shard.Regions))
	if slices.Sort(have); !slices.Equal(have, want) {
		return fmt.Errorf("cluster.shard: shard %s holds %s, but the snapshots are of %s",
			shard.Name, strings.Join(want, ", "), strings.Join(have, ", "))
	}
	return nil
}

// otherShardsRegions are the regions the other shards of cluster.shards
// serve, when this replica names its shard: a point in one of them is not
// this replica's to answer.
func otherShardsRegions(cfg *config.Config) []string {
	if cfg.Cluster.Shard == "" {
		return nil
	}
	shards, _ := cfg.Cluster.ShardMap() // checked by Load
	var out []string
	for _, sh := range shards {
		if sh.Name != cfg.Cluster.Shard {
			out = append(out, sh.Regions...)
		}
	}
	return out
}

// followSource is where a region's published snapshot is: server.follow
// itself with one snapshot; with several, the file of the same name in the
// directory (URL or path) server.follow names.
func followSource(follow string, paths []string) func(path string) string {
	return func(path string) string {
		if len(paths) == 1 {
			return follow
		}
		return strings.TrimSuffix(follow, "/") + "/" + filepath.Base(path)
	}
}

// reloadOnHangup reloads every region's snapshot on SIGHUP, as POST
// /admin/reload does, until ctx ends; the function it returns stops
// listening.
func reloadOnHangup(ctx context.Context, handler *api.Server, timeout time.Duration) func() {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				rctx, cancel := context.WithTimeout(ctx, timeout)
				handler.ReloadAll(rctx) // logs what it did
				cancel()
			}
		}
	}()
	return func() { signal.Stop(hup) }
}

// shutDown is the graceful end: say we are not ready, let load balancers
// notice, stop accepting, and finish what is in flight.
func shutDown(srv *http.Server, handler *api.Server, cfg *config.Config, logger *slog.Logger) error {
	handler.Drain()
	logger.Info("shutting down", "drain_delay", cfg.Server.DrainDelay.String(), "shutdown_timeout", cfg.Server.ShutdownTimeout.String())
	time.Sleep(cfg.Server.DrainDelay)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.Server.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// Requests still running use the snapshot: leave it to the exit.
		return fmt.Errorf("shutdown: %w (requests still in flight were cut off)", err)
	}
	if err := handler.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("shut down")
	return nil
}

// startFollowing polls a region's published snapshot until ctx ends,
// swapping it in with the reload SIGHUP uses, for that region alone.
func startFollowing(ctx context.Context, cfg *config.Config, source func(string) string, path, region string, handler *api.Server, logger *slog.Logger) error {
	f, err := follow.New(follow.Options{
		Source: source(path), Target: path, Interval: cfg.Server.FollowInterval, Logger: logger.With("region", region),
		Reload: func(ctx context.Context) error {
			rctx, cancel := context.WithTimeout(ctx, cfg.Admin.ReloadTimeout)
			defer cancel()
			_, err := handler.ReloadRegion(rctx, region)
			return err
		},
		Count: func(r follow.Result) { handler.CountFollow(region, string(r)) },
	})
	if err != nil {
		return err
	}
	logger.Info("following", "region", region, "source", source(path), "interval", cfg.Server.FollowInterval.String(), "serving_sha256", f.Served())
	go f.Run(ctx)
	return nil
}

// servePprof serves Go's profiler on its own listener, apart from the API
// (so that neither its routes nor its limits apply to it), until ctx ends.
func servePprof(ctx context.Context, addr string, logger *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("debug.pprof: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	logger.Info("profiler listening", "addr", ln.Addr().String())
	return nil
}

// runConfig prints the configuration serve would run with.
func runConfig(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("config", stderr)
	defaults := fl.Bool("defaults", false, "print the built-in defaults, ignoring files, environment and flags")
	cf := config.RegisterFlags(fl)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("%w: config takes no arguments (got %q)", errUsage, fl.Args())
	}
	c := config.Default()
	if !*defaults {
		loaded, err := cf.Load(os.LookupEnv)
		if err != nil {
			return err
		}
		c = *loaded
	}
	return config.Write(stdout, &c)
}
