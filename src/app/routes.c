/*
 * routes.c - the route table: every API endpoint, its handler, the
 * permission it needs, the body and the query parameters it takes (a row
 * whose context is an entity takes that entity's list filters too).
 * GET /openapi.json is generated from it; docs/api.md follows it.
 */
#include "app/app.h"
#include "app/openapi.h"
#include "auth/roles.h"
#include "model/audit.h"
#include "model/list_export.h"
#include "modules/accounts/audit_api.h"
#include "modules/accounts/auth_api.h"
#include "modules/registry/checks.h"
#include "modules/org/disclosures.h"
#include "modules/org/divisions.h"
#include "modules/org/public_divisions.h"
#include "modules/registry/household_io.h"
#include "modules/partylife/partylife.h"
#include "modules/procedures/procedures.h"
#include "modules/registry/registry.h"
#include "modules/registry/household_no.h"
#include "modules/requests/requests.h"
#include "modules/stats/stats.h"
#include "modules/accounts/users.h"
#include "modules/worklists/worklists.h"
#include "modules/pairings/pairings.h"
#include "model/crud.h"
#include "modules/command/command_entities.h"
#include "modules/org/org_entities.h"
#include "modules/partylife/partylife_entities.h"
#include "modules/registry/registry_entities.h"
#include "modules/requests/requests_entities.h"
#include "modules/worklists/worklists_entities.h"
#include "modules/pairings/pairings_entities.h"
#include "modules/pairings/visits.h"

#define PWC ROUTE_DURING_PASSWORD_CHANGE

/* Rows name their body's keys (.fields) only where there is a body: the others leave it out. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* The generic rows of an entity (list, create, read, change, delete, reveal)
 * at the entity's own path (entity.path): app_init expands this one row. */
#define ENTITY_ROUTES(entity) { NULL, NULL, NULL, 0, BODY_NONE, 0, &entity, NULL }
/* A place's record with its households (a sampling audit, a 回头看 campaign; modules/procedures):
 * list, create, read, its households (with their query parameters) and one household's finding. */
#define PLACE_RECORD_ROUTES(path, name, household_query)                                                              \
	{ "GET", "/api/v1/" path, name##_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division" },        \
	{ "POST", "/api/v1/" path, name##_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = name##_create_fields }, \
	{ "GET", "/api/v1/" path "/:id", name##_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },                        \
	{ "GET", "/api/v1/" path "/:id/households", name##_households, PERM_DATA_READ, BODY_NONE, 0, NULL,                \
	  "page page_size " household_query },                                                                          \
	{ "PUT", "/api/v1/" path "/:id/households/:household_id", name##_finding, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, \
	  .fields = name##_finding_fields }

const struct route app_routes[] = {
	{ "GET", "/api/v1/health", health_get, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, NULL },
	{ "POST", "/api/v1/auth/login", auth_login, PERM_LOGIN, BODY_JSON, ROUTE_PUBLIC, NULL, NULL, .fields = auth_login_fields },
	{ "POST", "/api/v1/auth/logout", auth_logout, PERM_LOGIN, BODY_JSON, PWC, NULL, NULL },
	{ "GET", "/api/v1/me", auth_me, PERM_LOGIN, BODY_NONE, PWC, NULL, NULL },
	{ "POST", "/api/v1/me/password", auth_change_password, PERM_LOGIN, BODY_JSON, PWC, NULL, NULL, .fields = auth_change_password_fields },

	{ "GET", "/api/v1/users", users_list, PERM_USERS_READ, BODY_NONE, 0, NULL, "page page_size q role division" },
	{ "POST", "/api/v1/users", users_post, PERM_USERS_WRITE, BODY_JSON, 0, NULL, NULL, .fields = users_post_fields },
	{ "GET", "/api/v1/users/:id", users_get, PERM_USERS_READ, BODY_NONE, 0, NULL, NULL },
	{ "PATCH", "/api/v1/users/:id", users_patch, PERM_USERS_WRITE, BODY_JSON, 0, NULL, NULL, .fields = users_patch_fields },
	{ "DELETE", "/api/v1/users/:id", users_delete, PERM_USERS_WRITE, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/users/:id/password", users_reset_password, PERM_USERS_WRITE, BODY_JSON, 0, NULL, NULL, .fields = users_reset_password_fields },

	{ "GET", "/api/v1/exports/progress", list_export_progress_get, PERM_LOGIN, BODY_NONE, 0, NULL, "token" },
	{ "GET", "/api/v1/audit", audit_list, PERM_AUDIT_READ, BODY_NONE, 0, NULL, "page page_size format progress entity entity_id action username request_id from to" },
	{ "GET", "/api/v1/meta", crud_meta, PERM_LOGIN, BODY_NONE, 0, NULL, NULL },
	{ "GET", "/api/v1/openapi.json", openapi_get, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, NULL },

	{ "GET", "/api/v1/divisions", divisions_search, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size format progress q level parent" },
	{ "POST", "/api/v1/divisions", divisions_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL,
	  .fields = divisions_create_fields, .body_entity = &entity_division },
	{ "GET", "/api/v1/divisions/:code", divisions_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "GET", "/api/v1/divisions/:code/children", divisions_children, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size" },
	{ "PATCH", "/api/v1/divisions/:code", divisions_update, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL,
	  .body_entity = &entity_division },
	{ "DELETE", "/api/v1/divisions/:code", divisions_delete, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },

	ENTITY_ROUTES(entity_org),
	ENTITY_ROUTES(entity_unit),
	ENTITY_ROUTES(entity_person),

	{ "POST", "/api/v1/households", registry_household_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL,
	  .fields = registry_household_create_fields },
	ENTITY_ROUTES(entity_household),
	{ "GET", "/api/v1/households/:id/members", registry_members_list, PERM_DATA_READ, BODY_NONE, 0, &entity_member, NULL },
	{ "POST", "/api/v1/households/:id/members", registry_members_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL,
	  .body_entity = &entity_member, .path_field = "household_id" },
	{ "GET", "/api/v1/households/:id/income/:year", registry_income_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PUT", "/api/v1/households/:id/income/:year", registry_income_put, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = registry_income_put_fields },
	{ "GET", "/api/v1/households/:id/guarantees/:year", registry_guarantees_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PUT", "/api/v1/households/:id/guarantees/:year", registry_guarantees_put, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL },
	{ "GET", "/api/v1/households/:id/history", registry_history, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size" },
	ENTITY_ROUTES(entity_member),
	ENTITY_ROUTES(entity_measure),
	{ "GET", "/api/v1/monitoring/candidates", registry_candidates, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division year" },
	ENTITY_ROUTES(entity_monitoring),
	{ "GET", "/api/v1/search", registry_search, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size q" },
	{ "GET", "/api/v1/checks", checks_run, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division year rule" },
	{ "GET", "/api/v1/checks/rules", checks_rules, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/imports/households", household_import_post, PERM_IMPORT, BODY_UPLOAD, 0, NULL, "dry_run format year county" },
	{ "GET", "/api/v1/exports/households", household_export_get, PERM_DATA_READ, BODY_NONE, 0, &entity_household, "format reason unmasked year" },
	{ "GET", "/api/v1/exports/members", member_export_get, PERM_DATA_READ, BODY_NONE, 0, &entity_member, "format reason unmasked year" },
	/* identification, exit, monitoring and risk elimination (扶持谁 / 如何退) */
	{ "GET", "/api/v1/procedure-kinds", procedures_kinds, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "GET", "/api/v1/procedures", procedures_list, PERM_DATA_READ, BODY_NONE, 0, NULL,
	  "page page_size format progress division kind status step year batch_id household_id" },
	{ "POST", "/api/v1/procedures", procedures_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = procedures_create_fields },
	{ "GET", "/api/v1/procedures/:id", procedures_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/procedures/:id/steps", procedures_step, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = procedures_step_fields },
	{ "POST", "/api/v1/procedures/:id/objections", procedures_object, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = procedures_object_fields },
	{ "POST", "/api/v1/procedures/:id/withdraw", procedures_withdraw, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = procedures_withdraw_fields },
	{ "GET", "/api/v1/procedure-batches", batches_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division kind" },
	{ "POST", "/api/v1/procedure-batches", batches_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = batches_create_fields },
	{ "POST", "/api/v1/procedure-batches/:id/steps", batches_step, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = batches_step_fields },
	{ "GET", "/api/v1/exits/eligibility", exits_eligibility, PERM_DATA_READ, BODY_NONE, 0, NULL,
	  "page page_size division year" },
	{ "GET", "/api/v1/exits/villages", exits_villages, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division year" },
	{ "PUT", "/api/v1/exits/villages/:code/conditions/:year", village_conditions_put, PERM_DATA_WRITE, BODY_JSON, 0, NULL,
	  NULL },
	{ "GET", "/api/v1/exits/county-report", exits_county_report, PERM_DATA_READ, BODY_NONE, 0, NULL,
	  "division year format" },
	{ "GET", "/api/v1/settings/procedures", procedure_settings_get, PERM_DATA_READ, BODY_NONE, 0, NULL, "division year" },
	{ "PUT", "/api/v1/settings/procedures", procedure_settings_put, PERM_SETTINGS_WRITE, BODY_JSON, 0, NULL, "division", .fields = procedure_settings_put_fields },
	PLACE_RECORD_ROUTES("samplings", samplings, "group township"),
	{ "GET", "/api/v1/samplings/:id/sheets", samplings_sheets, PERM_DATA_READ, BODY_NONE, 0, NULL,
	  "page page_size group township format" },
	PLACE_RECORD_ROUTES("rechecks", rechecks, "township finding pending"),
	{ "GET", "/api/v1/settings/income-lines", registry_lines_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PUT", "/api/v1/settings/income-lines", registry_lines_put, PERM_SETTINGS_WRITE, BODY_JSON, 0, NULL, NULL, .fields = registry_lines_put_fields },

	{ "GET", "/api/v1/public/divisions", divisions_public_list, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, "parent" },
	{ "GET", "/api/v1/public/divisions/:code", divisions_public_get, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, NULL },
	{ "GET", "/api/v1/public/request-categories", requests_public_categories, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, NULL },
	{ "POST", "/api/v1/public/requests", requests_public_create, PERM_LOGIN, BODY_JSON, ROUTE_PUBLIC, NULL, NULL, .fields = requests_public_create_fields },
	{ "GET", "/api/v1/public/requests/:ticket", requests_public_track, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, "phone_last4" },
	{ "POST", "/api/v1/public/requests/:ticket/feedback", requests_public_feedback, PERM_LOGIN, BODY_JSON, ROUTE_PUBLIC, NULL, NULL, .fields = requests_public_feedback_fields },
	{ "POST", "/api/v1/requests", requests_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = requests_create_fields },
	{ "GET", "/api/v1/requests", requests_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size format progress division status channel urgency satisfaction category phone q open supervised mine timeliness sort after" },
	{ "GET", "/api/v1/requests/stats", requests_stats, PERM_DATA_READ, BODY_NONE, 0, NULL, "division from to" },
	{ "GET", "/api/v1/requests/:id", requests_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/requests/:id/actions", requests_action, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = requests_action_fields },
	{ "POST", "/api/v1/requests/:id/reveal", requests_reveal, PERM_SENSITIVE_READ, BODY_JSON, 0, NULL, NULL, .fields = requests_reveal_fields },
	{ "GET", "/api/v1/open311/services.json", open311_services, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, NULL },
	{ "GET", "/api/v1/open311/requests.json", open311_requests, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, "page page_size service_code status start_date end_date" },
	{ "GET", "/api/v1/open311/requests/:ticket", open311_request, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, NULL },
	{ "GET", "/api/v1/settings/calendar/:year", requests_calendar_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PUT", "/api/v1/settings/calendar/:year", requests_calendar_put, PERM_SETTINGS_WRITE, BODY_JSON, 0, NULL, NULL, .fields = requests_calendar_put_fields },
	ENTITY_ROUTES(entity_routing_rule),
	ENTITY_ROUTES(entity_request_escalation_target),
	ENTITY_ROUTES(entity_disclosure),
	{ "GET", "/api/v1/public/disclosures/:village", disclosures_public, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC, NULL, "page page_size kind from to" },
	ENTITY_ROUTES(entity_member_review),

	{ "POST", "/api/v1/meetings", meetings_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = meeting_keys },
	{ "GET", "/api/v1/meetings", meetings_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size format progress division org_id org kind from to urgent status" },
	{ "GET", "/api/v1/meetings/calendar", meetings_calendar, PERM_DATA_READ, BODY_NONE, 0, NULL, "division month" },
	{ "GET", "/api/v1/meetings/:id", meetings_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PATCH", "/api/v1/meetings/:id", meetings_update, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = meeting_keys },
	{ "DELETE", "/api/v1/meetings/:id", meetings_delete, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	{ "GET", "/api/v1/settings/meeting-free-days", meeting_free_days_get, PERM_DATA_READ, BODY_NONE, 0, NULL, "division" },
	{ "PUT", "/api/v1/settings/meeting-free-days", meeting_free_days_put, PERM_SETTINGS_WRITE, BODY_JSON, 0, NULL, "division", .fields = meeting_free_days_put_fields },
	{ "GET", "/api/v1/settings/meeting-rules", meeting_rules_get, PERM_DATA_READ, BODY_NONE, 0, NULL, "division" },
	{ "PUT", "/api/v1/settings/meeting-rules", meeting_rules_put, PERM_SETTINGS_WRITE, BODY_JSON, 0, NULL, "division", .fields = meeting_rules_put_fields },
	{ "GET", "/api/v1/reports/urgent-meetings", urgent_meetings_report, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division org_id org kind from to all status" },
	{ "GET", "/api/v1/compliance/meetings", meetings_compliance, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division period from to noncompliant" },
	{ "POST", "/api/v1/notices", notices_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = notice_keys },
	{ "GET", "/api/v1/notices", notices_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size format progress division task mine pending" },
	{ "GET", "/api/v1/notices/:id", notices_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PATCH", "/api/v1/notices/:id", notices_update, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = notice_patch_keys },
	{ "DELETE", "/api/v1/notices/:id", notices_delete, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	{ "GET", "/api/v1/notices/:id/receipts", notices_receipts, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size level status" },
	{ "POST", "/api/v1/notices/:id/read", notices_read, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL },
	{ "POST", "/api/v1/notices/:id/sign", notices_sign, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = notices_sign_fields },
	{ "POST", "/api/v1/notices/:id/report", notices_report, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = notices_report_fields },
	{ "POST", "/api/v1/notices/:id/remind", notices_remind, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = notices_remind_fields },
	{ "POST", "/api/v1/tasks", tasks_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = notice_keys },
	{ "GET", "/api/v1/tasks", tasks_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size format progress division task mine pending" },
	{ "POST", "/api/v1/decisions", decisions_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = decision_keys },
	{ "GET", "/api/v1/decisions", decisions_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size format progress division" },
	{ "GET", "/api/v1/decisions/:id", decisions_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PATCH", "/api/v1/decisions/:id", decisions_update, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = decision_patch_keys },
	{ "DELETE", "/api/v1/decisions/:id", decisions_delete, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/decisions/:id/steps", decisions_step, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = decisions_step_fields },
	{ "POST", "/api/v1/trainings", trainings_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = training_keys },
	{ "GET", "/api/v1/trainings", trainings_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size format progress division kind school_id from to" },
	{ "GET", "/api/v1/trainings/stats", trainings_stats, PERM_DATA_READ, BODY_NONE, 0, NULL, "division kind from to" },
	{ "GET", "/api/v1/trainings/:id", trainings_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "PATCH", "/api/v1/trainings/:id", trainings_update, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = training_keys },
	{ "DELETE", "/api/v1/trainings/:id", trainings_delete, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	{ "GET", "/api/v1/family-schools/activity", family_schools_activity, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size division period from to gaps" },
	ENTITY_ROUTES(entity_family_school),
	{ "GET", "/api/v1/people/:id/trainings", person_trainings, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size" },

	/* responsibility lists, task lists, weekly dispatch (责任清单, 任务清单, 周调度) */
	ENTITY_ROUTES(entity_duty_list),
	ENTITY_ROUTES(entity_duty_item),
	{ "GET", "/api/v1/orgs/:id/duties", worklists_org_duties, PERM_DATA_READ, BODY_NONE, 0, NULL, "year" },
	{ "GET", "/api/v1/task-items/rollup", worklists_task_rollup, PERM_DATA_READ, BODY_NONE, 0, NULL, "division year" },
	ENTITY_ROUTES(entity_task_item),
	{ "GET", "/api/v1/task-items/:id/progress", worklists_task_progress_list, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size" },
	{ "POST", "/api/v1/task-items/:id/progress", worklists_task_progress, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = worklists_task_progress_fields },
	ENTITY_ROUTES(entity_schedule),
	{ "GET", "/api/v1/schedules/:id/items", worklists_schedule_items, PERM_DATA_READ, BODY_NONE, 0, &entity_schedule_item, NULL },
	{ "POST", "/api/v1/schedules/:id/items", worklists_schedule_item_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL,
	  .body_entity = &entity_schedule_item, .path_field = "schedule_id" },
	ENTITY_ROUTES(entity_schedule_item),
	{ "GET", "/api/v1/reports/schedule-monthly", worklists_schedule_monthly, PERM_DATA_READ, BODY_NONE, 0, NULL, "division month" },

	/* who helps whom: pairings, teams, coverage, visits, leave and presence (modules/pairings) */
	{ "GET", "/api/v1/pairing-areas/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "DELETE", "/api/v1/pairing-areas/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_pairing_area),
	{ "GET", "/api/v1/pairings/mine", pairings_mine, PERM_DATA_READ, BODY_NONE, 0, NULL, "person_id date page page_size" },
	{ "GET", "/api/v1/pairings/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "DELETE", "/api/v1/pairings/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_pairing),
	{ "GET", "/api/v1/teams/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "DELETE", "/api/v1/teams/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_team),
	{ "POST", "/api/v1/team-members/:id/recall", team_members_recall, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = team_members_recall_fields },
	{ "GET", "/api/v1/team-members/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "DELETE", "/api/v1/team-members/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_team_member),
	{ "GET", "/api/v1/coverage", coverage_get, PERM_DATA_READ, BODY_NONE, 0, NULL, "division date rule format page page_size" },
	{ "GET", "/api/v1/coverage/rules", coverage_rules_effective, PERM_DATA_READ, BODY_NONE, 0, NULL, "division" },
	ENTITY_ROUTES(entity_coverage_rule),
	{ "GET", "/api/v1/visits/coverage", visits_coverage, PERM_DATA_READ, BODY_NONE, 0, NULL, "division from to target page page_size" },
	{ "GET", "/api/v1/visits/overdue", visits_overdue, PERM_DATA_READ, BODY_NONE, 0, NULL, "division date by page page_size" },
	{ "GET", "/api/v1/visits/campaigns", visits_campaigns, PERM_DATA_READ, BODY_NONE, 0, NULL, "division page page_size" },
	{ "GET", "/api/v1/visit-campaigns/:id/progress", visit_campaign_progress, PERM_DATA_READ, BODY_NONE, 0, NULL, "page page_size" },
	ENTITY_ROUTES(entity_visit_campaign),
	{ "POST", "/api/v1/visits/:id/photos", visit_photos_upload, PERM_DATA_WRITE, BODY_UPLOAD, 0, NULL, NULL },
	{ "GET", "/api/v1/visits/:id/photos", visit_photos_list, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "GET", "/api/v1/visits/:id/photos/:sha256", visit_photo_get, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/visits", visits_create, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL,
	  .body_entity = &entity_visit },
	{ "GET", "/api/v1/visits/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/visits/:id/request", visits_raise_request, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = visits_raise_request_fields },
	{ "DELETE", "/api/v1/visits/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_visit),
	{ "POST", "/api/v1/leaves/:id/decision", leaves_decide, PERM_DATA_WRITE, BODY_JSON, 0, NULL, NULL, .fields = leaves_decide_fields },
	{ "GET", "/api/v1/leaves/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "DELETE", "/api/v1/leaves/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_leave),
	{ "GET", "/api/v1/presence", presence_month, PERM_DATA_READ, BODY_NONE, 0, NULL, "division month short page page_size" },
	{ "GET", "/api/v1/checkins/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "DELETE", "/api/v1/checkins/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_checkin),
	{ "GET", "/api/v1/absences/:id", pairings_get_own, PERM_DATA_READ, BODY_NONE, 0, NULL, NULL },
	{ "DELETE", "/api/v1/absences/:id", pairings_delete_own, PERM_DATA_WRITE, BODY_NONE, 0, NULL, NULL },
	ENTITY_ROUTES(entity_absence),
	ENTITY_ROUTES(entity_cadre_account),
	/* roll-ups of every figure per node, bulletins, the command map (modules/stats) */
	{ "GET", "/api/v1/stats", stats_get, PERM_DATA_READ, BODY_NONE, 0, NULL, "division period from to" },
	{ "GET", "/api/v1/stats/bulletin", stats_bulletin, PERM_DATA_READ, BODY_NONE, 0, NULL, "division period from to kind format" },
	ENTITY_ROUTES(entity_command_post),
	ENTITY_ROUTES(entity_command_member),
};

const size_t app_routes_count = sizeof(app_routes) / sizeof(app_routes[0]);
