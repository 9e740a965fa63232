package index

import (
	"slices"
	"strings"
)

// A search walks the courses of every site within reach. siteEntries keep
// them site after site in one array, each beside the traits a filter
// tests, so that the walk reads memory in order instead of jumping into
// the course and trait tables once per course: at a hundred times the
// default catalogue a 60-minute drive meets over half a million.

// siteEntry is one course meeting at a site.
type siteEntry struct {
	course int32
	traits courseTraits
	// multi: the course meets at other sites too, so a search must find
	// which reachable one is nearest and count it once.
	multi bool
}

// siteEntries are the courses of every site: site si's are
// entries[start[si]:start[si+1]], in catalogue order.
type siteEntries struct {
	start   []int32
	entries []siteEntry
}

// at returns the courses meeting at site si.
func (e *siteEntries) at(si int32) []siteEntry { return e.entries[e.start[si]:e.start[si+1]] }

// indexSiteEntries fills s.siteEntries from siteCourses, courseSites and
// traits, and s.siteIDRank.
func (s *Snapshot) indexSiteEntries() {
	n := 0
	for _, cs := range s.siteCourses {
		n += len(cs)
	}
	e := siteEntries{start: make([]int32, len(s.sites)+1), entries: make([]siteEntry, 0, n)}
	for si, cs := range s.siteCourses {
		e.start[si] = int32(len(e.entries))
		for _, ci := range cs {
			e.entries = append(e.entries, siteEntry{course: ci, traits: s.traits[ci], multi: len(s.courseSites[ci]) > 1})
		}
	}
	e.start[len(s.sites)] = int32(len(e.entries))
	s.siteEntries = e

	byID := make([]int32, len(s.sites))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(s.sites[a].ID, s.sites[b].ID) })
	s.siteIDRank = make([]int32, len(s.sites))
	for rank, si := range byID {
		s.siteIDRank[si] = int32(rank)
	}
}

// passes reports whether the entry's course passes f.
func (f *filter) passes(e *siteEntry) bool {
	return f.traitsPass(&e.traits) && (!f.others || f.othersPass(e.course))
}
