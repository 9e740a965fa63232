package geocode_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/index/geocode"
)

func ExampleGazetteer_Geocode() {
	g, err := geocode.New([]geocode.Entry{
		{Kind: geocode.District, ID: "330212", Name: "鄞州区", DistrictCode: "330212", Point: orb.Point{121.547, 29.817}, Approximate: true},
		{Kind: geocode.Township, ID: "330212121000", Name: "姜山镇", Aliases: []string{"姜山"}, DistrictCode: "330212",
			TownshipCode: "330212121000", Point: orb.Point{121.5252, 29.7734}, Approximate: true},
		{Kind: geocode.Road, ID: "330212121000:明光中路", Name: "明光中路", DistrictCode: "330212", TownshipCode: "330212121000",
			Point: orb.Point{121.526, 29.77}, Approximate: true,
			Numbers: []geocode.Number{{N: 101, Point: orb.Point{121.526, 29.77}}, {N: 143, Point: orb.Point{121.530, 29.77}}}},
	})
	if err != nil {
		panic(err)
	}
	for _, q := range []string{"寧波市鄞州區姜山鎮明光中路１４３號", "Jiangshan Town, Yinzhou District", "鄞州区姜山镇明光北路1166号", "北京市朝阳区建国路88号"} {
		r := g.Geocode(q, geocode.Options{})
		if r.Best == nil {
			fmt.Printf("%s: not found (%s)\n", q, r.NotFound)
			continue
		}
		fmt.Printf("%s: %s %s, confidence %.2f, unmatched %v\n", q, r.Best.Level, r.Best.Name, r.Best.Confidence, r.Address.Unmatched)
	}
	// Output:
	// 寧波市鄞州區姜山鎮明光中路１４３號: exact 明光中路143号, confidence 1.00, unmatched []
	// Jiangshan Town, Yinzhou District: township 姜山镇, confidence 0.90, unmatched []
	// 鄞州区姜山镇明光北路1166号: township 姜山镇, confidence 0.73, unmatched [明光北路]
	// 北京市朝阳区建国路88号: not found (outside)
}
