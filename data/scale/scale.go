// Package scale makes bigger catalogues out of a real one, to measure how
// the engine's costs grow with the data: Multiply repeats a catalogue with
// new ids and each copy's sites moved a little, as a term's offerings
// across a platform ten or a hundred times Ningbo's would look.
//
// It is seeded: the same catalogue, factor and seed give the same result.
// It does no I/O; what it makes is illustrative, never a real catalogue.
package scale

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
)

// MaxShiftMetres is how far a copy's site may move from the original's.
const MaxShiftMetres = 150

// MaxFactor bounds the copies a caller may ask for: a thousand copies of
// the default catalogue are six million courses.
const MaxFactor = 1000

// Multiply returns a catalogue with factor copies of c's institutions,
// sites and courses: the first is c's own, each other has new ids (the
// original's with "x2", "x3"... appended), its institutions' names marked
// as branches, and its sites moved by up to MaxShiftMetres in a random
// direction. The region, districts, townships, places, stations,
// enterprises and their demand are c's, once. c is not changed.
func Multiply(c *data.Catalogue, factor int, seed uint64) *data.Catalogue {
	out := *c
	out.Institutions = append([]data.Institution(nil), c.Institutions...)
	out.Sites = append([]data.Site(nil), c.Sites...)
	out.Courses = append([]data.Course(nil), c.Courses...)
	rng := rand.New(rand.NewPCG(seed, uint64(factor)))
	for k := 2; k <= factor; k++ {
		suffix := "x" + strconv.Itoa(k)
		for _, in := range c.Institutions {
			in.ID += suffix
			in.Name += "（分部" + strconv.Itoa(k) + "）"
			if in.ShortName != "" {
				in.ShortName += "分部" + strconv.Itoa(k)
			}
			out.Institutions = append(out.Institutions, in)
		}
		for _, s := range c.Sites {
			s.ID += suffix
			s.InstitutionID += suffix
			s.Name += "（分部" + strconv.Itoa(k) + "）"
			s.Location = shift(s.Location, rng)
			out.Sites = append(out.Sites, s)
		}
		for _, co := range c.Courses {
			co.ID += suffix
			co.InstitutionID += suffix
			sites := make([]string, len(co.SiteIDs))
			for i, id := range co.SiteIDs {
				sites[i] = id + suffix
			}
			co.SiteIDs = sites
			if co.RegisterURL != "" {
				co.RegisterURL += suffix
			}
			out.Courses = append(out.Courses, co)
		}
	}
	return &out
}

// shift moves p by up to MaxShiftMetres in a random direction (a metre of
// latitude is 1/111,000 of a degree; of longitude, that over cos(lat)).
func shift(p orb.Point, rng *rand.Rand) orb.Point {
	d := MaxShiftMetres * math.Sqrt(rng.Float64()) // uniform over the disk
	a := 2 * math.Pi * rng.Float64()
	dLat := d * math.Sin(a) / 111_000
	dLng := d * math.Cos(a) / (111_000 * math.Cos(p[1]*math.Pi/180))
	return orb.Point{p[0] + dLng, p[1] + dLat}
}
