package api

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// The JSON the API returns. Codes are stable English identifiers; each
// enumerated field has a *_label with the Chinese name the platform uses.
// Every coordinate is in the crs the request asked for.

type courseView struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Description    string   `json:"description,omitempty"`
	Family         string   `json:"family"`
	FamilyLabel    string   `json:"family_label"`
	Trade          string   `json:"trade"`
	OccupationCode string   `json:"occupation_code,omitempty"`
	Level          string   `json:"level"`
	LevelLabel     string   `json:"level_label"`
	Delivery       string   `json:"delivery"`
	DeliveryLabel  string   `json:"delivery_label"`
	StartDate      string   `json:"start_date"`
	Sessions       int      `json:"sessions"`
	Schedule       string   `json:"schedule"`
	ScheduleLabel  string   `json:"schedule_label"`
	FeeCNY         float64  `json:"fee_cny"`
	Subsidy        string   `json:"subsidy"`
	SubsidyLabel   string   `json:"subsidy_label"`
	SubsidyGroups  []string `json:"subsidy_groups"`
	Audience       string   `json:"audience"`
	AudienceLabel  string   `json:"audience_label"`
	Seats          int      `json:"seats"`
	SeatsLeft      int      `json:"seats_left"`
	RegisterURL    string   `json:"registration_url"`
	InstitutionID  string   `json:"institution_id"`
	SiteIDs        []string `json:"site_ids"`
}

func newCourseView(c *data.Course) courseView {
	groups := make([]string, len(c.SubsidyGroups))
	for i, g := range c.SubsidyGroups {
		groups[i] = string(g)
	}
	sites := c.SiteIDs
	if sites == nil {
		sites = []string{}
	}
	return courseView{
		ID: c.ID, Title: c.Title, Description: c.Description,
		Family: string(c.Family), FamilyLabel: c.Family.Label(),
		Trade: c.Trade, OccupationCode: c.OccupationCode,
		Level: string(c.Level), LevelLabel: c.Level.Label(),
		Delivery: string(c.Delivery), DeliveryLabel: c.Delivery.Label(),
		StartDate: c.StartDate.Format(data.DateLayout), Sessions: c.Sessions,
		Schedule: string(c.Schedule), ScheduleLabel: c.Schedule.Label(),
		FeeCNY: c.FeeCNY, Subsidy: string(c.Subsidy), SubsidyLabel: c.Subsidy.Label(), SubsidyGroups: groups,
		Audience: string(c.Audience), AudienceLabel: c.Audience.Label(),
		Seats: c.Seats, SeatsLeft: c.SeatsLeft, RegisterURL: c.RegisterURL,
		InstitutionID: c.InstitutionID, SiteIDs: sites,
	}
}

type placeRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type siteView struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Kind          string   `json:"kind"`
	KindLabel     string   `json:"kind_label"`
	Address       string   `json:"address"`
	Lat           float64  `json:"lat"`
	Lng           float64  `json:"lng"`
	District      placeRef `json:"district"`
	Township      placeRef `json:"township"`
	Park          string   `json:"park,omitempty"`
	InstitutionID string   `json:"institution_id"`
	Courses       *int     `json:"courses,omitempty"`
}

type institutionView struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	ShortName string   `json:"short_name,omitempty"`
	Kind      string   `json:"kind"`
	KindLabel string   `json:"kind_label"`
	Public    bool     `json:"public"`
	District  placeRef `json:"district"`
	Township  placeRef `json:"township"`
	Website   string   `json:"website,omitempty"`
}

// views turns records into views for one request: it knows the snapshot
// (for district and township names) and the crs to write coordinates in.
type views struct {
	snap *index.Snapshot
	crs  geo.CRS
	// trade is the planner's trade as typed (电焊), shown beside the
	// catalogue's trades it was read as.
	trade string
}

// point converts a WGS-84 point to the request's crs, rounded to 6
// decimals (about 0.1 m): more digits only suggest false precision.
func (v views) point(p orb.Point) (lat, lng float64) {
	q := v.crs.FromWGS84(p)
	return round6(q[1]), round6(q[0])
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

func (v views) district(code string) placeRef {
	d, _ := v.snap.District(code)
	return placeRef{Code: code, Name: d.Name}
}

func (v views) township(code string) placeRef {
	t, _ := v.snap.Township(code)
	return placeRef{Code: code, Name: t.Name}
}

func (v views) site(s *data.Site) siteView {
	lat, lng := v.point(s.Location)
	return siteView{
		ID: s.ID, Name: s.Name, Kind: string(s.Kind), KindLabel: s.Kind.Label(), Address: s.Address,
		Lat: lat, Lng: lng, District: v.district(s.DistrictCode), Township: v.township(s.TownshipCode),
		Park: s.Park, InstitutionID: s.InstitutionID,
	}
}

func (v views) sites(ss []*data.Site) []siteView {
	out := make([]siteView, len(ss))
	for i, s := range ss {
		out[i] = v.site(s)
	}
	return out
}

func (v views) institution(in *data.Institution) institutionView {
	return institutionView{
		ID: in.ID, Name: in.Name, ShortName: in.ShortName, Kind: string(in.Kind), KindLabel: in.Kind.Label(),
		Public: in.Public, District: v.district(in.DistrictCode), Township: v.township(in.TownshipCode), Website: in.Website,
	}
}

// hitView is one search hit: its course, site and institution as encoded
// once per snapshot (encodedViews: courseView, siteView and
// institutionView; site is null for an online course), and hitFacts.
type hitView struct {
	Course, Site, Institution json.RawMessage
	hitFacts
}

// hitFacts are what a hit adds to its records.
type hitFacts struct {
	TravelMinutes *float64 `json:"travel_minutes"`
	// TravelSource says where travel_minutes came from: network, estimate
	// or transit; absent for online courses.
	TravelSource index.TravelSource `json:"travel_source,omitempty"`
	// Sites is how many reachable sites offer the course (the nearest is Site).
	Sites     int      `json:"reachable_sites"`
	Relevance *float64 `json:"relevance,omitempty"`
	// Origin is where the travel time is from, when the search starts
	// from home and/or work: "home" or "work".
	Origin string `json:"origin,omitempty"`
	// Along the way home (along=commute): the two legs and what the site
	// adds to the trip (travel_minutes is that detour).
	MinutesFromWork *float64 `json:"minutes_from_work,omitempty"`
	MinutesToHome   *float64 `json:"minutes_to_home,omitempty"`
	DetourMinutes   *float64 `json:"detour_minutes,omitempty"`
}

// commuteFacts are a hit's or a site's place on the way home, if any.
func commuteFacts(c *index.CommuteTimes) (fromWork, toHome, detour *float64) {
	if c == nil {
		return nil, nil, nil
	}
	return &c.FromWork, &c.ToHome, &c.Detour
}

// appendCommute appends the fields commuteFacts gives, as encoding/json
// writes them.
func appendCommute(buf []byte, fromWork, toHome, detour *float64) []byte {
	for _, f := range []struct {
		name string
		v    *float64
	}{{`,"minutes_from_work":`, fromWork}, {`,"minutes_to_home":`, toHome}, {`,"detour_minutes":`, detour}} {
		if f.v != nil {
			buf = append(buf, f.name...)
			buf = appendJSONFloat(buf, *f.v)
		}
	}
	return buf
}

func (v views) hit(enc *encodedViews, h index.Hit) hitView {
	hv := hitView{Course: enc.course(h.Course), Institution: enc.institution(h.Institution), Site: jsonNull,
		hitFacts: hitFacts{TravelMinutes: h.TravelMinutes, TravelSource: h.TravelSource, Sites: h.Sites, Origin: h.Origin}}
	hv.MinutesFromWork, hv.MinutesToHome, hv.DetourMinutes = commuteFacts(h.Commute)
	if h.Site != nil {
		hv.Site = enc.site(v.crs, h.Site)
	}
	if h.Relevance > 0 {
		r := math.Round(h.Relevance*1000) / 1000
		hv.Relevance = &r
	}
	return hv
}

// appendHits appends the hits as a JSON array. The records' JSON is spliced
// in as it is: handed to encoding/json as json.RawMessage it would be
// checked and compacted byte by byte again, which costs about as much as
// encoding it afresh.
func appendHits(buf []byte, hits []hitView) []byte {
	buf = append(buf, '[')
	for i, h := range hits {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"course":`...)
		buf = append(buf, h.Course...)
		buf = append(buf, `,"site":`...)
		buf = append(buf, h.Site...)
		buf = append(buf, `,"institution":`...)
		buf = append(buf, h.Institution...)
		buf = h.appendFacts(buf)
		buf = append(buf, '}')
	}
	return append(buf, ']')
}

// appendFacts appends hitFacts' fields as encoding/json writes them (a
// test holds the two equal), without reflection: twenty hits a search.
func (f *hitFacts) appendFacts(buf []byte) []byte {
	buf = append(buf, `,"travel_minutes":`...)
	if f.TravelMinutes == nil {
		buf = append(buf, "null"...)
	} else {
		buf = appendJSONFloat(buf, *f.TravelMinutes)
	}
	if f.TravelSource != "" {
		buf = append(buf, `,"travel_source":`...)
		buf = appendJSONString(buf, string(f.TravelSource))
	}
	buf = append(buf, `,"reachable_sites":`...)
	buf = strconv.AppendInt(buf, int64(f.Sites), 10)
	if f.Relevance != nil {
		buf = append(buf, `,"relevance":`...)
		buf = appendJSONFloat(buf, *f.Relevance)
	}
	if f.Origin != "" {
		buf = append(buf, `,"origin":`...)
		buf = appendJSONString(buf, f.Origin)
	}
	return appendCommute(buf, f.MinutesFromWork, f.MinutesToHome, f.DetourMinutes)
}

// appendJSONFloat writes minutes and scores: finite, and between 1e-6 and
// 1e21 or zero, where encoding/json writes the shortest decimal.
func appendJSONFloat(buf []byte, f float64) []byte {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsNaN(f) || math.IsInf(f, 0) {
		return append(buf, mustJSON(f)...) // not reached by what hits hold
	}
	return strconv.AppendFloat(buf, f, 'f', -1, 64)
}

// appendJSONString writes codes: plain ASCII needs only quotes; anything
// else goes through encoding/json.
func appendJSONString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return append(buf, mustJSON(s)...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

var jsonNull = json.RawMessage("null")

// encode writes the answer: the envelope by encoding/json, then the sites
// and the hits.
func (sv *searchView) encode() []byte {
	head := mustJSON(sv)
	size := len(head) + 32
	for _, h := range sv.Hits {
		size += len(h.Course) + len(h.Site) + len(h.Institution) + 200
	}
	for _, s := range sv.Sites {
		size += len(s.Site) + 64
	}
	buf := make([]byte, 0, size)
	buf = append(buf, head[:len(head)-1]...) // without its closing brace
	if len(sv.Sites) > 0 {
		buf = append(buf, `,"sites":`...)
		buf = appendSiteHits(buf, sv.Sites)
	}
	buf = append(buf, `,"hits":`...)
	buf = appendHits(buf, sv.Hits)
	return append(buf, '}')
}

type originView struct {
	Lat      float64   `json:"lat"`
	Lng      float64   `json:"lng"`
	CRS      geo.CRS   `json:"crs"`
	District *placeRef `json:"district"`
}

type searchView struct {
	Origin originView `json:"origin"`
	// Origins are the places found from address= and workplace=, with
	// how sure the geocoder is.
	Origins        []resolvedOrigin `json:"origins,omitempty"`
	Mode           geo.Mode         `json:"mode"`
	Minutes        int              `json:"minutes"`
	Query          string           `json:"q,omitempty"`
	Sort           index.Sort       `json:"sort"`
	Total          int              `json:"total"`
	Reachable      int              `json:"reachable"`
	ReachableSites int              `json:"reachable_sites"`
	Online         int              `json:"online"`
	Limit          int              `json:"limit"`
	Offset         int              `json:"offset"`
	Hits           []hitView        `json:"-"` // spliced in by encode

	Facets      index.Facets `json:"facets"`
	TravelModel travelView   `json:"travel_model"`
	// Understood says which words of q were taken as filters and what the
	// others were matched as.
	Understood *index.Understood `json:"understood,omitempty"`
	// Widened is set when nothing matched within the minutes asked for and
	// the search looked further; minutes is then the wider band.
	Widened    *widenedView `json:"widened,omitempty"`
	DidYouMean string       `json:"did_you_mean,omitempty"`
	// Along is set for a search along the way home (along=commute).
	Along *alongView `json:"along,omitempty"`
	// Sites (with include_sites) are the reachable sites, for markers;
	// spliced in by encode.
	Sites []siteHitView `json:"-"`
}

type alongView struct {
	Along             string  `json:"along"`
	DetourMinutes     int     `json:"detour_minutes"`
	WorkToHomeMinutes float64 `json:"work_to_home_minutes"`
}

type widenedView struct {
	FromMinutes int `json:"from_minutes"`
	ToMinutes   int `json:"to_minutes"`
}

// siteHitView is a reachable site for the page's markers:
// {"site":siteView,"travel_minutes":..,"courses":..,"origin":..}, the site
// as encoded once per snapshot, the rest appended by appendSiteHits.
type siteHitView struct {
	Site          json.RawMessage
	TravelMinutes float64
	Courses       int
	Origin        string // as hitView.Origin; omitted when empty
	// Along the way home: as hitView's.
	MinutesFromWork, MinutesToHome, DetourMinutes *float64
}

func (v views) siteHits(enc *encodedViews, hits []index.SiteHit) []siteHitView {
	out := make([]siteHitView, len(hits))
	for i, h := range hits {
		out[i] = siteHitView{Site: enc.site(v.crs, h.Site), TravelMinutes: h.TravelMinutes, Courses: h.Courses, Origin: h.Origin}
		out[i].MinutesFromWork, out[i].MinutesToHome, out[i].DetourMinutes = commuteFacts(h.Commute)
	}
	return out
}

// appendSiteHits appends the sites as a JSON array, as encoding/json would
// write siteHitView with the tags site, travel_minutes, courses and
// origin,omitempty: an e-bike search reaches hundreds of sites.
func appendSiteHits(buf []byte, sites []siteHitView) []byte {
	buf = append(buf, '[')
	for i := range sites {
		h := &sites[i]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"site":`...)
		buf = append(buf, h.Site...)
		buf = append(buf, `,"travel_minutes":`...)
		buf = appendJSONFloat(buf, h.TravelMinutes)
		buf = append(buf, `,"courses":`...)
		buf = strconv.AppendInt(buf, int64(h.Courses), 10)
		if h.Origin != "" {
			buf = append(buf, `,"origin":`...)
			buf = appendJSONString(buf, h.Origin)
		}
		buf = appendCommute(buf, h.MinutesFromWork, h.MinutesToHome, h.DetourMinutes)
		buf = append(buf, '}')
	}
	return append(buf, ']')
}
