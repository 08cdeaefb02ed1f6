/*
 * registry.c - API tests of the household registry (建档立卡): households,
 * members, income, guarantees (两不愁三保障), measures, monitoring and its
 * candidates, income lines, search and the delete rules.
 *
 * usage: api_registry --server build/lianxin --db sqlite|postgres
 * Before the server starts, the CLI imports the five seed counties
 * (data/divisions/<county>/ *.csv, relative to the repository root, where the
 * test runs) and creates the accounts.  With --db postgres the database
 * comes from PG_TEST_URL (see scripts/with-postgres.sh).
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
static struct server srv;
static struct session admin, county, towna, townb, auditor, village, grid, cadre;

#define PW "Reg-Admin-2026"
#define SEED_COUNTIES 5
static const char *const counties[SEED_COUNTIES] = { "130728", "420323", "440232", "469030", "530921" };

#define VILL_A "469030100206"   /* 朝参村, township A (469030100) */
#define VILL_A2 "469030100208"  /* 新市村, township A */
#define VILL_B "469030101200"   /* 乌石村, township B (469030101) */
#define BANK "6228480012345678"
#define PHONE "13812345678"

/* filled by the tests, used by later ones */
static int64_t h1, h2, h3;                  /* H1, H2 in township A; H3 in township B */
static char h1_no[32];                      /* the number the server gave H1 */
static int64_t m1, m2, m3, m_b;             /* M1-M3 of H1; m_b of H3 */
static char id1[19], id2[19], id3[19];      /* id3 ends in X */
static int64_t meas1, meas2, mon1;

/* ---- helpers ------------------------------------------------------------ */

/* One request; the caller frees r. */

/* Send and check an error reply; frees the reply. */
static void send_expect_error(const struct session *s, const char *method, const char *path, const char *body,
			      long status, const char *code, const char *field, const char *what)
{
	struct resp r;
	req(s, method, path, body, &r);
	expect_field_error(&r, status, code, field, what);
	resp_free(&r);
}

/* Send and check the status only; frees the reply. */
static void send_expect_status(const struct session *s, const char *method, const char *path, const char *body,
			       long status, const char *what)
{
	struct resp r;
	req(s, method, path, body, &r);
	EXPECT(r.status == status, "%s: %s %s: %ld, want %ld: %s", what, method, path, r.status, status, r.body);
	resp_free(&r);
}

/* Percent-encode s (UTF-8) for a query string. */

/* Create a record: POST path body as s, expect 201, return the id (0 on failure). */

/* The item of a list whose key equals id, or NULL (borrowed). */
static json_t *find_item(json_t *list, const char *key, int64_t id)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item)
		if (jint(item, key) == id)
			return item;
	return NULL;
}

static bool list_has_id(json_t *list, int64_t id)
{
	return find_item(list, "id", id) != NULL;
}

/* GET path as s and tell whether the list holds id (under key). */
static bool listed(const struct session *s, const char *path, const char *key, int64_t id)
{
	json_t *l = get_json(s, path, 200);
	bool found = find_item(l, key, id) != NULL;
	json_decref(l);
	return found;
}

/* The number of items of a list reply. */
static size_t items_count(json_t *list)
{
	return json_array_size(json_object_get(list, "items"));
}

/* No full sensitive value in a raw reply body. */
static void expect_no_leak(const struct resp *r, const char *full, const char *what)
{
	EXPECT(strstr(r->body, full) == NULL, "%s: the full value %s appears in %s", what, full, r->body);
}

static int run_cli_db(const char *db, const char *stdin_text, const char *const *args, char *err, size_t errlen)
{
	return cli_run(binary, db, stdin_text, args, err, errlen);
}

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

static int add_user(const char *db, const char *username, const char *role, const char *division)
{
	const char *args[] = { "user", "add", "--username", username, "--role", role, "--division", division,
			       "--password-stdin", NULL };
	char err[512];
	int rc = run_cli_db(db, PW "\n", args, err, sizeof(err));
	if (rc)
		fprintf(stderr, "user add %s: exit %d: %s\n", username, rc, err);
	return rc;
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

/* An ID whose check character is X, with the sex digit's parity (1 male, 0 female). */
static void make_id_x(char out[19], const char *region, const char *birth, int parity)
{
	for (int seq = parity; seq < 1000; seq += 2) {
		make_id(out, region, birth, seq);
		if (out[17] == 'X')
			return;
	}
}

/* The audit rows of a query (as the auditor); the caller frees them. */
static json_t *audit_rows(const char *query)
{
	char path[512];
	snprintf(path, sizeof(path), "/api/v1/audit?%s&page_size=100", query);
	return get_json(&auditor, path, 200);
}

/* ---- 1. households ------------------------------------------------------- */

static void test_households(void)
{
	char body[2048], path[256];
	struct resp r;

	/* a registered household needs attribute, main cause and year */
	static const struct { const char *extra, *missing; } needs[] = {
		{ "", "attribute" },
		{ ",\"attribute\":\"general\"", "main_cause" },
		{ ",\"attribute\":\"general\",\"main_cause\":\"illness\"", "identified_year" },
	};
	for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		snprintf(body, sizeof(body), "{\"household_no\":\"T-MISS-%zu\",\"head_name\":\"缺项\",\"division\":\"" VILL_A
			 "\",\"status\":\"poor\"%s}", i, needs[i].extra);
		send_expect_error(&towna, "POST", "/api/v1/households", body, 400, "missing_field", needs[i].missing,
				  needs[i].missing);
	}
	/* the same for the other registered statuses, not for not_registered */
	send_expect_error(&towna, "POST", "/api/v1/households",
			  "{\"household_no\":\"T-MISS-R\",\"head_name\":\"缺项\",\"division\":\"" VILL_A
			  "\",\"status\":\"relapsed\"}", 400, "missing_field", "attribute", "relapsed without attribute");

	/* a township is not a village or group */
	send_expect_error(&towna, "POST", "/api/v1/households",
			  "{\"household_no\":\"T-TOWN\",\"head_name\":\"乡镇\",\"division\":\"469030100\","
			  "\"status\":\"not_registered\"}", 400, "bad_division", "division", "township division");
	/* another township's village: outside the caller's scope */
	send_expect_status(&towna, "POST", "/api/v1/households",
			   "{\"household_no\":\"T-OUT\",\"head_name\":\"越界\",\"division\":\"" VILL_B
			   "\",\"status\":\"not_registered\"}", 403, "village of township B as township A");

	/* secondary causes: codes of poverty_cause, not the main cause */
	const char *base = "{\"household_no\":\"T-SEC\",\"head_name\":\"次要\",\"division\":\"" VILL_A
			   "\",\"status\":\"poor\",\"attribute\":\"general\",\"main_cause\":\"illness\","
			   "\"identified_year\":2014,";
	snprintf(body, sizeof(body), "%s\"secondary_causes\":[\"skills\",\"nope\"]}", base);
	send_expect_error(&towna, "POST", "/api/v1/households", body, 400, "validation", "secondary_causes",
			  "a bad secondary cause");
	snprintf(body, sizeof(body), "%s\"secondary_causes\":[\"skills\",\"illness\"]}", base);
	send_expect_error(&towna, "POST", "/api/v1/households", body, 400, "validation", "secondary_causes",
			  "a secondary cause repeating the main cause");
	snprintf(body, sizeof(body), "%s\"secondary_causes\":\"skills\"}", base);
	send_expect_error(&towna, "POST", "/api/v1/households", body, 400, "validation", "secondary_causes",
			  "secondary causes as a string");

	/* H1: registered, poor */
	snprintf(body, sizeof(body),
		 "{\"household_no\":\"469030100206-001\",\"head_name\":\"王大山\",\"division\":\"" VILL_A "\","
		 "\"address\":\"朝参村一队\",\"phone\":\"" PHONE "\",\"status\":\"poor\",\"attribute\":\"general\","
		 "\"id_standard\":\"national\",\"identified_year\":2014,\"main_cause\":\"illness\","
		 "\"secondary_causes\":[\"skills\",\"funds\"],\"housing_grade\":\"C\",\"water_safe\":false,"
		 "\"bank_name\":\"农业银行\",\"bank_account\":\"" BANK "\"}");
	req(&towna, "POST", "/api/v1/households", body, &r);
	EXPECT(r.status == 201, "create H1: %ld %s", r.status, r.body);
	h1 = jint(r.json, "id");
	EXPECT(!strcmp(jstr(r.json, "bank_account"), "****5678"), "POST reply bank_account %s",
	       jstr(r.json, "bank_account"));
	EXPECT(!strcmp(jstr(r.json, "phone"), "138****5678"), "POST reply phone %s", jstr(r.json, "phone"));
	expect_no_leak(&r, BANK, "POST household");
	expect_no_leak(&r, PHONE, "POST household");
	json_t *sc = json_object_get(r.json, "secondary_causes");
	EXPECT(json_array_size(sc) == 2 && !strcmp(json_string_value(json_array_get(sc, 0)), "skills") &&
	       !strcmp(json_string_value(json_array_get(sc, 1)), "funds"),
	       "secondary_causes round trip: %s", r.body);
	EXPECT(!strcmp(jstr(r.json, "division"), VILL_A), "division %s", jstr(r.json, "division"));
	/* the number is the server's: the village's code and a sequence, the one sent ignored */
	snprintf(h1_no, sizeof(h1_no), "%s", jstr(r.json, "household_no"));
	EXPECT(strlen(h1_no) == 16 && !strncmp(h1_no, VILL_A, 12) && strcmp(h1_no, "469030100206-001"),
	       "H1's number is assigned: %s", h1_no);
	resp_free(&r);

	/* H2: not registered, another village of township A */
	h2 = create(&towna, "/api/v1/households",
		    "{\"household_no\":\"469030100208-001\",\"head_name\":\"李小河\",\"division\":\"" VILL_A2 "\","
		    "\"status\":\"not_registered\",\"attribute\":\"dibao\",\"main_cause\":\"disability\"}");
	/* H3: township B */
	h3 = create(&townb, "/api/v1/households",
		    "{\"household_no\":\"469030101200-001\",\"head_name\":\"陈大山\",\"division\":\"" VILL_B "\","
		    "\"status\":\"poor\",\"attribute\":\"tekun\",\"main_cause\":\"disability\",\"identified_year\":2015,"
		    "\"secondary_causes\":[\"labour\"]}");
	EXPECT(h1 > 0 && h2 > 0 && h3 > 0, "households created (%lld %lld %lld)", (long long)h1, (long long)h2,
	       (long long)h3);

	/* household_no is the server's: a PATCH may not change it */
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h2);
	send_expect_error(&towna, "PATCH", path, "{\"household_no\":\"469030100206-001\"}", 400, "unknown_field",
			  "household_no", "PATCH of household_no");

	/* GET one: masked */
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h1);
	req(&towna, "GET", path, NULL, &r);
	EXPECT(r.status == 200, "GET H1: %ld", r.status);
	EXPECT(!strcmp(jstr(r.json, "bank_account"), "****5678"), "GET bank_account %s", jstr(r.json, "bank_account"));
	EXPECT(!strcmp(jstr(r.json, "phone"), "138****5678"), "GET phone %s", jstr(r.json, "phone"));
	expect_no_leak(&r, BANK, "GET household");
	expect_no_leak(&r, PHONE, "GET household");
	resp_free(&r);
	/* township B cannot see it */
	send_expect_error(&townb, "GET", path, NULL, 404, "not_found", NULL, "township B reads H1");
	send_expect_error(&townb, "PATCH", path, "{\"address\":\"x\"}", 404, "not_found", NULL, "township B patches H1");

	/* list: masked and filtered */
	req(&towna, "GET", "/api/v1/households?page_size=200", NULL, &r);
	EXPECT(r.status == 200, "list: %ld", r.status);
	json_t *it = find_item(r.json, "id", h1);
	EXPECT(it != NULL, "H1 in the list");
	EXPECT(it && !strcmp(jstr(it, "phone"), "138****5678"), "list phone %s", jstr(it, "phone"));
	EXPECT(!find_item(r.json, "id", h3), "township A's list holds no household of B");
	expect_no_leak(&r, BANK, "household list");
	expect_no_leak(&r, PHONE, "household list");
	resp_free(&r);

	static const struct { const char *query; bool has1, has2, has3; } filters[] = {
		{ "status=poor", true, false, true },
		{ "status=not_registered", false, true, false },
		{ "attribute=general", true, false, false },
		{ "attribute=tekun", false, false, true },
		{ "main_cause=illness", true, false, false },
		{ "main_cause=disability", false, true, true },
		{ "secondary_causes=skills", true, false, false },
		{ "secondary_causes=funds", true, false, false },
		{ "secondary_causes=labour", false, false, true },
		{ "secondary_causes=water", false, false, false },
		{ "division=469030100", true, true, false },
		{ "division=" VILL_A, true, false, false },
		{ "division=469030101", false, false, true },
		{ "division=469030", true, true, true },
	};
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		snprintf(path, sizeof(path), "/api/v1/households?page_size=200&%s", filters[i].query);
		json_t *l = get_json(&admin, path, 200);
		EXPECT(list_has_id(l, h1) == filters[i].has1 && list_has_id(l, h2) == filters[i].has2 &&
		       list_has_id(l, h3) == filters[i].has3, "?%s: H1 %d H2 %d H3 %d, want %d %d %d", filters[i].query,
		       list_has_id(l, h1), list_has_id(l, h2), list_has_id(l, h3), filters[i].has1, filters[i].has2,
		       filters[i].has3);
		json_decref(l);
	}
	snprintf(path, sizeof(path), "/api/v1/households?page_size=200&q=%s", qenc("大山"));
	json_t *l = get_json(&admin, path, 200);
	EXPECT(list_has_id(l, h1) && list_has_id(l, h3) && !list_has_id(l, h2), "?q=大山 finds H1 and H3 only");
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/households?page_size=200&q=%s", qenc("王大"));
	l = get_json(&admin, path, 200);
	EXPECT(list_has_id(l, h1) && !list_has_id(l, h3) && !list_has_id(l, h2), "?q=王大 finds H1 only");
	json_decref(l);
	send_expect_error(&admin, "GET", "/api/v1/households?secondary_causes=nope", NULL, 400, "validation",
			  "secondary_causes", "filter by a bad secondary cause");
	send_expect_error(&admin, "GET", "/api/v1/households?status=nope", NULL, 400, "validation", "status",
			  "filter by a bad status");

	/* a change of status needs a reason */
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h1);
	send_expect_error(&admin, "PATCH", path, "{\"status\":\"exited_enjoying\"}", 400, "missing_field", "change_reason",
			  "status change without a reason");
	send_expect_error(&admin, "PATCH", path, "{\"status\":\"exited_enjoying\",\"change_reason\":\"\"}", 400,
			  "missing_field", "change_reason", "status change with an empty reason");
	send_expect_error(&towna, "PATCH", path, "{\"main_cause\":\"schooling\"}", 400, "missing_field", "change_reason",
			  "main cause change without a reason");
	/* an untracked field needs none */
	req(&towna, "PATCH", path, "{\"address\":\"朝参村二队\"}", &r);
	EXPECT(r.status == 200, "address change: %ld %s", r.status, r.body);
	expect_no_leak(&r, BANK, "PATCH household");
	resp_free(&r);
	/* a household exits through the exit procedure: no form sets it, not even the county's (field
	 * rule); only the administrator corrects a record */
	const struct session *not_county[] = { &county, &towna, &village, &grid, &cadre };
	for (size_t k = 0; k < sizeof(not_county) / sizeof(not_county[0]); k++) {
		send_expect_error(not_county[k], "PATCH", path, "{\"status\":\"exited_enjoying\",\"exited_year\":2020,"
				  "\"change_reason\":\"2020年验收脱贫\"}", 403, "forbidden", "status", "exit below the county");
		send_expect_error(not_county[k], "PATCH", path, "{\"status\":\"exited\",\"change_reason\":\"验收\"}", 403,
				  "forbidden", "status", "exit (no longer enjoying) below the county");
	}
	req(&admin, "PATCH", path, "{\"status\":\"exited_enjoying\",\"exited_year\":2020,\"change_reason\":\"2020年验收脱贫\"}",
	    &r);
	EXPECT(r.status == 200, "status change with a reason: %ld %s", r.status, r.body);
	EXPECT(!strcmp(jstr(r.json, "status"), "exited_enjoying"), "status now %s", jstr(r.json, "status"));
	EXPECT(!strcmp(jstr(r.json, "bank_account"), "****5678"), "PATCH reply bank_account %s",
	       jstr(r.json, "bank_account"));
	expect_no_leak(&r, BANK, "PATCH household");
	expect_no_leak(&r, PHONE, "PATCH household");
	resp_free(&r);

	/* the history */
	snprintf(path, sizeof(path), "/api/v1/households/%lld/history?page_size=100", (long long)h1);
	json_t *h = get_json(&towna, path, 200);
	size_t i;
	json_t *row;
	bool change = false, reg_status = false, reg_attr = false, reg_cause = false, reg_sec = false;
	json_array_foreach(json_object_get(h, "items"), i, row) {
		const char *f = jstr(row, "field");
		if (!strcmp(f, "status") && !strcmp(jstr(row, "old_value"), "poor") &&
		    !strcmp(jstr(row, "new_value"), "exited_enjoying") && !strcmp(jstr(row, "reason"), "2020年验收脱贫") &&
		    !strcmp(jstr(row, "username"), "regadmin") && *jstr(row, "at"))
			change = true;
		if (!strcmp(jstr(row, "reason"), "登记") && json_is_null(json_object_get(row, "old_value"))) {
			reg_status |= !strcmp(f, "status") && !strcmp(jstr(row, "new_value"), "poor");
			reg_attr |= !strcmp(f, "attribute") && !strcmp(jstr(row, "new_value"), "general");
			reg_cause |= !strcmp(f, "main_cause") && !strcmp(jstr(row, "new_value"), "illness");
			reg_sec |= !strcmp(f, "secondary_causes") && strstr(jstr(row, "new_value"), "skills") &&
				   strstr(jstr(row, "new_value"), "funds");
		}
	}
	EXPECT(change, "history has the status change with its reason and user: %s", jd(h));
	EXPECT(reg_status && reg_attr && reg_cause && reg_sec, "history has the creation rows (登记): %d %d %d %d",
	       reg_status, reg_attr, reg_cause, reg_sec);
	EXPECT(jint(h, "total") == 5, "history total %lld, want 5 (4 creation rows + 1 change)", (long long)jint(h, "total"));
	json_decref(h);
	snprintf(path, sizeof(path), "/api/v1/households/%lld/history", (long long)h1);
	send_expect_error(&townb, "GET", path, NULL, 404, "not_found", NULL, "township B reads H1's history");

	/* the audit rows are masked too */
	snprintf(path, sizeof(path), "entity=household&entity_id=%lld", (long long)h1);
	char apath[512];
	snprintf(apath, sizeof(apath), "/api/v1/audit?%s&page_size=100", path);
	req(&auditor, "GET", apath, NULL, &r);
	EXPECT(r.status == 200, "audit: %ld", r.status);
	EXPECT(json_array_size(json_object_get(r.json, "items")) >= 3, "audit rows for H1: %s", r.body);
	bool masked_after = false;
	json_array_foreach(json_object_get(r.json, "items"), i, row)
		if (!strcmp(jstr(row, "action"), "create"))
			masked_after = !strcmp(jstr(json_object_get(row, "after"), "bank_account"), "****5678") &&
				       !strcmp(jstr(json_object_get(row, "after"), "phone"), "138****5678");
	EXPECT(masked_after, "the create audit row holds the masked account and phone: %s", r.body);
	expect_no_leak(&r, BANK, "household audit rows");
	expect_no_leak(&r, PHONE, "household audit rows");
	resp_free(&r);

	/* reveal of the account: full value, audited */
	snprintf(path, sizeof(path), "/api/v1/households/%lld/reveal", (long long)h1);
	req(&towna, "POST", path, "{\"field\":\"bank_account\",\"reason\":\"核对补贴发放账户\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "value"), BANK), "reveal bank_account: %ld %s", r.status, r.body);
	resp_free(&r);
}

/* ---- 2. members ------------------------------------------------------------ */

static void member_body(char *out, size_t len, const char *relation, const char *name, const char *id,
			const char *extra)
{
	snprintf(out, len, "{\"relation\":\"%s\",\"name\":\"%s\",\"id_number\":\"%s\"%s}", relation, name, id, extra);
}

static void test_members(void)
{
	char body[1024], path[256], hpath[128];
	struct resp r;
	make_id(id1, "469030", "19800315", 11);      /* male */
	make_id(id2, "469030", "19820708", 22);      /* female */
	make_id_x(id3, "469030", "20100901", 0);     /* female, check character X */
	EXPECT(id3[17] == 'X', "an ID ending in X: %s", id3);
	snprintf(hpath, sizeof(hpath), "/api/v1/households/%lld/members", (long long)h1);

	/* household_id comes from the path */
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"relation\":\"head\",\"name\":\"王大山\",\"id_number\":\"%s\"}",
		 (long long)h1, id1);
	send_expect_error(&towna, "POST", hpath, body, 400, "unknown_field", "household_id", "household_id in the body");
	/* a sex against the ID number */
	member_body(body, sizeof(body), "head", "王大山", id1, ",\"sex\":\"F\"");
	send_expect_error(&towna, "POST", hpath, body, 400, "validation", "sex", "sex contradicting the ID");
	member_body(body, sizeof(body), "head", "王大山", id1, ",\"birth_date\":\"1980-03-16\"");
	send_expect_error(&towna, "POST", hpath, body, 400, "validation", "birth_date", "birth date contradicting the ID");
	/* a division cannot be given */
	member_body(body, sizeof(body), "head", "王大山", id1, ",\"division\":\"" VILL_A "\"");
	send_expect_error(&towna, "POST", hpath, body, 400, "unknown_field", "division", "division in a member body");

	/* M1: the head; sex and birth date derived */
	member_body(body, sizeof(body), "head", "王大山", id1, ",\"sex\":\"M\",\"phone\":\"13912345678\"");
	req(&towna, "POST", hpath, body, &r);
	EXPECT(r.status == 201, "create M1: %ld %s", r.status, r.body);
	m1 = jint(r.json, "id");
	EXPECT(jint(r.json, "household_id") == h1, "M1 household_id %lld", (long long)jint(r.json, "household_id"));
	EXPECT(!strcmp(jstr(r.json, "division"), VILL_A), "M1 division copied: %s", jstr(r.json, "division"));
	EXPECT(!strcmp(jstr(r.json, "sex"), "M"), "M1 sex %s", jstr(r.json, "sex"));
	EXPECT(!strcmp(jstr(r.json, "birth_date"), "1980-03-15"), "M1 birth_date %s", jstr(r.json, "birth_date"));
	expect_no_leak(&r, id1, "POST member");
	expect_no_leak(&r, "13912345678", "POST member");
	resp_free(&r);

	/* M2: derived without being given, health serious */
	member_body(body, sizeof(body), "spouse", "张秀英", id2, ",\"health\":\"serious\"");
	req(&towna, "POST", hpath, body, &r);
	EXPECT(r.status == 201, "create M2: %ld %s", r.status, r.body);
	m2 = jint(r.json, "id");
	EXPECT(!strcmp(jstr(r.json, "sex"), "F") && !strcmp(jstr(r.json, "birth_date"), "1982-07-08"),
	       "M2 derived sex %s birth %s", jstr(r.json, "sex"), jstr(r.json, "birth_date"));
	resp_free(&r);

	/* M3: a lowercase x is accepted and stored as X */
	char lower[19];
	memcpy(lower, id3, sizeof(lower));
	lower[17] = 'x';
	member_body(body, sizeof(body), "daughter", "王小花", lower, ",\"school_status\":\"none\"");
	req(&towna, "POST", hpath, body, &r);
	EXPECT(r.status == 201, "create M3 (lowercase x): %ld %s", r.status, r.body);
	m3 = jint(r.json, "id");
	const char *masked = jstr(r.json, "id_number");
	EXPECT(strlen(masked) == 18 && masked[17] == 'X', "M3 masked id ends in X: %s", masked);
	EXPECT(!strcmp(jstr(r.json, "birth_date"), "2010-09-01") && !strcmp(jstr(r.json, "sex"), "F"),
	       "M3 derived: %s %s", jstr(r.json, "birth_date"), jstr(r.json, "sex"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/members/%lld/reveal", (long long)m3);
	req(&towna, "POST", path, "{\"field\":\"id_number\",\"reason\":\"核对身份\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "value"), id3), "M3 stored with X: %ld %s", r.status, r.body);
	resp_free(&r);
	/* the same ID with an upper-case X is the same person */
	member_body(body, sizeof(body), "daughter", "王小花", id3, "");
	send_expect_error(&towna, "POST", hpath, body, 409, "conflict", "id_number", "the X ID again in the same household");

	/* the same ID in another household: 409 naming it for one who can see it */
	snprintf(path, sizeof(path), "/api/v1/households/%lld/members", (long long)h2);
	member_body(body, sizeof(body), "head", "王大山", id1, "");
	req(&towna, "POST", path, body, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "M1's ID in H2");
	char want[64];
	snprintf(want, sizeof(want), "农户 #%lld", (long long)h1);
	EXPECT(strstr(err_msg(&r, "message_zh"), want) != NULL, "the conflict names %s: %s", want, err_msg(&r, "message_zh"));
	snprintf(want, sizeof(want), "household #%lld", (long long)h1);
	EXPECT(strstr(err_msg(&r, "message_en"), want) != NULL, "the conflict names %s: %s", want, err_msg(&r, "message_en"));
	resp_free(&r);
	/* ... also with the lowercase x */
	member_body(body, sizeof(body), "head", "王小花", lower, "");
	req(&towna, "POST", path, body, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "M3's ID (lowercase x) in H2");
	resp_free(&r);

	/* and does not name it for township B */
	snprintf(path, sizeof(path), "/api/v1/households/%lld/members", (long long)h3);
	member_body(body, sizeof(body), "head", "王大山", id1, "");
	req(&townb, "POST", path, body, &r);
	expect_field_error(&r, 409, "conflict", "id_number", "M1's ID in H3 by township B");
	snprintf(want, sizeof(want), "#%lld", (long long)h1);
	EXPECT(strstr(err_msg(&r, "message_zh"), "农户 #") == NULL && strstr(err_msg(&r, "message_zh"), want) == NULL,
	       "the conflict does not name H1 for township B: %s", err_msg(&r, "message_zh"));
	EXPECT(strstr(err_msg(&r, "message_en"), "household #") == NULL && strstr(err_msg(&r, "message_en"), want) == NULL,
	       "the conflict does not name H1 for township B: %s", err_msg(&r, "message_en"));
	resp_free(&r);
	/* H3's own member */
	char idb[19];
	make_id(idb, "469030", "19700101", 33);
	member_body(body, sizeof(body), "head", "陈大山", idb, ",\"health\":\"serious\"");
	req(&townb, "POST", path, body, &r);
	EXPECT(r.status == 201, "create the member of H3: %ld %s", r.status, r.body);
	m_b = jint(r.json, "id");
	EXPECT(!strcmp(jstr(r.json, "division"), VILL_B), "H3 member division %s", jstr(r.json, "division"));
	resp_free(&r);

	/* the household's list: only its members */
	snprintf(path, sizeof(path), "%s?page_size=100", hpath);
	json_t *l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 3 && items_count(l) == 3, "H1 has 3 members: %lld", (long long)jint(l, "total"));
	EXPECT(list_has_id(l, m1) && list_has_id(l, m2) && list_has_id(l, m3), "H1's members listed");
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(l, "items"), i, item)
		EXPECT(jint(item, "household_id") == h1, "member %lld of household %lld in H1's list",
		       (long long)jint(item, "id"), (long long)jint(item, "household_id"));
	json_decref(l);
	/* a household_id in the query cannot widen it */
	snprintf(path, sizeof(path), "%s?household_id=%lld", hpath, (long long)h3);
	l = get_json(&admin, path, 200);
	EXPECT(!list_has_id(l, m_b) && list_has_id(l, m1), "?household_id= does not override the path");
	json_decref(l);
	/* the nested filters work */
	snprintf(path, sizeof(path), "%s?health=serious", hpath);
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 1 && list_has_id(l, m2), "H1's seriously ill members: %lld", (long long)jint(l, "total"));
	json_decref(l);

	/* /members with division and health */
	l = get_json(&admin, "/api/v1/members?division=469030100&health=serious&page_size=100", 200);
	EXPECT(list_has_id(l, m2) && !list_has_id(l, m1) && !list_has_id(l, m3) && !list_has_id(l, m_b),
	       "division=469030100&health=serious: M2 only");
	json_decref(l);
	l = get_json(&admin, "/api/v1/members?division=469030&health=serious&page_size=100", 200);
	EXPECT(list_has_id(l, m2) && list_has_id(l, m_b) && !list_has_id(l, m1), "division=469030&health=serious");
	json_decref(l);
	l = get_json(&towna, "/api/v1/members?page_size=100", 200);
	EXPECT(!list_has_id(l, m_b) && list_has_id(l, m1), "township A's member list holds no member of B");
	json_decref(l);

	/* the division is read-only */
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m1);
	send_expect_error(&towna, "PATCH", path, "{\"division\":\"" VILL_A2 "\"}", 400, "unknown_field", "division",
			  "PATCH of a member's division");
	send_expect_error(&towna, "PATCH", path, "{\"sex\":\"F\"}", 400, "validation", "sex",
			  "PATCH of a sex contradicting the stored ID");
	json_t *m = get_json(&towna, path, 200);
	EXPECT(!strcmp(jstr(m, "division"), VILL_A) && !strcmp(jstr(m, "sex"), "M"), "M1 unchanged: %s %s",
	       jstr(m, "division"), jstr(m, "sex"));
	json_decref(m);

	/* another township's member: 404 */
	send_expect_error(&townb, "GET", path, NULL, 404, "not_found", NULL, "township B reads M1");
	send_expect_error(&townb, "PATCH", path, "{\"name\":\"改名\"}", 404, "not_found", NULL, "township B patches M1");
	send_expect_error(&townb, "DELETE", path, NULL, 404, "not_found", NULL, "township B deletes M1");
	snprintf(body, sizeof(body), "/api/v1/members/%lld/reveal", (long long)m1);
	send_expect_error(&townb, "POST", body, "{\"field\":\"id_number\",\"reason\":\"核对身份\"}", 404, "not_found",
			  NULL, "township B reveals M1");
	send_expect_error(&townb, "GET", hpath, NULL, 404, "not_found", NULL, "township B lists H1's members");
	send_expect_error(&townb, "POST", hpath, "{\"relation\":\"son\",\"name\":\"外乡\"}", 404, "not_found", NULL,
			  "township B adds a member to H1");
	/* moving a member to a household out of scope */
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m_b);
	snprintf(body, sizeof(body), "{\"household_id\":%lld}", (long long)h1);
	send_expect_error(&townb, "PATCH", path, body, 400, "validation", "household_id",
			  "township B moves its member into H1");

	/* reveal: the full value, audited */
	snprintf(path, sizeof(path), "/api/v1/members/%lld/reveal", (long long)m1);
	send_expect_error(&towna, "POST", path, "{\"field\":\"id_number\"}", 400, "missing_field", "reason",
			  "reveal without a reason");
	req(&towna, "POST", path, "{\"field\":\"id_number\",\"reason\":\"核对身份信息\"}", &r);
	EXPECT(r.status == 200, "reveal M1: %ld %s", r.status, r.body);
	EXPECT(!strcmp(jstr(r.json, "value"), id1), "revealed %s, want %s", jstr(r.json, "value"), id1);
	resp_free(&r);
	snprintf(path, sizeof(path), "action=reveal&entity=member&entity_id=%lld", (long long)m1);
	json_t *a = audit_rows(path);
	bool found = false;
	json_array_foreach(json_object_get(a, "items"), i, item)
		if (!strcmp(jstr(item, "username"), "towna") && strstr(jstr(item, "detail"), "id_number") &&
		    strstr(jstr(item, "detail"), "核对身份信息"))
			found = true;
	EXPECT(found, "the reveal is audited with field and reason: %s", jd(a));
	json_decref(a);
	/* and member audit rows hold no full ID */
	snprintf(path, sizeof(path), "/api/v1/audit?entity=member&page_size=100");
	req(&auditor, "GET", path, NULL, &r);
	EXPECT(r.status == 200, "member audit: %ld", r.status);
	expect_no_leak(&r, id1, "member audit rows");
	expect_no_leak(&r, id3, "member audit rows");
	resp_free(&r);
}

/* ---- 3. income --------------------------------------------------------------- */

static void test_income(void)
{
	char path[256];
	struct resp r;
	snprintf(path, sizeof(path), "/api/v1/households/%lld/income/2021", (long long)h1);
	const char *good = "{\"wages\":12000,\"production\":3000,\"property\":0,\"transfers\":2400,\"costs\":1200}";

	/* bad bodies and years */
	send_expect_error(&towna, "PUT", path, "{\"wages\":12000,\"production\":3000,\"property\":0,\"transfers\":2400}", 400,
			  "missing_field", "costs", "a missing part");
	send_expect_error(&towna, "PUT", path,
			  "{\"wages\":-1,\"production\":3000,\"property\":0,\"transfers\":2400,\"costs\":1200}", 400,
			  "validation", "wages", "a negative part");
	send_expect_error(&towna, "PUT", path,
			  "{\"wages\":\"12000\",\"production\":3000,\"property\":0,\"transfers\":2400,\"costs\":1200}", 400,
			  "validation", "wages", "a part as a string");
	send_expect_error(&towna, "PUT", path,
			  "{\"wages\":12000,\"production\":3000,\"property\":0,\"transfers\":2400,\"costs\":1200,\"x\":1}",
			  400, "unknown_field", "x", "an unknown field");
	char p2[256];
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/income/2012", (long long)h1);
	send_expect_error(&towna, "PUT", p2, good, 400, "validation", "year", "year 2012");
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/income/abc", (long long)h1);
	send_expect_error(&towna, "PUT", p2, good, 400, "validation", "year", "year abc");
	send_expect_error(&towna, "GET", p2, NULL, 400, "validation", "year", "GET year abc");
	/* no members: 409 */
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/income/2021", (long long)h2);
	send_expect_error(&towna, "PUT", p2, good, 409, "conflict", NULL, "income of a household without members");
	/* out of scope */
	send_expect_error(&townb, "PUT", path, good, 404, "not_found", NULL, "township B puts H1's income");

	/* 3 members: (12000 + 3000 + 0 + 2400 - 1200) / 3 = 5400 */
	req(&towna, "PUT", path, good, &r);
	EXPECT(r.status == 200, "PUT income: %ld %s", r.status, r.body);
	EXPECT(jint(r.json, "people") == 3 && jint(r.json, "net") == 16200 && jint(r.json, "per_capita") == 5400,
	       "people %lld net %lld per_capita %lld, want 3 16200 5400", (long long)jint(r.json, "people"),
	       (long long)jint(r.json, "net"), (long long)jint(r.json, "per_capita"));
	EXPECT(jint(r.json, "year") == 2021 && jint(r.json, "wages") == 12000 && jint(r.json, "costs") == 1200,
	       "the parts echoed: %s", r.body);
	resp_free(&r);
	json_t *g = get_json(&towna, path, 200);
	EXPECT(jint(g, "per_capita") == 5400 && jint(g, "transfers") == 2400 && jint(g, "people") == 3,
	       "GET income: %lld", (long long)jint(g, "per_capita"));
	json_decref(g);
	send_expect_error(&townb, "GET", path, NULL, 404, "not_found", NULL, "township B reads H1's income");

	/* rounding: 16202 / 3 = 5400.67 -> 5401 */
	req(&towna, "PUT", path,
	    "{\"wages\":12000,\"production\":3000,\"property\":0,\"transfers\":2400,\"costs\":1198,\"note\":\"复核\"}", &r);
	EXPECT(r.status == 200 && jint(r.json, "net") == 16202 && jint(r.json, "per_capita") == 5401,
	       "16202/3 rounds to 5401: %ld %s", r.status, r.body);
	EXPECT(!strcmp(jstr(r.json, "note"), "复核"), "note kept: %s", r.body);
	resp_free(&r);
	snprintf(p2, sizeof(p2), "entity=household_income&action=update&entity_id=%lld/2021", (long long)h1);
	json_t *a = audit_rows(p2);
	json_t *row = json_array_get(json_object_get(a, "items"), 0);
	EXPECT(row && jint(json_object_get(row, "before"), "costs") == 1200 &&
	       jint(json_object_get(row, "after"), "costs") == 1198 &&
	       jint(json_object_get(row, "before"), "per_capita") == 5400 &&
	       jint(json_object_get(row, "after"), "per_capita") == 5401,
	       "the update audit row has before and after: %s", jd(a));
	json_decref(a);
	snprintf(p2, sizeof(p2), "entity=household_income&action=create&entity_id=%lld/2021", (long long)h1);
	a = audit_rows(p2);
	EXPECT(jint(a, "total") == 1, "one create audit row for the income: %lld", (long long)jint(a, "total"));
	json_decref(a);
	/* 16201 / 3 = 5400.33 -> 5400; back to the example's value */
	req(&towna, "PUT", path, good, &r);
	EXPECT(r.status == 200 && jint(r.json, "per_capita") == 5400, "restored: %ld %s", r.status, r.body);
	resp_free(&r);

	/* a year without data */
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/income/2020", (long long)h1);
	send_expect_error(&towna, "GET", p2, NULL, 404, "not_found", NULL, "income of 2020");
	/* H3: one member, 3000 - 0 -> 3000 */
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/income/2021", (long long)h3);
	req(&townb, "PUT", p2, "{\"wages\":2000,\"production\":500,\"property\":0,\"transfers\":500,\"costs\":0}", &r);
	EXPECT(r.status == 200 && jint(r.json, "people") == 1 && jint(r.json, "per_capita") == 3000,
	       "H3 income: %ld %s", r.status, r.body);
	resp_free(&r);
}

/* ---- 4. guarantees ------------------------------------------------------------ */

/* The indicator object of a guarantees reply (borrowed). */
static json_t *indicator(json_t *g, const char *name)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(g, "indicators"), i, it)
		if (!strcmp(jstr(it, "indicator"), name))
			return it;
	return NULL;
}

static int ind_value(json_t *g, const char *name)
{
	json_t *v = json_object_get(indicator(g, name), "value");
	return json_is_boolean(v) ? json_is_true(v) : -1;
}

/* GET the 2021 guarantees of H1 and return the value of one indicator (-1 for none). */
static int guarantee(const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/households/%lld/guarantees/2021", (long long)h1);
	json_t *g = get_json(&towna, path, 200);
	int v = ind_value(g, name);
	json_decref(g);
	return v;
}

static void patch(const struct session *s, const char *what, int64_t id, const char *body)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/%s/%lld", what, (long long)id);
	send_expect_status(s, "PATCH", path, body, 200, body);
}

static void test_guarantees(void)
{
	char path[128];
	struct resp r;
	snprintf(path, sizeof(path), "/api/v1/households/%lld/guarantees/2021", (long long)h1);
	json_t *g = get_json(&towna, path, 200);
	EXPECT(jint(g, "year") == 2021 && json_array_size(json_object_get(g, "indicators")) == 6,
	       "six indicators: %s", jd(g));
	EXPECT(json_is_false(json_object_get(g, "met")), "not met at first");
	/* M3, aged 11 in 2021, out of school without a reason */
	EXPECT(ind_value(g, "education") == 0, "education false with a child out of school");
	EXPECT(json_is_false(json_object_get(indicator(g, "education"), "computed")), "education computed false");
	EXPECT(ind_value(g, "medical") == 0, "medical false: nobody insured");
	EXPECT(ind_value(g, "housing") == 0, "housing false for grade C");
	EXPECT(ind_value(g, "water") == 0, "water false");
	EXPECT(ind_value(g, "food") == -1 && ind_value(g, "clothing") == -1, "food and clothing unrecorded: %s",
	       jd(g));
	json_decref(g);

	/* education */
	patch(&towna, "members", m3, "{\"school_note\":\"因病休学\"}");
	EXPECT(guarantee("education") == 1, "education true with a recorded reason");
	patch(&towna, "members", m3, "{\"school_note\":\"\"}");
	EXPECT(guarantee("education") == 0, "education false with an empty reason");
	patch(&towna, "members", m3, "{\"school_note\":null,\"school_status\":\"primary\"}");
	EXPECT(guarantee("education") == 1, "education true in primary school");
	patch(&towna, "members", m3, "{\"school_status\":null}");
	EXPECT(guarantee("education") == 0, "education false with no school status");
	/* the age is of that year: 2010 + 16 = 2026 is out of range */
	char p2[128];
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/guarantees/2026", (long long)h1);
	g = get_json(&towna, p2, 200);
	EXPECT(ind_value(g, "education") == 1, "education true in 2026 (aged 16)");
	json_decref(g);
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/guarantees/2015", (long long)h1);
	g = get_json(&towna, p2, 200);
	EXPECT(ind_value(g, "education") == 1, "education true in 2015 (aged 5)");
	json_decref(g);
	patch(&towna, "members", m3, "{\"school_status\":\"none\"}");
	EXPECT(guarantee("education") == 0, "education false again");

	/* medical: every member insured */
	patch(&towna, "members", m1, "{\"insured_medical\":true}");
	patch(&towna, "members", m2, "{\"insured_medical\":true}");
	EXPECT(guarantee("medical") == 0, "medical false with one member uninsured");
	patch(&towna, "members", m3, "{\"insured_medical\":true}");
	EXPECT(guarantee("medical") == 1, "medical true with all insured");

	/* housing */
	patch(&towna, "households", h1, "{\"housing_grade\":\"B\"}");
	EXPECT(guarantee("housing") == 1, "housing true for grade B");
	patch(&towna, "households", h1, "{\"housing_grade\":\"A\"}");
	EXPECT(guarantee("housing") == 1, "housing true for grade A");
	patch(&towna, "households", h1, "{\"housing_grade\":\"D\"}");
	EXPECT(guarantee("housing") == 0, "housing false for grade D");
	patch(&towna, "households", h1, "{\"housing_rebuilt\":true}");
	EXPECT(guarantee("housing") == 1, "housing true when rebuilt");
	patch(&towna, "households", h1, "{\"housing_rebuilt\":false,\"relocation\":\"centralized\"}");
	EXPECT(guarantee("housing") == 1, "housing true when resettled centrally");
	patch(&towna, "households", h1, "{\"relocation\":\"none\"}");
	EXPECT(guarantee("housing") == 0, "housing false again");
	patch(&towna, "households", h1, "{\"housing_grade\":\"B\"}");

	/* water */
	patch(&towna, "households", h1, "{\"water_safe\":true}");
	EXPECT(guarantee("water") == 1, "water true");

	/* overriding a derived indicator needs a reason */
	send_expect_error(&towna, "PUT", path, "{\"education\":{\"value\":true}}", 400, "missing_field", "education",
			  "override without a reason");
	send_expect_error(&towna, "PUT", path, "{\"education\":{\"value\":true,\"reason\":\"\"}}", 400, "missing_field",
			  "education", "override with an empty reason");
	send_expect_error(&towna, "PUT", path, "{\"education\":true}", 400, "validation", "education",
			  "a bare boolean");
	send_expect_error(&towna, "PUT", path, "{\"shelter\":{\"value\":true}}", 400, "unknown_field", "shelter",
			  "an unknown indicator");
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/guarantees/2012", (long long)h1);
	send_expect_error(&towna, "PUT", p2, "{\"food\":{\"value\":true}}", 400, "validation", "year", "guarantees of 2012");
	send_expect_error(&townb, "PUT", path, "{\"food\":{\"value\":true}}", 404, "not_found", NULL,
			  "township B puts H1's guarantees");
	send_expect_error(&townb, "GET", path, NULL, 404, "not_found", NULL, "township B reads H1's guarantees");
	EXPECT(guarantee("education") == 0, "a rejected PUT changes nothing");

	req(&towna, "PUT", path, "{\"education\":{\"value\":true,\"reason\":\"已送教上门\"},"
	    "\"food\":{\"value\":true},\"clothing\":{\"value\":true}}", &r);
	EXPECT(r.status == 200, "override with a reason: %ld %s", r.status, r.body);
	json_t *e = indicator(r.json, "education");
	EXPECT(json_is_true(json_object_get(e, "value")) && json_is_true(json_object_get(e, "overridden")) &&
	       !strcmp(jstr(e, "reason"), "已送教上门") && json_is_false(json_object_get(e, "computed")),
	       "education overridden: %s", r.body);
	json_t *f = indicator(r.json, "food");
	EXPECT(json_is_true(json_object_get(f, "value")) && json_is_false(json_object_get(f, "overridden")),
	       "food recorded without a reason: %s", r.body);
	EXPECT(ind_value(r.json, "clothing") == 1, "clothing recorded");
	EXPECT(json_is_true(json_object_get(r.json, "met")), "all six met: %s", r.body);
	resp_free(&r);
	g = get_json(&towna, path, 200);
	EXPECT(ind_value(g, "education") == 1 && !strcmp(jstr(indicator(g, "education"), "reason"), "已送教上门"),
	       "the override is kept: %s", jd(g));
	json_decref(g);
	/* another year is independent */
	snprintf(p2, sizeof(p2), "/api/v1/households/%lld/guarantees/2022", (long long)h1);
	g = get_json(&towna, p2, 200);
	EXPECT(ind_value(g, "food") == -1 && ind_value(g, "education") == 0, "2022 has no recorded values: %s",
	       jd(g));
	json_decref(g);

	/* null removes the override */
	req(&towna, "PUT", path, "{\"education\":null}", &r);
	EXPECT(r.status == 200, "remove the override: %ld %s", r.status, r.body);
	e = indicator(r.json, "education");
	EXPECT(json_is_false(json_object_get(e, "value")) && json_is_false(json_object_get(e, "overridden")) &&
	       json_is_null(json_object_get(e, "reason")), "education back to computed: %s", r.body);
	EXPECT(ind_value(r.json, "food") == 1, "food kept: %s", r.body);
	resp_free(&r);

	char q[128];
	snprintf(q, sizeof(q), "entity=household_guarantees&entity_id=%lld/2021", (long long)h1);
	json_t *a = audit_rows(q);
	EXPECT(jint(a, "total") == 2, "two guarantees audit rows: %lld", (long long)jint(a, "total"));
	json_t *row = json_array_get(json_object_get(a, "items"), 0);
	EXPECT(row && json_is_object(json_object_get(row, "before")) && json_is_object(json_object_get(row, "after")),
	       "the audit row has before and after: %s", jd(a));
	json_decref(a);
}

/* ---- 5. measures ---------------------------------------------------------------- */

static void test_measures(void)
{
	char body[1024], path[256];
	struct resp r;
	/* H2 gets a member now */
	char id4[19];
	make_id(id4, "469030", "19650505", 45);
	snprintf(path, sizeof(path), "/api/v1/households/%lld/members", (long long)h2);
	member_body(body, sizeof(body), "head", "李小河", id4, "");
	int64_t m4 = create(&towna, path, body);

	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"type\":\"industry\",\"batch\":\"production\","
		 "\"content\":\"发放鸡苗 200 羽\",\"amount\":2000,\"given_on\":\"2021-04-01\",\"member_id\":%lld}",
		 (long long)h1, (long long)m1);
	req(&towna, "POST", "/api/v1/measures", body, &r);
	EXPECT(r.status == 201, "create a measure: %ld %s", r.status, r.body);
	meas1 = jint(r.json, "id");
	EXPECT(!strcmp(jstr(r.json, "division"), VILL_A), "measure division copied: %s", jstr(r.json, "division"));
	EXPECT(jint(r.json, "member_id") == m1 && jint(r.json, "amount") == 2000, "measure echoed: %s", r.body);
	resp_free(&r);
	/* the division cannot be given */
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"type\":\"industry\",\"content\":\"x\",\"division\":\"" VILL_A
		 "\"}", (long long)h1);
	send_expect_error(&towna, "POST", "/api/v1/measures", body, 400, "unknown_field", "division", "measure division");
	/* a member of another household */
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"type\":\"employment\",\"content\":\"公益岗\",\"member_id\":%lld}",
		 (long long)h1, (long long)m4);
	send_expect_error(&towna, "POST", "/api/v1/measures", body, 400, "validation", "member_id",
			  "member of another household");
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"type\":\"employment\",\"content\":\"公益岗\",\"member_id\":%lld}",
		 (long long)h1, (long long)m_b);
	send_expect_error(&admin, "POST", "/api/v1/measures", body, 400, "validation", "member_id",
			  "member of another township's household (admin)");
	/* a household out of scope */
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"type\":\"industry\",\"content\":\"x\"}", (long long)h3);
	send_expect_error(&towna, "POST", "/api/v1/measures", body, 400, "validation", "household_id",
			  "a measure for township B's household");
	send_expect_error(&towna, "POST", "/api/v1/measures", "{\"household_id\":999999,\"type\":\"industry\",\"content\":\"x\"}",
			  400, "validation", "household_id", "a measure for no household");
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"type\":\"nope\",\"content\":\"x\"}", (long long)h1);
	send_expect_error(&towna, "POST", "/api/v1/measures", body, 400, "validation", "type", "a bad measure type");
	/* moving a measure to another household keeps member_id consistent */
	snprintf(path, sizeof(path), "/api/v1/measures/%lld", (long long)meas1);
	snprintf(body, sizeof(body), "{\"member_id\":%lld}", (long long)m4);
	send_expect_error(&towna, "PATCH", path, body, 400, "validation", "member_id", "PATCH member_id to another household's");

	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"type\":\"employment\",\"content\":\"就业培训\",\"member_id\":%lld}",
		 (long long)h2, (long long)m4);
	meas2 = create(&towna, "/api/v1/measures", body);

	snprintf(path, sizeof(path), "/api/v1/measures?household_id=%lld", (long long)h1);
	json_t *l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 1 && list_has_id(l, meas1) && !list_has_id(l, meas2), "?household_id=H1: %lld",
	       (long long)jint(l, "total"));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/measures?household_id=%lld", (long long)h2);
	l = get_json(&towna, path, 200);
	EXPECT(list_has_id(l, meas2) && !list_has_id(l, meas1), "?household_id=H2");
	json_decref(l);
	l = get_json(&townb, "/api/v1/measures", 200);
	EXPECT(!list_has_id(l, meas1) && !list_has_id(l, meas2), "township B sees no measure of A");
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/measures/%lld", (long long)meas1);
	send_expect_error(&townb, "GET", path, NULL, 404, "not_found", NULL, "township B reads a measure of A");
	/* the second household's member and measure go again (used by the delete test's counts) */
	snprintf(path, sizeof(path), "/api/v1/measures/%lld", (long long)meas2);
	send_expect_status(&towna, "DELETE", path, NULL, 200, "delete measure 2");
}

/* ---- 6. monitoring ---------------------------------------------------------------- */

static bool candidate(const struct session *s, int64_t id)
{
	return listed(s, "/api/v1/monitoring/candidates?year=2021&page_size=200", "household_id", id);
}

static void test_monitoring(void)
{
	char body[1024], path[256];
	struct resp r;

	/* the candidates of 2021: per capita under 6000 */
	json_t *l = get_json(&towna, "/api/v1/monitoring/candidates?year=2021&page_size=200", 200);
	json_t *c = find_item(l, "household_id", h1);
	EXPECT(c != NULL, "H1 (5400 < 6000) is a candidate: %s", jd(l));
	EXPECT(c && jint(c, "per_capita") == 5400 && jint(c, "monitoring_line") == 6000 &&
	       !strcmp(jstr(c, "household_no"), h1_no) && !strcmp(jstr(c, "division"), VILL_A),
	       "candidate row: %s", jd(c));
	EXPECT(!find_item(l, "household_id", h3), "township A's candidates hold no household of B");
	EXPECT(!find_item(l, "household_id", h2), "H2 (no income) is no candidate");
	json_decref(l);
	EXPECT(candidate(&townb, h3) && !candidate(&townb, h1), "township B's candidates: H3, not H1");
	l = get_json(&admin, "/api/v1/monitoring/candidates?year=2021&division=469030101", 200);
	EXPECT(find_item(l, "household_id", h3) && !find_item(l, "household_id", h1), "?division= narrows the candidates");
	json_decref(l);
	/* 2020: no monitoring line */
	EXPECT(!listed(&admin, "/api/v1/monitoring/candidates?year=2020", "household_id", h1), "no candidates for 2020");
	send_expect_error(&admin, "GET", "/api/v1/monitoring/candidates", NULL, 400, "validation", "year",
			  "candidates without a year");
	send_expect_error(&admin, "GET", "/api/v1/monitoring/candidates?year=abc", NULL, 400, "validation", "year",
			  "candidates of year abc");

	/* monitoring rows */
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"category\":\"marginal\",\"risk_types\":[\"illness\"],"
		 "\"started_on\":\"2021-06-01\",\"eliminated_on\":\"2021-05-31\"}", (long long)h1);
	send_expect_error(&towna, "POST", "/api/v1/monitoring", body, 400, "validation", "eliminated_on",
			  "eliminated before started");
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"category\":\"marginal\",\"risk_types\":[\"nope\"],"
		 "\"started_on\":\"2021-06-01\"}", (long long)h1);
	send_expect_error(&towna, "POST", "/api/v1/monitoring", body, 400, "validation", "risk_types", "a bad risk type");
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"category\":\"marginal\"}", (long long)h1);
	send_expect_error(&towna, "POST", "/api/v1/monitoring", body, 400, "missing_field", "started_on", "no started_on");
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"category\":\"marginal\",\"risk_types\":[\"illness\",\"expense\"],"
		 "\"found_by\":\"cadre_check\",\"started_on\":\"2021-06-01\"}", (long long)h1);
	send_expect_error(&towna, "POST", "/api/v1/monitoring", body, 400, "validation", "category",
			  "an exited household is no 边缘易致贫户");
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"category\":\"unstable\",\"risk_types\":[\"illness\",\"expense\"],"
		 "\"found_by\":\"cadre_check\",\"started_on\":\"2021-06-01\"}", (long long)h1);
	req(&towna, "POST", "/api/v1/monitoring", body, &r);
	EXPECT(r.status == 201, "create monitoring: %ld %s", r.status, r.body);
	mon1 = jint(r.json, "id");
	EXPECT(!strcmp(jstr(r.json, "division"), VILL_A), "monitoring division copied: %s", jstr(r.json, "division"));
	EXPECT(json_array_size(json_object_get(r.json, "risk_types")) == 2, "risk types kept: %s", r.body);
	resp_free(&r);
	EXPECT(!candidate(&towna, h1), "H1 under monitoring is no candidate");

	snprintf(path, sizeof(path), "/api/v1/monitoring/%lld", (long long)mon1);
	send_expect_error(&towna, "PATCH", path, "{\"eliminated_on\":\"2021-01-01\"}", 400, "validation", "eliminated_on",
			  "PATCH eliminated before started");
	send_expect_error(&townb, "PATCH", path, "{\"eliminated_on\":\"2021-12-01\"}", 404, "not_found", NULL,
			  "township B patches A's monitoring");
	EXPECT(!candidate(&towna, h1), "still no candidate");
	send_expect_error(&towna, "PATCH", path, "{\"eliminated_on\":\"2021-11-30\",\"elimination_method\":\"natural\"}", 400,
			  "validation", "eliminated_on", "eliminated a day short of six months");
	send_expect_error(&towna, "PATCH", path, "{\"eliminated_on\":\"2021-12-01\"}", 400, "missing_field",
			  "elimination_method", "eliminated without 风险消除方式");
	req(&towna, "PATCH", path, "{\"eliminated_on\":\"2021-12-01\",\"elimination_method\":\"natural\","
	    "\"elimination_note\":\"医保报销后收入恢复\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "eliminated_on"), "2021-12-01"), "risk eliminated: %ld %s",
	       r.status, r.body);
	resp_free(&r);
	EXPECT(candidate(&towna, h1), "H1 with its risk eliminated is a candidate again");
	snprintf(path, sizeof(path), "/api/v1/monitoring?household_id=%lld", (long long)h1);
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 1 && list_has_id(l, mon1), "?household_id= lists the monitoring row");
	json_decref(l);

	/* the province's own line */
	const char *line = "{\"year\":2021,\"province\":\"46\",\"monitoring_line\":5000}";
	send_expect_error(&towna, "PUT", "/api/v1/settings/income-lines", line, 403, "forbidden", NULL,
			  "township user sets a line");
	EXPECT(candidate(&towna, h1), "a refused PUT changes nothing");
	send_expect_error(&admin, "PUT", "/api/v1/settings/income-lines", "{\"year\":2021,\"province\":\"4\",\"monitoring_line\":5000}",
			  400, "bad_division", "province", "a one-digit province");
	send_expect_error(&admin, "PUT", "/api/v1/settings/income-lines", "{\"year\":2012,\"province\":\"46\",\"monitoring_line\":5000}",
			  400, "validation", "year", "a line of 2012");
	req(&admin, "PUT", "/api/v1/settings/income-lines", line, &r);
	EXPECT(r.status == 200, "admin sets Hainan's 2021 line: %ld %s", r.status, r.body);
	EXPECT(jint(r.json, "monitoring_line") == 5000 && !strcmp(jstr(r.json, "province"), "46"), "reply: %s", r.body);
	resp_free(&r);
	EXPECT(!candidate(&towna, h1), "5400 is not under Hainan's 5000 line");
	l = get_json(&townb, "/api/v1/monitoring/candidates?year=2021", 200);
	c = find_item(l, "household_id", h3);
	EXPECT(c && jint(c, "monitoring_line") == 5000, "H3 (3000) is still a candidate under 5000: %s", jd(l));
	json_decref(l);
	/* the newest line on or before the year: 2022 uses the 2021 lines */
	EXPECT(!listed(&admin, "/api/v1/monitoring/candidates?year=2022", "household_id", h1), "no 2022 income, no candidate");

	l = get_json(&towna, "/api/v1/settings/income-lines", 200);
	bool national = false, hainan = false;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(l, "items"), i, row) {
		if (jint(row, "year") == 2021 && !strcmp(jstr(row, "province"), "") && jint(row, "monitoring_line") == 6000 &&
		    jint(row, "poverty_line") == 4000)
			national = true;
		if (jint(row, "year") == 2021 && !strcmp(jstr(row, "province"), "46") && jint(row, "monitoring_line") == 5000)
			hainan = true;
	}
	EXPECT(national && hainan, "both 2021 lines listed: %s", jd(l));
	EXPECT(jint(l, "total") == 4, "four lines: %lld", (long long)jint(l, "total"));
	json_decref(l);
	json_t *a = audit_rows("entity=income_line");
	EXPECT(jint(a, "total") == 1, "the line change is audited: %lld", (long long)jint(a, "total"));
	json_decref(a);
	/* a setting has a place: a county holds neither its province, nor another, nor the country */
	send_expect_error(&county, "PUT", "/api/v1/settings/income-lines", line, 403, "forbidden", "province",
			  "a county sets its province's line");
	send_expect_error(&county, "PUT", "/api/v1/settings/income-lines",
			  "{\"year\":2026,\"province\":\"11\",\"poverty_line\":99999}", 403, "forbidden", "province",
			  "a county sets Beijing's line");
	send_expect_error(&county, "PUT", "/api/v1/settings/income-lines", "{\"year\":2026,\"poverty_line\":99999}", 403,
			  "forbidden", "province", "a county sets the national line");
	l = get_json(&towna, "/api/v1/settings/income-lines", 200);
	EXPECT(jint(l, "total") == 4, "the refused lines changed nothing: %s", jd(l));
	json_decref(l);
}

/* ---- 6b. status and monitoring apart; monitoring and help rules ------------------------ */

/* A Chinese message shows no English field name or code (lower-case words); acronyms (XLSX) may stay. */
static bool zh_clean(const char *m)
{
	for (const char *p = m; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			return false;
	return *m != '\0';
}

static json_t *get_household(int64_t id)
{
	return get_json(&towna, fmt("/api/v1/households/%lld", (long long)id), 200);
}

static void test_status_monitoring(void)
{
	struct resp r;
	/* H5 exited (by the county), H6 never registered: households of village A */
	int64_t h5 = create(&towna, "/api/v1/households", "{\"household_no\":\"469030100206-005\",\"head_name\":\"符亚五\","
			    "\"division\":\"" VILL_A "\",\"status\":\"poor\",\"attribute\":\"general\",\"main_cause\":\"illness\","
			    "\"identified_year\":2014}");
	int64_t h6 = create(&towna, "/api/v1/households", "{\"household_no\":\"469030100206-006\",\"head_name\":\"王六\","
			    "\"division\":\"" VILL_A "\",\"status\":\"not_registered\"}");
	send_expect_status(&admin, "PATCH", fmt("/api/v1/households/%lld", (long long)h5),
			   "{\"status\":\"exited_enjoying\",\"exited_year\":2019,\"change_reason\":\"2019年验收脱贫\"}", 200,
			   "the administrator records H5's exit");

	/* the status holds the poverty status only */
	send_expect_error(&towna, "POST", "/api/v1/households", "{\"household_no\":\"469030100206-007\",\"head_name\":\"林七\","
			  "\"division\":\"" VILL_A "\",\"status\":\"monitored\"}", 400, "validation", "status",
			  "监测对象 is no status");
	send_expect_error(&towna, "PATCH", fmt("/api/v1/households/%lld", (long long)h6),
			  "{\"status\":\"risk_eliminated\",\"change_reason\":\"x\"}", 400, "validation", "status",
			  "风险已消除 is no status");
	/* ... and its dictionary error names the allowed values, in Chinese without codes */
	req(&towna, "POST", "/api/v1/households", "{\"household_no\":\"469030100206-007\",\"head_name\":\"林七\","
	    "\"division\":\"" VILL_A "\",\"status\":\"monitored\"}", &r);
	EXPECT(strstr(err_msg(&r, "message_zh"), "户状态") && strstr(err_msg(&r, "message_zh"), "未脱贫") &&
	       strstr(err_msg(&r, "message_zh"), "自然销户") && zh_clean(err_msg(&r, "message_zh")) &&
	       strstr(err_msg(&r, "message_en"), "exited_enjoying"), "dictionary error lists the values: %s", r.body);
	resp_free(&r);

	/* categories fit the household; monitoring not in the future */
	send_expect_error(&towna, "POST", "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"unstable\","
			  "\"started_on\":\"2024-03-01\"}", (long long)h6), 400, "validation", "category",
			  "a never-registered household is no 脱贫不稳定户");
	send_expect_error(&towna, "POST", "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"marginal\","
			  "\"started_on\":\"2024-03-01\"}", (long long)h5), 400, "validation", "category",
			  "an exited household is no 边缘易致贫户");
	send_expect_error(&towna, "POST", "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"unstable\","
			  "\"started_on\":\"2099-03-01\"}", (long long)h5), 400, "validation", "started_on",
			  "monitoring from a future day");
	int64_t mon5 = create(&towna, "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"unstable\","
			      "\"risk_types\":[\"illness\"],\"started_on\":\"2024-03-01\"}", (long long)h5));
	int64_t mon6 = create(&towna, "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"sudden\","
			      "\"risk_types\":[\"accident\"],\"started_on\":\"2024-05-10\"}", (long long)h6));
	EXPECT(mon5 > 0 && mon6 > 0, "H5 unstable, H6 sudden");
	/* one open case per household */
	req(&towna, "POST", "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"unstable\","
	    "\"started_on\":\"2025-01-01\"}", (long long)h5), &r);
	expect_field_error(&r, 409, "conflict", "household_id", "a second open case");
	EXPECT(zh_clean(err_msg(&r, "message_zh")), "Chinese message without English: %s", err_msg(&r, "message_zh"));
	resp_free(&r);

	/* both dimensions on the household: exited, and monitored as unstable */
	json_t *h = get_household(h5);
	EXPECT(!strcmp(jstr(h, "status"), "exited_enjoying") && !strcmp(jstr(h, "monitor_category"), "unstable"),
	       "H5 is exited and monitored at once: %s", jd(h));
	json_decref(h);
	EXPECT(listed(&towna, "/api/v1/households?monitor_category=unstable&page_size=200", "id", h5) &&
	       !listed(&towna, "/api/v1/households?monitor_category=unstable&page_size=200", "id", h6) &&
	       listed(&towna, "/api/v1/households?status=exited_enjoying&monitor_category=unstable&page_size=200", "id", h5),
	       "households filter by status and monitoring together");
	send_expect_error(&towna, "PATCH", fmt("/api/v1/households/%lld", (long long)h5), "{\"monitor_category\":null}", 400,
			  "unknown_field", "monitor_category", "the monitoring category is kept by the monitoring");
	/* the status may not leave the open case's category behind */
	send_expect_error(&county, "PATCH", fmt("/api/v1/households/%lld", (long long)h5),
			  "{\"status\":\"poor\",\"change_reason\":\"核查有误\"}", 409, "conflict", "status",
			  "an unstable household's status back to poor");

	/* elimination: six months at least, not in the future, with how; 帮扶消除 needs help given since */
	char p5[64];
	snprintf(p5, sizeof(p5), "/api/v1/monitoring/%lld", (long long)mon5);
	send_expect_error(&towna, "PATCH", p5, "{\"eliminated_on\":\"2024-08-31\",\"elimination_method\":\"natural\"}", 400,
			  "validation", "eliminated_on", "eliminated after five months");
	send_expect_error(&towna, "PATCH", p5, "{\"eliminated_on\":\"2099-01-01\",\"elimination_method\":\"natural\"}", 400,
			  "validation", "eliminated_on", "eliminated in the future");
	send_expect_error(&towna, "PATCH", p5, "{\"elimination_method\":\"natural\"}", 400, "validation",
			  "elimination_method", "a way of elimination with the risk open");
	send_expect_error(&towna, "PATCH", p5, "{\"eliminated_on\":\"2024-09-01\",\"elimination_method\":\"assisted\"}", 400,
			  "validation", "elimination_method", "帮扶消除 without help");
	send_expect_error(&towna, "PATCH", p5, "{\"eliminated_on\":\"2024-09-01\",\"elimination_method\":\"gone\"}", 400,
			  "validation", "elimination_method", "an unknown way of elimination");

	/* help: not dated after today; the 五个一批 batch fits the kind */
	send_expect_error(&towna, "POST", "/api/v1/measures", fmt("{\"household_id\":%lld,\"type\":\"health\","
			  "\"content\":\"医疗救助\",\"given_on\":\"2099-01-01\"}", (long long)h5), 400, "validation", "given_on",
			  "help dated in the future");
	send_expect_error(&towna, "POST", "/api/v1/measures", fmt("{\"household_id\":%lld,\"type\":\"industry\","
			  "\"batch\":\"education\",\"content\":\"发放鸡苗\",\"given_on\":\"2024-04-01\"}", (long long)h5), 400,
			  "validation", "batch", "industry help counted as 发展教育");
	send_expect_error(&towna, "POST", "/api/v1/measures", fmt("{\"household_id\":%lld,\"type\":\"housing\","
			  "\"batch\":\"production\",\"content\":\"危房改造\",\"given_on\":\"2024-04-01\"}", (long long)h5), 400,
			  "validation", "batch", "housing help in a batch");
	send_expect_error(&towna, "POST", "/api/v1/measures", fmt("{\"household_id\":%lld,\"type\":\"relocation\","
			  "\"batch\":\"ecology\",\"content\":\"搬迁\",\"given_on\":\"2024-04-01\"}", (long long)h5), 400,
			  "validation", "batch", "relocation counted as 生态补偿");
	int64_t help = create(&towna, "/api/v1/measures", fmt("{\"household_id\":%lld,\"type\":\"health\",\"batch\":\"safety_net\","
			      "\"content\":\"医疗救助\",\"given_on\":\"2024-04-01\"}", (long long)h5));
	EXPECT(help > 0 && create(&towna, "/api/v1/measures", fmt("{\"household_id\":%lld,\"type\":\"industry\","
	       "\"batch\":\"production\",\"content\":\"发放鸡苗\",\"given_on\":\"2024-04-02\"}", (long long)h5)) > 0,
	       "help that fits its batch, dated in the past");
	req(&towna, "PATCH", p5, "{\"eliminated_on\":\"2024-09-01\",\"elimination_method\":\"assisted\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "elimination_method"), "assisted"),
	       "帮扶消除 six months on, after help: %ld %s", r.status, r.body);
	resp_free(&r);
	h = get_household(h5);
	EXPECT(!strcmp(jstr(h, "status"), "exited_enjoying") && json_is_null(json_object_get(h, "monitor_category")),
	       "risk eliminated: H5 stays exited, no longer monitored: %s", jd(h));
	json_decref(h);
	/* a new case after the elimination; deleting it leaves the household unmonitored again */
	int64_t again = create(&towna, "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"sudden\","
			       "\"started_on\":\"2025-02-01\"}", (long long)h5));
	h = get_household(h5);
	EXPECT(again > 0 && !strcmp(jstr(h, "monitor_category"), "sudden"), "a new case: %s", jd(h));
	json_decref(h);
	send_expect_status(&towna, "DELETE", fmt("/api/v1/monitoring/%lld", (long long)again), NULL, 200, "delete the new case");
	h = get_household(h5);
	EXPECT(json_is_null(json_object_get(h, "monitor_category")), "deleted case: not monitored: %s", jd(h));
	json_decref(h);
	/* H6 (sudden, never registered) is closed: no new case */
	send_expect_status(&towna, "PATCH", fmt("/api/v1/monitoring/%lld", (long long)mon6),
			   "{\"eliminated_on\":\"2024-11-10\",\"elimination_method\":\"natural\"}", 200, "H6 eliminated");
	send_expect_status(&towna, "PATCH", fmt("/api/v1/households/%lld", (long long)h6),
			   "{\"status\":\"removed\",\"change_reason\":\"全家迁出\"}", 200, "H6 自然销户");
	send_expect_error(&towna, "POST", "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"sudden\","
			  "\"started_on\":\"2025-02-01\"}", (long long)h6), 400, "validation", "household_id",
			  "a closed household is not monitored");
}

/* ---- 6c. who may change what, field by field ---------------------------------------- */

static void test_field_rules(void)
{
	struct resp r;
	const char *org = "{\"name\":\"朝参村党支部\",\"type\":\"village_branch\",\"division\":\"" VILL_A "\"}";
	send_expect_error(&grid, "POST", "/api/v1/orgs", org, 403, "forbidden", NULL, "a grid worker creates an organisation");
	send_expect_error(&cadre, "POST", "/api/v1/orgs", org, 403, "forbidden", NULL, "a cadre creates an organisation");
	int64_t branch = create(&county, "/api/v1/orgs", org);
	EXPECT(branch > 0, "the county creates the branch");
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/orgs/%lld", (long long)branch);
	const struct session *below[] = { &village, &grid, &cadre };
	for (size_t k = 0; k < 3; k++) {
		send_expect_error(below[k], "PATCH", path, "{\"weak\":true}", 403, "forbidden", "weak", "flag 软弱涣散 below the township");
		send_expect_error(below[k], "PATCH", path, "{\"demonstration\":true}", 403, "forbidden", "demonstration",
				  "flag 示范 below the township");
	}
	send_expect_status(&towna, "PATCH", path, "{\"weak\":true}", 200, "the township flags its branch 软弱涣散");
	send_expect_error(&village, "PATCH", path, "{\"weak\":false}", 403, "forbidden", "weak", "the village unflags its own branch");
	/* an untouched flag is no change: the village may still edit the rest */
	req(&village, "PATCH", path, "{\"weak\":true,\"note\":\"整顿中\"}", &r);
	EXPECT(r.status == 200 && json_is_true(json_object_get(r.json, "weak")), "the same flag again is no change: %ld %s",
	       r.status, r.body);
	resp_free(&r);
	send_expect_error(&village, "POST", "/api/v1/orgs", "{\"name\":\"朝参村第一党小组\",\"type\":\"party_group\","
			  "\"division\":\"" VILL_A "\",\"weak\":true}", 403, "forbidden", "weak", "a village creates a flagged group");
	send_expect_status(&county, "PATCH", path, "{\"weak\":false,\"demonstration\":true}", 200, "the county changes both flags");
	/* the rules are published for the UI */
	json_t *meta = get_json(&village, "/api/v1/meta", 200);
	size_t i;
	json_t *rule;
	bool exit_rule = false, weak_rule = false;
	json_array_foreach(json_object_get(meta, "field_rules"), i, rule) {
		exit_rule |= !strcmp(jstr(rule, "entity"), "household") && !strcmp(jstr(rule, "field"), "status") &&
			     strstr(jstr(rule, "values"), "exited_enjoying") && json_array_size(json_object_get(rule, "roles")) == 1;
		weak_rule |= !strcmp(jstr(rule, "entity"), "org") && !strcmp(jstr(rule, "field"), "weak");
	}
	EXPECT(exit_rule && weak_rule, "/meta lists the field rules: %s", jd(json_object_get(meta, "field_rules")));
	json_decref(meta);
}

/* ---- 6d. dictionaries and messages ----------------------------------------------------- */

static void test_dictionaries(void)
{
	/* GB 3304: the 56 groups in the standard's order, 97 其他, 98 外国血统中国籍人士 */
	static const char *const gb3304[][2] = {
		{ "01", "汉族" }, { "02", "蒙古族" }, { "03", "回族" }, { "04", "藏族" }, { "05", "维吾尔族" }, { "06", "苗族" },
		{ "07", "彝族" }, { "08", "壮族" }, { "09", "布依族" }, { "10", "朝鲜族" }, { "11", "满族" }, { "12", "侗族" },
		{ "13", "瑶族" }, { "14", "白族" }, { "15", "土家族" }, { "16", "哈尼族" }, { "17", "哈萨克族" }, { "18", "傣族" },
		{ "19", "黎族" }, { "20", "傈僳族" }, { "21", "佤族" }, { "22", "畲族" }, { "23", "高山族" }, { "24", "拉祜族" },
		{ "25", "水族" }, { "26", "东乡族" }, { "27", "纳西族" }, { "28", "景颇族" }, { "29", "柯尔克孜族" },
		{ "30", "土族" }, { "31", "达斡尔族" }, { "32", "仫佬族" }, { "33", "羌族" }, { "34", "布朗族" },
		{ "35", "撒拉族" }, { "36", "毛南族" }, { "37", "仡佬族" }, { "38", "锡伯族" }, { "39", "阿昌族" },
		{ "40", "普米族" }, { "41", "塔吉克族" }, { "42", "怒族" }, { "43", "乌孜别克族" }, { "44", "俄罗斯族" },
		{ "45", "鄂温克族" }, { "46", "德昂族" }, { "47", "保安族" }, { "48", "裕固族" }, { "49", "京族" },
		{ "50", "塔塔尔族" }, { "51", "独龙族" }, { "52", "鄂伦春族" }, { "53", "赫哲族" }, { "54", "门巴族" },
		{ "55", "珞巴族" }, { "56", "基诺族" }, { "97", "其他" }, { "98", "外国血统中国籍人士" },
	};
	json_t *meta = get_json(&towna, "/api/v1/meta", 200);
	json_t *dicts = json_object_get(meta, "dictionaries");
	json_t *eth = json_object_get(json_object_get(dicts, "ethnicity"), "items");
	size_t n = sizeof(gb3304) / sizeof(gb3304[0]);
	EXPECT(json_array_size(eth) == n, "ethnicity has %zu items, want %zu", json_array_size(eth), n);
	for (size_t i = 0; i < n && i < json_array_size(eth); i++) {
		json_t *it = json_array_get(eth, i);
		EXPECT(!strcmp(jstr(it, "code"), gb3304[i][0]) && !strcmp(jstr(it, "zh"), gb3304[i][1]),
		       "GB 3304 item %zu: %s %s, want %s %s", i, jstr(it, "code"), jstr(it, "zh"), gb3304[i][0], gb3304[i][1]);
	}
	/* the status: no monitoring values; 自然销户 for a household */
	json_t *st = json_object_get(json_object_get(dicts, "hh_status"), "items");
	size_t i;
	json_t *it;
	bool removed = false;
	json_array_foreach(st, i, it) {
		EXPECT(strcmp(jstr(it, "code"), "monitored") && strcmp(jstr(it, "code"), "risk_eliminated"),
		       "户状态 holds no monitoring value: %s", jstr(it, "code"));
		removed |= !strcmp(jstr(it, "code"), "removed") && !strcmp(jstr(it, "zh"), "自然销户");
	}
	EXPECT(removed, "removed is 自然销户: %s", jd(st));
	json_t *how = json_object_get(json_object_get(dicts, "elimination_method"), "items");
	EXPECT(json_array_size(how) == 2 && !strcmp(jstr(json_array_get(how, 0), "zh"), "帮扶消除") &&
	       !strcmp(jstr(json_array_get(how, 1), "zh"), "自然消除"), "风险消除方式: %s", jd(how));
	json_decref(meta);
	/* a member of 佤族 keeps code 21 */
	struct resp r;
	req(&towna, "POST", "/api/v1/members", fmt("{\"household_id\":%lld,\"relation\":\"other\",\"name\":\"岩块\","
	    "\"ethnicity\":\"21\"}", (long long)h2), &r);
	EXPECT(r.status == 201 && !strcmp(jstr(r.json, "ethnicity"), "21"), "佤族 member: %ld %s", r.status, r.body);
	int64_t wa = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	if (wa)
		send_expect_status(&towna, "DELETE", fmt("/api/v1/members/%lld", (long long)wa), NULL, 200, "delete it again");

	/* Chinese messages never show English field names or codes */
	static const struct { const char *method, *path, *body; } bad[] = {
		{ "GET", "/api/v1/meetings/calendar?month=2026-13", NULL },
		{ "GET", "/api/v1/households?page=abc", NULL },
		{ "GET", "/api/v1/households?page_size=999", NULL },
		{ "POST", "/api/v1/divisions", "{\"parent_code\":\"" VILL_A "\",\"name\":\"第九组\",\"type\":\"village\"}" },
		{ "GET", "/api/v1/exports/households?format=pdf", NULL },
		{ "POST", "/api/v1/households", "{\"household_no\":\"x-1\",\"head_name\":\"甲\",\"division\":\"" VILL_A "\","
		  "\"status\":\"poor\",\"attribute\":\"nope\"}" },
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		req(&towna, bad[k].method, bad[k].path, bad[k].body, &r);
		EXPECT(r.status >= 400 && r.status < 500 && zh_clean(err_msg(&r, "message_zh")),
		       "%s %s: the Chinese message shows English: %ld %s", bad[k].method, bad[k].path, r.status, r.body);
		resp_free(&r);
	}
}

/* ---- 7. search ------------------------------------------------------------------------ */

static bool search_has(json_t *l, const char *kind, int64_t id)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(l, "items"), i, it)
		if (!strcmp(jstr(it, "kind"), kind) && jint(it, "id") == id)
			return true;
	return false;
}

static void test_search(void)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", qenc("王大"));
	json_t *l = get_json(&towna, path, 200);
	EXPECT(search_has(l, "household", h1) && search_has(l, "member", m1), "王大 finds H1 and M1: %s", jd(l));
	EXPECT(!search_has(l, "member", m2) && !search_has(l, "household", h3), "王大: not M2 nor H3");
	json_t *it = json_array_get(json_object_get(l, "items"), 0);
	EXPECT(it && jint(it, "household_id") == h1 && !strcmp(jstr(it, "division"), VILL_A) &&
	       strstr(jstr(it, "division_name"), "朝参") != NULL && !strcmp(jstr(it, "household_no"), h1_no),
	       "search item: %s", jd(it));
	json_decref(l);
	/* the total rides with the page, also on a later page and past the end */
	snprintf(path, sizeof(path), "/api/v1/search?q=%s&page_size=1", qenc("王大"));
	l = get_json(&towna, path, 200);
	int64_t total = jint(l, "total");
	EXPECT(total >= 2 && json_array_size(json_object_get(l, "items")) == 1, "王大, a page of one: %s", jd(l));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/search?q=%s&page_size=1&page=2", qenc("王大"));
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == total && json_array_size(json_object_get(l, "items")) == 1, "王大, page 2: %s", jd(l));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/search?q=%s&page_size=1&page=99", qenc("王大"));
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == total && json_array_size(json_object_get(l, "items")) == 0, "王大, past the end: %s",
	       jd(l));
	json_decref(l);
	/* a member's name */
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", qenc("秀英"));
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 1 && search_has(l, "member", m2), "秀英 finds M2 only: %s", jd(l));
	json_decref(l);
	/* a full ID: exactly that member */
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", id2);
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 1 && search_has(l, "member", m2), "the ID of M2 finds M2 only: %s", jd(l));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", id3);
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 1 && search_has(l, "member", m3), "the X ID of M3 finds M3: %s", jd(l));
	json_decref(l);
	char lower[19];
	memcpy(lower, id3, sizeof(lower));
	lower[17] = 'x';
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", lower);
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 1 && search_has(l, "member", m3), "the lowercase-x ID finds M3: %s", jd(l));
	json_decref(l);
	/* a household number prefix */
	l = get_json(&towna, "/api/v1/search?q=" VILL_A, 200);
	EXPECT(search_has(l, "household", h1) && !search_has(l, "household", h2), "household number prefix");
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", h1_no + 3);
	l = get_json(&towna, path, 200);
	EXPECT(!search_has(l, "household", h1), "the middle of a household number: %s", jd(l));
	json_decref(l);
	/* township B finds none of it */
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", qenc("大山"));
	l = get_json(&townb, path, 200);
	EXPECT(!search_has(l, "household", h1) && !search_has(l, "member", m1) && search_has(l, "household", h3) &&
	       search_has(l, "member", m_b), "township B's 大山: H3 and its member only: %s", jd(l));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", id2);
	l = get_json(&townb, path, 200);
	EXPECT(jint(l, "total") == 0 && items_count(l) == 0, "township B finds no M2 by ID: %s", jd(l));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", lower);
	l = get_json(&townb, path, 200);
	EXPECT(jint(l, "total") == 0, "township B finds no M3 by ID");
	json_decref(l);
	/* the ID is not leaked by search */
	struct resp r;
	snprintf(path, sizeof(path), "/api/v1/search?q=%s", id2);
	req(&towna, "GET", path, NULL, &r);
	EXPECT(strstr(r.body, "\"id_number\"") == NULL, "search items carry no id_number: %s", r.body);
	resp_free(&r);
	send_expect_error(&towna, "GET", "/api/v1/search", NULL, 400, "missing_field", "q", "search without q");
	send_expect_error(&towna, "GET", "/api/v1/search?q=", NULL, 400, "missing_field", "q", "search with an empty q");
}

/* ---- 8. delete rules ----------------------------------------------------------------------- */

static void test_delete(void)
{
	char path[256];
	struct resp r;
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h1);
	req(&towna, "DELETE", path, NULL, &r);
	expect_error(&r, 409, "conflict", "deleting a household with members");
	resp_free(&r);
	/* a member referred to by a measure */
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)m1);
	send_expect_error(&towna, "DELETE", path, NULL, 409, "conflict", NULL, "deleting a member a measure refers to");
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h1);
	send_expect_error(&townb, "DELETE", path, NULL, 404, "not_found", NULL, "township B deletes H1");

	snprintf(path, sizeof(path), "/api/v1/measures/%lld", (long long)meas1);
	send_expect_status(&towna, "DELETE", path, NULL, 200, "delete the measure");
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h1);
	send_expect_status(&towna, "DELETE", path, NULL, 409, "still members and monitoring");
	snprintf(path, sizeof(path), "/api/v1/monitoring/%lld", (long long)mon1);
	send_expect_status(&towna, "DELETE", path, NULL, 200, "delete the monitoring row");
	int64_t ms[] = { m1, m2, m3 };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)ms[i]);
		send_expect_status(&towna, "DELETE", path, NULL, 200, "delete a member");
	}
	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h1);
	req(&towna, "DELETE", path, NULL, &r);
	EXPECT(r.status == 200 && json_is_true(json_object_get(r.json, "deleted")), "delete H1: %ld %s", r.status, r.body);
	resp_free(&r);
	send_expect_error(&towna, "GET", path, NULL, 404, "not_found", NULL, "H1 after delete");
	snprintf(path, sizeof(path), "/api/v1/households/%lld/income/2021", (long long)h1);
	send_expect_error(&towna, "GET", path, NULL, 404, "not_found", NULL, "H1's income after delete");
	snprintf(path, sizeof(path), "/api/v1/households/%lld/members", (long long)h1);
	send_expect_error(&towna, "GET", path, NULL, 404, "not_found", NULL, "H1's members after delete");
	/* the household's audit rows mask the account on delete too */
	snprintf(path, sizeof(path), "/api/v1/audit?entity=household&action=delete&entity_id=%lld", (long long)h1);
	req(&auditor, "GET", path, NULL, &r);
	EXPECT(r.status == 200 && jint(r.json, "total") == 1, "the delete is audited: %s", r.body);
	expect_no_leak(&r, BANK, "household delete audit row");
	resp_free(&r);
	/* the ID numbers are free again */
	char body[512];
	snprintf(path, sizeof(path), "/api/v1/households/%lld/members", (long long)h2);
	member_body(body, sizeof(body), "son", "王大山", id1, "");
	int64_t again = create(&towna, path, body);
	EXPECT(again > 0, "M1's ID can be registered again after the delete");
}

/* ---- 9. moving a household --------------------------------------------------------------------- */

/*
 * A member's division is "the household's" (docs/api.md): when the county
 * moves a household to a village of another township, its members (and
 * measures, monitoring) follow, so the new township sees them and the old
 * one no longer does.
 */
/* The village sequence of a 16-character household number. */
static bool parse_seq(const char *no, int64_t *seq)
{
	if (strlen(no) != 16 || strspn(no + 12, "0123456789") != 4)
		return false;
	*seq = strtoll(no + 12, NULL, 10);
	return true;
}

/* The number of household id (its JSON read back), into out. */
static void household_no_of(int64_t id, char *out, size_t n)
{
	json_t *h = get_json(&towna, fmt("/api/v1/households/%lld", (long long)id), 200);
	snprintf(out, n, "%s", h ? jstr(h, "household_no") : "");
	json_decref(h);
}

/*
 * 户编号 is assigned by the server: the village's 12-digit code and the next
 * number of the village (a group's household takes its village's), distinct
 * for two households of one village; a number the client sends is ignored
 * and a PATCH of it refused.  head_member makes the head's member record
 * from head_name in the same write; without it there is none.
 */
static void test_household_no(void)
{
	int64_t a = create(&towna, "/api/v1/households",
			   "{\"household_no\":\"MINE-1\",\"head_name\":\"黎一\",\"division\":\"" VILL_A2 "\","
			   "\"status\":\"not_registered\",\"head_member\":true}");
	int64_t b = create(&towna, "/api/v1/households",
			   "{\"head_name\":\"黎二\",\"division\":\"" VILL_A2 "\",\"status\":\"not_registered\"}");
	int64_t other = create(&townb, "/api/v1/households",
			       "{\"head_name\":\"黎三\",\"division\":\"" VILL_B "\",\"status\":\"not_registered\"}");
	EXPECT(a > 0 && b > 0 && other > 0, "three households (%lld %lld %lld)", (long long)a, (long long)b,
	       (long long)other);
	char na[32], nb[32], no[32];
	household_no_of(a, na, sizeof(na));
	household_no_of(b, nb, sizeof(nb));
	json_t *ho = get_json(&townb, fmt("/api/v1/households/%lld", (long long)other), 200);
	snprintf(no, sizeof(no), "%s", ho ? jstr(ho, "household_no") : "");
	json_decref(ho);
	EXPECT(strlen(na) == 16 && !strncmp(na, VILL_A2, 12) && strlen(nb) == 16 && !strncmp(nb, VILL_A2, 12),
	       "numbers of village A2 carry its code: %s %s", na, nb);
	EXPECT(strcmp(na, nb) != 0 && strcmp(na, "MINE-1") != 0, "two households of one village, two numbers: %s %s", na, nb);
	int64_t sa = 0, sb = 0;
	EXPECT(parse_seq(na, &sa) && parse_seq(nb, &sb) && sb == sa + 1, "the village's next number: %s then %s", na, nb);
	EXPECT(strlen(no) == 16 && !strncmp(no, VILL_B, 12), "village B's number: %s", no);
	/* the head once: head_member made the head's record, named as the household's head */
	json_t *m = get_json(&towna, fmt("/api/v1/households/%lld/members", (long long)a), 200);
	json_t *items = json_object_get(m, "items");
	json_t *head = json_array_get(items, 0);
	EXPECT(json_array_size(items) == 1 && head && !strcmp(jstr(head, "relation"), "head") &&
	       !strcmp(jstr(head, "name"), "黎一") && !strcmp(jstr(head, "division"), VILL_A2),
	       "the head's member record: %s", jd(m));
	json_decref(m);
	m = get_json(&towna, fmt("/api/v1/households/%lld/members", (long long)b), 200);
	EXPECT(json_array_size(json_object_get(m, "items")) == 0, "no head_member, no member: %s", jd(m));
	json_decref(m);
	/* head_member is a yes or no; a refused household takes no number */
	send_expect_error(&towna, "POST", "/api/v1/households",
			  "{\"head_name\":\"黎四\",\"division\":\"" VILL_A2 "\",\"status\":\"not_registered\","
			  "\"head_member\":\"yes\"}", 400, "validation", "head_member", "head_member as a string");
	send_expect_error(&towna, "POST", "/api/v1/households",
			  "{\"head_name\":\"黎四\",\"division\":\"" VILL_A2 "\",\"status\":\"poor\"}", 400,
			  "missing_field", "attribute", "a registered household without its attribute");
	int64_t c = create(&towna, "/api/v1/households",
			   "{\"head_name\":\"黎五\",\"division\":\"" VILL_A2 "\",\"status\":\"not_registered\"}");
	char nc[32];
	household_no_of(c, nc, sizeof(nc));
	int64_t sc = 0;
	EXPECT(parse_seq(nc, &sc) && sc == sb + 1, "after refused writes the next number is %lld: %s", (long long)sb + 1, nc);
	send_expect_error(&towna, "PATCH", fmt("/api/v1/households/%lld", (long long)b), "{\"household_no\":\"X-1\"}",
			  400, "unknown_field", "household_no", "PATCH of the number");

	/* in_registry (the list's default): registered or monitored households; B becomes a 边缘易致贫户 */
	create(&towna, "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"marginal\","
						 "\"started_on\":\"2025-06-01\"}", (long long)b));
	json_t *in = get_json(&towna, "/api/v1/households?division=" VILL_A2 "&in_registry=true&page_size=100", 200);
	json_t *out = get_json(&towna, "/api/v1/households?division=" VILL_A2 "&in_registry=false&page_size=100", 200);
	EXPECT(find_item(in, "id", b) && !find_item(in, "id", a) && !find_item(in, "id", c),
	       "in the registry: the monitored B, not A nor C: %s", jd(in));
	EXPECT(find_item(out, "id", a) && find_item(out, "id", c) && !find_item(out, "id", b),
	       "outside it: A and C: %s", jd(out));
	json_decref(in);
	json_decref(out);
	in = get_json(&towna, "/api/v1/households?in_registry=true&page_size=100", 200);
	size_t k;
	json_t *it;
	bool all_in = json_array_size(json_object_get(in, "items")) >= 2;
	json_array_foreach(json_object_get(in, "items"), k, it) {
		const char *st = jstr(it, "status");
		all_in &= strcmp(st, "not_registered") && strcmp(st, "removed") ? true : json_is_string(json_object_get(it, "monitor_category"));
	}
	EXPECT(all_in, "township A's registry: registered or monitored households only: %s", jd(in));
	json_decref(in);
	send_expect_error(&towna, "GET", "/api/v1/households?in_registry=maybe", NULL, 400, "validation", "in_registry",
			  "in_registry=maybe");
}

static void test_move(void)
{
	char path[256], body[512];
	snprintf(path, sizeof(path), "/api/v1/households/%lld/members?page_size=100", (long long)h2);
	json_t *l = get_json(&towna, path, 200);
	int64_t n = jint(l, "total");
	int64_t mem = jint(json_array_get(json_object_get(l, "items"), 0), "id");
	json_decref(l);
	EXPECT(n == 2 && mem > 0, "H2 has two members before the move: %lld", (long long)n);
	snprintf(body, sizeof(body), "{\"household_id\":%lld,\"category\":\"sudden\",\"started_on\":\"2022-01-05\"}",
		 (long long)h2);
	int64_t mon = create(&towna, "/api/v1/monitoring", body);

	snprintf(path, sizeof(path), "/api/v1/households/%lld", (long long)h2);
	send_expect_status(&county, "PATCH", path, "{\"division\":\"" VILL_B "\"}", 200, "county moves H2 to township B");
	json_t *h = get_json(&townb, path, 200);
	EXPECT(!strcmp(jstr(h, "division"), VILL_B), "H2 now in %s", jstr(h, "division"));
	json_decref(h);

	snprintf(path, sizeof(path), "/api/v1/households/%lld/members?page_size=100", (long long)h2);
	l = get_json(&townb, path, 200);
	EXPECT(jint(l, "total") == n, "township B lists H2's %lld members after the move: %lld", (long long)n,
	       (long long)jint(l, "total"));
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)mem);
	json_t *m = get_json(&townb, path, 200);
	EXPECT(!strcmp(jstr(m, "division"), VILL_B), "the member's division follows the household: %s", jstr(m, "division"));
	json_decref(m);
	send_expect_status(&towna, "GET", path, NULL, 404, "township A reads a member of the moved household");
	snprintf(path, sizeof(path), "/api/v1/monitoring/%lld", (long long)mon);
	send_expect_status(&townb, "GET", path, NULL, 200, "township B reads the moved household's monitoring");
	send_expect_status(&towna, "GET", path, NULL, 404, "township A reads the moved household's monitoring");
}

/* ---- main ---------------------------------------------------------------------------------- */

static int setup(void)
{
	char err[8192];
	for (int i = 0; i < SEED_COUNTIES; i++) {
		char pattern[128];
		snprintf(pattern, sizeof(pattern), "data/divisions/%s/*.csv", counties[i]);
		if (glob(pattern, i ? GLOB_APPEND : 0, NULL, &seed_files) != 0) {
			fprintf(stderr, "api_registry: no files match %s (run from the repository root)\n", pattern);
			return -1;
		}
	}
	int rc = import_seed(db_url, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_registry: import divisions exit %d: %s\n", rc, err);
		return -1;
	}
	static const struct { const char *name, *role, *division; } users[] = {
		{ "regadmin", "admin", "all" }, { "countyu", "county", "469030" },
		{ "towna", "township", "469030100" }, { "townb", "township", "469030101" },
		{ "regauditor", "auditor", "all" }, { "villa", "village", VILL_A }, { "grida", "grid", VILL_A },
		{ "cadrea", "cadre", VILL_A },
	};
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (add_user(db_url, users[i].name, users[i].role, users[i].division))
			return -1;
	if (server_start(&srv, binary, db_url, NULL)) {
		fprintf(stderr, "api_registry: the server did not start\n");
		return -1;
	}
	struct session *sess[] = { &admin, &county, &towna, &townb, &auditor, &village, &grid, &cadre };
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (login(&srv, users[i].name, PW, sess[i]) != 200) {
			fprintf(stderr, "api_registry: %s cannot log in\n", users[i].name);
			return -1;
		}
	return 0;
}

static void cleanup(void)
{
	globfree(&seed_files);
}

/* ---- issue 16: a list of one node under a wide scope -------------------------------------- */

/* The households and members of a village, a township and the county for a scope under,
 * holding and beside each: exactly the rows under the node that the scope sees, recounted
 * from the tables (crud's lists write the scope and the node as one range a scope). */
static void test_node_lists(void)
{
	static const struct { const struct session *s; const char *scope, *node; } under[] = {
		{ &admin, "", VILL_A },          { &county, "469030", VILL_A }, { &county, "469030", VILL_B },
		{ &county, "469030", "469030100" }, { &towna, "469030100", "469030" }, { &towna, "469030100", VILL_B },
		{ &village, VILL_A, "469030100" },
	};
	static const char *const tables[] = { "households", "members" };
	int64_t seen = 0;
	for (size_t k = 0; k < sizeof(under) / sizeof(under[0]); k++)
		for (size_t i = 0; i < 2; i++) {
			json_t *l = get_json(under[k].s, fmt("/api/v1/%s?division=%s&page_size=1", tables[i], under[k].node), 200);
			int64_t want = raw_count_on(db_url, fmt("SELECT COUNT(*) FROM %s WHERE division LIKE '%s%%'"
								" AND division LIKE '%s%%'", tables[i], under[k].scope, under[k].node));
			EXPECT(want >= 0 && jint(l, "total") == want, "%s of scope \"%s\" under %s: %lld, recount %lld", tables[i],
			       under[k].scope, under[k].node, (long long)jint(l, "total"), (long long)want);
			seen += want;
			json_decref(l);
		}
	EXPECT(seen > 0, "the lists hold rows to recount");
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "households: crud, filters, masking, history", test_households },
		{ "members", test_members },
		{ "income", test_income },
		{ "guarantees", test_guarantees },
		{ "measures", test_measures },
		{ "monitoring, candidates, income lines", test_monitoring },
		{ "status and monitoring apart; monitoring and help rules", test_status_monitoring },
		{ "who may change what: field rules", test_field_rules },
		{ "dictionaries (GB 3304, 自然销户) and Chinese messages", test_dictionaries },
		{ "search", test_search },
		{ "delete rules", test_delete },
		{ "moving a household to another township", test_move },
		{ "household numbers are the server's; the head asked once", test_household_no },
		{ "issue 16: a list of one node under a wide scope", test_node_lists },
	};
	const struct api_program p = { "api_registry", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, cleanup,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
