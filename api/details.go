package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/api/web"
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// A page per course (/courses/{id}) and per site (/sites/{id}): what a
// worker shares and comes back to. They are written on the server, so a
// shared link shows its course before any script runs, and each training
// site carries directions in the map apps people use (高德, 百度, 腾讯),
// each in the coordinate system it expects.

// detailParams: the language, and the starting point and mode of the
// search a page was opened from (WGS-84), for the directions and the way
// back. Read as leniently as the other pages.
var detailParams = []string{"lang", "lat", "lng", "crs", "mode", "region"}

// detailOrigin is the search a detail page was opened from, if any.
type detailOrigin struct {
	point orb.Point
	ok    bool
	mode  geo.Mode
	// region is the page's region's id when the server serves several:
	// the links onward and back keep it.
	region string
}

func (s *Server) readDetailParams(c echo.Context) (lang string, from detailOrigin, ignored []ignoredParam) {
	p := newPageParams(c.QueryParams(), detailParams...)
	lang = p.lang()
	from.region = s.pageRegion(c, p)
	from.mode = geo.Walk
	if m, ok := one(p, "mode", geo.ParseMode); ok {
		from.mode = m
	}
	crs := p.crs()
	lat, okLat := p.float("lat", -90, 90)
	lng, okLng := p.float("lng", -180, 180)
	from.point, from.ok = crs.ToWGS84(orb.Point{lng, lat}), okLat && okLng
	return lang, from, ignoredParams(c.QueryParams(), p)
}

func (s *Server) coursePage(c echo.Context) error {
	snap := s.snapshotOf(c)
	lang, from, ignored := s.readDetailParams(c)
	d, err := snap.Course(c.Param("id"))
	if errors.Is(err, index.ErrNotFound) {
		return s.notFoundPage(c, lang, from, ignored, pick(lang, "找不到这门课程", "No such course"))
	}
	if err != nil {
		return err
	}
	co := d.Course
	page := web.Detail{Lang: lang, Kind: "course", Title: co.Title, Subtitle: institutionName(d.Institution),
		Description: co.Description, Ignored: ignoredText(lang, ignored), Back: backLink(lang, from, co.Trade)}
	page.Facts = courseFacts(lang, co)
	if u := co.RegisterURL; strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		page.Register = u
	}
	for _, site := range d.Sites {
		page.Sites = append(page.Sites, s.detailSite(snap, lang, site, from))
	}
	if len(d.Sites) == 0 {
		page.Online = true
	}
	return s.renderDetail(c, http.StatusOK, page)
}

func (s *Server) sitePage(c echo.Context) error {
	snap := s.snapshotOf(c)
	lang, from, ignored := s.readDetailParams(c)
	d, err := snap.Site(c.Param("id"))
	if errors.Is(err, index.ErrNotFound) {
		return s.notFoundPage(c, lang, from, ignored, pick(lang, "找不到这个培训点", "No such training site"))
	}
	if err != nil {
		return err
	}
	page := web.Detail{Lang: lang, Kind: "site", Title: d.Site.Name, Subtitle: institutionName(d.Institution),
		Ignored: ignoredText(lang, ignored), Back: backLink(lang, from, "")}
	page.Sites = []web.DetailSite{s.detailSite(snap, lang, d.Site, from)}
	courses := append([]*data.Course(nil), d.Courses...)
	sort.SliceStable(courses, func(i, j int) bool { return courses[i].StartDate.Before(courses[j].StartDate) })
	for _, co := range courses {
		page.Courses = append(page.Courses, web.DetailCourse{
			ID: co.ID, Title: co.Title, Href: "/courses/" + url.PathEscape(co.ID) + detailQuery(lang, from),
			Line: courseLine(lang, co),
		})
	}
	return s.renderDetail(c, http.StatusOK, page)
}

// notFoundPage says, as a page and with a 404, that an id names nothing,
// with the way back to the search.
func (s *Server) notFoundPage(c echo.Context, lang string, from detailOrigin, ignored []ignoredParam, title string) error {
	return s.renderDetail(c, http.StatusNotFound, web.Detail{Lang: lang, NotFound: true, Ignored: ignoredText(lang, ignored),
		Title: title, Back: backLink(lang, from, "")})
}

func (s *Server) renderDetail(c echo.Context, status int, page web.Detail) error {
	region := s.snapshotOf(c).Meta().Region
	page.Region = pick(page.Lang, region.Name, region.NameEN)
	html, err := s.assets.RenderDetail(page)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy("", "frame-ancestors 'self'"))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	return c.HTMLBlob(status, html)
}

func (s *Server) detailSite(snap *index.Snapshot, lang string, site *data.Site, from detailOrigin) web.DetailSite {
	where := site.Address
	if d, ok := snap.District(site.DistrictCode); ok && !strings.Contains(where, d.Name) {
		where = d.Name + " " + where
	}
	return web.DetailSite{
		ID: site.ID, Name: site.Name, Address: where, Kind: label(lang, site.Kind.Label(), string(site.Kind)),
		Href: "/sites/" + url.PathEscape(site.ID) + detailQuery(lang, from),
		Lat:  site.Location[1], Lng: site.Location[0],
		Directions: directions(lang, site.Name, site.Address, site.Location, from),
	}
}

// directions are hand-offs to the map apps people in China use, each
// given the site in the coordinate system its URI documents: 高德 and 腾讯
// take GCJ-02, 百度 BD-09 (coord_type=bd09ll). With the search's starting
// point the route starts there; without it, at the phone's location.
func directions(lang, name, address string, site orb.Point, from detailOrigin) []web.Link {
	gcj := geo.WGS84ToGCJ02(site)
	bd := geo.GCJ02ToBD09(gcj)
	coord := func(p orb.Point, latFirst bool) string {
		lat, lng := strconv.FormatFloat(p[1], 'f', 6, 64), strconv.FormatFloat(p[0], 'f', 6, 64)
		if latFirst {
			return lat + "," + lng
		}
		return lng + "," + lat
	}
	amapMode := map[geo.Mode]string{geo.Walk: "walk", geo.Bike: "ride", geo.EBike: "ride", geo.Transit: "bus", geo.Drive: "car"}[from.mode]
	qqMode := map[geo.Mode]string{geo.Walk: "walk", geo.Bike: "bike", geo.EBike: "bike", geo.Transit: "bus", geo.Drive: "drive"}[from.mode]
	bdMode := map[geo.Mode]string{geo.Walk: "walking", geo.Bike: "riding", geo.EBike: "riding", geo.Transit: "transit", geo.Drive: "driving"}[from.mode]
	start := pick(lang, "出发地", "Start")

	amap := url.Values{"to": {coord(gcj, false) + "," + name}, "mode": {amapMode}, "coordinate": {"gaode"}, "callnative": {"1"}, "src": {"skillcircle"}}
	qq := url.Values{"type": {qqMode}, "to": {name}, "tocoord": {coord(gcj, true)}, "referer": {"skillcircle"}}
	var baidu string
	if from.ok {
		fromGCJ := geo.WGS84ToGCJ02(from.point)
		amap.Set("from", coord(fromGCJ, false)+","+start)
		qq.Set("from", start)
		qq.Set("fromcoord", coord(fromGCJ, true))
		baidu = "https://api.map.baidu.com/direction?" + url.Values{
			"origin":      {"latlng:" + coord(geo.GCJ02ToBD09(fromGCJ), true) + "|name:" + start},
			"destination": {"latlng:" + coord(bd, true) + "|name:" + name},
			"mode":        {bdMode}, "region": {"宁波"}, "coord_type": {"bd09ll"}, "output": {"html"}, "src": {"skillcircle"},
		}.Encode()
	} else {
		qq.Set("fromcoord", "CurrentLocation")
		baidu = "https://api.map.baidu.com/marker?" + url.Values{
			"location": {coord(bd, true)}, "title": {name}, "content": {address},
			"coord_type": {"bd09ll"}, "output": {"html"}, "src": {"skillcircle"},
		}.Encode()
	}
	return []web.Link{
		{Label: pick(lang, "高德地图", "Amap (高德)"), Href: "https://uri.amap.com/navigation?" + amap.Encode(), App: "amap", CRS: string(geo.GCJ02)},
		{Label: pick(lang, "百度地图", "Baidu Maps (百度)"), Href: baidu, App: "baidu", CRS: string(geo.BD09)},
		{Label: pick(lang, "腾讯地图", "Tencent Maps (腾讯)"), Href: "https://apis.map.qq.com/uri/v1/routeplan?" + qq.Encode(), App: "tencent", CRS: string(geo.GCJ02)},
	}
}

func courseFacts(lang string, co *data.Course) []web.Fact {
	fee := pick(lang, "免费", "free")
	if co.FeeCNY > 0 {
		fee = "¥" + strconv.FormatFloat(co.FeeCNY, 'f', -1, 64)
	}
	subsidy := label(lang, co.Subsidy.Label(), string(co.Subsidy))
	if len(co.SubsidyGroups) > 0 {
		var gs []string
		for _, g := range co.SubsidyGroups {
			gs = append(gs, label(lang, g.Label(), string(g)))
		}
		subsidy += pick(lang, "（", " (") + strings.Join(gs, pick(lang, "、", ", ")) + pick(lang, "）", ")")
	}
	seats := fmt.Sprintf(pick(lang, "剩余 %d / 共 %d 个", "%d of %d left"), co.SeatsLeft, co.Seats)
	if co.SeatsLeft <= 0 {
		seats = fmt.Sprintf(pick(lang, "已满（共 %d 个）", "full (%d seats)"), co.Seats)
	}
	trade := co.Trade
	if co.OccupationCode != "" {
		trade += " · " + co.OccupationCode
	}
	return []web.Fact{
		{Name: pick(lang, "开课", "Starts"), Value: co.StartDate.Format("2006-01-02")},
		{Name: pick(lang, "课次", "Sessions"), Value: strconv.Itoa(co.Sessions)},
		{Name: pick(lang, "上课时间", "When"), Value: label(lang, co.Schedule.Label(), string(co.Schedule))},
		{Name: pick(lang, "形式", "Delivery"), Value: label(lang, co.Delivery.Label(), string(co.Delivery))},
		{Name: pick(lang, "类别", "Field"), Value: label(lang, co.Family.Label(), string(co.Family))},
		{Name: pick(lang, "工种", "Trade"), Value: trade},
		{Name: pick(lang, "等级", "Level"), Value: label(lang, co.Level.Label(), string(co.Level))},
		{Name: pick(lang, "费用", "Fee"), Value: fee},
		{Name: pick(lang, "补贴", "Subsidy"), Value: subsidy},
		{Name: pick(lang, "面向", "For"), Value: label(lang, co.Audience.Label(), string(co.Audience))},
		{Name: pick(lang, "名额", "Seats"), Value: seats},
	}
}

// courseLine is a course in one line of a site's list.
func courseLine(lang string, co *data.Course) string {
	fee := pick(lang, "免费", "free")
	if co.FeeCNY > 0 {
		fee = "¥" + strconv.FormatFloat(co.FeeCNY, 'f', -1, 64)
	}
	return strings.Join([]string{
		co.StartDate.Format("2006-01-02") + pick(lang, " 开课", " start"),
		label(lang, co.Schedule.Label(), string(co.Schedule)),
		label(lang, co.Level.Label(), string(co.Level)), fee,
	}, " · ")
}

// backLink returns to the search the page was opened from, or to a
// search for the course's trade from the region's centre of attention.
func backLink(lang string, from detailOrigin, trade string) web.Link {
	q := url.Values{}
	if lang == "en" {
		q.Set("lang", "en")
	}
	if from.region != "" {
		q.Set("region", from.region)
	}
	if from.ok {
		q.Set("lat", strconv.FormatFloat(from.point[1], 'f', 6, 64))
		q.Set("lng", strconv.FormatFloat(from.point[0], 'f', 6, 64))
		q.Set("mode", string(from.mode))
	}
	if trade != "" {
		q.Set("q", trade)
	}
	href := "/"
	if len(q) > 0 {
		href += "?" + q.Encode()
	}
	return web.Link{Label: pick(lang, "← 返回课程搜索", "← Back to the course search"), Href: href}
}

// detailQuery carries the language and the search's origin from one
// detail page to the next.
func detailQuery(lang string, from detailOrigin) string {
	q := url.Values{}
	if lang == "en" {
		q.Set("lang", "en")
	}
	if from.region != "" {
		q.Set("region", from.region)
	}
	if from.ok {
		q.Set("lat", strconv.FormatFloat(from.point[1], 'f', 6, 64))
		q.Set("lng", strconv.FormatFloat(from.point[0], 'f', 6, 64))
	}
	if from.ok || from.mode != geo.Walk {
		q.Set("mode", string(from.mode))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

func ignoredText(lang string, ignored []ignoredParam) string {
	if len(ignored) == 0 {
		return ""
	}
	var items []string
	for _, i := range ignored {
		items = append(items, i.Param+"="+i.Value)
	}
	return fmt.Sprintf(pick(lang, "链接中有无法使用的设置，已改用默认值：%s。", "Some settings in the link could not be used and their defaults apply: %s."),
		strings.Join(items, pick(lang, "；", "; ")))
}

func institutionName(in *data.Institution) string {
	if in == nil {
		return ""
	}
	return in.Name
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// label is an enumerated value's Chinese label, or in English its code
// read as words (weekday_evening: weekday evening).
func label(lang, zh, code string) string {
	if lang == "en" {
		return strings.ReplaceAll(code, "_", " ")
	}
	return zh
}
