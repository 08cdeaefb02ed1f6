/*
 * partylife_meetings.c - the meetings of the party-life step: those the
 * rules owe, the villages' own, urgent ones; written in time order.
 */
#include "demo/partylife_gen.h"

#include <stdlib.h>

#include "core/mem.h"
#include "db/batch.h"

/* ---- meetings of the rules -------------------------------------------------------- */

/* Held rate of an organisation's required meetings, permille. */
static int pl_rate(struct demo_ctx *c, const struct pl_org *o)
{
	if (o->demo)
		return rng_range(&c->rng, 985, 1000);
	if (o->weak)
		return rng_range(&c->rng, 540, 660);
	if (!strcmp(o->type, "township_committee"))
		return rng_range(&c->rng, 900, 980);
	return rng_range(&c->rng, 850, 950);
}

/* The units [lo, hi] of frequency freq that begin in the window: the weeks, months and quarters
 * (the first quarter cut at the window's start) and each December-to-mid-February season of the
 * year's organisational life and review.  The last ones run past the build day: in progress. */
static int pl_units_of(const struct pl_ctx *x, const char *freq, int64_t *lo, int64_t *hi, int max)
{
	int n = 0;
	if (!strcmp(freq, "weekly")) {
		int64_t d = x->day0;
		while (pl_weekday(d) != 1)
			d++;
		for (; d < x->day1 && n < max; d += 7, n++) {
			lo[n] = d;
			hi[n] = d + 6;
		}
	} else if (!strcmp(freq, "monthly") || !strcmp(freq, "quarterly")) {
		bool q = freq[0] == 'q';
		for (int i = 0; i < x->nmonths && n < max; i++) {
			int y, m;
			pl_month(x, i, &y, &m);
			if (q && i > 0 && (m - 1) % 3 != 0)
				continue;
			int em = q ? ((m - 1) / 3) * 3 + 3 : m;
			lo[n] = pl_day_of(y, m, 1);
			hi[n] = pl_day_of(y, em, days_in_month(y, em));
			n++;
		}
	} else {
		int y0, m0, y1, m1;
		pl_month(x, 0, &y0, &m0);
		pl_month(x, x->nmonths - 1, &y1, &m1);
		for (int y = y0 - 1; y <= y1 && n < max; y++) {
			int64_t a = pl_day_of(y, 12, 1), b = pl_day_of(y + 1, 2, 15);
			if (b < x->day0 || a >= x->day1)
				continue;
			lo[n] = a < x->day0 ? x->day0 : a;
			hi[n] = b;
			n++;
		}
	}
	return n;
}

/* A planned meeting of organisation oi on day (after the build day): topic, place and host, no attendance yet. */
static void pl_plan(struct demo_ctx *c, struct pl_ctx *x, int oi, const char *kind, int64_t day)
{
	const struct pl_org *o = &x->org[oi];
	int y, mo, d;
	pl_civil(day, &y, &mo, &d);
	struct pl_meet *m = pl_meet_new(c, x, oi, kind, pl_time(day, pl_clock(c, o, mo)));
	m->planned = true;
	fmt(m->host, sizeof(m->host), "%s", pl_host(x, o));
	m->place = pl_place(o, kind);
	pl_topic(c, m, o, mo);
}

/* How likely unit [lo, hi] has its meeting by the build day: rate for an ended unit, the share
 * of it gone by for one in progress (so the current period is partly done). */
static int pl_unit_rate(const struct pl_ctx *x, int64_t lo, int64_t hi, int rate)
{
	if (hi < x->day1)
		return rate;
	return (int)((int64_t)rate * (x->day1 - lo) / (hi - lo + 1));
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

void pl_sample(struct demo_ctx *c, const int *from, int n, int k, int *out)
{
	int *idx = xcalloc((size_t)(n > 0 ? n : 1), sizeof(int));
	memcpy(idx, from, (size_t)n * sizeof(int));
	if (k > n)
		k = n;
	for (int i = 0; i < k; i++) {
		int j = i + rng_below(&c->rng, n - i), t = idx[i];
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
	} else if (!strcmp(kind, "party_building_monthly")) {
		/* the county's 基层党建工作例会: the committee's members and a leader of every township */
		n = pl_committee(x, o, buf, 5);
		for (int t = 0; t < c->ntw && n < PL_AREA_CAP; t++)
			if (x->leader_count[t] > 0)
				buf[n++] = x->leaders[x->leader_first[t]];
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
	pl_attend(c, x, m, buf, n, o->weak ? rng_range(&c->rng, 780, 900) : rng_range(&c->rng, 880, 990), pl_host_id(x, o));
	pl_topic(c, m, o, mo);
	pl_minutes(m);
}

void pl_rule_meetings(struct demo_ctx *c, struct pl_ctx *x, int oi, int *buf)
{
	const struct pl_org *o = &x->org[oi];
	int rate = pl_rate(c, o);
	int64_t lo[80], hi[80];
	for (int r = 0; r < x->nrule; r++) {
		const struct pl_rule *rule = &x->rule[r];
		if (strcmp(rule->org_type, o->type))
			continue;
		int nu = pl_units_of(x, rule->freq, lo, hi, 80);
		bool township = !strcmp(o->type, "township_committee");
		int nl = township && o->tw >= 0 ? x->leader_count[o->tw] : 1;
		int per = rule->times * (rule->per_leader ? (nl > 0 ? nl : 1) : 1);
		for (int u = 0; u < nu; u++)
			for (int k = 0; k < per; k++) {
				/* the days of the unit gone by, and whether it runs past the build day */
				int64_t last = hi[u] < x->day1 ? hi[u] : x->day1 - 1;
				bool running = hi[u] >= x->day1;
				int64_t ahead = hi[u] < x->day1 + 30 ? hi[u] : x->day1 + 30;
				if (township) {
					if (!rng_permille(&c->rng, pl_unit_rate(x, lo[u], hi[u], rate))) {
						if (running && rng_permille(&c->rng, 100))
							pl_plan(c, x, oi, rule->kind, pl_pick_day(c, x, x->day1, ahead, true));
						continue;
					}
					const struct township *t = &c->tw[o->tw];
					int64_t day = pl_pick_day(c, x, lo[u], last, true);
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
						pl_attend(c, x, m, buf, n, rng_range(&c->rng, 900, 990), l->id);
					} else {
						for (int i = 0; i < nl && o->tw >= 0; i++)
							buf[n++] = x->leaders[x->leader_first[o->tw] + i];
						fmt(m->host, sizeof(m->host), "%s", n ? x->pp[buf[0]].name : "");
						pl_attend(c, x, m, buf, n, rng_range(&c->rng, 850, 970), n ? x->pp[buf[0]].id : 0);
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
					if (day >= x->day1) {
						/* this month's theme day is still to come: it is on the calendar */
						if (rng_permille(&c->rng, 350))
							pl_plan(c, x, oi, rule->kind, day);
						continue;
					}
					if (!rng_permille(&c->rng, rate))
						continue;
				} else {
					if (!rng_permille(&c->rng, pl_unit_rate(x, lo[u], hi[u], rate))) {
						if (running && rng_permille(&c->rng, 120))
							pl_plan(c, x, oi, rule->kind, pl_pick_day(c, x, x->day1, ahead, o->vil < 0));
						continue;
					}
					day = pl_pick_day(c, x, lo[u], last, o->vil < 0);
				}
				pl_branch_meeting(c, x, oi, rule->kind, day, u, buf);
			}
	}
}

/* ---- the villages' own meetings ----------------------------------------------------- */

void pl_village_meetings(struct demo_ctx *c, struct pl_ctx *x, int oi, int *buf)
{
	const struct pl_org *o = &x->org[oi];
	const struct village *v = &c->vil[o->vil];
	int f = x->vil_first[o->vil], nv = x->vil_count[o->vil];
	/* the two committees: the village's cadres and the first secretary */
	int ncom = 0;
	int *com = gen_calloc(c, (size_t)nv + 1, sizeof(int)), *reps = gen_calloc(c, (size_t)nv + 1, sizeof(int));
	int *women = gen_calloc(c, (size_t)nv + 1, sizeof(int));
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
		{ "two_committees", v->weak ? rng_range(&c->rng, 12, 18) : rng_range(&c->rng, 20, 26), com },
		{ "villager_reps", v->weak ? rng_range(&c->rng, 8, 12) : rng_range(&c->rng, 14, 20), reps },
		{ "women_reps", rng_permille(&c->rng, 200) ? 2 : 1, women },
	};
	int nsets[] = { ncom, nreps, nwomen };
	for (int s = 0; s < N(sets); s++) {
		if (nsets[s] < 3)
			continue;
		int per = (int)((x->day1 - x->day0) / sets[s].n);
		for (int k = 0; k < sets[s].n; k++) {
			int64_t lo = x->day0 + (int64_t)k * per, hi = lo + per - 1;
			if (s == 2) {
				/* around 三八, and in September */
				int y;
				if (pl_latest(x, k == 1 ? 9 : 3, 15, &y))
					continue;
				lo = pl_day_of(y, k == 1 ? 9 : 3, 1), hi = pl_day_of(y, k == 1 ? 9 : 3, 15);
			}
			int64_t day = pl_pick_day(c, x, lo, hi, false);
			int y, mo, d;
			pl_civil(day, &y, &mo, &d);
			struct pl_meet *m = pl_meet_new(c, x, oi, sets[s].kind, pl_time(day, pl_clock(c, o, mo)));
			memcpy(buf, sets[s].who, (size_t)nsets[s] * sizeof(int));
			fmt(m->host, sizeof(m->host), "%s", host_name);
			m->place = pl_place(o, sets[s].kind);
			pl_attend(c, x, m, buf, nsets[s], rng_range(&c->rng, 850, 960), host);
			pl_topic(c, m, o, mo);
			pl_minutes(m);
		}
	}
}

/* An urgent meeting on a meeting-free day where there are any (otherwise any day), with its reason. */
void pl_urgent(struct demo_ctx *c, struct pl_ctx *x, int oi, const char *kind, int *buf)
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
	int w = rng_below(&c->rng, N(why));
	/* the latest season of the reason inside the window, before the build day */
	int mlo = why[w].m_lo, mhi = why[w].m_hi, ty, tm;
	pl_month(x, x->nmonths - 1, &ty, &tm);
	int64_t lo = 0, hi = -1;
	for (int y = ty; y >= ty - 1 && hi < lo; y--) {
		lo = pl_day_of(y, mlo, 1), hi = pl_day_of(y, mhi, days_in_month(y, mhi));
		lo = lo < x->day0 ? x->day0 : lo;
		hi = hi >= x->day1 ? x->day1 - 1 : hi;
	}
	if (hi < lo)
		lo = x->day0, hi = x->day1 - 1;
	int64_t day = lo + rng_below(&c->rng, (int)(hi - lo + 1));
	if (x->free_mask)
		for (int tries = 0; tries < 7 && !pl_free(x, day); tries++)
			day = day + 1 <= hi ? day + 1 : lo;
	struct pl_meet *m = pl_meet_new(c, x, oi, kind, pl_time(day, rng_range(&c->rng, 7 * 60, 21 * 60)));
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

int pl_by_time(const void *a, const void *b)
{
	const struct pl_meet *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at ? 1 : x->a0 - y->a0;
}

/* A 党员大会's quorum: more than half of the organisation's full members present (probationary ones not counted). */
static bool pl_full_quorum(const struct pl_ctx *x, const struct pl_meet *m)
{
	const struct pl_org *o = &x->org[m->org];
	int64_t entitled = 0, present = 0;
	for (int j = 0; j < o->nroster; j++)
		entitled += x->pp[o->roster[j]].full;
	for (int k = m->a0; k < m->a0 + m->na; k++)
		present += x->a[k].present && x->a[k].full;
	return present * 2 > entitled;
}

/* The meetings appended to mt, with ids reserved for all of them at once (the attendees name
 * them), their attendees appended to att; the meetings are sent before their attendees. */
static int write_meetings(struct demo_ctx *c, struct pl_ctx *x, struct db_batch *mt, struct db_batch *att)
{
	int64_t *ids = xcalloc(x->nm ? (size_t)x->nm : 1, sizeof(*ids));
	if (db_reserve_ids(c->db, "meetings", x->nm, ids) != DB_OK) {
		free(ids);
		return fail(c, "reserve meeting ids");
	}
	for (int i = 0; i < x->nm; i++) {
		struct pl_meet *m = &x->m[i];
		const struct pl_org *o = &x->org[m->org];
		/* a held meeting is recorded within two days (before the build day); a planned one a few days ahead */
		int64_t created = m->at + rng_range(&c->rng, 2 * HOUR, 2 * DAY);
		if (created > c->asof)
			created = m->at + HOUR;
		if (m->planned) {
			created = m->at - rng_range(&c->rng, 3 * DAY, 12 * DAY);
			if (created > c->asof - HOUR)
				created = c->asof - rng_range(&c->rng, 2 * HOUR, 10 * HOUR);
		}
		bool free_day = pl_free(x, pl_day(m->at));
		/* a 党员大会 records its full members entitled and whether more than half of them came */
		int64_t entitled = -1, quorum = -1;
		if (!m->planned && !strcmp(m->kind, "branch_general")) {
			entitled = 0;
			for (int j = 0; j < o->nroster; j++)
				entitled += x->pp[o->roster[j]].full;
			quorum = pl_full_quorum(x, m);
		}
		m->id = ids[i];
		db_batch_int(mt, m->id);
		db_batch_int(mt, o->id);
		db_batch_text(mt, o->division);
		db_batch_text(mt, m->kind);
		db_batch_int(mt, m->at);
		db_batch_text(mt, m->place);
		db_batch_text(mt, *m->host ? m->host : NULL);
		db_batch_text(mt, m->topic);
		db_batch_text(mt, *m->minutes ? m->minutes : NULL);
		db_batch_text(mt, *m->decisions ? m->decisions : NULL);
		db_batch_int(mt, m->na);
		db_batch_int(mt, m->present);
		db_batch_int(mt, free_day);
		db_batch_int(mt, m->urgent);
		db_batch_text(mt, m->urgent ? m->reason : NULL);
		db_batch_int(mt, created);
		db_batch_int(mt, created);
		db_batch_text(mt, m->planned ? "planned" : "held");
		if (entitled >= 0)
			db_batch_int(mt, entitled);
		else
			db_batch_text(mt, NULL);
		if (quorum >= 0)
			db_batch_int(mt, quorum);
		else
			db_batch_text(mt, NULL);
		db_batch_row(mt);
		for (int k = m->a0; k < m->a0 + m->na; k++) {
			db_batch_int(att, m->id);
			db_batch_int(att, x->a[k].person);
			db_batch_int(att, x->a[k].present);
			db_batch_text(att, x->a[k].reason);
			db_batch_row(att);
		}
		if (db_batch_pending(att) >= 8192 && (db_batch_flush(mt) != DB_OK || db_batch_flush(att) != DB_OK)) {
			free(ids);
			return fail(c, "insert meetings");
		}
		c->st->meetings++;
	}
	free(ids);
	return db_batch_flush(mt) == DB_OK ? 0 : fail(c, "insert meetings");
}

/* The meetings and their attendees in batches (db_batch: multi-row statements, COPY on PostgreSQL; a
 * county's hundreds of thousands of attendances in a few thousand statements). */
int pl_write_meetings(struct demo_ctx *c, struct pl_ctx *x)
{
	struct db_batch *att = db_batch_new(c->db, "meeting_attendees", "meeting_id, person_id, present, reason", 4, 128);
	struct db_batch *mt = db_batch_new(c->db, "meetings",
					   "id, org_id, division, kind, starts_at, place, host, topic, minutes, decisions, expected,"
					   " present, free_day, urgent, urgent_reason, created_at, updated_at, status, entitled, quorum",
					   20, 64);
	int rc = write_meetings(c, x, mt, att);
	if (rc == 0 && db_batch_flush(att) != DB_OK)
		rc = fail(c, "insert meeting attendees");
	db_batch_free(mt);
	db_batch_free(att);
	return rc;
}

/* The first unused meeting of kind at or after t, with a quorum when asked. */
struct pl_meet *pl_next(struct pl_ctx *x, const char *kind, int64_t t, bool quorum)
{
	for (int i = 0; i < x->nm; i++) {
		struct pl_meet *m = &x->m[i];
		if (m->used || m->urgent || m->planned || m->at < t || strcmp(m->kind, kind))
			continue;
		if (quorum && (m->na == 0 || m->present * 3 < m->na * 2))
			continue;
		if (quorum && !strcmp(kind, "branch_general") && !pl_full_quorum(x, m))
			continue;
		return m;
	}
	return NULL;
}
