/* xlsx_read.c - the first worksheet of an XLSX file, with libzip and expat. */
#include "core/xlsx_read.h"

#include <expat.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/mem.h"

#define CHUNK 65536

/* ---- a growable string ---------------------------------------------------- */

struct text {
	char *s;
	size_t len, cap;
};

static bool text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n > XLSX_MAX_CELL_BYTES)
		return false;
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 64;
		while (cap < t->len + n + 1)
			cap *= 2;
		t->s = xrealloc(t->s, cap);
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
	return true;
}

static void text_clear(struct text *t)
{
	t->len = 0;
	if (t->s)
		t->s[0] = '\0';
}

static const char *text_str(const struct text *t)
{
	return t->s ? t->s : "";
}

/* ---- shared state ---------------------------------------------------------- */

struct reader {
	zip_t *zip;
	size_t inflated;             /* bytes read over all parts */
	struct xlsx_error *err;
	bool failed;
	XML_Parser parser;

	/* workbook and relationships */
	char sheet_rid[128];
	char sheet_target[512];
	char sst_target[512];
	bool sheet_seen;

	/* shared strings */
	char **sst;
	size_t nsst, capsst;
	int si_depth;                /* inside <si> */
	int rph_depth;               /* inside <rPh> (phonetic runs: skipped) */
	bool in_t;
	struct text cur;

	/* sheet */
	xlsx_row_fn fn;
	void *ctx;
	int stop;                    /* the callback's return */
	long cells;
	int row_line, last_line;
	char **row;                  /* values by column */
	int row_cap, row_n;
	int col, next_col;
	char ctype[16];
	bool in_v, in_is;
	struct text val;
};

static void fail(struct reader *rd, const char *zh, const char *en, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct reader *rd, const char *zh, const char *en, ...)
{
	if (rd->failed)
		return;
	rd->failed = true;
	va_list ap;
	va_start(ap, en);
	va_list ap2;
	va_copy(ap2, ap);
	vsnprintf(rd->err->zh, sizeof(rd->err->zh), zh, ap);
	vsnprintf(rd->err->en, sizeof(rd->err->en), en, ap2);
	va_end(ap2);
	va_end(ap);
	if (rd->parser)
		XML_StopParser(rd->parser, XML_FALSE);
}

static const char *local_name(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

/* An attribute by local name ("r:id" matches "id" with any prefix). */
static const char *attr_prefixed(const char **atts, const char *local)
{
	for (int i = 0; atts[i]; i += 2) {
		const char *c = strchr(atts[i], ':');
		if (c && strcmp(c + 1, local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	fail(ud, "XLSX 文件中的 XML 含有 DOCTYPE，拒绝读取", "The XML of the XLSX file has a DOCTYPE; refused");
}

/* Parse the zip entry name with the handlers already set on a fresh parser. */
static int parse_entry(struct reader *rd, const char *name, bool required, XML_StartElementHandler start,
		       XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
	zip_int64_t idx = zip_name_locate(rd->zip, name, 0);
	if (idx < 0)
		idx = zip_name_locate(rd->zip, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (required)
			fail(rd, "XLSX 文件缺少 %s", "The XLSX file has no %s", name);
		return required ? -1 : 1;
	}
	zip_file_t *zf = zip_fopen_index(rd->zip, (zip_uint64_t)idx, 0);
	if (zf == NULL) {
		fail(rd, "无法读取 XLSX 文件中的 %s：%s", "Cannot read %s of the XLSX file: %s", name,
		     zip_strerror(rd->zip));
		return -1;
	}
	XML_Parser p = XML_ParserCreate("UTF-8");
	rd->parser = p;
	XML_SetUserData(p, rd);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, chars);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	char *buf = xmalloc(CHUNK);
	int rc = 0;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			fail(rd, "XLSX 文件已损坏（%s）", "The XLSX file is damaged (%s)", name);
			break;
		}
		rd->inflated += (size_t)n;
		if (rd->inflated > XLSX_MAX_UNCOMPRESSED) {
			fail(rd, "XLSX 文件解压后超过 %zu MiB，拒绝读取", "The XLSX file inflates to more than %zu MiB; refused",
			     XLSX_MAX_UNCOMPRESSED >> 20);
			break;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!rd->failed)
				fail(rd, "XLSX 文件中的 %s 不是有效的 XML（第 %lu 行）：%s",
				     "%s in the XLSX file is not valid XML (line %lu): %s", name,
				     (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
			break;
		}
		if (rd->failed || rd->stop || n == 0)
			break;
	}
	free(buf);
	XML_ParserFree(p);
	rd->parser = NULL;
	zip_fclose(zf);
	if (rd->failed)
		rc = -1;
	return rc;
}

/* ---- workbook.xml and its relationships ------------------------------------ */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	if (!rd->sheet_seen && strcmp(local_name(name), "sheet") == 0) {
		const char *rid = attr_prefixed(atts, "id");
		if (rid)
			snprintf(rd->sheet_rid, sizeof(rd->sheet_rid), "%s", rid);
		rd->sheet_seen = true;
	}
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void XMLCALL no_chars(void *ud, const XML_Char *s, int len)
{
	(void)ud;
	(void)s;
	(void)len;
}

/* A relationship target relative to xl/ (or absolute from the package root). */
static void resolve_target(const char *target, char *out, size_t len)
{
	if (target[0] == '/')
		snprintf(out, len, "%s", target + 1);
	else if (strncmp(target, "xl/", 3) == 0)
		snprintf(out, len, "%s", target);
	else
		snprintf(out, len, "xl/%s", target);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	if (strcmp(local_name(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
	if (target == NULL)
		return;
	if (id && rd->sheet_rid[0] && strcmp(id, rd->sheet_rid) == 0)
		resolve_target(target, rd->sheet_target, sizeof(rd->sheet_target));
	if (type && ends_with(type, "/sharedStrings"))
		resolve_target(target, rd->sst_target, sizeof(rd->sst_target));
}

/* ---- sharedStrings.xml -------------------------------------------------------- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct reader *rd = ud;
	const char *n = local_name(name);
	if (strcmp(n, "si") == 0) {
		rd->si_depth++;
		text_clear(&rd->cur);
	} else if (strcmp(n, "rPh") == 0)
		rd->rph_depth++;
	else if (strcmp(n, "t") == 0 && rd->si_depth && !rd->rph_depth)
		rd->in_t = true;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct reader *rd = ud;
	const char *n = local_name(name);
	if (strcmp(n, "t") == 0)
		rd->in_t = false;
	else if (strcmp(n, "rPh") == 0 && rd->rph_depth)
		rd->rph_depth--;
	else if (strcmp(n, "si") == 0 && rd->si_depth) {
		rd->si_depth--;
		if (rd->nsst >= XLSX_MAX_CELLS) {
			fail(rd, "共享字符串超过 %d 个，拒绝读取", "More than %d shared strings; refused", XLSX_MAX_CELLS);
			return;
		}
		if (rd->nsst == rd->capsst) {
			rd->capsst = rd->capsst ? rd->capsst * 2 : 256;
			rd->sst = xrealloc(rd->sst, rd->capsst * sizeof(*rd->sst));
		}
		rd->sst[rd->nsst++] = xstrdup(text_str(&rd->cur));
	}
}

static void XMLCALL sst_chars(void *ud, const XML_Char *s, int len)
{
	struct reader *rd = ud;
	if (rd->in_t && !text_add(&rd->cur, s, (size_t)len))
		fail(rd, "单元格文本过长", "A cell's text is too long");
}

/* ---- the worksheet ---------------------------------------------------------------- */

/* "AB12" -> column 27 (0-based), row 12; -1 when it is not a reference. */
static int parse_ref(const char *ref, int *row)
{
	int col = 0, letters = 0;
	const char *p = ref;
	while (*p >= 'A' && *p <= 'Z' && letters < 4) {
		col = col * 26 + (*p - 'A' + 1);
		p++;
		letters++;
	}
	if (letters == 0 || letters > 3)
		return -1;
	long r = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9' && digits < 8) {
		r = r * 10 + (*p - '0');
		p++;
		digits++;
	}
	if (*p)
		return -1;
	*row = digits ? (int)r : 0;
	return col - 1;
}

static void row_reset(struct reader *rd)
{
	for (int i = 0; i < rd->row_n; i++) {
		free(rd->row[i]);
		rd->row[i] = NULL;
	}
	rd->row_n = 0;
	rd->next_col = 0;
}

static void row_flush(struct reader *rd)
{
	if (rd->row_n > 0 && !rd->failed && !rd->stop) {
		for (int i = 0; i < rd->row_n; i++)
			if (rd->row[i] == NULL)
				rd->row[i] = xstrdup("");
		rd->stop = rd->fn(rd->ctx, rd->row_line, (const char *const *)rd->row, rd->row_n);
		if (rd->stop && rd->parser)
			XML_StopParser(rd->parser, XML_FALSE);
	}
	row_reset(rd);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	const char *n = local_name(name);
	if (strcmp(n, "row") == 0) {
		row_reset(rd);
		const char *r = attr(atts, "r");
		long line = r ? strtol(r, NULL, 10) : rd->last_line + 1;
		if (line <= rd->last_line || line > 1048576) {
			fail(rd, "工作表的行号不正确", "The sheet's row numbers are out of order");
			return;
		}
		rd->row_line = rd->last_line = (int)line;
	} else if (strcmp(n, "c") == 0) {
		if (++rd->cells > XLSX_MAX_CELLS) {
			fail(rd, "工作表超过 %d 个单元格，拒绝读取", "The sheet has more than %d cells; refused", XLSX_MAX_CELLS);
			return;
		}
		const char *ref = attr(atts, "r"), *t = attr(atts, "t");
		int row = 0;
		rd->col = ref ? parse_ref(ref, &row) : rd->next_col;
		if (rd->col < 0 || rd->col < rd->next_col || (row && row != rd->row_line)) {
			fail(rd, "工作表的单元格引用不正确：%s", "Bad cell reference in the sheet: %s", ref ? ref : "");
			return;
		}
		rd->next_col = rd->col + 1;
		snprintf(rd->ctype, sizeof(rd->ctype), "%s", t ? t : "n");
		text_clear(&rd->val);
		rd->in_v = rd->in_is = false;
		rd->rph_depth = 0;
	} else if (strcmp(n, "v") == 0)
		rd->in_v = true;
	else if (strcmp(n, "is") == 0)
		rd->in_is = true;
	else if (strcmp(n, "rPh") == 0)
		rd->rph_depth++;
	else if (strcmp(n, "t") == 0 && rd->in_is && !rd->rph_depth)
		rd->in_t = true;
}

static void cell_done(struct reader *rd)
{
	const char *v = text_str(&rd->val);
	const char *value = v;
	if (strcmp(rd->ctype, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (*v == '\0' || *end || i >= rd->nsst) {
			fail(rd, "共享字符串编号不正确：%s", "Bad shared-string index: %s", v);
			return;
		}
		value = rd->sst[i];
	} else if (strcmp(rd->ctype, "b") == 0)
		value = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ? "1" : "0";
	if (*value == '\0' && strcmp(rd->ctype, "b"))
		return;
	if (rd->col >= XLSX_MAX_COLS) {
		fail(rd, "工作表超过 %d 列", "The sheet has more than %d columns", XLSX_MAX_COLS);
		return;
	}
	if (rd->col >= rd->row_cap) {
		int cap = rd->row_cap ? rd->row_cap : 32;
		while (cap <= rd->col)
			cap *= 2;
		rd->row = xrealloc(rd->row, (size_t)cap * sizeof(*rd->row));
		for (int i = rd->row_cap; i < cap; i++)
			rd->row[i] = NULL;
		rd->row_cap = cap;
	}
	free(rd->row[rd->col]);
	rd->row[rd->col] = xstrdup(value);
	if (rd->col + 1 > rd->row_n)
		rd->row_n = rd->col + 1;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct reader *rd = ud;
	const char *n = local_name(name);
	if (strcmp(n, "v") == 0)
		rd->in_v = false;
	else if (strcmp(n, "t") == 0)
		rd->in_t = false;
	else if (strcmp(n, "is") == 0)
		rd->in_is = false;
	else if (strcmp(n, "rPh") == 0 && rd->rph_depth)
		rd->rph_depth--;
	else if (strcmp(n, "c") == 0)
		cell_done(rd);
	else if (strcmp(n, "row") == 0)
		row_flush(rd);
}

static void XMLCALL sheet_chars(void *ud, const XML_Char *s, int len)
{
	struct reader *rd = ud;
	if ((rd->in_v || (rd->in_t && rd->in_is)) && !text_add(&rd->val, s, (size_t)len))
		fail(rd, "单元格文本过长", "A cell's text is too long");
}

/* ---- entry point ---------------------------------------------------------------- */

int xlsx_sniff(const void *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

int xlsx_read_rows(const void *data, size_t len, xlsx_row_fn fn, void *ctx, struct xlsx_error *err)
{
	memset(err, 0, sizeof(*err));
	struct reader rd = { .err = err, .fn = fn, .ctx = ctx };
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		rd.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (rd.zip == NULL) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		fail(&rd, "不是有效的 XLSX 文件（无法作为 zip 打开）", "Not a valid XLSX file (not a readable zip)");
		return -1;
	}
	zip_error_fini(&ze);

	int rc = parse_entry(&rd, "xl/workbook.xml", false, wb_start, no_end, no_chars);
	if (rc >= 0)
		rc = parse_entry(&rd, "xl/_rels/workbook.xml.rels", false, rels_start, no_end, no_chars);
	if (rc >= 0 && rd.sheet_target[0] == '\0')
		snprintf(rd.sheet_target, sizeof(rd.sheet_target), "xl/worksheets/sheet1.xml");
	if (rc >= 0 && rd.sst_target[0] == '\0')
		snprintf(rd.sst_target, sizeof(rd.sst_target), "xl/sharedStrings.xml");
	if (rc >= 0)
		rc = parse_entry(&rd, rd.sst_target, false, sst_start, sst_end, sst_chars);
	if (rc >= 0) {
		rd.in_t = false;
		rd.rph_depth = 0;
		rc = parse_entry(&rd, rd.sheet_target, true, sheet_start, sheet_end, sheet_chars);
	}
	zip_discard(rd.zip);   /* frees the source too */
	for (size_t i = 0; i < rd.nsst; i++)
		free(rd.sst[i]);
	free(rd.sst);
	row_reset(&rd);
	free(rd.row);
	free(rd.cur.s);
	free(rd.val.s);
	if (rd.failed)
		return -1;
	return rd.stop;
}
