/*
 * procedures.c - API tests of the procedure engine (扶持谁 / 如何退): exit
 * eligibility exactly at the line and with a year missing; every step of a
 * household exit by its role, in order (409 for a skipped or repeated step),
 * with its votes, evidence and signed form; the notice clock and an
 * objection sending the case back; the registry changed only by the last
 * step; a vote that fails; a village batch taking a step at once, all or
 * nothing; monitoring identification and risk elimination after six months;
 * scope; a notice's days counted in working days of the national calendar
 * (a weekend, 国庆 and its make-up workdays).
 *
 * usage: api_procedures --server build/lianxin --db sqlite|postgres
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static char tmpdir[256];
static struct server srv;
static struct session admin, county, towna, townb, village, grid, cadre;

#define PW "Proc-Admin-2026"
#define COUNTY "469030"
#define TOWN_A "469030100"
#define TOWN_B "469030101"
#define VILL_A "469030100206"
#define VILL_B "469030101200"
#define VILL_A2 "469030100208"   /* a village of township A kept for the village exit */
#define YEAR "2025"
#define YEAR_N 2025

static const struct { const char *name, *role, *division; struct session *sess; } users[] = {
	{ "pradmin", "admin", "all", &admin },      { "prcounty", "county", COUNTY, &county },
	{ "prtowna", "township", TOWN_A, &towna },  { "prtownb", "township", TOWN_B, &townb },
	{ "prvillage", "village", VILL_A, &village }, { "prgrid", "grid", VILL_A, &grid },
	{ "prcadre", "cadre", VILL_A, &cadre },
};

static int login_all(void)
{
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (login(&srv, users[i].name, PW, users[i].sess) != 200)
			return -1;
	return 0;
}

/* Days forward on the server's clock; the sessions start again. */
static void advance_days(int days)
{
	server_advance_clock(&srv, (int64_t)days * 86400);
	EXPECT(login_all() == 0, "log in again after %d days", days);
}

/* The server's clock set to the CST time "YYYY-MM-DD HH:MM" (forward or back); the sessions start again. */
static void clock_at(const char *cst)
{
	struct tm tm = { 0 };
	EXPECT(strptime(cst, "%Y-%m-%d %H:%M", &tm) != NULL, "a test time: %s", cst);
	int64_t target = (int64_t)timegm(&tm) - 8 * 3600;
	server_advance_clock(&srv, target - ((int64_t)time(NULL) + srv.clock_offset));
	EXPECT(login_all() == 0, "log in again at %s", cst);
}

/* The end of case id's running notice (epoch seconds; 0 when none) and its ISO text in iso. */
static int64_t notice_end(int64_t id, char iso[32])
{
	json_t *c = get_json(&county, fmt("/api/v1/procedures/%lld", (long long)id), 200);
	const char *t = json_string_value(json_object_get(c, "notice_ends_at"));
	snprintf(iso, 32, "%s", t ? t : "-");
	json_decref(c);
	struct tm tm = { 0 };
	return strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) ? (int64_t)timegm(&tm) : 0;
}

/* The server's clock to seconds after case id's notice ends (negative: before it). */
static void around_notice(int64_t id, int64_t seconds)
{
	char iso[32];
	int64_t ends = notice_end(id, iso);
	EXPECT(ends > 0, "case %lld has a notice running", (long long)id);
	server_advance_clock(&srv, ends + seconds - ((int64_t)time(NULL) + srv.clock_offset));
	EXPECT(login_all() == 0, "log in again around the notice's end %s", iso);
}

/* A household of VILL_A (or VILL_B) with one insured member; safe housing and water when
 * safe; food and clothing recorded for the years; per-capita income for each year given. */
static int64_t household(const char *no, const char *status, const char *division, bool safe, int64_t income_before,
			 int64_t income_year)
{
	const struct session *s = !strncmp(division, TOWN_A, 9) ? &towna : &townb;
	int64_t id = create(s, "/api/v1/households",
			    fmt("{\"household_no\":\"%s\",\"head_name\":\"测%s\",\"division\":\"%s\",\"status\":\"%s\"%s,"
				"\"housing_grade\":\"%s\",\"water_safe\":%s}",
				no, no, division, status,
				strcmp(status, "not_registered") ? ",\"attribute\":\"general\",\"main_cause\":\"illness\","
								   "\"identified_year\":2014" : "",
				safe ? "A" : "C", safe ? "true" : "false"));
	create(s, fmt("/api/v1/households/%lld/members", (long long)id),
	       "{\"relation\":\"head\",\"name\":\"测户主\",\"insured_medical\":true}");
	const int64_t incomes[2] = { income_before, income_year };
	for (int i = 0; i < 2; i++) {
		int year = YEAR_N - 1 + i;
		struct resp r;
		req(s, "PUT", fmt("/api/v1/households/%lld/guarantees/%d", (long long)id, year),
		    "{\"food\":{\"value\":true},\"clothing\":{\"value\":true}}", &r);
		EXPECT(r.status == 200, "guarantees %d: %ld %s", year, r.status, r.body);
		resp_free(&r);
		if (incomes[i] < 0)
			continue;
		req(s, "PUT", fmt("/api/v1/households/%lld/income/%d", (long long)id, year),
		    fmt("{\"wages\":%lld,\"production\":0,\"property\":0,\"transfers\":0,\"costs\":0}", (long long)incomes[i]),
		    &r);
		EXPECT(r.status == 200, "income %d: %ld %s", year, r.status, r.body);
		resp_free(&r);
	}
	return id;
}

/* POST path body as s; expects status (and code when not NULL); returns the reply JSON (caller frees). */
static json_t *post(const struct session *s, const char *path, const char *body, long status, const char *code,
		    const char *what)
{
	struct resp r;
	req(s, "POST", path, body, &r);
	if (code)
		expect_error(&r, status, code, what);
	else
		EXPECT(r.status == status, "%s: %ld, want %ld: %s", what, r.status, status, r.body);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

static void step(const struct session *s, int64_t id, const char *body, long status, const char *code, const char *what)
{
	json_decref(post(s, fmt("/api/v1/procedures/%lld/steps", (long long)id), body, status, code, what));
}

static const char *next_step(int64_t id)
{
	static char buf[64];
	json_t *c = get_json(&county, fmt("/api/v1/procedures/%lld", (long long)id), 200);
	snprintf(buf, sizeof(buf), "%s/%s", jstr(c, "status"), json_is_string(json_object_get(c, "step")) ? jstr(c, "step") : "-");
	json_decref(c);
	return buf;
}

static const char *hh_status(int64_t id)
{
	static char buf[64];
	json_t *h = get_json(&county, fmt("/api/v1/households/%lld", (long long)id), 200);
	snprintf(buf, sizeof(buf), "%s", jstr(h, "status"));
	json_decref(h);
	return buf;
}

static json_t *eligibility_item(int64_t id)
{
	json_t *l = get_json(&village, "/api/v1/exits/eligibility?division=" VILL_A "&year=" YEAR "&page_size=200", 200);
	json_t *found = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(l, "items"), i, it)
		if (jint(it, "household_id") == id)
			found = json_incref(it);
	json_decref(l);
	return found;
}

static bool condition_met(json_t *item, const char *code)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(item, "conditions"), i, c)
		if (!strcmp(jstr(c, "code"), code))
			return json_is_true(json_object_get(c, "met"));
	return false;
}

static void test_eligibility(void)
{
	/* the 2024 line is the national 4000 (2021 onwards): exactly at it is not above it */
	int64_t at_line = household("P-AT", "poor", VILL_A, true, 5000, 4000);
	int64_t missing = household("P-MISS", "poor", VILL_A, true, -1, 6000);
	int64_t unsafe = household("P-UNSAFE", "poor", VILL_A, false, 5000, 6000);
	int64_t good = household("P-GOOD", "poor", VILL_A, true, 4001, 6000);
	json_t *it = eligibility_item(at_line);
	EXPECT(it && json_is_false(json_object_get(it, "eligible")) && !condition_met(it, "income") &&
	       condition_met(it, "income_before"), "at the line: not eligible: %s", jd(it));
	json_decref(it);
	it = eligibility_item(missing);
	EXPECT(it && json_is_false(json_object_get(it, "eligible")) && !condition_met(it, "income_before") &&
	       condition_met(it, "income"), "a year missing: not eligible: %s", jd(it));
	json_decref(it);
	it = eligibility_item(unsafe);
	EXPECT(it && json_is_false(json_object_get(it, "eligible")) && !condition_met(it, "housing") &&
	       !condition_met(it, "water") && condition_met(it, "income"), "unsafe housing and water: %s", jd(it));
	json_decref(it);
	it = eligibility_item(good);
	EXPECT(it && json_is_true(json_object_get(it, "eligible")), "stably above with every guarantee: %s", jd(it));
	json_decref(it);
	/* an exit case refuses an ineligible household, naming why */
	json_t *e = post(&village, "/api/v1/procedures",
			 fmt("{\"kind\":\"exit\",\"household_id\":%lld,\"year\":" YEAR ",\"step\":\"group_appraisal\","
			     "\"votes\":{\"for\":9,\"against\":0,\"abstain\":1}}", (long long)unsafe),
			 409, "conflict", "exit of an ineligible household");
	const char *msg = json_string_value(json_object_get(json_object_get(e, "error"), "message_zh"));
	EXPECT(msg && strstr(msg, "住房") && strstr(msg, "饮水"), "the refusal names the unmet conditions: %s", msg);
	json_decref(e);
	/* the list needs a village and a year, in scope */
	struct resp r;
	req(&village, "GET", "/api/v1/exits/eligibility?division=" TOWN_A "&year=" YEAR, NULL, &r);
	expect_field_error(&r, 400, "missing_field", "division", "a township is not a village");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/exits/eligibility?division=" VILL_B "&year=" YEAR, NULL, &r);
	EXPECT(r.status == 404, "another township's village: %ld", r.status);
	resp_free(&r);
}

static void test_exit_steps(void)
{
	int64_t h = household("P-EXIT", "poor", VILL_A, true, 5000, 6000);
	char open[256];
	snprintf(open, sizeof(open), "{\"kind\":\"exit\",\"household_id\":%lld,\"year\":" YEAR
		 ",\"step\":\"group_appraisal\",\"votes\":{\"for\":9,\"against\":1,\"abstain\":0}}", (long long)h);
	json_decref(post(&grid, "/api/v1/procedures", open, 403, "forbidden", "a grid worker opens an exit"));
	json_decref(post(&townb, "/api/v1/procedures", open, 404, "not_found", "another township's user"));
	json_decref(post(&village, "/api/v1/procedures",
			 fmt("{\"kind\":\"exit\",\"household_id\":%lld,\"year\":" YEAR ",\"step\":\"group_appraisal\"}",
			     (long long)h), 400, "missing_field", "an appraisal without its vote"));
	json_t *c = post(&village, "/api/v1/procedures", open, 201, NULL, "the village opens the exit");
	int64_t id = jint(c, "id");
	EXPECT(!strcmp(jstr(c, "step"), "village_verify") && json_array_size(json_object_get(c, "steps")) == 1,
	       "opened at the next step: %s", jd(c));
	json_decref(c);
	json_decref(post(&village, "/api/v1/procedures", open, 409, "conflict", "a second open exit case"));
	EXPECT(!strcmp(hh_status(h), "poor"), "still poor while the case runs");

	step(&village, id, "{\"step\":\"group_appraisal\",\"votes\":{\"for\":9}}", 409, "conflict", "a repeated step");
	step(&village, id, "{\"step\":\"household_ack\",\"signed_form\":\"ack.jpg\"}", 409, "conflict", "a skipped step");
	step(&village, id, "{\"step\":\"village_verify\"}", 400, "missing_field", "verification without evidence");
	step(&village, id, "{\"step\":\"village_verify\",\"evidence\":[\"核实表.pdf\",\"照片.jpg\"]}", 200, NULL,
	     "the village verifies");
	step(&towna, id, "{\"step\":\"team_verify\",\"evidence\":[\"队核实.pdf\"]}", 403, "forbidden",
	     "the township takes the team's step");
	step(&cadre, id, "{\"step\":\"team_verify\",\"evidence\":[\"队核实.pdf\"]}", 200, NULL, "the resident team verifies");
	step(&village, id, "{\"step\":\"household_ack\",\"evidence\":[\"x.pdf\"]}", 400, "missing_field",
	     "acknowledgement without the signed form");
	step(&village, id, "{\"step\":\"household_ack\",\"signed_form\":\"认可表签字.jpg\"}", 200, NULL,
	     "the household acknowledges");
	step(&village, id, "{\"step\":\"notice\"}", 200, NULL, "the notice opens");
	step(&towna, id, "{\"step\":\"township_review\"}", 409, "conflict", "review while the notice runs");
	/* an objection during the notice sends the case back to verification */
	json_decref(post(&village, fmt("/api/v1/procedures/%lld/objections", (long long)id),
			 "{\"text\":\"该户儿子尚未就业，收入不稳定\",\"objector\":\"村民张某\"}", 200, NULL, "an objection"));
	EXPECT(!strcmp(next_step(id), "open/village_verify"), "back to verification: %s", next_step(id));
	json_decref(post(&village, fmt("/api/v1/procedures/%lld/objections", (long long)id), "{\"text\":\"再次\"}", 409,
			 "conflict", "an objection with no notice running"));
	step(&village, id, "{\"step\":\"village_verify\",\"evidence\":[\"复核.pdf\"]}", 200, NULL, "verified again");
	step(&cadre, id, "{\"step\":\"team_verify\",\"evidence\":[\"复核2.pdf\"]}", 200, NULL, "team again");
	step(&village, id, "{\"step\":\"household_ack\",\"signed_form\":\"认可表2.jpg\"}", 200, NULL, "acknowledged again");
	step(&village, id, "{\"step\":\"notice\"}", 200, NULL, "the notice again");
	around_notice(id, -3600);
	step(&towna, id, "{\"step\":\"township_review\"}", 409, "conflict", "an hour before the notice ends");
	around_notice(id, 2);
	step(&village, id, "{\"step\":\"township_review\"}", 403, "forbidden", "the village reviews itself");
	step(&towna, id, "{\"step\":\"township_review\",\"note\":\"审核通过\"}", 200, NULL, "the township reviews");
	step(&towna, id, "{\"step\":\"county_approval\"}", 403, "forbidden", "the township approves");
	step(&county, id, "{\"step\":\"county_approval\"}", 200, NULL, "the county approves");
	EXPECT(!strcmp(hh_status(h), "poor"), "not exited before the announcement");
	step(&county, id, "{\"step\":\"announcement\"}", 200, NULL, "the county announces");
	EXPECT(!strcmp(next_step(id), "done/-"), "the case is done: %s", next_step(id));
	json_t *hh = get_json(&county, fmt("/api/v1/households/%lld", (long long)h), 200);
	EXPECT(!strcmp(jstr(hh, "status"), "exited_enjoying") && jint(hh, "exited_year") == YEAR_N,
	       "exited that year: %s", jd(hh));
	json_decref(hh);
	step(&county, id, "{\"step\":\"announcement\"}", 409, "conflict", "a step after the end");
	/* the log: 14 steps taken and one objection, with votes, evidence and who */
	json_t *full = get_json(&county, fmt("/api/v1/procedures/%lld", (long long)id), 200);
	json_t *steps = json_object_get(full, "steps");
	EXPECT(json_array_size(steps) == 13 && jint(full, "objections") == 1, "13 rows in the log: %s", jd(full));
	json_t *first = json_array_get(steps, 0);
	EXPECT(jint(json_object_get(first, "votes"), "for") == 9 && !strcmp(jstr(first, "username"), "prvillage"),
	       "the vote and who: %s", jd(first));
	json_decref(full);
	/* the history names the procedure */
	json_t *hist = get_json(&county, fmt("/api/v1/households/%lld/history", (long long)h), 200);
	EXPECT(strstr(jd(hist), "exited_enjoying") && strstr(jd(hist), "贫困户退出"), "history: %s", jd(hist));
	json_decref(hist);
	/* out of scope: township B sees nothing of it */
	struct resp r;
	req(&townb, "GET", fmt("/api/v1/procedures/%lld", (long long)id), NULL, &r);
	EXPECT(r.status == 404, "township B reads the case: %ld", r.status);
	resp_free(&r);
	json_t *l = get_json(&townb, "/api/v1/procedures?kind=exit", 200);
	EXPECT(jint(l, "total") == 0, "township B lists no exit case: %s", jd(l));
	json_decref(l);
	l = get_json(&towna, "/api/v1/procedures?kind=exit&status=done", 200);
	EXPECT(jint(l, "total") == 1, "township A lists the done case: %s", jd(l));
	json_decref(l);
}

static void test_failed_vote_and_withdraw(void)
{
	int64_t h = household("P-IDENT", "not_registered", VILL_A, false, 2000, 2500);
	char open[256];
	snprintf(open, sizeof(open), "{\"kind\":\"identification\",\"household_id\":%lld,\"year\":" YEAR
		 ",\"step\":\"apply\",\"source\":\"apply\"}", (long long)h);
	json_t *c = post(&grid, "/api/v1/procedures", open, 201, NULL, "a grid worker files the application");
	int64_t id = jint(c, "id");
	json_decref(c);
	step(&village, id, "{\"step\":\"village_appraisal\",\"votes\":{\"for\":4,\"against\":3,\"abstain\":1}}", 200, NULL,
	     "half is not a majority");
	EXPECT(!strcmp(next_step(id), "rejected/-"), "rejected by the vote: %s", next_step(id));
	EXPECT(!strcmp(hh_status(h), "not_registered"), "still not registered");
	c = post(&grid, "/api/v1/procedures", open, 201, NULL, "a new application after the rejection");
	id = jint(c, "id");
	json_decref(c);
	json_decref(post(&village, fmt("/api/v1/procedures/%lld/withdraw", (long long)id), "{\"reason\":\"农户撤回申请\"}",
			 200, NULL, "withdrawn"));
	EXPECT(!strcmp(next_step(id), "withdrawn/-"), "withdrawn: %s", next_step(id));
	step(&village, id, "{\"step\":\"village_appraisal\",\"votes\":{\"for\":8}}", 409, "conflict", "a step after withdrawal");
	/* the whole way to registered poor */
	c = post(&grid, "/api/v1/procedures", open, 201, NULL, "a third application");
	id = jint(c, "id");
	json_decref(c);
	step(&village, id, "{\"step\":\"village_appraisal\",\"votes\":{\"for\":8,\"against\":1}}", 200, NULL, "appraised");
	step(&village, id, "{\"step\":\"first_notice\"}", 200, NULL, "first notice");
	around_notice(id, 2);
	step(&towna, id, "{\"step\":\"township_review\"}", 200, NULL, "reviewed");
	step(&towna, id, "{\"step\":\"second_notice\"}", 200, NULL, "second notice");
	around_notice(id, 2);
	step(&county, id, "{\"step\":\"county_approval\"}", 200, NULL, "approved");
	step(&county, id, "{\"step\":\"announcement\"}", 200, NULL, "announced");
	EXPECT(!strcmp(hh_status(h), "poor"), "registered poor: %s", hh_status(h));
}

static void test_batch(void)
{
	int64_t a = household("P-BAT1", "poor", VILL_A, true, 5000, 6000);
	int64_t b = household("P-BAT2", "poor", VILL_A, true, 5000, 6000);
	int64_t other = household("P-BATB", "poor", VILL_B, true, 5000, 6000);
	const char *votes = "\"votes\":{\"for\":20,\"against\":2,\"abstain\":1}";
	json_decref(post(&townb, "/api/v1/procedure-batches",
			 fmt("{\"kind\":\"exit\",\"division\":\"" VILL_B "\",\"year\":" YEAR ",\"name\":\"x\","
			     "\"household_ids\":[%lld],\"step\":\"group_appraisal\",%s}", (long long)other, votes),
			 403, "forbidden", "a township takes the group appraisal"));
	json_decref(post(&village, "/api/v1/procedure-batches",
			 fmt("{\"kind\":\"exit\",\"division\":\"" VILL_A "\",\"year\":" YEAR ",\"name\":\"x\","
			     "\"household_ids\":[%lld,%lld],\"step\":\"group_appraisal\",%s}", (long long)a, (long long)other,
			     votes), 404, "not_found", "a household of another village in the batch"));
	json_t *bt = post(&village, "/api/v1/procedure-batches",
			  fmt("{\"kind\":\"exit\",\"division\":\"" VILL_A "\",\"year\":" YEAR ",\"name\":\"2025年第一批拟退出户\","
			      "\"household_ids\":[%lld,%lld],\"step\":\"group_appraisal\",%s}", (long long)a, (long long)b, votes),
			  201, NULL, "the village's batch");
	int64_t batch = jint(bt, "id");
	EXPECT(jint(bt, "cases") == 2 && !strcmp(jstr(bt, "step"), "village_verify"), "two cases at village_verify: %s",
	       jd(bt));
	json_decref(bt);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/procedure-batches/%lld/steps", (long long)batch);
	json_decref(post(&village, path, "{\"step\":\"village_verify\",\"evidence\":[\"全村核实表.pdf\"]}", 200, NULL,
			 "the batch verified at once"));
	json_t *cases = get_json(&village, fmt("/api/v1/procedures?batch_id=%lld", (long long)batch), 200);
	int64_t first = jint(json_array_get(json_object_get(cases, "items"), 0), "id");
	EXPECT(jint(cases, "total") == 2, "two cases in the batch: %s", jd(cases));
	json_decref(cases);
	/* one case moves alone; the batch step then refuses, and changes nothing */
	step(&cadre, first, "{\"step\":\"team_verify\",\"evidence\":[\"t.pdf\"]}", 200, NULL, "one case alone");
	json_decref(post(&cadre, path, "{\"step\":\"team_verify\",\"evidence\":[\"t.pdf\"]}", 409, "conflict",
			 "a batch step one case has taken"));
	int at_team = 0;
	cases = get_json(&village, fmt("/api/v1/procedures?batch_id=%lld", (long long)batch), 200);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(cases, "items"), i, it)
		at_team += !strcmp(jstr(it, "step"), "team_verify");
	EXPECT(at_team == 1, "the other case is still at team_verify: %s", jd(cases));
	json_decref(cases);
	json_t *bl = get_json(&village, "/api/v1/procedure-batches?kind=exit", 200);
	EXPECT(jint(bl, "total") == 1, "the batch is listed: %s", jd(bl));
	json_decref(bl);
}

/* A township's 集中排查: a monitoring batch of its households (categories by status), each verified in
 * its village, then reviewed and decided together; an exit batch stays a village's. */
static void test_monitoring_batch(void)
{
	int64_t edge = household("P-MB-U", "not_registered", VILL_A, true, 6000, 6200);
	int64_t poor = household("P-MB-P", "poor", VILL_A, true, 3000, 3000);
	int64_t ex = create(&admin, "/api/v1/households",
			    "{\"household_no\":\"P-MB-EX\",\"head_name\":\"测监\",\"division\":\"" VILL_A "\","
			    "\"status\":\"exited_enjoying\",\"attribute\":\"general\",\"main_cause\":\"illness\","
			    "\"identified_year\":2014,\"exited_year\":2019}");
	create(&county, fmt("/api/v1/households/%lld/members", (long long)ex),
	       "{\"relation\":\"head\",\"name\":\"测监户主\",\"insured_medical\":true}");
	json_decref(post(&towna, "/api/v1/procedure-batches",
			 fmt("{\"kind\":\"exit\",\"division\":\"" TOWN_A "\",\"year\":" YEAR ",\"name\":\"x\","
			     "\"household_ids\":[%lld],\"step\":\"group_appraisal\",\"votes\":{\"for\":5}}", (long long)poor),
			 400, "validation", "an exit batch of a township"));
	json_decref(post(&towna, "/api/v1/procedure-batches",
			 fmt("{\"kind\":\"monitoring\",\"division\":\"" TOWN_A "\",\"year\":" YEAR ",\"name\":\"x\","
			     "\"household_ids\":[%lld,%lld],\"step\":\"declare\"}", (long long)edge, (long long)poor),
			 400, "validation", "a registered poor household has no monitoring category by its status"));
	json_decref(post(&townb, "/api/v1/procedure-batches",
			 fmt("{\"kind\":\"monitoring\",\"division\":\"" TOWN_A "\",\"year\":" YEAR ",\"name\":\"x\","
			     "\"household_ids\":[%lld],\"step\":\"declare\"}", (long long)edge), 400, "validation",
			 "another township's 集中排查"));
	json_t *bt = post(&towna, "/api/v1/procedure-batches",
			  fmt("{\"kind\":\"monitoring\",\"division\":\"" TOWN_A "\",\"year\":" YEAR ",\"name\":\"集中排查\","
			      "\"source\":\"recheck\",\"household_ids\":[%lld,%lld],\"step\":\"declare\"}", (long long)edge,
			      (long long)ex), 201, NULL, "the township's 集中排查 batch");
	int64_t batch = jint(bt, "id");
	EXPECT(jint(bt, "cases") == 2 && !strcmp(jstr(bt, "step"), "home_verify"), "two cases at home_verify: %s", jd(bt));
	json_decref(bt);
	json_t *cases = get_json(&towna, fmt("/api/v1/procedures?batch_id=%lld", (long long)batch), 200);
	int64_t ids[2] = { 0, 0 };
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(cases, "items"), i, it) {
		int64_t h = jint(it, "household_id");
		const char *want = h == edge ? "marginal" : "unstable";
		EXPECT(i < 2 && !strcmp(jstr(it, "category"), want) && !strcmp(jstr(it, "source"), "recheck"),
		       "the category by status and the source: %s", jd(it));
		if (i < 2)
			ids[i] = jint(it, "id");
	}
	json_decref(cases);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/procedure-batches/%lld/steps", (long long)batch);
	json_decref(post(&towna, path, "{\"step\":\"home_verify\",\"evidence\":[\"a.pdf\"]}", 403, "forbidden",
			 "the township does not verify at home"));
	for (int k = 0; k < 2; k++) {
		step(&grid, ids[k], "{\"step\":\"home_verify\",\"evidence\":[\"入户核实.jpg\"]}", 200, NULL, "verified");
		step(&village, ids[k], "{\"step\":\"village_appraisal\",\"votes\":{\"for\":7}}", 200, NULL, "appraised");
		step(&village, ids[k], "{\"step\":\"notice\"}", 200, NULL, "notice");
	}
	around_notice(ids[0], 2);
	around_notice(ids[1], 2);
	json_t *tr = post(&towna, path, "{\"step\":\"township_review\"}", 200, NULL, "the township reviews the batch");
	EXPECT(jint(tr, "taken") == 2, "both reviewed: %s", jd(tr));
	json_decref(tr);
	json_decref(post(&county, path, "{\"step\":\"county_approval\"}", 200, NULL, "the county decides the batch"));
	const int64_t hhs[2] = { edge, ex };
	for (int k = 0; k < 2; k++) {
		json_t *m = get_json(&county, fmt("/api/v1/monitoring?household_id=%lld", (long long)hhs[k]), 200);
		EXPECT(jint(m, "total") == 1, "monitored: %s", jd(m));
		json_decref(m);
	}
}

static void test_monitoring(void)
{
	int64_t h = household("P-MON", "not_registered", VILL_A, true, 7000, 6500);
	json_decref(post(&grid, "/api/v1/procedures",
			 fmt("{\"kind\":\"monitoring\",\"household_id\":%lld,\"year\":" YEAR ",\"step\":\"declare\"}", (long long)h),
			 400, "missing_field", "monitoring without its category"));
	json_t *c = post(&grid, "/api/v1/procedures",
			 fmt("{\"kind\":\"monitoring\",\"household_id\":%lld,\"year\":" YEAR ",\"step\":\"declare\","
			     "\"source\":\"visit\",\"category\":\"sudden\",\"note\":\"户主重病住院\"}", (long long)h),
			 201, NULL, "a grid worker reports a risk");
	int64_t id = jint(c, "id");
	json_decref(c);
	step(&grid, id, "{\"step\":\"home_verify\",\"evidence\":[\"入户核实.jpg\"]}", 200, NULL, "home verification");
	step(&village, id, "{\"step\":\"village_appraisal\",\"votes\":{\"for\":7,\"against\":0,\"abstain\":0}}", 200, NULL,
	     "appraisal");
	step(&village, id, "{\"step\":\"notice\"}", 200, NULL, "notice");
	around_notice(id, 2);
	step(&towna, id, "{\"step\":\"township_review\"}", 200, NULL, "township");
	step(&county, id, "{\"step\":\"county_approval\"}", 200, NULL, "county: monitored");
	json_t *m = get_json(&county, fmt("/api/v1/monitoring?household_id=%lld", (long long)h), 200);
	json_t *mc = json_array_get(json_object_get(m, "items"), 0);
	EXPECT(jint(m, "total") == 1 && !strcmp(jstr(mc, "category"), "sudden") &&
	       json_is_null(json_object_get(mc, "eliminated_on")), "one open monitoring case: %s", jd(m));
	json_decref(m);
	json_decref(post(&grid, "/api/v1/procedures",
			 fmt("{\"kind\":\"monitoring\",\"household_id\":%lld,\"year\":" YEAR ",\"step\":\"declare\","
			     "\"category\":\"sudden\"}", (long long)h), 409, "conflict", "monitored already"));
	char elim[256];
	snprintf(elim, sizeof(elim), "{\"kind\":\"elimination\",\"household_id\":%lld,\"year\":" YEAR
		 ",\"step\":\"propose\",\"category\":\"natural\"}", (long long)h);
	json_decref(post(&village, "/api/v1/procedures", elim, 409, "conflict", "elimination within six months"));
	advance_days(184);
	c = post(&village, "/api/v1/procedures", elim, 201, NULL, "elimination after six months");
	id = jint(c, "id");
	json_decref(c);
	step(&village, id, "{\"step\":\"home_verify\",\"evidence\":[\"收入核实.pdf\"]}", 200, NULL, "verified");
	step(&village, id, "{\"step\":\"village_appraisal\",\"votes\":{\"for\":6,\"against\":1}}", 200, NULL, "appraised");
	step(&village, id, "{\"step\":\"notice\"}", 200, NULL, "notice");
	around_notice(id, 2);
	step(&towna, id, "{\"step\":\"township_review\"}", 200, NULL, "township");
	step(&county, id, "{\"step\":\"county_approval\"}", 200, NULL, "county: eliminated");
	m = get_json(&county, fmt("/api/v1/monitoring?household_id=%lld", (long long)h), 200);
	mc = json_array_get(json_object_get(m, "items"), 0);
	EXPECT(json_is_string(json_object_get(mc, "eliminated_on")), "the case is closed: %s", jd(m));
	json_decref(m);
}

static void test_kinds(void)
{
	json_t *k = get_json(&grid, "/api/v1/procedure-kinds", 200);
	json_t *items = json_object_get(k, "items");
	EXPECT(json_array_size(items) == 6, "six kinds: %s", jd(k));
	json_t *exit_kind = json_array_get(items, 1);
	json_t *notice = json_array_get(json_object_get(exit_kind, "steps"), 4);
	EXPECT(!strcmp(jstr(exit_kind, "kind"), "exit") && jint(notice, "notice_days") == 7 &&
	       !strcmp(jstr(notice, "objection_back_to"), "village_verify"), "the exit notice: %s", jd(notice));
	json_decref(k);
}

/* The largest-remainder share of want for a stratum of n among total (the others given). */
static int64_t total_of(const struct session *s, const char *query)
{
	json_t *l = get_json(s, fmt("/api/v1/households?%s&page_size=1", query), 200);
	int64_t n = jint(l, "total");
	json_decref(l);
	return n;
}

static void test_sampling(void)
{
	for (int i = 0; i < 5; i++) {
		household(fmt("P-SB-U%d", i), "not_registered", VILL_B, true, 9000, 9000);
		household(fmt("P-SA-U%d", i), "not_registered", VILL_A, true, 9000, 9000);
	}
	household("P-SB-R", "poor", VILL_B, true, 3000, 3000);
	int64_t ta = total_of(&county, "status=not_registered&division=" TOWN_A);
	int64_t tb = total_of(&county, "status=not_registered&division=" TOWN_B);
	int64_t want = 5;
	/* the expected split by largest remainder */
	double qa = (double)want * ta / (double)(ta + tb), qb = (double)want * tb / (double)(ta + tb);
	int64_t ea = (int64_t)qa, eb = (int64_t)qb;
	if (ea + eb < want) {
		if (qa - ea >= qb - eb)
			ea++;
		else
			eb++;
	}
	const char *body = "{\"name\":\"2025年第三方评估抽查\",\"division\":\"" COUNTY "\",\"year\":" YEAR ",\"seed\":7,"
			   "\"registered\":3,\"exited\":50,\"unregistered\":5}";
	json_decref(post(&towna, "/api/v1/samplings", body, 400, "validation", "a township draws for the county"));
	json_t *s = post(&county, "/api/v1/samplings", body, 201, NULL, "the county draws a sample");
	int64_t id = jint(s, "id");
	json_t *f = json_object_get(s, "figures");
	int64_t exited_total = total_of(&county, "status=exited_enjoying");
	EXPECT(jint(f, "registered") == 3 && jint(f, "unregistered") == 5 && jint(f, "exited") == exited_total,
	       "3 registered, 5 unregistered, every exited household (%lld): %s", (long long)exited_total, jd(s));
	json_decref(s);
	json_t *full = get_json(&county, fmt("/api/v1/samplings/%lld", (long long)id), 200);
	int64_t got_a = 0, got_b = 0;
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(full, "townships"), i, t) {
		int64_t u = jint(json_object_get(t, "figures"), "unregistered");
		if (!strcmp(jstr(t, "township"), TOWN_A))
			got_a = u;
		else if (!strcmp(jstr(t, "township"), TOWN_B))
			got_b = u;
	}
	EXPECT(got_a == ea && got_b == eb, "stratified by township: A %lld of %lld (want %lld), B %lld of %lld (want %lld)",
	       (long long)got_a, (long long)ta, (long long)ea, (long long)got_b, (long long)tb, (long long)eb);
	json_decref(full);
	/* the same seed gives the same households */
	json_t *again = post(&county, "/api/v1/samplings", body, 201, NULL, "the same seed again");
	int64_t id2 = jint(again, "id");
	json_decref(again);
	json_t *s1 = get_json(&county, fmt("/api/v1/samplings/%lld/households?page_size=200", (long long)id), 200);
	json_t *s2 = get_json(&county, fmt("/api/v1/samplings/%lld/households?page_size=200", (long long)id2), 200);
	bool same = jint(s1, "total") == jint(s2, "total") && jint(s1, "total") > 0;
	json_array_foreach(json_object_get(s1, "items"), i, t)
		same = same && jint(json_array_get(json_object_get(s2, "items"), i), "household_id") == jint(t, "household_id");
	EXPECT(same, "reproducible: %s vs %s", jd(s1), jd(s2));
	json_decref(s2);
	/* findings: one wrong exit; recognition 1 of 2; one unregistered should be in */
	int64_t exited = 0, unreg = 0, reg = 0;
	json_array_foreach(json_object_get(s1, "items"), i, t) {
		const char *g = jstr(t, "group");
		int64_t h = jint(t, "household_id");
		if (!strcmp(g, "exited") && !exited)
			exited = h;
		else if (!strcmp(g, "unregistered") && !unreg)
			unreg = h;
		else if (!strcmp(g, "registered") && !reg)
			reg = h;
	}
	json_decref(s1);
	const char *base = fmt("/api/v1/samplings/%lld/households/", (long long)id);
	char path[128];
	snprintf(path, sizeof(path), "%s%lld", base, (long long)reg);
	struct resp r;
	req(&county, "PUT", path, "{\"rightly_exited\":false}", &r);
	expect_field_error(&r, 400, "validation", "rightly_exited", "rightly_exited of a registered household");
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/samplings/%lld/households/%lld", (long long)id, (long long)exited);
	req(&county, "PUT", path, "{\"rightly_exited\":false,\"recognises\":true,\"note\":\"收入不稳定\"}", &r);
	EXPECT(r.status == 200, "a wrong exit: %ld %s", r.status, r.body);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/samplings/%lld/households/%lld", (long long)id, (long long)unreg);
	req(&county, "PUT", path, "{\"should_be_in\":true,\"recognises\":false}", &r);
	EXPECT(r.status == 200, "a missed household: %ld %s", r.status, r.body);
	f = json_object_get(r.json, "figures");
	json_t *we = json_object_get(f, "wrong_exit"), *rec = json_object_get(f, "recognition"),
	       *missed = json_object_get(f, "missed");
	EXPECT(jint(we, "count") == 1 && jint(we, "of") == 1, "wrong exits 1 of 1: %s", jd(f));
	EXPECT(jint(missed, "count") == 1 && jint(missed, "of") == 1, "missed 1 of 1: %s", jd(f));
	double rate = json_real_value(json_object_get(rec, "rate")), lo = json_real_value(json_object_get(rec, "low")),
	       hi = json_real_value(json_object_get(rec, "high"));
	EXPECT(jint(rec, "count") == 1 && jint(rec, "of") == 2 && rate == 50.0 && lo > 9.3 && lo < 9.7 && hi > 90.3 &&
	       hi < 90.7, "recognition 1 of 2 = 50 %% [9.5, 90.5]: %s", jd(rec));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/samplings/%lld/households/999999", (long long)id);
	req(&county, "PUT", path, "{\"recognises\":true}", &r);
	EXPECT(r.status == 404, "a household not in the sample: %ld", r.status);
	resp_free(&r);
	req(&townb, "GET", fmt("/api/v1/samplings/%lld", (long long)id), NULL, &r);
	EXPECT(r.status == 404, "a township reads the county's sample: %ld", r.status);
	resp_free(&r);
	/* the findings feed 回头看: the missed household (its income well above the lines) is listed for them */
	json_t *c = post(&county, "/api/v1/rechecks", "{\"name\":\"抽查后回头看\",\"division\":\"" COUNTY "\",\"year\":" YEAR "}",
			 201, NULL, "a campaign after the audit");
	json_t *l = get_json(&county, fmt("/api/v1/rechecks/%lld/households?page_size=200", (long long)jint(c, "id")), 200);
	const char *why_unreg = NULL, *why_exited = NULL;
	json_array_foreach(json_object_get(l, "items"), i, t) {
		if (jint(t, "household_id") == unreg)
			why_unreg = jstr(t, "reason");
		else if (jint(t, "household_id") == exited)
			why_exited = jstr(t, "reason");
	}
	EXPECT(why_unreg && !strcmp(why_unreg, "sampling_finding"), "the audit's missed household is re-checked: %s", jd(l));
	EXPECT(why_exited != NULL, "the audit's wrong exit is re-checked: %s", jd(l));
	EXPECT(jint(l, "total") < 200, "the list fits the page: %lld", (long long)jint(l, "total"));
	json_decref(l);
	json_decref(c);
}

static void test_recheck(void)
{
	int64_t low = household("P-RC-LOW", "poor", VILL_A, true, 3500, 3500);
	int64_t missed = household("P-RC-U", "not_registered", VILL_A, true, 3000, 3000);
	int64_t well = household("P-RC-WELL", "poor", VILL_A, true, 9000, 9000);
	int64_t exited = create(&admin, "/api/v1/households",
				"{\"household_no\":\"P-RC-EX\",\"head_name\":\"测退\",\"division\":\"" VILL_A "\","
				"\"status\":\"exited_enjoying\",\"attribute\":\"general\",\"main_cause\":\"illness\","
				"\"identified_year\":2014,\"exited_year\":2019}");
	create(&county, fmt("/api/v1/households/%lld/members", (long long)exited), "{\"relation\":\"head\",\"name\":\"测\"}");
	struct resp r;
	req(&county, "PUT", fmt("/api/v1/households/%lld/income/" YEAR, (long long)exited),
	    "{\"wages\":5000,\"production\":0,\"property\":0,\"transfers\":0,\"costs\":0}", &r);
	EXPECT(r.status == 200, "income of the exited household: %ld %s", r.status, r.body);
	resp_free(&r);
	/* a household without a head: a data check's error (household_no_head), its income well above */
	int64_t nohead = create(&towna, "/api/v1/households",
				"{\"household_no\":\"P-RC-NOHEAD\",\"head_name\":\"测无户主\",\"division\":\"" VILL_A "\","
				"\"status\":\"not_registered\"}");
	create(&towna, fmt("/api/v1/households/%lld/members", (long long)nohead),
	       "{\"relation\":\"son\",\"name\":\"测之子\",\"insured_medical\":true}");
	req(&towna, "PUT", fmt("/api/v1/households/%lld/income/" YEAR, (long long)nohead),
	    "{\"wages\":90000,\"production\":0,\"property\":0,\"transfers\":0,\"costs\":0}", &r);
	resp_free(&r);
	/* a household a visit of the year flagged: a follow-up to do */
	int64_t visited = household("P-RC-VISIT", "not_registered", VILL_A, true, 9000, 9000);
	int64_t cadre_person = create(&towna, "/api/v1/people", "{\"name\":\"测干部\",\"division\":\"" TOWN_A "\"}");
	create(&county, "/api/v1/visits",
	       fmt("{\"person_id\":%lld,\"household_id\":%lld,\"visited_on\":\"" YEAR "-06-10\",\"kind\":\"home\","
		   "\"purpose\":\"走访\",\"follow_up\":\"户主摔伤住院，需核实收入\"}", (long long)cadre_person, (long long)visited));
	json_t *c = post(&county, "/api/v1/rechecks",
			 "{\"name\":\"2025年防返贫回头看\",\"division\":\"" COUNTY "\",\"year\":" YEAR "}", 201, NULL,
			 "the county opens a campaign");
	int64_t id = jint(c, "id");
	json_decref(c);
	json_t *l = get_json(&county, fmt("/api/v1/rechecks/%lld/households?page_size=200", (long long)id), 200);
	const char *why_low = NULL, *why_missed = NULL, *why_exited = NULL, *why_nohead = NULL, *why_visit = NULL;
	bool well_listed = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(l, "items"), i, it) {
		int64_t h = jint(it, "household_id");
		if (h == low)
			why_low = jstr(it, "reason");
		else if (h == missed)
			why_missed = jstr(it, "reason");
		else if (h == exited)
			why_exited = jstr(it, "reason");
		else if (h == nohead)
			why_nohead = jstr(it, "reason");
		else if (h == visited)
			why_visit = jstr(it, "reason");
		well_listed = well_listed || h == well;
	}
	EXPECT(why_low && !strcmp(why_low, "registered_low_income"), "the poor household under the line: %s", jd(l));
	EXPECT(why_missed && !strcmp(why_missed, "unregistered_low_income"), "a possibly missed household: %s", jd(l));
	EXPECT(why_exited && !strcmp(why_exited, "exited_under_monitoring_line"), "an exited one under 6000: %s", jd(l));
	EXPECT(!well_listed, "a household well above the lines is not listed");
	EXPECT(why_nohead && !strcmp(why_nohead, "check_error"), "a data check's error lists its household: %s", jd(l));
	EXPECT(why_visit && !strcmp(why_visit, "visit_flagged"), "a visit's follow-up lists its household: %s", jd(l));
	json_decref(l);
	const char *path = fmt("/api/v1/rechecks/%lld/households/%lld", (long long)id, (long long)missed);
	req(&towna, "PUT", path, "{\"finding\":\"maybe\"}", &r);
	expect_field_error(&r, 400, "validation", "finding", "an unknown finding");
	resp_free(&r);
	req(&towna, "PUT", path, "{\"finding\":\"missed\",\"action\":\"启动识别程序\"}", &r);
	EXPECT(r.status == 200, "township A records a finding: %ld %s", r.status, r.body);
	resp_free(&r);
	json_t *g = get_json(&county, fmt("/api/v1/rechecks/%lld", (long long)id), 200);
	json_t *ta = NULL;
	json_array_foreach(json_object_get(g, "townships"), i, it)
		if (!strcmp(jstr(it, "township"), TOWN_A))
			ta = it;
	EXPECT(jint(g, "done") == 1 && jint(g, "missed") == 1 && ta && jint(ta, "done") == 1, "progress: %s", jd(g));
	json_decref(g);
	/* township B works its own part of the county's campaign: its households only */
	l = get_json(&townb, fmt("/api/v1/rechecks/%lld/households?page_size=200", (long long)id), 200);
	bool foreign = false;
	json_array_foreach(json_object_get(l, "items"), i, it)
		foreign = foreign || strncmp(jstr(it, "division"), TOWN_B, 9);
	EXPECT(jint(l, "total") >= 1 && !foreign, "township B lists only its households: %s", jd(l));
	json_decref(l);
	req(&townb, "GET", "/api/v1/rechecks/999999", NULL, &r);
	EXPECT(r.status == 404, "no such campaign: %ld", r.status);
	resp_free(&r);
	req(&townb, "PUT", path, "{\"finding\":\"fine\"}", &r);
	EXPECT(r.status == 404, "township B records a finding there: %ld", r.status);
	resp_free(&r);
}

static void test_place_exit(void)
{
	struct resp r;
	req(&admin, "PATCH", "/api/v1/divisions/" VILL_A2, "{\"poor_village\":true,\"population\":1000}", &r);
	EXPECT(r.status == 200, "a poor village of 1000 people: %ld %s", r.status, r.body);
	resp_free(&r);
	household("P-VX-1", "poor", VILL_A2, true, 3000, 3000);   /* 1 poor person: 0.1 % */
	const char *open = "{\"kind\":\"village_exit\",\"division\":\"" VILL_A2 "\",\"year\":" YEAR ","
			   "\"step\":\"township_propose\",\"evidence\":[\"退出申请.pdf\"]}";
	json_t *e = post(&towna, "/api/v1/procedures", open, 409, "conflict", "village exit before its conditions");
	const char *msg = json_string_value(json_object_get(json_object_get(e, "error"), "message_zh"));
	EXPECT(msg && strstr(msg, "通硬化路") && !strstr(msg, "贫困发生率"), "the unmet conditions, not the incidence: %s", msg);
	json_decref(e);
	req(&towna, "PUT", "/api/v1/exits/villages/" VILL_A2 "/conditions/" YEAR, "{\"road\":{\"met\":\"yes\"}}", &r);
	expect_field_error(&r, 400, "validation", "road", "a condition's met is a boolean");
	resp_free(&r);
	/* what the settings page edits: each recorded condition says whether it was entered, and its note */
	req(&towna, "PUT", "/api/v1/exits/villages/" VILL_A2 "/conditions/" YEAR, "{\"road\":{\"met\":false,\"note\":\"在建\"}}",
	    &r);
	json_t *road = NULL, *clinic = NULL, *inc = NULL;
	size_t k;
	json_t *cd;
	json_array_foreach(json_object_get(r.json, "conditions"), k, cd) {
		road = !strcmp(jstr(cd, "code"), "road") ? cd : road;
		clinic = !strcmp(jstr(cd, "code"), "clinic") ? cd : clinic;
		inc = !strcmp(jstr(cd, "code"), "incidence") ? cd : inc;
	}
	EXPECT(r.status == 200 && road && json_is_true(json_object_get(road, "recorded")) &&
	       json_is_false(json_object_get(road, "met")) && !strcmp(jstr(road, "note"), "在建") && clinic &&
	       json_is_false(json_object_get(clinic, "recorded")) && json_is_null(json_object_get(clinic, "note")) && inc &&
	       !json_object_get(inc, "recorded"), "recorded and note of the village's conditions: %s", r.body);
	resp_free(&r);
	req(&grid, "PUT", "/api/v1/exits/villages/" VILL_A2 "/conditions/" YEAR, "{\"road\":{\"met\":true}}", &r);
	EXPECT(r.status == 404, "a grid worker of another village: %ld", r.status);
	resp_free(&r);
	req(&towna, "PUT", "/api/v1/exits/villages/" VILL_A2 "/conditions/" YEAR,
	    "{\"collective_income\":{\"met\":true,\"note\":\"村集体年收入 5.2 万元\"},\"road\":{\"met\":true},"
	    "\"water\":{\"met\":true},\"electricity\":{\"met\":true},\"broadband\":{\"met\":true},"
	    "\"clinic\":{\"met\":true},\"service_centre\":{\"met\":true}}", &r);
	EXPECT(r.status == 200 && json_is_true(json_object_get(r.json, "eligible")), "every condition met: %s", r.body);
	json_t *fig = json_object_get(r.json, "figures");
	EXPECT(jint(fig, "population") == 1000 && jint(fig, "poor_people") == 1, "incidence 1 of 1000: %s", jd(fig));
	resp_free(&r);
	json_t *l = get_json(&towna, "/api/v1/exits/villages?division=" TOWN_A "&year=" YEAR, 200);
	json_t *v = json_array_get(json_object_get(l, "items"), 0);
	EXPECT(jint(l, "total") == 1 && !strcmp(jstr(v, "division"), VILL_A2) && json_is_true(json_object_get(v, "eligible")),
	       "the poor villages of township A: %s", jd(l));
	json_decref(l);
	json_t *c = post(&towna, "/api/v1/procedures", open, 201, NULL, "the township proposes the village's exit");
	int64_t id = jint(c, "id");
	EXPECT(json_is_null(json_object_get(c, "household_id")) && !strcmp(jstr(c, "step"), "county_review"),
	       "a place's case: %s", jd(c));
	json_decref(c);
	json_decref(post(&towna, "/api/v1/procedures", open, 409, "conflict", "a second open village exit"));
	step(&county, id, "{\"step\":\"county_review\"}", 200, NULL, "county review");
	step(&county, id, "{\"step\":\"city_review\"}", 400, "missing_field", "the city's reply is on file");
	step(&county, id, "{\"step\":\"city_review\",\"evidence\":[\"市扶贫办批复.pdf\"]}", 200, NULL, "city review");
	step(&county, id, "{\"step\":\"province_verify\",\"evidence\":[\"省核查意见.pdf\"]}", 200, NULL, "province");
	step(&county, id, "{\"step\":\"notice\"}", 200, NULL, "notice in the township");
	around_notice(id, 2);
	step(&county, id, "{\"step\":\"approval\",\"evidence\":[\"批准退出文件.pdf\"]}", 200, NULL, "approved");
	json_t *d = get_json(&county, "/api/v1/divisions/" VILL_A2, 200);
	EXPECT(jint(d, "poverty_exit_year") == YEAR_N, "the village exited that year: %s", jd(d));
	json_decref(d);
	json_decref(post(&towna, "/api/v1/procedures", open, 409, "conflict", "a village that exited already"));
	/* the county's evidence: its conditions, exits by year, villages, open cases */
	json_t *rep = get_json(&county, "/api/v1/exits/county-report?division=" COUNTY "&year=" YEAR, 200);
	bool incidence = false, wrong = false, recog = false, village_listed = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(rep, "conditions"), i, it) {
		incidence |= !strcmp(jstr(it, "code"), "incidence");
		wrong |= !strcmp(jstr(it, "code"), "wrong_exit") && json_is_false(json_object_get(it, "met"));
		recog |= !strcmp(jstr(it, "code"), "recognition");
	}
	json_array_foreach(json_object_get(rep, "villages"), i, it)
		village_listed |= !strcmp(json_string_value(json_array_get(it, 0)), VILL_A2) &&
				  !strcmp(json_string_value(json_array_get(it, 2)), YEAR);
	EXPECT(incidence && wrong && recog && village_listed && json_is_false(json_object_get(rep, "eligible")),
	       "the report (the sampled wrong exit blocks it): %s", jd(rep));
	json_decref(rep);
	req(&county, "GET", "/api/v1/exits/county-report?division=" COUNTY "&year=" YEAR "&format=xlsx", NULL, &r);
	EXPECT(r.status == 200 && r.body && !memcmp(r.body, "PK", 2) && strstr(r.headers, "spreadsheetml"), "the workbook: %ld", r.status);
	resp_free(&r);
	req(&towna, "GET", "/api/v1/exits/county-report?division=" COUNTY "&year=" YEAR, NULL, &r);
	EXPECT(r.status == 404, "a township asks for the county's report: %ld", r.status);
	resp_free(&r);
}

static void test_settings(void)
{
	const char *ten = "{\"rules\":[{\"kind\":\"exit\",\"step\":\"notice\",\"setting\":\"notice_days\","
			  "\"year_from\":2020,\"value\":10},{\"kind\":\"village_exit\",\"step\":\"\","
			  "\"setting\":\"incidence_permille\",\"year_from\":2020,\"value\":1}]}";
	struct resp r;
	req(&county, "PUT", "/api/v1/settings/procedures", ten, &r);
	EXPECT(r.status == 403, "the county writes national settings: %ld", r.status);
	resp_free(&r);
	req(&towna, "PUT", "/api/v1/settings/procedures?division=" COUNTY, ten, &r);
	EXPECT(r.status == 403, "a township writes the county's settings: %ld", r.status);
	resp_free(&r);
	req(&county, "PUT", "/api/v1/settings/procedures?division=" COUNTY,
	    "{\"rules\":[{\"kind\":\"exit\",\"step\":\"township_review\",\"setting\":\"notice_days\","
	    "\"year_from\":2020,\"value\":10}]}", &r);
	expect_field_error(&r, 400, "validation", "rules", "notice days of a step that is no notice");
	resp_free(&r);
	req(&county, "PUT", "/api/v1/settings/procedures?division=" COUNTY, ten, &r);
	EXPECT(r.status == 200, "the county sets its own: %ld %s", r.status, r.body);
	int64_t days = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(r.json, "effective"), i, it)
		if (!strcmp(jstr(it, "kind"), "exit") && !strcmp(jstr(it, "step"), "notice"))
			days = jint(it, "value");
	EXPECT(days == 10, "the exit notice runs 10 days here: %s", r.body);
	resp_free(&r);
	json_t *nat = get_json(&county, "/api/v1/settings/procedures?division=" "440232", 200);
	days = 0;
	json_array_foreach(json_object_get(nat, "effective"), i, it)
		if (!strcmp(jstr(it, "kind"), "exit") && !strcmp(jstr(it, "step"), "notice"))
			days = jint(it, "value");
	EXPECT(days == 7, "another county keeps the national 7: %s", jd(nat));
	json_decref(nat);
	/* a case of the county follows it: its notice runs ten days */
	int64_t h = household("P-SET", "poor", VILL_A, true, 5000, 6000);
	char open[256];
	snprintf(open, sizeof(open), "{\"kind\":\"exit\",\"household_id\":%lld,\"year\":" YEAR
		 ",\"step\":\"group_appraisal\",\"votes\":{\"for\":9}}", (long long)h);
	json_t *c = post(&village, "/api/v1/procedures", open, 201, NULL, "an exit under the county's settings");
	int64_t id = jint(c, "id");
	json_decref(c);
	step(&village, id, "{\"step\":\"village_verify\",\"evidence\":[\"v.pdf\"]}", 200, NULL, "verified");
	step(&cadre, id, "{\"step\":\"team_verify\",\"evidence\":[\"t.pdf\"]}", 200, NULL, "team");
	step(&village, id, "{\"step\":\"household_ack\",\"signed_form\":\"s.jpg\"}", 200, NULL, "acknowledged");
	/* opened on Monday 2030-03-04 (no holiday near): ten working days end on Monday 03-18 */
	clock_at("2030-03-04 10:00");
	step(&village, id, "{\"step\":\"notice\"}", 200, NULL, "notice");
	char iso[32];
	notice_end(id, iso);
	EXPECT(!strcmp(iso, "2030-03-18T15:59:59Z"), "ten working days from 03-04 end 03-18 23:59:59 CST: %s", iso);
	clock_at("2030-03-16 10:00");
	step(&towna, id, "{\"step\":\"township_review\"}", 409, "conflict", "eight working days of ten");
	clock_at("2030-03-19 08:00");
	step(&towna, id, "{\"step\":\"township_review\"}", 200, NULL, "ten working days run");
	/* the county's 0.1 % threshold: a village at 0.1 % does not meet it */
	json_t *l = get_json(&towna, "/api/v1/exits/villages?division=" TOWN_A "&year=" YEAR, 200);
	bool met = true;
	json_array_foreach(json_object_get(json_array_get(json_object_get(l, "items"), 0), "conditions"), i, it)
		if (!strcmp(jstr(it, "code"), "incidence"))
			met = json_is_true(json_object_get(it, "met"));
	EXPECT(!met, "incidence 0.1 %% is not under the county's 0.1 %%: %s", jd(l));
	json_decref(l);
}

/* The national calendar of 2030 for the tests: 国庆 10-01 .. 10-07 with make-up workdays 09-29 (a Sunday)
 * and 10-12 (a Saturday), and the extra day off given. */
static void calendar_2030(const char *extra)
{
	struct resp r;
	req(&admin, "PUT", "/api/v1/settings/calendar/2030",
	    fmt("{\"days\":[{\"day\":\"2030-09-29\",\"kind\":\"work\",\"name\":\"国庆节调休\"},"
		"{\"day\":\"2030-10-01\",\"kind\":\"off\",\"name\":\"国庆节\"},{\"day\":\"2030-10-02\",\"kind\":\"off\",\"name\":\"国庆节\"},"
		"{\"day\":\"2030-10-03\",\"kind\":\"off\",\"name\":\"国庆节\"},{\"day\":\"2030-10-04\",\"kind\":\"off\",\"name\":\"国庆节\"},"
		"{\"day\":\"2030-10-07\",\"kind\":\"off\",\"name\":\"国庆节\"},{\"day\":\"2030-10-12\",\"kind\":\"work\",\"name\":\"国庆节调休\"}%s]}",
		extra), &r);
	EXPECT(r.status == 200, "the national calendar of 2030: %ld %s", r.status, r.body);
	resp_free(&r);
}

/* A notice counts working days of the national calendar: 7 from Friday 2030-09-27 skip the weekend, count
 * the make-up Sunday 09-29, skip 国庆 and end on the make-up Saturday 10-12 (7 calendar days would end on
 * 10-04); a day off added to the calendar moves a later notice's end; 7 from a Wednesday cross one weekend. */
static void test_working_days(void)
{
	struct resp r;
	req(&county, "PUT", "/api/v1/settings/procedures?division=" COUNTY, "{\"rules\":[]}", &r);
	EXPECT(r.status == 200, "the county's own notice days removed (the national 7): %ld %s", r.status, r.body);
	resp_free(&r);
	calendar_2030("");
	const char *no[] = { "P-WD1", "P-WD2", "P-WD3" };
	int64_t ids[3];
	for (int k = 0; k < 3; k++) {
		int64_t h = household(no[k], "poor", VILL_A, true, 5000, 6000);
		json_t *c = post(&village, "/api/v1/procedures",
				 fmt("{\"kind\":\"exit\",\"household_id\":%lld,\"year\":" YEAR
				     ",\"step\":\"group_appraisal\",\"votes\":{\"for\":9}}", (long long)h), 201, NULL, "an exit");
		ids[k] = jint(c, "id");
		json_decref(c);
		step(&village, ids[k], "{\"step\":\"village_verify\",\"evidence\":[\"v.pdf\"]}", 200, NULL, "verified");
		step(&cadre, ids[k], "{\"step\":\"team_verify\",\"evidence\":[\"t.pdf\"]}", 200, NULL, "team");
		step(&village, ids[k], "{\"step\":\"household_ack\",\"signed_form\":\"s.jpg\"}", 200, NULL, "acknowledged");
	}
	clock_at("2030-09-27 16:30");
	step(&village, ids[0], "{\"step\":\"notice\"}", 200, NULL, "the notice opens on the Friday before 国庆");
	char iso[32];
	notice_end(ids[0], iso);
	EXPECT(!strcmp(iso, "2030-10-12T15:59:59Z"),
	       "7 working days from Friday 09-27 (09-29, 09-30, 10-08 .. 10-12) end 10-12 23:59:59 CST: %s", iso);
	clock_at("2030-10-06 10:00");
	step(&towna, ids[0], "{\"step\":\"township_review\"}", 409, "conflict", "nine calendar days, two working days");
	clock_at("2030-10-12 20:00");
	step(&towna, ids[0], "{\"step\":\"township_review\"}", 409, "conflict", "the notice's last working day");
	clock_at("2030-10-13 00:00");
	step(&towna, ids[0], "{\"step\":\"township_review\"}", 200, NULL, "the day after the notice");
	/* the calendar is read when a notice opens: Monday 10-21 made a day off moves the end a working day */
	calendar_2030(",{\"day\":\"2030-10-21\",\"kind\":\"off\",\"name\":\"测试假日\"}");
	clock_at("2030-10-16 09:00");
	step(&village, ids[1], "{\"step\":\"notice\"}", 200, NULL, "a notice opens on Wednesday 10-16");
	notice_end(ids[1], iso);
	EXPECT(!strcmp(iso, "2030-10-28T15:59:59Z"), "7 working days from 10-16 with 10-21 off end Monday 10-28: %s", iso);
	clock_at("2030-11-06 09:00");
	step(&village, ids[2], "{\"step\":\"notice\"}", 200, NULL, "a notice opens on Wednesday 11-06");
	notice_end(ids[2], iso);
	EXPECT(!strcmp(iso, "2030-11-15T15:59:59Z"), "7 working days from Wednesday 11-06 end Friday 11-15: %s", iso);
}

/* The question of code on a sheet, or NULL. */
static json_t *question(json_t *sheet, const char *code)
{
	size_t i;
	json_t *q;
	json_array_foreach(json_object_get(sheet, "questions"), i, q)
		if (!strcmp(jstr(q, "code"), code))
			return q;
	return NULL;
}

/* The printable sheets of a sampling: per household its place, members and the questions of its group
 * with the findings recorded so far and blanks; paged; by group; XLSX; refused out of scope. */
static void test_sample_sheets(void)
{
	json_t *l = get_json(&county, "/api/v1/samplings?page_size=200", 200);
	int64_t id = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(l, "items"), i, it)
		if (jint(json_object_get(it, "figures"), "surveyed") > 0)
			id = jint(it, "id");
	json_decref(l);
	EXPECT(id > 0, "a sampling with findings");
	json_t *hh = get_json(&county, fmt("/api/v1/samplings/%lld/households?page_size=200", (long long)id), 200);
	json_t *sh = get_json(&county, fmt("/api/v1/samplings/%lld/sheets?page_size=200", (long long)id), 200);
	EXPECT(jint(sh, "total") == jint(hh, "total") && jint(sh, "total") > 0, "a sheet per sampled household: %lld of %lld",
	       (long long)jint(sh, "total"), (long long)jint(hh, "total"));
	int wrong_exit = 0, missed = 0, checked = 0;
	json_array_foreach(json_object_get(sh, "items"), i, it) {
		json_t *row = json_array_get(json_object_get(hh, "items"), i);
		const char *g = jstr(it, "group");
		json_t *members = json_object_get(it, "members"), *head = json_array_get(members, 0);
		EXPECT(jint(it, "household_id") == jint(row, "household_id") && json_array_size(members) >= 1 &&
		       !strcmp(jstr(head, "relation_zh"), "户主") && json_is_true(json_object_get(head, "insured_medical")) &&
		       !json_object_get(head, "id_number") && json_array_size(json_object_get(it, "blanks")) == 4,
		       "the sheet in the sample's order, its members (head first, no ID number), blanks: %s", jd(it));
		/* the group's own finding and recognition, not the other groups' */
		const char *own = !strcmp(g, "registered") ? "rightly_identified" : !strcmp(g, "exited") ? "rightly_exited" : "should_be_in";
		EXPECT(question(it, own) && question(it, "recognises") && question(it, "housing") &&
		       json_array_size(json_object_get(it, "questions")) == 8 &&
		       (!strcmp(g, "exited") || !question(it, "rightly_exited")), "the %s questions: %s", g, jd(it));
		json_t *q = question(it, own);
		if (!strcmp(g, "exited") && json_is_false(json_object_get(q, "answer"))) {
			wrong_exit++;
			EXPECT(json_is_true(json_object_get(question(it, "recognises"), "answer")) &&
			       !strcmp(jstr(it, "note"), "收入不稳定"), "the wrong exit's recorded answers: %s", jd(it));
		}
		missed += !strcmp(g, "unregistered") && json_is_true(json_object_get(q, "answer"));
		checked += json_is_null(json_object_get(question(it, "income"), "answer")) &&
			   json_is_false(json_object_get(question(it, "income"), "recorded"));
	}
	EXPECT(wrong_exit == 1 && missed == 1 && checked == (int)jint(sh, "total"),
	       "the recorded findings on the sheets (1 wrong exit, 1 missed), the check points blank: %d %d %d", wrong_exit,
	       missed, checked);
	json_decref(hh);
	json_decref(sh);
	json_t *ex = get_json(&county, fmt("/api/v1/samplings/%lld/sheets?group=registered&page_size=2&page=2", (long long)id), 200);
	json_t *f = get_json(&county, fmt("/api/v1/samplings/%lld", (long long)id), 200);
	EXPECT(jint(ex, "total") == 3 && jint(json_object_get(f, "figures"), "registered") == 3 &&
	       json_array_size(json_object_get(ex, "items")) == 1 &&
	       !strcmp(jstr(json_array_get(json_object_get(ex, "items"), 0), "group"), "registered"),
	       "the registered group's sheets (3), page 2 of 2: %s", jd(ex));
	json_decref(ex);
	json_decref(f);
	struct resp r;
	req(&county, "GET", fmt("/api/v1/samplings/%lld/sheets?group=poor", (long long)id), NULL, &r);
	expect_field_error(&r, 400, "validation", "group", "an unknown group");
	resp_free(&r);
	req(&county, "GET", fmt("/api/v1/samplings/%lld/sheets?format=pdf", (long long)id), NULL, &r);
	expect_field_error(&r, 400, "validation", "format", "an unknown format");
	resp_free(&r);
	req(&townb, "GET", fmt("/api/v1/samplings/%lld/sheets", (long long)id), NULL, &r);
	EXPECT(r.status == 404, "a township prints the county's sheets: %ld", r.status);
	resp_free(&r);
	req(&county, "GET", fmt("/api/v1/samplings/%lld/sheets?format=xlsx", (long long)id), NULL, &r);
	EXPECT(r.status == 200 && r.body && !memcmp(r.body, "PK", 2) && strstr(r.headers, "spreadsheetml") &&
	       strstr(r.headers, "sample-sheets.xlsx"), "the sheets' workbook: %ld", r.status);
	resp_free(&r);
}

/* The lists of samplings, 回头看 campaigns and batches (one grouped query a page): each item is what
 * the record's own read gives (without its townships), newest first, paged; out of scope nothing. */
static void test_place_lists(void)
{
	static const char *const lists[] = { "/api/v1/samplings", "/api/v1/rechecks", "/api/v1/procedure-batches" };
	for (int k = 0; k < 3; k++) {
		const struct session *s = k == 2 ? &village : &county;
		json_t *l = get_json(s, fmt("%s?page_size=200", lists[k]), 200);
		json_t *items = json_object_get(l, "items");
		EXPECT(jint(l, "total") >= 1 && (int64_t)json_array_size(items) == jint(l, "total"), "%s: %s", lists[k], jd(l));
		size_t i;
		json_t *it;
		int64_t prev = INT64_MAX;
		json_array_foreach(items, i, it) {
			int64_t id = jint(it, "id");
			EXPECT(id < prev, "%s newest first: %s", lists[k], jd(l));
			prev = id;
			if (k == 2)
				continue;   /* a batch has no read of its own */
			json_t *one = get_json(s, fmt("%s/%lld", lists[k], (long long)id), 200);
			json_object_del(one, "townships");
			EXPECT(json_equal(one, it), "%s/%lld as listed: %s vs %s", lists[k], (long long)id, jd(one), jd(it));
			json_decref(one);
		}
		if (json_array_size(items) >= 2) {
			json_t *p2 = get_json(s, fmt("%s?page_size=1&page=2", lists[k]), 200);
			EXPECT(jint(p2, "total") == jint(l, "total") && json_array_size(json_object_get(p2, "items")) == 1 &&
			       json_equal(json_array_get(json_object_get(p2, "items"), 0), json_array_get(items, 1)),
			       "%s page 2 of 1: %s", lists[k], jd(p2));
			json_decref(p2);
		}
		json_t *far = get_json(s, fmt("%s?page_size=200&page=9", lists[k]), 200);
		EXPECT(jint(far, "total") == jint(l, "total") && json_array_size(json_object_get(far, "items")) == 0,
		       "%s past the end: %s", lists[k], jd(far));
		json_decref(far);
		json_decref(l);
	}
	json_t *b = get_json(&village, "/api/v1/procedure-batches?kind=identification", 200);
	EXPECT(jint(b, "total") == 0, "no identification batch: %s", jd(b));
	json_decref(b);
	json_t *ex = get_json(&village, "/api/v1/procedure-batches?kind=exit", 200);
	json_t *first = json_array_get(json_object_get(ex, "items"), 0);
	EXPECT(jint(first, "cases") == 2 && jint(first, "open") == 2 && jint(first, "done") == 0 &&
	       json_is_null(json_object_get(first, "step")), "the batch's cases at two steps: %s", jd(ex));
	json_decref(ex);
	json_t *nb = get_json(&townb, "/api/v1/samplings", 200);
	EXPECT(jint(nb, "total") == 0, "township B lists no county sampling: %s", jd(nb));
	json_decref(nb);
	nb = get_json(&townb, "/api/v1/procedure-batches", 200);
	EXPECT(jint(nb, "total") == 0, "township B lists no batch of township A: %s", jd(nb));
	json_decref(nb);
}

static glob_t seed_files;

static int setup(void)
{
	char err[8192];
	if (glob("data/divisions/" COUNTY "/*.csv", 0, NULL, &seed_files) != 0) {
		fprintf(stderr, "api_procedures: no division files (run from the repository root)\n");
		return -1;
	}
	const char *args[64] = { "import", "divisions" };
	int n = 2;
	for (size_t i = 0; i < seed_files.gl_pathc && n < 63; i++)
		args[n++] = seed_files.gl_pathv[i];
	args[n] = NULL;
	if (cli_run(binary, db_url, NULL, args, err, sizeof(err))) {
		fprintf(stderr, "api_procedures: import: %s\n", err);
		return -1;
	}
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		const char *add[] = { "user", "add", "--username", users[i].name, "--role", users[i].role, "--division",
				      users[i].division, "--password-stdin", NULL };
		if (cli_run(binary, db_url, PW "\n", add, err, sizeof(err))) {
			fprintf(stderr, "api_procedures: user add %s: %s\n", users[i].name, err);
			return -1;
		}
	}
	if (server_start(&srv, binary, db_url, NULL) || login_all()) {
		fprintf(stderr, "api_procedures: the server did not start or a user cannot log in\n");
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
		{ "kinds", test_kinds },
		{ "exit eligibility", test_eligibility },
		{ "exit steps, notice and objection", test_exit_steps },
		{ "failed vote, withdrawal, identification", test_failed_vote_and_withdraw },
		{ "village batch", test_batch },
		{ "monitoring and risk elimination", test_monitoring },
		{ "a township's monitoring batch (集中排查)", test_monitoring_batch },
		{ "sampling audit", test_sampling },
		{ "sample sheets", test_sample_sheets },
		{ "回头看", test_recheck },
		{ "lists of samplings, campaigns and batches", test_place_lists },
		{ "village and county exit", test_place_exit },
		{ "settings by year and place", test_settings },
		{ "notices in working days", test_working_days },
	};
	const struct api_program p = { "api_procedures", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv,
				       setup, cleanup, tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
