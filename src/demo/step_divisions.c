/* step_divisions.c - steps "divisions" (townships, villages, their households and poor flags) and "grids". */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/division.h"
#include "core/intparse.h"
#include "core/mem.h"

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

int gen_divisions(struct demo_ctx *c)
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
			if (strcmp(c->vil[i].code, db_column_text(q, 0)) == 0) {
				int64_t no = 0;   /* the last group's number: its code's last three digits */
				const char *code = db_column_text(q, 1);
				if (strlen(code) > 12 && parse_int64(code + 12, 0, 999, &no) == 0)
					c->vil[i].next_group = (int)no;
			}
	db_finalize(q);

	int *rural = gen_calloc(c, (size_t)c->nvil, sizeof(int)), nrural = 0;
	bool *poor = gen_calloc(c, (size_t)c->nvil, sizeof(bool));
	for (int i = 0; i < c->nvil; i++)
		if (c->vil[i].rural)
			rural[nrural++] = i;
	int npoor = c->p->poor_villages ? c->p->poor_villages : nrural * rng_range(&c->rng, 300, 400) / 1000;
	pick_k(&c->rng, nrural, npoor, rural, poor);

	int64_t county_hh = 0, county_pop = 0;
	for (int ti = 0; ti < c->ntw; ti++) {
		struct township *tw = &c->tw[ti];
		int64_t hh = 0, pop = 0;
		for (int i = tw->v0; i < tw->v0 + tw->nv; i++) {
			struct village *v = &c->vil[i];
			v->poor = poor[i];
			if (v->rural) {
				v->households = rng_range(&c->rng, c->p->hh_min, c->p->hh_max);
				v->population = v->households * rng_range(&c->rng, 320, 430) / 100;
			} else if (strstr(v->name, "虚拟")) {
				v->households = rng_range(&c->rng, 40, 150);
				v->population = v->households * rng_range(&c->rng, 250, 330) / 100;
			} else {
				v->households = rng_range(&c->rng, 600, 2800);
				v->population = v->households * rng_range(&c->rng, 260, 340) / 100;
			}
			hh += v->households;
			pop += v->population;
			if (db_exec(c->db, "UPDATE divisions SET households = $1, population = $2, poor_village = $3,"
					   " updated_at = $4 WHERE code = $5", "iiiit", (int64_t)v->households,
				    (int64_t)v->population, (int64_t)v->poor, c->now, v->code) != DB_OK)
				return fail(c, "update village");
		}
		if (db_exec(c->db, "UPDATE divisions SET households = $1, population = $2, updated_at = $3 WHERE code = $4",
			    "iiit", hh, pop, c->now, tw->code) != DB_OK)
			return fail(c, "update township");
		county_hh += hh;
		county_pop += pop;
	}
	/* all five seed counties were poverty counties (乳源 a provincial one) */
	if (db_exec(c->db, "UPDATE divisions SET households = $1, population = $2, poor_county = 1, updated_at = $3"
			   " WHERE code = $4", "iiit", county_hh, county_pop, c->now, c->county) != DB_OK)
		return fail(c, "update county");
	c->st->townships = c->ntw;
	c->st->villages = c->nvil;
	return 0;
}

/* ---- step: grids -------------------------------------------------------------- */

int by_households_desc(const void *a, const void *b, void *vil)
{
	const struct village *v = vil;
	int x = *(const int *)a, y = *(const int *)b;
	if (v[x].households != v[y].households)
		return v[y].households - v[x].households;
	return x - y;
}

int gen_grids(struct demo_ctx *c)
{
	int *count = gen_calloc(c, (size_t)c->nvil, sizeof(int));
	bool groups = c->p->grid_mode == GROUPS;
	if (c->p->grids > 0) {
		/* a fixed total: one per village, the rest to the largest villages */
		int *order = gen_calloc(c, (size_t)c->nvil, sizeof(int));
		for (int i = 0; i < c->nvil; i++)
			order[i] = i;
		qsort_r(order, (size_t)c->nvil, sizeof(int), by_households_desc, c->vil);
		for (int k = 0; k < c->p->grids; k++)
			count[order[k % c->nvil]]++;
	} else {
		for (int i = 0; i < c->nvil; i++) {
			const struct village *v = &c->vil[i];
			if (!v->rural)
				count[i] = strstr(v->name, "虚拟") ? 1 : rng_range(&c->rng, 2, 4);
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
			int hh = left == 1 ? hh_left : hh_left / left + rng_range(&c->rng, -hh_left / (left * 8), hh_left / (left * 8));
			int pop = left == 1 ? pop_left : (int)((int64_t)pop_left * hh / (hh_left > 0 ? hh_left : 1));
			hh_left -= hh;
			pop_left -= pop;
			if (db_exec(c->db, "INSERT INTO divisions (code, name, level, parent_code, type, households, population,"
					   " western, created_at, updated_at) VALUES ($1, $2, 'group', $3, $4, $5, $6, $7, $8, $8)",
				    "ttttiiii", g->code, name, v->code, group ? "group" : "grid",
				    (int64_t)hh, (int64_t)pop, (int64_t)c->western, c->now) != DB_OK)
				return fail(c, "insert grid");
		}
	}
	c->st->grids = c->ngrid;
	return 0;
}
