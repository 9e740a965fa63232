package api

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/skillcircle/skillcircle/index"
)

// appendFacts writes what encoding/json writes for hitFacts.
func TestAppendFactsMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	float := func() *float64 {
		var f float64
		switch r.IntN(6) {
		case 0:
			return nil
		case 1:
			f = 0
		case 2:
			f = float64(r.IntN(1200)) / 10 // minutes, rounded to a tenth
		case 3:
			f = float64(r.IntN(1001)) / 1000 // relevance, rounded to a thousandth
		case 4:
			f = r.Float64() * 1e-7 // below encoding/json's switch to exponents
		default:
			f = r.NormFloat64() * 1e22
		}
		return &f
	}
	strs := []string{"", "network", "estimate", "transit", "home", "work", `a"b<c>&d\e`, "宁波", "\x01"}
	for i := range 5000 {
		f := hitFacts{TravelMinutes: float(), Relevance: float(), Sites: r.IntN(40),
			TravelSource: index.TravelSource(strs[r.IntN(len(strs))]), Origin: strs[r.IntN(len(strs))]}
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		got := append(f.appendFacts([]byte{'{', '"', 'x', '"', ':', '0'}), '}')
		if string(got) != `{"x":0,`+string(want[1:]) {
			t.Fatalf("case %d: got %s, encoding/json %s", i, got, want)
		}
	}
}

// appendCoordinate writes what strconv writes for the rounded value.
func TestAppendCoordinateMatchesStrconv(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	values := []float64{0, math.Copysign(0, -1), -1e-7, 1e-7, 121.5503, -121.5503, 29.873, 180, -180, 90, 0.5e-6, -0.5e-6,
		1.0000005, 999999999.9999995, 1e9, -1e12, math.Inf(1), math.NaN()}
	for range 200000 {
		values = append(values, (r.Float64()*2-1)*180, float64(r.IntN(360_000_000)-180_000_000)/1e6, r.NormFloat64()*1e-5)
	}
	for _, v := range values {
		want := strconv.AppendFloat(nil, round6(v), 'f', -1, 64)
		if got := appendCoordinate(nil, v); string(got) != string(want) {
			t.Fatalf("appendCoordinate(%v) = %s, strconv %s", v, got, want)
		}
	}
}
