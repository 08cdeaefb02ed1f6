/*
 * worklists.c - API tests of responsibility lists (责任清单), task lists
 * (任务清单) and weekly scheduling (周调度, 月通报): templates inherited by
 * an organisation, late and overdue tasks across a deadline (the test
 * clock moves), the roll-up per child division, items carried into later
 * weeks, the monthly bulletin, scope refusals and paging.
 *
 * usage: api_worklists --server build/lianxin --db sqlite|postgres
 * Before the server starts the CLI generates the structure of the demo
 * county 乳源 (440232) from data/divisions (run from the repository root).
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
static struct session county, towna, townb;

#define PW "Work-Lists-2026"
#define COUNTY "440232"
#define TOWN_A "440232100"
#define TOWN_B "440232103"
#define DAY 86400

static int64_t org_ta, org_tb, org_va, org_va2;   /* township committees A and B; two village branches in A */
static int year;

/* ---- helpers ------------------------------------------------------------ */

/* Send and expect a status; the reply's id (0 if none). */
static int64_t call(const struct session *s, const char *method, const char *path, const char *body, long want,
		    const char *what)
{
	struct req_opts o = { .auth = s };
	struct resp r;
	http(&srv, method, path, body, &o, &r);
	EXPECT(r.status == want, "%s: %s %s -> %ld, want %ld: %.400s", what, method, path, r.status, want, r.body);
	int64_t id = r.json ? jint(r.json, "id") : 0;
	resp_free(&r);
	return id;
}

/* The server's China date, days from now, as YYYY-MM-DD; with week set, its ISO week. */
static void cst_day(int days, char out[11], char week[9])
{
	time_t t = time(NULL) + srv.clock_offset + 8 * 3600 + (time_t)days * DAY;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	if (week)
		strftime(week, 9, "%G-W%V", &tm);
}

/* Move the server's clock on by days; the sessions have expired by then, so log in again. */
static void advance_days(int days)
{
	server_advance_clock(&srv, (int64_t)days * DAY);
	static const char *const names[] = { "wlcounty", "wltowna", "wltownb" };
	struct session *sess[] = { &county, &towna, &townb };
	for (size_t i = 0; i < 3; i++)
		EXPECT(login(&srv, names[i], PW, sess[i]) == 200, "%s logs in again", names[i]);
}

static int64_t find_org(const char *division, const char *type, int nth)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/orgs?division=%s&type=%s&page_size=5", division, type);
	json_t *j = get_json(&county, path, 200);
	json_t *it = json_array_get(json_object_get(j, "items"), (size_t)nth);
	int64_t id = it ? jint(it, "id") : 0;
	json_decref(j);
	return id;
}

static json_t *find_str(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
		if (!strcmp(jstr(it, key), value))
			return it;
	return NULL;
}

/* ---- 1. responsibility lists ------------------------------------------------------ */

static int64_t duty_list(const struct session *s, const char *fields, long want, const char *what)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"year\":%d,%s}", year, fields);
	return call(s, "POST", "/api/v1/duty-lists", body, want, what);
}

static void duty_item(const struct session *s, int64_t list, int seq, const char *title, const char *category)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"list_id\":%lld,\"seq\":%d,\"title\":\"%s\",\"category\":\"%s\","
		 "\"basis\":\"《中国共产党农村基层组织工作条例》\"}", (long long)list, seq, title, category);
	call(s, "POST", "/api/v1/duty-items", body, 201, title);
}

static void test_duty_lists(void)
{
	char body[256], path[128];
	int64_t tpl = duty_list(&county, "\"title\":\"村党组织书记抓党建促脱贫责任清单\",\"division\":\"" COUNTY "\","
				"\"level\":\"village\",\"holder_role\":\"secretary\"", 201, "the county's template for villages");
	int64_t tpl_comm = duty_list(&county, "\"title\":\"社区党组织责任清单\",\"division\":\"" COUNTY "\","
				     "\"level\":\"village\",\"org_type\":\"community_branch\"", 201, "a template for communities only");
	duty_list(&towna, "\"title\":\"x\",\"division\":\"" COUNTY "\",\"level\":\"village\"", 403,
		  "a township publishes in the county");
	duty_list(&towna, "\"title\":\"x\",\"division\":\"" TOWN_A "\",\"level\":\"county\"", 400, "a township's template for the county");
	duty_list(&county, "\"title\":\"x\",\"level\":\"village\"", 400, "a template without its division");
	duty_item(&county, tpl, 1, "每月召开支部委员会", "party_building");
	duty_item(&county, tpl, 2, "遍访贫困户", "poverty");
	duty_item(&county, tpl_comm, 1, "社区网格化管理", "governance");
	snprintf(body, sizeof(body), "\"title\":\"本村清单\",\"org_id\":%lld,\"division\":\"" TOWN_A "\"", (long long)org_va);
	duty_list(&towna, body, 400, "an own list placed elsewhere than its organisation");
	snprintf(body, sizeof(body), "\"title\":\"本村清单\",\"org_id\":%lld,\"org_type\":\"village_branch\"", (long long)org_va);
	duty_list(&towna, body, 400, "an own list names an organisation type");
	snprintf(body, sizeof(body), "\"title\":\"本村清单\",\"org_id\":%lld", (long long)org_va);
	int64_t own = duty_list(&towna, body, 201, "the village's own list");
	duty_item(&towna, own, 1, "村集体经济增收", "industry");
	snprintf(path, sizeof(path), "/api/v1/duty-lists/%lld", (long long)own);
	json_t *l = get_json(&towna, path, 200);
	EXPECT(!strcmp(jstr(l, "level"), "village") && strlen(jstr(l, "division")) == 12, "the own list takes the village's place and level");
	json_decref(l);

	snprintf(path, sizeof(path), "/api/v1/orgs/%lld/duties?year=%d", (long long)org_va, year);
	json_t *d = get_json(&towna, path, 200);
	json_t *lists = json_object_get(d, "lists");
	EXPECT(json_array_size(lists) == 2 && jint(d, "items") == 3, "template + own list, 3 items: %zu lists, %lld items",
	       json_array_size(lists), (long long)jint(d, "items"));
	json_t *first = json_array_get(lists, 0), *second = json_array_get(lists, 1);
	EXPECT(first && !strcmp(jstr(first, "source"), "inherited") && jint(first, "id") == tpl &&
	       json_array_size(json_object_get(first, "items")) == 2, "the inherited template comes first with its 2 items");
	EXPECT(second && !strcmp(jstr(second, "source"), "own") && jint(second, "id") == own, "then the own list");
	json_t *cats = json_object_get(d, "by_category");
	EXPECT(jint(cats, "party_building") == 1 && jint(cats, "poverty") == 1 && jint(cats, "industry") == 1, "items by category");
	json_decref(d);
	call(&townb, "GET", path, NULL, 404, "township B reads a village of A");
	snprintf(path, sizeof(path), "/api/v1/duty-lists/%lld", (long long)tpl);
	call(&towna, "PATCH", path, "{\"title\":\"改\"}", 404, "a township edits the county's template");
	call(&county, "DELETE", path, NULL, 409, "a template with items is not deleted");
}

/* ---- 2. task lists ------------------------------------------------------------------ */

static int64_t task(int64_t org, int deadline_days, const char *title)
{
	char body[512], deadline[11];
	cst_day(deadline_days, deadline, NULL);
	snprintf(body, sizeof(body), "{\"title\":\"%s\",\"org_id\":%lld,\"year\":%d,\"category\":\"poverty\","
		 "\"deadline\":\"%s\",\"source\":\"县委组织部\"}", title, (long long)org, year, deadline);
	return call(&towna, "POST", "/api/v1/task-items", body, 201, title);
}

static json_t *task_get(int64_t id)
{
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/task-items/%lld", (long long)id);
	return get_json(&towna, path, 200);
}

static void expect_state(int64_t id, const char *state, const char *what)
{
	json_t *t = task_get(id);
	EXPECT(!strcmp(jstr(t, "state"), state), "%s: state %s, want %s", what, jstr(t, "state"), state);
	json_decref(t);
}

static void progress(const struct session *s, int64_t id, const char *fields, long want, const char *what)
{
	char path[80], body[256];
	snprintf(path, sizeof(path), "/api/v1/task-items/%lld/progress", (long long)id);
	snprintf(body, sizeof(body), "{\"text\":\"进展情况\"%s%s}", fields ? "," : "", fields ? fields : "");
	call(s, "POST", path, body, want, what);
}

static json_t *town_a_rollup(void)
{
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/task-items/rollup?division=" COUNTY "&year=%d", year);
	json_t *j = get_json(&county, path, 200);
	json_t *row = json_incref(find_str(json_object_get(j, "by_division"), "division", TOWN_A));
	EXPECT(row != NULL, "the roll-up has a row for township A");
	json_decref(j);
	return row;
}

static void test_task_lists(void)
{
	int64_t t1 = task(org_va, 2, "完成危房改造");
	int64_t t2 = task(org_va2, 2, "产业奖补发放");
	int64_t t3 = task(org_ta, -1, "整顿软弱涣散党组织");
	expect_state(t1, "open", "before the deadline");
	expect_state(t3, "overdue", "past the deadline");
	json_t *t = task_get(t1);
	EXPECT(!strcmp(jstr(t, "status"), "not_started") && json_is_null(json_object_get(t, "completed_on")), "a new task is not started");
	json_decref(t);

	/* progress: the first report starts it; done today is on time */
	progress(&towna, t1, NULL, 200, "a progress report");
	t = task_get(t1);
	EXPECT(!strcmp(jstr(t, "status"), "in_progress"), "a report moves the task to in progress: %s", jstr(t, "status"));
	json_decref(t);
	char future[11], body[96];
	cst_day(3, future, NULL);
	snprintf(body, sizeof(body), "\"status\":\"done\",\"completed_on\":\"%s\"", future);
	progress(&towna, t2, body, 400, "a completion date in the future");
	progress(&towna, t2, "\"status\":\"in_progress\",\"completed_on\":\"2026-01-01\"", 400, "a date on an open task");
	progress(&towna, t2, "\"status\":\"finished\"", 400, "an unknown status");
	progress(&towna, t2, "\"status\":\"done\"", 200, "done today");
	expect_state(t2, "done", "done before the deadline");
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/task-items/%lld", (long long)t2);
	call(&towna, "PATCH", path, "{\"status\":\"done\"}", 400, "the status only moves through reports");

	json_t *row = town_a_rollup();
	EXPECT(jint(row, "total") == 3 && jint(row, "done") == 1 && jint(row, "late") == 0 && jint(row, "overdue") == 1,
	       "township A: 3 tasks, 1 done, 1 overdue: %lld/%lld/%lld", (long long)jint(row, "total"),
	       (long long)jint(row, "done"), (long long)jint(row, "overdue"));
	json_decref(row);

	/* three days on: t1 is past its deadline, then done late */
	advance_days(3);
	expect_state(t1, "overdue", "open after the deadline");
	json_t *l = get_json(&towna, "/api/v1/task-items?state=overdue", 200);
	EXPECT(jint(l, "total") == 2 && find_by(json_object_get(l, "items"), "id", t1), "?state=overdue lists t1 and t3");
	json_decref(l);
	progress(&towna, t1, "\"status\":\"done\"", 200, "done after the deadline");
	expect_state(t1, "late", "done after the deadline");
	row = town_a_rollup();
	EXPECT(jint(row, "done") == 2 && jint(row, "late") == 1 && jint(row, "on_time") == 1 && jint(row, "overdue") == 1,
	       "township A: 2 done (1 late), 1 overdue");
	EXPECT(json_real_value(json_object_get(row, "rate")) > 0.66 && json_real_value(json_object_get(row, "rate")) < 0.67,
	       "completion rate 2/3");
	json_decref(row);
	snprintf(path, sizeof(path), "/api/v1/task-items/%lld/progress", (long long)t1);
	l = get_json(&towna, path, 200);
	EXPECT(jint(l, "total") == 2 && !strcmp(jstr(json_array_get(json_object_get(l, "items"), 0), "status"), "done"),
	       "two reports, newest first");
	json_decref(l);
	json_t *audit = get_json(&county, "/api/v1/task-items?state=late", 200);
	EXPECT(jint(audit, "total") == 1, "?state=late lists one task");
	json_decref(audit);

	/* scope and paging */
	snprintf(path, sizeof(path), "/api/v1/task-items/%lld", (long long)t1);
	call(&townb, "GET", path, NULL, 404, "township B reads A's task");
	progress(&townb, t1, NULL, 404, "township B reports on A's task");
	snprintf(body, sizeof(body), "{\"title\":\"x\",\"org_id\":%lld,\"year\":%d,\"deadline\":\"2026-12-31\"}", (long long)org_va, year);
	call(&townb, "POST", "/api/v1/task-items", body, 400, "township B assigns a task to A's village");
	call(&townb, "GET", "/api/v1/task-items/rollup?division=" TOWN_A, NULL, 404, "township B's roll-up of A");
	l = get_json(&townb, "/api/v1/task-items", 200);
	EXPECT(jint(l, "total") == 0, "township B sees no task of A");
	json_decref(l);
	l = get_json(&county, "/api/v1/task-items?page_size=2&page=2", 200);
	EXPECT(jint(l, "total") == 3 && json_array_size(json_object_get(l, "items")) == 1 && jint(l, "page") == 2,
	       "page 2 of 2 holds the third task");
	json_decref(l);
	call(&county, "GET", "/api/v1/task-items?page_size=500", NULL, 400, "a page too large");
}

/* ---- 3. weekly dispatch ----------------------------------------------------------- */

static int64_t schedule(const struct session *s, int64_t org, const char *week, long want, const char *what)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"week\":\"%s\",\"title\":\"脱贫攻坚周调度会\"}", (long long)org, week);
	return call(s, "POST", "/api/v1/schedules", body, want, what);
}

static int64_t schedule_item(int64_t sched, const char *fields, long want, const char *what)
{
	char path[80], body[512];
	snprintf(path, sizeof(path), "/api/v1/schedules/%lld/items", (long long)sched);
	snprintf(body, sizeof(body), "{\"matter\":\"%s\"%s%s}", what, fields ? "," : "", fields ? fields : "");
	return call(&towna, "POST", path, body, want, what);
}

static json_t *week_items(int64_t sched)
{
	char path[80];
	snprintf(path, sizeof(path), "/api/v1/schedules/%lld/items?page_size=50", (long long)sched);
	return get_json(&towna, path, 200);
}

static void test_schedules(void)
{
	char w0[9], w1[9], w2[9], d0[11], yesterday[11], due[11], month[8], body[256];
	cst_day(0, d0, w0);
	cst_day(7, due, w1);
	cst_day(14, due, w2);
	cst_day(-1, yesterday, NULL);
	cst_day(3, due, NULL);
	snprintf(month, sizeof(month), "%.7s", d0);
	int64_t s0 = schedule(&towna, org_ta, w0, 201, "this week's dispatch");
	schedule(&towna, org_ta, w0, 409, "the same week twice");
	schedule(&towna, org_ta, "2026-W60", 400, "week 60");
	schedule(&towna, org_va, w1, 400, "a village holds no weekly dispatch");
	schedule(&townb, org_ta, w1, 400, "township B dispatches for A");

	snprintf(body, sizeof(body), "\"resp_org_id\":%lld,\"due\":\"%s\"", (long long)org_va, due);
	int64_t a = schedule_item(s0, body, 201, "道路硬化进度");
	snprintf(body, sizeof(body), "\"resp_org_id\":%lld,\"due\":\"%s\",\"status\":\"done\",\"progress\":\"已完工\"",
		 (long long)org_va, yesterday);
	int64_t b = schedule_item(s0, body, 201, "自来水管铺设");
	snprintf(body, sizeof(body), "\"due\":\"%s\"", yesterday);
	int64_t c = schedule_item(s0, body, 201, "路灯安装");
	snprintf(body, sizeof(body), "\"resp_org_id\":%lld", (long long)org_tb);
	schedule_item(s0, body, 400, "another township responsible");
	schedule_item(s0, "\"done_on\":\"2026-01-01\"", 400, "a date on an open item");
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/schedule-items/%lld", (long long)b);
	json_t *it = get_json(&towna, path, 200);
	EXPECT(!strcmp(jstr(it, "done_on"), d0) && !strcmp(jstr(it, "closed_week"), w0) && !strcmp(jstr(it, "state"), "late"),
	       "done today: closed this week, after its due date (late)");
	json_decref(it);

	/* 月通报 this month: per responsible organisation */
	snprintf(path, sizeof(path), "/api/v1/reports/schedule-monthly?division=" TOWN_A "&month=%s", month);
	json_t *m = get_json(&towna, path, 200);
	json_t *va = find_by(json_object_get(m, "by_org"), "org_id", org_va), *ta = find_by(json_object_get(m, "by_org"), "org_id", org_ta);
	EXPECT(va && jint(va, "total") == 2 && jint(va, "done") == 1 && jint(va, "late") == 1 && jint(va, "overdue") == 0,
	       "the village: 2 scheduled, 1 done late");
	EXPECT(ta && jint(ta, "total") == 1 && jint(ta, "done") == 0 && jint(ta, "overdue") == 1, "the township: 1 overdue");
	EXPECT(jint(json_object_get(m, "totals"), "total") == 3, "3 items this month");
	json_decref(m);
	call(&townb, "GET", path, NULL, 404, "township B's bulletin of A");
	call(&towna, "GET", "/api/v1/reports/schedule-monthly?month=2026-13", NULL, 400, "month 13");

	/* next week: the open items carry over, the closed one does not */
	advance_days(7);
	int64_t s1 = schedule(&towna, org_ta, w1, 201, "next week's dispatch");
	int64_t d = schedule_item(s1, NULL, 201, "新增事项");
	json_t *w = week_items(s1);
	json_t *items = json_object_get(w, "items");
	json_t *ca = find_by(items, "id", a);
	EXPECT(jint(w, "total") == 3 && ca && find_by(items, "id", c) && find_by(items, "id", d) && !find_by(items, "id", b),
	       "week 1 shows a, c carried and d new, not b: %lld", (long long)jint(w, "total"));
	EXPECT(ca && json_is_true(json_object_get(ca, "carried")) && !json_is_true(json_object_get(find_by(items, "id", d), "carried")),
	       "a is marked carried, d is not");
	json_decref(w);
	snprintf(path, sizeof(path), "/api/v1/schedule-items/%lld", (long long)a);
	call(&towna, "PATCH", path, "{\"status\":\"done\",\"progress\":\"已完成\"}", 200, "a is closed in week 1");
	w = week_items(s1);
	ca = find_by(json_object_get(w, "items"), "id", a);
	EXPECT(ca && json_is_true(json_object_get(ca, "closed_this_week")), "a still shows in week 1, closed that week");
	json_decref(w);
	w = week_items(s0);
	EXPECT(jint(w, "total") == 3, "week 0 still shows its three items");
	json_decref(w);
	advance_days(7);
	int64_t s2 = schedule(&towna, org_ta, w2, 201, "the week after");
	w = week_items(s2);
	items = json_object_get(w, "items");
	EXPECT(jint(w, "total") == 2 && find_by(items, "id", c) && find_by(items, "id", d), "week 2 carries c and d only");
	json_decref(w);

	snprintf(path, sizeof(path), "/api/v1/schedules/%lld/items", (long long)s0);
	call(&townb, "GET", path, NULL, 404, "township B reads A's dispatch");
	call(&townb, "POST", path, "{\"matter\":\"x\"}", 404, "township B adds to A's dispatch");
	json_t *audit = get_json(&county, "/api/v1/schedules?page_size=1", 200);
	EXPECT(jint(audit, "total") == 3 && json_array_size(json_object_get(audit, "items")) == 1, "three dispatches, paged");
	json_decref(audit);
}

/* ---- set-up ------------------------------------------------------------------------ */

static int setup(void)
{
	char err[4096];
	/* the structure only: this test counts what it makes itself */
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip",
			       "households,requests,partylife,worklists", NULL };
	int rc = cli_run(binary, db_url, NULL, demo, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_worklists: demo exit %d: %s\n", rc, err);
		return -1;
	}
	static const struct { const char *name, *role, *division; } users[] = {
		{ "wlcounty", "county", COUNTY }, { "wltowna", "township", TOWN_A }, { "wltownb", "township", TOWN_B },
	};
	struct session *sess[] = { &county, &towna, &townb };
	for (size_t i = 0; i < 3; i++) {
		const char *args[] = { "user", "add", "--username", users[i].name, "--role", users[i].role, "--division",
				       users[i].division, "--password-stdin", NULL };
		if (cli_run(binary, db_url, PW "\n", args, err, sizeof(err))) {
			fprintf(stderr, "api_worklists: user add %s: %s\n", users[i].name, err);
			return -1;
		}
	}
	if (server_start(&srv, binary, db_url, NULL)) {
		fprintf(stderr, "api_worklists: the server did not start\n");
		return -1;
	}
	for (size_t i = 0; i < 3; i++)
		if (login(&srv, users[i].name, PW, sess[i]) != 200) {
			fprintf(stderr, "api_worklists: %s cannot log in\n", users[i].name);
			return -1;
		}
	org_ta = find_org(TOWN_A, "township_committee", 0);
	org_tb = find_org(TOWN_B, "township_committee", 0);
	org_va = find_org(TOWN_A, "village_branch", 0);
	org_va2 = find_org(TOWN_A, "village_branch", 1);
	char today[11];
	cst_day(0, today, NULL);
	year = (int)strtol(today, NULL, 10);
	if (!org_ta || !org_tb || !org_va || !org_va2) {
		fprintf(stderr, "api_worklists: the demo county lacks organisations\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "responsibility lists", test_duty_lists },
		{ "task lists", test_task_lists },
		{ "weekly dispatch and monthly bulletin", test_schedules },
	};
	const struct api_program p = { "api_worklists", &binary, db_url, sizeof(db_url), NULL, 0, &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
