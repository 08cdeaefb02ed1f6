/* pairings_internal.h - helpers the pairings domain's files share (pairings_entities.c defines them). */
#ifndef LIANXIN_MODULES_PAIRINGS_PAIRINGS_INTERNAL_H
#define LIANXIN_MODULES_PAIRINGS_PAIRINGS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

/* A record's string, integer (0) and null-or-absent member. */
const char *pr_text(json_t *rec, const char *key);
int64_t pr_int(json_t *rec, const char *key);
bool pr_null(json_t *rec, const char *key);
/* Today in China, YYYY-MM-DD. */
void pr_today(char out[11]);
/* The day number of a real date YYYY-MM-DD (days since 1970-01-01), and back. */
int64_t pr_day_number(const char *date);
void pr_date_of(int64_t days, char out[11]);
/* The division of the row sql ("... WHERE id = $1") finds for id; 0, or the 400 reply's status naming field. */
int pr_division_of(struct req *r, const char *sql, int64_t id, const char *field, char out[64]);

/* ?division= (default: the caller's first scope) inside the caller's scope; 0 or the reply's status. */
int pr_query_division(struct req *r, const char **division);
/* The preamble of a place's list on a date: ?division= (as pr_query_division; skipped when division
 * is NULL), ?date= (pairing_query_date) and the paging; 0 or the reply's status. */
struct paging;
int pairing_query_place(struct req *r, const char **division, char date[11], struct paging *pg);
/* The households (alias h) of a visit target ("helped", "all", "registered", "monitored"); NULL: no such target. */
const char *visit_target_where(const char *code);

/* Days from x.last to $1 (both YYYY-MM-DD) in the backend's own arithmetic (visit_coverage.c). */
const char *visit_days_since(struct req *r);
/* The SQL of rule's column (days, enabled) in force at the division column at (the nearest place's
 * coverage_rules row, else def): the constant def when no place sets the column for the rule, so
 * that a list of thousands of rows looks nothing up per row; NULL on a database error. */
const char *pairing_rule_sql(struct req *r, const char *rule, const char *column, const char *at, long long def);
/* A list's total, *total already read from the page's rows (COUNT(*) OVER ()) unless the page is
 * empty: then 0 on the first page, else count_sql's ($1 date, $2 lo, $3 hi); 0 or -1 (database). */
int pairing_list_total(struct req *r, int64_t *total, const char *count_sql, const char *date, const char *lo, const char *hi,
		       bool page_empty, int64_t offset);

/* A cadre's own areas (片区 paired with it) and teams (it serves in): a condition on t, the person as %lld. */
#define CADRE_OWN_AREA "t.id IN (SELECT p.area_id FROM pairings p WHERE p.kind = 'leader_area' AND p.person_id = %lld)"
#define CADRE_OWN_TEAM "t.id IN (SELECT m.team_id FROM team_members m WHERE m.person_id = %lld)"

/* The default visit intervals in days (coverage rules visit_registered and visit_monitored). */
#define VISIT_REGISTERED_DAYS 31
#define VISIT_MONITORED_DAYS 14

#endif
