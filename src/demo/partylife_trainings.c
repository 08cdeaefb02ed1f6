/* partylife_trainings.c - trainings of the party-life step, and 凤庆's family party schools. */
#include "demo/partylife_gen.h"

#include <stdlib.h>

#include "core/mem.h"

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
	rc = rc ? rc : db_bind_int(q, 8, at - (int64_t)rng_range(&c->rng, 2, 10) * DAY);
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
	fmt(founded, sizeof(founded), "%04d-%02d-01", rng_range(&c->rng, 2016, 2022), rng_range(&c->rng, 1, 12));
	struct db_stmt *q = db_query(c->db, "INSERT INTO family_schools (name, division, org_id, host_id, activity_day,"
				     " exchange_week, founded_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
				     " RETURNING id", "ttiiiiti", name, c->vil[v].code, c->vil[v].org_id, host, (int64_t)activity_day,
				     (int64_t)exchange_week, founded, c->now);
	return returning_id(c, q, q ? DB_OK : DB_ERROR, id, "insert family school");
}

int pl_trainings(struct demo_ctx *c, struct pl_ctx *x, int *buf, int *pool)
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
		int y;
		if (pl_latest(x, 5, 22, &y))
			pl_month(x, 0, &y, &(int){ 0 });
		int64_t day = pl_pick_day(c, x, pl_day_of(y, 5, 11) + k * 7, pl_day_of(y, 5, 15) + k * 7, true);
		if (pl_training(c, x, co, "branch_secretaries", title, venue, pl_time(day, 8 * 60 + 30), rng_range(&c->rng, 2, 3) * 480,
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
		int y;
		if (pl_latest(x, 10, 23, &y))
			pl_month(x, 0, &y, &(int){ 0 });
		int64_t day = pl_pick_day(c, x, pl_day_of(y, 9, 1), pl_day_of(y, 10, 23), true);
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
		int oi = pl_org_index(x, c->tw[t].org_id), n = rng_range(&c->rng, 2, 4);
		int np = pl_township_people(c, x, t, pool);
		for (int k = 0; k < n && oi >= 0 && np > 0; k++) {
			int kind = rng_below(&c->rng, 3);
			const char *code = kind == 0 ? "farming" : kind == 1 ? "e_commerce" : "skills";
			if (kind == 0)
				fmt(title, sizeof(title), "%s%s实用技术培训班", c->tw[t].name, c->p->industries[rng_below(&c->rng, nind)]);
			else if (kind == 1)
				fmt(title, sizeof(title), "%s农村电商和直播带货培训班", c->tw[t].name);
			else
				fmt(title, sizeof(title), "%s%s技能培训班", c->tw[t].name, skills[rng_below(&c->rng, N(skills))]);
			int m = rng_range(&c->rng, 15, 30);
			if (m > np)
				m = np;
			pl_sample(c, pool, np, m, buf);
			int mo = rng_range(&c->rng, 1, 12);
			int64_t at = pl_time(pl_day(pl_office_time(c, x, mo)), 9 * 60);
			if (pl_training(c, x, &x->org[oi], code, title, "乡镇党群服务中心", at, kind == 2 ? rng_range(&c->rng, 3, 10) * 480
					: rng_range(&c->rng, 180, 480), buf, m, 0, false))
				return -1;
		}
	}
	/* 凤庆's family party schools: a monthly activity day each, and the exchange weeks of the quarters */
	int schools = c->p->family_schools;
	if (schools > 0) {
		int *per = gen_calloc(c, (size_t)c->nvil, sizeof(int)), *order = gen_calloc(c, (size_t)c->nvil, sizeof(int)), nr = 0;
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
				int host = x->vil_people[x->vil_first[v] + rng_below(&c->rng, np)];
				fmt(venue, sizeof(venue), "%s第%d家庭党校（%s家）", c->vil[v].short_name, s + 1, x->pp[host].name);
				/* the activity day; the exchange week of the quarter's last month (weeks 9 to 11) */
				int activity = rng_range(&c->rng, 5, 25), week = rng_range(&c->rng, 9, 11);
				int64_t school;
				if (pl_family_school(c, v, s + 1, x->pp[host].id, activity, week, &school))
					return -1;
				/* every month of the window its activity day, every quarter's last month its exchange week,
				 * as far as they lie before the build day */
				for (int i = 0; i < 2 * x->nmonths && rc == 0; i++) {
					bool exchange = i >= x->nmonths;
					int mo, y;
					pl_month(x, i % x->nmonths, &y, &mo);
					if (exchange && mo % 3 != 0)
						continue;
					if (!rng_permille(&c->rng, keep))
						continue;
					int64_t week0 = pl_day_of(y, mo - 2, 1) + (week - 1) * 7;
					int64_t day = exchange ? pl_pick_day(c, x, week0, week0 + 6, false) : pl_day_of(y, mo, activity);
					while (pl_free(x, day))
						day++;
					if (day >= x->day1 || day < x->day0)
						continue;
					const char *topic = topics[rng_below(&c->rng, N(topics))];
					if (exchange)
						fmt(title, sizeof(title), "%s家庭党校交流周：%s", c->vil[v].short_name, topic);
					else
						fmt(title, sizeof(title), "%s第%d家庭党校%d月活动日：%s", c->vil[v].short_name, s + 1, mo, topic);
					int m = rng_range(&c->rng, PL_SCHOOL_SAMPLE - 4, PL_SCHOOL_SAMPLE);
					if (m > np)
						m = np;
					pl_sample(c, x->vil_people + x->vil_first[v], np, m, buf);
					rc = pl_training(c, x, &x->org[oi], "family_school", title, venue,
							 pl_time(day, rng_permille(&c->rng, 600) ? 19 * 60 + 30 : 14 * 60 + 30),
							 rng_range(&c->rng, 90, 150), buf, m, school, exchange);
				}
			}
		}
		if (rc)
			return -1;
	}
	return 0;
}
