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
//	course, version 1:
//	  u8 version
//	  str id, institution id, title, description, family, trade,
//	      occupation code, level, delivery
//	  strs site ids
//	  uvarint n, n bytes: start date (time.Time.MarshalBinary)
//	  varint sessions
//	  str schedule
//	  f64 fee (little-endian bits)
//	  str subsidy; strs subsidy groups; str audience
//	  varint seats, seats left
//	  str registration URL
//
// where str is a uvarint length and the UTF-8 bytes, and strs a uvarint
// count plus one (0 for a nil list) and as many str.
const courseVersion = 1

// encodeCourse appends c's encoding to b.
func encodeCourse(b []byte, c *data.Course) ([]byte, error) {
	start, err := c.StartDate.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("course %s: start date: %w", c.ID, err)
	}
	b = append(b, courseVersion)
	for _, s := range []string{c.ID, c.InstitutionID, c.Title, c.Description, string(c.Family), c.Trade,
		c.OccupationCode, string(c.Level), string(c.Delivery)} {
		b = appendStr(b, s)
	}
	b = appendStrs(b, c.SiteIDs)
	b = binary.AppendUvarint(b, uint64(len(start)))
	b = append(b, start...)
	b = binary.AppendVarint(b, int64(c.Sessions))
	b = appendStr(b, string(c.Schedule))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.FeeCNY))
	b = appendStr(b, string(c.Subsidy))
	groups := []string(nil)
	if c.SubsidyGroups != nil {
		groups = make([]string, len(c.SubsidyGroups))
		for i, g := range c.SubsidyGroups {
			groups[i] = string(g)
		}
	}
	b = appendStrs(b, groups)
	b = appendStr(b, string(c.Audience))
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

// decodeCourse reads what encodeCourse wrote into c. Strings but the id
// are kept once through in: courses share their institution, trade,
// schedule and the like, and offerings their title and description.
func decodeCourse(in *interner, b []byte, c *data.Course) error {
	r := recordReader{b: b, in: in}
	if v := r.byte(); v != courseVersion && r.err == nil {
		return fmt.Errorf("course encoding version %d, want %d", v, courseVersion)
	}
	c.ID = r.plain()
	c.InstitutionID = r.str()
	c.Title = r.str()
	c.Description = r.str()
	c.Family = data.Family(r.str())
	c.Trade = r.str()
	c.OccupationCode = r.str()
	c.Level = data.Level(r.str())
	c.Delivery = data.Delivery(r.str())
	c.SiteIDs = r.strs()
	if start := r.bytes(); r.err == nil {
		if err := c.StartDate.UnmarshalBinary(start); err != nil {
			return fmt.Errorf("course start date: %v", err)
		}
	}
	c.Sessions = r.int()
	c.Schedule = data.Schedule(r.str())
	c.FeeCNY = r.f64()
	c.Subsidy = data.Subsidy(r.str())
	if groups := r.strs(); groups != nil {
		c.SubsidyGroups = make([]data.Group, len(groups))
		for i, g := range groups {
			c.SubsidyGroups[i] = data.Group(g)
		}
	}
	c.Audience = data.Audience(r.str())
	c.Seats = r.int()
	c.SeatsLeft = r.int()
	c.RegisterURL = r.str()
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d bytes after the course", len(r.b))
	}
	return r.err
}

// recordReader reads a record's binary encoding (a course's, a gazetteer
// entry's); the first bad read sets err and every later read returns zero.
type recordReader struct {
	b   []byte
	in  *interner
	err error
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
func (r *recordReader) f64() float64 { return math.Float64frombits(binary.LittleEndian.Uint64(r.take(8))) }

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
