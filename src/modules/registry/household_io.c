/* household_io.c - household import (CSV, XLSX) and export (XLSX, CSV). */
#include "modules/registry/household_io.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/principal.h"
#include "auth/roles.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/division.h"
#include "core/idcard.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/phone.h"
#include "core/utf8.h"
#include "core/xlsx_read.h"
#include "core/xlsx_write.h"
#include "db/batch.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/crud.h"
#include "model/dict.h"
#include "modules/registry/registry_entities.h"
#include "model/audit.h"

#define CHINA_OFFSET (8 * 3600)
#define HEADER_SEARCH_ROWS 10
#define EXPORT_PAGE 1000
#define DICT_LABEL_MAX 250    /* bytes; a longer cell is no dictionary label */

/* ---- the layout ------------------------------------------------------------------- */

enum col {
	C_HNO, C_DIVISION, C_TOWNSHIP, C_VILLAGE, C_HEAD, C_NAME, C_RELATION, C_IDNO, C_SEX, C_ETHNIC,
	C_BIRTH, C_EDU, C_SCHOOL, C_HEALTH, C_LABOUR, C_WORK, C_MONTHS, C_MEDICAL, C_SERIOUS, C_PENSION,
	C_DIBAO, C_ATTR, C_STATUS, C_CAUSE, C_YEAR, C_PHONE, C_INCOME, C_COUNT
};

enum kind { K_TEXT, K_DICT, K_BOOL, K_DATE, K_INT, K_IDCARD, K_PHONE, K_DIVISION, K_PLACE, K_MONEY };

struct coldef {
	const char *zh;
	const char *aliases;   /* '|'-separated, compared loosely */
	enum kind kind;
	const char *dict;
	bool household;        /* the same on every row of a household */
	const char *db;        /* the column of households / members */
	int max_chars;
	int64_t min, max;
	const char *en;
};

static const struct coldef cols[C_COUNT] = {
	[C_HNO] = { "户编号", "household_no|household number|户码|户编码", K_TEXT, NULL, true, "household_no", 30, 0, 0, "Household number" },
	[C_DIVISION] = { "行政区划代码", "division|division code|区划代码|行政区划", K_DIVISION, NULL, true, "division", 0, 0, 0, "Division code" },
	[C_TOWNSHIP] = { "乡镇", "township|乡(镇)|乡镇(街道)|乡镇名称", K_PLACE, NULL, true, NULL, 60, 0, 0, "Township" },
	[C_VILLAGE] = { "行政村", "village|行政村(社区)|村|村名称", K_PLACE, NULL, true, NULL, 60, 0, 0, "Village" },
	[C_HEAD] = { "户主姓名", "head_name|head of household|户主", K_TEXT, NULL, true, "head_name", 50, 0, 0, "Head of household" },
	[C_NAME] = { "姓名", "name|成员姓名|家庭成员姓名", K_TEXT, NULL, false, "name", 50, 0, 0, "Name" },
	[C_RELATION] = { "与户主关系", "relation|relation to the head", K_DICT, "relation", false, "relation", 0, 0, 0, "Relation" },
	[C_IDNO] = { "证件号码", "id_number|id number|身份证号|身份证号码|公民身份号码", K_IDCARD, NULL, false, "id_number", 0, 0, 0, "ID number" },
	[C_SEX] = { "性别", "sex", K_DICT, "sex", false, "sex", 0, 0, 0, "Sex" },
	[C_ETHNIC] = { "民族", "ethnicity", K_DICT, "ethnicity", false, "ethnicity", 0, 0, 0, "Ethnicity" },
	[C_BIRTH] = { "出生日期", "birth_date|birth date", K_DATE, NULL, false, "birth_date", 0, 0, 0, "Birth date" },
	[C_EDU] = { "文化程度", "education", K_DICT, "member_education", false, "education", 0, 0, 0, "Education" },
	[C_SCHOOL] = { "在校生状况", "school_status|school status", K_DICT, "school_status", false, "school_status", 0, 0, 0, "School status" },
	[C_HEALTH] = { "健康状况", "health", K_DICT, "health", false, "health", 0, 0, 0, "Health" },
	[C_LABOUR] = { "劳动技能", "labour|working capacity", K_DICT, "labour", false, "labour", 0, 0, 0, "Working capacity" },
	[C_WORK] = { "务工状况", "work_status|work status", K_DICT, "work_status", false, "work_status", 0, 0, 0, "Work status" },
	[C_MONTHS] = { "务工时间", "months_worked|months worked|务工时间(月)|务工时间(个月)", K_INT, NULL, false, "months_worked", 0, 0, 12, "Months worked" },
	[C_MEDICAL] = { "是否参加城乡居民基本医疗保险", "insured_medical|参加城乡居民基本医疗保险|basic medical insurance", K_BOOL, NULL, false, "insured_medical", 0, 0, 0, "Basic medical insurance" },
	[C_SERIOUS] = { "是否参加大病保险", "insured_serious|参加大病保险|serious-illness insurance", K_BOOL, NULL, false, "insured_serious", 0, 0, 0, "Serious-illness insurance" },
	[C_PENSION] = { "是否参加城乡居民基本养老保险", "insured_pension|参加城乡居民基本养老保险|basic pension insurance", K_BOOL, NULL, false, "insured_pension", 0, 0, 0, "Basic pension insurance" },
	[C_DIBAO] = { "是否享受低保", "dibao|享受低保|minimum living allowance", K_BOOL, NULL, false, "dibao", 0, 0, 0, "Minimum living allowance" },
	[C_ATTR] = { "贫困户属性", "attribute", K_DICT, "hh_attribute", true, "attribute", 0, 0, 0, "Attribute" },
	[C_STATUS] = { "户状态", "status|household status", K_DICT, "hh_status", true, "status", 0, 0, 0, "Status" },
	[C_CAUSE] = { "主要致贫原因", "main_cause|main cause", K_DICT, "poverty_cause", true, "main_cause", 0, 0, 0, "Main cause" },
	[C_YEAR] = { "识别年度", "identified_year|year identified", K_INT, NULL, true, "identified_year", 0, 2013, 2100, "Year identified" },
	[C_PHONE] = { "联系电话", "phone|电话|联系方式|手机号码", K_PHONE, NULL, true, "phone", 0, 0, 0, "Phone" },
	[C_INCOME] = { "人均纯收入", "per_capita_income|per-capita net income|人均纯收入(元)", K_MONEY, NULL, true, NULL, 0, 0, 0, "Per-capita net income" },
};

/* The household columns stored in households, and the member columns stored in members. */
static const enum col hh_db[] = { C_HNO, C_HEAD, C_DIVISION, C_PHONE, C_STATUS, C_ATTR, C_YEAR, C_CAUSE };
static const enum col mem_db[] = { C_NAME, C_RELATION, C_IDNO, C_SEX, C_ETHNIC, C_BIRTH, C_EDU, C_SCHOOL, C_HEALTH,
				   C_LABOUR, C_WORK, C_MONTHS, C_MEDICAL, C_SERIOUS, C_PENSION, C_DIBAO };
#define NHH_DB (int)(sizeof(hh_db) / sizeof(hh_db[0]))
#define NMEM_DB (int)(sizeof(mem_db) / sizeof(mem_db[0]))

static bool is_int_kind(enum col c)
{
	return cols[c].kind == K_INT || cols[c].kind == K_BOOL;
}

/* ---- text normalisation ------------------------------------------------------------ */

/* Decode one UTF-8 code point at *p (input is valid UTF-8); advances *p. */
static unsigned next_cp(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	unsigned cp;
	int n;
	if (s[0] < 0x80) { cp = s[0]; n = 1; }
	else if ((s[0] & 0xE0) == 0xC0 && s[1]) { cp = s[0] & 0x1F; n = 2; }
	else if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) { cp = s[0] & 0x0F; n = 3; }
	else if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) { cp = s[0] & 0x07; n = 4; }
	else { *p += 1; return 0xFFFD; }
	for (int i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	*p += n;
	return cp;
}

static void put_cp(char **o, unsigned cp)
{
	unsigned char *s = (unsigned char *)*o;
	if (cp < 0x80) { s[0] = (unsigned char)cp; *o += 1; }
	else if (cp < 0x800) { s[0] = (unsigned char)(0xC0 | (cp >> 6)); s[1] = (unsigned char)(0x80 | (cp & 0x3F)); *o += 2; }
	else if (cp < 0x10000) {
		s[0] = (unsigned char)(0xE0 | (cp >> 12)); s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (unsigned char)(0x80 | (cp & 0x3F)); *o += 3;
	} else {
		s[0] = (unsigned char)(0xF0 | (cp >> 18)); s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); s[3] = (unsigned char)(0x80 | (cp & 0x3F)); *o += 4;
	}
}

static bool is_space_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF ||
	       (cp >= 0x2000 && cp <= 0x200B);
}

/* The length of the run at p that normalising leaves as it is: ASCII other
 * than spaces and controls, and well-formed characters with a lead byte
 * E4-EE (CJK ideographs among them), none of which is mapped. */
static size_t plain_run(const char *p)
{
	const unsigned char *s = (const unsigned char *)p, *q = s;
	for (;;) {
		if (q[0] > ' ' && q[0] < 0x80)
			q++;
		else if (q[0] >= 0xE4 && q[0] <= 0xEE && (q[1] & 0xC0) == 0x80 && (q[2] & 0xC0) == 0x80)
			q += 3;
		else
			return (size_t)(q - s);
	}
}

/*
 * A value as typed: full-width digits and letters become ASCII, every kind
 * of space an ASCII space, runs of spaces one, no space at the ends.  With
 * all_fullwidth every full-width ASCII form (punctuation too) is mapped;
 * with no_spaces spaces are dropped.  out has room for 3 * strlen(in) + 1
 * bytes (a stray byte becomes U+FFFD); returns out.
 */
static char *normalise_to(char *out, const char *in, bool all_fullwidth, bool no_spaces)
{
	char *o = out;
	bool space = false;
	const char *p = in;
	while (*p) {
		size_t run = plain_run(p);
		unsigned cp = 0;
		if (run == 0) {
			cp = next_cp(&p);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				unsigned a = cp - 0xFEE0;
				bool alnum = (a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z');
				if (alnum || all_fullwidth)
					cp = a;
			}
			if (is_space_cp(cp)) {
				space = true;
				continue;
			}
		}
		if (space && o > out && !no_spaces)
			*o++ = ' ';
		space = false;
		if (run) {
			memcpy(o, p, run);
			o += run;
			p += run;
		} else
			put_cp(&o, cp);
	}
	*o = '\0';
	return out;
}

static char *normalise(const char *in, bool all_fullwidth, bool no_spaces)
{
	return normalise_to(xmalloc(3 * strlen(in) + 1), in, all_fullwidth, no_spaces);
}

/* A loose key for comparing headers and labels: all full-width forms mapped,
 * no spaces, ASCII lowercase, a leading '*' (required mark) dropped. */
static char *loose_key(const char *in)
{
	char *k = normalise(in, true, true);
	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (k[0] == '*')
		memmove(k, k + 1, strlen(k));
	return k;
}

static bool loose_equal(const char *a, const char *b)
{
	char *ka = loose_key(a), *kb = loose_key(b);
	bool eq = strcmp(ka, kb) == 0;
	free(ka);
	free(kb);
	return eq;
}

static bool has_ascii_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
			return true;
	return false;
}

/* Scientific notation as Excel writes a long number: 4.69030199E+17. */
static bool scientific(const char *s)
{
	const char *p = s;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != 'E' && *p != 'e')
		return false;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int64_t today_yyyymmdd(void)
{
	time_t t = (time_t)(clock_now() + CHINA_OFFSET);
	struct tm tm;
	gmtime_r(&t, &tm);
	return (int64_t)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* n (0 <= n < 10^width) as exactly width digits at o; the end. */
static char *put_digits(char *o, int64_t n, int width)
{
	for (int i = width - 1; i >= 0; i--, n /= 10)
		o[i] = (char)('0' + n % 10);
	return o + width;
}

/* v in decimal, as "%lld" writes it (without printf on the per-cell path). */
static void format_int(char out[24], long long v)
{
	char digits[24];
	int n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	char *o = out;
	if (v < 0)
		*o++ = '-';
	while (n > 0)
		*o++ = digits[--n];
	*o = '\0';
}

static bool real_date(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm) and back. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

enum date_result { DATE_OK, DATE_BAD, DATE_SERIAL60 };

/* "YYYY-MM-DD" from 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日, 20190305 or an
 * Excel serial number (1900 date system). */
static enum date_result parse_date(const char *s, char out[11])
{
	int y = 0, m = 0, d = 0;
	if (strlen(s) == 8 && all_digits(s)) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[4] - '0') * 10 + (s[5] - '0');
		d = (s[6] - '0') * 10 + (s[7] - '0');
	} else if (s[0] >= '0' && s[0] <= '9' && strlen(s) <= 12 && strspn(s, "0123456789.") == strlen(s) &&
		   strchr(s, '.') == strrchr(s, '.') && strcspn(s, ".") <= 6) {
		/* a serial number, maybe with a time fraction */
		long serial = strtol(s, NULL, 10);
		if (serial == 60)
			return DATE_SERIAL60;    /* 1900-02-29, which Excel believes in */
		if (serial < 1 || serial > 73050)
			return DATE_BAD;
		/* serial 1 is 1900-01-01; after the phantom leap day, 1899-12-30 + serial */
		int64_t days1970 = serial < 60 ? serial - 25568 - 1 : serial - 25569;
		civil_from_days(days1970, &y, &m, &d);
	} else {
		const char *p = s;
		int parts[3], n = 0;
		while (n < 3) {
			if (!(*p >= '0' && *p <= '9'))
				return DATE_BAD;
			long v = 0;
			int digits = 0;
			while (*p >= '0' && *p <= '9' && digits < 5) {
				v = v * 10 + (*p++ - '0');
				digits++;
			}
			parts[n++] = (int)v;
			if (n == 1 && digits != 4)
				return DATE_BAD;
			/* a separator: - / . or 年 月 (and a final 日) */
			if (*p == '-' || *p == '/' || *p == '.')
				p++;
			else if (strncmp(p, "年", 3) == 0 || strncmp(p, "月", 3) == 0 || strncmp(p, "日", 3) == 0)
				p += 3;
			else if (n < 3)
				return DATE_BAD;
		}
		/* a time after the date ("2019-03-05 00:00:00") is ignored */
		if (*p && *p != ' ' && *p != 'T')
			return DATE_BAD;
		y = parts[0];
		m = parts[1];
		d = parts[2];
	}
	if (!real_date(y, m, d))
		return DATE_BAD;
	/* YYYY-MM-DD (real_date bounds the parts) */
	char *o = put_digits(out, y, 4);
	*o++ = '-';
	o = put_digits(o, m, 2);
	*o++ = '-';
	o = put_digits(o, d, 2);
	*o = '\0';
	return DATE_OK;
}

/* 是/否 and friends: 1, 0, or -1 when it is neither. */
static int parse_bool(const char *s)
{
	static const char *const yes[] = { "是", "1", "y", "yes", "true", "t", "√", "有", "参加", "享受" };
	static const char *const no[] = { "否", "0", "n", "no", "false", "f", "×", "无", "未参加", "不享受" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

/* A dictionary code for a label, code or English label, loosely. */
static const char *dict_lookup(const char *dict, const char *s)
{
	const struct dict *d = dict_find(dict);
	if (d == NULL)
		return NULL;
	char *k = loose_key(s);
	const char *found = NULL;
	for (int pass = 0; pass < 3 && !found; pass++) {
		/* pass 1: "子" for "之子"; pass 2: "汉" for "汉族" */
		char *want = pass == 0 ? xstrdup(k) : xmalloc(strlen(k) + 8);
		if (pass == 1)
			sprintf(want, "之%s", k);
		else if (pass == 2)
			sprintf(want, "%s族", k);
		for (int i = 0; i < d->nitems && !found; i++) {
			char *zh = loose_key(d->items[i].zh), *code = loose_key(d->items[i].code), *en = loose_key(d->items[i].en);
			if (!strcmp(want, zh) || !strcmp(want, code) || !strcmp(want, en))
				found = d->items[i].code;
			free(zh);
			free(code);
			free(en);
		}
		free(want);
	}
	if (!found && strcmp(dict, "sex") == 0) {   /* GB/T 2261.1: 1 male, 2 female */
		if (!strcmp(k, "1") || !strcmp(k, "男性"))
			found = "M";
		else if (!strcmp(k, "2") || !strcmp(k, "女性"))
			found = "F";
	}
	free(k);
	return found;
}

static const char *dict_label(const char *dict, const char *code)
{
	const struct dict_item *it = dict_item(dict_find(dict), code);
	return it ? it->zh : code;
}

/* ---- a memo of lookups (dictionary labels, division codes) ------------------------------- */

/* An import looks up the same few labels and codes on every row; each
 * distinct key is resolved once.  Values are static strings or NULL. */
struct memo {
	char **keys;
	const char **vals;
	size_t cap, n;
};

/* FNV-1a of a NUL-terminated key. */
static uint32_t key_hash(const char *key)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static size_t memo_slot(const struct memo *m, const char *key)
{
	size_t i = key_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* true and *val when key is known */
static bool memo_get(const struct memo *m, const char *key, const char **val)
{
	if (m->cap == 0)
		return false;
	size_t i = memo_slot(m, key);
	if (m->keys[i] == NULL)
		return false;
	*val = m->vals[i];
	return true;
}

static void memo_put(struct memo *m, const char *key, const char *val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct memo old = *m;
		m->cap = m->cap ? m->cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof(char *));
		m->vals = xcalloc(m->cap, sizeof(char *));
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				size_t j = memo_slot(m, old.keys[i]);
				m->keys[j] = old.keys[i];
				m->vals[j] = old.vals[i];
			}
		free(old.keys);
		free(old.vals);
	}
	size_t i = memo_slot(m, key);
	if (m->keys[i] == NULL) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

static void memo_free(struct memo *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- the import state ------------------------------------------------------------------ */

/* A row of the file.  Its cells and values live in the import's row arena:
 * raw holds the cells as read, one after another, each ended by a NUL; a
 * value is a static string (a dictionary code, "0", "1"), one of the raw
 * cells when normalising left it as it was, or a copy. */
struct row {
	int line;
	char *raw;             /* nraw cells as read (for errors and the marked copy) */
	int nraw;
	const char *v[C_COUNT];   /* normalised values, NULL = empty or bad */
	bool given[C_COUNT];   /* the cell was not empty */
	bool header, before_header, data;
};

struct ierr {
	int seq;
	int line, fcol;        /* fcol: the file's column, -1 for the whole row */
	char *column, *value, *zh, *en;
};

struct hh {
	const char *no;
	int *rows;             /* indices into imp.rows */
	int n;
	const char *v[C_COUNT];   /* merged household values (borrowed) */
	char *division;        /* resolved code (in the rows' arena) */
	int head;              /* row index of the head */
	int64_t id;
	char **old;            /* the stored values (NULL: a new household), in the group's arena */
};

/* Runs of consecutive ids of one division (audit_write_bulk). */
struct runs {
	struct audit_run *v;
	int n, cap;
};

/* ---- the households' numbers ------------------------------------------------------------------ */

/* Room for one more element in the growing array p of *cap elements,
 * n of them used: doubled when full. */
static void *grow(void *p, int n, int *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 256;
	return xrealloc(p, (size_t)*cap * size);
}

/* The 户编号 of the data rows as they are read: the distinct numbers in the
 * order they first appear (their ordinals), found through an
 * open-addressing table kept at most half full; each data row with the
 * ordinal of its number, in row order; and the data rows without one. */
struct hno_table {
	struct hno {
		const char *no;
		int count;     /* its rows */
	} *hh;
	int n, cap;
	struct hno_slot {
		uint32_t hash;     /* of the key */
		int ord;           /* ordinal + 1, 0 for an empty slot */
	} *slot;
	size_t nslots;         /* a power of two */
	struct hno_row {
		int row, ord;
	} *rows;
	int nrows, caprows;
	int *missing;          /* data rows without a 户编号 */
	int nmissing, capmissing;
};

static size_t hno_slot(const struct hno_table *t, const char *key, uint32_t h)
{
	size_t i = h & (t->nslots - 1);
	while (t->slot[i].ord && (t->slot[i].hash != h || strcmp(t->hh[t->slot[i].ord - 1].no, key)))
		i = (i + 1) & (t->nslots - 1);
	return i;
}

static void hno_rehash(struct hno_table *t)
{
	struct hno_slot *old = t->slot;
	size_t nold = t->nslots;
	t->nslots = t->nslots ? t->nslots * 2 : 1024;
	t->slot = xcalloc(t->nslots, sizeof(*t->slot));
	for (size_t i = 0; i < nold; i++)
		if (old[i].ord) {
			size_t j = old[i].hash & (t->nslots - 1);
			while (t->slot[j].ord)
				j = (j + 1) & (t->nslots - 1);
			t->slot[j] = old[i];
		}
	free(old);
}

/* The ordinal of key, added when it is new. */
static int hno_ordinal(struct hno_table *t, const char *key)
{
	if (2 * ((size_t)t->n + 1) > t->nslots)
		hno_rehash(t);
	uint32_t h = key_hash(key);
	size_t i = hno_slot(t, key, h);
	if (t->slot[i].ord == 0) {
		t->hh = grow(t->hh, t->n, &t->cap, sizeof(*t->hh));
		t->hh[t->n] = (struct hno){ key, 0 };
		t->slot[i] = (struct hno_slot){ h, ++t->n };
	}
	return t->slot[i].ord - 1;
}

/* Data row i (its 户编号 key, NULL when it has none) as it is read. */
static void hno_add_row(struct hno_table *t, int i, const char *key)
{
	if (key == NULL) {
		t->missing = grow(t->missing, t->nmissing, &t->capmissing, sizeof(*t->missing));
		t->missing[t->nmissing++] = i;
		return;
	}
	/* the rows of a household mostly follow each other: no look-up for those */
	const struct hno_row *prev = t->nrows ? &t->rows[t->nrows - 1] : NULL;
	int ord = prev && strcmp(t->hh[prev->ord].no, key) == 0 ? prev->ord : hno_ordinal(t, key);
	t->rows = grow(t->rows, t->nrows, &t->caprows, sizeof(*t->rows));
	t->rows[t->nrows++] = (struct hno_row){ i, ord };
	t->hh[ord].count++;
}

static void hno_free(struct hno_table *t)
{
	free(t->hh);
	free(t->slot);
	free(t->rows);
	free(t->missing);
}

/* A valid ID number (17 digits and a check digit or X) as a number that
 * orders as its text does: 17 digits < 10^17, times 11, plus 0-9 or 10 for X. */
static uint64_t id_key(const char *id)
{
	uint64_t k = 0;
	for (int i = 0; i < IDCARD_LEN - 1; i++)
		k = k * 10 + (uint64_t)(id[i] - '0');
	return k * 11 + (id[IDCARD_LEN - 1] == 'X' ? 10 : (uint64_t)(id[IDCARD_LEN - 1] - '0'));
}

/* A valid ID number read, and its row (rows are in line order). */
struct id_row {
	uint64_t key;
	int row;
};

struct imp {
	struct db *db;
	const struct hio_options *o;
	struct hio_result *res;
	struct arena *arena;   /* per group of households */
	struct arena *rows_arena;   /* the rows' cells and values, for the whole import */
	char *scratch;         /* a cell being normalised */
	size_t scratch_cap;
	const char **cells;    /* the cells of the row being read, in its raw block */
	size_t *cell_len;      /* and their lengths with the NUL */
	int capcells;
	const char *data;      /* the file */
	size_t len;
	struct runs hh_runs, mem_runs;   /* the ids created, for the audit rows */
	int fcol[C_COUNT];
	bool header_found;
	int header_idx;
	int ncols_file;
	struct row *rows;
	int nrows, caprows;
	struct ierr *errs;
	int nerrs, caperrs;
	struct hh *hhs;
	int nhh;
	int *hh_rows;          /* the households' row lists, one after another */
	struct hno_table hnos; /* the data rows' 户编号, for grouping them */
	struct id_row *ids;    /* the valid ID numbers in row order, for the repeat check */
	int nids, capids;
	bool db_failed;
	int64_t year;
	int64_t today;         /* YYYYMMDD, for the ID numbers */
	struct memo dicts[C_COUNT];   /* a dictionary column's values -> code (NULL: not a value) */
	struct memo divisions; /* code -> "" when it exists, NULL when not */
	char *sql_hh, *sql_mem, *sql_mem_name;   /* the look-ups */
	bool stored_hh, stored_mem;   /* the tables had rows when the import began (else no look-ups) */
	struct db_batch *b_hh, *b_mem, *b_inc, *b_hist, *b_audit;   /* the inserts of a real run */
};

static void add_error(struct imp *im, int line, int fcol, const char *column, const char *value, const char *zh,
		      const char *en)
{
	if (im->nerrs >= HIO_MAX_ERRORS) {
		im->res->errors_truncated = true;
		return;
	}
	im->errs = grow(im->errs, im->nerrs, &im->caperrs, sizeof(*im->errs));
	im->errs[im->nerrs] = (struct ierr){ im->nerrs, line, fcol, column ? xstrdup(column) : NULL, value ? xstrdup(value) : NULL,
					       xstrdup(zh), xstrdup(en) };
	im->nerrs++;
}

static int by_line(const void *a, const void *b)
{
	const struct ierr *x = a, *y = b;
	return x->line != y->line ? x->line - y->line : x->seq - y->seq;
}

/* Cell f of the row as read; "" past its end. */
static const char *row_cell(const struct row *row, int f)
{
	if (f < 0 || f >= row->nraw)
		return "";
	const char *p = row->raw;
	for (int i = 0; i < f; i++)
		p += strlen(p) + 1;
	return p;
}

/* An error on column c of row (its header as written in the file, and its raw value). */
static void cell_error(struct imp *im, const struct row *row, enum col c, const char *zh, const char *en)
{
	int f = im->fcol[c];
	const struct row *hdr = im->header_idx >= 0 ? &im->rows[im->header_idx] : NULL;
	const char *header = hdr ? row_cell(hdr, f) : NULL;
	const char *value = row_cell(row, f);
	add_error(im, row->line, f, header && *header ? header : cols[c].zh, value, zh, en);
}

static char *strf(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *strf(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	char *s = NULL;
	if (vasprintf(&s, format, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

static void cell_errorf(struct imp *im, const struct row *row, enum col c, char *zh, char *en)
{
	cell_error(im, row, c, zh, en);
	free(zh);
	free(en);
}

/* ---- reading rows ----------------------------------------------------------------------- */

static bool find_header(struct imp *im, const char *const *cells, int n)
{
	int fcol[C_COUNT], found = 0;
	for (int c = 0; c < C_COUNT; c++)
		fcol[c] = -1;
	for (int i = 0; i < n; i++) {
		if (cells[i][0] == '\0')
			continue;
		char *k = loose_key(cells[i]);
		for (int c = 0; c < C_COUNT; c++) {
			if (fcol[c] >= 0)
				continue;
			bool match = loose_equal(k, cols[c].zh) || loose_equal(k, cols[c].en);
			for (const char *a = cols[c].aliases; !match && a && *a;) {
				size_t len = strcspn(a, "|");
				char *alias = xstrndup(a, len);
				match = loose_equal(k, alias);
				free(alias);
				a += len + (a[len] == '|');
			}
			if (match) {
				fcol[c] = i;
				found++;
				break;
			}
		}
		free(k);
	}
	if (found < 3 || fcol[C_HNO] < 0 || fcol[C_NAME] < 0)
		return false;
	memcpy(im->fcol, fcol, sizeof(fcol));
	return true;
}

/* Room for two normalised copies of a raw cell of rawlen bytes in im->scratch; the first. */
static char *scratch(struct imp *im, size_t rawlen)
{
	size_t need = 2 * (3 * rawlen + 1) + 32;
	if (need > im->scratch_cap) {
		im->scratch_cap = need * 2;
		im->scratch = xrealloc(im->scratch, im->scratch_cap);
	}
	return im->scratch;
}

/* A value to keep: the raw cell itself when normalising left it as it was. */
static const char *keep(struct imp *im, const char *s, const char *raw)
{
	return strcmp(s, raw) ? arena_strdup(im->rows_arena, s) : raw;
}

/* A dictionary code for a cell of column c, through the column's memo (a
 * value longer than any label is looked up each time, not kept). */
static const char *dict_code(struct imp *im, enum col c, const char *s)
{
	if (strlen(s) > DICT_LABEL_MAX)
		return dict_lookup(cols[c].dict, s);
	const char *code;
	if (!memo_get(&im->dicts[c], s, &code)) {
		code = dict_lookup(cols[c].dict, s);
		memo_put(&im->dicts[c], s, code);
	}
	return code;
}

/* A valid ID number of row, for the check that it appears once. */
static void add_id(struct imp *im, const char *id, int row)
{
	im->ids = grow(im->ids, im->nids, &im->capids, sizeof(*im->ids));
	im->ids[im->nids++] = (struct id_row){ id_key(id), row };
}

/* Normalise and check the cell raw (in the row's raw block) of column c. */
static void parse_cell(struct imp *im, struct row *row, enum col c, const char *raw)
{
	const struct coldef *d = &cols[c];
	bool compact = d->kind != K_TEXT && d->kind != K_PLACE && d->kind != K_DICT;
	size_t rawlen = strlen(raw);
	char *s = normalise_to(scratch(im, rawlen), raw, false, compact);
	char *s2 = s + 3 * rawlen + 1;   /* the second copy */
	/* a leading ' that an export put before a formula-like value */
	if (s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@'))
		memmove(s, s + 1, strlen(s));
	if (*s == '\0') {
		if (d->kind == K_BOOL)
			row->v[c] = "0";   /* an empty flag is off */
		return;
	}
	row->given[c] = true;
	const char *val = NULL;
	switch (d->kind) {
	case K_TEXT:
	case K_PLACE:
		if (c == C_HNO || !has_ascii_letter(s))   /* "王 芳": spaces that only align names */
			s = normalise_to(s2, s, false, true);
		if (utf8_chars(s) > (size_t)d->max_chars)
			cell_errorf(im, row, c, strf("长度不能超过 %d 个字符", d->max_chars), strf("At most %d characters", d->max_chars));
		else
			val = keep(im, s, raw);
		break;
	case K_DICT: {
		const char *code = dict_code(im, c, s);
		if (code)
			val = code;
		else
			cell_errorf(im, row, c, strf("“%s”不是%s的可选值", s, d->zh), strf("\"%s\" is not a value of %s", s, d->en));
		break;
	}
	case K_BOOL: {
		int b = parse_bool(s);
		if (b < 0)
			cell_error(im, row, c, "应填“是”或“否”", "Expected 是 (yes) or 否 (no)");
		else
			val = b ? "1" : "0";
		break;
	}
	case K_DATE: {
		char out[11];
		enum date_result dr = parse_date(s, out);
		if (dr == DATE_OK)
			val = keep(im, out, raw);
		else if (dr == DATE_SERIAL60)
			cell_error(im, row, c, "Excel 日期序号 60 是不存在的 1900-02-29", "Excel serial 60 is 1900-02-29, which does not exist");
		else
			cell_error(im, row, c, "日期格式不正确（可用 2019-03-05、2019/3/5 或 20190305）",
				   "Not a date (use 2019-03-05, 2019/3/5 or 20190305)");
		break;
	}
	case K_INT: {
		/* "6个月", "6月", "2016年", "6.0" */
		size_t n = strlen(s);
		static const char *const units[] = { "个月", "月", "年" };
		for (size_t i = 0; i < 3; i++) {
			size_t u = strlen(units[i]);
			if (n > u && strcmp(s + n - u, units[i]) == 0) {
				s[n - u] = '\0';
				break;
			}
		}
		char *end;
		errno = 0;
		double x = strtod(s, &end);
		if (errno || end == s || *end || x != floor(x) || x < (double)d->min || x > (double)d->max)
			cell_errorf(im, row, c, strf("应为 %lld 到 %lld 之间的整数", (long long)d->min, (long long)d->max),
				    strf("Expected a whole number from %lld to %lld", (long long)d->min, (long long)d->max));
		else {
			char num[24];
			format_int(num, (long long)x);
			val = keep(im, num, raw);
		}
		break;
	}
	case K_MONEY: {
		char *t = s2, *o = t;
		for (const char *p = s; *p; p++)
			if (*p != ',')
				*o++ = *p;
		*o = '\0';
		size_t n = strlen(t);
		if (n > 3 && strcmp(t + n - 3, "元") == 0)
			t[n - 3] = '\0';
		char *end;
		errno = 0;
		double x = strtod(t, &end);
		if (errno || end == t || *end || !isfinite(x) || x < -1e9 || x > 1e9)
			cell_error(im, row, c, "应为金额（元）", "Expected an amount in yuan");
		else {
			char num[24];
			format_int(num, llround(x));
			val = keep(im, num, raw);
		}
		break;
	}
	case K_IDCARD: {
		if (scientific(s)) {
			cell_error(im, row, c, "Excel 把证件号码变成了科学计数法，数字已丢失，请把该列设为文本后重新导出",
				   "Excel turned the ID number into scientific notation and its digits are lost; "
				   "format the column as text and export again");
			break;
		}
		if (strchr(s, '*')) {
			cell_error(im, row, c, "证件号码已脱敏（含 *），无法导入；请导出未脱敏的文件",
				   "The ID number is masked (has *) and cannot be imported; export without masking");
			break;
		}
		char norm[19];
		enum idcard_error e = idcard_validate(s, im->today, norm);
		if (e != IDCARD_OK)
			cell_error(im, row, c, idcard_error_zh(e), idcard_error_en(e));
		else {
			val = keep(im, norm, raw);
			add_id(im, norm, (int)(row - im->rows));
		}
		break;
	}
	case K_PHONE:
		if (scientific(s))
			cell_error(im, row, c, "Excel 把电话号码变成了科学计数法，数字已丢失，请把该列设为文本后重新导出",
				   "Excel turned the phone number into scientific notation; format the column as text and export again");
		else if (!phone_valid(s))
			cell_error(im, row, c, "电话号码格式不正确", "Not a valid phone number");
		else
			val = keep(im, s, raw);
		break;
	case K_DIVISION: {
		enum division_level lv = division_level(s);
		if (scientific(s))
			cell_error(im, row, c, "Excel 把区划代码变成了科学计数法，数字已丢失，请把该列设为文本后重新导出",
				   "Excel turned the division code into scientific notation; format the column as text and export again");
		else if (lv != DIV_VILLAGE && lv != DIV_GROUP)
			cell_error(im, row, c, "行政区划代码应为 12 位（村）或 15 位（村民小组）数字",
				   "The division code must have 12 (village) or 15 (group) digits");
		else
			val = keep(im, s, raw);
		break;
	}
	}
	row->v[c] = val;
}

/* The cells one after another in one block of the row arena; at[c] the
 * cell of known column c ("" when the row is shorter). */
static char *raw_block(struct imp *im, const char *const *cells, int n, const char *at[C_COUNT])
{
	if (n > im->capcells) {
		im->capcells = n * 2;
		im->cells = xrealloc(im->cells, (size_t)im->capcells * sizeof(char *));
		im->cell_len = xrealloc(im->cell_len, (size_t)im->capcells * sizeof(size_t));
	}
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += im->cell_len[i] = strlen(cells[i]) + 1;
	char *block = arena_alloc(im->rows_arena, len + 1), *p = block;
	for (int i = 0; i < n; i++) {
		memcpy(p, cells[i], im->cell_len[i]);
		im->cells[i] = p;
		p += im->cell_len[i];
	}
	*p = '\0';
	for (int c = 0; c < C_COUNT; c++)
		at[c] = im->fcol[c] >= 0 && im->fcol[c] < n ? im->cells[im->fcol[c]] : "";
	return block;
}

static int on_row(void *ctx, int line, const char *const *cells, int n)
{
	struct imp *im = ctx;
	im->rows = grow(im->rows, im->nrows, &im->caprows, sizeof(*im->rows));
	struct row *row = &im->rows[im->nrows];
	memset(row, 0, sizeof(*row));
	row->line = line;
	row->nraw = n;
	const char *at[C_COUNT];   /* the known columns' cells in row->raw */
	row->raw = raw_block(im, cells, n, at);
	im->nrows++;
	if (!im->header_found) {
		if (find_header(im, cells, n)) {
			im->header_found = true;
			im->header_idx = im->nrows - 1;
			row->header = true;
			im->ncols_file = n;
		} else
			row->before_header = true;
		return 0;
	}
	bool any = false;
	for (int c = 0; c < C_COUNT; c++)
		if (im->fcol[c] >= 0 && im->fcol[c] < n && cells[im->fcol[c]][0])
			any = true;
	if (!any)
		return 0;   /* a row with nothing in the known columns */
	row->data = true;
	im->res->rows++;
	for (int c = 0; c < C_COUNT; c++)
		if (im->fcol[c] >= 0)
			parse_cell(im, row, (enum col)c, at[c]);
	hno_add_row(&im->hnos, im->nrows - 1, row->v[C_HNO]);
	return 0;
}

/* A CSV file has at most a record per line: room for them all at once,
 * the pages mapped up front (the rows are the largest part of an import). */
static void reserve_rows(struct imp *im, const char *data, size_t len)
{
	size_t lines = 1;
	for (const char *p = data, *end = data + len; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		lines++;
	if (lines > INT_MAX / 2)
		return;   /* beyond what the row count holds: on_row grows the array as it goes */
	im->caprows = (int)lines;
	im->rows = xmalloc(lines * sizeof(*im->rows));
	mem_prefault(im->rows, lines * sizeof(*im->rows));
}

static int read_file(struct imp *im, const char *data, size_t len, enum hio_format fmt)
{
	if (fmt == HIO_XLSX) {
		struct xlsx_error xe;
		if (xlsx_read_rows(data, len, on_row, im, &xe) < 0) {
			add_error(im, 0, -1, NULL, NULL, xe.zh, xe.en);
			return -1;
		}
	} else {
		reserve_rows(im, data, len);
		struct csv_reader *csv = csv_open(data, len);
		const char **f;
		int nf, line;
		enum csv_status s;
		while ((s = csv_next(csv, &f, &nf, &line)) == CSV_ROW)
			on_row(im, line, f, nf);
		if (s == CSV_ERROR) {
			char *zh = strf("CSV 文件格式错误：%s（CSV 须为 UTF-8 编码，可在 Excel 中“另存为 CSV UTF-8”或直接上传 XLSX）",
				       csv_error(csv));
			add_error(im, line, -1, NULL, NULL, zh, csv_error(csv));
			free(zh);
		}
		csv_close(csv);
		if (s == CSV_ERROR)
			return -1;
	}
	if (!im->header_found) {
		add_error(im, 1, -1, NULL, NULL, "找不到表头：至少需要“户编号”“姓名”等列",
			  "No header found: the file needs at least the columns 户编号 and 姓名");
		return -1;
	}
	return 0;
}

/* ---- grouping the rows by 户编号 -------------------------------------------------------------- */

/* A household number with its ordinal, sorted by the number. */
struct hno_ord {
	const char *no;
	int ord;
};

static int by_hno(const void *a, const void *b)
{
	return strcmp(((const struct hno_ord *)a)->no, ((const struct hno_ord *)b)->no);
}

/* The ordinals in 户编号 order (strcmp).  A national export usually lists
 * the households in that order already; then nothing is sorted. */
static int *hno_order(const struct hno_table *t)
{
	int *order = xmalloc(((size_t)t->n + 1) * sizeof(int));
	bool sorted = true;
	for (int i = 1; i < t->n && sorted; i++)
		sorted = strcmp(t->hh[i - 1].no, t->hh[i].no) < 0;
	if (sorted) {
		for (int i = 0; i < t->n; i++)
			order[i] = i;
		return order;
	}
	struct hno_ord *by = xmalloc(((size_t)t->n + 1) * sizeof(*by));
	for (int i = 0; i < t->n; i++)
		by[i] = (struct hno_ord){ t->hh[i].no, i };
	qsort(by, (size_t)t->n, sizeof(*by), by_hno);
	for (int i = 0; i < t->n; i++)
		order[i] = by[i].ord;
	free(by);
	return order;
}

/* im->hhs: the data rows grouped by 户编号, the households in 户编号 order
 * (strcmp) and each one's rows in file order; their row lists share
 * im->hh_rows.  A data row without a 户编号 is reported here. */
static void group_households(struct imp *im)
{
	const struct hno_table *t = &im->hnos;
	for (int k = 0; k < t->nmissing; k++) {
		struct row *row = &im->rows[t->missing[k]];
		if (!row->given[C_HNO])   /* a number given but refused was reported with its cell */
			cell_error(im, row, C_HNO, "户编号不能为空", "The household number is missing");
	}
	/* each household's place in hh_rows, in 户编号 order; then the rows dealt in */
	int *order = hno_order(t), *next = xmalloc(((size_t)t->n + 1) * sizeof(int));
	im->nhh = t->n;
	im->hhs = xcalloc((size_t)t->n + 1, sizeof(*im->hhs));
	mem_prefault(im->hhs, ((size_t)t->n + 1) * sizeof(*im->hhs));
	im->hh_rows = xmalloc(((size_t)t->nrows + 1) * sizeof(int));
	for (int k = 0, at = 0; k < t->n; k++) {
		const struct hno *h = &t->hh[order[k]];
		im->hhs[k] = (struct hh){ .no = h->no, .rows = im->hh_rows + at, .n = h->count };
		next[order[k]] = at;
		at += h->count;
	}
	for (int i = 0; i < t->nrows; i++)
		im->hh_rows[next[t->rows[i].ord]++] = t->rows[i].row;
	free(next);
	free(order);
}

/* ---- an ID number appears once in the file --------------------------------------------------- */

/* Sort ids by key, equal keys staying in the order they come in: a least
 * significant digit radix sort, a byte at a time (no comparisons). */
static void sort_ids(struct id_row *ids, int n)
{
	struct id_row *tmp = xmalloc(((size_t)n + 1) * sizeof(*ids)), *src = ids, *dst = tmp;
	mem_prefault(tmp, (size_t)n * sizeof(*ids));
	for (int shift = 0; shift < 64 && n > 0; shift += 8) {
		size_t at[257] = { 0 };
		for (int i = 0; i < n; i++)
			at[((src[i].key >> shift) & 0xFF) + 1]++;
		if (at[((src[0].key >> shift) & 0xFF) + 1] == (size_t)n)
			continue;   /* every key has the same byte here */
		for (int d = 0; d < 256; d++)
			at[d + 1] += at[d];
		for (int i = 0; i < n; i++)
			dst[at[(src[i].key >> shift) & 0xFF]++] = src[i];
		struct id_row *t = src;
		src = dst;
		dst = t;
	}
	if (src != ids)
		memcpy(ids, src, (size_t)n * sizeof(*ids));
	free(tmp);
}

/* Each repeat of an ID number is reported on its line, naming the line of
 * the occurrence before it; in ID number order. */
static void check_id_numbers(struct imp *im)
{
	sort_ids(im->ids, im->nids);
	for (int i = 1; i < im->nids; i++)
		if (im->ids[i].key == im->ids[i - 1].key) {
			int earlier = im->rows[im->ids[i - 1].row].line;
			cell_errorf(im, &im->rows[im->ids[i].row], C_IDNO, strf("证件号码与第 %d 行重复", earlier),
				    strf("The ID number repeats line %d", earlier));
		}
}

/* ---- households ---------------------------------------------------------------------------- */

static bool in_scope(const struct imp *im, const char *division)
{
	return im->o->user == NULL || scope_allows(im->o->user, division);
}

/* Resolve the household's division: the code, or 乡镇 + 行政村 names. */
static void resolve_division(struct imp *im, struct hh *h)
{
	struct row *first = &im->rows[h->rows[0]];
	const char *code = h->v[C_DIVISION];
	if (code) {
		const char *known;
		if (!memo_get(&im->divisions, code, &known)) {
			int64_t n = 0;
			if (db_query_int(im->db, &n, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", code) != DB_ROW) {
				im->db_failed = true;
				return;
			}
			known = n ? "" : NULL;
			memo_put(&im->divisions, code, known);
		}
		if (known == NULL) {
			cell_error(im, first, C_DIVISION, "行政区划代码不存在", "No such division");
			return;
		}
		h->division = arena_strdup(im->rows_arena, code);
	} else if (h->v[C_TOWNSHIP] && h->v[C_VILLAGE]) {
		const char *root = im->o->county ? im->o->county : "";
		char upper[DIVISION_CODE_MAX + 2];
		division_subtree_upper(root, upper);
		/* the village by its name, or by its name without 村委会 / 居委会 ... */
		struct db_stmt *st = db_query(im->db,
			"SELECT v.code FROM divisions v JOIN divisions t ON t.code = v.parent_code"
			" WHERE t.name = $1 AND (v.name = $2 OR v.name LIKE $3) AND v.level = 'village'"
			" AND v.code >= $4 AND v.code < $5 ORDER BY (v.name = $2) DESC, v.code LIMIT 3",
			"ttttt", h->v[C_TOWNSHIP], h->v[C_VILLAGE], arena_printf(im->arena, "%s%%", h->v[C_VILLAGE]), root, upper);
		if (st == NULL) {
			im->db_failed = true;
			return;
		}
		char *found[3] = { NULL, NULL, NULL };
		int n = 0;
		while (n < 3 && db_step(st) == DB_ROW)
			found[n++] = xstrdup(db_column_text(st, 0));
		db_finalize(st);
		/* an exact name wins over prefixes; in scope only */
		int in = 0;
		char *pick = NULL;
		for (int i = 0; i < n; i++)
			if (in_scope(im, found[i])) {
				if (!pick)
					pick = found[i];
				in++;
			}
		if (pick == NULL)
			cell_error(im, first, C_VILLAGE, "找不到该乡镇下的行政村（或不在管辖范围内）",
				   "No such village in that township (or outside your scope)");
		else if (in > 1) {
			/* several: only acceptable when the first is an exact match and the second is not */
			int64_t exact_n = 0;
			db_query_int(im->db, &exact_n, "SELECT COUNT(*) FROM divisions v JOIN divisions t ON t.code = v.parent_code"
				     " WHERE t.name = $1 AND v.name = $2 AND v.code >= $3 AND v.code < $4", "tttt",
				     h->v[C_TOWNSHIP], h->v[C_VILLAGE], root, upper);
			if (exact_n == 1)
				h->division = arena_strdup(im->rows_arena, pick);
			else
				cell_error(im, first, C_VILLAGE, "乡镇和行政村名称对应多个区划，请填写行政区划代码",
					   "The township and village names match several divisions; give the division code");
		} else
			h->division = arena_strdup(im->rows_arena, pick);
		for (int i = 0; i < n; i++)
			free(found[i]);
	} else {
		enum col c = im->fcol[C_DIVISION] >= 0 || im->fcol[C_TOWNSHIP] < 0 ? C_DIVISION : C_VILLAGE;
		if (im->fcol[c] >= 0)
			cell_error(im, first, c, "缺少行政区划代码（或乡镇 + 行政村名称）",
				   "The division code (or township and village names) is missing");
		else
			add_error(im, first->line, -1, NULL, NULL, "缺少“行政区划代码”列（或“乡镇”+“行政村”列）",
				  "The file has no 行政区划代码 column (nor 乡镇 and 行政村)");
		return;
	}
	if (h->division && !in_scope(im, h->division)) {
		cell_error(im, first, h->v[C_DIVISION] ? C_DIVISION : C_VILLAGE, "该区划不在您的管辖范围内",
			   "The division is outside your scope");
		h->division = NULL;
	}
}

static bool registered_status(const char *s)
{
	return s && (!strcmp(s, "poor") || !strcmp(s, "exited_enjoying") || !strcmp(s, "exited") || !strcmp(s, "relapsed"));
}

static void check_household(struct imp *im, struct hh *h)
{
	static const enum col hcols[] = { C_DIVISION, C_TOWNSHIP, C_VILLAGE, C_HEAD, C_ATTR, C_STATUS, C_CAUSE, C_YEAR,
					  C_PHONE, C_INCOME };
	/* the household's fields agree across its rows (empty cells aside) */
	int from[C_COUNT];
	for (size_t k = 0; k < sizeof(hcols) / sizeof(hcols[0]); k++) {
		enum col c = hcols[k];
		from[c] = -1;
		for (int i = 0; i < h->n; i++) {
			struct row *row = &im->rows[h->rows[i]];
			if (row->v[c] == NULL)
				continue;
			if (h->v[c] == NULL) {
				h->v[c] = row->v[c];
				from[c] = row->line;
			} else if (h->v[c] != row->v[c] && strcmp(h->v[c], row->v[c]))   /* codes are shared strings */
				cell_errorf(im, row, c, strf("同一户各行的%s不一致（第 %d 行为“%s”）", cols[c].zh, from[c], h->v[c]),
					    strf("The %s differs between rows of the household (line %d has \"%s\")", cols[c].en,
						from[c], h->v[c]));
		}
	}
	struct row *first = &im->rows[h->rows[0]];
	/* members: a name and relation each, exactly one head */
	h->head = -1;
	int heads = 0;
	for (int i = 0; i < h->n; i++) {
		struct row *row = &im->rows[h->rows[i]];
		if (!row->given[C_NAME])
			cell_error(im, row, C_NAME, "姓名不能为空", "The name is missing");
		if (im->fcol[C_RELATION] < 0 && i == 0)
			add_error(im, row->line, -1, NULL, NULL, "缺少“与户主关系”列", "The file has no 与户主关系 column");
		else if (!row->given[C_RELATION] && im->fcol[C_RELATION] >= 0)
			cell_error(im, row, C_RELATION, "与户主关系不能为空", "The relation to the head is missing");
		if (row->v[C_RELATION] && strcmp(row->v[C_RELATION], "head") == 0) {
			if (++heads == 2)
				cell_error(im, row, C_RELATION, "一户只能有一个户主", "A household has exactly one head");
			if (h->head < 0)
				h->head = h->rows[i];
		}
		/* sex and birth date follow the ID number */
		const char *id = row->v[C_IDNO];
		if (id) {
			char birth[11], sex[2] = { idcard_sex(id), '\0' };
			idcard_birth_date(id, birth);
			if (row->v[C_SEX] && strcmp(row->v[C_SEX], sex))
				cell_error(im, row, C_SEX, "性别与证件号码不符", "The sex does not match the ID number");
			if (row->v[C_BIRTH] && strcmp(row->v[C_BIRTH], birth))
				cell_error(im, row, C_BIRTH, "出生日期与证件号码不符", "The birth date does not match the ID number");
		}
	}
	if (heads == 0 && im->fcol[C_RELATION] >= 0)
		cell_error(im, first, C_RELATION, "该户没有户主（与户主关系为“户主”的成员）", "The household has no head");
	if (h->head >= 0) {
		struct row *head = &im->rows[h->head];
		if (h->v[C_HEAD] == NULL)
			h->v[C_HEAD] = head->v[C_NAME];
		else if (head->v[C_NAME] && strcmp(h->v[C_HEAD], head->v[C_NAME]))
			cell_error(im, head, C_HEAD, "户主姓名与户主成员的姓名不一致", "The head's name differs from the head member's name");
	}
	if (h->v[C_HEAD] == NULL)
		cell_error(im, first, C_HEAD, "户主姓名不能为空", "The head of household is missing");
	if (h->v[C_STATUS] == NULL) {
		if (im->fcol[C_STATUS] >= 0)
			cell_error(im, first, C_STATUS, "户状态不能为空", "The status is missing");
		else
			add_error(im, first->line, -1, NULL, NULL, "缺少“户状态”列", "The file has no 户状态 column");
	} else if (registered_status(h->v[C_STATUS])) {
		static const enum col needed[] = { C_ATTR, C_CAUSE, C_YEAR };
		for (size_t k = 0; k < 3; k++)
			if (h->v[needed[k]] == NULL)
				cell_errorf(im, first, needed[k], strf("建档立卡户须填写%s", cols[needed[k]].zh),
					    strf("A registered household needs its %s", cols[needed[k]].en));
	}
	resolve_division(im, h);
}

/* ---- writing --------------------------------------------------------------------------------- */

static json_t *value_json(enum col c, const char *v)
{
	if (v == NULL)
		return json_null();
	if (cols[c].kind == K_BOOL)
		return json_boolean(strcmp(v, "0") != 0);
	if (cols[c].kind == K_INT)
		return json_integer(strtoll(v, NULL, 10));
	return json_string(v);
}

static void bind(struct sqlbuf *b, enum col c, const char *v)
{
	if (v && is_int_kind(c))
		sqlbuf_int(b, strtoll(v, NULL, 10));
	else
		sqlbuf_text(b, v);
}

static void batch_value(struct db_batch *b, enum col c, const char *v)
{
	if (v && is_int_kind(c))
		db_batch_int(b, strtoll(v, NULL, 10));
	else
		db_batch_text(b, v);
}

static bool differs(const char *now, const char *old)
{
	return now ? !old || strcmp(now, old) : old != NULL;
}

static char *astrdup(struct imp *im, const char *s)
{
	return s ? arena_strdup(im->arena, s) : NULL;
}

/* An audit row of the import, written with the group's other rows. */
static void audit(struct imp *im, const struct entity *e, const char *action, const char *id, const char *division,
		  json_t *before, json_t *after, const char *after_text)
{
	if (before)
		crud_mask(e, before);
	if (after)
		crud_mask(e, after);
	struct audit_entry entry = {
		.action = action, .entity = e->name, .entity_id = id, .division = division, .before = before,
		.after = after, .after_text = after_text, .detail = "import", .username = "cli",
	};
	audit_batch_add(im->b_audit, im->o->r, &entry);
}

static const char *id_text(struct imp *im, int64_t id)
{
	return arena_printf(im->arena, "%lld", (long long)id);
}

static void history(struct imp *im, int64_t id, const char *field, const char *old, const char *now, bool created)
{
	struct req *r = im->o->r;
	struct db_batch *b = im->b_hist;
	db_batch_int(b, id);
	db_batch_int(b, clock_now());
	if (r && r->user)
		db_batch_int(b, r->user->id);
	else
		db_batch_text(b, NULL);
	db_batch_text(b, r && r->user ? r->user->username : "cli");
	db_batch_text(b, field);
	db_batch_text(b, old);
	db_batch_text(b, now);
	db_batch_text(b, created ? "登记（导入）" : "导入");
	db_batch_row(b);
}

/* Which columns the file sets (the others keep their stored values). */
static void file_present(const struct imp *im, bool present[C_COUNT])
{
	for (int c = 0; c < C_COUNT; c++)
		present[c] = im->fcol[c] >= 0;
	present[C_DIVISION] = true;
	present[C_HEAD] = true;
	present[C_HNO] = true;
}

/* ---- the batches of one import ----------------------------------------------------------------- */

#define GROUP_HH 512          /* households compared and written together */
#define LOOKUP_KEYS 128       /* keys of one look-up statement */
#define ROWS_PER_INSERT 128   /* rows of one INSERT statement */
#define IMPORT_CACHE_MIB 256  /* SQLite's page cache during a real run */
#define STATS_ROWS 20000      /* members written before the first statistics refresh */

/* A member as stored, found by its ID number (or, without one, by name). */
struct found {
	int64_t id, hh;
	char *division, *household_no;
	char *v[C_COUNT];
};

/* A member of the group with an ID number. */
struct by_id {
	const char *id;
	int at;   /* index into the group's rows */
};

/* The households compared and written together, and their members' rows. */
struct group {
	struct hh *h;
	int n;
	int *rows;             /* the members' rows, household after household */
	struct found *found;   /* parallel to rows */
	int nrows;
	struct by_id *ids;     /* the members with an ID number, in its order */
	int nids;
	int64_t *hh_ids, *mem_ids;   /* reserved for the new ones (real runs) */
	int next_hh, next_mem;
};

static char *column_list(const enum col *c, int n, const char *prefix)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	for (int k = 0; k < n; k++)
		fprintf(f, "%s%s", prefix, cols[c[k]].db);
	fclose(f);
	return s;
}

/* SELECT select FROM (VALUES ($1), ..., ($LOOKUP_KEYS)) k JOIN table ON
 * table.key = k.column1: an index probe per key on both backends (with
 * key IN (...), PostgreSQL would rather scan the trigram index of the column). */
static char *keys_sql(const char *select, const char *columns, const char *table, const char *key)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	fprintf(f, "SELECT %s%s FROM (VALUES ", select, columns);
	for (int i = 1; i <= LOOKUP_KEYS; i++)
		fprintf(f, i > 1 ? ", ($%d)" : "($%d)", i);
	fprintf(f, ") k JOIN %s ON %s.%s = k.column1", table, table, key);
	fclose(f);
	return s;
}

#define MEMBER_SELECT "id_number, id, household_id, division"
#define MEMBER_NO ", (SELECT household_no FROM households x WHERE x.id = members.household_id)"

/* The SQL of the look-ups, and the batches of a real run. */
static void writer_open(struct imp *im, bool write)
{
	char *hcols = column_list(hh_db, NHH_DB, ", "), *mcols = column_list(mem_db, NMEM_DB, ", ");
	char *mno = strf("%s" MEMBER_NO, mcols);
	im->sql_hh = keys_sql("household_no, id", hcols, "households", "household_no");
	im->sql_mem = keys_sql(MEMBER_SELECT, mno, "members", "id_number");
	im->sql_mem_name = strf("SELECT " MEMBER_SELECT "%s FROM members WHERE id_number IS NULL AND household_id = $1"
				" AND name = $2 ORDER BY id LIMIT 1", mno);
	free(mno);
	if (write) {
		char *hc = strf("id%s, created_at, updated_at", hcols);
		char *mc = strf("id, household_id, division, tekun%s, created_at, updated_at", mcols);
		im->b_hh = db_batch_new(im->db, "households", hc, NHH_DB + 3, ROWS_PER_INSERT);
		im->b_mem = db_batch_new(im->db, "members", mc, NMEM_DB + 6, ROWS_PER_INSERT);
		im->b_inc = db_batch_new(im->db, "household_incomes",
					 "household_id, year, people, net, per_capita, note, updated_at", 7, ROWS_PER_INSERT);
		im->b_hist = db_batch_new(im->db, "household_history",
					  "household_id, at, user_id, username, field, old_value, new_value, reason", 8,
					  ROWS_PER_INSERT);
		im->b_audit = audit_batch_new(im->db, ROWS_PER_INSERT);
		free(hc);
		free(mc);
	}
	free(hcols);
	free(mcols);
}

static void writer_close(struct imp *im)
{
	free(im->sql_hh);
	free(im->sql_mem);
	free(im->sql_mem_name);
	db_batch_free(im->b_hh);
	db_batch_free(im->b_mem);
	db_batch_free(im->b_inc);
	db_batch_free(im->b_hist);
	db_batch_free(im->b_audit);
}

/* Parents before the rows that refer to them. */
static int writer_flush(struct imp *im)
{
	struct db_batch *order[] = { im->b_hh, im->b_mem, im->b_inc, im->b_hist, im->b_audit };
	int rc = DB_OK;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && rc == DB_OK; i++)
		rc = db_batch_flush(order[i]);
	return rc;
}

/* Run a look-up of up to LOOKUP_KEYS keys (the rest bound NULL); each row to each(). */
static int lookup(struct imp *im, const char *sql, const char *const *keys, int n,
		  void (*each)(struct imp *, struct group *, struct db_stmt *), struct group *g)
{
	struct db_stmt *st = db_prepare(im->db, sql);
	if (st == NULL)
		return DB_ERROR;
	int rc = DB_OK;
	for (int i = 0; i < LOOKUP_KEYS && rc == DB_OK; i++)
		rc = db_bind_text(st, i + 1, i < n ? keys[i] : NULL);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		each(im, g, st);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int by_no(const void *key, const void *elem)
{
	return strcmp(key, ((const struct hh *)elem)->no);
}

/* A stored household (the group is in 户编号 order). */
static void found_household(struct imp *im, struct group *g, struct db_stmt *st)
{
	struct hh *h = bsearch(db_column_text(st, 0), g->h, (size_t)g->n, sizeof(*g->h), by_no);
	if (h == NULL)
		return;
	h->id = db_column_int(st, 1);
	h->old = arena_zalloc(im->arena, C_COUNT * sizeof(char *));
	for (int k = 0; k < NHH_DB; k++)
		h->old[hh_db[k]] = astrdup(im, db_column_text(st, 2 + k));
}

static int lookup_households(struct imp *im, struct group *g)
{
	const char *keys[LOOKUP_KEYS];
	int rc = DB_OK;
	if (!im->stored_hh)
		return DB_OK;
	for (int i = 0; i < g->n && rc == DB_OK; i += LOOKUP_KEYS) {
		int n = g->n - i < LOOKUP_KEYS ? g->n - i : LOOKUP_KEYS;
		for (int k = 0; k < n; k++)
			keys[k] = g->h[i + k].no;
		rc = lookup(im, im->sql_hh, keys, n, found_household, g);
	}
	return rc;
}

static void read_member(struct imp *im, struct db_stmt *st, struct found *f)
{
	f->id = db_column_int(st, 1);
	f->hh = db_column_int(st, 2);
	f->division = astrdup(im, db_column_text(st, 3));
	for (int k = 0; k < NMEM_DB; k++)
		f->v[mem_db[k]] = astrdup(im, db_column_text(st, 4 + k));
	f->household_no = astrdup(im, db_column_text(st, 4 + NMEM_DB));
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct by_id *)a)->id, ((const struct by_id *)b)->id);
}

static int by_id_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct by_id *)elem)->id);
}

static void found_member(struct imp *im, struct group *g, struct db_stmt *st)
{
	struct by_id *m = bsearch(db_column_text(st, 0), g->ids, (size_t)g->nids, sizeof(*g->ids), by_id_key);
	if (m)
		read_member(im, st, &g->found[m->at]);
}

/* A member without an ID number of a stored household: by name. */
static int lookup_by_name(struct imp *im, const struct hh *h, const struct row *row, struct found *f)
{
	struct db_stmt *st = db_query(im->db, im->sql_mem_name, "it", h->id, row->v[C_NAME]);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_member(im, st, f);
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static int lookup_members(struct imp *im, struct group *g)
{
	if (!im->stored_mem)
		return DB_OK;
	struct by_id *ids = arena_alloc(im->arena, (size_t)(g->nrows + 1) * sizeof(*ids));
	int n = 0, rc = DB_OK;
	for (int i = 0, at = 0; i < g->n && rc == DB_OK; i++)
		for (int k = 0; k < g->h[i].n && rc == DB_OK; k++, at++) {
			const struct row *row = &im->rows[g->rows[at]];
			if (row->v[C_IDNO])
				ids[n++] = (struct by_id){ row->v[C_IDNO], at };
			else if (g->h[i].old)
				rc = lookup_by_name(im, &g->h[i], row, &g->found[at]);
		}
	qsort(ids, (size_t)n, sizeof(*ids), cmp_id);
	g->ids = ids;
	g->nids = n;
	const char *keys[LOOKUP_KEYS];
	for (int i = 0; i < n && rc == DB_OK; i += LOOKUP_KEYS) {
		int m = n - i < LOOKUP_KEYS ? n - i : LOOKUP_KEYS;
		for (int k = 0; k < m; k++)
			keys[k] = ids[i + k].id;
		rc = lookup(im, im->sql_mem, keys, m, found_member, g);
	}
	return rc;
}

/* Ids for the group's new households and members. */
static int reserve_ids(struct imp *im, struct group *g)
{
	int nh = 0, nm = 0;
	for (int i = 0; i < g->n; i++)
		nh += g->h[i].old == NULL;
	for (int i = 0; i < g->nrows; i++)
		nm += g->found[i].id == 0;
	g->hh_ids = arena_alloc(im->arena, (size_t)(nh + 1) * sizeof(int64_t));
	g->mem_ids = arena_alloc(im->arena, (size_t)(nm + 1) * sizeof(int64_t));
	int rc = db_reserve_ids(im->db, "households", nh, g->hh_ids);
	return rc == DB_OK ? db_reserve_ids(im->db, "members", nm, g->mem_ids) : rc;
}

/* ---- one household --------------------------------------------------------------------------- */

/* A stored household's values before and after, as JSON; whether they differ. */
static bool household_json(const struct hh *h, const bool present[C_COUNT], json_t *before, json_t *after)
{
	bool changed = false;
	char **old = h->old;
	for (int k = 0; k < NHH_DB; k++) {
		enum col c = hh_db[k];
		const char *now = present[c] ? h->v[c] : old[c];
		changed |= differs(now, old[c]);
		json_object_set_new(before, cols[c].db, value_json(c, old[c]));
		json_object_set_new(after, cols[c].db, value_json(c, now));
	}
	return changed;
}

static const enum col tracked[] = { C_STATUS, C_ATTR, C_CAUSE };

/* id created in division: the last run goes on or a new one starts. */
static void run_add(struct runs *rs, const char *division, int64_t id)
{
	struct audit_run *last = rs->n ? &rs->v[rs->n - 1] : NULL;
	if (last && last->last_id + 1 == id && !strcmp(last->division, division)) {
		last->last_id = id;
		return;
	}
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->v = xrealloc(rs->v, (size_t)rs->cap * sizeof(*rs->v));
	}
	rs->v[rs->n++] = (struct audit_run){ division, id, id };
}

static void insert_household(struct imp *im, struct group *g, struct hh *h)
{
	h->id = g->hh_ids[g->next_hh++];
	struct db_batch *b = im->b_hh;
	db_batch_int(b, h->id);
	for (int k = 0; k < NHH_DB; k++)
		batch_value(b, hh_db[k], h->v[hh_db[k]]);
	db_batch_int(b, clock_now());
	db_batch_int(b, clock_now());
	db_batch_row(b);
	run_add(&im->hh_runs, h->division, h->id);
	for (size_t k = 0; k < 3; k++)
		if (h->v[tracked[k]])
			history(im, h->id, cols[tracked[k]].db, NULL, h->v[tracked[k]], true);
}

/* UPDATE table SET the columns the file has (of dbcols) WHERE id = id. */
static int update_row(struct imp *im, const char *table, const enum col *dbcols, int n, const bool present[C_COUNT],
		      const char *const v[C_COUNT], int64_t id)
{
	struct sqlbuf b;
	sqlbuf_init(&b, im->arena);
	sqlbuf_add(&b, arena_printf(im->arena, "UPDATE %s SET ", table));
	for (int k = 0; k < n; k++)
		if (present[dbcols[k]]) {
			sqlbuf_add(&b, arena_printf(im->arena, "%s = ", cols[dbcols[k]].db));
			bind(&b, dbcols[k], v[dbcols[k]]);
			sqlbuf_add(&b, ", ");
		}
	sqlbuf_add(&b, "updated_at = ");
	sqlbuf_int(&b, clock_now());
	sqlbuf_add(&b, " WHERE id = ");
	sqlbuf_int(&b, id);
	struct db_stmt *st = sqlbuf_query(im->db, &b);
	int rc = st ? db_step(st) : DB_ERROR;
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int update_household(struct imp *im, struct hh *h, const bool present[C_COUNT], json_t *before, json_t *after)
{
	int rc = update_row(im, "households", hh_db, NHH_DB, present, h->v, h->id);
	if (rc == DB_OK && strcmp(h->old[C_DIVISION], h->division))
		rc = db_exec(im->db, "UPDATE members SET division = $1 WHERE household_id = $2", "ti", h->division, h->id);
	if (rc != DB_OK)
		return rc;
	audit(im, &entity_household, "update", id_text(im, h->id), h->division, before, after, NULL);
	for (size_t k = 0; k < 3; k++) {
		enum col c = tracked[k];
		if (present[c] && differs(h->v[c], h->old[c]))
			history(im, h->id, cols[c].db, h->old[c], h->v[c], false);
	}
	return DB_OK;
}

/* A member's values: the row's, with sex and birth date from the ID number. */
static void member_values(struct imp *im, const struct row *row, const char *v[C_COUNT], bool present[C_COUNT])
{
	memcpy(v, row->v, C_COUNT * sizeof(char *));
	present[C_SEX] = im->fcol[C_SEX] >= 0 || v[C_IDNO];
	present[C_BIRTH] = im->fcol[C_BIRTH] >= 0 || v[C_IDNO];
	if (v[C_IDNO]) {
		char birth[11], sex[2] = { idcard_sex(v[C_IDNO]), '\0' };
		idcard_birth_date(v[C_IDNO], birth);
		v[C_SEX] = arena_strdup(im->arena, sex);
		v[C_BIRTH] = arena_strdup(im->arena, birth);
	}
}

static void insert_member(struct imp *im, struct group *g, const struct hh *h, const char *v[C_COUNT])
{
	int64_t id = g->mem_ids[g->next_mem++];
	struct db_batch *b = im->b_mem;
	db_batch_int(b, id);
	db_batch_int(b, h->id);
	db_batch_text(b, h->division);
	db_batch_int(b, 0);
	for (int k = 0; k < NMEM_DB; k++) {
		enum col c = mem_db[k];
		batch_value(b, c, v[c] ? v[c] : cols[c].kind == K_BOOL ? "0" : NULL);
	}
	db_batch_int(b, clock_now());
	db_batch_int(b, clock_now());
	db_batch_row(b);
	run_add(&im->mem_runs, h->division, id);
}

static int update_member(struct imp *im, const struct hh *h, const struct found *f, const char *v[C_COUNT],
			 const bool present[C_COUNT], bool write)
{
	bool changed = false;
	json_t *mb = json_object(), *ma = json_object();
	for (int k = 0; k < NMEM_DB; k++) {
		enum col c = mem_db[k];
		const char *now = present[c] ? v[c] : f->v[c];
		changed |= differs(now, f->v[c]);
		json_object_set_new(mb, cols[c].db, value_json(c, f->v[c]));
		json_object_set_new(ma, cols[c].db, value_json(c, now));
	}
	int rc = DB_OK;
	if (!changed)
		im->res->mem.unchanged++;
	else {
		im->res->mem.updated++;
		if (write) {
			rc = update_row(im, "members", mem_db, NMEM_DB, present, v, f->id);
			if (rc == DB_OK)
				audit(im, &entity_member, "update", id_text(im, f->id), h->division, mb, ma, NULL);
		}
	}
	json_decref(mb);
	json_decref(ma);
	return rc;
}

/* One member: new, changed, unchanged, or registered in another household. */
static int store_member(struct imp *im, struct group *g, const struct hh *h, const struct row *row,
			const struct found *f, bool write, int *added)
{
	const char *v[C_COUNT];
	bool present[C_COUNT];
	file_present(im, present);
	member_values(im, row, v, present);
	if (f->id && f->hh != h->id) {
		const char *no = f->household_no ? f->household_no : "?";
		if (in_scope(im, f->division))
			cell_errorf(im, row, C_IDNO, strf("证件号码已登记在户编号为 %s 的户中", no),
				    strf("The ID number is already registered in household %s", no));
		else
			cell_error(im, row, C_IDNO, "证件号码已被登记", "The ID number is already registered");
		return DB_OK;
	}
	if (f->id)
		return update_member(im, h, f, v, present, write);
	im->res->mem.inserted++;
	if (write) {
		insert_member(im, g, h, v);
		(*added)++;
	}
	return DB_OK;
}

/* 人均纯收入 of the year; *changed when it is new or differs. */
static int store_income(struct imp *im, const struct hh *h, int added, bool write, bool *changed)
{
	*changed = false;
	if (h->v[C_INCOME] == NULL)
		return DB_OK;
	int64_t per_capita = strtoll(h->v[C_INCOME], NULL, 10), people = h->n, old_pc = 0;
	int irc = DB_DONE;
	if (h->old) {
		if (write && db_query_int(im->db, &people, "SELECT COUNT(*) FROM members WHERE household_id = $1", "i",
					  h->id) == DB_ROW)
			people += added;   /* the new members are written with the group */
		irc = db_query_int(im->db, &old_pc, "SELECT per_capita FROM household_incomes WHERE household_id = $1"
				   " AND year = $2", "ii", h->id, im->year);
		if (irc != DB_ROW && irc != DB_DONE)
			return irc;
	}
	if (irc == DB_ROW && old_pc == per_capita)
		return DB_OK;
	*changed = true;
	if (!write)
		return DB_OK;
	if (people < 1)
		people = 1;
	static const char note[] = "导入的人均纯收入";
	int rc = DB_OK;
	if (h->old)
		rc = db_exec(im->db,
			"INSERT INTO household_incomes (household_id, year, people, net, per_capita, note, updated_at)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (household_id, year) DO UPDATE SET"
			" people = $3, net = $4, per_capita = $5, updated_at = $7", "iiiiiti",
			h->id, im->year, people, per_capita * people, per_capita, note, clock_now());
	else {
		struct db_batch *b = im->b_inc;
		int64_t v[] = { h->id, im->year, people, per_capita * people, per_capita };
		for (size_t i = 0; i < 5; i++)
			db_batch_int(b, v[i]);
		db_batch_text(b, note);
		db_batch_int(b, clock_now());
		db_batch_row(b);
	}
	if (rc != DB_OK || h->old == NULL)   /* a new household's income is in its bulk audit row */
		return rc;
	json_t *ib = irc == DB_ROW ? json_pack("{s:I}", "per_capita", (json_int_t)old_pc) : NULL;
	json_t *ia = json_pack("{s:I, s:I}", "per_capita", (json_int_t)per_capita, "year", (json_int_t)im->year);
	struct audit_entry entry = {
		.action = ib ? "update" : "create", .entity = "household_income",
		.entity_id = arena_printf(im->arena, "%lld/%lld", (long long)h->id, (long long)im->year),
		.division = h->division, .before = ib, .after = ia, .detail = "import", .username = "cli",
	};
	audit_batch_add(im->b_audit, im->o->r, &entry);
	json_decref(ib);
	json_decref(ia);
	return DB_OK;
}

/* Compare one household and its members with the database and write them
 * (to the group's batches, updates at once); write=false only counts and checks. */
static int store_household(struct imp *im, struct group *g, struct hh *h, const struct found *found, bool write)
{
	h->v[C_DIVISION] = h->division;
	h->v[C_HNO] = h->no;
	if (h->old && !in_scope(im, h->old[C_DIVISION])) {
		cell_error(im, &im->rows[h->rows[0]], C_HNO, "该户编号已被管辖范围外的户使用",
			   "The household number is used by a household outside your scope");
		return DB_OK;
	}
	bool present[C_COUNT], changed = false;
	file_present(im, present);
	int rc = DB_OK;
	if (h->old == NULL) {
		im->res->hh.inserted++;
		if (write)
			insert_household(im, g, h);
	} else {
		json_t *before = json_object(), *after = json_object();
		changed = household_json(h, present, before, after);
		if (changed && write)
			rc = update_household(im, h, present, before, after);
		json_decref(before);
		json_decref(after);
	}
	int added = 0;
	for (int i = 0; i < h->n && rc == DB_OK; i++)
		rc = store_member(im, g, h, &im->rows[h->rows[i]], &found[i], write, &added);
	bool income_changed = false;
	if (rc == DB_OK)
		rc = store_income(im, h, added, write, &income_changed);
	if (rc == DB_OK && h->old) {
		if (changed || income_changed)
			im->res->hh.updated++;
		else
			im->res->hh.unchanged++;
	}
	return rc;
}

/* Households [first, first + n): look up, compare, write (a real run while
 * there are no errors). */
static int store_group(struct imp *im, int first, int n, bool write)
{
	struct group g = { .h = &im->hhs[first], .n = n };
	for (int i = 0; i < n; i++)
		g.nrows += g.h[i].n;
	g.rows = arena_alloc(im->arena, (size_t)(g.nrows + 1) * sizeof(int));
	g.found = arena_zalloc(im->arena, (size_t)(g.nrows + 1) * sizeof(*g.found));
	for (int i = 0, at = 0; i < n; i++)
		for (int k = 0; k < g.h[i].n; k++)
			g.rows[at++] = g.h[i].rows[k];
	int rc = lookup_households(im, &g);
	if (rc == DB_OK)
		rc = lookup_members(im, &g);
	if (rc == DB_OK && write)
		rc = reserve_ids(im, &g);
	for (int i = 0, at = 0; i < n && rc == DB_OK; at += g.h[i].n, i++)
		if (g.h[i].division)   /* without one it was reported */
			rc = store_household(im, &g, &g.h[i], &g.found[at], write && im->nerrs == 0);
	if (rc == DB_OK && write && im->nerrs == 0)
		rc = writer_flush(im);
	return rc;
}

/* ---- bulk loading (SQLite) -------------------------------------------------------------------- */

/*
 * A large import fills the trigram indexes of the rows it creates with one
 * statement per index at the end, instead of through the insert triggers
 * (which write the names of every INSERT as an index segment of its own, to
 * be merged again and again): it drops the two triggers inside its
 * transaction and creates them again, so a rollback restores them.  The
 * B-tree indexes stay: the rows arrive in the order of their households,
 * so those inserts are mostly appends.
 */
#define BULK_MIN_MEMBERS 5000

static const struct {
	const char *trigger, *fill;
} bulk_fts[] = {
	{ "households_fts_insert",
	  "INSERT INTO households_fts (rowid, head_name) SELECT id, head_name FROM households WHERE id >= $1" },
	{ "members_fts_insert", "INSERT INTO members_fts (rowid, name) SELECT id, name FROM members WHERE id >= $1" },
};

struct bulk {
	bool on;
	char *create[2];       /* of bulk_fts: the trigger's SQL, to create it again */
	int64_t from[2];       /* the first id written without the trigger */
};

static int bulk_begin(struct imp *im, struct bulk *bk)
{
	static const char *const next_id[] = { "SELECT COALESCE(MAX(id), 0) + 1 FROM households",
						"SELECT COALESCE(MAX(id), 0) + 1 FROM members" };
	int rc = DB_OK;
	for (size_t i = 0; i < 2 && rc == DB_OK; i++) {
		struct db_stmt *st = db_query(im->db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = $1",
					      "t", bulk_fts[i].trigger);
		rc = st && db_step(st) == DB_ROW ? DB_OK : DB_ERROR;
		if (rc == DB_OK)
			bk->create[i] = xstrdup(db_column_text(st, 0));
		db_finalize(st);
		char drop[64];
		snprintf(drop, sizeof(drop), "DROP TRIGGER %s", bulk_fts[i].trigger);
		if (rc == DB_OK)
			rc = db_query_int(im->db, &bk->from[i], next_id[i], "") == DB_ROW ? db_exec_script(im->db, drop)
											   : DB_ERROR;
	}
	bk->on = rc == DB_OK;
	return rc;
}

static int bulk_end(struct imp *im, struct bulk *bk)
{
	int rc = DB_OK;
	for (size_t i = 0; i < 2 && rc == DB_OK; i++) {
		rc = db_exec(im->db, bulk_fts[i].fill, "i", bk->from[i]);
		if (rc == DB_OK)
			rc = db_exec_script(im->db, bk->create[i]);
	}
	return rc;
}

static void bulk_free(struct bulk *bk)
{
	free(bk->create[0]);
	free(bk->create[1]);
}

/* The audit rows of the records created: one per entity (audit_write_bulk),
 * with the file's hash; a new household's income is in its row. */
static int audit_created(struct imp *im)
{
	const struct {
		const char *entity;
		const struct runs *runs;
		int64_t n;
	} made[] = {
		{ "household", &im->hh_runs, im->res->hh.inserted },
		{ "member", &im->mem_runs, im->res->mem.inserted },
	};
	unsigned char digest[32];
	char hash[80] = "blake2b-256:";
	crypto_generichash(digest, sizeof(digest), (const unsigned char *)im->data, im->len, NULL, 0);
	sodium_bin2hex(hash + strlen(hash), sizeof(hash) - strlen(hash), digest, sizeof(digest));
	int rc = DB_OK;
	for (size_t i = 0; i < 2 && rc == DB_OK; i++) {
		json_t *after = json_pack("{s:I, s:s}", "created", (json_int_t)made[i].n, "file_hash", hash);
		if (i == 0 && im->fcol[C_INCOME] >= 0)
			json_object_set_new(after, "income_year", json_integer(im->year));
		struct audit_entry e = {
			.action = "create", .entity = made[i].entity, .after = after, .detail = "import", .username = "cli",
		};
		rc = audit_write_bulk(im->o->r, im->db, &e, made[i].runs->v, made[i].runs->n);
		json_decref(after);
	}
	return rc;
}

/* Every household, GROUP_HH at a time; on a real run the statistics of
 * the tables looked up are refreshed at the start and whenever the rows
 * written have doubled, a large file fills the trigram indexes at the end,
 * and the creations are audited. */
static int store_all(struct imp *im, bool write)
{
	writer_open(im, write);
	int rc = write ? db_analyze(im->db, "households, members") : DB_OK;
	int64_t analyzed = STATS_ROWS;
	/* an empty table holds nothing to compare with: the file's 户编号 and ID
	 * numbers are unique in it, so no group meets another's rows either */
	int64_t stored[2] = { 0, 0 };
	static const char *const any[] = { "SELECT COUNT(*) FROM (SELECT 1 FROM households LIMIT 1) x",
					   "SELECT COUNT(*) FROM (SELECT 1 FROM members LIMIT 1) x" };
	for (int i = 0; i < 2 && rc == DB_OK; i++)
		rc = db_query_int(im->db, &stored[i], any[i], "") == DB_ROW ? DB_OK : DB_ERROR;
	im->stored_hh = stored[0] > 0;
	im->stored_mem = stored[1] > 0;
	struct bulk bk = { 0 };
	int bulk_min = im->o->bulk_min_members > 0 ? im->o->bulk_min_members : BULK_MIN_MEMBERS;
	if (rc == DB_OK && write && db_backend(im->db) == DB_SQLITE && im->res->members >= bulk_min)
		rc = bulk_begin(im, &bk);
	for (int i = 0; i < im->nhh && rc == DB_OK; i += GROUP_HH) {
		int64_t written = im->res->mem.inserted;
		if (write && written >= analyzed) {
			rc = db_analyze(im->db, "households, members");
			analyzed = written * 2;
		}
		if (rc == DB_OK)
			rc = store_group(im, i, im->nhh - i < GROUP_HH ? im->nhh - i : GROUP_HH, write);
		arena_reset(im->arena);
	}
	writer_close(im);
	if (rc == DB_OK && bk.on)
		rc = bulk_end(im, &bk);
	if (rc == DB_OK && write && im->nerrs == 0)
		rc = audit_created(im);
	bulk_free(&bk);
	return rc;
}

static void imp_free(struct imp *im)
{
	free(im->rows);
	free(im->scratch);
	free(im->cells);
	free(im->hh_runs.v);
	free(im->mem_runs.v);
	free(im->cell_len);
	if (im->rows_arena)
		arena_free(im->rows_arena);
	for (int i = 0; i < im->nerrs; i++) {
		free(im->errs[i].column);
		free(im->errs[i].value);
		free(im->errs[i].zh);
		free(im->errs[i].en);
	}
	free(im->errs);
	free(im->hhs);
	free(im->hh_rows);
	hno_free(&im->hnos);
	free(im->ids);
	for (int c = 0; c < C_COUNT; c++)
		memo_free(&im->dicts[c]);
	memo_free(&im->divisions);
	if (im->arena)
		arena_free(im->arena);
}

static int64_t last_year(void)
{
	return today_yyyymmdd() / 10000 - 1;
}

/* The marked copy: the file's rows where they were, bad cells red, the messages in a last column. */
static int write_report(struct imp *im)
{
	char err[128];
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "导入检查", err, sizeof(err));
	if (w == NULL)
		return -1;
	int ncols = im->ncols_file;
	for (int i = 0; i < im->nrows; i++)
		if (im->rows[i].nraw > ncols)
			ncols = im->rows[i].nraw;
	for (int i = 0; i < ncols; i++)
		sheet_writer_width(w, i, 14);
	sheet_writer_width(w, ncols, 60);
	const char **cells = xcalloc((size_t)ncols + 1, sizeof(char *));
	unsigned *flags = xcalloc((size_t)ncols + 1, sizeof(unsigned));
	int rc = 0;
	int last = 0;
	for (int i = 0; i < im->nrows && rc == 0; i++) {
		struct row *row = &im->rows[i];
		memset(flags, 0, ((size_t)ncols + 1) * sizeof(unsigned));
		const char *cell = row->raw;
		for (int k = 0; k <= ncols; k++) {
			cells[k] = k < row->nraw ? cell : NULL;
			if (k < row->nraw)
				cell += strlen(cell) + 1;
		}
		char *msg = NULL;
		size_t msglen = 0;
		FILE *mf = open_memstream(&msg, &msglen);
		if (row->header) {
			cells[ncols] = "错误说明 / Errors";
			for (int k = 0; k <= ncols; k++)
				flags[k] = SHEET_BOLD;
		}
		for (int e = 0; e < im->nerrs; e++)
			if (im->errs[e].line == row->line) {
				if (im->errs[e].fcol >= 0 && im->errs[e].fcol < ncols)
					flags[im->errs[e].fcol] |= SHEET_BAD;
				fprintf(mf, "%s%s%s%s", ftell(mf) ? "；" : "", im->errs[e].column ? im->errs[e].column : "",
					im->errs[e].column ? "：" : "", im->errs[e].zh);
			}
		fclose(mf);
		if (!row->header && msglen) {
			cells[ncols] = msg;
			flags[ncols] = SHEET_BAD;
		}
		int at = row->line - 1 > last ? row->line - 1 : last;
		rc = sheet_writer_row(w, at, cells, flags, ncols + 1);
		last = at + 1;
		free(msg);
	}
	/* file-level errors without a row (line 0) */
	for (int e = 0; e < im->nerrs && rc == 0; e++)
		if (im->errs[e].line == 0) {
			const char *one[1] = { im->errs[e].zh };
			unsigned fl[1] = { SHEET_BAD };
			rc = sheet_writer_row(w, last++, one, fl, 1);
		}
	free(cells);
	free(flags);
	if (rc) {
		sheet_writer_discard(w);
		return -1;
	}
	return sheet_writer_finish(w, &im->res->report_fd, &im->res->report_size);
}

int household_import(struct db *db, const char *data, size_t len, enum hio_format fmt,
		     const struct hio_options *o, struct hio_result *res)
{
	memset(res, 0, sizeof(*res));
	res->report_fd = -1;
	res->errors = json_array();
	struct imp im = { .db = db, .o = o, .res = res, .data = data, .len = len, .arena = arena_new(),
			  .rows_arena = arena_new_bulk(), .header_idx = -1 };
	im.year = o->year ? o->year : last_year();
	im.today = today_yyyymmdd();
	for (int c = 0; c < C_COUNT; c++)
		im.fcol[c] = -1;
	int rc = DB_OK;
	bool own_tx = false;
	if (read_file(&im, data, len, fmt) == 0) {
		group_households(&im);
		res->households = im.nhh;
		for (int i = 0; i < im.nhh; i++)
			res->members += im.hhs[i].n;
		/* the checks and the writes in one transaction: one snapshot, and one
		 * lock instead of one per statement; a dry run only reads */
		own_tx = !db_in_transaction(db);
		if (own_tx && (o->dry_run ? db_exec_script(db, "BEGIN") : db_begin(db)) != DB_OK)
			im.db_failed = true, own_tx = false;
		for (int i = 0; i < im.nhh && !im.db_failed; i++)
			check_household(&im, &im.hhs[i]);
		if (im.fcol[C_IDNO] >= 0)
			check_id_numbers(&im);
		if (im.db_failed)
			rc = DB_ERROR;
		/* compare with the database; a real run writes in one transaction */
		bool write = !o->dry_run && im.nerrs == 0 && rc == DB_OK;
		if (write)
			rc = db_bulk_cache(db, IMPORT_CACHE_MIB);
		if (rc == DB_OK)
			rc = store_all(&im, write);
		if (own_tx) {
			if (write && rc == DB_OK && im.nerrs == 0)
				rc = db_commit(db);
			else
				db_rollback(db);
		}
		if (write)
			db_bulk_cache(db, 0);
	}
	if (im.nerrs)
		qsort(im.errs, (size_t)im.nerrs, sizeof(*im.errs), by_line);
	for (int e = 0; e < im.nerrs; e++) {
		struct ierr *x = &im.errs[e];
		json_array_append_new(res->errors,
			json_pack("{s:i, s:s?, s:s?, s:s, s:s}", "row", x->line, "column", x->column, "value", x->value,
				  "message_zh", x->zh, "message_en", x->en));
	}
	if (im.nerrs || o->dry_run || rc != DB_OK) {
		/* nothing was written: what would have been is still reported on a dry run */
		if (im.nerrs || rc != DB_OK)
			memset(&res->hh, 0, sizeof(res->hh)), memset(&res->mem, 0, sizeof(res->mem));
	}
	if (o->want_report_xlsx && rc == DB_OK)
		write_report(&im);
	int nerrs = im.nerrs;
	if (rc != DB_OK)
		log_error("household import: %s", db_errmsg(db));
	imp_free(&im);
	if (rc != DB_OK)
		return -1;
	return nerrs ? 1 : 0;
}

void hio_result_free(struct hio_result *res)
{
	json_decref(res->errors);
	res->errors = NULL;
	if (res->report_fd >= 0)
		close(res->report_fd);
	res->report_fd = -1;
}

json_t *hio_result_json(const struct hio_result *res)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:{s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}}, s:O, s:b}",
			 "rows", res->rows, "households", res->households, "members", res->members,
			 "inserted", res->hh.inserted + res->mem.inserted, "updated", res->hh.updated + res->mem.updated,
			 "unchanged", res->hh.unchanged + res->mem.unchanged,
			 "detail", "households", "inserted", res->hh.inserted, "updated", res->hh.updated, "unchanged",
			 res->hh.unchanged, "members", "inserted", res->mem.inserted, "updated", res->mem.updated, "unchanged",
			 res->mem.unchanged, "errors", res->errors, "errors_truncated", res->errors_truncated);
}

/* ---- the command line ------------------------------------------------------------------------- */

/* The contents of a file that cannot be mapped (a pipe, an empty file). */
static char *slurp(FILE *fp, size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	char *buf = xmalloc(cap + 1);
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A file to import: mapped when it is a regular file (no copy, and the
 * pages come from the page cache at once), else read into memory. */
struct input {
	const char *data;
	size_t len;
	void *map;    /* the mapping, NULL when data is a malloc'd copy */
};

static int input_open(struct input *in, const char *path, FILE *err)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	in->map = NULL;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fileno(fp), 0);
		if (m != MAP_FAILED) {
			in->map = m;
			in->data = m;
			in->len = (size_t)st.st_size;
		}
	}
	if (in->map == NULL)
		in->data = slurp(fp, &in->len);
	fclose(fp);
	return 0;
}

static void input_close(struct input *in)
{
	if (in->map)
		munmap(in->map, in->len);
	else
		free((char *)in->data);
}

int household_import_cli(struct db *db, const char *path, const struct hio_options *o, FILE *out, FILE *err)
{
	struct input in;
	if (input_open(&in, path, err) < 0)
		return 1;
	const char *data = in.data;
	size_t len = in.len;
	enum hio_format fmt = xlsx_sniff(data, len) ? HIO_XLSX : HIO_CSV;
	struct hio_result res;
	int rc = household_import(db, data, len, fmt, o, &res);
	input_close(&in);
	size_t i;
	json_t *e;
	json_array_foreach(res.errors, i, e) {
		const char *col = json_string_value(json_object_get(e, "column"));
		const char *val = json_string_value(json_object_get(e, "value"));
		fprintf(err, "%s:%lld: %s%s%s%s%s%s (%s)\n", path, (long long)json_integer_value(json_object_get(e, "row")),
			col ? col : "", col ? " " : "", val && *val ? "\"" : "", val && *val ? val : "", val && *val ? "\": " : col ? ": " : "",
			json_string_value(json_object_get(e, "message_zh")), json_string_value(json_object_get(e, "message_en")));
	}
	if (res.errors_truncated)
		fprintf(err, "... more errors not shown\n");
	if (rc == 0)
		fprintf(out, "lianxin: %d rows, %d households, %d members: households %d inserted, %d updated, %d unchanged;"
			" members %d inserted, %d updated, %d unchanged%s\n", res.rows, res.households, res.members,
			res.hh.inserted, res.hh.updated, res.hh.unchanged, res.mem.inserted, res.mem.updated, res.mem.unchanged,
			o->dry_run ? " (dry run: nothing written)" : "");
	else if (rc < 0)
		fprintf(err, "lianxin: database error: %s; nothing was imported\n", db_errmsg(db));
	else
		fprintf(err, "lianxin: %zu errors; nothing was imported\n", json_array_size(res.errors));
	hio_result_free(&res);
	return rc == 0 ? 0 : 1;
}

/* ---- HTTP ------------------------------------------------------------------------------------- */

static bool query_true(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

static int query_year(struct req *r, int64_t *year)
{
	const char *v = req_query(r, "year");
	*year = last_year();
	if (v == NULL || *v == '\0')
		return 0;
	char *end;
	long long y = strtoll(v, &end, 10);
	if (*end || y < 2013 || y > 2100)
		return reply_error_msg(r, ERR_VALIDATION, "年度应为 2013 到 2100 之间的整数", "The year must be from 2013 to 2100", "year");
	*year = y;
	return 0;
}

int household_import_post(struct req *r)
{
	const char *type = req_header(r, "Content-Type");
	enum hio_format fmt;
	if (type && strncasecmp(type, "text/csv", 8) == 0)
		fmt = HIO_CSV;
	else if (type && strncasecmp(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 65) == 0)
		fmt = HIO_XLSX;
	else if (type && strncasecmp(type, "application/octet-stream", 24) == 0)
		fmt = xlsx_sniff(r->body, r->body_len) ? HIO_XLSX : HIO_CSV;
	else
		return reply_error_msg(r, ERR_MEDIA_TYPE, "请上传 CSV（text/csv）或 XLSX 文件",
				       "Upload a CSV (text/csv) or XLSX file", NULL);
	if (fmt == HIO_XLSX && !xlsx_sniff(r->body, r->body_len))
		return reply_error_msg(r, ERR_VALIDATION, "文件不是有效的 XLSX", "The file is not a valid XLSX", NULL);
	int64_t year;
	int st = query_year(r, &year);
	if (st)
		return st;
	const char *county = req_query(r, "county");
	if (county && *county && division_level(county) == DIV_INVALID)
		return reply_error(r, ERR_BAD_DIVISION, "county");
	const char *format = req_query(r, "format");
	bool want_xlsx = format && strcmp(format, "xlsx") == 0;
	struct hio_options o = {
		.dry_run = query_true(r, "dry_run") || want_xlsx, .year = year, .county = county && *county ? county : NULL,
		.user = r->user, .r = r, .want_report_xlsx = want_xlsx,
	};
	struct hio_result res;
	int rc = household_import(r->db, r->body, r->body_len, fmt, &o, &res);
	if (rc < 0) {
		hio_result_free(&res);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (want_xlsx) {
		if (res.report_fd < 0) {
			hio_result_free(&res);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
		r->out_fd = res.report_fd;
		r->out_fd_size = res.report_size;
		r->out_type = sheet_content_type(SHEET_XLSX);
		req_add_header(r, "Content-Disposition", "attachment; filename=\"import-report.xlsx\"");
		req_add_header(r, "X-Import-Errors", arena_printf(r->arena, "%zu", json_array_size(res.errors)));
		res.report_fd = -1;
		hio_result_free(&res);
		return 200;
	}
	json_t *body = hio_result_json(&res);
	hio_result_free(&res);
	return reply_json(r, rc ? 400 : 200, body);
}

/* ---- export ----------------------------------------------------------------------------------- */

static const char *const export_headers[] = {
	"户编号", "行政区划代码", "乡镇", "行政村", "户主姓名", "姓名", "与户主关系", "证件号码", "性别", "民族", "出生日期",
	"文化程度", "在校生状况", "健康状况", "劳动技能", "务工状况", "务工时间", "是否参加城乡居民基本医疗保险",
	"是否参加大病保险", "是否参加城乡居民基本养老保险", "是否享受低保", "贫困户属性", "户状态", "主要致贫原因",
	"识别年度", "联系电话", "人均纯收入",
};
#define NEXPORT (int)(sizeof(export_headers) / sizeof(export_headers[0]))
/* the column of each export field: the layout column, or -1 for the names of the division */
static const int export_cols[NEXPORT] = {
	C_HNO, C_DIVISION, C_TOWNSHIP, C_VILLAGE, C_HEAD, C_NAME, C_RELATION, C_IDNO, C_SEX, C_ETHNIC, C_BIRTH, C_EDU,
	C_SCHOOL, C_HEALTH, C_LABOUR, C_WORK, C_MONTHS, C_MEDICAL, C_SERIOUS, C_PENSION, C_DIBAO, C_ATTR, C_STATUS,
	C_CAUSE, C_YEAR, C_PHONE, C_INCOME,
};

static void export_select(struct sqlbuf *b, struct arena *a, const char *H, const char *M, int64_t year)
{
	sqlbuf_add(b, arena_printf(a, "SELECT %s.household_no, %s.division,"
				      " (SELECT d.name FROM divisions d WHERE d.code = substr(%s.division, 1, 9)),"
				      " (SELECT d.name FROM divisions d WHERE d.code = substr(%s.division, 1, 12)),"
				      " %s.head_name", H, H, H, H, H));
	for (int k = 0; k < NMEM_DB; k++)
		sqlbuf_add(b, arena_printf(a, ", %s.%s", M, cols[mem_db[k]].db));
	sqlbuf_add(b, arena_printf(a, ", %s.attribute, %s.status, %s.main_cause, %s.identified_year, %s.phone,"
				      " (SELECT i.per_capita FROM household_incomes i WHERE i.household_id = %s.id AND i.year = ",
				   H, H, H, H, H, H));
	sqlbuf_int(b, year);
	sqlbuf_add(b, arena_printf(a, "), %s.id, COALESCE(%s.id, 0)", H, M));
}

int household_export_to_fd(struct req *r, bool by_member, enum hio_format fmt, int *fd, int64_t *size)
{
	*fd = -1;
	*size = 0;
	const struct entity *e = by_member ? &entity_member : &entity_household;
	int64_t year;
	int st = query_year(r, &year);
	if (st)
		return st;
	bool unmasked = query_true(r, "unmasked");
	const char *reason = req_query(r, "reason");
	if (unmasked) {
		if (!role_has(r->user->role, PERM_SENSITIVE_READ))
			return reply_error_msg(r, ERR_FORBIDDEN, "您的角色不能导出未脱敏的数据", "Your role cannot export unmasked data",
					       "unmasked");
		if (reason == NULL || utf8_chars(reason) < 2)
			return reply_error_msg(r, ERR_VALIDATION, "导出未脱敏数据须填写理由", "Give a reason for an unmasked export",
					       "reason");
	}
	/* validate the filters once, with the request's arena */
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	st = crud_filters(r, e, &b);
	if (st)
		return st;
	if (unmasked) {
		const char *division = req_query(r, "division");
		struct audit_entry entry = {
			.action = "export", .entity = e->name, .division = division && *division ? division : NULL,
			.detail = arena_printf(r->arena, "unmasked %s export: %s", fmt == HIO_XLSX ? "xlsx" : "csv", reason),
		};
		int rc = db_begin(r->db);
		if (rc == DB_OK)
			rc = audit_write(r, r->db, &entry);
		if (rc == DB_OK)
			rc = db_commit(r->db);
		if (rc != DB_OK) {
			db_rollback(r->db);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
	}
	char err[128];
	struct sheet_writer *w = sheet_writer_open(fmt == HIO_XLSX ? SHEET_XLSX : SHEET_CSV, "农户", err, sizeof(err));
	if (w == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	for (int i = 0; i < NEXPORT; i++)
		sheet_writer_width(w, i, i == 7 ? 22 : i == 1 ? 17 : 12);
	unsigned hflags[NEXPORT];
	for (int i = 0; i < NEXPORT; i++)
		hflags[i] = SHEET_BOLD;
	int rc = sheet_writer_row(w, 0, export_headers, hflags, NEXPORT) ? DB_ERROR : DB_OK;
	const char *H = by_member ? "h" : "t", *M = by_member ? "t" : "m";
	struct arena *page = arena_new(), *saved = r->arena;
	char *last_div = xstrdup("");
	int64_t last_h = 0, last_m = -1;
	int line = 1;
	unsigned flags[NEXPORT] = { 0 };
	flags[16] = flags[24] = flags[26] = SHEET_NUMBER;
	while (rc == DB_OK) {
		arena_reset(page);
		r->arena = page;   /* crud_filters allocates from the request's arena: one page at a time */
		sqlbuf_init(&b, page);
		export_select(&b, page, H, M, year);
		if (by_member)
			sqlbuf_add(&b, " FROM members t JOIN households h ON h.id = t.household_id WHERE ");
		else
			sqlbuf_add(&b, " FROM households t LEFT JOIN members m ON m.household_id = t.id WHERE ");
		scope_where(&b, r->user, arena_printf(page, "t.%s", e->division_field));
		crud_filters(r, e, &b);
		sqlbuf_add(&b, arena_printf(page, " AND (%s.division > ", H));
		sqlbuf_text(&b, last_div);
		sqlbuf_add(&b, arena_printf(page, " OR (%s.division = ", H));
		sqlbuf_text(&b, last_div);
		sqlbuf_add(&b, arena_printf(page, " AND (%s.id > ", H));
		sqlbuf_int(&b, last_h);
		sqlbuf_add(&b, arena_printf(page, " OR (%s.id = ", H));
		sqlbuf_int(&b, last_h);
		sqlbuf_add(&b, arena_printf(page, " AND COALESCE(%s.id, 0) > ", M));
		sqlbuf_int(&b, last_m);
		sqlbuf_add(&b, arena_printf(page, ")))) ORDER BY %s.division, %s.id, COALESCE(%s.id, 0) LIMIT %d", H, H, M, EXPORT_PAGE));
		r->arena = saved;
		struct db_stmt *q = sqlbuf_query(r->db, &b);
		if (q == NULL) {
			rc = DB_ERROR;
			break;
		}
		int got = 0, s;
		while ((s = db_step(q)) == DB_ROW) {
			got++;
			const char *cells[NEXPORT];
			char masked[2][64];
			for (int i = 0; i < NEXPORT; i++) {
				const char *v = db_column_text(q, i);
				enum col c = (enum col)export_cols[i];
				if (v && cols[c].kind == K_DICT)
					v = dict_label(cols[c].dict, v);
				else if (v && cols[c].kind == K_BOOL)
					v = strcmp(v, "0") ? "是" : "否";
				else if (v && c == C_IDNO && !unmasked) {
					idcard_mask(v, masked[0], sizeof(masked[0]));
					v = masked[0];
				} else if (v && c == C_PHONE && !unmasked) {
					phone_mask(v, masked[1], sizeof(masked[1]));
					v = masked[1];
				}
				cells[i] = v;
			}
			if (sheet_writer_row(w, line++, cells, flags, NEXPORT)) {
				s = DB_ERROR;
				break;
			}
			free(last_div);
			last_div = xstrdup(db_column_text(q, 1));
			last_h = db_column_int(q, NEXPORT);
			last_m = db_column_int(q, NEXPORT + 1);
		}
		db_finalize(q);
		if (s != DB_DONE)
			rc = DB_ERROR;
		else if (got < EXPORT_PAGE)
			break;
	}
	r->arena = saved;
	arena_free(page);
	free(last_div);
	if (rc != DB_OK) {
		sheet_writer_discard(w);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (sheet_writer_finish(w, fd, size))
		return reply_error(r, ERR_INTERNAL, NULL);
	return 0;
}

static int export_reply(struct req *r, bool by_member)
{
	const char *format = req_query(r, "format");
	enum hio_format fmt;
	if (format == NULL || *format == '\0' || strcmp(format, "xlsx") == 0)
		fmt = HIO_XLSX;
	else if (strcmp(format, "csv") == 0)
		fmt = HIO_CSV;
	else
		return reply_error_msg(r, ERR_VALIDATION, "格式应为 xlsx 或 csv", "The format must be xlsx or csv", "format");
	int fd;
	int64_t size;
	int st = household_export_to_fd(r, by_member, fmt, &fd, &size);
	if (st)
		return st;
	r->out_fd = fd;
	r->out_fd_size = size;
	r->out_type = sheet_content_type(fmt == HIO_XLSX ? SHEET_XLSX : SHEET_CSV);
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s.%s\"", by_member ? "members" : "households",
				    fmt == HIO_XLSX ? "xlsx" : "csv"));
	return 200;
}

int household_export_get(struct req *r)
{
	return export_reply(r, false);
}

int member_export_get(struct req *r)
{
	return export_reply(r, true);
}
