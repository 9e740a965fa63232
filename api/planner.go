package api

import (
	"github.com/labstack/echo/v4"

	"github.com/skillcircle/skillcircle/api/web"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/index/plan"
)

// The planner page (/planner): the coverage, suggestions and demand of
// /v1/coverage/* on a map and in tables, Chinese by default with an English
// switch, printable. Its assets come from package web like the search
// page's, and it answers to the same content security policy.

// plannerParams are the options /planner takes: the starting analysis.
var plannerParams = []string{"lang", "mode", "minutes", "family", "level", "trade", "district", "k", "crs", "region"}

type plannerConfig struct {
	Lang     string `json:"lang"`
	Region   string `json:"region,omitempty"` // as the search page's
	Mode     string `json:"mode"`
	Minutes  int    `json:"minutes"`
	Family   string `json:"family,omitempty"`
	Level    string `json:"level,omitempty"`
	Trade    string `json:"trade,omitempty"`
	District string `json:"district,omitempty"`
	K        int    `json:"k"`
	CRS      string `json:"crs"`
	// Ignored: as on the search page, the link's values that fell back.
	Ignored []ignoredParam `json:"ignored,omitempty"`
}

func (s *Server) plannerPage(c echo.Context) error {
	snap := s.snapshotOf(c)
	p := newPageParams(c.QueryParams(), plannerParams...)
	// The starting analysis is a planner query, normalized as the API's
	// are; the page's own parameters fall back rather than fail (read in
	// this order, which the ignored list follows).
	cfg := plannerConfig{Lang: p.lang(), CRS: string(p.crs()), Trade: p.str("trade")}
	q := plan.Query{Minutes: p.integer("minutes", index.DefaultMinutes, index.MinMinutes, index.MaxMinutes),
		K: p.integer("k", plan.DefaultSuggestions, 1, plan.MaxSuggestions)}
	if m, ok := one(p, "mode", geo.ParseMode); ok {
		q.Mode = m
	}
	if f, ok := one(p, "family", data.ParseFamily); ok {
		cfg.Family = string(f)
	}
	if l, ok := one(p, "level", data.ParseLevel); ok {
		cfg.Level = string(l)
	}
	cfg.Region = s.pageRegion(c, p)
	q.District = p.district(snap)
	if err := q.Normalize(snap); err != nil {
		q.Mode = geo.Walk // a mode this snapshot cannot answer
	}
	cfg.Mode, cfg.Minutes, cfg.K, cfg.District = string(q.Mode), q.Minutes, q.K, q.District
	cfg.Ignored = ignoredParams(c.QueryParams(), p)
	title := "技能学习圈覆盖分析 · " + snap.Meta().Region.Name
	if cfg.Lang == "en" {
		title = "Skill learning circle coverage · " + snap.Meta().Region.NameEN
	}
	return s.renderPage(c, web.Page{Lang: cfg.Lang, Title: title, App: "planner", Config: cfg,
		Script: "planner.js", Style: "planner.css", Class: "sc-page"}, "", "frame-ancestors 'self'")
}
