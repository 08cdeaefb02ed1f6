/*
 * warmup.c - API tests of the dashboards' warm-up (stats-warmup, modules/stats/warmup.c):
 * with it on (down to the county), the memo rows of this year's keys for the county, its
 * province and the country appear without any GET, and not those of a township (below the
 * depth); a GET of them then reads those rows (computed before it) and answers the same figures
 * as a server with the warm-up off, whose reads compute them (the memo emptied first), and those
 * equal GET /coverage's rules summed and GET /compliance/meetings's totals; with it off, nothing
 * is warmed; a new day (the clock moved on) warms the new day's coverage at the next turn.
 *
 * usage: api_warmup --server build/lianxin --db sqlite|postgres
 * Before the server starts the CLI builds the demo county 琼中 (469030).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static struct server srv;
static struct session county, prov;

#define PW "Warmup-Figures-2026"
#define COUNTY "469030"
#define PROVINCE "46"
#define TOWN "469030100"

static const char *const warm_on[] = { "--stats-warmup", "county", NULL };
static const char *const warm_off[] = { "--stats-warmup", "off", NULL };

/* The server's China day moved by days, as YYYY-MM-DD into day; last_of_month: the last day of
 * the month before that day's month instead. */
static void day_from_server(int days, bool last_of_month, char day[16])
{
	time_t t = (time_t)(time(NULL) + srv.clock_offset + 8 * 3600 + (int64_t)days * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	if (last_of_month) {
		t -= (time_t)tm.tm_mday * 86400;   /* the day before the 1st */
		gmtime_r(&t, &tm);
	}
	snprintf(day, 16, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
}

/* The server's China day (its clock moved by the tests) as YYYY-MM-DD, and its year. */
static void server_day(char day[16], char year[8])
{
	day_from_server(0, false, day);
	snprintf(year, 8, "%.4s", day);
}

/* The server's log holds text (n: at least that many times). */
static int log_count(const char *text)
{
	FILE *f = fopen(srv.log_file, "r");
	if (f == NULL)
		return 0;
	char line[4096];
	int n = 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, text) != NULL;
	fclose(f);
	return n;
}

/* Wait (at most 180 s) until the log holds text n times: whether it did. */
static bool wait_log(const char *text, int n)
{
	for (int i = 0; i < 1800; i++) {
		if (log_count(text) >= n)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

/* Memo rows of division and kind whose key starts with prefix. */
static int64_t memo_rows(const char *division, const char *kind, const char *prefix)
{
	return raw_count_on(db_url, fmt("SELECT COUNT(*) FROM stats_memo WHERE division = '%s' AND kind = '%s'"
					" AND substr(key, 1, %zu) = '%s'", division, kind, strlen(prefix), prefix));
}

static const struct test_account users[] = {
	{ "wucounty", "county", COUNTY, &county },
	{ "wuprov", "viewer", PROVINCE, &prov },
};

static void start(const char *const *flags)
{
	EXPECT(server_start(&srv, binary, db_url, flags) == 0, "the server starts");
	EXPECT(accounts_login(&srv, users, sizeof(users) / sizeof(users[0]), PW) == 0, "the users log in");
}

/* The value with every "computed_at" removed (when each figure was computed, not a figure). */
static json_t *figures(json_t *v)
{
	json_t *c = json_deep_copy(v);
	json_t *stack[256];
	int n = 0;
	if (c)
		stack[n++] = c;
	while (n > 0) {
		json_t *x = stack[--n];
		if (json_is_object(x)) {
			json_object_del(x, "computed_at");
			const char *k;
			json_t *e;
			json_object_foreach(x, k, e)
				if ((json_is_object(e) || json_is_array(e)) && n < 256)
					stack[n++] = e;
		} else if (json_is_array(x)) {
			size_t i;
			json_t *e;
			json_array_foreach(x, i, e)
				if ((json_is_object(e) || json_is_array(e)) && n < 256)
					stack[n++] = e;
		}
	}
	return c;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_warm_without_get(void)
{
	char day[16], year[8];
	server_day(day, year);
	EXPECT(wait_log("stats warm-up: the country (1) warm", 1), "the warm-up's first pass ends (log %s)", srv.log_file);
	EXPECT(log_count("/api/v1/stats") == 0, "no GET /stats was made");
	char cmp[32];
	snprintf(cmp, sizeof(cmp), "%s-01-01..%s-12-31@", year, year);
	/* a county: compliance and its coverage kept whole (cov_node, keyed by the day) */
	EXPECT(memo_rows(COUNTY, "compliance", cmp) == 1, "the county's compliance of %s is warm", year);
	EXPECT(memo_rows(COUNTY, "cov_node", fmt("%s|", day)) == 1, "the county's coverage of %s is warm", day);
	/* above a county: coverage keyed by the day, compliance by the period */
	EXPECT(memo_rows(PROVINCE, "coverage", day) == 1 && memo_rows(PROVINCE, "compliance", cmp) == 1,
	       "the province is warm");
	EXPECT(memo_rows("", "coverage", day) == 1 && memo_rows("", "compliance", cmp) == 1, "the country is warm");
	/* a township is below the depth: its own rows wait for its first read */
	int64_t town_cov = memo_rows(TOWN, "cov_node", day), town_cmp = memo_rows(TOWN, "compliance", cmp);
	EXPECT(town_cov == 0 && town_cmp == 0, "a township is not warmed at the county depth: %lld coverage, %lld compliance rows",
	       (long long)town_cov, (long long)town_cmp);
}

/* The figures of the county (as the county user) and the province (as its viewer) and a township, this year. */
struct reads {
	json_t *county, *province, *town;
};

static struct reads read_all(const char *year)
{
	struct reads r = {
		get_json(&county, fmt("/api/v1/stats?division=%s&period=%s", COUNTY, year), 200),
		get_json(&prov, fmt("/api/v1/stats?division=%s&period=%s", PROVINCE, year), 200),
		get_json(&county, fmt("/api/v1/stats?division=%s&period=%s", TOWN, year), 200),
	};
	return r;
}

/* node.pairing and node.meeting_compliance of a roll-up were computed before t (from the memo). */
static void expect_computed_before(json_t *st, int64_t t, bool before, const char *what)
{
	json_t *node = json_object_get(st, "node");
	int64_t cov = jint(json_object_get(node, "pairing"), "computed_at");
	int64_t cmp = jint(json_object_get(node, "meeting_compliance"), "computed_at");
	EXPECT(cov > 0 && cmp > 0 && (before ? cov < t && cmp < t : cov >= t && cmp >= t),
	       "%s: coverage computed at %lld, compliance at %lld, %s %lld", what, (long long)cov, (long long)cmp,
	       before ? "before the read at" : "by the read at", (long long)t);
}

/* The node's coverage and compliance equal the live lists of /coverage and /compliance/meetings. */
static void expect_recount(const struct session *s, json_t *st, const char *code, const char *year, const char *what)
{
	json_t *cov = get_json(s, fmt("/api/v1/coverage?division=%s&page_size=1", code), 200);
	json_t *cp = get_json(s, fmt("/api/v1/compliance/meetings?division=%s&period=%s&page_size=1", code, year), 200);
	int64_t total = 0, met = 0;
	size_t i;
	json_t *rule;
	json_array_foreach(json_object_get(cov, "rules"), i, rule) {
		total += jint(rule, "total");
		met += jint(rule, "met");
	}
	json_t *node = json_object_get(st, "node"), *pr = json_object_get(node, "pairing");
	json_t *mc = json_object_get(node, "meeting_compliance"), *tot = json_object_get(cp, "totals");
	EXPECT(total > 0 && jint(pr, "total") == total && jint(pr, "met") == met, "%s: coverage %s, live %lld/%lld", what,
	       jd(pr), (long long)met, (long long)total);
	EXPECT(jint(tot, "orgs") > 0 && jint(mc, "orgs") == jint(tot, "orgs") && jint(mc, "compliant") == jint(tot, "compliant"),
	       "%s: compliance %s, live %s", what, jd(mc), jd(tot));
	json_decref(cov);
	json_decref(cp);
}

static void test_same_figures(void)
{
	char day[16], year[8];
	server_day(day, year);
	/* a read after this second computes with a later computed_at */
	int64_t t = (int64_t)time(NULL) + srv.clock_offset + 5;
	server_advance_clock(&srv, 5);
	struct reads on = read_all(year);
	expect_computed_before(on.county, t, true, "the county, warmed");
	expect_computed_before(on.province, t, true, "the province, warmed");
	expect_recount(&county, on.county, COUNTY, year, "the county, warmed");
	expect_recount(&prov, on.province, PROVINCE, year, "the province, warmed");

	/* the same reads on a server without the warm-up, over an empty memo */
	EXPECT(server_stop(&srv) == 0, "the server stops cleanly");
	char out[512];
	EXPECT(raw_sql_on(db_url, "DELETE FROM stats_memo", out, sizeof(out)) == 0, "the memo emptied: %s", out);
	start(warm_off);
	EXPECT(log_count("stats warm-up: off") == 1, "the warm-up is off");
	EXPECT(raw_count_on(db_url, "SELECT COUNT(*) FROM stats_memo") == 0, "nothing was warmed");
	t = (int64_t)time(NULL) + srv.clock_offset;
	struct reads off = read_all(year);
	expect_computed_before(off.county, t, false, "the county, computed by its read");
	expect_computed_before(off.province, t, false, "the province, computed by its read");
	json_t *a[] = { on.county, on.province, on.town }, *b[] = { off.county, off.province, off.town };
	static const char *const names[] = { "the county", "the province", "a township" };
	for (int i = 0; i < 3; i++) {
		json_t *fa = figures(a[i]), *fb = figures(b[i]);
		EXPECT(fa && fb && json_equal(fa, fb), "%s: the same figures with the warm-up on and off:\n%s\n%s", names[i], jd(fa),
		       jd(fb));
		json_decref(fa);
		json_decref(fb);
		json_decref(a[i]);
		json_decref(b[i]);
	}
	EXPECT(server_stop(&srv) == 0, "the server stops cleanly");
	start(warm_on);
}

/* A memo row of kind at the county, key, planted by hand. */
static void plant(const char *kind, const char *key)
{
	char out[512];
	EXPECT(raw_sql_on(db_url, fmt("INSERT INTO stats_memo (division, kind, key, body) VALUES ('%s', '%s', '%s', '{}')",
				      COUNTY, kind, key), out, sizeof(out)) == 0, "a %s row %s planted: %s", kind, key, out);
}

static int64_t planted(const char *kind, const char *key)
{
	return raw_count_on(db_url, fmt("SELECT COUNT(*) FROM stats_memo WHERE division = '%s' AND kind = '%s' AND key = '%s'",
					COUNTY, kind, key));
}

/* A new day: the next turn (a minute at most) warms the new day's coverage, and forgets the
 * coverage rows of days more than a week gone but a month's last day. */
static void test_new_day(void)
{
	EXPECT(wait_log("stats warm-up: the country (1) warm", 1), "the first pass of the restarted server ends");
	/* 30 days back (31 when that is a month's last day), a month's last day, two days back,
	 * and a compliance key that begins with an old day */
	char old_day[16], month_end[16], recent[16], old_key[32], month_end_key[32], recent_key[32], compliance_key[48];
	day_from_server(-30, false, old_day);
	day_from_server(-29, true, month_end);
	if (!strcmp(old_day, month_end))
		day_from_server(-31, false, old_day);
	day_from_server(-40, true, month_end);
	day_from_server(-2, false, recent);
	snprintf(old_key, sizeof(old_key), "%s|r", old_day);
	snprintf(month_end_key, sizeof(month_end_key), "%s|r", month_end);
	snprintf(recent_key, sizeof(recent_key), "%s|r", recent);
	snprintf(compliance_key, sizeof(compliance_key), "%s..%s@x", old_day, old_day);
	plant("cov_own", old_key);
	plant("cov_node", month_end_key);
	plant("cov_sum", recent_key);
	plant("compliance", compliance_key);
	server_advance_clock(&srv, 86400);
	char day[16], year[8];
	server_day(day, year);
	EXPECT(wait_log(fmt("due on %s", day), 1), "a pass is due on %s", day);
	EXPECT(wait_log("stats warm-up: the country (1) warm", 2), "the new day's pass ends");
	EXPECT(memo_rows(COUNTY, "cov_node", fmt("%s|", day)) == 1 && memo_rows(PROVINCE, "coverage", day) == 1,
	       "the coverage of %s is warm", day);
	EXPECT(log_count("/api/v1/stats") == 0, "no GET /stats was made");
	EXPECT(planted("cov_own", old_key) == 0, "the coverage of %s (a month gone) forgotten", old_key);
	EXPECT(planted("cov_node", month_end_key) == 1, "the coverage of a month's last day (%s) kept", month_end_key);
	EXPECT(planted("cov_sum", recent_key) == 1, "the coverage of two days ago (%s) kept", recent_key);
	EXPECT(planted("compliance", compliance_key) == 1, "compliance (not keyed by a day) kept");
	server_advance_clock(&srv, -86400);
}

/* ---- set-up ------------------------------------------------------------------------ */

static int setup(void)
{
	char err[4096];
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip", "worklists", NULL };
	int rc = cli_run(binary, db_url, NULL, demo, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_warmup: demo exit %d: %s\n", rc, err);
		return -1;
	}
	if (accounts_add(binary, db_url, users, sizeof(users) / sizeof(users[0]), PW))
		return -1;
	start(warm_on);
	return test_failures ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "the memo of the county and above is warm without a GET", test_warm_without_get },
		{ "a GET reads the warmed rows, the same figures as without the warm-up", test_same_figures },
		{ "a new day is warmed at the next turn, the memo of days long gone forgotten", test_new_day },
	};
	const struct api_program p = { "api_warmup", &binary, db_url, sizeof(db_url), NULL, 0, &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
