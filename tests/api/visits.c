/*
 * visits.c - API tests of what home visits add up to (issue 15): the
 * overdue households by the visit intervals of their category and place,
 * computed on China (Asia/Shanghai) dates across a year end (the server's
 * clock is set to 2026-12-31 16:30 UTC, already 2027-01-01 in China) and a
 * month end; 入户率 and satisfaction by child division and by helper;
 * 户户走到 campaigns with their progress and unreached households; overdue
 * by each helper's duty (帮扶责任人, guiding cadre, area leader; a place turns
 * a duty on and sets its interval); the leaders' visits against their duty
 * ranked in the weekly and monthly bulletins; a cadre
 * listing only its own areas and teams; visit photos (JPEG/PNG checked by
 * content, one file per hash, bad files refused); scope on every endpoint.
 *
 * usage: api_visits --server build/lianxin --db sqlite|postgres
 * Before the server starts the CLI generates the structure of the demo
 * county 乳源 (440232) without households or pairings: the tests plant
 * their own.
 */
#include <curl/curl.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"

static const char *binary;
static char db_url[1024], tmpdir[512], photo_dir[700];
static struct server srv;
static struct session county, towna, townb, cadre;

#define PW "Visits-2026-ok"
#define COUNTY "440232"
#define TOWN_A "440232100"
#define TOWN_B "440232103"
#define VILL_A "440232100201"
#define VILL_A2 "440232100202"

/* H1..H7: H1, H2, H5, H6 poor in VILL_A; H3 monitored in VILL_A; H4 not registered in VILL_A; H7 monitored in VILL_A2 */
static int64_t hh[8];
static int64_t staff[2], leaders[2], cadre_user_id, visit_h1, visit_h2;

/* ---- helpers ------------------------------------------------------------ */

static int64_t visit(int64_t person, int64_t household, const char *on, const char *kind, const char *satisfaction)
{
	return api_call(&county, "POST", "/api/v1/visits", fmt("{\"person_id\":%lld,\"household_id\":%lld,\"visited_on\":\"%s\","
							   "\"kind\":\"%s\"%s%s%s}", (long long)person, (long long)household, on, kind,
							   satisfaction ? ",\"satisfaction\":\"" : "", satisfaction ? satisfaction : "",
							   satisfaction ? "\"" : ""), 201, fmt("a visit on %s", on));
}

static json_t *item_of(json_t *j, int64_t household)
{
	return find_by(json_object_get(j, "items"), "household_id", household);
}

static int position_of(json_t *j, int64_t household)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (jint(it, "household_id") == household)
			return (int)i;
	return -1;
}

/* ---- 1. overdue households --------------------------------------------------------- */

static void test_overdue(void)
{
	/* the server's China day is 2027-01-01 (UTC still 2026-12-31) */
	json_t *j = get_json(&county, "/api/v1/visits/overdue?division=" TOWN_A "&page_size=50", 200);
	EXPECT(!strcmp(jstr(j, "date"), "2027-01-01"), "today is a China date: %s", jstr(j, "date"));
	json_t *h1 = item_of(j, hh[1]), *h3 = item_of(j, hh[3]), *h6 = item_of(j, hh[6]), *h5 = item_of(j, hh[5]);
	/* H1: registered, visited 2026-12-01, every 31 days: due by 12-31, overdue by 1 on 01-01 (not on UTC's 12-31) */
	EXPECT(h1 && jint(h1, "days_overdue") == 1 && !strcmp(jstr(h1, "due_on"), "2026-12-31") && jint(h1, "visit_every_days") == 31 &&
	       !strcmp(jstr(h1, "last_visit"), "2026-12-01") && !strcmp(jstr(h1, "category"), "registered"),
	       "H1 is overdue by one day across the year end: %s", jd(h1));
	json_t *helper = h1 ? json_array_get(json_object_get(h1, "helpers"), 0) : NULL;
	EXPECT(helper && jint(helper, "person_id") == leaders[0] && !strcmp(jstr(helper, "kind"), "cadre_household"),
	       "H1 with its helper: %s", jd(h1));
	/* H3: monitored, visited 2026-12-18 by phone, every 14 days: overdue by 1 */
	EXPECT(h3 && jint(h3, "days_overdue") == 1 && jint(h3, "visit_every_days") == 14 && !strcmp(jstr(h3, "category"), "monitored"),
	       "H3 is overdue by one day: %s", jd(h3));
	EXPECT(h6 && jint(h6, "days_overdue") == 31, "H6 visited 2026-11-01 is 31 days overdue: %s", jd(h6));
	EXPECT(h5 && json_is_true(json_object_get(h5, "never_visited")) && position_of(j, hh[5]) == 0, "the never visited first: %s",
	       jd(j));
	/* H7 (monitored, last visited 2026-01-31) is 322 days overdue, H6 31, H1 and H3 one */
	EXPECT(position_of(j, hh[7]) == 1 && jint(item_of(j, hh[7]), "days_overdue") == 322 && position_of(j, hh[6]) == 2 &&
	       position_of(j, hh[1]) > 2 && position_of(j, hh[3]) > 2, "then the longest overdue: %s", jd(j));
	EXPECT(!item_of(j, hh[2]) && !item_of(j, hh[4]), "H2 (visited 12-02) is not due yet, H4 needs no visit: %s", jd(j));
	EXPECT(jint(j, "total") == 5, "five overdue in township A: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/visits/overdue?division=" VILL_A, 200);
	EXPECT(jint(j, "total") == 4 && !item_of(j, hh[7]), "four in village A (H7 lives in A2): %s", jd(j));
	json_decref(j);

	/* a month end, on a date in the past: H7 monitored, visited 2026-01-31, is due by 02-13 */
	j = get_json(&county, "/api/v1/visits/overdue?division=" VILL_A2 "&date=2026-02-13", 200);
	EXPECT(jint(j, "total") == 0, "on 02-13 H7 is not overdue: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/visits/overdue?division=" VILL_A2 "&date=2026-02-14", 200);
	json_t *h7 = item_of(j, hh[7]);
	EXPECT(jint(j, "total") == 1 && h7 && jint(h7, "days_overdue") == 1 && !strcmp(jstr(h7, "due_on"), "2026-02-13"),
	       "on 02-14 it is, by one day: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/visits/overdue?division=" VILL_A2 "&date=2026-01-30", 200);
	h7 = item_of(j, hh[7]);
	EXPECT(h7 && json_is_true(json_object_get(h7, "never_visited")), "before its first visit H7 was never visited: %s", jd(j));
	json_decref(j);

	/* a place's own interval: township A visits its registered households every 45 days */
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" TOWN_A "\",\"rule\":\"visit_registered\",\"days\":45}", 201,
	     "township A: every 45 days");
	j = get_json(&county, "/api/v1/visits/overdue?division=" COUNTY, 200);
	h6 = item_of(j, hh[6]);
	EXPECT(!item_of(j, hh[1]) && h6 && jint(h6, "days_overdue") == 17 && jint(h6, "visit_every_days") == 45 && item_of(j, hh[3]),
	       "with 45 days H1 is not overdue, H6 by 17 days, H3 (monitored) still: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/visits/overdue?division=" COUNTY "&page_size=1&page=3", 200);
	EXPECT(jint(j, "total") == 4 && json_array_size(json_object_get(j, "items")) == 1 && position_of(j, hh[6]) == 0,
	       "paged: the third is H6: %s", jd(j));
	json_decref(j);

	/* scope: township B cannot see A; a cadre sees its own households only */
	api_call(&townb, "GET", "/api/v1/visits/overdue?division=" TOWN_A, NULL, 404, "township B's overdue list of A");
	j = get_json(&cadre, "/api/v1/visits/overdue?division=" TOWN_A, 200);
	EXPECT(jint(j, "total") == 1 && item_of(j, hh[3]), "the cadre's own overdue household (H3): %s", jd(j));
	json_decref(j);
	api_call_err(&county, "GET", "/api/v1/visits/overdue?division=" TOWN_A "&date=2026-02-30", NULL, 400, "validation", "date",
		 "a date that does not exist");
	api_call_err(&county, "GET", "/api/v1/visits/overdue?division=" TOWN_A "&when=1", NULL, 400, "unknown_parameter", NULL,
		 "an undeclared parameter");
}

/* ---- 2. 入户率 and satisfaction ------------------------------------------------------------ */

static void test_coverage(void)
{
	json_t *j = get_json(&county, "/api/v1/visits/coverage?division=" COUNTY "&from=2026-12-01&to=2026-12-31", 200);
	/* helped: H1, H2, H3, H5, H6, H7; reached at home in December: H1, H2 (H3's was a phone call, H6's in November) */
	EXPECT(jint(j, "households") == 6 && jint(j, "reached") == 2 && json_real_value(json_object_get(j, "rate")) > 0.333 &&
	       json_real_value(json_object_get(j, "rate")) < 0.334, "the county's 入户率 in December: %s", jd(j));
	EXPECT(jint(j, "visits") == 3 && jint(j, "rated") == 3 && jint(j, "satisfied") == 1 && jint(j, "basic") == 1 &&
	       jint(j, "unsatisfied") == 1 && json_real_value(json_object_get(j, "satisfaction")) > 0.666 &&
	       json_real_value(json_object_get(j, "satisfaction")) < 0.667, "satisfaction of December's visits: %s", jd(j));
	json_t *ta = find_by(json_object_get(j, "by_division"), "households", 6);
	size_t i;
	json_t *it;
	int townships = 0;
	json_array_foreach(json_object_get(j, "by_division"), i, it) {
		townships++;
		if (!strcmp(jstr(it, "division"), TOWN_A))
			ta = it;
		else
			EXPECT(jint(it, "households") == 0 && jint(it, "visits") == 0, "other townships have none: %s", jd(it));
	}
	EXPECT(ta && !strcmp(jstr(ta, "division"), TOWN_A) && jint(ta, "households") == 6 && jint(ta, "reached") == 2 &&
	       jint(ta, "visits") == 3, "township A's line: %s", jd(ta));
	EXPECT(townships == jint(j, "divisions_total") && townships > 1, "every township of the county: %s", jd(j));
	/* by helper: leaders[0] helps H1 and H3 (visited H1 at home), staff[0] helps H2 (visited by staff[1]) */
	json_t *l0 = find_by(json_object_get(j, "by_leader"), "person_id", leaders[0]);
	json_t *s0 = find_by(json_object_get(j, "by_leader"), "person_id", staff[0]);
	EXPECT(l0 && jint(l0, "households") == 2 && jint(l0, "reached") == 1 && jint(l0, "visits") == 2 && jint(l0, "satisfied") == 1,
	       "leader 0: two households, one visited at home: %s", jd(l0));
	EXPECT(s0 && jint(s0, "households") == 1 && jint(s0, "reached") == 0 && jint(s0, "visits") == 0,
	       "staff 0's household was visited by someone else: %s", jd(s0));
	EXPECT(jint(j, "leaders_total") == 2, "two helpers: %s", jd(j));
	json_decref(j);

	j = get_json(&county, "/api/v1/visits/coverage?division=" TOWN_A "&from=2026-11-01&to=2026-12-31&target=all", 200);
	EXPECT(jint(j, "households") == 7 && jint(j, "reached") == 3, "every household of A, reached in two months: %s", jd(j));
	json_decref(j);
	j = get_json(&towna, "/api/v1/visits/coverage?division=" TOWN_A "&from=2026-12-01&to=2026-12-31&page_size=1", 200);
	EXPECT(json_array_size(json_object_get(j, "by_division")) == 1 && jint(j, "divisions_total") > 1 &&
	       json_array_size(json_object_get(j, "by_leader")) == 1, "paged: %s", jd(j));
	json_decref(j);
	api_call(&townb, "GET", "/api/v1/visits/coverage?division=" TOWN_A, NULL, 404, "township B's coverage of A");
	api_call(&cadre, "GET", "/api/v1/visits/coverage?division=" TOWN_A, NULL, 403, "a cadre has no coverage");
	api_call_err(&county, "GET", "/api/v1/visits/coverage?division=" TOWN_A "&from=2026-12-31&to=2026-12-01", NULL, 400, "validation",
		 "from", "a period backwards");
	api_call_err(&county, "GET", "/api/v1/visits/coverage?division=" TOWN_A "&to=2026-13-01", NULL, 400, "validation", "to",
		 "month 13");
	api_call_err(&county, "GET", "/api/v1/visits/coverage?division=" TOWN_A "&target=rich", NULL, 400, "validation", "target",
		 "an unknown target");
}

/* The county's /visits/coverage from from to to (the caller frees it), and township A's line in *ta. */
static json_t *county_coverage(const char *from, const char *to, json_t **ta)
{
	json_t *j = get_json(&county, fmt("/api/v1/visits/coverage?division=" COUNTY "&from=%s&to=%s", from, to), 200);
	size_t i;
	json_t *it;
	*ta = NULL;
	json_array_foreach(json_object_get(j, "by_division"), i, it)
		if (!strcmp(jstr(it, "division"), TOWN_A))
			*ta = it;
	return j;
}

/* The county's December (or November) visit figures and township A's line, as "visits satisfied basic unsatisfied" twice. */
static const char *visit_sums(const char *from, const char *to)
{
	json_t *ta, *j = county_coverage(from, to, &ta);
	const char *out = fmt("%lld %lld %lld %lld / %lld %lld %lld %lld", (long long)jint(j, "visits"), (long long)jint(j, "satisfied"),
			      (long long)jint(j, "basic"), (long long)jint(j, "unsatisfied"), (long long)jint(ta, "visits"),
			      (long long)jint(ta, "satisfied"), (long long)jint(ta, "basic"), (long long)jint(ta, "unsatisfied"));
	json_decref(j);
	return out;
}

/*
 * The visits' figures are summed from their day counts (visit_days, migration 39), kept by the
 * visits' writes: a new visit, a changed satisfaction, a visit moved to another month and a
 * deleted one each show at once, in the county's figures and in its township's line.
 */
static void test_coverage_follows_writes(void)
{
	char dec0[128], nov0[128];
	snprintf(dec0, sizeof(dec0), "%s", visit_sums("2026-12-01", "2026-12-31"));
	snprintf(nov0, sizeof(nov0), "%s", visit_sums("2026-11-01", "2026-11-30"));
	EXPECT(!strcmp(dec0, "3 1 1 1 / 3 1 1 1"), "December's visits before: %s", dec0);
	int64_t v = visit(staff[1], hh[4], "2026-12-05", "home", "satisfied");
	const char *now = visit_sums("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, "4 2 1 1 / 4 2 1 1"), "a new visit counts: %s", now);
	api_call(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)v), "{\"satisfaction\":\"unsatisfied\"}", 200,
		 "the visit's satisfaction changed");
	now = visit_sums("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, "4 1 1 2 / 4 1 1 2"), "a changed satisfaction counts: %s", now);
	api_call(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)v), "{\"visited_on\":\"2026-11-05\"}", 200,
		 "the visit moved to November");
	now = visit_sums("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, dec0), "moved out of December: %s", now);
	long long n[8];
	EXPECT(sscanf(nov0, "%lld %lld %lld %lld / %lld %lld %lld %lld", &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7]) == 8,
	       "November's figures: %s", nov0);
	const char *nov1 = fmt("%lld %lld %lld %lld / %lld %lld %lld %lld", n[0] + 1, n[1], n[2], n[3] + 1, n[4] + 1, n[5], n[6], n[7] + 1);
	now = visit_sums("2026-11-01", "2026-11-30");
	EXPECT(!strcmp(now, nov1), "and into November: %s (want %s)", now, nov1);
	/* a period of days only (visit_days), and one of whole months with days at its ends (visit_day_months too) */
	now = visit_sums("2026-11-05", "2026-11-05");
	EXPECT(!strcmp(now, "1 0 0 1 / 1 0 0 1"), "the one day of the moved visit: %s", now);
	long long d[8];
	EXPECT(sscanf(dec0, "%lld %lld %lld %lld / %lld %lld %lld %lld", &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7]) == 8,
	       "December's figures: %s", dec0);
	const char *both = fmt("%lld %lld %lld %lld / %lld %lld %lld %lld", n[0] + 1 + d[0], n[1] + d[1], n[2] + d[2], n[3] + 1 + d[3],
			       n[4] + 1 + d[4], n[5] + d[5], n[6] + d[6], n[7] + 1 + d[7]);
	now = visit_sums("2026-10-31", "2027-01-01");
	EXPECT(!strcmp(now, both), "10-31..01-01: November and December whole, no visit on the days around: %s (want %s)", now, both);
	now = visit_sums("2026-11-05", "2026-12-31");
	const char *from5 = fmt("%lld %lld %lld %lld / %lld %lld %lld %lld", 1 + d[0], d[1], d[2], 1 + d[3], 1 + d[4], d[5], d[6],
				1 + d[7]);
	EXPECT(!strcmp(now, from5), "11-05..12-31: the moved visit and December: %s (want %s)", now, from5);
	api_call(&county, "DELETE", fmt("/api/v1/visits/%lld", (long long)v), NULL, 200, "the visit deleted");
	now = visit_sums("2026-11-01", "2026-11-30");
	EXPECT(!strcmp(now, nov0), "a deleted visit counts no more: %s", now);
	now = visit_sums("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, dec0), "December as before: %s", now);
}

/* "reached county / reached township A" (helped households with a home visit) from from to to. */
static const char *reached(const char *from, const char *to)
{
	json_t *ta, *j = county_coverage(from, to, &ta);
	const char *out = fmt("%lld/%lld", (long long)jint(j, "reached"), (long long)jint(ta, "reached"));
	json_decref(j);
	return out;
}

/*
 * Reached is read from each household's home visits by month (visit_months, migration 43), kept
 * by the visits' writes: H5 (poor, never visited) gets a home visit on 12-31, a second on 12-05
 * (a period inside December between the two reaches it not: the visits decide), the first moves
 * across the month and year end to 2027-01-01 (China's today while UTC is still 12-31), becomes a
 * phone call, and both are deleted: county and township A follow each step.
 */
static void test_reached_follows_writes(void)
{
	char dec[32], mid[32], jan[32], early[32];
	snprintf(dec, sizeof(dec), "%s", reached("2026-12-01", "2026-12-31"));
	snprintf(mid, sizeof(mid), "%s", reached("2026-12-10", "2026-12-20"));
	snprintf(jan, sizeof(jan), "%s", reached("2027-01-01", "2027-01-01"));
	snprintf(early, sizeof(early), "%s", reached("2026-12-01", "2026-12-09"));
	/* December: H1 and H2 at home (H3's was a phone call); none on 12-10..12-20; H1 and H2 in 12-01..12-09 */
	EXPECT(!strcmp(dec, "2/2") && !strcmp(mid, "0/0") && !strcmp(jan, "0/0") && !strcmp(early, "2/2"),
	       "before: December %s, 12-10..12-20 %s, 2027-01-01 %s, 12-01..12-09 %s", dec, mid, jan, early);
	int64_t v = visit(staff[1], hh[5], "2026-12-31", "home", "satisfied");
	const char *now = reached("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, "3/3"), "a home visit on 12-31 reaches H5 in December: %s", now);
	now = reached("2026-12-10", "2026-12-20");
	EXPECT(!strcmp(now, mid), "not in 12-10..12-20: %s", now);
	int64_t v2 = visit(staff[1], hh[5], "2026-12-05", "home", NULL);
	now = reached("2026-12-10", "2026-12-20");
	EXPECT(!strcmp(now, mid), "12-05 and 12-31 around 12-10..12-20 do not reach it: %s", now);
	now = reached("2026-12-01", "2026-12-09");
	EXPECT(!strcmp(now, "3/3"), "12-05 reaches it in 12-01..12-09: %s", now);
	now = reached("2026-11-20", "2026-12-20");
	EXPECT(!strcmp(now, "3/3"), "and in a period across the month end: %s", now);
	api_call(&county, "DELETE", fmt("/api/v1/visits/%lld", (long long)v2), NULL, 200, "the 12-05 visit deleted");
	now = reached("2026-12-01", "2026-12-09");
	EXPECT(!strcmp(now, early), "without it, 12-01..12-09 as before: %s", now);
	now = reached("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, "3/3"), "the 12-31 visit still reaches December: %s", now);
	api_call(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)v), "{\"visited_on\":\"2027-01-01\"}", 200,
		 "the visit moved across the month and year end");
	now = reached("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, dec), "moved out of December: %s", now);
	now = reached("2027-01-01", "2027-01-01");
	EXPECT(!strcmp(now, "1/1"), "and into 2027-01-01 (China's today): %s", now);
	now = reached("2026-12-15", "2027-01-01");
	EXPECT(!strcmp(now, "1/1"), "a period across the year end: %s", now);
	api_call(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)v), "{\"kind\":\"phone\"}", 200, "the visit a phone call");
	now = reached("2027-01-01", "2027-01-01");
	EXPECT(!strcmp(now, jan), "a phone call reaches no one: %s", now);
	api_call(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)v), "{\"kind\":\"home\"}", 200, "a home visit again");
	now = reached("2027-01-01", "2027-01-01");
	EXPECT(!strcmp(now, "1/1"), "at home again: %s", now);
	api_call(&county, "DELETE", fmt("/api/v1/visits/%lld", (long long)v), NULL, 200, "the visit deleted");
	now = reached("2027-01-01", "2027-01-01");
	EXPECT(!strcmp(now, jan), "deleted, 2027-01-01 as before: %s", now);
	now = reached("2026-12-01", "2026-12-31");
	EXPECT(!strcmp(now, dec), "December as before: %s", now);
}

/*
 * The lists count their rows with the page (one pass): a page past the last row still answers
 * the totals, as the first page does (counted apart then), for the overdue households, the
 * helpers' overdue duties, the helpers of the visits' figures and each coverage rule (its total,
 * met and gaps).
 */
static void test_pages_past_the_end(void)
{
	static const char *const lists[] = { "/api/v1/visits/overdue?division=" COUNTY "&date=2027-01-01",
					     "/api/v1/visits/overdue?division=" COUNTY "&date=2027-01-01&by=helper" };
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		json_t *first = get_json(&county, fmt("%s&page_size=1", lists[i]), 200);
		json_t *past = get_json(&county, fmt("%s&page_size=1&page=1000", lists[i]), 200);
		EXPECT(jint(first, "total") > 1 && json_array_size(json_object_get(first, "items")) == 1,
		       "the first page of one, more rows: %s", jd(first));
		EXPECT(jint(past, "total") == jint(first, "total") && json_array_size(json_object_get(past, "items")) == 0,
		       "a page past the end: no items, the same total: %s", jd(past));
		json_decref(first);
		json_decref(past);
	}
	json_t *vc = get_json(&county, "/api/v1/visits/coverage?division=" COUNTY "&from=2026-12-01&to=2026-12-31&page_size=1", 200);
	json_t *vp = get_json(&county, "/api/v1/visits/coverage?division=" COUNTY "&from=2026-12-01&to=2026-12-31&page_size=1&page=1000",
			      200);
	EXPECT(jint(vc, "leaders_total") == 2 && json_array_size(json_object_get(vc, "by_leader")) == 1,
	       "the helpers' first page of one, two in all: %s", jd(vc));
	EXPECT(jint(vp, "leaders_total") == 2 && json_array_size(json_object_get(vp, "by_leader")) == 0 &&
	       jint(vp, "divisions_total") == jint(vc, "divisions_total"), "past the end, the same counts: %s", jd(vp));
	json_decref(vc);
	json_decref(vp);
	json_t *first = get_json(&county, "/api/v1/coverage?division=" COUNTY "&date=2027-01-01&page_size=1", 200);
	json_t *past = get_json(&county, "/api/v1/coverage?division=" COUNTY "&date=2027-01-01&page_size=1&page=1000", 200);
	json_t *a = json_object_get(first, "rules"), *b = json_object_get(past, "rules");
	EXPECT(json_array_size(a) > 1 && json_array_size(a) == json_array_size(b), "the same rules: %s", jd(past));
	int with_gaps = 0;
	for (size_t i = 0; i < json_array_size(a) && i < json_array_size(b); i++) {
		json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
		if (!json_is_true(json_object_get(x, "enabled")))
			continue;
		with_gaps += jint(x, "gaps_total") > 1;
		EXPECT(jint(x, "total") == jint(y, "total") && jint(x, "met") == jint(y, "met") &&
		       jint(x, "gaps_total") == jint(y, "gaps_total") && json_array_size(json_object_get(y, "gaps")) == 0 &&
		       json_array_size(json_object_get(x, "gaps")) == (jint(x, "gaps_total") > 0 ? 1u : 0u),
		       "rule %s: the same figures past the end: %s / %s", jstr(x, "rule"), jd(x), jd(y));
	}
	EXPECT(with_gaps > 0, "some rule has more gaps than a page: %s", jd(first));
	json_decref(first);
	json_decref(past);
}

/* ---- 3. 户户走到 campaigns ------------------------------------------------------------------- */

static void test_campaigns(void)
{
	int64_t c = api_call(&county, "POST", "/api/v1/visit-campaigns", "{\"name\":\"冬季户户走到\",\"division\":\"" TOWN_A "\","
		    "\"start_on\":\"2026-12-01\",\"end_on\":\"2026-12-31\"}", 201, "a campaign over township A");
	json_t *j = get_json(&county, fmt("/api/v1/visit-campaigns/%lld/progress?page_size=50", (long long)c), 200);
	/* every household of A: H1..H6 and H7; reached at home inside the dates: H1, H2 */
	EXPECT(!strcmp(jstr(j, "target"), "all") && jint(j, "households") == 7 && jint(j, "reached") == 2,
	       "the campaign's progress: %s", jd(j));
	json_t *un = json_object_get(j, "unreached");
	EXPECT(jint(un, "total") == 5 && item_of(un, hh[4]) && item_of(un, hh[6]) && item_of(un, hh[3]) && !item_of(un, hh[1]),
	       "the households not reached: %s", jd(un));
	json_decref(j);
	visit(staff[1], hh[4], "2026-12-20", "home", NULL);
	visit(staff[1], hh[6], "2027-01-01", "home", NULL);   /* after the campaign: not counted */
	j = get_json(&county, fmt("/api/v1/visit-campaigns/%lld/progress", (long long)c), 200);
	EXPECT(jint(j, "reached") == 3 && jint(json_object_get(j, "unreached"), "total") == 4, "a visit inside the dates counts: %s",
	       jd(j));
	json_decref(j);
	int64_t c2 = api_call(&county, "POST", "/api/v1/visit-campaigns", "{\"name\":\"监测户走访\",\"division\":\"" VILL_A2 "\","
		     "\"start_on\":\"2026-01-01\",\"end_on\":\"2026-01-31\",\"target\":\"monitored\"}", 201, "a campaign of monitored");
	j = get_json(&county, fmt("/api/v1/visit-campaigns/%lld/progress", (long long)c2), 200);
	EXPECT(jint(j, "households") == 1 && jint(j, "reached") == 1 && json_real_value(json_object_get(j, "rate")) == 1.0,
	       "H7 reached on 01-31: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/visits/campaigns?division=" COUNTY, 200);
	json_t *first = find_by(json_object_get(j, "items"), "id", c), *second = find_by(json_object_get(j, "items"), "id", c2);
	EXPECT(jint(j, "total") == 2 && first && jint(first, "reached") == 3 && second && jint(second, "households") == 1,
	       "the campaigns listed with progress: %s", jd(j));
	json_decref(j);
	j = get_json(&townb, "/api/v1/visits/campaigns", 200);
	EXPECT(jint(j, "total") == 0, "township B sees none of A's campaigns: %s", jd(j));
	json_decref(j);
	api_call(&townb, "GET", fmt("/api/v1/visit-campaigns/%lld/progress", (long long)c), NULL, 404, "township B's view of A's campaign");
	api_call(&cadre, "POST", "/api/v1/visit-campaigns", "{\"name\":\"x\",\"division\":\"" TOWN_A "\",\"start_on\":\"2026-12-01\","
	     "\"end_on\":\"2026-12-31\"}", 403, "a cadre starts no campaign");
	api_call_err(&county, "POST", "/api/v1/visit-campaigns", "{\"name\":\"x\",\"division\":\"" TOWN_A "\",\"start_on\":\"2026-12-01\","
		 "\"end_on\":\"2026-12-31\",\"target\":\"rich\"}", 400, "validation", "target", "an unknown target");
	api_call_err(&county, "POST", "/api/v1/visit-campaigns", "{\"name\":\"x\",\"division\":\"" TOWN_A "\",\"start_on\":\"2026-12-31\","
		 "\"end_on\":\"2026-12-01\"}", 400, "validation", "end_on", "backwards");
}

/* ---- 4. a cadre's areas and teams ----------------------------------------------------------- */

static void test_cadre_areas_teams(void)
{
	int64_t a1 = api_call(&county, "POST", "/api/v1/pairing-areas", "{\"name\":\"东片\",\"division\":\"" TOWN_A "\",\"villages\":\""
			  VILL_A "\"}", 201, "area 1");
	int64_t a2 = api_call(&county, "POST", "/api/v1/pairing-areas", "{\"name\":\"西片\",\"division\":\"" TOWN_A "\",\"villages\":\""
			  VILL_A2 "\"}", 201, "area 2");
	api_call(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"leader_area\",\"person_id\":%lld,\"area_id\":%lld,"
						      "\"start_on\":\"2026-01-01\"}", (long long)leaders[0], (long long)a1), 201,
	     "leader 0 leads area 1");
	api_call(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"leader_area\",\"person_id\":%lld,\"area_id\":%lld,"
						      "\"start_on\":\"2026-01-01\"}", (long long)leaders[1], (long long)a2), 201,
	     "leader 1 leads area 2");
	int64_t t1 = api_call(&county, "POST", "/api/v1/teams", "{\"division\":\"" VILL_A "\",\"batch\":\"第5批\",\"start_on\":\"2026-01-01\","
			  "\"end_on\":\"2027-12-31\"}", 201, "team 1");
	int64_t t2 = api_call(&county, "POST", "/api/v1/teams", "{\"division\":\"" VILL_A2 "\",\"batch\":\"第5批\",\"start_on\":\"2026-01-01\","
			  "\"end_on\":\"2027-12-31\"}", 201, "team 2");
	api_call(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"member\"}", (long long)t1,
							  (long long)leaders[0]), 201, "leader 0 in team 1");
	api_call(&county, "POST", "/api/v1/team-members", fmt("{\"team_id\":%lld,\"person_id\":%lld,\"role\":\"member\"}", (long long)t2,
							  (long long)leaders[1]), 201, "leader 1 in team 2");
	json_t *j = get_json(&county, "/api/v1/pairing-areas?division=" TOWN_A, 200);
	EXPECT(jint(j, "total") == 2, "the county sees both areas: %s", jd(j));
	json_decref(j);
	j = get_json(&cadre, "/api/v1/pairing-areas", 200);
	EXPECT(jint(j, "total") == 1 && find_by(json_object_get(j, "items"), "id", a1), "the cadre sees its own area only: %s", jd(j));
	json_decref(j);
	j = get_json(&cadre, "/api/v1/teams", 200);
	EXPECT(jint(j, "total") == 1 && find_by(json_object_get(j, "items"), "id", t1), "the cadre sees its own team only: %s", jd(j));
	json_decref(j);
	api_call(&cadre, "GET", fmt("/api/v1/pairing-areas/%lld", (long long)a2), NULL, 404, "another's area");
	api_call(&cadre, "GET", fmt("/api/v1/teams/%lld", (long long)t2), NULL, 404, "another's team");
	api_call(&cadre, "GET", fmt("/api/v1/pairing-areas/%lld", (long long)a1), NULL, 200, "its own area");
	api_call(&cadre, "GET", fmt("/api/v1/teams/%lld", (long long)t1), NULL, 200, "its own team");
	j = get_json(&towna, "/api/v1/teams", 200);
	EXPECT(jint(j, "total") == 2, "township A sees both teams: %s", jd(j));
	json_decref(j);
}

/* ---- 5. photos ----------------------------------------------------------------------------- */

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A PNG chunk at p: length, type, data, CRC; returns its size. */
static size_t chunk(unsigned char *p, const char *type, const unsigned char *data, uint32_t len)
{
	put32(p, len);
	memcpy(p + 4, type, 4);
	if (len)
		memcpy(p + 8, data, len);
	put32(p + 8 + len, (uint32_t)crc32(crc32(0L, Z_NULL, 0), p + 4, len + 4));
	return 12 + len;
}

/* A real w x h grey PNG into out; its size. */
static size_t make_png(unsigned char *out, uint32_t w, uint32_t h, unsigned char shade)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char ihdr[13] = { 0 }, raw[64 * 65], z[8192];
	put32(ihdr, w);
	put32(ihdr + 4, h);
	ihdr[8] = 8;   /* 8-bit grey */
	size_t n = 0;
	for (uint32_t y = 0; y < h; y++) {
		raw[n++] = 0;
		for (uint32_t x = 0; x < w; x++)
			raw[n++] = shade;
	}
	uLongf zl = sizeof(z);
	compress(z, &zl, raw, n);
	memcpy(out, sig, 8);
	size_t len = 8;
	len += chunk(out + len, "IHDR", ihdr, 13);
	len += chunk(out + len, "IDAT", z, (uint32_t)zl);
	len += chunk(out + len, "IEND", NULL, 0);
	return len;
}

/* POST bytes to path as s; the status, the reply in *out when given (caller frees). */
static long upload(const struct session *s, const char *path, const void *bytes, size_t n, const char *type, struct resp *out)
{
	char url[1024], line[256];
	snprintf(url, sizeof(url), "%s%s", srv.base, path);
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	snprintf(line, sizeof(line), "Authorization: Bearer %s", s->token);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "Content-Type: %s", type);
	h = curl_slist_append(h, line);
	h = curl_slist_append(h, "Expect:");
	FILE *mem = tmpfile();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, bytes);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (out) {
		memset(out, 0, sizeof(*out));
		long len = ftell(mem);
		out->body = calloc(1, (size_t)(len > 0 ? len : 0) + 1);
		rewind(mem);
		if (len > 0 && fread(out->body, 1, (size_t)len, mem) != (size_t)len)
			out->body[0] = '\0';
		out->headers = calloc(1, 1);
		out->json = json_loads(out->body, 0, NULL);
		out->status = status;
	}
	fclose(mem);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

static void upload_err(const void *bytes, size_t n, long want, const char *code, const char *what)
{
	struct resp r;
	upload(&county, fmt("/api/v1/visits/%lld/photos", (long long)visit_h1), bytes, n, "image/png", &r);
	expect_field_error(&r, want, code, "photo", what);
	resp_free(&r);
}

static int count_files(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		const char *sub = fmt("%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			n += count_files(sub);
		else
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

static void test_photos(void)
{
	unsigned char png[20000];
	size_t n = make_png(png, 3, 2, 0x80);
	struct resp r;
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/visits/%lld/photos", (long long)visit_h1);
	long st = upload(&county, path, png, n, "image/png", &r);
	const char *sha = r.json ? jstr(r.json, "sha256") : "";
	char sha_copy[80];
	snprintf(sha_copy, sizeof(sha_copy), "%s", sha);
	int64_t id = r.json ? jint(r.json, "id") : 0;
	EXPECT(st == 201 && strlen(sha_copy) == 64 && jint(r.json, "width") == 3 && jint(r.json, "height") == 2 &&
	       !strcmp(jstr(r.json, "mime"), "image/png") && jint(r.json, "size") == (int64_t)n, "a PNG stored: %ld %s", st, r.body);
	resp_free(&r);
	st = upload(&county, path, png, n, "image/png", &r);
	EXPECT(st == 200 && r.json && jint(r.json, "id") == id, "the same photo again: the stored one: %ld %s", st, r.body);
	resp_free(&r);
	EXPECT(count_files(photo_dir) == 1, "one file for the photo: %d", count_files(photo_dir));
	st = upload(&county, fmt("/api/v1/visits/%lld/photos", (long long)visit_h2), png, n, "image/png", NULL);
	EXPECT(st == 201 && count_files(photo_dir) == 1, "the same photo on another visit: still one file (%ld)", st);
	/* a JPEG: SOI, APP0, a frame header of 640 x 480, EOI */
	static const unsigned char jpg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
					     0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x01, 0x01, 0x11, 0x00,
					     0xff, 0xd9 };
	st = upload(&county, path, jpg, sizeof(jpg), "image/jpeg", &r);
	EXPECT(st == 201 && r.json && jint(r.json, "width") == 640 && jint(r.json, "height") == 480 &&
	       !strcmp(jstr(r.json, "mime"), "image/jpeg"), "a JPEG's dimensions from its frame header: %ld %s", st, r.body);
	resp_free(&r);
	EXPECT(count_files(photo_dir) == 2, "two files: %d", count_files(photo_dir));
	json_t *j = get_json(&county, path, 200);
	EXPECT(jint(j, "total") == 2, "the visit's photos: %s", jd(j));
	json_decref(j);
	/* read back with auth and scope */
	struct req_opts o = { .auth = &county };
	http(&srv, "GET", fmt("%s/%s", path, sha_copy), NULL, &o, &r);
	char ctype[64];
	EXPECT(r.status == 200 && resp_header(&r, "Content-Type", ctype, sizeof(ctype)) && !strcmp(ctype, "image/png") &&
	       !memcmp(r.body, png, 8), "the PNG back: %ld", r.status);
	resp_free(&r);
	api_call(&townb, "GET", fmt("%s/%s", path, sha_copy), NULL, 404, "township B reads no photo of A");
	api_call(&townb, "GET", path, NULL, 404, "nor lists them");
	o.auth = NULL;
	http(&srv, "GET", fmt("%s/%s", path, sha_copy), NULL, &o, &r);
	EXPECT(r.status == 401, "no photo without a login: %ld", r.status);
	resp_free(&r);
	/* the cadre (leaders[0]) made visit_h1 only */
	api_call(&cadre, "GET", fmt("%s/%s", path, sha_copy), NULL, 200, "the cadre's own visit's photo");
	api_call(&cadre, "GET", fmt("/api/v1/visits/%lld/photos", (long long)visit_h2), NULL, 404, "another's visit's photos");
	EXPECT(upload(&townb, path, png, n, "image/png", NULL) == 404, "township B adds no photo to A's visit");

	/* bad files, refused with JSON errors */
	unsigned char bad[200];
	memcpy(bad, png, 8);
	for (size_t k = 8; k < sizeof(bad); k++)
		bad[k] = (unsigned char)(k * 37);
	upload_err(bad, sizeof(bad), 400, "validation", "a PNG signature with garbage");
	unsigned char cut[20000];
	memcpy(cut, png, n - 12);
	upload_err(cut, n - 12, 400, "validation", "a PNG without its end");
	static const unsigned char gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
					     '!', 0xf9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';' };
	upload_err(gif, sizeof(gif), 415, "unsupported_media_type", "a GIF");
	size_t big = 4 * 1024 * 1024 + 1;
	unsigned char *huge = calloc(1, big);
	memcpy(huge, jpg, sizeof(jpg) - 2);
	huge[big - 2] = 0xff;
	huge[big - 1] = 0xd9;
	upload_err(huge, big, 413, "too_large", "an oversize photo");
	free(huge);
	upload_err("", 0, 400, "missing_field", "no photo");
	unsigned char zero[20000];
	size_t zn = make_png(zero, 1, 1, 0);
	memset(zero + 16, 0, 8);   /* width and height 0 with the CRC still over the old header: refused */
	upload_err(zero, zn, 400, "validation", "a PNG whose header was changed");
	EXPECT(count_files(photo_dir) == 2, "no file for the refused ones: %d", count_files(photo_dir));

	/* a visit deleted takes its photos' rows along (the files stay: another visit may hold them) */
	api_call(&county, "DELETE", fmt("/api/v1/visits/%lld", (long long)visit_h2), NULL, 200, "the visit with a photo deleted (its rows cascade)");
	api_call(&county, "GET", fmt("/api/v1/visits/%lld/photos", (long long)visit_h2), NULL, 404, "its photos are gone with it");
	j = get_json(&county, path, 200);
	EXPECT(jint(j, "total") == 2, "the other visit keeps its photos: %s", jd(j));
	json_decref(j);
}

/* ---- 6. overdue by helper: each helper's duty ----------------------------------------------- */

static json_t *duty_of(json_t *j, int64_t person, const char *rule)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (jint(it, "person_id") == person && !strcmp(jstr(it, "rule"), rule))
			return it;
	return NULL;
}

static void test_overdue_by_helper(void)
{
	/* on 2027-01-01 only the 帮扶责任人's monthly duty is on: staff 0 never visited H2, leader 0
	 * visited H1 on 12-01 (overdue by 1: the duty is monthly though the household's rule here is
	 * 45 days) and H3 on 12-18 */
	json_t *j = get_json(&county, "/api/v1/visits/overdue?division=" COUNTY "&by=helper", 200);
	json_t *h2 = json_array_get(json_object_get(j, "items"), 0), *h1 = json_array_get(json_object_get(j, "items"), 1);
	EXPECT(jint(j, "total") == 2 && !strcmp(jstr(j, "by"), "helper"), "two duties overdue: %s", jd(j));
	EXPECT(h2 && jint(h2, "person_id") == staff[0] && jint(h2, "household_id") == hh[2] &&
	       json_is_true(json_object_get(h2, "never_visited")) && !strcmp(jstr(h2, "rule"), "visit_helper_household") &&
	       !strcmp(jstr(h2, "helper_kind"), "cadre_household"), "first staff 0's H2, never visited by it: %s", jd(j));
	EXPECT(h1 && jint(h1, "person_id") == leaders[0] && jint(h1, "household_id") == hh[1] && jint(h1, "days_overdue") == 1 &&
	       jint(h1, "visit_every_days") == 31 && !strcmp(jstr(h1, "due_on"), "2026-12-31") &&
	       !strcmp(jstr(h1, "last_visit"), "2026-12-01"), "then leader 0's H1 by one day: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/visits/overdue?division=" TOWN_A, 200);
	EXPECT(!item_of(j, hh[1]), "by household H1 is not overdue (township A visits every 45 days): %s", jd(j));
	json_decref(j);

	/* the other duties are off until a place turns them on: a guiding cadre's village monthly, a
	 * township leader's area villages quarterly (township A: every 10 days in village A) */
	api_call(&county, "POST", "/api/v1/pairings", fmt("{\"kind\":\"cadre_village\",\"person_id\":%lld,\"target\":\"" VILL_A2 "\","
							  "\"start_on\":\"2025-06-01\"}", (long long)staff[1]), 201, "staff 1 guides village A2");
	j = get_json(&county, "/api/v1/visits/overdue?division=" COUNTY "&by=helper", 200);
	EXPECT(jint(j, "total") == 2, "off by default: %s", jd(j));
	json_decref(j);
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" COUNTY "\",\"rule\":\"visit_guide_village\",\"enabled\":true}",
		 201, "the county turns the guiding cadres' duty on");
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" COUNTY "\",\"rule\":\"visit_area_village\",\"enabled\":true}",
		 201, "the county turns the area leaders' duty on");
	api_call(&county, "POST", "/api/v1/coverage-rules", "{\"division\":\"" VILL_A "\",\"rule\":\"visit_area_village\",\"days\":10}",
		 201, "village A: its area leader every 10 days");
	j = get_json(&county, "/api/v1/visits/overdue?division=" COUNTY "&by=helper", 200);
	json_t *guide = duty_of(j, staff[1], "visit_guide_village"), *area0 = duty_of(j, leaders[0], "visit_area_village"),
	       *area1 = duty_of(j, leaders[1], "visit_area_village");
	EXPECT(jint(j, "total") == 5, "five duties overdue: %s", jd(j));
	/* staff 1 was last in village A2 on 2026-01-31 (H7): 335 days, every 31: overdue by 305 */
	EXPECT(guide && !strcmp(jstr(guide, "village"), VILL_A2) && !strcmp(jstr(guide, "object"), "village") &&
	       jint(guide, "days_overdue") == 305 && jint(guide, "visit_every_days") == 31, "staff 1's village: %s", jd(guide));
	/* leader 0 was last in village A on 12-18 (H3): 14 days, every 10 there: overdue by 5; leader 1 never in A2 */
	EXPECT(area0 && !strcmp(jstr(area0, "village"), VILL_A) && jint(area0, "days_overdue") == 5 && jint(area0, "visit_every_days") == 10,
	       "leader 0's area village by the village's interval: %s", jd(area0));
	EXPECT(area1 && json_is_true(json_object_get(area1, "never_visited")) && jint(area1, "visit_every_days") == 92,
	       "leader 1 never in its area's village, quarterly: %s", jd(area1));
	EXPECT(position_of(j, hh[2]) == 0 && jint(json_array_get(json_object_get(j, "items"), 2), "days_overdue") == 305,
	       "the never visited first (by place), then the longest overdue: %s", jd(j));
	json_decref(j);

	/* a cadre sees its own duties only; the coverage rule counts the same duty */
	j = get_json(&cadre, "/api/v1/visits/overdue?division=" TOWN_A "&by=helper", 200);
	EXPECT(jint(j, "total") == 2 && duty_of(j, leaders[0], "visit_helper_household") && duty_of(j, leaders[0], "visit_area_village"),
	       "the cadre's two: %s", jd(j));
	json_decref(j);
	j = get_json(&county, "/api/v1/coverage?division=" COUNTY "&rule=visit_helper_household", 200);
	json_t *rule = json_array_get(json_object_get(j, "rules"), 0);
	EXPECT(rule && jint(rule, "total") == 3 && jint(rule, "met") == 1 && jint(rule, "gaps_total") == 2 && jint(rule, "days") == 31 &&
	       !strcmp(jstr(json_array_get(json_object_get(rule, "gaps"), 0), "kind"), "duty"),
	       "the helpers' duty as a coverage rule: 3 pairings, H3 met: %s", jd(j));
	json_decref(j);

	/* /stats keeps the coverage in its memo: an area's villages changed clear it (migration: the
	 * memo triggers on pairing_areas) */
	j = get_json(&county, "/api/v1/stats?division=" TOWN_A, 200);
	json_t *pr = json_object_get(json_object_get(json_object_get(json_object_get(j, "node"), "pairing"), "rules"),
				     "visit_area_village");
	EXPECT(pr && jint(pr, "total") == 2, "two area villages in the roll-up: %s", jd(pr));
	json_decref(j);
	j = get_json(&county, "/api/v1/pairing-areas?division=" TOWN_A "&page_size=10", 200);
	int64_t west = 0;
	size_t k;
	json_t *a;
	json_array_foreach(json_object_get(j, "items"), k, a)
		if (!strcmp(jstr(a, "name"), "西片"))
			west = jint(a, "id");
	json_decref(j);
	api_call(&county, "PATCH", fmt("/api/v1/pairing-areas/%lld", (long long)west), "{\"villages\":\"" VILL_A2 "," VILL_A "\"}", 200,
		 "the west area takes village A too");
	j = get_json(&county, "/api/v1/stats?division=" TOWN_A, 200);
	pr = json_object_get(json_object_get(json_object_get(json_object_get(j, "node"), "pairing"), "rules"), "visit_area_village");
	EXPECT(pr && jint(pr, "total") == 3, "three after the area changed, not the memo's two: %s", jd(pr));
	json_decref(j);
	api_call(&county, "PATCH", fmt("/api/v1/pairing-areas/%lld", (long long)west), "{\"villages\":\"" VILL_A2 "\"}", 200,
		 "the west area back to village A2");
	j = get_json(&county, "/api/v1/stats?division=" TOWN_A, 200);
	pr = json_object_get(json_object_get(json_object_get(json_object_get(j, "node"), "pairing"), "rules"), "visit_area_village");
	EXPECT(pr && jint(pr, "total") == 2, "two again: %s", jd(pr));
	json_decref(j);
	api_call_err(&county, "GET", "/api/v1/visits/overdue?division=" TOWN_A "&by=nobody", NULL, 400, "validation", "by",
		     "an unknown by");
	api_call(&townb, "GET", "/api/v1/visits/overdue?division=" TOWN_A "&by=helper", NULL, 404, "township B's duties of A");
}

/*
 * A helper's last visit to its household is kept on the pairing (migration 44) by the visits'
 * writes: staff 0's monthly duty to H2 (never visited by it) is met by a new visit, falls due
 * again when the visit moves back to November, comes back to November when a later visit is
 * deleted, is never visited when the last visit goes, and leaves both lists with the pairing
 * ended.  Each step read in the coverage rule (the county's counts from the memo's parts, a page
 * of the gaps live) and in the overdue duties by helper; a date before the visit reads the visits.
 */
static json_t *helper_rule(const char *date)
{
	json_t *j = get_json(&county, fmt("/api/v1/coverage?division=" COUNTY "&rule=visit_helper_household&page_size=50%s%s",
					  date ? "&date=" : "", date ? date : ""), 200);
	json_t *rule = json_incref(json_array_get(json_object_get(j, "rules"), 0));
	json_decref(j);
	return rule;
}

/* The gap of H2's pairing with staff 0 in the rule's page (its label ends in H2's head). */
static json_t *h2_gap(json_t *rule)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(rule, "gaps"), i, g) {
		const char *label = jstr(g, "label");
		size_t n = strlen(label), m = strlen("：户主2");
		if (n >= m && !strcmp(label + n - m, "：户主2"))
			return g;
	}
	return NULL;
}

static json_t *staff0_duty(void)
{
	json_t *j = get_json(&county, "/api/v1/visits/overdue?division=" COUNTY "&by=helper&page_size=50", 200);
	json_t *d = json_incref(duty_of(j, staff[0], "visit_helper_household"));
	json_decref(j);
	return d;
}

static void test_kept_last_visit(void)
{
	json_t *rule = helper_rule(NULL), *d = staff0_duty();
	int64_t total = jint(rule, "total"), gaps = jint(rule, "gaps_total");
	EXPECT(h2_gap(rule) && d && json_is_true(json_object_get(d, "never_visited")) && jint(d, "household_id") == hh[2],
	       "before: staff 0 never visited H2: %s / %s", jd(rule), jd(d));
	const char *pairing = d ? jstr(d, "key") : "0";
	char key[32];
	snprintf(key, sizeof(key), "%s", pairing);
	json_decref(rule);
	json_decref(d);

	/* a visit inserted: the duty met */
	int64_t v = visit(staff[0], hh[2], "2026-12-20", "home", "satisfied");
	rule = helper_rule(NULL);
	d = staff0_duty();
	EXPECT(!h2_gap(rule) && jint(rule, "gaps_total") == gaps - 1 && jint(rule, "total") == total && !d,
	       "a new visit meets the duty: %s / %s", jd(rule), jd(d));
	json_decref(rule);
	json_decref(d);
	rule = helper_rule("2026-12-10");
	EXPECT(h2_gap(rule) != NULL, "on 12-10, before that visit, it was a gap: %s", jd(rule));
	json_decref(rule);
	json_t *j = get_json(&county, "/api/v1/visits/overdue?division=" COUNTY "&by=helper&date=2026-12-10&page_size=50", 200);
	d = duty_of(j, staff[0], "visit_helper_household");
	EXPECT(d && json_is_true(json_object_get(d, "never_visited")), "and a duty never visited then: %s", jd(j));
	json_decref(j);

	/* moved to another date: overdue again, by 17 days (11-15 + 31 days is due by 12-15) */
	api_call(&county, "PATCH", fmt("/api/v1/visits/%lld", (long long)v), "{\"visited_on\":\"2026-11-15\"}", 200,
		 "the visit moved to November");
	rule = helper_rule(NULL);
	d = staff0_duty();
	EXPECT(h2_gap(rule) && jint(rule, "gaps_total") == gaps, "a visit moved out of the period is a gap again: %s", jd(rule));
	EXPECT(d && !strcmp(jstr(d, "last_visit"), "2026-11-15") && jint(d, "days_overdue") == 17,
	       "overdue by 17 days since 11-15: %s", jd(d));
	json_decref(rule);
	json_decref(d);

	/* a later visit deleted: back to 11-15 */
	int64_t w = visit(staff[0], hh[2], "2026-12-28", "phone", NULL);
	d = staff0_duty();
	EXPECT(!d, "a later visit meets it: %s", jd(d));
	json_decref(d);
	api_call(&county, "DELETE", fmt("/api/v1/visits/%lld", (long long)w), NULL, 200, "the later visit deleted");
	rule = helper_rule(NULL);
	d = staff0_duty();
	EXPECT(h2_gap(rule) && d && !strcmp(jstr(d, "last_visit"), "2026-11-15") && jint(d, "days_overdue") == 17,
	       "its deletion leaves 11-15 the last visit: %s / %s", jd(rule), jd(d));
	json_decref(rule);
	json_decref(d);

	/* the last visit deleted: never visited */
	api_call(&county, "DELETE", fmt("/api/v1/visits/%lld", (long long)v), NULL, 200, "the visit deleted");
	d = staff0_duty();
	EXPECT(d && json_is_true(json_object_get(d, "never_visited")) && json_is_null(json_object_get(d, "last_visit")),
	       "never visited again: %s", jd(d));
	json_decref(d);

	/* the pairing ended: neither a gap nor a duty, one member fewer; staff 0 helps nobody now, so
	 * the spanning rule (its counts and gaps kept whole in the node memo) counts one helper fewer */
	json_t *j2 = get_json(&county, "/api/v1/coverage?division=" COUNTY "&rule=cadre_max_households", 200);
	int64_t helpers = jint(json_array_get(json_object_get(j2, "rules"), 0), "total");
	json_decref(j2);
	api_call(&county, "PATCH", fmt("/api/v1/pairings/%s", key), "{\"end_on\":\"2026-12-31\"}", 200, "the pairing ended");
	j2 = get_json(&county, "/api/v1/coverage?division=" COUNTY "&rule=cadre_max_households", 200);
	EXPECT(helpers >= 1 && jint(json_array_get(json_object_get(j2, "rules"), 0), "total") == helpers - 1,
	       "one helper fewer than %lld: %s", (long long)helpers, jd(j2));
	json_decref(j2);
	rule = helper_rule(NULL);
	d = staff0_duty();
	EXPECT(!h2_gap(rule) && !d && jint(rule, "total") == total - 1 && jint(rule, "gaps_total") == gaps - 1,
	       "an ended pairing owes no visit: %s / %s", jd(rule), jd(d));
	json_decref(rule);
	json_decref(d);
	rule = helper_rule("2026-12-31");
	EXPECT(h2_gap(rule) && jint(rule, "total") == total, "on its last day it still did: %s", jd(rule));
	json_decref(rule);
}

/* ---- 7. leaders' visits in the bulletins (领导干部遍访) ---------------------------------------- */

static json_t *leader_of(json_t *b, int64_t person)
{
	return find_by(json_object_get(json_object_get(b, "leader_visits"), "items"), "person_id", person);
}

static void test_leader_visits(void)
{
	/* leader 1 (area: village A2) patrols A2 on 12-28 and 12-30 and visits H7 there on 12-30; leader 0
	 * (area: village A) visited H1 on 12-01 and H3 on 12-18 */
	const char *pb = "{\"person_id\":%lld,\"division\":\"" VILL_A2 "\",\"visited_on\":\"%s\",\"kind\":\"patrol\"}";
	api_call(&county, "POST", "/api/v1/visits", fmt(pb, (long long)leaders[1], "2026-12-28"), 201, "leader 1 in A2");
	api_call(&county, "POST", "/api/v1/visits", fmt(pb, (long long)leaders[1], "2026-12-30"), 201, "leader 1 in A2 again");
	visit(leaders[1], hh[7], "2026-12-30", "home", NULL);

	/* December: 31 days, 3 in every 7 → 13 days in villages required, plus the area's village */
	json_t *b = get_json(&county, "/api/v1/stats/bulletin?division=" TOWN_A "&kind=monthly&period=2026-12", 200);
	json_t *l0 = leader_of(b, leaders[0]), *l1 = leader_of(b, leaders[1]);
	json_t *items = json_object_get(json_object_get(b, "leader_visits"), "items");
	EXPECT(l1 && jint(l1, "visits") == 3 && jint(l1, "village_days") == 2 && jint(l1, "days_required") == 13 &&
	       jint(l1, "paired_villages") == 1 && jint(l1, "villages_reached") == 1 && jint(l1, "households_visited") == 1,
	       "leader 1's month: %s", jd(l1));
	EXPECT(l0 && jint(l0, "visits") == 2 && jint(l0, "village_days") == 2 && jint(l0, "villages_reached") == 1 &&
	       fabs(json_number_value(json_object_get(l0, "duty_rate")) - 0.2142) < 1e-9 && !json_is_true(json_object_get(l0, "duty_met")),
	       "leader 0's month: (2 days + 1 village) of (13 + 1): %s", jd(l0));
	/* equal rates: more visits first; the leaders without visits or areas share the last rank */
	EXPECT(json_array_get(items, 0) == l1 && jint(l1, "rank") == 1 && json_array_get(items, 1) == l0 && jint(l0, "rank") == 2,
	       "leader 1 ranks first, leader 0 second: %s", jd(items));
	json_t *last = json_array_get(items, json_array_size(items) - 1);
	EXPECT(json_array_size(items) > 2 && jint(last, "rank") == 3 && jint(last, "visits") == 0 &&
	       json_number_value(json_object_get(last, "duty_rate")) == 0.0, "the others share rank 3: %s", jd(items));
	json_decref(b);

	/* the week 12-25..12-31: 3 days required; leader 1 has 2 and its village (3 of 4), leader 0 none */
	b = get_json(&county, "/api/v1/stats/bulletin?division=" TOWN_A "&kind=weekly&from=2026-12-25&to=2026-12-31", 200);
	l0 = leader_of(b, leaders[0]);
	l1 = leader_of(b, leaders[1]);
	EXPECT(l1 && jint(l1, "days_required") == 3 && fabs(json_number_value(json_object_get(l1, "duty_rate")) - 0.75) < 1e-9 &&
	       jint(l1, "rank") == 1, "leader 1's week: %s", jd(l1));
	EXPECT(l0 && jint(l0, "visits") == 0 && jint(l0, "villages_reached") == 0 && json_number_value(json_object_get(l0, "duty_rate")) == 0.0,
	       "leader 0's week: %s", jd(l0));
	json_decref(b);
	b = get_json(&county, "/api/v1/stats/bulletin?division=" TOWN_B "&kind=weekly&from=2026-12-25&to=2026-12-31", 200);
	EXPECT(!leader_of(b, leaders[0]) && !leader_of(b, leaders[1]), "township B's bulletin has its own leaders: %s", jd(b));
	json_decref(b);

	/* the sheet: the section after the ranking */
	struct resp r;
	req(&county, "GET", "/api/v1/stats/bulletin?division=" TOWN_A "&kind=monthly&period=2026-12&format=csv", NULL, &r);
	json_t *p1 = get_json(&county, fmt("/api/v1/people/%lld", (long long)leaders[1]), 200);
	EXPECT(r.status == 200 && r.body && strstr(r.body, "领导干部遍访") && strstr(r.body, "应在村天数") && p1 &&
	       strstr(r.body, jstr(p1, "name")), "the csv has the leaders: %ld %.300s", r.status, r.body ? r.body : "");
	json_decref(p1);
	resp_free(&r);
	api_call(&townb, "GET", "/api/v1/stats/bulletin?division=" TOWN_A, NULL, 404, "township B's bulletin of A");
}

/* ---- set-up ------------------------------------------------------------------------ */

static int add_user(const char *name, const char *role, const char *division, char *err, size_t errlen)
{
	const char *args[] = { "user", "add", "--username", name, "--role", role, "--division", division, "--password-stdin", NULL };
	return cli_run(binary, db_url, PW "\n", args, err, errlen);
}

/* ---- each household's kept last visit (migration 51) ---------------------------------------- */

/* Households whose kept last visit or last home visit (household_last_visits) is not a recount of
 * their visits, and kept rows of households without visits: 0 when the visits' triggers kept it. */
#define HLV_RECOUNT                                                                                         \
	"SELECT COUNT(*) FROM (SELECT household_id, MAX(visited_on) AS l, MAX(CASE WHEN kind = 'home'"       \
	" THEN visited_on END) AS lh FROM visits WHERE household_id IS NOT NULL GROUP BY household_id) m"     \
	" LEFT JOIN household_last_visits k ON k.household_id = m.household_id WHERE k.household_id IS NULL"   \
	" OR k.last_on <> m.l OR COALESCE(k.last_home_on, '-') <> COALESCE(m.lh, '-')"
#define HLV_ORPHANS                                                                                         \
	"SELECT COUNT(*) FROM household_last_visits k WHERE NOT EXISTS (SELECT 1 FROM visits v"              \
	" WHERE v.household_id = k.household_id)"

/* "last_on last_home_on" kept for a household ("- -": no row) */
static const char *kept_of(int64_t household)
{
	char out[128] = "";
	raw_sql_on(db_url, fmt("SELECT last_on || ' ' || COALESCE(last_home_on, '-') FROM household_last_visits"
			       " WHERE household_id = %lld", (long long)household), out, sizeof(out));
	out[strcspn(out, "\n")] = '\0';
	return fmt("%s", *out ? out : "- -");
}

static void expect_recount(const char *step)
{
	int64_t wrong = raw_count_on(db_url, HLV_RECOUNT), orphans = raw_count_on(db_url, HLV_ORPHANS);
	EXPECT(wrong == 0 && orphans == 0, "%s: every household's kept last visits equal a recount (%lld differ, %lld without"
	       " visits)", step, (long long)wrong, (long long)orphans);
}

/* A visit changed (PATCH with body) or deleted (body NULL), then the recount checked. */
static void change_visit(int64_t id, const char *body, const char *what)
{
	api_call(&county, body ? "PATCH" : "DELETE", fmt("/api/v1/visits/%lld", (long long)id), body, 200, what);
	expect_recount(what);
}

/*
 * A household's last visit and last home visit are kept by the visits' writes (the overdue list
 * and reached read them): H1 (helped) and H4 (not) through a phone call on 12-30, a home visit
 * on 12-31 moved to an earlier day, to the other household and to a later day, and both deleted;
 * after each step every household's kept pair equals MAX(visited_on) of its visits (of its home
 * visits), counted from the visits.
 */
static void test_household_last_visits(void)
{
	EXPECT(raw_count_on(db_url, "SELECT COUNT(*) FROM household_last_visits") > 4, "kept rows for the planted visits");
	expect_recount("before");
	char h1[64], h4[64], h1_home[16];
	snprintf(h1, sizeof(h1), "%s", kept_of(hh[1]));
	snprintf(h4, sizeof(h4), "%s", kept_of(hh[4]));
	snprintf(h1_home, sizeof(h1_home), "%s", strchr(h1, ' ') ? strchr(h1, ' ') + 1 : "-");
	EXPECT(strcmp(h1, "2026-12-30") < 0 && strcmp(h4, "2026-12-22") < 0, "before: H1 %s, H4 %s, both earlier", h1, h4);
	EXPECT(!strcmp(h1_home, "-") || strcmp(h1_home, "2026-12-22") < 0, "H1's last home visit is before 12-22: %s", h1_home);

	int64_t phone = visit(staff[1], hh[1], "2026-12-30", "phone", NULL);
	expect_recount("a phone call inserted");
	const char *now = kept_of(hh[1]);
	EXPECT(!strcmp(now, fmt("2026-12-30 %s", h1_home)), "a phone call is H1's last visit, not its last home visit: %s", now);
	int64_t v = visit(staff[1], hh[1], "2026-12-31", "home", NULL);
	expect_recount("a home visit inserted");
	now = kept_of(hh[1]);
	EXPECT(!strcmp(now, "2026-12-31 2026-12-31"), "a later home visit is both: %s", now);

	change_visit(v, "{\"visited_on\":\"2026-12-22\"}", "the home visit moved earlier");
	now = kept_of(hh[1]);
	EXPECT(!strcmp(now, "2026-12-30 2026-12-22"), "moved earlier: the phone call last, the home visit on 12-22: %s", now);

	change_visit(v, fmt("{\"household_id\":%lld}", (long long)hh[4]), "the home visit moved to another household");
	now = kept_of(hh[1]);
	EXPECT(!strcmp(now, fmt("2026-12-30 %s", h1_home)), "H1 without it: %s", now);
	now = kept_of(hh[4]);
	EXPECT(!strcmp(now, "2026-12-22 2026-12-22"), "H4 with it: %s", now);

	change_visit(v, "{\"visited_on\":\"2027-01-01\"}", "the home visit moved later");
	now = kept_of(hh[4]);
	EXPECT(!strcmp(now, "2027-01-01 2027-01-01"), "H4's on 2027-01-01: %s", now);

	change_visit(phone, NULL, "the phone call deleted");
	now = kept_of(hh[1]);
	EXPECT(!strcmp(now, h1), "H1 as before: %s (was %s)", now, h1);
	change_visit(v, NULL, "the home visit deleted");
	now = kept_of(hh[4]);
	EXPECT(!strcmp(now, h4), "H4 as before: %s (was %s)", now, h4);
}

static int64_t nth_id(const char *path, int n)
{
	json_t *j = get_json(&county, path, 200);
	json_t *it = json_array_get(json_object_get(j, "items"), (size_t)n);
	int64_t id = it ? jint(it, "id") : 0;
	json_decref(j);
	return id;
}

static int plant(void)
{
	static const struct { const char *division, *status; bool monitored; } h[] = {
		{ NULL, NULL, false },
		{ VILL_A, "poor", false }, { VILL_A, "poor", false }, { VILL_A, "not_registered", true },
		{ VILL_A, "not_registered", false }, { VILL_A, "poor", false }, { VILL_A, "poor", false },
		{ VILL_A2, "not_registered", true },
	};
	for (int k = 1; k <= 7; k++) {
		const char *extra = !strcmp(h[k].status, "poor") ? ",\"attribute\":\"tekun\",\"main_cause\":\"disability\","
								   "\"identified_year\":2015" : "";
		hh[k] = create(&county, "/api/v1/households", fmt("{\"household_no\":\"%s-80%d\",\"head_name\":\"户主%d\","
								  "\"division\":\"%s\",\"status\":\"%s\"%s}", h[k].division, k, k,
								  h[k].division, h[k].status, extra));
		if (!hh[k])
			return -1;
		if (h[k].monitored && !create(&county, "/api/v1/monitoring", fmt("{\"household_id\":%lld,\"category\":\"marginal\","
										   "\"started_on\":\"2026-01-01\"}", (long long)hh[k])))
			return -1;
	}
	/* helpers: leaders[0] (the cadre account's person) helps H1 and H3, staff[0] helps H2 */
	const char *pb = "{\"kind\":\"cadre_household\",\"person_id\":%lld,\"household_id\":%lld,\"start_on\":\"2025-06-01\"}";
	if (!create(&county, "/api/v1/pairings", fmt(pb, (long long)leaders[0], (long long)hh[1])) ||
	    !create(&county, "/api/v1/pairings", fmt(pb, (long long)leaders[0], (long long)hh[3])) ||
	    !create(&county, "/api/v1/pairings", fmt(pb, (long long)staff[0], (long long)hh[2])))
		return -1;
	if (!create(&county, "/api/v1/cadre-accounts", fmt("{\"user_id\":%lld,\"person_id\":%lld}", (long long)cadre_user_id,
							    (long long)leaders[0])))
		return -1;
	visit_h1 = visit(leaders[0], hh[1], "2026-12-01", "home", "satisfied");
	visit_h2 = visit(staff[1], hh[2], "2026-12-02", "home", "unsatisfied");
	visit(leaders[0], hh[3], "2026-12-18", "phone", "basic");
	visit(staff[1], hh[6], "2026-11-01", "home", NULL);
	visit(staff[1], hh[7], "2026-01-31", "home", NULL);
	return visit_h1 && visit_h2 ? 0 : -1;
}

static int setup(void)
{
	char err[4096];
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip",
			       "households,requests,partylife,worklists,pairings", NULL };
	int rc = cli_run(binary, db_url, NULL, demo, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "api_visits: demo exit %d: %s\n", rc, err);
		return -1;
	}
	static const struct { const char *name, *role, *division; } users[] = {
		{ "vicounty", "county", COUNTY }, { "vitowna", "township", TOWN_A }, { "vitownb", "township", TOWN_B },
		{ "vicadre", "cadre", TOWN_A },
	};
	struct session *sess[] = { &county, &towna, &townb, &cadre };
	for (size_t i = 0; i < 4; i++)
		if (add_user(users[i].name, users[i].role, users[i].division, err, sizeof(err))) {
			fprintf(stderr, "api_visits: user add %s: %s\n", users[i].name, err);
			return -1;
		}
	snprintf(photo_dir, sizeof(photo_dir), "%s/photos", tmpdir);
	const char *extra[] = { "--photo-dir", photo_dir, NULL };
	if (server_start(&srv, binary, db_url, extra)) {
		fprintf(stderr, "api_visits: the server did not start\n");
		return -1;
	}
	/* 2026-12-31 16:30 UTC: 2027-01-01 00:30 in China */
	server_advance_clock(&srv, (int64_t)1798734600 - ((int64_t)time(NULL) + srv.clock_offset));
	for (size_t i = 0; i < 4; i++)
		if (login(&srv, users[i].name, PW, sess[i]) != 200) {
			fprintf(stderr, "api_visits: %s cannot log in\n", users[i].name);
			return -1;
		}
	json_t *me = get_json(&cadre, "/api/v1/me", 200);
	cadre_user_id = jint(json_object_get(me, "user"), "id") ? jint(json_object_get(me, "user"), "id") : jint(me, "id");
	json_decref(me);
	for (int k = 0; k < 2; k++) {
		staff[k] = nth_id("/api/v1/people?division=" TOWN_A "&cadre_role=township_staff&page_size=5", k);
		leaders[k] = nth_id("/api/v1/people?division=" TOWN_A "&cadre_role=township_leader&page_size=5", k);
	}
	if (!staff[1] || !leaders[1] || !cadre_user_id || plant()) {
		fprintf(stderr, "api_visits: the planted data is incomplete\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "overdue households across month and year ends", test_overdue },
		{ "入户率 and satisfaction by division and helper", test_coverage },
		{ "the visits' figures follow each visit's write", test_coverage_follows_writes },
		{ "reached follows each visit's write, across a month end in China", test_reached_follows_writes },
		{ "a page past the end keeps the lists' totals", test_pages_past_the_end },
		{ "户户走到 campaigns and their progress", test_campaigns },
		{ "a cadre's own areas and teams", test_cadre_areas_teams },
		{ "visit photos", test_photos },
		{ "overdue by each helper's duty", test_overdue_by_helper },
		{ "leaders' visits in the weekly and monthly bulletins", test_leader_visits },
		{ "a helper's kept last visit follows each visit's write", test_kept_last_visit },
		{ "a household's kept last visits follow each visit's write", test_household_last_visits },
	};
	const struct api_program p = { "api_visits", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
