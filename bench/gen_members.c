/*
 * gen_members.c - a synthetic household register for the benchmarks.
 *
 * usage: gen_members MEMBERS PARTS OUT_PREFIX SEED VILLAGES.csv...
 *
 * Writes OUT_PREFIX-1.csv .. OUT_PREFIX-PARTS.csv: about MEMBERS members in
 * households of 1 to 6 (3.3 on average), in the import layout of
 * modules/registry/hh_read.c (户编号, 行政区划代码, 户主姓名, 姓名, 与户主关系, 证件号码,
 * 性别, 民族, 出生日期, ..., and the 防返贫监测 columns: 7% of the households are
 * monitored, half exited and unstable, half unregistered and marginal, a
 * third of them with the risk eliminated), dictionary values as Chinese
 * labels the way the national system exports them.  Households are spread evenly over the
 * villages of the given villages.csv files (data/divisions/<county>/), get
 * numbers <village code><5 digits>, and are never split between parts.  ID
 * numbers are valid (GB 11643: the county's region code, the birth date, a
 * sequence whose parity is the sex, the check character) and unique over
 * all parts; ages follow the relation to the head.  Deterministic for a seed.
 *
 * Build: cc -O2 -D_GNU_SOURCE -Isrc bench/gen_members.c src/core/idcard.c src/core/utf8.c -o gen_members
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/idcard.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

static uint64_t rng_state;

static uint64_t rnd(void)   /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int rndn(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
	"高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
	"董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚",
	"卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白",
	"邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",
	"毛", "郝", "龚", "邵", "万", "符", "覃", "莫", "盘", "羊", "吉", "卓", "邢",
};
/* weights: the first names are far more common */
static const char *surname(void)
{
	int r = rndn(1000);
	if (r < 300)
		return surnames[rndn(6)];
	if (r < 650)
		return surnames[6 + rndn(24)];
	return surnames[rndn(N(surnames))];
}

static const char *const given_m[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "华", "平", "刚", "辉", "鹏", "斌", "波", "建",
	"国", "志", "文", "海", "东", "新", "林", "春", "红", "荣", "福", "德", "光", "永", "金", "庆", "宏",
	"家", "成", "兴", "良", "忠", "学", "祥", "俊", "宇", "浩", "子", "豪", "博", "飞", "亮", "晨",
};
static const char *const given_f[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英", "梅", "兰", "玉", "珍", "凤", "琴", "燕",
	"萍", "红", "玲", "桂", "翠", "花", "云", "莲", "洁", "婷", "雪", "慧", "琳", "颖", "欣", "悦", "怡",
	"佳", "思", "雨", "晓", "美", "月",
};

static void make_name(char *out, size_t len, const char *sur, bool male)
{
	const char *const *g = male ? given_m : given_f;
	int n = male ? N(given_m) : N(given_f);
	if (rndn(10) < 3)   /* a third of the names have one given character */
		snprintf(out, len, "%s%s", sur, g[rndn(n)]);
	else
		snprintf(out, len, "%s%s%s", sur, g[rndn(n)], g[rndn(n)]);
}

/* ---- unique ID numbers: a hash set of (county, birth day, sequence) ------------------------- */

static uint64_t *set;
static size_t set_cap, set_n;

static bool set_add(uint64_t key)   /* key != 0 */
{
	size_t mask = set_cap - 1, i = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & mask;
	while (set[i]) {
		if (set[i] == key)
			return false;
		i = (i + 1) & mask;
	}
	set[i] = key;
	set_n++;
	return true;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return d[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* An ID number of someone born in [y_lo, y_hi] in county (6 digits); birth "YYYY-MM-DD". */
static void make_id(int county_idx, const char *county, int y_lo, int y_hi, bool male, char id[19], char birth[11])
{
	for (;;) {
		int y = y_lo + rndn(y_hi - y_lo + 1), m = 1 + rndn(12), d = 1 + rndn(days_in(y, m));
		int seq = rndn(500) * 2 + (male ? 1 : 0);
		uint64_t key = ((uint64_t)(county_idx + 1) << 40) | ((uint64_t)(y * 10000 + m * 100 + d) << 12) | (uint64_t)seq;
		if (!set_add(key))
			continue;
		char t[64];
		snprintf(t, sizeof(t), "%.6s%04d%02d%02d%03d", county, y, m, d, seq);
		memcpy(id, t, 17);
		id[17] = idcard_check_char(t);
		id[18] = '\0';
		snprintf(t, sizeof(t), "%04d-%02d-%02d", y, m, d);
		memcpy(birth, t, 11);
		return;
	}
}

/* ---- villages --------------------------------------------------------------------------------- */

struct village {
	char code[16];
	int county;    /* index into counties */
	int next;      /* next household number in the village */
};
static struct village *villages;
static int nvillages;
static char counties[16][8];
static int ncounties;

static void read_villages(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	char line[512];
	while (fgets(line, sizeof(line), fp)) {
		size_t n = strspn(line, "0123456789");
		if (n != 12)
			continue;   /* the header */
		if (nvillages % 256 == 0)
			villages = realloc(villages, (size_t)(nvillages + 256) * sizeof(*villages));
		struct village *v = &villages[nvillages++];
		memcpy(v->code, line, 12);
		v->code[12] = '\0';
		v->next = 1;
		int c;
		for (c = 0; c < ncounties && strncmp(counties[c], line, 6); c++)
			;
		if (c == ncounties) {
			if (ncounties == N(counties)) {
				fprintf(stderr, "gen_members: too many counties\n");
				exit(1);
			}
			memcpy(counties[ncounties++], line, 6);
		}
		v->county = c;
	}
	fclose(fp);
}

/* ---- households --------------------------------------------------------------------------------- */

static const char *const ethnic_main[] = { "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "黎族", "苗族", "瑶族", "彝族", "壮族", "土家族" };
static const char *const educations[] = { "文盲或半文盲", "小学", "小学", "初中", "初中", "初中", "高中", "大专及以上" };
static const char *const healths[] = { "健康", "健康", "健康", "健康", "健康", "长期慢性病", "患有大病", "残疾" };
static const char *const labours[] = { "普通劳动力", "普通劳动力", "普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力" };
static const char *const attrs[] = { "一般贫困户", "一般贫困户", "一般贫困户", "低保贫困户", "特困供养贫困户" };
static const char *const causes[] = { "因病", "因病", "因残", "因学", "因灾", "缺土地", "缺技术", "缺劳动力", "缺资金", "交通条件落后", "自身发展动力不足" };

struct person {
	char name[32], id[19], birth[11];
	const char *relation, *sex, *education, *health, *labour;
};

static const char *status_pick(void)
{
	int r = rndn(100);
	if (r < 15)
		return "未脱贫";
	if (r < 50)
		return "已脱贫（享受政策）";
	if (r < 80)
		return "已脱贫（不再享受政策）";
	if (r < 83)
		return "返贫";
	if (r < 90)
		return "monitored";   /* an exited or unregistered household with a monitoring case (write_household) */
	return "非建档立卡户";
}

/* The six monitoring cells of a monitored household (监测对象类别 .. 风险消除方式); *status its 户状态. */
static void monitoring_cells(char *out, size_t len, const char **status)
{
	static const char *const risks[] = { "因病", "因残", "因学", "因病、因学", "因自然灾害", "因务工就业不稳" };
	bool unstable = rndn(2);
	*status = unstable ? "已脱贫（享受政策）" : "非建档立卡户";
	int month = 1 + rndn(12);
	if (rndn(3) == 0)
		snprintf(out, len, "%s,2022-%02d-15,%s,是,2023-%02d-20,%s", unstable ? "脱贫不稳定户" : "边缘易致贫户", month,
			 risks[rndn(N(risks))], month, rndn(2) ? "帮扶消除" : "自然消除");
	else
		snprintf(out, len, "%s,2024-%02d-15,%s,否,,", unstable ? "脱贫不稳定户" : "边缘易致贫户", month,
			 risks[rndn(N(risks))]);
}

static int household_size(void)   /* mean 3.3 */
{
	static const int dist[] = { 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6 };
	return dist[rndn(N(dist))];
}

static int write_household(FILE *out, struct village *v)
{
	const char *county = counties[v->county];
	const char *sur = surname(), *ethnic = ethnic_main[rndn(N(ethnic_main))];
	int size = household_size();
	struct person p[8];
	int head_year = 1940 + rndn(60);
	bool head_male = rndn(10) < 8;
	int np = 0;
	/* the head, a spouse, children, maybe a parent */
	for (int i = 0; i < size; i++) {
		struct person *m = &p[np++];
		bool male;
		int lo, hi;
		if (i == 0) {
			m->relation = "户主";
			male = head_male;
			lo = hi = head_year;
		} else if (i == 1 && size > 1 && rndn(10) < 8) {
			m->relation = "配偶";
			male = !head_male;
			lo = head_year - 3;
			hi = head_year + 3;
		} else if (i == size - 1 && size >= 4 && head_year > 1965 && rndn(3) == 0) {
			male = rndn(2);
			m->relation = male ? "之父" : "之母";
			lo = head_year - 32;
			hi = head_year - 20;
		} else {
			male = rndn(2);
			m->relation = male ? "之子" : "之女";
			lo = head_year + 20;
			hi = head_year + 40;
		}
		if (hi > 2023)
			hi = 2023;
		if (lo > hi)
			lo = hi;
		if (lo < 1920)
			lo = 1920;
		/* children take a father's surname; a spouse or a mother has her own */
		bool child = !strcmp(m->relation, "之子") || !strcmp(m->relation, "之女");
		const char *s = i == 0 || !strcmp(m->relation, "之父") || (child && head_male) ? sur : surname();
		make_name(m->name, sizeof(m->name), s, male);
		make_id(v->county, county, lo, hi, male, m->id, m->birth);
		m->sex = male ? "男" : "女";
		m->education = educations[rndn(N(educations))];
		m->health = healths[rndn(N(healths))];
		m->labour = lo >= 2008 ? "无劳动力" : labours[rndn(N(labours))];
	}
	const char *status = status_pick();
	char monitoring[160] = ",,,,,";
	if (!strcmp(status, "monitored"))
		monitoring_cells(monitoring, sizeof(monitoring), &status);
	bool registered = strcmp(status, "非建档立卡户") != 0;
	char hno[32], phone[16];
	snprintf(hno, sizeof(hno), "%s%05d", v->code, v->next++);
	static const char *const prefixes[] = { "135", "136", "137", "138", "139", "150", "151", "158", "187", "188", "189", "177" };
	snprintf(phone, sizeof(phone), "%s%08d", prefixes[rndn(N(prefixes))], rndn(100000000));
	bool has_phone = rndn(10) < 8;
	int income = 3000 + rndn(15000);
	static const char *const years[] = { "2014", "2015", "2016", "2017", "2018", "2019" };
	const char *attr = registered ? attrs[rndn(N(attrs))] : "", *cause = registered ? causes[rndn(N(causes))] : "";
	const char *year = registered ? years[rndn(N(years))] : "";
	for (int i = 0; i < np; i++) {
		struct person *m = &p[i];
		fprintf(out, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s\n", hno, v->code, p[0].name, m->name,
			m->relation, m->id, m->sex, ethnic, m->birth, m->education, m->health, m->labour, status,
			attr, cause, year, has_phone ? phone : "", income, monitoring);
	}
	return np;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: gen_members MEMBERS PARTS OUT_PREFIX SEED VILLAGES.csv...\n");
		return 2;
	}
	long members = atol(argv[1]);
	int parts = (int)strtol(argv[2], NULL, 10);
	const char *prefix = argv[3];
	rng_state = strtoull(argv[4], NULL, 10) * 7919 + 1;
	for (int i = 5; i < argc; i++)
		read_villages(argv[i]);
	if (members < 1 || parts < 1 || nvillages == 0) {
		fprintf(stderr, "gen_members: nothing to do\n");
		return 2;
	}
	for (set_cap = 1024; set_cap < (size_t)members * 2; set_cap *= 2)
		;
	set = calloc(set_cap, sizeof(uint64_t));
	long written = 0;
	int hh = 0;
	for (int part = 1; part <= parts; part++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s-%d.csv", prefix, part);
		FILE *out = fopen(path, "w");
		if (out == NULL) {
			perror(path);
			return 1;
		}
		static char buf[1 << 20];
		setvbuf(out, buf, _IOFBF, sizeof(buf));
		fputs("户编号,行政区划代码,户主姓名,姓名,与户主关系,证件号码,性别,民族,出生日期,文化程度,健康状况,劳动技能,"
		      "户状态,贫困户属性,主要致贫原因,识别年度,联系电话,人均纯收入,"
		      "监测对象类别,识别监测日期,风险类型,风险是否消除,风险消除日期,风险消除方式\n", out);
		long target = members * part / parts;
		while (written < target) {
			/* households go round the villages in a shuffled order */
			struct village *v = &villages[(int)(((uint64_t)hh * 2654435761u) % (uint64_t)nvillages)];
			written += write_household(out, v);
			hh++;
		}
		if (fclose(out) != 0) {
			perror(path);
			return 1;
		}
	}
	fprintf(stderr, "gen_members: %ld members in %d households, %d villages of %d counties, %d file(s)\n", written, hh,
		nvillages, ncounties, parts);
	return 0;
}
