/*
 * security.c - the attacks an outside test found, kept as tests (docs/security.md):
 * role grants (every role x every role it might grant), settings written
 * only where the writer's scope holds their place, a scan of list and
 * detail replies for unmasked ID numbers and phones for every role, a
 * record of a sibling subtree answering 404 to every verb and the attempt
 * audited, CSV export cells that would run as formulas.
 * Runs on the demo county 琼中 (469030) without its requests and party life.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "Sec-Check-2026"
#define COUNTY "469030"
#define TOWN_A "469030100"
#define TOWN_B "469030101"

static struct server srv;
static const char *binary;
static char db_url[1024];

/* the accounts of the test, one per role; scope COUNTY unless named */
static struct session admin, county, towna, village, grid, cadre, viewer, auditor;
static const struct {
	const char *name, *role, *division;
	struct session *s;
} accounts[] = {
	{ "secadmin", "admin", "all", &admin },        { "seccounty", "county", COUNTY, &county },
	{ "sectowna", "township", TOWN_A, &towna },    { "secvillage", "village", TOWN_A "201", &village },
	{ "secgrid", "grid", TOWN_A "201", &grid },    { "seccadre", "cadre", TOWN_A, &cadre },
	{ "secviewer", "viewer", COUNTY, &viewer },    { "secauditor", "auditor", COUNTY, &auditor },
};
#define NACCOUNTS (sizeof(accounts) / sizeof(accounts[0]))

/* ---- role grants ---------------------------------------------------------------------- */

/* Who may grant which role (an account manager: no more than its own permissions). */
static bool may_grant(const char *actor, const char *target)
{
	static const struct { const char *actor, *targets; } table[] = {
		{ "admin", " admin auditor county township village grid cadre viewer " },
		{ "county", " county township village grid cadre viewer " },
		{ "township", " township village grid cadre viewer " },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].actor, actor))
			return strstr(table[i].targets, fmt(" %s ", target)) != NULL;
	return false;
}

static void test_role_grants(void)
{
	static const char *const roles[] = { "admin", "auditor", "county", "township", "village", "grid", "cadre", "viewer" };
	int n = 0;
	for (size_t a = 0; a < NACCOUNTS; a++)
		for (size_t t = 0; t < sizeof(roles) / sizeof(roles[0]); t++) {
			const char *scope = !strcmp(roles[t], "admin") || !strcmp(roles[t], "auditor") ? "" : TOWN_A;
			const char *name = fmt("g%zu%zu%d", a, t, n++);
			struct resp r;
			req(accounts[a].s, "POST", "/api/v1/users",
			    fmt("{\"username\":\"%s\",\"role\":\"%s\",\"scopes\":[\"%s\"],\"password\":\"Grant-Pass-2026\"}", name,
				roles[t], scope),
			    &r);
			bool granted = r.status == 201;
			bool want = may_grant(accounts[a].role, roles[t]) &&
				    (!strcmp(accounts[a].role, "admin") || strcmp(scope, "") != 0);
			EXPECT(granted == want, "%s grants %s: %ld, want %s", accounts[a].role, roles[t], r.status,
			       want ? "201" : "a refusal");
			if (!granted)
				EXPECT(r.status == 403, "%s granting %s is refused with 403: %ld", accounts[a].role, roles[t],
				       r.status);
			resp_free(&r);
		}
}

/* ---- settings have a place ------------------------------------------------------------ */

static void put_expect(const struct session *s, const char *who, const char *path, const char *body, long want)
{
	struct resp r;
	req(s, "PUT", path, body, &r);
	EXPECT(r.status == want, "%s PUT %s: %ld, want %ld %s", who, path, r.status, want, r.body);
	resp_free(&r);
}

static void test_settings_by_place(void)
{
	static const char *const cal = "{\"days\":[{\"day\":\"2031-01-01\",\"kind\":\"off\",\"name\":\"元旦\"}]}";
	put_expect(&county, "county", "/api/v1/settings/calendar/2031", cal, 403);
	put_expect(&towna, "township", "/api/v1/settings/calendar/2031", cal, 403);
	put_expect(&admin, "admin", "/api/v1/settings/calendar/2031", cal, 200);
	static const char *const lines[] = { "{\"year\":2031,\"poverty_line\":99999}",
					     "{\"year\":2031,\"province\":\"11\",\"poverty_line\":99999}",
					     "{\"year\":2031,\"province\":\"46\",\"poverty_line\":99999}" };
	for (size_t i = 0; i < 3; i++) {
		put_expect(&county, "county", "/api/v1/settings/income-lines", lines[i], 403);
		put_expect(&towna, "township", "/api/v1/settings/income-lines", lines[i], 403);
	}
	put_expect(&admin, "admin", "/api/v1/settings/income-lines", lines[0], 200);
	json_t *rules = get_json(&county, "/api/v1/settings/meeting-rules", 200);
	json_t *put = json_pack("{s:O}", "rules", json_object_get(rules, "rules"));
	char *text = json_dumps(put, JSON_COMPACT);
	json_decref(put);
	put_expect(&county, "county", "/api/v1/settings/meeting-rules", text, 403);
	put_expect(&admin, "admin", "/api/v1/settings/meeting-rules", text, 200);
	free(text);
	json_decref(rules);
	put_expect(&county, "county", "/api/v1/settings/meeting-free-days?division=" COUNTY, "{\"weekdays\":[5]}", 200);
	put_expect(&county, "county", "/api/v1/settings/meeting-free-days?division=530921", "{\"weekdays\":[5]}", 404);
	put_expect(&county, "county", "/api/v1/settings/meeting-free-days?division=all", "{\"weekdays\":[5]}", 404);
	put_expect(&towna, "township", "/api/v1/settings/meeting-free-days?division=" COUNTY, "{\"weekdays\":[5]}", 403);
}

/* ---- no unmasked personal data in any reply -------------------------------------------- */

/* An 18-character ID number (17 digits and a digit or X) or an 11-digit mobile number. */
static const char *unmasked(const char *body)
{
	for (const char *p = body; *p; p++) {
		if (p > body && isdigit((unsigned char)p[-1]))
			continue;
		size_t n = 0;
		while (isdigit((unsigned char)p[n]))
			n++;
		if (n == 17 && (p[17] == 'X' || p[17] == 'x'))
			return p;
		if (n == 18)
			return p;
		if (n == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9')
			return p;
	}
	return NULL;
}

static void test_pii_scan(void)
{
	static const char *const paths[] = {
		"/api/v1/people?page_size=100",      "/api/v1/people?division=" TOWN_A "&page_size=100",
		"/api/v1/households?page_size=100",  "/api/v1/members?page_size=100",
		"/api/v1/members?division=" TOWN_A "&page_size=100", "/api/v1/units?page_size=100",
		"/api/v1/search?q=" "%E5%BC%A0",     "/api/v1/monitoring?page_size=100",
	};
	int scanned = 0;
	for (size_t a = 0; a < NACCOUNTS; a++)
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			struct resp r;
			req(accounts[a].s, "GET", paths[i], NULL, &r);
			if (r.status == 200) {
				scanned++;
				const char *hit = unmasked(r.body);
				EXPECT(hit == NULL, "%s GET %s shows an unmasked number: %.40s", accounts[a].role, paths[i],
				       hit ? hit : "");
				/* one record of the list in full, through its detail route */
				json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
				const char *base = strchr(paths[i] + 8, '?') ? paths[i] : NULL;
				if (first && base && strncmp(paths[i], "/api/v1/search", 14)) {
					struct resp d;
					req(accounts[a].s, "GET",
					    fmt("%.*s/%lld", (int)(strchr(paths[i], '?') - paths[i]), paths[i],
						(long long)jint(first, "id")),
					    NULL, &d);
					hit = d.status == 200 ? unmasked(d.body) : NULL;
					EXPECT(hit == NULL, "%s GET one of %s shows an unmasked number: %.40s", accounts[a].role,
					       paths[i], hit ? hit : "");
					resp_free(&d);
				}
			}
			resp_free(&r);
		}
	EXPECT(scanned >= 40, "the scan read most lists: %d", scanned);
}

/* ---- a sibling subtree's record: 404 to every verb, and audited ------------------------- */

static void test_sibling_record(void)
{
	json_t *l = get_json(&admin, "/api/v1/people?division=" TOWN_B "&page_size=1", 200);
	int64_t id = jint(json_array_get(json_object_get(l, "items"), 0), "id");
	json_decref(l);
	EXPECT(id > 0, "a person of township B");
	const char *path = fmt("/api/v1/people/%lld", (long long)id);
	const struct { const char *method, *suffix, *body; } verbs[] = {
		{ "GET", "", NULL }, { "PATCH", "", "{\"note\":\"x\"}" }, { "DELETE", "", NULL },
		{ "POST", "/reveal", "{\"field\":\"id_number\",\"reason\":\"越权查看\"}" },
	};
	for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++) {
		struct resp r;
		req(&towna, verbs[v].method, fmt("%s%s", path, verbs[v].suffix), verbs[v].body, &r);
		EXPECT(r.status == 404, "township A %s %s%s: %ld", verbs[v].method, path, verbs[v].suffix, r.status);
		resp_free(&r);
	}
	json_t *a = get_json(&auditor, fmt("/api/v1/audit?action=denied&entity=person&entity_id=%lld", (long long)id), 200);
	EXPECT(jint(a, "total") >= 4, "the four attempts are audited: %s", jd(a));
	json_decref(a);
}

/* ---- CSV exports carry no formula ------------------------------------------------------ */

static void test_csv_formulas(void)
{
	json_t *l = get_json(&county, "/api/v1/households?division=" TOWN_A "&page_size=1", 200);
	int64_t id = jint(json_array_get(json_object_get(l, "items"), 0), "id");
	json_decref(l);
	struct resp r;
	req(&county, "PATCH", fmt("/api/v1/households/%lld", (long long)id), "{\"head_name\":\"-2+3+cmd|' /C calc'!A0\"}", &r);
	EXPECT(r.status == 200, "a name that would run as a formula is stored: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&county, "GET", "/api/v1/exports/households?division=" TOWN_A "&format=csv", NULL, &r);
	EXPECT(r.status == 200 && strstr(r.body, "\"'-2+3+cmd|") && !strstr(r.body, "\"-2+3+cmd|"),
	       "the CSV export quotes it: %ld", r.status);
	resp_free(&r);
}

static int setup(void)
{
	char err[4096];
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip",
			       "requests,partylife,worklists", NULL };
	if (cli_run(binary, db_url, NULL, demo, err, sizeof(err))) {
		fprintf(stderr, "api_security: demo: %s\n", err);
		return -1;
	}
	for (size_t i = 0; i < NACCOUNTS; i++) {
		const char *args[] = { "user", "add", "--username", accounts[i].name, "--role", accounts[i].role, "--division",
				       accounts[i].division, "--password-stdin", NULL };
		if (cli_run(binary, db_url, PW "\n", args, err, sizeof(err))) {
			fprintf(stderr, "api_security: user add %s: %s\n", accounts[i].name, err);
			return -1;
		}
	}
	if (server_start(&srv, binary, db_url, NULL))
		return -1;
	for (size_t i = 0; i < NACCOUNTS; i++)
		if (login(&srv, accounts[i].name, PW, accounts[i].s) != 200) {
			fprintf(stderr, "api_security: %s cannot log in\n", accounts[i].name);
			return -1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "role grants", test_role_grants },
		{ "settings by place", test_settings_by_place },
		{ "no unmasked ID number or phone for any role", test_pii_scan },
		{ "a sibling's record: 404 to every verb, audited", test_sibling_record },
		{ "CSV cells that would run as formulas", test_csv_formulas },
	};
	const struct api_program p = { "api_security", &binary, db_url, sizeof(db_url), NULL, 0, &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
