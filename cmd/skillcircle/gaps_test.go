package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/planreport"
)

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "\uFEFF") {
		t.Errorf("%s has no byte-order mark (Excel reads it as ANSI)", path)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// gapsDB is one snapshot of the default catalogue for the gaps tests.
var gapsDB struct {
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if gapsDB.path != "" {
		os.RemoveAll(filepath.Dir(gapsDB.path))
	}
	os.Exit(code)
}

func gapsSnapshot(t *testing.T) string {
	t.Helper()
	gapsDB.once.Do(func() {
		dir, err := os.MkdirTemp("", "skillcircle-gaps-*")
		if err != nil {
			gapsDB.err = err
			return
		}
		gapsDB.path = filepath.Join(dir, "s.db")
		_, _, gapsDB.err = runCmd(t, "build", "--out", gapsDB.path)
	})
	if gapsDB.err != nil {
		t.Fatal(gapsDB.err)
	}
	return gapsDB.path
}

// gaps writes tables that add up, GeoJSON of the same uncovered people,
// the suggestions, and a report that needs nothing from the network.
func TestGaps(t *testing.T) {
	db := gapsSnapshot(t)
	out := filepath.Join(t.TempDir(), "gaps")
	stdout, _, err := runCmd(t, "gaps", "--snapshot", db, "--family", "先进制造业", "--mode", "步行", "--minutes", "15", "--k", "4", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "宁波市:") || !strings.Contains(stdout, "  4. ") || !strings.Contains(stdout, "report.html") {
		t.Errorf("output:\n%s", stdout)
	}
	areas := readCSV(t, filepath.Join(out, "areas.csv"))
	city := areas[0]
	pop, covered, uncovered := atoi(t, city["population"]), atoi(t, city["covered"]), atoi(t, city["uncovered"])
	if city["level"] != "city" || pop != 9404283 || covered+uncovered != pop || covered == 0 {
		t.Fatalf("city row %v", city)
	}
	districts, townships := 0, 0
	for _, a := range areas[1:] {
		if atoi(t, a["covered"])+atoi(t, a["uncovered"]) != atoi(t, a["population"]) {
			t.Errorf("%s %s does not add up: %v", a["level"], a["name"], a)
		}
		switch a["level"] {
		case "district":
			districts++
		case "township":
			townships++
		}
	}
	if districts != 10 || townships != 156 {
		t.Errorf("%d districts, %d townships", districts, townships)
	}
	sugg := readCSV(t, filepath.Join(out, "suggestions.csv"))
	if len(sugg) != 4 || atoi(t, sugg[0]["covered"]) != covered+atoi(t, sugg[0]["gain"]) {
		t.Errorf("suggestions %v", sugg)
	}
	var fc struct {
		Features []struct {
			Geometry   struct{ Type string }
			Properties map[string]any
		}
	}
	raw, _ := os.ReadFile(filepath.Join(out, "uncovered.geojson"))
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	people, points := 0, 0
	for _, f := range fc.Features {
		switch f.Properties["kind"] {
		case "uncovered_cell":
			people += int(f.Properties["population"].(float64))
		case "suggestion":
			points++
		}
	}
	if people != uncovered || points != 4 {
		t.Errorf("GeoJSON: %d people uncovered (areas.csv %d), %d suggestions", people, uncovered, points)
	}
	cells := readCSV(t, filepath.Join(out, "cells.csv"))
	sum := 0
	for _, c := range cells {
		sum += atoi(t, c["population"])
	}
	if sum != pop {
		t.Errorf("cells.csv holds %d people", sum)
	}
	if len(readCSV(t, filepath.Join(out, "trades.csv"))) == 0 || len(readCSV(t, filepath.Join(out, "demand.csv"))) == 0 {
		t.Error("no demand rows")
	}

	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	report := string(html)
	for _, want := range []string{"<svg", "@media print", "明楼街道", planreport.FormatInt(covered), planreport.FormatInt(pop), "海曙区", "姜山镇"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Self-contained: no script, and nothing loaded from anywhere.
	if m := regexp.MustCompile(`(?i)<script|<link|<img|<iframe|src=|url\(|@import|https?://[^"<\s]*\.(js|css|png|jpg|svg)`).FindString(report); m != "" {
		t.Errorf("report loads something: %q", m)
	}
}

func TestGapsBadFlags(t *testing.T) {
	db := gapsSnapshot(t)
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"--mode", "boat"}, "--mode"},
		{[]string{"--family", "robots"}, "--family"},
		{[]string{"--district", "火星区"}, "--district"},
		{[]string{"--k", "11"}, "--k: 11 is outside 1..10"},
		{[]string{"--minutes", "0"}, "--minutes: 0 is outside 1..60"},
	} {
		_, _, err := runCmd(t, append([]string{"gaps", "--snapshot", db, "--out", t.TempDir()}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%v: %v", tc.args, err)
		}
	}
}

// build --population: a grid replaces the model; a grid with bad rows is
// refused, each problem as file:line: field: reason, and nothing is built.
func TestBuildPopulationGrid(t *testing.T) {
	dir := t.TempDir()
	grid := filepath.Join(dir, "grid.csv")
	// 天一广场's resolution-7 cell and one in the East China Sea.
	if err := os.WriteFile(grid, []byte("h3,population\n874b34350ffffff,7000\n874b3135bffffff,700\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	out, _, err := runCmd(t, "build", "--out", db, "--population", grid)
	if err != nil || !strings.Contains(out, "population: 7000 people on 7 cells at H3 resolution 8, from grid.csv (resolution 7); 700 people in 7 cells outside every district left out") {
		t.Fatalf("build --population: %v\n%s", err, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("h3,population\n874b34350ffffff,-5\nnot-a-cell,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCmd(t, "build", "--out", filepath.Join(dir, "bad.db"), "--population", bad)
	if err == nil || !strings.Contains(stderr, "bad.csv:2: population: -5 is negative") || !strings.Contains(stderr, `bad.csv:3: h3: "not-a-cell" is not an H3 cell index`) {
		t.Errorf("bad grid: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.db")); err == nil {
		t.Error("a snapshot was built from a bad grid")
	}
}

// The API serves gaps' files for the same analysis (format=), byte for
// byte: one renderer per format, whoever asks.
func TestGapsFilesAreTheAPIs(t *testing.T) {
	db := gapsSnapshot(t)
	out := filepath.Join(t.TempDir(), "gaps")
	if _, _, err := runCmd(t, "gaps", "--snapshot", db, "--family", "manufacturing", "--mode", "ebike", "--minutes", "15",
		"--district", "330212", "--k", "3", "--out", out); err != nil {
		t.Fatal(err)
	}
	snap, err := index.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	srv := api.New(snap, api.Options{})
	params := map[string]string{"family": "manufacturing", "mode": "ebike", "minutes": "15", "district": "330212"}
	for _, tc := range []struct{ file, path, format, k string }{
		{"areas.csv", "/v1/coverage", "csv", ""},
		{"suggestions.csv", "/v1/coverage/suggest", "csv", "3"},
		{"uncovered.geojson", "/v1/coverage/suggest", "geojson", "3"},
		{"demand.csv", "/v1/coverage/demand", "csv", ""},
	} {
		q := map[string]string{"format": tc.format}
		for k, v := range params {
			q[k] = v
		}
		if tc.k != "" {
			q["k"] = tc.k
		}
		body, err := api.Query(context.Background(), srv, tc.path, q)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		want, err := os.ReadFile(filepath.Join(out, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("%s?format=%s is not gaps' %s (%d bytes against %d)", tc.path, tc.format, tc.file, len(body), len(want))
		}
	}
}
