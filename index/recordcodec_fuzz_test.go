package index

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index/geocode"
)

// FuzzDecodeRecords: the snapshot file is outside input; damaged bytes
// given to the record decoders (courses with their string table, sites,
// institutions, gazetteer entries) give an error or a record, never a
// panic.
func FuzzDecodeRecords(f *testing.F) {
	var table stringTable
	course, err := encodeCourse(nil, &table, &data.Course{ID: "c1", Title: "焊工", SiteIDs: []string{"s1"},
		SubsidyGroups: []data.Group{data.Veteran}, StartDate: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(course)
	f.Add(table.encode())
	f.Add(encodeSite(nil, &data.Site{ID: "s1", InstitutionID: "i1", Name: "本部", Location: orb.Point{121.5, 29.8}}))
	f.Add(encodeInstitution(nil, &data.Institution{ID: "i1", Name: "宁波职教中心", Public: true}))
	f.Add(encodeGazetteer(nil, &gazetteerRecord{geocode.Entry{Kind: geocode.Road, ID: "t:明光路", Name: "明光路",
		Numbers: []geocode.Number{{N: 1}}}, []geocode.Name{{Key: "明光路", Quality: 1}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var in interner
		decodeCourse(table.strings, b, new(data.Course))
		decodeStrings(b)
		decodeSite(&in, b, new(data.Site))
		decodeInstitution(&in, b, new(data.Institution))
		decodeGazetteer(&in, b, new(gazetteerRecord))
	})
}
