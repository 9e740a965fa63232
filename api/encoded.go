package api

import (
	"encoding/json"
	"sync"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// encodedViews holds the JSON of every course, institution and site of a
// snapshot, encoded once per snapshot: search answers repeat the same
// records, and encoding them was the largest part of answering. Course and
// institution views hold no coordinates; site views are kept per crs.
type encodedViews struct {
	once         sync.Once
	courses      map[string]json.RawMessage
	institutions map[string]json.RawMessage
	sites        map[geo.CRS]map[string]json.RawMessage
}

// get fills the views on first use (about 30 ms for the Ningbo catalogue),
// so that opening or reloading a snapshot does not wait for them.
func (e *encodedViews) get(snap *index.Snapshot) *encodedViews {
	e.once.Do(func() {
		counts := snap.Meta().Counts
		e.courses = make(map[string]json.RawMessage, counts.Courses)
		for _, c := range snap.Courses() {
			e.courses[c.ID] = mustJSON(newCourseView(&c))
		}
		e.institutions = make(map[string]json.RawMessage, counts.Institutions)
		for _, in := range snap.Institutions() {
			e.institutions[in.ID] = mustJSON(views{snap: snap}.institution(&in))
		}
		e.sites = map[geo.CRS]map[string]json.RawMessage{}
		for _, crs := range geo.CRSs() {
			m := make(map[string]json.RawMessage, counts.Sites)
			for _, s := range snap.AllSites() {
				m[s.ID] = mustJSON(views{snap: snap, crs: crs}.site(&s))
			}
			e.sites[crs] = m
		}
	})
	return e
}

func (e *encodedViews) course(c *data.Course) json.RawMessage { return e.courses[c.ID] }

func (e *encodedViews) institution(in *data.Institution) json.RawMessage {
	return e.institutions[in.ID]
}

func (e *encodedViews) site(crs geo.CRS, s *data.Site) json.RawMessage { return e.sites[crs][s.ID] }

// mustJSON encodes a view: plain structs of strings, numbers and slices,
// which always encode.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("api: encoding a view: " + err.Error())
	}
	return b
}
