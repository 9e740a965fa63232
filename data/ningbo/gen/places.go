package main

import (
	"strings"

	"github.com/paulmach/orb"
)

// Places: what people name when they say where they live or work, for the
// geocoder. The industrial and science parks (7 from OpenStreetMap, 13
// placed by hand), then every named OpenStreetMap point at hand (schools,
// hospitals, shopping centres and commercial areas) except the parks
// already listed. Nothing here is drawn at random.

type place struct {
	ID     string
	Name   string
	Short  string
	Kind   string // data.PlaceKind code
	T      *township
	Approx bool
	P      orb.Point
}

// placeKind maps an OpenStreetMap layer to a data.PlaceKind code.
func placeKind(layer string) string {
	switch {
	case strings.Contains(layer, "amenity=school"):
		return "school"
	case strings.Contains(layer, "amenity=hospital"):
		return "hospital"
	case strings.Contains(layer, "landuse=commercial"), strings.Contains(layer, "shop="):
		return "commercial"
	}
	return "landmark"
}

// placeDuplicateMetres: the same name this close again is the same place
// mapped twice (a hospital's two buildings), not a second place.
const placeDuplicateMetres = 1000

func (w *world) buildPlaces() error {
	var out []*place
	byName := map[string][]*place{}
	add := func(p *place) {
		for _, q := range byName[p.Name] {
			if dist(p.P, q.P) < placeDuplicateMetres {
				return
			}
		}
		byName[p.Name] = append(byName[p.Name], p)
		out = append(out, p)
	}
	for _, pk := range w.parks {
		short := pk.Short
		if short == pk.Name {
			short = ""
		}
		add(&place{Name: pk.Name, Short: short, Kind: "park", T: pk.T, Approx: !pk.OSM, P: pk.Center})
	}
	for _, poi := range w.src.pois {
		name := strings.TrimSpace(poi.Name)
		if name == "" || w.park(name) != nil {
			continue
		}
		d := w.districtOf(poi.P)
		if d == nil {
			continue // mapped just outside the region's simplified boundary
		}
		add(&place{Name: name, Kind: placeKind(poi.Layer), T: d.nearestTownship(poi.P), P: round6(poi.P)})
	}
	for i, p := range out {
		p.ID = placeID(i + 1)
	}
	w.places = out
	return nil
}

func placeID(n int) string {
	const digits = "0123456789"
	id := []byte("P0000")
	for i := len(id) - 1; i > 0 && n > 0; i-- {
		id[i] = digits[n%10]
		n /= 10
	}
	return string(id)
}
