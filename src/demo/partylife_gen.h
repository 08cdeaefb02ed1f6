/*
 * partylife_gen.h - the party-life step of the demo generator, internal to
 * src/demo/: its context (the organisations with their rosters, the people,
 * the year's window and meeting-free days, the meetings and attendance of
 * the organisation being generated) and the parts of the step:
 * partylife_ctx.c (loading, calendar, texts), partylife_meetings.c,
 * partylife_decisions.c, partylife_notices.c, partylife_trainings.c, and
 * step_partylife.c, the step itself.
 */
#ifndef LIANXIN_DEMO_PARTYLIFE_GEN_H
#define LIANXIN_DEMO_PARTYLIFE_GEN_H

#include "demo/gen.h"

#define PL_ALL_CAP 1000        /* an all-member meeting lists the whole roster (a bound, never reached) */
#define PL_SAMPLE_CAP 12       /* lectures and theme days of a larger branch: the sign-in sheet of a sample */
#define PL_AREA_CAP 40         /* an area meeting */
#define PL_GROUP_CAP 10        /* a party group */
#define PL_REPS_MAX 35         /* villager representatives */
#define PL_WOMEN_MAX 15
#define PL_SCHOOL_SAMPLE 12    /* attendees recorded of a family-party-school session */

struct pl_person {
	int64_t id, org;
	char name[64], division[16], role[24];
	char sex;
	bool member, full, flowing;   /* a party member; a full (not probationary) one */
	int by;
};

struct pl_org {
	int64_t id, parent, secretary;
	char type[32], division[16], name[192];
	int theme_day, vil, tw;           /* village / township index, -1 */
	bool demo, weak;
	int *roster, nroster, cap;         /* member indices into pp */
};

struct pl_att {
	int64_t person;
	bool present, full;
	const char *reason;
};

struct pl_meet {
	int64_t at, id;
	const char *kind, *place, *reason;
	int org, a0, na, present;
	bool urgent, used, planned;     /* planned: dated after the build day, no attendance yet */
	char host[64], topic[256], minutes[768], decisions[256];
};

struct pl_rule {
	char org_type[32], kind[40], freq[16];
	int times;
	bool per_leader;
};

struct pl_ctx {
	struct pl_person *pp;
	int np;
	struct pl_org *org;
	int norg;
	struct pl_rule rule[64];
	int nrule;
	/* the window: the twelve months before the build month and the build month up to the build day,
	 * CST days [day0, day1) with day1 the build day; the months y0-m0 and the nmonths after it */
	int64_t day0, day1;
	int y0, m0, nmonths;
	unsigned free_mask;                /* ISO weekdays without meetings (bit d) */
	struct pl_meet *m;
	int nm, capm;
	struct pl_att *a;
	int na, capa;
	int *vil_people, *vil_first, *vil_count;   /* people of each village's subtree, by village */
	int *leaders, *leader_first, *leader_count; /* township leaders, by township */
	int *staff, *staff_first, *staff_count;    /* township staff, by township */
};

struct pl_step {
	const char *step;
	char note[256];
	int64_t at, total, present, votes_for;
	int meeting_ix;
	bool counts;
};

struct pl_decision {
	char title[256], content[512];
	struct pl_step s[6];
	int ns;
	int64_t created;
};

/* partylife_ctx.c */
/* Month i of the window (0 .. nmonths-1). */
void pl_month(const struct pl_ctx *x, int i, int *y, int *m);
/* The latest month mo of the window whose day dd lies before the build day: 0 with *y, -1 when none. */
int pl_latest(const struct pl_ctx *x, int mo, int dd, int *y);
/* The year a 组织生活会 or 民主评议 on day reviews (December to February: the year of the December). */
int pl_review_year(int64_t day);
bool pl_free(const struct pl_ctx *x, int64_t day);
/* A day in [lo, hi] that is not meeting-free (weekdays only when office is set); lo when none is. */
int64_t pl_pick_day(struct demo_ctx *c, const struct pl_ctx *x, int64_t lo, int64_t hi, bool office);
struct pl_meet *pl_meet_new(struct demo_ctx *c, struct pl_ctx *x, int org, const char *kind, int64_t at);
/* Attendance of the people idx[0..n) (indices into pp): hosts present, the others at rate permille. */
int pl_attend(struct demo_ctx *c, struct pl_ctx *x, struct pl_meet *m, const int *idx, int n, int permille,
	      int64_t host);
int pl_org_index(const struct pl_ctx *x, int64_t id);
bool pl_branch(const char *type);
int pl_load(struct demo_ctx *c, struct pl_ctx *x);
void pl_free_ctx(struct pl_ctx *x);
void pl_topic(struct demo_ctx *c, struct pl_meet *m, const struct pl_org *o, int mo);
void pl_minutes(struct pl_meet *m);
const char *pl_host(const struct pl_ctx *x, const struct pl_org *o);
int64_t pl_host_id(const struct pl_ctx *x, const struct pl_org *o);
const char *pl_place(const struct pl_org *o, const char *kind);
/* The minute of the day a meeting starts. */
int pl_clock(struct demo_ctx *c, const struct pl_org *o, int mo);

/* partylife_meetings.c */
void pl_sample(struct demo_ctx *c, const int *from, int n, int k, int *out);
void pl_rule_meetings(struct demo_ctx *c, struct pl_ctx *x, int oi, int *buf);
void pl_village_meetings(struct demo_ctx *c, struct pl_ctx *x, int oi, int *buf);
/* An urgent meeting on a meeting-free day where there are any (otherwise any day), with its reason. */
void pl_urgent(struct demo_ctx *c, struct pl_ctx *x, int oi, const char *kind, int *buf);
int pl_by_time(const void *a, const void *b);
int pl_write_meetings(struct demo_ctx *c, struct pl_ctx *x);
/* The first unused meeting of kind at or after t, with a quorum when asked. */
struct pl_meet *pl_next(struct pl_ctx *x, const char *kind, int64_t t, bool quorum);

/* partylife_decisions.c */
/* Plan 1-3 decisions of village organisation oi on its meetings (their topics follow). */
int pl_plan_decisions(struct demo_ctx *c, struct pl_ctx *x, int oi, struct pl_decision *out);
int pl_write_decision(struct demo_ctx *c, const struct pl_ctx *x, const struct pl_decision *d, const char *division,
		      const char *actor);

/* partylife_notices.c */
/* A working day (not a meeting-free one) of month mo of the window, 08:30-17:30. */
int64_t pl_office_time(struct demo_ctx *c, const struct pl_ctx *x, int mo);
int pl_notices(struct demo_ctx *c, struct pl_ctx *x);

/* partylife_reviews.c */
/* 民主评议党员: the grades of the organisation's own members after its held member_review meetings. */
int pl_member_reviews(struct demo_ctx *c, const struct pl_ctx *x, int oi);
/* 党务村务公开: the village's quarterly party and village affairs and monthly finances, published after each period. */
int pl_disclosures(struct demo_ctx *c, const struct pl_ctx *x, int oi);
/* A decision's publication (四议两公开决议公开) as a disclosure. */
int pl_decision_disclosure(struct demo_ctx *c, const struct pl_decision *d, const char *division, int64_t decision_id);
/* 琼中's monthly 基层党建工作例会 of the county committee: its rule at the county's place. */
int pl_county_rules(struct demo_ctx *c);

/* partylife_trainings.c */
int pl_trainings(struct demo_ctx *c, struct pl_ctx *x, int *buf, int *pool);

#endif
