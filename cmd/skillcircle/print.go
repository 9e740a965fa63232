package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// searchOutput is the part of /v1/search's JSON the table shows.
type searchOutput struct {
	Origin struct {
		Lat, Lng float64
		CRS      string
		District *struct{ Name string }
	}
	Mode           string
	Minutes        int
	TravelModel    struct{ Source string } `json:"travel_model"`
	Q              string
	Total          int
	ReachableSites int `json:"reachable_sites"`
	Hits           []struct {
		Course struct {
			ID, Title, Trade string
			LevelLabel       string  `json:"level_label"`
			ScheduleLabel    string  `json:"schedule_label"`
			StartDate        string  `json:"start_date"`
			FeeCNY           float64 `json:"fee_cny"`
			SubsidyLabel     string  `json:"subsidy_label"`
			SeatsLeft        int     `json:"seats_left"`
		}
		Site *struct {
			Name, Address string
			District      struct{ Name string }
		}
		Institution     struct{ Name string }
		TravelMinutes   *float64 `json:"travel_minutes"`
		Origin          string
		MinutesFromWork *float64 `json:"minutes_from_work"`
		MinutesToHome   *float64 `json:"minutes_to_home"`
	}
	Origins []originOutput
	Along   *struct {
		DetourMinutes     int     `json:"detour_minutes"`
		WorkToHomeMinutes float64 `json:"work_to_home_minutes"`
	}
}

// printSearch writes a search result as a table a person can read.
func printSearch(w io.Writer, body []byte) error {
	var r searchOutput
	if err := json.Unmarshal(body, &r); err != nil {
		return err
	}
	where := ""
	if r.Origin.District != nil {
		where = " (" + r.Origin.District.Name + ")"
	}
	what := ""
	if r.Q != "" {
		what = fmt.Sprintf(" matching %q", r.Q)
	}
	how := map[string]string{"network": " (road network)", "estimate": " (estimated)", "transit": " (walk + metro)"}[r.TravelModel.Source]
	if r.Along != nil {
		fmt.Fprintf(w, "%d courses%s at %d sites on the way from work to home by %s%s: each adds at most %d min to the %.1f min trip\n",
			r.Total, what, r.ReachableSites, r.Mode, how, r.Along.DetourMinutes, r.Along.WorkToHomeMinutes)
	} else {
		fmt.Fprintf(w, "%d courses%s at %d sites within %d min by %s%s of %.6f,%.6f %s%s\n",
			r.Total, what, r.ReachableSites, r.Minutes, r.Mode, how, r.Origin.Lng, r.Origin.Lat, r.Origin.CRS, where)
	}
	for _, o := range r.Origins {
		fmt.Fprintf(w, "  from %s: %q is %s\n", o.Role, o.Query, o.describe())
	}
	if len(r.Hits) == 0 {
		return nil
	}
	rows := [][]string{{"MIN", "COURSE", "LEVEL", "WHEN", "STARTS", "FEE", "SEATS", "SITE", "ID"}}
	for _, h := range r.Hits {
		min, site := "online", "-"
		if h.TravelMinutes != nil {
			min = fmt.Sprintf("%.1f", *h.TravelMinutes)
		}
		if h.Origin != "" {
			min += " " + h.Origin
		}
		if h.MinutesFromWork != nil && h.MinutesToHome != nil {
			// The detour, then the two legs: +2.5 (8.0→site→12.1).
			min = fmt.Sprintf("+%.1f (%.1f→site→%.1f)", *h.TravelMinutes, *h.MinutesFromWork, *h.MinutesToHome)
		}
		if h.Site != nil {
			site = h.Site.Name + " · " + h.Site.District.Name
		}
		fee := fmt.Sprintf("¥%.0f", h.Course.FeeCNY)
		if h.Course.SubsidyLabel != "" && h.Course.SubsidyLabel != "自费" {
			fee += " " + h.Course.SubsidyLabel
		}
		rows = append(rows, []string{min, clip(h.Course.Title, 28), h.Course.LevelLabel, h.Course.ScheduleLabel,
			h.Course.StartDate, fee, strconv.Itoa(h.Course.SeatsLeft), clip(site, 30), h.Course.ID})
	}
	return writeTable(w, rows)
}

// writeTable aligns columns by display width: a Chinese character takes
// two terminal cells, which text/tabwriter does not know.
func writeTable(w io.Writer, rows [][]string) error {
	widths := map[int]int{}
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			b.WriteString(cell)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// clip shortens s to n characters so that a row fits a terminal.
func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
