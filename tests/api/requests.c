/*
 * requests.c - API tests of the villagers' requests (诉求): intake from the
 * channels and the public form, routing, the lifecycle per role, deadlines
 * in working days and escalation, masking, public tracking, lists, figures,
 * the Open311 view and the holiday calendar.
 *
 * usage: api_requests --server build/lianxin --db sqlite|postgres
 * Before the server starts, the CLI builds the demo county 469030 (its
 * divisions and party organisations, which routing needs; data/divisions,
 * relative to the repository root, where the test runs) and creates the
 * accounts.  The server's clock is set to Wednesday 2025-10-15 10:00 China
 * time so deadlines do not depend on the day the test runs, and before the
 * demo's year of requests (built for 2026-12-06: 2025-12-06..2026-12-05) so
 * figures over that day count only this test's requests; the last tests move
 * it on.  The server sweeps overdue requests every second
 * (--request-sweep-seconds 1), which the deadlines test waits for.  With
 * --db postgres the database comes from PG_TEST_URL (see
 * scripts/with-postgres.sh).  The places, accounts and helpers are in
 * requests_fixture.h.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "requests_fixture.h"

/* ---- 1. routing and intake ------------------------------------------------ */

static void test_routing(void)
{
	struct resp r;
	/* township-level category: the township committee of the place */
	int64_t id = file_req(&towna, "{\"channel\":\"walk_in\",\"division\":\"" VILL_1 "\",\"category\":\"help.living\","
				      "\"content\":\"家中困难\",\"name\":\"张三\",\"phone\":\"13900000001\",\"urgency\":\"urgent\"}");
	EXPECT(jint(last, "org_id") == org_a, "help.living at a village -> the township committee (%lld, want %lld)",
	       (long long)jint(last, "org_id"), (long long)org_a);
	EXPECT(!strcmp(jstr(last, "org_division"), TOWN_A), "org_division %s", jstr(last, "org_division"));
	EXPECT(!strcmp(jstr(last, "status"), "submitted"), "new: submitted, got %s", jstr(last, "status"));
	EXPECT(!strcmp(jstr(last, "channel"), "walk_in") && !strcmp(jstr(last, "urgency"), "urgent") &&
		       !strcmp(jstr(last, "kind"), "help") && !strcmp(jstr(last, "category"), "help.living"),
	       "fields kept: %s", json_dumps(last, 0));
	EXPECT(strlen(jstr(last, "ticket")) == 14 && !strncmp(jstr(last, "ticket"), "20251015", 8),
	       "ticket YYYYMMDD + 6 digits of the CST day: %s", jstr(last, "ticket"));
	EXPECT(json_array_size(json_object_get(last, "timeline")) == 1 && timeline_has(last, "submit"),
	       "one submit step: %s", json_dumps(json_object_get(last, "timeline"), 0));
	EXPECT(id > 0 && !jtrue(last, "supervised") && jint(last, "transfer_count") == 0, "not supervised");
	/* village-level category: the village's branch */
	simple(&towna, "grid", VILL_1, "consult.tourism");
	EXPECT(jint(last, "org_id") == branch_v1 && !strcmp(jstr(last, "org_division"), VILL_1),
	       "consult.tourism -> village branch %lld, got %lld", (long long)branch_v1, (long long)jint(last, "org_id"));
	simple(&towna, "grid", VILL_2, "dispute.neighbour");
	EXPECT(jint(last, "org_id") == general_v2, "village level with a general branch -> the general branch %lld, got %lld",
	       (long long)general_v2, (long long)jint(last, "org_id"));
	/* county-level category: the county committee */
	county_level_id = simple(&towna, "hotline", VILL_1, "complaint.cadre");
	EXPECT(jint(last, "org_id") == org_county && !strcmp(jstr(last, "org_division"), COUNTY),
	       "complaint.cadre -> county committee %lld, got %lld", (long long)org_county, (long long)jint(last, "org_id"));

	/* routing rules: a village + category overrides the default */
	req(&towna, "POST", "/api/v1/routing-rules",
	    fmt("{\"division\":\"%s\",\"category\":\"infra.road\",\"org_id\":%lld,\"note\":\"道路归二支部\"}", VILL_2,
		(long long)branch_v2b), &r);
	EXPECT(r.status == 201, "routing rule created: %ld %s", r.status, r.body);
	resp_free(&r);
	simple(&towna, "grid", VILL_2, "infra.road");
	EXPECT(jint(last, "org_id") == branch_v2b && !strcmp(jstr(last, "org_division"), VILL_2),
	       "rule: infra.road at %s -> %lld, got %lld", VILL_2, (long long)branch_v2b, (long long)jint(last, "org_id"));
	simple(&towna, "grid", VILL_2, "infra.water");
	EXPECT(jint(last, "org_id") == org_a, "another category keeps the default route: %lld", (long long)jint(last, "org_id"));
	simple(&towna, "grid", VILL_1, "infra.road");
	EXPECT(jint(last, "org_id") == org_a, "another village keeps the default route: %lld", (long long)jint(last, "org_id"));
	/* a rule on the parent category, found from a group below the village */
	req(&towna, "POST", "/api/v1/routing-rules",
	    fmt("{\"division\":\"%s\",\"category\":\"infra\",\"org_id\":%lld}", VILL_1, (long long)branch_v1), &r);
	EXPECT(r.status == 201, "parent-category rule: %ld %s", r.status, r.body);
	resp_free(&r);
	simple(&towna, "grid", GROUP_1, "infra.water");
	EXPECT(jint(last, "org_id") == branch_v1, "parent-category rule from a group -> %lld, got %lld", (long long)branch_v1,
	       (long long)jint(last, "org_id"));
	/* a rule's unknown category */
	req(&towna, "POST", "/api/v1/routing-rules",
	    fmt("{\"division\":\"%s\",\"category\":\"no.such\",\"org_id\":%lld}", VILL_1, (long long)branch_v1), &r);
	expect_field_error(&r, 400, "validation", "category", "routing rule with an unknown category");
	resp_free(&r);
	req(&viewer, "POST", "/api/v1/routing-rules",
	    fmt("{\"division\":\"%s\",\"org_id\":%lld}", VILL_1, (long long)branch_v1), &r);
	expect_error(&r, 403, "forbidden", "viewer creates a routing rule");
	resp_free(&r);
	json_t *rules = get_json(&towna, "/api/v1/routing-rules", 200);
	EXPECT(jint(rules, "total") == 2, "two rules listed: %lld", (long long)jint(rules, "total"));
	json_decref(rules);

	/* intake validation */
	static const struct { const char *body, *code, *field; long status; } bad[] = {
		{ "{\"channel\":\"pigeon\",\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\"}", "validation",
		  "channel", 400 },
		{ "{\"channel\":\"web\",\"division\":\"" COUNTY "\",\"category\":\"help\",\"content\":\"x\"}", "bad_division",
		  "division", 400 },
		{ "{\"channel\":\"web\",\"division\":\"469030100299\",\"category\":\"help\",\"content\":\"x\"}", "bad_division",
		  "division", 400 },
		{ "{\"channel\":\"web\",\"division\":\"" VILL_1 "\",\"category\":\"nope\",\"content\":\"x\"}", "validation",
		  "category", 400 },
		{ "{\"channel\":\"web\",\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\",\"phone\":\"1381234567a\"}",
		  "validation", "phone", 400 },
		{ "{\"channel\":\"web\",\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\",\"urgency\":\"now\"}",
		  "validation", "urgency", 400 },
		{ "{\"channel\":\"web\",\"division\":\"" VILL_1 "\",\"category\":\"help\"}", "missing_field", "content", 400 },
		{ "{\"channel\":\"web\",\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\",\"status\":\"closed\"}",
		  "unknown_field", "status", 400 },
		{ "{\"channel\":\"web\",\"division\":\"" TOWN_B "\",\"category\":\"help\",\"content\":\"x\"}", "forbidden",
		  "division", 403 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		req(&towna, "POST", "/api/v1/requests", bad[i].body, &r);
		expect_field_error(&r, bad[i].status, bad[i].code, bad[i].field, bad[i].body);
		resp_free(&r);
	}
	req(&viewer, "POST", "/api/v1/requests",
	    "{\"channel\":\"web\",\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\"}", &r);
	expect_error(&r, 403, "forbidden", "a viewer files a request");
	resp_free(&r);
	req(NULL, "POST", "/api/v1/requests",
	    "{\"channel\":\"web\",\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\"}", &r);
	EXPECT(r.status == 401, "no login: %ld", r.status);
	resp_free(&r);
}

/* ---- 2. hotline answer and idempotency ------------------------------------ */

static void test_answer_idempotency(void)
{
	int64_t id = file_req(&county, "{\"channel\":\"hotline\",\"division\":\"" VILL_1 "\",\"category\":\"consult.policy\","
				       "\"content\":\"低保怎么申请？\",\"phone\":\"13900000002\","
				       "\"answer\":\"到村委会填表，乡镇审核\"}");
	EXPECT(!strcmp(jstr(last, "status"), "replied"), "answered on the spot: replied, got %s", jstr(last, "status"));
	EXPECT(!strcmp(jstr(last, "reply"), "到村委会填表，乡镇审核"), "the answer is the reply: %s", jstr(last, "reply"));
	EXPECT(json_is_string(json_object_get(last, "replied_at")) && json_is_string(json_object_get(last, "signed_at")),
	       "signed_at and replied_at set");
	EXPECT(timeline_has(last, "submit") && timeline_has(last, "reply"), "timeline submit, reply");
	/* it can then be called back and closed */
	act_expect(&county, "county", id, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 200);
	act_expect(&county, "county", id, "{\"action\":\"close\"}", 200);
	EXPECT(!strcmp(jstr(last, "status"), "closed"), "closed: %s", jstr(last, "status"));

	/* answered on the call and confirmed by the caller: closed at once, no callback */
	file_req(&county, "{\"channel\":\"hotline\",\"division\":\"" VILL_1 "\",\"category\":\"consult.policy\","
			  "\"content\":\"医保怎么报销？\",\"answer\":\"持卡到乡镇卫生院结算\",\"caller_confirmed\":true}");
	EXPECT(!strcmp(jstr(last, "status"), "closed") && json_is_string(json_object_get(last, "closed_at")) &&
		       json_is_null(json_object_get(last, "satisfaction")) && timeline_has(last, "confirm") &&
		       !timeline_has(last, "visit"),
	       "a confirmed enquiry closes without a callback: %s", jd(last));
	struct resp r;
	req(&county, "POST", "/api/v1/requests",
	    "{\"channel\":\"hotline\",\"division\":\"" VILL_1 "\",\"category\":\"help.living\",\"content\":\"x\","
	    "\"answer\":\"y\",\"caller_confirmed\":true}", &r);
	expect_field_error(&r, 400, "validation", "caller_confirmed", "only an enquiry closes on the caller's confirmation");
	resp_free(&r);
	req(&county, "POST", "/api/v1/requests",
	    "{\"channel\":\"hotline\",\"division\":\"" VILL_1 "\",\"category\":\"consult.policy\",\"content\":\"x\","
	    "\"caller_confirmed\":true}", &r);
	expect_field_error(&r, 400, "validation", "caller_confirmed", "confirmation without an answer");
	resp_free(&r);
	/* a tourist's hotline enquiry with no place: filed at county level, for the county committee */
	file_req(&county, "{\"channel\":\"hotline\",\"division\":\"" COUNTY "\",\"category\":\"consult.tourism\","
			  "\"content\":\"游客咨询：黎母山景区怎么走？\",\"answer\":\"从营根镇乘班车\",\"caller_confirmed\":true}");
	EXPECT(!strcmp(jstr(last, "division"), COUNTY) && jint(last, "org_id") == org_county &&
		       !strcmp(jstr(last, "status"), "closed"),
	       "a county-level enquiry: %s", jd(last));
	req(&county, "POST", "/api/v1/requests",
	    "{\"channel\":\"walk_in\",\"division\":\"" COUNTY "\",\"category\":\"consult.tourism\",\"content\":\"x\"}", &r);
	expect_field_error(&r, 400, "bad_division", "division", "only a hotline enquiry is filed at county level");
	resp_free(&r);
	req(&county, "POST", "/api/v1/requests",
	    "{\"channel\":\"hotline\",\"division\":\"" COUNTY "\",\"category\":\"help.living\",\"content\":\"x\"}", &r);
	expect_field_error(&r, 400, "bad_division", "division", "a hotline request for help needs a place");
	resp_free(&r);

	const char *body = "{\"channel\":\"kiosk\",\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"第一次\","
			   "\"idempotency_key\":\"kiosk-7-000042\"}";
	req(&towna, "POST", "/api/v1/requests", body, &r);
	EXPECT(r.status == 201, "first: 201, got %ld %s", r.status, r.body);
	int64_t first = jint(r.json, "id");
	char ticket[32];
	snprintf(ticket, sizeof(ticket), "%s", jstr(r.json, "ticket"));
	resp_free(&r);
	req(&towna, "POST", "/api/v1/requests", body, &r);
	EXPECT(r.status == 200, "the same key again: 200, got %ld %s", r.status, r.body);
	EXPECT(jint(r.json, "id") == first && !strcmp(jstr(r.json, "ticket"), ticket), "the same request: %s", r.body);
	resp_free(&r);
	json_t *l = get_json(&towna, fmt("/api/v1/requests?q=%s", ticket), 200);
	EXPECT(jint(l, "total") == 1, "stored once: %lld", (long long)jint(l, "total"));
	json_decref(l);
}

/* ---- 3. the lifecycle per role ---------------------------------------------- */

static const char *const sign = "{\"action\":\"sign\"}";

static void test_roles(void)
{
	int64_t id = file_req(&towna, "{\"channel\":\"walk_in\",\"division\":\"" VILL_1 "\",\"category\":\"help.living\","
				      "\"content\":\"房屋漏雨\",\"name\":\"李四光\",\"phone\":\"13900001111\"}");
	int ok = 1;   /* the submit step */
	act_expect(&viewer, "viewer", id, sign, 403);
	act_expect(&townc, "township C", id, sign, 404);
	act_expect(&townb, "township B (before the transfer)", id, sign, 404);
	act_expect(&grid, "grid worker", id, sign, 403);
	act_expect(&village, "village staff", id, sign, 403);
	act_expect(&grid, "grid worker", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_b), 403);
	act_expect(&towna, "township A", id, "{\"action\":\"transfer\"}", 400);
	EXPECT(!strcmp(resp_error_code(&(struct resp){ .json = last }), "missing_field"), "transfer without org_id");
	act_expect(&towna, "township A", id, "{\"action\":\"transfer\",\"org_id\":99999999}", 400);
	act_expect(&towna, "township A", id, "{\"action\":\"frobnicate\"}", 400);
	act_expect(&towna, "township A", id, "{\"action\":\"sign\",\"colour\":\"red\"}", 400);

	/* township A may not send it into township B (outside its scope); the county dispatches it there */
	act_expect(&towna, "township A", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld,\"note\":\"属湾岭镇\"}", (long long)org_b),
		   403);
	EXPECT(!strcmp(resp_error_code(&(struct resp){ .json = last }), "forbidden"), "a transfer out of one's scope");
	act_expect(&county, "county", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld,\"note\":\"属湾岭镇\"}", (long long)org_b),
		   200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "transferred") && jint(last, "transfer_count") == 1 &&
		       jint(last, "org_id") == org_b && !strcmp(jstr(last, "org_division"), TOWN_B) && !jtrue(last, "supervised"),
	       "transferred to B: %s", json_dumps(last, 0));
	/* the new organisation's staff can see and sign it, the old one can't sign */
	json_t *g = get_req(&townb, id);
	json_decref(g);
	json_t *lb = get_json(&townb, "/api/v1/requests?mine=1&page_size=200", 200);
	EXPECT(list_has(lb, id), "in township B's inbox");
	json_decref(lb);
	act_expect(&towna, "township A (old organisation)", id, sign, 403);
	act_expect(&townc, "township C", id, sign, 404);
	act_expect(&townb, "township B (new organisation)", id, sign, 200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "signed") && json_is_string(json_object_get(last, "signed_at")), "signed");

	/* notes and withdrawal belong to staff over the place */
	act_expect(&townb, "township B", id, "{\"action\":\"note\",\"note\":\"已电话联系\"}", 403);
	act_expect(&grid, "grid worker", id, "{\"action\":\"note\"}", 400);
	act_expect(&grid, "grid worker", id, "{\"action\":\"note\",\"note\":\"已入户核实\"}", 200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "signed"), "a note keeps the status: %s", jstr(last, "status"));
	act_expect(&townb, "township B", id, "{\"action\":\"withdraw\"}", 403);
	act_expect(&viewer, "viewer", id, "{\"action\":\"note\",\"note\":\"x\"}", 403);

	/* handling belongs to the handler */
	act_expect(&towna, "township A", id, "{\"action\":\"start\"}", 403);
	act_expect(&grid, "grid worker", id, "{\"action\":\"start\"}", 403);
	act_expect(&townb, "township B", id, "{\"action\":\"start\"}", 200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "in_progress"), "in progress: %s", jstr(last, "status"));
	act_expect(&townb, "township B", id, sign, 409);
	act_expect(&townb, "township B", id, "{\"action\":\"return\",\"note\":\"x\"}", 409);
	act_expect(&townb, "township B", id, fmt("{\"action\":\"merge\",\"into\":%lld}", (long long)id - 1), 409);
	act_expect(&townb, "township B (the handler never calls back)", id,
		   "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 403);
	act_expect(&county, "county", id, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 409);
	act_expect(&townb, "township B", id, "{\"action\":\"close\"}", 409);
	act_expect(&towna, "township A", id, "{\"action\":\"reopen\"}", 409);
	act_expect(&towna, "township A", id, "{\"action\":\"reply\",\"reply\":\"x\"}", 403);
	act_expect(&townb, "township B", id, "{\"action\":\"reply\"}", 400);
	act_expect(&townb, "township B", id, "{\"action\":\"reply\",\"reply\":\"已协调维修\"}", 200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "replied") && !strcmp(jstr(last, "reply"), "已协调维修"), "replied");
	act_expect(&townb, "township B", id, "{\"action\":\"start\"}", 409);

	/* the callback: the dispatching level, never the handler rating itself, nor the grid worker */
	act_expect(&grid, "grid worker", id, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 403);
	json_t *h = get_req(&townb, id);
	EXPECT(!has_action(h, "visit"), "the handler is not offered the callback: %s", jd(json_object_get(h, "allowed_actions")));
	json_decref(h);
	act_expect(&townb, "township B (handler)", id, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 403);
	EXPECT(strstr(err_msg(&(struct resp){ .json = last }, "message_zh"), "办理单位不能") != NULL &&
		       !strcmp(err_field(&(struct resp){ .json = last }), "action"),
	       "the handler is told why: %s", jd(last));
	act_expect(&towna, "township A", id, "{\"action\":\"visit\"}", 400);
	act_expect(&towna, "township A", id, "{\"action\":\"visit\",\"satisfaction\":\"great\"}", 400);
	act_expect(&towna, "township A (dispatcher)", id, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "visited") && !strcmp(jstr(last, "satisfaction"), "satisfied"), "visited");
	act_expect(&townb, "township B", id, "{\"action\":\"reopen\"}", 403);
	act_expect(&grid, "grid worker", id, "{\"action\":\"reopen\"}", 403);
	act_expect(&townb, "township B (handler)", id, "{\"action\":\"close\"}", 200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "closed") && json_is_string(json_object_get(last, "closed_at")), "closed");
	EXPECT(!strcmp(jstr(json_object_get(last, "timeliness"), "stage"), "done") &&
		       !strcmp(jstr(json_object_get(last, "timeliness"), "state"), "on_time"),
	       "closed in time: %s", json_dumps(json_object_get(last, "timeliness"), 0));
	/* nothing but reopening after closing */
	act_expect(&grid, "grid worker", id, "{\"action\":\"note\",\"note\":\"x\"}", 409);
	act_expect(&grid, "grid worker", id, "{\"action\":\"withdraw\"}", 409);
	act_expect(&townb, "township B", id, sign, 409);
	act_expect(&townb, "township B", id, "{\"action\":\"reply\",\"reply\":\"x\"}", 409);
	act_expect(&townb, "township B", id, "{\"action\":\"close\"}", 409);
	act_expect(&townb, "township B", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_a), 409);
	act_expect(&towna, "township A (dispatcher)", id, "{\"action\":\"reopen\",\"note\":\"群众再次反映\"}", 200);
	ok++;
	EXPECT(!strcmp(jstr(last, "status"), "reopened") && jtrue(last, "supervised") && jint(last, "reopen_count") == 1 &&
		       json_is_null(json_object_get(last, "closed_at")) && json_is_null(json_object_get(last, "satisfaction")),
	       "reopened, supervised: %s", json_dumps(last, 0));
	act_expect(&townb, "township B", id, "{\"action\":\"reply\",\"reply\":\"已再次维修\"}", 200);
	ok++;
	/* every step keeps actor, time and note */
	json_t *o = get_req(&towna, id);
	json_t *tl = json_object_get(o, "timeline");
	EXPECT((int)json_array_size(tl) == ok, "%d steps, got %zu", ok, json_array_size(tl));
	size_t i;
	json_t *s;
	json_array_foreach(tl, i, s) {
		EXPECT(*jstr(s, "actor") && parse_iso(jstr(s, "at")) > 0 && *jstr(s, "action") && *jstr(s, "to_status"),
		       "step %zu has actor, time, action, status: %s", i, json_dumps(s, 0));
	}
	EXPECT(!strcmp(jstr(json_array_get(tl, 1), "actor"), "rqcounty") &&
		       !strcmp(jstr(json_array_get(tl, 1), "note"), "属湾岭镇") &&
		       !strcmp(jstr(json_array_get(tl, 1), "action"), "transfer"),
	       "the transfer step: %s", json_dumps(json_array_get(tl, 1), 0));
	EXPECT(!strcmp(jstr(json_array_get(tl, 2), "actor"), "rqtownb"), "B signed: %s", json_dumps(json_array_get(tl, 2), 0));
	json_decref(o);

	/* a village-level request: the village's staff and grid worker handle it */
	int64_t v = simple(&towna, "grid", VILL_1, "consult.tourism");
	act_expect(&townb, "township B", v, sign, 404);
	act_expect(&village, "village staff", v, sign, 200);
	act_expect(&village, "village staff", v, "{\"action\":\"return\"}", 400);
	act_expect(&village, "village staff", v, "{\"action\":\"return\",\"note\":\"应由乡镇办理\"}", 200);
	EXPECT(!strcmp(jstr(last, "status"), "returned"), "returned: %s", jstr(last, "status"));
	act_expect(&village, "village staff", v, sign, 409);
	json_t *inbox = get_json(&towna, "/api/v1/requests?mine=1&page_size=200", 200);
	EXPECT(list_has(inbox, v), "a returned request is in the township's inbox");
	json_decref(inbox);
	act_expect(&towna, "township A", v, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_a), 200);
	EXPECT(!strcmp(jstr(last, "status"), "transferred") && jint(last, "org_id") == org_a, "re-dispatched to A");
	act_expect(&village, "village staff (no longer handler)", v, sign, 403);
	act_expect(&grid, "grid worker (no longer handler)", v, "{\"action\":\"start\"}", 403);
	act_expect(&towna, "township A", v, sign, 200);
	act_expect(&county, "county", v, "{\"action\":\"start\"}", 200);
}

/* ---- 4. transfers and supervision -------------------------------------------- */

static void test_transfers(void)
{
	json_t *o;
	int64_t id = simple(&towna, "grid", VILL_1, "help.medical");
	act_expect(&county, "county", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_b), 200);
	act_expect(&townb, "township B", id, sign, 200);
	/* a transfer to the organisation that holds it is refused (and counts toward nothing) */
	act_expect(&county, "county", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_b), 400);
	EXPECT(!strcmp(err_field(&(struct resp){ .json = last }), "org_id"), "a transfer to the holder: field org_id");
	o = get_req(&towna, id);
	EXPECT(jint(o, "transfer_count") == 1 && !strcmp(jstr(o, "status"), "signed"), "nothing changed: %s", jd(o));
	json_decref(o);
	/* B may not hand it on to C itself: it returns it, and the county re-dispatches it to C */
	act_expect(&townb, "township B", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_c), 403);
	act_expect(&townb, "township B (returns it)", id, "{\"action\":\"return\",\"note\":\"属另一乡镇\"}", 200);
	act_expect(&county, "county", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_c), 200);
	o = get_req(&towna, id);
	EXPECT(jint(o, "transfer_count") == 2 && !jtrue(o, "supervised") && json_is_null(json_object_get(o, "signed_at")) &&
		       jint(o, "org_id") == org_c,
	       "second transfer: not yet supervised, signature cleared: %s", json_dumps(o, 0));
	json_decref(o);
	act_expect(&townb, "township B (old organisation)", id, sign, 404);
	act_expect(&county, "county (dispatches it to A)", id, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_a),
		   200);
	o = get_req(&towna, id);
	EXPECT(jint(o, "transfer_count") == 3 && jtrue(o, "supervised") && jint(o, "org_id") == org_a,
	       "third transfer: supervised: %s", json_dumps(o, 0));
	EXPECT(timeline_count(o, "transfer") == 3, "three transfer steps");
	json_decref(o);
	act_expect(&townc, "township C", id, sign, 404);
	act_expect(&towna, "township A", id, sign, 200);
	json_t *sup = get_json(&towna, "/api/v1/requests?supervised=1&page_size=200", 200);
	EXPECT(list_has(sup, id), "in the supervised list");
	json_decref(sup);
}

/* ---- 5. merge, withdraw, callback, disputes ------------------------------------ */

static void test_merge_withdraw_close(void)
{
	int64_t m1 = simple(&towna, "hotline", VILL_1, "housing");
	int64_t m2 = simple(&towna, "hotline", VILL_1, "housing");
	int64_t m3 = simple(&towna, "hotline", VILL_1, "housing");
	act_expect(&towna, "township A", m2, "{\"action\":\"merge\"}", 400);
	act_expect(&towna, "township A", m2, fmt("{\"action\":\"merge\",\"into\":%lld}", (long long)m2), 400);
	act_expect(&towna, "township A", m2, "{\"action\":\"merge\",\"into\":99999999}", 400);
	act_expect(&grid, "grid worker", m2, fmt("{\"action\":\"merge\",\"into\":%lld}", (long long)m1), 403);
	act_expect(&towna, "township A", m2, fmt("{\"action\":\"merge\",\"into\":%lld}", (long long)m1), 200);
	EXPECT(!strcmp(jstr(last, "status"), "merged") && jint(last, "merged_into") == m1, "merged into #%lld: %s",
	       (long long)m1, json_dumps(last, 0));
	act_expect(&towna, "township A", m2, sign, 409);
	act_expect(&towna, "township A", m3, fmt("{\"action\":\"merge\",\"into\":%lld}", (long long)m2), 400);
	/* merging into a request out of the caller's scope */
	int64_t other = simple(&townb, "hotline", TOWN_B, "housing");
	act_expect(&towna, "township A", m3, fmt("{\"action\":\"merge\",\"into\":%lld}", (long long)other), 400);

	int64_t w = file_req(&grid, "{\"channel\":\"grid\",\"division\":\"" VILL_1 "\",\"category\":\"help.living\","
				    "\"content\":\"代办\"}");
	act_expect(&viewer, "viewer", w, "{\"action\":\"withdraw\"}", 403);
	act_expect(&grid, "grid worker", w, "{\"action\":\"withdraw\",\"note\":\"群众已自行解决\"}", 200);
	EXPECT(!strcmp(jstr(last, "status"), "withdrawn"), "withdrawn: %s", jstr(last, "status"));
	act_expect(&towna, "township A", w, sign, 409);
	act_expect(&towna, "township A", w, "{\"action\":\"reopen\"}", 409);
	act_expect(&towna, "township A", w, "{\"action\":\"withdraw\"}", 409);

	/* closing needs a callback; an unsatisfied one reopens */
	int64_t c = simple(&towna, "walk_in", VILL_1, "help.living");
	act_expect(&towna, "township A", c, "{\"action\":\"close\"}", 409);
	act_expect(&towna, "township A", c, sign, 200);
	act_expect(&towna, "township A", c, "{\"action\":\"reply\",\"reply\":\"已发放临时救助\"}", 200);
	act_expect(&towna, "township A", c, "{\"action\":\"close\"}", 409);
	act_expect(&towna, "township A (handler)", c, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 403);
	act_expect(&county, "county (dispatching level)", c, "{\"action\":\"visit\",\"satisfaction\":\"unsatisfied\"}", 200);
	EXPECT(!strcmp(jstr(last, "status"), "reopened") && jint(last, "reopen_count") == 1 && jtrue(last, "supervised") &&
		       !strcmp(jstr(last, "satisfaction"), "unsatisfied") && json_is_null(json_object_get(last, "replied_at")),
	       "unsatisfied reopens: %s", json_dumps(last, 0));
	act_expect(&towna, "township A", c, "{\"action\":\"close\"}", 409);
	act_expect(&towna, "township A", c, "{\"action\":\"reply\",\"reply\":\"追加救助\"}", 200);
	act_expect(&county, "county", c, "{\"action\":\"visit\",\"satisfaction\":\"basic\"}", 200);
	act_expect(&towna, "township A", c, "{\"action\":\"close\"}", 200);
	EXPECT(!strcmp(jstr(last, "status"), "closed") && !strcmp(jstr(last, "satisfaction"), "basic"), "closed, basic");

	/* a dispute needs its mediation outcome */
	int64_t d = simple(&towna, "walk_in", VILL_1, "dispute.neighbour");
	EXPECT(!strcmp(jstr(last, "kind"), "dispute") && jint(last, "org_id") == branch_v1, "a dispute for the village branch");
	act_expect(&village, "village staff", d, "{\"action\":\"mediate\",\"outcome\":\"x\"}", 409);
	/* the actions each caller may take, as the server decides them */
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)d);
	json_t *got = get_json_as(&srv, &village, path, 200);
	EXPECT(has_action(got, "sign") && has_action(got, "transfer") && has_action(got, "withdraw") &&
	       !has_action(got, "mediate") && !has_action(got, "close") && !has_action(got, "reopen"),
	       "the handler's actions on a new dispute: %s", jd(json_object_get(got, "allowed_actions")));
	json_decref(got);
	got = get_json_as(&srv, &viewer, path, 200);
	EXPECT(json_array_size(json_object_get(got, "allowed_actions")) == 0, "a viewer has no actions: %s",
	       jd(json_object_get(got, "allowed_actions")));
	json_decref(got);
	act_expect(&village, "village staff", d, sign, 200);
	EXPECT(has_action(last, "mediate") && has_action(last, "reply") && !has_action(last, "sign"),
	       "signed, the dispute can be mediated: %s", jd(json_object_get(last, "allowed_actions")));
	act_expect(&village, "village staff", d, "{\"action\":\"reply\",\"reply\":\"已组织双方协商\"}", 200);
	act_expect(&village, "village staff (handler)", d, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 403);
	act_expect(&towna, "township A (dispatching level)", d, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}",
		   200);
	act_expect(&village, "village staff", d, "{\"action\":\"close\"}", 409);
	EXPECT(!strcmp(err_field(&(struct resp){ .json = last }), "outcome"), "close without mediation: field outcome");
	act_expect(&village, "village staff", d, "{\"action\":\"mediate\"}", 400);
	act_expect(&grid, "grid worker (handler of the village branch)", d, "{\"action\":\"mediate\",\"outcome\":\"达成调解协议\"}",
		   200);
	EXPECT(!strcmp(jstr(last, "status"), "visited") && !strcmp(jstr(last, "mediation_outcome"), "达成调解协议"),
	       "mediation keeps the status: %s", json_dumps(last, 0));
	act_expect(&village, "village staff", d, "{\"action\":\"close\"}", 200);
	EXPECT(!strcmp(jstr(last, "status"), "closed"), "dispute closed");
}

/* ---- 6. masking ---------------------------------------------------------------------- */

static int64_t masked_id;

static void test_masking(void)
{
	masked_id = file_req(&towna, "{\"channel\":\"hotline\",\"division\":\"" VILL_1 "\",\"category\":\"help.living\","
				     "\"content\":\"求助\",\"name\":\"王小明\",\"phone\":\"13812345678\"}");
	struct resp r;
	req(&viewer, "GET", fmt("/api/v1/requests/%lld", (long long)masked_id), NULL, &r);
	EXPECT(r.status == 200, "viewer reads: %ld", r.status);
	EXPECT(!strcmp(jstr(r.json, "requester_name"), "王**"), "viewer: name masked to 王**, got %s", jstr(r.json, "requester_name"));
	EXPECT(!strcmp(jstr(r.json, "requester_phone"), "138****5678"), "viewer: phone masked, got %s",
	       jstr(r.json, "requester_phone"));
	EXPECT(!strstr(r.body, "王小明") && !strstr(r.body, "13812345678"), "no full value for a viewer: %s", r.body);
	resp_free(&r);
	json_t *vl = get_json(&viewer, "/api/v1/requests?phone=13812345678", 200);
	json_t *first = json_array_get(json_object_get(vl, "items"), 0);
	EXPECT(jint(vl, "total") == 1 && !strcmp(jstr(first, "requester_name"), "王**") &&
		       !strcmp(jstr(first, "requester_phone"), "138****5678"),
	       "masked in the viewer's list too: %s", json_dumps(vl, 0));
	json_decref(vl);
	/* masked for every role, in the list and the record; the handling chain reveals it, audited */
	const struct { const char *who; struct session *s; long reveal; } all[] = {
		{ "handler (township A)", &towna, 200 }, { "county", &county, 200 }, { "grid worker", &grid, 403 },
		{ "viewer", &viewer, 403 } };
	const char *path = fmt("/api/v1/requests/%lld/reveal", (long long)masked_id);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		json_t *o = get_req(all[i].s, masked_id);
		EXPECT(!strcmp(jstr(o, "requester_name"), "王**") && !strcmp(jstr(o, "requester_phone"), "138****5678"),
		       "%s sees the requester masked: %s / %s", all[i].who, jstr(o, "requester_name"),
		       jstr(o, "requester_phone"));
		json_decref(o);
		req(all[i].s, "POST", path, "{\"field\":\"requester_phone\",\"reason\":\"回访诉求人\"}", &r);
		EXPECT(r.status == all[i].reveal, "%s reveals the phone: %ld, want %ld %s", all[i].who, r.status,
		       all[i].reveal, r.body);
		if (r.status == 200)
			EXPECT(!strcmp(jstr(r.json, "value"), "13812345678"), "%s gets the full phone: %s", all[i].who,
			       r.body);
		resp_free(&r);
	}
	req(&towna, "POST", path, "{\"field\":\"requester_name\",\"reason\":\"回访诉求人\"}", &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "value"), "王小明"), "the handler reveals the name: %s", r.body);
	resp_free(&r);
	req(&towna, "POST", path, "{\"field\":\"content\",\"reason\":\"回访诉求人\"}", &r);
	expect_field_error(&r, 400, "validation", "field", "only the requester's fields are revealed");
	resp_free(&r);
	req(&towna, "POST", path, "{\"field\":\"requester_phone\",\"reason\":\"x\"}", &r);
	expect_field_error(&r, 400, "validation", "reason", "a reveal needs a reason");
	resp_free(&r);
	json_t *log = get_json(&auditor, fmt("/api/v1/audit?entity=request&entity_id=%lld&action=reveal", (long long)masked_id),
			       200);
	EXPECT(jint(log, "total") == 3, "each reveal is audited (2 by the handler, 1 by the county): %s", jd(log));
	json_decref(log);
}

/* ---- 7. public form and tracking -------------------------------------------------------- */

static void test_public(void)
{
	struct resp r;
	json_t *cats = get_json(NULL, "/api/v1/public/request-categories", 200);
	bool found = false;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(cats, "items"), i, c)
		if (!strcmp(jstr(c, "code"), "help.living"))
			found = !strcmp(jstr(c, "parent_code"), "help") && jint(c, "sign_days") == 1;
	EXPECT(found, "public categories list help.living under help");
	json_decref(cats);

	http(&srv, "POST", "/api/v1/public/requests",
	     "{\"division\":\"" VILL_1 "\",\"category\":\"infra.lighting\",\"content\":\"村口路灯坏了\",\"name\":\"赵六\","
	     "\"phone\":\"13712345678\"}", NULL, &r);
	EXPECT(r.status == 201, "public form without login: %ld %s", r.status, r.body);
	char ticket[32];
	snprintf(ticket, sizeof(ticket), "%s", jstr(r.json, "ticket"));
	EXPECT(strlen(ticket) == 14, "a ticket: %s", r.body);
	EXPECT(json_object_get(r.json, "id") == NULL && !strstr(r.body, "赵六"), "no id or personal data in the reply: %s", r.body);
	resp_free(&r);
	/* a phone's offline queue sends a submission again: the same key is one request, the same ticket */
	const char *keyed = "{\"division\":\"" VILL_1 "\",\"category\":\"infra.lighting\",\"content\":\"排队的诉求：井盖丢了\","
			    "\"name\":\"孙七\",\"phone\":\"13712345679\",\"idempotency_key\":\"7d3f1c2a-queue-once\"}";
	char first[32];
	http(&srv, "POST", "/api/v1/public/requests", keyed, NULL, &r);
	EXPECT(r.status == 201, "a keyed public submission: %ld %s", r.status, r.body);
	snprintf(first, sizeof(first), "%s", jstr(r.json, "ticket"));
	resp_free(&r);
	for (int k = 0; k < 2; k++) {
		http(&srv, "POST", "/api/v1/public/requests", keyed, NULL, &r);
		EXPECT(r.status == 200 && !strcmp(jstr(r.json, "ticket"), first),
		       "sent again, the same ticket (200): %ld %s / %s", r.status, r.body, first);
		resp_free(&r);
	}
	EXPECT(raw_count_on(db_url, "SELECT COUNT(*) FROM requests WHERE content = '排队的诉求：井盖丢了'") == 1,
	       "a submission sent three times is stored once");
	/* the public's keys are kept apart from the staff's (a prefix), so one never finds the other's request */
	EXPECT(raw_count_on(db_url, "SELECT COUNT(*) FROM requests WHERE idempotency_key = 'public:7d3f1c2a-queue-once'") == 1,
	       "the public key is kept apart from the staff's");
	static const struct { const char *body, *code, *field; } bad[] = {
		{ "{\"division\":\"" COUNTY "\",\"category\":\"help\",\"content\":\"x\",\"name\":\"甲\",\"phone\":\"13712345678\"}",
		  "bad_division", "division" },
		{ "{\"division\":\"469030100299\",\"category\":\"help\",\"content\":\"x\",\"name\":\"甲\",\"phone\":\"13712345678\"}",
		  "bad_division", "division" },
		{ "{\"division\":\"abc\",\"category\":\"help\",\"content\":\"x\",\"name\":\"甲\",\"phone\":\"13712345678\"}",
		  "bad_division", "division" },
		{ "{\"division\":\"" VILL_1 "\",\"category\":\"nope\",\"content\":\"x\",\"name\":\"甲\",\"phone\":\"13712345678\"}",
		  "validation", "category" },
		{ "{\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\",\"name\":\"甲\",\"phone\":\"137-abc\"}",
		  "validation", "phone" },
		{ "{\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\",\"name\":\"甲\"}", "missing_field", "phone" },
		{ "{\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\",\"phone\":\"13712345678\"}", "missing_field",
		  "name" },
		{ "{\"division\":\"" VILL_1 "\",\"category\":\"help\",\"content\":\"x\",\"name\":\"甲\",\"phone\":\"13712345678\","
		  "\"channel\":\"hotline\"}", "unknown_field", "channel" },
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		http(&srv, "POST", "/api/v1/public/requests", bad[k].body, NULL, &r);
		expect_field_error(&r, 400, bad[k].code, bad[k].field, bad[k].body);
		resp_free(&r);
	}

	json_t *l = get_json(&towna, fmt("/api/v1/requests?q=%s", ticket), 200);
	json_t *item = json_array_get(json_object_get(l, "items"), 0);
	int64_t id = jint(item, "id");
	EXPECT(jint(l, "total") == 1 && !strcmp(jstr(item, "channel"), "web") && !strcmp(jstr(item, "status"), "submitted") &&
		       jint(item, "org_id") == branch_v1,
	       "the web request is listed for the township: %s", json_dumps(l, 0));
	json_decref(l);
	/* before anyone signs: 待签收, not 已受理 */
	http(&srv, "GET", fmt("/api/v1/public/requests/%s?phone_last4=5678", ticket), NULL, NULL, &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "status_label"), "待签收") &&
		       !strcmp(jstr(r.json, "status_label_en"), "Waiting to be signed for") &&
		       !strcmp(jstr(json_array_get(json_object_get(r.json, "timeline"), 0), "label"), "提交诉求") &&
		       !jtrue(r.json, "feedback_allowed"),
	       "unsigned: 待签收, labelled steps, nothing to rate: %s", r.body);
	resp_free(&r);
	act_expect(&towna, "township A", id, "{\"action\":\"sign\",\"note\":\"内部备注XYZ\"}", 200);
	act_expect(&towna, "township A", id, "{\"action\":\"reply\",\"reply\":\"已安排维修路灯\"}", 200);

	http(&srv, "GET", fmt("/api/v1/public/requests/%s?phone_last4=5678", ticket), NULL, NULL, &r);
	EXPECT(r.status == 200, "tracking with the right last four: %ld %s", r.status, r.body);
	EXPECT(!strcmp(jstr(r.json, "status"), "replied") && !strcmp(jstr(r.json, "reply"), "已安排维修路灯") &&
		       !strcmp(jstr(r.json, "ticket"), ticket),
	       "status and reply shown: %s", r.body);
	json_t *tl = json_object_get(r.json, "timeline");
	EXPECT(json_array_size(tl) == 3 && !strcmp(jstr(json_array_get(tl, 0), "action"), "submit") &&
		       !strcmp(jstr(json_array_get(tl, 2), "action"), "reply"),
	       "timeline of three steps: %s", r.body);
	static const char *const secret[] = { "赵六", "13712345678", "rqtowna", "内部备注", "requester", "actor",
					      "\"note\"", "web\"" };
	for (size_t k = 0; k < sizeof(secret) / sizeof(secret[0]); k++)
		EXPECT(!strstr(r.body, secret[k]), "tracking reveals \"%s\": %s", secret[k], r.body);
	EXPECT(json_object_get(r.json, "requester_name") == NULL && json_object_get(r.json, "id") == NULL &&
		       json_object_get(r.json, "content") == NULL,
	       "no personal keys: %s", r.body);
	EXPECT(!strcmp(jstr(r.json, "status_label"), "已答复") && !strcmp(jstr(r.json, "status_label_en"), "Replied") &&
		       !strcmp(jstr(json_array_get(tl, 1), "label"), "签收") &&
		       !strcmp(jstr(json_array_get(tl, 2), "label"), "答复") &&
		       !strcmp(jstr(json_array_get(tl, 2), "label_en"), "Replied") && jtrue(r.json, "feedback_allowed"),
	       "Chinese labels (and English in _en), a reply to rate: %s", r.body);
	resp_free(&r);

	/* the villager rates the reply and asks to reopen it, once per reply */
	const char *fb = fmt("/api/v1/public/requests/%s/feedback", ticket);
	static const struct { const char *body, *code, *field; long status; } badfb[] = {
		{ "{\"phone_last4\":\"5679\",\"satisfaction\":\"satisfied\"}", "not_found", NULL, 404 },
		{ "{\"phone_last4\":\"5678\",\"satisfaction\":\"great\"}", "validation", "satisfaction", 400 },
		{ "{\"phone_last4\":\"5678\"}", "missing_field", "satisfaction", 400 },
		{ "{\"phone_last4\":\"5678\",\"satisfaction\":\"basic\",\"reopen\":true}", "validation", "reopen", 400 },
		{ "{\"phone_last4\":\"5678\",\"satisfaction\":\"basic\",\"status\":\"closed\"}", "unknown_field", "status", 400 },
	};
	for (size_t k = 0; k < sizeof(badfb) / sizeof(badfb[0]); k++) {
		http(&srv, "POST", fb, badfb[k].body, NULL, &r);
		expect_field_error(&r, badfb[k].status, badfb[k].code, badfb[k].field, badfb[k].body);
		resp_free(&r);
	}
	http(&srv, "POST", fb, "{\"phone_last4\":\"5678\",\"satisfaction\":\"unsatisfied\",\"reopen\":true,"
			       "\"comment\":\"路灯还是不亮\"}", NULL, &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "status"), "reopened"), "unsatisfied, reopen: %ld %s", r.status, r.body);
	resp_free(&r);
	json_t *ro = get_req(&towna, id);
	EXPECT(!strcmp(jstr(ro, "status"), "reopened") && jint(ro, "reopen_count") == 1 && jtrue(ro, "supervised") &&
		       timeline_has(ro, "feedback"),
	       "reopened by the requester, supervised: %s", jd(ro));
	json_decref(ro);
	http(&srv, "POST", fb, "{\"phone_last4\":\"5678\",\"satisfaction\":\"satisfied\"}", NULL, &r);
	expect_error(&r, 409, "conflict", "no new reply to rate yet");
	resp_free(&r);
	act_expect(&towna, "township A", id, "{\"action\":\"reply\",\"reply\":\"已更换灯具\"}", 200);
	http(&srv, "POST", fb, "{\"phone_last4\":\"5678\",\"satisfaction\":\"satisfied\"}", NULL, &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "status"), "replied"), "the new reply rated: %ld %s", r.status, r.body);
	resp_free(&r);
	http(&srv, "POST", fb, "{\"phone_last4\":\"5678\",\"satisfaction\":\"unsatisfied\",\"reopen\":true}", NULL, &r);
	expect_error(&r, 409, "conflict", "a second rating of the same reply");
	resp_free(&r);
	http(&srv, "GET", fmt("/api/v1/public/requests/%s?phone_last4=5678", ticket), NULL, NULL, &r);
	EXPECT(r.status == 200 && !strcmp(jstr(r.json, "feedback"), "satisfied") && !jtrue(r.json, "feedback_allowed"),
	       "rated, nothing more to rate: %s", r.body);
	resp_free(&r);
	json_t *fst = get_json(&towna, "/api/v1/requests/stats?division=" VILL_1 "&from=" DAY0 "&to=" DAY0, 200);
	EXPECT(jint(fst, "requester_ratings") == 2 && near(json_object_get(fst, "requester_satisfaction_rate"), 50.0),
	       "the requester's two ratings, one satisfied, counted apart from the callbacks: %s", jd(fst));
	json_decref(fst);
	http(&srv, "GET", fmt("/api/v1/public/requests/%s?phone_last4=5679", ticket), NULL, NULL, &r);
	expect_error(&r, 404, "not_found", "tracking with the wrong last four");
	resp_free(&r);
	http(&srv, "GET", fmt("/api/v1/public/requests/%s", ticket), NULL, NULL, &r);
	expect_field_error(&r, 400, "missing_field", "phone_last4", "tracking without the last four");
	resp_free(&r);
	http(&srv, "GET", "/api/v1/public/requests/20251015999999X?phone_last4=5678", NULL, NULL, &r);
	expect_error(&r, 404, "not_found", "tracking an unknown ticket");
	resp_free(&r);
	/* a request without a phone can't be tracked */
	int64_t nophone = simple(&towna, "walk_in", VILL_1, "help");
	json_t *np = get_req(&towna, nophone);
	http(&srv, "GET", fmt("/api/v1/public/requests/%s?phone_last4=0000", jstr(np, "ticket")), NULL, NULL, &r);
	expect_error(&r, 404, "not_found", "tracking a request without a phone");
	resp_free(&r);
	json_decref(np);
}

/* ---- 8. lists, filters, paging, scope ----------------------------------------------------- */

static bool all_items(json_t *list, const char *key, const char *prefix, bool exact)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item) {
		const char *v = jstr(item, key);
		if (exact ? strcmp(v, prefix) != 0 : strncmp(v, prefix, strlen(prefix)) != 0)
			return false;
	}
	return true;
}

static void test_lists(void)
{
	struct resp r;
	/* caller history */
	file_req(&towna, "{\"channel\":\"hotline\",\"division\":\"" VILL_2 "\",\"category\":\"consult\","
			 "\"content\":\"又来电\",\"name\":\"王小明\",\"phone\":\"13812345678\"}");
	json_t *l = get_json(&towna, "/api/v1/requests?phone=13812345678", 200);
	EXPECT(jint(l, "total") == 2 && list_has(l, masked_id), "caller history: 2, got %lld", (long long)jint(l, "total"));
	json_decref(l);

	l = get_json(&towna, "/api/v1/requests?status=replied&page_size=200", 200);
	EXPECT(jint(l, "total") >= 2 && all_items(l, "status", "replied", true), "?status=replied: %lld", (long long)jint(l, "total"));
	json_decref(l);
	req(&towna, "GET", "/api/v1/requests?status=done", NULL, &r);
	expect_field_error(&r, 400, "validation", "status", "?status=done");
	resp_free(&r);

	l = get_json(&towna, "/api/v1/requests?category=help&page_size=200", 200);
	EXPECT(jint(l, "total") >= 5 && all_items(l, "category", "help", false), "?category=help: the parent and its children");
	bool child = false;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(l, "items"), i, item)
		child |= !strcmp(jstr(item, "category"), "help.living");
	EXPECT(child, "?category=help includes help.living");
	json_decref(l);
	l = get_json(&towna, "/api/v1/requests?category=help.medical&page_size=200", 200);
	EXPECT(jint(l, "total") >= 1 && all_items(l, "category", "help.medical", true), "?category=help.medical: %lld",
	       (long long)jint(l, "total"));
	json_decref(l);

	l = get_json(&towna, "/api/v1/requests?division=" VILL_2 "&page_size=200", 200);
	EXPECT(jint(l, "total") >= 4 && all_items(l, "division", VILL_2, false), "?division=%s: %lld", VILL_2,
	       (long long)jint(l, "total"));
	json_decref(l);
	l = get_json(&towna, "/api/v1/requests?division=" GROUP_1 "&page_size=200", 200);
	EXPECT(jint(l, "total") >= 1 && all_items(l, "division", GROUP_1, false), "?division=group: %lld",
	       (long long)jint(l, "total"));
	json_decref(l);
	req(&towna, "GET", "/api/v1/requests?division=1234567", NULL, &r);
	expect_error(&r, 400, "bad_division", "?division=1234567");
	resp_free(&r);
	/* a scope asking for a node (under it, holding it, beside it): exactly the requests placed
	 * under the node whose place or answering organisation is in the scope, recounted */
	static const struct { struct session *s; const char *scope, *node; int64_t least; } under[] = {
		{ &admin, "", VILL_1, 1 },     { &county, COUNTY, VILL_2, 4 }, { &county, COUNTY, TOWN_A, 20 },
		{ &towna, TOWN_A, COUNTY, 20 }, { &townb, TOWN_B, TOWN_A, 0 },  { &townc, TOWN_C, TOWN_A, 0 },
	};
	for (size_t k = 0; k < sizeof(under) / sizeof(under[0]); k++) {
		l = get_json(under[k].s, fmt("/api/v1/requests?division=%s&page_size=1", under[k].node), 200);
		int64_t want = raw_count_on(db_url, fmt("SELECT COUNT(*) FROM requests WHERE (division LIKE '%s%%'"
							" OR org_division LIKE '%s%%') AND division LIKE '%s%%'",
							under[k].scope, under[k].scope, under[k].node));
		EXPECT(want >= under[k].least && jint(l, "total") == want, "scope %s, ?division=%s: %lld, recount %lld",
		       under[k].scope, under[k].node, (long long)jint(l, "total"), (long long)want);
		json_decref(l);
	}

	/* inbox: open requests of my organisations */
	l = get_json(&townb, "/api/v1/requests?mine=1&page_size=200", 200);
	EXPECT(jint(l, "total") >= 1, "B's inbox: %s", json_dumps(l, 0));
	json_array_foreach(json_object_get(l, "items"), i, item) {
		const char *st = jstr(item, "status");
		EXPECT(!strncmp(jstr(item, "org_division"), TOWN_B, 9) || !strncmp(jstr(item, "division"), TOWN_B, 9) ||
			       *jstr(item, "escalated_org_name"),
		       "B's inbox holds B's requests only: %s", json_dumps(item, 0));
		EXPECT(strcmp(st, "closed") && strcmp(st, "merged") && strcmp(st, "withdrawn"), "inbox item open: %s", st);
	}
	json_decref(l);
	l = get_json(&village, "/api/v1/requests?mine=1&page_size=200", 200);
	EXPECT(jint(l, "total") >= 1, "the village's inbox: %s", json_dumps(l, 0));
	json_array_foreach(json_object_get(l, "items"), i, item)
		EXPECT(!strncmp(jstr(item, "org_division"), VILL_1, 12) || !strncmp(jstr(item, "division"), VILL_1, 12),
		       "the village's inbox holds its requests only: %s", json_dumps(item, 0));
	json_decref(l);

	/* timeliness filter: everything is on time yet */
	l = get_json(&towna, "/api/v1/requests?timeliness=overdue&page_size=200", 200);
	EXPECT(!list_has(l, masked_id), "not overdue yet");
	json_decref(l);
	req(&towna, "GET", "/api/v1/requests?timeliness=late", NULL, &r);
	expect_field_error(&r, 400, "validation", "timeliness", "?timeliness=late");
	resp_free(&r);

	/* paging */
	json_t *all = get_json(&towna, "/api/v1/requests?page_size=200", 200);
	int64_t total = jint(all, "total");
	EXPECT(total >= 20 && json_array_size(json_object_get(all, "items")) >= 20, "all of A's requests: %lld",
	       (long long)total);
	json_t *p1 = get_json(&towna, "/api/v1/requests?page_size=3&page=1", 200);
	json_t *p2 = get_json(&towna, "/api/v1/requests?page_size=3&page=2", 200);
	EXPECT(jint(p1, "total") == total && json_array_size(json_object_get(p1, "items")) == 3 &&
		       json_array_size(json_object_get(p2, "items")) == 3 && jint(p2, "page") == 2 && jint(p2, "page_size") == 3,
	       "pages of three");
	for (int k = 0; k < 3; k++)
		EXPECT(jint(json_array_get(json_object_get(p1, "items"), k), "id") ==
				       jint(json_array_get(json_object_get(all, "items"), k), "id") &&
			       jint(json_array_get(json_object_get(p2, "items"), k), "id") ==
				       jint(json_array_get(json_object_get(all, "items"), 3 + k), "id"),
		       "page items follow the order of the full list");
	json_decref(p1);
	json_decref(p2);
	json_t *far = get_json(&towna, "/api/v1/requests?page_size=3&page=1000", 200);
	EXPECT(json_array_size(json_object_get(far, "items")) == 0, "past the end: empty");
	json_decref(far);
	req(&towna, "GET", "/api/v1/requests?page_size=0", NULL, &r);
	expect_error(&r, 400, "bad_paging", "page_size=0");
	resp_free(&r);

	/* scope: township C never sees A's requests */
	json_t *lc = get_json(&townc, "/api/v1/requests?page_size=200", 200);
	json_array_foreach(json_object_get(all, "items"), i, item) {
		const char *d = jstr(item, "division"), *od = jstr(item, "org_division");
		if (strncmp(d, TOWN_C, 9) && strncmp(od, TOWN_C, 9))
			EXPECT(!list_has(lc, jint(item, "id")), "township C's list holds A's #%lld", (long long)jint(item, "id"));
	}
	json_decref(lc);
	lc = get_json(&townc, "/api/v1/requests?division=" TOWN_A, 200);
	EXPECT(jint(lc, "total") == 0, "township C filtering on A: 0, got %lld", (long long)jint(lc, "total"));
	json_decref(lc);
	req(&townc, "GET", fmt("/api/v1/requests/%lld", (long long)masked_id), NULL, &r);
	expect_error(&r, 404, "not_found", "township C reads A's request");
	resp_free(&r);
	act_expect(&townc, "township C", masked_id, "{\"action\":\"note\",\"note\":\"x\"}", 404);
	json_t *mo = get_req(&towna, masked_id);
	req(&townc, "GET", fmt("/api/v1/open311/requests/%s.json", jstr(mo, "ticket")), NULL, &r);
	expect_error(&r, 404, "not_found", "township C reads A's request through Open311");
	resp_free(&r);
	json_t *oc = get_json(&townc, "/api/v1/open311/requests.json?page_size=200", 200);
	json_array_foreach(oc, i, item)
		EXPECT(strcmp(jstr(item, "service_request_id"), jstr(mo, "ticket")), "A's ticket in C's Open311 list");
	json_decref(oc);
	json_decref(mo);
	req(&townb, "GET", fmt("/api/v1/requests/%lld", (long long)masked_id), NULL, &r);
	expect_error(&r, 404, "not_found", "township B reads A's request");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/requests/0", NULL, &r);
	expect_error(&r, 404, "not_found", "request 0");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/requests/abc", NULL, &r);
	expect_error(&r, 404, "not_found", "request abc");
	resp_free(&r);
	json_decref(all);
}

/* ---- 9. Open311 ------------------------------------------------------------------------------- */

static void test_open311(void)
{
	struct resp r;
	json_t *svc = get_json(&viewer, "/api/v1/open311/services.json", 200);
	EXPECT(json_is_array(svc) && json_array_size(svc) >= 26, "services: an array of the categories (%zu)", json_array_size(svc));
	bool found = false;
	size_t i;
	json_t *s;
	json_array_foreach(svc, i, s)
		if (!strcmp(jstr(s, "service_code"), "help.living"))
			found = !strcmp(jstr(s, "service_name"), "生活困难求助") && !strcmp(jstr(s, "group"), "求助") &&
				!strcmp(jstr(s, "type"), "realtime") && json_is_false(json_object_get(s, "metadata"));
	EXPECT(found, "help.living as a service in group 求助");
	json_decref(svc);

	json_t *all = get_json(&towna, "/api/v1/open311/requests.json?page_size=200&start_date=" DAY0 "&end_date=" DAY_AFTER, 200);
	EXPECT(json_is_array(all) && json_array_size(all) >= 20, "requests.json: an array (%zu)", json_array_size(all));
	int open = 0, closed = 0;
	json_array_foreach(all, i, s) {
		const char *st = jstr(s, "status");
		open += !strcmp(st, "open");
		closed += !strcmp(st, "closed");
		EXPECT(strlen(jstr(s, "service_request_id")) == 14 && *jstr(s, "service_code") &&
			       parse_iso(jstr(s, "requested_datetime")) > 0 && *jstr(s, "address_id"),
		       "GeoReport shape: %s", json_dumps(s, 0));
		EXPECT(json_object_get(s, "requester_name") == NULL && json_object_get(s, "phone") == NULL,
		       "no personal data in Open311");
	}
	EXPECT(open > 0 && closed > 0 && open + closed == (int)json_array_size(all), "status open or closed (%d, %d)", open, closed);
	json_t *cl = get_json(&towna, "/api/v1/open311/requests.json?status=closed&page_size=200&start_date=" DAY0 "&end_date=" DAY_AFTER, 200);
	EXPECT((int)json_array_size(cl) == closed, "?status=closed: %zu, want %d", json_array_size(cl), closed);
	json_array_foreach(cl, i, s)
		EXPECT(!strcmp(jstr(s, "status"), "closed"), "closed only");
	json_decref(cl);
	json_t *sc = get_json(&towna, "/api/v1/open311/requests.json?service_code=help.medical&start_date=" DAY0 "&end_date=" DAY_AFTER, 200);
	EXPECT(json_array_size(sc) == 1 && !strcmp(jstr(json_array_get(sc, 0), "service_code"), "help.medical"),
	       "?service_code=help.medical: %zu", json_array_size(sc));
	json_decref(sc);
	req(&towna, "GET", "/api/v1/open311/requests.json?status=pending", NULL, &r);
	expect_field_error(&r, 400, "validation", "status", "?status=pending");
	resp_free(&r);

	json_t *o = get_req(&towna, masked_id);
	json_t *one = get_json(&towna, fmt("/api/v1/open311/requests/%s.json", jstr(o, "ticket")), 200);
	json_t *g = json_array_get(one, 0);
	EXPECT(json_array_size(one) == 1 && !strcmp(jstr(g, "service_request_id"), jstr(o, "ticket")) &&
		       !strcmp(jstr(g, "service_code"), "help.living") && !strcmp(jstr(g, "status"), "open") &&
		       !strcmp(jstr(g, "address_id"), VILL_1) && !strcmp(jstr(g, "description"), "求助"),
	       "one request: %s", json_dumps(one, 0));
	char *text = json_dumps(one, 0);
	EXPECT(text && !strstr(text, "王小明") && !strstr(text, "13812345678"), "no requester in Open311: %s", text);
	free(text);
	json_decref(one);
	req(&towna, "GET", fmt("/api/v1/open311/requests/%s", jstr(o, "ticket")), NULL, &r);
	expect_error(&r, 404, "not_found", "Open311 without .json");
	resp_free(&r);
	req(&towna, "GET", "/api/v1/open311/requests/20990101000000.json", NULL, &r);
	expect_error(&r, 404, "not_found", "Open311 unknown ticket");
	resp_free(&r);
	/* GeoReport clients have no login: services and requests answer, with nothing a villager wrote */
	req(NULL, "GET", "/api/v1/open311/services.json", NULL, &r);
	EXPECT(r.status == 200 && json_array_size(r.json) >= 26, "Open311 services without a login: %ld", r.status);
	resp_free(&r);
	req(NULL, "GET", fmt("/api/v1/open311/requests/%s.json", jstr(o, "ticket")), NULL, &r);
	g = json_array_get(r.json, 0);
	EXPECT(r.status == 200 && g && json_is_null(json_object_get(g, "description")) &&
		       json_is_null(json_object_get(g, "status_notes")) && !strcmp(jstr(g, "service_code"), "help.living") &&
		       !strstr(r.body, "王小明") && !strstr(r.body, "13812345678"),
	       "one request without a login, no text: %ld %s", r.status, r.body);
	resp_free(&r);
	req(NULL, "GET", "/api/v1/open311/requests.json?page_size=200&start_date=" DAY0 "&end_date=" DAY_AFTER, NULL, &r);
	bool texts = false;
	json_array_foreach(r.json, i, s)
		texts = texts || !json_is_null(json_object_get(s, "description"));
	EXPECT(r.status == 200 && json_array_size(r.json) >= json_array_size(all) && !texts,
	       "every place's requests without a login, no descriptions: %ld (%zu)", r.status, json_array_size(r.json));
	resp_free(&r);
	json_decref(o);
	json_decref(all);
}

/* ---- 10. calendar ---------------------------------------------------------------------------------- */

static void test_calendar(void)
{
	struct resp r;
	json_t *y = get_json(&viewer, "/api/v1/settings/calendar/2026", 200);
	bool makeup = false, holiday = false;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(y, "days"), i, d) {
		makeup |= !strcmp(jstr(d, "day"), "2026-10-10") && !strcmp(jstr(d, "kind"), "work");
		holiday |= !strcmp(jstr(d, "day"), "2026-10-01") && !strcmp(jstr(d, "kind"), "off");
	}
	EXPECT(makeup && holiday && !strcmp(jstr(y, "year"), "2026"), "2026: 10-01 off, 10-10 work");
	json_decref(y);
	const char *body = "{\"days\":[{\"day\":\"2027-01-01\",\"kind\":\"off\",\"name\":\"元旦\"},"
			   "{\"day\":\"2027-02-06\",\"kind\":\"work\",\"name\":\"春节调休\"},"
			   "{\"day\":\"2027-02-08\",\"kind\":\"off\",\"name\":\"春节\"}]}";
	req(&towna, "PUT", "/api/v1/settings/calendar/2027", body, &r);
	expect_error(&r, 403, "forbidden", "township PUTs the calendar");
	resp_free(&r);
	req(&viewer, "PUT", "/api/v1/settings/calendar/2027", body, &r);
	expect_error(&r, 403, "forbidden", "viewer PUTs the calendar");
	resp_free(&r);
	req(&admin, "PUT", "/api/v1/settings/calendar/2027", body, &r);
	EXPECT(r.status == 200 && json_array_size(json_object_get(r.json, "days")) == 3, "admin PUTs 2027: %ld %s", r.status,
	       r.body);
	resp_free(&r);
	y = get_json(&towna, "/api/v1/settings/calendar/2027", 200);
	json_t *d1 = json_array_get(json_object_get(y, "days"), 1);
	EXPECT(json_array_size(json_object_get(y, "days")) == 3 && !strcmp(jstr(d1, "day"), "2027-02-06") &&
		       !strcmp(jstr(d1, "kind"), "work") && !strcmp(jstr(d1, "name"), "春节调休"),
	       "2027 read back: %s", json_dumps(y, 0));
	json_decref(y);
	/* the calendar is national: a county may not set it */
	req(&county, "PUT", "/api/v1/settings/calendar/2027", "{\"days\":[]}", &r);
	expect_error(&r, 403, "forbidden", "a county sets the national calendar");
	resp_free(&r);
	y = get_json(&towna, "/api/v1/settings/calendar/2027", 200);
	EXPECT(json_array_size(json_object_get(y, "days")) == 3, "the county's PUT changed nothing: %s", jd(y));
	json_decref(y);
	/* a PUT replaces the year */
	req(&admin, "PUT", "/api/v1/settings/calendar/2027", "{\"days\":[{\"day\":\"2027-01-01\",\"kind\":\"off\",\"name\":\"元旦\"}]}",
	    &r);
	EXPECT(r.status == 200, "admin PUTs 2027: %ld %s", r.status, r.body);
	resp_free(&r);
	y = get_json(&towna, "/api/v1/settings/calendar/2027", 200);
	EXPECT(json_array_size(json_object_get(y, "days")) == 1, "the year replaced: %s", json_dumps(y, 0));
	json_decref(y);
	y = get_json(&towna, "/api/v1/settings/calendar/2026", 200);
	EXPECT(json_array_size(json_object_get(y, "days")) == 39, "2026 untouched: %zu days", json_array_size(json_object_get(y, "days")));
	json_decref(y);
	static const char *const bad[] = {
		"{\"days\":[{\"day\":\"2027-13-01\",\"kind\":\"off\",\"name\":\"x\"}]}",
		"{\"days\":[{\"day\":\"2027-02-30\",\"kind\":\"off\",\"name\":\"x\"}]}",
		"{\"days\":[{\"day\":\"2026-05-01\",\"kind\":\"off\",\"name\":\"x\"}]}",
		"{\"days\":[{\"day\":\"2027-5-1\",\"kind\":\"off\",\"name\":\"x\"}]}",
		"{\"days\":[{\"day\":\"2027-05-01\",\"kind\":\"holiday\",\"name\":\"x\"}]}",
		"{\"days\":[{\"day\":\"2027-05-01\",\"kind\":\"off\"}]}",
		"{\"days\":[{\"day\":\"2027-05-01\",\"kind\":\"off\",\"name\":\"x\",\"extra\":1}]}",
		"{\"days\":\"2027-05-01\"}",
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		req(&admin, "PUT", "/api/v1/settings/calendar/2027", bad[k], &r);
		expect_field_error(&r, 400, "validation", "days", bad[k]);
		resp_free(&r);
	}
	req(&admin, "PUT", "/api/v1/settings/calendar/2027",
	    "{\"days\":[{\"day\":\"2027-05-01\",\"kind\":\"off\",\"name\":\"x\"},{\"day\":\"2027-05-01\",\"kind\":\"off\",\"name\":\"y\"}]}",
	    &r);
	EXPECT(r.status == 409 || r.status == 400, "the same day twice: 409 or 400, got %ld %s", r.status, r.body);
	resp_free(&r);
	y = get_json(&towna, "/api/v1/settings/calendar/2027", 200);
	EXPECT(json_array_size(json_object_get(y, "days")) == 1, "failed PUTs change nothing: %s", json_dumps(y, 0));
	json_decref(y);
	req(&admin, "GET", "/api/v1/settings/calendar/27", NULL, &r);
	expect_error(&r, 404, "not_found", "calendar year 27");
	resp_free(&r);
}

/* ---- 11. figures ---------------------------------------------------------------------------------- */

static json_t *group_row(json_t *stats, const char *group, const char *key)
{
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(stats, group), i, row)
		if (!strcmp(jstr(row, "key"), key))
			return row;
	return NULL;
}


static void test_stats(void)
{
	/* six requests in township C, each at the township itself */
	int64_t s1 = simple(&townc, "hotline", TOWN_C, "help.living");
	int64_t s2 = simple(&townc, "walk_in", TOWN_C, "help.medical");
	int64_t s3 = simple(&townc, "hotline", TOWN_C, "dispute.land");
	struct resp r;
	http(&srv, "POST", "/api/v1/public/requests",
	     "{\"division\":\"" TOWN_C "\",\"category\":\"infra.road\",\"content\":\"路面塌陷\",\"name\":\"钱七\","
	     "\"phone\":\"13612345678\"}", NULL, &r);
	EXPECT(r.status == 201, "public form in C: %ld %s", r.status, r.body);
	resp_free(&r);
	file_req(&townc, "{\"channel\":\"grid\",\"division\":\"" TOWN_C "\",\"category\":\"consult.policy\","
			 "\"content\":\"咨询\",\"answer\":\"当场答复\"}");
	int64_t s6 = simple(&townc, "kiosk", TOWN_C, "help.living");
	EXPECT(jint(last, "org_id") == org_c, "C's requests go to C's committee");
	int64_t s7 = simple(&townc, "walk_in", TOWN_C, "schooling");   /* called back the next day */
	for (int k = 0; k < 5; k++) {
		int64_t id = k == 0 ? s1 : k == 1 ? s2 : k == 2 ? s3 : k == 3 ? s6 : s7;
		act_expect(&townc, "township C", id, "{\"action\":\"sign\"}", 200);
		act_expect(&townc, "township C", id, "{\"action\":\"reply\",\"reply\":\"已办理\"}", 200);
		EXPECT(has_action(last, "mediate") == (id == s3), "mediation offered for the dispute only: %s",
		       jd(json_object_get(last, "allowed_actions")));
	}
	act_expect(&townc, "township C", s1, "{\"action\":\"mediate\",\"outcome\":\"调解\"}", 409);
	act_expect(&county, "county", s1, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 200);
	act_expect(&county, "county", s2, "{\"action\":\"visit\",\"satisfaction\":\"unsatisfied\"}", 200);
	act_expect(&townc, "township C", s2, "{\"action\":\"reply\",\"reply\":\"再次办理\"}", 200);
	act_expect(&county, "county", s2, "{\"action\":\"visit\",\"satisfaction\":\"basic\"}", 200);
	act_expect(&townc, "township C", s3, "{\"action\":\"mediate\",\"outcome\":\"调解成功\"}", 200);
	act_expect(&county, "county", s3, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 200);
	act_expect(&county, "county", s6, "{\"action\":\"visit\",\"satisfaction\":\"unsatisfied\"}", 200);
	/* two hours later the three are closed */
	server_advance_clock(&srv, 7200);
	if (login_all())
		EXPECT(false, "log in again");
	act_expect(&townc, "township C", s1, "{\"action\":\"close\"}", 200);
	act_expect(&townc, "township C", s2, "{\"action\":\"close\"}", 200);
	act_expect(&townc, "township C", s3, "{\"action\":\"close\"}", 200);
	/* s7's callback the next day counts in the next day's figures, not in those of the day it came in */
	int64_t before = server_now();
	set_clock(BASE_TIME + 86400);
	if (login_all())
		EXPECT(false, "log in again");
	act_expect(&county, "county", s7, "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}", 200);
	set_clock(before);
	if (login_all())
		EXPECT(false, "log in again");

	const char *path = "/api/v1/requests/stats?division=" TOWN_C "&from=" DAY0 "&to=" DAY0;
	json_t *st = get_json(&townc, path, 200);
	EXPECT(jint(st, "received") == 7, "received 7, got %lld", (long long)jint(st, "received"));
	EXPECT(jint(st, "signed_on_time") == 6, "signed on time 6, got %lld", (long long)jint(st, "signed_on_time"));
	EXPECT(jint(st, "closed") == 3, "closed 3, got %lld", (long long)jint(st, "closed"));
	EXPECT(jint(st, "closed_on_time") == 3, "closed on time 3, got %lld", (long long)jint(st, "closed_on_time"));
	/* every callback of the day: s1 satisfied, s2 unsatisfied (reopened) then basic, s3 satisfied, s6
	 * unsatisfied; s7's is the next day's */
	EXPECT(jint(st, "callbacks") == 5 && jint(st, "callbacks_satisfied") == 3, "5 callbacks, 3 satisfied: %lld, %lld",
	       (long long)jint(st, "callbacks"), (long long)jint(st, "callbacks_satisfied"));
	EXPECT(near(json_object_get(st, "satisfaction_rate"), 60.0), "satisfaction 3 of 5 callbacks = 60%%: %s",
	       json_dumps(json_object_get(st, "satisfaction_rate"), JSON_ENCODE_ANY));
	/* closed without reopening: s1 and s3, not s2 */
	EXPECT(jint(st, "closed_first_time") == 2 && near(json_object_get(st, "first_time_resolution_rate"), 200.0 / 3.0),
	       "first-time resolution 2 of 3 closed: %s", jd(st));
	EXPECT(near(json_object_get(st, "reopen_rate"), 200.0 / 7.0), "reopened 2 of 7: %s",
	       json_dumps(json_object_get(st, "reopen_rate"), JSON_ENCODE_ANY));
	EXPECT(near(json_object_get(st, "close_rate"), 300.0 / 7.0) && near(json_object_get(st, "on_time_close_rate"), 100.0),
	       "closed 3 of 7, all 3 on time: %s", jd(st));
	EXPECT(jint(st, "supervised") == 2 && jint(st, "requester_ratings") == 0 &&
		       json_is_null(json_object_get(st, "requester_satisfaction_rate")),
	       "two supervised (reopened), no requester ratings: %s", jd(st));
	double avg = json_number_value(json_object_get(st, "avg_hours_to_close"));
	EXPECT(avg >= 2.0 && avg < 2.1, "about two hours to close: %f", avg);
	EXPECT(jint(st, "disputes_settled") == 1, "one dispute settled: %lld", (long long)jint(st, "disputes_settled"));
	json_t *row = group_row(st, "by_channel", "hotline");
	EXPECT(row && jint(row, "received") == 2 && jint(row, "closed") == 2, "by channel: hotline 2 received, 2 closed");
	row = group_row(st, "by_channel", "web");
	EXPECT(row && jint(row, "received") == 1 && jint(row, "closed") == 0, "by channel: web 1");
	EXPECT(json_array_size(json_object_get(st, "by_channel")) == 5, "five channels: %s",
	       json_dumps(json_object_get(st, "by_channel"), 0));
	row = group_row(st, "by_category", "help");
	EXPECT(row && jint(row, "received") == 3 && jint(row, "closed") == 2, "by category: help 3 (children counted), 2 closed: %s",
	       json_dumps(json_object_get(st, "by_category"), 0));
	EXPECT(row && jint(row, "callbacks") == 4 && near(json_object_get(row, "satisfaction_rate"), 50.0) &&
		       near(json_object_get(row, "first_time_resolution_rate"), 50.0),
	       "help: callbacks 2 of 4 satisfied, 1 of 2 closed the first time: %s", jd(row));
	EXPECT(json_array_size(json_object_get(st, "by_category")) == 5, "five top categories");
	row = group_row(st, "by_level", "township");
	EXPECT(row && jint(row, "received") == 7 && json_array_size(json_object_get(st, "by_level")) == 1,
	       "by level: all six at the township: %s", json_dumps(json_object_get(st, "by_level"), 0));
	/* the county sees the same figures for C */
	json_t *cs = get_json(&county, path, 200);
	EXPECT(jint(cs, "received") == 7 && jint(cs, "closed") == 3 && jint(cs, "callbacks") == 5, "the county sees the same");
	json_decref(cs);
	json_decref(st);
	st = get_json(&townc, "/api/v1/requests/stats?division=" TOWN_C "&from=" DAY_AFTER "&to=" MONTH_END, 200);
	EXPECT(jint(st, "received") == 0 && jint(st, "callbacks") == 1 && near(json_object_get(st, "satisfaction_rate"), 100.0) &&
		       json_is_null(json_object_get(st, "first_time_resolution_rate")),
	       "no request from the next day, but s7's callback: %s", json_dumps(st, 0));
	json_decref(st);
	st = get_json(&townc, "/api/v1/requests/stats?from=" DAY0 "&to=" DAY0, 200);
	EXPECT(jint(st, "received") == 7, "C's own scope by default: %lld", (long long)jint(st, "received"));
	json_decref(st);
	req(&townc, "GET", "/api/v1/requests/stats?division=" TOWN_A, NULL, &r);
	expect_error(&r, 404, "not_found", "township C's figures for A");
	resp_free(&r);
	req(&townc, "GET", "/api/v1/requests/stats?from=2026-3-x", NULL, &r);
	expect_field_error(&r, 400, "validation", "from", "bad from");
	resp_free(&r);
	req(&townc, "GET", "/api/v1/requests/stats?from=" DAY_AFTER "&to=" DAY0, NULL, &r);
	expect_field_error(&r, 400, "validation", "to", "to before from");
	resp_free(&r);
}

/* ---- 11b. the figures against a brute-force recount from the raw rows ------------------------- */

/* One recount row: a key's request sums and rated steps, from the database itself. */
struct recount {
	char key[64];
	int64_t v[9];   /* received, signed on time, closed, closed on time, first time, supervised, callbacks, satisfied, ratings */
};
static const char *const recount_fields[9] = { "received", "signed_on_time", "closed", "closed_on_time", "closed_first_time",
					       "supervised", "callbacks", "callbacks_satisfied", "requester_ratings" };

/* The recount of the requests under division received in [from, to) and the rated steps of
 * [from, to), grouped by key (SQL over the requests row q); at most max rows, key order. */
static int recount_rows(const char *key, const char *division, int64_t from, int64_t to, struct recount *rows, int max)
{
	const char *sql = fmt(
		"SELECT k, SUM(a), SUM(b), SUM(c), SUM(d), SUM(e), SUM(f), SUM(g), SUM(h), SUM(i) FROM ("
		"SELECT %s AS k, 1 AS a, CASE WHEN q.signed_at IS NOT NULL AND q.signed_at <= q.sign_due THEN 1 ELSE 0 END AS b,"
		" CASE WHEN q.status = 'closed' THEN 1 ELSE 0 END AS c,"
		" CASE WHEN q.status = 'closed' AND q.closed_at <= q.close_due THEN 1 ELSE 0 END AS d,"
		" CASE WHEN q.status = 'closed' AND q.reopen_count = 0 THEN 1 ELSE 0 END AS e, q.supervised AS f,"
		" 0 AS g, 0 AS h, 0 AS i FROM requests q WHERE q.division LIKE '%s%%' AND q.created_at >= %lld AND q.created_at < %lld"
		" UNION ALL SELECT %s, 0, 0, 0, 0, 0, 0, CASE WHEN s.action = 'visit' THEN 1 ELSE 0 END,"
		" CASE WHEN s.action = 'visit' AND s.satisfaction IN ('satisfied', 'basic') THEN 1 ELSE 0 END,"
		" CASE WHEN s.action = 'feedback' THEN 1 ELSE 0 END FROM request_steps s JOIN requests q ON q.id = s.request_id"
		" WHERE s.satisfaction IS NOT NULL AND q.division LIKE '%s%%' AND s.at >= %lld AND s.at < %lld"
		") x GROUP BY k ORDER BY k",
		key, division, (long long)from, (long long)to, key, division, (long long)from, (long long)to);
	static char out[65536];
	if (raw_sql_on(db_url, sql, out, sizeof(out)) != 0) {
		fprintf(stderr, "recount failed: %.300s\n", out);
		return -1;
	}
	int n = 0;
	for (char *line = strtok(out, "\n"); line && n < max; line = strtok(NULL, "\n")) {
		char *bar = strchr(line, '|');
		if (bar == NULL)
			return -1;
		*bar = '\0';
		snprintf(rows[n].key, sizeof(rows[n].key), "%s", line);
		char *p = bar + 1;
		for (int k = 0; k < 9; k++)
			rows[n].v[k] = strtoll(p, &p, 10), p += *p == '|';
		n++;
	}
	return n;
}

/* The figures of GET /requests/stats (read from the summary rows) equal a recount from the raw
 * rows: the demo county's year of requests, this program's own, for the county and a township,
 * over the whole data, three months, two days and periods with ragged ends (month rows inside,
 * day rows at the ends, across a year's end), in total and by channel, top category and level;
 * and every key's month rows (day < 0, migration 41) add up to its day rows. */
static void test_recount(void)
{
	static char months[256];
	EXPECT(raw_sql_on(db_url, "SELECT COUNT(*), SUM(CASE WHEN months = 0 OR r <> 0 OR t <> 0 OR c <> 0 THEN 1 ELSE 0 END)"
			  " FROM (SELECT node, dim, key, SUM(CASE WHEN day < 0 THEN 1 ELSE 0 END) AS months,"
			  " SUM(CASE WHEN day < 0 THEN received ELSE -received END) AS r,"
			  " SUM(CASE WHEN day < 0 THEN rated ELSE -rated END) AS t,"
			  " SUM(CASE WHEN day < 0 THEN close_seconds ELSE -close_seconds END) AS c"
			  " FROM request_figures GROUP BY node, dim, key) x", months, sizeof(months)) == 0,
	       "the month rows counted: %.200s", months);
	long long keys = strtoll(months, NULL, 10);
	const char *bar = strchr(months, '|');
	EXPECT(keys > 100 && bar && strtoll(bar + 1, NULL, 10) == 0,
	       "every key's month rows add up to its day rows (keys|unequal): %.100s", months);
	static const char *const divisions[] = { COUNTY, TOWN_A, TOWN_C };
	static const char *const periods[][2] = { { "2025-01-01", "2026-12-31" }, { "2026-03-01", "2026-05-31" },
						  { "2025-10-15", "2025-10-16" }, { "2025-09-17", "2026-04-08" },
						  { "2025-12-20", "2026-02-03" }, { "2026-01-31", "2026-03-01" } };
	static const struct { const char *group, *key; } groups[] = {
		{ NULL, "'total'" },
		{ "by_channel", "q.channel" },
		{ "by_category", "COALESCE((SELECT c.parent_code FROM request_categories c WHERE c.code = q.category), q.category)" },
		{ "by_level", "CASE length(q.org_division) WHEN 6 THEN 'county' WHEN 9 THEN 'township' WHEN 12 THEN 'village'"
			      " ELSE 'unassigned' END" },
	};
	for (size_t d = 0; d < sizeof(divisions) / sizeof(divisions[0]); d++)
		for (size_t p = 0; p < sizeof(periods) / sizeof(periods[0]); p++) {
			struct tm tm = { 0 };
			strptime(periods[p][0], "%Y-%m-%d", &tm);
			int64_t from = (int64_t)timegm(&tm) - 8 * 3600;
			strptime(periods[p][1], "%Y-%m-%d", &tm);
			int64_t to = (int64_t)timegm(&tm) - 8 * 3600 + 86400;
			json_t *st = get_json(&county, fmt("/api/v1/requests/stats?division=%s&from=%s&to=%s", divisions[d],
							   periods[p][0], periods[p][1]), 200);
			for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
				struct recount rows[64];
				int n = recount_rows(groups[g].key, divisions[d], from, to, rows, 64);
				EXPECT(n >= 0, "the recount of %s ran", divisions[d]);
				if (g == 0 && p == 0)
					EXPECT(n == 1 && rows[0].v[0] > (d == 0 ? 100 : 5) && rows[0].v[6] > (d == 0 ? 10 : 0),
					       "%s: a year with requests and callbacks to recount (%lld, %lld)", divisions[d],
					       (long long)(n > 0 ? rows[0].v[0] : -1), (long long)(n > 0 ? rows[0].v[6] : -1));
				json_t *list = groups[g].group ? json_object_get(st, groups[g].group) : NULL;
				if (groups[g].group)
					EXPECT(json_array_size(list) == (size_t)(n > 0 ? n : 0), "%s %s..%s %s: %zu keys, recount %d",
					       divisions[d], periods[p][0], periods[p][1], groups[g].group, json_array_size(list), n);
				for (int i = 0; i < n; i++) {
					json_t *row = groups[g].group ? group_row(st, groups[g].group, rows[i].key) : st;
					EXPECT(row != NULL, "%s %s: key %s in the figures", divisions[d], groups[g].key, rows[i].key);
					for (int k = 0; row && k < 9; k++) {
						if (k == 5 && groups[g].group)
							continue;   /* supervised: of the total only */
						EXPECT(jint(row, recount_fields[k]) == rows[i].v[k], "%s %s..%s %s %s: %s %lld, recount %lld",
						       divisions[d], periods[p][0], periods[p][1], groups[g].group ? groups[g].group : "total",
						       rows[i].key, recount_fields[k], (long long)jint(row, recount_fields[k]),
						       (long long)rows[i].v[k]);
					}
				}
			}
			json_decref(st);
		}
}

/* The inbox by due time: keyset pages (?after= the `next` of the page before) walk the same rows
 * in the same order as offset pages, the count is exact below its cap, and a bad cursor is a 400. */
static void test_inbox_keyset(void)
{
	struct session *who[] = { &county, &towna };
	for (size_t u = 0; u < sizeof(who) / sizeof(who[0]); u++) {
		json_t *first = get_json(who[u], "/api/v1/requests?mine=1&sort=due&page_size=7", 200);
		int64_t total = jint(first, "total");
		EXPECT(total > 7 && json_is_false(json_object_get(first, "total_estimated")),
		       "an inbox of more than a page, counted exactly: %lld", (long long)total);
		int64_t seen = 0, pages = 0;
		char after[64] = "";
		int64_t prev_id = 0;
		for (int page = 1; page < 400; page++) {
			json_t *byoff = get_json(who[u], fmt("/api/v1/requests?mine=1&sort=due&page_size=7&page=%d", page), 200);
			json_t *bykey = page == 1 ? json_incref(first)
						  : get_json(who[u], fmt("/api/v1/requests?mine=1&sort=due&page_size=7&after=%s", after), 200);
			json_t *a = json_object_get(byoff, "items"), *b = json_object_get(bykey, "items");
			EXPECT(json_array_size(a) == json_array_size(b), "page %d: %zu rows by offset, %zu by keyset", page,
			       json_array_size(a), json_array_size(b));
			for (size_t i = 0; i < json_array_size(a) && i < json_array_size(b); i++) {
				int64_t ia = jint(json_array_get(a, i), "id"), ib = jint(json_array_get(b, i), "id");
				EXPECT(ia == ib && ib != prev_id && !jtrue(json_array_get(b, i), "closed"),
				       "page %d row %zu: %lld by offset, %lld by keyset, open", page, i, (long long)ia, (long long)ib);
				prev_id = ib;
			}
			seen += (int64_t)json_array_size(b);
			pages++;
			json_t *next = json_object_get(bykey, "next");
			EXPECT(json_is_string(next) == (json_array_size(b) == 7), "next when the page is full");
			if (json_is_string(next))
				snprintf(after, sizeof(after), "%s", json_string_value(next));
			bool more = json_is_string(next);
			json_decref(byoff);
			json_decref(bykey);
			if (!more)
				break;
		}
		EXPECT(seen == total && pages > 1, "the keyset pages hold the %lld of the inbox: %lld in %lld pages",
		       (long long)total, (long long)seen, (long long)pages);
		json_decref(first);
	}
	static const char *const bad[] = { "x", "12", ".5", "12.x", "12.0", "12.-3" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct resp r;
		req(&county, "GET", fmt("/api/v1/requests?mine=1&sort=due&after=%s", bad[i]), NULL, &r);
		expect_field_error(&r, 400, "validation", "after", fmt("after=%s", bad[i]));
		resp_free(&r);
	}
}

/* ---- 12. deadlines and escalation (the clock moves on) ----------------------------------------- */

/* The end (23:59:59 CST) of the CST day d days after the CST day of t, as ISO text. */
static void cst_day_end(int64_t t, int d, char out[32])
{
	int64_t local = t + 8 * 3600;
	int64_t day_start = local - local % 86400;
	iso(day_start + (int64_t)d * 86400 + 86399 - 8 * 3600, out);
}

static int cst_wday(int64_t t)
{
	time_t tt = (time_t)(t + 8 * 3600);
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm.tm_wday;
}

/* The county organisation whose name holds part (organ branches at the county), or 0. */
static int64_t county_org_named(const char *part)
{
	int64_t id = 0;
	for (int page = 1; page <= 5 && id == 0; page++) {
		json_t *j = get_json(&admin, fmt("/api/v1/orgs?division=" COUNTY "&page_size=100&page=%d", page), 200);
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(j, "items"), i, o)
			if (!strcmp(jstr(o, "division"), COUNTY) && strstr(jstr(o, "name"), part) && id == 0)
				id = jint(o, "id");
		json_decref(j);
	}
	EXPECT(id > 0, "a county organisation named *%s*", part);
	return id;
}

/* Wait for the server's sweep (every second in this test) to escalate the request; its record. */
static json_t *await_escalation(const struct session *s, int64_t id)
{
	json_t *o = NULL;
	for (int k = 0; k < 150; k++) {
		json_decref(o);
		o = get_req(s, id);
		if (timeline_count(o, "escalate") > 0)
			break;
		usleep(100 * 1000);
	}
	return o;
}

/* The time of the request's escalate step, as ISO text ("" when none). */
static const char *escalated_at(json_t *o)
{
	size_t i;
	json_t *st;
	json_array_foreach(json_object_get(o, "timeline"), i, st)
		if (!strcmp(jstr(st, "action"), "escalate"))
			return jstr(st, "at");
	return "";
}

static void test_escalation(void)
{
	/* each organisation type's escalation target, not the party tree: a village branch under a general
	 * branch goes to the township committee, a county department to the county committee's office,
	 * and a county's own setting wins */
	int64_t sub = simple(&towna, "grid", VILL_2, "infra.road");   /* the routing rule: branch_v2b */
	EXPECT(jint(last, "org_id") == branch_v2b, "infra.road at %s goes to the sub-branch", VILL_2);
	int64_t water = county_org_named("水务局"), office = county_org_named("委办公室"),
		petitions = county_org_named("信访局");
	int64_t dept = simple(&county, "hotline", VILL_1, "infra.water");
	act_expect(&county, "county", dept, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)water), 200);
	struct resp r;
	req(&county, "POST", "/api/v1/request-escalation-targets",
	    fmt("{\"division\":\"" COUNTY "\",\"org_type\":\"general_branch\",\"target_org_id\":%lld}", (long long)petitions),
	    &r);
	EXPECT(r.status == 201, "a county's escalation target: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&county, "POST", "/api/v1/request-escalation-targets",
	    fmt("{\"division\":\"" COUNTY "\",\"org_type\":\"general_branch\",\"target_org_id\":%lld}", (long long)office),
	    &r);
	expect_field_error(&r, 409, "conflict", "org_type", "a second target for the same place and type");
	resp_free(&r);
	req(&county, "POST", "/api/v1/request-escalation-targets",
	    fmt("{\"division\":\"" VILL_1 "\",\"org_type\":\"village_branch\",\"target_org_id\":%lld}", (long long)office),
	    &r);
	expect_field_error(&r, 400, "validation", "division", "targets are set per county or township");
	resp_free(&r);
	int64_t general = simple(&towna, "grid", VILL_2, "dispute.neighbour");
	EXPECT(jint(last, "org_id") == general_v2, "a neighbours' dispute at %s goes to the general branch", VILL_2);

	int64_t e = simple(&towna, "hotline", VILL_1, "help.living");
	int64_t created = parse_iso(jstr(last, "created_at"));
	char want[32];
	cst_day_end(created, 1, want);   /* Wednesday -> Thursday */
	EXPECT(cst_wday(created) == 3 && !strcmp(jstr(last, "sign_due"), want), "filed Wednesday, sign by Thursday %s: %s", want,
	       jstr(last, "sign_due"));
	EXPECT(!strcmp(jstr(json_object_get(last, "timeliness"), "state"), "on_time") &&
		       !strcmp(jstr(json_object_get(last, "timeliness"), "stage"), "sign") &&
		       !strcmp(jstr(json_object_get(last, "timeliness"), "due"), want),
	       "on time: %s", json_dumps(json_object_get(last, "timeliness"), 0));
	/* Thursday noon: under a day left */
	set_clock(parse_iso(want) - 12 * 3600);
	if (login_all())
		EXPECT(false, "log in again");
	json_t *o = get_req(&towna, e);
	EXPECT(!strcmp(jstr(json_object_get(o, "timeliness"), "state"), "at_risk"), "Thursday noon: at risk: %s",
	       json_dumps(json_object_get(o, "timeliness"), 0));
	json_decref(o);
	json_t *l = get_json(&towna, "/api/v1/requests?timeliness=at_risk&page_size=200", 200);
	EXPECT(list_has(l, e), "in ?timeliness=at_risk");
	json_decref(l);
	/* Friday: past the sign deadline, escalated to the county committee by the server's sweep, stamped
	 * with the deadline */
	set_clock(parse_iso(want) + 3600);
	if (login_all())
		EXPECT(false, "log in again");
	o = await_escalation(&towna, e);
	EXPECT(!strcmp(escalated_at(o), jstr(o, "sign_due")), "the escalation is stamped with the deadline %s: %s",
	       jstr(o, "sign_due"), escalated_at(o));
	EXPECT(jint(o, "escalated_org_id") == org_county, "escalated to the county committee %lld, got %s", (long long)org_county,
	       json_dumps(json_object_get(o, "escalated_org_id"), JSON_ENCODE_ANY));
	EXPECT(jtrue(o, "supervised"), "supervised");
	EXPECT(!strcmp(jstr(json_object_get(o, "timeliness"), "state"), "overdue"), "overdue: %s",
	       json_dumps(json_object_get(o, "timeliness"), 0));
	EXPECT(timeline_count(o, "escalate") == 1, "one escalate step: %s", json_dumps(json_object_get(o, "timeline"), 0));
	json_decref(o);
	l = get_json(&towna, "/api/v1/requests?timeliness=overdue&page_size=200", 200);
	EXPECT(list_has(l, e), "in ?timeliness=overdue");
	json_decref(l);
	l = get_json(&county, "/api/v1/requests?mine=1&supervised=1&page_size=200", 200);
	EXPECT(list_has(l, e), "in the county's supervised inbox");
	json_decref(l);
	json_t *x = await_escalation(&towna, sub);
	EXPECT(jint(x, "escalated_org_id") == org_a, "a sub-branch's overdue request goes to the township committee %lld, not"
	       " the general branch: %s", (long long)org_a, jd(json_object_get(x, "escalated_org_id")));
	json_decref(x);
	x = await_escalation(&county, dept);
	EXPECT(jint(x, "escalated_org_id") == office, "a county department's goes to the county committee's office %lld: %s",
	       (long long)office, jd(json_object_get(x, "escalated_org_id")));
	EXPECT(!strcmp(escalated_at(x), jstr(x, "sign_due")), "stamped with the sign deadline after the transfer");
	json_decref(x);
	x = await_escalation(&towna, general);
	EXPECT(jint(x, "escalated_org_id") == petitions, "the county's setting for general branches: %lld, got %s",
	       (long long)petitions, jd(json_object_get(x, "escalated_org_id")));
	size_t si;
	json_t *step;
	json_array_foreach(json_object_get(x, "timeline"), si, step)
		if (!strcmp(jstr(step, "action"), "escalate"))
			EXPECT(!strcmp(jstr(step, "note"), "签收逾期，提级督办"), "one language in the note: %s", jstr(step, "note"));
	json_decref(x);
	/* the county committee has no target: escalated (supervised) once, not on every read */
	json_decref(await_escalation(&county, county_level_id));
	for (int k = 0; k < 3; k++) {
		o = get_req(&county, county_level_id);
		json_decref(o);
	}
	o = get_req(&county, county_level_id);
	EXPECT(jtrue(o, "supervised") && timeline_count(o, "escalate") == 1,
	       "a top-level organisation's overdue request: one escalate step, got %d", timeline_count(o, "escalate"));
	json_decref(o);
	/* escalated once only; it can still be signed */
	o = get_req(&county, e);
	EXPECT(timeline_count(o, "escalate") == 1, "still one escalate step");
	json_decref(o);
	act_expect(&towna, "township A", e, "{\"action\":\"sign\"}", 200);
	EXPECT(!strcmp(jstr(json_object_get(last, "timeliness"), "stage"), "reply"), "now the reply deadline counts: %s",
	       json_dumps(json_object_get(last, "timeliness"), 0));
	json_t *st = get_json(&towna, "/api/v1/requests/stats?division=" VILL_1 "&from=" DAY0 "&to=" DAY_AFTER, 200);
	EXPECT(jint(st, "supervised") >= 1, "stats count the supervised");
	json_decref(st);

	/* Friday 20:00 CST: sign by the end of Monday */
	set_clock(1760702400LL);   /* 2025-10-17T12:00:00Z */
	if (login_all())
		EXPECT(false, "log in again");
	simple(&towna, "hotline", VILL_1, "help.living");
	created = parse_iso(jstr(last, "created_at"));
	cst_day_end(created, 3, want);
	EXPECT(cst_wday(created) == 5, "created on a Friday in China: %s", jstr(last, "created_at"));
	EXPECT(!strcmp(jstr(last, "sign_due"), want) && !strcmp(want, "2025-10-20T15:59:59Z"),
	       "Friday evening: sign by Monday %s, got %s", want, jstr(last, "sign_due"));
	cst_day_end(created, 7, want);
	EXPECT(!strcmp(jstr(last, "reply_due"), want), "five working days: the next Friday %s, got %s", want, jstr(last, "reply_due"));

	/* the National Day holiday and the make-up Saturday */
	set_clock(1790733600LL);   /* 2026-09-30T02:00:00Z, Wednesday 10:00 CST */
	if (login_all())
		EXPECT(false, "log in again");
	simple(&towna, "hotline", VILL_1, "help.living");
	EXPECT(!strcmp(jstr(last, "sign_due"), "2026-10-08T15:59:59Z"), "09-30: sign by 10-08, got %s", jstr(last, "sign_due"));
	EXPECT(!strcmp(jstr(last, "reply_due"), "2026-10-13T15:59:59Z"), "09-30: reply by 10-13, got %s", jstr(last, "reply_due"));
	EXPECT(!strcmp(jstr(last, "close_due"), "2026-10-20T15:59:59Z"), "09-30: close by 10-20, got %s", jstr(last, "close_due"));
	set_clock(1791540000LL);   /* 2026-10-09T10:00:00Z, Friday 18:00 CST */
	if (login_all())
		EXPECT(false, "log in again");
	simple(&towna, "hotline", VILL_1, "help.living");
	EXPECT(!strcmp(jstr(last, "sign_due"), "2026-10-10T15:59:59Z"), "Friday 10-09: sign by Saturday 10-10, got %s",
	       jstr(last, "sign_due"));
	/* a transfer restarts the sign deadline from now */
	int64_t t = jint(last, "id");
	act_expect(&county, "county", t, fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)org_b), 200);
	EXPECT(!strcmp(jstr(last, "sign_due"), "2026-10-10T15:59:59Z"), "transferred: sign by 10-10, got %s", jstr(last, "sign_due"));
}

/* ---- 12b. escalation is the server's sweep, never a read ----------------------------------------- */

static void test_sweep_not_read(void)
{
	/* a server that sweeps once at start and then daily, on the clock of the main server */
	struct server lazy;
	const char *extra[] = { "--request-sweep-seconds", "86400", NULL };
	if (server_start(&lazy, binary, db_url, extra)) {
		EXPECT(false, "a second server starts");
		return;
	}
	server_advance_clock(&lazy, srv.clock_offset);
	struct session sess;
	EXPECT(login(&lazy, "rqtowna", PW, &sess) == 200, "log in on the second server");
	/* filed on the second server (a Friday, 2026-10-09 18:00 CST): sign by Saturday 10-10 (a make-up workday) */
	char path[64];
	int64_t id = 0;
	struct resp r;
	http(&lazy, "POST", "/api/v1/requests", "{\"channel\":\"walk_in\",\"division\":\"" VILL_1 "\","
	     "\"category\":\"help.living\",\"content\":\"逾期未签收\"}", &(struct req_opts){ .auth = &sess }, &r);
	EXPECT(r.status == 201, "filed: %ld %s", r.status, r.body);
	id = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)id);
	/* and a county department's request, once the county has a supervision office (督查室) */
	struct session csess;
	EXPECT(login(&lazy, "rqcounty", PW, &csess) == 200, "the county logs in on the second server");
	http(&lazy, "POST", "/api/v1/requests", "{\"channel\":\"hotline\",\"division\":\"" VILL_1 "\","
	     "\"category\":\"infra.road\",\"content\":\"县道塌方\"}", &(struct req_opts){ .auth = &csess }, &r);
	int64_t dept = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	int64_t roads = county_org_named("交通运输局");
	http(&lazy, "POST", fmt("/api/v1/requests/%lld/actions", (long long)dept),
	     fmt("{\"action\":\"transfer\",\"org_id\":%lld}", (long long)roads), &(struct req_opts){ .auth = &csess }, &r);
	EXPECT(r.status == 200, "to the transport bureau: %ld %s", r.status, r.body);
	resp_free(&r);
	http(&lazy, "POST", "/api/v1/orgs", "{\"name\":\"县委督查室党支部\",\"type\":\"other_branch\",\"division\":\"" COUNTY "\"}",
	     &(struct req_opts){ .auth = &csess }, &r);
	EXPECT(r.status == 201, "a supervision office: %ld %s", r.status, r.body);
	int64_t supervision = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	/* Monday: past the deadline on this server's clock (the main server's is still on Friday) */
	server_advance_clock(&lazy, 3 * 86400);
	EXPECT(login(&lazy, "rqtowna", PW, &sess) == 200, "log in again");
	json_t *l = get_json_as(&lazy, &sess, "/api/v1/requests?timeliness=overdue&page_size=200", 200);
	EXPECT(list_has(l, id), "overdue on Monday");
	json_decref(l);
	json_t *o = get_json_as(&lazy, &sess, path, 200);
	EXPECT(timeline_count(o, "escalate") == 0 && json_is_null(json_object_get(o, "escalated_org_id")),
	       "reading the list and the request does not escalate it: %s", jd(o));
	const char *due = jstr(o, "sign_due");
	char sign_due[32];
	snprintf(sign_due, sizeof(sign_due), "%s", due);
	json_decref(o);
	o = get_json_as(&lazy, &sess, "/api/v1/requests/stats?from=2026-10-01&to=2026-10-31", 200);
	json_decref(o);
	o = get_json_as(&lazy, &sess, path, 200);
	EXPECT(timeline_count(o, "escalate") == 0, "nor reading the figures");
	json_decref(o);
	EXPECT(server_stop(&lazy) == 0, "the second server stops");
	/* started again (its clock at the real day, long past), its first sweep escalates it, stamped
	 * with the deadline, before it serves anyone */
	if (server_start(&lazy, binary, db_url, extra)) {
		EXPECT(false, "the second server starts again");
		return;
	}
	EXPECT(login(&lazy, "rqtowna", PW, &sess) == 200, "log in on the restarted server");
	o = get_json_as(&lazy, &sess, path, 200);
	EXPECT(timeline_count(o, "escalate") == 1 && jint(o, "escalated_org_id") == org_county &&
		       !strcmp(escalated_at(o), sign_due),
	       "escalated by the sweep at start, stamped %s: %s", sign_due, jd(o));
	json_decref(o);
	o = get_json_as(&lazy, &sess, fmt("/api/v1/requests/%lld", (long long)dept), 200);
	EXPECT(jint(o, "escalated_org_id") == supervision, "a county department's goes to the supervision office %lld first: %s",
	       (long long)supervision, jd(json_object_get(o, "escalated_org_id")));
	json_decref(o);
	EXPECT(server_stop(&lazy) == 0, "the second server stops cleanly");
}

/* ---- 13. the public form's rate limit ------------------------------------------------------------ */

static void test_rate_limit(void)
{
	struct server limited;
	const char *extra[] = { "--rate-limit-per-minute", "3", NULL };
	if (server_start(&limited, binary, db_url, extra)) {
		EXPECT(false, "second server starts");
		return;
	}
	server_advance_clock(&limited, srv.clock_offset + 120);   /* a fresh window */
	long last_status = 0;
	int created = 0;
	for (int i = 0; i < 5; i++) {
		struct resp r;
		http(&limited, "POST", "/api/v1/public/requests",
		     "{\"division\":\"" VILL_2 "\",\"category\":\"environment\",\"content\":\"垃圾没人清\",\"name\":\"孙八\","
		     "\"phone\":\"13512345678\"}", NULL, &r);
		created += r.status == 201;
		last_status = r.status;
		if (i == 4) {
			expect_error(&r, 429, "rate_limited", "the fifth public request in a minute");
			char h[32];
			EXPECT(resp_header(&r, "Retry-After", h, sizeof(h)) != NULL, "Retry-After on 429");
		}
		resp_free(&r);
	}
	EXPECT(created == 3 && last_status == 429, "3 public requests a minute, then 429 (created %d, last %ld)", created,
	       last_status);
	server_advance_clock(&limited, 61);
	struct resp r;
	http(&limited, "POST", "/api/v1/public/requests",
	     "{\"division\":\"" VILL_2 "\",\"category\":\"environment\",\"content\":\"垃圾没人清\",\"name\":\"孙八\","
	     "\"phone\":\"13512345678\"}", NULL, &r);
	EXPECT(r.status == 201, "allowed again in the next minute: %ld", r.status);
	resp_free(&r);
	EXPECT(server_stop(&limited) == 0, "second server stops cleanly");
}

/* ---- main -------------------------------------------------------------------------------------- */

static int setup(void)
{
	char err[8192];
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--today", "2026-12-06", NULL };
	int rc = run_cli(NULL, demo, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_requests: demo exit %d: %s\n", rc, err);
		return -1;
	}
	if (accounts_add(binary, db_url, users, NUSERS, PW))
		return -1;
	/* the escalation sweep every second, for the deadlines test */
	const char *extra[] = { "--request-sweep-seconds", "1", NULL };
	if (server_start(&srv, binary, db_url, extra)) {
		fprintf(stderr, "api_requests: the server did not start\n");
		return -1;
	}
	set_clock(BASE_TIME);
	if (login_all())
		return -1;
	org_county = org_id(COUNTY, "county_committee", 0);
	org_a = org_id(TOWN_A, "township_committee", 0);
	org_b = org_id(TOWN_B, "township_committee", 0);
	org_c = org_id(TOWN_C, "township_committee", 0);
	branch_v1 = org_id(VILL_1, "village_branch", 0);
	general_v2 = org_id(VILL_2, "general_branch", 0);
	branch_v2b = org_id(VILL_2, "village_branch", 1);
	return org_county && org_a && org_b && org_c && branch_v1 && general_v2 && branch_v2b ? 0 : -1;
}

static void cleanup(void)
{
	json_decref(last);
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "routing and intake", test_routing },
		{ "hotline answer and idempotency", test_answer_idempotency },
		{ "lifecycle per role", test_roles },
		{ "transfers and supervision", test_transfers },
		{ "merge, withdraw, callback, disputes", test_merge_withdraw_close },
		{ "masking", test_masking },
		{ "public form and tracking", test_public },
		{ "lists, filters, paging, scope", test_lists },
		{ "open311", test_open311 },
		{ "calendar", test_calendar },
		{ "figures", test_stats },
		{ "deadlines and escalation", test_escalation },
		{ "escalation is swept, not read", test_sweep_not_read },
		{ "figures equal a recount from the raw rows", test_recount },
		{ "the inbox by due time in keyset pages", test_inbox_keyset },
		{ "public form rate limit", test_rate_limit },
	};
	const struct api_program p = { "api_requests", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, cleanup,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
