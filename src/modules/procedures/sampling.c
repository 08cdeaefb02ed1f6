/*
 * sampling.c - sampling audits (抽查, cross-checks, third-party assessment):
 * a reproducible random sample of a subtree's households, stratified by
 * township and drawn separately among registered, exited and unregistered
 * households (the same seed gives the same sample); the field findings per
 * household; and 两率一度 from them: 错退率 (wrongly exited among the sampled
 * exited), 漏评率 (should be in among the sampled unregistered), 错评率 (wrongly
 * in among the sampled registered) and 群众认可度 (recognition among those
 * asked), by households with a 95 % Wilson interval and by people, per
 * township and for the whole sample.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/listing.h"
#include "modules/procedures/procedures.h"
#include "modules/procedures/procedures_internal.h"
#include "modules/registry/registry.h"

#define SAMPLE_MAX 5000

static const struct group {
	const char *code, *zh, *statuses;
} groups[] = {
	{ "registered", "未脱贫户", "'poor', 'relapsed'" },
	{ "exited", "已脱贫户", "'exited', 'exited_enjoying'" },
	{ "unregistered", "非建档立卡户", "'not_registered'" },
};
#define NGROUPS 3

const char *sampling_group_zh(const char *code)
{
	for (int g = 0; g < NGROUPS; g++)
		if (!strcmp(groups[g].code, code))
			return groups[g].zh;
	return NULL;
}

/* splitmix64: the sample's random stream (seeded by the sampling's seed, the township and the group). */
static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t stream_seed(uint64_t seed, const char *township, int group)
{
	uint64_t h = 1469598103934665603ull ^ seed;   /* FNV-1a over the township code */
	for (const char *p = township; *p; p++)
		h = (h ^ (uint8_t)*p) * 1099511628211ull;
	return h ^ ((uint64_t)group << 56);
}

struct stratum {
	char township[16];
	int64_t *ids;
	int n, cap, take;
	double quota;
};

/* The households of one group under division, by township (ids ascending). */
static int load_strata(struct db *db, struct arena *a, const char *division, const struct group *g,
		       struct stratum **out, int *count, int64_t *total)
{
	struct sqlbuf b;
	sqlbuf_init(&b, a);
	sqlbuf_add(&b, arena_printf(a, "SELECT id, substr(division, 1, 9) FROM households WHERE status IN (%s) AND ",
				    g->statuses));
	sqlbuf_subtree(&b, "division", division);
	sqlbuf_add(&b, " ORDER BY substr(division, 1, 9), id");
	struct db_stmt *q = sqlbuf_query(db, &b);
	*out = NULL;
	*count = 0;
	if (q == NULL)
		return DB_ERROR;
	struct stratum *s = NULL;
	int n = 0, rc;
	*total = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		const char *t = db_column_text(q, 1);
		if (n == 0 || strcmp(s[n - 1].township, t)) {
			s = realloc(s, (size_t)(n + 1) * sizeof(*s));
			memset(&s[n], 0, sizeof(*s));
			snprintf(s[n].township, sizeof(s[n].township), "%s", t);
			n++;
		}
		struct stratum *cur = &s[n - 1];
		if (cur->n == cur->cap) {
			cur->cap = cur->cap ? 2 * cur->cap : 256;
			cur->ids = realloc(cur->ids, (size_t)cur->cap * sizeof(int64_t));
		}
		cur->ids[cur->n++] = db_column_int(q, 0);
		(*total)++;
	}
	db_finalize(q);
	*out = s;
	*count = n;
	return rc == DB_DONE ? DB_OK : rc;
}

static void free_strata(struct stratum *s, int n)
{
	for (int i = 0; i < n; i++)
		free(s[i].ids);
	free(s);
}

/* want households of the group in proportion to each township's count (largest remainder), each
 * township's share drawn by a partial Fisher-Yates shuffle of its own stream. */
static int draw_group(struct db *db, struct arena *a, int64_t sampling, uint64_t seed, const char *division, int gi,
		      int64_t want)
{
	struct stratum *s = NULL;
	int n = 0;
	int64_t total = 0;
	int rc = load_strata(db, a, division, &groups[gi], &s, &n, &total);
	if (rc != DB_OK || total == 0) {
		free_strata(s, n);
		return rc;
	}
	if (want > total)
		want = total;
	int64_t given = 0;
	for (int i = 0; i < n; i++) {
		s[i].quota = (double)want * s[i].n / (double)total;
		s[i].take = (int)s[i].quota;
		given += s[i].take;
	}
	while (given < want) {   /* the largest remainders take one more each */
		int best = -1;
		for (int i = 0; i < n; i++)
			if (s[i].take < s[i].n && (best < 0 || s[i].quota - s[i].take > s[best].quota - s[best].take))
				best = i;
		s[best].take++;
		s[best].quota = s[best].take;   /* taken: no remainder left */
		given++;
	}
	for (int i = 0; i < n && rc == DB_OK; i++) {
		uint64_t st = stream_seed(seed, s[i].township, gi);
		for (int k = 0; k < s[i].take && rc == DB_OK; k++) {
			int j = k + (int)(mix(&st) % (uint64_t)(s[i].n - k));
			int64_t t = s[i].ids[k];
			s[i].ids[k] = s[i].ids[j];
			s[i].ids[j] = t;
			rc = db_exec(db, "INSERT INTO sampling_households (sampling_id, household_id, grp, township, people)"
				     " VALUES ($1, $2, $3, $4, (SELECT COUNT(*) FROM members WHERE household_id = $2))", "iitt",
				     sampling, s[i].ids[k], groups[gi].code, s[i].township);
		}
	}
	free_strata(s, n);
	return rc;
}

int sampling_draw(struct db *db, struct arena *a, int64_t sampling, uint64_t seed, const char *division,
		  const int64_t want[3])
{
	int rc = DB_OK;
	for (int g = 0; g < NGROUPS && rc == DB_OK; g++)
		rc = draw_group(db, a, sampling, seed, division, g, want[g]);
	return rc;
}

/* ---- figures ---------------------------------------------------------------------- */

/* A rate x of n with its 95 % Wilson interval, and by people xp of np. */
static json_t *rate_json(int64_t x, int64_t n, int64_t xp, int64_t np)
{
	if (n == 0)
		return json_pack("{s:I, s:I, s:n, s:n, s:n, s:n}", "count", (json_int_t)x, "of", (json_int_t)n, "rate", "low",
				 "high", "people_rate");
	const double z = 1.959964, p = (double)x / (double)n, z2n = z * z / (double)n;
	double center = (p + z2n / 2) / (1 + z2n), half = z * sqrt(p * (1 - p) / (double)n + z2n / (4.0 * (double)n)) / (1 + z2n);
	double lo = center - half < 0 ? 0 : center - half, hi = center + half > 1 ? 1 : center + half;
	return json_pack("{s:I, s:I, s:f, s:f, s:f, s:o}", "count", (json_int_t)x, "of", (json_int_t)n, "rate",
			 round(1000 * p) / 10, "low", round(1000 * lo) / 10, "high", round(1000 * hi) / 10, "people_rate",
			 np ? json_real(round(1000.0 * (double)xp / (double)np) / 10) : json_null());
}

#define FIGURE_COLUMNS                                                                                               \
	"COUNT(*), SUM(CASE WHEN grp = 'registered' THEN 1 ELSE 0 END),"                                            \
	" SUM(CASE WHEN grp = 'exited' THEN 1 ELSE 0 END), SUM(CASE WHEN grp = 'unregistered' THEN 1 ELSE 0 END),"   \
	" SUM(CASE WHEN surveyed_at IS NOT NULL THEN 1 ELSE 0 END),"                                                 \
	" SUM(CASE WHEN grp = 'exited' AND rightly_exited IS NOT NULL THEN 1 ELSE 0 END),"                           \
	" SUM(CASE WHEN grp = 'exited' AND rightly_exited = 0 THEN 1 ELSE 0 END),"                                    \
	" SUM(CASE WHEN grp = 'exited' AND rightly_exited IS NOT NULL THEN people ELSE 0 END),"                      \
	" SUM(CASE WHEN grp = 'exited' AND rightly_exited = 0 THEN people ELSE 0 END),"                               \
	" SUM(CASE WHEN grp = 'unregistered' AND should_be_in IS NOT NULL THEN 1 ELSE 0 END),"                       \
	" SUM(CASE WHEN grp = 'unregistered' AND should_be_in = 1 THEN 1 ELSE 0 END),"                                \
	" SUM(CASE WHEN grp = 'unregistered' AND should_be_in IS NOT NULL THEN people ELSE 0 END),"                  \
	" SUM(CASE WHEN grp = 'unregistered' AND should_be_in = 1 THEN people ELSE 0 END),"                           \
	" SUM(CASE WHEN grp = 'registered' AND rightly_identified IS NOT NULL THEN 1 ELSE 0 END),"                   \
	" SUM(CASE WHEN grp = 'registered' AND rightly_identified = 0 THEN 1 ELSE 0 END),"                            \
	" SUM(CASE WHEN grp = 'registered' AND rightly_identified IS NOT NULL THEN people ELSE 0 END),"              \
	" SUM(CASE WHEN grp = 'registered' AND rightly_identified = 0 THEN people ELSE 0 END),"                       \
	" SUM(CASE WHEN recognises IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN recognises = 1 THEN 1 ELSE 0 END),"  \
	" SUM(CASE WHEN recognises IS NOT NULL THEN people ELSE 0 END),"                                              \
	" SUM(CASE WHEN recognises = 1 THEN people ELSE 0 END)"

static json_t *figures_json(struct db_stmt *q, int first)
{
	int64_t v[21];
	for (int i = 0; i < 21; i++)
		v[i] = db_column_int(q, first + i);
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "sampled", (json_int_t)v[0], "registered",
			 (json_int_t)v[1], "exited", (json_int_t)v[2], "unregistered", (json_int_t)v[3], "surveyed",
			 (json_int_t)v[4], "wrong_exit", rate_json(v[6], v[5], v[8], v[7]), "missed",
			 rate_json(v[10], v[9], v[12], v[11]), "wrong_inclusion", rate_json(v[14], v[13], v[16], v[15]),
			 "recognition", rate_json(v[18], v[17], v[20], v[19]));
}

/* A sampling's row of the grouped query (place_records.c): its columns and its figures. */
static json_t *sampling_row(struct req *r, struct db_stmt *q)
{
	(void)r;
	char at[21];
	clock_format_iso(db_column_int(q, 5), at);
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:o}", "id", (json_int_t)db_column_int(q, 0), "name",
			 db_column_text(q, 1), "division", db_column_text(q, 2), "year", (json_int_t)db_column_int(q, 3),
			 "seed", (json_int_t)db_column_int(q, 4), "created_at", at, "figures", figures_json(q, 6));
}

/* A sample is the county's (or township's) own: a third party's check, not worked by those below. */
static const struct place_record samplings = {
	.table = "samplings", .alias = "s", .entity = "sampling", .reaches = false,
	.columns = "s.id, s.name, s.division, s.year, s.seed, s.created_at, " FIGURE_COLUMNS,
	.rows = " LEFT JOIN sampling_households h ON h.sampling_id = s.id",
	.group = "s.id, s.name, s.division, s.year, s.seed, s.created_at",
	.json = sampling_row,
};

static json_t *sampling_json(struct req *r, int64_t id)
{
	return place_record_json(r, &samplings, id);
}

static int sampling_in_scope(struct req *r, int64_t id, const char **division)
{
	return place_row_in_scope(r, samplings.table, samplings.entity, id, samplings.reaches, division);
}

/* The keys of samplings_create's body (also the route's documented fields, app/routes.c). */
const char *const samplings_create_fields[] = { "name", "division", "year", "seed", "registered", "exited", "unregistered", NULL };

/* Body {name, division, year, seed, registered, exited, unregistered}: the sample is drawn at once. */
int samplings_create(struct req *r)
{
	const char *name, *division;
	int64_t year, seed, want[NGROUPS];
	int st = body_object(r, samplings_create_fields);
	if (!st)
		st = body_string(r, "name", true, 200, &name);
	if (!st)
		st = body_string(r, "division", true, 15, &division);
	if (!st)
		st = body_int(r, "year", true, REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year, NULL);
	if (!st)
		st = body_int(r, "seed", true, 0, INT32_MAX, &seed, NULL);
	for (int g = 0; g < NGROUPS && !st; g++)
		st = body_int(r, groups[g].code, true, 0, SAMPLE_MAX, &want[g], NULL);
	if (st)
		return st;
	if (division_level(division) == DIV_INVALID || strlen(division) < 6 || !scope_allows(r->user, division))
		return reply_error_msg(r, ERR_VALIDATION, "抽查范围应为您管辖范围内的县或乡镇", "The sample's place is a county or"
				       " township in your scope", "division");
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t id = 0;
	int rc = db_query_int(r->db, &id, "INSERT INTO samplings (name, division, year, seed, created_by, created_at)"
			      " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", "ttiiii", name, division, year, seed,
			      r->user->id, clock_now());
	rc = rc == DB_ROW ? sampling_draw(r->db, r->arena, id, (uint64_t)seed, division, want) : DB_ERROR;
	json_t *after = rc == DB_OK ? sampling_json(r, id) : NULL;
	struct audit_entry e = { .action = "create", .entity = "sampling",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)id), .division = division,
				 .after = after };
	st = audit_commit_reply(r, after ? DB_OK : DB_ERROR, &e);
	if (st) {
		json_decref(after);
		return st;
	}
	return reply_json(r, 201, after);
}

int samplings_list(struct req *r)
{
	return place_record_list(r, &samplings);
}

/* The sampling with its figures for the whole sample and per township. */
int samplings_get(struct req *r)
{
	int64_t id;
	json_t *o;
	int st = place_record_get(r, &samplings, &id, &o);
	if (st)
		return st;
	json_t *towns = json_array();
	struct db_stmt *q = db_query(r->db, "SELECT h.township, d.name, " FIGURE_COLUMNS " FROM sampling_households h"
				     " LEFT JOIN divisions d ON d.code = h.township WHERE h.sampling_id = $1"
				     " GROUP BY h.township, d.name ORDER BY h.township", "i", id);
	while (q && db_step(q) == DB_ROW)
		json_array_append_new(towns, json_pack("{s:s, s:s?, s:o}", "township", db_column_text(q, 0), "name",
						       db_column_text(q, 1), "figures", figures_json(q, 2)));
	db_finalize(q);
	json_object_set_new(o, "townships", towns);
	return reply_json(r, 200, o);
}

/* ---- the sample sheet and its findings ------------------------------------------------ */

static int sheet_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	const int64_t *id = ctx;
	sqlbuf_add(b, " FROM sampling_households s JOIN households h ON h.id = s.household_id WHERE s.sampling_id = ");
	sqlbuf_int(b, *id);
	const char *grp = req_query(r, "group"), *town = req_query(r, "township");
	if (grp && *grp) {
		sqlbuf_add(b, " AND s.grp = ");
		sqlbuf_text(b, grp);
	}
	if (town && *town) {
		sqlbuf_add(b, " AND s.township = ");
		sqlbuf_text(b, town);
	}
	return 0;
}

static json_t *opt_bool(struct db_stmt *q, int col)
{
	return db_column_is_null(q, col) ? json_null() : json_boolean(db_column_int(q, col) != 0);
}

static json_t *sheet_row(struct req *r, struct db_stmt *q, const void *ctx)
{
	(void)r;
	(void)ctx;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "household_id", (json_int_t)db_column_int(q, 0),
			      "household_no", db_column_text(q, 1), "head_name", db_column_text(q, 2), "division",
			      db_column_text(q, 3), "group", db_column_text(q, 4), "township", db_column_text(q, 5), "people",
			      (json_int_t)db_column_int(q, 6));
	json_object_set_new(o, "rightly_identified", opt_bool(q, 7));
	json_object_set_new(o, "rightly_exited", opt_bool(q, 8));
	json_object_set_new(o, "should_be_in", opt_bool(q, 9));
	json_object_set_new(o, "recognises", opt_bool(q, 10));
	json_object_set_new(o, "note", db_column_is_null(q, 11) ? json_null() : json_string(db_column_text(q, 11)));
	return o;
}

int samplings_households(struct req *r)
{
	int64_t *id = arena_alloc(r->arena, sizeof(*id));
	const char *division;
	int st = req_path_id(r, 0, id);
	if (!st)
		st = sampling_in_scope(r, *id, &division);
	if (st)
		return st;
	const struct listing l = { .columns = "s.household_id, h.household_no, h.head_name, h.division, s.grp, s.township,"
					      " s.people, s.rightly_identified, s.rightly_exited, s.should_be_in,"
					      " s.recognises, s.note",
				   .order = "s.township, s.grp, h.household_no", .from = sheet_from, .row = sheet_row,
				   .ctx = id };
	return listing_reply(r, &l);
}

/* The keys of samplings_finding's body (also the route's documented fields, app/routes.c). */
const char *const samplings_finding_fields[] = { "rightly_identified", "rightly_exited", "should_be_in", "recognises", "note", NULL };

/* Body {rightly_identified?, rightly_exited?, should_be_in?, recognises?, note?}: each finding
 * fits the household's group (rightly_exited only for an exited one, ...). */
int samplings_finding(struct req *r)
{
	static const char *const fits[] = { "rightly_identified", "rightly_exited", "should_be_in" };
	int64_t id, household;
	const char *division, *note;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = req_path_id(r, 1, &household);
	if (!st)
		st = body_object(r, samplings_finding_fields);
	if (!st)
		st = body_string(r, "note", false, 2000, &note);
	if (!st)
		st = sampling_in_scope(r, id, &division);
	if (st)
		return st;
	const char *grp = NULL;
	struct db_stmt *q = db_query(r->db, "SELECT grp FROM sampling_households WHERE sampling_id = $1 AND household_id = $2",
				     "ii", id, household);
	if (q && db_step(q) == DB_ROW)
		grp = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	if (grp == NULL)
		return reply_error_msg(r, ERR_NOT_FOUND, "该户不在本次抽查样本中", "The household is not in the sample", NULL);
	int64_t v[4] = { -1, -1, -1, -1 };
	for (int i = 0; i < 4; i++) {
		const char *key = i < 3 ? fits[i] : "recognises";
		bool b, present;
		if ((st = body_bool(r, key, false, &b, &present)))
			return st;
		if (!present)
			continue;
		if (i < 3 && strcmp(grp, groups[i].code))
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "该项只适用于%s", groups[i].zh),
					       arena_printf(r->arena, "This finding is for %s households", groups[i].code), key);
		v[i] = b;
	}
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int rc = db_exec(r->db, "UPDATE sampling_households SET"
			 " rightly_identified = CASE WHEN $1 < 0 THEN rightly_identified ELSE $1 END,"
			 " rightly_exited = CASE WHEN $2 < 0 THEN rightly_exited ELSE $2 END,"
			 " should_be_in = CASE WHEN $3 < 0 THEN should_be_in ELSE $3 END,"
			 " recognises = CASE WHEN $4 < 0 THEN recognises ELSE $4 END,"
			 " note = COALESCE($5, note), surveyed_at = $6, surveyed_by = $7"
			 " WHERE sampling_id = $8 AND household_id = $9", "iiii" "tii" "ii", v[0], v[1], v[2], v[3], note,
			 clock_now(), r->user->id, id, household);
	json_t *after = json_pack("{s:I, s:I, s:s}", "sampling_id", (json_int_t)id, "household_id", (json_int_t)household,
				  "group", grp);
	struct audit_entry e = { .action = "update", .entity = "sampling_finding",
				 .entity_id = arena_printf(r->arena, "%lld/%lld", (long long)id, (long long)household),
				 .division = division, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(after);
	if (st)
		return st;
	return reply_json(r, 200, sampling_json(r, id));
}
