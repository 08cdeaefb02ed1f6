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

int pairings_get(struct req *r);           /* GET /pairings/:id (a cadre: its own only) */
/* DELETE of each entity: a cadre its own visits, leave and check-ins only, nothing else (403) */
int pairings_delete(struct req *r);
int pairing_areas_delete(struct req *r);
int teams_delete(struct req *r);
int team_members_delete(struct req *r);
int absences_delete(struct req *r);
int visits_delete(struct req *r);
int leaves_delete(struct req *r);
int checkins_delete(struct req *r);
int pairings_mine(struct req *r);          /* GET /pairings/mine: my households and villages, overdue first */
int visits_create(struct req *r);          /* POST /visits (client_key: idempotent) */
int visits_get(struct req *r);             /* GET /visits/:id (a cadre: its own only) */
int team_members_get(struct req *r);       /* GET /team-members/:id, /leaves/:id, /checkins/:id, /absences/:id: */
int leaves_get(struct req *r);             /* the same, a cadre its own only */
int checkins_get(struct req *r);
int absences_get(struct req *r);
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

#endif
