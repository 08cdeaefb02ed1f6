/*
 * pairings.h - who helps whom (挂包帮, 113, 帮扶责任人, 驻村工作队): what the
 * generic CRUD of the entities (pairings_entities.c) does not do.
 *
 * A cadre account (role cadre, linked to its person by a cadre_accounts
 * row) sees and works on the households and villages paired with that
 * person only: its pairings, its visits, its own leave.  Every pairing
 * query takes ?date= (default today, China time).  Coverage (coverage.c)
 * evaluates the rules of a place over a division subtree on a date; visits
 * take a client idempotency key so that a phone's resend is stored once.
 */
#ifndef LIANXIN_MODULES_PAIRINGS_PAIRINGS_H
#define LIANXIN_MODULES_PAIRINGS_PAIRINGS_H

#include "http/request.h"

/* GET and DELETE /<entity>/:id of pairings, areas, teams, members, absences, visits, leave and
 * check-ins (the entity whose path the route's pattern names): a cadre reads its own records only (its pairings,
 * areas, teams, visits ...) and deletes only its own visits, leave and check-ins (others: 403). */
int pairings_get_own(struct req *r);
int pairings_delete_own(struct req *r);
int pairings_mine(struct req *r);          /* GET /pairings/mine: my households and villages, overdue first */
int visits_create(struct req *r);          /* POST /visits (client_key: idempotent) */
int visits_raise_request(struct req *r);   /* POST /visits/:id/request: a problem found becomes a request */
extern const char *const visits_raise_request_fields[];
int leaves_decide(struct req *r);          /* POST /leaves/:id/decision */
extern const char *const leaves_decide_fields[];
int team_members_recall(struct req *r);    /* POST /team-members/:id/recall */
extern const char *const team_members_recall_fields[];
int presence_month(struct req *r);         /* GET /presence?division=&month= */
int coverage_get(struct req *r);           /* GET /coverage?division=&date=&rule=&format=xlsx */
int coverage_rules_effective(struct req *r);   /* GET /coverage/rules?division= */

/* For the roll-ups (GET /stats): every enabled coverage rule's places and
 * those that meet it under division on date (YYYY-MM-DD), and their sums
 * ("total", "met", "gaps", "coverage", "rules"): 0 with *out, or the status
 * of the error reply made. */
int pairings_coverage_totals(struct req *r, const char *division, const char *date, json_t **out);

/* The same in parts whose sums give pairings_coverage_totals, for a memo of the
 * parts (stats): with the rules in force at rules_at, COVERAGE_OWN sums the
 * rules whose members have one division each over the members of division
 * itself (not its subtree), COVERAGE_SPANS the others over division's subtree. */
enum coverage_part { COVERAGE_ALL, COVERAGE_OWN, COVERAGE_SPANS };
int pairings_coverage_part(struct req *r, const char *rules_at, const char *division, enum coverage_part part,
			   const char *date, json_t **out);

/* The COVERAGE_OWN parts of the n divisions (all under root) in one grouped pass per rule over
 * root's subtree, each equal to pairings_coverage_part's: *out {division: part} (a new
 * reference).  0, or the status of the error reply made. */
int pairings_coverage_own_parts(struct req *r, const char *rules_at, const char *root, const char *date,
				const char *const *divisions, int n, json_t **out);

/* *key: the thresholds, periods and switches of the rules in force at division (arena),
 * equal for two places whose rules are the same.  0, or the status of the error reply made. */
int pairings_coverage_rules_key(struct req *r, const char *division, const char **key);

/* For the bulletins (GET /stats/bulletin, leader_visits.c): the county and township leaders under
 * division, their visits from..to (YYYY-MM-DD) against their duty, ranked ({from, to, days, items,
 * total, truncated}): 0 with *out, or the status of the error reply made.  And that section as
 * sheet rows from row (a title, the header, a row per leader): 0, or -1 when a row failed. */
struct sheet_writer;
int pairings_leader_visits(struct req *r, const char *division, const char *from, const char *to, json_t **out);
int pairings_leader_visit_rows(struct req *r, struct sheet_writer *w, int row, json_t *section);

#endif
