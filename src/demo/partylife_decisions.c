/* partylife_decisions.c - 四议两公开 decisions of the party-life step, built on the villages' meetings. */
#include "demo/partylife_gen.h"

#include <stdlib.h>


/* Plan 1-3 decisions of village organisation oi on its meetings (their topics follow). */
int pl_plan_decisions(struct demo_ctx *c, struct pl_ctx *x, int oi, struct pl_decision *out)
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
	int n = rng_range(&c->rng, 1, 3), made = 0;
	for (int k = 0; k < n; k++) {
		struct pl_decision *d = &out[made];
		memset(d, 0, sizeof(*d));
		const char *t = titles[rng_below(&c->rng, N(titles))];
		if (*t == '@')
			fmt(d->title, sizeof(d->title), "%s第%s村民小组通组道路硬化工程", v->short_name, cn_numbers[rng_below(&c->rng, 6)]);
		else if (strstr(t, "%s"))
			fmt(d->title, sizeof(d->title), t, c->p->industries[rng_below(&c->rng, nind)]);
		else
			fmt(d->title, sizeof(d->title), "%s", t);
		fmt(d->content, sizeof(d->content), "动议事由：%s。拟实施%s，预计投资%d万元，资金来源为%s，由村两委组织实施，"
		    "村务监督委员会全程监督。", sources[rng_below(&c->rng, N(sources))], d->title, rng_range(&c->rng, 3, 120),
		    funds[rng_below(&c->rng, N(funds))]);
		int64_t t0 = pl_time(x->day0 + rng_below(&c->rng, 300), 0);
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
			p->at = m->at + rng_range(&c->rng, HOUR, 3 * HOUR);
			p->meeting_ix = (int)(m - x->m);
			if (i >= 2) {
				p->counts = true;
				p->total = m->na;
				p->present = m->present;
				p->votes_for = m->present - rng_below(&c->rng, m->present / 8 + 1);
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
			int64_t at = t0 + (int64_t)rng_range(&c->rng, 1, 3) * DAY;
			if (at < c->asof) {
				struct pl_step *p = &s[d->ns++];
				p->step = names[4];
				p->at = at;
				p->meeting_ix = -1;
				fmt(p->note, sizeof(p->note), "决议在村务公开栏和村民微信群公示7天，无异议");
				at += (int64_t)rng_range(&c->rng, 30, 150) * DAY;
				if (at < c->asof) {
					p = &s[d->ns++];
					p->step = names[5];
					p->at = at;
					p->meeting_ix = -1;
					fmt(p->note, sizeof(p->note), "实施结果公开：%s已完成，资金使用情况同步公开", d->title);
				}
			}
		}
		d->created = s[0].at - rng_range(&c->rng, 2 * HOUR, 2 * DAY);
		made++;
	}
	return made;
}

int pl_write_decision(struct demo_ctx *c, const struct pl_ctx *x, const struct pl_decision *d, const char *division,
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
	return pl_decision_disclosure(c, d, division, id);
}
