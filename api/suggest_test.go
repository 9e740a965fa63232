package api_test

import (
	"net/url"
	"strings"
	"testing"
)

type suggestResponse struct {
	Q           string
	Suggestions []struct{ Text, Kind, Code, Match string }
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		q, kind, text, match string
	}{
		{"数控", "trade", "数控车工", "prefix"},
		{"shuk", "trade", "数控车工", "pinyin"},
		{"skc", "trade", "数控车工", "initials"},
		{"電焊", "trade", "电焊工", "prefix"},
		{"ＣＮＣ", "", "", ""}, // nothing starts with cnc: no error, maybe no suggestion
		{"姜山", "place", "姜山镇", "prefix"},
		{"jiangshan", "place", "姜山镇", "pinyin"},
		{"tianyi", "place", "天一广场", "pinyin"}, // from the geocoder's gazetteer
		{"插花", "title", "插花花艺入门", "prefix"},
		{"月嫂", "title", "母婴护理（月嫂）技能培训", "contains"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var r suggestResponse
			resp := get(t, "/v1/suggest?limit=20&q="+url.QueryEscape(tt.q), &r)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if tt.text == "" {
				return
			}
			for _, s := range r.Suggestions {
				if s.Text == tt.text && s.Kind == tt.kind && s.Match == tt.match {
					return
				}
			}
			t.Errorf("suggest %q = %+v; want %s %q by %s", tt.q, r.Suggestions, tt.kind, tt.text, tt.match)
		})
	}
}

func TestSuggestOrder(t *testing.T) {
	var r suggestResponse
	get(t, "/v1/suggest?q=dian", &r)
	if len(r.Suggestions) == 0 || len(r.Suggestions) > 8 {
		t.Fatalf("%d suggestions, want 1-8 by default", len(r.Suggestions))
	}
	for i := 1; i < len(r.Suggestions); i++ {
		rank := map[string]int{"prefix": 0, "pinyin": 1, "initials": 2, "contains": 3}
		if rank[r.Suggestions[i].Match] < rank[r.Suggestions[i-1].Match] {
			t.Errorf("suggestion %d (%s) after a worse match", i, r.Suggestions[i].Match)
		}
	}
}

func TestSuggestBadInput(t *testing.T) {
	for _, tt := range []struct{ query, param string }{
		{"", "q"},
		{"q=", "q"},
		{"q=%20%20", "q"},
		{"q=" + strings.Repeat("电", 31), "q"},
		{"q=dian&limit=0", "limit"},
		{"q=dian&limit=21", "limit"},
		{"q=dian&limit=x", "limit"},
		{"q=dian&lat=1", "lat"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			var e errorResponse
			resp := get(t, "/v1/suggest?"+tt.query, &e)
			if resp.StatusCode != 400 || e.Error.Param != tt.param {
				t.Errorf("status %d, error %+v; want 400 naming %s", resp.StatusCode, e.Error, tt.param)
			}
		})
	}
}

func TestSearchUnderstood(t *testing.T) {
	var r struct {
		Minutes    int
		Total      int
		Understood struct {
			Text        string
			FilterWords []string `json:"filter_words"`
			Level       []string
			Terms       []struct{ Word, Corrected string }
			Corrected   string
		}
		Hits []struct {
			Course struct{ Trade, Level string }
		}
		Widened *struct {
			FromMinutes int `json:"from_minutes"`
			ToMinutes   int `json:"to_minutes"`
		} `json:"widened"`
		DidYouMean string `json:"did_you_mean"`
	}
	get(t, "/v1/search?"+tianyi+"&mode=ebike&minutes=30&q="+url.QueryEscape("中级电工"), &r)
	if r.Understood.Text != "电工" || len(r.Understood.Level) != 1 || r.Understood.Level[0] != "intermediate" || r.Understood.FilterWords[0] != "中级" {
		t.Errorf("understood %+v", r.Understood)
	}
	if r.Total == 0 || r.Hits[0].Course.Trade != "电工" {
		t.Fatalf("total %d, hits %+v", r.Total, r.Hits)
	}
	for _, h := range r.Hits {
		if h.Course.Level != "intermediate" {
			t.Errorf("hit at level %s; 中级 is a filter", h.Course.Level)
		}
	}

	// An explicit level wins over the word.
	get(t, "/v1/search?"+tianyi+"&mode=ebike&minutes=30&level=senior&q="+url.QueryEscape("中级电工"), &r)
	for _, h := range r.Hits {
		if h.Course.Level != "senior" {
			t.Errorf("hit at level %s; level=senior was asked for", h.Course.Level)
		}
	}

	// A typo in pinyin is corrected and said so, as the Chinese it spells.
	r.Understood.Terms = nil
	get(t, "/v1/search?"+tianyi+"&mode=walk&minutes=15&q=shukogn", &r)
	if r.Total == 0 || len(r.Understood.Terms) != 1 || r.Understood.Terms[0].Corrected != "数控" || r.Understood.Corrected != "数控" {
		t.Errorf("shukogn: total %d, understood %+v", r.Total, r.Understood)
	}

	// So is a character of the same sound picked by mistake, the filter
	// word aside.
	r.Understood.Terms, r.Understood.Corrected = nil, ""
	get(t, "/v1/search?"+tianyi+"&mode=ebike&minutes=30&q="+url.QueryEscape("数空 周末"), &r)
	if r.Total == 0 || r.Understood.Text != "数空" || r.Understood.Corrected != "数控" || r.DidYouMean != "" {
		t.Errorf("数空 周末: total %d, understood %+v, did_you_mean %q", r.Total, r.Understood, r.DidYouMean)
	}

	// A right word is searched as typed.
	r.Understood.Terms, r.Understood.Corrected = nil, ""
	get(t, "/v1/search?"+tianyi+"&mode=ebike&minutes=30&q="+url.QueryEscape("电工"), &r)
	if r.Total == 0 || r.Understood.Corrected != "" || r.Understood.Terms[0].Corrected != "" {
		t.Errorf("电工: total %d, understood %+v", r.Total, r.Understood)
	}

	// Nothing on foot within 5 minutes: widened, and said so.
	r.Widened = nil
	get(t, "/v1/search?"+tianyi+"&mode=walk&minutes=5&q="+url.QueryEscape("叉车"), &r)
	if r.Widened == nil || r.Widened.FromMinutes != 5 || r.Minutes != r.Widened.ToMinutes || r.Total == 0 {
		t.Errorf("叉车 on foot in 5 minutes: minutes %d, total %d, widened %+v", r.Minutes, r.Total, r.Widened)
	}

	// Matches nothing anywhere: a spelling is proposed.
	get(t, "/v1/search?"+tianyi+"&q=diamhanx", &r)
	if r.Total != 0 || r.DidYouMean != "dianhan" {
		t.Errorf("diamhanx: total %d, did_you_mean %q", r.Total, r.DidYouMean)
	}
}
