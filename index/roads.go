package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

	"github.com/paulmach/orb"
	bolt "go.etcd.io/bbolt"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/geo/transit"
	"github.com/skillcircle/skillcircle/index/travel"
)

// The "travel" bucket holds the road network and each mode's site table
// or site index as blobs (see encoding.go), each cut into chunks keyed name/seq so that
// no bbolt value grows past blobChunk. It is empty without a network.
const blobChunk = 4 << 20

const networkBlob = "network"

// siteIndexBlob names a mode's site index blob.
func siteIndexBlob(m geo.Mode) string { return "sites-" + string(m) }

// transitOptions fills the transit assumptions: the defaults unless given,
// and walking always by the walk model.
func transitOptions(given *transit.Options, models geo.TravelModels) (transit.Options, error) {
	opts := transit.DefaultOptions
	if given != nil {
		opts = *given
	}
	if walk, ok := models[geo.Walk]; ok {
		opts.WalkKmh, opts.WalkDetour = walk.SpeedKmh, walk.Detour
	}
	if err := opts.Validate(); err != nil {
		return transit.Options{}, fmt.Errorf("index: transit: %w", err)
	}
	return opts, nil
}

// roadBuild is what a build with a network stores: the network, its hull
// and each mode's site table or site index.
type roadBuild struct {
	net    *route.Network
	hull   orb.Ring
	tables map[geo.Mode]*travel.Table
	sites  map[geo.Mode]*travel.SiteIndex
	info   NetworkInfo
}

// prepareRoads computes the site times and the coverage facts; nil when
// the build has no network.
func prepareRoads(ctx context.Context, cat *data.Catalogue, models geo.TravelModels, opts BuildOptions) (*roadBuild, error) {
	net := opts.Network
	if net == nil {
		return nil, nil
	}
	hull := net.Hull()
	if hull == nil {
		return nil, fmt.Errorf("index: the road network has too few nodes to cover any area (%d)", net.NumNodes())
	}
	cover := geo.NewArea(orb.MultiPolygon{{hull}})
	sites := make([]orb.Point, len(cat.Sites))
	covered := 0
	for i, s := range cat.Sites {
		sites[i] = s.Location
		if cover.Contains(s.Location) {
			covered++
		}
	}
	tables, indexes, err := travel.BuildRoads(ctx, net, cover, sites, models, opts.Progress)
	if err != nil {
		return nil, err
	}
	b := net.Bound()
	rb := &roadBuild{net: net, hull: hull, tables: tables, sites: indexes, info: NetworkInfo{
		Source: opts.NetworkSource, Checksum: opts.NetworkChecksum, Nodes: net.NumNodes(),
		Edges: map[geo.Mode]int{}, BBox: [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]},
		OriginResolution: map[geo.Mode]int{}, TableEntries: map[geo.Mode]int{},
		RegionShare: regionShare(cat.Districts, cover), SitesCovered: covered,
	}}
	for _, rm := range route.Modes {
		rb.info.Edges[rm.Geo()] = net.NumEdges(rm)
	}
	for m, t := range tables {
		rb.info.OriginResolution[m] = t.Res
		rb.info.TableEntries[m] = len(t.Sites)
	}
	for m, x := range indexes {
		rb.info.OriginResolution[m] = x.Res
		rb.info.TableEntries[m] = x.Buckets.NumEntries()
	}
	return rb, nil
}

// regionShare estimates the share of the region's area inside the
// coverage on a 400 x 400 lattice over the region's bounding box (error
// well under 1% of the region for any region bigger than a few cells).
func regionShare(districts []data.District, cover *geo.Area) float64 {
	if len(districts) == 0 {
		return 0
	}
	areas := make([]*geo.Area, len(districts))
	bound := districts[0].Boundary.Bound()
	for i, d := range districts {
		areas[i] = geo.NewArea(d.Boundary)
		bound = bound.Union(d.Boundary.Bound())
	}
	const steps = 400
	in, both := 0, 0
	for i := range steps {
		for j := range steps {
			p := orb.Point{
				bound.Min[0] + (float64(i)+0.5)/steps*(bound.Max[0]-bound.Min[0]),
				bound.Min[1] + (float64(j)+0.5)/steps*(bound.Max[1]-bound.Min[1]),
			}
			for _, a := range areas {
				if a.Contains(p) {
					in++
					if cover.Contains(p) {
						both++
					}
					break
				}
			}
		}
	}
	if in == 0 {
		return 0
	}
	return float64(both) / float64(in)
}

// blobBytes bounds what writeRoads stores (nil: nothing), for the
// snapshot file's initial mapping: when bbolt outgrows its mapping in the
// middle of a write it remaps, and first copies every value the write
// holds onto the heap, which on a region's network (some 250 MB of
// blobs) was the build's peak of memory.
func (rb *roadBuild) blobBytes() int {
	if rb == nil {
		return 0
	}
	size := networkBlobSize(rb.net.Arrays(), rb.hull)
	for _, t := range rb.tables {
		size += tableBlobSize(t)
	}
	for _, x := range rb.sites {
		size += siteIndexBlobSize(x)
	}
	return size
}

func writeRoads(tx *bolt.Tx, rb *roadBuild) error {
	b, err := tx.CreateBucket(bucketTravel)
	if err != nil || rb == nil {
		return err
	}
	b.FillPercent = 1
	if err := putBlob(b, networkBlob, encodeNetwork(rb.net, rb.hull)); err != nil {
		return err
	}
	for m, t := range rb.tables {
		if err := putBlob(b, string(m), encodeTable(t)); err != nil {
			return err
		}
	}
	for m, x := range rb.sites {
		if err := putBlob(b, siteIndexBlob(m), encodeSiteIndex(x)); err != nil {
			return err
		}
	}
	return nil
}

// readRoads loads the network and the site times when the metadata says
// the snapshot has them.
func (s *Snapshot) readRoads(tx *bolt.Tx) error {
	if s.meta.Network == nil {
		return nil
	}
	b := tx.Bucket(bucketTravel)
	raw := getBlob(b, networkBlob)
	net, hull, err := decodeNetwork(raw)
	if err != nil {
		return fmt.Errorf("%w: %s: road network: %v", ErrCorrupt, s.path, err)
	}
	s.net, s.hull = net, hull
	if len(hull) < 4 {
		return fmt.Errorf("%w: %s: road network without coverage", ErrCorrupt, s.path)
	}
	s.cover = geo.NewArea(orb.MultiPolygon{{hull}})
	s.tables = map[geo.Mode]*travel.Table{}
	s.siteIndexes = map[geo.Mode]*travel.SiteIndex{}
	points := make([]orb.Point, len(s.sites))
	for i := range s.sites {
		points[i] = s.sites[i].Location
	}
	for m := range s.meta.Network.OriginResolution {
		if blob := getBlob(b, siteIndexBlob(m)); blob != nil {
			x, err := decodeSiteIndex(blob, net, points)
			if err != nil {
				return fmt.Errorf("%w: %s: %s site index: %v", ErrCorrupt, s.path, m, err)
			}
			s.siteIndexes[m] = x
			continue
		}
		t, err := decodeTable(getBlob(b, string(m)), len(s.sites))
		if err != nil {
			return fmt.Errorf("%w: %s: %s table: %v", ErrCorrupt, s.path, m, err)
		}
		s.tables[m] = t
	}
	return nil
}

func putBlob(b *bolt.Bucket, name string, blob []byte) error {
	for seq := 0; seq == 0 || len(blob) > 0; seq++ {
		n := min(len(blob), blobChunk)
		if err := b.Put(blobKey(name, seq), blob[:n]); err != nil {
			return err
		}
		blob = blob[n:]
	}
	return nil
}

func blobKey(name string, seq int) []byte {
	k := append([]byte(name), '/')
	return binary.BigEndian.AppendUint32(k, uint32(seq))
}

// getBlob joins a blob's chunks in key order; nil if there are none.
func getBlob(b *bolt.Bucket, name string) []byte {
	prefix := append([]byte(name), '/')
	var out []byte
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+4; k, v = c.Next() {
		out = append(out, v...)
	}
	return out
}
