package main

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestGeocodeReverseAndSearchFromAddresses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, _, err := runCmd(t, "build", "--out", db); err != nil {
		t.Fatal(err)
	}

	out, _, err := runCmd(t, "geocode", "--snapshot", db, "鄞州区姜山镇明光北路1166号")
	if err != nil || !strings.HasPrefix(out, "→ 姜山镇 (township) in 鄞州区") || !strings.Contains(out, "not recognised: 明光北路") {
		t.Errorf("geocode: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "geocode", "--snapshot", db, "Jiangshan", "Town,", "Yinzhou", "District")
	if err != nil || !strings.HasPrefix(out, "→ 姜山镇 (township)") {
		t.Errorf("geocode in English: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "geocode", "--snapshot", db, "职教中心")
	if err != nil || !strings.Contains(out, "is ambiguous") || strings.Count(out, "\n") < 3 {
		t.Errorf("ambiguous: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "geocode", "--snapshot", db, "--json", "--crs", "gcj02", "东门口")
	var g struct {
		Result struct{ Name, CRS, Level string }
	}
	if err != nil || json.Unmarshal([]byte(out), &g) != nil || g.Result.Name != "东门口(天一广场)" || g.Result.CRS != "gcj02" || g.Result.Level != "place" {
		t.Errorf("geocode --json: %v\n%s", err, out)
	}
	if _, _, err = runCmd(t, "geocode", "--snapshot", db, "北京市朝阳区建国路88号"); err == nil || !strings.Contains(err.Error(), "outside 宁波市") {
		t.Errorf("Beijing: %v", err)
	}
	if _, _, err = runCmd(t, "geocode", "--snapshot", db); !errors.Is(err, errUsage) {
		t.Errorf("no text: %v", err)
	}

	out, _, err = runCmd(t, "reverse", "--snapshot", db, "121.5503,29.8730")
	if err != nil || !strings.HasPrefix(out, "海曙区 330203, ") || !strings.Contains(out, "approximately") {
		t.Errorf("reverse: %v\n%s", err, out)
	}

	out, _, err = runCmd(t, "search", "--snapshot", db, "--address", "江东区福明街道", "--workplace", "海天集团", "--mode", "ebike", "--minutes", "20", "--q", "数控")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`from home: "江东区福明街道" is 福明街道 (township)`, `from work: "海天集团" is 海天集团股份有限公司 (place, enterprise)`, " work  "} {
		if !strings.Contains(out, want) {
			t.Errorf("search from home and work lacks %q:\n%s", want, out)
		}
	}
	// 顺路: the courses on the way from work to home, each with its detour and legs.
	out, _, err = runCmd(t, "search", "--snapshot", db, "--address", "鄞州区首南街道", "--workplace", "江北区庄桥街道",
		"--along", "commute", "--detour", "10", "--mode", "ebike", "--limit", "5")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "on the way from work to home by ebike (estimated): each adds at most 10 min to the 61.4 min trip") ||
		!regexp.MustCompile(`(?m)^\+\d+\.\d \(\d+\.\d→site→\d+\.\d\)`).MatchString(out) {
		t.Errorf("search along the commute:\n%s", out)
	}
	if _, _, err = runCmd(t, "search", "--snapshot", db, "--address", "姜山镇", "--along", "commute"); err == nil || !strings.Contains(err.Error(), "along") {
		t.Errorf("along without a workplace: %v", err)
	}
	if _, _, err = runCmd(t, "search", "--snapshot", db, "--near", "121.55,29.87", "--address", "姜山"); !errors.Is(err, errUsage) {
		t.Errorf("--near with --address: %v", err)
	}
	if _, _, err = runCmd(t, "search", "--snapshot", db, "--address", "职教中心"); err == nil || !strings.Contains(err.Error(), "add the district") {
		t.Errorf("ambiguous address: %v", err)
	}
}
