/*
 * test_household_io.c - household import and export: messy CSV and XLSX
 * values, per-cell errors, all-or-nothing writes, idempotent re-imports,
 * audited updates, the marked report, and export -> re-import round trips.
 * Runs from the repository root (data/divisions/469030).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "auth/principal.h"
#include "core/arena.h"
#include "core/idcard.h"
#include "core/xlsx_read.h"
#include "db/db.h"
#include "core/fieldcrypt.h"
#include "db/at_rest.h"
#include "db/migrate.h"
#include "modules/org/divisions.h"
#include "modules/registry/household_io.h"

#define HEADER "户编号,行政区划代码,户主姓名,姓名,与户主关系,证件号码,性别,民族,出生日期,文化程度,在校生状况,健康状况," \
	"劳动技能,务工状况,务工时间,是否参加城乡居民基本医疗保险,是否参加大病保险,是否参加城乡居民基本养老保险,是否享受低保," \
	"贫困户属性,户状态,主要致贫原因,识别年度,联系电话,人均纯收入\n"

static struct db *fresh_db(void)
{
	char err[256];
	struct db *db = NULL;
	assert_int_equal(db_open("sqlite::memory:", NULL, &db, err, sizeof(err)), DB_OK);
	assert_int_equal(migrate_run(db, NULL), DB_OK);
	assert_int_equal(at_rest_open(db, "", "xchacha20poly1305", err, sizeof(err)), 0);
	static const char *const files[] = {
		"data/divisions/469030/provinces.csv", "data/divisions/469030/cities.csv", "data/divisions/469030/areas.csv",
		"data/divisions/469030/streets.csv", "data/divisions/469030/villages.csv",
	};
	struct division_import_result res;
	assert_int_equal(division_import(db, files, 5, stderr, &res), 0);
	return db;
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, sql, NULL), DB_ROW);
	return n;
}

/* A valid ID number: region 469030, the birth date, sequence seq (the check computed). */
static void make_id(char out[19], const char *birth, int seq)
{
	char first[18];
	snprintf(first, sizeof(first), "469030%s%03d", birth, seq);
	snprintf(out, 19, "%s%c", first, idcard_check_char(first));
}

/* A sequence number whose check character is X. */
static void make_id_x(char out[19], const char *birth)
{
	for (int seq = 2; seq < 999; seq += 2) {   /* even: a woman */
		make_id(out, birth, seq);
		if (out[17] == 'X')
			return;
	}
	fail_msg("no X check digit");
}

/* Full-width digits for an ASCII digit string. */
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

static char id_head[19], id_wife[19], id_son[19], id_old[19];

static void make_ids(void)
{
	make_id(id_head, "19800101", 11);
	make_id_x(id_wife, "19820305");
	make_id(id_son, "20190305", 15);
	make_id(id_old, "19500601", 21);
}

/* The messy file; bad = true adds the broken cells. */
static char *messy_csv(bool bad)
{
	char fw[128], wife[19];
	fullwidth(fw, id_head);
	snprintf(wife, sizeof(wife), "%s", id_wife);
	wife[17] = 'x';   /* lowercase check character */
	char *s = NULL;
	if (asprintf(&s, HEADER
		     /* line 2: full-width digits and spaces in the ID, 2019/3/5-style date */
		     "HH001,469030100200,王 强,王 强,户主,%s ,男,黎族,1980/1/1,初中,非在校生,健康,普通劳动力,省外务工,6,是,是,是,否,一般贫困户,已脱贫（享受政策）,因病,2016,13800138000,\"5,200\"\n"
		     /* line 3: lowercase x, 20190305-style date */
		     "HH001,469030100200,王强,李芳,配偶,%s,女,黎,19820305,小学,非在校生,长期慢性病,普通劳动力,未务工,0,1,1,1,0,一般贫困户,已脱贫（享受政策）,因病,2016,,\n"
		     /* line 4: Excel serial 43529 = 2019-03-05; %s the ID (scientific when bad) */
		     "HH001,469030100200,王强,王小明,之子,%s,男,黎族,43529,学龄前儿童,学前教育,健康,无劳动力,未务工,0,Y,N,N,N,一般贫困户,已脱贫（享受政策）,因病,2016,,\n"
		     /* line 5: a second household */
		     "HH002,469030100201,陈伯,陈伯,户主,%s,男,汉族,1950-06-01,文盲或半文盲,非在校生,%s,丧失劳动力,未务工,0,是,是,是,是,低保贫困户,未脱贫,因残,2018,0898-86221234,3100\n",
		     fw, wife, bad ? "4.69030201903E+17" : id_son, id_old, bad ? "很好" : "残疾") < 0)
		abort();
	return s;
}

static struct hio_options opts(bool dry)
{
	return (struct hio_options){ .dry_run = dry, .year = 2023 };
}

static json_t *find_error(json_t *errors, int row, const char *column)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
		if (json_integer_value(json_object_get(e, "row")) == row &&
		    strcmp(json_string_value(json_object_get(e, "column")), column) == 0)
			return e;
	return NULL;
}

static void dump_errors(const struct hio_result *res)
{
	char *s = json_dumps(res->errors, JSON_INDENT(1));
	fprintf(stderr, "%s\n", s);
	free(s);
}

static char *read_fd(int fd, size_t *len);

struct report_check {
	int rows;
	bool marked;
};

/* The marked copy: the file's rows at their lines, the message after the last column. */
static int check_report(void *ctx, int line, const char *const *cells, int n)
{
	struct report_check *c = ctx;
	c->rows++;
	if (line == 1)
		assert_string_equal(cells[n - 1], "错误说明 / Errors");
	if (line == 4) {
		assert_int_equal(n, 26);
		assert_string_equal(cells[5], "4.69030201903E+17");
		c->marked = strstr(cells[25], "科学计数法") != NULL;
	}
	return 0;
}

static void test_csv_errors_then_import(void **state)
{
	(void)state;
	make_ids();
	struct db *db = fresh_db();
	struct hio_result res;
	struct hio_options o = opts(true);

	/* dry run of the broken file: the errors, with their rows and columns */
	char *bad = messy_csv(true);
	assert_int_equal(household_import(db, bad, strlen(bad), HIO_CSV, &o, &res), 1);
	assert_int_equal(json_array_size(res.errors), 2);
	json_t *e = find_error(res.errors, 4, "证件号码");
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "value")), "4.69030201903E+17");
	assert_non_null(strstr(json_string_value(json_object_get(e, "message_zh")), "科学计数法"));
	assert_non_null(find_error(res.errors, 5, "健康状况"));
	hio_result_free(&res);

	/* a real run of a broken file writes nothing */
	o = opts(false);
	assert_int_equal(household_import(db, bad, strlen(bad), HIO_CSV, &o, &res), 1);
	hio_result_free(&res);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households"), 0);

	/* the marked copy has the bad cells */
	o = opts(true);
	o.want_report_xlsx = true;
	assert_int_equal(household_import(db, bad, strlen(bad), HIO_CSV, &o, &res), 1);
	assert_true(res.report_fd >= 0);
	assert_true(res.report_size > 100);
	size_t rlen;
	char *report = read_fd(res.report_fd, &rlen);
	res.report_fd = -1;
	struct report_check rc4 = { 0 };
	struct xlsx_error xe;
	assert_int_equal(xlsx_read_rows(report, rlen, check_report, &rc4, &xe), 0);
	assert_int_equal(rc4.rows, 5);
	assert_true(rc4.marked);
	free(report);
	hio_result_free(&res);
	free(bad);

	/* fixed: the dry run counts and writes nothing */
	char *good = messy_csv(false);
	o = opts(true);
	int rc = household_import(db, good, strlen(good), HIO_CSV, &o, &res);
	if (rc)
		dump_errors(&res);
	assert_int_equal(rc, 0);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.households, 2);
	assert_int_equal(res.members, 4);
	assert_int_equal(res.hh.inserted, 2);
	assert_int_equal(res.mem.inserted, 4);
	hio_result_free(&res);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households"), 0);

	/* the real run */
	o = opts(false);
	assert_int_equal(household_import(db, good, strlen(good), HIO_CSV, &o, &res), 0);
	assert_int_equal(res.hh.inserted, 2);
	assert_int_equal(res.mem.inserted, 4);
	hio_result_free(&res);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households"), 2);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members"), 4);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members WHERE birth_date = '2019-03-05' AND sex = 'M'"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households WHERE status = 'exited_enjoying' AND main_cause = 'illness'"
				   " AND attribute = 'general' AND identified_year = 2016 AND head_name = '王强'"), 1);
	/* the ID number is stored sealed (db/at_rest.h), normalised, with its keyed hash */
	struct db_stmt *st = db_query(db, "SELECT id_number, id_number_hash FROM members WHERE ethnicity = '19' AND name = '李芳'", "");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	char plain[64], hash[FIELDCRYPT_HASH_LEN];
	assert_true(strncmp(db_column_text(st, 0), "x1:", 3) == 0);
	assert_int_equal(fieldcrypt_open("members.id_number", db_column_text(st, 0), plain, sizeof(plain)), 0);
	assert_int_equal(plain[17], 'X');
	fieldcrypt_hash("id_number", plain, hash);
	assert_string_equal(db_column_text(st, 1), hash);
	assert_int_not_equal(fieldcrypt_open("members.phone", db_column_text(st, 0), plain, sizeof(plain)), 0);
	db_finalize(st);
	assert_int_equal(count(db, "SELECT per_capita FROM household_incomes WHERE year = 2023 AND household_id ="
				   " (SELECT id FROM households WHERE household_no = 'HH001')"), 5200);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members WHERE insured_medical = 1 AND insured_serious = 0 AND name = '王小明'"), 1);
	int64_t audits = count(db, "SELECT COUNT(*) FROM audit_log");
	/* one row for the households (with their incomes), one for the members */
	assert_int_equal(audits, 2);
	assert_int_equal(count(db, "SELECT SUM(last_id - first_id + 1) FROM audit_ranges"), 2 + 4);

	/* the same file again: nothing changes */
	assert_int_equal(household_import(db, good, strlen(good), HIO_CSV, &o, &res), 0);
	assert_int_equal(res.hh.unchanged, 2);
	assert_int_equal(res.mem.unchanged, 4);
	assert_int_equal(res.hh.inserted + res.hh.updated + res.mem.inserted + res.mem.updated, 0);
	hio_result_free(&res);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log"), audits);

	/* a changed value: one member updated, one audit row */
	char *p = strstr(good, "长期慢性病");
	assert_non_null(p);
	char *changed = NULL;
	assert_true(asprintf(&changed, "%.*s患有大病%s", (int)(p - good), good, p + strlen("长期慢性病")) > 0);
	assert_int_equal(household_import(db, changed, strlen(changed), HIO_CSV, &o, &res), 0);
	assert_int_equal(res.mem.updated, 1);
	assert_int_equal(res.mem.unchanged, 3);
	assert_int_equal(res.hh.unchanged, 2);
	hio_result_free(&res);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log"), audits + 1);
	/* health is sealed at rest: the changed member is found by the keyed hash of its new code */
	char serious[FIELDCRYPT_HASH_LEN];
	fieldcrypt_hash("health", "serious", serious);
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM members WHERE health_hash = $1", "t", serious), DB_ROW);
	assert_int_equal(n, 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members WHERE health = 'serious'"), 0);
	free(changed);
	free(good);
	db_close(db);
}

/* ---- XLSX ---------------------------------------------------------------------------------- */

static char *read_fd(int fd, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	ssize_t got;
	while ((got = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	close(fd);
	*len = n;
	return buf;
}

/* A workbook as Excel makes them: a title row, shared strings, numbers for
 * dates and (wrongly) ID numbers, 乡镇 + 行政村 names instead of the code. */
static char *make_xlsx(size_t *len, bool id_as_number)
{
	char path[] = "/tmp/test-hio-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
	worksheet_write_string(ws, 0, 0, "建档立卡贫困人口信息表", NULL);
	static const char *const head[] = { "户编号", "乡镇", "行政村", "户主姓名", "姓名", "与户主关系", "证件号码", "出生日期",
					    "是否享受低保", "户状态", "贫困户属性", "主要致贫原因", "识别年度", "务工时间（月）" };
	for (int i = 0; i < 14; i++)
		worksheet_write_string(ws, 1, (lxw_col_t)i, head[i], NULL);
	char id1[19], id2[19];
	make_id(id1, "19700202", 31);
	make_id(id2, "19720303", 42);
	const char *ids[2] = { id1, id2 };
	const char *names[2] = { "黄大山", "符小花" };
	const char *rel[2] = { "户主", "配偶" };
	for (int r = 0; r < 2; r++) {
		lxw_row_t row = (lxw_row_t)(2 + r);
		worksheet_write_string(ws, row, 0, "ＨＨ１００", NULL);   /* full-width */
		worksheet_write_string(ws, row, 1, "营根镇", NULL);
		worksheet_write_string(ws, row, 2, "百花村", NULL);
		worksheet_write_string(ws, row, 3, "黄大山", NULL);
		worksheet_write_string(ws, row, 4, names[r], NULL);
		worksheet_write_string(ws, row, 5, rel[r], NULL);
		if (id_as_number && r == 1)
			worksheet_write_number(ws, row, 6, strtod(ids[r], NULL), NULL);
		else
			worksheet_write_string(ws, row, 6, ids[r], NULL);
		/* column H left empty on purpose: birth from the ID; serial on row 1 */
		if (r == 0)
			worksheet_write_number(ws, row, 7, 25601, NULL);   /* 1970-02-02 */
		worksheet_write_boolean(ws, row, 8, r == 0, NULL);
		worksheet_write_string(ws, row, 9, "未脱贫", NULL);
		worksheet_write_string(ws, row, 10, "一般贫困户", NULL);
		worksheet_write_string(ws, row, 11, "缺资金", NULL);
		worksheet_write_number(ws, row, 12, 2014, NULL);
		worksheet_write_number(ws, row, 13, 3, NULL);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	FILE *fp = fopen(path, "rb");
	char *buf = read_fd(dup(fileno(fp)), len);
	fclose(fp);
	unlink(path);
	return buf;
}

static int collect(void *ctx, int line, const char *const *cells, int n)
{
	int *rows = ctx;
	if (line == 2)
		assert_string_equal(cells[0], "户编号");
	if (line == 3) {
		assert_true(n >= 14);
		assert_string_equal(cells[7], "25601");
		assert_string_equal(cells[8], "1");
	}
	(*rows)++;
	return 0;
}

/* GB 3304 names map to their codes (佤族 21, 傈僳族 20, 德昂族 46, 畲族 22, 羌族 33); 自然销户 is a
 * household's status; the old 监测对象 is none, and an unknown value lists the allowed ones. */
static void test_statuses_and_ethnicities(void **state)
{
	(void)state;
	struct db *db = fresh_db();
	static const struct { const char *eth, *code, *status; } rows[] = {
		{ "佤族", "21", "未脱贫" }, { "傈僳族", "20", "自然销户" }, { "德昂族", "46", "未脱贫" },
		{ "畲族", "22", "返贫" }, { "羌族", "33", "未脱贫" }, { "外国血统中国籍人士", "98", "非建档立卡户" },
	};
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	fputs(HEADER, f);
	for (int i = 0; i < 6; i++) {
		char id[19], birth[9] = "19700101";
		birth[7] = (char)('1' + i);   /* 1970-01-01 .. 1970-01-06 */
		make_id(id, birth, 31 + i);
		fprintf(f, "HE%02d,469030100200,甲%d,甲%d,户主,%s,%s,%s,1970-01-0%d,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
			"一般贫困户,%s,因病,2016,13800138000,5000\n", i, i, i, id, (id[16] - '0') % 2 ? "男" : "女", rows[i].eth,
			i + 1, rows[i].status);
	}
	fclose(f);
	struct hio_result res;
	struct hio_options o = opts(false);
	int rc = household_import(db, s, strlen(s), HIO_CSV, &o, &res);
	if (rc)
		dump_errors(&res);
	assert_int_equal(rc, 0);
	hio_result_free(&res);
	for (int i = 0; i < 6; i++) {
		char sql[160];
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM members WHERE name = '甲%d' AND ethnicity = '%s'", i, rows[i].code);
		assert_int_equal(count(db, sql), 1);
	}
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households WHERE household_no = 'HE01' AND status = 'removed'"), 1);
	free(s);

	/* the old monitored statuses */
	f = open_memstream(&s, &n);
	fputs(HEADER, f);
	fprintf(f, "HM01,469030100200,乙,乙,户主,,男,汉族,1970-01-01,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
		"一般贫困户,监测对象,因病,2016,13800138000,5000\n");
	fprintf(f, "HM02,469030100200,丙,丙,户主,,男,汉族,1970-01-01,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
		"一般贫困户,风险已消除,因病,2016,13800138000,5000\n");
	fprintf(f, "HM03,469030100200,丁,丁,户主,,男,汉族,1970-01-01,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
		"一般贫困户,很穷,因病,2016,13800138000,5000\n");
	fclose(f);
	o = opts(true);
	assert_int_equal(household_import(db, s, strlen(s), HIO_CSV, &o, &res), 1);
	json_t *e2 = find_error(res.errors, 2, "户状态"), *e3 = find_error(res.errors, 3, "户状态"), *e4 = find_error(res.errors, 4, "户状态");
	assert_non_null(e2);
	assert_non_null(e3);
	assert_non_null(e4);
	assert_non_null(strstr(json_string_value(json_object_get(e2, "message_zh")), "防返贫监测记录"));
	assert_non_null(strstr(json_string_value(json_object_get(e3, "message_zh")), "防返贫监测记录"));
	const char *m4 = json_string_value(json_object_get(e4, "message_zh"));
	assert_non_null(strstr(m4, "可选"));
	assert_non_null(strstr(m4, "已脱贫（享受政策）"));
	assert_null(strstr(m4, "监测对象"));
	hio_result_free(&res);
	free(s);
	db_close(db);
}

static void test_xlsx_import(void **state)
{
	(void)state;
	struct db *db = fresh_db();
	size_t len;
	char *data = make_xlsx(&len, true);
	int rows = 0;
	struct xlsx_error xe;
	int xr = xlsx_read_rows(data, len, collect, &rows, &xe);
	if (xr)
		fprintf(stderr, "%s\n", xe.en);
	assert_int_equal(xr, 0);
	assert_int_equal(rows, 4);

	struct hio_result res;
	struct hio_options o = opts(false);
	assert_int_equal(household_import(db, data, len, HIO_XLSX, &o, &res), 1);
	json_t *e = find_error(res.errors, 4, "证件号码");
	assert_non_null(e);
	assert_non_null(strstr(json_string_value(json_object_get(e, "message_zh")), "科学计数法"));
	hio_result_free(&res);
	free(data);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households"), 0);

	data = make_xlsx(&len, false);
	int rc = household_import(db, data, len, HIO_XLSX, &o, &res);
	if (rc)
		dump_errors(&res);
	assert_int_equal(rc, 0);
	assert_int_equal(res.hh.inserted, 1);
	assert_int_equal(res.mem.inserted, 2);
	hio_result_free(&res);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households WHERE household_no = 'HH100' AND division = '469030100201'"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members WHERE dibao = 1 AND months_worked = 3 AND birth_date = '1970-02-02'"), 1);
	assert_int_equal(household_import(db, data, len, HIO_XLSX, &o, &res), 0);
	assert_int_equal(res.hh.unchanged, 1);
	assert_int_equal(res.mem.unchanged, 2);
	hio_result_free(&res);
	free(data);

	/* not a workbook at all, and a truncated one */
	o = opts(true);
	assert_int_equal(household_import(db, "PK\x03\x04garbage", 11, HIO_XLSX, &o, &res), 1);
	assert_int_equal(json_array_size(res.errors), 1);
	hio_result_free(&res);
	db_close(db);
}

/* ---- export, then import the export ---------------------------------------------------------- */

static void export_roundtrip(struct db *db, enum hio_format fmt, bool unmasked)
{
	struct arena *a = arena_new();
	struct req r;
	req_init(&r, a);
	static const char *scopes[] = { "" };
	struct principal admin = { .id = 0, .username = "admin", .role = ROLE_ADMIN, .scopes = scopes, .nscopes = 1 };
	r.user = &admin;
	r.db = db;
	r.method = "GET";
	r.remote_addr = "127.0.0.1";
	struct kv q[] = { { "unmasked", "1" }, { "reason", "核对数据" }, { "year", "2023" }, { "division", "469030" } };
	r.query = q;
	r.nquery = unmasked ? 4 : 2 + 1;
	if (!unmasked) {
		q[0] = (struct kv){ "year", "2023" };
		q[1] = (struct kv){ "division", "469030" };
		r.nquery = 2;
	}
	int fd;
	int64_t size;
	assert_int_equal(household_export_to_fd(&r, false, fmt, &fd, &size), 0);
	size_t len;
	char *data = read_fd(fd, &len);
	assert_int_equal((int64_t)len, size);
	if (fmt == HIO_CSV) {
		assert_memory_equal(data, "\xEF\xBB\xBF\"户编号\"", 13);
		assert_non_null(strstr(data, unmasked ? id_head : "469030********"));
	}
	struct hio_result res;
	struct hio_options o = opts(false);
	int rc = household_import(db, data, len, fmt, &o, &res);
	if (unmasked) {
		if (rc)
			dump_errors(&res);
		assert_int_equal(rc, 0);
		assert_int_equal(res.hh.inserted + res.hh.updated + res.mem.inserted + res.mem.updated, 0);
		assert_int_equal(res.hh.unchanged, 3);
		assert_int_equal(res.mem.unchanged, 6);
	} else {
		assert_int_equal(rc, 1);   /* masked ID numbers cannot come back */
		assert_non_null(strstr(json_string_value(json_object_get(json_array_get(res.errors, 0), "message_zh")), "脱敏"));
	}
	hio_result_free(&res);
	free(data);
	req_release(&r);
	arena_free(a);
}

static void test_export_roundtrip(void **state)
{
	(void)state;
	make_ids();
	struct db *db = fresh_db();
	struct hio_result res;
	struct hio_options o = opts(false);
	char *good = messy_csv(false);
	assert_int_equal(household_import(db, good, strlen(good), HIO_CSV, &o, &res), 0);
	hio_result_free(&res);
	free(good);
	size_t len;
	char *data = make_xlsx(&len, false);
	assert_int_equal(household_import(db, data, len, HIO_XLSX, &o, &res), 0);
	hio_result_free(&res);
	free(data);

	int64_t audits = count(db, "SELECT COUNT(*) FROM audit_log");
	export_roundtrip(db, HIO_CSV, true);
	export_roundtrip(db, HIO_XLSX, true);
	/* one "export" audit row per unmasked export, nothing else */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log"), audits + 2);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'"), 2);
	export_roundtrip(db, HIO_CSV, false);
	export_roundtrip(db, HIO_XLSX, false);
	db_close(db);
}

/* households of 3 members each in one village: 欧阳<h> and his 欧阳<h>号妻
 * and 欧阳<h>号子, born on a day of their own */
static char *bulk_csv(int households, int first_seq, const char *prefix)
{
	size_t cap = 4096 + (size_t)households * 3 * 300, len = 0;
	char *s = malloc(cap);
	len += (size_t)snprintf(s, cap, HEADER);
	static const char *const rel[] = { "户主", "配偶", "之子" }, *const suffix[] = { "", "号妻", "号子" };
	static const int born_after_head[] = { 0, 2, 25 };
	for (int h = 0; h < households; h++)
		for (int m = 0; m < 3; m++) {
			char birth[9], id[19];
			unsigned u = (unsigned)h;
			snprintf(birth, sizeof(birth), "%04u%02u%02u", (1940 + u / 336 + (unsigned)born_after_head[m]) % 10000,
				 u / 28 % 12 + 1, u % 28 + 1);
			make_id(id, birth, first_seq + m);
			len += (size_t)snprintf(s + len, cap - len,
				"%s%04d,469030100200,欧阳%d,欧阳%d%s,%s,%s,,汉族,,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
				"一般贫困户,未脱贫,因病,2016,,4000\n", prefix, h, h, h, suffix[m], rel[m], id);
		}
	return s;
}

/* A large import drops the trigram triggers, fills the trigram indexes at
 * the end and creates the triggers again: the same schema, every name
 * findable, one audit row per entity whose runs hold every id; the imports
 * after it go through the triggers again. */
static void test_bulk_load(void **state)
{
	(void)state;
	struct db *db = fresh_db();
	static const char schema[] = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('households_division',"
		"'members_household', 'members_division', 'household_history_household', 'households_fts_insert',"
		"'members_fts_insert')";
	assert_int_equal(count(db, schema), 6);
	struct hio_result res;
	struct hio_options o = opts(false);
	o.bulk_min_members = 30;
	/* 700 households: more than one group of households */
	char *csv = bulk_csv(700, 100, "B");
	assert_int_equal(household_import(db, csv, strlen(csv), HIO_CSV, &o, &res), 0);
	assert_int_equal(res.mem.inserted, 2100);
	hio_result_free(&res);
	free(csv);
	assert_int_equal(count(db, schema), 6);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members"), 2100);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM household_history"), 2100);
	/* every name, in both groups: 欧阳1, 欧阳1x, 欧阳1xx and 欧阳6, 欧阳6x, 欧阳6xx */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"欧阳1\"'"), 333);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"欧阳6\"'"), 333);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households_fts WHERE households_fts MATCH '\"欧阳69\"'"), 11);
	assert_int_equal(db_exec_script(db, "INSERT INTO members_fts (members_fts) VALUES ('integrity-check');"
					    "INSERT INTO households_fts (households_fts) VALUES ('integrity-check')"), DB_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'create'"), 2);
	assert_int_equal(count(db, "SELECT SUM(last_id - first_id + 1) FROM audit_ranges WHERE entity = 'member'"), 2100);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members m WHERE NOT EXISTS (SELECT 1 FROM audit_ranges r"
				   " WHERE r.entity = 'member' AND m.id BETWEEN r.first_id AND r.last_id)"), 0);
	/* a small import afterwards goes through the triggers */
	o.bulk_min_members = 0;
	csv = bulk_csv(2, 500, "S");
	assert_int_equal(household_import(db, csv, strlen(csv), HIO_CSV, &o, &res), 0);
	hio_result_free(&res);
	free(csv);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"欧阳1号妻\"'"), 2);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_errors_then_import),
		cmocka_unit_test(test_statuses_and_ethnicities),
		cmocka_unit_test(test_xlsx_import),
		cmocka_unit_test(test_export_roundtrip),
		cmocka_unit_test(test_bulk_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
