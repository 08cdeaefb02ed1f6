/*
 * registry_io.c - API tests of the household import and export and of the
 * data-quality checks: messy CSV (and XLSX) imports with per-cell errors,
 * all-or-nothing real runs, idempotent re-imports with audit rows, the
 * marked XLSX report, upload limits and media types, filtered exports
 * (masked, unmasked with a reason, audited) and their round trips, and
 * GET /checks (and `lianxin check`) over the imported data.
 *
 * usage: api_registry_io --server build/lianxin --db sqlite|postgres
 * Runs from the repository root (data/divisions/<county>/ *.csv).  With
 * --db postgres the database comes from PG_TEST_URL (scripts/with-postgres.sh).
 *
 * The XLSX fixtures come from the server itself (this test is not linked
 * with libxlsxwriter): the messy XLSX is the marked report of the messy CSV
 * (format=xlsx), re-uploaded; the clean XLSX is an unmasked export.
 */
#include <curl/curl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static char tmpdir[256];
static struct server srv;
static struct session admin, towna, townb, grid, auditor, auditor_b, auditor_a2, viewer;

#define PW "Io-Admin-2026"
#define SEED_COUNTIES 5
static const char *const counties[SEED_COUNTIES] = { "130728", "420323", "440232", "469030", "530921" };

#define TOWN_A "469030100"
#define TOWN_B "469030101"
#define VILL_A "469030100206"   /* 朝参村, township A */
#define VILL_A2 "469030100208"  /* 新市村, township A */
#define VILL_B "469030101200"   /* 乌石村, township B */
#define VILL_NONE "469030100299" /* no such village */
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#define HEADER "户编号,行政区划代码,户主姓名,姓名,与户主关系,证件号码,性别,民族,出生日期,文化程度,在校生状况,健康状况," \
	"劳动技能,务工状况,务工时间,是否参加城乡居民基本医疗保险,是否参加大病保险,是否参加城乡居民基本养老保险,是否享受低保," \
	"贫困户属性,户状态,主要致贫原因,识别年度,联系电话,人均纯收入\n"
#define HH_TAIL "一般贫困户,未脱贫,因病,2016,13912345678,8000"

static int year_y;   /* the default import year: last year (China time) */

/* IDs of the clean file */
static char id_a1[19], id_a2[19], id_a3[19], id_b1[19], id_b2[19], id_c1[19], id_d1[19], id_d2[19];
static int64_t hc01, hc02, hc03, hb01;
static int64_t m_a1, m_a2, m_a3, m_b1, m_b2;

/* ---- helpers ------------------------------------------------------------ */

struct growbuf {
	char *data;
	size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct growbuf *b = userdata;
	size_t n = size * nmemb;
	b->data = realloc(b->data, b->len + n + 1);
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

/* A request with a binary body (data, len; NULL for none) and a binary reply (*outlen). */
static void raw(const struct session *s, const char *method, const char *path, const char *ctype, const char *data,
		size_t len, struct resp *out, size_t *outlen)
{
	memset(out, 0, sizeof(*out));
	CURL *c = curl_easy_init();
	char url[2048], line[256];
	snprintf(url, sizeof(url), "%s%s", srv.base, path);
	struct curl_slist *h = NULL;
	if (s) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", s->token);
		h = curl_slist_append(h, line);
	}
	if (ctype) {
		snprintf(line, sizeof(line), "Content-Type: %s", ctype);
		h = curl_slist_append(h, line);
	}
	h = curl_slist_append(h, "Expect:");
	struct growbuf bb = { 0 }, hb = { 0 };
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (data) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &bb);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hb);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		fprintf(stderr, "curl %s %s: %s\n", method, path, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	if (outlen)
		*outlen = bb.len;
	out->body = bb.data ? bb.data : calloc(1, 1);
	out->headers = hb.data ? hb.data : calloc(1, 1);
	out->json = json_loadb(out->body, bb.len, 0, NULL);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

/* POST /imports/households?query with a CSV text. */
static void import_csv(const struct session *s, const char *query, const char *csv, struct resp *r)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/imports/households%s%s", *query ? "?" : "", query);
	raw(s, "POST", path, "text/csv", csv, strlen(csv), r, NULL);
}

static int64_t households_total(const struct session *s)
{
	json_t *l = get_json(s, "/api/v1/households?page_size=1", 200);
	int64_t n = jint(l, "total");
	json_decref(l);
	return n;
}

static int64_t members_total(const struct session *s)
{
	json_t *l = get_json(s, "/api/v1/members?page_size=1", 200);
	int64_t n = jint(l, "total");
	json_decref(l);
	return n;
}

/* The number of audit rows of a query (as the auditor). */
static int64_t audit_count(const char *query)
{
	char path[512];
	snprintf(path, sizeof(path), "/api/v1/audit?%s&page_size=100", query);
	json_t *l = get_json(&auditor, path, 200);
	int64_t n = jint(l, "total");
	json_decref(l);
	return n;
}

/* Every audit row, once the writer of views' rows has stored what earlier reads queued (it
 * stores every 200 ms: model/audit_views.c), so that two counts differ only by what came between. */
static int64_t audit_rows_settled(void)
{
	usleep(600 * 1000);
	return audit_count("from=2000-01-01");
}

static int run_cli(const char *const *args, const char *stdin_text, char *out, size_t outlen)
{
	return cli_run_all(binary, db_url, stdin_text, args, out, outlen);
}

static char id_check(const char *first17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char chars[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * w[i];
	return chars[sum % 11];
}

static void make_id(char out[19], const char *birth, int seq)
{
	snprintf(out, 19, "469030%.8s%03d", birth, seq % 1000);
	out[17] = id_check(out);
	out[18] = '\0';
}

/* An ID ending in X (parity 1: a man, 0: a woman). */
static void make_id_x(char out[19], const char *birth, int parity)
{
	for (int seq = parity; seq < 1000; seq += 2) {
		make_id(out, birth, seq);
		if (out[17] == 'X')
			return;
	}
}

static void fullwidth(char *out, const char *in)
{
	for (; *in; in++) {
		if (*in >= '0' && *in <= '9') {
			*out++ = (char)0xEF;
			*out++ = (char)0xBC;
			*out++ = (char)(0x90 + (*in - '0'));
		} else
			*out++ = *in;
	}
	*out = '\0';
}

/*
 * One member line.  idcell is the ID number as written (maybe messy); id is
 * the real one, whose sex and birth date (as 1975/3/15) are filled in, or
 * NULL to leave them empty.
 */
static void line(FILE *f, const char *hno, const char *div, const char *head, const char *name, const char *rel,
		 const char *idcell, const char *id, const char *edu, const char *school, const char *health,
		 const char *medical, const char *tail)
{
	char sex[8] = "", birth[32] = "";
	if (id) {
		snprintf(sex, sizeof(sex), "%s", (id[16] - '0') % 2 ? "男" : "女");
		snprintf(birth, sizeof(birth), "%.4s/%d/%d", id + 6, (id[10] - '0') * 10 + id[11] - '0',
			 (id[12] - '0') * 10 + id[13] - '0');
	}
	fprintf(f, "%s,%s,%s,%s,%s,%s,%s,汉族,%s,%s,%s,%s,普通劳动力,未务工,0,%s,是,是,否,%s\n", hno, div, head, name, rel,
		idcell, sex, birth, edu, school, health, medical, tail);
}

/* The value of an export cell: find the line holding key and check it has want. */
static bool line_has(const char *body, const char *key, const char *want)
{
	const char *p = strstr(body, key);
	if (p == NULL)
		return false;
	const char *eol = strchr(p, '\n');
	const char *w = strstr(p, want);
	return w && (eol == NULL || w < eol);
}

/* ---- the messy file --------------------------------------------------------------------- */

static char *messy_csv(void)
{
	char h1[19], bad[19], fw[128], xid[19], xcell[19], okh[19];
	make_id(h1, "19700101", 11);
	make_id(bad, "19900101", 21);
	bad[17] = bad[17] == '1' ? '2' : '1';   /* a wrong check character */
	make_id(okh, "19720202", 31);
	fullwidth(fw, okh);
	make_id_x(xid, "19951010", 0);
	snprintf(xcell, sizeof(xcell), "%s", xid);
	xcell[17] = 'x';
	char idm1[19], idm2[19], idm3[19], idm4[19];
	make_id(idm1, "19880808", 41);
	make_id(idm2, "19600606", 51);
	make_id(idm3, "19650505", 61);
	make_id(idm4, "19920303", 71);
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	fputs(HEADER, f);
	/* 2 */ line(f, "HX01", VILL_A, "甲一", "甲一", "户主", h1, h1, "初中", "非在校生", "健康", "是", HH_TAIL);
	/* 3 */ line(f, "HX01", VILL_A, "甲一", "甲二", "之子", "4.69030199E+17", NULL, "初中", "非在校生", "健康", "是", HH_TAIL);
	/* 4 */ line(f, "HX01", VILL_A, "甲一", "甲三", "之女", bad, NULL, "初中", "非在校生", "健康", "是", HH_TAIL);
	/* 5 */ line(f, "HX01", VILL_A, "甲一", "甲四", "配偶", idm1, idm1, "初中", "非在校生", "很好", "是", HH_TAIL);
	/* 6 */ line(f, "HX01", VILL_A, "甲一", "甲五", "户主", idm2, idm2, "初中", "非在校生", "健康", "是", HH_TAIL);
	/* 7 */ line(f, "HX02", VILL_B, "乙一", "乙一", "户主", idm3, idm3, "初中", "非在校生", "健康", "是", HH_TAIL);
	/* 8 */ line(f, "HX03", VILL_NONE, "丙一", "丙一", "户主", idm4, idm4, "初中", "非在校生", "健康", "是", HH_TAIL);
	/* 9, 10: messy but valid values: full-width digits with spaces, lowercase x, 1/0 flags */
	fprintf(f, "HX04,%s,丁 一,丁 一,户主,%s ,男,汉,1972/2/2,初中,非在校生,健康,普通劳动力,未务工,6个月,1,1,0,0,%s\n",
		VILL_A, fw, HH_TAIL);
	fprintf(f, "HX04,%s,丁一,丁二,配偶,%s,女,汉族,19951010,初中,非在校生,健康,普通劳动力,未务工,0,是,是,否,否,%s\n",
		VILL_A, xcell, HH_TAIL);
	fclose(f);
	return s;
}

struct want_err {
	int row;
	const char *column;
	const char *value;   /* a part of the value, or NULL */
	const char *zh;      /* a part of message_zh */
};

static const struct want_err messy_errors[] = {
	{ 3, "证件号码", "E+17", "科学计数法" },
	{ 4, "证件号码", "469030199001010", NULL },
	{ 5, "健康状况", "很好", "很好" },
	{ 6, "与户主关系", "户主", "只能有一个户主" },
	{ 7, "行政区划代码", VILL_B, "管辖范围" },
	{ 8, "行政区划代码", VILL_NONE, "不存在" },
};
#define NMESSY (int)(sizeof(messy_errors) / sizeof(messy_errors[0]))

/* The report lists exactly the expected errors (with both messages). */
static void expect_messy_report(json_t *rep, const char *what)
{
	json_t *errs = json_object_get(rep, "errors");
	EXPECT(json_is_array(errs) && (int)json_array_size(errs) == NMESSY, "%s: %d errors wanted: %s", what, NMESSY,
	       jd(errs));
	for (int k = 0; k < NMESSY; k++) {
		const struct want_err *w = &messy_errors[k];
		bool found = false;
		size_t i;
		json_t *e;
		json_array_foreach(errs, i, e) {
			if (jint(e, "row") != w->row || strcmp(jstr(e, "column"), w->column))
				continue;
			found = true;
			EXPECT(w->value == NULL || strstr(jstr(e, "value"), w->value), "%s: line %d value %s, want %s", what,
			       w->row, jstr(e, "value"), w->value);
			EXPECT(w->zh == NULL || strstr(jstr(e, "message_zh"), w->zh), "%s: line %d message %s, want …%s…", what,
			       w->row, jstr(e, "message_zh"), w->zh);
			EXPECT(*jstr(e, "message_zh") && *jstr(e, "message_en"), "%s: line %d: messages missing: %s", what,
			       w->row, jd(e));
		}
		EXPECT(found, "%s: no error for line %d column %s in %s", what, w->row, w->column, jd(errs));
	}
	EXPECT(jint(rep, "rows") == 9 && jint(rep, "households") == 4 && jint(rep, "members") == 9,
	       "%s: counts: %s", what, jd(rep));
	EXPECT(jint(rep, "inserted") == 0 && jint(rep, "updated") == 0, "%s: nothing counted as written: %s", what, jd(rep));
}

/* ---- 1. messy imports ------------------------------------------------------------------------ */

static void test_messy(void)
{
	char *csv = messy_csv();
	int64_t hh_before = households_total(&admin), mem_before = members_total(&admin);
	int64_t audit_before = audit_count("action=create");

	struct resp r;
	import_csv(&towna, "dry_run=1", csv, &r);
	EXPECT(r.status == 400, "messy dry run: %ld %.300s", r.status, r.body);
	expect_messy_report(r.json, "messy CSV dry run");
	resp_free(&r);

	/* a real run of the same file: 400, the same report, nothing written */
	import_csv(&towna, "", csv, &r);
	EXPECT(r.status == 400, "messy real run: %ld %.300s", r.status, r.body);
	expect_messy_report(r.json, "messy CSV real run");
	resp_free(&r);
	EXPECT(households_total(&admin) == hh_before && members_total(&admin) == mem_before,
	       "a failed import wrote households or members");
	EXPECT(audit_count("action=create") == audit_before, "a failed import wrote audit rows");
	json_t *l = get_json(&admin, "/api/v1/households?q=HX0", 200);
	EXPECT(jint(l, "total") == 0, "HX households exist after a failed import: %s", jd(l));
	json_decref(l);

	/* the county user (whose scope holds township B) gets no scope error, the rest stays */
	import_csv(&admin, "dry_run=1", csv, &r);
	EXPECT(r.status == 400 && json_array_size(json_object_get(r.json, "errors")) == NMESSY - 1,
	       "messy dry run as admin: %ld %.800s", r.status, r.body);
	resp_free(&r);

	/* the marked report as XLSX */
	size_t len = 0;
	raw(&towna, "POST", "/api/v1/imports/households?format=xlsx", "text/csv", csv, strlen(csv), &r, &len);
	char h[256];
	EXPECT(r.status == 200, "format=xlsx report: %ld %.300s", r.status, r.body);
	EXPECT(resp_header(&r, "Content-Type", h, sizeof(h)) && !strncmp(h, XLSX_TYPE, strlen(XLSX_TYPE)),
	       "report Content-Type %s", resp_header(&r, "Content-Type", h, sizeof(h)) ? h : "(none)");
	EXPECT(resp_header(&r, "X-Import-Errors", h, sizeof(h)) && strtol(h, NULL, 10) == NMESSY, "X-Import-Errors %s",
	       resp_header(&r, "X-Import-Errors", h, sizeof(h)) ? h : "(none)");
	EXPECT(resp_header(&r, "Content-Disposition", h, sizeof(h)) && strstr(h, "attachment"), "report disposition");
	EXPECT(len > 100 && !memcmp(r.body, "PK", 2), "report is not a ZIP (%zu bytes)", len);
	EXPECT(households_total(&admin) == hh_before, "format=xlsx wrote households");

	/* the messy XLSX: the report itself, re-uploaded (same cells, same lines, one more column) */
	if (r.status == 200 && len > 2) {
		struct resp x;
		raw(&towna, "POST", "/api/v1/imports/households?dry_run=1", XLSX_TYPE, r.body, len, &x, NULL);
		EXPECT(x.status == 400, "messy XLSX dry run: %ld %.300s", x.status, x.body);
		expect_messy_report(x.json, "messy XLSX dry run");
		resp_free(&x);
		raw(&towna, "POST", "/api/v1/imports/households", "application/octet-stream", r.body, len, &x, NULL);
		EXPECT(x.status == 400, "messy XLSX as octet-stream: %ld %.300s", x.status, x.body);
		expect_messy_report(x.json, "messy XLSX real run (octet-stream)");
		resp_free(&x);
		EXPECT(households_total(&admin) == hh_before, "a failed XLSX import wrote households");
	}
	resp_free(&r);

	/* media types and sizes */
	raw(&towna, "POST", "/api/v1/imports/households?dry_run=1", "application/json", csv, strlen(csv), &r, NULL);
	expect_error(&r, 415, "unsupported_media_type", "a CSV sent as application/json");
	resp_free(&r);
	raw(&towna, "POST", "/api/v1/imports/households?dry_run=1", "text/plain", csv, strlen(csv), &r, NULL);
	expect_error(&r, 415, "unsupported_media_type", "a CSV sent as text/plain");
	resp_free(&r);
	raw(&towna, "POST", "/api/v1/imports/households?dry_run=1", NULL, csv, strlen(csv), &r, NULL);
	EXPECT(r.status == 415, "no Content-Type: %ld %s", r.status, r.body);
	resp_free(&r);
	raw(&towna, "POST", "/api/v1/imports/households?dry_run=1", XLSX_TYPE, csv, strlen(csv), &r, NULL);
	expect_error(&r, 400, "validation", "a CSV sent as XLSX");
	resp_free(&r);
	import_csv(&towna, "dry_run=1&year=1999", csv, &r);
	expect_error(&r, 400, "validation", "year 1999");
	resp_free(&r);
	import_csv(&towna, "dry_run=1&county=12x", csv, &r);
	expect_error(&r, 400, "bad_division", "county 12x");
	resp_free(&r);
	import_csv(&towna, "dry_run=1", "just,some\ntext,here\n", &r);
	EXPECT(r.status == 400 && json_array_size(json_object_get(r.json, "errors")) == 1 &&
	       jint(json_array_get(json_object_get(r.json, "errors"), 0), "row") == 1,
	       "a file without a header: %ld %s", r.status, r.body);
	resp_free(&r);
	size_t big = 21u << 20;
	char *huge = malloc(big);
	memset(huge, 'a', big);
	memcpy(huge, "户编号,姓名\n", strlen("户编号,姓名\n"));
	for (size_t i = 100; i < big; i += 100)
		huge[i] = '\n';
	raw(&towna, "POST", "/api/v1/imports/households?dry_run=1", "text/csv", huge, big, &r, NULL);
	expect_error(&r, 413, "too_large", "a 21 MiB upload");
	resp_free(&r);
	free(huge);

	/* roles: a viewer cannot import; no login, no import */
	import_csv(&viewer, "dry_run=1", csv, &r);
	expect_error(&r, 403, "forbidden", "import as a viewer");
	resp_free(&r);
	import_csv(NULL, "dry_run=1", csv, &r);
	expect_error(&r, 401, "not_logged_in", "import without login");
	resp_free(&r);
	/* bulk import is county and township work (the import permission): a grid user is refused */
	import_csv(&grid, "dry_run=1", csv, &r);
	expect_error(&r, 403, "forbidden", "import as a grid user");
	resp_free(&r);
	/* township B cannot import into 新市村 (township A) */
	char *g = NULL;
	size_t gn = 0;
	FILE *f = open_memstream(&g, &gn);
	fputs(HEADER, f);
	char gid[19];
	make_id(gid, "19660606", 91);
	line(f, "HG01", VILL_A2, "戊一", "戊一", "户主", gid, gid, "初中", "非在校生", "健康", "是", HH_TAIL);
	fclose(f);
	import_csv(&townb, "dry_run=1", g, &r);
	EXPECT(r.status == 400 && json_array_size(json_object_get(r.json, "errors")) == 1 &&
	       !strcmp(jstr(json_array_get(json_object_get(r.json, "errors"), 0), "column"), "行政区划代码"),
	       "township B importing into township A: %ld %s", r.status, r.body);
	resp_free(&r);
	free(g);
	free(csv);
}

/* ---- 2. a clean import, re-import, change ----------------------------------------------------- */

static char *clean_csv(bool changed)
{
	char fw[128], xcell[19];
	fullwidth(fw, id_a1);
	snprintf(xcell, sizeof(xcell), "%s", id_a2);
	xcell[17] = 'x';
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	fputs(HEADER, f);
	char child[8];
	snprintf(child, sizeof(child), "小学");
	line(f, "HC01", VILL_A, "张三", "张三", "户主", fw, id_a1, "初中", "非在校生", "健康", "是", HH_TAIL);
	line(f, "HC01", VILL_A, "张三", "李四", "配偶", xcell, id_a2, "小学", "非在校生", changed ? "长期慢性病" : "健康", "是",
	     HH_TAIL);
	line(f, "HC01", VILL_A, "张三", "张小五", "之子", id_a3, id_a3, "小学", child, "健康", "是", HH_TAIL);
	line(f, "HC02", VILL_A2, "王六", "王六", "户主", id_b1, id_b1, "初中", "非在校生", "健康", "是",
	     "低保贫困户,未脱贫,因残,2015,13812345678,5000");
	/* a child aged 12 in the import year, not in school, no reason: a planted finding (and a
	 * 低保贫困户 without a member on 低保: another) */
	line(f, "HC02", VILL_A2, "王六", "王小七", "之女", id_b2, id_b2, "小学", "非在校生", "健康", "是",
	     "低保贫困户,未脱贫,因残,2015,13812345678,5000");
	line(f, "HC03", VILL_A, "赵八", "赵八", "户主", id_c1, id_c1, "文盲或半文盲", "非在校生", "健康", "是",
	     "一般贫困户,返贫,缺资金,2014,13700001111,12000");
	fclose(f);
	return s;
}

static json_t *detail(json_t *rep, const char *which)
{
	return json_object_get(json_object_get(rep, "detail"), which);
}

/* POST /members/{id}/reveal of the ID number: the value, or "(status)". */
static const char *reveal_id(const struct session *s, int64_t id)
{
	static char out[4][64];
	static int k;
	char *o = out[k++ % 4];
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/members/%lld/reveal", (long long)id);
	struct resp r;
	req(s, "POST", path, "{\"field\":\"id_number\",\"reason\":\"核对导入\"}", &r);
	if (r.status == 200)
		snprintf(o, 64, "%s", jstr(r.json, "value"));
	else
		snprintf(o, 64, "(%ld)", r.status);
	resp_free(&r);
	return o;
}

static int64_t find_member(const struct session *s, int64_t hh, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/households/%lld/members?page_size=50", (long long)hh);
	json_t *l = get_json(s, path, 200);
	int64_t id = 0;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(l, "items"), i, m)
		if (!strcmp(jstr(m, "name"), name))
			id = jint(m, "id");
	json_decref(l);
	return id;
}

static int64_t find_household(const struct session *s, const char *no)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/households?q=%s", no);
	json_t *l = get_json(s, path, 200);
	int64_t id = 0;
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(l, "items"), i, h)
		if (!strcmp(jstr(h, "household_no"), no))
			id = jint(h, "id");
	json_decref(l);
	return id;
}

static void test_clean(void)
{
	char y10[16], y12[16];
	snprintf(y10, sizeof(y10), "%04d0601", year_y - 10);
	snprintf(y12, sizeof(y12), "%04d0901", year_y - 12);
	make_id(id_a1, "19750315", 11);
	make_id_x(id_a2, "19770420", 0);
	make_id(id_a3, y10, 31);
	make_id(id_b1, "19680101", 41);
	make_id(id_b2, y12, 52);
	make_id(id_c1, "19550505", 61);
	make_id(id_d1, "19800808", 71);
	make_id(id_d2, "19820202", 82);

	char *csv = clean_csv(false);
	struct resp r;
	/* a dry run counts what would be written and writes nothing */
	import_csv(&towna, "dry_run=1", csv, &r);
	EXPECT(r.status == 200 && jint(r.json, "inserted") == 9 && json_array_size(json_object_get(r.json, "errors")) == 0,
	       "clean dry run: %ld %s", r.status, r.body);
	resp_free(&r);
	EXPECT(households_total(&admin) == 0, "a dry run wrote households");

	int64_t a_hh = audit_count("action=create&entity=household"), a_m = audit_count("action=create&entity=member");
	import_csv(&towna, "", csv, &r);
	EXPECT(r.status == 200, "clean import: %ld %s", r.status, r.body);
	EXPECT(jint(r.json, "rows") == 6 && jint(r.json, "households") == 3 && jint(r.json, "members") == 6 &&
	       jint(r.json, "inserted") == 9 && jint(r.json, "updated") == 0 && jint(r.json, "unchanged") == 0,
	       "clean import counts: %s", r.body);
	EXPECT(jint(detail(r.json, "households"), "inserted") == 3 && jint(detail(r.json, "members"), "inserted") == 6,
	       "clean import detail: %s", r.body);
	resp_free(&r);

	hc01 = find_household(&towna, "HC01");
	hc02 = find_household(&towna, "HC02");
	hc03 = find_household(&towna, "HC03");
	EXPECT(hc01 && hc02 && hc03, "the imported households are listed: %lld %lld %lld", (long long)hc01,
	       (long long)hc02, (long long)hc03);
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)hc01);
	json_t *h = get_json(&towna, path, 200);
	EXPECT(!strcmp(jstr(h, "division"), VILL_A) && !strcmp(jstr(h, "head_name"), "张三") &&
	       !strcmp(jstr(h, "status"), "poor") && !strcmp(jstr(h, "attribute"), "general") &&
	       !strcmp(jstr(h, "main_cause"), "illness") && jint(h, "identified_year") == 2016 &&
	       !strcmp(jstr(h, "phone"), "139****5678"),
	       "HC01 as imported (phone masked): %s", jd(h));
	json_decref(h);
	m_a1 = find_member(&towna, hc01, "张三");
	m_a2 = find_member(&towna, hc01, "李四");
	m_a3 = find_member(&towna, hc01, "张小五");
	m_b1 = find_member(&towna, hc02, "王六");
	m_b2 = find_member(&towna, hc02, "王小七");
	EXPECT(m_a1 && m_a2 && m_a3 && m_b1 && m_b2, "the imported members are listed");
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m_a1);
	json_t *m = get_json(&towna, path, 200);
	EXPECT(!strcmp(reveal_id(&towna, m_a1), id_a1) && strstr(jstr(m, "id_number"), "********") &&
	       !strcmp(jstr(m, "sex"), "M") &&
	       !strcmp(jstr(m, "birth_date"), "1975-03-15") && !strcmp(jstr(m, "relation"), "head") &&
	       json_is_true(json_object_get(m, "insured_medical")) && !strcmp(jstr(m, "division"), VILL_A),
	       "the head with a full-width ID, normalised: %s", jd(m));
	json_decref(m);
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m_a2);
	m = get_json(&towna, path, 200);
	EXPECT(!strcmp(reveal_id(&towna, m_a2), id_a2) && !strcmp(jstr(m, "sex"), "F") && !strcmp(jstr(m, "relation"), "spouse"),
	       "the spouse with a lowercase x, normalised to %s: %s", id_a2, jd(m));
	json_decref(m);
	/* the grid user sees the member masked and may not reveal it */
	m = get_json(&grid, path, 200);
	EXPECT(strcmp(jstr(m, "id_number"), id_a2) && strstr(jstr(m, "id_number"), "*"), "grid user sees the ID %s",
	       jstr(m, "id_number"));
	json_decref(m);
	EXPECT(!strcmp(reveal_id(&grid, m_a2), "(403)"), "the grid user reveals an ID: %s", reveal_id(&grid, m_a2));
	/* scope: township B sees none of them */
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)hc01);
	json_decref(get_json(&townb, path, 404));
	EXPECT(find_household(&townb, "HC01") == 0, "township B lists HC01");
	/* the grid user of 朝参村 sees HC01 and HC03, not HC02 (新市村) */
	EXPECT(find_household(&grid, "HC01") && find_household(&grid, "HC03") && !find_household(&grid, "HC02"),
	       "grid scope on the household list");
	/* the imported income of the default year */
	snprintf(path, sizeof(path), "/api/v1/households/%lld/income/%d", (long long)hc01, year_y);
	json_t *inc = get_json(&towna, path, 200);
	EXPECT(jint(inc, "per_capita") == 8000 && jint(inc, "people") == 3, "HC01 income %d: %s", year_y, jd(inc));
	json_decref(inc);

	/* the creations are audited by one row per entity, by the importing user,
	 * placed at the villages' township and found by each record's id */
	EXPECT(audit_count("action=create&entity=household") == a_hh + 1, "one household create row");
	EXPECT(audit_count("action=create&entity=member") == a_m + 1, "one member create row");
	char q[128];
	snprintf(q, sizeof(q), "/api/v1/audit?action=create&entity=member&entity_id=%lld", (long long)m_a1);
	json_t *al = get_json(&auditor, q, 200);
	json_t *row = json_array_get(json_object_get(al, "items"), 0);
	json_t *after = json_object_get(row, "after");
	EXPECT(jint(al, "total") == 1 && !strcmp(jstr(row, "username"), "iotowna") && !strcmp(jstr(row, "division"), TOWN_A) &&
	       !strcmp(jstr(row, "detail"), "import") && jint(after, "created") == 6 &&
	       !strncmp(jstr(after, "file_hash"), "blake2b-256:", 12) && strlen(jstr(after, "file_hash")) == 12 + 64,
	       "the head's create row: %s", jd(al));
	EXPECT(strstr(jd(al), id_a1) == NULL, "the audit row holds the full ID number: %s", jd(al));
	int64_t bulk_row = jint(row, "id");
	json_decref(al);
	snprintf(q, sizeof(q), "/api/v1/audit?entity=household&entity_id=%lld", (long long)hc02);
	al = get_json(&auditor, q, 200);
	row = json_array_get(json_object_get(al, "items"), 0);
	EXPECT(jint(al, "total") == 1 && !strcmp(jstr(row, "action"), "create") &&
	       jint(json_object_get(row, "after"), "created") == 3 &&
	       jint(json_object_get(row, "after"), "income_year") == year_y,
	       "HC02's create row, with the income's year: %s", jd(al));
	json_decref(al);
	/* by the run's division: 新市村's auditor finds HC02 (新市村) but not HC01 (朝参村),
	 * township B's auditor neither */
	al = get_json(&auditor_a2, q, 200);
	EXPECT(jint(al, "total") == 1, "新市村's auditor finds HC02's create row: %s", jd(al));
	json_decref(al);
	snprintf(q, sizeof(q), "/api/v1/audit?entity_id=%lld", (long long)m_a1);
	al = get_json(&auditor_a2, q, 200);
	EXPECT(jint(al, "total") == 0, "新市村's auditor finds 朝参村's member: %s", jd(al));
	json_decref(al);
	al = get_json(&auditor_b, q, 200);
	EXPECT(jint(al, "total") == 0, "township B's auditor finds township A's member: %s", jd(al));
	json_decref(al);
	/* without entity_id the row is listed in the township's scope only */
	al = get_json(&auditor_a2, "/api/v1/audit?action=create&entity=member", 200);
	for (size_t i = 0; i < json_array_size(json_object_get(al, "items")); i++)
		EXPECT(jint(json_array_get(json_object_get(al, "items"), i), "id") != bulk_row,
		       "the township's row is listed to a village auditor: %s", jd(al));
	json_decref(al);

	/* re-import: all unchanged, no new audit rows */
	int64_t a_all = audit_rows_settled();
	import_csv(&towna, "", csv, &r);
	EXPECT(r.status == 200 && jint(r.json, "inserted") == 0 && jint(r.json, "updated") == 0 &&
	       jint(r.json, "unchanged") == 9,
	       "re-import: %ld %s", r.status, r.body);
	resp_free(&r);
	EXPECT(audit_rows_settled() == a_all, "re-import wrote audit rows");
	free(csv);

	/* a changed value: the spouse's health */
	csv = clean_csv(true);
	int64_t a_upd = audit_count("action=update&entity=member");
	import_csv(&towna, "", csv, &r);
	EXPECT(r.status == 200 && jint(r.json, "inserted") == 0 && jint(r.json, "updated") == 1 &&
	       jint(r.json, "unchanged") == 8 && jint(detail(r.json, "members"), "updated") == 1,
	       "changed re-import: %ld %s", r.status, r.body);
	resp_free(&r);
	EXPECT(audit_count("action=update&entity=member") == a_upd + 1, "one member update row");
	snprintf(q, sizeof(q), "/api/v1/audit?action=update&entity=member&entity_id=%lld", (long long)m_a2);
	al = get_json(&auditor, q, 200);
	row = json_array_get(json_object_get(al, "items"), 0);
	/* health is never written to the audit trail in clear */
	EXPECT(!strcmp(jstr(json_object_get(row, "before"), "health"), "******") &&
	       !strcmp(jstr(json_object_get(row, "after"), "health"), "******") && !strstr(jd(al), "chronic") &&
	       !strstr(jd(al), "healthy"),
	       "the update row's before and after, health hidden: %s", jd(al));
	json_decref(al);
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m_a2);
	m = get_json(&towna, path, 200);
	EXPECT(!strcmp(jstr(m, "health"), "chronic"), "the spouse's health after the import: %s", jd(m));
	json_decref(m);
	/* a grid worker (no sensitive reads) sees it hidden and may not filter by it */
	m = get_json(&grid, path, 200);
	EXPECT(m && !strcmp(jstr(m, "health"), "******") && !strcmp(jstr(m, "name"), "李四"),
	       "the grid worker's view of the spouse: %s", jd(m));
	json_decref(m);
	json_t *gl = get_json(&grid, "/api/v1/members?page_size=100", 200);
	size_t gi;
	json_t *gm;
	int shown = 0;
	json_array_foreach(json_object_get(gl, "items"), gi, gm)
		shown += json_is_string(json_object_get(gm, "health")) && strcmp(jstr(gm, "health"), "******") != 0;
	EXPECT(json_array_size(json_object_get(gl, "items")) > 0 && shown == 0,
	       "no health in the grid worker's member list (%d shown): %s", shown, jd(gl));
	json_decref(gl);
	req(&grid, "GET", "/api/v1/members?health=chronic", NULL, &r);
	expect_field_error(&r, 403, "forbidden", "health", "a grid worker's health filter");
	resp_free(&r);
	free(csv);

	/* township B imports its own clean household */
	char *b = NULL;
	size_t bn = 0;
	FILE *f = open_memstream(&b, &bn);
	fputs(HEADER, f);
	line(f, "HB01", VILL_B, "钱九", "钱九", "户主", id_d1, id_d1, "初中", "非在校生", "健康", "是", HH_TAIL);
	line(f, "HB01", VILL_B, "钱九", "孙十", "配偶", id_d2, id_d2, "初中", "非在校生", "健康", "是", HH_TAIL);
	fclose(f);
	import_csv(&townb, "", b, &r);
	EXPECT(r.status == 200 && jint(r.json, "inserted") == 3, "township B import: %ld %s", r.status, r.body);
	resp_free(&r);
	/* township A cannot overwrite it (its number is outside A's scope) */
	import_csv(&towna, "dry_run=1", b, &r);
	EXPECT(r.status == 400, "township A importing township B's file: %ld %s", r.status, r.body);
	resp_free(&r);
	free(b);
	hb01 = find_household(&townb, "HB01");
	EXPECT(hb01 != 0, "HB01 listed for township B");
}

/* ---- 3. exports ------------------------------------------------------------------------------- */

static void test_export(void)
{
	struct resp r;
	size_t len;
	char h[256];
	/* CSV of a filtered list, masked */
	raw(&towna, "GET", "/api/v1/exports/households?format=csv&division=" VILL_A, NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200, "CSV export: %ld %s", r.status, r.body);
	EXPECT(resp_header(&r, "Content-Type", h, sizeof(h)) && !strncmp(h, "text/csv", 8), "CSV export type");
	EXPECT(resp_header(&r, "Content-Disposition", h, sizeof(h)) && strstr(h, "attachment") && strstr(h, "households.csv"),
	       "CSV export disposition: %s", resp_header(&r, "Content-Disposition", h, sizeof(h)) ? h : "(none)");
	EXPECT(strstr(r.body, "户编号") && strstr(r.body, "HC01") && strstr(r.body, "HC03") && !strstr(r.body, "HC02") &&
	       !strstr(r.body, "HB01"),
	       "CSV export rows: %.2000s", r.body);
	EXPECT(!strstr(r.body, id_a1) && !strstr(r.body, id_a2) && !strstr(r.body, "13912345678"),
	       "the masked export holds a full ID or phone: %.2000s", r.body);
	char masked[32];
	snprintf(masked, sizeof(masked), "%.6s********%.4s", id_a1, id_a1 + 14);
	EXPECT(strstr(r.body, masked) != NULL, "the masked ID %s is missing: %.1500s", masked, r.body);
	EXPECT(line_has(r.body, "李四", "配偶") && line_has(r.body, "李四", "\"******\"") && !strstr(r.body, "慢性病"),
	       "labels in Chinese, health hidden: %.1500s", r.body);
	/* a masked file cannot be imported */
	struct resp x;
	raw(&towna, "POST", "/api/v1/imports/households?dry_run=1", "text/csv", r.body, len, &x, NULL);
	EXPECT(x.status == 400 && json_array_size(json_object_get(x.json, "errors")) >= 4 &&
	       strstr(x.body, "脱敏"),
	       "re-importing a masked export: %ld %.500s", x.status, x.body);
	resp_free(&x);
	resp_free(&r);

	/* scope: township A's export holds nothing of township B; the grid user's only 朝参村 */
	raw(&towna, "GET", "/api/v1/exports/households?format=csv", NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200 && strstr(r.body, "HC02") && !strstr(r.body, "HB01"), "township A's export: %.300s", r.body);
	resp_free(&r);
	raw(&grid, "GET", "/api/v1/exports/households?format=csv", NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200 && strstr(r.body, "HC01") && !strstr(r.body, "HC02") && !strstr(r.body, "HB01"),
	       "the grid user's export: %.300s", r.body);
	resp_free(&r);
	raw(&townb, "GET", "/api/v1/exports/households?format=csv&division=" VILL_A, NULL, NULL, 0, &r, &len);
	/* as in the lists, a division filter outside the scope selects nothing: the header only */
	EXPECT(r.status == 200 && strstr(r.body, "户编号") && strchr(r.body, '\n') == strrchr(r.body, '\n') &&
	       !strstr(r.body, "HC01"),
	       "township B exports village A: %ld %.300s", r.status, r.body);
	resp_free(&r);
	/* a household filter: status */
	raw(&towna, "GET", "/api/v1/exports/households?format=csv&status=relapsed", NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200 && strstr(r.body, "HC03") && !strstr(r.body, "HC01"), "status filter: %.500s", r.body);
	resp_free(&r);
	/* the member export: one row per matching member */
	raw(&towna, "GET", "/api/v1/exports/members?format=csv&health=chronic", NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200 && strstr(r.body, "李四") && !strstr(r.body, "张三,户主"), "member export: %.800s", r.body);
	EXPECT(resp_header(&r, "Content-Disposition", h, sizeof(h)) && strstr(h, "members.csv"), "member export name");
	EXPECT(!strstr(r.body, "慢性病") && strstr(r.body, "\"******\""), "health hidden in the masked export: %.800s", r.body);
	resp_free(&r);
	raw(&towna, "GET", "/api/v1/exports/members?format=csv&health=chronic&unmasked=1&reason=%E6%A0%B8%E6%9F%A5", NULL, NULL,
	    0, &r, &len);
	EXPECT(r.status == 200 && line_has(r.body, "李四", "长期慢性病"), "health in the unmasked (audited) export: %.800s", r.body);
	resp_free(&r);

	/* unmasked: a reason, a role that may */
	raw(&towna, "GET", "/api/v1/exports/households?format=csv&unmasked=1", NULL, NULL, 0, &r, &len);
	expect_error(&r, 400, "validation", "unmasked without a reason");
	resp_free(&r);
	raw(&grid, "GET", "/api/v1/exports/households?format=csv&unmasked=1&reason=%E6%A0%B8%E6%9F%A5", NULL, NULL, 0, &r, &len);
	expect_error(&r, 403, "forbidden", "unmasked export by a grid user");
	resp_free(&r);
	raw(&towna, "GET", "/api/v1/exports/households?format=pdf", NULL, NULL, 0, &r, &len);
	expect_error(&r, 400, "validation", "format=pdf");
	resp_free(&r);
	raw(NULL, "GET", "/api/v1/exports/households?format=csv", NULL, NULL, 0, &r, &len);
	expect_error(&r, 401, "not_logged_in", "export without login");
	resp_free(&r);

	int64_t a_exp = audit_count("action=export");
	raw(&admin, "GET", "/api/v1/exports/households?format=csv&unmasked=1&reason=%E5%B9%B4%E5%BA%A6%E6%A0%B8%E6%9F%A5&division=" TOWN_A,
	    NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200 && strstr(r.body, id_a1) && strstr(r.body, id_a2) && strstr(r.body, "13912345678"),
	       "unmasked CSV export by admin: %ld %.1500s", r.status, r.body);
	EXPECT(audit_count("action=export") == a_exp + 1, "one export audit row");
	json_t *al = get_json(&auditor, "/api/v1/audit?action=export&page_size=1", 200);
	json_t *row = json_array_get(json_object_get(al, "items"), 0);
	EXPECT(!strcmp(jstr(row, "username"), "ioadmin") && strstr(jstr(row, "detail"), "年度核查") &&
	       !strcmp(jstr(row, "division"), TOWN_A),
	       "the export audit row: %s", jd(al));
	json_decref(al);
	/* round trip: the unmasked CSV re-imported changes nothing */
	int64_t a_all = audit_rows_settled();
	if (r.status == 200) {
		raw(&towna, "POST", "/api/v1/imports/households", "text/csv", r.body, len, &x, NULL);
		EXPECT(x.status == 200 && jint(x.json, "inserted") == 0 && jint(x.json, "updated") == 0 &&
		       jint(x.json, "unchanged") == 9 && jint(x.json, "households") == 3,
		       "CSV round trip: %ld %s", x.status, x.body);
		resp_free(&x);
	}
	resp_free(&r);

	/* XLSX, masked then unmasked, and its round trip */
	raw(&towna, "GET", "/api/v1/exports/households?format=xlsx&division=" VILL_A2, NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200 && len > 100 && !memcmp(r.body, "PK", 2), "XLSX export: %ld (%zu bytes)", r.status, len);
	EXPECT(resp_header(&r, "Content-Type", h, sizeof(h)) && !strncmp(h, XLSX_TYPE, strlen(XLSX_TYPE)), "XLSX export type");
	EXPECT(resp_header(&r, "Content-Disposition", h, sizeof(h)) && strstr(h, "households.xlsx"), "XLSX export name");
	resp_free(&r);
	raw(&admin, "GET", "/api/v1/exports/households?unmasked=1&reason=%E5%A4%8D%E6%A0%B8&division=" TOWN_A, NULL, NULL,
	    0, &r, &len);
	EXPECT(r.status == 200 && len > 100 && !memcmp(r.body, "PK", 2), "unmasked XLSX export (the default format): %ld",
	       r.status);
	if (r.status == 200) {
		raw(&towna, "POST", "/api/v1/imports/households", XLSX_TYPE, r.body, len, &x, NULL);
		EXPECT(x.status == 200 && jint(x.json, "inserted") == 0 && jint(x.json, "updated") == 0 &&
		       jint(x.json, "unchanged") == 9 && jint(x.json, "households") == 3,
		       "XLSX round trip: %ld %s", x.status, x.body);
		resp_free(&x);
	}
	resp_free(&r);
	EXPECT(audit_rows_settled() == a_all + 1, "the round trips wrote audit rows besides the export");
}

/* ---- 4. checks -------------------------------------------------------------------------------- */

static int64_t by_rule(json_t *res, const char *rule)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(res, "by_rule"), i, e)
		if (!strcmp(jstr(e, "rule"), rule))
			return jint(e, "count");
	return -1;
}

static int64_t by_division(json_t *res, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(res, "by_division"), i, e)
		if (!strcmp(jstr(e, "division"), code))
			return jint(e, "count");
	return -1;
}

static void test_check_rules(void)
{
	/* the rules */
	json_t *rules = get_json(&grid, "/api/v1/checks/rules", 200);
	size_t nrules = json_array_size(json_object_get(rules, "items"));
	bool has_school = false, has_medical = false;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(rules, "items"), i, e) {
		has_school |= !strcmp(jstr(e, "code"), "child_out_of_school") && !strcmp(jstr(e, "severity"), "error");
		has_medical |= !strcmp(jstr(e, "code"), "member_no_medical");
		EXPECT(*jstr(e, "zh") && *jstr(e, "en") && *jstr(e, "level") && *jstr(e, "field"), "rule fields: %s", jd(e));
	}
	EXPECT(nrules >= 20 && has_school && has_medical && jint(rules, "total") == (int64_t)nrules, "the rules: %s",
	       jd(rules));
	json_decref(rules);

	/* plant: HC01's child without medical insurance (the child of HC02 is out of school from the import) */
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m_a3);
	struct resp r;
	req(&towna, "PATCH", path, "{\"insured_medical\":false}", &r);
	EXPECT(r.status == 200, "PATCH insured_medical: %ld %s", r.status, r.body);
	resp_free(&r);

	json_t *c = get_json(&towna, "/api/v1/checks?division=" TOWN_A "&page_size=200", 200);
	EXPECT(jint(c, "year") == year_y && !strcmp(jstr(c, "division"), TOWN_A), "checks year/division: %lld %s",
	       (long long)jint(c, "year"), jstr(c, "division"));
	EXPECT(by_rule(c, "child_out_of_school") == 1 && by_rule(c, "member_no_medical") == 1,
	       "planted counts: school %lld medical %lld", (long long)by_rule(c, "child_out_of_school"),
	       (long long)by_rule(c, "member_no_medical"));
	EXPECT(json_array_size(json_object_get(c, "by_rule")) == nrules, "by_rule has every rule");
	/* and HC02, a 低保贫困户 imported without a member on 低保: a warning */
	EXPECT(by_rule(c, "attribute_without_benefit") == 1, "attribute_without_benefit %lld",
	       (long long)by_rule(c, "attribute_without_benefit"));
	EXPECT(jint(c, "total") == 3, "exactly the planted findings: %s", jd(json_object_get(c, "items")));
	bool school = false, medical = false;
	json_array_foreach(json_object_get(c, "items"), i, e) {
		if (!strcmp(jstr(e, "rule"), "child_out_of_school"))
			school = jint(e, "member_id") == m_b2 && jint(e, "household_id") == hc02 &&
				 !strcmp(jstr(e, "household_no"), "HC02") && !strcmp(jstr(e, "member_name"), "王小七") &&
				 !strcmp(jstr(e, "division"), VILL_A2) && *jstr(e, "division_name") &&
				 !strcmp(jstr(e, "severity"), "error") && *jstr(e, "zh") && *jstr(e, "en");
		if (!strcmp(jstr(e, "rule"), "member_no_medical"))
			medical = jint(e, "member_id") == m_a3 && jint(e, "household_id") == hc01 &&
				  !strcmp(jstr(e, "field"), "insured_medical");
	}
	EXPECT(school && medical, "the planted findings: %s", jd(json_object_get(c, "items")));
	EXPECT(by_division(c, VILL_A) == 1 && by_division(c, VILL_A2) == 2, "by_division: %s",
	       jd(json_object_get(c, "by_division")));
	char *dump = json_dumps(c, 0);
	EXPECT(!strstr(dump, id_a3) && !strstr(dump, id_b2), "checks show a full ID number");
	free(dump);
	json_decref(c);
	/* ?rule= filters the items, not by_rule */
	c = get_json(&towna, "/api/v1/checks?division=" TOWN_A "&rule=member_no_medical", 200);
	EXPECT(jint(c, "total") == 1 && by_rule(c, "child_out_of_school") == 1, "?rule=: %s", jd(c));
	json_decref(c);
	/* a year where the child is 16: no school finding */
	char q[256];
	snprintf(q, sizeof(q), "/api/v1/checks?division=%s&year=%d", TOWN_A, year_y + 4);
	c = get_json(&towna, q, 200);
	EXPECT(by_rule(c, "child_out_of_school") == 0, "year %d: %s", year_y + 4, jd(json_object_get(c, "items")));
	json_decref(c);
	/* a village, the grid user in scope, out of scope */
	c = get_json(&grid, "/api/v1/checks?division=" VILL_A, 200);
	EXPECT(jint(c, "total") == 1 && by_rule(c, "member_no_medical") == 1, "grid checks of 朝参村: %s", jd(c));
	json_decref(c);
	json_decref(get_json(&grid, "/api/v1/checks?division=" VILL_A2, 404));
	json_decref(get_json(&grid, "/api/v1/checks?division=" TOWN_A, 404));
	/* township A asking for township B; township B's own subtree is clean */
	req(&towna, "GET", "/api/v1/checks?division=" TOWN_B, NULL, &r);
	expect_error(&r, 404, "not_found", "township A checks township B");
	resp_free(&r);
	c = get_json(&townb, "/api/v1/checks?division=" TOWN_B, 200);
	EXPECT(jint(c, "total") == 0, "township B is clean: %s", jd(json_object_get(c, "items")));
	json_decref(c);
	req(&towna, "GET", "/api/v1/checks", NULL, &r);
	expect_error(&r, 400, "missing_field", "checks without a division");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/checks?division=12x", NULL, &r);
	expect_error(&r, 400, "bad_division", "checks of a bad code");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/checks?division=" VILL_NONE, NULL, &r);
	expect_error(&r, 404, "not_found", "checks of an unknown village");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/checks?division=" TOWN_A "&rule=nope", NULL, &r);
	expect_error(&r, 400, "validation", "an unknown rule");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/checks?division=" TOWN_A "&year=1999", NULL, &r);
	expect_error(&r, 400, "validation", "year 1999");
	resp_free(&r);
	req(NULL, "GET", "/api/v1/checks/rules", NULL, &r);
	expect_error(&r, 401, "not_logged_in", "rules without login");
	resp_free(&r);

	/* the command line */
	char out[16384];
	const char *a1[] = { "check", "--division", TOWN_A, NULL };
	int rc = run_cli(a1, NULL, out, sizeof(out));
	EXPECT(rc == 1 && strstr(out, "child_out_of_school") && strstr(out, "3 findings: 2 errors, 1 warnings"), "lianxin check %s: exit %d: %s",
	       TOWN_A, rc, out);
	const char *a2[] = { "check", "--division", TOWN_B, NULL };
	rc = run_cli(a2, NULL, out, sizeof(out));
	EXPECT(rc == 0 && strstr(out, "0 findings"), "lianxin check %s: exit %d: %s", TOWN_B, rc, out);
	const char *a3[] = { "check", "--division", VILL_NONE, NULL };
	rc = run_cli(a3, NULL, out, sizeof(out));
	EXPECT(rc == 2, "lianxin check of an unknown division: exit %d: %s", rc, out);
}

/* ---- main ---------------------------------------------------------------------------------- */

static glob_t seed_files;

/* ---- 5. statuses in files: the poverty status only, exiting is the county's; GB 3304 ---------------- */

/* One household row of the status test: its 民族 and its 户状态. */
static void status_line(FILE *f, const char *hno, const char *id, const char *ethnicity, const char *status)
{
	fprintf(f, "%s," VILL_A ",户%s,户%s,户主,%s,%s,%s,%.4s/%d/%d,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
		"一般贫困户,%s,因病,2016,13912345678,8000\n", hno, hno, hno, id, (id[16] - '0') % 2 ? "男" : "女", ethnicity,
		id + 6, (id[10] - '0') * 10 + id[11] - '0', (id[12] - '0') * 10 + id[13] - '0', status);
}

static void test_status_files(void)
{
	char ids[6][19];
	for (int i = 0; i < 6; i++)
		make_id(ids[i], "19700101", 300 + i);
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	fputs(HEADER, f);
	status_line(f, "HS01", ids[0], "汉族", "已脱贫（享受政策）");
	status_line(f, "HS02", ids[1], "汉族", "监测对象");
	status_line(f, "HS03", ids[2], "佤族", "未脱贫");
	status_line(f, "HS04", ids[3], "傈僳族", "自然销户");
	status_line(f, "HS05", ids[4], "德昂族", "乱填");
	fclose(f);
	struct resp r;
	/* the admin: the old 监测对象 is no status, an unknown status lists the allowed ones */
	import_csv(&admin, "dry_run=1", s, &r);
	json_t *errs = json_object_get(r.json, "errors");
	EXPECT(r.status == 400 && json_array_size(errs) == 4, "two bad statuses (each also missing): %ld %s", r.status, r.body);
	size_t i;
	json_t *e;
	bool monitored = false, listed = false;
	json_array_foreach(errs, i, e) {
		const char *m = jstr(e, "message_zh");
		EXPECT(!strcmp(jstr(e, "column"), "户状态"), "error in 户状态: %s", jd(e));
		EXPECT(jint(e, "row") == 3 || jint(e, "row") == 6, "only the rows with a bad status: %s", jd(e));
		monitored |= jint(e, "row") == 3 && strstr(m, "监测记录") && strstr(m, "未脱贫");
		listed |= jint(e, "row") == 6 && strstr(m, "可选") && strstr(m, "自然销户") && strstr(m, "返贫");
	}
	EXPECT(monitored && listed, "监测对象 explained, values listed: %s", r.body);
	resp_free(&r);
	/* a township may not exit a household by file either */
	import_csv(&towna, "dry_run=1", s, &r);
	bool exit_refused = false;
	json_array_foreach(json_object_get(r.json, "errors"), i, e)
		exit_refused |= jint(e, "row") == 2 && !strcmp(jstr(e, "column"), "户状态") &&
				strstr(jstr(e, "message_zh"), "县级");
	EXPECT(r.status == 400 && exit_refused, "township importing an exited household: %ld %s", r.status, r.body);
	resp_free(&r);
	free(s);

	/* the admin imports the good rows: GB 3304 codes, 自然销户 */
	f = open_memstream(&s, &n);
	fputs(HEADER, f);
	status_line(f, "HS01", ids[0], "汉族", "已脱贫（享受政策）");
	status_line(f, "HS03", ids[2], "佤族", "未脱贫");
	status_line(f, "HS04", ids[3], "傈僳族", "自然销户");
	status_line(f, "HS05", ids[4], "德昂族", "未脱贫");
	fclose(f);
	import_csv(&admin, "", s, &r);
	EXPECT(r.status == 200 && jint(r.json, "households") == 4, "clean status import: %ld %s", r.status, r.body);
	resp_free(&r);
	free(s);
	static const struct { int k; const char *code; } eth[] = { { 2, "21" }, { 3, "20" }, { 4, "46" } };
	for (size_t k = 0; k < 3; k++) {
		json_t *l = get_json(&admin, fmt("/api/v1/members?ethnicity=%s&page_size=200", eth[k].code), 200);
		bool found = false;
		json_array_foreach(json_object_get(l, "items"), i, e)
			found |= !strcmp(jstr(e, "name"), fmt("户HS0%d", eth[k].k + 1));
		EXPECT(found, "GB 3304 code %s stored: %s", eth[k].code, jd(l));
		json_decref(l);
	}
	json_t *l = get_json(&admin, "/api/v1/households?status=removed&page_size=200", 200);
	bool removed = false;
	json_array_foreach(json_object_get(l, "items"), i, e)
		removed |= !strcmp(jstr(e, "household_no"), "HS04");
	EXPECT(removed, "自然销户 is status removed: %s", jd(l));
	json_decref(l);
}

/* ---- 6. monitoring columns (防返贫监测): import, errors, round trip, the county's path ------------ */

#define VILL_M "469030101001"   /* 湾岭社区, township B: only this test's households */
#define MON_HEADER "户编号,行政区划代码,户主姓名,姓名,与户主关系,证件号码,性别,民族,出生日期,文化程度,在校生状况,健康状况," \
	"劳动技能,务工状况,务工时间,是否参加城乡居民基本医疗保险,是否参加大病保险,是否参加城乡居民基本养老保险,是否享受低保," \
	"贫困户属性,户状态,主要致贫原因,识别年度,联系电话,人均纯收入,监测对象类别,识别监测日期,风险类型,风险是否消除," \
	"风险消除日期,风险消除方式\n"

/* One household of one member: its status and its monitoring cells (comma-separated, 6 of them). */
static void mon_line(FILE *f, const char *hno, const char *id, const char *status, const char *monitoring)
{
	bool registered = strcmp(status, "非建档立卡户") != 0;
	fprintf(f, "%s," VILL_M ",户%s,户%s,户主,%s,%s,汉族,%.4s/%d/%d,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
		"%s,%s,%s,%s,13912345678,8000,%s\n", hno, hno, hno, id, (id[16] - '0') % 2 ? "男" : "女", id + 6,
		(id[10] - '0') * 10 + id[11] - '0', (id[12] - '0') * 10 + id[13] - '0', registered ? "一般贫困户" : "",
		status, registered ? "因病" : "", registered ? "2016" : "", monitoring);
}

/* The monitoring records of household no (oldest first) into out (its JSON, to decref). */
static json_t *cases_of(const char *no)
{
	int64_t hid = find_household(&admin, no);
	return get_json(&admin, fmt("/api/v1/monitoring?household_id=%lld&page_size=50", (long long)hid), 200);
}

static const char *monitor_category(const char *no)
{
	json_t *h = get_json(&admin, fmt("/api/v1/households/%lld", (long long)find_household(&admin, no)), 200);
	static char cat[32];
	const char *c = json_string_value(json_object_get(h, "monitor_category"));
	snprintf(cat, sizeof(cat), "%s", c ? c : "");
	json_decref(h);
	return cat;
}

/* The errors of r at (row, column) whose Chinese message has zh and English message en. */
static bool has_error(const struct resp *r, int row, const char *column, const char *zh, const char *en)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(r->json, "errors"), i, e)
		if (jint(e, "row") == row && !strcmp(jstr(e, "column"), column) && strstr(jstr(e, "message_zh"), zh) &&
		    strstr(jstr(e, "message_en"), en))
			return true;
	return false;
}

static void test_monitoring_columns(void)
{
	char ids[8][19];
	for (int i = 0; i < 8; i++)
		make_id(ids[i], "19800101", 400 + i);
	char *s = NULL;
	size_t n = 0;
	struct resp r;
	/* bad values: one error each, on its row and column, in both languages; nothing written */
	FILE *f = open_memstream(&s, &n);
	fputs(MON_HEADER, f);
	mon_line(f, "HM11", ids[0], "已脱贫（享受政策）", "监测户,2024-03-01,因病,否,,");
	mon_line(f, "HM12", ids[1], "已脱贫（享受政策）", "脱贫不稳定户,2024-03-01,因穷,否,,");
	mon_line(f, "HM13", ids[2], "已脱贫（享受政策）", "脱贫不稳定户,2024-03-01,因病,是,,");
	mon_line(f, "HM14", ids[3], "已脱贫（享受政策）", "脱贫不稳定户,2024-03-01,因病,是,2024-05-01,自然消除");
	mon_line(f, "HM15", ids[4], "已脱贫（享受政策）", "边缘易致贫户,2024-03-01,因病,否,,");
	mon_line(f, "HM16", ids[5], "已脱贫（享受政策）", ",,因病,,,");
	mon_line(f, "HM17", ids[6], "已脱贫（享受政策）", "脱贫不稳定户,2099-01-01,因病,否,,");
	mon_line(f, "HM18", ids[7], "已脱贫（享受政策）", "脱贫不稳定户,2024-03-01,因病,也许,,");
	fclose(f);
	int64_t before = households_total(&admin);
	import_csv(&admin, "", s, &r);
	EXPECT(r.status == 400, "bad monitoring cells refused: %ld %s", r.status, r.body);
	EXPECT(has_error(&r, 2, "监测对象类别", "可选", "not a value"), "unknown category: %s", r.body);
	EXPECT(has_error(&r, 3, "风险类型", "“因穷”不是风险类型的可选值", "not a value of Risks"), "unknown risk: %s", r.body);
	EXPECT(has_error(&r, 4, "风险消除日期", "须填写风险消除日期", "needs its date") &&
	       has_error(&r, 4, "风险消除方式", "须填写风险消除方式", "how it was eliminated"), "eliminated without date/way: %s", r.body);
	EXPECT(has_error(&r, 5, "风险消除日期", "满六个月", "six months"), "eliminated after two months: %s", r.body);
	EXPECT(has_error(&r, 6, "监测对象类别", "边缘易致贫户须为非建档立卡户", "never registered"), "marginal but exited: %s", r.body);
	EXPECT(has_error(&r, 7, "监测对象类别", "须填写监测对象类别", "needs its category") &&
	       has_error(&r, 7, "识别监测日期", "须填写识别监测日期", "needs the date"), "risk without a case: %s", r.body);
	EXPECT(has_error(&r, 8, "识别监测日期", "不能晚于今天", "after today"), "monitoring from 2099: %s", r.body);
	EXPECT(has_error(&r, 9, "风险是否消除", "应填“是”或“否”", "yes"), "risk eliminated 也许: %s", r.body);
	EXPECT(json_array_size(json_object_get(r.json, "errors")) == 10, "ten errors, no more: %s", r.body);
	EXPECT(households_total(&admin) == before, "nothing written");
	resp_free(&r);
	free(s);

	/* a clean file: an open case, a closed one (several risks), a household without one */
	f = open_memstream(&s, &n);
	fputs(MON_HEADER, f);
	mon_line(f, "HM01", ids[0], "已脱贫（享受政策）", "脱贫不稳定户,2024/3/1,因病、因学,否,,");
	mon_line(f, "HM02", ids[1], "非建档立卡户", "边缘易致贫户,20230110,因意外事故；因病,是,2023-09-01,自然消除");
	mon_line(f, "HM03", ids[2], "未脱贫", ",,,,,");
	mon_line(f, "HM04", ids[3], "非建档立卡户", "突发严重困难户,2024-06-01,因自然灾害,,,");
	fclose(f);
	/* a township may import households, but not the national system's monitoring */
	import_csv(&townb, "dry_run=1", s, &r);
	EXPECT(r.status == 400 && has_error(&r, 3, "监测对象类别", "县级", "county") &&
	       has_error(&r, 5, "监测对象类别", "县级", "county"), "township importing monitoring: %ld %s",
	       r.status, r.body);
	resp_free(&r);
	int64_t audits = audit_count("entity=monitoring");
	import_csv(&admin, "", s, &r);
	EXPECT(r.status == 200 && jint(r.json, "households") == 4, "clean monitoring import: %ld %s", r.status, r.body);
	resp_free(&r);
	free(s);
	EXPECT(audit_count("entity=monitoring") == audits + 3, "each case created is audited");
	json_t *c1 = cases_of("HM01"), *c2 = cases_of("HM02"), *c3 = cases_of("HM03"), *c4 = cases_of("HM04");
	json_t *a = json_array_get(json_object_get(c1, "items"), 0), *b = json_array_get(json_object_get(c2, "items"), 0);
	EXPECT(jint(c1, "total") == 1 && !strcmp(jstr(a, "category"), "unstable") && !strcmp(jstr(a, "started_on"), "2024-03-01") &&
	       json_is_null(json_object_get(a, "eliminated_on")) &&
	       json_array_size(json_object_get(a, "risk_types")) == 2 &&
	       !strcmp(json_string_value(json_array_get(json_object_get(a, "risk_types"), 1)), "schooling"),
	       "HM01's open case: %s", jd(c1));
	EXPECT(jint(c2, "total") == 1 && !strcmp(jstr(b, "category"), "marginal") && !strcmp(jstr(b, "eliminated_on"), "2023-09-01") &&
	       !strcmp(jstr(b, "elimination_method"), "natural") && !strcmp(jstr(b, "started_on"), "2023-01-10") &&
	       !strcmp(json_string_value(json_array_get(json_object_get(b, "risk_types"), 0)), "accident"),
	       "HM02's closed case: %s", jd(c2));
	EXPECT(jint(c3, "total") == 0 && jint(c4, "total") == 1, "HM03 none, HM04 one: %s %s", jd(c3), jd(c4));
	EXPECT(!strcmp(monitor_category("HM01"), "unstable") && !strcmp(monitor_category("HM02"), "") &&
	       !strcmp(monitor_category("HM04"), "sudden"), "the households' monitor_category follows the open case");
	json_decref(c1);
	json_decref(c2);
	json_decref(c3);
	json_decref(c4);

	/* round trip: the export has the columns, and importing it changes nothing */
	size_t len;
	raw(&admin, "GET", "/api/v1/exports/households?format=csv&unmasked=1&reason=%E6%A0%B8%E6%9F%A5&division=" VILL_M,
	    NULL, NULL, 0, &r, &len);
	EXPECT(r.status == 200 && strstr(r.body, "\"监测对象类别\",\"识别监测日期\",\"风险类型\",\"风险是否消除\",\"风险消除日期\",\"风险消除方式\"") &&
	       line_has(r.body, "HM01", "\"脱贫不稳定户\",\"2024-03-01\",\"因病、因学\",\"否\",\"\",\"\"") &&
	       line_has(r.body, "HM02", "\"边缘易致贫户\",\"2023-01-10\",\"因意外事故、因病\",\"是\",\"2023-09-01\",\"自然消除\"") &&
	       line_has(r.body, "HM03", "\"8000\",\"\",\"\",\"\",\"\",\"\",\"\""), "the export's monitoring columns: %ld %.3000s", r.status, r.body);
	int64_t cases_before = audit_count("entity=monitoring");
	if (r.status == 200) {
		struct resp x;
		raw(&admin, "POST", "/api/v1/imports/households", "text/csv", r.body, len, &x, NULL);
		EXPECT(x.status == 200 && jint(x.json, "updated") == 0 && jint(x.json, "inserted") == 0 &&
		       jint(x.json, "unchanged") == 8, "monitoring round trip: %ld %s", x.status, x.body);
		resp_free(&x);
	}
	resp_free(&r);
	EXPECT(audit_count("entity=monitoring") == cases_before, "the round trip wrote no monitoring");

	/* the national system eliminated HM01's risk: the same case (same date) is closed, not a second one */
	f = open_memstream(&s, &n);
	fputs(MON_HEADER, f);
	mon_line(f, "HM01", ids[0], "已脱贫（享受政策）", "脱贫不稳定户,2024-03-01,因病、因学,是,2024-10-08,自然消除");
	/* HM04's open case since 2024-06-01 while the file says another case began later: one open case */
	mon_line(f, "HM04", ids[3], "非建档立卡户", "突发严重困难户,2025-02-01,因自然灾害,否,,");
	fclose(f);
	import_csv(&admin, "", s, &r);
	EXPECT(r.status == 400 && has_error(&r, 3, "识别监测日期", "一户只能有一条在监测记录", "one open case") &&
	       json_array_size(json_object_get(r.json, "errors")) == 1, "a second open case refused: %ld %s", r.status, r.body);
	resp_free(&r);
	free(s);
	f = open_memstream(&s, &n);
	fputs(MON_HEADER, f);
	mon_line(f, "HM01", ids[0], "已脱贫（享受政策）", "脱贫不稳定户,2024-03-01,因病、因学,是,2024-10-08,自然消除");
	fclose(f);
	import_csv(&admin, "", s, &r);
	EXPECT(r.status == 200 && jint(json_object_get(json_object_get(r.json, "detail"), "households"), "updated") == 1,
	       "HM01's elimination imported: %ld %s", r.status, r.body);
	resp_free(&r);
	free(s);
	c1 = cases_of("HM01");
	a = json_array_get(json_object_get(c1, "items"), 0);
	EXPECT(jint(c1, "total") == 1 && !strcmp(jstr(a, "eliminated_on"), "2024-10-08") &&
	       !strcmp(jstr(a, "elimination_method"), "natural"), "HM01's case closed in place: %s", jd(c1));
	EXPECT(!strcmp(monitor_category("HM01"), ""), "HM01 no longer monitored");
	json_decref(c1);

	/* an open monitoring procedure decides the household's monitoring, not a file */
	int64_t h3 = find_household(&admin, "HM03");
	int64_t pc = create(&townb, "/api/v1/procedures",
			    fmt("{\"kind\":\"monitoring\",\"household_id\":%lld,\"year\":%d,\"step\":\"declare\","
				"\"source\":\"visit\",\"category\":\"sudden\"}", (long long)h3, year_y + 1));
	EXPECT(pc > 0, "a monitoring procedure opened for HM03");
	f = open_memstream(&s, &n);
	fputs(MON_HEADER, f);
	mon_line(f, "HM03", ids[2], "未脱贫", "突发严重困难户,2024-06-01,因病,否,,");
	fclose(f);
	import_csv(&admin, "dry_run=1", s, &r);
	EXPECT(r.status == 400 && has_error(&r, 2, "监测对象类别", "进行中的监测识别或风险消除程序", "procedure under way"),
	       "monitoring of a household in a procedure refused: %ld %s", r.status, r.body);
	resp_free(&r);
	free(s);
}

static int setup(void)
{
	/* the import's default year: last year in China (UTC+8); the server's test clock starts at now */
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	gmtime_r(&now, &tm);
	year_y = tm.tm_year + 1900 - 1;
	char err[8192];
	for (int i = 0; i < SEED_COUNTIES; i++) {
		char pattern[128];
		snprintf(pattern, sizeof(pattern), "data/divisions/%s/*.csv", counties[i]);
		if (glob(pattern, i ? GLOB_APPEND : 0, NULL, &seed_files) != 0) {
			fprintf(stderr, "api_registry_io: no files match %s (run from the repository root)\n", pattern);
			return -1;
		}
	}
	const char *args[64] = { "import", "divisions" };
	int n = 2;
	for (size_t i = 0; i < seed_files.gl_pathc && n < 63; i++)
		args[n++] = seed_files.gl_pathv[i];
	args[n] = NULL;
	int rc = run_cli(args, NULL, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_registry_io: import divisions exit %d: %.2000s\n", rc, err);
		return -1;
	}
	static const struct { const char *name, *role, *division; } users[] = {
		{ "ioadmin", "admin", "all" }, { "iotowna", "township", TOWN_A }, { "iotownb", "township", TOWN_B },
		{ "iogrid", "grid", VILL_A }, { "ioauditor", "auditor", "all" }, { "ioviewer", "viewer", "469030" },
		{ "ioauditb", "auditor", TOWN_B }, { "ioauditva2", "auditor", VILL_A2 },
	};
	struct session *sess[] = { &admin, &towna, &townb, &grid, &auditor, &viewer, &auditor_b, &auditor_a2 };
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		const char *ua[] = { "user", "add", "--username", users[i].name, "--role", users[i].role, "--division",
				     users[i].division, "--password-stdin", NULL };
		rc = run_cli(ua, PW "\n", err, sizeof(err));
		if (rc) {
			fprintf(stderr, "user add %s: exit %d: %s\n", users[i].name, rc, err);
			return -1;
		}
	}
	if (server_start(&srv, binary, db_url, NULL)) {
		fprintf(stderr, "api_registry_io: the server did not start\n");
		return -1;
	}
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (login(&srv, users[i].name, PW, sess[i]) != 200) {
			fprintf(stderr, "api_registry_io: %s cannot log in\n", users[i].name);
			return -1;
		}
	return 0;
}

static void cleanup(void)
{
	globfree(&seed_files);
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "messy imports: per-cell errors, nothing written, report, limits", test_messy },
		{ "clean import, re-import, changed values, audit", test_clean },
		{ "exports: masking, reasons, scope, round trips", test_export },
		{ "checks: planted findings, scope, rules, CLI", test_check_rules },
		{ "statuses in files: poverty status only, exiting is the county's, GB 3304", test_status_files },
		{ "monitoring columns: per-row errors, the county's import, round trip, procedures", test_monitoring_columns },
	};
	const struct api_program p = { "api_registry_io", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, cleanup,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
