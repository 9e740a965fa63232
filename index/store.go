package index

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
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
// back in catalogue order: courses (coursecodec.go, with the strings they
// share in "course_strings"), sites and institutions (sitecodec.go) and
// the gazetteer's entries with their names (gazetteercodec.go) in binary
// encodings of their own, the other records as JSON. "cells" maps an H3
// cell to the sites in it; "text" holds the files of the bleve index;
// "meta" holds Meta, a hash of every other bucket and a checksum over
// them, checked on every Open.
var (
	bucketMeta         = []byte("meta")
	bucketDistricts    = []byte("districts")
	bucketTownships    = []byte("townships")
	bucketInstitutions = []byte("institutions")
	bucketSites        = []byte("sites")
	bucketCourses      = []byte("courses")
	// bucketCourseStrings holds the strings courses share (coursecodec.go).
	bucketCourseStrings = []byte("course_strings")
	bucketEnterprises   = []byte("enterprises")
	bucketDemand        = []byte("demand")
	bucketStations      = []byte("stations")
	bucketGazetteer     = []byte("gazetteer")
	bucketTravel        = []byte("travel")
	bucketCells         = []byte("cells")
	bucketText          = []byte("text")
	bucketPopulation    = []byte("population")

	// contentBuckets are checksummed, in this order.
	contentBuckets = [][]byte{bucketDistricts, bucketTownships, bucketInstitutions, bucketSites,
		bucketCourses, bucketCourseStrings, bucketEnterprises, bucketDemand, bucketCells, bucketText, bucketStations, bucketPopulation, bucketGazetteer, bucketTravel}

	keyMeta         = []byte("meta")
	keyChecksum     = []byte("checksum")
	keyBucketHashes = []byte("bucket_hashes")
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
	hashes := bucketHashes{}
	err := db.Update(func(tx *bolt.Tx) error {
		if err := writeRecords(ctx, tx, cat); err != nil {
			return err
		}
		if err := writeCells(tx, cat.Sites); err != nil {
			return err
		}
		return hashWritten(tx, hashes)
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
		if err := hashWritten(tx, hashes); err != nil {
			return err
		}
		return writeMeta(tx, meta, hashes)
	})
}

// hashWritten adds to hashes the content buckets tx holds that it has not
// hashed yet. Taken a transaction at a time, while what the transaction
// wrote is still in memory, hashing reads no page from the file.
func hashWritten(tx *bolt.Tx, hashes bucketHashes) error {
	for _, name := range contentBuckets {
		b := tx.Bucket(name)
		if _, done := hashes[string(name)]; done || b == nil {
			continue
		}
		sum, err := hashBucket(b)
		if err != nil {
			return fmt.Errorf("index: hashing bucket %s: %w", name, err)
		}
		hashes[string(name)] = fmt.Sprintf("%016x", sum)
	}
	return nil
}

// writeRecords writes the catalogue's records and the gazetteer, a bucket
// per record type, each record under its sequence number: courses, sites,
// institutions and the gazetteer in binary encodings of their own, the
// others as JSON.
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
		{bucketEnterprises, len(cat.Enterprises), func(i int) any { return cat.Enterprises[i] }},
		{bucketDemand, len(cat.Demand), func(i int) any { return cat.Demand[i] }},
		{bucketStations, len(cat.Stations), func(i int) any { return cat.Stations[i] }},
	}
	if err := writeCourses(tx, cat.Courses); err != nil {
		return err
	}
	if err := writeGazetteer(tx, gazetteer); err != nil {
		return err
	}
	if err := writeEncoded(tx, bucketInstitutions, cat.Institutions, encodeInstitution); err != nil {
		return err
	}
	if err := writeEncoded(tx, bucketSites, cat.Sites, encodeSite); err != nil {
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
// (coursecodec.go) under its sequence number, and the string table they
// share.
func writeCourses(tx *bolt.Tx, courses []data.Course) error {
	b, err := tx.CreateBucket(bucketCourses)
	if err != nil {
		return err
	}
	b.FillPercent = 1 // written once, in key order
	var table stringTable
	for i := range courses {
		v, err := encodeCourse(nil, &table, &courses[i]) // bbolt keeps v until the commit
		if err != nil {
			return err
		}
		if err := b.Put(seqKey(i), v); err != nil {
			return err
		}
	}
	sb, err := tx.CreateBucket(bucketCourseStrings)
	if err != nil {
		return err
	}
	return sb.Put(seqKey(0), table.encode())
}

// writeEncoded writes records in a binary encoding, each under its
// sequence number.
func writeEncoded[T any](tx *bolt.Tx, bucket []byte, records []T, encode func(b []byte, r *T) []byte) error {
	b, err := tx.CreateBucket(bucket)
	if err != nil {
		return err
	}
	b.FillPercent = 1 // written once, in key order
	for i := range records {
		if err := b.Put(seqKey(i), encode(nil, &records[i])); err != nil { // bbolt keeps the value until the commit
			return err
		}
	}
	return nil
}

// writeGazetteer writes the gazetteer's entries with the names each is
// indexed under (geocode.Derive), in their binary encoding
// (gazetteercodec.go).
func writeGazetteer(tx *bolt.Tx, entries []geocode.Entry) error {
	names, err := geocode.Derive(entries)
	if err != nil {
		return fmt.Errorf("index: gazetteer: %w", err)
	}
	records := make([]gazetteerRecord, len(entries))
	for i := range entries {
		records[i] = gazetteerRecord{entries[i], names[i]}
	}
	return writeEncoded(tx, bucketGazetteer, records, encodeGazetteer)
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

// writeMeta writes the metadata, the hash of every content bucket and the
// checksum over them, all of which Open checks.
func writeMeta(tx *bolt.Tx, meta Meta, hashes bucketHashes) error {
	for _, name := range contentBuckets {
		if _, ok := hashes[string(name)]; !ok {
			return fmt.Errorf("index: bucket %s missing from the checksum", name)
		}
	}
	mb, err := tx.CreateBucket(bucketMeta)
	if err != nil {
		return err
	}
	mv, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	hv, err := json.Marshal(hashes)
	if err != nil {
		return err
	}
	if err := mb.Put(keyMeta, mv); err != nil {
		return err
	}
	if err := mb.Put(keyBucketHashes, hv); err != nil {
		return err
	}
	return mb.Put(keyChecksum, []byte(hashes.checksum()))
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

// bucketHashes are the content buckets' hashes by name, in hex: the
// xxHash64 of every key and value with their lengths, in key order. They
// guard each bucket against damage; SHA-256 over the whole content did
// the same at a tenth of the speed, 0.7 s of Open at a hundred times the
// default catalogue.
type bucketHashes map[string]string

// hashBuckets hashes the content buckets, shared out over the cores
// (reading a bucket is safe from several goroutines; finding it in the
// transaction is not, in a writable one).
func hashBuckets(tx *bolt.Tx) (bucketHashes, error) {
	buckets := make([]*bolt.Bucket, len(contentBuckets))
	for i, name := range contentBuckets {
		buckets[i] = tx.Bucket(name)
	}
	sums := make([]uint64, len(contentBuckets))
	errs := make([]error, len(contentBuckets))
	var next atomic.Int32
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(contentBuckets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(contentBuckets); i = int(next.Add(1) - 1) {
				errs[i] = guarded(func() (err error) {
					sums[i], err = hashBucket(buckets[i])
					return err
				})
				if errs[i] != nil {
					errs[i] = fmt.Errorf("bucket %s: %w", contentBuckets[i], errs[i])
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make(bucketHashes, len(contentBuckets))
	for i, name := range contentBuckets {
		out[string(name)] = fmt.Sprintf("%016x", sums[i])
	}
	return out, nil
}

func hashBucket(b *bolt.Bucket) (uint64, error) {
	if b == nil {
		return 0, errors.New("missing bucket")
	}
	h := xxhash.New()
	err := b.ForEach(func(k, v []byte) error {
		var n [8]byte
		binary.BigEndian.PutUint32(n[:4], uint32(len(k)))
		binary.BigEndian.PutUint32(n[4:], uint32(len(v)))
		h.Write(n[:])
		h.Write(k)
		h.Write(v)
		return nil
	})
	return h.Sum64(), err
}

// checksum is the snapshot's checksum (Snapshot.Checksum): the hex
// SHA-256 of the content buckets' names and hashes, in order.
func (h bucketHashes) checksum() string {
	sum := sha256.New()
	for _, name := range contentBuckets {
		fmt.Fprintf(sum, "%s %s\n", name, h[string(name)])
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// verify compares the hashes of the buckets as read with those stored,
// naming the first bucket that differs.
func (h bucketHashes) verify(stored []byte, checksum string) error {
	var want bucketHashes
	if err := json.Unmarshal(stored, &want); err != nil {
		return fmt.Errorf("bucket hashes: %v", err)
	}
	for _, name := range contentBuckets {
		if h[string(name)] != want[string(name)] {
			return fmt.Errorf("bucket %s: content hash does not match", name)
		}
	}
	if h.checksum() != checksum {
		return errors.New("content checksum does not match")
	}
	return nil
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
	if err != nil {
		return nil, err
	}
	// The gazetteer needs only its own records: it is indexed while the
	// rest is.
	gazetteer := make(chan error, 1)
	go func() { gazetteer <- guarded(s.indexGazetteer) }()
	if err := s.index(cellSites); err != nil {
		<-gazetteer
		return nil, err
	}
	if err := s.derive(textDir, work, gazetteer); err != nil {
		return nil, err
	}
	return s, nil
}

// derive builds what the snapshot derives from its records, the parts at
// once on every core: each reads the records and writes fields of its own.
// The gazetteer, the text matcher and the suggester were a third of Open's
// time at ten times the default catalogue, one after the other. The
// gazetteer is begun before (open) and ends with the others.
func (s *Snapshot) derive(textDir string, work *workDir, gazetteer <-chan error) error {
	var textErr error
	parts := []func() error{
		func() error { return <-gazetteer },
		func() error {
			if err := s.initTravel(); err != nil {
				return err
			}
			s.indexCellTallies()
			s.textCellsFrom = len(s.groupCell)
			return nil
		},
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
	// The text index, most of the file, is unpacked while the buckets are
	// hashed, each page read once for both; nothing reads the files
	// before the hashes are verified (and Open removes them if not).
	textBucket := tx.Bucket(bucketText)
	unpacked := make(chan error, 1)
	go func() { unpacked <- guarded(func() error { return unpackText(textBucket, textDir) }) }()
	hashes, err := hashBuckets(tx)
	textErr := <-unpacked
	releaseMapped(tx.DB(), size)
	if err == nil {
		err = hashes.verify(mb.Get(keyBucketHashes), string(mb.Get(keyChecksum)))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, s.path, err)
	}
	if textErr != nil {
		return nil, textErr
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
	return cellSites, err
}

// unpackText writes the text index's files into dir.
func unpackText(b *bolt.Bucket, dir string) error {
	if b == nil {
		return errors.New("missing bucket")
	}
	return b.ForEach(func(k, v []byte) error { return unpackFile(dir, string(k), v) })
}

// readCatalogue decodes the records but the districts'.
func (s *Snapshot) readCatalogue(tx *bolt.Tx) (err error) {
	if s.townships, err = readRecords[data.Township](tx, bucketTownships); err != nil {
		return err
	}
	if s.institutions, err = readEncoded(tx, bucketInstitutions, decodeInstitution); err != nil {
		return err
	}
	if s.sites, err = readEncoded(tx, bucketSites, decodeSite); err != nil {
		return err
	}
	if s.courses, err = readCourses(tx); err != nil {
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
	gazetteer, err := readEncoded(tx, bucketGazetteer, decodeGazetteer)
	s.gazetteerEntries = make([]geocode.Entry, len(gazetteer))
	s.gazetteerNames = make([][]geocode.Name, len(gazetteer))
	for i := range gazetteer {
		s.gazetteerEntries[i], s.gazetteerNames[i] = gazetteer[i].entry, gazetteer[i].names
	}
	return err
}

// readCourses decodes the courses with their string table.
func readCourses(tx *bolt.Tx) ([]data.Course, error) {
	table, err := decodeStrings(tx.Bucket(bucketCourseStrings).Get(seqKey(0)))
	if err != nil {
		return nil, fmt.Errorf("%w: bucket %s: %v", ErrCorrupt, bucketCourseStrings, err)
	}
	return readEncoded(tx, bucketCourses, func(_ *interner, b []byte, c *data.Course) error {
		return decodeCourse(table, b, c)
	})
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
// readEncoded decodes: sites repeat their institution, address and area
// codes, gazetteer entries their kind and area codes; decoding gives each
// its own copy otherwise. (Courses, most of an opened snapshot's memory,
// share theirs through a string table instead: coursecodec.go.)
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
