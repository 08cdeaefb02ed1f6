/*
 * partylife_reviews.c - the party-life step's 民主评议党员 grades, the villages'
 * 党务村务公开 disclosures (with the 四议两公开 publications), and the county
 * rules a demo county adds at its own place (琼中's monthly 基层党建工作例会).
 */
#include "demo/partylife_gen.h"

/* ---- 民主评议党员 --------------------------------------------------------------------- */

/* excellent about 15%, qualified most, a few basically qualified, rarely unqualified */
static const char *pl_grade(struct demo_ctx *c, const struct pl_org *o)
{
	int k = rng_below(&c->rng, 1000);
	int excellent = o->demo ? 220 : o->weak ? 90 : 150, basic = o->weak ? 60 : 25;
	return k < excellent ? "excellent" : k < 1000 - basic - 5 ? "qualified" : k < 995 ? "basic" : "unqualified";
}

int pl_member_reviews(struct demo_ctx *c, const struct pl_ctx *x, int oi)
{
	const struct pl_org *o = &x->org[oi];
	for (int i = 0; i < x->nm; i++) {
		const struct pl_meet *m = &x->m[i];
		if (m->org != oi || m->planned || strcmp(m->kind, "member_review"))
			continue;
		int year = pl_review_year(pl_day(m->at));
		/* the organisation's own members (a general branch's branches review theirs) */
		for (int k = 0; k < o->nroster; k++) {
			const struct pl_person *p = &x->pp[o->roster[k]];
			if (p->org != o->id)
				continue;
			const char *grade = pl_grade(c, o);
			const char *note = !strcmp(grade, "basic") ? "限期改正，支部指定党员结对帮带"
					   : !strcmp(grade, "unqualified") ? "按规定程序进行组织处置" : NULL;
			int64_t at = m->at + rng_range(&c->rng, 1, 5) * DAY;
			if (at > c->asof)
				at = m->at + HOUR;
			if (db_exec(c->db, "INSERT INTO member_reviews (person_id, org_id, division, year, grade, note, created_at,"
					   " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (person_id, year) DO NOTHING",
				    "iititti", p->id, o->id, o->division, (int64_t)year, grade, note, at) != DB_OK)
				return fail(c, "insert member review");
		}
	}
	return 0;
}

/* ---- 党务村务公开 ---------------------------------------------------------------------- */

static int pl_disclose(struct demo_ctx *c, const char *division, const char *kind, const char *title, const char *content,
		       const char *period, int64_t day, int64_t decision_id)
{
	int y, m, d;
	pl_civil(day, &y, &m, &d);
	char on[11];
	date_str(on, y, m, d);
	int64_t at = pl_time(day, 10 * 60);
	if (at > c->asof)
		at = c->asof - HOUR;
	return db_exec(c->db, "INSERT INTO disclosures (division, kind, title, content, period, published_on, decision_id,"
			      " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, NULLIF(CAST($7 AS BIGINT), 0), $8, $8)",
		       "tttttti" "i", division, kind, title, content, period, on, decision_id, at) == DB_OK
		       ? 0 : fail(c, "insert disclosure");
}

int pl_disclosures(struct demo_ctx *c, const struct pl_ctx *x, int oi)
{
	const struct pl_org *o = &x->org[oi];
	const struct village *v = &c->vil[o->vil];
	char title[256], content[512], period[40];
	int skip = o->weak ? 200 : o->demo ? 0 : 50;   /* permille of periods not published */
	for (int i = 0; i < x->nmonths; i++) {
		int y, mo;
		pl_month(x, i, &y, &mo);
		/* published in the first ten days after the period */
		int64_t after = pl_day_of(y, mo, days_in_month(y, mo)) + 1;
		int64_t day = pl_pick_day(c, x, after + 1, after + 9, true);
		if (day >= x->day1)
			continue;
		if (!rng_permille(&c->rng, skip)) {
			fmt(title, sizeof(title), "%s%d年%d月财务收支公开", v->short_name, y, mo);
			fmt(content, sizeof(content), "本月村集体收入%d.%02d万元，支出%d.%02d万元，明细附后，接受村务监督委员会和群众监督。",
			    rng_range(&c->rng, 0, 12), rng_below(&c->rng, 100), rng_range(&c->rng, 0, 9), rng_below(&c->rng, 100));
			fmt(period, sizeof(period), "%d年%d月", y, mo);
			if (pl_disclose(c, v->code, "finance", title, content, period, day, 0))
				return -1;
		}
		if (mo % 3 != 0)
			continue;
		static const char *const q[] = { "一", "二", "三", "四" };
		fmt(period, sizeof(period), "%d年第%s季度", y, q[mo / 3 - 1]);
		if (!rng_permille(&c->rng, skip)) {
			fmt(title, sizeof(title), "%s%s党务公开", v->short_name, period);
			fmt(content, sizeof(content), "本季度召开支部党员大会、支委会和党小组会，开展主题党日；发展党员和党费收缴情况公示如下。");
			if (pl_disclose(c, v->code, "party_affairs", title, content, period, day, 0))
				return -1;
		}
		if (!rng_permille(&c->rng, skip)) {
			fmt(title, sizeof(title), "%s%s村务公开", v->short_name, period);
			fmt(content, sizeof(content), "本季度低保、临时救助、防返贫监测帮扶措施落实和村级项目实施情况公示如下，公示期7天。");
			if (pl_disclose(c, v->code, "village_affairs", title, content, period, day, 0))
				return -1;
		}
	}
	return 0;
}

int pl_decision_disclosure(struct demo_ctx *c, const struct pl_decision *d, const char *division, int64_t decision_id)
{
	for (int i = 0; i < d->ns; i++)
		if (!strcmp(d->s[i].step, "publish_decision") || !strcmp(d->s[i].step, "publish_result")) {
			bool result = !strcmp(d->s[i].step, "publish_result");
			char title[320];
			fmt(title, sizeof(title), "关于%s的%s", d->title, result ? "实施结果公开" : "决议公开");
			if (pl_disclose(c, division, "decision", title, d->s[i].note, NULL, pl_day(d->s[i].at), decision_id))
				return -1;
		}
	return 0;
}

/* ---- the county's own rules ------------------------------------------------------------- */

int pl_county_rules(struct demo_ctx *c)
{
	/* 琼中 holds its 基层党建工作例会 every month (seeds): the county committee's rule, at 469030 */
	if (strcmp(c->county, "469030"))
		return 0;
	return db_exec(c->db, "INSERT INTO meeting_rules (division, org_type, kind, frequency, times, per_leader)"
			      " VALUES ($1, 'county_committee', 'party_building_monthly', 'monthly', 1, 0)"
			      " ON CONFLICT (division, org_type, kind) DO NOTHING", "t", c->county) == DB_OK
		       ? 0 : fail(c, "insert the county's meeting rule");
}
