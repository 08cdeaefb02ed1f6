/*
 * entities.c - the table of every entity, for /meta, references between
 * entities and the generic routes (routes.c).  It lives at the top because
 * it names the entities of every domain; each domain describes its own.
 */
#include "model/entity.h"
#include "modules/command/command_entities.h"
#include "modules/org/org_entities.h"
#include "modules/pairings/pairings_entities.h"
#include "modules/partylife/partylife_entities.h"
#include "modules/registry/registry_entities.h"
#include "modules/requests/requests_entities.h"
#include "modules/worklists/worklists_entities.h"

const struct entity *const model_entities[] = {
	&entity_division, &entity_org, &entity_unit, &entity_person,
	&entity_household, &entity_member, &entity_measure, &entity_monitoring, &entity_routing_rule, &entity_request_escalation_target,
	&entity_disclosure, &entity_member_review, &entity_family_school, &entity_duty_list, &entity_duty_item,
	&entity_task_item, &entity_schedule, &entity_schedule_item,
	&entity_pairing_area, &entity_pairing, &entity_team, &entity_team_member, &entity_coverage_rule, &entity_visit,
	&entity_leave, &entity_checkin, &entity_absence, &entity_cadre_account, &entity_visit_campaign, &entity_command_post, &entity_command_member,
};
const int model_entities_count = sizeof(model_entities) / sizeof(model_entities[0]);
