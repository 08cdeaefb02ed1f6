/*
 * crypt.c - personal data encrypted at rest (db/at_rest.h, core/fieldcrypt.h):
 * on a demo county (its requests and party life left out) and records made
 * through the API, the database itself (the SQLite file's bytes, PostgreSQL's
 * raw column values) holds no ID number or phone in plaintext; an ID number is
 * still found, refused twice and revealed in full to a permitted role; values
 * written in plaintext (a database from before) are sealed at the next start;
 * a key file that is missing, another database's or readable by others stops
 * the start; and a server switched to SM4 writes SM4 values and reads both.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define PW "Crypt-Pass-2026"
#define COUNTY "469030"
#define VILL "469030100201"
#define PHONE_H "13912340002"   /* a household's */
#define PHONE_M "13912340001"   /* a member's */
#define PHONE_R "13712340003"   /* a requester's */

static struct server srv;
static const char *binary;
static char db_url[1024], tmpdir[512];
static bool sqlite_db;
static struct session admin, county, viewer;
static char id_a[19], id_b[19];
static int64_t hh, mem;

/* The check character of 17 digits (GB 11643). */
static char check_char(const char *first17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

/* A valid ID number of the county: birth date, sequence, check character. */
static void make_id(char out[19], const char *birth, int seq)
{
	char first[18];
	snprintf(first, sizeof(first), COUNTY "%s%03d", birth, seq);
	snprintf(out, 19, "%s%c", first, check_char(first));
}

/* SQL on the database itself, beside the server (harness.h) */
static int raw_sql(const char *sql, char *out, size_t len)
{
	return raw_sql_on(db_url, sql, out, len);
}

static int64_t raw_count(const char *sql)
{
	return raw_count_on(db_url, sql);
}

/* The bytes the database keeps: the SQLite file and its write-ahead log, or
 * every sealed column's raw values on PostgreSQL (malloc'd, *n bytes). */
static char *stored_bytes(size_t *n)
{
	char *all = NULL;
	*n = 0;
	if (!sqlite_db) {
		FILE *p = popen(fmt("psql '%s' -X -q -At -c \"SELECT id_number FROM members UNION ALL SELECT phone FROM members"
				    " UNION ALL SELECT phone FROM households UNION ALL SELECT bank_account FROM households"
				    " UNION ALL SELECT id_number FROM people UNION ALL SELECT phone FROM people"
				    " UNION ALL SELECT contact_phone FROM units UNION ALL SELECT requester_phone FROM requests"
				    " UNION ALL SELECT health FROM members UNION ALL SELECT disability_grade FROM members\"",
				    db_url), "r");
		size_t cap = 0, got;
		char chunk[65536];
		while (p && (got = fread(chunk, 1, sizeof(chunk), p)) > 0) {
			if (*n + got + 1 > cap) {
				cap = (*n + got + 1) * 2;
				all = realloc(all, cap);
			}
			memcpy(all + *n, chunk, got);
			*n += got;
		}
		if (p && pclose(p) != 0)
			*n = 0;
		return all;
	}
	const char *suffix[] = { "", "-wal" };
	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(fmt("%s%s", db_url + 7, suffix[i]), "rb");
		if (f == NULL)
			continue;
		fseek(f, 0, SEEK_END);
		long size = ftell(f);
		fseek(f, 0, SEEK_SET);
		all = realloc(all, *n + (size_t)size + 1);
		*n += fread(all + *n, 1, (size_t)size, f);
		fclose(f);
	}
	return all;
}

/* How many valid ID numbers of the county (its code, a birth year 19xx or
 * 20xx, the right check character) the bytes hold. */
static int id_like_runs(const char *b, size_t n)
{
	int found = 0;
	for (size_t i = 0; i + 18 <= n; i++) {
		if (memcmp(b + i, COUNTY, 6) != 0 || (i > 0 && b[i - 1] >= '0' && b[i - 1] <= '9'))
			continue;
		size_t k = 6;
		while (k < 17 && b[i + k] >= '0' && b[i + k] <= '9')
			k++;
		/* a birth date that is a date, the check character, and nothing more of the same run after it
		 * (a division code running into a date or a count is no ID number) */
		int month = (b[i + 10] - '0') * 10 + (b[i + 11] - '0'), day = (b[i + 12] - '0') * 10 + (b[i + 13] - '0');
		bool ends = i + 18 == n || !((b[i + 18] >= '0' && b[i + 18] <= '9') || b[i + 18] == 'X' || b[i + 18] == 'x');
		if (k == 17 && (!memcmp(b + i + 6, "19", 2) || !memcmp(b + i + 6, "20", 2)) && month >= 1 && month <= 12 &&
		    day >= 1 && day <= 31 && b[i + 17] == check_char(b + i) && ends)
			found++;
	}
	return found;
}

/* The full value of a record's masked field, through the audited reveal. */
static const char *revealed(const struct session *s, const char *path, const char *field, long want)
{
	static char out[4][64];
	static int next;
	char *v = out[next++ % 4];
	struct resp r;
	req(s, "POST", fmt("%s/reveal", path), fmt("{\"field\":\"%s\",\"reason\":\"核对加密存储\"}", field), &r);
	EXPECT(r.status == want, "reveal %s of %s: %ld %s", field, path, r.status, r.body);
	snprintf(v, 64, "%s", r.status == 200 ? jstr(r.json, "value") : "");
	resp_free(&r);
	return v;
}

/* ---- the tests ------------------------------------------------------------------------ */

static void test_round_trip(void)
{
	make_id(id_a, "19800315", 11);
	make_id(id_b, "19820101", 12);
	hh = create(&county, "/api/v1/households",
		    "{\"household_no\":\"469030100201-901\",\"head_name\":\"王加密\",\"division\":\"" VILL "\","
		    "\"status\":\"poor\",\"phone\":\"" PHONE_H "\",\"bank_account\":\"6228480012345678\","
		    "\"attribute\":\"general\",\"main_cause\":\"illness\",\"identified_year\":2016}");
	mem = create(&county, fmt("/api/v1/households/%lld/members", (long long)hh),
		     fmt("{\"relation\":\"head\",\"name\":\"王加密\",\"id_number\":\"%s\",\"phone\":\"" PHONE_M "\"}", id_a));
	EXPECT(hh > 0 && mem > 0, "a household and its member are created: %lld %lld", (long long)hh, (long long)mem);
	json_t *m = get_json(&county, fmt("/api/v1/members/%lld", (long long)mem), 200);
	EXPECT(m && strcmp(jstr(m, "id_number"), id_a) && !strncmp(jstr(m, "id_number"), id_a, 4),
	       "the ID number is read back masked: %s", jd(m));
	EXPECT(m && !strcmp(jstr(m, "sex"), "M") && !strcmp(jstr(m, "birth_date"), "1980-03-15"),
	       "sex and birth date still follow the sealed ID number: %s", jd(m));
	json_decref(m);
	char path[64], hpath[64];
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)mem);
	EXPECT(!strcmp(revealed(&county, path, "id_number", 200), id_a), "the reveal opens the ID number in full");
	EXPECT(!strcmp(revealed(&county, path, "phone", 200), PHONE_M), "the reveal opens the phone in full");
	revealed(&viewer, path, "id_number", 403);
	snprintf(hpath, sizeof(hpath), "/api/v1/households/%lld", (long long)hh);
	EXPECT(!strcmp(revealed(&county, hpath, "phone", 200), PHONE_H), "the household's phone opens in full");
	EXPECT(!strcmp(revealed(&county, hpath, "bank_account", 200), "6228480012345678"),
	       "the household's bank account opens in full");
	/* a change keeps what it does not touch, and seals what it sets */
	struct resp r;
	req(&county, "PATCH", path, "{\"phone\":\"13912340009\"}", &r);
	EXPECT(r.status == 200, "a member's phone changes: %ld %s", r.status, r.body);
	resp_free(&r);
	EXPECT(!strcmp(revealed(&county, path, "phone", 200), "13912340009"), "the new phone opens");
	EXPECT(!strcmp(revealed(&county, path, "id_number", 200), id_a), "the ID number is kept by the change");
	req(&county, "PATCH", path, "{\"phone\":\"" PHONE_M "\"}", &r);
	resp_free(&r);
}

static void test_lookup_and_duplicates(void)
{
	json_t *l = get_json(&county, fmt("/api/v1/search?q=%s", id_a), 200);
	json_t *items = json_object_get(l, "items");
	EXPECT(json_array_size(items) == 1 && jint(json_array_get(items, 0), "id") == mem &&
	       !strcmp(jstr(json_array_get(items, 0), "kind"), "member"),
	       "the search finds the member by its ID number (keyed hash): %s", jd(l));
	json_decref(l);
	/* the same number again, with a lower-case check character where it has one */
	struct resp r;
	req(&county, "POST", fmt("/api/v1/households/%lld/members", (long long)hh),
	    fmt("{\"relation\":\"son\",\"name\":\"王重复\",\"id_number\":\"%s\"}", id_a), &r);
	expect_field_error(&r, 409, "conflict", "id_number", "a second member with the same ID number");
	EXPECT(strstr(err_msg(&r, "message_zh"), "已登记") != NULL, "the conflict says where: %s", r.body);
	resp_free(&r);
	int64_t other = create(&county, fmt("/api/v1/households/%lld/members", (long long)hh),
			       fmt("{\"relation\":\"spouse\",\"name\":\"李加密\",\"id_number\":\"%s\"}", id_b));
	req(&county, "PATCH", fmt("/api/v1/members/%lld", (long long)other), fmt("{\"id_number\":\"%s\"}", id_a), &r);
	expect_field_error(&r, 409, "conflict", "id_number", "a change to another member's ID number");
	resp_free(&r);
	/* a person (cadre) may not take a member's number either: people and members share the hash */
	req(&county, "POST", "/api/v1/people",
	    fmt("{\"name\":\"赵干部\",\"division\":\"" VILL "\",\"id_number\":\"%s\",\"phone\":\"13912340005\"}", id_b), &r);
	EXPECT(r.status == 201, "a person with a number of its own: %ld %s", r.status, r.body);
	int64_t person = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	req(&county, "POST", "/api/v1/people", fmt("{\"name\":\"赵重复\",\"division\":\"" VILL "\",\"id_number\":\"%s\"}", id_b),
	    &r);
	expect_field_error(&r, 409, "conflict", "id_number", "a second person with the same ID number");
	resp_free(&r);
	EXPECT(!strcmp(revealed(&county, fmt("/api/v1/people/%lld", (long long)person), "id_number", 200), id_b),
	       "the person's ID number opens");
	/* the data check sees a member registered as a cadre through the hashes */
	l = get_json(&county, "/api/v1/checks?division=" VILL "&rule=member_is_cadre", 200);
	EXPECT(l && strstr(jd(l), "member_is_cadre") != NULL, "member_is_cadre finds the pair: %s", jd(l));
	json_decref(l);
}

static void test_requester_phone(void)
{
	struct resp r;
	req(&county, "POST", "/api/v1/requests",
	    "{\"channel\":\"walk_in\",\"division\":\"" VILL "\",\"category\":\"help.living\",\"content\":\"加密测试诉求\","
	    "\"name\":\"刘来访\",\"phone\":\"" PHONE_R "\"}", &r);
	EXPECT(r.status == 201, "a request is filed: %ld %s", r.status, r.body);
	int64_t id = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	json_t *l = get_json(&county, "/api/v1/requests?phone=" PHONE_R, 200);
	json_t *items = json_object_get(l, "items");
	EXPECT(json_array_size(items) == 1 && jint(json_array_get(items, 0), "id") == id,
	       "the list finds the request by the requester's phone (keyed hash): %s", jd(l));
	json_decref(l);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)id);
	EXPECT(!strcmp(revealed(&county, path, "requester_phone", 200), PHONE_R), "the requester's phone opens in full");
}

/* How many times a health code of the dictionary is stored as such: in the
 * SQLite file a member's row holds it as bare text (an audit row's JSON,
 * '"health":"chronic"', is the audit trail's, kept as it was, and skipped);
 * on PostgreSQL the raw values of the column. */
static int plain_health_runs(const char *b, size_t n)
{
	static const char *const codes[] = { "healthy", "chronic", "serious", "disabled" };
	int found = 0;
	for (size_t k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
		size_t len = strlen(codes[k]);
		for (const char *p = b; (p = memmem(p, n - (size_t)(p - b), codes[k], len)) != NULL; p += len) {
			bool in_json = p - b >= 10 && memcmp(p - 10, "\"health\":\"", 10) == 0;
			/* "insured_serious", "disabled INTEGER" in the schema's text are no values (a row's values
			 * follow each other without a separator: a neighbouring letter proves nothing) */
			bool in_word = (p > b && p[-1] == '_') || ((size_t)(p - b) + len < n && (p[len] == '_' || p[len] == ' '));
			/* a JSON key ("disabled": of an account) is no value either */
			bool key = (size_t)(p - b) + len + 1 < n && p[len] == '"' && p[len + 1] == ':';
			if (!in_json && !in_word && !key)
				found++;
		}
	}
	return found;
}

/* Health: sealed, filtered by its keyed hash, read back as the code; a grade read back as a number. */
static void test_health_sealed(void)
{
	char id[19], out[1024];
	make_id(id, "19600606", 15);
	int64_t m = create(&county, fmt("/api/v1/households/%lld/members", (long long)hh),
			   fmt("{\"relation\":\"father\",\"name\":\"王健康\",\"id_number\":\"%s\",\"health\":\"disabled\","
			       "\"disability_grade\":2}", id));
	EXPECT(m > 0, "a member with a health status and a disability grade");
	EXPECT(raw_sql(fmt("SELECT health, health_hash, disability_grade FROM members WHERE id = %lld", (long long)m), out,
		       sizeof(out)) == 0 && !strncmp(out, "x1:", 3) && strstr(out, "|x1:") && !strstr(out, "disabled") &&
	       !strstr(out, "||"),
	       "health and grade are sealed, with the health code's hash: %s", out);
	json_t *r = get_json(&county, fmt("/api/v1/members/%lld", (long long)m), 200);
	EXPECT(r && !strcmp(jstr(r, "health"), "disabled") && jint(r, "disability_grade") == 2,
	       "they read back as the code and the number: %s", jd(r));
	json_decref(r);
	json_t *l = get_json(&county, fmt("/api/v1/households/%lld/members?health=disabled", (long long)hh), 200);
	EXPECT(l && find_by(json_object_get(l, "items"), "id", m) && json_array_size(json_object_get(l, "items")) == 1,
	       "the list filters by the sealed health code: %s", jd(l));
	json_decref(l);
	l = get_json(&county, fmt("/api/v1/households/%lld/members?health=chronic", (long long)hh), 200);
	EXPECT(l && !find_by(json_object_get(l, "items"), "id", m), "another code does not find it: %s", jd(l));
	json_decref(l);
	l = get_json(&county, "/api/v1/members?division=" COUNTY "&health=chronic&page_size=5", 200);
	EXPECT(jint(l, "total") > 0, "the demo's members with a chronic illness are found: %s", jd(l));
	json_decref(l);
	struct resp x;
	req(&county, "PATCH", fmt("/api/v1/members/%lld", (long long)m), "{\"health\":\"chronic\",\"disability_grade\":null}", &x);
	EXPECT(x.status == 200 && !strcmp(jstr(x.json, "health"), "chronic") && json_is_null(json_object_get(x.json, "disability_grade")),
	       "a change of health: %ld %s", x.status, x.body);
	resp_free(&x);
	l = get_json(&county, fmt("/api/v1/households/%lld/members?health=chronic", (long long)hh), 200);
	EXPECT(l && find_by(json_object_get(l, "items"), "id", m), "the changed code is found by its new hash: %s", jd(l));
	json_decref(l);
	EXPECT(raw_count("SELECT COUNT(*) FROM members WHERE (health IS NOT NULL AND substr(health, 1, 3) NOT IN ('x1:', 's1:'))"
			 " OR (disability_grade IS NOT NULL AND substr(disability_grade, 1, 3) NOT IN ('x1:', 's1:'))"
			 " OR (health IS NOT NULL AND health_hash IS NULL)") == 0,
	       "no health status or grade of any member is stored in plaintext");
}

static void test_nothing_plain_at_rest(void)
{
	/* a few of the demo's people and members, in full */
	const char *secrets[16];
	int ns = 0;
	secrets[ns++] = id_a;
	secrets[ns++] = id_b;
	secrets[ns++] = PHONE_H;
	secrets[ns++] = PHONE_M;
	secrets[ns++] = PHONE_R;
	json_t *l = get_json(&county, "/api/v1/members?division=" COUNTY "&page_size=3", 200);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(l, "items"), i, it) {
		char p[64];
		snprintf(p, sizeof(p), "/api/v1/members/%lld", (long long)jint(it, "id"));
		static char keep[3][64];
		snprintf(keep[i], sizeof(keep[i]), "%s", revealed(&county, p, "id_number", 200));
		EXPECT(strlen(keep[i]) == 18, "a demo member's ID number: %s", keep[i]);
		secrets[ns++] = keep[i];
	}
	json_decref(l);
	l = get_json(&county, "/api/v1/people?division=" COUNTY "&page_size=2", 200);
	json_array_foreach(json_object_get(l, "items"), i, it) {
		char p[64];
		snprintf(p, sizeof(p), "/api/v1/people/%lld", (long long)jint(it, "id"));
		static char keep[2][2][64];
		snprintf(keep[i][0], 64, "%s", revealed(&county, p, "id_number", 200));
		snprintf(keep[i][1], 64, "%s", revealed(&county, p, "phone", 200));
		secrets[ns++] = keep[i][0];
		secrets[ns++] = keep[i][1];
	}
	json_decref(l);
	size_t n;
	char *bytes = stored_bytes(&n);
	EXPECT(bytes && n > 1000, "the database's bytes are read (%zu)", n);
	for (int k = 0; bytes && k < ns; k++)
		EXPECT(*secrets[k] && memmem(bytes, n, secrets[k], strlen(secrets[k])) == NULL,
		       "\"%s\" is nowhere in the database in plaintext", secrets[k]);
	EXPECT(bytes && id_like_runs(bytes, n) == 0, "no ID number of the county at all in the database's bytes (%d)",
	       bytes ? id_like_runs(bytes, n) : -1);
	EXPECT(bytes && plain_health_runs(bytes, n) == 0, "no health status in plaintext in the database's bytes (%d)",
	       bytes ? plain_health_runs(bytes, n) : -1);
	free(bytes);
	if (!sqlite_db) {
		char out[256];
		EXPECT(raw_sql("SELECT COUNT(*) FROM members WHERE id_number IS NOT NULL AND substr(id_number, 1, 3) <> 'x1:'",
			       out, sizeof(out)) == 0 && strtol(out, NULL, 10) == 0,
		       "every member's ID number is sealed on PostgreSQL: %s", out);
	}
}

/* Values written in plaintext (as before encryption) are sealed at the next start. */
static void test_plaintext_migrated(void)
{
	char out[512], id_c[19];
	make_id(id_c, "19900909", 13);
	EXPECT(raw_sql(fmt("UPDATE members SET id_number = '%s', id_number_hash = NULL, phone = '13912340077',"
			   " health = 'serious', health_hash = NULL, disability_grade = '3' WHERE id = %lld",
			   id_c, (long long)mem), out, sizeof(out)) == 0,
	       "a member's row is set back to plaintext: %s", out);
	/* a database from before: not marked as sealed yet (a marked one is not scanned at every start) */
	EXPECT(raw_sql("DELETE FROM crypt_meta WHERE name = 'plaintext'", out, sizeof(out)) == 0, "unmarked: %s", out);
	EXPECT(server_stop(&srv) == 0, "the server stops");
	EXPECT(server_start(&srv, binary, db_url, NULL) == 0, "the server starts again (and seals what is plain)");
	EXPECT(login(&srv, "cryptcounty", PW, &county) == 200 && login(&srv, "cryptviewer", PW, &viewer) == 200,
	       "the accounts log in again");
	EXPECT(raw_sql(fmt("SELECT id_number, id_number_hash, phone FROM members WHERE id = %lld", (long long)mem), out,
		       sizeof(out)) == 0 && !strncmp(out, "x1:", 3) && strstr(out, "|x1:") && !strstr(out, id_c) &&
	       !strstr(out, "||"),
	       "the row is sealed, with its hash: %s", out);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)mem);
	EXPECT(!strcmp(revealed(&county, path, "id_number", 200), id_c), "the migrated ID number opens");
	EXPECT(!strcmp(revealed(&county, path, "phone", 200), "13912340077"), "the migrated phone opens");
	EXPECT(raw_sql(fmt("SELECT health, health_hash, disability_grade FROM members WHERE id = %lld", (long long)mem), out,
		       sizeof(out)) == 0 && !strncmp(out, "x1:", 3) && !strstr(out, "serious") && !strstr(out, "||") &&
	       strstr(out, "|x1:"),
	       "the health status and grade are sealed, with the hash: %s", out);
	json_t *mj = get_json(&county, path, 200);
	EXPECT(mj && !strcmp(jstr(mj, "health"), "serious") && jint(mj, "disability_grade") == 3,
	       "the migrated health and grade read back: %s", jd(mj));
	json_decref(mj);
	mj = get_json(&county, fmt("/api/v1/households/%lld/members?health=serious", (long long)hh), 200);
	EXPECT(mj && find_by(json_object_get(mj, "items"), "id", mem), "and the filter finds it: %s", jd(mj));
	json_decref(mj);
	json_t *l = get_json(&county, fmt("/api/v1/search?q=%s", id_c), 200);
	EXPECT(json_array_size(json_object_get(l, "items")) == 1, "the migrated number is found: %s", jd(l));
	json_decref(l);
	size_t n;
	char *bytes = stored_bytes(&n);
	EXPECT(bytes && memmem(bytes, n, id_c, 18) == NULL, "the plaintext is gone from the database's bytes");
	free(bytes);
}

/* ---- the same ID number at the same time ------------------------------------------------ */

/* One household line of an import (registry_io.c has the columns). */
static const char *import_line(const char *hno, const char *name, const char *id)
{
	return fmt("%s," VILL ",%s,%s,户主,%s,%s,汉族,%.4s/%d/%d,初中,非在校生,健康,普通劳动力,未务工,0,是,是,是,否,"
		   "一般贫困户,未脱贫,因病,2016,13912345678,8000\n",
		   hno, name, name, id, (id[16] - '0') % 2 ? "男" : "女", id + 6, (id[10] - '0') * 10 + id[11] - '0',
		   (id[12] - '0') * 10 + id[13] - '0');
}

#define IMPORT_HEADER "户编号,行政区划代码,户主姓名,姓名,与户主关系,证件号码,性别,民族,出生日期,文化程度,在校生状况,健康状况," \
	"劳动技能,务工状况,务工时间,是否参加城乡居民基本医疗保险,是否参加大病保险,是否参加城乡居民基本养老保险,是否享受低保," \
	"贫困户属性,户状态,主要致贫原因,识别年度,联系电话,人均纯收入\n"
#define ROUNDS 6

static void test_unique_at_once(void)
{
	char out[512];
	/* the database itself refuses a second member with a registered number (migration 32) */
	EXPECT(raw_sql(fmt("INSERT INTO members (household_id, division, relation, name, id_number_hash, created_at, updated_at)"
			   " SELECT household_id, division, 'son', '直接写入', id_number_hash, 0, 0 FROM members WHERE id = %lld",
			   (long long)mem), out, sizeof(out)) != 0,
	       "a row repeating a member's ID number hash is refused by the database: %s", out);
	EXPECT(raw_count("SELECT COUNT(*) FROM members WHERE name = '直接写入'") == 0, "and is not there");
	for (int k = 0; k < ROUNDS; k++) {
		char id[19], id2[19], id3[19];
		make_id(id, "19880808", 100 + k);
		make_id(id2, "19880808", 200 + k);
		make_id(id3, "19880808", 300 + k);
		/* two creations */
		char body[2][256];
		for (int i = 0; i < 2; i++)
			snprintf(body[i], sizeof(body[i]), "{\"relation\":\"son\",\"name\":\"并发%c%d\",\"id_number\":\"%s\"}",
				 'a' + i, k, id);
		const char *path = fmt("/api/v1/households/%lld/members", (long long)hh);
		struct race_entry x[2] = { { "POST", path, body[0], as(&county), { 0 } },
					   { "POST", path, body[1], as(&county), { 0 } } };
		race2(&srv, x);
		expect_one_wins_id_number(x, 201, fmt("round %d: two creations", k));
		EXPECT(raw_count(fmt("SELECT COUNT(*) FROM members WHERE name LIKE '并发_%d'", k)) == 1,
		       "round %d: exactly one member holds the number", k);
		for (int i = 0; i < 2; i++)
			resp_free(&x[i].r);
		/* two changes of different members to one new number */
		int64_t m2 = create(&county, path, fmt("{\"relation\":\"daughter\",\"name\":\"改号甲%d\",\"id_number\":\"%s\"}", k, id2));
		int64_t m3 = create(&county, path, fmt("{\"relation\":\"daughter\",\"name\":\"改号乙%d\",\"id_number\":\"%s\"}", k, id3));
		char p2[64], p3[64], nb[64];
		make_id(id, "19880808", 400 + k);
		snprintf(p2, sizeof(p2), "/api/v1/members/%lld", (long long)m2);
		snprintf(p3, sizeof(p3), "/api/v1/members/%lld", (long long)m3);
		snprintf(nb, sizeof(nb), "{\"id_number\":\"%s\"}", id);
		struct race_entry y[2] = { { "PATCH", p2, nb, as(&county), { 0 } }, { "PATCH", p3, nb, as(&county), { 0 } } };
		race2(&srv, y);
		expect_one_wins_id_number(y, 200, fmt("round %d: two changes", k));
		for (int i = 0; i < 2; i++)
			resp_free(&y[i].r);
		/* two imports, each a new household whose head has the same new number */
		make_id(id, "19880808", 500 + k);
		char csv[2][2048];
		for (int i = 0; i < 2; i++)
			snprintf(csv[i], sizeof(csv[i]), IMPORT_HEADER "%s",
				 import_line(fmt("469030100201-7%c%d", 'a' + i, k), fmt("导入%c%d", 'a' + i, k), id));
		struct req_opts o = as(&county);
		o.content_type = "text/csv";
		struct race_entry z[2] = { { "POST", "/api/v1/imports/households", csv[0], o, { 0 } },
					   { "POST", "/api/v1/imports/households", csv[1], o, { 0 } } };
		race2(&srv, z);
		int won = (z[0].r.status == 200) + (z[1].r.status == 200);
		EXPECT(won == 1, "round %d: one of two simultaneous imports wins: %ld %s / %ld %s", k, z[0].r.status,
		       z[0].r.body, z[1].r.status, z[1].r.body);
		for (int i = 0; i < 2; i++)
			if (z[i].r.status != 200)
				EXPECT(z[i].r.status == 400 && strstr(z[i].r.body, "已登记"),
				       "the import that lost reports the row: %ld %s", z[i].r.status, z[i].r.body);
		EXPECT(raw_count(fmt("SELECT COUNT(*) FROM members WHERE name LIKE '导入_%d'", k)) == 1 &&
		       raw_count(fmt("SELECT COUNT(*) FROM households WHERE household_no LIKE '469030100201-7_%d'", k)) == 1,
		       "round %d: the import that lost wrote nothing", k);
		for (int i = 0; i < 2; i++)
			resp_free(&z[i].r);
	}
}

/* Write text to path with mode. */
static void write_file(const char *path, const char *text, mode_t mode)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd >= 0) {
		EXPECT(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write %s", path);
		fchmod(fd, mode);
		close(fd);
	}
}

static void test_key_file_refusals(void)
{
	const char *key = getenv("LIANXIN_KEY_FILE");
	char good[128] = "", err[2048];
	struct stat st;
	EXPECT(key && stat(key, &st) == 0 && (st.st_mode & 0777) == 0600, "the key file was created owner-only (%o)",
	       key ? (unsigned)st.st_mode & 0777 : 0);
	FILE *f = key ? fopen(key, "r") : NULL;
	if (f) {
		EXPECT(fgets(good, sizeof(good), f) && strlen(good) == 65, "the key file holds 64 hex digits: %s", good);
		fclose(f);
	}
	const char *args[] = { "migrate", NULL };
	struct {
		const char *name, *text;
		mode_t mode;
		const char *says;
	} cases[] = {
		{ "missing.key", NULL, 0, "cannot open the key file" },
		{ "other.key", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 0600,
		  "is not the key of this database" },
		{ "open.key", good, 0644, "owner-only" },
		{ "short.key", "0011\n", 0600, "does not hold a key" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = fmt("%s/%s", tmpdir, cases[i].name);
		if (cases[i].text)
			write_file(path, cases[i].text, cases[i].mode);
		setenv("LIANXIN_KEY_FILE", path, 1);
		int rc = cli_run(binary, db_url, NULL, args, err, sizeof(err));
		EXPECT(rc != 0 && strstr(err, cases[i].says), "%s: the start is refused (%d): %s", cases[i].name, rc, err);
	}
	setenv("LIANXIN_KEY_FILE", key ? key : "", 1);
	EXPECT(cli_run(binary, db_url, NULL, args, err, sizeof(err)) == 0, "the right key file starts: %s", err);
	if (sqlite_db) {
		/* without a setting the key file is made beside a new SQLite database */
		const char *fresh = fmt("sqlite:%s/fresh.db", tmpdir);
		unsetenv("LIANXIN_KEY_FILE");
		EXPECT(cli_run(binary, fresh, NULL, args, err, sizeof(err)) == 0, "a new database starts: %s", err);
		EXPECT(stat(fmt("%s/fresh.db.key", tmpdir), &st) == 0 && (st.st_mode & 0777) == 0600,
		       "its key file is beside it, owner-only");
		setenv("LIANXIN_KEY_FILE", key ? key : "", 1);
	}
}

/* A server set to SM4 writes SM4 values and reads the XChaCha20 ones. */
static void test_sm4(void)
{
	EXPECT(server_stop(&srv) == 0, "the server stops");
	const char *extra[] = { "--field-cipher", "sm4", NULL };
	EXPECT(server_start(&srv, binary, db_url, extra) == 0, "the server starts with SM4");
	EXPECT(login(&srv, "cryptcounty", PW, &county) == 200, "the county logs in again");
	char id_d[19], out[512];
	make_id(id_d, "19750505", 14);
	int64_t m = create(&county, fmt("/api/v1/households/%lld/members", (long long)hh),
			   fmt("{\"relation\":\"daughter\",\"name\":\"王国密\",\"id_number\":\"%s\",\"phone\":\"13912340088\"}",
			       id_d));
	EXPECT(raw_sql(fmt("SELECT id_number, phone FROM members WHERE id = %lld", (long long)m), out, sizeof(out)) == 0 &&
	       !strncmp(out, "s1:", 3) && strstr(out, "|s1:"),
	       "the new member's values are SM4: %s", out);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m);
	EXPECT(!strcmp(revealed(&county, path, "id_number", 200), id_d), "an SM4 ID number opens");
	EXPECT(!strcmp(revealed(&county, path, "phone", 200), "13912340088"), "an SM4 phone opens");
	EXPECT(!strcmp(revealed(&county, fmt("/api/v1/members/%lld", (long long)mem), "phone", 200), "13912340077"),
	       "an XChaCha20-Poly1305 value still opens");
	json_t *l = get_json(&county, fmt("/api/v1/search?q=%s", id_d), 200);
	EXPECT(json_array_size(json_object_get(l, "items")) == 1, "the SM4 member is found by its number: %s", jd(l));
	json_decref(l);
	struct resp r;
	req(&county, "POST", fmt("/api/v1/households/%lld/members", (long long)hh),
	    fmt("{\"relation\":\"son\",\"name\":\"王又重\",\"id_number\":\"%s\"}", id_d), &r);
	expect_field_error(&r, 409, "conflict", "id_number", "an SM4 member's number twice");
	resp_free(&r);
	size_t n;
	char *bytes = stored_bytes(&n);
	EXPECT(bytes && memmem(bytes, n, id_d, 18) == NULL, "the SM4 member's number is not in the bytes");
	free(bytes);
}

/* A long write elsewhere (lianxin rekey, an import) holds SQLite's only write lock past the
 * busy timeout: a read whose session is due a last_seen refresh still answers (SQLite only). */
static void test_read_under_long_write(void)
{
	if (!sqlite_db)
		return;
	const char *cmd = fmt("sqlite3 '%s' 'BEGIN IMMEDIATE;' \"UPDATE crypt_meta SET value = value WHERE name = 'key_version';\""
		 " '.shell touch %s/locked; sleep 12' 'COMMIT;' '.shell rm %s/locked' >/dev/null 2>&1 &",
			      db_url + 7, tmpdir, tmpdir);
	const char *locked = fmt("%s/locked", tmpdir);
	unlink(locked);
	EXPECT(system(cmd) == 0, "a writer holds the write lock");
	struct stat st;
	for (int i = 0; i < 100 && stat(locked, &st) != 0; i++)
		usleep(100 * 1000);
	server_advance_clock(&srv, 61);   /* the session is due its refresh (once a minute) */
	json_t *m = get_json(&county, fmt("/api/v1/members/%lld", (long long)mem), 200);
	EXPECT(m && !strcmp(jstr(m, "name"), "王加密"), "the member reads while the lock is held: %s", jd(m));
	json_decref(m);
	for (int i = 0; i < 200 && stat(locked, &st) == 0; i++)   /* the writer commits */
		usleep(100 * 1000);
	server_advance_clock(&srv, -61);
}

/* ---- key rotation ------------------------------------------------------------------------ */

struct rekey_run {
	int rc;
	char out[4096];
	volatile int done;
};

static void *rekey_thread(void *p)
{
	struct rekey_run *k = p;
	const char *args[] = { "rekey", NULL };
	k->rc = cli_run_all(binary, db_url, NULL, args, k->out, sizeof(k->out));
	__atomic_store_n(&k->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* lianxin rekey while the server serves: reads keep working during and after, every value
 * carries the new version, look-ups and uniqueness hold, the old key leaves the key file. */
static void test_rekey(void)
{
	char out[1024], path[64];
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)mem);
	EXPECT(raw_count("SELECT COUNT(*) FROM members WHERE substr(id_number, 2, 2) = '2:'") == 0,
	       "before: no value of key version 2");
	struct rekey_run k = { 0 };
	pthread_t t;
	pthread_create(&t, NULL, rekey_thread, &k);
	int reads = 0, bad = 0;
	while (!__atomic_load_n(&k.done, __ATOMIC_ACQUIRE)) {
		json_t *m = get_json(&county, path, 200);
		bad += m == NULL || strcmp(jstr(m, "name"), "王加密") != 0 || strcmp(jstr(m, "health"), "serious") != 0;
		json_decref(m);
		reads++;   /* (a reveal writes its audit row: writes wait for the rotation, see docs/security.md) */
	}
	pthread_join(t, NULL);
	EXPECT(k.rc == 0 && strstr(k.out, "key version 2"), "lianxin rekey rotates the key: %d %s", k.rc, k.out);
	EXPECT(reads > 0 && bad == 0, "the server read and opened records during the rotation (%d reads, %d wrong)", reads, bad);
	/* after: every sealed value of version 2, the old key gone from the file */
	EXPECT(raw_count("SELECT COUNT(*) FROM members WHERE (id_number IS NOT NULL AND substr(id_number, 2, 2) <> '2:')"
			 " OR (health IS NOT NULL AND substr(health, 2, 2) <> '2:')"
			 " OR (phone IS NOT NULL AND substr(phone, 2, 2) <> '2:')") == 0 &&
	       raw_count("SELECT COUNT(*) FROM people WHERE id_number IS NOT NULL AND substr(id_number, 2, 2) <> '2:'") == 0 &&
	       raw_count("SELECT COUNT(*) FROM members WHERE substr(id_number, 2, 2) = '2:'") > 100,
	       "every member's and person's values carry key version 2");
	EXPECT(raw_sql(fmt("SELECT id_number FROM members WHERE id = %lld", (long long)mem), out, sizeof(out)) == 0 &&
	       !strncmp(out, "x2:", 3), "the member's raw ID number is of version 2: %s", out);
	const char *key = getenv("LIANXIN_KEY_FILE");
	FILE *f = key ? fopen(key, "r") : NULL;
	char line[200] = "", more[200] = "";
	if (f) {
		EXPECT(fgets(line, sizeof(line), f) && !strncmp(line, "2:", 2) && strlen(line) == 67 && !fgets(more, sizeof(more), f),
		       "the key file holds version 2 alone: %s %s", line, more);
		fclose(f);
	}
	EXPECT(raw_sql("SELECT value FROM crypt_meta WHERE name = 'key_version'", out, sizeof(out)) == 0 && !strncmp(out, "2", 1),
	       "crypt_meta names version 2: %s", out);
	/* reads, look-ups by keyed hash and uniqueness with the running server */
	EXPECT(!strcmp(revealed(&county, path, "phone", 200), "13912340077"), "the member's phone opens after the rotation");
	EXPECT(strlen(revealed(&county, path, "id_number", 200)) == 18, "the member's ID number opens after the rotation");
	json_t *l = get_json(&county, fmt("/api/v1/search?q=%s", id_b), 200);
	EXPECT(json_array_size(json_object_get(l, "items")) >= 1, "a look-up by ID number finds the record (new hash): %s", jd(l));
	json_decref(l);
	l = get_json(&county, fmt("/api/v1/households/%lld/members?health=serious", (long long)hh), 200);
	EXPECT(l && find_by(json_object_get(l, "items"), "id", mem), "the health filter finds the member (new hash): %s", jd(l));
	json_decref(l);
	struct resp r;
	req(&county, "POST", fmt("/api/v1/households/%lld/members", (long long)hh),
	    fmt("{\"relation\":\"son\",\"name\":\"王轮换\",\"id_number\":\"%s\"}", id_b), &r);
	expect_field_error(&r, 409, "conflict", "id_number", "a registered number after the rotation");
	resp_free(&r);
	EXPECT(raw_sql(fmt("INSERT INTO members (household_id, division, relation, name, id_number_hash, created_at, updated_at)"
			   " SELECT household_id, division, 'son', '直接写入', id_number_hash, 0, 0 FROM members"
			   " WHERE id_number_hash IS NOT NULL AND id_number_dup IS NULL LIMIT 1"), out, sizeof(out)) != 0,
	       "the unique index still refuses a repeated hash: %s", out);
	char id_e[19];
	make_id(id_e, "19950505", 16);
	int64_t m = create(&county, fmt("/api/v1/households/%lld/members", (long long)hh),
			   fmt("{\"relation\":\"son\",\"name\":\"王新钥\",\"id_number\":\"%s\"}", id_e));
	EXPECT(raw_sql(fmt("SELECT id_number FROM members WHERE id = %lld", (long long)m), out, sizeof(out)) == 0 &&
	       out[1] == '2' && out[2] == ':', "a new member is sealed with version 2: %s", out);
	l = get_json(&county, fmt("/api/v1/search?q=%s", id_e), 200);
	EXPECT(json_array_size(json_object_get(l, "items")) == 1, "and found by its number: %s", jd(l));
	json_decref(l);
	/* a restart reads the rotated key file */
	EXPECT(server_stop(&srv) == 0 && server_start(&srv, binary, db_url, NULL) == 0, "the server starts again with the new key");
	EXPECT(login(&srv, "cryptcounty", PW, &county) == 200, "the county logs in again");
	EXPECT(!strcmp(revealed(&county, fmt("/api/v1/members/%lld", (long long)m), "id_number", 200), id_e),
	       "the new member's number opens after the restart");
}

static int setup(void)
{
	char err[4096];
	sqlite_db = strncmp(db_url, "sqlite:", 7) == 0;
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip",
			       "requests,partylife,worklists", NULL };
	if (cli_run(binary, db_url, NULL, demo, err, sizeof(err))) {
		fprintf(stderr, "api_crypt: demo: %s\n", err);
		return -1;
	}
	static const struct {
		const char *name, *role;
		struct session *s;
	} users[] = { { "cryptadmin", "admin", &admin }, { "cryptcounty", "county", &county }, { "cryptviewer", "viewer", &viewer } };
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		const char *args[] = { "user", "add", "--username", users[i].name, "--role", users[i].role, "--division",
				       i ? COUNTY : "all", "--password-stdin", NULL };
		if (cli_run(binary, db_url, PW "\n", args, err, sizeof(err))) {
			fprintf(stderr, "api_crypt: user add %s: %s\n", users[i].name, err);
			return -1;
		}
	}
	if (server_start(&srv, binary, db_url, NULL))
		return -1;
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (login(&srv, users[i].name, PW, users[i].s) != 200) {
			fprintf(stderr, "api_crypt: %s cannot log in\n", users[i].name);
			return -1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "sealed values read back masked, revealed in full, changed", test_round_trip },
		{ "look-up by ID number, duplicates refused (keyed hash)", test_lookup_and_duplicates },
		{ "a requester's phone: sealed, found by its hash, revealed", test_requester_phone },
		{ "health and disability grade sealed, filtered by the health code's hash", test_health_sealed },
		{ "no ID number, phone or health status in plaintext in the database", test_nothing_plain_at_rest },
		{ "the same ID number at the same time: one row, the other 409 (create, change, import)", test_unique_at_once },
		{ "plaintext from before is sealed at the next start", test_plaintext_migrated },
		{ "a missing, foreign, open or short key file stops the start", test_key_file_refusals },
		{ "SM4 values written and read beside XChaCha20-Poly1305 ones", test_sm4 },
		{ "a read answers while a long write holds SQLite's lock past the busy timeout", test_read_under_long_write },
		{ "key rotation (lianxin rekey) while serving: new version everywhere, reads, look-ups, uniqueness", test_rekey },
	};
	const struct api_program p = { "api_crypt", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
