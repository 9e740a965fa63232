package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	h3 "github.com/uber/h3-go/v4"

	"github.com/skillcircle/skillcircle/geo/route"
	"github.com/skillcircle/skillcircle/index/travel"
)

// The road network and the site indexes are stored in a binary
// encoding of their own, versioned apart from the snapshot format so that
// a change to either is caught on its own: little-endian, fixed-size
// numbers, every array preceded by its length.
//
//	network, version 2 (1 stored row starts as u32):
//	  "SCNW" u16 version
//	  snap: f64 x 4 max metres per mode, f64 walk km/h, f64 detour, u32 candidates
//	  u32 nodes; i64 x n OSM ids; i32 x n latitudes; i32 x n longitudes (1e-7 degree)
//	  per mode (walk, bike, ebike, drive), an adjacency: u32 edges;
//	    uvarint x n degrees; i32 x e heads; f32 x e seconds
//	  u32 hull points; (f64 lng, f64 lat) x k
//
//	site table, version 1 (one per mode but HierarchyModes):
//	  "SCTT" u16 version; u8 H3 resolution
//	  u32 cells; u64 x c cells, ascending; u32 x (c+1) row starts
//	  u32 entries; u32 x e sites; u16 x e tenths of a second
//
//	site index, version 1 (one per mode of travel.HierarchyModes, which
//	had a site table before snapshot format 6):
//	  "SCSI" u16 version; u8 origin H3 resolution; u8 route mode
//	  u32 s covered sites; i32 x s site numbers (bucket target i is site s[i])
//	  hierarchy, upward half then downward half, each an adjacency as
//	    in the network
//	  f64 bucket bound in seconds
//	  u32 b bucket nodes; i32 x b nodes, ascending; u32 x (b+1) starts
//	  u32 entries; i32 x e targets; f32 x e seconds
const (
	networkMagic     = "SCNW"
	networkVersion   = 2
	siteIndexMagic   = "SCSI"
	siteIndexVersion = 1
	tableMagic       = "SCTT"
	tableVersion     = 1
)

// errEncoding is wrapped (with ErrCorrupt) by the decoders.
var errEncoding = errors.New("bad encoding")

// encoder appends little-endian numbers to a byte slice.
type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)    { e.b = append(e.b, v) }
func (e *encoder) u16(v uint16)  { e.b = binary.LittleEndian.AppendUint16(e.b, v) }
func (e *encoder) u32(v uint32)  { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64)  { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) f64(v float64) { e.u64(math.Float64bits(v)) }
func (e *encoder) str(s string)  { e.b = append(e.b, s...) }

// decoder reads what encoder wrote; the first short read sets err and
// every later read returns zero.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.err = fmt.Errorf("%w: wants %d bytes, %d left", errEncoding, n, len(d.b))
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) u8() uint8 {
	if b := d.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if b := d.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if b := d.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if b := d.take(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (d *decoder) f64() float64 { return math.Float64frombits(d.u64()) }

// count reads an array length and checks that the rest of the input can
// hold that many items of size bytes, so that a damaged length cannot
// make the decoder allocate gigabytes.
func (d *decoder) count(size int) int {
	n := int(d.u32())
	if d.err == nil && n*size > len(d.b) {
		d.err = fmt.Errorf("%w: %d items of %d bytes, %d bytes left", errEncoding, n, size, len(d.b))
	}
	if d.err != nil {
		return 0
	}
	return n
}

func (d *decoder) header(magic string, version uint16) {
	if m := d.take(len(magic)); d.err == nil && string(m) != magic {
		d.err = fmt.Errorf("%w: starts with %q, not %q", errEncoding, m, magic)
	}
	if v := d.u16(); d.err == nil && v != version {
		d.err = fmt.Errorf("%w: %s version %d, this build reads %d", errEncoding, magic, v, version)
	}
}

func (d *decoder) end() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d bytes after the end", errEncoding, len(d.b))
	}
	return d.err
}

func appendInt32s(e *encoder, vs []int32) {
	for _, v := range vs {
		e.u32(uint32(v))
	}
}

func readInt32s(d *decoder, n int) []int32 {
	b := d.take(4 * n)
	if b == nil {
		return nil
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func readUint32s(d *decoder, n int) []uint32 {
	b := d.take(4 * n)
	if b == nil {
		return nil
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

// networkBlobSize bounds the size of encodeNetwork's blob.
func networkBlobSize(a route.Arrays, hull orb.Ring) int {
	size := 64 + len(a.IDs)*16 + len(hull)*16
	for _, c := range a.Forward {
		size += 8 + 4*len(c.Start) + 8*len(c.To)
	}
	return size
}

// encodeNetwork writes a network and the hull of its nodes.
func encodeNetwork(net *route.Network, hull orb.Ring) []byte {
	a := net.Arrays()
	n := len(a.IDs)
	e := &encoder{b: make([]byte, 0, networkBlobSize(a, hull))}
	e.str(networkMagic)
	e.u16(networkVersion)
	for _, m := range a.Snap.MaxMeters {
		e.f64(m)
	}
	e.f64(a.Snap.WalkKmh)
	e.f64(a.Snap.Detour)
	e.u32(uint32(a.Snap.Candidates))
	e.u32(uint32(n))
	for _, id := range a.IDs {
		e.u64(uint64(id))
	}
	appendInt32s(e, a.Lat)
	appendInt32s(e, a.Lon)
	for _, c := range a.Forward {
		appendCSR(e, c)
	}
	e.u32(uint32(len(hull)))
	for _, p := range hull {
		e.f64(p[0])
		e.f64(p[1])
	}
	return e.b
}

// decodeNetwork reads what encodeNetwork wrote; route.FromArrays checks
// that the arrays make a network.
func decodeNetwork(b []byte) (*route.Network, orb.Ring, error) {
	d := &decoder{b: b}
	d.header(networkMagic, networkVersion)
	var a route.Arrays
	for m := range a.Snap.MaxMeters {
		a.Snap.MaxMeters[m] = d.f64()
	}
	a.Snap.WalkKmh = d.f64()
	a.Snap.Detour = d.f64()
	a.Snap.Candidates = int(d.u32())
	n := d.count(16)
	if b := d.take(8 * n); b != nil {
		a.IDs = make([]int64, n)
		for i := range a.IDs {
			a.IDs[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		}
	}
	a.Lat = readInt32s(d, n)
	a.Lon = readInt32s(d, n)
	for m := range a.Forward {
		a.Forward[m] = readCSR(d, n)
	}
	k := d.count(16)
	var hull orb.Ring
	for range k {
		hull = append(hull, orb.Point{d.f64(), d.f64()})
	}
	if err := d.end(); err != nil {
		return nil, nil, err
	}
	net, err := route.FromArrays(a)
	if err != nil {
		return nil, nil, err
	}
	return net, hull, nil
}

// appendCSR writes an adjacency: edges, each node's degree as a uvarint
// (one byte for most: a quarter of the row starts' size), heads, seconds.
func appendCSR(e *encoder, c route.CSR) {
	e.u32(uint32(len(c.To)))
	for i := 1; i < len(c.Start); i++ {
		e.b = binary.AppendUvarint(e.b, uint64(c.Start[i]-c.Start[i-1]))
	}
	appendInt32s(e, c.To)
	appendFloat32s(e, c.Cost)
}

func appendFloat32s(e *encoder, vs []float32) {
	for _, v := range vs {
		e.u32(math.Float32bits(v))
	}
}

// readCSR reads what appendCSR wrote for n nodes.
func readCSR(d *decoder, n int) route.CSR {
	edges := d.count(8)
	var c route.CSR
	c.Start = readDegrees(d, n, edges)
	c.To = readInt32s(d, edges)
	c.Cost = readFloat32s(d, edges)
	return c
}

// readDegrees reads n uvarint degrees summing to edges as row starts.
func readDegrees(d *decoder, n, edges int) []uint32 {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = fmt.Errorf("%w: %d degrees, %d bytes left", errEncoding, n, len(d.b))
		return nil
	}
	start := make([]uint32, n+1)
	total := uint64(0)
	for i := range n {
		v, k := binary.Uvarint(d.b)
		if k <= 0 {
			d.err = fmt.Errorf("%w: degree of node %d", errEncoding, i)
			return nil
		}
		d.b = d.b[k:]
		if total += v; total > uint64(edges) {
			d.err = fmt.Errorf("%w: degrees sum past %d edges", errEncoding, edges)
			return nil
		}
		start[i+1] = uint32(total)
	}
	if total != uint64(edges) {
		d.err = fmt.Errorf("%w: degrees sum to %d, not %d edges", errEncoding, total, edges)
	}
	return start
}

func readFloat32s(d *decoder, n int) []float32 {
	b := d.take(4 * n)
	if b == nil {
		return nil
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// siteIndexBlobSize bounds the size of encodeSiteIndex's blob.
func siteIndexBlobSize(x *travel.SiteIndex) int {
	h, b := x.Hierarchy.Arrays(), x.Buckets.Arrays()
	size := 64 + 4*len(x.Sites) + 4*len(b.Nodes) + 8*len(b.Targets)
	for _, c := range []route.CSR{h.Up, h.Down} {
		size += 4 + 4*len(c.Start) + 8*len(c.To)
	}
	return size
}

// encodeSiteIndex writes one mode's site index.
func encodeSiteIndex(x *travel.SiteIndex) []byte {
	h, b := x.Hierarchy.Arrays(), x.Buckets.Arrays()
	e := &encoder{b: make([]byte, 0, siteIndexBlobSize(x))}
	e.str(siteIndexMagic)
	e.u16(siteIndexVersion)
	e.u8(uint8(x.Res))
	e.u8(uint8(h.Mode))
	e.u32(uint32(len(x.Sites)))
	appendInt32s(e, x.Sites)
	appendCSR(e, h.Up)
	appendCSR(e, h.Down)
	e.f64(b.MaxSeconds)
	e.u32(uint32(len(b.Nodes)))
	appendInt32s(e, b.Nodes)
	for _, s := range b.Start {
		e.u32(s)
	}
	e.u32(uint32(len(b.Targets)))
	appendInt32s(e, b.Targets)
	appendFloat32s(e, b.Seconds)
	return e.b
}

// decodeSiteIndex reads what encodeSiteIndex wrote and checks it against
// the network and the snapshot's sites.
func decodeSiteIndex(blob []byte, net *route.Network, sites []orb.Point) (*travel.SiteIndex, error) {
	d := &decoder{b: blob}
	d.header(siteIndexMagic, siteIndexVersion)
	x := &travel.SiteIndex{Res: int(d.u8())}
	h := route.HierarchyArrays{Mode: route.Mode(d.u8())}
	x.Sites = readInt32s(d, d.count(4))
	h.Up = readCSR(d, net.NumNodes())
	h.Down = readCSR(d, net.NumNodes())
	b := route.BucketArrays{MaxSeconds: d.f64()}
	nb := d.count(8)
	b.Nodes = readInt32s(d, nb)
	b.Start = readUint32s(d, nb+1)
	ne := d.count(8)
	b.Targets = readInt32s(d, ne)
	b.Seconds = readFloat32s(d, ne)
	if err := d.end(); err != nil {
		return nil, err
	}
	for _, si := range x.Sites {
		if si < 0 || int(si) >= len(sites) {
			return nil, fmt.Errorf("%w: site index names site %d of %d", errEncoding, si, len(sites))
		}
		b.Points = append(b.Points, sites[si])
	}
	var err error
	if x.Hierarchy, err = net.HierarchyFromArrays(h); err != nil {
		return nil, err
	}
	if x.Buckets, err = net.BucketsFromArrays(x.Hierarchy, b); err != nil {
		return nil, err
	}
	return x, x.Check(len(sites))
}

// encodeTable writes one mode's site table.
func encodeTable(t *travel.Table) []byte {
	e := &encoder{b: make([]byte, 0, tableBlobSize(t))}
	e.str(tableMagic)
	e.u16(tableVersion)
	e.u8(uint8(t.Res))
	e.u32(uint32(len(t.Cells)))
	for _, c := range t.Cells {
		e.u64(uint64(c))
	}
	for _, s := range t.Start {
		e.u32(s)
	}
	e.u32(uint32(len(t.Sites)))
	appendInt32s(e, t.Sites)
	for _, v := range t.Tenths {
		e.u16(v)
	}
	return e.b
}

// tableBlobSize is the size of encodeTable's blob.
func tableBlobSize(t *travel.Table) int { return 32 + 12*len(t.Cells) + 6*len(t.Sites) }

// decodeTable reads what encodeTable wrote and checks it against the
// snapshot's number of sites.
func decodeTable(b []byte, sites int) (*travel.Table, error) {
	d := &decoder{b: b}
	d.header(tableMagic, tableVersion)
	t := &travel.Table{Res: int(d.u8())}
	nc := d.count(12)
	if b := d.take(8 * nc); b != nil {
		t.Cells = make([]h3.Cell, nc)
		for i := range t.Cells {
			t.Cells[i] = h3.Cell(binary.LittleEndian.Uint64(b[8*i:]))
		}
	}
	t.Start = readUint32s(d, nc+1)
	ne := d.count(6)
	t.Sites = readInt32s(d, ne)
	if b := d.take(2 * ne); b != nil {
		t.Tenths = make([]uint16, ne)
		for i := range t.Tenths {
			t.Tenths[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return t, t.Check(sites)
}
