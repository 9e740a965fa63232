package index

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/index/geocode"
)

// Every gazetteer entry of the default catalogue comes back from its
// binary encoding as it came back from JSON, the encoding it replaces,
// with the names geocode.Derive gave it; and the gazetteer indexed from
// them answers as one that derives the names itself.
func TestGazetteerCodecRoundTrip(t *testing.T) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := gazetteerEntries(cat)
	if err != nil {
		t.Fatal(err)
	}
	names, err := geocode.Derive(entries)
	if err != nil {
		t.Fatal(err)
	}
	var in interner
	decoded := make([]geocode.Entry, len(entries))
	decodedNames := make([][]geocode.Name, len(entries))
	for i := range entries {
		var got gazetteerRecord
		if err := decodeGazetteer(&in, encodeGazetteer(nil, &gazetteerRecord{entries[i], names[i]}), &got); err != nil {
			t.Fatalf("entry %s: %v", entries[i].ID, err)
		}
		var want geocode.Entry
		js, _ := json.Marshal(entries[i])
		if err := json.Unmarshal(js, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.entry, want) || !reflect.DeepEqual(got.names, names[i]) {
			t.Fatalf("entry %s:\n got %#v %v\nwant %#v %v", want.ID, got.entry, got.names, want, names[i])
		}
		decoded[i], decodedNames[i] = got.entry, got.names
	}
	stored, err := geocode.NewWithNames(decoded, decodedNames)
	if err != nil {
		t.Fatal(err)
	}
	derived, err := geocode.New(entries)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"宁波市鄞州区姜山镇", "东门口", "tianyiguangchang", "海天集团", "方太", "Jiangshan Town", "宁波职教中心"} {
		if a, b := stored.Geocode(q, geocode.Options{}), derived.Geocode(q, geocode.Options{}); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: from stored names %+v, derived %+v", q, a, b)
		}
	}
}

// A damaged encoding is an error, never a panic or a half-read entry
// taken for whole.
func TestGazetteerCodecDamaged(t *testing.T) {
	e := geocode.Entry{Kind: geocode.Road, ID: "t:明光路", Name: "明光路", Aliases: []string{"明光"}, DistrictCode: "330212",
		Approximate: true, Numbers: []geocode.Number{{N: 101}, {N: 143}}}
	b := encodeGazetteer(nil, &gazetteerRecord{e, []geocode.Name{{Key: "明光路", Quality: 1}, {Key: "mingguanglu", Quality: 0.9, Latin: true}}})
	var in interner
	for n := range len(b) {
		if decodeGazetteer(&in, b[:n], new(gazetteerRecord)) == nil {
			t.Errorf("the first %d of %d bytes decoded without error", n, len(b))
		}
	}
	if decodeGazetteer(&in, append(append([]byte(nil), b...), 0), new(gazetteerRecord)) == nil {
		t.Error("a trailing byte decoded without error")
	}
	bad := append([]byte(nil), b...)
	bad[0] = gazetteerVersion + 1
	if decodeGazetteer(&in, bad, new(gazetteerRecord)) == nil {
		t.Error("another encoding version decoded without error")
	}
}
