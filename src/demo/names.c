/*
 * names.c - the name tables of the demo-county generator: surnames by
 * ethnic group (weighted by frequency), given-name characters, unit names
 * and company-name parts.  Read-only data (names.h).
 */
#include "demo/names.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* Han surnames, weights roughly per ten thousand of the population. */
static const struct demo_weighted han[] = {
	{ "王", 72 }, { "李", 72 }, { "张", 69 }, { "刘", 54 }, { "陈", 45 }, { "杨", 31 }, { "黄", 22 },
	{ "赵", 22 }, { "吴", 20 }, { "周", 19 }, { "徐", 14 }, { "孙", 13 }, { "马", 12 }, { "朱", 12 },
	{ "胡", 11 }, { "郭", 11 }, { "何", 10 }, { "高", 10 }, { "林", 10 }, { "罗", 9 }, { "郑", 9 },
	{ "梁", 8 }, { "谢", 7 }, { "宋", 6 }, { "唐", 6 }, { "许", 6 }, { "韩", 6 }, { "冯", 6 },
	{ "邓", 6 }, { "曹", 5 }, { "彭", 5 }, { "曾", 5 }, { "肖", 5 }, { "田", 5 }, { "董", 5 },
	{ "袁", 4 }, { "潘", 4 }, { "于", 4 }, { "蒋", 4 }, { "蔡", 4 }, { "余", 4 }, { "杜", 4 },
	{ "叶", 4 }, { "程", 4 }, { "苏", 3 }, { "魏", 3 }, { "吕", 3 }, { "丁", 3 }, { "任", 3 },
	{ "沈", 3 }, { "姚", 3 }, { "卢", 3 }, { "姜", 3 }, { "崔", 3 }, { "钟", 3 }, { "谭", 3 },
	{ "陆", 3 }, { "汪", 3 }, { "范", 3 }, { "金", 3 }, { "石", 3 }, { "廖", 3 }, { "贾", 3 },
	{ "夏", 3 }, { "韦", 2 }, { "付", 2 }, { "方", 2 }, { "白", 2 }, { "邹", 2 }, { "孟", 2 },
	{ "熊", 2 }, { "秦", 2 }, { "邱", 2 }, { "江", 2 }, { "尹", 2 }, { "薛", 2 }, { "闫", 2 },
	{ "段", 2 }, { "雷", 2 }, { "侯", 2 }, { "龙", 2 }, { "史", 2 }, { "陶", 2 }, { "黎", 2 },
	{ "贺", 2 }, { "顾", 2 }, { "毛", 2 }, { "郝", 2 }, { "龚", 2 }, { "邵", 2 }, { "万", 2 },
	{ "钱", 2 }, { "严", 2 }, { "武", 2 }, { "戴", 2 }, { "覃", 1 }, { "莫", 1 }, { "孔", 1 },
	{ "向", 1 }, { "汤", 1 }, { "符", 1 }, { "邢", 1 },
};
static const struct demo_weighted li[] = {   /* 黎族 (Hainan) */
	{ "王", 30 }, { "符", 20 }, { "黄", 15 }, { "陈", 10 }, { "吉", 8 }, { "李", 8 }, { "邢", 5 },
	{ "卓", 4 }, { "羊", 4 }, { "胡", 3 }, { "朱", 3 }, { "高", 3 }, { "林", 2 }, { "董", 2 },
};
static const struct demo_weighted miao[] = {   /* 苗族 */
	{ "李", 25 }, { "盘", 12 }, { "邓", 12 }, { "蒋", 10 }, { "赵", 10 }, { "杨", 10 }, { "陈", 8 },
	{ "王", 8 }, { "熊", 5 }, { "陶", 4 }, { "马", 3 },
};
static const struct demo_weighted yao[] = {   /* 瑶族 (乳源: 过山瑶) */
	{ "邓", 25 }, { "赵", 20 }, { "盘", 20 }, { "房", 8 }, { "李", 8 }, { "沈", 6 }, { "冯", 5 },
	{ "唐", 5 }, { "黄", 3 },
};
static const struct demo_weighted yi[] = {   /* 彝族 */
	{ "李", 25 }, { "罗", 15 }, { "杨", 15 }, { "字", 10 }, { "鲁", 8 }, { "张", 8 }, { "普", 5 },
	{ "毕", 5 }, { "茶", 3 }, { "自", 3 },
};
static const struct demo_weighted bai[] = {   /* 白族 */
	{ "杨", 25 }, { "李", 15 }, { "赵", 15 }, { "段", 10 }, { "张", 10 }, { "王", 8 }, { "董", 5 },
};
static const struct demo_weighted tujia[] = {   /* 土家族 */
	{ "向", 20 }, { "田", 20 }, { "彭", 15 }, { "覃", 10 }, { "冉", 10 }, { "杨", 10 }, { "张", 5 },
};
static const struct demo_weighted hui[] = {   /* 回族 */
	{ "马", 35 }, { "白", 10 }, { "丁", 10 }, { "金", 10 }, { "杨", 10 }, { "哈", 5 }, { "穆", 5 },
};
static const struct demo_weighted manchu[] = {   /* 满族 */
	{ "关", 15 }, { "赵", 15 }, { "王", 15 }, { "佟", 10 }, { "那", 5 }, { "富", 5 }, { "金", 5 },
};

static const struct {
	const char *ethnicity;
	const struct demo_weighted *table;
	int n;
} surname_tables[] = {
	{ "19", li, N(li) },       { "06", miao, N(miao) },   { "13", yao, N(yao) },
	{ "07", yi, N(yi) },       { "14", bai, N(bai) },     { "15", tujia, N(tujia) },
	{ "03", hui, N(hui) },     { "11", manchu, N(manchu) },
};

const struct demo_weighted *demo_surnames(const char *ethnicity, int *n)
{
	for (int i = 0; ethnicity && i < N(surname_tables); i++)
		if (ethnicity[0] == surname_tables[i].ethnicity[0] && ethnicity[1] == surname_tables[i].ethnicity[1]) {
			*n = surname_tables[i].n;
			return surname_tables[i].table;
		}
	*n = N(han);
	return han;
}

static const char *const male_chars[] = {
	"伟", "强", "军", "勇", "杰", "涛", "明", "刚", "平", "辉", "华", "建", "国", "志", "文", "斌", "海",
	"波", "林", "峰", "磊", "鹏", "成", "东", "亮", "飞", "龙", "兵", "超", "庆", "德", "福", "贵", "财",
	"生", "荣", "富", "新", "春", "永", "光", "发", "学", "祥", "忠", "宏", "贤", "俊", "云", "山", "江",
	"武", "胜", "利", "清", "顺", "安", "良", "金", "才", "坤", "彬", "毅", "振", "健", "浩", "宇", "凯",
};
static const char *const female_chars[] = {
	"芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "萍", "红", "梅", "兰", "英", "秀", "琴", "凤",
	"洁", "婷", "雪", "莉", "丹", "慧", "蓉", "娜", "云", "珍", "翠", "桂", "春", "金", "月", "美", "琳",
	"花", "菊", "香", "莲", "群", "倩", "颖", "露", "晶", "佳", "妹", "娇",
};
static const char *const middle_chars[] = {
	"小", "春", "建", "国", "志", "永", "德", "家", "海", "文", "明", "金", "玉", "红", "晓", "秀", "桂",
	"世", "学", "光", "如", "长", "立", "德", "宗", "正", "天", "子", "新", "运",
	"朝", "成", "育", "亚", "美", "思", "雨", "丽",
};

const char *const *demo_given_chars(int kind, int *n)
{
	switch (kind) {
	case 0: *n = N(male_chars); return male_chars;
	case 1: *n = N(female_chars); return female_chars;
	default: *n = N(middle_chars); return middle_chars;
	}
}

/* '@' is the county ("凤庆县"), '#' the province ("云南省"), '%' the city ("临沧市"). */
const char *const demo_county_organs[] = {
	"@委办公室", "@政府办公室", "@委组织部", "@委宣传部", "@委统战部", "@委政法委员会", "@纪委监委",
	"@人大常委会办公室", "@政协办公室", "@扶贫办", "@发展和改革局", "@教育局", "@科学技术和工业信息化局",
	"@公安局", "@民政局", "@司法局", "@财政局", "@人力资源和社会保障局", "@自然资源局", "@住房和城乡建设局",
	"@交通运输局", "@水务局", "@农业农村局", "@林业局", "@商务局", "@文化广电旅游体育局", "@卫生健康委员会",
	"@退役军人事务局", "@应急管理局", "@审计局", "@市场监督管理局", "@统计局", "@医疗保障局", "@信访局",
	"@机关事务管理局", "@供销合作社联合社", "@人民法院", "@人民检察院", "@总工会", "共青团@委",
	"@妇女联合会", "@残疾人联合会", "@科学技术协会", "@工商业联合会", "国家税务总局@税务局", "@融媒体中心",
	"中共@委党校", "@档案馆",
};
const int demo_county_organs_count = N(demo_county_organs);

const char *const demo_public_institutions[] = {
	"@人民医院", "@中医院", "@疾病预防控制中心", "@第一中学", "@职业技术学校", "@农业技术推广中心",
	"@妇幼保健院", "@民族中学",
};
const int demo_public_institutions_count = N(demo_public_institutions);

const char *const demo_provincial_units[] = {
	"中共#委组织部", "#农业农村厅", "#财政厅", "#交通运输厅", "#教育厅", "#卫生健康委员会", "#自然资源厅",
	"#住房和城乡建设厅", "#水利厅", "#文化和旅游厅", "#乡村振兴局", "#林业局", "#商务厅", "#人民医院",
};
const int demo_provincial_units_count = N(demo_provincial_units);

const char *const demo_city_units[] = {
	"中共%委组织部", "%农业农村局", "%财政局", "%教育局", "%卫生健康委员会", "%交通运输局",
	"%住房和城乡建设局", "%自然资源局", "%人民医院", "%水务局", "%商务局", "%扶贫开发办公室",
	"%发展和改革委员会", "%生态环境局",
};
const int demo_city_units_count = N(demo_city_units);

const char *const demo_soes[] = {
	"国网@供电公司", "中国移动@分公司", "中国电信@分公司", "中国联通@分公司", "中国邮政集团有限公司@分公司",
	"中国农业银行@支行", "中国建设银行@支行", "@农村信用合作联社", "中国人寿保险@支公司",
	"@城市建设投资有限公司", "@自来水有限公司", "中国石化@石油分公司", "@烟草专卖局（分公司）",
	"@农业发展投资有限公司",
};
const int demo_soes_count = N(demo_soes);

const char *const demo_brands[] = {
	"绿源", "兴农", "金穗", "山水", "富民", "宏达", "鑫盛", "华泰", "天福", "丰源", "嘉禾", "瑞丰", "恒昌",
	"新农", "惠民", "众诚", "润田", "青山", "金鼎", "祥和", "康达", "永兴", "福瑞", "旺达", "森源", "云雾",
	"龙腾", "盛世", "百川", "华信", "春晖", "宏源",
};
const int demo_brands_count = N(demo_brands);

const char *const demo_industries[] = {
	"农业开发", "生态农业", "食品", "建材", "旅游开发", "养殖", "电子商务", "林业开发", "物流", "农产品加工",
};
const int demo_industries_count = N(demo_industries);
