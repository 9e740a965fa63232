package index

import (
	"fmt"

	"github.com/skillcircle/skillcircle/data"
)

// Sites and institutions are stored in binary encodings of their own as
// well: decoding 57,900 sites as JSON was 0.4 s of Open's CPU at a
// hundred times the default catalogue.
//
//	site, version 1:
//	  u8 version
//	  str id, institution id, name, kind, address, district code,
//	      township code, park
//	  f64 longitude, latitude
//
//	institution, version 1:
//	  u8 version
//	  str id, name, short name, kind
//	  u8 public (0 or 1)
//	  str district code, township code, website
//
// with str as for courses (coursecodec.go).
const (
	siteVersion        = 1
	institutionVersion = 1
)

func encodeSite(b []byte, s *data.Site) []byte {
	b = append(b, siteVersion)
	for _, v := range []string{s.ID, s.InstitutionID, s.Name, string(s.Kind), s.Address, s.DistrictCode, s.TownshipCode, s.Park} {
		b = appendStr(b, v)
	}
	return appendPoint(b, s.Location[0], s.Location[1])
}

// decodeSite reads what encodeSite wrote into s; the strings sites share
// (their institution, kind, address, area codes, park) are kept once
// through in.
func decodeSite(in *interner, b []byte, s *data.Site) error {
	r := recordReader{b: b, in: in}
	r.version("site", siteVersion)
	s.ID = r.plain()
	s.InstitutionID = r.str()
	s.Name = r.plain()
	s.Kind = data.SiteKind(r.str())
	s.Address = r.str()
	s.DistrictCode = r.str()
	s.TownshipCode = r.str()
	s.Park = r.str()
	s.Location[0], s.Location[1] = r.f64(), r.f64()
	return r.end("site")
}

func encodeInstitution(b []byte, in *data.Institution) []byte {
	b = append(b, institutionVersion)
	for _, v := range []string{in.ID, in.Name, in.ShortName, string(in.Kind)} {
		b = appendStr(b, v)
	}
	b = append(b, boolByte(in.Public))
	for _, v := range []string{in.DistrictCode, in.TownshipCode, in.Website} {
		b = appendStr(b, v)
	}
	return b
}

// decodeInstitution reads what encodeInstitution wrote into inst.
func decodeInstitution(in *interner, b []byte, inst *data.Institution) error {
	r := recordReader{b: b, in: in}
	r.version("institution", institutionVersion)
	inst.ID = r.plain()
	inst.Name = r.plain()
	inst.ShortName = r.plain()
	inst.Kind = data.InstitutionKind(r.str())
	inst.Public = r.flag()
	inst.DistrictCode = r.str()
	inst.TownshipCode = r.str()
	inst.Website = r.str()
	return r.end("institution")
}

// version reads a record's version byte, which must be want.
func (r *recordReader) version(record string, want byte) {
	if v := r.byte(); v != want && r.err == nil {
		r.err = fmt.Errorf("%w: %s encoding version %d, want %d", errEncoding, record, v, want)
	}
}

// end is the error of the whole read: the first bad read, or bytes left
// after the record.
func (r *recordReader) end(record string) error {
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%w: %d bytes after the %s", errEncoding, len(r.b), record)
	}
	return r.err
}
