/*
 * demo.c - the demo-county generator (see demo.h).
 *
 * A table of steps, each a generator that writes one kind of row; every
 * step draws from its own random stream (seed, county and step name), so a
 * step added later does not change what the earlier steps produce.  The
 * per-county profiles carry the figures of the seed reports; any other
 * county gets defaults derived from its village count.
 */
#include "demo/demo.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/division.h"
#include "core/idcard.h"
#include "core/mem.h"
#include "core/workdays.h"
#include "modules/org/divisions.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))
#define DEMO_YEAR 2021          /* the data describe the county as of mid-2021 */
#define PEOPLE_CAP 15000        /* at most this many people per county, unless a profile fixes more */
#define MAX_ETHNIC 4
#define MAX_INDUSTRIES 8

enum grid_mode { GRIDS_DEFAULT, GRIDS, GROUPS };

struct ethnic_share {
	const char *code;
	int permille;
};

/* Zero means "derive a default". */
struct demo_profile {
	const char *county, *short_name;        /* "凤庆": the county is "凤庆县" */
	int hh_min, hh_max;                     /* registered households of a rural village */
	enum grid_mode grid_mode;
	int grids, supervisors;                 /* grids (or groups) in all, grid supervisors */
	int total_orgs, party_members;
	int county_leaders, township_cadres;    /* township cadres: leaders and staff together */
	int first_secretaries, resident_team, graduate_officials;
	int poor_villages;
	int units, enterprises, associations, cooperatives;
	int demonstration, weak, wealth_leaders, reserve_cadres, rural_talents;
	int both_roles_permille;                /* villages whose secretary is also the director */
	int theme_day;                          /* one day of the month for every organisation */
	struct ethnic_share ethnic[MAX_ETHNIC];
	const char *industries[MAX_INDUSTRIES];
	int poor_share_lo, poor_share_hi;       /* permille of a poor village's households registered (建档立卡) */
	int other_share_lo, other_share_hi;     /* the same in the other rural villages */
	int line_permille;                      /* the income line against the national one */
	bool provincial_standard;               /* identified by the province's own line */
	int secretaries_trained;                /* person-times of the branch-secretary trainings of the year */
	int family_schools, family_school_sessions;   /* 农村家庭党校 and their sessions a year */
};

static const struct demo_profile profiles[] = {
	{ /* 琼中: 148 grids, 148 grid workers, 13 grid supervisors; 26 demonstration and 11 weak
	   * branches; 283 wealth-creation leaders */
	  .county = "469030", .short_name = "琼中", .hh_min = 250, .hh_max = 800, .grid_mode = GRIDS, .grids = 148,
	  .supervisors = 13, .demonstration = 26, .weak = 11, .wealth_leaders = 283, .both_roles_permille = 500,
	  .ethnic = { { "19", 500 }, { "06", 80 } },
	  .industries = { "橡胶", "槟榔", "绿橙", "灵芝", "蜜蜂养殖", "山鸡养殖", "乡村旅游", "益智种植" } },
	{ /* 凤庆: 160 paired units, 348 first secretaries, 578 resident-team members, 138 graduate
	   * village officials, 62 industry-association branches, 12,592 rural talents (capped); 583
	   * family party schools with a monthly activity day and a quarterly exchange week, 7,996 sessions */
	  .county = "530921", .short_name = "凤庆", .hh_min = 400, .hh_max = 1100, .units = 160,
	  .first_secretaries = 348, .resident_team = 578, .graduate_officials = 138, .associations = 62,
	  .rural_talents = 12592, .family_schools = 583, .family_school_sessions = 7996,
	  .ethnic = { { "07", 150 }, { "14", 20 }, { "06", 10 }, { "03", 5 } },
	  .industries = { "茶叶", "核桃", "烤烟", "畜牧", "蔬菜", "中药材", "乡村旅游" } },
	{ /* 乳源: 438 organisations, 10,721 party members, 90.4% secretary-directors, a reserve pool
	   * of 406, the volunteers' fixed day on the 25th, 580 township cadres */
	  .county = "440232", .short_name = "乳源", .hh_min = 300, .hh_max = 900, .total_orgs = 438,
	  .party_members = 10721, .both_roles_permille = 904, .reserve_cadres = 406, .theme_day = 25,
	  .township_cadres = 580, .ethnic = { { "13", 100 } },
	  /* Guangdong identified by its own, higher line (about 1.3 times the national one):
	   * poor households' per-capita income about 4,000 yuan in 2016, 8,000 in 2018 */
	  .line_permille = 1300, .provincial_standard = true,
	  .industries = { "茶叶", "竹木", "生态旅游", "养蜂", "水果", "食用菌" } },
	{ /* 怀安: villagers' groups as grids; resident work teams */
	  .county = "130728", .short_name = "怀安", .hh_min = 120, .hh_max = 450, .grid_mode = GROUPS,
	  .ethnic = { { "03", 3 }, { "11", 3 } },
	  .industries = { "葡萄", "杂粮", "蔬菜", "肉羊养殖", "光伏", "马铃薯" } },
	{ /* 竹山: 43 county leaders, 239 first secretaries and 426 team cadres, 103 enterprises
	   * paired with 83 poor villages; "group the grid"; 702 branch secretaries trained; weekly
	   * scheduling and monthly bulletins */
	  .county = "420323", .short_name = "竹山", .hh_min = 300, .hh_max = 1000, .grid_mode = GROUPS,
	  .county_leaders = 43, .first_secretaries = 239, .resident_team = 426, .enterprises = 103,
	  .poor_villages = 83, .secretaries_trained = 702, .ethnic = { { "15", 5 } },
	  /* 48,000 of the 100,000+ households visited were registered poor */
	  .poor_share_lo = 650, .poor_share_hi = 750, .other_share_lo = 420, .other_share_hi = 520,
	  .industries = { "绿松石", "茶叶", "中药材", "魔芋", "乡村旅游", "食用菌", "畜牧" } },
};

static const struct demo_profile default_profile = {
	.hh_min = 150, .hh_max = 900, .grid_mode = GRIDS_DEFAULT,
	.industries = { "种植", "养殖", "蔬菜", "水果", "乡村旅游", "中药材" },
};

/* ---- context ------------------------------------------------------------------ */

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

struct demo_ctx {
	struct db *db;
	FILE *err;
	const struct demo_profile *p;
	struct demo_stats *st;
	uint64_t seed;
	uint64_t s[4];         /* xoshiro256** state of the running step */
	int64_t now;
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

/* ---- randomness --------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Start the stream of one step: seed, county and step name. */
static void rng_seed(struct demo_ctx *c, const char *stream)
{
	uint64_t x = fnv1a(fnv1a(0xcbf29ce484222325ULL ^ c->seed, c->county), stream);
	for (int i = 0; i < 4; i++)
		c->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(struct demo_ctx *c)
{
	uint64_t *s = c->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n), n > 0. */
static int rng_below(struct demo_ctx *c, int n)
{
	return n <= 1 ? 0 : (int)(rng_next(c) % (uint64_t)n);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct demo_ctx *c, int lo, int hi)
{
	return hi <= lo ? lo : lo + rng_below(c, hi - lo + 1);
}

static bool rng_permille(struct demo_ctx *c, int permille)
{
	return rng_below(c, 1000) < permille;
}

static const char *pick_weighted(struct demo_ctx *c, const struct demo_weighted *t, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += t[i].w;
	int r = rng_below(c, total);
	for (int i = 0; i < n; i++) {
		if (r < t[i].w)
			return t[i].s;
		r -= t[i].w;
	}
	return t[n - 1].s;
}

/* Mark exactly k of n items (k clamped to n) in chosen[]. */
static void pick_k(struct demo_ctx *c, int n, int k, const int *pool, bool *chosen)
{
	int *idx = xcalloc((size_t)(n > 0 ? n : 1), sizeof(int));
	for (int i = 0; i < n; i++)
		idx[i] = pool ? pool[i] : i;
	if (k > n)
		k = n;
	for (int i = 0; i < k; i++) {
		int j = i + rng_below(c, n - i), t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
		chosen[idx[i]] = true;
	}
	free(idx);
}

/* ---- small helpers ------------------------------------------------------------ */

__attribute__((format(printf, 3, 4))) static void fmt(char *out, size_t n, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(out, n, f, ap);
	va_end(ap);
}

static void push_id(struct idlist *l, int64_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = id;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Replace '@' by the county, '#' by the province and '%' by the city. */
static void expand_name(const struct demo_ctx *c, const char *tmpl, char *out, size_t n)
{
	size_t k = 0;
	out[0] = '\0';
	for (const char *p = tmpl; *p && k + 1 < n; p++) {
		const char *rep = *p == '@' ? c->common_name : *p == '#' ? c->province_name : *p == '%' ? c->city_name : NULL;
		if (rep) {
			size_t m = strlen(rep);
			if (k + m + 1 > n)
				break;
			memcpy(out + k, rep, m);
			k += m;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
}

static const char *const cn_numbers[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

static void date_str(char out[11], int y, int m, int d)
{
	fmt(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : days[m - 1];
}

static void random_date(struct demo_ctx *c, int y_lo, int y_hi, char out[11])
{
	int y = rng_range(c, y_lo, y_hi), m = rng_range(c, 1, 12);
	date_str(out, y, m, rng_range(c, 1, days_in_month(y, m)));
}

static int fail(struct demo_ctx *c, const char *what)
{
	fprintf(c->err, "demo: %s: %s\n", what, db_errmsg(c->db));
	return -1;
}

/* ---- inserts ------------------------------------------------------------------ */

static int bind_id(struct db_stmt *q, int idx, int64_t id)
{
	return id > 0 ? db_bind_int(q, idx, id) : db_bind_null(q, idx);
}

/* Run an INSERT ... RETURNING id prepared in q (finalized here). */
static int returning_id(struct demo_ctx *c, struct db_stmt *q, int rc, int64_t *id, const char *what)
{
	if (rc == DB_OK) {
		rc = db_step(q);
		if (rc == DB_ROW)
			*id = db_column_int(q, 0);
	}
	db_finalize(q);
	return rc == DB_ROW ? 0 : fail(c, what);
}

struct org_new {
	const char *name, *type, *division, *note;
	int64_t parent_id;
	int founded_lo, founded_hi, theme_day;
	bool demonstration, weak;
};

static int org_add(struct demo_ctx *c, const struct org_new *o, int64_t *id)
{
	char founded[11];
	random_date(c, o->founded_lo, o->founded_hi, founded);
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO orgs (name, type, division, parent_id, founded_on, demonstration,"
					      " weak, theme_day, note, created_at, updated_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare orgs");
	int rc = db_bind_text(q, 1, o->name);
	rc = rc ? rc : db_bind_text(q, 2, o->type);
	rc = rc ? rc : db_bind_text(q, 3, o->division);
	rc = rc ? rc : bind_id(q, 4, o->parent_id);
	rc = rc ? rc : db_bind_text(q, 5, founded);
	rc = rc ? rc : db_bind_int(q, 6, o->demonstration);
	rc = rc ? rc : db_bind_int(q, 7, o->weak);
	rc = rc ? rc : bind_id(q, 8, o->theme_day);
	rc = rc ? rc : db_bind_text(q, 9, o->note);
	rc = rc ? rc : db_bind_int(q, 10, c->now);
	if (returning_id(c, q, rc, id, "insert org"))
		return -1;
	c->st->orgs++;
	return 0;
}

static int set_secretary(struct demo_ctx *c, int64_t org, int64_t person)
{
	if (org <= 0 || person <= 0)
		return 0;
	return db_exec(c->db, "UPDATE orgs SET secretary_id = $1 WHERE id = $2", "ii", person, org) == DB_OK
		       ? 0 : fail(c, "set secretary");
}

/* ---- people ------------------------------------------------------------------- */

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

static bool ids_insert(struct demo_ctx *c, uint64_t key)
{
	if ((c->ids_n + 1) * 2 > c->ids_cap) {
		size_t cap = c->ids_cap ? c->ids_cap * 2 : 1 << 15;
		uint64_t *t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < c->ids_cap; i++)
			if (c->ids[i]) {
				size_t j = (size_t)(c->ids[i] * 0x9e3779b97f4a7c15ULL) & (cap - 1);
				while (t[j])
					j = (j + 1) & (cap - 1);
				t[j] = c->ids[i];
			}
		free(c->ids);
		c->ids = t;
		c->ids_cap = cap;
	}
	size_t j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (c->ids_cap - 1);
	while (c->ids[j]) {
		if (c->ids[j] == key)
			return false;
		j = (j + 1) & (c->ids_cap - 1);
	}
	c->ids[j] = key;
	c->ids_n++;
	return true;
}

/* A fresh identity number of this county for someone born in [by_lo, by_hi]. */
static void make_id_number(struct demo_ctx *c, int by_lo, int by_hi, bool male, char id[19], char birth[11])
{
	for (;;) {
		int y = rng_range(c, by_lo, by_hi), m = rng_range(c, 1, 12), d = rng_range(c, 1, days_in_month(y, m));
		int seq = rng_below(c, 500) * 2 + (male ? 1 : 0);
		uint64_t key = ((uint64_t)y * 10000 + (uint64_t)m * 100 + (uint64_t)d) * 1000 + (uint64_t)seq;
		if (!ids_insert(c, key))
			continue;
		fmt(id, 19, "%.6s%04d%02d%02d%03d", c->county, y % 10000, m % 100, d % 100, seq % 1000);
		id[17] = idcard_check_char(id);
		id[18] = '\0';
		date_str(birth, y, m, d);
		return;
	}
}

static void make_phone(struct demo_ctx *c, char out[12])
{
	static const char *const prefixes[] = {
		"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
		"153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185",
		"186", "187", "188", "189", "191", "198", "199",
	};
	fmt(out, 12, "%s%08d", prefixes[rng_below(c, N(prefixes))], rng_below(c, 100000000));
}

static const char *pick_ethnicity(struct demo_ctx *c)
{
	int r = rng_below(c, 1000);
	for (int i = 0; i < MAX_ETHNIC && c->p->ethnic[i].code; i++) {
		if (r < c->p->ethnic[i].permille)
			return c->p->ethnic[i].code;
		r -= c->p->ethnic[i].permille;
	}
	return "01";
}

static void make_name(struct demo_ctx *c, const char *ethnicity, bool male, char *out, size_t n)
{
	int ns, ng, nm;
	const struct demo_weighted *sur = demo_surnames(ethnicity, &ns);
	const char *const *given = demo_given_chars(male ? 0 : 1, &ng);
	const char *const *middle = demo_given_chars(2, &nm);
	const char *s = pick_weighted(c, sur, ns);
	if (rng_permille(c, 700))
		fmt(out, n, "%s%s%s", s, middle[rng_below(c, nm)], given[rng_below(c, ng)]);
	else
		fmt(out, n, "%s%s", s, given[rng_below(c, ng)]);
}

static const char *pick_education(struct demo_ctx *c, enum edu e, int birth_year)
{
	static const struct demo_weighted high[] = {
		{ "bachelor", 60 }, { "postgraduate", 20 }, { "college", 20 } };
	static const struct demo_weighted staff[] = {
		{ "bachelor", 50 }, { "college", 35 }, { "senior", 10 }, { "postgraduate", 5 } };
	static const struct demo_weighted village[] = {
		{ "junior", 30 }, { "senior", 30 }, { "vocational", 15 }, { "college", 20 }, { "bachelor", 5 } };
	static const struct demo_weighted rural_old[] = {
		{ "none", 10 }, { "primary", 45 }, { "junior", 35 }, { "senior", 10 } };
	static const struct demo_weighted rural[] = {
		{ "primary", 5 }, { "junior", 40 }, { "senior", 22 }, { "vocational", 10 }, { "college", 15 },
		{ "bachelor", 8 } };
	switch (e) {
	case EDU_HIGH: return pick_weighted(c, high, N(high));
	case EDU_STAFF: return pick_weighted(c, staff, N(staff));
	case EDU_VILLAGE: return pick_weighted(c, village, N(village));
	default:
		return birth_year < 1965 ? pick_weighted(c, rural_old, N(rural_old)) : pick_weighted(c, rural, N(rural));
	}
}

static int person_add(struct demo_ctx *c, const struct person_new *p, struct person_out *out)
{
	bool male = rng_permille(c, p->male_permille);
	const char *ethnicity = pick_ethnicity(c);
	char name[64], id[19], birth[11], phone[12], joined[11];
	make_name(c, ethnicity, male, name, sizeof(name));
	make_id_number(c, p->by_lo, p->by_hi, male, id, birth);
	make_phone(c, phone);
	int by = atoi(birth);
	bool member = rng_permille(c, p->member_permille);
	const char *status = "masses", *member_status = NULL;
	bool flowing = false;
	if (member) {
		/* probationary members joined in the last year; full members at 19 or later */
		bool probationary = rng_permille(c, 50) || by + 19 > 2019;
		if (probationary) {
			int y = by >= 2002 || rng_permille(c, 500) ? 2021 : 2020;
			int m = y == 2021 ? rng_range(c, 1, 6) : rng_range(c, 7, 12);
			date_str(joined, y, m, rng_range(c, 1, days_in_month(y, m)));
			status = member_status = "probationary";
		} else {
			int hi = by + 55 < 2019 ? by + 55 : 2019;
			random_date(c, by + 19, hi, joined);
			status = "member";
			member_status = "full";
		}
		flowing = p->flowing_out_possible && rng_permille(c, by >= 1975 ? 150 : 10);
	} else if (by >= 1986 && rng_permille(c, p->league_permille)) {
		status = "league";
	}
	struct db_stmt *q = db_prepare(c->db,
		"INSERT INTO people (name, sex, birth_date, id_number, phone, ethnicity, education, division, unit_id,"
		" org_id, political_status, joined_party_on, member_status, flowing_out, cadre_role, position,"
		" reserve_cadre, wealth_leader, rural_talent, note, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0, $17, $18, $19, $20, $20)"
		" RETURNING id");
	if (q == NULL)
		return fail(c, "prepare people");
	int rc = db_bind_text(q, 1, name);
	rc = rc ? rc : db_bind_text(q, 2, male ? "M" : "F");
	rc = rc ? rc : db_bind_text(q, 3, birth);
	rc = rc ? rc : db_bind_text(q, 4, id);
	rc = rc ? rc : db_bind_text(q, 5, phone);
	rc = rc ? rc : db_bind_text(q, 6, ethnicity);
	rc = rc ? rc : db_bind_text(q, 7, pick_education(c, p->edu, by));
	rc = rc ? rc : db_bind_text(q, 8, p->division);
	rc = rc ? rc : bind_id(q, 9, p->unit_id);
	rc = rc ? rc : bind_id(q, 10, member ? p->org_id : 0);
	rc = rc ? rc : db_bind_text(q, 11, status);
	rc = rc ? rc : db_bind_text(q, 12, member ? joined : NULL);
	rc = rc ? rc : db_bind_text(q, 13, member_status);
	rc = rc ? rc : (member ? db_bind_int(q, 14, flowing) : db_bind_null(q, 14));
	rc = rc ? rc : db_bind_text(q, 15, p->role);
	rc = rc ? rc : db_bind_text(q, 16, p->position);
	rc = rc ? rc : db_bind_int(q, 17, p->wealth);
	rc = rc ? rc : db_bind_int(q, 18, p->talent);
	rc = rc ? rc : db_bind_text(q, 19, p->note);
	rc = rc ? rc : db_bind_int(q, 20, c->now);
	int64_t pid = 0;
	if (returning_id(c, q, rc, &pid, "insert person"))
		return -1;
	c->st->people++;
	if (member)
		c->st->party_members++;
	if (p->role)
		c->st->cadres++;
	if (out)
		*out = (struct person_out){ .id = pid, .member = member, .birth_year = by };
	return 0;
}

/* ---- step: divisions ---------------------------------------------------------- */

static void village_short_name(const char *name, char *out, size_t n)
{
	static const struct { const char *suffix, *replacement; } rules[] = {
		{ "村民委员会", "村" }, { "村委会", "村" }, { "社区居民委员会", "社区" }, { "社区居委会", "社区" },
		{ "居民委员会", "社区" }, { "居委会", "社区" },
	};
	for (int i = 0; i < N(rules); i++)
		if (ends_with(name, rules[i].suffix)) {
			fmt(out, n, "%.*s%s", (int)(strlen(name) - strlen(rules[i].suffix)), name, rules[i].replacement);
			return;
		}
	fmt(out, n, "%s", name);
}

static int load_names(struct demo_ctx *c)
{
	struct db_stmt *q = db_query(c->db, "SELECT name, parent_code, western FROM divisions WHERE code = $1", "t",
				     c->county);
	char city[16] = "";
	if (q && db_step(q) == DB_ROW) {
		fmt(c->county_name, sizeof(c->county_name), "%s", db_column_text(q, 0));
		fmt(city, sizeof(city), "%s", db_column_text(q, 1) ? db_column_text(q, 1) : "");
		c->western = db_column_int(q, 2) != 0;
	}
	db_finalize(q);
	if (!*c->county_name) {
		fprintf(c->err, "demo: county %s is not in the divisions table\n", c->county);
		return -1;
	}
	q = db_query(c->db, "SELECT name FROM divisions WHERE code = $1", "t", city);
	if (q && db_step(q) == DB_ROW && !strstr(db_column_text(q, 0), "直辖"))
		fmt(c->city_name, sizeof(c->city_name), "%s", db_column_text(q, 0));
	db_finalize(q);
	char province[3] = { c->county[0], c->county[1], '\0' };
	q = db_query(c->db, "SELECT name FROM divisions WHERE code = $1", "t", province);
	if (q && db_step(q) == DB_ROW)
		fmt(c->province_name, sizeof(c->province_name), "%s", db_column_text(q, 0));
	db_finalize(q);
	if (c->p->short_name) {
		fmt(c->short_name, sizeof(c->short_name), "%s", c->p->short_name);
	} else if (ends_with(c->county_name, "县") && !strstr(c->county_name, "自治")) {
		fmt(c->short_name, sizeof(c->short_name), "%.*s", (int)strlen(c->county_name) - 3, c->county_name);
	} else {
		fmt(c->short_name, sizeof(c->short_name), "%.6s", c->county_name);   /* two CJK characters */
	}
	const char *kind = ends_with(c->county_name, "市") ? "市" : ends_with(c->county_name, "区") ? "区" : "县";
	fmt(c->common_name, sizeof(c->common_name), "%s%s", c->short_name, kind);
	return 0;
}

static int gen_divisions(struct demo_ctx *c)
{
	if (load_names(c))
		return -1;
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(c->county, upper);
	struct db_stmt *q = db_query(c->db, "SELECT code, name FROM divisions WHERE level = 'township' AND code > $1"
					    " AND code < $2 ORDER BY code", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		c->tw = xrealloc(c->tw, (size_t)(c->ntw + 1) * sizeof(*c->tw));
		struct township *t = &c->tw[c->ntw++];
		memset(t, 0, sizeof(*t));
		fmt(t->code, sizeof(t->code), "%s", db_column_text(q, 0));
		fmt(t->name, sizeof(t->name), "%s", db_column_text(q, 1));
	}
	db_finalize(q);
	q = db_query(c->db, "SELECT code, name, type FROM divisions WHERE level = 'village' AND code > $1 AND code < $2"
			    " ORDER BY code", "tt", c->county, upper);
	int t = 0;
	while (q && db_step(q) == DB_ROW) {
		const char *code = db_column_text(q, 0), *type = db_column_text(q, 2);
		while (t < c->ntw && strncmp(c->tw[t].code, code, 9) != 0)
			t++;
		if (t == c->ntw)
			break;   /* a village without its township: the import guarantees it never happens */
		c->vil = xrealloc(c->vil, (size_t)(c->nvil + 1) * sizeof(*c->vil));
		struct village *v = &c->vil[c->nvil];
		memset(v, 0, sizeof(*v));
		fmt(v->code, sizeof(v->code), "%s", code);
		fmt(v->name, sizeof(v->name), "%s", db_column_text(q, 1));
		village_short_name(v->name, v->short_name, sizeof(v->short_name));
		v->township = t;
		v->rural = type && strcmp(type, "village") == 0 && !strstr(v->name, "虚拟");
		if (c->tw[t].nv++ == 0)
			c->tw[t].v0 = c->nvil;
		c->nvil++;
	}
	db_finalize(q);
	if (c->ntw == 0 || c->nvil == 0) {
		fprintf(c->err, "demo: county %s has no townships or villages\n", c->county);
		return -1;
	}
	/* groups and grids that exist already keep their codes */
	q = db_query(c->db, "SELECT parent_code, MAX(code) FROM divisions WHERE level = 'group' AND code > $1"
			    " AND code < $2 GROUP BY parent_code", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW)
		for (int i = 0; i < c->nvil; i++)
			if (strcmp(c->vil[i].code, db_column_text(q, 0)) == 0)
				c->vil[i].next_group = atoi(db_column_text(q, 1) + 12);
	db_finalize(q);

	int *rural = xcalloc((size_t)c->nvil, sizeof(int)), nrural = 0;
	bool *poor = xcalloc((size_t)c->nvil, sizeof(bool));
	for (int i = 0; i < c->nvil; i++)
		if (c->vil[i].rural)
			rural[nrural++] = i;
	int npoor = c->p->poor_villages ? c->p->poor_villages : nrural * rng_range(c, 300, 400) / 1000;
	pick_k(c, nrural, npoor, rural, poor);
	free(rural);

	int64_t county_hh = 0, county_pop = 0;
	for (int ti = 0; ti < c->ntw; ti++) {
		struct township *tw = &c->tw[ti];
		int64_t hh = 0, pop = 0;
		for (int i = tw->v0; i < tw->v0 + tw->nv; i++) {
			struct village *v = &c->vil[i];
			v->poor = poor[i];
			if (v->rural) {
				v->households = rng_range(c, c->p->hh_min, c->p->hh_max);
				v->population = v->households * rng_range(c, 320, 430) / 100;
			} else if (strstr(v->name, "虚拟")) {
				v->households = rng_range(c, 40, 150);
				v->population = v->households * rng_range(c, 250, 330) / 100;
			} else {
				v->households = rng_range(c, 600, 2800);
				v->population = v->households * rng_range(c, 260, 340) / 100;
			}
			hh += v->households;
			pop += v->population;
			if (db_exec(c->db, "UPDATE divisions SET households = $1, population = $2, poor_village = $3,"
					   " updated_at = $4 WHERE code = $5", "iiiit", (int64_t)v->households,
				    (int64_t)v->population, (int64_t)v->poor, c->now, v->code) != DB_OK)
				return free(poor), fail(c, "update village");
		}
		if (db_exec(c->db, "UPDATE divisions SET households = $1, population = $2, updated_at = $3 WHERE code = $4",
			    "iiit", hh, pop, c->now, tw->code) != DB_OK)
			return free(poor), fail(c, "update township");
		county_hh += hh;
		county_pop += pop;
	}
	free(poor);
	/* all five seed counties were poverty counties (乳源 a provincial one) */
	if (db_exec(c->db, "UPDATE divisions SET households = $1, population = $2, poor_county = 1, updated_at = $3"
			   " WHERE code = $4", "iiit", county_hh, county_pop, c->now, c->county) != DB_OK)
		return fail(c, "update county");
	c->st->townships = c->ntw;
	c->st->villages = c->nvil;
	return 0;
}

/* ---- step: grids -------------------------------------------------------------- */

static int by_households_desc(const void *a, const void *b, void *vil)
{
	const struct village *v = vil;
	int x = *(const int *)a, y = *(const int *)b;
	if (v[x].households != v[y].households)
		return v[y].households - v[x].households;
	return x - y;
}

static int gen_grids(struct demo_ctx *c)
{
	int *count = xcalloc((size_t)c->nvil, sizeof(int));
	bool groups = c->p->grid_mode == GROUPS;
	if (c->p->grids > 0) {
		/* a fixed total: one per village, the rest to the largest villages */
		int *order = xcalloc((size_t)c->nvil, sizeof(int));
		for (int i = 0; i < c->nvil; i++)
			order[i] = i;
		qsort_r(order, (size_t)c->nvil, sizeof(int), by_households_desc, c->vil);
		for (int k = 0; k < c->p->grids; k++)
			count[order[k % c->nvil]]++;
		free(order);
	} else {
		for (int i = 0; i < c->nvil; i++) {
			const struct village *v = &c->vil[i];
			if (!v->rural)
				count[i] = strstr(v->name, "虚拟") ? 1 : rng_range(c, 2, 4);
			else if (groups)
				count[i] = v->households / 90 < 4 ? 4 : v->households / 90 > 8 ? 8 : v->households / 90;
			else
				count[i] = v->households < 300 ? 1 : v->households < 600 ? 2 : 3;
		}
	}
	for (int i = 0; i < c->nvil; i++) {
		struct village *v = &c->vil[i];
		v->g0 = c->ngrid;
		v->ng = count[i];
		bool group = groups && v->rural;
		int hh_left = v->households, pop_left = v->population;
		for (int k = 0; k < count[i]; k++) {
			c->grid = xrealloc(c->grid, (size_t)(c->ngrid + 1) * sizeof(*c->grid));
			struct grid *g = &c->grid[c->ngrid++];
			g->village = i;
			int no = v->next_group + k + 1;
			fmt(g->code, sizeof(g->code), "%.12s%03d", v->code, no % 1000);
			char name[192];
			if (group)
				fmt(name, sizeof(name), "%s第%s村民小组", v->short_name, k < 10 ? cn_numbers[k] : "十");
			else
				fmt(name, sizeof(name), "%s第%d网格", v->short_name, k + 1);
			if (group && k >= 10)
				fmt(name, sizeof(name), "%s第%d村民小组", v->short_name, k + 1);
			int left = count[i] - k;
			int hh = left == 1 ? hh_left : hh_left / left + rng_range(c, -hh_left / (left * 8), hh_left / (left * 8));
			int pop = left == 1 ? pop_left : (int)((int64_t)pop_left * hh / (hh_left > 0 ? hh_left : 1));
			hh_left -= hh;
			pop_left -= pop;
			if (db_exec(c->db, "INSERT INTO divisions (code, name, level, parent_code, type, households, population,"
					   " western, created_at, updated_at) VALUES ($1, $2, 'group', $3, $4, $5, $6, $7, $8, $8)",
				    "ttttiiii", g->code, name, v->code, group ? "group" : "grid",
				    (int64_t)hh, (int64_t)pop, (int64_t)c->western, c->now) != DB_OK)
				return free(count), fail(c, "insert grid");
		}
	}
	free(count);
	c->st->grids = c->ngrid;
	return 0;
}

/* ---- step: party organisations ------------------------------------------------ */

static int gen_orgs(struct demo_ctx *c)
{
	char name[256];
	fmt(name, sizeof(name), "中共%s委员会", c->county_name);
	int theme = c->p->theme_day;
	struct org_new o = { .name = name, .type = "county_committee", .division = c->county,
			     .founded_lo = 1949, .founded_hi = 1956, .theme_day = theme,
			     .note = "全县党组织的领导机关；县、乡、村、组四级作战体系的总指挥部" };
	if (org_add(c, &o, &c->county_org))
		return -1;
	fmt(name, sizeof(name), "中共%s直属机关工作委员会", c->common_name);
	o = (struct org_new){ .name = name, .type = "other_branch", .division = c->county, .parent_id = c->county_org,
			      .founded_lo = 1978, .founded_hi = 1990, .theme_day = theme, .note = "县直机关党组织的上级" };
	if (org_add(c, &o, &c->organs_org))
		return -1;
	fmt(name, sizeof(name), "中共%s非公有制经济组织和社会组织工作委员会", c->common_name);
	o = (struct org_new){ .name = name, .type = "other_branch", .division = c->county, .parent_id = c->county_org,
			      .founded_lo = 2012, .founded_hi = 2016, .theme_day = theme, .note = "两新组织党建工作" };
	if (org_add(c, &o, &c->nonpublic_org))
		return -1;

	/* demonstration and weak-and-lax flags go to village-level organisations */
	int nv = c->nvil;
	bool *demo = xcalloc((size_t)nv, sizeof(bool)), *weak = xcalloc((size_t)nv, sizeof(bool));
	pick_k(c, nv, c->p->demonstration ? c->p->demonstration : nv / 10, NULL, demo);
	int *rest = xcalloc((size_t)nv, sizeof(int)), nrest = 0;
	for (int i = 0; i < nv; i++)
		if (!demo[i])
			rest[nrest++] = i;
	pick_k(c, nrest, c->p->weak ? c->p->weak : nv / 20, rest, weak);
	free(rest);

	static const int theme_days[] = { 1, 5, 10, 15, 20 };
	for (int ti = 0; ti < c->ntw; ti++) {
		struct township *t = &c->tw[ti];
		t->theme_day = theme ? theme : theme_days[rng_below(c, N(theme_days))];
		bool subdistrict = ends_with(t->name, "街道");
		fmt(name, sizeof(name), subdistrict ? "中共%s工作委员会" : "中共%s委员会", t->name);
		o = (struct org_new){ .name = name, .type = "township_committee", .division = t->code,
				      .parent_id = c->county_org, .founded_lo = 1956, .founded_hi = 1987,
				      .theme_day = t->theme_day };
		if (org_add(c, &o, &t->org_id))
			goto fail;
		fmt(name, sizeof(name), "%s机关党支部", t->name);
		o = (struct org_new){ .name = name, .type = "organ_branch", .division = t->code, .parent_id = t->org_id,
				      .founded_lo = 1984, .founded_hi = 2000, .theme_day = t->theme_day };
		if (org_add(c, &o, &t->organ_org_id))
			goto fail;
		for (int i = t->v0; i < t->v0 + t->nv; i++) {
			struct village *v = &c->vil[i];
			v->demonstration = demo[i];
			v->weak = weak[i];
			v->general = v->rural ? v->households > 650 : v->population > 4500;
			const char *kind = v->general ? "党总支" : "党支部";
			fmt(name, sizeof(name), "%s%s", v->short_name, kind);
			o = (struct org_new){
				.name = name, .division = v->code, .parent_id = t->org_id,
				.type = v->general ? "general_branch" : v->rural ? "village_branch" : "community_branch",
				.founded_lo = v->rural ? 1950 : 1985, .founded_hi = v->rural ? 1990 : 2012,
				.theme_day = t->theme_day, .demonstration = v->demonstration, .weak = v->weak,
				.note = v->weak ? "软弱涣散党组织：县级领导挂点整顿" : v->demonstration ? "示范党支部" : NULL,
			};
			if (org_add(c, &o, &v->org_id))
				goto fail;
			if (v->general) {
				v->nsubs = rng_range(c, 2, 3);
				for (int k = 0; k < v->nsubs; k++) {
					char sub[256];
					fmt(sub, sizeof(sub), "%s第%s党支部", name, cn_numbers[k]);
					o = (struct org_new){ .name = sub, .type = v->rural ? "village_branch" : "community_branch",
							      .division = v->code, .parent_id = v->org_id, .founded_lo = 1995,
							      .founded_hi = 2015, .theme_day = t->theme_day };
					if (org_add(c, &o, &v->subs[k]))
						goto fail;
				}
			}
		}
	}
	free(demo);
	free(weak);

	/* industry associations (per township and industry) and cooperatives (per village) */
	int nind = 0;
	while (nind < MAX_INDUSTRIES && c->p->industries[nind])
		nind++;
	int nassoc = c->p->associations ? c->p->associations : c->ntw / 2;
	if (nassoc > c->ntw * nind)
		nassoc = c->ntw * nind;
	for (int k = 0; k < nassoc; k++) {
		const struct township *t = &c->tw[k % c->ntw];
		fmt(name, sizeof(name), "%s%s产业协会党支部", t->name, c->p->industries[(k / c->ntw + k) % nind]);
		o = (struct org_new){ .name = name, .type = "association_branch", .division = t->code,
				      .parent_id = t->org_id, .founded_lo = 2010, .founded_hi = 2019,
				      .theme_day = t->theme_day, .note = "行业协会党支部：支部建在产业链上" };
		int64_t id;
		if (org_add(c, &o, &id))
			return -1;
	}
	int *rural = xcalloc((size_t)c->nvil, sizeof(int)), nrural = 0;
	bool *coop = xcalloc((size_t)c->nvil, sizeof(bool));
	for (int i = 0; i < c->nvil; i++)
		if (c->vil[i].rural)
			rural[nrural++] = i;
	pick_k(c, nrural, c->p->cooperatives ? c->p->cooperatives : nrural / 10, rural, coop);
	free(rural);
	for (int i = 0; i < c->nvil; i++) {
		if (!coop[i])
			continue;
		const struct village *v = &c->vil[i];
		fmt(name, sizeof(name), "%s%s专业合作社党支部", v->short_name, c->p->industries[rng_below(c, nind)]);
		o = (struct org_new){ .name = name, .type = "cooperative_branch", .division = v->code,
				      .parent_id = c->tw[v->township].org_id, .founded_lo = 2012, .founded_hi = 2020,
				      .theme_day = c->tw[v->township].theme_day, .note = "合作社党支部：党支部+合作社+农户" };
		int64_t id;
		if (org_add(c, &o, &id)) {
			free(coop);
			return -1;
		}
	}
	free(coop);
	return 0;
fail:
	free(demo);
	free(weak);
	return -1;
}

/* ---- step: units -------------------------------------------------------------- */

static int unit_add(struct demo_ctx *c, const char *name, const char *kind, const char *note)
{
	for (int i = 0; i < c->nunit; i++)
		if (strcmp(c->unit[i].name, name) == 0)
			return 1;   /* already there */
	c->unit = xrealloc(c->unit, (size_t)(c->nunit + 1) * sizeof(*c->unit));
	struct unit *u = &c->unit[c->nunit];
	memset(u, 0, sizeof(*u));
	fmt(u->name, sizeof(u->name), "%s", name);
	u->kind = kind;
	bool organ = !strcmp(kind, "county_organ") || !strcmp(kind, "public_institution");
	bool outside = !strcmp(kind, "provincial") || !strcmp(kind, "city");
	bool school = strstr(name, "中学") || strstr(name, "学校") || strstr(name, "党校");
	char branch[256];
	fmt(branch, sizeof(branch), "%s%s", name, organ || outside ? "机关党支部" : "党支部");
	if (school || !strcmp(kind, "public_institution"))
		fmt(branch, sizeof(branch), "%s党支部", name);
	struct org_new o = {
		.name = branch, .division = c->county,
		.type = school ? "school_branch" : organ || outside ? "organ_branch" : "enterprise_branch",
		.parent_id = outside ? 0 : organ ? c->organs_org : c->nonpublic_org,
		.founded_lo = organ || outside ? 1980 : 2000, .founded_hi = organ || outside ? 2005 : 2019,
		.theme_day = c->p->theme_day ? c->p->theme_day : 1,
		.note = outside ? "派驻帮扶单位的党组织，组织关系在上级机关" : NULL,
	};
	if (org_add(c, &o, &u->org_id))
		return -1;
	char contact[64], phone[12];
	make_name(c, pick_ethnicity(c), rng_permille(c, 650), contact, sizeof(contact));
	make_phone(c, phone);
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO units (name, kind, division, org_id, contact_name,"
					      " contact_phone, note, created_at, updated_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare units");
	int rc = db_bind_text(q, 1, name);
	rc = rc ? rc : db_bind_text(q, 2, kind);
	rc = rc ? rc : db_bind_text(q, 3, c->county);
	rc = rc ? rc : db_bind_int(q, 4, u->org_id);
	rc = rc ? rc : db_bind_text(q, 5, contact);
	rc = rc ? rc : db_bind_text(q, 6, phone);
	rc = rc ? rc : db_bind_text(q, 7, note);
	rc = rc ? rc : db_bind_int(q, 8, c->now);
	if (returning_id(c, q, rc, &u->id, "insert unit"))
		return -1;
	c->nunit++;
	c->st->units++;
	return 0;
}

static int gen_units(struct demo_ctx *c)
{
	char name[256], note[256];
	int n_organs = demo_county_organs_count, n_public = demo_public_institutions_count;
	int n_prov = *c->city_name ? 6 : 12, n_city = *c->city_name ? 8 : 0, n_soe = 10;
	if (n_prov > demo_provincial_units_count)
		n_prov = demo_provincial_units_count;
	int fixed = n_organs + n_public + n_prov + n_city + n_soe;
	int n_private = c->nvil / 6 > 5 ? c->nvil / 6 : 5;
	if (c->p->enterprises)
		n_private = c->p->enterprises - n_soe;
	if (c->p->units)
		n_private = c->p->units - fixed;
	if (n_private < 0)
		n_private = 0;

	/* enterprises are paired with poor villages (村企共建) */
	int *poor = xcalloc((size_t)c->nvil, sizeof(int)), npoor = 0, next_poor = 0;
	for (int i = 0; i < c->nvil; i++)
		if (c->vil[i].poor)
			poor[npoor++] = i;
#define PAIRED(buf) (npoor ? (fmt(buf, sizeof(buf), "村企共建：结对帮扶%s", c->vil[poor[next_poor++ % npoor]].short_name), buf) : NULL)
	int rc = 0;
	for (int i = 0; i < n_organs && rc >= 0; i++) {
		expand_name(c, demo_county_organs[i], name, sizeof(name));
		rc = unit_add(c, name, "county_organ", NULL);
	}
	for (int i = 0; i < n_public && rc >= 0; i++) {
		expand_name(c, demo_public_institutions[i], name, sizeof(name));
		rc = unit_add(c, name, "public_institution", NULL);
	}
	for (int i = 0; i < n_prov && rc >= 0; i++) {
		expand_name(c, demo_provincial_units[i], name, sizeof(name));
		rc = unit_add(c, name, "provincial", "省直定点帮扶单位");
	}
	for (int i = 0; i < n_city && rc >= 0; i++) {
		expand_name(c, demo_city_units[i], name, sizeof(name));
		rc = unit_add(c, name, "city", "市直定点帮扶单位");
	}
	for (int i = 0; i < n_soe && i < demo_soes_count && rc >= 0; i++) {
		expand_name(c, demo_soes[i], name, sizeof(name));
		rc = unit_add(c, name, "soe", PAIRED(note));
	}
	int nind = 0;
	while (nind < MAX_INDUSTRIES && c->p->industries[nind])
		nind++;
	for (int made = 0, tries = 0; made < n_private && rc >= 0 && tries < 100000; tries++) {
		const char *brand = demo_brands[rng_below(c, demo_brands_count)];
		const char *industry = rng_permille(c, 500) ? c->p->industries[rng_below(c, nind)]
							   : demo_industries[rng_below(c, demo_industries_count)];
		const char *form = rng_permille(c, 800) ? "有限公司" : "开发有限公司";
		fmt(name, sizeof(name), "%s%s%s%s", c->common_name, brand, industry, form);
		rc = unit_add(c, name, "private", PAIRED(note));
		if (rc == 0)
			made++;
		else if (rc == 1)
			rc = 0;
	}
#undef PAIRED
	free(poor);
	return rc < 0 ? -1 : 0;
}

/* ---- step: party groups ------------------------------------------------------- */

/* Party groups below village branches: the profile's total of organisations
 * when it has one, otherwise about one per 800 villagers. */
static int gen_party_groups(struct demo_ctx *c)
{
	int want = 0;
	int *per = xcalloc((size_t)c->nvil, sizeof(int));
	if (c->p->total_orgs) {
		want = c->p->total_orgs - c->st->orgs;
		if (want < 0) {
			free(per);
			fprintf(c->err, "demo: the county has %d organisations before party groups, more than %d\n",
				c->st->orgs, c->p->total_orgs);
			return -1;
		}
		int *order = xcalloc((size_t)c->nvil, sizeof(int));
		for (int i = 0; i < c->nvil; i++)
			order[i] = i;
		qsort_r(order, (size_t)c->nvil, sizeof(int), by_households_desc, c->vil);
		for (int k = 0; k < want; k++)
			per[order[k % c->nvil]]++;
		free(order);
	} else {
		for (int i = 0; i < c->nvil; i++)
			if (c->vil[i].rural && !c->vil[i].general)
				per[i] = c->vil[i].population / 800 > 4 ? 4 : c->vil[i].population / 800;
	}
	for (int i = 0; i < c->nvil; i++) {
		const struct village *v = &c->vil[i];
		for (int k = 0; k < per[i]; k++) {
			/* below a general branch the groups belong to its branches in turn */
			int64_t parent = v->nsubs ? v->subs[k % v->nsubs] : v->org_id;
			char name[256];
			if (v->nsubs)
				fmt(name, sizeof(name), "%s党总支第%s党支部第%d党小组", v->short_name, cn_numbers[k % v->nsubs],
				    k / v->nsubs + 1);
			else
				fmt(name, sizeof(name), "%s党支部第%d党小组", v->short_name, k + 1);
			struct org_new o = { .name = name, .type = "party_group", .division = v->code, .parent_id = parent,
					     .founded_lo = 1995, .founded_hi = 2019,
					     .theme_day = c->tw[v->township].theme_day };
			int64_t id;
			if (org_add(c, &o, &id)) {
				free(per);
				return -1;
			}
		}
	}
	free(per);
	return 0;
}

/* ---- step: cadres ------------------------------------------------------------- */

static int gen_county_leaders(struct demo_ctx *c)
{
	static const char *const top[] = {
		"县委书记", "县委副书记、县长", "县委副书记", "县人大常委会主任", "县政协主席", "县委常委、常务副县长",
		"县委常委、组织部部长", "县委常委、宣传部部长", "县委常委、纪委书记、监委主任", "县委常委、政法委书记",
		"县委常委、统战部部长", "县委常委、县委办公室主任", "县委常委、人武部政委", "县委常委、副县长",
		"县人民法院院长", "县人民检察院检察长",
	};
	static const char *const more[] = { "副县长", "县人大常委会副主任", "县政协副主席" };
	int n = c->p->county_leaders ? c->p->county_leaders : 30;
	for (int i = 0; i < n; i++) {
		char pos[128];
		fmt(pos, sizeof(pos), "%s", i < N(top) ? top[i] : more[(i - N(top)) % N(more)]);
		struct person_new p = { .division = c->county, .role = "county_leader", .position = pos,
					.org_id = c->county_org, .by_lo = 1962, .by_hi = 1978, .male_permille = 850,
					.member_permille = i < N(top) - 2 || strstr(pos, "副县长") ? 1000 : 800,
					.edu = EDU_HIGH,
					.note = i < 4 ? "挂点督导软弱涣散村党组织整顿；每月遍访联系村" : "包乡联村" };
		struct person_out out = { 0 };
		if (person_add(c, &p, &out))
			return -1;
		if (i == 0)
			c->county_secretary = out.id;
	}
	return set_secretary(c, c->county_org, c->county_secretary);
}

static const char *township_head(const char *name)
{
	if (ends_with(name, "镇"))
		return "镇长";
	if (ends_with(name, "乡"))
		return "乡长";
	if (ends_with(name, "街道"))
		return "办事处主任";
	if (ends_with(name, "林场"))
		return "场长";
	if (ends_with(name, "局"))
		return "局长";
	return "主任";
}

static int gen_township_cadres(struct demo_ctx *c)
{
	static const char *const roles[] = {
		"党委书记", "党委副书记、@", "党委副书记", "人大主席", "纪委书记", "党委组织委员", "党委宣传委员",
		"武装部部长", "副@", "副@", "党委委员", "副@",
	};
	static const char *const staff[] = {
		"党政办公室干部", "扶贫工作站干部", "组织干事", "宣传干事", "社会事务办干部", "农业服务中心干部",
		"财政所干部", "综治中心干部", "便民服务中心干部", "经济发展办干部",
	};
	int budget = c->p->township_cadres;
	for (int ti = 0; ti < c->ntw; ti++) {
		struct township *t = &c->tw[ti];
		int leaders = rng_range(c, 8, 12);
		int nstaff = budget ? (budget * (ti + 1) / c->ntw - budget * ti / c->ntw) - leaders
				    : rng_range(c, 10, 18) + t->nv;
		if (nstaff < 0)
			nstaff = 0;
		const char *head = township_head(t->name);
		int64_t secretary = 0, organ_secretary = 0;
		for (int i = 0; i < leaders + nstaff; i++) {
			char role[64], pos[256];
			bool leader = i < leaders;
			const char *r = leader ? roles[i] : staff[rng_below(c, N(staff))];
			const char *at = strchr(r, '@');
			if (at)
				fmt(role, sizeof(role), "%.*s%s", (int)(at - r), r, head);
			else
				fmt(role, sizeof(role), "%s", r);
			fmt(pos, sizeof(pos), "%s%s", t->name, role);
			struct person_new p = {
				.division = t->code, .role = leader ? "township_leader" : "township_staff", .position = pos,
				.org_id = t->organ_org_id, .by_lo = leader ? 1970 : 1980, .by_hi = leader ? 1988 : 1998,
				.male_permille = leader ? 800 : 600, .member_permille = leader ? 1000 : 700,
				.league_permille = 500, .edu = EDU_STAFF,
				.note = leader ? "包片联村：每周至少3天在村" : "联系1个村、帮扶3户以上",
			};
			struct person_out out = { 0 };
			if (person_add(c, &p, &out))
				return -1;
			if (i == 0)
				secretary = out.id;
			if (i == 5)
				organ_secretary = out.id;
			if (!leader && out.member && out.birth_year >= 1985)
				push_id(&c->young, out.id);
		}
		if (set_secretary(c, t->org_id, secretary) || set_secretary(c, t->organ_org_id, organ_secretary))
			return -1;
	}
	return 0;
}

static int gen_village_cadres(struct demo_ctx *c)
{
	bool *both = xcalloc((size_t)c->nvil, sizeof(bool));
	int permille = c->p->both_roles_permille ? c->p->both_roles_permille : 300;
	pick_k(c, c->nvil, (c->nvil * permille + 500) / 1000, NULL, both);
	int rc = 0;
	for (int i = 0; i < c->nvil && rc == 0; i++) {
		struct village *v = &c->vil[i];
		v->both_roles = both[i];
		const char *committee = v->rural ? "村委会主任" : "居委会主任";
		char pos[256];
		if (v->both_roles)
			fmt(pos, sizeof(pos), "%s书记兼主任", v->short_name);
		else
			fmt(pos, sizeof(pos), "%s%s", v->short_name, v->general ? "党总支书记" : "党支部书记");
		struct person_new p = { .division = v->code, .role = "village_secretary", .position = pos,
					.org_id = v->org_id, .by_lo = 1960, .by_hi = 1988, .male_permille = 880,
					.member_permille = 1000, .edu = EDU_VILLAGE, .wealth = false,
					.note = v->both_roles ? "书记、主任“一肩挑”" : NULL };
		struct person_out sec = { 0 };
		rc = person_add(c, &p, &sec);
		if (rc == 0)
			rc = set_secretary(c, v->org_id, sec.id);
		if (rc == 0 && v->both_roles &&
		    db_exec(c->db, "UPDATE orgs SET secretary_is_director = 1 WHERE id = $1", "i", v->org_id) != DB_OK)
			rc = fail(c, "mark 一肩挑");
		if (rc == 0)
			push_id(&c->villagers, sec.id);
		if (rc == 0 && !v->both_roles) {
			fmt(pos, sizeof(pos), "%s%s", v->short_name, committee);
			p = (struct person_new){ .division = v->code, .role = "village_director", .position = pos,
						 .org_id = v->org_id, .by_lo = 1962, .by_hi = 1990, .male_permille = 850,
						 .member_permille = 800, .edu = EDU_VILLAGE };
			struct person_out dir = { 0 };
			rc = person_add(c, &p, &dir);
			if (rc == 0 && dir.member)
				push_id(&c->villagers, dir.id);
		}
		static const char *const jobs[] = { "村务监督委员会主任", "妇联主席", "治保主任", "文书", "民兵营长",
						    "计生专干", "会计" };
		int ncadres = rng_range(c, 2, 4), sub = 0;
		for (int k = 0; k < ncadres && rc == 0; k++) {
			fmt(pos, sizeof(pos), "%s%s", v->short_name, jobs[(k + rng_below(c, 3)) % N(jobs)]);
			p = (struct person_new){ .division = v->code, .role = "village_cadre", .position = pos,
						 .org_id = v->nsubs ? v->subs[k % v->nsubs] : v->org_id, .by_lo = 1965,
						 .by_hi = 1996, .male_permille = strstr(pos, "妇联") ? 0 : 650,
						 .member_permille = 650, .league_permille = 400, .edu = EDU_VILLAGE };
			struct person_out out = { 0 };
			rc = person_add(c, &p, &out);
			if (rc == 0 && out.member) {
				push_id(&c->villagers, out.id);
				if (out.birth_year >= 1980)
					push_id(&c->young, out.id);
				/* the first branches of a general branch are led by village cadres */
				if (sub < v->nsubs)
					rc = set_secretary(c, v->subs[sub++], out.id);
			}
		}
	}
	free(both);
	return rc;
}

static int gen_cadres(struct demo_ctx *c)
{
	if (gen_county_leaders(c) || gen_township_cadres(c) || gen_village_cadres(c))
		return -1;
	return 0;
}

/* ---- step: first secretaries, resident teams, graduate officials --------------- */

/* A sending unit, most often a county organ. */
static const struct unit *pick_unit(struct demo_ctx *c)
{
	for (int tries = 0; tries < 8; tries++) {
		const struct unit *u = &c->unit[rng_below(c, c->nunit)];
		if (strcmp(u->kind, "private") != 0 || tries == 7)
			return u;
	}
	return &c->unit[0];
}

static int gen_resident(struct demo_ctx *c)
{
	/* first secretaries: poor villages first, then the others; a second round
	 * (the earlier batch) when the profile has more than villages */
	int *order = xcalloc((size_t)c->nvil, sizeof(int)), n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < c->nvil; i++)
			if (c->vil[i].rural && c->vil[i].poor == (pass == 0))
				order[n++] = i;
	int npoor = 0;
	for (int i = 0; i < c->nvil; i++)
		npoor += c->vil[i].poor;
	int nfirst = c->p->first_secretaries ? c->p->first_secretaries : npoor;
	int rc = 0;
	for (int k = 0; k < nfirst && n > 0 && rc == 0; k++) {
		struct village *v = &c->vil[order[k % n]];
		const struct unit *u = pick_unit(c);
		char pos[256], note[256];
		fmt(pos, sizeof(pos), "驻%s第一书记", v->short_name);
		fmt(note, sizeof(note), "派出单位：%s；%s", u->name,
		    k < n ? "2018—2021年批次，吃住在村" : "2015—2017年批次，期满轮换");
		struct person_new p = { .division = v->code, .unit_id = u->id, .org_id = u->org_id,
					.role = "first_secretary", .position = pos, .note = note, .by_lo = 1972,
					.by_hi = 1992, .male_permille = 820, .member_permille = 1000, .edu = EDU_HIGH };
		rc = person_add(c, &p, NULL);
		c->st->first_secretaries += rc == 0;
		v->first_secretaries++;
	}
	/* resident work teams in the villages that have a first secretary */
	int nteam = c->p->resident_team ? c->p->resident_team : 2 * (nfirst < n ? nfirst : n);
	int nposts = nfirst < n ? nfirst : n;
	for (int k = 0; k < nteam && nposts > 0 && rc == 0; k++) {
		const struct village *v = &c->vil[order[k % nposts]];
		const struct unit *u = pick_unit(c);
		char pos[256], note[256];
		fmt(pos, sizeof(pos), "驻%s工作队队员", v->short_name);
		fmt(note, sizeof(note), "派出单位：%s", u->name);
		struct person_new p = { .division = v->code, .unit_id = u->id, .org_id = u->org_id, .role = "resident_team",
					.position = pos, .note = note, .by_lo = 1968, .by_hi = 1996, .male_permille = 700,
					.member_permille = 750, .league_permille = 600, .edu = EDU_STAFF };
		rc = person_add(c, &p, NULL);
	}
	/* graduate village officials */
	int ngrad = c->p->graduate_officials ? c->p->graduate_officials : c->nvil / 5;
	for (int k = 0; k < ngrad && n > 0 && rc == 0; k++) {
		const struct village *v = &c->vil[order[rng_below(c, n)]];
		char pos[256];
		fmt(pos, sizeof(pos), "%s大学生村官（村主任助理）", v->short_name);
		struct person_new p = { .division = v->code, .org_id = v->nsubs ? v->subs[0] : v->org_id,
					.role = "graduate_official", .position = pos, .by_lo = 1990, .by_hi = 1999,
					.male_permille = 500, .member_permille = 600, .league_permille = 900,
					.edu = EDU_HIGH };
		struct person_out out = { 0 };
		rc = person_add(c, &p, &out);
		if (rc == 0 && out.member)
			push_id(&c->young, out.id);
	}
	free(order);
	return rc;
}

/* ---- step: grid workers and supervisors --------------------------------------- */

static int gen_grid_staff(struct demo_ctx *c)
{
	/* supervisors per township in proportion to its grids (at least one),
	 * the profile's total or one per ~11 grids */
	int nsup = c->p->supervisors ? c->p->supervisors : (c->ngrid + 10) / 11;
	if (nsup < c->ntw)
		nsup = c->ntw;
	int *grids = xcalloc((size_t)c->ntw, sizeof(int)), *sup = xcalloc((size_t)c->ntw, sizeof(int));
	for (int i = 0; i < c->nvil; i++)
		grids[c->vil[i].township] += c->vil[i].ng;
	int left = nsup;
	for (int t = 0; t < c->ntw; t++) {
		sup[t] = grids[t] > 0 ? 1 : 0;
		left -= sup[t];
	}
	while (left > 0) {
		/* the next supervisor goes where the most grids per supervisor are */
		int best = 0;
		for (int t = 1; t < c->ntw; t++)
			if ((int64_t)grids[t] * (sup[best] + 1) > (int64_t)grids[best] * (sup[t] + 1))
				best = t;
		sup[best]++;
		left--;
	}
	int rc = 0;
	for (int t = 0; t < c->ntw && rc == 0; t++) {
		const struct township *tw = &c->tw[t];
		int g0 = tw->nv ? c->vil[tw->v0].g0 : 0;
		int64_t *sup_id = xcalloc((size_t)(sup[t] > 0 ? sup[t] : 1), sizeof(int64_t));
		for (int s = 0; s < sup[t] && rc == 0; s++) {
			char pos[256];
			fmt(pos, sizeof(pos), "%s网格长（第%d片区）", tw->name, s + 1);
			struct person_new p = { .division = tw->code, .org_id = tw->organ_org_id, .role = "grid_supervisor",
						.position = pos, .by_lo = 1972, .by_hi = 1992, .male_permille = 750,
						.member_permille = 1000, .edu = EDU_STAFF,
						.note = "统筹片区网格员，收集群众诉求并上报乡镇党委" };
			struct person_out out = { 0 };
			rc = person_add(c, &p, &out);
			sup_id[s] = out.id;
			c->st->grid_supervisors += rc == 0;
		}
		for (int k = 0; k < grids[t] && rc == 0; k++) {
			const struct grid *g = &c->grid[g0 + k];
			const struct village *v = &c->vil[g->village];
			bool group = c->p->grid_mode == GROUPS && v->rural;
			char pos[256];
			fmt(pos, sizeof(pos), "%s%s", v->short_name, group ? "村民小组长兼网格员" : "网格员");
			struct person_new p = { .division = g->code, .org_id = v->nsubs ? v->subs[k % v->nsubs] : v->org_id,
						.role = "grid_worker", .position = pos, .by_lo = 1965, .by_hi = 1996,
						.male_permille = 600, .member_permille = 450, .league_permille = 400,
						.edu = EDU_VILLAGE };
			struct person_out out = { 0 };
			rc = person_add(c, &p, &out);
			if (rc == 0) {
				c->st->grid_workers++;
				if (out.member)
					push_id(&c->villagers, out.id);
				int64_t supervisor = sup[t] ? sup_id[(int64_t)k * sup[t] / grids[t]] : 0;
				if (db_exec(c->db, "UPDATE divisions SET grid_worker_id = $1, grid_supervisor_id = $2, updated_at = $3"
						   " WHERE code = $4", "iiit", out.id, supervisor, c->now, g->code) != DB_OK)
					rc = fail(c, "set grid worker");
			}
		}
		free(sup_id);
	}
	free(grids);
	free(sup);
	return rc;
}

/* ---- step: party members ------------------------------------------------------ */

static int gen_members(struct demo_ctx *c)
{
	int64_t pop = 0;
	for (int i = 0; i < c->nvil; i++)
		pop += c->vil[i].population;
	int target = c->p->party_members ? c->p->party_members : (int)(pop * rng_range(c, 30, 40) / 1000);
	int want = target - c->st->party_members;
	int room = PEOPLE_CAP - c->st->people;
	if (!c->p->party_members && want > room)
		want = room;
	if (want <= 0)
		return 0;
	/* cumulative village populations for a weighted choice */
	int64_t *cum = xcalloc((size_t)c->nvil, sizeof(int64_t));
	for (int i = 0; i < c->nvil; i++)
		cum[i] = (i ? cum[i - 1] : 0) + c->vil[i].population;
	int rc = 0, made = 0;
	while (made < want && rc == 0) {
		struct person_new p = { .role = NULL, .male_permille = 720, .member_permille = 1000, .edu = EDU_RURAL };
		struct person_out out = { 0 };
		bool in_unit = rng_permille(c, 120);
		int vi = -1;
		if (in_unit) {
			const struct unit *u = &c->unit[rng_below(c, c->nunit)];
			p.division = c->county;
			p.unit_id = u->id;
			p.org_id = u->org_id;
			p.by_lo = 1962;
			p.by_hi = 1998;
			p.male_permille = 600;
			p.edu = EDU_STAFF;
		} else {
			int64_t r = (int64_t)(rng_next(c) % (uint64_t)cum[c->nvil - 1]);
			int lo = 0, hi = c->nvil - 1;
			while (lo < hi) {
				int mid = (lo + hi) / 2;
				if (cum[mid] > r)
					hi = mid;
				else
					lo = mid + 1;
			}
			vi = lo;
			const struct village *v = &c->vil[vi];
			p.division = v->code;
			p.org_id = v->nsubs ? v->subs[rng_below(c, v->nsubs)] : v->org_id;
			p.by_lo = 1950;
			p.by_hi = rng_permille(c, 600) ? 1975 : 2002;
			p.flowing_out_possible = true;
		}
		rc = person_add(c, &p, &out);
		if (rc)
			break;
		/* members are the only people made here; anyone else is a bug */
		made += out.member;
		if (vi >= 0) {
			if (out.birth_year >= 1961 && out.birth_year <= 1996)
				push_id(&c->villagers, out.id);
			if (out.birth_year >= 1981)
				push_id(&c->young, out.id);
			push_id(&c->talents, out.id);
		}
	}
	free(cum);
	return rc;
}

/* ---- step: flags ------------------------------------------------------------- */

static int mark(struct demo_ctx *c, struct idlist *l, int k, const char *sql)
{
	bool *chosen = xcalloc((size_t)(l->n > 0 ? l->n : 1), sizeof(bool));
	pick_k(c, l->n, k, NULL, chosen);
	int rc = 0;
	for (int i = 0; i < l->n && rc == 0; i++)
		if (chosen[i] && db_exec(c->db, sql, "ii", c->now, l->v[i]) != DB_OK)
			rc = fail(c, "mark people");
	free(chosen);
	return rc;
}

/* Reserve cadres, wealth-creation leaders and rural talents. */
static int gen_flags(struct demo_ctx *c)
{
	int reserve = c->p->reserve_cadres ? c->p->reserve_cadres : 3 * c->nvil;
	int wealth = c->p->wealth_leaders ? c->p->wealth_leaders : 2 * c->nvil;
	int talents = c->p->rural_talents ? c->p->rural_talents : c->talents.n / 12;
	if (talents > c->talents.n / 4)
		talents = c->talents.n / 4;   /* 凤庆's 12,592 include non-members we do not generate */
	if (mark(c, &c->young, reserve, "UPDATE people SET reserve_cadre = 1, updated_at = $1 WHERE id = $2") ||
	    mark(c, &c->villagers, wealth, "UPDATE people SET wealth_leader = 1, updated_at = $1 WHERE id = $2") ||
	    mark(c, &c->talents, talents, "UPDATE people SET rural_talent = 1, updated_at = $1 WHERE id = $2"))
		return -1;
	return 0;
}

/* ---- step: households (建档立卡) ------------------------------------------------ */

/*
 * Every village gets its households with their members, and the registered
 * (建档立卡) ones their yearly income, 两不愁 records, help given, status
 * history and, from 2021, the monitoring of the ones at risk.  A county has
 * at most HH_CAP households: the seed counties' villages hold 80,000-180,000
 * in all, so every village keeps its share of the cap (the figures in
 * divisions.households stay the real ones; the registry is a sample).
 */
#define HH_CAP 30000
#define HH_MAX_MEMBERS 7
#define FIRST_YEAR 2014

/* The national line of each year from 2014 (domain.md 2.2), the 2021 one kept in the transition. */
static const int poverty_line[] = { 2800, 2855, 3026, 3335, 3535, 3747, 4000, 4000 };
#define MONITOR_LINE 6000

struct hh_member {
	char name[64], id[19], birth[11], phone[12];
	const char *relation, *ethnicity, *education, *school_status, *school_note, *health, *labour, *work_status,
		*political;
	int by, age, disability_grade, months;   /* months < 0: not working age (NULL) */
	bool male, insured_medical, pension_na, pension, dibao, tekun, pupil, worker;
};

struct hh {
	int n;
	struct hh_member m[HH_MAX_MEMBERS];
	const char *surname;
	bool registered, relocated;
	const char *status, *attribute, *main_cause, *relocation;
	const char *secondary[2];
	int nsecondary;
	int identified, exited, relapsed, former_grade;   /* former_grade: 'C' / 'D' before renovation, else 0 */
	int monitor;      /* 0 none, 1 unstable, 2 marginal, 3 sudden */
	bool candidate;   /* just under the 2021 monitoring line, not monitored */
	int pc[8];        /* per-capita income by year from 2014 (0: no row) */
};

static int line_of(const struct demo_ctx *c, int year)
{
	int y = year < FIRST_YEAR ? FIRST_YEAR : year > 2021 ? 2021 : year;
	int permille = c->p->line_permille ? c->p->line_permille : 1000;
	return poverty_line[y - FIRST_YEAR] * permille / 1000;
}

/* Seconds since the epoch of a day in China (10:00 local). */
static int64_t epoch_of(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400 + 2 * 3600;
}

/* A random day of year y in months [m_lo, m_hi]. */
static void day_in(struct demo_ctx *c, int y, int m_lo, int m_hi, char out[11], int64_t *at)
{
	int m = rng_range(c, m_lo, m_hi), d = rng_range(c, 1, days_in_month(y, m));
	date_str(out, y, m, d);
	if (at)
		*at = epoch_of(y, m, d);
}

/* Uniform in [lo, hi] permille of x. */
static int scale(struct demo_ctx *c, int x, int lo, int hi)
{
	return (int)((int64_t)x * rng_range(c, lo, hi) / 1000);
}

static void member_name(struct demo_ctx *c, const char *surname, bool male, char *out, size_t n)
{
	int ng, nm;
	const char *const *given = demo_given_chars(male ? 0 : 1, &ng);
	const char *const *middle = demo_given_chars(2, &nm);
	if (rng_permille(c, 700)) {
		const char *mid = middle[rng_below(c, nm)];
		fmt(out, n, "%s%s%s", surname, mid, given[rng_below(c, ng)]);
	} else {
		fmt(out, n, "%s%s", surname, given[rng_below(c, ng)]);
	}
}

static const char *pick_surname(struct demo_ctx *c, const char *ethnicity)
{
	int n;
	const struct demo_weighted *t = demo_surnames(ethnicity, &n);
	return pick_weighted(c, t, n);
}

static struct hh_member *add_member(struct demo_ctx *c, struct hh *h, const char *relation, int by, bool male,
				    const char *surname, const char *ethnicity)
{
	struct hh_member *m = &h->m[h->n++];
	memset(m, 0, sizeof(*m));
	m->relation = relation;
	m->by = by > DEMO_YEAR - 1 ? DEMO_YEAR - 1 : by;
	m->male = male;
	m->ethnicity = ethnicity;
	member_name(c, surname, male, m->name, sizeof(m->name));
	make_id_number(c, m->by, m->by, male, m->id, m->birth);
	m->age = DEMO_YEAR - m->by;
	return m;
}

/* 1-7 members, mean about 3.8; tekun households are mostly people living alone. */
static int household_size(struct demo_ctx *c, const char *attribute)
{
	static const int cum[] = { 60, 200, 400, 660, 860, 960, 1000 };
	if (attribute && !strcmp(attribute, "tekun"))
		return rng_permille(c, 750) ? 1 : 2;
	int r = rng_below(c, 1000), n = 0;
	while (n < 6 && r >= cum[n])
		n++;
	return n + 1;
}

/* The family: head, spouse (within 5 years), parents, children 20-35 years
 * younger than both parents, a married child with a spouse and grandchildren,
 * siblings when nothing else fits. */
static void make_family(struct demo_ctx *c, struct hh *h, int size)
{
	const char *eth = pick_ethnicity(c);
	bool alone = size == 1;
	int hb = alone ? rng_range(c, 1936, 1968) : (rng_range(c, 1942, 1996) + rng_range(c, 1942, 1996)) / 2;
	bool spouse = size > 1 && rng_permille(c, h->attribute && !strcmp(h->attribute, "tekun") ? 200 : 880);
	bool head_male = spouse ? rng_permille(c, 900) : rng_permille(c, 600);
	const char *head_surname = pick_surname(c, eth);
	h->n = 0;
	add_member(c, h, "head", hb, head_male, head_surname, eth);
	int slots = size - 1, sb = hb;
	const char *family = head_surname;
	if (spouse) {
		sb = hb + rng_range(c, -5, 5);
		if (sb > DEMO_YEAR - 18)
			sb = DEMO_YEAR - 18;
		const char *seth = rng_permille(c, 850) ? eth : pick_ethnicity(c);
		const char *ssur = pick_surname(c, seth);
		add_member(c, h, "spouse", sb, !head_male, ssur, seth);
		if (!head_male)
			family = ssur;
		slots--;
	}
	/* the head's parents, when they can still be alive */
	for (int k = 0; k < 2 && slots > 0 && hb >= 1958; k++) {
		if (!rng_permille(c, k == 0 ? 180 : 350))
			break;
		int pb = hb - rng_range(c, 22, 35);
		if (pb < 1926)
			pb = 1926;
		bool father = k == 0 ? rng_permille(c, 400) : !h->m[h->n - 1].male;
		add_member(c, h, father ? "father" : "mother", pb, father,
			   father ? head_surname : pick_surname(c, eth), eth);
		slots--;
	}
	int lo = (hb > sb ? hb : sb) + 20, hi = (hb < sb ? hb : sb) + 35;
	if (hi > DEMO_YEAR - 1)
		hi = DEMO_YEAR - 1;
	int nchildren = 0;
	while (slots > 0) {
		if (lo <= hi && nchildren < 5) {
			bool male = rng_permille(c, 520);
			struct hh_member *ch = add_member(c, h, male ? "son" : "daughter", rng_range(c, lo, hi), male, family, eth);
			nchildren++;
			slots--;
			/* a grown child may have married in, with children of their own */
			if (slots >= 2 && ch->by <= 1996 && rng_permille(c, 550)) {
				int ib = ch->by + rng_range(c, -4, 4), cb = ch->by;
				if (ib > 1999)
					ib = 1999;
				const char *ieth = rng_permille(c, 850) ? eth : pick_ethnicity(c);
				const char *isur = pick_surname(c, ieth);
				add_member(c, h, male ? "daughter_in_law" : "son_in_law", ib, !male, isur, ieth);
				slots--;
				int glo = (cb > ib ? cb : ib) + 20, ghi = (cb < ib ? cb : ib) + 35;
				if (ghi > DEMO_YEAR - 1)
					ghi = DEMO_YEAR - 1;
				while (slots > 0 && glo <= ghi) {
					bool gm = rng_permille(c, 520);
					add_member(c, h, gm ? "grandson" : "granddaughter", rng_range(c, glo, ghi), gm,
						   male ? family : isur, eth);
					slots--;
				}
			}
		} else {
			int b = hb + rng_range(c, -8, 8);
			bool male = rng_permille(c, 500);
			add_member(c, h, "sibling", b > DEMO_YEAR - 1 ? DEMO_YEAR - 1 : b, male, head_surname, eth);
			slots--;
		}
	}
	h->surname = head_surname;
}

static const struct demo_weighted main_causes[] = {
	{ "illness", 400 }, { "disability", 130 }, { "skills", 140 }, { "labour", 100 }, { "funds", 90 },
	{ "schooling", 60 }, { "disaster", 20 }, { "land", 20 }, { "transport", 15 }, { "water", 10 },
	{ "motivation", 10 }, { "other", 5 },
};
static const struct demo_weighted secondary_causes[] = {
	{ "funds", 300 }, { "skills", 250 }, { "illness", 120 }, { "labour", 100 }, { "transport", 80 },
	{ "schooling", 60 }, { "disability", 40 }, { "land", 30 }, { "water", 20 },
};

static const char *adult_education(struct demo_ctx *c, int by, bool poor)
{
	static const struct demo_weighted old[] = {
		{ "illiterate", 25 }, { "primary", 50 }, { "junior", 20 }, { "senior", 5 } };
	static const struct demo_weighted mid[] = {
		{ "illiterate", 5 }, { "primary", 30 }, { "junior", 50 }, { "senior", 12 }, { "college", 3 } };
	static const struct demo_weighted young[] = {
		{ "primary", 8 }, { "junior", 50 }, { "senior", 25 }, { "college", 17 } };
	if (by < 1960 || (poor && by < 1966 && rng_permille(c, 500)))
		return pick_weighted(c, old, N(old));
	return by < 1982 ? pick_weighted(c, mid, N(mid)) : pick_weighted(c, young, N(young));
}

/* Education, school, health, labour, work, insurance and benefits of each member. */
static void member_details(struct demo_ctx *c, struct hh *h)
{
	static const char *const school_notes[] = { "因病休学，已办理休学手续", "重度残疾，送教上门", "随父母在外省就读，已核实" };
	/* who carries the household's illness or disability: the head or the spouse, at times another adult */
	int carrier = -1;
	if (h->main_cause && (!strcmp(h->main_cause, "illness") || !strcmp(h->main_cause, "disability"))) {
		carrier = h->n > 1 && rng_permille(c, 350) ? 1 : 0;
		if (h->n > 2 && rng_permille(c, 150))
			carrier = rng_below(c, h->n);
	}
	for (int i = 0; i < h->n; i++) {
		struct hh_member *m = &h->m[i];
		int a = m->age;
		m->political = a >= 14 && a <= 28 && rng_permille(c, 250) ? "league" : "masses";
		/* school */
		m->school_status = "none";
		if (a < 6) {
			m->education = "preschool";
			if (a >= 3 && rng_permille(c, 850))
				m->school_status = "preschool";
		} else if (a <= 15) {
			m->education = a <= 11 ? "primary" : "junior";
			m->pupil = true;
			m->school_status = a <= 11 ? "primary" : a == 12 ? "grade7" : a == 13 ? "grade8"
					  : a == 14 || rng_permille(c, 700) ? "grade9" : "senior";
			if (rng_permille(c, 5)) {   /* a handful out of school, not all with a reason recorded */
				m->pupil = false;
				m->school_status = "none";
				if (rng_permille(c, 600))
					m->school_note = school_notes[rng_below(c, N(school_notes))];
			}
		} else if (a <= 18 && rng_permille(c, 650)) {
			m->education = "junior";
			m->pupil = true;
			m->school_status = rng_permille(c, 600) ? "senior" : "vocational";
		} else if (a <= 22 && rng_permille(c, 250)) {
			m->education = "senior";
			m->pupil = true;
			m->school_status = rng_permille(c, 500) ? "college" : "higher_vocational";
		} else {
			m->education = adult_education(c, m->by, h->registered);
		}
		/* health */
		m->health = "healthy";
		if (i == carrier) {
			if (!strcmp(h->main_cause, "illness"))
				m->health = rng_permille(c, 600) ? "chronic" : "serious";
			else
				m->health = "disabled";
		} else {
			int sick = h->registered ? (a >= 60 ? 220 : a >= 16 ? 60 : 10) : (a >= 60 ? 120 : a >= 16 ? 25 : 5);
			int r = rng_below(c, 1000);
			if (r < sick)
				m->health = "chronic";
			else if (r < sick + (h->registered ? 15 : 5))
				m->health = "serious";
			else if (r < sick + (h->registered ? 40 : 15))
				m->health = "disabled";
		}
		if (!strcmp(m->health, "disabled"))
			m->disability_grade = rng_range(c, 1, 4);
		/* labour and work */
		bool working_age = a >= 16 && a <= 60 && !m->pupil;
		if (a < 16 || m->pupil) {
			m->labour = "none";
		} else if (!strcmp(m->health, "serious") || (m->disability_grade && m->disability_grade <= 2)) {
			m->labour = "lost";
		} else if (a > 65) {
			m->labour = rng_permille(c, 700) ? "none" : "weak";
		} else if (!strcmp(m->health, "chronic") || m->disability_grade || a > 60) {
			m->labour = rng_permille(c, 650) ? "weak" : "ordinary";
		} else {
			int r = rng_below(c, 1000);
			m->labour = r < 720 ? "ordinary" : r < 950 ? "skilled" : "weak";
		}
		m->months = -1;
		if (working_age) {
			m->work_status = "none";
			m->months = 0;
			if (!strcmp(m->labour, "ordinary") || !strcmp(m->labour, "skilled")) {
				static const struct demo_weighted where[] = { { "none", 22 }, { "in_township", 15 },
									      { "in_county", 20 }, { "in_province", 25 },
									      { "out_province", 18 } };
				m->work_status = pick_weighted(c, where, N(where));
				if (strcmp(m->work_status, "none") != 0)
					m->months = rng_range(c, 3, 12);
			} else if (!strcmp(m->labour, "weak") && rng_permille(c, 300)) {
				m->work_status = "in_township";
				m->months = rng_range(c, 2, 8);
			}
			m->worker = m->months > 0 || !strcmp(m->labour, "ordinary") || !strcmp(m->labour, "skilled");
		}
		/* insurance: a few missing, so the checks find something */
		m->insured_medical = !rng_permille(c, 8);
		m->pension_na = a < 16 || m->pupil;
		m->pension = !m->pension_na && !rng_permille(c, 60);
		m->dibao = h->attribute && !strcmp(h->attribute, "dibao") && (i == 0 || i == carrier || rng_permille(c, 700));
		m->tekun = h->attribute && !strcmp(h->attribute, "tekun");
		if (i == 0 || (a >= 18 && a <= 60 && rng_permille(c, 500)))
			make_phone(c, m->phone);
	}
}

static int count_workers(const struct hh *h)
{
	int n = 0;
	for (int i = 0; i < h->n; i++)
		n += h->m[i].worker;
	return n;
}

/* The registration data: attribute, causes, years, status. */
static void poverty_data(struct demo_ctx *c, struct hh *h)
{
	int r = rng_below(c, 1000);
	h->attribute = r < 700 ? "general" : r < 950 ? "dibao" : "tekun";
	h->identified = rng_permille(c, 850) ? 2014 : rng_permille(c, 600) ? 2015 : 2016;
	/* exits: most in 2017-2018, the last ones in 2020 */
	static const int exit_cum[] = { 220, 480, 760, 920, 1000 };
	int e = 0, x = rng_below(c, 1000);
	while (e < 4 && x >= exit_cum[e])
		e++;
	h->exited = 2016 + e;
	if (h->exited <= h->identified)
		h->exited = h->identified + 1;
	const char *cause = pick_weighted(c, main_causes, N(main_causes));
	if (!strcmp(h->attribute, "tekun") && rng_permille(c, 700))
		cause = rng_permille(c, 500) ? "labour" : "illness";
	h->main_cause = cause;
	int ns = rng_below(c, 3);
	h->nsecondary = 0;
	for (int k = 0; k < ns; k++) {
		const char *s = pick_weighted(c, secondary_causes, N(secondary_causes));
		if (!strcmp(s, cause) || (h->nsecondary && !strcmp(s, h->secondary[0])))
			continue;
		h->secondary[h->nsecondary++] = s;
	}
	h->status = "exited_enjoying";
	if (h->exited <= 2019 && rng_permille(c, 6)) {
		h->relapsed = rng_range(c, h->exited + 1, 2020);
		h->status = "relapsed";
	} else if (h->exited <= 2017 && rng_permille(c, 100)) {
		h->status = "exited";   /* stably out, no longer enjoying the policies */
	}
}

/* Per-capita income by year: under the line until the exit, over it after. */
static void income_path(struct demo_ctx *c, struct hh *h)
{
	memset(h->pc, 0, sizeof(h->pc));
	if (h->registered) {
		int pc = scale(c, line_of(c, h->identified), 550, 950);
		for (int y = h->identified; y <= DEMO_YEAR; y++) {
			int line = line_of(c, y);
			if (y > h->identified && y < h->exited)
				pc = scale(c, pc, 1050, 1200);
			if (y < h->exited && pc > line * 97 / 100)
				pc = line * 97 / 100 - rng_below(c, 60);
			if (y == h->exited)
				pc = scale(c, line, 1350, 2500);
			else if (y > h->exited)
				pc = scale(c, pc, 1050, 1170);
			if (h->relapsed && y >= h->relapsed)
				pc = scale(c, line, 600, 940);
			h->pc[y - FIRST_YEAR] = pc;
		}
	}
	int *last = &h->pc[DEMO_YEAR - FIRST_YEAR];
	if (h->monitor == 1 || h->monitor == 2)
		*last = rng_range(c, 4300, MONITOR_LINE - 60);
	else if (h->monitor == 3)
		*last = rng_permille(c, 500) ? rng_range(c, 4000, 5900) : rng_range(c, 6500, 12000);
	else if (h->candidate)
		*last = rng_range(c, 5200, MONITOR_LINE - 1);
	else if (!h->registered)
		*last = scale(c, 7000, 1250, 3600);
	else if (!h->relapsed && *last < MONITOR_LINE + 300)
		*last = scale(c, MONITOR_LINE, 1050, 1300);
}

/* ---- help given --------------------------------------------------------------- */

struct plan {
	const char *type, *batch;
	char content[200];
	int64_t amount;   /* < 0: none */
	int year, member; /* member < 0: the whole household */
};

#define MAX_PLANS 8

__attribute__((format(printf, 7, 8))) static void add_plan(struct plan *p, int *n, const char *type, const char *batch,
							    int64_t amount, int member, const char *f, ...)
{
	if (*n >= MAX_PLANS)
		return;
	struct plan *x = &p[(*n)++];
	x->type = type;
	x->batch = batch;
	x->amount = amount;
	x->member = member;
	x->year = 0;
	va_list ap;
	va_start(ap, f);
	vsnprintf(x->content, sizeof(x->content), f, ap);
	va_end(ap);
}

static bool has_type(const struct plan *p, int n, const char *type)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(p[i].type, type))
			return true;
	return false;
}

static const char *any_industry(struct demo_ctx *c)
{
	int n = 0;
	while (n < MAX_INDUSTRIES && c->p->industries[n])
		n++;
	return c->p->industries[rng_below(c, n)];
}

static void plan_development(struct demo_ctx *c, const struct hh *h, struct plan *p, int *n)
{
	int k = rng_below(c, 9);
	switch (k) {
	case 0: {
		int pigs = rng_range(c, 2, 5);
		add_plan(p, n, "industry", "production", pigs * 600, -1, "发放生猪仔%d头", pigs);
		break;
	}
	case 1: {
		int chicks = rng_range(c, 5, 20) * 10;
		add_plan(p, n, "industry", "production", chicks * 8, -1, "发放鸡苗%d羽及饲料", chicks);
		break;
	}
	case 2: {
		int mu = rng_range(c, 2, 8), per = rng_range(c, 3, 8) * 100;
		add_plan(p, n, "industry", "production", mu * per, -1, "扶持发展%s%d亩，每亩补助%d元", any_industry(c), mu, per);
		break;
	}
	case 3: {
		int d = rng_range(c, 6, 20) * 100;
		add_plan(p, n, "industry", "production", d, -1, "产业扶贫资金入股%s专业合作社，年分红%d元", any_industry(c), d);
		break;
	}
	case 4: {
		int wan = rng_permille(c, 600) ? 5 : 3;
		add_plan(p, n, "microcredit", "production", wan * 10000, 0, "扶贫小额信贷%d万元，三年期全额贴息", wan);
		break;
	}
	case 5: {
		static const char *const places[] = { "广东", "浙江", "福建", "省内", "县城工业园区", "扶贫车间" };
		int w = -1;
		for (int i = 0; i < h->n; i++)
			if (h->m[i].worker && (w < 0 || rng_permille(c, 400)))
				w = i;
		int sub = rng_range(c, 3, 10) * 100;
		add_plan(p, n, "employment", "production", sub, w, "组织到%s务工，发放一次性交通补贴%d元",
			 places[rng_below(c, N(places))], sub);
		break;
	}
	case 6: {
		static const char *const trades[] = { "电工", "中式烹调", "育婴员", "挖掘机操作", "种养技术", "家政服务" };
		int w = -1;
		for (int i = 0; i < h->n; i++)
			if (h->m[i].age >= 16 && h->m[i].age <= 55 && !h->m[i].pupil && (w < 0 || rng_permille(c, 400)))
				w = i;
		int sub = rng_range(c, 5, 20) * 100;
		add_plan(p, n, "employment", "production", sub, w, "参加%s技能培训，发放培训补贴%d元",
			 trades[rng_below(c, N(trades))], sub);
		break;
	}
	case 7: {
		static const char *const posts[] = { "保洁员", "护路员", "水管员", "治安巡逻员" };
		int pay = rng_range(c, 5, 10) * 100, w = 0;
		for (int i = 0; i < h->n; i++)
			if (h->m[i].age >= 18 && h->m[i].age <= 65 && !h->m[i].pupil && strcmp(h->m[i].labour, "lost") != 0) {
				w = i;
				break;
			}
		add_plan(p, n, "public_post", NULL, pay * 12, w, "安排村%s公益性岗位，每月%d元", posts[rng_below(c, N(posts))],
			 pay);
		break;
	}
	default: {
		int pay = rng_range(c, 8, 10) * 1000;
		add_plan(p, n, "ecology", "ecology", pay, 0, "聘为生态护林员，年补助%d元", pay);
		break;
	}
	}
}

/* 2-6 measures by cause and family, the ones the household needs first. */
static int plan_measures(struct demo_ctx *c, const struct hh *h, struct plan *p)
{
	int n = 0, want = rng_range(c, 2, 6);
	if (h->former_grade)
		add_plan(p, &n, "housing", NULL, h->former_grade == 'D' ? rng_range(c, 20, 40) * 1000 : rng_range(c, 8, 15) * 1000,
			 -1, "%s", h->former_grade == 'D' ? "D级危房拆除重建，发放农村危房改造补助" : "C级危房加固改造，发放改造补助");
	if (h->relocated)
		add_plan(p, &n, "relocation", "relocation", (int64_t)h->n * 20000, -1, "易地扶贫搬迁%s，人均住房补助2万元",
			 !strcmp(h->relocation, "centralized") ? "集中安置" : "分散安置");
	if (!strcmp(h->attribute, "dibao")) {
		int month = rng_range(c, 25, 45) * 10 * h->n;
		add_plan(p, &n, "safety_net", "safety_net", month * 12, -1, "纳入农村最低生活保障，每月发放低保金%d元", month);
	} else if (!strcmp(h->attribute, "tekun")) {
		int month = rng_range(c, 50, 80) * 10;
		add_plan(p, &n, "safety_net", "safety_net", month * 12, 0, "特困人员分散供养，每月发放供养金%d元", month);
	}
	int sick = -1, pupil = -1;
	for (int i = 0; i < h->n; i++) {
		if (strcmp(h->m[i].health, "healthy") != 0 && (sick < 0 || rng_permille(c, 300)))
			sick = i;
		if (h->m[i].pupil && (pupil < 0 || rng_permille(c, 400)))
			pupil = i;
	}
	if (sick >= 0 && (!strcmp(h->main_cause, "illness") || !strcmp(h->main_cause, "disability") || rng_permille(c, 400))) {
		if (!strcmp(h->m[sick].health, "disabled"))
			add_plan(p, &n, "health", NULL, rng_range(c, 6, 20) * 100, sick, "办理残疾证，发放困难残疾人生活补贴和护理补贴");
		else if (!strcmp(h->m[sick].health, "serious"))
			add_plan(p, &n, "health", NULL, rng_range(c, 30, 300) * 100, sick, "大病医疗救助，报销后自付部分再救助");
		else
			add_plan(p, &n, "health", NULL, -1, sick, "家庭医生签约服务，办理慢性病门诊卡");
	}
	if (pupil >= 0) {
		const struct hh_member *m = &h->m[pupil];
		if (!strcmp(m->school_status, "vocational") || !strcmp(m->school_status, "higher_vocational"))
			add_plan(p, &n, "education", "education", 3000, pupil, "雨露计划补助3000元");
		else if (!strcmp(m->school_status, "senior"))
			add_plan(p, &n, "education", "education", 2000, pupil, "普通高中国家助学金2000元，免除学杂费");
		else if (!strcmp(m->school_status, "college"))
			add_plan(p, &n, "education", "education", 5000, pupil, "生源地信用助学贷款贴息及新生入学资助5000元");
		else
			add_plan(p, &n, "education", "education", 1000, pupil, "义务教育阶段家庭经济困难寄宿生生活补助1000元");
	}
	if (n > 6)
		n = 6;
	for (int tries = 0; n < want && tries < 20; tries++) {
		plan_development(c, h, p, &n);
		/* microcredit and ecology jobs once each */
		if (n >= 2 && (!strcmp(p[n - 1].type, "microcredit") || !strcmp(p[n - 1].type, "ecology")) &&
		    has_type(p, n - 1, p[n - 1].type))
			n--;
	}
	int hi = h->exited < 2020 ? h->exited : 2020;
	for (int i = 0; i < n; i++) {
		p[i].year = rng_range(c, h->identified, hi);
		if (!strcmp(p[i].type, "relocation"))
			p[i].year = rng_range(c, h->identified > 2016 ? h->identified : 2016, hi > 2016 ? hi : 2016);
	}
	return n;
}

/* ---- writing a household ---------------------------------------------------------- */

static int history_add(struct demo_ctx *c, int64_t hid, int64_t at, const char *field, const char *old_value,
		       const char *new_value, const char *reason)
{
	if (db_exec(c->db, "INSERT INTO household_history (household_id, at, field, old_value, new_value, reason)"
			   " VALUES ($1, $2, $3, $4, $5, $6)", "iitttt", hid, at, field, old_value, new_value, reason) != DB_OK)
		return fail(c, "insert household history");
	return 0;
}

static int income_add(struct demo_ctx *c, const struct hh *h, int64_t hid, int year)
{
	int pc = h->pc[year - FIRST_YEAR];
	int64_t people = h->n, net = (int64_t)pc * people + rng_below(c, h->n);
	bool safety = h->attribute && strcmp(h->attribute, "general") != 0;
	int workers = count_workers(h);
	int64_t transfers = net * (safety ? rng_range(c, 350, 700) : h->registered ? rng_range(c, 80, 250)
											: rng_range(c, 40, 150)) / 1000;
	int64_t property = net * (year >= 2017 && h->registered ? rng_range(c, 10, 80) : rng_range(c, 0, 30)) / 1000;
	int64_t rest = net - transfers - property;
	int64_t wages = rest * (workers ? rng_range(c, 550, 850) : rng_range(c, 0, 150)) / 1000;
	int64_t production_net = rest - wages;
	int64_t costs = production_net * rng_range(c, 250, 600) / 1000;
	int64_t per_capita = (2 * net + people) / (2 * people);
	if (db_exec(c->db, "INSERT INTO household_incomes (household_id, year, wages, production, property, transfers,"
			   " costs, people, net, per_capita, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		    "iiiiiiiiiii", hid, (int64_t)year, wages, production_net + costs, property, transfers, costs, people, net,
		    per_capita, c->now) != DB_OK)
		return fail(c, "insert income");
	return 0;
}

/* Bind an integer, or NULL when it is negative. */
static int bind_opt(struct db_stmt *q, int idx, int64_t v)
{
	return v >= 0 ? db_bind_int(q, idx, v) : db_bind_null(q, idx);
}

static int members_add(struct demo_ctx *c, struct hh *h, int64_t hid, const char *division)
{
	for (int i = 0; i < h->n; i++) {
		struct hh_member *m = &h->m[i];
		struct db_stmt *q = db_prepare(
			c->db,
			"INSERT INTO members (household_id, division, relation, name, sex, birth_date, id_number, phone, ethnicity,"
			" political_status, education, school_status, school_note, health, disability_grade, labour, work_status,"
			" months_worked, insured_medical, insured_serious, insured_pension, dibao, tekun, created_at, updated_at)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20,"
			" $21, $22, $23, $23)");
		if (q == NULL)
			return fail(c, "prepare members");
		int rc = db_bind_int(q, 1, hid);
		rc = rc ? rc : db_bind_text(q, 2, division);
		rc = rc ? rc : db_bind_text(q, 3, m->relation);
		rc = rc ? rc : db_bind_text(q, 4, m->name);
		rc = rc ? rc : db_bind_text(q, 5, m->male ? "M" : "F");
		rc = rc ? rc : db_bind_text(q, 6, m->birth);
		rc = rc ? rc : db_bind_text(q, 7, m->id);
		rc = rc ? rc : db_bind_text(q, 8, *m->phone ? m->phone : NULL);
		rc = rc ? rc : db_bind_text(q, 9, m->ethnicity);
		rc = rc ? rc : db_bind_text(q, 10, m->political);
		rc = rc ? rc : db_bind_text(q, 11, m->education);
		rc = rc ? rc : db_bind_text(q, 12, m->school_status);
		rc = rc ? rc : db_bind_text(q, 13, m->school_note);
		rc = rc ? rc : db_bind_text(q, 14, m->health);
		rc = rc ? rc : bind_opt(q, 15, m->disability_grade ? m->disability_grade : -1);
		rc = rc ? rc : db_bind_text(q, 16, m->labour);
		rc = rc ? rc : db_bind_text(q, 17, m->work_status);
		rc = rc ? rc : bind_opt(q, 18, m->months);
		rc = rc ? rc : db_bind_int(q, 19, m->insured_medical);
		rc = rc ? rc : bind_opt(q, 20, m->pension_na ? -1 : m->pension);
		rc = rc ? rc : db_bind_int(q, 21, m->dibao);
		rc = rc ? rc : db_bind_int(q, 22, m->tekun);
		rc = rc ? rc : db_bind_int(q, 23, c->now);
		rc = rc ? rc : db_step(q);
		db_finalize(q);
		if (rc != DB_DONE)
			return fail(c, "insert member");
		c->st->members++;
	}
	return 0;
}

static const char *const cause_notes[][2] = {
	{ "illness", "家庭成员长期患病，医疗支出大" }, { "disability", "家庭成员残疾，缺少劳动力" },
	{ "skills", "缺乏务工和种养技术，收入来源单一" }, { "labour", "家庭缺少劳动力，无稳定收入" },
	{ "funds", "缺少发展生产资金" }, { "schooling", "子女上学负担重" },
	{ "disaster", "遭受自然灾害，房屋和农作物受损" }, { "land", "人均耕地不足" },
	{ "transport", "居住偏远，交通不便" }, { "water", "生产生活用水困难" },
	{ "motivation", "自身发展动力不足" }, { "other", "家庭变故" },
};

static const char *cause_zh(const char *code)
{
	static const char *const zh[][2] = {
		{ "illness", "病" }, { "disability", "残" }, { "schooling", "学" }, { "disaster", "灾" },
		{ "accident", "意外事故" }, { "unemployment", "务工就业不稳" }, { "industry", "产业项目失败" },
		{ "expense", "支出骤增" }, { "income_drop", "收入骤减" },
	};
	for (int i = 0; i < N(zh); i++)
		if (!strcmp(zh[i][0], code))
			return zh[i][1];
	return "病";
}

struct hh_place {
	const struct village *v;
	const char *division;
	char address[256], household_no[24];
};

static int measure_add(struct demo_ctx *c, const struct hh *h, int64_t hid, const char *division, const struct plan *p,
		       const char *date)
{
	const struct unit *u = pick_unit(c);
	/* the beneficiary by the number, unique across the members */
	const char *member = p->member >= 0 && p->member < h->n ? h->m[p->member].id : NULL;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO measures (household_id, division, type, batch, content, amount,"
					      " unit_id, given_on, member_id, created_at, updated_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
					      " (SELECT id FROM members WHERE id_number = $9), $10, $10)");
	if (q == NULL)
		return fail(c, "prepare measures");
	int rc = db_bind_int(q, 1, hid);
	rc = rc ? rc : db_bind_text(q, 2, division);
	rc = rc ? rc : db_bind_text(q, 3, p->type);
	rc = rc ? rc : db_bind_text(q, 4, p->batch);
	rc = rc ? rc : db_bind_text(q, 5, p->content);
	rc = rc ? rc : bind_opt(q, 6, p->amount);
	rc = rc ? rc : db_bind_int(q, 7, u->id);
	rc = rc ? rc : db_bind_text(q, 8, date);
	rc = rc ? rc : db_bind_text(q, 9, member);
	rc = rc ? rc : db_bind_int(q, 10, c->now);
	rc = rc ? rc : db_step(q);
	db_finalize(q);
	if (rc != DB_DONE)
		return fail(c, "insert measure");
	c->st->measures++;
	return 0;
}

static int household_write(struct demo_ctx *c, struct hh *h, const struct hh_place *pl)
{
	static const struct demo_weighted structures[] = {
		{ "brick_concrete", 45 }, { "brick_wood", 20 }, { "steel_concrete", 15 }, { "earth_wood", 12 },
		{ "wood", 5 }, { "other", 3 },
	};
	static const char *const banks[] = { "%s农村信用合作联社", "%s农村商业银行", "中国邮政储蓄银行%s支行",
					     "中国农业银行%s支行" };
	/* housing: C/D houses were renovated or rebuilt; a few relocated */
	const char *structure = pick_weighted(c, structures, N(structures)), *grade;
	int area = h->registered ? rng_range(c, 40, 120) : rng_range(c, 60, 180);
	bool rebuilt = false;
	h->relocation = "none";
	if (h->registered && rng_permille(c, 40)) {
		h->relocated = true;
		h->relocation = rng_permille(c, 600) ? "centralized" : "scattered";
		structure = rng_permille(c, 500) ? "steel_concrete" : "brick_concrete";
		area = h->n * 25 > 125 ? 125 : h->n * 25;
	} else if (rng_permille(c, h->registered ? 180 : 30)) {
		h->former_grade = rng_permille(c, 600) ? 'C' : 'D';
		rebuilt = true;
		if (h->former_grade == 'D')
			structure = "brick_concrete";
	}
	if (!h->registered && !rebuilt && rng_permille(c, 3))
		grade = "C";   /* still to be renovated: the checks find it */
	else
		grade = rng_permille(c, h->registered && !h->relocated ? 450 : 700) ? "A" : "B";
	bool water = !rng_permille(c, h->registered ? 5 : 15);
	char land[16], area_s[16], account[24], bank[160];
	int mu = rng_range(c, 0, h->relocated ? 3 : 11), tenth = rng_below(c, 10);
	fmt(land, sizeof(land), "%d.%d", mu, tenth);
	fmt(area_s, sizeof(area_s), "%d", area);
	const char *bank_name = NULL, *account_s = NULL, *cause_note = NULL;
	char secondary[64] = "";
	if (h->registered) {
		fmt(bank, sizeof(bank), banks[rng_below(c, N(banks))], c->common_name);
		int a1 = rng_below(c, 1000), a2 = rng_below(c, 10000), a3 = rng_below(c, 100000), a4 = rng_below(c, 100000);
		fmt(account, sizeof(account), "62%03d%04d%05d%05d", a1, a2, a3, a4);
		bank_name = bank;
		account_s = account;
		for (int i = 0; i < N(cause_notes); i++)
			if (!strcmp(cause_notes[i][0], h->main_cause) && rng_permille(c, 600))
				cause_note = cause_notes[i][1];
		for (int i = 0; i < h->nsecondary; i++)
			fmt(secondary + strlen(secondary), sizeof(secondary) - strlen(secondary), "%s%s", i ? "," : "",
			    h->secondary[i]);
	}
	const char *phone = h->m[0].phone;
	if (!*phone)
		for (int i = 1; i < h->n && !*phone; i++)
			phone = h->m[i].phone;

	/* monitoring from 2021: exited households at risk, marginal and suddenly hit ones */
	const char *before = h->status;
	if (h->registered ? !h->relapsed && rng_permille(c, 50) : rng_permille(c, 12))
		h->monitor = h->registered ? (rng_permille(c, 750) ? 1 : 3) : (rng_permille(c, 700) ? 2 : 3);
	else
		h->candidate = rng_permille(c, 6);
	income_path(c, h);
	char started[11] = "", eliminated[11] = "";
	int64_t started_at = 0, eliminated_at = 0;
	if (h->monitor) {
		int y = rng_permille(c, 700) ? 2021 : 2022, m = rng_range(c, 1, y == 2021 ? 12 : 6), d = rng_range(c, 1, 28);
		date_str(started, y, m, d);
		started_at = epoch_of(y, m, d);
		if (y == 2021 && rng_permille(c, 450)) {
			int em = m + rng_range(c, 6, 11), ey = y + (em - 1) / 12;
			em = (em - 1) % 12 + 1;
			date_str(eliminated, ey, em, d);
			eliminated_at = epoch_of(ey, em, d);
		}
		h->status = *eliminated ? "risk_eliminated" : "monitored";
	}

	struct db_stmt *q = db_prepare(c->db,
		"INSERT INTO households (household_no, head_name, division, address, phone, status, attribute, id_standard,"
		" identified_year, exited_year, main_cause, secondary_causes, cause_note, land_mu, housing_area,"
		" housing_structure, housing_grade, housing_rebuilt, water_safe, relocation, bank_name, bank_account,"
		" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
		" $18, $19, $20, $21, $22, $23, $23) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare households");
	int rc = db_bind_text(q, 1, pl->household_no);
	rc = rc ? rc : db_bind_text(q, 2, h->m[0].name);
	rc = rc ? rc : db_bind_text(q, 3, pl->division);
	rc = rc ? rc : db_bind_text(q, 4, pl->address);
	rc = rc ? rc : db_bind_text(q, 5, *phone ? phone : NULL);
	rc = rc ? rc : db_bind_text(q, 6, h->status);
	rc = rc ? rc : db_bind_text(q, 7, h->attribute);
	rc = rc ? rc : db_bind_text(q, 8, h->registered ? (c->p->provincial_standard ? "provincial" : "national") : NULL);
	rc = rc ? rc : bind_opt(q, 9, h->registered ? h->identified : -1);
	rc = rc ? rc : bind_opt(q, 10, h->registered ? h->exited : -1);
	rc = rc ? rc : db_bind_text(q, 11, h->main_cause);
	rc = rc ? rc : db_bind_text(q, 12, *secondary ? secondary : NULL);
	rc = rc ? rc : db_bind_text(q, 13, cause_note);
	rc = rc ? rc : db_bind_text(q, 14, land);
	rc = rc ? rc : db_bind_text(q, 15, area_s);
	rc = rc ? rc : db_bind_text(q, 16, structure);
	rc = rc ? rc : db_bind_text(q, 17, grade);
	rc = rc ? rc : db_bind_int(q, 18, rebuilt);
	rc = rc ? rc : db_bind_int(q, 19, water);
	rc = rc ? rc : db_bind_text(q, 20, h->relocation);
	rc = rc ? rc : db_bind_text(q, 21, bank_name);
	rc = rc ? rc : db_bind_text(q, 22, account_s);
	rc = rc ? rc : db_bind_int(q, 23, c->now);
	int64_t hid = 0;
	if (returning_id(c, q, rc, &hid, "insert household"))
		return -1;
	c->st->households++;
	c->st->registered_households += h->registered;
	if (members_add(c, h, hid, pl->division))
		return -1;
	for (int y = h->registered ? h->identified : DEMO_YEAR; y <= DEMO_YEAR; y++)
		if (income_add(c, h, hid, y))
			return -1;

	char date[11], reason[256];
	int64_t at;
	if (h->registered) {
		/* 两不愁 as checked at the exit */
		static const char *const basics[] = { "food", "clothing" };
		for (int i = 0; i < 2; i++)
			if (db_exec(c->db, "INSERT INTO household_guarantees (household_id, year, indicator, value, reason,"
					   " updated_at) VALUES ($1, $2, $3, 1, $4, $5)", "iitti", hid, (int64_t)h->exited,
				    basics[i], "脱贫验收入户核实", c->now) != DB_OK)
				return fail(c, "insert guarantee");
		struct plan plans[MAX_PLANS];
		int np = plan_measures(c, h, plans);
		for (int i = 0; i < np; i++) {
			day_in(c, plans[i].year, 1, 12, date, NULL);
			if (measure_add(c, h, hid, pl->division, &plans[i], date))
				return -1;
		}
		/* registration, exit, and what followed */
		day_in(c, h->identified, 4, 10, date, &at);
		if (history_add(c, hid, at, "status", NULL, "poor", "登记") ||
		    history_add(c, hid, at, "attribute", NULL, h->attribute, "登记") ||
		    history_add(c, hid, at, "main_cause", NULL, h->main_cause, "登记"))
			return -1;
		day_in(c, h->exited, 10, 12, date, &at);
		fmt(reason, sizeof(reason), "%d年达到脱贫标准，经村民代表评议、公示", h->exited);
		if (history_add(c, hid, at, "status", "poor", "exited_enjoying", reason))
			return -1;
		if (!strcmp(before, "exited")) {
			day_in(c, h->exited + 2, 1, 6, date, &at);
			if (history_add(c, hid, at, "status", "exited_enjoying", "exited", "稳定脱贫满两年，经评议不再享受扶贫政策"))
				return -1;
		}
		if (h->relapsed) {
			day_in(c, h->relapsed, 3, 9, date, &at);
			fmt(reason, sizeof(reason), "%d年因%s返贫，经村民代表评议、公示重新纳入帮扶", h->relapsed,
			    cause_zh(rng_permille(c, 600) ? "illness" : "disaster"));
			if (history_add(c, hid, at, "status", "exited_enjoying", "relapsed", reason))
				return -1;
		}
	}

	if (h->monitor) {
		static const struct demo_weighted risks[] = {
			{ "illness", 40 }, { "unemployment", 15 }, { "expense", 10 }, { "disability", 8 }, { "schooling", 7 },
			{ "disaster", 6 }, { "accident", 6 }, { "industry", 4 }, { "income_drop", 4 },
		};
		static const struct demo_weighted found[] = {
			{ "cadre_check", 55 }, { "self_report", 20 }, { "department_alert", 25 } };
		static const char *const category[] = { NULL, "unstable", "marginal", "sudden" };
		static const char *const category_zh[] = { NULL, "脱贫不稳定户", "边缘易致贫户", "突发严重困难户" };
		const char *r1 = h->main_cause && !strcmp(h->main_cause, "illness") && rng_permille(c, 600)
					 ? "illness" : pick_weighted(c, risks, N(risks));
		const char *r2 = rng_permille(c, 300) ? pick_weighted(c, risks, N(risks)) : NULL;
		char risk[64];
		fmt(risk, sizeof(risk), "%s%s%s", r1, r2 && strcmp(r1, r2) ? "," : "", r2 && strcmp(r1, r2) ? r2 : "");
		const char *elim_note = NULL;
		char elim[256];
		if (*eliminated) {
			if (rng_permille(c, 800)) {
				fmt(elim, sizeof(elim), "帮扶消除：落实%s等帮扶措施，家庭人均纯收入稳定超过监测线半年以上",
				    !strcmp(r1, "illness") ? "医疗救助" : !strcmp(r1, "unemployment") ? "就业帮扶" : "产业帮扶");
			} else {
				fmt(elim, sizeof(elim), "%s", "自然消除：风险已自然消除，收入稳定");
			}
			elim_note = elim;
		}
		char note[256];
		fmt(note, sizeof(note), "因%s存在返贫致贫风险", cause_zh(r1));
		if (db_exec(c->db, "INSERT INTO monitoring (household_id, division, category, risk_types, found_by, started_on,"
				   " eliminated_on, elimination_note, note, created_at, updated_at)"
				   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)", "itttttttti", hid, pl->division,
			    category[h->monitor], risk, pick_weighted(c, found, N(found)), started, *eliminated ? eliminated : NULL,
			    elim_note, note, c->now) != DB_OK)
			return fail(c, "insert monitoring");
		c->st->monitored++;
		/* the help that answers the risk, given after monitoring began */
		struct plan p;
		int one = 0;
		if (!strcmp(r1, "illness") || !strcmp(r1, "disability") || !strcmp(r1, "accident"))
			add_plan(&p, &one, "health", NULL, rng_range(c, 20, 200) * 100, 0, "%s",
				 "防返贫监测帮扶：落实医疗救助和大病保险倾斜支付");
		else if (!strcmp(r1, "unemployment") || !strcmp(r1, "income_drop"))
			add_plan(&p, &one, "employment", "production", rng_range(c, 3, 10) * 100, -1, "%s",
				 "防返贫监测帮扶：推荐稳定就业岗位，发放交通补贴");
		else if (!strcmp(r1, "schooling"))
			add_plan(&p, &one, "education", "education", 3000, -1, "%s", "防返贫监测帮扶：发放教育救助金3000元");
		else
			add_plan(&p, &one, "industry", "production", rng_range(c, 10, 30) * 100, -1, "%s",
				 "防返贫监测帮扶：发放产业奖补资金，帮助恢复生产");
		int y = atoi(started), m = atoi(started + 5) + rng_range(c, 0, 2);
		date_str(date, y, m > 12 ? 12 : m, rng_range(c, 1, 28));
		if (strcmp(date, started) < 0)
			fmt(date, sizeof(date), "%s", started);
		if (measure_add(c, h, hid, pl->division, &p, date))
			return -1;
		fmt(reason, sizeof(reason), "纳入防返贫监测（%s）", category_zh[h->monitor]);
		if (history_add(c, hid, started_at, "status", before, "monitored", reason))
			return -1;
		if (*eliminated && history_add(c, hid, eliminated_at, "status", "monitored", "risk_eliminated",
					       "风险消除，经村民代表评议、公示"))
			return -1;
	}
	return 0;
}

static int gen_households(struct demo_ctx *c)
{
	int64_t total = 0;
	for (int i = 0; i < c->nvil; i++)
		total += c->vil[i].households;
	/* registered shares (permille) in poor villages, in other rural villages, in communities */
	int poor_lo = c->p->poor_share_lo ? c->p->poor_share_lo : 250, poor_hi = c->p->poor_share_hi ? c->p->poor_share_hi : 350;
	int other_lo = c->p->other_share_lo ? c->p->other_share_lo : 50, other_hi = c->p->other_share_hi ? c->p->other_share_hi : 100;
	struct hh *h = xcalloc(1, sizeof(*h));
	int rc = 0;
	for (int vi = 0; vi < c->nvil && rc == 0; vi++) {
		const struct village *v = &c->vil[vi];
		const struct township *t = &c->tw[v->township];
		int n = total > HH_CAP ? (int)(((int64_t)v->households * HH_CAP + total / 2) / total) : v->households;
		if (n < 1)
			n = 1;
		int share = !v->rural ? rng_range(c, 10, 30) : v->poor ? rng_range(c, poor_lo, poor_hi)
								      : rng_range(c, other_lo, other_hi);
		bool groups = c->p->grid_mode == GROUPS && v->rural;
		for (int k = 0; k < n && rc == 0; k++) {
			memset(h, 0, sizeof(*h));
			h->registered = rng_permille(c, share);
			if (h->registered)
				poverty_data(c, h);
			else
				h->status = "not_registered";
			make_family(c, h, household_size(c, h->attribute));
			member_details(c, h);
			struct hh_place pl = { .v = v, .division = v->code };
			int g = v->ng ? rng_below(c, v->ng) : -1;
			if (g >= 0)
				pl.division = c->grid[v->g0 + g].code;
			int group = groups && g >= 0 ? g + 1 : rng_range(c, 1, 8);
			fmt(pl.address, sizeof(pl.address), "%s%s%s%d组", c->county_name, t->name, v->short_name, group);
			fmt(pl.household_no, sizeof(pl.household_no), n > 9999 ? "%s%05d" : "%s%04d", v->code, (k + 1) % 100000);
			rc = household_write(c, h, &pl);
		}
	}
	free(h);
	return rc;
}

/* ---- step: villagers' requests (诉求) ------------------------------------------ */

/*
 * A year of requests, 2025-11-01 to 2026-10-31 CST, as they stood at
 * 2026-11-01 00:00 CST: a fixed window (inside the holiday calendar of
 * migration 4), so the rows do not depend on when the demo runs.  About one
 * request per 15-30 households a year, from a household head of the village;
 * routed like requests.c (the category's level: county committee, township
 * committee, village branch); deadlines in working days over calendar_days;
 * each one taken through the state table of requests.c, one request_steps
 * row per action, escalated (督办) when a deadline passes while it is open,
 * exactly as requests_escalate would.
 */
#define RQ_FROM (epoch_of(2025, 11, 1) - 10 * 3600)
#define RQ_ASOF (epoch_of(2026, 11, 1) - 10 * 3600)
#define RQ_MAX_STEPS 32
#define HOUR 3600
#define DAY 86400

static const struct demo_weighted rq_default_mix[] = {
	{ "infra.water", 110 }, { "infra.road", 110 }, { "infra.power", 40 }, { "infra.lighting", 40 },
	{ "housing", 80 }, { "health", 60 }, { "help.medical", 40 }, { "help.living", 60 }, { "schooling", 55 },
	{ "consult.policy", 100 }, { "policy.poverty", 50 }, { "industry", 40 }, { "industry.jobs", 50 },
	{ "environment", 45 }, { "dispute.neighbour", 45 }, { "dispute.land", 30 }, { "complaint", 20 },
	{ "complaint.cadre", 8 }, { "suggestion", 25 },
};
/* 琼中: the 966701 hotline answers party-affairs and rural-tourism enquiries */
static const struct demo_weighted rq_qiongzhong_mix[] = {
	{ "infra.water", 120 }, { "infra.road", 120 }, { "infra.power", 35 }, { "infra.lighting", 35 },
	{ "housing", 80 }, { "health", 60 }, { "help.medical", 35 }, { "help.living", 50 }, { "schooling", 55 },
	{ "consult.policy", 80 }, { "consult.tourism", 90 }, { "policy.poverty", 45 }, { "industry", 40 },
	{ "industry.jobs", 40 }, { "environment", 40 }, { "dispute.neighbour", 40 }, { "dispute.land", 25 },
	{ "complaint", 15 }, { "complaint.cadre", 5 }, { "suggestion", 25 },
};
/* 凤庆: 339 problems solved, 27 disputes settled (about 7%) */
static const struct demo_weighted rq_fengqing_mix[] = {
	{ "infra.water", 110 }, { "infra.road", 120 }, { "infra.power", 40 }, { "infra.lighting", 35 },
	{ "housing", 90 }, { "health", 60 }, { "help.medical", 45 }, { "help.living", 65 }, { "schooling", 55 },
	{ "consult.policy", 100 }, { "policy.poverty", 70 }, { "industry", 55 }, { "industry.jobs", 45 },
	{ "environment", 40 }, { "dispute.neighbour", 40 }, { "dispute.land", 32 }, { "complaint", 15 },
	{ "complaint.cadre", 5 }, { "suggestion", 25 },
};
/* 竹山: 矛盾诉求化解, disputes about 12% */
static const struct demo_weighted rq_zhushan_mix[] = {
	{ "infra.water", 100 }, { "infra.road", 110 }, { "infra.power", 35 }, { "infra.lighting", 35 },
	{ "housing", 75 }, { "health", 55 }, { "help.medical", 40 }, { "help.living", 55 }, { "schooling", 50 },
	{ "consult.policy", 90 }, { "policy.poverty", 50 }, { "industry", 40 }, { "industry.jobs", 50 },
	{ "environment", 40 }, { "dispute.neighbour", 75 }, { "dispute.land", 55 }, { "complaint", 20 },
	{ "complaint.cadre", 8 }, { "suggestion", 20 },
};

/* Content and reply templates: '$' the village, '#' the group, '~' one of the county's industries. */
static const struct {
	const char *category, *organ;   /* organ: the county organ a transfer goes to */
	const char *content[4], *reply[2];
} rq_texts[] = {
	{ "infra.water", "水务局",
	  { "$#村里自来水管道破裂，已停水两天，请尽快维修", "$#水池水源不足，每天只有早上来水，请帮忙解决饮水问题",
	    "$#自来水浑浊发黄，担心水质不安全，请派人检测", "$#入户水管冻裂漏水，家里老人自己修不了，请帮忙维修" },
	  { "已联系镇供水站维修人员上门抢修，管道已修复，恢复正常供水", "已协调水务部门检测水质并清洗水池，水质检测合格" } },
	{ "infra.road", "交通运输局",
	  { "$#通组道路被雨水冲垮一段，车辆无法通行，请尽快修复", "$到#的村道路面坑洼严重，群众出行不便，希望硬化",
	    "$#路边山体有滑坡隐患，雨季通行危险，请排查处理", "$#生产便道杂草丛生、路基塌方，~运输困难" },
	  { "已组织人员清理塌方、修复路基，道路恢复通行", "已纳入年度村道硬化计划，先行平整路面、设置警示标志" } },
	{ "infra.power", NULL,
	  { "$#近期经常停电，电压不稳，家用电器无法使用", "$#电线杆倾斜、电线离地太低，存在安全隐患，请处理",
	    "$#新建~加工点需要接通动力电，请协调供电所" },
	  { "已协调供电所更换变压器、加固电杆，供电恢复正常", "已联系供电所上门勘查，动力电接入已安排施工" } },
	{ "infra.lighting", NULL,
	  { "$#村道路灯坏了好几盏，晚上出行不安全，请维修", "$#路口没有路灯，老人晚上出门不方便，希望安装太阳能路灯" },
	  { "已安排村电工更换损坏灯具，路灯恢复照明", "已将安装路灯列入村级公益事业项目，本月完成安装" } },
	{ "housing", "住房和城乡建设局",
	  { "$#家中老房墙体开裂、屋顶漏雨，担心住房安全，请上门鉴定", "$#房屋受暴雨影响后墙出现裂缝，申请危房改造",
	    "$#独居老人住房年久失修，雨天漏水，请帮助修缮" },
	  { "已组织住建部门上门鉴定，纳入危房改造计划并落实补助", "已协调对漏雨屋顶进行维修加固，住房安全有保障" } },
	{ "health", "卫生健康委员会",
	  { "$#村卫生室医生长期不在岗，看病要跑到镇上，请解决", "$#家中老人患慢性病行动不便，希望家庭医生上门随访",
	    "$#村卫生室缺少常用药品，请协调补充" },
	  { "已协调镇卫生院安排医生定期坐诊，村卫生室恢复正常服务", "已安排家庭医生签约服务团队上门随访，落实慢病管理" } },
	{ "help.medical", "医疗保障局",
	  { "$#家人住院治疗费用较高，咨询大病保险和医疗救助如何报销", "$#患者需要转诊到县医院，不清楚转诊手续，请帮忙" },
	  { "已协助办理转诊和“一站式”结算，落实医疗救助", "已上门讲解医保报销政策，协助提交医疗救助申请" } },
	{ "help.living", "民政局",
	  { "$#家中主要劳动力因病去世，生活困难，申请临时救助", "$#独居老人生活不能自理，申请特困供养",
	    "$#家庭收入骤减，申请纳入低保" },
	  { "经入户核实，已按程序发放临时救助金", "已受理申请并入户调查，经评议公示后纳入保障" } },
	{ "schooling", "教育局",
	  { "$#孩子上学路途远，希望协调校车或寄宿", "$#家庭困难，孩子的教育资助还没有到账，请帮忙查询",
	    "$#残疾孩子无法到校上学，申请送教上门" },
	  { "已协调学校安排寄宿并落实营养改善计划", "已核实资助发放情况，补发资金已到账" } },
	{ "consult.policy", "扶贫办",
	  { "$#咨询今年种植~的产业奖补政策和申报条件", "$#咨询农村养老保险缴费档次和补贴标准",
	    "$#咨询小额信贷贴息政策，想扩大~规模", "$#咨询外出务工交通补贴怎么申请" },
	  { "已电话答复政策内容和申报材料，群众表示清楚", "已由驻村工作队上门讲解政策，并协助准备申报材料" } },
	{ "consult.tourism", "文化广电旅游体育局",
	  { "$#想开办农家乐，咨询乡村旅游扶持政策和证照办理", "咨询$党员驿站开放时间和乡村旅游线路",
	    "$#想把~产品放到旅游点销售，咨询怎么对接", "咨询$民宿改造补贴和党建+旅游示范点申报" },
	  { "已答复乡村旅游扶持政策，并推荐参加民宿经营培训", "已提供旅游线路和党员驿站服务信息，群众表示满意" } },
	{ "policy.poverty", "扶贫办",
	  { "$#家里的产业奖补资金迟迟没有发放，请核实", "$#反映公益性岗位工资未按时发放",
	    "$#家中情况有变化，申请纳入防返贫监测" },
	  { "已核实，奖补资金已拨付到户", "经入户核实，已按程序纳入监测并落实帮扶措施" } },
	{ "industry", "农业农村局",
	  { "$#种植的~出现病虫害，请农技人员上门指导", "$#~丰收但销路不畅，请帮助联系收购",
	    "$#合作社想扩大~种植，咨询土地流转和技术支持" },
	  { "已安排农技人员上门指导防治，病虫害得到控制", "已协调电商平台和收购企业对接，产品已销售" } },
	{ "industry.jobs", "人力资源和社会保障局",
	  { "$#返乡人员想在县内就业，希望推荐岗位", "$#在外务工被拖欠工资，请帮助维权",
	    "$#想参加技能培训，咨询培训班什么时候开班" },
	  { "已推荐到县工业园区企业就业，已上岗", "已协调劳动监察部门督促企业支付拖欠工资" } },
	{ "environment", NULL,
	  { "$#垃圾收集点长期不清运，气味很大，请处理", "$#有养殖户污水直排水沟，影响饮水安全",
	    "$#河道垃圾堆积，影响村容村貌" },
	  { "已安排保洁员清运并增加清运频次", "已督促养殖户建设污水处理设施，整改到位" } },
	{ "dispute.neighbour", "司法局",
	  { "$#邻居建房占用公共通道，双方发生争执，请调解", "$#家庭赡养老人问题兄弟间有矛盾，请村里调解",
	    "$#邻居排水流到我家院子，多次沟通未果" },
	  { "已组织村调解委员会调解，双方达成一致", "已由村“两委”和网格员上门调解，矛盾已化解" } },
	{ "dispute.land", "自然资源局",
	  { "$#与邻村村民因山林界线发生纠纷，请帮助调处", "$#承包地边界不清，与邻居发生争执，请核实",
	    "$#~地块流转租金纠纷，请帮助协调" },
	  { "已组织林业站和司法所现场勘界调处，双方签订协议", "已调取确权资料现场核实边界，纠纷已调处" } },
	{ "complaint", NULL,
	  { "$#反映村务公开不及时，希望公开项目资金使用情况", "$#反映低保评定不公平，请核查" },
	  { "已督促村委会按规定公开村务和项目资金", "经核查，已按程序重新评议并公示结果" } },
	{ "complaint.cadre", "纪委监委",
	  { "反映$个别村干部办事推诿、态度生硬", "反映$村干部在项目实施中优亲厚友" },
	  { "经调查核实，已对相关干部进行批评教育并责令整改", "已转纪检监察机关核查，核查结果已向反映人反馈" } },
	{ "suggestion", NULL,
	  { "建议$建设文化活动广场，丰富群众文化生活", "建议在$#增设党员驿站服务点", "建议$统一组织~产品品牌销售" },
	  { "感谢建议，已纳入村级议事协商，待村民代表会议讨论", "已采纳建议，并列入下一年度项目计划" } },
};

static const char *const rq_mediation[] = {
	"经村调解委员会调解，双方达成协议，矛盾已化解", "经乡镇司法所、派出所联合调解，双方签订调解协议书",
	"部分事项达成一致，其余事项已引导通过法律途径解决", "调解未成，已告知当事人通过诉讼途径解决",
};

struct rq_cat {
	char code[32], kind[16], level[12];
	int sign_days, reply_days, close_days;
};

struct rq_names {
	char (*v)[64];
	int n;
};

struct rq_hh {
	char name[64], phone[12];
};

/* An organisation that can handle a request: its level (0 county, 1 township, 2 village, 3 county organ). */
struct rq_org {
	int64_t id, parent;
	int level, idx;
};

struct rq_step {
	int64_t at, org;
	const char *action, *from, *to, *actor_ref;
	char actor[64], note[256];
};

struct rq {
	const struct rq_cat *cat;
	int vil, tmpl;
	struct rq_org org;
	const char *status, *satisfaction, *reply;
	char content[512], mediation[256], ticket[24], division[16];
	int64_t id, escalated_org, merged_into, created, sign_due, reply_due, close_due, signed_at, replied_at, closed_at;
	int transfers, reopens;
	bool supervised, escalated, cut;
	struct rq_step step[RQ_MAX_STEPS];
	int nstep;
};

struct rq_ctx {
	struct rq_cat *cat;
	int ncat;
	struct workday_override *days;
	struct workday_calendar cal;
	struct rq_names county, *tw, *vil, *grid;
	struct rq_hh *hh;
	int *hh_first, *hh_count;   /* per village */
	uint64_t *tickets;
	size_t tickets_cap;
	const char *industries[MAX_INDUSTRIES];
	int nind;
};

static void names_push(struct rq_names *l, const char *s)
{
	if ((l->n & (l->n - 1)) == 0)
		l->v = xrealloc(l->v, (size_t)(l->n ? l->n * 2 : 1) * sizeof(*l->v));
	fmt(l->v[l->n++], 64, "%s", s);
}

static int village_of(const struct demo_ctx *c, const char *division)
{
	int lo = 0, hi = c->nvil - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, d = strncmp(c->vil[mid].code, division, 12);
		if (d == 0)
			return mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int township_of(const struct demo_ctx *c, const char *division)
{
	for (int i = 0; i < c->ntw; i++)
		if (!strncmp(c->tw[i].code, division, 9))
			return i;
	return -1;
}

static const struct rq_cat *rq_find_cat(const struct rq_ctx *x, const char *code)
{
	for (int i = 0; i < x->ncat; i++)
		if (!strcmp(x->cat[i].code, code))
			return &x->cat[i];
	return NULL;
}

static int rq_load(struct demo_ctx *c, struct rq_ctx *x)
{
	struct db_stmt *q = db_query(c->db, "SELECT code, kind, level, sign_days, reply_days, close_days"
					    " FROM request_categories ORDER BY sort", NULL);
	while (q && db_step(q) == DB_ROW) {
		x->cat = xrealloc(x->cat, (size_t)(x->ncat + 1) * sizeof(*x->cat));
		struct rq_cat *k = &x->cat[x->ncat++];
		fmt(k->code, sizeof(k->code), "%s", db_column_text(q, 0));
		fmt(k->kind, sizeof(k->kind), "%s", db_column_text(q, 1));
		fmt(k->level, sizeof(k->level), "%s", db_column_text(q, 2));
		k->sign_days = (int)db_column_int(q, 3);
		k->reply_days = (int)db_column_int(q, 4);
		k->close_days = (int)db_column_int(q, 5);
	}
	db_finalize(q);
	/* the working-day calendar, loaded once */
	int n = 0, cap = 0;
	q = db_query(c->db, "SELECT day, kind FROM calendar_days ORDER BY day", NULL);
	while (q && db_step(q) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			x->days = xrealloc(x->days, (size_t)cap * sizeof(*x->days));
		}
		fmt(x->days[n].day, sizeof(x->days[n].day), "%s", db_column_text(q, 0));
		x->days[n].kind = strcmp(db_column_text(q, 1), "work") == 0 ? WORKDAY_WORK : WORKDAY_OFF;
		n++;
	}
	db_finalize(q);
	x->cal = (struct workday_calendar){ .days = x->days, .count = n };
	if (x->ncat == 0)
		return fail(c, "load request categories");

	/* cadres by division: the county, townships, villages; grid workers by grid */
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(c->county, upper);
	x->tw = xcalloc((size_t)c->ntw, sizeof(*x->tw));
	x->vil = xcalloc((size_t)c->nvil, sizeof(*x->vil));
	x->grid = xcalloc((size_t)(c->ngrid > 0 ? c->ngrid : 1), sizeof(*x->grid));
	q = db_query(c->db, "SELECT division, name, cadre_role FROM people WHERE division >= $1 AND division < $2"
			    " AND cadre_role IS NOT NULL ORDER BY id", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		const char *d = db_column_text(q, 0), *name = db_column_text(q, 1), *role = db_column_text(q, 2);
		size_t len = strlen(d);
		int i;
		if (len == 6)
			names_push(&x->county, name);
		else if (len == 9 && strcmp(role, "grid_supervisor") && (i = township_of(c, d)) >= 0)
			names_push(&x->tw[i], name);
		else if (len == 12 && (i = village_of(c, d)) >= 0)
			names_push(&x->vil[i], name);
		else if (len > 12 && !strcmp(role, "grid_worker"))
			for (i = 0; i < c->ngrid; i++)
				if (!strcmp(c->grid[i].code, d)) {
					names_push(&x->grid[i], name);
					break;
				}
	}
	db_finalize(q);

	/* household heads by village (the registry lists them village by village) */
	x->hh_first = xcalloc((size_t)c->nvil, sizeof(int));
	x->hh_count = xcalloc((size_t)c->nvil, sizeof(int));
	int nhh = 0, hcap = 0;
	q = db_query(c->db, "SELECT head_name, phone, division FROM households WHERE division >= $1 AND division < $2"
			    " ORDER BY id", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		int v = village_of(c, db_column_text(q, 2));
		if (v < 0)
			continue;
		if (nhh == hcap) {
			hcap = hcap ? hcap * 2 : 1024;
			x->hh = xrealloc(x->hh, (size_t)hcap * sizeof(*x->hh));
		}
		struct rq_hh *h = &x->hh[nhh];
		fmt(h->name, sizeof(h->name), "%s", db_column_text(q, 0));
		fmt(h->phone, sizeof(h->phone), "%s", db_column_text(q, 1) ? db_column_text(q, 1) : "");
		if (x->hh_count[v]++ == 0)
			x->hh_first[v] = nhh;
		nhh++;
	}
	db_finalize(q);
	while (x->nind < MAX_INDUSTRIES && c->p->industries[x->nind]) {
		x->industries[x->nind] = c->p->industries[x->nind];
		x->nind++;
	}
	return 0;
}

static void rq_free(struct rq_ctx *x, int ntw, int nvil, int ngrid)
{
	free(x->cat);
	free(x->days);
	free(x->county.v);
	for (int i = 0; i < ntw; i++)
		free(x->tw[i].v);
	for (int i = 0; i < nvil; i++)
		free(x->vil[i].v);
	for (int i = 0; i < ngrid; i++)
		free(x->grid[i].v);
	free(x->tw);
	free(x->vil);
	free(x->grid);
	free(x->hh);
	free(x->hh_first);
	free(x->hh_count);
	free(x->tickets);
}

/* A ticket: the CST day and six random digits, unique in the county. */
static void rq_ticket(struct demo_ctx *c, struct rq_ctx *x, int64_t at, char out[24])
{
	char day[11];
	workdays_day(at, day);
	uint64_t ymd = (uint64_t)atoi(day) * 10000 + (uint64_t)atoi(day + 5) * 100 + (uint64_t)atoi(day + 8);
	for (;;) {
		uint64_t key = ymd * 1000000 + (uint64_t)rng_below(c, 1000000);
		if (x->tickets_cap == 0) {
			x->tickets_cap = 1 << 15;
			x->tickets = xcalloc(x->tickets_cap, sizeof(uint64_t));
		}
		size_t j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (x->tickets_cap - 1);
		while (x->tickets[j] && x->tickets[j] != key)
			j = (j + 1) & (x->tickets_cap - 1);
		if (x->tickets[j])
			continue;
		x->tickets[j] = key;   /* at most a few thousand a year: the table stays sparse */
		fmt(out, 24, "%08llu%06llu", (unsigned long long)ymd, (unsigned long long)(key % 1000000));
		return;
	}
}

/* Organisations: the county committee, a township's, a village's, a county organ's (by name). */
static struct rq_org rq_county(const struct demo_ctx *c) { return (struct rq_org){ c->county_org, 0, 0, 0 }; }
static struct rq_org rq_township(const struct demo_ctx *c, int t) { return (struct rq_org){ c->tw[t].org_id, c->county_org, 1, t }; }
static struct rq_org rq_village(const struct demo_ctx *c, int v)
{
	return (struct rq_org){ c->vil[v].org_id, c->tw[c->vil[v].township].org_id, 2, v };
}

static bool rq_organ(const struct demo_ctx *c, const char *organ, struct rq_org *o)
{
	for (int i = 0; organ && i < c->nunit; i++)
		if (!strcmp(c->unit[i].kind, "county_organ") && ends_with(c->unit[i].name, organ)) {
			*o = (struct rq_org){ c->unit[i].org_id, c->organs_org, 3, i };
			return true;
		}
	return false;
}

/* The routing of requests.c without rules: the committee of the category's level above the place. */
static struct rq_org rq_route(const struct demo_ctx *c, const struct rq_cat *k, int v)
{
	if (!strcmp(k->level, "county"))
		return rq_county(c);
	if (!strcmp(k->level, "village"))
		return rq_village(c, v);
	return rq_township(c, c->vil[v].township);
}

static const char *rq_org_division(const struct demo_ctx *c, const struct rq_org *o)
{
	return o->level == 1 ? c->tw[o->idx].code : o->level == 2 ? c->vil[o->idx].code : c->county;
}

static void rq_org_name(const struct demo_ctx *c, const struct rq_org *o, char *out, size_t n)
{
	if (o->level == 0)
		fmt(out, n, "%s委", c->common_name);
	else if (o->level == 1)
		fmt(out, n, "%s党委", c->tw[o->idx].name);
	else if (o->level == 2)
		fmt(out, n, "%s党组织", c->vil[o->idx].short_name);
	else
		fmt(out, n, "%s", c->unit[o->idx].name);
}

/* A cadre of the organisation's division (a county cadre for county organs). */
static void rq_actor(struct demo_ctx *c, const struct rq_ctx *x, const struct rq_org *o, char out[64])
{
	const struct rq_names *l = o->level == 1 ? &x->tw[o->idx] : o->level == 2 ? &x->vil[o->idx] : &x->county;
	if (l->n == 0 && o->level == 2)
		l = &x->tw[c->vil[o->idx].township];
	fmt(out, 64, "%s", l->n ? l->v[rng_below(c, l->n)] : "system");
}

static bool rq_is_open(const char *status)
{
	return strcmp(status, "closed") && strcmp(status, "merged") && strcmp(status, "withdrawn");
}

/* The first moment in [from, to) at which requests_escalate would take the request up: 0 if none. */
static int64_t rq_overdue(const struct rq *r, int64_t from, int64_t to)
{
	if (r->escalated || !rq_is_open(r->status))
		return 0;
	int64_t v = r->close_due + 1;
	if (!r->signed_at && r->sign_due + 1 < v)
		v = r->sign_due + 1;
	if (!r->replied_at && r->reply_due + 1 < v)
		v = r->reply_due + 1;
	if (v <= from)
		v = from + 1;
	return v < to ? v : 0;
}

static struct rq_step *rq_push(struct rq *r, int64_t at, const char *action, const char *to, int64_t org,
			       const char *actor, const char *note)
{
	if (r->nstep == RQ_MAX_STEPS)
		return NULL;
	struct rq_step *s = &r->step[r->nstep++];
	memset(s, 0, sizeof(*s));
	s->at = at;
	s->org = org;
	s->action = action;
	s->from = r->nstep == 1 ? NULL : r->status;
	s->to = to;
	fmt(s->actor, sizeof(s->actor), "%s", actor);
	fmt(s->note, sizeof(s->note), "%s", note ? note : "");
	r->status = to;
	return s;
}

/* The escalation, if a deadline passes before at while the request is open. */
static void rq_check(struct demo_ctx *c, struct rq *r, int64_t at)
{
	int64_t last = r->step[r->nstep - 1].at;
	int64_t v = rq_overdue(r, last, at);
	if (v == 0)
		return;
	int64_t e = v + rng_range(c, 60, 6 * HOUR);   /* the next time someone looks */
	if (e >= at)
		e = v;
	r->escalated = true;
	r->supervised = true;
	r->escalated_org = r->org.parent;
	rq_push(r, e, "escalate", r->status, r->org.parent, "system", "逾期，提级督办 (overdue: escalated)");
}

/*
 * One action at time at (at least a minute after the last): the escalation
 * that a passing deadline caused first, then the action, unless at is past
 * the reference date: then the request stays as it is (false).
 */
static bool rq_act(struct demo_ctx *c, struct rq *r, int64_t at, const char *action, const char *to, int64_t org,
		   const char *actor, const char *note)
{
	if (r->cut)
		return false;
	int64_t last = r->step[r->nstep - 1].at;
	if (at < last + 60)
		at = last + 60;
	if (at >= RQ_ASOF || r->nstep + 2 > RQ_MAX_STEPS) {
		rq_check(c, r, RQ_ASOF);
		r->cut = true;
		return false;
	}
	rq_check(c, r, at);
	rq_push(r, at, action, to, org, actor, note);
	if (!strcmp(action, "sign"))
		r->signed_at = at;
	else if (!strcmp(action, "reply"))
		r->replied_at = at;
	else if (!strcmp(action, "close"))
		r->closed_at = at;
	return true;
}

/* A moment between lo and hi moved into the working hours (08:00-19:00 CST) when that keeps it under hi. */
static int64_t rq_daytime(struct demo_ctx *c, int64_t lo, int64_t hi)
{
	int64_t t = hi > lo ? lo + rng_below(c, (int)((hi - lo) > 2000000000 ? 2000000000 : hi - lo)) : lo;
	int64_t local = t + 8 * HOUR, day = local - local % DAY, h = (local % DAY) / HOUR;
	int64_t moved = t;
	if (h < 8)
		moved = day + 8 * HOUR + rng_below(c, 2 * HOUR) - 8 * HOUR;
	else if (h >= 19)
		moved = day + DAY + 8 * HOUR + rng_below(c, 2 * HOUR) - 8 * HOUR;
	return moved > lo && moved <= hi ? moved : t;
}

static int64_t rq_last(const struct rq *r) { return r->step[r->nstep - 1].at; }

static void rq_expand(struct demo_ctx *c, const struct rq_ctx *x, const char *tmpl, int v, char *out, size_t n)
{
	char group[32];
	fmt(group, sizeof(group), "%d组", rng_range(c, 1, 8));
	const char *ind = x->nind ? x->industries[rng_below(c, x->nind)] : "种植";
	size_t k = 0;
	out[0] = '\0';
	for (const char *p = tmpl; *p && k + 1 < n; p++) {
		const char *rep = *p == '$' ? c->vil[v].short_name : *p == '#' ? group : *p == '~' ? ind : NULL;
		size_t m = rep ? strlen(rep) : 1;
		if (k + m + 1 > n)
			break;
		memcpy(out + k, rep ? rep : p, m);
		k += m;
	}
	out[k] = '\0';
}

static int rq_texts_of(const char *category)
{
	for (int i = 0; i < N(rq_texts); i++)
		if (!strcmp(rq_texts[i].category, category))
			return i;
	return -1;
}

/* Transfer to org by actor (the handler, or a dispatcher after a return). */
static bool rq_transfer(struct demo_ctx *c, const struct rq_ctx *x, struct rq *r, int64_t at, struct rq_org to,
			const char *actor)
{
	char name[192], note[256];
	rq_org_name(c, &to, name, sizeof(name));
	fmt(note, sizeof(note), "经核实，该诉求属%s职责范围，转%s办理", name, name);
	if (!rq_act(c, r, at, "transfer", "transferred", to.id, actor, note))
		return false;
	r->org = to;
	r->signed_at = 0;
	r->transfers++;
	r->sign_due = workdays_add(&x->cal, rq_last(r), r->cat->sign_days);
	if (r->transfers >= 3)
		r->supervised = true;
	return true;
}

/* Sign (on time about 95%), maybe start, mediate a dispute, reply (on time about 90%). */
static bool rq_handle(struct demo_ctx *c, const struct rq_ctx *x, struct rq *r, char actor[64])
{
	(void)x;
	int64_t t = rq_last(r);
	if (strcmp(r->status, "reopened")) {
		int64_t at = rng_permille(c, 950) || r->org.parent == 0 ? rq_daytime(c, t + 300, t + (r->sign_due - t) * 7 / 10)
									: r->sign_due + rng_range(c, HOUR, 30 * HOUR);
		if (!rq_act(c, r, at, "sign", "signed", 0, actor, NULL))
			return false;
		t = rq_last(r);
		if (rng_permille(c, 600) && !rq_act(c, r, t + rng_range(c, 600, 20 * HOUR), "start", "in_progress", 0, actor, NULL))
			return false;
	}
	t = rq_last(r);
	bool on_time = (rng_permille(c, 900) || r->org.parent == 0) && r->reply_due > t + 2 * HOUR;
	int64_t reply_at = on_time ? rq_daytime(c, t + 1800, t + (r->reply_due - t) * 9 / 10)
				   : (r->reply_due > t ? r->reply_due : t) + rng_range(c, 2 * HOUR, 3 * DAY);
	if (!strcmp(r->cat->kind, "dispute") && !*r->mediation) {
		int k = rng_below(c, 1000);
		const char *outcome = rq_mediation[k < 850 ? rng_below(c, 2) : k < 950 ? 2 : 3];
		int64_t at = t + (reply_at - t) * rng_range(c, 30, 80) / 100;
		if (!rq_act(c, r, at, "mediate", r->status, 0, actor, outcome))
			return false;
		fmt(r->mediation, sizeof(r->mediation), "%s", outcome);
	}
	int ti = r->tmpl;
	if (!rq_act(c, r, reply_at, "reply", "replied", 0, actor, rq_texts[ti].reply[rng_below(c, 2)]))
		return false;
	r->reply = r->step[r->nstep - 1].note;
	return true;
}

/* Callback and close; an unsatisfied callback reopens it (at most once more). */
static void rq_finish(struct demo_ctx *c, const struct rq_ctx *x, struct rq *r, char actor[64])
{
	for (int round = 0; round < 2; round++) {
		int64_t t = rq_last(r);
		int k = rng_below(c, 1000);
		bool unsatisfied = round == 0 && k >= 950;
		const char *sat = unsatisfied ? "unsatisfied" : k < (round == 0 ? 850 : 700) ? "satisfied" : "basic";
		int64_t at = rq_daytime(c, t + 2 * HOUR, t + 2 * DAY);
		if (!rq_act(c, r, at, "visit", unsatisfied ? "reopened" : "visited", 0, actor, sat))
			return;
		r->satisfaction = sat;
		if (unsatisfied) {
			r->reopens++;
			r->supervised = true;
			r->replied_at = 0;
			if (!rq_handle(c, x, r, actor))
				return;
			continue;
		}
		t = rq_last(r);
		int64_t close = t + rng_range(c, 600, 8 * HOUR);
		if (close > r->close_due && r->close_due > t + 120)
			close = t + 60 + rng_below(c, (int)(r->close_due - t - 60));
		rq_act(c, r, close, "close", "closed", 0, actor, "已回访，群众认可，办结");
		return;
	}
}

/* A new request of village v at t0: content, requester, route and deadlines, the submit step. */
static void rq_new(struct demo_ctx *c, struct rq_ctx *x, struct rq *r, const struct rq_cat *k, int v, int64_t t0,
		   const char *channel, char requester[64], char phone[12])
{
	memset(r, 0, sizeof(*r));
	r->cat = k;
	r->vil = v;
	r->tmpl = rq_texts_of(k->code);
	r->created = t0;
	r->org = rq_route(c, k, v);
	r->sign_due = workdays_add(&x->cal, t0, k->sign_days);
	r->reply_due = workdays_add(&x->cal, t0, k->reply_days);
	r->close_due = workdays_add(&x->cal, t0, k->close_days);
	const struct village *vl = &c->vil[v];
	int g = vl->ng ? vl->g0 + rng_below(c, vl->ng) : -1;
	fmt(r->division, sizeof(r->division), "%s", g >= 0 ? c->grid[g].code : vl->code);
	/* the requester: a household head of the village */
	if (x->hh_count[v] > 0) {
		const struct rq_hh *h = &x->hh[x->hh_first[v] + rng_below(c, x->hh_count[v])];
		fmt(requester, 64, "%s", h->name);
		if (*h->phone)
			fmt(phone, 12, "%s", h->phone);
		else
			make_phone(c, phone);
	} else {
		make_name(c, pick_ethnicity(c), rng_permille(c, 600), requester, 64);
		make_phone(c, phone);
	}
	rq_ticket(c, x, t0, r->ticket);
	const char *actor = channel;
	if (!strcmp(channel, "grid") && g >= 0 && x->grid[g].n)
		actor = x->grid[g].v[0];
	r->status = "submitted";
	rq_push(r, t0, "submit", "submitted", r->org.id, actor, NULL);
}

static int rq_write(struct demo_ctx *c, struct rq *r, const char *channel, const char *content, const char *name,
		    const char *phone, const char *urgency, const char *source_ref)
{
	int64_t updated = rq_last(r);
	struct db_stmt *q = db_prepare(c->db,
		"INSERT INTO requests (ticket, channel, division, category, content, requester_name, requester_phone,"
		" urgency, status, org_id, org_division, escalated_org_id, supervised, transfer_count, reopen_count, reply,"
		" satisfaction, mediation_outcome, merged_into, source_ref, created_at, sign_due, reply_due, close_due,"
		" signed_at, replied_at, closed_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
		" $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare requests");
	int rc = db_bind_text(q, 1, r->ticket);
	rc = rc ? rc : db_bind_text(q, 2, channel);
	rc = rc ? rc : db_bind_text(q, 3, r->division);
	rc = rc ? rc : db_bind_text(q, 4, r->cat->code);
	rc = rc ? rc : db_bind_text(q, 5, content);
	rc = rc ? rc : db_bind_text(q, 6, name);
	rc = rc ? rc : db_bind_text(q, 7, phone);
	rc = rc ? rc : db_bind_text(q, 8, urgency);
	rc = rc ? rc : db_bind_text(q, 9, r->status);
	rc = rc ? rc : db_bind_int(q, 10, r->org.id);
	rc = rc ? rc : db_bind_text(q, 11, rq_org_division(c, &r->org));
	rc = rc ? rc : bind_id(q, 12, r->escalated_org);
	rc = rc ? rc : db_bind_int(q, 13, r->supervised);
	rc = rc ? rc : db_bind_int(q, 14, r->transfers);
	rc = rc ? rc : db_bind_int(q, 15, r->reopens);
	rc = rc ? rc : db_bind_text(q, 16, r->reply);
	rc = rc ? rc : db_bind_text(q, 17, r->satisfaction);
	rc = rc ? rc : db_bind_text(q, 18, *r->mediation ? r->mediation : NULL);
	rc = rc ? rc : bind_id(q, 19, r->merged_into);
	rc = rc ? rc : db_bind_text(q, 20, source_ref);
	rc = rc ? rc : db_bind_int(q, 21, r->created);
	rc = rc ? rc : db_bind_int(q, 22, r->sign_due);
	rc = rc ? rc : db_bind_int(q, 23, r->reply_due);
	rc = rc ? rc : db_bind_int(q, 24, r->close_due);
	rc = rc ? rc : bind_id(q, 25, r->signed_at);
	rc = rc ? rc : bind_id(q, 26, r->replied_at);
	rc = rc ? rc : bind_id(q, 27, r->closed_at);
	rc = rc ? rc : db_bind_int(q, 28, updated);
	if (returning_id(c, q, rc, &r->id, "insert request"))
		return -1;
	for (int i = 0; i < r->nstep; i++) {
		const struct rq_step *s = &r->step[i];
		if (db_exec(c->db, "INSERT INTO request_steps (request_id, at, actor_name, action, from_status, to_status,"
				   " org_id, note) VALUES ($1, $2, $3, $4, $5, $6, NULLIF(CAST($7 AS BIGINT), 0), $8)", "iittttit", r->id, s->at,
			    s->actor, s->action, s->from, s->to, s->org, *s->note ? s->note : NULL) != DB_OK)
			return fail(c, "insert request step");
	}
	c->st->requests++;
	c->st->open_requests += rq_is_open(r->status);
	return 0;
}

static int gen_requests(struct demo_ctx *c)
{
	static const struct demo_weighted channels[] = {
		{ "grid", 45 }, { "hotline", 20 }, { "walk_in", 15 }, { "web", 8 }, { "kiosk", 5 }, { "visit", 7 } };
	const struct demo_weighted *mix = rq_default_mix;
	int nmix = N(rq_default_mix);
	if (!strcmp(c->county, "469030"))
		mix = rq_qiongzhong_mix, nmix = N(rq_qiongzhong_mix);
	else if (!strcmp(c->county, "530921"))
		mix = rq_fengqing_mix, nmix = N(rq_fengqing_mix);
	else if (!strcmp(c->county, "420323"))
		mix = rq_zhushan_mix, nmix = N(rq_zhushan_mix);
	const char *hotline = !strcmp(c->county, "469030") ? "966701" : "12345";

	struct rq_ctx x = { 0 };
	int rc = rq_load(c, &x);
	struct rq *r = xcalloc(2, sizeof(*r)), *dup = r + 1;
	/* one request a year per 18-26 households of the registry (琼中: about 1,500 from 30,000) */
	int per = rng_range(c, 18, 26);
	int days = (int)((RQ_ASOF - RQ_FROM) / DAY);
	for (int v = 0; v < c->nvil && rc == 0; v++) {
		const struct village *vl = &c->vil[v];
		int n = x.hh_count[v] / per + (rng_below(c, per) < x.hh_count[v] % per);
		for (int i = 0; i < n && rc == 0; i++) {
			const struct rq_cat *k = rq_find_cat(&x, pick_weighted(c, mix, nmix));
			if (k == NULL)
				continue;
			const char *channel = pick_weighted(c, channels, N(channels));
			/* a day of the year, fewer at weekends; office hours, the hotline from 07:00 to 22:00 */
			int64_t day = RQ_FROM + (int64_t)rng_below(c, days) * DAY;
			if (!workdays_is_working(&x.cal, day) && rng_permille(c, 500))
				day = RQ_FROM + (int64_t)rng_below(c, days) * DAY;
			bool hot = !strcmp(channel, "hotline");
			int64_t t0 = day + (hot ? rng_range(c, 7 * HOUR, 22 * HOUR) : rng_range(c, 8 * HOUR, 18 * HOUR)) +
				     rng_below(c, HOUR);
			char requester[64], phone[12], content[512];
			rq_new(c, &x, r, k, v, t0, channel, requester, phone);
			if (r->tmpl < 0) {
				rc = fail(c, "request template");
				break;
			}
			int nt = 0;
			while (nt < 4 && rq_texts[r->tmpl].content[nt])
				nt++;
			rq_expand(c, &x, rq_texts[r->tmpl].content[rng_below(c, nt)], v, content, sizeof(content));
			bool serious = !strcmp(k->code, "infra.water") || !strcmp(k->code, "infra.power") ||
				       !strcmp(k->code, "housing") || !strcmp(k->code, "health") || !strcmp(k->code, "help.medical");
			int u = rng_below(c, 1000);
			const char *urgency = u < (serious ? 760 : 920) ? "normal" : u < (serious ? 950 : 990) ? "urgent" : "emergency";
			const char *source = hot ? hotline : NULL;

			char actor[64];
			rq_actor(c, &x, &r->org, actor);
			int fate = rng_below(c, 1000);
			bool spawn_dup = false;
			if (!strcmp(k->kind, "consult") && hot && rng_permille(c, 600)) {
				/* answered on the spot (requests_create's answer): signed and replied at once */
				int64_t at = t0 + rng_range(c, 180, 900);
				if (rq_act(c, r, at, "reply", "replied", 0, actor, rq_texts[r->tmpl].reply[rng_below(c, 2)])) {
					r->signed_at = at;
					r->reply = r->step[r->nstep - 1].note;
					rq_finish(c, &x, r, actor);
				}
			} else if (fate < 10) {
				/* withdrawn: solved by the family itself */
				if (rng_permille(c, 500))
					rq_act(c, r, rq_daytime(c, t0 + 600, r->sign_due - HOUR), "sign", "signed", 0, actor, NULL);
				char staff[64];
				struct rq_org place = rq_village(c, v);
				rq_actor(c, &x, &place, staff);
				rq_act(c, r, rq_last(r) + rng_range(c, 2 * HOUR, 3 * DAY), "withdraw", "withdrawn", 0, staff,
				       "群众来电表示问题已自行解决，申请撤回");
			} else if (fate < 60) {
				/* misrouted: returned then transferred by the dispatcher (1%), or transferred once to three times */
				bool returned = fate < 20;
				int times = returned ? 1 : rng_permille(c, 650) ? 1 : rng_permille(c, 750) ? 2 : 3;
				bool ok = true;
				if (returned) {
					ok = rq_act(c, r, rq_daytime(c, t0 + 1800, r->sign_due - HOUR), "return", "returned", 0, actor,
						    "经核实不属于本单位职责，申请退回重新派单");
					struct rq_org disp = r->org.level == 2 ? rq_township(c, vl->township) : rq_county(c);
					rq_actor(c, &x, &disp, actor);
				} else if (rng_permille(c, 400)) {
					ok = rq_act(c, r, rq_daytime(c, t0 + 600, r->sign_due - HOUR), "sign", "signed", 0, actor, NULL);
				}
				for (int j = 0; j < times && ok; j++) {
					struct rq_org to;
					if (j == 0)
						to = r->org.level == 2 ? rq_township(c, vl->township) : rq_village(c, v);
					else if (j == 1 && rq_organ(c, rq_texts[r->tmpl].organ, &to))
						;
					else
						to = r->org.level == 0 ? rq_township(c, vl->township) : rq_county(c);
					if (to.id == r->org.id)
						to = r->org.level == 1 ? rq_county(c) : rq_township(c, vl->township);
					ok = rq_transfer(c, &x, r, rq_daytime(c, rq_last(r) + 1800, rq_last(r) + DAY), to, actor);
					rq_actor(c, &x, &r->org, actor);
				}
				if (ok && rq_handle(c, &x, r, actor))
					rq_finish(c, &x, r, actor);
			} else {
				spawn_dup = fate < 70;
				if (rq_handle(c, &x, r, actor))
					rq_finish(c, &x, r, actor);
			}
			rc = rq_write(c, r, channel, content, requester, phone, urgency, source);

			/* a duplicate from a neighbour, merged into this one while it is open */
			if (rc == 0 && spawn_dup) {
				int64_t end = rq_is_open(r->status) ? RQ_ASOF : rq_last(r);
				int64_t t1 = t0 + rng_range(c, HOUR, 20 * HOUR), merge = t1 + rng_range(c, 600, 4 * HOUR);
				if (merge < end && merge < RQ_ASOF) {
					char dname[64], dphone[12], note[256], dactor[64];
					const char *dchannel = pick_weighted(c, channels, N(channels));
					rq_new(c, &x, dup, k, v, t1, dchannel, dname, dphone);
					rq_actor(c, &x, &dup->org, dactor);
					fmt(note, sizeof(note), "与工单%s反映的为同一问题，合并办理", r->ticket);
					if (rq_act(c, dup, merge, "merge", "merged", 0, dactor, note))
						dup->merged_into = r->id;
					rc = rq_write(c, dup, dchannel, content, dname, dphone, urgency,
						      !strcmp(dchannel, "hotline") ? hotline : NULL);
				}
			}
		}
	}
	free(r);
	rq_free(&x, c->ntw, c->nvil, c->ngrid);
	return rc;
}

/* ---- step: party organisational life (党组织生活) ------------------------------ */

/*
 * A year of organisational life in the reference year of the requests
 * (2025-11-01 .. 2026-10-31 CST): the meetings every organisation owes under
 * the default meeting_rules (三会一课, 主题党日, 组织生活会, 民主评议; the
 * township committees' weekly meetings on village work and their leaders'
 * weekly area meetings), held at 85-95% (weak branches about 60%,
 * demonstration branches all of them), with attendance lists from the
 * rosters; the villages' two-committee, representatives' and women's
 * meetings; 乳源's meeting-free Thursdays and Fridays with a few urgent
 * exceptions; notices and tasks with their receipts; 四议两公开 decisions
 * built on the villages' own meetings; trainings, and 凤庆's family party
 * schools.
 */

#define PL_ALL_CAP 1000        /* an all-member meeting lists the whole roster (a bound, never reached) */
#define PL_SAMPLE_CAP 12       /* lectures and theme days of a larger branch: the sign-in sheet of a sample */
#define PL_AREA_CAP 40         /* an area meeting */
#define PL_GROUP_CAP 10        /* a party group */
#define PL_REPS_MAX 35         /* villager representatives */
#define PL_WOMEN_MAX 15
#define PL_SCHOOL_SAMPLE 12    /* attendees recorded of a family-party-school session */

struct pl_person {
	int64_t id, org;
	char name[64], division[16], role[24];
	char sex;
	bool member, flowing;
	int by;
};

struct pl_org {
	int64_t id, parent, secretary;
	char type[32], division[16], name[192];
	int theme_day, vil, tw;           /* village / township index, -1 */
	bool demo, weak;
	int *roster, nroster, cap;         /* member indices into pp */
};

struct pl_att {
	int64_t person;
	bool present;
	const char *reason;
};

struct pl_meet {
	int64_t at, id;
	const char *kind, *place, *reason;
	int org, a0, na, present;
	bool urgent, used;
	char host[64], topic[256], minutes[768], decisions[256];
};

struct pl_rule {
	char org_type[32], kind[40], freq[16];
	int times;
	bool per_leader;
};

struct pl_ctx {
	struct pl_person *pp;
	int np;
	struct pl_org *org;
	int norg;
	struct pl_rule rule[64];
	int nrule;
	int64_t day0, day1;                /* CST day numbers of the window, [day0, day1) */
	unsigned free_mask;                /* ISO weekdays without meetings (bit d) */
	struct pl_meet *m;
	int nm, capm;
	struct pl_att *a;
	int na, capa;
	int *vil_people, *vil_first, *vil_count;   /* people of each village's subtree, by village */
	int *leaders, *leader_first, *leader_count; /* township leaders, by township */
	int *staff, *staff_first, *staff_count;    /* township staff, by township */
};

static int64_t pl_day_of(int y, int m, int d) { return (epoch_of(y, m, d) - 2 * HOUR) / DAY; }
static int64_t pl_time(int64_t day, int minutes) { return day * DAY - 8 * HOUR + (int64_t)minutes * 60; }
static int64_t pl_day(int64_t t) { return (t + 8 * HOUR) / DAY; }
static int pl_weekday(int64_t day) { return (int)((day + 3) % 7) + 1; }

static void pl_civil(int64_t day, int *y, int *m, int *d)
{
	/* the inverse of pl_day_of (Howard Hinnant's civil_from_days) */
	int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool pl_free(const struct pl_ctx *x, int64_t day) { return (x->free_mask >> pl_weekday(day)) & 1u; }

/* A day in [lo, hi] that is not meeting-free (weekdays only when office is set); lo when none is. */
static int64_t pl_pick_day(struct demo_ctx *c, const struct pl_ctx *x, int64_t lo, int64_t hi, bool office)
{
	if (hi < lo)
		hi = lo;
	for (int tries = 0; tries < 24; tries++) {
		int64_t d = lo + rng_below(c, (int)(hi - lo + 1));
		if (!pl_free(x, d) && (!office || pl_weekday(d) <= 5))
			return d;
	}
	for (int64_t d = lo; d <= hi; d++)
		if (!pl_free(x, d) && (!office || pl_weekday(d) <= 5))
			return d;
	for (int64_t d = lo; d <= hi; d++)
		if (!pl_free(x, d))
			return d;
	return lo;
}

static struct pl_meet *pl_meet_new(struct demo_ctx *c, struct pl_ctx *x, int org, const char *kind, int64_t at)
{
	(void)c;
	if (x->nm == x->capm) {
		x->capm = x->capm ? x->capm * 2 : 256;
		x->m = xrealloc(x->m, (size_t)x->capm * sizeof(*x->m));
	}
	struct pl_meet *m = &x->m[x->nm++];
	memset(m, 0, sizeof(*m));
	m->org = org;
	m->kind = kind;
	m->at = at;
	m->a0 = x->na;
	return m;
}

static void pl_att_push(struct pl_ctx *x, int64_t person, bool present, const char *reason)
{
	if (x->na == x->capa) {
		x->capa = x->capa ? x->capa * 2 : 4096;
		x->a = xrealloc(x->a, (size_t)x->capa * sizeof(*x->a));
	}
	x->a[x->na++] = (struct pl_att){ person, present, reason };
}

/* Why a member missed a meeting in month mo. */
static const char *pl_absence(struct demo_ctx *c, const struct pl_person *p, int mo)
{
	if (p->flowing)
		return "外出务工";
	if (p->by <= 1950 && rng_permille(c, 700))
		return "年老体弱";
	bool staff = !strncmp(p->role, "township", 8) || !strcmp(p->role, "first_secretary") ||
		     !strcmp(p->role, "resident_team") || strlen(p->division) <= 6;
	static const struct demo_weighted rural[] = {
		{ "外出务工", 30 }, { "生病", 14 }, { "请假（家中有事）", 20 }, { "农忙", 12 }, { "外出就医", 6 },
		{ "照顾病重家属", 6 }, { "走亲访友", 4 }, { "无故缺席", 3 } };
	static const struct demo_weighted office[] = {
		{ "公务外出", 40 }, { "下乡驻村", 25 }, { "生病", 12 }, { "请假（家中有事）", 15 }, { "参加上级培训", 8 } };
	const char *r = staff ? pick_weighted(c, office, N(office)) : pick_weighted(c, rural, N(rural));
	if (!strcmp(r, "农忙") && !(mo >= 4 && mo <= 10))
		r = "请假（家中有事）";
	return r;
}

/* Attendance of the people idx[0..n) (indices into pp): hosts present, the others at rate permille. */
static int pl_attend(struct demo_ctx *c, struct pl_ctx *x, struct pl_meet *m, const int *idx, int n, int permille,
		     int64_t host)
{
	int y, mo, d;
	pl_civil(pl_day(m->at), &y, &mo, &d);
	m->a0 = x->na;
	for (int i = 0; i < n; i++) {
		const struct pl_person *p = &x->pp[idx[i]];
		bool present = p->id == host || (p->flowing ? rng_permille(c, 150) : rng_permille(c, permille));
		pl_att_push(x, p->id, present, present ? NULL : pl_absence(c, p, mo));
		m->present += present;
	}
	m->na = x->na - m->a0;
	return m->na;
}

/* ---- loading --------------------------------------------------------------------- */

static int pl_org_index(const struct pl_ctx *x, int64_t id)
{
	int lo = 0, hi = x->norg - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (x->org[mid].id == id)
			return mid;
		if (x->org[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void pl_roster_add(struct pl_org *o, int person)
{
	if (o->nroster == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->roster = xrealloc(o->roster, (size_t)o->cap * sizeof(int));
	}
	o->roster[o->nroster++] = person;
}

static bool pl_branch(const char *type)
{
	return !strcmp(type, "village_branch") || !strcmp(type, "community_branch") || !strcmp(type, "general_branch");
}

static int pl_load(struct demo_ctx *c, struct pl_ctx *x)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(c->county, upper);
	struct db_stmt *q = db_query(c->db, "SELECT org_type, kind, frequency, times, per_leader FROM meeting_rules"
					    " ORDER BY org_type, kind", NULL);
	while (q && db_step(q) == DB_ROW && x->nrule < N(x->rule)) {
		struct pl_rule *r = &x->rule[x->nrule++];
		fmt(r->org_type, sizeof(r->org_type), "%s", db_column_text(q, 0));
		fmt(r->kind, sizeof(r->kind), "%s", db_column_text(q, 1));
		fmt(r->freq, sizeof(r->freq), "%s", db_column_text(q, 2));
		r->times = (int)db_column_int(q, 3);
		r->per_leader = db_column_int(q, 4) != 0;
	}
	db_finalize(q);
	q = db_query(c->db, "SELECT id, COALESCE(parent_id, 0), COALESCE(secretary_id, 0), type, division, name,"
			    " COALESCE(theme_day, 0), demonstration, weak FROM orgs WHERE division >= $1 AND division < $2"
			    " ORDER BY id", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		x->org = xrealloc(x->org, (size_t)(x->norg + 1) * sizeof(*x->org));
		struct pl_org *o = &x->org[x->norg++];
		memset(o, 0, sizeof(*o));
		o->id = db_column_int(q, 0);
		o->parent = db_column_int(q, 1);
		o->secretary = db_column_int(q, 2);
		fmt(o->type, sizeof(o->type), "%s", db_column_text(q, 3));
		fmt(o->division, sizeof(o->division), "%s", db_column_text(q, 4));
		fmt(o->name, sizeof(o->name), "%s", db_column_text(q, 5));
		o->theme_day = (int)db_column_int(q, 6);
		o->demo = db_column_int(q, 7) != 0;
		o->weak = db_column_int(q, 8) != 0;
		o->vil = strlen(o->division) >= 12 ? village_of(c, o->division) : -1;
		o->tw = strlen(o->division) >= 9 ? township_of(c, o->division) : -1;
	}
	db_finalize(q);
	q = db_query(c->db, "SELECT id, COALESCE(org_id, 0), name, division, COALESCE(cadre_role, ''), sex,"
			    " political_status IN ('member', 'probationary'), COALESCE(flowing_out, 0), birth_date"
			    " FROM people WHERE division >= $1 AND division < $2 ORDER BY id", "tt", c->county, upper);
	int cap = 0;
	while (q && db_step(q) == DB_ROW) {
		if (x->np == cap) {
			cap = cap ? cap * 2 : 4096;
			x->pp = xrealloc(x->pp, (size_t)cap * sizeof(*x->pp));
		}
		struct pl_person *p = &x->pp[x->np++];
		memset(p, 0, sizeof(*p));
		p->id = db_column_int(q, 0);
		p->org = db_column_int(q, 1);
		fmt(p->name, sizeof(p->name), "%s", db_column_text(q, 2));
		fmt(p->division, sizeof(p->division), "%s", db_column_text(q, 3));
		fmt(p->role, sizeof(p->role), "%s", db_column_text(q, 4));
		p->sex = db_column_text(q, 5) ? db_column_text(q, 5)[0] : 'M';
		p->member = db_column_int(q, 6) != 0;
		p->flowing = db_column_int(q, 7) != 0;
		p->by = db_column_text(q, 8) ? atoi(db_column_text(q, 8)) : 1970;
	}
	db_finalize(q);
	/* rosters: the members of an organisation, a general branch's with its branches' */
	for (int i = 0; i < x->np; i++) {
		if (!x->pp[i].member || !x->pp[i].org)
			continue;
		int k = pl_org_index(x, x->pp[i].org);
		if (k < 0)
			continue;
		pl_roster_add(&x->org[k], i);
		int p = pl_org_index(x, x->org[k].parent);
		if (p >= 0 && !strcmp(x->org[p].type, "general_branch"))
			pl_roster_add(&x->org[p], i);
	}
	/* the people of each village's subtree, and the township leaders */
	x->vil_first = xcalloc((size_t)c->nvil + 1, sizeof(int));
	x->vil_count = xcalloc((size_t)c->nvil + 1, sizeof(int));
	x->vil_people = xcalloc((size_t)x->np + 1, sizeof(int));
	x->leader_first = xcalloc((size_t)c->ntw + 1, sizeof(int));
	x->leader_count = xcalloc((size_t)c->ntw + 1, sizeof(int));
	x->leaders = xcalloc((size_t)x->np + 1, sizeof(int));
	x->staff_first = xcalloc((size_t)c->ntw + 1, sizeof(int));
	x->staff_count = xcalloc((size_t)c->ntw + 1, sizeof(int));
	x->staff = xcalloc((size_t)x->np + 1, sizeof(int));
	int *vil = xcalloc((size_t)x->np + 1, sizeof(int)), *tw = xcalloc((size_t)x->np + 1, sizeof(int));
	int *st = xcalloc((size_t)x->np + 1, sizeof(int));
	for (int i = 0; i < x->np; i++) {
		vil[i] = strlen(x->pp[i].division) >= 12 ? village_of(c, x->pp[i].division) : -1;
		tw[i] = !strcmp(x->pp[i].role, "township_leader") ? township_of(c, x->pp[i].division) : -1;
		st[i] = !strcmp(x->pp[i].role, "township_staff") ? township_of(c, x->pp[i].division) : -1;
		if (vil[i] >= 0)
			x->vil_count[vil[i]]++;
		if (tw[i] >= 0)
			x->leader_count[tw[i]]++;
		if (st[i] >= 0)
			x->staff_count[st[i]]++;
	}
	for (int v = 1; v < c->nvil; v++)
		x->vil_first[v] = x->vil_first[v - 1] + x->vil_count[v - 1];
	for (int t = 1; t < c->ntw; t++) {
		x->leader_first[t] = x->leader_first[t - 1] + x->leader_count[t - 1];
		x->staff_first[t] = x->staff_first[t - 1] + x->staff_count[t - 1];
	}
	int *vfill = xcalloc((size_t)c->nvil + 1, sizeof(int)), *tfill = xcalloc((size_t)c->ntw + 1, sizeof(int));
	int *sfill = xcalloc((size_t)c->ntw + 1, sizeof(int));
	for (int i = 0; i < x->np; i++) {
		if (vil[i] >= 0)
			x->vil_people[x->vil_first[vil[i]] + vfill[vil[i]]++] = i;
		if (tw[i] >= 0)
			x->leaders[x->leader_first[tw[i]] + tfill[tw[i]]++] = i;
		if (st[i] >= 0)
			x->staff[x->staff_first[st[i]] + sfill[st[i]]++] = i;
	}
	free(vil);
	free(tw);
	free(st);
	free(vfill);
	free(tfill);
	free(sfill);
	x->day0 = pl_day(RQ_FROM);
	x->day1 = pl_day(RQ_ASOF);
	if (!strcmp(c->county, "440232"))
		x->free_mask = 1u << 4 | 1u << 5;   /* 乳源: Thursday and Friday, county-wide */
	return 0;
}

static void pl_free_ctx(struct pl_ctx *x)
{
	for (int i = 0; i < x->norg; i++)
		free(x->org[i].roster);
	free(x->org);
	free(x->pp);
	free(x->m);
	free(x->a);
	free(x->vil_people);
	free(x->vil_first);
	free(x->vil_count);
	free(x->leaders);
	free(x->leader_first);
	free(x->leader_count);
	free(x->staff);
	free(x->staff_first);
	free(x->staff_count);
}

/* ---- texts ----------------------------------------------------------------------- */

static const char *const pl_study[] = {
	"学习贯彻党的二十届四中全会精神", "学习《中国共产党农村基层组织工作条例》", "学习《中国共产党支部工作条例（试行）》",
	"学习习近平总书记关于“三农”工作的重要论述", "学习《中国共产党纪律处分条例》", "学习习近平总书记关于巩固拓展脱贫攻坚成果的重要指示精神",
	"学习中央一号文件精神", "学习《习近平谈治国理政》第五卷", "开展党纪学习教育",
};
static const char *const pl_village_affairs[] = {
	"人居环境整治", "防返贫动态监测和帮扶", "村集体经济项目推进", "矛盾纠纷排查化解", "森林防火和防汛准备",
	"低保、临时救助对象初审", "产业发展和农技服务", "村务公开和财务收支", "农村危房改造和人饮安全", "乡村振兴项目申报",
	"医保缴费动员", "秸秆禁烧和耕地保护",
};
static const char *const pl_theme_acts[] = {
	"重温入党誓词", "志愿服务：清扫村道和公共区域", "走访慰问困难党员和老党员", "集中学习并交流心得", "为群众办实事：政策宣讲",
	"参观红色教育基地", "环境卫生大扫除", "义务植树", "帮助留守老人收割", "党员承诺践诺", "观看警示教育片",
};
static const char *const pl_lectures[] = {
	"坚定理想信念，做合格党员", "发挥党员先锋模范作用，带头巩固脱贫成果", "以党建引领乡村振兴", "严守纪律规矩，永葆清廉本色",
	"学习身边榜样，践行初心使命", "全面从严治党向基层延伸", "弘扬伟大建党精神",
};

static const char *pl_pick(struct demo_ctx *c, const char *const *t, int n) { return t[rng_below(c, n)]; }

static void pl_topic(struct demo_ctx *c, struct pl_meet *m, const struct pl_org *o, int mo)
{
	const char *k = m->kind;
	if (!strcmp(k, "branch_general"))
		fmt(m->topic, sizeof(m->topic), "%s", rng_permille(c, 500) ? pl_pick(c, pl_study, N(pl_study))
		    : rng_permille(c, 500) ? "通报支部工作，研究发展党员和入党积极分子培养" : "部署防返贫监测和帮扶工作");
	else if (!strcmp(k, "branch_committee"))
		fmt(m->topic, sizeof(m->topic), "研究村级事务：%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "party_group"))
		fmt(m->topic, sizeof(m->topic), "%s，收集党员群众意见建议", pl_pick(c, pl_study, N(pl_study)));
	else if (!strcmp(k, "party_lecture"))
		fmt(m->topic, sizeof(m->topic), "书记讲党课：%s", pl_pick(c, pl_lectures, N(pl_lectures)));
	else if (!strcmp(k, "theme_day"))
		fmt(m->topic, sizeof(m->topic), "%d月主题党日：%s", mo, pl_pick(c, pl_theme_acts, N(pl_theme_acts)));
	else if (!strcmp(k, "org_life"))
		fmt(m->topic, sizeof(m->topic), "2025年度组织生活会：对照检查，开展批评和自我批评");
	else if (!strcmp(k, "member_review"))
		fmt(m->topic, sizeof(m->topic), "2025年度民主评议党员：个人自评、党员互评、民主测评");
	else if (!strcmp(k, "township_village_work"))
		fmt(m->topic, sizeof(m->topic), "党委会议研究村级工作：%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "area_meeting"))
		fmt(m->topic, sizeof(m->topic), "片区会议：调度片区%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "two_committees"))
		fmt(m->topic, sizeof(m->topic), "村两委会议：研究%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "villager_reps"))
		fmt(m->topic, sizeof(m->topic), "村民代表会议：通报%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else
		fmt(m->topic, sizeof(m->topic), "妇女代表会议：%s", rng_permille(c, 500) ? "推选“最美家庭”，部署庭院美化"
											  : "宣传妇女儿童权益保障，组织巾帼志愿服务");
	(void)o;
}

static void pl_minutes(struct pl_meet *m)
{
	int absent = m->na - m->present;
	fmt(m->minutes, sizeof(m->minutes), "会议由%s主持，应到%d人，实到%d人%s。会议议程：%s。与会人员逐项讨论，%s。",
	    m->host, m->na, m->present, absent ? "，缺席人员已说明原因" : "", m->topic,
	    !strcmp(m->kind, "branch_general") || !strcmp(m->kind, "villager_reps") ? "形成一致意见"
	    : !strcmp(m->kind, "theme_day") ? "活动结束后组织交流心得" : "明确责任人和完成时限");
}

static const char *pl_host(const struct pl_ctx *x, const struct pl_org *o)
{
	for (int i = 0; i < o->nroster; i++)
		if (x->pp[o->roster[i]].id == o->secretary)
			return x->pp[o->roster[i]].name;
	return o->nroster ? x->pp[o->roster[0]].name : "";
}

static int64_t pl_host_id(const struct pl_ctx *x, const struct pl_org *o)
{
	for (int i = 0; i < o->nroster; i++)
		if (x->pp[o->roster[i]].id == o->secretary)
			return o->secretary;
	return o->nroster ? x->pp[o->roster[0]].id : 0;
}

static const char *pl_place(const struct pl_org *o, const char *kind)
{
	if (!strcmp(o->type, "township_committee"))
		return !strcmp(kind, "area_meeting") ? "片区联系村党群服务中心" : "乡镇党委会议室";
	if (o->vil >= 0)
		return !strcmp(kind, "theme_day") ? "村党群服务中心及村内公共区域" : "村党群服务中心会议室";
	return "单位会议室";
}

/* The minute of the day a meeting starts. */
static int pl_clock(struct demo_ctx *c, const struct pl_org *o, int mo)
{
	if (o->vil >= 0) {
		/* villages: mornings, afternoons, and evenings in the busy farming months */
		int k = rng_below(c, 10);
		if (k < (mo >= 4 && mo <= 10 ? 5 : 2))
			return 19 * 60 + 30;
		return k < 7 ? 9 * 60 : 14 * 60 + 30;
	}
	return rng_permille(c, 500) ? 8 * 60 + 30 : 15 * 60;
}

/* ---- meetings of the rules -------------------------------------------------------- */

/* Held rate of an organisation's required meetings, permille. */
static int pl_rate(struct demo_ctx *c, const struct pl_org *o)
{
	if (o->demo)
		return rng_range(c, 985, 1000);
	if (o->weak)
		return rng_range(c, 540, 660);
	if (!strcmp(o->type, "township_committee"))
		return rng_range(c, 900, 980);
	return rng_range(c, 850, 950);
}

/* A unit [lo, hi] of frequency freq: the weeks, months, quarters and the year of the window. */
static int pl_units_of(const struct pl_ctx *x, const char *freq, int64_t *lo, int64_t *hi, int max)
{
	int n = 0;
	if (!strcmp(freq, "weekly")) {
		int64_t d = x->day0;
		while (pl_weekday(d) != 1)
			d++;
		for (; d < x->day1 && n < max; d += 7, n++) {
			lo[n] = d;
			hi[n] = d + 6 < x->day1 ? d + 6 : x->day1 - 1;
		}
	} else if (!strcmp(freq, "monthly") || !strcmp(freq, "quarterly")) {
		bool q = freq[0] == 'q';
		for (int i = 0; i < 12 && n < max; i++) {
			int y = 2025 + (10 + i) / 12, m = (10 + i) % 12 + 1;
			if (q && m != 11 && (m - 1) % 3 != 0)
				continue;
			lo[n] = pl_day_of(y, m, 1);
			int ey = y, em = q ? (m == 11 ? 12 : m + 2) : m;
			if (em > 10 && ey == 2026)
				em = 10;
			hi[n] = pl_day_of(ey, em, days_in_month(ey, em));
			n++;
		}
	} else {
		/* the year's organisational life and review: December to February */
		lo[n] = pl_day_of(2025, 12, 1);
		hi[n] = pl_day_of(2026, 2, 15);
		n++;
	}
	return n;
}

/* The fixed branch committee: the secretary and the cadres first, then the others; 3-7 members. */
static int pl_committee(const struct pl_ctx *x, const struct pl_org *o, int *out, int want)
{
	int n = 0;
	for (int pass = 0; pass < 3 && n < want; pass++)
		for (int i = 0; i < o->nroster && n < want; i++) {
			const struct pl_person *p = &x->pp[o->roster[i]];
			bool sec = p->id == o->secretary, cadre = *p->role && !sec;
			if ((pass == 0 && sec) || (pass == 1 && cadre) || (pass == 2 && !sec && !cadre))
				out[n++] = o->roster[i];
		}
	return n;
}

static void pl_sample(struct demo_ctx *c, const int *from, int n, int k, int *out)
{
	int *idx = xcalloc((size_t)(n > 0 ? n : 1), sizeof(int));
	memcpy(idx, from, (size_t)n * sizeof(int));
	if (k > n)
		k = n;
	for (int i = 0; i < k; i++) {
		int j = i + rng_below(c, n - i), t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	/* in roster order */
	for (int i = 1; i < k; i++)
		for (int j = i; j > 0 && idx[j - 1] > idx[j]; j--) {
			int t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	memcpy(out, idx, (size_t)k * sizeof(int));
	free(idx);
}

/* A required meeting of a branch on day. */
static void pl_branch_meeting(struct demo_ctx *c, struct pl_ctx *x, int oi, const char *kind, int64_t day, int unit_no,
			      int *buf)
{
	const struct pl_org *o = &x->org[oi];
	int y, mo, d;
	pl_civil(day, &y, &mo, &d);
	struct pl_meet *m = pl_meet_new(c, x, oi, kind, pl_time(day, pl_clock(c, o, mo)));
	int n = 0;
	if (!strcmp(kind, "branch_general") || !strcmp(kind, "org_life") || !strcmp(kind, "member_review")) {
		n = o->nroster < PL_ALL_CAP ? o->nroster : PL_ALL_CAP;
		memcpy(buf, o->roster, (size_t)n * sizeof(int));
	} else if (!strcmp(kind, "branch_committee")) {
		n = pl_committee(x, o, buf, o->nroster < 20 ? 3 : o->nroster < 50 ? 5 : 7);
	} else if (!strcmp(kind, "party_group")) {
		int groups = o->nroster / 12 > 1 ? o->nroster / 12 : 1, g = unit_no % groups;
		for (int i = 0; i < o->nroster && n < PL_GROUP_CAP; i++)
			if (i % groups == g)
				buf[n++] = o->roster[i];
	} else if (o->nroster <= PL_SAMPLE_CAP) {
		n = o->nroster;
		memcpy(buf, o->roster, (size_t)n * sizeof(int));
	} else {
		pl_sample(c, o->roster, o->nroster, PL_SAMPLE_CAP, buf);
		n = PL_SAMPLE_CAP;
	}
	fmt(m->host, sizeof(m->host), "%s", pl_host(x, o));
	m->place = pl_place(o, kind);
	pl_attend(c, x, m, buf, n, o->weak ? rng_range(c, 780, 900) : rng_range(c, 880, 990), pl_host_id(x, o));
	pl_topic(c, m, o, mo);
	pl_minutes(m);
}

static void pl_rule_meetings(struct demo_ctx *c, struct pl_ctx *x, int oi, int *buf)
{
	const struct pl_org *o = &x->org[oi];
	int rate = pl_rate(c, o);
	int64_t lo[60], hi[60];
	for (int r = 0; r < x->nrule; r++) {
		const struct pl_rule *rule = &x->rule[r];
		if (strcmp(rule->org_type, o->type))
			continue;
		int nu = pl_units_of(x, rule->freq, lo, hi, 60);
		bool township = !strcmp(o->type, "township_committee");
		int nl = township && o->tw >= 0 ? x->leader_count[o->tw] : 1;
		int per = rule->times * (rule->per_leader ? (nl > 0 ? nl : 1) : 1);
		for (int u = 0; u < nu; u++)
			for (int k = 0; k < per; k++) {
				if (!rng_permille(c, rate))
					continue;
				if (township) {
					const struct township *t = &c->tw[o->tw];
					int64_t day = pl_pick_day(c, x, lo[u], hi[u], true);
					struct pl_meet *m = pl_meet_new(c, x, oi, rule->kind, pl_time(day, pl_clock(c, o, 1)));
					int n = 0;
					if (rule->per_leader && nl > 0) {
						/* leader k's area: every nl-th village of the township, with its
						 * village and resident cadres, and every nl-th township staff member */
						const struct pl_person *l = &x->pp[x->leaders[x->leader_first[o->tw] + k]];
						buf[n++] = x->leaders[x->leader_first[o->tw] + k];
						for (int i = k; i < x->staff_count[o->tw] && n < PL_AREA_CAP; i += nl)
							buf[n++] = x->staff[x->staff_first[o->tw] + i];
						for (int v = t->v0 + k; v < t->v0 + t->nv; v += nl)
							for (int i = 0; i < x->vil_count[v]; i++) {
								int pi = x->vil_people[x->vil_first[v] + i];
								if ((!strcmp(x->pp[pi].role, "village_secretary") ||
								     !strcmp(x->pp[pi].role, "village_director") ||
								     !strcmp(x->pp[pi].role, "first_secretary")) && n < PL_AREA_CAP)
									buf[n++] = pi;
							}
						fmt(m->host, sizeof(m->host), "%s", l->name);
						pl_attend(c, x, m, buf, n, rng_range(c, 900, 990), l->id);
					} else {
						for (int i = 0; i < nl && o->tw >= 0; i++)
							buf[n++] = x->leaders[x->leader_first[o->tw] + i];
						fmt(m->host, sizeof(m->host), "%s", n ? x->pp[buf[0]].name : "");
						pl_attend(c, x, m, buf, n, rng_range(c, 850, 970), n ? x->pp[buf[0]].id : 0);
					}
					m->place = pl_place(o, rule->kind);
					int y, mo, d;
					pl_civil(day, &y, &mo, &d);
					pl_topic(c, m, o, mo);
					pl_minutes(m);
					continue;
				}
				int64_t day;
				if (!strcmp(rule->kind, "theme_day") && o->theme_day > 0) {
					/* the organisation's fixed day of the month, moved off a meeting-free day */
					int y, mo, d;
					pl_civil(lo[u], &y, &mo, &d);
					int td = o->theme_day > days_in_month(y, mo) ? days_in_month(y, mo) : o->theme_day;
					day = pl_day_of(y, mo, td);
					while (pl_free(x, day) && day < hi[u])
						day++;
					if (pl_free(x, day))
						day = pl_pick_day(c, x, lo[u], hi[u], false);
				} else {
					day = pl_pick_day(c, x, lo[u], hi[u], o->vil < 0);
				}
				pl_branch_meeting(c, x, oi, rule->kind, day, u, buf);
			}
	}
}

/* ---- the villages' own meetings ----------------------------------------------------- */

static void pl_village_meetings(struct demo_ctx *c, struct pl_ctx *x, int oi, int *buf)
{
	const struct pl_org *o = &x->org[oi];
	const struct village *v = &c->vil[o->vil];
	int f = x->vil_first[o->vil], nv = x->vil_count[o->vil];
	/* the two committees: the village's cadres and the first secretary */
	int ncom = 0;
	int *com = xcalloc((size_t)nv + 1, sizeof(int)), *reps = xcalloc((size_t)nv + 1, sizeof(int));
	int *women = xcalloc((size_t)nv + 1, sizeof(int));
	int nreps = 0, nwomen = 0;
	for (int i = 0; i < nv; i++) {
		const struct pl_person *p = &x->pp[x->vil_people[f + i]];
		if (!strcmp(p->role, "village_secretary") || !strcmp(p->role, "village_director") ||
		    !strcmp(p->role, "village_cadre") || !strcmp(p->role, "first_secretary"))
			com[ncom++] = x->vil_people[f + i];
	}
	/* the representatives: the cadres, the group leaders and grid workers, villagers among the members */
	int want = v->households / 20 < 15 ? 15 : v->households / 20 > PL_REPS_MAX ? PL_REPS_MAX : v->households / 20;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < nv && nreps < want; i++) {
			const struct pl_person *p = &x->pp[x->vil_people[f + i]];
			bool core = !strcmp(p->role, "village_secretary") || !strcmp(p->role, "village_director") ||
				    !strcmp(p->role, "village_cadre") || !strcmp(p->role, "grid_worker");
			bool villager = !*p->role && i % 3 == 0;
			if ((pass == 0 && core) || (pass == 1 && villager))
				reps[nreps++] = x->vil_people[f + i];
		}
	for (int i = 0; i < nv && nwomen < PL_WOMEN_MAX; i++) {
		const struct pl_person *p = &x->pp[x->vil_people[f + i]];
		if (p->sex == 'F' && strcmp(p->role, "first_secretary") && strcmp(p->role, "resident_team"))
			women[nwomen++] = x->vil_people[f + i];
	}
	int64_t host = o->secretary;
	const char *host_name = pl_host(x, o);
	struct {
		const char *kind;
		int n, *who;
	} sets[] = {
		{ "two_committees", v->weak ? rng_range(c, 12, 18) : rng_range(c, 20, 26), com },
		{ "villager_reps", v->weak ? rng_range(c, 8, 12) : rng_range(c, 14, 20), reps },
		{ "women_reps", rng_permille(c, 200) ? 2 : 1, women },
	};
	int nsets[] = { ncom, nreps, nwomen };
	for (int s = 0; s < N(sets); s++) {
		if (nsets[s] < 3)
			continue;
		int per = (int)((x->day1 - x->day0) / sets[s].n);
		for (int k = 0; k < sets[s].n; k++) {
			int64_t lo = x->day0 + (int64_t)k * per, hi = lo + per - 1;
			if (s == 2)
				lo = pl_day_of(2026, 3, 1), hi = pl_day_of(2026, 3, 15);   /* around 三八 */
			if (s == 2 && k == 1)
				lo = pl_day_of(2026, 9, 1), hi = pl_day_of(2026, 9, 30);
			int64_t day = pl_pick_day(c, x, lo, hi, false);
			int y, mo, d;
			pl_civil(day, &y, &mo, &d);
			struct pl_meet *m = pl_meet_new(c, x, oi, sets[s].kind, pl_time(day, pl_clock(c, o, mo)));
			memcpy(buf, sets[s].who, (size_t)nsets[s] * sizeof(int));
			fmt(m->host, sizeof(m->host), "%s", host_name);
			m->place = pl_place(o, sets[s].kind);
			pl_attend(c, x, m, buf, nsets[s], rng_range(c, 850, 960), host);
			pl_topic(c, m, o, mo);
			pl_minutes(m);
		}
	}
	free(com);
	free(reps);
	free(women);
}

/* An urgent meeting on a meeting-free day where there are any (otherwise any day), with its reason. */
static void pl_urgent(struct demo_ctx *c, struct pl_ctx *x, int oi, const char *kind, int *buf)
{
	static const struct { const char *reason, *topic; int m_lo, m_hi; } why[] = {
		{ "防汛抢险：强降雨预警，需连夜组织人员转移", "紧急部署防汛抢险和危险区域人员转移", 4, 9 },
		{ "地质灾害：山体滑坡隐患点出现裂缝", "紧急处置地质灾害隐患，组织群众避险", 5, 8 },
		{ "台风防御：台风红色预警", "部署台风防御，加固房屋、转移群众", 7, 9 },
		{ "森林防火：高火险天气，辖区发生山火", "紧急部署森林防火扑救和巡山值守", 1, 3 },
		{ "森林防火：春节前后高火险期", "部署春节期间森林防火和野外用火管控", 12, 12 },
		{ "安全生产：辖区发生安全事故", "处置安全生产事故，开展隐患排查", 1, 12 },
		{ "疫情防控：动物疫情（非洲猪瘟）", "紧急部署动物疫情防控和排查", 1, 12 },
	};
	const struct pl_org *o = &x->org[oi];
	int w = rng_below(c, N(why));
	int y = why[w].m_lo >= 11 ? 2025 : 2026, mlo = why[w].m_lo, mhi = why[w].m_hi;
	if (mlo == 1 && mhi == 12)
		mlo = 1, mhi = 10;
	int64_t lo = pl_day_of(y, mlo, 1), hi = pl_day_of(y, mhi, days_in_month(y, mhi));
	int64_t day = lo + rng_below(c, (int)(hi - lo + 1));
	if (x->free_mask)
		for (int tries = 0; tries < 7 && !pl_free(x, day); tries++)
			day = day + 1 <= hi ? day + 1 : lo;
	struct pl_meet *m = pl_meet_new(c, x, oi, kind, pl_time(day, rng_range(c, 7 * 60, 21 * 60)));
	int n = 0;
	if (!strcmp(o->type, "township_committee")) {
		for (int i = 0; o->tw >= 0 && i < x->leader_count[o->tw]; i++)
			buf[n++] = x->leaders[x->leader_first[o->tw] + i];
		fmt(m->host, sizeof(m->host), "%s", n ? x->pp[buf[0]].name : "");
	} else {
		n = pl_committee(x, o, buf, 5);
		fmt(m->host, sizeof(m->host), "%s", pl_host(x, o));
	}
	m->place = pl_place(o, kind);
	m->urgent = true;
	m->reason = why[w].reason;
	pl_attend(c, x, m, buf, n, 950, n ? x->pp[buf[0]].id : 0);
	fmt(m->topic, sizeof(m->topic), "紧急会议：%s", why[w].topic);
	pl_minutes(m);
}

/* ---- 四议两公开 ------------------------------------------------------------------- */

static int pl_by_time(const void *a, const void *b)
{
	const struct pl_meet *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at ? 1 : x->a0 - y->a0;
}

static int pl_write_meetings(struct demo_ctx *c, struct pl_ctx *x)
{
	for (int i = 0; i < x->nm; i++) {
		struct pl_meet *m = &x->m[i];
		const struct pl_org *o = &x->org[m->org];
		int64_t created = m->at + rng_range(c, 2 * HOUR, 2 * DAY);
		if (created > RQ_ASOF)
			created = m->at + HOUR;
		bool free_day = pl_free(x, pl_day(m->at));
		struct db_stmt *q = db_prepare(c->db,
			"INSERT INTO meetings (org_id, division, kind, starts_at, place, host, topic, minutes, decisions,"
			" expected, present, free_day, urgent, urgent_reason, created_at, updated_at)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id");
		if (q == NULL)
			return fail(c, "prepare meetings");
		int rc = db_bind_int(q, 1, o->id);
		rc = rc ? rc : db_bind_text(q, 2, o->division);
		rc = rc ? rc : db_bind_text(q, 3, m->kind);
		rc = rc ? rc : db_bind_int(q, 4, m->at);
		rc = rc ? rc : db_bind_text(q, 5, m->place);
		rc = rc ? rc : db_bind_text(q, 6, *m->host ? m->host : NULL);
		rc = rc ? rc : db_bind_text(q, 7, m->topic);
		rc = rc ? rc : db_bind_text(q, 8, m->minutes);
		rc = rc ? rc : db_bind_text(q, 9, *m->decisions ? m->decisions : NULL);
		rc = rc ? rc : db_bind_int(q, 10, m->na);
		rc = rc ? rc : db_bind_int(q, 11, m->present);
		rc = rc ? rc : db_bind_int(q, 12, free_day);
		rc = rc ? rc : db_bind_int(q, 13, m->urgent);
		rc = rc ? rc : db_bind_text(q, 14, m->urgent ? m->reason : NULL);
		rc = rc ? rc : db_bind_int(q, 15, created);
		if (returning_id(c, q, rc, &m->id, "insert meeting"))
			return -1;
		for (int k = m->a0; k < m->a0 + m->na; k++)
			if (db_exec(c->db, "INSERT INTO meeting_attendees (meeting_id, person_id, present, reason)"
					   " VALUES ($1, $2, $3, $4)", "iiit", m->id, x->a[k].person, (int64_t)x->a[k].present,
				    x->a[k].reason) != DB_OK)
				return fail(c, "insert meeting attendee");
		c->st->meetings++;
	}
	return 0;
}

/* The first unused meeting of kind at or after t, with a quorum when asked. */
static struct pl_meet *pl_next(struct pl_ctx *x, const char *kind, int64_t t, bool quorum)
{
	for (int i = 0; i < x->nm; i++) {
		struct pl_meet *m = &x->m[i];
		if (m->used || m->urgent || m->at < t || strcmp(m->kind, kind))
			continue;
		if (quorum && (m->na == 0 || m->present * 3 < m->na * 2))
			continue;
		return m;
	}
	return NULL;
}

struct pl_step {
	const char *step;
	char note[256];
	int64_t at, total, present, votes_for;
	int meeting_ix;
	bool counts;
};

struct pl_decision {
	char title[256], content[512];
	struct pl_step s[6];
	int ns;
	int64_t created;
};

/* Plan 1-3 decisions of village organisation oi on its meetings (their topics follow). */
static int pl_plan_decisions(struct demo_ctx *c, struct pl_ctx *x, int oi, struct pl_decision *out)
{
	static const char *const titles[] = {
		"@", "村集体经济%s产业项目", "2026年度低保对象民主评议", "村集体%s基地土地流转方案",
		"人饮工程管网改造", "村级光伏电站收益分配方案", "村规民约修订", "村集体经济收益分配方案", "村文化广场建设项目",
		"%s产业路修建", "垃圾收集点和公厕建设",
	};
	static const char *const sources[] = { "党员群众建议", "村干部提议", "上级党委政府安排" };
	static const char *const funds[] = { "财政衔接推进乡村振兴补助资金", "村集体经济收入", "帮扶单位援建资金",
					     "一事一议财政奖补资金" };
	static const char *const kinds[] = { "branch_committee", "two_committees", "branch_general", "villager_reps" };
	static const char *const names[] = { "proposal", "joint_deliberation", "members_review", "reps_decision",
					     "publish_decision", "publish_result" };
	static const char *const verbs[] = { "提议", "商议", "审议", "表决" };
	static const char *const results[] = { "同意提交村两委会议商议", "形成初步方案，提交党员大会审议",
					      "审议通过，提交村民代表会议决议", "表决通过" };
	const struct village *v = &c->vil[x->org[oi].vil];
	int nind = 0;
	while (nind < MAX_INDUSTRIES && c->p->industries[nind])
		nind++;
	int n = rng_range(c, 1, 3), made = 0;
	for (int k = 0; k < n; k++) {
		struct pl_decision *d = &out[made];
		memset(d, 0, sizeof(*d));
		const char *t = titles[rng_below(c, N(titles))];
		if (*t == '@')
			fmt(d->title, sizeof(d->title), "%s第%s村民小组通组道路硬化工程", v->short_name, cn_numbers[rng_below(c, 6)]);
		else if (strstr(t, "%s"))
			fmt(d->title, sizeof(d->title), t, c->p->industries[rng_below(c, nind)]);
		else
			fmt(d->title, sizeof(d->title), "%s", t);
		fmt(d->content, sizeof(d->content), "动议事由：%s。拟实施%s，预计投资%d万元，资金来源为%s，由村两委组织实施，"
		    "村务监督委员会全程监督。", sources[rng_below(c, N(sources))], d->title, rng_range(c, 3, 120),
		    funds[rng_below(c, N(funds))]);
		int64_t t0 = pl_time(x->day0 + rng_below(c, 300), 0);
		struct pl_step *s = d->s;
		for (int i = 0; i < 4; i++) {
			struct pl_meet *m = pl_next(x, kinds[i], t0, i >= 2);
			if (m == NULL)
				break;
			m->used = true;
			fmt(m->topic, sizeof(m->topic), "%s%s", verbs[i], d->title);
			fmt(m->decisions, sizeof(m->decisions), "%s：%s", d->title, results[i]);
			pl_minutes(m);
			struct pl_step *p = &s[d->ns++];
			p->step = names[i];
			p->at = m->at + rng_range(c, HOUR, 3 * HOUR);
			p->meeting_ix = (int)(m - x->m);
			if (i >= 2) {
				p->counts = true;
				p->total = m->na;
				p->present = m->present;
				p->votes_for = m->present - rng_below(c, m->present / 8 + 1);
				if (p->votes_for * 2 <= (i == 2 ? p->total : p->present))
					p->votes_for = m->present;
				fmt(p->note, sizeof(p->note), "应到%lld人，实到%lld人，赞成%lld人，%s", (long long)p->total,
				    (long long)p->present, (long long)p->votes_for, i == 2 ? "审议通过" : "决议通过");
			} else {
				fmt(p->note, sizeof(p->note), "%s", results[i]);
			}
			t0 = p->at;
		}
		if (d->ns == 0)
			continue;
		if (d->ns == 4) {
			int64_t at = t0 + (int64_t)rng_range(c, 1, 3) * DAY;
			if (at < RQ_ASOF) {
				struct pl_step *p = &s[d->ns++];
				p->step = names[4];
				p->at = at;
				p->meeting_ix = -1;
				fmt(p->note, sizeof(p->note), "决议在村务公开栏和村民微信群公示7天，无异议");
				at += (int64_t)rng_range(c, 30, 150) * DAY;
				if (at < RQ_ASOF) {
					p = &s[d->ns++];
					p->step = names[5];
					p->at = at;
					p->meeting_ix = -1;
					fmt(p->note, sizeof(p->note), "实施结果公开：%s已完成，资金使用情况同步公开", d->title);
				}
			}
		}
		d->created = s[0].at - rng_range(c, 2 * HOUR, 2 * DAY);
		made++;
	}
	return made;
}

static int pl_write_decision(struct demo_ctx *c, const struct pl_ctx *x, const struct pl_decision *d, const char *division,
			     const char *actor)
{
	int64_t id = 0;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO decisions (division, title, content, stage, created_at, updated_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare decisions");
	int rc = db_bind_text(q, 1, division);
	rc = rc ? rc : db_bind_text(q, 2, d->title);
	rc = rc ? rc : db_bind_text(q, 3, d->content);
	rc = rc ? rc : db_bind_int(q, 4, d->ns);
	rc = rc ? rc : db_bind_int(q, 5, d->created);
	rc = rc ? rc : db_bind_int(q, 6, d->s[d->ns - 1].at);
	if (returning_id(c, q, rc, &id, "insert decision"))
		return -1;
	for (int i = 0; i < d->ns; i++) {
		const struct pl_step *s = &d->s[i];
		q = db_prepare(c->db, "INSERT INTO decision_steps (decision_id, seq, step, meeting_id, total, present, votes_for,"
				      " note, at, actor_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
		if (q == NULL)
			return fail(c, "prepare decision steps");
		rc = db_bind_int(q, 1, id);
		rc = rc ? rc : db_bind_int(q, 2, i + 1);
		rc = rc ? rc : db_bind_text(q, 3, s->step);
		rc = rc ? rc : bind_id(q, 4, s->meeting_ix >= 0 ? x->m[s->meeting_ix].id : 0);
		rc = rc ? rc : (s->counts ? db_bind_int(q, 5, s->total) : db_bind_null(q, 5));
		rc = rc ? rc : (s->counts ? db_bind_int(q, 6, s->present) : db_bind_null(q, 6));
		rc = rc ? rc : (s->counts ? db_bind_int(q, 7, s->votes_for) : db_bind_null(q, 7));
		rc = rc ? rc : db_bind_text(q, 8, s->note);
		rc = rc ? rc : db_bind_int(q, 9, s->at);
		rc = rc ? rc : db_bind_text(q, 10, actor);
		rc = rc ? rc : db_step(q);
		db_finalize(q);
		if (rc != DB_DONE)
			return fail(c, "insert decision step");
	}
	c->st->decisions++;
	return 0;
}

/* ---- notices and tasks --------------------------------------------------------------- */

enum pl_audience { PL_TOWNSHIPS, PL_VILLAGES, PL_BRANCHES };

struct pl_notice_tmpl {
	const char *title, *body;
	enum pl_audience to;
	int month, due_days;       /* due_days 0: a notice, not a task */
};

static const struct pl_notice_tmpl pl_county_notices[] = {
	{ "关于认真学习宣传贯彻党的二十届四中全会精神的通知", "各乡镇党委、各村（社区）党组织要通过支部党员大会、主题党日、党课等形式，组织党员全覆盖学习。", PL_BRANCHES, 11, 0 },
	{ "关于报送2025年度基层党组织书记抓党建述职评议材料的通知", "请各乡镇党委于规定时间前报送述职报告和测评结果。", PL_TOWNSHIPS, 12, 10 },
	{ "关于做好元旦春节期间走访慰问困难党员和群众工作的通知", "各村（社区）党组织要逐户走访生活困难党员、老党员和防返贫监测对象，报送慰问台账。", PL_VILLAGES, 12, 15 },
	{ "关于召开2025年度组织生活会和开展民主评议党员工作的通知", "各党支部要在2月底前召开组织生活会，开展民主评议党员，结果报乡镇党委备案。", PL_BRANCHES, 1, 30 },
	{ "关于做好春节期间森林防火工作的紧急通知", "严格野外用火管控，村干部分片包干巡山值守，发现火情立即报告。", PL_VILLAGES, 1, 0 },
	{ "关于开展防返贫动态监测集中排查的通知", "各村对农户收入、“两不愁三保障”和饮水安全开展逐户排查，按时报送排查结果。", PL_VILLAGES, 3, 20 },
	{ "关于报送第一季度“三会一课”开展情况的通知", "请各党支部如实填报第一季度会议开展情况并上传会议记录。", PL_BRANCHES, 3, 10 },
	{ "关于开展2026年软弱涣散村党组织排查整顿的通知", "各乡镇党委对照整顿标准开展排查，制定“一村一策”整顿方案。", PL_TOWNSHIPS, 3, 15 },
	{ "关于做好2026年防汛抢险工作的通知", "各乡镇、各村要落实防汛责任人，排查地质灾害隐患点，完善人员转移预案。", PL_VILLAGES, 4, 0 },
	{ "关于报送村级集体经济发展情况的通知", "请各村党组织报送集体经济收入、项目和资产情况。", PL_VILLAGES, 4, 15 },
	{ "关于举办全县村（社区）党组织书记培训班的通知", "请各乡镇党委组织辖区村（社区）党组织书记按时参训。", PL_TOWNSHIPS, 5, 0 },
	{ "关于开展“七一”系列主题党日活动的通知", "各党支部结合实际开展重温入党誓词、走访慰问老党员、志愿服务等活动。", PL_BRANCHES, 6, 0 },
	{ "关于做好发展党员工作的通知", "严格发展党员程序，注重在致富能手、返乡青年中发展党员，报送发展计划。", PL_VILLAGES, 6, 20 },
	{ "关于报送上半年“三会一课”开展情况的通知", "请各党支部报送上半年会议开展情况，乡镇党委汇总审核。", PL_BRANCHES, 7, 10 },
	{ "关于进一步落实无会日和精文简会的通知", "严格控制会议数量，无会日不安排会议，紧急会议须注明事由并报备。", PL_TOWNSHIPS, 7, 0 },
	{ "关于开展主汛期地质灾害隐患再排查的紧急通知", "立即组织对辖区隐患点开展再排查，落实监测责任人，报送排查情况。", PL_VILLAGES, 8, 5 },
	{ "关于做好2027年度城乡居民医保征缴工作的通知", "各村要逐户宣传动员，确保应保尽保，按周报送参保进度。", PL_VILLAGES, 9, 30 },
	{ "关于报送第三季度党建工作情况的通知", "请各乡镇党委报送第三季度党建工作开展情况及下季度计划。", PL_TOWNSHIPS, 9, 10 },
	{ "关于开展秋冬季人居环境整治行动的通知", "各村组织党员志愿者开展垃圾清运、村道清扫和庭院整治。", PL_VILLAGES, 10, 0 },
	{ "关于做好村（社区）“两委”后备力量储备工作的通知", "各村按要求储备后备干部，报送后备力量名册。", PL_VILLAGES, 10, 20 },
	{ "关于开展党员冬训工作的通知", "各党支部组织党员集中学习，流动党员通过线上方式参学。", PL_BRANCHES, 11, 0 },
	{ "关于报送驻村第一书记和工作队履职情况的通知", "请各乡镇党委对驻村第一书记和工作队员到岗履职情况进行核查并报送。", PL_TOWNSHIPS, 2, 10 },
};

static const struct pl_notice_tmpl pl_township_notices[] = {
	{ "关于召开村级党建工作例会的通知", "各村党组织书记准时参会，汇报本月党建和中心工作。", PL_VILLAGES, 0, 0 },
	{ "关于报送本月主题党日活动开展情况的通知", "请各村党组织报送主题党日活动照片和记录。", PL_VILLAGES, 0, 5 },
	{ "关于做好防返贫监测对象帮扶措施落实的通知", "各村核实监测对象帮扶措施落实情况，报送台账。", PL_VILLAGES, 0, 7 },
	{ "关于开展矛盾纠纷排查化解的通知", "各村对辖区矛盾纠纷开展拉网式排查，建立台账，及时化解。", PL_VILLAGES, 0, 10 },
	{ "关于做好片区包村干部驻村工作的通知", "包村干部每周至少3天在村，做好民情日记。", PL_VILLAGES, 0, 0 },
	{ "关于报送村级“四议两公开”事项台账的通知", "请各村报送今年以来实施“四议两公开”的事项及公开情况。", PL_VILLAGES, 0, 10 },
};

/* The receipt of one target organisation: read, signed, reported, reminded. */
static int pl_receipt(struct demo_ctx *c, struct pl_ctx *x, int64_t notice, const struct pl_org *o, int64_t created,
		      int64_t due)
{
	int k = rng_below(c, 1000);
	int never = o->weak ? 90 : o->demo ? 0 : 25, late = o->weak ? 300 : o->demo ? 20 : 90, unsigned_ = o->weak ? 40 : 15;
	int64_t read = 0, sign = 0, report = 0, reminded = 0, reminders = 0;
	if (k >= never) {
		bool slow = k < never + late;
		read = created + (slow ? rng_range(c, 2 * DAY, 10 * DAY) : rng_range(c, 600, 20 * HOUR));
		if (k >= never + late + unsigned_ || slow)
			sign = read + (slow ? rng_range(c, 600, 3 * DAY) : rng_range(c, 60, 30 * HOUR));
		if (k >= never + late && k < never + late + unsigned_)
			sign = 0;
	}
	if (read >= RQ_ASOF)
		read = sign = 0;
	if (sign >= RQ_ASOF)
		sign = 0;
	static const char *const reports[] = { "已按要求完成，相关材料已报送", "已组织落实，台账已上传", "已完成排查，情况见附件",
					       "已完成，存在问题已列清单整改" };
	const char *report_text = NULL;
	if (due && sign) {
		int r = rng_below(c, 1000);
		if (r < (o->weak ? 600 : 820))
			report = sign + rng_below(c, (int)(due > sign + 600 ? due - sign : 600));
		else if (r < (o->weak ? 850 : 940))
			report = (due > sign ? due : sign) + rng_range(c, HOUR, 10 * DAY);
		if (report >= RQ_ASOF)
			report = 0;
		if (report)
			report_text = reports[rng_below(c, N(reports))];
	}
	/* reminders: unsigned after three days, or a task not reported by its due date */
	int64_t r1 = created + 3 * DAY;
	if ((!sign || sign > r1) && r1 < RQ_ASOF) {
		reminded = r1 + rng_below(c, 8 * HOUR);
		reminders = 1 + (!sign && rng_permille(c, 500));
	}
	if (due && (!report || report > due) && due + HOUR < RQ_ASOF) {
		reminded = due + rng_range(c, HOUR, 8 * HOUR);
		reminders++;
	}
	if (reminded >= RQ_ASOF)
		reminded = 0, reminders = 0;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO notice_receipts (notice_id, org_id, division, read_at, signed_at,"
					      " signed_by, reported_at, report, reminders, reminded_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
	if (q == NULL)
		return fail(c, "prepare receipts");
	int rc = db_bind_int(q, 1, notice);
	rc = rc ? rc : db_bind_int(q, 2, o->id);
	rc = rc ? rc : db_bind_text(q, 3, o->division);
	rc = rc ? rc : bind_id(q, 4, read);
	rc = rc ? rc : bind_id(q, 5, sign);
	rc = rc ? rc : bind_id(q, 6, sign ? o->secretary : 0);
	rc = rc ? rc : bind_id(q, 7, report);
	rc = rc ? rc : db_bind_text(q, 8, report_text);
	rc = rc ? rc : db_bind_int(q, 9, reminders);
	rc = rc ? rc : bind_id(q, 10, reminded);
	rc = rc ? rc : db_step(q);
	db_finalize(q);
	(void)x;
	return rc == DB_DONE ? 0 : fail(c, "insert receipt");
}

static int pl_notice(struct demo_ctx *c, struct pl_ctx *x, int sender, const char *target, const char *title,
		     const char *body, enum pl_audience to, int64_t created, int64_t due)
{
	static const char *const types[] = {
		"[\"township_committee\"]", "[\"village_branch\",\"general_branch\",\"community_branch\"]", NULL };
	const struct pl_org *s = &x->org[sender];
	int64_t id = 0;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO notices (org_id, division, title, body, is_task, due_at,"
					      " target_division, target_types, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
					      " RETURNING id");
	if (q == NULL)
		return fail(c, "prepare notices");
	int rc = db_bind_int(q, 1, s->id);
	rc = rc ? rc : db_bind_text(q, 2, s->division);
	rc = rc ? rc : db_bind_text(q, 3, title);
	rc = rc ? rc : db_bind_text(q, 4, body);
	rc = rc ? rc : db_bind_int(q, 5, due != 0);
	rc = rc ? rc : bind_id(q, 6, due);
	rc = rc ? rc : db_bind_text(q, 7, target);
	rc = rc ? rc : db_bind_text(q, 8, types[to]);
	rc = rc ? rc : db_bind_int(q, 9, created);
	if (returning_id(c, q, rc, &id, "insert notice"))
		return -1;
	c->st->notices++;
	size_t tl = strlen(target);
	for (int i = 0; i < x->norg; i++) {
		const struct pl_org *o = &x->org[i];
		if (i == sender || strncmp(o->division, target, tl))
			continue;
		if (to == PL_TOWNSHIPS && strcmp(o->type, "township_committee"))
			continue;
		if (to == PL_VILLAGES && !pl_branch(o->type))
			continue;
		if (to == PL_BRANCHES && !strcmp(o->type, "party_group"))
			continue;   /* every organisation but the party groups, which their branches inform */
		if (pl_receipt(c, x, id, o, created, due))
			return -1;
	}
	return 0;
}

/* A working day (not a meeting-free one) of month mo of the window, 08:30-17:30. */
static int64_t pl_office_time(struct demo_ctx *c, const struct pl_ctx *x, int mo)
{
	int y = mo >= 11 ? 2025 : 2026;
	int64_t day = pl_pick_day(c, x, pl_day_of(y, mo, 1), pl_day_of(y, mo, mo == 10 && y == 2026 ? 28 : days_in_month(y, mo)), true);
	return pl_time(day, rng_range(c, 8 * 60 + 30, 17 * 60 + 30));
}

static int64_t pl_due(int64_t created, int days)
{
	return pl_time(pl_day(created) + days, 24 * 60) - 1;   /* the end of the day */
}

static int pl_notices(struct demo_ctx *c, struct pl_ctx *x)
{
	int county = pl_org_index(x, c->county_org);
	if (county < 0)
		return 0;
	for (int i = 0; i < N(pl_county_notices); i++) {
		const struct pl_notice_tmpl *t = &pl_county_notices[i];
		if (rng_permille(c, 150))
			continue;   /* not every year */
		int64_t at = pl_office_time(c, x, t->month);
		if (pl_notice(c, x, county, c->county, t->title, t->body, t->to, at, t->due_days ? pl_due(at, t->due_days) : 0))
			return -1;
	}
	for (int ti = 0; ti < c->ntw; ti++) {
		int sender = pl_org_index(x, c->tw[ti].org_id), n = rng_range(c, 2, 3);
		for (int k = 0; k < n && sender >= 0; k++) {
			const struct pl_notice_tmpl *t = &pl_township_notices[rng_below(c, N(pl_township_notices))];
			int mo = rng_range(c, 1, 12);
			int64_t at = pl_office_time(c, x, mo);
			if (pl_notice(c, x, sender, c->tw[ti].code, t->title, t->body, t->to, at,
				      t->due_days ? pl_due(at, t->due_days) : 0))
				return -1;
		}
	}
	if (!strcmp(c->county, "420323")) {
		/* 竹山: weekly scheduling of the township headquarters and a monthly bulletin */
		char title[256];
		int64_t d = x->day0;
		while (pl_weekday(d) != 1)
			d++;
		for (int w = 1; d + 4 < x->day1; d += 7, w++) {
			fmt(title, sizeof(title), "第%d周工作调度：巡村访户和驻村帮扶重点工作安排", w);
			int64_t at = pl_time(d, rng_range(c, 8 * 60 + 30, 11 * 60));
			if (pl_notice(c, x, county, c->county, title, "各乡镇指挥部按调度安排推进本周工作，周五前报送完成情况。",
				      PL_TOWNSHIPS, at, pl_due(at, 4)))
				return -1;
		}
		for (int i = 0; i < 12; i++) {
			int mo = (10 + i) % 12 + 1, y = mo >= 11 ? 2025 : 2026;
			fmt(title, sizeof(title), "%d年%d月全县巡村访户和驻村帮扶工作通报", y, mo);
			int nmo = mo % 12 + 1, ny = mo == 12 ? y + 1 : y;
			if (ny == 2026 && nmo == 11)
				break;
			int64_t at = pl_time(pl_pick_day(c, x, pl_day_of(ny, nmo, 3), pl_day_of(ny, nmo, 8), true), 10 * 60);
			if (pl_notice(c, x, county, c->county, title, "通报上月各乡镇巡村访户率、群众满意度和驻村干部在岗情况。",
				      PL_TOWNSHIPS, at, 0))
				return -1;
		}
	}
	return 0;
}

/* ---- trainings ----------------------------------------------------------------------- */

/* A training; school and exchange only for a family party school's session (0 and false otherwise). */
static int pl_training(struct demo_ctx *c, struct pl_ctx *x, const struct pl_org *o, const char *kind, const char *title,
		       const char *venue, int64_t at, int minutes, const int *who, int n, int64_t school, bool exchange)
{
	int64_t id = 0;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO trainings (org_id, division, kind, title, venue, starts_at, minutes,"
					      " created_at, school_id, exchange) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
					      " NULLIF(CAST($9 AS BIGINT), 0), $10) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare trainings");
	int rc = db_bind_int(q, 1, o->id);
	rc = rc ? rc : db_bind_text(q, 2, o->division);
	rc = rc ? rc : db_bind_text(q, 3, kind);
	rc = rc ? rc : db_bind_text(q, 4, title);
	rc = rc ? rc : db_bind_text(q, 5, venue);
	rc = rc ? rc : db_bind_int(q, 6, at);
	rc = rc ? rc : db_bind_int(q, 7, minutes);
	rc = rc ? rc : db_bind_int(q, 8, at - (int64_t)rng_range(c, 2, 10) * DAY);
	rc = rc ? rc : db_bind_int(q, 9, school);
	rc = rc ? rc : db_bind_int(q, 10, exchange);
	if (returning_id(c, q, rc, &id, "insert training"))
		return -1;
	for (int i = 0; i < n; i++)
		if (db_exec(c->db, "INSERT INTO training_attendees (training_id, person_id, division) VALUES ($1, $2, $3)",
			    "iit", id, x->pp[who[i]].id, x->pp[who[i]].division) != DB_OK)
			return fail(c, "insert training attendee");
	c->st->trainings++;
	return 0;
}

/* Party members and cadres of township t's villages. */
static int pl_township_people(const struct demo_ctx *c, const struct pl_ctx *x, int t, int *out)
{
	int n = 0;
	for (int v = c->tw[t].v0; v < c->tw[t].v0 + c->tw[t].nv; v++)
		for (int i = 0; i < x->vil_count[v]; i++) {
			int pi = x->vil_people[x->vil_first[v] + i];
			if (x->pp[pi].member || *x->pp[pi].role)
				out[n++] = pi;
		}
	return n;
}

/* The record of village v's n-th family party school (凤庆's 农村家庭党校), hosted by a party member's family. */
static int pl_family_school(struct demo_ctx *c, int v, int n, int64_t host, int activity_day, int exchange_week,
			    int64_t *id)
{
	char name[256], founded[16];
	fmt(name, sizeof(name), "%s第%d家庭党校", c->vil[v].short_name, n);
	fmt(founded, sizeof(founded), "%04d-%02d-01", rng_range(c, 2016, 2022), rng_range(c, 1, 12));
	struct db_stmt *q = db_query(c->db, "INSERT INTO family_schools (name, division, org_id, host_id, activity_day,"
				     " exchange_week, founded_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
				     " RETURNING id", "ttiiiiti", name, c->vil[v].code, c->vil[v].org_id, host, (int64_t)activity_day,
				     (int64_t)exchange_week, founded, c->now);
	return returning_id(c, q, q ? DB_OK : DB_ERROR, id, "insert family school");
}

static int pl_trainings(struct demo_ctx *c, struct pl_ctx *x, int *buf, int *pool)
{
	int county = pl_org_index(x, c->county_org);
	if (county < 0)
		return 0;
	const struct pl_org *co = &x->org[county];
	char title[256], venue[256];
	fmt(venue, sizeof(venue), "中共%s委党校", c->common_name);
	/* branch secretaries: every village secretary once (two classes when there are many), then rotation classes */
	int nsec = 0;
	for (int v = 0; v < c->nvil; v++)
		for (int i = 0; i < x->vil_count[v]; i++)
			if (!strcmp(x->pp[x->vil_people[x->vil_first[v] + i]].role, "village_secretary"))
				pool[nsec++] = x->vil_people[x->vil_first[v] + i];
	int classes = nsec > 150 ? 2 : 1, done = 0;
	for (int k = 0; k < classes; k++) {
		int lo = nsec * k / classes, hi = nsec * (k + 1) / classes;
		fmt(title, sizeof(title), "全县村（社区）党组织书记示范培训班%s", classes > 1 ? (k ? "（第二期）" : "（第一期）") : "");
		int64_t day = pl_pick_day(c, x, pl_day_of(2026, 5, 11) + k * 7, pl_day_of(2026, 5, 15) + k * 7, true);
		if (pl_training(c, x, co, "branch_secretaries", title, venue, pl_time(day, 8 * 60 + 30), rng_range(c, 2, 3) * 480,
				pool + lo, hi - lo, 0, false))
			return -1;
		done += hi - lo;
	}
	int target = c->p->secretaries_trained ? c->p->secretaries_trained : done;
	for (int t = 0; t < c->ntw && done < target; t++) {
		/* the township's share of what is left: its secretaries, directors and cadres */
		int left_v = 0;
		for (int u = t; u < c->ntw; u++)
			left_v += c->tw[u].nv;
		int quota = left_v ? (target - done) * c->tw[t].nv / left_v : 0, n = 0;
		static const char *const roles[] = { "village_secretary", "village_director", "village_cadre" };
		for (int r = 0; r < N(roles) && n < quota; r++)
			for (int v = c->tw[t].v0; v < c->tw[t].v0 + c->tw[t].nv && n < quota; v++)
				for (int i = 0; i < x->vil_count[v] && n < quota; i++)
					if (!strcmp(x->pp[x->vil_people[x->vil_first[v] + i]].role, roles[r]))
						buf[n++] = x->vil_people[x->vil_first[v] + i];
		int oi = pl_org_index(x, c->tw[t].org_id);
		if (n == 0 || oi < 0)
			continue;
		fmt(title, sizeof(title), "%s村（社区）党组织书记和“两委”干部轮训班", c->tw[t].name);
		int64_t day = pl_pick_day(c, x, pl_day_of(2026, 9, 1), pl_day_of(2026, 10, 23), true);
		if (pl_training(c, x, &x->org[oi], "branch_secretaries", title, "乡镇党群服务中心", pl_time(day, 8 * 60 + 30),
				480, buf, n, 0, false))
			return -1;
		done += n;
	}
	/* skills, e-commerce and farming classes of the townships */
	int nind = 0;
	while (nind < MAX_INDUSTRIES && c->p->industries[nind])
		nind++;
	static const char *const skills[] = { "挖掘机操作", "家政服务", "电工", "中式烹调", "育婴员", "农机维修" };
	for (int t = 0; t < c->ntw; t++) {
		int oi = pl_org_index(x, c->tw[t].org_id), n = rng_range(c, 2, 4);
		int np = pl_township_people(c, x, t, pool);
		for (int k = 0; k < n && oi >= 0 && np > 0; k++) {
			int kind = rng_below(c, 3);
			const char *code = kind == 0 ? "farming" : kind == 1 ? "e_commerce" : "skills";
			if (kind == 0)
				fmt(title, sizeof(title), "%s%s实用技术培训班", c->tw[t].name, c->p->industries[rng_below(c, nind)]);
			else if (kind == 1)
				fmt(title, sizeof(title), "%s农村电商和直播带货培训班", c->tw[t].name);
			else
				fmt(title, sizeof(title), "%s%s技能培训班", c->tw[t].name, skills[rng_below(c, N(skills))]);
			int m = rng_range(c, 15, 30);
			if (m > np)
				m = np;
			pl_sample(c, pool, np, m, buf);
			int mo = rng_range(c, 1, 12);
			int64_t at = pl_time(pl_day(pl_office_time(c, x, mo)), 9 * 60);
			if (pl_training(c, x, &x->org[oi], code, title, "乡镇党群服务中心", at, kind == 2 ? rng_range(c, 3, 10) * 480
					: rng_range(c, 180, 480), buf, m, 0, false))
				return -1;
		}
	}
	/* 凤庆's family party schools: a monthly activity day each, and the exchange weeks of the quarters */
	int schools = c->p->family_schools;
	if (schools > 0) {
		int *per = xcalloc((size_t)c->nvil, sizeof(int)), *order = xcalloc((size_t)c->nvil, sizeof(int)), nr = 0;
		for (int v = 0; v < c->nvil; v++)
			if (c->vil[v].rural)
				order[nr++] = v;
		qsort_r(order, (size_t)nr, sizeof(int), by_households_desc, c->vil);
		for (int k = 0; k < schools && nr > 0; k++)
			per[order[k % nr]]++;
		/* twelve activity days and four exchanges a school; enough of them skipped to meet the county's figure */
		int sessions = c->p->family_school_sessions ? c->p->family_school_sessions : 15 * schools;
		int keep = sessions >= 16 * schools ? 1000 : (int)((int64_t)sessions * 1000 / (16 * schools));
		static const char *const topics[] = {
			"学习惠农政策", "讲解防返贫监测和帮扶政策", "交流种养殖技术", "宣讲移风易俗和文明乡风", "学习党的创新理论",
			"讲解医保和养老保险政策", "开展法治宣传", "交流茶叶管护和初制技术", "讲解森林防火和安全生产知识" };
		int rc = 0;
		for (int v = 0; v < c->nvil && rc == 0; v++) {
			int oi = pl_org_index(x, c->vil[v].org_id), np = x->vil_count[v];
			if (oi < 0 || per[v] == 0 || np == 0)
				continue;
			for (int s = 0; s < per[v] && rc == 0; s++) {
				int host = x->vil_people[x->vil_first[v] + rng_below(c, np)];
				fmt(venue, sizeof(venue), "%s第%d家庭党校（%s家）", c->vil[v].short_name, s + 1, x->pp[host].name);
				/* the activity day; the exchange week of the quarter's last month (weeks 9 to 11) */
				int activity = rng_range(c, 5, 25), week = rng_range(c, 9, 11);
				int64_t school;
				if (pl_family_school(c, v, s + 1, x->pp[host].id, activity, week, &school))
					return -1;
				for (int i = 0; i < 16 && rc == 0; i++) {
					if (!rng_permille(c, keep))
						continue;
					bool exchange = i >= 12;
					int mo = exchange ? (int[]){ 12, 3, 6, 9 }[(i - 12) % 4] : (10 + i) % 12 + 1, y = mo >= 11 ? 2025 : 2026;
					int64_t week0 = pl_day_of(y, mo - 2, 1) + (week - 1) * 7;
					int64_t day = exchange ? pl_pick_day(c, x, week0, week0 + 6, false) : pl_day_of(y, mo, activity);
					while (pl_free(x, day))
						day++;
					const char *topic = topics[rng_below(c, N(topics))];
					if (exchange)
						fmt(title, sizeof(title), "%s家庭党校交流周：%s", c->vil[v].short_name, topic);
					else
						fmt(title, sizeof(title), "%s第%d家庭党校%d月活动日：%s", c->vil[v].short_name, s + 1, mo, topic);
					int m = rng_range(c, PL_SCHOOL_SAMPLE - 4, PL_SCHOOL_SAMPLE);
					if (m > np)
						m = np;
					pl_sample(c, x->vil_people + x->vil_first[v], np, m, buf);
					rc = pl_training(c, x, &x->org[oi], "family_school", title, venue,
							 pl_time(day, rng_permille(c, 600) ? 19 * 60 + 30 : 14 * 60 + 30),
							 rng_range(c, 90, 150), buf, m, school, exchange);
				}
			}
		}
		free(per);
		free(order);
		if (rc)
			return -1;
	}
	return 0;
}

/* ---- the step ------------------------------------------------------------------------- */

static int gen_partylife(struct demo_ctx *c)
{
	struct pl_ctx x = { 0 };
	int rc = pl_load(c, &x);
	if (rc == 0 && x.free_mask) {
		char days[16] = "";
		size_t n = 0;
		for (int d = 1; d <= 7; d++)
			if (x.free_mask & (1u << d))
				n += (size_t)snprintf(days + n, sizeof(days) - n, "%s%d", n ? "," : "", d);
		if (db_exec(c->db, "INSERT INTO meeting_free_days (division, weekdays, updated_at) VALUES ($1, $2, $3)"
				   " ON CONFLICT (division) DO UPDATE SET weekdays = $2, updated_at = $3", "tti", c->county, days,
			    RQ_FROM) != DB_OK)
			rc = fail(c, "insert meeting-free days");
	}
	int *buf = xcalloc((size_t)x.np + PL_ALL_CAP + 64, sizeof(int));
	int *pool = xcalloc((size_t)x.np + 64, sizeof(int));
	struct pl_decision *dec = xcalloc(3, sizeof(*dec));
	for (int oi = 0; oi < x.norg && rc == 0; oi++) {
		const struct pl_org *o = &x.org[oi];
		bool ruled = false;
		for (int r = 0; r < x.nrule && !ruled; r++)
			ruled = !strcmp(x.rule[r].org_type, o->type);
		bool township = !strcmp(o->type, "township_committee");
		if (!ruled || (!township && o->nroster < 3) || (township && o->tw < 0))
			continue;
		x.nm = x.na = 0;
		pl_rule_meetings(c, &x, oi, buf);
		bool main_village = o->vil >= 0 && c->vil[o->vil].org_id == o->id && c->vil[o->vil].rural;
		if (main_village) {
			pl_village_meetings(c, &x, oi, buf);
			if (rng_permille(c, 120))
				pl_urgent(c, &x, oi, "two_committees", buf);
		}
		if (township)
			for (int k = rng_range(c, x.free_mask ? 1 : 0, x.free_mask ? 3 : 1); k > 0; k--)
				pl_urgent(c, &x, oi, "township_village_work", buf);
		qsort(x.m, (size_t)x.nm, sizeof(*x.m), pl_by_time);
		int nd = main_village ? pl_plan_decisions(c, &x, oi, dec) : 0;
		rc = pl_write_meetings(c, &x);
		for (int k = 0; k < nd && rc == 0; k++)
			rc = pl_write_decision(c, &x, &dec[k], c->vil[o->vil].code, pl_host(&x, o));
	}
	if (rc == 0)
		rc = pl_notices(c, &x);
	if (rc == 0)
		rc = pl_trainings(c, &x, buf, pool);
	free(dec);
	free(buf);
	free(pool);
	pl_free_ctx(&x);
	return rc;
}

/* ---- responsibility lists, task lists, weekly dispatch ----------------------------------- */

/*
 * 2026's 责任清单 (the county's templates for townships, village secretaries
 * and first secretaries; own lists of most townships and some villages), 任务清单
 * of townships and villages with progress as of 2026-11-01 (most done, some
 * late, some overdue), and the county's and townships' weekly dispatches
 * (周调度) over the reference year: a few new matters a week, each closed
 * one to four weeks later, a few left open past their dates, and some
 * weeks a township skipped.
 */
#define WL_YEAR 2026
#define WL_WEEKS 52

struct wl_text {
	const char *title, *category;
};

static const struct wl_text wl_township_duties[] = {
	{ "落实乡镇党委抓党建促脱贫主体责任，书记为第一责任人", "party_building" },
	{ "每周至少召开1次党委会专题研究村级工作", "party_building" },
	{ "班子成员包片、干部挂村、联系帮扶至少3户", "poverty" },
	{ "整顿软弱涣散村党组织，一村一策", "party_building" },
	{ "推进周调度、月通报，督办问题整改", "governance" },
	{ "发展壮大村级集体经济", "industry" },
};
static const struct wl_text wl_secretary_duties[] = {
	{ "落实三会一课、主题党日制度", "party_building" },
	{ "遍访贫困户，掌握两不愁三保障情况", "poverty" },
	{ "落实四议两公开，党务村务财务按时公开", "governance" },
	{ "培养致富带头人和后备干部", "party_building" },
	{ "带领发展特色产业，增加集体收入", "industry" },
	{ "开展防返贫动态监测", "poverty" },
	{ "化解矛盾纠纷，办理群众诉求", "governance" },
	{ "带头转变作风，不搞形式主义", "conduct" },
};
static const struct wl_text wl_first_secretary_duties[] = {
	{ "吃住在村，每月驻村不少于20天", "conduct" },
	{ "建强村党组织，帮助规范组织生活", "party_building" },
	{ "推动精准扶贫政策落地到户", "poverty" },
	{ "协调派出单位资源支持村里发展", "industry" },
	{ "为民办事服务，推动基层治理", "governance" },
};
static const struct wl_text wl_tasks[] = {
	{ "完成贫困户动态调整和信息核查", "poverty" },
	{ "完成危房改造验收", "poverty" },
	{ "产业奖补资金发放到户", "industry" },
	{ "软弱涣散党组织整顿验收", "party_building" },
	{ "组织党员冬训", "party_building" },
	{ "饮水安全巩固提升", "poverty" },
	{ "村级集体经济项目落地", "industry" },
	{ "人居环境整治月度检查", "governance" },
	{ "发展党员计划完成", "party_building" },
	{ "控辍保学劝返", "poverty" },
};
static const char *const wl_matters[] = {
	"道路硬化进度", "自来水管铺设", "路灯安装", "危房改造进度", "产业基地建设", "贫困户务工就业对接",
	"防返贫监测对象帮扶", "集体经济项目推进", "人居环境整治", "信访矛盾化解", "扶贫资金拨付", "党员活动室改造",
};

static int wl_list(struct demo_ctx *c, const char *title, const char *level, int64_t org, const char *role,
		   const char *division, const struct wl_text *items, int n)
{
	int64_t list = 0;
	if (db_query_int(c->db, &list, "INSERT INTO duty_lists (title, year, level, org_id, holder_role, division, created_at,"
			 " updated_at) VALUES ($1, $2, $3, NULLIF(CAST($4 AS BIGINT), 0), $5, $6, $7, $7) RETURNING id", "tititti", title,
			 (int64_t)WL_YEAR, level, org, role, division, RQ_FROM) != DB_ROW)
		return fail(c, "insert duty list");
	for (int i = 0; i < n; i++)
		if (db_exec(c->db, "INSERT INTO duty_items (list_id, division, seq, title, category, created_at, updated_at)"
			    " VALUES ($1, $2, $3, $4, $5, $6, $6)", "ititti", list, division, (int64_t)(i + 1), items[i].title,
			    items[i].category, RQ_FROM) != DB_OK)
			return fail(c, "insert duty item");
	c->st->duty_items += n;
	return 0;
}

static int wl_duties(struct demo_ctx *c)
{
	int rc = wl_list(c, "乡镇党委抓党建促脱贫攻坚责任清单", "township", 0, NULL, c->county, wl_township_duties, 4);
	if (!rc)
		rc = wl_list(c, "村党组织书记抓党建促脱贫攻坚责任清单", "village", 0, "secretary", c->county, wl_secretary_duties,
			     N(wl_secretary_duties));
	if (!rc)
		rc = wl_list(c, "驻村第一书记责任清单", "village", 0, "first_secretary", c->county, wl_first_secretary_duties,
			     N(wl_first_secretary_duties));
	char title[192];
	for (int t = 0; t < c->ntw && !rc; t++)
		if (rng_permille(c, 850)) {   /* a few townships have not written their own yet */
			fmt(title, sizeof(title), "%s党委%d年责任清单", c->tw[t].name, WL_YEAR);
			rc = wl_list(c, title, "township", c->tw[t].org_id, NULL, c->tw[t].code, wl_township_duties + 4,
				     rng_range(c, 1, 2));
		}
	for (int v = 0; v < c->nvil && !rc; v++)
		if (c->vil[v].org_id > 0 && rng_permille(c, 250))
			rc = wl_list(c, "本村年度重点责任", "village", c->vil[v].org_id, NULL, c->vil[v].code,
				     wl_secretary_duties + rng_below(c, 6), rng_range(c, 1, 2));
	return rc;
}

static void wl_day_text(int64_t day, char out[11])
{
	workdays_day(day * DAY, out);
}

/* One task of org, its state as of 2026-11-01: mostly done by then, some late, some overdue. */
static int wl_task(struct demo_ctx *c, int64_t org, const char *division, const char *source)
{
	const struct wl_text *w = &wl_tasks[rng_below(c, N(wl_tasks))];
	int64_t asof = pl_day_of(2026, 11, 1), deadline = pl_day_of(2026, 1, 20) + rng_below(c, 330);
	bool past = deadline < asof;
	int64_t done = 0;
	if (past ? rng_permille(c, 820) : rng_permille(c, 300)) {
		done = rng_permille(c, past ? 160 : 0) ? deadline + rng_range(c, 1, 25) : deadline - rng_range(c, 1, 40);
		if (done >= asof)
			done = asof - 1;
	}
	const char *status = done ? "done" : past || rng_permille(c, 700) ? "in_progress" : "not_started";
	char due[11], on[11];
	wl_day_text(deadline, due);
	wl_day_text(done, on);
	int64_t id = 0;
	if (db_query_int(c->db, &id, "INSERT INTO task_items (org_id, division, year, title, category, source, deadline, status,"
			 " completed_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
			 "ititttttti", org, division, (int64_t)WL_YEAR, w->title, w->category, source, due, status,
			 done ? on : NULL, RQ_FROM) != DB_ROW)
		return fail(c, "insert task");
	c->st->task_items++;
	if (strcmp(status, "not_started") == 0)
		return 0;
	int64_t at = done ? done * DAY + 9 * HOUR - 8 * HOUR : RQ_ASOF - rng_range(c, 1, 20) * DAY;
	if (db_exec(c->db, "INSERT INTO task_progress (task_id, at, text, status) VALUES ($1, $2, $3, $4)", "iitt", id, at,
		    done ? "已按要求完成，资料已归档" : "正在推进，按计划落实", status) != DB_OK)
		return fail(c, "insert task progress");
	return 0;
}

static int wl_task_lists(struct demo_ctx *c)
{
	int rc = 0;
	for (int t = 0; t < c->ntw && !rc; t++) {
		for (int k = rng_range(c, 3, 6); k > 0 && !rc; k--)
			rc = wl_task(c, c->tw[t].org_id, c->tw[t].code, "县委组织部");
		for (int v = c->tw[t].v0; v < c->tw[t].v0 + c->tw[t].nv && !rc; v++)
			for (int k = c->vil[v].org_id > 0 && c->vil[v].rural ? rng_range(c, 0, 3) : 0; k > 0 && !rc; k--)
				rc = wl_task(c, c->vil[v].org_id, c->vil[v].code, "乡镇党委");
	}
	return rc;
}

/* A dispatch item scheduled in week monday, closed one to four weeks on (most), or still open. */
static int wl_dispatch_item(struct demo_ctx *c, int64_t sched, int64_t org, const char *division, const char *week,
			    int64_t monday, int64_t resp, const char *resp_division)
{
	int64_t asof = pl_day_of(2026, 11, 1), due = monday + 7 * rng_range(c, 1, 3) + 4;
	int64_t done = rng_permille(c, 950) ? monday + rng_range(c, 2, rng_permille(c, 150) ? 40 : 24) : 0;
	if (done >= asof)
		done = 0;
	char due_s[11], done_s[11], closed[9] = "";
	wl_day_text(due, due_s);
	wl_day_text(done, done_s);
	if (done)
		clock_week_of(done_s, closed);
	bool overdue = !done && due < asof;
	const char *status = done ? "done" : monday + 7 < asof ? "in_progress" : "not_started";
	if (db_exec(c->db, "INSERT INTO schedule_items (schedule_id, org_id, division, week, matter, resp_org_id, resp_division,"
		    " progress, problem, next_step, status, due, done_on, closed_week, created_at, updated_at) VALUES ($1, $2, $3,"
		    " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)", "iitttitttttttti",
		    sched, org, division, week, wl_matters[rng_below(c, N(wl_matters))], resp, resp_division,
		    done ? "已完成" : "正在推进", overdue ? "资金和施工力量不足，进度滞后" : NULL,
		    done ? NULL : "倒排工期，下周再调度", status, due_s, done ? done_s : NULL, done ? closed : NULL,
		    monday * DAY + 2 * HOUR) != DB_OK)
		return fail(c, "insert dispatch item");
	c->st->dispatch_items++;
	return 0;
}

/* A year of weekly dispatches of org (the county or a township): responsible organisations resp[0..n). */
static int wl_dispatches(struct demo_ctx *c, int64_t org, const char *division, const int64_t *resp, char (*resp_div)[16],
			 int n, bool county)
{
	int64_t first = pl_day_of(2025, 11, 3);   /* the Monday of 2025-W45 */
	int rc = 0;
	for (int k = 0; k < WL_WEEKS && !rc; k++) {
		if (!county && rng_permille(c, 70))
			continue;   /* a week the township did not hold its dispatch */
		int64_t monday = first + 7 * k, sched = 0;
		char day[11], week[9], title[64];
		wl_day_text(monday, day);
		clock_week_of(day, week);
		fmt(title, sizeof(title), "%s脱贫攻坚周调度会", week);
		if (db_query_int(c->db, &sched, "INSERT INTO schedules (org_id, division, week, week_start, title, created_at,"
				 " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id", "itttti", org, division, week, day,
				 title, monday * DAY + 2 * HOUR) != DB_ROW)
			return fail(c, "insert dispatch");
		c->st->dispatches++;
		for (int i = rng_range(c, 1, 3); i > 0 && !rc; i--) {
			int w = n ? rng_below(c, n) : -1;
			rc = wl_dispatch_item(c, sched, org, division, week, monday, w >= 0 ? resp[w] : org,
					      w >= 0 ? resp_div[w] : division);
		}
	}
	return rc;
}

static int gen_worklists(struct demo_ctx *c)
{
	int rc = wl_duties(c);
	if (!rc)
		rc = wl_task_lists(c);
	int64_t *resp = xcalloc((size_t)(c->ntw + c->nvil + 1), sizeof(int64_t));
	char (*div)[16] = xcalloc((size_t)(c->ntw + c->nvil + 1), sizeof(*div));
	int n = 0;
	for (int t = 0; t < c->ntw; t++, n++) {
		resp[n] = c->tw[t].org_id;
		fmt(div[n], sizeof(div[n]), "%s", c->tw[t].code);
	}
	if (!rc)
		rc = wl_dispatches(c, c->county_org, c->county, resp, div, n, true);
	for (int t = 0; t < c->ntw && !rc; t++) {
		n = 0;
		for (int v = c->tw[t].v0; v < c->tw[t].v0 + c->tw[t].nv; v++)
			if (c->vil[v].org_id > 0) {
				resp[n] = c->vil[v].org_id;
				fmt(div[n++], sizeof(div[0]), "%s", c->vil[v].code);
			}
		rc = wl_dispatches(c, c->tw[t].org_id, c->tw[t].code, resp, div, n, false);
	}
	free(resp);
	free(div);
	return rc;
}

/* ---- the steps ---------------------------------------------------------------- */

struct demo_step {
	const char *name;
	int (*run)(struct demo_ctx *c);
};

/*
 * In order; each step reads what the earlier ones left in the context and
 * draws from its own random stream.  Later modules (visits, requests,
 * meetings) add their rows here, after the ones they build on.
 */
static const struct demo_step steps[] = {
	{ "divisions", gen_divisions },
	{ "grids", gen_grids },
	{ "orgs", gen_orgs },
	{ "units", gen_units },
	{ "party_groups", gen_party_groups },
	{ "cadres", gen_cadres },
	{ "resident", gen_resident },
	{ "grid_staff", gen_grid_staff },
	{ "members", gen_members },
	{ "flags", gen_flags },
	{ "households", gen_households },
	{ "requests", gen_requests },
	{ "partylife", gen_partylife },
	{ "worklists", gen_worklists },
};

static const struct demo_profile *find_profile(const char *county)
{
	for (int i = 0; i < N(profiles); i++)
		if (strcmp(profiles[i].county, county) == 0)
			return &profiles[i];
	return &default_profile;
}

static int import_county(struct db *db, const char *dir, const char *county, FILE *err)
{
	static const char *const files[] = { "provinces", "cities", "areas", "streets", "villages" };
	char paths[5][1024];
	const char *p[5];
	for (int i = 0; i < 5; i++) {
		fmt(paths[i], sizeof(paths[i]), "%s/%s/%s.csv", dir, county, files[i]);
		p[i] = paths[i];
		FILE *f = fopen(paths[i], "r");
		if (f == NULL) {
			fprintf(err, "demo: %s: cannot open (no division data for county %s)\n", paths[i], county);
			return -1;
		}
		fclose(f);
	}
	struct division_import_result res;
	return division_import(db, p, 5, err, &res);
}

static void load_ids(struct demo_ctx *c)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(c->county, upper);
	/* people and household members may be different persons, but no two share a number */
	struct db_stmt *q = db_query(c->db, "SELECT id_number FROM people WHERE id_number > $1 AND id_number < $2"
					    " UNION ALL SELECT id_number FROM members WHERE id_number > $1 AND id_number < $2",
				     "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		const char *id = db_column_text(q, 0);
		if (id && strlen(id) == 18) {
			uint64_t key = strtoull((char[12]){ id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13],
							    id[14], id[15], id[16], '\0' }, NULL, 10);
			ids_insert(c, key);
		}
	}
	db_finalize(q);
}

/* Is name in the comma-separated list? */
static bool step_skipped(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

int demo_build(struct db *db, const struct demo_options *opt, FILE *err, struct demo_stats *stats)
{
	struct demo_stats local;
	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (opt == NULL || opt->county == NULL || division_level(opt->county) != DIV_COUNTY) {
		fprintf(err, "demo: the county is a 6-digit division code\n");
		return -1;
	}
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(opt->county, upper);
	int64_t n = 0;
	if (db_query_int(db, &n, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", "tt", opt->county,
			 upper) != DB_ROW) {
		fprintf(err, "demo: %s\n", db_errmsg(db));
		return -1;
	}
	if (n > 0) {
		fprintf(err, "demo: county %s already has %lld party organisations; the demo runs once per database\n",
			opt->county, (long long)n);
		return -1;
	}
	if (db_query_int(db, &n, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", opt->county) != DB_ROW) {
		fprintf(err, "demo: %s\n", db_errmsg(db));
		return -1;
	}
	if (n == 0 && import_county(db, opt->data_dir ? opt->data_dir : "data/divisions", opt->county, err))
		return -1;

	struct demo_ctx c = { .db = db, .err = err, .p = find_profile(opt->county), .st = stats, .seed = opt->seed,
			      .now = clock_now() };
	fmt(c.county, sizeof(c.county), "%s", opt->county);
	if (db_begin(db) != DB_OK) {
		fprintf(err, "demo: begin: %s\n", db_errmsg(db));
		return -1;
	}
	load_ids(&c);
	int rc = 0;
	for (int i = 0; i < N(steps) && rc == 0; i++) {
		if (step_skipped(opt->skip, steps[i].name))
			continue;   /* each step has its own stream: the others are unchanged */
		rng_seed(&c, steps[i].name);
		rc = steps[i].run(&c);
	}
	if (rc == 0 && db_commit(db) != DB_OK)
		rc = fail(&c, "commit");
	if (rc != 0) {
		db_rollback(db);
		memset(stats, 0, sizeof(*stats));
	}
	free(c.tw);
	free(c.vil);
	free(c.grid);
	free(c.unit);
	free(c.ids);
	free(c.young.v);
	free(c.villagers.v);
	free(c.talents.v);
	return rc == 0 ? 0 : -1;
}
