/*
 * partylife.c - API tests of party organisational life: meetings and
 * meeting-free days, compliance, 四议两公开 decisions, notices and
 * receipts, trainings, and scope.
 *
 * usage: api_partylife --server build/lianxin --db sqlite|postgres
 * Before the server starts the CLI generates the demo county 乳源 (440232)
 * from data/divisions (run from the repository root) and adds the users.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static char tmpdir[256];
static struct server srv;
static struct session admin, county, towna, townb, auditor;

#define PW "Party-Life-2026"
#define TOWN_A "440232100"
#define TOWN_B "440232103"

static int64_t org_ta, org_tb, org_va;   /* township committees A and B; a village branch in A */
static char vill_a[16];
static int64_t people_a[6];              /* people of vill_a */
static int64_t meeting_a;                /* a meeting in township A */
static int64_t meeting_reps;             /* the representatives' meeting a decision step cites */

/* ---- helpers ------------------------------------------------------------ */

/* Send and expect a status; returns the reply's id (0 if none). */
static int64_t call(const struct session *s, const char *method, const char *path, const char *body, long want,
		    const char *what)
{
	struct resp r;
	req(s, method, path, body, &r);
	EXPECT(r.status == want, "%s: %s %s -> %ld, want %ld: %.400s", what, method, path, r.status, want, r.body);
	int64_t id = r.json ? jint(r.json, "id") : 0;
	resp_free(&r);
	return id;
}

static void expect_conflict_msg(const struct session *s, const char *path, const char *body, const char *needle,
				const char *what)
{
	struct resp r;
	req(s, "POST", path, body, &r);
	expect_error(&r, 409, "conflict", what);
	const char *en = json_string_value(json_object_get(json_object_get(r.json, "error"), "message_en"));
	EXPECT(en && strstr(en, needle), "%s: message \"%s\" mentions \"%s\"", what, en ? en : "", needle);
	resp_free(&r);
}

static int run_cli(const char *stdin_text, const char *const *args, char *err, size_t errlen)
{
	return cli_run(binary, db_url, stdin_text, args, err, errlen);
}

/* The first organisation of a type in a division subtree. */
static int64_t find_org(const char *division, const char *type, char *div_out)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/orgs?division=%s&type=%s&page_size=5", division, type);
	json_t *j = get_json(&admin, path, 200);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	int64_t id = first ? jint(first, "id") : 0;
	if (div_out && first)
		snprintf(div_out, 16, "%s", jstr(first, "division"));
	json_decref(j);
	return id;
}

static json_t *find_kind(json_t *org, const char *kind)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(org, "kinds"), i, it)
		if (!strcmp(jstr(it, "kind"), kind))
			return it;
	return NULL;
}

static int64_t meeting(const struct session *s, int64_t org, const char *kind, const char *at, const char *extra, long want)
{
	char body[2048];
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"kind\":\"%s\",\"starts_at\":\"%s\",\"topic\":\"议题\"%s%s}",
		 (long long)org, kind, at, extra ? "," : "", extra ? extra : "");
	return call(s, "POST", "/api/v1/meetings", body, want, kind);
}

/* ---- 1. meetings and meeting-free days -------------------------------------------- */

static void test_meetings(void)
{
	char body[1024];
	/* a meeting with attendance from the village's roster */
	snprintf(body, sizeof(body), "\"place\":\"村委会\",\"host\":\"书记\",\"minutes\":\"记录\",\"evidence\":[\"photo1.jpg\"],"
		 "\"attendees\":[%lld,%lld,{\"person_id\":%lld,\"present\":false,\"reason\":\"外出务工\"}]",
		 (long long)people_a[0], (long long)people_a[1], (long long)people_a[2]);
	int64_t id = meeting(&towna, org_va, "branch_committee", "2026-11-02T09:00:00+08:00", body, 201);
	json_t *m = NULL;
	if (id) {
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/meetings/%lld", (long long)id);
		m = get_json(&towna, path, 200);
		EXPECT(jint(m, "expected") == 3 && jint(m, "present") == 2 && jint(m, "absent") == 1,
		       "attendance 3/2/1: %lld/%lld", (long long)jint(m, "expected"), (long long)jint(m, "present"));
		EXPECT(json_array_size(json_object_get(m, "attendees")) == 3, "three attendees listed");
		EXPECT(!strcmp(jstr(m, "day"), "2026-11-02") && jint(m, "weekday") == 1, "Monday 2 Nov");
		json_decref(m);
		/* another township: 404 */
		call(&townb, "GET", path, NULL, 404, "township B reads township A's meeting");
		json_t *l = get_json(&townb, "/api/v1/meetings?page_size=200", 200);
		EXPECT(find_by(json_object_get(l, "items"), "id", id) == NULL, "township B's list leaves it out");
		json_decref(l);
		l = get_json(&county, "/api/v1/meetings?division=" TOWN_A "&kind=branch_committee&from=2026-11-01&to=2026-11-30", 200);
		EXPECT(find_by(json_object_get(l, "items"), "id", id) != NULL, "the county's filtered list has it");
		json_decref(l);
	}
	meeting_a = id;
	/* a person outside the roster, an unknown kind, an organisation outside the scope */
	snprintf(body, sizeof(body), "\"attendees\":[%lld]", (long long)people_a[5]);
	meeting(&towna, org_va, "branch_committee", "2026-11-02T09:00:00+08:00", "\"attendees\":[999999999]", 400);
	meeting(&towna, org_va, "tea_party", "2026-11-02T09:00:00+08:00", NULL, 400);
	meeting(&towna, org_tb, "branch_committee", "2026-11-02T09:00:00+08:00", NULL, 404);
	meeting(&towna, org_va, "branch_committee", "2026-11-02T09:00:00", NULL, 400);   /* no offset */

	/* meeting-free days: Thursday and Friday county-wide (乳源) */
	call(&towna, "PUT", "/api/v1/settings/meeting-free-days?division=" TOWN_A, "{\"weekdays\":[4,5]}", 403,
	     "township staff may not set meeting-free days");
	call(&county, "PUT", "/api/v1/settings/meeting-free-days?division=440232", "{\"weekdays\":[4,8]}", 400, "weekday 8");
	call(&county, "PUT", "/api/v1/settings/meeting-free-days?division=440232", "{\"weekdays\":[4,5]}", 200, "county sets Thu+Fri");
	json_t *f = get_json(&towna, "/api/v1/settings/meeting-free-days?division=" TOWN_A, 200);
	EXPECT(json_array_size(json_object_get(f, "weekdays")) == 2 && !strcmp(jstr(f, "set_at_division"), "440232"),
	       "the township inherits the county's setting");
	json_decref(f);
	char path[64], mbody[512];
	/* Thursday 5 Nov 2026, 10:00 CST: refused; and 17:30 UTC on Wednesday is already Thursday in China */
	snprintf(mbody, sizeof(mbody), "{\"org_id\":%lld,\"kind\":\"branch_committee\",\"starts_at\":\"2026-11-05T10:00:00+08:00\","
		 "\"topic\":\"例会\"}", (long long)org_va);
	expect_conflict_msg(&towna, "/api/v1/meetings", mbody, "meeting-free day", "a meeting on Thursday");
	snprintf(mbody, sizeof(mbody), "{\"org_id\":%lld,\"kind\":\"branch_committee\",\"starts_at\":\"2026-11-04T17:30:00Z\","
		 "\"topic\":\"例会\"}", (long long)org_va);
	expect_conflict_msg(&towna, "/api/v1/meetings", mbody, "meeting-free day", "Thursday 01:30 CST");
	meeting(&towna, org_va, "branch_committee", "2026-11-06T10:00:00+08:00", "\"urgent\":true", 409);
	meeting(&towna, org_va, "branch_committee", "2026-11-06T10:00:00+08:00", "\"urgent\":true,\"urgent_reason\":\"\"", 409);
	int64_t urgent = meeting(&towna, org_ta, "township_village_work", "2026-11-06T10:00:00+08:00",
				 "\"urgent\":true,\"urgent_reason\":\"山洪预警，紧急部署转移\"", 201);
	/* a Wednesday is fine */
	meeting(&towna, org_ta, "township_village_work", "2026-11-04T10:00:00+08:00", NULL, 201);
	json_t *rep = get_json(&county, "/api/v1/reports/urgent-meetings?division=440232&from=2026-11-01&to=2026-11-30", 200);
	json_t *u = find_by(json_object_get(rep, "items"), "id", urgent);
	EXPECT(u && json_is_true(json_object_get(u, "urgent")) && json_is_true(json_object_get(u, "free_day")) &&
	       !strcmp(jstr(u, "urgent_reason"), "山洪预警，紧急部署转移"), "the urgent meeting is reported with its reason");
	EXPECT(jint(rep, "total") == 1, "one urgent meeting: %lld", (long long)jint(rep, "total"));
	json_decref(rep);
	rep = get_json(&townb, "/api/v1/reports/urgent-meetings?from=2026-11-01&to=2026-11-30", 200);
	EXPECT(jint(rep, "total") == 0, "township B does not see township A's urgent meeting");
	json_decref(rep);
	json_t *audit = get_json(&auditor, "/api/v1/audit?entity=meeting&page_size=50", 200);
	bool found = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(audit, "items"), i, it) {
		const char *d = jstr(it, "detail");
		found |= strstr(d, "山洪预警") != NULL;
	}
	EXPECT(found, "the urgent reason is audited");
	json_decref(audit);
	/* a township may override for its own subtree (empty: no meeting-free day) */
	call(&county, "PUT", "/api/v1/settings/meeting-free-days?division=" TOWN_B, "{\"weekdays\":[]}", 200, "B clears");
	meeting(&townb, org_tb, "township_village_work", "2026-11-05T10:00:00+08:00", NULL, 201);
	snprintf(path, sizeof(path), "/api/v1/settings/meeting-free-days?division=%s", vill_a);
	f = get_json(&towna, path, 200);
	EXPECT(json_array_size(json_object_get(f, "weekdays")) == 2, "village A still has Thu+Fri");
	json_decref(f);

	/* the month as a calendar */
	json_t *cal = get_json(&county, "/api/v1/meetings/calendar?division=" TOWN_A "&month=2026-11", 200);
	json_t *days = json_object_get(cal, "days");
	json_t *mon2 = json_array_get(days, 1), *fri6 = json_array_get(days, 5);
	EXPECT(json_array_size(days) == 30 && mon2 && !strcmp(jstr(mon2, "day"), "2026-11-02") && jint(mon2, "weekday") == 1 &&
	       find_by(json_object_get(mon2, "items"), "id", meeting_a) != NULL, "30 days; 2 Nov has the committee meeting");
	EXPECT(fri6 && jint(fri6, "urgent") == 1 && find_by(json_object_get(fri6, "items"), "id", urgent) != NULL,
	       "6 Nov has the urgent meeting");
	int64_t sum = 0;
	json_array_foreach(days, i, it)
		sum += jint(it, "count");
	EXPECT(sum == jint(cal, "total") && sum == 3, "the days add up to the month's 3 meetings in township A: %lld",
	       (long long)sum);
	json_decref(cal);
	call(&county, "GET", "/api/v1/meetings/calendar?division=" TOWN_A "&month=2026-13", NULL, 400, "month 13");
	call(&county, "GET", "/api/v1/meetings/calendar?division=" TOWN_A "&month=2026Q4", NULL, 400, "a quarter");
	call(&townb, "GET", "/api/v1/meetings/calendar?division=" TOWN_A "&month=2026-11", NULL, 404, "B asks about A");
}

/* ---- 2. compliance over a month, a quarter and a year ----------------------------------- */

static void test_compliance(void)
{
	/* village branch A in November: the committee meeting of test 1 plus a party-group meeting and a theme day */
	meeting(&towna, org_va, "party_group", "2026-11-10T19:00:00+08:00", NULL, 201);
	meeting(&towna, org_va, "theme_day", "2026-11-25T09:00:00+08:00", NULL, 201);
	/* township A: a second village-work meeting in the week of 2 Nov (Wed 4 and urgent Fri 6 were in it), one on
	 * Monday 30 Nov, whose week ends on 6 Dec and so counts in December */
	meeting(&towna, org_ta, "township_village_work", "2026-11-30T09:00:00+08:00", NULL, 201);
	json_t *c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-11&page_size=200", 200);
	json_t *orgs = json_object_get(c, "orgs");
	json_t *va = find_by(orgs, "org_id", org_va), *ta = find_by(orgs, "org_id", org_ta);
	EXPECT(va && json_is_true(json_object_get(va, "compliant")), "village branch A is compliant in November");
	EXPECT(va && find_kind(va, "branch_general") == NULL, "a quarterly rule is not assessed in November");
	json_t *k = va ? find_kind(va, "branch_committee") : NULL;
	EXPECT(k && jint(k, "expected") == 1 && jint(k, "held") == 1 && jint(k, "missing") == 0, "branch committee 1/1");
	k = ta ? find_kind(ta, "township_village_work") : NULL;
	EXPECT(k && jint(k, "expected") == 5 && jint(k, "held") == 2 && jint(k, "missing") == 4,
	       "township village work in November: 5 weeks, 2 held in one week, 4 missing: %s %lld %lld %lld",
	       k ? "" : "none", (long long)(k ? jint(k, "expected") : -1), (long long)(k ? jint(k, "held") : -1),
	       (long long)(k ? jint(k, "missing") : -1));
	k = ta ? find_kind(ta, "area_meeting") : NULL;
	EXPECT(k && jint(k, "expected") == 5 * 11, "area meetings: one per township leader (11) per week: %lld",
	       (long long)(k ? jint(k, "expected") : -1));
	EXPECT(ta && json_is_false(json_object_get(ta, "compliant")), "township A is not compliant");
	json_t *tot = json_object_get(c, "totals");
	EXPECT(jint(tot, "orgs") > 10 && jint(tot, "compliant") == 1, "one compliant organisation in the township: %lld of %lld",
	       (long long)jint(tot, "compliant"), (long long)jint(tot, "orgs"));
	/* the roll-up: by village under the township, the township itself for its own organisations */
	json_t *by = json_object_get(c, "by_division");
	size_t i;
	json_t *it;
	int64_t sum = 0;
	bool vill_row = false, own_row = false;
	json_array_foreach(by, i, it) {
		sum += jint(it, "orgs");
		if (!strcmp(jstr(it, "division"), vill_a))
			vill_row = jint(it, "compliant") >= 1;
		if (!strcmp(jstr(it, "division"), TOWN_A))
			own_row = jint(it, "compliant") == 0;
	}
	EXPECT(sum == jint(tot, "orgs") && vill_row && own_row, "roll-up per village adds up");
	bool listed = false;
	json_array_foreach(json_object_get(c, "missing"), i, it)
		listed |= jint(it, "org_id") == org_ta && !strcmp(jstr(it, "kind"), "township_village_work");
	EXPECT(listed, "the missing list names township A's village-work meetings");
	json_decref(c);

	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-12&page_size=200", 200);
	ta = find_by(json_object_get(c, "orgs"), "org_id", org_ta);
	k = ta ? find_kind(ta, "township_village_work") : NULL;
	EXPECT(k && jint(k, "expected") == 4 && jint(k, "held") == 1, "December: 4 weeks, the 30 Nov meeting counts");
	/* on 6 December no week of December has ended: nothing is missing yet, three weeks are open */
	EXPECT(k && jint(k, "units_ended") == 0 && jint(k, "missing") == 0 && jint(k, "open") == 3 &&
	       json_is_true(json_object_get(k, "in_progress")), "December in progress: 0 missing, 3 open: %s", k ? jd(k) : "none");
	EXPECT(json_is_true(json_object_get(json_object_get(c, "period"), "in_progress")) &&
	       !strcmp(jstr(json_object_get(c, "period"), "as_of"), "2026-12-06"), "the period is marked in progress");
	EXPECT(ta && !strcmp(jstr(ta, "status"), "in_progress") && json_is_true(json_object_get(ta, "compliant")),
	       "township A has missed nothing in December yet");
	EXPECT(jint(json_object_get(c, "totals"), "compliant") == jint(json_object_get(c, "totals"), "orgs") &&
	       jint(json_object_get(c, "totals"), "missing") == 0, "no organisation has failed December on its 6th day");
	va = find_by(json_object_get(c, "orgs"), "org_id", org_va);
	k = va ? find_kind(va, "branch_general") : NULL;
	EXPECT(k && jint(k, "expected") == 1 && jint(k, "held") == 0 && jint(k, "missing") == 0 && jint(k, "open") == 1,
	       "the quarterly rule is assessed in December, open until the quarter ends");
	json_decref(c);

	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026Q4&page_size=200", 200);
	va = find_by(json_object_get(c, "orgs"), "org_id", org_va);
	k = va ? find_kind(va, "branch_committee") : NULL;
	EXPECT(k && jint(k, "expected") == 3 && jint(k, "held") == 1 && jint(k, "missing") == 1 && jint(k, "open") == 1,
	       "Q4: 3 months, 1 held, October missed, December open");
	k = va ? find_kind(va, "org_life") : NULL;
	EXPECT(k && jint(k, "expected") == 1, "the yearly rule is assessed in Q4");
	ta = find_by(json_object_get(c, "orgs"), "org_id", org_ta);
	k = ta ? find_kind(ta, "township_village_work") : NULL;
	EXPECT(k && jint(k, "expected") == 13 && jint(k, "held") == 3, "Q4: 13 weeks (5 Oct .. 27 Dec), 3 held: %lld %lld",
	       (long long)(k ? jint(k, "expected") : -1), (long long)(k ? jint(k, "held") : -1));
	json_decref(c);

	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026Q3&page_size=200", 200);
	va = find_by(json_object_get(c, "orgs"), "org_id", org_va);
	k = va ? find_kind(va, "org_life") : NULL;
	/* a yearly requirement shows in any window: 2026 has not ended, so nothing is missing yet */
	EXPECT(k && jint(k, "expected") == 1 && jint(k, "held") == 0 && jint(k, "open") == 1 && jint(k, "missing") == 0 &&
	       jint(k, "units_ended") == 0 && json_is_true(json_object_get(k, "in_progress")),
	       "the yearly rule shows in Q3, open: %s", k ? jd(k) : "none");
	json_decref(c);
	/* planted: 组织生活会 held in March; a month of the year shows it done */
	meeting(&towna, org_va, "org_life", "2026-03-18T09:00:00+08:00", NULL, 201);
	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-07&page_size=200", 200);
	va = find_by(json_object_get(c, "orgs"), "org_id", org_va);
	k = va ? find_kind(va, "org_life") : NULL;
	EXPECT(k && jint(k, "expected") == 1 && jint(k, "held") == 1 && jint(k, "open") == 0 && jint(k, "missing") == 0 &&
	       jint(k, "units_met") == 1, "July 2026 counts the March 组织生活会: %s", k ? jd(k) : "none");
	EXPECT(jint(json_object_get(json_object_get(c, "period"), "units"), "yearly") == 1, "one year overlapped");
	json_decref(c);
	/* a month of 2025: the year has ended without one, the requirement is overdue (missing), not open */
	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2025-06&page_size=200", 200);
	va = find_by(json_object_get(c, "orgs"), "org_id", org_va);
	k = va ? find_kind(va, "org_life") : NULL;
	EXPECT(k && jint(k, "expected") == 1 && jint(k, "held") == 0 && jint(k, "missing") == 1 && jint(k, "open") == 0 &&
	       jint(k, "units_ended") == 1 && json_is_false(json_object_get(k, "in_progress")),
	       "June 2025: the 2025 组织生活会 overdue: %s", k ? jd(k) : "none");
	EXPECT(va && json_is_false(json_object_get(va, "compliant")), "and the branch is not compliant in June 2025");
	json_decref(c);

	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026&page_size=200", 200);
	va = find_by(json_object_get(c, "orgs"), "org_id", org_va);
	k = va ? find_kind(va, "theme_day") : NULL;
	EXPECT(k && jint(k, "expected") == 12 && jint(k, "held") == 1 && jint(k, "missing") == 10 && jint(k, "open") == 1,
	       "2026: 12 theme days, 10 months missed, December open");
	ta = find_by(json_object_get(c, "orgs"), "org_id", org_ta);
	k = ta ? find_kind(ta, "township_village_work") : NULL;
	EXPECT(k && jint(k, "expected") == 52, "2026: 52 weeks end in the year");
	json_decref(c);

	/* paging: the lists are paged, the totals and the roll-up are not */
	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-11&page_size=2&page=2", 200);
	json_t *pgn = json_object_get(c, "paging");
	int64_t all_orgs = jint(json_object_get(c, "totals"), "orgs"), ok_orgs = jint(json_object_get(c, "totals"), "compliant");
	EXPECT(json_array_size(json_object_get(c, "orgs")) == 2 && jint(pgn, "orgs_total") == all_orgs &&
	       jint(pgn, "page") == 2 && json_array_size(json_object_get(c, "missing")) == 2 &&
	       jint(pgn, "missing_total") > 2, "page 2 of 2 organisations and 2 missing items of %lld",
	       (long long)jint(pgn, "missing_total"));
	json_decref(c);
	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-11&noncompliant=1&page_size=200", 200);
	bool any_ok = false;
	json_array_foreach(json_object_get(c, "orgs"), i, it)
		any_ok |= json_is_true(json_object_get(it, "compliant"));
	EXPECT(!any_ok && jint(json_object_get(c, "paging"), "orgs_total") == all_orgs - ok_orgs,
	       "noncompliant=1 lists the %lld organisations that fall short", (long long)(all_orgs - ok_orgs));
	json_decref(c);
	call(&county, "GET", "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-11&page_size=500", NULL, 400,
	     "page_size over 200");

	/* the county level rolls up by township */
	c = get_json(&county, "/api/v1/compliance/meetings?division=440232&period=2026-11", 200);
	bool town_row = false;
	json_array_foreach(json_object_get(c, "by_division"), i, it)
		town_row |= !strcmp(jstr(it, "division"), TOWN_A) && jint(it, "compliant") == 1;
	EXPECT(town_row, "the county roll-up has township A with one compliant organisation");
	json_decref(c);

	call(&county, "GET", "/api/v1/compliance/meetings?division=440232&period=2026-13", NULL, 400, "bad period");
	call(&townb, "GET", "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-11", NULL, 404, "B asks about A");
	/* editable rules: party lectures half-yearly is not a frequency; make them monthly */
	/* 乳源's township meetings are its own rules: the national ones are the 35 三会一课 defaults */
	json_t *rules = get_json(&county, "/api/v1/settings/meeting-rules?division=440232", 200);
	EXPECT(json_array_size(json_object_get(rules, "rules")) == 2 && json_array_size(json_object_get(rules, "effective")) == 37,
	       "乳源 sets 2 rules, 37 are in effect there: %s", jd(json_object_get(rules, "rules")));
	json_array_foreach(json_object_get(rules, "rules"), i, it)
		EXPECT(!strcmp(jstr(it, "division"), "440232") && !strcmp(jstr(it, "org_type"), "township_committee"),
		       "乳源's rule %s", jstr(it, "kind"));
	json_decref(rules);
	rules = get_json(&county, "/api/v1/settings/meeting-rules", 200);
	EXPECT(json_array_size(json_object_get(rules, "rules")) == 35, "35 national rules");
	json_t *arr = json_array();
	json_array_foreach(json_object_get(rules, "rules"), i, it) {
		EXPECT(!strcmp(jstr(it, "division"), ""), "%s of %s is national", jstr(it, "kind"), jstr(it, "org_type"));
		if (!strcmp(jstr(it, "org_type"), "village_branch") && !strcmp(jstr(it, "kind"), "party_lecture"))
			json_object_set_new(it, "frequency", json_string("monthly"));
		json_array_append(arr, it);
	}
	json_t *put = json_pack("{s:o}", "rules", arr);
	char *text = json_dumps(put, JSON_COMPACT);
	call(&towna, "PUT", "/api/v1/settings/meeting-rules", text, 403, "township may not edit rules");
	/* the rules are national: a county may not change every county's compliance */
	call(&county, "PUT", "/api/v1/settings/meeting-rules", text, 403, "a county may not edit the national rules");
	call(&admin, "PUT", "/api/v1/settings/meeting-rules", text, 200, "the administrator edits the rules");
	free(text);
	json_decref(put);
	json_decref(rules);
	c = get_json(&county, "/api/v1/compliance/meetings?division=" TOWN_A "&period=2026-11&page_size=200", 200);
	va = find_by(json_object_get(c, "orgs"), "org_id", org_va);
	EXPECT(va && find_kind(va, "party_lecture") && json_is_false(json_object_get(va, "compliant")),
	       "with monthly lectures village branch A falls short");
	json_decref(c);
}

/* ---- 3. 四议两公开 ------------------------------------------------------------------------ */

static void test_decisions(void)
{
	char body[512], path[96];
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"title\":\"村集体林地流转\",\"content\":\"流转 200 亩\"}", vill_a);
	int64_t id = call(&towna, "POST", "/api/v1/decisions", body, 201, "a major matter");
	call(&townb, "POST", "/api/v1/decisions", body, 404, "township B in A's village");
	/* B's try at A's matter: 404, as if it did not exist, and audited where the matter lives */
	call(&townb, "PATCH", fmt("/api/v1/decisions/%lld", (long long)id), "{\"title\":\"改\"}", 404, "B changes A's matter");
	json_t *denied = get_json(&auditor, fmt("/api/v1/audit?action=denied&entity=decision&entity_id=%lld", (long long)id), 200);
	EXPECT(jint(denied, "total") == 1 && !strcmp(jstr(json_array_get(json_object_get(denied, "items"), 0), "division"), vill_a),
	       "B's attempt is audited in A's village: %s", jd(denied));
	json_decref(denied);
	call(&towna, "POST", "/api/v1/decisions", "{\"division\":\"440232100\",\"title\":\"x\",\"content\":\"y\"}", 400,
	     "a township is not a village");
	snprintf(path, sizeof(path), "/api/v1/decisions/%lld/steps", (long long)id);
	expect_conflict_msg(&towna, path, "{\"step\":\"members_review\",\"total\":30,\"present\":25,\"for\":20}",
			    "next step is proposal", "review before the proposal");
	call(&towna, "POST", path, "{\"step\":\"proposal\",\"note\":\"支委会提议\"}", 201, "proposal");
	expect_conflict_msg(&towna, path, "{\"step\":\"proposal\"}", "next step is joint_deliberation", "proposal twice");
	call(&towna, "POST", path, "{\"step\":\"joint_deliberation\"}", 201, "joint deliberation");
	expect_conflict_msg(&towna, path, "{\"step\":\"members_review\",\"total\":30,\"present\":19,\"for\":19}",
			    "two thirds", "19 of 30 present");
	expect_conflict_msg(&towna, path, "{\"step\":\"members_review\",\"total\":30,\"present\":20,\"for\":15}",
			    "half", "15 of 30 for");
	call(&towna, "POST", path, "{\"step\":\"members_review\",\"total\":30}", 400, "counts missing");
	call(&towna, "POST", path, "{\"step\":\"members_review\",\"total\":30,\"present\":20,\"for\":16}", 201, "review passes");
	/* the representatives' meeting from its attendance: 3 expected, 2 present */
	snprintf(body, sizeof(body), "\"attendees\":[%lld,%lld,{\"person_id\":%lld,\"present\":false}]",
		 (long long)people_a[0], (long long)people_a[1], (long long)people_a[3]);
	int64_t reps = meeting_reps = meeting(&towna, org_va, "villager_reps", "2026-11-09T09:00:00+08:00", body, 201);
	snprintf(body, sizeof(body), "{\"step\":\"reps_decision\",\"meeting_id\":%lld,\"for\":1}", (long long)reps);
	expect_conflict_msg(&towna, path, body, "half of the representatives present", "1 of 2 present");
	snprintf(body, sizeof(body), "{\"step\":\"reps_decision\",\"meeting_id\":%lld,\"for\":2}", (long long)meeting_a);
	call(&towna, "POST", path, body, 400, "a committee meeting is not a representatives' meeting");
	snprintf(body, sizeof(body), "{\"step\":\"reps_decision\",\"meeting_id\":%lld,\"for\":2}", (long long)reps);
	call(&towna, "POST", path, body, 201, "reps decide with the meeting's attendance");
	call(&towna, "POST", path, "{\"step\":\"publish_decision\"}", 201, "publish the decision");
	call(&towna, "POST", path, "{\"step\":\"publish_result\"}", 201, "publish the result");
	expect_conflict_msg(&towna, path, "{\"step\":\"publish_result\"}", "done", "a seventh step");
	snprintf(path, sizeof(path), "/api/v1/decisions/%lld", (long long)id);
	json_t *d = get_json(&towna, path, 200);
	json_t *st = json_array_get(json_object_get(d, "steps"), 3);
	EXPECT(!strcmp(jstr(d, "status"), "done") && json_array_size(json_object_get(d, "steps")) == 6, "six steps, done");
	EXPECT(st && jint(st, "total") == 3 && jint(st, "present") == 2 && jint(st, "for") == 2, "counts from the meeting");
	json_decref(d);
	call(&townb, "GET", path, NULL, 404, "township B reads A's decision");
}

/* ---- 4. notices and receipts ------------------------------------------------------------------ */

static void test_notices(void)
{
	char body[1024], path[96];
	int64_t county_org = find_org("440232", "county_committee", NULL);
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"关于开展主题党日的通知\",\"body\":\"正文\","
		 "\"attachments\":[\"方案.docx\"],\"target_division\":\"440232\",\"target_org_ids\":[%lld,%lld]}",
		 (long long)county_org, (long long)org_ta, (long long)org_tb);
	int64_t n = call(&county, "POST", "/api/v1/notices", body, 201, "a notice to two townships");
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/sign", (long long)n);
	snprintf(body, sizeof(body), "{\"org_id\":%lld}", (long long)org_tb);
	call(&towna, "POST", path, body, 404, "A signs for B");
	snprintf(body, sizeof(body), "{\"org_id\":%lld}", (long long)org_ta);
	call(&towna, "POST", path, body, 200, "A signs");
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/receipts", (long long)n);
	json_t *rc = get_json(&county, path, 200);
	json_t *lv = json_array_get(json_object_get(rc, "levels"), 0);
	EXPECT(lv && !strcmp(jstr(lv, "level"), "township") && jint(lv, "orgs") == 2 && jint(lv, "unread") == 1 &&
	       jint(lv, "unsigned") == 1, "township level: 2 orgs, 1 unread, 1 unsigned");
	json_t *rb = find_by(json_object_get(rc, "items"), "org_id", org_tb);
	json_t *ra = find_by(json_object_get(rc, "items"), "org_id", org_ta);
	EXPECT(rb && json_is_null(json_object_get(rb, "read_at")) && ra && !json_is_null(json_object_get(ra, "signed_at")),
	       "the roster shows B unread and A signed");
	json_decref(rc);
	rc = get_json(&townb, path, 200);
	EXPECT(json_array_size(json_object_get(rc, "items")) == 1, "B sees only its own receipt");
	json_decref(rc);
	/* the roster filtered and paged; the totals per level stay whole */
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/receipts?status=unsigned", (long long)n);
	rc = get_json(&county, path, 200);
	EXPECT(jint(rc, "total") == 1 && jint(json_array_get(json_object_get(rc, "items"), 0), "org_id") == org_tb &&
	       jint(json_array_get(json_object_get(rc, "levels"), 0), "orgs") == 2, "status=unsigned lists B alone");
	json_decref(rc);
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/receipts?page_size=1&page=2", (long long)n);
	rc = get_json(&county, path, 200);
	EXPECT(jint(rc, "total") == 2 && json_array_size(json_object_get(rc, "items")) == 1 &&
	       jint(json_array_get(json_object_get(rc, "items"), 0), "org_id") != 0, "page 2 of 2, one receipt");
	json_decref(rc);
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/receipts?status=lost", (long long)n);
	call(&county, "GET", path, NULL, 400, "an unknown roster status");
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/receipts?level=village", (long long)n);
	rc = get_json(&county, path, 200);
	EXPECT(jint(rc, "total") == 0, "no village receipts for a notice to two townships");
	json_decref(rc);
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/remind", (long long)n);
	json_t *rem = NULL;
	struct resp r;
	req(&county, "POST", path, "{}", &r);
	EXPECT(r.status == 200 && jint(r.json, "reminded") == 1, "one organisation reminded: %ld %.200s", r.status, r.body);
	resp_free(&r);
	(void)rem;
	call(&townb, "POST", path, "{}", 403, "a recipient may not remind");
	json_t *audit = get_json(&auditor, "/api/v1/audit?entity=notice&action=remind", 200);
	EXPECT(jint(audit, "total") >= 1, "the reminder is audited");
	json_decref(audit);

	/* township A's notice to its villages: a task, already past due */
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"报送党员名册\",\"body\":\"请于期限内报送\","
		 "\"target_division\":\"%s\",\"target_org_types\":[\"village_branch\",\"general_branch\"],\"due_at\":\"2026-01-10\"}",
		 (long long)org_ta, TOWN_A);
	int64_t t = call(&towna, "POST", "/api/v1/notices", body, 201, "a task to the villages");
	snprintf(path, sizeof(path), "/api/v1/notices/%lld", (long long)t);
	call(&townb, "GET", path, NULL, 404, "township B reads A's notice");
	json_t *l = get_json(&townb, "/api/v1/notices", 200);
	EXPECT(find_by(json_object_get(l, "items"), "id", t) == NULL, "B's list leaves it out");
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/report", (long long)t);
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"text\":\"已报送\",\"files\":[\"党员名册.xlsx\"]}", (long long)org_va);
	call(&townb, "POST", path, body, 404, "B reports for A's village");
	call(&towna, "POST", path, body, 200, "the village reports back");
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/receipts", (long long)t);
	rc = get_json(&towna, path, 200);
	json_t *v = find_by(json_object_get(rc, "items"), "org_id", org_va);
	EXPECT(v && !strcmp(jstr(v, "task_status"), "late") && !strcmp(jstr(v, "report"), "已报送"), "reported after due: late");
	EXPECT(v && !strcmp(json_string_value(json_array_get(json_object_get(v, "report_files"), 0)), "党员名册.xlsx"),
	       "the report's file is kept");
	lv = json_array_get(json_object_get(rc, "levels"), 0);
	EXPECT(lv && !strcmp(jstr(lv, "level"), "village") && jint(lv, "late") == 1 && jint(lv, "overdue") == jint(lv, "orgs") - 1 &&
	       jint(lv, "not_reported") == jint(lv, "orgs") - 1, "the others are overdue");
	json_decref(rc);
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/report", (long long)n);
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"text\":\"x\"}", (long long)org_ta);
	call(&towna, "POST", path, body, 409, "a plain notice takes no report");

	/* by level: the county writes to every village-level organisation of township A and nothing else */
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"村级组织通知\",\"body\":\"正文\",\"target_division\":\"%s\","
		 "\"target_levels\":[\"village\"]}", (long long)county_org, TOWN_A);
	int64_t v_only = call(&county, "POST", "/api/v1/notices", body, 201, "a notice to the village level");
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/receipts", (long long)v_only);
	rc = get_json(&county, path, 200);
	lv = json_object_get(rc, "levels");
	EXPECT(json_array_size(lv) == 1 && !strcmp(jstr(json_array_get(lv, 0), "level"), "village") &&
	       jint(json_array_get(lv, 0), "orgs") > 5, "only village-level organisations, %lld of them",
	       (long long)jint(json_array_get(lv, 0), "orgs"));
	json_decref(rc);
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"x\",\"body\":\"y\",\"target_division\":\"%s\","
		 "\"target_levels\":[\"hamlet\"]}", (long long)county_org, TOWN_A);
	call(&county, "POST", "/api/v1/notices", body, 400, "an unknown level");
}

/* ---- 5. trainings ----------------------------------------------------------------------------- */

/* Disclosures with their public page; democratic review with 优秀 capped at a third. */
static void test_disclosures_and_reviews(void)
{
	char body[512], path[128];
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"kind\":\"finance\",\"title\":\"2026年第三季度财务公开\","
		 "\"content\":\"收入12万元，支出9万元\",\"period\":\"2026Q3\",\"published_on\":\"2026-10-10\"}", vill_a);
	call(&towna, "POST", "/api/v1/disclosures", body, 201, "a village disclosure");
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"kind\":\"village_affairs\",\"title\":\"未到公开日期\","
		 "\"content\":\"x\",\"published_on\":\"2099-01-01\"}", vill_a);
	call(&towna, "POST", "/api/v1/disclosures", body, 201, "a disclosure dated later");
	call(&towna, "POST", "/api/v1/disclosures", "{\"division\":\"" TOWN_A "\",\"kind\":\"finance\",\"title\":\"t\","
	     "\"content\":\"c\",\"published_on\":\"2026-10-10\"}", 400, "a disclosure belongs to a village");
	call(&townb, "POST", "/api/v1/disclosures", "{\"division\":\"440232100212\",\"kind\":\"finance\",\"title\":\"t\","
	     "\"content\":\"c\",\"published_on\":\"2026-10-10\"}", 403, "another township's village");
	/* the decision a disclosure publishes is one of its village's */
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"title\":\"道路硬化\",\"content\":\"村道 2 公里\"}", vill_a);
	int64_t decision = call(&towna, "POST", "/api/v1/decisions", body, 201, "a matter to publish");
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"kind\":\"village_affairs\",\"title\":\"决议公开\","
		 "\"content\":\"c\",\"published_on\":\"2026-10-11\",\"decision_id\":999999}", vill_a);
	call(&towna, "POST", "/api/v1/disclosures", body, 400, "a decision that does not exist");
	snprintf(body, sizeof(body), "{\"division\":\"440232103201\",\"kind\":\"village_affairs\",\"title\":\"决议公开\","
		 "\"content\":\"c\",\"published_on\":\"2026-10-11\",\"decision_id\":%lld}", (long long)decision);
	call(&county, "POST", "/api/v1/disclosures", body, 400, "another village's decision");
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"kind\":\"village_affairs\",\"title\":\"决议公开\","
		 "\"content\":\"c\",\"published_on\":\"2099-01-02\",\"decision_id\":%lld}", vill_a, (long long)decision);
	call(&towna, "POST", "/api/v1/disclosures", body, 201, "the village's own decision");
	snprintf(path, sizeof(path), "/api/v1/public/disclosures/%s", vill_a);
	struct resp r;
	http(&srv, "GET", path, NULL, NULL, &r);   /* no login */
	EXPECT(r.status == 200 && jint(r.json, "total") == 1 && json_is_string(json_object_get(r.json, "village")),
	       "the public page shows what is published: %.300s", r.body);
	EXPECT(strstr(r.body, "未到公开日期") == NULL, "nothing dated later is shown");
	resp_free(&r);
	http(&srv, "GET", "/api/v1/public/disclosures/440232100", NULL, NULL, &r);
	EXPECT(r.status == 404, "only villages have a public page: %ld", r.status);
	resp_free(&r);

	/* the branch of village A: its members, graded; at most a third excellent */
	snprintf(path, sizeof(path), "/api/v1/people?org_id=%lld&political_status=member&page_size=200", (long long)org_va);
	json_t *people = get_json(&towna, path, 200);
	snprintf(path, sizeof(path), "/api/v1/people?org_id=%lld&page_size=1", (long long)org_va);
	json_t *all = get_json(&towna, path, 200);
	int64_t members = jint(all, "total");
	json_decref(all);
	size_t i, accepted = 0, refused = 0;
	json_t *p;
	json_array_foreach(json_object_get(people, "items"), i, p) {
		snprintf(body, sizeof(body), "{\"person_id\":%lld,\"year\":2026,\"grade\":\"excellent\"}",
			 (long long)jint(p, "id"));
		struct resp x;
		req(&towna, "POST", "/api/v1/member-reviews", body, &x);
		if (x.status == 201)
			accepted++;
		else if (x.status == 409)
			refused++;
		resp_free(&x);
	}
	json_decref(people);
	EXPECT((int64_t)accepted * 3 <= members && (int64_t)(accepted + 1) * 3 > members,
	       "excellent capped at a third: %zu of %lld members", accepted, (long long)members);
	EXPECT(refused > 0, "the grade over the cap is refused (409)");
	json_t *list = get_json(&towna, "/api/v1/member-reviews?year=2026&grade=excellent&page_size=1", 200);
	EXPECT(jint(list, "total") == (int64_t)accepted, "the reviews are listed");
	json_decref(list);
	json_t *other = get_json(&townb, "/api/v1/member-reviews?year=2026", 200);
	EXPECT(jint(other, "total") == 0, "another township sees none of them");
	json_decref(other);
}

static void test_trainings(void)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"kind\":\"e_commerce\",\"title\":\"农村电商培训\",\"venue\":\"镇党校\","
		 "\"starts_at\":\"2026-11-03T09:00:00+08:00\",\"hours\":2.5,\"attendees\":[%lld,%lld]}",
		 (long long)org_ta, (long long)people_a[0], (long long)people_a[1]);
	int64_t id = call(&towna, "POST", "/api/v1/trainings", body, 201, "a training");
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"kind\":\"e_commerce\",\"title\":\"x\",\"starts_at\":\"2026-11-03T09:00:00+08:00\","
		 "\"hours\":1,\"attendees\":[%lld]}", (long long)org_tb, (long long)people_a[0]);
	call(&townb, "POST", "/api/v1/trainings", body, 400, "B trains A's villager");
	json_t *s = get_json(&county, "/api/v1/trainings/stats?division=440232&from=2026-11-01&to=2026-11-30", 200);
	json_t *row = json_array_get(json_object_get(s, "by_division"), 0);
	EXPECT(row && !strcmp(jstr(row, "division"), TOWN_A) && jint(row, "person_times") == 2 &&
	       json_real_value(json_object_get(row, "hours")) == 5.0, "2 person-times, 5 hours in township A");
	json_decref(s);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/people/%lld/trainings", (long long)people_a[0]);
	s = get_json(&towna, path, 200);
	EXPECT(jint(s, "trainings") == 1, "the person's trainings");
	json_decref(s);
	snprintf(path, sizeof(path), "/api/v1/trainings/%lld", (long long)id);
	call(&townb, "GET", path, NULL, 404, "B reads A's training");
}

/* ---- 6. corrections: PATCH and DELETE, with what must stay ------------------------------------ */

static void test_corrections(void)
{
	char body[1024], path[96];
	/* a meeting: the topic and place change; a move onto Thursday needs the urgent exception */
	int64_t m = meeting(&towna, org_va, "party_group", "2026-11-17T19:00:00+08:00", "\"place\":\"组长家\"", 201);
	snprintf(path, sizeof(path), "/api/v1/meetings/%lld", (long long)m);
	call(&towna, "PATCH", path, "{\"topic\":\"学习会\",\"place\":\"村委会\"}", 200, "meeting topic and place");
	json_t *j = get_json(&towna, path, 200);
	EXPECT(!strcmp(jstr(j, "topic"), "学习会") && !strcmp(jstr(j, "place"), "村委会") && !strcmp(jstr(j, "kind"), "party_group"),
	       "the patch changed topic and place and kept the kind");
	json_decref(j);
	call(&towna, "PATCH", path, "{\"starts_at\":\"2026-11-19T19:00:00+08:00\"}", 409, "moved onto a Thursday");
	call(&towna, "PATCH", path, "{\"colour\":\"red\"}", 400, "an unknown field");
	call(&townb, "PATCH", path, "{\"topic\":\"x\"}", 404, "township B patches A's meeting");
	snprintf(body, sizeof(body), "{\"attendees\":[%lld,{\"person_id\":%lld,\"present\":false,\"reason\":\"病假\"}]}",
		 (long long)people_a[0], (long long)people_a[1]);
	call(&towna, "PATCH", path, body, 200, "the attendance is replaced");
	j = get_json(&towna, path, 200);
	EXPECT(jint(j, "expected") == 2 && jint(j, "present") == 1, "attendance 2/1 after the patch");
	json_decref(j);
	call(&townb, "DELETE", path, NULL, 404, "township B deletes A's meeting");
	call(&towna, "DELETE", path, NULL, 200, "the meeting is deleted");
	call(&towna, "GET", path, NULL, 404, "the deleted meeting is gone");
	json_t *audit = get_json(&auditor, "/api/v1/audit?entity=meeting&action=delete", 200);
	EXPECT(jint(audit, "total") == 1, "the deletion is audited");
	json_decref(audit);
	/* the representatives' meeting a 四议两公开 step cites stays as it is */
	snprintf(path, sizeof(path), "/api/v1/meetings/%lld", (long long)meeting_reps);
	j = get_json(&towna, path, 200);
	EXPECT(jint(j, "cited_by_steps") == 1, "the meeting says a step cites it");
	json_decref(j);
	call(&towna, "DELETE", path, NULL, 409, "a cited meeting is not deleted");
	call(&towna, "PATCH", path, "{\"kind\":\"women_reps\"}", 409, "a cited meeting keeps its kind");
	call(&towna, "PATCH", path, "{\"minutes\":\"会议纪要补录\"}", 200, "a cited meeting's minutes may be added");

	/* a decision: its text changes; with steps it stays */
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"title\":\"修建村道\",\"content\":\"硬化 2 公里\"}", vill_a);
	int64_t d = call(&towna, "POST", "/api/v1/decisions", body, 201, "a second matter");
	snprintf(path, sizeof(path), "/api/v1/decisions/%lld", (long long)d);
	call(&towna, "PATCH", path, "{\"title\":\"修建村组道路\"}", 200, "the title is corrected");
	call(&towna, "PATCH", path, "{\"division\":\"440232100201\"}", 400, "the village stays");
	j = get_json(&towna, path, 200);
	EXPECT(!strcmp(jstr(j, "title"), "修建村组道路") && !strcmp(jstr(j, "content"), "硬化 2 公里"), "title changed, content kept");
	json_decref(j);
	/* 一肩挑: proposal and deliberation merge only where the secretary is also the director */
	/* the village's own branch (a 党总支 or a 党支部) sits right under the township committee */
	char org_path[96];
	snprintf(org_path, sizeof(org_path), "/api/v1/orgs?division=%s&parent_id=%lld&page_size=50", vill_a, (long long)org_ta);
	j = get_json(&admin, org_path, 200);
	int64_t village_org = 0;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "items"), i, o)
		if (!strcmp(jstr(o, "type"), "general_branch") || !strcmp(jstr(o, "type"), "village_branch"))
			village_org = jint(o, "id");
	json_decref(j);
	EXPECT(village_org > 0, "the village's own branch");
	snprintf(org_path, sizeof(org_path), "/api/v1/orgs/%lld", (long long)village_org);
	call(&admin, "PATCH", org_path, "{\"secretary_is_director\":false}", 200, "the branch is not 一肩挑");
	snprintf(path, sizeof(path), "/api/v1/decisions/%lld/steps", (long long)d);
	expect_conflict_msg(&towna, path, "{\"step\":\"proposal\",\"merged\":true}", "一肩挑", "merging without 一肩挑");
	call(&admin, "PATCH", org_path, "{\"secretary_is_director\":true}", 200, "the branch is marked 一肩挑");
	call(&towna, "POST", path, "{\"step\":\"joint_deliberation\",\"merged\":true}", 409, "out of order, merged or not");
	call(&towna, "POST", path, "{\"step\":\"proposal\",\"merged\":true,\"note\":\"书记主任一肩挑\"}", 201, "merged steps");
	snprintf(path, sizeof(path), "/api/v1/decisions/%lld", (long long)d);
	j = get_json(&towna, path, 200);
	json_t *steps = json_object_get(j, "steps");
	EXPECT(json_array_size(steps) == 2 && !strcmp(jstr(json_array_get(steps, 1), "step"), "joint_deliberation") &&
	       !strcmp(jstr(j, "next_step"), "members_review"), "proposal and deliberation recorded together; next the review");
	json_decref(j);
	call(&towna, "DELETE", path, NULL, 409, "a matter with steps stays");
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"title\":\"误录\",\"content\":\"x\"}", vill_a);
	d = call(&towna, "POST", "/api/v1/decisions", body, 201, "a matter entered by mistake");
	snprintf(path, sizeof(path), "/api/v1/decisions/%lld", (long long)d);
	call(&townb, "DELETE", path, NULL, 404, "township B deletes A's matter");
	call(&towna, "DELETE", path, NULL, 200, "a matter without steps is deleted");
	call(&towna, "GET", path, NULL, 404, "and is gone");

	/* a training: hours and attendees change; then it is deleted */
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"kind\":\"farming\",\"title\":\"茶叶种植\",\"starts_at\":"
		 "\"2026-11-12T09:00:00+08:00\",\"hours\":1,\"attendees\":[%lld]}", (long long)org_ta, (long long)people_a[4]);
	int64_t t = call(&towna, "POST", "/api/v1/trainings", body, 201, "a farming training");
	snprintf(path, sizeof(path), "/api/v1/trainings/%lld", (long long)t);
	snprintf(body, sizeof(body), "{\"hours\":3,\"attendees\":[%lld,%lld]}", (long long)people_a[4], (long long)people_a[5]);
	call(&towna, "PATCH", path, body, 200, "hours and attendees");
	j = get_json(&towna, path, 200);
	EXPECT(json_real_value(json_object_get(j, "hours")) == 3.0 && jint(j, "attendees") == 2 &&
	       !strcmp(jstr(j, "kind"), "farming"), "3 hours, 2 attendees, kind kept");
	json_decref(j);
	call(&townb, "PATCH", path, "{\"hours\":2}", 404, "township B patches A's training");
	call(&towna, "PATCH", path, "{\"hours\":0}", 400, "zero hours");
	call(&towna, "DELETE", path, NULL, 200, "the training is deleted");
	snprintf(path, sizeof(path), "/api/v1/people/%lld/trainings", (long long)people_a[5]);
	j = get_json(&towna, path, 200);
	EXPECT(jint(j, "trainings") == 0, "the person's record no longer lists it");
	json_decref(j);
}

/* ---- 7. tasks and the own-organisation inbox ---------------------------------------------------- */

static void test_tasks_and_inbox(void)
{
	char body[1024], path[96];
	int64_t county_org = find_org("440232", "county_committee", NULL);
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"报送年度党建工作总结\",\"body\":\"12 月底前报送\","
		 "\"target_division\":\"440232\",\"target_org_ids\":[%lld,%lld]}", (long long)county_org, (long long)org_ta,
		 (long long)org_tb);
	call(&county, "POST", "/api/v1/tasks", body, 400, "a task needs a due date");
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"报送年度党建工作总结\",\"body\":\"12 月底前报送\","
		 "\"target_division\":\"440232\",\"target_org_ids\":[%lld,%lld],\"due_at\":\"2099-12-31\"}",
		 (long long)county_org, (long long)org_ta, (long long)org_tb);
	int64_t t = call(&county, "POST", "/api/v1/tasks", body, 201, "a task to two townships");
	json_t *l = get_json(&county, "/api/v1/tasks?page_size=200", 200);
	json_t *it = find_by(json_object_get(l, "items"), "id", t);
	EXPECT(it && json_is_true(json_object_get(it, "task")) && !strcmp(jstr(it, "task_status"), "open") &&
	       jint(it, "pending") == 2, "the task is open with 2 pending");
	size_t i;
	json_t *x;
	bool only_tasks = true, overdue = false;
	json_array_foreach(json_object_get(l, "items"), i, x) {
		only_tasks &= json_is_true(json_object_get(x, "task"));
		overdue |= !strcmp(jstr(x, "task_status"), "overdue") && jint(x, "late") == 1;
	}
	EXPECT(only_tasks && overdue, "/tasks lists tasks only; the January task is overdue with one late report");
	json_decref(l);
	snprintf(path, sizeof(path), "/api/v1/notices/%lld/report", (long long)t);
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"text\":\"已报送总结\"}", (long long)org_ta);
	call(&towna, "POST", path, body, 200, "township A reports");

	/* township B's inbox: what its own committee received, and what it still has to act on */
	l = get_json(&townb, "/api/v1/notices?mine=1&page_size=200", 200);
	it = find_by(json_object_get(l, "items"), "id", t);
	json_t *own = it ? json_array_get(json_object_get(it, "own_receipts"), 0) : NULL;
	EXPECT(own && jint(own, "org_id") == org_tb && json_is_null(json_object_get(own, "reported_at")),
	       "B's inbox has the task with its own receipt");
	json_decref(l);
	l = get_json(&towna, "/api/v1/notices?mine=1&pending=1&page_size=200", 200);
	EXPECT(find_by(json_object_get(l, "items"), "id", t) == NULL, "A has reported: not pending for A");
	json_decref(l);
	l = get_json(&townb, "/api/v1/notices?mine=1&pending=1&page_size=200", 200);
	EXPECT(find_by(json_object_get(l, "items"), "id", t) != NULL, "still pending for B");
	json_decref(l);
	l = get_json(&county, "/api/v1/notices?mine=1", 200);
	EXPECT(jint(l, "total") == 0, "nothing was sent to the county's own organisations");
	json_decref(l);
	call(&townb, "GET", "/api/v1/notices?pending=1", NULL, 400, "pending without mine");

	/* the sender corrects and withdraws; recipients may not */
	snprintf(path, sizeof(path), "/api/v1/notices/%lld", (long long)t);
	call(&townb, "PATCH", path, "{\"title\":\"x\"}", 403, "a recipient edits the task");
	call(&county, "PATCH", path, "{\"title\":\"报送2026年度党建工作总结\",\"due_at\":\"2099-12-30\"}", 200, "the sender edits");
	json_t *n = get_json(&townb, path, 200);
	EXPECT(!strcmp(jstr(n, "title"), "报送2026年度党建工作总结") && strstr(jstr(n, "due_at"), "2099-12-30") != NULL,
	       "title and due date changed: %s", jstr(n, "due_at"));
	json_decref(n);
	call(&townb, "DELETE", path, NULL, 403, "a recipient withdraws the task");
	call(&county, "DELETE", path, NULL, 200, "the sender withdraws it");
	call(&townb, "GET", path, NULL, 404, "withdrawn: gone for the recipients");
	json_t *audit = get_json(&auditor, "/api/v1/audit?entity=notice&action=delete", 200);
	EXPECT(jint(audit, "total") == 1, "the withdrawal is audited");
	json_decref(audit);
}

/* ---- 8. family party schools ------------------------------------------------------------------ */

static int64_t school_session(int64_t school, const char *at, bool exchange, long want)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"school_id\":%lld,\"title\":\"学政策、学技术\",\"starts_at\":\"%s\",\"hours\":2,"
		 "\"exchange\":%s,\"attendees\":[%lld,%lld,%lld]}", (long long)school, at, exchange ? "true" : "false",
		 (long long)people_a[0], (long long)people_a[1], (long long)people_a[2]);
	return call(&towna, "POST", "/api/v1/trainings", body, want, "a family school session");
}

static void test_family_schools(void)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"name\":\"张家家庭党校\",\"division\":\"%s\",\"org_id\":%lld,\"host_id\":%lld,"
		 "\"activity_day\":15,\"exchange_week\":2,\"founded_on\":\"2026-01-01\"}", vill_a, (long long)org_va,
		 (long long)people_a[0]);
	int64_t s1 = call(&towna, "POST", "/api/v1/family-schools", body, 201, "a family party school");
	call(&townb, "POST", "/api/v1/family-schools", body, 403, "township B in A's village");
	snprintf(body, sizeof(body), "{\"name\":\"x\",\"division\":\"%s\",\"org_id\":%lld,\"activity_day\":15,"
		 "\"exchange_week\":2}", TOWN_A, (long long)org_ta);
	call(&towna, "POST", "/api/v1/family-schools", body, 400, "a school is in a village");
	snprintf(body, sizeof(body), "{\"name\":\"x\",\"division\":\"%s\",\"org_id\":%lld,\"activity_day\":15,"
		 "\"exchange_week\":2}", vill_a, (long long)org_tb);
	call(&admin, "POST", "/api/v1/family-schools", body, 400, "guided by another township's committee");
	snprintf(body, sizeof(body), "{\"name\":\"x\",\"division\":\"%s\",\"org_id\":%lld,\"activity_day\":31,"
		 "\"exchange_week\":2}", vill_a, (long long)org_va);
	call(&towna, "POST", "/api/v1/family-schools", body, 400, "activity day 31");
	snprintf(body, sizeof(body), "{\"name\":\"李家家庭党校\",\"division\":\"%s\",\"org_id\":%lld,\"activity_day\":10,"
		 "\"exchange_week\":1,\"founded_on\":\"2026-12-01\"}", vill_a, (long long)org_va);
	int64_t s2 = call(&towna, "POST", "/api/v1/family-schools", body, 201, "a school opened in December");

	/* Q4: activities on 15 Oct (its day) and 3 Nov, none in December; the exchange on Sat 10 Oct (week 2: 8-14 Oct) */
	school_session(s1, "2026-10-15T19:30:00+08:00", false, 201);
	school_session(s1, "2026-11-03T19:30:00+08:00", false, 201);
	school_session(s1, "2026-10-10T09:00:00+08:00", true, 201);
	char bad[512];
	snprintf(bad, sizeof(bad), "{\"school_id\":%lld,\"kind\":\"e_commerce\",\"title\":\"x\",\"starts_at\":"
		 "\"2026-11-03T19:30:00+08:00\",\"hours\":1}", (long long)s1);
	call(&towna, "POST", "/api/v1/trainings", bad, 400, "a school's session is of kind family_school");
	snprintf(bad, sizeof(bad), "{\"org_id\":%lld,\"kind\":\"skills\",\"title\":\"x\",\"starts_at\":"
		 "\"2026-11-03T19:30:00+08:00\",\"hours\":1,\"exchange\":true}", (long long)org_ta);
	call(&towna, "POST", "/api/v1/trainings", bad, 400, "an exchange belongs to a school");
	snprintf(bad, sizeof(bad), "{\"school_id\":%lld,\"title\":\"x\",\"starts_at\":\"2026-11-03T19:30:00+08:00\",\"hours\":1}",
		 (long long)s1);
	call(&townb, "POST", "/api/v1/trainings", bad, 404, "township B runs A's school");

	json_t *a = get_json(&county, "/api/v1/family-schools/activity?division=" TOWN_A "&period=2026Q4", 200);
	json_t *one = find_by(json_object_get(json_object_get(a, "schools"), "items"), "id", s1);
	json_t *two = find_by(json_object_get(json_object_get(a, "schools"), "items"), "id", s2);
	/* on 6 December the quarter is in progress: December without its activity yet is open, not missed */
	EXPECT(one && jint(one, "months") == 3 && jint(one, "months_held") == 2 && jint(one, "months_on_day") == 1 &&
	       jint(one, "quarters") == 1 && jint(one, "quarters_held") == 1 && jint(one, "quarters_in_week") == 1 &&
	       jint(one, "months_missed") == 0 && jint(one, "months_open") == 1 &&
	       json_is_true(json_object_get(one, "compliant")) && !strcmp(jstr(one, "status"), "in_progress") &&
	       jint(one, "sessions") == 3 && jint(one, "person_times") == 9,
	       "Q4: 2 of 3 months, December open, 1 on the day, the exchange in its week, 3 sessions: %s", one ? jd(one) : "");
	EXPECT(two && jint(two, "months") == 1 && jint(two, "months_held") == 0 && jint(two, "months_open") == 1 &&
	       !strcmp(jstr(two, "status"), "in_progress"), "the December school owes December only, still open");
	json_t *tot = json_object_get(a, "totals");
	EXPECT(jint(tot, "schools") == 2 && jint(tot, "compliant") == 2 && jint(tot, "in_progress") == 2 &&
	       jint(tot, "sessions") == 3 && json_is_true(json_object_get(a, "in_progress")), "Q4 totals: nothing missed yet");
	json_t *row = json_array_get(json_object_get(a, "by_division"), 0);
	EXPECT(row && !strcmp(jstr(row, "division"), vill_a) && jint(row, "schools") == 2, "rolled up to the village");
	json_decref(a);
	a = get_json(&county, "/api/v1/family-schools/activity?division=" TOWN_A "&period=2026-11", 200);
	one = find_by(json_object_get(json_object_get(a, "schools"), "items"), "id", s1);
	EXPECT(jint(json_object_get(a, "totals"), "schools") == 1 && one && json_is_true(json_object_get(one, "compliant")) &&
	       jint(one, "quarters") == 0, "November: one open school, its activity held, no quarter ends");
	json_decref(a);
	a = get_json(&townb, "/api/v1/family-schools/activity?period=2026Q4", 200);
	EXPECT(jint(json_object_get(a, "totals"), "schools") == 0, "township B sees none of A's schools");
	json_decref(a);
	/* Q3 has ended: a school open then without its activities has missed them */
	a = get_json(&county, "/api/v1/family-schools/activity?division=" TOWN_A "&period=2026Q3", 200);
	one = find_by(json_object_get(json_object_get(a, "schools"), "items"), "id", s1);
	EXPECT(one && jint(one, "months_missed") == 3 && jint(one, "months_open") == 0 &&
	       !strcmp(jstr(one, "status"), "noncompliant") && json_is_false(json_object_get(a, "in_progress")),
	       "Q3 ended: three months missed");
	json_decref(a);
	call(&county, "GET", "/api/v1/family-schools/activity?division=440232&period=2026W3", NULL, 400, "bad period");
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/trainings?school_id=%lld", (long long)s1);
	a = get_json(&towna, path, 200);
	EXPECT(jint(a, "total") == 3, "the school's sessions are listed");
	json_decref(a);
}

/* ---- 10. issue 13: planned meetings, the 党员大会 quorum, party groups, rules by place, one notice a village -- */

/* A compliance kind of org in period (NULL when not assessed); *out holds the reply to decref. */
static json_t *kind_in(const char *period, int64_t org, const char *kind, json_t **out)
{
	*out = get_json(&county, fmt("/api/v1/compliance/meetings?division=%s&period=%s&page_size=200", vill_a, period), 200);
	json_t *o = find_by(json_object_get(*out, "orgs"), "org_id", org);
	return o ? find_kind(o, kind) : NULL;
}

static int64_t person(const char *name, const char *status, int64_t org)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"division\":\"%s\",\"political_status\":\"%s\",\"org_id\":%lld}", name,
		 vill_a, status, (long long)org);
	return call(&admin, "POST", "/api/v1/people", body, 201, name);
}

static void test_issue13(void)
{
	char body[1024];
	json_t *c;
	/* a branch of five full members and one probationary member, with a party group under it */
	snprintf(body, sizeof(body), "{\"name\":\"中共测试村第二支部委员会\",\"type\":\"village_branch\",\"division\":\"%s\"}", vill_a);
	int64_t br = call(&admin, "POST", "/api/v1/orgs", body, 201, "a branch");
	snprintf(body, sizeof(body), "{\"name\":\"第一党小组\",\"type\":\"party_group\",\"division\":\"%s\",\"parent_id\":%lld}",
		 vill_a, (long long)br);
	int64_t grp = call(&admin, "POST", "/api/v1/orgs", body, 201, "its party group");
	int64_t full[5], prob;
	static const char *const names[] = { "甲党员", "乙党员", "丙党员", "丁党员", "戊党员" };
	for (int i = 0; i < 5; i++)
		full[i] = person(names[i], "member", br);
	prob = person("己预备党员", "probationary", br);

	/* planned -> held: a meeting dated ahead is a plan; only held meetings count */
	meeting(&towna, br, "theme_day", "2026-12-20T09:00:00+08:00", NULL, 400);
	int64_t plan = meeting(&towna, br, "theme_day", "2026-12-20T09:00:00+08:00", "\"status\":\"planned\"", 201);
	int64_t past = meeting(&towna, br, "theme_day", "2026-12-02T09:00:00+08:00", "\"status\":\"planned\"", 201);
	json_t *k = kind_in("2026-12", br, "theme_day", &c);
	EXPECT(k && jint(k, "held") == 0 && jint(k, "open") == 1, "planned meetings do not count: %s", k ? jd(k) : "none");
	json_decref(c);
	json_t *l = get_json(&towna, fmt("/api/v1/meetings?org_id=%lld&status=planned", (long long)br), 200);
	EXPECT(jint(l, "total") == 2 && !strcmp(jstr(json_array_get(json_object_get(l, "items"), 0), "status"), "planned"),
	       "two planned meetings listed");
	json_decref(l);
	call(&towna, "PATCH", fmt("/api/v1/meetings/%lld", (long long)plan), "{\"status\":\"held\"}", 400,
	     "a meeting on 20 December is not held on the 6th");
	call(&towna, "PATCH", fmt("/api/v1/meetings/%lld", (long long)past), "{\"status\":\"held\"}", 200, "held on 2 December");
	k = kind_in("2026-12", br, "theme_day", &c);
	EXPECT(k && jint(k, "held") == 1 && jint(k, "open") == 0, "the held one counts: %s", k ? jd(k) : "none");
	json_decref(c);
	call(&towna, "PATCH", fmt("/api/v1/meetings/%lld", (long long)past), "{\"status\":\"planned\"}", 409, "held stays held");
	call(&towna, "GET", "/api/v1/meetings?status=done", NULL, 400, "an unknown status");

	/* 党员大会: more than half of the five full members; the probationary member does not count */
	snprintf(body, sizeof(body), "\"attendees\":[%lld,%lld,%lld,{\"person_id\":%lld,\"present\":false},"
		 "{\"person_id\":%lld,\"present\":false},{\"person_id\":%lld,\"present\":false}]", (long long)full[0],
		 (long long)full[1], (long long)prob, (long long)full[2], (long long)full[3], (long long)full[4]);
	int64_t low = meeting(&towna, br, "branch_general", "2026-10-12T09:00:00+08:00", body, 201);
	json_t *m = get_json(&towna, fmt("/api/v1/meetings/%lld", (long long)low), 200);
	EXPECT(jint(m, "present") == 3 && jint(m, "entitled") == 5 && json_is_false(json_object_get(m, "quorum")),
	       "2 of 5 full members (and a probationary one): no quorum: %s", jd(m));
	json_decref(m);
	k = kind_in("2026-12", br, "branch_general", &c);
	EXPECT(k && jint(k, "held") == 0 && jint(k, "open") == 1, "a 党员大会 without its quorum does not count");
	json_decref(c);
	snprintf(body, sizeof(body), "\"attendees\":[%lld,%lld,%lld,%lld,{\"person_id\":%lld,\"present\":false},"
		 "{\"person_id\":%lld,\"present\":false}]", (long long)full[0], (long long)full[1], (long long)full[2],
		 (long long)prob, (long long)full[3], (long long)full[4]);
	int64_t ok = meeting(&towna, br, "branch_general", "2026-11-16T09:00:00+08:00", body, 201);
	m = get_json(&towna, fmt("/api/v1/meetings/%lld", (long long)ok), 200);
	EXPECT(jint(m, "entitled") == 5 && json_is_true(json_object_get(m, "quorum")), "3 of 5 full members: quorum");
	json_decref(m);
	k = kind_in("2026-12", br, "branch_general", &c);
	EXPECT(k && jint(k, "held") == 1 && jint(k, "open") == 0, "the quorate 党员大会 counts");
	json_decref(c);
	/* ... and only it may stand for the 党员大会审议 step of 四议两公开 */
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"title\":\"修建村道\",\"content\":\"硬化村道 2 公里\"}", vill_a);
	int64_t dec = call(&towna, "POST", "/api/v1/decisions", body, 201, "a major matter");
	char steps[96];
	snprintf(steps, sizeof(steps), "/api/v1/decisions/%lld/steps", (long long)dec);
	call(&towna, "POST", steps, "{\"step\":\"proposal\"}", 201, "proposal");
	call(&towna, "POST", steps, "{\"step\":\"joint_deliberation\"}", 201, "joint deliberation");
	snprintf(body, sizeof(body), "{\"step\":\"members_review\",\"meeting_id\":%lld,\"for\":3}", (long long)low);
	expect_conflict_msg(&towna, steps, body, "no more than half", "a review on a 党员大会 without quorum");
	snprintf(body, sizeof(body), "{\"step\":\"members_review\",\"meeting_id\":%lld,\"for\":4}", (long long)plan);
	call(&towna, "POST", steps, body, 400, "a planned theme day is not a 党员大会");
	snprintf(body, sizeof(body), "{\"step\":\"members_review\",\"meeting_id\":%lld,\"for\":4}", (long long)ok);
	call(&towna, "POST", steps, body, 201, "a review on the quorate 党员大会");
	/* one language a message field: the reason of a failed quorum is Chinese in message, English in message_en */
	snprintf(body, sizeof(body), "{\"division\":\"%s\",\"title\":\"修建水池\",\"content\":\"新建蓄水池\"}", vill_a);
	int64_t dec2 = call(&towna, "POST", "/api/v1/decisions", body, 201, "a second matter");
	snprintf(steps, sizeof(steps), "/api/v1/decisions/%lld/steps", (long long)dec2);
	call(&towna, "POST", steps, "{\"step\":\"proposal\"}", 201, "proposal");
	call(&towna, "POST", steps, "{\"step\":\"joint_deliberation\"}", 201, "joint deliberation");
	struct resp q;
	req(&towna, "POST", steps, "{\"step\":\"members_review\",\"total\":30,\"present\":19,\"for\":19}", &q);
	json_t *err = json_object_get(q.json, "error");
	const char *zh = json_string_value(json_object_get(err, "message_zh")), *en = json_string_value(json_object_get(err, "message_en"));
	EXPECT(q.status == 409 && zh && en && !strstr(zh, "fewer") && !strstr(zh, " / ") && strstr(en, "two thirds") &&
	       !strstr(en, "三分之二"), "one language a field: %s | %s", zh ? zh : "", en ? en : "");
	resp_free(&q);

	/* a 党小组会 the party group records credits its branch */
	meeting(&towna, grp, "party_group", "2026-11-18T19:30:00+08:00", NULL, 201);
	k = kind_in("2026-11", br, "party_group", &c);
	EXPECT(k && jint(k, "held") == 1 && jint(k, "missing") == 0, "the group's meeting credits the branch: %s", k ? jd(k) : "");
	json_decref(c);

	/* meeting rules have a place */
	json_t *r = get_json(&county, "/api/v1/settings/meeting-rules?division=440203", 200);
	bool township_rule = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(r, "effective"), i, it)
		township_rule |= !strcmp(jstr(it, "kind"), "area_meeting");
	EXPECT(!township_rule && json_array_size(json_object_get(r, "effective")) == 35 &&
	       json_array_size(json_object_get(r, "rules")) == 0, "another county: the 35 national rules only");
	json_decref(r);
	r = get_json(&county, "/api/v1/settings/meeting-rules?division=" TOWN_A, 200);
	EXPECT(json_array_size(json_object_get(r, "effective")) == 37, "乳源's townships: 37 rules");
	json_decref(r);
	const char *own = "{\"rules\":[{\"org_type\":\"township_committee\",\"kind\":\"township_village_work\",\"frequency\":\"monthly\"}]}";
	call(&towna, "PUT", "/api/v1/settings/meeting-rules?division=440232", own, 403, "a township sets the county's rules");
	call(&county, "PUT", "/api/v1/settings/meeting-rules?division=440203", own, 403, "乳源 sets another county's rules");
	call(&county, "PUT", "/api/v1/settings/meeting-rules", own, 403, "乳源 sets the national rules");
	call(&county, "PUT", "/api/v1/settings/meeting-rules?division=" TOWN_A, own, 200, "乳源 sets a rule for township A");
	c = get_json(&county, "/api/v1/compliance/meetings?division=440232&period=2026-11&page_size=200", 200);
	json_t *ta = find_by(json_object_get(c, "orgs"), "org_id", org_ta), *tb = find_by(json_object_get(c, "orgs"), "org_id", org_tb);
	k = ta ? find_kind(ta, "township_village_work") : NULL;
	EXPECT(k && !strcmp(jstr(k, "frequency"), "monthly") && !strcmp(jstr(k, "rule_division"), TOWN_A) &&
	       jint(k, "expected") == 1, "township A: the monthly rule of its own place");
	k = tb ? find_kind(tb, "township_village_work") : NULL;
	EXPECT(k && !strcmp(jstr(k, "frequency"), "weekly") && !strcmp(jstr(k, "rule_division"), "440232"),
	       "township B: the county's weekly rule");
	json_decref(c);
	call(&county, "PUT", "/api/v1/settings/meeting-rules?division=" TOWN_A, "{\"rules\":[]}", 200, "township A's rule removed");

	/* a notice to one organisation per village */
	char gdiv[16] = "";
	int64_t general = find_org("440232", "general_branch", gdiv);
	int64_t county_org = find_org("440232", "county_committee", NULL);
	if (general && *gdiv) {
		snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"每村一份\",\"body\":\"正文\",\"target_division\":\"%s\"%s}",
			 (long long)county_org, gdiv, "");
		json_t *all = NULL;
		struct resp rs;
		req(&county, "POST", "/api/v1/notices", body, &rs);
		EXPECT(rs.status == 201 && jint(rs.json, "targets") > 1, "to every organisation of the village: %s", rs.body);
		resp_free(&rs);
		snprintf(body, sizeof(body), "{\"org_id\":%lld,\"title\":\"每村一份\",\"body\":\"正文\",\"target_division\":\"%s\","
			 "\"one_per_village\":true}", (long long)county_org, gdiv);
		req(&county, "POST", "/api/v1/notices", body, &rs);
		EXPECT(rs.status == 201 && jint(rs.json, "targets") == 1 && json_is_true(json_object_get(rs.json, "one_per_village")),
		       "one per village: %s", rs.body);
		int64_t nid = rs.json ? jint(rs.json, "id") : 0;
		resp_free(&rs);
		all = get_json(&county, fmt("/api/v1/notices/%lld/receipts", (long long)nid), 200);
		EXPECT(json_array_size(json_object_get(all, "items")) == 1 &&
		       jint(json_array_get(json_object_get(all, "items"), 0), "org_id") == general,
		       "the general branch receives it, not its branches");
		json_decref(all);
	} else
		EXPECT(0, "the demo county has a general branch");
}

/* ---- main ---------------------------------------------------------------------- */

static int setup(void)
{
	char err[4096];
	/* the structure only: this test counts the meetings and trainings it makes itself */
	const char *demo[] = { "demo", "--county", "440232", "--data-dir", "data/divisions", "--skip", "partylife", NULL };
	int rc = run_cli(NULL, demo, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_partylife: demo exit %d: %s\n", rc, err);
		return -1;
	}
	static const struct { const char *name, *role, *division; } users[] = {
		{ "pladmin", "admin", "all" }, { "plcounty", "county", "440232" },
		{ "pltowna", "township", TOWN_A }, { "pltownb", "township", TOWN_B }, { "plauditor", "auditor", "all" },
	};
	struct session *sess[] = { &admin, &county, &towna, &townb, &auditor };
	for (size_t i = 0; i < 5; i++) {
		const char *args[] = { "user", "add", "--username", users[i].name, "--role", users[i].role, "--division",
				       users[i].division, "--password-stdin", NULL };
		if (run_cli(PW "\n", args, err, sizeof(err))) {
			fprintf(stderr, "api_partylife: user add %s: %s\n", users[i].name, err);
			return -1;
		}
	}
	if (server_start(&srv, binary, db_url, NULL)) {
		fprintf(stderr, "api_partylife: the server did not start\n");
		return -1;
	}
	/* the server's day is Sunday 6 December 2026, 12:00 CST: November has ended, December is in progress */
	server_advance_clock(&srv, (int64_t)1796529600 - (int64_t)time(NULL));
	for (size_t i = 0; i < 5; i++)
		if (login(&srv, users[i].name, PW, sess[i]) != 200) {
			fprintf(stderr, "api_partylife: %s cannot log in\n", users[i].name);
			return -1;
		}
	org_ta = find_org(TOWN_A, "township_committee", NULL);
	org_tb = find_org(TOWN_B, "township_committee", NULL);
	org_va = find_org(TOWN_A, "village_branch", vill_a);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people?division=%s&page_size=6", vill_a);
	json_t *p = get_json(&admin, path, 200);
	for (size_t i = 0; i < 6; i++)
		people_a[i] = jint(json_array_get(json_object_get(p, "items"), i), "id");
	json_decref(p);
	if (!org_ta || !org_tb || !org_va || !people_a[5]) {
		fprintf(stderr, "api_partylife: the demo county lacks organisations or people\n");
		return -1;
	}
	return 0;
}

/* ---- issue 16: a list of one node under a wide scope -------------------------------------- */

/* The lists of a node for a scope under it, holding it and beside it: exactly the rows under
 * the node that the scope sees, recounted from the tables (the lists write the scope and the
 * node as one range a scope, auth/scope.h scope_where_under). */
static void test_node_lists(void)
{
	static const struct { const struct session *s; const char *scope, *node; } under[] = {
		{ &admin, "", NULL },        { &admin, "", TOWN_A },       { &county, "440232", NULL },
		{ &county, "440232", TOWN_A }, { &county, "440232", TOWN_B }, { &towna, TOWN_A, "440232" },
		{ &towna, TOWN_A, TOWN_B },
	};
	static const struct { const char *path, *from; } lists[] = {
		{ "meetings", "meetings t JOIN orgs o ON o.id = t.org_id" },
		{ "trainings", "trainings t JOIN orgs o ON o.id = t.org_id" },
		{ "decisions", "decisions t" },
	};
	int64_t seen = 0;
	for (size_t k = 0; k < sizeof(under) / sizeof(under[0]); k++) {
		/* the village branch's village in the first place (it is known after setup only) */
		const char *node = under[k].node ? under[k].node : vill_a;
		for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
			json_t *l = get_json(under[k].s, fmt("/api/v1/%s?division=%s&page_size=1", lists[i].path, node), 200);
			int64_t want = raw_count_on(db_url, fmt("SELECT COUNT(*) FROM %s WHERE t.division LIKE '%s%%'"
								" AND t.division LIKE '%s%%'", lists[i].from, under[k].scope, node));
			EXPECT(want >= 0 && jint(l, "total") == want, "%s of scope \"%s\" under %s: %lld, recount %lld",
			       lists[i].path, under[k].scope, node, (long long)jint(l, "total"), (long long)want);
			seen += want;
			json_decref(l);
		}
		/* a notice: sent from or to the scope, and from or to the node */
		json_t *l = get_json(under[k].s, fmt("/api/v1/notices?division=%s&page_size=1", node), 200);
		int64_t want = raw_count_on(db_url, fmt("SELECT COUNT(*) FROM notices n JOIN orgs o ON o.id = n.org_id WHERE"
							" (n.division LIKE '%s%%' OR EXISTS (SELECT 1 FROM notice_receipts v"
							" WHERE v.notice_id = n.id AND v.division LIKE '%s%%'))"
							" AND (n.division LIKE '%s%%' OR EXISTS (SELECT 1 FROM notice_receipts w"
							" WHERE w.notice_id = n.id AND w.division LIKE '%s%%'))",
							under[k].scope, under[k].scope, node, node));
		EXPECT(want >= 0 && jint(l, "total") == want, "notices of scope \"%s\" under %s: %lld, recount %lld",
		       under[k].scope, node, (long long)jint(l, "total"), (long long)want);
		seen += want;
		json_decref(l);
	}
	EXPECT(seen > 0, "the lists hold rows to recount");
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "meetings and meeting-free days", test_meetings },
		{ "compliance", test_compliance },
		{ "四议两公开 decisions", test_decisions },
		{ "notices and receipts", test_notices },
		{ "trainings", test_trainings },
		{ "disclosures and democratic review", test_disclosures_and_reviews },
		{ "corrections (PATCH, DELETE) and 一肩挑", test_corrections },
		{ "tasks and the own-organisation inbox", test_tasks_and_inbox },
		{ "family party schools", test_family_schools },
		{ "issue 13: planned meetings, quorum, party groups, rules by place, one notice a village", test_issue13 },
		{ "issue 16: a list of one node under a wide scope", test_node_lists },
	};
	const struct api_program p = { "api_partylife", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
