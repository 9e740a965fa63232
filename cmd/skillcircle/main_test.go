package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/internal/follow"
)

// runCmd runs the command line in process and returns what it printed.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func courseCount(t *testing.T) int {
	t.Helper()
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return len(cat.Courses)
}

// copyDir copies a catalogue directory so that a test can break it.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

func TestBuildSearchValidate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	out, _, err := runCmd(t, "build", "--out", db)
	if err != nil || !strings.Contains(out, fmt.Sprintf("%d courses", courseCount(t))) {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// Beside it, its checksum in sha256sum's format, for serve --follow.
	sumFile, _ := os.ReadFile(db + ".sha256")
	if sum, err := follow.ParseChecksum(bytes.NewReader(sumFile)); err != nil || !strings.HasSuffix(string(sumFile), "  s.db\n") ||
		sum != fileSHA256(t, db) {
		t.Errorf("s.db.sha256 holds %q (%v), not the snapshot's SHA-256", sumFile, err)
	}
	out, _, err = runCmd(t, "build", "--out", db, "--if-stale")
	if err != nil || !strings.Contains(out, "is up to date") {
		t.Fatalf("build --if-stale: %v\n%s", err, out)
	}

	out, _, err = runCmd(t, "search", "--snapshot", db, "--near", "121.5503,29.8730", "--mode", "walk", "--minutes", "15", "--q", "数控")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || !strings.Contains(lines[0], `matching "数控"`) || !strings.HasPrefix(lines[1], "MIN") {
		t.Fatalf("search output:\n%s", out)
	}
	if !strings.Contains(lines[2], "数控") {
		t.Errorf("first hit is not about 数控: %s", lines[2])
	}

	out, _, err = runCmd(t, "search", "--snapshot", db, "--near", "121.5503,29.8730", "--q", "数控", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Total int
		Hits  []struct {
			TravelMinutes float64 `json:"travel_minutes"`
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Total == 0 || r.Hits[0].TravelMinutes > 15 {
		t.Errorf("--json: %v %+v", err, r)
	}

	// The API's own messages reach the command line.
	_, _, err = runCmd(t, "search", "--snapshot", db, "--near", "121.55,29.87", "--minutes", "90")
	if err == nil || !strings.Contains(err.Error(), "minutes: 90 is outside 1..60") {
		t.Errorf("minutes 90: %v", err)
	}
	_, _, err = runCmd(t, "search", "--snapshot", db, "--near", "29.87,121.55")
	if err == nil || !strings.Contains(err.Error(), "LNG,LAT") {
		t.Errorf("swapped coordinates: %v", err)
	}
	if _, _, err := runCmd(t, "search", "--snapshot", db); !errors.Is(err, errUsage) {
		t.Errorf("no --near: %v", err)
	}

	out, _, err = runCmd(t, "validate", "../../data/ningbo")
	if err != nil || !strings.Contains(out, ": ok: 10 districts, 156 townships") {
		t.Errorf("validate: %v %s", err, out)
	}
}

func TestBadCatalogueKeepsSnapshot(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, _, err := runCmd(t, "build", "--out", db); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(db)
	dir := copyDir(t, "../../data/ningbo")
	b, _ := os.ReadFile(filepath.Join(dir, "courses.csv"))
	lines := strings.SplitN(string(b), "\n", 4)
	lines[2] = strings.Replace(lines[2], ",onsite,", ",by pigeon,", 1)
	os.WriteFile(filepath.Join(dir, "courses.csv"), []byte(strings.Join(lines, "\n")), 0o644)

	out, _, err := runCmd(t, "validate", dir)
	if !errors.Is(err, errReported) || !strings.Contains(out, `courses.csv:3: delivery: "by pigeon" is not one of onsite (线下)`) {
		t.Fatalf("validate: %v\n%s", err, out)
	}
	_, errOut, err := runCmd(t, "build", "--data", dir, "--out", db)
	if !errors.Is(err, errReported) || !strings.Contains(errOut, "nothing was built") {
		t.Fatalf("build of a bad catalogue: %v\n%s", err, errOut)
	}
	after, _ := os.Stat(db)
	if !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Error("the snapshot changed")
	}
	out, errOut, err = runCmd(t, "build", "--data", dir, "--out", db, "--skip-bad-rows")
	if err != nil || !strings.Contains(errOut, "skipped 1 bad rows (courses.csv 1)") || !strings.Contains(out, fmt.Sprintf("%d courses", courseCount(t)-1)) {
		t.Errorf("--skip-bad-rows: %v\n%s\n%s", err, out, errOut)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"fly"}, {"build", "extra"}, {"validate"}} {
		if _, _, err := runCmd(t, args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

// TestServe starts the real server on a free port and asks it a question.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, _, err := runCmd(t, "build", "--out", db); err != nil {
		t.Fatal(err)
	}
	base, _, stop := startServe(t, 1, "--snapshot", db)
	if status := getStatus(t, base+"/v1/search?lat=29.873&lng=121.5503&q=数控"); status != 200 {
		t.Errorf("status %d", status)
	}
	stop()
}

// TestServeRegions serves a directory of two snapshots, Ningbo's and the
// Monaco test catalogue's: one region each, a point in each answered by
// its own, and a shard that does not hold them refused.
func TestServeRegions(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCmd(t, "build", "--out", filepath.Join(dir, "ningbo.db")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "build", "--data", "../../index/testdata/monaco", "--out", filepath.Join(dir, "monaco.db")); err != nil {
		t.Fatal(err)
	}
	base, said, stop := startServe(t, 2, "--snapshot", dir)
	defer stop()
	if !strings.Contains(said, "as region monaco-test") || !strings.Contains(said, "as region ningbo") {
		t.Errorf("serve said %q", said)
	}
	for path, want := range map[string]int{
		"/v1/search?lat=29.873&lng=121.5503&q=数控": 200, "/v1/search?lat=43.7393&lng=7.4278": 200,
		"/v1/search?lat=31.2304&lng=121.4737": 404, "/v1/suggest?q=shuk": 400, "/v1/suggest?q=shuk&region=monaco-test": 200,
	} {
		if status := getStatus(t, base+path); status != want {
			t.Errorf("%s: %d, want %d", path, status, want)
		}
	}
	_, _, err := runCmd(t, "serve", "--snapshot", dir, "--addr", "127.0.0.1:0",
		"--cluster.shards", "east=ningbo,west=monaco-test", "--cluster.shard", "west")
	if err == nil || !strings.Contains(err.Error(), "shard west holds monaco-test, but the snapshots are of monaco-test, ningbo") {
		t.Errorf("a replica of another shard: %v", err)
	}
}

// TestServeFollowsRegions: two regions each following its own published
// file (--follow DIR/ follows DIR/<file name>); a new Monaco published is
// served, Ningbo's unchanged file is not reloaded.
func TestServeFollowsRegions(t *testing.T) {
	published, served := t.TempDir(), t.TempDir()
	build := func(dir, name string, args ...string) {
		t.Helper()
		if _, _, err := runCmd(t, append([]string{"build", "--out", filepath.Join(dir, name)}, args...)...); err != nil {
			t.Fatal(err)
		}
	}
	monaco := []string{"--data", "../../index/testdata/monaco"}
	build(published, "ningbo.db")
	build(published, "monaco.db", monaco...)
	for _, name := range []string{"ningbo.db", "monaco.db"} {
		b, err := os.ReadFile(filepath.Join(published, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(served, name), b, 0o644)
	}
	base, _, stop := startServe(t, 2, "--snapshot", filepath.Join(served, "ningbo.db"), "--snapshot", filepath.Join(served, "monaco.db"),
		"--follow", published+"/", "--server.follow_interval", "200ms")
	defer stop()
	before := regionChecksums(t, base)
	travel := filepath.Join(t.TempDir(), "travel.json")
	os.WriteFile(travel, []byte(`{"walk":{"speed_kmh":3.0,"detour":1.3,"overhead_minutes":0}}`), 0o644)
	build(published, "monaco.db", append(monaco, "--travel", travel)...)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		after := regionChecksums(t, base)
		if after["monaco-test"] != before["monaco-test"] {
			if after["ningbo"] != before["ningbo"] {
				t.Errorf("Ningbo's snapshot changed with Monaco's")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the new Monaco snapshot was not followed within 30 s")
		}
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`skillcircle_snapshot_follow_total{region="monaco-test",result="ok"} 1`,
		`skillcircle_snapshot_follow_total{region="ningbo",result="ok"} 0`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// regionChecksums reads each region's snapshot checksum from /v1/regions.
func regionChecksums(t *testing.T, base string) map[string]string {
	t.Helper()
	resp, err := http.Get(base + "/v1/regions")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Regions []struct {
			ID       string
			Snapshot struct{ Checksum string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, r := range out.Regions {
		sums[r.ID] = r.Snapshot.Checksum
	}
	return sums
}

// startServe runs serve with args on a free port until stop, and returns
// its URL and the first lines it printed (one per region).
func startServe(t *testing.T, lines int, args ...string) (base, said string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log.requests=false"}, args...), pw, io.Discard)
		pw.Close()
	}()
	r := bufio.NewReader(pr)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	said = line
	for range lines - 1 {
		more, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		said += more
	}
	go io.Copy(io.Discard, r)
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("serve said %q", line)
	}
	base = strings.Fields(line[i:])[0]
	return base, said, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not shut down")
		}
	}
}

func getStatus(t *testing.T, u string) int {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestConfigCommand(t *testing.T) {
	out, _, err := runCmd(t, "config", "--limits.burst", "5", "--admin.token", "0123456789abcdef0123")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\nburst = 5\n") || strings.Contains(out, "0123456789abcdef") {
		t.Errorf("config printed:\n%s", out)
	}
}

// The package comment's synopsis is the usage the command prints, so that
// go doc and --help say the same.
func TestSynopsisIsUsage(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var synopsis []string
	for _, line := range strings.Split(f.Doc.Text(), "\n") {
		if strings.HasPrefix(line, "\t") {
			synopsis = append(synopsis, "  "+line[1:])
		}
	}
	_, rest, _ := strings.Cut(usage, "Usage:\n")
	commands, _, _ := strings.Cut(rest, "\n\n")
	if got := strings.Join(synopsis, "\n"); got != commands {
		t.Errorf("main.go's synopsis:\n%s\nusage:\n%s", got, commands)
	}
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
