/* step_partylife.c - step "partylife": organisational life (党组织生活) up to the build day. */
#include "demo/partylife_gen.h"

#include <stdlib.h>

#include "core/mem.h"

/* ---- step: party organisational life (党组织生活) ------------------------------ */

/*
 * Organisational life up to the build day (c->asof): the twelve months
 * before the build month and the build month so far.  The meetings every
 * organisation owes under the meeting rules in effect in the county
 * (三会一课, 主题党日, 组织生活会, 民主评议 everywhere; 乳源's weekly
 * township meetings on village work and its leaders' weekly area meetings;
 * 琼中's monthly 基层党建工作例会), held at 85-95% (weak branches about 60%,
 * demonstration branches all of them), with attendance lists from the
 * rosters; the periods in progress partly done, a few meetings planned
 * after the build day; the villages' two-committee, representatives' and
 * women's meetings; 乳源's meeting-free Thursdays and Fridays with a few
 * urgent exceptions; notices and tasks with their receipts; 四议两公开
 * decisions built on the villages' own meetings and published; the
 * villages' 党务村务公开; the 民主评议 grades; trainings, and 凤庆's family
 * party schools.
 */

/* ---- the step ------------------------------------------------------------------------- */

int gen_partylife(struct demo_ctx *c)
{
	struct pl_ctx x = { 0 };
	int rc = pl_county_rules(c);
	if (rc == 0)
		rc = pl_load(c, &x);
	if (rc == 0 && x.free_mask) {
		char days[16] = "";
		size_t n = 0;
		for (int d = 1; d <= 7; d++)
			if (x.free_mask & (1u << d))
				n += (size_t)snprintf(days + n, sizeof(days) - n, "%s%d", n ? "," : "", d);
		if (db_exec(c->db, "INSERT INTO meeting_free_days (division, weekdays, updated_at) VALUES ($1, $2, $3)"
				   " ON CONFLICT (division) DO UPDATE SET weekdays = $2, updated_at = $3", "tti", c->county, days,
			    c->now) != DB_OK)
			rc = fail(c, "insert meeting-free days");
	}
	int *buf = gen_calloc(c, (size_t)x.np + PL_ALL_CAP + 64, sizeof(int));
	int *pool = gen_calloc(c, (size_t)x.np + 64, sizeof(int));
	struct pl_decision *dec = gen_calloc(c, 3, sizeof(*dec));
	for (int oi = 0; oi < x.norg && rc == 0; oi++) {
		const struct pl_org *o = &x.org[oi];
		bool ruled = false;
		for (int r = 0; r < x.nrule && !ruled; r++)
			ruled = !strcmp(x.rule[r].org_type, o->type);
		bool township = !strcmp(o->type, "township_committee");
		bool county = !strcmp(o->type, "county_committee");
		if (!ruled || (!township && !county && o->nroster < 3) || (township && o->tw < 0))
			continue;
		x.nm = x.na = 0;
		pl_rule_meetings(c, &x, oi, buf);
		bool main_village = o->vil >= 0 && c->vil[o->vil].org_id == o->id && c->vil[o->vil].rural;
		if (main_village) {
			pl_village_meetings(c, &x, oi, buf);
			if (rng_permille(&c->rng, 120))
				pl_urgent(c, &x, oi, "two_committees", buf);
		}
		if (township)
			for (int k = rng_range(&c->rng, x.free_mask ? 1 : 0, x.free_mask ? 3 : 1); k > 0; k--)
				pl_urgent(c, &x, oi, "township_village_work", buf);
		qsort(x.m, (size_t)x.nm, sizeof(*x.m), pl_by_time);
		int nd = main_village ? pl_plan_decisions(c, &x, oi, dec) : 0;
		rc = pl_write_meetings(c, &x);
		if (rc == 0)
			rc = pl_member_reviews(c, &x, oi);
		if (rc == 0 && main_village)
			rc = pl_disclosures(c, &x, oi);
		for (int k = 0; k < nd && rc == 0; k++)
			rc = pl_write_decision(c, &x, &dec[k], c->vil[o->vil].code, pl_host(&x, o));
	}
	if (rc == 0)
		rc = pl_notices(c, &x);
	if (rc == 0)
		rc = pl_trainings(c, &x, buf, pool);
	pl_free_ctx(&x);
	return rc;
}
