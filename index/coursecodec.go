package index

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/skillcircle/skillcircle/data"
)

// Courses are most of a snapshot, and decoding them as JSON was most of
// Open's time, so they are stored in a binary encoding of their own (the
// other records, a few thousand each, stay JSON):
//
//	course, version 2:
//	  u8 version
//	  str id
//	  ref institution id, title, description, family, trade,
//	      occupation code, level, delivery
//	  refs site ids
//	  uvarint n, n bytes: start date (time.Time.MarshalBinary)
//	  varint sessions
//	  ref schedule
//	  f64 fee (little-endian bits)
//	  ref subsidy; refs subsidy groups; ref audience
//	  varint seats, seats left
//	  str registration URL
//
// where str is a uvarint length and the UTF-8 bytes, ref a uvarint
// number in the courses' string table, and refs a uvarint count plus one
// (0 for a nil list) and as many ref. The string table (bucket
// "course_strings", one value: a uvarint count and as many str) holds
// once every string that courses share: their institution, sites, trade,
// title, description, schedule and the like. Decoding a course then finds
// its strings by number: keeping one copy of each by looking it up in a
// map was 0.9 s of Open's CPU at a hundred times the default catalogue.
const courseVersion = 2

// stringTable numbers the strings the courses share, as they are written.
type stringTable struct {
	number  map[string]uint64
	strings []string
}

func (t *stringTable) ref(b []byte, s string) []byte {
	n, ok := t.number[s]
	if !ok {
		if t.number == nil {
			t.number = map[string]uint64{}
		}
		n = uint64(len(t.strings))
		t.number[s] = n
		t.strings = append(t.strings, s)
	}
	return binary.AppendUvarint(b, n)
}

func (t *stringTable) refs(b []byte, ss []string) []byte {
	if ss == nil {
		return binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(ss))+1)
	for _, s := range ss {
		b = t.ref(b, s)
	}
	return b
}

// encode is the table as stored.
func (t *stringTable) encode() []byte {
	b := binary.AppendUvarint(nil, uint64(len(t.strings)))
	for _, s := range t.strings {
		b = appendStr(b, s)
	}
	return b
}

// decodeStrings reads a table that encode wrote.
func decodeStrings(b []byte) ([]string, error) {
	r := recordReader{b: b}
	out := make([]string, r.count(1))
	for i := range out {
		out[i] = r.plain()
	}
	return out, r.end("string table")
}

// encodeCourse appends c's encoding to b, numbering its shared strings in
// t.
func encodeCourse(b []byte, t *stringTable, c *data.Course) ([]byte, error) {
	start, err := c.StartDate.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("course %s: start date: %w", c.ID, err)
	}
	b = append(b, courseVersion)
	b = appendStr(b, c.ID)
	for _, s := range []string{c.InstitutionID, c.Title, c.Description, string(c.Family), c.Trade,
		c.OccupationCode, string(c.Level), string(c.Delivery)} {
		b = t.ref(b, s)
	}
	b = t.refs(b, c.SiteIDs)
	b = binary.AppendUvarint(b, uint64(len(start)))
	b = append(b, start...)
	b = binary.AppendVarint(b, int64(c.Sessions))
	b = t.ref(b, string(c.Schedule))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.FeeCNY))
	b = t.ref(b, string(c.Subsidy))
	groups := []string(nil)
	if c.SubsidyGroups != nil {
		groups = make([]string, len(c.SubsidyGroups))
		for i, g := range c.SubsidyGroups {
			groups[i] = string(g)
		}
	}
	b = t.refs(b, groups)
	b = t.ref(b, string(c.Audience))
	b = binary.AppendVarint(b, int64(c.Seats))
	b = binary.AppendVarint(b, int64(c.SeatsLeft))
	return appendStr(b, c.RegisterURL), nil
}

func appendStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendStrs(b []byte, ss []string) []byte {
	if ss == nil {
		return binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(ss))+1)
	for _, s := range ss {
		b = appendStr(b, s)
	}
	return b
}

// decodeCourse reads what encodeCourse wrote into c, its shared strings
// from table.
func decodeCourse(table []string, b []byte, c *data.Course) error {
	r := recordReader{b: b, table: table}
	r.version("course", courseVersion)
	c.ID = r.plain()
	c.InstitutionID = r.ref()
	c.Title = r.ref()
	c.Description = r.ref()
	c.Family = data.Family(r.ref())
	c.Trade = r.ref()
	c.OccupationCode = r.ref()
	c.Level = data.Level(r.ref())
	c.Delivery = data.Delivery(r.ref())
	c.SiteIDs = r.refs()
	if start := r.bytes(); r.err == nil {
		if err := c.StartDate.UnmarshalBinary(start); err != nil {
			return fmt.Errorf("course start date: %v", err)
		}
	}
	c.Sessions = r.int()
	c.Schedule = data.Schedule(r.ref())
	c.FeeCNY = r.f64()
	c.Subsidy = data.Subsidy(r.ref())
	if groups := r.refs(); groups != nil {
		c.SubsidyGroups = make([]data.Group, len(groups))
		for i, g := range groups {
			c.SubsidyGroups[i] = data.Group(g)
		}
	}
	c.Audience = data.Audience(r.ref())
	c.Seats = r.int()
	c.SeatsLeft = r.int()
	c.RegisterURL = r.plain()
	return r.end("course")
}

// recordReader reads a record's binary encoding (a course's, a gazetteer
// entry's); the first bad read sets err and every later read returns zero.
type recordReader struct {
	b     []byte
	in    *interner // keeps one copy of equal strings (str)
	table []string  // the strings ref reads by number
	err   error
}

var zero8 [8]byte

func (r *recordReader) take(n int) []byte {
	if r.err != nil {
		return zero8[:min(n, 8)]
	}
	if n < 0 || n > len(r.b) {
		r.err = fmt.Errorf("%w: wants %d bytes, %d left", errEncoding, n, len(r.b))
		return zero8[:min(max(n, 0), 8)]
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *recordReader) byte() byte { return r.take(1)[0] }

func (r *recordReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad number", errEncoding)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recordReader) int() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad number", errEncoding)
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *recordReader) bytes() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = fmt.Errorf("%w: string of %d bytes, %d left", errEncoding, n, len(r.b))
		return nil
	}
	return r.take(int(n))
}

// f64 reads a float64 as its little-endian bits.
func (r *recordReader) f64() float64 {
	return math.Float64frombits(binary.LittleEndian.Uint64(r.take(8)))
}

// plain reads a string without keeping it once: for strings seldom equal.
func (r *recordReader) plain() string { return string(r.bytes()) }

// str reads a string, the one kept if an equal one was read before.
func (r *recordReader) str() string {
	b := r.bytes()
	if r.err != nil {
		return ""
	}
	return r.in.bytes(b)
}

// ref reads a string by its number in the table.
func (r *recordReader) ref() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n >= uint64(len(r.table)) {
		r.err = fmt.Errorf("%w: string %d of a table of %d", errEncoding, n, len(r.table))
		return ""
	}
	return r.table[n]
}

func (r *recordReader) refs() []string {
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return nil
	}
	if n-1 > uint64(len(r.b)) { // each number takes at least a byte
		r.err = fmt.Errorf("%w: %d strings, %d bytes left", errEncoding, n-1, len(r.b))
		return nil
	}
	out := make([]string, n-1)
	for i := range out {
		out[i] = r.ref()
	}
	return out
}

func (r *recordReader) strs() []string {
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return nil
	}
	if n-1 > uint64(len(r.b)) { // each string takes at least a byte
		r.err = fmt.Errorf("%w: %d strings, %d bytes left", errEncoding, n-1, len(r.b))
		return nil
	}
	out := make([]string, n-1)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

// flag reads a byte that must be 0 or 1.
func (r *recordReader) flag() bool {
	switch v := r.byte(); {
	case r.err != nil:
		return false
	case v > 1:
		r.err = fmt.Errorf("%w: flag %d", errEncoding, v)
	default:
		return v == 1
	}
	return false
}

// count reads a list's length, each item taking at least size bytes.
func (r *recordReader) count(size int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)/size) {
		r.err = fmt.Errorf("%w: %d items of %d bytes, %d bytes left", errEncoding, n, size, len(r.b))
		return 0
	}
	return int(n)
}
