package geocode

import "strings"

// The words every query may hold besides names: the region's own prefixes,
// places outside it, and filler. They are folded (simplified, lower case)
// as queries are.

// regionWords name the region itself (Zhejiang, Ningbo): fine to say,
// saying nothing about where in the region.
var regionWords = []string{
	"中国", "中华人民共和国", "浙江省", "浙江", "宁波市", "宁波", "甬城",
}

var regionLatin = []string{"china", "prc", "zhejiang", "ningbo", "province"}

// foreignProvinces are China's provinces and province-level units other
// than Zhejiang. A query naming one is outside the region.
var foreignProvinces = []string{
	"北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "安徽", "福建",
	"江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃",
	"青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
}

// foreignCities are the other cities of Zhejiang and the large cities
// people in Ningbo most often come from or work in.
var foreignCities = []string{
	"杭州", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "义乌",
	"南京", "苏州", "无锡", "常州", "南通", "徐州", "扬州", "广州", "深圳", "东莞", "佛山", "珠海",
	"武汉", "成都", "西安", "厦门", "青岛", "大连", "沈阳", "长沙", "郑州", "济南", "合肥", "福州",
	"南昌", "昆明", "贵阳", "南宁", "哈尔滨", "石家庄", "太原", "兰州", "乌鲁木齐", "拉萨", "海口",
}

// foreignLatin are the same in pinyin, for English and pinyin queries.
var foreignLatin = []string{
	"beijing", "tianjin", "shanghai", "chongqing", "hebei", "shanxi", "liaoning", "jilin", "heilongjiang",
	"jiangsu", "anhui", "fujian", "jiangxi", "shandong", "henan", "hubei", "hunan", "guangdong", "hainan",
	"sichuan", "guizhou", "yunnan", "shaanxi", "gansu", "qinghai", "taiwan", "guangxi", "tibet", "xizang",
	"ningxia", "xinjiang", "hongkong", "macau", "macao", "hangzhou", "wenzhou", "jiaxing", "huzhou",
	"shaoxing", "jinhua", "quzhou", "zhoushan", "taizhou", "lishui", "yiwu", "nanjing", "suzhou", "wuxi",
	"guangzhou", "shenzhen", "wuhan", "chengdu", "xiamen", "qingdao", "dalian", "shenyang",
	"changsha", "zhengzhou", "jinan", "hefei", "fuzhou", "kunming",
}

// fillerWords say nothing about where: how people phrase "I live near X".
var fillerWords = []string{
	"附近", "旁边", "周边", "周围", "一带", "对面", "边上", "这边", "那边", "这里", "那里", "里面",
	"我家", "我住", "住在", "家住", "我在", "在", "我的", "的", "是", "去", "到", "从", "出发",
	"单位", "公司", "上班", "工作", "地址", "地址是", "家", "住址", "所在地", "位于", "就在",
}

var fillerLatin = []string{
	"no", "num", "number", "near", "nearby", "around", "by", "at", "in", "the", "of", "and", "live",
	"work", "my", "home", "office",
}

// englishSyllables turn the English words of an address into the pinyin
// syllables the names are indexed under: "Mingguang North Road" is read
// as mingguang bei lu. A word may have several readings.
var englishSyllables = map[string][]string{
	"road": {"lu"}, "rd": {"lu"}, "lu": {"lu"},
	"street": {"jie", "jiedao"}, "st": {"jie", "jiedao"}, "avenue": {"dadao", "lu"}, "ave": {"dadao", "lu"},
	"boulevard": {"dadao"}, "lane": {"xiang", "nong"},
	"north": {"bei"}, "south": {"nan"}, "east": {"dong"}, "west": {"xi"},
	"middle": {"zhong"}, "central": {"zhong"}, "mid": {"zhong"},
	"town": {"zhen"}, "township": {"xiang", "zhen"}, "subdistrict": {"jiedao"},
	"district": {"qu"}, "county": {"xian"}, "city": {"shi"}, "village": {"cun"}, "community": {"shequ"},
	"square": {"guangchang"}, "plaza": {"guangchang"}, "station": {"zhan", ""}, "metro": {"", "ditie"},
	"bridge": {"qiao"}, "lake": {"hu"}, "mountain": {"shan"}, "island": {"dao"}, "port": {"gang"},
	"hospital": {"yiyuan"}, "school": {"xuexiao"}, "park": {"yuanqu", "gongyuan", "yuan"},
	"industrial": {"gongye"}, "zone": {"qu", "yuanqu"}, "railway": {"huoche"}, "train": {"huoche"},
	"airport": {"jichang"}, "international": {"guoji"},
}

// Address suffixes, for splitting what the gazetteer does not know.
var (
	roadSuffixes     = []string{"大道", "路", "街", "巷", "弄", "胡同", "道"}
	townshipSuffixes = []string{"街道", "镇", "乡"}
	districtSuffixes = []string{"新区", "区", "县", "旗"}
	buildingSuffixes = []string{"号楼", "单元", "幢", "栋", "室", "层", "楼"}
	// notDistricts end in 区 but are no district: housing estates, parks,
	// campuses.
	notDistricts = []string{"小区", "园区", "社区", "校区", "景区", "厂区", "矿区", "院区", "片区", "商区", "城区",
		"开发区", "保税区", "工业区", "功能区", "住宅区", "生活区", "服务区", "示范区", "试验区"}
)

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) && len(s) > len(x) {
			return true
		}
	}
	return false
}
