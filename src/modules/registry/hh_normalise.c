/* hh_normalise.c - a cell as typed to its value (full-width forms, dates, flags, dictionary codes), checked. */
#include "modules/registry/household_io_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/division.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/utf8.h"
#include "model/dict.h"

/* The Chinese labels of dictionary name joined by sep (static: one buffer per dictionary and separator
 * would be overkill for error text; the longest, 民族, fits). */
static const char *dict_labels(const char *name, const char *sep)
{
	static _Thread_local char buf[2048];
	const struct dict *dd = dict_find(name);
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; dd && i < dd->nitems && n < sizeof(buf) - 64; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? sep : "", dd->items[i].zh);
	return buf;
}

#define DICT_LABEL_MAX 250    /* bytes; a longer cell is no dictionary label */

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
char *hio_loose_key(const char *in)
{
	char *k = normalise(in, true, true);
	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (k[0] == '*')
		memmove(k, k + 1, strlen(k));
	return k;
}

bool hio_loose_equal(const char *a, const char *b)
{
	char *ka = hio_loose_key(a), *kb = hio_loose_key(b);
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
	char *k = hio_loose_key(s);
	const char *found = NULL;
	for (int pass = 0; pass < 3 && !found; pass++) {
		/* pass 1: "子" for "之子"; pass 2: "汉" for "汉族" */
		size_t size = strlen(k) + 8;
		char *want = pass == 0 ? xstrdup(k) : xmalloc(size);
		if (pass == 1)
			snprintf(want, size, "之%s", k);
		else if (pass == 2)
			snprintf(want, size, "%s族", k);
		for (int i = 0; i < d->nitems && !found; i++) {
			char *zh = hio_loose_key(d->items[i].zh), *code = hio_loose_key(d->items[i].code), *en = hio_loose_key(d->items[i].en);
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


/* ---- a memo of lookups (dictionary labels, division codes) ------------------------------- */

static size_t memo_slot(const struct memo *m, const char *key)
{
	size_t i = key_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* true and *val when key is known */
bool hio_memo_get(const struct memo *m, const char *key, const char **val)
{
	if (m->cap == 0)
		return false;
	size_t i = memo_slot(m, key);
	if (m->keys[i] == NULL)
		return false;
	*val = m->vals[i];
	return true;
}

void hio_memo_put(struct memo *m, const char *key, const char *val)
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

void hio_memo_free(struct memo *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- the cells of a row ----------------------------------------------------------------- */

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
		return dict_lookup(hio_cols[c].dict, s);
	const char *code;
	if (!hio_memo_get(&im->dicts[c], s, &code)) {
		code = dict_lookup(hio_cols[c].dict, s);
		hio_memo_put(&im->dicts[c], s, code);
	}
	return code;
}


/* code is one of the ','-separated codes of list */
static bool listed(const char *list, const char *code)
{
	size_t k = strlen(code);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n == k && strncmp(p, code, k) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

/* The codes of a cell of several labels (因病、因学 / 因病,因学 / 因病;因学 / 因病 因学),
 * joined by ',' in the cell's order, each once; NULL after an error. */
static const char *dict_codes(struct imp *im, struct row *row, enum col c, char *s)
{
	static const char *const seps[] = { "、", "，", "；", ",", ";", "/", " " };
	const struct coldef *d = &hio_cols[c];
	char out[512] = "";
	size_t len = 0;
	for (char *p = s; *p;) {
		size_t n = strlen(p), sep = 0;
		for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
			const char *at = strstr(p, seps[i]);
			if (at && (size_t)(at - p) < n)
				n = (size_t)(at - p), sep = strlen(seps[i]);
		}
		char save = p[n];
		p[n] = '\0';
		const char *code = *p ? dict_code(im, c, p) : "";
		if (code == NULL) {
			hio_cell_errorf(im, row, c, hio_strf("“%s”不是%s的可选值，可选：%s（多项用“、”分隔）", p, d->zh,
							     dict_labels(d->dict, "、")),
					hio_strf("\"%s\" is not a value of %s; one of: %s (several separated by 、)", p, d->en,
						 dict_labels(d->dict, ", ")));
			return NULL;
		}
		p[n] = save;
		p += n + (save ? sep : 0);
		size_t k = strlen(code);
		if (k == 0 || listed(out, code))
			continue;   /* an empty part, or a code already listed */
		if (len + k + 2 > sizeof(out))
			break;
		if (len)
			out[len++] = ',';
		memcpy(out + len, code, k + 1);
		len += k;
	}
	return len ? arena_strdup(im->rows_arena, out) : NULL;
}

/* Normalise and check the cell raw (in the row's raw block) of column c. */
static void parse_cell(struct imp *im, struct row *row, enum col c, const char *raw)
{
	const struct coldef *d = &hio_cols[c];
	bool compact = d->kind != K_TEXT && d->kind != K_PLACE && d->kind != K_DICT && d->kind != K_DICTS;
	size_t rawlen = strlen(raw);
	char *s = normalise_to(scratch(im, rawlen), raw, false, compact);
	char *s2 = s + 3 * rawlen + 1;   /* the second copy */
	/* a leading ' that an export put before a formula-like value */
	if (s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@'))
		memmove(s, s + 1, strlen(s));
	if (*s == '\0') {
		if (d->kind == K_BOOL && c != C_MELIM)
			row->v[c] = "0";   /* an empty flag is off (风险是否消除 left empty follows its date) */
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
			hio_cell_errorf(im, row, c, hio_strf("长度不能超过 %d 个字符", d->max_chars), hio_strf("At most %d characters", d->max_chars));
		else
			val = keep(im, s, raw);
		break;
	case K_DICT: {
		const char *code = dict_code(im, c, s);
		if (code)
			val = code;
		else if (c == C_STATUS && (strstr(s, "监测") || strstr(s, "风险")))
			/* the old layout's 监测对象 / 风险已消除: monitoring is no status any more */
			hio_cell_errorf(im, row, c, hio_strf("“%s”不是户状态：户状态只记贫困状态（%s），"
							     "监测情况在防返贫监测记录中登记", s, dict_labels(d->dict, "、")),
					hio_strf("\"%s\" is no status: the status is the poverty status only (%s); monitoring is"
						 " its own record (防返贫监测)", s, dict_labels(d->dict, ", ")));
		else
			hio_cell_errorf(im, row, c, hio_strf("“%s”不是%s的可选值，可选：%s", s, d->zh, dict_labels(d->dict, "、")),
					hio_strf("\"%s\" is not a value of %s; one of: %s", s, d->en, dict_labels(d->dict, ", ")));
		break;
	}
	case K_DICTS:
		val = dict_codes(im, row, c, s);
		break;
	case K_BOOL: {
		int b = parse_bool(s);
		if (b < 0)
			hio_cell_error(im, row, c, "应填“是”或“否”", "Expected 是 (yes) or 否 (no)");
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
			hio_cell_error(im, row, c, "Excel 日期序号 60 是不存在的 1900-02-29", "Excel serial 60 is 1900-02-29, which does not exist");
		else
			hio_cell_error(im, row, c, "日期格式不正确（可用 2019-03-05、2019/3/5 或 20190305）",
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
			hio_cell_errorf(im, row, c, hio_strf("应为 %lld 到 %lld 之间的整数", (long long)d->min, (long long)d->max),
					hio_strf("Expected a whole number from %lld to %lld", (long long)d->min, (long long)d->max));
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
			hio_cell_error(im, row, c, "应为金额（元）", "Expected an amount in yuan");
		else {
			char num[24];
			format_int(num, llround(x));
			val = keep(im, num, raw);
		}
		break;
	}
	case K_IDCARD: {
		if (scientific(s)) {
			hio_cell_error(im, row, c, "Excel 把证件号码变成了科学计数法，数字已丢失，请把该列设为文本后重新导出",
				       "Excel turned the ID number into scientific notation and its digits are lost; "
				       "format the column as text and export again");
			break;
		}
		if (strchr(s, '*')) {
			hio_cell_error(im, row, c, "证件号码已脱敏（含 *），无法导入；请导出未脱敏的文件",
				       "The ID number is masked (has *) and cannot be imported; export without masking");
			break;
		}
		char norm[19];
		enum idcard_error e = idcard_validate(s, im->today, norm);
		if (e != IDCARD_OK)
			hio_cell_error(im, row, c, idcard_error_zh(e), idcard_error_en(e));
		else {
			val = keep(im, norm, raw);
			hio_add_id(im, norm, (int)(row - im->rows));
		}
		break;
	}
	case K_PHONE:
		if (scientific(s))
			hio_cell_error(im, row, c, "Excel 把电话号码变成了科学计数法，数字已丢失，请把该列设为文本后重新导出",
				       "Excel turned the phone number into scientific notation; format the column as text and export again");
		else if (!phone_valid(s))
			hio_cell_error(im, row, c, "电话号码格式不正确", "Not a valid phone number");
		else
			val = keep(im, s, raw);
		break;
	case K_DIVISION: {
		enum division_level lv = division_level(s);
		if (scientific(s))
			hio_cell_error(im, row, c, "Excel 把区划代码变成了科学计数法，数字已丢失，请把该列设为文本后重新导出",
				       "Excel turned the division code into scientific notation; format the column as text and export again");
		else if (lv != DIV_VILLAGE && lv != DIV_GROUP)
			hio_cell_error(im, row, c, "行政区划代码应为 12 位（村）或 15 位（村民小组）数字",
				       "The division code must have 12 (village) or 15 (group) digits");
		else
			val = keep(im, s, raw);
		break;
	}
	}
	row->v[c] = val;
}

void hio_parse_row(struct imp *im, struct row *row, const char *const at[C_COUNT])
{
	for (int c = 0; c < C_COUNT; c++)
		if (im->fcol[c] >= 0)
			parse_cell(im, row, (enum col)c, at[c]);
}
