package osm

import (
	"bufio"
	"cmp"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
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
	// Clip, when not nil, keeps only the nodes inside it and the parts of
	// ways between them (see the package documentation), so that a
	// province or country file can be given as downloaded.
	Clip *Clip
}

// Stats describes an import.
type Stats struct {
	File   string
	Format Format
	Bytes  int64  // file size
	SHA256 string // of the file's bytes, hex: to tell whether a snapshot is stale

	WaysRead     int64 // ways in the file
	RoutableWays int64 // of those, ways some mode may use
	NodesRead    int64 // nodes in the file
	// With a Clip: the nodes inside it, the routable ways with at least
	// one segment inside it, and of those the ways cut at its edge.
	NodesInClip, WaysInClip, WaysCut int64
	route.BuildStats

	Bound orb.Bound // of the network's nodes

	WaysPass, NodesPass, BuildTime, Total time.Duration // phase durations
}

// Import reads an OpenStreetMap file (PBF, or XML plain, bzip2 or gzip
// compressed, by its name) into a route.Network. It streams the file twice.
// Without a clip: first the ways, keeping the node ids that routable ways
// use, then the nodes, keeping only those positions; memory grows with the
// routable part of the file, not with the file. With opts.Clip: first the
// nodes, keeping the positions of those inside the clip, then the ways,
// keeping their runs of inside nodes; memory grows with the part of the
// file inside the clip. Cancelling ctx stops it with ctx's error. Errors
// name the file and, for XML, what is wrong where.
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
	im := &importer{path: path, format: format, opts: opts, st: &st, b: route.NewBuilder()}
	if opts.Clip != nil {
		err = im.clipped(ctx)
	} else {
		err = im.whole(ctx)
	}
	if err != nil {
		return nil, st, err
	}

	t := time.Now()
	net, bs, err := im.b.Build()
	st.BuildStats = bs
	if err != nil {
		return nil, st, fmt.Errorf("osm: %s: %w", path, err)
	}
	st.BuildTime = time.Since(t)
	st.Bound = net.Bound()
	st.Total = time.Since(start)
	if net.NumNodes() == 0 {
		where := ""
		if opts.Clip != nil {
			where = fmt.Sprintf(" inside the clip (%d of %d nodes inside)", st.NodesInClip, st.NodesRead)
		}
		return nil, st, fmt.Errorf("%w in %s%s (%d ways read)", ErrNoRoads, path, where, st.WaysRead)
	}
	return net, st, nil
}

// importer is one Import's state: the file, the builder fed, the counts.
type importer struct {
	path   string
	format Format
	opts   Options
	st     *Stats
	b      *route.Builder

	nodesRead, waysRead, routable atomic.Int64 // counted on the decoder's goroutines
	ids                           []int64      // reused for each way's node ids
}

// whole imports the file without a clip: ways first, then the positions of
// the nodes they use.
func (im *importer) whole(ctx context.Context) error {
	t := time.Now()
	sum := sha256.New()
	if err := im.scan(ctx, im.ways(nil), sum, im.addWay); err != nil {
		return err
	}
	im.st.SHA256 = hex.EncodeToString(sum.Sum(nil))
	im.st.WaysPass = time.Since(t)
	im.b.EndWays()

	t = time.Now()
	addNode := func(o osm.Object) error {
		n := o.(*osm.Node)
		im.b.AddNode(int64(n.ID), orb.Point{n.Lon, n.Lat})
		return nil
	}
	wanted := func(n *osm.Node) bool { return im.b.NodeWanted(int64(n.ID)) }
	if err := im.scan(ctx, im.nodes(wanted), nil, addNode); err != nil {
		return err
	}
	im.st.NodesPass = time.Since(t)
	im.countReads()
	return nil
}

// clipped imports the part of the file inside opts.Clip: the nodes inside
// it first (their positions kept), then the runs of those nodes along each
// routable way.
func (im *importer) clipped(ctx context.Context) error {
	t := time.Now()
	clip := im.opts.Clip
	var inside insideNodes
	keep := func(n *osm.Node) bool { return clip.Contains(orb.Point{n.Lon, n.Lat}) }
	addNode := func(o osm.Object) error {
		inside.add(o.(*osm.Node))
		return nil
	}
	sum := sha256.New()
	if err := im.scan(ctx, im.nodes(keep), sum, addNode); err != nil {
		return err
	}
	im.st.SHA256 = hex.EncodeToString(sum.Sum(nil))
	im.st.NodesPass = time.Since(t)
	inside.sort()
	im.st.NodesInClip = int64(len(inside.ids))

	t = time.Now()
	addRuns := func(o osm.Object) error {
		w := o.(*osm.Way)
		a := route.Classify(w.Tags)
		runs, cut := 0, false
		im.ids = im.ids[:0]
		flush := func() error {
			if len(im.ids) >= 2 {
				runs++
				if _, err := im.b.AddWayAccess(im.ids, a); err != nil {
					return err
				}
			}
			im.ids = im.ids[:0]
			return nil
		}
		for _, n := range w.Nodes {
			if !inside.has(int64(n.ID)) {
				cut = true
				if err := flush(); err != nil {
					return err
				}
				continue
			}
			im.ids = append(im.ids, int64(n.ID))
		}
		if err := flush(); err != nil {
			return err
		}
		if runs > 0 {
			im.st.WaysInClip++
			if cut {
				im.st.WaysCut++
			}
		}
		return nil
	}
	touches := func(w *osm.Way) bool { // on the decoder's goroutines: inside is read-only now
		return slices.ContainsFunc(w.Nodes, func(n osm.WayNode) bool { return inside.has(int64(n.ID)) })
	}
	if err := im.scan(ctx, im.ways(touches), nil, addRuns); err != nil {
		return err
	}
	im.st.WaysPass = time.Since(t)
	for i, id := range inside.ids {
		im.b.AddNode(id, orb.Point{float64(inside.lon[i]) / 1e7, float64(inside.lat[i]) / 1e7})
	}
	im.countReads()
	return nil
}

func (im *importer) countReads() {
	im.st.NodesRead, im.st.WaysRead, im.st.RoutableWays = im.nodesRead.Load(), im.waysRead.Load(), im.routable.Load()
}

// addWay adds a routable way whole.
func (im *importer) addWay(o osm.Object) error {
	w := o.(*osm.Way)
	im.ids = im.ids[:0]
	for _, n := range w.Nodes {
		im.ids = append(im.ids, int64(n.ID))
	}
	_, err := im.b.AddWayAccess(im.ids, route.Classify(w.Tags))
	return err
}

// insideNodes are the nodes inside a clip, by ascending id, with their
// positions at 1e-7 degree.
type insideNodes struct {
	ids      []int64
	lat, lon []int32
}

func (in *insideNodes) add(n *osm.Node) {
	in.ids = append(in.ids, int64(n.ID))
	in.lat = append(in.lat, int32(math.Round(n.Lat*1e7)))
	in.lon = append(in.lon, int32(math.Round(n.Lon*1e7)))
}

// sort orders the nodes by id: files are usually sorted already (osmium
// and Geofabrik write them so), and then this only checks.
func (in *insideNodes) sort() {
	if slices.IsSorted(in.ids) {
		return
	}
	perm := make([]int32, len(in.ids))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int { return cmp.Compare(in.ids[a], in.ids[b]) })
	ids, lat, lon := make([]int64, len(perm)), make([]int32, len(perm)), make([]int32, len(perm))
	for i, j := range perm {
		ids[i], lat[i], lon[i] = in.ids[j], in.lat[j], in.lon[j]
	}
	in.ids, in.lat, in.lon = ids, lat, lon
}

func (in *insideNodes) has(id int64) bool {
	_, ok := slices.BinarySearch(in.ids, id)
	return ok
}

// pass is one read of the file: its name (for progress and errors), and
// which objects reach the pass's function: the ways some mode may use, or
// the nodes keepNode accepts. The filters run on the PBF decoder's
// goroutines and count what they see.
type pass struct {
	name     string
	ways     bool
	keepWay  func(*osm.Way) bool
	keepNode func(*osm.Node) bool
}

// ways is a pass over the routable ways (keep, when not nil, further
// filters them).
func (im *importer) ways(keep func(*osm.Way) bool) pass {
	return pass{name: "ways", ways: true, keepWay: func(w *osm.Way) bool {
		im.waysRead.Add(1)
		if !route.Classify(w.Tags).Routable() {
			return false
		}
		im.routable.Add(1)
		return keep == nil || keep(w)
	}}
}

// nodes is a pass over the nodes keep accepts.
func (im *importer) nodes(keep func(*osm.Node) bool) pass {
	return pass{name: "nodes", keepNode: func(n *osm.Node) bool {
		im.nodesRead.Add(1)
		return keep(n)
	}}
}

// scan streams one pass over the file, calling f for every object the pass
// keeps; sum, when not nil, is fed every byte of the file.
func (im *importer) scan(ctx context.Context, p pass, sum hash.Hash, f func(osm.Object) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	file, err := os.Open(im.path)
	if err != nil {
		return fmt.Errorf("osm: %w", err)
	}
	defer file.Close()
	var r io.Reader = file
	if sum != nil {
		r = io.TeeReader(file, sum)
	}
	cr := &countingReader{r: r}
	stop := startProgress(im.opts.Progress, filepath.Base(im.path), p.name, cr, im.st.Bytes)
	err = scanReader(ctx, cr, im.format, p, im.opts.Procs, f)
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
		return fmt.Errorf("osm: %s: %s pass: %w", im.path, p.name, err)
	}
	return nil
}

func scanReader(ctx context.Context, r io.Reader, format Format, p pass, procs int, f func(osm.Object) error) error {
	var s osm.Scanner
	filtered := false // whether the scanner applies the pass's filters itself
	switch format {
	case PBF:
		ps := osmpbf.New(ctx, r, procs)
		ps.SkipRelations = true
		if p.ways {
			ps.SkipNodes = true
			ps.FilterWay = p.keepWay
		} else {
			ps.SkipWays = true
			ps.FilterNode = p.keepNode
		}
		s, filtered = ps, true
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
		o := s.Object()
		switch o := o.(type) {
		case *osm.Way:
			if !p.ways || !filtered && !p.keepWay(o) {
				continue
			}
		case *osm.Node:
			if p.ways || !filtered && !p.keepNode(o) {
				continue
			}
		default:
			continue
		}
		if err := f(o); err != nil {
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
