/*
 * gen.h - the demo generator's shared context, internal to src/demo/: the
 * county being built (its townships, villages, grids and units, as the
 * earlier steps left them), the running step's random stream, the run's
 * arena, and the helpers and row writers the steps share.
 */
#ifndef LIANXIN_DEMO_GEN_H
#define LIANXIN_DEMO_GEN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/fieldcrypt.h"
#include "db/db.h"
#include "demo/demo.h"
#include "demo/names.h"
#include "demo/profiles.h"
#include "demo/rng.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))
#define PEOPLE_CAP 15000        /* at most this many people per county, unless a profile fixes more */
#define HOUR 3600
#define DAY 86400

/* The year of the requests: the 365
 * days up to the build day, as they stand at its 00:00 CST (c->asof, the demo context c in scope):
 * the same seed and build day give the same rows. */
#define RQ_DAYS 365
#define RQ_FROM (c->asof - (int64_t)RQ_DAYS * DAY)
#define RQ_ASOF (c->asof)

struct township {
	char code[16], name[128];
	int64_t org_id, organ_org_id;
	int v0, nv;            /* its villages: vil[v0 .. v0+nv) */
	int theme_day;
};

struct village {
	char code[16], name[128], short_name[128];
	int township;
	bool rural, poor, both_roles, general, demonstration, weak;
	int households, population, next_group;
	int g0, ng;            /* its grids: grid[g0 .. g0+ng) */
	int64_t org_id, subs[3];
	int nsubs;
	int first_secretaries;
};

struct grid {
	char code[16];
	int village;
};

struct unit {
	int64_t id, org_id;
	char name[160];
	const char *kind;
};

struct idlist {
	int64_t *v;
	int n, cap;
};

/* One run: what the earlier steps left for the later ones. */
struct demo_ctx {
	struct db *db;
	FILE *err;
	const struct demo_profile *p;
	struct demo_profile scaled;   /* the profile times --scale, when scaled (p points here) */
	int visit_days;        /* the days of visits before the build day (90, times --scale) */
	int hh_cap;            /* the households of the registry at most (HH_CAP, times --scale) */
	struct demo_stats *st;
	uint64_t seed;
	struct demo_rng rng;    /* the running step's stream */
	struct arena *arena;    /* the run's transient memory, freed when it ends */
	int64_t now;            /* the build day's start (00:00 CST): every row's created/updated stamp */
	int64_t asof;           /* the same instant: the county's activity runs up to it */
	int today_y, today_m, today_d;   /* the build day */
	bool western;
	char county[8], county_name[128], common_name[64], short_name[64];
	char province_name[128], city_name[128];
	struct township *tw;
	int ntw;
	struct village *vil;
	int nvil;
	struct grid *grid;
	int ngrid;
	struct unit *unit;
	int nunit;
	int64_t county_org, organs_org, nonpublic_org, county_secretary;
	uint64_t *ids;         /* birth date * 1000 + sequence of every id number in use */
	size_t ids_cap, ids_n;
	int target_members;
	struct idlist young, villagers, talents;
};

/* ---- small helpers (gen.c) ------------------------------------------------------ */

__attribute__((format(printf, 3, 4))) static inline void fmt(char *out, size_t n, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(out, n, f, ap);
	va_end(ap);
}

static inline bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static inline void date_str(char out[11], int y, int m, int d)
{
	fmt(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

static inline int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : days[m - 1];
}

/* The number written by the (at most n) digits s starts with, 0 when none: a
 * field of a date "YYYY-MM-DD" (year: date_field(s, 4), month: date_field(s + 5, 2)). */
static inline int date_field(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Report a database error of the step on c->err: -1. */
static inline int fail(struct demo_ctx *c, const char *what)
{
	fprintf(c->err, "demo: %s: %s\n", what, db_errmsg(c->db));
	return -1;
}

extern const char *const cn_numbers[10];   /* 一 .. 十 */

/* n zeroed elements of size bytes from the run's arena: freed together when the run ends. */
static inline void *gen_calloc(struct demo_ctx *c, size_t n, size_t size)
{
	return arena_zalloc(c->arena, n * size);
}

void push_id(struct idlist *l, int64_t id);
/* Replace '@' by the county, '#' by the province and '%' by the city. */
void expand_name(const struct demo_ctx *c, const char *tmpl, char *out, size_t n);
void random_date(struct demo_ctx *c, int y_lo, int y_hi, char out[11]);
/* Seconds since the epoch of a day in China (10:00 local). */
int64_t epoch_of(int y, int m, int d);
int village_of(const struct demo_ctx *c, const char *division);
int township_of(const struct demo_ctx *c, const char *division);
/* Bind id, or NULL when it is not positive. */
int bind_id(struct db_stmt *q, int idx, int64_t id);
/* CST days: the day number of a date, the time of minute minutes of a day, the day of a time,
 * its ISO weekday (1 Monday .. 7 Sunday), and the date of a day number. */
int64_t pl_day_of(int y, int m, int d);
int64_t pl_time(int64_t day, int minutes);
int64_t pl_day(int64_t t);
int pl_weekday(int64_t day);
void pl_civil(int64_t day, int *y, int *m, int *d);
/* Run an INSERT ... RETURNING id prepared in q (finalized here). */
int returning_id(struct demo_ctx *c, struct db_stmt *q, int rc, int64_t *id, const char *what);

/* Ids of a table reserved ID_CHUNK at a time (rows written in batches with their ids known); the
 * unused ones given back by id_return at the end of the step, so that the ids are those one
 * INSERT a row would have taken. */
#define ID_CHUNK 1024
struct id_pool {
	const char *table;
	int64_t ids[ID_CHUNK];
	int used, n;
};
int id_next(struct demo_ctx *c, struct id_pool *p, int64_t *id);
int id_return(struct demo_ctx *c, struct id_pool *p);
/* Villages by households, the largest first (qsort_r over indices, vil the villages). */
int by_households_desc(const void *a, const void *b, void *vil);
/* A sending unit, most often a county organ. */
const struct unit *pick_unit(struct demo_ctx *c);

/* ---- organisations and people (records.c) --------------------------------------- */

struct org_new {
	const char *name, *type, *division, *note;
	int64_t parent_id;
	int founded_lo, founded_hi, theme_day;
	bool demonstration, weak;
};

int org_add(struct demo_ctx *c, const struct org_new *o, int64_t *id);
int set_secretary(struct demo_ctx *c, int64_t org, int64_t person);

enum edu { EDU_HIGH, EDU_STAFF, EDU_VILLAGE, EDU_RURAL };

struct person_new {
	const char *division, *role, *position, *note;
	int64_t unit_id, org_id;
	int by_lo, by_hi;          /* birth years */
	int male_permille;
	int member_permille;       /* chance of party membership */
	int league_permille;       /* of the others, chance of league membership */
	enum edu edu;
	bool flowing_out_possible, wealth, talent;
};

struct person_out {
	int64_t id;
	bool member;
	int birth_year;
};

/* Remember an identity number (birth date * 1000 + sequence): false when it is in use. */
bool ids_insert(struct demo_ctx *c, uint64_t key);
/* A fresh identity number of this county for someone born in [by_lo, by_hi]. */
void make_id_number(struct demo_ctx *c, int by_lo, int by_hi, bool male, char id[19], char birth[11]);
void make_phone(struct demo_ctx *c, char out[12]);
/* Personal data is stored sealed (db/at_rest.h): v sealed for the column
 * "table.column" into out, or NULL for NULL or ""; the keyed hash of an ID
 * number or phone (domain "id_number" / "phone") into out, or NULL. */
#define DEMO_SEALED 192
const char *demo_seal(const char *ad, const char *v, char out[DEMO_SEALED]);
const char *demo_hash(const char *domain, const char *v, char out[FIELDCRYPT_HASH_LEN]);
const char *pick_ethnicity(struct demo_ctx *c);
void make_name(struct demo_ctx *c, const char *ethnicity, bool male, char *out, size_t n);
int person_add(struct demo_ctx *c, const struct person_new *p, struct person_out *out);

/* ---- the steps, in their order (the table in demo.c) ---------------------------- */

int gen_divisions(struct demo_ctx *c);
int gen_grids(struct demo_ctx *c);
int gen_orgs(struct demo_ctx *c);
int gen_units(struct demo_ctx *c);
int gen_party_groups(struct demo_ctx *c);
int gen_cadres(struct demo_ctx *c);
int gen_resident(struct demo_ctx *c);
int gen_grid_staff(struct demo_ctx *c);
int gen_members(struct demo_ctx *c);
int gen_flags(struct demo_ctx *c);
int gen_households(struct demo_ctx *c);
int gen_requests(struct demo_ctx *c);
int gen_partylife(struct demo_ctx *c);
int gen_worklists(struct demo_ctx *c);
int gen_procedures(struct demo_ctx *c);   /* step_procedures.c */
int gen_pairings(struct demo_ctx *c);
int gen_command(struct demo_ctx *c);   /* step_command.c */

#endif
