/* step_people.c - steps "cadres", "resident" (first secretaries, work teams), "grid_staff", "members" and "flags". */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/mem.h"

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
		int leaders = rng_range(&c->rng, 8, 12);
		int nstaff = budget ? (budget * (ti + 1) / c->ntw - budget * ti / c->ntw) - leaders
				    : rng_range(&c->rng, 10, 18) + t->nv;
		if (nstaff < 0)
			nstaff = 0;
		const char *head = township_head(t->name);
		int64_t secretary = 0, organ_secretary = 0;
		for (int i = 0; i < leaders + nstaff; i++) {
			char role[64], pos[256];
			bool leader = i < leaders;
			const char *r = leader ? roles[i] : staff[rng_below(&c->rng, N(staff))];
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
	bool *both = gen_calloc(c, (size_t)c->nvil, sizeof(bool));
	int permille = c->p->both_roles_permille ? c->p->both_roles_permille : 300;
	pick_k(&c->rng, c->nvil, (c->nvil * permille + 500) / 1000, NULL, both);
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
		int ncadres = rng_range(&c->rng, 2, 4), sub = 0;
		for (int k = 0; k < ncadres && rc == 0; k++) {
			fmt(pos, sizeof(pos), "%s%s", v->short_name, jobs[(k + rng_below(&c->rng, 3)) % N(jobs)]);
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
	return rc;
}

int gen_cadres(struct demo_ctx *c)
{
	if (gen_county_leaders(c) || gen_township_cadres(c) || gen_village_cadres(c))
		return -1;
	return 0;
}

/* ---- step: first secretaries, resident teams, graduate officials --------------- */

/* A sending unit, most often a county organ. */
const struct unit *pick_unit(struct demo_ctx *c)
{
	for (int tries = 0; tries < 8; tries++) {
		const struct unit *u = &c->unit[rng_below(&c->rng, c->nunit)];
		if (strcmp(u->kind, "private") != 0 || tries == 7)
			return u;
	}
	return &c->unit[0];
}

int gen_resident(struct demo_ctx *c)
{
	/* first secretaries: poor villages first, then the others; a second round
	 * (the earlier batch) when the profile has more than villages */
	int *order = gen_calloc(c, (size_t)c->nvil, sizeof(int)), n = 0;
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
		const struct village *v = &c->vil[order[rng_below(&c->rng, n)]];
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
	return rc;
}

/* ---- step: grid workers and supervisors --------------------------------------- */

int gen_grid_staff(struct demo_ctx *c)
{
	/* supervisors per township in proportion to its grids (at least one),
	 * the profile's total or one per ~11 grids */
	int nsup = c->p->supervisors ? c->p->supervisors : (c->ngrid + 10) / 11;
	if (nsup < c->ntw)
		nsup = c->ntw;
	int *grids = gen_calloc(c, (size_t)c->ntw, sizeof(int)), *sup = gen_calloc(c, (size_t)c->ntw, sizeof(int));
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
		int64_t *sup_id = gen_calloc(c, (size_t)(sup[t] > 0 ? sup[t] : 1), sizeof(int64_t));
		for (int s = 0; s < sup[t] && rc == 0; s++) {
			char pos[256];
			fmt(pos, sizeof(pos), "%s%s（第%d片区）", tw->name,
			    c->p->supervisor_title ? c->p->supervisor_title : "网格长", s + 1);
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
	}
	return rc;
}

/* ---- step: party members ------------------------------------------------------ */

int gen_members(struct demo_ctx *c)
{
	int64_t pop = 0;
	for (int i = 0; i < c->nvil; i++)
		pop += c->vil[i].population;
	int target = c->p->party_members ? c->p->party_members : (int)(pop * rng_range(&c->rng, 30, 40) / 1000);
	int want = target - c->st->party_members;
	int room = PEOPLE_CAP - c->st->people;
	if (!c->p->party_members && want > room)
		want = room;
	if (want <= 0)
		return 0;
	/* cumulative village populations for a weighted choice */
	int64_t *cum = gen_calloc(c, (size_t)c->nvil, sizeof(int64_t));
	for (int i = 0; i < c->nvil; i++)
		cum[i] = (i ? cum[i - 1] : 0) + c->vil[i].population;
	int rc = 0, made = 0;
	while (made < want && rc == 0) {
		struct person_new p = { .role = NULL, .male_permille = 720, .member_permille = 1000, .edu = EDU_RURAL };
		struct person_out out = { 0 };
		bool in_unit = rng_permille(&c->rng, 120);
		int vi = -1;
		if (in_unit) {
			const struct unit *u = &c->unit[rng_below(&c->rng, c->nunit)];
			p.division = c->county;
			p.unit_id = u->id;
			p.org_id = u->org_id;
			p.by_lo = 1962;
			p.by_hi = 1998;
			p.male_permille = 600;
			p.edu = EDU_STAFF;
		} else {
			int64_t r = (int64_t)(rng_next(&c->rng) % (uint64_t)cum[c->nvil - 1]);
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
			p.org_id = v->nsubs ? v->subs[rng_below(&c->rng, v->nsubs)] : v->org_id;
			p.by_lo = 1950;
			p.by_hi = rng_permille(&c->rng, 600) ? 1975 : 2002;
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
	return rc;
}

/* ---- step: flags ------------------------------------------------------------- */

static int mark(struct demo_ctx *c, struct idlist *l, int k, const char *sql)
{
	bool *chosen = gen_calloc(c, (size_t)(l->n > 0 ? l->n : 1), sizeof(bool));
	pick_k(&c->rng, l->n, k, NULL, chosen);
	int rc = 0;
	for (int i = 0; i < l->n && rc == 0; i++)
		if (chosen[i] && db_exec(c->db, sql, "ii", c->now, l->v[i]) != DB_OK)
			rc = fail(c, "mark people");
	return rc;
}

/* Reserve cadres, wealth-creation leaders and rural talents. */
int gen_flags(struct demo_ctx *c)
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
