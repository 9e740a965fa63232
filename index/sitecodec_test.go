package index

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

// Every site and institution of the default catalogue comes back from its
// binary encoding as it came back from JSON, the encoding it replaces; a
// damaged encoding is an error.
func TestSiteCodecRoundTrip(t *testing.T) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sites := append(cat.Sites, data.Site{ID: "bare"}, data.Site{ID: "park", Park: "杭州湾", Location: orb.Point{-0.5, 1e-9}})
	insts := append(cat.Institutions, data.Institution{ID: "bare"}, data.Institution{ID: "public", Public: true, Website: "https://x"})
	roundTrip(t, sites, encodeSite, decodeSite)
	roundTrip(t, insts, encodeInstitution, decodeInstitution)
}

func roundTrip[T any](t *testing.T, records []T, encode func([]byte, *T) []byte, decode func(*interner, []byte, *T) error) {
	t.Helper()
	var in interner
	for i := range records {
		b := encode(nil, &records[i])
		var got, want T
		if err := decode(&in, b, &got); err != nil {
			t.Fatalf("%+v: %v", records[i], err)
		}
		js, _ := json.Marshal(records[i])
		if err := json.Unmarshal(js, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("\n got %#v\nwant %#v", got, want)
		}
	}
	b := encode(nil, &records[0])
	for n := range len(b) {
		if decode(&in, b[:n], new(T)) == nil {
			t.Errorf("the first %d of %d bytes of %+v decoded without error", n, len(b), records[0])
		}
	}
	if decode(&in, append(append([]byte(nil), b...), 0), new(T)) == nil {
		t.Error("a trailing byte decoded without error")
	}
	b[0]++
	if decode(&in, b, new(T)) == nil {
		t.Error("another encoding version decoded without error")
	}
}
