package index

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

// Every course of the default catalogue comes back from its binary
// encoding as it came back from JSON, the encoding it replaces.
func TestCourseCodecRoundTrip(t *testing.T) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var table stringTable
	courses := append(cat.Courses, data.Course{ID: "empty"}, data.Course{ID: "lists", SiteIDs: []string{},
		SubsidyGroups: []data.Group{data.Veteran}, StartDate: time.Date(2026, 3, 1, 9, 0, 0, 0, time.FixedZone("", 8*3600))})
	encoded := make([][]byte, len(courses))
	for i := range courses {
		var err error
		if encoded[i], err = encodeCourse(nil, &table, &courses[i]); err != nil {
			t.Fatal(err)
		}
	}
	strs, err := decodeStrings(table.encode())
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range encoded {
		var got, want data.Course
		if err := decodeCourse(strs, b, &got); err != nil {
			t.Fatalf("course %s: %v", courses[i].ID, err)
		}
		js, _ := json.Marshal(courses[i])
		if err := json.Unmarshal(js, &want); err != nil {
			t.Fatal(err)
		}
		if !got.StartDate.Equal(want.StartDate) || got.StartDate.Format(time.RFC3339Nano) != want.StartDate.Format(time.RFC3339Nano) {
			t.Errorf("course %s: start %v, want %v", want.ID, got.StartDate, want.StartDate)
		}
		got.StartDate, want.StartDate = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("course %s:\n got %#v\nwant %#v", want.ID, got, want)
		}
	}
}

// A damaged encoding is an error, never a panic or a half-read course
// taken for whole.
func TestCourseCodecDamaged(t *testing.T) {
	c := data.Course{ID: "c1", Title: "焊工", SiteIDs: []string{"s1", "s2"}, FeeCNY: 120, StartDate: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	var table stringTable
	b, err := encodeCourse(nil, &table, &c)
	if err != nil {
		t.Fatal(err)
	}
	strs := table.strings
	for n := range len(b) {
		var got data.Course
		if decodeCourse(strs, b[:n], &got) == nil {
			t.Errorf("the first %d of %d bytes decoded without error", n, len(b))
		}
	}
	long := append(append([]byte(nil), b...), 0)
	if decodeCourse(strs, long, new(data.Course)) == nil {
		t.Error("a trailing byte decoded without error")
	}
	bad := append([]byte(nil), b...)
	bad[0] = courseVersion + 1
	if decodeCourse(strs, bad, new(data.Course)) == nil {
		t.Error("another encoding version decoded without error")
	}
	if decodeCourse(strs[:len(strs)-1], b, new(data.Course)) == nil {
		t.Error("a string past the end of the table decoded without error")
	}
	enc := table.encode()
	for n := range len(enc) {
		if _, err := decodeStrings(enc[:n]); err == nil {
			t.Errorf("the first %d of %d bytes of the string table decoded without error", n, len(enc))
		}
	}
}
