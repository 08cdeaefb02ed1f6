/*
 * partylife.h - party organisational life (党组织生活): meetings (三会一课,
 * 主题党日, 组织生活会, 民主评议, township and area meetings, village
 * meetings), meeting-free days with the urgent exception, compliance
 * against per-type meeting rules, notices and tasks with read receipts
 * (上传下达), village major-matter decisions (四议两公开) and trainings.
 *
 * meetings.c holds the meetings, meeting_calendar.c the meeting-free days
 * and the month's calendar, compliance.c the meeting rules and compliance
 * (meetings.h is what those three share); notices.c the notices and tasks,
 * notice_receipts.c their receipts (notices.h between them); decisions.c
 * and trainings.c the rest, and family_schools.c the rhythm of the family
 * party schools (农村家庭党校).  Meetings, trainings, notices and decisions are
 * created, corrected and deleted through one generic layer (resource.h).
 * partylife.c has the helpers the files share; the pure arithmetic
 * (periods, weeks, quorums) is here so unit tests reach it.
 */
#ifndef LIANXIN_MODULES_PARTYLIFE_H
#define LIANXIN_MODULES_PARTYLIFE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "model/audit.h"

/* ---- handlers ---------------------------------------------------------------- */
int meetings_create(struct req *r);
int meetings_list(struct req *r);
int meetings_get(struct req *r);
int meetings_update(struct req *r);
int meetings_calendar(struct req *r);
int meetings_delete(struct req *r);
int meeting_free_days_get(struct req *r);
int meeting_free_days_put(struct req *r);
extern const char *const meeting_free_days_put_fields[];
int urgent_meetings_report(struct req *r);
int meeting_rules_get(struct req *r);
int meeting_rules_put(struct req *r);
extern const char *const meeting_rules_put_fields[];
int meetings_compliance(struct req *r);

int notices_create(struct req *r);
int notices_list(struct req *r);
int notices_get(struct req *r);
int notices_receipts(struct req *r);
int notices_read(struct req *r);
/* The keys of the bodies (app/routes.c documents them): a meeting, a notice or task and its change,
 * a training, a decision and its change; a receipt's sign, report and remind. */
extern const char *const meeting_keys[], *const notice_keys[], *const notice_patch_keys[], *const training_keys[],
	*const decision_keys[], *const decision_patch_keys[];
extern const char *const notices_sign_fields[], *const notices_report_fields[], *const notices_remind_fields[];
int notices_sign(struct req *r);
int notices_report(struct req *r);
int notices_remind(struct req *r);
int notices_update(struct req *r);
int notices_delete(struct req *r);
int tasks_create(struct req *r);
int tasks_list(struct req *r);

int decisions_create(struct req *r);
int decisions_list(struct req *r);
int decisions_get(struct req *r);
int decisions_step(struct req *r);
extern const char *const decisions_step_fields[];
int decisions_update(struct req *r);
int decisions_delete(struct req *r);

int trainings_create(struct req *r);
int trainings_update(struct req *r);
int trainings_delete(struct req *r);
int trainings_list(struct req *r);
int trainings_get(struct req *r);
int trainings_stats(struct req *r);
int person_trainings(struct req *r);
int family_schools_activity(struct req *r);

/* ---- calendar arithmetic (China Standard Time calendar days) ----------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t pl_days_from_civil(int y, int m, int d);
void pl_civil_from_days(int64_t days, int *y, int *m, int *d);
/* The day as "YYYY-MM-DD" into out. */
void pl_day_text(int64_t day, char out[static 16]);
/* The CST day (days since 1970-01-01) of a Unix time, and its ISO weekday 1 (Mon)..7 (Sun). */
int64_t pl_cst_day(int64_t t);
int pl_iso_weekday(int64_t day);
/* ISO 8601 week-numbering year and week of a day. */
void pl_iso_week(int64_t day, int *year, int *week);

/* Parse "2026-07-01T09:30:00+08:00", "...Z", "...+0800", seconds optional,
 * or a bare date "2026-07-01" (00:00 CST).  Returns 0 and *t, or -1. */
int pl_parse_time(const char *s, int64_t *t);

/* How often a rule asks for a meeting. */
enum pl_freq { PL_WEEK, PL_MONTH, PL_QUARTER, PL_YEAR, PL_FREQ_COUNT };
const char *pl_freq_name(enum pl_freq f);            /* "weekly", "monthly", "quarterly", "yearly" */
int pl_freq_parse(const char *s, enum pl_freq *f);    /* 0 or -1 */

/* A reporting period: a month "2026-11", a quarter "2026Q3" or a year "2026";
 * first and last are CST days, both inclusive. */
struct pl_period {
	int64_t first, last;
	char label[16];
};
int pl_period_parse(const char *s, struct pl_period *p);
/* The meeting compliance of the organisations under division in period, as
 * GET /compliance/meetings answers it (totals, by_division), for the
 * roll-ups (GET /stats): 0 with *out, or the status of the error reply made. */
int meetings_compliance_rollup(struct req *r, const char *division, const struct pl_period *period, json_t **out);
/* The same in parts, for a memo of the roll-ups whose sums give it: a part is the
 * organisations whose own division it is, each crediting the held meetings of its own
 * division's subtree.  one: division's own part only (its meetings read through its
 * organisations); else every part under division in one pass.  0 with *out an object
 * {division: {orgs, compliant, in_progress}} (the divisions with organisations), or the
 * status of the error reply made. */
int meetings_compliance_parts(struct req *r, const char *division, bool one, const struct pl_period *period, json_t **out);
/* What today means to a compliance over period: for each frequency a rule uses, how many of the
 * period's units have ended, and whether the period is over ("e" or "p", then e.g. "w48m11q3y0").
 * Two days with the same text give the same compliance of the same meetings, so a memo of it
 * keyed by this text is computed again when a unit ends (a Monday, the first of a month), not
 * every day.  0 with out filled, or -1 on a database error. */
int meetings_compliance_asof(struct req *r, const struct pl_period *period, char *out, size_t size);

/*
 * The units of a frequency assessed in a period are those that END inside
 * it: the ISO weeks (Monday..Sunday) whose Sunday lies in the period, the
 * months, quarters and years whose last day does.  Every unit is so assessed
 * in exactly one period of a partition (a week across a month end belongs
 * to the month of its Sunday; a quarterly rule is assessed in the month that
 * closes the quarter and not in the other two).  Returns the number of
 * units; when starts is set it receives up to max unit first days, and ends
 * their last days.
 */
int pl_units(enum pl_freq f, const struct pl_period *p, int64_t *starts, int64_t *ends, int max);
/* The unit of frequency f containing day: its first and last day. */
void pl_unit_of(enum pl_freq f, int64_t day, int64_t *first, int64_t *last);

/* ---- quorum (四议两公开) -------------------------------------------------------------- */
/* 党员大会审议: present >= 2/3 of total and for > 1/2 of total. */
bool pl_members_quorum(int64_t total, int64_t present, int64_t votes_for, const char **why);
/* 党员大会 quorum: more than half of the full members entitled to attend are
 * present (probationary members attend but do not count). */
bool pl_general_meeting_quorum(int64_t entitled, int64_t present_full);
/* 村民代表会议决议: present >= 2/3 of total and for > 1/2 of those present. */
bool pl_reps_quorum(int64_t total, int64_t present, int64_t votes_for, const char **why);

/* ---- shared by the party-life files ---------------------------------------------------- */
struct pl_org {
	int64_t id;
	const char *name, *type, *division;
};
/* The organisation id inside the caller's scope: 0, or the reply's status
 * (404 outside the scope or missing; field names the body member). */
int pl_org_in_scope(struct req *r, int64_t id, struct pl_org *o);
/* Does person id belong to org's roster (people.org_id = org, or the person
 * lives in the org's division subtree)?  1 yes (with the person's division
 * when division is set), 0 no, -1 error. */
int pl_person_in_roster(struct req *r, const struct pl_org *o, int64_t person, const char **division);
/* select, ending in "WHERE <alias>.id = ", completed with id and the
 * caller's scope on column, run and stepped once: the statement (finalize
 * it) with *rc DB_ROW, DB_DONE (none in scope) or an error code. */
struct db_stmt;
struct db_stmt *pl_query_in_scope(struct req *r, const char *select, int64_t id, const char *column, int *rc);
/* Step an INSERT ... RETURNING id and finalize it: DB_OK with *id, or an error code. */
int pl_insert_id(struct db_stmt *q, int64_t *id);
json_t *pl_time_json(int64_t t);          /* ISO UTC string */
json_t *pl_opt_text(const char *s);
/* A JSON array of short strings (attachments, evidence) as JSON text, or
 * the reply's status; member absent: *out NULL. */
int pl_body_text_list(struct req *r, const char *name, int max_items, size_t max_chars, const char **out);
/* ?division= inside the caller's scope (defaults to the first scope):
 * 0 with *code, or the reply's status. */
int pl_division_param(struct req *r, bool required, const char **code);
/* Roll-ups by child division: the SQL expression mapping column to its
 * child of code (arena), and "name" set on each {"division": ...} item of
 * an array. */
const char *pl_child_sql(struct req *r, const char *column, const char *code);
void pl_name_divisions(struct req *r, json_t *items);
/* ?from= / ?to= (dates or times) as [from, to) Unix times: 0 or the reply's status. */
int pl_range_params(struct req *r, int64_t *from, int64_t *to);

/* A record id as audit text. */
const char *pl_id_text(struct req *r, int64_t id);

#endif
