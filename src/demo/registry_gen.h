/*
 * registry_gen.h - the household registry of the demo generator, internal
 * to src/demo/: a household in memory (registry_model.c draws it) before
 * step_registry.c writes it.
 *
 * Every village has its households with their members, and the registered
 * (建档立卡) ones their yearly income, 两不愁 records, help given, status
 * history and, from 2021, the monitoring of the ones at risk.  A county has
 * at most HH_CAP households (times --scale): the seed counties' villages hold 80,000-180,000
 * in all, so every village keeps its share of the cap (the figures in
 * divisions.households stay the real ones; the registry is a sample).
 */
#ifndef LIANXIN_DEMO_REGISTRY_GEN_H
#define LIANXIN_DEMO_REGISTRY_GEN_H

#include "demo/gen.h"

#define HH_CAP 30000
#define HH_YEARS 60       /* income years kept from FIRST_YEAR */
#define HH_MAX_MEMBERS 7
#define FIRST_YEAR 2014
#define MONITOR_LINE 6000

struct hh_member {
	char name[64], id[19], birth[11], phone[12];
	const char *relation, *ethnicity, *education, *school_status, *school_note, *health, *labour, *work_status,
		*political;
	int by, age, disability_grade, months;   /* months < 0: not working age (NULL) */
	bool male, insured_medical, pension_na, pension, dibao, tekun, pupil, worker;
};

struct hh {
	int n;
	struct hh_member m[HH_MAX_MEMBERS];
	const char *surname;
	bool registered, relocated;
	const char *status, *attribute, *main_cause, *relocation;
	const char *secondary[2];
	int nsecondary;
	int identified, exited, relapsed, former_grade;   /* former_grade: 'C' / 'D' before renovation, else 0 */
	int monitor;      /* 0 none, 1 unstable, 2 marginal, 3 sudden */
	bool candidate;   /* just under the 2021 monitoring line, not monitored */
	int pc[HH_YEARS]; /* per-capita income by year from 2014 (0: no row) */
	/* the monitoring case: identified, eliminated ("" open), how; its help's day */
	char started[11], eliminated[11], helped[11];
	const char *method;
};

struct plan {
	const char *type, *batch;
	char content[200];
	int64_t amount;   /* < 0: none */
	int year, member; /* member < 0: the whole household */
};

#define MAX_PLANS 8

/*
 * The registry's data year: the latest complete year before the build day.
 * Incomes run up to it, ages and school years are counted in it.
 */
static inline int data_year(const struct demo_ctx *c)
{
	return c->today_y - 1;
}

/* Draw the monitoring case of a household at risk (h->monitor set): identified from 2021 up to the
 * build day, some in its last months; eliminated no sooner than six months on, not after the build day. */
void monitoring_case(struct demo_ctx *c, struct hh *h);

/* A random day of year y in months [m_lo, m_hi], and its time when at is not NULL. */
void day_in(struct demo_ctx *c, int y, int m_lo, int m_hi, char out[11], int64_t *at);
/* 1-7 members, mean about 3.8; tekun households are mostly people living alone. */
int household_size(struct demo_ctx *c, const char *attribute);
void make_family(struct demo_ctx *c, struct hh *h, int size);
void member_details(struct demo_ctx *c, struct hh *h);
int count_workers(const struct hh *h);
/* The registration data: attribute, causes, years, status. */
void poverty_data(struct demo_ctx *c, struct hh *h);
void income_path(struct demo_ctx *c, struct hh *h);
__attribute__((format(printf, 7, 8))) void add_plan(struct plan *p, int *n, const char *type, const char *batch,
						     int64_t amount, int member, const char *f, ...);
/* 2-6 measures by cause and family, the ones the household needs first. */
int plan_measures(struct demo_ctx *c, const struct hh *h, struct plan *p);

#endif
