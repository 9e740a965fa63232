package web_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The planner page: it shows what /v1/coverage and /v1/coverage/suggest
// answer, draws the uncovered cells and the suggested points, follows its
// controls, switches to English, and loads nothing from elsewhere.
func TestBrowserPlannerPage(t *testing.T) {
	tb := newTab(t)
	tb.do(t, chromedp.Navigate(env.api.URL+"/planner?family=manufacturing&k=4"))
	tb.waitFor(t, "the first analysis", `document.querySelector('.sc-app') && document.querySelector('.sc-app').dataset.runs === '1'`)

	var cov struct {
		City struct{ Covered, Population int }
	}
	apiGet(t, "/v1/coverage", url.Values{"family": {"manufacturing"}, "cells": {"none"}}, &cov)
	var sugg struct {
		Suggestions []struct {
			Name string
			Gain int
		}
	}
	apiGet(t, "/v1/coverage/suggest", url.Values{"family": {"manufacturing"}, "k": {"4"}}, &sugg)
	page := eval[struct {
		Title   string
		Figures []string
		Rows    []string
		Pins    int
		Cells   int
	}](t, tb, `({
  Title: document.querySelector('.sc-title').textContent,
  Figures: Array.from(document.querySelectorAll('.sc-figure b')).map((b) => b.textContent),
  Rows: Array.from(document.querySelectorAll('.sc-suggestions tbody tr')).map((tr) => tr.textContent),
  Pins: document.querySelectorAll('.sc-pin').length,
  Cells: document.querySelectorAll('.leaflet-sc-gaps-pane canvas').length })`)
	if page.Title != "技能学习圈覆盖分析" {
		t.Errorf("title %q: Chinese is the default", page.Title)
	}
	if len(page.Figures) != 4 || page.Figures[1] != thousands(cov.City.Covered) {
		t.Errorf("figures %v; the API covers %d", page.Figures, cov.City.Covered)
	}
	if len(page.Rows) != 5 || page.Pins != 4 || page.Cells != 1 {
		t.Fatalf("%d suggestion rows, %d pins, %d cell canvases", len(page.Rows), page.Pins, page.Cells)
	}
	for i, s := range sugg.Suggestions {
		if !strings.Contains(page.Rows[i+1], s.Name) || !strings.Contains(page.Rows[i+1], "+"+thousands(s.Gain)) {
			t.Errorf("row %d %q; the API suggests %s +%d", i+1, page.Rows[i+1], s.Name, s.Gain)
		}
	}
	tb.screenshot(t, "planner.png")

	// 30 minutes instead of 15: the share can only grow, and the URL keeps it.
	share := func() float64 {
		f, _ := strconv.ParseFloat(strings.TrimSuffix(eval[string](t, tb, `document.querySelector('.sc-figure b').textContent`), "%"), 64)
		return f
	}
	before := share()
	eval[bool](t, tb, `(() => { const s = document.querySelector('select[data-name="minutes"]'); s.value = '30'; return s.dispatchEvent(new Event('change')); })()`)
	tb.waitFor(t, "the second analysis", `document.querySelector('.sc-app').dataset.runs === '2' && document.querySelector('.sc-app').dataset.state === 'ready'`)
	if after := share(); !(after > before) {
		t.Errorf("share %v%% at 30 minutes, %v%% at 15", after, before)
	}
	if u := eval[string](t, tb, `location.search`); !strings.Contains(u, "minutes=30") || !strings.Contains(u, "family=manufacturing") {
		t.Errorf("the URL %q does not keep the analysis", u)
	}

	// English.
	tb.do(t, chromedp.Click(chromedp.CSS(".sc-lang")))
	en := eval[struct{ Title, Lang, Head string }](t, tb, `({ Title: document.querySelector('.sc-title').textContent,
  Lang: document.querySelector('.sc-app').getAttribute('lang'),
  Head: document.querySelector('.sc-suggestions thead').textContent })`)
	if en.Title != "Skill learning circle coverage" || en.Lang != "en" || !strings.Contains(en.Head, "Gain") {
		t.Errorf("after switching to English: %+v", en)
	}
	tb.screenshot(t, "planner-en.png")
	tb.checkClean(t)
}

// thousands writes 1234567 as 1,234,567, as the page does.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
