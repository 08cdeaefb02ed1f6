/*
 * pairings.c - API tests of who helps whom (issue 15): pairings of every
 * kind with their dates (a household's helper changes and the history
 * answers by date), the resident work teams (one batch and one first
 * secretary per village at a time, recalls), each coverage rule on planted
 * data (the gaps found are exactly those planted, by date, with a county's
 * own thresholds) and its XLSX, a cadre's view limited to its pairings,
 * idempotent visits, leave approval by level and the month's presence;
 * scope on every endpoint.
 *
 * usage: api_pairings --server build/lianxin --db sqlite|postgres
 * Before the server starts the CLI generates the structure of the demo
 * county 乳源 (440232) without households or pairings: the tests plant
 * their own.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static struct server srv;
static struct session county, towna, townb, cadre, nocadre;

#define PW "Pairings-2026-ok"
#define COUNTY "440232"
#define TOWN_A "440232100"
#define TOWN_B "440232103"
#define VILL_A "440232100201"
#define VILL_A2 "440232100202"
#define DAY 86400

static int64_t hh[6];              /* H1..H5 in VILL_A (H1, H2, H5 poor; H3 monitored; H4 not registered) */
static int64_t staff[3], leaders[2], organ_unit, enterprise_unit, cadre_user_id;
static int64_t team_now, fs1, fs2, member3;
static char today[11];

/* ---- helpers ------------------------------------------------------------ */

/* The server's China date, days from now. */
static void cst_day(int days, char out[11])
{
	time_t t = time(NULL) + srv.clock_offset + 8 * 3600 + (time_t)days * DAY;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *day(int days)
{
	char d[11];
	cst_day(days, d);
	return fmt("%s", d);
}

static int64_t nth_id(const char *path, int n)
{
	json_t *j = get_json(&county, path, 200);
	json_t *it = json_array_get(json_object_get(j, "items"), (size_t)n);
	int64_t id = it ? jint(it, "id") : 0;
	json_decref(j);
	return id;
}

static int64_t pairing(const struct session *s, const char *body, long want, const char *what)
{
	return api_call(s, "POST", "/api/v1/pairings", body, want, what);
}

/* The rule's entry of a coverage reply. */
static json_t *rule_of(json_t *cov, const char *rule)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(cov, "rules"), i, it)
		if (!strcmp(jstr(it, "rule"), rule))
			return it;
	return NULL;
}

static json_t *coverage(const char *division, const char *date, const char *rule)
{
	return get_json(&county, fmt("/api/v1/coverage?division=%s%s%s&rule=%s&page_size=200", division, date ? "&date=" : "",
				     date ? date : "", rule), 200);
}

/* Is key among the gaps of rule r? */
static json_t *gap(json_t *r, const char *key)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(r, "gaps"), i, it)
		if (!strcmp(jstr(it, "key"), key))
			return it;
	return NULL;
}

static const char *idtext(int64_t id)
{
	return fmt("%lld", (long long)id);
}

/* ---- 1. pairings and their history ---------------------------------------------- */

static void test_pairings(void)
{
	/* H1's helper changes at the turn of the year: the history answers by date */
	pairing(&county, fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"2025-01-01\","
			     "\"end_on\":\"2025-12-31\"}", (long long)staff[0], (long long)hh[1]), 201, "S1 helps H1 in 2025");
	int64_t p2 = pairing(&towna, fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,"
					 "\"start_on\":\"2026-01-01\"}", (long long)staff[1], (long long)hh[1]), 201, "S2 from 2026");
	json_t *j = get_json(&county, fmt("/api/v1/pairings?household_id=%lld&date=2025-06-01", (long long)hh[1]), 200);
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	EXPECT(jint(j, "total") == 1 && it && jint(it, "person_id") == staff[0], "in mid-2025 S1 helps H1: %s", jd(j));
	EXPECT(it && !strcmp(jstr(it, "division"), VILL_A), "the pairing sits in the household's village");
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/pairings?household_id=%lld&date=2026-06-01", (long long)hh[1]), 200);
	it = json_array_get(json_object_get(j, "items"), 0);
	EXPECT(jint(j, "total") == 1 && it && jint(it, "id") == p2, "in mid-2026 S2 helps H1: %s", jd(j));
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/pairings?household_id=%lld", (long long)hh[1]), 200);
	EXPECT(jint(j, "total") == 1, "today (the default date): one current helper");
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/pairings?household_id=%lld&date=all", (long long)hh[1]), 200);
	EXPECT(jint(j, "total") == 2, "date=all: the history of two");
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/pairings?household_id=%lld&date=2024-06-01", (long long)hh[1]), 200);
	EXPECT(jint(j, "total") == 0, "before 2025 H1 had none");
	json_decref(j);
	api_call_err(&county, "GET", "/api/v1/pairings?date=2026-02-30", NULL, 400, "validation", "date", "30 February");

	/* S2 also helps H5 from 2026; S1 helps the monitored H3 */
	pairing(&county, fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"2026-01-01\"}",
			     (long long)staff[1], (long long)hh[5]), 201, "S2 helps H5");
	pairing(&county, fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"2024-01-01\"}",
			     (long long)staff[0], (long long)hh[3]), 201, "S1 helps H3");

	/* what each kind takes */
	api_call_err(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"start_on\":\"2026-01-01\"}",
							  (long long)staff[0]), 400, "missing_field", "household_id", "a helper without household");
	api_call_err(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,"
							  "\"target\":\"" VILL_A "\",\"start_on\":\"2026-01-01\"}", (long long)staff[0],
							  (long long)hh[2]), 400, "validation", "target", "a helper's pairing names no village");
	api_call_err(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,"
							  "\"start_on\":\"2026-01-01\",\"end_on\":\"2025-01-01\"}", (long long)staff[0],
							  (long long)hh[2]), 400, "validation", "end_on", "ends before it starts");
	api_call_err(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"unit_village\",\"unit_id\":%lld,\"target\":\"" TOWN_A "\","
							  "\"start_on\":\"2026-01-01\"}", (long long)organ_unit), 400, "bad_division",
		 "target", "a unit pairs with a village, not a township");
	api_call_err(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"enterprise_village\",\"unit_id\":%lld,\"target\":\"" VILL_A "\","
							  "\"start_on\":\"2026-01-01\"}", (long long)organ_unit), 400, "validation",
		 "unit_id", "an organ is not an enterprise");
	api_call_err(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"leader_township\",\"person_id\":%lld,\"target\":\"" TOWN_A "\","
							  "\"start_on\":\"2026-01-01\"}", (long long)staff[0]), 400, "validation",
		 "person_id", "a township cadre is not a county leader");
	api_call_err(&county, "POST", "/api/v1/pairings", "{\"kind\":\"mutual_aid\",\"start_on\":\"2026-01-01\"}", 400, "missing_field",
		 "group_name", "a mutual-aid group has a name");
	pairing(&county, fmt("{\"kind\":\"mutual_aid\",\"household_id\":%lld,\"group_name\":\"大群村第一互助组\",\"start_on\":\"2026-01-01\"}",
			     (long long)hh[4]), 201, "a mutual-aid group member");
	pairing(&county, fmt("{\"kind\":\"member_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"2026-01-01\"}",
			     (long long)staff[2], (long long)hh[4]), 201, "1+X");

	/* scope: township B neither sees nor pairs A's households */
	j = get_json(&townb, fmt("/api/v1/pairings?household_id=%lld&date=all", (long long)hh[1]), 200);
	EXPECT(jint(j, "total") == 0, "township B sees none of A's pairings");
	json_decref(j);
	api_call(&townb, "GET", fmt("/api/v1/pairings/%lld", (long long)p2), NULL, 404, "township B reads A's pairing");
	struct resp r;
	req(&townb, "POST", "/api/v1/pairings", fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,"
						      "\"start_on\":\"2026-01-01\"}", (long long)staff[0], (long long)hh[2]), &r);
	EXPECT(r.status == 400 || r.status == 404, "township B pairs A's household: %ld %s", r.status, r.body);
	resp_free(&r);
	api_call(&townb, "DELETE", fmt("/api/v1/pairings/%lld", (long long)p2), NULL, 404, "township B deletes A's pairing");
}

/* ---- 2. teams -------------------------------------------------------------------- */

static void test_teams(void)
{
	int64_t old = api_call(&county, "POST", "/api/v1/teams", fmt("{\"division\":\"" VILL_A "\",\"unit_id\":%lld,\"batch\":\"第3批\","
								 "\"start_on\":\"2021-06-01\",\"end_on\":\"2024-05-31\"}",
								 (long long)organ_unit), 201, "the earlier batch");
	team_now = api_call(&county, "POST", "/api/v1/teams", fmt("{\"division\":\"" VILL_A "\",\"unit_id\":%lld,\"batch\":\"第4批\","
							      "\"start_on\":\"2024-06-01\",\"end_on\":\"2027-05-31\"}",
							      (long long)organ_unit), 201, "the current batch");
	api_call_err(&county, "POST", "/api/v1/teams", "{\"division\":\"" VILL_A "\",\"batch\":\"x\",\"start_on\":\"2026-01-01\","
		 "\"end_on\":\"2027-12-31\"}", 409, "conflict", "start_on", "two batches in one village at once");
	api_call_err(&county, "POST", "/api/v1/teams", "{\"division\":\"" TOWN_A "\",\"batch\":\"x\",\"start_on\":\"2026-01-01\","
		 "\"end_on\":\"2027-12-31\"}", 400, "bad_division", "division", "a team goes to a village");
	fs1 = api_call(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"first_secretary\"}",
								(long long)team_now, (long long)staff[2]), 201, "the first secretary");
	api_call_err(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"first_secretary\"}",
							      (long long)team_now, (long long)leaders[0]), 409, "conflict", "role",
		 "a second current first secretary");
	api_call(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"first_secretary\"}",
							  (long long)old, (long long)leaders[0]), 201, "the earlier batch's first secretary");
	fs2 = api_call(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"member\"}",
								(long long)team_now, (long long)leaders[1]), 201, "a member");
	api_call_err(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"member\","
							      "\"start_on\":\"2020-01-01\"}", (long long)team_now, (long long)staff[0]),
		 400, "validation", "start_on", "a term before the batch");
	api_call_err(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"member\"}",
							      (long long)team_now, (long long)leaders[1]), 409, "conflict", "person_id",
		 "one person twice");

	json_t *j = get_json(&county, "/api/v1/teams?division=" VILL_A, 200);
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	EXPECT(jint(j, "total") == 1 && it && jint(it, "id") == team_now, "today: the current batch only: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/teams?division=" VILL_A "&date=2022-03-01", 200);
	it = json_array_get(json_object_get(j, "items"), 0);
	EXPECT(jint(j, "total") == 1 && it && jint(it, "id") == old, "in 2022: the earlier batch");
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/team-members?team_id=%lld", (long long)team_now), 200);
	EXPECT(jint(j, "total") == 2, "two current members");
	it = find_by(json_object_get(j, "items"), "id", fs1);
	EXPECT(it && !strcmp(jstr(it, "start_on"), "2024-06-01") && !strcmp(jstr(it, "end_on"), "2027-05-31"),
	       "a term defaults to the batch's dates");
	json_decref(j);
	j = get_json(&townb, "/api/v1/teams?division=" TOWN_A, 200);
	EXPECT(jint(j, "total") == 0, "township B sees no team of A");
	json_decref(j);

	/* a recall ends the term on its day, with its reason */
	member3 = api_call(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"member\"}",
								    (long long)team_now, (long long)staff[1]), 201, "a third member");
	const char *path = fmt("/api/v1/team-members/%lld/recall", (long long)member3);
	api_call(&townb, "POST", path, "{\"reason\":\"x\"}", 404, "township B recalls A's member");
	api_call_err(&county, "POST", path, "{}", 400, "missing_field", "reason", "a recall has a reason");
	struct resp r;
	const char *yesterday = day(-1);
	req(&towna, "POST", path, fmt("{\"reason\":\"未按要求驻村\",\"on\":\"%s\"}", yesterday), &r);
	EXPECT(r.status == 200 && r.json && json_is_true(json_object_get(r.json, "recalled")) &&
	       !strcmp(jstr(r.json, "end_on"), yesterday), "recalled yesterday: %ld %s", r.status, r.body);
	resp_free(&r);
	api_call(&county, "POST", path, "{\"reason\":\"again\"}", 409, "recalled twice");
	api_call(&cadre, "GET", fmt("/api/v1/team-members/%lld", (long long)fs1), NULL, 404, "a cadre reads another's term");
	api_call(&county, "GET", fmt("/api/v1/team-members/%lld", (long long)fs1), NULL, 200, "the county reads it");
}

/* ---- 3. coverage rules ------------------------------------------------------------ */

static void test_coverage(void)
{
	/* township leaders: L1 one area, L2 two; the others none */
	int64_t a1 = api_call(&county, "POST", "/api/v1/pairing-areas", "{\"name\":\"乳城第一片区\",\"division\":\"" TOWN_A "\","
			  "\"villages\":\"" VILL_A "," VILL_A2 "\"}", 201, "an area");
	int64_t a2 = api_call(&county, "POST", "/api/v1/pairing-areas", "{\"name\":\"乳城第二片区\",\"division\":\"" TOWN_A "\","
			  "\"villages\":\"" VILL_A2 "\"}", 201, "another area");
	api_call_err(&county, "POST", "/api/v1/pairing-areas", "{\"name\":\"x\",\"division\":\"" TOWN_A "\",\"villages\":\"440232103201\"}",
		 400, "validation", "villages", "a village of another township");
	for (int k = 0; k < 3; k++)
		pairing(&county, fmt("{\"kind\":\"leader_area\",\"person_id\":%lld,\"area_id\":%lld,\"start_on\":\"2021-09-01\"}",
				     (long long)leaders[k == 0 ? 0 : 1], (long long)(k == 1 ? a1 : a2)), 201, "a leader's area");
	json_t *cov = coverage(TOWN_A, NULL, "leader_area");
	json_t *r = rule_of(cov, "leader_area");
	json_t *people = get_json(&county, "/api/v1/people?division=" TOWN_A "&cadre_role=township_leader&page_size=1", 200);
	int64_t nleaders = jint(people, "total");
	json_decref(people);
	EXPECT(r && jint(r, "total") == nleaders && jint(r, "gaps_total") == nleaders - 1 && !gap(r, idtext(leaders[0])),
	       "every leader but L1 falls short: %s", jd(r));
	json_t *g = gap(r, idtext(leaders[1]));
	EXPECT(g && jint(g, "value") == 2 && jint(g, "short_by") == 1, "L2 has one area too many: %s", jd(g));
	json_decref(cov);

	/* township leaders in villages at least 3 days a week (乳源): L1 on 3 days (one twice), L2 once */
	const int l1_days[] = { 0, -2, -2, -4 };
	for (int k = 0; k < 4; k++)
		api_call(&county, "POST", "/api/v1/visits", fmt("{\"person_id\":%lld,\"division\":\"" VILL_A2 "\",\"visited_on\":\"%s\","
							    "\"kind\":\"patrol\"}", (long long)leaders[0], day(l1_days[k])), 201, "L1 in a village");
	api_call(&county, "POST", "/api/v1/visits", fmt("{\"person_id\":%lld,\"division\":\"" VILL_A2 "\",\"visited_on\":\"%s\","
						    "\"kind\":\"patrol\"}", (long long)leaders[1], day(-1)), 201, "L2 in a village once");
	cov = coverage(TOWN_A, NULL, "leader_village_days");
	r = rule_of(cov, "leader_village_days");
	g = r ? gap(r, idtext(leaders[1])) : NULL;
	EXPECT(r && jint(r, "days") == 7 && jint(r, "gaps_total") == nleaders - 1 && !gap(r, idtext(leaders[0])) && g &&
	       jint(g, "value") == 1 && jint(g, "short_by") == 2, "L1 spent 3 days in villages, L2 one: %s", jd(r));
	json_decref(cov);

	/* every village has a guiding cadre */
	cov = coverage(VILL_A, NULL, "village_guide");
	r = rule_of(cov, "village_guide");
	EXPECT(r && jint(r, "total") == 1 && jint(r, "gaps_total") == 1 && gap(r, VILL_A), "the village has no guide yet: %s", jd(r));
	json_decref(cov);
	pairing(&county, fmt("{\"kind\":\"cadre_village\",\"person_id\":%lld,\"target\":\"" VILL_A "\",\"start_on\":\"2021-09-01\"}",
			     (long long)staff[0]), 201, "S1 guides the village");
	cov = coverage(VILL_A, NULL, "village_guide");
	r = rule_of(cov, "village_guide");
	EXPECT(r && jint(r, "gaps_total") == 0 && jint(r, "met") == 1, "now it has: %s", jd(r));
	json_decref(cov);
	cov = coverage(TOWN_A, NULL, "cadre_village");
	r = rule_of(cov, "cadre_village");
	EXPECT(r && jint(r, "total") > 3 && jint(r, "gaps_total") == jint(r, "total") - 1 && !gap(r, idtext(staff[0])) &&
	       gap(r, idtext(staff[1])), "every township cadre but S1 guides no village: %s", jd(r));
	json_decref(cov);

	/* every registered or monitored household has a helper: H2 has none; H4 is not registered */
	cov = coverage(VILL_A, NULL, "household_helper");
	r = rule_of(cov, "household_helper");
	EXPECT(r && jint(r, "total") == 4 && jint(r, "gaps_total") == 1 && gap(r, idtext(hh[2])),
	       "H2 lacks a helper: %s", jd(r));
	json_decref(cov);
	cov = coverage(VILL_A, "2025-06-01", "household_helper");
	r = rule_of(cov, "household_helper");
	EXPECT(r && jint(r, "gaps_total") == 2 && gap(r, idtext(hh[2])) && gap(r, idtext(hh[5])) && !gap(r, idtext(hh[1])),
	       "in mid-2025 H5 had none either, H1 had S1: %s", jd(r));
	json_decref(cov);

	/* at most N households a cadre: the county sets 1 for township A; S2 helps two */
	api_call_err(&towna, "POST", "/api/v1/coverage-rules", "{\"division\":\"" TOWN_A "\",\"rule\":\"cadre_max_households\","
		 "\"threshold\":1}", 403, "forbidden", "division", "a township does not set the rules");
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" TOWN_A "\",\"rule\":\"cadre_max_households\",\"threshold\":1}",
	     201, "the county's rule for township A");
	cov = coverage(TOWN_A, NULL, "cadre_max_households");
	r = rule_of(cov, "cadre_max_households");
	g = r ? gap(r, idtext(staff[1])) : NULL;
	EXPECT(r && jint(r, "threshold") == 1 && !strcmp(jstr(r, "place"), TOWN_A) && jint(r, "gaps_total") == 1 && g &&
	       jint(g, "value") == 2 && jint(g, "short_by") == 1, "S2 helps one household too many: %s", jd(r));
	json_decref(cov);
	cov = coverage(TOWN_B, NULL, "cadre_max_households");
	r = rule_of(cov, "cadre_max_households");
	EXPECT(r && jint(r, "threshold") == 5, "township B keeps the default 5: %s", jd(r));
	json_decref(cov);

	/* poor villages: a first secretary and a team of 3 (two now: one was recalled) */
	api_call(&county, "PATCH", "/api/v1/divisions/" VILL_A, "{\"poor_village\":true}", 200, "the village is poor");
	cov = coverage(VILL_A, NULL, "village_first_secretary");
	r = rule_of(cov, "village_first_secretary");
	EXPECT(r && jint(r, "total") == 1 && jint(r, "gaps_total") == 0, "it has its first secretary: %s", jd(r));
	json_decref(cov);
	cov = coverage(VILL_A, NULL, "village_team_size");
	r = rule_of(cov, "village_team_size");
	g = r ? gap(r, VILL_A) : NULL;
	EXPECT(g && jint(g, "value") == 2 && jint(g, "short_by") == 1, "its team is one short: %s", jd(r));
	json_decref(cov);
	cov = coverage(VILL_A, "2025-06-01", "village_team_size");
	r = rule_of(cov, "village_team_size");
	EXPECT(r && jint(r, "gaps_total") == 0, "before the recall the team had 3: %s", jd(r));
	json_decref(cov);
	cov = coverage(VILL_A, "2022-01-01", "village_first_secretary");
	r = rule_of(cov, "village_first_secretary");
	EXPECT(r && jint(r, "gaps_total") == 0, "in 2022 the earlier batch's first secretary: %s", jd(r));
	json_decref(cov);

	/* every enterprise pairing has a village */
	int64_t e1 = pairing(&county, fmt("{\"kind\":\"enterprise_village\",\"unit_id\":%lld,\"start_on\":\"2026-01-01\"}",
					  (long long)enterprise_unit), 201, "an enterprise without its village yet");
	pairing(&county, fmt("{\"kind\":\"enterprise_village\",\"unit_id\":%lld,\"target\":\"" VILL_A2 "\",\"start_on\":\"2026-01-01\"}",
			     (long long)enterprise_unit), 201, "an enterprise with a village");
	cov = coverage(COUNTY, NULL, "enterprise_village");
	r = rule_of(cov, "enterprise_village");
	EXPECT(r && jint(r, "total") == 2 && jint(r, "gaps_total") == 1 && gap(r, idtext(e1)), "one enterprise lacks its village: %s",
	       jd(r));
	json_decref(cov);

	/* visits: registered every 31 days, monitored every 14 */
	const char *vb = "{\"person_id\":%lld,\"household_id\":%lld,\"visited_on\":\"%s\",\"kind\":\"home\",\"purpose\":\"走访\"}";
	api_call(&county, "POST", "/api/v1/visits", fmt(vb, (long long)staff[1], (long long)hh[1], day(-10)), 201, "H1 visited 10 days ago");
	api_call(&county, "POST", "/api/v1/visits", fmt(vb, (long long)staff[1], (long long)hh[5], day(-40)), 201, "H5 40 days ago");
	api_call(&county, "POST", "/api/v1/visits", fmt(vb, (long long)staff[0], (long long)hh[3], day(-20)), 201, "H3 20 days ago");
	cov = coverage(VILL_A, NULL, "visit_registered");
	r = rule_of(cov, "visit_registered");
	EXPECT(r && jint(r, "total") == 3 && jint(r, "gaps_total") == 2 && gap(r, idtext(hh[2])) && gap(r, idtext(hh[5])),
	       "H2 and H5 are overdue: %s", jd(r));
	g = r ? gap(r, idtext(hh[5])) : NULL;
	json_t *helper = g ? json_array_get(json_object_get(g, "helpers"), 0) : NULL;
	EXPECT(helper && jint(helper, "person_id") == staff[1] && !strcmp(jstr(g, "last_visit"), day(-40)),
	       "the overdue household with its helper and last visit: %s", jd(g));
	json_decref(cov);
	cov = coverage(VILL_A, NULL, "visit_monitored");
	r = rule_of(cov, "visit_monitored");
	EXPECT(r && jint(r, "total") == 1 && jint(r, "gaps_total") == 1 && gap(r, idtext(hh[3])), "H3 is overdue: %s", jd(r));
	json_decref(cov);
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" COUNTY "\",\"rule\":\"visit_registered\",\"days\":60}", 201,
	     "the county visits every 60 days");
	cov = coverage(VILL_A, NULL, "visit_registered");
	r = rule_of(cov, "visit_registered");
	EXPECT(r && jint(r, "days") == 60 && jint(r, "gaps_total") == 1 && gap(r, idtext(hh[2])), "with 60 days only H2: %s", jd(r));
	json_decref(cov);
	cov = coverage(VILL_A, NULL, "visit_all");
	r = rule_of(cov, "visit_all");
	EXPECT(r && !json_is_true(json_object_get(r, "enabled")) && json_object_get(r, "total") == NULL, "户户走到 is off by default");
	json_decref(cov);
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" VILL_A "\",\"rule\":\"visit_all\",\"enabled\":true,"
	     "\"days\":30}", 201, "a 户户走到 drive in the village");
	cov = coverage(VILL_A, NULL, "visit_all");
	r = rule_of(cov, "visit_all");
	EXPECT(r && jint(r, "total") == 5 && jint(r, "gaps_total") == 3 && gap(r, idtext(hh[4])), "H2, H4, H5 not visited in 30 days: %s",
	       jd(r));
	json_decref(cov);

	/* all rules at once, paged; XLSX; scope */
	cov = get_json(&county, "/api/v1/coverage?division=" TOWN_A "&page_size=1", 200);
	r = rule_of(cov, "cadre_village");
	EXPECT(json_array_size(json_object_get(cov, "rules")) >= 12 && r && json_array_size(json_object_get(r, "gaps")) == 1 &&
	       jint(r, "gaps_total") > 1, "every rule, one gap a page");
	json_decref(cov);
	struct resp x;
	req(&county, "GET", "/api/v1/coverage?division=" TOWN_A "&format=xlsx", NULL, &x);
	char ctype[128];
	EXPECT(x.status == 200 && resp_header(&x, "Content-Type", ctype, sizeof(ctype)) && strstr(ctype, "spreadsheetml") &&
	       x.body && !strncmp(x.body, "PK", 2), "the gaps as XLSX: %ld", x.status);
	resp_free(&x);
	api_call(&townb, "GET", "/api/v1/coverage?division=" TOWN_A, NULL, 404, "township B's coverage of A");
	api_call_err(&county, "GET", "/api/v1/coverage?division=" TOWN_A "&rule=nope", NULL, 400, "validation", "rule", "an unknown rule");
	json_t *rules = get_json(&towna, "/api/v1/coverage/rules", 200);
	r = rule_of(rules, "cadre_max_households");
	EXPECT(r && jint(r, "threshold") == 1 && !strcmp(jstr(rules, "division"), TOWN_A), "the rules in force in township A");
	json_decref(rules);
}

/* ---- 3b. the spanning rule's memo: a helper's pairings elsewhere ------------------------------ */

/* The node's figures of rule in GET /stats (the roll-up's coverage of the pairings): {total, met}. */
static json_t *stats_rule(const char *division, const char *rule)
{
	json_t *j = get_json(&county, fmt("/api/v1/stats?division=%s&period=%.4s", division, today), 200);
	json_t *r = json_object_get(json_object_get(json_object_get(json_object_get(j, "node"), "pairing"), "rules"), rule);
	json_t *out = json_pack("{s:I, s:I}", "total", (json_int_t)jint(r, "total"), "met", (json_int_t)jint(r, "met"));
	json_decref(j);
	return out;
}

/*
 * 至多帮扶 N 户 (cadre_max_households) counts a helper wherever it helps, so its result is kept
 * as one memo row per node.  Township A's threshold is 1 (test_coverage).  A township B cadre
 * helps a household of A (one: no gap in A); a second pairing, in township B, makes it a gap
 * of A although neither the pairing nor the cadre lies in A: the memo rows of A (GET /coverage's
 * gap list, GET /stats's counts) must go with that write.  A change of the cadre's name shows
 * in A's gap list at once, for the same reason.
 */
static void test_spans_memo(void)
{
	char vill_b[] = "440232103201";
	int64_t sb = nth_id("/api/v1/people?division=" TOWN_B "&cadre_role=township_staff&page_size=5", 0);
	int64_t h6 = create(&county, "/api/v1/households", "{\"household_no\":\"" VILL_A "-906\",\"head_name\":\"户主6\","
			    "\"division\":\"" VILL_A "\",\"status\":\"poor\",\"attribute\":\"tekun\",\"main_cause\":\"disability\","
			    "\"identified_year\":2015}");
	int64_t h7 = create(&county, "/api/v1/households", fmt("{\"household_no\":\"%s-907\",\"head_name\":\"户主7\","
			    "\"division\":\"%s\",\"status\":\"poor\",\"attribute\":\"tekun\",\"main_cause\":\"disability\","
			    "\"identified_year\":2015}", vill_b, vill_b));
	EXPECT(sb && h6 && h7, "a township B cadre and two households");
	if (!sb || !h6 || !h7)
		return;
	pairing(&county, fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"%s\"}",
			     (long long)sb, (long long)h6, day(-30)), 201, "a township B cadre helps a household of A");
	const char *const places[] = { TOWN_A, VILL_A };
	int64_t met[2];
	for (int i = 0; i < 2; i++) {
		json_t *cov = coverage(places[i], NULL, "cadre_max_households");
		json_t *r = rule_of(cov, "cadre_max_households");
		EXPECT(r && jint(r, "threshold") == 1 && !gap(r, idtext(sb)), "%s: one household is within 1: %s", places[i], jd(r));
		json_decref(cov);
		json_t *st = stats_rule(places[i], "cadre_max_households");
		met[i] = jint(st, "met");
		EXPECT(jint(st, "total") >= 1 && met[i] >= 1, "%s's /stats counts the cadre as meeting the rule: %s", places[i], jd(st));
		json_decref(st);
	}
	pairing(&county, fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"%s\"}",
			     (long long)sb, (long long)h7, day(-30)), 201, "and a household of its own township");
	for (int i = 0; i < 2; i++) {
		json_t *cov = coverage(places[i], NULL, "cadre_max_households");
		json_t *r = rule_of(cov, "cadre_max_households");
		json_t *g = r ? gap(r, idtext(sb)) : NULL;
		EXPECT(g && jint(g, "value") == 2 && jint(g, "short_by") == 1 && !strcmp(jstr(g, "division"), TOWN_B),
		       "%s: the cadre now helps two households, one too many, though the new pairing lies outside: %s", places[i], jd(r));
		json_decref(cov);
		json_t *st = stats_rule(places[i], "cadre_max_households");
		EXPECT(jint(st, "met") == met[i] - 1, "%s's /stats: one cadre fewer meets the rule (%lld before): %s", places[i],
		       (long long)met[i], jd(st));
		json_decref(st);
	}
	/* a 片区 leader's duty (visit_area_village, turned on for township A) counts in the area's villages:
	 * a new area pairing shows in a village's part though the pairing lies in the township */
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" TOWN_A "\",\"rule\":\"visit_area_village\","
		 "\"enabled\":true}", 201, "township A checks its 片区 leaders' visits");
	int64_t area = api_call(&county, "POST", "/api/v1/pairing-areas", "{\"name\":\"乳城第三片区\",\"division\":\"" TOWN_A "\","
				"\"villages\":\"" VILL_A "\"}", 201, "a third area");
	json_t *cov = coverage(VILL_A, NULL, "visit_area_village");
	int64_t before = jint(rule_of(cov, "visit_area_village"), "total");
	json_decref(cov);
	pairing(&county, fmt("{\"kind\":\"leader_area\",\"person_id\":%lld,\"area_id\":%lld,\"start_on\":\"2021-09-01\"}",
			     (long long)leaders[0], (long long)area), 201, "L1 leads the third area too");
	cov = coverage(VILL_A, NULL, "visit_area_village");
	json_t *r = rule_of(cov, "visit_area_village");
	EXPECT(r && jint(r, "total") == before + 1, "the village counts L1's new duty (%lld before): %s",
	       (long long)before, jd(r));
	json_decref(cov);

	api_call(&county, "PATCH", fmt("/api/v1/people/%lld", (long long)sb), "{\"name\":\"改名干部\"}", 200, "the cadre's new name");
	cov = coverage(TOWN_A, NULL, "cadre_max_households");
	json_t *g = gap(rule_of(cov, "cadre_max_households"), idtext(sb));
	EXPECT(g && !strcmp(jstr(g, "label"), "改名干部"), "township A's gap shows the new name: %s", jd(g));
	json_decref(cov);
}

/* ---- 4. a cadre's view and visits --------------------------------------------------- */

static void test_cadre(void)
{
	api_call(&county, "POST", "/api/v1/cadre-accounts", fmt("{\"user_id\":%lld,\"person_id\":%lld}", (long long)cadre_user_id,
							    (long long)staff[1]), 201, "the cadre account acts as S2");
	json_t *j = get_json(&cadre, "/api/v1/pairings", 200);
	EXPECT(jint(j, "total") == 2, "the cadre sees its two households: %s", jd(j));
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		EXPECT(jint(it, "person_id") == staff[1], "only its own pairings");
	json_decref(j);
	int64_t other = nth_id(fmt("/api/v1/pairings?person_id=%lld", (long long)staff[0]), 0);
	api_call(&cadre, "GET", fmt("/api/v1/pairings/%lld", (long long)other), NULL, 404, "another cadre's pairing");
	api_call(&cadre, "DELETE", fmt("/api/v1/pairings/%lld", (long long)other), NULL, 403, "a cadre deletes a pairing");
	int64_t others_visit = nth_id(fmt("/api/v1/visits?person_id=%lld", (long long)staff[0]), 0);
	EXPECT(others_visit > 0, "S1 has a visit");
	api_call(&cadre, "DELETE", fmt("/api/v1/visits/%lld", (long long)others_visit), NULL, 404, "a cadre deletes another's visit");
	j = get_json(&cadre, "/api/v1/pairings/mine", 200);
	json_t *first = json_array_get(json_object_get(j, "items"), 0), *second = json_array_get(json_object_get(j, "items"), 1);
	EXPECT(jint(j, "total") == 2 && first && jint(first, "household_id") == hh[5] && jint(first, "days_since_visit") == 40 &&
	       jint(first, "visit_every_days") == 60 && !json_is_true(json_object_get(first, "overdue")) && second &&
	       jint(second, "household_id") == hh[1], "the longest unvisited first, by the county's 60 days: %s", jd(j));
	json_decref(j);
	j = get_json(&cadre, fmt("/api/v1/pairings/mine?date=%s", day(30)), 200);
	first = json_array_get(json_object_get(j, "items"), 0);
	second = json_array_get(json_object_get(j, "items"), 1);
	EXPECT(first && json_is_true(json_object_get(first, "overdue")) && second && !json_is_true(json_object_get(second, "overdue")),
	       "in 30 days H5 is overdue, H1 not: %s", jd(j));
	json_decref(j);
	j = get_json(&nocadre, "/api/v1/pairings", 200);
	EXPECT(jint(j, "total") == 0, "an unlinked cadre sees nothing");
	json_decref(j);
	api_call(&nocadre, "GET", "/api/v1/pairings/mine", NULL, 403, "an unlinked cadre has no households");
	api_call(&cadre, "GET", "/api/v1/coverage", NULL, 403, "a cadre has no coverage report");
	api_call(&cadre, "POST", "/api/v1/pairings", fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,"
						     "\"start_on\":\"2026-01-01\"}", (long long)staff[1], (long long)hh[2]), 403,
	     "a cadre does not pair itself");

	/* a visit sent twice with one key is stored once */
	const char *body = fmt("{\"household_id\":%lld,\"visited_on\":\"%s\",\"kind\":\"home\",\"purpose\":\"了解收入\","
			       "\"findings\":\"需协调产业奖补\",\"satisfaction\":\"satisfied\",\"lat\":24.77,\"lng\":113.28,"
			       "\"client_key\":\"phone-1-0001\"}", (long long)hh[1], today);
	struct resp r;
	req(&cadre, "POST", "/api/v1/visits", body, &r);
	int64_t v1 = r.json ? jint(r.json, "id") : 0;
	EXPECT(r.status == 201 && v1 && jint(r.json, "person_id") == staff[1], "the cadre's visit, as S2: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&cadre, "POST", "/api/v1/visits", body, &r);
	EXPECT(r.status == 200 && r.json && jint(r.json, "id") == v1, "the same key again: the stored visit: %ld %s", r.status, r.body);
	resp_free(&r);
	j = get_json(&county, fmt("/api/v1/visits?household_id=%lld", (long long)hh[1]), 200);
	EXPECT(jint(j, "total") == 2, "H1 has two visits (10 days ago and today), not three: %s", jd(j));
	json_decref(j);
	j = get_json(&cadre, "/api/v1/visits", 200);
	EXPECT(jint(j, "total") == 3, "the cadre sees its own three visits: %lld", (long long)jint(j, "total"));
	json_decref(j);
	api_call(&cadre, "POST", "/api/v1/visits", fmt("{\"household_id\":%lld,\"visited_on\":\"%s\",\"kind\":\"home\"}",
						   (long long)hh[3], today), 404, "a household not paired with the cadre");
	api_call_err(&cadre, "POST", "/api/v1/visits", fmt("{\"household_id\":%lld,\"visited_on\":\"%s\",\"kind\":\"home\"}",
						       (long long)hh[1], day(2)), 400, "validation", "visited_on", "a visit tomorrow");
	api_call_err(&cadre, "POST", "/api/v1/visits", fmt("{\"household_id\":%lld,\"visited_on\":\"%s\",\"kind\":\"home\",\"lat\":100}",
						       (long long)hh[1], today), 400, "validation", "lat", "latitude 100");
	api_call(&county, "POST", "/api/v1/visits", fmt("{\"person_id\":%lld,\"division\":\"" VILL_A "\",\"visited_on\":\"%s\","
						    "\"kind\":\"patrol\"}", (long long)leaders[0], today), 201, "a patrol of the village");
	api_call(&townb, "GET", fmt("/api/v1/visits/%lld", (long long)v1), NULL, 404, "township B reads A's visit");

	/* the problem found becomes a request with one action, once */
	const char *raise = fmt("/api/v1/visits/%lld/request", (long long)v1);
	api_call(&townb, "POST", raise, "{\"category\":\"consult.policy\"}", 404, "township B raises A's visit");
	api_call_err(&cadre, "POST", raise, "{\"category\":\"nope\"}", 400, "validation", "category", "an unknown category");
	req(&cadre, "POST", raise, "{\"category\":\"consult.policy\"}", &r);
	int64_t rq = r.json ? jint(r.json, "request_id") : 0;
	EXPECT(r.status == 201 && rq > 0 && strlen(jstr(r.json, "ticket")) > 0, "the visit raised a request: %ld %s", r.status, r.body);
	resp_free(&r);
	api_call(&cadre, "POST", raise, "{\"category\":\"consult.policy\"}", 409, "raised twice");
	j = get_json(&county, fmt("/api/v1/visits/%lld", (long long)v1), 200);
	EXPECT(jint(j, "request_id") == rq, "the visit keeps the request: %s", jd(j));
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/requests/%lld", (long long)rq), 200);
	EXPECT(!strcmp(jstr(j, "channel"), "visit") && !strcmp(jstr(j, "division"), VILL_A) &&
	       strstr(jd(j), "需协调产业奖补") != NULL, "a request from the visit with its finding: %s", jd(j));
	json_decref(j);
	j = get_json(&townb, "/api/v1/visits", 200);
	EXPECT(jint(j, "total") == 0, "township B sees no visit of A");
	json_decref(j);
}

/* ---- 5. leave and presence -------------------------------------------------------- */

static void test_leaves(void)
{
	/* FS1 (S3) is the current first secretary of VILL_A */
	int64_t l1 = api_call(&county, "POST", "/api/v1/leaves", fmt("{\"person_id\":%lld,\"from_on\":\"%s\",\"to_on\":\"%s\","
								 "\"reason\":\"回单位学习\"}", (long long)staff[2], day(3), day(4)),
			  201, "a two-day leave");
	int64_t l2 = api_call(&county, "POST", "/api/v1/leaves", fmt("{\"person_id\":%lld,\"from_on\":\"%s\",\"to_on\":\"%s\","
								 "\"reason\":\"家中有事\"}", (long long)staff[2], day(10), day(14)),
			  201, "a five-day leave");
	json_t *j = get_json(&county, fmt("/api/v1/leaves/%lld", (long long)l1), 200);
	EXPECT(!strcmp(jstr(j, "approver_level"), "township") && jint(j, "days") == 2 && !strcmp(jstr(j, "status"), "pending") &&
	       !strcmp(jstr(j, "division"), VILL_A), "two days: the township approves: %s", jd(j));
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/leaves/%lld", (long long)l2), 200);
	EXPECT(!strcmp(jstr(j, "approver_level"), "county"), "five days: the county");
	json_decref(j);
	api_call(&townb, "POST", fmt("/api/v1/leaves/%lld/decision", (long long)l1), "{\"approve\":true}", 404, "township B decides");
	api_call(&towna, "POST", fmt("/api/v1/leaves/%lld/decision", (long long)l2), "{\"approve\":true}", 403,
	     "the township decides a five-day leave");
	api_call(&cadre, "GET", fmt("/api/v1/leaves/%lld", (long long)l1), NULL, 404, "a cadre reads another's leave");
	api_call(&cadre, "POST", "/api/v1/leaves", fmt("{\"person_id\":%lld,\"from_on\":\"%s\",\"to_on\":\"%s\",\"reason\":\"x\"}",
						   (long long)staff[2], day(3), day(3)), 403, "a cadre asks leave for another");
	api_call(&cadre, "POST", "/api/v1/checkins", fmt("{\"person_id\":%lld,\"day\":\"%s\"}", (long long)staff[2], today), 403,
	     "a cadre checks in for another");
	json_t *own = get_json(&cadre, "/api/v1/leaves", 200);
	EXPECT(jint(own, "total") == 0, "a cadre lists only its own leave: %s", jd(own));
	json_decref(own);
	api_call(&towna, "POST", fmt("/api/v1/leaves/%lld/decision", (long long)l1), "{\"approve\":true,\"note\":\"同意\"}", 200,
	     "the township approves two days");
	api_call(&towna, "POST", fmt("/api/v1/leaves/%lld/decision", (long long)l1), "{\"approve\":false}", 409, "decided twice");
	api_call(&county, "POST", fmt("/api/v1/leaves/%lld/decision", (long long)l2), "{\"approve\":false,\"note\":\"工作任务重\"}", 200,
	     "the county refuses five days");
	api_call(&county, "PATCH", fmt("/api/v1/leaves/%lld", (long long)l2), "{\"reason\":\"改\"}", 409, "a decided leave is closed");
	api_call_err(&county, "POST", "/api/v1/leaves", fmt("{\"person_id\":%lld,\"from_on\":\"%s\",\"to_on\":\"%s\",\"reason\":\"x\"}",
							(long long)staff[2], day(5), day(3)), 400, "validation", "to_on", "backwards");

	/* presence: three days checked in this month */
	int dom = (int)strtol(today + 8, NULL, 10);
	int n = 0;
	for (int k = 0; k < 3 && k < dom; k++, n++)
		api_call(&county, "POST", "/api/v1/checkins", fmt("{\"person_id\":%lld,\"day\":\"%s\",\"lat\":24.7,\"lng\":113.3}",
							      (long long)staff[2], day(-k)), 201, "a check-in");
	api_call(&county, "POST", "/api/v1/checkins", fmt("{\"person_id\":%lld,\"day\":\"%s\"}", (long long)staff[2], today), 409,
	     "twice the same day");
	api_call_err(&county, "POST", "/api/v1/checkins", fmt("{\"person_id\":%lld,\"day\":\"%s\"}", (long long)staff[2], day(1)), 400,
		 "validation", "day", "a check-in tomorrow");
	j = get_json(&towna, "/api/v1/presence?division=" VILL_A, 200);
	json_t *p = find_by(json_object_get(j, "items"), "person_id", staff[2]);
	int64_t md = jint(j, "month_days"), want = (20 * dom + md / 2) / md;
	EXPECT(p && jint(p, "days_served") == dom && jint(p, "days_present") == n && jint(p, "days_required") == want &&
	       jint(p, "short_by") == (want > n ? want - n : 0), "the month so far: %d days served, %lld required: %s", dom,
	       (long long)want, jd(j));
	json_decref(j);
	j = get_json(&towna, "/api/v1/presence?division=" VILL_A "&short=1", 200);
	EXPECT(jint(j, "total") >= 1 && find_by(json_object_get(j, "items"), "person_id", staff[2]) &&
	       !find_by(json_object_get(j, "items"), "person_id", staff[0]), "the first secretary is short: %s", jd(j));
	json_decref(j);
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" VILL_A "\",\"rule\":\"presence_days\",\"threshold\":3}", 201,
	     "the village requires 3 days");
	j = get_json(&towna, "/api/v1/presence?division=" VILL_A, 200);
	p = find_by(json_object_get(j, "items"), "person_id", staff[2]);
	int64_t want3 = (3 * dom + md / 2) / md;
	EXPECT(p && jint(p, "days_required") == want3 && jint(p, "short_by") == (n >= want3 ? 0 : want3 - n), "3 a month required: %s",
	       jd(p));
	json_decref(j);
	/* absences found by inspections: 1 → not 优秀, 2 → 基本称职 at best; an excused one does not count */
	api_call(&cadre, "POST", "/api/v1/absences", fmt("{\"person_id\":%lld,\"day\":\"%s\",\"found_by\":\"x\"}", (long long)staff[2],
						     day(-1)), 403, "a cadre records no absence");
	api_call(&county, "POST", "/api/v1/absences", fmt("{\"person_id\":%lld,\"day\":\"%s\",\"found_by\":\"县委组织部暗访\"}",
						      (long long)staff[2], day(-1)), 201, "an absence");
	j = get_json(&towna, "/api/v1/presence?division=" VILL_A, 200);
	p = find_by(json_object_get(j, "items"), "person_id", staff[2]);
	EXPECT(p && jint(p, "absences_this_year") == 1 && !strcmp(jstr(p, "rating_cap"), "not_excellent"), "one absence: %s", jd(p));
	json_decref(j);
	api_call(&county, "POST", "/api/v1/absences", fmt("{\"person_id\":%lld,\"day\":\"%s\",\"found_by\":\"乡镇抽查\"}",
						      (long long)staff[2], day(-2)), 201, "a second absence");
	api_call(&county, "POST", "/api/v1/absences", fmt("{\"person_id\":%lld,\"day\":\"%s\",\"found_by\":\"乡镇抽查\",\"excused\":true}",
						      (long long)staff[2], day(-3)), 201, "an excused absence");
	j = get_json(&towna, "/api/v1/presence?division=" VILL_A, 200);
	p = find_by(json_object_get(j, "items"), "person_id", staff[2]);
	EXPECT(p && jint(p, "absences_this_year") == 2 && !strcmp(jstr(p, "rating_cap"), "basic"), "two counted: %s", jd(p));
	json_decref(j);
	api_call(&townb, "GET", "/api/v1/presence?division=" VILL_A, NULL, 404, "township B's presence of A");
	api_call_err(&towna, "GET", "/api/v1/presence?month=2026-13", NULL, 400, "validation", "month", "month 13");
}

/* ---- set-up ------------------------------------------------------------------------ */

static int add_user(const char *name, const char *role, const char *division, char *err, size_t errlen)
{
	const char *args[] = { "user", "add", "--username", name, "--role", role, "--division", division, "--password-stdin", NULL };
	return cli_run(binary, db_url, PW "\n", args, err, errlen);
}

static int setup(void)
{
	char err[4096];
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip",
			       "households,requests,partylife,worklists,pairings", NULL };
	int rc = cli_run(binary, db_url, NULL, demo, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_pairings: demo exit %d: %s\n", rc, err);
		return -1;
	}
	static const struct { const char *name, *role, *division; } users[] = {
		{ "prcounty", "county", COUNTY }, { "prtowna", "township", TOWN_A }, { "prtownb", "township", TOWN_B },
		{ "prcadre", "cadre", TOWN_A }, { "prnocadre", "cadre", TOWN_A },
	};
	struct session *sess[] = { &county, &towna, &townb, &cadre, &nocadre };
	for (size_t i = 0; i < 5; i++)
		if (add_user(users[i].name, users[i].role, users[i].division, err, sizeof(err))) {
			fprintf(stderr, "api_pairings: user add %s: %s\n", users[i].name, err);
			return -1;
		}
	if (server_start(&srv, binary, db_url, NULL)) {
		fprintf(stderr, "api_pairings: the server did not start\n");
		return -1;
	}
	for (size_t i = 0; i < 5; i++)
		if (login(&srv, users[i].name, PW, sess[i]) != 200) {
			fprintf(stderr, "api_pairings: %s cannot log in\n", users[i].name);
			return -1;
		}
	cst_day(0, today);
	json_t *me = get_json(&cadre, "/api/v1/me", 200);
	cadre_user_id = jint(json_object_get(me, "user"), "id") ? jint(json_object_get(me, "user"), "id") : jint(me, "id");
	json_decref(me);
	for (int k = 0; k < 3; k++)
		staff[k] = nth_id("/api/v1/people?division=" TOWN_A "&cadre_role=township_staff&page_size=5", k);
	for (int k = 0; k < 2; k++)
		leaders[k] = nth_id("/api/v1/people?division=" TOWN_A "&cadre_role=township_leader&page_size=5", k);
	organ_unit = nth_id("/api/v1/units?kind=county_organ&page_size=1", 0);
	enterprise_unit = nth_id("/api/v1/units?kind=soe&page_size=1", 0);
	/* H3 is not registered but monitored (an open monitoring case) */
	static const char *const statuses[] = { NULL, "poor", "poor", "not_registered", "not_registered", "poor" };
	for (int k = 1; k <= 5; k++) {
		const char *extra = !strcmp(statuses[k], "poor") ? ",\"attribute\":\"tekun\",\"main_cause\":\"disability\",\"identified_year\":2015"
								  : "";
		hh[k] = create(&county, "/api/v1/households", fmt("{\"household_no\":\"" VILL_A "-90%d\",\"head_name\":\"户主%d\","
								  "\"division\":\"" VILL_A "\",\"status\":\"%s\"%s}", k, k,
								  statuses[k], extra));
	}
	if (hh[3] && !create(&county, "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"marginal\","
								 "\"started_on\":\"2026-01-01\"}", (long long)hh[3]))) {
		fprintf(stderr, "api_pairings: H3 not monitored\n");
		return -1;
	}
	for (int k = 1; k <= 5; k++)
		if (!hh[k]) {
			fprintf(stderr, "api_pairings: household %d not created\n", k);
			return -1;
		}
	if (!staff[2] || !leaders[1] || !organ_unit || !enterprise_unit || !cadre_user_id) {
		fprintf(stderr, "api_pairings: the demo county lacks cadres or units\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "pairings and their history", test_pairings },
		{ "resident work teams", test_teams },
		{ "coverage rules and gaps", test_coverage },
		{ "a cadre's pairings and idempotent visits", test_cadre },
		{ "leave and presence", test_leaves },
		{ "a spanning rule's memo and a helper's pairings elsewhere", test_spans_memo },
	};
	const struct api_program p = { "api_pairings", &binary, db_url, sizeof(db_url), NULL, 0, &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
