/* pairings_entities.h - the pairings domain's entities (pairings_entities.c) and the rules they share with its handlers. */
#ifndef LIANXIN_MODULES_PAIRINGS_PAIRINGS_ENTITIES_H
#define LIANXIN_MODULES_PAIRINGS_PAIRINGS_ENTITIES_H

#include <stdbool.h>
#include <stdint.h>

#include "model/entity.h"

extern const struct entity entity_pairing_area;
extern const struct entity entity_pairing;
extern const struct entity entity_team;
extern const struct entity entity_team_member;
extern const struct entity entity_coverage_rule;
extern const struct entity entity_visit;
extern const struct entity entity_leave;
extern const struct entity entity_checkin;
extern const struct entity entity_absence;
extern const struct entity entity_cadre_account;
extern const struct entity entity_visit_campaign;

/* The households (alias h) that need a helper and visits: registered (poor, exited, relapsed) or
 * monitored (an open monitoring case: households.monitor_category). */
#define PAIRING_REGISTERED "h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed')"
#define PAIRING_HELPED "(" PAIRING_REGISTERED " OR h.monitor_category IS NOT NULL)"
/* (the partial index households_helped of migration 39 repeats these terms: keep them alike) */

/* The person a cadre account acts as (cadre_accounts), 0 when it has none or is not a cadre. */
int64_t pairing_cadre_person(struct req *r);
/* Is the caller a cadre (ROLE_CADRE), limited to the pairings of its person? */
bool pairing_is_cadre(const struct req *r);
/* *person: the person a cadre caller acts as (0 for any other role); 0, or the status of the
 * 403 made for a cadre account linked to no person. */
int pairing_caller_cadre(struct req *r, int64_t *person);
/* The date of ?date= (YYYY-MM-DD, default today in China) in out; 0 or the 400 reply's status. */
int pairing_query_date(struct req *r, char out[11]);
/* A rule's value at place: the nearest coverage_rules row of place or above, else def. */
int64_t pairing_rule_value(struct req *r, const char *rule, const char *place, bool days, int64_t def);

#endif
