/*
 * stats.c - API tests of the roll-ups (GET /api/v1/stats): every figure of
 * a county and a township equals a count made here from the record lists;
 * a node's figures are the sums of its children's; a township user's node
 * equals the county user's row of that township; a write (a household, a
 * member, a status change, a measure, a deletion) shows in the village's,
 * township's and county's figures on the next read; a township user cannot
 * read a sibling's or the county's figures; bad periods are refused; the
 * notices, trainings, attendance and monitoring (kept by day and month in
 * summaries) equal a recount from the records after each kind of write.
 *
 * usage: api_stats --server build/lianxin --db sqlite|postgres
 * Before the server starts the CLI builds the demo county 琼中 (469030).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static struct server srv;
static struct session county, towna, townb, prov;

#define PW "Stats-Figures-2026"
#define COUNTY "469030"
#define TOWN_A "469030100"
#define TOWN_B "469030101"
#define VILL_A "469030100206"

static int year;   /* the server's year */

/* ---- helpers ------------------------------------------------------------ */

/* The total of a list (GET path as the county user). */
static int64_t total(const char *path)
{
	json_t *j = get_json(&county, path, 200);
	int64_t n = j ? jint(j, "total") : -1;
	json_decref(j);
	return n;
}

/* GET /stats for division and the query tail q, as sess. */
static json_t *stats(const struct session *s, const char *division, const char *q)
{
	return get_json(s, fmt("/api/v1/stats?division=%s%s", division, q), 200);
}

/* The row of code in a roll-up's children, or NULL. */
static json_t *child(json_t *st, const char *code)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(st, "children"), i, c)
		if (!strcmp(jstr(c, "code"), code))
			return c;
	return NULL;
}

/* figures.section.key as an integer (0 when absent). */
static int64_t fig(json_t *node, const char *section, const char *key)
{
	return jint(json_object_get(node, section), key);
}

static const char *const statuses[] = { "not_registered", "poor", "exited_enjoying", "exited", "relapsed", "removed" };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
static const char *const causes[] = { "illness", "disability", "schooling", "disaster", "land", "water", "skills",
				      "labour", "funds", "transport", "motivation", "other" };
static const char *const mtypes[] = { "industry", "employment", "public_post", "health", "education", "housing", "water",
				      "relocation", "microcredit", "safety_net", "solar", "ecology", "social",
				      "infrastructure", "other" };

/* ---- every figure against a recount ---------------------------------------------- */

static void check_node(json_t *node, const char *division)
{
	int64_t hh_sum = 0, people_sum = 0;
	for (size_t i = 0; i < NSTATUS; i++) {
		int64_t want = total(fmt("/api/v1/households?division=%s&status=%s&page_size=1", division, statuses[i]));
		int64_t got = fig(node, "households_by_status", statuses[i]);
		EXPECT(got == want, "%s households %s: %lld, recount %lld", division, statuses[i], (long long)got, (long long)want);
		hh_sum += got;
		people_sum += fig(node, "people_by_status", statuses[i]);
	}
	int64_t hh_all = total(fmt("/api/v1/households?division=%s&page_size=1", division));
	int64_t people_all = total(fmt("/api/v1/members?division=%s&page_size=1", division));
	EXPECT(hh_sum == hh_all && hh_all > 0, "%s households %lld, list %lld", division, (long long)hh_sum, (long long)hh_all);
	EXPECT(people_sum == people_all && people_all > 0, "%s people %lld, list %lld", division, (long long)people_sum,
	       (long long)people_all);
	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++) {
		int64_t want = total(fmt("/api/v1/households?division=%s&main_cause=%s&page_size=1", division, causes[i]));
		EXPECT(fig(node, "causes", causes[i]) == want, "%s cause %s: %lld, recount %lld", division, causes[i],
		       (long long)fig(node, "causes", causes[i]), (long long)want);
	}
	for (int y = 2014; y <= 2022; y++) {
		int64_t want = total(fmt("/api/v1/households?division=%s&exited_year=%d&page_size=1", division, y));
		EXPECT(fig(node, "exits_by_year", fmt("%d", y)) == want, "%s exits %d: %lld, recount %lld", division, y,
		       (long long)fig(node, "exits_by_year", fmt("%d", y)), (long long)want);
	}
	/* monitoring open at the end of this year: every record not eliminated yet */
	int64_t open[3] = { 0, 0, 0 };
	static const char *const cats[] = { "unstable", "marginal", "sudden" };
	for (int page = 1;; page++) {
		json_t *j = get_json(&county, fmt("/api/v1/monitoring?division=%s&page_size=200&page=%d", division, page), 200);
		json_t *items = json_object_get(j, "items");
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
			if (json_is_null(json_object_get(it, "eliminated_on")))
				for (int c = 0; c < 3; c++)
					open[c] += !strcmp(jstr(it, "category"), cats[c]);
		size_t n = json_array_size(items);
		json_decref(j);
		if (n < 200)
			break;
	}
	for (int c = 0; c < 3; c++)
		EXPECT(fig(node, "monitored_by_category", cats[c]) == open[c], "%s monitored %s: %lld, recount %lld", division,
		       cats[c], (long long)fig(node, "monitored_by_category", cats[c]), (long long)open[c]);
}

static void test_figures(void)
{
	json_t *st = stats(&county, COUNTY, fmt("&period=%d", year));
	EXPECT(st && !strcmp(jstr(st, "division"), COUNTY), "county stats: %s", jd(st));
	json_t *node = json_object_get(st, "node");
	check_node(node, COUNTY);
	check_node(child(st, TOWN_A), TOWN_A);

	/* the node is the sum of its children (every household lies in a township) */
	for (size_t i = 0; i < NSTATUS; i++) {
		int64_t sum = 0, psum = 0;
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(st, "children"), k, c) {
			sum += fig(c, "households_by_status", statuses[i]);
			psum += fig(c, "people_by_status", statuses[i]);
		}
		EXPECT(sum == fig(node, "households_by_status", statuses[i]) && psum == fig(node, "people_by_status", statuses[i]),
		       "children sum %s: %lld/%lld", statuses[i], (long long)sum, (long long)psum);
	}
	EXPECT(json_array_size(json_object_get(st, "children")) == 11, "11 townships: %zu",
	       json_array_size(json_object_get(st, "children")));

	/* the request figures are those of GET /requests/stats; overdue those of the inbox filter */
	json_t *rq = get_json(&county, fmt("/api/v1/requests/stats?division=%s&from=%d-01-01&to=%d-12-31", TOWN_A, year, year), 200);
	json_t *mine = json_object_get(child(st, TOWN_A), "requests");
	EXPECT(jint(mine, "received") == jint(rq, "received") && jint(mine, "closed") == jint(rq, "closed") &&
	       jint(mine, "closed_on_time") == jint(rq, "closed_on_time"),
	       "township requests %s vs %s", jd(mine), jd(rq));
	json_decref(rq);
	int64_t overdue = total(fmt("/api/v1/requests?division=%s&timeliness=overdue&page_size=1", COUNTY));
	EXPECT(jint(json_object_get(node, "requests"), "overdue") == overdue, "overdue %lld, list %lld",
	       (long long)jint(json_object_get(node, "requests"), "overdue"), (long long)overdue);

	/* meeting compliance: that of GET /compliance/meetings */
	json_t *cp = get_json(&county, fmt("/api/v1/compliance/meetings?division=%s&period=%d&page_size=1", COUNTY, year), 200);
	json_t *tot = json_object_get(cp, "totals");
	json_t *mc = json_object_get(node, "meeting_compliance");
	EXPECT(jint(mc, "orgs") == jint(tot, "orgs") && jint(mc, "compliant") == jint(tot, "compliant") && jint(mc, "orgs") > 0,
	       "compliance %s vs %s", jd(mc), jd(tot));
	/* each township's (the children's rows are read from partylife's by_division): that of
	 * GET /compliance/meetings's by_division (whose row of the county's own code holds the
	 * organisations at the county itself, in the totals only), no township left out or made up */
	size_t bi, with_orgs = 0, townships = 0;
	json_t *bd, *kid;
	json_array_foreach(json_object_get(cp, "by_division"), bi, bd) {
		if (!strcmp(jstr(bd, "division"), COUNTY))
			continue;
		townships++;
		json_t *kc = json_object_get(child(st, jstr(bd, "division")), "meeting_compliance");
		EXPECT(jint(kc, "orgs") == jint(bd, "orgs") && jint(kc, "compliant") == jint(bd, "compliant") &&
		       json_real_value(json_object_get(kc, "rate")) == json_real_value(json_object_get(bd, "rate")),
		       "%s compliance %s vs %s", jstr(bd, "division"), jd(kc), jd(bd));
	}
	json_array_foreach(json_object_get(st, "children"), bi, kid)
		with_orgs += !json_is_null(json_object_get(kid, "meeting_compliance"));
	EXPECT(with_orgs == townships && with_orgs > 1, "townships with compliance %zu, by_division %zu", with_orgs, townships);
	json_decref(cp);
	/* and township A's villages', as its own GET /compliance/meetings counts them */
	json_t *ta = stats(&county, TOWN_A, fmt("&period=%d", year));
	cp = get_json(&county, fmt("/api/v1/compliance/meetings?division=%s&period=%d&page_size=1", TOWN_A, year), 200);
	EXPECT(jint(json_object_get(json_object_get(ta, "node"), "meeting_compliance"), "orgs") ==
	       jint(json_object_get(cp, "totals"), "orgs"), "township A's compliance");
	json_array_foreach(json_object_get(cp, "by_division"), bi, bd) {
		if (!strcmp(jstr(bd, "division"), TOWN_A))
			continue;   /* the township's own organisations */
		json_t *kc = json_object_get(child(ta, jstr(bd, "division")), "meeting_compliance");
		EXPECT(jint(kc, "orgs") == jint(bd, "orgs") && jint(kc, "compliant") == jint(bd, "compliant"),
		       "%s compliance %s vs %s", jstr(bd, "division"), jd(kc), jd(bd));
	}
	json_decref(ta);
	json_decref(cp);

	/* pairing coverage: the sums of GET /coverage's rules today (this year's last day is later) */
	for (int k = 0; k < 2; k++) {
		const char *code = k ? TOWN_A : COUNTY;
		json_t *cov = get_json(&county, fmt("/api/v1/coverage?division=%s&page_size=1", code), 200);
		int64_t places = 0, met = 0;
		size_t ri;
		json_t *rule;
		json_array_foreach(json_object_get(cov, "rules"), ri, rule) {
			places += jint(rule, "total");
			met += jint(rule, "met");
		}
		json_t *pr = json_object_get(k ? child(st, TOWN_A) : node, "pairing");
		EXPECT(jint(pr, "total") == places && jint(pr, "met") == met && jint(pr, "gaps") == places - met && places > 0,
		       "%s pairing %s, coverage sums %lld/%lld", code, jd(pr), (long long)met, (long long)places);
		json_decref(cov);
	}

	/* help since 2014: every measure of the demo */
	json_t *h = stats(&county, TOWN_A, fmt("&from=2014-01-01&to=%d-12-31", year));
	json_t *hn = json_object_get(h, "node");
	for (size_t i = 0; i < sizeof(mtypes) / sizeof(mtypes[0]); i++) {
		int64_t want = total(fmt("/api/v1/measures?division=%s&type=%s&page_size=1", TOWN_A, mtypes[i]));
		int64_t got = jint(json_object_get(json_object_get(hn, "help_by_type"), mtypes[i]), "count");
		EXPECT(got == want, "help %s: %lld, recount %lld", mtypes[i], (long long)got, (long long)want);
	}
	EXPECT(!strcmp(jstr(json_object_get(h, "period"), "first_day"), "2014-01-01"), "period %s",
	       jd(json_object_get(h, "period")));
	json_decref(h);

	/* a township user's node is the county user's row of that township */
	json_t *ts = stats(&towna, TOWN_A, fmt("&period=%d", year));
	json_t *tn = json_object_get(ts, "node");
	json_t *cr = child(st, TOWN_A);
	static const char *const same[] = { "households_by_status", "people_by_status", "causes", "exits_by_year",
					    "monitored_by_category", "income_distribution", "help_by_type", "requests",
					    "meeting_compliance", "notices", "trainings", "pairing" };
	/* (the compliance of a node and of a child row: orgs, compliant, rate) */
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *a = json_object_get(tn, same[i]), *b = json_object_get(cr, same[i]);
		/* (when the memo computed them may differ by a second: not a figure) */
		json_object_del(a, "computed_at");
		json_object_del(b, "computed_at");
		/* rates are compared as numbers: the integer counts decide */
		EXPECT(json_equal(a, b), "%s: township %s, county row %s", same[i], jd(a), jd(b));
	}
	EXPECT(json_array_size(json_object_get(ts, "children")) > 10, "township's villages: %zu",
	       json_array_size(json_object_get(ts, "children")));
	json_decref(ts);
	json_decref(st);
}

/* A province reads its cities' summary rows (help by month), a county its
 * divisions' own (help by day): with one county of data both agree. */
static void test_province(void)
{
	static const char *const periods[] = { "&from=2014-01-01&to=2023-12-31", "&from=2014-03-02&to=2023-11-29",
					       "&period=2020", "&period=2019-Q2", "&period=2018-06" };
	static const char *const same[] = { "households_by_status", "people_by_status", "causes", "exits_by_year",
					    "income_trend", "income_distribution", "help_by_type", "poverty_incidence" };
	for (size_t k = 0; k < sizeof(periods) / sizeof(periods[0]); k++) {
		json_t *pv = stats(&prov, "46", periods[k]), *cv = stats(&county, COUNTY, periods[k]);
		json_t *pn = json_object_get(pv, "node"), *cn = json_object_get(cv, "node");
		for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
			json_t *a = json_object_get(pn, same[i]), *b = json_object_get(cn, same[i]);
			if (!strcmp(same[i], "poverty_incidence")) {
				/* the rates differ (the province's population); the poor people agree */
				const char *y;
				json_t *v;
				json_object_foreach(b, y, v)
					EXPECT(jint(v, "poor_people") == jint(json_object_get(a, y), "poor_people"), "%s poor %s", periods[k], y);
				continue;
			}
			EXPECT(json_equal(a, b), "%s %s: province %s, county %s", periods[k], same[i], jd(a), jd(b));
		}
		EXPECT(json_object_size(json_object_get(cn, "help_by_type")) > 0 || strstr(periods[k], "2023"),
		       "%s: some help", periods[k]);
		json_decref(pv);
		json_decref(cv);
	}
	struct resp r;
	req(&prov, "GET", "/api/v1/stats?division=44", NULL, &r);
	expect_error(&r, 404, "not_found", "another province");
	resp_free(&r);
}

/* ---- a write shows in every ancestor at once -------------------------------------- */

struct three {
	int64_t v[3];   /* village, township, county */
};

static struct three read3(const char *section, const char *key, const char *sub)
{
	struct three t;
	const char *codes[] = { VILL_A, TOWN_A, COUNTY };
	for (int i = 0; i < 3; i++) {
		json_t *st = stats(&county, codes[i], "&from=2014-01-01&to=2023-12-31");
		json_t *o = json_object_get(json_object_get(json_object_get(st, "node"), section), key);
		t.v[i] = sub ? jint(o, sub) : json_integer_value(o);
		json_decref(st);
	}
	return t;
}

static void expect_moved(struct three before, struct three after, int64_t by, const char *what)
{
	for (int i = 0; i < 3; i++)
		EXPECT(after.v[i] - before.v[i] == by, "%s at level %d: %lld -> %lld, want %+lld", what, i,
		       (long long)before.v[i], (long long)after.v[i], (long long)by);
}

static void test_writes(void)
{
	struct three hh0 = read3("households_by_status", "poor", NULL), pp0 = read3("people_by_status", "poor", NULL);
	struct three hl0 = read3("help_by_type", "solar", "count");
	struct three am0 = read3("help_by_type", "solar", "amount");
	struct resp r;
	req(&towna, "POST", "/api/v1/households",
	    "{\"household_no\":\"469030100206-S01\",\"head_name\":\"统计户\",\"division\":\"" VILL_A "\","
	    "\"status\":\"poor\",\"attribute\":\"general\",\"identified_year\":2014,\"main_cause\":\"illness\"}", &r);
	EXPECT(r.status == 201, "create household: %ld %s", r.status, r.body);
	int64_t hid = r.json ? jint(r.json, "id") : 0;
	resp_free(&r);
	expect_moved(hh0, read3("households_by_status", "poor", NULL), 1, "a new poor household");

	req(&towna, "POST", fmt("/api/v1/households/%lld/members", (long long)hid),
	    "{\"relation\":\"head\",\"name\":\"统计户\",\"sex\":\"M\"}", &r);
	EXPECT(r.status == 201, "create member: %ld %s", r.status, r.body);
	int64_t mid = r.json ? jint(r.json, "id") : 0;
	resp_free(&r);
	expect_moved(pp0, read3("people_by_status", "poor", NULL), 1, "its member");

	req(&towna, "POST", "/api/v1/measures",
	    fmt("{\"household_id\":%lld,\"type\":\"solar\",\"content\":\"光伏分红\",\"amount\":1234,\"given_on\":\"2020-05-01\"}",
		(long long)hid), &r);
	EXPECT(r.status == 201, "create measure: %ld %s", r.status, r.body);
	int64_t meas = r.json ? jint(r.json, "id") : 0;
	resp_free(&r);
	expect_moved(hl0, read3("help_by_type", "solar", "count"), 1, "a measure");
	expect_moved(am0, read3("help_by_type", "solar", "amount"), 1234, "its amount");

	/* a status changes only through the exit procedure (403 here); the main cause moves */
	struct three ill0 = read3("causes", "illness", NULL), dis0 = read3("causes", "disability", NULL);
	req(&towna, "PATCH", fmt("/api/v1/households/%lld", (long long)hid),
	    "{\"main_cause\":\"disability\",\"change_reason\":\"复核致贫原因\"}", &r);
	EXPECT(r.status == 200, "change the cause: %ld %s", r.status, r.body);
	resp_free(&r);
	expect_moved(ill0, read3("causes", "illness", NULL), -1, "no longer illness");
	expect_moved(dis0, read3("causes", "disability", NULL), 1, "disability now");
	expect_moved(pp0, read3("people_by_status", "poor", NULL), 1, "its people still poor");

	req(&towna, "DELETE", fmt("/api/v1/measures/%lld", (long long)meas), NULL, &r);
	EXPECT(r.status == 204 || r.status == 200, "delete measure: %ld %s", r.status, r.body);
	resp_free(&r);
	expect_moved(hl0, read3("help_by_type", "solar", "count"), 0, "measure deleted");
	req(&towna, "DELETE", fmt("/api/v1/members/%lld", (long long)mid), NULL, &r);
	EXPECT(r.status == 204 || r.status == 200, "delete member: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&towna, "DELETE", fmt("/api/v1/households/%lld", (long long)hid), NULL, &r);
	EXPECT(r.status == 204 || r.status == 200, "delete household: %ld %s", r.status, r.body);
	resp_free(&r);
	expect_moved(hh0, read3("households_by_status", "poor", NULL), 0, "household deleted");
	expect_moved(dis0, read3("causes", "disability", NULL), 0, "its cause gone");
}

/* ---- scope and input --------------------------------------------------------------- */

static void test_scope_and_input(void)
{
	struct resp r;
	req(&towna, "GET", "/api/v1/stats?division=" TOWN_B, NULL, &r);
	expect_error(&r, 404, "not_found", "a township reads its sibling");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/stats?division=" COUNTY, NULL, &r);
	expect_error(&r, 404, "not_found", "a township reads its county");
	resp_free(&r);
	req(&townb, "GET", "/api/v1/stats?division=" VILL_A, NULL, &r);
	expect_error(&r, 404, "not_found", "a township reads another's village");
	resp_free(&r);
	/* no division: the caller's own */
	json_t *j = get_json(&townb, "/api/v1/stats", 200);
	EXPECT(!strcmp(jstr(j, "division"), TOWN_B), "default node %s", jstr(j, "division"));
	json_decref(j);

	static const struct { const char *q, *field; } bad[] = {
		{ "period=2026-13", "period" }, { "period=26", "period" }, { "period=2026-Q5", "period" },
		{ "from=2026-02-30&to=2026-03-01", "from" }, { "from=2026-03-01&to=2026-02-01", "to" },
		{ "from=2026-03-01", "to" }, { "period=2026&from=2026-01-01&to=2026-02-01", "period" },
		{ "division=12x", "division" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		req(&county, "GET", fmt("/api/v1/stats?%s", bad[i].q), NULL, &r);
		EXPECT(r.status == 400 && !strcmp(err_field(&r), bad[i].field) && *err_msg(&r, "message_zh"),
		       "%s: %ld %s", bad[i].q, r.status, r.body);
		resp_free(&r);
	}
	req(&county, "GET", "/api/v1/stats?division=" COUNTY "&level=1", NULL, &r);
	expect_error(&r, 400, "unknown_parameter", "an undeclared parameter");
	resp_free(&r);
	/* a quarter and a month answer with their own first and last day */
	j = get_json(&county, "/api/v1/stats?division=" VILL_A "&period=2025-Q4", 200);
	EXPECT(!strcmp(jstr(json_object_get(j, "period"), "first_day"), "2025-10-01") &&
	       !strcmp(jstr(json_object_get(j, "period"), "last_day"), "2025-12-31"), "quarter %s", jd(json_object_get(j, "period")));
	json_decref(j);
}

/* ---- bulletins ------------------------------------------------------------------ */

/* The bulletin row of code, or NULL. */
static json_t *brow(json_t *b, const char *code)
{
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(b, "rows"), i, row)
		if (!strcmp(jstr(row, "code"), code))
			return row;
	return NULL;
}

static void test_bulletin(void)
{
	/* no help was given in January 2013 in the demo: plant two measures in township B */
	const char *jan = "&from=2013-01-01&to=2013-01-31";
	json_t *b = get_json(&county, fmt("/api/v1/stats/bulletin?division=%s%s&kind=monthly", COUNTY, jan), 200);
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(b, "rows"), i, row)
		EXPECT(jint(json_object_get(row, "values"), "help") == 0, "%s help in January 2013 before: %s", jstr(row, "code"),
		       jd(json_object_get(row, "values")));
	json_decref(b);
	int64_t hid = create(&townb, "/api/v1/households",
			     fmt("{\"household_no\":\"469030101-S02\",\"head_name\":\"受助户\",\"division\":\"%s\","
				 "\"status\":\"poor\",\"attribute\":\"general\",\"identified_year\":2013,\"main_cause\":\"illness\"}",
				 TOWN_B "200"));
	for (int k = 0; k < 2; k++)
		EXPECT(create(&townb, "/api/v1/measures",
			      fmt("{\"household_id\":%lld,\"type\":\"industry\",\"content\":\"发放种苗\",\"amount\":500,"
				  "\"given_on\":\"2013-01-1%d\"}", (long long)hid, k)) > 0, "planted help %d", k);
	b = get_json(&county, fmt("/api/v1/stats/bulletin?division=%s%s&kind=weekly", COUNTY, jan), 200);
	json_t *rb = brow(b, TOWN_B), *ra = brow(b, TOWN_A);
	EXPECT(jint(json_object_get(rb, "values"), "help") == 2 && jint(json_object_get(rb, "ranks"), "help") == 1,
	       "township B first by help: %s", jd(rb));
	EXPECT(jint(json_object_get(ra, "ranks"), "help") == 2, "the others share the second place: %s", jd(ra));
	EXPECT(strstr(jstr(b, "title"), "周调度") != NULL, "weekly title %s", jstr(b, "title"));
	/* every rank agrees with the values: a better value never ranks lower */
	json_t *cols = json_object_get(b, "columns");
	size_t k;
	json_t *col;
	json_array_foreach(cols, k, col) {
		const char *key = jstr(col, "key");
		bool high = json_is_true(json_object_get(col, "higher_better"));
		size_t x, y;
		json_t *p, *q;
		json_array_foreach(json_object_get(b, "rows"), x, p) json_array_foreach(json_object_get(b, "rows"), y, q) {
			json_t *vp = json_object_get(json_object_get(p, "values"), key);
			json_t *vq = json_object_get(json_object_get(q, "values"), key);
			if (!json_is_number(vp) || !json_is_number(vq))
				continue;
			double a = json_number_value(vp), c = json_number_value(vq);
			int64_t rp = jint(json_object_get(p, "ranks"), key), rq = jint(json_object_get(q, "ranks"), key);
			bool better = high ? a > c : a < c;
			EXPECT(!better || rp < rq, "%s: %s (%g, #%lld) vs %s (%g, #%lld)", key, jstr(p, "code"), a, (long long)rp,
			       jstr(q, "code"), c, (long long)rq);
			EXPECT(a != c || rp == rq, "%s: equal values share a rank", key);
		}
	}
	json_decref(b);

	/* the work lists' dispatch (周调度) is a section of the bulletin: an item of township B's
	 * dispatch of this week, due yesterday and open, is overdue in this month's bulletin */
	time_t now = time(NULL) + 8 * 3600, then = now - 86400;
	struct tm tm, ty;
	gmtime_r(&now, &tm);
	gmtime_r(&then, &ty);
	char week[16], month[8], yesterday[16];
	strftime(week, sizeof(week), "%G-W%V", &tm);
	strftime(month, sizeof(month), "%Y-%m", &tm);
	strftime(yesterday, sizeof(yesterday), "%Y-%m-%d", &ty);
	json_t *orgs = get_json(&county, "/api/v1/orgs?division=" TOWN_B "&page_size=100", 200);
	int64_t org_b = 0;
	json_array_foreach(json_object_get(orgs, "items"), i, row)
		if (!org_b && !strcmp(jstr(row, "division"), TOWN_B))
			org_b = jint(row, "id");
	json_decref(orgs);
	int64_t sched = create(&townb, "/api/v1/schedules",
			       fmt("{\"org_id\":%lld,\"week\":\"%s\",\"title\":\"脱贫攻坚周调度会\"}", (long long)org_b, week));
	EXPECT(sched > 0, "township B's dispatch of %s (org %lld)", week, (long long)org_b);
	EXPECT(create(&townb, fmt("/api/v1/schedules/%lld/items", (long long)sched),
		      fmt("{\"matter\":\"道路硬化进度\",\"due\":\"%s\"}", yesterday)) > 0, "an item due yesterday");
	b = get_json(&county, fmt("/api/v1/stats/bulletin?division=%s&period=%s", COUNTY, month), 200);
	json_t *alias = get_json(&county, fmt("/api/v1/reports/schedule-monthly?division=%s&month=%s", COUNTY, month), 200);
	json_t *dsp = json_object_get(b, "dispatch");
	EXPECT(json_equal(json_object_get(dsp, "by_org"), json_object_get(alias, "by_org")) &&
	       json_equal(json_object_get(dsp, "totals"), json_object_get(alias, "totals")) &&
	       jint(json_object_get(dsp, "totals"), "overdue") == 1,
	       "the bulletin's dispatch %s is the 月通报's %s", jd(dsp), jd(alias));
	json_decref(alias);
	rb = brow(b, TOWN_B);
	ra = brow(b, TOWN_A);
	EXPECT(jint(json_object_get(rb, "values"), "dispatch_overdue") == 1 &&
	       jint(json_object_get(rb, "ranks"), "dispatch_overdue") == 11 &&
	       jint(json_object_get(ra, "ranks"), "dispatch_overdue") == 1 &&
	       jint(json_object_get(rb, "ranks"), "dispatch_done") == 1 &&
	       json_is_null(json_object_get(json_object_get(ra, "values"), "dispatch_done")),
	       "township B last by overdue dispatch items, the only one with a done rate: %s / %s", jd(rb), jd(ra));
	EXPECT(json_integer_value(json_object_get(json_object_get(b, "totals"), "dispatch_overdue")) == 1,
	       "the county's total: %s", jd(json_object_get(b, "totals")));
	json_decref(b);

	/* the sheet: XLSX (a zip) and CSV with the title and the headers */
	struct resp r;
	req(&county, "GET", fmt("/api/v1/stats/bulletin?division=%s&period=%d&format=xlsx", COUNTY, year), NULL, &r);
	char ct[200];
	EXPECT(r.status == 200 && r.body && !strncmp(r.body, "PK", 2) &&
	       strstr(resp_header(&r, "Content-Type", ct, sizeof(ct)) ? ct : "", "spreadsheet") != NULL,
	       "xlsx: %ld %s", r.status, ct);
	resp_free(&r);
	req(&county, "GET", fmt("/api/v1/stats/bulletin?division=%s&period=%d&format=csv", COUNTY, year), NULL, &r);
	EXPECT(r.status == 200 && r.body && strstr(r.body, "月通报") && strstr(r.body, "诉求受理数") && strstr(r.body, TOWN_B) &&
	       strstr(r.body, "督办事项（周调度）") && strstr(r.body, "逾期未办结"),
	       "csv: %ld %.300s", r.status, r.body ? r.body : "");
	resp_free(&r);
	req(&county, "GET", "/api/v1/stats/bulletin?kind=daily", NULL, &r);
	expect_field_error(&r, 400, "validation", "kind", "an unknown kind");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/stats/bulletin?division=" TOWN_B, NULL, &r);
	expect_error(&r, 404, "not_found", "a sibling's bulletin");
	resp_free(&r);
}

/* ---- the command structure ------------------------------------------------------ */

/* The villages of township A. */
static int64_t villages_a(void)
{
	return total("/api/v1/divisions?parent=" TOWN_A "&page_size=1");
}

static void test_command(void)
{
	/* 琼中's four levels of combat units, built by the demo */
	EXPECT(total("/api/v1/command-posts?kind=combat_hq&page_size=1") == 1, "one county combat HQ");
	EXPECT(total("/api/v1/command-posts?kind=team_large&page_size=1") == 11, "a large team per township");
	int64_t medium = total("/api/v1/command-posts?kind=team_medium&page_size=1");
	int64_t villages = total("/api/v1/divisions?parent=" TOWN_A "&page_size=1");
	EXPECT(medium == 125, "a medium team per village: %lld", (long long)medium);
	EXPECT(total("/api/v1/command-posts?kind=team_small&page_size=1") == 148, "a small team per grid");
	/* ?division= is the subtree: the county's posts are all of them, a township's its own and below */
	EXPECT(total("/api/v1/command-posts?division=" COUNTY "&page_size=1") == 1 + 1 + 11 + 125 + 148, "the county's posts");
	EXPECT(total("/api/v1/command-posts?division=" TOWN_A "&kind=team_medium&page_size=1") == villages_a(), "township A's");
	/* a township sees its own units only */
	json_t *j = get_json(&towna, "/api/v1/command-posts?kind=team_medium&page_size=200", 200);
	EXPECT(jint(j, "total") == villages && villages > 0, "township A's medium teams %lld, villages %lld",
	       (long long)jint(j, "total"), (long long)villages);
	json_decref(j);
	j = get_json(&county, "/api/v1/command-posts?kind=team_large&division=" TOWN_B "&page_size=1", 200);
	int64_t big_b = jint(json_array_get(json_object_get(j, "items"), 0), "id");
	json_decref(j);
	j = get_json(&county, "/api/v1/command-posts?kind=combat_hq&page_size=1", 200);
	int64_t hq = jint(json_array_get(json_object_get(j, "items"), 0), "id");
	json_decref(j);
	struct resp r;
	req(&towna, "GET", fmt("/api/v1/command-posts/%lld", (long long)big_b), NULL, &r);
	expect_error(&r, 404, "not_found", "a sibling township's team");
	resp_free(&r);

	/* levels and places: a township HQ in a village, a post outside its parent, both refused */
	req(&county, "POST", "/api/v1/command-posts",
	    fmt("{\"name\":\"错层\",\"kind\":\"township_hq\",\"division\":\"%s\",\"parent_id\":%lld}", VILL_A,
		(long long)hq), &r);
	expect_field_error(&r, 400, "validation", "division", "a township HQ in a village");
	resp_free(&r);
	req(&county, "POST", "/api/v1/command-posts",
	    fmt("{\"name\":\"越界\",\"kind\":\"team_medium\",\"division\":\"%s\",\"parent_id\":%lld}", VILL_A,
		(long long)big_b), &r);
	expect_field_error(&r, 400, "validation", "division", "a village of township A under township B's team");
	resp_free(&r);
	int64_t post = create(&county, "/api/v1/command-posts",
			      fmt("{\"name\":\"产业攻坚小组\",\"kind\":\"working_group\",\"division\":\"%s\","
				  "\"parent_id\":%lld,\"duty\":\"产业项目调度\"}", COUNTY, (long long)hq));
	EXPECT(post > 0, "a working group");

	/* dated membership: a term that ended, and the next one */
	j = get_json(&county, "/api/v1/people?division=" COUNTY "&page_size=2", 200);
	int64_t p1 = jint(json_array_get(json_object_get(j, "items"), 0), "id");
	int64_t p2 = jint(json_array_get(json_object_get(j, "items"), 1), "id");
	json_decref(j);
	req(&county, "POST", "/api/v1/command-members",
	    fmt("{\"post_id\":%lld,\"person_id\":%lld,\"role\":\"lead\",\"from_date\":\"2024-01-01\","
		"\"to_date\":\"2023-12-31\"}", (long long)post, (long long)p1), &r);
	expect_field_error(&r, 400, "validation", "to_date", "a term that ends before it starts");
	resp_free(&r);
	int64_t m1 = create(&county, "/api/v1/command-members",
			    fmt("{\"post_id\":%lld,\"person_id\":%lld,\"role\":\"lead\",\"from_date\":\"2020-01-01\","
				"\"to_date\":\"2023-12-31\"}", (long long)post, (long long)p1));
	int64_t m2 = create(&county, "/api/v1/command-members",
			    fmt("{\"post_id\":%lld,\"person_id\":%lld,\"role\":\"lead\",\"from_date\":\"2024-01-01\"}",
				(long long)post, (long long)p2));
	EXPECT(m1 > 0 && m2 > 0, "two terms");
	j = get_json(&county, fmt("/api/v1/command-members?post_id=%lld&on=2022-06-01", (long long)post), 200);
	EXPECT(jint(j, "total") == 1 && jint(json_array_get(json_object_get(j, "items"), 0), "person_id") == p1,
	       "2022's lead: %s", jd(j));
	json_decref(j);
	j = get_json(&county, fmt("/api/v1/command-members?post_id=%lld&on=2025-06-01", (long long)post), 200);
	EXPECT(jint(j, "total") == 1 && jint(json_array_get(json_object_get(j, "items"), 0), "person_id") == p2 &&
	       !strcmp(jstr(json_array_get(json_object_get(j, "items"), 0), "division"), COUNTY), "2025's lead: %s", jd(j));
	json_decref(j);
	req(&county, "GET", fmt("/api/v1/command-members?post_id=%lld&on=2025-6-1", (long long)post), NULL, &r);
	expect_field_error(&r, 400, "validation", "on", "a malformed day");
	resp_free(&r);
}

/* ---- exports page by households: every row once, in order ------------------------ */

/* The first two quoted fields of a CSV line (户编号, 行政区划代码) into no and div. */
static bool csv_keys(const char *line, char *no, size_t nlen, char *div, size_t dlen)
{
	const char *a = strchr(line, '"'), *b = a ? strchr(a + 1, '"') : NULL;
	const char *c = b ? strchr(b + 1, '"') : NULL, *d = c ? strchr(c + 1, '"') : NULL;
	if (d == NULL || (size_t)(b - a) > nlen || (size_t)(d - c) > dlen)
		return false;
	snprintf(no, nlen, "%.*s", (int)(b - a - 1), a + 1);
	snprintf(div, dlen, "%.*s", (int)(d - c - 1), c + 1);
	return true;
}

/* The member xl/worksheets/sheet1.xml of a zip (an XLSX) inflated and NUL-terminated, found
 * through the central directory; NULL when it is not there or does not inflate. */
static unsigned le(const unsigned char *p, int n)
{
	unsigned v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static char *xlsx_sheet_xml(const unsigned char *z, size_t len)
{
	static const char name[] = "xl/worksheets/sheet1.xml";
	size_t e = len >= 22 ? len - 22 : 0;
	while (e > 0 && le(z + e, 4) != 0x06054b50)
		e--;
	if (len < 22 || le(z + e, 4) != 0x06054b50)
		return NULL;
	size_t p = le(z + e + 16, 4);
	for (unsigned i = 0, n = le(z + e + 10, 2); i < n && p + 46 <= len; i++) {
		unsigned fnl = le(z + p + 28, 2), csz = le(z + p + 20, 4), usz = le(z + p + 24, 4), off = le(z + p + 42, 4);
		if (fnl == sizeof(name) - 1 && !memcmp(z + p + 46, name, fnl) && off + 30 <= len) {
			size_t d = off + 30 + le(z + off + 26, 2) + le(z + off + 28, 2);
			if (d + csz > len)
				return NULL;
			char *out = malloc((size_t)usz + 1);
			z_stream zs = { 0 };
			inflateInit2(&zs, -15);
			zs.next_in = (unsigned char *)(z + d);
			zs.avail_in = csz;
			zs.next_out = (unsigned char *)out;
			zs.avail_out = usz;
			int rc = inflate(&zs, Z_FINISH);
			inflateEnd(&zs);
			if (rc != Z_STREAM_END) {
				free(out);
				return NULL;
			}
			out[usz] = '\0';
			return out;
		}
		p += 46 + fnl + le(z + p + 30, 2) + le(z + p + 32, 2);
	}
	return NULL;
}

/* needle in [p, end), or NULL: a plain loop, because ASan's strstr reads the whole rest of the
 * string on every call, which made a sheet of 17,718 rows quadratic (hours under ASan). */
static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	for (; p && p + n <= end; p++)
		if (*p == *needle && memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* The text of the next <t> element at or after *at (before end) into buf; false when none. */
static bool xml_next_text(const char **at, const char *end, char *buf, size_t len)
{
	const char *t = find(*at, end, "<t");
	const char *gt = t ? find(t, end, ">") : NULL, *close = gt ? find(gt, end, "</t>") : NULL;
	if (close == NULL)
		return false;
	snprintf(buf, len, "%.*s", (int)(close - gt - 1), gt + 1);
	*at = close + 4;
	return true;
}

struct export_key {
	char no[64], div[32];
};

/* The XLSX export of township A has the CSV's rows: as many, each with the same 户编号 and
 * 行政区划代码, in the same order (thousands of rows: through the server's writer thread,
 * which hands rows over in batches of 256). */
static void expect_xlsx_rows(const char *what, const struct export_key *keys, int64_t n)
{
	struct resp r;
	req(&county, "GET", fmt("/api/v1/exports/%s?format=xlsx&division=" TOWN_A, what), NULL, &r);
	char cl[32];
	size_t len = resp_header(&r, "Content-Length", cl, sizeof(cl)) ? (size_t)strtoull(cl, NULL, 10) : 0;
	EXPECT(r.status == 200 && r.body && len > 0, "export %s xlsx: %ld", what, r.status);
	char *xml = r.body && len ? xlsx_sheet_xml((const unsigned char *)r.body, len) : NULL;
	EXPECT(xml != NULL, "export %s xlsx: the sheet inflates", what);
	int64_t rows = 0, same = 0;
	const char *xend = xml ? xml + strlen(xml) : NULL;
	const char *row = find(xml, xend, "<row ");   /* the header */
	for (row = row ? find(row + 5, xend, "<row ") : NULL; row; row = find(row + 5, xend, "<row ")) {
		const char *end = find(row, xend, "</row>"), *at = row;
		struct export_key k;
		if (end == NULL || !xml_next_text(&at, end, k.no, sizeof(k.no)) || !xml_next_text(&at, end, k.div, sizeof(k.div)))
			break;
		if (rows < n && !strcmp(k.no, keys[rows].no) && !strcmp(k.div, keys[rows].div))
			same++;
		rows++;
	}
	EXPECT(rows == n && same == n, "export %s xlsx: %lld rows (%lld as the CSV's, in its order), the CSV %lld", what,
	       (long long)rows, (long long)same, (long long)n);
	free(xml);
	resp_free(&r);
}

/* An export of township A (more households than one page of the export, 1,000): as many rows
 * as the recounted people (members) or at least (households, one row per person), each
 * household's rows together and the divisions in order: no page repeats or skips a row; the
 * XLSX's rows are the CSV's. */
static void expect_export(const char *what, int64_t want_rows, int64_t want_households)
{
	struct resp r;
	req(&county, "GET", fmt("/api/v1/exports/%s?format=csv&division=" TOWN_A, what), NULL, &r);
	EXPECT(r.status == 200 && r.body, "export %s: %ld", what, r.status);
	int64_t rows = 0, households = 0, cap = 1024;
	struct export_key *keys = malloc((size_t)cap * sizeof(*keys));
	bool ordered = true;
	char prev_no[64] = "", prev_div[32] = "";
	for (char *line = r.body ? strstr(r.body, "\r\n") : NULL; line && line[2]; line = strstr(line + 2, "\r\n")) {
		char no[64], div[32];
		if (!csv_keys(line + 2, no, sizeof(no), div, sizeof(div))) {
			ordered = false;
			break;
		}
		if (rows == cap)
			keys = realloc(keys, (size_t)(cap *= 2) * sizeof(*keys));
		snprintf(keys[rows].no, sizeof(keys[rows].no), "%s", no);
		snprintf(keys[rows].div, sizeof(keys[rows].div), "%s", div);
		rows++;
		if (strcmp(no, prev_no)) {
			households++;
			ordered = ordered && strcmp(div, prev_div) >= 0;
		}
		snprintf(prev_no, sizeof(prev_no), "%s", no);
		snprintf(prev_div, sizeof(prev_div), "%s", div);
	}
	EXPECT(ordered, "export %s: the rows in division order", what);
	EXPECT(households == want_households, "export %s: %lld households in runs, recounted %lld", what, (long long)households,
	       (long long)want_households);
	EXPECT(want_rows < 0 ? rows >= want_households : rows == want_rows, "export %s: %lld rows, want %lld", what,
	       (long long)rows, (long long)want_rows);
	resp_free(&r);
	expect_xlsx_rows(what, keys, rows);
	free(keys);
}

/* The quoted fields of one CSV line (up to CRLF; "" inside a field is a quote) into f, their
 * texts in buf; the number of fields, -1 when the line is not that shape. */
static int csv_fields(const char *line, char *buf, size_t blen, const char **f, int max)
{
	int n = 0;
	size_t o = 0;
	const char *p = line;
	while (*p == '"' && n < max) {
		f[n++] = buf + o;
		for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
			if (*p == '"')
				p++;
			if (o + 1 >= blen)
				return -1;
			buf[o++] = *p;
		}
		if (*p != '"' || o + 1 >= blen)
			return -1;
		buf[o++] = '\0';
		p++;
		if (*p == ',')
			p++;
		else
			break;
	}
	return *p == '\r' ? n : -1;
}

/* The looked-up columns of a household export (the year's per-capita income, the latest
 * monitoring case: looked up per page of 1,000 households) against the API's records of the
 * same households: every 150th household of township A, and the first monitored ones.  Last
 * year: the demo records every household's income up to last year. */
static void expect_export_lookups(void)
{
	struct resp r;
	int y = year - 1;
	req(&county, "GET", fmt("/api/v1/exports/households?format=csv&division=" TOWN_A "&year=%d", y), NULL, &r);
	EXPECT(r.status == 200 && r.body, "households export: %ld", r.status);
	int households = 0, checked = 0, monitored = 0, later_page = 0, incomes = 0;
	char prev_no[64] = "";
	for (char *line = r.body ? strstr(r.body, "\r\n") : NULL; line && line[2]; line = strstr(line + 2, "\r\n")) {
		char buf[2048];
		const char *f[40];
		int n = csv_fields(line + 2, buf, sizeof(buf), f, 40);
		if (n != 33) {
			EXPECT(false, "households export: a line of %d fields, want 33", n);
			break;
		}
		if (strcmp(f[0], prev_no) == 0)
			continue;   /* the household's next member: the same household columns */
		snprintf(prev_no, sizeof(prev_no), "%s", f[0]);
		households++;
		/* columns 26 人均纯收入, 28 识别监测日期, 30 风险是否消除, 31 风险消除日期 */
		bool sample = households % 150 == 1 || (f[28][0] && monitored < 6);
		if (!sample)
			continue;
		json_t *list = get_json(&county, fmt("/api/v1/households?division=" TOWN_A "&q=%s&page_size=20", f[0]), 200);
		int64_t id = 0;
		json_t *it;
		size_t i;
		json_array_foreach(json_object_get(list, "items"), i, it)
			if (strcmp(json_string_value(json_object_get(it, "household_no")), f[0]) == 0)
				id = json_integer_value(json_object_get(it, "id"));
		json_decref(list);
		EXPECT(id > 0, "household %s found", f[0]);
		if (id == 0)
			continue;
		checked++;
		later_page += households > 1000;
		monitored += f[28][0] != '\0';
		struct resp inc;
		req(&county, "GET", fmt("/api/v1/households/%lld/income/%d", (long long)id, y), NULL, &inc);
		json_t *ij = inc.status == 200 ? json_loads(inc.body, 0, NULL) : NULL;
		char want[32] = "";
		if (ij)
			snprintf(want, sizeof(want), "%lld", (long long)json_integer_value(json_object_get(ij, "per_capita")));
		EXPECT(strcmp(f[26], want) == 0, "household %s: income %s in the export, %s recorded", f[0], f[26], want);
		incomes += want[0] != '\0';
		json_decref(ij);
		resp_free(&inc);
		/* the latest case: the open one, else the last begun (then the highest id) */
		json_t *cases = get_json(&county, fmt("/api/v1/monitoring?household_id=%lld&page_size=100", (long long)id), 200);
		json_t *best = NULL;
		json_array_foreach(json_object_get(cases, "items"), i, it) {
			if (best == NULL) {
				best = it;
				continue;
			}
			bool open = json_is_null(json_object_get(it, "eliminated_on")) || !json_object_get(it, "eliminated_on");
			bool bopen = json_is_null(json_object_get(best, "eliminated_on")) || !json_object_get(best, "eliminated_on");
			int c = strcmp(json_string_value(json_object_get(it, "started_on")),
				       json_string_value(json_object_get(best, "started_on")));
			if (open > bopen || (open == bopen && (c > 0 || (c == 0 && json_integer_value(json_object_get(it, "id")) >
										     json_integer_value(json_object_get(best, "id"))))))
				best = it;
		}
		const char *started = best ? json_string_value(json_object_get(best, "started_on")) : "";
		const char *elim = best ? json_string_value(json_object_get(best, "eliminated_on")) : NULL;
		EXPECT(strcmp(f[28], started) == 0, "household %s: monitored since %s in the export, %s recorded", f[0], f[28],
		       started);
		EXPECT(strcmp(f[30], best ? (elim ? "是" : "否") : "") == 0 && strcmp(f[31], elim ? elim : "") == 0,
		       "household %s: risk eliminated %s %s in the export", f[0], f[30], f[31]);
		json_decref(cases);
	}
	resp_free(&r);
	EXPECT(checked >= 8 && monitored >= 1 && later_page >= 1 && incomes >= checked / 2,
	       "households export: %d households checked, %d monitored, %d after the first page, %d with an income",
	       checked, monitored, later_page, incomes);
}

static void test_exports(void)
{
	json_t *st = stats(&county, TOWN_A, "");
	json_t *node = json_object_get(st, "node");
	int64_t people = 0, households = 0;
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(node, "people_by_status"), k, v)
		people += json_integer_value(v);
	json_object_foreach(json_object_get(node, "households_by_status"), k, v)
		households += json_integer_value(v);
	json_decref(st);
	EXPECT(households > 1000, "township A spans pages of the export: %lld households", (long long)households);
	expect_export("members", people, households);
	expect_export("households", -1, households);
	expect_export_lookups();
}

/* ---- the memo of the live parts equals the live computation -------------------- */

struct live {
	int64_t met, total, visit_met, compliant, orgs;
	int64_t cov_at, cmp_at;   /* when /stats's coverage and compliance were computed */
};

static char this_year[8];

/* code's pairing coverage and meeting compliance over period q in /stats (read twice: the
 * first read may store the memo, the second reads it) equal GET /coverage's rules summed and
 * GET /compliance/meetings's totals, computed live. */
static struct live expect_live(const char *code, const char *period, const char *date, const char *what)
{
	struct live l = { 0 };
	json_t *cov = get_json(&county, fmt("/api/v1/coverage?division=%s&page_size=1%s%s", code, date ? "&date=" : "",
					    date ? date : ""), 200);
	json_t *cp = get_json(&county, fmt("/api/v1/compliance/meetings?division=%s&period=%s&page_size=1", code, period), 200);
	size_t ri;
	json_t *rule;
	json_array_foreach(json_object_get(cov, "rules"), ri, rule) {
		l.total += jint(rule, "total");
		l.met += jint(rule, "met");
		if (!strcmp(jstr(rule, "rule"), "visit_registered"))
			l.visit_met = jint(rule, "met");
	}
	json_t *tot = json_object_get(cp, "totals");
	l.compliant = jint(tot, "compliant");
	l.orgs = jint(tot, "orgs");
	for (int pass = 0; pass < 2; pass++) {
		json_t *st = stats(&county, code, fmt("&period=%s", period));
		json_t *node = json_object_get(st, "node");
		json_t *pr = json_object_get(node, "pairing"), *mc = json_object_get(node, "meeting_compliance");
		if (pass == 0) {
			l.cov_at = jint(pr, "computed_at");
			l.cmp_at = jint(mc, "computed_at");
			server_advance_clock(&srv, 5);   /* a computation now would say so */
		} else
			EXPECT(jint(pr, "computed_at") == l.cov_at && jint(mc, "computed_at") == l.cmp_at && l.cov_at > 0,
			       "%s, %s %s: the second read is the memo's: %s %s", what, code, period, jd(pr), jd(mc));
		json_t *vr = json_object_get(json_object_get(pr, "rules"), "visit_registered");
		EXPECT(jint(pr, "met") == l.met && jint(pr, "total") == l.total && jint(vr, "met") == l.visit_met,
		       "%s, %s %s read %d: coverage %s, live %lld/%lld (visits met %lld)", what, code, period, pass, jd(pr),
		       (long long)l.met, (long long)l.total, (long long)l.visit_met);
		EXPECT(jint(mc, "compliant") == l.compliant && jint(mc, "orgs") == l.orgs,
		       "%s, %s %s read %d: compliance %s, live %lld/%lld", what, code, period, pass, jd(mc), (long long)l.compliant,
		       (long long)l.orgs);
		json_decref(st);
	}
	json_decref(cov);
	json_decref(cp);
	return l;
}

/* The county, township A and the village, this year. */
struct all3 {
	struct live c, t, v;
};

static struct all3 expect_all_live(const char *village, const char *what)
{
	struct all3 a = { expect_live(COUNTY, this_year, NULL, what), expect_live(TOWN_A, this_year, NULL, what),
			  expect_live(village, this_year, NULL, what) };
	return a;
}

/* After a write (the clock moved on before it), the node's coverage (cov) or compliance
 * (!cov) was computed again, not read from the memo stored before. */
static void expect_fresh(struct live before, struct live after, bool cov, const char *what)
{
	EXPECT(cov ? after.cov_at > before.cov_at : after.cmp_at > before.cmp_at, "%s: computed again (%lld -> %lld)", what,
	       (long long)(cov ? before.cov_at : before.cmp_at), (long long)(cov ? after.cov_at : after.cmp_at));
}

static void expect_all_fresh(struct all3 before, struct all3 after, const char *what)
{
	expect_fresh(before.c, after.c, true, fmt("%s (county)", what));
	expect_fresh(before.t, after.t, true, fmt("%s (township)", what));
	expect_fresh(before.v, after.v, true, fmt("%s (village)", what));
}

/* Move the server's clock on, so that a result computed after this differs in computed_at. */
static void tick(void)
{
	server_advance_clock(&srv, 5);
}

static void test_memo(void)
{
	struct resp r;
	snprintf(this_year, sizeof(this_year), "%d", year);
	/* plant: a visit today to a registered household of township A that nobody visited in 31 days */
	json_t *cov = get_json(&county, "/api/v1/coverage?division=" TOWN_A "&rule=visit_registered&page_size=1", 200);
	json_t *g = json_array_get(json_object_get(json_array_get(json_object_get(cov, "rules"), 0), "gaps"), 0);
	int64_t hid = g ? strtoll(jstr(g, "key"), NULL, 10) : 0;
	char village[32];
	snprintf(village, sizeof(village), "%s", g ? jstr(g, "division") : VILL_A);
	json_decref(cov);
	if (hid == 0) {   /* the demo left no gap here on this day: make one, a visited household's visits moved to 2024 */
		json_t *hh = get_json(&county, "/api/v1/households?division=" TOWN_A "&status=exited_enjoying&page_size=50", 200);
		size_t i, k;
		json_t *h, *v;
		json_array_foreach(json_object_get(hh, "items"), i, h) {
			if (hid || !json_is_null(json_object_get(h, "monitor_category")))
				continue;
			json_t *vs = get_json(&county, fmt("/api/v1/visits?household_id=%lld&page_size=200", (long long)jint(h, "id")), 200);
			json_array_foreach(json_object_get(vs, "items"), k, v) {
				req(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)jint(v, "id")), "{\"visited_on\":\"2024-06-15\"}", &r);
				EXPECT(r.status == 200, "a visit of the planted gap moved: %ld %s", r.status, r.body);
				resp_free(&r);
			}
			if (json_array_size(json_object_get(vs, "items"))) {
				hid = jint(h, "id");
				snprintf(village, sizeof(village), "%s", jstr(h, "division"));
			}
			json_decref(vs);
		}
		json_decref(hh);
	}
	json_t *staff = get_json(&county, "/api/v1/people?division=" TOWN_A "&cadre_role=township_staff&page_size=1", 200);
	int64_t pid = jint(json_array_get(json_object_get(staff, "items"), 0), "id");
	json_decref(staff);
	EXPECT(hid > 0 && pid > 0, "an overdue household %lld and a cadre %lld", (long long)hid, (long long)pid);
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	gmtime_r(&now, &tm);
	char today[16];
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	struct all3 a0 = expect_all_live(village, "before"), a1;

	tick();
	int64_t visit = create(&county, "/api/v1/visits",
			       fmt("{\"person_id\":%lld,\"household_id\":%lld,\"visited_on\":\"%s\",\"kind\":\"home\","
				   "\"purpose\":\"走访\"}", (long long)pid, (long long)hid, today));
	a1 = expect_all_live(village, "a visit inserted");
	EXPECT(a1.v.visit_met == a0.v.visit_met + 1, "the visit counts: %lld -> %lld", (long long)a0.v.visit_met,
	       (long long)a1.v.visit_met);
	expect_all_fresh(a0, a1, "a visit inserted");
	a0 = a1;
	tick();
	req(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)visit), "{\"visited_on\":\"2020-01-02\"}", &r);
	EXPECT(r.status == 200, "move the visit: %ld %s", r.status, r.body);
	resp_free(&r);
	a1 = expect_all_live(village, "a visit updated");
	EXPECT(a1.v.visit_met == a0.v.visit_met - 1, "the moved visit no longer counts: %lld", (long long)a1.v.visit_met);
	expect_all_fresh(a0, a1, "a visit updated");
	a0 = a1;
	tick();
	req(&county, "DELETE", fmt("/api/v1/visits/%lld", (long long)visit), NULL, &r);
	EXPECT(r.status == 204 || r.status == 200, "delete the visit: %ld %s", r.status, r.body);
	resp_free(&r);
	a1 = expect_all_live(village, "a visit deleted");
	expect_all_fresh(a0, a1, "a visit deleted");
	a0 = a1;

	/* a visit in township B clears the county's memo, not township A's */
	json_t *hb = get_json(&county, "/api/v1/households?division=" TOWN_B "&page_size=1", 200);
	json_t *sb = get_json(&county, "/api/v1/people?division=" TOWN_B "&cadre_role=township_staff&page_size=1", 200);
	int64_t hb_id = jint(json_array_get(json_object_get(hb, "items"), 0), "id");
	int64_t pb_id = jint(json_array_get(json_object_get(sb, "items"), 0), "id");
	json_decref(hb);
	json_decref(sb);
	tick();
	int64_t vb = create(&county, "/api/v1/visits",
			    fmt("{\"person_id\":%lld,\"household_id\":%lld,\"visited_on\":\"%s\",\"kind\":\"home\","
				"\"purpose\":\"走访\"}", (long long)pb_id, (long long)hb_id, today));
	EXPECT(vb > 0, "a visit in township B");
	a1 = expect_all_live(village, "a visit in township B");
	expect_fresh(a0.c, a1.c, true, "a visit in township B (county)");
	EXPECT(a1.t.cov_at == a0.t.cov_at && a1.v.cov_at == a0.v.cov_at, "township A's memo kept: %lld -> %lld",
	       (long long)a0.t.cov_at, (long long)a1.t.cov_at);
	a0 = a1;

	/* a pairing of the household: inserted, ended, deleted */
	tick();
	int64_t pairing = create(&county, "/api/v1/pairings",
				 fmt("{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"2020-01-01\"}",
				     (long long)pid, (long long)hid));
	EXPECT(pairing > 0, "a pairing");
	a1 = expect_all_live(village, "a pairing inserted");
	expect_all_fresh(a0, a1, "a pairing inserted");
	a0 = a1;
	tick();
	req(&county, "PATCH", fmt("/api/v1/pairings/%lld", (long long)pairing), "{\"end_on\":\"2020-06-30\"}", &r);
	EXPECT(r.status == 200, "end the pairing: %ld %s", r.status, r.body);
	resp_free(&r);
	a1 = expect_all_live(village, "a pairing ended");
	expect_all_fresh(a0, a1, "a pairing ended");
	a0 = a1;
	tick();
	req(&county, "DELETE", fmt("/api/v1/pairings/%lld", (long long)pairing), NULL, &r);
	EXPECT(r.status == 204 || r.status == 200, "delete the pairing: %ld %s", r.status, r.body);
	resp_free(&r);
	a1 = expect_all_live(village, "a pairing deleted");
	expect_all_fresh(a0, a1, "a pairing deleted");

	/* June, ended: a compliant organisation of township A loses one of the meetings it
	 * needed (moved a year back), gets it back, then loses it by deletion */
	char jp[16], jd30[16];
	snprintf(jp, sizeof(jp), "%d-06", year);
	snprintf(jd30, sizeof(jd30), "%d-06-30", year);
	struct live c0 = expect_live(TOWN_A, jp, jd30, "June"), c1;
	struct live k0 = expect_live(COUNTY, jp, jd30, "June"), k1;
	json_t *cp = get_json(&county, fmt("/api/v1/compliance/meetings?division=%s&period=%s&page_size=200", TOWN_A, jp), 200);
	int64_t meeting = 0;
	size_t i, k;
	json_t *o, *kd;
	json_array_foreach(json_object_get(cp, "orgs"), i, o) {
		if (meeting || strcmp(jstr(o, "status"), "compliant"))
			continue;
		json_array_foreach(json_object_get(o, "kinds"), k, kd) {
			if (meeting || jint(kd, "held") != jint(kd, "expected") || jint(kd, "expected") < 1 ||
			    jint(kd, "units") != jint(kd, "units_ended") || strcmp(jstr(kd, "frequency"), "monthly"))
				continue;
			json_t *ms = get_json(&county, fmt("/api/v1/meetings?org_id=%lld&kind=%s&from=%s-01&to=%s&status=held"
							   "&page_size=1", (long long)jint(o, "org_id"), jstr(kd, "kind"), jp, jd30), 200);
			meeting = jint(json_array_get(json_object_get(ms, "items"), 0), "id");
			json_decref(ms);
		}
	}
	json_decref(cp);
	EXPECT(meeting > 0, "a meeting a compliant organisation needed in June");
	json_t *mj = get_json(&county, fmt("/api/v1/meetings/%lld", (long long)meeting), 200);
	char at[64];
	snprintf(at, sizeof(at), "%s", mj ? jstr(mj, "starts_at") : "");
	json_decref(mj);
	char moved[96];
	snprintf(moved, sizeof(moved), "%04d%.40s", (year - 1) % 10000, at + 4);   /* the same day a year earlier */
	tick();
	req(&county, "PATCH", fmt("/api/v1/meetings/%lld", (long long)meeting), fmt("{\"starts_at\":\"%s\"}", moved), &r);
	EXPECT(r.status == 200, "the meeting moved a year back: %ld %s", r.status, r.body);
	resp_free(&r);
	c1 = expect_live(TOWN_A, jp, jd30, "a meeting updated");
	k1 = expect_live(COUNTY, jp, jd30, "a meeting updated");
	EXPECT(c1.compliant == c0.compliant - 1, "one organisation less compliant: %lld -> %lld", (long long)c0.compliant,
	       (long long)c1.compliant);
	expect_fresh(c0, c1, false, "a meeting updated (township)");
	expect_fresh(k0, k1, false, "a meeting updated (county)");
	c0 = c1;
	tick();
	req(&county, "PATCH", fmt("/api/v1/meetings/%lld", (long long)meeting), fmt("{\"starts_at\":\"%s\"}", at), &r);
	EXPECT(r.status == 200, "moved back: %ld %s", r.status, r.body);
	resp_free(&r);
	c1 = expect_live(TOWN_A, jp, jd30, "a meeting moved back");
	EXPECT(c1.compliant == c0.compliant + 1, "compliant again: %lld", (long long)c1.compliant);
	expect_fresh(c0, c1, false, "a meeting moved back");
	c0 = c1;
	tick();
	req(&county, "DELETE", fmt("/api/v1/meetings/%lld", (long long)meeting), NULL, &r);
	EXPECT(r.status == 204 || r.status == 200, "delete the meeting: %ld %s", r.status, r.body);
	resp_free(&r);
	c1 = expect_live(TOWN_A, jp, jd30, "a meeting deleted");
	EXPECT(c1.compliant == c0.compliant - 1, "one organisation less compliant again: %lld", (long long)c1.compliant);
	expect_fresh(c0, c1, false, "a meeting deleted");
	expect_live(COUNTY, jp, jd30, "a meeting deleted");

	/* a coverage rule of township A's place: its node counts ten years of visits */
	struct live t0 = expect_live(TOWN_A, this_year, NULL, "before a coverage rule");
	tick();
	int64_t rule = create(&county, "/api/v1/coverage-rules",
			      "{\"division\":\"" TOWN_A "\",\"rule\":\"visit_registered\",\"days\":3650}");
	EXPECT(rule > 0, "a coverage rule");
	struct live t1 = expect_live(TOWN_A, this_year, NULL, "a coverage rule");
	expect_live(COUNTY, this_year, NULL, "a coverage rule");
	expect_fresh(t0, t1, true, "a coverage rule");
	EXPECT(t1.visit_met > t0.visit_met, "ten years of visits meet more than 31 days: %lld vs %lld", (long long)t1.visit_met,
	       (long long)t0.visit_met);
	tick();
	req(&county, "DELETE", fmt("/api/v1/coverage-rules/%lld", (long long)rule), NULL, &r);
	EXPECT(r.status == 204 || r.status == 200, "delete the rule: %ld %s", r.status, r.body);
	resp_free(&r);
	struct live t2 = expect_live(TOWN_A, this_year, NULL, "a coverage rule deleted");
	EXPECT(t2.visit_met == t0.visit_met, "back to 31 days: %lld", (long long)t2.visit_met);
}

/* ---- compliance in parts: a write under one township recomputes its parts only ---- */

/* Each child's compliance in /stats of code over period (as the county user) equals
 * GET /compliance/meetings's by_division, computed live (the node's own code: the
 * organisations at the node itself, in the totals only); the node's equals its totals.
 * Returns the /stats reply. */
static json_t *expect_parts_live(const char *code, const char *period, const char *what)
{
	json_t *st = stats(&county, code, fmt("&period=%s", period));
	json_t *cp = get_json(&county, fmt("/api/v1/compliance/meetings?division=%s&period=%s&page_size=1", code, period), 200);
	json_t *mc = json_object_get(json_object_get(st, "node"), "meeting_compliance");
	json_t *tot = json_object_get(cp, "totals");
	EXPECT(jint(mc, "orgs") == jint(tot, "orgs") && jint(mc, "compliant") == jint(tot, "compliant") && jint(mc, "orgs") > 0,
	       "%s: %s %s compliance %s, live %s", what, code, period, jd(mc), jd(tot));
	size_t i, kids = 0, with = 0;
	json_t *bd, *kid;
	json_array_foreach(json_object_get(cp, "by_division"), i, bd) {
		if (!strcmp(jstr(bd, "division"), code))
			continue;
		kids++;
		json_t *kc = json_object_get(child(st, jstr(bd, "division")), "meeting_compliance");
		EXPECT(jint(kc, "orgs") == jint(bd, "orgs") && jint(kc, "compliant") == jint(bd, "compliant"),
		       "%s: %s compliance %s, live %s", what, jstr(bd, "division"), jd(kc), jd(bd));
	}
	json_array_foreach(json_object_get(st, "children"), i, kid)
		with += !json_is_null(json_object_get(kid, "meeting_compliance"));
	EXPECT(with == kids && kids > 1, "%s: %s children with compliance %zu, live %zu", what, code, with, kids);
	json_decref(cp);
	return st;
}

/* A write clearing every memo row: an organisation renamed and named back (the organisations'
 * writes clear the whole memo), so the next read fills every part in one pass. */
static void clear_memo(void)
{
	/* a write of the organisations clears every kind (coverage rules clear coverage only, and
	 * meeting rules compliance only: migration "the node memo cleared by what each kind reads") */
	json_t *orgs = get_json(&county, "/api/v1/orgs?division=" TOWN_B "&page_size=1", 200);
	json_t *o = json_array_get(json_object_get(orgs, "items"), 0);
	int64_t id = o ? jint(o, "id") : 0;
	char name[512];
	snprintf(name, sizeof(name), "%s", o ? jstr(o, "name") : "");
	json_decref(orgs);
	EXPECT(id > 0, "an organisation of township B");
	api_call(&county, "PATCH", fmt("/api/v1/orgs/%lld", (long long)id), fmt("{\"name\":\"%s·\"}", name), 200, "renamed");
	api_call(&county, "PATCH", fmt("/api/v1/orgs/%lld", (long long)id), fmt("{\"name\":\"%s\"}", name), 200, "named back");
}

/* The server's CPU time so far in ms (user + system, every thread). */
static double server_cpu_ms(void)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)srv.pid);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = 0;
	const char *p = strrchr(buf, ')');
	unsigned long long ut = 0, st = 0;
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

/* One read of code's /stats, its wall and server CPU time printed (a measurement for
 * docs/performance.md, not a check: the reads are sequential, so the CPU is this read's). */
static void measure(const char *code, const char *period, const char *what)
{
	struct timespec t0, t1;
	double c0 = server_cpu_ms();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	json_decref(stats(&county, code, fmt("&period=%s", period)));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "api_stats: %s: GET /stats?division=%s&period=%s %.0f ms wall, %.0f ms server CPU\n", what, code, period,
		(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6, server_cpu_ms() - c0);
}

static void test_parts(void)
{
	char period[16];
	snprintf(period, sizeof(period), "%d", year);
	/* every part computed in one pass (the memo cleared): each figure the live one */
	clear_memo();
	tick();
	measure(COUNTY, period, "every part missing (a first read of the day)");
	json_t *s0 = expect_parts_live(COUNTY, period, "filled in one pass");
	measure(COUNTY, period, "warm");
	/* a held meeting of township A this year, moved a year back: its parts computed again one by one */
	json_t *ms = get_json(&county, fmt("/api/v1/meetings?division=%s&status=held&from=%d-01-01&to=%d-12-31&page_size=1",
					   TOWN_A, year, year), 200);
	json_t *m = json_array_get(json_object_get(ms, "items"), 0);
	int64_t meeting = jint(m, "id");
	char at[64], moved[96];
	snprintf(at, sizeof(at), "%s", m ? jstr(m, "starts_at") : "");
	json_decref(ms);
	EXPECT(meeting > 0 && strlen(at) > 4, "a held meeting of township A this year");
	snprintf(moved, sizeof(moved), "%04d%.40s", (year - 1) % 10000, at + 4);
	tick();
	struct resp r;
	req(&county, "PATCH", fmt("/api/v1/meetings/%lld", (long long)meeting), fmt("{\"starts_at\":\"%s\"}", moved), &r);
	EXPECT(r.status == 200, "the meeting moved a year back: %ld %s", r.status, r.body);
	resp_free(&r);
	measure(COUNTY, period, "the first read after a write under township A");
	json_t *s1 = expect_parts_live(COUNTY, period, "after a write under township A");
	json_decref(expect_parts_live(TOWN_A, period, "after a write under township A"));
	/* township A's parts computed again, township B's kept (the whole county's compliance
	 * computed again would give every township the new time) */
	int64_t a0 = jint(json_object_get(child(s0, TOWN_A), "meeting_compliance"), "computed_at");
	int64_t a1 = jint(json_object_get(child(s1, TOWN_A), "meeting_compliance"), "computed_at");
	int64_t b0 = jint(json_object_get(child(s0, TOWN_B), "meeting_compliance"), "computed_at");
	int64_t b1 = jint(json_object_get(child(s1, TOWN_B), "meeting_compliance"), "computed_at");
	EXPECT(a1 > a0 && a0 > 0, "township A's parts computed again: %lld -> %lld", (long long)a0, (long long)a1);
	EXPECT(b1 == b0 && b0 > 0, "township B's parts kept: %lld -> %lld", (long long)b0, (long long)b1);
	/* the parts after the write equal a full recompute of every part in one pass */
	clear_memo();
	tick();
	json_t *s2 = expect_parts_live(COUNTY, period, "the write, filled in one pass");
	size_t i;
	json_t *kid;
	json_array_foreach(json_object_get(s1, "children"), i, kid) {
		const char *code = jstr(kid, "code");
		json_t *k1 = json_object_get(kid, "meeting_compliance"), *k2 = json_object_get(child(s2, code), "meeting_compliance");
		EXPECT(jint(k1, "orgs") == jint(k2, "orgs") && jint(k1, "compliant") == jint(k2, "compliant"),
		       "%s: parts after the write %s, full recompute %s", code, jd(k1), jd(k2));
		EXPECT(json_is_null(k1) || jint(k2, "computed_at") > jint(k1, "computed_at"), "%s computed again in the pass",
		       code);
	}
	json_t *n1 = json_object_get(json_object_get(s1, "node"), "meeting_compliance");
	json_t *n2 = json_object_get(json_object_get(s2, "node"), "meeting_compliance");
	EXPECT(jint(n1, "orgs") == jint(n2, "orgs") && jint(n1, "compliant") == jint(n2, "compliant"),
	       "the county: parts after the write %s, full recompute %s", jd(n1), jd(n2));
	json_decref(s0);
	json_decref(s1);
	json_decref(s2);
	req(&county, "PATCH", fmt("/api/v1/meetings/%lld", (long long)meeting), fmt("{\"starts_at\":\"%s\"}", at), &r);
	EXPECT(r.status == 200, "moved back: %ld %s", r.status, r.body);
	resp_free(&r);
	json_decref(expect_parts_live(COUNTY, period, "the meeting moved back"));
}

/* ---- notices, trainings and attendance from the day summaries (migration 47) ----------------- */

/* The Unix time of 00:00 CST of YYYY-MM-DD. */
static int64_t cst_midnight(const char *day)
{
	struct tm tm = { 0 };
	if (sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) - 8 * 3600;
}

/* The recount of a section from the records: {kind: [a, b]} of sql's "kind|a|b" lines. */
static json_t *recount(const char *sql)
{
	char out[8192];
	json_t *o = json_object();
	if (raw_sql_on(db_url, sql, out, sizeof(out)) != 0) {
		EXPECT(0, "recount failed: %s: %s", sql, out);
		return o;
	}
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char kind[64];
		long long a, b;
		if (sscanf(line, "%63[^|]|%lld|%lld", kind, &a, &b) == 3)
			json_object_set_new(o, kind, json_pack("[I, I]", (json_int_t)a, (json_int_t)b));
	}
	return o;
}

/* figures.section of node against the recount (pair: the names of a and b; NULL a map of a). */
static void expect_recount(json_t *node, const char *section, const char *const pair[2], const char *sql, const char *what)
{
	json_t *want = recount(sql), *got = json_object_get(node, section), *v;
	const char *kind;
	EXPECT(json_object_size(got) == json_object_size(want), "%s %s: %s, recount %s", what, section, jd(got), jd(want));
	json_object_foreach(want, kind, v) {
		json_t *g = json_object_get(got, kind);
		int64_t a = pair ? jint(g, pair[0]) : json_integer_value(g), b = pair ? jint(g, pair[1]) : 0;
		EXPECT(g && a == json_integer_value(json_array_get(v, 0)) && b == json_integer_value(json_array_get(v, 1)),
		       "%s %s %s: %s, recount %s", what, section, kind, jd(g), jd(v));
	}
	json_decref(want);
}

/* The node's notices, trainings and attendance in the period (first..last, whole days) equal to
 * the recount from the records (code "" reads the province 46). */
static void expect_days(const struct session *s, const char *code_in, const char *first, const char *last, const char *q_in,
			const char *what_in)
{
	/* (fmt's buffers are few: the arguments copied first) */
	char code[16], q[64], what[300];
	snprintf(code, sizeof(code), "%s", code_in);
	snprintf(q, sizeof(q), "%s", q_in);
	long long f = (long long)cst_midnight(first), t = (long long)cst_midnight(last) + 86400;
	snprintf(what, sizeof(what), "%s %s%s", what_in, code, q);
	json_t *st = stats(s, code, q);
	json_t *node = json_object_get(st, "node");
	EXPECT(node != NULL, "%s: no stats", what);
	static const char *const receipts[2] = { "receipts", "done" }, *const sessions[2] = { "sessions", "minutes" };
	expect_recount(node, "notices", receipts,
		       fmt("SELECT CASE WHEN n.is_task = 1 THEN 'tasks' ELSE 'notices' END, COUNT(*), SUM(CASE WHEN"
			   " (n.is_task = 1 AND r.reported_at IS NOT NULL) OR (n.is_task = 0 AND r.read_at IS NOT NULL)"
			   " THEN 1 ELSE 0 END) FROM notice_receipts r JOIN notices n ON n.id = r.notice_id WHERE r.division"
			   " LIKE '%s%%' AND n.created_at >= %lld AND n.created_at < %lld GROUP BY 1", code, f, t), what);
	expect_recount(node, "trainings", sessions,
		       fmt("SELECT kind, COUNT(*), SUM(minutes) FROM trainings WHERE division LIKE '%s%%' AND starts_at >= %lld"
			   " AND starts_at < %lld GROUP BY 1", code, f, t), what);
	expect_recount(node, "training_attendance", NULL,
		       fmt("SELECT t.kind, COUNT(*), 0 FROM training_attendees a JOIN trainings t ON t.id = a.training_id"
			   " WHERE a.division LIKE '%s%%' AND t.starts_at >= %lld AND t.starts_at < %lld GROUP BY 1", code, f, t),
		       what);
	json_decref(st);
}

/* Every level (a village, its township, the county, the province) and period grain (a year and a
 * month: the county's and township's month rows; ranges of days: the divisions' day rows). */
static void expect_days_all(const char *month, const char *what)
{
	char y0[16], y1[16], d0[16], d1[16], m0[16], m1[16], mlast[16], qy[32], qd[64], qm[64], qmp[32];
	snprintf(y0, sizeof(y0), "%d-01-01", year);
	snprintf(y1, sizeof(y1), "%d-12-31", year);
	snprintf(d0, sizeof(d0), "%d-01-03", year);
	snprintf(d1, sizeof(d1), "%d-12-30", year);
	snprintf(m0, sizeof(m0), "%.7s-01", month);
	snprintf(m1, sizeof(m1), "%.7s-27", month);   /* not the month's last day: day rows */
	snprintf(mlast, sizeof(mlast), "%.7s-%02d", month, month[5] == '0' && month[6] == '2' ? 28 : 31);
	snprintf(qy, sizeof(qy), "&period=%d", year);
	snprintf(qd, sizeof(qd), "&from=%s&to=%s", d0, d1);
	snprintf(qm, sizeof(qm), "&from=%s&to=%s", m0, m1);
	snprintf(qmp, sizeof(qmp), "&period=%.7s", month);
	static const char *const codes[] = { VILL_A, TOWN_A, COUNTY };
	for (size_t i = 0; i < 3; i++) {
		expect_days(&county, codes[i], y0, y1, qy, what);
		expect_days(&county, codes[i], d0, d1, qd, what);
		expect_days(&county, codes[i], m0, m1, qm, what);
		expect_days(&county, codes[i], m0, mlast, qmp, what);
	}
	expect_days(&prov, "46", y0, y1, qy, what);
	expect_days(&prov, "46", m0, mlast, qmp, what);
}

/* An organisation at the division code itself. */
static int64_t org_at(const char *code)
{
	json_t *orgs = get_json(&county, fmt("/api/v1/orgs?division=%s&page_size=100", code), 200);
	int64_t id = 0;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(orgs, "items"), i, row)
		if (!id && !strcmp(jstr(row, "division"), code))
			id = jint(row, "id");
	json_decref(orgs);
	return id;
}

static void test_day_summaries(void)
{
	const char *month = fmt("%d-03", year);
	char mon[8];
	snprintf(mon, sizeof(mon), "%s", month);
	expect_days_all(mon, "as generated");
	int64_t org_c = org_at(COUNTY), org_t = org_at(TOWN_A);
	EXPECT(org_c > 0 && org_t > 0, "the county's and township A's organisations: %lld %lld", (long long)org_c, (long long)org_t);

	/* a notice and a task of the county to township A's village branches */
	int64_t nid = create(&county, "/api/v1/notices",
			     fmt("{\"org_id\":%lld,\"title\":\"汇总通知\",\"body\":\"正文\",\"target_division\":\"%s\","
				 "\"target_org_types\":[\"village_branch\"]}", (long long)org_c, TOWN_A));
	int64_t tid = create(&county, "/api/v1/notices",
			     fmt("{\"org_id\":%lld,\"title\":\"汇总任务\",\"body\":\"正文\",\"target_division\":\"%s\","
				 "\"target_org_types\":[\"village_branch\"],\"task\":true,\"due_at\":\"%d-12-31\"}",
				 (long long)org_c, TOWN_A, year));
	EXPECT(nid > 0 && tid > 0, "a notice %lld and a task %lld", (long long)nid, (long long)tid);
	json_t *rc = get_json(&county, fmt("/api/v1/notices/%lld/receipts?page_size=1", (long long)nid), 200);
	int64_t org_v = jint(json_array_get(json_object_get(rc, "items"), 0), "org_id");
	json_decref(rc);
	EXPECT(org_v > 0, "a village branch's receipt");
	expect_days_all(mon, "the notice and the task sent");
	/* a receipt read (the notice's done), a task reported (the task's done; reporting reads it too) */
	api_call(&towna, "POST", fmt("/api/v1/notices/%lld/read", (long long)nid), fmt("{\"org_id\":%lld}", (long long)org_v), 200,
		 "a receipt read");
	expect_days_all(mon, "a receipt read");
	api_call(&towna, "POST", fmt("/api/v1/notices/%lld/report", (long long)tid),
		 fmt("{\"org_id\":%lld,\"text\":\"已完成\"}", (long long)org_v), 200, "a task reported");
	expect_days_all(mon, "a task reported");
	/* a notice moved to another month and made a plain notice (no route changes these: the
	 * triggers still must) */
	char out[512];
	EXPECT(raw_sql_on(db_url, fmt("UPDATE notices SET created_at = %lld WHERE id = %lld", (long long)cst_midnight(fmt("%s-15", mon)),
				      (long long)tid), out, sizeof(out)) == 0, "the task moved: %s", out);
	expect_days_all(mon, "a task moved to another day");
	EXPECT(raw_sql_on(db_url, fmt("UPDATE notices SET is_task = 0 WHERE id = %lld", (long long)tid), out, sizeof(out)) == 0,
	       "the task made a notice: %s", out);
	expect_days_all(mon, "a task made a notice");

	/* a training of township A with three of village A's people */
	json_t *pp = get_json(&county, "/api/v1/people?division=" VILL_A "&page_size=3", 200);
	int64_t p[3] = { 0 };
	for (int i = 0; i < 3; i++)
		p[i] = jint(json_array_get(json_object_get(pp, "items"), (size_t)i), "id");
	json_decref(pp);
	EXPECT(p[2] > 0, "three people of village A");
	const char *body = fmt("{\"org_id\":%lld,\"kind\":\"e_commerce\",\"title\":\"汇总培训\",\"starts_at\":\"%s-10T09:00:00+08:00\","
			       "\"hours\":2.5,\"attendees\":[%lld,%lld,%lld]}", (long long)org_t, mon, (long long)p[0],
			       (long long)p[1], (long long)p[2]);
	int64_t trid = create(&towna, "/api/v1/trainings", body);
	EXPECT(trid > 0, "a training");
	expect_days_all(mon, "a training");
	/* moved to another day (23:30 CST: the next UTC day's) and to the county (its organiser) */
	api_call(&county, "PATCH", fmt("/api/v1/trainings/%lld", (long long)trid),
		 fmt("{\"org_id\":%lld,\"kind\":\"e_commerce\",\"title\":\"汇总培训\",\"starts_at\":\"%s-20T23:30:00+08:00\","
		     "\"hours\":3,\"attendees\":[%lld,%lld,%lld]}", (long long)org_c, mon, (long long)p[0], (long long)p[1],
		     (long long)p[2]), 200, "the training moved");
	expect_days_all(mon, "a training moved to another day and division");
	api_call(&county, "PATCH", fmt("/api/v1/trainings/%lld", (long long)trid),
		 fmt("{\"org_id\":%lld,\"kind\":\"e_commerce\",\"title\":\"汇总培训\",\"starts_at\":\"%s-20T23:30:00+08:00\","
		     "\"hours\":3,\"attendees\":[%lld,%lld]}", (long long)org_c, mon, (long long)p[0], (long long)p[1]), 200,
		 "an attendee removed");
	expect_days_all(mon, "an attendee removed");
	/* a PATCH writes the attendees again; moved alone (raw SQL), the attendees move with it */
	EXPECT(raw_sql_on(db_url, fmt("UPDATE trainings SET starts_at = starts_at + 40 * 86400 WHERE id = %lld", (long long)trid), out,
			  sizeof(out)) == 0, "the training moved alone: %s", out);
	expect_days_all(mon, "a training moved to another month alone");
	api_call(&county, "DELETE", fmt("/api/v1/trainings/%lld", (long long)trid), NULL, 200, "the training deleted");
	expect_days_all(mon, "the training deleted");
	api_call(&county, "DELETE", fmt("/api/v1/notices/%lld", (long long)nid), NULL, 200, "the notice deleted");
	expect_days_all(mon, "the notice deleted");
}

/* ---- monitoring from its summary (migration 50) ------------------------------------ */

/* The cases open on day (by category) at code and at each of its children, as GET /stats answers
 * with q (whose last day is day), equal to the recount from the records: "node/CATEGORY" and
 * "CHILD/CATEGORY" (a child's rows: the divisions under it). */
static void expect_monitored(const struct session *s, const char *code_in, const char *q_in, const char *day_in,
			     const char *what_in)
{
	char code[16], q[64], day[16], what[300];
	snprintf(code, sizeof(code), "%s", code_in);
	snprintf(q, sizeof(q), "%s", q_in);
	snprintf(day, sizeof(day), "%s", day_in);
	snprintf(what, sizeof(what), "%s %s%s", what_in, code, q);
	json_t *st = stats(s, code, q);
	EXPECT(st && !strcmp(jstr(json_object_get(st, "period"), "last_day"), day), "%s: last day %s", what,
	       jd(json_object_get(st, "period")));
	json_t *got = json_object(), *v;
	const char *cat;
	json_object_foreach(json_object_get(json_object_get(st, "node"), "monitored_by_category"), cat, v)
		json_object_set_new(got, fmt("node/%s", cat), json_pack("[I, I]", (json_int_t)json_integer_value(v), (json_int_t)0));
	size_t i;
	json_t *c;
	int cl = 0;
	json_array_foreach(json_object_get(st, "children"), i, c) {
		cl = (int)strlen(jstr(c, "code"));
		json_object_foreach(json_object_get(c, "monitored_by_category"), cat, v)
			json_object_set_new(got, fmt("%s/%s", jstr(c, "code"), cat),
					    json_pack("[I, I]", (json_int_t)json_integer_value(v), (json_int_t)0));
	}
	const char *open = fmt("started_on <= '%s' AND (eliminated_on IS NULL OR eliminated_on > '%s')", day, day);
	char sql[1024];
	snprintf(sql, sizeof(sql), "SELECT 'node/' || category, COUNT(*), 0 FROM monitoring WHERE division LIKE '%s%%' AND %s"
		 " GROUP BY 1 UNION ALL SELECT substr(division, 1, %d) || '/' || category, COUNT(*), 0 FROM monitoring"
		 " WHERE division LIKE '%s%%' AND length(division) >= %d AND %s GROUP BY 1", code, open, cl ? cl : 99, code,
		 cl ? cl : 99, open);
	json_t *want = recount(sql);
	EXPECT(json_equal(got, want), "%s: monitored %s, recount %s", what, jd(got), jd(want));
	json_decref(want);
	json_decref(got);
	json_decref(st);
}

/* Every level (a village, its township, another township, the county, the province) on days that end
 * a year, a month (the month rows) and days inside a month (the month rows before it and its day
 * rows); the case planted below opens on Y-02-10 and closes on Y-09-20 (Y the last year). */
static void expect_monitored_all(const char *what)
{
	int y = year - 1;
	char q[5][64], d[5][24];
	snprintf(q[0], sizeof(q[0]), "&period=%d", year);
	snprintf(d[0], sizeof(d[0]), "%d-12-31", year);
	snprintf(q[1], sizeof(q[1]), "&period=%d-06", y);
	snprintf(d[1], sizeof(d[1]), "%d-06-30", y);
	snprintf(q[2], sizeof(q[2]), "&from=%d-01-01&to=%d-09-15", y, y);
	snprintf(d[2], sizeof(d[2]), "%d-09-15", y);
	snprintf(q[3], sizeof(q[3]), "&from=%d-09-01&to=%d-09-25", y, y);
	snprintf(d[3], sizeof(d[3]), "%d-09-25", y);
	snprintf(q[4], sizeof(q[4]), "&period=%d-02", y);
	snprintf(d[4], sizeof(d[4]), "%d-02-28", y);
	if ((y % 4 == 0 && y % 100) || y % 400 == 0)
		d[4][9] = '9';
	static const char *const codes[] = { VILL_A, TOWN_A, TOWN_B, COUNTY };
	for (int k = 0; k < 5; k++) {
		for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
			expect_monitored(&county, codes[i], q[k], d[k], what);
		expect_monitored(&prov, "46", q[k], d[k], what);
	}
}

static void test_monitoring_summary(void)
{
	expect_monitored_all("as generated");
	int y = year - 1;
	char out[512];
	/* the demo's cases are many: the county has some open at the end of the last year */
	json_t *any = recount(fmt("SELECT 'n', COUNT(*), 0 FROM monitoring WHERE division LIKE '" COUNTY "%%' AND started_on <="
				  " '%d-12-31' AND (eliminated_on IS NULL OR eliminated_on > '%d-12-31')", y, y));
	EXPECT(json_integer_value(json_array_get(json_object_get(any, "n"), 0)) > 10, "open cases in the county: %s", jd(any));
	json_decref(any);
	/* a household put under monitoring (marginal: never registered) */
	int64_t hid = create(&towna, "/api/v1/households",
			     "{\"household_no\":\"469030100206-M01\",\"head_name\":\"监测户\",\"division\":\"" VILL_A "\","
			     "\"status\":\"not_registered\",\"attribute\":\"general\"}");
	EXPECT(hid > 0, "a household to monitor");
	int64_t mid = create(&towna, "/api/v1/monitoring",
			     fmt("{\"household_id\":%lld,\"category\":\"marginal\",\"started_on\":\"%d-02-10\"}", (long long)hid, y));
	EXPECT(mid > 0, "a monitoring case");
	expect_monitored_all("a household put under monitoring");
	api_call(&towna, "PATCH", fmt("/api/v1/monitoring/%lld", (long long)mid), "{\"category\":\"sudden\"}", 200,
		 "the category changed");
	expect_monitored_all("its category changed");
	api_call(&towna, "PATCH", fmt("/api/v1/monitoring/%lld", (long long)mid),
		 fmt("{\"eliminated_on\":\"%d-09-20\",\"elimination_method\":\"natural\"}", y), 200, "the risk eliminated");
	expect_monitored_all("its risk eliminated");
	/* the household moved to township B: its case moves with it */
	api_call(&county, "PATCH", fmt("/api/v1/households/%lld", (long long)hid),
		 "{\"division\":\"" TOWN_B "200\",\"change_reason\":\"迁居\"}", 200, "the household moved");
	expect_monitored_all("the household moved");
	/* its first day moved to another month (raw SQL: the triggers must follow any write) */
	EXPECT(raw_sql_on(db_url, fmt("UPDATE monitoring SET started_on = '%d-03-05' WHERE id = %lld", y, (long long)mid), out,
			  sizeof(out)) == 0, "the case's first day moved: %s", out);
	expect_monitored_all("the first day moved");
	api_call(&county, "DELETE", fmt("/api/v1/monitoring/%lld", (long long)mid), NULL, 200, "the case deleted");
	expect_monitored_all("the case deleted");
	api_call(&county, "DELETE", fmt("/api/v1/households/%lld", (long long)hid), NULL, 200, "the household deleted");
}

/* After `lianxin demo` on PostgreSQL the database was vacuumed and analysed (stats_bulk_settle):
 * the first reads have the planner's statistics and the visibility map of what the demo wrote. */
static void test_demo_settled(void)
{
	if (strncmp(db_url, "postgres", 8) != 0) {
		printf("skip the vacuum after the demo (PostgreSQL only)\n");
		return;
	}
	int64_t n = raw_count_on(db_url, "SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname IN ('households', 'stats_hh',"
				  " 'request_figures', 'requests') AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL");
	EXPECT(n == 4, "the demo's tables vacuumed and analysed after it: %lld of 4", (long long)n);
}

/* ---- set-up ------------------------------------------------------------------------ */

static int setup(void)
{
	char err[4096];
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip", "worklists", NULL };
	int rc = cli_run(binary, db_url, NULL, demo, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_stats: demo exit %d: %s\n", rc, err);
		return -1;
	}
	static const struct test_account users[] = {
		{ "stcounty", "county", COUNTY, &county }, { "sttowna", "township", TOWN_A, &towna },
		{ "sttownb", "township", TOWN_B, &townb }, { "stprov", "viewer", "46", &prov },
	};
	const size_t n = sizeof(users) / sizeof(users[0]);
	if (accounts_add(binary, db_url, users, n, PW))
		return -1;
	if (server_start(&srv, binary, db_url, NULL)) {
		fprintf(stderr, "api_stats: the server did not start\n");
		return -1;
	}
	if (accounts_login(&srv, users, n, PW))
		return -1;
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	year = tm.tm_year + 1900;
	return 0;
}

/* A day's move of the clock ends the sessions: the county user's again. */
static void relogin_county(void)
{
	EXPECT(login(&srv, "stcounty", PW, &county) == 200, "the county user logs in again");
}

/* Compliance read from the memo on a later day of the same units (a week and a month not yet
 * ended), and computed again once a unit has ended (the next Monday), equal to the live
 * computation each time; the server's clock is put back after. */
static void test_memo_days(void)
{
	snprintf(this_year, sizeof(this_year), "%d", year);
	int64_t moved = 0;
	time_t t = (time_t)(time(NULL) + srv.clock_offset + 8 * 3600);
	struct tm tm;
	gmtime_r(&t, &tm);
	int weekday = (tm.tm_wday + 6) % 7;   /* 0 Monday .. 6 Sunday */
	time_t next = t + 86400, prev = t - 86400;
	struct tm tn, tp;
	gmtime_r(&next, &tn);
	gmtime_r(&prev, &tp);
	/* a day in the same week and month: tomorrow, or yesterday when today ends one of them */
	int step = weekday < 6 && tn.tm_mon == tm.tm_mon ? 1 : weekday > 0 && tp.tm_mon == tm.tm_mon ? -1 : 0;
	struct live a = expect_live(COUNTY, this_year, NULL, "the compliance memo, today");
	if (step) {
		server_advance_clock(&srv, step * 86400);
		moved += step * 86400;
		relogin_county();
		struct live b = expect_live(COUNTY, this_year, NULL, "a day later or earlier in the same week and month");
		EXPECT(b.cmp_at == a.cmp_at && a.cmp_at > 0, "the compliance of another day of the same units is the memo's:"
		       " computed at %lld, read at %lld", (long long)a.cmp_at, (long long)b.cmp_at);
	} else
		printf("test_memo_days: today is a Monday that ends a month: no other day of its week and month\n");
	/* the next Monday: this week has ended */
	int64_t to_monday = (int64_t)(7 - (weekday + step)) * 86400;
	server_advance_clock(&srv, to_monday);
	moved += to_monday;
	relogin_county();
	struct live c = expect_live(COUNTY, this_year, NULL, "the Monday after: a week has ended");
	EXPECT(c.cmp_at > a.cmp_at, "the compliance is computed again once a week has ended (%lld, then %lld)",
	       (long long)a.cmp_at, (long long)c.cmp_at);
	server_advance_clock(&srv, -moved);
	relogin_county();
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "the database vacuumed and analysed after the demo (PostgreSQL)", test_demo_settled },
		{ "every figure against a recount", test_figures },
		{ "a province from its cities' rows", test_province },
		{ "a write shows in every ancestor", test_writes },
		{ "scope and input", test_scope_and_input },
		{ "the command structure", test_command },
		{ "bulletins", test_bulletin },
		{ "the memo of compliance and coverage equals the live computation", test_memo },
		{ "compliance parts after a write under one township equal a full recompute", test_parts },
		{ "exports page by households: every row once, in order", test_exports },
		{ "notices, trainings and attendance from the day summaries equal the recount", test_day_summaries },
		{ "monitoring from its summary equals the recount after each kind of write", test_monitoring_summary },
		{ "the compliance memo kept for the days of the same units (last: it moves the clock)", test_memo_days },
	};
	const struct api_program p = { "api_stats", &binary, db_url, sizeof(db_url), NULL, 0, &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
