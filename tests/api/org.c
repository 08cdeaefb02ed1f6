/*
 * org.c - API tests of divisions, party organisations, units and people.
 *
 * usage: api_org --server build/lianxin --db sqlite|postgres
 * Before the server starts, the CLI imports the five seed counties
 * (data/divisions/<county>/ *.csv, paths relative to the repository root,
 * where the test runs) and creates the accounts.  With --db postgres the
 * database comes from PG_TEST_URL (see scripts/with-postgres.sh).
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static char tmpdir[256];
static bool sqlite_db;
static struct server srv;
static struct session orgadmin, county, towna, townb, grid, viewer, auditor;

#define PW "Org-Admin-2026"
#define SEED_COUNTIES 5
static const char *const counties[SEED_COUNTIES] = { "130728", "420323", "440232", "469030", "530921" };

/* filled by the tests, used by later ones */
static char vill_b[16];             /* a village of township 469030101 */
static char id_p1[19];              /* the first person's ID number */
static int64_t person_p1;

/* ---- helpers ------------------------------------------------------------ */

/* SQL on the database itself, beside the server (harness.h) */
static int raw_sql(const char *sql, char *out, size_t len)
{
	return raw_sql_on(db_url, sql, out, len);
}

static int64_t raw_count(const char *sql)
{
	return raw_count_on(db_url, sql);
}

/* One request; the caller frees r. */

/* Percent-encode s (UTF-8) for a query string. */

/* Create a record: POST path body as s, expect 201, return the id (0 on failure). */

/* True when every item's key starts with prefix (and there is at least one item). */
static bool all_items_prefixed(json_t *list, const char *key, const char *prefix, char *bad, size_t badlen)
{
	size_t i;
	json_t *item;
	json_t *items = json_object_get(list, "items");
	if (json_array_size(items) == 0) {
		snprintf(bad, badlen, "(no items)");
		return false;
	}
	json_array_foreach(items, i, item) {
		const char *v = jstr(item, key);
		if (strncmp(v, prefix, strlen(prefix)) != 0) {
			snprintf(bad, badlen, "%s", v);
			return false;
		}
	}
	return true;
}

static bool list_has_id(json_t *list, int64_t id)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item)
		if (jint(item, "id") == id)
			return true;
	return false;
}

static bool list_has_code(json_t *list, const char *code)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item)
		if (!strcmp(jstr(item, "code"), code))
			return true;
	return false;
}

/*
 * Run the CLI on db with args; stdin_text is written to its standard input.
 * When err is set it receives (the start of) the standard error.
 */
static int run_cli_db(const char *db, const char *stdin_text, const char *const *args, char *err, size_t errlen)
{
	return cli_run(binary, db, stdin_text, args, err, errlen);
}

static int run_cli(const char *stdin_text, const char *const *args, char *err, size_t errlen)
{
	return run_cli_db(db_url, stdin_text, args, err, errlen);
}

/* The seed CSV files of the five counties, for `import divisions`. */
static glob_t seed_files;

static int import_seed(const char *db, char *err, size_t errlen)
{
	const char *args[64] = { "import", "divisions" };
	int n = 2;
	for (size_t i = 0; i < seed_files.gl_pathc && n < 63; i++)
		args[n++] = seed_files.gl_pathv[i];
	args[n] = NULL;
	return run_cli_db(db, NULL, args, err, errlen);
}

static int import_files(const char *const *files, char *err, size_t errlen)
{
	const char *args[16] = { "import", "divisions" };
	int n = 2;
	for (int i = 0; files[i] && n < 15; i++)
		args[n++] = files[i];
	args[n] = NULL;
	return run_cli(NULL, args, err, errlen);
}

static int add_user(const char *db, const char *username, const char *role, const char *division)
{
	const struct test_account a = { username, role, division, NULL };
	return accounts_add(binary, db, &a, 1, PW);
}

/* Data rows of a CSV file: non-empty lines minus the header. */
static long data_rows(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return -1;
	char line[4096];
	long n = 0;
	while (fgets(line, sizeof(line), fp)) {
		size_t len = strlen(line);
		bool empty = len == 0 || line[0] == '\n' || (line[0] == '\r' && line[1] == '\n');
		if (!empty)
			n++;
		/* a line longer than the buffer continues in the next fgets */
		while (len == sizeof(line) - 1 && line[len - 1] != '\n' && fgets(line, sizeof(line), fp))
			len = strlen(line);
	}
	fclose(fp);
	return n - 1;
}

static bool write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	if (fp == NULL)
		return false;
	fputs(text, fp);
	return fclose(fp) == 0;
}

/* GB 11643 check character of 17 digits. */
static char id_check(const char *first17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char chars[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * w[i];
	return chars[sum % 11];
}

/* region (6) + birth (8) + sequence (3) + check character */
static void make_id(char out[19], const char *region, const char *birth, int seq)
{
	snprintf(out, 19, "%.6s%.8s%03d", region, birth, seq % 1000);
	out[17] = id_check(out);
	out[18] = '\0';
}

static void mask_id(const char *id, char out[19])
{
	snprintf(out, 19, "%.6s********%.4s", id, id + 14);
}

/* No full sensitive value in a raw reply body. */
static void expect_no_leak(const struct resp *r, const char *full, const char *what)
{
	EXPECT(strstr(r->body, full) == NULL, "%s: the full value %s appears in %s", what, full, r->body);
}

/* ---- 1. import ------------------------------------------------------------ */

static int64_t audit_total(const char *query)
{
	char path[512];
	snprintf(path, sizeof(path), "/api/v1/audit?%s&page_size=1", query);
	json_t *j = get_json(&auditor, path, 200);
	int64_t n = j ? jint(j, "total") : -1;
	json_decref(j);
	return n;
}

static void test_import(void)
{
	char path[256], file[256];
	for (int i = 0; i < SEED_COUNTIES; i++) {
		snprintf(file, sizeof(file), "data/divisions/%s/streets.csv", counties[i]);
		long towns = data_rows(file);
		snprintf(file, sizeof(file), "data/divisions/%s/villages.csv", counties[i]);
		long villages = data_rows(file);
		EXPECT(towns > 0 && villages > 0, "%s: seed files readable (%ld, %ld)", counties[i], towns, villages);
		snprintf(path, sizeof(path), "/api/v1/divisions/%s", counties[i]);
		json_t *n = get_json(&orgadmin, path, 200);
		json_t *c = json_object_get(n, "counts");
		EXPECT(jint(c, "townships") == towns, "%s: %lld townships, %ld rows in streets.csv", counties[i],
		       (long long)jint(c, "townships"), towns);
		EXPECT(jint(c, "villages") == villages, "%s: %lld villages, %ld rows in villages.csv", counties[i],
		       (long long)jint(c, "villages"), villages);
		EXPECT(!strcmp(jstr(n, "level"), "county"), "%s is a county: %s", counties[i], jstr(n, "level"));
		json_decref(n);
	}
	json_t *v = get_json(&orgadmin, "/api/v1/divisions/469030100206", 200);
	EXPECT(!strcmp(jstr(v, "name"), "朝参村委会"), "469030100206 name %s", jstr(v, "name"));
	EXPECT(!strcmp(jstr(v, "level"), "village"), "469030100206 level %s", jstr(v, "level"));
	EXPECT(!strcmp(jstr(v, "parent_code"), "469030100"), "469030100206 parent %s", jstr(v, "parent_code"));
	char updated_before[64];
	snprintf(updated_before, sizeof(updated_before), "%s", jstr(v, "updated_at"));
	json_decref(v);

	static const struct { const char *code, *name; } seeds[] = {
		{ "469030202204", "什运" }, { "469030104206", "万众" }, { "530921202201", "新华" },
		{ "530921105204", "涌金" }, { "440232100212", "健民" }, { "440232112211", "上营" },
		{ "130728203211", "南刘家窑" }, { "420323104211", "董家沟" },
	};
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		snprintf(path, sizeof(path), "/api/v1/divisions/%s", seeds[i].code);
		json_t *s = get_json(&orgadmin, path, 200);
		EXPECT(strstr(jstr(s, "name"), seeds[i].name) != NULL, "%s named %s: %s", seeds[i].code, seeds[i].name,
		       jstr(s, "name"));
		EXPECT(!strcmp(jstr(s, "level"), "village"), "%s is a village", seeds[i].code);
		json_decref(s);
	}

	/* a re-import changes nothing */
	int64_t upd0 = audit_total("entity=division&action=update");
	sleep(1);
	char err[8192];
	int rc = import_seed(db_url, err, sizeof(err));
	EXPECT(rc == 0, "re-import exits 0 (%d): %s", rc, err);
	v = get_json(&orgadmin, "/api/v1/divisions/469030100206", 200);
	EXPECT(!strcmp(jstr(v, "updated_at"), updated_before), "re-import keeps updated_at (%s -> %s)", updated_before,
	       jstr(v, "updated_at"));
	json_decref(v);
	EXPECT(audit_total("entity=division&action=update") == upd0, "re-import writes no division update audit rows");

	/* a changed name */
	char renamed[300];
	snprintf(renamed, sizeof(renamed), "%s/renamed.csv", tmpdir);
	write_file(renamed, "code,name,parent_code\n469030100206,朝参村委会（改）,469030100\n");
	const char *f1[] = { renamed, NULL };
	rc = import_files(f1, err, sizeof(err));
	EXPECT(rc == 0, "import of a renamed village exits 0 (%d): %s", rc, err);
	v = get_json(&orgadmin, "/api/v1/divisions/469030100206", 200);
	EXPECT(!strcmp(jstr(v, "name"), "朝参村委会（改）"), "renamed: %s", jstr(v, "name"));
	json_decref(v);
	json_t *a = get_json(&auditor, "/api/v1/audit?entity=division&action=update&entity_id=469030100206", 200);
	bool found = false;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(a, "items"), i, row) {
		if (!strcmp(jstr(json_object_get(row, "before"), "name"), "朝参村委会") &&
		    !strcmp(jstr(json_object_get(row, "after"), "name"), "朝参村委会（改）"))
			found = true;
	}
	EXPECT(found, "an audit row with the before and after names: %s", json_dumps(a, 0));
	json_decref(a);
	const char *orig[] = { "data/divisions/469030/villages.csv", NULL };
	rc = import_files(orig, err, sizeof(err));
	EXPECT(rc == 0, "import of the original file exits 0 (%d): %s", rc, err);
	v = get_json(&orgadmin, "/api/v1/divisions/469030100206", 200);
	EXPECT(!strcmp(jstr(v, "name"), "朝参村委会"), "name restored: %s", jstr(v, "name"));
	json_decref(v);

	/* a bad file writes nothing */
	char bad[300];
	snprintf(bad, sizeof(bad), "%s/bad.csv", tmpdir);
	write_file(bad, "code,name,parent_code\n"
			"469030100299,新建测试村,469030100\n"
			"46903010A298,坏代码村,469030100\n"
			"469030100297,正常村,469030100\n"
			"469030100296,\"未闭合引号村,469030100\n"
			"469030100295,又一村,469030100\n");
	const char *f2[] = { bad, NULL };
	rc = import_files(f2, err, sizeof(err));
	EXPECT(rc == 1, "a bad file exits 1 (%d): %s", rc, err);
	EXPECT(strstr(err, ":3:") != NULL, "stderr names line 3: %s", err);
	struct resp r;
	req(&orgadmin, "GET", "/api/v1/divisions/469030100299", NULL, &r);
	expect_error(&r, 404, "not_found", "the valid row of a bad file was not written");
	resp_free(&r);
	req(&orgadmin, "GET", "/api/v1/divisions/469030100297", NULL, &r);
	expect_error(&r, 404, "not_found", "nothing of a bad file was written");
	resp_free(&r);
	/* a bad file among good ones: still nothing */
	const char *f3[] = { renamed, bad, NULL };
	rc = import_files(f3, err, sizeof(err));
	EXPECT(rc == 1, "good + bad files exit 1 (%d)", rc);
	v = get_json(&orgadmin, "/api/v1/divisions/469030100206", 200);
	EXPECT(!strcmp(jstr(v, "name"), "朝参村委会"), "the good file beside a bad one was not applied: %s", jstr(v, "name"));
	json_decref(v);
}

/* ---- 2. divisions API ------------------------------------------------------ */

static void test_divisions(void)
{
	json_t *l = get_json(&orgadmin, "/api/v1/divisions/469030/children?page_size=50", 200);
	EXPECT(jint(l, "total") == 11, "469030 has 11 townships: %lld", (long long)jint(l, "total"));
	EXPECT(json_array_size(json_object_get(l, "items")) == 11, "11 items");
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(l, "items"), i, item) {
		EXPECT(jint(item, "child_count") > 0, "township %s has children", jstr(item, "code"));
		EXPECT(!strcmp(jstr(item, "parent_code"), "469030"), "child's parent %s", jstr(item, "parent_code"));
	}
	json_decref(l);
	l = get_json(&orgadmin, "/api/v1/divisions/469030/children?page_size=5&page=3", 200);
	EXPECT(json_array_size(json_object_get(l, "items")) == 1 && jint(l, "total") == 11, "page 3 of 5: 1 item");
	json_decref(l);
	l = get_json(&orgadmin, "/api/v1/divisions/469030/children?page_size=5", 200);
	EXPECT(json_array_size(json_object_get(l, "items")) == 5, "page_size=5: %zu items",
	       json_array_size(json_object_get(l, "items")));
	EXPECT(jint(l, "total") == 11, "paged total 11");
	json_decref(l);

	char path[256];
	snprintf(path, sizeof(path), "/api/v1/divisions?q=%s", qenc("朝参"));
	l = get_json(&orgadmin, path, 200);
	EXPECT(list_has_code(l, "469030100206"), "search 朝参 finds 469030100206: %s", json_dumps(l, 0));
	json_decref(l);

	/* a village of the other township */
	l = get_json(&orgadmin, "/api/v1/divisions/469030101/children?page_size=1", 200);
	snprintf(vill_b, sizeof(vill_b), "%s", jstr(json_array_get(json_object_get(l, "items"), 0), "code"));
	json_decref(l);
	EXPECT(strlen(vill_b) == 12, "township 469030101 has a village: %s", vill_b);

	/* township A's view */
	l = get_json(&towna, "/api/v1/divisions/469030100/children?page_size=200", 200);
	char bad[64];
	EXPECT(all_items_prefixed(l, "code", "469030100", bad, sizeof(bad)), "A sees its villages (bad %s)", bad);
	EXPECT(list_has_code(l, "469030100206"), "A sees 469030100206");
	json_decref(l);
	struct resp r;
	snprintf(path, sizeof(path), "/api/v1/divisions/%s", vill_b);
	req(&towna, "GET", path, NULL, &r);
	expect_error(&r, 404, "not_found", "A reads a village of B");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/divisions/469030", NULL, &r);
	expect_error(&r, 404, "not_found", "A reads its parent county");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/divisions/469030101/children", NULL, &r);
	expect_error(&r, 404, "not_found", "A lists B's children");
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/divisions?q=%s&page_size=200", qenc("村"));
	l = get_json(&towna, path, 200);
	EXPECT(all_items_prefixed(l, "code", "469030100", bad, sizeof(bad)), "A's search ?q=村 stays in A (bad %s)", bad);
	EXPECT(jint(l, "total") == (json_int_t)json_array_size(json_object_get(l, "items")),
	       "A's search total %lld matches its items", (long long)jint(l, "total"));
	json_decref(l);
	l = get_json(&towna, "/api/v1/divisions", 200);
	EXPECT(jint(l, "total") == 1 && list_has_code(l, "469030100"), "A's roots are its township: %s", json_dumps(l, 0));
	json_decref(l);
	/* the county user */
	json_t *c = get_json(&county, "/api/v1/divisions/469030", 200);
	json_decref(c);
	req(&county, "GET", "/api/v1/divisions/530921", NULL, &r);
	expect_error(&r, 404, "not_found", "a county user reads another county");
	resp_free(&r);

	/* grids */
	const char *g1 = "{\"parent_code\":\"469030100206\",\"name\":\"朝参村第1网格\",\"type\":\"grid\"}";
	req(&towna, "POST", "/api/v1/divisions", g1, &r);
	EXPECT(r.status == 201, "create a grid: %ld %s", r.status, r.body);
	EXPECT(!strcmp(jstr(r.json, "code"), "469030100206001"), "first grid code %s", jstr(r.json, "code"));
	EXPECT(!strcmp(jstr(r.json, "type"), "grid") && !strcmp(jstr(r.json, "level"), "group") &&
	       !strcmp(jstr(r.json, "parent_code"), "469030100206"), "grid node %s", r.body);
	resp_free(&r);
	req(&towna, "POST", "/api/v1/divisions",
	    "{\"parent_code\":\"469030100206\",\"name\":\"朝参村第2网格\",\"type\":\"grid\"}", &r);
	EXPECT(r.status == 201 && !strcmp(jstr(r.json, "code"), "469030100206002"), "second grid: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&towna, "PATCH", "/api/v1/divisions/469030100206001", "{\"name\":\"朝参村一网格\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "name"), "朝参村一网格"), "rename a grid: %ld %s", r.status, r.body);
	resp_free(&r);
	json_t *g = get_json(&orgadmin, "/api/v1/divisions/469030100206001", 200);
	EXPECT(!strcmp(jstr(g, "name"), "朝参村一网格"), "the new grid name is stored: %s", jstr(g, "name"));
	json_decref(g);
	req(&towna, "DELETE", "/api/v1/divisions/469030100206002", NULL, &r);
	EXPECT(r.status == 200, "delete a grid: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "GET", "/api/v1/divisions/469030100206002", NULL, &r);
	expect_error(&r, 404, "not_found", "the deleted grid");
	resp_free(&r);
	/* under another township's village */
	char body[256], code[64];
	snprintf(body, sizeof(body), "{\"parent_code\":\"%s\",\"name\":\"越权网格\",\"type\":\"grid\"}", vill_b);
	req(&towna, "POST", "/api/v1/divisions", body, &r);
	EXPECT(r.status == 400 || r.status == 403 || r.status == 404, "a grid under B's village: %ld %s", r.status, r.body);
	EXPECT(json_is_object(json_object_get(r.json, "error")), "refused with an error body: %s", r.body);
	resp_free(&r);
	snprintf(code, sizeof(code), "/api/v1/divisions/%s001", vill_b);
	req(&orgadmin, "GET", code, NULL, &r);
	expect_error(&r, 404, "not_found", "nothing created under B's village");
	resp_free(&r);
	req(&towna, "POST", "/api/v1/divisions",
	    "{\"parent_code\":\"469030100206\",\"name\":\"错类型\",\"type\":\"village\"}", &r);
	expect_field_error(&r, 400, "validation", "type", "a grid of type village");
	resp_free(&r);
	req(&towna, "POST", "/api/v1/divisions", "{\"parent_code\":\"469030100206\",\"name\":\"无类型\"}", &r);
	EXPECT(r.status == 400, "a group without a type: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "GET", "/api/v1/divisions/469030100206002", NULL, &r);
	expect_error(&r, 404, "not_found", "refused creations used no code");
	resp_free(&r);
	req(&towna, "PATCH", "/api/v1/divisions/469030100206", "{\"name\":\"改名村\"}", &r);
	expect_field_error(&r, 400, "validation", "name", "rename a statistical village");
	resp_free(&r);
	req(&towna, "PATCH", "/api/v1/divisions/469030100206001", "{\"level\":\"village\"}", &r);
	expect_field_error(&r, 400, "unknown_field", "level", "a read-only division field");
	resp_free(&r);
	req(&towna, "DELETE", "/api/v1/divisions/469030100206", NULL, &r);
	EXPECT(r.status == 403 || r.status == 400, "a village cannot be deleted: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&viewer, "POST", "/api/v1/divisions", g1, &r);
	expect_error(&r, 403, "forbidden", "a viewer creates a grid");
	resp_free(&r);
}

/* ---- 3. ID validation ---------------------------------------------------- */

static char id_lower_x[19];

static void post_person_id(const char *id, const char *extra, struct resp *r)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"name\":\"身份证测试\",\"division\":\"469030100206\",\"id_number\":\"%s\"%s}", id,
		 extra ? extra : "");
	req(&orgadmin, "POST", "/api/v1/people", body, r);
}

static void test_idcard(void)
{
	char id[19], masked[19];
	snprintf(id, sizeof(id), "46903019800101123");
	id[17] = id_check(id);
	id[18] = '\0';
	snprintf(id_p1, sizeof(id_p1), "%s", id);
	struct resp r;
	post_person_id(id, NULL, &r);
	EXPECT(r.status == 201, "a good ID %s: %ld %s", id, r.status, r.body);
	EXPECT(!strcmp(jstr(r.json, "sex"), "M"), "sex derived: %s", jstr(r.json, "sex"));
	EXPECT(!strcmp(jstr(r.json, "birth_date"), "1980-01-01"), "birth date derived: %s", jstr(r.json, "birth_date"));
	mask_id(id, masked);
	EXPECT(!strcmp(jstr(r.json, "id_number"), masked), "masked %s, want %s", jstr(r.json, "id_number"), masked);
	person_p1 = jint(r.json, "id");
	resp_free(&r);

	/* a lowercase x */
	id_lower_x[0] = '\0';
	for (int seq = 100; seq < 1000; seq++) {
		make_id(id, "469030", "19850315", seq);
		if (id[17] == 'X') {
			snprintf(id_lower_x, sizeof(id_lower_x), "%s", id);
			break;
		}
	}
	EXPECT(id_lower_x[0], "found an ID with check character X");
	char lower[19];
	snprintf(lower, sizeof(lower), "%s", id_lower_x);
	lower[17] = 'x';
	post_person_id(lower, NULL, &r);
	EXPECT(r.status == 201, "a lowercase x %s: %ld %s", lower, r.status, r.body);
	mask_id(id_lower_x, masked);
	EXPECT(!strcmp(jstr(r.json, "id_number"), masked), "stored with X: %s, want %s", jstr(r.json, "id_number"), masked);
	EXPECT(!strcmp(jstr(r.json, "birth_date"), "1985-03-15"), "birth date %s", jstr(r.json, "birth_date"));
	int64_t px = jint(r.json, "id");
	resp_free(&r);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%lld/reveal", (long long)px);
	req(&orgadmin, "POST", path, "{\"field\":\"id_number\",\"reason\":\"核对大小写\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "value"), id_lower_x), "revealed as uppercase X: %s", r.body);
	resp_free(&r);
	/* the uppercase form is the same number */
	post_person_id(id_lower_x, NULL, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "the uppercase form of a lowercase-x number");
	resp_free(&r);

	/* bad numbers */
	make_id(id, "469030", "19900505", 222);
	id[17] = id[17] == '0' ? '1' : '0';
	post_person_id(id, NULL, &r);
	expect_field_error(&r, 400, "validation", "id_number", "a wrong check character");
	resp_free(&r);
	make_id(id, "469030", "19800230", 123);
	post_person_id(id, NULL, &r);
	expect_field_error(&r, 400, "validation", "id_number", "30 February");
	resp_free(&r);
	make_id(id, "009030", "19800101", 123);
	post_person_id(id, NULL, &r);
	expect_field_error(&r, 400, "validation", "id_number", "an unknown province");
	resp_free(&r);
	make_id(id, "469030", "19800101", 124);
	id[17] = '\0';
	post_person_id(id, NULL, &r);
	expect_field_error(&r, 400, "validation", "id_number", "17 characters");
	resp_free(&r);
	make_id(id, "469030", "19800101", 124);
	char longer[24];
	snprintf(longer, sizeof(longer), "%s1", id);
	post_person_id(longer, NULL, &r);
	expect_field_error(&r, 400, "validation", "id_number", "19 characters");
	resp_free(&r);
	make_id(id, "469030", "21000101", 124);
	post_person_id(id, NULL, &r);
	expect_field_error(&r, 400, "validation", "id_number", "a birth date in the future");
	resp_free(&r);
	/* the sex contradicts the ID (sequence 111: odd, male) */
	make_id(id, "469030", "19900505", 111);
	post_person_id(id, ",\"sex\":\"F\"", &r);
	expect_field_error(&r, 400, "validation", "sex", "a sex contradicting the ID");
	resp_free(&r);
	post_person_id(id, ",\"birth_date\":\"1990-05-06\"", &r);
	expect_field_error(&r, 400, "validation", "birth_date", "a birth date contradicting the ID");
	resp_free(&r);
	post_person_id(id, ",\"sex\":\"M\",\"birth_date\":\"1990-05-05\"", &r);
	EXPECT(r.status == 201, "an agreeing sex and birth date: %ld %s", r.status, r.body);
	resp_free(&r);
	/* refused numbers created nothing */
	snprintf(path, sizeof(path), "/api/v1/people?q=%s&page_size=200", qenc("身份证测试"));
	json_t *l = get_json(&orgadmin, path, 200);
	EXPECT(jint(l, "total") == 3, "3 people created by the ID tests: %lld", (long long)jint(l, "total"));
	json_decref(l);
}

/* ---- 4. uniqueness ------------------------------------------------------- */

static void test_unique(void)
{
	struct resp r;
	char body[512], hash[32];
	snprintf(hash, sizeof(hash), "#%lld", (long long)person_p1);
	snprintf(body, sizeof(body), "{\"name\":\"重复者\",\"division\":\"469030100206\",\"id_number\":\"%s\"}", id_p1);
	req(&orgadmin, "POST", "/api/v1/people", body, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "the same ID again");
	EXPECT(strstr(err_msg(&r, "message_en"), hash) && strstr(err_msg(&r, "message_zh"), hash),
	       "the message names person %s: %s", hash, r.body);
	expect_no_leak(&r, id_p1, "409 reply");
	resp_free(&r);
	req(&towna, "POST", "/api/v1/people", body, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "the same ID by township A");
	EXPECT(strstr(err_msg(&r, "message_en"), hash) != NULL, "A may see the other person: %s", r.body);
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"name\":\"重复者\",\"division\":\"%s\",\"id_number\":\"%s\"}", vill_b, id_p1);
	req(&townb, "POST", "/api/v1/people", body, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "the same ID by township B");
	EXPECT(strchr(err_msg(&r, "message_en"), '#') == NULL && strchr(err_msg(&r, "message_zh"), '#') == NULL,
	       "the message does not name a person B may not see: %s", r.body);
	char idstr[32];
	snprintf(idstr, sizeof(idstr), "%lld", (long long)person_p1);
	EXPECT(strstr(err_msg(&r, "message_en"), idstr) == NULL, "no id in %s", r.body);
	expect_no_leak(&r, id_p1, "409 reply to B");
	resp_free(&r);
	/* changing another person to a taken number is a conflict too */
	/* (same birth date and sex as P1, so only the uniqueness rule can refuse) */
	char id2[19], path[64];
	make_id(id2, "469030", "19800101", 305);
	snprintf(body, sizeof(body), "{\"name\":\"改号者\",\"division\":\"469030100206\",\"id_number\":\"%s\"}", id2);
	int64_t other = create(&orgadmin, "/api/v1/people", body);
	snprintf(path, sizeof(path), "/api/v1/people/%lld", (long long)other);
	snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", id_p1);
	req(&orgadmin, "PATCH", path, body, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "PATCH to a taken ID");
	resp_free(&r);
	/* the same number on itself is fine */
	snprintf(body, sizeof(body), "{\"id_number\":\"%s\",\"position\":\"村民\"}", id2);
	req(&orgadmin, "PATCH", path, body, &r);
	EXPECT(r.status == 200, "PATCH keeping one's own ID: %ld %s", r.status, r.body);
	resp_free(&r);
	/* correcting the ID number re-derives sex and birth date */
	char id3[19];
	make_id(id3, "469030", "19820202", 306);
	snprintf(body, sizeof(body), "{\"id_number\":\"%s\"}", id3);
	req(&orgadmin, "PATCH", path, body, &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "birth_date"), "1982-02-02") && !strcmp(jstr(r.json, "sex"), "F"),
	       "PATCH of the ID number alone re-derives birth date and sex: %ld %s", r.status, r.body);
	resp_free(&r);
}


/* ---- 4b. uniqueness in the database (migration 35) ----------------------- */

#define ROUNDS 6

static void test_unique_at_once(void)
{
	char out[1024];
	/* the database itself refuses a second person with a registered number's hash */
	EXPECT(raw_sql(fmt("INSERT INTO people (name, division, id_number_hash, created_at, updated_at)"
			   " SELECT '直接写入', division, id_number_hash, 0, 0 FROM people WHERE id = %lld",
			   (long long)person_p1), out, sizeof(out)) != 0,
	       "a row repeating a person's ID number hash is refused by the database: %s", out);
	EXPECT(raw_count("SELECT COUNT(*) FROM people WHERE name = '直接写入'") == 0, "and is not there");
	/* a duplicate from before the index (marked, as the migration marks them) stays out of it ... */
	EXPECT(raw_sql(fmt("INSERT INTO people (name, division, id_number, id_number_hash, id_number_dup, created_at, updated_at)"
			   " SELECT '旧重复', division, id_number, id_number_hash, 1, 0, 0 FROM people WHERE id = %lld",
			   (long long)person_p1), out, sizeof(out)) == 0,
	       "a marked duplicate is kept: %s", out);
	int64_t old = raw_count("SELECT id FROM people WHERE name = '旧重复'");
	EXPECT(old > 0, "the marked duplicate is there");
	const char *opath = fmt("/api/v1/people/%lld", (long long)old);
	struct resp r;
	/* the people list names both holders of the number, to be corrected */
	json_t *dups = get_json(&orgadmin, "/api/v1/people?id_number_duplicate=true", 200);
	json_t *items = json_object_get(dups, "items");
	EXPECT(jint(dups, "total") == 2 && find_by(items, "id", old) && find_by(items, "id", person_p1),
	       "?id_number_duplicate=true lists the duplicate and the person it repeats: %s", jd(dups));
	json_decref(dups);
	/* /meta offers the filter as the people list's switch */
	json_t *meta = get_json(&orgadmin, "/api/v1/meta", 200);
	json_t *person = NULL, *ents = json_object_get(meta, "entities");
	for (size_t i = 0; i < json_array_size(ents); i++)
		if (!strcmp(jstr(json_array_get(ents, i), "name"), "person"))
			person = json_array_get(ents, i);
	json_t *flag = json_array_get(json_object_get(person, "flags"), 0);
	EXPECT(flag && !strcmp(jstr(flag, "name"), "id_number_duplicate") && !strcmp(jstr(flag, "zh"), "身份证号重复"),
	       "/meta's person entity offers the duplicate switch: %s", person ? jd(person) : "no person entity");
	json_decref(meta);
	req(&orgadmin, "GET", "/api/v1/people?id_number_duplicate=maybe", NULL, &r);
	expect_field_error(&r, 400, "validation", "id_number_duplicate", "a duplicate filter that is not true");
	resp_free(&r);
	/* ... the writers' check still names the number on any change of it but a correction ... */
	req(&orgadmin, "PATCH", opath, "{\"position\":\"支书\"}", &r);
	expect_field_error(&r, 409, "conflict", "id_number", "a change of a marked duplicate that keeps its number");
	resp_free(&r);
	EXPECT(raw_count(fmt("SELECT COUNT(*) FROM people WHERE id = %lld AND id_number_dup IS NOT NULL", (long long)old)) == 1,
	       "and keeps its mark");
	/* ... and joins the index once its number is corrected */
	char fixed[19];
	make_id(fixed, "469030", "19800101", 871);
	req(&orgadmin, "PATCH", opath, fmt("{\"id_number\":\"%s\"}", fixed), &r);
	EXPECT(r.status == 200, "the duplicate's number corrected: %ld %s", r.status, r.body);
	resp_free(&r);
	EXPECT(raw_count(fmt("SELECT COUNT(*) FROM people WHERE id = %lld AND id_number_dup IS NULL", (long long)old)) == 1,
	       "the correction clears the mark");
	dups = get_json(&orgadmin, "/api/v1/people?id_number_duplicate=true", 200);
	EXPECT(jint(dups, "total") == 0, "and the duplicates' list is empty: %s", jd(dups));
	json_decref(dups);
	EXPECT(raw_sql(fmt("UPDATE people SET id_number_hash = (SELECT id_number_hash FROM people WHERE id = %lld)"
			   " WHERE id = %lld", (long long)person_p1, (long long)old), out, sizeof(out)) != 0,
	       "a corrected row is in the index again: %s", out);
	for (int k = 0; k < ROUNDS; k++) {
		char id[19], id2[19], id3[19];
		make_id(id, "469030", "19880808", 600 + k);
		make_id(id2, "469030", "19880808", 700 + k);
		make_id(id3, "469030", "19880808", 800 + k);
		/* two creations of one new number */
		char body[2][256];
		for (int i = 0; i < 2; i++)
			snprintf(body[i], sizeof(body[i]), "{\"name\":\"并发%c%d\",\"division\":\"469030100206\",\"id_number\":\"%s\"}",
				 'a' + i, k, id);
		struct race_entry x[2] = { { "POST", "/api/v1/people", body[0], as(&orgadmin), { 0 } },
					   { "POST", "/api/v1/people", body[1], as(&orgadmin), { 0 } } };
		race2(&srv, x);
		expect_one_wins_id_number(x, 201, fmt("round %d: two creations", k));
		EXPECT(raw_count(fmt("SELECT COUNT(*) FROM people WHERE name LIKE '并发_%d'", k)) == 1,
		       "round %d: exactly one person holds the number", k);
		for (int i = 0; i < 2; i++)
			resp_free(&x[i].r);
		/* two changes of different people to one new number */
		int64_t p2 = create(&orgadmin, "/api/v1/people",
				    fmt("{\"name\":\"改号甲%d\",\"division\":\"469030100206\",\"id_number\":\"%s\"}", k, id2));
		int64_t p3 = create(&orgadmin, "/api/v1/people",
				    fmt("{\"name\":\"改号乙%d\",\"division\":\"469030100206\",\"id_number\":\"%s\"}", k, id3));
		char path2[64], path3[64], nb[64];
		make_id(id, "469030", "19880808", 900 + k);
		snprintf(path2, sizeof(path2), "/api/v1/people/%lld", (long long)p2);
		snprintf(path3, sizeof(path3), "/api/v1/people/%lld", (long long)p3);
		snprintf(nb, sizeof(nb), "{\"id_number\":\"%s\"}", id);
		struct race_entry y[2] = { { "PATCH", path2, nb, as(&orgadmin), { 0 } },
					   { "PATCH", path3, nb, as(&orgadmin), { 0 } } };
		race2(&srv, y);
		expect_one_wins_id_number(y, 200, fmt("round %d: two changes", k));
		for (int i = 0; i < 2; i++)
			resp_free(&y[i].r);
	}
}

/* ---- 5. masking and reveal ---------------------------------------------- */

static void check_person_masked(json_t *p, const char *id, const char *what)
{
	char masked[19];
	mask_id(id, masked);
	const char *got = jstr(p, "id_number");
	EXPECT(!strcmp(got, masked) && strlen(got) == 18, "%s: id_number %s, want %s", what, got, masked);
	EXPECT(!strcmp(jstr(p, "phone"), "138****5678"), "%s: phone %s", what, jstr(p, "phone"));
}

static void test_masking(void)
{
	char id[19], body[512], path[128];
	const char *phone = "13812345678";
	make_id(id, "469030", "19750620", 456);
	snprintf(body, sizeof(body),
		 "{\"name\":\"脱敏测试\",\"division\":\"469030100206\",\"id_number\":\"%s\",\"phone\":\"%s\"}", id, phone);
	struct resp r;
	req(&orgadmin, "POST", "/api/v1/people", body, &r);
	EXPECT(r.status == 201, "create: %ld %s", r.status, r.body);
	check_person_masked(r.json, id, "POST reply");
	expect_no_leak(&r, id, "POST reply");
	expect_no_leak(&r, phone, "POST reply");
	int64_t pid = jint(r.json, "id");
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/people/%lld", (long long)pid);
	req(&orgadmin, "GET", path, NULL, &r);
	EXPECT(r.status == 200, "GET one: %ld", r.status);
	check_person_masked(r.json, id, "GET one");
	expect_no_leak(&r, id, "GET one");
	expect_no_leak(&r, phone, "GET one");
	resp_free(&r);
	req(&orgadmin, "GET", "/api/v1/people?page_size=200", NULL, &r);
	EXPECT(r.status == 200, "GET list: %ld", r.status);
	bool seen = false;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(r.json, "items"), i, item)
		if (jint(item, "id") == pid) {
			seen = true;
			check_person_masked(item, id, "GET list");
		}
	EXPECT(seen, "the person is in the list");
	expect_no_leak(&r, id, "GET list");
	expect_no_leak(&r, phone, "GET list");
	expect_no_leak(&r, id_p1, "GET list");
	resp_free(&r);
	req(&orgadmin, "PATCH", path, "{\"position\":\"村民小组长\",\"phone\":\"13812345678\"}", &r);
	EXPECT(r.status == 200, "PATCH: %ld %s", r.status, r.body);
	check_person_masked(r.json, id, "PATCH reply");
	expect_no_leak(&r, id, "PATCH reply");
	expect_no_leak(&r, phone, "PATCH reply");
	resp_free(&r);
	/* a village-level grid user reads masked values as well */
	req(&grid, "GET", path, NULL, &r);
	EXPECT(r.status == 200, "grid user reads: %ld %s", r.status, r.body);
	check_person_masked(r.json, id, "grid user's GET");
	expect_no_leak(&r, id, "grid user's GET");
	resp_free(&r);

	/* a unit's contact phone */
	const char *uphone = "13912345678";
	req(&orgadmin, "POST", "/api/v1/units",
	    "{\"name\":\"脱敏测试单位\",\"kind\":\"county_organ\",\"division\":\"469030\",\"contact_name\":\"张联系\","
	    "\"contact_phone\":\"13912345678\"}", &r);
	EXPECT(r.status == 201 && !strcmp(jstr(r.json, "contact_phone"), "139****5678"), "unit POST: %ld %s", r.status, r.body);
	expect_no_leak(&r, uphone, "unit POST reply");
	int64_t uid = jint(r.json, "id");
	resp_free(&r);
	char upath[64];
	snprintf(upath, sizeof(upath), "/api/v1/units/%lld", (long long)uid);
	req(&orgadmin, "GET", upath, NULL, &r);
	EXPECT(!strcmp(jstr(r.json, "contact_phone"), "139****5678"), "unit GET: %s", r.body);
	expect_no_leak(&r, uphone, "unit GET");
	resp_free(&r);
	req(&orgadmin, "GET", "/api/v1/units?page_size=200", NULL, &r);
	EXPECT(r.status == 200 && list_has_id(r.json, uid), "unit list: %ld", r.status);
	expect_no_leak(&r, uphone, "unit list");
	resp_free(&r);
	req(&orgadmin, "PATCH", upath, "{\"note\":\"改\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "contact_phone"), "139****5678"), "unit PATCH: %s", r.body);
	expect_no_leak(&r, uphone, "unit PATCH reply");
	resp_free(&r);
	/* a landline is masked too */
	req(&orgadmin, "PATCH", upath, "{\"contact_phone\":\"0898-86221234\"}", &r);
	EXPECT(r.status == 200, "landline: %ld %s", r.status, r.body);
	expect_no_leak(&r, "86221234", "landline PATCH reply");
	resp_free(&r);
	req(&orgadmin, "PATCH", upath, "{\"contact_phone\":\"12\"}", &r);
	expect_field_error(&r, 400, "validation", "contact_phone", "a bad phone");
	resp_free(&r);

	/* the audit holds masked values only */
	req(&auditor, "GET", "/api/v1/audit?entity=person&page_size=200", NULL, &r);
	EXPECT(r.status == 200 && jint(r.json, "total") > 0, "person audit rows: %ld %s", r.status, r.body);
	expect_no_leak(&r, id, "person audit");
	expect_no_leak(&r, phone, "person audit");
	expect_no_leak(&r, id_p1, "person audit");
	if (id_lower_x[0])
		expect_no_leak(&r, id_lower_x, "person audit");
	char masked[19];
	mask_id(id, masked);
	EXPECT(strstr(r.body, masked) != NULL, "the audit holds the masked ID %s", masked);
	resp_free(&r);
	req(&auditor, "GET", "/api/v1/audit?entity=unit&page_size=200", NULL, &r);
	expect_no_leak(&r, uphone, "unit audit");
	expect_no_leak(&r, "86221234", "unit audit");
	resp_free(&r);

	/* reveal */
	char rpath[160];
	snprintf(rpath, sizeof(rpath), "%s/reveal", path);
	req(&orgadmin, "POST", rpath, "{\"field\":\"id_number\",\"reason\":\"核实身份\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "value"), id) && !strcmp(jstr(r.json, "field"), "id_number"),
	       "reveal: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "POST", rpath, "{\"field\":\"phone\",\"reason\":\"电话回访\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "value"), phone), "reveal phone: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "POST", rpath, "{\"field\":\"id_number\"}", &r);
	EXPECT(r.status == 400, "reveal without a reason: %ld %s", r.status, r.body);
	EXPECT(!strcmp(err_field(&r), "reason"), "names reason: %s", r.body);
	expect_no_leak(&r, id, "refused reveal");
	resp_free(&r);
	req(&orgadmin, "POST", rpath, "{\"field\":\"id_number\",\"reason\":\"\"}", &r);
	EXPECT(r.status == 400, "reveal with an empty reason: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "POST", rpath, "{\"field\":\"name\",\"reason\":\"核实身份\"}", &r);
	expect_field_error(&r, 400, "validation", "field", "reveal a field that is not masked");
	resp_free(&r);
	req(&grid, "POST", rpath, "{\"field\":\"id_number\",\"reason\":\"核实身份\"}", &r);
	expect_error(&r, 403, "forbidden", "a grid user reveals");
	expect_no_leak(&r, id, "grid reveal");
	resp_free(&r);
	req(&viewer, "POST", rpath, "{\"field\":\"id_number\",\"reason\":\"核实身份\"}", &r);
	expect_error(&r, 403, "forbidden", "a viewer reveals");
	resp_free(&r);
	snprintf(body, sizeof(body), "/api/v1/people/%lld/reveal", (long long)pid);
	req(&townb, "POST", body, "{\"field\":\"id_number\",\"reason\":\"核实身份\"}", &r);
	expect_error(&r, 404, "not_found", "township B reveals a person of A");
	resp_free(&r);
	char apath[128];
	snprintf(apath, sizeof(apath), "/api/v1/audit?action=reveal&entity=person&entity_id=%lld", (long long)pid);
	json_t *a = get_json(&auditor, apath, 200);
	bool reason = false;
	json_array_foreach(json_object_get(a, "items"), i, item)
		if (strstr(jstr(item, "detail"), "核实身份") && !strcmp(jstr(item, "username"), "orgadmin"))
			reason = true;
	EXPECT(reason, "the reveal is audited with the reason: %s", json_dumps(a, 0));
	EXPECT(jint(a, "total") == 2, "two reveals of this person audited (refused ones not): %lld",
	       (long long)jint(a, "total"));
	json_decref(a);
}

/* ---- 6. orgs, units, people ---------------------------------------------- */

static void test_crud_scope(void)
{
	struct resp r;
	char body[768], path[256], bad[64];
	int64_t org_a = create(&orgadmin, "/api/v1/orgs",
			       "{\"name\":\"中共朝参村支部委员会\",\"type\":\"village_branch\",\"division\":\"469030100206\"}");
	snprintf(path, sizeof(path), "/api/v1/orgs/%lld", (long long)org_a);
	json_t *o = get_json(&orgadmin, path, 200);
	EXPECT(!strcmp(jstr(o, "division_name"), "朝参村委会"), "division_name %s", jstr(o, "division_name"));
	json_decref(o);
	int64_t unit = create(&orgadmin, "/api/v1/units",
			      "{\"name\":\"琼中县委组织部\",\"kind\":\"county_organ\",\"division\":\"469030\"}");
	snprintf(body, sizeof(body),
		 "{\"name\":\"李支书\",\"division\":\"469030100206\",\"org_id\":%lld,\"unit_id\":%lld,"
		 "\"political_status\":\"member\",\"cadre_role\":\"village_secretary\",\"position\":\"支部书记\"}",
		 (long long)org_a, (long long)unit);
	req(&orgadmin, "POST", "/api/v1/people", body, &r);
	EXPECT(r.status == 201, "a person with references: %ld %s", r.status, r.body);
	EXPECT(!strcmp(jstr(r.json, "org_id_name"), "中共朝参村支部委员会") && !strcmp(jstr(r.json, "unit_id_name"), "琼中县委组织部"),
	       "reference names: %s", r.body);
	EXPECT(!strcmp(jstr(r.json, "member_status"), "full"), "member_status follows: %s", r.body);
	int64_t member = jint(r.json, "id");
	resp_free(&r);

	/* validation */
	req(&orgadmin, "POST", "/api/v1/orgs", "{\"name\":\"坏类型\",\"type\":\"bogus\",\"division\":\"469030100206\"}", &r);
	expect_field_error(&r, 400, "validation", "type", "a bad dictionary value");
	resp_free(&r);
	req(&orgadmin, "POST", "/api/v1/people", "{\"name\":\"坏\",\"division\":\"469030100206\",\"ethnicity\":\"99\"}", &r);
	expect_field_error(&r, 400, "validation", "ethnicity", "a bad ethnicity");
	resp_free(&r);
	req(&orgadmin, "POST", "/api/v1/people", "{\"name\":\"坏\",\"division\":\"469030100206\",\"org_id\":999999}", &r);
	expect_field_error(&r, 400, "validation", "org_id", "an unknown reference");
	char unknown_msg[256];
	snprintf(unknown_msg, sizeof(unknown_msg), "%s", err_msg(&r, "message_en"));
	resp_free(&r);
	req(&orgadmin, "POST", "/api/v1/people", "{\"name\":\"坏\",\"division\":\"469030100206\",\"org_id\":\"1\"}", &r);
	expect_field_error(&r, 400, "validation", "org_id", "a reference as a string");
	resp_free(&r);
	req(&orgadmin, "POST", "/api/v1/orgs", "{\"name\":\"无区划\",\"type\":\"village_branch\"}", &r);
	expect_field_error(&r, 400, "missing_field", "division", "a missing division");
	resp_free(&r);
	req(&orgadmin, "POST", "/api/v1/orgs", "{\"name\":\"假区划\",\"type\":\"village_branch\",\"division\":\"469030100999\"}", &r);
	expect_field_error(&r, 400, "bad_division", "division", "a division that does not exist");
	resp_free(&r);
	req(&orgadmin, "POST", "/api/v1/people", "{\"name\":\"群众\",\"division\":\"469030100206\",\"political_status\":\"masses\","
					       "\"joined_party_on\":\"2000-01-01\"}", &r);
	expect_field_error(&r, 400, "validation", "joined_party_on", "party data of a non-member");
	resp_free(&r);

	/* township B */
	snprintf(body, sizeof(body), "{\"name\":\"中共B村支部委员会\",\"type\":\"village_branch\",\"division\":\"%s\"}", vill_b);
	int64_t org_b = create(&townb, "/api/v1/orgs", body);
	snprintf(body, sizeof(body), "{\"name\":\"王群众\",\"division\":\"%s\",\"political_status\":\"masses\"}", vill_b);
	int64_t person_b = create(&townb, "/api/v1/people", body);
	snprintf(body, sizeof(body), "{\"name\":\"越权引用\",\"division\":\"%s\",\"org_id\":%lld}", vill_b, (long long)org_a);
	req(&townb, "POST", "/api/v1/people", body, &r);
	expect_field_error(&r, 400, "validation", "org_id", "B refers to A's org");
	EXPECT(!strcmp(err_msg(&r, "message_en"), unknown_msg), "same answer as a missing record: \"%s\" vs \"%s\"",
	       err_msg(&r, "message_en"), unknown_msg);
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"name\":\"越权区划\",\"type\":\"village_branch\",\"division\":\"469030100206\"}");
	req(&townb, "POST", "/api/v1/orgs", body, &r);
	EXPECT(r.status == 400 || r.status == 403, "B creates in A's village: %ld %s", r.status, r.body);
	EXPECT(!strcmp(err_field(&r), "division"), "names division: %s", r.body);
	resp_free(&r);
	/* township A */
	int64_t org_a2 = create(&towna, "/api/v1/orgs",
				"{\"name\":\"中共营根镇委员会\",\"type\":\"township_committee\",\"division\":\"469030100\"}");
	snprintf(body, sizeof(body), "{\"parent_id\":%lld}", (long long)org_a2);
	snprintf(path, sizeof(path), "/api/v1/orgs/%lld", (long long)org_a);
	req(&towna, "PATCH", path, body, &r);
	EXPECT(r.status == 200 && jint(r.json, "parent_id") == org_a2 && !strcmp(jstr(r.json, "parent_id_name"), "中共营根镇委员会"),
	       "A sets the parent org: %ld %s", r.status, r.body);
	resp_free(&r);

	/* list filters */
	json_t *l = get_json(&orgadmin, "/api/v1/orgs?division=469030100&page_size=200", 200);
	EXPECT(all_items_prefixed(l, "division", "469030100", bad, sizeof(bad)), "?division= keeps the subtree (bad %s)", bad);
	EXPECT(list_has_id(l, org_a) && list_has_id(l, org_a2) && !list_has_id(l, org_b), "?division= contents");
	json_decref(l);
	l = get_json(&orgadmin, "/api/v1/orgs?type=village_branch&page_size=200", 200);
	EXPECT(all_items_prefixed(l, "type", "village_branch", bad, sizeof(bad)), "?type= (bad %s)", bad);
	EXPECT(list_has_id(l, org_a) && list_has_id(l, org_b) && !list_has_id(l, org_a2), "?type= contents");
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/orgs?q=%s&page_size=200", qenc("朝参"));
	l = get_json(&orgadmin, path, 200);
	EXPECT(list_has_id(l, org_a) && !list_has_id(l, org_b) && !list_has_id(l, org_a2), "?q= finds by name");
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(l, "items"), i, item)
		EXPECT(strstr(jstr(item, "name"), "朝参") != NULL, "?q= item %s", jstr(item, "name"));
	json_decref(l);
	l = get_json(&orgadmin, "/api/v1/people?political_status=member&page_size=200", 200);
	EXPECT(all_items_prefixed(l, "political_status", "member", bad, sizeof(bad)) && list_has_id(l, member) &&
	       !list_has_id(l, person_b), "?political_status=member (bad %s)", bad);
	json_array_foreach(json_object_get(l, "items"), i, item)
		EXPECT(!strcmp(jstr(item, "political_status"), "member"), "member filter: %s", jstr(item, "political_status"));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/people?org_id=%lld", (long long)org_a);
	l = get_json(&orgadmin, path, 200);
	EXPECT(jint(l, "total") == 1 && list_has_id(l, member), "?org_id= filter: %lld", (long long)jint(l, "total"));
	json_decref(l);
	struct resp rr;
	req(&orgadmin, "GET", "/api/v1/orgs?type=bogus", NULL, &rr);
	expect_field_error(&rr, 400, "validation", "type", "a filter with a bad dictionary value");
	resp_free(&rr);
	req(&orgadmin, "GET", "/api/v1/orgs?division=12345", NULL, &rr);
	EXPECT(rr.status == 400, "a bad ?division=: %ld", rr.status);
	resp_free(&rr);

	/* what A sees */
	const char *lists[] = { "/api/v1/orgs?page_size=200", "/api/v1/people?page_size=200", "/api/v1/units?page_size=200" };
	for (int k = 0; k < 2; k++) {
		l = get_json(&towna, lists[k], 200);
		EXPECT(all_items_prefixed(l, "division", "469030100", bad, sizeof(bad)), "A's %s stays in A (bad %s)", lists[k], bad);
		EXPECT(!list_has_id(l, k == 0 ? org_b : person_b), "A does not see B's record in %s", lists[k]);
		json_decref(l);
	}
	l = get_json(&towna, lists[1], 200);
	EXPECT(list_has_id(l, member), "A sees the member in its village");
	json_decref(l);
	l = get_json(&towna, lists[2], 200);
	EXPECT(!list_has_id(l, unit), "A does not see the county's unit");
	json_decref(l);
	l = get_json(&townb, lists[1], 200);
	EXPECT(all_items_prefixed(l, "division", "469030101", bad, sizeof(bad)) && list_has_id(l, person_b),
	       "B's people stay in B (bad %s)", bad);
	json_decref(l);
	const struct { const char *kind; int64_t id; } theirs[] = { { "orgs", org_b }, { "people", person_b } };
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "/api/v1/%s/%lld", theirs[k].kind, (long long)theirs[k].id);
		req(&towna, "GET", path, NULL, &r);
		expect_error(&r, 404, "not_found", "A reads B's record");
		resp_free(&r);
		req(&towna, "PATCH", path, "{\"name\":\"被篡改\"}", &r);
		expect_error(&r, 404, "not_found", "A changes B's record");
		resp_free(&r);
		req(&towna, "DELETE", path, NULL, &r);
		expect_error(&r, 404, "not_found", "A deletes B's record");
		resp_free(&r);
		json_t *still = get_json(&orgadmin, path, 200);
		EXPECT(strcmp(jstr(still, "name"), "被篡改") != 0, "B's %s intact", theirs[k].kind);
		json_decref(still);
	}
	req(&towna, "GET", "/api/v1/orgs/99999999", NULL, &r);
	expect_error(&r, 404, "not_found", "a missing record answers the same");
	resp_free(&r);
	/* A may not move its record into B */
	snprintf(path, sizeof(path), "/api/v1/orgs/%lld", (long long)org_a);
	snprintf(body, sizeof(body), "{\"division\":\"%s\"}", vill_b);
	req(&towna, "PATCH", path, body, &r);
	EXPECT(r.status == 400 || r.status == 403, "A moves its org into B: %ld %s", r.status, r.body);
	resp_free(&r);

	/* viewer */
	l = get_json(&viewer, "/api/v1/orgs?page_size=200", 200);
	EXPECT(list_has_id(l, org_a) && list_has_id(l, org_b), "the viewer of 469030 reads both townships");
	json_decref(l);
	req(&viewer, "POST", "/api/v1/orgs", "{\"name\":\"只读\",\"type\":\"village_branch\",\"division\":\"469030100206\"}", &r);
	expect_error(&r, 403, "forbidden", "a viewer creates");
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/orgs/%lld", (long long)org_a);
	req(&viewer, "PATCH", path, "{\"note\":\"x\"}", &r);
	expect_error(&r, 403, "forbidden", "a viewer changes");
	resp_free(&r);
	req(&viewer, "DELETE", path, NULL, &r);
	expect_error(&r, 403, "forbidden", "a viewer deletes");
	resp_free(&r);

	/* references block deletion */
	req(&orgadmin, "DELETE", path, NULL, &r);
	expect_error(&r, 409, "conflict", "delete an org a person refers to");
	resp_free(&r);
	json_decref(get_json(&orgadmin, path, 200));
	snprintf(path, sizeof(path), "/api/v1/orgs/%lld", (long long)org_a2);
	req(&towna, "DELETE", path, NULL, &r);
	expect_error(&r, 409, "conflict", "delete a parent org");
	resp_free(&r);
	/* a grid that people belong to */
	int64_t in_grid = create(&towna, "/api/v1/people", "{\"name\":\"网格居民\",\"division\":\"469030100206001\"}");
	req(&orgadmin, "DELETE", "/api/v1/divisions/469030100206001", NULL, &r);
	expect_error(&r, 409, "conflict", "delete a grid people belong to");
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/people/%lld", (long long)in_grid);
	req(&towna, "DELETE", path, NULL, &r);
	EXPECT(r.status == 200, "delete the grid's person: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "DELETE", "/api/v1/divisions/469030100206001", NULL, &r);
	EXPECT(r.status == 200, "delete an empty grid: %ld %s", r.status, r.body);
	resp_free(&r);

	/* unknown and read-only fields */
	req(&orgadmin, "POST", "/api/v1/orgs",
	    "{\"name\":\"未知字段\",\"type\":\"village_branch\",\"division\":\"469030100206\",\"bogus\":1}", &r);
	expect_field_error(&r, 400, "unknown_field", "bogus", "an unknown field");
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/people/%lld", (long long)member);
	req(&orgadmin, "PATCH", path, "{\"id\":1}", &r);
	expect_field_error(&r, 400, "unknown_field", "id", "the id is read-only");
	resp_free(&r);
	req(&orgadmin, "PATCH", path, "{\"created_at\":\"2020-01-01T00:00:00Z\"}", &r);
	EXPECT(r.status == 400, "created_at is read-only: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "PATCH", path, "{\"org_id_name\":\"x\"}", &r);
	EXPECT(r.status == 400, "a derived name is read-only: %ld %s", r.status, r.body);
	resp_free(&r);

	/* update and delete of a person */
	req(&towna, "PATCH", path, "{\"position\":\"村党支部书记\",\"reserve_cadre\":true}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "position"), "村党支部书记") && json_is_true(json_object_get(r.json, "reserve_cadre")),
	       "A changes its person: %ld %s", r.status, r.body);
	resp_free(&r);
	int64_t tmp = create(&towna, "/api/v1/people", "{\"name\":\"临时人员\",\"division\":\"469030100\"}");
	snprintf(path, sizeof(path), "/api/v1/people/%lld", (long long)tmp);
	req(&towna, "DELETE", path, NULL, &r);
	EXPECT(r.status == 200, "A deletes its person: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&orgadmin, "GET", path, NULL, &r);
	expect_error(&r, 404, "not_found", "the deleted person");
	resp_free(&r);

	/* counts of the village */
	json_t *v = get_json(&orgadmin, "/api/v1/divisions/469030100206", 200);
	json_t *c = json_object_get(v, "counts");
	EXPECT(jint(c, "orgs") == 1 && jint(c, "party_members") >= 1 && jint(c, "cadres") >= 1,
	       "village counts %s", json_dumps(c, 0));
	json_decref(v);
}

/* ---- 7. meta ---------------------------------------------------------------- */

static json_t *meta_entity(json_t *meta, const char *name)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(meta, "entities"), i, e)
		if (!strcmp(jstr(e, "name"), name))
			return e;
	return NULL;
}

static json_t *meta_field(json_t *entity, const char *name)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(entity, "fields"), i, f)
		if (!strcmp(jstr(f, "name"), name))
			return f;
	return NULL;
}

/* ---- 7. any list as a file ------------------------------------------------ */

/* The fields of CSV line (every field quoted, as the export writes them) into f; their number. */
static int csv_fields(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line; *p == '"' && n < max;) {
		char *start = ++p, *out = p;
		while (*p) {
			if (*p == '"' && p[1] == '"') {
				*out++ = '"';
				p += 2;
			} else if (*p == '"') {
				p++;   /* past the closing quote: out is behind it */
				break;
			} else
				*out++ = *p++;
		}
		*out = '\0';
		f[n++] = start;
		p += *p == ',';
	}
	return n;
}

/* The ids (column 编号) and divisions (所在区划) of an exported CSV: its number of rows, -1 when malformed. */
static int csv_ids(const char *body, int64_t *ids, char (*divs)[13], int max)
{
	char *copy = strdup(body), *save = NULL, *f[64];
	int id_col = -1, div_col = -1, rows = -1;
	const char *bom = "\xEF\xBB\xBF";
	char *text = strncmp(copy, bom, 3) ? copy : copy + 3;
	for (char *line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		int n = csv_fields(line, f, 64);
		if (rows < 0) {
			for (int i = 0; i < n; i++) {
				if (!strcmp(f[i], "编号"))
					id_col = i;
				if (!strcmp(f[i], "所在区划"))
					div_col = i;
			}
			rows = 0;
			if (id_col < 0 || div_col < 0)
				break;
			continue;
		}
		if (rows < max && n > id_col && n > div_col) {
			ids[rows] = strtoll(f[id_col], NULL, 10);
			snprintf(divs[rows], 13, "%s", f[div_col]);
		}
		rows++;
	}
	free(copy);
	return id_col < 0 || div_col < 0 ? -1 : rows;
}

static void test_list_export(void)
{
	/* more people than one page of the export (1,000) in a village of township A, one with an ID number and a phone */
	char id[19], body[512];
	const char *phone = "13812340099";
	make_id(id, "469030", "19800101", 777);
	snprintf(body, sizeof(body), "{\"name\":\"导出测试\",\"division\":\"469030100201\",\"id_number\":\"%s\",\"phone\":\"%s\"}",
		 id, phone);
	int64_t marked = create(&orgadmin, "/api/v1/people", body);
	for (int i = 0; i < 1005; i++)
		create(&orgadmin, "/api/v1/people", fmt("{\"name\":\"导出%04d\",\"division\":\"469030100201\"}", i));
	json_t *list = get_json(&county, "/api/v1/people?division=469030100&page_size=1", 200);
	int64_t in_a = jint(list, "total");
	json_decref(list);
	list = get_json(&county, "/api/v1/people?page_size=1", 200);
	int64_t in_county = jint(list, "total");
	json_decref(list);
	EXPECT(in_a > 1005 && in_county > in_a, "people in township A %lld, in the county %lld", (long long)in_a,
	       (long long)in_county);

	struct resp r;
	static int64_t ids[4096];
	static char divs[4096][13];
	req(&county, "GET", "/api/v1/people?division=469030100&format=csv&progress=people-a-0001", NULL, &r);
	char type[128] = "";
	resp_header(&r, "Content-Type", type, sizeof(type));
	EXPECT(r.status == 200 && strstr(type, "text/csv"), "the CSV export: %ld %s", r.status, type);
	char disposition[256] = "";
	resp_header(&r, "Content-Disposition", disposition, sizeof(disposition));
	EXPECT(!strcmp(disposition, "attachment; filename=\"people.csv\""), "the file is named as the list: %s", disposition);
	int rows = r.status == 200 ? csv_ids(r.body, ids, divs, 4096) : -1;
	EXPECT(rows == in_a, "the CSV has every row of the filtered list: %d rows, the list %lld: %.1500s", rows, (long long)in_a,
	       r.body ? r.body : "");
	bool ordered = true, in_town = true, has_marked = false;
	for (int i = 0; i < rows && i < 4096; i++) {
		ordered &= i == 0 || ids[i] > ids[i - 1];
		in_town &= !strncmp(divs[i], "469030100", 9);
		has_marked |= ids[i] == marked;
	}
	EXPECT(ordered, "the rows are in id order, each once (keyset pages)");
	EXPECT(in_town, "every row is under the ?division= filter");
	EXPECT(has_marked, "the person with an ID number is exported");
	char masked[19];
	mask_id(id, masked);
	expect_no_leak(&r, id, "CSV export");
	expect_no_leak(&r, phone, "CSV export");
	EXPECT(strstr(r.body, masked) && strstr(r.body, "138****0099"), "the export holds the masked ID and phone");
	EXPECT(strstr(r.body, "\"男\""), "a dictionary field (the sex the ID number gives) reads as its Chinese label");
	resp_free(&r);

	/* the progress of that export, for its caller only */
	json_t *pr = get_json(&county, "/api/v1/exports/progress?token=people-a-0001", 200);
	EXPECT(jint(pr, "rows") == in_a && jint(pr, "total") == in_a && json_is_true(json_object_get(pr, "done")),
	       "progress: %s", jd(pr));
	json_decref(pr);
	req(&towna, "GET", "/api/v1/exports/progress?token=people-a-0001", NULL, &r);
	expect_error(&r, 404, "not_found", "another user's export's progress");
	resp_free(&r);
	req(&county, "GET", "/api/v1/exports/progress?token=x", NULL, &r);
	expect_field_error(&r, 400, "validation", "token", "a malformed progress token");
	resp_free(&r);

	/* scope: township B's user exports none of township A's people */
	req(&townb, "GET", "/api/v1/people?format=csv", NULL, &r);
	rows = r.status == 200 ? csv_ids(r.body, ids, divs, 4096) : -1;
	in_town = rows >= 0;
	for (int i = 0; i < rows && i < 4096; i++)
		in_town &= !strncmp(divs[i], "469030101", 9);
	EXPECT(r.status == 200 && in_town, "township B's export holds its own people only: %ld, %d rows", r.status, rows);
	resp_free(&r);

	/* XLSX; a bad format; a list that does not export */
	req(&county, "GET", "/api/v1/people?division=469030100&format=xlsx", NULL, &r);
	resp_header(&r, "Content-Type", type, sizeof(type));
	EXPECT(r.status == 200 && strstr(type, "spreadsheetml") && r.body && !strncmp(r.body, "PK", 2), "the XLSX export: %ld %s",
	       r.status, type);
	resp_free(&r);
	req(&county, "GET", "/api/v1/people?format=pdf", NULL, &r);
	expect_field_error(&r, 400, "validation", "format", "format=pdf");
	resp_free(&r);
	req(&orgadmin, "GET", "/api/v1/users?format=csv", NULL, &r);
	expect_error(&r, 400, "unknown_parameter", "the user list takes no format");
	resp_free(&r);

	/* every entity's list in /meta (the UI's 导出 buttons) gives its file */
	json_t *meta = get_json(&orgadmin, "/api/v1/meta", 200);
	size_t k;
	json_t *ent;
	int failed = 0;
	json_array_foreach(json_object_get(meta, "entities"), k, ent) {
		req(&orgadmin, "GET", fmt("%s?format=csv", jstr(ent, "path")), NULL, &r);
		resp_header(&r, "Content-Type", type, sizeof(type));
		char named[256] = "";
		resp_header(&r, "Content-Disposition", named, sizeof(named));
		const char *last = strrchr(jstr(ent, "path"), '/');
		if (r.status != 200 || !strstr(type, "text/csv") ||
		    strcmp(named, fmt("attachment; filename=\"%s.csv\"", last ? last + 1 : ""))) {
			failed++;
			EXPECT(0, "%s?format=csv: %ld %s %s %.200s", jstr(ent, "path"), r.status, type, named, r.body ? r.body : "");
		}
		resp_free(&r);
	}
	json_decref(meta);
	EXPECT(failed == 0, "every entity's list exports (%d did not)", failed);

	/* every export is audited, with its filters and its row count */
	json_t *a = get_json(&auditor, "/api/v1/audit?action=export&entity=person&page_size=50", 200);
	bool found = false;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(a, "items"), i, item)
		found |= !strcmp(jstr(item, "username"), "countyu") && strstr(jstr(item, "detail"), "division=469030100") &&
			 strstr(jstr(item, "detail"), fmt("%lld rows", (long long)in_a));
	req(&auditor, "GET", "/api/v1/audit?action=export&entity=person&format=csv", NULL, &r);
	EXPECT(r.status == 200 && r.body && strstr(r.body, "\"操作人\",") && strstr(r.body, ",\"导出\",") &&
	       !strstr(r.body, ",\"export\",") && strstr(r.body, "countyu"),
	       "the audit trail itself exports, its actions in words: %ld %.300s", r.status, r.body ? r.body : "");
	resp_free(&r);
	/* every action this program's requests wrote has a label in the dictionary audit_action */
	req(&auditor, "GET", "/api/v1/audit?format=csv", NULL, &r);
	int audited = -1, unnamed = 0;
	if (r.status == 200 && r.body) {
		char *copy = strdup(r.body), *save = NULL, *f[64];
		int col = -1;
		for (char *line = strtok_r(copy + 3, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
			int n = csv_fields(line, f, 64);
			if (audited < 0) {
				for (int c = 0; c < n; c++)
					col = strcmp(f[c], "操作") ? col : c;
				audited = 0;
			} else if (col >= 0 && n > col) {
				audited++;
				bool ascii = true;   /* a label is Chinese; a code without a label stays ASCII */
				for (const char *c = f[col]; *c; c++)
					ascii &= (unsigned char)*c < 0x80;
				if (ascii && unnamed++ < 5)
					fprintf(stderr, "an audit action without a label: %s\n", f[col]);
			}
		}
		free(copy);
	}
	EXPECT(audited > 1000 && unnamed == 0, "every audit action of the run has a label: %d of %d rows not", unnamed,
	       audited);
	resp_free(&r);
	EXPECT(found && jint(a, "total") == 4, "the exports are audited (4: two of the county user, one of township B, one of the administrator): %s", jd(a));
	json_decref(a);
}

static void test_meta(void)
{
	json_t *m = get_json(&viewer, "/api/v1/meta", 200);
	const char *names[] = { "division", "org", "unit", "person" };
	for (int i = 0; i < 4; i++) {
		json_t *e = meta_entity(m, names[i]);
		EXPECT(e && json_array_size(json_object_get(e, "fields")) > 0, "meta has entity %s with fields", names[i]);
	}
	json_t *id = meta_field(meta_entity(m, "person"), "id_number");
	EXPECT(id && json_is_true(json_object_get(id, "masked")) && !strcmp(jstr(id, "type"), "idcard") &&
	       json_is_true(json_object_get(id, "unique")), "person.id_number: %s", id ? json_dumps(id, 0) : "(none)");
	json_t *phone = meta_field(meta_entity(m, "person"), "phone");
	EXPECT(phone && json_is_true(json_object_get(phone, "masked")), "person.phone masked");
	json_t *name = meta_field(meta_entity(m, "person"), "name");
	EXPECT(name && json_is_false(json_object_get(name, "masked")) && json_is_true(json_object_get(name, "required")),
	       "person.name not masked, required");
	json_t *type = meta_field(meta_entity(m, "org"), "type");
	EXPECT(type && !strcmp(jstr(type, "type"), "dict") && !strcmp(jstr(type, "dict"), "org_type"), "org.type: %s",
	       type ? json_dumps(type, 0) : "(none)");
	json_t *ref = meta_field(meta_entity(m, "person"), "org_id");
	EXPECT(ref && !strcmp(jstr(ref, "type"), "ref") && !strcmp(jstr(ref, "ref"), "org"), "person.org_id ref");
	json_t *dicts = json_object_get(m, "dictionaries");
	const char *dn[] = { "org_type", "cadre_role", "ethnicity" };
	for (int i = 0; i < 3; i++) {
		json_t *d = json_object_get(dicts, dn[i]);
		json_t *items = json_object_get(d, "items");
		EXPECT(d && *jstr(d, "zh") && *jstr(d, "en") && json_array_size(items) > 0, "dictionary %s", dn[i]);
		size_t k;
		json_t *it;
		bool labels = true;
		json_array_foreach(items, k, it)
			if (!*jstr(it, "code") || !*jstr(it, "zh") || !*jstr(it, "en"))
				labels = false;
		EXPECT(labels, "dictionary %s items have code, zh and en", dn[i]);
	}
	bool han = false;
	size_t k;
	json_t *it;
	json_array_foreach(json_object_get(json_object_get(dicts, "ethnicity"), "items"), k, it)
		if (!strcmp(jstr(it, "code"), "01") && !strcmp(jstr(it, "zh"), "汉族"))
			han = true;
	EXPECT(han, "ethnicity 01 is 汉族");
	json_decref(m);
	struct resp r;
	http(&srv, "GET", "/api/v1/meta", NULL, NULL, &r);
	expect_error(&r, 401, "not_logged_in", "meta needs a login");
	resp_free(&r);
}

/* ---- 8. demo determinism ---------------------------------------------------- */

static json_t *demo_snapshot(const char *db)
{
	if (add_user(db, "demoadmin", "admin", "all"))
		return NULL;
	struct server s;
	if (server_start(&s, binary, db, NULL)) {
		EXPECT(false, "a server on the demo database starts");
		return NULL;
	}
	struct session sess;
	EXPECT(login(&s, "demoadmin", PW, &sess) == 200, "demo admin logs in");
	json_t *snap = json_object();
	struct req_opts o = as(&sess);
	struct resp r;
	for (int page = 1; page <= 3; page++) {
		char path[128];
		snprintf(path, sizeof(path), "/api/v1/people?page_size=200&page=%d", page);
		http(&s, "GET", path, NULL, &o, &r);
		EXPECT(r.status == 200, "demo people page %d: %ld", page, r.status);
		json_t *rows = json_array();
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(r.json, "items"), i, item)
			json_array_append_new(rows, json_pack("{s:s, s:s, s:s}", "name", jstr(item, "name"), "id_number",
							      jstr(item, "id_number"), "division", jstr(item, "division")));
		json_object_set_new(snap, path, rows);
		if (page == 1)
			json_object_set_new(snap, "people_total", json_integer(jint(r.json, "total")));
		resp_free(&r);
	}
	http(&s, "GET", "/api/v1/divisions/469030", NULL, &o, &r);
	EXPECT(r.status == 200, "demo county: %ld", r.status);
	json_object_set(snap, "counts", json_object_get(r.json, "counts"));
	resp_free(&r);
	http(&s, "GET", "/api/v1/divisions?level=group&page_size=1", NULL, &o, &r);
	json_object_set_new(snap, "groups", json_integer(jint(r.json, "total")));
	resp_free(&r);
	http(&s, "GET", "/api/v1/orgs?page_size=1", NULL, &o, &r);
	json_object_set_new(snap, "orgs", json_integer(jint(r.json, "total")));
	resp_free(&r);
	server_stop(&s);
	return snap;
}

static void test_demo(void)
{
	const char *help[] = { "demo", "--help", NULL };
	if (!sqlite_db || run_cli(NULL, help, NULL, 0) != 0) {
		printf("skip demo (%s)\n", sqlite_db ? "no demo command" : "sqlite only");
		return;
	}
	char dba[400], dbb[400], err[8192];
	snprintf(dba, sizeof(dba), "sqlite:%s/demo-a.db", tmpdir);
	snprintf(dbb, sizeof(dbb), "sqlite:%s/demo-b.db", tmpdir);
	const char *demo[] = { "demo", "--county", "469030", "--seed", "5", NULL };
	json_t *snaps[2] = { NULL, NULL };
	const char *dbs[2] = { dba, dbb };
	for (int k = 0; k < 2; k++) {
		int rc = run_cli_db(dbs[k], NULL, demo, err, sizeof(err));
		EXPECT(rc == 0, "demo into %s exits 0 (%d): %s", dbs[k], rc, err);
		if (rc)
			return;
		snaps[k] = demo_snapshot(dbs[k]);
	}
	if (snaps[0] && snaps[1]) {
		EXPECT(jint(snaps[0], "people_total") > 0, "the demo made people");
		EXPECT(jint(snaps[0], "groups") == 148, "the demo made 148 groups/grids in 469030: %lld",
		       (long long)jint(snaps[0], "groups"));
		char *a = json_dumps(snaps[0], JSON_SORT_KEYS), *b = json_dumps(snaps[1], JSON_SORT_KEYS);
		EXPECT(a && b && !strcmp(a, b), "the same seed gives the same data:\nA %.2000s\nB %.2000s", a, b);
		free(a);
		free(b);
	}
	json_decref(snaps[0]);
	json_decref(snaps[1]);
}

/* ---- main ---------------------------------------------------------------------- */

static int setup(void)
{
	sqlite_db = strncmp(db_url, "sqlite:", 7) == 0;
	char err[8192];
	for (int i = 0; i < SEED_COUNTIES; i++) {
		char pattern[128];
		snprintf(pattern, sizeof(pattern), "data/divisions/%s/*.csv", counties[i]);
		if (glob(pattern, i ? GLOB_APPEND : 0, NULL, &seed_files) != 0) {
			fprintf(stderr, "api_org: no files match %s (run from the repository root)\n", pattern);
			return -1;
		}
	}
	int rc = import_seed(db_url, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_org: import divisions exit %d: %s\n", rc, err);
		return -1;
	}
	static const struct test_account users[] = {
		{ "orgadmin", "admin", "all", &orgadmin }, { "countyu", "county", "469030", &county },
		{ "towna", "township", "469030100", &towna }, { "townb", "township", "469030101", &townb },
		{ "gridu", "grid", "469030100206", &grid }, { "viewer469", "viewer", "469030", &viewer },
		{ "orgauditor", "auditor", "all", &auditor },
	};
	const size_t n = sizeof(users) / sizeof(users[0]);
	if (accounts_add(binary, db_url, users, n, PW))
		return -1;
	if (server_start(&srv, binary, db_url, NULL)) {
		fprintf(stderr, "api_org: the server did not start\n");
		return -1;
	}
	return accounts_login(&srv, users, n, PW);
}

static void cleanup(void)
{
	globfree(&seed_files);
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "division import", test_import },
		{ "divisions api", test_divisions },
		{ "id number validation", test_idcard },
		{ "id number uniqueness", test_unique },
		{ "id numbers unique in the database: marked duplicates, simultaneous creations and changes", test_unique_at_once },
		{ "masking and reveal", test_masking },
		{ "orgs, units, people and scope", test_crud_scope },
		{ "any list as a CSV or XLSX file: masked, scoped, paged by key, its progress, audited", test_list_export },
		{ "meta", test_meta },
		{ "demo determinism", test_demo },
	};
	const struct api_program p = { "api_org", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, cleanup,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
