package data

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Limits on metro_stations.csv's lines column.
const (
	maxLineRunes = 20
	maxLineOrder = 999
)

var pinyinPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z' -]*$`)

// loadStations reads the optional metro_stations.csv. Every station must lie
// in the region (within districtTolerance of a district), and no two may
// share a name or the same order on one line.
func (l *loader) loadStations() {
	t := l.table(StationsFile, []string{"id", "name", "lines"}, []string{"pinyin"}, true, false)
	if t == nil {
		return
	}
	ids, names := map[string]int{}, map[string]int{}
	type stop struct {
		name string
		line int
	}
	taken := map[LineStop]stop{} // each line's orders, kept rows only
	for _, r := range t.rows {
		s := Station{
			ID:       r.id("id"),
			Name:     r.text("name", true, 50),
			Pinyin:   r.text("pinyin", false, 100),
			Location: r.point(),
		}
		unique(r, "id", s.ID, ids)
		if first, dup := names[s.Name]; dup && s.Name != "" {
			r.fail("name", fmt.Sprintf("duplicate station %q (first on line %d): a transfer station is one row listing all its lines", s.Name, first))
		} else {
			names[s.Name] = r.line
		}
		if s.Pinyin != "" && !pinyinPattern.MatchString(s.Pinyin) {
			r.fail("pinyin", fmt.Sprintf("%q is not pinyin (Latin letters, spaces, ' and -)", s.Pinyin))
		}
		s.Lines = parseLineStops(r)
		for _, ls := range s.Lines {
			if other, dup := taken[ls]; dup {
				r.fail("lines", fmt.Sprintf("%s#%d is also %s (line %d)", ls.Line, ls.Order, other.name, other.line))
			}
		}
		if r.ok() {
			l.checkInRegion(r, s.Location)
		}
		if l.keep(r, false) {
			l.cat.Stations = append(l.cat.Stations, s)
			for _, ls := range s.Lines {
				taken[ls] = stop{s.Name, r.line}
			}
		}
	}
}

// parseLineStops reads the lines column: line#order items separated by ;,
// e.g. 1号线#11;2号线#5.
func parseLineStops(r *row) []LineStop {
	items := r.list("lines")
	if len(items) == 0 {
		r.fail("lines", "is empty: a station serves at least one line (e.g. 1号线#11)")
		return nil
	}
	var out []LineStop
	seen := map[string]bool{}
	for _, item := range items {
		name, num, found := strings.Cut(item, "#")
		name = strings.TrimSpace(name)
		order, err := strconv.Atoi(strings.TrimSpace(num))
		switch {
		case !found || name == "" || err != nil || strings.Contains(num, "#"):
			r.fail("lines", fmt.Sprintf("%q is not line#order (e.g. 1号线#11)", item))
			continue
		case utf8.RuneCountInString(name) > maxLineRunes:
			r.fail("lines", fmt.Sprintf("line %q is longer than %d characters", name, maxLineRunes))
			continue
		case order < 1 || order > maxLineOrder:
			r.fail("lines", fmt.Sprintf("%q: order %d is outside 1..%d", item, order, maxLineOrder))
			continue
		case seen[name]:
			r.fail("lines", fmt.Sprintf("line %s is listed twice", name))
			continue
		}
		seen[name] = true
		out = append(out, LineStop{Line: name, Order: order})
	}
	return out
}

// checkInRegion fails a row whose point is in no district (allowing
// districtTolerance for points on a boundary).
func (l *loader) checkInRegion(r *row, p orb.Point) {
	for _, a := range l.areas {
		if a.DistanceTo(p) <= districtTolerance {
			return
		}
	}
	r.fail(r.latField(), fmt.Sprintf("(%.6f, %.6f) is outside the region (%s)", p[0], p[1], l.cat.Region.Name))
}
