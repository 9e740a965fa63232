package index

import (
	"encoding/binary"
	"math"

	"github.com/skillcircle/skillcircle/index/geocode"
)

// The gazetteer is stored with the names geocode.Derive gives each entry,
// so that opening a snapshot indexes them (geocode.NewWithNames) without
// deriving them again: deriving (pinyin, patterns) was the largest part of
// Open at a hundred times the default catalogue. Each entry is one record
// in a binary encoding:
//
//	gazetteer entry, version 1:
//	  u8 version
//	  str kind, id, name; strs aliases, latin; str district code,
//	      township code; strs former districts
//	  f64 longitude, latitude; u8 approximate (0 or 1)
//	  uvarint count, then each house number: varint n, f64 longitude, latitude
//	  uvarint count, then each name: str key, f32 quality, u8 latin (0 or 1)
//
// with str and strs as for courses (coursecodec.go); empty lists are
// written as none, as the JSON form this replaces omitted them.
const gazetteerVersion = 1

// gazetteerRecord is a gazetteer entry and the names it is indexed under.
type gazetteerRecord struct {
	entry geocode.Entry
	names []geocode.Name
}

// encodeGazetteer appends the encoding of g's entry and names to b.
func encodeGazetteer(b []byte, g *gazetteerRecord) []byte {
	e, names := &g.entry, g.names
	b = append(b, gazetteerVersion)
	b = appendStr(b, string(e.Kind))
	b = appendStr(b, e.ID)
	b = appendStr(b, e.Name)
	b = appendStrs(b, orNil(e.Aliases))
	b = appendStrs(b, orNil(e.Latin))
	b = appendStr(b, e.DistrictCode)
	b = appendStr(b, e.TownshipCode)
	b = appendStrs(b, orNil(e.FormerDistricts))
	b = appendPoint(b, e.Point[0], e.Point[1])
	b = append(b, boolByte(e.Approximate))
	b = binary.AppendUvarint(b, uint64(len(e.Numbers)))
	for _, n := range e.Numbers {
		b = binary.AppendVarint(b, int64(n.N))
		b = appendPoint(b, n.Point[0], n.Point[1])
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, n := range names {
		b = appendStr(b, n.Key)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(n.Quality))
		b = append(b, boolByte(n.Latin))
	}
	return b
}

// decodeGazetteer reads what encodeGazetteer wrote into g. The kinds and
// area codes are kept once through in; names and ids are seldom equal.
func decodeGazetteer(in *interner, b []byte, g *gazetteerRecord) error {
	r := recordReader{b: b, in: in}
	r.version("gazetteer entry", gazetteerVersion)
	e := &g.entry
	e.Kind = geocode.Kind(r.str())
	e.ID = r.plain()
	e.Name = r.plain()
	e.Aliases = r.strs()
	e.Latin = r.strs()
	e.DistrictCode = r.str()
	e.TownshipCode = r.str()
	e.FormerDistricts = r.strs()
	e.Point[0], e.Point[1] = r.f64(), r.f64()
	e.Approximate = r.flag()
	if n := r.count(1 + 16); n > 0 {
		e.Numbers = make([]geocode.Number, n)
		for i := range e.Numbers {
			e.Numbers[i].N = r.int()
			e.Numbers[i].Point[0], e.Numbers[i].Point[1] = r.f64(), r.f64()
		}
	}
	if n := r.count(1 + 4 + 1); n > 0 {
		g.names = make([]geocode.Name, n)
		for i := range g.names {
			g.names[i].Key = r.plain()
			g.names[i].Quality = math.Float32frombits(binary.LittleEndian.Uint32(r.take(4)))
			g.names[i].Latin = r.flag()
		}
	}
	return r.end("gazetteer entry")
}

func appendPoint(b []byte, lng, lat float64) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(lng))
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(lat))
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// orNil is a list as its JSON form with omitempty came back: nil when
// empty.
func orNil(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	return ss
}
