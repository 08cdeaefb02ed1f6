/*
 * visit_duties.h - the visit duties of each kind of helper, one list
 * (VISIT_DUTIES) that both the coverage rules (coverage.c: rate and gaps
 * per duty) and the overdue list by helper (visit_duties.c: GET
 * /visits/overdue?by=helper) are made from.
 *
 * A duty joins a helper to the objects it must visit and the interval in
 * days: a 帮扶责任人 visits each household paired with it monthly (the
 * issue's "registered-poor monthly"), a 1+X party member each of its
 * households monthly, a guiding cadre its village monthly, a township
 * leadership member each village of its 片区 quarterly, a county leader
 * each village of its responsibility zone quarterly, a first secretary
 * each registered or monitored household of its village monthly.  Only the
 * 帮扶责任人's duty is on by default; a place's coverage_rules row turns the
 * others on and changes any interval for its subtree (the nearest place wins).
 *
 * Each duty's SQL gives one row per helper and object, with columns k
 * (the key: the pairing or team member, and the object when one pairing
 * has several), person_id, pname, okind ("household" or "village"), okey
 * (the household id or village code, as text), olabel, division (where the
 * object lies) and last (the helper's latest visit to the object up to
 * $1); parameters $1 the date and $2, $3 the subtree.  A visit to a village
 * is any visit of the helper there (a patrol or a household's visit).
 */
#ifndef LIANXIN_MODULES_PAIRINGS_VISIT_DUTIES_H
#define LIANXIN_MODULES_PAIRINGS_VISIT_DUTIES_H

#include "http/request.h"
#include "modules/pairings/pairings_entities.h"

#define DUTY_CURRENT " p.start_on <= $1 AND (p.end_on IS NULL OR p.end_on >= $1)"

/* The helper's latest visit to the household of pairing p up to $1: the pairing's last_visit_on (its
 * pair's latest visit, kept by the visits' writes: migration 44) when it is not after $1, else
 * (a past date asked for) the visits' own. */
#define DUTY_PAIR_LAST                                                                                              \
	"CASE WHEN p.last_visit_on IS NULL OR p.last_visit_on <= $1 THEN p.last_visit_on ELSE (SELECT MAX(v.visited_on)" \
	" FROM visits v WHERE v.person_id = p.person_id AND v.household_id = p.household_id AND v.visited_on <= $1) END"

/* The households paired with the helper by a pairing of kind (lv: the pairing's kept last visit,
 * for a filter that its index-free read of the pairings can apply before the rows are made). */
#define DUTY_PAIRED_HOUSEHOLDS_FROM(kind, from)                                                                    \
	"SELECT CAST(p.id AS TEXT) AS k, p.person_id AS person_id, pe.name AS pname, 'household' AS okind,"        \
	" CAST(h.id AS TEXT) AS okey, h.head_name AS olabel, h.division AS division, " DUTY_PAIR_LAST " AS last,"    \
	" p.last_visit_on AS lv" from " p.kind = '" kind "' AND" DUTY_CURRENT " AND h.status <> 'removed'"          \
	" AND h.division >= $2 AND h.division < $3"
#define DUTY_PAIRED_HOUSEHOLDS(kind)                                                                               \
	DUTY_PAIRED_HOUSEHOLDS_FROM(kind, " FROM pairings p JOIN people pe ON pe.id = p.person_id"                \
				    " JOIN households h ON h.id = p.household_id WHERE")
/* The same read from the pairings first (SQLite keeps a CROSS JOIN's order): for a county or
 * more, the kind's pairings are fewer than the subtree's households (a tenth), which SQLite's
 * planner (no STAT4) would read first. */
#define DUTY_PAIRED_HOUSEHOLDS_WIDE(kind)                                                                          \
	DUTY_PAIRED_HOUSEHOLDS_FROM(kind, " FROM pairings p CROSS JOIN households h CROSS JOIN people pe"         \
				    " WHERE h.id = p.household_id AND pe.id = p.person_id AND")

/* The visits of person col to village code col up to $1: the latest. */
#define DUTY_LAST_IN_VILLAGE(person, village)                                                                     \
	"(SELECT MAX(v.visited_on) FROM visits v WHERE v.person_id = " person " AND v.division = " village          \
	" AND v.visited_on <= $1)"

/* The village paired with the helper by a pairing of kind (its target). */
#define DUTY_PAIRED_VILLAGES(kind)                                                                                      \
	"SELECT CAST(p.id AS TEXT) AS k, p.person_id AS person_id, pe.name AS pname, 'village' AS okind, d.code AS okey," \
	" d.name AS olabel, d.code AS division, " DUTY_LAST_IN_VILLAGE("p.person_id", "d.code") " AS last"               \
	" FROM pairings p JOIN people pe ON pe.id = p.person_id JOIN divisions d ON d.code = p.target"                     \
	" WHERE p.kind = '" kind "' AND" DUTY_CURRENT " AND d.code >= $2 AND d.code < $3"

/* Each village of the 片区 paired with a township leadership member (the area's comma-separated codes). */
#define DUTY_AREA_VILLAGES                                                                                                \
	"SELECT CAST(p.id AS TEXT) || ':' || d.code AS k, p.person_id AS person_id, pe.name AS pname, 'village' AS okind,"  \
	" d.code AS okey, d.name AS olabel, d.code AS division, " DUTY_LAST_IN_VILLAGE("p.person_id", "d.code") " AS last" \
	" FROM pairings p JOIN people pe ON pe.id = p.person_id JOIN pairing_areas a ON a.id = p.area_id"                   \
	" JOIN divisions d ON d.level = 'village' AND ',' || REPLACE(a.villages, ' ', '') || ',' LIKE '%,' || d.code || ',%'" \
	" WHERE p.kind = 'leader_area' AND" DUTY_CURRENT " AND d.code >= $2 AND d.code < $3"

/* Each registered or monitored household of the village of a current first secretary. */
#define DUTY_FIRST_SECRETARY                                                                                               \
	"SELECT CAST(m.id AS TEXT) || ':' || CAST(h.id AS TEXT) AS k, m.person_id AS person_id, pe.name AS pname,"           \
	" 'household' AS okind, CAST(h.id AS TEXT) AS okey, h.head_name AS olabel, h.division AS division,"                  \
	" (SELECT MAX(v.visited_on) FROM visits v WHERE v.person_id = m.person_id AND v.household_id = h.id"                 \
	" AND v.visited_on <= $1) AS last FROM team_members m JOIN people pe ON pe.id = m.person_id"                         \
	" JOIN households h ON h.division = m.division WHERE m.role = 'first_secretary' AND m.start_on <= $1"                \
	" AND m.end_on >= $1 AND " PAIRING_HELPED " AND h.division >= $2 AND h.division < $3"

/* X(rule code, the helper's kind (a pairing kind or first_secretary), days, on by default, SQL,
 * the SQL for a county or more with the column lv (the pairing's kept last visit), or NULL). */
#define VISIT_DUTIES(X)                                                                                  \
	X("visit_helper_household", "cadre_household", 31, true, DUTY_PAIRED_HOUSEHOLDS("cadre_household"),   \
	  DUTY_PAIRED_HOUSEHOLDS_WIDE("cadre_household"))                                                      \
	X("visit_member_household", "member_household", 31, false, DUTY_PAIRED_HOUSEHOLDS("member_household"), \
	  DUTY_PAIRED_HOUSEHOLDS_WIDE("member_household"))                                                     \
	X("visit_guide_village", "cadre_village", 31, false, DUTY_PAIRED_VILLAGES("cadre_village"), NULL)     \
	X("visit_area_village", "leader_area", 92, false, DUTY_AREA_VILLAGES, NULL)                           \
	X("visit_zone_village", "leader_zone", 92, false, DUTY_PAIRED_VILLAGES("leader_zone"), NULL)          \
	X("visit_first_secretary", "first_secretary", 31, false, DUTY_FIRST_SECRETARY, NULL)

/* A duty as a coverage rule's population (coverage.c): v is 1 when the helper visited the object
 * from $4 (the first day of the period) to $1. */
#define DUTY_COVERAGE(sql)                                                                                   \
	"SELECT d.k AS k, d.pname || '：' || d.olabel AS label, d.division AS division,"                       \
	" CASE WHEN d.last >= $4 THEN 1 ELSE 0 END AS v FROM (" sql ") d"

/* GET /visits/overdue?by=helper: each helper's objects whose interval has passed (visit_coverage.c
 * hands the request over). */
int visits_overdue_by_helper(struct req *r);

#endif
