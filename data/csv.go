package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

// table is one CSV file read whole: its header and its rows. Reading never
// stops at a bad row; every problem is collected with its line.
type table struct {
	file    string
	columns map[string]int
	crs     geo.CRS // from the lng_*/lat_* column pair, if the file has one
	rows    []*row
}

// row is one record and the problems found while reading its fields.
type row struct {
	t        *table
	line     int
	fields   []string
	problems []Problem
}

// readTable reads a CSV file whose header must hold every required column
// and may hold the optional ones. withPoint says the file has a coordinate
// pair and so declares its coordinate system.
func readTable(fsys fs.FS, file string, required, optional []string, withPoint bool) (*table, []Problem) {
	raw, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, []Problem{{File: file, Reason: readReason(err)}}
	}
	r := newCSVReader(bytes.NewReader(raw))
	header, err := r.Read()
	if err != nil {
		return nil, []Problem{{File: file, Line: 1, Field: "header", Reason: csvReason(err)}}
	}
	t := &table{file: file, columns: map[string]int{}}
	var problems []Problem
	known := map[string]bool{}
	for _, c := range append(append([]string{}, required...), optional...) {
		known[c] = true
	}
	var lngCRS, latCRS []geo.CRS
	for i, name := range header {
		name = strings.TrimSpace(name)
		if _, dup := t.columns[name]; dup {
			problems = append(problems, Problem{File: file, Line: 1, Field: name, Reason: "column appears twice"})
			continue
		}
		t.columns[name] = i
		if withPoint {
			if c, ok := coordinateColumn(name, "lng_"); ok {
				lngCRS = append(lngCRS, c)
				continue
			}
			if c, ok := coordinateColumn(name, "lat_"); ok {
				latCRS = append(latCRS, c)
				continue
			}
		}
		if !known[name] {
			problems = append(problems, Problem{File: file, Line: 1, Field: name,
				Reason: "unknown column (expected " + strings.Join(append(append([]string{}, required...), optional...), ", ") + ")"})
		}
	}
	for _, c := range required {
		if _, ok := t.columns[c]; !ok {
			problems = append(problems, Problem{File: file, Line: 1, Field: c, Reason: "required column is missing"})
		}
	}
	if withPoint {
		switch {
		case len(lngCRS) != 1 || len(latCRS) != 1 || lngCRS[0] != latCRS[0]:
			problems = append(problems, Problem{File: file, Line: 1, Field: "lng_*,lat_*",
				Reason: "the header must hold exactly one coordinate pair naming its system: lng_wgs84,lat_wgs84 or lng_gcj02,lat_gcj02 or lng_bd09,lat_bd09"})
		default:
			t.crs = lngCRS[0]
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	problems = append(problems, eachRow(r, file, func(line int, fields []string) []Problem {
		rw := &row{t: t, line: line, fields: fields}
		if len(fields) != len(header) {
			rw.fail("row", fmt.Sprintf("has %d fields, the header has %d", len(fields), len(header)))
		}
		t.rows = append(t.rows, rw)
		return nil // the row keeps its own
	})...)
	return t, problems
}

// newCSVReader reads CSV as every file of ours is read: a UTF-8 byte-order
// mark (which Excel writes) is dropped, and rows of any width are read, so
// that a short or long one is reported by the caller, with its line.
func newCSVReader(r io.Reader) *csv.Reader {
	cr := csv.NewReader(&bomSkipper{r: r})
	cr.FieldsPerRecord = -1
	return cr
}

// eachRow calls each with every row after the header, and its line; blank
// lines are skipped. It returns the problems each returns and those of rows
// csv cannot read (with their lines), in the order of the file; reading
// goes on after a bad row, but not after an unterminated quote, after which
// the rest of the file cannot be framed reliably. each must copy fields to
// keep them if r reuses records.
func eachRow(r *csv.Reader, file string, each func(line int, fields []string) []Problem) []Problem {
	var problems []Problem
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return problems
		}
		if err != nil {
			// FieldPos panics after a failed Read: take the line from the error.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			problems = append(problems, Problem{File: file, Line: line, Field: "row", Reason: csvReason(err)})
			if pe != nil && pe.Err == csv.ErrQuote {
				return problems
			}
			continue
		}
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue // blank line
		}
		line, _ := r.FieldPos(0)
		problems = append(problems, each(line, fields)...)
	}
}

// bomSkipper drops a UTF-8 byte-order mark at the start of a stream.
type bomSkipper struct {
	r       io.Reader
	started bool
}

func coordinateColumn(name, prefix string) (geo.CRS, bool) {
	if !strings.HasPrefix(name, prefix) {
		return "", false
	}
	c, err := geo.ParseCRS(strings.TrimPrefix(name, prefix))
	return c, err == nil
}

func readReason(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "file is missing"
	}
	return err.Error()
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "malformed CSV: " + pe.Err.Error()
	}
	return err.Error()
}

func (r *row) fail(field, reason string) {
	r.problems = append(r.problems, Problem{File: r.t.file, Line: r.line, Field: field, Reason: reason})
}

func (r *row) ok() bool { return len(r.problems) == 0 }

// str is the trimmed value of a column ("" if the file lacks the column).
func (r *row) str(field string) string {
	i, ok := r.t.columns[field]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

func (r *row) text(field string, required bool, maxRunes int) string {
	s := r.str(field)
	switch {
	case s == "" && required:
		r.fail(field, "is empty")
	case len([]rune(s)) > maxRunes:
		r.fail(field, fmt.Sprintf("is longer than %d characters", maxRunes))
	}
	return s
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (r *row) id(field string) string {
	s := r.str(field)
	if !idPattern.MatchString(s) {
		if s == "" {
			r.fail(field, "is empty")
		} else {
			r.fail(field, fmt.Sprintf("%q is not an id (1-64 of A-Z a-z 0-9 _ -)", s))
		}
	}
	return s
}

func (r *row) integer(field string, min, max int) int {
	s := r.str(field)
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		r.fail(field, fmt.Sprintf("%q is not a whole number", s))
	case n < min || n > max:
		r.fail(field, fmt.Sprintf("%d is outside %d..%d", n, min, max))
	}
	return n
}

func (r *row) number(field string, min, max float64) float64 {
	s := r.str(field)
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		r.fail(field, fmt.Sprintf("%q is not a number", s))
	case f < min || f > max:
		r.fail(field, fmt.Sprintf("%v is outside %v..%v", f, min, max))
	}
	return f
}

func (r *row) boolean(field string) bool {
	switch strings.ToLower(r.str(field)) {
	case "true", "1", "是", "yes":
		return true
	case "false", "0", "否", "no":
		return false
	}
	r.fail(field, fmt.Sprintf("%q is not true or false", r.str(field)))
	return false
}

func (r *row) date(field string) time.Time {
	s := r.str(field)
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		r.fail(field, fmt.Sprintf("%q is not a date (YYYY-MM-DD)", s))
	}
	return d
}

func (r *row) url(field string, required bool) string {
	s := r.str(field)
	if s == "" {
		if required {
			r.fail(field, "is empty")
		}
		return s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.fail(field, fmt.Sprintf("%q is not an http(s) URL", s))
	}
	return s
}

var occupationPattern = regexp.MustCompile(`^[1-8]-\d{2}-\d{2}-\d{2}$`)

func (r *row) occupationCode(field string) string {
	s := r.str(field)
	if s != "" && !occupationPattern.MatchString(s) {
		r.fail(field, fmt.Sprintf("%q is not an occupation code like 6-18-02-04", s))
	}
	return s
}

// list splits a ;-separated column, dropping empty items.
func (r *row) list(field string) []string {
	var out []string
	for _, s := range strings.Split(r.str(field), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// enumerated parses a column with one of the Parse* functions.
func enumerated[T ~string](r *row, field string, parse func(string) (T, error)) T {
	v, err := parse(r.str(field))
	if err != nil {
		r.fail(field, unknownReason(err))
	}
	return v
}

// unknownReason is the part of a Parse* error that a row problem needs:
// the row's field is already named, so the enum's name is dropped too.
func unknownReason(err error) string {
	msg := strings.TrimPrefix(err.Error(), ErrUnknownValue.Error()+": ")
	if i := strings.Index(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// point reads the file's coordinate pair and converts it to WGS-84.
func (r *row) point() orb.Point {
	lngField, latField := "lng_"+string(r.t.crs), "lat_"+string(r.t.crs)
	lng := r.number(lngField, -180, 180)
	lat := r.number(latField, -90, 90)
	if !r.ok() {
		return orb.Point{}
	}
	return r.t.crs.ToWGS84(orb.Point{lng, lat})
}

// latField names the column to blame for a location outside the region.
func (r *row) latField() string { return "lat_" + string(r.t.crs) }

func (b *bomSkipper) Read(p []byte) (int, error) {
	if b.started {
		return b.r.Read(p)
	}
	b.started = true
	var head [3]byte
	n, err := io.ReadFull(b.r, head[:])
	rest := head[:n]
	rest = bytes.TrimPrefix(rest, []byte("\uFEFF"))
	copied := copy(p, rest)
	if copied < len(rest) {
		// p is tiny: hand back the unread part first.
		b.r = io.MultiReader(bytes.NewReader(rest[copied:]), b.r)
		return copied, nil
	}
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		if copied == 0 {
			return 0, io.EOF
		}
		return copied, nil
	}
	return copied, err
}
