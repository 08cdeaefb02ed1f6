/*
 * requests_fixture.h - the fixture of tests/api/requests.c (one translation
 * unit: included once, by it): the places and accounts of the demo county
 * 469030 the tests use, the organisations looked up in setup, and the
 * helpers that file requests, take actions and read replies.
 */
#ifndef LIANXIN_TESTS_API_REQUESTS_FIXTURE_H
#define LIANXIN_TESTS_API_REQUESTS_FIXTURE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static char tmpdir[256];
static struct server srv;
static struct session admin, county, towna, townb, townc, village, grid, viewer, auditor;

#define PW "Req-Admin-2026"
#define COUNTY "469030"
#define TOWN_A "469030100"       /* 营根镇 */
#define TOWN_B "469030101"       /* 湾岭镇 */
#define TOWN_C "469030103"       /* 和平镇: only the figures test files here */
#define VILL_1 "469030100200"    /* 升坡村, one village branch */
#define GROUP_1 "469030100200001"
#define VILL_2 "469030100201"    /* 百花村, a general branch with two branches */
#define BASE_TIME 1760493600LL   /* 2025-10-15T02:00:00Z, Wednesday 10:00 CST: before the demo's requests */
#define DAY0 "2025-10-15"
#define DAY_AFTER "2025-10-16"
#define MONTH_END "2025-10-31"

/* a request for the county committee, which has no parent organisation */
static int64_t county_level_id;

/* organisations looked up in setup */
static int64_t org_county, org_a, org_b, org_c, branch_v1, general_v2, branch_v2b;

/* ---- helpers ------------------------------------------------------------ */

static bool jtrue(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* The reply of the last act()/file_req(), kept for checks. */
static json_t *last;

static void keep(struct resp *r)
{
	json_decref(last);
	last = json_incref(r->json);
}

/* An action that must answer want (with the error code for 4xx). */
/* Whether a request's allowed_actions name action. */
static bool has_action(json_t *request, const char *action)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(request, "allowed_actions"), i, a)
		if (!strcmp(json_string_value(a), action))
			return true;
	return false;
}

static void act_expect(const struct session *s, const char *who, int64_t id, const char *body, long want)
{
	struct resp r;
	req(s, "POST", fmt("/api/v1/requests/%lld/actions", (long long)id), body, &r);
	keep(&r);
	if (want >= 400) {
		const char *code = want == 403 ? "forbidden" : want == 404 ? "not_found" : want == 409 ? "conflict" : NULL;
		if (code)
			expect_error(&r, want, code, fmt("%s %s on #%lld", who, body, (long long)id));
		else
			EXPECT(r.status == want, "%s %s on #%lld: %ld, want %ld: %s", who, body, (long long)id, r.status, want,
			       r.body);
	} else
		EXPECT(r.status == want, "%s %s on #%lld: %ld, want %ld: %s", who, body, (long long)id, r.status, want, r.body);
	resp_free(&r);
}

/* File a request as s (POST /requests, 201 wanted); returns the id, reply in last. */
static int64_t file_req(const struct session *s, const char *body)
{
	struct resp r;
	req(s, "POST", "/api/v1/requests", body, &r);
	EXPECT(r.status == 201, "POST /requests %s: %ld %s", body, r.status, r.body);
	keep(&r);
	int64_t id = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	return id;
}

static int64_t simple(const struct session *s, const char *channel, const char *division, const char *category)
{
	return file_req(s, fmt("{\"channel\":\"%s\",\"division\":\"%s\",\"category\":\"%s\",\"content\":\"测试诉求 %s\"}",
			       channel, division, category, category));
}

static json_t *get_req(const struct session *s, int64_t id)
{
	return get_json(s, fmt("/api/v1/requests/%lld", (long long)id), 200);
}

/* A number within 0.01 of want. */
static bool near(json_t *v, double want)
{
	return json_is_number(v) && json_number_value(v) > want - 0.01 && json_number_value(v) < want + 0.01;
}

static bool list_has(json_t *list, int64_t id)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item)
		if (jint(item, "id") == id)
			return true;
	return false;
}

static bool timeline_has(json_t *o, const char *action)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(o, "timeline"), i, s)
		if (!strcmp(jstr(s, "action"), action))
			return true;
	return false;
}

static int timeline_count(json_t *o, const char *action)
{
	int n = 0;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(o, "timeline"), i, s)
		n += !strcmp(jstr(s, "action"), action);
	return n;
}

/* ISO 8601 UTC text to a Unix time; -1 when malformed. */
static int64_t parse_iso(const char *s)
{
	struct tm tm = { 0 };
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	return end && !*end ? (int64_t)timegm(&tm) : -1;
}

static void iso(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The server's idea of now. */
static int64_t server_now(void)
{
	return (int64_t)time(NULL) + srv.clock_offset;
}

/* Move the server clock to t (UTC). */
static void set_clock(int64_t t)
{
	server_advance_clock(&srv, t - server_now());
}

static int run_cli(const char *stdin_text, const char *const *args, char *err, size_t errlen)
{
	return cli_run(binary, db_url, stdin_text, args, err, errlen);
}

static const struct test_account users[] = {
	{ "rqadmin", "admin", "all", &admin },     { "rqcounty", "county", COUNTY, &county },
	{ "rqtowna", "township", TOWN_A, &towna }, { "rqtownb", "township", TOWN_B, &townb },
	{ "rqtownc", "township", TOWN_C, &townc }, { "rqvillage", "village", VILL_1, &village },
	{ "rqgrid", "grid", VILL_1, &grid },       { "rqviewer", "viewer", COUNTY, &viewer },
	{ "rqaudit", "auditor", COUNTY, &auditor },
};
#define NUSERS (sizeof(users) / sizeof(users[0]))

static int login_all(void)
{
	return accounts_login(&srv, users, NUSERS, PW);
}

/* The id of the one organisation of type at division. */
static int64_t org_id(const char *division, const char *type, int nth)
{
	json_t *j = get_json(&admin, fmt("/api/v1/orgs?division=%s&type=%s&page_size=50", division, type), 200);
	int64_t id = 0;
	int seen = 0;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "items"), i, o)
		if (!strcmp(jstr(o, "division"), division) && seen++ == nth)
			id = jint(o, "id");
	json_decref(j);
	EXPECT(id > 0, "organisation %s %s #%d found", division, type, nth);
	return id;
}

#endif
