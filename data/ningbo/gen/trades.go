package main

import "strings"

// Levels, by their data.Level codes.
const (
	lvNone = "none"
	lvJ    = "junior"
	lvI    = "intermediate"
	lvS    = "senior"
	lvT    = "technician"
	lvST   = "senior_technician"
)

var (
	levelZH      = map[string]string{lvJ: "初级", lvI: "中级", lvS: "高级", lvT: "技师", lvST: "高级技师"}
	levelNumeric = map[string]string{lvJ: "五级", lvI: "四级", lvS: "三级", lvT: "二级", lvST: "一级"}
	// levelWeight is how common each grade is among certificate courses:
	// the higher grades are rarer.
	levelWeight = map[string]float64{lvNone: 30, lvJ: 32, lvI: 34, lvS: 20, lvT: 8, lvST: 3}
)

func levels(from, to string) []string {
	all := []string{lvJ, lvI, lvS, lvT, lvST}
	var out []string
	in := false
	for _, l := range all {
		if l == from {
			in = true
		}
		if in {
			out = append(out, l)
		}
		if l == to {
			break
		}
	}
	return out
}

// trade is a kind of course: a trade (工种) with its occupation code and
// grades, or a hobby, seniors' or labour-education subject.
type trade struct {
	Key    string
	Name   string // the trade field
	Code   string // occupational classification 2022; empty unless sure
	Family string
	Levels []string // grades offered; lvNone for courses without a grade
	// Numeric writes grades as 五级..一级 (the newer occupations' style)
	// instead of 初级..高级技师.
	Numeric  bool
	Titles   []string // titles of graded courses; {lv} is the grade
	Plain    []string // titles of courses without a grade
	Content  string
	Workshop bool // needs a workshop: not at community points
	Online   bool // may be taught online
	Cert     bool // a safety operation certificate (特种作业/特种设备)
	Sess     [2]int
	Fee      [2]int
}

func (t *trade) graded() bool {
	for _, l := range t.Levels {
		if l != lvNone {
			return true
		}
	}
	return false
}

func (t *trade) levelLabel(l string) string {
	if t.Numeric {
		return levelNumeric[l]
	}
	return levelZH[l]
}

func (t *trade) title(tmpl, l string) string {
	return strings.ReplaceAll(tmpl, "{lv}", t.levelLabel(l))
}

const (
	famMfg    = "manufacturing"
	famSvc    = "services"
	famAgri   = "agriculture"
	famLabour = "labour"
	famSenior = "seniors"
)

var none = []string{lvNone}

// trades is the catalogue of what is taught. Occupation codes are given
// only where we are sure of them (职业分类大典 2022); elsewhere they are
// left empty.
var trades = []*trade{
	// 先进制造业
	{Key: "cnc_lathe", Name: "数控车工", Code: "6-18-01-01", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"数控车工（{lv}）职业技能等级认定培训", "数控车工（{lv}）培训班", "数控车床编程与操作（{lv}）"},
		Content: "数控车床编程（FANUC、广数系统）、刀具与切削参数选用、轴套类零件加工与检测"},
	{Key: "cnc_mill", Name: "数控铣工", Code: "6-18-01-02", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"数控铣工（{lv}）职业技能等级认定培训", "数控铣工（{lv}）培训班", "数控铣床编程与操作（{lv}）"},
		Content: "数控铣床编程、工件装夹与找正、平面轮廓与型腔零件加工"},
	{Key: "cnc_center", Name: "加工中心操作工", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"数控加工（加工中心操作工·{lv}）培训班", "加工中心操作工（{lv}）", "数控加工中心编程与操作（{lv}）"},
		Content: "加工中心编程、多工序数控加工、CAM自动编程与在机测量"},
	{Key: "cnc_prog", Name: "数控车工", Code: "6-18-01-01", Family: famMfg, Levels: levels(lvJ, lvI),
		Titles:  []string{"数控车工（{lv}）编程与仿真培训班", "数控编程与仿真加工（数控车工·{lv}）"},
		Content: "数控车削编程、仿真软件操作、CAD/CAM出图与程序校验（机房教学，上机实操在合作校区完成）", Sess: [2]int{12, 32}},
	{Key: "cnc_mill_prog", Name: "数控铣工", Code: "6-18-01-02", Family: famMfg, Levels: levels(lvJ, lvI),
		Titles:  []string{"数控铣工（{lv}）编程与仿真培训班", "数控加工CAD/CAM编程（数控铣工·{lv}）"},
		Content: "数控铣削与加工中心编程、CAD/CAM软件建模与刀路生成、仿真校验（机房教学）", Sess: [2]int{12, 32}},
	{Key: "lathe", Name: "车工", Code: "6-18-01-01", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"车工（{lv}）培训班", "普通车工（{lv}）职业技能等级认定培训"},
		Content: "普通车床操作、外圆内孔与螺纹车削、零件测量"},
	{Key: "mill", Name: "铣工", Code: "6-18-01-02", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"铣工（{lv}）培训班"},
		Content: "普通铣床操作、平面台阶与沟槽铣削、分度头使用"},
	{Key: "welder", Name: "焊工", Code: "6-18-02-04", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"焊工（{lv}）职业技能等级认定培训", "焊工（{lv}）培训班", "焊工（{lv}）——焊条电弧焊与气体保护焊"},
		Content: "焊条电弧焊、二氧化碳气体保护焊、氩弧焊，板对接与管对接实操"},
	{Key: "welder_dd", Name: "电焊工", Code: "6-18-02-04", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"电焊工（{lv}）实操培训", "电焊工（{lv}）——压力管道焊接"},
		Content: "石化装置压力管道焊接、焊前准备、焊缝外观与无损检测要求"},
	{Key: "electrician", Name: "电工", Code: "6-31-01-03", Family: famMfg, Levels: levels(lvJ, lvST), Workshop: true,
		Titles:  []string{"电工（{lv}）", "电工（{lv}）职业技能等级认定培训", "电工（{lv}）培训班"},
		Content: "电工基础、电力拖动控制、照明与动力线路安装、电气控制线路故障检修"},
	{Key: "plc", Name: "电工", Code: "6-31-01-03", Family: famMfg, Levels: levels(lvI, lvS),
		Titles:  []string{"PLC编程与应用（电工·{lv}）", "电气控制与PLC编程（电工{lv}）"},
		Content: "可编程控制器（PLC）编程、变频器与触摸屏应用、电气控制系统调试"},
	{Key: "lv_elec", Name: "低压电工", Family: famMfg, Levels: none, Workshop: true, Cert: true,
		Plain:   []string{"低压电工作业（特种作业操作证）", "低压电工作业（特种作业操作证）", "低压电工作业（特种作业操作证复审）"},
		Content: "依据特种作业人员安全技术培训大纲：电气安全基础、低压电器与线路、触电急救；考核合格申领特种作业操作证",
		Sess:    [2]int{6, 14}, Fee: [2]int{300, 700}},
	{Key: "hv_elec", Name: "高压电工", Family: famMfg, Levels: none, Workshop: true, Cert: true,
		Plain:   []string{"高压电工作业（特种作业操作证）"},
		Content: "依据特种作业人员安全技术培训大纲：高压电气设备、倒闸操作、继电保护与安全用具；考核合格申领特种作业操作证",
		Sess:    [2]int{8, 16}, Fee: [2]int{500, 900}},
	{Key: "weld_cut", Name: "熔化焊接与热切割", Family: famMfg, Levels: none, Workshop: true, Cert: true,
		Plain:   []string{"熔化焊接与热切割作业（特种作业操作证）"},
		Content: "依据特种作业人员安全技术培训大纲：焊接与切割安全、防火防爆、实操考核；合格申领特种作业操作证",
		Sess:    [2]int{6, 14}, Fee: [2]int{400, 900}},
	{Key: "height", Name: "登高架设", Family: famMfg, Levels: none, Workshop: true, Cert: true,
		Plain:   []string{"登高架设作业（特种作业操作证）"},
		Content: "依据特种作业人员安全技术培训大纲：脚手架搭设与拆除、高处作业防护；考核合格申领特种作业操作证",
		Sess:    [2]int{5, 10}, Fee: [2]int{400, 800}},
	{Key: "forklift", Name: "叉车司机", Family: famMfg, Levels: none, Workshop: true, Cert: true,
		Plain:   []string{"叉车司机（场（厂）内专用机动车辆作业）", "叉车司机（场（厂）内专用机动车辆作业）取证培训"},
		Content: "场（厂）内专用机动车辆安全技术、叉车驾驶与装卸作业实操；考核合格取得特种设备作业人员证",
		Sess:    [2]int{5, 12}, Fee: [2]int{500, 1200}},
	{Key: "robot_op", Name: "工业机器人系统操作员", Code: "6-30-99-00", Family: famMfg, Levels: levels(lvJ, lvS), Numeric: true, Workshop: true,
		Titles:  []string{"工业机器人系统操作员（{lv}）培训班", "工业机器人编程与操作（{lv}）", "工业机器人系统操作员（{lv}）职业技能等级认定培训"},
		Content: "工业机器人示教编程、离线编程与仿真、搬运码垛与焊接工作站操作"},
	{Key: "robot_ops", Name: "工业机器人系统运维员", Family: famMfg, Levels: levels(lvJ, lvS), Numeric: true, Workshop: true,
		Titles:  []string{"工业机器人系统运维员（{lv}）培训班"},
		Content: "工业机器人系统安装调试、故障诊断与维护保养"},
	{Key: "fitter", Name: "钳工", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"钳工（{lv}）培训班", "装配钳工（{lv}）职业技能等级认定培训", "钳工（{lv}）"},
		Content: "划线、锉削、锯削、钻铰孔与攻丝，机械部件装配与调试"},
	{Key: "mould", Name: "模具工", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"模具工（{lv}）培训班", "注塑模具设计与制造（模具工·{lv}）"},
		Content: "模具识图、注塑模具结构、模具零件加工与装配调试"},
	{Key: "injection", Name: "塑料制品成型制作工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"塑料制品成型制作工（注塑·{lv}）", "注塑成型工艺与设备操作（{lv}）"},
		Content: "注塑机操作与调机、成型工艺参数设定、制品缺陷分析与处理"},
	{Key: "elevator", Name: "电梯安装维修工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"电梯安装维修工（{lv}）培训班", "电梯安装维修工（{lv}）"},
		Content: "电梯结构与原理、安装调试、日常维保与故障排除"},
	{Key: "hvac", Name: "制冷空调系统安装维修工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"制冷空调系统安装维修工（{lv}）"},
		Content: "制冷原理、空调系统安装、检漏抽真空与充注、故障维修"},
	{Key: "chem", Name: "化工总控工", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"化工总控工（{lv}）培训班", "化工总控工（{lv}）——DCS操作与装置开停车"},
		Content: "化工单元操作、DCS仿真操作、装置开停车与异常工况处理"},
	{Key: "pipe", Name: "管工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"管工（{lv}）培训班", "管工（{lv}）——工艺管道预制与安装"},
		Content: "管道识图与放样、工艺管道预制安装、试压与吹扫"},
	{Key: "pipe_rivet", Name: "管铆工", Family: famMfg, Levels: levels(lvJ, lvI), Workshop: true,
		Titles:  []string{"管铆工（{lv}）实操培训", "管铆工（{lv}）培训班"},
		Content: "管道与钢结构放样下料、组对与铆接、质量检验"},
	{Key: "rigger", Name: "起重工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"起重工（{lv}）培训班", "起重工（{lv}）——大型设备吊装"},
		Content: "索具与机具选用、吊装方案、指挥信号与安全作业"},
	{Key: "instrument", Name: "仪表维修工", Family: famMfg, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"仪表维修工（{lv}）培训班", "仪表维修工（{lv}）——DCS与控制回路调试"},
		Content: "温度、压力、流量与物位仪表校验维修，调节阀与控制回路调试"},
	{Key: "scaffold", Name: "脚手架工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"脚手架工（{lv}）培训班", "脚手架搭设与拆除（脚手架工·{lv}）"},
		Content: "脚手架构造与搭设规范、高处作业安全、验收与拆除"},
	{Key: "additive", Name: "增材制造设备操作员", Family: famMfg, Levels: levels(lvJ, lvS), Numeric: true,
		Titles:  []string{"增材制造设备操作员（{lv}）培训班", "3D打印技术应用（增材制造设备操作员·{lv}）"},
		Content: "三维建模、切片与打印参数设置、打印件后处理"},
	{Key: "drone", Name: "无人机驾驶员", Family: famMfg, Levels: levels(lvJ, lvS), Numeric: true, Workshop: true,
		Titles:  []string{"无人机驾驶员（{lv}）培训班", "民用无人机驾驶员（多旋翼·{lv}）"},
		Content: "无人机法规与气象、多旋翼飞行操控、航拍与巡检作业"},
	{Key: "pattern", Name: "服装制版师", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"服装制版师（{lv}）", "服装制版与CAD打版（{lv}）"},
		Content: "服装结构设计、平面制版、服装CAD打版与推板"},
	{Key: "sewing", Name: "缝纫工", Family: famMfg, Levels: levels(lvJ, lvI), Workshop: true,
		Titles:  []string{"缝纫工（{lv}）培训班", "缝纫工（{lv}）——服装流水线缝制"},
		Content: "工业平缝机操作、服装部件缝制与整烫"},
	{Key: "electronics", Name: "电子设备装接工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"电子设备装接工（{lv}）培训班", "电子产品装配与调试（{lv}）"},
		Content: "电子元器件识别、手工焊接与SMT、整机装配与调试"},
	{Key: "car_assembly", Name: "汽车装调工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"汽车装调工（{lv}）培训班", "汽车装调工（{lv}）——新能源整车装调"},
		Content: "整车装配工艺、拧紧与检测、新能源汽车高压安全"},
	{Key: "appliance", Name: "家用电器产品维修工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"家用电器产品维修工（{lv}）", "家用电器产品维修工（{lv}）——厨房电器维修"},
		Content: "厨房电器与小家电结构原理、检测与维修"},
	{Key: "pharma", Name: "药物制剂工", Family: famMfg, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"药物制剂工（{lv}）培训班", "药物制剂工（{lv}）"},
		Content: "药品生产质量管理规范（GMP）、固体与液体制剂生产操作"},
	{Key: "digital_craft", Name: "数字智造", Family: famMfg, Levels: none, Online: true,
		Plain:   []string{"数字智造产业工匠培训班", "智能制造数字化车间运维实务", "工业互联网与MES系统应用"},
		Content: "数字化车间与工业互联网平台、MES与设备数据采集、精益生产"},

	// 现代服务业
	{Key: "nanny", Name: "育婴员", Code: "4-10-01-02", Family: famSvc, Levels: levels(lvJ, lvS), Online: true,
		Titles:  []string{"育婴员（{lv}）", "育婴员（{lv}）职业技能等级认定培训", "育婴员（{lv}）培训班"},
		Content: "婴幼儿生活照料、保健与护理、早期发展指导"},
	{Key: "childcare", Name: "保育师", Code: "4-10-01-03", Family: famSvc, Levels: levels(lvJ, lvS),
		Titles:  []string{"保育师（{lv}）培训班", "保育师（{lv}）"},
		Content: "托幼机构保育工作规范、幼儿生活照料与卫生保健、安全防护"},
	{Key: "maternity", Name: "母婴护理员", Family: famSvc, Levels: []string{lvNone, lvJ, lvI},
		Plain:   []string{"母婴护理员", "母婴护理（月嫂）技能培训"},
		Titles:  []string{"母婴护理员（{lv}）培训班"},
		Content: "产妇与新生儿护理、月子餐制作、母乳喂养指导"},
	{Key: "eldercare", Name: "养老护理员", Code: "4-10-01-05", Family: famSvc, Levels: levels(lvJ, lvT), Online: true,
		Titles:  []string{"养老护理员（{lv}）", "养老护理员（{lv}）职业技能等级认定培训"},
		Content: "失能老人生活照料、基础护理、康复服务与心理支持"},
	{Key: "housekeeping", Name: "家政服务员", Family: famSvc, Levels: levels(lvJ, lvS),
		Titles:  []string{"家政服务员（{lv}）培训班", "家政服务员（{lv}）"},
		Content: "家居保洁、衣物洗涤与收纳、家庭餐制作与家庭礼仪"},
	{Key: "cook", Name: "中式烹调师", Code: "4-03-02-01", Family: famSvc, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"中式烹调师（{lv}）", "中式烹调师（{lv}）职业技能等级认定培训", "中式烹调师（{lv}）——宁波菜制作"},
		Content: "刀工与火候、宁波菜与浙菜制作、食品安全与营养配餐"},
	{Key: "pastry_cn", Name: "中式面点师", Family: famSvc, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"中式面点师（{lv}）", "中式面点师（{lv}）——宁波汤圆与年糕制作"},
		Content: "水调、发酵与油酥面团，宁波特色点心制作"},
	{Key: "pastry_west", Name: "西式面点师", Family: famSvc, Levels: []string{lvNone, lvJ, lvI, lvS}, Workshop: true,
		Plain:   []string{"西式面点师", "西式面点烘焙入门"},
		Titles:  []string{"西式面点师（{lv}）"},
		Content: "面包、蛋糕与西点制作，烘焙原理与设备使用"},
	{Key: "cook_west", Name: "西式烹调师", Family: famSvc, Levels: levels(lvJ, lvI), Workshop: true,
		Titles:  []string{"西式烹调师（{lv}）"},
		Content: "西餐基础烹调方法、沙拉酱汁与主菜制作"},
	{Key: "tea", Name: "茶艺师", Family: famSvc, Levels: []string{lvNone, lvJ, lvI, lvS},
		Plain:   []string{"茶艺师", "茶艺入门与宋式点茶"},
		Titles:  []string{"茶艺师（{lv}）", "茶艺师（{lv}）培训班"},
		Content: "茶叶基础知识、六大茶类冲泡、茶席设计与宁波茶文化"},
	{Key: "tea_eval", Name: "评茶员", Family: famSvc, Levels: levels(lvJ, lvI),
		Titles:  []string{"评茶员（{lv}）"},
		Content: "茶叶感官审评方法、品质鉴别与等级评定"},
	{Key: "coffee", Name: "咖啡师", Family: famSvc, Levels: levels(lvJ, lvI),
		Titles:  []string{"咖啡师（{lv}）培训班"},
		Content: "咖啡豆知识、意式咖啡制作与拉花、门店服务"},
	{Key: "flower", Name: "插花花艺师", Family: famSvc, Levels: []string{lvNone, lvJ, lvI, lvS},
		Plain:   []string{"插花花艺师", "插花花艺入门"},
		Titles:  []string{"插花花艺师（{lv}）"},
		Content: "花材识别与养护、东方与西方插花、花束与花篮制作"},
	{Key: "beauty", Name: "美容师", Family: famSvc, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"美容师（{lv}）", "美容师（{lv}）培训班"},
		Content: "皮肤护理、化妆技法与美容仪器使用"},
	{Key: "hair", Name: "美发师", Family: famSvc, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"美发师（{lv}）培训班"},
		Content: "剪发、烫发与染发技术，发型设计"},
	{Key: "ecommerce", Name: "电子商务师", Family: famSvc, Levels: []string{lvNone, lvJ, lvI, lvS}, Online: true,
		Plain:   []string{"电子商务师（直播销售员）", "电商运营实务（店铺运营与推广）"},
		Titles:  []string{"电子商务师（{lv}）", "电子商务师（{lv}）培训班"},
		Content: "网店开设与运营、商品拍摄与详情页制作、直播带货与数据分析"},
	{Key: "livestream", Name: "互联网营销师", Family: famSvc, Levels: levels(lvJ, lvS), Numeric: true, Online: true,
		Titles:  []string{"互联网营销师（直播销售员·{lv}）", "互联网营销师（{lv}）培训班"},
		Content: "直播间搭建、选品与脚本、直播话术与合规、短视频运营"},
	{Key: "netsec", Name: "网络与信息安全管理员", Family: famSvc, Levels: []string{lvNone, lvJ, lvI, lvS}, Online: true,
		Plain:   []string{"网络安全技术", "网络安全技术基础与实践"},
		Titles:  []string{"网络与信息安全管理员（{lv}）"},
		Content: "网络基础、主机与网络安全配置、漏洞扫描与安全事件处置"},
	{Key: "ai_trainer", Name: "人工智能训练师", Family: famSvc, Levels: levels(lvJ, lvS), Numeric: true, Online: true,
		Titles:  []string{"人工智能训练师（{lv}）培训班"},
		Content: "数据采集与标注、模型训练与测试、智能系统运维"},
	{Key: "office", Name: "办公软件应用", Family: famSvc, Levels: none, Online: true,
		Plain:   []string{"办公软件应用（WPS/Office）", "Excel数据处理与分析"},
		Content: "文字处理、电子表格与函数、演示文稿制作"},
	{Key: "car_repair", Name: "汽车维修工", Family: famSvc, Levels: levels(lvJ, lvT), Workshop: true,
		Titles:  []string{"汽车维修工（{lv}）", "汽车维修工（{lv}）职业技能等级认定培训"},
		Content: "汽车发动机、底盘与电气系统检测维修"},
	{Key: "ev_repair", Name: "汽车维修工", Family: famSvc, Levels: levels(lvI, lvS), Workshop: true,
		Titles:  []string{"新能源汽车检测与维修（汽车维修工·{lv}）"},
		Content: "新能源汽车高压安全、动力电池与电驱系统检测维修"},
	{Key: "security", Name: "保安员", Family: famSvc, Levels: levels(lvJ, lvS),
		Titles:  []string{"保安员（{lv}）", "保安员（{lv}）培训班"},
		Content: "保安服务规范、消防与应急处置、安全防范技术"},
	{Key: "courier", Name: "快递员", Family: famSvc, Levels: levels(lvJ, lvI),
		Titles:  []string{"快递员（{lv}）培训班", "快递员（{lv}）"},
		Content: "快件收派与处理规范、服务礼仪与安全"},
	{Key: "logistics", Name: "物流服务师", Family: famSvc, Levels: levels(lvJ, lvS),
		Titles:  []string{"物流服务师（{lv}）", "物流服务师（{lv}）培训班", "港口物流与仓储管理（物流服务师·{lv}）"},
		Content: "仓储与配送管理、港口集装箱物流、物流信息系统"},
	{Key: "pharm_sales", Name: "医药商品购销员", Family: famSvc, Levels: levels(lvJ, lvS),
		Titles:  []string{"医药商品购销员（{lv}）", "医药商品购销员（{lv}）培训班"},
		Content: "药品分类与储存、用药咨询与药店服务规范"},
	{Key: "massage", Name: "保健按摩师", Family: famSvc, Levels: levels(lvJ, lvS), Workshop: true,
		Titles:  []string{"保健按摩师（{lv}）", "保健按摩师（{lv}）培训班"},
		Content: "经络腧穴基础、保健按摩手法与足部按摩"},
	{Key: "homestay", Name: "民宿管家", Family: famSvc, Levels: levels(lvJ, lvI),
		Titles:  []string{"民宿管家（{lv}）培训班"},
		Content: "民宿接待与客房服务、乡村旅游线路、网络平台运营"},
	{Key: "organizer", Name: "整理收纳师", Family: famSvc, Levels: levels(lvJ, lvI), Numeric: true,
		Titles:  []string{"整理收纳师（{lv}）"},
		Content: "衣橱与居家空间整理、收纳方案设计与上门服务"},
	{Key: "early_dev", Name: "婴幼儿发展引导员", Family: famSvc, Levels: levels(lvJ, lvS), Numeric: true,
		Titles:  []string{"婴幼儿发展引导员（{lv}）"},
		Content: "婴幼儿发展评估、亲子活动设计与家庭养育指导"},
	{Key: "craft", Name: "传统工艺", Family: famSvc, Levels: none,
		Plain:   []string{"宁波朱金漆木雕技艺传习班", "骨木镶嵌技艺入门", "宁波金银彩绣技艺传习班", "泥金彩漆技艺体验"},
		Content: "宁波非物质文化遗产技艺传习：工具与材料、基本技法、作品制作"},
	{Key: "bus_driver", Name: "公交驾驶员", Family: famSvc, Levels: none,
		Plain:   []string{"公交驾驶员安全驾驶与文明服务培训", "新能源公交车辆操作与节能驾驶"},
		Content: "安全行车规范、新能源车辆操作、乘客服务与应急处置", Sess: [2]int{4, 10}},

	// 现代农业
	{Key: "plant_protect", Name: "农作物植保员", Family: famAgri, Levels: levels(lvJ, lvS),
		Titles:  []string{"农作物植保员（{lv}）"},
		Content: "病虫害识别与绿色防控、科学安全用药、植保机械使用"},
	{Key: "agronomist", Name: "农艺工", Family: famAgri, Levels: levels(lvJ, lvS),
		Titles:  []string{"农艺工（{lv}）培训班"},
		Content: "作物栽培、土肥管理与设施农业技术"},
	{Key: "crop", Name: "农艺工", Family: famAgri, Levels: none,
		Content: "品种选择、栽培管理、病虫害绿色防控与采后处理，田间现场教学"},
	{Key: "tea_make", Name: "茶叶加工工", Family: famAgri, Levels: []string{lvNone, lvJ, lvI},
		Plain:   []string{"名优茶采制技术"},
		Titles:  []string{"茶叶加工工（{lv}）"},
		Content: "鲜叶采摘标准、名优绿茶杀青揉捻与烘干、茶叶品质控制"},
	{Key: "aquaculture", Name: "水产养殖员", Family: famAgri, Levels: []string{lvNone, lvJ, lvI, lvS},
		Plain:   []string{"南美白对虾生态养殖技术", "海水网箱养殖技术"},
		Titles:  []string{"水产养殖员（{lv}）"},
		Content: "养殖水质调控、苗种与饲料管理、病害防治"},
	{Key: "agri_machine", Name: "农机修理工", Family: famAgri, Levels: levels(lvJ, lvI), Workshop: true,
		Titles:  []string{"农机修理工（{lv}）"},
		Content: "拖拉机、插秧机与收割机的使用维护与故障排除"},
	{Key: "agri_manager", Name: "农业经理人", Family: famAgri, Levels: levels(lvI, lvS), Online: true,
		Titles:  []string{"农业经理人（{lv}）培训班"},
		Content: "农业生产经营管理、合作社与家庭农场运营、农产品营销"},
	{Key: "high_farmer", Name: "高素质农民", Family: famAgri, Levels: none,
		Plain:   []string{"高素质农民培育", "家庭农场经营管理"},
		Content: "现代农业经营理念、生产技术与品牌营销，观摩示范基地"},
	{Key: "rural_ecom", Name: "农村电商", Family: famAgri, Levels: none, Online: true,
		Plain:   []string{"农村电商与农产品直播营销", "农产品网店运营实务"},
		Content: "农产品网店开设、短视频与直播营销、包装物流"},
	{Key: "mushroom", Name: "食用菌栽培", Family: famAgri, Levels: none,
		Plain:   []string{"食用菌栽培技术"},
		Content: "菌种选择、菌棒制作与出菇管理"},
	{Key: "bamboo", Name: "竹笋栽培", Family: famAgri, Levels: none,
		Plain:   []string{"竹笋高效栽培技术"},
		Content: "竹林结构调整、施肥覆盖与早出笋技术"},
	{Key: "flower_grow", Name: "花卉园艺工", Family: famAgri, Levels: levels(lvJ, lvI),
		Titles:  []string{"花卉园艺工（{lv}）"},
		Content: "花卉繁殖、盆花与苗木养护、设施花卉生产"},
	{Key: "drone_spray", Name: "无人机驾驶员", Family: famAgri, Levels: none, Workshop: true,
		Plain:   []string{"植保无人机飞防作业培训"},
		Content: "植保无人机操控、飞防作业规范与药剂安全"},
}

// labourSubjects are labour-education (劳动教育) courses for pupils:
// subject, and whether it needs a workshop.
var labourSubjects = []struct {
	Subject  string
	Workshop bool
	Rural    bool
}{
	{"木工", true, false}, {"烹饪", true, false}, {"面点制作", true, false}, {"农耕体验", false, true},
	{"竹编", false, false}, {"陶艺", true, false}, {"家电小维修", false, false}, {"3D打印与创客", false, false},
	{"茶艺", false, false}, {"种植养护", false, false}, {"金银彩绣", false, false}, {"电子制作", false, false},
	{"缝纫与布艺", false, false}, {"非遗剪纸", false, false},
}

// seniorSubjects are seniors' courses: trade (subject), titles, and
// whether they may be taught online.
var seniorSubjects = []struct {
	Subject string
	Titles  []string
	Online  bool
}{
	{"智能手机应用", []string{"老年人智能手机应用", "智能手机拍照与微信使用"}, true},
	{"书法", []string{"书法入门", "硬笔书法"}, false},
	{"太极拳", []string{"太极拳", "二十四式太极拳"}, false},
	{"国画", []string{"国画（花鸟）", "国画（山水）"}, false},
	{"葫芦丝", []string{"葫芦丝"}, false},
	{"摄影", []string{"摄影基础", "手机摄影与短视频剪辑"}, true},
	{"合唱", []string{"合唱"}, false},
	{"戏曲", []string{"越剧演唱", "甬剧演唱"}, false},
	{"八段锦", []string{"八段锦"}, false},
	{"养生保健", []string{"中医养生保健", "老年营养与膳食"}, true},
	{"声乐", []string{"声乐基础"}, false},
	{"舞蹈", []string{"民族舞", "排舞"}, false},
	{"电子琴", []string{"电子琴入门"}, false},
	{"智能生活", []string{"防范电信诈骗与智能生活"}, true},
	{"剪纸", []string{"剪纸"}, false},
}

// districtCrops are the crop courses of each district: its well-known
// produce.
var districtCrops = map[string][]string{
	"海曙区": {"蔬菜设施栽培技术", "茶叶种植与管理", "竹笋高效栽培技术"},
	"江北区": {"草莓设施栽培技术", "蔬菜设施栽培技术"},
	"北仑区": {"葡萄设施栽培技术", "蔬菜设施栽培技术"},
	"镇海区": {"蔬菜设施栽培技术", "葡萄设施栽培技术"},
	"鄞州区": {"雪菜种植与腌制技术", "草莓设施栽培技术", "蔬菜设施栽培技术"},
	"奉化区": {"奉化水蜜桃栽培技术", "奉化芋艿头种植技术", "竹笋高效栽培技术"},
	"象山县": {"象山红美人柑橘栽培技术", "柑橘优质高效栽培技术"},
	"宁海县": {"宁海白枇杷栽培技术", "竹笋高效栽培技术", "茶叶种植与管理"},
	"余姚市": {"余姚杨梅栽培与管理技术", "榨菜种植技术", "茶叶种植与管理"},
	"慈溪市": {"慈溪杨梅栽培与管理技术", "葡萄设施栽培技术", "蔬菜设施栽培技术"},
}

var (
	coastalDistricts  = map[string]bool{"北仑区": true, "奉化区": true, "象山县": true, "宁海县": true}
	teaDistricts      = map[string]bool{"海曙区": true, "奉化区": true, "宁海县": true, "余姚市": true}
	tourismDistricts  = map[string]bool{"奉化区": true, "象山县": true, "宁海县": true, "余姚市": true}
	industryDistricts = map[string]bool{"北仑区": true, "镇海区": true, "鄞州区": true, "余姚市": true, "慈溪市": true, "海曙区": true}
)

var tradeByKey = func() map[string]*trade {
	m := map[string]*trade{}
	for _, t := range trades {
		if m[t.Key] != nil {
			panic("duplicate trade key " + t.Key)
		}
		m[t.Key] = t
	}
	return m
}()
