package api

import (
	"encoding/json"
	"sync"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// encodedViews holds the JSON of the courses, institutions and sites a
// snapshot's answers have held, each encoded the first time an answer
// holds it and kept for the snapshot's life: search answers repeat the
// same records, and encoding them was the largest part of answering.
// Encoding every record up front instead cost the first answer 30 ms at
// Ningbo's size and 9.6 s (and a gigabyte) at a hundred times it. Course
// and institution views hold no coordinates; site views are kept per crs.
type encodedViews struct {
	init         sync.Once
	snap         *index.Snapshot
	courses      sync.Map // id -> json.RawMessage
	institutions sync.Map
	sites        map[geo.CRS]*sync.Map
}

// get readies the views of snap; it encodes nothing.
func (e *encodedViews) get(snap *index.Snapshot) *encodedViews {
	e.init.Do(func() {
		e.snap = snap
		e.sites = map[geo.CRS]*sync.Map{}
		for _, crs := range geo.CRSs() {
			e.sites[crs] = new(sync.Map)
		}
	})
	return e
}

// encodedOnce returns the JSON kept under id in m, encoding view() and
// keeping it the first time. Two requests may both encode a record the
// first time; they encode the same bytes, and one is kept.
func encodedOnce(m *sync.Map, id string, view func() any) json.RawMessage {
	if b, ok := m.Load(id); ok {
		return b.(json.RawMessage)
	}
	b, _ := m.LoadOrStore(id, mustJSON(view()))
	return b.(json.RawMessage)
}

func (e *encodedViews) course(c *data.Course) json.RawMessage {
	return encodedOnce(&e.courses, c.ID, func() any { return newCourseView(c) })
}

func (e *encodedViews) institution(in *data.Institution) json.RawMessage {
	return encodedOnce(&e.institutions, in.ID, func() any { return views{snap: e.snap}.institution(in) })
}

func (e *encodedViews) site(crs geo.CRS, s *data.Site) json.RawMessage {
	return encodedOnce(e.sites[crs], s.ID, func() any { return views{snap: e.snap, crs: crs}.site(s) })
}

// mustJSON encodes a view: plain structs of strings, numbers and slices,
// which always encode.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("api: encoding a view: " + err.Error())
	}
	return b
}
