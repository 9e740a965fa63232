package osm

import (
	"bufio"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"

	"github.com/skillcircle/skillcircle/geo/route"
)

// Errors returned by Import, wrapped with the file's name.
var (
	// ErrFormat is returned for a file whose name ends in none of .osm.pbf,
	// .pbf, .osm, .xml, .osm.bz2 or .osm.gz.
	ErrFormat = errors.New("osm: unknown file format")
	// ErrNoRoads is returned when the file holds no way that any mode may
	// travel (with positioned nodes).
	ErrNoRoads = errors.New("osm: no routable roads")
)

// Format is an OSM file format Import reads.
type Format string

// The formats, chosen from the file name.
const (
	PBF    Format = "pbf"     // .osm.pbf, .pbf
	XML    Format = "xml"     // .osm, .xml
	XMLBz2 Format = "xml.bz2" // .osm.bz2
	XMLGz  Format = "xml.gz"  // .osm.gz
)

// FormatOf returns the format a file name says, or ErrFormat.
func FormatOf(path string) (Format, error) {
	name := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(name, ".pbf"):
		return PBF, nil
	case strings.HasSuffix(name, ".osm"), strings.HasSuffix(name, ".xml"):
		return XML, nil
	case strings.HasSuffix(name, ".osm.bz2"), strings.HasSuffix(name, ".xml.bz2"):
		return XMLBz2, nil
	case strings.HasSuffix(name, ".osm.gz"), strings.HasSuffix(name, ".xml.gz"):
		return XMLGz, nil
	}
	return "", ErrFormat
}

// Options tune Import. The zero value is ready to use.
type Options struct {
	// Progress, when not nil, receives a one-line progress report (pass,
	// bytes read of the file's size) rewritten in place with "\r" at most
	// five times a second, and a final newline. Pass os.Stderr only when it
	// is a terminal.
	Progress io.Writer
	// Procs is the number of goroutines decoding PBF blocks; 0 means
	// runtime.GOMAXPROCS(0).
	Procs int
}

// Stats describes an import.
type Stats struct {
	File   string
	Format Format
	Bytes  int64  // file size
	SHA256 string // of the file's bytes, hex: to tell whether a snapshot is stale

	WaysRead  int64 // ways in the file
	NodesRead int64 // nodes in the file (for PBF: only those kept)
	route.BuildStats

	Bound orb.Bound // of the network's nodes

	WaysPass, NodesPass, BuildTime, Total time.Duration // phase durations
}

// Import reads an OpenStreetMap file (PBF, or XML plain, bzip2 or gzip
// compressed, by its name) into a route.Network. It streams the file twice:
// first the ways, keeping the node ids that routable ways use, then the
// nodes, keeping only those positions; memory grows with the routable part
// of the file, not with the file. Cancelling ctx stops it with ctx's error.
// Errors name the file and, for XML, what is wrong where.
func Import(ctx context.Context, path string, opts Options) (*route.Network, Stats, error) {
	start := time.Now()
	st := Stats{File: path}
	format, err := FormatOf(path)
	if err != nil {
		return nil, st, fmt.Errorf("%w: %s (want .osm.pbf, .osm, .osm.bz2 or .osm.gz)", err, path)
	}
	st.Format = format
	fi, err := os.Stat(path)
	if err != nil {
		return nil, st, fmt.Errorf("osm: %w", err)
	}
	st.Bytes = fi.Size()
	if opts.Procs <= 0 {
		opts.Procs = runtime.GOMAXPROCS(0)
	}

	b := route.NewBuilder()
	var ids []int64
	wayPass := func(o osm.Object) error {
		w, ok := o.(*osm.Way)
		if !ok {
			return nil
		}
		st.WaysRead++
		a := route.Classify(w.Tags)
		if !a.Routable() {
			return nil
		}
		ids = ids[:0]
		for _, n := range w.Nodes {
			ids = append(ids, int64(n.ID))
		}
		_, err := b.AddWayAccess(ids, a)
		return err
	}
	sum := sha256.New()
	if err := scan(ctx, path, format, "ways", opts, b, st.Bytes, sum, wayPass); err != nil {
		return nil, st, err
	}
	st.WaysPass = time.Since(start)
	st.SHA256 = hex.EncodeToString(sum.Sum(nil))

	b.EndWays()
	t := time.Now()
	nodePass := func(o osm.Object) error {
		n, ok := o.(*osm.Node)
		if !ok {
			return nil
		}
		st.NodesRead++
		b.AddNode(int64(n.ID), orb.Point{n.Lon, n.Lat})
		return nil
	}
	if err := scan(ctx, path, format, "nodes", opts, b, st.Bytes, nil, nodePass); err != nil {
		return nil, st, err
	}
	st.NodesPass = time.Since(t)

	t = time.Now()
	net, bs, err := b.Build()
	st.BuildStats = bs
	if err != nil {
		return nil, st, fmt.Errorf("osm: %s: %w", path, err)
	}
	st.BuildTime = time.Since(t)
	st.Bound = net.Bound()
	st.Total = time.Since(start)
	if net.NumNodes() == 0 {
		return nil, st, fmt.Errorf("%w in %s (%d ways read)", ErrNoRoads, path, st.WaysRead)
	}
	return net, st, nil
}

// scan streams one pass over the file, calling f for every object; sum,
// when not nil, is fed every byte of the file.
func scan(ctx context.Context, path string, format Format, pass string, opts Options,
	b *route.Builder, size int64, sum hash.Hash, f func(osm.Object) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("osm: %w", err)
	}
	defer file.Close()
	var r io.Reader = file
	if sum != nil {
		r = io.TeeReader(file, sum)
	}
	cr := &countingReader{r: r}
	stop := startProgress(opts.Progress, filepath.Base(path), pass, cr, size)
	err = scanReader(ctx, cr, format, pass, opts.Procs, b, f)
	if err == nil && sum != nil {
		// a scanner may stop before the end of the file (padding after
		// the last block): the checksum is of the whole file
		_, err = io.Copy(io.Discard, cr)
	}
	stop(err == nil)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return err
		}
		return fmt.Errorf("osm: %s: %s pass: %w", path, pass, err)
	}
	return nil
}

func scanReader(ctx context.Context, r io.Reader, format Format, pass string, procs int,
	b *route.Builder, f func(osm.Object) error) error {
	var s osm.Scanner
	switch format {
	case PBF:
		ps := osmpbf.New(ctx, r, procs)
		ps.SkipRelations = true
		if pass == "ways" {
			ps.SkipNodes = true
			ps.FilterWay = func(w *osm.Way) bool { return route.Classify(w.Tags).Routable() }
		} else {
			ps.SkipWays = true
			ps.FilterNode = func(n *osm.Node) bool { return b.NodeWanted(int64(n.ID)) }
		}
		s = ps
	case XML, XMLBz2, XMLGz:
		br := bufio.NewReaderSize(r, 1<<16)
		var xr io.Reader = br
		if format == XMLBz2 {
			xr = bzip2.NewReader(br)
		} else if format == XMLGz {
			gz, err := gzip.NewReader(br)
			if err != nil {
				return fmt.Errorf("gzip: %w", err)
			}
			defer gz.Close()
			xr = gz
		}
		s = osmxml.New(ctx, xr)
	default:
		return ErrFormat
	}
	defer s.Close()
	for s.Scan() {
		if err := f(s.Object()); err != nil {
			return err
		}
	}
	if err := s.Err(); err != nil {
		return err
	}
	// the XML scanner stops quietly on a cancelled context
	return ctx.Err()
}

// Checksum returns the SHA-256 of a file as Stats.SHA256 has it, without
// importing it: enough to tell whether a snapshot built from it is stale.
func Checksum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("osm: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("osm: %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
