package main

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// Course profiles: which trades a kind of institution teaches, by weight.
// "labour", "seniors" and "crop" stand for a labour-education subject, a
// seniors' subject and a crop course of the district.
var (
	profMfg = []weighted{
		{"cnc_lathe", 8}, {"cnc_mill", 6}, {"cnc_center", 4}, {"cnc_prog", 2}, {"cnc_mill_prog", 1}, {"lathe", 3},
		{"mill", 2}, {"welder", 6}, {"electrician", 8}, {"plc", 4}, {"lv_elec", 4}, {"robot_op", 6}, {"robot_ops", 3},
		{"fitter", 4}, {"mould", 4}, {"injection", 3}, {"elevator", 2}, {"hvac", 2}, {"additive", 2},
		{"digital_craft", 2}, {"forklift", 2}, {"weld_cut", 2}, {"car_repair", 3}, {"ev_repair", 2},
		{"electronics", 2}, {"ecommerce", 2}, {"office", 2}, {"netsec", 2}, {"labour", 3}, {"seniors", 1},
	}
	profPetro   = []weighted{{"chem", 4}, {"instrument", 3}, {"pipe", 2}, {"rigger", 1}, {"welder", 2}}
	profTourism = []weighted{
		{"cook", 5}, {"pastry_cn", 3}, {"pastry_west", 3}, {"cook_west", 2}, {"tea", 4}, {"tea_eval", 1},
		{"coffee", 3}, {"homestay", 4}, {"flower", 2}, {"ecommerce", 2}, {"labour", 3}, {"seniors", 2}, {"craft", 1},
	}
	profHealth = []weighted{
		{"eldercare", 8}, {"nanny", 6}, {"maternity", 5}, {"massage", 4}, {"pharm_sales", 3}, {"early_dev", 2},
		{"housekeeping", 3}, {"childcare", 2}, {"office", 1}, {"labour", 2}, {"seniors", 3},
	}
	profKids = []weighted{
		{"childcare", 8}, {"nanny", 8}, {"early_dev", 5}, {"maternity", 3}, {"eldercare", 1}, {"labour", 4},
		{"craft", 2}, {"flower", 1}, {"tea", 1}, {"seniors", 1},
	}
	profTextile = []weighted{
		{"pattern", 6}, {"sewing", 5}, {"ecommerce", 5}, {"livestream", 4}, {"office", 1}, {"craft", 2},
		{"labour", 2}, {"robot_op", 1}, {"additive", 1},
	}
	profGeneral = []weighted{
		{"cnc_lathe", 5}, {"cnc_mill", 3}, {"cnc_prog", 1}, {"welder", 4}, {"electrician", 6}, {"plc", 2},
		{"lv_elec", 3}, {"robot_op", 3}, {"fitter", 2}, {"mould", 2}, {"car_repair", 3}, {"ev_repair", 1},
		{"electronics", 2}, {"cook", 4}, {"pastry_cn", 3}, {"pastry_west", 2}, {"ecommerce", 4}, {"livestream", 3},
		{"office", 3}, {"netsec", 1}, {"nanny", 2}, {"eldercare", 2}, {"tea", 2}, {"forklift", 1}, {"labour", 4}, {"seniors", 1},
	}
	profLogistics = []weighted{
		{"logistics", 5}, {"forklift", 4}, {"courier", 2}, {"ecommerce", 4}, {"livestream", 2}, {"car_repair", 3},
		{"office", 2}, {"security", 1}, {"lv_elec", 2}, {"electrician", 2}, {"labour", 2},
	}
	profCommerce = []weighted{
		{"ecommerce", 6}, {"livestream", 4}, {"office", 4}, {"logistics", 3}, {"ai_trainer", 2}, {"netsec", 4},
		{"coffee", 2}, {"tea", 2}, {"cook_west", 1}, {"pastry_west", 2}, {"homestay", 1}, {"labour", 3}, {"seniors", 1},
	}
	profPharma = []weighted{
		{"pharma", 5}, {"pharm_sales", 4}, {"eldercare", 3}, {"massage", 2}, {"nanny", 2}, {"labour", 1}, {"seniors", 2},
	}
)

// mix concatenates profiles, scaling each by the factor before it:
// mix(1, a, 0.5, b).
func mix(parts ...any) []weighted {
	var out []weighted
	scale := 1.0
	for _, p := range parts {
		switch v := p.(type) {
		case float64:
			scale = v
		case int:
			scale = float64(v)
		case []weighted:
			for _, x := range v {
				out = append(out, weighted{x.Key, x.W * scale})
			}
			scale = 1
		}
	}
	return out
}

type campusSpec struct {
	OSM  string // OpenStreetMap name of the campus
	Name string // site name
}

// vocSpec describes one of the 35 public vocational institutions. Names
// are the institutions' official names; OSM gives the mapped position of a
// campus, Township the street or town of an unmapped one.
type vocSpec struct {
	Name, Short, Kind, District string
	Main                        campusSpec
	Township                    string
	Extra                       []campusSpec
	Profile                     []weighted
	Courses                     int
	Website                     string
}

const (
	kHigher     = "higher_vocational"
	kTechnician = "technician_college"
	kSecondary  = "secondary_vocational"
	kAdult      = "adult_school"
	kAcademy    = "enterprise_academy"
	kSocial     = "social_training"
)

var vocationalSpecs = []vocSpec{
	// 高职院校
	{Name: "宁波职业技术学院", Short: "宁职院", Kind: kHigher, District: "北仑区",
		Main: campusSpec{OSM: "宁波职业技术学院"}, Website: "https://www.nbpt.edu.cn",
		Profile: mix(profMfg, 0.5, profPetro, []weighted{{"ecommerce", 2}, {"livestream", 1}}), Courses: 120},
	{Name: "浙江工商职业技术学院", Short: "浙江工商职院", Kind: kHigher, District: "海曙区", Township: "望春",
		Extra:   []campusSpec{{OSM: "浙江工商职业技术学院宁海产学研基地", Name: "浙江工商职业技术学院宁海产学研基地"}},
		Profile: mix(profCommerce, []weighted{{"mould", 4}, {"cnc_center", 2}, {"additive", 2}, {"injection", 2}, {"digital_craft", 2}}), Courses: 110},
	{Name: "宁波城市职业技术学院", Short: "宁波城市职院", Kind: kHigher, District: "鄞州区", Township: "首南",
		Extra:   []campusSpec{{OSM: "宁波城市职业技术学院奉化校区", Name: "宁波城市职业技术学院（奉化校区）"}},
		Profile: mix(profTourism, []weighted{{"eldercare", 2}, {"early_dev", 1}, {"office", 2}, {"ecommerce", 2}}), Courses: 110},
	{Name: "宁波卫生职业技术学院", Short: "宁波卫生职院", Kind: kHigher, District: "鄞州区", Township: "首南",
		Profile: profHealth, Courses: 100},
	{Name: "浙江纺织服装职业技术学院", Short: "浙纺服职院", Kind: kHigher, District: "江北区", Township: "庄桥",
		Profile: profTextile, Courses: 90},
	{Name: "宁波幼儿师范高等专科学校", Short: "宁波幼专", Kind: kHigher, District: "江北区",
		Main: campusSpec{OSM: "宁波幼儿师范高等专科学校"}, Profile: profKids, Courses: 80},
	{Name: "浙江医药高等专科学校", Short: "浙江医高专", Kind: kHigher, District: "鄞州区", Township: "钟公庙",
		Profile: profPharma, Courses: 90},
	// 技师学院、技工学校
	{Name: "宁波技师学院", Kind: kTechnician, District: "江北区",
		Main:    campusSpec{OSM: "宁波技师学院(清江校区)", Name: "宁波技师学院（清江校区）"},
		Profile: profMfg, Courses: 130},
	{Name: "宁波第二技师学院", Kind: kTechnician, District: "海曙区",
		Main:    campusSpec{OSM: "宁波第二技师学院"},
		Profile: mix(profMfg, []weighted{{"car_repair", 3}, {"ev_repair", 3}}), Courses: 120},
	{Name: "慈溪技师学院", Kind: kTechnician, District: "慈溪市", Township: "古塘",
		Profile: mix(profMfg, []weighted{{"appliance", 3}, {"injection", 3}, {"car_assembly", 2}}), Courses: 110},
	{Name: "余姚技师学院", Kind: kTechnician, District: "余姚市", Township: "兰江",
		Profile: mix(profMfg, []weighted{{"electronics", 4}, {"injection", 3}, {"mould", 2}}), Courses: 100},
	{Name: "宁海县技工学校", Short: "宁海技校", Kind: kTechnician, District: "宁海县",
		Main:    campusSpec{OSM: "宁海技校"},
		Profile: mix(0.7, profMfg, []weighted{{"injection", 3}, {"mould", 3}}), Courses: 80},
	// 中职学校
	{Name: "宁波市职业技术教育中心学校", Short: "宁波职教中心", Kind: kSecondary, District: "鄞州区",
		Main:    campusSpec{OSM: "宁波职教中心"},
		Profile: mix(profGeneral, []weighted{{"cnc_prog", 2}, {"cnc_mill_prog", 2}}), Courses: 90},
	{Name: "宁波兴港职业高级中学", Short: "兴港职高", Kind: kSecondary, District: "海曙区",
		Main: campusSpec{OSM: "宁波兴港职业高级中学"}, Profile: profLogistics, Courses: 60},
	{Name: "宁波市甬江职业高级中学", Short: "甬江职高", Kind: kSecondary, District: "海曙区",
		Main:    campusSpec{OSM: "宁波市甬江职业高级中学"},
		Extra:   []campusSpec{{OSM: "宁波市甬江职业高级中学(育才校区)", Name: "宁波市甬江职业高级中学（育才校区）"}},
		Profile: profGeneral, Courses: 70},
	{Name: "宁波市镇海区职业教育中心学校", Short: "镇海职教中心", Kind: kSecondary, District: "镇海区",
		Main: campusSpec{OSM: "镇海区职业教育中心学校"}, Profile: mix(profGeneral, profPetro), Courses: 75},
	{Name: "宁波市北仑职业高级中学", Short: "北仑职高", Kind: kSecondary, District: "北仑区",
		Main:    campusSpec{OSM: "北仑职业高级中学"},
		Profile: mix(0.8, profMfg, []weighted{{"injection", 2}, {"logistics", 2}}), Courses: 75},
	{Name: "宁波市鄞州职业高级中学", Short: "鄞州职高", Kind: kSecondary, District: "鄞州区",
		Main: campusSpec{OSM: "鄞州职业高级中学"}, Profile: profGeneral, Courses: 65},
	{Name: "宁波东坤职业高级中学", Short: "东坤职高", Kind: kSecondary, District: "鄞州区",
		Main: campusSpec{OSM: "宁波东坤职业高级中学"}, Profile: profGeneral, Courses: 50},
	{Name: "宁波市奉化区职业教育中心学校", Short: "奉化职教中心", Kind: kSecondary, District: "奉化区",
		Main: campusSpec{OSM: "奉化职教中心"}, Profile: mix(profGeneral, []weighted{{"homestay", 2}, {"cook", 2}}), Courses: 60},
	{Name: "慈溪市周巷职业高级中学", Short: "周巷职高", Kind: kSecondary, District: "慈溪市",
		Main: campusSpec{OSM: "慈溪市周巷职业高级中学"}, Profile: mix(profGeneral, []weighted{{"appliance", 3}, {"injection", 2}}), Courses: 55},
	{Name: "慈溪杭州湾中等职业学校", Short: "杭州湾职校", Kind: kSecondary, District: "慈溪市",
		Main: campusSpec{OSM: "慈溪杭州湾中等职业学校"}, Profile: mix(profGeneral, []weighted{{"car_assembly", 4}, {"robot_op", 2}}), Courses: 55},
	{Name: "宁波行知中等职业学校", Short: "行知职校", Kind: kSecondary, District: "慈溪市",
		Main: campusSpec{OSM: "宁波行知中等职业学校"}, Profile: profGeneral, Courses: 50},
	{Name: "余姚市职业技术学校", Short: "余姚职校", Kind: kSecondary, District: "余姚市",
		Main: campusSpec{OSM: "余姚市职业技术学校"}, Profile: mix(profGeneral, []weighted{{"electronics", 3}, {"injection", 2}}), Courses: 60},
	{Name: "余姚市职成教中心学校", Short: "余姚职成教中心", Kind: kSecondary, District: "余姚市",
		Main: campusSpec{OSM: "余姚市职成教中心学校"}, Profile: mix(profGeneral, []weighted{{"nanny", 2}, {"eldercare", 2}, {"seniors", 2}}), Courses: 55},
	{Name: "余姚市第四职业技术学校", Short: "余姚四职校", Kind: kSecondary, District: "余姚市",
		Main: campusSpec{OSM: "余姚市第四职业技术学校"}, Profile: profGeneral, Courses: 45},
	{Name: "宁海县第一职业中学", Short: "宁海一职", Kind: kSecondary, District: "宁海县",
		Main: campusSpec{OSM: "一职高"}, Profile: mix(profGeneral, []weighted{{"homestay", 2}}), Courses: 55},
	{Name: "宁海县第二职业中学", Short: "宁海二职", Kind: kSecondary, District: "宁海县",
		Main: campusSpec{OSM: "二职高"}, Profile: mix(profGeneral, []weighted{{"cook", 2}, {"tea", 1}}), Courses: 50},
	{Name: "宁波外事学校", Short: "外事学校", Kind: kSecondary, District: "海曙区",
		Main:    campusSpec{OSM: "宁波外事学校启运校区", Name: "宁波外事学校（启运校区）"},
		Profile: mix(profCommerce, 0.5, profTourism), Courses: 55},
	{Name: "宁波市经贸学校", Short: "宁波经贸学校", Kind: kSecondary, District: "鄞州区",
		Main: campusSpec{OSM: "宁波经贸学校"}, Profile: profCommerce, Courses: 55},
	{Name: "宁波东钱湖旅游学校", Short: "东钱湖旅游学校", Kind: kSecondary, District: "鄞州区",
		Main: campusSpec{OSM: "宁波东钱湖旅游学校"}, Profile: profTourism, Courses: 50},
	{Name: "宁波市鄞州区职业教育中心学校", Short: "鄞州职教中心", Kind: kSecondary, District: "鄞州区", Township: "下应",
		Profile: profGeneral, Courses: 55},
	{Name: "宁波市古林职业高级中学", Short: "古林职高", Kind: kSecondary, District: "海曙区", Township: "古林",
		Profile: profGeneral, Courses: 50},
	{Name: "象山县职业高级中学", Short: "象山职高", Kind: kSecondary, District: "象山县", Township: "丹东",
		Profile: mix(profGeneral, []weighted{{"cook", 2}, {"homestay", 2}}), Courses: 60},
	{Name: "慈溪市锦堂高级职业中学", Short: "锦堂职高", Kind: kSecondary, District: "慈溪市", Township: "观海卫",
		Profile: mix(profGeneral, []weighted{{"appliance", 2}}), Courses: 55},
}

// academySpec is an enterprise academy (企业学院) and its training bases.
type academySpec struct {
	Name, Short, District string
	Township              string // where its bases are, unless Park is set
	Park                  string // the park its bases are in
	OSM                   string // mapped position of its single campus
	Partner               string // the enterprise it belongs to or works with
	Bases                 []baseSpec
	Profile               []weighted
	Courses               int
	Rhythm                string // a sentence for every description
}

type baseSpec struct {
	Name   string
	Trades []string // trade keys taught there; empty: any of the academy's
}

var academySpecs = []academySpec{
	{Name: "东鼎工匠学院", Short: "东鼎", District: "镇海区", Park: "宁波石化经济技术开发区", Partner: "镇海石化建安股份有限公司",
		Bases: []baseSpec{
			{"化工总控实训基地", []string{"chem"}},
			{"压力管道焊接实训基地", []string{"welder_dd"}},
			{"管道预制与管铆实训基地", []string{"pipe", "pipe_rivet"}},
			{"起重吊装实训基地", []string{"rigger"}},
			{"仪表维修实训基地", []string{"instrument"}},
			{"钳工电工实训基地", []string{"fitter", "electrician"}},
			{"脚手架搭设实训基地", []string{"scaffold"}},
			{"安全体验与综合实操基地", nil},
		},
		Profile: []weighted{{"chem", 3}, {"pipe", 2}, {"pipe_rivet", 2}, {"welder_dd", 3}, {"rigger", 2},
			{"instrument", 2}, {"fitter", 2}, {"electrician", 2}, {"scaffold", 2}},
		Courses: 160,
		Rhythm:  "学院与镇海石化建安股份有限公司共建，自主开发课程2600余门，实行“每周一课、每月一测、每季一实操”。"},
	{Name: "海天集团企业学院", Short: "海天学院", District: "北仑区", Township: "小港", Partner: "海天集团股份有限公司",
		Bases: []baseSpec{{"数控实训中心", nil}, {"注塑机装调实训基地", []string{"injection", "fitter", "electrician"}}, {"机加工实训车间", nil}},
		Profile: []weighted{{"cnc_lathe", 4}, {"cnc_mill", 3}, {"cnc_center", 4}, {"injection", 3}, {"fitter", 2},
			{"electrician", 2}, {"robot_op", 2}},
		Courses: 60, Rhythm: "海天集团联合培训港开设数控班，企业技师带教，真实产品上机加工。"},
	{Name: "吉利汽车杭州湾企业学院", Short: "吉利杭州湾学院", District: "慈溪市", Park: "宁波杭州湾新区", Partner: "浙江吉利汽车有限公司",
		Bases:   []baseSpec{{"整车装调实训基地", nil}, {"焊装实训基地", []string{"welder", "robot_op"}}},
		Profile: []weighted{{"car_assembly", 4}, {"welder", 3}, {"robot_op", 3}, {"electrician", 2}, {"fitter", 1}, {"forklift", 1}},
		Courses: 50},
	{Name: "方太企业学院", Short: "方太学院", District: "慈溪市", Park: "宁波杭州湾新区", Partner: "宁波方太厨具有限公司",
		Bases:   []baseSpec{{"厨电装调实训基地", nil}, {"精益制造实训基地", nil}},
		Profile: []weighted{{"appliance", 3}, {"fitter", 2}, {"injection", 3}, {"electrician", 2}, {"robot_ops", 2}},
		Courses: 45},
	{Name: "舜宇企业学院", Short: "舜宇学院", District: "余姚市", Township: "阳明", Partner: "舜宇光学科技（集团）有限公司",
		Bases:   []baseSpec{{"光电装配实训基地", nil}, {"精密加工实训基地", nil}},
		Profile: []weighted{{"electronics", 4}, {"robot_op", 2}, {"cnc_mill", 2}, {"additive", 1}, {"fitter", 1}},
		Courses: 45},
	{Name: "雅戈尔企业学院", Short: "雅戈尔学院", District: "海曙区", Township: "石碶", Partner: "雅戈尔集团股份有限公司",
		Bases:   []baseSpec{{"服装工艺实训基地", nil}, {"电商直播基地", []string{"ecommerce", "livestream"}}},
		Profile: []weighted{{"pattern", 4}, {"sewing", 4}, {"ecommerce", 2}, {"livestream", 2}},
		Courses: 40},
	{Name: "宁波公交职业学校", Short: "公交职校", District: "江北区", OSM: "宁波公交职业学校", Partner: "宁波公交集团",
		Profile: []weighted{{"car_repair", 3}, {"ev_repair", 3}, {"bus_driver", 4}},
		Courses: 30},
}

// socialSpec is a social training body (社会培训机构). The names are
// invented, except the two mapped in OpenStreetMap.
type socialSpec struct {
	Name, Short, District, Township string
	OSM                             string
	Park                            string // its premises are in this park
	Central                         bool   // its premises are near 天一广场 (placed with the central points)
	Profile                         []weighted
	Courses                         int
}

var socialSpecs = []socialSpec{
	{Name: "宁波市海曙区甬匠职业技能培训学校", Short: "甬匠培训学校", District: "海曙区", Central: true,
		Profile: []weighted{{"cnc_prog", 3}, {"cnc_mill_prog", 2}, {"plc", 3}, {"lv_elec", 2}, {"ecommerce", 3},
			{"livestream", 2}, {"office", 2}, {"nanny", 2}, {"ai_trainer", 1}}, Courses: 40},
	{Name: "宁波市鄞州区明州家政职业技能培训学校", Short: "明州家政培训学校", District: "鄞州区", Township: "中河",
		Profile: []weighted{{"nanny", 3}, {"maternity", 3}, {"eldercare", 3}, {"housekeeping", 3}, {"organizer", 2},
			{"early_dev", 2}, {"childcare", 2}}, Courses: 35},
	{Name: "宁波市江北区翔鹰无人机培训中心", Short: "翔鹰无人机", District: "江北区", OSM: "无人机培训点",
		Profile: []weighted{{"drone", 6}, {"drone_spray", 3}, {"additive", 1}}, Courses: 25},
	{Name: "凌恒航空技工学校", Short: "凌恒航空", District: "奉化区", OSM: "凌恒航空技工学校",
		Profile: []weighted{{"drone", 4}, {"electronics", 2}, {"fitter", 2}, {"electrician", 2}, {"cnc_lathe", 1}}, Courses: 35},
	{Name: "宁波市北仑区港城职业技能培训学校", Short: "港城培训学校", District: "北仑区", Township: "新碶",
		Profile: []weighted{{"forklift", 4}, {"lv_elec", 3}, {"weld_cut", 3}, {"height", 2}, {"hv_elec", 2},
			{"electrician", 2}, {"logistics", 2}, {"rigger", 1}}, Courses: 40},
	{Name: "慈溪市新城职业技能培训学校", Short: "新城培训学校", District: "慈溪市", Township: "古塘",
		Profile: []weighted{{"injection", 3}, {"appliance", 3}, {"electrician", 2}, {"lv_elec", 2}, {"ecommerce", 3},
			{"livestream", 3}}, Courses: 35},
	{Name: "余姚市阳明职业技能培训学校", Short: "阳明培训学校", District: "余姚市", Township: "阳明",
		Profile: []weighted{{"electronics", 3}, {"injection", 2}, {"ecommerce", 2}, {"office", 2}, {"forklift", 2},
			{"lv_elec", 2}}, Courses: 30},
	{Name: "宁海县缑城职业技能培训学校", Short: "缑城培训学校", District: "宁海县", Township: "跃龙",
		Profile: []weighted{{"cook", 3}, {"pastry_cn", 2}, {"homestay", 3}, {"ecommerce", 2}, {"eldercare", 2},
			{"lv_elec", 2}}, Courses: 30},
	{Name: "象山县海韵职业技能培训学校", Short: "海韵培训学校", District: "象山县", Township: "丹西",
		Profile: []weighted{{"homestay", 3}, {"cook", 3}, {"ecommerce", 2}, {"lv_elec", 2}, {"forklift", 1},
			{"livestream", 2}}, Courses: 30},
	{Name: "宁波市镇海区招宝家政服务培训学校", Short: "招宝家政培训学校", District: "镇海区", Township: "招宝山",
		Profile: []weighted{{"housekeeping", 4}, {"nanny", 3}, {"maternity", 3}, {"eldercare", 3}}, Courses: 25},
	{Name: "宁波市奉化区锦屏养老护理培训中心", Short: "锦屏养老培训中心", District: "奉化区", Township: "锦屏",
		Profile: []weighted{{"eldercare", 5}, {"massage", 2}, {"housekeeping", 2}}, Courses: 20},
	{Name: "宁波市江北区跨境电商人才培训中心", Short: "跨境电商培训中心", District: "江北区", Park: "澳洲电子商务园区",
		Profile: []weighted{{"ecommerce", 5}, {"livestream", 4}, {"ai_trainer", 2}, {"office", 2}, {"logistics", 1}},
		Courses: 30},
}

// parkSpec is an industrial or science park not in OpenStreetMap's data
// at hand: a real park at an approximate position (the platform's 驻园
// points need parks in every district).
type parkSpec struct {
	Name, Short, District string
	P                     orb.Point
	Radius                float64
}

var approxParks = []parkSpec{
	{"宁波石化经济技术开发区", "石化开发区", "镇海区", orb.Point{121.640, 30.000}, 2200},
	{"宁波经济技术开发区", "北仑开发区", "北仑区", orb.Point{121.800, 29.915}, 2200},
	{"宁波保税区", "保税区", "北仑区", orb.Point{121.860, 29.930}, 1200},
	{"宁波杭州湾新区", "杭州湾新区", "慈溪市", orb.Point{121.230, 30.290}, 2500},
	{"慈溪高新技术产业开发区", "慈溪高新区", "慈溪市", orb.Point{121.290, 30.210}, 1500},
	{"余姚经济开发区", "余姚开发区", "余姚市", orb.Point{121.150, 30.090}, 1500},
	{"宁波望春工业园区", "望春工业园区", "海曙区", orb.Point{121.490, 29.885}, 1500},
	{"宁波国家高新技术产业开发区", "宁波高新区", "鄞州区", orb.Point{121.648, 29.888}, 1200},
	{"鄞州经济开发区", "鄞州开发区", "鄞州区", orb.Point{121.800, 29.745}, 1500},
	{"宁波江北高新技术产业园区", "江北高新园区", "江北区", orb.Point{121.470, 29.950}, 1200},
	{"宁海经济开发区", "宁海开发区", "宁海县", orb.Point{121.500, 29.380}, 1500},
	{"象山经济开发区", "象山开发区", "象山县", orb.Point{121.860, 29.500}, 1500},
	{"奉化经济开发区", "奉化开发区", "奉化区", orb.Point{121.445, 29.690}, 1500},
}

// osmParkShort gives short names to the parks found in OpenStreetMap.
var osmParkShort = map[string]string{
	"澳洲电子商务园区":    "澳洲电商园",
	"启迪科技园":       "启迪科技园",
	"宁波教育科技产业园":   "教育科技产业园",
	"宁波保险科技产业园":   "保险科技产业园",
	"NB568电商产业园":  "NB568电商园",
	"联东U谷中交科技产业园": "联东U谷",
	"河姆渡创新产业园":    "河姆渡创新园",
}

// districtOf returns the district whose boundary holds p.
func (w *world) districtOf(p orb.Point) *district {
	for _, d := range w.src.districts {
		if d.contains(p) {
			return d
		}
	}
	return nil
}

func (w *world) buildParks() error {
	rng := w.rng("parks")
	add := func(name, short string, p orb.Point, radius float64, osm bool, want string) error {
		d := w.districtOf(p)
		if d == nil {
			return fmt.Errorf("park %s at %v is outside every district", name, p)
		}
		if want != "" && d.Name != want {
			return fmt.Errorf("park %s at %v is in %s, not %s", name, p, d.Name, want)
		}
		pk := &park{Name: name, Short: short, T: d.nearestTownship(p), Center: p, Radius: radius, OSM: osm}
		n := 2
		if radius > 1000 {
			n = 3
		}
		for i := 0; i < n; i++ {
			var mid orb.Point
			for try := 0; ; try++ {
				r := radius * 0.5 * math.Sqrt(rng.Float64())
				th := rng.Float64() * 2 * math.Pi
				mid = offset(p, r*math.Cos(th), r*math.Sin(th))
				if d.containsWithMargin(mid, 100) || try > 200 {
					break
				}
			}
			if !d.containsWithMargin(mid, 60) {
				mid = p
			}
			t := d.nearestTownship(mid)
			rd := w.placeRoad(rng, t, w.newRoadName(rng, t.Kind != "街道"), mid, 0, math.Min(600, radius), math.Max(900, radius*1.2))
			w.roads[t.Code] = append(w.roads[t.Code], rd)
			pk.Roads = append(pk.Roads, rd)
		}
		w.parks = append(w.parks, pk)
		return nil
	}
	for _, op := range w.src.parks {
		short := osmParkShort[op.Name]
		if short == "" {
			short = op.Name
		}
		if err := add(op.Name, short, op.P, 400, true, op.District); err != nil {
			return err
		}
	}
	for _, ap := range approxParks {
		if err := add(ap.Name, ap.Short, ap.P, ap.Radius, false, ap.District); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) park(name string) *park {
	for _, p := range w.parks {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// adultSchoolExcluded returns the 21 townships without an adult school.
//
// The rule: among the 街道 that either did not exist in 2016 (no
// communities on record: their communities were then part of the streets
// they were carved from, whose schools still serve them) or whose
// communities are all classed main urban area (统计用城乡划分 111), leave
// out the 21 with the fewest communities (ties by code). These are the
// small streets of the old city core and the newest streets; each is
// served by the adult school of the nearest township of its district that
// has one.
func adultSchoolExcluded(ts []*township) []*township {
	var cand []*township
	for _, t := range ts {
		if t.Kind == "街道" && (t.Villages == 0 || t.MainUrban == t.Villages) {
			cand = append(cand, t)
		}
	}
	sort.SliceStable(cand, func(i, j int) bool {
		if cand[i].Villages != cand[j].Villages {
			return cand[i].Villages < cand[j].Villages
		}
		return cand[i].Code < cand[j].Code
	})
	if len(cand) > 21 {
		cand = cand[:21]
	}
	return cand
}

// adultProfile is what the adult school of township t teaches: mostly
// services and seniors' courses, agriculture in rural towns.
func adultProfile(t *township) []weighted {
	rs := t.ruralShare()
	dn := t.District.Name
	p := []weighted{
		{"nanny", 4}, {"childcare", 2}, {"maternity", 3}, {"eldercare", 4}, {"housekeeping", 3}, {"cook", 4},
		{"pastry_cn", 3}, {"pastry_west", 2}, {"tea", 3}, {"flower", 2}, {"beauty", 1}, {"hair", 1},
		{"ecommerce", 3}, {"livestream", 2}, {"office", 3}, {"security", 1}, {"craft", 1}, {"organizer", 1},
		{"labour", 7},
		{"lv_elec", 3}, {"electrician", 2}, {"welder", 2}, {"forklift", 2}, {"weld_cut", 1},
	}
	if rs < 0.5 {
		p = append(p, weighted{"seniors", 24})
	} else {
		p = append(p, weighted{"seniors", 16})
	}
	if rs > 0 {
		p = append(p, mix(rs, []weighted{
			{"crop", 8}, {"plant_protect", 2}, {"agronomist", 2}, {"rural_ecom", 3}, {"high_farmer", 2},
			{"mushroom", 1}, {"agri_machine", 1}, {"flower_grow", 1}, {"drone_spray", 1}, {"agri_manager", 1},
		})...)
		if teaDistricts[dn] {
			p = append(p, weighted{"tea_make", 2 * rs}, weighted{"bamboo", 1.5 * rs})
		}
		if coastalDistricts[dn] {
			p = append(p, weighted{"aquaculture", 3 * rs})
		}
		if tourismDistricts[dn] && rs > 0.5 {
			p = append(p, weighted{"homestay", 2})
		}
	}
	if industryDistricts[dn] && t.Kind != "乡" {
		p = append(p, weighted{"cnc_lathe", 1.5}, weighted{"injection", 1})
	}
	return p
}

func (w *world) buildInstitutions() error {
	for i, v := range vocationalSpecs {
		if w.src.districtByName(v.District) == nil {
			return fmt.Errorf("vocational %s: unknown district %s", v.Name, v.District)
		}
		w.institutions = append(w.institutions, &institution{
			ID: fmt.Sprintf("V%02d", i+1), Name: v.Name, Short: v.Short, Kind: v.Kind, Public: true,
			Website: v.Website, Profile: v.Profile, Courses: v.Courses,
		})
	}
	excluded := map[string]bool{}
	for _, t := range adultSchoolExcluded(w.src.townships) {
		excluded[t.Code] = true
	}
	for _, t := range w.src.townships {
		if excluded[t.Code] {
			continue
		}
		n := 12 + t.Villages/2
		if n > 30 {
			n = 30
		}
		w.institutions = append(w.institutions, &institution{
			ID: "A" + t.Code, Name: t.Name + "成人文化技术学校", Short: t.Short + "成校", Kind: kAdult, Public: true,
			T: t, Profile: adultProfile(t), Courses: n,
		})
	}
	// the school that serves each township without one: the nearest one
	// of its district
	for _, t := range w.src.townships {
		if !excluded[t.Code] {
			continue
		}
		var best *institution
		bd := math.Inf(1)
		for _, in := range w.institutions {
			if in.Kind == kAdult && in.T.District == t.District {
				if d := dist(in.T.Center, t.Center); d < bd {
					best, bd = in, d
				}
			}
		}
		if best == nil {
			return fmt.Errorf("no adult school in %s to serve %s", t.District.Name, t.Name)
		}
		w.noAdultSchool[t.Code] = best
	}
	for i, a := range academySpecs {
		w.institutions = append(w.institutions, &institution{
			ID: fmt.Sprintf("EA%02d", i+1), Name: a.Name, Short: a.Short, Kind: kAcademy, Public: false,
			Profile: a.Profile, Courses: a.Courses,
		})
	}
	for i, s := range socialSpecs {
		w.institutions = append(w.institutions, &institution{
			ID: fmt.Sprintf("ST%02d", i+1), Name: s.Name, Short: s.Short, Kind: kSocial, Public: false,
			Profile: s.Profile, Courses: s.Courses,
		})
	}
	return nil
}

func (w *world) institution(name string) *institution {
	for _, in := range w.institutions {
		if in.Name == name {
			return in
		}
	}
	return nil
}

// shortName is the name used in site names: the short name, or the name.
func (in *institution) shortName() string {
	if in.Short != "" {
		return in.Short
	}
	return in.Name
}
