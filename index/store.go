package index

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	h3 "github.com/uber/h3-go/v4"
	bolt "go.etcd.io/bbolt"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/transit"
	"github.com/skillcircle/skillcircle/index/geocode"
	"github.com/skillcircle/skillcircle/index/text"
)

// The snapshot file is a bbolt database with one bucket per record type,
// records keyed by their position (4-byte big-endian) so that they come
// back in catalogue order, courses in a binary encoding (coursecodec.go)
// and the other records as JSON; "cells" maps an H3 cell to the sites in it;
// "text" holds the files of the bleve index; "meta" holds Meta and a
// checksum of everything else, checked on every Open.
var (
	bucketMeta         = []byte("meta")
	bucketDistricts    = []byte("districts")
	bucketTownships    = []byte("townships")
	bucketInstitutions = []byte("institutions")
	bucketSites        = []byte("sites")
	bucketCourses      = []byte("courses")
	bucketEnterprises  = []byte("enterprises")
	bucketDemand       = []byte("demand")
	bucketStations     = []byte("stations")
	bucketGazetteer    = []byte("gazetteer")
	bucketTravel       = []byte("travel")
	bucketCells        = []byte("cells")
	bucketText         = []byte("text")
	bucketPopulation   = []byte("population")

	// contentBuckets are checksummed, in this order.
	contentBuckets = [][]byte{bucketDistricts, bucketTownships, bucketInstitutions, bucketSites,
		bucketCourses, bucketEnterprises, bucketDemand, bucketCells, bucketText, bucketStations, bucketPopulation, bucketGazetteer, bucketTravel}

	keyMeta     = []byte("meta")
	keyChecksum = []byte("checksum")
)

// storedDistrict carries a district's boundary, which data.District keeps
// out of its JSON form.
type storedDistrict struct {
	data.District
	Boundary *geojson.Geometry `json:"boundary"`
}

// BuildOptions control how a snapshot is built.
type BuildOptions struct {
	// TravelModels are the estimated-travel parameters stored with the
	// snapshot and used by every search on it. Nil means the defaults.
	TravelModels geo.TravelModels
	// SourceChecksum identifies the catalogue the snapshot is built from
	// (data.Report.Checksum); `make run` compares it to decide staleness.
	SourceChecksum string
	// Skipped is how many bad rows the catalogue load dropped.
	Skipped int
	// Now stamps the build time; nil means time.Now.
	Now func() time.Time
	// Population is a population grid (data.ReadPopulationGrid) from the
	// file PopulationFile; nil means the population model.
	Population     []data.PopulationCell
	PopulationFile string

	// Network, when not nil, is the road network (see data/osm.Import)
	// that travel times come from wherever it covers (see travel.go);
	// NetworkSource and NetworkChecksum name its file.
	Network                        *route.Network
	NetworkSource, NetworkChecksum string
	// Transit holds the transit mode's assumptions; nil means
	// transit.DefaultOptions. Its walk speed and detour are always the
	// walk model's.
	Transit *transit.Options
	// Progress, when not nil, is told how the network's travel-time
	// tables advance (searches done of total); it is called from one
	// goroutine at a time.
	Progress func(done, total int)
}

// Build writes a snapshot of cat to path. It writes to a temporary file in
// the same directory and renames it into place only when complete, so a
// failed or interrupted build leaves any previous snapshot at path intact.
func Build(ctx context.Context, path string, cat *data.Catalogue, opts BuildOptions) (Meta, error) {
	models := opts.TravelModels
	if models == nil {
		models = geo.DefaultTravelModels()
	}
	if err := models.Validate(); err != nil {
		return Meta{}, fmt.Errorf("index: travel models: %w", err)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	transitOpts, err := transitOptions(opts.Transit, models)
	if err != nil {
		return Meta{}, err
	}
	meta := Meta{
		Transit:        transitOpts,
		FormatVersion:  FormatVersion,
		Region:         cat.Region,
		SourceChecksum: opts.SourceChecksum,
		BuiltAt:        now().UTC().Truncate(time.Second),
		TravelModels:   models,
		SiteResolution: SiteResolution,
		Skipped:        opts.Skipped,
		Counts: Counts{
			Districts: len(cat.Districts), Townships: len(cat.Townships), Institutions: len(cat.Institutions),
			Sites: len(cat.Sites), Courses: len(cat.Courses), Enterprises: len(cat.Enterprises), Demand: len(cat.Demand),
			Stations: len(cat.Stations),
		},
	}

	pop, popSource, err := buildPopulation(cat, opts.Population, opts.PopulationFile)
	if err != nil {
		return Meta{}, err
	}
	meta.Population = popSource

	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// Everything is written in a private locked directory beside the target
	// (the rename below must not cross file systems); builds killed before
	// they finished left theirs behind, and this one removes them.
	removeStale(dir, "."+base+".building-*")
	work, err := newWorkDir(dir, "."+base+".building-*")
	if err != nil {
		return Meta{}, fmt.Errorf("index: creating the snapshot: %w", err)
	}
	defer work.remove()
	tmpPath := filepath.Join(work.path, "snapshot.db")
	textDir := filepath.Join(work.path, "text")

	roads, err := prepareRoads(ctx, cat, models, opts)
	if err != nil {
		return Meta{}, err
	}
	if roads != nil {
		meta.Network = &roads.info
	}
	if err := buildText(ctx, textDir, cat); err != nil {
		return Meta{}, err
	}
	textBytes, err := dirSize(textDir)
	if err != nil {
		return Meta{}, fmt.Errorf("index: reading the text index: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return Meta{}, err
	}

	// Mapping the file large enough from the start spares bbolt remapping
	// it as it grows, each time copying every page written so far onto the
	// heap: at a hundred times the default catalogue that doubled the
	// build's memory.
	db, err := bolt.Open(tmpPath, 0o644, &bolt.Options{Timeout: time.Second, NoFreelistSync: true,
		InitialMmapSize: snapshotSizeHint(cat, textBytes) + 5*roads.blobBytes()/4})
	if err != nil {
		return Meta{}, fmt.Errorf("index: creating the snapshot: %w", err)
	}
	err = writeSnapshot(ctx, db, cat, meta, textDir, pop, roads)
	var size int64 // of the pages written: bbolt grows the file ahead of them
	if err == nil {
		err = db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	}
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Truncate(tmpPath, size)
	}
	if err != nil {
		return Meta{}, fmt.Errorf("index: writing the snapshot: %w", err)
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return Meta{}, fmt.Errorf("index: publishing the snapshot: %w", err)
	}
	syncDir(dir)
	return meta, nil
}

// snapshotSizeHint is a generous guess at the size of the snapshot file:
// twice the text index and about 2 KiB a record.
func snapshotSizeHint(cat *data.Catalogue, textBytes int) int {
	return 2<<10*(len(cat.Courses)+len(cat.Sites)+len(cat.Institutions)+len(cat.Enterprises)+len(cat.Demand)) + 2*textBytes
}

// dirSize is the size of the files under dir.
func dirSize(dir string) (int, error) {
	size := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			size += int(info.Size())
		}
		return err
	})
	return size, err
}

// syncDir makes a rename durable. Failure only weakens durability after a
// power cut, so it is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// writeSnapshot writes every bucket of a new snapshot and last the
// metadata with the checksum of the content. It takes two transactions,
// the records then the text index and the rest: bbolt holds what a
// transaction writes in memory until it commits, and at a hundred times
// the default catalogue the courses and the text index together were most
// of the build's peak memory.
func writeSnapshot(ctx context.Context, db *bolt.DB, cat *data.Catalogue, meta Meta, textDir string, pop []popCell, roads *roadBuild) error {
	sum := contentChecksum{h: sha256.New()}
	err := db.Update(func(tx *bolt.Tx) error {
		if err := writeRecords(ctx, tx, cat); err != nil {
			return err
		}
		if err := writeCells(tx, cat.Sites); err != nil {
			return err
		}
		return sum.add(tx)
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.Update(func(tx *bolt.Tx) error {
		if err := writeRoads(tx, roads); err != nil {
			return err
		}
		textFiles, err := packDir(textDir)
		if err != nil {
			return fmt.Errorf("index: reading the text index: %w", err)
		}
		if err := writeText(tx, textFiles); err != nil {
			return err
		}
		if err := writePopulation(tx, pop); err != nil {
			return err
		}
		if err := sum.add(tx); err != nil {
			return err
		}
		return writeMeta(tx, meta, sum)
	})
}

// contentChecksum is the SHA-256 of the content buckets, in their order,
// taken a transaction at a time: while a transaction is open, what it
// wrote is still in memory and hashing it reads no page from the file.
type contentChecksum struct {
	h    hash.Hash
	next int // the first of contentBuckets not hashed yet
}

// add hashes the content buckets that follow those already hashed, as
// far as tx has them.
func (c *contentChecksum) add(tx *bolt.Tx) error {
	for ; c.next < len(contentBuckets); c.next++ {
		b := tx.Bucket(contentBuckets[c.next])
		if b == nil {
			return nil
		}
		if err := hashBucket(c.h, b); err != nil {
			return err
		}
	}
	return nil
}

// writeRecords writes the catalogue's records and the gazetteer, a bucket
// per record type, each record under its sequence number: courses in
// their binary encoding, the others as JSON.
func writeRecords(ctx context.Context, tx *bolt.Tx, cat *data.Catalogue) error {
	districts := make([]storedDistrict, len(cat.Districts))
	for i, d := range cat.Districts {
		districts[i] = storedDistrict{District: d, Boundary: geojson.NewGeometry(d.Boundary)}
	}
	gazetteer, err := gazetteerEntries(cat)
	if err != nil {
		return err
	}
	steps := []struct {
		bucket []byte
		n      int
		record func(i int) any
	}{
		{bucketDistricts, len(districts), func(i int) any { return districts[i] }},
		{bucketTownships, len(cat.Townships), func(i int) any { return cat.Townships[i] }},
		{bucketInstitutions, len(cat.Institutions), func(i int) any { return cat.Institutions[i] }},
		{bucketSites, len(cat.Sites), func(i int) any { return cat.Sites[i] }},
		{bucketEnterprises, len(cat.Enterprises), func(i int) any { return cat.Enterprises[i] }},
		{bucketDemand, len(cat.Demand), func(i int) any { return cat.Demand[i] }},
		{bucketStations, len(cat.Stations), func(i int) any { return cat.Stations[i] }},
		{bucketGazetteer, len(gazetteer), func(i int) any { return gazetteer[i] }},
	}
	if err := writeCourses(tx, cat.Courses); err != nil {
		return err
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := tx.CreateBucket(step.bucket)
		if err != nil {
			return err
		}
		b.FillPercent = 1 // written once, in key order
		for i := 0; i < step.n; i++ {
			v, err := json.Marshal(step.record(i))
			if err != nil {
				return err
			}
			if err := b.Put(seqKey(i), v); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCourses writes the courses, each in its binary encoding
// (coursecodec.go) under its sequence number.
func writeCourses(tx *bolt.Tx, courses []data.Course) error {
	b, err := tx.CreateBucket(bucketCourses)
	if err != nil {
		return err
	}
	b.FillPercent = 1 // written once, in key order
	for i := range courses {
		v, err := encodeCourse(nil, &courses[i]) // bbolt keeps v until the commit
		if err != nil {
			return err
		}
		if err := b.Put(seqKey(i), v); err != nil {
			return err
		}
	}
	return nil
}

// writeCells writes the site index: the ids of the sites in each H3 cell
// (SiteResolution).
func writeCells(tx *bolt.Tx, sites []data.Site) error {
	cells := map[h3.Cell][]string{}
	for _, s := range sites {
		c := geo.Cell(s.Location, SiteResolution)
		cells[c] = append(cells[c], s.ID)
	}
	cb, err := tx.CreateBucket(bucketCells)
	if err != nil {
		return err
	}
	for c, ids := range cells {
		v, _ := json.Marshal(ids)
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], uint64(c))
		if err := cb.Put(k[:], v); err != nil {
			return err
		}
	}
	return nil
}

// writeText writes the bleve index's files.
func writeText(tx *bolt.Tx, textFiles map[string][]byte) error {
	tb, err := tx.CreateBucket(bucketText)
	if err != nil {
		return err
	}
	for name, content := range textFiles {
		if err := tb.Put([]byte(name), content); err != nil {
			return err
		}
	}
	return nil
}

// writePopulation writes the populated cells, by cell.
func writePopulation(tx *bolt.Tx, pop []popCell) error {
	pb, err := tx.CreateBucket(bucketPopulation)
	if err != nil {
		return err
	}
	for _, pc := range pop {
		v, _ := json.Marshal(pc)
		if err := pb.Put(cellKey(pc.Cell), v); err != nil {
			return err
		}
	}
	return nil
}

// writeMeta writes the metadata and the SHA-256 of every content bucket,
// which Open checks.
func writeMeta(tx *bolt.Tx, meta Meta, sum contentChecksum) error {
	if sum.next < len(contentBuckets) {
		return fmt.Errorf("index: bucket %s missing from the checksum", contentBuckets[sum.next])
	}
	mb, err := tx.CreateBucket(bucketMeta)
	if err != nil {
		return err
	}
	mv, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	if err := mb.Put(keyMeta, mv); err != nil {
		return err
	}
	return mb.Put(keyChecksum, []byte(hex.EncodeToString(sum.h.Sum(nil))))
}

func cellKey(c h3.Cell) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(c))
	return k[:]
}

func seqKey(i int) []byte {
	var k [4]byte
	binary.BigEndian.PutUint32(k[:], uint32(i))
	return k[:]
}

func hashBucket(h hash.Hash, b *bolt.Bucket) error {
	if b == nil {
		return errors.New("missing bucket")
	}
	return b.ForEach(func(k, v []byte) error {
		var n [8]byte
		binary.BigEndian.PutUint32(n[:4], uint32(len(k)))
		binary.BigEndian.PutUint32(n[4:], uint32(len(v)))
		h.Write(n[:])
		h.Write(k)
		h.Write(v)
		return nil
	})
}

// Open opens a snapshot read-only and loads it into memory. A file of
// another format version gives ErrFormat; a truncated, damaged or foreign
// file gives ErrCorrupt; neither ever crashes the caller.
func Open(path string) (*Snapshot, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("index: no snapshot at %s (run `skillcircle build` first): %w", path, err)
		}
		return nil, fmt.Errorf("index: opening snapshot: %w", err)
	}
	// The text index is unpacked into a private directory that lives as
	// long as the snapshot; those of processes that died are removed here.
	removeStale("", "skillcircle-text-*")
	work, err := newWorkDir("", "skillcircle-text-*")
	if err != nil {
		return nil, fmt.Errorf("index: opening snapshot: %w", err)
	}
	s, err := open(path, work)
	if err != nil {
		work.remove()
		if errors.Is(err, ErrFormat) || errors.Is(err, ErrCorrupt) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	return s, nil
}

func open(path string, work *workDir) (snap *Snapshot, err error) {
	// bbolt trusts its pages: a damaged file can make it panic, or read
	// past the end of its memory map, while reading. The file is outside
	// input here, so both become errors.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			snap, err = nil, fmt.Errorf("%w: %s (%d bytes): %v", ErrCorrupt, path, fileSize(path), r)
		}
	}()
	db, err := bolt.Open(path, 0o444, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("%w: %s (%d bytes): %v", ErrCorrupt, path, fileSize(path), err)
	}
	defer db.Close()

	s := &Snapshot{path: path}
	textDir := filepath.Join(work.path, "index")
	var cellSites map[h3.Cell][]string
	err = db.View(func(tx *bolt.Tx) (err error) {
		cellSites, err = s.read(tx, textDir)
		return err
	})
	if err == nil {
		err = s.index(cellSites)
	}
	if err == nil {
		err = s.derive(textDir, work)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// derive builds what the snapshot derives from its records, the parts at
// once on every core: each reads the records and writes fields of its own.
// The gazetteer, the text matcher and the suggester were a third of Open's
// time at ten times the default catalogue, one after the other.
func (s *Snapshot) derive(textDir string, work *workDir) error {
	var textErr error
	parts := []func() error{
		s.indexGazetteer,
		s.initTravel,
		func() error {
			s.text, textErr = openText(textDir, work, s.courseByID)
			if textErr == nil {
				s.text.matcher = text.NewMatcher(s.courses, s.institutions, s.courseInst)
			}
			return textErr
		},
		func() error { s.suggest.once.Do(func() { s.suggest.build(s) }); return nil },
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = guarded(part)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		if textErr == nil && s.text != nil {
			s.text.idx.Close() // the work directory is Open's to remove
		}
		return err
	}
	return nil
}

// read loads the records and unpacks the text index; it returns the site
// index (cell to site ids) for index to resolve.
func (s *Snapshot) read(tx *bolt.Tx, textDir string) (map[h3.Cell][]string, error) {
	if err := checkTruncated(tx, s.path); err != nil {
		return nil, err
	}
	mb := tx.Bucket(bucketMeta)
	if mb == nil {
		return nil, fmt.Errorf("%w: %s has no snapshot metadata", ErrCorrupt, s.path)
	}
	if err := json.Unmarshal(mb.Get(keyMeta), &s.meta); err != nil {
		return nil, fmt.Errorf("%w: %s: metadata: %v", ErrCorrupt, s.path, err)
	}
	if s.meta.FormatVersion != FormatVersion {
		newer := "older"
		if s.meta.FormatVersion > FormatVersion {
			newer = "newer"
		}
		return nil, fmt.Errorf("%w: %s has format %d, %s than this build's (%d): rebuild it with this build's `skillcircle build`",
			ErrFormat, s.path, s.meta.FormatVersion, newer, FormatVersion)
	}
	size := fileSize(s.path)
	sum := sha256.New()
	for _, name := range contentBuckets {
		if err := hashBucket(sum, tx.Bucket(name)); err != nil {
			return nil, fmt.Errorf("%w: %s: bucket %s: %v", ErrCorrupt, s.path, name, err)
		}
		releaseMapped(tx.DB(), size)
	}
	if got, want := hex.EncodeToString(sum.Sum(nil)), string(mb.Get(keyChecksum)); got != want {
		return nil, fmt.Errorf("%w: %s: content checksum does not match", ErrCorrupt, s.path)
	}
	s.checksum = string(mb.Get(keyChecksum))

	districts, err := readRecords[storedDistrict](tx, bucketDistricts)
	if err != nil {
		return nil, err
	}
	s.districts = make([]data.District, len(districts))
	for i, d := range districts {
		s.districts[i] = d.District
		if d.Boundary != nil {
			switch g := d.Boundary.Geometry().(type) {
			case orb.MultiPolygon:
				s.districts[i].Boundary = g
			case orb.Polygon:
				s.districts[i].Boundary = orb.MultiPolygon{g}
			}
		}
	}
	if err := s.readCatalogue(tx); err != nil {
		return nil, err
	}
	if err := s.readRoads(tx); err != nil {
		return nil, err
	}
	releaseMapped(tx.DB(), size)
	cellSites := map[h3.Cell][]string{}
	err = tx.Bucket(bucketCells).ForEach(func(k, v []byte) error {
		var ids []string
		if len(k) != 8 || json.Unmarshal(v, &ids) != nil {
			return fmt.Errorf("%w: %s: bad site index entry", ErrCorrupt, s.path)
		}
		cellSites[h3.Cell(binary.BigEndian.Uint64(k))] = ids
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.Bucket(bucketPopulation).ForEach(func(k, v []byte) error {
		var pc popCell
		if len(k) != 8 || json.Unmarshal(v, &pc) != nil {
			return fmt.Errorf("%w: %s: bad population entry", ErrCorrupt, s.path)
		}
		pc.Cell = h3.Cell(binary.BigEndian.Uint64(k))
		s.population = append(s.population, pc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.Bucket(bucketText).ForEach(func(k, v []byte) error {
		return unpackFile(textDir, string(k), v)
	})
	releaseMapped(tx.DB(), size)
	return cellSites, err
}

// readCatalogue decodes the records but the districts'.
func (s *Snapshot) readCatalogue(tx *bolt.Tx) (err error) {
	if s.townships, err = readRecords[data.Township](tx, bucketTownships); err != nil {
		return err
	}
	if s.institutions, err = readRecords[data.Institution](tx, bucketInstitutions); err != nil {
		return err
	}
	if s.sites, err = readRecords[data.Site](tx, bucketSites); err != nil {
		return err
	}
	if s.courses, err = readEncoded(tx, bucketCourses, decodeCourse); err != nil {
		return err
	}
	if s.enterprises, err = readRecords[data.Enterprise](tx, bucketEnterprises); err != nil {
		return err
	}
	if s.demand, err = readRecords[data.Demand](tx, bucketDemand); err != nil {
		return err
	}
	if s.stations, err = readRecords[data.Station](tx, bucketStations); err != nil {
		return err
	}
	s.gazetteerEntries, err = readRecords[geocode.Entry](tx, bucketGazetteer)
	return err
}

// checkTruncated refuses a file shorter than its pages: bbolt would read
// past the end of its memory map, a fault that recover cannot catch.
func checkTruncated(tx *bolt.Tx, path string) error {
	if size := fileSize(path); tx.Size() > size {
		return fmt.Errorf("%w: %s is truncated (%d bytes, its pages need %d)", ErrCorrupt, path, size, tx.Size())
	}
	return nil
}

// readRecords decodes every value of a bucket, in key order, as JSON;
// readEncoded does the work.
func readRecords[T any](tx *bolt.Tx, bucket []byte) ([]T, error) {
	return readEncoded(tx, bucket, func(in *interner, b []byte, into *T) error {
		if err := json.Unmarshal(b, into); err != nil {
			return err
		}
		in.walk(reflect.ValueOf(into).Elem())
		return nil
	})
}

// readEncoded decodes every value of a bucket, in key order, with decode.
// Each record is decoded on its own, straight from the memory-mapped page,
// the records shared out over the cores: joining them into one JSON array
// first copied and re-validated the whole bucket, most of Open's time at
// ten times the default catalogue. Equal strings are kept once (see
// interner).
func readEncoded[T any](tx *bolt.Tx, bucket []byte, decode func(in *interner, b []byte, into *T) error) ([]T, error) {
	var raw [][]byte
	tx.Bucket(bucket).ForEach(func(_, v []byte) error {
		raw = append(raw, v)
		return nil
	})
	if len(raw) == 0 {
		return nil, nil
	}
	out := make([]T, len(raw))
	interners := make([]interner, workersFor(len(raw)))
	err := inParallel(len(raw), func(worker, i int) error {
		if err := decode(&interners[worker], raw[i], &out[i]); err != nil {
			return fmt.Errorf("%w: bucket %s, record %d: %v", ErrCorrupt, bucket, i, err)
		}
		return nil
	})
	return out, err
}

// interner keeps one copy of equal strings in the records one worker of
// readRecords decodes. Courses repeat their institution, trade,
// occupation code, schedule and audience, and offerings their title and
// description; JSON decoding gives each its own copy, most of an opened
// snapshot's memory.
type interner map[string]string

// bytes returns b as a string, the one kept if there is one.
func (in *interner) bytes(b []byte) string {
	if s, ok := (*in)[string(b)]; ok {
		return s
	}
	if *in == nil {
		*in = interner{}
	}
	s := string(b)
	(*in)[s] = s
	return s
}

func (in *interner) walk(v reflect.Value) {
	if !hasStrings(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if *in == nil {
			*in = interner{}
		}
		s := v.String()
		if kept, ok := (*in)[s]; ok {
			v.SetString(kept)
		} else {
			(*in)[s] = s
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				in.walk(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			in.walk(v.Index(i))
		}
	}
}

// hasStrings reports whether a value of type t holds strings that walk
// reaches (through exported fields, slices and arrays; not pointers or
// maps), so that walk skips what cannot (coordinates, times) at once.
func hasStrings(t reflect.Type) bool {
	if v, ok := stringTypes.Load(t); ok {
		return v.(bool)
	}
	var has bool
	switch t.Kind() {
	case reflect.String:
		has = true
	case reflect.Struct:
		for i := range t.NumField() {
			has = has || t.Field(i).IsExported() && hasStrings(t.Field(i).Type)
		}
	case reflect.Slice, reflect.Array:
		has = hasStrings(t.Elem())
	}
	stringTypes.Store(t, has)
	return has
}

var stringTypes sync.Map // reflect.Type -> bool, for hasStrings

// guarded calls fn as open calls its steps: a fault reading the memory map
// and a panic on damaged content become ErrCorrupt. Both are per
// goroutine, so every goroutine of Open runs its work through guarded.
func guarded(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	return fn()
}

// workersFor is how many goroutines inParallel shares n items among: no
// more than the cores, nor than one for every 256 items.
func workersFor(n int) int { return min(runtime.GOMAXPROCS(0), max(1, n/256)) }

// inParallel calls fn for 0 <= i < n over workersFor(n) goroutines, each
// taking a contiguous share and passing its number (from 0), and returns
// the first error.
func inParallel(n int, fn func(worker, i int) error) error {
	workers := workersFor(n)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = guarded(func() error {
				for i := w * n / workers; i < (w+1)*n/workers; i++ {
					if err := fn(w, i); err != nil {
						return err
					}
				}
				return nil
			})
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ReadMeta reads only a snapshot's metadata, to decide whether it is
// stale without loading it.
func ReadMeta(path string) (meta Meta, err error) {
	if _, err := os.Stat(path); err != nil {
		return Meta{}, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s: %v", ErrCorrupt, path, r)
		}
	}()
	db, err := bolt.Open(path, 0o444, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return Meta{}, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		if err := checkTruncated(tx, path); err != nil {
			return err
		}
		mb := tx.Bucket(bucketMeta)
		if mb == nil {
			return fmt.Errorf("%w: %s has no snapshot metadata", ErrCorrupt, path)
		}
		return json.Unmarshal(mb.Get(keyMeta), &meta)
	})
	return meta, err
}
