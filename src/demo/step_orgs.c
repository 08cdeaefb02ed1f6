/*
 * step_orgs.c - steps "orgs" (the party-organisation tree), "units" (organs,
 * institutions, enterprises and their branches) and "party_groups".
 */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/mem.h"

/* ---- step: party organisations ------------------------------------------------ */

int gen_orgs(struct demo_ctx *c)
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
	bool *demo = gen_calloc(c, (size_t)nv, sizeof(bool)), *weak = gen_calloc(c, (size_t)nv, sizeof(bool));
	pick_k(&c->rng, nv, c->p->demonstration ? c->p->demonstration : nv / 10, NULL, demo);
	int *rest = gen_calloc(c, (size_t)nv, sizeof(int)), nrest = 0;
	for (int i = 0; i < nv; i++)
		if (!demo[i])
			rest[nrest++] = i;
	pick_k(&c->rng, nrest, c->p->weak ? c->p->weak : nv / 20, rest, weak);

	static const int theme_days[] = { 1, 5, 10, 15, 20 };
	for (int ti = 0; ti < c->ntw; ti++) {
		struct township *t = &c->tw[ti];
		t->theme_day = theme ? theme : theme_days[rng_below(&c->rng, N(theme_days))];
		bool subdistrict = ends_with(t->name, "街道");
		fmt(name, sizeof(name), subdistrict ? "中共%s工作委员会" : "中共%s委员会", t->name);
		o = (struct org_new){ .name = name, .type = "township_committee", .division = t->code,
				      .parent_id = c->county_org, .founded_lo = 1956, .founded_hi = 1987,
				      .theme_day = t->theme_day };
		if (org_add(c, &o, &t->org_id))
			return -1;
		fmt(name, sizeof(name), "%s机关党支部", t->name);
		o = (struct org_new){ .name = name, .type = "organ_branch", .division = t->code, .parent_id = t->org_id,
				      .founded_lo = 1984, .founded_hi = 2000, .theme_day = t->theme_day };
		if (org_add(c, &o, &t->organ_org_id))
			return -1;
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
				return -1;
			if (v->general) {
				v->nsubs = rng_range(&c->rng, 2, 3);
				for (int k = 0; k < v->nsubs; k++) {
					char sub[256];
					fmt(sub, sizeof(sub), "%s第%s党支部", name, cn_numbers[k]);
					o = (struct org_new){ .name = sub, .type = v->rural ? "village_branch" : "community_branch",
							      .division = v->code, .parent_id = v->org_id, .founded_lo = 1995,
							      .founded_hi = 2015, .theme_day = t->theme_day };
					if (org_add(c, &o, &v->subs[k]))
						return -1;
				}
			}
		}
	}

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
	int *rural = gen_calloc(c, (size_t)c->nvil, sizeof(int)), nrural = 0;
	bool *coop = gen_calloc(c, (size_t)c->nvil, sizeof(bool));
	for (int i = 0; i < c->nvil; i++)
		if (c->vil[i].rural)
			rural[nrural++] = i;
	pick_k(&c->rng, nrural, c->p->cooperatives ? c->p->cooperatives : nrural / 10, rural, coop);
	for (int i = 0; i < c->nvil; i++) {
		if (!coop[i])
			continue;
		const struct village *v = &c->vil[i];
		fmt(name, sizeof(name), "%s%s专业合作社党支部", v->short_name, c->p->industries[rng_below(&c->rng, nind)]);
		o = (struct org_new){ .name = name, .type = "cooperative_branch", .division = v->code,
				      .parent_id = c->tw[v->township].org_id, .founded_lo = 2012, .founded_hi = 2020,
				      .theme_day = c->tw[v->township].theme_day, .note = "合作社党支部：党支部+合作社+农户" };
		int64_t id;
		if (org_add(c, &o, &id))
			return -1;
	}
	return 0;
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
	make_name(c, pick_ethnicity(c), rng_permille(&c->rng, 650), contact, sizeof(contact));
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
	char sealed_phone[DEMO_SEALED];
	rc = rc ? rc : db_bind_text(q, 6, demo_seal("units.contact_phone", phone, sealed_phone));
	rc = rc ? rc : db_bind_text(q, 7, note);
	rc = rc ? rc : db_bind_int(q, 8, c->now);
	if (returning_id(c, q, rc, &u->id, "insert unit"))
		return -1;
	c->nunit++;
	c->st->units++;
	return 0;
}

int gen_units(struct demo_ctx *c)
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
	int *poor = gen_calloc(c, (size_t)c->nvil, sizeof(int)), npoor = 0, next_poor = 0;
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
		const char *brand = demo_brands[rng_below(&c->rng, demo_brands_count)];
		const char *industry = rng_permille(&c->rng, 500) ? c->p->industries[rng_below(&c->rng, nind)]
							   : demo_industries[rng_below(&c->rng, demo_industries_count)];
		const char *form = rng_permille(&c->rng, 800) ? "有限公司" : "开发有限公司";
		fmt(name, sizeof(name), "%s%s%s%s", c->common_name, brand, industry, form);
		rc = unit_add(c, name, "private", PAIRED(note));
		if (rc == 0)
			made++;
		else if (rc == 1)
			rc = 0;
	}
#undef PAIRED
	return rc < 0 ? -1 : 0;
}

/* ---- step: party groups ------------------------------------------------------- */

/* Party groups below village branches: the profile's total of organisations
 * when it has one, otherwise about one per 800 villagers. */
int gen_party_groups(struct demo_ctx *c)
{
	int want = 0;
	int *per = gen_calloc(c, (size_t)c->nvil, sizeof(int));
	if (c->p->total_orgs) {
		want = c->p->total_orgs - c->st->orgs;
		if (want < 0) {
			fprintf(c->err, "demo: the county has %d organisations before party groups, more than %d\n",
				c->st->orgs, c->p->total_orgs);
			return -1;
		}
		int *order = gen_calloc(c, (size_t)c->nvil, sizeof(int));
		for (int i = 0; i < c->nvil; i++)
			order[i] = i;
		qsort_r(order, (size_t)c->nvil, sizeof(int), by_households_desc, c->vil);
		for (int k = 0; k < want; k++)
			per[order[k % c->nvil]]++;
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
			if (org_add(c, &o, &id))
				return -1;
		}
	}
	return 0;
}
