package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"time"
)

// ServeNoop serves the baseline (api.NoopHandler) on addr until ctx ends,
// first printing to stdout the line StartServer reads ("... on
// http://ADDR").
func ServeNoop(ctx context.Context, addr string, noop http.Handler, stdout io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: noop, ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stdout, "serving a no-op echo handler on http://%s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// OnePath is a mix of one request, asked again and again: what the
// comparison with the baseline drives.
func OnePath(path string) *Mix {
	return &Mix{paths: []string{path}, clients: documentationClients(), kinds: map[string]int{"one": 1}}
}

// Compare drives the baseline (at baseline) and the server (at base) with
// mix, alternately, rounds times at each level (A B A B: on a shared
// machine the neighbours' load drifts, and alternating spreads it over
// both), and writes a line a run and each level's ratio of the medians.
// The baseline answers every path with nothing, so it is driven with the
// same paths.
func Compare(ctx context.Context, w io.Writer, baseline, base string, mix *Mix, o Options, rounds int) error {
	fmt.Fprintf(w, "%d rounds of the no-op echo baseline (A) and the server (B), %v each after %v of warm-up: %s\n",
		rounds, o.Duration, o.Warmup, mix.paths[0])
	fmt.Fprintf(w, "%-11s  %-8s  %9s  %7s  %7s  %6s  %13s\n", "connections", "run", "req/s", "p50 ms", "p99 ms", "errors", "server µs/req")
	var failed error
	for _, n := range o.Concurrency {
		var a, b []float64
		for r := 0; r < rounds && ctx.Err() == nil; r++ {
			for _, run := range []struct {
				name, url string
				pid       int
				into      *[]float64
			}{{"A no-op", baseline, o.BaselinePID, &a}, {"B server", base, o.ServerPID, &b}} {
				res := drive(ctx, run.url, mix, n, o.Warmup, o.Duration, run.pid)
				*run.into = append(*run.into, res.perSecond())
				fmt.Fprintf(w, "%-11d  %-8s  %9.0f  %7.2f  %7.2f  %6d  %13s\n", n, run.name, res.perSecond(),
					ms(res.percentile(0.5)), ms(res.percentile(0.99)), res.errors, perRequest(res.serverCPU, res.requests))
				if res.errors > 0 {
					failed = errors.Join(failed, fmt.Errorf("%s: %d errors at %d connections (first: %s)", run.name, res.errors, n, res.firstError))
				}
			}
		}
		if len(a) > 0 {
			fmt.Fprintf(w, "%-11d  ratio B/A of the medians: %.0f / %.0f = %.2f\n", n, median(b), median(a), median(b)/median(a))
		}
	}
	return failed
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
