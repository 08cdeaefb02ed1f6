/*
 * step_pairings.c - step "pairings": who helps whom in the county as of the
 * build day.  Township leaders' areas (片区, 乳源's 113), county leaders'
 * townships and responsibility zones (凤庆: over 187 villages), units and enterprises paired with
 * villages (挂包帮, 村企共建), township cadres guiding villages, a 帮扶责任人
 * (the report's households per township helper where it gives one, 乳源 3.1
 * with its leaders, 琼中 4, and 琼中's county leaders 2; unit cadres added
 * where a township's cadres do not suffice, 3-5 each or 琼中's 3, every
 * other one a party member of an organ branch; 琼中's "N+1" helpers guide a village;
 * docs/demo.md compares the figures) for every
 * registered or monitored household with some earlier helpers ended; 凤庆's
 * 160 units paired with villages; where
 * the profile gives the units' 挂包帮 cadres in all (凤庆 6,730), the rest
 * of them as extra helpers of their unit's village's households; 1+X and mutual-aid groups, grid workers and supervisors,
 * the resident work teams built from the first secretaries (one current
 * batch per village, earlier ones ended), 90 days of visits (times --scale), township
 * leaders' patrols of villages 4 days a week, two months of
 * check-ins and a few leave requests up to the build day.  A handful of
 * gaps are planted: a leader without an area, a cadre without a village, a
 * village without a guide, three households without a helper, a cadre with
 * seven households, an enterprise without its village, a member recalled,
 * a leader in villages only once last week.  Counties whose report tells
 * of a 户户走到 drive (竹山: ~10,000 cadres visited 100,000+ households, at
 * least 99 %) get it as a campaign of the last 90 days up to the build day,
 * every household of the county its target, about 0.6 % not reached yet,
 * the visitors the county's cadres in the report's ratio to the households
 * (about ten each), each in the village they are posted to or paired with.
 */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/mem.h"
#include "db/batch.h"

#define START_113 "2021-09-01"   /* the double 113 after the 2021 village elections */
#define PRESENCE_MONTHS 2

struct pp {
	int64_t id, unit_id;
	char division[16];
	int tw;   /* township index, -1 when county-level */
};

struct pplist {
	struct pp *v;
	int n, cap;
};

struct hh {
	int64_t id;
	char division[16];
	bool monitored;
	int tw, vil;
};

static void pp_push(struct demo_ctx *c, struct pplist *l, int64_t id, int64_t unit, const char *division)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		struct pp *v = gen_calloc(c, (size_t)l->cap, sizeof(*v));
		if (l->n)
			memcpy(v, l->v, (size_t)l->n * sizeof(*v));
		l->v = v;
	}
	struct pp *p = &l->v[l->n++];
	p->id = id;
	p->unit_id = unit;
	fmt(p->division, sizeof(p->division), "%s", division);
	p->tw = township_of(c, division);
}

/* The people of a cadre role in the county, by id. */
static int load_role(struct demo_ctx *c, const char *role, struct pplist *out)
{
	char upper[24];
	fmt(upper, sizeof(upper), "%s~", c->county);
	struct db_stmt *q = db_query(c->db, "SELECT id, COALESCE(unit_id, 0), division FROM people WHERE cadre_role = $1"
					    " AND division >= $2 AND division < $3 ORDER BY division, id", "ttt", role, c->county, upper);
	while (q && db_step(q) == DB_ROW)
		pp_push(c, out, db_column_int(q, 0), db_column_int(q, 1), db_column_text(q, 2));
	db_finalize(q);
	return q ? 0 : fail(c, "load people");
}

static void day_str(int64_t day, char out[11])
{
	int y, m, d;
	pl_civil(day, &y, &m, &d);
	date_str(out, y, m, d);
}

struct pairing_row {
	const char *kind, *division, *target, *group, *start, *end;
	int64_t unit, org, person, household, area;
};

static int pairing_add(struct demo_ctx *c, const struct pairing_row *p)
{
	if (db_exec(c->db, "INSERT INTO pairings (kind, division, unit_id, org_id, person_id, household_id, target, area_id, group_name,"
			   " start_on, end_on, created_at, updated_at) VALUES ($1, $2, NULLIF(CAST($3 AS BIGINT), 0),"
			   " NULLIF(CAST($4 AS BIGINT), 0), NULLIF(CAST($5 AS BIGINT), 0), NULLIF(CAST($6 AS BIGINT), 0), $7,"
			   " NULLIF(CAST($8 AS BIGINT), 0), $9, $10, $11, $12, $12)",
		    "ttiiiitittti", p->kind, p->division, p->unit, p->org, p->person, p->household, p->target, p->area, p->group,
		    p->start, p->end, c->now) != DB_OK)
		return fail(c, "insert pairing");
	return 0;
}

/* ---- leaders: areas, townships, zones ------------------------------------------------------ */

/* Each township leader owns one area of the township's villages; the first township's last
 * leader is left without one (a planted gap). */
static int gen_areas(struct demo_ctx *c, const struct pplist *leaders)
{
	for (int t = 0; t < c->ntw; t++) {
		const struct township *tw = &c->tw[t];
		int idx[32], k = 0;
		for (int i = 0; i < leaders->n && k < 32; i++)
			if (leaders->v[i].tw == t)
				idx[k++] = i;
		if (t == 0 && k >= 2)
			k--;
		for (int j = 0; j < k && tw->nv > 0; j++) {
			/* more leaders than villages: an area of one village, shared */
			int a = tw->v0 + j * tw->nv / k, b = tw->v0 + (j + 1) * tw->nv / k;
			if (b <= a)
				b = a + 1;
			char name[160], *villages = gen_calloc(c, (size_t)(b - a) * 17 + 1, 1), *end = villages;
			for (int v = a; v < b; v++) {
				size_t len = strlen(c->vil[v].code);
				if (v > a)
					*end++ = ',';
				memcpy(end, c->vil[v].code, len);
				end += len;
			}
			fmt(name, sizeof(name), "%s第%s片区", tw->name, cn_numbers[j % 10]);
			int64_t area = 0;
			if (db_query_int(c->db, &area, "INSERT INTO pairing_areas (name, division, villages, created_at, updated_at)"
						       " VALUES ($1, $2, $3, $4, $4) RETURNING id", "ttti", name, tw->code, villages,
					 c->now) != DB_ROW)
				return fail(c, "insert area");
			struct pairing_row p = { .kind = "leader_area", .division = tw->code, .person = leaders->v[idx[j]].id,
						 .area = area, .start = START_113 };
			if (pairing_add(c, &p))
				return -1;
		}
	}
	return 0;
}

/* The villages of the county leaders' zones: all, or the profile's count (凤庆's 187 of 190), the
 * left-out ones the last communities (towns' neighbourhoods), then the last villages. */
static int zone_villages(struct demo_ctx *c, int *out)
{
	int want = c->p->zone_villages > 0 && c->p->zone_villages < c->nvil ? c->p->zone_villages : c->nvil;
	bool *out_of = gen_calloc(c, (size_t)c->nvil + 1, sizeof(bool));
	int left = c->nvil - want;
	for (int v = c->nvil - 1; v >= 0 && left > 0; v--)
		if (!c->vil[v].rural) {
			out_of[v] = true;
			left--;
		}
	for (int v = c->nvil - 1; v >= 0 && left > 0; v--)
		if (!out_of[v]) {
			out_of[v] = true;
			left--;
		}
	int n = 0;
	for (int v = 0; v < c->nvil; v++)
		if (!out_of[v])
			out[n++] = v;
	return n;
}

/* County leaders: each contacts a township (包联); up to 24 of them hold responsibility zones
 * over the zone villages (凤庆's 24 leaders, zones over 187 villages). */
static int gen_county_leaders(struct demo_ctx *c, const struct pplist *cl)
{
	if (cl->n == 0)
		return 0;
	for (int i = 0; i < cl->n && i < 2 * c->ntw; i++) {
		struct pairing_row p = { .kind = "leader_township", .division = c->tw[i % c->ntw].code,
					 .target = c->tw[i % c->ntw].code, .person = cl->v[i].id, .start = START_113 };
		if (pairing_add(c, &p))
			return -1;
	}
	int *zv = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int));
	int nzv = zone_villages(c, zv);
	int zones = cl->n < 24 ? cl->n : 24;
	if (zones > nzv)
		zones = nzv;
	for (int z = 0; z < zones; z++) {
		char group[64];
		fmt(group, sizeof(group), "第%d党建责任区", z + 1);
		for (int k = z * nzv / zones; k < (z + 1) * nzv / zones; k++) {
			const struct village *vl = &c->vil[zv[k]];
			struct pairing_row p = { .kind = "leader_zone", .division = vl->code, .target = vl->code,
						 .person = cl->v[z].id, .group = group, .start = "2021-03-01" };
			if (pairing_add(c, &p))
				return -1;
		}
	}
	return 0;
}

/* ---- units and enterprises ------------------------------------------------------------------ */

static bool is_enterprise(const struct unit *u)
{
	return !strcmp(u->kind, "private") || !strcmp(u->kind, "soe") || !strcmp(u->kind, "cooperative");
}

static const struct unit *pick_organ(struct demo_ctx *c)
{
	for (int tries = 0; tries < 16; tries++) {
		const struct unit *u = pick_unit(c);
		if (!is_enterprise(u))
			return u;
	}
	return NULL;
}

/* A unit paired with a village (挂包帮), and half the time an organ's party branch with the village branch. */
static int unit_village_add(struct demo_ctx *c, const struct unit *u, const struct village *vl)
{
	struct pairing_row p = { .kind = "unit_village", .division = vl->code, .target = vl->code, .unit = u->id,
				 .start = "2021-06-01" };
	if (pairing_add(c, &p))
		return -1;
	if (u->org_id > 0 && rng_permille(&c->rng, 500) && !is_enterprise(u)) {
		p = (struct pairing_row){ .kind = "branch_village", .division = vl->code, .target = vl->code, .org = u->org_id,
					  .start = "2021-07-01" };
		if (pairing_add(c, &p))
			return -1;
	}
	return 0;
}

/*
 * 挂包帮 where the profile gives the units taking part (凤庆: 160 党政企事业单位,
 * enterprises too): the first that many of the county's units (organs
 * first), over the same villages (the poor ones listed first): pairing j is
 * unit j mod U with village j mod V for j < max(U, V), so more units than
 * villages give the first (poor) villages a second unit, fewer give a unit
 * several villages.
 */
static int gen_paired_units(struct demo_ctx *c, const bool *paired)
{
	int *list = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int)), nv = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int v = 0; v < c->nvil; v++)
			if (paired[v] && c->vil[v].poor == (pass == 0))
				list[nv++] = v;
	int nu = c->p->paired_units < c->nunit ? c->p->paired_units : c->nunit;
	for (int j = 0; nv > 0 && j < (nu > nv ? nu : nv); j++)
		if (unit_village_add(c, &c->unit[j % nu], &c->vil[list[j % nv]]))
			return -1;
	return 0;
}

/* 挂包帮: a unit for every poor village and a third of the others (an organ, or the profile's
 * units); 村企共建: most enterprises with a village, the first one not given its village yet (a
 * planted gap). */
static int gen_units_villages(struct demo_ctx *c)
{
	bool *paired = gen_calloc(c, (size_t)c->nvil + 1, sizeof(bool));
	for (int v = 0; v < c->nvil && c->nunit > 0; v++) {
		const struct village *vl = &c->vil[v];
		if (!vl->poor && !rng_permille(&c->rng, 330))
			continue;
		paired[v] = true;
		if (c->p->paired_units > 0)
			continue;
		const struct unit *u = pick_organ(c);
		if (u == NULL)
			break;
		if (unit_village_add(c, u, vl))
			return -1;
	}
	if (c->p->paired_units > 0 && c->nunit > 0 && gen_paired_units(c, paired))
		return -1;
	bool first = true;
	for (int i = 0; i < c->nunit && c->nvil > 0; i++) {
		const struct unit *u = &c->unit[i];
		if (!is_enterprise(u) || !rng_permille(&c->rng, 800))
			continue;
		const struct village *vl = &c->vil[rng_below(&c->rng, c->nvil)];
		char start[11];
		random_date(c, 2021, 2024, start);
		struct pairing_row p = { .kind = "enterprise_village", .division = first ? c->county : vl->code,
					 .target = first ? NULL : vl->code, .unit = u->id, .start = start };
		first = false;
		if (pairing_add(c, &p))
			return -1;
	}
	return 0;
}

/* ---- cadres: villages and households ------------------------------------------------------- */

/* Township cadres guide the township's villages in turn; the first township's last cadre guides
 * none and its second village has no guide (planted gaps). */
static int gen_cadre_villages(struct demo_ctx *c, const struct pplist *staff)
{
	for (int t = 0; t < c->ntw; t++) {
		const struct township *tw = &c->tw[t];
		int k = 0, last = -1;
		for (int i = 0; i < staff->n; i++)
			if (staff->v[i].tw == t)
				last = i;
		for (int i = 0; i < staff->n && tw->nv > 0; i++) {
			if (staff->v[i].tw != t)
				continue;
			int v = tw->v0 + k++ % tw->nv;
			if (t == 0 && i == last)
				continue;
			if (t == 0 && v == tw->v0 + 1 && tw->nv > 2)
				v = tw->v0;   /* its cadre guides the first village instead */
			struct pairing_row p = { .kind = "cadre_village", .division = c->vil[v].code, .target = c->vil[v].code,
						 .person = staff->v[i].id, .start = START_113 };
			if (pairing_add(c, &p))
				return -1;
		}
	}
	return 0;
}

static int load_households(struct demo_ctx *c, struct hh **out, int *n)
{
	char upper[24];
	fmt(upper, sizeof(upper), "%s~", c->county);
	int64_t count = 0;
	if (db_query_int(c->db, &count, "SELECT COUNT(*) FROM households h WHERE h.division >= $1 AND h.division < $2 AND"
				       " (h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR h.monitor_category IS NOT NULL)",
			 "tt", c->county, upper) != DB_ROW)
		return fail(c, "count households");
	struct hh *v = gen_calloc(c, (size_t)count + 1, sizeof(*v));
	struct db_stmt *q = db_query(c->db, "SELECT h.id, h.division, h.monitor_category FROM households h WHERE h.division >= $1"
					    " AND h.division < $2 AND (h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed')"
					    " OR h.monitor_category IS NOT NULL) ORDER BY h.division, h.id", "tt", c->county, upper);
	int k = 0;
	while (q && k < count && db_step(q) == DB_ROW) {
		v[k].id = db_column_int(q, 0);
		fmt(v[k].division, sizeof(v[k].division), "%s", db_column_text(q, 1));
		v[k].monitored = !db_column_is_null(q, 2);
		v[k].tw = township_of(c, v[k].division);
		v[k].vil = village_of(c, v[k].division);
		k++;
	}
	db_finalize(q);
	*out = v;
	*n = k;
	return q ? 0 : fail(c, "load households");
}

/* The party members of the county's organ branches who hold no cadre role yet: the first
 * choice of the units' cadres who help households (挂包帮). */
struct organ_members {
	struct pplist list;
	int next, added;
};

static int load_organ_members(struct demo_ctx *c, struct organ_members *m)
{
	char upper[24];
	fmt(upper, sizeof(upper), "%s~", c->county);
	struct db_stmt *q = db_query(c->db, "SELECT p.id, COALESCE(p.unit_id, 0), p.division FROM people p JOIN orgs o ON o.id = p.org_id"
					    " WHERE o.type = 'organ_branch' AND p.political_status IN ('member', 'probationary')"
					    " AND p.cadre_role IS NULL AND p.division >= $1 AND p.division < $2 ORDER BY p.id",
				     "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW)
		pp_push(c, &m->list, db_column_int(q, 0), db_column_int(q, 1), db_column_text(q, 2));
	db_finalize(q);
	return q ? 0 : fail(c, "load organ members");
}

/*
 * A unit's cadre added as a 帮扶责任人 where the township's own cadres do
 * not suffice: every other one a party member of an organ branch (莱州's
 * rule: an organ or SOE party member helps each household; 凤庆's 6,730
 * 干部职工 are not all members), who becomes an assistance cadre, so the
 * county's membership stays the report's figure; the others new staff of an
 * organ, not members.
 */
static int add_unit_cadre(struct demo_ctx *c, struct organ_members *m, struct pplist *pool)
{
	if (m->added++ % 2 == 0 && m->next < m->list.n) {
		const struct pp *x = &m->list.v[m->next++];
		if (db_exec(c->db, "UPDATE people SET cadre_role = 'assistance_cadre', position = COALESCE((SELECT o.name FROM orgs o"
				   " WHERE o.id = people.org_id), '') || '党员干部（帮扶责任人）' WHERE id = $1", "i", x->id) != DB_OK)
			return fail(c, "assistance cadre");
		pp_push(c, pool, x->id, x->unit_id, c->county);
		return 0;
	}
	const struct unit *u = pick_organ(c);
	if (u == NULL)
		u = &c->unit[0];
	char pos[256];
	fmt(pos, sizeof(pos), "%s干部（帮扶责任人）", u->name);
	struct person_new p = { .division = c->county, .unit_id = u->id, .org_id = u->org_id, .role = "assistance_cadre",
				.position = pos, .by_lo = 1966, .by_hi = 1997, .male_permille = 640, .league_permille = 500,
				.edu = EDU_STAFF };
	/* not members: the county's membership is the report's figure (乳源 10,721), which the
	 * members step reaches before this step runs */
	struct person_out out = { 0 };
	if (person_add(c, &p, &out))
		return -1;
	pp_push(c, pool, out.id, u->id, c->county);
	return 0;
}

/* The current helper of every household (and, for some, an earlier one whose pairing ended). */
struct helped {
	const struct hh *house;
	int64_t person;
	char start[11];
};

static int helper_pairing(struct demo_ctx *c, const struct hh *h, int64_t person, const struct pplist *any, struct helped *out)
{
	char start[11], end[11];
	random_date(c, 2022, c->today_y - 1 > 2022 ? c->today_y - 1 : 2022, start);
	if (any->n > 1 && rng_permille(&c->rng, 70)) {
		/* an earlier helper, moved on the day before the current one took over */
		int64_t prev = any->v[rng_below(&c->rng, any->n)].id;
		day_str(pl_day_of(date_field(start, 4), date_field(start + 5, 2), date_field(start + 8, 2)) - 1, end);
		struct pairing_row p = { .kind = "cadre_household", .division = h->division, .person = prev == person ? any->v[0].id : prev,
					 .household = h->id, .start = "2021-03-01", .end = end };
		if (p.person != person && pairing_add(c, &p))
			return -1;
	}
	struct pairing_row p = { .kind = "cadre_household", .division = h->division, .person = person, .household = h->id,
				 .start = start };
	if (pairing_add(c, &p))
		return -1;
	out->house = h;
	out->person = person;
	fmt(out->start, sizeof(out->start), "%s", start);
	return 0;
}

/*
 * The reports' figures of the township cadres who help households: how many
 * households each takes (in tenths; the others 3-5) and whether the
 * township leaders help too (docs/demo.md compares them with the demo).
 */
static const struct helper_profile {
	const char *county;
	int per_x10;
	bool leaders_help;
	int county_leader_take;   /* "2+1": each county leader helps this many households of their township and
				     guides one village; 0: they help none */
	int unit_take;            /* "3+1": each unit cadre helping where the township's cadres do not suffice
				     helps this many and guides one village; 0: 3-5 and no village */
} helper_profiles[] = {
	/* 乳源: "580余人的乡镇领导干部包片联系队伍，联系帮扶群众1800余户": the 580 township leaders
	 * and cadres help 1,800 households, 3.1 each; unit cadres (挂包帮) help the rest */
	{ "440232", 31, true, 0, 0 },
	/* 琼中: "推行双中队长和县领导“2+1”、帮扶单位“3+1”、乡镇干部“4+1”工作机制" (seed 000, line 75),
	 * read by the demo as: each township cadre helps four households and guides one village (4+1),
	 * each county leader two and one village (2+1), each helping unit's cadre three and one
	 * village (3+1); the seed does not say what the numbers count (docs/demo.md) */
	{ "469030", 40, false, 2, 3 },
};

static const struct helper_profile *helper_profile(const struct demo_ctx *c)
{
	for (int i = 0; i < N(helper_profiles); i++)
		if (!strcmp(helper_profiles[i].county, c->county))
			return &helper_profiles[i];
	return NULL;
}

/* The households one township helper takes: the profile's share (its tenths drawn), else 3-5. */
static int helper_take(struct demo_ctx *c, const struct helper_profile *hp)
{
	if (hp == NULL)
		return rng_range(&c->rng, 3, 5);
	return hp->per_x10 / 10 + (rng_below(&c->rng, 10) < hp->per_x10 % 10);
}

/* "+1": a helper of the county leaders or units also guides one village (琼中's 2+1 and 3+1). */
static int guide_village(struct demo_ctx *c, int64_t person, int vil)
{
	if (vil < 0)
		return 0;
	struct pairing_row p = { .kind = "cadre_village", .division = c->vil[vil].code, .target = c->vil[vil].code,
				 .person = person, .start = START_113 };
	return pairing_add(c, &p);
}

/*
 * Per township: its cadres (and its leaders, where the report says so) take
 * their share of households each, then, where the report says so, the
 * county leaders of the township (the k-th of them the township k mod the
 * townships, as their 包联) theirs, then unit cadres 3-5 (or the report's
 * share); where households are fewer than the cadres' share, the remaining
 * cadres become second helpers (they visit too).  The county leaders and
 * unit cadres of a share "N+1" guide the village of their first household.
 * Three households are left without a helper and the first township's first
 * helper takes seven (planted gaps).
 */
static int gen_helpers(struct demo_ctx *c, const struct pplist *staff, const struct pplist *cl, struct hh *hh, int nhh,
		       struct helped **out, int *nout)
{
	const struct helper_profile *hp = helper_profile(c);
	bool *skip = gen_calloc(c, (size_t)nhh + 1, sizeof(bool));
	pick_k(&c->rng, nhh, nhh >= 50 ? 3 : 0, NULL, skip);
	/* every household once, and the township helpers' and county leaders' second households at most 7 each */
	struct helped *help = gen_calloc(c, (size_t)nhh + (size_t)(staff->n + cl->n) * 7 + 16, sizeof(*help));
	int nh = 0;
	struct pplist extra = { 0 };
	struct organ_members members = { 0 };
	if (load_organ_members(c, &members))
		return -1;
	int h0 = 0;
	for (int t = 0; t < c->ntw; t++) {
		int h1 = h0;
		while (h1 < nhh && hh[h1].tw == t)
			h1++;
		int next = h0;
		for (int i = 0; i < staff->n; i++) {
			if (staff->v[i].tw != t)
				continue;
			bool heavy = t == 0 && next == h0 && h1 - h0 >= 10;
			int take = heavy ? 7 : helper_take(c, hp);
			for (int k = 0; k < take; k++, next++) {
				const struct hh *h = &hh[h0 + (h1 > h0 ? (next - h0) % (h1 - h0) : 0)];
				if (h1 == h0 || skip[h - hh])
					continue;
				if (helper_pairing(c, h, staff->v[i].id, staff, &help[nh++]))
					return -1;
			}
		}
		for (int i = t; hp && hp->county_leader_take > 0 && h1 > h0 && i < cl->n; i += c->ntw) {
			for (int k = 0; k < hp->county_leader_take; k++, next++) {
				const struct hh *h = &hh[h0 + (next - h0) % (h1 - h0)];
				if (k == 0 && guide_village(c, cl->v[i].id, h->vil))
					return -1;
				if (!skip[h - hh] && helper_pairing(c, h, cl->v[i].id, staff, &help[nh++]))
					return -1;
			}
		}
		while (next < h1) {
			if (add_unit_cadre(c, &members, &extra))
				return -1;
			int take = hp && hp->unit_take > 0 ? hp->unit_take : rng_range(&c->rng, 3, 5);
			if (hp && hp->unit_take > 0 && guide_village(c, extra.v[extra.n - 1].id, hh[next].vil))
				return -1;
			for (int k = 0; k < take && next < h1; k++, next++) {
				if (skip[next])
					continue;
				if (helper_pairing(c, &hh[next], extra.v[extra.n - 1].id, staff, &help[nh++]))
					return -1;
			}
		}
		h0 = h1;
	}
	*out = help;
	*nout = nh;
	return 0;
}

#define UNIT_HELPERS_MAX 3    /* the 挂包帮 step's helpers of one household at most */
#define VILLAGE_UNITS_MAX 16  /* the units of one village whose cadres help its households */

/*
 * 挂包帮 as the report counts it (凤庆: 160 units, 6,730 cadres): where the
 * profile gives the units' cadres in all, the assistance cadres made so far
 * count towards it and the rest are made here, each a cadre of a unit
 * paired with a village (unit_village; the village's units in turn, so the
 * cadres spread over every unit taking part) helping one of that village's
 * households that has a helper already (an extra helper: the report's 1.7
 * per household; the planted households without one stay without), in
 * rounds over those households, at most UNIT_HELPERS_MAX of them a
 * household, so a county cut to a few townships gets fewer.  Not members: the
 * county's membership is the report's figure.
 */
static int gen_unit_cadres(struct demo_ctx *c, const struct hh *hh, int nhh, struct helped **help, int *nhelp)
{
	if (c->p->unit_cadres <= 0 || nhh == 0)
		return 0;
	char upper[24];
	fmt(upper, sizeof(upper), "%s~", c->county);
	int64_t have = 0;
	if (db_query_int(c->db, &have, "SELECT COUNT(*) FROM people WHERE cadre_role = 'assistance_cadre' AND division >= $1"
				      " AND division < $2", "tt", c->county, upper) != DB_ROW)
		return fail(c, "count assistance cadres");
	int need = c->p->unit_cadres - (int)have;
	if (need <= 0)
		return 0;
	/* the units of each village (its unit_village pairings, at most VILLAGE_UNITS_MAX), taken in turn */
	const struct unit *(*vunit)[VILLAGE_UNITS_MAX] = gen_calloc(c, (size_t)c->nvil + 1, sizeof(*vunit));
	int *nvunit = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int)), *turn = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int));
	struct db_stmt *q = db_query(c->db, "SELECT target, unit_id FROM pairings WHERE kind = 'unit_village' AND division >= $1"
					    " AND division < $2 AND end_on IS NULL ORDER BY id", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		int v = village_of(c, db_column_text(q, 0));
		int64_t unit = db_column_int(q, 1);
		for (int i = 0; v >= 0 && nvunit[v] < VILLAGE_UNITS_MAX && i < c->nunit; i++)
			if (c->unit[i].id == unit) {
				vunit[v][nvunit[v]++] = &c->unit[i];
				break;
			}
	}
	db_finalize(q);
	if (q == NULL)
		return fail(c, "load unit villages");
	bool *helped = gen_calloc(c, (size_t)nhh + 1, sizeof(bool));
	for (int i = 0; i < *nhelp; i++)
		helped[(*help)[i].house - hh] = true;
	int cap = 0;
	for (int i = 0; i < nhh; i++)
		cap += helped[i] && hh[i].vil >= 0 && nvunit[hh[i].vil] > 0;
	if (need > cap * UNIT_HELPERS_MAX)
		need = cap * UNIT_HELPERS_MAX;
	struct helped *all = gen_calloc(c, (size_t)(*nhelp + need) + 1, sizeof(*all));
	if (*nhelp)
		memcpy(all, *help, (size_t)*nhelp * sizeof(*all));
	int n = *nhelp;
	struct pplist none = { 0 };
	for (int round = 0; round < UNIT_HELPERS_MAX && need > 0; round++) {
		for (int i = 0; i < nhh && need > 0; i++) {
			int v = hh[i].vil;
			if (!helped[i] || v < 0 || nvunit[v] == 0)
				continue;
			const struct unit *u = vunit[v][turn[v]++ % nvunit[v]];
			char pos[256];
			fmt(pos, sizeof(pos), "%s干部（挂包帮帮扶责任人）", u->name);
			struct person_new p = { .division = c->county, .unit_id = u->id, .org_id = u->org_id, .role = "assistance_cadre",
						.position = pos, .by_lo = 1966, .by_hi = 1998, .male_permille = 600,
						.league_permille = 500, .edu = EDU_STAFF };
			struct person_out out = { 0 };
			if (person_add(c, &p, &out) || helper_pairing(c, &hh[i], out.id, &none, &all[n++]))
				return -1;
			need--;
		}
	}
	*help = all;
	*nhelp = n;
	return 0;
}

/* 1+X: a party member of the village leads 5-8 of its households; the next 5-7 form a
 * mutual-aid group. */
static int gen_member_groups(struct demo_ctx *c, const struct hh *hh, int nhh)
{
	char upper[24];
	fmt(upper, sizeof(upper), "%s~", c->county);
	int64_t *member = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int64_t));
	struct db_stmt *q = db_query(c->db, "SELECT division, MIN(id) FROM people WHERE cadre_role IS NULL AND political_status = 'member'"
					    " AND division >= $1 AND division < $2 GROUP BY division", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		int v = village_of(c, db_column_text(q, 0));
		if (v >= 0 && member[v] == 0)
			member[v] = db_column_int(q, 1);
	}
	db_finalize(q);
	for (int i = 0; i < nhh;) {
		int v = hh[i].vil, j = i;
		while (j < nhh && hh[j].vil == v)
			j++;
		int x = rng_range(&c->rng, 5, 8), g = rng_range(&c->rng, 5, 7);
		for (int k = i; v >= 0 && member[v] && k < i + x && k < j; k++) {
			struct pairing_row p = { .kind = "member_household", .division = hh[k].division, .person = member[v],
						 .household = hh[k].id, .start = "2021-07-01" };
			if (pairing_add(c, &p))
				return -1;
		}
		if (v >= 0 && j - i >= x + g) {
			char group[160];
			fmt(group, sizeof(group), "%s第一互助组", c->vil[v].short_name);
			for (int k = i + x; k < i + x + g; k++) {
				struct pairing_row p = { .kind = "mutual_aid", .division = hh[k].division, .household = hh[k].id,
							 .group = group, .start = "2021-07-01" };
				if (pairing_add(c, &p))
					return -1;
			}
		}
		i = j;
	}
	return 0;
}

static int gen_grids_pairings(struct demo_ctx *c)
{
	char upper[24];
	fmt(upper, sizeof(upper), "%s~", c->county);
	if (db_exec(c->db, "INSERT INTO pairings (kind, division, person_id, target, start_on, created_at, updated_at)"
			   " SELECT 'grid_worker', code, grid_worker_id, code, '2021-06-01', $3, $3 FROM divisions"
			   " WHERE grid_worker_id IS NOT NULL AND code >= $1 AND code < $2 ORDER BY code", "tti", c->county, upper,
		    c->now) != DB_OK ||
	    db_exec(c->db, "INSERT INTO pairings (kind, division, person_id, target, start_on, created_at, updated_at)"
			   " SELECT 'grid_supervisor', code, grid_supervisor_id, code, '2021-06-01', $3, $3 FROM divisions"
			   " WHERE grid_supervisor_id IS NOT NULL AND code >= $1 AND code < $2 ORDER BY code", "tti", c->county, upper,
		    c->now) != DB_OK)
		return fail(c, "insert grid pairings");
	return 0;
}

/* ---- visits --------------------------------------------------------------------------------- */

static const char *const purposes[] = { "了解两不愁三保障情况", "宣讲帮扶政策", "核实家庭收入", "落实产业帮扶措施",
					"走访慰问", "防返贫监测回访", "协助办理医保报销", "就业务工对接" };
static const char *const findings[] = { "家中生活稳定，收入来源正常", "孩子在校就读，享受教育资助", "住房安全，饮水达标",
					"家庭成员务工收入稳定", "需协调产业奖补资金", "老人慢性病需跟进签约医生服务",
					"反映村道路灯损坏", "养殖规模扩大，需技术指导" };

/* Visits of the last 90 days: about monthly (monitored households fortnightly); three households in
 * a thousand not visited for the last 40 days (overdue). */
static int gen_visits(struct demo_ctx *c, const struct helped *help, int nh)
{
	int64_t today = pl_day_of(c->today_y, c->today_m, c->today_d), first = today - c->visit_days + 1;
	/* in a batch (multi-row INSERTs, COPY on PostgreSQL): the same rows, ids and triggers' sums */
	struct db_batch *b = db_batch_new(c->db, "visits",
					  "division, person_id, household_id, visited_on, kind, purpose, checklist, findings,"
					  " satisfaction, created_at, updated_at", 11, 128);
	int rc = 0;
	for (int i = 0; i < nh && rc == 0; i++) {
		const struct helped *h = &help[i];
		const struct hh *house = h->house;
		int64_t from = pl_day_of(date_field(h->start, 4), date_field(h->start + 5, 2), date_field(h->start + 8, 2));
		int64_t day = (from > first ? from : first) + rng_range(&c->rng, 0, house->monitored ? 6 : 20);
		int64_t stop = rng_permille(&c->rng, 3) ? today - 40 : today;
		for (; day <= stop; day += house->monitored ? rng_range(&c->rng, 9, 13) : rng_range(&c->rng, 20, 30)) {
			char date[11];
			day_str(day, date);
			int kind = rng_below(&c->rng, 20);
			int sat = rng_below(&c->rng, 100);
			/* the finding drawn before the purpose, as the former INSERT's arguments were evaluated */
			const char *finding = findings[rng_below(&c->rng, N(findings))];
			const char *purpose = purposes[rng_below(&c->rng, N(purposes))];
			db_batch_text(b, house->division);
			db_batch_int(b, h->person);
			db_batch_int(b, house->id);
			db_batch_text(b, date);
			db_batch_text(b, kind < 17 ? "home" : kind < 19 ? "phone" : "gathering");
			db_batch_text(b, purpose);
			db_batch_text(b, "看房、看粮、看收入、看劳力、看帮扶");
			db_batch_text(b, finding);
			db_batch_text(b, sat < 95 ? "satisfied" : sat < 99 ? "basic" : "unsatisfied");
			db_batch_int(b, pl_time(day, 15 * 60));
			db_batch_int(b, pl_time(day, 15 * 60));
			db_batch_row(b);
		}
		if (db_batch_pending(b) >= 4096 && db_batch_flush(b) != DB_OK)
			rc = fail(c, "insert visit");
	}
	if (rc == 0 && db_batch_flush(b) != DB_OK)
		rc = fail(c, "insert visit");
	db_batch_free(b);
	return rc;
}

/* Township leaders in villages (乳源: at least 3 days a week): patrols of the township's villages on
 * 4 days of each of the last two weeks; the first township's first leader only once last week
 * (a planted gap). */
static int gen_leader_patrols(struct demo_ctx *c, const struct pplist *leaders)
{
	int64_t today = pl_day_of(c->today_y, c->today_m, c->today_d);
	for (int i = 0; i < leaders->n; i++) {
		const struct pp *l = &leaders->v[i];
		if (l->tw < 0 || c->tw[l->tw].nv == 0)
			continue;
		const struct township *tw = &c->tw[l->tw];
		bool short_week = l->tw == 0 && (i == 0 || leaders->v[i - 1].tw != 0);
		for (int week = 0; week < 2; week++) {
			bool chosen[7] = { false };
			pick_k(&c->rng, 7, short_week && week == 0 ? 1 : 4, NULL, chosen);
			for (int k = 0; k < 7; k++) {
				if (!chosen[k])
					continue;
				int64_t d = today - 7 * week - k;
				char date[11];
				day_str(d, date);
				const struct village *v = &c->vil[tw->v0 + rng_below(&c->rng, tw->nv)];
				if (db_exec(c->db, "INSERT INTO visits (division, person_id, visited_on, kind, purpose, findings, created_at,"
						   " updated_at) VALUES ($1, $2, $3, 'patrol', $4, $5, $6, $6)", "tittti",
					    v->code, l->id, date, "包片联村，督导脱贫攻坚工作", "召开村两委会议，走访农户，研究解决村里问题",
					    pl_time(d, 16 * 60)) != DB_OK)
					return fail(c, "insert patrol");
			}
		}
	}
	return 0;
}

/* ---- 户户走到 campaigns ------------------------------------------------------------------- */

/* The counties whose report tells of a 户户走到 drive: its name, the households in a thousand it
 * leaves unreached by the build day, and the report's visitors and the households they visited
 * (竹山: "43名县级领导带头，近万名干部巡村访户，累计走访10万余户", at ≥ 99 %): the demo's visitors are
 * the same share of its own households (its registry holds about 30,000 of the county's: about
 * 3,000 visitors, ten households each). */
static const struct campaign_profile {
	const char *county, *name;
	int unreached_permille;
	int visitors, households;
} campaign_profiles[] = {
	{ "420323", "“户户走到”大走访（县委组织部）", 6, 10000, 100000 },
};

#define CAMPAIGN_DAYS 90

/* A visitor of the campaign: a cadre of the county and the village they are posted to or paired
 * with; the leading ones (county and township leaders, township staff, resident teams) all visit,
 * the units' cadres as many as the village's share of the visitors asks. */
struct visitor {
	int64_t person;
	int vil;
	bool leading, township;   /* township: a township leader or staff (posted to the township) */
};

/* A person's place now, $3 the build day: a village, a township, or a list of villages (the first taken). */
#define CUR(p) p ".start_on <= $3 AND (" p ".end_on IS NULL OR " p ".end_on >= $3)"
#define PAIRED(kind, col) "(SELECT MIN(p." col ") FROM pairings p WHERE p.person_id = pe.id AND p.kind = '" kind "' AND " CUR("p") ")"
#define VISITORS(role, place)                                                                                  \
	"SELECT pe.id, " place " FROM people pe WHERE pe.cadre_role = '" role "' AND pe.division >= $1 AND" \
	" pe.division < $2 ORDER BY pe.id"

static const struct visitor_source {
	const char *sql;
	bool leading, township;
} visitor_sources[] = {
	/* the 43 county leaders: their responsibility zone's village, else their township (包联), else the county */
	{ VISITORS("county_leader", "COALESCE(" PAIRED("leader_zone", "target") ", " PAIRED("leader_township", "target") ", pe.division)"),
	  true, false },
	/* township leaders: their area's villages, else the township */
	{ VISITORS("township_leader", "COALESCE((SELECT MIN(a.villages) FROM pairings p JOIN pairing_areas a ON a.id = p.area_id"
				      " WHERE p.person_id = pe.id AND p.kind = 'leader_area' AND " CUR("p") "), pe.division)"),
	  true, true },
	/* township staff: the village they guide, else the township */
	{ VISITORS("township_staff", "COALESCE(" PAIRED("cadre_village", "target") ", pe.division)"), true, true },
	/* first secretaries and team members: the village of their current team (none: not now in a team) */
	{ VISITORS("first_secretary", "(SELECT MIN(m.division) FROM team_members m WHERE m.person_id = pe.id AND " CUR("m") ")"), true, false },
	{ VISITORS("resident_team", "(SELECT MIN(m.division) FROM team_members m WHERE m.person_id = pe.id AND " CUR("m") ")"), true, false },
	/* the units' cadres (挂包帮): the village of the households they help */
	{ VISITORS("assistance_cadre", PAIRED("cadre_household", "division")), false, false },
};

static void visitor_push(struct demo_ctx *c, struct visitor **v, int *n, int *cap, int64_t person, int vil,
			 const struct visitor_source *src)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		struct visitor *w = gen_calloc(c, (size_t)*cap, sizeof(*w));
		if (*n)
			memcpy(w, *v, (size_t)*n * sizeof(*w));
		*v = w;
	}
	(*v)[(*n)++] = (struct visitor){ person, vil, src->leading, src->township };
}

/* The county's cadres who may visit, each with one village: the leading ones first. A place that
 * is a township gives its villages in turn, the county the county's villages in turn. */
static int load_visitors(struct demo_ctx *c, struct visitor **out, int *nout)
{
	char upper[24], today[11];
	fmt(upper, sizeof(upper), "%s~", c->county);
	date_str(today, c->today_y, c->today_m, c->today_d);
	int n = 0, cap = 0;
	for (int s = 0; s < N(visitor_sources) && c->nvil > 0; s++) {
		struct db_stmt *q = db_query(c->db, visitor_sources[s].sql, "ttt", c->county, upper, today);
		for (int k = 0; q && db_step(q) == DB_ROW; k++) {
			if (db_column_is_null(q, 1))
				continue;
			const char *place = db_column_text(q, 1);
			int v = village_of(c, place), t = township_of(c, place);
			if (v < 0 && t >= 0 && c->tw[t].nv > 0)
				v = c->tw[t].v0 + k % c->tw[t].nv;
			else if (v < 0 && t < 0)
				v = (int)((int64_t)k * 37 % c->nvil);
			if (v >= 0)
				visitor_push(c, out, &n, &cap, db_column_int(q, 0), v, &visitor_sources[s]);
		}
		db_finalize(q);
		if (q == NULL)
			return fail(c, "load campaign visitors");
	}
	*nout = n;
	return 0;
}

struct slot {
	int vil;
	int64_t person;
};

/*
 * The visitors of each village (who[start[v] .. start[v] + nof[v]), the
 * county's want of them in all, quota[v] the village's share): every
 * leading cadre of the village, then the units' cadres helping there up to
 * the share; a village still short (no household there helped, so none of
 * the units' cadres: a town's communities) takes its township's cadres
 * too; then more of the units' cadres where they help, up to the want.
 */
static int64_t *village_visitors(struct demo_ctx *c, const struct visitor *vis, int nvis, const int *quota, int64_t want, int *nof,
				 int **start)
{
	struct slot *sl = gen_calloc(c, 2 * (size_t)nvis + (size_t)want + (size_t)c->nvil + 1, sizeof(*sl));
	bool *chosen = gen_calloc(c, (size_t)nvis + 1, sizeof(bool));
	int ns = 0;
	int64_t distinct = 0;
	for (int i = 0; i < nvis; i++)
		if (vis[i].leading || nof[vis[i].vil] < quota[vis[i].vil]) {
			chosen[i] = true;
			distinct++;
			nof[vis[i].vil]++;
			sl[ns++] = (struct slot){ vis[i].vil, vis[i].person };
		}
	for (int v = 0; v < c->nvil; v++)
		for (int i = 0; i < nvis && nof[v] < quota[v]; i++)
			if (vis[i].township && vis[i].vil != v && c->vil[vis[i].vil].township == c->vil[v].township) {
				nof[v]++;
				sl[ns++] = (struct slot){ v, vis[i].person };
			}
	for (int m = 2; m <= 8 && distinct < want; m++)
		for (int i = 0; i < nvis && distinct < want; i++)
			if (!chosen[i] && nof[vis[i].vil] < m * quota[vis[i].vil]) {
				chosen[i] = true;
				distinct++;
				nof[vis[i].vil]++;
				sl[ns++] = (struct slot){ vis[i].vil, vis[i].person };
			}
	int *st = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int)), *fill = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int));
	for (int v = 0; v < c->nvil; v++)
		st[v + 1] = st[v] + nof[v];
	int64_t *who = gen_calloc(c, (size_t)ns + 1, sizeof(int64_t));
	for (int k = 0; k < ns; k++)
		who[st[sl[k].vil] + fill[sl[k].vil]++] = sl[k].person;
	*start = st;
	return who;
}

/*
 * The campaign's row, and a home visit inside its dates for every household
 * of the county but those a fixed hash of their id leaves out, on a day its
 * id spreads over the 90 days, by one of the visitors of its village
 * (village_visitors: the profile's visitors in the ratio of its households,
 * each its village's share); the village's households are dealt to them in
 * turn.  A village without one is visited by its first person (else its
 * township's).  The same rows for the same seed.
 */
static int gen_campaign(struct demo_ctx *c)
{
	const struct campaign_profile *cp = NULL;
	for (int i = 0; i < N(campaign_profiles); i++)
		if (!strcmp(campaign_profiles[i].county, c->county))
			cp = &campaign_profiles[i];
	if (cp == NULL || c->nvil == 0)
		return 0;
	int64_t today = pl_day_of(c->today_y, c->today_m, c->today_d), first = today - CAMPAIGN_DAYS + 1;
	char from[11], to[11], upper[24];
	day_str(first, from);
	day_str(today, to);
	fmt(upper, sizeof(upper), "%s~", c->county);
	if (db_exec(c->db, "INSERT INTO visit_campaigns (name, division, start_on, end_on, target, note, created_at, updated_at)"
			   " VALUES ($1, $2, $3, $4, 'all', $5, $6, $6)", "ttttti",
		    cp->name, c->county, from, to, "全县干部进村入户，每户至少走访一次", pl_time(first - 3, 9 * 60)) != DB_OK)
		return fail(c, "insert campaign");

	/* the households, and each village's share */
	int64_t nh = 0;
	if (db_query_int(c->db, &nh, "SELECT COUNT(*) FROM households WHERE division >= $1 AND division < $2 AND status <> 'removed'",
			 "tt", c->county, upper) != DB_ROW)
		return fail(c, "count households");
	int64_t *hid = gen_calloc(c, (size_t)nh + 1, sizeof(int64_t));
	char(*hdiv)[16] = gen_calloc(c, (size_t)nh + 1, sizeof(*hdiv));
	int *hvil = gen_calloc(c, (size_t)nh + 1, sizeof(int)), *hh_of = gen_calloc(c, (size_t)c->nvil, sizeof(int)), n = 0;
	struct db_stmt *q = db_query(c->db, "SELECT id, division FROM households WHERE division >= $1 AND division < $2"
					    " AND status <> 'removed' ORDER BY division, id", "tt", c->county, upper);
	while (q && n < nh && db_step(q) == DB_ROW) {
		hid[n] = db_column_int(q, 0);
		fmt(hdiv[n], sizeof(hdiv[n]), "%s", db_column_text(q, 1));
		hvil[n] = village_of(c, hdiv[n]);
		if (hvil[n] >= 0)
			hh_of[hvil[n]]++;
		n++;
	}
	db_finalize(q);
	if (q == NULL)
		return fail(c, "load households");

	/* the visitors: the leading ones, then the units' cadres up to the village's share */
	struct visitor *vis = NULL;
	int nvis = 0;
	if (load_visitors(c, &vis, &nvis))
		return -1;
	int64_t want = n ? ((int64_t)cp->visitors * n + cp->households / 2) / cp->households : 0;
	int *quota = gen_calloc(c, (size_t)c->nvil, sizeof(int));
	for (int v = 0; v < c->nvil; v++)
		if (hh_of[v] > 0)
			quota[v] = (int)((want * hh_of[v] + n / 2) / n) > 0 ? (int)((want * hh_of[v] + n / 2) / n) : 1;
	int *start = NULL, *nof = gen_calloc(c, (size_t)c->nvil, sizeof(int)), *fill = gen_calloc(c, (size_t)c->nvil, sizeof(int));
	int64_t *who = village_visitors(c, vis, nvis, quota, want, nof, &start);

	/* each household's visit: the village's visitors in turn */
	memset(fill, 0, (size_t)c->nvil * sizeof(int));
	for (int i = 0; i < n; i++) {
		int v = hvil[i];
		if (v < 0 || hid[i] * 7919 % 1000 < cp->unreached_permille)
			continue;
		int64_t person = 0;
		if (nof[v] > 0) {
			person = who[start[v] + fill[v]++ % nof[v]];
		} else if (db_query_int(c->db, &person, "SELECT COALESCE((SELECT MIN(id) FROM people WHERE division = $1),"
							  " (SELECT MIN(id) FROM people WHERE division = $2), 0)", "tt", c->vil[v].code,
					c->tw[c->vil[v].township].code) != DB_ROW) {
			return fail(c, "campaign visitor");
		}
		int64_t day = first + hid[i] * 7 % CAMPAIGN_DAYS;
		char date[11];
		day_str(day, date);
		if (person > 0 &&
		    db_exec(c->db, "INSERT INTO visits (division, person_id, household_id, visited_on, kind, purpose, checklist, findings,"
				   " satisfaction, created_at, updated_at) VALUES ($1, $2, $3, $4, 'home', '户户走到',"
				   " '看房、看粮、看收入、看劳力、看帮扶', '了解家庭情况，宣讲政策，收集诉求', $5, $6, $6)",
			    "tiitti", hdiv[i], person, hid[i], date, hid[i] * 37 % 100 < 96 ? "satisfied" : "basic",
			    pl_time(day, 10 * 60)) != DB_OK)
			return fail(c, "insert campaign visit");
	}
	return 0;
}

/* ---- teams, check-ins, leave ---------------------------------------------------------------- */

/* Batches run three years from 1 June 2015 + 3k; the current one holds the build day. */
static int batch_of(const struct demo_ctx *c)
{
	int k = (c->today_y - 2015) / 3;
	if (c->today_y == 2015 + 3 * k && c->today_m < 6)
		k--;
	return k;
}

struct member_now {
	int64_t person;
	char division[16], start[11];
};

static int team_add(struct demo_ctx *c, const char *village, int64_t unit, int k, int64_t *id)
{
	char batch[32], start[11], end[11];
	fmt(batch, sizeof(batch), "第%d批", k + 1);
	date_str(start, 2015 + 3 * k, 6, 1);
	date_str(end, 2018 + 3 * k, 5, 31);
	if (db_query_int(c->db, id, "INSERT INTO teams (division, unit_id, batch, start_on, end_on, created_at, updated_at)"
				    " VALUES ($1, NULLIF(CAST($2 AS BIGINT), 0), $3, $4, $5, $6, $6) RETURNING id", "tittti", village,
			 unit, batch, start, end, c->now) != DB_ROW)
		return fail(c, "insert team");
	return 0;
}

static int member_add(struct demo_ctx *c, int64_t team, const char *village, int64_t person, const char *role, int k,
		      const char *end_on, const char *reason)
{
	char start[11], end[11];
	date_str(start, 2015 + 3 * k, 6, 1);
	date_str(end, 2018 + 3 * k, 5, 31);
	if (db_exec(c->db, "INSERT INTO team_members (team_id, division, person_id, role, start_on, end_on, recalled, recall_reason,"
			   " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)", "ititttiti", team, village, person, role, start, end_on ? end_on : end, (int64_t)(reason != NULL), reason,
		    c->now) != DB_OK)
		return fail(c, "insert team member");
	return 0;
}

/*
 * A village's first secretaries in id order serve the current batch, the
 * one before, and so on; its team members serve the current batch.  One
 * current member is recalled two months before the build day.
 */
static int gen_teams(struct demo_ctx *c, struct member_now **out, int *nout)
{
	struct pplist fs = { 0 }, tm = { 0 };
	if (load_role(c, "first_secretary", &fs) || load_role(c, "resident_team", &tm))
		return -1;
	struct member_now *now = gen_calloc(c, (size_t)(fs.n + tm.n) + 1, sizeof(*now));
	int n = 0, k0 = batch_of(c);
	bool recalled = false;
	char cur_start[11], recall_on[11];
	date_str(cur_start, 2015 + 3 * k0, 6, 1);
	day_str(pl_day_of(c->today_y, c->today_m, c->today_d) - 60, recall_on);
	for (int i = 0, j = 0; i < fs.n;) {
		int e = i;
		while (e < fs.n && !strcmp(fs.v[e].division, fs.v[i].division))
			e++;
		const char *village = fs.v[i].division;
		for (int b = 0; b < e - i && k0 - b >= 0; b++) {
			int64_t team = 0;
			if (team_add(c, village, fs.v[i + b].unit_id, k0 - b, &team) ||
			    member_add(c, team, village, fs.v[i + b].id, "first_secretary", k0 - b, NULL, NULL))
				return -1;
			if (b == 0) {
				now[n].person = fs.v[i].id;
				fmt(now[n].division, sizeof(now[n].division), "%s", village);
				fmt(now[n++].start, sizeof(now[0].start), "%s", cur_start);
				while (j < tm.n && strcmp(tm.v[j].division, village) < 0)
					j++;
				for (; j < tm.n && !strcmp(tm.v[j].division, village); j++) {
					bool recall = !recalled && strcmp(recall_on, cur_start) > 0;
					if (member_add(c, team, village, tm.v[j].id, "member", k0, recall ? recall_on : NULL,
						       recall ? "未按要求驻村，经县驻村工作领导小组研究召回" : NULL))
						return -1;
					recalled = recalled || recall;
					if (recall)
						continue;
					now[n].person = tm.v[j].id;
					fmt(now[n].division, sizeof(now[n].division), "%s", village);
					fmt(now[n++].start, sizeof(now[0].start), "%s", cur_start);
				}
			}
		}
		i = e;
	}
	*out = now;
	*nout = n;
	return 0;
}

/* Check-ins of the current and the previous month up to the build day (about 23 days in 30; one
 * cadre in fifty far fewer, and caught absent by an inspection), and a few leave requests: short
 * ones approved by the township, a longer one waiting for the county. */
static int gen_presence(struct demo_ctx *c, const struct member_now *m, int n)
{
	int y = c->today_y, mo = c->today_m - (PRESENCE_MONTHS - 1);
	while (mo < 1) {
		mo += 12;
		y--;
	}
	int64_t today = pl_day_of(c->today_y, c->today_m, c->today_d), first = pl_day_of(y, mo, 1);
	for (int i = 0; i < n; i++) {
		int64_t start = pl_day_of(date_field(m[i].start, 4), date_field(m[i].start + 5, 2), date_field(m[i].start + 8, 2));
		int permille = rng_permille(&c->rng, 20) ? 400 : 800;
		if (permille == 400) {
			/* the one often away is caught by an inspection three days before the build day */
			char day[11];
			day_str(today - 3, day);
			if (db_exec(c->db, "INSERT INTO absences (division, person_id, day, found_by, created_at, updated_at)"
					   " VALUES ($1, $2, $3, '县委组织部暗访', $4, $4)", "titi", m[i].division, m[i].person, day,
				    pl_time(today - 3, 10 * 60)) != DB_OK)
				return fail(c, "insert absence");
		}
		for (int64_t d = first > start ? first : start; d <= today; d++) {
			if (!rng_permille(&c->rng, permille))
				continue;
			char day[11];
			day_str(d, day);
			if (db_exec(c->db, "INSERT INTO checkins (division, person_id, day, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
				    "titi", m[i].division, m[i].person, day, pl_time(d, 8 * 60 + rng_below(&c->rng, 90))) != DB_OK)
				return fail(c, "insert check-in");
		}
		if (!rng_permille(&c->rng, 200))
			continue;
		bool longer = rng_permille(&c->rng, 200);
		int64_t from = first + rng_below(&c->rng, (int)(today - first > 10 ? today - first - 5 : 1));
		int days = longer ? 5 : rng_range(&c->rng, 1, 3);
		char a[11], b[11], decided[11];
		day_str(from, a);
		day_str(from + days - 1, b);
		day_str(from - 1, decided);
		if (db_exec(c->db, "INSERT INTO leaves (division, person_id, from_on, to_on, days, reason, status, approver_level,"
				   " decided_by, decided_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
			    "tittittttti", m[i].division, m[i].person, a, b, (int64_t)days,
			    longer ? "家中老人住院，需陪护" : "回派出单位参加集中学习", longer ? "pending" : "approved",
			    longer ? "county" : "township", longer ? NULL : "乡镇党委", longer ? NULL : decided,
			    pl_time(from - 2, 9 * 60)) != DB_OK)
			return fail(c, "insert leave");
	}
	return 0;
}

/* The township helpers: the staff, after the leaders where the county's report has them help. */
static int township_helpers(struct demo_ctx *c, const struct pplist *leaders, const struct pplist *staff, struct pplist *out)
{
	const struct helper_profile *hp = helper_profile(c);
	for (int i = 0; hp && hp->leaders_help && i < leaders->n; i++)
		pp_push(c, out, leaders->v[i].id, leaders->v[i].unit_id, leaders->v[i].division);
	for (int i = 0; i < staff->n; i++)
		pp_push(c, out, staff->v[i].id, staff->v[i].unit_id, staff->v[i].division);
	return 0;
}

int gen_pairings(struct demo_ctx *c)
{
	struct pplist leaders = { 0 }, county_leaders = { 0 }, staff = { 0 }, helpers = { 0 };
	struct hh *hh = NULL;
	struct helped *help = NULL;
	struct member_now *now = NULL;
	int nhh = 0, nhelp = 0, nnow = 0;
	if (load_role(c, "township_leader", &leaders) || load_role(c, "county_leader", &county_leaders) ||
	    load_role(c, "township_staff", &staff))
		return -1;
	if (gen_areas(c, &leaders) || gen_county_leaders(c, &county_leaders) || gen_units_villages(c) ||
	    gen_cadre_villages(c, &staff) || load_households(c, &hh, &nhh) || township_helpers(c, &leaders, &staff, &helpers) ||
	    gen_helpers(c, &helpers, &county_leaders, hh, nhh, &help, &nhelp) || gen_unit_cadres(c, hh, nhh, &help, &nhelp) ||
	    gen_member_groups(c, hh, nhh) || gen_grids_pairings(c) || gen_visits(c, help, nhelp) || gen_leader_patrols(c, &leaders) ||
	    gen_teams(c, &now, &nnow) || gen_presence(c, now, nnow) || gen_campaign(c))
		return -1;
	return 0;
}
