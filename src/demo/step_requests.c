/*
 * step_requests.c - step "requests": a year of villagers' requests (诉求) up
 * to the build day, each taken through the state table of
 * modules/requests/workflow.c and written with its steps.
 */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/division.h"
#include "core/mem.h"
#include "core/workdays.h"
#include "demo/requests_texts.h"
#include "modules/requests/requests.h"

/* ---- step: villagers' requests (诉求) ------------------------------------------ */

/*
 * A year of requests, the 365 days up to the build day (RQ_FROM .. RQ_ASOF,
 * c->asof), as they stand at its 00:00 CST: the last weeks still open, the
 * same seed and build day giving the same rows (deadlines over the holiday
 * calendar of migration 4, weekends only beyond it).  About one
 * request per 15-30 households a year, from a household head of the village;
 * routed like modules/requests/intake.c (the category's level: county committee, township
 * committee, village branch); deadlines in working days over calendar_days;
 * each one taken through the state table of modules/requests/workflow.c, one request_steps
 * row per action, escalated (督办) when a deadline passes while it is open,
 * exactly as the server's sweep (requests_escalate) would: to the default
 * target of the organisation's type, stamped with the deadline.  Callbacks
 * are taken by the dispatching level (the township for a village's
 * request, the county for a township's, the hotline for the county's);
 * about one in twenty is unsatisfied and reopens the request.  An enquiry
 * answered on the hotline mostly closes on the caller's confirmation.
 */

#define RQ_MAX_STEPS 32

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
	int64_t target;   /* where it goes when overdue: the responsible organisation's escalation target */
	int64_t id, escalated_org, escalated_at, merged_into, created, sign_due, reply_due, close_due, signed_at, replied_at, closed_at;
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
	int64_t office_org;     /* the county committee's office (县委办公室): a county department's escalation target */
	char hotline[64];       /* the hotline's callback desk, as a step's actor */
};

static void names_push(struct rq_names *l, const char *s)
{
	if ((l->n & (l->n - 1)) == 0)
		l->v = xrealloc(l->v, (size_t)(l->n ? l->n * 2 : 1) * sizeof(*l->v));
	fmt(l->v[l->n++], 64, "%s", s);
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
	x->tw = gen_calloc(c, (size_t)c->ntw, sizeof(*x->tw));
	x->vil = gen_calloc(c, (size_t)c->nvil, sizeof(*x->vil));
	x->grid = gen_calloc(c, (size_t)(c->ngrid > 0 ? c->ngrid : 1), sizeof(*x->grid));
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
	x->hh_first = gen_calloc(c, (size_t)c->nvil, sizeof(int));
	x->hh_count = gen_calloc(c, (size_t)c->nvil, sizeof(int));
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
		if (db_column_text(q, 1) == NULL || fieldcrypt_open("households.phone", db_column_text(q, 1), h->phone,
								      sizeof(h->phone)) != 0)
			*h->phone = '\0';   /* none (or not this key's): the requester gives another */
		if (x->hh_count[v]++ == 0)
			x->hh_first[v] = nhh;
		nhh++;
	}
	db_finalize(q);
	for (int i = 0; i < c->nunit && !x->office_org; i++)
		if (!strcmp(c->unit[i].kind, "county_organ") && strstr(c->unit[i].name, "委办公室") &&
		    !strstr(c->unit[i].name, "常委会"))
			x->office_org = c->unit[i].org_id;
	fmt(x->hotline, sizeof(x->hotline), "%s热线", !strcmp(c->county, "469030") ? "966701" : "12345");
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
	for (int i = 0; x->tw && i < ntw; i++)   /* the lists of names; the arrays are the run's arena's */
		free(x->tw[i].v);
	for (int i = 0; x->vil && i < nvil; i++)
		free(x->vil[i].v);
	for (int i = 0; x->grid && i < ngrid; i++)
		free(x->grid[i].v);
	free(x->hh);
}

/* A ticket: the CST day and six random digits, unique in the county and the database. */
static void rq_ticket(struct demo_ctx *c, struct rq_ctx *x, int64_t at, char out[24])
{
	char day[11];
	workdays_day(at, day);
	uint64_t ymd = (uint64_t)date_field(day, 4) * 10000 + (uint64_t)date_field(day + 5, 2) * 100 +
		       (uint64_t)date_field(day + 8, 2);
	for (;;) {
		uint64_t key = ymd * 1000000 + (uint64_t)rng_below(&c->rng, 1000000);
		if (x->tickets_cap == 0) {
			x->tickets_cap = 1 << 15;
			x->tickets = gen_calloc(c, x->tickets_cap, sizeof(uint64_t));
		}
		size_t j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (x->tickets_cap - 1);
		while (x->tickets[j] && x->tickets[j] != key)
			j = (j + 1) & (x->tickets_cap - 1);
		if (x->tickets[j])
			continue;
		x->tickets[j] = key;   /* at most a few thousand a year: the table stays sparse */
		fmt(out, 24, "%08llu%06llu", (unsigned long long)ymd, (unsigned long long)(key % 1000000));
		/* another county's (a province, demo_build_province): drawn again; a county alone never is */
		int64_t taken = 0;
		if (db_query_int(c->db, &taken, "SELECT COUNT(*) FROM requests WHERE ticket = $1", "t", out) == DB_ROW &&
		    taken > 0)
			continue;
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

/* The routing of modules/requests/intake.c without rules: the committee of the category's level above the place. */
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
	fmt(out, 64, "%s", l->n ? l->v[rng_below(&c->rng, l->n)] : "system");
}

/* The first moment in [from, to) at which requests_escalate would take the request up: 0 if none. */
static int64_t rq_overdue(const struct rq *r, int64_t from, int64_t to)
{
	if (r->escalated || !request_status_open(r->status))
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

/* The default escalation target of modules/requests/escalation.c: a village's organisation -> its
 * township committee, a township's -> the county committee, a county department -> the county
 * committee's office; the county committee has none. */
static int64_t rq_escalation_target(const struct demo_ctx *c, const struct rq_ctx *x, const struct rq_org *o)
{
	if (o->level == 2)
		return c->tw[c->vil[o->idx].township].org_id;
	if (o->level == 1)
		return c->county_org;
	if (o->level == 3)
		return x->office_org && x->office_org != o->id ? x->office_org : c->county_org;
	return 0;
}

/* The escalation, if a deadline passes before at while the request is open: stamped with the deadline. */
static void rq_check(struct demo_ctx *c, struct rq *r, int64_t at)
{
	(void)c;
	int64_t last = r->step[r->nstep - 1].at;
	int64_t v = rq_overdue(r, last, at);
	if (v == 0)
		return;
	const char *note = "办结逾期，提级督办";
	if (!r->signed_at && r->sign_due + 1 == v)
		note = "签收逾期，提级督办";
	else if (!r->replied_at && r->reply_due + 1 == v)
		note = "答复逾期，提级督办";
	int64_t e = v - 1 > last ? v - 1 : last;
	r->escalated = true;
	r->supervised = true;
	r->escalated_org = r->target;
	r->escalated_at = e;
	rq_push(r, e, "escalate", r->status, r->escalated_org, "system", note);
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
	else if (!strcmp(action, "close") || !strcmp(action, "confirm"))
		r->closed_at = at;
	return true;
}

/* A moment between lo and hi moved into the working hours (08:00-19:00 CST) when that keeps it under hi. */
static int64_t rq_daytime(struct demo_ctx *c, int64_t lo, int64_t hi)
{
	int64_t t = hi > lo ? lo + rng_below(&c->rng, (int)((hi - lo) > 2000000000 ? 2000000000 : hi - lo)) : lo;
	int64_t local = t + 8 * HOUR, day = local - local % DAY, h = (local % DAY) / HOUR;
	int64_t moved = t;
	if (h < 8)
		moved = day + 8 * HOUR + rng_below(&c->rng, 2 * HOUR) - 8 * HOUR;
	else if (h >= 19)
		moved = day + DAY + 8 * HOUR + rng_below(&c->rng, 2 * HOUR) - 8 * HOUR;
	return moved > lo && moved <= hi ? moved : t;
}

static int64_t rq_last(const struct rq *r) { return r->step[r->nstep - 1].at; }

static void rq_expand(struct demo_ctx *c, const struct rq_ctx *x, const char *tmpl, int v, char *out, size_t n)
{
	char group[32];
	fmt(group, sizeof(group), "%d组", rng_range(&c->rng, 1, 8));
	const char *ind = x->nind ? x->industries[rng_below(&c->rng, x->nind)] : "种植";
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
	r->target = rq_escalation_target(c, x, &to);
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
		int64_t at = rng_permille(&c->rng, 950) || r->org.parent == 0 ? rq_daytime(c, t + 300, t + (r->sign_due - t) * 7 / 10)
									: r->sign_due + rng_range(&c->rng, HOUR, 30 * HOUR);
		if (!rq_act(c, r, at, "sign", "signed", 0, actor, NULL))
			return false;
		t = rq_last(r);
		if (rng_permille(&c->rng, 600) && !rq_act(c, r, t + rng_range(&c->rng, 600, 20 * HOUR), "start", "in_progress", 0, actor, NULL))
			return false;
	}
	t = rq_last(r);
	bool on_time = (rng_permille(&c->rng, 900) || r->org.parent == 0) && r->reply_due > t + 2 * HOUR;
	int64_t reply_at = on_time ? rq_daytime(c, t + 1800, t + (r->reply_due - t) * 9 / 10)
				   : (r->reply_due > t ? r->reply_due : t) + rng_range(&c->rng, 2 * HOUR, 3 * DAY);
	if (!strcmp(r->cat->kind, "dispute") && !*r->mediation) {
		int k = rng_below(&c->rng, 1000);
		const char *outcome = rq_mediation[k < 850 ? rng_below(&c->rng, 2) : k < 950 ? 2 : 3];
		int64_t at = t + (reply_at - t) * rng_range(&c->rng, 30, 80) / 100;
		if (!rq_act(c, r, at, "mediate", r->status, 0, actor, outcome))
			return false;
		fmt(r->mediation, sizeof(r->mediation), "%s", outcome);
	}
	int ti = r->tmpl;
	if (!rq_act(c, r, reply_at, "reply", "replied", 0, actor, rq_texts[ti].reply[rng_below(&c->rng, 2)]))
		return false;
	r->reply = r->step[r->nstep - 1].note;
	return true;
}

/* Who takes the callback: the dispatching level above the handler (a township cadre for a
 * village's request, a county cadre for a township's), the hotline for the county's own. */
static void rq_caller(struct demo_ctx *c, const struct rq_ctx *x, const struct rq *r, char out[64])
{
	struct rq_org above;
	if (r->org.level == 2)
		above = rq_township(c, c->vil[r->org.idx].township);
	else if (r->org.level == 1)
		above = rq_county(c);
	else {
		fmt(out, 64, "%s", x->hotline);
		return;
	}
	rq_actor(c, x, &above, out);
}

/* Callback and close by the dispatching level; an unsatisfied callback reopens it (at most once more). */
static void rq_finish(struct demo_ctx *c, const struct rq_ctx *x, struct rq *r, char actor[64])
{
	char caller[64];
	rq_caller(c, x, r, caller);
	for (int round = 0; round < 2; round++) {
		int64_t t = rq_last(r);
		int k = rng_below(&c->rng, 1000);
		bool unsatisfied = round == 0 && k >= 950;
		const char *sat = unsatisfied ? "unsatisfied" : k < (round == 0 ? 850 : 700) ? "satisfied" : "basic";
		int64_t at = rq_daytime(c, t + 2 * HOUR, t + 2 * DAY);
		if (!rq_act(c, r, at, "visit", unsatisfied ? "reopened" : "visited", 0, caller, sat))
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
		int64_t close = t + rng_range(&c->rng, 600, 8 * HOUR);
		if (close > r->close_due && r->close_due > t + 120)
			close = t + 60 + rng_below(&c->rng, (int)(r->close_due - t - 60));
		rq_act(c, r, close, "close", "closed", 0, caller, "已回访，群众认可，办结");
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
	r->target = rq_escalation_target(c, x, &r->org);
	r->sign_due = workdays_add(&x->cal, t0, k->sign_days);
	r->reply_due = workdays_add(&x->cal, t0, k->reply_days);
	r->close_due = workdays_add(&x->cal, t0, k->close_days);
	const struct village *vl = &c->vil[v];
	int g = vl->ng ? vl->g0 + rng_below(&c->rng, vl->ng) : -1;
	fmt(r->division, sizeof(r->division), "%s", g >= 0 ? c->grid[g].code : vl->code);
	/* the requester: a household head of the village */
	if (x->hh_count[v] > 0) {
		const struct rq_hh *h = &x->hh[x->hh_first[v] + rng_below(&c->rng, x->hh_count[v])];
		fmt(requester, 64, "%s", h->name);
		if (*h->phone)
			fmt(phone, 12, "%s", h->phone);
		else
			make_phone(c, phone);
	} else {
		make_name(c, pick_ethnicity(c), rng_permille(&c->rng, 600), requester, 64);
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
		" signed_at, replied_at, closed_at, updated_at, requester_phone_hash, escalated_at) VALUES ($1, $2, $3, $4, $5,"
		" $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27,"
		" $28, $29, $30)"
		" RETURNING id");
	if (q == NULL)
		return fail(c, "prepare requests");
	int rc = db_bind_text(q, 1, r->ticket);
	rc = rc ? rc : db_bind_text(q, 2, channel);
	rc = rc ? rc : db_bind_text(q, 3, r->division);
	rc = rc ? rc : db_bind_text(q, 4, r->cat->code);
	rc = rc ? rc : db_bind_text(q, 5, content);
	rc = rc ? rc : db_bind_text(q, 6, name);
	char sealed_phone[DEMO_SEALED], phone_hash[FIELDCRYPT_HASH_LEN];
	rc = rc ? rc : db_bind_text(q, 7, demo_seal("requests.requester_phone", phone, sealed_phone));
	rc = rc ? rc : db_bind_text(q, 29, demo_hash("phone", phone, phone_hash));
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
	rc = rc ? rc : bind_id(q, 30, r->escalated_at);
	if (returning_id(c, q, rc, &r->id, "insert request"))
		return -1;
	for (int i = 0; i < r->nstep; i++) {
		const struct rq_step *s = &r->step[i];
		/* a callback's rating on its step, as workflow.c keeps it for the figures */
		const char *rating = !strcmp(s->action, "visit") ? s->note : NULL;
		if (db_exec(c->db, "INSERT INTO request_steps (request_id, at, actor_name, action, from_status, to_status,"
				   " org_id, note, satisfaction) VALUES ($1, $2, $3, $4, $5, $6, NULLIF(CAST($7 AS BIGINT), 0), $8, $9)",
			    "iittttitt", r->id, s->at, s->actor, s->action, s->from, s->to, s->org, *s->note ? s->note : NULL,
			    rating) != DB_OK)
			return fail(c, "insert request step");
	}
	c->st->requests++;
	c->st->open_requests += request_status_open(r->status);
	return 0;
}

int gen_requests(struct demo_ctx *c)
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
	struct rq *r = gen_calloc(c, 2, sizeof(*r)), *dup = r + 1;
	/* one request a year per 18-26 households of the registry (琼中: about 1,500 from 30,000) */
	int per = rng_range(&c->rng, 18, 26);
	int days = (int)((RQ_ASOF - RQ_FROM) / DAY);
	for (int v = 0; v < c->nvil && rc == 0; v++) {
		const struct village *vl = &c->vil[v];
		int n = x.hh_count[v] / per + (rng_below(&c->rng, per) < x.hh_count[v] % per);
		for (int i = 0; i < n && rc == 0; i++) {
			const struct rq_cat *k = rq_find_cat(&x, pick_weighted(&c->rng, mix, nmix));
			if (k == NULL)
				continue;
			const char *channel = pick_weighted(&c->rng, channels, N(channels));
			/* a day of the year, fewer at weekends; office hours, the hotline from 07:00 to 22:00 */
			int64_t day = RQ_FROM + (int64_t)rng_below(&c->rng, days) * DAY;
			if (!workdays_is_working(&x.cal, day) && rng_permille(&c->rng, 500))
				day = RQ_FROM + (int64_t)rng_below(&c->rng, days) * DAY;
			bool hot = !strcmp(channel, "hotline");
			int64_t t0 = day + (hot ? rng_range(&c->rng, 7 * HOUR, 22 * HOUR) : rng_range(&c->rng, 8 * HOUR, 18 * HOUR)) +
				     rng_below(&c->rng, HOUR);
			char requester[64], phone[12], content[512];
			rq_new(c, &x, r, k, v, t0, channel, requester, phone);
			/* a tourist's hotline enquiry has no place: filed at the county, for the county committee */
			bool tourist = !strcmp(k->code, "consult.tourism") && hot && rng_permille(&c->rng, 300);
			if (tourist) {
				fmt(r->division, sizeof(r->division), "%s", c->county);
				r->org = rq_county(c);
				r->target = 0;
				r->step[0].org = r->org.id;
				make_name(c, pick_ethnicity(c), rng_permille(&c->rng, 600), requester, 64);
				make_phone(c, phone);
			}
			if (r->tmpl < 0) {
				rc = fail(c, "request template");
				break;
			}
			int nt = 0;
			while (nt < 4 && rq_texts[r->tmpl].content[nt])
				nt++;
			rq_expand(c, &x, rq_texts[r->tmpl].content[rng_below(&c->rng, nt)], v, content, sizeof(content));
			bool serious = !strcmp(k->code, "infra.water") || !strcmp(k->code, "infra.power") ||
				       !strcmp(k->code, "housing") || !strcmp(k->code, "health") || !strcmp(k->code, "help.medical");
			int u = rng_below(&c->rng, 1000);
			const char *urgency = u < (serious ? 760 : 920) ? "normal" : u < (serious ? 950 : 990) ? "urgent" : "emergency";
			const char *source = hot ? hotline : NULL;

			char actor[64];
			rq_actor(c, &x, &r->org, actor);
			int fate = rng_below(&c->rng, 1000);
			bool spawn_dup = false;
			if (tourist || (!strcmp(k->kind, "consult") && hot && rng_permille(&c->rng, 600))) {
				/* answered on the spot (requests_create's answer): signed and replied at once */
				int64_t at = t0 + rng_range(&c->rng, 180, 900);
				if (rq_act(c, r, at, "reply", "replied", 0, actor, rq_texts[r->tmpl].reply[rng_below(&c->rng, 2)])) {
					r->signed_at = at;
					r->reply = r->step[r->nstep - 1].note;
					/* the caller confirms on the call: closed, no callback (else called back later) */
					if (rng_permille(&c->rng, 800))
						rq_act(c, r, at + rng_range(&c->rng, 30, 240), "confirm", "closed", 0, x.hotline,
						       "来电人确认已解答，办结");
					else
						rq_finish(c, &x, r, actor);
				}
			} else if (fate < 10) {
				/* withdrawn: solved by the family itself */
				if (rng_permille(&c->rng, 500))
					rq_act(c, r, rq_daytime(c, t0 + 600, r->sign_due - HOUR), "sign", "signed", 0, actor, NULL);
				char staff[64];
				struct rq_org place = rq_village(c, v);
				rq_actor(c, &x, &place, staff);
				rq_act(c, r, rq_last(r) + rng_range(&c->rng, 2 * HOUR, 3 * DAY), "withdraw", "withdrawn", 0, staff,
				       "群众来电表示问题已自行解决，申请撤回");
			} else if (fate < 60) {
				/* misrouted: returned then transferred by the dispatcher (1%), or transferred once to three times */
				bool returned = fate < 20;
				int times = returned ? 1 : rng_permille(&c->rng, 650) ? 1 : rng_permille(&c->rng, 750) ? 2 : 3;
				bool ok = true;
				if (returned) {
					ok = rq_act(c, r, rq_daytime(c, t0 + 1800, r->sign_due - HOUR), "return", "returned", 0, actor,
						    "经核实不属于本单位职责，申请退回重新派单");
					struct rq_org disp = r->org.level == 2 ? rq_township(c, vl->township) : rq_county(c);
					rq_actor(c, &x, &disp, actor);
				} else if (rng_permille(&c->rng, 400)) {
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
				int64_t end = request_status_open(r->status) ? RQ_ASOF : rq_last(r);
				int64_t t1 = t0 + rng_range(&c->rng, HOUR, 20 * HOUR), merge = t1 + rng_range(&c->rng, 600, 4 * HOUR);
				if (merge < end && merge < RQ_ASOF) {
					char dname[64], dphone[12], note[256], dactor[64];
					const char *dchannel = pick_weighted(&c->rng, channels, N(channels));
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
	rq_free(&x, c->ntw, c->nvil, c->ngrid);
	return rc;
}
